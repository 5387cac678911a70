/* trouble: a failure of the periodic path, said once per distinct cause
 * and again when it recovers, never every tick. */
#ifndef MLK_TROUBLE_H
#define MLK_TROUBLE_H

struct trouble {
	const char	*what;		/* "database", "slabinfo" */
	char		*cause;		/* NULL while it works */
};

/* It failed with cause (taken): logged unless it is the cause last said. */
void	trouble_say(struct trouble *, char *cause);
/* It worked: "WHAT: working again" if it had failed. */
void	trouble_gone(struct trouble *);
void	trouble_free(struct trouble *);

#endif
