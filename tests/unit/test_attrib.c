/* attrib and ksyms: event plans from the saved formats of two kernel
 * generations (tests/tracefs), and pairing on trace text as trace_pipe
 * prints it -- comms with dashes and spaces, record-tgid, no irq-info,
 * lines cut between reads -- checked against a plain reference. */
#include "t.h"
#include "attrib.h"
#include "ksyms.h"

static struct trace_format fmt[2][ATTRIB_NEVENTS];

static const struct trace_format *const *
kernel(int old)
{
	static const struct trace_format *use[2][ATTRIB_NEVENTS];
	static const char *const dir[2] = { "linux-6.18", "linux-4.19" };
	char path[256], *buf, *cause = NULL;
	size_t len;
	int e;

	for (e = 0; e < ATTRIB_NEVENTS; e++) {
		snprintf(path, sizeof path, "tests/tracefs/%s/%s.format",
		    dir[old], attrib_event_name[e]);
		if ((buf = t_slurp(path, &len)) == NULL ||
		    trace_format_parse(buf, len, &fmt[old][e], &cause) == -1)
			use[old][e] = NULL;
		else
			use[old][e] = &fmt[old][e];
		free(buf);
		free(cause);
		cause = NULL;
	}
	return use[old];
}

static void
plan_kmalloc(void)
{
	struct attrib_plan p;
	char *cause = NULL, d[160];

	CHECK(attrib_plan(&p, "kmalloc-cg-4k", 4096, kernel(0), &cause) == 0);
	CHECK(p.enable[ATTRIB_KMALLOC] && p.enable[ATTRIB_KFREE]);
	CHECK(!p.enable[ATTRIB_CACHE_ALLOC] && !p.enable[ATTRIB_CACHE_FREE]);
	CHECK_STR(p.filter[ATTRIB_KMALLOC], "bytes_alloc == 4096");
	CHECK_STR(p.filter[ATTRIB_KFREE], "ptr != 0");
	CHECK(p.symbolic);
	attrib_plan_describe(&p, d, sizeof d);
	CHECK_STR(d, "kmem:kmalloc bytes_alloc == 4096, kmem:kfree ptr != 0");
}

/* msg_msg-4k (a kmem_buckets cache, 6.11+) is fed by kmalloc; a name
 * that only looks like a bucket is also traced as a cache of its own. */
static void
plan_bucket(void)
{
	struct attrib_plan p;
	char *cause = NULL;

	CHECK(attrib_plan(&p, "msg_msg-4k", 4096, kernel(0), &cause) == 0);
	CHECK(p.enable[ATTRIB_KMALLOC] && p.enable[ATTRIB_CACHE_ALLOC]);
	CHECK_STR(p.filter[ATTRIB_CACHE_ALLOC], "name == \"msg_msg-4k\"");
	CHECK(p.by_name);
	/* The size disagrees: not a bucket. */
	CHECK(attrib_plan(&p, "foo-128", 192, kernel(0), &cause) == 0);
	CHECK(!p.enable[ATTRIB_KMALLOC]);
}

static void
plan_named(void)
{
	struct attrib_plan p;
	char *cause = NULL;

	CHECK(attrib_plan(&p, "dentry", 192, kernel(0), &cause) == 0);
	CHECK(!p.enable[ATTRIB_KMALLOC] && !p.enable[ATTRIB_KFREE]);
	CHECK_STR(p.filter[ATTRIB_CACHE_ALLOC], "name == \"dentry\"");
	CHECK_STR(p.filter[ATTRIB_CACHE_FREE], "name == \"dentry\"");
	/* 4.19: no name field, so by size; call sites are addresses. */
	CHECK(attrib_plan(&p, "dentry", 192, kernel(1), &cause) == 0);
	CHECK_STR(p.filter[ATTRIB_CACHE_ALLOC], "bytes_alloc == 192");
	CHECK_STR(p.filter[ATTRIB_CACHE_FREE], "ptr != 0");
	CHECK(!p.by_name);
	CHECK(!p.symbolic);
}

