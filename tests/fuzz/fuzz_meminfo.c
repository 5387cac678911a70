/* /proc/meminfo text, then the series made of it and kernel:unaccounted.
 * An input that holds a NUL is two texts, parsed in turn into one struct
 * as mlkd parses its reads: meminfo trusts keys that stand where its last
 * parse had them to be no repeats, so the second must read exactly as a
 * fresh parse of it does. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "sample.h"

static void
same(const struct meminfo *a, const struct meminfo *b)
{
	size_t i;

	if (a->n != b->n || a->skipped.n != b->skipped.n)
		abort();
	for (i = 0; i < a->n; i++)
		if (strcmp(a->f[i].key, b->f[i].key) != 0 ||
		    a->f[i].value != b->f[i].value ||
		    a->f[i].is_bytes != b->f[i].is_bytes)
			abort();
}

static void
series(const struct meminfo *mi)
{
	struct sample smp = { 0 };
	int64_t unacc;

	sample_add_meminfo(&smp, mi);
	if (sample_unaccounted(mi, -1, &unacc) == 0)
		sample_add(&smp, "kernel", "unaccounted", unacc, -1);
	sample_free(&smp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct meminfo mi = { 0 }, fresh = { 0 };
	struct two_texts t = two_texts(data, len);
	char *cause = NULL;
	int r;

	if (meminfo_parse(t.first, t.len1, &mi, &cause) == 0)
		series(&mi);
	free(cause);
	cause = NULL;
	r = meminfo_parse(t.second, t.len2, &mi, &cause);
	free(cause);
	cause = NULL;
	if (r != meminfo_parse(t.second, t.len2, &fresh, &cause))
		abort();
	if (r == 0) {
		same(&mi, &fresh);
		series(&mi);
	}
	free(cause);
	meminfo_free(&mi);
	meminfo_free(&fresh);
	return 0;
}
