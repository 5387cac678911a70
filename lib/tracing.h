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

#define TRACING_PATH_MAX	256
#define TRACING_PREFIX		"mlk-"

/*
 * Where tracefs is: $MLK_TRACEFS if set (tests), else /sys/kernel/tracing,
 * mounted there if it is not yet and may_mount (needs CAP_SYS_ADMIN),
 * else the old /sys/kernel/debug/tracing.  -1 with *cause saying what is
 * missing.
 */
int	tracing_root(char root[TRACING_PATH_MAX], int may_mount, char **cause);
/* The kmem event formats: have[e] is 0 where the kernel lacks the event.
 * -1 with *cause if it has none of them. */
int	tracing_formats(const char *root,
	    struct trace_format fmt[ATTRIB_NEVENTS], int have[ATTRIB_NEVENTS],
	    char **cause);
/* Remove the instances of mlk processes that are gone (killed mid-trace);
 * returns how many. */
int	tracing_clean_stale(const char *root, struct procfs *);
/* All of the above for a cache of objects objsize bytes: the root, stale
 * instances gone, and the plan for this kernel's events. */
int	tracing_prepare(const char *cache, uint64_t objsize, struct procfs *,
	    char root[TRACING_PATH_MAX], struct attrib_plan *, char **cause);

/*
 * Make instances/mlk-<pid>, with a bounded buffer, the plan's filters and
 * events, and start it.  NULL with *cause (the instance removed again).
 */
struct tracing	*tracing_start(const char *root, const struct attrib_plan *,
		    char **cause);
/* The trace_pipe descriptor (non-blocking), for poll or an event loop. */
int		 tracing_fd(const struct tracing *);
/* Seconds since it started. */
double		 tracing_seconds(const struct tracing *);
/* Feed a what the kernel has buffered, up to a few MiB: 1 if there may be
 * more, 0 once it is empty, -1 with *cause on a read error. */
int		 tracing_drain(struct tracing *, struct attrib *, char **cause);
/*
 * Stop recording, feed a the rest, and make the result: the events the
 * kernel dropped for want of buffer, call sites named through kallsyms on
 * kernels that print addresses, processes the trace could not name
 * ("<...>") by their comm now.  The instance stays until tracing_free.
 */
void		 tracing_finish(struct tracing *, struct attrib *,
		    const struct attrib_plan *, struct procfs *,
		    struct attrib_result *);
/* Remove the instance (whether finished or not) and free. */
void		 tracing_free(struct tracing *);

#endif
