/* query: what mlk-query's commands share.  Each command parses its own
 * arguments with getopt, made ready by main (argv[0] is its name), and
 * returns the exit status. */
#ifndef MLK_QUERY_H
#define MLK_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "json.h"
#include "store.h"

#define STATUS_WINDOW	(2 * 3600)	/* the growth status and vmalloc show */

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

int	cmd_status(struct query *, int, char **);
int	cmd_alerts(struct query *, int, char **);
int	cmd_history(struct query *, int, char **);
int	cmd_top(struct query *, int, char **);
int	cmd_vmalloc(struct query *, int, char **);
int	cmd_diff(struct query *, int, char **);
int	cmd_snapshot(struct query *, int, char **);
int	cmd_attribute(struct query *, int, char **);

#endif
