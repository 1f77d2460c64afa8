#!/bin/sh
# Text from a model file reaches the view as text: the escape sequences and
# control characters of a hostile title are shown as \xNN in the panel and
# on the message line, never sent to the terminal, which would act on them
# (clear the screen, retitle the window, move the cursor).
set -u
. "$(dirname "$0")/lib.sh"
printf '# canard: title=T1 \033[2J\033]0;pwned\007 cr\rX\n# canard: note=n\033[5m\nx'"'"' = -x\ny'"'"' = -y\n' \
    > "$TMPHOME/evil.ode"
start 120 40 "$BIN"
wait_for 'canard>' || exit 1
keys "load $TMPHOME/evil.ode" Enter
# the message line, then the panel's title
wait_for 'loaded .*evil.ode: T1 \\x1b\[2J\\x1b\]0;pwned\\x07 cr\\x0dX' || exit 1
wait_for '^.*T1 \\x1b\[2J' 2 || exit 1
[ "$(screen | grep -c 'T1 \\x1b\[2J')" -ge 2 ] || { echo "the title is not on the panel"; screen; exit 1; }
keys 'show' Enter
wait_for 'note: n\\x1b\[5m' || exit 1
# the window title was not changed by the OSC sequence
case $(T display-message -p -t t '#{pane_title}') in
*pwned*) echo "the title's OSC sequence reached the terminal"; exit 1 ;;
esac
keys Escape 'quit' Enter
wait_for 'EXITED=0' || exit 1
echo "tmux ui_text: ok"
