#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "collect.h"
#include "log.h"
#include "meminfo.h"
#include "notify.h"
#include "sample.h"
#include "slabinfo.h"
#include "vmallocinfo.h"
#include "xmem.h"

#define PRUNE_BATCH	64			/* samples per prune step */
#define WAL_LIMIT	(16 << 20)		/* bytes */

/*
 * What can fail in the periodic path.  Each is reported once per distinct
 * cause and again when it recovers, never every tick.
 */
enum trouble {
	T_MEMINFO, T_SLABINFO, T_VMALLOCINFO,	/* the sources, in this order */
	T_BOOT, T_STORE, T_PRUNE, T_WAL,
	T_COUNT
};

static const char *const trouble_what[T_COUNT] = {
	"meminfo", "slabinfo", "vmallocinfo",
	"boot id", "database", "pruning", "WAL checkpoint",
};

struct collect {
	struct procfs		*pf;
	struct store		*st;
	const struct conf	*conf;
	struct event		*sample_ev;	/* meminfo + slabinfo */
	struct event		*vmalloc_ev;
	struct event		*watchdog_ev;
	uint64_t		 page_size;

	struct meminfo		 mi;
	struct slabinfo		 si;
	struct vmallocinfo	 vi;
	struct sample		 smp;

	/* The newest vmalloc figure, for kernel:unaccounted between reads. */
	int64_t			 vmalloc_bytes;
	char			 vmalloc_boot[BOOT_ID_LEN + 1];

	char			*trouble[T_COUNT];	/* the cause, NULL if fine */
};

static void
complain(struct collect *c, enum trouble t, char *cause)
{
	if (c->trouble[t] == NULL || strcmp(c->trouble[t], cause) != 0)
		log_warnx("%s", cause);
	free(c->trouble[t]);
	c->trouble[t] = cause;
}

static void
release(struct collect *c, enum trouble t)
{
	if (c->trouble[t] == NULL)
		return;
	log_info("%s: working again", trouble_what[t]);
	free(c->trouble[t]);
	c->trouble[t] = NULL;
}

