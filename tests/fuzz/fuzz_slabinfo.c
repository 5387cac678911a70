/* /proc/slabinfo text, then the series made of it at the largest page
 * size any architecture has.  An input that holds a NUL is two texts,
 * parsed in turn into one struct as mlkd parses its reads: slabinfo
 * keeps its last text and takes a line read again as it was from it, so
 * the second must read exactly as a fresh parse of it does. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "sample.h"

static void
same(const struct slabinfo *a, const struct slabinfo *b)
{
	size_t i;

	if (a->n != b->n || a->skipped.n != b->skipped.n ||
	    a->statistics != b->statistics)
		abort();
	for (i = 0; i < a->n; i++)
		if (strcmp(a->c[i].name, b->c[i].name) != 0 ||
		    a->c[i].active_objs != b->c[i].active_objs ||
		    a->c[i].num_objs != b->c[i].num_objs ||
		    a->c[i].objsize != b->c[i].objsize ||
		    a->c[i].pages != b->c[i].pages ||
		    a->c[i].active_bytes != b->c[i].active_bytes ||
		    a->c[i].instances != b->c[i].instances)
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct slabinfo si = { 0 }, fresh = { 0 };
	struct sample smp = { 0 };
	struct two_texts t = two_texts(data, len);
	char *cause = NULL;
	int r;

	if (slabinfo_parse(t.first, t.len1, &si, &cause) == 0)
		sample_add_slabinfo(&smp, &si, 256 * 1024);
	free(cause);
	cause = NULL;
	r = slabinfo_parse(t.second, t.len2, &si, &cause);
	free(cause);
	cause = NULL;
	if (r != slabinfo_parse(t.second, t.len2, &fresh, &cause))
		abort();
	if (r == 0) {
		same(&si, &fresh);
		sample_clear(&smp);
		sample_add_slabinfo(&smp, &si, 256 * 1024);
	}
	free(cause);
	sample_free(&smp);
	slabinfo_free(&si);
	slabinfo_free(&fresh);
	return 0;
}
