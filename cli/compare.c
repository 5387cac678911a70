/* diff and snapshot: two moments of this machine, or this machine and a
 * healthy one. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/utsname.h>

#include "json.h"
#include "query.h"
#include "units.h"
#include "xmem.h"

static int
by_series(const void *a, const void *b)
{
	return strcmp(((const struct store_value *)a)->series,
	    ((const struct store_value *)b)->series);
}

/* Every value at one moment: the main sample's and the vmalloc sample's
 * (a --once sample is both: each series once), sorted by name. */
static void
moment(struct query *q, enum store_at at, int64_t when, int64_t *time,
    struct store_value **v, size_t *n)
{
	struct store_value *vm;
	size_t nvm, i, k;
	int64_t tvm;
	char *cause = NULL;

	*time = -1;
	if (store_values_at(q->st, SRC_MEMINFO | SRC_SLABINFO, at, when, time,
	    v, n, &cause) == -1 || store_values_at(q->st, SRC_VMALLOCINFO,
	    at, when, &tvm, &vm, &nvm, &cause) == -1)
		die("%s", cause);
	*v = xreallocarray(*v, *n + nvm + 1, sizeof **v);
	memcpy(*v + *n, vm, nvm * sizeof *vm);
	free(vm);
	*n += nvm;
	xqsort(*v, *n, sizeof **v, by_series);
	for (i = k = 0; i < *n; i++)
		if (k == 0 || strcmp((*v)[k - 1].series, (*v)[i].series) != 0)
			(*v)[k++] = (*v)[i];
	*n = k;
}

int
cmd_snapshot(struct query *q, int argc, char **argv)
{
	struct store_value *v;
	char host[256], *cause = NULL;
	struct store_newest nw;
	struct utsname u;
	int64_t t;
	struct json j;
	size_t n, i;

	if (argc > 1)
		usage_error("snapshot: unexpected argument \"%s\"", argv[1]);
	query_open(q);
	if (store_newest(q->st, &nw, &cause) == -1)
		die("%s", cause);
	moment(q, STORE_AT_OR_BEFORE, INT64_MAX, &t, &v, &n);
	if (t == -1)
		die("no sample in the database yet");
	if (gethostname(host, sizeof host) == -1)
		snprintf(host, sizeof host, "unknown");
	host[sizeof host - 1] = '\0';
	if (uname(&u) == -1)
		snprintf(u.release, sizeof u.release, "unknown");
	/* Always JSON: the point is a file to carry to another machine. */
	json_init(&j, stdout);
	json_open(&j, NULL, '{');
	json_str(&j, "format", "mlk-snapshot");
	json_int(&j, "version", 1);
	json_time(&j, "time", t);
	json_str(&j, "hostname", host);
	json_str(&j, "kernel", u.release);
	json_str(&j, "boot_id", nw.boot_id);
	json_open(&j, "series", '[');
	for (i = 0; i < n; i++) {
		json_open(&j, NULL, '{');
		json_str(&j, "series", v[i].series);
		json_int(&j, "bytes", v[i].bytes);
		json_close(&j, '}');
	}
	json_close(&j, ']');
	json_close(&j, '}');
	free(v);
	return 0;
}

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

static int
by_change_desc(const void *a, const void *b)
{
	int64_t x = llabs(((const struct change *)a)->delta);
	int64_t y = llabs(((const struct change *)b)->delta);

	return (x < y) - (x > y);
}

int
cmd_diff(struct query *q, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "baseline", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 }
	};
	const char *base = NULL;
	struct store_value *a, *b;
	struct change *c;
	int64_t from = -1, to = INT64_MAX, ta, tb, now = time(NULL);
	size_t na, nb, i = 0, k = 0, nc = 0, limit = 20;
	char t1[32], t2[32], x[32], y[32], d[32];
	struct json j;
	int ch, cmp;

	while ((ch = getopt_long(argc, argv, "n:", longopts, NULL)) != -1) {
		if (ch == 'n') {
			limit = count_arg("-n", optarg);
		} else if (ch == 'b') {
			base = optarg;
		} else if (ch == 'f' || ch == 't') {
			if (units_time(optarg, now, ch == 'f' ? &from : &to)
			    == -1)
				die("--%s: cannot read \"%s\" as a time",
				    ch == 'f' ? "from" : "to", optarg);
		} else
			usage_error(NULL);
	}
	extra_args("diff", argc, argv);
	if (base != NULL && from != -1)
		usage_error("diff: --baseline and --from exclude each other");
	query_open(q);
	if (base != NULL)
		baseline(q, base, &ta, &a, &na);
	else
		moment(q, from == -1 ? STORE_BOOT_START : STORE_AT_OR_BEFORE,
		    from, &ta, &a, &na);
	moment(q, STORE_AT_OR_BEFORE, to, &tb, &b, &nb);
	if (ta == -1 || tb == -1)
		die("no sample %s in the database", ta == -1 ? "at --from" :
		    "at --to");
	/* Join by name: a series may be new, or gone. */
	c = xcalloc(na + nb + 1, sizeof *c);
	while (i < na || k < nb) {
		cmp = i == na ? 1 : k == nb ? -1 :
		    strcmp(a[i].series, b[k].series);
		c[nc].series = cmp <= 0 ? a[i].series : b[k].series;
		c[nc].from = cmp <= 0 ? a[i++].bytes : -1;
		c[nc].to = cmp >= 0 ? b[k++].bytes : -1;
		c[nc].delta = (c[nc].to < 0 ? 0 : c[nc].to) -
		    (c[nc].from < 0 ? 0 : c[nc].from);
		nc++;
	}
	xqsort(c, nc, sizeof *c, by_change_desc);
	nc = nc < limit ? nc : limit;
	if (q->fmt != FMT_TABLE) {
		start(q, &j);
		json_open(&j, NULL, '[');
		for (i = 0; i < nc; i++) {
			json_open(&j, NULL, '{');
			json_str(&j, "series", c[i].series);
			json_time(&j, "from_time", ta);
			if (c[i].from >= 0)
				json_int(&j, "from_bytes", c[i].from);
			else
				json_null(&j, "from_bytes");
			json_time(&j, "to_time", tb);
			if (c[i].to >= 0)
				json_int(&j, "to_bytes", c[i].to);
			else
				json_null(&j, "to_bytes");
			json_int(&j, "change_bytes", c[i].delta);
			json_close(&j, '}');
		}
		json_close(&j, ']');
	} else {
		units_iso(t1, sizeof t1, ta);
		units_iso(t2, sizeof t2, tb);
		printf("From %s%s%s%s to %s, largest changes first\n\n", t1,
		    base != NULL ? " (baseline " : from == -1 ?
		    " (this boot's first sample)" : "",
		    base != NULL ? base : "", base != NULL ? ")" : "", t2);
		printf("%-34s %10s %10s %11s\n", "series", "from", "to",
		    "change");
		for (i = 0; i < nc; i++) {
			units_bytes(d + 1, sizeof d - 1, llabs(c[i].delta));
			d[0] = c[i].delta < 0 ? '-' : '+';
			printf("%-34s %10s %10s %11s\n", c[i].series,
			    c[i].from < 0 ? "-" : units_bytes(x, sizeof x,
			    c[i].from), c[i].to < 0 ? "-" : units_bytes(y,
			    sizeof y, c[i].to), d);
		}
	}
	free(c);
	free(a);
	free(b);
	return 0;
}
