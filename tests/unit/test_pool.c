/* lib/pool: objects are carved in order from a block, so that many lie
 * on few pages; one given back comes out again zeroed. */
#include <stdint.h>
#include <string.h>

#include "pool.h"
#include "t.h"

static void
carved_in_order(void)
{
	static struct pool p = POOL_INIT(200, 4);	/* as mlkd's: blocks
						   live as long as the process */
	static char *o[6];		/* the first block, reachable */
	int i;

	CHECK(p.size == 208);		/* 16-byte aligned */
	for (i = 0; i < 6; i++) {
		o[i] = pool_get(&p);
		CHECK((uintptr_t)o[i] % 16 == 0);
	}
	/* one block holds four, side by side; the fifth starts another */
	for (i = 1; i < 4; i++)
		CHECK(o[i] == o[0] + i * 208);
	CHECK(o[5] == o[4] + 208);
	CHECK(o[4] < o[0] || o[4] >= o[0] + 4 * 208);
}

static void
given_back_zeroed(void)
{
	static struct pool p = POOL_INIT(64, 8);
	char *a = pool_get(&p), *b = pool_get(&p), *c;
	static const char zero[64];

	CHECK(memcmp(a, zero, 64) == 0);
	memset(a, 0xa5, 64);
	memset(b, 0x5a, 64);
	pool_put(&p, a);
	pool_put(&p, NULL);		/* as free(NULL) */
	c = pool_get(&p);
	CHECK(c == a);
	CHECK(memcmp(c, zero, 64) == 0);
	CHECK(b[0] == 0x5a && b[63] == 0x5a);
	CHECK(pool_get(&p) == b + 64);	/* the block goes on */
}

T_MAIN("pool", T(carved_in_order), T(given_back_zeroed))
