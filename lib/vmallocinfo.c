#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "vmallocinfo.h"
#include "xmem.h"

static struct vmalloc_sum *
sum_push(struct vmalloc_sum **v, size_t *n, size_t *cap, struct span name)
{
	struct vmalloc_sum *s;

	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*v = xreallocarray(*v, *cap, sizeof **v);
	}
	s = &(*v)[(*n)++];
	memset(s, 0, sizeof *s);
	if (name.len >= VMALLOC_NAME_MAX)
		name.len = VMALLOC_NAME_MAX - 1;
	memcpy(s->name, name.p, name.len);
	return s;
}

static void
type_add(struct vmallocinfo *vi, struct span word, uint64_t bytes)
{
	struct vmalloc_sum *t;
	size_t i;

	for (i = 0; i < vi->ntype; i++) {
		if (text_eq(word, vi->type[i].name)) {
			vi->type[i].bytes += bytes;
			vi->type[i].areas++;
			return;
		}
	}
	t = sum_push(&vi->type, &vi->ntype, &vi->captype, word);
	t->bytes = bytes;
	t->areas = 1;
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

/* One area: "0xA-0xB SIZE [caller] [pages=N] [phys=P] [types] [Nn=m]". */
static int
area_parse(struct vmallocinfo *vi, struct span line)
{
	static const struct span map_ram = { "[vm_map_ram]", 12 };
	static const struct span unpurged = { "[unpurged]", 10 };
	static const struct span unknown = { "[unknown]", 9 };
	struct span w, caller = unknown;
	struct vmalloc_sum *c;
	uint64_t size, pages = 0;
	int is_vmalloc = 0;
	const char *plus;

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
		} else if (is_type_word(w)) {
			type_add(vi, w, size);
			if (text_eq(w, "vmalloc"))
				is_vmalloc = 1;
		} else
			return -1;
	} while (text_next_word(&line, &w));

	c = sum_push(&vi->caller, &vi->ncaller, &vi->capcaller, caller);
	c->bytes = size;
	c->areas = 1;
	c->pages = pages;
	vi->bytes += size;
	vi->areas++;
	if (is_vmalloc)
		vi->vmalloc_pages += pages;
	return 0;
}

static int
sum_cmp(const void *a, const void *b)
{
	return strcmp(((const struct vmalloc_sum *)a)->name,
	    ((const struct vmalloc_sum *)b)->name);
}

static void
merge_callers(struct vmallocinfo *vi)
{
	size_t i, o = 0;

	if (vi->ncaller == 0)
		return;
	xqsort(vi->caller, vi->ncaller, sizeof *vi->caller, sum_cmp);
	for (i = 1; i < vi->ncaller; i++) {
		struct vmalloc_sum *a = &vi->caller[o], *b = &vi->caller[i];

		if (strcmp(a->name, b->name) == 0) {
			a->bytes += b->bytes;
			a->areas += b->areas;
			a->pages += b->pages;
		} else if (++o != i)
			vi->caller[o] = *b;
	}
	vi->ncaller = o + 1;
}

int
vmallocinfo_parse(const char *buf, size_t len, struct vmallocinfo *vi, char **cause)
{
	struct span rest = { buf, len }, line;
	int lineno = 0;

	vi->ncaller = vi->ntype = 0;
	vi->bytes = vi->areas = vi->vmalloc_pages = 0;
	while (text_next_line(&rest, &line)) {
		lineno++;
		if (line.len == 0)
			continue;
		if (area_parse(vi, line) == -1) {
			struct span rest_of = line, addr;

			/* Quote it without the address range: a KASLR secret. */
			text_next_word(&rest_of, &addr);
			xasprintf(cause, "vmallocinfo line %d not understood: "
			    "\"...%.*s\"", lineno, (int)(rest_of.len > 80 ? 80 :
			    rest_of.len), rest_of.p);
			vi->ncaller = vi->ntype = 0;
			return -1;
		}
	}
	merge_callers(vi);
	return 0;
}

void
vmallocinfo_free(struct vmallocinfo *vi)
{
	free(vi->caller);
	free(vi->type);
	memset(vi, 0, sizeof *vi);
}
