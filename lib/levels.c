#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "levels.h"
#include "pool.h"
#include "trend.h"
#include "xmem.h"

#define FINE_LAGS	5	/* 1, 2, 4, 8, 16 fine bins */
#define COARSE_LAGS	8	/* 1 ... 128 coarse bins */
#define TRUST_SPANS	6	/* history, in lags, before a lag is trusted */
#define MIN_PAIRS	8
#define YOUNG_SPANS	12	/* history, in lags, before a fine lag
				   stands on its own ... */
#define YOUNG_FROM	2	/* ... if at least this many bins */
#define UNCERTAIN	0.5	/* standard errors added to a coarse lag's spread */
#define SILL_K		3.0	/* past its longest lag, the variogram stays under
				   this many times twice the history's (robust)
				   variance */
#define SILL_BINS	24	/* ... once the history holds this many coarse
				   bins */
#define SETTLED		60	/* fine bins: an hour at the default window */
#define LEVEL_MIN	3	/* points, at least, in an onset's level */
#define TRUST_WINDOWS	8	/* history, in windows, before a window's
				   own spread is trusted */
#define FALL_WINDOWS	3	/* and before its falls are */

/* Values are kept relative to the first point, as floats: 24 bits of
 * mantissa are a few hundred bytes at gigabytes, far below any noise.
 * A ring is kept as arrays, one per field of its bins: every window's
 * sums and the variogram read only the means and counts (at 3,000
 * series they wait on memory, not on the adds), and no rule reads the
 * highs of fine bins, so the fine ring keeps none.  A bin's lowest and
 * highest values are kept as their distances from its mean in 16 bits
 * (dist16), within 0.05% of a spread inside one bin; the means, which
 * every rule reads, keep their floats.  The distances are encoded
 * afresh from the open bin's exact extremes at each point, so no
 * rounding adds up.  10 bytes a coarse bin and 8 a fine one, 6 KiB a
 * series (it was 8.25 KiB with float extremes, 10 KiB with 32-bit
 * counts and fine highs).  A count fits 16 bits: a series takes one
 * point a second at most (its times increase) and no bin is wider than
 * 6 h 40 min (a window of a day); it saturates regardless.
 * The extremes of a bin mean something only where it has points. */
struct ring {
	/* The newest bin, exact, kept here while it fills and written to
	 * the arrays when it closes or is read (ring_sync): a point then
	 * touches these lines only, not the four arrays' (at interval 1s,
	 * ring_add's cache misses were up to a fifth of mlkd's own CPU). */
	int64_t		 newest;	/* absolute bin number; -1 if none */
	float		 open_mean, open_lo, open_hi;
	uint16_t	 open_n;
	int		 dirty;		/* the arrays lag the open bin */
	int		 cap, width;
	float		*mean;
	uint16_t	*lo, *hi;	/* dist16 below, above the mean; hi
					   NULL in the fine ring */
	uint16_t	*n;
	struct ring_noise *nz;
};

/* What the variogram of a ring's bins last found, per lag: read when
 * the noise is refreshed, never by a point. */
struct ring_noise {
	float		 sigma[COARSE_LAGS];	/* < 0 unknown */
	float		 raise[COARSE_LAGS];	/* sigma is raised by this
						   (spread()) */
	float		 guess[COARSE_LAGS][2][2];	/* the median and MAD
						   of the differences and
						   second differences when
						   last refreshed: where to
						   look for the next */
};

/* The variogram as points (lag in seconds, variance of the differences
 * that far apart), shortest lag first, and how it grows past its longest
 * lag. */
struct vtab {
	double		 lag[FINE_LAGS + COARSE_LAGS];
	double		 var[FINE_LAGS + COARSE_LAGS];
	int		 n;
	double		 q;		/* past the longest lag L, the variance
					   grows as noise that reverts to its
					   mean, with correlation q at L / 2
					   (0: level; 1: a random walk's) */
	int		 levelled;	/* the longest lag past `settled`, no
					   more than 30% up from half of it */
	double		 sill;		/* past the longest lag, at most this
					   (or that lag's value); 0: no bound.
					   Both tables', from the coarse bins:
					   kept until they are read again */
};

/* What a point touches, 216 bytes; the rest, read when a bin closes,
 * is in struct cold. */
struct levels {
	double		 base;
	int64_t		 first, last, value;
	int64_t		 gap;		/* seconds between the last two points */
	int		 any;
	struct ring	 fine, coarse;
	struct cold	*cold;
};

/* Bytes of a ring's bins: a mean, a count and a low each, a high too
 * if it keeps the highs. */
#define RING_BYTES(cap, highs) \
	((size_t)(cap) * (sizeof(float) + (2 + ((highs) != 0)) * sizeof(uint16_t)))

struct cold {
	struct vtab	 vt[2];		/* led by the fine lags, by the coarse */
	struct ring_noise nz[2];	/* fine, coarse */
	char		 bins[RING_BYTES(LV_FINE_N, 0) +
			    RING_BYTES(LV_COARSE_N, 1)];
};

/* Every series' struct levels lies with the others', and its struct
 * cold (7 KiB) with theirs: when malloc placed each series' bins
 * between the structs that every point touches, each series of a sample
 * cost a page of its own (pool.h).  A live mlkd at interval 1s on this
 * machine's 234 caches touched 1632 KiB of heap a sample; with the
 * detector's hints (detect.c), 316 KiB. */
static struct pool heads = POOL_INIT(sizeof(struct levels), 64);
static struct pool colds = POOL_INIT(sizeof(struct cold), 64);

/* Empty, its bins zero already. */
static void
ring_empty(struct ring *r)
{
	int i;

	r->newest = -1;
	r->open_n = 0;
	r->dirty = 0;
	for (i = 0; i < COARSE_LAGS; i++) {
		r->nz->sigma[i] = -1;
		r->nz->guess[i][0][0] = r->nz->guess[i][0][1] = NAN;
		r->nz->guess[i][1][0] = r->nz->guess[i][1][1] = NAN;
	}
}

