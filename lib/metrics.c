#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "expo.h"
#include "metrics.h"
#include "trend.h"
#include "xmem.h"

#define STICKY(max)	((max) + (max) / 4)	/* exported before: kept */

struct entry {
	char		 name[SERIES_MAX];
	int64_t		 bytes;
	uint64_t	 seen;		/* the sample that last carried it */
	unsigned	 source;	/* the SOURCE_BIT that listed it */
	int		 judged;	/* can leak: exported or summed */
	int		 include, exclude;
	int		 exported;
	/* The detector's word at the newest sample (judged series). */
	int		 reclaimable;
	enum alert_state alert;
	/* Its growth fit, made at the first scrape after a sample (a fit
	 * per scrape would cost more than the rest of it). */
	uint64_t	 fit_gen;	/* the sample fitted; 0: never */
	int		 fit_ok;
	struct fit	 fit;
};

struct metrics {
	int		 max;
	regex_t		 include, exclude;
	int		 has_include, has_exclude;
	struct entry	*e;		/* sorted by name */
	size_t		 n, cap;
	size_t		*hint;		/* per point of a sample, its entry at
					   the last: sources list their series
					   in the same order every time */
	size_t		 nhint;
	uint64_t	 gen;		/* samples taken */
	uint64_t	 chosen;	/* the sample the choice is of; 0: none */
	int64_t		 time;		/* the newest */
	int64_t		 available;	/* MemAvailable, for the ETAs */
	size_t		 exported, summed;	/* of the series that can
						   leak, at the newest sample */
};

static int
compile(regex_t *re, const char *pattern, int *has, char **cause)
{
	char err[128];
	int rc;

	*has = pattern != NULL;
	if (pattern == NULL ||
	    (rc = regcomp(re, pattern, REG_EXTENDED | REG_NOSUB)) == 0)
		return 0;
	regerror(rc, re, err, sizeof err);
	xasprintf(cause, "%s: %s", pattern, err);
	*has = 0;
	return -1;
}

static void
regexes_free(struct metrics *m)
{
	if (m->has_include)
		regfree(&m->include);
	if (m->has_exclude)
		regfree(&m->exclude);
	m->has_include = m->has_exclude = 0;
}

static void
match(const struct metrics *m, struct entry *e)
{
	e->include = m->has_include && regexec(&m->include, e->name, 0, NULL,
	    0) == 0;
	e->exclude = m->has_exclude && regexec(&m->exclude, e->name, 0, NULL,
	    0) == 0;
}

int
metrics_reconf(struct metrics *m, int series_max, const char *include,
    const char *exclude, char **cause)
{
	size_t i;

	regexes_free(m);
	m->max = series_max;
	if (compile(&m->include, include, &m->has_include, cause) == -1 ||
	    compile(&m->exclude, exclude, &m->has_exclude, cause) == -1) {
		regexes_free(m);
		return -1;
	}
	for (i = 0; i < m->n; i++)
		match(m, &m->e[i]);
	m->chosen = 0;
	return 0;
}

struct metrics *
metrics_new(int series_max, const char *include, const char *exclude,
    char **cause)
{
	struct metrics *m = xcalloc(1, sizeof *m);

	if (metrics_reconf(m, series_max, include, exclude, cause) == -1) {
		metrics_free(m);
		return NULL;
	}
	return m;
}

void
metrics_free(struct metrics *m)
{
	if (m == NULL)
		return;
	regexes_free(m);
	free(m->e);
	free(m->hint);
	free(m);
}

size_t
metrics_tracked(const struct metrics *m)
{
	return m->n;
}

size_t
metrics_exported(const struct metrics *m)
{
	return m->exported;
}

static int
entry_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct entry *)elem)->name);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name,
	    ((const struct entry *)b)->name);
}

static struct entry *
entry_new(struct metrics *m, const char *name)
{
	struct entry *e;

	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 512;
		m->e = xreallocarray(m->e, m->cap, sizeof *m->e);
	}
	e = &m->e[m->n++];
	memset(e, 0, sizeof *e);
	snprintf(e->name, sizeof e->name, "%s", name);
	e->judged = detect_judged(name);
	match(m, e);
	return e;
}

/* Largest first, ties by name: the same order on every sample. */
static int
by_size(const void *a, const void *b)
{
	const struct entry *x = *(struct entry *const *)a;
	const struct entry *y = *(struct entry *const *)b;

	if (x->bytes != y->bytes)
		return (x->bytes < y->bytes) - (x->bytes > y->bytes);
	return strcmp(x->name, y->name);
}

