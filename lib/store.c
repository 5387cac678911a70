/* The store's connection and its write side: open and migrate, put a
 * sample, fold recent samples into segments, roll up and prune.  Reads are
 * in store_read.c, alerts in store_alert.c; store_impl.h is what they
 * share. */
#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store_impl.h"
#include "xmem.h"

#define APPLICATION_ID	1296780081	/* 'MLK1', set by sql/001-init.sql */
#define FOLD_SAMPLES	60		/* fold recent into chunks after this */
#define FOLD_SECONDS	3600		/* ... or when the oldest is this old */

extern const char *const schema_migrations[];
extern const size_t schema_nmigrations;

/* The columns of struct store_alert, in alert_row()'s order. */
#define ALERT_COLUMNS \
	"se.name, a.state = 'open', a.opened_at, coalesce(a.resolved_at, 0)," \
	" a.updated_at, a.since, a.fit_window, a.bytes, coalesce(a.eta, -1)," \
	" a.slope, a.confidence, a.reclaimable, coalesce(a.reason, '')," \
	" coalesce(gs.label, ''), coalesce(gp.label || '[' || gp.pid || ']', '')," \
	" coalesce(t.started_at, 0), coalesce(t.seconds, 0)," \
	" coalesce(gs.bytes, 0), a.companions, a.call_sites," \
	" coalesce(st.frames, '')" \
	" FROM alerts a JOIN series se ON se.id = a.series" \
	/* The newest trace of the series in the alert's boot, up to its end. */ \
	" LEFT JOIN attributions t ON t.id = (SELECT id FROM attributions" \
	"  WHERE series = a.series AND boot = a.boot AND error IS NULL" \
	"  AND started_at <= coalesce(a.resolved_at, 1 << 62)" \
	"  ORDER BY started_at DESC LIMIT 1)" \
	" LEFT JOIN attribution_groups gs ON gs.attribution = t.id" \
	"  AND gs.kind = 'call_site' AND gs.rank = 0" \
	" LEFT JOIN attribution_groups gp ON gp.attribution = t.id" \
	"  AND gp.kind = 'process' AND gp.rank = 0" \
	" LEFT JOIN attribution_stacks st ON st.attribution = t.id" \
	"  AND st.rank = 0"

/*
 * Joins of recent and samples are CROSS JOINs, and the latest sample's
 * time test is +time: left free, SQLite's planner walks samples_by_time
 * over every sample kept and sorts them (ms on a 14-day database, against
 * tens of us for the few rows of recent, or a rowid scan from the end).
 */
