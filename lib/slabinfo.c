#include <stdlib.h>
#include <string.h>

#include "slabinfo.h"
#include "text.h"
#include "xmem.h"

#define MAX_WORDS	64
#define MAX_SECTIONS	8

/* Where each column we need sits, learnt from the "# name ..." header. */
struct layout {
	size_t		nsect;
	struct span	sect[MAX_SECTIONS];	/* section names; [0] unused */
	size_t		ncol[MAX_SECTIONS];
	int		active_objs, num_objs, objsize, pagesperslab;
	int		slabdata, num_slabs;	/* section, column */
};

static int
is_colon(struct span w)
{
	return w.len == 1 && w.p[0] == ':';
}

static int
words(struct span line, struct span *w, size_t max)
{
	size_t n = 0;

	while (n < max && text_next_word(&line, &w[n]))
		n++;
	return text_next_word(&line, &w[0]) ? -1 : (int)n;
}

static int
column(struct span w, const char *name)
{
	return w.len == strlen(name) + 2 && w.p[0] == '<' &&
	    memcmp(w.p + 1, name, w.len - 2) == 0 && w.p[w.len - 1] == '>';
}

static int
layout_parse(struct span line, struct layout *l, char **cause)
{
	struct span w[MAX_WORDS];
	int n = words(line, w, MAX_WORDS), i;
	size_t s = 0, c = 0;

	memset(l, 0, sizeof *l);
	l->active_objs = l->num_objs = l->objsize = l->pagesperslab = -1;
	l->slabdata = l->num_slabs = -1;
	if (n < 2 || !text_eq(w[0], "#") || !text_eq(w[1], "name"))
		goto bad;
	for (i = 2; i < n; i++) {
		if (is_colon(w[i])) {
			l->ncol[s] = c;
			if (++s == MAX_SECTIONS || ++i == n)
				goto bad;
			l->sect[s] = w[i];
			c = 0;
			continue;
		}
		if (s == 0) {
			if (column(w[i], "active_objs"))
				l->active_objs = (int)c;
			else if (column(w[i], "num_objs"))
				l->num_objs = (int)c;
			else if (column(w[i], "objsize"))
				l->objsize = (int)c;
			else if (column(w[i], "pagesperslab"))
				l->pagesperslab = (int)c;
		} else if (text_eq(l->sect[s], "slabdata") &&
		    column(w[i], "num_slabs")) {
			l->slabdata = (int)s;
			l->num_slabs = (int)c;
		}
		c++;
	}
	l->ncol[s] = c;
	l->nsect = s + 1;
	if (l->active_objs < 0 || l->num_objs < 0 || l->objsize < 0 ||
	    l->pagesperslab < 0 || l->num_slabs < 0)
		goto bad;
	return 0;
bad:
	xasprintf(cause, "slabinfo header not understood: \"%.*s\"",
	    (int)(line.len > 80 ? 80 : line.len), line.p);
	return -1;
}

/* One cache's line into *sc: 0, or -1 with *why and *sc untouched (the
 * slot may hold a cache whose line comes next, as it was). */
