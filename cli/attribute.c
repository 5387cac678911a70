/* attribute: trace one slab cache, or the pages behind
 * kernel:unaccounted, live and say which code, by call site and by
 * kernel stack, and which processes hold what it allocated; or show
 * mlkd's stored attribution. */
#include <sys/resource.h>

#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "attrib.h"
#include "procfs.h"
#include "query.h"
#include "sample.h"
#include "store.h"
#include "slabinfo.h"
#include "tracing.h"
#include "units.h"
#include "xmem.h"

#define SECONDS_DEFAULT	30
#define SECONDS_MAX	3600
#define DRAIN_MS	100	/* the buffer holds a second or more */

static volatile sig_atomic_t interrupted;

static void
on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* What to run by hand when mlk cannot trace series here. */
static void
manual(const char *series, const char *why)
{
	const char *cache = series_name(series, "slab");

	fprintf(stderr, "mlk-query: attribute: %s\nBy hand, as root, for %s:\n",
	    why, series);
	if (cache == NULL) {
		fprintf(stderr, "  trace-cmd record -e kmem:mm_page_alloc -f "
		    "'migratetype != 1' -T -e kmem:mm_page_free sleep 30\n"
		    "  trace-cmd report   (pair each pfn with its free; what is "
		    "left, by stack, is the leak)\n"
		    "  memleak --pages -o 30000   (bcc; the outstanding pages' "
		    "stacks)\n");
		return;
	}
	fprintf(stderr, "  trace-cmd record -e kmem:kmalloc -e kmem:kfree "
	    "-e kmem:kmem_cache_alloc -e kmem:kmem_cache_free sleep 30\n"
	    "  trace-cmd report   (pair each ptr with its free; what is left,"
	    " by call_site, is the leak)\n"
	    "  echo 1 > /sys/kernel/slab/%s/trace   (slub_debug kernels; "
	    "callers go to the kernel log)\n"
	    "  echo scan > /sys/kernel/debug/kmemleak; cat "
	    "/sys/kernel/debug/kmemleak   (CONFIG_DEBUG_KMEMLEAK)\n", cache);
}

/* The object size of a cache, from /proc/slabinfo; 0 with *cause. */
static uint64_t
objsize_of(struct procfs *pf, const char *cache, char **cause)
{
	struct slabinfo si = { 0 };
	const struct slab_cache *sc;
	const char *buf;
	uint64_t size = 0;
	size_t len;

	if (procfs_read(pf, "slabinfo", &buf, &len, cause) == -1 ||
	    slabinfo_parse(buf, len, &si, cause) == -1)
		return 0;
	if ((sc = slabinfo_find(&si, cache)) != NULL)
		size = sc->objsize;
	slabinfo_free(&si);
	if (size == 0)
		xasprintf(cause, "no slab cache %s in /proc/slabinfo (merged "
		    "into another? /sys/kernel/slab/%s links to it)", cache,
		    cache);
	return size;
}

static double
cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static void
catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;	/* no SA_RESTART: poll returns */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	/* A progress line to a closed pipe must not kill us mid-trace. */
	signal(SIGPIPE, SIG_IGN);
}

/* Trace for up to seconds (less if interrupted); -1 with *cause. */
static int
trace(struct tracing *t, int seconds, const char *series, char **cause)
{
	struct pollfd pfd = { .fd = tracing_fd(t), .events = POLLIN };
	int progress = isatty(STDERR_FILENO), shown = -1, rc = 0;
	uint64_t allocs, frees;
	double now;

	while (!interrupted && (now = tracing_seconds(t)) < seconds) {
		poll(&pfd, 1, DRAIN_MS);
		if (tracing_drain(t, cause) == -1) {
			rc = -1;
			break;
		}
		if (progress && (int)now != shown) {
			shown = (int)now;
			tracing_totals(t, &allocs, &frees);
			fprintf(stderr, "\rtracing %s: %d/%d s, %llu "
			    "allocations, %llu freed  ", series, shown, seconds,
			    (unsigned long long)allocs,
			    (unsigned long long)frees);
		}
	}
	if (progress)
		fprintf(stderr, "\r\033[K");
	return rc;
}