static void
plan_refused(void)
{
	const struct trace_format *none[ATTRIB_NEVENTS] = { NULL };
	struct attrib_plan p;
	char *cause = NULL;

	CHECK(attrib_plan(&p, "kmalloc-64", 64, none, &cause) == -1);
	CHECK(strstr(cause, "no kmem:kmalloc") != NULL);
	free(cause);
	cause = NULL;
	CHECK(attrib_plan(&p, "dentry", 192, none, &cause) == -1);
	CHECK(strstr(cause, "kmem_cache_alloc") != NULL);
	free(cause);
	cause = NULL;
	/* A quote would end the filter's string early. */
	CHECK(attrib_plan(&p, "a\"b", 64, kernel(0), &cause) == -1);
	free(cause);
}

/* A line as trace_pipe prints it with the default options. */
static void
emit(struct attrib *a, const char *comm, int pid, const char *event,
    const char *payload)
{
	char l[512];
	int n;

	n = snprintf(l, sizeof l, "%16s-%-7d [%03d] ..... %5d.%06d: %s: %s\n",
	    comm, pid, pid % 4, 1234, pid, event, payload);
	attrib_feed(a, l, (size_t)n);
}

static void
kmalloc_line(struct attrib *a, const char *comm, int pid, const char *site,
    unsigned long long ptr, int bytes)
{
	char p[256];

	snprintf(p, sizeof p, "call_site=%s ptr=%016llx bytes_req=%d "
	    "bytes_alloc=%d gfp_flags=GFP_KERNEL node=-1 accounted=false",
	    site, ptr, bytes - 48, bytes);
	emit(a, comm, pid, "kmalloc", p);
}

static void
kfree_line(struct attrib *a, const char *comm, int pid, unsigned long long ptr)
{
	char p[128];

	snprintf(p, sizeof p, "call_site=free_msg+0x2a/0x50 ptr=%016llx", ptr);
	emit(a, comm, pid, "kfree", p);
}

static struct attrib *
msg_attrib(int stacks)
{
	struct attrib_plan p;
	char *cause = NULL;

	if (attrib_plan(&p, "kmalloc-4k", 4096, kernel(0), &cause) == -1)
		return NULL;
	p.stacks = stacks;
	return attrib_new(&p);
}

/* The stack a stacktrace trigger writes after pid's event, on its CPU;
 * frames NULL-terminated. */
static void
stack_lines(struct attrib *a, const char *comm, int pid,
    const char *const *frames)
{
	char l[512];
	int n;

	n = snprintf(l, sizeof l, "%16s-%-7d [%03d] ..... %5d.%06d: "
	    "<stack trace>\n", comm, pid, pid % 4, 1234, pid);
	attrib_feed(a, l, (size_t)n);
	for (; *frames != NULL; frames++) {
		n = snprintf(l, sizeof l, " => %s\n", *frames);
		attrib_feed(a, l, (size_t)n);
	}
}

static const char *const msgsnd[] = { "trace_event_raw_event_kmalloc",
    "__kmalloc_node_noprof", "load_msg", "do_msgsnd", "do_syscall_64",
    NULL };

/* The counts of a result. */
static void
totals(const struct attrib_result *r, int64_t allocs, int64_t frees,
    int64_t free_events, int64_t outstanding, int64_t bytes,
    int64_t unparsed)
{
	CHECK_I64(r->allocs, allocs);
	CHECK_I64(r->frees, frees);
	CHECK_I64(r->free_events, free_events);
	CHECK_I64(r->outstanding, outstanding);
	CHECK_I64(r->outstanding_bytes, bytes);
	CHECK_I64(r->unparsed, unparsed);
}

/* A leaker and a balanced user of the same call site: only the leaker
 * is left holding anything. */
