#!/bin/sh
# score.sh: the detection scorecard.  For each family x seed, generate a
# recording and its truth (build/tools/mkfam, whose top comment is the spec
# of every family), replay it with mlkd --import at the default
# configuration, and score the alerts against the truth.
#
#   score.sh [-s SEEDSPEC] [-f FAMILIES] [-j JOBS] [-o DIR] [-k] [--gate]
#
#   -s SEEDSPEC   seeds: N, N-M, comma lists of those, "tuning" (1-20) or
#                 "heldout" (1001-1020); default 1001-1010.
#   -f FAMILIES   comma list of families (mkfam -l); default all.
#   -j JOBS       replays run in parallel; default 2.
#   -o DIR        where F-S.truth, F-S.db, F-S.err, score.tsv and
#                 score.txt go; default build/score.  Earlier results of
#                 the same runs there are replaced.
#   -k            keep the recordings (F-S.rec); they are big, so by
#                 default each is deleted once replayed.
#   --gate        exit 1 if any run fails (a missed leak, a false alert,
#                 a replay error); without it, exit 0: it is a report.
#
# Seeds: 1-300 are the tuning seeds, to look at while changing the
# detector ("tuning" names the first 20); those from 1001 are held out,
# each batch of 40 (7001-7040 ...) spent once it has been read, and
# mkalt's seeds (MKFAM=build/tools/mkalt) are never tuned on at all.
# Held-out seeds are only ever reported, never tuned on: a detector
# tuned until they pass has no unseen evidence left.
#
# Scoring, per recording (the truth lines are described in mkfam.c):
#   leak families: a hit is an alert on SERIES that opened no earlier than
#     ONSET - 60 s and at most BUDGET after ONSET, and is still open in
#     the final state.  The latency is the first such alert's opened_at -
#     ONSET, kept (as a miss) when later than the budget; no alert at all
#     counts as an infinite latency in the percentiles ("never").
#     Alerts on SERIES opened before ONSET - 60 s, and alerts on any other
#     series but COMPANIONS, are false alerts.  Alerts on COMPANIONS, and
#     a second alert on SERIES after the first, are duplicate pages:
#     reported, not failures.
#   quiet families: every alert is a false alert.
#   A run fails on a missed leak, a false alert, or a replay error.
#   in_reach: the leaks an ideal detector would catch, and of those how
#     many this one did.  The ideal knows the onset and the series noise
#     (mkfam's truth gives its sigma and correlation time) and fits level
#     and rate by generalised least squares to every read up to ONSET +
#     BUDGET: the most any detector can see.  Two z of it per leak: the
#     one it expects on average (oracle_z: the truth's rate over the
#     fit's standard error), and the one it gets from the reads of this
#     very recording (oracle_zr: the rate it fits to the values stored,
#     read back with mlk-query history, over the standard error of that
#     fit, taking as the noise the larger of sigma and the spread of the
#     reads before the onset, where those span 10 correlation times),
#     which a noise that happened to fall as the leak began, or to
#     spread wider than its sigma, lowers.  A
#     leak is in reach at an oracle_zr of 6.6 or more: at this
#     detector's threshold of 5 the ideal would page it, with a margin
#     for not knowing the onset.  The truth's rate is the leak's mean,
#     which the machine's load moves by up to a fifth.  "-" for leaks
#     whose series' noise is not a single mean-reverting deviation (those
#     on breathing caches, vmalloc's areas) and for mkalt's corpus.
#
# Output: a table per family (runs, recall within budget, in_reach, latency p50 and
# p90 in minutes, false alerts, false alerts per machine-day, duplicate
# pages), a total line, then one line per failing run.  DIR/score.tsv has
# one row per run: family seed step length_s leaks hits latency_s
# (comma list, "-" for none) false_alerts dup_pages verdict detail
# oracle_z hit oracle_zr (comma lists, one per leak).
#
# tests/score/why.sh FAMILY SEED tells why one run paged when it did, or
# did not, from a replay with --trace.
#
# MLKD, MKFAM and MLKQUERY may name other binaries; by default those of
# this tree.
# MKFAM=build/tools/mkalt (make detect-score-alt) scores mkalt's corpus.
# Both are copied into DIR first (mlkd.bin, mkfam.bin), so that a rebuild
# during the run cannot mix two detectors in one scorecard; score.txt ends
# with the detector's path, checksum and time.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
MLKD=${MLKD:-$top/mlkd}
MKFAM=${MKFAM:-$top/build/tools/mkfam}
MLKQUERY=${MLKQUERY:-$top/mlk-query}
export MLKD MKFAM MLKQUERY

