#include <string.h>

#include "text.h"

int
text_next_line(struct span *rest, struct span *line)
{
	const char *nl;

	if (rest->len == 0)
		return 0;
	line->p = rest->p;
	nl = memchr(rest->p, '\n', rest->len);
	line->len = nl != NULL ? (size_t)(nl - rest->p) : rest->len;
	rest->p += line->len;
	rest->len -= line->len;
	if (rest->len > 0) {		/* step over the newline */
		rest->p++;
		rest->len--;
	}
	return 1;
}

/* Space, tab, CR, and any other control character: /proc text has no
 * others, and one comparison keeps the word scanner fast. */
static int
is_blank(char c)
{
	return (unsigned char)c <= ' ';
}

int
text_next_word(struct span *rest, struct span *word)
{
	const char *p = rest->p, *end = p + rest->len;

	while (p < end && is_blank(*p))
		p++;
	if (p == end) {
		rest->p = p;
		rest->len = 0;
		return 0;
	}
	word->p = p;
	while (p < end && !is_blank(*p))
		p++;
	word->len = (size_t)(p - word->p);
	rest->p = p;
	rest->len = (size_t)(end - p);
	return 1;
}

int
text_u64(struct span s, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (s.len == 0 || s.len > 20)
		return -1;
	for (i = 0; i < s.len; i++) {
		unsigned d = (unsigned char)s.p[i] - '0';

		if (d > 9 || v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

int
text_hex64(struct span s, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (s.len > 2 && s.p[0] == '0' && (s.p[1] == 'x' || s.p[1] == 'X')) {
		s.p += 2;
		s.len -= 2;
	}
	if (s.len == 0 || s.len > 16)
		return -1;
	for (i = 0; i < s.len; i++) {
		unsigned c = (unsigned char)s.p[i], d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			d = (c | 0x20) - 'a' + 10;
		else
			return -1;
		v = v << 4 | d;
	}
	*out = v;
	return 0;
}

int
text_eq(struct span s, const char *str)
{
	size_t n = strlen(str);

	return s.len == n && memcmp(s.p, str, n) == 0;
}

int
text_has_prefix(struct span s, const char *prefix)
{
	size_t n = strlen(prefix);

	return s.len >= n && memcmp(s.p, prefix, n) == 0;
}
