#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrib.h"
#include "ksyms.h"
#include "stacks.h"
#include "text.h"
#include "xmem.h"

const char *const attrib_event_name[ATTRIB_NEVENTS] = {
	"kmalloc", "kfree", "kmem_cache_alloc", "kmem_cache_free",
	"mm_page_alloc", "mm_page_free",
};

/* The size a "-N" or "-Nk" suffix names (kmalloc-1k, msg_msg-4k,
 * kmalloc-rnd-06-8k); 0 if there is none. */
static uint64_t
suffix_size(const char *cache)
{
	const char *d = strrchr(cache, '-');
	uint64_t v = 0;

	if (d == NULL || d[1] < '0' || d[1] > '9')
		return 0;
	for (d++; *d >= '0' && *d <= '9'; d++)
		v = v * 10 + (uint64_t)(*d - '0');
	if (d[0] == 'k' && d[1] == '\0')
		return v * 1024;
	return *d == '\0' ? v : 0;
}

int
attrib_is_alloc(int e)
{
	return e == ATTRIB_KMALLOC || e == ATTRIB_CACHE_ALLOC ||
	    e == ATTRIB_PAGE_ALLOC;
}

/* Pages are keyed by pfn, objects by ptr. */
static int
is_page(int e)
{
	return e == ATTRIB_PAGE_ALLOC || e == ATTRIB_PAGE_FREE;
}

static int
has_field(const struct trace_format *f, const char *name)
{
	return f != NULL && trace_format_field(f, name) != NULL;
}

static void
enable(struct attrib_plan *p, enum attrib_event e, const char *filter)
{
	p->enable[e] = 1;
	snprintf(p->filter[e], sizeof p->filter[e], "%s", filter);
}

/* Do the allocation events enabled print call_site as a symbol? */
static int
plan_symbolic(const struct attrib_plan *p,
    const struct trace_format *const fmt[ATTRIB_NEVENTS])
{
	return (!p->enable[ATTRIB_KMALLOC] ||
	    fmt[ATTRIB_KMALLOC]->call_site_symbol) &&
	    (!p->enable[ATTRIB_CACHE_ALLOC] ||
	    fmt[ATTRIB_CACHE_ALLOC]->call_site_symbol);
}

int
attrib_plan(struct attrib_plan *p, const char *cache, uint64_t objsize,
    const struct trace_format *const fmt[ATTRIB_NEVENTS], char **cause)
{
	char by_size[40], by_name[ATTRIB_FILTER_MAX];
	int kmalloc_fed, is_kmalloc;

	memset(p, 0, sizeof *p);
	if (strlen(cache) >= sizeof p->cache || strchr(cache, '"') != NULL ||
	    objsize == 0) {
		xasprintf(cause, "%s: not a slab cache that can be traced",
		    cache);
		return -1;
	}
	snprintf(p->cache, sizeof p->cache, "%s", cache);
	p->objsize = objsize;
	snprintf(by_size, sizeof by_size, "bytes_alloc == %llu",
	    (unsigned long long)objsize);
	snprintf(by_name, sizeof by_name, "name == \"%s\"", cache);
	is_kmalloc = strncmp(cache, "kmalloc-", 8) == 0 ||
	    strstr(cache, "-kmalloc-") != NULL;
	kmalloc_fed = suffix_size(cache) == objsize;
	if (kmalloc_fed) {
		if (!has_field(fmt[ATTRIB_KMALLOC], "bytes_alloc") ||
		    !has_field(fmt[ATTRIB_KFREE], "ptr")) {
			xasprintf(cause, "this kernel has no kmem:kmalloc and "
			    "kmem:kfree events with bytes_alloc and ptr");
			return -1;
		}
		enable(p, ATTRIB_KMALLOC, by_size);
		enable(p, ATTRIB_KFREE, "ptr != 0");
	}
	/* kmalloc-N is only ever fed by kmalloc; a name that merely looks
	 * like a bucket may be a cache of its own, so trace both ways. */
	if (is_kmalloc && kmalloc_fed)
		goto done;
	if (!has_field(fmt[ATTRIB_CACHE_ALLOC], "ptr") ||
	    !has_field(fmt[ATTRIB_CACHE_FREE], "ptr")) {
		if (kmalloc_fed)
			goto done;
		xasprintf(cause, "this kernel has no kmem:kmem_cache_alloc and "
		    "kmem:kmem_cache_free events");
		return -1;
	}
	if (has_field(fmt[ATTRIB_CACHE_ALLOC], "name") &&
	    has_field(fmt[ATTRIB_CACHE_FREE], "name")) {
		p->by_name = 1;
		enable(p, ATTRIB_CACHE_ALLOC, by_name);
		enable(p, ATTRIB_CACHE_FREE, by_name);
	} else if (has_field(fmt[ATTRIB_CACHE_ALLOC], "bytes_alloc")) {
		enable(p, ATTRIB_CACHE_ALLOC, by_size);
		enable(p, ATTRIB_CACHE_FREE, "ptr != 0");
	} else if (!kmalloc_fed) {
		xasprintf(cause, "kmem:kmem_cache_alloc has neither name nor "
		    "bytes_alloc on this kernel");
		return -1;
	}
done:
	p->symbolic = plan_symbolic(p, fmt);
	return 0;
}

