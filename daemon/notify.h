/* notify: the daemon's only link to libsystemd: the sd_notify protocol,
 * and alerts to the journal.  The sd_notify calls are no-ops when not run
 * by systemd. */
#ifndef MLK_NOTIFY_H
#define MLK_NOTIFY_H

#include <stdint.h>

#include "store.h"

void	notify_ready(void);
void	notify_reloading(void);
void	notify_stopping(void);
void	notify_status(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The watchdog period systemd asked for, in microseconds; 0 if none. */
uint64_t notify_watchdog_usec(void);
void	notify_watchdog(void);

/* MESSAGE_IDs of alert entries; systemd/mlk.catalog explains each. */
#define NOTIFY_ID_LEAK		"1f1abfea8f8a4b88aececf6f45a0397d"
#define NOTIFY_ID_RESOLVED	"52b75b07992946c2860fc3d071b58e91"
#define NOTIFY_ID_FINDINGS	"a2d89a42e4a04ea3bf52b053e19a254d"

#define NOTIFY_TOP	3	/* call sites and processes named */

/* What an entry says, and so its MESSAGE_ID. */
enum notify_what {
	NOTIFY_LEAK,
	NOTIFY_RESOLVED,
	/* A trace's findings, after the alert's entry went out without
	 * them: the series and the attribution fields only. */
	NOTIFY_FINDINGS,
	/* A series joined the alert of primary: no MESSAGE_ID (not a
	 * page), MLK_PRIMARY= instead. */
	NOTIFY_COMPANION,
};

/* One journal entry about an alert: the alert as stored, and what only
 * the entry says. */
struct notify_alert {
	enum notify_what what;
	struct store_alert alert;	/* NOTIFY_FINDINGS: its series only */
	char		 primary[SERIES_MAX];	/* NOTIFY_COMPANION */
	int		 priority;	/* LOG_WARNING, LOG_NOTICE... */
	char		 message[512];
	char		 cache[128];	/* slab caches: the bare name */
	uint64_t	 objsize;	/* their object size; 0 if unknown */
	char		 user[32];	/* user space meanwhile: "flat",
					   "+2 MiB/h"; "" leaves it out */
	/* Attribution (attribution = on): a summary, or why there is none;
	 * "" leaves the MLK_ATTRIBUTION field out.  Then the largest
	 * holders, MLK_TOP_CALLSITE= and MLK_TOP_PROCESS= ("comm[pid]")
	 * once each, largest first; "" ends each list. */
	char		 attribution[256];
	char		 callsite[NOTIFY_TOP][128];
	char		 process[NOTIFY_TOP][96];
	/* The frames of the stack that held the most, innermost first:
	 * "load_msg <- do_msgsnd <- ..." (MLK_TOP_STACK); "" leaves it
	 * out. */
	char		 stack[512];
	int		 share;		/* percent of the growth the first call
					   site holds (MLK_TOP_SHARE); -1 if
					   unknown */
};

/*
 * Alerts reach the journal from a thread of their own, through a bounded
 * queue: a journald that is stopped or slow can make sd_journal_send()
 * block, and the sampling loop must never wait for it.  notify_alert()
 * returns -1 if the entry could not be queued (the caller still has the
 * database and stderr); the thread reports a failed send on stderr.
 */
void	notify_journal_start(void);
int	notify_alert(const struct notify_alert *);
/* Wait up to a second for queued entries to go out, then stop. */
void	notify_journal_stop(void);
/* Is stderr the journal already (JOURNAL_STREAM)?  Then an alert on
 * stderr too would be written twice. */
int	notify_stderr_is_journal(void);

#endif
