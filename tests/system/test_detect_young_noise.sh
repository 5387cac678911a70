# A quiet cache's wander in the first hour of its history is no leak:
# mkfam runs (tuning seeds) where a wander of 10 to 60 minutes'
# correlation, 34 to 47 minutes in, left the variogram's lags of 2 and 4
# minutes at half the truth and paged (lib/levels.c, YOUNG_FROM).  The
# leak that was under way before mlkd came, in one of them, is still
# paged within its 30 minutes.
. "$MLK_TOP/tests/system/lib.sh"

score() {	# NAME SEEDS FAMILIES
	MKFAM=$TOOLS/mkfam MLKD=$MLKD sh "$top/tests/score/score.sh" -s "$2" \
	    -f "$3" -j "$(nproc 2>/dev/null || echo 2)" -o "$1" > "$1.out" 2>&1
}
field() {	# FILE COLUMN: the column of the one run's row
	awk -F '\t' -v c="$2" 'NR == 2 { print $c }' "$1"
}
score quiet 147,160 flat,noise
score pre 77 preexisting
check scored [ -s quiet/score.tsv ] && [ -s pre/score.tsv ]
check quiet_no_false_alert [ "$(awk -F '\t' 'NR > 1 { n += $8 } END { print n + 0 }' quiet/score.tsv)" -eq 0 ]
check quiet_all_runs [ "$(awk 'NR > 1' quiet/score.tsv | wc -l)" -eq 4 ]
check preexisting_no_false_alert [ "$(field pre/score.tsv 8)" -eq 0 ]
check preexisting_within_budget [ "$(field pre/score.tsv 6)" -eq 1 ]
