/* top and vmalloc: what grows, ranked. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "detect.h"
#include "json.h"
#include "procfs.h"
#include "query.h"
#include "rank.h"
#include "units.h"
#include "xmem.h"

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
cmd_vmalloc(struct query *q, int argc, char **argv)
{
	struct store_value *v;
	struct ranked *r;
	size_t n, nr, i, shown = 0, limit = 15;
	int64_t t, newest;
	char *cause = NULL, b[32], g[32];
	struct json j;
	int ch, pass;

	while ((ch = getopt(argc, argv, "n:")) != -1) {
		if (ch != 'n')
			usage_error(NULL);
		limit = count_arg("-n", optarg);
	}
	extra_args("vmalloc", argc, argv);
	query_open(q);
	if (store_latest(q->st, SRC_VMALLOCINFO, &t, &v, &n, &cause) == -1 ||
	    rank_growth(q->st, STATUS_WINDOW, "vmalloc", &r, &nr, &newest,
	    &cause) == -1)
		die("%s", cause);
	if (n == 0)
		die("no vmallocinfo sample in the database yet");
	xqsort(v, n, sizeof *v, by_bytes_desc);
	if (q->fmt != FMT_TABLE) {
		start(q, &j);
		json_open(&j, NULL, '[');
	}
	/* Callers first (the largest), then every type. */
	for (pass = 0; pass < 2; pass++) {
		const char *prefix = pass == 0 ? "vmalloc:" : "vmalloc_type:";

		if (q->fmt == FMT_TABLE)
			printf("%s%-40s %10s %8s %12s\n", pass ? "\n" : "",
			    pass ? "type" : "caller", "bytes", "areas",
			    "growth (2h)");
		for (i = shown = 0; i < n; i++) {
			if (strncmp(v[i].series, prefix, strlen(prefix)) != 0 ||
			    (pass == 0 && shown == limit))
				continue;
			shown++;
			if (q->fmt != FMT_TABLE) {
				json_open(&j, NULL, '{');
				json_str(&j, "series", v[i].series);
				json_int(&j, "bytes", v[i].bytes);
				json_int(&j, "areas", v[i].objects);
				json_int(&j, "slope_bytes_per_hour", (int64_t)
				    growth_of(r, nr, v[i].series));
				json_close(&j, '}');
				continue;
			}
			units_bytes(g, sizeof g,
			    (int64_t)growth_of(r, nr, v[i].series));
			printf("%-40s %10s %8lld %10s/h\n", v[i].series +
			    strlen(prefix), units_bytes(b, sizeof b, v[i].bytes),
			    (long long)v[i].objects, g);
		}
	}
	if (q->fmt != FMT_TABLE)
		json_close(&j, ']');
	free(v);
	free(r);
	return 0;
}

static int
kernel_reclaimable(const char *cache, void *pf)
{
	return procfs_slab_reclaimable(pf, cache);
}

/* Reclaimable: as the kernel of this machine says, else by name. */
static int
reclaimable(struct procfs *pf, const char *series)
{
	return strncmp(series, "slab:", 5) == 0 &&
	    detect_reclaimable(series + 5, kernel_reclaimable, pf);
}

/* One ranked series as a JSON object or a CSV row. */
static void
top_row(struct json *j, const struct ranked *r, struct procfs *pf)
{
	json_open(j, NULL, '{');
	json_str(j, "series", r->series);
	json_int(j, "bytes", r->bytes);
	json_int(j, "slope_bytes_per_hour", (int64_t)r->slope);
	json_real(j, "confidence", r->confidence);
	json_bool(j, "reclaimable", reclaimable(pf, r->series));
	json_int(j, "points", (int64_t)r->points);
	json_close(j, '}');
}

int
cmd_top(struct query *q, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "window", required_argument, NULL, 'w' },
		{ "kind", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const kinds[] = {
		"slab", "meminfo", "vmalloc", "kernel", NULL
	};
	struct procfs *pf = procfs_new(NULL, NULL);
	char prefix[16] = "", *cause = NULL, rate[32], now[32];
	int64_t window = STATUS_WINDOW, newest;
	struct ranked *r;
	size_t n, i, k, limit = 10;
	struct json j;
	int ch;

	while ((ch = getopt_long(argc, argv, "n:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'w':
			if (units_duration(optarg, &window) == -1 || window < 60)
				die("--window: expected a duration of at least "
				    "1min, like 2h; got \"%s\"", optarg);
			break;
		case 'n':
			limit = count_arg("-n", optarg);
			break;
		case 'k':
			for (k = 0; kinds[k] && strcmp(kinds[k], optarg); k++)
				;
			if (kinds[k] == NULL)
				die("--kind: expected slab, meminfo, vmalloc or "
				    "kernel; got \"%s\"", optarg);
			snprintf(prefix, sizeof prefix, "%s:", optarg);
			break;
		default:
			usage_error(NULL);
		}
	}
	extra_args("top", argc, argv);
	query_open(q);
	if (rank_growth(q->st, window, prefix[0] ? prefix : NULL, &r, &n,
	    &newest, &cause) == -1)
		die("%s", cause);
	if (newest == -1)
		die("no sample in the database yet");
	n = n < limit ? n : limit;
	if (q->fmt != FMT_TABLE) {
		start(q, &j);
		json_open(&j, NULL, '[');
		for (i = 0; i < n; i++)
			top_row(&j, &r[i], pf);
		if (n == 0 && q->fmt == FMT_CSV) {
			struct ranked blank = { .series = "" };

			json_header_only(&j);
			top_row(&j, &blank, pf);
		}
		json_close(&j, ']');
	} else {
		printf("%-34s %10s %14s %6s %s\n", "series", "now",
		    "growth", "conf", "reclaimable");
		for (i = 0; i < n; i++)
			printf("%-34s %10s %12s/h %6.3f %s\n", r[i].series,
			    units_bytes(now, sizeof now, r[i].bytes),
			    units_bytes(rate, sizeof rate, (int64_t)r[i].slope),
			    r[i].confidence,
			    reclaimable(pf, r[i].series) ? "yes" : "no");
	}
	free(r);
	procfs_free(pf);
	return 0;
}
