#!/bin/sh
# Ignores SIGINT (as a busy deploy might) and keeps running until SIGTERM.
trap '' INT
echo "Synthesizing backend..."
i=0
while [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done
