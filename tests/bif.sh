#!/bin/sh
# 'bif' as a script sees it: the records, keyed by the model's names, against
# values derived by hand, and numbers that read back exactly (the Hopf
# point's I printed by canard is the double the hand formula gives, to the
# last few units in the last place).
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/.."
export CANARD_PRESETS=presets
pass=0 fail=0
check() {	# name, awk program over the output, canard commands
	name=$1 prog=$2 cmds=$3
	out=$("$bin" -e "$cmds" 2>&1)
	if echo "$out" | awk "$prog"; then
		pass=$((pass + 1))
	else
		echo "FAIL bif/$name"; echo "$out" | grep -v '^equilibrium' | head -20
		fail=$((fail + 1))
	fi
}
# helper: value of key k in a logfmt line
kv='function kv(k,   i, n, f) { n = split($0, f, " "); for (i = 1; i <= n; i++) if (index(f[i], k "=") == 1) return substr(f[i], length(k) + 2); return "" }
function near(a, b, tol) { return (a - b < 0 ? b - a : a - b) <= tol * (b < 0 ? -b : b > 1 ? b : 1) }'

# FitzHugh-Nagumo: trace 1 - v^2 - eps*b = 0, I = (v + a)/b - v + v^3/3
check fitzhugh_hopf "$kv"'
/^point type=hopf/ { h++; v = kv("v"); s = v < 0 ? -1 : 1; vh = s * sqrt(1 - 0.064);
  ih = (vh + 0.7) / 0.8 - vh + vh^3 / 3;
  if (!near(kv("I"), ih, 1e-12) || !near(v, vh, 1e-12) || !near(kv("omega"), sqrt(0.08 * (1 - 0.0512)), 1e-12)) bad++ }
/^equilibrium / { e++; if (kv("stability") !~ /^(stable|unstable)$/) bad++;
  v = kv("v"); if ((1 - v * v - 0.064 < -1e-6 && kv("stability") != "stable") || (1 - v * v - 0.064 > 1e-6 && kv("stability") != "unstable")) bad++ }
/^point type=fold/ { bad++ }
END { exit !(h == 2 && e > 20 && bad == 0) }' 'load fitzhugh; bif I 0 2'

# a fold in closed form: x' = r + x - x^3/3 folds at r = +-2/3
printf 'x'"'"' = r + x - x^3/3\ny'"'"' = -y\npar r=0\ninit x=0, y=0\n@ xlo=-3, xhi=3, ylo=-1, yhi=1\ndone\n' > /tmp/canard_bif_$$.ode
check cubic_fold "$kv"'
/^point type=fold/ { f++; r = kv("r"); if (!near(r < 0 ? -r : r, 2/3, 1e-13) || !near(kv("x"), r < 0 ? 1 : -1, 1e-7)) bad++ }
END { exit !(f == 2 && bad == 0) }' "load /tmp/canard_bif_$$.ode; bif r -2 2"
rm -f /tmp/canard_bif_$$.ode

# Rinzel: Hindmarsh-Rose's layer problem in z; the records carry z as the parameter
check hindmarsh_layer "$kv"'
/^point type=fold/ { f++; z = kv("z"); if (!(near(z, 3, 1e-13) || near(z, 3 - 32/27, 1e-13))) bad++ }
/^point type=hopf/ { h++; xh = 1 - sqrt(24) / 6; if (!near(kv("x"), xh, 1e-12) || !near(kv("z"), 3 - xh^3 - 2 * xh^2, 1e-12) || kv("l1") >= 0) bad++ }
/^equilibrium / { if (kv("z") == "" || kv("x") == "" || kv("y") == "") bad++ }
END { exit !(f == 2 && h == 1 && bad == 0) }' 'load hindmarsh; bif z 1 4'

# cycles of the canard explosion: every record has its keys, all stable here
check canard_cycles "$kv"'
/^cycle / { c++; if (kv("a") == "" || kv("period") <= 0 || kv("min_x") >= kv("max_x") || kv("stability") != "stable") bad++ }
/^point type=hopf/ { if (!near(kv("a"), 1, 1e-12) || kv("l1") >= 0) bad++ }
END { exit !(c > 20 && bad == 0) }' 'load canard; bif a 0.95 1.05'