/* A bin with no points: its mean and count zero. */
static void
bin_clear(struct ring *r, size_t i)
{
	r->mean[i] = 0;
	r->n[i] = 0;
}

static void
ring_clear(struct ring *r)
{
	int i;

	for (i = 0; i < r->cap; i++)
		bin_clear(r, (size_t)i);
	ring_empty(r);
}

/* The bins, mem, are left as the pool gives them, zeroed: pages not
 * touched yet stay out of RSS until a bin lands there (zeroing them
 * again made every series' history resident at its first point).
 * highs: keep the bins' highest values. */
static void
ring_init(struct ring *r, int cap, int width, int highs,
    struct ring_noise *nz, char *mem)
{
	size_t n = (size_t)cap;
	float *f = (float *)mem;

	r->mean = f;
	r->n = (uint16_t *)(f + n);
	r->lo = r->n + n;
	r->hi = highs ? r->n + 2 * n : NULL;
	r->cap = cap;
	r->width = width;
	r->nz = nz;
	ring_empty(r);
}

/* A distance d >= 0 in 16 bits, a float cut short: 6 bits of exponent
 * and the top 10 of the mantissa, rounded to nearest (to within d /
 * 2048).  Below 2^-8 (of a byte) it is 0; from 2^55 on it saturates. */
#define DIST16_OFF	((127u - 9) << 10)

static uint16_t
dist16(float d)
{
	uint32_t u;

	if (!(d >= 0x1p-8f))
		return 0;
	memcpy(&u, &d, sizeof u);
	u = ((u + 0x1000) >> 13) - DIST16_OFF;
	return u > UINT16_MAX ? UINT16_MAX : (uint16_t)u;
}

static float
undist16(uint16_t c)
{
	uint32_t u = ((uint32_t)c + DIST16_OFF) << 13;
	float d;

	memcpy(&d, &u, sizeof d);
	return c == 0 ? 0 : d;
}

/* Bin b's lowest and highest values. */
static float
bin_lo(const struct ring *r, size_t b)
{
	return r->mean[b] - undist16(r->lo[b]);
}

static float
bin_hi(const struct ring *r, size_t b)
{
	return r->mean[b] + undist16(r->hi[b]);
}

struct levels *
levels_new(int fine)
{
	struct levels *lv = pool_get(&heads);
	struct cold *c = lv->cold = pool_get(&colds);

	ring_init(&lv->fine, LV_FINE_N, fine, 0, &c->nz[0], c->bins);
	ring_init(&lv->coarse, LV_COARSE_N, LV_COARSE_FACTOR * fine, 1,
	    &c->nz[1], c->bins + RING_BYTES(LV_FINE_N, 0));
	return lv;
}

void
levels_free(struct levels *lv)
{
	if (lv == NULL)
		return;
	pool_put(&colds, lv->cold);
	pool_put(&heads, lv);
}

void
levels_reset(struct levels *lv)
{
	ring_clear(&lv->fine);
	ring_clear(&lv->coarse);
	lv->cold->vt[0].n = lv->cold->vt[1].n = 0;
	lv->cold->vt[0].sill = lv->cold->vt[1].sill = 0;
	lv->any = 0;
	lv->gap = 0;
}

/* Bin numbers are never negative and the capacities are powers of two,
 * so a mask finds the slot: a division per bin read was a sixth of the
 * detector's time. */
_Static_assert((LV_FINE_N & (LV_FINE_N - 1)) == 0 &&
    (LV_COARSE_N & (LV_COARSE_N - 1)) == 0, "ring sizes: powers of two");

static size_t
slot(const struct ring *r, int64_t k)
{
	return (size_t)(k & (r->cap - 1));
}

/* Write the open bin to the arrays. */
static void
ring_flush(struct ring *r)
{
	size_t s = slot(r, r->newest);

	r->mean[s] = r->open_mean;
	r->lo[s] = dist16(r->open_mean - r->open_lo);
	if (r->hi != NULL)
		r->hi[s] = dist16(r->open_hi - r->open_mean);
	r->n[s] = r->open_n;
	r->dirty = 0;
}

/* Before the bins are read.  The history does not change, only where
 * its newest bin is kept: a const levels stays the same to its readers. */
static void
ring_sync(const struct levels *lv)
{
	struct levels *w = (struct levels *)lv;

	if (w->fine.dirty)
		ring_flush(&w->fine);
	if (w->coarse.dirty)
		ring_flush(&w->coarse);
}

/* Put a point in its bin; 1 if that closed the bin before it. */
static int
ring_add(struct ring *r, int64_t t, float v)
{
	int64_t k = t / r->width, i;
	int closed = 0;

	if (k > r->newest) {
		if (r->dirty)
			ring_flush(r);
		closed = r->newest >= 0;
		/* a fresh ring is clear already; a gap clears the bins it
		 * skipped, at most the whole ring once */
		i = r->newest < 0 ? k : k - r->newest > r->cap ?
		    k - r->cap + 1 : r->newest + 1;
		for (; i <= k; i++)
			bin_clear(r, slot(r, i));
		r->newest = k;
		r->open_n = 0;
	}
	if (r->open_n == 0) {
		r->open_lo = r->open_hi = r->open_mean = v;
	} else {
		r->open_lo = v < r->open_lo ? v : r->open_lo;
		r->open_hi = v > r->open_hi ? v : r->open_hi;
		r->open_mean += (v - r->open_mean) / (float)(r->open_n + 1);
	}
	r->open_n += r->open_n < UINT16_MAX;
	r->dirty = 1;
	return closed;
}

int
levels_add(struct levels *lv, int64_t t, int64_t v)
{
	int closed = 0;

	if (t < 0)
		return 0;		/* before 1970: not a time */
	if (!lv->any) {
		lv->any = 1;
		lv->base = (double)v;
		lv->first = t;
	} else if (t <= lv->last)
		return 0;		/* the clock stepped back: skip */
	else
		lv->gap = t - lv->last;
	lv->last = t;
	lv->value = v;
	if (ring_add(&lv->fine, t, (float)((double)v - lv->base)))
		closed |= LV_FINE_CLOSED;
	if (ring_add(&lv->coarse, t, (float)((double)v - lv->base)))
		closed |= LV_COARSE_CLOSED;
	return closed;
}

