/*
 * attrib: who allocates what a slab cache keeps, or the pages the kernel
 * takes straight from the page allocator (kernel:unaccounted).  Plans
 * which kmem trace events to enable, and with which filters, from the
 * kernel's own event formats; then reads the trace text, pairs each
 * allocation with its free by pointer (pages: by pfn) and groups what is
 * still outstanding by call site, by stack and by process.  Pointers may
 * be raw or hashed (%p): pairing needs only equality, though a hashed
 * pointer has 32 bits and may collide.  Pure: the tracefs instance that
 * produces the text is tracing.[ch].
 */
#ifndef MLK_ATTRIB_H
#define MLK_ATTRIB_H

#include <stddef.h>
#include <stdint.h>

#include "stacks.h"
#include "tracefmt.h"

struct ksyms;

enum attrib_event {
	ATTRIB_KMALLOC, ATTRIB_KFREE, ATTRIB_CACHE_ALLOC, ATTRIB_CACHE_FREE,
	ATTRIB_PAGE_ALLOC, ATTRIB_PAGE_FREE,
	ATTRIB_NEVENTS
};

/* "kmalloc", "kfree", "kmem_cache_alloc", "kmem_cache_free",
 * "mm_page_alloc", "mm_page_free". */
extern const char *const attrib_event_name[ATTRIB_NEVENTS];
/* Is e one that allocates (kmalloc, kmem_cache_alloc, mm_page_alloc)? */
int	attrib_is_alloc(int e);

#define ATTRIB_CACHE_MAX	64
#define ATTRIB_FILTER_MAX	96
#define ATTRIB_LABEL_MAX	128
/* Outstanding allocations tracked at once: 24 bytes each, twice over in
 * the table; past it, allocations are counted as untracked. */
#define ATTRIB_TRACKED_MAX	(1u << 17)
/* Stacks reported, the most outstanding bytes first. */
#define ATTRIB_STACKS		10

struct attrib_plan {
	char		 cache[ATTRIB_CACHE_MAX];	/* "" for pages */
	uint64_t	 objsize;	/* pages: the page size */
	int		 enable[ATTRIB_NEVENTS];
	char		 filter[ATTRIB_NEVENTS][ATTRIB_FILTER_MAX]; /* "" none */
	int		 by_name;	/* kmem_cache_alloc filtered by name */
	int		 symbolic;	/* call_site prints as a symbol (%pS);
					   else as an address, for kallsyms */
	int		 stacks;	/* a stacktrace trigger follows each
					   allocation with its stack: the
					   tracer's to set */
};

/*
 * The events for a cache of objects objsize bytes, given the formats this
 * kernel has (fmt[e] NULL where the event is missing):
 *   kmalloc-N and bucket caches (msg_msg-4k, "-N" matching objsize) are
 *   fed by kmalloc, filtered by bytes_alloc == objsize, freed by kfree;
 *   other caches by kmem_cache_alloc filtered by name where the event has
 *   that field (6.x), else by bytes_alloc, freed by kmem_cache_free.
 * -1 with *cause when this kernel lacks what the cache needs.
 */
int	attrib_plan(struct attrib_plan *, const char *cache, uint64_t objsize,
	    const struct trace_format *const fmt[ATTRIB_NEVENTS], char **cause);
/*
 * The events for pages that no counter explains, of pagesize bytes:
 * mm_page_alloc, filtered to what the kernel keeps where the event has
 * migratetype (not MIGRATE_MOVABLE, 1 since Linux 4.4: user memory and
 * page cache, which meminfo counts, and most of the event rate), and
 * mm_page_free.  Every page freed passes free_pages_prepare, which emits
 * mm_page_free, pages freed to the per-CPU lists included;
 * mm_page_free_batched only repeats it for pages freed in batches (seen
 * on 6.18), so it is not traced.  A block pairs with the first free of
 * its pfn, whatever the order: one split into single pages (split_page,
 * alloc_pages_exact) counts as freed with its first page -- fewer pages
 * held, never a phantom leak.  -1 with *cause without those events.
 */
int	attrib_plan_pages(struct attrib_plan *, uint64_t pagesize,
	    const struct trace_format *const fmt[ATTRIB_NEVENTS], char **cause);
/* "kmem:kmalloc bytes_alloc == 4096, kmem:kfree ptr != 0". */
void	attrib_plan_describe(const struct attrib_plan *, char *buf, size_t len);

/* One group of outstanding allocations: a call site, or a process.
 * A page's call site is the first frame of its stack outside the page
 * allocator ("anon_pipe_write"), "(no stack)" without one. */
struct attrib_group {
	char		 label[ATTRIB_LABEL_MAX];	/* symbol, or comm */
	int		 pid;				/* processes only */
	uint64_t	 allocs;	/* seen from it while tracing */
	uint64_t	 outstanding;	/* of those, not freed by the end */
	uint64_t	 bytes;		/* outstanding bytes */
};

struct attrib_result {
	uint64_t	 allocs;	/* allocation events seen */
	uint64_t	 frees;		/* of those, freed while tracing */
	uint64_t	 free_events;	/* free events seen, any pointer */
	uint64_t	 outstanding, outstanding_bytes;
	uint64_t	 untracked;	/* allocations past ATTRIB_TRACKED_MAX */
	uint64_t	 unparsed;	/* lines not understood */
	uint64_t	 counted;	/* pages whose stack shows another
					   meminfo figure counts them (slab,
					   page tables, vmalloc, page cache):
					   left out of the rest */
	uint64_t	 lost;		/* events the kernel dropped: the
					   tracer's to fill in */
	struct attrib_group *site;	/* outstanding bytes, largest first */
	size_t		 nsite;
	struct attrib_group *proc;
	size_t		 nproc;
	/* With stacks (plan.stacks): the ATTRIB_STACKS holding the most;
	 * allocations whose stack found the table full are one group. */
	struct stack_group *stack;
	size_t		 nstack;
	uint64_t	 stack_overflow;	/* allocations in that group */
};

struct attrib;

struct attrib	*attrib_new(const struct attrib_plan *);
void		 attrib_free(struct attrib *);
/* Trace text as read, in any chunks: lines may span calls.  With
 * plan.stacks, each allocation's " => " frames are read after it. */
void		 attrib_feed(struct attrib *, const char *buf, size_t len);
/* Allocations seen so far, and of those freed: cheap, for progress. */
void		 attrib_totals(const struct attrib *, uint64_t *allocs,
		    uint64_t *frees);
/*
 * What is outstanding now.  Call sites printed as addresses (%lx
 * kernels, or %pS that found no symbol) are named through ks when given;
 * an address that stays unnamed is "(unknown)": raw kernel addresses are
 * never reported (KASLR).  Processes are named by the trace's comm.
 * A stack whose frames were still coming is ended first.
 */
void	attrib_result(struct attrib *, const struct ksyms *,
	    struct attrib_result *);
void	attrib_result_free(struct attrib_result *);

/* The share of a growth of slope bytes per hour, over a trace of seconds,
 * that a holder's outstanding bytes explain (1: all of it; -1 if there
 * was no growth to explain).  A holder is named only from
 * ATTRIB_SHARE_MIN: a few objects left by chance do not hold a leak
 * growing by megabytes. */
#define ATTRIB_SHARE_MIN	0.25
double	attrib_share(uint64_t bytes, double slope, double seconds);
/* Groups that share a label and pid (after renaming) become one, the
 * largest first; returns how many are left. */
size_t	attrib_groups_merge(struct attrib_group *, size_t n);

#endif
