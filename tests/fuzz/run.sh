#!/bin/sh
# run.sh SECONDS HARNESS...: libFuzzer on each harness for SECONDS, from
# its committed corpus (tests/fuzz/corpus/NAME, read only) into a working
# corpus beside the binary.  Ends with "N passed, N failed"; a crash's
# input is kept as crash-* beside the binary.
seconds=$1
shift
top=$(cd "$(dirname "$0")/../.." && pwd)
pass=0
fail=0
for bin in "$@"; do
	name=$(basename "$bin")
	name=${name#fuzz_}
	dir=$(dirname "$bin")
	work=$dir/corpus/$name
	mkdir -p "$work"
	if "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 \
	    -artifact_prefix="$dir/crash-$name-" "$work" \
	    "$top/tests/fuzz/corpus/$name" > "$dir/$name.log" 2>&1; then
		echo "PASS fuzz/$name: $(grep -o 'Done [0-9]* runs' "$dir/$name.log" | tail -n 1) in ${seconds}s"
		pass=$((pass + 1))
	else
		echo "FAIL fuzz/$name: see $dir/$name.log"
		tail -n 30 "$dir/$name.log"
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