const char *const stmt_sql[S_COUNT] = {
	[S_BEGIN] = "BEGIN IMMEDIATE",
	[S_BEGIN_READ] = "BEGIN",
	[S_COMMIT] = "COMMIT",
	[S_ROLLBACK] = "ROLLBACK",
	[S_SAVE] = "SAVEPOINT sample",
	[S_SAVE_RELEASE] = "RELEASE sample",
	[S_SAVE_UNDO] = "ROLLBACK TO sample",
	[S_BOOT_GET] = "SELECT id FROM boots WHERE boot_id = ?1",
	[S_BOOT_ADD] = "INSERT INTO boots(boot_id, first_time) VALUES (?1, ?2)",
	[S_SERIES_ADD] = "INSERT INTO series(name) VALUES (?1)",
	[S_SERIES_ALL] = "SELECT id, name FROM series ORDER BY name",
	[S_SAMPLE_ADD] = "INSERT INTO samples(time, boot, uptime_ms, sources) "
	    "VALUES (?1, ?2, ?3, ?4)",
	[S_RECENT_ADD] = "INSERT INTO recent(sample, data) VALUES (?1, ?2)",
	[S_RECENT_STATE] = "SELECT count(*), min(s.time) FROM recent r"
	    " CROSS JOIN samples s ON s.id = r.sample",
	/* ?1..?2 bound the time; the fold passes everything. */
	[S_RECENT_ALL] = "SELECT r.sample, s.time, s.boot, r.data"
	    " FROM recent r CROSS JOIN samples s ON s.id = r.sample"
	    " WHERE s.time BETWEEN ?1 AND ?2 ORDER BY r.sample",
	[S_RECENT_ONE] = "SELECT data FROM recent WHERE sample = ?1",
	[S_RECENT_DEL] = "DELETE FROM recent",
	[S_SEGMENT_ADD] = "INSERT INTO segments(first_sample, last_sample, boot,"
	    " min_time, max_time) VALUES (?1, ?2, ?3, ?4, ?5)",
	[S_CHUNK_ADD] = "INSERT INTO chunks(segment, series, data)"
	    " VALUES (?1, ?2, ?3)",
	/* The oldest samples in the order written, up to the first that is
	 * not folded yet: a clock stepped back cannot expire fresh data. */
	[S_PRUNE_OLDEST] = "SELECT id, time FROM samples WHERE id <"
	    " coalesce((SELECT min(sample) FROM recent), 1 << 62)"
	    " ORDER BY id LIMIT ?1",
	/* Segments are disjoint and in order: the expired ones are a prefix. */
	[S_EXPIRED] = "SELECT first_sample, boot FROM segments"
	    " WHERE first_sample <= ?1 AND last_sample <= ?1"
	    " ORDER BY first_sample",
	[S_SEGMENT_CHUNKS] = "SELECT series, data FROM chunks WHERE segment = ?1",
	[S_ROLLUP] = "INSERT INTO rollups(hour, series, boot, n, min, max,"
	    " sum, last, last_time) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
	    " ON CONFLICT(hour, series, boot) DO UPDATE SET"
	    "  n = n + excluded.n, min = min(min, excluded.min),"
	    "  max = max(max, excluded.max), sum = sum + excluded.sum,"
	    "  last = iif(excluded.last_time >= last_time, excluded.last, last),"
	    "  last_time = max(last_time, excluded.last_time)",
	[S_CHUNKS_DEL] = "DELETE FROM chunks WHERE segment <= ?1",
	[S_SEGMENTS_DEL] = "DELETE FROM segments WHERE first_sample <= ?1",
	[S_SAMPLES_DEL] = "DELETE FROM samples WHERE id BETWEEN ?1 AND ?2",
	[S_ROLLUPS_DEL] = "DELETE FROM rollups WHERE hour < ?1",
	/* Attributions go with the roll-ups of their time. */
	[S_ATTRIB_GROUPS_DEL] = "DELETE FROM attribution_groups WHERE"
	    " attribution IN (SELECT id FROM attributions WHERE started_at < ?1)",
	[S_ATTRIB_STACKS_DEL] = "DELETE FROM attribution_stacks WHERE"
	    " attribution IN (SELECT id FROM attributions WHERE started_at < ?1)",
	[S_ATTRIB_DEL] = "DELETE FROM attributions WHERE started_at < ?1",
	/* mlk-query snapshot's document, read back by SQLite's JSON. */
	[S_SNAPSHOT] = "SELECT json_extract(value, '$.series'),"
	    " json_extract(value, '$.bytes'),"
	    " coalesce(unixepoch(json_extract(?1, '$.time')), 0)"
	    " FROM json_each(?1, '$.series')"
	    " WHERE json_valid(?1) AND json_extract(?1, '$.format') ="
	    " 'mlk-snapshot' ORDER BY 1",
	/* Where raw values begin: roll-ups stand in only before that. */
	[S_FIRST_RAW] = "SELECT coalesce((SELECT min(min_time) FROM segments),"
	    " (SELECT min(s.time) FROM recent r CROSS JOIN samples s"
	    "  ON s.id = r.sample), ?1)",
	/* One probe per hour that has roll-ups, not a scan of every series. */
	[S_HISTORY_ROLLUPS] =
	    "WITH RECURSIVE h(hour) AS ("
	    " SELECT max(?2 / 3600 * 3600, (SELECT min(hour) FROM rollups))"
	    " UNION ALL SELECT hour + 3600 FROM h WHERE hour + 3600 <="
	    "  min(?3, ?4 - 1, (SELECT max(hour) FROM rollups)))"
	    "SELECT r.hour, r.boot, r.sum / r.n FROM h CROSS JOIN rollups r"
	    " WHERE r.hour = h.hour AND r.series = ?1"
	    "  AND r.hour BETWEEN ?2 AND ?3 AND r.hour < ?4"
	    " ORDER BY r.hour, r.boot",
	/* One probe per segment. */
	[S_HISTORY_CHUNKS] = "SELECT g.first_sample, g.boot, c.data"
	    " FROM segments g CROSS JOIN chunks c"
	    " WHERE g.max_time >= ?2 AND g.min_time <= ?3"
	    "  AND c.segment = g.first_sample AND c.series = ?1"
	    " ORDER BY g.first_sample",
	[S_LATEST_SAMPLE] = "SELECT id, time FROM samples"
	    " WHERE sources & ?1 AND +time <= ?2 ORDER BY id DESC LIMIT 1",
	[S_BOOT_NEWEST] = "SELECT max(coalesce((SELECT max(time) FROM samples"
	    " WHERE boot = b.id), -1), coalesce((SELECT max(max_time) FROM"
	    " segments WHERE boot = b.id), -1)) FROM boots b WHERE b.boot_id = ?1",
	[S_BOOT_START] = "SELECT id, time FROM samples WHERE sources & ?1"
	    " AND boot = (SELECT boot FROM samples ORDER BY id DESC LIMIT 1)"
	    " ORDER BY id LIMIT 1",
	[S_SEGMENT_AT] = "SELECT first_sample FROM segments WHERE first_sample ="
	    " (SELECT max(first_sample) FROM segments WHERE first_sample <= ?1)"
	    " AND last_sample >= ?1",
	[S_ALERT_ADD] = "INSERT INTO alerts(series, boot, state, opened_at,"
	    " updated_at, since, slope, confidence, bytes, fit_window, eta,"
	    " reclaimable, companions, call_sites) VALUES (?1, ?2, 'open', ?3,"
	    " ?4, ?5, ?6, ?7, ?8, ?9, nullif(?10, -1), ?11, ?12, ?13)",
	[S_ALERT_NOTICE] = "UPDATE alerts SET updated_at = ?2, slope = ?3,"
	    " confidence = ?4, bytes = ?5, fit_window = ?6, eta = nullif(?7, -1),"
	    " companions = ?8 WHERE series = ?1 AND state = 'open'",
	[S_ALERT_COMPANIONS] = "UPDATE alerts SET companions = ?2"
	    " WHERE series = ?1 AND state = 'open'",
	[S_ALERT_RESOLVE] = "UPDATE alerts SET state = 'resolved',"
	    " resolved_at = ?2, bytes = ?3, reason = ?4"
	    " WHERE series = ?1 AND state = 'open'",
	[S_ALERTS_CLOSE_BOOTS] = "UPDATE alerts SET state = 'resolved',"
	    " resolved_at = ?2, reason = 'the machine rebooted'"
	    " WHERE state = 'open' AND boot !="
	    " coalesce((SELECT id FROM boots WHERE boot_id = ?1), -1)",
	[S_ALERTS_OF_BOOT] = "SELECT " ALERT_COLUMNS
	    " WHERE a.state = 'open' AND a.boot ="
	    " (SELECT id FROM boots WHERE boot_id = ?1) ORDER BY a.opened_at",
	[S_SCAN] = "SELECT g.first_sample, c.series, c.data"
	    " FROM segments g JOIN chunks c ON c.segment = g.first_sample"
	    " WHERE g.boot = ?1 AND g.max_time >= ?2"
	    " ORDER BY g.first_sample, c.series",
	[S_NEWEST] = "SELECT b.boot_id, s.time, b.first_time, s.uptime_ms"
	    " FROM samples s"
	    " JOIN boots b ON b.id = s.boot ORDER BY s.id DESC LIMIT 1",
	[S_NEWEST_GAP] = "SELECT max(time) - min(time), count(*) FROM"
	    " (SELECT time FROM samples WHERE sources & ?1"
	    " ORDER BY id DESC LIMIT 2)",
	[S_ALERTS_LIST] = "SELECT " ALERT_COLUMNS
	    " WHERE (a.state = 'open' OR ?1) AND a.opened_at >= ?2"
	    " ORDER BY a.opened_at DESC, a.id DESC",
	[S_ATTRIB_ADD] = "INSERT INTO attributions(series, boot, started_at,"
	    " seconds, events, error, allocations, freed, free_events,"
	    " outstanding, outstanding_bytes, lost, untracked, stack_overflow)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, nullif(?6, ''), ?7, ?8, ?9, ?10, ?11,"
	    " ?12, ?13, ?14)",
	[S_ATTRIB_GROUP_ADD] = "INSERT INTO attribution_groups(attribution,"
	    " kind, rank, label, pid, allocations, outstanding, bytes)"
	    " VALUES (?1, ?2, ?3, ?4, nullif(?5, 0), ?6, ?7, ?8)",
	[S_ATTRIB_LAST] = "SELECT a.id, a.started_at, a.seconds, a.events,"
	    " coalesce(a.error, ''), a.allocations, a.freed, a.free_events,"
	    " a.outstanding, a.outstanding_bytes, a.lost, a.untracked,"
	    " a.stack_overflow FROM attributions a JOIN series se ON se.id = a.series"
	    " WHERE se.name = ?1 AND (?2 = 0 OR a.error IS NULL)"
	    " ORDER BY a.started_at DESC, a.id DESC LIMIT 1",
	[S_ATTRIB_GROUPS] = "SELECT kind = 'process', label, coalesce(pid, 0),"
	    " allocations, outstanding, bytes FROM attribution_groups"
	    " WHERE attribution = ?1 ORDER BY kind, rank",
	[S_ATTRIB_STACK_ADD] = "INSERT INTO attribution_stacks(attribution,"
	    " rank, frames, allocations, outstanding, bytes, processes)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[S_ATTRIB_STACKS] = "SELECT frames, allocations, outstanding, bytes,"
	    " processes FROM attribution_stacks WHERE attribution = ?1"
	    " ORDER BY rank",
};



