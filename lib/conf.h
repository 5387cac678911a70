/* conf: the mlkd.conf file -> struct conf, with a default for every key.
 * Format: "key = value" lines, "#" comments, durations and rates with
 * units (see units.h).  An unknown key or bad value is an error. */
#ifndef MLK_CONF_H
#define MLK_CONF_H

#include <stdint.h>
#include <stdio.h>

/* Each third of the shortest window wants a sample. */
#define CONF_WINDOW_INTERVALS	3

struct conf {
	char		*db;
	int64_t		 interval;		/* seconds; the sources' periods */
	int64_t		 vmalloc_interval;
	int64_t		 process_interval;	/* processes' PSS */
	int		 process_top;		/* commands one by one */
	int64_t		 window;		/* shortest fit window */
	double		 min_growth;		/* bytes per hour */
	int64_t		 retention;		/* raw samples */
	int64_t		 rollup_retention;	/* hourly roll-ups */
	int		 attribution;		/* trace a cache when its
						   alert opens */
	int64_t		 attribution_duration;	/* seconds traced */
	int64_t		 attribution_period;	/* at most once per series
						   in this long */
	int64_t		 allocinfo_min;		/* bytes: the call sites
						   stored (lib/allocinfo) */
	/* The Prometheus endpoint: NULL when off; an IPv4 or IPv6 address
	 * as written, without brackets. */
	char		*metrics_addr;
	int		 metrics_port;
	int		 metrics_series_max;	/* series exported one by one */
	char		*metrics_include, *metrics_exclude;	/* POSIX EREs
						   on series names; NULL none */
	char		*interval_at, *window_at;	/* where each was set
						   ("path:line", "--interval");
						   NULL: the default */
};

void	conf_defaults(struct conf *);
/* Read path over *c; -1 with *cause = "path:line: reason". */
int	conf_load(struct conf *, const char *path, char **cause);
/* The same from an open file, named path in messages. */
int	conf_read(struct conf *, FILE *, const char *path, char **cause);
/* A key from the command line, as the file would set it (the same
 * bounds); -1 with *cause = "OPTION VALUE: reason". */
int	conf_override(struct conf *, const char *key, const char *value,
	    const char *option, char **cause);
/* After the file and the command line: a window not set follows the
 * interval (three of them at least); cross-key checks, naming where each
 * key was set and the fix. */
int	conf_finish(struct conf *, char **cause);
/* The period a source's table entry names by its key (interval,
 * vmalloc_interval), seconds; -1 if key is no period. */
int64_t	conf_period(const struct conf *, const char *key);
/* In the file's own syntax, so that -p output is a valid config. */
void	conf_print(FILE *, const struct conf *);
void	conf_free(struct conf *);
/* "ADDR:PORT" or "[ADDR]:PORT", numeric; -1 if not that. */
int	conf_listen_parse(const char *, char **addr, int *port);

#endif
