#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "announce.h"
#include "attribution.h"
#include "log.h"
#include "notify.h"
#include "sample.h"
#include "stacks.h"
#include "trend.h"
#include "trouble.h"
#include "units.h"
#include "xmem.h"

struct announce {
	struct store		*st;
	struct detect		*det;
	const struct slabinfo	*si;
	const struct conf	*conf;
	int			 journal;	/* alerts to the journal */
	int			 to_stderr;	/* and to stderr: unless stderr
						   is the journal */
	char			 boot[BOOT_ID_LEN + 1];	/* of the newest event */
	struct trouble		 alerts, sent, traces;

	/* The live daemon's attribution (attribution = on), and the
	 * opening alert whose journal entry waits for its trace. */
	struct attribution	*attrib;
	struct notify_alert	 held;
	int			 holding;
};

struct announce *
announce_new(struct store *st, struct detect *det, const struct slabinfo *si,
    const struct conf *conf)
{
	struct announce *an = xcalloc(1, sizeof *an);

	an->st = st;
	an->det = det;
	an->si = si;
	an->conf = conf;
	an->to_stderr = 1;
	an->alerts.what = "alerts";
	an->sent.what = "journal";
	an->traces.what = "attribution";
	return an;
}

void
announce_free(struct announce *an)
{
	if (an == NULL)
		return;
	attribution_free(an->attrib);
	trouble_free(&an->alerts);
	trouble_free(&an->sent);
	trouble_free(&an->traces);
	free(an);
}

void
announce_reconf(struct announce *an, const struct conf *conf)
{
	an->conf = conf;
}

void
announce_journal(struct announce *an, int on)
{
	an->journal = on;
	an->to_stderr = !on || !notify_stderr_is_journal();
}

/* The alert an event makes, as stored and as its entry carries it. */
static void
record(struct store_alert *a, const struct detect_event *e)
{
	size_t i;

	memset(a, 0, sizeof *a);
	snprintf(a->series, sizeof a->series, "%s", e->series);
	a->open = e->what != AE_RESOLVED;
	a->opened_at = e->opened_at;
	a->updated_at = a->resolved_at = e->time;
	a->since = e->since;
	a->window = e->window;
	a->bytes = e->bytes;
	a->eta = e->eta;
	a->slope = e->slope;
	a->confidence = e->confidence;
	a->reclaimable = e->reclaimable;
	snprintf(a->reason, sizeof a->reason, "%s", e->reason ? e->reason : "");
	snprintf(a->companions, sizeof a->companions, "%s", e->companions);
	for (i = 0; i < e->nsite && i < STORE_SITES; i++) {
		snprintf(a->site[i].series, sizeof a->site[i].series, "%s",
		    e->site[i].series);
		a->site[i].slope = e->site[i].slope;
	}
	a->nsite = i;
}

static void
store(struct announce *an, enum store_alert_change change,
    const struct store_alert *a)
{
	char *cause = NULL;

	if (store_alert_put(an->st, an->boot, change, a, &cause) == -1)
		trouble_say(&an->alerts, cause);
	else
		trouble_gone(&an->alerts);
}

/* The journal entry of alert a, or of a trace's findings about its
 * series. */
static void
entry(struct announce *an, struct notify_alert *na, enum notify_what what,
    const struct store_alert *a, const char *msg)
{
	const struct slab_cache *sc;
	const char *cache = series_name(a->series, "slab");

	memset(na, 0, sizeof *na);
	na->what = what;
	na->alert = *a;
	na->share = -1;
	na->priority = what == NOTIFY_LEAK ? LOG_WARNING : LOG_NOTICE;
	snprintf(na->message, sizeof na->message, "%s", msg);
	if (cache == NULL)
		return;
	snprintf(na->cache, sizeof na->cache, "%s", cache);
	if ((sc = slabinfo_find(an->si, na->cache)) != NULL)
		na->objsize = sc->objsize;
}

static void
to_journal(struct announce *an, const struct notify_alert *na)
{
	if (notify_alert(na) == -1)
		trouble_say(&an->sent, xstrdup("journal queue full: alerts "
		    "go to the database and stderr only"));
	else
		trouble_gone(&an->sent);
}

/* An attribution's findings into an alert's entry, after `what`.  The
 * largest call site is named, with its share of what the series grew by
 * over the trace at slope bytes per hour, only when that share is a
 * quarter or more: a few objects left by chance (the tracer's own, say)
 * do not hold a leak growing by megabytes. */
