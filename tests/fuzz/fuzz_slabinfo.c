/* /proc/slabinfo text, then the series made of it at the largest page
 * size any architecture has. */
#include <stdlib.h>

#include "fuzz.h"
#include "sample.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct slabinfo si = { 0 };
	struct sample smp = { 0 };
	char *cause = NULL;

	if (slabinfo_parse((const char *)data, len, &si, &cause) == 0)
		sample_add_slabinfo(&smp, &si, 256 * 1024);
	free(cause);
	sample_free(&smp);
	slabinfo_free(&si);
	return 0;
}
