#!/bin/sh
# A model's note at 80x24, where there is no side panel to show it: after a
# load it takes the message line (the row above the prompt) in place of the
# load's answer, cut at a space within the line with a pointer to 'show',
# which prints it whole. A load that says more (a record after it) keeps its
# answer; a model without a note keeps 'loaded NAME: TITLE'; at 120x40 the
# panel shows the note and the message line the load's answer, as before.
set -u
. "$(dirname "$0")/lib.sh"
fail() { echo "tmux ui_note: $*"; screen; exit 1; }
msgline() { screen | sed -n "$(($1 - 1))p"; }
# the message line is the note's beginning, cut at a space, within the line
note_on_line() {
	line=$(msgline 24)
	case $line in "note: $1"*" ... ('show')") ;; *) fail "message line: '$line'" ;; esac
	[ "$(printf '%s' "$line" | wc -m)" -le 79 ] || fail "wider than the line: '$line'"
}

printf '%s\n' "x' = -x" "y' = -y" "done" > "$TMPHOME/plain.ode"
start 80 24 "$BIN"
wait_for 'canard>' || exit 1
# the session starts on vanderpol: its note instead of the help line
wait_for '^note: Trajectories slide down' || exit 1
note_on_line 'Trajectories slide down the outer branches of the'
keys 'load fitzhugh' Enter
wait_for '^note: With I=0.5' || exit 1
note_on_line 'With I=0.5 the equilibrium sits on the repelling'
screen | grep -q 'loaded fitzhugh' && fail "the load's answer is still shown"
# 'show' has all of it
keys 'show' Enter
wait_for 'point\.' || exit 1
keys Escape
# a load with another answer after it keeps that answer
keys 'load lotka; eq' Enter
wait_for 'lines: arrows' || exit 1
screen | grep -q '^note: Closed orbits' && fail "the note hid the answers of 'eq'"
keys Escape
# no note: the load's answer as before
keys "load $TMPHOME/plain.ode" Enter
wait_for '^loaded .*plain.ode: plain' || exit 1
keys 'quit' Enter
wait_for 'EXITED=0' || exit 1
T kill-server 2>/dev/null

# with the panel the note is in it, and the message line keeps the answer
# (on a server of its own: the last one may still be going away)
SOCK=canard$$b
start 120 40 "$BIN"
wait_for 'canard>' || exit 1
keys 'load fitzhugh' Enter
wait_for '^loaded fitzhugh: FitzHugh-Nagumo' || exit 1
wait_for 'With I=0.5 the' || exit 1
screen | grep -q '^note: ' && fail "the message line shows the note beside the panel"
keys 'quit' Enter
wait_for 'EXITED=0' || exit 1
echo "tmux ui_note: ok"