static int64_t
now_ms(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
sample_begin(struct collect *c)
{
	char *cause = NULL;

	sample_clear(&c->smp);
	c->smp.time = time(NULL);
	c->smp.uptime_ms = now_ms(CLOCK_BOOTTIME);
	if (procfs_boot_id(c->pf, c->smp.boot_id, &cause) == -1) {
		/* Fixture roots may lack one; all their samples share it. */
		complain(c, T_BOOT, cause);
		strcpy(c->smp.boot_id, "00000000-0000-0000-0000-000000000000");
	} else
		release(c, T_BOOT);
}

/* Read and parse one source (T_MEMINFO...) into c; -1 if it failed. */
static int
load(struct collect *c, enum trouble src)
{
	const char *name = trouble_what[src], *buf;
	char *cause = NULL;
	size_t len;
	int rc;

	if (procfs_read(c->pf, name, &buf, &len, &cause) == -1) {
		if (errno == EACCES || errno == EPERM) {
			free(cause);
			xasprintf(&cause, "cannot read %s: permission denied; "
			    "mlkd needs root (CAP_DAC_READ_SEARCH) for it; the "
			    "other sources go on", name);
		} else if (errno == ENOENT) {
			free(cause);
			xasprintf(&cause, "%s does not exist on this kernel; "
			    "the other sources go on", name);
		}
		complain(c, src, cause);
		return -1;
	}
	if (src == T_MEMINFO)
		rc = meminfo_parse(buf, len, &c->mi, &cause);
	else if (src == T_SLABINFO)
		rc = slabinfo_parse(buf, len, &c->si, &cause);
	else
		rc = vmallocinfo_parse(buf, len, &c->vi, &cause);
	if (rc == -1) {
		complain(c, src, cause);
		return -1;
	}
	release(c, src);
	return 0;
}

static int
add_meminfo(struct collect *c)
{
	int64_t unacc, vmalloc = -1;

	if (load(c, T_MEMINFO) == -1)
		return 0;
	sample_add_meminfo(&c->smp, &c->mi);
	if (strcmp(c->vmalloc_boot, c->smp.boot_id) == 0)
		vmalloc = c->vmalloc_bytes;
	if (sample_unaccounted(&c->mi, vmalloc, &unacc) == 0)
		sample_add(&c->smp, "kernel", "unaccounted", unacc, -1);
	return 1;
}

static int
add_slabinfo(struct collect *c)
{
	if (load(c, T_SLABINFO) == -1)
		return 0;
	sample_add_slabinfo(&c->smp, &c->si, c->page_size);
	return 1;
}

static int
add_vmallocinfo(struct collect *c)
{
	if (load(c, T_VMALLOCINFO) == -1)
		return 0;
	sample_add_vmallocinfo(&c->smp, &c->vi, c->page_size);
	c->vmalloc_bytes = (int64_t)(c->vi.vmalloc_pages * c->page_size);
	memcpy(c->vmalloc_boot, c->smp.boot_id, sizeof c->vmalloc_boot);
	return 1;
}

/* Store the sample, then do a little housekeeping. */
static int
sample_commit(struct collect *c)
{
	char *cause = NULL;
	int r;

	if (store_put(c->st, &c->smp, &cause) == -1) {
		complain(c, T_STORE, cause);
		return -1;
	}
	release(c, T_STORE);
	r = store_prune(c->st, c->smp.time, c->conf->retention,
	    c->conf->rollup_retention, PRUNE_BATCH, &cause);
	if (r == -1)
		complain(c, T_PRUNE, cause);
	else
		release(c, T_PRUNE);
	r = store_trim_wal(c->st, WAL_LIMIT, &cause);
	if (r == 1)
		complain(c, T_WAL, xstrdup("the WAL cannot be reset while "
		    "another process holds a read transaction open on the "
		    "database; it will be once that reader finishes"));
	else if (r == -1)
		complain(c, T_WAL, cause);
	else
		release(c, T_WAL);
	return 0;
}

int
collect_sample(struct collect *c, unsigned sources)
{
	int n = 0;

	sample_begin(c);
	/* vmalloc first, so kernel:unaccounted gets a fresh vmalloc term. */
	if (sources & SRC_VMALLOCINFO)
		n += add_vmallocinfo(c);
	if (sources & SRC_MEMINFO)
		n += add_meminfo(c);
	if (sources & SRC_SLABINFO)
		n += add_slabinfo(c);
	if (n > 0 && sample_commit(c) == -1)
		return -1;
	return n;
}

static void
sample_cb(evutil_socket_t fd, short events, void *arg)
{
	struct collect *c = arg;

	(void)fd;
	(void)events;
	if (collect_sample(c, SRC_MEMINFO | SRC_SLABINFO) > 0)
		notify_status("%zu series sampled", c->smp.n);
}

static void
vmalloc_cb(evutil_socket_t fd, short events, void *arg)
{
	(void)fd;
	(void)events;
	collect_sample(arg, SRC_VMALLOCINFO);
}

static void
watchdog_cb(evutil_socket_t fd, short events, void *arg)
{
	(void)fd;
	(void)events;
	(void)arg;
	notify_watchdog();
}

struct collect *
collect_new(struct event_base *base, struct procfs *pf, struct store *st,
    const struct conf *conf)
{
	struct collect *c = xcalloc(1, sizeof *c);
	long ps = sysconf(_SC_PAGESIZE);

	c->pf = pf;
	c->st = st;
	c->conf = conf;
	c->page_size = ps > 0 ? (uint64_t)ps : 4096;
	c->vmalloc_bytes = -1;
	c->sample_ev = event_new(base, -1, EV_PERSIST, sample_cb, c);
	c->vmalloc_ev = event_new(base, -1, EV_PERSIST, vmalloc_cb, c);
	c->watchdog_ev = event_new(base, -1, EV_PERSIST, watchdog_cb, c);
	if (!c->sample_ev || !c->vmalloc_ev || !c->watchdog_ev)
		fatalx("event_new failed");
	return c;
}

static void
arm(struct event *ev, int64_t seconds)
{
	struct timeval tv = { .tv_sec = seconds };

	event_add(ev, &tv);
}

void
collect_reconf(struct collect *c, const struct conf *conf)
{
	c->conf = conf;
	arm(c->sample_ev, conf->interval);
	arm(c->vmalloc_ev, conf->vmalloc_interval);
}

void
collect_start(struct collect *c)
{
	uint64_t wd = notify_watchdog_usec();
	struct timeval tv;

	vmalloc_cb(-1, 0, c);
	sample_cb(-1, 0, c);
	collect_reconf(c, c->conf);
	if (wd > 0) {
		tv.tv_sec = (time_t)(wd / 2 / 1000000);
		tv.tv_usec = (suseconds_t)(wd / 2 % 1000000);
		event_add(c->watchdog_ev, &tv);
	}
}

void
collect_free(struct collect *c)
{
	int t;

	if (c == NULL)
		return;
	event_free(c->sample_ev);
	event_free(c->vmalloc_ev);
	event_free(c->watchdog_ev);
	meminfo_free(&c->mi);
	slabinfo_free(&c->si);
	vmallocinfo_free(&c->vi);
	sample_free(&c->smp);
	for (t = 0; t < T_COUNT; t++)
		free(c->trouble[t]);
	free(c);
}
