/* levels on generated series with known answers: the thirds of a line,
 * the variogram of white noise with and without a drift, extrapolation
 * to longer lags and its bound, points sparser than bins, windows that
 * reach before the history, a reset, a bin's extremes, and a window's
 * falls. */
#include <math.h>
#include <stdlib.h>

#include "levels.h"
#include "t.h"

#define T0	1767225600

static unsigned long long rng = 88172645463325252ULL;

static double
gauss(void)
{
	double u1, u2;

	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	u1 = ((rng >> 11) + 0.5) / 9007199254740992.0;
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	u2 = ((rng >> 11) + 0.5) / 9007199254740992.0;
	return sqrt(-2 * log(u1)) * cos(2 * M_PI * u2);
}

/* A series every step seconds for span seconds: base + rate per hour +
 * white noise of sd sigma. */
static struct levels *
series(int step, int span, double rate, double sigma)
{
	struct levels *lv = levels_new(60);
	int t;

	for (t = 0; t < span; t += step)
		levels_add(lv, T0 + t, (int64_t)(1e9 + rate * t / 3600 +
		    sigma * gauss()));
	levels_update_noise(lv, 1, 0);
	return lv;
}

static void
thirds_of_a_line(void)
{
	struct levels *lv = series(10, 4 * 3600, 36e6, 0);
	struct thirds th;

	/* 18 one-minute bins: thirds 6 minutes apart, 3.6 MB each */
	CHECK(levels_thirds(lv, 0, 18, &th) == 0);
	CHECK(fabs(th.mean[1] - th.mean[0] - 3.6e6) < 1e4);
	CHECK(fabs(th.mean[2] - th.mean[1] - 3.6e6) < 1e4);
	CHECK(th.lo[2] > th.lo[1] && th.lo[1] > th.lo[0]);
	CHECK_I64(th.bins, 18);
	/* the newest bin holds one point: 36 MB/h moves 0.6 MB a minute */
	CHECK(th.maxjump < 0.7e6);
	/* 12 five-minute bins, thirds of 20 minutes */
	CHECK(levels_thirds(lv, 1, 12, &th) == 0);
	CHECK(fabs(th.mean[2] - th.mean[0] - 24e6) < 1e5);
	/* a window longer than the history */
	CHECK(levels_thirds(lv, 1, 54, &th) == -1);
	CHECK_I64(levels_value(lv), (int64_t)(1e9 + 36e6 * (4 * 3600 - 10) /
	    3600));
	levels_free(lv);
}

/* The thirds of the last 18 minutes of an hour read every minute, of
 * 100 MB plus shape(seconds). */
static void
thirds_of(double (*shape)(int), struct thirds *th)
{
	struct levels *lv = levels_new(60);
	int t;

	for (t = 0; t < 3600; t += 60)
		levels_add(lv, T0 + t, (int64_t)(1e8 + shape(t)));
	CHECK(levels_thirds(lv, 0, 18, th) == 0);
	levels_free(lv);
}

/* 12 MB taken over three reads at 48 minutes, then flat */
static double
step_of_three_reads(int t)
{
	return t >= 3000 ? 12e6 : t >= 2940 ? 8e6 : t >= 2880 ? 4e6 : 0;
}

/* One move carries under half of a step that took three reads, three
 * bins all of it. */
static void
thirds_of_a_step(void)
{
	struct thirds th;

	thirds_of(step_of_three_reads, &th);
	CHECK(th.maxjump < 0.5 * 12e6);
	CHECK(fabs(th.step - 12e6) < 1e4);
	CHECK(fabs(th.fall) < 1e4);
}

/* 40 MB over 4 minutes at 50 minutes, freed over the next 4 */
static double
burst_freed(int t)
{
	return t < 3000 ? 0 : t <= 3240 ? (t - 3000) / 240.0 * 40e6 :
	    fmax(0, 40e6 - (t - 3240) / 240.0 * 40e6);
}

/* The newest bin lies the whole burst under the window's high. */
static void
thirds_of_a_burst(void)
{
	struct thirds th;

	thirds_of(burst_freed, &th);
	CHECK(fabs(th.fall - 40e6) < 1e4);
}