static void
pairs(void)
{
	struct attrib *a = msg_attrib(0);
	struct attrib_result r;
	unsigned long long i;

	for (i = 1; i <= 5; i++)
		kmalloc_line(a, "leaky-app", 100, "load_msg+0x41/0x1e0",
		    0xabc000 + i, 4096);
	for (i = 1; i <= 7; i++) {
		kmalloc_line(a, "my app", 200, "load_msg+0x41/0x1e0",
		    0xdef000 + i, 4096);
		kfree_line(a, "my app", 200, 0xdef000 + i);
	}
	kmalloc_line(a, "kworker/u8:2-events", 300, "seq_read_iter+0x38e/0x490",
	    0x777, 4096);
	kfree_line(a, "cat", 400, 0x999);		/* not ours */
	kmalloc_line(a, "odd", 500, "x+0x1/0x2", 0x888, 2048);	/* size */
	attrib_feed(a, "garbage\n", 8);
	attrib_result(a, NULL, &r);
	totals(&r, 13, 7, 8, 6, 6 * 4096, 1);
	CHECK_I64(r.nsite, 2);
	CHECK_STR(r.site[0].label, "load_msg+0x41/0x1e0");
	CHECK_I64(r.site[0].outstanding, 5);
	CHECK_I64(r.site[0].allocs, 12);
	CHECK_STR(r.site[1].label, "seq_read_iter+0x38e/0x490");
	CHECK_I64(r.nproc, 3);
	CHECK_STR(r.proc[0].label, "leaky-app");
	CHECK_I64(r.proc[0].pid, 100);
	CHECK_I64(r.proc[0].outstanding, 5);
	CHECK_STR(r.proc[1].label, "kworker/u8:2-events");
	CHECK_STR(r.proc[2].label, "my app");
	CHECK_I64(r.proc[2].outstanding, 0);
	CHECK_I64(r.proc[2].allocs, 7);
	CHECK_I64(r.nstack, 0);		/* not asked for */
	attrib_result_free(&r);
	attrib_free(a);
}

/* The comm traced for pid, or "" if none. */
static const char *
label_of(const struct attrib_result *r, int pid)
{
	size_t i;

	for (i = 0; i < r->nproc; i++)
		if (r->proc[i].pid == pid)
			return r->proc[i].label;
	return "";
}

/* Header variants: record-tgid's "(tgid)", no irq-info flags, a comm
 * holding what looks like a header; and a line cut between reads. */
static void
headers(void)
{
	static const char *const lines[] = {
	    "           a-b-1-11      (     11) [001] d..1. 10.000001: kmalloc: "
	    "call_site=f+0x1/0x9 ptr=00000000000000a1 bytes_req=1 "
	    "bytes_alloc=4096 gfp_flags=none node=-1 accounted=false\n",
	    "              b-12      [000]    10.000002: kmalloc: "
	    "call_site=g+0x1/0x9 [mod] ptr=00000000000000a2 bytes_req=1 "
	    "bytes_alloc=4096 gfp_flags=none node=-1 accounted=false\n",
	    "    x-1 [0] 1.1:-13     [002] ..... 10.000003: kmalloc: "
	    "call_site=h+0x1/0x9 ptr=00000000000000a3 bytes_req=1 "
	    "bytes_alloc=4096 gfp_flags=none node=-1 accounted=false\n",
	};
	struct attrib *a = msg_attrib(0);
	struct attrib_result r;
	size_t i, n;

	for (i = 0; i < 3; i++) {
		n = strlen(lines[i]);
		attrib_feed(a, lines[i], n / 3);	/* in three reads */
		attrib_feed(a, lines[i] + n / 3, n / 3);
		attrib_feed(a, lines[i] + 2 * (n / 3), n - 2 * (n / 3));
	}
	attrib_result(a, NULL, &r);
	CHECK_I64(r.unparsed, 0);
	CHECK_I64(r.allocs, 3);
	CHECK_I64(r.nproc, 3);
	CHECK_STR(label_of(&r, 11), "a-b-1");
	CHECK_STR(label_of(&r, 12), "b");
	CHECK_STR(label_of(&r, 13), "x-1 [0] 1.1:");
	for (i = 0; i < r.nsite; i++)
		CHECK(strcmp(r.site[i].label, "g+0x1/0x9 [mod]") == 0 ||
		    strcmp(r.site[i].label, "f+0x1/0x9") == 0 ||
		    strcmp(r.site[i].label, "h+0x1/0x9") == 0);
	attrib_result_free(&r);
	attrib_free(a);
}

/* 4.19 prints call sites as addresses: named through kallsyms, or
 * "(unknown)" -- never reported raw. */
