/*
 * levels: one series' history of the current boot, kept in bins, and its
 * noise at every lag.  Pure, O(1) per point, bounded memory.
 *
 * Points land in bins at two resolutions: 128 fine bins of a width the
 * caller picks (a minute at the default window: the past 2 h 8 min) and
 * 512 coarse bins five times as wide (the past 42 h 40 min).
 * A bin keeps the lowest and mean value of its points (a coarse bin its
 * highest too; both to within 0.05% of their distance from the mean),
 * so a window of any length is read from at most a few hundred bins
 * whatever the sampling interval, and the memory of a series (6 KiB)
 * does not grow with window / interval.
 *
 * The noise is a robust variogram: for each lag k (1, 2, 4, 8, 16 fine
 * bins; 1, 2, ..., 128 coarse bins), the spread of the differences of bin
 * means k apart, about their median: 1.4826 * the median absolute
 * deviation.  Taking the median out removes a steady drift, so a leak's
 * own growth is not counted as noise; a lag is trusted only once the
 * history spans 6 lags (shorter, a wander that lasts the whole history
 * would pass for drift).  At every lag of a series that should not
 * cycle, the spread of second differences caps it: a leak that began
 * within the history bends it, and the median takes out only one side
 * of a bend.  The fine lags never fall below the coarse variogram at the
 * same lag (below a coarse bin, scaled down as a random walk's): the fine
 * bins hold two hours, and a quiet spell there is not the series' noise.
 * A fine lag of 2 bins or more that the history spans fewer than 12
 * times never falls below the lag before it, its variance grown by
 * sqrt 2 an octave: noise that reverts within about a lag.  The lag's
 * own estimate rests on a handful of independent changes, and once
 * trusted, it replaces that growth.
 * Between lags it is interpolated; past the longest trusted one it stays
 * level if it had levelled off, else grows as a random walk's (of a
 * series that should not cycle, as noise that reverts to its mean with
 * the correlation its last octave shows, once that is an hour long:
 * levelling off as such noise does, never faster than a random walk's),
 * and never above 3 times twice the variance of its coarse bins about
 * their median (1.4826 times their median deviation, squared).
 * From it comes the noise of any difference of means, so a window's
 * rise is judged against what noise alone would give that very
 * statistic.
 */
#ifndef MLK_LEVELS_H
#define MLK_LEVELS_H

#include <stddef.h>
#include <stdint.h>

#define LV_FINE_N	128
#define LV_COARSE_N	512
#define LV_COARSE_FACTOR 5	/* fine bins in a coarse one */

/* What levels_add saw close: a judgement is due. */
#define LV_FINE_CLOSED		1
#define LV_COARSE_CLOSED	2

struct levels;
struct fit;

/* The statistics of a window of n bins (a multiple of 3) ending with the
 * newest bin: per third, the mean and lowest value; the means and lowest
 * values of the two halves of the last third; the largest change between
 * consecutive bins with data, and between any with data 3 bins apart or
 * less (a step that took a few reads straddles bins); how far the newest
 * bin's mean lies below the highest; how many bins have data. */
struct thirds {
	double		 mean[3], lo[3];
	double		 tail[2], tail_lo[2];
	double		 maxjump, step, fall;
	int		 bins;
};

/* fine: seconds per fine bin. */
struct levels	*levels_new(int fine);
void		 levels_free(struct levels *);
/* Forget everything (a new boot). */
void		 levels_reset(struct levels *);
/* Add a point; times must increase (an older one is dropped).  Returns
 * the LV_*_CLOSED bits of the bins it closed. */
int		 levels_add(struct levels *, int64_t t, int64_t v);
/* Time of the first (0 if none) and newest point, and the newest value. */
int64_t		 levels_first(const struct levels *);
/* Seconds between the last two points. */
int64_t		 levels_gap(const struct levels *);
int64_t		 levels_last(const struct levels *);
int64_t		 levels_value(const struct levels *);
/* The first value. */
double		 levels_base(const struct levels *);
/* Window statistics; -1 if the window reaches before the first point or a
 * third has no data.  coarse: of coarse bins, else fine ones. */
int		 levels_thirds(const struct levels *, int coarse, int n,
		    struct thirds *);
/* levels_thirds' mean[2] - mean[0] alone, for less than half its work;
 * NAN where levels_thirds would fail. */
