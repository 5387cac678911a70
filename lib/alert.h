/*
 * alert: the state of one series' alert, stepped once per evaluation.
 * Pure: the caller decides what a leak is (lib/detect) and where events
 * go (the database, the journal).
 *
 *   quiet --leak--> suspected --leak x confirmations--> open
 *                    (or two verdicts confirm_span apart)
 *     ^                 |                                 |
 *     +---- no leak ----+    not growing for resolve_after +--> resolved
 *
 * Open alerts are re-announced at most every reminder, doubling up to
 * reminder_max: an alert is never a storm.
 */
#ifndef MLK_ALERT_H
#define MLK_ALERT_H

#include <stdint.h>

enum alert_state { ALERT_QUIET, ALERT_SUSPECTED, ALERT_OPEN };

/* AE_COMPANION is lib/detect's, never alert_step's: a series that began
 * to grow with an open alert joined it instead of opening its own. */
enum alert_event { AE_NONE, AE_OPENED, AE_REMINDER, AE_RESOLVED,
	AE_COMPANION };

struct alert_rules {
	int		 confirmations;	/* consecutive leak verdicts to open, */
	int64_t		 confirm_span;	/* or two spanning this many seconds
					   (verdicts minutes apart) */
	int64_t		 resolve_after;	/* seconds of no growth to resolve */
	int64_t		 reminder;	/* seconds to the first reminder */
	int64_t		 reminder_max;
};

struct alert {
	enum alert_state state;
	int		 hits;
	int64_t		 first_hit;
	int64_t		 opened_at, last_notice;
	int64_t		 calm_since;	/* no growth since; -1 while growing */
	int64_t		 reminder;	/* the current reminder period */
};

/*
 * One evaluation at time now: leak is the full verdict, growing the
 * weaker "still rising" that keeps an open alert open (hysteresis: an
 * alert opens on strong evidence and closes only on its absence).
 */
enum alert_event alert_step(struct alert *, const struct alert_rules *,
	    int64_t now, int leak, int growing);
/* Open, as if confirmed at opened_at and last announced at last_notice
 * (an alert restored from the database). */
void	alert_open(struct alert *, const struct alert_rules *,
	    int64_t opened_at, int64_t last_notice);
/* Back to quiet, resolving an open alert (its history ended: a reboot
 * freed its memory); opened_at stays, for the resolution's notice. */
enum alert_event alert_reset(struct alert *);

#endif
