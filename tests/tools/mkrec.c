/*
 * mkrec: write a generated recording (the format of mlkd --import) of a
 * machine whose kernel memory has a known shape, to test and benchmark
 * detection.  Deterministic for a given seed.
 *
 *   mkrec KIND [-d DAYS] [-i SECONDS] [-r MB_PER_HOUR] [-o ONSET_HOURS]
 *         [-n NOISE_MB] [-s SEED] [-c CACHE]
 *
 * Leaks (mlkd must alert on the series named):
 *   leak        slab:kmalloc-1k (or -c CACHE, one of caches[]) grows at -r
 *               from the onset
 *   troughs     slab:dentry breathes (grows under find, reclaimed under
 *               pressure) while its floor rises at -r (negative dentries)
 *   vmalloc     vmalloc:mlk_leaky_alloc grows at -r
 *   unaccounted kernel:unaccounted grows at -r (MemFree falls, no cache
 *               or counter explains it)
 *   reboot      leak, then a reboot at onset + 3h frees it
 *   allocinfo   leak, with a /proc/allocinfo (2.0) section: the leak's
 *               two call sites take 70% and 30% of it (its alert must name
 *               both, in that order); __d_alloc grows in step at 1/8 of
 *               it, and kmalloc_reserve, accurate:no from -50 MB, at 3x
 *               it from the start (neither matches the cache's growth)
 * Not leaks (mlkd must stay silent):
 *   flat        stationary noise only
 *   step        kmalloc-2k takes 200 MB once at the onset, then flat
 *   burst       kmalloc-512 grows 300 MB/h for 20 min every 6 h (socket
 *               churn), then frees it
 *   breathe     dentry and buffer_head grow under find or backup for 30
 *               min every 3 h, then are reclaimed
 *   warmup      after boot, caches fill with a 45 min time constant and
 *               level off
 *   daily       kmalloc-1k follows a daily cycle of 200 MB peak to peak
 * Every kind has AR(1) noise (-n, standard deviation) on every cache.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MB		1e6
#define PAGE		4096.0
#define START		1767225600	/* 2026-01-01T00:00:00Z */

struct cache {
	const char	*name;
	int		 objsize, objperslab, pagesperslab;
	double		 base;		/* bytes */
	double		 noise;		/* AR(1) state */
	double		 bytes;		/* this sample */
};

static struct cache caches[] = {
	{ "kmalloc-64", 64, 64, 1, 40 * MB, 0, 0 },
	{ "kmalloc-128", 128, 32, 1, 30 * MB, 0, 0 },
	{ "kmalloc-256", 256, 32, 2, 25 * MB, 0, 0 },
	{ "kmalloc-512", 512, 32, 4, 60 * MB, 0, 0 },
	{ "kmalloc-1k", 1024, 32, 8, 80 * MB, 0, 0 },
	{ "kmalloc-2k", 2048, 16, 8, 50 * MB, 0, 0 },
	{ "kmalloc-4k", 4096, 8, 8, 40 * MB, 0, 0 },
	{ "task_struct", 6080, 5, 8, 12 * MB, 0, 0 },
	{ "vm_area_struct", 176, 23, 1, 35 * MB, 0, 0 },
	{ "filp", 256, 32, 2, 20 * MB, 0, 0 },
	{ "dentry", 192, 21, 1, 300 * MB, 0, 0 },
	{ "buffer_head", 104, 39, 1, 150 * MB, 0, 0 },
	{ "ext4_inode_cache", 1176, 27, 8, 200 * MB, 0, 0 },
	{ "radix_tree_node", 576, 28, 4, 60 * MB, 0, 0 },
};
#define NCACHES (sizeof caches / sizeof caches[0])

static const char *const kinds[] = {
	"leak", "troughs", "vmalloc", "unaccounted", "reboot", "allocinfo",
	"flat", "step", "burst", "breathe", "warmup", "daily", NULL
};

static unsigned long long rng = 88172645463325252ULL;

