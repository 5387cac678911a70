#!/bin/sh
# Run the unit test binaries (and system test scripts, *.sh) given as
# arguments, then (unless the first argument is --unit-only) every system
# test script, and end with the line "N passed, N failed".  Each system
# test runs in its own temporary directory; logs are kept only for
# failures, under tests/out/run.*/.  The system tests run MLK_TEST_JOBS
# at a time (default 2): most of their time is spent waiting on a live
# mlkd, and each touches only what it made (those that make the kernel
# keep memory take turns through machine_lock), so they pass side by
# side, as two suites at once do; their results are told in order once
# all have run.
top=$(cd "$(dirname "$0")/.." && pwd)
njobs=${MLK_TEST_JOBS:-2}
case $njobs in
''|*[!0-9]*|0)
	echo "run.sh: MLK_TEST_JOBS=$njobs: a number of system tests to run at once, 1 or more" >&2
	exit 2 ;;
esac
# a directory per run: two runs at once keep their own logs
mkdir -p "$top/tests/out"
out=$(mktemp -d "$top/tests/out/run.XXXXXX")
pass=0
fail=0

# Count PASS/FAIL lines; a runner that died without saying so is a failure.
tally() {	# name status logfile
	if [ ! -f "$3" ]; then
		echo "FAIL $1: never ran"
		fail=$((fail + 1))
		return
	fi
	p=$(grep -c '^PASS ' "$3")
	f=$(grep -c '^FAIL ' "$3")
	grep -E '^(PASS|FAIL) ' "$3"
	if [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL $1: exited $2"
		f=1
	fi
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL $1: ran no test"
		f=1
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$f" -gt 0 ]; then
		echo "--- log of $1: $3"
		tail -n 40 "$3"
	else
		rm -f "$3"
	fi
}

# A system test script, in a temporary directory of its own: its log
# and exit status into $out.
system_run() {
	name=$(basename "$1" .sh)
	dir=$(mktemp -d "${TMPDIR:-/tmp}/mlk-$name.XXXXXX")
	(cd "$dir" && MLK_TOP="$top" timeout 600 sh "$1") > "$out/$name.log" 2>&1
	echo $? > "$out/$name.status"
	rm -rf "$dir"
}

# What system_run left of a script, told: a script that left no status
# failed.
told() {	# script
	name=$(basename "$1" .sh)
	tally "$name" "$(cat "$out/$name.status" 2> /dev/null || echo 1)" \
	    "$out/$name.log"
	rm -f "$out/$name.status"
}

system_test() {
	system_run "$1"
	told "$1"
}

# One of MLK_TEST_JOBS lanes: each takes the next script nobody has
# claimed (a rename is atomic: one lane's succeeds) until none is left,
# and says when each is done, so that minutes of waiting on live daemons
# do not pass in silence.
lane() {
	for q in "$out"/queue/*; do
		mv "$q" "$out/claimed/" 2> /dev/null || continue
		start=$(date +%s)
		system_run "$top/tests/system/${q##*/}"
		echo "... $name done in $(( $(date +%s) - start )) s"
	done
}

units_only=
[ "${1:-}" = --unit-only ] && units_only=1 && shift
for t in "$@"; do
	case $t in
	*.sh)	system_test "$top/$t"; continue ;;
	esac
	name=$(echo "$t" | sed 's|^.*build/||; s|/|_|g')
	"$t" > "$out/$name.log" 2>&1
	tally "$name" $? "$out/$name.log"
done

if [ -z "$units_only" ]; then
	mkdir "$out/queue" "$out/claimed"
	for t in "$top"/tests/system/test_*.sh; do
		: > "$out/queue/${t##*/}"
	done
	# background lanes ignore SIGINT: stopped here, they stop too
	lanes=
	trap 'kill $lanes 2> /dev/null; exit 130' INT TERM
	j=0
	while [ $j -lt "$njobs" ]; do
		lane &
		lanes="$lanes $!"
		j=$((j + 1))
	done
	wait
	trap - INT TERM
	rm -rf "$out/queue" "$out/claimed"
	for t in "$top"/tests/system/test_*.sh; do
		told "$t"
	done
fi

rmdir "$out" 2> /dev/null	# empty unless something failed
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
