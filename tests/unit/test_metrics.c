/* The exposition's format (lib/expo) and what mlkd exports (lib/metrics):
 * the choice of series, "other", and the families in both formats. */
#include <math.h>

#include "detect.h"
#include "expo.h"
#include "metrics.h"
#include "source.h"
#include "t.h"

static char out[1 << 16];

/* Write with fn into out, as a string. */
static const char *
written(void (*fn)(FILE *, void *), void *arg)
{
	FILE *f = fmemopen(out, sizeof out, "w");

	fn(f, arg);
	fclose(f);
	return out;
}

static void
families(FILE *f, void *om)
{
	struct expo x;

	expo_begin(&x, f, *(int *)om);
	expo_family(&x, "t_reads", EXPO_COUNTER, NULL, "Reads.\nMore\\");
	expo_sample(&x, 3, "source", "a\"b\\c\nd", NULL);
	expo_family(&x, "t_build", EXPO_INFO, NULL, "Build.");
	expo_sample(&x, 1, "version", "1", NULL);
	expo_family(&x, "t_size_bytes", EXPO_GAUGE, "bytes", "Size.");
	expo_sample(&x, 0.1, NULL);
	expo_sample(&x, NAN, "k", "v", NULL);
	expo_sample(&x, 1e300 * 1e300, NULL);
	expo_sample(&x, 68719476736, NULL);
	expo_end(&x);
}

static void
expo_text(void)
{
	int om = 0;

	CHECK_STR(written(families, &om),
	    "# HELP t_reads_total Reads.\\nMore\\\\\n"
	    "# TYPE t_reads_total counter\n"
	    "t_reads_total{source=\"a\\\"b\\\\c\\nd\"} 3\n"
	    "# HELP t_build_info Build.\n"
	    "# TYPE t_build_info gauge\n"
	    "t_build_info{version=\"1\"} 1\n"
	    "# HELP t_size_bytes Size.\n"
	    "# TYPE t_size_bytes gauge\n"
	    "t_size_bytes 0.1\n"
	    "t_size_bytes{k=\"v\"} NaN\n"
	    "t_size_bytes +Inf\n"
	    "t_size_bytes 68719476736\n");
}

static void
expo_openmetrics(void)
{
	int om = 1;

	CHECK_STR(written(families, &om),
	    "# HELP t_reads Reads.\\nMore\\\\\n"
	    "# TYPE t_reads counter\n"
	    "t_reads_total{source=\"a\\\"b\\\\c\\nd\"} 3\n"
	    "# HELP t_build Build.\n"
	    "# TYPE t_build info\n"
	    "t_build_info{version=\"1\"} 1\n"
	    "# HELP t_size_bytes Size.\n"
	    "# TYPE t_size_bytes gauge\n"
	    "# UNIT t_size_bytes bytes\n"
	    "t_size_bytes 0.1\n"
	    "t_size_bytes{k=\"v\"} NaN\n"
	    "t_size_bytes +Inf\n"
	    "t_size_bytes 68719476736\n"
	    "# EOF\n");
	CHECK(expo_wants_om("application/openmetrics-text; version=1.0.0,"
	    "text/plain;version=0.0.4;q=0.5"));
	CHECK(!expo_wants_om("text/plain"));
	CHECK(!expo_wants_om(NULL));
}

static struct detect *
detector(void)
{
	struct detect_conf c = { .window = DETECT_WINDOW,
	    .min_growth = 1048576 };

	detect_rules(&c);
	return detect_new(&c, NULL, NULL);
}

/* Caches c0..c(n-1) of sizes given, at time t. */
static void
caches(struct sample *s, int64_t t, const int64_t *size, int n)
{
	char name[16];
	int i;

	sample_clear(s);
	s->time = t;
	s->uptime_ms = -1;
	snprintf(s->boot_id, sizeof s->boot_id, "b");
	sample_add(s, "meminfo", "MemTotal", 1LL << 34, -1);
	sample_add(s, "meminfo", "Cached", 1LL << 30, -1);
	sample_took(s, SOURCE_BIT(SOURCE_MEMINFO), 0);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "c%d", i);
		sample_add(s, "slab", name, size[i], -1);
	}
	sample_took(s, SOURCE_BIT(SOURCE_SLABINFO), 2);
}

struct scrape {
	struct metrics	*m;
	struct detect	*d;
	int		 om;
};

static void
scrape_cb(FILE *f, void *arg)
{
	struct scrape *sc = arg;
	struct metrics_counters c = {
		.version = "1", .kernel = "k",
	};

	metrics_write(sc->m, &c, sc->d, f, sc->om);
}