int
st_fail(struct store *st, char **cause, const char *what)
{
	int code = sqlite3_errcode(st->db) & 0xff;

	if (code == SQLITE_NOTADB)
		xasprintf(cause, "%s: not an SQLite database (%s); refusing "
		    "to touch it", st->path, sqlite3_errmsg(st->db));
	else if (code == SQLITE_CORRUPT) {
		st->corrupt = 1;
		xasprintf(cause, "%s: %s: %s: the database is damaged; to "
		    "save what is left: sqlite3 %s .recover | sqlite3 "
		    "saved.db, then move it aside", st->path, what,
		    sqlite3_errmsg(st->db), st->path);
	} else
		xasprintf(cause, "%s: %s: %s", st->path, what,
		    sqlite3_errmsg(st->db));
	return -1;
}

sqlite3_stmt *
st_stmt(struct store *st, enum stmt_id id, char **cause)
{
	sqlite3_stmt *s = st->stmt[id];

	if (s != NULL) {
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
		return s;
	}
	if (sqlite3_prepare_v3(st->db, stmt_sql[id], -1,
	    SQLITE_PREPARE_PERSISTENT, &st->stmt[id], NULL) != SQLITE_OK) {
		xasprintf(cause, "%s: preparing \"%.40s...\": %s", st->path,
		    stmt_sql[id], sqlite3_errmsg(st->db));
		return NULL;
	}
	return st->stmt[id];
}

/* Run a statement that returns no rows. */
int
st_run(struct store *st, sqlite3_stmt *s, char **cause, const char *what)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return st_fail(st, cause, what);
	return 0;
}

int
st_run_id(struct store *st, enum stmt_id id, char **cause)
{
	sqlite3_stmt *s;

	/* a transaction of its own: the samples held are committed first */
	if ((id == S_BEGIN || id == S_BEGIN_READ) && st->held > 0 &&
	    store_flush(st, cause) == -1)
		return -1;
	s = st_stmt(st, id, cause);
	return s == NULL ? -1 : st_run(st, s, cause, stmt_sql[id]);
}

/* Abandon the open transaction; the error that led here is already told. */
static void
rollback(struct store *st)
{
	char *ignored = NULL;

	st_run_id(st, S_ROLLBACK, &ignored);
	free(ignored);
}

/* End a read transaction; a read has nothing to lose if that fails. */
void
st_end_read(struct store *st)
{
	char *ignored = NULL;

	st_run_id(st, S_COMMIT, &ignored);
	free(ignored);
}

static int
pragma_int(struct store *st, const char *sql, int64_t *v, char **cause)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return st_fail(st, cause, sql);
	rc = sqlite3_step(s);
	*v = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return st_fail(st, cause, sql);
	return 0;
}

/* Is this our file, and how far is its schema?  Never writes. */
static int
check_identity(struct store *st, int64_t *version, char **cause)
{
	int64_t appid, tables;

	if (pragma_int(st, "SELECT count(*) FROM sqlite_schema", &tables,
	    cause) == -1 ||
	    pragma_int(st, "PRAGMA application_id", &appid, cause) == -1 ||
	    pragma_int(st, "PRAGMA user_version", version, cause) == -1)
		return -1;
	if (appid == 0 && tables == 0 && *version == 0)
		return 0;		/* empty: ours to initialise */
	if (appid != APPLICATION_ID) {
		xasprintf(cause, "%s: not an mlk database (application_id %#llx,"
		    " %lld tables); refusing to touch it", st->path,
		    (unsigned long long)appid, (long long)tables);
		return -1;
	}
	if (*version > (int64_t)schema_nmigrations) {
		xasprintf(cause, "%s: schema version %lld is newer than this "
		    "mlk understands (%zu); upgrade mlk", st->path,
		    (long long)*version, schema_nmigrations);
		return -1;
	}
	return 0;
}

