# A fleet, with a real Prometheus (Debian's): five mlkd replay five
# machines (--import --linger), three of them leaking kmalloc-1k and one
# kmalloc-4k alone; Prometheus scrapes them all with the shipped rules.
# And the shipped rules and dashboard, checked by promtool (issue 14).
. "$MLK_TOP/tests/system/lib.sh"

rules=$top/packaging/prometheus/mlk.rules.yml
check rules_valid promtool check rules "$rules"
(cd "$top/packaging/prometheus" && promtool test rules mlk.rules.test.yml) > rtest.out 2>&1
check rules_tests_pass grep -q SUCCESS rtest.out
# Every PromQL expression of the dashboard, as a recording rule that
# promtool parses (Grafana's variables made concrete).
sqlite3 :memory: "SELECT value FROM json_tree(readfile('$top/packaging/grafana/mlk.json')) WHERE key = 'expr'" > exprs
check dashboard_has_exprs [ "$(wc -l < exprs)" -ge 8 ]
{
	echo 'groups:'
	echo '  - name: dashboard'
	echo '    rules:'
	n=0
	while IFS= read -r e; do
		n=$((n + 1))
		e=$(printf '%s' "$e" | sed 's/\$__rate_interval/5m/g; s/\$instance/.*/g; s/'"'"'/'"''"'/g')
		printf "      - record: dashboard:expr%d\n        expr: '%s'\n" "$n" "$e"
	done < exprs
} > dashboard.rules.yml
check dashboard_exprs_parse promtool check rules dashboard.rules.yml
# ...and a broken one would not.
printf 'groups:\n  - name: x\n    rules:\n      - record: x\n        expr: "sum(mlk_up"\n' > broken.yml
check broken_expr_refused sh -c '! promtool check rules broken.yml > /dev/null 2>&1'

# The README's "Watching a fleet", as written: its mlkd.conf line and its
# prometheus.yml (the rules where this checkout has them).
awk '/^On each host, in `\/etc\/mlk\/mlkd.conf`:/ { f = 1; next }
    f && /^    / { print substr($0, 5); exit }' "$top/README.md" > readme.conf
check readme_conf "$MLKD" -n -c readme.conf
check readme_conf_listens grep -q '^metrics_listen = ' readme.conf
awk '/^In `prometheus.yml`/ { f = 1; next } f && /^    / { print substr($0, 5) }
    f && /^`mlk.rules.yml`/ { exit }' "$top/README.md" |
    sed "s|/usr/share/mlk/mlk.rules.yml|$rules|" > readme.yml
check readme_prometheus_config promtool check config readme.yml

# Five machines.
targets=
pids=
for h in 1 2 3 4 5; do
	case $h in
	[123]) "$TOOLS/mkrec" leak -r 21 -s "$h" -d 1 > h$h.rec ;;
	4) "$TOOLS/mkrec" leak -r 21 -c kmalloc-4k -s 4 -d 1 > h$h.rec ;;
	5) "$TOOLS/mkrec" flat -s 5 -d 1 > h$h.rec ;;
	esac
	port=$(free_port)
	echo "$port" > h$h.port
	printf 'metrics_listen = 127.0.0.1:%s\n' "$port" > h$h.conf
	linger h$h h$h.rec || echo "h$h did not start"
	pids="$pids $lpid"
	targets="$targets${targets:+, }'127.0.0.1:$port'"
done
trap 'kill $pids $ppid 2> /dev/null' EXIT

pport=$(free_port)
cat > prometheus.yml <<EOF2
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - $rules
scrape_configs:
  - job_name: mlk
    static_configs:
      - targets: [$targets]
EOF2
prometheus --config.file=prometheus.yml --storage.tsdb.path=tsdb \
    --web.listen-address="127.0.0.1:$pport" --log.level=warn \
    > prometheus.log 2>&1 &
ppid=$!
api="http://127.0.0.1:$pport/api/v1/query"
# The value of a query's first sample; empty if none.
q() { curl -s "$api" --data-urlencode "query=$1" | sed -n 's/.*"value":\[[0-9.]*,"\([^"]*\)"\].*/\1/p'; }
up5() { [ "$(q 'count(up{job="mlk"} == 1)')" = 5 ]; }
wait_until 60 up5
check scraped_all_five up5

# Per host, what mlk-query says there.
bad=
for h in 1 2 3 4 5; do
	port=$(cat h$h.port)
	"$Q" --db h$h.db --json top --kind slab -n 1 > top$h.json
	series=$(sed -n 's/^\[{"series":"\([^"]*\)".*/\1/p' top$h.json)
	want=$(grep -o '"slope_bytes_per_hour":[0-9-]*' top$h.json | cut -d: -f2)
	got=$(q "mlk_series_growth_bytes_per_second{instance=\"127.0.0.1:$port\",series=\"$series\"} * 3600")
	awk -v w="$want" -v g="$got" 'BEGIN { d = g - w; if (d < 0) d = -d
	    exit !(g != "" && d <= 0.05 * (w < 0 ? -w : w) + 1024) }' ||
	    bad="$bad h$h:$series:$want:$got"
	bytes=$("$Q" --db h$h.db --csv history "$series" --since 2026-01-01T23:59:00Z | sed -n 2p | cut -d, -f2)
	[ "$(q "mlk_series_bytes{instance=\"127.0.0.1:$port\",series=\"$series\"}")" = "$bytes" ] ||
	    bad="$bad h$h:bytes"
done
echo "per host:${bad:- all match}"
check per_host_matches_query [ -z "$bad" ]

# The fleet alert: for the cache three hosts leak, not the one one host
# leaks (that host's own alert fires).
fleet() { [ "$(q "count(ALERTS{alertname=\"KernelMemoryLeakFleet\",alertstate=\"firing\",series=\"$1\"})")" = 1 ]; }
three() { [ "$(q 'mlk:series_leaking:hosts{series="slab:kmalloc-1k"}')" = 3 ]; }
wait_until 60 three
check fleet_hosts three
wait_until 30 fleet slab:kmalloc-1k
check fleet_alert_shared fleet slab:kmalloc-1k
check no_fleet_alert_single [ -z "$(q 'ALERTS{alertname="KernelMemoryLeakFleet",series="slab:kmalloc-4k"}')" ]
host4() { [ "$(q "ALERTS{alertname=\"KernelMemoryLeak\",series=\"slab:kmalloc-4k\",instance=\"127.0.0.1:$(cat h4.port)\"}")" = 1 ]; }
wait_until 30 host4
check host_alert_single host4
check flat_host_quiet [ -z "$(q "ALERTS{alertname=~\"KernelMemoryLeak.*\",instance=\"127.0.0.1:$(cat h5.port)\"}")" ]
# A replay's newest sample is months old: mlkd "not sampling" is seen
# (pending, at the first evaluation of the rule after a scrape: under load
# that may come a few seconds after the checks above).
stale() { [ -n "$(q "ALERTS{alertname=\"MlkdNotSampling\",instance=\"127.0.0.1:$(cat h5.port)\"}")" ]; }
wait_until 30 stale
check stale_seen stale
