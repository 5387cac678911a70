/* trend and alert on generated data with known answers. */
#include <math.h>
#include <string.h>

#include "alert.h"
#include "trend.h"
#include "t.h"

#define N 240

/* A reproducible normal deviate (Box-Muller over an LCG). */
static double
gauss(unsigned *seed)
{
	double u, v;

	*seed = *seed * 1103515245 + 12345;
	u = ((*seed >> 8) + 1.0) / 16777218.0;
	*seed = *seed * 1103515245 + 12345;
	v = ((*seed >> 8) + 1.0) / 16777218.0;
	return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

static void
median_of_all_sizes(void)
{
	double v[9];
	size_t n, i;

	for (n = 1; n <= 9; n++) {
		for (i = 0; i < n; i++)
			v[i] = (double)((i * 11 + 3) % n);	/* 0..n-1, shuffled */
		CHECK(fabs(trend_median(v, n) - (double)(n - 1) / 2) < 1e-9);
	}
}

/* A guess only makes the MAD cheaper: the same value, bit for bit, with
 * none, a good one, a poor one, a zero spread; on noise, on slab-sized
 * steps (ties), on a flat series; odd and even counts.  The guess it
 * leaves is this median and MAD. */
static void
mad_near_exact(void)
{
	static const float guesses[][2] = { { NAN, NAN }, { 0, 1 },
	    { 0, 0 }, { 3e6, 1e3 }, { -1e9, 1e12 }, { 4096, 0 } };
	double v[N], a[N], b[N], want;
	float g[2];
	unsigned seed = 5;
	size_t n, i, j, kind;

	for (kind = 0; kind < 3; kind++)
		for (n = 1; n <= N; n += n < 12 ? 1 : 37) {
			for (i = 0; i < n; i++)
				v[i] = kind == 0 ? 1e6 * gauss(&seed) :
				    kind == 1 ? 4096 * floor(2 * gauss(&seed)) :
				    4096;
			memcpy(a, v, n * sizeof *v);
			want = trend_mad(a, n);
			for (j = 0; j < 8; j++) {
				if (j < 6) {
					g[0] = guesses[j][0];
					g[1] = guesses[j][1];
				} else {	/* near: the last one it left */
					g[0] *= j == 6 ? 1 : 1.01f;
					g[1] *= j == 6 ? 1 : 0.9f;
				}
				memcpy(b, v, n * sizeof *v);
				CHECK(trend_mad_near(b, n, g) == want);
			}
			memcpy(b, v, n * sizeof *v);
			CHECK(g[0] == (float)trend_median(b, n));
			CHECK(g[1] == (float)(want / 1.4826));
		}
}

/* 21 MB/h under 2 MB of white noise over 4 h: slope within 5%, sure. */
static void
slope_under_noise(void)
{
	double t[N], y[N];
	unsigned seed = 7;
	struct fit f;
	size_t i;

	for (i = 0; i < N; i++) {
		t[i] = (double)i / 60;
		y[i] = 1e9 + 21e6 * t[i] + 2e6 * gauss(&seed);
	}
	CHECK(trend_fit(t, y, N, &f) == 0);
	CHECK(fabs(f.slope - 21e6) < 21e6 * 0.05);
	CHECK(f.confidence > 0.999);
	CHECK(fabs(f.sigma - 2e6) < 0.5e6);
	CHECK(fabs(trend_ols_slope(t, y, N) - 21e6) < 21e6 * 0.05);
}

/* A fifth of the points wild: Theil-Sen holds, least squares does not. */
static void
outliers_ignored(void)
{
	double t[N], y[N];
	struct fit f;
	size_t i;

	for (i = 0; i < N; i++) {
		t[i] = (double)i / 60;
		y[i] = 5e8 + 1e6 * t[i] + (i % 5 == 0 && i > N / 2 ? 5e8 : 0);
	}
	CHECK(trend_fit(t, y, N, &f) == 0);
	CHECK(fabs(f.slope - 1e6) < 0.05e6);
	CHECK(trend_ols_slope(t, y, N) > 10e6);
}

/* Flat, but with slowly wandering (AR(1), phi 0.95) noise: the plain
 * standard error would call its drift significant; rho must widen it. */
static void
autocorrelation_widens(void)
{
	double t[N], y[N], e = 0;
	unsigned seed = 11;
	struct fit f;
	size_t i;

	for (i = 0; i < N; i++) {
		t[i] = (double)i / 60;
		e = 0.95 * e + 1e6 * gauss(&seed);
		y[i] = 2e9 + e;
	}
	CHECK(trend_fit(t, y, N, &f) == 0);
	CHECK(f.rho > 0.5);
	CHECK(f.n_eff < N / 4.0);
	CHECK(f.confidence < 0.99);
}

static void
noiseless_rise(void)
{
	double t[] = { 0, 1, 2, 3 }, y[] = { 10, 20, 30, 40 };
	struct fit f;

	CHECK(trend_fit(t, y, 4, &f) == 0);
	CHECK_I64((int64_t)f.slope, 10);
	CHECK_I64((int64_t)f.level, 40);
	CHECK(f.confidence == 1);
	CHECK(trend_fit(t, y, 2, &f) == -1);
}

static const struct alert_rules rules = { .confirmations = 3,
	.confirm_span = 120, .resolve_after = 600, .reminder = 3600,
	.reminder_max = 4 * 3600 };

static void
alert_opens_after_confirmations(void)
{
	struct alert a = { 0 };

	CHECK(alert_step(&a, &rules, 0, 1, 1) == AE_NONE);
	CHECK(a.state == ALERT_SUSPECTED);
	CHECK(alert_step(&a, &rules, 60, 0, 1) == AE_NONE);
	CHECK(a.state == ALERT_QUIET);		/* a miss starts over */
	CHECK(alert_step(&a, &rules, 120, 1, 1) == AE_NONE);
	CHECK(alert_step(&a, &rules, 180, 1, 1) == AE_NONE);
	CHECK(alert_step(&a, &rules, 240, 1, 1) == AE_OPENED);
	CHECK_I64(a.opened_at, 240);
}

/* Verdicts five minutes apart (vmallocinfo, a 5 min interval): two that
 * span confirm_span are enough. */
static void
alert_opens_on_two_spaced_verdicts(void)
{
	struct alert a = { 0 };

	CHECK(alert_step(&a, &rules, 0, 1, 1) == AE_NONE);
	CHECK(alert_step(&a, &rules, 300, 1, 1) == AE_OPENED);
	CHECK_I64(a.opened_at, 300);
}

/* Reminders back off; the alert resolves only after resolve_after of no
 * growth, and a blip of growth restarts that clock. */
static void
alert_reminds_and_resolves(void)
{
	struct alert a = { 0 };
	int64_t t;
	int reminders = 0;

	for (t = 0; t < 3 * 60; t += 60)
		alert_step(&a, &rules, t, 1, 1);
	CHECK(a.state == ALERT_OPEN);
	for (t = 180; t <= 180 + 24 * 3600; t += 60)
		reminders += alert_step(&a, &rules, t, 1, 1) == AE_REMINDER;
	CHECK_I64(reminders, 1 + 1 + 5);	/* after 1 h, 2 h, then every 4 h */
	CHECK(alert_step(&a, &rules, t, 0, 0) == AE_NONE);
	CHECK(alert_step(&a, &rules, t + 300, 0, 1) == AE_NONE);
	CHECK(alert_step(&a, &rules, t + 360, 0, 0) == AE_NONE);
	CHECK(alert_step(&a, &rules, t + 900, 0, 0) == AE_NONE);
	CHECK(alert_step(&a, &rules, t + 960, 0, 0) == AE_RESOLVED);
	CHECK(a.state == ALERT_QUIET);
	CHECK(alert_reset(&a) == AE_NONE);
}

T_MAIN("trend", T(median_of_all_sizes), T(mad_near_exact), T(slope_under_noise),
    T(outliers_ignored), T(autocorrelation_widens), T(noiseless_rise),
    T(alert_opens_after_confirmations),
    T(alert_opens_on_two_spaced_verdicts), T(alert_reminds_and_resolves))