static void
addresses(void)
{
	static const char kallsyms[] =
	    "ffffffff81000000 T _stext\n"
	    "ffffffff81200000 t load_msg\n"
	    "ffffffff81200400 T do_msgsnd\n"
	    "ffffffff81200800 d some_data\n"
	    "ffffffffc0100000 t helper\t[mlkmod]\n"
	    "ffffffffc0100100 t helper_end\t[mlkmod]\n";
	struct attrib_plan p;
	struct attrib *a;
	struct attrib_result r;
	struct ksyms *ks;
	char *cause = NULL, buf[128];

	CHECK((ks = ksyms_parse(kallsyms, sizeof kallsyms - 1, &cause)) != NULL);
	CHECK(ksyms_name(ks, 0xffffffff81200041ull, buf, sizeof buf) == 0);
	CHECK_STR(buf, "load_msg+0x41/0x400");
	CHECK(ksyms_name(ks, 0xffffffffc0100010ull, buf, sizeof buf) == 0);
	CHECK_STR(buf, "helper+0x10/0x100 [mlkmod]");
	CHECK(ksyms_name(ks, 0x1000, buf, sizeof buf) == -1);
	CHECK(attrib_plan(&p, "kmalloc-4k", 4096, kernel(1), &cause) == 0);
	a = attrib_new(&p);
	kmalloc_line(a, "k", 1, "ffffffff81200041", 0x10, 4096);
	kmalloc_line(a, "k", 1, "ffffffff81200041", 0x11, 4096);
	kmalloc_line(a, "k", 1, "ffffffff81200041", 0x14, 4096);
	kmalloc_line(a, "k", 1, "0000000000001234", 0x12, 4096);
	kmalloc_line(a, "k", 1, "0000000000005678", 0x13, 4096);
	attrib_result(a, ks, &r);
	CHECK_I64(r.nsite, 2);
	CHECK_STR(r.site[0].label, "load_msg+0x41/0x400");
	CHECK_STR(r.site[1].label, "(unknown)");
	CHECK_I64(r.site[1].outstanding, 2);
	attrib_result_free(&r);
	attrib_result(a, NULL, &r);		/* kallsyms unreadable */
	CHECK_I64(r.nsite, 1);
	CHECK_STR(r.site[0].label, "(unknown)");
	attrib_result_free(&r);
	attrib_free(a);
	ksyms_free(ks);
	/* Addresses hidden (kptr_restrict): nothing to look up. */
	CHECK(ksyms_parse("0000000000000000 T _stext\n", 26, &cause) == NULL);
	CHECK(strstr(cause, "kptr_restrict") != NULL);
	free(cause);
}

/* The pointer table against a plain list: many pointers that collide,
 * the table growing, frees in random order. */
static void
table(void)
{
	enum { N = 20000 };
	static unsigned long long held[N];
	struct attrib *a = msg_attrib(0);
	struct attrib_result r;
	unsigned long long ptr;
	size_t nheld = 0, i, k;
	unsigned seed = 7;

	for (i = 0; i < 4 * N; i++) {
		seed = seed * 1103515245u + 12345u;
		if (nheld < N && (nheld == 0 || (seed >> 16) % 3 != 0)) {
			ptr = 0xffff888000000000ull + (unsigned long long)
			    ((seed >> 8) % (8 * N)) * 64;
			for (k = 0; k < nheld && held[k] != ptr; k++)
				;
			if (k < nheld)		/* reused: the old free was
						   missed, the entry replaced */
				held[k] = held[--nheld];
			held[nheld++] = ptr;
			kmalloc_line(a, "t", 1, "s+0x1/0x2", ptr, 4096);
		} else {
			k = (seed >> 16) % nheld;
			kfree_line(a, "t", 1, held[k]);
			held[k] = held[--nheld];
		}
	}
	attrib_result(a, NULL, &r);
	CHECK_I64(r.outstanding, nheld);
	CHECK_I64(r.untracked, 0);
	attrib_result_free(&r);
	for (i = 0; i < nheld; i++)
		kfree_line(a, "t", 1, held[i]);
	attrib_result(a, NULL, &r);
	CHECK_I64(r.outstanding, 0);
	attrib_result_free(&r);
	attrib_free(a);
}

/* Bounds: past 4096 groups, one "(other)"; past the pointer table,
 * allocations counted as untracked; a line longer than any the kernel
 * prints is dropped and counted once, however it is cut. */
