#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
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
	if (line->len > 0 && line->p[line->len - 1] == '\r')
		line->len--;
	return 1;
}

void
text_skip(struct skips *sk, int lineno, const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	if (sk->n++ > 0)
		return;
	n = lineno > 0 ? snprintf(sk->first, sizeof sk->first, "line %d: ",
	    lineno) : 0;
	va_start(ap, fmt);
	vsnprintf(sk->first + n, sizeof sk->first - (size_t)n, fmt, ap);
	va_end(ap);
	/* it quotes the line: no control or non-ASCII byte goes to a log */
	for (p = sk->first; *p != '\0'; p++)
		if ((unsigned char)*p < ' ' || (unsigned char)*p > '~')
			*p = '?';
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

uint64_t
text_hash(const char *p, size_t n, uint64_t seed)
{
	uint64_t h = 0xcbf29ce484222325ull ^ seed;

	while (n--)
		h = (h ^ (unsigned char)*p++) * 0x100000001b3ull;
	return h;
}

size_t
text_cut_utf8(const char *p, size_t len, size_t max)
{
	size_t cut = len < max ? len : max;

	/* back off over continuation bytes to the start of the character
	 * that the cut splits */
	if (cut < len)
		while (cut > 0 && ((unsigned char)p[cut] & 0xc0) == 0x80)
			cut--;
	return cut;
}

size_t
text_utf8_char(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c;
	size_t n, i;

	if (len == 0)
		return 0;
	if (u[0] < 0x80)
		return 1;
	if (u[0] >= 0xc2 && u[0] <= 0xdf)
		n = 2, c = u[0] & 0x1f;
	else if (u[0] >= 0xe0 && u[0] <= 0xef)
		n = 3, c = u[0] & 0x0f;
	else if (u[0] >= 0xf0 && u[0] <= 0xf4)
		n = 4, c = u[0] & 0x07;
	else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (u[i] & 0x3f);
	}
	if ((n == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
	    (n == 4 && (c < 0x10000 || c > 0x10ffff)))
		return 0;
	return n;
}

size_t
text_edits(const char *a, const char *b, int swaps)
{
	size_t la = strlen(a), lb = strlen(b), i, j, x;
	size_t d[3][TEXT_EDITS_MAX + 1];	/* rows i - 2 to i, mod 3 */

	if (lb > TEXT_EDITS_MAX)
		return SIZE_MAX;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++) {
		size_t *up2 = d[(i + 1) % 3], *up = d[(i - 1) % 3],
		    *row = d[i % 3];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			x = up[j - 1] + (a[i - 1] != b[j - 1]);
			if (up[j] + 1 < x)
				x = up[j] + 1;
			if (row[j - 1] + 1 < x)
				x = row[j - 1] + 1;
			if (swaps && i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && up2[j - 2] + 1 < x)
				x = up2[j - 2] + 1;
			row[j] = x;
		}
	}
	return d[la % 3][lb];
}
