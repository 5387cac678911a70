/* The store's alerts table (sql/002-alerts.sql). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_impl.h"
#include "xmem.h"

/* The call sites as the call_sites column holds them: "SLOPE SERIES"
 * lines. */
static char *
sites_text(const struct store_alert *a)
{
	char *text = xstrdup(""), *was;
	size_t i;

	for (i = 0; i < a->nsite && i < STORE_SITES; i++) {
		was = text;
		xasprintf(&text, "%s%.0f %s\n", was, a->site[i].slope,
		    a->site[i].series);
		free(was);
	}
	return text;
}

static void
sites_read(struct store_alert *a, const char *text)
{
	const char *nl, *sp;
	struct store_site *s;

	for (a->nsite = 0; a->nsite < STORE_SITES && (nl = strchr(text,
	    '\n')) != NULL; text = nl + 1) {
		if ((sp = memchr(text, ' ', (size_t)(nl - text))) == NULL)
			continue;
		s = &a->site[a->nsite++];
		s->slope = strtod(text, NULL);
		snprintf(s->series, sizeof s->series, "%.*s",
		    (int)(nl - sp - 1), sp + 1);
	}
}

int
store_alert_put(struct store *st, const char *boot_id,
    enum store_alert_change change, const struct store_alert *a, char **cause)
{
	sqlite3_stmt *s;
	int64_t series, boot;
	char *sites = NULL;
	int rc;

	if (store_flush(st, cause) == -1)	/* an alert is never held */
		return -1;
	if ((series = st_series_id(st, a->series, cause)) == -1)
		return -1;
	switch (change) {
	case STORE_ALERT_OPENED:
		boot = st_boot_row(st, boot_id, a->opened_at, cause);
		if (boot == -1 || (s = st_stmt(st, S_ALERT_ADD, cause)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, series);
		sqlite3_bind_int64(s, 2, boot);
		sqlite3_bind_int64(s, 3, a->opened_at);
		sqlite3_bind_int64(s, 4, a->updated_at);
		sqlite3_bind_int64(s, 5, a->since);
		sqlite3_bind_double(s, 6, a->slope);
		sqlite3_bind_double(s, 7, a->confidence);
		sqlite3_bind_int64(s, 8, a->bytes);
		sqlite3_bind_int64(s, 9, a->window);
		sqlite3_bind_int64(s, 10, a->eta);
		sqlite3_bind_int(s, 11, a->reclaimable);
		sqlite3_bind_text(s, 12, a->companions, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 13, sites = sites_text(a), -1,
		    SQLITE_STATIC);
		break;
	case STORE_ALERT_NOTICE:
		if ((s = st_stmt(st, S_ALERT_NOTICE, cause)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, series);
		sqlite3_bind_int64(s, 2, a->updated_at);
		sqlite3_bind_double(s, 3, a->slope);
		sqlite3_bind_double(s, 4, a->confidence);
		sqlite3_bind_int64(s, 5, a->bytes);
		sqlite3_bind_int64(s, 6, a->window);
		sqlite3_bind_int64(s, 7, a->eta);
		sqlite3_bind_text(s, 8, a->companions, -1, SQLITE_STATIC);
		break;
	case STORE_ALERT_COMPANIONS:
		if ((s = st_stmt(st, S_ALERT_COMPANIONS, cause)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, series);
		sqlite3_bind_text(s, 2, a->companions, -1, SQLITE_STATIC);
		break;
	default:
		if ((s = st_stmt(st, S_ALERT_RESOLVE, cause)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, series);
		sqlite3_bind_int64(s, 2, a->resolved_at);
		sqlite3_bind_int64(s, 3, a->bytes);
		sqlite3_bind_text(s, 4, a->reason, -1, SQLITE_STATIC);
		break;
	}
	rc = st_run(st, s, cause, "recording an alert");
	free(sites);
	return rc;
}

static void
alert_row(sqlite3_stmt *s, struct store_alert *a)
{
	snprintf(a->series, sizeof a->series, "%s",
	    (const char *)sqlite3_column_text(s, 0));
	a->open = sqlite3_column_int(s, 1);
	a->opened_at = sqlite3_column_int64(s, 2);
	a->resolved_at = sqlite3_column_int64(s, 3);
	a->updated_at = sqlite3_column_int64(s, 4);
	a->since = sqlite3_column_int64(s, 5);
	a->window = sqlite3_column_int64(s, 6);
	a->bytes = sqlite3_column_int64(s, 7);
	a->eta = sqlite3_column_int64(s, 8);
	a->slope = sqlite3_column_double(s, 9);
	a->confidence = sqlite3_column_double(s, 10);
	a->reclaimable = sqlite3_column_int(s, 11);
	snprintf(a->reason, sizeof a->reason, "%s",
	    (const char *)sqlite3_column_text(s, 12));
	snprintf(a->callsite, sizeof a->callsite, "%s",
	    (const char *)sqlite3_column_text(s, 13));
	snprintf(a->process, sizeof a->process, "%s",
	    (const char *)sqlite3_column_text(s, 14));
	a->traced_at = sqlite3_column_int64(s, 15);
	a->traced_seconds = sqlite3_column_double(s, 16);
	a->held_bytes = sqlite3_column_int64(s, 17);
	snprintf(a->companions, sizeof a->companions, "%s",
	    (const char *)sqlite3_column_text(s, 18));
	sites_read(a, (const char *)sqlite3_column_text(s, 19));
	snprintf(a->stack, sizeof a->stack, "%s",
	    (const char *)sqlite3_column_text(s, 20));
}

/* Read every row of a prepared, bound alert query. */
static int
alerts_read(struct store *st, sqlite3_stmt *s, struct store_alert **out,
    size_t *n, char **cause)
{
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		st_rows_grow((void **)out, *n, &cap, sizeof **out);
		alert_row(s, &(*out)[(*n)++]);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return 0;
	free(*out);
	*out = NULL;
	*n = 0;
	return st_fail(st, cause, "reading alerts");
}

int
store_alerts_carry(struct store *st, const char *boot_id, int64_t now,
    struct store_alert **out, size_t *n, char **cause)
{
	sqlite3_stmt *s;

	*out = NULL;
	*n = 0;
	if (store_flush(st, cause) == -1 ||
	    (s = st_stmt(st, S_ALERTS_CLOSE_BOOTS, cause)) == NULL)
		return -1;
	sqlite3_bind_text(s, 1, boot_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, now);
	if (st_run(st, s, cause, "resolving the alerts of past boots") == -1 ||
	    (s = st_stmt(st, S_ALERTS_OF_BOOT, cause)) == NULL)
		return -1;
	sqlite3_bind_text(s, 1, boot_id, -1, SQLITE_STATIC);
	return alerts_read(st, s, out, n, cause);
}

int
store_alerts(struct store *st, int all, int64_t since,
    struct store_alert **out, size_t *n, char **cause)
{
	sqlite3_stmt *s = st_stmt(st, S_ALERTS_LIST, cause);

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return -1;
	sqlite3_bind_int(s, 1, all);
	sqlite3_bind_int64(s, 2, since);
	return alerts_read(st, s, out, n, cause);
}

