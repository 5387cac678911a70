/* status: the kernel's memory now, the open alerts, what grows, and the
 * largest slab caches. */
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


/* What status says, gathered before it is written in either form. */
struct status {
	int64_t			 time;		/* of the newest meminfo */
	int64_t			 age, gap;	/* seconds; gap -1: unknown */
	int			 stale;
	int64_t			 armed_at, newest, available;
	const struct store_value **row;		/* of sample_parts; NULL:
						   not known */
	struct store_value	*values, *slab;
	size_t			 nvalues, nslab;
	struct store_alert	*alerts;
	size_t			 nalerts;
	struct ranked		*growers;
	size_t			 ngrowers;
	/* Process or kernel?  Growth in bytes per hour over the window:
	 * every process (proc:*, none if not sampled), the largest of
	 * them, the kernel's own memory, and MemAvailable. */
	int			 procs, proc_values;
	double			 user, kernel, available_growth;
	int64_t			 span;		/* MemAvailable's fit's; 0 if
						   too few points for one */
	struct ranked		 top_proc;
};

/* The growers worth a line: growing with the detector's confidence, and
 * series that name a culprit (slab caches, vmalloc callers, allocinfo's
 * call sites, kernel:unaccounted). */
static size_t
growers(struct ranked *r, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n && k < STATUS_GROWERS; i++)
		if (r[i].slope > 0 && r[i].confidence >= DETECT_MIN_CONFIDENCE &&
		    (series_name(r[i].series, "slab") != NULL ||
		    series_name(r[i].series, "vmalloc") != NULL ||
		    series_name(r[i].series, "alloc") != NULL ||
		    strcmp(r[i].series, "kernel:unaccounted") == 0))
			r[k++] = r[i];
	return k;
}

/* Who grows: user space (the processes) or the kernel (sample_parts'
 * own)?  From the growth of every series, before growers() keeps few. */
static void
who_grows(struct status *s, const struct ranked *r, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		if (series_name(r[i].series, "proc") != NULL) {
			s->user += r[i].slope;
			if (s->procs++ == 0 || r[i].slope > s->top_proc.slope)
				s->top_proc = r[i];
		} else if (strcmp(r[i].series, "meminfo:MemAvailable") == 0) {
			s->available_growth = r[i].slope;
			s->span = r[i].span;
		}
		for (k = 0; k < sample_nparts; k++)
			if (sample_parts[k].kernel &&
			    strcmp(r[i].series, sample_parts[k].series) == 0)
				s->kernel += r[i].slope;
	}
}

static void
status_gather(struct query *q, struct status *s)
{
	struct store_newest nw;
	const struct store_value *hit;
	char *cause = NULL;
	size_t i;

	values_at(q, STORE_AT_OR_BEFORE, INT64_MAX, &s->time, &s->values,
	    &s->nvalues);
	if ((hit = value_of(s->values, s->nvalues, "meminfo:MemTotal")) == NULL)
		die("no meminfo sample in the database yet");
	if (store_newest(q->st, &nw, &cause) == -1)
		die("%s", cause);
	/* Data that stopped coming looks current unless said first: older
	 * than three intervals (the default one when a single sample). */
	s->age = time(NULL) - nw.time;
	s->gap = nw.gap;
	s->stale = s->age > STALE_INTERVALS * (nw.gap > 0 ? nw.gap : 60);
	/* mlk-query does not read mlkd.conf: the default window */
	s->armed_at = nw.boot_first + DETECT_ARMED_BINS *
	    detect_unit(DETECT_WINDOW);
	if (store_alerts(q->st, 0, 0, &s->alerts, &s->nalerts, &cause) == -1 ||
	    rank_growth(q->st, TREND_SPAN, NULL, &s->growers, &s->ngrowers,
	    &s->newest, &cause) == -1)
		die("%s", cause);
	alerts_live(s->alerts, s->nalerts, s->values, s->nvalues);
	who_grows(s, s->growers, s->ngrowers);
	s->ngrowers = growers(s->growers, s->ngrowers);
	hit = value_of(s->values, s->nvalues, "meminfo:MemAvailable");
	s->available = hit != NULL ? hit->bytes : -1;
	s->row = xcalloc(sample_nparts, sizeof *s->row);
	for (i = 0; i < sample_nparts; i++)
		s->row[i] = value_of(s->values, s->nvalues,
		    sample_parts[i].series);
	/* Slab caches only, largest first. */
	s->slab = xcalloc(s->nvalues + 1, sizeof *s->slab);
	for (i = 0; i < s->nvalues; i++)
		s->proc_values += series_name(s->values[i].series, "proc") !=
		    NULL;
	for (i = 0; i < s->nvalues; i++)
		if (series_name(s->values[i].series, "slab") != NULL)
			s->slab[s->nslab++] = s->values[i];
	xqsort(s->slab, s->nslab, sizeof *s->slab, by_bytes_desc);
	if (s->nslab > TOP_CACHES)
		s->nslab = TOP_CACHES;
}

