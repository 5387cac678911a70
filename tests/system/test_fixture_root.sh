# mlkd -f on a fixture proc root that the test rewrites between samples:
# a growing cache must be stored with exact figures, a new boot id must
# start a new boot.
. "$MLK_TOP/tests/system/lib.sh"

fixture_root linux-4.19-slub root
cp root/slabinfo base.slabinfo
# grow STEP: a cache of 64 objects per 1-page slab, STEP*10 slabs.
grow() {
	{ cat base.slabinfo
	  printf 'mlk_test_cache    %6d %6d     64   64    1 : tunables    0    0    0 : slabdata %6d %6d      0\n' \
		$(( $1 * 640 )) $(( $1 * 640 )) $(( $1 * 10 )) $(( $1 * 10 ))
	} > root/slabinfo.new
	mv root/slabinfo.new root/slabinfo
}
count() { sql f.db 'SELECT count(*) FROM samples WHERE sources & 2'; }
more_than() { [ "$(count)" -gt "$1" ]; }

grow 1
"$MLKD" -f --interval 1 --proc-root root --sys-root root/sys --db f.db 2> f.err &
pid=$!
ok=1
for step in 2 3 4; do
	wait_until 10 more_than 0 || ok=0
	n=$(count)
	wait_until 10 more_than $((n + 1)) || ok=0	# one full sample of the old text
	grow $step
done
n=$(count)
wait_until 10 more_than $((n + 1)) || ok=0
echo "7a1c5d2e-0000-4000-8000-00000000beef" > root/sys/kernel/random/boot_id
n=$(count)
wait_until 10 more_than $((n + 1)) || ok=0
kill -TERM $pid
wait $pid
check exit_zero [ $? -eq 0 ]
check samples_taken [ $ok -eq 1 ]
# Every step's exact bytes, in order: STEP * 10 slabs * 1 page * 4096.
got=$("$Q" --db f.db --json history mlk_test_cache | tr '{' '\n' | sed -n 's/.*"bytes":\([0-9]*\).*/\1/p' | uniq | tr '\n' ' ')
check growth_exact [ "$got" = "40960 81920 122880 163840 " ]
objs=$("$Q" --db f.db --json history mlk_test_cache | grep -o '"objects":[0-9]*' | sort -t: -k2 -n | tail -n 1)
check active_objects [ "$objs" = '"objects":2560' ]
memtotal=$("$Q" --db f.db --json history meminfo:MemTotal | grep -o '"bytes":[0-9]*' | sort -u)
check fixture_memtotal [ "$memtotal" = "\"bytes\":$(awk '/^MemTotal:/ { printf "%.0f", $2 * 1024 }' root/meminfo)" ]
check two_boots [ "$(sql f.db 'SELECT count(*) FROM boots')" -eq 2 ]
check boot_split [ "$(sql f.db "SELECT count(*) FROM samples s JOIN boots b ON b.id = s.boot WHERE b.boot_id LIKE '7a1c5d2e%'")" -ge 1 ]
check integrity integrity_ok f.db
check no_warnings [ -z "$(grep -v -e "sampling every" -e "detection armed" -e "signal 15: stopping" -e "^mlkd: stopped" f.err)" ]

# A cache name with a quote and a backslash comes out as valid JSON
# (and as one CSV field) with the name intact.
fixture_root linux-6.8-slub odd
{ head -n 2 odd/slabinfo
  printf '%s 64 64 64 64 1 : tunables 0 0 0 : slabdata 1 1 0\n' 'odd"na\me'
} > odd/slabinfo.new && mv odd/slabinfo.new odd/slabinfo
"$MLKD" --once --proc-root odd --db odd.db 2> /dev/null
"$Q" --db odd.db --json history 'odd"na\me' > odd.json
check json_valid_odd_name [ "$(sqlite3 :memory: "SELECT json_valid(readfile('odd.json'))")" = 1 ]
check json_name_intact [ "$(sqlite3 :memory: "SELECT count(*) FROM json_each(readfile('odd.json'))")" = 1 ]
"$Q" --db odd.db --json diff -n 5000 > odddiff.json
check json_diff_name [ "$(sqlite3 :memory: "SELECT count(*) FROM json_each(readfile('odddiff.json')) WHERE json_extract(value, '\$.series') = 'slab:odd\"na\\me'")" = 1 ]
"$Q" --db odd.db --csv diff -n 5000 > odddiff.csv
check csv_quoted_name grep -q '^"slab:odd""na\\me",' odddiff.csv
