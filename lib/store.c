#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "store.h"
#include "xmem.h"

#define APPLICATION_ID	1296780081	/* 'MLK1', set by sql/001-init.sql */
#define FOLD_SAMPLES	60		/* fold recent into points after this */
#define FOLD_SECONDS	3600		/* ... or when the oldest is this old */

extern const char *const schema_migrations[];
extern const size_t schema_nmigrations;

/* Every statement the store runs, prepared on first use, kept until close. */
enum stmt_id {
	S_BEGIN, S_COMMIT, S_ROLLBACK,
	S_BOOT_GET, S_BOOT_ADD, S_SERIES_ADD, S_SERIES_ALL,
	S_SAMPLE_ADD, S_POINT_ADD, S_FOLD_DUE, S_FOLD, S_FOLD_DEL,
	S_PRUNE_OLDEST, S_ROLLUP, S_POINTS_DEL, S_SAMPLES_DEL, S_ROLLUPS_DEL,
	S_HISTORY, S_LATEST_SAMPLE, S_SAMPLE_VALUES,
	S_COUNT
};

static const char *const stmt_sql[S_COUNT] = {
	[S_BEGIN] = "BEGIN IMMEDIATE",
	[S_COMMIT] = "COMMIT",
	[S_ROLLBACK] = "ROLLBACK",
	[S_BOOT_GET] = "SELECT id FROM boots WHERE boot_id = ?1",
	[S_BOOT_ADD] = "INSERT INTO boots(boot_id, first_time) VALUES (?1, ?2)",
	[S_SERIES_ADD] = "INSERT INTO series(name) VALUES (?1)",
	[S_SERIES_ALL] = "SELECT id, name FROM series ORDER BY name",
	[S_SAMPLE_ADD] = "INSERT INTO samples(time, boot, uptime_ms, sources) "
	    "VALUES (?1, ?2, ?3, ?4)",
	[S_POINT_ADD] = "INSERT INTO recent(series, sample, bytes, objects) "
	    "VALUES (?1, ?2, ?3, ?4)",
	/* How many samples wait in recent, and the time of the oldest. */
	[S_FOLD_DUE] = "SELECT count(*), min(time) FROM samples"
	    " WHERE id >= (SELECT min(sample) FROM recent)",
	[S_FOLD] = "INSERT INTO points(series, sample, bytes, objects)"
	    " SELECT series, sample, bytes, objects FROM recent"
	    " ORDER BY series, sample",
	[S_FOLD_DEL] = "DELETE FROM recent",
	/* Only folded samples are pruned: roll-ups read points. */
	[S_PRUNE_OLDEST] = "SELECT id, time FROM samples WHERE id <"
	    " coalesce((SELECT min(sample) FROM recent), 1 << 62)"
	    " ORDER BY id LIMIT ?1",
	/* Series first, so each series' points are one range of the key. */
	[S_ROLLUP] =
	    "WITH agg AS ("
	    " SELECT p.series AS series, s.time / 3600 * 3600 AS hour,"
	    "  s.boot AS boot, count(*) AS n, min(p.bytes) AS mn,"
	    "  max(p.bytes) AS mx, sum(p.bytes) AS sm, max(p.sample) AS ls,"
	    "  max(s.time) AS lt"
	    " FROM series se CROSS JOIN points p CROSS JOIN samples s"
	    " WHERE p.series = se.id AND p.sample BETWEEN ?1 AND ?2"
	    "  AND s.id = p.sample"
	    " GROUP BY 1, 2, 3)"
	    "INSERT INTO rollups(series, hour, boot, n, min, max, sum, last,"
	    " last_time)"
	    " SELECT a.series, a.hour, a.boot, a.n, a.mn, a.mx, a.sm, p.bytes,"
	    "  a.lt FROM agg a JOIN points p ON p.series = a.series"
	    "  AND p.sample = a.ls WHERE 1"
	    " ON CONFLICT(series, hour, boot) DO UPDATE SET"
	    "  n = n + excluded.n, min = min(min, excluded.min),"
	    "  max = max(max, excluded.max), sum = sum + excluded.sum,"
	    "  last = iif(excluded.last_time >= last_time, excluded.last, last),"
	    "  last_time = max(last_time, excluded.last_time)",
	[S_POINTS_DEL] = "DELETE FROM points WHERE series IN "
	    "(SELECT id FROM series) AND sample BETWEEN ?1 AND ?2",
	[S_SAMPLES_DEL] = "DELETE FROM samples WHERE id BETWEEN ?1 AND ?2",
	[S_ROLLUPS_DEL] = "DELETE FROM rollups WHERE series IN "
	    "(SELECT id FROM series) AND hour < ?1",
	/* Hourly means where only roll-ups are left, then the raw values. */
	[S_HISTORY] =
	    "WITH se AS (SELECT id FROM series WHERE name = ?1) "
	    "SELECT r.hour, r.sum / r.n, -1, 0 FROM rollups r"
	    " WHERE r.series = (SELECT id FROM se)"
	    "  AND r.hour BETWEEN ?2 AND ?3"
	    "  AND r.hour < coalesce((SELECT min(time) FROM samples), ?3 + 1)"
	    " UNION ALL "
	    "SELECT s.time, v.bytes, coalesce(v.objects, -1), v.sample"
	    " FROM all_points v JOIN samples s ON s.id = v.sample"
	    " WHERE v.series = (SELECT id FROM se) AND s.time BETWEEN ?2 AND ?3"
	    " ORDER BY 4, 1",
	[S_LATEST_SAMPLE] = "SELECT id, time FROM samples"
	    " WHERE sources & ?1 ORDER BY id DESC LIMIT 1",
	/* One probe per series, in whichever table the sample is. */
	[S_SAMPLE_VALUES] = "SELECT se.name, v.bytes, coalesce(v.objects, -1)"
	    " FROM series se CROSS JOIN all_points v"
	    " WHERE v.series = se.id AND v.sample = ?1 ORDER BY se.name",
};

