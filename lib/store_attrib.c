/* The store's attributions (sql/003-attribution.sql, stacks in
 * sql/006-stacks.sql). */
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

/* A stack's processes, as stored: "PID OUTSTANDING BYTES COMM" lines. */
static char *
procs_text(const struct stack_group *g)
{
	char *text = xstrdup(""), *next;
	size_t i;

	for (i = 0; i < g->nproc; i++) {
		xasprintf(&next, "%s%d %llu %llu %s\n", text, g->proc[i].pid,
		    (unsigned long long)g->proc[i].outstanding,
		    (unsigned long long)g->proc[i].bytes, g->proc[i].comm);
		free(text);
		text = next;
	}
	return text;
}

static void
procs_read(struct stack_group *g, const char *text)
{
	struct stack_proc *p;
	unsigned long long o, b;
	int pid, at;

	while (g->nproc < STACK_PROCS && sscanf(text, "%d %llu %llu %n", &pid,
	    &o, &b, &at) == 3) {
		p = &g->proc[g->nproc++];
		p->pid = pid;
		p->outstanding = o;
		p->bytes = b;
		text += at;
		snprintf(p->comm, sizeof p->comm, "%.*s",
		    (int)strcspn(text, "\n"), text);
		text += strcspn(text, "\n");
	}
}

static int
stacks_put(struct store *st, int64_t id, const struct attrib_result *r,
    char **cause)
{
	const struct stack_group *g;
	sqlite3_stmt *s;
	char *procs;
	size_t i;
	int rc;

	for (i = 0; i < r->nstack && i < STORE_ATTRIB_STACKS; i++) {
		g = &r->stack[i];
		if ((s = st_stmt(st, S_ATTRIB_STACK_ADD, cause)) == NULL)
			return -1;
		procs = procs_text(g);
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int64(s, 2, (int64_t)i);
		sqlite3_bind_text(s, 3, g->frames, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 4, (int64_t)g->allocs);
		sqlite3_bind_int64(s, 5, (int64_t)g->outstanding);
		sqlite3_bind_int64(s, 6, (int64_t)g->bytes);
		sqlite3_bind_text(s, 7, procs, -1, SQLITE_STATIC);
		rc = st_run(st, s, cause, "recording an attribution");
		free(procs);
		if (rc == -1)
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
	sqlite3_bind_int64(s, 14, (int64_t)r->stack_overflow);
	if (st_run(st, s, cause, "recording an attribution") == -1)
		return -1;
	id = sqlite3_last_insert_rowid(st->db);
	if (group_put(st, id, 0, r->site, r->nsite, cause) == -1 ||
	    group_put(st, id, 1, r->proc, r->nproc, cause) == -1 ||
	    stacks_put(st, id, r, cause) == -1)
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

static int
stacks_read(struct store *st, int64_t id, struct attrib_result *r,
    char **cause)
{
	sqlite3_stmt *s = st_stmt(st, S_ATTRIB_STACKS, cause);
	struct stack_group *g;
	int rc;

	if (s == NULL)
		return -1;
	r->stack = xcalloc(STORE_ATTRIB_STACKS, sizeof *r->stack);
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW &&
	    r->nstack < STORE_ATTRIB_STACKS) {
		g = &r->stack[r->nstack++];
		snprintf(g->frames, sizeof g->frames, "%s",
		    (const char *)sqlite3_column_text(s, 0));
		g->allocs = (uint64_t)sqlite3_column_int64(s, 1);
		g->outstanding = (uint64_t)sqlite3_column_int64(s, 2);
		g->bytes = (uint64_t)sqlite3_column_int64(s, 3);
		procs_read(g, (const char *)sqlite3_column_text(s, 4));
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 :
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
	r->stack_overflow = (uint64_t)sqlite3_column_int64(s, 12);
	sqlite3_reset(s);
	if (groups_read(st, id, r, cause) == -1 ||
	    stacks_read(st, id, r, cause) == -1) {
		attrib_result_free(r);
		return -1;
	}
	return 1;
}
