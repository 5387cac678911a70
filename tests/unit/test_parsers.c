/* The /proc parsers on the odd cases the fixtures do not show. */
#include "allocinfo.h"
#include "meminfo.h"
#include "slabinfo.h"
#include "vmallocinfo.h"
#include "t.h"

#define SLUB_HDR "slabinfo - version: 2.1\n" \
	"# name            <active_objs> <num_objs> <objsize> <objperslab> " \
	"<pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : " \
	"slabdata <active_slabs> <num_slabs> <sharedavail>\n"

static struct slabinfo si;
static struct meminfo mi;
static struct vmallocinfo vi;
static struct allocinfo ai;
static char *cause;

#define ALLOC_V1 "allocinfo - version: 1.0\n#     <size>  <calls> <tag info>\n"
#define ALLOC_V2 "allocinfo - version: 2.0\n#     <size>  <calls> <tag info>\n"

static int
alloc(const char *text)
{
	free(cause);
	cause = NULL;
	return allocinfo_parse(text, strlen(text), &ai, &cause);
}

static int
slab(const char *text)
{
	free(cause);
	cause = NULL;
	return slabinfo_parse(text, strlen(text), &si, &cause);
}

static void
meminfo_units(void)
{
	const char *t = "MemTotal:       16318412 kB\nMemFree:  100 kB\n"
	    "HugePages_Total:       4\nFuture:  3 MB\nDirectMap1G:  0 kB\n";
	uint64_t v;

	CHECK(meminfo_parse(t, strlen(t), &mi, &cause) == 0);
	CHECK_I64(mi.n, 4);		/* "3 MB" skipped, not misread */
	CHECK(meminfo_get(&mi, "MemTotal", &v) == 0);
	CHECK_I64(v, 16318412ull * 1024);
	CHECK(meminfo_get(&mi, "HugePages_Total", &v) == 0);
	CHECK_I64(v, 4);
	CHECK(meminfo_get(&mi, "Future", &v) == -1);
	CHECK(meminfo_get(&mi, "MemAvailable", &v) == -1);
}

static void
meminfo_refuses(void)
{
	const char *nototal = "MemFree: 1 kB\n";

	CHECK(meminfo_parse(nototal, strlen(nototal), &mi, &cause) == -1);
	CHECK(strstr(cause, "MemTotal") != NULL);
	free(cause);
	cause = NULL;
}

/* One bad line costs that line: a line that is not "Key: n", a negative
 * or oversized value, a key given twice, a NUL in a key.  The rest is
 * kept, and the first skipped line is named. */
static void
meminfo_skips_bad_lines(void)
{
	static const char t[] = "MemTotal: 1000 kB\nxyz\nMemFree: -1 kB\n"
	    "Cached: 5 kB\nCached: 7 kB\nHuge: 18014398509481983 kB\n"
	    "Ina\0ctive: 3 kB\nActive: 4 kB\n";
	const char *t2;
	uint64_t v;

	CHECK(meminfo_parse(t, sizeof t - 1, &mi, &cause) == 0);
	CHECK_I64(mi.n, 3);
	CHECK_I64(mi.skipped.n, 5);
	CHECK(strstr(mi.skipped.first, "line 2: ") == mi.skipped.first);
	CHECK(strstr(mi.skipped.first, "xyz") != NULL);
	CHECK(meminfo_get(&mi, "Cached", &v) == 0);
	CHECK_I64(v, 5 * 1024);			/* the first is kept */
	CHECK(meminfo_get(&mi, "Huge", &v) == -1);	/* 2^64 - 1024 bytes */
	CHECK(meminfo_get(&mi, "Ina", &v) == -1);
	CHECK(meminfo_get(&mi, "Active", &v) == 0);
	/* the largest value that fits is kept */
	t2 = "MemTotal: 9007199254740991 kB\n";
	CHECK(meminfo_parse(t2, strlen(t2), &mi, &cause) == 0);
	CHECK_I64(mi.f[0].value, 9007199254740991ull * 1024);
	CHECK_I64(mi.skipped.n, 0);
}