int64_t
levels_gap(const struct levels *lv)
{
	return lv->gap;
}

int64_t
levels_first(const struct levels *lv)
{
	return lv->any ? lv->first : 0;
}

int64_t
levels_last(const struct levels *lv)
{
	return lv->last;
}

int64_t
levels_value(const struct levels *lv)
{
	return lv->value;
}

double
levels_base(const struct levels *lv)
{
	return lv->base;
}

/* The oldest bin number of this history still kept in r. */
static int64_t
oldest(const struct levels *lv, const struct ring *r)
{
	int64_t first = lv->first / r->width;

	return first > r->newest - r->cap + 1 ? first : r->newest - r->cap + 1;
}

int
levels_thirds(const struct levels *lv, int coarse, int n, struct thirds *th)
{
	const struct ring *r = coarse ? &lv->coarse : &lv->fine;
	int64_t start = r->newest - n + 1, k;
	int third = n / 3, j, half, i;
	int64_t at[3] = { 0 };		/* the last bins with data, newest
					   first */
	double sum, prev[3] = { 0 }, top = -INFINITY, tail[2] = { 0, 0 };
	float tlo[2] = { INFINITY, INFINITY }, lo;
	uint32_t cnt, tn[2] = { 0, 0 };
	size_t b;

	memset(th, 0, sizeof *th);
	ring_sync(lv);
	if (!lv->any || n > r->cap || n < 3 || start < lv->first / r->width)
		return -1;
	half = third / 2 > 0 ? third / 2 : 1;
	for (j = 0; j < 3; j++) {
		sum = 0;
		cnt = 0;
		th->lo[j] = INFINITY;
		for (k = start + j * third; k < start + (j + 1) * third; k++) {
			b = slot(r, k);
			if (r->n[b] == 0)
				continue;
			if (th->bins > 0 && fabs(r->mean[b] - prev[0]) >
			    th->maxjump)
				th->maxjump = fabs(r->mean[b] - prev[0]);
			for (i = 0; i < th->bins && i < 3; i++)
				if (k - at[i] <= 3)
					th->step = fmax(th->step,
					    fabs(r->mean[b] - prev[i]));
			memmove(prev + 1, prev, 2 * sizeof *prev);
			memmove(at + 1, at, 2 * sizeof *at);
			prev[0] = r->mean[b];
			at[0] = k;
			top = fmax(top, r->mean[b]);
			th->bins++;
			sum += (double)r->mean[b] * r->n[b];
			cnt += r->n[b];
			lo = bin_lo(r, b);
			th->lo[j] = lo < th->lo[j] ? lo : th->lo[j];
			if (j == 2) {
				int h = k - (start + 2 * third) >= third - half;

				tail[h] += (double)r->mean[b] * r->n[b];
				tn[h] += r->n[b];
				tlo[h] = lo < tlo[h] ? lo : tlo[h];
			}
		}
		if (cnt == 0)
			return -1;
		th->mean[j] = sum / cnt + lv->base;
		th->lo[j] += lv->base;
	}
	th->fall = top - prev[0];
	th->tail[1] = tn[1] ? tail[1] / tn[1] + lv->base : th->mean[2];
	th->tail[0] = tn[0] ? tail[0] / tn[0] + lv->base : th->tail[1];
	th->tail_lo[1] = tn[1] ? tlo[1] + lv->base : th->lo[2];
	th->tail_lo[0] = tn[0] ? tlo[0] + lv->base : th->tail_lo[1];
	return 0;
}

double
levels_rise(const struct levels *lv, int coarse, int n)
{
	const struct ring *r = coarse ? &lv->coarse : &lv->fine;
	int64_t start = r->newest - n + 1, k;
	int third = n / 3;
	double sum[2] = { 0, 0 };
	uint32_t cnt[2] = { 0, 0 };
	size_t a, b, len, i;

	ring_sync(lv);
	if (!lv->any || n > r->cap || n < 3 || start < lv->first / r->width)
		return NAN;
	/* the first and last thirds side by side: each sum is added up in
	 * the same order as alone, but neither waits for the other's adds;
	 * in runs where neither third wraps round the ring, so the bins
	 * are read straight through */
	for (k = start; k < start + third; k += (int64_t)len) {
		a = slot(r, k);
		b = slot(r, k + 2 * third);
		len = (size_t)(start + third - k);
		len = len < r->cap - a ? len : r->cap - a;
		len = len < r->cap - b ? len : r->cap - b;
		for (i = 0; i < len; i++) {
			sum[0] += (double)r->mean[a + i] * r->n[a + i];
			sum[1] += (double)r->mean[b + i] * r->n[b + i];
			cnt[0] += r->n[a + i];
			cnt[1] += r->n[b + i];
		}
	}
	return cnt[0] && cnt[1] ? sum[1] / cnt[1] - sum[0] / cnt[0] : NAN;
}

int
levels_coarse(const struct levels *lv, int k, double *mean, double *lo,
    double *hi)
{
	const struct ring *r = &lv->coarse;
	int64_t i = r->newest - k;
	size_t b;

	ring_sync(lv);
	if (!lv->any || k < 0 || k >= r->cap || i < oldest(lv, r))
		return -1;
	b = slot(r, i);
	if (r->n[b] == 0)
		return -1;
	*mean = r->mean[b] + lv->base;
	*lo = bin_lo(r, b) + lv->base;
	*hi = bin_hi(r, b) + lv->base;
	return 0;
}

size_t
levels_points(const struct levels *lv, int64_t span, double *t, double *y)
{
	const struct ring *r = span <= (int64_t)lv->fine.cap * lv->fine.width ?
	    &lv->fine : &lv->coarse;
	int64_t k, from;
	size_t n = 0;

	ring_sync(lv);
	if (!lv->any)
		return 0;
	from = r->newest - span / r->width + 1;
	from = from > oldest(lv, r) ? from : oldest(lv, r);
	for (k = from; k <= r->newest; k++) {
		size_t b = slot(r, k);

		if (r->n[b] == 0)
			continue;
		t[n] = ((double)k + 0.5) * r->width / 3600;
		y[n++] = (double)r->mean[b] + lv->base;
	}
	return n;
}