int
attrib_plan_pages(struct attrib_plan *p, uint64_t pagesize,
    const struct trace_format *const fmt[ATTRIB_NEVENTS], char **cause)
{
	memset(p, 0, sizeof *p);
	if (!has_field(fmt[ATTRIB_PAGE_ALLOC], "pfn") ||
	    !has_field(fmt[ATTRIB_PAGE_ALLOC], "order") ||
	    !has_field(fmt[ATTRIB_PAGE_FREE], "pfn")) {
		xasprintf(cause, "this kernel has no kmem:mm_page_alloc and "
		    "kmem:mm_page_free events with pfn and order");
		return -1;
	}
	p->objsize = pagesize;
	enable(p, ATTRIB_PAGE_ALLOC, has_field(fmt[ATTRIB_PAGE_ALLOC],
	    "migratetype") ? "migratetype != 1" : "");
	enable(p, ATTRIB_PAGE_FREE, "");
	p->symbolic = 1;	/* no call_site: none to look up */
	return 0;
}

void
attrib_plan_describe(const struct attrib_plan *p, char *buf, size_t len)
{
	size_t used = 0;
	int e, n;

	buf[0] = '\0';
	for (e = 0; e < ATTRIB_NEVENTS; e++) {
		if (!p->enable[e])
			continue;
		n = snprintf(buf + used, len - used, "%skmem:%s%s%s%s",
		    used ? ", " : "", attrib_event_name[e],
		    p->filter[e][0] ? " " : "", p->filter[e],
		    p->stacks && attrib_is_alloc(e) ? " with stacks" : "");
		if (n < 0 || (size_t)n >= len - used)
			return;
		used += (size_t)n;
	}
}

/* Groups: call sites or processes, interned by label (and pid). */
#define GROUPS_MAX	4096

struct groups {
	struct attrib_group *g;
	size_t		 n, cap;
	uint32_t	*index;		/* open addressing: g index + 1 */
	size_t		 mask;
	uint32_t	 other;		/* "(other)" past GROUPS_MAX; 0 none */
};

#define NO_STACK	"(no stack)"

static uint32_t
groups_add(struct groups *gs, struct span label, int pid)
{
	struct attrib_group *g;

	if (gs->n == gs->cap) {
		gs->cap = gs->cap ? gs->cap * 2 : 64;
		gs->g = xreallocarray(gs->g, gs->cap, sizeof *gs->g);
	}
	g = &gs->g[gs->n];
	memset(g, 0, sizeof *g);
	if (label.len >= sizeof g->label)
		label.len = sizeof g->label - 1;
	memcpy(g->label, label.p, label.len);
	g->pid = pid;
	return (uint32_t)gs->n++;
}