/* Parsed again into one struct, as mlkd does: a key repeated after keys
 * that stood where the last parse had them, or after a line not taken,
 * is still a repeat, and keys that moved are all found. */
static void
meminfo_reparse(void)
{
	static const struct {
		const char	*text;
		size_t		 kept, skipped;
	} seq[] = {
		{ "MemTotal: 1 kB\nMemFree: 2 kB\nCached: 3 kB\n", 3, 0 },
		{ "MemTotal: 1 kB\nMemFree: 2 kB\nMemFree: 9 kB\n"
		    "Cached: 3 kB\n", 3, 1 },
		{ "MemTotal: 1 kB\nMemFree: x kB\nMemTotal: 9 kB\n"
		    "Cached: 3 kB\n", 2, 2 },
		{ "MemFree: 2 kB\nMemTotal: 1 kB\nCached: 3 kB\n"
		    "MemFree: 9 kB\n", 3, 1 },
		{ "MemTotal: 1 kB\nMemFree: 2 kB\nCached: 3 kB\n"
		    "MemTotal: 9 kB\n", 3, 1 },
	};
	uint64_t v;
	size_t i;

	for (i = 0; i < sizeof seq / sizeof *seq; i++) {
		CHECK(meminfo_parse(seq[i].text, strlen(seq[i].text), &mi,
		    &cause) == 0);
		CHECK_I64(mi.n, seq[i].kept);
		CHECK_I64(mi.skipped.n, seq[i].skipped);
		CHECK(meminfo_get(&mi, "MemTotal", &v) == 0 && v == 1024);
	}
}

/* Files that went through Windows: CRLF reads as LF. */
static void
crlf_line_ends(void)
{
	static const char m[] = "MemTotal: 1000 kB\r\nMemFree: 5 kB\r\n";
	uint64_t v;

	CHECK(meminfo_parse(m, sizeof m - 1, &mi, &cause) == 0);
	CHECK(meminfo_get(&mi, "MemFree", &v) == 0 && v == 5 * 1024);
	CHECK(slab("slabinfo - version: 2.1\r\n# name <active_objs> "
	    "<num_objs> <objsize> <objperslab> <pagesperslab> : slabdata "
	    "<active_slabs> <num_slabs> <sharedavail>\r\n"
	    "dentry 100 105 192 21 1 : slabdata 5 5 0\r\n") == 0);
	CHECK_I64(si.n, 1);
	CHECK_I64(si.c[0].pages, 5);
}

static void
slabinfo_version_refused(void)
{
	CHECK(slab("slabinfo - version: 2.2\n# name <active_objs>\n") == -1);
	CHECK(strstr(cause, "2.2") != NULL);
	CHECK(slab("slabinfo - version: 1.1\n") == -1);
	CHECK(slab("") == -1);
	CHECK_I64(si.n, 0);
}

static void
slabinfo_huge_counts(void)
{
	CHECK(slab(SLUB_HDR "kmalloc-1k        62983672 62983680   1024   32    8 "
	    ": tunables    0    0    0 : slabdata 1968240 1968240      0\n") == 0);
	CHECK_I64(si.n, 1);
	CHECK_I64(si.c[0].active_objs, 62983672);
	CHECK_I64(si.c[0].pages, 1968240ull * 8);
	CHECK_I64(si.c[0].active_bytes, 62983672ull * 1024);
}

static void
slabinfo_duplicates_merge(void)
{
	CHECK(slab(SLUB_HDR
	    "nvme_queue    10     20    256   16    1 : tunables 0 0 0 : slabdata 2 2 0\n"
	    "dentry       100    105    192   21    1 : tunables 0 0 0 : slabdata 5 5 0\n"
	    "nvme_queue     5     16    256   16    1 : tunables 0 0 0 : slabdata 1 1 0\n") == 0);
	CHECK_I64(si.n, 2);
	CHECK_STR(si.c[0].name, "dentry");
	CHECK_STR(si.c[1].name, "nvme_queue");
	CHECK_I64(si.c[1].instances, 2);
	CHECK_I64(si.c[1].active_objs, 15);
	CHECK_I64(si.c[1].pages, 3);
}