static int
migrate(struct store *st, int64_t version, char **cause)
{
	char *err = NULL, sql[64];

	for (; version < (int64_t)schema_nmigrations; version++) {
		snprintf(sql, sizeof sql, "PRAGMA user_version = %lld",
		    (long long)version + 1);
		if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, &err) ||
		    sqlite3_exec(st->db, schema_migrations[version], NULL, NULL,
		    &err) || sqlite3_exec(st->db, sql, NULL, NULL, &err) ||
		    sqlite3_exec(st->db, "COMMIT", NULL, NULL, &err)) {
			xasprintf(cause, "%s: applying schema %lld: %s",
			    st->path, (long long)version + 1, err);
			sqlite3_free(err);
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
	}
	return 0;
}

static void
series_forget(struct store *st)
{
	size_t i;

	for (i = 0; i < st->nseries; i++)
		free(st->series[i].name);
	st->nseries = 0;
	free(st->names);
	free(st->stamp);
	st->names = NULL;
	st->stamp = NULL;
	st->nnames = 0;
	free(st->memo);
	st->memo = NULL;
	st->nmemo = 0;
}

/* Insert at the sorted position lo, and index the name by id. */
static void
series_insert(struct store *st, size_t lo, const char *name, int64_t id)
{
	size_t i;

	if (st->nseries == st->capseries) {
		st->capseries = st->capseries ? st->capseries * 2 : 512;
		st->series = xreallocarray(st->series, st->capseries,
		    sizeof *st->series);
	}
	memmove(&st->series[lo + 1], &st->series[lo],
	    (st->nseries - lo) * sizeof *st->series);
	st->series[lo].name = xstrdup(name);
	st->series[lo].id = id;
	st->nseries++;
	if ((size_t)id >= st->nnames) {
		i = st->nnames;
		st->nnames = (size_t)id + 256;
		st->names = xreallocarray(st->names, st->nnames,
		    sizeof *st->names);
		st->stamp = xreallocarray(st->stamp, st->nnames,
		    sizeof *st->stamp);
		memset(&st->names[i], 0, (st->nnames - i) * sizeof *st->names);
		memset(&st->stamp[i], 0, (st->nnames - i) * sizeof *st->stamp);
	}
	st->names[id] = st->series[lo].name;
}

int
st_series_load(struct store *st, char **cause)
{
	sqlite3_stmt *s = st_stmt(st, S_SERIES_ALL, cause);
	int64_t id;

	if (s == NULL)
		return -1;
	series_forget(st);
	while (sqlite3_step(s) == SQLITE_ROW) {
		id = sqlite3_column_int64(s, 0);
		if (id <= 0 || id > INT32_MAX)
			continue;	/* never ours; keep the table small */
		series_insert(st, st->nseries,
		    (const char *)sqlite3_column_text(s, 1), id);
	}
	if (sqlite3_reset(s) != SQLITE_OK)
		return st_fail(st, cause, "loading series");
	return 0;
}

/* The name of a series id, or NULL for one not (yet) known. */
const char *
st_series_name(struct store *st, int64_t id)
{
	if (id <= 0 || (uint64_t)id >= st->nnames)
		return NULL;
	return st->names[id];
}

/*
 * One writer per database: an exclusive flock on PATH.lock, held while the
 * store is open, with the holder's PID in it for the next one to name.
 * A separate file, not the database: SQLite's own locks are fcntl locks,
 * which NFS would merge with a flock, and readers never touch it.  The
 * lock goes with the holder, however it ends: no stale lock to clear.
 */
