#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <sys/utsname.h>

#include "announce.h"
#include "collect.h"
#include "detect.h"
#include "log.h"
#include "metrics.h"
#include "notify.h"
#include "trouble.h"
#include "sample.h"
#include "slabinfo.h"
#include "source.h"
#include "trend.h"
#include "units.h"
#include "xmem.h"

#define PRUNE_BATCH	64			/* samples per prune step */
#define WAL_LIMIT	(16 << 20)		/* bytes */
#define CHORES_EVERY	60	/* seconds of samples between prunes and WAL
				   checks: each is a read transaction and a
				   stat, and retention goes by the hour */
#define ABSENT_MAX	600	/* seconds between looks for an optional
				   file this kernel lacks, at most: the wait
				   doubles from one second */
#define CLOCK_SLACK	600		/* seconds the wall clock may lead */
#define GROUP_SECONDS	5	/* of samples a commit holds, at most: at
				   interval 1s, a transaction a sample was a
				   third of what a sample cost beyond reading
				   /proc (store_group) */

/* What can fail in the periodic path: each source (a trouble of its
 * source_id), then these.  (Alerts, the journal and traces are
 * announce's.) */
enum trouble_id {
	T_BOOT = SOURCE_COUNT, T_STORE, T_PRUNE, T_WAL, T_CARRY, T_COUNT
};

static const char *const trouble_what[T_COUNT - SOURCE_COUNT] = {
	"boot id", "database", "pruning", "WAL checkpoint",
	"reloading alerts",
};

/* The sources whose periods are one config key, read together. */
struct timer {
	struct collect		*c;
	struct event		*ev;
	const char		*key;
	unsigned		 sources;	/* SOURCE_BITs */
};

struct collect {
	struct procfs		*pf;
	struct store		*st;
	const struct conf	*conf;
	struct timer		 timer[SOURCE_COUNT];
	size_t			 ntimers;
	struct event		*watchdog_ev;
	uint64_t		 page_size;

	struct source_parsed	 parsed;
	struct sample		 smp;
	size_t			 nseries[SOURCE_COUNT];	/* each one's newest */
	size_t			 told;		/* the series the status line
						   gave; 0 before one */

	struct detect		*det;
	struct announce		*an;
	char			 carried[BOOT_ID_LEN + 1];	/* alerts of this
						   boot reloaded from the db */
	int			 tell_armed;	/* say when detection arms: the
						   daemon and replays, not --once */
	int			 armed;		/* said detection is armed */

	/* Retention's clock (retention_now): a sample's time on it, in ms,
	 * with that sample's boot and uptime; uptime -1 if unknown. */
	int64_t			 ret_ms, ret_uptime;
	char			 ret_boot[BOOT_ID_LEN + 1];
	int			 clock_ahead;	/* said the wall clock jumped */

	/* The newest vmalloc figure, for kernel:unaccounted between reads. */
	int64_t			 vmalloc_bytes;
	char			 vmalloc_boot[BOOT_ID_LEN + 1];

	struct trouble		 trouble[T_COUNT];

	/* What the metrics endpoint serves (metrics_listen): NULL off. */
	struct metrics		*metrics;
	uint64_t		 reads[SOURCE_COUNT];
	uint64_t		 errors[SOURCE_COUNT];
	uint64_t		 samples;
	double			 sample_seconds;
	double			 sample_started;	/* monotonic seconds */
	int64_t			 chores_at;	/* the sample time of the last
						   prune, 0 none yet */
	uint64_t		 chores_due;	/* samples stored since */
	struct {
		int64_t		 at;	/* an optional file missing then, */
		int64_t		 wait;	/* not looked for again this long */
	}			 absent[SOURCE_COUNT];
};

static void
complain(struct collect *c, int t, char *cause)
{
	trouble_say(&c->trouble[t], cause);
}

static void
release(struct collect *c, int t)
{
	trouble_gone(&c->trouble[t]);
}

