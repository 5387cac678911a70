/* /proc/meminfo text, then the series made of it and kernel:unaccounted. */
#include <stdlib.h>

#include "fuzz.h"
#include "sample.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct meminfo mi = { 0 };
	struct sample smp = { 0 };
	char *cause = NULL;
	int64_t unacc;

	if (meminfo_parse((const char *)data, len, &mi, &cause) == 0) {
		sample_add_meminfo(&smp, &mi);
		if (sample_unaccounted(&mi, -1, &unacc) == 0)
			sample_add(&smp, "kernel", "unaccounted", unacc, -1);
	}
	free(cause);
	sample_free(&smp);
	meminfo_free(&mi);
	return 0;
}
