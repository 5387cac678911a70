# Detection on the randomised families (tests/tools/mkfam.c is their
# spec), scored by tests/score/score.sh on two held-out seeds of every
# family.  `make detect-score` is the full scorecard; this is its
# regression subset: every run must be free of false alerts, and every
# leak alerted on its own series and still open at the end, within its
# budget.  The runs listed in LATE and FALSE do not meet issue 11's
# targets yet: they are checked for what does hold (alerted at all; no
# more false alerts than listed), and reported when they start to pass,
# so that the lists only shrink.  The scorecard's ideal detector is
# checked too: its z fitted to the reads must match the one it expects.
. "$MLK_TOP/tests/system/lib.sh"

SEEDS=1001,1002
LATE="rate21_1001 noisy4_1001 noisy4_1002 unaccounted_1001
breathe_leak_day1_1001"
FALSE="warmup_1002"

MKFAM=$TOOLS/mkfam MLKD=$MLKD sh "$top/tests/score/score.sh" -s "$SEEDS" \
    -j "$(nproc 2>/dev/null || echo 2)" -o score > score.out 2>&1
check scored [ -s score/score.tsv ]

listed() { case " $(echo $2) " in *" $1 "*) return 0 ;; esac; return 1; }
# The detail arguments are there for the FAIL line to show.
is() { [ "$1" = "$2" ]; }
replayed() { [ "$1" != error ]; }
alerted() { [ "$1" != - ]; }
# The ideal's z from the reads replayed (read back with mlk-query) is its
# expected z give or take the noise's luck: about one deviation, the
# load's swing of the leak's rate, a fifth of it at most, and a draw of
# the noise that spreads wider than its sigma (on seeds 1-40, up to 1.5
# times).  Each leak's
# pair, where the truth gives the series' noise ("-" where it does not);
# not for paced, whose stairs the ideal's line fits steeper than their
# mean rate.
realised() {
	echo "$1 $2" | awk '{
		n = split($1, z, ","); if (split($2, r, ",") != n) exit 1
		for (i = 1; i <= n; i++) {
			if (z[i] == "-" && r[i] == "-") continue
			if (z[i] !~ /^[0-9.-]+$/ || r[i] !~ /^[0-9.-]+$/) exit 1
			d = r[i] - z[i]
			if (d < -4 - z[i] / 2 || d > 4 + z[i] / 4) exit 1
		}
	}'
}
tab=$(printf '\t')
while IFS=$tab read -r family seed step length leaks hits latency false dup verdict detail _oracle _hit _zr; do
	[ "$family" = family ] && continue
	run=${family}_$seed
	check "${run}_replayed" replayed "$verdict" "$detail"
	if listed "$run" "$FALSE"; then
		[ "$false" -eq 0 ] && echo "note: $run has no false alert now: unlist it"
	else
		check "${run}_no_false_alert" is "$false" 0 "$detail"
	fi
	[ "$leaks" = 0 ] && continue
	check "${run}_alerted" alerted "$latency" "$detail"
	[ "$family" = paced ] ||
	    check "${run}_oracle_realised" realised "$_oracle" "$_zr"
	if listed "$run" "$LATE"; then
		[ "$hits" = "$leaks" ] && echo "note: $run is within budget now: unlist it"
	else
		check "${run}_within_budget" is "$hits" "$leaks" "$detail"
	fi
done < score/score.tsv

# tests/score/why.sh sums up the trace of one run: a leak paged in budget
# shows its alert and the rule that said leak; a quiet family needs the
# series named, and shows none.
MKFAM=$TOOLS/mkfam MLKD=$MLKD sh "$top/tests/score/why.sh" fast 1001 > why.out 2>&1
check why_shows_the_alert grep -q '^verdicts: [1-9][0-9]* leak.*alert opened: 20' why.out
check why_shows_the_rule awk '$1 == "window" && $3 > 0 { ok = 1 } END { exit !ok }' why.out
MKFAM=$TOOLS/mkfam MLKD=$MLKD sh "$top/tests/score/why.sh" flat 1001 > why.quiet 2>&1
check why_quiet_needs_a_series [ $? -eq 2 ]
MKFAM=$TOOLS/mkfam MLKD=$MLKD sh "$top/tests/score/why.sh" flat 1001 slab:dentry > why.quiet 2>&1
check why_quiet_no_alert grep -q 'alert opened: not in the span' why.quiet