int
levels_fit(const struct levels *lv, int64_t span, struct fit *f)
{
	double t[LV_COARSE_N], y[LV_COARSE_N];

	return trend_fit(t, y, levels_points(lv, span, t, y), f);
}

/* The rise of the last third (lows: its lowest value) over the first of
 * every window of n bins in the history, oldest first, into d; how many,
 * or 0 if the history holds fewer than `windows` of them. */
static int
thirds_rises(const struct levels *lv, int coarse, int n, int lows,
    int windows, double *d)
{
	const struct ring *r = coarse ? &lv->coarse : &lv->fine;
	double g[LV_COARSE_N], sum[LV_COARSE_N + 1];
	float low[LV_COARSE_N];
	uint32_t cnt[LV_COARSE_N + 1];
	int64_t lo = oldest(lv, r), k;
	int len, t = n / 3, i, j, m = 0;
	size_t b;

	ring_sync(lv);
	if (!lv->any || (len = (int)(r->newest - lo + 1)) < windows * n)
		return 0;
	/* per bin, oldest first: running sums of the means, and the lowest
	 * value of the t bins ending there (each bin's decoded once) */
	sum[0] = 0;
	cnt[0] = 0;
	for (i = 0; i < len; i++) {
		b = slot(r, lo + i);
		sum[i + 1] = sum[i] + (double)r->mean[b] * r->n[b];
		cnt[i + 1] = cnt[i] + r->n[b];
		g[i] = INFINITY;
		if (!lows)
			continue;
		low[i] = r->n[b] > 0 ? bin_lo(r, b) : INFINITY;
		for (j = i - t + 1; i + 1 >= t && j <= i; j++)
			if (low[j] < g[i])
				g[i] = low[j];
	}
	for (k = n - 1; k < len; k++) {
		int a = (int)k - n + 1, c = (int)k - t + 1;
		uint32_t ca = cnt[a + t] - cnt[a], cc = cnt[k + 1] - cnt[c];

		if (lows) {
			if (isfinite(g[k]) && isfinite(g[a + t - 1]))
				d[m++] = g[k] - g[a + t - 1];
		} else if (ca > 0 && cc > 0)
			d[m++] = (sum[k + 1] - sum[c]) / cc -
			    (sum[a + t] - sum[a]) / ca;
	}
	return m;
}

double
levels_thirds_spread(const struct levels *lv, int coarse, int n, int lows)
{
	double d[LV_COARSE_N];
	int m = thirds_rises(lv, coarse, n, lows, TRUST_WINDOWS, d);

	return m < MIN_PAIRS ? -1 : trend_mad(d, (size_t)m);
}

double
levels_thirds_falls(const struct levels *lv, int coarse, int n)
{
	double d[LV_COARSE_N], ss = 0;
	int m = thirds_rises(lv, coarse, n, 0, FALL_WINDOWS, d), i, f = 0;

	for (i = 0; i < m; i++)
		if (d[i] < 0) {
			ss += d[i] * d[i];
			f++;
		}
	return f < MIN_PAIRS ? -1 : sqrt(ss / f);
}

/* The robust spread of the differences of bin means (m, from unwrap())
 * lag bins apart about their median; -1 if the history is too short to
 * trust.  Coarse lags (hours) are to be raised by half their standard
 * error, by the factor *raise (1 for the fine lags) that vtable() puts
 * on: n differences lag bins apart hold about n / lag independent ones,
 * a handful at the longest lags, and an estimate from a handful comes
 * out half the truth often enough to page on a cache that only wanders.
 *
 * bends: a lag's spread is at most that of the second differences
 * (a - 2b + c, each lag apart) over the square root of 2.  A leak that
 * began within the history bends it: the differences before its onset
 * are flat, those after carry its growth, and the median can take out
 * only one of the two, so the leak itself passes for noise.  Second
 * differences see the bend only where they straddle it.  Noise that
 * reverts to a mean spreads its second differences sqrt(3) times as wide
 * as its first, a random walk sqrt(2) times: only a bend makes the cap
 * bind. */
static float
spread(const double *m, int len, int coarse, int lag, int bends,
    float *raise, float guess[2][2])
{
	double d[LV_COARSE_N], d2[LV_COARSE_N], s, x;
	size_t n = 0, n2 = 0;
	int j;

	*raise = 1;
	if (len < TRUST_SPANS * lag)
		return -1;
	/* a bin with no points is NAN, and so is every difference with it */
	for (j = lag; j < len; j++) {
		d[n] = x = m[j] - m[j - lag];
		n += !isnan(x);
	}
	for (j = 2 * lag; bends && j < len; j++) {
		d2[n2] = x = m[j] - 2.0 * m[j - lag] + m[j - 2 * lag];
		n2 += !isnan(x);
	}
	if (n < MIN_PAIRS)
		return -1;
	s = trend_mad_near(d, n, guess[0]);
	if (n2 >= MIN_PAIRS)
		s = fmin(s, trend_mad_near(d2, n2, guess[1]) / sqrt(2));
	if (!coarse)
		return (float)s;
	*raise = (float)(1 + UNCERTAIN / sqrt(fmax(1, (double)n / lag)));
	return (float)s;
}

