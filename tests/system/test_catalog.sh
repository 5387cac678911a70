# systemd/mlk.catalog indexes for both alert MESSAGE_IDs, with the fields
# mlkd sends as its placeholders.
. "$MLK_TOP/tests/system/lib.sh"

mkdir -p root/usr/lib/systemd/catalog
cp "$top/systemd/mlk.catalog" root/usr/lib/systemd/catalog/
check catalog_indexes journalctl --root=root --update-catalog
journalctl --root=root --list-catalog > list 2>&1
leak_id=$(sed -n 's/.*#define NOTIFY_ID_LEAK[^"]*"\([0-9a-f]*\)".*/\1/p' "$top/daemon/notify.h")
resolved_id=$(sed -n 's/.*#define NOTIFY_ID_RESOLVED[^"]*"\([0-9a-f]*\)".*/\1/p' "$top/daemon/notify.h")
check catalog_leak_id grep -q "^$leak_id mlk: Kernel memory leak:" list
check catalog_resolved_id grep -q "^$resolved_id mlk: Kernel memory leak resolved" list
# Every @FIELD@ in the text is one mlkd sends.
fields=$(grep -o '@[A-Z_]*@' "$top/systemd/mlk.catalog" | sort -u | tr -d @)
sent=$(grep -o '"MLK_[A-Z_]*=' "$top/daemon/notify.c" | tr -d '"=' | sort -u)
check catalog_fields_sent [ -z "$(echo "$fields" | grep -vxF "$sent")" ]
