#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "units.h"

struct unit {
	const char	*name;
	double		 scale;
};

static const struct unit time_units[] = {
	{ "", 1 }, { "s", 1 }, { "sec", 1 }, { "min", 60 }, { "m", 60 },
	{ "h", 3600 }, { "d", 86400 }, { "w", 7 * 86400 }, { NULL, 0 }
};

static const struct unit size_units[] = {
	{ "", 1 }, { "B", 1 },
	{ "KiB", 1024.0 }, { "MiB", 1048576.0 }, { "GiB", 1073741824.0 },
	{ "kB", 1e3 }, { "KB", 1e3 }, { "MB", 1e6 }, { "GB", 1e9 },
	{ NULL, 0 }
};

/* A non-negative number followed by one of the units, nothing else. */
static int
scaled(const char *s, size_t len, const struct unit *u, double *out)
{
	char buf[64], *end;
	double v;

	if (len == 0 || len >= sizeof buf)
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	v = strtod(buf, &end);
	if (end == buf || errno != 0 || !isfinite(v) || v < 0 || buf[0] == '-')
		return -1;
	for (; u->name != NULL; u++) {
		if (strcmp(end, u->name) == 0) {
			*out = v * u->scale;
			return isfinite(*out) ? 0 : -1;	/* 1e308GB */
		}
	}
	return -1;
}

int
units_size(const char *s, int64_t *bytes)
{
	double v;

	if (scaled(s, strlen(s), size_units, &v) == -1 || v >= 9e18)
		return -1;
	*bytes = (int64_t)llround(v);
	return 0;
}

int
units_duration(const char *s, int64_t *seconds)
{
	double v;

	if (scaled(s, strlen(s), time_units, &v) == -1 || v > 1e12)
		return -1;
	*seconds = (int64_t)llround(v);
	return 0;
}

int
units_rate(const char *s, double *bytes_per_hour)
{
	const char *slash = strchr(s, '/');
	double size, per;
	char one[16];

	/* a size per time, always: "1MB" alone is a size, not a rate */
	if (slash == NULL || slash[1] == '\0' ||
	    scaled(s, (size_t)(slash - s), size_units, &size) == -1)
		return -1;
	/* "/h" means one hour: a bare unit is a count of one ("/5min" is
	 * five minutes). */
	if (snprintf(one, sizeof one, "%s%s", isdigit((unsigned char)slash[1]) ||
	    slash[1] == '.' ? "" : "1", slash + 1) >= (int)sizeof one ||
	    scaled(one, strlen(one), time_units, &per) == -1 || per == 0)
		return -1;
	*bytes_per_hour = size * 3600 / per;
	return 0;
}

char *
units_bytes(char *buf, size_t len, int64_t bytes)
{
	static const char *const names[] = { "KiB", "MiB", "GiB", "TiB" };
	double v = (double)llabs(bytes);
	int i = -1;

	while (v >= 1024 && i < 3) {
		v /= 1024;
		i++;
	}
	if (i < 0)
		snprintf(buf, len, "%lld B", (long long)bytes);
	else
		snprintf(buf, len, "%s%.*f %s", bytes < 0 ? "-" : "",
		    v < 10 ? 1 : 0, v, names[i]);
	return buf;
}

char *
units_span(char *buf, size_t len, int64_t seconds)
{
	static const struct { const char *name; int64_t scale; } u[] = {
		{ "d", 86400 }, { "h", 3600 }, { "m", 60 }, { "s", 1 },
	};
	int64_t v = seconds < 0 ? 0 : seconds;
	size_t i;

	for (i = 0; i < 3 && v < u[i].scale; i++)
		;
	if (i == 3 || v % u[i].scale / u[i + 1].scale == 0)
		snprintf(buf, len, "%lld%s", (long long)(v / u[i].scale),
		    u[i].name);
	else
		snprintf(buf, len, "%lld%s%lld%s", (long long)(v / u[i].scale),
		    u[i].name, (long long)(v % u[i].scale / u[i + 1].scale),
		    u[i + 1].name);
	return buf;
}

char *
units_iso(char *buf, size_t len, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

int
units_time(const char *s, int64_t now, int64_t *out)
{
	static const char *const iso[] = {
		"%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S",
		"%Y-%m-%dT%H:%MZ", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M",
		"%Y-%m-%d", NULL
	};
	const char *const *fmt;
	struct tm tm;
	char *end;
	int64_t d;
	long long v;

	/* Days start at midnight UTC, as every time here is UTC. */
	if (strcmp(s, "now") == 0 || strcmp(s, "today") == 0 ||
	    strcmp(s, "yesterday") == 0) {
		*out = s[0] == 'n' ? now : now / 86400 * 86400 -
		    (s[0] == 'y' ? 86400 : 0);
		return 0;
	}
	if (s[0] == '-') {
		if (units_duration(s + 1, &d) == -1)
			return -1;
		*out = now - d;
		return 0;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end == '\0' && end != s && errno == 0) {
		*out = v;
		return 0;
	}
	for (fmt = iso; *fmt != NULL; fmt++) {
		memset(&tm, 0, sizeof tm);
		end = strptime(s, *fmt, &tm);
		if (end != NULL && *end == '\0') {
			*out = (int64_t)timegm(&tm);
			return 0;
		}
	}
	return -1;
}