static void
print_groups(const char *title, const struct attrib_group *g, size_t n,
    size_t limit, int procs)
{
	char b[32];
	size_t i;

	printf("\n%11s %10s %9s  %s\n", "OUTSTANDING", "BYTES", "ALLOCS",
	    title);
	for (i = 0; i < n && i < limit; i++) {
		units_bytes(b, sizeof b, (int64_t)g[i].bytes);
		if (procs)
			printf("%11llu %10s %9llu  %s[%d]\n",
			    (unsigned long long)g[i].outstanding, b,
			    (unsigned long long)g[i].allocs, g[i].label,
			    g[i].pid);
		else
			printf("%11llu %10s %9llu  %s\n",
			    (unsigned long long)g[i].outstanding, b,
			    (unsigned long long)g[i].allocs, g[i].label);
	}
	if (n > limit)
		printf("%11s  (%zu more)\n", "", n - limit);
}

/* Frames take room: the table shows this many stacks, --json all. */
#define STACKS_SHOWN	3

static void
print_stacks(const struct attrib_result *r, size_t limit)
{
	const struct stack_group *g;
	const char *f;
	char b[32], by[STACK_PROCS * (STACK_COMM_MAX + 48)];
	size_t i, k, at;

	if (r->nstack > 0)
		printf("\nSTACKS HOLDING THE MOST (innermost frame first)\n");
	for (i = 0; i < r->nstack && i < limit && i < STACKS_SHOWN; i++) {
		g = &r->stack[i];
		printf("%2zu. %llu outstanding (%s) of %llu allocations\n",
		    i + 1, (unsigned long long)g->outstanding,
		    units_bytes(b, sizeof b, (int64_t)g->bytes),
		    (unsigned long long)g->allocs);
		for (k = 0, at = 0; k < g->nproc; k++)
			at += (size_t)snprintf(by + at, sizeof by - at,
			    "%s%s[%d] %llu", k ? "," : "", g->proc[k].comm,
			    g->proc[k].pid,
			    (unsigned long long)g->proc[k].outstanding);
		if (g->nproc > 0)
			print_list("    held by ", by, ',', ", ");
		for (f = g->frames; *f != '\0'; f += *f == '\n') {
			k = strcspn(f, "\n");
			printf("      %.*s\n", (int)k, f);
			f += k;
		}
	}
	if (r->nstack > limit || r->nstack > STACKS_SHOWN)
		printf("%6s(more with --json)\n", "");
}

static void
json_stacks(struct json *j, const struct attrib_result *r)
{
	const struct stack_group *g;
	size_t i, k;

	json_open(j, "stacks", '[');
	for (i = 0; i < r->nstack; i++) {
		g = &r->stack[i];
		json_open(j, NULL, '{');
		json_lines(j, "frames", g->frames);
		json_int(j, "allocations", (int64_t)g->allocs);
		json_int(j, "outstanding", (int64_t)g->outstanding);
		json_int(j, "outstanding_bytes", (int64_t)g->bytes);
		json_open(j, "processes", '[');
		for (k = 0; k < g->nproc; k++) {
			json_open(j, NULL, '{');
			json_str(j, "comm", g->proc[k].comm);
			json_int(j, "pid", g->proc[k].pid);
			json_int(j, "outstanding",
			    (int64_t)g->proc[k].outstanding);
			json_int(j, "outstanding_bytes",
			    (int64_t)g->proc[k].bytes);
			json_close(j, '}');
		}
		json_close(j, ']');
		json_close(j, '}');
	}
	json_close(j, ']');
}

static void
json_groups(struct json *j, const char *key, const struct attrib_group *g,
    size_t n, size_t limit, int procs)
{
	size_t i;

	json_open(j, key, '[');
	for (i = 0; i < n && i < limit; i++) {
		json_open(j, NULL, '{');
		if (procs) {
			json_str(j, "comm", g[i].label);
			json_int(j, "pid", g[i].pid);
		} else
			json_str(j, "call_site", g[i].label);
		json_int(j, "allocations", (int64_t)g[i].allocs);
		json_int(j, "outstanding", (int64_t)g[i].outstanding);
		json_int(j, "outstanding_bytes", (int64_t)g[i].bytes);
		json_close(j, '}');
	}
	json_close(j, ']');
}

/* One attribution, traced now or stored by mlkd. */
struct shown {
	const char	*series;
	const char	*events;	/* what was traced */
	int64_t		 started;	/* Unix seconds */
	double		 seconds, cpu;	/* cpu < 0: not known */
	const char	*error;		/* why mlkd could not trace; or NULL */
	const char	*nostacks;	/* why there are no stacks; or NULL */
	const struct attrib_result *r;
};

