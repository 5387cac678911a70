/* Units and the config file: every key, defaults, and file:line errors. */
#include <unistd.h>

#include "conf.h"
#include "units.h"
#include "t.h"

static char path[] = "/tmp/mlk-conf-XXXXXX";

static void
cleanup(void)
{
	unlink(path);
}

static char *
write_conf(const char *text)
{
	int fd;

	if (path[sizeof path - 2] != 'X')
		unlink(path);
	else
		atexit(cleanup);
	strcpy(path, "/tmp/mlk-conf-XXXXXX");
	fd = mkstemp(path);
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		abort();
	close(fd);
	return path;
}

static void
durations(void)
{
	int64_t s;

	CHECK(units_duration("90", &s) == 0); CHECK_I64(s, 90);
	CHECK(units_duration("30s", &s) == 0); CHECK_I64(s, 30);
	CHECK(units_duration("5min", &s) == 0); CHECK_I64(s, 300);
	CHECK(units_duration("1h", &s) == 0); CHECK_I64(s, 3600);
	CHECK(units_duration("7d", &s) == 0); CHECK_I64(s, 604800);
	CHECK(units_duration("1.5h", &s) == 0); CHECK_I64(s, 5400);
	CHECK(units_duration("5 min", &s) == -1);
	CHECK(units_duration("-1h", &s) == -1);
	CHECK(units_duration("1y", &s) == -1);
	CHECK(units_duration("", &s) == -1);
}

static void
rates(void)
{
	double r;

	CHECK(units_rate("4MiB/h", &r) == 0); CHECK_I64(r, 4 << 20);
	CHECK(units_rate("1KiB/min", &r) == 0); CHECK_I64(r, 60 * 1024);
	CHECK(units_rate("24MB/d", &r) == 0); CHECK_I64(r, 1000000);
	CHECK(units_rate("1B/s", &r) == 0); CHECK_I64(r, 3600);
	CHECK(units_rate("2048B/h", &r) == 0); CHECK_I64(r, 2048);
	/* a size alone is not a rate (issue 13, item 11) */
	CHECK(units_rate("2048", &r) == -1);
	CHECK(units_rate("1MB", &r) == -1);
	CHECK(units_rate("1MB/0s", &r) == -1);
	CHECK(units_rate("1MB/5min", &r) == 0); CHECK_I64(r, 12000000);
	CHECK(units_rate("4MiB/", &r) == -1);
	CHECK(units_rate("4MiB/fortnight", &r) == -1);
	CHECK(units_rate("lots", &r) == -1);
	CHECK(units_rate("1e308GB/h", &r) == -1);	/* not infinity */
}

/* allocinfo_min: a size, in bytes or units; what -p prints reads back. */
static void
sizes(void)
{
	struct conf c;
	char *cause = NULL, out[2048];
	int64_t b;
	FILE *f;

	CHECK(units_size("1MiB", &b) == 0); CHECK_I64(b, 1 << 20);
	CHECK(units_size("512KiB", &b) == 0); CHECK_I64(b, 512 << 10);
	CHECK(units_size("1GB", &b) == 0); CHECK_I64(b, 1000000000);
	CHECK(units_size("4097", &b) == 0); CHECK_I64(b, 4097);
	CHECK(units_size("1MiB/h", &b) == -1);
	CHECK(units_size("-1", &b) == -1);
	CHECK(units_size("1e30GB", &b) == -1);	/* past 63 bits */
	conf_defaults(&c);
	CHECK_I64(c.allocinfo_min, 1 << 20);
	CHECK(conf_load(&c, write_conf("allocinfo_min = 1.5KiB\n"),
	    &cause) == 0);
	CHECK_I64(c.allocinfo_min, 1536);
	f = fmemopen(out, sizeof out, "w");
	conf_print(f, &c);
	fclose(f);
	CHECK(strstr(out, "allocinfo_min = 1536\n") != NULL);
	CHECK(conf_load(&c, write_conf("allocinfo_min = 2MiB\n"),
	    &cause) == 0);
	f = fmemopen(out, sizeof out, "w");
	conf_print(f, &c);
	fclose(f);
	CHECK(strstr(out, "allocinfo_min = 2MiB\n") != NULL);
	CHECK(conf_load(&c, write_conf("allocinfo_min = lots\n"),
	    &cause) == -1);
	CHECK(strstr(cause, "allocinfo_min: expected a size") != NULL);
	free(cause);
	conf_free(&c);
}

