#include <stdlib.h>
#include <string.h>

#include "meminfo.h"
#include "text.h"
#include "xmem.h"

/* One "Key: number [kB]" line into *f: 0; 1 for a unit we do not know
 * (skipped, never guessed); -1 with *why for a line we cannot take. */
static int
meminfo_line(struct span line, struct meminfo_field *f, const char **why)
{
	const char *colon = memchr(line.p, ':', line.len);
	struct span rest, num, unit;
	size_t i, klen;

	*why = "expected \"Key: number [kB]\"";
	if (colon == NULL || colon == line.p)
		return -1;
	if ((klen = (size_t)(colon - line.p)) >= MEMINFO_KEY_MAX) {
		*why = "a key longer than 31 bytes";
		return -1;
	}
	for (i = 0; i < klen; i++)
		if (line.p[i] <= ' ' || line.p[i] > '~') {
			*why = "a key with a blank, control or non-ASCII byte";
			return -1;
		}
	memcpy(f->key, line.p, klen);
	f->key[klen] = '\0';
	rest.p = colon + 1;
	rest.len = line.len - klen - 1;
	if (!text_next_word(&rest, &num) || text_u64(num, &f->value) == -1)
		return -1;
	if (!text_next_word(&rest, &unit)) {
		f->is_bytes = 0;
		return 0;
	}
	if (!text_eq(unit, "kB") || text_next_word(&rest, &unit))
		return 1;
	if (f->value > TEXT_BYTES_MAX / 1024) {
		*why = "more bytes than 63 bits hold";
		return -1;
	}
	f->value *= 1024;
	f->is_bytes = 1;
	return 0;
}

int
meminfo_parse(const char *buf, size_t len, struct meminfo *mi, char **cause)
{
	struct span rest = { buf, len }, line;
	struct meminfo_field got;
	uint64_t v;
	const char *why;
	size_t last = mi->n;	/* keys of the last parse, still in mi->f */
	int lineno = 0, r, as_last = 1;

	mi->n = 0;
	memset(&mi->skipped, 0, sizeof mi->skipped);
	while (text_next_line(&rest, &line)) {
		lineno++;
		if (line.len == 0)
			continue;
		/* The kernel prints its keys in one order.  While each key
		 * stands where the last parse (which kept none twice) had
		 * it, it repeats none before it; from the first that does
		 * not, each is looked for among those kept. */
		if ((r = meminfo_line(line, &got, &why)) == 0) {
			as_last = as_last && mi->n < last &&
			    strcmp(mi->f[mi->n].key, got.key) == 0;
			if (!as_last && meminfo_get(mi, got.key, &v) == 0) {
				why = "a key given twice (the first is kept)";
				r = -1;
			}
		}
		if (r == -1)
			text_skip(&mi->skipped, lineno, "%s: \"%.*s\"", why,
			    (int)(line.len > 48 ? 48 : line.len), line.p);
		if (r != 0)
			continue;
		if (mi->n == mi->cap) {
			mi->cap = mi->cap ? mi->cap * 2 : 64;
			mi->f = xreallocarray(mi->f, mi->cap, sizeof *mi->f);
		}
		mi->f[mi->n++] = got;
	}
	if (meminfo_get(mi, "MemTotal", &v) == -1) {
		xasprintf(cause, "meminfo has no MemTotal line");
		return -1;
	}
	return 0;
}

int
meminfo_get(const struct meminfo *mi, const char *key, uint64_t *value)
{
	size_t i;

	for (i = 0; i < mi->n; i++) {
		if (strcmp(mi->f[i].key, key) == 0) {
			*value = mi->f[i].value;
			return 0;
		}
	}
	return -1;
}

void
meminfo_free(struct meminfo *mi)
{
	free(mi->f);
	mi->f = NULL;
	mi->n = mi->cap = 0;
}