# --one DIR KEEP FAMILY SEED: one run, its row in DIR/FAMILY-SEED.res.
if [ "${1:-}" = --one ]; then
	d=$2 keep=$3 f=$4 s=$5
	b=$d/$f-$s
	rm -f "$b.db" "$b.db-wal" "$b.db-shm" "$b.res" "$b.alerts"
	if ! "$MKFAM" "$f" "$s" -t "$b.truth" > "$b.rec" 2> "$b.err"; then
		printf '%s\t%s\t-\t-\t-\t-\t-\t-\t-\terror\tmkfam failed: %s\n' \
		    "$f" "$s" "$(tail -n 1 "$b.err")" > "$b.res"
		rm -f "$b.rec"
		exit 0
	fi
	"$MLKD" -c "$d/empty.conf" --db "$b.db" --import "$b.rec" 2> "$b.err"
	rc=$?
	[ "$keep" = 1 ] || rm -f "$b.rec"
	if [ $rc -ne 0 ]; then
		printf '%s\t%s\t-\t-\t-\t-\t-\t-\t-\terror\tmlkd --import exited %d: %s\n' \
		    "$f" "$s" $rc "$(tail -n 1 "$b.err")" > "$b.res"
		exit 0
	fi
	sqlite3 -batch -noheader -separator ' ' "$b.db" \
	    "SELECT s.name, a.state, a.opened_at FROM alerts a JOIN series s ON s.id = a.series ORDER BY a.opened_at, a.id" \
	    > "$b.alerts" || exit 0
	awk -v query="$MLKQUERY" -v db="$b.db" '
	# "+3h12m" from seconds
	function hm(x,   s) {
		s = x < 0 ? "-" : "+"
		if (x < 0) x = -x
		return sprintf("%s%dh%02dm", s, int(x / 3600), int(x % 3600 / 60))
	}
	function mins(x) { return sprintf("%.0f min", x / 60) }
	# The z of an ideal detector at the budget: one that knows the
	# onset and the series noise (an Ornstein-Uhlenbeck deviation of
	# sigma MB and tau minutes, mkfam writes both) and fits level and
	# rate by generalised least squares to every read from the first to
	# ONSET + BUDGET.  No detector can say more from the same reads.
	# Expected: the true rate over the standard error of the fit, at
	# reads every step.  Realised (zr): the rate fitted to the values
	# stored, at their own times, over the standard error of that fit,
	# from the larger of sigma and the spread of the reads before the
	# onset, where those span 10 correlation times or more (a draw of
	# the noise can spread wider than its sigma).  "-" where the series
	# noise is not of that kind or not written.
	function oracle(k, realised,   sd, t, cmd, line, v, sr) {
		# a leak on a breathing cache rides on its cycle
		if (!(ser[k] in sig) || fam ~ /^breathe/) return "-"
		sd = sig[ser[k]]; tau = tc[ser[k]] * 60; onset = on[k]
		if (sd <= 0 || tau <= 0) return "-"
		g11 = g12 = g22 = g1y = g2y = gn = pn = ps = pss = 0
		if (!realised)
			for (t = start; t <= on[k] + bud[k]; t += step)
				gls(t, 0)
		else {
			# every read stored (mkfam dates seeds from 1001 years
			# ahead, and --since refuses a time in the future)
			cmd = sprintf("%s --db %s --csv history %s --until %.0f",
			    query, db, ser[k], on[k] + bud[k])
			while ((cmd | getline line) > 0)
				if (split(line, v, ",") >= 2 && v[1] != "time")
					gls(epoch(v[1]), v[2] / 1e6)
			close(cmd)
			if (pn >= 10 && onset - gfirst >= 10 * tau &&
			    (sr = sqrt((pss - ps * ps / pn) / (pn - 1))) > sd)
				sd = sr
		}
		if (g11 <= 0 || g22 - g12 * g12 / g11 <= 0) return "-"
		return sprintf("%.1f", (realised ? (g11 * g2y - g12 * g1y) / \
		    (g11 * g22 - g12 * g12) : rate[k] / 1e6) * \
		    sqrt(g22 - g12 * g12 / g11) / sd)
	}
	# One read (t, y MB) into the fit of level and rate after onset,
	# whitened for the noise of correlation time tau; the reads before
	# the onset summed for their spread.
	function gls(t, y,   x, rho, w, a, b, c) {
		x = t > onset ? (t - onset) / 3600 : 0
		if (t <= onset) { pn++; ps += y; pss += y * y }
		if (gn++ == 0) { a = 1; b = x; c = y; gfirst = t }
		else {
			rho = exp(-(t - gt) / tau); w = sqrt(1 - rho * rho)
			a = (1 - rho) / w; b = (x - rho * gx) / w; c = (y - rho * gy) / w
		}
		g11 += a * a; g12 += a * b; g22 += b * b; g1y += a * c; g2y += b * c
		gt = t; gx = x; gy = y
	}
	# Unix seconds of a time as mlk-query writes it, YYYY-MM-DDTHH:MM:SSZ
	function epoch(s,   y, m, era, yoe, doe) {
		m = substr(s, 6, 2) + 0; y = substr(s, 1, 4) - (m <= 2)
		era = int(y / 400); yoe = y - era * 400
		doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + \
		    int((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + substr(s, 9, 2) - 1
		return (era * 146097 + doe - 719468) * 86400 + \
		    substr(s, 12, 2) * 3600 + substr(s, 15, 2) * 60 + substr(s, 18, 2)
	}
	FNR == NR && /^# caches \(steady MB\/noise sigma MB\/tau min\):/ {
		for (j = 8; j <= NF; j++) {	# NAME:STEADY/SIGMA/TAU
			split($j, c, "[:/]")
			sig["slab:" c[1]] = c[3]; tc["slab:" c[1]] = c[4]
		}
		next
	}
	FNR == NR && /^# memory \(MB\):/ {
		for (j = 4; j <= NF; j++)
			if ($j ~ /^unaccounted=/) {
				split(substr($j, 13), c, "/")
				sig["kernel:unaccounted"] = c[2]; tc["kernel:unaccounted"] = c[3] + 0
			}
		next
	}
	FNR == NR {
		if (/^#/ || NF < 10) next
		fam = $1; seed = $2; step = $3; len = $4; start = $5
		if ($6 != "-") {
			n++; ser[n] = $6; on[n] = $7; bud[n] = $8; rate[n] = $9
			nc = split($10 == "-" ? "" : $10, c, ",")
			for (j = 1; j <= nc; j++) comp[n, c[j]] = 1
		}
		next
	}
	{ na++; as[na] = $1; st[na] = $2; at[na] = $3 }
	END {
		nfalse = ndup = hits = 0; detail = ""; lats = ""
		for (i = 1; i <= na; i++) role[i] = "false"
		for (k = 1; k <= n; k++) {
			first = 0; hit = 0
			for (i = 1; i <= na; i++) {
				if (as[i] != ser[k]) {
					if ((k, as[i]) in comp && role[i] == "false")
						role[i] = "dup"
					continue
				}
				if (at[i] < on[k] - 60) continue
				if (first == 0) { first = i; role[i] = "leak" }
				else role[i] = "dup"
				if (at[i] - on[k] <= bud[k] && st[i] == "open") hit = 1
			}
			lat = first ? at[first] - on[k] : "-"
			lats = lats (k > 1 ? "," : "") lat
			ozs = ozs (k > 1 ? "," : "") oracle(k, 0)
			zrs = zrs (k > 1 ? "," : "") oracle(k, 1)
			hitl = hitl (k > 1 ? "," : "") hit
			hits += hit
			if (hit) continue
			why = first == 0 ? "no alert" : \
			    at[first] - on[k] > bud[k] ? "first alert at " mins(at[first] - on[k]) : \
			    "alert at " mins(at[first] - on[k]) " resolved before the end"
			detail = detail (detail == "" ? "" : "; ") "missed " ser[k] ": " why \
			    " (budget " mins(bud[k]) ")"
		}
		for (i = 1; i <= na; i++) {
			if (role[i] == "dup") ndup++
			if (role[i] != "false") continue
			nfalse++
			detail = detail (detail == "" ? "" : "; ") "false: " as[i] " at " \
			    hm(at[i] - start) (st[i] == "open" ? " (open)" : "")
		}
		verdict = (hits < n || nfalse > 0) ? "fail" : "pass"
		printf "%s\t%s\t%s\t%s\t%d\t%d\t%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\n", fam,
		    seed, step, len, n, hits, (n ? lats : "-"), nfalse, ndup,
		    verdict, (detail == "" ? "-" : detail), (n ? ozs : "-"),
		    (n ? hitl : "-"), (n ? zrs : "-")
	}' "$b.truth" "$b.alerts" > "$b.res"
	exit 0
fi

usage() {
	echo "usage: score.sh [-s SEEDSPEC] [-f FAMILIES] [-j JOBS] [-o DIR] [-k] [--gate]" >&2
	exit 2
}
seeds=1001-1010 families=all jobs=2 out=$top/build/score keep=0 gate=0
while [ $# -gt 0 ]; do
	case $1 in
	-s) [ $# -ge 2 ] || usage; seeds=$2; shift ;;
	-f) [ $# -ge 2 ] || usage; families=$2; shift ;;
	-j) [ $# -ge 2 ] || usage; jobs=$2; shift ;;
	-o) [ $# -ge 2 ] || usage; out=$2; shift ;;
	-k) keep=1 ;;
	--gate) gate=1 ;;
	*) usage ;;
	esac
	shift
