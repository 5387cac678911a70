/* /proc/allocinfo text, then the call sites chosen and made series of
 * at the smallest allocinfo_min, on a boot's first reading and a next. */
#include <stdlib.h>

#include "fuzz.h"
#include "sample.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct allocinfo ai = { 0 };
	struct alloc_keep k = { 0 };
	struct sample smp = { 0 };
	char *cause = NULL;

	if (allocinfo_parse((const char *)data, len, &ai, &cause) == 0) {
		allocinfo_select(&k, "boot", &ai, 0);
		allocinfo_select(&k, "boot", &ai, 1);
		sample_add_allocinfo(&smp, &ai);
	}
	free(cause);
	sample_free(&smp);
	allocinfo_keep_free(&k);
	allocinfo_free(&ai);
	return 0;
}
