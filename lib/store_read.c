/* The store's reads: history, the values of a sample, scans, and the
 * little lookups mlk-query needs.  Each runs in one read transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "source.h"
#include "store_impl.h"
#include "xmem.h"

void
st_rows_grow(void **v, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return;
	*cap = *cap ? *cap * 2 : 256;
	*v = xreallocarray(*v, *cap, size);
}

/* The rows of a history being read, and what it asks for. */
struct history {
	int64_t		 series, since, until;
	struct store_row *rows;
	size_t		 n, cap;
};

static void
history_add(struct history *h, int64_t time, int64_t boot, int64_t bytes,
    int64_t objects)
{
	struct store_row *r;

	if (time < h->since || time > h->until)
		return;
	st_rows_grow((void **)&h->rows, h->n, &h->cap, sizeof *h->rows);
	r = &h->rows[h->n++];
	r->time = time;
	r->boot = boot;
	r->bytes = bytes;
	r->objects = objects;
}

/* Hourly means, for the hours before the first raw value. */
static int
history_rollups(struct store *st, struct history *h, char **cause)
{
	sqlite3_stmt *s = st_stmt(st, S_FIRST_RAW, cause);
	int64_t first_raw;
	int rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, INT64_MAX);
	rc = sqlite3_step(s);
	first_raw = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return st_fail(st, cause, "reading history");

	if ((s = st_stmt(st, S_HISTORY_ROLLUPS, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, h->series);
	sqlite3_bind_int64(s, 2, h->since);
	sqlite3_bind_int64(s, 3, h->until);
	sqlite3_bind_int64(s, 4, first_raw);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		history_add(h, sqlite3_column_int64(s, 0),
		    sqlite3_column_int64(s, 1), sqlite3_column_int64(s, 2), -1);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : st_fail(st, cause, "reading roll-ups");
}

static int
history_chunks(struct store *st, struct history *h, char **cause)
{
	sqlite3_stmt *s = st_stmt(st, S_HISTORY_CHUNKS, cause);
	struct rows_reader rr;
	int64_t pt[CH_FIELDS], boot;
	int rc, r = 0;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, h->series);
	sqlite3_bind_int64(s, 2, h->since);
	sqlite3_bind_int64(s, 3, h->until);
	while (r == 0 && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		const int64_t start[CH_FIELDS] = {
			sqlite3_column_int64(s, 0), 0, 0, -1
		};

		boot = sqlite3_column_int64(s, 1);
		rows_open(&rr, sqlite3_column_blob(s, 2),
		    (size_t)sqlite3_column_bytes(s, 2), CH_FIELDS, start);
		while ((r = rows_next(&rr, pt)) == 1)
			history_add(h, pt[CH_TIME], boot, pt[CH_BYTES],
			    pt[CH_OBJECTS]);
	}
	sqlite3_reset(s);
	if (r == -1)
		return st_damaged(st, cause, "chunk of series", h->series);
	return rc == SQLITE_DONE ? 0 : st_fail(st, cause, "reading chunks");
}

/* One value of a recent blob, as recent_each hands it on. */
struct recent_value {
	int64_t		 sample, time, boot, series, bytes, objects;
};

/* Every value of the samples not yet folded, of times since..until. */
static int
recent_each(struct store *st, int64_t since, int64_t until,
    void (*fn)(const struct recent_value *, void *), void *arg, char **cause)
{
	static const int64_t start[RV_FIELDS] = { 0, 0, -1 };
	sqlite3_stmt *s = st_stmt(st, S_RECENT_ALL, cause);
	struct recent_value rv = { .sample = 0 };
	struct rows_reader rr;
	int64_t v[RV_FIELDS];
	int rc, r = 0;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, since);
	sqlite3_bind_int64(s, 2, until);
	while (r == 0 && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		rv.sample = sqlite3_column_int64(s, 0);
		rv.time = sqlite3_column_int64(s, 1);
		rv.boot = sqlite3_column_int64(s, 2);
		rows_open(&rr, sqlite3_column_blob(s, 3),
		    (size_t)sqlite3_column_bytes(s, 3), RV_FIELDS, start);
		while ((r = rows_next(&rr, v)) == 1) {
			rv.series = v[RV_SERIES];
			rv.bytes = v[RV_BYTES];
			rv.objects = v[RV_OBJECTS];
			fn(&rv, arg);
		}
	}
	sqlite3_reset(s);
	if (r == -1)
		return st_damaged(st, cause, "recent sample", rv.sample);
	return rc == SQLITE_DONE ? 0 : st_fail(st, cause, "reading recent samples");
}

