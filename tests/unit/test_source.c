/* The source table: complete, its bits as the database stores them, and
 * each entry's parser and adder reached through it. */
#include "conf.h"
#include "sample.h"
#include "source.h"
#include "t.h"

/* samples.sources holds these: a database written before must read
 * the same. */
static void
bits_kept(void)
{
	CHECK_I64(SOURCE_BIT(SOURCE_MEMINFO), 1);
	CHECK_I64(SOURCE_BIT(SOURCE_SLABINFO), 2);
	CHECK_I64(SOURCE_BIT(SOURCE_VMALLOCINFO), 4);
	CHECK_I64(SOURCE_BIT(SOURCE_PROCESSES), 8);
	CHECK_I64(SOURCE_BIT(SOURCE_ALLOCINFO), 16);
	CHECK_I64(SOURCE_ALL, 31);
}

/* Every entry has every field; names and sections are its own; its
 * period is a key the config knows. */
static void
entries_complete(void)
{
	struct conf c;
	int i, k;

	conf_defaults(&c);
	for (i = 0; i < SOURCE_COUNT; i++) {
		CHECK(sources[i].name != NULL && sources[i].file != NULL);
		CHECK(sources[i].section != NULL);
		CHECK(sources[i].parse != NULL && sources[i].add != NULL);
		CHECK(conf_period(&c, sources[i].interval) > 0);
		for (k = 0; k < i; k++) {
			CHECK(strcmp(sources[i].name, sources[k].name) != 0);
			CHECK(strcmp(sources[i].section,
			    sources[k].section) != 0);
		}
	}
	CHECK_I64(conf_period(&c, "interval"), 60);
	CHECK_I64(conf_period(&c, "vmalloc_interval"), 300);
	CHECK_I64(conf_period(&c, "process_interval"), 300);
	CHECK_I64(conf_period(&c, "window"), -1);
	conf_free(&c);
}

/* Through the table: text -> parsed -> series, skipped lines said. */
static void
parse_and_add(void)
{
	static const char *const text[SOURCE_COUNT] = {
		"MemTotal: 2 kB\nbad line\n",
		"slabinfo - version: 2.1\n# name <active_objs> <num_objs> "
		"<objsize> <objperslab> <pagesperslab> : tunables <limit> "
		"<batchcount> <sharedfactor> : slabdata <active_slabs> "
		"<num_slabs> <sharedavail>\n"
		"dentry 10 21 192 21 1 : tunables 0 0 0 : slabdata 1 3 0\n",
		"0xffffb1d742004000-0xffffb1d742015000 69632 f+0x1/0x2 "
		"pages=16 vmalloc\n",
		"pss 4 init\n",
		"allocinfo - version: 2.0\n#     <size>  <calls> <tag info>\n"
		"     1048576      256 fs/a.c:7 [m] func:g accurate:no \n"
		"     1048575      256 fs/b.c:9 func:h \n",
	};
	static const char *const series[SOURCE_COUNT] = {
		"meminfo:MemTotal", "slab:dentry", "vmalloc:f", "proc:init",
		"alloc:fs/a.c:7 g [m]"
	};
	static const int64_t bytes[SOURCE_COUNT] = {
		2048, 3 * 4096, 69632, 4096, 1048576
	};
	struct source_parsed p;
	const struct skips *sk;
	struct sample s = { 0 };
	struct conf c;
	char *cause = NULL;
	int i;

	memset(&p, 0, sizeof p);
	conf_defaults(&c);
	for (i = 0; i < SOURCE_COUNT; i++) {
		CHECK(sources[i].parse(text[i], strlen(text[i]), &p, &sk,
		    &cause) == 0);
		CHECK_I64(sk->n, i == SOURCE_MEMINFO);
		sample_clear(&s);
		sources[i].add(&s, &p, 4096, &c);
		CHECK(s.n >= 1);
		CHECK_STR(s.p[0].series, series[i]);
		CHECK_I64(s.p[0].bytes, bytes[i]);
	}
	/* allocinfo_min decides: fs/b.c:9 is a byte short, then not */
	CHECK_I64(s.n, 1);
	CHECK_I64(s.p[0].objects, 256);
	c.allocinfo_min = 1048575;
	sample_clear(&s);
	sources[SOURCE_ALLOCINFO].add(&s, &p, 4096, &c);
	CHECK_I64(s.n, 2);
	CHECK(sources[SOURCE_SLABINFO].parse("slabinfo - version: 9.0\n", 24,
	    &p, &sk, &cause) == -1);
	CHECK(cause != NULL);
	free(cause);
	sample_free(&s);
	source_parsed_free(&p);
	conf_free(&c);
}

/* A kernel without allocation profiling has no /proc/allocinfo: its
 * absence is no trouble, as the others' would be. */
static void
optional_sources(void)
{
	int i;

	for (i = 0; i < SOURCE_COUNT; i++)
		CHECK_I64(sources[i].optional, i == SOURCE_ALLOCINFO);
}

T_MAIN("source", T(bits_kept), T(entries_complete), T(parse_and_add),
    T(optional_sources))
