#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "import.h"
#include "log.h"
#include "procfs.h"
#include "recording.h"
#include "xmem.h"

/* Where the recording does not name its boots: one id per file, a new
 * one whenever the uptime goes back (the machine rebooted). */
struct boots {
	uint64_t	 base;
	unsigned	 n;
	double		 last_uptime;
	char		 id[BOOT_ID_LEN + 1];
};

static uint64_t
fnv1a(uint64_t h, const void *p, size_t len)
{
	const unsigned char *s = p;

	while (len-- > 0)
		h = (h ^ *s++) * 0x100000001b3ULL;
	return h;
}

static double
uptime_of(struct span s)
{
	char buf[32];

	if (s.p == NULL || s.len == 0)
		return -1;
	snprintf(buf, sizeof buf, "%.*s", (int)(s.len < 31 ? s.len : 31), s.p);
	return strtod(buf, NULL);
}

static const char *
boot_of(struct boots *b, const struct rec_block *blk, double uptime)
{
	struct span s = blk->boot_id;

	if (s.p != NULL && s.len >= BOOT_ID_LEN) {
		memcpy(b->id, s.p, BOOT_ID_LEN);
		b->id[BOOT_ID_LEN] = '\0';
		return b->id;
	}
	if (uptime >= 0 && uptime < b->last_uptime)
		b->n++;
	if (uptime >= 0)
		b->last_uptime = uptime;
	snprintf(b->id, sizeof b->id, "%08x-%04x-%04x-%04x-%012llx",
	    (unsigned)(b->base >> 32), (unsigned)(b->base >> 16) & 0xffff,
	    (unsigned)b->base & 0xffff, b->n & 0xffff,
	    (unsigned long long)(fnv1a(b->base, &b->n, sizeof b->n) &
	    0xffffffffffffULL));
	return b->id;
}

/*
 * Count the blocks, for the times of those without a timestamp, which
 * take --step: without it they are refused before anything is stored.
 */
static int
count_blocks(const char *path, const char *buf, size_t len,
    const struct import_clock *clk, long *n, char **cause)
{
	struct recording rec;
	struct rec_block blk;
	char *err = NULL;
	int r;

	*n = 0;
	recording_open(&rec, buf, len);
	while ((r = recording_next(&rec, &blk, &err)) != 0) {
		free(err);
		err = NULL;
		if (r == -1)
			continue;
		if (!blk.timed && clk->step == 0) {
			xasprintf(cause, "%s: line %zu: a block without a "
			    "timestamp (a \"===\" line alone, or bare /proc "
			    "text); give the time between blocks with --step "
			    "SECONDS (and the first block's with --start TIME)",
			    path, blk.line);
			return -1;
		}
		++*n;
	}
	return 0;
}

/*
 * Whether the database holds a block already: it is no newer than the
 * newest sample of its boot there (the same recording replayed twice, or
 * one that overlaps the last).  Stored again, its samples would count
 * twice in every fit and rollup.
 */
struct held {
	char		 boot_id[BOOT_ID_LEN + 1];
	int64_t		 until;		/* -1: nothing of that boot */
	long		 n;
};

static int
held(struct held *h, struct store *st, const char *boot_id, int64_t time,
    char **cause)
{
	if (strcmp(h->boot_id, boot_id) != 0) {
		if ((h->until = store_boot_newest(st, boot_id, cause)) == -2)
			return -1;
		snprintf(h->boot_id, sizeof h->boot_id, "%s", boot_id);
	}
	if (time > h->until)
		return 0;
	h->n++;
	return 1;
}

static long
replay(struct collect *c, struct store *st, const char *path,
    const char *buf, size_t len, int64_t start, int64_t step, char **cause)
{
	struct boots boots = { .last_uptime = -1 };
	struct held seen = { .until = -1 };
	const char *boot;
	struct recording rec;
	struct rec_block blk;
	char real[PATH_MAX], *err = NULL;
	long stored = 0, empty = 0, failed = 0, unread = 0, timed_up = 0;
	size_t first_failed = 0;
	char *first_unread = NULL;
	double up;
	int64_t k = 0;
	int r, n;

	if (realpath(path, real) == NULL)
		snprintf(real, sizeof real, "%s", path);
	boots.base = fnv1a(0xcbf29ce484222325ULL, real, strlen(real));
	recording_open(&rec, buf, len);
	while ((r = recording_next(&rec, &blk, &err)) != 0) {
		if (r == -1) {		/* passed over, the first one said */
			if (unread++ == 0)
				first_unread = err;
			else
				free(err);
			err = NULL;
			continue;
		}
		if (!blk.timed)
			blk.time = start + k * step;
		k++;
		up = uptime_of(blk.uptime);
		timed_up += up >= 0;
		boot = boot_of(&boots, &blk, up);
		switch (held(&seen, st, boot, blk.time, cause)) {
		case -1:
			free(first_unread);
			return -1;
		case 1:
			continue;
		}
		n = collect_text(c, blk.time, up < 0 ? -1 : (int64_t)(up * 1000),
		    boot, blk.src);
		/* a block that cannot be stored is passed over: the
		 * database said why, once */
		if (n == -1 && failed++ == 0)
			first_failed = blk.line;
		if (n == 0)
			empty++;
		stored += n > 0;
	}
	if (empty > 0)
		log_warnx("%s: %ld blocks had no readable section", path,
		    empty);
	if (seen.n > 0)
		log_warnx("%s: %ld block%s passed over: the database holds "
		    "samples of their boot as new or newer", path, seen.n,
		    seen.n == 1 ? "" : "s");
	if (stored == 0 && seen.n == 0) {
		if (unread > 0)
			xasprintf(cause, "%s: %s", path, first_unread);
		else if (failed > 0)
			xasprintf(cause, "%s: not one sample could be stored "
			    "(the first at line %zu)", path, first_failed);
		else
			xasprintf(cause, "%s: no block had a readable "
			    "section", path);
		free(first_unread);
		return -1;
	}
	/* the loop mlkd(8) gives records the uptime; an older one did not,
	 * and a warm-up it caught pages as a leak begun before it */
	if (stored > 0 && timed_up == 0)
		log_info("%s: no block has an uptime section: taken as a "
		    "machine up since long before it, so caches that fill "
		    "after a boot are judged as growth", path);
	if (unread > 0)
		log_warnx("%s: %ld block%s passed over, the first at %s", path,
		    unread, unread == 1 ? "" : "s", first_unread);
	if (failed > 0)
		log_warnx("%s: %ld samples could not be stored, the first at "
		    "line %zu", path, failed, first_failed);
	free(first_unread);
	return stored;
}

long
import_file(struct collect *c, struct store *st, const char *path,
    const struct import_clock *clk, char **cause)
{
	struct stat sb;
	int64_t start;
	void *map;
	long n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &sb) == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	if (sb.st_size == 0) {
		close(fd);
		xasprintf(cause, "%s: empty; nothing to import", path);
		return -1;
	}
	map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return -1;
	}
	madvise(map, (size_t)sb.st_size, MADV_SEQUENTIAL);
	if (count_blocks(path, map, (size_t)sb.st_size, clk, &n, cause) == -1)
		n = -1;
	else {
		start = clk->has_start ? clk->start :
		    (int64_t)sb.st_mtime - (n > 0 ? n - 1 : 0) * clk->step;
		n = replay(c, st, path, map, (size_t)sb.st_size, start, clk->step,
		    cause);
	}
	munmap(map, (size_t)sb.st_size);
	return n;
}
