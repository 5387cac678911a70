/* The daemon's attribution queue on this machine's tracefs (root): the
 * trace under way goes on, then those waiting by growth, fastest first. */
#include <sys/prctl.h>

#include "attribution.h"
#include "t.h"

#define NTRACE	4

struct order {
	struct event_base *base;
	char		 series[NTRACE][SERIES_MAX];
	char		 error[NTRACE][256];
	int		 n;
};

static void
traced_cb(const struct store_attribution *r, void *arg)
{
	struct order *o = arg;

	if (o->n < NTRACE) {
		snprintf(o->series[o->n], sizeof o->series[0], "%s", r->series);
		snprintf(o->error[o->n], sizeof o->error[0], "%s", r->error);
	}
	if (++o->n == NTRACE)
		event_base_loopexit(o->base, NULL);
}

static void
fastest_waits_least(void)
{
	struct timeval limit = { 30, 0 };
	struct order o = { .n = 0 };
	struct procfs *pf = procfs_new("/proc", "/sys");
	struct attribution *at;
	int i;

	/* Another mlk run removes the instances of processes whose name
	 * is not mlk's: ours is traced while that run may start. */
	prctl(PR_SET_NAME, "mlk-test-attrib");
	o.base = event_base_new();
	at = attribution_new(o.base, pf, traced_cb, &o);
	CHECK_I64(attribution_queue(at, "slab:kmalloc-64", 64, 1, 1e6), 0);
	CHECK_STR(o.error[0], "");	/* it started */
	CHECK_I64(attribution_queue(at, "slab:kmalloc-128", 128, 1, 1e6), 1);
	CHECK_I64(attribution_queue(at, "slab:kmalloc-256", 256, 1, 1e9), 1);
	/* As fast: after it, in the order they came. */
	CHECK_I64(attribution_queue(at, "slab:kmalloc-512", 512, 1, 1e9), 2);
	event_base_loopexit(o.base, &limit);
	event_base_dispatch(o.base);
	attribution_free(at);
	event_base_free(o.base);
	procfs_free(pf);
	CHECK_I64(o.n, NTRACE);
	for (i = 0; i < NTRACE; i++)
		CHECK_STR(o.error[i], "");
	CHECK_STR(o.series[0], "slab:kmalloc-64");
	CHECK_STR(o.series[1], "slab:kmalloc-256");
	CHECK_STR(o.series[2], "slab:kmalloc-512");
	CHECK_STR(o.series[3], "slab:kmalloc-128");
}

T_MAIN("attribution", T(fastest_waits_least))
