#include <stdlib.h>
#include <string.h>

#include "meminfo.h"
#include "text.h"
#include "xmem.h"

static int
meminfo_line(struct span line, struct meminfo_field *f)
{
	const char *colon = memchr(line.p, ':', line.len);
	struct span rest, num, unit;

	if (colon == NULL || colon == line.p ||
	    (size_t)(colon - line.p) >= MEMINFO_KEY_MAX)
		return -1;
	memcpy(f->key, line.p, (size_t)(colon - line.p));
	f->key[colon - line.p] = '\0';
	rest.p = colon + 1;
	rest.len = line.len - (size_t)(colon - line.p) - 1;
	if (!text_next_word(&rest, &num) || text_u64(num, &f->value) == -1)
		return -1;
	if (!text_next_word(&rest, &unit)) {
		f->is_bytes = 0;
		return 0;
	}
	if (!text_eq(unit, "kB") || text_next_word(&rest, &unit))
		return 1;	/* a unit we do not know: skip, never guess */
	if (f->value > UINT64_MAX / 1024)
		return -1;
	f->value *= 1024;
	f->is_bytes = 1;
	return 0;
}

int
meminfo_parse(const char *buf, size_t len, struct meminfo *mi, char **cause)
{
	struct span rest = { buf, len }, line;
	uint64_t total;
	int lineno = 0, r;

	mi->n = 0;
	while (text_next_line(&rest, &line)) {
		lineno++;
		if (line.len == 0)
			continue;
		if (mi->n == mi->cap) {
			mi->cap = mi->cap ? mi->cap * 2 : 64;
			mi->f = xreallocarray(mi->f, mi->cap, sizeof *mi->f);
		}
		r = meminfo_line(line, &mi->f[mi->n]);
		if (r == -1) {
			xasprintf(cause, "meminfo line %d: expected "
			    "\"Key: number [kB]\", got \"%.*s\"", lineno,
			    (int)(line.len > 60 ? 60 : line.len), line.p);
			return -1;
		}
		if (r == 0)
			mi->n++;
	}
	if (meminfo_get(mi, "MemTotal", &total) == -1) {
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