static void
bounds(void)
{
	struct attrib *a = msg_attrib(0);
	struct attrib_result r;
	static char longline[5000];
	unsigned i;

	for (i = 0; i < 10000; i++)
		kmalloc_line(a, "forky", (int)i + 1, "s+0x1/0x2", 0x1000 + i,
		    4096);
	for (i = 0; i < ATTRIB_TRACKED_MAX; i++)
		kmalloc_line(a, "forky", 1, "s+0x1/0x2", 0x100000 + i, 4096);
	memset(longline, 'x', sizeof longline);
	attrib_feed(a, longline, 1024);
	attrib_feed(a, longline, sizeof longline);
	attrib_feed(a, "\n", 1);
	memset(longline, 'y', 1023);
	longline[1023] = '\n';
	attrib_feed(a, longline, 1024);	/* 1023 + newline: kept, unparsed */
	attrib_result(a, NULL, &r);
	CHECK_I64(r.nproc, 4096);
	CHECK(strcmp(label_of(&r, 0), "(other)") == 0);
	CHECK_I64(r.allocs, 10000 + ATTRIB_TRACKED_MAX);
	CHECK_I64(r.untracked, 10000);
	CHECK_I64(r.outstanding, ATTRIB_TRACKED_MAX);
	CHECK_I64(r.unparsed, 2);
	attrib_result_free(&r);
	attrib_free(a);
}

/*
 * Stacks: each follows its event on the event's CPU, but trace_pipe
 * merges CPUs, and an interrupt's event and stack may come between an
 * event and its own.  The tracer's frames go, an address is "(unknown)",
 * depth stops at STACK_DEPTH, and a trace may end inside a stack.
 */
static void
stacks(void)
{
	static const char *const irq[] = { "__kmalloc_noprof",
	    "some_irq_handler", "handle_irq", NULL };
	static const char *deep[STACK_DEPTH + 6];
	static char names[STACK_DEPTH + 6][16];
	struct attrib *a = msg_attrib(1);
	struct attrib_result r;
	size_t i;

	kmalloc_line(a, "leaky", 100, "load_msg+0x41/0x1e0", 0xa1, 4096);
	kmalloc_line(a, "echo", 201, "load_msg+0x41/0x1e0", 0xb1, 4096);
	stack_lines(a, "leaky", 100, msgsnd);
	stack_lines(a, "echo", 201, msgsnd);
	kfree_line(a, "echo", 201, 0xb1);
	kmalloc_line(a, "leaky", 100, "load_msg+0x41/0x1e0", 0xa2, 4096);
	kmalloc_line(a, "leaky", 100, "irq+0x1/0x2", 0xa3, 4096);
	stack_lines(a, "leaky", 100, irq);		/* 0xa3's */
	stack_lines(a, "leaky", 100, msgsnd);		/* 0xa2's */
	for (i = 0; i < STACK_DEPTH + 5; i++) {
		snprintf(names[i], sizeof names[i], "f%zu", i);
		deep[i] = names[i];
	}
	deep[3] = "ffffffffc0a1b2c3";
	kmalloc_line(a, "deep", 302, "f0+0x1/0x2", 0xc1, 4096);
	kmalloc_line(a, "deep", 302, "f0+0x1/0x2", 0xc2, 4096);
	stack_lines(a, "deep", 302, deep);		/* 0xc2's */
	attrib_result(a, NULL, &r);			/* ends it */
	CHECK_I64(r.outstanding, 5);
	CHECK_I64(r.nstack, 4);
	CHECK_STR(r.stack[0].frames, "__kmalloc_node_noprof\nload_msg\n"
	    "do_msgsnd\ndo_syscall_64");
	CHECK_I64(r.stack[0].allocs, 3);
	CHECK_I64(r.stack[0].outstanding, 2);
	CHECK_I64(r.stack[0].bytes, 8192);
	CHECK_I64(r.stack[0].nproc, 1);
	CHECK_STR(r.stack[0].proc[0].comm, "leaky");
	CHECK_I64(r.stack[0].proc[0].pid, 100);
	CHECK_I64(r.stack[0].proc[0].outstanding, 2);
	/* One each, first seen first: 0xc1's stack that never came, the
	 * interrupt's, the deep one. */
	for (i = 1; i < 4; i++)
		CHECK_I64(r.stack[i].outstanding, 1);
	CHECK_STR(r.stack[1].frames, "(no stack)");
	CHECK_STR(r.stack[2].frames, "__kmalloc_noprof\nsome_irq_handler\n"
	    "handle_irq");
	CHECK(strncmp(r.stack[3].frames, "f0\nf1\nf2\n(unknown)\nf4\n",
	    22) == 0);
	CHECK(strstr(r.stack[3].frames, "\nf15") != NULL);
	CHECK(strstr(r.stack[3].frames, "\nf16") == NULL);
	CHECK_I64(r.stack_overflow, 0);
	attrib_result_free(&r);
	attrib_free(a);
}

