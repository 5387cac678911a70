# User space, to rule it in or out (issue 15): a real process whose
# memory grows at a known rate is sampled as proc:hog; status answers
# "process or kernel?" with it; it is shown, never paged.
. "$MLK_TOP/tests/system/lib.sh"

printf 'process_interval = 1s\nprocess_top = 5\n' > p.conf
# a name of its own: another run's hog must not add to it
hog=hog$$
"$TOOLS/hog" 4 45 "$hog" > hog.out &
hpid=$!
"$MLKD" -f -c p.conf --db p.db --interval 1s 2> mlkd.err &
mpid=$!
trap 'kill $hpid $mpid 2> /dev/null' EXIT
sleep 40
kill $mpid
wait $mpid

check hog_sampled [ "$(sql p.db "SELECT count(*) FROM series WHERE name = 'proc:$hog'")" -eq 1 ]
# Per sample, the five largest commands and the rest summed, however
# many processes come and go.
"$Q" --db p.db snapshot > snap.json
check top_five_and_other [ "$(grep -o '"series":"proc:[^"]*"' snap.json | wc -l)" -eq 6 ]
check other_summed [ "$(sql p.db "SELECT count(*) FROM series WHERE name = 'proc:(other)'")" -eq 1 ]
# This hog's own growth: 4 MiB/s is 14 GiB/h, within a quarter.
"$Q" --db p.db --csv top --kind proc -n 1000 > top.csv
rate=$(grep "^proc:$hog," top.csv | cut -d, -f3)
echo "proc:$hog: $rate B/h"
check top_kind_proc_rate awk -v r="$rate" 'BEGIN { w = 4 * 1048576 * 3600; exit !(r > 0.75 * w && r < 1.25 * w) }'
"$Q" --db p.db --json status > status.json
echo "$(grep -o '"who_grows":{[^}]*}' status.json)"
js() { sql :memory: "SELECT json_extract(readfile('status.json'), '\$.who_grows.$1')"; }
top=$(js top_process)
# The fastest is a hog: this run's, or a process of the machine that grew
# faster (another suite's hog, its lintian).
check status_top_process sh -c "echo '$top' | grep -Eqx 'hog[0-9]+' || [ '$(js top_process_bytes_per_hour)' -gt '${rate%.*}' ]"
user=$(js user_space_bytes_per_hour)
check user_space_explains awk -v u="$user" 'BEGIN { exit !(u > 0.75 * 4 * 1048576 * 3600) }'
"$Q" --db p.db status > status.txt
check status_line grep -Eq '^    user space \+[0-9.]+ GiB/h \(.+ \+[0-9.]+ [KMG]iB/h\); kernel [+-][0-9.]+ [KMG]?i?B/h$' status.txt
check status_line_names_top grep -qF "($top +" status.txt
check status_80_columns [ "$(awk '{ if (length($0) > m) m = length($0) } END { print m }' status.txt)" -le 80 ]
check history_bare_name sh -c "'$Q' --db p.db --csv history $hog | sed -n 2p | grep -q ','"
# Shown, never paged: a process that grows is not a kernel leak.
check never_paged [ "$(sql p.db "SELECT count(*) FROM alerts a JOIN series s ON s.id = a.series WHERE s.name LIKE 'proc:%'")" -eq 0 ]
check not_judged sh -c "'$Q' --db p.db --csv top -n 1000 | grep -c '^proc:' | grep -qx 0"
