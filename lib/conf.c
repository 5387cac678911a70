#include <arpa/inet.h>

#include <ctype.h>
#include <errno.h>
#include <regex.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "detect.h"
#include "text.h"
#include "units.h"
#include "xmem.h"

#define DEFAULT_DB	"/var/lib/mlk/mlk.db"
#define YEARS		(100 * 365 * 86400LL)	/* "forever", bounded */

void
conf_defaults(struct conf *c)
{
	memset(c, 0, sizeof *c);
	c->db = xstrdup(DEFAULT_DB);
	c->interval = 60;
	c->vmalloc_interval = 5 * 60;
	c->process_interval = 5 * 60;
	c->process_top = 20;
	c->window = DETECT_WINDOW;
	c->min_growth = 1024.0 * 1024;		/* 1 MiB/h */
	c->retention = 14 * 86400;
	c->rollup_retention = 400 * 86400;
	c->attribution = 0;
	c->attribution_duration = 30;
	c->attribution_period = 6 * 3600;
	c->allocinfo_min = 1048576;
	c->metrics_series_max = 50;
}

void
conf_free(struct conf *c)
{
	free(c->db);
	free(c->interval_at);
	free(c->window_at);
	free(c->metrics_addr);
	free(c->metrics_include);
	free(c->metrics_exclude);
	memset(c, 0, sizeof *c);
}

static int
set_duration(int64_t *dst, const char *v, int64_t min, int64_t max)
{
	int64_t s;

	if (units_duration(v, &s) == -1 || s < min || s > max)
		return -1;
	*dst = s;
	return 0;
}

int
conf_listen_parse(const char *v, char **addr, int *port)
{
	unsigned char bin[16];
	const char *colon = strrchr(v, ':'), *host = v;
	size_t len;
	char *end, *a;
	long p;

	if (colon == NULL || colon == v)
		return -1;
	len = (size_t)(colon - v);
	if (*v == '[') {		/* [::1]:9901 */
		if (colon[-1] != ']' || len < 3)
			return -1;
		host++;
		len -= 2;
	}
	errno = 0;
	p = strtol(colon + 1, &end, 10);
	if (colon[1] == '\0' || *end != '\0' || errno != 0 || p < 1 ||
	    p > 65535)
		return -1;
	a = xstrndup(host, len);
	if (inet_pton(*v == '[' ? AF_INET6 : AF_INET, a, bin) != 1) {
		free(a);
		return -1;
	}
	*addr = a;
	*port = (int)p;
	return 0;
}

int64_t
conf_period(const struct conf *c, const char *key)
{
	if (strcmp(key, "interval") == 0)
		return c->interval;
	if (strcmp(key, "vmalloc_interval") == 0)
		return c->vmalloc_interval;
	if (strcmp(key, "process_interval") == 0)
		return c->process_interval;
	return -1;
}

/* A regex key: NULL for "" (none); the reason if it does not compile. */
static const char *
set_regex(char **dst, const char *key, const char *v)
{
	static char why[256];
	char err[128];
	regex_t re;
	int rc;

	if (*v != '\0' && (rc = regcomp(&re, v, REG_EXTENDED | REG_NOSUB))) {
		regerror(rc, &re, err, sizeof err);
		snprintf(why, sizeof why, "%s: not a regular expression "
		    "(POSIX extended): %s", key, err);
		return why;
	}
	if (*v != '\0')
		regfree(&re);
	free(*dst);
	*dst = *v != '\0' ? xstrdup(v) : NULL;
	return NULL;
}

static int
set_count(int *dst, const char *v, long min, long max)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (*v == '\0' || *end != '\0' || errno != 0 || n < min || n > max)
		return -1;
	*dst = (int)n;
	return 0;
}

/* Into near, the known key a typo most likely meant: within 2 edits and
 * fewer than half its letters.  The keys are conf_print's, which writes
 * every one.  0 if one is, -1 if none. */