static void
white_noise_variogram(void)
{
	struct levels *flat = series(60, 30 * 3600, 0, 1e6);
	struct levels *rising = series(60, 30 * 3600, 50e6, 1e6);
	double a = levels_noise(flat, 60), b = levels_noise(rising, 60);

	/* one point a bin: two independent points differ by sqrt(2) sigma
	 * (the median absolute deviation of 127 pairs: within 20%) */
	CHECK(a > 1.1e6 && a < 1.75e6);
	/* a steady drift is not noise */
	CHECK(b > 1.1e6 && b < 1.75e6);
	/* white noise has levelled off at once: as much at any lag */
	CHECK(fabs(levels_noise(flat, 100 * 3600) / a - 1) < 0.25);
	/* a difference of means of 5 one-minute bins: sqrt(2 / 5) sigma, or
	 * up to a third more: a variogram forced to rise errs high */
	a = levels_thirds_noise(flat, 0, 15, 2);
	CHECK(a > 0.5e6 && a < 0.85e6);
	/* of 4 five-minute bins (20 points): sqrt(2 / 20) sigma */
	a = levels_thirds_noise(flat, 1, 12, 2);
	CHECK(a > 0.25e6 && a < 0.4e6);
	/* the same statistic measured over every window agrees */
	a = levels_thirds_spread(flat, 1, 12, 0);
	CHECK(a > 0.25e6 && a < 0.4e6);
	levels_free(flat);
	levels_free(rising);
}

/* A window's falls (last third under first) over the history: under
 * white noise their root mean square is the noise of that rise, sqrt(2
 * / 20) sigma for 4 five-minute bins; a steady leak of 50 MB/h (33 MB
 * a window, against 0.3 MB of noise) never falls, so it cannot raise
 * the noise it is judged by; 2 hours of history hold too few windows. */
static void
falls_of_a_window(void)
{
	struct levels *flat = series(60, 30 * 3600, 0, 1e6);
	struct levels *rising = series(60, 30 * 3600, 50e6, 1e6);
	struct levels *young = series(60, 2 * 3600, 0, 1e6);
	double a = levels_thirds_falls(flat, 1, 12);

	CHECK(a > 0.25e6 && a < 0.4e6);
	CHECK(levels_thirds_falls(rising, 1, 12) < 0);
	CHECK(levels_thirds_falls(young, 1, 12) < 0);
	levels_free(flat);
	levels_free(rising);
	levels_free(young);
}

/* Read every 5 minutes, a third of 18 one-minute bins holds one point or
 * two: its mean is no quieter than a point, whatever the bins. */
static void
sparse_points(void)
{
	struct levels *lv = series(300, 30 * 3600, 0, 1e6);
	double a = levels_thirds_noise(lv, 0, 18, 2);

	CHECK(a > 1.1e6 && a < 1.75e6);
	levels_free(lv);
}

/* A random walk's means drift apart as the windows grow: four times the
 * window, twice the noise (the mean of eight walks' ratios: one walk's
 * variogram at hours is of a handful of independent steps). */
static void
random_walk_grows(void)
{
	double x, ratio = 0;
	int t, i;

	for (i = 0; i < 8; i++) {
		struct levels *lv = levels_new(60);

		for (x = 0, t = 0; t < 40 * 3600; t += 60) {
			x += 1e5 * gauss();
			levels_add(lv, T0 + t, (int64_t)(1e9 + x));
		}
		levels_update_noise(lv, 1, 0);
		ratio += levels_thirds_noise(lv, 1, 48, 2) /
		    levels_thirds_noise(lv, 1, 12, 2) / 8;
		levels_free(lv);
	}
	CHECK(ratio > 1.7 && ratio < 2.3);
}

/* A leak that began within the history: flat for 6 h, then 20 MB/h
 * for 6 h.  Half the differences 2 h apart carry 40 MB, half none: taken
 * for noise, unless second differences cap it.  A random walk has no
 * bend: the cap leaves its noise be. */