static void
status_json(const struct query *q, const struct status *s)
{
	struct json j;
	int64_t left;
	size_t i;

	start(q, &j);
	json_open(&j, NULL, '{');
	json_time(&j, "time", s->time);
	json_bool(&j, "stale", s->stale);
	json_int(&j, "age_seconds", s->age);
	if (s->gap > 0)
		json_int(&j, "interval_seconds", s->gap);
	else
		json_null(&j, "interval_seconds");
	json_open(&j, "detection", '{');
	json_bool(&j, "armed", s->newest >= s->armed_at);
	json_time(&j, "armed_at", s->armed_at);
	json_close(&j, '}');
	json_open(&j, "kernel", '{');
	for (i = 0; i < sample_nparts; i++)
		if (s->row[i] == NULL)
			json_null(&j, sample_parts[i].name);
		else
			json_int(&j, sample_parts[i].name, s->row[i]->bytes);
	json_close(&j, '}');
	json_open(&j, "alerts", '[');
	for (i = 0; i < s->nalerts; i++)
		alert_json(&j, &s->alerts[i], NULL);
	json_close(&j, ']');
	json_open(&j, "who_grows", '{');
	json_int(&j, "mem_available_bytes_per_hour",
	    (int64_t)s->available_growth);
	json_int(&j, "kernel_bytes_per_hour", (int64_t)s->kernel);
	if (s->procs > 0) {
		json_int(&j, "user_space_bytes_per_hour", (int64_t)s->user);
		json_str(&j, "top_process", series_name(s->top_proc.series,
		    "proc"));
		json_int(&j, "top_process_bytes_per_hour",
		    (int64_t)s->top_proc.slope);
	} else {
		json_null(&j, "user_space_bytes_per_hour");
		json_null(&j, "top_process");
		json_null(&j, "top_process_bytes_per_hour");
	}
	json_close(&j, '}');
	json_open(&j, "top_growers", '[');
	for (i = 0; i < s->ngrowers; i++) {
		const struct ranked *r = &s->growers[i];

		json_open(&j, NULL, '{');
		json_str(&j, "series", r->series);
		json_int(&j, "bytes", r->bytes);
		json_int(&j, "slope_bytes_per_hour", (int64_t)r->slope);
		json_real(&j, "confidence", r->confidence);
		if ((left = detect_eta(s->available, r->slope)) >= 0)
			json_int(&j, "eta_exhaustion_seconds", left);
		else
			json_null(&j, "eta_exhaustion_seconds");
		json_close(&j, '}');
	}
	json_close(&j, ']');
	json_open(&j, "top_caches", '[');
	for (i = 0; i < s->nslab; i++) {
		json_open(&j, NULL, '{');
		json_str(&j, "series", s->slab[i].series);
		json_int(&j, "bytes", s->slab[i].bytes);
		json_int(&j, "active_objects", s->slab[i].objects);
		json_close(&j, '}');
	}
	json_close(&j, ']');
	json_close(&j, '}');
}

/* Seconds until exhaustion as people read it; "-" if unknown. */
static const char *
eta_text(char *buf, size_t len, int64_t eta)
{
	return eta >= 0 ? units_span(buf, len, eta) : "-";
}

/* Colour on a terminal only, and never when NO_COLOR is set. */
static int
colour(void)
{
	const char *e = getenv("NO_COLOR");

	return isatty(STDOUT_FILENO) && (e == NULL || *e == '\0');
}

