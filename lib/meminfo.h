/* meminfo: /proc/meminfo text -> every key with its value.  Pure. */
#ifndef MLK_MEMINFO_H
#define MLK_MEMINFO_H

#include <stddef.h>
#include <stdint.h>

#include "text.h"

#define MEMINFO_KEY_MAX 32

struct meminfo_field {
	char		 key[MEMINFO_KEY_MAX];
	uint64_t	 value;		/* bytes if is_bytes, else a count */
	int		 is_bytes;	/* the kernel printed "kB" */
};

struct meminfo {
	struct meminfo_field	*f;
	size_t			 n, cap;
	struct skips		 skipped;	/* lines not taken */
};

/*
 * Parse the text of /proc/meminfo into *mi (which is emptied first; start
 * from a zeroed struct).  Parsed into the struct of the last parse, keys
 * in the order it had them are known to be no repeats without a search.
 * Keys are kept in the kernel's order; "kB" values are converted to
 * bytes.  A line with a unit we do not know is skipped rather than
 * misread.  A line that is not "Key: number [kB]", a key
 * given twice, or more bytes than an int64_t holds is skipped and counted
 * in mi->skipped; the rest is kept.  Returns 0, or -1 with *cause set
 * (caller frees) when the text is not meminfo (no MemTotal).
 */
int	meminfo_parse(const char *buf, size_t len, struct meminfo *mi, char **cause);
/* The value of key, or -1 if the kernel does not report it. */
int	meminfo_get(const struct meminfo *, const char *key, uint64_t *value);
void	meminfo_free(struct meminfo *);

#endif
