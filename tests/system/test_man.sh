# Every man page renders without a warning.
. "$MLK_TOP/tests/system/lib.sh"

for page in "$top"/daemon/*.[1-8] "$top"/cli/*.[1-8]; do
	[ -e "$page" ] || continue
	LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" > out 2> warn
	check "renders_$(basename "$page")" [ -s out ]
	check "no_warnings_$(basename "$page")" [ ! -s warn ]
done

# mlk-query(1) and mlkd(8) name every command and option --help names.
LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$top/cli/mlk-query.1" 2> /dev/null > q.man
"$Q" --help > q.help
missing=
for word in $(sed -n '/^Commands:/,/^$/s/^  \([a-z]\{3,\}\) .*/\1/p' q.help) \
    $(grep -o -- '--[a-z][a-z-]*' q.help | sort -u); do
	grep -q -- "$word" q.man || missing="$missing $word"
done
check query_man_matches_help [ -z "$missing" ]
[ -z "$missing" ] || echo "not in mlk-query(1):$missing"
LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$top/daemon/mlkd.8" 2> /dev/null > d.man
"$MLKD" --help > d.help
missing=
for word in $(grep -o -- '--[a-z][a-z-]*' d.help | sort -u) \
    $(grep -o -- ' -[a-z] ' d.help | tr -d ' ' | sort -u); do
	grep -q -- "$word" d.man || missing="$missing $word"
done
check mlkd_man_matches_help [ -z "$missing" ]
[ -z "$missing" ] || echo "not in mlkd(8):$missing"
