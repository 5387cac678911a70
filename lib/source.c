#include <string.h>

#include "source.h"

static int
meminfo_in(const char *buf, size_t len, struct source_parsed *p,
    const struct skips **skipped, char **cause)
{
	*skipped = &p->mi.skipped;
	return meminfo_parse(buf, len, &p->mi, cause);
}

static void
meminfo_add(struct sample *s, struct source_parsed *p, uint64_t page_size,
    const struct conf *conf)
{
	(void)page_size;
	(void)conf;
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
slabinfo_add(struct sample *s, struct source_parsed *p, uint64_t page_size,
    const struct conf *conf)
{
	(void)conf;
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
vmallocinfo_add(struct sample *s, struct source_parsed *p,
    uint64_t page_size, const struct conf *conf)
{
	(void)conf;
	sample_add_vmallocinfo(s, &p->vi, page_size);
}

static int
processes_in(const char *buf, size_t len, struct source_parsed *p,
    const struct skips **skipped, char **cause)
{
	*skipped = &p->pm.skipped;
	return procmem_parse(buf, len, &p->pm, cause);
}

static void
processes_add(struct sample *s, struct source_parsed *p, uint64_t page_size,
    const struct conf *conf)
{
	(void)page_size;
	sample_add_procmem(s, &p->pm, (size_t)conf->process_top);
}

static int
allocinfo_in(const char *buf, size_t len, struct source_parsed *p,
    const struct skips **skipped, char **cause)
{
	*skipped = &p->ai.skipped;
	return allocinfo_parse(buf, len, &p->ai, cause);
}

static void
allocinfo_add(struct sample *s, struct source_parsed *p, uint64_t page_size,
    const struct conf *conf)
{
	(void)page_size;
	allocinfo_select(&p->kept, s->boot_id, &p->ai, conf->allocinfo_min);
	sample_add_allocinfo(s, &p->ai);
}

/* vmallocinfo has no header: its bare text cannot be told apart.
 * Reading it walks every area under a lock, and PSS every process's page
 * tables: each has a period of its own.  allocinfo exists only with
 * CONFIG_MEM_ALLOC_PROFILING (6.10 and later); it is read with the slab
 * caches it may name the leak of. */
const struct source sources[SOURCE_COUNT] = {
	[SOURCE_MEMINFO] = {
		.name = "meminfo", .file = "meminfo", .section = "meminfo",
		.starts = "MemTotal:", .interval = "interval",
		.parse = meminfo_in, .add = meminfo_add,
	},
	[SOURCE_SLABINFO] = {
		.name = "slabinfo", .file = "slabinfo", .section = "slabinfo",
		.starts = "slabinfo - version:", .interval = "interval",
		.root = 1, .parse = slabinfo_in, .add = slabinfo_add,
	},
	[SOURCE_VMALLOCINFO] = {
		.name = "vmallocinfo", .file = "vmallocinfo",
		.section = "vmallocinfo", .interval = "vmalloc_interval",
		.root = 1, .parse = vmallocinfo_in, .add = vmallocinfo_add,
	},
	[SOURCE_PROCESSES] = {
		.name = "processes", .file = "[0-9]*/smaps_rollup",
		.read = procfs_processes, .section = "processes",
		.interval = "process_interval",
		.parse = processes_in, .add = processes_add,
	},
	[SOURCE_ALLOCINFO] = {
		.name = "allocinfo", .file = "allocinfo",
		.section = "allocinfo", .starts = "allocinfo - version:",
		.interval = "interval", .root = 1, .optional = 1,
		.parse = allocinfo_in, .add = allocinfo_add,
	},
};

void
source_parsed_free(struct source_parsed *p)
{
	meminfo_free(&p->mi);
	slabinfo_free(&p->si);
	vmallocinfo_free(&p->vi);
	procmem_free(&p->pm);
	allocinfo_free(&p->ai);
	allocinfo_keep_free(&p->kept);
}

enum source_id
source_of(const char *series)
{
	/* kind: or whole series -> its source; kernel:* are derived */
	static const struct { const char *prefix; enum source_id id; } by[] = {
		{ "meminfo:", SOURCE_MEMINFO },
		{ "kernel:unaccounted", SOURCE_MEMINFO },
		{ "slab:", SOURCE_SLABINFO },
		{ "vmalloc:", SOURCE_VMALLOCINFO },
		{ "vmalloc_type:", SOURCE_VMALLOCINFO },
		{ "kernel:vmalloc", SOURCE_VMALLOCINFO },
		{ "proc:", SOURCE_PROCESSES },
		{ "alloc:", SOURCE_ALLOCINFO },
	};
	size_t i;

	for (i = 0; i < sizeof by / sizeof by[0]; i++)
		if (strncmp(series, by[i].prefix, strlen(by[i].prefix)) == 0)
			return by[i].id;
	return SOURCE_COUNT;
}
