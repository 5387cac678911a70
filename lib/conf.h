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
	int64_t		 interval;		/* meminfo + slabinfo, seconds */
	int64_t		 vmalloc_interval;
	int64_t		 window;		/* shortest fit window */
	double		 min_growth;		/* bytes per hour */
	int64_t		 retention;		/* raw samples */
	int64_t		 rollup_retention;	/* hourly roll-ups */
	int		 attribution;		/* trace a cache when its
						   alert opens */
	int64_t		 attribution_duration;	/* seconds traced */
	int64_t		 attribution_period;	/* at most once per series
						   in this long */
	char		*metrics_listen;	/* "off" or ADDR:PORT */
};

void	conf_defaults(struct conf *);
/* Read path over *c; -1 with *cause = "path:line: reason". */
int	conf_load(struct conf *, const char *path, char **cause);
/* Cross-key checks, after command-line overrides. */
int	conf_check(const struct conf *, char **cause);
/* In the file's own syntax, so that -p output is a valid config. */
void	conf_print(FILE *, const struct conf *);
void	conf_free(struct conf *);

#endif
