/*
 * pool: objects of one size, carved in order from blocks of many and
 * given back to a free list, so that what a loop touches for each of
 * hundreds of series lies on a few pages, not on a page each.
 *
 * A live mlkd touches every series' state once a second and sleeps in
 * between; by then its pages are old again (the kernel's reclaim and
 * DAMON clear their accessed bits, and a virtual machine's shadow page
 * tables trap the first touch after that), and each page costs
 * microseconds whatever is read from it.  Blocks come zeroed from
 * calloc and are carved in order, so pages no object has reached stay
 * out of RSS.  Blocks live as long as the process; a pool is used by
 * one thread.
 */
#ifndef MLK_POOL_H
#define MLK_POOL_H

#include <stddef.h>

struct pool {
	size_t		 size;		/* of an object, a multiple of 16 */
	size_t		 per;		/* objects a block */
	char		*block;		/* carved up to used */
	size_t		 used;
	void		*free;		/* objects given back, each holding
					   the next's address */
};

#define POOL_INIT(size, per) \
	{ ((size) + 15) & ~(size_t)15, (per), NULL, 0, NULL }

void	*pool_get(struct pool *);	/* zeroed */
void	 pool_put(struct pool *, void *);

#endif
