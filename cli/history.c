/* history: one series over time, for people and for programs. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "json.h"
#include "query.h"
#include "text.h"
#include "trend.h"
#include "units.h"
#include "xmem.h"

static int
known_series(struct store *st, const char *series)
{
	size_t i;

	for (i = 0; i < store_nseries(st); i++)
		if (strcmp(store_series_name(st, i), series) == 0)
			return 1;
	return 0;
}

/*
 * The other spellings of a kmalloc cache's size, into alt; how many (at
 * most 2).  kmalloc-4k for kmalloc-4096 and back (kernels differ in
 * naming whole KiB), and size-4096, the name on 2.6 kernels, for
 * kmalloc-4096 and back.
 */
static size_t
size_spellings(const char *name, char (*alt)[SERIES_MAX])
{
	const char *dash = strrchr(name, '-');
	unsigned long long n;
	size_t k = 0;
	char *end;
	int at;

	if (dash == NULL || dash[1] < '0' || dash[1] > '9')
		return 0;
	n = strtoull(dash + 1, &end, 10);
	if (*end == 'k' && end[1] == '\0')
		n *= 1024;
	else if (*end != '\0')
		return 0;
	at = (int)(dash - name);
	if (strncmp(name, "size-", 5) == 0) {
		snprintf(alt[k++], SERIES_MAX, "kmalloc-%llu", n);
		if (n % 1024 == 0)
			snprintf(alt[k++], SERIES_MAX, "kmalloc-%lluk",
			    n / 1024);
		return k;
	}
	if (*end == 'k')
		snprintf(alt[k++], SERIES_MAX, "%.*s-%llu", at, name, n);
	else if (n % 1024 == 0)
		snprintf(alt[k++], SERIES_MAX, "%.*s-%lluk", at, name,
		    n / 1024);
	if (at == 7 && strncmp(name, "kmalloc", 7) == 0)
		snprintf(alt[k++], SERIES_MAX, "size-%llu", n);
	return k;
}

/*
 * The series a name on the command line means: KIND:NAME as given, or a
 * bare NAME of whichever kind has it (slab caches first), each also in
 * its other size spellings; slab:NAME (or KIND:NAME) when none is known,
 * for the caller to say so with suggestions.
 */
static void
resolve_series(struct store *st, const char *arg, char series[SERIES_MAX])
{
	const char *colon = strchr(arg, ':'), *name = colon ? colon + 1 : arg;
	char alt[3][SERIES_MAX];
	size_t k, a, nalt;

	snprintf(alt[0], SERIES_MAX, "%s", name);
	nalt = 1 + size_spellings(name, alt + 1);
	for (a = 0; a < nalt; a++)
		for (k = 0; sample_kinds[k] != NULL; k++) {
			size_t lk = strlen(sample_kinds[k]);

			if (colon != NULL && ((size_t)(colon - arg) != lk ||
			    strncmp(arg, sample_kinds[k], lk) != 0))
				continue;
			if (snprintf(series, SERIES_MAX, "%s:%s",
			    sample_kinds[k], alt[a]) >= SERIES_MAX)
				continue;
			if (known_series(st, series))
				return;
		}
	series_arg(series, arg);
}

/* No such series: say so, with the three closest names. */
static void __attribute__((noreturn))
unknown_series(struct store *st, const char *series)
{
	const char *best[3] = { NULL, NULL, NULL };
	size_t dist[3] = { SIZE_MAX, SIZE_MAX, SIZE_MAX }, i, k, d;

	const char *bare = strchr(series, ':'), *name, *nbare;
	size_t db;

	bare = bare != NULL ? bare + 1 : series;
	for (i = 0; i < store_nseries(st); i++) {
		/* the whole name, or the name alone: slab:MemFree is
		 * meminfo:MemFree misplaced */
		name = store_series_name(st, i);
		nbare = strchr(name, ':');
		nbare = nbare != NULL ? nbare + 1 : name;
		d = text_edits(series, name, 0);
		if ((db = text_edits(bare, nbare, 0)) < d)
			d = db;
		for (k = 0; k < 3 && d >= dist[k]; k++)
			;
		if (k == 3)
			continue;
		memmove(&best[k + 1], &best[k], (2 - k) * sizeof *best);
		memmove(&dist[k + 1], &dist[k], (2 - k) * sizeof *dist);
		best[k] = name;
		dist[k] = d;
	}
	if (best[0] == NULL)
		die("no series named %s: the database has none yet", series);
	die("no series named %s; the closest: %s%s%s%s%s", series, best[0],
	    best[1] ? ", " : "", best[1] ? best[1] : "",
	    best[2] ? ", " : "", best[2] ? best[2] : "");
}

/* Average the rows into buckets of step seconds (boots kept apart). */
static size_t
bucket(struct store_row *r, size_t n, int64_t step)
{
	size_t i, k = 0, m = 0;
	int64_t sum = 0, start = 0;

	for (i = 0; i < n; i++) {
		if (m > 0 && (r[i].time / step * step != start ||
		    r[i].boot != r[k].boot)) {
			r[k].bytes = sum / (int64_t)m;
			k++;
			m = 0;
		}
		if (m++ == 0) {
			start = r[i].time / step * step;
			r[k] = r[i];
			r[k].time = start;
			r[k].objects = -1;
			sum = 0;
		}
		sum += r[i].bytes;
	}
	if (m > 0) {
		r[k].bytes = sum / (int64_t)m;
		k++;
	}
	return k;
}