/*
 * The most a series' differences spread at lags past those its history
 * can trust: SILL_K times twice the variance of its coarse bins (0, no
 * bound, while it holds fewer than SILL_BINS), that variance taken
 * robustly, as the square of 1.4826 times their median deviation from
 * their median.  Noise that reverts to a mean spreads its differences
 * twice its variance at most, however far apart; a history of a few
 * hours trusts lags of a few tens of minutes, and grown on from there as
 * a random walk's (its correlation, from two such lags, is no measure of
 * hours), the noise of a 6 h window on a cache of 1.4 MB noise came out
 * at 3 times the truth, and a 4 MB/h leak under it went unseen for 7 h.
 * A history of a few correlation times shows less than that variance,
 * so the bound is loose: at 2 times, a quiet cache's wander paged one
 * more of mkfam's noise family's 80 machines (at 1 time, 11 more), at 3
 * none.  A random walk's variance over the history is that of its
 * differences a third of it apart: the bound binds such a walk only at
 * lags past the history's length.  Robust, as a leak's own growth is no
 * noise: 46 minutes into a 4 MB/h leak that began 2.6 h into a cache's
 * history (slow4 seed 52, noise of 0.23 MB), the variance of the bins
 * made the bound 3.5 MB^2, the median deviation 1.3 (where 3 times twice
 * the noise's variance is 0.32).
 */
static double
sill(const double *m, int len)
{
	double v[LV_COARSE_N], s;
	int n = 0, i;

	for (i = 0; i < len; i++)
		if (!isnan(m[i]))
			v[n++] = m[i];
	if (n < SILL_BINS)
		return 0;
	s = trend_mad(v, (size_t)n);
	return SILL_K * 2 * s * s;
}

/* The means of r's bins from the oldest kept to the newest into m, NAN
 * where a bin has no points: every lag's differences read them straight
 * through, with no ring to wrap.  Returns how many. */
static int
unwrap(const struct levels *lv, const struct ring *r, double *m)
{
	int64_t lo = oldest(lv, r), k;
	size_t b;

	ring_sync(lv);
	for (k = lo; k <= r->newest; k++) {
		b = slot(r, k);
		m[k - lo] = r->n[b] > 0 ? r->mean[b] : NAN;
	}
	return (int)(r->newest - lo + 1);
}

/* Make v[0..n) non-decreasing, each run that is not replaced by its mean
 * (pool adjacent violators). */
static void
isotonic(double *v, int n)
{
	double sum[FINE_LAGS + COARSE_LAGS];
	int len[FINE_LAGS + COARSE_LAGS], k = 0, i, j, at = 0;

	for (i = 0; i < n; i++) {
		sum[k] = v[i];
		len[k++] = 1;
		while (k > 1 && sum[k - 1] / len[k - 1] < sum[k - 2] /
		    len[k - 2]) {
			sum[k - 2] += sum[k - 1];
			len[k - 2] += len[k - 1];
			k--;
		}
	}
	for (i = 0; i < k; i++)
		for (j = 0; j < len[i]; j++)
			v[at++] = sum[i] / len[i];
}

/* The variance of differences h seconds apart: interpolated between the
 * table's lags; below the shortest, its value; past the longest L, V(L)
 * (1 - q^(2h/L)) / (1 - q^2), the variogram of noise that reverts to its
 * mean (level at q = 0, a random walk's h / L as q nears 1), up to the
 * sill if V(L) is under it. */
static double
vario_on(const struct vtab *t, double h, int *from)
{
	double x;
	int i;

	if (h <= 0)
		return 0;
	if (h <= t->lag[0])
		return t->var[0];
	for (i = *from; i < t->n; i++)
		if (h <= t->lag[i]) {
			*from = i;
			return t->var[i - 1] + (t->var[i] - t->var[i - 1]) *
			    (h - t->lag[i - 1]) / (t->lag[i] - t->lag[i - 1]);
		}
	*from = t->n;
	x = h / t->lag[t->n - 1];
	x = t->var[t->n - 1] * (t->q >= 1 ? x :
	    (1 - pow(t->q, 2 * x)) / (1 - t->q * t->q));
	return t->sill > 0 ? fmax(t->var[t->n - 1], fmin(x, t->sill)) : x;
}

/* vario_on's search from the table's start; vario_on takes *from (1
 * first) for an h no shorter than the last asked with it, and looks on
 * from the lag that one stopped at. */
static double
vario(const struct vtab *t, double h)
{
	int from = 1;

	return vario_on(t, h, &from);
}

/*
 * The variogram of one ring as a table; a fine ring's goes on with the
 * coarse ring's longer lags.  Noise that reverts to a mean grows with the
 * lag, then levels off, so the table is made non-decreasing by pooling
 * neighbours that are not (isotonic regression): one lag's estimate from
 * a few hours of correlated differences can come out low, or high.  It
 * has levelled off if its longest lag is past `settled` seconds and no
 * more than 30% up from half that lag (a few minutes' worth cannot tell);
 * if not, past its longest lag it grows as a random walk's.  With bends
 * (a series that should not cycle; a cache that breathes daily goes on
 * rising for half a day) and its longest lag L past `settled`, it grows
 * on as noise that reverts to its mean with the correlation q = V(L) /
 * V(L/2) - 1 at L/2 that its last octave shows (level as q nears 0, a
 * random walk's as q nears 1): a longest lag trusted from half a dozen
 * independent changes comes out a third high often enough, and grown
 * on as a random walk's, that doubled the noise of a window twice as
 * long on a series that only wanders (a 4 MB/h leak under such noise
 * went unseen for 6 h); grown as a power of the lag fitted to that
 * octave it never levels off, and a window of 6 h or 12 h judged on
 * 8 to 16 h of history took the noise at 1.3 to 1.6 times the truth at
 * the median, 3 to 5.5 times at the tenth highest (the low tenth was as
 * low either way); and an octave that rose 29% was taken for level,
 * 8% under the level that noise with that correlation reaches.  The
 * coarse lags' raise for their few independent changes is put on after
 * that is decided: it grows with the lag, and would pass for a growth of
 * the noise itself.
 * under: a table whose values (interpolated; below its shortest lag,
 * scaled down in proportion) floor this one's, or NULL.
 */