static uint32_t
groups_get(struct groups *gs, struct span label, int pid)
{
	size_t i, len = label.len < ATTRIB_LABEL_MAX ? label.len :
	    ATTRIB_LABEL_MAX - 1;
	struct attrib_group *g;
	uint32_t k;

	if (gs->index == NULL) {
		gs->mask = 2 * GROUPS_MAX - 1;
		gs->index = xcalloc(gs->mask + 1, sizeof *gs->index);
	}
	for (i = text_hash(label.p, len, (unsigned)pid) & gs->mask;
	    (k = gs->index[i]) != 0; i = (i + 1) & gs->mask) {
		g = &gs->g[k - 1];
		if (g->pid == pid && strncmp(g->label, label.p, len) == 0 &&
		    g->label[len] == '\0')
			return k - 1;
	}
	if (gs->other != 0 || gs->n == GROUPS_MAX - 1) {	/* the last slot
							   is "(other)" */
		if (gs->other == 0)
			gs->other = groups_add(gs, (struct span){ "(other)", 7 },
			    0) + 1;
		return gs->other - 1;
	}
	k = groups_add(gs, label, pid);
	gs->index[i] = k + 1;
	return k;
}

static void
groups_free(struct groups *gs)
{
	free(gs->g);
	free(gs->index);
}

/* An allocation not yet seen freed.  ptr 0 marks an empty slot: the
 * kernel never hands out NULL, and hashed NULL prints as 0 too. */
struct live {
	uint64_t	 ptr;
	uint32_t	 site, proc, stack;
	uint32_t	 bytes;
};

/* Allocations whose stack is still to come: the trigger writes it
 * after the event, on the same CPU, but trace_pipe merges the CPUs, and
 * an interrupt's event and stack may come between.  The newest of a CPU
 * and pid is the one a stack belongs to. */
#define PENDING_MAX	16

struct pending {
	uint64_t	 ptr;
	int		 cpu, pid;
};

#define LINE_MAX_BYTES	1024

struct attrib {
	struct attrib_plan plan;
	struct groups	 sites, procs;
	uint32_t	 pagesite;	/* NO_STACK's site + 1: pages whose
					   stack is still to come; 0 none */
	struct live	*live;
	size_t		 mask, nlive;
	uint64_t	 allocs, frees, free_events, untracked, unparsed;
	uint64_t	 counted;
	struct stacks	*stacks;	/* NULL when the plan has none */
	struct pending	 pend[PENDING_MAX];
	size_t		 npend;
	uint64_t	 stack_of;	/* the " => " lines read are its stack;
					   0: not in a stack */
	char		 part[LINE_MAX_BYTES];	/* a line cut between feeds */
	size_t		 npart;
	int		 overlong;	/* part overflowed: drop the line */
};

struct attrib *
attrib_new(const struct attrib_plan *p)
{
	struct attrib *a = xcalloc(1, sizeof *a);

	a->plan = *p;
	a->mask = 4095;
	a->live = xcalloc(a->mask + 1, sizeof *a->live);
	if (p->stacks)
		a->stacks = stacks_new();
	return a;
}

void
attrib_free(struct attrib *a)
{
	if (a == NULL)
		return;
	groups_free(&a->sites);
	groups_free(&a->procs);
	stacks_free(a->stacks);
	free(a->live);
	free(a);
}

static size_t
live_home(const struct attrib *a, uint64_t ptr)
{
	return (size_t)((ptr * 0x9e3779b97f4a7c15ull) >> 32) & a->mask;
}

static size_t
live_find(const struct attrib *a, uint64_t ptr)
{
	size_t i;

	for (i = live_home(a, ptr); a->live[i].ptr != 0 &&
	    a->live[i].ptr != ptr; i = (i + 1) & a->mask)
		;
	return i;
}

static void
live_grow(struct attrib *a)
{
	struct live *old = a->live;
	size_t n = a->mask + 1, i;

	a->mask = 2 * n - 1;
	a->live = xcalloc(2 * n, sizeof *a->live);
	for (i = 0; i < n; i++)
		if (old[i].ptr != 0)
			a->live[live_find(a, old[i].ptr)] = old[i];
	free(old);
}