static int
cache_parse(struct span line, const struct layout *l, struct slab_cache *sc,
    const char **why)
{
	struct span w[MAX_WORDS];
	uint64_t v[5] = { 0 }, slabs = 0, pages, bytes;
	int n = words(line, w, MAX_WORDS), i, first, namewords;
	size_t s, c, namelen;

	*why = "it does not match the header";
	/* Section 0 is the name (which may hold blanks) and ncol[0] numbers. */
	for (first = 0; first < n && !is_colon(w[first]); first++)
		;
	namewords = first - (int)l->ncol[0];
	if (namewords < 1)
		return -1;
	for (i = namewords; i < first; i++) {
		int col = i - namewords;
		uint64_t x;

		if (text_u64(w[i], &x) == -1)
			return -1;
		if (col == l->active_objs) v[0] = x;
		else if (col == l->num_objs) v[1] = x;
		else if (col == l->objsize) v[2] = x;
		else if (col == l->pagesperslab) v[3] = x;
	}
	for (s = 1, i = first; s < l->nsect; s++) {
		if (i + 1 >= n || !is_colon(w[i]) ||
		    w[i + 1].len != l->sect[s].len ||
		    memcmp(w[i + 1].p, l->sect[s].p, w[i + 1].len) != 0)
			return -1;
		i += 2;
		for (c = 0; c < l->ncol[s]; c++, i++) {
			uint64_t x;

			if (i >= n || text_u64(w[i], &x) == -1)
				return -1;
			if ((int)s == l->slabdata && (int)c == l->num_slabs)
				slabs = x;
		}
	}
	if (i != n)
		return -1;
	namelen = (size_t)(w[namewords - 1].p + w[namewords - 1].len - w[0].p);
	if (namelen >= SLAB_NAME_MAX) {
		*why = "a cache name longer than 63 bytes";
		return -1;
	}
	if (__builtin_mul_overflow(slabs, v[3], &pages) ||
	    __builtin_mul_overflow(v[0], v[2], &bytes) ||
	    pages > TEXT_PAGES_MAX || bytes > TEXT_BYTES_MAX) {
		*why = "more memory than 63 bits of bytes hold";
		return -1;
	}
	memcpy(sc->name, w[0].p, namelen);
	sc->name[namelen] = '\0';
	sc->active_objs = v[0];
	sc->num_objs = v[1];
	sc->objsize = v[2];
	sc->pages = pages;
	sc->active_bytes = bytes;
	sc->instances = 1;
	return 0;
}

static int
cache_cmp(const void *a, const void *b)
{
	return strcmp(((const struct slab_cache *)a)->name,
	    ((const struct slab_cache *)b)->name);
}

/* b's counts added to a's, unless a sum would not fit. */
static int
cache_add(struct slab_cache *a, const struct slab_cache *b)
{
	struct slab_cache sum = *a;

	if (__builtin_add_overflow(a->active_objs, b->active_objs,
	    &sum.active_objs) ||
	    __builtin_add_overflow(a->num_objs, b->num_objs, &sum.num_objs) ||
	    __builtin_add_overflow(a->pages, b->pages, &sum.pages) ||
	    __builtin_add_overflow(a->active_bytes, b->active_bytes,
	    &sum.active_bytes) ||
	    sum.pages > TEXT_PAGES_MAX || sum.active_bytes > TEXT_BYTES_MAX)
		return -1;
	sum.objsize = b->objsize;
	sum.instances++;
	*a = sum;
	return 0;
}

/* b's counts into a, a cache of the same name; a sum that would not fit
 * keeps a: skipped, as b's line would be. */
static void
cache_fold(void *a, const void *b, void *si)
{
	if (cache_add(a, b) == -1)
		text_skip(&((struct slabinfo *)si)->skipped, 0, "caches named "
		    "\"%s\" sum to more than 63 bits hold",
		    ((struct slab_cache *)a)->name);
}

/* Did every cache land in a slot of the last sort, and in order?  Then
 * the slots are filled, each once, and no name is repeated. */
static int
in_slots(const struct slabinfo *si)
{
	size_t i;

	if (si->n != si->nslot || si->n == 0)
		return 0;
	for (i = 1; i < si->n; i++)
		if (cache_cmp(&si->c[i - 1], &si->c[i]) >= 0)
			return 0;
	return 1;
}

/* Sort and fold by name, and learn each cache's slot for the next parse
 * (none when names repeat: the folded caches have one slot between them). */
static void
sort_slots(struct slabinfo *si)
{
	size_t n = si->n, i;

	si->n = xfold(si->c, n, sizeof *si->c, cache_cmp, cache_fold, si);
	si->nslot = 0;
	if (si->n != n || n == 0)
		return;
	si->slot = xreallocarray(si->slot, n, sizeof *si->slot);
	for (i = 0; i < n; i++)
		si->slot[si->c[i].nth] = (unsigned)i;
	si->nslot = n;
}

/* Is line, the next cache's, the one its slot's cache was parsed from
 * (byte for byte the last parse's line there, under the same header)?
 * The slots are those of the last parse's caches, each from one line. */
