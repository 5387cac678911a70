/* attribute: reserved for the attribution work. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query.h"

/* The object size of a kmalloc-N cache (kmalloc-1k, kmalloc-cg-192,
 * kmalloc-rnd-06-8k); 0 if the name does not say. */
static unsigned long
kmalloc_size(const char *cache)
{
	const char *d = strrchr(cache, '-');
	char *end;
	unsigned long v;

	if (strncmp(cache, "kmalloc-", 8) != 0 || d == NULL)
		return 0;
	v = strtoul(d + 1, &end, 10);
	if (*end == 'k')
		return end[1] == '\0' ? v * 1024 : 0;
	return *end == '\0' ? v : 0;
}

/* Reserved for the attribution work: until then, the commands to run by
 * hand, tailored to the series. */
int
cmd_attribute(struct query *q, int argc, char **argv)
{
	const char *cache;
	char series[SERIES_MAX];

	(void)q;
	if (argc != 2)
		usage(2);
	snprintf(series, sizeof series, "%s%s", strchr(argv[1], ':') ? "" :
	    "slab:", argv[1]);
	cache = strncmp(series, "slab:", 5) == 0 ? series + 5 : NULL;
	fprintf(stderr, "mlk-query: attribute is not built yet.  By hand, as "
	    "root, for %s:\n", series);
	if (cache != NULL && kmalloc_size(cache) > 0)
		fprintf(stderr, "  trace-cmd record -e kmem:kmalloc -f "
		    "'bytes_alloc==%lu' -e kmem:kfree sleep 30\n"
		    "  trace-cmd report   (pair each ptr with its kfree; what "
		    "is left, by call_site, is the leak)\n",
		    kmalloc_size(cache));
	else if (cache != NULL)
		fprintf(stderr, "  echo 1 > /sys/kernel/slab/%s/trace   (slub_"
		    "debug kernels; callers go to the kernel log)\n", cache);
	fprintf(stderr, "  echo scan > /sys/kernel/debug/kmemleak; cat "
	    "/sys/kernel/debug/kmemleak   (CONFIG_DEBUG_KMEMLEAK)\n");
	return 1;
}