done
case $jobs in ''|*[!0-9]*|0) echo "score.sh: -j: expected a positive number" >&2; exit 2 ;; esac
for bin in "$MLKD" "$MKFAM" "$MLKQUERY"; do
	[ -x "$bin" ] || { echo "score.sh: $bin: not built (make all build/tools/mkfam)" >&2; exit 2; }
done
command -v sqlite3 > /dev/null || { echo "score.sh: needs the sqlite3 command" >&2; exit 2; }

case $seeds in
tuning) seeds=1-20 ;;
heldout) seeds=1001-1020 ;;
esac
seedlist=$(echo "$seeds" | awk -F, '{
	for (i = 1; i <= NF; i++) {
		if ($i ~ /^[0-9]+$/) print $i
		else if ($i ~ /^[0-9]+-[0-9]+$/) {
			split($i, r, "-")
			for (s = r[1] + 0; s <= r[2] + 0; s++) print s
		} else { print "bad" ; exit }
	}
}')
case $seedlist in ''|*bad*) echo "score.sh: -s $seeds: expected N, N-M, comma lists of those, tuning or heldout" >&2; exit 2 ;; esac
known=$("$MKFAM" -l)
if [ "$families" = all ]; then
	famlist=$known
else
	famlist=$(echo "$families" | tr ',' '\n')
	for f in $famlist; do
		echo "$known" | grep -qx "$f" || {
			echo "score.sh: unknown family $f; mkfam -l lists them" >&2
			exit 2
		}
	done
