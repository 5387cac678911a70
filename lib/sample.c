#include <stdlib.h>
#include <string.h>

#include "procmem.h"
#include "sample.h"
#include "text.h"
#include "xmem.h"

const char *
series_name(const char *series, const char *kind)
{
	size_t len = strlen(kind);

	return strncmp(series, kind, len) == 0 && series[len] == ':' ?
	    series + len + 1 : NULL;
}

const char *const sample_kinds[] = {
	"slab", "meminfo", "kernel", "vmalloc", "vmalloc_type", "proc", "alloc",
	NULL
};

const struct sample_part sample_parts[] = {
	{ "MemTotal", "mem_total", "meminfo:MemTotal", 0 },
	{ "MemAvailable", "mem_available", "meminfo:MemAvailable", 0 },
	{ "Slab reclaimable", "slab_reclaimable", "meminfo:SReclaimable", 1 },
	{ "Slab unreclaimable", "slab_unreclaimable", "meminfo:SUnreclaim", 1 },
	{ "vmalloc", "vmalloc", "kernel:vmalloc", 1 },
	{ "Kernel stacks", "kernel_stack", "meminfo:KernelStack", 1 },
	{ "Page tables", "page_tables", "meminfo:PageTables", 1 },
	{ "Per-cpu", "percpu", "meminfo:Percpu", 1 },
	{ "Unaccounted", "unaccounted", "kernel:unaccounted", 1 },
	{ "User: anonymous", "user_anon", "meminfo:AnonPages", 0 },
	{ "User: page cache", "page_cache", "meminfo:Cached", 0 },
};
const size_t sample_nparts = sizeof sample_parts / sizeof sample_parts[0];

void
sample_clear(struct sample *s)
{
	s->named = s->n;
	s->renamed = 0;
	s->n = 0;
	s->sources = 0;
}

int
sample_same_names(const struct sample *s, uint64_t seen)
{
	return s->names != 0 && s->names == seen;
}

/* Is pt, from the sample before, KIND:NAME (cut to fit, n bytes)? */
static int
named(const struct point *pt, const char *kind, size_t k, const char *name,
    size_t n)
{
	return memcmp(pt->series, kind, k) == 0 && pt->series[k] == ':' &&
	    memcmp(pt->series + k + 1, name, n) == 0 &&
	    pt->series[k + 1 + n] == '\0';
}

void
sample_free(struct sample *s)
{
	free(s->p);
	memset(s, 0, sizeof *s);
}

void
sample_add(struct sample *s, const char *kind, const char *name,
    int64_t bytes, int64_t objects)
{
	size_t k = strlen(kind), n = strnlen(name, SERIES_MAX);
	struct point *pt;

	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 512;
		s->p = xreallocarray(s->p, s->cap, sizeof *s->p);
	}
	pt = &s->p[s->n++];
	/* KIND:NAME, cut to fit; a name is copied per value per sample, so
	 * this is no printf. */
	if (k + 1 + n >= SERIES_MAX)
		n = text_cut_utf8(name, n, SERIES_MAX - 1 - k - 1);
	if (s->n > s->named || !named(pt, kind, k, name, n)) {
		static uint64_t names;

		if (!s->renamed) {
			s->names = ++names;
			s->renamed = 1;
		}
		memcpy(pt->series, kind, k);
		pt->series[k] = ':';
		memcpy(pt->series + k + 1, name, n);
		pt->series[k + 1 + n] = '\0';
	}
	pt->bytes = bytes;
	pt->objects = objects;
	pt->source = 0;
}

void
sample_took(struct sample *s, unsigned source, size_t first)
{
	for (; first < s->n; first++)
		s->p[first].source = source;
	s->sources |= source;
}

void
sample_add_meminfo(struct sample *s, const struct meminfo *mi)
{
	size_t i;

	for (i = 0; i < mi->n; i++)
		if (mi->f[i].is_bytes)
			sample_add(s, "meminfo", mi->f[i].key,
			    (int64_t)mi->f[i].value, -1);
}

void
sample_add_slabinfo(struct sample *s, const struct slabinfo *si,
    uint64_t page_size)
{
	size_t i;

	for (i = 0; i < si->n; i++)
		sample_add(s, "slab", si->c[i].name,
		    (int64_t)(si->c[i].pages * page_size),
		    (int64_t)si->c[i].active_objs);
}