/* A line per open alert, in red on a colour terminal. */
static void
status_alerts_table(const struct store_alert *a, size_t n)
{
	const char *red = colour() ? "\033[31m" : "", *off = *red ? "\033[0m" : "";
	char rate[32], now[32], left[32], since[32], text[512];
	size_t i;

	printf("\n  %-28s %12s %12s %9s  %s\n", n ? "Open alerts" :
	    "Open alerts: none", n ? "growth" : "", n ? "now" : "",
	    n ? "MemAvail" : "", n ? "open since" : "");
	for (i = 0; i < n; i++) {
		units_bytes(rate, sizeof rate, (int64_t)a[i].slope);
		units_bytes(now, sizeof now, a[i].bytes);
		printf("%s  %-28.28s %10s/h %12s %9s  %s%s\n", red,
		    a[i].series, rate, now, eta_text(left, sizeof left,
		    a[i].eta), minute(since, a[i].opened_at), off);
		if (*alert_holder(text, sizeof text, &a[i]) != '\0')
			printf("    %s\n", text);
	}
}

/* A rate with its sign, "+40 MiB/h". */
static char *
signed_rate(char *buf, size_t len, double slope)
{
	char r[40];

	snprintf(buf, len, "%s%s", slope >= 0 ? "+" : "", rate_text(r, slope));
	return buf;
}

/* Process or kernel?  The operator's first question, answered first. */
static void
who_grows_table(const struct status *s)
{
	char a[40], u[40], t[40], k[40], span[32];

	if (s->span == 0) {
		printf("\n  Too few samples yet to say what takes MemAvailable\n");
		return;
	}
	printf("\n  MemAvailable %s over the last %s; growing:\n",
	    signed_rate(a, sizeof a, s->available_growth),
	    units_span(span, sizeof span, s->span));
	if (s->procs > 0)
		printf("    user space %s (%s %s); kernel %s\n",
		    signed_rate(u, sizeof u, s->user),
		    series_name(s->top_proc.series, "proc"),
		    signed_rate(t, sizeof t, s->top_proc.slope),
		    signed_rate(k, sizeof k, s->kernel));
	else
		printf("    kernel %s (processes: %s)\n", signed_rate(k,
		    sizeof k, s->kernel), s->proc_values > 0 ? "too few "
		    "samples yet, see process_interval" : "not sampled");
}

static void
status_table(const struct status *s)
{
	char t[32], b[32], rate[32];
	size_t i;

	if (s->stale && s->gap > 0)
		printf("Last sample %s ago (every %s before): is mlkd "
		    "running?\n", units_span(b, sizeof b, s->age),
		    units_span(t, sizeof t, s->gap));
	else if (s->stale)
		printf("Last sample %s ago: is mlkd running?\n",
		    units_span(b, sizeof b, s->age));
	printf("Memory at %s\n", units_iso(t, sizeof t, s->time));
	if (s->newest >= s->armed_at)
		printf("Detection armed\n\n");
	else
		printf("Detection armed at %s: needs %s more of history\n\n",
		    units_iso(t, sizeof t, s->armed_at), units_span(b,
		    sizeof b, s->armed_at - s->newest));
	for (i = 0; i < sample_nparts; i++)
		printf("  %-20s %12s\n", sample_parts[i].label, s->row[i] ?
		    units_bytes(b, sizeof b, s->row[i]->bytes) : "-");
	who_grows_table(s);
	printf("\n  %-28s %12s %14s\n", "Largest slab caches", "bytes",
	    "active objs");
	for (i = 0; i < s->nslab; i++)
		printf("  %-28.28s %12s %14lld\n",
		    series_name(s->slab[i].series, "slab"),
		    units_bytes(b, sizeof b, s->slab[i].bytes),
		    (long long)s->slab[i].objects);
	status_alerts_table(s->alerts, s->nalerts);
	printf("\n  %-28s %12s %14s %12s\n", "Growing (last 2h)", "bytes",
	    "growth", "MemAvail out");
	for (i = 0; i < s->ngrowers; i++)
		printf("  %-28.28s %12s %12s/h %12s\n", s->growers[i].series,
		    units_bytes(b, sizeof b, s->growers[i].bytes),
		    units_bytes(rate, sizeof rate,
		    (int64_t)s->growers[i].slope), eta_text(t, sizeof t,
		    detect_eta(s->available, s->growers[i].slope)));
	if (s->ngrowers == 0)
		printf("  nothing grows significantly\n");
}

int
cmd_status(struct query *q, int argc, char **argv)
{
	struct status s = { 0 };

	if (argc > 1)
		usage_error("status: unexpected argument \"%s\"", argv[1]);
	query_open(q);
	status_gather(q, &s);
	if (q->fmt != FMT_TABLE)
		status_json(q, &s);
	else
		status_table(&s);
	free(s.values);
	free(s.row);
	free(s.slab);
	free(s.alerts);
	free(s.growers);
	return 0;
}
