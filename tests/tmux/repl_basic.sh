#!/bin/sh
# The plain line-mode prompt (--plain): start on the default preset, see the portrait,
# change a parameter, use history, leave with quit.
set -u
. "$(dirname "$0")/lib.sh"
start 120 40 "$BIN --plain"
wait_for 'canard>' || exit 1
# the default preset's portrait is printed at start: frame, ticks, braille
screen | grep -q 'loaded vanderpol' || { echo "no default preset"; exit 1; }
screen | grep -q '┌' || { echo "no frame"; screen; exit 1; }
keys 'set eps=0.2; size 60x16; print' Enter
wait_count '^canard>' 2 || exit 1
# the second portrait is 60 columns wide: its frame has 60 - 6 dashes
screen | grep -q '┌─\{50,58\}┐$' || { echo "no 60-column frame"; screen; exit 1; }
keys 'show' Enter
wait_for 'par eps=0.2' || exit 1
# history: Up recalls the last line
keys Up
wait_for 'canard> show' || exit 1
keys C-u 'set epz=1' Enter
wait_for "did you mean 'eps'" || exit 1
keys 'quit' Enter
wait_for 'EXITED=0' || exit 1
echo "tmux repl_basic: ok"