/* Columns are found by the header: a reordered header still reads right. */
static void
slabinfo_by_header(void)
{
	CHECK(slab("slabinfo - version: 2.1\n"
	    "# name <num_objs> <active_objs> <objsize> <objperslab> <pagesperslab>"
	    " : slabdata <active_slabs> <num_slabs> <sharedavail>\n"
	    "odd cache name 40 30 64 64 1 : slabdata 1 7 0\n") == 0);
	CHECK_STR(si.c[0].name, "odd cache name");
	CHECK_I64(si.c[0].active_objs, 30);
	CHECK_I64(si.c[0].num_objs, 40);
	CHECK_I64(si.c[0].pages, 7);
}

static void
slabinfo_bad_lines(void)
{
	/* A section missing, a column too many, a label that is not the
	 * header's, a number that is not one, or too big; a name of 64
	 * bytes; pages that would not fit: each line skipped, the good
	 * one kept. */
	int r = slab(SLUB_HDR "a 1 1 8 512 1 : tunables 0 0 0\n"
	    "b 1 1 8 512 1 : tunables 0 0 0 : slabdata 1 1 0 9\n"
	    "c 1 1 8 512 1 : tunabels 0 0 0 : slabdata 1 1 0\n"
	    "d 1 x 8 512 1 : tunables 0 0 0 : slabdata 1 1 0\n"
	    "e 99999999999999999999 1 8 512 1 : tunables 0 0 0 : slabdata 1 1 0\n"
	    "good 1 1 8 512 1 : tunables 0 0 0 : slabdata 1 1 0\n"
	    "a123456789b123456789c123456789d123456789e123456789f123456789abcd "
	    "1 1 8 512 1 : tunables 0 0 0 : slabdata 1 1 0\n"
	    "f 1 1 8 512 1024 : tunables 0 0 0 : slabdata 1 35184372088832 0\n");

	CHECK(r == 0);
	CHECK_I64(si.n, 1);
	CHECK_STR(si.c[0].name, "good");
	CHECK_I64(si.skipped.n, 7);
	CHECK(strstr(si.skipped.first, "line 3: ") == si.skipped.first);
	/* caches of one name whose sum would not fit: the first kept */
	r = slab(SLUB_HDR
	    "g 1 1 8 512 1 : tunables 0 0 0 : slabdata 1 20000000000000 0\n"
	    "g 1 1 8 512 1 : tunables 0 0 0 : slabdata 1 20000000000000 0\n");
	CHECK(r == 0);
	CHECK_I64(si.n, 1);
	CHECK_I64(si.c[0].pages, 20000000000000ull);
	CHECK_I64(si.c[0].instances, 1);
	CHECK_I64(si.skipped.n, 1);
	CHECK(strstr(si.skipped.first, "\"g\"") != NULL);
}

#define SLAB_LINE(name, objs) name " " #objs " " #objs " 64 64 1 : tunables 0 0 0 : slabdata 1 1 0\n"

/* Parsed again and again into one struct, as mlkd does, slabinfo reads as
 * a fresh parse would, whatever came, went, moved or repeated since, and
 * after a list with no cache at all. */