void
sample_add_vmallocinfo(struct sample *s, const struct vmallocinfo *vi,
    uint64_t page_size)
{
	size_t i;

	for (i = 0; i < vi->ncaller; i++)
		sample_add(s, "vmalloc", vi->caller[i].name,
		    (int64_t)vi->caller[i].bytes, (int64_t)vi->caller[i].areas);
	for (i = 0; i < vi->ntype; i++)
		sample_add(s, "vmalloc_type", vi->type[i].name,
		    (int64_t)vi->type[i].bytes, (int64_t)vi->type[i].areas);
	sample_add(s, "kernel", "vmalloc",
	    (int64_t)(vi->vmalloc_pages * page_size), -1);
}

_Static_assert(sizeof "alloc:" - 1 + ALLOC_NAME_MAX <= SERIES_MAX,
    "a call site's name fits a series name");

void
sample_add_allocinfo(struct sample *s, const struct allocinfo *ai)
{
	size_t i;

	for (i = 0; i < ai->n; i++)
		if (ai->site[i].kept)
			sample_add(s, "alloc", ai->site[i].name,
			    ai->site[i].bytes, ai->site[i].calls);
}

/* *r -= v; -1 if that would not fit. */
static int
sub(int64_t *r, int64_t v)
{
	return __builtin_sub_overflow(*r, v, r) ? -1 : 0;
}

/* *r -= the value of key (0 if the kernel does not print it). */
static int
minus(int64_t *r, const struct meminfo *mi, const char *key)
{
	uint64_t v;

	if (meminfo_get(mi, key, &v) == -1)
		return 0;
	return v > TEXT_BYTES_MAX ? -1 : sub(r, (int64_t)v);
}

void
sample_add_procmem(struct sample *s, const struct procmem *pm, size_t top)
{
	int64_t other = 0, procs = 0;
	size_t i;

	for (i = 0; i < pm->n; i++)
		if (i < top)
			sample_add(s, "proc", pm->cmd[i].comm, pm->cmd[i].bytes,
			    pm->cmd[i].procs);
		else {
			other += pm->cmd[i].bytes;
			procs += pm->cmd[i].procs;
		}
	if (pm->n > top)
		sample_add(s, "proc", "(other)", other, procs);
}

int
sample_unaccounted(const struct meminfo *mi, int64_t vmalloc_bytes,
    int64_t *out)
{
	static const char *const terms[] = {
		"MemFree", "AnonPages", "Cached", "SwapCached", "Buffers",
		"KernelStack", "PageTables", "SecPageTables", "Percpu",
		"Zswap", "Unaccepted",
	};
	uint64_t total, v, pages, pagesize, krec, srec;
	int64_t r;
	size_t i;
	int bad = 0;

	if (meminfo_get(mi, "MemTotal", &total) == -1 ||
	    meminfo_get(mi, "MemFree", &v) == -1 || total > TEXT_BYTES_MAX)
		return -1;
	r = (int64_t)total;
	for (i = 0; i < sizeof terms / sizeof terms[0]; i++)
		bad |= minus(&r, mi, terms[i]);
	if (meminfo_get(mi, "SReclaimable", &v) == 0)
		bad |= minus(&r, mi, "SReclaimable") |
		    minus(&r, mi, "SUnreclaim");
	else
		bad |= minus(&r, mi, "Slab");
	bad |= vmalloc_bytes >= 0 ? sub(&r, vmalloc_bytes) :
	    minus(&r, mi, "VmallocUsed");
	if (meminfo_get(mi, "Hugetlb", &v) == 0)
		bad |= minus(&r, mi, "Hugetlb");
	else if (meminfo_get(mi, "HugePages_Total", &pages) == 0 &&
	    meminfo_get(mi, "Hugepagesize", &pagesize) == 0)
		bad |= __builtin_mul_overflow(pages, pagesize, &v) ||
		    v > TEXT_BYTES_MAX ? -1 : sub(&r, (int64_t)v);
	/* what KReclaimable holds besides slab */
	if (meminfo_get(mi, "KReclaimable", &krec) == 0 && krec <=
	    TEXT_BYTES_MAX)
		bad |= sub(&r, (int64_t)krec - (meminfo_get(mi,
		    "SReclaimable", &srec) == 0 && srec <= TEXT_BYTES_MAX ?
		    (int64_t)srec : 0));
	if (bad)
		return -1;
	*out = r;
	return 0;
}
