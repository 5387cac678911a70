/* import: mlkd --import FILE.  A recording (lib/recording.h) is replayed
 * through the same parse -> store -> detect -> alert path as /proc, with
 * its own timestamps. */
#ifndef MLK_IMPORT_H
#define MLK_IMPORT_H

#include "collect.h"

/* Returns the number of samples stored, or -1 with *cause. */
long	import_file(struct collect *, const char *path, char **cause);

#endif
