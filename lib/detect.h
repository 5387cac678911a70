/*
 * detect: which series are leaking.  Keeps the history of the current
 * boot of every series worth judging (slab caches, vmalloc callers,
 * allocinfo's call sites, kernel:unaccounted, KernelStack, PageTables,
 * SecPageTables, Percpu) in
 * lib/levels' bins, judges each once a minute, and steps its alert.  Pure:
 * the caller feeds samples, says which caches are reclaimable, and stores
 * and sends the events.
 *
 * Spans below are at the default window (18 min); every one scales with
 * window, in bins of window / 18.
 *
 * Unreclaimable series.  A window of L (18, 21, 30, 45 min; 1, 1.5, 2,
 * 3, 4.5, 6, 9, 12 h) is cut in thirds; it says "leak" when
 *   - the mean of each third is above the one before, and so is the
 *     lowest value of each (a one-time step gives two levels, never
 *     three), the middle third carrying a fifth of the rise or more;
 *   - the rise of the mean, last third over first, stands Z deviations
 *     above the noise that difference of means would show by chance
 *     (Z = 5.5 under an hour, 5 above), that noise taken from the
 *     series' own variogram (lib/levels: the spread of its changes at
 *     every lag, steady drift taken out, and capped by the spread of
 *     second differences at every lag, so neither a steady leak nor one
 *     that began within the history counts as noise; past the lags the
 *     history trusts (a sixth of it), grown as a random walk's (from an
 *     hour, as the longest two of them show), but never above 3 times
 *     twice the variance of the history, taken from the median deviation
 *     of its 5-minute bins (a leak's own growth is no noise): noise that
 *     reverts to its mean spreads no wider however far apart, where
 *     grown on as a random walk's from the lags of a few hours' history,
 *     the noise of a 6 h window came out 3 times the truth and a 4 MB/h
 *     leak under it went unseen for 7 h; the lags of hours, of which a
 *     day holds only a handful of independent changes,
 *     raised by half their standard error; the lags of minutes, kept for
 *     the last 2 hours only, never below the coarse bins' at the same
 *     lag, so a quiet spell is not the noise, and those of 2 minutes
 *     and more, while the history spans them fewer than 12 times, never
 *     below the lag before, its variance grown by sqrt 2 an octave:
 *     newly trusted from a handful of changes, such lags came out at
 *     half the truth and paged quiet caches 34 to 60 minutes in; never
 *     raised while the alert is open, as a leak that outlasts the
 *     history before it fills the changes with itself, nor for windows
 *     of 4.5 h and more while the last judgement saw any window grow: a
 *     slow leak fills the long lags from its onset on, and held, a
 *     shorter window's noise lets a quiet series' wander of an hour or
 *     three pass for growth; and never below the root mean square of the same
 *     window's falls, last third under first, over the history, once it
 *     holds 3 windows and 8 falls: noise falls as often as it rises, and
 *     a leak adds no falls, where from a few hours of history the
 *     variogram's long lags can come out at half the truth);
 *   - the rate is at least min_growth (8 x min_growth under an hour: a
 *     slow growth is judged over hours, as its noise is), and the
 *     growth across the window is 3 MiB or more;
 *   - no move between two bins carries half the rise (a staircase);
 *     in windows of minute bins, less twice the noise of a move between
 *     two reads while the rise stands under 8 deviations (read every 5
 *     minutes, a rise of a quarter hour is three moves, and noise gives
 *     one of them half of a rise of a few deviations; a rise of many
 *     that one move carries half of, a burst read twice or two modules'
 *     areas, is a staircase whatever the noise; a step read within a
 *     5-minute bin splits between two moves of those, each near half of
 *     it, so they keep the bare test); nor one across 3 bins three
 *     quarters of it (a step that took three reads straddles 3 fine
 *     bins, and one that split between two moves of 5-minute bins, each
 *     just under half of it, lies within 3 of those; a leak that began
 *     12 minutes ago puts a third of an 18 minutes' rise in 3 fine
 *     bins, and a leak over a window of an hour or more 3/8 of its rise
 *     or less in 3 coarse ones);
 *   - the newest bin has not fallen from the window's highest by a
 *     quarter of the rise and 3 deviations (a burst being freed; a leak
 *     never falls);
 *   - the newest sixth still rises, and the last third keeps 85% of the
 *     middle one's pace (less one step's noise: the comparison itself
 *     spreads wider, as the two steps share the middle third, but one
 *     deviation of it let quiet caches' wanders of 20 minutes pass) and
 *     90% of the average over eight windows (or, less its noise, of the
 *     average since a boot seen, for 6 h: caches fill with time
 *     constants up to 3 h, then level off, and just past the gate below
 *     one still filling at 70% of its average pace passed by noise), and
 *     for 12 h the newer half of the rise
 *     since the boot keeps 80% of the older half's (a fill slows all
 *     along, while an hour of it can match the average by noise; one of
 *     3 h that quadrupled a cache still adds MiB an hour 7 h in); nothing
 *     is judged in the first 3 h after a boot seen (services start and
 *     caches fill, some at a steady pace until they stop: such a fill is
 *     a leak by every shape test while it lasts);
 *   - the last third's mean tops the highest point of the past day before
 *     the window: a daily cycle or a burst seen before never does;
 *   - for PageTables, AnonPages did not rise 128 times as much, nor half
 *     as many times as it outweighs PageTables if that is fewer (page
 *     tables map user memory, 8 bytes a page, more where mappings are
 *     sparse or shared by many processes).
 * Or the onset fitted to the fine bins of 3 windows (below) shows a rise
 * that has gone on for 12 min (less half the time between reads),
 * Z_ONSET = 5 deviations above the noise of that rise (the mean of the
 * newest third of the points after the break less the level's, from the
 * variogram: a level known from many points adds little to the newest
 * mean's own spread, where two single points at the rise's lag have
 * twice its variance; once the variogram has levelled off, the level is
 * the mean of the newest points before the break, as many as make that
 * noise least and no fewer than the points after it: distant points
 * bring in the long lags, which hours of history know least well (they
 * are raised for it), and noise that wanders over the rise's span is
 * told best from the points nearest it; not sooner, as its middle lags,
 * from a few hours, can come out a third low, nor in the coarse fit,
 * whose verdict opens an alert alone: either let a quiet cache's wander
 * of a quarter hour pass; a break searched at every bin finds more by
 * chance than thirds do), at 8 x min_growth and 3 MiB (min_growth once
 * it has risen for 45 minutes: then fitted to the coarse bins of 6 h too, no
 * move between 5-minute bins carrying a quarter of it, so that a slow
 * leak is measured against a level of hours), with no step
 * of half of it (this and the slow fit's quarter each less a move's
 * noise, as for the windows), the last third of it (the break and the points after
 * it, in thirds) at 85% of the middle one's pace or more, less 1.5
 * deviations of that comparison from the variogram (a cache that
 * fills slows; a step ends flat), and above the past day; not for the meminfo figures, not in
 * the 6 h after a boot seen, and for 12 h not while the rise since the
 * boot slows, as for the windows (a cache that fills for 3 h still does
 * 6 h on, and its noise bends that into a level then a rise).  A leak that
 * began minutes into a window leaves its thirds lopsided until the
 * window slides past it, and read every 5 minutes a third may hold one
 * point: the fit sees it sooner.
 * Or, while the series is read too seldom yet for its noise to be known
 * (read every 5 minutes, its variogram needs 45 minutes), a growth from
 * the first sample judged by its shape alone: five reads or more, none
 * below the one before by more than a fifth of the mean move (a leak in stairs
 * adds none in some reads, which move by their noise alone, either
 * way), at least four moves up and twice as many as reads that did not
 * move (a vmalloc caller's leak, read in whole 1 MiB areas, adds none
 * in some reads; noise never reads the same bytes again, and falls as
 * far as it rises), the mean move up 6 standard errors of those moves
 * above zero (of 4 moves; 4.7 of 5, 4.5 of more: Student's t at the same
 * tail, but the moves of a wander of an hour are not independent) or
 * every one of them within the smallest of the others (k or k + 1
 * areas), no move half the rise, at 8 x min_growth and 3 MiB;
 * not for the meminfo figures, and not in the 6 h after a boot seen.  A
 * machine that leaked before mlkd came is paged 25 minutes in.
 * Or, while the fine bins reach back to the first sample (2 h 7 min), a
 * growth from the first sample that never fell, judged by its shape
 * alone, not for the meminfo figures nor in the 6 h after a boot seen:
 * a leak under way when mlkd came, at a pace that is no line (steps
 * every few minutes, or growth between pauses), fills the whole
 * history, and the variogram takes its steps and pauses for noise.
 * Over the 16 or more fine bins read (80 minutes, read every 5): the
 * rise Z_SHORT deviations above what a random walk of as many moves
 * would spread, each move as noisy as the moves are about their median
 * (a step is one move in several, and a pause moves as little as the
 * noise); no point below the highest before it by 3 of those deviations
 * over as many moves (noise falls as often as it rises; a leak never
 * falls); no move 40% of the rise nor 3 moves three quarters of it (two
 * steps are no leak); the middle third's rise half the last one's or
 * more, and the last third's half the middle one's unless the newest
 * sixth rises at the average pace or faster (a pause that ended); at 8 x
 * min_growth and 3 MiB.
 * A step of 3.5 MB every 10 minutes is paged some 26 to 32 minutes in,
 * after its third step (the windows: over 45).  A cache that fills from the
 * first sample of a machine long up, slowing with a time constant of
 * 15 minutes or more, passes as well: a known limit (the windows page
 * it from 30 minutes).
 * The shortest window that says "leak" decides, at the rate of its last
 * third over the middle one.  No window reaches before the history, so nothing
 * is judged before 20 minutes of it (DETECT_ARMED_BINS): a machine that
 * has leaked for weeks is judged from then on; no grace for uptime.
 *
 * Reclaimable caches (dentry, inode caches...) breathe: they grow under a
 * find or a backup and are reclaimed.  What leaks is their floor.
 *   - Floors: the lowest value of each third of 1, 1.5, 2, 3, 4.5, 6, 9,
 *     13.5, 18 or 24 h must rise third by third, each third carrying a
 *     quarter of the rise, 3 MiB or more (a page worth waking for, as
 *     for the troughs: the spread below, from the few windows a day
 *     holds, can come out at half the truth, and quiet caches' floors
 *     that wandered 2 MiB paged 14 to 27 h in), 5 deviations above the
 *     spread of that same
 *     floor rise over the series' history (once it holds eight windows;
 *     before, the noise of single points at that lag, or, where that
 *     noise is within a fifth of its value at a shorter window's lag,
 *     that window's spread: a cache that breathes faster than that
 *     window's thirds swings by its cycle at every lag, so its single
 *     points say nothing of its floors, and windows of 6 h and more,
 *     whose eight outlast the 42 h kept, would never vote; a daily
 *     cycle or a wander grows its noise with the lag; never raised while
 *     the alert is open: a leak that outlasts the history before it makes
 *     half the rises flat and half its own, and would resolve its own
 *     alert), and above every floor of the past day at the same span.  A cache seen to breathe
 *     (fallen back to a trough twice in the past 36 h, as below) is
 *     found leaking only by windows a cycle long or more (the median span
 *     from one trough to the next), or by a floor rise of twice the
 *     cycle's depth (the median fall into a trough): a shorter window
 *     sees a cycle's rising flank, whose floors rise third by third,
 *     and cycles vary in size, so the largest yet tops the past day's
 *     floors at that span; the spread, a median deviation over the
 *     history, hardly sees flanks that fill a tenth of it.  With less
 *     than 17 h of past, only windows of 13.5 h and more vote (a daily
 *     cycle's rise lasts half a day, and up to 16 h when the cycle is no
 *     sine: a second harmonic of half its size; the past day before
 *     then holds no peak to top), at 8 x min_growth (such a cycle's
 *     swing of 40 to 150 MB rises at 2 to 8 MiB/h; a window of 18 h or
 *     24 h holds the trough before the rise and all of it, its floors
 *     rising third by third as well), and
 *     the floor of their newest sixth must keep 80% of the thirds' pace:
 *     a daily cycle's floors still rise for hours past its peak, as a
 *     third's lowest point is where it began, but slower.
 *   - Troughs: the cache fell back and rose again, cycle after cycle (a
 *     zigzag over the 5-minute bins of the past 36 h: a fall or a rise
 *     counts once it is 3 MiB and 5 deviations of the noise a bin apart:
 *     the noise between two reads is too little, as a quiet cache's
 *     wander of hours then passes for cycles; a cycle under an hour
 *     moves as much from one bin to the next, and is found by the
 *     floors), and the troughs it fell back
 *     to each end higher than the one before, from the first step above
 *     the noise (steps within it came before the rise), 3 or more over an
 *     hour or more, the newest over the first 5 deviations above the
 *     spread of every step kept from a trough to the next (about their
 *     median: a steady rise is no noise; at most the spread of the
 *     changes from one step to the next over sqrt(2): a rise that began
 *     among the troughs kept makes the steps flat, then rising, which the
 *     median alone takes for noise; 6 steps or more, the spread raised by
 *     half its standard error; with fewer kept, a cache's first cycles or
 *     cycles of 5 h and more, 3 steps or more judged by their shape
 *     alone, as a young series': their mean 6 standard errors of the
 *     steps above zero, at 8 x min_growth; either spread never under
 *     what the reads alone make it: a trough read lies above the cache's
 *     lowest point by up to the rise of one read's time out of it, and as
 *     the reads drift across a sawtooth's cycle its troughs read rise and
 *     fall by that, steadily), no step over twice their mean
 *     and the newest at half their mean or more (a cache refilled after
 *     drop_caches, or whose troughs shift once, rises once), the cycles 5
 *     deviations deep (the median fall: noise that wiggles on a slow rise
 *     makes shallow troughs that rise with it), at min_growth, nothing
 *     since below the newest, and a deviation above the floors of the
 *     past day a cycle long.  This holds on the first day too: a daily
 *     cycle's rising half never falls back by more than its noise, so its
 *     floors rise with no deep cycle under them (a cache that breathes on
 *     top of a daily cycle is not told from a leak on its first day: a
 *     known limit).
 *   - A run: risen from its lowest point of the past 36 h without a fall
 *     (2 MiB, or 3 noise deviations) for 13 h or more, at 8 x min_growth
 *     while it is shorter than 17 h (the rise of a daily cycle that is no
 *     sine, as for the floors), else at min_growth, the last third of
 *     that rise as fast as 80% of the middle one (a sine slows towards
 *     its peak; negative dentries piling up do not).
 *
 * Three consecutive verdicts (or two that span 2 minutes: series read
 * every 5 minutes) open an alert.  One alone opens it if it comes from a
 * window of 1.5 h or more that the history fills, or the slow onset fit
 * (judged every 5 minutes over thirds of half an hour or more, a second
 * verdict would see little new; the hour's window still needs two, as a
 * burst an hour old can pass it once, and so does a window longer than
 * the history, judged on the few hours since a boot), or if its rise
 * stands 8 deviations above the noise (a window's: by 12 MiB or more)
 * after 12 minutes of growth, less half the time between reads (a
 * burst freed again rises for minutes; read every 5 minutes, the onset
 * is known to within one read), its newest bin within 3 deviations of
 * the window's highest (a burst that has begun to be freed is not
 * judged on one verdict); not in the 6 h after a boot seen, when
 * a cache that fills rises strongly and only several verdicts tell how
 * much it slows; nor while a faster series that began to grow in step
 * with it awaits its own confirmations (one leak's page names its
 * fastest series, and a slower one in a quieter cache can stand 8
 * deviations up a minute sooner).  For the same reason a verdict does not
 * count while a series that began to grow in step with it, and has
 * risen twice as much over the shortest window, grows but is not yet
 * judged a leak, until that series is judged again at most (its next
 * read, or the first after its next fine bin when reads come more
 * often): read every 5 minutes, a fast leak's first reads are jumps of
 * many MiB that the staircase tests hold back a read longer than its
 * slower companion's.
 * It stays open while any window still sees growth, and resolves after
 * window without (a reclaimable
 * cache, whose floor moves in hours: 12 windows).  One leak, one page:
 * an alert that opens while another that began to grow within 20
 * minutes (a quarter of its age, or half the window that saw either) of
 * it is open joins that one as a companion.
 *
 * The onset an alert names ("for 2h10m", since): where a level that held
 * turns into the rise, the two fitted to the bins (lib/levels) of three
 * times the window that decided, twice as many while the rise fills them
 * all; of a reclaimable cache, to its floor.  Fitted once, when an alert
 * opens: not per sample, and not again at its reminders (hours of a rate
 * that follows the day's load bend the rise, and a bend is no onset).  A
 * rise from the first sample is said to have begun before it.
 * mlkd.conf(5) says the same for operators; tests/tools/mkfam.c and
 * tests/score/score.sh measure it.
 */
