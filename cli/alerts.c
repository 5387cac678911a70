/* alerts: what the detector found, open and (--all) resolved. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attrib.h"
#include "detect.h"
#include "json.h"
#include "query.h"
#include "stacks.h"
#include "units.h"

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

/* The call sites that grew alike: an array of {series, slope}; CSV: one
 * field, "SERIES SLOPE" pairs separated by ";". */
static void
sites_json(struct json *j, const struct store_alert *a)
{
	char buf[STORE_SITES * (SERIES_MAX + 24)] = "";
	size_t i, at = 0;

	if (j->csv) {
		for (i = 0; i < a->nsite && at < sizeof buf; i++)
			at += (size_t)snprintf(buf + at, sizeof buf - at,
			    "%s%s %.0f", i ? ";" : "", a->site[i].series,
			    a->site[i].slope);
		json_str(j, "call_sites", buf);
		return;
	}
	json_open(j, "call_sites", '[');
	for (i = 0; i < a->nsite; i++) {
		json_open(j, NULL, '{');
		json_str(j, "series", a->site[i].series);
		json_int(j, "slope_bytes_per_hour", (int64_t)a->site[i].slope);
		json_close(j, '}');
	}
	json_close(j, ']');
}

/* The share of the growth the top call site holds; -1 if untraced. */
static double
held_share(const struct store_alert *a)
{
	return a->traced_at > 0 ? attrib_share((uint64_t)a->held_bytes,
	    a->slope, a->traced_seconds) : -1;
}

void
alert_json(struct json *j, const void *alert, const void *unused)
{
	const struct store_alert *a = alert;
	double share = held_share(a);

	(void)unused;
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
		json_int(j, "top_bytes", a->held_bytes);
		if (share >= 0)
			json_real(j, "top_share", share);
		else
			json_null(j, "top_share");
		json_time(j, "traced_at", a->traced_at);
		if (a->stack[0] != '\0')
			json_lines(j, "top_stack", a->stack);
		else
			json_null(j, "top_stack");
	} else {
		json_null(j, "top_call_site");
		json_null(j, "top_process");
		json_null(j, "top_bytes");
		json_null(j, "top_share");
		json_null(j, "traced_at");
		json_null(j, "top_stack");
	}
	companions_json(j, a->companions);
	sites_json(j, a);
	json_close(j, '}');
}

char *
alert_holder(char *buf, size_t len, const struct store_alert *a)
{
	double share = held_share(a);
	char held[32], span[32];

	units_span(span, sizeof span, (int64_t)(a->traced_seconds + 0.5));
	if (a->traced_at <= 0)
		*buf = '\0';
	else if (a->callsite[0] != '\0' && (share < 0 ||
	    share >= ATTRIB_SHARE_MIN))
		snprintf(buf, len, "held by %s, %s (%.0f%% of the growth in "
		    "a %s trace)", a->callsite, a->process, share < 0 ? 100 :
		    (share > 1 ? 1 : share) * 100, span);
	else
		snprintf(buf, len, "a %s trace found no holder: the largest "
		    "kept %s", span, units_bytes(held, sizeof held,
		    a->held_bytes));
	return buf;
}

void
alerts_live(struct store_alert *a, size_t n, const struct store_value *v,
    size_t nv)
{
	const struct store_value *hit, *avail;
	size_t i;

	avail = value_of(v, nv, "meminfo:MemAvailable");
	for (i = 0; i < n; i++) {
		if (!a[i].open || (hit = value_of(v, nv, a[i].series)) == NULL)
			continue;
		a[i].bytes = hit->bytes;
		if (avail != NULL)
			a[i].eta = detect_eta(avail->bytes, a[i].slope);
	}
}

/* One line each: its rate, then its name (on a line of its own if
 * both do not fit 80 columns). */
static void
print_sites(const struct store_alert *a)
{
	const char *name;
	char rate[40];
	size_t i;

	printf("  call sites that grew alike (allocinfo):\n");
	for (i = 0; i < a->nsite; i++) {
		rate_text(rate, a->site[i].slope);
		name = series_name(a->site[i].series, "alloc");
		printf("    %13s  %s%s\n", rate, strlen(name) > 80 - 19 ?
		    "\n      " : "", name);
	}
}

static void
alerts_table(const struct store_alert *a, size_t n)
{
	char opened[32], rate[40], size[32], left[32], text[512];
	size_t i;

	printf("%-23s %-8s %-12s %11s %9s %12s\n", "series", "state",
	    "opened (UTC)", "growth", "size", "MemAvail out");
	for (i = 0; i < n; i++) {
		rate_text(rate, a[i].slope);
		series_cell(a[i].series, 23);
		printf(" %-8s %-12s %11s %9s %12s\n", a[i].open ? "open" :
		    "resolved", minute(opened, a[i].opened_at), rate,
		    units_bytes(size, sizeof size, a[i].bytes), a[i].eta >= 0 ?
		    units_span(left, sizeof left, a[i].eta) : "-");
		if (a[i].since > 0 && a[i].since < a[i].opened_at)
			printf("  growing since %s, %s before the alert\n",
			    minute(opened, a[i].since), units_span(left,
			    sizeof left, a[i].opened_at - a[i].since));
		if (!a[i].open) {
			printf("  resolved %s: %s\n", minute(opened,
			    a[i].resolved_at), a[i].reason);
		}
		if (*alert_holder(text, sizeof text, &a[i]) != '\0')
			printf("  %s\n", text);
		if (a[i].stack[0] != '\0')
			print_list("  by the stack ", a[i].stack, '\n',
			    " <- ");
		if (a[i].companions[0] != '\0')
			print_list("  growing in step: ", a[i].companions,
			    ',', ", ");
		if (a[i].nsite > 0)
			print_sites(&a[i]);
	}
}

int
cmd_alerts(struct query *q, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "since", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	static const struct store_alert blank = { .open = 1, .eta = -1 };
	struct store_alert *a;
	struct store_value *v;
	int64_t since = 0, now;
	char *cause = NULL;
	size_t n, nv;
	int ch, all = 0;

	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (ch == 'a')
			all = 1;
		else if (ch != 's')
			usage_error(NULL);
		else if (units_time(optarg, time(NULL), &since) == -1)
			usage_error("--since: cannot read \"%s\" as a time",
			    optarg);
	}
	extra_args("alerts", argc, argv);
	query_open(q);
	if (store_alerts(q->st, all, since, &a, &n, &cause) == -1)
		die("%s", cause);
	values_at(q, STORE_AT_OR_BEFORE, INT64_MAX, &now, &v, &nv);
	alerts_live(a, n, v, nv);
	free(v);
	if (q->fmt != FMT_TABLE)
		rows_out(q, a, n, sizeof *a, &blank, alert_json, NULL);
	else if (n == 0)
		printf("no %salerts\n", all ? "" : "open ");
	else
		alerts_table(a, n);
	free(a);
	return 0;
}
