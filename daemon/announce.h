/*
 * announce: where the detector's events go.  Each event becomes one alert
 * record, made once: stored in the database, then said on stderr (a
 * replay, or a daemon whose stderr is not the journal) and sent to the
 * journal.  A slab cache's alert that opens, or kernel:unaccounted's, is
 * traced (attribution = on), and its journal entry waits for the trace so
 * that the page names who holds the memory; findings that come later go
 * in an entry of their own.
 */
#ifndef MLK_ANNOUNCE_H
#define MLK_ANNOUNCE_H

#include <event2/event.h>

#include "conf.h"
#include "detect.h"
#include "procfs.h"
#include "slabinfo.h"
#include "store.h"

struct announce;

/* si: the newest /proc/slabinfo read, for object sizes; it must outlive
 * us, as must the rest. */
struct announce	*announce_new(struct store *, struct detect *,
		    const struct slabinfo *si, const struct conf *);
void		 announce_free(struct announce *);
/* The configuration after a reload. */
void		 announce_reconf(struct announce *, const struct conf *);
/* Alerts to the journal (the live daemon) or to stderr only (replays). */
void		 announce_journal(struct announce *, int on);
/* Trace the alerts that open from now on (the live daemon), and remove
 * the tracefs instances that a killed mlk process left. */
void		 announce_traces(struct announce *, struct event_base *,
		    struct procfs *);
/* An event of a sample of boot_id. */
void		 announce_event(struct announce *, const struct detect_event *,
		    const char *boot_id);
/* End the trace under way; the entry waiting for it goes out. */
void		 announce_stop(struct announce *);

#endif
