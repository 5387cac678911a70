# The wall clock stepped 15 days forward, past the 14 days of retention
# (faketime: the kernel's uptime does not move), then back: no raw sample
# is pruned, and the step is said once.  Before, retention went by the
# sample's wall time and rolled up and deleted every raw sample.
. "$MLK_TOP/tests/system/lib.sh"

pid=
trap '[ -n "$pid" ] && kill -KILL "$(cat c.db.lock)" "$pid" 2> /dev/null' EXIT
samples() { sql c.db 'SELECT count(*) FROM samples' 2> /dev/null || echo 0; }
more_than() { [ "$(samples)" -gt "$1" ]; }
# run N [faketime args]: sample for at least N more samples, then stop
run() {
	want=$(( $(samples) + $1 ))
	shift
	"$@" "$MLKD" -f -c /dev/null --interval 1 --db c.db 2>> run.err &
	pid=$!
	wait_until 20 more_than $((want - 1))
	# faketime runs mlkd as its child: stop the one that holds the lock
	kill -TERM "$(cat c.db.lock)"
	wait $pid
	pid=
}

run 3
before=$(samples)
first=$(sql c.db 'SELECT min(time) FROM samples')
run 3 faketime -f +15d
check jumped_stored [ "$(sql c.db "SELECT count(*) FROM samples WHERE time > $first + 14 * 86400")" -ge 3 ]
check raw_kept [ "$(sql c.db "SELECT count(*) FROM samples WHERE time < $first + 86400")" -eq "$before" ]
check said_once [ "$(grep -c 'wall clock is .* ahead of the time that passed' run.err)" -eq 1 ]
run 3
check raw_kept_after_back [ "$(sql c.db "SELECT count(*) FROM samples WHERE time < $first + 86400")" -ge $((before + 3)) ]
check intact integrity_ok c.db
