#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "detect.h"
#include "units.h"
#include "xmem.h"

#define DEFAULT_DB	"/var/lib/mlk/mlk.db"

void
conf_defaults(struct conf *c)
{
	memset(c, 0, sizeof *c);
	c->db = xstrdup(DEFAULT_DB);
	c->interval = 60;
	c->vmalloc_interval = 5 * 60;
	c->window = DETECT_WINDOW;
	c->min_growth = 1024.0 * 1024;		/* 1 MiB/h */
	c->retention = 14 * 86400;
	c->rollup_retention = 400 * 86400;
	c->attribution = 0;
	c->attribution_duration = 30;
	c->attribution_period = 6 * 3600;
	c->metrics_listen = xstrdup("off");
}

void
conf_free(struct conf *c)
{
	free(c->db);
	free(c->metrics_listen);
	memset(c, 0, sizeof *c);
}

static int
set_duration(int64_t *dst, const char *v, int64_t min)
{
	int64_t s;

	if (units_duration(v, &s) == -1 || s < min)
		return -1;
	*dst = s;
	return 0;
}

static int
set_listen(struct conf *c, const char *v)
{
	const char *colon = strrchr(v, ':');
	char *end;
	long port;

	if (strcmp(v, "off") != 0) {
		if (colon == NULL || colon == v)
			return -1;
		port = strtol(colon + 1, &end, 10);
		if (*end != '\0' || port < 1 || port > 65535)
			return -1;
	}
	free(c->metrics_listen);
	c->metrics_listen = xstrdup(v);
	return 0;
}

/* Set one key; on a bad value return the reason. */
static const char *
conf_set(struct conf *c, const char *k, const char *v)
{
	if (strcmp(k, "db") == 0) {
		if (*v == '\0')
			return "db: empty path";
		free(c->db);
		c->db = xstrdup(v);
	} else if (strcmp(k, "interval") == 0) {
		if (set_duration(&c->interval, v, 1) == -1)
			return "interval: expected a duration of at least 1s, "
			    "like 60s or 1min";
	} else if (strcmp(k, "vmalloc_interval") == 0) {
		if (set_duration(&c->vmalloc_interval, v, 1) == -1)
			return "vmalloc_interval: expected a duration of at "
			    "least 1s, like 5min";
	} else if (strcmp(k, "window") == 0) {
		if (set_duration(&c->window, v, 10) == -1)
			return "window: expected a duration of at least 10s, "
			    "like 30min";
	} else if (strcmp(k, "min_growth") == 0) {
		if (units_rate(v, &c->min_growth) == -1 || c->min_growth <= 0)
			return "min_growth: expected a positive rate, like "
			    "1MiB/h";
	} else if (strcmp(k, "retention") == 0) {
		if (set_duration(&c->retention, v, 3600) == -1)
			return "retention: expected a duration of at least 1h, "
			    "like 14d";
	} else if (strcmp(k, "rollup_retention") == 0) {
		if (set_duration(&c->rollup_retention, v, 3600) == -1)
			return "rollup_retention: expected a duration of at "
			    "least 1h, like 400d";
	} else if (strcmp(k, "attribution") == 0) {
		if (strcmp(v, "on") == 0)
			c->attribution = 1;
		else if (strcmp(v, "off") == 0)
			c->attribution = 0;
		else
			return "attribution: expected on or off";
	} else if (strcmp(k, "attribution_duration") == 0) {
		if (set_duration(&c->attribution_duration, v, 1) == -1 ||
		    c->attribution_duration > 3600)
			return "attribution_duration: expected a duration from "
			    "1s to 1h, like 30s";
	} else if (strcmp(k, "attribution_period") == 0) {
		if (set_duration(&c->attribution_period, v, 0) == -1)
			return "attribution_period: expected a duration, like "
			    "6h";
	} else if (strcmp(k, "metrics_listen") == 0) {
		if (set_listen(c, v) == -1)
			return "metrics_listen: expected off or ADDR:PORT";
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
conf_load(struct conf *c, const char *path, char **cause)
{
	FILE *f;
	char *line = NULL, *k, *v, *eq, *hash;
	const char *why;
	size_t cap = 0;
	int lineno = 0, rc = 0;

	if ((f = fopen(path, "r")) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (getline(&line, &cap, f) != -1) {
		lineno++;
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
		if ((why = conf_set(c, k, v)) != NULL) {
			xasprintf(cause, "%s:%d: %s%s%s", path, lineno, why,
			    strcmp(why, "unknown key") == 0 ? " " : "",
			    strcmp(why, "unknown key") == 0 ? k : "");
			rc = -1;
			break;
		}
	}
	if (rc == 0 && ferror(f)) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		rc = -1;
	}
	free(line);
	fclose(f);
	return rc;
}

int
conf_check(const struct conf *c, char **cause)
{
	if (c->window < CONF_WINDOW_INTERVALS * c->interval) {
		xasprintf(cause, "window (%llds) must span at least three "
		    "intervals (%llds)", (long long)c->window,
		    (long long)c->interval);
		return -1;
	}
	if (c->rollup_retention < c->retention) {
		xasprintf(cause, "rollup_retention must not be shorter than "
		    "retention");
		return -1;
	}
	return 0;
}

/* "key = 14d": the largest unit that says the duration exactly. */
static void
print_duration(FILE *f, const char *key, int64_t seconds)
{
	static const struct { const char *name; int64_t scale; } u[] = {
		{ "d", 86400 }, { "h", 3600 }, { "min", 60 },
	};
	size_t i;

	for (i = 0; i < sizeof u / sizeof u[0]; i++)
		if (seconds != 0 && seconds % u[i].scale == 0) {
			fprintf(f, "%s = %lld%s\n", key,
			    (long long)(seconds / u[i].scale), u[i].name);
			return;
		}
	fprintf(f, "%s = %llds\n", key, (long long)seconds);
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
	print_duration(f, "window", c->window);
	print_rate(f, "min_growth", c->min_growth);
	print_duration(f, "retention", c->retention);
	print_duration(f, "rollup_retention", c->rollup_retention);
	fprintf(f, "attribution = %s\n", c->attribution ? "on" : "off");
	print_duration(f, "attribution_duration", c->attribution_duration);
	print_duration(f, "attribution_period", c->attribution_period);
	fprintf(f, "metrics_listen = %s\n", c->metrics_listen);
}
