# Command-line contract: -n, -p, --help, --version, bad options and configs.
. "$MLK_TOP/tests/system/lib.sh"

printf 'interval = 30s\n# comment\nretention = 7d\n' > good.conf
"$MLKD" -n -c good.conf
check check_good [ $? -eq 0 ]
printf 'interval = 30s\n\nwindow = 1 hour\n' > bad.conf
"$MLKD" -n -c bad.conf 2> bad.err
check check_bad_exit [ $? -eq 1 ]
check check_bad_file_line grep -q '^bad.conf:3: window: expected a duration' bad.err
printf 'retention = 7d\nmagic = yes\n' > unk.conf
"$MLKD" -n -c unk.conf 2> unk.err
check unknown_key grep -q '^unk.conf:2: unknown key magic' unk.err
"$MLKD" -n -c missing.conf 2> miss.err
check missing_conf_exit1 [ $? -eq 1 ]
check missing_conf_named grep -q 'missing.conf: No such file' miss.err

# Interval and window one way, file or command line (issue 12, item 12).
printf 'interval = 10min\n' > slow.conf
"$MLKD" -p -c slow.conf > slow.eff
check window_follows_interval grep -qx 'window = 30min' slow.eff
"$MLKD" -p -c /dev/null --interval 10min > slowcli.eff
check window_follows_cli_interval grep -qx 'window = 30min' slowcli.eff
printf 'interval = 10min\nwindow = 18min\n' > short.conf
"$MLKD" -n -c short.conf 2> short.err
check short_window_exit1 [ $? -eq 1 ]
check short_window_says grep -q '^short.conf:2: window = 18min must span three intervals (interval = 10min, short.conf:1): set window = 30min or more, or interval = 6min or less' short.err
"$MLKD" -n -c /dev/null --interval 999999999999 2> huge.err
check huge_interval_exit1 [ $? -eq 1 ]
check huge_interval_says grep -q '^--interval 999999999999: interval: expected a duration from 1s to 1h' huge.err

# A rate is a size per time (issue 13, item 11): "1MB" is refused.
printf 'min_growth = 1MB\n' > size.conf
"$MLKD" -n -c size.conf 2> size.err
check size_not_rate_exit1 [ $? -eq 1 ]
check size_not_rate_says grep -q '^size.conf:1: min_growth: expected a size per time, like 1MiB/h or 24MB/d' size.err

"$MLKD" -p -c good.conf --interval 5 --db x.db > eff.conf
check print_overrides grep -qx 'interval = 5s' eff.conf
check print_db grep -qx 'db = x.db' eff.conf
check print_from_file grep -qx 'retention = 7d' eff.conf
"$MLKD" -n -c eff.conf
check print_is_valid_config [ $? -eq 0 ]
"$MLKD" -p -c /dev/null > defaults.conf
check defaults_printed grep -qx 'vmalloc_interval = 5min' defaults.conf

"$MLKD" --help > help.txt
check help_exit0 [ $? -eq 0 ]
for o in -c -f -n -p --db --interval --proc-root --sys-root --once; do
	grep -q -- "$o" help.txt || echo "help lacks $o" >> help.missing
done
check help_lists_options [ ! -e help.missing ]
"$MLKD" --version | grep -q '^mlkd [0-9]'
check version [ $? -eq 0 ]
"$MLKD" --bogus 2> bogus.err
check bad_option_exit2 [ $? -eq 2 ]
# A usage error is what is wrong and where the help is, two lines, not
# the help (issue 13, item 12); nothing waits on the database first.
check bad_option_usage [ "$(cat bogus.err)" = "$(printf "%s: unrecognized option '--bogus'\nsee 'mlkd --help'" "$MLKD")" ]
# --step and --start: with --import, in range, and named when wrong.
for args in "--step 1s" "--import x --step 0" "--import x --step often" \
    "--import x --start 0" "--import x --step 1 --start soon"; do
	# shellcheck disable=SC2086
	"$MLKD" $args 2> step.err
	echo "$? $(head -n 1 step.err)" >> step.out
done
check step_usage [ "$(cut -c1-26 step.out)" = "$(printf '%s\n' '2 mlkd: --step goes with -' '2 mlkd: --step: expected a' '2 mlkd: --step: expected a' '2 mlkd: --start goes with ' '2 mlkd: --start: expected ')" ]
"$Q" frobnicate 2> qbad.err
check query_bad_command_exit2 [ $? -eq 2 ]
check query_usage [ "$(cat qbad.err)" = "$(printf "mlk-query: unknown command \"frobnicate\"\nsee 'mlk-query --help'")" ]
"$Q" --db missing.db history 2> qhist.err
check query_missing_arg_exit2 [ $? -eq 2 ]
check query_missing_arg_says grep -qx 'mlk-query: history: which series? e.g. history dentry' qhist.err
"$Q" --db missing.db top extra 2> qtop.err
check query_extra_arg_exit2 [ $? -eq 2 ]
check query_extra_arg_says grep -qx 'mlk-query: top: unexpected argument "extra"' qtop.err
"$Q" --help | grep -q 'history SERIES'
check query_help [ $? -eq 0 ]

# attribute --last reads what mlkd stored: nothing yet, and it says how
# to get something.  Its options are checked like every command's.
"$MLKD" --once --db attr.db 2> /dev/null
"$Q" --db attr.db attribute kmalloc-rnd-06-8k --last > /dev/null 2> attr.err
check attribute_last_none_exit1 [ $? -eq 1 ]
check attribute_last_none_says grep -q '^mlk-query: no attribution of slab:kmalloc-rnd-06-8k stored: .*attribution = on' attr.err
"$Q" attribute dentry --bogus > /dev/null 2> attr2.err
check attribute_bad_option [ $? -eq 2 ]