struct series_id {
	char		*name;
	int64_t		 id;
};

struct store {
	sqlite3		*db;
	char		*path;
	sqlite3_stmt	*stmt[S_COUNT];
	struct series_id *series;	/* sorted by name: name -> id */
	size_t		 nseries, capseries;
	char		 boot_id[BOOT_ID_LEN + 1];	/* cache of the last */
	int64_t		 boot;
	int64_t		 rollups_pruned;	/* the hour they last were */
};

static int
fail(struct store *st, char **cause, const char *what)
{
	xasprintf(cause, "%s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
	return -1;
}

static sqlite3_stmt *
stmt(struct store *st, enum stmt_id id, char **cause)
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
static int
run(struct store *st, sqlite3_stmt *s, char **cause, const char *what)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return fail(st, cause, what);
	return 0;
}

static int
run_id(struct store *st, enum stmt_id id, char **cause)
{
	sqlite3_stmt *s = stmt(st, id, cause);

	return s == NULL ? -1 : run(st, s, cause, stmt_sql[id]);
}

/* Abandon the open transaction; the error that led here is already told. */
static void
rollback(struct store *st)
{
	char *ignored = NULL;

	run_id(st, S_ROLLBACK, &ignored);
	free(ignored);
}

static int
pragma_int(struct store *st, const char *sql, int64_t *v, char **cause)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return fail(st, cause, sql);
	rc = sqlite3_step(s);
	*v = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(st, cause, sql);
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

static int
series_load(struct store *st, char **cause)
{
	sqlite3_stmt *s = stmt(st, S_SERIES_ALL, cause);
	size_t i;

	if (s == NULL)
		return -1;
	for (i = 0; i < st->nseries; i++)
		free(st->series[i].name);
	st->nseries = 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (st->nseries == st->capseries) {
			st->capseries = st->capseries ? st->capseries * 2 : 512;
			st->series = xreallocarray(st->series, st->capseries,
			    sizeof *st->series);
		}
		st->series[st->nseries].id = sqlite3_column_int64(s, 0);
		st->series[st->nseries].name =
		    xstrdup((const char *)sqlite3_column_text(s, 1));
		st->nseries++;
	}
	if (sqlite3_reset(s) != SQLITE_OK)
		return fail(st, cause, "loading series");
	return 0;
}

