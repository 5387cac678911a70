#!/bin/sh
#
# cycle.sh: run a workload on and off on a fixed schedule, a piece of
# the composite workloads quiet-churn.sh and real-leaks.sh.
#
#   cycle.sh DELAY ON OFF -- COMMAND...
#
# After DELAY seconds, starts COMMAND in a session of its own (setsid(1))
# and, ON seconds later, sends its whole process group SIGTERM; waits OFF
# seconds and starts it again, and so on.  ON = 0 runs COMMAND once, to
# its end.  A COMMAND that ends by itself early (sync; drop_caches) is
# simply not killed: with ON = 420 and OFF = 0 it runs every 420 s.  On
# SIGTERM, SIGINT or SIGHUP (record.sh ends its workload's group so),
# cycle.sh ends the running COMMAND's group too and exits: COMMAND's
# group is not record.sh's, so record.sh could not reach it.
#

usage()
{
	echo "usage: cycle.sh DELAY ON OFF -- COMMAND..." >&2
	exit 2
}

[ $# -ge 5 ] && [ "$4" = "--" ] || usage
delay=$1
on=$2
off=$3
shift 4
case $delay$on$off in
*[!0-9]*)	usage ;;
esac
child=

stop_child()
{
	[ -n "$child" ] || return 0
	kill -s TERM -- "-$child" 2>/dev/null
	wait "$child" 2>/dev/null
	child=
}

# sleep in the background: "wait" returns at once when a trapped
# signal comes, a foreground sleep would not
nap()
{
	[ "$1" -gt 0 ] || return 0
	sleep "$1" &
	wait $!
}

trap 'stop_child; exit 0' TERM INT HUP

nap "$delay"
while :; do
	# a background child is no group leader, so setsid(1) does not
	# fork: $! leads the new session and its group
	setsid "$@" </dev/null &
	child=$!
	if [ "$on" -eq 0 ]; then
		wait "$child"
		exit
	fi
	nap "$on"
	stop_child
	nap "$off"
done
