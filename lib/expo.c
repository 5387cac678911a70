#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expo.h"

int
expo_wants_om(const char *accept)
{
	return accept != NULL &&
	    strstr(accept, "application/openmetrics-text") != NULL;
}

void
expo_begin(struct expo *e, FILE *f, int openmetrics)
{
	e->f = f;
	e->om = openmetrics;
	e->sample[0] = '\0';
}

/* HELP text: backslash and line feed escaped (and, in a label value,
 * the double quote). */
static void
escaped(FILE *f, const char *s, int label)
{
	for (; *s != '\0'; s++)
		if (*s == '\\')
			fputs("\\\\", f);
		else if (*s == '\n')
			fputs("\\n", f);
		else if (*s == '"' && label)
			fputs("\\\"", f);
		else
			fputc(*s, f);
}

void
expo_family(struct expo *e, const char *name, enum expo_type type,
    const char *unit, const char *help)
{
	static const char *const suffix[] = { "", "_total", "_info" };
	static const char *const word[] = { "gauge", "counter", "info" };
	const char *family;

	snprintf(e->sample, sizeof e->sample, "%s%s", name, suffix[type]);
	/* 0.0.4 knows no info type, and names a counter by its samples */
	family = e->om ? name : e->sample;
	fprintf(e->f, "# HELP %s ", family);
	escaped(e->f, help, 0);
	fprintf(e->f, "\n# TYPE %s %s\n", family, e->om || type != EXPO_INFO ?
	    word[type] : "gauge");
	if (e->om && unit != NULL)
		fprintf(e->f, "# UNIT %s %s\n", family, unit);
}

/* The shortest decimal that reads back as v: 0.1, not 0.10000000000000001. */
static const char *
shortest(char *buf, size_t len, double v)
{
	int digits;

	for (digits = 15; digits < 17; digits++) {
		snprintf(buf, len, "%.*g", digits, v);
		if (strtod(buf, NULL) == v)
			return buf;
	}
	snprintf(buf, len, "%.17g", v);
	return buf;
}

void
expo_sample(struct expo *e, double value, ...)
{
	const char *k, *v;
	char buf[32];
	va_list ap;
	int n = 0;

	fputs(e->sample, e->f);
	va_start(ap, value);
	while ((k = va_arg(ap, const char *)) != NULL) {
		v = va_arg(ap, const char *);
		fprintf(e->f, "%s%s=\"", n++ ? "," : "{", k);
		escaped(e->f, v, 1);
		fputc('"', e->f);
	}
	va_end(ap);
	if (n > 0)
		fputc('}', e->f);
	if (isnan(value))
		fputs(" NaN\n", e->f);
	else if (isinf(value))
		fputs(value > 0 ? " +Inf\n" : " -Inf\n", e->f);
	else
		fprintf(e->f, " %s\n", shortest(buf, sizeof buf, value));
}

void
expo_end(struct expo *e)
{
	if (e->om)
		fputs("# EOF\n", e->f);
}