double		 levels_rise(const struct levels *, int coarse, int n);
/* Mean, lowest and highest value of coarse bin k bins before the newest;
 * -1 if it holds no data or is not kept. */
int		 levels_coarse(const struct levels *, int k, double *mean,
		    double *lo, double *hi);
/* The means of the bins with data over the last span seconds, oldest
 * first, at their bins' middles (t in hours): fine bins where they reach
 * that far back, else coarse ones.  t and y hold LV_COARSE_N; returns how
 * many. */
size_t		 levels_points(const struct levels *, int64_t span, double *t,
		    double *y);
/* A Theil-Sen fit (lib/trend) of levels_points; -1 with fewer than
 * three bins. */
int		 levels_fit(const struct levels *, int64_t span, struct fit *);
/* The spread of the same statistic over every window of this history: the
 * rise of the last third's mean (lows: lowest value) over the first
 * third's, 1.4826 * its median absolute deviation about its median; -1
 * if the history holds fewer than 8 windows' worth. */
double		 levels_thirds_spread(const struct levels *, int coarse, int n,
		    int lows);
/* The noise of that rise (lows 0) as its falls show it: their root mean
 * square, over every window of this history; -1 if it holds fewer than 3
 * windows' worth or 8 falls.  A leak adds no falls. */
double		 levels_thirds_falls(const struct levels *, int coarse, int n);
/* A growth's onset, and the shape of the rise after it (levels_onset). */
struct onset_fit {
	int64_t	 at;		/* the start of the break's bin */
	int	 early;		/* 1: the rise began at or before the oldest
				   bin fitted; 2: it may have begun before
				   the break (fewer than three points up to
				   it, or they rose at half the pace after
				   it); else 0 */
	int	 after;		/* points after the break */
	double	 level;		/* the mean of the points up to the break
				   (fine bins, the variogram levelled off:
				   of the newest of them that make
				   rise_noise least) */
	double	 rise;		/* the newest third of the points after
				   the break over level */
	double	 rise_span;	/* seconds from the break to their mean time */
	double	 grown;		/* seconds from the break to the newest point */
	double	 maxjump;	/* the largest move between points after it */
	double	 keep;		/* levels_onset's keep, scaled by the time
				   between the newest two thirds over that
				   between the oldest two (of the break and
				   the points after it, their means m0, m1,
				   m2) */
	double	 slowing;	/* m2 - m1 - keep (m1 - m0): below 0, the
				   newest third rose at less than keep x the
				   middle one's pace */
	int64_t	 span;		/* seconds from the oldest point fitted */
	double	 rise_noise;	/* the noise of rise (a mean of the newest
				   points less one of the level's), from the
				   variogram; < 0 unknown */
	double	 slowing_noise;	/* the noise of slowing, from the variogram;
				   < 0 unknown */
};

/* When the growth that goes on now began.  The newest n bins of the
 * ring (coarse or fine) kept are fitted with two straight segments that
 * meet: a level that holds, then a rise to now.  The break that leaves
 * the least squared residual is the onset, found again without the
 * level's bins over 3 robust deviations off that fit (bursts freed
 * again).  block > 1: the fit is of the lowest value of each `block`
 * bins, where it was lowest (a cache that breathes: its floor).  keep:
 * the share of the middle third's pace that slowing weighs the newest
 * third's against.  O(bins), for a series that grows, not every series
 * at every sample.
 * Returns -1 if nothing rises or there are too few bins. */
int		 levels_onset(const struct levels *, int coarse, int n,
		    int block, double keep, struct onset_fit *);
/* Recompute the variogram (fine lags, or coarse too).  bends: a series
 * expected not to wander in long cycles (an unreclaimable cache, not a
 * dentry cache that breathes daily): every lag's spread is capped
 * by that of second differences, so a leak that began within the history
 * does not pass for noise, and past its longest lag the variogram grows
 * on as noise that reverts to its mean with its last octave's
 * correlation. */
void		 levels_update_noise(struct levels *, int coarse, int bends);
/* The noise of a difference lag seconds apart, bytes; < 0 unknown. */
double		 levels_noise(const struct levels *, double lag);
/* The noise of a difference of levels_thirds' means `apart` thirds apart
 * (2: the rise, mean[2] - mean[0]; 1: the next third's) of a window of n
 * bins, from the variogram; < 0 unknown. */
double		 levels_thirds_noise(const struct levels *, int coarse, int n,
		    int apart);

#endif
