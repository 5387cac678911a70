# A full disk: mlkd on a small tmpfs of its own (in a mount namespace of
# its own) says once that the database is full, keeps running without
# corrupting it, and stores again once space is freed.
. "$MLK_TOP/tests/system/lib.sh"
own_mounts

mkdir disk
mount -t tmpfs -o size=4m mlk-full-disk disk
fixture_root linux-4.19-slub root
# a thousand more caches: each sample takes some room
{ cat root/slabinfo
  seq 1 1000 | awk '{ printf "mlk_fill_%04d %d %d 64 64 1 : tunables 0 0 0 : slabdata %d %d 0\n", $1, $1, $1, $1, $1 }'
} > root/slabinfo.new && mv root/slabinfo.new root/slabinfo

"$MLKD" -c /dev/null -f --interval 1 --proc-root root --db disk/d.db 2> d.err &
pid=$!
samples() { sql disk/d.db 'SELECT count(*) FROM samples'; }
more_than() { [ "$(samples)" -gt "$1" ]; }
check first_samples wait_until 10 more_than 1

# Fill what is left; mlkd meets a full disk on its next writes.
dd if=/dev/zero of=disk/filler bs=64k 2> /dev/null
check says_full wait_until 20 grep -q 'database or disk is full' d.err
sleep 3
check still_running kill -0 $pid
check said_once [ "$(grep -c 'database or disk is full' d.err)" -eq 1 ]

# Room again: sampling goes on, into the same intact database.
rm disk/filler
n=$(samples)
check stores_again wait_until 20 more_than "$n"
check says_recovered grep -q 'database: working again' d.err
kill -TERM $pid
wait $pid
check exit_zero [ $? -eq 0 ]
check integrity integrity_ok disk/d.db
umount disk