/* A stack table that fills: the rest are one group, counted. */
static void
stack_overflow(void)
{
	struct attrib *a = msg_attrib(1);
	struct attrib_result r;
	char name[32];
	const char *frames[] = { name, "common", NULL };
	unsigned i;

	for (i = 0; i < STACKS_MAX + 5; i++) {
		kmalloc_line(a, "many", 7, "s+0x1/0x2", 0x1000 + i, 4096);
		snprintf(name, sizeof name, "path%u", i);
		stack_lines(a, "many", 7, frames);
	}
	kmalloc_line(a, "many", 7, "s+0x1/0x2", 0x9000, 4096);
	stack_lines(a, "many", 7, frames);	/* the last again: room */
	kmalloc_line(a, "x", 8, "t+0x1/0x2", 0x9001, 4096);
	attrib_result(a, NULL, &r);
	CHECK_I64(r.stack_overflow, 6);
	CHECK_I64(r.nstack, ATTRIB_STACKS);
	CHECK_STR(r.stack[0].frames, "(stack table full)");
	CHECK_I64(r.stack[0].outstanding, 6);
	CHECK_I64(r.stack[0].allocs, 6);
	CHECK_I64(r.stack[0].bytes, 6 * 4096);
	attrib_result_free(&r);
	attrib_free(a);
}

/* Pages: mm_page_alloc filtered to what the kernel keeps, every free;
 * 4.19's formats are not kept here, so it has neither. */
static void
plan_pages(void)
{
	const struct trace_format *none[ATTRIB_NEVENTS] = { NULL };
	struct attrib_plan p;
	char *cause = NULL, d[160];

	CHECK(attrib_plan_pages(&p, 4096, kernel(0), &cause) == 0);
	CHECK(p.enable[ATTRIB_PAGE_ALLOC] && p.enable[ATTRIB_PAGE_FREE]);
	CHECK(!p.enable[ATTRIB_KMALLOC] && !p.enable[ATTRIB_CACHE_ALLOC]);
	CHECK_I64(p.objsize, 4096);
	attrib_plan_describe(&p, d, sizeof d);
	CHECK_STR(d, "kmem:mm_page_alloc migratetype != 1, kmem:mm_page_free");
	CHECK(attrib_plan_pages(&p, 4096, none, &cause) == -1);
	CHECK(strstr(cause, "mm_page_alloc") != NULL);
	free(cause);
}

/* Lines of a trace of `kleak pipe` on 6.18, a page each. */
static void
page_line(struct attrib *a, const char *comm, int pid, const char *event,
    unsigned long long pfn, int order)
{
	char p[256];

	if (strcmp(event, "mm_page_free") == 0)
		snprintf(p, sizeof p, "page=ffffea0007097740 pfn=0x%llx "
		    "order=%d", pfn, order);
	else
		snprintf(p, sizeof p, "page=ffffea0007097740 pfn=0x%llx "
		    "order=%d migratetype=0 gfp_flags=GFP_HIGHUSER|"
		    "__GFP_ACCOUNT", pfn, order);
	emit(a, comm, pid, event, p);
}

static const char *const pipe_write[] = {
    "trace_event_raw_event_mm_page_alloc", "__alloc_frozen_pages_noprof",
    "alloc_pages_mpol", "alloc_pages_noprof", "anon_pipe_write", "vfs_write",
    "ksys_write", "do_syscall_64", "entry_SYSCALL_64_after_hwframe", NULL };

/*
 * Pages pair by pfn: a block freed by anyone, whatever its order; a pfn
 * allocated again (its free unseen) replaces its entry; a failed
 * allocation (pfn 0) is no page.  A page's call site is the first frame
 * outside the page allocator, or "(no stack)" when none came; a page
 * table's page is counted in PageTables, so left out.
 */