static double
uniform(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return ((rng >> 11) + 0.5) / 9007199254740992.0;
}

static double
gauss(void)
{
	return sqrt(-2 * log(uniform())) * cos(2 * M_PI * uniform());
}

static struct cache *
cache(const char *name)
{
	size_t i;

	for (i = 0; i < NCACHES; i++)
		if (strcmp(caches[i].name, name) == 0)
			return &caches[i];
	abort();
}

/* Hours into a repeating cycle of `period` hours, from the onset. */
static double
phase(double h, double onset, double period)
{
	return h < onset ? -1 : fmod(h - onset, period);
}

/* Grow at `rate` for `up` hours, then fall back over `down` hours. */
static double
pulse(double ph, double rate, double up, double down)
{
	if (ph < 0)
		return 0;
	if (ph < up)
		return rate * ph;
	if (ph < up + down)
		return rate * up * (1 - (ph - up) / down);
	return 0;
}

static void
print_slabinfo(void)
{
	size_t i;

	printf("--- slabinfo\nslabinfo - version: 2.1\n# name            "
	    "<active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> "
	    ": tunables <limit> <batchcount> <sharedfactor> : slabdata "
	    "<active_slabs> <num_slabs> <sharedavail>\n");
	for (i = 0; i < NCACHES; i++) {
		struct cache *c = &caches[i];
		long slabs = lround(c->bytes / (c->pagesperslab * PAGE));
		long objs = slabs * c->objperslab;

		if (slabs < 1)
			slabs = 1;
		printf("%-17s %6ld %6ld %6d %4d %4d : tunables    0    0    0 "
		    ": slabdata %6ld %6ld      0\n", c->name, objs * 9 / 10,
		    objs, c->objsize, c->objperslab, c->pagesperslab, slabs,
		    slabs);
	}
}

static void
print_meminfo(double slab_recl, double slab_unrecl, double unaccounted,
    double vmalloc)
{
	double total = 64.0 * 1024 * 1024 * 1024, anon = 20e9, cached = 12e9;
	double buffers = 1e9, stack = 30 * MB, pt = 120 * MB, percpu = 40 * MB;
	double used = anon + cached + buffers + slab_recl + slab_unrecl +
	    stack + pt + percpu + vmalloc + unaccounted;
	double free = total - used;

#define KB(x) ((long long)((x) / 1024))
	printf("--- meminfo\n");
	printf("MemTotal:       %8lld kB\n", KB(total));
	printf("MemFree:        %8lld kB\n", KB(free));
	printf("MemAvailable:   %8lld kB\n", KB(free + cached + slab_recl));
	printf("Buffers:        %8lld kB\n", KB(buffers));
	printf("Cached:         %8lld kB\n", KB(cached));
	printf("SwapCached:            0 kB\n");
	printf("AnonPages:      %8lld kB\n", KB(anon));
	printf("KReclaimable:   %8lld kB\n", KB(slab_recl));
	printf("Slab:           %8lld kB\n", KB(slab_recl + slab_unrecl));
	printf("SReclaimable:   %8lld kB\n", KB(slab_recl));
	printf("SUnreclaim:     %8lld kB\n", KB(slab_unrecl));
	printf("KernelStack:    %8lld kB\n", KB(stack));
	printf("PageTables:     %8lld kB\n", KB(pt));
	printf("Percpu:         %8lld kB\n", KB(percpu));
	printf("VmallocUsed:    %8lld kB\n", KB(vmalloc));
	printf("HugePages_Total:       0\n");
	printf("Hugepagesize:       2048 kB\n");
	printf("Hugetlb:               0 kB\n");
#undef KB
}

