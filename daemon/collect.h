/* collect: the sampling timers.  Wires read -> parse -> sample -> store
 * for each source, and keeps the database within its retention. */
#ifndef MLK_COLLECT_H
#define MLK_COLLECT_H

#include <event2/event.h>

#include "conf.h"
#include "procfs.h"
#include "store.h"

struct collect;

struct collect	*collect_new(struct event_base *, struct procfs *,
		    struct store *, const struct conf *);
void		 collect_free(struct collect *);
/* Arm the timers; the first sample of every source is taken at once. */
void		 collect_start(struct collect *);
/* New intervals or retention after a reload; conf must outlive us. */
void		 collect_reconf(struct collect *, const struct conf *);
/* Read the sources named (SRC_ bits) into one stored sample.  Returns
 * the number of sources stored (0: none could be read), or -1 if the
 * store failed. */
int		 collect_sample(struct collect *, unsigned sources);

#endif
