#!/bin/sh
# make bench: sampling cost against the floor of reading /proc, RSS, and
# database size, all measured in this one run on this machine.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/mlk-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
iters=${MLK_BENCH_ITERS:-1000}

"$top/build/bench" "$dir" "$iters" > "$dir/cpu"
. "$dir/cpu"
sql() { sqlite3 -batch -noheader "$1" "$2"; }

# RSS of the real daemon after a few samples of every source.
cat > "$dir/rss.conf" <<CONF
vmalloc_interval = 1s
CONF
"$top/mlkd" -f -c "$dir/rss.conf" --interval 1 --db "$dir/rss.db" 2>/dev/null &
pid=$!
sleep 6
rss=$(awk '/^VmHWM:/ { print $2 }' /proc/$pid/status)
kill -TERM $pid
wait $pid || true

# Bytes on disk: every page of the raw tables, per stored value.
db=$dir/bench.db
sql "$db" 'PRAGMA wal_checkpoint(TRUNCATE)' > /dev/null
raw=$(sql "$db" "SELECT sum(pgsize) FROM dbstat WHERE name IN ('samples', 'samples_by_time', 'recent', 'segments', 'chunks')")
nmain=$(sql "$db" 'SELECT count(*) FROM samples WHERE sources = 3')
nvm=$(sql "$db" 'SELECT count(*) FROM samples WHERE sources = 4')
main_values=$((nmain * main_values))
values=$((main_values + nvm * vmalloc_values))
series=$(sql "$db" 'SELECT count(*) FROM series')
cp "$db" "$dir/roll.db"
"$top/build/bench" --rollup "$dir/roll.db"
sql "$dir/roll.db" 'PRAGMA wal_checkpoint(TRUNCATE)' > /dev/null
rollup_rows=$(sql "$dir/roll.db" 'SELECT count(*) FROM rollups')
rollup_bytes=$(sql "$dir/roll.db" "SELECT sum(pgsize) FROM dbstat WHERE name = 'rollups'")

awk -v fm="$floor_main_us" -v mm="$mlkd_main_us" -v fv="$floor_vmalloc_us" \
    -v mv="$mlkd_vmalloc_us" -v rss="$rss" -v raw="$raw" -v values="$values" \
    -v mainv="$main_values" -v nmain="$nmain" -v nvm="$nvm" \
    -v series="$series" -v rr="$rollup_rows" -v rb="$rollup_bytes" -v it="$iters" '
BEGIN {
	per_value = raw / values
	per_main = per_value * mainv / nmain
	per_vm = per_value * (values - mainv) / nvm
	day = per_main * 1440 + per_vm * 288
	per_rollup = rb / rr
	steady = 14 * day + series * 24 * 400 * per_rollup
	printf "mlk bench (%d samples each; CPU time of this process)\n", it
	printf "  meminfo+slabinfo: mlkd %6d us/sample, read-only floor %5d us, ratio %.2f (target <= 2.0)\n", mm, fm, mm / fm
	printf "  vmallocinfo:      mlkd %6d us/sample, read-only floor %5d us, ratio %.2f\n", mv, fv, mv / fv
	printf "  mlkd peak RSS:    %.1f MiB (target <= 8 MiB)\n", rss / 1024
	printf "  database:         %.1f bytes per stored value, %.1f KiB per meminfo+slabinfo sample (%d values), %.1f KiB per vmallocinfo sample\n", per_value, per_main / 1024, mainv / nmain, per_vm / 1024
	printf "                    %.1f MiB per day at the default intervals (60 s, 5 min)\n", day / 1048576
	printf "                    %.1f bytes per hourly roll-up row, %d series\n", per_rollup, series
	printf "  steady state:     %.0f MiB at defaults (14 days raw + 400 days of hourly roll-ups)\n", steady / 1048576
}'

# Detection at the default configuration, on generated recordings
# (tests/tools/mkrec.c): the time from a leak's onset to its alert, and
# alerts raised where there is no leak.
mkrec=$top/build/tools/mkrec
: > "$dir/empty.conf"
replay() {	# DB mkrec-arguments...
	db=$1
	shift
	"$mkrec" "$@" > "$dir/rec" &&
	    "$top/mlkd" -c "$dir/empty.conf" --db "$db" --import "$dir/rec" 2> /dev/null
}
echo "  detection (default config; leak onset 6 h into a 3-day recording, noise sd 0.5 MB):"
for rate in 1 4 21 200; do
	rm -f "$dir/d.db"*
	replay "$dir/d.db" leak -r "$rate" -d 3
	after=$(sql "$dir/d.db" "SELECT (min(opened_at) - 1767225600 - 6 * 3600) / 60 FROM alerts a JOIN series s ON s.id = a.series WHERE s.name = 'slab:kmalloc-1k'")
	if [ -n "$after" ]; then
		printf "    %4d MB/h: alert %d min after onset\n" "$rate" "$after"
	else
		printf "    %4d MB/h: no alert\n" "$rate"
	fi
