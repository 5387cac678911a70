#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "trend.h"
#include "units.h"
#include "xmem.h"

#define LONG_FACTOR	4	/* the longer window, in windows */
#define FLOOR_FACTOR	16	/* a reclaimable cache's window, in windows */
#define TROUGHS		8	/* parts of the window for trough growth */
#define DAY_HOURS	26	/* hourly highs and lows kept: the past day */
#define MIN_POINTS	6
#define NOISE_RISE	6	/* a window's rise, in noise deviations */
#define GRACE		LONG_FACTOR	/* windows after boot: warm-up */
/* Points kept, in windows: the longest window and half as much again
 * before it, to tell slowing down from steady growth. */
#define KEEP_GROWTH	(2 * LONG_FACTOR + 1)
#define KEEP_FLOORS	(FLOOR_FACTOR * 3 / 2 + 1)

enum kind { K_NONE, K_UNRECLAIMABLE, K_RECLAIMABLE };

/* One series: if judged, its points of this boot, oldest first, in a
 * ring.  Series not judged keep a track too, so that each is classified
 * once, not on every sample. */
struct track {
	char		 name[SERIES_MAX];
	enum { T_OTHER, T_AVAILABLE, T_FREE } role;	/* for the ETA */
	int		 judged;
	int		 reclaimable;
	int64_t		*t, *v;
	size_t		 cap, head, n;
	int64_t		 hour[DAY_HOURS];	/* hourly extremes, by hour */
	int64_t		 hmax[DAY_HOURS], hmin[DAY_HOURS];
	struct alert	 alert;
	int64_t		 since;		/* growth evidence starts (open) */
	int		 fresh;		/* has a point from this sample */
};

struct detect {
	struct detect_conf conf;
	detect_reclaimable_fn reclaimable;
	void		*arg;
	struct track	**tr;		/* sorted by name */
	size_t		 n, cap;
	char		 boot_id[BOOT_ID_LEN + 1];
	int64_t		 available, free;	/* MemAvailable, MemFree; -1 */
	struct detect_event *ev;
	size_t		 nev, capev;
	double		*t, *y;		/* scratch for fits */
	size_t		 scratch;
};

/* What a fit over one window found. */
struct verdict {
	int		 leak, growing;
	double		 slope, confidence;
	int64_t		 window, since;
};

