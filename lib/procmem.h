/*
 * procmem: the memory of user space, by command, to rule it in or out
 * when MemAvailable falls.  The text (lib/procfs procfs_processes, or a
 * recording's "--- processes" section) is a line per process:
 *
 *	pss KB COMMAND		PSS, from /proc/PID/smaps_rollup (4.14+)
 *	rss KB COMMAND		RSS, from /proc/PID/statm, where there is
 *				no smaps_rollup or it cannot be read
 *
 * Pure: parsed into one total per command, largest first.
 */
#ifndef MLK_PROCMEM_H
#define MLK_PROCMEM_H

#include <stddef.h>
#include <stdint.h>

#include "text.h"

#define PROCMEM_COMM_MAX	64

struct procmem_cmd {
	char		 comm[PROCMEM_COMM_MAX];
	int64_t		 bytes;
	int64_t		 procs;
};

struct procmem {
	struct procmem_cmd *cmd;	/* largest first, ties by name */
	size_t		 n, cap;
	int64_t		 procs, rss;	/* processes, and of them measured
					   by RSS */
	struct skips	 skipped;
};

/* Parse the text into *pm (emptied first; start from a zeroed struct).
 * A line that is not "pss|rss KB COMMAND" is skipped and counted; the
 * rest is kept.  Always 0: no processes is an answer. */
int	procmem_parse(const char *buf, size_t len, struct procmem *pm,
	    char **cause);
void	procmem_free(struct procmem *);

#endif
