#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/vfs.h>

#include "log.h"
#include "procfs.h"
#include "xmem.h"

/* /proc files report st_size 0; read to EOF, growing one buffer that is
 * kept across reads so a steady state allocates nothing. */
#define READ_MAX	(64u << 20)	/* refuse to slurp more than this */
#define HELD_MAX	8		/* files of the proc root kept open */
#ifndef PROC_SUPER_MAGIC
#define PROC_SUPER_MAGIC 0x9fa0
#endif

struct procfs {
	char	*proc_root;
	char	*sys_root;
	char	*buf;
	size_t	 cap;
	char	*procs;		/* procfs_processes' text */
	size_t	 procs_len;
	/* Files of a real /proc, kept open and read again from offset 0,
	 * which makes the kernel generate them afresh: opening them (a path
	 * walk, /proc/sys's above all) was a fifth of what a sample cost
	 * beyond the reading.  A fixture root's files are replaced between
	 * reads, so they are opened each time. */
	struct {
		char	*name;		/* under proc_root */
		int	 fd;
	}	 held[HELD_MAX];
	int	 nheld;
	/* A real kernel's boot id, once read: it cannot change while this
	 * process runs, and generating it (a /proc/sys handler) cost as much
	 * as reading meminfo.  "" until then, and always for a fixture root,
	 * whose boot id a test may rewrite. */
	char	 boot_id[BOOT_ID_LEN + 1];
	/* A real kernel's uptime is CLOCK_BOOTTIME, in a time namespace
	 * too: once one read shows the file is procfs's, the clock is read
	 * instead, by the system call itself, which no LD_PRELOAD'd clock
	 * moves (the file's two reads and parse were 9% of a live mlkd's
	 * CPU at interval 1s, by perf). */
	int	 uptime_clock;
};

struct procfs *
procfs_new(const char *proc_root, const char *sys_root)
{
	struct procfs *pf = xcalloc(1, sizeof *pf);

	pf->proc_root = xstrdup(proc_root ? proc_root : "/proc");
	pf->sys_root = xstrdup(sys_root ? sys_root : "/sys");
	pf->cap = 64 * 1024;
	pf->buf = xcalloc(1, pf->cap);
	return pf;
}

void
procfs_free(struct procfs *pf)
{
	if (pf == NULL)
		return;
	free(pf->proc_root);
	free(pf->sys_root);
	free(pf->buf);
	free(pf->procs);
	while (pf->nheld > 0) {
		pf->nheld--;
		free(pf->held[pf->nheld].name);
		close(pf->held[pf->nheld].fd);
	}
	free(pf);
}

/* Read fd from offset 0 to EOF into pf->buf. */
static int
read_fd(struct procfs *pf, int fd, size_t *len)
{
	size_t n = 0;
	ssize_t r;

	for (;;) {
		if (n + 1 >= pf->cap) {
			if (pf->cap >= READ_MAX) {
				errno = EFBIG;
				return -1;
			}
			pf->cap *= 2;
			pf->buf = xreallocarray(pf->buf, pf->cap, 1);
		}
		r = pread(fd, pf->buf + n, pf->cap - n - 1, (off_t)n);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			return -1;
		if (r == 0)
			break;
		n += (size_t)r;
	}
	pf->buf[n] = '\0';
	*len = n;
	return 0;
}

/* Open path and read it; keep it open as pf->held[] under `keep`, the
 * name it has under proc_root, if that is not NULL and it is a file of
 * procfs. */
static int
open_read(struct procfs *pf, const char *path, const char *keep,
    size_t *len, char **cause)
{
	struct statfs sf;
	int fd, r, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    (r = read_fd(pf, fd, len)) == -1) {
		saved = errno;
		if (fd != -1)
			close(fd);
		xasprintf(cause, "%s: %s", path, strerror(saved));
		errno = saved;
		return -1;
	}
	if (keep != NULL && pf->nheld < HELD_MAX && fstatfs(fd, &sf) == 0 &&
	    sf.f_type == PROC_SUPER_MAGIC) {
		pf->held[pf->nheld].name = xstrdup(keep);
		pf->held[pf->nheld++].fd = fd;
	} else
		close(fd);
	return r;
}