void
detect_rules(struct detect_conf *c)
{
	c->rules.confirmations = 3;
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

static enum kind
kind_of(struct detect *d, const char *series)
{
	if (strncmp(series, "slab:", 5) == 0)
		return detect_reclaimable(series + 5, d->reclaimable, d->arg) ?
		    K_RECLAIMABLE : K_UNRECLAIMABLE;
	if (strncmp(series, "vmalloc:", 8) == 0 || words_of(series) != NULL)
		return K_UNRECLAIMABLE;
	return K_NONE;
}

struct detect *
detect_new(const struct detect_conf *conf, detect_reclaimable_fn fn,
    void *arg)
{
	struct detect *d = xcalloc(1, sizeof *d);

	d->conf = *conf;
	d->reclaimable = fn;
	d->arg = arg;
	d->available = d->free = -1;
	return d;
}

static void
track_free(struct track *tr)
{
	free(tr->t);
	free(tr->v);
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
	free(d->ev);
	free(d->t);
	free(d->y);
	free(d);
}

void
detect_reconf(struct detect *d, const struct detect_conf *conf)
{
	d->conf = *conf;
}

static int
track_cmp(const void *key, const void *elem)
{
	return strcmp(key, (*(struct track *const *)elem)->name);
}

/* The track of a series, made (and classified) on first sight. */
static struct track *
track_get(struct detect *d, const char *series)
{
	struct track **hit, *tr;
	size_t lo = 0, hi = d->n, mid;
	enum kind k;

	hit = bsearch(series, d->tr, d->n, sizeof *d->tr, track_cmp);
	if (hit != NULL)
		return *hit;
	k = kind_of(d, series);
	tr = xcalloc(1, sizeof *tr);
	snprintf(tr->name, sizeof tr->name, "%s", series);
	tr->judged = k != K_NONE;
	tr->reclaimable = k == K_RECLAIMABLE;
	tr->role = strcmp(series, "meminfo:MemAvailable") == 0 ? T_AVAILABLE :
	    strcmp(series, "meminfo:MemFree") == 0 ? T_FREE : T_OTHER;
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

static int64_t
ring_t(const struct track *tr, size_t i)
{
	return tr->t[(tr->head + i) & (tr->cap - 1)];
}

static int64_t
ring_v(const struct track *tr, size_t i)
{
	return tr->v[(tr->head + i) & (tr->cap - 1)];
}

/* Append a point; forget those older than the longest window needs. */
static void
track_add(struct track *tr, int64_t t, int64_t v, int64_t keep)
{
	size_t i, h = (size_t)(t / 3600) % DAY_HOURS;

	while (tr->n > 0 && ring_t(tr, 0) < t - keep) {
		tr->head = (tr->head + 1) & (tr->cap - 1);
		tr->n--;
	}
	if (tr->n > 0 && t <= ring_t(tr, tr->n - 1))
		return;			/* the clock stepped back: skip */
	if (tr->n == tr->cap) {
		size_t cap = tr->cap ? tr->cap * 2 : 64;
		int64_t *nt = xcalloc(cap, sizeof *nt);
		int64_t *nv = xcalloc(cap, sizeof *nv);

		for (i = 0; i < tr->n; i++) {
			nt[i] = ring_t(tr, i);
			nv[i] = ring_v(tr, i);
		}
		free(tr->t);
		free(tr->v);
		tr->t = nt;
		tr->v = nv;
		tr->cap = cap;
		tr->head = 0;
	}
	tr->t[(tr->head + tr->n) & (tr->cap - 1)] = t;
	tr->v[(tr->head + tr->n) & (tr->cap - 1)] = v;
	tr->n++;
	if (tr->hour[h] != t / 3600 * 3600) {
		tr->hour[h] = t / 3600 * 3600;
		tr->hmax[h] = tr->hmin[h] = v;
	} else {
		tr->hmax[h] = v > tr->hmax[h] ? v : tr->hmax[h];
		tr->hmin[h] = v < tr->hmin[h] ? v : tr->hmin[h];
	}
	tr->fresh = 1;
}

/* The highest level (or, floors: the highest hourly low) of the past day
 * before `before`; INT64_MIN if none. */
static int64_t
prior_max(const struct track *tr, int64_t now, int64_t before, int floors)
{
	int64_t m = INT64_MIN, v;
	size_t h;

	for (h = 0; h < DAY_HOURS; h++) {
		v = floors ? tr->hmin[h] : tr->hmax[h];
		if (tr->hour[h] != 0 && tr->hour[h] >= now - 25 * 3600 &&
		    tr->hour[h] + 3600 <= before && v > m)
			m = v;
	}
	return m;
}

/* Copy the points of [from, now] into d->t (hours before now) and d->y. */
static size_t
points(struct detect *d, const struct track *tr, int64_t from, int64_t now)
{
	size_t i, n = 0;

	if (d->scratch < tr->n) {
		d->scratch = tr->cap;
		d->t = xreallocarray(d->t, d->scratch, sizeof *d->t);
		d->y = xreallocarray(d->y, d->scratch, sizeof *d->y);
	}
	for (i = 0; i < tr->n; i++)
		if (ring_t(tr, i) >= from) {
			d->t[n] = (double)(ring_t(tr, i) - now) / 3600;
			d->y[n++] = (double)ring_v(tr, i);
		}
	return n;
}

/*
 * The series' noise: the scatter about a line through every point kept
 * for this boot (several windows).  A short window's own residuals miss
 * noise that wanders (kernel caches move in bursts that last minutes):
 * the line through a few such minutes absorbs the wander as "growth".
 */
static double
noise_of(const double *t, const double *y, size_t n)
{
	struct fit f;

	return trend_fit(t, y, n, &f) == 0 ? f.sigma : 0;
}

static double
slope_of(const double *t, const double *y, size_t n)
{
	struct fit f;

	return trend_fit(t, y, n, &f) == 0 ? f.slope : 0;
}

/* A tenth of n points, at least 3 (or n), at most 64. */
static size_t
tenth(size_t n)
{
	size_t k = n / 10 < 3 ? 3 : n / 10;

	return k > n ? n : k > 64 ? 64 : k;
}

/* The level now: the median of the newest tenth of the points, not the
 * fitted line, which overshoots at the end of a curve. */
static double
level_now(const double *y, size_t n)
{
	size_t k = tenth(n);
	double v[64];

	memcpy(v, y + n - k, k * sizeof *v);
	return trend_median(v, k);
}

/* The average rate over the points: from the median of the oldest tenth
 * to the median of the newest.  Theil-Sen would not do here: on a curve
 * that levels off, most pairs lie on the flat part. */
static double
secant(const double *t, const double *y, size_t n)
{
	size_t k = tenth(n);
	double v[64];

	if (t[n - 1] - t[0] <= 0)
		return 0;
	memcpy(v, y, k * sizeof *v);
	return (level_now(y, n) - trend_median(v, k)) / (t[n - 1] - t[0]);
}

/* The first index at or after the fraction `at` of the window [t0, 0]. */
static size_t
split(const double *t, size_t n, double at)
{
	size_t i;

	for (i = 0; i < n && t[i] < t[0] * (1 - at); i++)
		;
	return i;
}

/* What judge_growth asks of every point kept: the same for both of its
 * windows, so worked out at most once per judge(), when first needed. */
struct past {
	int		 known;		/* oldest and secant */
	double		 oldest;	/* the first point, in hours from now */
	double		 secant;	/* the average rate over them all */
	double		 noise;		/* noise_of them all; < 0 not yet */
};

static void
past_load(struct detect *d, const struct track *tr, int64_t now,
    struct past *p)
{
	size_t n;

	if (p->known)
		return;
	n = points(d, tr, INT64_MIN, now);
	p->oldest = d->t[0];
	p->secant = secant(d->t, d->y, n);
	p->known = 1;
}

static double
past_noise(struct detect *d, const struct track *tr, int64_t now,
    struct past *p)
{
	size_t n;

	if (p->noise < 0) {
		n = points(d, tr, INT64_MIN, now);
		p->noise = noise_of(d->t, d->y, n);
	}
	return p->noise;
}

/*
 * An unreclaimable series over the window w ending now: growth from the
 * window's first quarter on, as fast in its second half as in its first,
 * no slower than over the longer past, above the past day's highest
 * level, and a rise well above the series' noise.
 */
static void
judge_growth(struct detect *d, const struct track *tr, int64_t now,
    int64_t w, struct past *past, struct verdict *v)
{
	double min = d->conf.min_growth, b1, b2, q1, level;
	size_t n = points(d, tr, now - w, now), half, quarter;
	struct fit f;

	memset(v, 0, sizeof *v);
	v->window = w;
	if (n < MIN_POINTS || d->t[0] > -0.8 * (double)w / 3600 ||
	    trend_ols_slope(d->t, d->y, n) < min / 2 ||
	    trend_fit(d->t, d->y, n, &f) == -1)
		return;
	v->slope = f.slope;
	v->confidence = f.confidence;
	v->growing = f.slope >= min / 2;
	v->since = now - w;
	if (f.slope < min || f.confidence < DETECT_MIN_CONFIDENCE)
		return;
	half = split(d->t, n, 0.5);
	quarter = split(d->t, n, 0.25);
	if (quarter < 3 || n - half < 3)
		return;
	q1 = slope_of(d->t, d->y, quarter);
	b1 = slope_of(d->t, d->y, half);
	b2 = slope_of(d->t + half, d->y + half, n - half);
	if (q1 < f.slope / 4 || b2 < f.slope / 2 || b2 < 0.6 * b1)
		return;
	level = level_now(d->y, n);
	/* Slowing down: the longer past rose much faster than now.  Without
	 * that past (early in a boot), no verdict. */
	past_load(d, tr, now, past);
	if (past->oldest > -1.5 * (double)w / 3600 ||
	    past->secant > 1.5 * f.slope)
		return;
	if (level <= (double)prior_max(tr, now, now - w, 0) ||
	    f.slope * (double)w / 3600 < NOISE_RISE *
	    past_noise(d, tr, now, past))
		return;
	v->leak = 1;
}

/* The lowest value of each part of `part` hours, from t[0] on: the
 * floor a reclaimable cache falls back to.  Returns how many (<= max). */
static size_t
troughs(const double *t, const double *y, size_t n, double part,
    double *at, double *lo, size_t max)
{
	size_t i, k = 0;
	long p, last = -1;

	for (i = 0; i < n; i++) {
		p = (long)((t[i] - t[0]) / part);
		if (p != last) {
			if (k == max)
				break;
			lo[k] = y[i];
			at[k++] = t[0] + ((double)p + 0.5) * part;
			last = p;
		} else if (y[i] < lo[k - 1])
			lo[k - 1] = y[i];
	}
	return k;
}

/*
 * A reclaimable cache over FLOOR_FACTOR windows (8 h by default): the
 * lowest level of each eighth must keep rising (one dip allowed) at
 * min_growth or more, no slower than before, above the past day's floors,
 * and well above the series' noise.  Breathing (a find, a backup) lasts
 * minutes to an hour and returns to the floor; a rising floor is a matter
 * of hours, so a shorter window would mistake a long breath for a leak.
 */
static void
judge_troughs(struct detect *d, const struct track *tr, int64_t now,
    struct verdict *v)
{
	int64_t w = FLOOR_FACTOR * d->conf.window;
	double part = (double)w / 3600 / TROUGHS, at[8 * TROUGHS];
	double lo[8 * TROUGHS], *wat, *wlo;
	size_t n = points(d, tr, INT64_MIN, now), i, all, k, rises = 0;
	struct fit f;

	memset(v, 0, sizeof *v);
	v->window = w;
	if (n < MIN_POINTS || d->t[0] > -1.5 * (double)w / 3600)
		return;
	/* Parts from the oldest point on; the window's are those whose
	 * middle lies inside it. */
	all = troughs(d->t, d->y, n, part, at, lo, 8 * TROUGHS);
	for (i = 0; i < all && at[i] < -(double)w / 3600; i++)
		;
	wat = at + i;
	wlo = lo + i;
	k = all - i;
	if (k < TROUGHS - 2 || all < k + 3 || trend_fit(wat, wlo, k, &f) == -1)
		return;
	for (i = 1; i < k; i++)
		rises += wlo[i] > wlo[i - 1];
	v->slope = f.slope;
	v->confidence = f.confidence;
	v->growing = f.slope >= d->conf.min_growth / 2 && rises >= k / 2;
	v->since = now - w;
	if (f.slope < d->conf.min_growth || rises + 1 < k - 1)
		return;
	/* Troughs that rise ever more slowly, or rose much faster before
	 * the window, are a cache filling up. */
	if (slope_of(wat + k / 2, wlo + k / 2, k - k / 2) <
	    0.6 * slope_of(wat, wlo, k / 2 + 1) ||
	    secant(at, lo, all) > 1.5 * f.slope)
		return;
	if (wlo[k - 1] <= (double)prior_max(tr, now, now - w, 1) ||
	    f.slope * (double)w / 3600 < NOISE_RISE * noise_of(d->t, d->y, n))
		return;
	v->leak = 1;
}

/* Judge a series; 0 if it has too little history yet to say anything
 * (noise is judged against hours of the series, not minutes). */
static int
judge(struct detect *d, const struct track *tr, int64_t now,
    struct verdict *v)
{
	struct past past = { .noise = -1 };
	struct verdict lv;

	memset(v, 0, sizeof *v);
	if (tr->n == 0 || ring_t(tr, 0) > now - LONG_FACTOR * d->conf.window)
		return 0;
	if (tr->reclaimable) {
		judge_troughs(d, tr, now, v);
		return 1;
	}
	/* The short window answers first; the long one sees slow leaks. */
	judge_growth(d, tr, now, d->conf.window, &past, v);
	if (v->leak)
		return 1;
	judge_growth(d, tr, now, LONG_FACTOR * d->conf.window, &past, &lv);
	if (lv.leak || (lv.growing && !v->growing))
		*v = lv;
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
	e->bytes = tr->n > 0 ? ring_v(tr, tr->n - 1) : 0;
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
		if (tr->alert.state == ALERT_OPEN) {
			e = event_add(d, AE_RESOLVED, tr, now);
			e->reason = "the machine rebooted";
		}
		alert_reset(&tr->alert);
		tr->n = tr->head = 0;
		memset(tr->hour, 0, sizeof tr->hour);
	}
	d->available = d->free = -1;
}

static void
step(struct detect *d, struct track *tr, int64_t now, int64_t uptime_ms)
{
	struct detect_event *e;
	enum alert_event what;
	struct verdict v;

	/* Caches fill after boot and level off: no verdict before then, and
	 * none without history (after a restart): an alert restored open
	 * stays open until there is evidence either way. */
	if ((uptime_ms >= 0 && uptime_ms / 1000 < GRACE * d->conf.window) ||
	    !judge(d, tr, now, &v))
		return;
	what = alert_step(&tr->alert, &d->conf.rules, now, v.leak, v.growing);
	if (what == AE_OPENED)
		tr->since = v.since;
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
}

int64_t
detect_eta(int64_t available, double slope)
{
	return available >= 0 && slope > 0 ?
	    (int64_t)((double)available / slope * 3600) : -1;
}

/* How long a series' points are kept. */
static int64_t
keep_of(const struct detect *d, const struct track *tr)
{
	return (tr->reclaimable ? KEEP_FLOORS : KEEP_GROWTH) * d->conf.window;
}

int64_t
detect_horizon(const struct detect *d)
{
	return KEEP_FLOORS * d->conf.window;
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
		track_add(tr, time, bytes, keep_of(d, tr));
		tr->fresh = 0;
	}
}