fi

mkdir -p "$out" || exit 2
out=$(cd "$out" && pwd)
: > "$out/empty.conf"
# The binaries are copied first: a rebuild during the run must not mix
# two detectors in one scorecard.
what="mlkd $MLKD (cksum $(cksum < "$MLKD" | cut -d' ' -f1), $(date -u -r "$MLKD" '+%Y-%m-%dT%H:%MZ'))"
cp "$MLKD" "$out/mlkd.bin" && cp "$MKFAM" "$out/mkfam.bin" &&
    cp "$MLKQUERY" "$out/mlk-query.bin" || exit 2
MLKD=$out/mlkd.bin MKFAM=$out/mkfam.bin MLKQUERY=$out/mlk-query.bin
t0=$(date +%s)
# Seed-major, so that the slow and the fast families are mixed.
for s in $seedlist; do
	for f in $famlist; do
		echo "$f $s"
	done
done > "$out/runs"
xargs -P "$jobs" -L 1 sh "$0" --one "$out" "$keep" < "$out/runs"
t1=$(date +%s)

{
	printf 'family\tseed\tstep\tlength_s\tleaks\thits\tlatency_s\tfalse_alerts\tdup_pages\tverdict\tdetail\toracle_z\thit\toracle_zr\n'
	for f in $famlist; do
		for s in $seedlist; do
			if [ -s "$out/$f-$s.res" ]; then
				cat "$out/$f-$s.res"
			else
				printf '%s\t%s\t-\t-\t-\t-\t-\t-\t-\terror\tno result\n' "$f" "$s"
			fi
		done
	done
} > "$out/score.tsv"

