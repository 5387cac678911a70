# A damaged page: mlk-query says the database is damaged, names it and
# the remedy, and exits 1; mlkd writes nothing more to the file, moves it
# aside (PATH.corrupt-STAMP, with its -wal) and samples into a fresh one.
# Before, mlkd --once said "malformed", exited 0 and went on appending.
. "$MLK_TOP/tests/system/lib.sh"

# 12 hours at 60 s: enough for chunks, segments and a samples tree
"$TOOLS/mkfam" flat 1 | awk '/^=== / { n++ } n <= 720' > r.rec
"$MLKD" -c /dev/null --db c.db --import r.rec 2> import.err
check imported grep -q "720 samples replayed" import.err
sql c.db 'PRAGMA wal_checkpoint(TRUNCATE)' > /dev/null
page=$(sql c.db "SELECT max(pageno) FROM dbstat WHERE name = 'samples'")
size=$(sql c.db 'PRAGMA page_size')
head -c "$size" /dev/urandom | dd of=c.db bs="$size" seek=$((page - 1)) conv=notrunc 2> /dev/null
damaged=$(cksum < c.db)

"$Q" --db c.db status > q.out 2> q.err
check query_exit1 [ $? -eq 1 ]
check query_says_damaged grep -q "c.db: .*the database is damaged; to save what is left: sqlite3 c.db .recover" q.err

"$MLKD" -c /dev/null --once --db c.db 2> once.err
check once_stored [ $? -eq 0 ]
moved=$(ls c.db.corrupt-* 2> /dev/null | grep -v -e '-wal$' -e '-shm$')
check moved_aside [ -n "$moved" ]
check moved_untouched [ "$(cksum < "$moved")" = "$damaged" ]
check says_where grep -q "c.db was damaged: moved aside to $moved (with its -wal); sampling into a fresh c.db" once.err
check fresh_intact integrity_ok c.db
check fresh_has_the_sample [ "$(sql c.db 'SELECT count(*) FROM samples')" -ge 1 ]
check status_reads_fresh sh -c "\"$Q\" --db c.db status > /dev/null"
