/* query: what mlk-query's commands share: errors, the database, the
 * values of a moment, which series a ranking shows, and rows as JSON or
 * CSV. */
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <libgen.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "detect.h"
#include "json.h"
#include "source.h"
#include "units.h"
#include "query.h"
#include "xmem.h"

void __attribute__((noreturn, format(printf, 1, 2)))
usage_error(const char *fmt, ...)
{
	va_list ap;

	if (fmt != NULL) {
		fputs("mlk-query: ", stderr);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	fputs("see 'mlk-query --help'\n", stderr);
	exit(2);
}

void
extra_args(const char *cmd, int argc, char **argv)
{
	if (optind < argc)
		usage_error("%s: unexpected argument \"%s\"", cmd,
		    argv[optind]);
}

void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fputs("mlk-query: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

size_t
count_arg(const char *option, const char *arg)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (*arg == '\0' || *arg == '-' || *end != '\0' || v == 0 ||
	    errno != 0)
		usage_error("%s: expected a positive count, got \"%s\"", option,
		    arg);
	return v;
}

void
series_arg(char series[SERIES_MAX], const char *arg)
{
	snprintf(series, SERIES_MAX, "%s%s", strchr(arg, ':') ? "" : "slab:",
	    arg);
}

void
start(const struct query *q, struct json *j)
{
	if (q->fmt == FMT_CSV)
		json_init_csv(j, stdout);
	else
		json_init(j, stdout);
}

int
by_bytes_desc(const void *a, const void *b)
{
	const struct store_value *x = a, *y = b;

	return (x->bytes < y->bytes) - (x->bytes > y->bytes);
}

/* The database may not be read by us: say who may, and what would let
 * us, from what is on this machine (a package's group mlk, or a file of
 * make run's, root's own). */
static void __attribute__((noreturn))
denied(const char *path)
{
	char dir[PATH_MAX];
	struct passwd *pw;
	struct group *gr;
	struct stat sb;

	snprintf(dir, sizeof dir, "%s", path);
	/* the file, or else the directory we may not enter */
	if (stat(path, &sb) == -1 && stat(dirname(dir), &sb) == -1)
		die("%s: permission denied", path);
	gr = getgrgid(sb.st_gid);
	if (gr != NULL && strcmp(gr->gr_name, "mlk") == 0) {
		pw = getpwuid(getuid());
		die("%s: permission denied; root and the group mlk may read "
		    "it (usermod -a -G mlk %s, then log in again)", path,
		    pw != NULL ? pw->pw_name : "USER");
	}
	pw = getpwuid(sb.st_uid);
	die("%s: permission denied; it is %s's (group %s, mode %04o): run "
	    "mlk-query as root, or let a group of yours read it (chgrp GROUP "
	    "%s)", path, pw != NULL ? pw->pw_name : "another user",
	    gr != NULL ? gr->gr_name : "unknown", (unsigned)sb.st_mode & 07777,
	    path);
}

void
query_open(struct query *q)
{
	char *cause = NULL;

	if (q->st != NULL)
		return;
	if (access(q->db, F_OK) == -1 && errno != EACCES)
		die("%s: %s; is mlkd running? (systemctl start mlkd, or "
		    "mlkd --once --db %s)", q->db, strerror(errno), q->db);
	/* Also a directory we may not enter (/var/lib/mlk is 2750). */
	if (access(q->db, R_OK) == -1 && errno == EACCES)
		denied(q->db);
	if ((q->st = store_open(q->db, STORE_READONLY, &cause)) == NULL)
		die("%s", cause);
}


void
rows_out(const struct query *q, const void *rows, size_t n, size_t size,
    const void *blank, row_fn fn, const void *arg)
{
	struct json j;
	size_t i;

	start(q, &j);
	json_open(&j, NULL, '[');
	for (i = 0; i < n; i++)
		fn(&j, (const char *)rows + i * size, arg);
	if (n == 0 && q->fmt == FMT_CSV) {
		json_header_only(&j);
		fn(&j, blank, arg);
	}
	json_close(&j, ']');
}

static int
by_series(const void *a, const void *b)
{
	return strcmp(((const struct store_value *)a)->series,
	    ((const struct store_value *)b)->series);
}

/* Each source's newest sample picked by `at`, and of it that source's
 * series (a sample may hold several sources, some older than their own
 * newest). */
void
values_at(struct query *q, enum store_at at, int64_t when, int64_t *time,
    struct store_value **v, size_t *n)
{
	struct store_value *got;
	size_t ngot, i;
	int64_t t;
	char *cause = NULL;
	int id;

	*time = -1;
	*v = NULL;
	*n = 0;
	for (id = 0; id < SOURCE_COUNT; id++) {
		if (store_values_at(q->st, SOURCE_BIT(id), at, when, &t, &got,
		    &ngot, &cause) == -1)
			die("%s", cause);
		if (id == SOURCE_MEMINFO)
			*time = t;
		*v = xreallocarray(*v, *n + ngot + 1, sizeof **v);
		for (i = 0; i < ngot; i++)
			if (source_of(got[i].series) == (enum source_id)id)
				(*v)[(*n)++] = got[i];
		free(got);
	}
	xqsort(*v, *n, sizeof **v, by_series);
}

const struct store_value *
value_of(const struct store_value *v, size_t n, const char *series)
{
	struct store_value key;

	snprintf(key.series, sizeof key.series, "%s", series);
	return n > 0 ? bsearch(&key, v, n, sizeof *v, by_series) : NULL;
}

void
filter_kind(struct series_filter *f, const char *kind)
{
	char known[128] = "";
	size_t k;

	for (k = 0; sample_kinds[k] != NULL; k++) {
		if (strcmp(sample_kinds[k], kind) == 0)
			break;
		snprintf(known + strlen(known), sizeof known - strlen(known),
		    "%s%s", k ? ", " : "", sample_kinds[k]);
	}
	if (sample_kinds[k] == NULL)
		usage_error("--kind: expected one of %s; got \"%s\"", known,
		    kind);
	snprintf(f->prefix, sizeof f->prefix, "%s:", kind);
}

int
filter_match(const struct series_filter *f, const char *series)
{
	/* a kind asked for is shown whole */
	return strncmp(series, f->prefix, strlen(f->prefix)) == 0 &&
	    (f->all || f->prefix[0] != '\0' || detect_judged(series));
}

const char *
filter_words(const struct series_filter *f)
{
	static char words[32];

	if (f->prefix[0] == '\0')
		return f->all ? "every series" : "what can leak in the kernel "
		    "(--all: every series)";
	snprintf(words, sizeof words, "every %.*s series",
	    (int)strlen(f->prefix) - 1, f->prefix);
	return words;
}

void
series_cell(const char *series, int width)
{
	if ((int)strlen(series) <= width)
		printf("%-*s", width, series);
	else
		printf("%s\n%-*s", series, width, "");
}

void
print_list(const char *label, const char *list, char sep, const char *join)
{
	char *buf = xstrdup(list), *p = buf, *item, seps[2] = { sep, '\0' };
	size_t at, indent = strlen(label), jl = strlen(join), mark = jl;
	int first = 1;

	while (mark > 0 && join[mark - 1] == ' ')
		mark--;
	at = (size_t)printf("%s", label);
	while ((item = strsep(&p, seps)) != NULL) {
		item += strspn(item, " ");
		/* room left for a line's closing mark */
		if (!first && at + jl + strlen(item) + mark > 80) {
			printf("%.*s\n%*s", (int)mark, join, (int)indent, "");
			at = indent;
		} else if (!first)
			at += (size_t)printf("%s", join);
		at += (size_t)printf("%s", item);
		first = 0;
	}
	putchar('\n');
	free(buf);
}

char *
minute(char buf[32], int64_t t)
{
	units_iso(buf, 32, t);
	buf[16] = '\0';
	buf[10] = ' ';
	return buf + 5;
}

char *
rate_text(char buf[40], double slope)
{
	char b[32];

	snprintf(buf, 40, "%s/h", units_bytes(b, sizeof b, (int64_t)slope));
	return buf;
}
