/*
 * gen: the command line, truth lines and /proc text that mkfam and mkalt
 * share (gen.h).
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

#define PAGE	4096.0

static const char *prog = "gen";

static void
usage(void)
{
	fprintf(stderr, "usage: %s FAMILY SEED [-t TRUTHFILE]\n"
	    "       %s -l\n", prog, prog);
	exit(2);
}

void
gen_start(struct gen_cli *cli, const char *name,
    const char *const *families, int argc, char **argv)
{
	static char buf[1 << 20];
	const char *args[2];
	char *end;
	int i, n = 0, list = 0;

	memset(cli, 0, sizeof *cli);
	cli->prog = prog = name;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-l") == 0)
			list = 1;
		else if (strcmp(argv[i], "-t") == 0 && i + 1 < argc)
			cli->truth = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1] != '\0')
			usage();
		else if (n < 2)
			args[n++] = argv[i];
		else
			usage();
	}
	if (list) {
		for (i = 0; families[i] != NULL; i++)
			printf("%s\n", families[i]);
		exit(0);
	}
	if (n != 2)
		usage();
	for (i = 0; families[i] != NULL; i++)
		if (strcmp(families[i], args[0]) == 0)
			break;
	if (families[i] == NULL) {
		fprintf(stderr, "%s: unknown family \"%s\" (%s -l lists "
		    "them)\n", prog, args[0], prog);
		exit(2);
	}
	cli->index = i;
	cli->family = families[i];
	cli->seed = strtol(args[1], &end, 10);
	if (*end != '\0' || end == args[1] || cli->seed < 0 ||
	    cli->seed > 100000) {
		fprintf(stderr, "%s: SEED: expected 0 to 100000\n", prog);
		exit(2);
	}
	if (cli->truth != NULL && (cli->tf = fopen(cli->truth, "w")) == NULL) {
		perror(cli->truth);
		exit(1);
	}
	setvbuf(stdout, buf, _IOFBF, sizeof buf);
}

int
gen_end(struct gen_cli *cli, void (*write_truth)(FILE *, const void *),
    const void *arg)
{
	char what[64];

	if (fflush(stdout) == EOF || ferror(stdout)) {
		snprintf(what, sizeof what, "%s: stdout", prog);
		perror(what);
		return 1;
	}
	if (cli->tf != NULL) {
		write_truth(cli->tf, arg);
		if (fclose(cli->tf) == EOF) {
			perror(cli->truth);
			return 1;
		}
	}
	return 0;
}

void *
gen_calloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (p == NULL) {
		perror(prog);
		exit(1);
	}
	return p;
}

void *
gen_realloc(void *p, size_t size)
{
	if ((p = realloc(p, size)) == NULL) {
		perror(prog);
		exit(1);
	}
	return p;
}

void
gen_note(char *buf, size_t size, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
}

void
gen_truth_lines(FILE *f, const char *family, long seed, double step,
    long long length, long long start, const struct gen_truth *t, int nt)
{
	int i;

	if (nt == 0)
		fprintf(f, "%s %ld %.0f %lld %lld - - - - -\n", family, seed,
		    step, length, start);
	for (i = 0; i < nt; i++)
		fprintf(f, "%s %ld %.0f %lld %lld %s %lld %.0f %.0f %s\n",
		    family, seed, step, length, start, t[i].series,
		    start + llround(t[i].onset), t[i].budget, t[i].rate,
		    t[i].companions);
}

/* What meminfo prints: the caller's figures and what follows from them. */
struct values {
	struct gen_meminfo m;
	struct {
		double	 zero, active, inactive, slab, vmalloc_total;
		double	 hugepage;
	}		 d;
};

enum { ALL, K6, SET, COUNT };	/* K6: not on 5.15; SET: when >= 0 */

