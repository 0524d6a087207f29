#!/bin/sh
# Colours, a carriage-return progress rewrite and hostile escapes, as child output can have.
printf '\033[32m✔\033[0m Backend synthesized in 1.00 seconds\n'
printf 'Publishing 10%%\rPublishing 100%%\n'
printf '\033]0;owned\007title attempt\033[2J\n'
printf '\033[1;31m[ERROR] [BadThing] it broke\033[0m\n'
printf '  ∟ Caused by: [Inner] the real reason\n'
exit 13