static int
as_last(const struct slabinfo *si, struct span line, int same_header)
{
	const struct slab_line *at = &si->line[si->n];

	return same_header && si->n < si->nslot && at->len == line.len &&
	    memcmp(si->last + at->off, line.p, line.len) == 0;
}

/* The caches' lines of text into si->c: each into the slot the last sort
 * gave its place in the list, while there is one (si->nslot), where a
 * line as it was in the last parse finds its cache already (as_last);
 * else in the order listed.  Where each line lies in text is kept for
 * the next parse. */
static void
parse_caches(const char *text, struct span rest, const struct layout *l,
    struct slabinfo *si, int same_header)
{
	struct span line;
	const char *why;
	int lineno = 2;

	si->n = 0;
	memset(&si->skipped, 0, sizeof si->skipped);
	while (text_next_line(&rest, &line)) {
		struct slab_cache *sc;

		lineno++;
		if (line.len == 0)
			continue;
		if (si->n == si->cap) {
			si->cap = si->cap ? si->cap * 2 : 256;
			si->c = xreallocarray(si->c, si->cap, sizeof *si->c);
			si->line = xreallocarray(si->line, si->cap,
			    sizeof *si->line);
		}
		sc = &si->c[si->n < si->nslot ? si->slot[si->n] : si->n];
		if (!as_last(si, line, same_header) &&
		    cache_parse(line, l, sc, &why) == -1) {
			text_skip(&si->skipped, lineno, "%s: \"%.*s\"", why,
			    (int)(line.len > 48 ? 48 : line.len), line.p);
			continue;
		}
		sc->nth = (unsigned)si->n;
		si->line[si->n].off = (size_t)(line.p - text);
		si->line[si->n].len = line.len;
		si->n++;
	}
}

/* Keep text as the last parse's, its lines where parse_caches put
 * them. */
static void
keep_text(struct slabinfo *si, const char *text, size_t len)
{
	if (len > si->last_cap) {
		si->last_cap = len;
		si->last = xreallocarray(si->last, si->last_cap, 1);
	}
	memcpy(si->last, text, len);
	si->last_len = len;
}

int
slabinfo_parse(const char *buf, size_t len, struct slabinfo *si, char **cause)
{
	struct span rest = { buf, len }, line;
	struct layout l;
	size_t head;
	int same_header;

	si->n = 0;
	si->statistics = 0;
	memset(&si->skipped, 0, sizeof si->skipped);
	if (!text_next_line(&rest, &line) ||
	    !text_has_prefix(line, "slabinfo - version: ")) {
		xasprintf(cause, "not slabinfo text: no version line");
		return -1;
	}
	if (text_eq(line, "slabinfo - version: 2.1 (statistics)"))
		si->statistics = 1;
	else if (!text_eq(line, "slabinfo - version: 2.1")) {
		xasprintf(cause, "slabinfo \"%.*s\" is not a version this "
		    "build understands (2.1)", (int)(line.len > 60 ? 60 :
		    line.len), line.p);
		return -1;
	}
	if (!text_next_line(&rest, &line)) {
		xasprintf(cause, "slabinfo has no column header");
		return -1;
	}
	if (layout_parse(line, &l, cause) == -1)
		return -1;
	/* the lines of the last parse mean the same only under its header */
	head = (size_t)(rest.p - buf);
	same_header = si->last_len >= head && memcmp(si->last, buf, head) == 0;
	parse_caches(buf, rest, &l, si, same_header);
	if (!in_slots(si)) {
		if (si->nslot > 0) {	/* a cache came, went, moved or was
					   skipped: in the order listed */
			si->nslot = 0;
			parse_caches(buf, rest, &l, si, 0);
		}
		sort_slots(si);
	}
	keep_text(si, buf, len);
	return 0;
}

static int
name_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct slab_cache *)elem)->name);
}

const struct slab_cache *
slabinfo_find(const struct slabinfo *si, const char *name)
{
	return si->n == 0 ? NULL :
	    xbsearch(name, si->c, si->n, sizeof *si->c, name_cmp);
}

void
slabinfo_free(struct slabinfo *si)
{
	free(si->c);
	free(si->slot);
	free(si->last);
	free(si->line);
	memset(si, 0, sizeof *si);
}
