#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "levels.h"
#include "trend.h"
#include "units.h"
#include "xmem.h"

#define HOUR		3600.0	/* rates are per hour, whatever the window */
/* A rise must stand this many noise deviations above the series' own
 * noise at its lag: more for short windows, which are many. */
#define Z_SHORT		5.5	/* windows under an hour */
#define Z_LONG		5.0
#define Z_STRONG	8.0	/* ... and this many open an alert at once, */
#define STRONG_U	12	/* once it has grown for this long (a burst
				   that is freed again rises for minutes),
				   less half the time between reads: the
				   onset is known to within one */
#define STRONG_GROWN	(12 * 1048576.0)	/* ... and by this much */
#define SHORT_RATE	8	/* windows under an hour: min_growth times
				   this (a slow growth is judged over hours,
				   as its noise is: workloads that start fill
				   caches for a while at a few MiB/h) */
#define Z_ONSET		5.0	/* a fitted onset's rise, against the
				   noise of its newest points' mean less the
				   level's: its break is searched for at
				   every bin, more chances for noise than a
				   window's thirds give */
#define Z_ONSET_STRONG	8.0	/* ... and this many open an alert at once */
#define ONSET_WINDOWS	3	/* ... over this many windows' fine bins */
#define SLOW_BINS	73	/* a slow rise's onset: over this many coarse
				   bins (6 U-hours and the newest), */
#define SLOW_U		45	/* ... once it has risen for this long (a
				   leak of 4 MB/h is to be paged within the
				   hour; under low noise its fit often
				   stands Z_ONSET up from 45 min on), */
#define SLOW_JUMP	0.25	/* ... no move between bins carrying this
				   share of it (a staircase, a module's
				   areas) */
#define STEADY_POINTS	5	/* a young series' steady rise: reads */
#define STEADY_T	6.0	/* ... its mean step, standard errors (of 4
				   moves up; fewer with more, steady_t()) */
#define STEADY_T_LEAST	4.5	/* ... and never fewer */
#define STEADY_DIP	0.2	/* ... a read that fell less than this
				   share of the mean move did not move */
#define UNFALLEN_POINTS	16	/* a rise from the first sample that never
				   fell: fine bins read (80 minutes, read
				   every 5) */
#define FALL_K		3.0	/* ... none below the high before it by this
				   many deviations of its moves */
#define UNFALLEN_STEP	0.4	/* ... no move carrying this share of it */
#define UNFALLEN_PACE	0.5	/* ... each third's pace this share of the
				   other's or more */
#define Z_FLOOR		5.0	/* a reclaimable cache's floors */
#define LEVELLED	1.2	/* ... whose point noise is this flat from a
				   shorter rung's lag: that rung's spread
				   serves */
#define TROUGHS		3	/* completed cycles' troughs, rising */
#define TROUGHS_MAX	16	/* ... kept, the newest */
#define TROUGH_STEPS	6	/* ... steps kept, for their noise */
#define FLOOR_RESOLVE	12	/* ... resolve after this many windows */
#define PACE_KEPT	0.8	/* a reclaimable cache's rise on its first
				   day keeps this share of its pace before: a
				   daily cycle's slows towards its peak,
				   negative dentries piling up do not */
#define WARM_SLOWED	0.8	/* after a boot seen: a rise whose newer
				   half is slower than this share of its
				   older half is a cache filling */
#define STEP_SHARE	0.75	/* no 3 bins carry this share of a
				   window's rise: a step that took three
				   reads puts 83% or more in them, a leak
				   that began 12 minutes ago a third (of 3
				   coarse bins: a window of an hour's 3/8) */
#define PACE		0.85	/* a growth's last third keeps this share of
				   the pace of the one before (a window's,
				   less one step's noise: one deviation of
				   the comparison itself let a wander of 20
				   minutes pass), */
#define PACE_Z		1.5	/* ... a fitted onset's, less this many
				   deviations of the comparison, from the
				   variogram (less one step's noise, a true
				   ramp whose thirds are single reads fails
				   about one verdict in four; at 1.5, one in
				   15.  At 2, a step of 11 MB read in two
				   moves, 7 MB then 4, passed) */
#define NOISE_MIN	65536.0	/* bytes: slabs come in whole pages */
#define MIN_GROWN	(3 * 1048576.0)	/* bytes grown across a window */
#define NOISE_REL	1e-4	/* of the level */
/* Spans in units (U) of a fine bin, window / DETECT_WINDOW_BINS: a
 * minute at the default window, so that 60 U is an hour. */
#define DAY_U		1440
#define CYCLE_RISE_U	1020	/* a daily cycle rises for half a day, and
				   up to 16 h when it is no sine (a second
				   harmonic of half its size): less past
				   than this may hold no peak of it, and a
				   rise shorter than this may be its rise */
#define RUN_RATE	8	/* ... unless at min_growth times this */
#define HALF_DAY_RUN_U	780	/* a rise with no fall outlasts a daily
				   cycle's rising half */
#define WARMUP_U	180	/* after a boot seen: services start, caches
				   fill (a linear fill looks like a leak
				   until it ends) */
#define BOOT_SEEN_U	60	/* a first sample this young saw the boot */
#define BOOT_YOUNG_U	360	/* ... and its caches may fill this long */
#define FILL_U		720	/* ... and still fill at a few percent of
				   their first pace (4 time constants of 3 h:
				   2%), a cache that quadrupled still at MiB/h */
#define RUN_LOOKBACK_U	2160	/* a run starts within the past 36 U-hours */
#define REFRESH_U	240	/* long lags' noise refreshed, */
#define FINE_REFRESH_U	30	/* short lags' */
#define EARLY_U		240	/* ... both at every coarse bin before this */
#define HOLD_BINS	54	/* coarse: a window this long holds its noise
				   while the series grows (update_noise) */
#define IN_STEP_U	20	/* onsets this close: one leak */
#define ONCE_U		90	/* a verdict of the long windows from this
				   span up (or of the slow onset fit) opens
				   an alert alone */

/* Windows, as a number of fine or coarse bins; thirds are compared.  At
 * the default window: 18, 21, 30, 45 minutes; 1 to 12 hours. */
static const struct rung { int coarse, n; } growth_rungs[] = {
	{ 0, 18 }, { 0, 21 }, { 0, 30 }, { 0, 45 }, { 1, 12 }, { 1, 18 },
	{ 1, 24 }, { 1, 36 }, { 1, 54 }, { 1, 72 }, { 1, 108 }, { 1, 144 },
};
/* Coarse bins: 1 to 24 hours at the default window. */
static const int floor_rungs[] = {
	12, 18, 24, 36, 54, 72, 108, 162, 216, 288,
};
#define NGROWTH	(sizeof growth_rungs / sizeof growth_rungs[0])
#define NFLOOR	(sizeof floor_rungs / sizeof floor_rungs[0])

enum kind { K_NONE, K_UNRECLAIMABLE, K_RECLAIMABLE };

#define VMALLOC_READS	64	/* vmallocinfo reads remembered */

/* The troughs of a reclaimable cache's completed cycles (troughs()),
 * oldest first, and its cycle, from them: bins from a trough to the
 * next, and the bytes it falls into one (0: no cycle seen). */
struct troughs {
	double		 lo[TROUGHS_MAX];	/* the lowest point */
	int		 at[TROUGHS_MAX];	/* coarse bins back */
	double		 drop[TROUGHS_MAX];	/* the fall into it */
	int		 n;
	double		 since;		/* the lowest point since the newest;
					   INFINITY if not fallen again */
	int		 cycle_bins;
	double		 cycle_size;
};

/* What the windows of one series found. */
struct verdict {
	int		 leak, growing, strong;
	int		 falling;	/* under the window's high by more
					   than noise: it never opens alone */
	double		 slope, confidence;
	int64_t		 window, since;
	int		 coarse, block;	/* the onset's fit: of coarse bins,
					   the lowest of each block of them */
};

/* One series.  Series not judged keep a track too, so that each is
 * classified once, not on every sample. */
struct track {
	char		 name[SERIES_MAX];
	enum { T_OTHER, T_AVAILABLE, T_FREE, T_ANON } role;	/* for the ETA,
						   and to rule user space in */
	int		 judged;
	int		 reclaimable;
	int		 vmalloc;	/* a vmalloc caller */
	struct levels	*lv;
	int		 due;		/* LV_*_CLOSED since the last step */
	int64_t		 noise_at;	/* coarse variogram last updated */
	int64_t		 fine_noise_at;	/* fine variogram last updated */
	float		 spread[NFLOOR];	/* each floor rung's own noise,
						   over the history; < 0 unknown */
	float		 rise_noise[NGROWTH][2];	/* the variogram's noise
					   of each growth rung's rise, and of
					   one third over the next; < 0 unknown */
	struct verdict	 coarse;	/* the long windows' last verdict */
	struct verdict	 last;		/* the last verdict */
	int64_t		 quick_window;	/* the shortest window that saw it
					   grow at the last judgement (0:
					   none), and since when */
	int64_t		 quick_since;
	int64_t		 waited;	/* since when a leak verdict waited
					   for a faster series (faster_growing());
					   0 if none */
	struct alert	 alert;
	int64_t		 since;		/* the growth's onset (open) */
	int		 early;		/* ... a bound: DETECT_EARLY_* */
	int64_t		 window;	/* the window that opened it */
	struct track	*primary;	/* a companion: the alert it joined */
	int		 grouped;	/* opened this round, and placed */
	int		 traced;	/* detect_trace() names it */
};

/* What a point needs of its series, kept in the order samples list
 * them: a sample reads this array and the series' levels, and touches
 * a track only when a bin closes (pool.h says why that matters). */
struct hint {
	struct track	*tr;
	struct levels	*lv;		/* NULL: not kept */
	int		 judged, vmalloc, role;
};

struct detect {
	struct detect_conf conf;
	detect_reclaimable_fn reclaimable;
	void		*arg;
	struct track	**tr;		/* sorted by name */
	size_t		 n, cap;
	char		 boot_id[BOOT_ID_LEN + 1];
	int64_t		 booted;	/* boot time if seen; 0 if long ago */
	int64_t		 first;		/* first sample of this boot */
	int64_t		 history;	/* its first point, prefilled or not */
	int64_t		 vmalloc_at[VMALLOC_READS];	/* the last reads of
						   vmallocinfo, a ring */
	size_t		 vmalloc_n;
	int64_t		 available, free;	/* MemAvailable, MemFree; -1 */
	int64_t		 u;		/* seconds per fine bin: U */
	struct detect_event *ev;
	size_t		 nev, capev;
	struct track	*anon;		/* meminfo:AnonPages, kept not judged */
	struct hint	*hint;		/* of each point of the last sample:
					   samples list their series in the
					   same order */
	size_t		 nhint;
	uint64_t	 names;		/* the last sample's (struct sample) */
	char		 trace[SERIES_MAX];	/* detect_trace() */
	void		(*trace_fn)(const char *, void *);
	void		*trace_arg;
};

void
detect_rules(struct detect_conf *c)
{
	c->rules.confirmations = 3;
	c->rules.confirm_span = 2 * detect_unit(c->window);
	c->rules.resolve_after = c->window;
	c->rules.reminder = 6 * 3600;
	c->rules.reminder_max = 24 * 3600;
}

int
detect_known_reclaimable(const char *cache)
{
	static const char *const exact[] = {
		"dentry", "inode_cache", "buffer_head", "radix_tree_node",
		"ext4_extent_status", "mbcache", "xfs_ili", "xfs_buf",
	};
	size_t i, len = strlen(cache);

	for (i = 0; i < sizeof exact / sizeof exact[0]; i++)
		if (strcmp(cache, exact[i]) == 0)
			return 1;
	if (strncmp(cache, "kmalloc-rcl-", 12) == 0)
		return 1;
	/* ext4_inode_cache, proc_inode_cache, fuse_inode, xfs_inode... */
	return (len > 11 && strcmp(cache + len - 11, "inode_cache") == 0) ||
	    (len > 6 && strcmp(cache + len - 6, "_inode") == 0);
}

int
detect_reclaimable(const char *cache, detect_reclaimable_fn fn, void *arg)
{
	int r = fn != NULL ? fn(cache, arg) : -1;

	return r == -1 ? detect_known_reclaimable(cache) : r;
}

/* The series judged besides slab caches and vmalloc callers, in words.
 * Slab, SUnreclaim, kernel:vmalloc...: sums of the judged series, which
 * name the culprit, are not; nor are user-space figures. */
static const struct { const char *series, *words; } named[] = {
	{ "kernel:unaccounted", "memory no kernel counter explains "
	    "(kernel:unaccounted)" },
	{ "meminfo:KernelStack", "kernel stacks (KernelStack)" },
	{ "meminfo:PageTables", "page tables (PageTables)" },
	{ "meminfo:SecPageTables", "secondary page tables (SecPageTables)" },
	{ "meminfo:Percpu", "per-cpu allocations (Percpu)" },
};

/* Its words if series is one of named[], else NULL. */
static const char *
words_of(const char *series)
{
	size_t i;

	for (i = 0; i < sizeof named / sizeof named[0]; i++)
		if (strcmp(series, named[i].series) == 0)
			return named[i].words;
	return NULL;
}

int
detect_judged(const char *series)
{
	return series_name(series, "slab") != NULL ||
	    series_name(series, "vmalloc") != NULL ||
	    series_name(series, "alloc") != NULL || words_of(series) != NULL;
}

static enum kind
kind_of(struct detect *d, const char *series)
{
	const char *cache = series_name(series, "slab");

	if (!detect_judged(series))
		return K_NONE;
	if (cache != NULL && detect_reclaimable(cache, d->reclaimable,
	    d->arg))
		return K_RECLAIMABLE;
	return K_UNRECLAIMABLE;
}

struct detect *
detect_new(const struct detect_conf *conf, detect_reclaimable_fn fn,
    void *arg)
{
	struct detect *d = xcalloc(1, sizeof *d);

	d->conf = *conf;
	d->u = detect_unit(conf->window);
	d->reclaimable = fn;
	d->arg = arg;
	d->available = d->free = -1;
	return d;
}

static void
track_free(struct track *tr)
{
	levels_free(tr->lv);
	free(tr);
}

void
detect_free(struct detect *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->n; i++)
		track_free(d->tr[i]);
	free(d->tr);
	free(d->hint);
	free(d->ev);
	free(d);
}

