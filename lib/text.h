/* text: the small line and number scanners the /proc parsers share.  All
 * work on (pointer, length) spans of text that need not end in NUL. */
#ifndef MLK_TEXT_H
#define MLK_TEXT_H

#include <stddef.h>
#include <stdint.h>

struct span {
	const char	*p;
	size_t		 len;
};

/* Take the next line of *rest (without its newline, nor a CR before it:
 * a file that went through Windows) into *line; 0 at end. */
int	text_next_line(struct span *rest, struct span *line);
/* Take the next blank-separated word of *rest into *word; 0 at end. */
int	text_next_word(struct span *rest, struct span *word);
/* Parse a whole span as an unsigned decimal; -1 on anything else or overflow. */
int	text_u64(struct span, uint64_t *);
/* The same for hexadecimal, "0x" optional, at most 64 bits. */
int	text_hex64(struct span, uint64_t *);
int	text_eq(struct span, const char *);
int	text_has_prefix(struct span, const char *);
/* FNV-1a of p[0..n), its basis mixed with seed: for the in-memory hash
 * tables of names (nothing stored depends on its values). */
uint64_t text_hash(const char *p, size_t n, uint64_t seed);

/* The longest prefix of p[0..len) of at most max bytes that does not end
 * inside a UTF-8 character: names are cut there, never mid-character. */
size_t	text_cut_utf8(const char *p, size_t len, size_t max);
/* The length of the valid UTF-8 sequence (RFC 3629: no overlong forms,
 * no surrogates) at s[0..len), 1 to 4; 0 if it is not one. */
size_t	text_utf8_char(const char *s, size_t len);

/* Edits that turn a into b: inserts, deletes and substitutions, and with
 * swaps a swap of two neighbours as one (optimal string alignment), for
 * "did you mean" suggestions; SIZE_MAX if b is over TEXT_EDITS_MAX bytes. */
#define TEXT_EDITS_MAX	128
size_t	text_edits(const char *a, const char *b, int swaps);

/* Values no series can hold are refused, never wrapped: bytes fit in
 * an int64_t, and pages at the largest page size any architecture has
 * (256 KiB) do too. */
#define TEXT_BYTES_MAX	((uint64_t)INT64_MAX)
#define TEXT_PAGES_MAX	((uint64_t)INT64_MAX >> 18)

/* The lines a parser skipped while keeping the rest: how many, and the
 * first of them in words ("line 57: ..."), with any byte that is not
 * printable ASCII shown as '?'. */
struct skips {
	unsigned	 n;
	char		 first[160];
};

/* Count a skipped line (lineno 0: not one line); the first one's reason
 * is kept. */
void	text_skip(struct skips *, int lineno, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

#endif
