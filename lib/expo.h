/* expo: writing the Prometheus text exposition format (0.0.4), or
 * OpenMetrics 1.0 text, family by family.  Pure: the caller says what
 * the families hold; this says it in either format, escaped. */
#ifndef MLK_EXPO_H
#define MLK_EXPO_H

#include <stdio.h>

enum expo_type { EXPO_GAUGE, EXPO_COUNTER, EXPO_INFO };

struct expo {
	FILE		*f;
	int		 om;		/* OpenMetrics */
	char		 sample[128];	/* the current family's sample name */
};

/* The Content-Type of each. */
#define EXPO_TEXT_TYPE	"text/plain; version=0.0.4; charset=utf-8"
#define EXPO_OM_TYPE	"application/openmetrics-text; version=1.0.0; " \
			"charset=utf-8"

/* Does an Accept header ask for OpenMetrics? */
int	expo_wants_om(const char *accept);
void	expo_begin(struct expo *, FILE *, int openmetrics);
/* A family, named as its samples are but for a counter's _total or an
 * info's _info; unit ("bytes", "seconds") ends the name, or NULL. */
void	expo_family(struct expo *, const char *name, enum expo_type,
	    const char *unit, const char *help);
/* A sample of the current family: label names and values in pairs,
 * ended by NULL. */
void	expo_sample(struct expo *, double value, ...)
	    __attribute__((sentinel));
/* OpenMetrics' "# EOF". */
void	expo_end(struct expo *);

#endif
