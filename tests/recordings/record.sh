#!/bin/sh
#
# record.sh: record this machine's /proc while a workload runs, as a
# recording that mlkd --import reads (tests/recordings/NAME.rec.gz).
#
#   record.sh [-w START] NAME SECONDS INTERVAL -- COMMAND...
#
# Every INTERVAL seconds for SECONDS seconds, appends to NAME.rec (next
# to this script) one block: "=== <unix seconds>", then "--- uptime",
# "--- boot_id", "--- meminfo" and "--- slabinfo", each followed by the
# file of that name in /proc.  COMMAND starts after START seconds
# (default a fifth of SECONDS: a quiet baseline first; 0 for a workload
# that schedules itself, like quiet-churn.sh) in its own process group;
# when the time is up the whole group gets SIGTERM (SIGKILL 10 s later
# if any of it is still alive).  A workload that ends early leaves the
# rest of the recording as quiet aftermath.  Finally NAME.rec is gzipped
# -9 to NAME.rec.gz.  Run as root (/proc/slabinfo is readable by root only);
# needs setsid(1) from util-linux.
#
# Example:
#   tests/recordings/record.sh find-usr 600 5 -- \
#       sh -c 'while :; do find /usr -xdev -printf "%s\n"; done >/dev/null'
#

usage()
{
	echo "usage: record.sh [-w START] NAME SECONDS INTERVAL --" \
	    "COMMAND..." >&2
	exit 2
}

wstart=
if [ "${1:-}" = "-w" ]; then
	[ $# -ge 2 ] || usage
	wstart=$2
	shift 2
fi
[ $# -ge 5 ] && [ "$4" = "--" ] || usage
name=$1
seconds=$2
interval=$3
shift 4
case $seconds$interval$wstart in
*[!0-9]*)	usage ;;
esac
[ "$seconds" -gt 0 ] && [ "$interval" -gt 0 ] || usage
[ -n "$wstart" ] || wstart=$((seconds / 5))
case $name in
''|*/*)		usage ;;
esac
if ! command -v setsid >/dev/null 2>&1; then
	echo "record.sh: needs setsid(1) (util-linux)" >&2
	exit 1
fi
for f in /proc/uptime /proc/sys/kernel/random/boot_id /proc/meminfo \
    /proc/slabinfo; do
	if ! [ -r "$f" ]; then
		echo "record.sh: cannot read $f (not root?)" >&2
		exit 1
	fi
done

dir=$(cd "$(dirname "$0")" && pwd) || exit 1
rec=$dir/$name.rec
pgid=
started=
ended=

# Is any process of the workload's group alive (not a zombie)?
group_alive()
{
	[ -n "$pgid" ] || return 1
	cat /proc/[0-9]*/stat 2>/dev/null | sed 's/.*) //' |
	    awk -v g="$pgid" '$3 == g && $1 != "Z" { f = 1 } END { exit !f }'
}

stop_workload()
{
	[ -n "$pgid" ] || return 0
	kill -s TERM -- "-$pgid" 2>/dev/null
	n=0
	while group_alive && [ $n -lt 10 ]; do
		sleep 1
		n=$((n + 1))
	done
	if group_alive; then
		echo "record.sh: workload ignored SIGTERM; SIGKILL" >&2
		kill -s KILL -- "-$pgid" 2>/dev/null
		sleep 1
	fi
	wait "$pgid" 2>/dev/null
	pgid=
}

sample()
{
	{
		echo "=== $(date +%s)"
		echo "--- uptime"
		cat /proc/uptime
		echo "--- boot_id"
		cat /proc/sys/kernel/random/boot_id
		echo "--- meminfo"
		cat /proc/meminfo
		echo "--- slabinfo"
		cat /proc/slabinfo
	} >>"$rec"
}

trap 'stop_workload' EXIT
trap 'echo "record.sh: interrupted; $rec left as is" >&2; exit 130' \
    INT TERM HUP

: >"$rec" || exit 1
start=$(date +%s)
onset=$((start + wstart))
end=$((start + seconds))
k=0
printf 'record.sh: %s: %ss every %ss, workload at +%ss: %s\n' \
    "$name" "$seconds" "$interval" "$wstart" "$*" >&2
while :; do
	now=$(date +%s)
	if [ -z "$pgid" ] && [ "$now" -ge "$onset" ] && [ "$now" -lt "$end" ]
	then
		# a background child is no group leader, so setsid(1)
		# does not fork: $! leads the new session and group
		setsid "$@" </dev/null &
		pgid=$!
		echo "record.sh: $name: workload started, pgid $pgid" >&2
		started=1
	elif [ -n "$pgid" ] && [ -z "${ended:-}" ] && ! group_alive; then
		echo "record.sh: $name: workload ended early at" \
		    "+$((now - start))s" >&2
		ended=1
	fi
	sample
	k=$((k + 1))
	next=$((start + k * interval))
	[ "$next" -lt "$end" ] || break
	now=$(date +%s)
	[ "$next" -le "$now" ] || sleep $((next - now))
done
now=$(date +%s)
[ "$end" -le "$now" ] || sleep $((end - now))
stop_workload
trap - EXIT
[ -n "${started:-}" ] ||
    echo "record.sh: $name: warning: workload never started" >&2
gzip -9 -f "$rec" || exit 1
echo "record.sh: $name: $k blocks, $(wc -c <"$rec.gz") bytes in $rec.gz" >&2