static void
slabinfo_reparse(void)
{
	static const char *seq[] = {
		SLAB_LINE("dentry", 3) SLAB_LINE("buffer_head", 2) SLAB_LINE("kmalloc-64", 1),
		SLAB_LINE("dentry", 30) SLAB_LINE("buffer_head", 20) SLAB_LINE("kmalloc-64", 10),
		SLAB_LINE("dentry", 4) SLAB_LINE("kmalloc-64", 5),
		SLAB_LINE("zs", 9) SLAB_LINE("dentry", 4) SLAB_LINE("kmalloc-64", 5),
		SLAB_LINE("dentry", 4) SLAB_LINE("zs", 9) SLAB_LINE("kmalloc-64", 5),
		SLAB_LINE("dentry", 4) "zs 1 : slabdata\n" SLAB_LINE("kmalloc-64", 5) SLAB_LINE("aa", 1),
		SLAB_LINE("dentry", 4) SLAB_LINE("zs", 9) SLAB_LINE("dentry", 5),
		SLAB_LINE("dentry", 4) SLAB_LINE("zs", 9) SLAB_LINE("dentry", 5),
		SLAB_LINE("dentry", 7) SLAB_LINE("zs", 9) SLAB_LINE("kmalloc-64", 5),
		SLAB_LINE("zs", 1) SLAB_LINE("kmalloc-64", 2),
		SLAB_LINE("zs", 3),
		"",
		SLAB_LINE("zs", 3),
		"zs 1 : slabdata\n",
		SLAB_LINE("dentry", 8) SLAB_LINE("zs", 1) SLAB_LINE("kmalloc-64", 2),
		/* the same again: no line parsed; one moved, then another */
		SLAB_LINE("dentry", 8) SLAB_LINE("zs", 1) SLAB_LINE("kmalloc-64", 2),
		SLAB_LINE("dentry", 8) SLAB_LINE("zs", 6) SLAB_LINE("kmalloc-64", 2),
		SLAB_LINE("dentry", 9) SLAB_LINE("zs", 6) SLAB_LINE("kmalloc-64", 2),
		/* a line as it was, under another header (below): other counts */
		SLAB_LINE("dentry", 9) SLAB_LINE("zs", 6) SLAB_LINE("kmalloc-64", 2),
		SLAB_LINE("dentry", 9) SLAB_LINE("zs", 6) SLAB_LINE("kmalloc-64", 2),
		/* a cache gone from before a line as it was */
		SLAB_LINE("zs", 6) SLAB_LINE("kmalloc-64", 2),
		"zs 6 : slabdata\n" SLAB_LINE("kmalloc-64", 2),
		SLAB_LINE("zs", 6) SLAB_LINE("kmalloc-64", 2),
	};
	/* its active_objs and objperslab columns swapped */
	static const char other_hdr[] = "slabinfo - version: 2.1\n"
	    "# name <objperslab> <num_objs> <objsize> <active_objs> "
	    "<pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : "
	    "slabdata <active_slabs> <num_slabs> <sharedavail>\n";
	size_t i, j;

	for (i = 0; i < sizeof seq / sizeof *seq; i++) {
		char text[1024];
		struct slabinfo fresh = { 0 };

		snprintf(text, sizeof text, "%s%s", i == 18 ? other_hdr :
		    SLUB_HDR, seq[i]);
		CHECK(slab(text) == 0);
		CHECK(slabinfo_parse(text, strlen(text), &fresh, &cause) == 0);
		CHECK_I64(si.n, fresh.n);
		CHECK_I64(si.skipped.n, fresh.skipped.n);
		for (j = 0; j < si.n && j < fresh.n; j++) {
			CHECK_STR(si.c[j].name, fresh.c[j].name);
			CHECK_I64(si.c[j].active_objs, fresh.c[j].active_objs);
			CHECK_I64(si.c[j].instances, fresh.c[j].instances);
		}
		slabinfo_free(&fresh);
	}
	CHECK_STR(si.c[0].name, "kmalloc-64");
	CHECK_I64(si.c[0].active_objs, 2);
	CHECK_STR(si.c[1].name, "zs");
	CHECK_I64(si.c[1].active_objs, 6);
}

