#!/bin/sh
#
# stretch.sh: stretch a recording's time, so that a short recording of
# a real machine plays as a long one: a 40-minute recording at 1-second
# steps, stretched 60 times, is a 40-hour recording at 1-minute steps
# (and its leaks' rates per hour are the real ones per minute).
#
#   stretch.sh [-f FACTOR] [FILE]
#
# Reads FILE (default standard input), writes standard output: every
# "=== T" becomes "=== T0 + (T - T0) * FACTOR", T0 the first block's
# T, and both fields of the line of every "--- uptime" section become
# U0 + (U - U0) * FACTOR, U0 the field's first value (the uptime keeps
# pace with the clock; the idle time is scaled alike); everything else
# is copied as it is.  FACTOR is a whole number, default 60.  Only Unix
# seconds timestamps; an ISO 8601 one is an error.
#
# Example:
#   zcat real-leaks.rec.gz | tests/recordings/stretch.sh |
#       xz -9 >tests/recordings/real-leaks-x60.rec.xz
#

usage()
{
	echo "usage: stretch.sh [-f FACTOR] [FILE]" >&2
	exit 2
}

factor=60
if [ "${1:-}" = "-f" ]; then
	[ $# -ge 2 ] || usage
	factor=$2
	shift 2
fi
[ $# -le 1 ] || usage
case $factor in
''|*[!0-9]*)	usage ;;
esac
[ "$factor" -gt 0 ] || usage

awk -v f="$factor" '
function scale(x, x0) { return x0 + (x - x0) * f }
/^=== / {
	if (NF != 2 || $2 !~ /^[0-9]+$/) {
		printf "stretch.sh: line %d: not a Unix seconds timestamp\n",
		    NR | "cat >&2"
		bad = 1
		exit 1
	}
	if (t0 == "")
		t0 = $2
	printf "=== %.0f\n", scale($2, t0)	# %d is 32-bit in some awks
	sec = ""
	next
}
/^--- / { sec = $0; print; next }
sec == "--- uptime" && NF == 2 {
	if (u0 == "") {
		u0 = $1
		i0 = $2
	}
	printf "%.2f %.2f\n", scale($1, u0), scale($2, i0)
	next
}
{ print }
END { exit bad }
' ${1+"$1"}