static void
print_vmallocinfo(long leaky_areas)
{
	long i;

	printf("--- vmallocinfo\n");
	printf("0xffffc90000000000-0xffffc90000005000   20480 "
	    "alloc_large_system_hash+0x1a4/0x270 pages=4 vmalloc N0=4\n");
	printf("0xffffc90000005000-0xffffc9000000a000   20480 "
	    "bpf_prog_alloc_no_stats+0x3a/0x1a0 pages=4 vmalloc N0=4\n");
	printf("0xffffc9000000a000-0xffffc9000010b000 1052672 "
	    "pcpu_create_chunk+0x1c/0x2b0 pages=256 vmalloc N0=256\n");
	for (i = 0; i < leaky_areas; i++)
		printf("0xffffc9001%07lx-0xffffc9001%07lx 1052672 "
		    "mlk_leaky_alloc+0x10/0x40 [mlk_leaky] pages=256 vmalloc "
		    "N0=256\n", i * 0x101000, i * 0x101000 + 0x101000);
}

/* Call sites at hour h: the leak's (grown by `leaked` bytes) and others,
 * some below 1 MiB (not stored). */
static void
print_allocinfo(double h, double leaked, double rate)
{
	static const struct { double base, share; const char *tag; } s[] = {
		{ 128e6, 0, "mm/page_ext.c:270 func:alloc_page_ext" },
		{ 57e6, 0, "mm/slub.c:2259 func:alloc_slab_page" },
		{ 9e6, 0, "kernel/fork.c:307 func:alloc_thread_stack_node" },
		{ 0, 0, "arch/x86/kernel/kdebugfs.c:105 "
		    "func:create_setup_data_nodes" },
		{ 500e3, 0, "fs/namei.c:164 func:getname_flags" },
		{ 300e3, 0.7, "drivers/net/leaky/leaky.c:88 [leaky] "
		    "func:leaky_rx_alloc" },
		{ 100e3, 0.3, "drivers/net/leaky/leaky.c:120 [leaky] "
		    "func:leaky_ctx_alloc" },
		{ 2e6, 0.125, "fs/dcache.c:1690 func:__d_alloc" },
	};
	double b;
	size_t i;

	printf("--- allocinfo\nallocinfo - version: 2.0\n"
	    "#     <size>  <calls> <tag info>\n");
	for (i = 0; i < sizeof s / sizeof s[0]; i++) {
		b = s[i].base + s[i].share * leaked;
		printf("%12lld %8lld %s \n", (long long)b, (long long)(b / 1024),
		    s[i].tag);
	}
	b = -50 * MB + 3 * rate * MB * h;
	printf("%12lld %8lld net/core/skbuff.c:659 func:kmalloc_reserve "
	    "accurate:no \n", (long long)b, (long long)(b > 0 ? b / 1024 : 0));
}

