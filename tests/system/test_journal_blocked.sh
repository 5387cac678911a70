# A journal socket that takes nothing (journald stopped): sd_journal_send
# blocks once the socket's queue is full, yet mlkd goes on sampling and
# storing alerts, says its journal queue is full, and stops on SIGTERM.
# In a mount namespace of its own, with a tmpfs over /run/systemd/journal:
# the socket that takes nothing is this test's, whatever journald runs on
# the machine, and that journald is never touched.
. "$MLK_TOP/tests/system/lib.sh"
own_mounts

SOCK=/run/systemd/journal/socket
mkdir -p /run/systemd/journal
mount -t tmpfs mlk-journal-hole /run/systemd/journal
"$TOOLS/sockhole" "$SOCK" > hole.out &
hpid=$!
wait_until 10 grep -q ready hole.out

# 100 caches of a fixture root that all grow: in one tick, one alert with
# 99 companions (one leak, one page) and a journal note for each
# companion, more than the socket's queue and the journal queue together
# hold.
fixture_root linux-6.8-slub root
head -n 2 root/slabinfo > header
grow() {	# STEP
	{ cat header
	  seq 1 100 | awk -v s="$1" '{ n = 64 * (s + 1); printf "mlk_leak_%03d %d %d 4096 8 8 : tunables 0 0 0 : slabdata %d %d 0\n", $1, n, n, n / 8, n / 8 }'
	} > root/slabinfo.new && mv root/slabinfo.new root/slabinfo
}
grow 0
cat > b.conf <<CONF
interval = 1s
window = 10s
vmalloc_interval = 1h
CONF
"$MLKD" -f -c b.conf --proc-root root --db b.db 2> b.err &
mpid=$!
step=1
# the alert's companions: as many named as fit, then how many more
named() { sql b.db "SELECT companions FROM alerts" 2> /dev/null | tr , '\n' | grep -c '^slab:mlk_leak_'; }
unnamed() { sql b.db "SELECT companions FROM alerts" 2> /dev/null | sed -n 's/.*,+\([0-9]*\) more$/\1/p'; }
# growing: the alert's series and its companions
growing() { u=$(unnamed); echo $(( $(named) + ${u:-0} + 1 )); }
while [ $step -le 90 ] && [ "$(growing)" -lt 100 ]; do
	grow $step
	step=$((step + 1))
	sleep 1
done
check alerts_stored [ "$(growing)" -ge 100 ]
check one_page [ "$(sql b.db 'SELECT count(*) FROM alerts')" -eq 1 ]
check queue_full_said grep -q 'journal queue full' b.err
n=$(sql b.db 'SELECT count(*) FROM samples')
grow $step
more_samples() { [ "$(sql b.db 'SELECT count(*) FROM samples')" -gt "$n" ]; }
check sampling_goes_on wait_until 10 more_samples
kill -TERM $mpid
t0=$(date +%s)
wait $mpid
rc=$?
check stops_on_sigterm [ $rc -eq 0 ]
check stops_within_5s [ $(($(date +%s) - t0)) -le 5 ]
kill $hpid
wait $hpid 2> /dev/null
rm -f "$SOCK"
