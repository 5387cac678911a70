/* fuzz.h: what each harness in tests/fuzz defines.  libFuzzer calls it
 * with generated inputs (make fuzz); replay.c calls it with each file of
 * the harness's committed corpus (make check).  It must not leak, read
 * out of bounds, or overflow a signed integer on any input: the
 * sanitizers it is built with turn each into a crash. */
#ifndef MLK_FUZZ_H
#define MLK_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* An input that holds a NUL is two texts, the first before it; one
 * without is the same text twice. */
struct two_texts {
	const char	*first, *second;
	size_t		 len1, len2;
};

static inline struct two_texts
two_texts(const uint8_t *data, size_t len)
{
	const char *text = (const char *)data, *nul = memchr(text, 0, len);
	struct two_texts t = { text, text, len, len };

	if (nul != NULL) {
		t.len1 = (size_t)(nul - text);
		t.second = nul + 1;
		t.len2 = len - t.len1 - 1;
	}
	return t;
}

#endif