static int64_t
now_ms(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static double
monotonic(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
sample_begin(struct collect *c, int64_t time, int64_t uptime_ms,
    const char *boot_id)
{
	c->sample_started = monotonic();
	sample_clear(&c->smp);
	c->smp.time = time;
	c->smp.uptime_ms = uptime_ms;
	snprintf(c->smp.boot_id, sizeof c->smp.boot_id, "%s", boot_id);
}

/* Parse one source's text into c->parsed; -1 if it failed. */
static int
parse(struct collect *c, enum source_id id, const char *buf, size_t len)
{
	const struct skips *sk;
	char *cause = NULL;

	c->reads[id]++;
	if (sources[id].parse(buf, len, &c->parsed, &sk, &cause) == -1) {
		c->errors[id]++;
		complain(c, id, cause);
		return -1;
	}
	/* said once while the same line stays bad, like any trouble */
	if (sk->n > 0) {
		xasprintf(&cause, "%s: skipped %s%s; the rest is kept",
		    sources[id].name, sk->first, sk->n > 1 ? " (and more "
		    "lines)" : "");
		complain(c, id, cause);
	} else
		release(c, id);
	return 0;
}

/* Whether now is less than span seconds after at (a clock stepped back
 * before at: no). */
static int
within(int64_t now, int64_t at, int64_t span)
{
	return now >= at && now - at < span;
}

/* Read and parse one source from the proc root. */
static int
load(struct collect *c, enum source_id id)
{
	const char *file = sources[id].file, *buf;
	char *cause = NULL, *was;
	size_t len;

	/* an optional file a kernel lacks is not built in: looking for it
	 * every second was a failed path walk every second (a fixture root
	 * may add it later: soon found, the wait doubling from a second) */
	if (within(c->smp.time, c->absent[id].at, c->absent[id].wait))
		return -1;
	if ((sources[id].read != NULL ? sources[id].read(c->pf, &buf, &len,
	    &cause) : procfs_read(c->pf, file, &buf, &len, &cause)) == -1) {
		if (errno == ENOENT && sources[id].optional) {
			free(cause);	/* not built into this kernel */
			c->absent[id].at = c->smp.time;
			c->absent[id].wait = c->absent[id].wait == 0 ? 1 :
			    c->absent[id].wait * 2 > ABSENT_MAX ? ABSENT_MAX :
			    c->absent[id].wait * 2;
			return -1;
		}
		c->reads[id]++;
		c->errors[id]++;
		was = cause;
		if ((errno == EACCES || errno == EPERM) && sources[id].root)
			xasprintf(&cause, "cannot read %s: permission denied; "
			    "mlkd needs root (CAP_DAC_READ_SEARCH) for it; the "
			    "other sources go on", file);
		else if (errno == ENOENT && sources[id].read == NULL)
			xasprintf(&cause, "%s (no %s on this kernel?); the "
			    "other sources go on", was, file);
		else
			was = NULL;
		free(was);
		complain(c, id, cause);
		return -1;
	}
	c->absent[id].wait = 0;
	return parse(c, id, buf, len);
}

/* Add the parsed source to the sample. */
static void
add(struct collect *c, enum source_id id)
{
	size_t first = c->smp.n;

	sources[id].add(&c->smp, &c->parsed, c->page_size, c->conf);
	sample_took(&c->smp, SOURCE_BIT(id), first);
	c->nseries[id] = c->smp.n - first;
}

/* The series no one source gives: kernel:unaccounted, from meminfo and
 * the newest vmalloc figure of this boot. */
static void
derive(struct collect *c)
{
	int64_t unacc, vmalloc = -1;
	size_t first = c->smp.n;

	if (c->smp.sources & SOURCE_BIT(SOURCE_VMALLOCINFO)) {
		c->vmalloc_bytes = (int64_t)(c->parsed.vi.vmalloc_pages *
		    c->page_size);
		memcpy(c->vmalloc_boot, c->smp.boot_id, sizeof c->vmalloc_boot);
	}
	if (!(c->smp.sources & SOURCE_BIT(SOURCE_MEMINFO)))
		return;
	if (strcmp(c->vmalloc_boot, c->smp.boot_id) == 0)
		vmalloc = c->vmalloc_bytes;
	if (sample_unaccounted(&c->parsed.mi, vmalloc, &unacc) == 0) {
		sample_add(&c->smp, "kernel", "unaccounted", unacc, -1);
		sample_took(&c->smp, SOURCE_BIT(SOURCE_MEMINFO), first);
	}
}

static int
reclaimable_cb(const char *cache, void *arg)
{
	struct collect *c = arg;

	return procfs_slab_reclaimable(c->pf, cache);
}

static void
prefill_cb(const char *series, int64_t time, int64_t bytes, void *arg)
{
	struct collect *c = arg;

	detect_prefill(c->det, c->smp.boot_id, series, time, bytes);
}

/*
 * Once per boot this process sees: the history detection needs is
 * reloaded from the database (a restart must not blind it for hours);
 * alerts open for this boot stay open (no second announcement), those
 * of past boots close.  Returns 1 at such a boot's first sample.
 */
static int
carry_alerts(struct collect *c)
{
	struct store_alert *a;
	char *cause = NULL;
	size_t n, i;

	if (strcmp(c->carried, c->smp.boot_id) == 0)
		return 0;
	memcpy(c->carried, c->smp.boot_id, sizeof c->carried);
	if (store_scan(c->st, c->smp.boot_id, c->smp.time -
	    detect_horizon(c->det), prefill_cb, c, &cause) == -1) {
		complain(c, T_CARRY, cause);
		cause = NULL;
	}
	if (store_alerts_carry(c->st, c->smp.boot_id, c->smp.time, &a, &n,
	    &cause) == -1) {
		complain(c, T_CARRY, cause);
		return 1;
	}
	for (i = 0; i < n; i++)
		detect_restore(c->det, a[i].series, a[i].opened_at,
		    a[i].since, a[i].updated_at);
	free(a);
	return 1;
}

/* Say from when verdicts are possible: at the first sample of a boot, and
 * again once it arms, so that a new user does not wait in silence. */
static void
say_armed(struct collect *c, int first)
{
	int64_t at = detect_armed_at(c->det), now = c->smp.time;
	char when[32], left[32];

	if (!c->tell_armed || c->armed || at == 0)
		return;
	if (now >= at) {
		log_info("detection armed: %s of this boot's history",
		    units_span(left, sizeof left, now - at +
		    DETECT_ARMED_BINS * detect_unit(c->conf->window)));
		c->armed = 1;
	} else if (first)
		log_info("detection armed at %s: needs %s more of history",
		    units_iso(when, sizeof when, at),
		    units_span(left, sizeof left, at - now));
}

/*
 * Retention's clock.  Pruning goes by sample time, so a wall clock stepped
 * forward by days (a bad time source, faketime) would roll up and delete
 * every raw sample at once.  Within a boot, retention's clock moves on by
 * the uptime that passed since it was last read (the newest sample
 * stored, after a restart), a little faster so that it follows a slewing
 * wall clock, and never past the wall clock, which, stepped back, takes
 * it back.  On a new
 * boot, or without uptimes (recordings that lack them), it is the wall
 * clock.  A step ahead of more than CLOCK_SLACK is said once.
 */
static int64_t
retention_now(struct collect *c)
{
	const struct sample *s = &c->smp;
	int64_t wall = s->time * 1000, at = wall, up;
	char ahead[32];

	if (s->uptime_ms >= 0 && c->ret_uptime >= 0 &&
	    s->uptime_ms >= c->ret_uptime &&
	    strcmp(s->boot_id, c->ret_boot) == 0) {
		up = s->uptime_ms - c->ret_uptime;
		at = c->ret_ms + up + up / 256;
		at = at < wall ? at : wall;
	}
	if (wall - at > CLOCK_SLACK * 1000 && !c->clock_ahead) {
		units_span(ahead, sizeof ahead, (wall - at) / 1000);
		log_warnx("the wall clock is %s ahead of the time that passed "
		    "since the last sample: retention counts the time that "
		    "passed, and prunes nothing that the step would have",
		    ahead);
		c->clock_ahead = 1;
	} else if (wall - at <= CLOCK_SLACK * 1000 && c->clock_ahead) {
		log_info("the wall clock agrees with the time that passed "
		    "again");
		c->clock_ahead = 0;
	}
	c->ret_ms = at;
	c->ret_uptime = s->uptime_ms;
	snprintf(c->ret_boot, sizeof c->ret_boot, "%s", s->boot_id);
	return at / 1000;
}

/* SQLite said the database is damaged (cause says how): stop writing to
 * it, move it aside and go on in a fresh one.  The detector's history and
 * open alerts are in memory and go on. */
static int
quarantine(struct collect *c, char **cause)
{
	char *moved = NULL;

	log_warnx("%s", *cause);
	free(*cause);
	*cause = NULL;
	if (store_quarantine(c->st, &moved, cause) == -1)
		return -1;
	log_warnx("%s was damaged: moved aside to %s (with its -wal); "
	    "sampling into a fresh %s", c->conf->db, moved, c->conf->db);
	free(moved);
	return 0;
}

/* Retention and the WAL's size, now and then: each looks in the database
 * (a read transaction, a stat), and neither moves by the second. */
static void
chores(struct collect *c)
{
	char *cause = NULL;
	int r;

	/* as many batches as samples came since, so that pruning keeps up
	 * with every timer and still drains a backlog (a lowered retention,
	 * a machine that was off) at a batch a sample */
	r = store_prune(c->st, retention_now(c), c->conf->retention,
	    c->conf->rollup_retention, (int)(PRUNE_BATCH * c->chores_due),
	    &cause);
	if (r == -1 && store_corrupt(c->st) && quarantine(c, &cause) == 0)
		r = 0;
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
}

/* Commit the samples a group holds (store_group). */
static void
commit_held(struct collect *c)
{
	char *cause = NULL;

	if (store_flush(c->st, &cause) == -1)
		complain(c, T_STORE, cause);
}

/* Store the sample, judge it, and now and then do the chores. */
static int
sample_commit(struct collect *c)
{
	struct detect_event *ev;
	char *cause = NULL;
	size_t ne, i;
	int first;

	if (store_put(c->st, &c->smp, &cause) == -1 &&
	    (!store_corrupt(c->st) || quarantine(c, &cause) == -1 ||
	    store_put(c->st, &c->smp, &cause) == -1)) {
		complain(c, T_STORE, cause);
		return -1;
	}
	release(c, T_STORE);
	c->samples++;
	if ((first = carry_alerts(c)))
		c->armed = 0;
	ne = detect_sample(c->det, &c->smp, &ev);
	say_armed(c, first);
	if (c->metrics != NULL)
		metrics_sample(c->metrics, &c->smp);
	for (i = 0; i < ne; i++)
		announce_event(c->an, &ev[i], c->smp.boot_id);
	c->chores_due++;
	if (c->chores_at == 0 ||
	    !within(c->smp.time, c->chores_at, CHORES_EVERY)) {
		c->chores_at = c->smp.time;
		chores(c);
		c->chores_due = 0;
	}
	c->sample_seconds = monotonic() - c->sample_started;
	return 0;
}

/* The sources of mask, from text[] (a replay: those present) or else
 * from the proc root, into one stored sample: as collect_sample. */
static int
gather(struct collect *c, unsigned mask, const struct span *text)
{
	int n = 0, id;

	for (id = 0; id < SOURCE_COUNT; id++) {
		if (!(mask & SOURCE_BIT(id)) ||
		    (text != NULL && text[id].p == NULL))
			continue;
		if ((text != NULL ? parse(c, id, text[id].p, text[id].len) :
		    load(c, id)) == 0) {
			add(c, id);
			n++;
		}
	}
	if (n == 0) {
		commit_held(c);	/* nothing to store: it waits no longer */
		return 0;
	}
	derive(c);
	return sample_commit(c) == -1 ? -1 : n;
}

int
collect_sample(struct collect *c, unsigned mask)
{
	char boot_id[BOOT_ID_LEN + 1], *cause = NULL;
	int64_t up;

	if (procfs_boot_id(c->pf, boot_id, &cause) == -1) {
		/* Fixture roots may lack one; all their samples share it. */
		complain(c, T_BOOT, cause);
		strcpy(boot_id, "00000000-0000-0000-0000-000000000000");
	} else
		release(c, T_BOOT);
	if ((up = procfs_uptime_ms(c->pf)) == -1)
		up = now_ms(CLOCK_BOOTTIME);	/* a fixture root without one */
	sample_begin(c, time(NULL), up, boot_id);
	return gather(c, mask, NULL);
}

int
collect_text(struct collect *c, int64_t time, int64_t uptime_ms,
    const char *boot_id, const struct span text[SOURCE_COUNT])
{
	c->tell_armed = 1;
	sample_begin(c, time, uptime_ms, boot_id);
	return gather(c, SOURCE_ALL, text);
}

/* How many series the newest reading of every source gave, when that
 * changes: a message to systemd every sample was one more system call a
 * second at interval 1s, for systemd as well as for mlkd. */
static void
status(struct collect *c)
{
	size_t n = 0;
	int id;

	for (id = 0; id < SOURCE_COUNT; id++)
		n += c->nseries[id];
	if (n == c->told)
		return;
	c->told = n;
	notify_status("%zu series sampled", n);
}

static void
sample_cb(evutil_socket_t fd, short events, void *arg)
{
	struct timer *t = arg;

	(void)fd;
	(void)events;
	if (collect_sample(t->c, t->sources) > 0)
		status(t->c);
}

static void
watchdog_cb(evutil_socket_t fd, short events, void *arg)
{
	(void)fd;
	(void)events;
	(void)arg;
	notify_watchdog();
}

static void
detect_conf_from(struct detect_conf *dc, const struct conf *conf)
{
	dc->window = conf->window;
	dc->min_growth = conf->min_growth;
	detect_rules(dc);
}

static void
trace_cb(const char *line, void *arg)
{
	(void)arg;
	log_info("trace %s", line);
}

void
collect_trace(struct collect *c, const char *series)
{
	detect_trace(c->det, series, trace_cb, NULL);
}

struct collect *
collect_new(struct event_base *base, struct procfs *pf, struct store *st,
    const struct conf *conf)
{
	struct collect *c = xcalloc(1, sizeof *c);
	long ps = sysconf(_SC_PAGESIZE);
	struct detect_conf dc;
	struct store_newest nw;
	struct timer *t;
	const char *key;
	char *cause = NULL;
	int id;

	c->pf = pf;
	c->st = st;
	c->conf = conf;
	c->page_size = ps > 0 ? (uint64_t)ps : 4096;
	detect_conf_from(&dc, conf);
	c->vmalloc_bytes = -1;
	c->ret_uptime = -1;
	if (store_newest(st, &nw, &cause) == -1) {
		log_warnx("%s", cause);		/* retention: the wall clock */
		free(cause);
	} else if (nw.time != -1) {
		c->ret_ms = nw.time * 1000;
		c->ret_uptime = nw.uptime_ms;
		snprintf(c->ret_boot, sizeof c->ret_boot, "%s", nw.boot_id);
	}
	for (id = 0; id < SOURCE_COUNT; id++) {
		key = sources[id].interval;
		for (t = c->timer; t < c->timer + c->ntimers; t++)
			if (strcmp(t->key, key) == 0)
				break;
		if (t == c->timer + c->ntimers) {
			t->c = c;
			t->key = key;
			if ((t->ev = event_new(base, -1, EV_PERSIST, sample_cb,
			    t)) == NULL)
				fatalx("event_new failed");
			c->ntimers++;
		}
		t->sources |= SOURCE_BIT(id);
	}
	c->det = detect_new(&dc, reclaimable_cb, c);
	c->an = announce_new(st, c->det, &c->parsed.si, conf);
	for (id = 0; id < T_COUNT; id++)
		c->trouble[id].what = id < SOURCE_COUNT ? sources[id].name :
		    trouble_what[id - SOURCE_COUNT];
	c->watchdog_ev = event_new(base, -1, EV_PERSIST, watchdog_cb, c);
	if (!c->watchdog_ev)
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
	struct detect_conf dc;
	char *cause = NULL;
	int64_t shortest = GROUP_SECONDS, p;
	size_t i;

	c->conf = conf;
	detect_conf_from(&dc, conf);
	detect_reconf(c->det, &dc);
	announce_reconf(c->an, conf);
	if (c->metrics != NULL && collect_metrics_on(c, &cause) == -1) {
		log_warnx("reload: %s", cause);
		free(cause);
	}
	for (i = 0; i < c->ntimers; i++) {
		p = conf_period(conf, c->timer[i].key);
		arm(c->timer[i].ev, p);
		shortest = p > 0 && p < shortest ? p : shortest;
	}
	commit_held(c);
	store_group(c->st, (int)(GROUP_SECONDS / shortest));
}

int
collect_metrics_on(struct collect *c, char **cause)
{
	const struct conf *k = c->conf;

	if (c->metrics != NULL)
		return metrics_reconf(c->metrics, k->metrics_series_max,
		    k->metrics_include, k->metrics_exclude, cause);
	c->metrics = metrics_new(k->metrics_series_max, k->metrics_include,
	    k->metrics_exclude, cause);
	return c->metrics != NULL ? 0 : -1;
}

void
collect_metrics(FILE *f, int openmetrics, void *arg)
{
	struct collect *c = arg;
	struct metrics_counters mc;
	struct utsname u;

	memset(&mc, 0, sizeof mc);
	mc.version = MLK_VERSION;
	mc.kernel = uname(&u) == 0 ? u.release : "unknown";
	memcpy(mc.reads, c->reads, sizeof mc.reads);
	memcpy(mc.errors, c->errors, sizeof mc.errors);
	mc.samples = c->samples;
	mc.last_sample = c->samples > 0 ? c->smp.time : 0;
	mc.sample_seconds = c->sample_seconds;
	metrics_write(c->metrics, &mc, c->det, f, openmetrics);
}

void
collect_journal(struct collect *c, int on)
{
	announce_journal(c->an, on);
}

int
collect_start(struct collect *c, struct event_base *base)
{
	uint64_t wd = notify_watchdog_usec();
	struct timeval tv;

	c->tell_armed = 1;
	announce_traces(c->an, base, c->pf);

	if (collect_sample(c, SOURCE_ALL) == 0)
		return -1;	/* a store that fails may recover: go on */
	status(c);
	collect_reconf(c, c->conf);
	if (wd > 0) {
		tv.tv_sec = (time_t)(wd / 2 / 1000000);
		tv.tv_usec = (suseconds_t)(wd / 2 % 1000000);
		event_add(c->watchdog_ev, &tv);
	}
	return 0;
}

void
collect_stop(struct collect *c)
{
	announce_stop(c->an);
}

void
collect_free(struct collect *c)
{
	char *cause = NULL;
	size_t i;
	int t;

	if (c == NULL)
		return;
	if (store_flush(c->st, &cause) == -1) {
		log_warnx("the last samples are lost: %s", cause);
		free(cause);
	}
	announce_free(c->an);
	for (i = 0; i < c->ntimers; i++)
		event_free(c->timer[i].ev);
	event_free(c->watchdog_ev);
	source_parsed_free(&c->parsed);
	sample_free(&c->smp);
	detect_free(c->det);
	metrics_free(c->metrics);
	for (t = 0; t < T_COUNT; t++)
		trouble_free(&c->trouble[t]);
	free(c);
}
