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
# A process's CPU so far in nanoseconds, every thread's, from schedstat:
# /proc/PID/stat counts clock ticks, 83 us a sample over the 2 minutes
# below at 100 Hz, as much as a change being measured.
cpu_ns() {
	cat /proc/"$1"/task/*/schedstat | awk '{ ns += $1 } END { print ns }'
}

# RSS of the real daemon after a day of 300 slab caches: a day of them a
# minute apart up to now (random walks, this machine's meminfo), imported
# into a database that mlkd then reloads at start (the detector's history,
# as after a restart), and read every second from a copy of /proc (the
# last sample; this machine's vmallocinfo, read every second too).  Its
# peak (VmHWM) after 20 s, and what makes it up: private memory (RssAnon)
# and mapped files (RssFile: its libraries' pages, which it shares with
# every process that maps them; its PSS counts each shared page in part).
mkdir -p "$dir/day/sys/kernel/random"
cat /proc/sys/kernel/random/boot_id > "$dir/day/sys/kernel/random/boot_id"
cat /proc/meminfo > "$dir/day/meminfo"
cat /proc/vmallocinfo > "$dir/day/vmallocinfo"
awk -v now="$(date +%s)" -v up="$(cut -d' ' -f1 /proc/uptime)" \
    -v boot="$(cat "$dir/day/sys/kernel/random/boot_id")" \
    -v mi="$dir/day/meminfo" -v last="$dir/day/slabinfo" 'BEGIN {
	while ((getline line < mi) > 0)
		meminfo = meminfo line "\n"
	srand(1)
	for (i = 0; i < 300; i++)
		bytes[i] = 1e6 + rand() * 2e8
	for (t = now - 86400; t < now; t += 60) {
		s = "slabinfo - version: 2.1\n# name <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n"
		for (i = 0; i < 300; i++) {
			bytes[i] += (rand() - 0.5) * 4e5
			if (bytes[i] < 1e5)
				bytes[i] = 1e5
			slabs = int(bytes[i] / 32768)
			s = s sprintf("cache-%03d %d %d 256 128 8 : tunables 0 0 0 : slabdata %d %d 0\n",
			    i, slabs * 128, slabs * 128, slabs, slabs)
		}
		printf "=== %d\n--- uptime\n%.2f 0.00\n--- boot_id\n%s\n--- meminfo\n%s--- slabinfo\n%s",
		    t, up - (now - t), boot, meminfo, s
	}
	printf "%s", s > last
	printf "%.2f 0.00\n", up > "/dev/stderr"
}' > "$dir/day.rec" 2> "$dir/day/uptime"
"$top/mlkd" -c /dev/null --db "$dir/rss.db" --import "$dir/day.rec" 2> /dev/null
rm "$dir/day.rec"
printf 'interval = 1s\nvmalloc_interval = 1s\n' > "$dir/rss.conf"
"$top/mlkd" -f -c "$dir/rss.conf" --db "$dir/rss.db" --proc-root "$dir/day" \
    2> /dev/null &
pid=$!
sleep 20
rss=$(awk '/^VmHWM:/ { print $2 }' /proc/$pid/status)
anon=$(awk '/^RssAnon:/ { print $2 }' /proc/$pid/status)
file=$(awk '/^RssFile:/ { print $2 }' /proc/$pid/status)
pss=$(awk '/^Pss:/ { print $2 }' /proc/$pid/smaps_rollup)
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
    -v mv="$mlkd_vmalloc_us" -v rss="$rss" -v anon="$anon" -v file="$file" \
    -v pss="$pss" \
    -v raw="$raw" -v values="$values" \
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
	printf "  mlkd peak RSS:    %.1f MiB (goal <= 8 MiB): 300 slab caches after a day, sampled every second\n", rss / 1024
	printf "                    now %.1f MiB private, %.1f MiB mapped files; PSS %.1f MiB\n", anon / 1024, file / 1024, pss / 1024
	printf "  database:         %.1f bytes per stored value, %.1f KiB per meminfo+slabinfo sample (%d values), %.1f KiB per vmallocinfo sample\n", per_value, per_main / 1024, mainv / nmain, per_vm / 1024
	printf "                    %.1f MiB per day at the default intervals (60 s, 5 min)\n", day / 1048576
	printf "                    %.1f bytes per hourly roll-up row, %d series\n", per_rollup, series
	printf "  steady state:     %.0f MiB at defaults (14 days raw + 400 days of hourly roll-ups)\n", steady / 1048576
}'

# Detection's own cost: the detector alone on synthetic slab caches, after
# a day of history, for an hour at each interval (build/bench --detect).
echo "  detection cost after a day of history (goal <= 1 us per series per sample; RSS <= 8 MiB at 300):"
echo "    series  interval  us/series/sample  RSS MiB"
for n in 300 3000; do
	for interval in 1 10 60; do
		"$top/build/bench" --detect $n $interval > "$dir/det"
		. "$dir/det"
		awk -v n=$n -v i=$interval -v us="$detect_us" -v rss="$detect_rss_kib" 'BEGIN {
			printf "    %6d  %6d s  %16.2f  %7.1f\n", n, i, us, rss / 1024 }'
	done
done

# User space: every process's PSS (smaps_rollup walks page tables), read
# with 100, 1000 and 5000 more processes than run here.
echo "  processes (process_interval, default 5 min): CPU per read of every process's PSS:"
for n in 100 1000 5000; do
	"$top/build/bench" --processes $n > "$dir/procs"
	. "$dir/procs"
	awk -v us="$procs_us" -v n="$procs_n" 'BEGIN {
		printf "    %5d processes: %7.1f ms per read, %.0f us per process\n", n, us / 1000, us / n }'
done

# The metrics endpoint: CPU per scrape of the exposition (build/bench
# --metrics), scraped every second while samples come every 60 s.
echo "  metrics endpoint, CPU per scrape (a 1 s scrape, 60 s samples; the growth fits made once per sample):"
for n in 300 3000; do
	"$top/build/bench" --metrics $n > "$dir/met"
	. "$dir/met"
	awk -v n=$n -v us="$scrape_us" -v s="$scrape_series" -v b="$scrape_bytes" 'BEGIN {
		printf "    %5d slab caches: %4.0f us per scrape (%d series one by one, %.0f KiB)\n", n, us, s, b / 1024 }'
done

# A live mlkd whose detector is armed and judging, against only reading
# the same files at the same cadence: interval 1 s at the default window.
# Its database first gets half an hour of this boot's history (this
# machine's /proc, stamped a minute apart up to now), which mlkd reloads
# at start: armed at once, it judges every minute.  CPU over 2 minutes.
now=$(date +%s)
up=$(cut -d' ' -f1 /proc/uptime)
boot=$(cat /proc/sys/kernel/random/boot_id)
for i in $(seq 30 -1 1); do
	echo "=== $((now - i * 60))"
	echo "--- uptime"
	awk -v u="$up" -v d=$((i * 60)) 'BEGIN { printf "%.2f 0.00\n", u - d }'
	echo "--- boot_id"
	echo "$boot"
	echo "--- meminfo"
	cat /proc/meminfo
	echo "--- slabinfo"
	cat /proc/slabinfo
done > "$dir/history.rec"
"$top/mlkd" -c /dev/null --db "$dir/live.db" --import "$dir/history.rec" 2> /dev/null
port=$(shuf -i 20000-59999 -n 1)
printf 'interval = 1s\nvmalloc_interval = 1h\nmetrics_listen = 127.0.0.1:%s\n' "$port" > "$dir/live.conf"
"$top/mlkd" -f -c "$dir/live.conf" --db "$dir/live.db" 2> "$dir/live.err" &
pid=$!
sleep 5
# The floor over the same 2 minutes: what reading slabinfo costs the
# kernel here moves by a third from one minute to the next.
"$top/build/bench" --floor-every 1 120 > "$dir/floor" &
fpid=$!
c0=$(cpu_ns $pid)
sleep 120
c1=$(cpu_ns $pid)
# ...and as long again, scraped every second.
"$top/build/tools/hammer" scrape "$port" 1000 120 > "$dir/scraped"
c2=$(cpu_ns $pid)
# The private pages it touches in a second (a sample): clear_refs makes
# every page of it old, smaps then says which were read again.  Each
# costs more than its reads when the pages are old (a VM's shadow page
# tables, DAMON); the libraries' pages are left out, as other processes
# touch them too.
echo 1 > /proc/$pid/clear_refs
sleep 1
touched=$(awk '/^[0-9a-f]+-[0-9a-f]+ / { own = NF < 6 || $6 ~ /^\[(heap|stack)\]$/ }
    own && /^Referenced:/ { kib += $2 } END { print kib + 0 }' /proc/$pid/smaps)
kill -TERM $pid
wait $pid || true
wait $fpid
. "$dir/floor"
grep -q 'detection armed:' "$dir/live.err" && armed=yes || armed=no
awk -v c0="$c0" -v c1="$c1" -v c2="$c2" -v fm="$floor_cadence_us" -v armed=$armed -v scraped="$(cat "$dir/scraped")" -v touched="$touched" 'BEGIN {
	us = (c1 - c0) / 1e3 / 120
	us2 = (c2 - c1) / 1e3 / 120
	printf "  live mlkd, armed (%s), 1 s interval, default window: %.0f us/sample against the floor read every second, %.0f us: ratio %.2f (goal <= 1.3)\n", armed, us, fm, us / fm
	printf "    private memory it touches a sample: %d KiB\n", touched
	printf "    the same, scraped every second (%s): %.0f us/sample, ratio %.2f\n", scraped, us2, us2 / fm }'

# Detection on the randomised families (tests/tools/mkfam.c), held-out
# seeds: make detect-score alone prints the failing runs too.
echo "  detection scorecard, held-out seeds 1001-1010 (make detect-score):"
sh "$top/tests/score/score.sh" -s 1001-1010 -o "$dir/score" > "$dir/score.out" 2>&1
sed -n '1,/^total/p' "$dir/score/score.txt" | sed 's/^/    /'
# Replay speed: 30 days at the default interval.
: > "$dir/empty.conf"
"$top/build/tools/mkrec" flat -d 30 > "$dir/month"
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
j() { sql :memory: "SELECT json_extract(readfile('$dir/attr.json'), '$1')"; }
attribution_bench() {	# RATE [--no-stacks]
	"$top/build/tools/kleak" msgecho "$1" > /dev/null &
	kpid=$!
	sleep 1
	c0=$(cpu_ns $kpid)
	sleep 5
	c1=$(cpu_ns $kpid)
	"$top/mlk-query" --json attribute "$cache" --seconds 10 ${2:-} > "$dir/attr.json" 2> /dev/null
	c2=$(cpu_ns $kpid)
	kill -TERM $kpid
	wait $kpid || true
	awk -v rate="$1" -v stacks="${2:+no}" -v s="$(j '$.seconds')" -v a="$(j '$.allocations')" \
	    -v f="$(j '$.free_events')" -v cpu="$(j '$.cpu_seconds')" \
	    -v lost="$(j '$.events_lost')" -v c0="$c0" -v c1="$c1" -v c2="$c2" \
	    'BEGIN {
		printf "    %8s  %6s  %7.0f %9.0f %12.3f %16.2f -> %.2f %8d\n",
		    rate == 1000000 ? "max" : rate, stacks == "no" ? "no" : "yes",
		    a / s, (a + f) / s, cpu / s,
		    (c1 - c0) / 1e9 / 5, (c2 - c1) / 1e9 / s, lost }'
}
cache=$(awk '$1 ~ /^(msg_msg-4k|kmalloc-cg-4k)$/ { print $1; exit }' /proc/slabinfo 2> /dev/null)
if [ "$(id -u)" -ne 0 ]; then
	echo "  attribution: not measured (needs root)"
else
	echo "  attribution (mlk-query attribute ${cache:=kmalloc-4k} --seconds 10 on a balanced SysV sender):"
	echo "        rate  stacks  allocs/s  events/s  CPU s/traced s  workload CPU/s untraced -> traced  lost"
	for rate in 1000 10000 1000000; do
		attribution_bench $rate
		attribution_bench $rate --no-stacks
	done
fi

# Page tracing (attribute kernel:unaccounted) under a tar extraction:
# /usr/include extracted into the bench's directory and removed, three
# times untraced and three traced (medians).  Its page cache is movable:
# filtered out in the kernel; every page freed is traced.
tar_ms() {	# the median of three extractions, in ms
	for i in 1 2 3; do
		t0=$(date +%s%N)
		mkdir "$dir/x"
		tar -xf "$dir/t.tar" -C "$dir/x"
		rm -rf "$dir/x"
		t1=$(date +%s%N)
		echo $(( (t1 - t0) / 1000000 ))
	done | sort -n | sed -n 2p
}
page_bench() {	# UNTRACED_MS [--no-stacks]
	"$top/mlk-query" --json attribute kernel:unaccounted --seconds 3600 \
	    ${2:-} > "$dir/attr.json" 2> /dev/null &
	qpid=$!
	while [ ! -e "/sys/kernel/tracing/instances/mlk-$qpid/trace_pipe" ]; do
		sleep 0.1
	done
	sleep 0.5
	ms=$(tar_ms)
	kill -INT $qpid
	wait $qpid || true
	awk -v stacks="${2:+no}" -v s="$(j '$.seconds')" -v a="$(j '$.allocations')" \
	    -v f="$(j '$.free_events')" -v cpu="$(j '$.cpu_seconds')" \
	    -v lost="$(j '$.events_lost')" -v ms0="$1" -v ms="$ms" 'BEGIN {
		printf "    %6s  %8.0f %9.0f %12.3f %9d -> %6d ms (x%.2f) %8d\n",
		    stacks == "no" ? "no" : "yes", a / s, (a + f) / s, cpu / s,
		    ms0, ms, ms / ms0, lost }'
}
if [ "$(id -u)" -eq 0 ] && tar -cf "$dir/t.tar" -C /usr include 2> /dev/null; then
	echo "  page tracing (mlk-query attribute kernel:unaccounted during tar -x of /usr/include, $(( $(stat -c %s "$dir/t.tar") >> 20 )) MiB):"
	echo "    stacks  allocs/s  events/s  CPU s/traced s  tar untraced -> traced         lost"
	ms0=$(tar_ms)
	page_bench "$ms0"
	page_bench "$ms0" --no-stacks
fi