static int
nearest_key(const char *k, char *near, size_t len)
{
	struct conf d;
	char *text = NULL, *line, *eq, *save;
	size_t n = 0, e, least = 3;
	FILE *f;

	if ((f = open_memstream(&text, &n)) == NULL)
		return -1;
	conf_defaults(&d);
	conf_print(f, &d);
	conf_free(&d);
	fclose(f);
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if ((eq = strstr(line, " = ")) == NULL)
			continue;
		*eq = '\0';
		if ((e = text_edits(k, line, 1)) < least &&
		    2 * e < strlen(line)) {
			least = e;
			snprintf(near, len, "%s", line);
		}
	}
	free(text);
	return least < 3 ? 0 : -1;
}

/* Set one key, said at where; on a bad value return the reason. */
static const char *
conf_set(struct conf *c, const char *k, const char *v, const char *where)
{
	if (strcmp(k, "db") == 0) {
		if (*v == '\0')
			return "db: empty path";
		free(c->db);
		c->db = xstrdup(v);
	} else if (strcmp(k, "interval") == 0) {
		if (set_duration(&c->interval, v, 1, 3600) == -1)
			return "interval: expected a duration from 1s to 1h, "
			    "like 60s or 1min";
		free(c->interval_at);
		c->interval_at = xstrdup(where);
	} else if (strcmp(k, "vmalloc_interval") == 0) {
		if (set_duration(&c->vmalloc_interval, v, 1, 86400) == -1)
			return "vmalloc_interval: expected a duration from 1s "
			    "to 1d, like 5min";
	} else if (strcmp(k, "process_interval") == 0) {
		if (set_duration(&c->process_interval, v, 1, 86400) == -1)
			return "process_interval: expected a duration from 1s "
			    "to 1d, like 5min";
	} else if (strcmp(k, "process_top") == 0) {
		if (set_count(&c->process_top, v, 0, 10000) == -1)
			return "process_top: expected a count from 0 to 10000, "
			    "like 20";
	} else if (strcmp(k, "window") == 0) {
		if (set_duration(&c->window, v, 10, 86400) == -1)
			return "window: expected a duration from 10s to 1d, "
			    "like 30min";
		free(c->window_at);
		c->window_at = xstrdup(where);
	} else if (strcmp(k, "min_growth") == 0) {
		if (units_rate(v, &c->min_growth) == -1 || c->min_growth <= 0)
			return "min_growth: expected a size per time, like "
			    "1MiB/h or 24MB/d (MiB: 2^20 bytes, MB: 10^6)";
	} else if (strcmp(k, "retention") == 0) {
		if (set_duration(&c->retention, v, 3600, YEARS) == -1)
			return "retention: expected a duration from 1h to "
			    "100 years, like 14d";
	} else if (strcmp(k, "rollup_retention") == 0) {
		if (set_duration(&c->rollup_retention, v, 3600, YEARS) == -1)
			return "rollup_retention: expected a duration from 1h "
			    "to 100 years, like 400d";
	} else if (strcmp(k, "attribution") == 0) {
		if (strcmp(v, "on") == 0)
			c->attribution = 1;
		else if (strcmp(v, "off") == 0)
			c->attribution = 0;
		else
			return "attribution: expected on or off";
	} else if (strcmp(k, "attribution_duration") == 0) {
		if (set_duration(&c->attribution_duration, v, 1, 3600) == -1)
			return "attribution_duration: expected a duration from "
			    "1s to 1h, like 30s";
	} else if (strcmp(k, "attribution_period") == 0) {
		if (set_duration(&c->attribution_period, v, 0, YEARS) == -1)
			return "attribution_period: expected a duration up to "
			    "100 years, like 6h";
	} else if (strcmp(k, "allocinfo_min") == 0) {
		if (units_size(v, &c->allocinfo_min) == -1)
			return "allocinfo_min: expected a size, like 1MiB or "
			    "512KiB (MiB: 2^20 bytes, MB: 10^6)";
	} else if (strcmp(k, "metrics_listen") == 0) {
		char *addr = NULL;
		int port = 0;

		if (strcmp(v, "off") != 0 &&
		    conf_listen_parse(v, &addr, &port) == -1)
			return "metrics_listen: expected off, ADDR:PORT or "
			    "[ADDR]:PORT with a numeric address, like "
			    "127.0.0.1:9901 or [::1]:9901";
		free(c->metrics_addr);
		c->metrics_addr = addr;
		c->metrics_port = port;
	} else if (strcmp(k, "metrics_series_max") == 0) {
		if (set_count(&c->metrics_series_max, v, 0, 100000) == -1)
			return "metrics_series_max: expected a count from 0 "
			    "to 100000, like 50";
	} else if (strcmp(k, "metrics_include") == 0) {
		return set_regex(&c->metrics_include, k, v);
	} else if (strcmp(k, "metrics_exclude") == 0) {
		return set_regex(&c->metrics_exclude, k, v);
	} else
		return "unknown key";
	return NULL;
}

