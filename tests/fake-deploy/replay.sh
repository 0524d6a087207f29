#!/bin/sh
# A stand-in for `npx ampx sandbox --once`: prints a recorded ampx output line by line with
# a delay, then exits with the given code.  usage: replay.sh FILE [EXIT] [DELAY]
file=$1; code=${2:-0}; delay=${3:-0.01}
while IFS= read -r line || [ -n "$line" ]; do
  printf '%s\n' "$line"
  sleep "$delay"
done < "$file"
exit "$code"
