#!/bin/sh
#
# real-leaks.sh: the workload of real-leaks-x60.rec.xz: 40 minutes of
# mild churn with three real kernel leaks (kleak) started partway, each
# running to the end (seconds from the start; rates per real minute):
#
#   find /usr -xdev loop, sock-churn.py  0 to the end (no drop_caches)
#   kleak msg 85                  from 360: 85 messages of 4000 B a second,
#                                 one msg_msg-4k object each: 21 MB/min
#   kleak dentry 1700 DIR         from 720: 1700 negative dentries a
#                                 second (192 B objects): 20 MB/min
#   kleak pipe 4, twice           from 1080: 8 pipes of 64 KiB a second,
#                                 pages in no slab cache: 31 MB/min
#
# Two pipe processes, because each pipe takes two fds and this machine's
# hard RLIMIT_NOFILE (20000, no CAP_SYS_RESOURCE to raise it) holds only
# 9998 pipes, fewer than 8 a second for 22 minutes.  For the same want
# of CAP_SYS_RESOURCE the message queues cannot be made deeper one by
# one, so kernel.msgmnb goes from 16 KiB (4 messages a queue: 43000
# queues, past msgmni and kleak's 16384) to 64 KiB (16 a queue) while
# this runs, and back at the end.  DIR is /var/tmp/mlk-negdentry, on
# the root file system, made here and removed at the end (which frees
# its negative dentries).  Needs root and build/tools/kleak
# (make build/tools/kleak); run by record.sh with -w 0, until SIGTERM.
#

dir=$(cd "$(dirname "$0")" && pwd) || exit 1
c=$dir/cycle.sh
kleak=$dir/../../build/tools/kleak
ddir=/var/tmp/mlk-negdentry
mnb=/proc/sys/kernel/msgmnb

[ -x "$kleak" ] || { echo "real-leaks.sh: no $kleak" >&2; exit 1; }
mkdir -p "$ddir" || exit 1
oldmnb=$(cat "$mnb") || exit 1
echo 65536 >"$mnb" || exit 1

finish()
{
	kill -s TERM $(jobs -p) 2>/dev/null
	wait
	echo "$oldmnb" >"$mnb"
	rmdir "$ddir"
	exit 0
}
trap finish TERM INT HUP

sh "$c" 0 0 0 -- sh -c 'while :; do find /usr -xdev -printf "%s\n"; done \
    >/dev/null 2>&1' &
sh "$c" 0 0 0 -- python3 "$dir/sock-churn.py" &
sh "$c" 360 0 0 -- sh -c 'exec "$0" msg 85 >/dev/null' "$kleak" &
sh "$c" 720 0 0 -- sh -c 'exec "$0" dentry 1700 "$1" >/dev/null' \
    "$kleak" "$ddir" &
sh "$c" 1080 0 0 -- sh -c 'exec "$0" pipe 4 >/dev/null' "$kleak" &
sh "$c" 1080 0 0 -- sh -c 'exec "$0" pipe 4 >/dev/null' "$kleak" &
wait
