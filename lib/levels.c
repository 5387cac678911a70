#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "levels.h"
#include "trend.h"
#include "xmem.h"

#define FINE_LAGS	5	/* 1, 2, 4, 8, 16 fine bins */
#define COARSE_LAGS	8	/* 1 ... 128 coarse bins */
#define TRUST_SPANS	6	/* history, in lags, before a lag is trusted */
#define MIN_PAIRS	8

/* Values are kept relative to the first point, as floats: 24 bits of
 * mantissa are a few hundred bytes at gigabytes, far below any noise. */
struct bin {
	float		 lo, hi, mean;
	uint32_t	 n;
};

struct ring {
	struct bin	*b;
	int		 cap, width;
	int64_t		 newest;	/* absolute bin number; -1 if none */
	float		 sigma[COARSE_LAGS];	/* < 0 unknown */
};

struct levels {
	struct ring	 fine, coarse;
	double		 base;
	int64_t		 first, last, value;
	int		 any;
};

static void
ring_clear(struct ring *r)
{
	int i;

	memset(r->b, 0, (size_t)r->cap * sizeof *r->b);
	r->newest = -1;
	for (i = 0; i < COARSE_LAGS; i++)
		r->sigma[i] = -1;
}

static void
ring_init(struct ring *r, int cap, int width)
{
	r->b = xcalloc((size_t)cap, sizeof *r->b);
	r->cap = cap;
	r->width = width;
	ring_clear(r);
}

struct levels *
levels_new(void)
{
	struct levels *lv = xcalloc(1, sizeof *lv);

	ring_init(&lv->fine, LV_FINE_N, LV_FINE);
	ring_init(&lv->coarse, LV_COARSE_N, LV_COARSE);
	return lv;
}

void
levels_free(struct levels *lv)
{
	if (lv == NULL)
		return;
	free(lv->fine.b);
	free(lv->coarse.b);
	free(lv);
}

void
levels_reset(struct levels *lv)
{
	ring_clear(&lv->fine);
	ring_clear(&lv->coarse);
	lv->any = 0;
}

static struct bin *
slot(const struct ring *r, int64_t k)
{
	return &r->b[k % r->cap];
}

/* Put a point in its bin; 1 if that closed the bin before it. */
static int
ring_add(struct ring *r, int64_t t, float v)
{
	int64_t k = t / r->width, i;
	struct bin *b;
	int closed = 0;

	if (k > r->newest) {
		closed = r->newest >= 0;
		i = r->newest < 0 || k - r->newest > r->cap ? k - r->cap + 1 :
		    r->newest + 1;
		for (; i <= k; i++)
			memset(slot(r, i), 0, sizeof(struct bin));
		r->newest = k;
	}
	b = slot(r, k);
	if (b->n == 0) {
		b->lo = b->hi = b->mean = v;
	} else {
		b->lo = v < b->lo ? v : b->lo;
		b->hi = v > b->hi ? v : b->hi;
		b->mean += (v - b->mean) / (float)(b->n + 1);
	}
	b->n++;
	return closed;
}

