# One bad line costs that line, never the sample (issue 12, items 6-8):
# a meminfo key given twice, with a NUL, or too big for 63 bits; a slab
# cache name of 64 bytes and pages past 63 bits; two vmalloc type words
# of 96 bytes; CRLF line ends.  Both the daemon and --import store the
# rest, say what they skipped once, and never wrap a number.
. "$MLK_TOP/tests/system/lib.sh"

fixture_root linux-6.8-slub root
long=a123456789b123456789c123456789d123456789e123456789f123456789abcd
ty=$(printf 'x%.0s' $(seq 96))
{
	cat "$FIX/linux-6.8-slub/meminfo"
	grep '^Cached:' "$FIX/linux-6.8-slub/meminfo" | sed 's/[0-9][0-9]*/7/'
	echo 'Huge:           18014398509481983 kB'
	printf 'Ina\000ctive:     3 kB\n'
} > root/meminfo
{
	cat "$FIX/linux-6.8-slub/slabinfo"
	echo "$long  1 1 8 512 1 : tunables 0 0 0 : slabdata 1 1 0"
	echo "hugepages 1 1 8 512 1024 : tunables 0 0 0 : slabdata 1 9007199254740992 0"
} > root/slabinfo
{
	cat "$FIX/linux-6.8-slub/vmallocinfo"
	echo "0xffffb1d742004000-0xffffb1d742015000   69632 mlk_long+0x1/0x2 pages=16 ${ty}a ${ty}b"
} > root/vmallocinfo
sed -i 's/$/\r/' root/slabinfo

"$MLKD" -c /dev/null --once --proc-root root --db a.db 2> a.err
check once_exit0 [ $? -eq 0 ]
check once_all_sources [ "$(sql a.db 'SELECT sources FROM samples')" -eq 15 ]
series() { sql a.db "SELECT count(*) FROM series WHERE name $1"; }
check meminfo_kept [ "$(series "= 'meminfo:MemTotal'")" -eq 1 ]
check slab_kept [ "$(series "= 'slab:dentry'")" -eq 1 ]
check vmalloc_kept [ "$(series "= 'vmalloc:alloc_large_system_hash'")" -eq 1 ]
check first_cached_kept [ "$(sql a.db "SELECT count(*) FROM series WHERE name = 'meminfo:Cached'")" -eq 1 ]
check no_wrapped_value [ "$(series "IN ('meminfo:Huge', 'meminfo:Ina', 'slab:hugepages', 'vmalloc:mlk_long')")" -eq 0 ]
check no_long_slab [ "$(series "LIKE 'slab:a1234%'")" -eq 0 ]
check no_long_type [ "$(series "LIKE 'vmalloc_type:xxx%'")" -eq 0 ]
check says_meminfo grep -q 'meminfo: skipped line [0-9]*: .*; the rest is kept' a.err
check says_slabinfo grep -q 'slabinfo: skipped line [0-9]*: .*(and more lines); the rest is kept' a.err
check says_vmallocinfo grep -q 'vmallocinfo: skipped line [0-9]*: a type word longer than 95 bytes' a.err
check no_control_bytes_logged [ "$(tr -d '\n' < a.err | tr -d '[:print:]' | wc -c)" -eq 0 ]

# The daemon says it once, not every tick.
"$MLKD" -c /dev/null -f --interval 1 --proc-root root --db b.db 2> b.err &
pid=$!
three() { [ "$(sql b.db 'SELECT count(*) FROM samples WHERE sources & 2')" -ge 3 ]; }
check three_ticks wait_until 15 three
kill -TERM $pid
wait $pid
check said_once [ "$(grep -c 'slabinfo: skipped' b.err)" -eq 1 ]

# A recording with the same bad block in the middle: every block stored;
# one that is not a block at all is passed over, and the replay goes on.
block() {
	echo "=== $1"
	for f in meminfo slabinfo vmallocinfo; do
		echo "--- $f"
		cat "$2/$f"
	done
}
good=$FIX/linux-6.8-slub
{
	block 1767225600 "$good"
	block 1767225660 root
	block "not a time" "$good"
	block 1767225720 "$good"
} > r.rec
"$MLKD" -c /dev/null --db r.db --import r.rec 2> r.err
check import_exit0 [ $? -eq 0 ]
check import_all_blocks [ "$(sql r.db 'SELECT count(*) FROM samples WHERE sources = 7')" -eq 3 ]
check import_says grep -q 'slabinfo: skipped' r.err
check import_passed_over grep -q 'r.rec: 1 block passed over, the first at line [0-9]*: "not a time": not a time' r.err
check import_integrity integrity_ok r.db

# Names are bytes, JSON is UTF-8 (item 10): a slab cache named with an
# invalid byte, and a vmalloc caller whose 2-byte character straddles the
# 95-byte cut.  Every --json document parses; the cut name is whole.
fixture_root linux-6.8-slub utf
printf 'bad\377name 1 1 8 512 1 : tunables 0 0 0 : slabdata 1 1 0\n' >> utf/slabinfo
pre=$(printf 'v%.0s' $(seq 94))
printf '0xffffb1d742004000-0xffffb1d742015000 69632 %s\303\251x+0x1/0x2 pages=16 vmalloc\n' "$pre" >> utf/vmallocinfo
"$MLKD" -c /dev/null --once --proc-root utf --db u.db 2> u.err
check utf_stored [ "$(sql u.db "SELECT count(*) FROM series WHERE name = 'vmalloc:$pre'")" -eq 1 ]
for cmd in status snapshot diff vmalloc top; do
	"$Q" --db u.db --json $cmd > "$cmd.json" 2> "$cmd.err"
	check "json_${cmd}_parses" python3 -m json.tool "$cmd.json" /dev/null
done
check json_replaced grep -q 'bad\\ufffdname\|bad�name' snapshot.json