/* A new window takes effect at the next boot: bins already kept have
 * their width. */
void
detect_reconf(struct detect *d, const struct detect_conf *conf)
{
	int64_t u = d->u;

	d->conf = *conf;
	d->u = u;
}

void
detect_trace(struct detect *d, const char *series,
    void (*fn)(const char *, void *), void *arg)
{
	size_t i;

	snprintf(d->trace, sizeof d->trace, "%s", series != NULL ? series :
	    "");
	d->trace_fn = series != NULL ? fn : NULL;
	d->trace_arg = arg;
	for (i = 0; i < d->n; i++)
		d->tr[i]->traced = d->trace_fn != NULL &&
		    strcmp(d->tr[i]->name, d->trace) == 0;
}

/* A line of the traced series' judgements, at the sample's time.  Only
 * through TRACE(), which evaluates no argument for the other series:
 * every judged series reaches a verdict's trace at every bin. */
static void __attribute__((format(printf, 4, 5)))
trace_line(const struct detect *d, const struct track *tr, int64_t now,
    const char *fmt, ...)
{
	char line[512], at[32];
	va_list ap;
	int n;

	n = snprintf(line, sizeof line, "%s %s ", units_iso(at, sizeof at,
	    now), tr->name);
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	va_end(ap);
	d->trace_fn(line, d->trace_arg);
}

#define TRACE(d, tr, now, ...) do {					\
	if ((tr)->traced)						\
		trace_line(d, tr, now, __VA_ARGS__);			\
} while (0)

/* A window's rise (what: "window", or "floors" of a reclaimable cache)
 * and the test that stopped it (why; NULL: it says leak), traced if it
 * grows or leaks: most windows of most series do neither. */
static void
trace_rise(const struct detect *d, const struct track *tr, int64_t now,
    const char *what, int64_t L, double rise, double s, double z,
    double rate, int growing, const char *why)
{
	if (growing || why == NULL)
		TRACE(d, tr, now, "%s %lldm: rise %.2f MB, noise %.2f MB, "
		    "z %.2f, %.1f MiB/h: %s", what, (long long)(L / 60),
		    rise / 1e6, s / 1e6, z, rate / 1048576,
		    why != NULL ? why : "leak");
}

/* The troughs' rise over `steps` cycles and the test that stopped it
 * (or "leak"). */
static void
trace_troughs(const struct detect *d, const struct track *tr, int64_t now,
    int steps, double hours, double rise, double s, double rate,
    const char *why)
{
	TRACE(d, tr, now, "troughs: %d rising over %.1f h, rise %.2f MB, "
	    "step noise %.2f MB, %.1f MiB/h: %s", steps, hours, rise / 1e6,
	    s / 1e6, rate / 1048576, why);
}

int64_t
detect_unit(int64_t window)
{
	return window / DETECT_WINDOW_BINS > 1 ? window / DETECT_WINDOW_BINS :
	    1;
}

static int
track_cmp(const void *key, const void *elem)
{
	return strcmp(key, (*(struct track *const *)elem)->name);
}

/* Nothing known of the series' noise yet (a new track, a new boot). */
static void
noise_unknown(struct track *tr)
{
	size_t i;

	for (i = 0; i < NFLOOR; i++)
		tr->spread[i] = -1;
	for (i = 0; i < NGROWTH; i++)
		tr->rise_noise[i][0] = tr->rise_noise[i][1] = -1;
}

/* A window's length in seconds. */
static int64_t
span_of(const struct detect *d, int coarse, int n)
{
	return d->u * n * (coarse ? LV_COARSE_FACTOR : 1);
}

/* The track of a series, made (and classified) on first sight. */
static struct track *
track_get(struct detect *d, const char *series)
{
	struct track **hit, *tr;
	size_t lo = 0, hi = d->n, mid;
	enum kind k;

	hit = xbsearch(series, d->tr, d->n, sizeof *d->tr, track_cmp);
	if (hit != NULL)
		return *hit;
	k = kind_of(d, series);
	tr = xcalloc(1, sizeof *tr);
	snprintf(tr->name, sizeof tr->name, "%s", series);
	tr->judged = k != K_NONE;
	tr->reclaimable = k == K_RECLAIMABLE;
	tr->vmalloc = series_name(series, "vmalloc") != NULL;
	tr->traced = d->trace_fn != NULL && strcmp(series, d->trace) == 0;
	tr->role = strcmp(series, "meminfo:AnonPages") == 0 ? T_ANON :
	    strcmp(series, "meminfo:MemAvailable") == 0 ? T_AVAILABLE :
	    strcmp(series, "meminfo:MemFree") == 0 ? T_FREE : T_OTHER;
	if (tr->judged || tr->role == T_ANON)
		tr->lv = levels_new((int)d->u);
	if (tr->role == T_ANON)
		d->anon = tr;
	noise_unknown(tr);
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (strcmp(d->tr[mid]->name, series) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 256;
		d->tr = xreallocarray(d->tr, d->cap, sizeof *d->tr);
	}
	memmove(&d->tr[lo + 1], &d->tr[lo], (d->n - lo) * sizeof *d->tr);
	d->tr[lo] = tr;
	d->n++;
	return tr;
}

/* P(a normal deviate < z): how sure a rise of z deviations is. */
static double
confidence(double z)
{
	return 0.5 * erfc(-z / sqrt(2));
}

/* A noise never below what a level of this size can resolve (slabs come
 * in pages); < 0 stays unknown. */
static double
floored(const struct track *tr, double s)
{
	return s < 0 ? -1 : fmax(s, fmax(NOISE_MIN, NOISE_REL *
	    fabs((double)levels_value(tr->lv))));
}

/* The noise of a difference lag seconds apart; < 0 if not known yet. */
static double
noise(const struct track *tr, double lag)
{
	return floored(tr, levels_noise(tr->lv, lag));
}

/* The variogram as the rules read it, floored (noise()), at lags of 1
 * bin to 8 h at the default window: a series that pages, or does not,
 * on noise taken too low or too high shows it here. */
static void
trace_noise(const struct detect *d, const struct track *tr, int64_t now,
    int all)
{
	static const int lags[] = { 1, 2, 4, 8, 16, 30, 60, 120, 240, 480 };
	char buf[400], span[16];
	size_t i, n = 0;
	double s;

	for (i = 0; i < sizeof lags / sizeof lags[0] && n < sizeof buf; i++) {
		s = noise(tr, (double)(lags[i] * d->u));
		n += (size_t)snprintf(buf + n, sizeof buf - n, s < 0 ?
		    "%s%s%s unknown" : "%s%s%s %.3f%s", i > 0 ? ", " : "",
		    units_span(span, sizeof span, lags[i] * d->u),
		    i == 0 ? " apart" : "", s / 1e6, i == 0 ? " MB" : "");
	}
	trace_line(d, tr, now, "noise refreshed (%s lags): %s",
	    all ? "all" : "fine", buf);
}

/* Refresh what follows from the variogram: the growth rungs' noise (the
 * short ones with the short lags, all with the long lags), and the
 * floors' own spreads, from the coarse bins (the past day and more).
 * While the series' alert is open, neither is ever raised: a leak that
 * outlasts the history before it fills the variogram's differences, and
 * the floor rises, with its own growth (once half of them are its), and
 * would resolve its own alert.  Nor is the noise of a window of
 * HOLD_BINS or more while the last judgement saw any window grow: a slow
 * leak fills the long lags from its onset on (2 to 4 h into noisy4's, a
 * 6 h window's noise was 2.6 times the truth at the median, 1.7 held); a
 * shorter window's noise, held, let a quiet series' wander of an hour or
 * three pass for growth. */
static void
update_noise(const struct detect *d, struct track *tr, int64_t now, int all)
{
	const struct rung *r;
	int open = tr->alert.state == ALERT_OPEN;
	double n0;
	size_t i;

	levels_update_noise(tr->lv, all, !tr->reclaimable);
	if (tr->traced)
		trace_noise(d, tr, now, all);
	for (i = 0; !tr->reclaimable && i < NGROWTH; i++) {
		r = &growth_rungs[i];
		if (r->coarse && !all)
			continue;
		n0 = levels_thirds_noise(tr->lv, r->coarse, r->n, 2);
		if ((open || (tr->coarse.growing && r->coarse &&
		    r->n >= HOLD_BINS)) && tr->rise_noise[i][0] >= 0 &&
		    n0 > tr->rise_noise[i][0])
			continue;
		tr->rise_noise[i][0] = (float)n0;
		tr->rise_noise[i][1] = (float)levels_thirds_noise(tr->lv,
		    r->coarse, r->n, 1);
	}
	for (i = 0; tr->reclaimable && all && i < NFLOOR; i++) {
		n0 = levels_thirds_spread(tr->lv, 1, floor_rungs[i], 1);
		if (open && tr->spread[i] >= 0 && n0 > tr->spread[i])
			continue;
		tr->spread[i] = (float)n0;
	}
}

/* How many coarse bins back the history reaches. */
static int
coarse_kept(const struct detect *d, const struct track *tr)
{
	return (int)((levels_last(tr->lv) - levels_first(tr->lv)) /
	    (d->u * LV_COARSE_FACTOR));
}

