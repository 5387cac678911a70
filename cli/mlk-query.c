/* mlk-query: the operator's view of the mlkd database.  A table of
 * subcommands over lib/store, opened read-only while the daemon writes. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "detect.h"
#include "json.h"
#include "procfs.h"
#include "rank.h"
#include "sample.h"
#include "store.h"
#include "trend.h"
#include "units.h"
#include "xmem.h"

#define DEFAULT_DB	"/var/lib/mlk/mlk.db"
#define TOP_CACHES	10
#define STATUS_WINDOW	(2 * 3600)	/* growth shown by status */
#define STATUS_GROWERS	5

enum format { FMT_TABLE, FMT_JSON, FMT_CSV };

struct query {
	struct store	*st;
	enum format	 fmt;
};

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
"usage: mlk-query [--db PATH] [--json | --csv] COMMAND [ARGS]\n"
"\n"
"Commands:\n"
"  status                      kernel memory now: slab, vmalloc, unaccounted,\n"
"                              the largest slab caches\n"
"  history SERIES [--since T] [--until T] [--step D]\n"
"                              values of one series (dentry = slab:dentry);\n"
"                              on a terminal a sparkline, range and slope\n"
"  alerts [--all] [--since T]  open leak alerts; --all: resolved ones too\n"
"  diff [--from T | --baseline FILE] [--to T] [-n N]\n"
"                              what changed most, by default since this\n"
"                              boot's first sample (20); FILE: a snapshot\n"
"  snapshot                    every series now, as a JSON document to\n"
"                              compare another machine with\n"
"  attribute SERIES            (not built yet: prints the commands to run)\n"
"  vmalloc [-n N]              vmalloc by caller (the largest N, 15) and type,\n"
"                              with growth over 2h\n"
"  top [--window D] [-n N] [--kind slab|meminfo|vmalloc|kernel]\n"
"                              series by growth over the last D (2h) of the\n"
"                              newest boot, fastest first (10)\n"
"\n"
"Options:\n"
"  --db PATH    database (default " DEFAULT_DB ")\n"
"  --json       one JSON document: bytes as integers, ISO 8601 UTC times\n"
"  --csv        a header and a row per item (history, alerts, top)\n"
"  --help       this text;  --version  the version\n"
"\n"
"Times T: Unix seconds, -2h (before now), now, today, yesterday (UTC),\n"
"or 2026-11-22T10:00:00Z.\n"
"Exit status: 0 success, 1 error, 2 usage.\n");
	exit(status);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fputs("mlk-query: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* A structured answer: JSON, or CSV for the flat ones. */
static void
start(const struct query *q, struct json *j)
{
	if (q->fmt == FMT_CSV)
		json_init_csv(j, stdout);
	else
		json_init(j, stdout);
}

static const struct store_value *
find(const struct store_value *v, size_t n, const char *series)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].series, series) == 0)
			return &v[i];
	return NULL;
}

/* kernel:vmalloc comes with the vmallocinfo sample, the rest with meminfo. */
static const struct store_value *
status_find(const char *series, const struct store_value *mem, size_t nmem,
    const struct store_value *vm, size_t nvm)
{
	if (strcmp(series, "kernel:vmalloc") == 0)
		return find(vm, nvm, series);
	return find(mem, nmem, series);
}

static int
by_series(const void *a, const void *b)
{
	return strcmp(((const struct store_value *)a)->series,
	    ((const struct store_value *)b)->series);
}

static int
by_bytes_desc(const void *a, const void *b)
{
	const struct store_value *x = a, *y = b;

	return (x->bytes < y->bytes) - (x->bytes > y->bytes);
}

