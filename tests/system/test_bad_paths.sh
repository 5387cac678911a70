# Paths that are wrong are named, with what is wrong with them (issue 12,
# item 13): a proc root with nothing in it stops mlkd at once (before, it
# ran forever storing nothing), a directory or a text file given as the
# database is refused in words, and the file is left as it was.
. "$MLK_TOP/tests/system/lib.sh"

mkdir empty
timeout 10 "$MLKD" -f -c /dev/null --proc-root empty --db a.db 2> fg.err
check empty_root_exit1 [ $? -eq 1 ]
check empty_root_names_file grep -q "empty/meminfo: No such file or directory" fg.err
check empty_root_asks grep -q "nothing could be read: is empty a proc root?" fg.err
timeout 10 "$MLKD" -c /dev/null --proc-root empty --db b.db 2> bg.err
check empty_root_background_exit1 [ $? -eq 1 ]
check empty_root_background_says grep -q "is empty a proc root?" bg.err

"$MLKD" -c /dev/null --once --db empty 2> dir.err
check dir_db_exit1 [ $? -eq 1 ]
check dir_db_says grep -q "empty: a directory, not a database file; give --db a file's path" dir.err
"$Q" --db empty status 2> qdir.err
check dir_db_query_says grep -q "empty: a directory, not a database file" qdir.err

echo "my notes, not a database" > notes.txt
"$MLKD" -c /dev/null --once --db notes.txt 2> txt.err
check text_db_exit1 [ $? -eq 1 ]
check text_db_says grep -q "notes.txt: not an SQLite database (file is not a database); refusing to touch it" txt.err
check text_db_untouched [ "$(cat notes.txt)" = "my notes, not a database" ]
"$Q" --db notes.txt status 2> qtxt.err
check text_db_query_says grep -q "notes.txt: not an SQLite database" qtxt.err