/* The highest value (floors: the highest low of w bins, whole blocks
 * of the history) of the past day before bin `from` (counted back from
 * the newest); -INFINITY if none. */
static double
past_high(const struct detect *d, const struct track *tr, int from, int w)
{
	double m = -INFINITY, mean, lo, hi, g;
	int k, j, kept = coarse_kept(d, tr);

	for (k = from; k < from + DAY_U / LV_COARSE_FACTOR; k++) {
		if (k + w - 1 > kept)
			break;	/* a block older than the history: its low
				   is no floor */
		if (w <= 1) {
			if (levels_coarse(tr->lv, k, &mean, &lo, &hi) == 0)
				m = fmax(m, hi);
			continue;
		}
		for (g = INFINITY, j = k; j < k + w; j++)
			if (levels_coarse(tr->lv, j, &mean, &lo, &hi) == 0)
				g = fmin(g, lo);
		if (isfinite(g))
			m = fmax(m, g);
	}
	return m;
}

/* The average rate (bytes per hour) from eight windows of L before now (or
 * the oldest level kept) to level, the newest third's mean. */
static double
before_rate(const struct detect *d, const struct track *tr, int64_t L,
    double level)
{
	int64_t cw = d->u * LV_COARSE_FACTOR, k = 8 * L / cw, span;
	double mean, lo, hi;

	if (k > LV_COARSE_N - 1)
		k = LV_COARSE_N - 1;
	for (; k > 0; k--)
		if (levels_coarse(tr->lv, (int)k, &mean, &lo, &hi) == 0)
			break;
	span = k * cw + cw / 2 - L / 6;
	return k > 0 && span >= L / 2 ? (level - mean) / ((double)span / HOUR) :
	    0;
}

/* The mean of the coarse bins k - 1 to k + 1 back from the newest;
 * NAN if none holds data. */
static double
mean_near(const struct track *tr, int k)
{
	double sum = 0, mean, lo, hi;
	int j, n = 0;

	for (j = k - 1; j <= k + 1; j++)
		if (levels_coarse(tr->lv, j, &mean, &lo, &hi) == 0) {
			sum += mean;
			n++;
		}
	return n > 0 ? sum / n : NAN;
}

/* Seconds since the boot that mlkd saw (its first sample came soon
 * after it); INT64_MAX if that boot was long before, or is unknown. */
static int64_t
since_boot(const struct detect *d, int64_t now)
{
	return d->booted > 0 ? now - d->booted : INT64_MAX;
}

/* Within FILL_U of a boot seen, has the rise since the first point
 * slowed: the newer half of it under WARM_SLOWED of the older half?  A
 * cache that fills after a boot slows all along (an hour's pace can
 * still match the average since the boot, by noise); a leak keeps its
 * pace. */
static int
filling(const struct detect *d, const struct track *tr, int64_t now)
{
	int k = coarse_kept(d, tr);
	double a = mean_near(tr, k - 1), b = mean_near(tr, k / 2),
	    c = mean_near(tr, 1);

	return since_boot(d, now) < FILL_U * d->u &&
	    c - b < WARM_SLOWED * (b - a);
}

/* Page tables map user memory: 8 bytes a 4 KiB page, more where the
 * mappings are sparse or shared by many processes (each maps them
 * again).  A rise that AnonPages matched over the same window, 128 times
 * as much or half as many times as it outweighs PageTables if that is
 * fewer, is processes filling memory, not a kernel leak. */
static int
user_space_explains(const struct detect *d, const struct track *tr,
    const struct rung *r, double level, double rise)
{
	struct thirds th;

	return strcmp(tr->name, "meminfo:PageTables") == 0 && d->anon != NULL &&
	    level > 0 &&
	    levels_thirds(d->anon->lv, r->coarse, r->n, &th) == 0 &&
	    th.mean[2] - th.mean[0] >= fmin(128, 0.5 * th.mean[2] / level) *
	    rise;
}

/* What noise alone adds to the largest move between two bins as read
 * (coarse or fine; bins read every 5 minutes are that far apart), for
 * the staircase tests of the onset fits and of the windows of minute
 * bins: twice its noise, while the rise stands under Z_STRONG
 * deviations.  Read every 5 minutes, a rise of a quarter hour is three
 * moves, and noise gives one of them half of a rise of a few
 * deviations; a rise of many deviations that one move carries half of
 * is a staircase whatever the noise (a burst read twice, two modules'
 * areas).  Not for the windows of 5-minute bins: a step read within one
 * splits between two moves, each near half of it, and with the noise
 * taken off, steps of 12 and 13 MB passed windows of 3 and 6 h. */
static double
moved(const struct detect *d, const struct track *tr, int coarse, double z)
{
	return z < Z_STRONG ? 2 * noise(tr, fmax((double)span_of(d, coarse, 1),
	    (double)levels_gap(tr->lv))) : 0;
}

/* Seconds of history before the window of L seconds ending now. */
static int64_t
past_of(const struct track *tr, int64_t now, int64_t L)
{
	return now - L - levels_first(tr->lv);
}

/*
 * An unreclaimable series over one window of n bins, in thirds: it leaks
 * if its mean rose third by third (and its lows too: a one-time step
 * gives two levels, never three), no single move between bins carries
 * half the rise (nor three bins most of it: a step over a few
 * reads), the newest part still rises and has not fallen from the
 * window's high (a burst being freed), the rise stands well above
 * the series' noise at that lag, and it reaches above everything of the
 * past day before the window (a cycle or a burst seen before never
 * does).  In the first hours after a boot seen, the growth must also be
 * no slower than the average since the boot: caches fill, then level
 * off.
 */
static void
judge_window(const struct detect *d, const struct track *tr, int64_t now,
    const struct rung *r, struct verdict *v)
{
	struct thirds th;
	int64_t L = span_of(d, r->coarse, r->n);
	double lag = 2.0 * L / 3, rise, rate, s, s3, z, d1, d2, tail, r3;
	double ts = 0;	/* the newest sixth's noise, once the early tests pass */
	int short_;
	const char *why;

	memset(v, 0, sizeof *v);
	v->window = L;
	/* most series grow at no rate worth a look: the rise alone says so,
	 * before the whole window is read */
	if (isnan(rise = levels_rise(tr->lv, r->coarse, r->n)))
		return;
	v->slope = rate = rise / (lag / HOUR);
	if (rate < d->conf.min_growth / 2 ||
	    (s = floored(tr, tr->rise_noise[r - growth_rungs][0])) < 0 ||
	    levels_thirds(tr->lv, r->coarse, r->n, &th) == -1)
		return;
	s = fmax(s, levels_thirds_falls(tr->lv, r->coarse, r->n));
	z = rise / s;
	s3 = tr->rise_noise[r - growth_rungs][1];
	d1 = th.mean[1] - th.mean[0];
	d2 = th.mean[2] - th.mean[1];
	v->confidence = confidence(z);
	v->growing = z >= 2 && d2 > 0;
	short_ = L < 60 * d->u;
	/* A page is worth waking for once the growth across the window has
	 * added a few MiB: a small cache that a starting workload fills is
	 * not. */
	why = rate < d->conf.min_growth * (short_ ? SHORT_RATE : 1) ? "rate" :
	    1.5 * rise < MIN_GROWN ? "grown too little" :
	    z < (short_ ? Z_SHORT : Z_LONG) ? "z" :
	    !(th.lo[1] > th.lo[0] && th.lo[2] > th.lo[1]) ? "lows do not rise" :
	    d1 < 0.2 * d2 ? "began late" :
	    d2 < PACE * d1 - s3 ? "slowing" :
	    th.bins >= 6 && (r->coarse ? th.maxjump > 0.5 * rise :
	    th.maxjump - moved(d, tr, 0, z) > 0.5 * rise) ? "a step" :
	    th.bins >= 6 && th.step > STEP_SHARE * rise ? "3 bins carry it" :
	    NULL;
	if (why == NULL) {
		/* The newest sixth still rises, unless its noise could
		 * hide that, and the newest bin has not fallen from the
		 * window's high (a burst being freed: a leak never falls).
		 * Slowing down: the newest third grew more slowly than the
		 * average over eight windows, or in the hours after a boot
		 * seen, than the average since then, by more than its noise:
		 * caches that fill level off (one of 1.5 h, 2 h in, grows at
		 * 70% of its average pace, and the noise of the newest
		 * third's rise makes up the rest); a leak keeps its pace. */
		tail = th.tail[1] - th.tail[0];
		ts = noise(tr, L / 6.0);
		r3 = L / 3.0 / HOUR;
		why = tail < 0.3 * rate * (L / 6.0 / HOUR) - 2 * ts ?
		    "newest sixth flat" :
		    th.fall > fmax(0.25 * rise, 3 * ts) ? "falling" :
		    d2 < 0.9 * before_rate(d, tr, L, th.mean[2]) * r3 - s3 ?
		    "slower than before" :
		    (since_boot(d, now) < BOOT_YOUNG_U * d->u &&
		    (since_boot(d, now) < WARMUP_U * d->u ||
		    fmin((d2 - s3) / r3, rate) <
		    0.9 * (th.mean[2] - levels_base(tr->lv)) /
		    ((double)(now - L / 6 - levels_first(tr->lv)) / HOUR))) ||
		    filling(d, tr, now) ? "filling since the boot" :
		    th.mean[2] <= past_high(d, tr, (int)(L / (d->u *
		    LV_COARSE_FACTOR)) + 1, 1) ? "under the past day's high" :
		    user_space_explains(d, tr, r, th.mean[2], rise) ?
		    "user space" : NULL;
	}
	trace_rise(d, tr, now, "window", L, rise, s, z, rate, v->growing, why);
	if (why != NULL)
		return;
	/* The rate now is the last third's over the middle one (the first
	 * may predate the onset); a first guess at the onset, where that
	 * rate meets the first third's level (an alert that opens fits it:
	 * onset()). */
	v->leak = 1;
	v->coarse = r->coarse;
	v->block = 1;
	if (d1 < 0.7 * d2)
		v->slope = d2 / (L / 3.0 / HOUR);
	v->since = now - (int64_t)(L / 6.0 + rise / v->slope * HOUR);
	if (v->since < levels_first(tr->lv))
		v->since = levels_first(tr->lv);
	v->falling = th.fall > 3 * ts;
	v->strong = z >= Z_STRONG && now - v->since >= STRONG_U * d->u -
	    levels_gap(tr->lv) / 2 && 1.5 * rise >= STRONG_GROWN &&
	    !v->falling;
}

/* The noise of floor rung i's rise: its own spread over the history.
 * Before the history holds eight of its windows (never, for rungs of
 * 6 h and more), the noise of single points at its lag; but a cache
 * that breathes faster than a shorter rung's thirds has that as its
 * point noise at every lag (its cycle: a breathing cache's single
 * points are no measure of its floors), and as its noise levels off,
 * so does its floors' spread: the longest shorter rung's known spread
 * stands for it, if the point noise at this lag is at most LEVELLED
 * times that at the shorter one's.  A daily cycle, or a wander, grows
 * its noise with the lag. */
static double
floor_spread(const struct track *tr, size_t i, double lag)
{
	double s, sj;
	size_t j;

	if (tr->spread[i] >= 0)
		return tr->spread[i];
	s = levels_noise(tr->lv, lag);
	for (j = i; j-- > 0;)
		if (tr->spread[j] >= 0) {
			sj = levels_noise(tr->lv, lag * floor_rungs[j] /
			    floor_rungs[i]);
			return s <= LEVELLED * sj ? fmin(s, tr->spread[j] *
			    s / sj) : s;
		}
	return s;
}

