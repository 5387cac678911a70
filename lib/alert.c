#include <string.h>

#include "alert.h"

enum alert_event
alert_step(struct alert *a, const struct alert_rules *r, int64_t now,
    int leak, int growing)
{
	switch (a->state) {
	case ALERT_QUIET:
		if (!leak)
			return AE_NONE;
		a->state = ALERT_SUSPECTED;
		a->hits = 0;
		a->first_hit = now;
		/* FALLTHROUGH */
	case ALERT_SUSPECTED:
		if (!leak) {
			a->state = ALERT_QUIET;
			return AE_NONE;
		}
		if (++a->hits < r->confirmations && (a->hits < 2 ||
		    now - a->first_hit < r->confirm_span))
			return AE_NONE;
		alert_open(a, r, now, now);
		return AE_OPENED;
	case ALERT_OPEN:
		if (leak || growing) {
			a->calm_since = -1;
			if (now - a->last_notice < a->reminder)
				return AE_NONE;
			a->last_notice = now;
			a->reminder = a->reminder * 2 > r->reminder_max ?
			    r->reminder_max : a->reminder * 2;
			return AE_REMINDER;
		}
		if (a->calm_since == -1)
			a->calm_since = now;
		if (now - a->calm_since < r->resolve_after)
			return AE_NONE;
		return alert_reset(a);
	}
	return AE_NONE;
}

void
alert_open(struct alert *a, const struct alert_rules *r, int64_t opened_at,
    int64_t last_notice)
{
	a->state = ALERT_OPEN;
	a->opened_at = opened_at;
	a->last_notice = last_notice;
	a->calm_since = -1;
	a->reminder = r->reminder;
}

enum alert_event
alert_reset(struct alert *a)
{
	int was_open = a->state == ALERT_OPEN;
	int64_t opened_at = a->opened_at;

	memset(a, 0, sizeof *a);
	a->opened_at = opened_at;	/* for the resolution's notice */
	return was_open ? AE_RESOLVED : AE_NONE;
}