static void
a_bend_is_not_noise(void)
{
	struct levels *bent = levels_new(60), *walk = levels_new(60);
	double x = 0, capped, uncapped;
	int t;

	for (t = 0; t < 12 * 3600; t += 60) {
		levels_add(bent, T0 + t, (int64_t)(1e9 + 5e5 * gauss() +
		    (t > 6 * 3600 ? 20e6 * (t - 6 * 3600) / 3600 : 0)));
		x += 1e5 * gauss();
		levels_add(walk, T0 + t, (int64_t)(1e9 + x));
	}
	levels_update_noise(bent, 1, 0);
	uncapped = levels_noise(bent, 7200);
	levels_update_noise(bent, 1, 1);
	capped = levels_noise(bent, 7200);
	CHECK(uncapped > 10e6);
	/* white noise of 0.5 MB: differences of 0.7 MB, raised by their
	 * uncertainty */
	CHECK(capped < 1.5e6);
	levels_update_noise(walk, 1, 0);
	uncapped = levels_noise(walk, 7200);
	levels_update_noise(walk, 1, 1);
	capped = levels_noise(walk, 7200);
	CHECK(capped > 0.7 * uncapped && capped <= uncapped);
	levels_free(bent);
	levels_free(walk);
}

/* Ten hours of a level under white noise of 1 MB, read every minute, its
 * noise known (it has levelled off). */
static struct levels *
noisy_level(void)
{
	struct levels *lv = levels_new(60);
	int t;

	for (t = 0; t < 10 * 3600; t += 60)
		levels_add(lv, T0 + t, (int64_t)(1e9 + 1e6 * gauss()));
	levels_update_noise(lv, 1, 1);
	return lv;
}

/* ... then a rise of 30 MB/h for 20 minutes: the fitted rise's noise is
 * that of a difference of two means, sigma sqrt(1/na + 1/nb), na the
 * level's points and nb the newest third's, not that of two single
 * points; and its slowing's, of the thirds' three means, sigma
 * sqrt(keep^2/n0 + (1 + keep)^2/n1 + 1/n2), which a steady rise passes at
 * two deviations. */
static void
rise_noise_of_an_onset(void)
{
	struct levels *lv = noisy_level();
	struct onset_fit f;
	double want;
	int t, na, nb, mj, n0, n1, n2;

	for (t = 10 * 3600; t < 10 * 3600 + 20 * 60; t += 60)
		levels_add(lv, T0 + t, (int64_t)(1e9 + 30e6 * (t - 10 * 3600) /
		    3600 + 1e6 * gauss()));
	CHECK(levels_onset(lv, 0, 120, 1, 0.85, &f) == 0);
	CHECK(llabs(f.at - (T0 + 10 * 3600)) <= 180);
	na = 120 - f.after;
	nb = (f.after + 2) / 3;
	want = 1e6 * sqrt(1.0 / na + 1.0 / nb);
	/* above it by the long lags' uncertainty (half a standard error
	 * added to each): they weigh the level's distant points */
	CHECK(f.rise_noise > 0.9 * want && f.rise_noise < 2 * want);
	/* far below two single points' (sigma sqrt 2) */
	CHECK(f.rise_noise < 0.7 * levels_noise(lv, f.rise_span));
	/* the thirds of the break and the points after it */
	mj = f.after + 1;
	n0 = mj / 3;
	n1 = 2 * mj / 3 - n0;
	n2 = mj - n0 - n1;
	CHECK(f.keep > 0.7 && f.keep < 1.0);
	want = 1e6 * sqrt(f.keep * f.keep / n0 + (1 + f.keep) * (1 + f.keep) /
	    n1 + 1.0 / n2);
	CHECK(f.slowing_noise > 0.9 * want && f.slowing_noise < 1.5 * want);
	CHECK(f.slowing > -2 * f.slowing_noise);
	levels_free(lv);
}

/* ... then a step of 15 MB over three minutes, flat for 12 after: the
 * rise stopped, and its slowing says so by far more than two of its
 * deviations. */
static void
slowing_of_a_step(void)
{
	struct levels *lv = noisy_level();
	struct onset_fit f;
	int t;

	for (t = 10 * 3600; t < 10 * 3600 + 15 * 60; t += 60)
		levels_add(lv, T0 + t, (int64_t)(1e9 + 5e6 * (t < 10 * 3600 +
		    180 ? (t - 10 * 3600) / 60 + 1 : 3) + 1e6 * gauss()));
	CHECK(levels_onset(lv, 0, 120, 1, 0.85, &f) == 0);
	CHECK(f.rise > 10e6);
	CHECK(f.slowing_noise > 0);
	CHECK(f.slowing < -4 * f.slowing_noise);
	levels_free(lv);
}