/* The least rate, bytes an hour, of a reclaimable cache's rise over span
 * seconds: one shorter than a daily cycle's rise may be that rise (a
 * cycle that is no sine, a second harmonic of half its size, rises for
 * up to 16 h, as fast at the end as in the middle, its swing of 40 to 150
 * MB at 2 to 8 MiB/h), so RUN_RATE x min_growth, where negative dentries
 * that fill memory pile up at tens; a longer one, min_growth. */
static double
cycle_rate(const struct detect *d, int64_t span)
{
	return (span < CYCLE_RISE_U * d->u ? RUN_RATE : 1) *
	    d->conf.min_growth;
}

/*
 * A reclaimable cache over one window of n coarse bins: its floor (the
 * lowest level of each third) must rise third by third, each third
 * carrying a quarter of the rise or more, by MIN_GROWN (a page worth
 * waking for, as the troughs'), well above the noise, and above every
 * floor of the past day at the same scale.  A cache that breathes
 * falls back to the same floor, whatever its period, once a third spans
 * it; within a third, the past day's floors of the same span already
 * reached as high, unless this cycle is the largest yet (each varies in
 * size): so a cache seen to breathe (find_troughs()) says "leak" only over a
 * window of a cycle or more, which holds a trough, not just a flank, or
 * by a rise of twice the cycle's depth, more than a flank lifts its
 * floors (a cache whose noise zigzags by a few MiB is no cycle to wait
 * for); a shorter one still says "growing", to keep an alert open.  With
 * less past than a daily cycle's rise (CYCLE_RISE_U), only windows over
 * half a day vote, at RUN_RATE x min_growth.
 */
static void
judge_floor(const struct detect *d, const struct track *tr, int64_t now,
    size_t i, const struct troughs *tg, struct verdict *v)
{
	struct thirds th;
	int n = floor_rungs[i], first_day;
	int64_t L = span_of(d, 1, n);
	double lag = 2.0 * L / 3, rise, rate, s, z;
	const char *why;

	memset(v, 0, sizeof *v);
	v->window = L;
	if (levels_thirds(tr->lv, 1, n, &th) == -1 ||
	    (s = floored(tr, floor_spread(tr, i, lag))) < 0)
		return;
	rise = th.lo[2] - th.lo[0];
	rate = rise / (lag / HOUR);
	z = rise / s;
	v->slope = rate;
	v->confidence = confidence(z);
	v->growing = rate >= d->conf.min_growth / 2 && z >= 2 &&
	    th.lo[2] > th.lo[1];
	/* On its first day (less past than a daily cycle's rise), a daily
	 * cycle's hump spans such a window too: its floors rise for hours
	 * past the peak (a third's lowest point is where it began), but the
	 * newest sixth's falls behind the pace of the thirds; a leak's
	 * keeps it.  A window longer than the rise still holds the trough
	 * before it and the whole rise, floors rising third by third
	 * (mkalt's daily cycles with a second harmonic paged so 18 h in):
	 * at any length, as fast as the rise of a cycle never is. */
	first_day = past_of(tr, now, L) < CYCLE_RISE_U * d->u;
	why = n < tg->cycle_bins && rise < 2 * tg->cycle_size ?
	    "within a cycle" :
	    rate < d->conf.min_growth ? "rate" :
	    rise < MIN_GROWN ? "grown too little" :
	    z < Z_FLOOR ? "z" :
	    th.lo[1] - th.lo[0] < 0.25 * rise ||
	    th.lo[2] - th.lo[1] < 0.25 * rise ? "floors do not rise by thirds" :
	    first_day && L < HALF_DAY_RUN_U * d->u ?
	    "first day, under half a day" :
	    first_day && th.tail_lo[1] - th.tail_lo[0] < PACE_KEPT *
	    (th.lo[2] - th.lo[1]) / 2 ? "first day, newest sixth slowing" :
	    first_day && rate < RUN_RATE * d->conf.min_growth ?
	    "first day, rate" :
	    !first_day && th.lo[2] <= past_high(d, tr, n, n / 3) + s ?
	    "under the past day's high" : NULL;
	trace_rise(d, tr, now, "floors", L, rise, s, z, rate, v->growing, why);
	if (why != NULL)
		return;
	v->leak = 1;
	v->since = now - (int64_t)(5 * L / 6);
	v->coarse = 1;
	v->block = n / 3;
}

/*
 * A reclaimable cache that has risen from its lowest point of the past
 * day and a half without a fall, for longer than a daily cycle rises, and
 * no more slowly in the last third of that rise than in the middle one
 * (a sine's rise slows near its peak; negative dentries piling up do
 * not), and as fast as cycle_rate() asks: a daily cycle that is no sine
 * rises for up to 16 h, as fast at the end as in the middle.
 */
static void
judge_run(const struct detect *d, const struct track *tr, int64_t now,
    struct verdict *v)
{
	double m[LV_COARSE_N], mean, lo, hi, peak, fall, rise, s, at[4];
	int n = 0, k, i0 = 0, i, j;
	const char *why;

	memset(v, 0, sizeof *v);
	for (k = RUN_LOOKBACK_U / LV_COARSE_FACTOR - 1; k >= 0; k--)
		if (levels_coarse(tr->lv, k, &mean, &lo, &hi) == 0)
			m[n++] = mean;
	if (n < 12)
		return;
	for (i = 1; i < n; i++)
		if (m[i] < m[i0])
			i0 = i;
	v->window = span_of(d, 1, n - 1 - i0);
	if (v->window < HALF_DAY_RUN_U * d->u ||
	    (s = noise(tr, 60.0 * d->u)) < 0)
		return;
	fall = fmax(2.0 * 1048576, 3 * s);
	for (peak = m[i0], i = i0; i < n; i++) {
		peak = fmax(peak, m[i]);
		if (peak - m[i] > fall) {
			TRACE(d, tr, now, "run %lldm from its low: fell "
			    "%.2f MB", (long long)(v->window / 60),
			    (peak - m[i]) / 1e6);
			return;
		}
	}
	/* the level at each third of the run, over a few bins */
	for (j = 0; j < 4; j++) {
		int c = i0 + (n - 1 - i0) * j / 3, lo_i = c - 1, hi_i = c + 1;

		lo_i = lo_i < i0 ? i0 : lo_i;
		hi_i = hi_i > n - 1 ? n - 1 : hi_i;
		for (at[j] = 0, i = lo_i; i <= hi_i; i++)
			at[j] += m[i] / (hi_i - lo_i + 1);
	}
	rise = at[3] - at[0];
	v->slope = rise / ((double)v->window / HOUR);
	v->confidence = confidence(rise / noise(tr, (double)v->window));
	why = v->slope < cycle_rate(d, v->window) ? "rate" :
	    at[2] - at[1] < 0.25 * rise || at[3] - at[2] < 0.25 * rise ?
	    "does not rise by thirds" :
	    at[3] - at[2] < PACE_KEPT * (at[2] - at[1]) ? "slowing" :
	    rise < Z_FLOOR * noise(tr, (double)v->window / 2) ? "z" : NULL;
	TRACE(d, tr, now, "run %lldm from its low: rise %.2f MB, %.1f MiB/h: "
	    "%s", (long long)(v->window / 60), rise / 1e6,
	    v->slope / 1048576, why != NULL ? why : "leak");
	if (why != NULL)
		return;
	v->leak = v->growing = 1;
	v->since = now - v->window;
	v->coarse = v->block = 1;
}

/*
 * The troughs of a cache's completed cycles over the coarse bins of the
 * past 36 hours, oldest first: each the lowest point the cache fell to,
 * a fall or more below the highest before it, and then rose from by a
 * fall or more (a zigzag; a bin's lowest and highest points are held
 * against the bins before it, as which came first within a bin is not
 * kept), a fall 5 deviations of the noise a coarse bin apart (the noise
 * between two reads is too little: a cache's slow wander of hours, 3 MiB
 * and 5 such deviations, then counts as cycles), and 3 MiB.  The newest
 * TROUGHS_MAX are kept, and from them the cycle: the median
 * span from one trough to the next, and the median fall into one; 0 if
 * the cache has not fallen back twice (no cycle seen, or a daily one).
 * Found once per judgement: the floors and the troughs' rule both ask.
 */
static void
find_troughs(const struct detect *d, const struct track *tr,
    struct troughs *tg)
{
	double mean, blo, bhi, top = -INFINITY, low = INFINITY, fall, s,
	    gap[TROUGHS_MAX], drop[TROUGHS_MAX];
	int k, n = 0, low_at = 0, dir = 0;

	tg->n = tg->cycle_bins = 0;
	tg->since = INFINITY;
	tg->cycle_size = 0;
	if ((s = noise(tr, (double)(d->u * LV_COARSE_FACTOR))) < 0)
		return;
	fall = fmax(MIN_GROWN, Z_FLOOR * s);
	for (k = RUN_LOOKBACK_U / LV_COARSE_FACTOR - 1; k >= 0; k--) {
		if (levels_coarse(tr->lv, k, &mean, &blo, &bhi) == -1)
			continue;
		if (dir <= 0 && bhi - low >= fall) {
			if (dir < 0) {	/* it had fallen to low: a trough */
				if (n == TROUGHS_MAX) {
					n--;
					memmove(tg->lo, tg->lo + 1,
					    n * sizeof *tg->lo);
					memmove(tg->at, tg->at + 1,
					    n * sizeof *tg->at);
					memmove(tg->drop, tg->drop + 1,
					    n * sizeof *tg->drop);
				}
				tg->lo[n] = low;
				tg->drop[n] = top - low;
				tg->at[n++] = low_at;
			}
			dir = 1;
			top = bhi;
		} else if (dir >= 0 && top - blo >= fall) {
			dir = -1;
			low = INFINITY;
		}
		if (blo < low) {
			low = blo;
			low_at = k;
		}
		top = fmax(top, bhi);
	}
	tg->n = n;
	tg->since = dir < 0 ? low : INFINITY;
	if (n < 2)
		return;
	for (k = 1; k < n; k++)
		gap[k - 1] = tg->at[k - 1] - tg->at[k];
	memcpy(drop, tg->drop, (size_t)n * sizeof *drop);
	tg->cycle_bins = (int)trend_median(gap, (size_t)n - 1);
	tg->cycle_size = trend_median(drop, (size_t)n);
}

/* What the troughs' steps spread by the reads alone: a trough read is
 * the cache's lowest point only where a read fell on it, and lies above
 * it by up to the rise of one read's time out of it.  A sawtooth that
 * fills for 48.5 minutes and is reclaimed in a few, read every 5, rises
 * 14 MB a read out of its troughs, and as the reads drift across its
 * cycle its troughs read rise and fall by that, steadily: steps that
 * spread 0.14 MB among themselves paged such a cache 9 h in, a day
 * before its leak began (mkalt breathe_leak 1021).  Each trough's rise
 * into the next coarse bin's lowest point, over the reads a coarse bin
 * spans (at the newest gap between reads: one a bin or fewer, the whole
 * rise), and the median of those over sqrt 6 (a step is the difference
 * of two troughs, each off by a uniform share of that rise); a trough
 * whose next bin holds no point adds none. */
static double
trough_alias(const struct detect *d, const struct track *tr,
    const struct troughs *tg)
{
	double out[TROUGHS_MAX], mean, blo, bhi, read;
	int k, m = 0;

	read = fmin(1, (double)levels_gap(tr->lv) /
	    (double)(d->u * LV_COARSE_FACTOR));
	for (k = 0; k < tg->n; k++)
		if (tg->at[k] > 0 && levels_coarse(tr->lv, tg->at[k] - 1,
		    &mean, &blo, &bhi) == 0)
			out[m++] = fmax(0, blo - tg->lo[k]) * read;
	return m > 0 ? trend_median(out, (size_t)m) / sqrt(6) : 0;
}

