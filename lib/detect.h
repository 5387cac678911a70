/*
 * detect: which series are leaking.  Keeps the points of the current
 * boot of every series worth judging (slab caches, vmalloc callers,
 * kernel:unaccounted, and the kernel's own meminfo figures), judges them
 * after every sample with lib/trend, and steps their alerts.  Pure: the
 * caller feeds samples, says which caches are reclaimable, and stores and
 * sends the events.
 *
 * An unreclaimable series leaks when it grows at least min_growth, with
 * confidence >= 0.99, over window or 4 * window, and that growth
 *   - shows from the window's first quarter, as fast in its second half
 *     as in its first (a one-time step or a burst that ended does not),
 *   - is no slower than the average over everything kept (warm-up after
 *     boot levels off),
 *   - reaches above the highest level of the boot's past day before the
 *     window (a daily cycle never does), and
 *   - rises 6 times the series' noise, measured over hours.
 * A reclaimable cache leaks when its floor does: the lowest level of each
 * eighth of 16 * window keeps rising by the same tests, so a cache that
 * breathes (grows under a find, then is reclaimed) is not a leak, and one
 * whose floor keeps rising (negative dentries piling up) is.  Nothing is
 * judged in the first 4 windows after boot, nor before 4 windows of
 * history.  mlkd.conf(5) says the same for operators.
 */
#ifndef MLK_DETECT_H
#define MLK_DETECT_H

#include <stdint.h>

#include "alert.h"
#include "sample.h"

#define DETECT_COMPANIONS_MAX	512

struct detect_conf {
	int64_t		 window;	/* seconds: the shortest fit window */
	double		 min_growth;	/* bytes per hour */
	struct alert_rules rules;
};

/* Defaults derived from window, for detect_conf.rules. */
void	detect_rules(struct detect_conf *);

struct detect_event {
	enum alert_event what;
	char		 series[SERIES_MAX];
	int		 reclaimable;
	int64_t		 time;		/* of the sample that decided */
	int64_t		 opened_at;
	int64_t		 since;		/* where the growth evidence starts */
	int64_t		 window;	/* seconds: the fit that decided */
	double		 slope;		/* bytes per hour */
	double		 confidence;
	int64_t		 bytes;		/* the series now */
	int64_t		 eta;		/* seconds until MemAvailable runs out
					   at this rate; -1 if unknown */
	const char	*reason;	/* resolved: why */
	/* AE_COMPANION: the open alert this series joined.  Otherwise the
	 * series that grow in step with this one, comma-separated ("" if
	 * none): one leak filling several caches is one alert. */
	char		 primary[SERIES_MAX];
	char		 companions[DETECT_COMPANIONS_MAX];
};

/* 1 if the cache is reclaimable, 0 if not, -1 if the kernel cannot say
 * (then known names decide). */
typedef int	(*detect_reclaimable_fn)(const char *cache, void *arg);

struct detect	*detect_new(const struct detect_conf *, detect_reclaimable_fn,
		    void *arg);
void		 detect_free(struct detect *);
void		 detect_reconf(struct detect *, const struct detect_conf *);
/* Feed one sample and judge the series it carries.  Returns how many
 * events; *ev points at them until the next call. */
size_t		 detect_sample(struct detect *, const struct sample *,
		    struct detect_event **ev);
/* The event as a sentence for people ("slab cache kmalloc-1k grew
 * 21.3 MiB/h for 2h10m (now 1.2 GiB, unreclaimable); at this rate
 * MemAvailable is exhausted in 3d4h"). */
void		 detect_describe(const struct detect_event *, char *buf,
		    size_t len);
/* The confidence a growth fit needs to count (mlk-query shows the same). */
#define DETECT_MIN_CONFIDENCE	0.99

/* Is this slab cache reclaimable by name alone (no /sys to ask)? */
int		 detect_known_reclaimable(const char *cache);
/* Is it reclaimable: as fn says (the kernel; -1 if it does not say, or
 * fn NULL), else by name. */
int		 detect_reclaimable(const char *cache, detect_reclaimable_fn fn,
		    void *arg);
/* Seconds until available bytes are used up at slope bytes per hour;
 * -1 if never or unknown (available < 0). */
int64_t		 detect_eta(int64_t available, double slope);
/* The default window, and the fine bins it spans: every span of the
 * detector is counted in bins of window / DETECT_WINDOW_BINS seconds. */
#define DETECT_WINDOW		(18 * 60)
#define DETECT_WINDOW_BINS	18
/* Verdicts need this many bins of the boot's history (a restart reloads
 * it): 20 minutes at the default window. */
#define DETECT_ARMED_BINS	20
/* Seconds per bin for a window. */
int64_t		 detect_unit(int64_t window);
/* When verdicts become possible: the boot's first point known plus
 * DETECT_ARMED_BINS bins; 0 before any sample. */
int64_t		 detect_armed_at(const struct detect *);
/* How far back detection looks: the history worth reloading after a
 * restart. */
int64_t		 detect_horizon(const struct detect *);
/* A value of the boot named, from the database: fills the history a
 * restart lost, judging nothing. */
void		 detect_prefill(struct detect *, const char *boot_id,
		    const char *series, int64_t time, int64_t bytes);
/* An alert restored from the database, open since opened_at. */
void		 detect_restore(struct detect *, const char *series,
		    int64_t opened_at, int64_t last_notice);

#endif
