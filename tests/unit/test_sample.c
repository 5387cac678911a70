/* Derived series: kernel:unaccounted on new and old kernels' meminfo. */
#include "sample.h"
#include "source.h"
#include "t.h"

static int64_t
unaccounted(const char *text, int64_t vmalloc)
{
	struct meminfo mi = { 0 };
	char *cause = NULL;
	int64_t r = INT64_MIN;

	if (meminfo_parse(text, strlen(text), &mi, &cause) == 0)
		sample_unaccounted(&mi, vmalloc, &r);
	free(cause);
	meminfo_free(&mi);
	return r;
}

static void
unaccounted_6x(void)
{
	const char *t =
	    "MemTotal: 100000 kB\nMemFree: 20000 kB\nAnonPages: 10000 kB\n"
	    "Cached: 30000 kB\nSwapCached: 100 kB\nBuffers: 900 kB\n"
	    "KReclaimable: 6000 kB\nSlab: 9000 kB\nSReclaimable: 5000 kB\n"
	    "SUnreclaim: 4000 kB\nKernelStack: 500 kB\nPageTables: 400 kB\n"
	    "SecPageTables: 100 kB\nVmallocUsed: 3000 kB\nPercpu: 200 kB\n"
	    "HugePages_Total: 2\nHugepagesize: 2048 kB\nHugetlb: 4096 kB\n"
	    "Zswap: 300 kB\nUnaccepted: 0 kB\n";
	/* 100000-20000-41000-9000-3000-500-400-100-200-4096-1000-300 */
	int64_t want = (int64_t)20404 * 1024;

	CHECK_I64(unaccounted(t, -1), want);
	/* A vmallocinfo figure replaces VmallocUsed. */
	CHECK_I64(unaccounted(t, 1000 * 1024), want + 2000 * 1024);
}

/* 2.6.32: no SReclaimable split is not assumed; no Percpu, no Hugetlb. */
static void
unaccounted_old(void)
{
	const char *t =
	    "MemTotal: 100000 kB\nMemFree: 20000 kB\nBuffers: 900 kB\n"
	    "Cached: 30000 kB\nSwapCached: 100 kB\nAnonPages: 10000 kB\n"
	    "Slab: 9000 kB\nKernelStack: 500 kB\nPageTables: 400 kB\n"
	    "VmallocUsed: 3000 kB\nHugePages_Total: 3\nHugepagesize: 2048 kB\n";

	CHECK_I64(unaccounted(t, -1),
	    (int64_t)(100000 - 20000 - 41000 - 9000 - 3000 - 900 - 6144) * 1024);
	CHECK_I64(unaccounted("MemFree: 1 kB\n", -1), INT64_MIN);
}

static void
series_names(void)
{
	struct slabinfo si = { 0 };
	struct sample s = { 0 };
	struct slab_cache c = { .name = "kmalloc-rnd-06-8k", .active_objs = 10,
	    .num_objs = 12, .objsize = 8192, .pages = 24,
	    .active_bytes = 10 * 8192, .instances = 1 };

	si.c = &c;
	si.n = 1;
	sample_add_slabinfo(&s, &si, 4096);
	CHECK_I64(s.n, 1);
	CHECK_STR(s.p[0].series, "slab:kmalloc-rnd-06-8k");
	CHECK_I64(s.p[0].bytes, 24 * 4096);
	CHECK_I64(s.p[0].objects, 10);
	CHECK(s.sources == 0);
	sample_took(&s, SOURCE_BIT(SOURCE_SLABINFO), 0);
	CHECK(s.sources == SOURCE_BIT(SOURCE_SLABINFO));
	CHECK(s.p[0].source == SOURCE_BIT(SOURCE_SLABINFO));
	sample_free(&s);
}

/* Terms that each fit but whose difference would not: no figure, never
 * a wrapped one (UBSan saw the overflow before). */
static void
unaccounted_never_wraps(void)
{
	CHECK_I64(unaccounted("MemTotal: 1 kB\nMemFree: 0 kB\n"
	    "AnonPages: 9007199254740991 kB\nCached: 9007199254740991 kB\n",
	    -1), INT64_MIN);
	CHECK_I64(unaccounted("MemTotal: 1 kB\nMemFree: 0 kB\n"
	    "HugePages_Total: 9007199254740991\n"
	    "Hugepagesize: 2048 kB\n", -1), INT64_MIN);
	CHECK_I64(unaccounted("MemTotal: 2 kB\nMemFree: 1 kB\n", 0), 1024);
}

/* A series' name within its kind, and no other kind's. */
static void
kind_split(void)
{
	CHECK_STR(series_name("slab:dentry", "slab"), "dentry");
	CHECK_STR(series_name("vmalloc:a+0x1/0x2", "vmalloc"), "a+0x1/0x2");
	CHECK_STR(series_name("proc:(other)", "proc"), "(other)");
	CHECK(series_name("vmalloc_type:vmap", "vmalloc") == NULL);
	CHECK(series_name("slabx:y", "slab") == NULL);
	CHECK(series_name("slab", "slab") == NULL);
	CHECK_STR(series_name("meminfo:", "meminfo"), "");
}

/* A sample's names number changes with its list of series, and only then:
 * readers that saw it last compare no names. */
static void
names_follow_the_list(void)
{
	struct sample s = { 0 }, t = { 0 };
	char long_name[SERIES_MAX * 2];
	uint64_t n1, n2;

	memset(long_name, 'x', sizeof long_name - 1);
	long_name[sizeof long_name - 1] = '\0';
	sample_add(&s, "slab", "a", 1, 1);
	sample_add(&s, "slab", long_name, 1, 1);
	CHECK((n1 = s.names) != 0);
	sample_clear(&s);
	sample_add(&s, "slab", "a", 2, 2);
	sample_add(&s, "slab", long_name, 2, 2);	/* cut the same way */
	CHECK(s.names == n1);
	sample_clear(&s);
	sample_add(&s, "slab", "a", 3, 3);		/* cut short */
	CHECK(s.names == n1);
	sample_clear(&s);
	sample_add(&s, "slab", "a", 4, 4);
	sample_add(&s, "slab", "b", 4, 4);		/* past the one before */
	CHECK((n2 = s.names) != n1);
	sample_clear(&s);
	sample_add(&s, "slab", "a", 5, 5);
	sample_add(&s, "slab", "c", 5, 5);		/* replaced */
	CHECK(s.names != n2 && s.names != n1);
	CHECK_STR(s.p[1].series, "slab:c");
	sample_add(&t, "slab", "a", 5, 5);		/* built apart */
	sample_add(&t, "slab", "c", 5, 5);
	CHECK(t.names != s.names);
	sample_free(&s);
	sample_free(&t);
}

T_MAIN("sample", T(unaccounted_6x), T(unaccounted_old),
    T(unaccounted_never_wraps), T(series_names), T(kind_split),
    T(names_follow_the_list))
