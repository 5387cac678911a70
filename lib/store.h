/* store: the SQLite database.  Owns the connection and every prepared
 * statement; the schema comes from sql/, embedded at build time. */
#ifndef MLK_STORE_H
#define MLK_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "attrib.h"
#include "sample.h"

#define STORE_READONLY	0x1

struct store;

struct store_row {
	int64_t		 time;
	int64_t		 boot;		/* boots row: fits never cross one */
	int64_t		 bytes;
	int64_t		 objects;	/* -1 if none */
};

struct store_value {
	char		 series[SERIES_MAX];
	int64_t		 bytes;
	int64_t		 objects;	/* -1 if none */
};

/* An alert as stored: see sql/002-alerts.sql. */
#define STORE_COMPANIONS_MAX	512
#define STORE_SITES		3
struct store_alert {
	char		 series[SERIES_MAX];
	int		 open;
	int64_t		 opened_at, resolved_at, updated_at, since;
	int64_t		 window;	/* seconds */
	int64_t		 bytes;
	int64_t		 eta;		/* seconds; -1 if unknown */
	double		 slope;		/* bytes per hour */
	double		 confidence;
	int		 reclaimable;
	char		 reason[64];	/* why it resolved */
	/* The newest trace of the series in the alert's boot, up to its
	 * end: the largest holder's call site and comm[pid]; "" if none. */
	char		 callsite[ATTRIB_LABEL_MAX];
	char		 process[ATTRIB_LABEL_MAX + 16];
	int64_t		 traced_at;	/* 0 if none */
	double		 traced_seconds;
	int64_t		 held_bytes;	/* the call site's outstanding bytes */
	/* and the frames of the stack that held the most, innermost first,
	 * one a line; "" if none */
	char		 stack[STACK_TEXT_MAX];
	/* The series that grow in step with this one and joined its alert,
	 * comma-separated; "" if none. */
	char		 companions[STORE_COMPANIONS_MAX];
	/* A slab cache's: the call sites that grew alike when it opened
	 * (sql/005-call-sites.sql), fastest first. */
	size_t		 nsite;
	struct store_site {
		char	 series[SERIES_MAX];
		double	 slope;		/* bytes per hour */
	}		 site[STORE_SITES];
};

/* An attribution as stored (sql/003-attribution.sql): mlkd's trace of a
 * slab cache when its alert opened, or why there was none. */
#define STORE_ATTRIB_GROUPS	10	/* call sites and processes kept */
#define STORE_ATTRIB_STACKS	3	/* stacks kept */
struct store_attribution {
	char		 series[SERIES_MAX];
	int64_t		 started_at;
	double		 seconds;
	char		 events[256];	/* what was traced */
	char		 error[256];	/* "" when it traced */
	struct attrib_result r;		/* the first groups of each kind */
};

enum store_alert_change { STORE_ALERT_OPENED, STORE_ALERT_NOTICE,
	STORE_ALERT_COMPANIONS, STORE_ALERT_RESOLVED };

/*
 * Open (and for writers create or migrate) the database at path.  A file
 * that is not an mlk database, is corrupt, or has a newer schema is
 * refused with *cause naming the path, and is never written to.  A
 * writer holds PATH.lock until store_close: a second writer is refused,
 * naming the first one's PID; readers never wait for it.
 */
struct store	*store_open(const char *path, int flags, char **cause);
/* Commits the samples held (store_flush, whose failure it does not
 * tell), and closes. */
void		 store_close(struct store *);
/* Did SQLite say the file is damaged (SQLITE_CORRUPT)? */
int		 store_corrupt(const struct store *);
/* Move the damaged database aside, with its -wal and -shm, as
 * PATH.corrupt-YYYYMMDDTHHMMSS (*moved), and start afresh at PATH. */
int		 store_quarantine(struct store *, char **moved, char **cause);

/* Store one sample: whole, in a transaction of its own or of a group
 * (store_group). */
int	store_put(struct store *, const struct sample *, char **cause);
/* Commit every n-th sample put (1, the default: each), holding the ones
 * between in the open transaction, which a crash rolls back whole.  The
 * first sample after opening is committed at once, and any transaction
 * of the store's own commits the samples held first. */
void	store_group(struct store *, int n);
/* Commit the samples held, if any. */
int	store_flush(struct store *, char **cause);
/*
 * Housekeeping, cheap when there is nothing to do: fold the recent samples
 * into their series' pages about hourly; roll up into hourly rows and
 * delete `batch` of the oldest raw samples older than now - retention,
 * once a whole batch (or an hour's worth) has expired; drop roll-ups and
 * attributions older than now - rollup_retention.  Returns the number of samples
 * removed, or -1.
 */
