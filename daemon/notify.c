#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <syslog.h>
#include <time.h>

#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>

#include "log.h"
#include "notify.h"
#include "units.h"

#define QUEUE_LEN	64

static struct {
	pthread_mutex_t	 lock;
	pthread_cond_t	 more, drained;
	pthread_t	 thread;
	int		 running, stopping, busy;
	struct notify_alert q[QUEUE_LEN];
	size_t		 head, n;
} journal = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.more = PTHREAD_COND_INITIALIZER,
	.drained = PTHREAD_COND_INITIALIZER,
};

void
notify_ready(void)
{
	sd_notify(0, "READY=1");
}

void
notify_reloading(void)
{
	sd_notify(0, "RELOADING=1");
}

void
notify_stopping(void)
{
	sd_notify(0, "STOPPING=1");
}

void
notify_status(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	sd_notifyf(0, "STATUS=%s", buf);
}

uint64_t
notify_watchdog_usec(void)
{
	uint64_t usec = 0;

	return sd_watchdog_enabled(0, &usec) > 0 ? usec : 0;
}

void
notify_watchdog(void)
{
	sd_notify(0, "WATCHDOG=1");
}

/* An entry's fields, each "NAME=value" allocated: 22 that appear once at
 * most, then the call sites and the holders. */
#define FIELDS_MAX	(22 + STORE_SITES + 2 * NOTIFY_TOP)

struct fields {
	struct iovec	 iov[FIELDS_MAX];
	int		 n;
};

static void __attribute__((format(printf, 2, 3)))
field(struct fields *f, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int len;

	va_start(ap, fmt);
	len = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (len < 0)
		return;
	if (f->n == FIELDS_MAX) {	/* a field added without room */
		free(s);
		return;
	}
	f->iov[f->n].iov_base = s;
	f->iov[f->n++].iov_len = (size_t)len;
}

/* An alert's figures: each raw, for programs, and in units for people
 * (the catalog's text uses those). */
static void
figures(struct fields *f, const struct store_alert *a)
{
	char b[32];

	field(f, "MLK_SLOPE_BYTES_PER_HOUR=%lld", (long long)a->slope);
	field(f, "MLK_SLOPE=%s/h", units_bytes(b, sizeof b, (int64_t)a->slope));
	field(f, "MLK_BYTES=%lld", (long long)a->bytes);
	field(f, "MLK_SIZE=%s", units_bytes(b, sizeof b, a->bytes));
	field(f, "MLK_CONFIDENCE=%.3f", a->confidence);
	field(f, "MLK_WINDOW=%s", units_span(b, sizeof b, a->window));
	field(f, "MLK_GROWTH_SINCE=%s", units_iso(b, sizeof b, a->since));
	if (a->eta >= 0) {
		field(f, "MLK_ETA_EXHAUSTION=%lld", (long long)a->eta);
		field(f, "MLK_ETA=%s", units_span(b, sizeof b, a->eta));
	} else {
		field(f, "MLK_ETA_EXHAUSTION=unknown");
		field(f, "MLK_ETA=unknown");
	}
	field(f, "MLK_RECLAIMABLE=%s", a->reclaimable ? "yes" : "no");
}

