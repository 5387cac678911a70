/* slabinfo: /proc/slabinfo text -> one record per cache name.  Pure.
 *
 * Columns are found by the header line, never by position alone: SLAB,
 * SLUB and the CONFIG_DEBUG_SLAB "(statistics)" layout all parse, and a
 * version other than 2.1 is refused.  Lines that share a name (two devices'
 * caches created with one name) are summed into one record. */
#ifndef MLK_SLABINFO_H
#define MLK_SLABINFO_H

#include <stddef.h>
#include <stdint.h>

#include "text.h"

#define SLAB_NAME_MAX 64

struct slab_cache {
	char		 name[SLAB_NAME_MAX];
	uint64_t	 active_objs;
	uint64_t	 num_objs;
	uint64_t	 objsize;	/* of the last line merged */
	uint64_t	 pages;		/* sum of num_slabs * pagesperslab */
	uint64_t	 active_bytes;	/* sum of active_objs * objsize */
	unsigned	 instances;	/* lines merged under this name */
	unsigned	 nth;		/* its place among the lines parsed */
};

struct slabinfo {
	struct slab_cache	*c;	/* sorted by name */
	size_t			 n, cap;
	/* Where the last parse put its nth cache once sorted, while those
	 * names were unique: the kernel lists caches in an order that seldom
	 * changes, so the next parse puts each where it expects it to go. */
	unsigned		*slot;
	size_t			 nslot;
	/* The text of the last parse, and where its nth cache's line lay in
	 * it: a line read again as it was holds the cache that its slot
	 * holds already, and is not parsed again (read every second, most
	 * caches have not moved; their parse was a fifth of mlkd's own CPU). */
	char			*last;
	size_t			 last_len, last_cap;
	struct slab_line { size_t off, len; } *line;	/* cap of them */
	int			 statistics;
	struct skips		 skipped;	/* lines not taken */
};

/* Parse /proc/slabinfo text into *si (emptied first; start zeroed).  A
 * cache's line that does not match the header, a name of 64 bytes or
 * more, or more memory than an int64_t holds (alone or summed with the
 * caches of its name) is skipped and counted in si->skipped; the rest is
 * kept.  Returns 0, or -1 with *cause set when the version or the header
 * is not understood; then *si holds nothing. */
int	slabinfo_parse(const char *buf, size_t len, struct slabinfo *si, char **cause);
/* The cache of that name, or NULL. */
const struct slab_cache *slabinfo_find(const struct slabinfo *, const char *name);
void	slabinfo_free(struct slabinfo *);

#endif
