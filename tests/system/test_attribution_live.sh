# mlkd's automatic attribution on this machine's kernel, end to end: a
# SysV message leaker and a balanced sender of the same messages; the
# alert on the message cache opens, mlkd traces it, stores the result and
# only then sends the alert's journal entry, naming the leaker's call
# site, process and kernel stack.  A second mlkd, killed with SIGKILL
# mid-trace, leaves its tracefs instance behind; its next start removes
# it.  A third finds no tracefs: its alert goes out at once, saying why
# it has no findings.
. "$MLK_TOP/tests/system/lib.sh"
own_mounts
machine_lock kernel-leak

LEAK_ID=1f1abfea8f8a4b88aececf6f45a0397d
TR=/sys/kernel/tracing

journal_own
since=$(date '+%Y-%m-%d %H:%M:%S')

quick_conf a.conf 'attribution = on' 'attribution_duration = 5s'
quick_conf b.conf 'attribution = on' 'attribution_duration = 60s'

# queues in an IPC namespace of their own: no other queue cleanup on
# the machine reaches them, and they go when kleak does
unshare --ipc "$TOOLS/kleak" msg 100 > leak.out &
lpid=$!
unshare --ipc "$TOOLS/kleak" msgecho 300 > echo.out &
epid=$!
"$MLKD" -f -c a.conf --db a.db 2> a.err &
apid=$!
"$MLKD" -f -c b.conf --db b.db 2> b.err &
bpid=$!
MLK_TRACEFS=$PWD/none "$MLKD" -f -c a.conf --db c.db 2> c.err &
cpid=$!

leak_series="(s.name LIKE 'slab:msg_msg%' OR s.name LIKE 'slab:kmalloc%4k')"
attributed() { [ -n "$(sql "$1" "SELECT 1 FROM attributions a JOIN series s ON s.id = a.series WHERE $leak_series")" ]; }
instance() { [ -d "$TR/instances/mlk-$1" ]; }

# B: killed while it traces.
check b_traces wait_until 150 instance $bpid
kill -KILL $bpid
wait $bpid 2> /dev/null
check sigkill_leaves_instance instance $bpid
"$MLKD" -f -c b.conf --db b.db 2> b2.err &
b2pid=$!
check restart_removes_instance wait_until 10 sh -c "! test -d $TR/instances/mlk-$bpid"
# said once they are removed: wait for the line too.  A, tracing every
# few seconds, may find the instance before B's restart does, and then
# A says it
check restart_says wait_until 10 grep -q 'removed [0-9]* tracefs instances* left by a killed mlk' b2.err a.err

# A: the whole way.
check attribution_stored wait_until 150 attributed a.db

# C: the failure stored, and the alert sent while mlkd runs on.
check c_failure_stored wait_until 60 attributed c.db
check c_failure_says [ -n "$(sql c.db "SELECT 1 FROM attributions WHERE error LIKE 'no tracefs at %'")" ]
c_sent() { journalctl --no-pager -o export --since "$since" MESSAGE_ID=$LEAK_ID _PID=$cpid 2> /dev/null | grep -q '^MLK_ATTRIBUTION=failed: no tracefs at '; }
check c_alert_sent_at_once wait_until 10 c_sent
kill -TERM $lpid $epid $apid $b2pid $cpid
wait $cpid
wait $lpid $epid
wait $apid
check a_exit_zero [ $? -eq 0 ]
wait $b2pid
# The leak's trace: another series may alert and be traced meanwhile
# (the window is 10 s), and hold the test's own sqlite3 on top.
att=$(sql a.db "SELECT a.id FROM attributions a JOIN series s ON s.id = a.series WHERE $leak_series AND a.error IS NULL ORDER BY a.outstanding_bytes DESC LIMIT 1")
series=$(sql a.db "SELECT s.name FROM attributions a JOIN series s ON s.id = a.series WHERE a.id = $att")
top() { sql a.db "SELECT label || coalesce('[' || pid || ']', '') FROM attribution_groups WHERE attribution = $att AND kind = '$1' AND rank = 0"; }
check stored_call_site sh -c "echo '$(top call_site)' | grep -Eq '^(load_msg|alloc_msg)\+'"
check stored_process [ "$(top process)" = "kleak[$lpid]" ]
check stored_no_raw_address [ -z "$(sql a.db "SELECT label FROM attribution_groups WHERE label GLOB '*[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]*'")" ]
"$Q" --db a.db attribute "$series" --last > last.txt 2> last.err
check query_last grep -q "  kleak\[$lpid\]\$" last.txt
# The stack that held the most, kept: load_msg, the msgsnd above it.
msgsnd='load_msg <- (.* <- )?(do_msgsnd|ksys_msgsnd)'
sql a.db "SELECT replace(frames, char(10), ' <- ') FROM attribution_stacks WHERE attribution = $att AND rank = 0" > stored_stack.txt
check stored_stack grep -Eq "$msgsnd" stored_stack.txt
check query_last_stack grep -Eq '^ +load_msg$' last.txt
"$Q" --db a.db alerts --all > alerts.txt
check alerts_held_by grep -Eq "^  held by (load_msg|alloc_msg)\+0x[0-9a-f]+/0x[0-9a-f]+, kleak\[$lpid\] \([0-9]+% of the growth in a [0-9]+s trace\)$" alerts.txt
"$Q" --db a.db --json alerts --all > alerts.json
# the frames wrap at 80 columns, each line ending in "<-"
check alerts_stack sh -c "tr '\n' ' ' < alerts.txt | sed 's/ <-  */ <- /g' | grep -Eq '  by the stack .*$msgsnd'"
check alerts_80_columns [ "$(awk 'length > 80' alerts.txt | wc -l)" -eq 0 ]
check alerts_json_process [ "$(sql :memory: "SELECT json_extract(value, '\$.top_process') FROM json_each(readfile('alerts.json')) WHERE json_extract(value, '\$.series') = '$series' LIMIT 1")" = "kleak[$lpid]" ]
# only our own: another run may trace at the same time
check no_instance_left sh -c "! ls -d $TR/instances/mlk-$apid $TR/instances/mlk-$b2pid $TR/instances/mlk-$cpid 2> /dev/null"

# The alert's entry waited for the trace, and carries its findings.
wait_until 10 sh -c "journalctl --no-pager --since '$since' MESSAGE_ID=$LEAK_ID MLK_SERIES=$series 2> /dev/null | grep -q mlkd"
journalctl --no-pager -o export --since "$since" SYSLOG_IDENTIFIER=mlkd \
    MESSAGE_ID=$LEAK_ID "MLK_SERIES=$series" _PID=$apid > leak.journal 2> /dev/null
check journal_entry grep -qx "MLK_SERIES=$series" leak.journal
check journal_top_callsite grep -Eq '^MLK_TOP_CALLSITE=(load_msg|alloc_msg)\+0x' leak.journal
check journal_top_process [ "$(grep -m1 '^MLK_TOP_PROCESS=' leak.journal)" = "MLK_TOP_PROCESS=kleak[$lpid]" ]
check journal_top_stack grep -Eq "^MLK_TOP_STACK=(.* <- )?$msgsnd" leak.journal
check journal_top_share grep -Eq '^MLK_TOP_SHARE=([3-9][0-9]|100)%$' leak.journal
check journal_summary grep -Eq '^MLK_ATTRIBUTION=traced [0-9]+s: [0-9]+ allocations, [0-9]+ freed, [0-9]+ outstanding' leak.journal
check journal_after_trace [ "$(grep -c "^MLK_SERIES=$series" leak.journal)" -eq 1 ]

kill -TERM "$jpid"
wait "$jpid"
