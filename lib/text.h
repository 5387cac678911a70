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

/* Take the next line of *rest (without its newline) into *line; 0 at end. */
int	text_next_line(struct span *rest, struct span *line);
/* Take the next blank-separated word of *rest into *word; 0 at end. */
int	text_next_word(struct span *rest, struct span *word);
/* Parse a whole span as an unsigned decimal; -1 on anything else or overflow. */
int	text_u64(struct span, uint64_t *);
/* The same for hexadecimal, "0x" optional, at most 64 bits. */
int	text_hex64(struct span, uint64_t *);
int	text_eq(struct span, const char *);
int	text_has_prefix(struct span, const char *);

#endif
