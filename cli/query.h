/* query: what mlk-query's commands share.  Each command parses its own
 * arguments with getopt, made ready by main (argv[0] is its name), and
 * returns the exit status. */
#ifndef MLK_QUERY_H
#define MLK_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "json.h"
#include "store.h"
#include "trend.h"


enum format { FMT_TABLE, FMT_JSON, FMT_CSV };

struct query {
	struct store	*st;		/* NULL until query_open */
	const char	*db;
	enum format	 fmt;
};

/* Open q->db read-only, or die saying why and what to do.  Commands call
 * it once their arguments are read: a usage error never waits on the
 * database. */
void	query_open(struct query *);
/* The help text on stdout, exit 0. */
void	usage(void) __attribute__((noreturn));
/* A usage error: "mlk-query: " and what is wrong (unless fmt is NULL:
 * getopt said it), then where the help is; exit 2. */
void	usage_error(const char *fmt, ...)
	    __attribute__((noreturn, format(printf, 1, 2)));
/* After getopt: an argument the command does not take is a usage
 * error. */
void	extra_args(const char *cmd, int argc, char **argv);
void	die(const char *fmt, ...)
	    __attribute__((noreturn, format(printf, 1, 2)));
/* A positive count for an option such as -n; dies on anything else. */
size_t	count_arg(const char *option, const char *arg);
/* A structured answer: JSON, or CSV for the flat ones. */
void	start(const struct query *, struct json *);
/* A series named on the command line: a bare cache name means its slab
 * series (dentry is slab:dentry). */
void	series_arg(char series[SERIES_MAX], const char *arg);
/* A qsort order for struct store_value: the largest first. */
int	by_bytes_desc(const void *, const void *);

/* One row of a command's answer as a JSON object (a CSV row). */
typedef void	(*row_fn)(struct json *, const void *row, const void *arg);
/* n rows of size bytes as a JSON array, or CSV with its header even
 * when n is 0 (then the header's keys come from blank). */
void	rows_out(const struct query *, const void *rows, size_t n,
	    size_t size, const void *blank, row_fn, const void *arg);

/* Every value of one moment: each source's sample picked by `at`, its
 * own series, sorted by name; *time is meminfo's (-1: no sample).
 * Caller frees. */
void	values_at(struct query *, enum store_at, int64_t when, int64_t *time,
	    struct store_value **, size_t *n);
/* The value of series among values sorted by name; NULL if absent. */
const struct store_value *value_of(const struct store_value *, size_t n,
	    const char *series);

/* Which series top and diff show: --kind one kind, whole; else, without
 * --all, only what can leak in the kernel (what mlkd judges), not the
 * page cache, the sums nor user space. */
struct series_filter {
	char	 prefix[16];	/* "" or "slab:", "meminfo:"... */
	int	 all;
};
/* --kind's argument, or a usage error. */
void	filter_kind(struct series_filter *, const char *kind);
int	filter_match(const struct series_filter *, const char *series);
/* A table's first cell: a series padded to width, or one too long for
 * it on a line of its own, never cut (it is what the next command
 * takes). */
void	series_cell(const char *series, int width);
/* The items of list, separated by sep, after label with join between
 * them (", ", " <- "), on lines of at most 80 columns indented as label
 * is; a line that breaks ends in join without its trailing spaces (",",
 * " <-").  An item longer than a line has one of its own. */
void	print_list(const char *label, const char *list, char sep,
	    const char *join);
/* "694 MiB/h", a growth for a table's cell. */
char	*rate_text(char buf[40], double bytes_per_hour);
/* "11-29 10:02", a time in UTC to the minute, for a table's cell. */
char	*minute(char buf[32], int64_t unix_seconds);
/* What the filter keeps, in words for a table's title. */
const char *filter_words(const struct series_filter *);

int	cmd_status(struct query *, int, char **);
int	cmd_alerts(struct query *, int, char **);
int	cmd_history(struct query *, int, char **);
int	cmd_top(struct query *, int, char **);
int	cmd_vmalloc(struct query *, int, char **);
int	cmd_diff(struct query *, int, char **);
int	cmd_snapshot(struct query *, int, char **);
int	cmd_attribute(struct query *, int, char **);
/* vmalloc's rows: the limit largest callers and every type; or only the
 * series of one caller ("vmalloc:NAME"), which must be there. */
int	vmalloc_show(struct query *, const char *only, size_t limit);

/* An alert as a JSON object (alerts, status). */
void	alert_json(struct json *, const void *alert, const void *unused);
/* The size and time to exhaustion now of the alerts still open, from
 * the values of the newest moment (values_at). */
void	alerts_live(struct store_alert *, size_t n, const struct store_value *,
	    size_t nv);
/* Who holds the alert's growth, as its trace found, in words ("held
 * by SITE, PROC (94% of the growth in a 30s trace)"); "" if untraced. */
char	*alert_holder(char *buf, size_t len, const struct store_alert *);

#endif