/* Is "series=NAME" exported one by one? */
static int
exported(struct scrape *sc, const char *name)
{
	char want[64];

	snprintf(want, sizeof want, "mlk_series_bytes{series=\"slab:%s\"",
	    name);
	return strstr(written(scrape_cb, sc), want) != NULL;
}

/* The largest N one by one, ties by name, the rest in "other"; a series
 * that trades places at the edge does not flap; an excluded one is
 * summed, an included one always exported; one that is gone, gone. */
static void
choice(void)
{
	int64_t size[8] = { 800, 700, 600, 500, 500, 500, 300, 100 };
	struct scrape sc = { NULL, detector(), 0 };
	struct sample s = { 0 };
	char *cause = NULL;

	sc.m = metrics_new(4, NULL, NULL, &cause);
	CHECK(sc.m != NULL);
	caches(&s, 1000, size, 8);
	detect_sample(sc.d, &s, &(struct detect_event *){ NULL });
	metrics_sample(sc.m, &s);
	CHECK(metrics_tracked(sc.m) == 10);
	/* c3 ties c4 and c5: the name decides */
	CHECK(exported(&sc, "c3") && !exported(&sc, "c4"));
	CHECK(metrics_exported(sc.m) == 4);
	CHECK(strstr(out, "mlk_series_bytes{series=\"other\",kind=\"slab\","
	    "reclaimable=\"false\"} 1400\n") != NULL);
	CHECK(strstr(out, "meminfo:Cached") == NULL);
	CHECK(strstr(out, "mlk_series{state=\"exported\"} 4\n") != NULL);
	CHECK(strstr(out, "mlk_series{state=\"summed\"} 4\n") != NULL);
	/* c4 passes c3 by a byte: c3 stays, within a quarter more */
	size[4] = 501;
	caches(&s, 1060, size, 8);
	metrics_sample(sc.m, &s);
	CHECK(exported(&sc, "c3") && exported(&sc, "c4"));
	CHECK(metrics_exported(sc.m) == 5);
	/* ...and goes once it falls further */
	size[3] = 200;
	caches(&s, 1120, size, 8);
	metrics_sample(sc.m, &s);
	CHECK(!exported(&sc, "c3"));
	/* a cache no longer listed is gone */
	caches(&s, 1180, size, 7);
	metrics_sample(sc.m, &s);
	CHECK(metrics_tracked(sc.m) == 9);
	CHECK(metrics_reconf(sc.m, 4, "^slab:c6$", "^slab:c0$", &cause) == 0);
	metrics_sample(sc.m, &s);
	CHECK(!exported(&sc, "c0") && exported(&sc, "c6"));
	CHECK(metrics_reconf(sc.m, 4, "(", NULL, &cause) == -1);
	free(cause);
	metrics_free(sc.m);
	detect_free(sc.d);
	sample_free(&s);
}

/* A leak: its alert, its growth as mlk-query would fit it, its time to
 * exhaustion; the detector armed.  In OpenMetrics too. */
static void
leak(void)
{
	struct scrape sc = { NULL, detector(), 0 };
	struct detect_event *ev;
	struct sample s = { 0 };
	char *cause = NULL;
	const char *text;
	int64_t size[1];
	int i;

	sc.m = metrics_new(50, NULL, NULL, &cause);
	for (i = 0; i < 240; i++) {	/* 4 h, 36 MiB/h from the start */
		size[0] = (100LL << 20) + (int64_t)i * (36 << 20) / 60;
		caches(&s, 60 * i, size, 1);
		sample_add(&s, "meminfo", "MemAvailable", 1LL << 33, -1);
		detect_sample(sc.d, &s, &ev);
		metrics_sample(sc.m, &s);
	}
	text = written(scrape_cb, &sc);
	CHECK(strstr(text, "mlk_detection_armed 1\n") != NULL);
	CHECK(strstr(text, "mlk_alert_open{series=\"slab:c0\",kind=\"slab\","
	    "reclaimable=\"false\"} 1\n") != NULL);
	/* 36 MiB/h, exactly: Theil-Sen of a line */
	CHECK(strstr(text, "mlk_series_growth_bytes_per_second{series="
	    "\"slab:c0\",kind=\"slab\",reclaimable=\"false\"} 10485.76\n")
	    != NULL);
	/* 8 GiB at 36 MiB/h */
	CHECK(strstr(text, "mlk_alert_exhaustion_seconds{series=\"slab:c0\","
	    "kind=\"slab\",reclaimable=\"false\"} 819200\n") != NULL);
	sc.om = 1;
	text = written(scrape_cb, &sc);
	CHECK(strcmp(text + strlen(text) - 6, "# EOF\n") == 0);
	metrics_free(sc.m);
	detect_free(sc.d);
	sample_free(&s);
}

T_MAIN("metrics", T(expo_text), T(expo_openmetrics), T(choice), T(leak))
