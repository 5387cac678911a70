/* allocinfo: /proc/allocinfo text -> live bytes and calls per call site
 * (kernels with CONFIG_MEM_ALLOC_PROFILING, 6.10 and later).  Pure.
 *
 * Versions 1.x and 2.x are read as mm/alloc_tag.c prints them:
 *
 *	allocinfo - version: 2.0
 *	#     <size>  <calls> <tag info>
 *	   4194304     1024 fs/kernfs/dir.c:615 func:__kernfs_new_node
 *	     12288        3 drivers/foo/bar.c:20 [foo] func:bar_start accurate:no
 *
 * <size> is signed (a tag's frees may outrun its allocations); from 2.0 a
 * line may end in key:value pairs, of which accurate:no is kept and the
 * others passed over.  Another major version is refused. */
#ifndef MLK_ALLOCINFO_H
#define MLK_ALLOCINFO_H

#include <stddef.h>
#include <stdint.h>

#include "procfs.h"
#include "text.h"

/* "alloc:" and the name fill a series name (SERIES_MAX). */
#define ALLOC_NAME_MAX	122

struct alloc_site {
	char		 name[ALLOC_NAME_MAX];	/* "FILE:LINE FUNCTION [MODULE]" */
	int64_t		 bytes;
	int64_t		 calls;		/* live allocations */
	int		 inaccurate;	/* accurate:no: the absolute values are
					   off, their changes are not */
	int		 kept;		/* allocinfo_select chose it */
};

struct allocinfo {
	struct alloc_site	*site;	/* sorted by name */
	size_t			 n, cap;
	unsigned		 lines;	/* call sites read, before merging */
	struct skips		 skipped;	/* lines not taken */
};

/*
 * Parse /proc/allocinfo text into *ai (emptied first; start zeroed).  A
 * name longer than ALLOC_NAME_MAX - 1 bytes is cut; lines of one name (a
 * header's inline function tagged in each file that includes it, or
 * names cut alike) are summed into one site.  A line not understood, or
 * with a figure no int64_t holds (alone or summed), is skipped and
 * counted in ai->skipped; the rest is kept.  Returns 0, or -1 with
 * *cause when the version or the header is not understood.
 */
int	allocinfo_parse(const char *buf, size_t len, struct allocinfo *ai,
	    char **cause);
void	allocinfo_free(struct allocinfo *);

/* What allocinfo_select remembers of each call site in one boot. */
struct alloc_base {
	uint64_t	 hash;		/* of its name */
	int64_t		 bytes;		/* at the first reading of the boot */
	int		 kept;
};

struct alloc_keep {
	char		 boot_id[BOOT_ID_LEN + 1];
	struct alloc_base *b;		/* sorted by hash */
	size_t		 n, cap;
};

/*
 * Mark the sites of ai worth a series (site->kept): tens of thousands of
 * call sites, most of them idle.  Kept: a site that holds min bytes or
 * more, or has grown by min since the first reading of this boot (a
 * counter marked inaccurate, even negative, still grows as the leak
 * does); and, for the rest of the boot, every site kept once, so that
 * its series has no holes.  k starts zeroed and is reset by a new boot.
 */
void	allocinfo_select(struct alloc_keep *k, const char *boot_id,
	    struct allocinfo *ai, int64_t min);
void	allocinfo_keep_free(struct alloc_keep *);

#endif