static char *
trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int
conf_read(struct conf *c, FILE *f, const char *path, char **cause)
{
	char *line = NULL, *k, *v, *eq, *hash, where[PATH_MAX + 16];
	const char *why;
	size_t cap = 0;
	ssize_t n;
	int lineno = 0, rc = 0;

	while ((n = getline(&line, &cap, f)) != -1) {
		lineno++;
		if ((size_t)n != strlen(line)) {
			xasprintf(cause, "%s:%d: a NUL byte", path, lineno);
			rc = -1;
			break;
		}
		if ((hash = strchr(line, '#')) != NULL)
			*hash = '\0';
		k = trim(line);
		if (*k == '\0')
			continue;
		if ((eq = strchr(k, '=')) == NULL) {
			xasprintf(cause, "%s:%d: expected \"key = value\"",
			    path, lineno);
			rc = -1;
			break;
		}
		*eq = '\0';
		k = trim(k);
		v = trim(eq + 1);
		snprintf(where, sizeof where, "%s:%d", path, lineno);
		if ((why = conf_set(c, k, v, where)) != NULL) {
			char near[64];

			if (strcmp(why, "unknown key") != 0)
				xasprintf(cause, "%s:%d: %s", path, lineno, why);
			else if (nearest_key(k, near, sizeof near) == 0)
				xasprintf(cause, "%s:%d: unknown key %s (did you "
				    "mean %s?)", path, lineno, k, near);
			else
				xasprintf(cause, "%s:%d: unknown key %s (mlkd.conf(5) "
				    "lists the keys)", path, lineno, k);
			rc = -1;
			break;
		}
	}
	if (rc == 0 && ferror(f)) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		rc = -1;
	}
	free(line);
	return rc;
}

int
conf_load(struct conf *c, const char *path, char **cause)
{
	FILE *f;
	int rc;

	if ((f = fopen(path, "r")) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return -1;
	}
	rc = conf_read(c, f, path, cause);
	fclose(f);
	return rc;
}

int
conf_override(struct conf *c, const char *k, const char *v,
    const char *option, char **cause)
{
	const char *why;

	if ((why = conf_set(c, k, v, option)) == NULL)
		return 0;
	xasprintf(cause, "%s %s: %s", option, v, why);
	return -1;
}

/* "14d", "18min", "90s": the largest unit that says the duration exactly,
 * as the file is written. */
static const char *
exact_duration(char *buf, size_t len, int64_t seconds)
{
	static const struct { const char *name; int64_t scale; } u[] = {
		{ "d", 86400 }, { "h", 3600 }, { "min", 60 },
	};
	size_t i;

	for (i = 0; i < sizeof u / sizeof u[0]; i++)
		if (seconds != 0 && seconds % u[i].scale == 0) {
			snprintf(buf, len, "%lld%s",
			    (long long)(seconds / u[i].scale), u[i].name);
			return buf;
		}
	snprintf(buf, len, "%llds", (long long)seconds);
	return buf;
}

