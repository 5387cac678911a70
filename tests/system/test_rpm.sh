# The RPM: rpmbuild -tb builds it from make dist's tarball (with --nodeps:
# this machine's rpm database knows none of the Debian-installed build
# requirements), with every file and the scriptlets that make the group,
# the database directory, and preset the service.
. "$MLK_TOP/tests/system/lib.sh"

git -C "$top" archive --format=tar --prefix=mlk-0.1.0/ HEAD | gzip > mlk-0.1.0.tar.gz
check dist_has_spec sh -c "tar tzf mlk-0.1.0.tar.gz | grep -qx mlk-0.1.0/packaging/rpm/mlk.spec"
rpmbuild -tb --nodeps --define "_topdir $PWD/top" mlk-0.1.0.tar.gz > build.log 2>&1
check rpm_builds [ $? -eq 0 ]
rpm=$(ls top/RPMS/*/mlk-0.1.0-1*.rpm 2> /dev/null | head -n 1)
rpm -qpl "$rpm" > files 2> /dev/null
for f in /usr/sbin/mlkd /usr/bin/mlk-query /usr/lib/systemd/system/mlkd.service \
    /usr/lib/sysusers.d/mlk.conf /usr/lib/systemd/catalog/mlk.catalog \
    /etc/mlk/mlkd.conf /usr/share/man/man8/mlkd.8; do
	check "rpm_has_$(basename "$f")" grep -q "^$f" files
done
rpm -qp --scripts "$rpm" > scripts 2> /dev/null
check rpm_makes_group grep -q 'groupadd -r mlk' scripts
check rpm_makes_state_dir grep -q 'install -d -m 2750 -o root -g mlk /var/lib/mlk' scripts
check rpm_presets_service grep -q 'preset mlkd.service' scripts
rpm -qp --configfiles "$rpm" > conf 2> /dev/null
check rpm_conf_noreplace grep -qx /etc/mlk/mlkd.conf conf
