/* A tracefs event format file. */
#include <stdlib.h>

#include "fuzz.h"
#include "tracefmt.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct trace_format fmt;
	char *cause = NULL;

	if (trace_format_parse((const char *)data, len, &fmt, &cause) == 0)
		trace_format_field(&fmt, "call_site");
	free(cause);
	return 0;
}
