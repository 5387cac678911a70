# mlkd --once against this machine's real /proc, read back with mlk-query.
. "$MLK_TOP/tests/system/lib.sh"

"$MLKD" --once --db live.db 2> once.err
check exit_zero [ $? -eq 0 ]
check quiet [ ! -s once.err ]
check one_sample_all_sources [ "$(sql live.db 'SELECT count(*), min(sources) FROM samples')" = "1|15" ]
check boot_id [ "$(sql live.db 'SELECT boot_id FROM boots')" = "$(cat /proc/sys/kernel/random/boot_id)" ]
want=$(awk '/^MemTotal:/ { printf "%.0f", $2 * 1024 }' /proc/meminfo)
check memtotal_bytes [ "$("$Q" --db live.db --json history meminfo:MemTotal)" = "[{\"time\":\"$(date -u -d @"$(sql live.db 'SELECT time FROM samples')" +%FT%TZ)\",\"bytes\":$want}]" ]
ncache=$(awk 'NR > 2 { print $1 }' /proc/slabinfo | sort -u | wc -l)
check every_cache [ "$(sql live.db "SELECT count(*) FROM series WHERE name LIKE 'slab:%'")" -eq "$ncache" ]
check derived_series [ "$(sql live.db "SELECT count(*) FROM series WHERE name IN ('kernel:unaccounted', 'kernel:vmalloc')")" -eq 2 ]
check vmalloc_callers [ "$(sql live.db "SELECT count(*) FROM series WHERE name LIKE 'vmalloc:%'")" -gt 5 ]
# No kernel address may reach the database.
check no_addresses [ "$(sql live.db "SELECT count(*) FROM series WHERE name GLOB '*0x*'")" -eq 0 ]
check mode_0640 [ "$(stat -c %a live.db)" = 640 ]
check integrity integrity_ok live.db

"$Q" --db live.db status > status.txt
check status_table grep -q 'Slab unreclaimable' status.txt
# One sample says nothing of growth, and says so.
check status_too_few grep -qx '  Too few samples yet to say what takes MemAvailable' status.txt
"$Q" --db live.db --json status > status.json
check status_json grep -q '"unaccounted":' status.json
# Just sampled: current, and said so (issue 13, item 3).
check status_not_stale grep -q '"stale":false,"age_seconds":[0-9]*,"interval_seconds":null' status.json
check status_no_stale_line [ "$(head -c 10 status.txt)" = "Memory at " ]
"$Q" --db live.db --json history dentry > h.json
check history_json grep -Eq '^\[\{"time":"[0-9T:-]+Z","bytes":[0-9]+,"objects":[0-9]+\}\]$' h.json
"$Q" --db live.db history no-such-cache 2> h.err
check history_unknown_exit1 [ $? -eq 1 ]
check history_unknown_named grep -q 'slab:no-such-cache' h.err
"$Q" --db live.db vmalloc > vm.txt
check vmalloc_table grep -Eq '^vmalloc +[0-9.]+ [KMG]iB +[0-9]+ ' vm.txt

# Every command answers from the real daemon's database, in every form,
# also while a writer holds a transaction open.
for cmd in status top alerts diff snapshot vmalloc "history dentry"; do
	name=${cmd%% *}
	# shellcheck disable=SC2086
	"$Q" --db live.db $cmd > q.txt 2> q.err
	rc=$?
	check "live_${name}_table" [ $rc -eq 0 ]
	check "live_${name}_quiet" [ ! -s q.err ]
	# shellcheck disable=SC2086
	"$Q" --db live.db --json $cmd > q.json 2> q.err
	check "live_${name}_json" grep -q '^[[{]' q.json
done
for cmd in top alerts diff vmalloc "history dentry"; do
	name=${cmd%% *}
	# shellcheck disable=SC2086
	"$Q" --db live.db --csv $cmd > q.csv 2> q.err
	rc=$?
	check "live_${name}_csv" [ $rc -eq 0 ]
done
# The writer locks the file exclusively (in WAL mode an ordinary write
# transaction never blocks a reader): mlk-query must wait, with its busy
# timeout, until the writer lets go 1.5 s later, then answer.
mkfifo hold
{ echo 'PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; INSERT INTO boots(boot_id, first_time) VALUES ("writer-holds-this", 0);'; cat hold; echo 'COMMIT;'; } | sqlite3 live.db > /dev/null &
writer=$!
sleep 0.5
(sleep 1.5; echo > hold) &
"$Q" --db live.db status > busy.txt 2> busy.err
rc=$?
check reads_while_written [ $rc -eq 0 ]
check reads_while_written_output grep -q 'Slab unreclaimable' busy.txt
wait $writer
