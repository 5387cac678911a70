/* A recording, block by block past bad ones, every section parsed as
 * mlkd --import would. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "recording.h"
#include "source.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct source_parsed p;
	const struct skips *sk;
	struct recording rec;
	struct rec_block b;
	char *cause = NULL;
	int r, id;

	memset(&p, 0, sizeof p);
	recording_open(&rec, (const char *)data, len);
	while ((r = recording_next(&rec, &b, &cause)) != 0) {
		free(cause);		/* a bad block: on to the next */
		cause = NULL;
		if (r == -1)
			continue;
		for (id = 0; id < SOURCE_COUNT; id++) {
			if (b.src[id].p != NULL)
				sources[id].parse(b.src[id].p, b.src[id].len,
				    &p, &sk, &cause);
			free(cause);
			cause = NULL;
		}
	}
	free(cause);
	source_parsed_free(&p);
	return 0;
}
