/* diff: what changed most between two moments of this machine, or
 * between a healthy machine's snapshot and this one. */
#include <errno.h>
#include <limits.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json.h"
#include "query.h"
#include "units.h"
#include "xmem.h"

/* The "from" side of diff --baseline: a snapshot file's values. */
static void
baseline(struct query *q, const char *path, int64_t *time,
    struct store_value **v, size_t *n)
{
	char *text = NULL, *cause = NULL;
	size_t cap = 0;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL)
		die("%s: %s", path, strerror(errno));
	/* The whole file: a JSON text holds no NUL. */
	if (getdelim(&text, &cap, '\0', f) == -1) {
		if (ferror(f))
			die("%s: %s", path, strerror(errno));
		free(text);
		text = xstrdup("");	/* empty */
	}
	fclose(f);
	if (store_parse_snapshot(q->st, text, time, v, n, &cause) == -1)
		die("%s: %s", path, cause);
	if (*n == 0)
		die("%s: not an mlk snapshot (make one with mlk-query "
		    "snapshot > FILE)", path);
	free(text);
}

struct change {
	const char	*series;
	int64_t		 from, to;	/* -1: absent then */
	int64_t		 delta;
};

struct ends {
	int64_t		 from, to;	/* the two moments */
};

static int
by_change_desc(const void *a, const void *b)
{
	int64_t x = llabs(((const struct change *)a)->delta);
	int64_t y = llabs(((const struct change *)b)->delta);

	return (x < y) - (x > y);
}

/* Join by name (both sorted): a series may be new, or gone. */
static size_t
join(const struct store_value *a, size_t na, const struct store_value *b,
    size_t nb, const struct series_filter *f, struct change *c)
{
	size_t i = 0, k = 0, n = 0;
	int cmp;

	while (i < na || k < nb) {
		cmp = i == na ? 1 : k == nb ? -1 :
		    strcmp(a[i].series, b[k].series);
		c[n].series = cmp <= 0 ? a[i].series : b[k].series;
		c[n].from = cmp <= 0 ? a[i++].bytes : -1;
		c[n].to = cmp >= 0 ? b[k++].bytes : -1;
		c[n].delta = (c[n].to < 0 ? 0 : c[n].to) -
		    (c[n].from < 0 ? 0 : c[n].from);
		if (filter_match(f, c[n].series))
			n++;
	}
	return n;
}

static void
diff_json(struct json *j, const void *row, const void *arg)
{
	const struct change *c = row;
	const struct ends *e = arg;

	json_open(j, NULL, '{');
	json_str(j, "series", c->series);
	json_time(j, "from_time", e->from);
	if (c->from >= 0)
		json_int(j, "from_bytes", c->from);
	else
		json_null(j, "from_bytes");
	json_time(j, "to_time", e->to);
	if (c->to >= 0)
		json_int(j, "to_bytes", c->to);
	else
		json_null(j, "to_bytes");
	json_int(j, "change_bytes", c->delta);
	json_close(j, '}');
}

static void
diff_table(const struct change *c, size_t n, const struct ends *e,
    const char *whence, const struct series_filter *f)
{
	char t1[32], t2[32], x[32], y[32], d[32];
	size_t i;

	printf("From %s%s to %s\nLargest changes first: %s\n\n",
	    units_iso(t1, sizeof t1, e->from), whence,
	    units_iso(t2, sizeof t2, e->to), filter_words(f));
	printf("%-40s %11s %11s %12s\n", "series", "from", "to", "change");
	for (i = 0; i < n; i++) {
		units_bytes(d + 1, sizeof d - 1, llabs(c[i].delta));
		d[0] = c[i].delta < 0 ? '-' : '+';
		series_cell(c[i].series, 40);
		printf(" %11s %11s %12s\n", c[i].from < 0 ? "-" :
		    units_bytes(x, sizeof x, c[i].from), c[i].to < 0 ? "-" :
		    units_bytes(y, sizeof y, c[i].to), d);
	}
}

int
cmd_diff(struct query *q, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "baseline", required_argument, NULL, 'b' },
		{ "kind", required_argument, NULL, 'k' },
		{ "all", no_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 }
	};
	static const struct change blank = { .series = "" };
	struct series_filter f = { "", 0 };
	const char *base = NULL;
	struct store_value *a, *b;
	struct change *c;
	struct ends e;
	int64_t from = -1, to = INT64_MAX, now = time(NULL);
	size_t na, nb, nc, limit = 20;
	char whence[PATH_MAX + 32];
	int ch;

	while ((ch = getopt_long(argc, argv, "n:", longopts, NULL)) != -1) {
		if (ch == 'n')
			limit = count_arg("-n", optarg);
		else if (ch == 'b')
			base = optarg;
		else if (ch == 'k')
			filter_kind(&f, optarg);
		else if (ch == 'a')
			f.all = 1;
		else if (ch != 'f' && ch != 't')
			usage_error(NULL);
		else if (units_time(optarg, now, ch == 'f' ? &from : &to) == -1)
			usage_error("--%s: cannot read \"%s\" as a time",
			    ch == 'f' ? "from" : "to", optarg);
	}
	extra_args("diff", argc, argv);
	if (base != NULL && from != -1)
		usage_error("diff: --baseline and --from exclude each other");
	query_open(q);
	if (base != NULL)
		baseline(q, base, &e.from, &a, &na);
	else
		values_at(q, from == -1 ? STORE_BOOT_START : STORE_AT_OR_BEFORE,
		    from, &e.from, &a, &na);
	values_at(q, STORE_AT_OR_BEFORE, to, &e.to, &b, &nb);
	if (e.from == -1 || e.to == -1)
		die("no sample %s in the database", e.from == -1 ?
		    "at --from" : "at --to");
	c = xcalloc(na + nb + 1, sizeof *c);
	nc = join(a, na, b, nb, &f, c);
	xqsort(c, nc, sizeof *c, by_change_desc);
	nc = nc < limit ? nc : limit;
	if (q->fmt != FMT_TABLE)
		rows_out(q, c, nc, sizeof *c, &blank, diff_json, &e);
	else {
		snprintf(whence, sizeof whence, "%s%s%s", base != NULL ?
		    " (baseline " : from == -1 ?
		    " (this boot's first sample)" : "",
		    base != NULL ? base : "", base != NULL ? ")" : "");
		diff_table(c, nc, &e, whence, &f);
	}
	free(c);
	free(a);
	free(b);
	return 0;
}