static int
journal_send(const struct notify_alert *a)
{
	static const char *const id[] = {
		[NOTIFY_LEAK] = NOTIFY_ID_LEAK,
		[NOTIFY_RESOLVED] = NOTIFY_ID_RESOLVED,
		[NOTIFY_FINDINGS] = NOTIFY_ID_FINDINGS,
	};
	struct fields f = { .n = 0 };
	int i, r;

	field(&f, "MESSAGE=%s", a->message);
	if (a->what == NOTIFY_COMPANION)	/* a note, not a page */
		field(&f, "MLK_PRIMARY=%s", a->primary);
	else
		field(&f, "MESSAGE_ID=%s", id[a->what]);
	field(&f, "PRIORITY=%d", a->priority);
	field(&f, "SYSLOG_IDENTIFIER=mlkd");
	field(&f, "MLK_SERIES=%s", a->alert.series);
	field(&f, "MLK_CACHE=%s", a->cache);
	if (a->objsize > 0)
		field(&f, "MLK_OBJECT_SIZE=%llu",
		    (unsigned long long)a->objsize);
	if (a->what != NOTIFY_FINDINGS)
		figures(&f, &a->alert);
	if (a->user[0] != '\0')
		field(&f, "MLK_USER_SPACE=%s", a->user);
	for (i = 0; i < (int)a->alert.nsite; i++)
		field(&f, "MLK_CALL_SITE=%s", a->alert.site[i].series);
	if (a->alert.companions[0] != '\0')
		field(&f, "MLK_COMPANIONS=%s", a->alert.companions);
	if (a->attribution[0] != '\0')
		field(&f, "MLK_ATTRIBUTION=%s", a->attribution);
	for (i = 0; i < NOTIFY_TOP && a->callsite[i][0] != '\0'; i++)
		field(&f, "MLK_TOP_CALLSITE=%s", a->callsite[i]);
	if (a->callsite[0][0] != '\0' && a->share >= 0)
		field(&f, "MLK_TOP_SHARE=%d%%", a->share);
	for (i = 0; i < NOTIFY_TOP && a->process[i][0] != '\0'; i++)
		field(&f, "MLK_TOP_PROCESS=%s", a->process[i]);
	if (a->stack[0] != '\0')
		field(&f, "MLK_TOP_STACK=%s", a->stack);
	r = sd_journal_sendv(f.iov, f.n);
	for (i = 0; i < f.n; i++)
		free(f.iov[i].iov_base);
	return r;
}

static void *
journal_main(void *arg)
{
	struct notify_alert a;
	int r;

	(void)arg;
	pthread_mutex_lock(&journal.lock);
	for (;;) {
		while (journal.n == 0 && !journal.stopping)
			pthread_cond_wait(&journal.more, &journal.lock);
		if (journal.n == 0)
			break;
		a = journal.q[journal.head];
		journal.head = (journal.head + 1) % QUEUE_LEN;
		journal.n--;
		journal.busy = 1;
		pthread_mutex_unlock(&journal.lock);
		if ((r = journal_send(&a)) < 0)
			log_warnx("%s (not in the journal: %s)", a.message,
			    strerror(-r));
		pthread_mutex_lock(&journal.lock);
		journal.busy = 0;
		if (journal.n == 0)
			pthread_cond_signal(&journal.drained);
	}
	pthread_mutex_unlock(&journal.lock);
	return NULL;
}

void
notify_journal_start(void)
{
	if (journal.running)
		return;
	if (pthread_create(&journal.thread, NULL, journal_main, NULL) != 0)
		fatalx("cannot start the journal thread");
	journal.running = 1;
}

int
notify_alert(const struct notify_alert *a)
{
	int rc = -1;

	pthread_mutex_lock(&journal.lock);
	if (journal.running && journal.n < QUEUE_LEN) {
		journal.q[(journal.head + journal.n) % QUEUE_LEN] = *a;
		journal.n++;
		pthread_cond_signal(&journal.more);
		rc = 0;
	}
	pthread_mutex_unlock(&journal.lock);
	return rc;
}

void
notify_journal_stop(void)
{
	struct timespec until;
	int stuck;

	if (!journal.running)
		return;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec++;
	pthread_mutex_lock(&journal.lock);
	while ((journal.n > 0 || journal.busy) &&
	    pthread_cond_timedwait(&journal.drained, &journal.lock, &until) !=
	    ETIMEDOUT)
		;
	stuck = journal.n > 0 || journal.busy;
	journal.stopping = 1;
	pthread_cond_signal(&journal.more);
	pthread_mutex_unlock(&journal.lock);
	/* A send blocked on a stopped journald would hold us for ever. */
	if (stuck)
		pthread_detach(journal.thread);
	else
		pthread_join(journal.thread, NULL);
	journal.running = 0;
}

int
notify_stderr_is_journal(void)
{
	const char *e = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat sb;

	return e != NULL && sscanf(e, "%llu:%llu", &dev, &ino) == 2 &&
	    fstat(2, &sb) == 0 && sb.st_dev == dev && sb.st_ino == ino;
}
