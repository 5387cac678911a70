# Real recordings of this machine under real workloads (see
# tests/recordings/README.md), replayed with a 1-minute window (they are
# 10 minutes at 5 s): every quiet one silent, the SysV message leak
# alerted on its own cache.  Floors of reclaimable caches need 24 windows
# of history, more than these hold: the synthetic corpus (test_detect)
# covers those rules.
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