static void
vtable(const struct levels *lv, int coarse, double settled, int bends,
    const struct vtab *under, struct vtab *t)
{
	const struct ring *r[2] = { coarse ? &lv->coarse : &lv->fine,
	    &lv->coarse };
	int nlags[2] = { coarse ? COARSE_LAGS : FINE_LAGS, COARSE_LAGS };
	int i, j, n = 0;
	double at, up[FINE_LAGS + COARSE_LAGS], prev = 0;
	double age = (double)(lv->last - lv->first);

	for (j = 0; j < (coarse ? 1 : 2); j++) {
		for (i = 0; i < nlags[j]; i++) {
			at = (double)r[j]->width * (1 << i);
			if (r[j]->nz->sigma[i] < 0 ||
			    (n > 0 && at <= t->lag[n - 1]))
				continue;
			t->lag[n] = at;
			t->var[n] = (double)r[j]->nz->sigma[i] * r[j]->nz->sigma[i];
			up[n] = (double)r[j]->nz->raise[i] * r[j]->nz->raise[i];
			/* a fine lag the history spans only 6 to 12 times
			 * rests on a handful of independent changes, and
			 * newly trusted, it replaced the growth from the lag
			 * before it: it may not fall below that lag grown as
			 * noise that reverts within about a lag (V x sqrt 2
			 * an octave).  From 2 bins: 38 minutes into a
			 * cache's history, a wander of 23 minutes' correlation
			 * left its lags of 2 and 4 minutes at half the truth
			 * (the rise noise of an 18-minute window 0.40 MB,
			 * where the cache's own noise gives about 0.8), and
			 * its rise of 2.4 MB paged */
			if (!coarse && j == 0 && n > 0 && age < YOUNG_SPANS *
			    at && at >= YOUNG_FROM * lv->fine.width)
				t->var[n] = fmax(t->var[n], prev * sqrt(at /
				    t->lag[n - 1]));
			prev = (double)r[j]->nz->sigma[i] * r[j]->nz->sigma[i];
			/* the fine bins hold the last two hours only: a quiet
			 * spell there is not the series' noise.  The coarse
			 * bins' (the past day and more) floor it, below their
			 * width as a random walk's would grow */
			if (j == 0 && under != NULL && under->n > 0)
				t->var[n] = fmax(t->var[n], at < under->lag[0] ?
				    under->var[0] * at / under->lag[0] :
				    vario(under, at));
			/* coarse bins average more points: their noise is
			 * only a floor for the fine table's longer lags */
			if (j == 1 && n > 0 && t->var[n] * up[n] <
			    t->var[n - 1] * up[n - 1]) {
				t->var[n] = t->var[n - 1];
				up[n] = up[n - 1];
			}
			n++;
		}
		if (j == 0)
			isotonic(t->var, n);
	}
	t->n = n;
	t->q = 0;
	t->levelled = 0;
	if (n > 0) {
		double half;

		t->q = 1;
		half = vario(t, t->lag[n - 1] / 2);
		t->levelled = t->lag[n - 1] >= settled &&
		    t->var[n - 1] <= 1.3 * half;
		if (bends && t->lag[n - 1] >= settled && half > 0)
			t->q = fmin(1, fmax(0, t->var[n - 1] / half - 1));
		else if (t->levelled)
			t->q = 0;
	}
	for (i = 0; i < n; i++)
		t->var[i] *= up[i];
}

double
levels_noise(const struct levels *lv, double lag)
{
	const struct vtab *vt = lv->cold->vt;

	return vt[0].n == 0 ? -1 : sqrt(vario(&vt[0], lag));
}

void
levels_update_noise(struct levels *lv, int coarse, int bends)
{
	struct ring_noise *fz = lv->fine.nz, *cz = lv->coarse.nz;
	struct vtab *vt = lv->cold->vt;
	double m[LV_COARSE_N];
	int i, len = unwrap(lv, &lv->fine, m);

	for (i = 0; i < FINE_LAGS; i++)
		fz->sigma[i] = spread(m, len, 0, 1 << i, bends, &fz->raise[i],
		    fz->guess[i]);
	len = coarse ? unwrap(lv, &lv->coarse, m) : 0;
	for (i = 0; coarse && i < COARSE_LAGS; i++)
		cz->sigma[i] = spread(m, len, 1, 1 << i, bends, &cz->raise[i],
		    cz->guess[i]);
	if (coarse)
		vt[0].sill = vt[1].sill = bends ? sill(m, len) : 0;
	vtable(lv, 1, SETTLED * lv->fine.width, bends, NULL, &vt[1]);
	vtable(lv, 0, SETTLED * lv->fine.width, bends, &vt[1], &vt[0]);
}

/*
 * The variance of a difference of two means of m bins each, g bins
 * apart, from the variogram V (the variance of differences h apart):
 *   (1/m^2) sum_{d=-(m-1)}^{m-1} (m - |d|) (V(g + d) - V(|d|)).
 * White noise gives 2 sigma^2 / m; a random walk grows with the gap.
 * Points further apart than a bin fill only every few bins: a third's
 * mean is then of fewer points, as far apart as the points are.
 */
double
levels_thirds_noise(const struct levels *lv, int coarse, int n, int apart)
{
	const struct vtab *t = &lv->cold->vt[coarse != 0];
	double w = (double)(coarse ? lv->coarse.width : lv->fine.width), sum = 0;
	double g, step, near[LV_COARSE_N / 3];	/* vario at step * |d|,
						   each found once */
	int m, d, i = 1, j = 1;

	if (t->n == 0 || n < 3 || n > LV_COARSE_N)
		return -1;
	g = w * (apart * (n / 3));
	step = fmax(w, w * floor((double)lv->gap / w + 0.5));
	m = (int)fmax(1, floor(w * (n / 3) / step));	/* <= n / 3 */
	for (d = 0; d < m; d++)
		near[d] = vario_on(t, step * d, &j);
	/* g + step * d grows with d: each search goes on from the last */
	for (d = -(m - 1); d <= m - 1; d++)
		sum += (m - abs(d)) * (vario_on(t, g + step * d, &i) -
		    near[abs(d)]);
	return sum > 0 ? sqrt(sum) / m : 0;
}

/* Sums of the variogram V over pairs of points h seconds apart: every
 * pair within one run of n points, and every pair across two runs, of na
 * points 0 to na - 1 and of nb points o to o + nb - 1.  O(n), O(na + nb). */
