# A real leak on this machine's kernel: kleak holds SysV messages (a
# msg_msg cache, or kmalloc-cg-4k before 6.x kernels had one), mlkd -f
# with a 10 s window alerts on that cache in the database and in a real
# journal, and resolves the alert once the messages are freed.
. "$MLK_TOP/tests/system/lib.sh"
own_mounts
machine_lock kernel-leak

LEAK_ID=1f1abfea8f8a4b88aececf6f45a0397d
RESOLVED_ID=52b75b07992946c2860fc3d071b58e91

journal_own
since=$(date '+%Y-%m-%d %H:%M:%S')

quick_conf leak.conf
# The leak starts with the daemon: about 1.4 GB/h, its queues in an IPC
# namespace of their own (no other queue cleanup on the machine reaches
# them).
unshare --ipc "$TOOLS/kleak" msg 100 > kleak.out 2> kleak.err &
kpid=$!
"$MLKD" -f -c leak.conf --db live.db 2> mlkd.err &
mpid=$!

leak_series="(s.name LIKE 'slab:msg_msg%' OR s.name = 'slab:kmalloc-cg-4k')"
state_is() { [ -n "$(sql "$1" "SELECT 1 FROM alerts a JOIN series s ON s.id = a.series WHERE $leak_series AND a.state = '$2'")" ]; }
opened() { state_is live.db open; }
resolved() { state_is live.db resolved; }

check alert_opened wait_until 120 opened
series=$(sql live.db "SELECT s.name FROM alerts a JOIN series s ON s.id = a.series WHERE $leak_series LIMIT 1")
kill -TERM $kpid
wait $kpid
check messages_freed [ -z "$(ipcs -q | awk -v u="$(id -un)" '$3 == u && $6 > 0')" ]
check alert_resolved wait_until 60 resolved
kill -TERM $mpid
wait $mpid
check daemon_exit_zero [ $? -eq 0 ]

journal() { journalctl --no-pager -o export --since "$since" SYSLOG_IDENTIFIER=mlkd "MESSAGE_ID=$1" 2> /dev/null; }
wait_until 10 sh -c "journalctl --no-pager --since '$since' MESSAGE_ID=$RESOLVED_ID 2>/dev/null | grep -q mlkd"
journal $LEAK_ID > leak.journal
journal $RESOLVED_ID > resolved.journal
check journal_leak_entry grep -qx "MLK_SERIES=$series" leak.journal
check journal_fields [ "$(grep -c -e '^MLK_SLOPE_BYTES_PER_HOUR=[0-9]' -e '^MLK_BYTES=[0-9]' -e '^MLK_CONFIDENCE=' -e '^MLK_WINDOW=' -e '^MLK_ETA_EXHAUSTION=' -e '^MLK_RECLAIMABLE=no' -e '^PRIORITY=4' -e '^MLK_GROWTH_SINCE=20[0-9-]*T[0-9:]*Z$' leak.journal)" -ge 8 ]
# The leak starts with the daemon: its onset is found, or said to be
# before the first sample.
check journal_message grep -Eq "^MESSAGE=slab cache ${series#slab:} grew [0-9.]+ [KMG]iB/h (for|since before its first sample,) [0-9hms]+" leak.journal
check journal_resolved_entry grep -qx "MLK_SERIES=$series" resolved.journal
check stderr_has_alert grep -q "slab cache ${series#slab:} grew" mlkd.err
check integrity integrity_ok live.db

# Our journald gone (its socket file stays, refusing): the alert still
# reaches the database and stderr, and sampling goes on.
if kill -TERM "$jpid"; then
	wait "$jpid"
	unshare --ipc "$TOOLS/kleak" msg 100 > kleak2.out 2>&1 &
	kpid=$!
	"$MLKD" -f -c leak.conf --db nj.db 2> nj.err &
	mpid=$!
	check nojournal_alert_stored wait_until 120 state_is nj.db open
	check nojournal_alert_stderr grep -q "grew .*(not in the journal: " nj.err
	n=$(sql nj.db 'SELECT count(*) FROM samples')
	more_samples() { [ "$(sql nj.db 'SELECT count(*) FROM samples')" -gt "$n" ]; }
check nojournal_sampling_goes_on wait_until 10 more_samples
	kill -TERM $kpid $mpid
	wait $kpid
	wait $mpid
	check nojournal_exit_zero [ $? -eq 0 ]
fi
