/* vmalloc: vmalloc by caller and by type, with their growth. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "query.h"
#include "rank.h"
#include "source.h"
#include "units.h"
#include "xmem.h"

struct area_row {
	const char	*series;
	int64_t		 bytes, areas;
	double		 slope;		/* bytes per hour; 0 if not ranked */
};

static void
vmalloc_json(struct json *j, const void *row, const void *unused)
{
	const struct area_row *a = row;

	(void)unused;
	json_open(j, NULL, '{');
	json_str(j, "series", a->series);
	json_int(j, "bytes", a->bytes);
	json_int(j, "areas", a->areas);
	json_int(j, "slope_bytes_per_hour", (int64_t)a->slope);
	json_close(j, '}');
}

static void
vmalloc_table(const struct area_row *a, size_t n)
{
	char b[32], g[40];
	size_t i, at;

	for (i = 0; i < n; i++) {
		at = strchr(a[i].series, ':') - a[i].series + 1;
		if (i == 0 || strncmp(a[i].series, a[i - 1].series, at) != 0)
			printf("%s%-40s %10s %8s %12s\n", i ? "\n" : "",
			    at == 8 ? "caller" : "type", "bytes", "areas",
			    "growth (2h)");
		rate_text(g, a[i].slope);
		series_cell(a[i].series + at, 40);
		printf(" %10s %8lld %12s\n", units_bytes(b, sizeof b,
		    a[i].bytes), (long long)a[i].areas, g);
	}
}

/* The growth of a series among ranked ones; 0 if it was not ranked. */
static double
growth_of(const struct ranked *r, size_t n, const char *series)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(r[i].series, series) == 0)
			return r[i].slope;
	return 0;
}

int
vmalloc_show(struct query *q, const char *only, size_t limit)
{
	static const char *const kinds[] = { "vmalloc:", "vmalloc_type:" };
	static const struct area_row blank = { .series = "" };
	struct store_value *v;
	struct area_row *a;
	struct ranked *r;
	size_t n, nr, na = 0, i, k, shown;
	int64_t t, newest;
	char *cause = NULL;

	query_open(q);
	if (store_latest(q->st, SOURCE_BIT(SOURCE_VMALLOCINFO), &t, &v, &n,
	    &cause) == -1 ||
	    rank_growth(q->st, TREND_SPAN, "vmalloc", &r, &nr, &newest,
	    &cause) == -1)
		die("%s", cause);
	if (n == 0)
		die("no vmallocinfo sample in the database yet");
	xqsort(v, n, sizeof *v, by_bytes_desc);
	/* The largest callers, then every type. */
	a = xcalloc(n, sizeof *a);
	for (k = 0; k < (only != NULL ? 1 : 2); k++)
		for (i = shown = 0; i < n; i++) {
			if (strncmp(v[i].series, kinds[k], strlen(kinds[k]))
			    != 0 || (k == 0 && shown == limit) ||
			    (only != NULL && strcmp(v[i].series, only) != 0))
				continue;
			shown++;
			a[na].series = v[i].series;
			a[na].bytes = v[i].bytes;
			a[na].areas = v[i].objects;
			a[na++].slope = growth_of(r, nr, v[i].series);
		}
	if (only != NULL && na == 0)
		die("no vmalloc area of %s in the newest vmallocinfo sample",
		    only);
	if (q->fmt != FMT_TABLE)
		rows_out(q, a, na, sizeof *a, &blank, vmalloc_json, NULL);
	else
		vmalloc_table(a, na);
	free(a);
	free(v);
	free(r);
	return 0;
}

int
cmd_vmalloc(struct query *q, int argc, char **argv)
{
	size_t limit = 15;
	int ch;

	while ((ch = getopt(argc, argv, "n:")) != -1) {
		if (ch != 'n')
			usage_error(NULL);
		limit = count_arg("-n", optarg);
	}
	extra_args("vmalloc", argc, argv);
	return vmalloc_show(q, NULL, limit);
}