static void
vmallocinfo_lines(void)
{
	const char *t =
	    "0xffffc90000000000-0xffffc90000005000   20480 start_kernel+0x42/0x9c pages=4 vmalloc N0=4\n"
	    "0xffffc90000005000-0xffffc90000007000    8192 start_kernel+0x80/0x9c pages=1 vmalloc vpages N0=1\n"
	    "0x0000000000000000-0x0000000000000000    8192 acpi_os_map_iomem+0x1bc/0x1e0 phys=0x00000000000a0000 ioremap\n"
	    "0xffffc90000009000-0xffffc9000000b000    8192 xfs_buf_map+0x1a/0x2b [xfs] pages=1 vmap\n"
	    "0xffffc9000000b000-0xffffc9000000f000   16384 vm_map_ram\n"
	    "0xffffc9000000f000-0xffffc90000010000    4096 unpurged vm_area\n"
	    "0xffffc90000010000-0xffffc90000012000    8192 0xffffffffc0123456 pages=1 vmalloc\n";

	CHECK(vmallocinfo_parse(t, strlen(t), &vi, &cause) == 0);
	CHECK_I64(vi.areas, 7);
	CHECK_I64(vi.bytes, 20480 + 8192 * 4 + 16384 + 4096);
	CHECK_I64(vi.vmalloc_pages, 4 + 1 + 1);
	CHECK_I64(vi.ncaller, 6);
	CHECK_STR(vi.caller[0].name, "[unknown]");
	CHECK_STR(vi.caller[1].name, "[unpurged]");
	CHECK_STR(vi.caller[2].name, "[vm_map_ram]");
	CHECK_STR(vi.caller[3].name, "acpi_os_map_iomem");
	CHECK_STR(vi.caller[4].name, "start_kernel");
	CHECK_I64(vi.caller[4].bytes, 28672);
	CHECK_I64(vi.caller[4].areas, 2);
	CHECK_STR(vi.caller[5].name, "xfs_buf_map");
	CHECK_I64(vi.ntype, 4);		/* vmalloc vpages ioremap vmap */
	CHECK_STR(vi.type[0].name, "vmalloc");
	CHECK_I64(vi.type[0].areas, 3);
	CHECK_STR(vi.type[1].name, "vpages");
	CHECK_I64(vi.type[1].bytes, 8192);
}

static void
vmallocinfo_refuses(void)
{
	const char *u = "hello world\n";

	CHECK(vmallocinfo_parse(u, strlen(u), &vi, &cause) == -1);
	CHECK(strstr(cause, "line 1") != NULL);
	free(cause);
	cause = NULL;
}

/* A size that is not a number, two type words of 96 bytes (which would
 * have been cut to one name), a size past 63 bits, an area that would
 * take the total past it: skipped, the rest kept. */
static void
vmallocinfo_skips_bad_lines(void)
{
	char t[1024], ty[97];

	memset(ty, 'x', 96);
	ty[96] = '\0';
	snprintf(t, sizeof t,
	    "0xffffc90000000000-0xffffc90000005000  big start_kernel+0x42/0x9c\n"
	    "0xffffc90000000000-0xffffc90000005000  4096 f+0x1/0x2 %sa %sb\n"
	    "0xffffc90000000000-0xffffc90000005000  9223372036854775808 g+0x1/0x2\n"
	    "0xffffc90000000000-0xffffc90000005000  9223372036854755327 h+0x1/0x2\n"
	    "0xffffc90000000000-0xffffc90000005000  20480 i+0x1/0x2 pages=4 vmalloc\n"
	    "0xffffc90000000000-0xffffc90000005000  1 h+0x1/0x2\n", ty, ty);
	CHECK(vmallocinfo_parse(t, strlen(t), &vi, &cause) == 0);
	CHECK_I64(vi.skipped.n, 4);
	CHECK(strstr(vi.skipped.first, "line 1: ") == vi.skipped.first);
	CHECK(strstr(vi.skipped.first, "0xffffc9") == NULL);	/* KASLR */
	CHECK_I64(vi.areas, 2);
	CHECK_I64(vi.ncaller, 2);
	CHECK_STR(vi.caller[0].name, "h");
	CHECK_I64(vi.bytes, INT64_MAX);		/* the last line would pass it */
	CHECK_I64(vi.caller[0].bytes, INT64_MAX - 20480);
	CHECK_I64(vi.ntype, 1);
	CHECK_STR(vi.type[0].name, "vmalloc");
}

/* Both versions as the kernel prints them: the trailing blank, modules
 * after the place, 2.0's pairs (accurate:no kept, others passed over),
 * minor versions of a known major. */