/* What -p prints, -n reads back to the same values, in units people
 * write: never "0B/h" for 0.4 B/h, nor "infB/h". */
static void
print_round_trip(void)
{
	struct conf a, b;
	char *cause = NULL, out[2048];
	FILE *f;

	conf_defaults(&a);
	CHECK(conf_load(&a, write_conf("min_growth = 0.4B/h\n"
	    "retention = 15d\nrollup_retention = 90001s\n"
	    "interval = 61\nwindow = 1h\nmetrics_listen = [::1]:9901\n"
	    "metrics_exclude = ^vmalloc_type:\n"), &cause) == 0);
	f = fmemopen(out, sizeof out, "w");
	conf_print(f, &a);
	fclose(f);
	CHECK(strstr(out, "retention = 15d\n") != NULL);
	CHECK(strstr(out, "window = 1h\n") != NULL);
	CHECK(strstr(out, "min_growth = 1MiB/h\n") == NULL);
	conf_defaults(&b);
	CHECK(conf_load(&b, write_conf(out), &cause) == 0);
	CHECK(b.min_growth == a.min_growth && a.min_growth == 0.4);
	CHECK_I64(b.retention, a.retention);
	CHECK_I64(b.rollup_retention, 90001);
	CHECK_I64(b.interval, 61);
	CHECK_I64(b.window, 3600);
	CHECK_STR(b.metrics_addr, "::1");
	CHECK(b.metrics_port == 9901);
	CHECK_STR(b.metrics_exclude, "^vmalloc_type:");
	CHECK(b.metrics_include == NULL);
	conf_free(&a);
	conf_free(&b);
}

static void
times(void)
{
	int64_t t;

	CHECK(units_time("-2h", 10000, &t) == 0); CHECK_I64(t, 2800);
	CHECK(units_time("1700000000", 0, &t) == 0); CHECK_I64(t, 1700000000);
	CHECK(units_time("2026-11-22T10:00:00Z", 0, &t) == 0);
	CHECK_I64(t, 1795341600);
	CHECK(units_time("2026-11-22", 0, &t) == 0); CHECK_I64(t, 1795305600);
	CHECK(units_time("yesterday-ish", 0, &t) == -1);
	/* 2026-11-22T10:00:00Z: today and yesterday start at midnight UTC. */
	CHECK(units_time("today", 1795341600, &t) == 0); CHECK_I64(t, 1795305600);
	CHECK(units_time("yesterday", 1795341600, &t) == 0);
	CHECK_I64(t, 1795305600 - 86400);
}

static void
defaults(void)
{
	struct conf c;
	char *cause = NULL;

	conf_defaults(&c);
	CHECK_STR(c.db, "/var/lib/mlk/mlk.db");
	CHECK_I64(c.interval, 60);
	CHECK_I64(c.vmalloc_interval, 300);
	CHECK_I64(c.retention, 14 * 86400);
	CHECK_I64(c.rollup_retention, 400 * 86400);
	CHECK(c.attribution == 0);
	CHECK(conf_load(&c, write_conf("# nothing\n\n"), &cause) == 0);
	CHECK(conf_finish(&c, &cause) == 0);
	CHECK_I64(c.window, 18 * 60);
	conf_free(&c);
}

static void
every_key(void)
{
	struct conf c;
	char *cause = NULL;

	conf_defaults(&c);
	CHECK(conf_load(&c, write_conf(
	    "db = /tmp/x.db   # comment\n"
	    "interval = 30s\nvmalloc_interval=10min\nwindow = 3h\n"
	    "min_growth = 4MiB/h\nretention = 7d\nrollup_retention = 100d\n"
	    "attribution = on\nmetrics_listen = off\n"), &cause) == 0);
	CHECK_STR(c.db, "/tmp/x.db");
	CHECK_I64(c.interval, 30);
	CHECK_I64(c.vmalloc_interval, 600);
	CHECK_I64(c.window, 10800);
	CHECK_I64(c.min_growth, 4 << 20);
	CHECK_I64(c.retention, 7 * 86400);
	CHECK_I64(c.rollup_retention, 100 * 86400);
	CHECK(c.attribution == 1);
	conf_free(&c);
}

