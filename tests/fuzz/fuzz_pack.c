/* A stored blob of packed rows: the first byte picks how many fields a
 * row has, as the schema would; the rest is the blob. */
#include "fuzz.h"
#include "pack.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static const int64_t start[ROW_FIELDS_MAX] = { 0, 0, -1, 0 };
	struct rows_reader rr;
	int64_t row[ROW_FIELDS_MAX];

	if (len == 0)
		return 0;
	rows_open(&rr, data + 1, len - 1, 1 + data[0] % ROW_FIELDS_MAX, start);
	while (rows_next(&rr, row) == 1)
		;
	return 0;
}