size_t
detect_sample(struct detect *d, const struct sample *smp,
    struct detect_event **ev)
{
	struct track *tr;
	size_t i;

	d->nev = 0;
	if (strcmp(d->boot_id, smp->boot_id) != 0) {
		if (d->boot_id[0] != '\0')
			new_boot(d, smp->time);
		memcpy(d->boot_id, smp->boot_id, sizeof d->boot_id);
	}
	for (i = 0; i < smp->n; i++) {
		const struct point *p = &smp->p[i];

		tr = track_get(d, p->series);
		if (tr->role == T_AVAILABLE)
			d->available = p->bytes;
		else if (tr->role == T_FREE)
			d->free = p->bytes;
		if (tr->judged)
			track_add(tr, smp->time, p->bytes, keep_of(d, tr));
	}
	for (i = 0; i < d->n; i++) {
		tr = d->tr[i];
		if (!tr->fresh)
			continue;
		tr->fresh = 0;
		step(d, tr, smp->time, smp->uptime_ms);
	}
	*ev = d->nev > 0 ? d->ev : NULL;
	return d->nev;
}

void
detect_restore(struct detect *d, const char *series, int64_t opened_at,
    int64_t last_notice)
{
	struct track *tr = track_get(d, series);

	if (!tr->judged)
		return;
	alert_open(&tr->alert, &d->conf.rules, opened_at, last_notice);
	tr->since = opened_at;
}

/* What a series is, in words. */
static void
subject(const char *series, char *buf, size_t len)
{
	const char *words = words_of(series);

	if (words != NULL)
		snprintf(buf, len, "%s", words);
	else if (strncmp(series, "slab:", 5) == 0)
		snprintf(buf, len, "slab cache %s", series + 5);
	else if (strncmp(series, "vmalloc:", 8) == 0)
		snprintf(buf, len, "vmalloc caller %s", series + 8);
	else
		snprintf(buf, len, "%s", series);
}

void
detect_describe(const struct detect_event *e, char *buf, size_t len)
{
	char who[SERIES_MAX + 64], rate[32], now[32], span[32], left[32];
	char eta[80];

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
	eta[0] = '\0';
	if (e->eta >= 0)
		snprintf(eta, sizeof eta, "; at this rate MemAvailable is "
		    "exhausted in %s", units_span(left, sizeof left, e->eta));
	snprintf(buf, len, "%s %s %s/h for %s (now %s, %s)%s", who,
	    e->what == AE_REMINDER ? "still grows" : e->reclaimable ?
	    "grew under reclaim: its floor rose" : "grew", rate, span, now,
	    e->reclaimable ? "reclaimable" : "unreclaimable", eta);
}