int
levels_add(struct levels *lv, int64_t t, int64_t v)
{
	int closed = 0;

	if (!lv->any) {
		lv->any = 1;
		lv->base = (double)v;
		lv->first = t;
	} else if (t <= lv->last)
		return 0;		/* the clock stepped back: skip */
	lv->last = t;
	lv->value = v;
	if (ring_add(&lv->fine, t, (float)((double)v - lv->base)))
		closed |= LV_FINE_CLOSED;
	if (ring_add(&lv->coarse, t, (float)((double)v - lv->base)))
		closed |= LV_COARSE_CLOSED;
	return closed;
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
levels_thirds(const struct levels *lv, int width, int n, struct thirds *th)
{
	const struct ring *r = width == LV_FINE ? &lv->fine : &lv->coarse;
	int64_t start = r->newest - n + 1, k;
	int third = n / 3, j, half;
	double sum, prev = 0, tail[2] = { 0, 0 };
	uint32_t cnt, tn[2] = { 0, 0 };
	const struct bin *b;

	memset(th, 0, sizeof *th);
	if (!lv->any || n > r->cap || n < 3 || start < lv->first / r->width)
		return -1;
	half = third / 2 > 0 ? third / 2 : 1;
	for (j = 0; j < 3; j++) {
		sum = 0;
		cnt = 0;
		th->lo[j] = INFINITY;
		for (k = start + j * third; k < start + (j + 1) * third; k++) {
			b = slot(r, k);
			if (b->n == 0)
				continue;
			if (th->bins > 0 && fabs(b->mean - prev) > th->maxjump)
				th->maxjump = fabs(b->mean - prev);
			prev = b->mean;
			th->bins++;
			sum += (double)b->mean * b->n;
			cnt += b->n;
			th->lo[j] = b->lo < th->lo[j] ? b->lo : th->lo[j];
			if (j == 2) {
				int h = k - (start + 2 * third) >= third - half;

				tail[h] += (double)b->mean * b->n;
				tn[h] += b->n;
			}
		}
		if (cnt == 0)
			return -1;
		th->mean[j] = sum / cnt + lv->base;
		th->lo[j] += lv->base;
	}
	th->tail[1] = tn[1] ? tail[1] / tn[1] + lv->base : th->mean[2];
	th->tail[0] = tn[0] ? tail[0] / tn[0] + lv->base : th->tail[1];
	return 0;
}

int
levels_coarse(const struct levels *lv, int k, double *mean, double *lo,
    double *hi)
{
	const struct ring *r = &lv->coarse;
	int64_t i = r->newest - k;
	const struct bin *b;

	if (!lv->any || k < 0 || k >= r->cap || i < oldest(lv, r))
		return -1;
	b = slot(r, i);
	if (b->n == 0)
		return -1;
	*mean = b->mean + lv->base;
	*lo = b->lo + lv->base;
	*hi = b->hi + lv->base;
	return 0;
}

/* The robust spread of v[0..n) about its median, reordering v. */
static double
mad(double *v, size_t n)
{
	double med = trend_median(v, n);
	size_t i;

	for (i = 0; i < n; i++)
		v[i] = fabs(v[i] - med);
	return 1.4826 * trend_median(v, n);
}

double
levels_thirds_spread(const struct levels *lv, int width, int n, int lows)
{
	const struct ring *r = width == LV_FINE ? &lv->fine : &lv->coarse;
	double g[LV_COARSE_N], sum[LV_COARSE_N + 1], d[LV_COARSE_N];
	uint32_t cnt[LV_COARSE_N + 1];
	int64_t lo = oldest(lv, r), k;
	int len, t = n / 3, i, j, m = 0;
	const struct bin *b;

	if (!lv->any || (len = (int)(r->newest - lo + 1)) < 3 * n)
		return -1;
	/* per bin, oldest first: running sums of the means, and the lowest
	 * value of the t bins ending there */
	sum[0] = 0;
	cnt[0] = 0;
	for (i = 0; i < len; i++) {
		b = slot(r, lo + i);
		sum[i + 1] = sum[i] + (double)b->mean * b->n;
		cnt[i + 1] = cnt[i] + b->n;
		g[i] = INFINITY;
		if (!lows || i + 1 < t)
			continue;
		for (j = i - t + 1; j <= i; j++) {
			b = slot(r, lo + j);
			if (b->n > 0 && b->lo < g[i])
				g[i] = b->lo;
		}
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
	return m < MIN_PAIRS ? -1 : mad(d, (size_t)m);
}

/* The robust spread of the differences of bin means lag bins apart
 * about their median; -1 if the history is too short to trust. */
static float
spread(const struct levels *lv, const struct ring *r, int lag)
{
	double d[LV_COARSE_N];
	int64_t lo = oldest(lv, r), k;
	size_t n = 0;
	const struct bin *a, *b;

	if ((r->newest - lo + 1) < (int64_t)TRUST_SPANS * lag)
		return -1;
	for (k = lo + lag; k <= r->newest; k++) {
		a = slot(r, k);
		b = slot(r, k - lag);
		if (a->n > 0 && b->n > 0)
			d[n++] = (double)a->mean - b->mean;
	}
	return n < MIN_PAIRS ? -1 : (float)mad(d, n);
}

void
levels_update_noise(struct levels *lv, int coarse)
{
	int i;

	for (i = 0; i < FINE_LAGS; i++)
		lv->fine.sigma[i] = spread(lv, &lv->fine, 1 << i);
	for (i = 0; coarse && i < COARSE_LAGS; i++)
		lv->coarse.sigma[i] = spread(lv, &lv->coarse, 1 << i);
}

double
levels_noise(const struct levels *lv, double lag)
{
	const struct ring *r[2] = { &lv->fine, &lv->coarse };
	int nlags[2] = { FINE_LAGS, COARSE_LAGS }, i, j;
	double best = -1, sigma = -1, least = -1, lsigma = -1, at;

	for (j = 0; j < 2; j++)
		for (i = 0; i < nlags[j]; i++) {
			if (r[j]->sigma[i] < 0)
				continue;
			at = (double)(r[j]->width << i);
			if (at <= lag && at > best) {
				best = at;
				sigma = r[j]->sigma[i];
			}
			if (least < 0 || at < least) {
				least = at;
				lsigma = r[j]->sigma[i];
			}
		}
	if (best > 0)
		return sigma * sqrt(lag / best);
	return lsigma;		/* a shorter lag than any trusted: its noise */
}