struct store *
store_open(const char *path, int flags, char **cause)
{
	struct store *st = xcalloc(1, sizeof *st);
	int64_t version;
	char *err = NULL;
	int oflags;

	st->path = xstrdup(path);
	if (flags & STORE_READONLY)
		oflags = SQLITE_OPEN_READONLY;
	else
		oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &st->db, oflags | SQLITE_OPEN_NOFOLLOW,
	    NULL) != SQLITE_OK) {
		xasprintf(cause, "%s: %s", path, st->db ?
		    sqlite3_errmsg(st->db) : "cannot open");
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, 5000);
	if (check_identity(st, &version, cause) == -1)
		goto fail;
	if (flags & STORE_READONLY) {
		if (version == 0) {
			xasprintf(cause, "%s: empty database: mlkd has not "
			    "written to it yet", path);
			goto fail;
		}
		return st;
	}
	if (sqlite3_exec(st->db, "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = NORMAL;"
	    "PRAGMA journal_size_limit = 8388608", NULL, NULL, &err) != SQLITE_OK) {
		xasprintf(cause, "%s: setting WAL mode: %s", path, err);
		sqlite3_free(err);
		goto fail;
	}
	if (migrate(st, version, cause) == -1 || series_load(st, cause) == -1)
		goto fail;
	return st;
fail:
	store_close(st);
	return NULL;
}

void
store_close(struct store *st)
{
	size_t i;

	if (st == NULL)
		return;
	for (i = 0; i < S_COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	for (i = 0; i < st->nseries; i++)
		free(st->series[i].name);
	free(st->series);
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}

static int
series_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct series_id *)elem)->name);
}

