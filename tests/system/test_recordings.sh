# Real recordings of this machine under real workloads (see
# tests/recordings/README.md).  The 10-minute ones at 5 s are replayed
# with a 1-minute window (every span of the detector scales with it):
# every quiet one silent, the SysV message leak alerted on its own cache.
# The 40-minute ones at 1 s, stretched x60 into 40 hours at 1-minute
# steps, are replayed at the default configuration.
. "$MLK_TOP/tests/system/lib.sh"

REC=$top/tests/recordings
printf 'interval = 5s\nwindow = 1min\n' > real.conf
replay() {
	gzip -dc "$REC/$1.rec.gz" > "$1.rec" &&
	    "$MLKD" -c real.conf --db "$1.db" --import "$1.rec" 2> "$1.err"
}
alerts() { sql "$1.db" "SELECT s.name FROM alerts a JOIN series s ON s.id = a.series ORDER BY a.id"; }

for rec in find-usr tar-extract socket-churn mem-pressure; do
	replay $rec
	check "${rec}_replayed" grep -q "120 samples replayed" "$rec.err"
	check "${rec}_silent" [ -z "$(alerts $rec)" ]
done
# kleak holds messages (msg_msg-4k) in a new queue every four messages:
# each queue (struct msg_queue, an accounted 256-byte kmalloc) is held
# too, so kmalloc-cg-256 grows with the same leak.  Nothing else may.
replay msg-leak
alerts msg-leak > msg-leak.alerts
check msg_leak_alerted grep -qx slab:msg_msg-4k msg-leak.alerts
check msg_leak_only_its_caches [ -z "$(grep -vx -e slab:msg_msg-4k -e slab:kmalloc-cg-256 msg-leak.alerts)" ]

# Replayed again into the same database, a recording adds nothing: its
# blocks are there already, and stored twice they would count twice in
# every fit.  One that grew since (a loop still appending) adds its new
# blocks only.
"$MLKD" -c real.conf --db msg-leak.db --import msg-leak.rec 2> again.err
check replay_again_ok [ $? -eq 0 ]
check replay_again_says grep -q "120 blocks passed over" again.err
check replay_again_adds_nothing [ "$(sql msg-leak.db "SELECT count(*) || ' ' || count(DISTINCT time) FROM samples")" = "120 120" ]
check replay_again_same_alerts [ "$(alerts msg-leak)" = "$(cat msg-leak.alerts)" ]
awk '/^===/ && ++n > 60 { exit } { print }' msg-leak.rec > half.rec
"$MLKD" -c real.conf --db grown.db --import half.rec 2> half.err
"$MLKD" -c real.conf --db grown.db --import msg-leak.rec 2> grown.err
check replay_grown_adds_rest grep -q "60 samples replayed" grown.err
check replay_grown_all_once [ "$(sql grown.db "SELECT count(*) || ' ' || count(DISTINCT time) FROM samples")" = "120 120" ]

# A day and more of real churn (find, tar, sockets, drop_caches):
# silent, but for one known page.  kmalloc-512 rises from 1.4 to 7.2 MiB
# at about 15 MiB/h for 25 minutes (stretched: half a minute of a job),
# which cannot be told from the 21 MB/h leak that must page within 20
# minutes; it must resolve.
xz -dc "$REC/quiet-churn-x60.rec.xz" > quiet-churn-x60.rec
"$MLKD" -c /dev/null --db quiet.db --import quiet-churn-x60.rec 2> quiet.err
check quiet_x60_replayed grep -q "2400 samples replayed" quiet.err
check quiet_x60_silent [ -z "$(sql quiet.db "SELECT s.name FROM alerts a JOIN series s ON s.id = a.series WHERE s.name != 'slab:kmalloc-512'")" ]
check quiet_x60_known_page_resolves [ "$(sql quiet.db "SELECT count(*) FROM alerts WHERE state = 'open'")" -eq 0 ]

# Three real leaks started partway through 40 hours of real churn
# (real-leaks-x60.truth): SysV messages at 21 MB/h from 6 h, negative
# dentries at 20 MB/h from 12 h (on the cache's first day), pipes at
# 31 MB/h from 18 h (kernel:unaccounted, whose residue wanders by about
# 9 MB here).  Each alerted on its own series and open at the end, and
# nothing else.  msg_msg-4k meets the 20-minute budget of its rate and
# dentry the 14 hours of a first day; kernel:unaccounted is not within 15
# minutes under that noise (issue 11), so 4 hours is what is asserted.
xz -dc "$REC/real-leaks-x60.rec.xz" > real-leaks-x60.rec
"$MLKD" -c /dev/null --db leaks.db --import real-leaks-x60.rec 2> leaks.err
# latency SERIES: minutes from its onset in the truth to its alert
latency() { sql leaks.db "SELECT (a.opened_at - $(awk -v s="$1" '$1 == s { print $2 }' "$REC/real-leaks-x60.truth")) / 60 FROM alerts a JOIN series s ON s.id = a.series WHERE s.name = '$1' AND a.state = 'open'"; }
within() { l=$(latency "$1"); [ -n "$l" ] && [ "$l" -ge -1 ] && [ "$l" -le "$2" ]; }
check leaks_x60_msg within slab:msg_msg-4k 20
check leaks_x60_dentry within slab:dentry 840
check leaks_x60_pipes within kernel:unaccounted 240
check leaks_x60_nothing_else [ "$(sql leaks.db "SELECT count(*) FROM alerts")" -eq 3 ]
