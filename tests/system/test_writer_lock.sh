# One writer per database: a second mlkd (daemon, --once or --import) is
# refused, naming the PID that holds it, and readers are never blocked.
. "$MLK_TOP/tests/system/lib.sh"

pids=
trap 'for p in $pids; do kill -KILL "$p" 2> /dev/null; done' EXIT
samples() { sql "$1" 'SELECT count(*) FROM samples' 2> /dev/null; }
has_samples() { [ "$(samples "$1")" -ge 1 ]; }

"$MLKD" -f -c /dev/null --interval 1 --db w.db 2> first.err &
first=$!
pids=$first
check first_samples wait_until 10 has_samples w.db
timeout 10 "$MLKD" -f -c /dev/null --interval 1 --db w.db 2> second.err
check second_exit1 [ $? -eq 1 ]
check second_names_holder grep -q "w.db is in use by mlkd PID $first, which holds w.db.lock" second.err
timeout 10 "$MLKD" -c /dev/null --once --db w.db 2> once.err
check once_exit1 [ $? -eq 1 ]
check once_says grep -q "in use by mlkd PID" once.err
check reader_not_blocked sh -c "\"$Q\" --db w.db status > /dev/null"
n=$(samples w.db)
kill -TERM $first
wait $first
check first_stopped_clean [ $? -eq 0 ]
check one_writer_samples [ "$(sql w.db 'SELECT count(*) FROM (SELECT 1 FROM samples GROUP BY time, sources HAVING count(*) > 1)')" -eq 0 ]
"$MLKD" -c /dev/null --once --db w.db 2> after.err
check free_once_stopped [ $? -eq 0 ]
check after_stored [ "$(samples w.db)" -gt "$n" ]

# Two started together on a new file, ten times: one runs; the other is
# refused before it touches the schema (it may name no PID: the holder
# writes its PID just after taking the lock).  The winner's first sample
# can land before the loser, slower to start on a busy machine, has
# tried the lock (1 round in 120 so, beside a make check): the refusal
# and the loser's exit are waited for, not assumed.
refused() { [ "$(cat a$i.err b$i.err | grep -c 'is in use by')" -eq 1 ]; }
one_alive() {
	alive=0
	for p in $a $b; do kill -0 $p 2> /dev/null && alive=$((alive + 1)); done
	[ $alive -eq 1 ]
}
ok=1
for i in 1 2 3 4 5 6 7 8 9 10; do
	"$MLKD" -f -c /dev/null --interval 1 --db n$i.db 2> a$i.err &
	a=$!
	"$MLKD" -f -c /dev/null --interval 1 --db n$i.db 2> b$i.err &
	b=$!
	pids="$a $b"
	wait_until 10 has_samples n$i.db || ok=0
	wait_until 10 refused || ok=0
	wait_until 10 one_alive || ok=0
	grep -q -e 'already exists' -e UNIQUE a$i.err b$i.err && ok=0
	kill -TERM $a $b 2> /dev/null
	wait $a $b 2> /dev/null
	integrity_ok n$i.db || ok=0
done
pids=
check together_one_runs [ $ok -eq 1 ]