static double
within(const struct vtab *t, double h, int n)
{
	double sum = 0;
	int k;

	for (k = 1; k < n; k++)
		sum += 2.0 * (n - k) * vario(t, k * h);
	return sum;
}

static double
across(const struct vtab *t, double h, int na, int nb, int o)
{
	double sum = 0;
	int k, lo, hi;

	for (k = o - na + 1; k <= o + nb - 1; k++) {
		lo = o - k > 0 ? o - k : 0;
		hi = o + nb - 1 - k < na - 1 ? o + nb - 1 - k : na - 1;
		if (hi >= lo)
			sum += (hi - lo + 1) * vario(t, fabs((double)k) * h);
	}
	return sum;
}

/*
 * The variance of a contrast of means from the variogram V: sum c[g] of
 * the mean of run g, n[g] points from o[g] on, all h seconds apart, with
 * the c[g] summing to 0 (an intrinsically stationary series: the
 * variogram is all that it takes):
 *   -1/2 sum_{g,k} c[g] c[k] sum_{i in g, j in k} V(|i - j| h) / (n[g] n[k]).
 * For two means, the newer less the older, white noise gives
 * sigma^2 (1/na + 1/nb); a level known from a long past of noise that
 * reverts to its mean, little more than the newest mean's own spread.
 */
static double
contrast_var(const struct vtab *t, double h, int ng, const int *n,
    const int *o, const double *c)
{
	double v = 0;
	int g, k;

	for (g = 0; g < ng; g++) {
		v -= c[g] * c[g] * within(t, h, n[g]) / (2.0 * n[g] * n[g]);
		for (k = g + 1; k < ng; k++)
			v -= c[g] * c[k] * across(t, h, n[g], n[k], o[k] - o[g]) /
			    ((double)n[g] * n[k]);
	}
	return v;
}

/* The variance of the mean of nb points o to o + nb - 1 less that of na
 * points 0 to na - 1 (contrast_var). */
static double
means_var(const struct vtab *t, double h, int na, int nb, int o)
{
	const int n[2] = { na, nb }, at[2] = { 0, o };
	const double c[2] = { -1, 1 };

	return contrast_var(t, h, 2, n, at, c);
}

/* The break j (0 <= j < m - 2) of the two segments through (t[i], y[i]),
 * i < m, that leaves the least squared residual, skipping points with
 * drop[i]; -1 if none rises. */
static int
hinge(const double *t, const double *y, const int *drop, int m)
{
	double n = 0, st = 0, stt = 0, sty = 0, sy = 0, N = 0, Y = 0, YY = 0;
	double tau, sx, sxx, sxy, cxx, cxy, ssr, best = INFINITY;
	int i, j, at = -1;

	for (i = 0; i < m; i++)
		if (!drop[i]) {
			N++;
			Y += y[i];
			YY += y[i] * y[i];
		}
	/* suffix sums over the points past the break, newest first */
	for (j = m - 1; j >= 0; j--) {
		if (j < m - 2 && n >= 2) {
			tau = t[j];
			sx = st - n * tau;
			sxx = stt - 2 * tau * st + n * tau * tau;
			sxy = sty - tau * sy;
			cxx = sxx - sx * sx / N;
			cxy = sxy - sx * Y / N;
			ssr = YY - Y * Y / N - (cxx > 0 ? cxy * cxy / cxx : 0);
			if (cxx > 0 && cxy > 0 && ssr < best) {
				best = ssr;
				at = j;
			}
		}
		if (drop[j])
			continue;
		n++;
		st += t[j];
		stt += t[j] * t[j];
		sty += t[j] * y[j];
		sy += y[j];
	}
	return at;
}

/* The least-squares slope of the points a..b-1 not dropped; 0 if fewer
 * than least. */
static double
line(const double *t, const double *y, const int *drop, int a, int b,
    int least)
{
	double n = 0, st = 0, sy = 0, stt = 0, sty = 0, c;
	int i;

	for (i = a; i < b; i++)
		if (!drop[i]) {
			n++;
			st += t[i];
			sy += y[i];
			stt += t[i] * t[i];
			sty += t[i] * y[i];
		}
	c = n * stt - st * st;
	return n >= least && c > 0 ? (n * sty - st * sy) / c : 0;
}

/* The rise after break j, in the units of t (bins) and y; cut[0..3]: the
 * bounds of its thirds (the break and the points after it), whose newest
 * rise is weighed against keep x the middle one's. */
static void
shape(const double *t, const double *y, const int *drop, int m, int j,
    double keep, int *cut, struct onset_fit *f)
{
	double sum = 0, at = 0, n = 0, mean[3], when[3];
	int i, k, third;

	for (i = 0; i <= j; i++)
		if (!drop[i]) {
			sum += y[i];
			n++;
		}
	f->level = n > 0 ? sum / n : y[j];
	f->after = m - 1 - j;
	for (i = j + 1; i < m; i++)
		f->maxjump = fmax(f->maxjump, fabs(y[i] - y[i - 1]));
	third = (f->after + 2) / 3;
	for (sum = 0, i = m - third; i < m; i++) {
		sum += y[i];
		at += t[i];
	}
	f->rise = sum / third - f->level;
	f->rise_span = at / third - t[j];
	f->grown = t[m - 1] - t[j];
	for (k = 0; k <= 3; k++)
		cut[k] = j + k * (m - j) / 3;
	for (k = 0; k < 3; k++) {
		for (sum = at = 0, i = cut[k]; i < cut[k + 1]; i++) {
			sum += y[i];
			at += t[i];
		}
		mean[k] = sum / (cut[k + 1] - cut[k]);
		when[k] = at / (cut[k + 1] - cut[k]);
	}
	f->keep = keep * (when[2] - when[1]) / (when[1] - when[0]);
	f->slowing = mean[2] - mean[1] - f->keep * (mean[1] - mean[0]);
}