#ifndef MLK_DETECT_H
#define MLK_DETECT_H

#include <stdint.h>

#include "alert.h"
#include "sample.h"

#define DETECT_COMPANIONS_MAX	512
#define DETECT_SITES		3	/* call sites an alert names */

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
	int64_t		 since;		/* the growth's estimated onset */
	int		 early;		/* DETECT_ONSET, or since is a bound:
					   the growth began before it */
	int64_t		 window;	/* seconds: the fit that decided */
	double		 slope;		/* bytes per hour */
	double		 confidence;
	int64_t		 bytes;		/* the series now */
	int64_t		 eta;		/* seconds until MemAvailable runs out
					   at this rate; -1 if unknown */
	/* User space over the same window: AnonPages' growth, bytes per
	 * hour (a kernel leak is told from a process's by it being flat);
	 * NAN if unknown. */
	double		 user_slope;
	const char	*reason;	/* resolved: why */
	/* AE_COMPANION: the open alert this series joined.  Otherwise the
	 * series that grow in step with this one, comma-separated ("" if
	 * none): one leak filling several caches is one alert. */
	char		 primary[SERIES_MAX];
	char		 companions[DETECT_COMPANIONS_MAX];
	/* A slab cache's alert that opens: the call sites (alloc:) whose
	 * growth over the same window matches the cache's, fastest first:
	 * attribution without tracing, on kernels with /proc/allocinfo. */
	size_t		 nsite;
	struct detect_site {
		char	 series[SERIES_MAX];
		double	 slope;		/* bytes per hour */
	}		 site[DETECT_SITES];
};

