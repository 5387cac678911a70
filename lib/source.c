#include "source.h"

static int
meminfo_in(const char *buf, size_t len, struct source_parsed *p,
    const struct skips **skipped, char **cause)
{
	*skipped = &p->mi.skipped;
	return meminfo_parse(buf, len, &p->mi, cause);
}

static void
meminfo_add(struct sample *s, const struct source_parsed *p,
    uint64_t page_size)
{
	(void)page_size;
	sample_add_meminfo(s, &p->mi);
}

static int
slabinfo_in(const char *buf, size_t len, struct source_parsed *p,
    const struct skips **skipped, char **cause)
{
	*skipped = &p->si.skipped;
	return slabinfo_parse(buf, len, &p->si, cause);
}

static void
slabinfo_add(struct sample *s, const struct source_parsed *p,
    uint64_t page_size)
{
	sample_add_slabinfo(s, &p->si, page_size);
}

static int
vmallocinfo_in(const char *buf, size_t len, struct source_parsed *p,
    const struct skips **skipped, char **cause)
{
	*skipped = &p->vi.skipped;
	return vmallocinfo_parse(buf, len, &p->vi, cause);
}

static void
vmallocinfo_add(struct sample *s, const struct source_parsed *p,
    uint64_t page_size)
{
	sample_add_vmallocinfo(s, &p->vi, page_size);
}

/* vmallocinfo has no header: its bare text cannot be told apart.
 * Reading it walks every area under a lock: a period of its own. */
const struct source sources[SOURCE_COUNT] = {
	[SOURCE_MEMINFO] = {
		"meminfo", "meminfo", "meminfo", "MemTotal:", "interval", 0,
		meminfo_in, meminfo_add
	},
	[SOURCE_SLABINFO] = {
		"slabinfo", "slabinfo", "slabinfo", "slabinfo - version:",
		"interval", 1, slabinfo_in, slabinfo_add
	},
	[SOURCE_VMALLOCINFO] = {
		"vmallocinfo", "vmallocinfo", "vmallocinfo", NULL,
		"vmalloc_interval", 1, vmallocinfo_in, vmallocinfo_add
	},
};

void
source_parsed_free(struct source_parsed *p)
{
	meminfo_free(&p->mi);
	slabinfo_free(&p->si);
	vmallocinfo_free(&p->vi);
}
