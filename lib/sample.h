/* sample: one timestamped set of series values, built from parsed /proc
 * files, plus the series the kernel does not print but we derive.  Pure.
 *
 * Series are named KIND:NAME (slab:dentry, meminfo:SUnreclaim,
 * vmalloc:<caller>, kernel:unaccounted, alloc:<file>:<line> <function>);
 * every value is bytes. */
#ifndef MLK_SAMPLE_H
#define MLK_SAMPLE_H

#include <stddef.h>
#include <stdint.h>

#include "allocinfo.h"
#include "meminfo.h"
#include "procfs.h"
#include "slabinfo.h"
#include "vmallocinfo.h"

#define SERIES_MAX 128

struct point {
	char		 series[SERIES_MAX];
	int64_t		 bytes;
	int64_t		 objects;	/* slab: active objects; vmalloc: areas;
					   alloc: live calls; -1 where it means
					   nothing */
	unsigned	 source;	/* the SOURCE_BIT it was read from */
};

struct sample {
	int64_t		 time;		/* wall clock, Unix seconds */
	int64_t		 uptime_ms;	/* CLOCK_BOOTTIME; -1 if unknown */
	char		 boot_id[BOOT_ID_LEN + 1];
	unsigned	 sources;	/* SOURCE_BITs of what it read */
	struct point	*p;
	size_t		 n, cap;
	/* Which names: a number that changes whenever a point's series
	 * differs from the one at its index in the sample before (never
	 * the same for two samples built apart; 0: unknown, as in a sample
	 * not built by sample_add).  A reader that saw this number last
	 * time knows every name is where it was, and compares none. */
	uint64_t	 names;
	size_t		 named;		/* points the sample before had */
	int		 renamed;	/* names is this sample's own */
};

/* The memory that no kernel counter explains (sample_unaccounted). */
#define SERIES_UNACCOUNTED	"kernel:unaccounted"

/* The name of a series of the kind given ("slab:dentry", "slab" ->
 * "dentry"); NULL if the series is of another kind. */
const char *series_name(const char *series, const char *kind);

/* Every kind of series, slab caches first (a bare name means the first
 * kind that has it); NULL-terminated. */
extern const char *const sample_kinds[];

/* The split of memory that mlk-query status shows and mlkd exports:
 * what people call it, a name for programs, its series, and whether it
 * is the kernel's. */
struct sample_part {
	const char	*label, *name, *series;
	int		 kernel;	/* the kernel's own memory */
};
extern const struct sample_part sample_parts[];
extern const size_t sample_nparts;

void	sample_clear(struct sample *);
/* Does s name the same series at the same places as the sample whose
 * names number a reader kept (seen)?  Never for a number of 0. */
int	sample_same_names(const struct sample *s, uint64_t seen);
void	sample_free(struct sample *);
void	sample_add(struct sample *, const char *kind, const char *name,
	    int64_t bytes, int64_t objects);
/* The points from first on were read from source (a SOURCE_BIT): they
 * and the sample say so. */
void	sample_took(struct sample *, unsigned source, size_t first);
/* meminfo:<Key> for every key the kernel reports in kB. */
void	sample_add_meminfo(struct sample *, const struct meminfo *);
/* slab:<cache> = pages * page_size; objects = active objects. */
void	sample_add_slabinfo(struct sample *, const struct slabinfo *,
	    uint64_t page_size);
/* vmalloc:<caller> and vmalloc_type:<type> = address span, objects =
 * areas (types overlap: an area counts for each type word it has);
 * kernel:vmalloc = RAM vmalloc() holds. */
void	sample_add_vmallocinfo(struct sample *, const struct vmallocinfo *,
	    uint64_t page_size);
/* alloc:<file>:<line> <function> [<module>] = live bytes, objects = live
 * calls, for the sites allocinfo_select kept. */
void	sample_add_allocinfo(struct sample *, const struct allocinfo *);

/* proc:<command> = the PSS (or RSS) of its processes, objects = how many;
 * the largest `top` commands, then proc:(other) for the rest. */
struct procmem;
void	sample_add_procmem(struct sample *, const struct procmem *,
	    size_t top);

/*
 * The memory no kernel counter explains: pages taken straight from the page
 * allocator (alloc_pages) by drivers and subsystems.
 *
 *   unaccounted = MemTotal - MemFree
 *               - (AnonPages + Cached + SwapCached + Buffers)        user
 *               - (SReclaimable + SUnreclaim)      [or Slab]         slab
 *               - vmalloc                                            vmalloc
 *               - KernelStack - PageTables - SecPageTables - Percpu
 *               - HugeTLB   [Hugetlb, or HugePages_Total*Hugepagesize]
 *               - (KReclaimable - SReclaimable) - Zswap - Unaccepted
 *
 * A term the kernel does not print counts as 0 (Percpu and Hugetlb before 4.16,
 * SecPageTables before 6.0...), so older kernels fold it into the result.
 * vmalloc is vmalloc_bytes (pages of "vmalloc" areas in vmallocinfo) when
 * known, else VmallocUsed.  The result may be slightly negative: the
 * kernel's per-cpu counters lag.  Returns -1 without MemTotal or MemFree,
 * or if a sum would not fit in an int64_t (never wrapped).
 */
int	sample_unaccounted(const struct meminfo *, int64_t vmalloc_bytes,
	    int64_t *out);

#endif
