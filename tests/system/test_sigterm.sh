# SIGTERM (and SIGKILL) while a large sample is being written: the
# database stays intact and holds only whole samples.
. "$MLK_TOP/tests/system/lib.sh"

fixture_root linux-4.19-slub root
# 20000 more caches make each transaction long enough to be hit.
awk 'NR > 2 { print }' root/slabinfo > rows
{ head -n 2 root/slabinfo; cat rows
  seq 1 20000 | awk '{ printf "mlk_big_%05d  %d %d 64 64 1 : tunables 0 0 0 : slabdata %d %d 0\n", $1, $1, $1, $1, $1 }'
} > root/slabinfo.new && mv root/slabinfo.new root/slabinfo

# The first cache and the last of every slabinfo sample: both or neither.
rows_of() { "$Q" --db s.db --json history "$1" | grep -o '"time"' | wc -l; }
whole_samples() {
	n=$(sql s.db 'SELECT count(*) FROM samples WHERE sources & 2')
	[ "$(rows_of meminfo:MemTotal)" -eq "$n" ] &&
	    [ "$(rows_of mlk_big_00001)" -eq "$n" ] &&
	    [ "$(rows_of mlk_big_20000)" -eq "$n" ]
}
ok_term=1
ok_kill=1
for i in 1 2 3 4 5 6; do
	"$MLKD" -f --interval 1 --proc-root root --db s.db 2>> s.err &
	pid=$!
	sleep "$(awk -v s="$i" 'BEGIN { srand(s); printf "%.2f", 0.3 + rand() * 1.5 }')"
	if [ $((i % 3)) -eq 0 ]; then
		kill -KILL $pid
		wait $pid
		integrity_ok s.db && whole_samples || ok_kill=0
	else
		kill -TERM $pid
		wait $pid || ok_term=0
		integrity_ok s.db && whole_samples || ok_term=0
	fi
done
check sigterm_clean [ $ok_term -eq 1 ]
check sigkill_atomic [ $ok_kill -eq 1 ]
check samples_written [ "$(sql s.db 'SELECT count(*) FROM samples WHERE sources & 3 = 3')" -ge 4 ]
