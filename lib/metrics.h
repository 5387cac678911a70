/*
 * metrics: what mlkd exports to Prometheus.  Keeps the newest value of
 * every series, a sample at a time; chooses which series are exported
 * one by one and sums the rest per kind; and writes the exposition from
 * those values, the detector's fits and alerts, and the daemon's
 * counters: never from the database.  Pure: daemon/httpd.c serves what
 * metrics_write writes.
 *
 * Exported one by one, of the series that can leak (detect_judged) and
 * are not excluded: the largest series_max, ties by name; every series
 * with a verdict pending or an alert open, or matching include; and a
 * series exported before, while it stays within a quarter more of the
 * largest (sizes that trade places do not flap in and out).  The rest
 * are summed in series="other" per kind and reclaimability.
 */
#ifndef MLK_METRICS_H
#define MLK_METRICS_H

#include <stdint.h>
#include <stdio.h>

#include "sample.h"
#include "source.h"
#include "trend.h"

struct detect;
struct metrics;

/* What the daemon counts, at the time of a scrape. */
struct metrics_counters {
	const char	*version, *kernel;
	uint64_t	 reads[SOURCE_COUNT], errors[SOURCE_COUNT];	/* of
					   each source, by source_id */
	uint64_t	 samples;	/* stored */
	int64_t		 last_sample;	/* Unix seconds; 0: none yet */
	double		 sample_seconds;	/* the newest one's reading,
						   parsing and storing */
};

/* include, exclude: POSIX extended regexes on series names, or NULL;
 * NULL with *cause if one does not compile. */
struct metrics	*metrics_new(int series_max, const char *include,
		    const char *exclude, char **cause);
void		 metrics_free(struct metrics *);
/* The same keys again (a reload): the series are kept, chosen anew at
 * the next scrape. */
int		 metrics_reconf(struct metrics *, int series_max,
		    const char *include, const char *exclude, char **cause);
/* A sample stored and judged: its values replace the older ones (a
 * series its sources no longer list is gone). */
void		 metrics_sample(struct metrics *, const struct sample *);
/* The exposition, in OpenMetrics or else Prometheus text 0.0.4.  The
 * choice of series and their growth fits are made at the first scrape
 * after a sample, from the detector's word then, and kept. */
void		 metrics_write(struct metrics *,
		    const struct metrics_counters *, const struct detect *,
		    FILE *, int openmetrics);
/* How many series it keeps, and exported one by one at the last
 * scrape. */
size_t		 metrics_tracked(const struct metrics *);
size_t		 metrics_exported(const struct metrics *);

#endif