# errors name the place and the nearest name
check errors '
/unknown parameter .Ix. \(did you mean .I.\?\)/ { a = 1 }
/.v. is not a slow variable/ { b = 1 }
/range must go from a lower/ { c = 1 }
END { exit !(a && b && c) }' 'load fitzhugh; bif Ix 0 1; bif v 0 1; bif I 1 0'
# the diagram as a picture. In ASCII, the labels H of the two Hopf points sit
# in the columns of their I: the distance between them over the frame's
# interior is (1.41872 - 0.331281) / 2 of it, to a cell; both are listed.
pic=$("$bin" --ascii -e 'load fitzhugh; bif I 0 2; size 100x30; print' 2>&1 | grep -v '^\(equilibrium\|cycle\|point\|loaded\) ')
if echo "$pic" | awk '
/^ *\+-+\+$/ && !left { left = index($0, "+"); right = length($0) }
/H   I=0.331281 sub/ { k1++ } /H   I=1.41872 sub/ { k2++ } /LPC I=0.324179/ { k3++ }
{ line = $0; off = 0
  while ((i = index(line, "H")) > 0) {
    c = off + i; if (c > left + 1 && substr(line, i + 1, 4) != "   I") h[nh++] = c
    off += i; line = substr(line, i + 1) } }
END { want = (1.4187186625 - 0.3312813375) / 2 * (right - left - 1)
  d = h[1] - h[0]; if (d < 0) d = -d
  exit !(k1 && k2 && k3 && nh == 2 && d - want < 1.5 && want - d < 1.5) }'; then
	pass=$((pass + 1))
else
	echo "FAIL bif/diagram_print"; echo "$pic"; fail=$((fail + 1))
fi

# the vector picture: a marked circle per special point, the key, the now line at I
check diagram_svg '
/<circle class="special"/ { c++ } />H I=0.331281 sub</ { k++ } />LPC I=1.42582</ { l++ }
/<line class="now" x1="/ { n++ }
END { exit !(c == 4 && k == 1 && l == 1 && n == 1) }' 'load fitzhugh; bif I 0 2; export svg -'

# Rinzel: the burst drawn over the layer problem; traj brings the portrait back
check rinzel_overlay '
/^x .*trajectory$/ { t++ } /HC  z=2.81/ { hc++ } /o start/ { p++ }
END { exit !(t == 1 && hc == 1 && p == 1) }' 'load hindmarsh; traj; run; bif z 1 4; print; traj 0 0; print'

# diagram: the vertical variable, and errors
check diagram_cmd '
/<text[^>]*font-style="italic"[^>]*transform="rotate[^"]*">w</ { w++ }
/.diagram. takes only, beside, off or a variable, not .sideways./ { e1++ }
/.z. is not a variable of the diagram.s problem/ { e2++ }
/no diagram: .bif PAR LO HI. first/ { e3++ }
END { exit !(w == 1 && e1 && e2 && e3) }' 'load fitzhugh; diagram only; bif I 0 2 w; export svg -; diagram sideways; load hindmarsh; bif z 1 4 z'

# the branch's ends are on the branch: with the current a outside the range,
# the seeds at the range's ends are its first points (x = a, y = a^3/3 - a
# on the canard preset's equilibrium branch; the lower end was once stored as
# the next point's x under the end's a)
check range_ends "$kv"'
/^equilibrium / { e++; a = kv("a"); if (!near(kv("x"), a, 1e-12) || !near(kv("y"), a^3 / 3 - a, 1e-12)) bad++
  if (a == 1.2) lo++; if (a == 3) hi++ }
END { exit !(e > 20 && lo == 1 && hi == 1 && bad == 0) }' 'load canard; bif a 1.2 3'

# save keeps the diagram: sourced again, the same picture byte for byte
t=/tmp/canard_bif_save_$$.cnd
a=$("$bin" -e "load fitzhugh; set a=0.71; bif I 0 2 w; print; save $t" 2>/dev/null | grep -v '^\(equilibrium\|cycle\|point\) ')
b=$("$bin" -e "source $t; print" 2>/dev/null | grep -v '^\(equilibrium\|cycle\|point\) ')
if [ -n "$a" ] && [ "$a" = "$b" ] && grep -q '^bif I 0 2 w$' "$t" && grep -q '^diagram only$' "$t"; then
	pass=$((pass + 1))
else
	echo "FAIL bif/save"; cat "$t"; fail=$((fail + 1))
fi
rm -f "$t"

echo "bif: $pass passed, $fail failed"
[ $fail = 0 ]