/* The endpoint's address: numeric IPv4, or IPv6 in brackets; a port
 * from 1 to 65535. */
static void
metrics_keys(void)
{
	static const struct { const char *v; const char *addr; int port; } t[] = {
		{ "127.0.0.1:9901", "127.0.0.1", 9901 },
		{ "[::1]:9901", "::1", 9901 },
		{ "0.0.0.0:1", "0.0.0.0", 1 },
		{ "[fe80::1]:65535", "fe80::1", 65535 },
		{ "::1:9901", NULL, 0 },
		{ "127.0.0.1:0", NULL, 0 },
		{ "127.0.0.1:65536", NULL, 0 },
		{ "127.0.0.1:", NULL, 0 },
		{ "[127.0.0.1]:9901", NULL, 0 },
		{ "256.0.0.1:9901", NULL, 0 },
		{ ":9901", NULL, 0 },
	};
	struct conf c;
	char *cause = NULL, *addr;
	size_t i;
	int port;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		addr = NULL;
		CHECK(conf_listen_parse(t[i].v, &addr, &port) ==
		    (t[i].addr ? 0 : -1));
		if (t[i].addr != NULL) {
			CHECK_STR(addr, t[i].addr);
			CHECK(port == t[i].port);
		}
		free(addr);
	}
	conf_defaults(&c);
	CHECK(c.metrics_addr == NULL && c.metrics_series_max == 50);
	CHECK(conf_load(&c, write_conf("metrics_listen = [::1]:9901\n"
	    "metrics_series_max = 7\nmetrics_include = ^slab:(dentry|kmalloc)\n"
	    "metrics_exclude = ^vmalloc:\n"), &cause) == 0);
	CHECK_STR(c.metrics_addr, "::1");
	CHECK(c.metrics_port == 9901 && c.metrics_series_max == 7);
	CHECK_STR(c.metrics_include, "^slab:(dentry|kmalloc)");
	CHECK_STR(c.metrics_exclude, "^vmalloc:");
	CHECK(conf_load(&c, write_conf("metrics_listen = off\n"
	    "metrics_include =\n"), &cause) == 0);
	CHECK(c.metrics_addr == NULL && c.metrics_include == NULL);
	conf_free(&c);
}

/* A typo is told the key it most likely meant; a key like none of them,
 * where to read them; and every key offered (conf_print's) is one the
 * file knows. */
static void
unknown_key_nearest(void)
{
	struct conf c;
	char *cause = NULL, line[128], out[4096], *key, *save;
	int i = 0;
	FILE *f;

	conf_defaults(&c);
	CHECK(conf_load(&c, write_conf("min_growht = 1MiB/h\n"), &cause) == -1);
	CHECK(strstr(cause, ":1: unknown key min_growht (did you mean "
	    "min_growth?)") != NULL);
	free(cause);
	CHECK(conf_load(&c, write_conf("metrics_lisen = off\n"), &cause) == -1);
	CHECK(strstr(cause, "(did you mean metrics_listen?)") != NULL);
	free(cause);
	CHECK(conf_load(&c, write_conf("magic = 1\n"), &cause) == -1);
	CHECK(strstr(cause, ":1: unknown key magic (mlkd.conf(5) lists the "
	    "keys)") != NULL);
	free(cause);
	CHECK(conf_load(&c, write_conf("d = 1\n"), &cause) == -1);
	CHECK(strstr(cause, "did you mean") == NULL);
	free(cause);
	f = fmemopen(out, sizeof out, "w");
	conf_print(f, &c);
	fclose(f);
	for (key = strtok_r(out, "\n", &save); key != NULL;
	    key = strtok_r(NULL, "\n", &save), i++) {
		*strstr(key, " = ") = '\0';
		snprintf(line, sizeof line, "%s = \001\n", key);
		cause = NULL;
		if (conf_load(&c, write_conf(line), &cause) == -1)
			CHECK(strstr(cause, "unknown key") == NULL);
		free(cause);
	}
	CHECK(i >= 17);
	conf_free(&c);
}

