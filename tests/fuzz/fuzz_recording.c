/* A recording, block by block past bad ones, every section parsed as
 * mlkd --import would. */
#include <stdlib.h>

#include "fuzz.h"
#include "recording.h"
#include "sample.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct meminfo mi = { 0 };
	struct slabinfo si = { 0 };
	struct vmallocinfo vi = { 0 };
	struct recording rec;
	struct rec_block b;
	char *cause = NULL;
	int r;

	recording_open(&rec, (const char *)data, len);
	while ((r = recording_next(&rec, &b, &cause)) != 0) {
		free(cause);		/* a bad block: on to the next */
		cause = NULL;
		if (r == -1)
			continue;
		if (b.s[REC_MEMINFO].p != NULL)
			meminfo_parse(b.s[REC_MEMINFO].p, b.s[REC_MEMINFO].len,
			    &mi, &cause);
		free(cause);
		cause = NULL;
		if (b.s[REC_SLABINFO].p != NULL)
			slabinfo_parse(b.s[REC_SLABINFO].p,
			    b.s[REC_SLABINFO].len, &si, &cause);
		free(cause);
		cause = NULL;
		if (b.s[REC_VMALLOCINFO].p != NULL)
			vmallocinfo_parse(b.s[REC_VMALLOCINFO].p,
			    b.s[REC_VMALLOCINFO].len, &vi, &cause);
		free(cause);
		cause = NULL;
	}
	free(cause);
	meminfo_free(&mi);
	slabinfo_free(&si);
	vmallocinfo_free(&vi);
	return 0;
}