static void
live_put(struct attrib *a, const struct live *l)
{
	size_t i = live_find(a, l->ptr);

	if (a->live[i].ptr == 0) {	/* a pointer seen again replaces its
					   entry: its free went unseen */
		if (a->nlive >= ATTRIB_TRACKED_MAX) {
			a->untracked++;
			return;
		}
		a->nlive++;
	}
	a->live[i] = *l;
	if (a->nlive > (a->mask + 1) / 2)
		live_grow(a);
}

/* Remove slot i, shifting back the entries of its probe run (linear
 * probing without tombstones). */
static void
live_del(struct attrib *a, size_t i)
{
	size_t j = i, k;

	for (;;) {
		j = (j + 1) & a->mask;
		if (a->live[j].ptr == 0)
			break;
		k = live_home(a, a->live[j].ptr);
		/* j stays if its home lies cyclically in (i, j]. */
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		a->live[i] = a->live[j];
		i = j;
	}
	a->live[i].ptr = 0;
	a->nlive--;
}

/* What a stacktrace trigger writes in place of an event's name; its
 * frames follow, one a line: " => load_msg". */
#define STACK_MARK	"<stack trace>"

/* One trace line, split: "comm-pid [cpu] flags ts: event: payload". */
struct trace_line {
	struct span	 comm;
	int		 pid, cpu;
	struct span	 event, payload;
};

static const char *
skip_spaces(const char *p, const char *end)
{
	while (p < end && *p == ' ')
		p++;
	return p;
}

static const char *
skip_digits(const char *p, const char *end)
{
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	return p;
}

/* Does the header go on from p, just after "comm-", as it should?  The
 * comm may hold anything, '-' included, so each '-' is tried in turn. */
static int
header_from(const char *p, const char *end, struct trace_line *t)
{
	const char *q = skip_digits(p, end), *tok;
	long pid;

	if (q == p || q - p > 9)
		return -1;
	pid = strtol(p, NULL, 10);
	q = skip_spaces(q, end);
	if (q < end && *q == '(') {		/* record-tgid: "(  123)" */
		while (q < end && *q != ')')
			q++;
		q = skip_spaces(q + 1, end);
	}
	if (q >= end || *q != '[')
		return -1;
	p = q + 1;
	q = skip_digits(p, end);
	if (q == p || q >= end || *q != ']')
		return -1;
	t->cpu = (int)strtol(p, NULL, 10);
	q = skip_spaces(q + 1, end);
	/* flags ("d..1."; absent without irq-info), then "12345.678901:" */
	for (tok = q; q < end && *q != ' '; q++)
		;
	if (q > tok && q[-1] != ':') {
		q = skip_spaces(q, end);
		for (tok = q; q < end && *q != ' '; q++)
			;
	}
	if (q - tok < 4 || q[-1] != ':' || skip_digits(tok, q) == tok)
		return -1;
	p = q + 1;				/* "event: payload" */
	t->pid = (int)pid;
	if (text_eq((struct span){ p, (size_t)(end - p) }, STACK_MARK)) {
		t->event = (struct span){ p, (size_t)(end - p) };
		t->payload = (struct span){ end, 0 };
		return 0;
	}
	for (q = p; q < end && *q != ':' && *q != ' '; q++)
		;
	if (q == p || q + 1 >= end || *q != ':' || q[1] != ' ')
		return -1;
	t->event = (struct span){ p, (size_t)(q - p) };
	t->payload = (struct span){ q + 2, (size_t)(end - q - 2) };
	return 0;
}

static int
line_split(const char *l, size_t n, struct trace_line *t)
{
	const char *end = l + n, *start = skip_spaces(l, end), *p;

	for (p = start; p < end && p - start <= 64; p++)
		if (*p == '-' && p > start && header_from(p + 1, end, t) == 0) {
			t->comm = (struct span){ start, (size_t)(p - start) };
			return 0;
		}
	return -1;
}

