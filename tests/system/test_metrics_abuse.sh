# The metrics endpoint under abuse (issue 14), on loopback, every case
# bounded: 200 connections at once, a client that sends a byte a second,
# a 1 MB request line, and a scrape every 10 ms for a minute, all while
# mlkd samples this machine's /proc every second.  Sampling goes on, on
# time; mlkd's memory stays bounded (measured, printed).
. "$MLK_TOP/tests/system/lib.sh"

port=$(free_port)
printf 'metrics_listen = 127.0.0.1:%s\n' "$port" > m.conf
"$MLKD" -f -c m.conf --db live.db --interval 1s 2> mlkd.err &
mpid=$!
trap 'kill $mpid 2> /dev/null' EXIT
wait_until 30 curl -sf -o /dev/null "http://127.0.0.1:$port/metrics"
rss() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$mpid/status"; }
fds() { ls "/proc/$mpid/fd" | wc -l; }
start=$(date +%s)
rss0=$(rss)
fd0=$(fds)

"$TOOLS/hammer" scrape "$port" 10 60 > scrape.out &
spid=$!
sleep 1
"$TOOLS/hammer" conns "$port" 200 12 > conns.out &
cpid=$!
# mlkd's descriptors while 200 clients wait: bounded by the limit (32),
# and one accept batch past it, closed at once.
sleep 3
fd1=$(fds)
"$TOOLS/hammer" big "$port" 1000000 > big.out
wait $cpid
# Once there is room again: the deadline counts from the accept.
"$TOOLS/hammer" slow "$port" 30 > slow.out
wait $spid
rss1=$(rss)
end=$(date +%s)

echo "conns: $(cat conns.out); slow: $(cat slow.out); big: $(cat big.out); scrape: $(cat scrape.out)"
echo "descriptors: $fd0 before, $fd1 under 200 clients; RSS: $rss0 kB before, $rss1 kB after"
check conns_dropped sh -c "read a n c m < conns.out; [ \$n -eq 200 ] && [ \$m -ge 32 ]"
check conns_bounded [ "$fd1" -le $((fd0 + 64 + 8)) ]
check slow_dropped sh -c "read a b n < slow.out; [ \"\$a\" = closed ] && [ \$n -le 12 ]"
check big_refused [ "$(cat big.out)" = "status 400" ]
check scrapes_answered sh -c "read a ok f failed < scrape.out; [ \$ok -gt 0 ] && [ \$failed -eq 0 ]"
check memory_bounded [ "$rss1" -le $((rss0 + 4096)) ]
# On time: no gap between samples much over the interval.
gap=$(sql live.db "SELECT max(time - prev) FROM (SELECT time, lag(time) OVER (ORDER BY id) AS prev FROM samples WHERE sources & 1 AND time >= $start AND time <= $end)")
echo "longest gap between samples: ${gap}s"
check sampling_on_time [ "${gap:-99}" -le 3 ]
curl -s "http://127.0.0.1:$port/metrics" > live.txt
check still_serving grep -qx 'mlk_up 1' live.txt
# This machine's own caches, whatever their names: promtool finds
# nothing to say.
promtool check metrics < live.txt > promtool.out 2>&1
check live_promtool_exit [ $? -eq 0 ]
check live_promtool_silent [ ! -s promtool.out ]
cat promtool.out
kill $mpid
wait $mpid
check stops_clean [ $? -eq 0 ]
