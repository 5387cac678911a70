/*
 * trend: growth slopes of one series, and how far to believe them.  Pure.
 *
 * Inputs are the points of one boot, oldest first: times in hours (any
 * origin), values in bytes.  Nothing here knows about windows or series;
 * lib/detect picks the points.
 */
#ifndef MLK_TREND_H
#define MLK_TREND_H

#include <stddef.h>

#define TREND_BINS	64	/* Theil-Sen runs on at most this many bins */
/* The span growth is shown over, by mlk-query (top, status, vmalloc) and
 * mlkd's metrics alike. */
#define TREND_SPAN	(2 * 3600)

struct fit {
	double	 slope;		/* bytes per hour: Theil-Sen, the median of
				   the slopes between every two bins */
	double	 level;		/* the fitted value at the last point */
	double	 sigma;		/* robust scatter of the residuals, bytes:
				   1.4826 * their median absolute deviation */
	double	 rho;		/* lag-1 autocorrelation of the residuals,
				   clamped to [0, 0.95] */
	double	 n_eff;		/* n * (1 - rho) / (1 + rho): the number of
				   independent points the noise is worth */
	double	 se;		/* standard error of slope, widened for rho */
	double	 confidence;	/* P(true slope > 0) under a normal model of
				   slope / se; 1 for a noiseless rise */
};

/*
 * Fit a line through (t[i], y[i]), i < n, n >= 3, t increasing.
 *
 * The slope is Theil-Sen: robust to up to ~29% outliers.  With more than
 * TREND_BINS points, consecutive points are first merged into bins (mean
 * time, median value), which keeps the cost fixed and the robustness.
 * Consecutive samples of a kernel figure are not independent (a burst
 * spans several samples), so the ordinary standard error would be far
 * too small: it is widened by sqrt((1 + rho) / (1 - rho)), the AR(1)
 * variance inflation.  Returns -1 if n < 3 or the times span nothing.
 */
int	trend_fit(const double *t, const double *y, size_t n, struct fit *);

/* The least-squares slope alone, O(n) and cheap: a pre-filter that tells
 * which series deserve trend_fit.  0 if it is undefined. */
double	trend_ols_slope(const double *t, const double *y, size_t n);

/* The median of v[0..n), reordering v; n > 0. */
double	trend_median(double *v, size_t n);
/* The robust spread of v[0..n) about its median: 1.4826 times the
 * median absolute deviation (a normal's standard deviation); n > 0.
 * v is scratch: left reordered, or holding the distances from the
 * median, so a second call on it measures something else. */
double	trend_mad(double *v, size_t n);
/* trend_mad, faster where guess (the median and the MAD, without the
 * 1.4826; NAN: unknown) is near; the same value whatever the guess, and
 * v as scratch (untouched when a guess is given and n <= 512).  guess
 * is set to this median and MAD. */
double	trend_mad_near(double *v, size_t n, float guess[2]);

#endif
