/* snapshot: every series now, as a file to compare another machine
 * with (diff --baseline). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/utsname.h>

#include "json.h"
#include "query.h"

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
	values_at(q, STORE_AT_OR_BEFORE, INT64_MAX, &t, &v, &n);
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