/*
 * A reclaimable cache that breathes, its troughs rising: the troughs of
 * its completed cycles (find_troughs()) each above the one before, from
 * the first step above the noise (steps within it came before the rise),
 * TROUGHS or more over an hour or more, at min_growth, the newest over
 * the first Z_FLOOR deviations of the spread of all the steps kept from
 * a trough to the next (about their median, so that a steady rise is not
 * noise; at most the spread of the changes from one step to the next,
 * over sqrt(2), as a rise that began among the troughs kept makes the
 * steps flat, then rising; TROUGH_STEPS of them or more, raised by half
 * its standard error; with fewer kept, the rise judged by the shape of
 * its own steps, as judge_steady() judges a young series; either spread
 * never under what the reads alone make it, trough_alias()), no step over
 * twice their mean and the newest at half their mean or more (a leak
 * adds about as much each cycle; a cache refilled after drop_caches, or
 * whose troughs shift once, rises once),
 * the cycles Z_FLOOR deviations deep (their median fall: noise that
 * wiggles on a slow rise makes troughs too, as deep as their steps
 * scatter), the cache not fallen since below the newest, and a deviation
 * above the floors of the past day a cycle long (a daily cycle's troughs
 * come back to where they were).  A daily cycle on its first day makes
 * no such troughs: its rising half never falls back by more than its
 * noise.
 */
static void
judge_troughs(const struct detect *d, const struct track *tr, int64_t now,
    const struct troughs *tg, struct verdict *v)
{
	const double *lo = tg->lo;
	const int *at = tg->at;
	double step[TROUGHS_MAX], d1[TROUGHS_MAX], d2[TROUGHS_MAX], rise, s;
	double alias, hours, big, rate;
	int n = tg->n, i, k, period, young = n <= TROUGH_STEPS;
	const char *why;
	int64_t cw = d->u * LV_COARSE_FACTOR;

	memset(v, 0, sizeof *v);
	if (n <= TROUGHS)
		return;
	for (k = 1; k < n; k++) {
		d1[k - 1] = step[k - 1] = lo[k] - lo[k - 1];
		if (k > 1)
			d2[k - 2] = step[k - 1] - step[k - 2];
	}
	/* from a handful of steps, an estimate comes out well under the
	 * truth often enough to page: raised by half its standard error
	 * (1.17 / sqrt(steps) of it, the median absolute deviation's); at
	 * most the spread of the changes from one step to the next over
	 * sqrt(2), as a leak that began among the troughs kept makes the
	 * steps flat, then rising, and only the change that straddles its
	 * onset sees that */
	alias = trough_alias(d, tr, tg);
	s = fmax(floored(tr, fmin(trend_mad(d1, (size_t)n - 1) *
	    (1 + 0.58 / sqrt(n - 1)), trend_mad(d2, (size_t)n - 2) / sqrt(2) *
	    (1 + 0.58 / sqrt(n - 2)))), alias);
	/* the troughs of the rise, each above the one before, from its
	 * first step above the noise: steps within it came before */
	for (i = n - 1; i > 0 && lo[i] > lo[i - 1]; i--)
		;
	while (i < n - 1 && step[i] <= s)
		i++;
	if (n - i < TROUGHS || tg->since <= lo[n - 1])
		return;
	rise = lo[n - 1] - lo[i];
	for (big = 0, k = i; k < n - 1; k++)
		big = fmax(big, step[k]);
	hours = (double)(at[i] - at[n - 1]) * cw / HOUR;
	rate = hours > 0 ? rise / hours : 0;
	if (young) {
		/* too few steps kept to know their spread: the rise judged by
		 * its shape alone, as a young series' (judge_steady), its
		 * steps' mean STEADY_T standard errors above zero, at
		 * SHORT_RATE x min_growth */
		double m = rise / (n - 1 - i), ss = 0;

		if (n - 1 - i < TROUGHS)
			return;
		for (k = i; k < n - 1; k++)
			ss += (step[k] - m) * (step[k] - m);
		s = fmax(floored(tr, sqrt(ss / (n - 2 - i))), alias);
		why = m * sqrt(n - 1 - i) < STEADY_T * s ? "steps not steady" :
		    rise < SHORT_RATE * d->conf.min_growth * hours ? "rate" :
		    NULL;
		if (why != NULL) {
			trace_troughs(d, tr, now, n - 1 - i, hours, rise, s,
			    rate, why);
			return;
		}
	}
	period = (at[i] - at[n - 1]) / (n - 1 - i);
	v->slope = rate;
	v->confidence = confidence(rise / s);
	v->window = (int64_t)at[i] * cw;
	v->growing = v->slope >= d->conf.min_growth / 2 && rise >= 2 * s;
	why = hours < 1 ? "under an hour" :
	    v->slope < d->conf.min_growth ? "rate" :
	    rise < MIN_GROWN ? "grown too little" :
	    !young && rise < Z_FLOOR * s ? "z" :
	    big > 2 * rise / (n - 1 - i) ? "a step" :
	    step[n - 2] < 0.5 * rise / (n - 1 - i) ? "newest step small" :
	    tg->cycle_size < Z_FLOOR * s ? "cycles shallow" :
	    lo[n - 1] <= past_high(d, tr, at[i] + 1, period > 1 ? period :
	    1) + s ? "under the past day's floors" : NULL;
	if (v->growing || why == NULL)
		trace_troughs(d, tr, now, n - 1 - i, hours, rise, s, rate,
		    why != NULL ? why : "leak");
	if (why != NULL)
		return;
	v->leak = 1;
	v->since = now - v->window;
	v->coarse = 1;
	v->block = period > 1 ? period : 1;
}

/*
 * An unreclaimable series over the fine bins of the past three windows
 * (coarse: the coarse bins of 6 U-hours, for a rise of SLOW_U or more):
 * a level, then a rise (lib/levels), its onset fitted, not guessed from
 * thirds.  The rise is the mean of the newest third of the points after
 * the break less the level's, judged against the noise of that very
 * difference of means (a level known from many points is known well:
 * the newest mean's own spread is most of it; lib/levels' fine fit
 * takes the newest points before the break that make that noise least),
 * not against two single points' at its lag.  The rise must have gone
 * on for STRONG_U, less half the time between reads (a burst freed
 * again rises for minutes);
 * at Z_ONSET_STRONG it opens the alert at once.  Not for the meminfo
 * figures: page tables and stacks follow user space, which only the
 * windows weigh.  After a boot seen, not for 6 h, and for 12 h not while
 * the rise since the boot slows (filling()), as the windows: a cache
 * that fills for hours bends into a level then a rise by its noise.
 */
static void
judge_onset(const struct detect *d, const struct track *tr, int64_t now,
    int coarse, struct verdict *v)
{
	struct onset_fit f;
	double rise, rate, s, z;
	int64_t cw = d->u * (coarse ? LV_COARSE_FACTOR : 1);
	int slow, n;
	const char *why;

	memset(v, 0, sizeof *v);
	/* most series grow at no rate worth a fit: the shortest window's
	 * rise says so */
	n = coarse ? 12 : DETECT_WINDOW_BINS;
	rise = levels_rise(tr->lv, coarse, n);
	if (isnan(rise) || rise / (2.0 * n / 3 * cw / HOUR) < (coarse ? 1 :
	    SHORT_RATE) * d->conf.min_growth / 2 ||
	    strncmp(tr->name, "meminfo:", 8) == 0 ||
	    since_boot(d, now) < BOOT_YOUNG_U * d->u || filling(d, tr, now))
		return;
	if (levels_onset(tr->lv, coarse, coarse ? SLOW_BINS : ONSET_WINDOWS *
	    DETECT_WINDOW_BINS, 1, PACE, &f) == -1)
		return;
	s = floored(tr, f.rise_noise);
	z = s > 0 ? f.rise / s : 0;
	rate = f.rise_span > 0 ? f.rise / (f.rise_span / HOUR) : 0;
	/* a rise of SLOW_U or more is judged at min_growth, as the
	 * windows of an hour judge it */
	slow = f.grown >= SLOW_U * d->u;
	why = f.early || f.after < 2 || f.rise_span <= 0 ? "no level before" :
	    s < 0 ? "noise unknown" :
	    z < Z_ONSET ? "z" :
	    rate < (slow ? 1 : SHORT_RATE) * d->conf.min_growth ? "rate" :
	    1.5 * f.rise < MIN_GROWN ? "grown too little" :
	    f.grown < STRONG_U * d->u - levels_gap(tr->lv) / 2 ? "too young" :
	    f.maxjump - moved(d, tr, coarse, z) > (coarse ? SLOW_JUMP : 0.5) *
	    f.rise ? "a step" :
	    f.slowing < -PACE_Z * floored(tr, f.slowing_noise) ? "slowing" :
	    f.level + f.rise <= past_high(d, tr, (int)(f.span / (d->u *
	    LV_COARSE_FACTOR)) + 1, 1) ? "under the past day's high" : NULL;
	TRACE(d, tr, now, "onset %s: from %lldm ago%s, %d points after, "
	    "rise %.2f MB, noise %.2f MB, z %.2f, %.1f MiB/h: %s",
	    coarse ? "coarse" : "fine", (long long)((now - f.at) / 60),
	    f.early ? " (or before)" : "", f.after, f.rise / 1e6, s / 1e6, z,
	    rate / 1048576, why != NULL ? why : "leak");
	if (why != NULL)
		return;
	v->leak = v->growing = 1;
	v->slope = rate;
	v->confidence = confidence(z);
	v->window = coarse ? f.span : ONSET_WINDOWS * DETECT_WINDOW_BINS *
	    d->u;
	v->since = f.at;
	v->coarse = coarse;
	v->block = 1;
	v->strong = !coarse && z >= Z_ONSET_STRONG;
}

/* The points of a series' whole history, to judge a growth from the
 * first sample by its shape alone: none for the meminfo figures (they
 * follow user space), nor after a boot seen (caches fill). */
static size_t
whole_history(const struct detect *d, const struct track *tr, int64_t now,
    double *t, double *y)
{
	if (strncmp(tr->name, "meminfo:", 8) == 0 ||
	    since_boot(d, now) < BOOT_YOUNG_U * d->u)
		return 0;
	/* from the first point's bin, wherever in it that point fell */
	return levels_points(tr->lv, (now / d->u - levels_first(tr->lv) /
	    d->u + 1) * d->u, t, y);
}

/* A verdict of a growth from the first sample, by its shape: the
 * machine leaked before mlkd came. */
static void
from_first(const struct track *tr, int64_t now, double slope, double z,
    struct verdict *v)
{
	v->leak = v->growing = 1;
	v->slope = slope;
	v->confidence = confidence(z);
	v->window = now - levels_first(tr->lv);
	v->since = levels_first(tr->lv);
	v->block = 1;
}

/* The standard errors a young series' mean move up needs, of `up` moves:
 * STEADY_T of 4, then as Student's t falls with more moves at the same
 * tail (4.71 of 5: a leak of 20 MB/h, read every 5 minutes, stood at t
 * 6.4, 4.9, 5.4 and 6.3 in its 5th to 8th reads, and one verdict, then
 * none, held its page to 50 minutes, when its noise was known), but
 * never under STEADY_T_LEAST: the moves of a wander of an hour are not
 * independent, and 7 moves up of a quiet cache's stood at t 3.9. */
static double
steady_t(size_t up)
{
	/* Student's t of 3 and 4 degrees of freedom, one tail of 0.46% */
	static const double t[] = { STEADY_T, 4.71 };
	size_t k;

	if (up < STEADY_POINTS - 1)
		return STEADY_T;
	k = up - (STEADY_POINTS - 1);
	return k < sizeof t / sizeof t[0] ? t[k] : STEADY_T_LEAST;
}

