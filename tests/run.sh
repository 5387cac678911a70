#!/bin/sh
# Run the unit test binaries given as arguments, then (unless the first
# argument is --unit-only) every system test script, and end with the
# line "N passed, N failed".  Each system test runs in its own temporary
# directory; logs are kept only for failures, under tests/out/.
top=$(cd "$(dirname "$0")/.." && pwd)
out="$top/tests/out"
rm -rf "$out"
mkdir -p "$out"
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

units_only=
[ "${1:-}" = --unit-only ] && units_only=1 && shift
for t in "$@"; do
	name=$(echo "$t" | sed 's|^.*build/||; s|/|_|g')
	"$t" > "$out/$name.log" 2>&1
	tally "$name" $? "$out/$name.log"
done

for t in "$top"/tests/system/test_*.sh; do
	[ -n "$units_only" ] && break
	name=$(basename "$t" .sh)
	dir=$(mktemp -d "${TMPDIR:-/tmp}/mlk-$name.XXXXXX")
	(cd "$dir" && MLK_TOP="$top" timeout 300 sh "$t") > "$out/$name.log" 2>&1
	tally "$name" $? "$out/$name.log"
	rm -rf "$dir"
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
