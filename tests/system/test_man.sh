# Every man page renders without a warning.
. "$MLK_TOP/tests/system/lib.sh"

for page in "$top"/daemon/*.[1-8] "$top"/cli/*.[1-8]; do
	[ -e "$page" ] || continue
	LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" > out 2> warn
	check "renders_$(basename "$page")" [ -s out ]
	check "no_warnings_$(basename "$page")" [ ! -s warn ]
done
