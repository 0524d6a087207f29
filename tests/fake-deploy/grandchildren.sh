#!/bin/sh
# Starts long-lived grandchildren (as npx → node → esbuild do) and records their PIDs in
# the file named by $1; ignores SIGINT like a deploy in the middle of an API call.
trap '' INT
sleep 300 & echo $! >> "$1"
sh -c 'trap "" INT TERM; sleep 300' & echo $! >> "$1"
echo "Building and publishing assets..."
wait
