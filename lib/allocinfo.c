#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "allocinfo.h"
#include "text.h"
#include "xmem.h"

#define VERSION_PREFIX	"allocinfo - version: "

/* A whole span as a signed decimal; -1 on anything else or overflow. */
static int
i64_parse(struct span w, int64_t *v)
{
	struct span digits = w;
	uint64_t u;

	if (w.len > 0 && w.p[0] == '-') {
		digits.p++;
		digits.len--;
	}
	if (digits.len == 0 || text_u64(digits, &u) == -1)
		return -1;
	if (digits.p == w.p) {
		if (u > (uint64_t)INT64_MAX)
			return -1;
		*v = (int64_t)u;
	} else {
		if (u > (uint64_t)INT64_MAX + 1)
			return -1;
		*v = u == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)u;
	}
	return 0;
}

/* "M.N" after the prefix: the major version, or -1. */
static int
version_major(struct span line)
{
	struct span v = { line.p + strlen(VERSION_PREFIX),
	    line.len - strlen(VERSION_PREFIX) };
	const char *dot = memchr(v.p, '.', v.len);
	struct span major, minor;
	uint64_t m, n;

	if (dot == NULL)
		return -1;
	major.p = v.p;
	major.len = (size_t)(dot - v.p);
	minor.p = dot + 1;
	minor.len = v.len - major.len - 1;
	if (text_u64(major, &m) == -1 || text_u64(minor, &n) == -1 ||
	    m > 1000)
		return -1;
	return (int)m;
}

static int
header_ok(struct span line)
{
	static const char *const words[] = {
		"#", "<size>", "<calls>", "<tag", "info>"
	};
	struct span w;
	size_t i;

	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		if (!text_next_word(&line, &w) || !text_eq(w, words[i]))
			return 0;
	return !text_next_word(&line, &w);
}

/* "FILE:LINE": a file and a decimal line number. */
static int
is_place(struct span w)
{
	struct span num;
	uint64_t n;
	size_t i;

	for (i = w.len; i > 0 && w.p[i - 1] != ':'; i--)
		;
	if (i < 2)
		return 0;
	num.p = w.p + i;
	num.len = w.len - i;
	return text_u64(num, &n) == 0;
}

static void
name_put(char *name, size_t *at, struct span w)
{
	size_t room = ALLOC_NAME_MAX - 1 - *at;

	if (*at > 0 && room > 0) {
		name[(*at)++] = ' ';
		room--;
	}
	w.len = w.len > room ? text_cut_utf8(w.p, w.len, room) : w.len;
	memcpy(name + *at, w.p, w.len);
	*at += w.len;
	name[*at] = '\0';
}

/* One call site's line into *s: 0, or -1 with *why. */
static int
site_parse(struct span line, int major, struct alloc_site *s,
    const char **why)
{
	struct span w, place, module = { NULL, 0 }, func;
	size_t at = 0;

	*why = "not \"SIZE CALLS FILE:LINE [MODULE] func:FUNCTION\"";
	memset(s, 0, sizeof *s);
	if (!text_next_word(&line, &w) || i64_parse(w, &s->bytes) == -1 ||
	    !text_next_word(&line, &w) || i64_parse(w, &s->calls) == -1 ||
	    s->calls < 0 || !text_next_word(&line, &place) ||
	    !is_place(place) || !text_next_word(&line, &func))
		return -1;
	if (func.len > 2 && func.p[0] == '[' && func.p[func.len - 1] == ']') {
		module = func;
		if (!text_next_word(&line, &func))
			return -1;
	}
	if (!text_has_prefix(func, "func:") || func.len == 5)
		return -1;
	func.p += 5;
	func.len -= 5;
	while (text_next_word(&line, &w)) {
		const char *colon = memchr(w.p, ':', w.len);

		if (major < 2 || colon == NULL || colon == w.p) {
			*why = "words after the function that are not "
			    "key:value pairs (2.0 and later)";
			return -1;
		}
		if (text_eq(w, "accurate:no"))
			s->inaccurate = 1;
	}
	name_put(s->name, &at, place);
	name_put(s->name, &at, func);
	if (module.p != NULL)
		name_put(s->name, &at, module);
	return 0;
}

static int
site_cmp(const void *a, const void *b)
{
	return strcmp(((const struct alloc_site *)a)->name,
	    ((const struct alloc_site *)b)->name);
}

