/* The store's attributions (sql/003-attribution.sql). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_impl.h"
#include "xmem.h"

static int
group_put(struct store *st, int64_t id, int procs,
    const struct attrib_group *g, size_t n, char **cause)
{
	sqlite3_stmt *s;
	size_t i;

	for (i = 0; i < n && i < STORE_ATTRIB_GROUPS; i++) {
		if ((s = st_stmt(st, S_ATTRIB_GROUP_ADD, cause)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_text(s, 2, procs ? "process" : "call_site", -1,
		    SQLITE_STATIC);
		sqlite3_bind_int64(s, 3, (int64_t)i);
		sqlite3_bind_text(s, 4, g[i].label, -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 5, procs ? g[i].pid : 0);
		sqlite3_bind_int64(s, 6, (int64_t)g[i].allocs);
		sqlite3_bind_int64(s, 7, (int64_t)g[i].outstanding);
		sqlite3_bind_int64(s, 8, (int64_t)g[i].bytes);
		if (st_run(st, s, cause, "recording an attribution") == -1)
			return -1;
	}
	return 0;
}

static int
put(struct store *st, const char *boot_id, const struct store_attribution *a,
    char **cause)
{
	const struct attrib_result *r = &a->r;
	sqlite3_stmt *s;
	int64_t series, boot, id;

	if ((series = st_series_id(st, a->series, cause)) == -1 ||
	    (boot = st_boot_row(st, boot_id, a->started_at, cause)) == -1 ||
	    (s = st_stmt(st, S_ATTRIB_ADD, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, series);
	sqlite3_bind_int64(s, 2, boot);
	sqlite3_bind_int64(s, 3, a->started_at);
	sqlite3_bind_double(s, 4, a->seconds);
	sqlite3_bind_text(s, 5, a->events, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, a->error, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 7, (int64_t)r->allocs);
	sqlite3_bind_int64(s, 8, (int64_t)r->frees);
	sqlite3_bind_int64(s, 9, (int64_t)r->free_events);
	sqlite3_bind_int64(s, 10, (int64_t)r->outstanding);
	sqlite3_bind_int64(s, 11, (int64_t)r->outstanding_bytes);
	sqlite3_bind_int64(s, 12, (int64_t)r->lost);
	sqlite3_bind_int64(s, 13, (int64_t)r->untracked);
	if (st_run(st, s, cause, "recording an attribution") == -1)
		return -1;
	id = sqlite3_last_insert_rowid(st->db);
	if (group_put(st, id, 0, r->site, r->nsite, cause) == -1 ||
	    group_put(st, id, 1, r->proc, r->nproc, cause) == -1)
		return -1;
	return 0;
}

int
store_attribution_put(struct store *st, const char *boot_id,
    const struct store_attribution *a, char **cause)
{
	if (st_run_id(st, S_BEGIN, cause) == -1)
		return -1;
	if (put(st, boot_id, a, cause) == 0 &&
	    st_run_id(st, S_COMMIT, cause) == 0)
		return 0;
	st_abandon(st);
	return -1;
}

static int
groups_read(struct store *st, int64_t id, struct attrib_result *r,
    char **cause)
{
	sqlite3_stmt *s = st_stmt(st, S_ATTRIB_GROUPS, cause);
	struct attrib_group *g;
	int rc;

	if (s == NULL)
		return -1;
	r->site = xcalloc(STORE_ATTRIB_GROUPS, sizeof *r->site);
	r->proc = xcalloc(STORE_ATTRIB_GROUPS, sizeof *r->proc);
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (sqlite3_column_int(s, 0)) {
			if (r->nproc == STORE_ATTRIB_GROUPS)
				continue;
			g = &r->proc[r->nproc++];
		} else {
			if (r->nsite == STORE_ATTRIB_GROUPS)
				continue;
			g = &r->site[r->nsite++];
		}
		snprintf(g->label, sizeof g->label, "%s",
		    (const char *)sqlite3_column_text(s, 1));
		g->pid = sqlite3_column_int(s, 2);
		g->allocs = (uint64_t)sqlite3_column_int64(s, 3);
		g->outstanding = (uint64_t)sqlite3_column_int64(s, 4);
		g->bytes = (uint64_t)sqlite3_column_int64(s, 5);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 :
	    st_fail(st, cause, "reading an attribution");
}

int
store_attribution_last(struct store *st, const char *series,
    int traced_only, struct store_attribution *a, char **cause)
{
	sqlite3_stmt *s = st_stmt(st, S_ATTRIB_LAST, cause);
	struct attrib_result *r = &a->r;
	int64_t id;
	int rc;

	memset(a, 0, sizeof *a);
	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, series, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, traced_only);
	if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_reset(s);
		return rc == SQLITE_DONE ? 0 :
		    st_fail(st, cause, "reading an attribution");
	}
	snprintf(a->series, sizeof a->series, "%s", series);
	id = sqlite3_column_int64(s, 0);
	a->started_at = sqlite3_column_int64(s, 1);
	a->seconds = sqlite3_column_double(s, 2);
	snprintf(a->events, sizeof a->events, "%s",
	    (const char *)sqlite3_column_text(s, 3));
	snprintf(a->error, sizeof a->error, "%s",
	    (const char *)sqlite3_column_text(s, 4));
	r->allocs = (uint64_t)sqlite3_column_int64(s, 5);
	r->frees = (uint64_t)sqlite3_column_int64(s, 6);
	r->free_events = (uint64_t)sqlite3_column_int64(s, 7);
	r->outstanding = (uint64_t)sqlite3_column_int64(s, 8);
	r->outstanding_bytes = (uint64_t)sqlite3_column_int64(s, 9);
	r->lost = (uint64_t)sqlite3_column_int64(s, 10);
	r->untracked = (uint64_t)sqlite3_column_int64(s, 11);
	sqlite3_reset(s);
	if (groups_read(st, id, r, cause) == -1) {
		attrib_result_free(r);
		return -1;
	}
	return 1;
}