static void
show(const struct query *q, const struct shown *s, size_t limit)
{
	const struct attrib_result *r = s->r;
	const char *tail;
	struct json j;
	char b[32], when[32], *events;

	if (q->fmt == FMT_JSON) {
		start(q, &j);
		json_open(&j, NULL, '{');
		json_str(&j, "series", s->series);
		json_time(&j, "started", s->started);
		json_real(&j, "seconds", s->seconds);
		json_str(&j, "events", s->events);
		if (s->error != NULL && s->error[0] != '\0')
			json_str(&j, "error", s->error);
		json_int(&j, "allocations", (int64_t)r->allocs);
		json_int(&j, "freed", (int64_t)r->frees);
		json_int(&j, "free_events", (int64_t)r->free_events);
		json_int(&j, "outstanding", (int64_t)r->outstanding);
		json_int(&j, "outstanding_bytes",
		    (int64_t)r->outstanding_bytes);
		json_int(&j, "events_lost", (int64_t)r->lost);
		json_int(&j, "untracked", (int64_t)r->untracked);
		if (s->cpu >= 0)	/* not stored: live traces only */
			json_int(&j, "counted_elsewhere", (int64_t)r->counted);
		else
			json_null(&j, "counted_elsewhere");
		if (s->cpu >= 0)
			json_real(&j, "cpu_seconds", s->cpu);
		else
			json_null(&j, "cpu_seconds");
		json_groups(&j, "call_sites", r->site, r->nsite, limit, 0);
		json_groups(&j, "processes", r->proc, r->nproc, limit, 1);
		json_stacks(&j, r);
		json_int(&j, "stack_overflow", (int64_t)r->stack_overflow);
		if (s->nostacks != NULL)
			json_str(&j, "stacks_unavailable", s->nostacks);
		else
			json_null(&j, "stacks_unavailable");
		json_close(&j, '}');
		return;
	}
	units_iso(when, sizeof when, s->started);
	units_bytes(b, sizeof b, (int64_t)r->outstanding_bytes);
	printf("%s: traced %.1f s from %s\n", s->series, s->seconds, when);
	/* "EVENTS; not our own (...)": the rest on a line of its own */
	tail = strstr(s->events, "; ");
	events = xstrndup(s->events, tail != NULL ? (size_t)(tail -
	    s->events) : strlen(s->events));
	print_list("  events: ", events, ',', ", ");
	free(events);
	if (tail != NULL)
		printf("          %s\n", tail + 2);
	printf("  %llu allocations, %llu freed while traced, %llu outstanding "
	    "(%s);\n  %llu free events\n", (unsigned long long)r->allocs,
	    (unsigned long long)r->frees, (unsigned long long)r->outstanding,
	    b, (unsigned long long)r->free_events);
	if (r->lost > 0 || r->untracked > 0)
		printf("  incomplete: %llu events lost (buffer full),\n  %llu "
		    "allocations not tracked (table full)\n",
		    (unsigned long long)r->lost,
		    (unsigned long long)r->untracked);
	if (r->counted > 0)
		printf("  %llu page allocations left out: their stacks show "
		    "slab, page-table,\n  vmalloc or page-cache pages, which "
		    "meminfo counts\n", (unsigned long long)r->counted);
	if (r->stack_overflow > 0)
		printf("  stack table full: %llu allocations grouped as one "
		    "\"(stack table full)\"\n",
		    (unsigned long long)r->stack_overflow);
	if (s->nostacks != NULL)
		printf("  no stacks: %s; call sites only\n", s->nostacks);
	if (s->cpu >= 0)
		printf("  cost: %.2f CPU s\n", s->cpu);
	print_groups("CALL SITE", r->site, r->nsite, limit, 0);
	print_groups("PROCESS[PID]", r->proc, r->nproc, limit, 1);
	print_stacks(r, limit);
}

/* mlkd's newest attribution of series, from the database. */
static int
attribute_last(struct query *q, const char *series, size_t limit)
{
	struct store_attribution a;
	struct shown s = { .series = series, .cpu = -1 };
	char *cause = NULL;
	int found;

	query_open(q);
	if ((found = store_attribution_last(q->st, series, 0, &a, &cause)) ==
	    -1)
		die("%s", cause);
	if (found == 0)
		die("no attribution of %s stored: mlkd makes one when an alert "
		    "opens on it with attribution = on (mlkd.conf(5)); as root, "
		    "mlk-query attribute %s traces it now", series, series);
	if (a.error[0] != '\0' && q->fmt == FMT_TABLE)
		printf("%s: mlkd could not trace it at %s: %s\n", series,
		    units_iso((char[32]){ 0 }, 32, a.started_at), a.error);
	else {
		s.events = a.events;
		s.started = a.started_at;
		s.seconds = a.seconds;
		s.error = a.error;
		s.r = &a.r;
		show(q, &s, limit);
	}
	attrib_result_free(&a.r);
	return 0;
}

