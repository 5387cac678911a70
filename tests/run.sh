#!/bin/sh
# Run the unit test binaries (and system test scripts, *.sh) given as
# arguments, then (unless the first argument is --unit-only) every system
# test script, and end with the line "N passed, N failed".  Each system
# test runs in its own temporary directory; logs are kept only for
# failures, under tests/out/run.*/.
top=$(cd "$(dirname "$0")/.." && pwd)
# a directory per run: two runs at once keep their own logs
mkdir -p "$top/tests/out"
out=$(mktemp -d "$top/tests/out/run.XXXXXX")
pass=0
fail=0

# Count PASS/FAIL lines; a runner that died without saying so is a failure.
tally() {	# name status logfile
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

# A system test script, in a temporary directory of its own.
system_test() {
	name=$(basename "$1" .sh)
	dir=$(mktemp -d "${TMPDIR:-/tmp}/mlk-$name.XXXXXX")
	(cd "$dir" && MLK_TOP="$top" timeout 600 sh "$1") > "$out/$name.log" 2>&1
	tally "$name" $? "$out/$name.log"
	rm -rf "$dir"
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

for t in "$top"/tests/system/test_*.sh; do
	[ -n "$units_only" ] && break
	system_test "$t"
done

rmdir "$out" 2> /dev/null	# empty unless something failed
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
