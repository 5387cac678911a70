#include <stdlib.h>
#include <string.h>

#include "sample.h"
#include "xmem.h"

void
sample_clear(struct sample *s)
{
	s->n = 0;
	s->sources = 0;
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
		n = SERIES_MAX - 1 - k - 1;
	memcpy(pt->series, kind, k);
	pt->series[k] = ':';
	memcpy(pt->series + k + 1, name, n);
	pt->series[k + 1 + n] = '\0';
	pt->bytes = bytes;
	pt->objects = objects;
}

void
sample_add_meminfo(struct sample *s, const struct meminfo *mi)
{
	size_t i;

	for (i = 0; i < mi->n; i++)
		if (mi->f[i].is_bytes)
			sample_add(s, "meminfo", mi->f[i].key,
			    (int64_t)mi->f[i].value, -1);
	s->sources |= SRC_MEMINFO;
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
	s->sources |= SRC_SLABINFO;
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
	s->sources |= SRC_VMALLOCINFO;
}

static int64_t
term(const struct meminfo *mi, const char *key)
{
	uint64_t v;

	return meminfo_get(mi, key, &v) == 0 ? (int64_t)v : 0;
}

int
sample_unaccounted(const struct meminfo *mi, int64_t vmalloc_bytes,
    int64_t *out)
{
	uint64_t total, free_, v, pages, pagesize;
	int64_t slab, hugetlb, r;

	if (meminfo_get(mi, "MemTotal", &total) == -1 ||
	    meminfo_get(mi, "MemFree", &free_) == -1)
		return -1;
	r = (int64_t)total - (int64_t)free_;
	r -= term(mi, "AnonPages") + term(mi, "Cached") +
	    term(mi, "SwapCached") + term(mi, "Buffers");

	if (meminfo_get(mi, "SReclaimable", &v) == 0)
		slab = (int64_t)v + term(mi, "SUnreclaim");
	else
		slab = term(mi, "Slab");
	r -= slab;

	r -= vmalloc_bytes >= 0 ? vmalloc_bytes : term(mi, "VmallocUsed");

	if (meminfo_get(mi, "Hugetlb", &v) == 0)
		hugetlb = (int64_t)v;
	else if (meminfo_get(mi, "HugePages_Total", &pages) == 0 &&
	    meminfo_get(mi, "Hugepagesize", &pagesize) == 0)
		hugetlb = (int64_t)(pages * pagesize);
	else
		hugetlb = 0;
	r -= term(mi, "KernelStack") + term(mi, "PageTables") +
	    term(mi, "SecPageTables") + term(mi, "Percpu") + hugetlb;

	if (meminfo_get(mi, "KReclaimable", &v) == 0)
		r -= (int64_t)v - term(mi, "SReclaimable");
	r -= term(mi, "Zswap") + term(mi, "Unaccepted");
	*out = r;
	return 0;
}
