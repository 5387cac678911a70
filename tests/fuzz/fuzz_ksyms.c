/* /proc/kallsyms text, then a lookup of every address the input's first
 * eight bytes name, and of their neighbours. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "ksyms.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct ksyms *ks;
	char *cause = NULL, name[256];
	uint64_t addr = 0;

	if (len < 8)
		return 0;
	memcpy(&addr, data, 8);
	if ((ks = ksyms_parse((const char *)data + 8, len - 8, &cause)) !=
	    NULL) {
		ksyms_name(ks, addr, name, sizeof name);
		ksyms_name(ks, addr - 1, name, sizeof name);
		ksyms_name(ks, addr + 1, name, sizeof name);
		ksyms_free(ks);
	}
	free(cause);
	return 0;
}
