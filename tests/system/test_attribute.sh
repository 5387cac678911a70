# mlk-query attribute on this machine's kernel: a SysV message leaker and
# a balanced sender of the same messages; a negative-dentry leaker for a
# cache traced by name, and its balanced counterpart; each by call site,
# process and kernel stack.  Events lost while the tracer is stopped; no trigger file; SIGINT and
# SIGKILL mid-trace; and every way it cannot trace, each saying what is
# missing and what to run by hand.
. "$MLK_TOP/tests/system/lib.sh"
machine_lock kernel-leak

TR=/sys/kernel/tracing
# Only the instances of the mlk-query runs started here: other mlkd and
# tests may trace on this machine at the same time.
mine=
q() {	# mlk-query ARGS..., its pid kept in mine
	"$Q" "$@" &
	qp=$!
	mine="$mine $qp"
	wait $qp
}
ours() {	# [PID]: the named run's instance, else any of ours
	for p in ${1:-$mine}; do
		[ -d "$TR/instances/mlk-$p" ] && echo "mlk-$p"
	done
}
instance() { [ -d "$TR/instances/mlk-$1" ]; }
# ...and set up: its stack trigger written, its events being recorded
# (the instance is made first: stopped or killed between the two, it
# traces nothing)
triggered() { grep -qs '^stacktrace' "$TR/instances/mlk-$1/events/kmem/kmalloc/trigger"; }
# counted PID LABEL: some CPU of the run's instance counts LABEL above 0
# (its per_cpu stats: "entries", "dropped events")
counted() { cat "$TR/instances/mlk-$1"/per_cpu/cpu*/stats 2> /dev/null |
    awk -F ': ' -v l="$2" '$1 == l && $2 + 0 > 0 { d = 1 } END { exit !d }'; }
js() { sql :memory: "SELECT json_extract(readfile('$1'), '$2')"; }
# js_like FILE PATH ERE: does the value match?
js_like() { js "$1" "$2" | grep -Eq "$3"; }
# frames FILE WHERE: the frames of the first stack (in JSON order) whose
# object matches the SQL condition WHERE on value, space-separated
frames() { sql :memory: "SELECT (SELECT group_concat(f.value, ' ') FROM json_each(s.value, '\$.frames') f) FROM json_each(json_extract(readfile('$1'), '\$.stacks')) s WHERE $2 ORDER BY s.key LIMIT 1"; }
held() {	# FILE PID FIELD: a process's figure
	sql :memory: "SELECT json_extract(value, '\$.$3') FROM json_each(json_extract(readfile('$1'), '\$.processes')) WHERE json_extract(value, '\$.pid') = $2"
}
held_by() { echo "json_extract(s.value, '\$.processes[0].pid') = $1"; }

# tracefs mounted by attribute itself where it is not: in a mount
# namespace of our own, so that the machine's tracefs stays as it is.
unshare --mount sh -c "umount -l '$TR' && ! mountpoint -q '$TR' &&
    '$Q' attribute kmalloc-64 --seconds 1 > mount.out 2> mount.err &&
    mountpoint -q '$TR'"
check mounts_tracefs [ $? -eq 0 ]

# The cache SysV messages land in: msg_msg-4k (6.11+), else the 4k
# kmalloc cache of accounted allocations.
cache=$(awk '$1 ~ /^(msg_msg-4k|kmalloc-cg-4k)$/ { print $1; exit }' /proc/slabinfo)
cache=${cache:-kmalloc-4k}

# queues in an IPC namespace of their own: no other queue cleanup on
# the machine reaches them, and they go when kleak does
unshare --ipc "$TOOLS/kleak" msg 100 > leak.out &
lpid=$!
unshare --ipc "$TOOLS/kleak" msgecho 300 > echo.out &
epid=$!
wait_until 5 grep -q ready leak.out
wait_until 5 grep -q ready echo.out
q --json attribute "$cache" --seconds 5 > a.json 2> a.err
rc=$?
q attribute "$cache" --seconds 2 > a.txt 2> a.err2
kill -TERM $lpid $epid
wait $lpid $epid

