/* store_impl: what lib/store.c, store_read.c and store_alert.c share and
 * nobody else sees: the connection's struct, its statements, the packed
 * formats, and the helpers the three files have in common. */
#ifndef MLK_STORE_IMPL_H
#define MLK_STORE_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "pack.h"
#include "store.h"

/*
 * The packed formats (pack.h delta rows).
 *
 * recent blob, one sample: a row per value, in the sample's order, of
 *   (series id, bytes, objects)          starting from (0, 0, -1)
 * chunk blob, one series over one segment: a row per sample of
 *   (sample id, time, bytes, objects)    starting from (segment, 0, 0, -1)
 * A series missing from a sample has no row there.  objects is -1 where
 * it means nothing.
 */
enum { RV_SERIES, RV_BYTES, RV_OBJECTS, RV_FIELDS };
enum { CH_SAMPLE, CH_TIME, CH_BYTES, CH_OBJECTS, CH_FIELDS };

/* Every statement the store runs, prepared on first use, kept until close. */
enum stmt_id {
	S_BEGIN, S_BEGIN_READ, S_COMMIT, S_ROLLBACK, S_SAVE, S_SAVE_RELEASE,
	S_SAVE_UNDO,
	S_BOOT_GET, S_BOOT_ADD, S_SERIES_ADD, S_SERIES_ALL,
	S_SAMPLE_ADD, S_RECENT_ADD, S_RECENT_STATE, S_RECENT_ALL,
	S_RECENT_ONE, S_RECENT_DEL, S_SEGMENT_ADD, S_CHUNK_ADD,
	S_PRUNE_OLDEST, S_EXPIRED, S_SEGMENT_CHUNKS, S_ROLLUP, S_CHUNKS_DEL,
	S_SEGMENTS_DEL, S_SAMPLES_DEL, S_ROLLUPS_DEL,
	S_FIRST_RAW, S_HISTORY_ROLLUPS, S_HISTORY_CHUNKS, S_LATEST_SAMPLE,
	S_SEGMENT_AT, S_ALERT_ADD, S_ALERT_NOTICE, S_ALERT_COMPANIONS,
	S_ALERT_RESOLVE,
	S_ALERTS_CLOSE_BOOTS, S_ALERTS_OF_BOOT, S_ALERTS_LIST, S_SCAN,
	S_NEWEST, S_NEWEST_GAP, S_BOOT_NEWEST, S_BOOT_START, S_ATTRIB_ADD, S_ATTRIB_GROUP_ADD,
	S_ATTRIB_LAST, S_ATTRIB_GROUPS, S_ATTRIB_GROUPS_DEL, S_ATTRIB_DEL,
	S_ATTRIB_STACK_ADD, S_ATTRIB_STACKS, S_ATTRIB_STACKS_DEL,
	S_SNAPSHOT,
	S_COUNT
};

extern const char *const stmt_sql[S_COUNT];

struct series_id {
	char		*name;
	int64_t		 id;
};

struct store {
	sqlite3		*db;
	char		*path;
	int		 lockfd;	/* the writer's PATH.lock; -1 if none */
	int		 corrupt;	/* SQLite said the file is damaged */
	sqlite3_stmt	*stmt[S_COUNT];
	struct series_id *series;	/* sorted by name: name -> id */
	size_t		 nseries, capseries;
	const char	**names;	/* id -> name, into series[] */
	uint64_t	*stamp;		/* id -> the last put that had it */
	uint64_t	 nput;
	size_t		 nnames;
	char		 boot_id[BOOT_ID_LEN + 1];	/* cache of the last */
	int64_t		 boot;
	int		 group;		/* samples a commit (store_group) */
	int		 held;		/* put in the open transaction, not
					   committed yet */
	int64_t		 recent_n;	/* samples waiting in recent; -1: ask */
	int64_t		 recent_oldest;	/* the time of the first of them */
	int64_t		 rollups_pruned;	/* the hour they last were */
	struct rows_writer rw;		/* reused: a sample's blob */
	/* The series of the last sample stored, by position: the next
	 * sample names the same ones in the same order, nearly always. */
	struct memo {
		const char	*name;	/* borrowed from series[] */
		int64_t		 id;
	}		*memo;
	size_t		 nmemo;
	uint64_t	 memo_names;	/* of the sample memo follows
					   (struct sample's names) */
};

/* An error naming the file, what was being done, and SQLite's words. */
int	st_fail(struct store *, char **cause, const char *what);
/* Statement id, reset and unbound, prepared on first use; NULL on error. */
sqlite3_stmt *st_stmt(struct store *, enum stmt_id, char **cause);
/* Run a statement that returns no rows. */
int	st_run(struct store *, sqlite3_stmt *, char **cause, const char *what);
int	st_run_id(struct store *, enum stmt_id, char **cause);
/* Abandon the open write transaction, which may have made series or boot
 * rows: the caches of both forget them. */
void	st_abandon(struct store *);
/* End a read transaction; a read has nothing to lose if that fails. */
void	st_end_read(struct store *);
/* A blob that does not decode: an error, never a read past its end. */
int	st_damaged(struct store *, char **cause, const char *what, int64_t id);
/* The series map: name -> id (created on first sight), id -> name. */
/* The id of a series known to the map, or -1; *at (if not NULL) is
 * where it is or would go in series[]. */
int64_t	st_series_find(const struct store *, const char *name, size_t *at);
int	st_series_load(struct store *, char **cause);
int64_t	st_series_id(struct store *, const char *name, char **cause);
const char *st_series_name(struct store *, int64_t id);
/* The boots row of a sample's boot id, made on first sight. */
int64_t	st_boot_row(struct store *, const char *boot_id, int64_t first_time,
	    char **cause);
/* Grow *v (of size-byte items) so that item n fits. */
void	st_rows_grow(void **v, size_t n, size_t *cap, size_t size);

#endif
