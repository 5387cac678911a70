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
check bad_option_usage grep -q '^usage: mlkd' bogus.err
"$Q" frobnicate 2> qbad.err
check query_bad_command_exit2 [ $? -eq 2 ]
check query_usage grep -q '^usage: mlk-query' qbad.err
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
