# systemd/mlk.catalog indexes for every MESSAGE_ID mlkd sends, with the
# fields mlkd sends as its placeholders.  Then journalctl -x, after make
# install-catalog, on the entries of a live mlkd (attribution = on) over
# a fixture root where kmalloc-2k grows: the text reads in units, with
# the cache's own object size.  kmalloc-cg-1k starts to grow while
# kmalloc-2k is traced: the entry of its alert goes at once, and the
# findings of its trace follow in an entry of their own.  The call sites
# of /proc/allocinfo that fill kmalloc-2k are named in its entry.  Catalog
# and journal are this test's own: mounted over their directories, in its
# mount namespace.
. "$MLK_TOP/tests/system/lib.sh"
own_mounts

id_of() { sed -n "s/.*#define NOTIFY_ID_$1[^\"]*\"\([0-9a-f]*\)\".*/\1/p" "$top/daemon/notify.h"; }
leak_id=$(id_of LEAK)
resolved_id=$(id_of RESOLVED)
findings_id=$(id_of FINDINGS)

mkdir -p root/usr/lib/systemd/catalog
cp "$top/systemd/mlk.catalog" root/usr/lib/systemd/catalog/
check catalog_indexes journalctl --root=root --update-catalog
journalctl --root=root --list-catalog > list 2>&1
check catalog_leak_id grep -q "^$leak_id mlk: Kernel memory leak:" list
check catalog_resolved_id grep -q "^$resolved_id mlk: Kernel memory leak resolved" list
check catalog_findings_id grep -q "^$findings_id mlk: Kernel memory leak traced" list
# Every @FIELD@ in the text is one mlkd sends.
fields=$(grep -o '@[A-Z_]*@' "$top/systemd/mlk.catalog" | sort -u | tr -d @)
sent=$(grep -o '"MLK_[A-Z_]*=' "$top/daemon/notify.c" | tr -d '"=' | sort -u)
check catalog_fields_sent [ -z "$(echo "$fields" | grep -vxF "$sent")" ]

journal_own
since=$(date '+%Y-%m-%d %H:%M:%S')
fixture_root linux-4.19-slub fix
cp fix/slabinfo base.slabinfo
# Slabs of 8 pages: kmalloc-2k grows 40 a second (4.4 GiB/h) from the
# start, kmalloc-cg-1k 20 a second from 50 s on: some 30 s after the
# onset of the first (seen once detection arms at 20 s), an alert of its
# own, not a companion; opened some 15 s later, while the first trace
# (45 s from about 35 s on) runs.
cache() {	# NAME OBJSIZE SLABS
	n=$(( $3 * 32768 / $2 ))
	printf '%s %d %d %d %d 8 : tunables 0 0 0 : slabdata %d %d 0\n' \
	    "$1" $n $n $2 $(( 32768 / $2 )) $3 $3
}
# Two call sites of /proc/allocinfo fill kmalloc-2k between them, 70%
# and 30% of it, from a MiB each.
site() {	# CALLS_PER_SECOND FILE:LINE FUNCTION
	calls=$(( 512 + $1 * t ))
	printf '%12d %8d %s [leaky] func:%s\n' $(( 2048 * calls )) $calls "$2" "$3"
}
# the files at t seconds in
round() {
	{ cat base.slabinfo
	  cache kmalloc-2k 2048 $(( 100 + 40 * t ))
	  cache kmalloc-cg-1k 1024 $(( t > 50 ? 100 + 20 * (t - 50) : 100 ))
	} > fix/slabinfo.new
	mv fix/slabinfo.new fix/slabinfo
	{ echo 'allocinfo - version: 2.0'
	  echo '#     <size>  <calls> <tag info>'
	  site 448 drivers/net/leaky/leaky.c:88 leaky_rx_alloc
	  site 192 drivers/net/leaky/leaky.c:120 leaky_ctx_alloc
	} > fix/allocinfo.new
	mv fix/allocinfo.new fix/allocinfo
}
grow() {
	start=$(date +%s)
	while :; do
		t=$(( $(date +%s) - start ))
		round
		sleep 0.5
	done
}
# in place before mlkd's first sample, which reads at once
t=0
round
grow &
gpid=$!
quick_conf mlkd.conf 'attribution = on' 'attribution_duration = 45s'
"$MLKD" -f -c mlkd.conf --proc-root fix --sys-root fix/sys --db d.db 2> d.err &
mpid=$!