static void
findings(struct notify_alert *na, const struct store_attribution *r,
    const char *what, double slope)
{
	const struct attrib_result *res = &r->r;
	double share = -1;
	char b[32], top[112] = "";
	size_t i;

	if (r->error[0] != '\0') {
		snprintf(na->attribution, sizeof na->attribution,
		    "%sfailed: %.200s", what, r->error);
		return;
	}
	if (res->nsite > 0)
		share = attrib_share(res->site[0].bytes, slope, r->seconds);
	if (share >= 0 && share < ATTRIB_SHARE_MIN)
		snprintf(top, sizeof top, "; no call site holds the growth: "
		    "the largest, %.48s, kept %s", res->site[0].label,
		    units_bytes(b, sizeof b, (int64_t)res->site[0].bytes));
	units_bytes(b, sizeof b, (int64_t)res->outstanding_bytes);
	snprintf(na->attribution, sizeof na->attribution, "%straced %.0fs: "
	    "%llu allocations, %llu freed, %llu outstanding (%s)%s%s", what,
	    r->seconds, (unsigned long long)res->allocs,
	    (unsigned long long)res->frees,
	    (unsigned long long)res->outstanding, b,
	    res->lost > 0 ? ", events lost" : "", top);
	if (top[0] != '\0')
		return;
	na->share = share < 0 ? -1 : share > 1 ? 100 :
	    (int)(share * 100 + 0.5);
	for (i = 0; i < NOTIFY_TOP && i < res->nsite; i++)
		snprintf(na->callsite[i], sizeof na->callsite[i], "%s",
		    res->site[i].label);
	for (i = 0; i < NOTIFY_TOP && i < res->nproc; i++)
		snprintf(na->process[i], sizeof na->process[i], "%.80s[%d]",
		    res->proc[i].label, res->proc[i].pid);
	if (res->nstack > 0)
		stacks_line(na->stack, sizeof na->stack, res->stack[0].frames);
}

/*
 * A slab cache's alert, or kernel:unaccounted's, just opened: trace it.
 * When the trace starts now, the alert's journal entry waits for it (1:
 * held, or already sent by a trace that could not start); else the entry
 * goes at once (0) saying why it has no findings, or with those of a
 * trace within attribution_period, or that they follow in an entry of
 * their own.
 */
static int
attribute_first(struct announce *an, struct notify_alert *na)
{
	const char *series = na->alert.series;
	double slope = na->alert.slope;
	struct store_attribution last;
	char *cause = NULL, when[32];
	size_t busy;
	int found, ahead;

	if (an->attrib == NULL || !an->conf->attribution ||
	    (na->cache[0] == '\0' && strcmp(series, SERIES_UNACCOUNTED) != 0))
		return 0;
	found = store_attribution_last(an->st, series, 1, &last, &cause);
	if (found == -1) {
		trouble_say(&an->traces, cause);
		return 0;
	}
	if (found == 1 && last.started_at > time(NULL) -
	    an->conf->attribution_period) {
		units_iso(when, sizeof when, last.started_at);
		snprintf(when + strlen(when), sizeof when - strlen(when), ": ");
		findings(na, &last, when, slope);
		attrib_result_free(&last.r);
		return 0;
	}
	if (found == 1)
		attrib_result_free(&last.r);
	busy = attribution_pending(an->attrib);
	/* entry() looked the cache up; pages have no object size */
	if (na->cache[0] != '\0' && na->objsize == 0) {
		snprintf(na->attribution, sizeof na->attribution, "not traced: "
		    "not in /proc/slabinfo now");
		return 0;
	}
	if (busy == 0) {	/* held until its trace reports, which may
				   be at once: the queue is empty */
		an->held = *na;
		an->holding = 1;
		attribution_queue(an->attrib, series, na->objsize,
		    an->conf->attribution_duration, slope);
		return 1;
	}
	if ((ahead = attribution_queue(an->attrib, series, na->objsize,
	    an->conf->attribution_duration, slope)) == -1) {
		snprintf(na->attribution, sizeof na->attribution, "not traced: "
		    "%zu traces are waiting already", busy);
		return 0;
	}
	snprintf(na->attribution, sizeof na->attribution, "queued behind %d "
	    "trace%s: its findings follow in an entry of their own "
	    "(MESSAGE_ID=%s)", ahead, ahead == 1 ? "" : "s",
	    NOTIFY_ID_FINDINGS);
	return 0;
}

/* Send the entry held for series, if any (1), with what r found; r
 * NULL: without findings, saying why. */
static int
release_held(struct announce *an, const char *series,
    const struct store_attribution *r, const char *why)
{
	struct notify_alert *na = &an->held;

	if (!an->holding || strcmp(na->alert.series, series) != 0)
		return 0;
	if (r != NULL)
		findings(na, r, "", na->alert.slope);
	else
		snprintf(na->attribution, sizeof na->attribution, "%s", why);
	an->holding = 0;
	to_journal(an, na);
	return 1;
}