/* The value of key= in a payload: up to the next " word=", or for
 * call_site (which may end in " [module]") up to " ptr=". */
static int
field(struct span payload, const char *key, struct span *v)
{
	size_t klen = strlen(key);
	const char *p = payload.p, *end = payload.p + payload.len, *q;

	for (;;) {
		if ((size_t)(end - p) > klen && memcmp(p, key, klen) == 0 &&
		    p[klen] == '=')
			break;
		if ((p = memchr(p, ' ', (size_t)(end - p))) == NULL)
			return -1;
		p++;
	}
	p += klen + 1;
	if (strcmp(key, "call_site") == 0) {
		q = memmem(p, (size_t)(end - p), " ptr=", 5);
		if (q == NULL)
			return -1;
	} else if ((q = memchr(p, ' ', (size_t)(end - p))) == NULL)
		q = end;
	*v = (struct span){ p, (size_t)(q - p) };
	return 0;
}

static int
event_of(const struct attrib *a, struct span name)
{
	int e;

	for (e = 0; e < ATTRIB_NEVENTS; e++)
		if (a->plan.enable[e] && text_eq(name, attrib_event_name[e]))
			return e;
	return -1;
}

static void
pending_push(struct attrib *a, const struct trace_line *t, uint64_t ptr)
{
	if (a->npend == PENDING_MAX)	/* the oldest's stack was lost */
		memmove(&a->pend[0], &a->pend[1], --a->npend *
		    sizeof a->pend[0]);
	a->pend[a->npend++] = (struct pending){ ptr, t->cpu, t->pid };
}

/* The allocation a stack on t's CPU and pid belongs to; 0 if none. */
static uint64_t
pending_pop(struct attrib *a, const struct trace_line *t)
{
	uint64_t ptr;
	size_t i;

	for (i = a->npend; i-- > 0; )
		if (a->pend[i].cpu == t->cpu && a->pend[i].pid == t->pid) {
			ptr = a->pend[i].ptr;
			memmove(&a->pend[i], &a->pend[i + 1], (--a->npend - i) *
			    sizeof a->pend[0]);
			return ptr;
		}
	return 0;
}

/* Frames of the page allocator itself, under the code that asked:
 * __alloc_frozen_pages_noprof, alloc_pages_mpol, folio_alloc_noprof,
 * __get_free_pages, vm_area_alloc_pages (6.18). */
static int
is_page_allocator(struct span f)
{
	static const char *const in[] = { "alloc_pages",
	    "alloc_frozen_pages", "folio_alloc", "get_free_pages",
	    "get_zeroed_page" };
	size_t i;

	for (i = 0; i < sizeof in / sizeof in[0]; i++)
		if (memmem(f.p, f.len, in[i], strlen(in[i])) != NULL)
			return 1;
	return 0;
}

/* Does a page's stack show that meminfo counts it elsewhere: in Slab
 * (slab pages, large kmallocs), PageTables, vmalloc or Cached?  The slab
 * pages a process made stay with their caches after it frees its
 * objects: they are no part of kernel:unaccounted (6.18's names). */
static int
is_counted(const char *frames)
{
	static const char *const in[] = { "allocate_slab", "kmalloc_large",
	    "pte_alloc", "pmd_alloc", "pud_alloc", "p4d_alloc", "pgd_alloc",
	    "pagetable_alloc", "__vmalloc_area_node", "filemap_get_folio",
	    "filemap_alloc_folio", "page_cache_ra" };
	size_t i;

	for (i = 0; i < sizeof in / sizeof in[0]; i++)
		if (strstr(frames, in[i]) != NULL)
			return 1;
	return 0;
}

/* A page's call site: the first frame of its stack outside the page
 * allocator ("anon_pipe_write"); the last frame if all are in it. */
static struct span
page_caller(const char *frames)
{
	struct span rest = { frames, strlen(frames) }, f = { frames, 0 };

	while (text_next_line(&rest, &f))
		if (!is_page_allocator(f))
			break;
	return f;
}