awk -F '\t' -v REACH=6.6 -v secs=$((t1 - t0)) -v jobs="$jobs" -v seeds="$seeds" -v what="$what" '
function pct(list, n, p,   k) {
	if (n == 0) return "-"
	k = int(p * n + 0.999999); if (k < 1) k = 1
	return list[k] >= 1e18 ? "never" : sprintf("%.1f", list[k] / 60)
}
function sort(a, n,   i, j, x) {	# insertion: n is small
	for (i = 2; i <= n; i++) {
		x = a[i]
		for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]
		a[j + 1] = x
	}
}
NR == 1 { next }
{
	f = $1
	if (!(f in runs)) order[++nf] = f
	runs[f]++; total_runs++
	if ($10 == "error") {
		errors[f]++
		fails[++nfail] = f " " $2 ": " $11
		next
	}
	days[f] += $4 / 86400; total_days += $4 / 86400
	leaks[f] += $5; hits[f] += $6
	fal[f] += $8; dup[f] += $9
	if ($5 > 0 && $14 != "-" && NF >= 14) {
		m = split($14, z, ","); split($13, h, ",")
		for (i = 1; i <= m; i++)
			if (z[i] != "-" && z[i] + 0 >= REACH) {
				reach[f]++; reachhit[f] += h[i]
			}
	}
	if ($5 > 0) {
		m = split($7, l, ",")
		for (i = 1; i <= m; i++)
			lat[f, ++nl[f]] = l[i] == "-" ? 1e18 : l[i] + 0
	}
	if ($10 == "fail") fails[++nfail] = f " " $2 ": " $11
}
END {
	printf "%-20s %5s %9s %9s %8s %8s %6s %10s %5s\n", "family", "runs",
	    "recall", "in_reach", "p50_min", "p90_min", "false", "false/day", "dup"
	for (i = 1; i <= nf; i++) {
		f = order[i]
		n = nl[f]
		for (k = 1; k <= n; k++) v[k] = lat[f, k]
		sort(v, n)
		rec = leaks[f] > 0 ? hits[f] "/" leaks[f] : "-"
		printf "%-20s %5d %9s %9s %8s %8s %6d %10.2f %5d%s\n", f, runs[f], rec,
		    (f in reach ? reachhit[f] "/" reach[f] : "-"), pct(v, n, 0.5), pct(v, n, 0.9), fal[f],
		    (days[f] > 0 ? fal[f] / days[f] : 0), dup[f],
		    (errors[f] ? "  (" errors[f] " replay errors)" : "")
		tl += leaks[f]; th += hits[f]; tf += fal[f]; td += dup[f]
		tr += reach[f]; trh += reachhit[f]
	}
	printf "%-20s %5d %9s %9s %8s %8s %6d %10.2f %5d\n", "total", total_runs,
	    (tl > 0 ? th "/" tl : "-"), (tr > 0 ? trh "/" tr : "-"), "-", "-", tf,
	    (total_days > 0 ? tf / total_days : 0), td
	printf "%d runs (seeds %s), %.1f machine-days replayed in %d s with %d jobs; %d failing\n",
	    total_runs, seeds, total_days, secs, jobs, nfail
	print what
	for (i = 1; i <= nfail; i++) print "FAIL " fails[i]
}' "$out/score.tsv" | tee "$out/score.txt"

if [ "$gate" = 1 ] && grep -q '^FAIL ' "$out/score.txt"; then
	exit 1
fi
exit 0
