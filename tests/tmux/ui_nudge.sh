#!/bin/sh
# Nudging: ] and [ on an empty prompt move the bound parameter by a step
# (saying when it changed sign) or a factor; a factor never takes it out of
# the doubles nor leaves it at 0 without a word, and the value stays.
set -u
. "$(dirname "$0")/lib.sh"
fail() { echo "tmux ui_nudge: $*"; screen; exit 1; }
start 120 40 "$BIN"
wait_for 'canard>' || exit 1
keys 'load vanderpol; set eps=0.05; nudge eps 0.03' Enter
wait_for 'eps  *0.05 ' || exit 1
keys '['
wait_for 'eps=0.02 ' || exit 1
keys '['
wait_for 'eps=-0.01: it changed sign' || exit 1
# a factor: a second ] would be infinite
keys 'set eps=0.05; nudge eps *1e300' Enter
wait_for 'eps  *0.05 ' || exit 1
keys ']'
wait_for 'eps=5e+298 ' || exit 1
keys ']'
wait_for 'eps=5e+298: one more ] would leave' || exit 1
screen | grep -q 'eps  *5e+298 ' || fail "the panel does not keep eps=5e+298"
keys '['
wait_for 'eps=0.05 ' || exit 1
# down past the normal doubles, then at 0
keys '[' 
wait_for 'eps=5e-302 ' || exit 1
keys '['
wait_for 'eps=5e-302: one more \[ would leave' || exit 1
keys 'set eps=0' Enter
wait_for 'eps  *0 ' || exit 1
keys ']'
wait_for 'eps is 0, which a factor cannot move' || exit 1
keys 'quit' Enter
wait_for 'EXITED=0' || exit 1
echo "tmux ui_nudge: ok"
