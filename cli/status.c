/* status and alerts: the kernel's memory now, and what the detector
 * found. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "detect.h"
#include "json.h"
#include "query.h"
#include "rank.h"
#include "units.h"
#include "xmem.h"

#define TOP_CACHES	10
#define STATUS_GROWERS	5
#define STALE_INTERVALS	3	/* samples this late: is mlkd running? */

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
	{ "User: anonymous", "user_anon", "meminfo:AnonPages" },
	{ "User: page cache", "page_cache", "meminfo:Cached" },
};

/* Seconds until exhaustion as people read it; "-" if unknown. */
static void
eta_text(char *buf, size_t len, int64_t eta)
{
	if (eta >= 0)
		units_span(buf, len, eta);
	else
		snprintf(buf, len, "-");
}

/* The series grown in step: an array (CSV: one field, space-separated);
 * those the list had no room for ("+N more") are left out. */
static void
companions_json(struct json *j, const char *list)
{
	char buf[STORE_COMPANIONS_MAX], *p, *name;

	snprintf(buf, sizeof buf, "%s", list);
	if (j->csv) {
		for (p = buf; (p = strchr(p, ',')) != NULL; )
			*p = ' ';
		json_str(j, "companions", buf);
		return;
	}
	json_open(j, "companions", '[');
	for (p = buf; (name = strsep(&p, ",")) != NULL; )
		if (*name != '\0' && *name != '+')
			json_str(j, NULL, name);
	json_close(j, ']');
}

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
	if (a->traced_at > 0) {
		json_str(j, "top_call_site", a->callsite);
		json_str(j, "top_process", a->process);
		json_time(j, "traced_at", a->traced_at);
	} else {
		json_null(j, "top_call_site");
		json_null(j, "top_process");
		json_null(j, "traced_at");
	}
	companions_json(j, a->companions);
	json_close(j, '}');
}

static void
alert_row(const struct store_alert *a)
{
	char opened[32], rate[32], now[32], left[32];

	units_iso(opened, sizeof opened, a->opened_at);
	units_bytes(rate, sizeof rate, (int64_t)a->slope);
	units_bytes(now, sizeof now, a->bytes);
	eta_text(left, sizeof left, a->eta);
	printf("%-28s %-8s %-20s %12s/h %10s %12s", a->series,
	    a->open ? "open" : "resolved", opened, rate, now, left);
	if (!a->open)
		printf("  %s", a->reason);
	putchar('\n');
	if (a->traced_at > 0 && a->callsite[0] != '\0') {
		units_iso(opened, sizeof opened, a->traced_at);
		printf("  held by %s, %s (traced %s)\n", a->callsite,
		    a->process, opened);
	}
	if (a->companions[0] != '\0')
		printf("  growing in step: %s\n", a->companions);
}

/* The growers worth a line: growing with the detector's confidence, and
 * series that name a culprit (slab caches, vmalloc callers,
 * kernel:unaccounted). */
static size_t
growers(struct ranked *r, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n && k < STATUS_GROWERS; i++)
		if (r[i].slope > 0 && r[i].confidence >= DETECT_MIN_CONFIDENCE &&
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
	const char *red = colour() ? "\033[31m" : "", *off = *red ? "\033[0m" : "";
	char rate[32], now[32], left[32], since[32];
	size_t i;

	printf("\n  %-28s %12s %12s %9s  %s\n", n ? "Open alerts" :
	    "Open alerts: none", n ? "growth" : "", n ? "now" : "",
	    n ? "MemAvail" : "", n ? "open since" : "");
	for (i = 0; i < n; i++) {
		units_bytes(rate, sizeof rate, (int64_t)a[i].slope);
		units_bytes(now, sizeof now, a[i].bytes);
		eta_text(left, sizeof left, a[i].eta);
		units_iso(since, sizeof since, a[i].opened_at);
		since[16] = '\0';		/* to the minute */
		printf("%s  %-28.28s %10s/h %12s %9s  %s%s\n", red,
		    a[i].series, rate, now, left, since + 5, off);
		if (a[i].traced_at > 0 && a[i].callsite[0] != '\0')
			printf("    held by %.40s, %.28s\n", a[i].callsite,
			    a[i].process);
	}
}

static void
status_growers_table(const struct ranked *r, size_t n, int64_t available)
{
	char now[32], rate[32], left[32];
	size_t i;

	printf("\n  %-28s %12s %14s %12s\n", "Growing (last 2h)", "bytes",
	    "growth", "MemAvail out");
	for (i = 0; i < n; i++) {
		eta_text(left, sizeof left, detect_eta(available, r[i].slope));
		printf("  %-28.28s %12s %12s/h %12s\n", r[i].series,
		    units_bytes(now, sizeof now, r[i].bytes),
		    units_bytes(rate, sizeof rate, (int64_t)r[i].slope), left);
	}
	if (n == 0)
		printf("  nothing grows significantly\n");
}