/* Mean-reverting noise (sigma 1 MB, 15 minutes), then a rise of 12
 * minutes: the level is the newest points before the break that make the
 * rise's noise least.  That noise comes out near the truth (about 1 MB:
 * the newest third's mean less the level's, 17 minutes apart); a level
 * of every point before the break is judged on the variogram's long
 * lags too, which a few hours of such noise leave uncertain, and came
 * out at 1.4 MB. */
static void
near_level_of_an_onset(void)
{
	struct levels *lv = levels_new(60);
	struct onset_fit f;
	double x = 0, a = exp(-1.0 / 15);
	int t;

	for (t = 0; t < 10 * 3600; t += 60) {
		x = a * x + 1e6 * sqrt(1 - a * a) * gauss();
		levels_add(lv, T0 + t, (int64_t)(1e9 + x));
	}
	levels_update_noise(lv, 1, 1);
	for (; t < 10 * 3600 + 12 * 60; t += 60) {
		x = a * x + 1e6 * sqrt(1 - a * a) * gauss();
		levels_add(lv, T0 + t, (int64_t)(1e9 + x + 30e6 *
		    (t - 10 * 3600) / 3600));
	}
	CHECK(levels_onset(lv, 0, 54, 1, 0.85, &f) == 0);
	CHECK(llabs(f.at - (T0 + 10 * 3600)) <= 180);
	CHECK(f.rise_noise > 0.7e6 && f.rise_noise < 1.3e6);
	CHECK(f.rise / (f.rise_span / 3600) > 15e6 &&
	    f.rise / (f.rise_span / 3600) < 45e6);
	levels_free(lv);
}

/* Read every 5 minutes, a level that creeps up by its noise, then a
 * leak of 260 MB/h: its first read, 40 s in, lies off the level's line
 * and is left out, and the two reads after it are the rise.  The fit
 * says it began at the break, not before (its pace is that of those
 * two; taken as none, the level's creep said "early"). */
static void
onset_two_reads_into_a_rise(void)
{
	static const double mb[] = { 0.19, 0.03, -0.16, 0.43, 0.50, 0.41,
	    0.33, 0.26, 3.47, 24.61, 46.01 };
	struct levels *lv = levels_new(60);
	struct onset_fit f;
	size_t i;

	for (i = 0; i < sizeof mb / sizeof mb[0]; i++)
		levels_add(lv, T0 + 180 + 300 * (int64_t)i,
		    (int64_t)(1e9 + mb[i] * 1e6));
	CHECK(levels_onset(lv, 0, 54, 1, 0.85, &f) == 0);
	CHECK(f.early == 0);
	CHECK(f.after == 2);
	CHECK_I64(f.at, T0 + 180 + 300 * 8);
	levels_free(lv);
}

static void
short_history_untrusted(void)
{
	struct levels *lv = series(60, 20 * 60, 0, 1e6);

	/* 20 minutes: the 5-minute lag needs 30 */
	CHECK(levels_noise(lv, 300) > 0);	/* from shorter lags */
	CHECK(levels_thirds_spread(lv, 0, 18, 0) < 0);
	levels_reset(lv);
	CHECK_I64(levels_first(lv), 0);
	CHECK(levels_noise(lv, 300) < 0);
	levels_add(lv, T0, 5);
	CHECK_I64(levels_value(lv), 5);
	levels_free(lv);
}

/* A coarse bin's lowest and highest values, kept in 16 bits as their
 * distances from its mean: within 0.05% of those (and the floats' 256
 * bytes at 2 GB), open or closed; exact where the bin holds one point. */