static void
fmt_time(char *buf, size_t len, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The kernel's share of memory, by what the kernel counts it as. */
static const struct {
	const char	*label;
	const char	*json;
	const char	*series;
} status_rows[] = {
	{ "MemTotal", "mem_total", "meminfo:MemTotal" },
	{ "MemAvailable", "mem_available", "meminfo:MemAvailable" },
	{ "Slab reclaimable", "slab_reclaimable", "meminfo:SReclaimable" },
	{ "Slab unreclaimable", "slab_unreclaimable", "meminfo:SUnreclaim" },
	{ "vmalloc", "vmalloc", "kernel:vmalloc" },
	{ "Kernel stacks", "kernel_stack", "meminfo:KernelStack" },
	{ "Page tables", "page_tables", "meminfo:PageTables" },
	{ "Per-cpu", "percpu", "meminfo:Percpu" },
	{ "Unaccounted", "unaccounted", "kernel:unaccounted" },
};

static void
alert_json(struct json *j, const struct store_alert *a)
{
	json_open(j, NULL, '{');
	json_str(j, "series", a->series);
	json_str(j, "state", a->open ? "open" : "resolved");
	json_time(j, "opened_at", a->opened_at);
	if (a->open)
		json_null(j, "resolved_at");
	else
		json_time(j, "resolved_at", a->resolved_at);
	json_time(j, "updated_at", a->updated_at);
	json_time(j, "growth_since", a->since);
	json_int(j, "slope_bytes_per_hour", (int64_t)a->slope);
	json_real(j, "confidence", a->confidence);
	json_int(j, "bytes", a->bytes);
	json_int(j, "window_seconds", a->window);
	if (a->eta >= 0)
		json_int(j, "eta_exhaustion_seconds", a->eta);
	else
		json_null(j, "eta_exhaustion_seconds");
	json_bool(j, "reclaimable", a->reclaimable);
	if (a->open)
		json_null(j, "reason");
	else
		json_str(j, "reason", a->reason);
	json_close(j, '}');
}

static void
alert_row(const struct store_alert *a)
{
	char opened[32], rate[32], now[32], left[32];

	fmt_time(opened, sizeof opened, a->opened_at);
	units_bytes(rate, sizeof rate, (int64_t)a->slope);
	units_bytes(now, sizeof now, a->bytes);
	if (a->eta >= 0)
		units_span(left, sizeof left, a->eta);
	else
		snprintf(left, sizeof left, "-");
	printf("%-28s %-8s %-20s %12s/h %10s %12s", a->series,
	    a->open ? "open" : "resolved", opened, rate, now, left);
	if (!a->open)
		printf("  %s", a->reason);
	putchar('\n');
}

/* The growers worth a line: series the detector judges, growing. */
static size_t
growers(struct ranked *r, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n && k < STATUS_GROWERS; i++)
		if (r[i].slope > 0 && r[i].confidence >= 0.99 &&
		    (strncmp(r[i].series, "slab:", 5) == 0 ||
		    strncmp(r[i].series, "vmalloc:", 8) == 0 ||
		    strcmp(r[i].series, "kernel:unaccounted") == 0))
			r[k++] = r[i];
	return k;
}

/* Colour on a terminal only, and never when NO_COLOR is set. */
static int
colour(void)
{
	const char *e = getenv("NO_COLOR");

	return isatty(STDOUT_FILENO) && (e == NULL || *e == '\0');
}

/* An 80-column line per open alert, in red on a colour terminal. */
static void
status_alerts_table(const struct store_alert *a, size_t n)
{
	char rate[32], now[32], left[32], since[32];
	size_t i;

	printf("\n  %-28s %12s %12s %9s  %s\n", n ? "Open alerts" :
	    "Open alerts: none", n ? "growth" : "", n ? "now" : "",
	    n ? "MemAvail" : "", n ? "open since" : "");
	for (i = 0; i < n; i++) {
		units_bytes(rate, sizeof rate, (int64_t)a[i].slope);
		units_bytes(now, sizeof now, a[i].bytes);
		if (a[i].eta >= 0)
			units_span(left, sizeof left, a[i].eta);
		else
			snprintf(left, sizeof left, "-");
		fmt_time(since, sizeof since, a[i].opened_at);
		since[16] = '\0';		/* to the minute */
		printf("%s  %-28.28s %10s/h %12s %9s  %s%s\n",
		    colour() ? "\033[31m" : "", a[i].series, rate, now, left,
		    since + 5, colour() ? "\033[0m" : "");
	}
}

