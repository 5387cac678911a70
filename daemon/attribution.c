#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attribution.h"
#include "log.h"
#include "tracing.h"
#include "xmem.h"

/* The kernel's per-CPU buffer holds a second or more of events. */
#define DRAIN_USEC	100000

struct job {
	char		 series[SERIES_MAX];
	uint64_t	 objsize;
	int64_t		 seconds;
	double		 slope;		/* the order of those waiting */
};

struct attribution {
	struct procfs	*pf;
	attribution_cb	 cb;
	void		*arg;
	struct event	*drain_ev;
	struct job	 job[ATTRIBUTION_QUEUE + 1];	/* [0] runs */
	size_t		 njob;

	struct tracing	*t;		/* of job[0], while one runs */
	struct store_attribution res;	/* job[0]'s */
};

/* Report job[0] (res filled in) and go on with the next. */
static void
report(struct attribution *at)
{
	at->cb(&at->res, at->arg);
	attrib_result_free(&at->res.r);
	memmove(&at->job[0], &at->job[1], --at->njob * sizeof at->job[0]);
}

static void
fail(struct attribution *at, const char *why)
{
	snprintf(at->res.error, sizeof at->res.error, "%s", why);
	report(at);
}

/* End the trace under way; error NULL if it went well. */
static void
finish(struct attribution *at, const char *error)
{
	at->res.seconds = tracing_seconds(at->t);
	event_del(at->drain_ev);
	if (error == NULL)
		tracing_finish(at->t, &at->res.r);
	tracing_free(at->t);
	at->t = NULL;
	if (error != NULL)
		fail(at, error);
	else
		report(at);
}

/* job[0]'s result, empty, from now. */
static void
begin(struct attribution *at)
{
	memset(&at->res, 0, sizeof at->res);
	snprintf(at->res.series, sizeof at->res.series, "%s",
	    at->job[0].series);
	at->res.started_at = time(NULL);
}

static void
said_cleaned(int n)
{
	if (n > 0)
		log_info("removed %d tracefs instance%s left by a killed mlk "
		    "process", n, n == 1 ? "" : "s");
}

static void
start_next(struct attribution *at)
{
	struct timeval tv = { 0, DRAIN_USEC };
	const struct job *j;
	char *cause = NULL;
	int cleaned;

	while (at->t == NULL && at->njob > 0) {
		j = &at->job[0];
		begin(at);
		/* an mlk process killed since we started left its instance:
		 * said by whichever mlkd or mlk-query finds it first */
		at->t = tracing_start(j->series, j->objsize, 1, at->pf,
		    &cleaned, &cause);
		said_cleaned(cleaned);
		if (at->t == NULL) {
			fail(at, cause);
			free(cause);
			cause = NULL;
			continue;
		}
		/* stored: why there are no stacks, if so */
		snprintf(at->res.events, sizeof at->res.events, "%s%s%s",
		    tracing_events(at->t), tracing_nostacks(at->t) ?
		    "; no stacks: " : "", tracing_nostacks(at->t) ?
		    tracing_nostacks(at->t) : "");
		event_add(at->drain_ev, &tv);
		log_info("%s: tracing its allocations for %llds (%s)",
		    j->series, (long long)j->seconds, at->res.events);
	}
}

static void
drain_cb(evutil_socket_t fd, short events, void *arg)
{
	struct attribution *at = arg;
	char *cause = NULL;

	(void)fd;
	(void)events;
	/* A bounded read: when the kernel writes faster than we read, the
	 * deadline still comes (and the dropped events are counted). */
	if (tracing_drain(at->t, &cause) == -1) {
		finish(at, cause);
		free(cause);
	} else if (tracing_seconds(at->t) >= (double)at->job[0].seconds)
		finish(at, NULL);
	else
		return;
	start_next(at);
}

struct attribution *
attribution_new(struct event_base *base, struct procfs *pf,
    attribution_cb cb, void *arg)
{
	struct attribution *at = xcalloc(1, sizeof *at);

	at->pf = pf;
	at->cb = cb;
	at->arg = arg;
	if ((at->drain_ev = event_new(base, -1, EV_PERSIST, drain_cb, at)) ==
	    NULL)
		fatalx("event_new failed");
	return at;
}

void
attribution_clean(struct attribution *at)
{
	said_cleaned(tracing_clean(at->pf));
}

size_t
attribution_pending(const struct attribution *at)
{
	return at->njob;
}

int
attribution_queue(struct attribution *at, const char *series,
    uint64_t objsize, int64_t seconds, double slope)
{
	struct job *j;
	size_t i;

	if (at->njob > ATTRIBUTION_QUEUE)
		return -1;
	/* The fastest leak waits least; the trace under way goes on. */
	for (i = at->njob; i > 1 && at->job[i - 1].slope < slope; i--)
		;
	memmove(&at->job[i + 1], &at->job[i], (at->njob - i) *
	    sizeof at->job[0]);
	at->njob++;
	j = &at->job[i];
	snprintf(j->series, sizeof j->series, "%s", series);
	j->objsize = objsize;
	j->seconds = seconds;
	j->slope = slope;
	start_next(at);
	return (int)i;
}

void
attribution_stop(struct attribution *at)
{
	if (at == NULL)
		return;
	if (at->t != NULL)
		finish(at, NULL);
	while (at->njob > 0) {
		begin(at);
		fail(at, "mlkd stopped before it could trace");
	}
}

void
attribution_free(struct attribution *at)
{
	if (at == NULL)
		return;
	attribution_stop(at);
	event_free(at->drain_ev);
	free(at);
}
