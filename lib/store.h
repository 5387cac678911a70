/* store: the SQLite database.  Owns the connection and every prepared
 * statement; the schema comes from sql/, embedded at build time. */
#ifndef MLK_STORE_H
#define MLK_STORE_H

#include <stddef.h>
#include <stdint.h>

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

/*
 * Open (and for writers create or migrate) the database at path.  A file
 * that is not an mlk database, is corrupt, or has a newer schema is
 * refused with *cause naming the path, and is never written to.
 */
struct store	*store_open(const char *path, int flags, char **cause);
void		 store_close(struct store *);

/* Store one sample in one transaction. */
int	store_put(struct store *, const struct sample *, char **cause);
/*
 * Housekeeping, cheap when there is nothing to do: fold the recent samples
 * into their series' pages about hourly; roll up into hourly rows and
 * delete `batch` of the oldest raw samples older than now - retention,
 * once a whole batch (or an hour's worth) has expired; drop roll-ups
 * older than now - rollup_retention.  Returns the number of samples
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
/* Every series of the newest sample that read `source` (a SRC_ bit).
 * Returns 0 with *n = 0 when there is none. */
int	store_latest(struct store *, unsigned source, int64_t *time,
	    struct store_value **values, size_t *n, char **cause);

#endif
