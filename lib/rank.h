/* rank: the series of the newest boot ranked by growth over a window
 * that ends at the newest sample (for mlk-query top). */
#ifndef MLK_RANK_H
#define MLK_RANK_H

#include <stddef.h>
#include <stdint.h>

#include "sample.h"
#include "store.h"

struct ranked {
	char		 series[SERIES_MAX];
	int64_t		 bytes;		/* the newest value */
	double		 slope;		/* bytes per hour, Theil-Sen */
	double		 confidence;
	size_t		 points;
	int64_t		 span;		/* seconds from first point to last */
};

/*
 * Fit every series whose name starts with prefix (NULL: all) over
 * [newest - window, newest] of the newest boot; at least three points
 * each.  *out is sorted by slope, fastest growth first; caller frees.
 * *newest is the time of the newest sample (-1: an empty database).
 */
int	rank_growth(struct store *, int64_t window, const char *prefix,
	    struct ranked **out, size_t *n, int64_t *newest, char **cause);

#endif
