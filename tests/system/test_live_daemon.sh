# mlkd -f on the real /proc: timers, a concurrent reader, SIGTERM, SIGHUP,
# and the sd_notify protocol through a NOTIFY_SOCKET we listen on.
. "$MLK_TOP/tests/system/lib.sh"

"$TOOLS/notify-listen" "$PWD/notify.sock" 12 > notify.txt &
lpid=$!
sleep 0.3
cat > mlkd.conf <<CONF
vmalloc_interval = 2s
CONF
NOTIFY_SOCKET=$PWD/notify.sock WATCHDOG_USEC=1000000 \
	"$MLKD" -f -c mlkd.conf --interval 1 --db d.db 2> d.err &
pid=$!
samples() { [ "$(sql d.db 'SELECT count(*) FROM samples WHERE sources = 3')" -ge "$1" ]; }
check samples_every_second wait_until 10 samples 3
check reader_while_writing "$Q" --db d.db status > /dev/null
printf 'interval = 2s\nvmalloc_interval = 2s\n' > mlkd.conf
kill -HUP $pid
check reload_logged wait_until 5 grep -q 'configuration reloaded' d.err
printf 'interval = often\n' > mlkd.conf
kill -HUP $pid
check bad_reload_kept wait_until 5 grep -q 'mlkd.conf:1: interval: .*keeping the running' d.err
sleep 1
kill -TERM $pid
wait $pid
check sigterm_exit_zero [ $? -eq 0 ]
check vmalloc_timer [ "$(sql d.db 'SELECT count(*) FROM samples WHERE sources = 4')" -ge 1 ]
check one_boot [ "$(sql d.db 'SELECT count(*) FROM boots')" -eq 1 ]
check integrity integrity_ok d.db
wait $lpid
check notify_ready grep -qx 'READY=1' notify.txt
check notify_status grep -q '^STATUS=[0-9]* series sampled' notify.txt
check notify_watchdog grep -qx 'WATCHDOG=1' notify.txt
check notify_reloading grep -qx 'RELOADING=1' notify.txt
check notify_stopping grep -qx 'STOPPING=1' notify.txt