/* Trace series now, as root; the exit status. */
static int
attribute_live(const struct query *q, const char *series, int seconds,
    int stacks, size_t limit)
{
	struct procfs *pf = procfs_new(NULL, NULL);
	struct attrib_result r;
	struct tracing *t = NULL;
	char events[512], nostacks[200], *cause = NULL;
	struct shown s = { .series = series, .events = events };
	const char *cache = series_name(series, "slab");
	uint64_t objsize = 0;
	double cpu0 = cpu_seconds();
	int rc = 1, cleaned = 0;

	if (geteuid() != 0) {
		manual(series, "tracing the kernel needs root");
		goto out;
	}
	catch_signals();	/* before the instance exists */
	if (cache == NULL || (objsize = objsize_of(pf, cache, &cause)) != 0)
		t = tracing_start(series, objsize, stacks, pf, &cleaned,
		    &cause);
	if (cleaned > 0)
		fprintf(stderr, "mlk-query: attribute: removed %d tracefs "
		    "instance%s left by a killed mlk process\n", cleaned,
		    cleaned == 1 ? "" : "s");
	if (t == NULL) {
		manual(series, cause);
		goto out;
	}
	/* A copy: the trace is freed before we print. */
	snprintf(events, sizeof events, "%s", tracing_events(t));
	if (tracing_nostacks(t) != NULL) {
		snprintf(nostacks, sizeof nostacks, "%s", tracing_nostacks(t));
		s.nostacks = nostacks;
	}
	s.started = time(NULL);
	if (trace(t, seconds, series, &cause) == -1) {
		fprintf(stderr, "mlk-query: attribute: %s\n", cause);
		goto out;
	}
	s.seconds = tracing_seconds(t);
	tracing_finish(t, &r);
	tracing_free(t);	/* gone before we print */
	t = NULL;
	s.cpu = cpu_seconds() - cpu0;
	s.r = &r;
	if (interrupted)
		fprintf(stderr, "mlk-query: interrupted: what was traced "
		    "until then\n");
	show(q, &s, limit);
	attrib_result_free(&r);
	rc = 0;
out:
	tracing_free(t);
	procfs_free(pf);
	free(cause);
	return rc;
}

/* A vmalloc series is attributed already: vmallocinfo names the
 * function that asked for each area.  Its areas and growth instead. */
static int
attribute_vmalloc(struct query *q, const char *series)
{
	fprintf(q->fmt == FMT_TABLE ? stdout : stderr, "%s: nothing to trace: "
	    "/proc/vmallocinfo names the caller of each area already (%s).  "
	    "Its areas and growth, from the newest sample:\n", series,
	    series_name(series, "vmalloc"));
	return vmalloc_show(q, series, 1);
}

int
cmd_attribute(struct query *q, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "seconds", required_argument, NULL, 's' },
		{ "last", no_argument, NULL, 'l' },
		{ "no-stacks", no_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 }
	};
	char series[SERIES_MAX];
	size_t limit = 10, n;
	int ch, seconds = SECONDS_DEFAULT, last = 0, stacks = 1;

	while ((ch = getopt_long(argc, argv, "n:", longopts, NULL)) != -1) {
		switch (ch) {
		case 's':
			if ((n = count_arg("--seconds", optarg)) > SECONDS_MAX)
				usage_error("--seconds: at most %d", SECONDS_MAX);
			seconds = (int)n;
			break;
		case 'l': last = 1; break;
		case 'S': stacks = 0; break;
		case 'n': limit = count_arg("-n", optarg); break;
		default: usage_error(NULL);
		}
	}
	if (optind == argc)
		usage_error("attribute: which slab cache, or "
		    SERIES_UNACCOUNTED "? e.g. attribute kmalloc-1k");
	if (optind + 1 < argc)
		usage_error("attribute: unexpected argument \"%s\"",
		    argv[optind + 1]);
	series_arg(series, argv[optind]);
	if (series_name(series, "vmalloc") != NULL)
		return attribute_vmalloc(q, series);
	if (series_name(series, "slab") == NULL &&
	    strcmp(series, SERIES_UNACCOUNTED) != 0)
		die("attribute: %s is not a slab cache: only slab caches and "
		    "%s are traced, and vmalloc callers shown", series,
		    SERIES_UNACCOUNTED);
	if (last)
		return attribute_last(q, series, limit);
	return attribute_live(q, series, seconds, stacks, limit);
}