static void
status_growers_table(const struct ranked *r, size_t n)
{
	char now[32], rate[32];
	size_t i;

	printf("\n  %-28s %12s %14s  (last 2h)\n", "Growing", "bytes",
	    "growth");
	for (i = 0; i < n; i++)
		printf("  %-28.28s %12s %12s/h\n", r[i].series,
		    units_bytes(now, sizeof now, r[i].bytes),
		    units_bytes(rate, sizeof rate, (int64_t)r[i].slope));
	if (n == 0)
		printf("  nothing grows significantly\n");
}

static int
cmd_status(struct query *q, int argc, char **argv)
{
	struct store_value *mem, *slab, *vm;
	struct store_alert *al;
	struct ranked *gr;
	int64_t newest;
	size_t nmem, nslab, nvm, nal, ngr, i, nrows = sizeof status_rows /
	    sizeof status_rows[0];
	const struct store_value *hit;
	int64_t tmem = 0, tslab = 0, tvm = 0;
	char *cause = NULL, tbuf[32], b[32];
	struct json j;

	(void)argv;
	if (argc > 1)
		usage(2);
	if (store_latest(q->st, SRC_MEMINFO, &tmem, &mem, &nmem, &cause) ||
	    store_latest(q->st, SRC_SLABINFO, &tslab, &slab, &nslab, &cause) ||
	    store_latest(q->st, SRC_VMALLOCINFO, &tvm, &vm, &nvm, &cause))
		die("%s", cause);
	if (nmem == 0)
		die("no meminfo sample in the database yet");
	if (store_alerts(q->st, 0, 0, &al, &nal, &cause) == -1 ||
	    rank_growth(q->st, STATUS_WINDOW, NULL, &gr, &ngr, &newest,
	    &cause) == -1)
		die("%s", cause);
	ngr = growers(gr, ngr);
	/* Slab caches only, largest first. */
	for (i = 0; i < nslab; )
		if (strncmp(slab[i].series, "slab:", 5) != 0)
			slab[i] = slab[--nslab];
		else
			i++;
	qsort(slab, nslab, sizeof *slab, by_bytes_desc);
	if (nslab > TOP_CACHES)
		nslab = TOP_CACHES;

	if (q->fmt != FMT_TABLE) {
		start(q, &j);
		json_open(&j, NULL, '{');
		json_time(&j, "time", tmem);
		json_open(&j, "kernel", '{');
		for (i = 0; i < nrows; i++) {
			hit = status_find(status_rows[i].series, mem, nmem,
			    vm, nvm);
			if (hit == NULL)
				json_null(&j, status_rows[i].json);
			else
				json_int(&j, status_rows[i].json, hit->bytes);
		}
		json_close(&j, '}');
		json_open(&j, "alerts", '[');
		for (i = 0; i < nal; i++)
			alert_json(&j, &al[i]);
		json_close(&j, ']');
		json_open(&j, "top_growers", '[');
		for (i = 0; i < ngr; i++) {
			json_open(&j, NULL, '{');
			json_str(&j, "series", gr[i].series);
			json_int(&j, "bytes", gr[i].bytes);
			json_int(&j, "slope_bytes_per_hour", (int64_t)gr[i].slope);
			json_real(&j, "confidence", gr[i].confidence);
			json_close(&j, '}');
		}
		json_close(&j, ']');
		json_open(&j, "top_caches", '[');
		for (i = 0; i < nslab; i++) {
			json_open(&j, NULL, '{');
			json_str(&j, "series", slab[i].series);
			json_int(&j, "bytes", slab[i].bytes);
			json_int(&j, "active_objects", slab[i].objects);
			json_close(&j, '}');
		}
		json_close(&j, ']');
		json_close(&j, '}');
	} else {
		fmt_time(tbuf, sizeof tbuf, tmem);
		printf("Kernel memory at %s\n\n", tbuf);
		for (i = 0; i < nrows; i++) {
			hit = status_find(status_rows[i].series, mem, nmem,
			    vm, nvm);
			printf("  %-20s %12s\n", status_rows[i].label,
			    hit ? units_bytes(b, sizeof b, hit->bytes) : "-");
		}
		printf("\n  %-28s %12s %14s\n", "Largest slab caches", "bytes",
		    "active objs");
		for (i = 0; i < nslab; i++)
			printf("  %-28.28s %12s %14lld\n", slab[i].series + 5,
			    units_bytes(b, sizeof b, slab[i].bytes),
			    (long long)slab[i].objects);
		status_alerts_table(al, nal);
		status_growers_table(gr, ngr);
	}
	free(mem);
	free(slab);
	free(vm);
	free(al);
	free(gr);
	return 0;
}

