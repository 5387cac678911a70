# The seeds' own loop, as they run it on a sick machine, while this
# machine's kernel leaks (kleak holds SysV messages: a msg_msg cache, or
# kmalloc-cg-4k before 6.x kernels had one): mlkd --import --step takes
# its timestamp-less, section-less output as it is and raises the alert
# on the leaking cache.  Without --step the file is refused, naming it.
. "$MLK_TOP/tests/system/lib.sh"
machine_lock kernel-leak

quick_conf seed.conf
# About 1.4 GB/h, its queues in an IPC namespace of their own.
unshare --ipc "$TOOLS/kleak" msg 100 > kleak.out 2> kleak.err &
kpid=$!
wait_until 10 grep -q ready kleak.out
# The loop of the seed articles, word for word but for the file's place.
sh -c 'while true; do sleep 1; cat /proc/slabinfo >> slabinfo.txt; echo "===" >> slabinfo.txt; done' &
loop=$!
sleep 90
kill $loop
wait $loop 2> /dev/null
kill -TERM $kpid
wait $kpid

blocks=$(grep -c '^===$' slabinfo.txt)
check recorded [ "$blocks" -ge 60 ]

"$MLKD" -c seed.conf --db none.db --import slabinfo.txt 2> none.err
check no_step_exit1 [ $? -eq 1 ]
check no_step_names_step grep -q 'slabinfo.txt: line 1: a block without a timestamp.*--step' none.err
check no_step_nothing_stored [ "$(sql none.db 'SELECT count(*) FROM samples' 2> /dev/null || echo 0)" -eq 0 ]

"$MLKD" -c seed.conf --db seed.db --import slabinfo.txt --step 1s 2> seed.err
check import_exit0 [ $? -eq 0 ]
check every_block [ "$(sql seed.db 'SELECT count(*) FROM samples WHERE sources = 2')" -eq "$blocks" ]
# By default the last block is at the file's mtime, one second apart.
check last_at_mtime [ "$(sql seed.db 'SELECT max(time) FROM samples')" -eq "$(stat -c %Y slabinfo.txt)" ]
check one_second_apart [ "$(sql seed.db 'SELECT max(time) - min(time) FROM samples')" -eq $((blocks - 1)) ]
leak_series="(s.name LIKE 'slab:msg_msg%' OR s.name = 'slab:kmalloc-cg-4k')"
check alert_raised [ -n "$(sql seed.db "SELECT 1 FROM alerts a JOIN series s ON s.id = a.series WHERE $leak_series")" ]
check stderr_has_alert grep -Eq 'slab cache (msg_msg[^ ]*|kmalloc-cg-4k) grew' seed.err

# --start puts the first block where it is told.
"$MLKD" -c seed.conf --db start.db --import slabinfo.txt --step 2s --start 2026-01-01T00:00:00Z 2> start.err
check start_given [ "$(sql start.db 'SELECT min(time), max(time) - min(time) FROM samples')" = "1767225600|$((2 * (blocks - 1)))" ]
check integrity integrity_ok seed.db