entries() {	# MESSAGE_ID SERIES
	journalctl --no-pager -o export --since "$since" _PID=$mpid \
	    "MESSAGE_ID=$1" "MLK_SERIES=$2" 2> /dev/null
}
sent() { entries "$@" | grep -q '^MLK_ATTRIBUTION='; }
check alert_first wait_until 150 sent $leak_id slab:kmalloc-2k
check alert_second wait_until 150 sent $leak_id slab:kmalloc-cg-1k
check findings_follow wait_until 100 sent $findings_id slab:kmalloc-cg-1k
kill -TERM $gpid $mpid
wait $mpid
check exit_zero [ $? -eq 0 ]

entries $leak_id slab:kmalloc-2k > first.journal
entries $leak_id slab:kmalloc-cg-1k > second.journal
entries $findings_id slab:kmalloc-cg-1k > findings.journal
check first_traced grep -Eq '^MLK_ATTRIBUTION=traced [0-9]+s: ' first.journal
check second_queued grep -q "^MLK_ATTRIBUTION=queued behind 1 trace: its findings follow in an entry of their own (MESSAGE_ID=$findings_id)" second.journal
check findings_traced grep -Eq '^MLK_ATTRIBUTION=traced [0-9]+s: [0-9]+ allocations' findings.journal
check findings_message grep -Eq '^MESSAGE=slab:kmalloc-cg-1k: traced ' findings.journal
check findings_one [ "$(grep -c '^MLK_SERIES=' findings.journal)" -eq 1 ]
check units_slope grep -Eqx 'MLK_SLOPE=[0-9.]+ [KMG]iB/h' first.journal
check units_size grep -Eqx 'MLK_SIZE=[0-9.]+ [KMG]iB' first.journal
check units_eta grep -Eqx 'MLK_ETA=[0-9]+[dhms]([0-9]+[hms])?' first.journal
check raw_kept grep -Eq '^MLK_SLOPE_BYTES_PER_HOUR=[0-9]+$' first.journal
check object_size grep -qx 'MLK_OBJECT_SIZE=2048' first.journal
check call_sites [ "$(sed -n 's/^MLK_CALL_SITE=//p' first.journal | tr '\n' '|')" = 'alloc:drivers/net/leaky/leaky.c:88 leaky_rx_alloc [leaky]|alloc:drivers/net/leaky/leaky.c:120 leaky_ctx_alloc [leaky]|' ]

# The catalog as make install-catalog puts it where journalctl -x reads
# (systemd's own entries kept: journalctl --update-catalog leaves the
# index as it was when it finds no entry at all).
cp -R /usr/lib/systemd/catalog catalog.d
mount --bind catalog.d /usr/lib/systemd/catalog &&
    mount -t tmpfs mlk-catalog /var/lib/systemd/catalog
check install_catalog make -s -C "$top" install-catalog PREFIX=/usr
journalctl -x --no-pager --since "$since" _PID=$mpid MESSAGE_ID=$leak_id \
    MLK_SERIES=slab:kmalloc-2k > first.txt 2>&1
journalctl -x --no-pager --since "$since" _PID=$mpid \
    MESSAGE_ID=$findings_id > findings.txt 2>&1
cat first.txt findings.txt
check x_subject grep -q 'Subject: Kernel memory leak: slab:kmalloc-2k keeps growing' first.txt
check x_history grep -q 'mlk-query history slab:kmalloc-2k$' first.txt
check x_units grep -Eq 'growth: +[0-9.]+ [KMG]iB/h \(window ' first.txt
check x_eta grep -Eq 'at this rate: [0-9]+[dhms]' first.txt
check x_size_filter grep -q "bytes_alloc==2048" first.txt
check x_no_raw sh -c "! grep -Eq 'bytes per|[0-9] seconds|here 1024' first.txt"
check x_findings grep -q 'Subject: Kernel memory leak traced: slab:kmalloc-cg-1k' findings.txt
make -s -C "$top" uninstall-catalog PREFIX=/usr
check uninstall_catalog sh -c "! journalctl --list-catalog 2> /dev/null | grep -q '^$leak_id'"

kill -TERM "$jpid"
wait "$jpid"
