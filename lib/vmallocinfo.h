/* vmallocinfo: /proc/vmallocinfo text -> totals per caller and per type.
 * Pure.  Addresses are never kept: they are KASLR secrets (and hashed or
 * zeroed for most readers anyway). */
#ifndef MLK_VMALLOCINFO_H
#define MLK_VMALLOCINFO_H

#include <stddef.h>
#include <stdint.h>

#include "text.h"

#define VMALLOC_NAME_MAX 96

/* Areas that share a caller function (or a type word, for types). */
struct vmalloc_sum {
	char		 name[VMALLOC_NAME_MAX];
	uint64_t	 bytes;		/* sum of the size column (address span) */
	uint64_t	 areas;
	uint64_t	 pages;		/* sum of pages=N */
};

struct vmallocinfo {
	struct vmalloc_sum	*caller;	/* sorted by name */
	size_t			 ncaller, capcaller;
	struct vmalloc_sum	*type;		/* in order first seen */
	size_t			 ntype, captype;
	uint64_t		 bytes, areas;	/* all lines */
	uint64_t		 vmalloc_pages;	/* pages of "vmalloc" areas:
						   RAM that vmalloc() took */
	struct skips		 skipped;	/* lines not taken */
};

/*
 * Parse /proc/vmallocinfo text into *vi (emptied first; start zeroed).
 * The caller "func+0x1/0x2 [mod]" is kept as "func"; lines without one are
 * grouped under "[vm_map_ram]", "[unpurged]" or "[unknown]" (a caller the
 * kernel could only print as an address).  An area counts towards every
 * type word it carries ("vmalloc vpages"), so type totals overlap.  A
 * line not understood, with a type word of 96 bytes or more, or with more
 * memory than an int64_t holds (alone or in a sum) is skipped and counted
 * in vi->skipped; the rest is kept.  Returns 0, or -1 with *cause set when
 * lines were read but not one was understood.
 */
int	vmallocinfo_parse(const char *buf, size_t len, struct vmallocinfo *vi, char **cause);
void	vmallocinfo_free(struct vmallocinfo *);

#endif