/*
 * A level nearer the break: the mean of the newest points up to it, as
 * many as make the rise's noise least, if fewer than all of them do
 * (points h bins apart; the newest third's points as shape() took them).
 * A level's distant points bring in the variogram's long lags, which a
 * history of hours knows least well and overstates (they are raised for
 * it), and under noise that wanders over the rise's span they add more
 * noise than they take away; under white noise all of them count.  At
 * least as many as the points after the break (and LEVEL_MIN): the break
 * is fitted where the rise looks steepest, often just after a dip, and a
 * level of the dip's few points alone let a quiet cache's wander pass.
 */
static void
near_level(const struct vtab *vt, const double *t, const double *y,
    const int *drop, int j, double h, int width, struct onset_fit *f)
{
	int m = j + 1 + f->after, nb = (f->after + 2) / 3, na = 0, i;
	int next = f->after > LEVEL_MIN ? f->after : LEVEL_MIN;
	double sum = 0, least = f->rise_noise * f->rise_noise, v;
	double newest = f->rise + f->level;

	for (i = j; i > 0; i--) {
		if (drop[i])
			continue;
		sum += y[i];
		if (++na < next)
			continue;
		next = na + (na + 1) / 2;
		v = means_var(vt, h * width, na, nb,
		    (int)floor((t[m - nb] - t[i]) / h + 0.5));
		if (v < least) {
			least = v;
			f->level = sum / na;
			f->rise = newest - f->level;
			f->rise_noise = sqrt(fmax(v, 0));
		}
	}
}

int
levels_onset(const struct levels *lv, int coarse, int n, int block,
    double keep, struct onset_fit *f)
{
	const struct ring *r = coarse ? &lv->coarse : &lv->fine;
	const struct vtab *vt = lv->cold->vt;
	double t[LV_COARSE_N], y[LV_COARSE_N], x[LV_COARSE_N], res[LV_COARSE_N];
	double s, sx = 0, sy = 0, sxx = 0, sxy = 0, b;
	int drop[LV_COARSE_N] = { 0 }, cut[4], m = 0, i, j;
	int64_t lo = oldest(lv, r), k, at;
	size_t bn;

	memset(f, 0, sizeof *f);
	ring_sync(lv);
	if (!lv->any || block < 1 || n < 1)
		return -1;
	if (lo < r->newest - n + 1)
		lo = r->newest - n + 1;
	/* oldest first; a block's lowest value where it was lowest */
	for (at = lo + (r->newest - lo + 1) % block; at + block - 1 <=
	    r->newest; at += block) {
		t[m] = INFINITY;
		for (k = at; k < at + block; k++) {
			bn = slot(r, k);
			if (r->n[bn] == 0 || (t[m] < INFINITY &&
			    bin_lo(r, bn) >= y[m]))
				continue;
			t[m] = (double)(k - lo);
			y[m] = block == 1 ? r->mean[bn] : bin_lo(r, bn);
		}
		if (t[m] < INFINITY)
			m++;
	}
	if (m < 4)
		return -1;
	/* again without the level's points far off that fit: bursts freed
	 * again (not the rise's: a break between two bins leaves its first
	 * points off the fit, and they are no outliers) */
	if ((j = hinge(t, y, drop, m)) == -1)
		return -1;
	for (i = 0; i < m; i++) {
		x[i] = t[i] > t[j] ? t[i] - t[j] : 0;
		sx += x[i];
		sy += y[i];
		sxx += x[i] * x[i];
		sxy += x[i] * y[i];
	}
	b = (m * sxy - sx * sy) / (m * sxx - sx * sx);
	for (i = 0; i < m; i++)
		res[i] = x[i] = y[i] - (sy - b * sx) / m - b * x[i];
	s = trend_mad(x, (size_t)m);
	for (i = 0; i < m; i++)
		drop[i] = t[i] <= t[j] && fabs(res[i]) > 3 * s;
	if (s > 0 && (i = hinge(t, y, drop, m)) != -1)
		j = i;
	/* a level needs three points to show; one that rose at half the
	 * pace already says the growth began before the break, slower.  A
	 * rise shows from two: read every 5 minutes, a fast leak's first
	 * read (a minute into it, off the level's line) is left out, and
	 * with the rise's pace taken as 0, any level that crept up by its
	 * noise said "early", so no fit judged the leak for another read */
	f->early = j == 0 ? 1 : j == 1 || line(t, y, drop, 0, j + 1, 3) >
	    0.5 * line(t, y, drop, j, m, 2) ? 2 : 0;
	f->at = (lo + (int64_t)t[j]) * r->width;
	f->span = (r->newest + 1 - lo - (int64_t)t[0]) * r->width;
	shape(t, y, drop, m, j, keep, cut, f);
	/* the rise's noise: the level's points and the newest third's, on
	 * the points' mean spacing */
	f->rise_noise = f->slowing_noise = -1;
	if (vt[coarse != 0].n > 0) {
		int na = 0, nb = (f->after + 2) / 3, nt[3], ot[3];
		double h = (t[m - 1] - t[0]) / (m - 1), v;
		const double ct[3] = { f->keep, -1 - f->keep, 1 };

		for (i = 0; i <= j; i++)
			na += !drop[i];
		v = means_var(&vt[coarse != 0], h * r->width, na, nb,
		    (int)floor((t[m - nb] - t[0]) / h + 0.5));
		f->rise_noise = v > 0 ? sqrt(v) : 0;
		for (i = 0; i < 3; i++) {
			nt[i] = cut[i + 1] - cut[i];
			ot[i] = (int)floor((t[cut[i]] - t[0]) / h + 0.5);
		}
		v = contrast_var(&vt[coarse != 0], h * r->width, 3, nt, ot, ct);
		f->slowing_noise = v > 0 ? sqrt(v) : 0;
		/* not before the variogram levels off: its middle lags, from
		 * a few hours, can come out a third low; nor in coarse bins,
		 * whose fit opens an alert alone: either let a quiet cache's
		 * wander of a quarter hour pass */
		if (!coarse && vt[0].levelled)
			near_level(&vt[0], t, y, drop, j, h, r->width, f);
	}
	f->level += lv->base;
	f->rise_span *= r->width;
	f->grown *= r->width;
	return 0;
}