/*
 * An unreclaimable series read too seldom yet for its noise to be known
 * (read every 5 minutes, its variogram needs 45 minutes of history): a
 * growth from the first sample, on a machine that leaked before mlkd
 * came, is judged by its shape alone.  No point below the one before
 * by more than STEADY_DIP of the mean move (a read that fell less did not
 * move: a leak in stairs, 2.5 MB every 6.6 minutes, adds none in one
 * read of four, which moves by its noise alone, down as often as up,
 * and a fall of 0.3 MB held one of 22 MB/h to 45 minutes; noise falls
 * as far as it rises), and at least STEADY_POINTS - 1 moves up, twice
 * as many as the reads that did not move (a leak read in whole areas, a
 * vmalloc caller's of 1 MiB at 10 MB/h, adds none in one read of five;
 * noise seldom moves so little read after read); the mean move up
 * steady_t() standard errors of the moves above zero, or every move up
 * within the smallest one of the others (k or k + 1 areas: a steady leak
 * in whole areas, which a single 2 among 1s would put under that); no move
 * half the rise (a step or a module that loads rises once, then
 * wanders); at 8 x min_growth and 3 MiB.  Mean-reverting noise of up to
 * 5 MB that wanders for up to an hour rises that evenly over six reads
 * in about one series of a thousand; a leak of 21 MB/h under a quiet
 * machine's noise, four times in five.
 */
static void
judge_steady(const struct detect *d, const struct track *tr, int64_t now,
    struct verdict *v)
{
	double t[LV_COARSE_N], y[LV_COARSE_N], step, sum = 0, ss = 0, dip;
	double big = 0, least = INFINITY, rise, hours, mean = 0, se = 0;
	size_t n, i, up = 0, still = 0;
	const char *why = NULL;

	memset(v, 0, sizeof *v);
	if (noise(tr, (double)d->u) >= 0 ||
	    (n = whole_history(d, tr, now, t, y)) < STEADY_POINTS)
		return;
	rise = y[n - 1] - y[0];
	hours = t[n - 1] - t[0];
	dip = STEADY_DIP * fmax(rise, 0) / (double)(n - 1);
	for (i = 1; i < n && why == NULL; i++) {
		if ((step = y[i] - y[i - 1]) < -dip)
			why = "fell";
		else if (step <= 0)
			still++;
		else {
			up++;
			sum += step;
			ss += step * step;
			big = fmax(big, step);
			least = fmin(least, step);
		}
	}
	if (why == NULL && (up < STEADY_POINTS - 1 || up < 2 * still))
		why = "too few moves up";
	if (why == NULL) {
		mean = sum / (double)up;
		se = sqrt(fmax(0, ss - sum * mean) / (double)(up - 1) /
		    (double)up);
		why = rise < MIN_GROWN ? "grown too little" :
		    rise / hours < SHORT_RATE * d->conf.min_growth ? "rate" :
		    big > 0.5 * rise ? "a step" :
		    mean < steady_t(up) * se && big - least > least ? "t" :
		    NULL;
	}
	TRACE(d, tr, now, "young, steady: %zu reads, %zu up, %zu still, rise "
	    "%.2f MB, t %.1f, %.1f MiB/h: %s", n, up, still, rise / 1e6,
	    se > 0 ? mean / se : 0, rise / hours / 1048576, why != NULL ? why :
	    "leak");
	if (why != NULL)
		return;
	from_first(tr, now, rise / hours, se > 0 ? mean / se : INFINITY, v);
}

/*
 * An unreclaimable series that has risen since its first sample, as far
 * back as the fine bins reach (2 h 7 min at the default window), and
 * never fell: a machine that leaked before mlkd came, at a pace that is
 * no line (steps every few minutes, or growth between pauses).  Its
 * history holds nothing but the leak, so its variogram takes each step
 * or pause for noise (read every minute, a step of 3.5 MB every 10
 * minutes, on a cache whose own noise is 0.45 MB, put the noise of an
 * 18-minute window's rise at 0.6 MB 20 minutes in, and at 2.0 MB 39
 * minutes in: mkalt preexisting 409), and the windows' staircase tests
 * hold back a rise of a step every 10 minutes until windows of 45
 * minutes.  Over its fine bins:
 *   - the rise stands Z_SHORT deviations above what a random walk of as
 *     many moves would spread, each move as noisy as the moves between
 *     bins are about their median (1.4826 x their median absolute
 *     deviation: a step is one move in several, a pause moves as little
 *     as the noise; mean-reverting noise spreads less than a random walk,
 *     and a cache that fills and slows spreads its moves more);
 *   - no point below the highest before it by FALL_K times that noise
 *     over as many moves (noise falls as often as it rises; a leak
 *     never falls);
 *   - no move carries UNFALLEN_STEP of the rise, nor 3 bins STEP_SHARE
 *     (two steps are no leak, nor a burst that took three reads);
 *   - the middle third's rise over the first third UNFALLEN_PACE of the
 *     last one's or more (a leak under way from before the first
 *     sample, not one that began late, which the windows judge), and
 *     the last third's UNFALLEN_PACE of the middle one's, unless the
 *     newest sixth rises at the average pace (a pause that ended; a
 *     cache that fills slows all along);
 *   - at 8 x min_growth and 3 MiB.
 */
static void
judge_unfallen(const struct detect *d, const struct track *tr, int64_t now,
    struct verdict *v)
{
	double t[LV_COARSE_N], y[LV_COARSE_N], mv[LV_COARSE_N], sum[6] = { 0 },
	    at6[6] = { 0 }, third[3], hi, big = 0, step3 = 0, rise, hours, s,
	    z, tail;
	size_t n, i, cnt[6] = { 0 }, at = 0;
	const char *why = NULL;

	memset(v, 0, sizeof *v);
	if (now - levels_first(tr->lv) >= (int64_t)(LV_FINE_N - 1) * d->u ||
	    levels_value(tr->lv) - levels_base(tr->lv) < MIN_GROWN ||
	    (n = whole_history(d, tr, now, t, y)) < UNFALLEN_POINTS)
		return;
	for (i = 0; i < n; i++) {
		sum[6 * i / n] += y[i];
		at6[6 * i / n] += t[i];
		cnt[6 * i / n]++;
		if (i > 0)
			big = fmax(big, mv[i - 1] = y[i] - y[i - 1]);
		if (i >= 3)
			step3 = fmax(step3, y[i] - y[i - 3]);
	}
	s = floored(tr, trend_mad(mv, n - 1));
	for (hi = y[0], i = 1; i < n && why == NULL; i++)
		if (y[i] >= hi)
			hi = y[at = i];
		else if (hi - y[i] > FALL_K * s * sqrt((double)(i - at)))
			why = "fell";
	for (i = 0; i < 3; i++)
		third[i] = (sum[2 * i] + sum[2 * i + 1]) /
		    (double)(cnt[2 * i] + cnt[2 * i + 1]);
	rise = y[n - 1] - y[0];
	hours = t[n - 1] - t[0];
	/* the newest sixth's rise over the one before, less what the
	 * average pace adds between their mean times */
	tail = sum[5] / (double)cnt[5] - sum[4] / (double)cnt[4] -
	    (at6[5] / (double)cnt[5] - at6[4] / (double)cnt[4]) * rise / hours;
	z = rise / (s * sqrt((double)(n - 1)));
	if (why == NULL)
		why = z < Z_SHORT ? "z" : rise < MIN_GROWN ? "grown too little" :
		    rise / hours < SHORT_RATE * d->conf.min_growth ? "rate" :
		    big > UNFALLEN_STEP * rise ? "a step" :
		    step3 > STEP_SHARE * rise ? "3 reads carry it" :
		    third[1] - third[0] < UNFALLEN_PACE * (third[2] - third[1]) ?
		    "began late" :
		    third[2] - third[1] < UNFALLEN_PACE * (third[1] - third[0]) &&
		    tail < 0 ? "slowing" : NULL;
	TRACE(d, tr, now, "young, unfallen: %zu reads, rise %.2f MB, move "
	    "noise %.2f MB, z %.2f, %.1f MiB/h: %s", n, rise / 1e6, s / 1e6, z,
	    rise / hours / 1048576, why != NULL ? why : "leak");
	if (why != NULL)
		return;
	from_first(tr, now, rise / hours, z, v);
}

/* Judge what is due: the short windows of an unreclaimable series every
 * minute, the long ones and reclaimable caches every five.  Returns 0 if
 * nothing was judged. */
static int
judge(struct detect *d, struct track *tr, int64_t now, struct verdict *v)
{
	struct verdict w, best = { 0 }, o;
	size_t i;
	int coarse = tr->due & LV_COARSE_CLOSED, fine = tr->due &
	    LV_FINE_CLOSED, early;

	memset(v, 0, sizeof *v);
	if (!(tr->due & (LV_FINE_CLOSED | LV_COARSE_CLOSED)))
		return 0;
	tr->due = 0;
	if (now - levels_first(tr->lv) < DETECT_ARMED_BINS * d->u)
		return 0;
	/* The noise changes slowly: refreshed at a coarse bin now and then,
	 * at every one while the history is young. */
	early = now - levels_first(tr->lv) < EARLY_U * d->u;
	if ((coarse && (early || now - tr->fine_noise_at >= FINE_REFRESH_U *
	    d->u)) || tr->noise_at == 0) {
		int all = tr->noise_at == 0 || early ||
		    now - tr->noise_at >= REFRESH_U * d->u;

		update_noise(d, tr, now, all);
		tr->fine_noise_at = now;
		if (all)
			tr->noise_at = now;
	}
	if (tr->reclaimable) {
		struct troughs tg;

		if (!coarse)
			return 0;
		find_troughs(d, tr, &tg);
		for (i = 0; i < NFLOOR; i++) {
			judge_floor(d, tr, now, i, &tg, &w);
			if (w.leak) {
				*v = w;
				return 1;
			}
			if (w.growing && !best.growing)
				best = w;
		}
		judge_troughs(d, tr, now, &tg, &w);
		if (w.leak) {
			*v = w;
			return 1;
		}
		if (w.growing && !best.growing)
			best = w;
		judge_run(d, tr, now, &w);
		*v = w.leak ? w : best;
		return 1;
	}
	tr->quick_window = 0;
	for (i = 0; i < NGROWTH; i++) {
		if (growth_rungs[i].coarse && !coarse)
			break;
		judge_window(d, tr, now, &growth_rungs[i], &w);
		if (w.growing && tr->quick_window == 0) {
			tr->quick_window = w.window;
			/* a leak's own estimate, else the window's as it
			 * guesses one */
			tr->quick_since = w.leak ? w.since : now - 5 * w.window /
			    6;
		}
		if (w.leak) {
			/* a fitted onset may make it strong */
			if (!w.strong && !w.falling && fine) {
				judge_onset(d, tr, now, 0, &o);
				w.strong = o.strong;
			}
			*v = w;
			if (growth_rungs[i].coarse)
				tr->coarse = w;
			return 1;
		}
		if (w.growing)
			best = w;
	}
	if (fine) {
		judge_onset(d, tr, now, 0, &o);
		if (!o.leak)
			judge_steady(d, tr, now, &o);
		if (!o.leak)
			judge_unfallen(d, tr, now, &o);
		if (o.leak) {
			*v = o;
			return 1;
		}
	}
	if (coarse) {
		judge_onset(d, tr, now, 1, &o);
		if (o.leak) {
			*v = tr->coarse = o;
			return 1;
		}
		tr->coarse = best;
	} else if (tr->coarse.leak)
		return 0;	/* the long windows speak for it, every five */
	else if (tr->coarse.growing && !best.growing)
		best = tr->coarse;
	*v = best;
	return 1;
}