static int
read_path(struct procfs *pf, const char *path, size_t *len, char **cause)
{
	return open_read(pf, path, NULL, len, cause);
}

/* Which of pf->held is PROC_ROOT/name; -1 if none. */
static int
held(const struct procfs *pf, const char *name)
{
	int i;

	for (i = 0; i < pf->nheld; i++)
		if (strcmp(pf->held[i].name, name) == 0)
			return i;
	return -1;
}

int
procfs_read(struct procfs *pf, const char *name, const char **buf,
    size_t *len, char **cause)
{
	char path[PATH_MAX];
	int i;

	if ((i = held(pf, name)) != -1) {
		if (read_fd(pf, pf->held[i].fd, len) == 0) {
			*buf = pf->buf;
			return 0;
		}
		/* opened afresh below; this one is dropped */
		free(pf->held[i].name);
		close(pf->held[i].fd);
		pf->held[i] = pf->held[--pf->nheld];
	}
	/* a process's files (PID/comm) go with it: never kept */
	snprintf(path, sizeof path, "%s/%s", pf->proc_root, name);
	if (open_read(pf, path, isdigit((unsigned char)name[0]) ? NULL : name,
	    len, cause) == -1)
		return -1;
	*buf = pf->buf;
	return 0;
}

int
procfs_read_path(struct procfs *pf, const char *path, const char **buf,
    size_t *len, char **cause)
{
	if (read_path(pf, path, len, cause) == -1)
		return -1;
	*buf = pf->buf;
	return 0;
}

int
procfs_boot_id(struct procfs *pf, char id[BOOT_ID_LEN + 1], char **cause)
{
	const char *buf;
	size_t len;

	if (pf->boot_id[0] != '\0') {
		memcpy(id, pf->boot_id, sizeof pf->boot_id);
		return 0;
	}
	if (procfs_read(pf, "sys/kernel/random/boot_id", &buf, &len, cause))
		return -1;
	if (len < BOOT_ID_LEN || (len > BOOT_ID_LEN && buf[BOOT_ID_LEN] != '\n')) {
		xasprintf(cause, "%s/sys/kernel/random/boot_id: not a boot id",
		    pf->proc_root);
		return -1;
	}
	memcpy(id, buf, BOOT_ID_LEN);
	id[BOOT_ID_LEN] = '\0';
	if (held(pf, "sys/kernel/random/boot_id") != -1)
		memcpy(pf->boot_id, id, sizeof pf->boot_id);
	return 0;
}

int64_t
procfs_uptime_ms(struct procfs *pf)
{
	const char *buf;
	char *cause = NULL, *end;
	size_t len;
	double up;

	if (pf->uptime_clock) {
		struct timespec ts;

		if (syscall(SYS_clock_gettime, CLOCK_BOOTTIME, &ts) == -1)
			return -1;
		return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	}
	if (procfs_read(pf, "uptime", &buf, &len, &cause) == -1) {
		free(cause);
		return -1;
	}
	pf->uptime_clock = held(pf, "uptime") != -1;
	up = strtod(buf, &end);
	return end != buf && *end == ' ' && up >= 0 && up < 1e12 ?
	    (int64_t)(up * 1000) : -1;
}

int
procfs_slab_reclaimable(struct procfs *pf, const char *cache)
{
	char path[PATH_MAX], *cause = NULL;
	size_t len;

	if (strchr(cache, '/') != NULL)
		return -1;
	snprintf(path, sizeof path, "%s/kernel/slab/%s/reclaim_account",
	    pf->sys_root, cache);
	if (read_path(pf, path, &len, &cause) == -1) {
		free(cause);
		return -1;
	}
	return len > 0 && (pf->buf[0] == '0' || pf->buf[0] == '1') ?
	    pf->buf[0] == '1' : -1;
}