static void
allocinfo_versions(void)
{
	CHECK(alloc(ALLOC_V1
	    "     2949120    22648 fs/kernfs/dir.c:615 func:__kernfs_new_node \n"
	    "     4235264     1010 drivers/staging/ctagmod/ctagmod.c:20 "
	    "[ctagmod] func:ctagmod_start \n") == 0);
	CHECK_I64(ai.n, 2);
	CHECK_STR(ai.site[0].name, "drivers/staging/ctagmod/ctagmod.c:20 "
	    "ctagmod_start [ctagmod]");
	CHECK_I64(ai.site[0].bytes, 4235264);
	CHECK_I64(ai.site[0].calls, 1010);
	CHECK_STR(ai.site[1].name, "fs/kernfs/dir.c:615 __kernfs_new_node");
	CHECK_I64(ai.skipped.n, 0);
	CHECK(alloc(ALLOC_V2
	    "       49152       48 arch/x86/kernel/cpu/mce/core.c:2709 "
	    "func:mce_device_create accurate:no \n"
	    "       32768        1 a.c:1 func:f future:yes accurate:yes \n") == 0);
	CHECK_I64(ai.n, 2);
	CHECK_STR(ai.site[0].name, "a.c:1 f");
	CHECK_I64(ai.site[0].inaccurate, 0);
	CHECK_I64(ai.site[1].inaccurate, 1);
	CHECK_I64(ai.skipped.n, 0);
	CHECK(alloc("allocinfo - version: 2.7\n#     <size>  <calls> <tag "
	    "info>\n  1 1 a.c:1 func:f\n") == 0);
	CHECK_I64(ai.n, 1);
}

/* Another major version, or a header that is not the kernel's: refused,
 * saying which. */
static void
allocinfo_refuses(void)
{
	CHECK(alloc("allocinfo - version: 3.0\n#     <size>  <calls> <tag "
	    "info>\n") == -1);
	CHECK(strstr(cause, "\"allocinfo - version: 3.0\" is not a version "
	    "this build understands (1.x, 2.x)") != NULL);
	CHECK(alloc("allocinfo - version: two\n") == -1);
	CHECK(strstr(cause, "not a version") != NULL);
	CHECK(alloc("allocinfo - version: 1.0\n# <size> <tag info>\n") == -1);
	CHECK(strstr(cause, "header not understood") != NULL);
	CHECK(alloc("MemTotal: 1 kB\n") == -1);
	CHECK(strstr(cause, "no version line") != NULL);
	CHECK_I64(ai.n, 0);
}

/* Sizes are signed 64 bits: negative (frees outran the tag's counted
 * allocations) and the extremes kept, past them skipped, never wrapped;
 * a bad line costs that line, and lines of one name are summed. */
static void
allocinfo_sizes_and_bad_lines(void)
{
	static const char t[] = ALLOC_V2
	    "    -3145728        0 net/core/skbuff.c:659 func:kmalloc_reserve "
	    "accurate:no \n"
	    "9223372036854775807 1 big.c:1 func:big \n"
	    "-9223372036854775808 1 small.c:1 func:small \n"
	    "9223372036854775808 1 over.c:1 func:over \n"
	    "  1 -1 neg.c:1 func:neg \n"
	    "  1 1 noline.c func:f \n"
	    "  1 1 a.c:1 f \n"
	    "  1 1 a.c:1 [m] \n"
	    "  1 1 a.c:1 func:f noise \n"
	    "  1 1 a.c:1 func: \n"
	    "  2 3 h.h:7 func:g \n"
	    "  5 7 h.h:7 func:g accurate:no \n"
	    "  1 1 big.c:1 func:big \n";

	CHECK(alloc(t) == 0);
	CHECK_I64(ai.lines, 6);
	CHECK_I64(ai.n, 4);
	CHECK_STR(ai.site[0].name, "big.c:1 big");
	CHECK_I64(ai.site[0].bytes, INT64_MAX);		/* + 1 would pass it */
	CHECK_STR(ai.site[1].name, "h.h:7 g");
	CHECK_I64(ai.site[1].bytes, 7);
	CHECK_I64(ai.site[1].calls, 10);
	CHECK_I64(ai.site[1].inaccurate, 1);
	CHECK_STR(ai.site[2].name, "net/core/skbuff.c:659 kmalloc_reserve");
	CHECK_I64(ai.site[2].bytes, -3145728);
	CHECK_I64(ai.site[3].bytes, INT64_MIN);
	CHECK_I64(ai.skipped.n, 8);
	CHECK(strstr(ai.skipped.first, "line 6: ") == ai.skipped.first);
	CHECK(alloc(ALLOC_V1 "  1 1 a.c:1 func:f accurate:no \n") == 0);
	CHECK_I64(ai.n, 0);		/* 1.0 has no pairs */
	CHECK(strstr(ai.skipped.first, "key:value") != NULL);
}