/* The stack read so far is complete: count it, and give it to its
 * allocation if that is still held; a page's, its call site too, or
 * the page is left out, counted elsewhere. */
static void
stack_end(struct attrib *a)
{
	uint32_t id = stacks_end(a->stacks);
	size_t i = live_find(a, a->stack_of);
	struct live *l = &a->live[i];
	const char *frames = stacks_frames(a->stacks, id);

	a->stack_of = 0;
	if (l->ptr == 0 || l->stack != STACK_NONE)
		return;
	l->stack = id;
	if (l->site + 1 != a->pagesite)
		return;
	a->sites.g[l->site].allocs--;
	if (is_counted(frames)) {
		a->procs.g[l->proc].allocs--;
		a->allocs--;
		a->counted++;
		live_del(a, i);
		return;
	}
	l->site = groups_get(&a->sites, page_caller(frames), 0);
	a->sites.g[l->site].allocs++;
}

/* " => frame" */
static int
frame_line(const char *l, size_t n, struct span *frame)
{
	const char *end = l + n, *p = skip_spaces(l, end);

	if (end - p < 4 || memcmp(p, "=> ", 3) != 0)
		return 0;
	*frame = (struct span){ p + 3, (size_t)(end - p - 3) };
	return 1;
}

/* What every allocation counts: its site, its process, its entry. */
static void
hold(struct attrib *a, const struct trace_line *t, struct live *l,
    struct span site)
{
	a->allocs++;
	l->site = groups_get(&a->sites, site, 0);
	l->proc = groups_get(&a->procs, t->comm, t->pid);
	a->sites.g[l->site].allocs++;
	a->procs.g[l->proc].allocs++;
	live_put(a, l);
	if (a->stacks != NULL)
		pending_push(a, t, l->ptr);
}

/* A page block of 2^order pages at pfn; its call site comes with its
 * stack. */
static int
page_allocation(struct attrib *a, const struct trace_line *t, uint64_t pfn)
{
	struct live l = { .ptr = pfn };
	struct span v;
	uint64_t order;

	if (field(t->payload, "order", &v) == -1 || text_u64(v, &order) == -1 ||
	    order > 20 || a->plan.objsize << order > UINT32_MAX)
		return -1;
	l.bytes = (uint32_t)(a->plan.objsize << order);
	hold(a, t, &l, (struct span){ NO_STACK, strlen(NO_STACK) });
	a->pagesite = l.site + 1;
	return 0;
}

static int
allocation(struct attrib *a, const struct trace_line *t, int e, uint64_t ptr)
{
	int by_name = e == ATTRIB_CACHE_ALLOC && a->plan.by_name;
	struct span site, v;
	struct live l = { .ptr = ptr, .bytes = (uint32_t)a->plan.objsize };
	uint64_t bytes;

	if (field(t->payload, "call_site", &site) == -1)
		return -1;
	/* The kernel filtered already; this guards against a filter that a
	 * kernel took but applies differently. */
	if (field(t->payload, "bytes_alloc", &v) == 0 &&
	    text_u64(v, &bytes) == 0) {
		if ((!by_name && bytes != a->plan.objsize) || bytes > UINT32_MAX)
			return 0;
		l.bytes = (uint32_t)bytes;
	}
	if (by_name && (field(t->payload, "name", &v) == -1 ||
	    !text_eq(v, a->plan.cache)))
		return 0;
	hold(a, t, &l, site);
	return 0;
}