/* b's counts into a, a site of the same name; a sum that would not fit
 * keeps a: skipped, as b's line would be. */
static void
site_fold(void *into, const void *from, void *ai)
{
	struct alloc_site *a = into;
	const struct alloc_site *b = from;
	int64_t bytes, calls;

	if (__builtin_add_overflow(a->bytes, b->bytes, &bytes) ||
	    __builtin_add_overflow(a->calls, b->calls, &calls)) {
		text_skip(&((struct allocinfo *)ai)->skipped, 0, "call sites "
		    "named \"%s\" sum to more than 63 bits hold", a->name);
		return;
	}
	a->bytes = bytes;
	a->calls = calls;
	a->inaccurate |= b->inaccurate;
}

int
allocinfo_parse(const char *buf, size_t len, struct allocinfo *ai,
    char **cause)
{
	struct span rest = { buf, len }, line;
	const char *why;
	int lineno = 2, major;

	ai->n = 0;
	ai->lines = 0;
	memset(&ai->skipped, 0, sizeof ai->skipped);
	if (!text_next_line(&rest, &line) ||
	    !text_has_prefix(line, VERSION_PREFIX)) {
		xasprintf(cause, "not allocinfo text: no version line");
		return -1;
	}
	if ((major = version_major(line)) != 1 && major != 2) {
		xasprintf(cause, "allocinfo \"%.*s\" is not a version this "
		    "build understands (1.x, 2.x)", (int)(line.len > 60 ? 60 :
		    line.len), line.p);
		return -1;
	}
	if (!text_next_line(&rest, &line) || !header_ok(line)) {
		xasprintf(cause, "allocinfo header not understood: \"%.*s\"",
		    (int)(line.len > 80 ? 80 : line.len), line.p);
		return -1;
	}
	while (text_next_line(&rest, &line)) {
		lineno++;
		if (line.len == 0)
			continue;
		if (ai->n == ai->cap) {
			ai->cap = ai->cap ? ai->cap * 2 : 1024;
			ai->site = xreallocarray(ai->site, ai->cap,
			    sizeof *ai->site);
		}
		if (site_parse(line, major, &ai->site[ai->n], &why) == -1)
			text_skip(&ai->skipped, lineno, "%s: \"%.*s\"", why,
			    (int)(line.len > 48 ? 48 : line.len), line.p);
		else {
			ai->n++;
			ai->lines++;
		}
	}
	ai->n = xfold(ai->site, ai->n, sizeof *ai->site, site_cmp, site_fold,
	    ai);
	return 0;
}

void
allocinfo_free(struct allocinfo *ai)
{
	free(ai->site);
	memset(ai, 0, sizeof *ai);
}

static int
base_cmp(const void *a, const void *b)
{
	uint64_t x = ((const struct alloc_base *)a)->hash,
	    y = ((const struct alloc_base *)b)->hash;

	return (x > y) - (x < y);
}

void
allocinfo_select(struct alloc_keep *k, const char *boot_id,
    struct allocinfo *ai, int64_t min)
{
	struct alloc_base key, *b;
	size_t i, known;
	int64_t grown;

	if (strcmp(k->boot_id, boot_id) != 0) {
		snprintf(k->boot_id, sizeof k->boot_id, "%s", boot_id);
		k->n = 0;
	}
	known = k->n;	/* sites new to the boot go after, sorted at the end */
	for (i = 0; i < ai->n; i++) {
		struct alloc_site *s = &ai->site[i];

		key.hash = text_hash(s->name, strlen(s->name), 0);
		b = known == 0 ? NULL : bsearch(&key, k->b, known, sizeof *k->b,
		    base_cmp);
		if (b == NULL) {
			if (k->n == k->cap) {
				k->cap = k->cap ? k->cap * 2 : 1024;
				k->b = xreallocarray(k->b, k->cap, sizeof *k->b);
			}
			b = &k->b[k->n++];
			b->hash = key.hash;
			b->bytes = s->bytes;
			b->kept = 0;
		}
		if (s->bytes >= min || (!__builtin_sub_overflow(s->bytes,
		    b->bytes, &grown) && grown >= min))
			b->kept = 1;
		s->kept = b->kept;
	}
	if (k->n > known)
		xqsort(k->b, k->n, sizeof *k->b, base_cmp);
}

void
allocinfo_keep_free(struct alloc_keep *k)
{
	free(k->b);
	memset(k, 0, sizeof *k);
}