int
cmd_status(struct query *q, int argc, char **argv)
{
	struct store_value *mem, *slab, *vm;
	struct store_alert *al;
	struct ranked *gr;
	int64_t newest, avail, left, armed_at, age;
	int stale;
	struct store_newest nw;
	size_t nmem, nslab, nvm, nal, ngr, i, nrows = sizeof status_rows /
	    sizeof status_rows[0];
	const struct store_value *hit;
	int64_t tmem = 0, tslab = 0, tvm = 0;
	char *cause = NULL, tbuf[32], b[32];
	struct json j;

	if (argc > 1)
		usage_error("status: unexpected argument \"%s\"", argv[1]);
	query_open(q);
	if (store_latest(q->st, SRC_MEMINFO, &tmem, &mem, &nmem, &cause) ||
	    store_latest(q->st, SRC_SLABINFO, &tslab, &slab, &nslab, &cause) ||
	    store_latest(q->st, SRC_VMALLOCINFO, &tvm, &vm, &nvm, &cause))
		die("%s", cause);
	if (nmem == 0)
		die("no meminfo sample in the database yet");
	if (store_newest(q->st, &nw, &cause) == -1)
		die("%s", cause);
	/* Data that stopped coming looks current unless said first: older
	 * than three intervals (the default one when a single sample). */
	age = time(NULL) - nw.time;
	stale = age > STALE_INTERVALS * (nw.gap > 0 ? nw.gap : 60);
	/* mlk-query does not read mlkd.conf: the default window */
	armed_at = nw.boot_first + DETECT_ARMED_BINS *
	    detect_unit(DETECT_WINDOW);
	if (store_alerts(q->st, 0, 0, &al, &nal, &cause) == -1 ||
	    rank_growth(q->st, STATUS_WINDOW, NULL, &gr, &ngr, &newest,
	    &cause) == -1)
		die("%s", cause);
	ngr = growers(gr, ngr);
	hit = find(mem, nmem, "meminfo:MemAvailable");
	avail = hit != NULL ? hit->bytes : -1;
	/* Slab caches only, largest first. */
	for (i = 0; i < nslab; )
		if (strncmp(slab[i].series, "slab:", 5) != 0)
			slab[i] = slab[--nslab];
		else
			i++;
	xqsort(slab, nslab, sizeof *slab, by_bytes_desc);
	if (nslab > TOP_CACHES)
		nslab = TOP_CACHES;

	if (q->fmt != FMT_TABLE) {
		start(q, &j);
		json_open(&j, NULL, '{');
		json_time(&j, "time", tmem);
		json_bool(&j, "stale", stale);
		json_int(&j, "age_seconds", age);
		if (nw.gap > 0)
			json_int(&j, "interval_seconds", nw.gap);
		else
			json_null(&j, "interval_seconds");
		json_open(&j, "detection", '{');
		json_bool(&j, "armed", newest >= armed_at);
		json_time(&j, "armed_at", armed_at);
		json_close(&j, '}');
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
			if ((left = detect_eta(avail, gr[i].slope)) >= 0)
				json_int(&j, "eta_exhaustion_seconds", left);
			else
				json_null(&j, "eta_exhaustion_seconds");
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
		if (stale && nw.gap > 0)
			printf("Last sample %s ago (every %s before): is mlkd "
			    "running?\n", units_span(b, sizeof b, age),
			    units_span(tbuf, sizeof tbuf, nw.gap));
		else if (stale)
			printf("Last sample %s ago: is mlkd running?\n",
			    units_span(b, sizeof b, age));
		units_iso(tbuf, sizeof tbuf, tmem);
		printf("Memory at %s\n", tbuf);
		if (newest >= armed_at)
			printf("Detection armed\n\n");
		else
			printf("Detection armed at %s: needs %s more of "
			    "history\n\n", units_iso(tbuf, sizeof tbuf,
			    armed_at), units_span(b, sizeof b, armed_at -
			    newest));
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
		status_growers_table(gr, ngr, avail);
	}
	free(mem);
	free(slab);
	free(vm);
	free(al);
	free(gr);
	return 0;
}

int
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

	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (ch == 'a')
			all = 1;
		else if (ch != 's')
			usage_error(NULL);
		else if (units_time(optarg, time(NULL), &since) == -1)
			die("--since: cannot read \"%s\" as a time", optarg);
	}
	extra_args("alerts", argc, argv);
	query_open(q);
	if (store_alerts(q->st, all, since, &a, &n, &cause) == -1)
		die("%s", cause);
	if (q->fmt != FMT_TABLE) {
		start(q, &j);
		json_open(&j, NULL, '[');
		for (i = 0; i < n; i++)
			alert_json(&j, &a[i]);
		if (n == 0 && q->fmt == FMT_CSV) {
			struct store_alert blank = { .open = 1, .eta = -1 };

			json_header_only(&j);
			alert_json(&j, &blank);
		}
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
