#include <string.h>

#include "pool.h"
#include "xmem.h"

void *
pool_get(struct pool *p)
{
	void *o;

	if ((o = p->free) != NULL) {
		memcpy(&p->free, o, sizeof p->free);
		return memset(o, 0, p->size);
	}
	if (p->block == NULL || p->used == p->per * p->size) {
		p->block = xcalloc(p->per, p->size);
		p->used = 0;
	}
	o = p->block + p->used;
	p->used += p->size;
	return o;
}

void
pool_put(struct pool *p, void *o)
{
	if (o == NULL)
		return;
	memcpy(o, &p->free, sizeof p->free);
	p->free = o;
}
