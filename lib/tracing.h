/*
 * tracing: a private tracefs instance for attribution, and the only
 * writer of tracefs.  Everything happens in instances/mlk-<pid>: the
 * top-level tracing state (other people's traces) is never touched, and
 * an instance left by a killed process is recognised by its name.
 */
#ifndef MLK_TRACING_H
#define MLK_TRACING_H

#include <stddef.h>
#include <stdint.h>

#include "attrib.h"

struct procfs;
struct tracing;

/* Remove the instances of mlk processes that are gone (killed
 * mid-trace), where tracefs is mounted; returns how many. */
int	tracing_clean(struct procfs *);

/*
 * Trace series -- slab:CACHE, of objects objsize bytes, or
 * kernel:unaccounted, the page allocator's pages (objsize unused) --
 * and with stacks the kernel stack of each allocation: find tracefs
 * ($MLK_TRACEFS if set, for tests; else /sys/kernel/tracing, mounted if
 * it is not and we may; else /sys/kernel/debug/tracing), remove stale
 * instances (how many in *cleaned, failed or not, for the caller to
 * say), plan the events from this kernel's formats (lib/attrib), make
 * instances/mlk-<pid> with a bounded buffer, the plan's filters and
 * events, and start it.  NULL with *cause (no instance left behind).
 * pf reads tracefs, kallsyms and comms; it must outlive the trace.
 */
struct tracing	*tracing_start(const char *series, uint64_t objsize,
		    int stacks, struct procfs *pf, int *cleaned, char **cause);
/* The trace_pipe descriptor (non-blocking), for poll or an event loop. */
int		 tracing_fd(const struct tracing *);
/* Seconds since it started. */
double		 tracing_seconds(const struct tracing *);
/* The events and filters traced: "kmem:kmalloc bytes_alloc == 4096
 * with stacks, ...; not our own (common_pid != 123)": the tracer's own
 * allocations (reading the trace allocates) are never counted. */
const char	*tracing_events(const struct tracing *);
/* Why the trace has no stacks (no trigger file, the kernel refused the
 * trigger, not asked for); NULL when it has. */
const char	*tracing_nostacks(const struct tracing *);
/* Allocations seen so far, and of those freed. */
void		 tracing_totals(const struct tracing *, uint64_t *allocs,
		    uint64_t *frees);
/* Pair what the kernel has buffered, up to a few MiB: 1 if there may be
 * more, 0 once it is empty, -1 with *cause on a read error. */
int		 tracing_drain(struct tracing *, char **cause);
/*
 * Stop recording, pair the rest, and make the result: the events the
 * kernel dropped for want of buffer, call sites named through kallsyms on
 * kernels that print addresses, processes the trace could not name
 * ("<...>") by their comm now.  The instance stays until tracing_free.
 */
void		 tracing_finish(struct tracing *, struct attrib_result *);
/* Remove the instance (whether finished or not) and free. */
void		 tracing_free(struct tracing *);

#endif
