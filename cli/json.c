#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "json.h"
#include "text.h"
#include "units.h"
#include "xmem.h"

void
json_init(struct json *j, FILE *f)
{
	memset(j, 0, sizeof *j);
	j->f = j->out = f;
	j->first[0] = 1;
}

void
json_init_csv(struct json *j, FILE *f)
{
	json_init(j, f);
	j->csv = 1;
}

void
json_header_only(struct json *j)
{
	j->header_only = j->csv && !j->header_done;
}

/* CSV: a field with a comma, quote or line break is quoted, quotes
 * doubled (RFC 4180). */
static void
csv_field(FILE *f, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/*
 * A JSON string, escaped by SQLite's own json_quote() rather than by hand:
 * one in-memory connection, one prepared statement, for the life of the
 * program.
 */
static void
quoted(FILE *f, const char *s)
{
	static sqlite3 *db;
	static sqlite3_stmt *q;

	if (q == NULL && (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT json_quote(?1)", -1, &q, NULL) !=
	    SQLITE_OK)) {
		fputs("mlk-query: SQLite cannot quote JSON\n", stderr);
		exit(1);
	}
	sqlite3_bind_text(q, 1, s, -1, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_ROW) {	/* never half a document */
		fprintf(stderr, "mlk-query: SQLite cannot quote JSON: %s\n",
		    sqlite3_errmsg(db));
		exit(1);
	}
	fputs((const char *)sqlite3_column_text(q, 0), f);
	sqlite3_reset(q);
}

/* The comma and key before a value; key is NULL inside arrays.  In CSV
 * the first row's keys make the header. */
static void
member(struct json *j, const char *key)
{
	if (j->csv) {
		if (!j->first[j->depth])
			fputc(',', j->f);
		if (!j->header_done && key != NULL) {
			if (!j->first[j->depth])
				fputc(',', j->header);
			csv_field(j->header, key);
		}
		j->first[j->depth] = 0;
		return;
	}
	if (!j->first[j->depth])
		fputc(',', j->f);
	j->first[j->depth] = 0;
	if (key != NULL) {
		quoted(j->f, key);
		fputc(':', j->f);
	}
}

void
json_open(struct json *j, const char *key, char bracket)
{
	if (j->csv) {
		/* An array of flat objects: each object one row. */
		if (j->depth == 1 && bracket == '{') {
			j->f = open_memstream(&j->row, &j->rowlen);
			if (!j->header_done)
				j->header = open_memstream(&j->head,
				    &j->headlen);
			if (j->f == NULL || (!j->header_done &&
			    j->header == NULL))
				abort();
		} else if (j->depth != 0 || bracket != '[') {
			fputs("mlk-query: this answer has no CSV form; use "
			    "--json\n", stderr);
			exit(1);
		}
	} else {
		member(j, key);
		fputc(bracket, j->f);
	}
	if (j->depth + 1 < JSON_DEPTH)
		j->first[++j->depth] = 1;
}

void
json_close(struct json *j, char bracket)
{
	if (j->csv) {
		if (j->depth == 2) {
			fclose(j->f);
			if (!j->header_done) {
				fclose(j->header);
				fprintf(j->out, "%s\n", j->head);
				free(j->head);
				j->header_done = 1;
			}
			if (!j->header_only)
				fprintf(j->out, "%s\n", j->row);
			j->header_only = 0;
			free(j->row);
			j->f = j->out;
		}
		if (j->depth > 0)
			j->depth--;
		return;
	}
	fputc(bracket, j->f);
	if (j->depth > 0)
		j->depth--;
	if (j->depth == 0)
		fputc('\n', j->f);
}

void
json_int(struct json *j, const char *key, int64_t v)
{
	member(j, key);
	fprintf(j->f, "%lld", (long long)v);
}

/* A number that need not be whole: 6 significant digits are plenty for
 * a confidence or a ratio. */
void
json_real(struct json *j, const char *key, double v)
{
	member(j, key);
	if (isfinite(v))
		fprintf(j->f, "%.6g", v);
	else if (!j->csv)
		fputs("null", j->f);
}

void
json_bool(struct json *j, const char *key, int v)
{
	member(j, key);
	fputs(v ? "true" : "false", j->f);
}

/* s with every byte that does not start a valid UTF-8 character
 * replaced by U+FFFD: kernel names are bytes, JSON is UTF-8.  s itself if
 * it is valid, else a copy in *copy (caller frees). */
static const char *
valid_utf8(const char *s, char **copy)
{
	size_t len = strlen(s), i, n, o = 0;

	*copy = NULL;
	for (i = 0; i < len; i += n)
		if ((n = text_utf8_char(s + i, len - i)) == 0)
			break;
	if (i == len)
		return s;
	*copy = xreallocarray(NULL, len + 1, 3);
	for (i = 0; i < len; i += n) {
		if ((n = text_utf8_char(s + i, len - i)) == 0) {
			memcpy(*copy + o, "\xef\xbf\xbd", 3);
			o += 3;
			n = 1;
		} else {
			memcpy(*copy + o, s + i, n);
			o += n;
		}
	}
	(*copy)[o] = '\0';
	return *copy;
}

void
json_str(struct json *j, const char *key, const char *s)
{
	char *copy;

	s = valid_utf8(s, &copy);
	member(j, key);
	if (j->csv)
		csv_field(j->f, s);
	else
		quoted(j->f, s);
	free(copy);
}

void
json_time(struct json *j, const char *key, int64_t t)
{
	char buf[32];

	json_str(j, key, units_iso(buf, sizeof buf, t));
}

void
json_null(struct json *j, const char *key)
{
	member(j, key);
	if (!j->csv)		/* CSV: an empty field */
		fputs("null", j->f);
}

void
json_lines(struct json *j, const char *key, const char *text)
{
	char *line;
	size_t n;

	json_open(j, key, '[');
	while (*text != '\0') {
		n = strcspn(text, "\n");
		line = xstrndup(text, n);
		json_str(j, NULL, line);
		free(line);
		text += n;
		text += *text == '\n';
	}
	json_close(j, ']');
}
