/* An mlkd.conf, then the cross-key checks and its printed form. */
#include <stdio.h>
#include <stdlib.h>

#include "conf.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct conf c;
	char *cause = NULL, *out = NULL;
	size_t outlen;
	FILE *f, *o;

	if ((f = fmemopen((void *)data, len, "r")) == NULL)
		return 0;
	conf_defaults(&c);
	if (conf_read(&c, f, "fuzz.conf", &cause) == 0 &&
	    conf_finish(&c, &cause) == 0 &&
	    (o = open_memstream(&out, &outlen)) != NULL) {
		conf_print(o, &c);
		fclose(o);
	}
	fclose(f);
	free(out);
	free(cause);
	conf_free(&c);
	return 0;
}
