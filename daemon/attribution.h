/* attribution: the daemon's automatic attribution.  Traces a slab cache
 * or kernel:unaccounted's pages (lib/tracing, lib/attrib) on the event
 * loop, one series at a time, and hands each result, or the reason there
 * is none, to a callback that stores and announces it.  Which alerts
 * deserve a trace is announce's call. */
#ifndef MLK_ATTRIBUTION_H
#define MLK_ATTRIBUTION_H

#include <event2/event.h>

#include "procfs.h"
#include "store.h"

#define ATTRIBUTION_QUEUE	8	/* traces waiting their turn */

struct attribution;
/* The result: error[0] != '\0' if nothing was traced. */
typedef void	(*attribution_cb)(const struct store_attribution *, void *arg);

struct attribution *attribution_new(struct event_base *, struct procfs *,
		    attribution_cb, void *arg);
/* Remove the instances a killed mlk process left behind, where tracefs
 * is mounted; log how many. */
void		 attribution_clean(struct attribution *);
/* Traces under way or waiting. */
size_t		 attribution_pending(const struct attribution *);
/* Trace series (slab:CACHE, objects objsize bytes, or
 * kernel:unaccounted, objsize 0; growing slope bytes per hour) for
 * seconds once the traces before it are done: the one under way, and
 * those waiting that grow as fast or faster.  Returns how many are
 * before it, or -1 if ATTRIBUTION_QUEUE are waiting.  A trace that
 * cannot start reports at once, before this returns. */
int		 attribution_queue(struct attribution *, const char *series,
		    uint64_t objsize, int64_t seconds, double slope);
/* End now: the trace under way reports what it has, those waiting
 * report that mlkd stopped.  Every callback is made before it returns. */
void		 attribution_stop(struct attribution *);
void		 attribution_free(struct attribution *);

#endif