static int
known_series(struct store *st, const char *series)
{
	size_t i;

	for (i = 0; i < store_nseries(st); i++)
		if (strcmp(store_series_name(st, i), series) == 0)
			return 1;
	return 0;
}

/* Edit distance (insert, delete, substitute), for suggestions. */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, prev, cur, up;
	size_t row[SERIES_MAX + 1];

	if (lb > SERIES_MAX)
		return SIZE_MAX;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			up = row[j];
			cur = prev + (a[i - 1] != b[j - 1]);
			cur = up + 1 < cur ? up + 1 : cur;
			cur = row[j - 1] + 1 < cur ? row[j - 1] + 1 : cur;
			row[j] = cur;
			prev = up;
		}
	}
	return row[lb];
}

/* No such series: say so, with the three closest names. */
static void __attribute__((noreturn))
unknown_series(struct store *st, const char *series)
{
	const char *best[3] = { NULL, NULL, NULL };
	size_t dist[3] = { SIZE_MAX, SIZE_MAX, SIZE_MAX }, i, k, d;

	for (i = 0; i < store_nseries(st); i++) {
		d = distance(series, store_series_name(st, i));
		for (k = 0; k < 3 && d >= dist[k]; k++)
			;
		if (k == 3)
			continue;
		memmove(&best[k + 1], &best[k], (2 - k) * sizeof *best);
		memmove(&dist[k + 1], &dist[k], (2 - k) * sizeof *dist);
		best[k] = store_series_name(st, i);
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
	fmt_time(t1, sizeof t1, r[0].time);
	fmt_time(t2, sizeof t2, r[n - 1].time);
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

static int
cmd_history(struct query *q, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "since", required_argument, NULL, 's' },
		{ "until", required_argument, NULL, 'u' },
		{ "step", required_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 }
	};
	int64_t now = time(NULL), since = 0, until = INT64_MAX, step = 0;
	struct store_row *rows;
	char series[SERIES_MAX], *cause = NULL, tbuf[32], b[32];
	struct json j;
	size_t n, i;
	int ch;

	optind = 0;	/* glibc: parse afresh (main stopped at "+") */
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (ch == 'S') {
			if (units_duration(optarg, &step) == -1 || step < 1)
				die("--step: expected a duration, like 1h; got "
				    "\"%s\"", optarg);
			continue;
		}
		if (ch != 's' && ch != 'u')
			usage(2);
		if (units_time(optarg, now, ch == 's' ? &since : &until) == -1)
			die("--%s: cannot read \"%s\" as a time", ch == 's' ?
			    "since" : "until", optarg);
	}
	if (optind + 1 != argc)
		usage(2);
	/* A bare cache name means the slab series. */
	snprintf(series, sizeof series, "%s%s", strchr(argv[optind], ':') ?
	    "" : "slab:", argv[optind]);
	if (store_history(q->st, series, since, until, &rows, &n, &cause) == -1)
		die("%s", cause);
	if (n == 0 && !known_series(q->st, series))
		unknown_series(q->st, series);
	if (step > 0)
		n = bucket(rows, n, step);
	if (q->fmt != FMT_TABLE) {
		start(q, &j);
		json_open(&j, NULL, '[');
		for (i = 0; i < n; i++) {
			json_open(&j, NULL, '{');
			json_time(&j, "time", rows[i].time);
			json_int(&j, "bytes", rows[i].bytes);
			if (rows[i].objects >= 0)
				json_int(&j, "objects", rows[i].objects);
			else if (q->fmt == FMT_CSV)	/* the same columns */
				json_null(&j, "objects");
			json_close(&j, '}');
		}
		json_close(&j, ']');
	} else if (isatty(STDOUT_FILENO) && n > 0)
		sparkline(series, rows, n);
	else {
		printf("%-20s %14s %12s\n", "time (UTC)", "bytes", "");
		for (i = 0; i < n; i++) {
			fmt_time(tbuf, sizeof tbuf, rows[i].time);
			printf("%-20s %14lld %12s\n", tbuf,
			    (long long)rows[i].bytes,
			    units_bytes(b, sizeof b, rows[i].bytes));
		}
	}
	free(rows);
	return 0;
}

