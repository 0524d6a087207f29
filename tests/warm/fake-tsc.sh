#!/bin/sh
# A stand-in for the project's `tsc` (the env-flagged end-to-end test runs the real one):
# a line containing TYPE_ERROR under amplify/ is a type error, reported as TypeScript does.
sleep "${FAKE_TSC_SECONDS:-0.2}"
hit=$(grep -rn "TYPE_ERROR" amplify --include=*.ts | head -1)
[ -z "$hit" ] && exit 0
file=${hit%%:*}
rest=${hit#*:}
line=${rest%%:*}
echo "$file($line,7): error TS2322: Type 'string' is not assignable to type 'number'."
exit 2
