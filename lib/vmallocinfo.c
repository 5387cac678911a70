#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "vmallocinfo.h"
#include "xmem.h"

/* A new sum named name (cut to fit), at slot `at` of the n in *v. */
static struct vmalloc_sum *
sum_insert(struct vmalloc_sum **v, size_t *n, size_t *cap, size_t at,
    struct span name)
{
	struct vmalloc_sum *s;

	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*v = xreallocarray(*v, *cap, sizeof **v);
	}
	s = &(*v)[at];
	memmove(s + 1, s, (*n - at) * sizeof *s);
	(*n)++;
	memset(s, 0, sizeof *s);
	name.len = text_cut_utf8(name.p, name.len, VMALLOC_NAME_MAX - 1);
	memcpy(s->name, name.p, name.len);
	return s;
}

/* The sum of a caller, made in its place by name if there is none yet:
 * callers are summed as their lines come, not kept a sum per line to fold
 * (120 bytes an area, 6 MiB on a machine of 50,000 areas). */
static struct vmalloc_sum *
caller_get(struct vmallocinfo *vi, struct span name)
{
	char key[VMALLOC_NAME_MAX];
	size_t lo = 0, hi = vi->ncaller, mid;
	size_t len = text_cut_utf8(name.p, name.len, VMALLOC_NAME_MAX - 1);
	int r;

	memcpy(key, name.p, len);
	key[len] = '\0';
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if ((r = strcmp(vi->caller[mid].name, key)) == 0)
			return &vi->caller[mid];
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return sum_insert(&vi->caller, &vi->ncaller, &vi->capcaller, lo, name);
}

/* s += (bytes, areas, pages), unless a sum would not fit. */
static int
sum_add(struct vmalloc_sum *s, uint64_t bytes, uint64_t areas,
    uint64_t pages)
{
	struct vmalloc_sum sum = *s;

	if (__builtin_add_overflow(s->bytes, bytes, &sum.bytes) ||
	    __builtin_add_overflow(s->areas, areas, &sum.areas) ||
	    __builtin_add_overflow(s->pages, pages, &sum.pages) ||
	    sum.bytes > TEXT_BYTES_MAX || sum.pages > TEXT_PAGES_MAX)
		return -1;
	*s = sum;
	return 0;
}

/* The sum of a type word; NULL if none yet. */
static struct vmalloc_sum *
type_find(struct vmallocinfo *vi, struct span word)
{
	size_t i;

	for (i = 0; i < vi->ntype; i++)
		if (text_eq(word, vi->type[i].name))
			return &vi->type[i];
	return NULL;
}

static int
is_type_word(struct span w)
{
	size_t i;

	for (i = 0; i < w.len; i++)
		if (!((w.p[i] >= 'a' && w.p[i] <= 'z') || w.p[i] == '-' ||
		    w.p[i] == '_'))
			return 0;
	return w.len > 0;
}

/* One area: "0xA-0xB SIZE [caller] [pages=N] [phys=P] [types] [Nn=m]":
 * 0, or -1 with *why (then nothing of it is counted). */
