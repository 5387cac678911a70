#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "trouble.h"

void
trouble_say(struct trouble *t, char *cause)
{
	if (t->cause == NULL || strcmp(t->cause, cause) != 0)
		log_warnx("%s", cause);
	free(t->cause);
	t->cause = cause;
}

void
trouble_gone(struct trouble *t)
{
	if (t->cause == NULL)
		return;
	log_info("%s: working again", t->what);
	trouble_free(t);
}

void
trouble_free(struct trouble *t)
{
	free(t->cause);
	t->cause = NULL;
}