static void
pages(void)
{
	static const char *const pte[] = { "trace_event_raw_event_mm_page_alloc",
	    "__alloc_frozen_pages_noprof", "alloc_pages_noprof",
	    "pte_alloc_one", "do_fault", NULL };
	struct attrib_plan p;
	struct attrib *a;
	struct attrib_result r;
	char *cause = NULL;

	CHECK(attrib_plan_pages(&p, 4096, kernel(0), &cause) == 0);
	p.stacks = 1;
	a = attrib_new(&p);
	page_line(a, "kleak", 4411, "mm_page_alloc", 0x1c25dd, 0);
	stack_lines(a, "kleak", 4411, pipe_write);
	page_line(a, "kleak", 4411, "mm_page_alloc", 0x1c25de, 0);
	stack_lines(a, "kleak", 4411, pipe_write);
	page_line(a, "bash", 99, "mm_page_alloc", 0x200000, 2);
	stack_lines(a, "bash", 99, pte);
	page_line(a, "kleak", 4411, "mm_page_alloc", 0x1c25df, 0);
	stack_lines(a, "kleak", 4411, pipe_write);
	page_line(a, "kworker/0:1", 22, "mm_page_alloc", 0x300000, 1);
	page_line(a, "kleak", 4411, "mm_page_alloc", 0, 0);
	page_line(a, "swapper/1", 0, "mm_page_free", 0x200000, 0);
	page_line(a, "kworker/0:1", 22, "mm_page_free", 0x1c25de, 0);
	page_line(a, "kworker/0:1", 22, "mm_page_free", 0x123456, 0);
	page_line(a, "kleak", 4411, "mm_page_alloc", 0x1c25dd, 0);
	stack_lines(a, "kleak", 4411, pipe_write);
	attrib_result(a, NULL, &r);
	totals(&r, 5, 1, 3, 3, 2 * 4096 + 8192, 0);
	CHECK_I64(r.counted, 1);
	CHECK_I64(r.nsite, 2);
	CHECK_STR(r.site[0].label, "anon_pipe_write");
	CHECK_I64(r.site[0].allocs, 4);
	CHECK_I64(r.site[0].outstanding, 2);
	CHECK_STR(r.site[1].label, "(no stack)");
	CHECK_I64(r.site[1].bytes, 8192);
	CHECK_STR(r.stack[0].frames, "__alloc_frozen_pages_noprof\n"
	    "alloc_pages_mpol\nalloc_pages_noprof\nanon_pipe_write\nvfs_write\n"
	    "ksys_write\ndo_syscall_64\nentry_SYSCALL_64_after_hwframe");
	CHECK_I64(r.stack[0].outstanding, 2);
	CHECK_STR(r.stack[0].proc[0].comm, "kleak");
	CHECK_I64(r.stack[0].proc[0].pid, 4411);
	CHECK_STR(label_of(&r, 22), "kworker/0:1");
	attrib_result_free(&r);
	attrib_free(a);
}

/* A pid the trace printed as "<...>" (its comm no longer cached), and
 * under the shell's name before its exec, where it named it elsewhere
 * more often: one process, in the processes and the stack. */
static void
unnamed(void)
{
	struct attrib *a = msg_attrib(1);
	struct attrib_result r;

	kmalloc_line(a, "sh", 100, "load_msg+0x41/0x1e0", 0xa0, 4096);
	stack_lines(a, "sh", 100, msgsnd);
	kmalloc_line(a, "kleak", 100, "load_msg+0x41/0x1e0", 0xa1, 4096);
	stack_lines(a, "kleak", 100, msgsnd);
	kmalloc_line(a, "kleak", 100, "load_msg+0x41/0x1e0", 0xa4, 4096);
	stack_lines(a, "kleak", 100, msgsnd);
	kmalloc_line(a, "<...>", 100, "load_msg+0x41/0x1e0", 0xa2, 4096);
	stack_lines(a, "<...>", 100, msgsnd);
	kmalloc_line(a, "<...>", 300, "load_msg+0x41/0x1e0", 0xa3, 4096);
	stack_lines(a, "<...>", 300, msgsnd);
	attrib_result(a, NULL, &r);
	CHECK_I64(r.nproc, 2);
	CHECK_STR(r.proc[0].label, "kleak");
	CHECK_I64(r.proc[0].pid, 100);
	CHECK_I64(r.proc[0].outstanding, 4);
	CHECK_STR(r.proc[1].label, "<...>");	/* never named */
	CHECK_I64(r.nstack, 1);
	CHECK_I64(r.stack[0].nproc, 2);
	CHECK_STR(r.stack[0].proc[0].comm, "kleak");
	CHECK_I64(r.stack[0].proc[0].outstanding, 4);
	attrib_result_free(&r);
	attrib_free(a);
}

T_MAIN("attrib", T(plan_kmalloc), T(plan_bucket), T(plan_named),
    T(plan_refused), T(plan_pages), T(pairs), T(headers), T(addresses),
    T(table), T(bounds), T(stacks), T(stack_overflow), T(pages),
    T(unnamed))