static int
cmd_alerts(struct query *q, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "since", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	struct store_alert *a;
	int64_t since = 0;
	char *cause = NULL;
	struct json j;
	size_t n, i;
	int ch, all = 0;

	optind = 0;	/* glibc: parse afresh (main stopped at "+") */
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (ch == 'a')
			all = 1;
		else if (ch != 's')
			usage(2);
		else if (units_time(optarg, time(NULL), &since) == -1)
			die("--since: cannot read \"%s\" as a time", optarg);
	}
	if (optind != argc)
		usage(2);
	if (store_alerts(q->st, all, since, &a, &n, &cause) == -1)
		die("%s", cause);
	if (q->fmt != FMT_TABLE) {
		start(q, &j);
		json_open(&j, NULL, '[');
		for (i = 0; i < n; i++)
			alert_json(&j, &a[i]);
		json_close(&j, ']');
	} else if (n == 0)
		printf("no %salerts\n", all ? "" : "open ");
	else {
		printf("%-28s %-8s %-20s %14s %10s %12s\n", "series", "state",
		    "opened (UTC)", "growth", "now", "exhausted in");
		for (i = 0; i < n; i++)
			alert_row(&a[i]);
	}
	free(a);
	return 0;
}

/* Every value at one moment: the main sample's and the vmalloc sample's
 * (a --once sample is both: each series once), sorted by name. */
static void
moment(struct query *q, enum store_at at, int64_t when, int64_t *time,
    struct store_value **v, size_t *n)
{
	struct store_value *vm;
	size_t nvm, i, k;
	int64_t tvm;
	char *cause = NULL;

	*time = -1;
	if (store_values_at(q->st, SRC_MEMINFO | SRC_SLABINFO, at, when, time,
	    v, n, &cause) == -1 || store_values_at(q->st, SRC_VMALLOCINFO,
	    at, when, &tvm, &vm, &nvm, &cause) == -1)
		die("%s", cause);
	*v = xreallocarray(*v, *n + nvm + 1, sizeof **v);
	memcpy(*v + *n, vm, nvm * sizeof *vm);
	free(vm);
	*n += nvm;
	qsort(*v, *n, sizeof **v, by_series);
	for (i = k = 0; i < *n; i++)
		if (k == 0 || strcmp((*v)[k - 1].series, (*v)[i].series) != 0)
			(*v)[k++] = (*v)[i];
	*n = k;
}

static int
cmd_snapshot(struct query *q, int argc, char **argv)
{
	struct store_value *v;
	char host[256], boot[BOOT_ID_LEN + 1], *cause = NULL;
	struct utsname u;
	int64_t t, newest;
	struct json j;
	size_t n, i;

	(void)argv;
	if (argc != 1)
		usage(2);
	if (store_newest(q->st, boot, &newest, &cause) == -1)
		die("%s", cause);
	moment(q, STORE_AT_OR_BEFORE, INT64_MAX, &t, &v, &n);
	if (t == -1)
		die("no sample in the database yet");
	if (gethostname(host, sizeof host) == -1)
		snprintf(host, sizeof host, "unknown");
	host[sizeof host - 1] = '\0';
	if (uname(&u) == -1)
		snprintf(u.release, sizeof u.release, "unknown");
	/* Always JSON: the point is a file to carry to another machine. */
	json_init(&j, stdout);
	json_open(&j, NULL, '{');
	json_str(&j, "format", "mlk-snapshot");
	json_int(&j, "version", 1);
	json_time(&j, "time", t);
	json_str(&j, "hostname", host);
	json_str(&j, "kernel", u.release);
	json_str(&j, "boot_id", boot);
	json_open(&j, "series", '[');
	for (i = 0; i < n; i++) {
		json_open(&j, NULL, '{');
		json_str(&j, "series", v[i].series);
		json_int(&j, "bytes", v[i].bytes);
		json_close(&j, '}');
	}
	json_close(&j, ']');
	json_close(&j, '}');
	free(v);
	return 0;
}