static void
choose(struct metrics *m, const struct detect *det)
{
	struct entry **c = xcalloc(m->n + 1, sizeof *c);
	struct detect_state st;
	size_t i, nc = 0;

	m->available = -1;
	for (i = 0; i < m->n; i++) {
		struct entry *e = &m->e[i];

		e->reclaimable = 0;
		e->alert = ALERT_QUIET;
		if (e->judged && detect_state(det, e->name, &st) == 0) {
			e->reclaimable = st.reclaimable;
			e->alert = st.alert;
			m->available = st.available;
		}
		if (e->judged && !e->exclude)
			c[nc++] = e;
		else
			e->exported = 0;
	}
	xqsort(c, nc, sizeof *c, by_size);
	m->exported = m->summed = 0;
	for (i = 0; i < nc; i++) {
		c[i]->exported = c[i]->include || (int)i < m->max ||
		    (c[i]->exported && (int)i < STICKY(m->max)) ||
		    c[i]->alert != ALERT_QUIET;
		m->exported += c[i]->exported;
	}
	for (i = 0; i < m->n; i++)
		m->summed += m->e[i].judged && !m->e[i].exported;
	free(c);
}

/* The entry of point i of a sample named series, among the first n
 * entries (sorted): where it was at the last sample, else searched. */
static struct entry *
entry_at(struct metrics *m, size_t i, const char *series, size_t n)
{
	struct entry *e;
	size_t was = m->nhint;

	if (i >= m->nhint) {
		m->nhint = i + 64;
		m->hint = xreallocarray(m->hint, m->nhint, sizeof *m->hint);
		memset(m->hint + was, 0xff, (m->nhint - was) *
		    sizeof *m->hint);
	}
	if (m->hint[i] < n && strcmp(m->e[m->hint[i]].name, series) == 0)
		return &m->e[m->hint[i]];
	e = xbsearch(series, m->e, n, sizeof *m->e, entry_cmp);
	if (e == NULL)
		e = entry_new(m, series);
	m->hint[i] = (size_t)(e - m->e);
	return e;
}

/* The choice is made at the first scrape after a sample (metrics_write):
 * made at every sample, its lookups and sort were most of what the
 * endpoint cost a daemon that samples every second and is scraped every
 * 15 s or not at all. */
void
metrics_sample(struct metrics *m, const struct sample *s)
{
	struct entry *e;
	size_t i, k, old = m->n;

	m->gen++;
	m->time = s->time;
	for (i = 0; i < s->n; i++) {
		e = entry_at(m, i, s->p[i].series, old);
		e->bytes = s->p[i].bytes;
		e->seen = m->gen;
		e->source = s->p[i].source;
	}
	/* Gone: a series its source's newest reading did not list. */
	for (i = k = 0; i < m->n; i++)
		if (m->e[i].seen == m->gen ||
		    !(m->e[i].source & s->sources))
			m->e[k++] = m->e[i];
	m->n = k;
	if (m->n > old)
		xqsort(m->e, m->n, sizeof *m->e, by_name);
}

/* "slab", "vmalloc", "kernel", "meminfo": a series' kind. */
static void
kind_of(char kind[SERIES_MAX], const char *series)
{
	size_t len = strcspn(series, ":");

	snprintf(kind, SERIES_MAX, "%.*s", (int)len, series);
}

static const char *
truth(int v)
{
	return v ? "true" : "false";
}

/* The series families: each exported series, then the rest summed. */
static void
series_bytes(const struct metrics *m, struct expo *x)
{
	struct { char kind[SERIES_MAX]; int reclaimable; int64_t bytes; }
	    other[16];
	char kind[SERIES_MAX];
	size_t i, k, nother = 0;

	expo_family(x, "mlk_series_bytes", EXPO_GAUGE, "bytes", "Kernel "
	    "memory of a series that can leak; series=\"other\" sums those "
	    "not exported one by one.");
	for (i = 0; i < m->n; i++) {
		const struct entry *e = &m->e[i];

		if (!e->judged)
			continue;
		kind_of(kind, e->name);
		if (e->exported) {
			expo_sample(x, (double)e->bytes, "series", e->name,
			    "kind", kind, "reclaimable", truth(e->reclaimable),
			    NULL);
			continue;
		}
		for (k = 0; k < nother && (strcmp(other[k].kind, kind) != 0 ||
		    other[k].reclaimable != e->reclaimable); k++)
			;
		if (k == nother && nother == sizeof other / sizeof other[0])
			continue;	/* more kinds than there are */
		if (k == nother) {
			snprintf(other[k].kind, sizeof other[k].kind, "%s",
			    kind);
			other[k].reclaimable = e->reclaimable;
			other[k].bytes = 0;
			nother++;
		}
		other[k].bytes += e->bytes;
	}
	for (k = 0; k < nother; k++)
		expo_sample(x, (double)other[k].bytes, "series", "other",
		    "kind", other[k].kind, "reclaimable",
		    truth(other[k].reclaimable), NULL);
}

/* The growth fit of an exported or alerted series, once per sample. */
static const struct fit *
fit_of(const struct metrics *m, struct entry *e, const struct detect *det)
{
	if (e->fit_gen != m->gen) {
		e->fit_gen = m->gen;
		e->fit_ok = detect_growth(det, e->name, TREND_SPAN,
		    &e->fit) == 0;
	}
	return e->fit_ok ? &e->fit : NULL;
}

