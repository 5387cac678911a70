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

# At 80 columns every command's heading of mlk-query(1) is one line of its
# own, its description below it (issue 13, item 14: the .TP tags of top,
# alerts, diff and vmalloc were split, their options in the text).
LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$top/cli/mlk-query.1" 2> /dev/null > q80.man
heading() {	# TEXT: a line of its own, the next one indented further
	awk -v h="       $1" '$0 == h { getline; ok = /^              [^ ]/ }
	    END { exit !ok }' q80.man
}
check heading_top heading 'top [--window duration] [-n count] [--kind kind] [--all]'
check heading_history heading 'history series [--since time] [--until time] [--step duration]'
check heading_alerts heading 'alerts [--all] [--since time]'
check heading_diff heading 'diff [--from time | --baseline file] [--to time] [-n count]'
check heading_snapshot heading 'snapshot'
check heading_vmalloc heading 'vmalloc [-n count]'
check heading_attribute heading 'attribute series [--seconds n] [-n n] [--no-stacks] [--last]'