static void
usage(void)
{
	fprintf(stderr, "usage: mkrec KIND [-d DAYS] [-i SECONDS] "
	    "[-r MB_PER_HOUR] [-o ONSET_HOURS] [-n NOISE_MB] [-s SEED] "
	    "[-c CACHE]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	double days = 2, rate = 21, onset = 6, noise = 0.5, h, ph, up;
	double recl, unrecl, unacc, vmalloc;
	long interval = 60, t, steps, leaky;
	const char *kind, *leaking = "kmalloc-1k";
	size_t i;
	unsigned long long rng0;
	int ch, boot = 0;

	if (argc < 2)
		usage();
	kind = argv[1];
	optind = 2;
	while ((ch = getopt(argc, argv, "d:i:r:o:n:s:c:")) != -1) {
		switch (ch) {
		case 'd': days = atof(optarg); break;
		case 'i': interval = atol(optarg); break;
		case 'r': rate = atof(optarg); break;
		case 'o': onset = atof(optarg); break;
		case 'n': noise = atof(optarg); break;
		case 's': rng += strtoull(optarg, NULL, 10) * 7919; break;
		case 'c': leaking = optarg; break;
		default: usage();
		}
	}
	if (interval < 1 || days <= 0)
		usage();
	cache(leaking);		/* one of caches[], or abort */
	rng0 = rng;
	for (i = 0; kinds[i] != NULL && strcmp(kinds[i], kind) != 0; i++)
		;
	if (kinds[i] == NULL) {
		fprintf(stderr, "mkrec: unknown kind \"%s\"\n", kind);
		return 2;
	}
	steps = (long)(days * 86400 / interval);
	for (t = 0; t < steps; t++) {
		h = (double)t * interval / 3600;
		if (strcmp(kind, "reboot") == 0 && !boot && h >= onset + 3)
			boot = 1;
		up = strcmp(kind, "reboot") == 0 && boot ?
		    (h - onset - 3) * 3600 + 60 : h * 3600 + 3600;
		if (strcmp(kind, "warmup") == 0)
			up = h * 3600 + 60;
		unacc = 300 * MB;
		leaky = 0;
		for (i = 0; i < NCACHES; i++) {
			struct cache *c = &caches[i];

			c->noise = 0.9 * c->noise + sqrt(1 - 0.81) * noise * MB *
			    gauss();
			c->bytes = c->base + c->noise;
			if (strcmp(kind, "warmup") == 0)
				c->bytes = c->base * (0.3 + 0.7 *
				    (1 - exp(-h / 0.75))) + c->noise;
		}
		if (strcmp(kind, "leak") == 0 ||
		    strcmp(kind, "allocinfo") == 0 ||
		    (strcmp(kind, "reboot") == 0 && !boot))
			cache(leaking)->bytes += h > onset ?
			    rate * MB * (h - onset) : 0;
		else if (strcmp(kind, "step") == 0 && h >= onset)
			cache("kmalloc-2k")->bytes += 200 * MB;
		else if (strcmp(kind, "burst") == 0)
			cache("kmalloc-512")->bytes += pulse(phase(h, onset, 6),
			    300 * MB, 1.0 / 3, 0.1);
		else if (strcmp(kind, "breathe") == 0 ||
		    strcmp(kind, "troughs") == 0) {
			ph = phase(h, onset, 3);
			cache("dentry")->bytes += pulse(ph, 400 * MB, 0.5, 0.1);
			cache("buffer_head")->bytes += pulse(ph, 200 * MB, 0.5,
			    0.1);
			if (strcmp(kind, "troughs") == 0 && h > onset)
				cache("dentry")->bytes += rate * MB * (h - onset);
		} else if (strcmp(kind, "daily") == 0)
			cache("kmalloc-1k")->bytes += 100 * MB *
			    sin(2 * M_PI * h / 24);
		else if (strcmp(kind, "vmalloc") == 0 && h > onset)
			leaky = lround(rate * MB * (h - onset) / 1052672);
		else if (strcmp(kind, "unaccounted") == 0 && h > onset)
			unacc += rate * MB * (h - onset);
		recl = unrecl = 0;
		for (i = 0; i < NCACHES; i++) {
			long slabs = lround(caches[i].bytes /
			    (caches[i].pagesperslab * PAGE));

			caches[i].bytes = (slabs < 1 ? 1 : slabs) *
			    caches[i].pagesperslab * PAGE;
			if (strcmp(caches[i].name, "dentry") == 0 ||
			    strcmp(caches[i].name, "buffer_head") == 0 ||
			    strcmp(caches[i].name, "ext4_inode_cache") == 0 ||
			    strcmp(caches[i].name, "radix_tree_node") == 0)
				recl += caches[i].bytes;
			else
				unrecl += caches[i].bytes;
		}
		vmalloc = 1.2 * MB + leaky * 1048576.0;
		printf("=== %ld\n", START + t * interval);
		printf("--- uptime\n%.2f %.2f\n", up, up * 1.7);
		printf("--- boot_id\n%08llx-0000-4000-8000-%012d\n",
		    rng0 & 0xffffffffULL, boot);
		print_meminfo(recl, unrecl, unacc, vmalloc);
		print_slabinfo();
		if (t % (300 / interval > 0 ? 300 / interval : 1) == 0)
			print_vmallocinfo(leaky);
		if (strcmp(kind, "allocinfo") == 0)
			print_allocinfo(h, h > onset ? rate * MB * (h - onset) :
			    0, rate);
	}
	return 0;
}