/* A 6.x kernel's keys in its order, each with its value in bytes. */
static const struct {
	const char	*key;
	size_t		 off;
	int		 when;
} keys[] = {
#define K(key, value, when) { key, offsetof(struct values, value), when }
	K("MemTotal", m.total, ALL),
	K("MemFree", m.free, ALL),
	K("MemAvailable", m.avail, ALL),
	K("Buffers", m.buffers, ALL),
	K("Cached", m.cached, ALL),
	K("SwapCached", d.zero, ALL),
	K("Active", d.active, ALL),
	K("Inactive", d.inactive, ALL),
	K("Active(anon)", m.active_anon, ALL),
	K("Inactive(anon)", m.inactive_anon, ALL),
	K("Active(file)", m.active_file, ALL),
	K("Inactive(file)", m.inactive_file, ALL),
	K("Unevictable", m.unevictable, ALL),
	K("Mlocked", m.unevictable, ALL),
	K("SwapTotal", m.swap, ALL),
	K("SwapFree", m.swap, ALL),
	K("Zswap", d.zero, K6),
	K("Zswapped", d.zero, K6),
	K("Dirty", m.dirty, ALL),
	K("Writeback", d.zero, ALL),
	K("AnonPages", m.anon, ALL),
	K("Mapped", m.mapped, ALL),
	K("Shmem", m.shmem, ALL),
	K("KReclaimable", m.kreclaimable, ALL),
	K("Slab", d.slab, ALL),
	K("SReclaimable", m.recl, ALL),
	K("SUnreclaim", m.unrecl, ALL),
	K("KernelStack", m.stack, ALL),
	K("PageTables", m.pt, ALL),
	K("SecPageTables", d.zero, K6),
	K("NFS_Unstable", d.zero, ALL),
	K("Bounce", d.zero, ALL),
	K("WritebackTmp", d.zero, ALL),
	K("CommitLimit", m.commit_limit, ALL),
	K("Committed_AS", m.committed, ALL),
	K("VmallocTotal", d.vmalloc_total, ALL),
	K("VmallocUsed", m.vmalloc, ALL),
	K("VmallocChunk", d.zero, ALL),
	K("Percpu", m.percpu, ALL),
	K("HardwareCorrupted", d.zero, ALL),
	K("AnonHugePages", d.zero, ALL),
	K("ShmemHugePages", d.zero, ALL),
	K("ShmemPmdMapped", d.zero, ALL),
	K("FileHugePages", d.zero, ALL),
	K("FilePmdMapped", d.zero, ALL),
	K("HugePages_Total", d.zero, COUNT),
	K("HugePages_Free", d.zero, COUNT),
	K("HugePages_Rsvd", d.zero, COUNT),
	K("HugePages_Surp", d.zero, COUNT),
	K("Hugepagesize", d.hugepage, ALL),
	K("Hugetlb", d.zero, ALL),
	K("DirectMap4k", m.direct4k, ALL),
	K("DirectMap2M", m.direct2m, ALL),
	K("DirectMap1G", m.direct1g, SET),
#undef K
};

void
gen_meminfo(const struct gen_meminfo *m)
{
	struct values v = { .m = *m, .d.vmalloc_total = 34359738367.0 * 1024,
	    .d.hugepage = 2048 * 1024 };
	char key[40];
	double x;
	size_t i;

	v.d.active = m->active_anon + m->active_file;
	v.d.inactive = m->inactive_anon + m->inactive_file;
	v.d.slab = m->recl + m->unrecl;
	printf("--- meminfo\n");
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		x = *(const double *)((const char *)&v + keys[i].off);
		if ((keys[i].when == K6 && m->k515) ||
		    (keys[i].when == SET && x < 0))
			continue;
		if (m->floor0 && x < 0)
			x = 0;
		snprintf(key, sizeof key, "%s:", keys[i].key);
		if (keys[i].when == COUNT)	/* a number, no unit */
			printf("%-16s%8lld\n", key, (long long)x);
		else		/* kB, truncated */
			printf("%-16s%8lld kB\n", key, (long long)(x / 1024));
	}
}

void
gen_slabinfo_head(void)
{
	printf("--- slabinfo\nslabinfo - version: 2.1\n# name            "
	    "<active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> "
	    ": tunables <limit> <batchcount> <sharedfactor> : slabdata "
	    "<active_slabs> <num_slabs> <sharedavail>\n");
}

void
gen_slab(const char *name, int objsize, int objperslab, int pagesperslab,
    double bytes, double fill)
{
	long long slabs = llround(bytes / (pagesperslab * PAGE));
	long long objs = slabs * objperslab;

	printf("%-17s %6lld %6lld %6d %4d %4d : tunables    0    0    0 "
	    ": slabdata %6lld %6lld      0\n", name, (long long)(objs * fill),
	    objs, objsize, objperslab, pagesperslab, slabs, slabs);
}
