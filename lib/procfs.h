/* procfs: the only reader of /proc and /sys.  Both roots can be moved, so
 * tests and replays point the same code at fixture directories. */
#ifndef MLK_PROCFS_H
#define MLK_PROCFS_H

#include <stddef.h>
#include <stdint.h>

#define BOOT_ID_LEN 36

struct procfs;

struct procfs	*procfs_new(const char *proc_root, const char *sys_root);
void		 procfs_free(struct procfs *);
/*
 * Read PROC_ROOT/name whole.  On success *buf and *len describe the text,
 * valid until the next read.  On failure errno is kept (ENOENT, EACCES...)
 * and *cause says which file could not be read.
 */
int	procfs_read(struct procfs *, const char *name, const char **buf,
	    size_t *len, char **cause);
/* The same for a path of its own (tracefs, wherever it is mounted). */
int	procfs_read_path(struct procfs *, const char *path, const char **buf,
	    size_t *len, char **cause);
/* Every process of the proc root as lib/procmem's text ("pss KB COMM"
 * a line; kernel threads, zombies and processes gone since the listing
 * left out), valid until the next call; -1 (ENOENT) if there is none. */
int	procfs_processes(struct procfs *, const char **buf, size_t *len,
	    char **cause);
/* Does the kernel reclaim this slab cache under pressure
 * (SYS_ROOT/kernel/slab/CACHE/reclaim_account)?  1 or 0; -1 if the kernel
 * does not say (SLAB, no /sys, a merged alias).  Reuses the read buffer. */
int	procfs_slab_reclaimable(struct procfs *, const char *cache);
/* The kernel's boot id (sys/kernel/random/boot_id), 36 chars + NUL. */
int	procfs_boot_id(struct procfs *, char id[BOOT_ID_LEN + 1], char **cause);
/* Milliseconds since boot, suspend included (PROC_ROOT/uptime, or once
 * that shows a real /proc, CLOCK_BOOTTIME by its system call: the
 * kernel's own count, which no wall-clock step or LD_PRELOAD'd clock
 * moves); -1 if it cannot be read. */
int64_t	procfs_uptime_ms(struct procfs *);

#endif