check json_exit_zero [ $rc -eq 0 ]
check names_msg_call_site js_like a.json '$.call_sites[0].call_site' '^(load_msg|alloc_msg)\+0x[0-9a-f]+/0x[0-9a-f]+$'
check names_leaker [ "$(js a.json '$.processes[0].pid')" = "$lpid" ]
check leaker_comm [ "$(js a.json '$.processes[0].comm')" = kleak ]
check leaker_outstanding [ "$(js a.json '$.processes[0].outstanding')" -ge 100 ]
# The balanced sender made more allocations than the leaker, and holds
# at most the one in flight when the trace ended.
check balanced_seen [ "$(held a.json $epid allocations)" -ge 500 ]
check balanced_not_leaking [ "$(held a.json $epid outstanding)" -le 1 ]
# Every allocation freed, outstanding or untracked: none replaced by a
# pointer seen again (a free the trace missed).
check counts_add_up [ "$(js a.json '$.allocations')" -eq $(( $(js a.json '$.freed') + $(js a.json '$.outstanding') + $(js a.json '$.untracked') )) ]
check no_events_lost [ "$(js a.json '$.events_lost')" -eq 0 ]
check no_raw_addresses sh -c "! grep -Eq '[0-9a-f]{12,}' a.json a.txt"
check table_call_site grep -Eq '^ +[0-9]+ +[0-9.]+ [KMG]?i?B +[0-9]+  (load_msg|alloc_msg)\+' a.txt
check table_process grep -q "  kleak\[$lpid\]\$" a.txt
check instance_removed [ -z "$(ours)" ]
# The path from the system call: the top stack, the leaker's, has
# load_msg and the msgsnd above it; the balanced sender holds no stack.
frames a.json 1 > stack.txt
check stack_names_msgsnd grep -Eq '(^| )load_msg( .*)? (do_msgsnd|ksys_msgsnd)( |$)' stack.txt
check stack_held_by_leaker [ "$(js a.json '$.stacks[0].processes[0].pid')" = "$lpid" ]
check stack_balanced_holds_nothing [ -z "$(sql :memory: "SELECT 1 FROM json_each(json_extract(readfile('a.json'), '\$.stacks')) s, json_each(s.value, '\$.processes') p WHERE json_extract(p.value, '\$.pid') = $epid AND json_extract(p.value, '\$.outstanding') > 1")" ]
check stack_no_tracer_frame sh -c "! grep -q trace_event_raw stack.txt"
check stacks_said js_like a.json '$.events' 'kmalloc .* with stacks.*; not our own \(common_pid != [0-9]+\)'
check table_stack grep -Eq '^ +load_msg$' a.txt
check table_held_by grep -Eq "^    held by kleak\[$lpid\] [0-9]+" a.txt
check table_80_columns [ "$(awk 'length > 80' a.txt | wc -l)" -eq 0 ]

# Reading the trace allocates in kmalloc-128 (trace_iter_expand_format):
# the tracer never counts itself (issue 13, item 5).
q --json attribute kmalloc-128 --seconds 3 > self.json 2> self.err
check self_exit_zero [ $? -eq 0 ]
check not_itself [ -z "$(sql :memory: "SELECT 1 FROM json_each(json_extract(readfile('self.json'), '\$.processes')) WHERE json_extract(value, '\$.pid') = $qp")" ]

# A cache of its own, traced by name where the kernel names it:
# negative dentries from stat() of names that do not exist.
# Its balanced counterpart makes as many, each batch of 10 freed by
# unmounting the tmpfs they were looked up in (in a mount namespace of
# its own), and holds a tenth of them at most.
mkdir dir edir
"$TOOLS/kleak" dentry 500 "$PWD/dir" > dentry.out &
dpid=$!
unshare --mount "$TOOLS/kleak" dentryecho 500 "$PWD/edir" > decho.out &
depid=$!
wait_until 5 grep -q ready dentry.out
wait_until 5 grep -q ready decho.out
q --json attribute dentry --seconds 3 -n 1000 > d.json 2> d.err
kill -TERM $dpid $depid
wait $dpid $depid
check dentry_events js_like d.json '$.events' 'kmem_cache_alloc (name == "dentry"|bytes_alloc == )'
check dentry_call_site js_like d.json '$.call_sites[0].call_site' '^_*d_alloc'
check dentry_no_kmalloc_events sh -c "! grep -q 'kmem:kmalloc' d.json"
# Other processes on the machine make dentries too (another suite, a
# build): the leaker holds most of the 1,500 it made, wherever it ranks,
# and its top stack reaches the lookup.
check dentry_leaker [ "$(held d.json $dpid outstanding)" -ge 1000 ]
check dentry_balanced_made [ "$(held d.json $depid allocations)" -ge 1000 ]
# (dentries are freed an RCU grace period after their unmount: a loaded
# machine may not have freed the last few batches when the trace ends)
check dentry_balanced_holds_nothing [ "$(( $(held d.json $depid outstanding) * 10 ))" -le "$(held d.json $depid allocations)" ]
check dentry_stack_lookup sh -c "echo '$(frames d.json "$(held_by $dpid)")' | grep -Eq '(^| )(__)?(lookup_slow|filename_lookup|vfs_statx)( |$)'"

# Events lost: the tracer stopped while a sender goes as fast as it can
# fills the kernel's buffer; what did not fit is counted.
unshare --ipc "$TOOLS/kleak" msgecho 1000000 > fast.out &
fpid=$!
wait_until 5 grep -q ready fast.out
"$Q" --json attribute "$cache" --seconds 6 > lost.json 2> lost.err &
qpid=$!
mine="$mine $qpid"
wait_until 10 counted $qpid entries
kill -STOP $qpid
# until the kernel drops some (a loaded machine sends slower)
wait_until 30 counted $qpid "dropped events"
kill -CONT $qpid
wait $qpid
kill -TERM $fpid
wait $fpid
check lost_counted [ "$(js lost.json '$.events_lost')" -gt 0 ]

