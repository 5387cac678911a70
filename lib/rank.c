#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rank.h"
#include "trend.h"
#include "xmem.h"

/* One series' points, gathered from store_scan. */
struct gather {
	char		 name[SERIES_MAX];
	double		*t, *y;
	size_t		 n, cap;
};

struct scan {
	struct gather	**g;		/* sorted by name */
	size_t		 n, cap;
	const char	*prefix;
	int64_t		 newest;
};

static int
gather_cmp(const void *key, const void *elem)
{
	return strcmp(key, (*(struct gather *const *)elem)->name);
}

static struct gather *
gather_get(struct scan *sc, const char *name)
{
	struct gather **hit, *g;
	size_t lo = 0, hi = sc->n, mid;

	hit = xbsearch(name, sc->g, sc->n, sizeof *sc->g, gather_cmp);
	if (hit != NULL)
		return *hit;
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (strcmp(sc->g[mid]->name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (sc->n == sc->cap) {
		sc->cap = sc->cap ? sc->cap * 2 : 256;
		sc->g = xreallocarray(sc->g, sc->cap, sizeof *sc->g);
	}
	g = xcalloc(1, sizeof *g);
	snprintf(g->name, sizeof g->name, "%s", name);
	memmove(&sc->g[lo + 1], &sc->g[lo], (sc->n - lo) * sizeof *sc->g);
	sc->g[lo] = g;
	sc->n++;
	return g;
}

static void
gather_cb(const char *series, int64_t time, int64_t bytes, void *arg)
{
	struct scan *sc = arg;
	struct gather *g;

	if (sc->prefix != NULL &&
	    strncmp(series, sc->prefix, strlen(sc->prefix)) != 0)
		return;
	g = gather_get(sc, series);
	if (g->n > 0 && (double)(time - sc->newest) / 3600 <= g->t[g->n - 1])
		return;			/* the clock stepped back */
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 64;
		g->t = xreallocarray(g->t, g->cap, sizeof *g->t);
		g->y = xreallocarray(g->y, g->cap, sizeof *g->y);
	}
	g->t[g->n] = (double)(time - sc->newest) / 3600;
	g->y[g->n++] = (double)bytes;
}

static int
by_slope_desc(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	return (x->slope < y->slope) - (x->slope > y->slope);
}

int
rank_growth(struct store *st, int64_t window, const char *prefix,
    struct ranked **out, size_t *n, int64_t *newest, char **cause)
{
	struct scan sc = { .prefix = prefix };
	struct store_newest nw;
	struct fit f;
	size_t i;
	int rc;

	*out = NULL;
	*n = 0;
	if (store_newest(st, &nw, cause) == -1)
		return -1;
	if ((*newest = nw.time) == -1)
		return 0;
	sc.newest = *newest;
	rc = store_scan(st, nw.boot_id, *newest - window, gather_cb, &sc,
	    cause);
	if (rc == 0) {
		*out = xcalloc(sc.n + 1, sizeof **out);
		for (i = 0; i < sc.n; i++) {
			struct gather *g = sc.g[i];
			struct ranked *r = &(*out)[*n];

			if (trend_fit(g->t, g->y, g->n, &f) == -1)
				continue;
			snprintf(r->series, sizeof r->series, "%s", g->name);
			r->bytes = (int64_t)g->y[g->n - 1];
			r->slope = f.slope;
			r->confidence = f.confidence;
			r->points = g->n;
			r->span = (int64_t)((g->t[g->n - 1] - g->t[0]) * 3600 +
			    0.5);
			(*n)++;
		}
		xqsort(*out, *n, sizeof **out, by_slope_desc);
	}
	for (i = 0; i < sc.n; i++) {
		free(sc.g[i]->t);
		free(sc.g[i]->y);
		free(sc.g[i]);
	}
	free(sc.g);
	return rc;
}
