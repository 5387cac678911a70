#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "trend.h"
#include "xmem.h"

/* Move the values of v[lo..hi] below p (or_equal: up to p) to the front,
 * with no branch on the values, which are in no order a branch predictor
 * could learn; returns where the others begin. */
static size_t
partition(double *v, size_t lo, size_t hi, double p, int or_equal)
{
	size_t i, lt = lo;
	double x;

	for (i = lo; i <= hi; i++) {
		x = v[i];
		v[i] = v[lt];
		v[lt] = x;
		lt += (x < p) | (or_equal & (x == p));
	}
	return lt;
}

static double
median3(double a, double b, double c)
{
	return a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
}

/*
 * The k-th smallest of v[0..n), reordering v so that the k before it are
 * the k smallest: quickselect.  The values equal to the pivot are split
 * off only when nothing was below it, so the long runs of equal values
 * that flat series give (slab bytes move in whole slabs) still cost
 * linear time, not quadratic.
 */
static double
select_kth(double *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1, lt;
	double pivot;

	while (lo < hi) {
		pivot = median3(v[lo], v[lo + (hi - lo) / 2], v[hi]);
		lt = partition(v, lo, hi, pivot, 0);
		if (k < lt)
			hi = lt - 1;
		else if (lt > lo)
			lo = lt;
		else if (k < (lt = partition(v, lo, hi, pivot, 1)))
			return pivot;
		else
			lo = lt;
	}
	return v[k];
}

static double
largest(const double *v, size_t n)
{
	double m = v[0];
	size_t i;

	for (i = 1; i < n; i++)
		m = v[i] > m ? v[i] : m;
	return m;
}

/* The k-th smallest and, for an even count, the mean of it and the one
 * before, of w[0..n) and the j values below them, below[0..j) (j > 0 if
 * k == 0); reordering both. */
static double
kth_mean(double *w, size_t n, double *below, size_t j, size_t k, int even)
{
	double hi = select_kth(w, n, k);

	if (!even)
		return hi;
	return ((k > 0 ? largest(w, k) : largest(below, j)) + hi) / 2;
}

/*
 * The median of v[0..n), reordering v.  [a, b]: a guess at an interval
 * that holds it (NAN: none).  One pass copies the values below it, in
 * it and above it apart, and only the part that holds the median is
 * searched: a guess from the median and spread of nearly the same
 * values (the noise refresh: most of its differences are those of the
 * refresh before) leaves it a small part, and quickselect on all of
 * them cost several such passes.  Without a guess, or for more than
 * NEAR_MAX values, all of v is searched.  The value is the same.
 * from: if not NULL, the median is that of the distances of v from
 * *from, which the copying pass takes (the MAD's: one pass fewer).
 */
#define NEAR_MAX	512

/* inline: each caller's from is known, so the copying loop tests it not */
static inline __attribute__((always_inline)) double
median_near(double *v, size_t n, double a, double b, const double *from)
{
	double lo[NEAR_MAX], in[NEAR_MAX], up[NEAR_MAX], x;
	size_t k = n / 2, nl = 0, ni = 0, nu = 0, i;
	int below, above, even = n % 2 == 0;

	if (!(a <= b) || n > NEAR_MAX) {
		for (i = 0; from != NULL && i < n; i++)
			v[i] = fabs(v[i] - *from);
		return kth_mean(v, n, NULL, 0, k, even);
	}
	for (i = 0; i < n; i++) {
		x = from != NULL ? fabs(v[i] - *from) : v[i];
		below = x < a;
		above = x > b;
		lo[nl] = in[ni] = up[nu] = x;
		nl += below;
		nu += above;
		ni += !(below | above);
	}
	if (k < nl)
		return kth_mean(lo, nl, NULL, 0, k, even);
	if (k >= nl + ni)
		return kth_mean(up, nu, ni > 0 ? in : lo, ni > 0 ? ni : nl,
		    k - nl - ni, even);
	if (a == b && (!even || k > nl))	/* all of it alike: a flat
						   series' */
		return a;
	return kth_mean(in, ni, lo, nl, k - nl, even);
}

double
trend_median(double *v, size_t n)
{
	return median_near(v, n, NAN, NAN, NULL);
}

double
trend_mad(double *v, size_t n)
{
	float guess[2] = { NAN, NAN };

	return trend_mad_near(v, n, guess);
}