/* How far since is known: the onset; or the growth began before the
 * first sample (since is that sample), or before the oldest history
 * kept (since is its start). */
#define DETECT_ONSET		0
#define DETECT_EARLY_FIRST	1
#define DETECT_EARLY_KEPT	2

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
/* User space's growth in words: "flat" (under min_growth), "+2.1 MiB/h",
 * or "" if unknown. */
char		*detect_user_words(const struct detect_event *, double min_growth,
		    char *buf, size_t len);
/* The confidence a growth fit needs to count (mlk-query shows the same). */
#define DETECT_MIN_CONFIDENCE	0.99

/* Does the detector judge this series: what can leak in the kernel
 * (slab caches, vmalloc callers, call sites, kernel:unaccounted, KernelStack,
 * PageTables, Percpu), not the sums of those nor user space? */
int		 detect_judged(const char *series);
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
/* Trace the judgements of one series (NULL: none), each as a line of
 * text to fn.  Of an unreclaimable series: each window that sees it
 * grow and the onset fits (the rise, its z against its noise, and the
 * test that stopped it, or "leak"; of a fit, where the rise began), and
 * the shape tests of a growth from the first sample (the same).  Of a
 * reclaimable cache: the floors that rise, the rising troughs of its
 * cycles, and its run from its lowest point.  Then the verdict, what
 * the alert made of it, and the faster series growing in step that it
 * waits for.  At each refresh of its noise, that noise at lags of 1 to
 * 480 bins.  To tell why a series paged, or did not, on a replay. */
void		 detect_trace(struct detect *, const char *series,
		    void (*fn)(const char *line, void *arg), void *arg);
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
/* What the detector holds on one series (mlkd's metrics): -1 if it has
 * never seen it. */
struct detect_state {
	int		 judged, reclaimable;
	enum alert_state alert;		/* ALERT_OPEN: open, or joined to an
					   open one as a companion */
	int64_t		 available;	/* MemAvailable (MemFree before 3.14)
					   now; -1 if unknown */
};
int		 detect_state(const struct detect *, const char *series,
		    struct detect_state *);
/* A judged series' growth over the last span seconds of its history
 * (lib/levels' bins, Theil-Sen); -1 if not judged or too few bins. */
struct fit;
int		 detect_growth(const struct detect *, const char *series,
		    int64_t span, struct fit *);
/* An alert restored from the database, open since opened_at, its
 * growth since `since`. */
void		 detect_restore(struct detect *, const char *series,
		    int64_t opened_at, int64_t since, int64_t last_notice);

#endif
