# A page leak on this machine's kernel: kleak keeps pipes full (16 pages
# each, straight from the page allocator: kernel:unaccounted, no slab
# cache).  attribute kernel:unaccounted names the pipe write path and
# kleak; pages that kleak frees while traced are not held; mlkd alerts on
# kernel:unaccounted, traces it by itself, and resolves the alert once
# the pipes are freed.  The page allocator is the machine's: only what
# our kleak holds is asserted on, never totals.
. "$MLK_TOP/tests/system/lib.sh"
own_mounts
machine_lock kernel-leak

LEAK_ID=1f1abfea8f8a4b88aececf6f45a0397d
TR=/sys/kernel/tracing
js() { sql :memory: "SELECT json_extract(readfile('$1'), '$2')"; }
# held FILE PID WHAT: WHAT (an SQL expression on the stack s and the
# process p) for the stacks that pid holds pages of, the most first
held() { sql :memory: "SELECT $3 FROM json_each(json_extract(readfile('$1'), '\$.stacks')) s, json_each(s.value, '\$.processes') p WHERE json_extract(p.value, '\$.pid') = $2 ORDER BY json_extract(p.value, '\$.outstanding_bytes') DESC"; }
frames_of() { echo "(SELECT group_concat(f.value, ' <- ') FROM json_each(s.value, '\$.frames') f)"; }

# 1. Live: the stack that holds most of kleak's pages writes to a pipe
# (pipe_write; anon_pipe_write on 6.18).
"$TOOLS/kleak" pipe 200 > a.out 2> a.kerr &
kpid=$!
wait_until 5 grep -q ready a.out
"$Q" --json attribute kernel:unaccounted --seconds 5 > a.json 2> a.err
rc=$?
"$Q" attribute kernel:unaccounted --seconds 2 > a.txt 2> a.err2
kill -TERM $kpid
wait $kpid
check json_exit_zero [ $rc -eq 0 ]
held a.json $kpid "$(frames_of)" > a.stacks
check top_stack_pipe_write sh -c "head -1 a.stacks | grep -Eq '(^| )[a-z_]*pipe_write <- '"
check top_stack_syscall sh -c "head -1 a.stacks | grep -Eq 'vfs_write|ksys_write'"
# 5 s of 200 pipes a second, 16 pages each: most of them held
check kleak_holds [ "$(held a.json $kpid "json_extract(p.value, '\$.outstanding')" | head -1)" -ge 4000 ]
# each: what the objects of an array in a JSON file have at a path
each() { sql :memory: "SELECT json_extract(value, '\$.$3') FROM json_each(json_extract(readfile('$1'), '\$.$2'))${4:+ WHERE $4}"; }
check kleak_process [ "$(each a.json processes comm "json_extract(value, '\$.pid') = $kpid")" = kleak ]
check call_site_pipe_write sh -c "echo '$(each a.json call_sites call_site)' | grep -Eqx '[a-z_]*pipe_write'"
check slab_pages_left_out [ "$(js a.json '$.counted_elsewhere')" -gt 0 ]
check events_traced grep -q '"events":"kmem:mm_page_alloc migratetype != 1 with stacks, kmem:mm_page_free; not our own' a.json
check table_stack grep -Eq '^ +[a-z_]*pipe_write$' a.txt
check table_process grep -q "  kleak\[$kpid\]\$" a.txt
check table_80_columns [ "$(awk 'length > 80' a.txt | wc -l)" -eq 0 ]
check no_raw_addresses sh -c "! grep -Eq '[0-9a-f]{12,}' a.json a.txt"

# 2. Freed while traced: kleak exits mid-trace and every page it took
# comes back (mm_page_free, pcp lists included): it holds none.  (The
# slab pages its pipes' objects took stay with their caches: counted in
# Slab, they are left out.)
"$TOOLS/kleak" pipe 200 > b.out 2> b.kerr &
kpid=$!
wait_until 5 grep -q ready b.out
"$Q" --json attribute kernel:unaccounted --seconds 6 -n 100000 > b.json 2> b.err &
qpid=$!
sleep 3
kill -TERM $kpid
wait $kpid
wait $qpid
check freed_exit_zero [ $? -eq 0 ]
kleak_allocs() { each b.json processes "$1" "json_extract(value, '\$.pid') = $kpid"; }
check freed_seen [ "$(kleak_allocs allocations)" -ge 1000 ]
check freed_none_held [ "$(kleak_allocs outstanding)" -eq 0 ]
check freed_no_stack [ -z "$(held b.json $kpid 1)" ]

# 3. mlkd: the alert, its trace, its end.  min_growth above what the
# pipes' slab objects grow by (about 0.8 GiB/h at 50 pipes a second),
# below their pages (11 GiB/h): kernel:unaccounted alerts on its own.
journal_own
since=$(date '+%Y-%m-%d %H:%M:%S')
quick_conf c.conf 'min_growth = 3GiB/h' 'attribution = on' \
    'attribution_duration = 5s'
"$TOOLS/kleak" pipe 50 > c.out 2> c.kerr &
kpid=$!
"$MLKD" -f -c c.conf --db c.db 2> c.err &
mpid=$!
state_is() { [ -n "$(sql c.db "SELECT 1 FROM alerts a JOIN series s ON s.id = a.series WHERE s.name = 'kernel:unaccounted' AND a.state = '$1'")" ]; }
attributed() { [ -n "$(sql c.db "SELECT 1 FROM attributions a JOIN series s ON s.id = a.series WHERE s.name = 'kernel:unaccounted'")" ]; }
check alert_opened wait_until 150 state_is open
check attribution_stored wait_until 30 attributed
check still_leaking sh -c "! grep -q 'out of fds' c.kerr"
kill -TERM $kpid
wait $kpid
check alert_resolved wait_until 90 state_is resolved
kill -TERM $mpid
wait $mpid
check daemon_exit_zero [ $? -eq 0 ]
stored() { sql c.db "SELECT $1 FROM attributions a JOIN series s ON s.id = a.series JOIN attribution_stacks t ON t.attribution = a.id WHERE s.name = 'kernel:unaccounted' AND t.processes GLOB '*$kpid * kleak*' ORDER BY t.rank LIMIT 1"; }
check stored_stack sh -c "echo '$(stored "replace(frames, char(10), ' <- ')")' | grep -Eq '(^| )[a-z_]*pipe_write <- '"
check stored_no_error [ -z "$(sql c.db "SELECT error FROM attributions a JOIN series s ON s.id = a.series WHERE s.name = 'kernel:unaccounted' AND error != ''")" ]
"$Q" --db c.db attribute kernel:unaccounted --last > last.txt 2> last.err
check query_last grep -q "  kleak\[$kpid\]" last.txt
wait_until 10 sh -c "journalctl --no-pager --since '$since' MESSAGE_ID=$LEAK_ID MLK_SERIES=kernel:unaccounted 2> /dev/null | grep -q mlkd"
journalctl --no-pager -o export --since "$since" SYSLOG_IDENTIFIER=mlkd \
    MESSAGE_ID=$LEAK_ID MLK_SERIES=kernel:unaccounted _PID=$mpid > c.journal 2> /dev/null
check journal_traced grep -Eq '^MLK_ATTRIBUTION=traced [0-9]+s: [0-9]+ allocations' c.journal
check journal_pipe_stack grep -Eq '^MLK_TOP_STACK=.*pipe_write' c.journal
check no_instance_left sh -c "! ls -d $TR/instances/mlk-$mpid 2> /dev/null"
kill -TERM "$jpid"
wait "$jpid"
