/* top: what grows, fastest first. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "json.h"
#include "procfs.h"
#include "query.h"
#include "rank.h"
#include "units.h"

static int
kernel_reclaimable(const char *cache, void *pf)
{
	return procfs_slab_reclaimable(pf, cache);
}

/* Reclaimable: a slab cache as the kernel of this machine says (else by
 * name), and the page cache and the lists reclaim takes from. */
static int
reclaimable(struct procfs *pf, const char *series)
{
	static const char *const freed[] = {
		"meminfo:Cached", "meminfo:Buffers", "meminfo:SwapCached",
		"meminfo:Active", "meminfo:Inactive", "meminfo:Active(file)",
		"meminfo:Inactive(file)", "meminfo:Dirty",
		"meminfo:SReclaimable", "meminfo:KReclaimable",
	};
	const char *cache = series_name(series, "slab");
	size_t i;

	if (cache != NULL)
		return detect_reclaimable(cache, kernel_reclaimable, pf);
	for (i = 0; i < sizeof freed / sizeof freed[0]; i++)
		if (strcmp(series, freed[i]) == 0)
			return 1;
	return 0;
}

static void
top_json(struct json *j, const void *row, const void *pf)
{
	const struct ranked *r = row;

	json_open(j, NULL, '{');
	json_str(j, "series", r->series);
	json_int(j, "bytes", r->bytes);
	json_int(j, "slope_bytes_per_hour", (int64_t)r->slope);
	json_real(j, "confidence", r->confidence);
	json_bool(j, "reclaimable", reclaimable((struct procfs *)pf,
	    r->series));
	json_int(j, "points", (int64_t)r->points);
	json_int(j, "span_seconds", r->span);
	json_close(j, '}');
}

static void
top_table(const struct ranked *r, size_t n, int64_t window,
    const struct series_filter *f, struct procfs *pf)
{
	char now[32], rate[40], over[32];
	size_t i;

	printf("Growth over the last %s: %s\n\n",
	    units_span(over, sizeof over, window), filter_words(f));
	printf("%-34s %9s %12s %6s %6s %4s\n", "series", "now", "growth",
	    "over", "conf", "recl");
	for (i = 0; i < n; i++) {
		rate_text(rate, r[i].slope);
		series_cell(r[i].series, 34);
		printf(" %9s %12s %6s %6.3f %4s\n",
		    units_bytes(now, sizeof now, r[i].bytes), rate,
		    units_span(over, sizeof over, r[i].span), r[i].confidence,
		    reclaimable(pf, r[i].series) ? "yes" : "no");
	}
	if (n == 0)
		printf("no series with three points in the window yet\n");
}

int
cmd_top(struct query *q, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "window", required_argument, NULL, 'w' },
		{ "kind", required_argument, NULL, 'k' },
		{ "all", no_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 }
	};
	static const struct ranked blank = { .series = "" };
	struct series_filter f = { "", 0 };
	struct procfs *pf;
	char *cause = NULL;
	int64_t window = TREND_SPAN, newest;
	struct ranked *r;
	size_t n, i, k, limit = 10;
	int ch;

	while ((ch = getopt_long(argc, argv, "n:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'w':
			if (units_duration(optarg, &window) == -1 || window < 60)
				usage_error("--window: expected a duration of "
				    "at least 1min, like 2h; got \"%s\"", optarg);
			break;
		case 'n':
			limit = count_arg("-n", optarg);
			break;
		case 'k':
			filter_kind(&f, optarg);
			break;
		case 'a':
			f.all = 1;
			break;
		default:
			usage_error(NULL);
		}
	}
	extra_args("top", argc, argv);
	query_open(q);
	if (rank_growth(q->st, window, f.prefix[0] ? f.prefix : NULL, &r, &n,
	    &newest, &cause) == -1)
		die("%s", cause);
	if (newest == -1)
		die("no sample in the database yet");
	for (i = k = 0; i < n && k < limit; i++)
		if (filter_match(&f, r[i].series))
			r[k++] = r[i];
	pf = procfs_new(NULL, NULL);
	if (q->fmt != FMT_TABLE)
		rows_out(q, r, k, sizeof *r, &blank, top_json, pf);
	else
		top_table(r, k, window, &f, pf);
	procfs_free(pf);
	free(r);
	return 0;
}