/* The intervals guessed: the median within a quarter of the MAD of it,
 * the MAD from 0.8 to 1.25 times itself. */
double
trend_mad_near(double *v, size_t n, float guess[2])
{
	double med = median_near(v, n, guess[0] - guess[1] / 4,
	    guess[0] + guess[1] / 4, NULL), mad;

	mad = median_near(v, n, guess[1] * 0.8, guess[1] * 1.25, &med);
	guess[0] = (float)med;
	guess[1] = (float)mad;
	return 1.4826 * mad;
}

double
trend_ols_slope(const double *t, const double *y, size_t n)
{
	double tm = 0, ym = 0, sxy = 0, sxx = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		tm += t[i];
		ym += y[i];
	}
	if (n < 2)
		return 0;
	tm /= (double)n;
	ym /= (double)n;
	for (i = 0; i < n; i++) {
		sxy += (t[i] - tm) * (y[i] - ym);
		sxx += (t[i] - tm) * (t[i] - tm);
	}
	return sxx > 0 ? sxy / sxx : 0;
}

/* Merge n points into k bins of consecutive points: mean t, median y. */
static size_t
bin(const double *t, const double *y, size_t n, double *bt, double *by)
{
	size_t k = n < TREND_BINS ? n : TREND_BINS, b, i, lo, hi;
	double *tmp = xcalloc(n / k + 1, sizeof *tmp);

	for (b = 0; b < k; b++) {
		lo = b * n / k;
		hi = (b + 1) * n / k;
		bt[b] = 0;
		for (i = lo; i < hi; i++) {
			bt[b] += t[i];
			tmp[i - lo] = y[i];
		}
		bt[b] /= (double)(hi - lo);
		by[b] = trend_median(tmp, hi - lo);
	}
	free(tmp);
	return k;
}

int
trend_fit(const double *t, const double *y, size_t n, struct fit *f)
{
	double bt[TREND_BINS], by[TREND_BINS], *v, tm = 0, sxx = 0;
	double intercept, num = 0, den = 0, prev = 0;
	size_t k, i, j, m = 0;

	memset(f, 0, sizeof *f);
	if (n < 3 || t[n - 1] <= t[0])
		return -1;
	k = bin(t, y, n, bt, by);

	v = xcalloc(k * (k - 1) / 2 + 1, sizeof *v);
	for (i = 0; i < k; i++)
		for (j = i + 1; j < k; j++)
			if (bt[j] > bt[i])
				v[m++] = (by[j] - by[i]) / (bt[j] - bt[i]);
	f->slope = m > 0 ? trend_median(v, m) : 0;
	free(v);

	/* The line through the median of y - slope * t. */
	v = xcalloc(n, sizeof *v);
	for (i = 0; i < n; i++)
		v[i] = y[i] - f->slope * t[i];
	intercept = trend_median(v, n);
	f->level = intercept + f->slope * t[n - 1];

	/* Residuals: their robust scatter and lag-1 autocorrelation. */
	for (i = 0; i < n; i++) {
		v[i] = y[i] - (intercept + f->slope * t[i]);
		num += i > 0 ? v[i] * prev : 0;
		den += v[i] * v[i];
		prev = v[i];
		tm += t[i];
	}
	f->rho = den > 0 ? num / den : 0;
	f->rho = f->rho < 0 ? 0 : f->rho > 0.95 ? 0.95 : f->rho;
	for (i = 0; i < n; i++)
		v[i] = fabs(v[i]);
	f->sigma = 1.4826 * trend_median(v, n);
	if (f->sigma == 0)		/* most residuals exactly 0: slab bytes
					   move in whole slabs */
		f->sigma = sqrt(den / (double)n);
	free(v);

	tm /= (double)n;
	for (i = 0; i < n; i++)
		sxx += (t[i] - tm) * (t[i] - tm);
	f->n_eff = (double)n * (1 - f->rho) / (1 + f->rho);
	f->se = f->sigma / sqrt(sxx) * sqrt((1 + f->rho) / (1 - f->rho));
	if (f->se > 0)
		f->confidence = 0.5 * erfc(-f->slope / f->se / M_SQRT2);
	else
		f->confidence = f->slope > 0 ? 1 : 0;
	return 0;
}
