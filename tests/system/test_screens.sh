# What an operator sees: mlk-query in tmux at 80 columns (send-keys,
# capture-pane), against a replayed day whose leak is alerted and whose
# newest sample is long stale (issue 13: items 1-3 and the evidence).
# A tmux server of our own (-L), never the user's.
. "$MLK_TOP/tests/system/lib.sh"

: > empty.conf
"$TOOLS/mkrec" leak -r 21 -d 1 > leak.rec &&
    "$MLKD" -c empty.conf --db screen.db --import leak.rec 2> import.err
check replayed [ "$(sql screen.db "SELECT count(*) FROM alerts WHERE state = 'open'")" -eq 1 ]

sock=mlk-screens-$$
tm() { tmux -u -L "$sock" -f /dev/null "$@"; }
tm new-session -d -s s -x 80 -y 60 /bin/sh
trap 'tm kill-server 2> /dev/null' EXIT
# screen NAME ARGS...: the pane after mlk-query ARGS, wrapped lines
# joined (-J), so a line wider than the pane shows as one.  Each ends
# with its own mark: the last screen's must not pass for this one's.
screen() {
	name=$1
	shift
	tm send-keys -t s "clear; tmux -L $sock clear-history; $Q --db $PWD/screen.db $*; echo E''ND-$name" Enter
	wait_until 30 sh -c "tmux -L $sock -f /dev/null capture-pane -p -t s | grep -qx END-$name" ||
	    echo "FAIL $T/$name: no END"
	tm capture-pane -p -J -t s | sed "/^END-$name\$/,\$d" > "$name.screen"
}
# The widest line in display columns (a sparkline cell is 3 bytes).
widest() { LC_ALL=C.UTF-8 wc -L < "$1"; }
# The open alert's size now, as mlk-query writes sizes (lib/units.c).
live=$("$Q" --db screen.db --json alerts | grep -o '"bytes":[0-9]*' | cut -d: -f2)
live=$(awk -v b="$live" 'BEGIN { split("KiB MiB GiB TiB", u); i = 0
	while (b >= 1024 && i < 4) { b /= 1024; i++ }
	printf(b < 10 ? "%.1f %s" : "%.0f %s", b, u[i]) }')

screen status status
check status_80 [ "$(widest status.screen)" -le 80 ]
check status_stale_first sh -c "head -n 1 status.screen | grep -Eq '^Last sample [0-9dhm]+ ago \(every 1m before\): is mlkd running\?$'"
check status_alert_header grep -Eq '^  Open alerts +growth +now +MemAvail +open since$' status.screen
check status_who_grows grep -Eq '^  MemAvailable -[0-9.]+ MiB/h over the last 2h; growing:$' status.screen
check status_kernel_grows grep -Eq '^    kernel \+[0-9.]+ MiB/h \(processes: not sampled\)$' status.screen
check status_alert_live grep -Eq "^  slab:kmalloc-1k +[0-9.]+ MiB/h +$live +[0-9dh]+ +01-01 0[67]:[0-9]{2}$" status.screen

screen top top
check top_80 [ "$(widest top.screen)" -le 80 ]
check top_header grep -Eq '^series +now +growth +over +conf +recl$' top.screen
check top_leak_first sh -c "grep -A1 '^series' top.screen | tail -n 1 | grep -Eq '^slab:kmalloc-1k +$live +[0-9.]+ MiB/h +2h +1\.000 +no$'"
check top_no_page_cache [ "$(grep -c '^meminfo:\(Cached\|Inactive\|Active\)' top.screen)" -eq 0 ]

screen alerts alerts
check alerts_80 [ "$(widest alerts.screen)" -le 80 ]
check alerts_header grep -Eq '^series +state +opened \(UTC\) +growth +size +MemAvail out$' alerts.screen
check alerts_live grep -Eq "^slab:kmalloc-1k +open +01-01 0[67]:[0-9]{2} +[0-9.]+ MiB/h +$live +[0-9dh]+$" alerts.screen

screen history history kmalloc-1k
check history_80 [ "$(widest history.screen)" -le 80 ]
check history_sparkline grep -q '▁' history.screen
check history_summary grep -Eq "^min [0-9.]+ MiB  max $live  last $live  slope [0-9.]+ MiB/h \(confidence [01]\.[0-9]{3}\)$" history.screen
