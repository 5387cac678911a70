# Missing, unreadable and malformed sources; corrupt and foreign databases.
. "$MLK_TOP/tests/system/lib.sh"

# No slabinfo (SLUB kernels without it, or a container): one warning.
fixture_root linux-4.19-slub root
rm root/slabinfo
"$MLKD" --once --proc-root root --db a.db 2> a.err
check missing_slabinfo_exit0 [ $? -eq 0 ]
check missing_slabinfo_says_so grep -q 'root/slabinfo: No such file or directory (no slabinfo on this kernel?); the other sources go on' a.err
check missing_slabinfo_others_stored [ "$(sql a.db 'SELECT sources FROM samples')" -eq 13 ]

"$MLKD" -f --interval 1 --proc-root root --db b.db 2> b.err &
pid=$!
meminfo_samples() { [ "$(sql b.db 'SELECT count(*) FROM samples WHERE sources & 1')" -ge "$1" ]; }
check three_ticks wait_until 10 meminfo_samples 3
check warned_once [ "$(grep -c 'root/slabinfo: No such file' b.err)" -eq 1 ]
cp "$FIX/linux-4.19-slub/slabinfo" root/slabinfo
check recovery_logged wait_until 10 grep -q 'slabinfo: working again' b.err
kill -TERM $pid
wait $pid
check recovered_stored [ "$(sql b.db 'SELECT count(*) FROM samples WHERE sources & 2')" -ge 1 ]

# A slabinfo version we do not know is refused, never misread.
sed -i '1s/2\.1/3.0/' root/slabinfo
"$MLKD" --once --proc-root root --db c.db 2> c.err
check unknown_version_exit0 [ $? -eq 0 ]
check unknown_version_says_so grep -q '"slabinfo - version: 3.0" is not a version' c.err
check unknown_version_no_slab [ "$(sql c.db "SELECT count(*) FROM series WHERE name LIKE 'slab:%'")" -eq 0 ]

# Nothing readable at all: exit 1.
"$MLKD" --once --proc-root /nonexistent --db e.db 2> e.err
check nothing_readable_exit1 [ $? -eq 1 ]

# Not root on the real /proc: slabinfo and vmallocinfo are 0400.
chmod 755 . && mkdir user && chmod 777 user
setpriv --reuid=65534 --regid=65534 --clear-groups "$MLKD" --once --db user/u.db 2> u.err
check nonroot_exit0 [ $? -eq 0 ]
check nonroot_says_why grep -q 'cannot read slabinfo: permission denied' u.err
# meminfo, and the processes: RSS where their PSS is not ours to read
check nonroot_meminfo_stored [ "$(sql user/u.db 'SELECT sources FROM samples')" -eq 9 ]

# A corrupt file and somebody else's database: named, refused, untouched.
head -c 16384 /dev/urandom > corrupt.db
cp corrupt.db corrupt.orig
"$MLKD" --once --db corrupt.db 2> k.err
check corrupt_exit1 [ $? -eq 1 ]
check corrupt_named grep -q "$PWD/corrupt.db\|corrupt.db" k.err
check corrupt_untouched cmp -s corrupt.db corrupt.orig
"$Q" --db corrupt.db status 2> kq.err
check corrupt_query_exit1 [ $? -eq 1 ]
check corrupt_query_named grep -q 'corrupt.db' kq.err

sql other.db 'CREATE TABLE invoices(id, total); INSERT INTO invoices VALUES (1, 2)'
cp other.db other.orig
"$MLKD" --once --db other.db 2> o.err
check foreign_exit1 [ $? -eq 1 ]
check foreign_says grep -q 'other.db: not an mlk database' o.err
check foreign_untouched cmp -s other.db other.orig

"$Q" --db missing.db status 2> m.err
check missing_db_exit1 [ $? -eq 1 ]
check missing_db_says grep -q 'missing.db: No such file.*mlkd' m.err
check missing_db_not_created [ ! -e missing.db ]

# mlk-query as a user who may not read the database: the hint fits what
# is on the machine (issue 13, item 13).  A file of make run's is root's
# own; a package's is the group mlk's (test_deb: 'usermod -a -G mlk').
"$MLKD" --once --db private.db 2> /dev/null
chmod 0640 private.db
setpriv --reuid=65534 --regid=65534 --clear-groups "$Q" --db private.db status > /dev/null 2> denied.err
check query_denied_exit1 [ $? -eq 1 ]
check query_denied_says_owner grep -q "private.db: permission denied; it is root's (group root, mode 0640): run mlk-query as root, or let a group of yours read it (chgrp GROUP private.db)" denied.err
if getent group mlk > /dev/null; then
	chgrp mlk private.db
	setpriv --reuid=65534 --regid=65534 --clear-groups "$Q" --db private.db status > /dev/null 2> denied2.err
	check query_denied_says_group grep -q 'private.db: permission denied; root and the group mlk may read it (usermod -a -G mlk nobody, then log in again)' denied2.err
fi