/* The growth of each exported series, and its open alerts. */
static void
series_growth(struct metrics *m, struct expo *x, const struct detect *det)
{
	static const char *const family[] = {
		"mlk_series_growth_bytes_per_second",
		"mlk_series_growth_confidence",
		"mlk_alert_open",
		"mlk_alert_exhaustion_seconds",
	};
	static const char *const unit[] = {
		"bytes_per_second", NULL, NULL, "seconds"
	};
	static const char *const help[] = {
		"Growth of a series over the last 2 h: mlkd's robust fit "
		    "(Theil-Sen over its bins), as mlk-query top shows it.",
		"How sure the growth fit is that the series grows (0 to 1).",
		"1 while mlkd has an alert open on the series: it leaks.",
		"Time until MemAvailable runs out at an open alert's growth.",
	};
	const struct fit *f;
	char kind[SERIES_MAX];
	size_t i, j;
	int64_t eta;
	double v;

	for (j = 0; j < sizeof family / sizeof family[0]; j++) {
		expo_family(x, family[j], EXPO_GAUGE, unit[j], help[j]);
		for (i = 0; i < m->n; i++) {
			struct entry *e = &m->e[i];

			if (!e->judged || (j < 2 && !e->exported) ||
			    (j >= 2 && e->alert != ALERT_OPEN))
				continue;
			f = fit_of(m, e, det);
			if (f == NULL && j != 2)
				continue;
			eta = f != NULL ? detect_eta(m->available, f->slope) : -1;
			if (j == 3 && eta < 0)
				continue;
			v = j == 0 ? f->slope / 3600 : j == 1 ? f->confidence :
			    j == 2 ? 1 : (double)eta;
			kind_of(kind, e->name);
			expo_sample(x, v, "series", e->name, "kind", kind,
			    "reclaimable", truth(e->reclaimable), NULL);
		}
	}
}

void
metrics_write(struct metrics *m, const struct metrics_counters *c,
    const struct detect *det, FILE *f, int openmetrics)
{
	struct expo x;
	const struct entry *e;
	int64_t armed = detect_armed_at(det);
	size_t i;

	if (m->chosen != m->gen) {
		choose(m, det);
		m->chosen = m->gen;
	}
	expo_begin(&x, f, openmetrics);
	expo_family(&x, "mlk_up", EXPO_GAUGE, NULL, "1: mlkd is serving.");
	expo_sample(&x, 1, NULL);
	expo_family(&x, "mlk_build", EXPO_INFO, NULL, "mlkd's version and "
	    "the kernel release it runs on.");
	expo_sample(&x, 1, "version", c->version, "kernel", c->kernel, NULL);
	expo_family(&x, "mlk_detection_armed", EXPO_GAUGE, NULL, "1 once "
	    "the boot's history is long enough to judge growth.");
	expo_sample(&x, armed > 0 && m->time >= armed, NULL);
	expo_family(&x, "mlk_last_sample_timestamp_seconds", EXPO_GAUGE,
	    "seconds", "When the newest sample was taken (Unix time).");
	expo_sample(&x, (double)c->last_sample, NULL);
	expo_family(&x, "mlk_sample_duration_seconds", EXPO_GAUGE, "seconds",
	    "How long the newest sample took to read, parse and store.");
	expo_sample(&x, c->sample_seconds, NULL);
	expo_family(&x, "mlk_samples", EXPO_COUNTER, NULL, "Samples stored.");
	expo_sample(&x, (double)c->samples, NULL);
	expo_family(&x, "mlk_source_reads", EXPO_COUNTER, NULL, "Readings "
	    "of a /proc source.");
	for (i = 0; i < SOURCE_COUNT; i++)
		expo_sample(&x, (double)c->reads[i], "source", sources[i].name,
		    NULL);
	expo_family(&x, "mlk_source_read_errors", EXPO_COUNTER, NULL,
	    "Readings of a /proc source that failed or were refused.");
	for (i = 0; i < SOURCE_COUNT; i++)
		expo_sample(&x, (double)c->errors[i], "source", sources[i].name,
		    NULL);
	expo_family(&x, "mlk_memory_bytes", EXPO_GAUGE, "bytes", "The split "
	    "of memory, as mlk-query status shows it.");
	for (i = 0; i < sample_nparts; i++)
		if ((e = xbsearch(sample_parts[i].series, m->e, m->n,
		    sizeof *m->e, entry_cmp)) != NULL)
			expo_sample(&x, (double)e->bytes, "part",
			    sample_parts[i].name, NULL);
	series_bytes(m, &x);
	series_growth(m, &x, det);
	expo_family(&x, "mlk_series", EXPO_GAUGE, NULL, "Series that can "
	    "leak, exported one by one or summed in series=\"other\".");
	expo_sample(&x, (double)m->exported, "state", "exported", NULL);
	expo_sample(&x, (double)m->summed, "state", "summed", NULL);
	expo_end(&x);
}
