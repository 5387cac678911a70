# mlkd and mlk-query built with AddressSanitizer, UndefinedBehaviorSanitizer
# and LeakSanitizer (build/asan/bin, made by make asan and make check) on
# the paths that bad input takes and on every early exit: -n, -p, --help,
# a config with a typo, bad lines in every source, a recording with bad
# blocks, corrupt and foreign databases, nothing readable.  Any report
# fails the case: the sanitizers exit non-zero and print it.
. "$MLK_TOP/tests/system/lib.sh"

AD=$top/build/asan/bin/mlkd
AQ=$top/build/asan/bin/mlk-query
export ASAN_OPTIONS=detect_leaks=1:exitcode=66 UBSAN_OPTIONS=halt_on_error=1:exitcode=66
# clean STDERR-FILE STATUS [EXPECTED]: the expected status, no report
clean() {
	[ "$2" -eq "${3:-0}" ] && ! grep -Eq 'Sanitizer|runtime error' "$1"
}
run() {	# NAME EXPECTED PROGRAM ARGS...
	name=$1 want=$2
	shift 2
	"$@" > "$name.out" 2> "$name.err"
	check "$name" clean "$name.err" $? "$want"
}

printf 'interval = 30s\nwindw = 5min\n' > typo.conf
printf 'interval = 10min\nwindow = 18min\n' > short.conf
run check_default 0 "$AD" -n -c /dev/null
run check_typo 1 "$AD" -n -c typo.conf
run check_short_window 1 "$AD" -n -c short.conf
run check_missing 1 "$AD" -n -c missing.conf
run print 0 "$AD" -p -c /dev/null --interval 10min
run bad_interval 1 "$AD" -n -c /dev/null --interval 2h
run help 0 "$AD" --help
run bad_option 2 "$AD" --no-such-option
run query_help 0 "$AQ" --help

# Bad lines in every source, and the same as a recording's middle block.
fixture_root linux-6.8-slub root
printf 'Cached: 1 kB\nHuge: 18014398509481983 kB\nxyz\n' >> root/meminfo
printf 'a123456789b123456789c123456789d123456789e123456789f123456789abcd 1 1 8 512 1 : tunables 0 0 0 : slabdata 1 1 0\nbad\377name 1 1 8 512 1 : tunables 0 0 0 : slabdata 1 1 0\n' >> root/slabinfo
printf '0xffffb1d742004000-0xffffb1d742015000 big x+0x1/0x2\n' >> root/vmallocinfo
run once_bad_lines 0 "$AD" -c /dev/null --once --proc-root root --db a.db
for cmd in status top snapshot diff vmalloc alerts; do
	run "query_$cmd" 0 "$AQ" --db a.db --json $cmd
done
run query_history 0 "$AQ" --db a.db history dentry
{
	for t in 1767225600 1767225660 1767225720; do
		echo "=== $t"
		for f in meminfo slabinfo vmallocinfo; do
			echo "--- $f"
			cat "root/$f"
		done
	done
	echo "=== not a time"
} > r.rec
run import_bad_blocks 0 "$AD" -c /dev/null --db r.db --import r.rec
run nothing_readable 1 "$AD" -c /dev/null --once --proc-root /nonexistent --db e.db

head -c 16384 /dev/urandom > corrupt.db
run corrupt_db 1 "$AD" -c /dev/null --once --db corrupt.db
run corrupt_db_query 1 "$AQ" --db corrupt.db status
sql other.db 'CREATE TABLE invoices(id, total)'
run foreign_db 1 "$AD" -c /dev/null --once --db other.db
run missing_db_query 1 "$AQ" --db missing.db status
