/* import: mlkd --import FILE.  A recording (lib/recording.h) is replayed
 * through the same parse -> store -> detect -> alert path as /proc, with
 * its own timestamps. */
#ifndef MLK_IMPORT_H
#define MLK_IMPORT_H

#include "collect.h"

/* How blocks without a timestamp are timed: the k-th block read at
 * start + k * step.  step 0: such a recording is refused.  has_start 0:
 * the last block is at the file's modification time (the loop's last
 * write). */
struct import_clock {
	int64_t		 step, start;
	int		 has_start;
};

/* Returns the number of samples stored, or -1 with *cause.  Blocks no
 * newer than what st holds of their boot are passed over. */
long	import_file(struct collect *, struct store *, const char *path,
	    const struct import_clock *, char **cause);

#endif