/* A name past ALLOC_NAME_MAX - 1 bytes is cut, never mid-character,
 * and names cut alike are one site. */
static void
allocinfo_long_names(void)
{
	char t[1024], fn[200];

	memset(fn, 'f', sizeof fn - 1);
	fn[sizeof fn - 1] = '\0';
	snprintf(t, sizeof t, ALLOC_V1 "  1 1 a.c:1 func:%sx \n"
	    "  2 1 a.c:1 func:%sy \n", fn, fn);
	CHECK(alloc(t) == 0);
	CHECK_I64(ai.n, 1);
	CHECK_I64(strlen(ai.site[0].name), ALLOC_NAME_MAX - 1);
	CHECK_I64(ai.site[0].bytes, 3);
}

/* What a sample stores: sites at min or above, or grown by min since
 * the boot's first reading (even from below zero); once kept, kept for
 * the boot; a new boot starts over. */
static void
allocinfo_select_sites(void)
{
	struct alloc_keep k = { 0 };

	CHECK(alloc(ALLOC_V2 " 100 1 a.c:1 func:a \n 2000 1 b.c:1 func:b \n"
	    " -5000 1 c.c:1 func:c accurate:no \n 999 1 d.c:1 func:d \n") == 0);
	allocinfo_select(&k, "boot1", &ai, 1000);
	CHECK_I64(ai.site[0].kept, 0);
	CHECK_I64(ai.site[1].kept, 1);
	CHECK_I64(ai.site[2].kept, 0);
	CHECK_I64(ai.site[3].kept, 0);
	/* c grows by 1000 but stays negative; b falls; e is new */
	CHECK(alloc(ALLOC_V2 " 100 1 a.c:1 func:a \n 10 1 b.c:1 func:b \n"
	    " -4000 1 c.c:1 func:c accurate:no \n 999 1 d.c:1 func:d \n"
	    " 5000 1 e.c:1 func:e \n") == 0);
	allocinfo_select(&k, "boot1", &ai, 1000);
	CHECK_I64(ai.site[0].kept, 0);
	CHECK_I64(ai.site[1].kept, 1);
	CHECK_I64(ai.site[2].kept, 1);
	CHECK_I64(ai.site[3].kept, 0);
	CHECK_I64(ai.site[4].kept, 1);
	allocinfo_select(&k, "boot2", &ai, 1000);
	CHECK_I64(ai.site[1].kept, 0);
	CHECK_I64(ai.site[2].kept, 0);
	CHECK_I64(ai.site[4].kept, 1);
	allocinfo_keep_free(&k);
}

T_MAIN("parsers",
    T(meminfo_units), T(meminfo_refuses), T(meminfo_skips_bad_lines),
    T(meminfo_reparse),
    T(crlf_line_ends), T(slabinfo_version_refused),
    T(slabinfo_huge_counts), T(slabinfo_duplicates_merge),
    T(slabinfo_by_header), T(slabinfo_bad_lines), T(slabinfo_reparse),
    T(vmallocinfo_lines),
    T(vmallocinfo_refuses), T(vmallocinfo_skips_bad_lines),
    T(allocinfo_versions), T(allocinfo_refuses),
    T(allocinfo_sizes_and_bad_lines), T(allocinfo_long_names),
    T(allocinfo_select_sites))