/* The id of a series, created on first sight (inside the caller's txn). */
static int64_t
series_id(struct store *st, const char *name, char **cause)
{
	struct series_id *hit;
	sqlite3_stmt *s;
	size_t lo = 0, hi = st->nseries, mid;

	hit = bsearch(name, st->series, st->nseries, sizeof *st->series,
	    series_cmp);
	if (hit != NULL)
		return hit->id;
	if ((s = stmt(st, S_SERIES_ADD, cause)) == NULL)
		return -1;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	if (run(st, s, cause, "adding a series") == -1)
		return -1;
	while (lo < hi) {		/* insertion point */
		mid = (lo + hi) / 2;
		if (strcmp(st->series[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (st->nseries == st->capseries) {
		st->capseries = st->capseries ? st->capseries * 2 : 512;
		st->series = xreallocarray(st->series, st->capseries,
		    sizeof *st->series);
	}
	memmove(&st->series[lo + 1], &st->series[lo],
	    (st->nseries - lo) * sizeof *st->series);
	st->series[lo].name = xstrdup(name);
	st->series[lo].id = sqlite3_last_insert_rowid(st->db);
	st->nseries++;
	return st->series[lo].id;
}

static int64_t
boot_row(struct store *st, const struct sample *smp, char **cause)
{
	sqlite3_stmt *s;

	if (st->boot != 0 && strcmp(st->boot_id, smp->boot_id) == 0)
		return st->boot;
	if ((s = stmt(st, S_BOOT_GET, cause)) == NULL)
		return -1;
	sqlite3_bind_text(s, 1, smp->boot_id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		st->boot = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
	} else {
		sqlite3_reset(s);
		if ((s = stmt(st, S_BOOT_ADD, cause)) == NULL)
			return -1;
		sqlite3_bind_text(s, 1, smp->boot_id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, smp->time);
		if (run(st, s, cause, "adding a boot") == -1)
			return -1;
		st->boot = sqlite3_last_insert_rowid(st->db);
	}
	memcpy(st->boot_id, smp->boot_id, sizeof st->boot_id);
	return st->boot;
}

static int
put_points(struct store *st, const struct sample *smp, char **cause)
{
	sqlite3_stmt *s;
	int64_t boot, sample, series;
	size_t i;

	if ((boot = boot_row(st, smp, cause)) == -1 ||
	    (s = stmt(st, S_SAMPLE_ADD, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, smp->time);
	sqlite3_bind_int64(s, 2, boot);
	sqlite3_bind_int64(s, 3, smp->uptime_ms);
	sqlite3_bind_int64(s, 4, smp->sources);
	if (run(st, s, cause, "adding a sample") == -1)
		return -1;
	sample = sqlite3_last_insert_rowid(st->db);
	for (i = 0; i < smp->n; i++) {
		const struct point *pt = &smp->p[i];

		if ((series = series_id(st, pt->series, cause)) == -1 ||
		    (s = stmt(st, S_POINT_ADD, cause)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, series);
		sqlite3_bind_int64(s, 2, sample);
		sqlite3_bind_int64(s, 3, pt->bytes);
		if (pt->objects >= 0)
			sqlite3_bind_int64(s, 4, pt->objects);
		if (run(st, s, cause, pt->series) == -1)
			return -1;
	}
	return 0;
}

int
store_put(struct store *st, const struct sample *smp, char **cause)
{
	char *ignored = NULL;

	if (run_id(st, S_BEGIN, cause) == -1)
		return -1;
	if (put_points(st, smp, cause) == 0 && run_id(st, S_COMMIT, cause) == 0)
		return 0;
	rollback(st);
	/* Series and boot rows made in the failed transaction are gone. */
	st->boot = 0;
	series_load(st, &ignored);
	free(ignored);
	return -1;
}

/*
 * Move the recent samples into points, clustered by series, once an hour's
 * worth has gathered: each series' page is then written once per fold
 * instead of once per sample.
 */
static int
fold_if_due(struct store *st, int64_t now, char **cause)
{
	sqlite3_stmt *s = stmt(st, S_FOLD_DUE, cause);
	int64_t n, oldest;
	int rc;

	if (s == NULL)
		return -1;
	if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_reset(s);
		return fail(st, cause, "counting recent samples");
	}
	n = sqlite3_column_int64(s, 0);
	oldest = sqlite3_column_type(s, 1) == SQLITE_NULL ? now :
	    sqlite3_column_int64(s, 1);
	sqlite3_reset(s);
	if (n < FOLD_SAMPLES && now - oldest < FOLD_SECONDS)
		return 0;
	if (run_id(st, S_BEGIN, cause) == -1)
		return -1;
	if (run_id(st, S_FOLD, cause) == 0 && run_id(st, S_FOLD_DEL, cause) == 0 &&
	    run_id(st, S_COMMIT, cause) == 0)
		return 0;
	rollback(st);
	return -1;
}

static int
prune_range(struct store *st, int64_t lo, int64_t hi, char **cause)
{
	static const enum stmt_id steps[] = {
		S_ROLLUP, S_POINTS_DEL, S_SAMPLES_DEL
	};
	sqlite3_stmt *s;
	size_t i;

	for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		if ((s = stmt(st, steps[i], cause)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, lo);
		sqlite3_bind_int64(s, 2, hi);
		if (run(st, s, cause, stmt_sql[steps[i]]) == -1)
			return -1;
	}
	return 0;
}

int
store_prune(struct store *st, int64_t now, int64_t retention,
    int64_t rollup_retention, int batch, char **cause)
{
	sqlite3_stmt *s;
	int64_t lo = -1, hi = -1, oldest = 0;
	int n = 0, rc, expire;

	if (fold_if_due(st, now, cause) == -1 ||
	    (s = stmt(st, S_PRUNE_OLDEST, cause)) == NULL)
		return -1;
	/* The oldest samples, in the order written, up to the first recent
	 * one: a clock stepped back cannot make us delete fresh data. */
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
		return fail(st, cause, "finding old samples");
	/* Deleting touches a page of every series: wait for a whole batch,
	 * or an hour, so that happens once an hour, not once a sample. */
	if (n < batch && oldest >= now - retention - 3600)
		n = 0;

	/* Roll-ups are hourly: looking for expired ones once an hour will do. */
	expire = now / 3600 != st->rollups_pruned;
	if (n == 0 && !expire)
		return 0;
	if (run_id(st, S_BEGIN, cause) == -1)
		return -1;
	if (n > 0 && prune_range(st, lo, hi, cause) == -1)
		goto fail;
	if (expire) {
		if ((s = stmt(st, S_ROLLUPS_DEL, cause)) == NULL)
			goto fail;
		sqlite3_bind_int64(s, 1, now - rollup_retention);
		if (run(st, s, cause, "dropping old roll-ups") == -1)
			goto fail;
	}
	if (run_id(st, S_COMMIT, cause) == -1)
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
	/* Wait briefly for readers; never stall the sampling loop. */
	sqlite3_busy_timeout(st->db, 200);
	rc = sqlite3_wal_checkpoint_v2(st->db, NULL,
	    SQLITE_CHECKPOINT_TRUNCATE, &logged, &done);
	sqlite3_busy_timeout(st->db, 5000);
	if (rc == SQLITE_BUSY)
		return 1;
	if (rc != SQLITE_OK)
		return fail(st, cause, "checkpointing the WAL");
	return 0;
}

static void
rows_grow(void **v, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return;
	*cap = *cap ? *cap * 2 : 256;
	*v = xreallocarray(*v, *cap, size);
}

int
store_history(struct store *st, const char *series, int64_t since,
    int64_t until, struct store_row **rows, size_t *n, char **cause)
{
	sqlite3_stmt *s = stmt(st, S_HISTORY, cause);
	size_t cap = 0;
	int rc;

	*rows = NULL;
	*n = 0;
	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, series, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, since);
	sqlite3_bind_int64(s, 3, until);
	/* Read everything, then let go: a reader that keeps its statement
	 * open (say, while its output sits in a pager) pins the WAL. */
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		rows_grow((void **)rows, *n, &cap, sizeof **rows);
		(*rows)[*n].time = sqlite3_column_int64(s, 0);
		(*rows)[*n].bytes = sqlite3_column_int64(s, 1);
		(*rows)[*n].objects = sqlite3_column_int64(s, 2);
		(*n)++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(*rows);
		*rows = NULL;
		*n = 0;
		return fail(st, cause, "reading history");
	}
	return 0;
}

int
store_latest(struct store *st, unsigned source, int64_t *time,
    struct store_value **values, size_t *n, char **cause)
{
	sqlite3_stmt *s = stmt(st, S_LATEST_SAMPLE, cause);
	int64_t sample;
	size_t cap = 0;
	int rc;

	*values = NULL;
	*n = 0;
	if (s == NULL)
		return -1;
	sqlite3_bind_int(s, 1, (int)source);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		return rc == SQLITE_DONE ? 0 : fail(st, cause, "latest sample");
	}
	sample = sqlite3_column_int64(s, 0);
	*time = sqlite3_column_int64(s, 1);
	sqlite3_reset(s);

	if ((s = stmt(st, S_SAMPLE_VALUES, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, sample);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_value *v;

		rows_grow((void **)values, *n, &cap, sizeof **values);
		v = &(*values)[(*n)++];
		snprintf(v->series, sizeof v->series, "%s",
		    (const char *)sqlite3_column_text(s, 0));
		v->bytes = sqlite3_column_int64(s, 1);
		v->objects = sqlite3_column_int64(s, 2);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(*values);
		*values = NULL;
		*n = 0;
		return fail(st, cause, "reading the latest sample");
	}
	return 0;
}