done
false_alerts=0 quiet_runs=0
for kind in flat step burst breathe warmup; do
	for noise in 0.5 2 5; do
		for seed in 1 2; do
			rm -f "$dir/q.db"*
			replay "$dir/q.db" "$kind" -d 3 -n "$noise" -s "$seed"
			false_alerts=$((false_alerts + $(sql "$dir/q.db" 'SELECT count(*) FROM alerts')))
			quiet_runs=$((quiet_runs + 1))
		done
	done
done
echo "    false alerts: $false_alerts over $quiet_runs quiet recordings of 3 days (flat, step, burst, breathe, warm-up; noise sd 0.5, 2, 5 MB)"

# Replay speed: 30 days at the default interval.
"$mkrec" flat -d 30 > "$dir/month"
rm -f "$dir/m.db"*
t0=$(date +%s.%N)
"$top/mlkd" -c "$dir/empty.conf" --db "$dir/m.db" --import "$dir/month" 2> /dev/null
t1=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" -v mb="$(du -m "$dir/month" | cut -f1)" 'BEGIN {
	printf "  replay: 30 days at 60 s (43200 samples, %d MB of text) imported in %.1f s\n", mb, b - a }'

# mlk-query against that month (14 days raw, the rest hourly roll-ups):
# the median of 5 runs of each command, wall clock.
latency() {	# LABEL COMMAND...
	label=$1
	shift
	for i in 1 2 3 4 5; do
		t0=$(date +%s%N)
		"$@" > /dev/null
		t1=$(date +%s%N)
		echo $(( (t1 - t0) / 1000 ))
	done | sort -n | sed -n 3p | awk -v l="$label" '{ printf "    %-34s %6.1f ms\n", l, $1 / 1000 }'
}
echo "  mlk-query on the 30-day database (median of 5; goals: status, top < 50 ms; history < 100 ms):"
latency "status" "$top/mlk-query" --db "$dir/m.db" status
latency "top" "$top/mlk-query" --db "$dir/m.db" top
latency "history kmalloc-1k, 30 days" "$top/mlk-query" --db "$dir/m.db" --json history kmalloc-1k
latency "diff (boot start to now)" "$top/mlk-query" --db "$dir/m.db" diff
latency "alerts --all" "$top/mlk-query" --db "$dir/m.db" alerts --all

# Attribution: mlk-query attribute on a workload allocating and freeing at
# a known rate (kleak msgecho: a SysV message sent and received at once,
# one 4 KiB kmalloc and one kfree each).  The tracer's CPU per traced
# second and the events it handled come from its --json; the workload's
# own CPU, untraced then traced, shows what the tracepoints cost it.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
attribution_bench() {	# RATE
	"$top/build/tools/kleak" msgecho "$1" > /dev/null &
	kpid=$!
	sleep 1
	c0=$(cpu_ticks $kpid)
	sleep 5
	c1=$(cpu_ticks $kpid)
	"$top/mlk-query" --json attribute "$cache" --seconds 10 > "$dir/attr.json" 2> /dev/null
	c2=$(cpu_ticks $kpid)
	kill -TERM $kpid
	wait $kpid || true
	j() { sql :memory: "SELECT json_extract(readfile('$dir/attr.json'), '$1')"; }
	awk -v rate="$1" -v s="$(j '$.seconds')" -v a="$(j '$.allocations')" \
	    -v f="$(j '$.free_events')" -v cpu="$(j '$.cpu_seconds')" \
	    -v lost="$(j '$.events_lost')" -v c0="$c0" -v c1="$c1" -v c2="$c2" \
	    -v hz="$(getconf CLK_TCK)" 'BEGIN {
		printf "    %8s  %7.0f %9.0f %12.3f %16.2f -> %.2f %8d\n",
		    rate == 1000000 ? "max" : rate, a / s, (a + f) / s, cpu / s,
		    (c1 - c0) / hz / 5, (c2 - c1) / hz / s, lost }'
}
cache=$(awk '$1 ~ /^(msg_msg-4k|kmalloc-cg-4k)$/ { print $1; exit }' /proc/slabinfo 2> /dev/null)
if [ "$(id -u)" -ne 0 ]; then
	echo "  attribution: not measured (needs root)"
else
	echo "  attribution (mlk-query attribute ${cache:=kmalloc-4k} --seconds 10 on a balanced SysV sender):"
	echo "        rate  allocs/s  events/s  CPU s/traced s  workload CPU/s untraced -> traced  lost"
	for rate in 1000 10000 1000000; do
		attribution_bench $rate
	done
fi