static void
history_recent_cb(const struct recent_value *rv, void *arg)
{
	struct history *h = arg;

	if (rv->series == h->series)
		history_add(h, rv->time, rv->boot, rv->bytes, rv->objects);
}

/*
 * Reads run in one transaction, so that a fold between two statements
 * cannot hide or double a sample; and they read everything before they
 * return, since a reader that keeps a statement open (say, while its
 * output sits in a pager) pins the WAL.
 */
int
store_history(struct store *st, const char *series, int64_t since,
    int64_t until, struct store_row **rows, size_t *n, char **cause)
{
	struct history h = { .since = since, .until = until };
	int rc = 0;

	if (st_run_id(st, S_BEGIN_READ, cause) == -1)
		return -1;
	/* A series the daemon added since we loaded the list? */
	if ((h.series = st_series_find(st, series, NULL)) == -1 &&
	    (rc = st_series_load(st, cause)) == 0)
		h.series = st_series_find(st, series, NULL);
	/* Oldest first: where only roll-ups are left, then chunks, then
	 * the samples not folded yet. */
	if (h.series != -1 && (history_rollups(st, &h, cause) == -1 ||
	    history_chunks(st, &h, cause) == -1 ||
	    recent_each(st, since, until, history_recent_cb, &h, cause) == -1))
		rc = -1;
	st_end_read(st);
	if (rc == -1) {
		free(h.rows);
		h.rows = NULL;
		h.n = 0;
	}
	*rows = h.rows;
	*n = h.n;
	return rc;
}

static void
value_add(struct store *st, struct store_value **values, size_t *n,
    size_t *cap, int64_t series, int64_t bytes, int64_t objects)
{
	const char *name = st_series_name(st, series);
	struct store_value *v;
	char *ignored = NULL;

	/* A series the daemon added since we loaded the map?  Values already
	 * taken are copies: reloading frees nothing they use. */
	if (name == NULL && st_series_load(st, &ignored) == 0)
		name = st_series_name(st, series);
	free(ignored);
	if (name == NULL)
		return;
	st_rows_grow((void **)values, *n, cap, sizeof **values);
	v = &(*values)[(*n)++];
	snprintf(v->series, sizeof v->series, "%s", name);
	v->bytes = bytes;
	v->objects = objects;
}