/* The findings of a trace whose alert's entry went out without them. */
static void
follow_up(struct announce *an, const struct store_attribution *r)
{
	struct store_alert a = { .nsite = 0 };
	struct notify_alert na;
	struct fit f;

	snprintf(a.series, sizeof a.series, "%s", r->series);
	entry(an, &na, NOTIFY_FINDINGS, &a, "");
	/* the alert's rate went out with it: the growth now */
	findings(&na, r, "", detect_growth(an->det, r->series, TREND_SPAN, &f)
	    == 0 ? f.slope : -1);
	if (na.callsite[0][0] != '\0')
		snprintf(na.message, sizeof na.message, "%.100s: %.220s; the "
		    "most held by %.100s, %.60s", r->series, na.attribution,
		    na.callsite[0], na.process[0]);
	else
		snprintf(na.message, sizeof na.message, "%s: %s", r->series,
		    na.attribution);
	to_journal(an, &na);
}

/* A trace is done: store it, and send the entry that waited for it. */
static void
traced_cb(const struct store_attribution *r, void *arg)
{
	struct announce *an = arg;
	char *cause = NULL;

	if (store_attribution_put(an->st, an->boot, r, &cause) == -1)
		trouble_say(&an->traces, cause);
	else
		trouble_gone(&an->traces);
	if (r->error[0] != '\0')
		log_warnx("%s: attribution failed: %s", r->series, r->error);
	else if (r->r.nsite > 0)
		log_info("%s: %llu allocations outstanding after %.0fs; the "
		    "most from %s, by %s[%d]", r->series,
		    (unsigned long long)r->r.outstanding, r->seconds,
		    r->r.site[0].label, r->r.proc[0].label, r->r.proc[0].pid);
	else
		log_info("%s: no allocation outstanding after %.0fs",
		    r->series, r->seconds);
	if (!release_held(an, r->series, r, NULL))
		follow_up(an, r);
}

void
announce_traces(struct announce *an, struct event_base *base,
    struct procfs *pf)
{
	an->attrib = attribution_new(base, pf, traced_cb, an);
	attribution_clean(an->attrib);	/* attribution on or not */
}

void
announce_stop(struct announce *an)
{
	if (an->attrib != NULL)
		attribution_stop(an->attrib);	/* calls the held one back */
	if (an->holding)
		release_held(an, an->held.alert.series, NULL, "mlkd stopped");
}

/* A series joined an open alert: the alert's row lists it; no page. */
static void
companion(struct announce *an, const struct detect_event *e,
    const struct store_alert *a)
{
	struct store_alert row = { .open = 1 };
	struct notify_alert na;
	char msg[2 * SERIES_MAX + DETECT_COMPANIONS_MAX + 64];

	snprintf(row.series, sizeof row.series, "%s", e->primary);
	snprintf(row.companions, sizeof row.companions, "%s", e->companions);
	store(an, STORE_ALERT_COMPANIONS, &row);
	snprintf(msg, sizeof msg, "%s grows in step with %s: one leak, one "
	    "alert (%s)", e->series, e->primary, e->companions);
	if (an->to_stderr)
		log_info("%s", msg);
	if (!an->journal)
		return;
	entry(an, &na, NOTIFY_COMPANION, a, msg);
	na.priority = LOG_INFO;
	snprintf(na.primary, sizeof na.primary, "%s", e->primary);
	to_journal(an, &na);
}

void
announce_event(struct announce *an, const struct detect_event *e,
    const char *boot_id)
{
	static const enum store_alert_change change[] = {
		[AE_OPENED] = STORE_ALERT_OPENED,
		[AE_REMINDER] = STORE_ALERT_NOTICE,
		[AE_RESOLVED] = STORE_ALERT_RESOLVED,
	};
	struct store_alert a;
	struct notify_alert na;
	char msg[512], user[32] = "";

	snprintf(an->boot, sizeof an->boot, "%s", boot_id);
	record(&a, e);
	if (e->what == AE_COMPANION) {
		companion(an, e, &a);
		return;
	}
	store(an, change[e->what], &a);
	detect_describe(e, msg, sizeof msg);
	/* a kernel leak, not a process's: user space is flat meanwhile */
	if (e->what != AE_RESOLVED && *detect_user_words(e,
	    an->conf->min_growth, user, sizeof user) != '\0')
		snprintf(msg + strlen(msg), sizeof msg - strlen(msg),
		    "; user space %s", user);
	if (an->to_stderr)
		log_warnx("%s", msg);
	if (!an->journal)
		return;
	entry(an, &na, e->what == AE_RESOLVED ? NOTIFY_RESOLVED : NOTIFY_LEAK,
	    &a, msg);
	snprintf(na.user, sizeof na.user, "%s", user);
	if (e->what == AE_OPENED && attribute_first(an, &na))
		return;
	if (e->what == AE_RESOLVED)	/* its opening goes out first */
		release_held(an, e->series, NULL, "still tracing when the "
		    "alert resolved");
	to_journal(an, &na);
}
