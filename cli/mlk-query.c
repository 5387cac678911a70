/* mlk-query: the operator's view of the mlkd database.  A table of
 * subcommands (cli/status.c, history.c, growth.c, compare.c,
 * attribute.c) over lib/store, opened read-only while the daemon
 * writes. */
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
#include <time.h>
#include <unistd.h>

#include "json.h"
#include "query.h"

#define DEFAULT_DB	"/var/lib/mlk/mlk.db"

void __attribute__((noreturn))
usage(void)
{
	printf(
"usage: mlk-query [--db PATH] [--json | --csv] COMMAND [ARGS]\n"
"\n"
"Commands:\n"
"  status                      kernel memory now, open alerts, what grows,\n"
"                              the largest slab caches\n"
"  top [--window D] [-n N] [--kind slab|meminfo|vmalloc|kernel]\n"
"                              series by growth over the last D (2h) of the\n"
"                              newest boot, fastest first (10)\n"
"  history SERIES [--since T] [--until T] [--step D]\n"
"                              values of one series (dentry = slab:dentry);\n"
"                              on a terminal a sparkline, range and slope\n"
"  alerts [--all] [--since T]  open leak alerts; --all: resolved ones too\n"
"  diff [--from T | --baseline FILE] [--to T] [-n N]\n"
"                              what changed most, by default since this\n"
"                              boot's first sample (20); FILE: a snapshot\n"
"  snapshot                    every series now, as a JSON document to\n"
"                              compare another machine with\n"
"  vmalloc [-n N]              vmalloc by caller (the largest N, 15) and type,\n"
"                              with growth over 2h\n"
"  attribute SERIES [--seconds N] [-n N] [--last]\n"
"                              as root, trace the cache's allocations and\n"
"                              frees for N s (30): what is still allocated,\n"
"                              by call site and process (10 each);\n"
"                              --last: mlkd's newest stored attribution\n"
"\n"
"Options:\n"
"  --db PATH    database (default " DEFAULT_DB ")\n"
"  --json       one JSON document: bytes as integers, ISO 8601 UTC times\n"
"  --csv        a header and a row per item (not status, snapshot,\n"
"               attribute)\n"
"  --help       this text;  --version  the version\n"
"\n"
"Times T: Unix seconds, -2h (before now), now, today, yesterday (UTC),\n"
"or 2026-11-22T10:00:00Z.\n"
"Exit status: 0 success, 1 error, 2 usage.\n");
	exit(0);
}

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
		die("%s: expected a positive count, got \"%s\"", option, arg);
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

/* Each reads its arguments, then opens the database if it needs it. */
static const struct {
	const char	*name;
	int		(*fn)(struct query *, int, char **);
	int		 csv;		/* a table of rows: --csv works */
} commands[] = {
	{ "top", cmd_top, 1 },
	{ "diff", cmd_diff, 1 },
	{ "vmalloc", cmd_vmalloc, 1 },
	{ "snapshot", cmd_snapshot, 0 },
	{ "attribute", cmd_attribute, 0 },
	{ "status", cmd_status, 0 },
	{ "history", cmd_history, 1 },
	{ "alerts", cmd_alerts, 1 },
};

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "csv", no_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct query q = { NULL, DEFAULT_DB, FMT_TABLE };
	size_t i;
	int ch, rc;

	/* Options stop at the command; its own options follow it. */
	while ((ch = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd': q.db = optarg; break;
		case 'j': q.fmt = FMT_JSON; break;
		case 'C': q.fmt = FMT_CSV; break;
		case 'h': usage();
		case 'V': printf("mlk-query %s\n", MLK_VERSION); return 0;
		default: usage_error(NULL);
		}
	}
	if (optind == argc)
		usage_error("which command? status, top, history, alerts, "
		    "diff, snapshot, vmalloc or attribute");
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[optind], commands[i].name) == 0)
			break;
	if (i == sizeof commands / sizeof commands[0])
		usage_error("unknown command \"%s\"", argv[optind]);
	if (q.fmt == FMT_CSV && !commands[i].csv)
		usage_error("%s: its answer is nested, not rows: use --json, "
		    "not --csv", commands[i].name);
	argc -= optind;
	argv += optind;
	/* Each command parses its own options from argv[0] = its name:
	 * glibc's getopt starts afresh only from optind 0 (the "+" above
	 * would otherwise stay in force). */
	optind = 0;
	rc = commands[i].fn(&q, argc, argv);
	store_close(q.st);
	return rc;
}
