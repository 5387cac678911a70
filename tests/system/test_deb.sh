# The Debian package: builds with dpkg-buildpackage, passes lintian with
# no error, installs with dpkg -i, "mlkd --once" from the installed path
# writes /var/lib/mlk/mlk.db as root:mlk 0640, a member of mlk may query
# it and a non-member may not; remove keeps the database, purge deletes
# it.  Whether the service starts under systemd cannot be seen where
# PID 1 is not systemd; the postinst starts it only where it is.
. "$MLK_TOP/tests/system/lib.sh"

# The package database, /var/lib/mlk and the test users are the
# machine's: one run of this test at a time.
machine_lock deb
if dpkg -s mlk > /dev/null 2>&1; then
	echo "SKIP deb: an mlk package is installed on this machine"
	exit 0
fi
make -s -C "$top" deb > build.log 2>&1
check deb_builds [ $? -eq 0 ]
deb=$(ls "$top"/build/deb/mlk_*.deb 2> /dev/null | head -n 1)
dpkg-deb -f "$deb" Depends > depends
check deb_depends_from_shlibs grep -q 'libevent-2.1-7.*libsqlite3-0.*libsystemd0' depends
lintian --no-tag-display-limit "$deb" > lintian.out 2>&1
check lintian_no_errors [ "$(grep -c '^E:' lintian.out)" -eq 0 ]

dpkg -i "$deb" > dpkg.log 2>&1
check deb_installs [ $? -eq 0 ]
check group_made sh -c "getent group mlk > /dev/null"
check dir_setgid [ "$(stat -c '%U:%G %a' /var/lib/mlk)" = "root:mlk 2750" ]
/usr/sbin/mlkd --once 2> once.err
check installed_once [ $? -eq 0 ]
check db_owner_mode [ "$(stat -c '%U:%G %a' /var/lib/mlk/mlk.db)" = "root:mlk 640" ]

# A member of mlk, and a user outside it (both made here, removed after).
useradd --no-create-home --shell /usr/sbin/nologin --groups mlk mlktest-in
useradd --no-create-home --shell /usr/sbin/nologin mlktest-out
su -s /bin/sh mlktest-in -c 'mlk-query status' > in.out 2> in.err
check member_queries [ $? -eq 0 ]
su -s /bin/sh mlktest-out -c 'mlk-query status' > out.out 2> out.err
check nonmember_refused [ $? -eq 1 ]
check nonmember_told grep -q 'permission denied; root and the group mlk' out.err
userdel mlktest-in
userdel mlktest-out

dpkg -r mlk > remove.log 2>&1
check removed [ ! -e /usr/sbin/mlkd ]
check remove_keeps_db [ -e /var/lib/mlk/mlk.db ]
dpkg -P mlk > purge.log 2>&1
check purge_deletes_db [ ! -e /var/lib/mlk ]
check purge_drops_conf [ ! -e /etc/mlk/mlkd.conf ]