int
conf_finish(struct conf *c, char **cause)
{
	char w[32], i[32], fix_w[32], fix_i[32];

	/* Unless it is set, the window follows the interval: each third of
	 * it wants a sample. */
	if (c->window_at == NULL && c->window < CONF_WINDOW_INTERVALS *
	    c->interval)
		c->window = CONF_WINDOW_INTERVALS * c->interval;
	if (c->window < CONF_WINDOW_INTERVALS * c->interval) {
		xasprintf(cause, "%s: window = %s must span three intervals "
		    "(interval = %s%s%s): set window = %s or more, or interval "
		    "= %s or less", c->window_at,
		    exact_duration(w, sizeof w, c->window),
		    exact_duration(i, sizeof i, c->interval),
		    c->interval_at != NULL ? ", " : "",
		    c->interval_at != NULL ? c->interval_at : "",
		    exact_duration(fix_w, sizeof fix_w,
		    CONF_WINDOW_INTERVALS * c->interval),
		    exact_duration(fix_i, sizeof fix_i,
		    c->window / CONF_WINDOW_INTERVALS));
		return -1;
	}
	if (c->rollup_retention < c->retention) {
		xasprintf(cause, "rollup_retention must not be shorter than "
		    "retention");
		return -1;
	}
	return 0;
}

static void
print_duration(FILE *f, const char *key, int64_t seconds)
{
	char buf[32];

	fprintf(f, "%s = %s\n", key, exact_duration(buf, sizeof buf, seconds));
}

/* "allocinfo_min = 1MiB" when whole MiB or KiB, else bytes. */
static void
print_size(FILE *f, const char *key, int64_t bytes)
{
	if (bytes >= 1048576 && bytes % 1048576 == 0)
		fprintf(f, "%s = %lldMiB\n", key, (long long)(bytes / 1048576));
	else if (bytes >= 1024 && bytes % 1024 == 0)
		fprintf(f, "%s = %lldKiB\n", key, (long long)(bytes / 1024));
	else
		fprintf(f, "%s = %lld\n", key, (long long)bytes);
}

/* "min_growth = 1MiB/h" when whole MiB or KiB, else bytes with every
 * digit a double needs to read back the same. */
static void
print_rate(FILE *f, const char *key, double bytes_per_hour)
{
	if (bytes_per_hour >= 1048576 &&
	    fmod(bytes_per_hour, 1048576) == 0 && bytes_per_hour < 1e18)
		fprintf(f, "%s = %.0fMiB/h\n", key, bytes_per_hour / 1048576);
	else if (bytes_per_hour >= 1024 && fmod(bytes_per_hour, 1024) == 0 &&
	    bytes_per_hour < 1e18)
		fprintf(f, "%s = %.0fKiB/h\n", key, bytes_per_hour / 1024);
	else
		fprintf(f, "%s = %.17gB/h\n", key, bytes_per_hour);
}

/* Every key, in a form conf_load reads back to the same value. */
void
conf_print(FILE *f, const struct conf *c)
{
	fprintf(f, "db = %s\n", c->db);
	print_duration(f, "interval", c->interval);
	print_duration(f, "vmalloc_interval", c->vmalloc_interval);
	print_duration(f, "process_interval", c->process_interval);
	fprintf(f, "process_top = %d\n", c->process_top);
	print_duration(f, "window", c->window);
	print_rate(f, "min_growth", c->min_growth);
	print_duration(f, "retention", c->retention);
	print_duration(f, "rollup_retention", c->rollup_retention);
	fprintf(f, "attribution = %s\n", c->attribution ? "on" : "off");
	print_duration(f, "attribution_duration", c->attribution_duration);
	print_duration(f, "attribution_period", c->attribution_period);
	print_size(f, "allocinfo_min", c->allocinfo_min);
	if (c->metrics_addr == NULL)
		fprintf(f, "metrics_listen = off\n");
	else if (strchr(c->metrics_addr, ':') != NULL)	/* IPv6 */
		fprintf(f, "metrics_listen = [%s]:%d\n", c->metrics_addr,
		    c->metrics_port);
	else
		fprintf(f, "metrics_listen = %s:%d\n", c->metrics_addr,
		    c->metrics_port);
	fprintf(f, "metrics_series_max = %d\n", c->metrics_series_max);
	fprintf(f, "metrics_include = %s\n", c->metrics_include ?
	    c->metrics_include : "");
	fprintf(f, "metrics_exclude = %s\n", c->metrics_exclude ?
	    c->metrics_exclude : "");
}