static void
line(struct attrib *a, const char *l, size_t n)
{
	struct trace_line t;
	struct span v;
	uint64_t ptr;
	size_t i;
	int e, split;

	if (n == 0)
		return;
	if (frame_line(l, n, &v)) {	/* of a stack we do not follow: skip */
		if (a->stack_of != 0)
			stacks_frame(a->stacks, v);
		return;
	}
	if (a->stack_of != 0)
		stack_end(a);
	split = line_split(l, n, &t);
	if (split == 0 && text_eq(t.event, STACK_MARK)) {
		if (a->stacks != NULL)
			a->stack_of = pending_pop(a, &t);
		return;
	}
	if (split == -1 || (e = event_of(a, t.event)) == -1 ||
	    field(t.payload, is_page(e) ? "pfn" : "ptr", &v) == -1 ||
	    text_hex64(v, &ptr) == -1) {
		a->unparsed++;
		return;
	}
	/* pfn 0: an allocation that failed */
	if (attrib_is_alloc(e)) {
		if (ptr != 0 && (e == ATTRIB_PAGE_ALLOC ?
		    page_allocation(a, &t, ptr) : allocation(a, &t, e, ptr)) ==
		    -1)
			a->unparsed++;
		return;
	}
	a->free_events++;
	if (ptr != 0 && a->live[i = live_find(a, ptr)].ptr == ptr) {
		a->frees++;
		live_del(a, i);
	}
}

void
attrib_feed(struct attrib *a, const char *buf, size_t len)
{
	const char *nl, *end = buf + len;
	size_t n;

	while (buf < end) {
		nl = memchr(buf, '\n', (size_t)(end - buf));
		n = (size_t)((nl ? nl : end) - buf);
		if (a->overlong || a->npart + n >= sizeof a->part) {
			if (!a->overlong)	/* no line is this long */
				a->unparsed++;
			a->overlong = 1;
		} else {
			memcpy(a->part + a->npart, buf, n);
			a->npart += n;
		}
		if (nl == NULL)
			return;
		if (!a->overlong)
			line(a, a->part, a->npart);
		a->npart = 0;
		a->overlong = 0;
		buf = nl + 1;
	}
}

void
attrib_totals(const struct attrib *a, uint64_t *allocs, uint64_t *frees)
{
	*allocs = a->allocs;
	*frees = a->frees;
}

/* A call site printed as an address ("ffffffffc0a1b2c3", "0x..."). */
static int
is_address(const char *label)
{
	struct span s = { label, strcspn(label, " ") };
	uint64_t v;

	return s.len >= 8 && text_hex64(s, &v) == 0;
}

static void
name_site(struct attrib_group *g, const struct ksyms *ks)
{
	struct span s = { g->label, strcspn(g->label, " ") };
	uint64_t addr;

	if (!is_address(g->label))
		return;
	if (ks == NULL || text_hex64(s, &addr) == -1 ||
	    ksyms_name(ks, addr, g->label, sizeof g->label) == -1)
		snprintf(g->label, sizeof g->label, "(unknown)");
}

static int
by_label(const void *x, const void *y)
{
	const struct attrib_group *a = x, *b = y;
	int c = strcmp(a->label, b->label);

	return c ? c : (a->pid > b->pid) - (a->pid < b->pid);
}

static int
by_bytes(const void *x, const void *y)
{
	const struct attrib_group *a = x, *b = y;

	if (a->bytes != b->bytes)
		return a->bytes < b->bytes ? 1 : -1;
	if (a->allocs != b->allocs)
		return a->allocs < b->allocs ? 1 : -1;
	return by_label(x, y);
}

size_t
attrib_groups_merge(struct attrib_group *g, size_t n)
{
	size_t i, out = 0;

	xqsort(g, n, sizeof *g, by_label);
	for (i = 0; i < n; i++) {
		if (g[i].allocs == 0 && g[i].outstanding == 0)
			continue;	/* pages' "(no stack)", all given one */
		if (out > 0 && by_label(&g[out - 1], &g[i]) == 0) {
			g[out - 1].allocs += g[i].allocs;
			g[out - 1].outstanding += g[i].outstanding;
			g[out - 1].bytes += g[i].bytes;
		} else
			g[out++] = g[i];
	}
	xqsort(g, out, sizeof *g, by_bytes);
	return out;
}