/* Every value of one sample, from its recent blob or its chunks. */
static int
values_at(struct store *st, int64_t sample, struct store_value **values,
    size_t *n, char **cause)
{
	static const int64_t rstart[RV_FIELDS] = { 0, 0, -1 };
	sqlite3_stmt *s = st_stmt(st, S_RECENT_ONE, cause);
	struct rows_reader rr;
	int64_t v[RV_FIELDS], pt[CH_FIELDS], segment;
	size_t cap = 0;
	int rc, r = 0;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, sample);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		rows_open(&rr, sqlite3_column_blob(s, 0),
		    (size_t)sqlite3_column_bytes(s, 0), RV_FIELDS, rstart);
		while ((r = rows_next(&rr, v)) == 1)
			value_add(st, values, n, &cap, v[RV_SERIES],
			    v[RV_BYTES], v[RV_OBJECTS]);
		sqlite3_reset(s);
		return r == -1 ? st_damaged(st, cause, "recent sample", sample) : 0;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return st_fail(st, cause, "reading a recent sample");

	if ((s = st_stmt(st, S_SEGMENT_AT, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, sample);
	rc = sqlite3_step(s);
	segment = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? 0 : st_fail(st, cause, "finding a segment");

	if ((s = st_stmt(st, S_SEGMENT_CHUNKS, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, segment);
	while (r == 0 && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		const int64_t start[CH_FIELDS] = { segment, 0, 0, -1 };

		rows_open(&rr, sqlite3_column_blob(s, 1),
		    (size_t)sqlite3_column_bytes(s, 1), CH_FIELDS, start);
		while ((r = rows_next(&rr, pt)) == 1 && pt[CH_SAMPLE] <= sample)
			if (pt[CH_SAMPLE] == sample) {
				value_add(st, values, n, &cap,
				    sqlite3_column_int64(s, 0), pt[CH_BYTES],
				    pt[CH_OBJECTS]);
				break;
			}
		r = r == -1 ? -1 : 0;
	}
	sqlite3_reset(s);
	if (r == -1)
		return st_damaged(st, cause, "chunk of segment", segment);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return st_fail(st, cause, "reading chunks");
	return 0;
}

static int
value_cmp(const void *a, const void *b)
{
	return strcmp(((const struct store_value *)a)->series,
	    ((const struct store_value *)b)->series);
}

int
store_values_at(struct store *st, unsigned source, enum store_at at,
    int64_t when, int64_t *time, struct store_value **values, size_t *n,
    char **cause)
{
	sqlite3_stmt *s;
	int64_t sample = 0;
	int rc;

	*values = NULL;
	*n = 0;
	if (st_run_id(st, S_BEGIN_READ, cause) == -1)
		return -1;
	if ((s = st_stmt(st, at == STORE_BOOT_START ? S_BOOT_START :
	    S_LATEST_SAMPLE, cause)) == NULL) {
		st_end_read(st);
		return -1;
	}
	sqlite3_bind_int(s, 1, (int)source);
	if (at == STORE_AT_OR_BEFORE)
		sqlite3_bind_int64(s, 2, when);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		sample = sqlite3_column_int64(s, 0);
		*time = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		rc = values_at(st, sample, values, n, cause);
	else
		rc = rc == SQLITE_DONE ? 0 : st_fail(st, cause, "finding a sample");
	st_end_read(st);
	if (rc == -1) {
		free(*values);
		*values = NULL;
		*n = 0;
		return -1;
	}
	xqsort(*values, *n, sizeof **values, value_cmp);
	return 0;
}

int
store_latest(struct store *st, unsigned source, int64_t *time,
    struct store_value **values, size_t *n, char **cause)
{
	return store_values_at(st, source, STORE_AT_OR_BEFORE, INT64_MAX, time,
	    values, n, cause);
}

static int
scan_segments(struct store *st, int64_t boot, int64_t since, store_scan_fn fn,
    void *arg, char **cause)
{
	sqlite3_stmt *s = st_stmt(st, S_SCAN, cause);
	struct rows_reader rr;
	int64_t pt[CH_FIELDS], series = 0;
	const char *name;
	int rc, r = 0;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, boot);
	sqlite3_bind_int64(s, 2, since);
	while (r == 0 && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		const int64_t start[CH_FIELDS] = {
			sqlite3_column_int64(s, 0), 0, 0, -1
		};

		series = sqlite3_column_int64(s, 1);
		if ((name = st_series_name(st, series)) == NULL)
			continue;
		rows_open(&rr, sqlite3_column_blob(s, 2),
		    (size_t)sqlite3_column_bytes(s, 2), CH_FIELDS, start);
		while ((r = rows_next(&rr, pt)) == 1)
			if (pt[CH_TIME] >= since)
				fn(name, pt[CH_TIME], pt[CH_BYTES], arg);
	}
	sqlite3_reset(s);
	if (r == -1)
		return st_damaged(st, cause, "chunk of series", series);
	return rc == SQLITE_DONE ? 0 : st_fail(st, cause, "scanning chunks");
}

/* What store_scan hands on, and for which boot. */
struct scan {
	struct store	*st;
	int64_t		 boot;
	store_scan_fn	 fn;
	void		*arg;
};

static void
scan_recent_cb(const struct recent_value *rv, void *arg)
{
	struct scan *sc = arg;
	const char *name = st_series_name(sc->st, rv->series);

	if (rv->boot == sc->boot && name != NULL)
		sc->fn(name, rv->time, rv->bytes, sc->arg);
}

int
store_scan(struct store *st, const char *boot_id, int64_t since,
    store_scan_fn fn, void *arg, char **cause)
{
	struct scan sc;
	sqlite3_stmt *s;
	int64_t boot;
	int rc;

	if (st_run_id(st, S_BEGIN_READ, cause) == -1)
		return -1;
	if ((s = st_stmt(st, S_BOOT_GET, cause)) == NULL) {
		st_end_read(st);
		return -1;
	}
	sqlite3_bind_text(s, 1, boot_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	boot = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
	sqlite3_reset(s);
	sc.st = st;
	sc.boot = boot;
	sc.fn = fn;
	sc.arg = arg;
	rc = boot == -1 ? 0 : scan_segments(st, boot, since, fn, arg, cause) ||
	    recent_each(st, since, INT64_MAX, scan_recent_cb, &sc, cause) ?
	    -1 : 0;
	st_end_read(st);
	return rc;
}

int
store_newest(struct store *st, struct store_newest *nw, char **cause)
{
	sqlite3_stmt *s = st_stmt(st, S_NEWEST, cause);
	int rc;

	memset(nw, 0, sizeof *nw);
	nw->time = nw->uptime_ms = nw->gap = -1;
	if (s == NULL)
		return -1;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		snprintf(nw->boot_id, sizeof nw->boot_id, "%s",
		    (const char *)sqlite3_column_text(s, 0));
		nw->time = sqlite3_column_int64(s, 1);
		nw->boot_first = sqlite3_column_int64(s, 2);
		nw->uptime_ms = sqlite3_column_int64(s, 3);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return st_fail(st, cause, "finding the newest sample");
	if ((s = st_stmt(st, S_NEWEST_GAP, cause)) == NULL)
		return -1;
	sqlite3_bind_int(s, 1, SOURCE_BIT(SOURCE_MEMINFO));
	if ((rc = sqlite3_step(s)) == SQLITE_ROW &&
	    sqlite3_column_int64(s, 1) == 2)
		nw->gap = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	    st_fail(st, cause, "finding the sampling interval");
}

int64_t
store_boot_newest(struct store *st, const char *boot_id, char **cause)
{
	sqlite3_stmt *s = st_stmt(st, S_BOOT_NEWEST, cause);
	int64_t t = -1;
	int rc;

	if (s == NULL)
		return -2;
	sqlite3_bind_text(s, 1, boot_id, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		t = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		st_fail(st, cause, "finding the newest sample of a boot");
		return -2;
	}
	return t;
}

size_t
store_nseries(struct store *st)
{
	return st->nseries;
}

const char *
store_series_name(struct store *st, size_t i)
{
	return i < st->nseries ? st->series[i].name : NULL;
}

int
store_parse_snapshot(struct store *st, const char *json, int64_t *time,
    struct store_value **values, size_t *n, char **cause)
{
	sqlite3_stmt *s = st_stmt(st, S_SNAPSHOT, cause);
	size_t cap = 0;
	struct store_value *v;
	int rc;

	*values = NULL;
	*n = 0;
	*time = 0;
	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, json, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (sqlite3_column_type(s, 0) != SQLITE_TEXT ||
		    sqlite3_column_type(s, 1) != SQLITE_INTEGER)
			continue;
		st_rows_grow((void **)values, *n, &cap, sizeof **values);
		v = &(*values)[(*n)++];
		snprintf(v->series, sizeof v->series, "%s",
		    (const char *)sqlite3_column_text(s, 0));
		v->bytes = sqlite3_column_int64(s, 1);
		v->objects = -1;
		*time = sqlite3_column_int64(s, 2);
	}
	if (rc != SQLITE_DONE) {
		free(*values);
		*values = NULL;
		*n = 0;
		xasprintf(cause, "not an mlk snapshot: %s",
		    sqlite3_errmsg(st->db));
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