static struct detect_event *
event_add(struct detect *d, enum alert_event what, const struct track *tr,
    int64_t now)
{
	struct detect_event *e;

	if (d->nev == d->capev) {
		d->capev = d->capev ? d->capev * 2 : 16;
		d->ev = xreallocarray(d->ev, d->capev, sizeof *d->ev);
	}
	e = &d->ev[d->nev++];
	memset(e, 0, sizeof *e);
	e->what = what;
	snprintf(e->series, sizeof e->series, "%s", tr->name);
	e->reclaimable = tr->reclaimable;
	e->time = now;
	e->opened_at = tr->alert.opened_at;
	e->since = tr->since;
	e->early = tr->early;
	e->bytes = tr->lv != NULL ? levels_value(tr->lv) : 0;
	e->eta = -1;
	return e;
}

/* A new boot: the memory of the old one is gone, and so are its leaks. */
static void
new_boot(struct detect *d, int64_t now)
{
	struct detect_event *e;
	struct track *tr;
	size_t i;

	for (i = 0; i < d->n; i++) {
		tr = d->tr[i];
		if (tr->alert.state == ALERT_OPEN && tr->primary == NULL) {
			e = event_add(d, AE_RESOLVED, tr, now);
			e->reason = "the machine rebooted";
		}
		alert_reset(&tr->alert);
		tr->primary = NULL;
		if (tr->lv != NULL)
			levels_reset(tr->lv);
		tr->due = 0;
		tr->noise_at = tr->fine_noise_at = 0;
		memset(&tr->coarse, 0, sizeof tr->coarse);
		noise_unknown(tr);
	}
	d->available = d->free = -1;
}

/* A primary resolved: its companions are quiet again, judged anew. */
static void
release_companions(struct detect *d, const struct track *p)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->tr[i]->primary == p) {
			alert_reset(&d->tr[i]->alert);
			d->tr[i]->primary = NULL;
		}
}

/* Did two growths, each with its onset and the window that saw it,
 * begin together?  Within 20 minutes, a quarter of the older growth's
 * age, or half the longer window: a slow companion is seen hours later,
 * by a window of hours, and its onset is no surer than that. */
static int
in_step(const struct detect *d, int64_t since1, int64_t window1,
    int64_t since2, int64_t window2, int64_t now)
{
	int64_t gap = since1 > since2 ? since1 - since2 : since2 - since1,
	    age = now - (since1 < since2 ? since1 : since2);

	return gap <= IN_STEP_U * d->u || gap <= age / 4 ||
	    2 * gap <= (window1 > window2 ? window1 : window2);
}

/* A series that began to grow in step with this verdict's growth, and
 * grows faster, a verdict or two short of opening (suspected); NULL if
 * none.  Then this one waits for its own confirmations: one leak's page
 * names its fastest series, and a slower one in a quieter cache can
 * stand 8 deviations up a minute sooner. */
static const struct track *
faster_pending(const struct detect *d, const struct track *tr,
    const struct verdict *v, int64_t now)
{
	const struct track *q;
	size_t j;

	for (j = 0; j < d->n; j++) {
		q = d->tr[j];
		if (q != tr && q->alert.state == ALERT_SUSPECTED &&
		    q->last.leak && q->last.slope > v->slope &&
		    in_step(d, q->last.since, q->last.window, v->since,
		    v->window, now))
			return q;
	}
	return NULL;
}

/* A series that began to grow in step with this leak verdict, at twice
 * its pace or more, growing but not yet judged a leak; NULL if none or
 * once this one has waited for it.  Read every
 * 5 minutes, a fast leak's first reads are single moves of many MiB that
 * the staircase tests hold back a read longer than its slower
 * companion's (mkalt's msg_msg-1k at 95 MB/h and its kmalloc-cg-256 at a
 * quarter of it): the slower one waits, once, for the faster's next
 * judgement (its next read, or the first read after its next bin closes
 * when reads come more often: read every 10 s, a wait of one read ended
 * before the faster was judged again, and mkalt companions 603 paged
 * kmalloc-cg-64, not the msg_msg-2k that grew twice as fast), so that
 * one leak's page names its fastest series. */
static const struct track *
faster_growing(struct detect *d, struct track *tr, const struct verdict *v,
    int64_t now)
{
	const struct track *q;
	/* rises over the same window, to the same read (every series has
	 * this sample's point; q's verdict may be a judgement older) */
	double rise = levels_rise(tr->lv, 0, DETECT_WINDOW_BINS);
	int64_t gap;
	size_t j;

	for (j = 0; rise > 0 && j < d->n; j++) {
		q = d->tr[j];
		if (q == tr || !q->judged || q->reclaimable ||
		    q->alert.state == ALERT_OPEN || q->last.leak ||
		    q->quick_window == 0 || !(levels_rise(q->lv, 0,
		    DETECT_WINDOW_BINS) >= 2 * rise) ||
		    !in_step(d, q->quick_since, q->quick_window, v->since,
		    v->window, now))
			continue;
		if (tr->waited == 0)
			tr->waited = now;
		gap = levels_gap(q->lv);
		return now - tr->waited <= gap + (gap < d->u ? d->u : 0) ? q :
		    NULL;
	}
	tr->waited = 0;
	return NULL;
}

/* The companions of p, comma-separated, as many as fit with room left
 * to say how many more ("+97 more"). */
static void
companions(const struct detect *d, const struct track *p, char *buf,
    size_t size)
{
	size_t j, len = 0, room = size - 16, more = 0;

	buf[0] = '\0';
	for (j = 0; j < d->n; j++) {
		if (d->tr[j]->primary != p)
			continue;
		if (more == 0 && len + 2 + strlen(d->tr[j]->name) < room)
			len += (size_t)snprintf(buf + len, size - len, "%s%s",
			    len ? "," : "", d->tr[j]->name);
		else
			more++;
	}
	if (more > 0)
		snprintf(buf + len, size - len, ",+%zu more", more);
}

static int
by_slope_desc(const void *a, const void *b)
{
	const struct detect_event *x = a, *y = b;

	return (x->what != AE_OPENED) - (y->what != AE_OPENED) ?:
	    (x->slope < y->slope) - (x->slope > y->slope);
}

/*
 * One leak, one page: an alert that opens while another that began to
 * grow at the same time is open joins it as a companion, fastest first
 * (this round's openings are placed in order of growth, so the fastest
 * is the primary).  Then every primary's event lists its companions.
 */
/* The open alert, placed already, that tr began to grow in step with;
 * NULL if none. */
static struct track *
in_step_with(const struct detect *d, const struct track *tr, int64_t now)
{
	struct track *p;
	size_t j;

	for (j = 0; j < d->n; j++) {
		p = d->tr[j];
		if (p != tr && p->alert.state == ALERT_OPEN &&
		    p->primary == NULL && p->grouped && in_step(d, p->since,
		    p->window, tr->since, tr->window, now))
			return p;
	}
	return NULL;
}

/*
 * The call sites whose growth over the window that opened a slab cache's
 * alert matches the cache's: between a quarter (a few objects that came
 * and went by chance do not hold a leak; ATTRIB_SHARE_MIN) and twice as
 * much (a site that grew more put most of it elsewhere: another cache,
 * pages).  A site's bytes are its objects' sizes, the cache's its pages:
 * a leak gives both one slope, give or take its partial slabs.  Slopes
 * are fitted over the same bins: the rise since its onset (flat bins
 * before it would understate both), or the deciding window when the
 * onset leaves too few.  Fastest first, DETECT_SITES at most.
 */
static void
matching_sites(const struct detect *d, struct detect_event *e)
{
	int64_t span = e->time - e->since >= 6 * d->u ? e->time - e->since :
	    e->window;
	const struct track *tr;
	struct fit cache, f;
	size_t i, k, n;

	e->nsite = 0;
	if (series_name(e->series, "slab") == NULL || detect_growth(d,
	    e->series, span, &cache) == -1 || cache.slope <= 0)
		return;
	for (i = 0; i < d->n; i++) {
		tr = d->tr[i];
		if (series_name(tr->name, "alloc") == NULL ||
		    levels_fit(tr->lv, span, &f) == -1 ||
		    f.slope < cache.slope / 4 || f.slope > cache.slope * 2)
			continue;
		for (k = e->nsite; k > 0 && e->site[k - 1].slope < f.slope; k--)
			;
		if (k == DETECT_SITES)
			continue;
		n = e->nsite < DETECT_SITES ? e->nsite + 1 : DETECT_SITES;
		memmove(&e->site[k + 1], &e->site[k], (n - 1 - k) *
		    sizeof *e->site);
		snprintf(e->site[k].series, sizeof e->site[k].series, "%s",
		    tr->name);
		e->site[k].slope = f.slope;
		e->nsite = n;
	}
}

static void
group(struct detect *d, int64_t now)
{
	struct detect_event *e;
	struct track *tr, *p;
	size_t i;

	xqsort(d->ev, d->nev, sizeof *d->ev, by_slope_desc);
	for (i = 0; i < d->nev && d->ev[i].what == AE_OPENED; i++) {
		e = &d->ev[i];
		tr = track_get(d, e->series);
		p = in_step_with(d, tr, now);
		tr->grouped = 1;
		if (p == NULL)
			continue;
		tr->primary = p;
		e->what = AE_COMPANION;
		snprintf(e->primary, sizeof e->primary, "%s", p->name);
	}
	for (i = 0; i < d->nev; i++) {
		e = &d->ev[i];
		p = track_get(d, e->what == AE_COMPANION ? e->primary :
		    e->series);
		companions(d, p, e->companions, sizeof e->companions);
		if (e->what == AE_OPENED)
			matching_sites(d, e);
	}
}

/*
 * The onset of the growth an alert names, when it opens (never per
 * sample): the break of a level then a rise, fitted
 * (lib/levels) over three times the window that decided, at its scale,
 * then over twice as long while the rise began before the span (the fine
 * bins' 2 hours give way to the coarse bins').  Noise that wanders over
 * hours bends a long span more than a short one.  A rise from the oldest
 * bin kept began before the first sample, or before the history kept:
 * its onset is a bound.  If nothing fits, the verdict's estimate stands.
 */
static void
onset(const struct detect *d, struct track *tr, const struct verdict *v,
    int64_t now)
{
	struct onset_fit f;
	int64_t found = -1, span = now - levels_first(tr->lv), w = 0;
	int coarse = v->coarse, n, cap, before = 0;

	if (v->block == 0)
		return;
	n = (int)(3 * v->window / span_of(d, coarse, 1));
	for (;;) {
		cap = coarse ? LV_COARSE_N : LV_FINE_N;
		n = n < cap ? n : cap;
		if (levels_onset(tr->lv, coarse, n, v->block, PACE, &f) == -1)
			break;
		found = f.at;
		before = f.early;
		if (!f.early || (w = span_of(d, coarse, n)) >= span)
			break;
		if (n < cap)
			n *= 2;
		else if (!coarse) {
			coarse = 1;
			n = 2 * n / LV_COARSE_FACTOR;
		} else
			break;
	}
	if (found == -1)
		return;
	tr->early = DETECT_ONSET;
	if (before == 1 && w >= span) {
		found = levels_first(tr->lv);
		tr->early = DETECT_EARLY_FIRST;
	} else if (before == 1 && coarse && n == LV_COARSE_N) {
		found = now - w;
		tr->early = DETECT_EARLY_KEPT;
	}
	tr->since = found < now - d->u ? found : now - d->u;
}