static int
writer_lock(struct store *st, char **cause)
{
	char *lock, pid[32] = "";
	ssize_t n;

	xasprintf(&lock, "%s.lock", st->path);
	st->lockfd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    0640);
	if (st->lockfd == -1) {
		xasprintf(cause, "%s: %s", lock, strerror(errno));
		free(lock);
		return -1;
	}
	if (flock(st->lockfd, LOCK_EX | LOCK_NB) == -1) {
		if (errno == EWOULDBLOCK) {
			n = pread(st->lockfd, pid, sizeof pid - 1, 0);
			pid[n > 0 ? strcspn(pid, "\n") : 0] = '\0';
			xasprintf(cause, "%s is in use by %s%s, which holds "
			    "%s: one writer per database; stop it, or give "
			    "this one another --db", st->path,
			    *pid ? "mlkd PID " : "another mlkd", pid, lock);
		} else
			xasprintf(cause, "%s: %s", lock, strerror(errno));
		free(lock);
		return -1;
	}
	free(lock);
	n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (ftruncate(st->lockfd, 0) == -1 ||
	    pwrite(st->lockfd, pid, (size_t)n, 0) != n) {
		xasprintf(cause, "%s.lock: %s", st->path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Open the database at st->path and make it ready: what store_open does
 * after the writer's lock. */
static int
db_connect(struct store *st, int flags, char **cause)
{
	const char *path = st->path;
	int64_t version;
	char *err = NULL;
	int oflags = flags & STORE_READONLY ? SQLITE_OPEN_READONLY :
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;

	st->recent_n = -1;
	if (sqlite3_open_v2(path, &st->db, oflags | SQLITE_OPEN_NOFOLLOW,
	    NULL) != SQLITE_OK) {
		xasprintf(cause, "%s: %s", path, st->db ?
		    sqlite3_errmsg(st->db) : "cannot open");
		return -1;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, 5000);
	if (check_identity(st, &version, cause) == -1)
		return -1;
	if (flags & STORE_READONLY) {
		if (version == 0) {
			xasprintf(cause, "%s: empty database: mlkd has not "
			    "written to it yet", path);
			return -1;
		}
		if (version < (int64_t)schema_nmigrations) {
			xasprintf(cause, "%s: schema version %lld is older than "
			    "this mlk (%zu): run the new mlkd once to upgrade it",
			    path, (long long)version, schema_nmigrations);
			return -1;
		}
		return st_series_load(st, cause);
	}
	/* The writer appends, and reads the history back once, at start: a
	 * page cache of 64 KiB (the default is 2 MiB, which it filled within
	 * a day and kept) made neither sampling nor an import slower. */
	if (sqlite3_exec(st->db, "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = NORMAL;"
	    "PRAGMA journal_size_limit = 8388608;"
	    "PRAGMA cache_size = -64", NULL, NULL, &err) != SQLITE_OK) {
		xasprintf(cause, "%s: setting WAL mode: %s", path, err);
		sqlite3_free(err);
		return -1;
	}
	/* Keep the -wal and -shm files when the last connection closes: a
	 * reader that may not create files in the directory (the group
	 * mlk, in /var/lib/mlk) can open a WAL database only if they exist. */
	sqlite3_file_control(st->db, "main", SQLITE_FCNTL_PERSIST_WAL,
	    &(int){ 1 });
	if (migrate(st, version, cause) == -1 || st_series_load(st, cause) == -1)
		return -1;
	return 0;
}

/* Close the connection and forget all it held; path and lock stay. */
static void
db_disconnect(struct store *st)
{
	char *path = st->path;
	int lockfd = st->lockfd, group = st->group;
	struct rows_writer rw = st->rw;
	size_t i;

	for (i = 0; i < S_COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	series_forget(st);
	free(st->series);
	sqlite3_close(st->db);
	memset(st, 0, sizeof *st);
	st->path = path;
	st->lockfd = lockfd;
	st->group = group;
	st->rw = rw;
}

struct store *
store_open(const char *path, int flags, char **cause)
{
	struct store *st = xcalloc(1, sizeof *st);
	struct stat sb;

	st->path = xstrdup(path);
	st->lockfd = -1;
	st->group = 1;
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		xasprintf(cause, "%s: a directory, not a database file; give "
		    "--db a file's path, such as %s/mlk.db", path, path);
		store_close(st);
		return NULL;
	}
	if ((!(flags & STORE_READONLY) && writer_lock(st, cause) == -1) ||
	    db_connect(st, flags, cause) == -1) {
		store_close(st);
		return NULL;
	}
	return st;
}

int
store_corrupt(const struct store *st)
{
	return st->corrupt;
}

/*
 * The database is damaged: move it aside with its -wal and -shm, as
 * PATH.corrupt-YYYYMMDDTHHMMSS (UTC), and start afresh at PATH, the
 * writer's lock held throughout.  Nothing more is written to the damaged
 * file, and nothing of it is lost: sqlite3's .recover reads what is left.
 */
int
store_quarantine(struct store *st, char **moved, char **cause)
{
	static const char *const ext[] = { "", "-wal", "-shm" };
	char stamp[32], *from, *to;
	time_t now = time(NULL);
	struct tm tm;
	size_t i;

	db_disconnect(st);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", gmtime_r(&now, &tm));
	xasprintf(moved, "%s.corrupt-%s", st->path, stamp);
	for (i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		xasprintf(&from, "%s%s", st->path, ext[i]);
		xasprintf(&to, "%s%s", *moved, ext[i]);
		if (rename(from, to) == -1 && (i == 0 || errno != ENOENT)) {
			xasprintf(cause, "%s: cannot move it aside to %s: %s",
			    from, to, strerror(errno));
			free(from);
			free(to);
			return -1;
		}
		free(from);
		free(to);
	}
	return db_connect(st, 0, cause);
}

void
store_close(struct store *st)
{
	char *ignored = NULL;

	if (st == NULL)
		return;
	store_flush(st, &ignored);	/* its writer told of a failure */
	free(ignored);
	db_disconnect(st);
	pack_free(&st->rw.pk);
	if (st->lockfd != -1)
		close(st->lockfd);
	free(st->path);
	free(st);
}

int64_t
st_series_find(const struct store *st, const char *name, size_t *at)
{
	size_t lo = 0, hi = st->nseries, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (strcmp(st->series[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (at != NULL)
		*at = lo;
	return lo < st->nseries && strcmp(st->series[lo].name, name) == 0 ?
	    st->series[lo].id : -1;
}

/* The id of a series, created on first sight (inside the caller's txn). */
int64_t
st_series_id(struct store *st, const char *name, char **cause)
{
	sqlite3_stmt *s;
	int64_t id;
	size_t at;

	if ((id = st_series_find(st, name, &at)) != -1)
		return id;
	if ((s = st_stmt(st, S_SERIES_ADD, cause)) == NULL)
		return -1;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	if (st_run(st, s, cause, "adding a series") == -1)
		return -1;
	series_insert(st, at, name, sqlite3_last_insert_rowid(st->db));
	return st->series[at].id;
}

int64_t
st_boot_row(struct store *st, const char *boot_id, int64_t first_time,
    char **cause)
{
	sqlite3_stmt *s;

	if (st->boot != 0 && strcmp(st->boot_id, boot_id) == 0)
		return st->boot;
	if ((s = st_stmt(st, S_BOOT_GET, cause)) == NULL)
		return -1;
	sqlite3_bind_text(s, 1, boot_id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		st->boot = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
	} else {
		sqlite3_reset(s);
		if ((s = st_stmt(st, S_BOOT_ADD, cause)) == NULL)
			return -1;
		sqlite3_bind_text(s, 1, boot_id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, first_time);
		if (st_run(st, s, cause, "adding a boot") == -1)
			return -1;
		st->boot = sqlite3_last_insert_rowid(st->db);
	}
	snprintf(st->boot_id, sizeof st->boot_id, "%s", boot_id);
	return st->boot;
}

/* Bind a blob that may be empty: SQLite stores a NULL pointer as NULL. */
static void
bind_blob(sqlite3_stmt *s, int col, const struct pack *pk)
{
	sqlite3_bind_blob(s, col, pk->len > 0 ? (const void *)pk->buf : "",
	    (int)pk->len, SQLITE_STATIC);
}

/* Pack the values of smp into st->rw, naming each series by its id. */
static int
pack_sample(struct store *st, const struct sample *smp, char **cause)
{
	static const int64_t start[RV_FIELDS] = { 0, 0, -1 };
	int64_t row[RV_FIELDS];
	struct memo *m;
	size_t i;
	int same;

	rows_begin(&st->rw, RV_FIELDS, start);
	st->nput++;
	if (st->nmemo < smp->n) {
		st->memo = xreallocarray(st->memo, smp->n, sizeof *st->memo);
		memset(&st->memo[st->nmemo], 0,
		    (smp->n - st->nmemo) * sizeof *st->memo);
		st->nmemo = smp->n;
	}
	same = sample_same_names(smp, st->memo_names);
	st->memo_names = 0;	/* until every name is memoised */
	for (i = 0; i < smp->n; i++) {
		m = &st->memo[i];
		if (m->name == NULL || (!same &&
		    strcmp(m->name, smp->p[i].series) != 0)) {
			if ((m->id = st_series_id(st, smp->p[i].series,
			    cause)) == -1)
				return -1;
			m->name = st_series_name(st, m->id);
		}
		if (st->stamp[m->id] == st->nput) {
			xasprintf(cause, "%s: %s twice in one sample", st->path,
			    m->name);
			return -1;
		}
		st->stamp[m->id] = st->nput;
		row[RV_SERIES] = m->id;
		row[RV_BYTES] = smp->p[i].bytes;
		row[RV_OBJECTS] = smp->p[i].objects;
		rows_add(&st->rw, row);
	}
	st->memo_names = smp->names;
	return 0;
}

static int
put_sample(struct store *st, const struct sample *smp, char **cause)
{
	sqlite3_stmt *s;
	int64_t boot, sample;

	if ((boot = st_boot_row(st, smp->boot_id, smp->time, cause)) == -1 ||
	    (s = st_stmt(st, S_SAMPLE_ADD, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, smp->time);
	sqlite3_bind_int64(s, 2, boot);
	sqlite3_bind_int64(s, 3, smp->uptime_ms);
	sqlite3_bind_int64(s, 4, smp->sources);
	if (st_run(st, s, cause, "adding a sample") == -1)
		return -1;
	sample = sqlite3_last_insert_rowid(st->db);	/* before any series */
	if (pack_sample(st, smp, cause) == -1 ||
	    (s = st_stmt(st, S_RECENT_ADD, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, sample);
	bind_blob(s, 2, &st->rw.pk);
	return st_run(st, s, cause, "adding a sample's values");
}

/* Series and boot rows made in what was rolled back are gone, and so
 * are the samples it held: the caches forget them. */
static void
forget_rolled_back(struct store *st)
{
	char *ignored = NULL;

	st->boot = 0;
	st->recent_n = -1;
	st_series_load(st, &ignored);
	free(ignored);
}

/* SQLite rolls a transaction back by itself on some errors (a full disk,
 * I/O, memory) in any statement: the samples it held are gone, and so
 * are the rows the caches know from it. */
static int
held_lost(struct store *st)
{
	if (st->held == 0 || !sqlite3_get_autocommit(st->db))
		return 0;
	st->held = 0;
	forget_rolled_back(st);
	return 1;
}

/* Undo the sample being put: alone, in its savepoint, if others are
 * held with it; else its whole transaction. */
static void
undo_put(struct store *st)
{
	char *ignored = NULL;

	if (st->held > 0 && st_run_id(st, S_SAVE_UNDO, &ignored) == 0 &&
	    st_run_id(st, S_SAVE_RELEASE, &ignored) == 0)
		forget_rolled_back(st);
	else
		st_abandon(st);
	free(ignored);
}

/* A sample that fails is rolled back alone: the samples held with it
 * stay, to be committed with the next. */
int
store_put(struct store *st, const struct sample *smp, char **cause)
{
	held_lost(st);		/* told when it failed */
	if (st->held == 0 && st_run_id(st, S_BEGIN, cause) == -1)
		return -1;
	if ((st->held > 0 && st_run_id(st, S_SAVE, cause) == -1) ||
	    put_sample(st, smp, cause) == -1 ||
	    (st->held > 0 && st_run_id(st, S_SAVE_RELEASE, cause) == -1)) {
		undo_put(st);
		return -1;
	}
	if (st->recent_n == 0)
		st->recent_oldest = smp->time;
	if (st->recent_n >= 0)
		st->recent_n++;
	st->held++;
	return st->held < st->group && st->nput > 1 ? 0 :
	    store_flush(st, cause);
}

void
store_group(struct store *st, int n)
{
	st->group = n > 1 ? n : 1;
}

int
store_flush(struct store *st, char **cause)
{
	held_lost(st);		/* told when it failed */
	if (st->held == 0)
		return 0;
	st->held = 0;
	if (st_run_id(st, S_COMMIT, cause) == 0)
		return 0;
	st_abandon(st);
	return -1;
}

void
st_abandon(struct store *st)
{
	rollback(st);
	st->held = 0;
	forget_rolled_back(st);
}

int
st_damaged(struct store *st, char **cause, const char *what, int64_t id)
{
	xasprintf(cause, "%s: damaged %s %lld: run PRAGMA integrity_check",
	    st->path, what, (long long)id);
	return -1;
}

/* The values of one series in the segment being folded. */
struct chunk {
	struct rows_writer rw;
};

/* The run of recent samples of one boot being folded. */
struct segment {
	int64_t		 first_sample, last_sample, boot;
	int64_t		 min_time, max_time;
	struct chunk	*ch;		/* by series id */
	size_t		 nch;
};

static int
segment_write(struct store *st, struct segment *g, char **cause)
{
	const int64_t v[] = {
		g->first_sample, g->last_sample, g->boot, g->min_time,
		g->max_time
	};
	sqlite3_stmt *s;
	size_t id;
	int i;

	for (id = 0; id < g->nch; id++) {
		if (g->ch[id].rw.n == 0)
			continue;
		if ((s = st_stmt(st, S_CHUNK_ADD, cause)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, g->first_sample);
		sqlite3_bind_int64(s, 2, (int64_t)id);
		bind_blob(s, 3, &g->ch[id].rw.pk);
		g->ch[id].rw.n = 0;
		if (st_run(st, s, cause, "writing a chunk") == -1)
			return -1;
	}
	if ((s = st_stmt(st, S_SEGMENT_ADD, cause)) == NULL)
		return -1;
	for (i = 0; i < (int)(sizeof v / sizeof v[0]); i++)
		sqlite3_bind_int64(s, i + 1, v[i]);
	g->first_sample = 0;
	return st_run(st, s, cause, "writing a segment");
}

/* Add one recent blob to the segment. */
static int
segment_add(struct store *st, struct segment *g, int64_t sample,
    int64_t time, const void *blob, size_t len, char **cause)
{
	static const int64_t rstart[RV_FIELDS] = { 0, 0, -1 };
	const int64_t cstart[CH_FIELDS] = { g->first_sample, 0, 0, -1 };
	struct rows_reader rr;
	struct chunk *ch;
	int64_t v[RV_FIELDS], pt[CH_FIELDS] = { sample, time, 0, 0 };
	int r;

	g->last_sample = sample;
	g->min_time = time < g->min_time ? time : g->min_time;
	g->max_time = time > g->max_time ? time : g->max_time;
	rows_open(&rr, blob, len, RV_FIELDS, rstart);
	while ((r = rows_next(&rr, v)) == 1) {
		if (st_series_name(st, v[RV_SERIES]) == NULL)
			break;
		ch = &g->ch[v[RV_SERIES]];
		if (ch->rw.n == 0)
			rows_begin(&ch->rw, CH_FIELDS, cstart);
		pt[CH_BYTES] = v[RV_BYTES];
		pt[CH_OBJECTS] = v[RV_OBJECTS];
		rows_add(&ch->rw, pt);
	}
	return r == 0 ? 0 : st_damaged(st, cause, "recent sample", sample);
}

/* Turn the recent blobs into segments, one per boot among them. */
static int
fold(struct store *st, char **cause)
{
	sqlite3_stmt *s = st_stmt(st, S_RECENT_ALL, cause);
	struct segment g = { .nch = st->nnames };
	int64_t sample, time, boot;
	size_t id;
	int rc = -1;

	g.ch = xcalloc(g.nch + 1, sizeof *g.ch);
	if (s == NULL)
		goto out;
	sqlite3_bind_int64(s, 1, INT64_MIN);
	sqlite3_bind_int64(s, 2, INT64_MAX);
	while (sqlite3_step(s) == SQLITE_ROW) {
		sample = sqlite3_column_int64(s, 0);
		time = sqlite3_column_int64(s, 1);
		boot = sqlite3_column_int64(s, 2);
		if (g.first_sample != 0 && g.boot != boot &&
		    segment_write(st, &g, cause) == -1)
			goto out;
		if (g.first_sample == 0) {
			g.first_sample = sample;
			g.boot = boot;
			g.min_time = g.max_time = time;
		}
		if (segment_add(st, &g, sample, time, sqlite3_column_blob(s, 3),
		    (size_t)sqlite3_column_bytes(s, 3), cause) == -1)
			goto out;
	}
	if (sqlite3_reset(s) != SQLITE_OK) {
		st_fail(st, cause, "reading recent samples");
		goto out;
	}
	if (g.first_sample != 0 && segment_write(st, &g, cause) == -1)
		goto out;
	rc = st_run_id(st, S_RECENT_DEL, cause);
out:
	if (s != NULL)
		sqlite3_reset(s);
	for (id = 0; id < g.nch; id++)
		pack_free(&g.ch[id].rw.pk);
	free(g.ch);
	return rc;
}

/*
 * Fold the recent samples once an hour's worth has gathered: a fold writes
 * a chunk per series, appended, in a page or two per dozen series.
 */
static int
fold_if_due(struct store *st, int64_t now, char **cause)
{
	sqlite3_stmt *s;

	if (st->recent_n < 0) {
		if ((s = st_stmt(st, S_RECENT_STATE, cause)) == NULL)
			return -1;
		if (sqlite3_step(s) != SQLITE_ROW) {
			sqlite3_reset(s);
			return st_fail(st, cause, "counting recent samples");
		}
		st->recent_n = sqlite3_column_int64(s, 0);
		st->recent_oldest = sqlite3_column_int64(s, 1);
		sqlite3_reset(s);
	}
	if (st->recent_n == 0 || (st->recent_n < FOLD_SAMPLES &&
	    now - st->recent_oldest < FOLD_SECONDS))
		return 0;
	if (st_run_id(st, S_BEGIN, cause) == -1)
		return -1;
	if (fold(st, cause) == 0 && st_run_id(st, S_COMMIT, cause) == 0) {
		st->recent_n = 0;
		return 0;
	}
	rollback(st);
	st->recent_n = -1;
	return -1;
}

/* One hour of one series, as it is being rolled up. */
struct hour {
	int64_t		 hour, n, min, max, sum, last, last_time;
};

static int
rollup_write(struct store *st, int64_t series, int64_t boot,
    const struct hour *h, char **cause)
{
	sqlite3_stmt *s = st_stmt(st, S_ROLLUP, cause);
	const int64_t v[] = {
		h->hour, series, boot, h->n, h->min, h->max, h->sum, h->last,
		h->last_time
	};
	int i;

	if (s == NULL)
		return -1;
	for (i = 0; i < (int)(sizeof v / sizeof v[0]); i++)
		sqlite3_bind_int64(s, i + 1, v[i]);
	return st_run(st, s, cause, "rolling up");
}

/* Roll up one chunk into its hours.  The rows of one hour are contiguous
 * unless the clock stepped; the upsert merges them anyway. */
static int
rollup_chunk(struct store *st, int64_t segment, int64_t boot, int64_t series,
    const void *blob, size_t len, char **cause)
{
	const int64_t start[CH_FIELDS] = { segment, 0, 0, -1 };
	int64_t pt[CH_FIELDS];
	struct rows_reader rr;
	struct hour h = { .n = 0 };
	int r;

	rows_open(&rr, blob, len, CH_FIELDS, start);
	while ((r = rows_next(&rr, pt)) == 1) {
		if (h.n > 0 && pt[CH_TIME] / 3600 * 3600 != h.hour) {
			if (rollup_write(st, series, boot, &h, cause) == -1)
				return -1;
			h.n = 0;
		}
		if (h.n++ == 0) {
			h.hour = pt[CH_TIME] / 3600 * 3600;
			h.min = h.max = pt[CH_BYTES];
			h.sum = 0;
		}
		h.min = pt[CH_BYTES] < h.min ? pt[CH_BYTES] : h.min;
		h.max = pt[CH_BYTES] > h.max ? pt[CH_BYTES] : h.max;
		h.sum += pt[CH_BYTES];
		h.last = pt[CH_BYTES];
		h.last_time = pt[CH_TIME];
	}
	if (r == -1)
		return st_damaged(st, cause, "chunk of segment", segment);
	return h.n > 0 ? rollup_write(st, series, boot, &h, cause) : 0;
}

static int
rollup_segment(struct store *st, int64_t segment, int64_t boot, char **cause)
{
	sqlite3_stmt *s = st_stmt(st, S_SEGMENT_CHUNKS, cause);
	int rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, segment);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (rollup_chunk(st, segment, boot, sqlite3_column_int64(s, 0),
		    sqlite3_column_blob(s, 1), (size_t)sqlite3_column_bytes(s, 1),
		    cause) == -1) {
			sqlite3_reset(s);
			return -1;
		}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : st_fail(st, cause, "reading chunks");
}

/* Roll up and delete every segment that ends at or before sample hi, and
 * the samples lo..hi. */
static int
prune_range(struct store *st, int64_t lo, int64_t hi, char **cause)
{
	sqlite3_stmt *g = st_stmt(st, S_EXPIRED, cause), *s;
	int64_t upto = -1;
	int rc;

	if (g == NULL)
		return -1;
	sqlite3_bind_int64(g, 1, hi);
	while ((rc = sqlite3_step(g)) == SQLITE_ROW) {
		upto = sqlite3_column_int64(g, 0);
		if (rollup_segment(st, upto, sqlite3_column_int64(g, 1),
		    cause) == -1) {
			sqlite3_reset(g);
			return -1;
		}
	}
	sqlite3_reset(g);
	if (rc != SQLITE_DONE)
		return st_fail(st, cause, "finding expired segments");
	if (upto != -1) {
		if ((s = st_stmt(st, S_CHUNKS_DEL, cause)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, upto);
		if (st_run(st, s, cause, "deleting expired chunks") == -1 ||
		    (s = st_stmt(st, S_SEGMENTS_DEL, cause)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, upto);
		if (st_run(st, s, cause, "deleting expired segments") == -1)
			return -1;
	}
	if ((s = st_stmt(st, S_SAMPLES_DEL, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, lo);
	sqlite3_bind_int64(s, 2, hi);
	return st_run(st, s, cause, "deleting expired samples");
}

int
store_prune(struct store *st, int64_t now, int64_t retention,
    int64_t rollup_retention, int batch, char **cause)
{
	static const enum stmt_id expiring[] = { S_ROLLUPS_DEL,
	    S_ATTRIB_GROUPS_DEL, S_ATTRIB_STACKS_DEL, S_ATTRIB_DEL };
	sqlite3_stmt *s;
	int64_t lo = -1, hi = -1, oldest = 0;
	size_t i;
	int n = 0, rc, expire;

	if (store_flush(st, cause) == -1 || fold_if_due(st, now, cause) == -1 ||
	    (s = st_stmt(st, S_PRUNE_OLDEST, cause)) == NULL)
		return -1;
	sqlite3_bind_int(s, 1, batch);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW &&
	    sqlite3_column_int64(s, 1) < now - retention) {
		if (lo == -1) {
			lo = sqlite3_column_int64(s, 0);
			oldest = sqlite3_column_int64(s, 1);
		}
		hi = sqlite3_column_int64(s, 0);
		n++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return st_fail(st, cause, "finding old samples");
	/* Expiring touches a page of every series: wait for a whole batch,
	 * or an hour, so that happens once an hour, not once a sample. */
	if (n < batch && oldest >= now - retention - 3600)
		n = 0;

	/* Roll-ups are hourly: looking for expired ones once an hour will do. */
	expire = now / 3600 != st->rollups_pruned;
	if (n == 0 && !expire)
		return 0;
	if (st_run_id(st, S_BEGIN, cause) == -1)
		return -1;
	if (n > 0 && prune_range(st, lo, hi, cause) == -1)
		goto fail;
	for (i = 0; expire && i < sizeof expiring / sizeof expiring[0]; i++) {
		if ((s = st_stmt(st, expiring[i], cause)) == NULL)
			goto fail;
		sqlite3_bind_int64(s, 1, now - rollup_retention);
		if (st_run(st, s, cause, "dropping old roll-ups and "
		    "attributions") == -1)
			goto fail;
	}
	if (st_run_id(st, S_COMMIT, cause) == -1)
		goto fail;
	if (expire)
		st->rollups_pruned = now / 3600;
	return n;
fail:
	rollback(st);
	return -1;
}

int
store_trim_wal(struct store *st, int64_t limit, char **cause)
{
	char wal[4096];
	struct stat sb;
	int rc, logged, done;

	snprintf(wal, sizeof wal, "%s-wal", st->path);
	if (stat(wal, &sb) == -1 || sb.st_size <= limit)
		return 0;
	/* no checkpoint while this connection holds a transaction open */
	if (store_flush(st, cause) == -1)
		return -1;
	/* Wait briefly for readers; never stall the sampling loop. */
	sqlite3_busy_timeout(st->db, 200);
	rc = sqlite3_wal_checkpoint_v2(st->db, NULL,
	    SQLITE_CHECKPOINT_TRUNCATE, &logged, &done);
	sqlite3_busy_timeout(st->db, 5000);
	if (rc == SQLITE_BUSY)
		return 1;
	if (rc != SQLITE_OK)
		return st_fail(st, cause, "checkpointing the WAL");
	return 0;
}

