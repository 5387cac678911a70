#include <sys/mount.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ksyms.h"
#include "procfs.h"
#include "sample.h"
#include "tracing.h"
#include "xmem.h"

#define ROOT_MAX	256		/* where tracefs is */
#define DIR_MAX		(ROOT_MAX + 32)	/* ROOT/instances/mlk-PID */
#define PATH_IN_DIR	(DIR_MAX + 64)	/* a file of the instance */
#define PREFIX		"mlk-"
#define FILTER_MAX	(ATTRIB_FILTER_MAX + 48)	/* and not our pid */
#define READ_CHUNK	(64 << 10)
/* Per drain: the caller gets its loop back even if the kernel writes
 * faster than we read (what does not fit is dropped and counted). */
#define DRAIN_MAX	(4 << 20)
/* Per-CPU buffer: enough for a second or two of a busy kfree stream,
 * and no more than 32 MiB over all CPUs. */
#define BUFFER_KB_MIN	256
#define BUFFER_KB_MAX	4096
#define BUFFER_KB_TOTAL	(32 << 10)

struct tracing {
	char		 dir[DIR_MAX];	/* the instance */
	int		 fd;			/* its trace_pipe */
	char		*buf;
	struct timespec	 t0;			/* when it started */
	struct procfs	*pf;
	struct attrib_plan plan;
	char		 events[512];		/* the plan, described */
	char		 nostacks[200];		/* why there are none; "" */
	struct attrib	*a;			/* what it read, paired */
};