/* The "from" side of diff --baseline: a snapshot file's values. */
static void
baseline(struct query *q, const char *path, int64_t *time,
    struct store_value **v, size_t *n)
{
	char *text, *cause = NULL;
	size_t len;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL)
		die("%s: %s", path, strerror(errno));
	text = xcalloc(1, 1);
	len = 0;
	for (;;) {
		char buf[65536];
		size_t got = fread(buf, 1, sizeof buf, f);

		if (got == 0)
			break;
		text = xreallocarray(text, len + got + 1, 1);
		memcpy(text + len, buf, got);
		len += got;
		text[len] = '\0';
	}
	if (ferror(f))
		die("%s: %s", path, strerror(errno));
	fclose(f);
	if (store_parse_snapshot(q->st, text, time, v, n, &cause) == -1)
		die("%s: %s", path, cause);
	if (*n == 0)
		die("%s: not an mlk snapshot (make one with mlk-query "
		    "snapshot > FILE)", path);
	free(text);
}

struct change {
	const char	*series;
	int64_t		 from, to;	/* -1: absent then */
	int64_t		 delta;
};

static int
by_change_desc(const void *a, const void *b)
{
	int64_t x = llabs(((const struct change *)a)->delta);
	int64_t y = llabs(((const struct change *)b)->delta);

	return (x < y) - (x > y);
}

static int
cmd_diff(struct query *q, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "baseline", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 }
	};
	const char *base = NULL;
	struct store_value *a, *b;
	struct change *c;
	int64_t from = -1, to = INT64_MAX, ta, tb, now = time(NULL);
	size_t na, nb, i = 0, k = 0, nc = 0, limit = 20;
	char t1[32], t2[32], x[32], y[32], d[32], *end;
	struct json j;
	int ch, cmp;

	optind = 0;	/* glibc: parse afresh (main stopped at "+") */
	while ((ch = getopt_long(argc, argv, "n:", longopts, NULL)) != -1) {
		if (ch == 'n') {
			limit = strtoul(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || limit == 0)
				die("-n: expected a positive count, got \"%s\"",
				    optarg);
		} else if (ch == 'b') {
			base = optarg;
		} else if (ch == 'f' || ch == 't') {
			if (units_time(optarg, now, ch == 'f' ? &from : &to)
			    == -1)
				die("--%s: cannot read \"%s\" as a time",
				    ch == 'f' ? "from" : "to", optarg);
		} else
			usage(2);
	}
	if (optind != argc)
		usage(2);
	if (base != NULL && from != -1)
		die("--baseline and --from exclude each other");
	if (base != NULL)
		baseline(q, base, &ta, &a, &na);
	else
		moment(q, from == -1 ? STORE_BOOT_START : STORE_AT_OR_BEFORE,
		    from, &ta, &a, &na);
	moment(q, STORE_AT_OR_BEFORE, to, &tb, &b, &nb);
	if (ta == -1 || tb == -1)
		die("no sample %s in the database", ta == -1 ? "at --from" :
		    "at --to");
	/* Join by name: a series may be new, or gone. */
	c = xcalloc(na + nb + 1, sizeof *c);
	while (i < na || k < nb) {
		cmp = i == na ? 1 : k == nb ? -1 :
		    strcmp(a[i].series, b[k].series);
		c[nc].series = cmp <= 0 ? a[i].series : b[k].series;
		c[nc].from = cmp <= 0 ? a[i++].bytes : -1;
		c[nc].to = cmp >= 0 ? b[k++].bytes : -1;
		c[nc].delta = (c[nc].to < 0 ? 0 : c[nc].to) -
		    (c[nc].from < 0 ? 0 : c[nc].from);
		nc++;
	}
	qsort(c, nc, sizeof *c, by_change_desc);
	nc = nc < limit ? nc : limit;
	if (q->fmt != FMT_TABLE) {
		start(q, &j);
		json_open(&j, NULL, '[');
		for (i = 0; i < nc; i++) {
			json_open(&j, NULL, '{');
			json_str(&j, "series", c[i].series);
			json_time(&j, "from_time", ta);
			if (c[i].from >= 0)
				json_int(&j, "from_bytes", c[i].from);
			else
				json_null(&j, "from_bytes");
			json_time(&j, "to_time", tb);
			if (c[i].to >= 0)
				json_int(&j, "to_bytes", c[i].to);
			else
				json_null(&j, "to_bytes");
			json_int(&j, "change_bytes", c[i].delta);
			json_close(&j, '}');
		}
		json_close(&j, ']');
	} else {
		fmt_time(t1, sizeof t1, ta);
		fmt_time(t2, sizeof t2, tb);
		printf("From %s%s%s%s to %s, largest changes first\n\n", t1,
		    base != NULL ? " (baseline " : from == -1 ?
		    " (this boot's first sample)" : "",
		    base != NULL ? base : "", base != NULL ? ")" : "", t2);
		printf("%-34s %10s %10s %11s\n", "series", "from", "to",
		    "change");
		for (i = 0; i < nc; i++) {
			units_bytes(d + 1, sizeof d - 1, llabs(c[i].delta));
			d[0] = c[i].delta < 0 ? '-' : '+';
			printf("%-34s %10s %10s %11s\n", c[i].series,
			    c[i].from < 0 ? "-" : units_bytes(x, sizeof x,
			    c[i].from), c[i].to < 0 ? "-" : units_bytes(y,
			    sizeof y, c[i].to), d);
		}
	}
	free(c);
	free(a);
	free(b);
	return 0;
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