# No trigger file: tracefs as this kernel's, but for the kmalloc and
# kmem_cache_alloc directories of a fixture without one.  Call sites only,
# saying why.  Our own sender makes the allocations it sees.
unshare --ipc "$TOOLS/kleak" msgecho 300 > nt.out &
ntpid=$!
wait_until 5 grep -q ready nt.out
mkdir tfs
unshare --mount sh -c "mount --bind $TR tfs && for e in kmalloc kmem_cache_alloc; do
	mount -t tmpfs fixture tfs/events/kmem/\$e &&
	cp $TR/events/kmem/\$e/format $TR/events/kmem/\$e/id tfs/events/kmem/\$e/ || exit 1
done && MLK_TRACEFS=\$PWD/tfs '$Q' --json attribute '$cache' --seconds 1" > nt.json 2> nt.err
rc=$?
kill -TERM $ntpid
wait $ntpid
check no_trigger_traces [ $rc -eq 0 ]
check no_trigger_says js_like nt.json '$.stacks_unavailable' 'no events/kmem/kmalloc/trigger'
check no_trigger_no_stacks [ "$(sql :memory: "SELECT json_array_length(readfile('nt.json'), '\$.stacks')")" = 0 ]
check no_trigger_call_sites [ "$(sql :memory: "SELECT json_type(readfile('nt.json'), '\$.call_sites[0]')")" = object ]

# SIGINT: what was traced so far, and the instance gone.
"$Q" attribute kmalloc-64 --seconds 60 > int.out 2> int.err &
qpid=$!
mine="$mine $qpid"
wait_until 10 instance $qpid
kill -INT $qpid
wait $qpid
check sigint_exit_zero [ $? -eq 0 ]
check sigint_says grep -q interrupted int.err
check sigint_report grep -q '^slab:kmalloc-64: traced' int.out
check sigint_instance_removed [ -z "$(ours $qpid)" ]

# SIGKILL leaves the instance behind; the next start removes it.
"$Q" attribute kmalloc-64 --seconds 60 > /dev/null 2>&1 &
kpid=$!
wait_until 10 triggered $kpid
kill -KILL $kpid
wait $kpid 2> /dev/null
check sigkill_leaves_instance instance $kpid
check sigkill_leaves_trigger grep -q '^stacktrace' "$TR/instances/mlk-$kpid/events/kmem/kmalloc/trigger"
q attribute kmalloc-64 --seconds 1 > /dev/null 2>&1
check next_start_cleans [ -z "$(ours $kpid)" ]

# Root without a single capability, as mlkd.service runs: tracefs files
# are root's own, and owning a file needs no capability.
setpriv --bounding-set=-all --inh-caps=-all --no-new-privs "$Q" attribute kmalloc-64 --seconds 1 > cap.out 2> cap.err &
mine="$mine $!"
wait $!
check capless_traces grep -q '^slab:kmalloc-64: traced' cap.out

# What it cannot do, said clearly, with the commands to run by hand.
manual() { grep -q "$1" "$2" && grep -q 'trace-cmd record' "$2" && grep -q kmemleak "$2"; }
setpriv --reuid=65534 --regid=65534 --clear-groups "$Q" attribute dentry > np.out 2> np.err
check nonroot_exit_one [ $? -eq 1 ]
check nonroot_says manual 'needs root' np.err
MLK_TRACEFS=$PWD/none "$Q" attribute dentry > nt.out 2> nt.err
check no_tracefs_exit_one [ $? -eq 1 ]
check no_tracefs_says manual "no tracefs at $PWD/none" nt.err
mkdir -p fake/instances fake/events
MLK_TRACEFS=$PWD/fake "$Q" attribute dentry > ne.out 2> ne.err
check no_kmem_events_says manual 'has no kmalloc, kfree' ne.err
"$Q" attribute no_such_cache > nc.out 2> nc.err
check unknown_cache_exit_one [ $? -eq 1 ]
check unknown_cache_says grep -q 'no slab cache no_such_cache' nc.err
"$Q" attribute meminfo:Slab > nm.out 2> nm.err
check not_a_slab_cache grep -q 'not a slab cache' nm.err
# vmalloc: nothing to trace, the caller is named; its areas instead.
"$MLKD" -c /dev/null --once --db v.db 2> /dev/null
caller=$(sql v.db "SELECT name FROM series WHERE name LIKE 'vmalloc:%' LIMIT 1")
"$Q" --db v.db attribute "$caller" > nv.out 2> nv.err
check vmalloc_explains grep -q 'vmallocinfo names the caller' nv.out
check vmalloc_areas grep -q 'areas' nv.out
q attribute dentry --seconds 0 > /dev/null 2> ns.err
check bad_seconds grep -q 'expected a positive count' ns.err
check no_instance_left [ -z "$(ours)" ]