/* On a terminal: a sparkline of the series, its range and its slope. */
static void
sparkline(const char *series, const struct store_row *r, size_t n)
{
	static const char *const bars[] = {
		"\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586",
		"\u2587", "\u2588"
	};
	int64_t lo = r[0].bytes, hi = r[0].bytes, span;
	double y[64], *ft, *fy;
	size_t i, w, cells = n < 64 ? n : 64, m = 0;
	char a[32], b[32], c[32], s[32], t1[32], t2[32];
	struct fit f;

	for (i = 1; i < n; i++) {
		lo = r[i].bytes < lo ? r[i].bytes : lo;
		hi = r[i].bytes > hi ? r[i].bytes : hi;
	}
	span = r[n - 1].time - r[0].time;
	for (w = 0; w < cells; w++) {		/* a cell per time slice */
		size_t from = w * n / cells, to = (w + 1) * n / cells, k;
		double sum = 0;

		for (k = from; k < to; k++)
			sum += (double)r[k].bytes;
		y[w] = sum / (double)(to - from);
	}
	units_iso(t1, sizeof t1, r[0].time);
	units_iso(t2, sizeof t2, r[n - 1].time);
	printf("%s  %s .. %s\n", series, t1, t2);
	for (w = 0; w < cells; w++)
		fputs(bars[hi == lo ? 0 : (int)((y[w] - (double)lo) * 7.99 /
		    (double)(hi - lo))], stdout);
	/* The slope over the newest boot's values. */
	ft = xcalloc(n, sizeof *ft);
	fy = xcalloc(n, sizeof *fy);
	for (i = 0; i < n; i++)
		if (r[i].boot == r[n - 1].boot) {
			ft[m] = (double)(r[i].time - r[n - 1].time) / 3600;
			fy[m++] = (double)r[i].bytes;
		}
	printf("\nmin %s  max %s  last %s", units_bytes(a, sizeof a, lo),
	    units_bytes(b, sizeof b, hi), units_bytes(c, sizeof c,
	    r[n - 1].bytes));
	if (span > 0 && trend_fit(ft, fy, m, &f) == 0)
		printf("  slope %s/h (confidence %.3f)", units_bytes(s,
		    sizeof s, (int64_t)f.slope), f.confidence);
	printf("\n");
	free(ft);
	free(fy);
}

/* One value as a JSON object or a CSV row: objects is null where it
 * means nothing (an empty CSV field, the same columns in every row). */
static void
history_json(struct json *j, const void *row, const void *unused)
{
	const struct store_row *r = row;

	(void)unused;
	json_open(j, NULL, '{');
	json_time(j, "time", r->time);
	json_int(j, "bytes", r->bytes);
	if (r->objects >= 0)
		json_int(j, "objects", r->objects);
	else if (j->csv)
		json_null(j, "objects");
	json_close(j, '}');
}

static void
history_table(const struct store_row *r, size_t n)
{
	char t[32], b[32];
	size_t i;

	printf("%-20s %14s %12s\n", "time (UTC)", "bytes", "");
	for (i = 0; i < n; i++)
		printf("%-20s %14lld %12s\n", units_iso(t, sizeof t, r[i].time),
		    (long long)r[i].bytes, units_bytes(b, sizeof b, r[i].bytes));
}

int
cmd_history(struct query *q, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "since", required_argument, NULL, 's' },
		{ "until", required_argument, NULL, 'u' },
		{ "step", required_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 }
	};
	static const struct store_row blank = { .objects = -1 };
	int64_t now = time(NULL), since = 0, until = INT64_MAX, step = 0;
	struct store_row *rows;
	char series[SERIES_MAX], *cause = NULL;
	size_t n;
	int ch;

	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (ch == 'S') {
			if (units_duration(optarg, &step) == -1 || step < 1)
				usage_error("--step: expected a duration, like "
				    "1h; got \"%s\"", optarg);
		} else if (ch != 's' && ch != 'u')
			usage_error(NULL);
		else if (units_time(optarg, now, ch == 's' ? &since : &until)
		    == -1)
			usage_error("--%s: cannot read \"%s\" as a time",
			    ch == 's' ? "since" : "until", optarg);
	}
	if (optind == argc)
		usage_error("history: which series? e.g. history dentry");
	if (optind + 1 < argc)
		usage_error("history: unexpected argument \"%s\"",
		    argv[optind + 1]);
	if (since > until)
		usage_error("history: --since is after --until");
	if (since > now)
		usage_error("history: --since is in the future");
	query_open(q);
	resolve_series(q->st, argv[optind], series);
	if (store_history(q->st, series, since, until, &rows, &n, &cause) == -1)
		die("%s", cause);
	if (n == 0 && !known_series(q->st, series))
		unknown_series(q->st, series);
	if (step > 0)
		n = bucket(rows, n, step);
	if (q->fmt != FMT_TABLE)
		rows_out(q, rows, n, sizeof *rows, &blank, history_json, NULL);
	else if (isatty(STDOUT_FILENO) && n > 0)
		sparkline(series, rows, n);
	else
		history_table(rows, n);
	free(rows);
	return 0;
}
