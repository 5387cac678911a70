# The metrics endpoint (issue 14): mlkd --import --linger serves a replayed
# leak; the exposition is clean for promtool, says what mlk-query says,
# and the server answers only what it should.
. "$MLK_TOP/tests/system/lib.sh"

"$TOOLS/mkrec" leak -r 21 -d 1 > leak.rec
port=$(free_port)
url=http://127.0.0.1:$port/metrics
printf 'metrics_listen = 127.0.0.1:%s\n' "$port" > m.conf
linger m leak.rec
mpid=$lpid
check serving grep -q "serving metrics at $url" m.err

curl -s -D get.h "$url" > scrape.txt
check content_type grep -qi '^Content-Type: text/plain; version=0.0.4' get.h
promtool check metrics < scrape.txt > promtool.out 2>&1
check promtool_exit [ $? -eq 0 ]
check promtool_silent [ ! -s promtool.out ]
cat promtool.out
for f in mlk_up mlk_build_info mlk_last_sample_timestamp_seconds \
    mlk_sample_duration_seconds mlk_samples_total mlk_source_reads_total \
    mlk_source_read_errors_total mlk_memory_bytes mlk_series_bytes \
    mlk_series_growth_bytes_per_second mlk_series_growth_confidence \
    mlk_alert_open mlk_alert_exhaustion_seconds mlk_detection_armed; do
	grep -q "^# TYPE $f " scrape.txt || echo "no family $f"
done > missing
check every_family [ ! -s missing ]
check help_every_family [ "$(grep -c '^# HELP ' scrape.txt)" -eq "$(grep -c '^# TYPE ' scrape.txt)" ]
check build_info grep -Eq "^mlk_build_info\{version=\"[0-9.]+\",kernel=\"$(uname -r)\"\} 1$" scrape.txt
check samples_counted grep -qx 'mlk_samples_total 1440' scrape.txt
check armed grep -qx 'mlk_detection_armed 1' scrape.txt
# The split of memory, as status shows it.
for part in mem_total mem_available slab_reclaimable slab_unreclaimable \
    vmalloc kernel_stack page_tables percpu unaccounted user_anon page_cache; do
	grep -q "^mlk_memory_bytes{part=\"$part\"} [0-9]" scrape.txt || echo "$part"
done > noparts
check memory_split [ ! -s noparts ]
check alert_open grep -qx 'mlk_alert_open{series="slab:kmalloc-1k",kind="slab",reclaimable="false"} 1' scrape.txt
check alert_eta grep -Eq '^mlk_alert_exhaustion_seconds\{series="slab:kmalloc-1k",kind="slab",reclaimable="false"\} [0-9]+$' scrape.txt
check dentry_reclaimable grep -q '^mlk_series_bytes{series="slab:dentry",kind="slab",reclaimable="true"} ' scrape.txt

# The value and growth per series are what mlk-query says.
"$Q" --db m.db --json top --kind slab -n 1 > top.json
want=$(grep -o '"slope_bytes_per_hour":[0-9-]*' top.json | cut -d: -f2)
got=$(sed -n 's/^mlk_series_growth_bytes_per_second{series="slab:kmalloc-1k",[^}]*} //p' scrape.txt)
check growth_matches_top awk -v w="$want" -v g="$got" 'BEGIN { d = g * 3600 - w; exit !(w > 0 && (d < 0 ? -d : d) <= 0.05 * w) }'
echo "growth: top $want B/h, metrics $got B/s"
bytes=$("$Q" --db m.db --csv history kmalloc-1k --since 2026-01-01T23:59:00Z | sed -n 2p | cut -d, -f2)
check bytes_match grep -qx "mlk_series_bytes{series=\"slab:kmalloc-1k\",kind=\"slab\",reclaimable=\"false\"} $bytes" scrape.txt

# OpenMetrics when asked for, ending # EOF; a counter's family without
# _total, and units.
curl -s -D om.h -H 'Accept: application/openmetrics-text; version=1.0.0' "$url" > om.txt
check om_type grep -qi '^Content-Type: application/openmetrics-text; version=1.0.0' om.h
check om_eof [ "$(tail -n 1 om.txt)" = '# EOF' ]
check om_counter grep -qx '# TYPE mlk_samples counter' om.txt
check om_unit grep -qx '# UNIT mlk_series_bytes bytes' om.txt
check om_info grep -qx '# TYPE mlk_build info' om.txt

# What else it answers.
check unknown_path_404 [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/")" = 404 ]
check post_405 [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$url")" = 405 ]
curl -s -D post.h -o /dev/null -X DELETE "$url"
check allow_header grep -qi '^Allow: GET, HEAD' post.h
curl -s -I "$url" > head.h
check head_length grep -qi "^Content-Length: $(wc -c < scrape.txt | tr -d ' ')" head.h
check head_no_body [ "$(curl -s -X HEAD --max-time 5 "$url" 2> /dev/null | wc -c)" -eq 0 ]
check long_line_refused [ "$("$TOOLS/hammer" big "$port" 1000000)" = "status 400" ]

# A second mlkd on the same port: a clear error at start.
"$MLKD" -c m.conf --db m2.db --import leak.rec 2> inuse.err
check port_in_use_exit [ $? -eq 1 ]
check port_in_use_says grep -q "metrics_listen 127.0.0.1:$port: the port is in use" inuse.err
kill "$mpid"
wait "$mpid"
check stops_clean [ $? -eq 0 ]

# IPv6 loopback.
port6=$(free_port)
printf 'metrics_listen = [::1]:%s\n' "$port6" > v6.conf
linger v6 leak.rec
check ipv6 sh -c "curl -s 'http://[::1]:$port6/metrics' | grep -q '^mlk_up 1$'"
kill "$lpid"
wait "$lpid"

# A bad address is a config error with file:line; --linger needs --import.
printf 'interval = 1min\nmetrics_listen = localhost:9901\n' > bad.conf
"$MLKD" -n -c bad.conf 2> bad.err
check bad_address_exit [ $? -eq 1 ]
check bad_address_line grep -q '^bad.conf:2: metrics_listen: expected off, ADDR:PORT' bad.err
"$MLKD" --linger 2> linger.err
check linger_usage [ $? -eq 2 ]

# Fewer series one by one: the rest summed in series="other".
port=$(free_port)
printf 'metrics_listen = 127.0.0.1:%s\nmetrics_series_max = 3\nmetrics_exclude = ^slab:dentry$\n' "$port" > few.conf
linger few leak.rec
curl -s "http://127.0.0.1:$port/metrics" > few.txt
kill "$lpid"
wait "$lpid"
check few_series [ "$(grep '^mlk_series_bytes{' few.txt | grep -vc 'series="other"')" -eq 3 ]
check few_leak_kept grep -q '^mlk_series_bytes{series="slab:kmalloc-1k",' few.txt
check few_excluded [ "$(grep -c 'series="slab:dentry"' few.txt)" -eq 0 ]
check few_other grep -Eq '^mlk_series_bytes\{series="other",kind="slab",reclaimable="true"\} [0-9]+$' few.txt
check few_promtool sh -c 'promtool check metrics < few.txt'