/* What each stack holds, and which processes hold it. */
static void
result_stacks(const struct attrib *a, struct attrib_result *r)
{
	struct stack_hold *h = xcalloc(a->nlive + 1, sizeof *h);
	const struct attrib_group *p;
	const struct live *l;
	size_t i, n = 0;

	for (i = 0; i <= a->mask; i++) {
		if ((l = &a->live[i])->ptr == 0)
			continue;
		p = &a->procs.g[l->proc];
		h[n++] = (struct stack_hold){ l->stack, p->pid, p->label,
		    l->bytes };
	}
	r->stack = xcalloc(ATTRIB_STACKS, sizeof *r->stack);
	r->nstack = stacks_top(a->stacks, h, n, r->stack, ATTRIB_STACKS);
	r->stack_overflow = stacks_overflowed(a->stacks);
	free(h);
}

/* Whether a is a better name for its pid than b: a name over "<...>",
 * then the one with more allocations, then the first in order (so that
 * every group of the pid picks the same). */
static int
better_name(const struct attrib_group *a, const struct attrib_group *b)
{
	int an = strcmp(a->label, "<...>") != 0, bn = strcmp(b->label,
	    "<...>") != 0;

	if (an != bn)
		return an;
	if (a->allocs != b->allocs)
		return a->allocs > b->allocs;
	return strcmp(a->label, b->label) < 0;
}

/* One pid is one process while a trace lasts, whatever names the trace
 * gave it: "<...>" for a pid whose comm it no longer caches (a busy
 * machine overwrites saved_cmdlines), or another, such as a shell's
 * before the exec of the program it started.  Each group takes its pid's
 * best name, so that the process is one group, in the processes and in
 * each stack's. */
static void
name_by_pid(struct groups *procs)
{
	struct attrib_group *g = procs->g;
	size_t i, j, best;

	for (i = 0; i < procs->n; i++) {
		for (best = i, j = 0; j < procs->n; j++)
			if (g[j].pid == g[i].pid && better_name(&g[j], &g[best]))
				best = j;
		if (best != i)
			memcpy(g[i].label, g[best].label, sizeof g[i].label);
	}
}

void
attrib_result(struct attrib *a, const struct ksyms *ks,
    struct attrib_result *r)
{
	const struct live *l;
	size_t i;

	if (a->stack_of != 0)	/* the trace ended in its frames */
		stack_end(a);
	name_by_pid(&a->procs);
	memset(r, 0, sizeof *r);
	r->allocs = a->allocs;
	r->frees = a->frees;
	r->free_events = a->free_events;
	r->untracked = a->untracked;
	r->counted = a->counted;
	r->unparsed = a->unparsed;
	r->site = xcalloc(a->sites.n + 1, sizeof *r->site);
	r->proc = xcalloc(a->procs.n + 1, sizeof *r->proc);
	if (a->sites.n > 0)	/* none yet: no array to copy from */
		memcpy(r->site, a->sites.g, a->sites.n * sizeof *r->site);
	if (a->procs.n > 0)
		memcpy(r->proc, a->procs.g, a->procs.n * sizeof *r->proc);
	for (i = 0; i <= a->mask; i++) {
		if ((l = &a->live[i])->ptr == 0)
			continue;
		r->outstanding++;
		r->outstanding_bytes += l->bytes;
		r->site[l->site].outstanding++;
		r->site[l->site].bytes += l->bytes;
		r->proc[l->proc].outstanding++;
		r->proc[l->proc].bytes += l->bytes;
	}
	for (i = 0; i < a->sites.n; i++)
		name_site(&r->site[i], ks);
	r->nsite = attrib_groups_merge(r->site, a->sites.n);
	r->nproc = attrib_groups_merge(r->proc, a->procs.n);
	if (a->stacks != NULL)
		result_stacks(a, r);
}

void
attrib_result_free(struct attrib_result *r)
{
	free(r->site);
	free(r->proc);
	free(r->stack);
	r->site = r->proc = NULL;
	r->stack = NULL;
	r->nsite = r->nproc = r->nstack = 0;
}

double
attrib_share(uint64_t bytes, double slope, double seconds)
{
	double grown = slope * seconds / 3600;

	return grown > 0 ? (double)bytes / grown : -1;
}
