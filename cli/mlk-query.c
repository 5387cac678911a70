/* mlk-query: the operator's view of the mlkd database.  A table of
 * commands, one file each (cli/status.c, top.c, ...), over lib/store,
 * opened read-only while the daemon writes; what they share is in
 * cli/query.c. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
"  top [--window D] [-n N] [--kind K] [--all]\n"
"                              series by growth over the last D (2h) of the\n"
"                              newest boot, fastest first (10): what can\n"
"                              leak in the kernel; --all: every series;\n"
"                              --kind: every series of kind K (slab,\n"
"                              meminfo, kernel, vmalloc, vmalloc_type, proc,\n"
"                              alloc)\n"
"  history SERIES [--since T] [--until T] [--step D]\n"
"                              values of one series (dentry = slab:dentry);\n"
"                              on a terminal a sparkline, range and slope\n"
"  alerts [--all] [--since T]  open leak alerts; --all: resolved ones too\n"
"  diff [--from T | --baseline FILE] [--to T] [-n N] [--kind K] [--all]\n"
"                              what changed most, by default since this\n"
"                              boot's first sample (20); FILE: a snapshot;\n"
"                              --kind, --all as for top\n"
"  snapshot                    every series now, as a JSON document to\n"
"                              compare another machine with\n"
"  vmalloc [-n N]              vmalloc by caller (the largest N, 15) and type,\n"
"                              with growth over 2h\n"
"  attribute SERIES [--seconds N] [-n N] [--no-stacks] [--last]\n"
"                              as root, trace the cache's allocations and\n"
"                              frees (kernel:unaccounted: the page\n"
"                              allocator's pages) for N s (30): what is still\n"
"                              allocated, by call site, process and stack\n"
"                              (10 each);\n"
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