static int
cmd_vmalloc(struct query *q, int argc, char **argv)
{
	struct store_value *v;
	struct ranked *r;
	size_t n, nr, i, shown = 0, limit = 15;
	int64_t t, newest;
	char *cause = NULL, *end, b[32], g[32];
	struct json j;
	int ch, pass;

	optind = 0;	/* glibc: parse afresh (main stopped at "+") */
	while ((ch = getopt(argc, argv, "n:")) != -1) {
		if (ch != 'n')
			usage(2);
		limit = strtoul(optarg, &end, 10);
		if (*optarg == '\0' || *end != '\0' || limit == 0)
			die("-n: expected a positive count, got \"%s\"", optarg);
	}
	if (optind != argc)
		usage(2);
	if (store_latest(q->st, SRC_VMALLOCINFO, &t, &v, &n, &cause) == -1 ||
	    rank_growth(q->st, STATUS_WINDOW, "vmalloc", &r, &nr, &newest,
	    &cause) == -1)
		die("%s", cause);
	if (n == 0)
		die("no vmallocinfo sample in the database yet");
	qsort(v, n, sizeof *v, by_bytes_desc);
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

/* Reclaimable: as the kernel of this machine says, else by name. */
static int
reclaimable(struct procfs *pf, const char *series)
{
	int r;

	if (strncmp(series, "slab:", 5) != 0)
		return 0;
	r = procfs_slab_reclaimable(pf, series + 5);
	return r == -1 ? detect_known_reclaimable(series + 5) : r;
}

static int
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
	char prefix[16] = "", *cause = NULL, rate[32], now[32], *end;
	int64_t window = 2 * 3600, newest;
	struct ranked *r;
	size_t n, i, k, limit = 10;
	struct json j;
	int ch;

	optind = 0;	/* glibc: parse afresh (main stopped at "+") */
	while ((ch = getopt_long(argc, argv, "n:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'w':
			if (units_duration(optarg, &window) == -1 || window < 60)
				die("--window: expected a duration of at least "
				    "1min, like 2h; got \"%s\"", optarg);
			break;
		case 'n':
			limit = strtoul(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || limit == 0)
				die("-n: expected a positive count, got \"%s\"",
				    optarg);
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
			usage(2);
		}
	}
	if (optind != argc)
		usage(2);
	if (rank_growth(q->st, window, prefix[0] ? prefix : NULL, &r, &n,
	    &newest, &cause) == -1)
		die("%s", cause);
	if (newest == -1)
		die("no sample in the database yet");
	n = n < limit ? n : limit;
	if (q->fmt != FMT_TABLE) {
		start(q, &j);
		json_open(&j, NULL, '[');
		for (i = 0; i < n; i++) {
			json_open(&j, NULL, '{');
			json_str(&j, "series", r[i].series);
			json_int(&j, "bytes", r[i].bytes);
			json_int(&j, "slope_bytes_per_hour", (int64_t)r[i].slope);
			json_real(&j, "confidence", r[i].confidence);
			json_bool(&j, "reclaimable",
			    reclaimable(pf, r[i].series));
			json_int(&j, "points", (int64_t)r[i].points);
			json_close(&j, '}');
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

/* The object size of a kmalloc-N cache (kmalloc-1k, kmalloc-cg-192,
 * kmalloc-rnd-06-8k); 0 if the name does not say. */
static unsigned long
kmalloc_size(const char *cache)
{
	const char *d = strrchr(cache, '-');
	char *end;
	unsigned long v;

	if (strncmp(cache, "kmalloc-", 8) != 0 || d == NULL)
		return 0;
	v = strtoul(d + 1, &end, 10);
	if (*end == 'k')
		return end[1] == '\0' ? v * 1024 : 0;
	return *end == '\0' ? v : 0;
}

/* Reserved for the attribution work: until then, the commands to run by
 * hand, tailored to the series. */
static int
cmd_attribute(struct query *q, int argc, char **argv)
{
	const char *cache;
	char series[SERIES_MAX];

	(void)q;
	if (argc != 2)
		usage(2);
	snprintf(series, sizeof series, "%s%s", strchr(argv[1], ':') ? "" :
	    "slab:", argv[1]);
	cache = strncmp(series, "slab:", 5) == 0 ? series + 5 : NULL;
	fprintf(stderr, "mlk-query: attribute is not built yet.  By hand, as "
	    "root, for %s:\n", series);
	if (cache != NULL && kmalloc_size(cache) > 0)
		fprintf(stderr, "  trace-cmd record -e kmem:kmalloc -f "
		    "'bytes_alloc==%lu' -e kmem:kfree sleep 30\n"
		    "  trace-cmd report   (pair each ptr with its kfree; what "
		    "is left, by call_site, is the leak)\n",
		    kmalloc_size(cache));
	else if (cache != NULL)
		fprintf(stderr, "  echo 1 > /sys/kernel/slab/%s/trace   (slub_"
		    "debug kernels; callers go to the kernel log)\n", cache);
	fprintf(stderr, "  echo scan > /sys/kernel/debug/kmemleak; cat "
	    "/sys/kernel/debug/kmemleak   (CONFIG_DEBUG_KMEMLEAK)\n");
	return 1;
}

static const struct {
	const char	*name;
	int		(*fn)(struct query *, int, char **);
} commands[] = {
	{ "top", cmd_top },
	{ "diff", cmd_diff },
	{ "vmalloc", cmd_vmalloc },
	{ "snapshot", cmd_snapshot },
	{ "attribute", cmd_attribute },
	{ "status", cmd_status },
	{ "history", cmd_history },
	{ "alerts", cmd_alerts },
};

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "csv", no_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct query q = { NULL, FMT_TABLE };
	const char *db = DEFAULT_DB;
	char *cause = NULL;
	size_t i;
	int ch, rc;

	/* Options stop at the command; its own options follow it. */
	while ((ch = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd': db = optarg; break;
		case 'j': q.fmt = FMT_JSON; break;
		case 'C': q.fmt = FMT_CSV; break;
		case 'h': usage(0);
		case 'V': printf("mlk-query %s\n", MLK_VERSION); return 0;
		default: usage(2);
		}
	}
	if (optind == argc)
		usage(2);
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[optind], commands[i].name) == 0)
			break;
	if (i == sizeof commands / sizeof commands[0]) {
		fprintf(stderr, "mlk-query: unknown command \"%s\"\n",
		    argv[optind]);
		usage(2);
	}
	if (access(db, F_OK) == -1)
		die("%s: %s; is mlkd running? (systemctl start mlkd, or "
		    "mlkd --once --db %s)", db, strerror(errno), db);
	if (access(db, R_OK) == -1 && errno == EACCES)
		die("%s: permission denied; root and the group mlk may read "
		    "it (usermod -a -G mlk USER, then log in again)", db);
	if ((q.st = store_open(db, STORE_READONLY, &cause)) == NULL)
		die("%s", cause);
	rc = commands[i].fn(&q, argc - optind, argv + optind);
	store_close(q.st);
	return rc;
}