static int
area_parse(struct vmallocinfo *vi, struct span line, const char **why)
{
	static const struct span map_ram = { "[vm_map_ram]", 12 };
	static const struct span unpurged = { "[unpurged]", 10 };
	static const struct span unknown = { "[unknown]", 9 };
	struct span w, caller = unknown;
	struct span types[8];
	struct vmalloc_sum *c, total;
	uint64_t size, pages = 0;
	size_t ntypes = 0, i;
	int is_vmalloc = 0;
	const char *plus;

	*why = "not \"0xA-0xB SIZE caller pages=N type...\"";
	if (!text_next_word(&line, &w) || !text_has_prefix(w, "0x") ||
	    memchr(w.p, '-', w.len) == NULL)
		return -1;
	if (!text_next_word(&line, &w) || text_u64(w, &size) == -1)
		return -1;
	if (text_next_word(&line, &w)) {
		if (text_eq(w, "vm_map_ram")) {
			caller = map_ram;
			w.len = 0;
		} else if (text_eq(w, "unpurged")) {
			caller = unpurged;
			w.len = 0;
			line.len = 0;		/* "unpurged vm_area" */
		} else if ((plus = memchr(w.p, '+', w.len)) != NULL &&
		    plus > w.p) {
			caller.p = w.p;
			caller.len = (size_t)(plus - w.p);
			w.len = 0;
		} else if (text_has_prefix(w, "0x")) {
			w.len = 0;		/* an address: not kept */
		}
	}
	/* The remaining words: a module "[mod]", key=value fields, types. */
	do {
		if (w.len == 0 || w.p[0] == '[')
			continue;
		if (text_has_prefix(w, "pages=")) {
			struct span n = { w.p + 6, w.len - 6 };

			if (text_u64(n, &pages) == -1)
				return -1;
		} else if (memchr(w.p, '=', w.len) != NULL) {
			continue;		/* phys=, N0=: not ours */
		} else if (is_type_word(w) &&
		    ntypes < sizeof types / sizeof types[0]) {
			if (w.len >= VMALLOC_NAME_MAX) {
				*why = "a type word longer than 95 bytes";
				return -1;
			}
			types[ntypes++] = w;
			if (text_eq(w, "vmalloc"))
				is_vmalloc = 1;
		} else
			return -1;
	} while (text_next_word(&line, &w));

	/* Counted only once every sum it joins is known to hold it. */
	*why = "more memory than 63 bits of bytes hold";
	total = (struct vmalloc_sum){ .bytes = vi->bytes, .areas = vi->areas,
	    .pages = vi->vmalloc_pages };
	if (size > TEXT_BYTES_MAX || pages > TEXT_PAGES_MAX ||
	    sum_add(&total, size, 1, is_vmalloc ? pages : 0) == -1)
		return -1;
	for (i = 0; i < ntypes; i++) {
		struct vmalloc_sum t = { .bytes = 0 };

		if ((c = type_find(vi, types[i])) != NULL)
			t = *c;
		if (sum_add(&t, size, 1, 0) == -1)
			return -1;
	}
	for (i = 0; i < ntypes; i++) {
		if ((c = type_find(vi, types[i])) == NULL)
			c = sum_insert(&vi->type, &vi->ntype, &vi->captype,
			    vi->ntype, types[i]);
		sum_add(c, size, 1, 0);
	}
	vi->bytes = total.bytes;
	vi->areas = total.areas;
	vi->vmalloc_pages = total.pages;
	/* a caller's sum that would not fit keeps what it had: this area
	 * is skipped there, as its line would be */
	c = caller_get(vi, caller);
	if (sum_add(c, size, 1, pages) == -1)
		text_skip(&vi->skipped, 0, "the areas of %s sum to more than "
		    "63 bits hold", c->name);
	return 0;
}

int
vmallocinfo_parse(const char *buf, size_t len, struct vmallocinfo *vi, char **cause)
{
	struct span rest = { buf, len }, line;
	const char *why;
	int lineno = 0;

	vi->ncaller = vi->ntype = 0;
	vi->bytes = vi->areas = vi->vmalloc_pages = 0;
	memset(&vi->skipped, 0, sizeof vi->skipped);
	while (text_next_line(&rest, &line)) {
		lineno++;
		if (line.len == 0)
			continue;
		if (area_parse(vi, line, &why) == -1) {
			struct span rest_of = line, addr;

			/* Quote it without the address range: a KASLR secret. */
			text_next_word(&rest_of, &addr);
			text_skip(&vi->skipped, lineno, "%s: \"...%.*s\"", why,
			    (int)(rest_of.len > 48 ? 48 : rest_of.len),
			    rest_of.p);
		}
	}
	if (vi->areas == 0 && vi->skipped.n > 0) {
		xasprintf(cause, "vmallocinfo: not one line understood (%s)",
		    vi->skipped.first);
		return -1;
	}
	return 0;
}

void
vmallocinfo_free(struct vmallocinfo *vi)
{
	free(vi->caller);
	free(vi->type);
	memset(vi, 0, sizeof *vi);
}