int	store_prune(struct store *, int64_t now, int64_t retention,
	    int64_t rollup_retention, int batch, char **cause);
/*
 * Keep the WAL small: when it has grown past limit bytes, checkpoint and
 * truncate it.  Returns 0, 1 if a reader's open transaction kept the WAL
 * from being reset (it is reset once the reader is done), or -1.
 */
int	store_trim_wal(struct store *, int64_t limit, char **cause);

/* The time series of one series, raw points and, before them, hourly
 * means of rolled-up data.  *rows is allocated; caller frees. */
int	store_history(struct store *, const char *series, int64_t since,
	    int64_t until, struct store_row **rows, size_t *n, char **cause);
/* Every raw value of the boot named from time since on, series by
 * series in time order within each segment, then the samples not yet
 * folded: fn(series, time, bytes, arg) for each. */
typedef void	(*store_scan_fn)(const char *series, int64_t time,
		    int64_t bytes, void *arg);
int	store_scan(struct store *, const char *boot_id, int64_t since,
	    store_scan_fn, void *arg, char **cause);
/* The series the database knows, sorted by name: i < store_nseries(). */
size_t	store_nseries(struct store *);
const char *store_series_name(struct store *, size_t i);
/* The newest sample: its boot, time and uptime (-1 if unknown), and the
 * time of that boot's first sample; time = -1 if there is none.  gap:
 * seconds between the two newest meminfo samples, the interval mlkd
 * sampled at (-1 with fewer than two). */
struct store_newest {
	char		 boot_id[BOOT_ID_LEN + 1];
	int64_t		 time, uptime_ms, boot_first, gap;
};
int	store_newest(struct store *, struct store_newest *, char **cause);
/* The time of the newest sample of boot_id the database holds (raw or
 * folded into a segment), -1 if none; -2 with *cause if it failed. */
int64_t	store_boot_newest(struct store *, const char *boot_id, char **cause);
/*
 * The values of a snapshot (mlk-query snapshot: a JSON object whose
 * "series" is an array of {"series", "bytes"}), parsed with SQLite's own
 * JSON functions; sorted by name.  *time is its "time" (0 if absent).
 */
int	store_parse_snapshot(struct store *, const char *json, int64_t *time,
	    struct store_value **values, size_t *n, char **cause);
/* Which sample store_values_at picks. */
enum store_at {
	STORE_AT_OR_BEFORE,	/* the newest at or before `when` */
	STORE_BOOT_START,	/* the first of the newest boot */
};
/* Every series of the sample that read `source` (a SOURCE_BIT) picked by
 * `at`, sorted by name, and its time.  0 with *n = 0 if there is none. */
int	store_values_at(struct store *, unsigned source, enum store_at,
	    int64_t when, int64_t *time, struct store_value **values,
	    size_t *n, char **cause);
/* Every series of the newest sample that read `source` (a SOURCE_BIT).
 * Returns 0 with *n = 0 when there is none. */
int	store_latest(struct store *, unsigned source, int64_t *time,
	    struct store_value **values, size_t *n, char **cause);

/* Record an alert's change: OPENED inserts it (in the boot named);
 * NOTICE and RESOLVED update the series' open alert. */
int	store_alert_put(struct store *, const char *boot_id,
	    enum store_alert_change, const struct store_alert *, char **cause);
/* Resolve, at time now, every open alert of a boot other than boot_id
 * (its memory is gone); then the open alerts of boot_id, oldest first. */
int	store_alerts_carry(struct store *, const char *boot_id, int64_t now,
	    struct store_alert **, size_t *n, char **cause);
/* Alerts for people: the open ones, and with all the resolved ones too,
 * newest first, opened at or after since. */
int	store_alerts(struct store *, int all, int64_t since,
	    struct store_alert **, size_t *n, char **cause);

/* Record an attribution (its largest STORE_ATTRIB_GROUPS groups of
 * each kind) in the boot named. */
int	store_attribution_put(struct store *, const char *boot_id,
	    const struct store_attribution *, char **cause);
/* The newest attribution of series (traced_only: of those that did not
 * fail): 1 if there is one (free a->r with attrib_result_free), 0 if
 * none, -1 on error. */
int	store_attribution_last(struct store *, const char *series,
	    int traced_only, struct store_attribution *, char **cause);

#endif
