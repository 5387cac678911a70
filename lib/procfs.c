#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "procfs.h"
#include "xmem.h"

/* /proc files report st_size 0; read to EOF, growing one buffer that is
 * kept across reads so a steady state allocates nothing. */
#define READ_MAX	(64u << 20)	/* refuse to slurp more than this */

struct procfs {
	char	*proc_root;
	char	*sys_root;
	char	*buf;
	size_t	 cap;
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
	free(pf);
}

static int
read_path(struct procfs *pf, const char *path, size_t *len, char **cause)
{
	size_t n = 0;
	ssize_t r;
	int fd, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		goto fail;
	for (;;) {
		if (n + 1 >= pf->cap) {
			if (pf->cap >= READ_MAX) {
				close(fd);
				errno = EFBIG;
				goto fail;
			}
			pf->cap *= 2;
			pf->buf = xreallocarray(pf->buf, pf->cap, 1);
		}
		r = read(fd, pf->buf + n, pf->cap - n - 1);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			saved = errno;
			close(fd);
			errno = saved;
			goto fail;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	pf->buf[n] = '\0';
	*len = n;
	return 0;
fail:
	saved = errno;
	xasprintf(cause, "%s: %s", path, strerror(saved));
	errno = saved;
	return -1;
}

int
procfs_read(struct procfs *pf, const char *name, const char **buf,
    size_t *len, char **cause)
{
	char path[PATH_MAX];

	snprintf(path, sizeof path, "%s/%s", pf->proc_root, name);
	return procfs_read_path(pf, path, buf, len, cause);
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

	if (procfs_read(pf, "sys/kernel/random/boot_id", &buf, &len, cause))
		return -1;
	if (len < BOOT_ID_LEN || (len > BOOT_ID_LEN && buf[BOOT_ID_LEN] != '\n')) {
		xasprintf(cause, "%s/sys/kernel/random/boot_id: not a boot id",
		    pf->proc_root);
		return -1;
	}
	memcpy(id, buf, BOOT_ID_LEN);
	id[BOOT_ID_LEN] = '\0';
	return 0;
}

int64_t
procfs_uptime_ms(struct procfs *pf)
{
	const char *buf;
	char *cause = NULL, *end;
	size_t len;
	double up;

	if (procfs_read(pf, "uptime", &buf, &len, &cause) == -1) {
		free(cause);
		return -1;
	}
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
