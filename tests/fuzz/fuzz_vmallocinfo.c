/* /proc/vmallocinfo text, then the series made of it at the largest page
 * size any architecture has. */
#include <stdlib.h>

#include "fuzz.h"
#include "sample.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct vmallocinfo vi = { 0 };
	struct sample smp = { 0 };
	char *cause = NULL;

	if (vmallocinfo_parse((const char *)data, len, &vi, &cause) == 0)
		sample_add_vmallocinfo(&smp, &vi, 256 * 1024);
	free(cause);
	sample_free(&smp);
	vmallocinfo_free(&vi);
	return 0;
}
