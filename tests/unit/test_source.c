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
	CHECK_I64(SOURCE_ALL, 15);
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
	};
	static const char *const series[SOURCE_COUNT] = {
		"meminfo:MemTotal", "slab:dentry", "vmalloc:f", "proc:init"
	};
	static const int64_t bytes[SOURCE_COUNT] = {
		2048, 3 * 4096, 69632, 4096
	};
	struct source_parsed p;
	const struct skips *sk;
	struct sample s = { 0 };
	char *cause = NULL;
	int i;

	memset(&p, 0, sizeof p);
	p.pm.top = 1;
	for (i = 0; i < SOURCE_COUNT; i++) {
		CHECK(sources[i].parse(text[i], strlen(text[i]), &p, &sk,
		    &cause) == 0);
		CHECK_I64(sk->n, i == SOURCE_MEMINFO);
		sample_clear(&s);
		sources[i].add(&s, &p, 4096);
		CHECK(s.n >= 1);
		CHECK_STR(s.p[0].series, series[i]);
		CHECK_I64(s.p[0].bytes, bytes[i]);
	}
	CHECK(sources[SOURCE_SLABINFO].parse("slabinfo - version: 9.0\n", 24,
	    &p, &sk, &cause) == -1);
	CHECK(cause != NULL);
	free(cause);
	sample_free(&s);
	source_parsed_free(&p);
}

T_MAIN("source", T(bits_kept), T(entries_complete), T(parse_and_add))
