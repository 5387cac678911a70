/* collect: the sampling timers.  Wires read -> parse -> sample -> store
 * for each source, and keeps the database within its retention. */
#ifndef MLK_COLLECT_H
#define MLK_COLLECT_H

#include <stdio.h>

#include <event2/event.h>

#include "conf.h"
#include "procfs.h"
#include "source.h"
#include "store.h"
#include "text.h"

struct collect;

struct collect	*collect_new(struct event_base *, struct procfs *,
		    struct store *, const struct conf *);
void		 collect_free(struct collect *);
/* Arm the timers (the live daemon); the first sample of every source is
 * taken at once.  Alerts may be attributed from then on.  -1 if that
 * first sample could read nothing at all. */
int		 collect_start(struct collect *, struct event_base *);
/* End what is under way (an attribution), its alerts still announced:
 * before the journal stops. */
void		 collect_stop(struct collect *);
/* New intervals or retention after a reload; conf must outlive us. */
void		 collect_reconf(struct collect *, const struct conf *);
/* Read the sources named (SOURCE_BITs) into one stored sample.  Returns
 * the number of sources stored (0: none could be read), or -1 if the
 * store failed. */
int		 collect_sample(struct collect *, unsigned sources);
/* The same, from text, as a recording holds it: text[] by source_id,
 * p NULL where a source is absent. */
int		 collect_text(struct collect *, int64_t time, int64_t uptime_ms,
		    const char *boot_id, const struct span text[SOURCE_COUNT]);
/* Keep what the metrics endpoint serves, as the configuration says
 * (again on a reload); -1 with *cause if its regexes do not compile. */
int		 collect_metrics_on(struct collect *, char **cause);
/* The exposition (an httpd_write_fn; arg: the collect). */
void		 collect_metrics(FILE *, int openmetrics, void *arg);
/* Log every judgement of one series (lib/detect's detect_trace). */
void		 collect_trace(struct collect *, const char *series);
/* Alerts to the journal (the live daemon) or to stderr only (replays). */
void		 collect_journal(struct collect *, int on);

#endif
