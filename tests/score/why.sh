#!/bin/sh
# why.sh: why one scorecard run paged when it did, or did not.  Generates
# the recording again (mkfam FAMILY SEED), replays it with --trace on the
# series, and sums up the trace over a span of time: per rule, how many
# judgements it traced, how many said leak, the highest z it reached (t
# for the shape tests of a young series), and the tests that stopped it;
# then the verdicts, the alert, and the noise as last refreshed.
#
#   why.sh FAMILY SEED [SERIES [FROM TO]]
#
# SERIES defaults to the truth's first leak, FROM and TO (Unix seconds)
# to its onset less a minute and its onset plus its budget; of a quiet
# family name the series (a false alert's, from score.txt), and the span
# is the whole recording unless given.  MLKD and MKFAM as for score.sh.
# Nothing is kept: the files live in a temporary directory.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
MLKD=${MLKD:-$top/mlkd}
MKFAM=${MKFAM:-$top/build/tools/mkfam}
if [ $# -ne 2 ] && [ $# -ne 3 ] && [ $# -ne 5 ]; then
	echo "usage: why.sh FAMILY SEED [SERIES [FROM TO]]" >&2
	exit 2
fi
f=$1 s=$2
for bin in "$MLKD" "$MKFAM"; do
	[ -x "$bin" ] || { echo "why.sh: $bin: not built (make all build/tools/mkfam)" >&2; exit 2; }
done
dir=$(mktemp -d "${TMPDIR:-/tmp}/mlk-why.XXXXXX") || exit 2
trap 'rm -rf "$dir"' EXIT
"$MKFAM" "$f" "$s" -t "$dir/truth" > "$dir/rec" || exit 2
# the truth's first leak: its series, onset and budget ("-" if quiet)
truth() { awk -v k="$1" '!/^#/ { print $k; exit }' "$dir/truth"; }
tser=$(truth 6) ton=$(truth 7) tbud=$(truth 8)
ser=${3:-$tser} from= to=
if [ $# -eq 5 ]; then
	from=$4 to=$5
elif [ "$ser" = - ]; then
	echo "why.sh: $f is quiet: name the series" >&2
	exit 2
elif [ "$ser" = "$tser" ]; then
	from=$((ton - 60)) to=$((ton + tbud))
fi
: > "$dir/empty.conf"
"$MLKD" -c "$dir/empty.conf" --db "$dir/db" --import "$dir/rec" \
    --trace "$ser" 2> "$dir/trace" > /dev/null || {
	echo "why.sh: mlkd --import failed: $(tail -n 1 "$dir/trace")" >&2
	exit 2
}
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
span="the whole recording"
if [ -n "$from" ]; then
	from=$(iso "$from") to=$(iso "$to")
	span="$from to $to"
fi
if [ "$tser" = - ]; then
	echo "$f $s: $ser, $span (a quiet family)"
else
	echo "$f $s: $ser, $span (the truth: $tser leaks from $(iso "$ton"), budget $((tbud / 60)) min)"
fi
awk -v from="$from" -v to="$to" '
$1 == "mlkd:" && $2 == "trace" {
	# ISO 8601 UTC sorts as text; no bounds: the whole recording
	if (from != "" && ($3 < from || $3 > to)) next
	line = $0
	sub(/^mlkd: trace [^ ]+ [^ ]+ /, "", line)
	if (line ~ /^noise refreshed/) { noise = $3 " " line; next }
	if (line ~ /^verdict /) {
		split(line, w, /[ :,]/); verdicts[w[2]]++
		if (line ~ /alert opened/ && opened == "") opened = $3
		next
	}
	# the rule: what comes before the first colon, spans left out
	rule = substr(line, 1, index(line, ":") - 1)
	gsub(/ [0-9]+m/, "", rule)
	why = line; sub(/.*: /, "", why)
	if (!(rule in judged)) order[++nr] = rule
	judged[rule]++
	if (why == "leak") leaks[rule]++
	else if (!((rule, why) in stops)) { stopped[rule] = stopped[rule] (stopped[rule] == "" ? "" : "|") why; stops[rule, why] = 0 }
	if (why != "leak") stops[rule, why]++
	if (match(line, / [zt] -?[0-9.]+/)) {
		z = substr(line, RSTART + 3, RLENGTH - 3) + 0
		if (!(rule in zmax) || z > zmax[rule]) zmax[rule] = z
	}
}
END {
	printf "%-24s %7s %5s %6s  %s\n", "rule", "judged", "leak", "max_z", "stopped by"
	for (i = 1; i <= nr; i++) {
		r = order[i]; n = split(stopped[r], w, "|"); out = ""
		for (k = 1; k <= n; k++)
			out = out (k > 1 ? ", " : "") w[k] " " stops[r, w[k]]
		printf "%-24s %7d %5d %6s  %s\n", r, judged[r], leaks[r],
		    (r in zmax ? sprintf("%.2f", zmax[r]) : "-"), out
	}
	printf "verdicts: %d leak, %d growing, %d none; alert opened: %s\n",
	    verdicts["leak"], verdicts["growing"], verdicts["none"],
	    (opened == "" ? "not in the span" : opened)
	if (noise != "") print "last noise refresh: " noise
}' "$dir/trace"
