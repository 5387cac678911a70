#!/bin/sh
# Turn the numbered schema files into a C array, one string per migration,
# so the binaries carry their schema and `PRAGMA user_version` indexes it.
echo '/* Generated from sql/ by tools/embed-sql.sh; do not edit. */'
echo '#include <stddef.h>'
echo 'const char *const schema_migrations[] = {'
for f in "$@"; do
	printf '\t/* %s */\n' "$f"
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/\t"/' -e 's/$/\\n"/' "$f"
	printf '\t,\n'
done
echo '};'
echo "const size_t schema_nmigrations = $#;"
