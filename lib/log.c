/* log: diagnostics on stderr, with the syslog priority prefix that
 * systemd-journald understands ("<4>...") when stderr is the journal. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "log.h"

static const char *log_prog = "mlk";
static enum log_level log_max = LOG_LVL_INFO;
static int log_journal;		/* stderr is connected to journald */
static int log_syslog;

void
log_init(const char *progname, enum log_level level, int to_syslog)
{
	log_prog = progname;
	log_max = level;
	log_journal = getenv("JOURNAL_STREAM") != NULL;
	log_syslog = to_syslog;
	if (to_syslog)
		openlog(progname, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

static void
log_vwrite(int prio, const char *err, const char *fmt, va_list ap)
{
	if (log_syslog) {
		char buf[1024];

		vsnprintf(buf, sizeof buf, fmt, ap);
		syslog(prio, "%s%s%s", buf, err ? ": " : "", err ? err : "");
		return;
	}
	if (log_journal)
		fprintf(stderr, "<%d>", prio);
	else
		fprintf(stderr, "%s: ", log_prog);
	vfprintf(stderr, fmt, ap);
	if (err != NULL)
		fprintf(stderr, ": %s", err);
	fputc('\n', stderr);
}

#define LOG_BODY(prio, err) do {			\
	va_list ap;					\
	va_start(ap, fmt);				\
	log_vwrite(prio, err, fmt, ap);			\
	va_end(ap);					\
} while (0)

void
log_warn(const char *fmt, ...)
{
	const char *err = strerror(errno);

	LOG_BODY(4, err);
}

void
log_warnx(const char *fmt, ...)
{
	LOG_BODY(4, NULL);
}

void
log_info(const char *fmt, ...)
{
	if (log_max >= LOG_LVL_INFO)
		LOG_BODY(6, NULL);
}

void
log_debug(const char *fmt, ...)
{
	if (log_max >= LOG_LVL_DEBUG)
		LOG_BODY(7, NULL);
}

void
fatal(const char *fmt, ...)
{
	const char *err = strerror(errno);

	LOG_BODY(3, err);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	LOG_BODY(3, NULL);
	exit(1);
}