static void
errors_name_line(void)
{
	struct conf c;
	char *cause = NULL, *p;

	conf_defaults(&c);
	p = write_conf("interval = 60s\n\nintervall = 5s\n");
	CHECK(conf_load(&c, p, &cause) == -1);
	CHECK(strstr(cause, ":3: unknown key intervall (did you mean "
	    "interval?)") != NULL);
	CHECK(strncmp(cause, p, strlen(p)) == 0);
	free(cause);
	CHECK(conf_load(&c, write_conf("retention = forever\n"), &cause) == -1);
	CHECK(strstr(cause, ":1: retention:") != NULL);
	free(cause);
	CHECK(conf_load(&c, write_conf("attribution = yes\n"), &cause) == -1);
	free(cause);
	CHECK(conf_load(&c, write_conf("metrics_listen = 9105\n"), &cause) == -1);
	CHECK(strstr(cause, ":1: metrics_listen: expected off, ADDR:PORT")
	    != NULL);
	free(cause);
	CHECK(conf_load(&c, write_conf("\nmetrics_listen = localhost:9105\n"),
	    &cause) == -1);
	CHECK(strstr(cause, ":2: metrics_listen:") != NULL);
	free(cause);
	CHECK(conf_load(&c, write_conf("metrics_exclude = kmalloc-(\n"),
	    &cause) == -1);
	CHECK(strstr(cause, ":1: metrics_exclude: not a regular expression")
	    != NULL);
	free(cause);
	CHECK(conf_load(&c, write_conf("metrics_series_max = -1\n"),
	    &cause) == -1);
	free(cause);
	CHECK(conf_load(&c, write_conf("just words\n"), &cause) == -1);
	CHECK(strstr(cause, ":1: expected") != NULL);
	free(cause);
	CHECK(conf_load(&c, "/nonexistent/mlkd.conf", &cause) == -1);
	free(cause);
	conf_free(&c);
}

/* Interval and window, one way in the file and on the command line:
 * bounded, a window not set follows the interval, and a window set too
 * short names where each was set and the fix. */
static void
interval_and_window(void)
{
	struct conf c;
	char *cause = NULL, *p;

	conf_defaults(&c);
	CHECK(conf_load(&c, write_conf("interval = 10min\n"), &cause) == 0);
	CHECK(conf_finish(&c, &cause) == 0);
	CHECK_I64(c.window, 30 * 60);
	conf_free(&c);

	conf_defaults(&c);
	p = write_conf("interval = 10min\nwindow = 18min\n");
	CHECK(conf_load(&c, p, &cause) == 0);
	CHECK(conf_finish(&c, &cause) == -1);
	CHECK(strncmp(cause, p, strlen(p)) == 0);
	CHECK(strstr(cause, ":2: window = 18min must span three intervals "
	    "(interval = 10min, ") != NULL);
	CHECK(strstr(cause, ":1): set window = 30min or more, or interval = "
	    "6min or less") != NULL);
	free(cause);
	conf_free(&c);

	conf_defaults(&c);
	CHECK(conf_override(&c, "interval", "10min", "--interval",
	    &cause) == 0);
	CHECK(conf_finish(&c, &cause) == 0);
	CHECK_I64(c.window, 30 * 60);
	CHECK(conf_override(&c, "interval", "999999999999", "--interval",
	    &cause) == -1);
	CHECK(strstr(cause, "--interval 999999999999: interval: expected a "
	    "duration from 1s to 1h") == cause);
	free(cause);
	CHECK(conf_override(&c, "db", "", "--db", &cause) == -1);
	free(cause);
	conf_free(&c);

	conf_defaults(&c);
	CHECK(conf_load(&c, write_conf("window = 18min\n"), &cause) == 0);
	CHECK(conf_override(&c, "interval", "10min", "--interval",
	    &cause) == 0);
	CHECK(conf_finish(&c, &cause) == -1);
	CHECK(strstr(cause, "(interval = 10min, --interval)") != NULL);
	free(cause);
	conf_free(&c);
}

T_MAIN("conf", T(durations), T(rates), T(sizes), T(print_round_trip), T(times),
    T(defaults), T(every_key), T(metrics_keys), T(errors_name_line),
    T(unknown_key_nearest), T(interval_and_window))