static int
is_dir(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* Where tracefs is; mounted first if may_mount (needs CAP_SYS_ADMIN).
 * -1 with *cause saying what is missing. */
static int
root_of(char root[ROOT_MAX], int may_mount, char **cause)
{
	const char *env = getenv("MLK_TRACEFS"), *sys = "/sys/kernel/tracing";
	char inst[PATH_IN_DIR];
	int why = ENOENT;

	if (env != NULL && *env != '\0') {
		snprintf(root, ROOT_MAX, "%s", env);
		snprintf(inst, sizeof inst, "%s/instances", root);
		if (is_dir(inst))
			return 0;
		xasprintf(cause, "no tracefs at %s (MLK_TRACEFS)", root);
		return -1;
	}
	snprintf(root, ROOT_MAX, "%s", sys);
	if (is_dir("/sys/kernel/tracing/instances"))
		return 0;
	if (may_mount && is_dir(sys)) {
		if (mount("tracefs", sys, "tracefs", 0, NULL) == 0 &&
		    is_dir("/sys/kernel/tracing/instances"))
			return 0;
		why = errno;
	}
	snprintf(root, ROOT_MAX, "/sys/kernel/debug/tracing");
	if (is_dir("/sys/kernel/debug/tracing/instances"))
		return 0;
	if (!is_dir(sys))
		xasprintf(cause, "no tracefs: this kernel has no "
		    "/sys/kernel/tracing (CONFIG_TRACING?)");
	else
		xasprintf(cause, "no tracefs: /sys/kernel/tracing is not "
		    "mounted%s%s; as root: mount -t tracefs tracefs "
		    "/sys/kernel/tracing", may_mount ? " and could not be: " :
		    "", may_mount ? strerror(why) : "");
	return -1;
}

/* The kmem event formats: fmt[e] NULL where the kernel lacks the event;
 * -1 with *cause if it has none of them. */
static int
formats(const char *root, struct procfs *pf,
    struct trace_format fmt[ATTRIB_NEVENTS],
    const struct trace_format *use[ATTRIB_NEVENTS], char **cause)
{
	char path[PATH_IN_DIR], *why = NULL;
	const char *buf;
	int e, any = 0;
	size_t len;

	for (e = 0; e < ATTRIB_NEVENTS; e++) {
		snprintf(path, sizeof path, "%s/events/kmem/%s/format", root,
		    attrib_event_name[e]);
		/* A format we cannot read is an event we cannot use. */
		use[e] = procfs_read_path(pf, path, &buf, &len, &why) == 0 &&
		    trace_format_parse(buf, len, &fmt[e], &why) == 0 ?
		    &fmt[e] : NULL;
		free(why);
		why = NULL;
		any |= use[e] != NULL;
	}
	if (!any) {
		xasprintf(cause, "%s/events/kmem has no kmalloc, kfree, "
		    "kmem_cache_alloc, kmem_cache_free, mm_page_alloc or "
		    "mm_page_free event (a kernel without CONFIG_TRACEPOINTS?)",
		    root);
		return -1;
	}
	return 0;
}

/* The comm of a running pid, newline dropped; -1 if it cannot be read. */
static int
comm_of(struct procfs *pf, int pid, char *out, size_t size)
{
	char name[32], *cause = NULL;
	const char *buf;
	size_t len;

	snprintf(name, sizeof name, "%d/comm", pid);
	if (procfs_read(pf, name, &buf, &len, &cause) == -1) {
		free(cause);
		return -1;
	}
	while (len > 0 && buf[len - 1] == '\n')
		len--;
	snprintf(out, size, "%.*s", (int)len, buf);
	return 0;
}

/* Write a value to a file of the instance dir; -1 with *cause. */
static int
put(const char *dir, const char *file, const char *value, char **cause)
{
	char path[PATH_IN_DIR];
	size_t len = strlen(value);
	int fd;

	snprintf(path, sizeof path, "%s/%s", dir, file);
	if ((fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)) == -1 ||
	    write(fd, value, len) != (ssize_t)len) {
		xasprintf(cause, "%s: writing \"%s\": %s", path, value,
		    strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* Clear the stacktrace triggers of an instance's kmem events. */
static void
instance_untrigger(const char *dir)
{
	char file[64], *cause = NULL;
	int e;

	for (e = 0; e < ATTRIB_NEVENTS; e++) {
		if (!attrib_is_alloc(e))
			continue;
		snprintf(file, sizeof file, "events/kmem/%s/trigger",
		    attrib_event_name[e]);
		/* none set, or no trigger file: nothing to clear */
		if (put(dir, file, "!stacktrace", &cause) == -1) {
			free(cause);
			cause = NULL;
		}
	}
}

/*
 * Remove an instance: its stacktrace triggers, then the directory, which
 * stops and frees every event it enabled.  rmdir clears triggers itself
 * where we have seen it (6.18), but clearing them first does not depend
 * on that.  -1 if it stays.
 */
static int
instance_remove(const char *dir)
{
	instance_untrigger(dir);
	return rmdir(dir);
}

/* Is pid an mlk process that is still running? */
static int
is_ours_alive(pid_t pid, struct procfs *pf)
{
	char comm[64];

	if (kill(pid, 0) == -1 && errno == ESRCH)
		return 0;
	if (comm_of(pf, (int)pid, comm, sizeof comm) == -1)
		return 1;	/* cannot tell: leave it be */
	return strncmp(comm, "mlk", 3) == 0;
}

static int
clean_stale(const char *root, struct procfs *pf)
{
	char path[PATH_IN_DIR], *end;
	struct dirent *de;
	DIR *d;
	long pid;
	int n = 0;

	snprintf(path, sizeof path, "%s/instances", root);
	if ((d = opendir(path)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, PREFIX,
		    strlen(PREFIX)) != 0)
			continue;
		pid = strtol(de->d_name + strlen(PREFIX), &end, 10);
		if (*end != '\0' || pid <= 0 || pid == getpid() ||
		    is_ours_alive((pid_t)pid, pf))
			continue;
		snprintf(path, sizeof path, "%s/instances/%s", root,
		    de->d_name);
		if (instance_remove(path) == 0)
			n++;
	}
	closedir(d);
	return n;
}

int
tracing_clean(struct procfs *pf)
{
	char root[ROOT_MAX], *cause = NULL;

	if (root_of(root, 0, &cause) == -1) {	/* nothing to clean */
		free(cause);
		return 0;
	}
	return clean_stale(root, pf);
}

/* Where to trace series, stale instances gone (*cleaned of them), and
 * with which events. */
static int
prepare(const char *series, uint64_t objsize, struct procfs *pf,
    char root[ROOT_MAX], struct attrib_plan *p, int *cleaned, char **cause)
{
	const struct trace_format *use[ATTRIB_NEVENTS];
	struct trace_format *fmt;
	const char *cache = series_name(series, "slab");
	int rc = -1;

	if (cache == NULL && strcmp(series, SERIES_UNACCOUNTED) != 0) {
		xasprintf(cause, "%s: only slab caches and %s are traced",
		    series, SERIES_UNACCOUNTED);
		return -1;
	}
	if (root_of(root, 1, cause) == -1)
		return -1;
	*cleaned = clean_stale(root, pf);
	fmt = xcalloc(ATTRIB_NEVENTS, sizeof *fmt);
	if (formats(root, pf, fmt, use, cause) == 0)
		rc = cache != NULL ? attrib_plan(p, cache, objsize, use, cause) :
		    attrib_plan_pages(p, (uint64_t)sysconf(_SC_PAGESIZE), use,
		    cause);
	free(fmt);
	return rc;
}

/* Trace options the parser depends on; those a kernel lacks or keeps
 * global do not matter. */
static void
set_options(const struct tracing *t)
{
	static const char *const off[] = { "raw", "hex", "bin",
	    "latency-format", "stacktrace", "userstacktrace", "overwrite",
	    "hash-ptr", "sym-addr", "sym-offset" };
	char file[64], *cause = NULL;
	size_t i;

	/* overwrite off: a full buffer drops new events and counts them
	 * ("dropped events"), rather than losing old ones silently.
	 * hash-ptr off: raw pointers pair without the collisions of 32-bit
	 * hashes; they never leave this process.  sym-addr and sym-offset
	 * off: stack frames are bare function names, which group. */
	for (i = 0; i < sizeof off / sizeof off[0]; i++) {
		snprintf(file, sizeof file, "options/%s", off[i]);
		if (put(t->dir, file, "0", &cause) == -1) {
			free(cause);
			cause = NULL;
		}
	}
	if (put(t->dir, "options/context-info", "1", &cause) == -1)
		free(cause);
}

/*
 * A stacktrace trigger on each allocation event, with the event's own
 * filter: the stack of every allocation traced, and of nothing else
 * (options/stacktrace would stack every free too).  All or none: where
 * the kernel has no trigger file or refuses one, t->nostacks says why
 * and the trace gives call sites only.
 */
static void
stack_triggers(struct tracing *t, const char *root,
    const char filter[ATTRIB_NEVENTS][FILTER_MAX])
{
	char file[64], path[PATH_IN_DIR], value[FILTER_MAX + 16], *cause;
	int e;

	for (e = 0; e < ATTRIB_NEVENTS; e++) {
		if (!t->plan.enable[e] || !attrib_is_alloc(e))
			continue;
		snprintf(file, sizeof file, "events/kmem/%s/trigger",
		    attrib_event_name[e]);
		/* The top level's: a test may hide it there. */
		snprintf(path, sizeof path, "%s/%s", root, file);
		if (access(path, W_OK) == -1) {
			snprintf(t->nostacks, sizeof t->nostacks, "this "
			    "kernel's tracefs has no %s (triggers came in Linux "
			    "3.14)", file);
			break;
		}
		snprintf(value, sizeof value, "stacktrace if %.*s",
		    FILTER_MAX - 1, filter[e]);
		cause = NULL;
		if (put(t->dir, file, value, &cause) == -1) {
			snprintf(t->nostacks, sizeof t->nostacks, "the kernel "
			    "refused a stacktrace trigger: %.150s", cause);
			free(cause);
			break;
		}
	}
	if (t->nostacks[0] != '\0')
		instance_untrigger(t->dir);
	else
		t->plan.stacks = 1;
}

static long
buffer_kb(void)
{
	long ncpu = sysconf(_SC_NPROCESSORS_CONF), kb;

	kb = BUFFER_KB_TOTAL / (ncpu > 0 ? ncpu : 1);
	return kb < BUFFER_KB_MIN ? BUFFER_KB_MIN : kb > BUFFER_KB_MAX ?
	    BUFFER_KB_MAX : kb;
}

struct tracing *
tracing_start(const char *series, uint64_t objsize, int stacks,
    struct procfs *pf, int *cleaned, char **cause)
{
	struct tracing *t = xcalloc(1, sizeof *t);
	char root[ROOT_MAX], file[96], kb[32], pipe[PATH_IN_DIR];
	char filter[ATTRIB_NEVENTS][FILTER_MAX];
	const struct attrib_plan *p = &t->plan;
	int e;

	t->fd = -1;
	t->pf = pf;
	*cleaned = 0;
	if (prepare(series, objsize, pf, root, &t->plan, cleaned,
	    cause) == -1) {
		tracing_free(t);
		return NULL;
	}
	snprintf(t->dir, sizeof t->dir, "%s/instances/%s%d", root,
	    PREFIX, (int)getpid());
	if (mkdir(t->dir, 0700) == -1) {
		xasprintf(cause, "cannot make the tracefs instance %s: %s%s",
		    t->dir, strerror(errno), errno == EACCES || errno ==
		    EPERM ? " (tracing needs root)" : "");
		t->dir[0] = '\0';
		tracing_free(t);
		return NULL;
	}
	snprintf(kb, sizeof kb, "%ld", buffer_kb());
	if (put(t->dir, "tracing_on", "0", cause) == -1 ||
	    put(t->dir, "buffer_size_kb", kb, cause) == -1)
		goto fail;
	set_options(t);
	for (e = 0; e < ATTRIB_NEVENTS; e++) {
		if (!p->enable[e])
			continue;
		/* Reading the trace allocates (trace_iter_expand_format in
		 * kmalloc-128): our own allocations are not the leak's.
		 * Frees stay unfiltered, whoever frees. */
		if (attrib_is_alloc(e))
			snprintf(filter[e], sizeof filter[e], "%s%s%scommon_pid "
			    "!= %d", p->filter[e][0] ? "(" : "", p->filter[e],
			    p->filter[e][0] ? ") && " : "", (int)getpid());
		else
			snprintf(filter[e], sizeof filter[e], "%s", p->filter[e]);
		snprintf(file, sizeof file, "events/kmem/%s/filter",
		    attrib_event_name[e]);
		if (filter[e][0] != '\0' &&
		    put(t->dir, file, filter[e], cause) == -1)
			goto fail;
	}
	if (stacks)
		stack_triggers(t, root, filter);
	else
		snprintf(t->nostacks, sizeof t->nostacks, "not asked for");
	for (e = 0; e < ATTRIB_NEVENTS; e++) {
		snprintf(file, sizeof file, "events/kmem/%s/enable",
		    attrib_event_name[e]);
		if (p->enable[e] && put(t->dir, file, "1", cause) == -1)
			goto fail;
	}
	snprintf(pipe, sizeof pipe, "%s/trace_pipe", t->dir);
	if ((t->fd = open(pipe, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		xasprintf(cause, "%s: %s", pipe, strerror(errno));
		goto fail;
	}
	if (put(t->dir, "tracing_on", "1", cause) == -1)
		goto fail;
	t->buf = xcalloc(1, READ_CHUNK);
	t->a = attrib_new(p);
	attrib_plan_describe(p, t->events, sizeof t->events);
	snprintf(t->events + strlen(t->events), sizeof t->events -
	    strlen(t->events), "; not our own (common_pid != %d)",
	    (int)getpid());
	clock_gettime(CLOCK_MONOTONIC, &t->t0);
	return t;
fail:
	tracing_free(t);
	return NULL;
}

int
tracing_fd(const struct tracing *t)
{
	return t->fd;
}

double
tracing_seconds(const struct tracing *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->t0.tv_sec) +
	    (double)(now.tv_nsec - t->t0.tv_nsec) / 1e9;
}

const char *
tracing_events(const struct tracing *t)
{
	return t->events;
}

const char *
tracing_nostacks(const struct tracing *t)
{
	return t->nostacks[0] != '\0' ? t->nostacks : NULL;
}

void
tracing_totals(const struct tracing *t, uint64_t *allocs, uint64_t *frees)
{
	attrib_totals(t->a, allocs, frees);
}

int
tracing_drain(struct tracing *t, char **cause)
{
	size_t got = 0;
	ssize_t n;

	while (got < DRAIN_MAX) {
		n = read(t->fd, t->buf, READ_CHUNK);
		if (n > 0) {
			attrib_feed(t->a, t->buf, (size_t)n);
			got += (size_t)n;
			continue;
		}
		if (n == 0 || errno == EAGAIN)
			return 0;
		if (errno != EINTR) {
			xasprintf(cause, "%s/trace_pipe: %s", t->dir,
			    strerror(errno));
			return -1;
		}
	}
	return 1;
}

/* "overrun: N" and "dropped events: N" over every CPU's stats. */
static uint64_t
lost_events(const struct tracing *t)
{
	char path[PATH_IN_DIR], *cause = NULL;
	const char *buf, *p;
	uint64_t lost = 0;
	size_t len;
	long cpu, ncpu = sysconf(_SC_NPROCESSORS_CONF);

	for (cpu = 0; cpu < ncpu; cpu++) {
		snprintf(path, sizeof path, "%s/per_cpu/cpu%ld/stats", t->dir,
		    cpu);
		if (procfs_read_path(t->pf, path, &buf, &len, &cause) == -1) {
			free(cause);
			cause = NULL;
			continue;
		}
		if ((p = strstr(buf, "\noverrun: ")) != NULL)
			lost += strtoull(p + 10, NULL, 10);
		if ((p = strstr(buf, "\ndropped events: ")) != NULL)
			lost += strtoull(p + 17, NULL, 10);
	}
	return lost;
}

void
tracing_free(struct tracing *t)
{
	if (t == NULL)
		return;
	if (t->fd != -1)
		close(t->fd);
	/* rmdir fails while a file in it is open, hence the close first. */
	if (t->dir[0] != '\0')
		instance_remove(t->dir);
	free(t->buf);
	attrib_free(t->a);
	free(t);
}

/* A process the trace could not name ("<...>"): its comm now, if it
 * still runs. */
static void
name_proc(struct procfs *pf, char *comm, size_t size, int pid)
{
	if (strcmp(comm, "<...>") == 0 && pid > 0)
		comm_of(pf, pid, comm, size);
}

static void
name_procs(struct attrib_result *r, struct procfs *pf)
{
	struct stack_proc *sp;
	size_t i, j;

	for (i = 0; i < r->nproc; i++)
		name_proc(pf, r->proc[i].label, sizeof r->proc[i].label,
		    r->proc[i].pid);
	for (i = 0; i < r->nstack; i++)
		for (j = 0; j < r->stack[i].nproc; j++) {
			sp = &r->stack[i].proc[j];
			name_proc(pf, sp->comm, sizeof sp->comm, sp->pid);
		}
}

/* kallsyms, for kernels that print call sites as addresses; NULL if it
 * cannot be read or shows no addresses (then those sites are unknown). */
static struct ksyms *
load_ksyms(struct procfs *pf)
{
	struct ksyms *ks = NULL;
	const char *buf;
	char *cause = NULL;
	size_t len;

	if (procfs_read(pf, "kallsyms", &buf, &len, &cause) == 0)
		ks = ksyms_parse(buf, len, &cause);
	free(cause);
	return ks;
}

void
tracing_finish(struct tracing *t, struct attrib_result *r)
{
	struct ksyms *ks = t->plan.symbolic ? NULL : load_ksyms(t->pf);
	char *cause = NULL;

	/* Stopped, the buffer is finite: drain it all. */
	if (put(t->dir, "tracing_on", "0", &cause) == 0)
		while (tracing_drain(t, &cause) == 1)
			;
	free(cause);		/* a read error: the result is what was read */
	attrib_result(t->a, ks, r);
	r->lost = lost_events(t);
	name_procs(r, t->pf);
	r->nproc = attrib_groups_merge(r->proc, r->nproc);
	ksyms_free(ks);
}