static void
step(struct detect *d, struct track *tr, int64_t now)
{
	struct fit f;
	struct alert_rules rules;
	struct detect_event *e;
	enum alert_event what;
	struct verdict v;
	const struct track *pending = NULL, *waits = NULL;

	/* Without history (after a restart) no verdict: an alert restored
	 * open stays open until there is evidence either way. */
	if (!judge(d, tr, now, &v))
		return;
	/* Floors are judged every five minutes and move in hours: three
	 * verdicts to open, always, and hours without growth to resolve.
	 * The long windows of an unreclaimable series are judged every
	 * five minutes too, over thirds of half an hour or more, that one
	 * bin more moves little: a second verdict would confirm nothing
	 * the first did not see, and cost five minutes of a slow leak's
	 * hour.  The hour's window still needs two (a burst or a module's
	 * areas an hour old pass it once), and so does a window longer than
	 * the history: judged on the few hours there are, it is no longer
	 * window.  In the hours after a boot seen, every alert needs them
	 * all: a cache that fills rises strongly, and how much it slows is
	 * told over several verdicts, not one. */
	rules = d->conf.rules;
	if (tr->reclaimable) {
		rules.confirm_span = INT64_MAX;
		rules.resolve_after *= FLOOR_RESOLVE;
	} else if (since_boot(d, now) >= BOOT_YOUNG_U * d->u && (v.strong ||
	    (v.coarse && v.window >= ONCE_U * d->u &&
	    now - levels_first(tr->lv) >= v.window)) &&
	    (pending = faster_pending(d, tr, &v, now)) == NULL)
		rules.confirmations = 1;
	if (v.leak && !tr->reclaimable && tr->alert.state != ALERT_OPEN &&
	    (waits = faster_growing(d, tr, &v, now)) != NULL)
		v.leak = 0;
	tr->last = v;
	what = alert_step(&tr->alert, &rules, now, v.leak, v.growing);
	TRACE(d, tr, now, "verdict %s%s%s: window %lldm, %.1f MiB/h, "
	    "confidence %.3f; alert %s (%d of %d verdicts)%s%s%s",
	    v.leak ? "leak" : v.growing ? "growing" : "none",
	    v.strong ? ", strong" : "", v.coarse ? ", coarse" : "",
	    (long long)(v.window / 60), v.slope / 1048576, v.confidence,
	    what == AE_OPENED ? "opened" : what == AE_RESOLVED ? "resolved" :
	    what == AE_REMINDER ? "reminded" : tr->alert.state == ALERT_OPEN ?
	    "open" : "quiet", tr->alert.hits, rules.confirmations,
	    waits != NULL ? "; its leak waits for the faster " :
	    pending != NULL ? "; the faster " : "",
	    waits != NULL ? waits->name : pending != NULL ? pending->name : "",
	    waits == NULL && pending != NULL ? " is pending" : "");
	if (what == AE_OPENED) {
		tr->since = v.since;
		tr->early = DETECT_ONSET;
		onset(d, tr, &v, now);
		tr->window = v.window;
		tr->grouped = 0;
	}
	if (tr->primary != NULL) {	/* its alert speaks for it */
		if (what == AE_RESOLVED)
			tr->primary = NULL;
		return;
	}
	if (what == AE_RESOLVED)
		release_companions(d, tr);
	if (what == AE_NONE)
		return;
	e = event_add(d, what, tr, now);
	e->window = v.window;
	e->slope = v.slope;
	e->confidence = v.confidence;
	if (what == AE_RESOLVED)
		e->reason = "its growth stopped";
	/* Before 3.14 there is no MemAvailable: MemFree is the floor. */
	e->eta = detect_eta(d->available >= 0 ? d->available : d->free,
	    v.slope);
	e->user_slope = d->anon != NULL && levels_fit(d->anon->lv, v.window,
	    &f) == 0 ? f.slope : NAN;
}

int64_t
detect_eta(int64_t available, double slope)
{
	return available >= 0 && slope > 0 ?
	    (int64_t)((double)available / slope * 3600) : -1;
}

int64_t
detect_horizon(const struct detect *d)
{
	return span_of(d, 1, LV_COARSE_N);
}

void
detect_prefill(struct detect *d, const char *boot_id, const char *series,
    int64_t time, int64_t bytes)
{
	struct track *tr;

	if (strcmp(d->boot_id, boot_id) != 0) {
		if (d->boot_id[0] != '\0')
			return;		/* another boot's: never mixed */
		snprintf(d->boot_id, sizeof d->boot_id, "%s", boot_id);
	}
	if ((tr = track_get(d, series))->judged) {
		levels_add(tr->lv, time, bytes);
		tr->due = 0;
	}
	if (d->history == 0 || time < d->history)
		d->history = time;
}

int64_t
detect_armed_at(const struct detect *d)
{
	return d->history > 0 ? d->history + DETECT_ARMED_BINS * d->u : 0;
}

/* A vmalloc caller that the reads before did not list held nothing then:
 * its history starts with those zeros, not at its first area. */
static void
vmalloc_was_zero(struct detect *d, struct track *tr, int64_t now)
{
	size_t i = d->vmalloc_n > VMALLOC_READS ? d->vmalloc_n -
	    VMALLOC_READS : 0;

	for (; i < d->vmalloc_n; i++)
		if (d->vmalloc_at[i % VMALLOC_READS] < now)
			levels_add(tr->lv, d->vmalloc_at[i % VMALLOC_READS], 0);
}

size_t
detect_sample(struct detect *d, const struct sample *smp,
    struct detect_event **ev)
{
	size_t i;
	int seen_vmalloc = 0, same, due = 0;

	d->nev = 0;
	if (strcmp(d->boot_id, smp->boot_id) != 0) {
		if (d->boot_id[0] != '\0')
			new_boot(d, smp->time);
		memcpy(d->boot_id, smp->boot_id, sizeof d->boot_id);
		d->first = d->history = 0;
		d->vmalloc_n = 0;
	}
	if (d->first == 0) {
		d->first = smp->time;
		if (d->history == 0 || d->history > smp->time)
			d->history = smp->time;
		/* A boot seen: caches still fill, for a while. */
		d->booted = smp->uptime_ms >= 0 &&
		    smp->uptime_ms / 1000 < BOOT_SEEN_U * d->u ?
		    smp->time - smp->uptime_ms / 1000 : 0;
	}
	same = sample_same_names(smp, d->names);
	d->names = smp->names;
	for (i = 0; i < smp->n; i++) {
		const struct point *p = &smp->p[i];
		struct hint *h;
		int closed;

		if (i >= d->nhint) {
			d->nhint = smp->n;
			d->hint = xreallocarray(d->hint, d->nhint,
			    sizeof *d->hint);
			memset(d->hint + i, 0, (d->nhint - i) * sizeof *d->hint);
		}
		h = &d->hint[i];
		if (h->tr == NULL || (!same &&
		    strcmp(h->tr->name, p->series) != 0)) {
			h->tr = track_get(d, p->series);
			h->lv = h->tr->lv;
			h->judged = h->tr->judged;
			h->vmalloc = h->tr->vmalloc;
			h->role = h->tr->role;
		}
		if (h->judged && h->vmalloc) {
			if (levels_first(h->lv) == 0)
				vmalloc_was_zero(d, h->tr, smp->time);
			seen_vmalloc = 1;
		}
		if (h->role == T_AVAILABLE)
			d->available = p->bytes;
		else if (h->role == T_FREE)
			d->free = p->bytes;
		if (h->lv != NULL && (closed = levels_add(h->lv, smp->time,
		    p->bytes)) != 0 && h->judged) {
			h->tr->due |= closed;
			due = 1;
		}
	}
	if (seen_vmalloc)
		d->vmalloc_at[d->vmalloc_n++ % VMALLOC_READS] = smp->time;
	/* A verdict needs a bin closed: at interval 1s, one sample in 60. */
	for (i = 0; due && i < d->n; i++)
		if (d->tr[i]->due)
			step(d, d->tr[i], smp->time);
	group(d, smp->time);
	*ev = d->nev > 0 ? d->ev : NULL;
	return d->nev;
}

void
detect_restore(struct detect *d, const char *series, int64_t opened_at,
    int64_t since, int64_t last_notice)
{
	struct track *tr = track_get(d, series);

	if (!tr->judged)
		return;
	alert_open(&tr->alert, &d->conf.rules, opened_at, last_notice);
	tr->since = since;
	tr->grouped = 1;
}

/* What a series is, in words. */
static void
subject(const char *series, char *buf, size_t len)
{
	const char *words = words_of(series), *name;

	if (words != NULL)
		snprintf(buf, len, "%s", words);
	else if ((name = series_name(series, "slab")) != NULL)
		snprintf(buf, len, "slab cache %s", name);
	else if ((name = series_name(series, "vmalloc")) != NULL)
		snprintf(buf, len, "vmalloc caller %s", name);
	else if ((name = series_name(series, "alloc")) != NULL)
		snprintf(buf, len, "call site %s", name);
	else
		snprintf(buf, len, "%s", series);
}

char *
detect_user_words(const struct detect_event *e, double min_growth,
    char *buf, size_t len)
{
	char rate[32];

	if (isnan(e->user_slope))
		snprintf(buf, len, "%s", "");
	else if (fabs(e->user_slope) < min_growth)
		snprintf(buf, len, "flat");
	else
		snprintf(buf, len, "%s%s/h", e->user_slope > 0 ? "+" : "",
		    units_bytes(rate, sizeof rate, (int64_t)e->user_slope));
	return buf;
}

void
detect_describe(const struct detect_event *e, char *buf, size_t len)
{
	char who[SERIES_MAX + 64], rate[32], now[32], span[32], left[32];
	char eta[80], when[64];
	size_t i, at;

	subject(e->series, who, sizeof who);
	units_bytes(now, sizeof now, e->bytes);
	if (e->what == AE_RESOLVED) {
		units_span(span, sizeof span, e->time - e->opened_at);
		snprintf(buf, len, "%s: leak alert resolved after %s, %s "
		    "(now %s)", who, span, e->reason ? e->reason :
		    "its growth stopped", now);
		return;
	}
	units_bytes(rate, sizeof rate, (int64_t)e->slope);
	units_span(span, sizeof span, e->time - e->since);
	snprintf(when, sizeof when, e->early == DETECT_EARLY_FIRST ?
	    "since before its first sample, %s ago" : e->early ==
	    DETECT_EARLY_KEPT ? "for over %s" : "for %s", span);
	eta[0] = '\0';
	if (e->eta >= 0)
		snprintf(eta, sizeof eta, "; at this rate MemAvailable is "
		    "exhausted in %s", units_span(left, sizeof left, e->eta));
	snprintf(buf, len, "%s %s %s/h %s (now %s, %s)%s%s%s", who,
	    e->what == AE_REMINDER ? "still grows" : e->reclaimable ?
	    "grew under reclaim: its floor rose" : "grew", rate, when, now,
	    e->reclaimable ? "reclaimable" : "unreclaimable", eta,
	    e->companions[0] != '\0' ? "; growing in step: " : "",
	    e->companions);
	for (i = 0; i < e->nsite && (at = strlen(buf)) < len; i++)
		snprintf(buf + at, len - at, "%s%s (%s/h)", i == 0 ?
		    "; call sites that grew alike: " : ", ",
		    series_name(e->site[i].series, "alloc"),
		    units_bytes(rate, sizeof rate,
		    (int64_t)e->site[i].slope));
}

int
detect_state(const struct detect *d, const char *series,
    struct detect_state *st)
{
	struct track **hit;

	hit = xbsearch(series, d->tr, d->n, sizeof *d->tr, track_cmp);
	if (hit == NULL)
		return -1;
	st->judged = (*hit)->judged;
	st->reclaimable = (*hit)->reclaimable;
	st->alert = (*hit)->alert.state;
	st->available = d->available >= 0 ? d->available : d->free;
	return 0;
}

int
detect_growth(const struct detect *d, const char *series, int64_t span,
    struct fit *f)
{
	struct track **hit;

	hit = xbsearch(series, d->tr, d->n, sizeof *d->tr, track_cmp);
	if (hit == NULL || !(*hit)->judged)
		return -1;
	return levels_fit((*hit)->lv, span, f);
}