static void
extremes_of_a_bin(void)
{
	struct levels *lv = levels_new(60);
	double mean, lo, hi, d = 2 * 3000017;
	int i, k;

	/* one coarse bin (5 min) of points 3,000,017 bytes apart around
	 * 2 GB above the first point */
	levels_add(lv, T0, 1000000000);
	for (i = 0; i < 5; i++)
		levels_add(lv, T0 + 300 + 60 * i, 3000000000LL +
		    (i - 2) * 3000017LL);
	for (k = 0; k < 2; k++) {
		CHECK(levels_coarse(lv, k, &mean, &lo, &hi) == 0);
		CHECK(fabs(mean - 3e9) <= 256);
		CHECK(fabs(lo - (3e9 - d)) <= 5e-4 * d + 512);
		CHECK(fabs(hi - (3e9 + d)) <= 5e-4 * d + 512);
		levels_add(lv, T0 + 600, 7);
	}
	CHECK(levels_coarse(lv, 0, &mean, &lo, &hi) == 0);
	CHECK(fabs(mean - 7) <= 64 && lo == mean && hi == mean);
	CHECK(levels_coarse(lv, 2, &mean, &lo, &hi) == 0);
	CHECK(mean == 1e9 && lo == 1e9 && hi == 1e9);
	levels_free(lv);
}

/* Four hours of noise that reverts to its mean (sigma 1 MB, 20 minutes),
 * read every minute, the same noise into each of the n series, and on
 * top of series k from 3 h 15 min on a leak of rate[k] bytes an hour. */
static void
four_hours_of_noise(struct levels **lv, const double *rate, int n)
{
	double a = exp(-1.0 / 20), x = 0;
	int t, k;

	for (t = 0; t < 4 * 3600; t += 60) {
		x = a * x + 1e6 * sqrt(1 - a * a) * gauss();
		for (k = 0; k < n; k++)
			levels_add(lv[k], T0 + t, (int64_t)(1e9 + x +
			    (t > 195 * 60 ? rate[k] * (t - 195 * 60) / 3600 :
			    0)));
	}
}

/* Such noise trusts lags of 40 minutes, past which the variogram would
 * grow as a random walk's (5 MB eight hours apart, where the truth is
 * sigma sqrt 2, 1.4 MB).  The history's own variance, from the median
 * deviation of its bins, bounds it (SILL_K times twice it: about 2 MB);
 * without bends (a reclaimable cache, whose cycles a few hours do not
 * show) it does not.  The mean of eight series: one's variance from
 * four hours of such noise is of a handful of independent spells. */
static void
a_sill_bounds_the_long_lags(void)
{
	const double none = 0;
	double bound = 0, walk = 0;
	int i;

	for (i = 0; i < 8; i++) {
		struct levels *lv = levels_new(60);

		four_hours_of_noise(&lv, &none, 1);
		levels_update_noise(lv, 1, 1);
		bound += levels_noise(lv, 8 * 3600) / 8;
		levels_update_noise(lv, 1, 0);
		walk += levels_noise(lv, 8 * 3600) / 8;
		levels_free(lv);
	}
	CHECK(bound > 1.4e6 && bound < 3e6);
	CHECK(walk > 1.5 * bound);
}

/* The same noise with a leak in its newest 45 minutes, 8 MB/h (6 MB, 6
 * times the noise): the bound is the noise's, not the leak's (16% more
 * here; from the variance of the bins, which takes the leak for noise,
 * 90% more). */
static void
a_leak_does_not_raise_the_sill(void)
{
	const double rate[2] = { 0, 8e6 };
	double quiet = 0, leak = 0;
	int i;

	for (i = 0; i < 8; i++) {
		struct levels *lv[2] = { levels_new(60), levels_new(60) };

		four_hours_of_noise(lv, rate, 2);
		levels_update_noise(lv[0], 1, 1);
		levels_update_noise(lv[1], 1, 1);
		quiet += levels_noise(lv[0], 8 * 3600) / 8;
		leak += levels_noise(lv[1], 8 * 3600) / 8;
		levels_free(lv[0]);
		levels_free(lv[1]);
	}
	CHECK(leak < 1.4 * quiet);
}

T_MAIN("levels", T(thirds_of_a_line), T(thirds_of_a_step),
    T(thirds_of_a_burst), T(white_noise_variogram),
    T(sparse_points), T(random_walk_grows), T(a_bend_is_not_noise),
    T(short_history_untrusted), T(rise_noise_of_an_onset),
    T(near_level_of_an_onset), T(onset_two_reads_into_a_rise),
    T(extremes_of_a_bin),
    T(falls_of_a_window), T(slowing_of_a_step),
    T(a_sill_bounds_the_long_lags), T(a_leak_does_not_raise_the_sill))