#define PF_KTHREAD	0x00200000	/* a kernel thread: no memory of its own */

/* A file of a process, into pf->buf; -1 (said nowhere) if it cannot be
 * read: processes come and go. */
static int
process_file(struct procfs *pf, const char *pid, const char *name)
{
	char path[PATH_MAX], *why = NULL;
	size_t n;
	int r;

	snprintf(path, sizeof path, "%s/%s/%s", pf->proc_root, pid, name);
	r = read_path(pf, path, &n, &why);
	free(why);
	return r;
}

/* A process's command (its stat's comm, control characters made '?')
 * and whether it is a kernel thread; -1 if it is gone or not a process. */
static int
process_stat(struct procfs *pf, const char *pid, char *comm, size_t len,
    int *kthread)
{
	char *open_, *close_;
	unsigned long flags;
	size_t n, i;

	if (process_file(pf, pid, "stat") == -1)
		return -1;
	if ((open_ = strchr(pf->buf, '(')) == NULL ||
	    (close_ = strrchr(pf->buf, ')')) == NULL || close_ < open_ ||
	    sscanf(close_ + 1, " %*c %*d %*d %*d %*d %*d %lu", &flags) != 1)
		return -1;
	n = (size_t)(close_ - open_ - 1);
	n = n < len - 1 ? n : len - 1;
	for (i = 0; i < n; i++)
		comm[i] = iscntrl((unsigned char)open_[1 + i]) ? '?' :
		    open_[1 + i];
	comm[n] = '\0';
	*kthread = (flags & PF_KTHREAD) != 0;
	return n > 0 ? 0 : -1;
}

/* Its memory in kB: PSS where smaps_rollup can be read (*rss = 0), else
 * RSS from statm; -1 if it is gone. */
static int64_t
process_kb(struct procfs *pf, const char *pid, int *rss)
{
	unsigned long long size, resident;
	long page = sysconf(_SC_PAGESIZE);
	char *at;

	if (process_file(pf, pid, "smaps_rollup") == 0 &&
	    (at = strstr(pf->buf, "\nPss:")) != NULL) {
		*rss = 0;
		return strtoll(at + 5, NULL, 10);
	}
	if (process_file(pf, pid, "statm") == -1 ||
	    sscanf(pf->buf, "%llu %llu", &size, &resident) != 2)
		return -1;
	*rss = 1;
	return (int64_t)(resident * (unsigned long long)(page > 0 ? page :
	    4096) / 1024);
}

int
procfs_processes(struct procfs *pf, const char **buf, size_t *len,
    char **cause)
{
	char comm[64];
	struct dirent *d;
	int64_t kb;
	FILE *f;
	DIR *dir;
	int kthread, rss;

	if ((dir = opendir(pf->proc_root)) == NULL) {
		xasprintf(cause, "%s: %s", pf->proc_root, strerror(errno));
		return -1;
	}
	free(pf->procs);
	pf->procs = NULL;
	if ((f = open_memstream(&pf->procs, &pf->procs_len)) == NULL)
		fatal("open_memstream");
	while ((d = readdir(dir)) != NULL) {
		if (d->d_name[0] < '1' || d->d_name[0] > '9' ||
		    d->d_name[strspn(d->d_name, "0123456789")] != '\0')
			continue;
		/* gone since the listing, a kernel thread, a zombie: none
		 * holds memory of its own */
		if (process_stat(pf, d->d_name, comm, sizeof comm,
		    &kthread) == -1 || kthread ||
		    (kb = process_kb(pf, d->d_name, &rss)) <= 0)
			continue;
		fprintf(f, "%s %lld %s\n", rss ? "rss" : "pss", (long long)kb,
		    comm);
	}
	closedir(dir);
	fclose(f);
	if (pf->procs_len == 0) {	/* not even mlkd: no /proc here */
		xasprintf(cause, "%s: no process found", pf->proc_root);
		errno = ENOENT;
		return -1;
	}
	*buf = pf->procs;
	*len = pf->procs_len;
	return 0;
}
