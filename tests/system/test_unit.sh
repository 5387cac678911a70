# The systemd unit: valid, hardened to an exposure of 2.0 or less, and
# its premise holds: mlkd with no capability at all (the unit's empty
# bounding set) still reads every source.
. "$MLK_TOP/tests/system/lib.sh"

make -s -C "$top" install DESTDIR="$PWD/inst" PREFIX=/usr > /dev/null
unit=inst/usr/lib/systemd/system/mlkd.service
check unit_installed [ -f "$unit" ]
check unit_execstart grep -qx 'ExecStart=/usr/sbin/mlkd -f' "$unit"
check sysusers_group grep -qx 'g mlk - -' inst/usr/lib/sysusers.d/mlk.conf
check catalog_installed [ -f inst/usr/lib/systemd/catalog/mlk.catalog ]
check prometheus_files sh -c '[ -f inst/usr/share/mlk/mlk.rules.yml ] && [ -f inst/usr/share/mlk/mlk.json ] && [ -f inst/usr/share/mlk/mlkd-metrics.conf ]'
check example_conf_valid "$MLKD" -n -c inst/etc/mlk/mlkd.conf
# A second install keeps the admin's config.
echo 'interval = 2min' > inst/etc/mlk/mlkd.conf
make -s -C "$top" install DESTDIR="$PWD/inst" PREFIX=/usr > /dev/null
check conf_kept [ "$(cat inst/etc/mlk/mlkd.conf)" = "interval = 2min" ]
make -s -C "$top" uninstall DESTDIR="$PWD/inst" PREFIX=/usr > /dev/null
check uninstall_leaves_conf_only [ "$(find inst -type f)" = inst/etc/mlk/mlkd.conf ]

score=$(systemd-analyze security --offline=yes "$top/systemd/mlkd.service" 2>&1 | sed -n 's/.*Overall exposure level for mlkd.service: \([0-9.]*\).*/\1/p')
echo "exposure: $score"
check exposure_at_most_2 awk -v s="$score" 'BEGIN { exit !(s != "" && s <= 2.0) }'
# With the shipped drop-in that opens the metrics port, still <= 2.0.
d=root/etc/systemd/system
mkdir -p "$d/mlkd.service.d"
cp "$top/systemd/mlkd.service" "$d/"
cp "$top/systemd/mlkd-metrics.conf" "$d/mlkd.service.d/metrics.conf"
open=$(systemd-analyze security --offline=yes --root=root mlkd.service 2>&1 | sed -n 's/.*Overall exposure level for mlkd.service: \([0-9.]*\).*/\1/p')
echo "exposure with the metrics drop-in: $open"
check metrics_dropin_exposure awk -v s="$open" -v c="$score" 'BEGIN { exit !(s != "" && s <= 2.0 && s > c) }'
# verify wants the binary it names: point it at this build.
sed "s|^ExecStart=/usr/sbin/mlkd|ExecStart=$MLKD|" "$top/systemd/mlkd.service" > mlkd.service
check unit_verifies systemd-analyze verify --man=no ./mlkd.service

setpriv --bounding-set=-all --inh-caps=-all --no-new-privs "$MLKD" --once --db capless.db 2> capless.err
check capless_once [ $? -eq 0 ]
check capless_all_sources [ "$(sql capless.db 'SELECT sources FROM samples')" -eq 15 ]
check capless_quiet [ ! -s capless.err ]
# ...and that is what the same setpriv gives a program: no capability.
setpriv --bounding-set=-all --inh-caps=-all --no-new-privs grep '^CapEff:' /proc/self/status > caps
check capless_really grep -q '^CapEff:[[:space:]]*0000000000000000$' caps
