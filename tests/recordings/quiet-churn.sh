#!/bin/sh
#
# quiet-churn.sh: the workload of quiet-churn-x60.rec.xz: 40 minutes of
# cache and socket churn with no leak, every piece of it freed or
# reclaimable.  Four loops on staggered on/off cycles (cycle.sh), so the
# caches breathe with different periods (seconds from the start):
#
#   find / -xdev; find /usr -xdev   on 600, off 300: 0-600, 900-1500, 1800-2400
#   tar of /usr/share, extract, rm  from 120, on 300, off 240 (period 540)
#   sock-churn.py (300 conn/s)      from 60, on 180, off 120 (period 300)
#   sync; drop_caches (2)           at 210 and every 420 s after
#
# Run by record.sh with -w 0; runs until record.sh ends it (SIGTERM).
#

dir=$(cd "$(dirname "$0")" && pwd) || exit 1
c=$dir/cycle.sh

sh "$c" 0 600 300 -- sh -c 'while :; do
	find / -xdev -printf "%s\n"; find /usr -xdev -printf "%s\n"
done >/dev/null 2>&1' &
sh "$c" 120 300 240 -- sh -c 'd=$(mktemp -d /tmp/mlk-rec.XXXXXX) || exit 1
trap "rm -rf \"\$d\"; exit 0" TERM
while :; do
	tar -C /usr -cf "$d/share.tar" share && mkdir "$d/x" &&
	    tar -C "$d/x" -xf "$d/share.tar"
	rm -rf "$d/x" "$d/share.tar"
done' &
sh "$c" 60 180 120 -- python3 "$dir/sock-churn.py" &
sh "$c" 210 420 0 -- sh -c 'sync; echo 2 >/proc/sys/vm/drop_caches' &
trap 'kill -s TERM $(jobs -p) 2>/dev/null; wait; exit 0' TERM INT HUP
wait
