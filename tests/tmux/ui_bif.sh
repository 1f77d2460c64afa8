#!/bin/sh
# 'bif' in the live view: the diagram fills in beside the portrait from the
# worker, its special points listed; a click on it sets the parameter there
# and the portrait follows (FitzHugh-Nagumo's equilibrium is unstable at
# I=0.5, between the Hopf points, and stable at I=0.109, below the first);
# '>' in the pane moves the parameter a fiftieth of the range (0.04) up.
set -u
. "$(dirname "$0")/lib.sh"
start 140 40 "$BIN -p fitzhugh"
wait_for 'canard>' || exit 1
wait_for 'unstable-focus' || exit 1
keys 'bif I 0 2' Enter
# the first Hopf point is listed as soon as the equilibrium branch has arrived
wait_for 'H   I=0.331281 sub' 120 || exit 1
# two frames side by side: the diagram on the left, the portrait on the right
screen | grep -q '┌─*┐ *┌─*┐' || { echo "not two frames side by side"; screen; exit 1; }
wait_for 'LPC I=1.42582' 120 || exit 1
# a click on the diagram at column 9 (I = 2.5/46*2) sets I: the equilibrium becomes stable
T send-keys -t t -l "$(printf '\033[<0;9;21M\033[<0;9;21m')"
wait_for 'I=0.108696' || exit 1
wait_for 'I  *0.108696' || exit 1
wait_for '● stable' 30 || exit 1
# the diagram is not traced again: its key stays
screen | grep -q 'H   I=1.41872 sub' || { echo "the diagram went away"; screen; exit 1; }
# a key moves the parameter along the diagram
keys Escape
# Esc and '>' arriving together would be Alt-> (readline's); wait for the pane
wait_for 'pane: arrows pan' || exit 1
keys '>'
wait_for 'I=0.148696' || exit 1
wait_for 'I  *0.148696' || exit 1
keys Escape
keys 'quit' Enter
wait_for 'EXITED=0' || exit 1
echo "tmux ui_bif: ok"
