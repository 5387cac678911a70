# Without -f: mlkd goes into the background once its database is open,
# and its samples keep landing there while readers come and go (opened
# before the fork, the database lost its locks with the parent, and the
# first reader to close deleted the live -wal under the daemon).
. "$MLK_TOP/tests/system/lib.sh"

pid=
trap '[ -n "$pid" ] && kill -KILL "$pid" 2> /dev/null' EXIT
samples() { sql d.db 'SELECT count(*) FROM samples' 2> /dev/null; }
two_samples() { [ "$(samples)" -ge 2 ]; }
more_than() { [ "$(samples)" -gt "$1" ]; }

"$MLKD" -c /dev/null --interval 1 --db d.db > out 2> err
check detached_exit0 [ $? -eq 0 ]
pid=$(cat d.db.lock 2> /dev/null)
check says_its_pid grep -q "in the background as PID ${pid:-none}," err
check running [ -n "$pid" ] && kill -0 "$pid"
check first_samples wait_until 10 two_samples
# readers open the database and close it, again and again
for i in 1 2 3 4 5; do
	"$Q" --db d.db status > /dev/null
	sql d.db 'SELECT count(*) FROM series' > /dev/null
	sleep 0.3
done
n1=$(samples)
# at interval 1s a commit holds 5 seconds of samples
check keeps_sampling wait_until 10 more_than "$n1"
check wal_not_deleted sh -c "! ls -l /proc/$pid/fd | grep -q '(deleted)'"
check status_reads sh -c "\"$Q\" --db d.db status > /dev/null"
kill -TERM "$pid"
check stops_on_term wait_until 10 sh -c "! kill -0 $pid"
pid=
check intact integrity_ok d.db

# What stops it from starting is said on the terminal, with exit 1.
"$MLKD" -c /dev/null --db no/such/x.db > out2 2> err2
check bad_db_exit1 [ $? -eq 1 ]
check bad_db_says_path grep -q "no/such/x.db" err2

# The database's own directory is made (0750), as StateDirectory= would.
"$MLKD" -c /dev/null --once --db state/mlk.db 2> once.err
check db_dir_made [ "$(stat -c %a state 2> /dev/null)" = 750 ]
check db_dir_db integrity_ok state/mlk.db
