/* trace_pipe text of the kmem events, fed in two reads split at the
 * input's first byte, paired and grouped as attribution does; the
 * second byte picks symbolic call sites or addresses, and stacks
 * (" => " frames after each allocation) or none. */
#include <stdlib.h>
#include <string.h>

#include "attrib.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct attrib_plan p;
	struct attrib_result r;
	struct attrib *a;
	size_t cut;
	int e;

	if (len < 2)
		return 0;
	memset(&p, 0, sizeof p);
	strcpy(p.cache, "kmalloc-4k");
	p.objsize = 4096;
	for (e = 0; e < ATTRIB_NEVENTS; e++)
		p.enable[e] = 1;
	p.symbolic = data[1] & 1;
	p.stacks = (data[1] & 2) != 0;
	cut = data[0] % (len - 1);
	a = attrib_new(&p);
	attrib_feed(a, (const char *)data + 2, cut);
	attrib_feed(a, (const char *)data + 2 + cut, len - 2 - cut);
	attrib_result(a, NULL, &r);
	attrib_result_free(&r);
	attrib_free(a);
	return 0;
}
