/*
 * mkalt: a second, independent corpus of generated recordings, drawn
 * from the words of issue #11 alone (its table of leak families and its
 * list of quiet scenarios), not from mkfam's shapes.
 *
 *   mkalt FAMILY SEED [-t TRUTHFILE]   one recording, on stdout
 *   mkalt -l                            the families, one a line
 *
 * REPORT-ONLY.  mkalt is the check of generality: a detector must never
 * be tuned on it, not on any seed.  Tune on mkfam's tuning seeds; run
 * mkalt only to report (MKFAM=build/tools/mkalt sh tests/score/score.sh).
 * A detector changed until mkalt passes has lost its unseen evidence.
 *
 * Command line, recording and truth file are mkfam's (tests/tools/mkfam.c,
 * "TRUTHFILE gets ..."; the command line, the expectation lines and the
 * /proc text are tests/tools/gen.c's, which both share; the machine, the
 * families and the draws are mkalt's own): comment lines, then one line
 * per expected leak,
 *
 *   FAMILY SEED STEP_SECONDS LENGTH_SECONDS START_UNIX SERIES ONSET_UNIX
 *   BUDGET_SECONDS RATE_B_PER_H COMPANIONS
 *
 * or one line with the last five "-" for a quiet family.  Every draw
 * comes from splitmix64 seeded by a hash of (FAMILY, SEED, stream), so a
 * pair always gives the same recording (on one libm).
 *
 * Units: MB = 10^6 bytes; rates MB/h; U[a, b] uniform, logU log-uniform,
 * p= a probability, "h" hours, "min" minutes.
 *
 * THE MACHINE
 *   Kernel: p=0.6 a 6.18 cache set (msg_msg-*, kmalloc-cg-*, kmalloc-rcl-*,
 *   skbuff_small_head), p=0.4 a 5.15 one (no msg_msg-*, skbuff_head_cache,
 *   other geometry, no SecPageTables/Zswap in meminfo).  Besides the
 *   family's own caches, 60-100% of the set's bystanders, each of size
 *   logU over its own range.  MemTotal one of 4, 8, 16, 32, 64, 128 GiB
 *   (large enough for what the family draws).  Reclaimability of a cache
 *   at replay is read from the host's /sys/kernel/slab: leaking caches
 *   are unreclaimable and breathing ones reclaimable on Linux 6.x.
 *   Noise of every cache: the sum of two mean-reverting processes, tau
 *   U[1, 10] min and U[10, 90] min, sigma split U[0.2, 0.8] between them,
 *   innovations Gaussian, Student-t (nu U[3, 6]) or Laplace (p=1/3 each),
 *   with, p=1/2, rare reverting spikes (one per U[2, 12] h, height
 *   U[2, 4] sigma, decaying with tau U[0.5, 3] min).  Bystander sigma
 *   logU[0.03, 1.5] MB, at most 2% of the cache.
 *   Page cache: Cached fills from U[5, 20]% to U[30, 60]% of MemTotal over
 *   U[2, 30] h, then stays (meminfo figures must never alert); AnonPages
 *   mean-reverting, sigma U[5, 50] MB; PageTables 1.2% of AnonPages, so
 *   it follows AnonPages (and its daily cycle in daily).  kernel:unaccounted base
 *   U[50, 400] MB, sigma logU[0.2, 2] MB.  vmallocinfo: a static set of
 *   callers plus vmapped thread stacks (count mean-reverting), read every
 *   5 min (the first sample of each 300 s bucket); VmallocUsed agrees.
 *
 *   Sampling: step 10 s (only when the recording is at most 18 h), 60 s
 *   or 300 s (p 1/4, 1/2, 1/4 before that rule); each interval jittered,
 *   p=2/3, by N(0, U[0.5, 5]%) of the step; p=1/2, gaps: one per U[3, 12] h
 *   skipping 2-5 steps, never within 10 min before a leak's onset to its
 *   budget.  p=1/4 no uptime/boot_id sections (p=0 for preexisting);
 *   uptime at the start logU[1, 40] days unless the family says;
 *   p=1/5 timestamps in ISO 8601; p=1/2 slabinfo before meminfo.
 *
 * LEAK SHAPES (every leak but preexisting's draws one, p=1/4 each)
 *   smooth    rate R from the onset
 *   stair     a step of "a few MB" (U[2, 6] MB, the period clamped to
 *             [2, 10] min) every period: mean rate R
 *   duty      on U[15, 25] min / off U[5, 15] min, on-rate R (on+off)/on:
 *             mean rate R
 *   ramp      the rate rises linearly from 0 to R over U[5, 10] min
 *   preexisting draws smooth, stair or duty (p=1/3 each).
 *
 * LEAK FAMILIES: SERIES, rate, onset (h into the recording), length,
 * budget (issue #11's table)
 *   fast        an unreclaimable kmalloc/kmalloc-cg/filp-like cache,
 *               logU[100, 600]; onset U[0.5, L-1]; L U[3, 24]; 15 min.
 *               Leaking cache sigma logU[0.1, 2] MB.
 *   rate21      same caches, U[20, 22]; onset U[0.5, L-1]; L U[3, 36];
 *               20 min.
 *   slow4       same caches, U[3.8, 4.4], low noise (sigma logU[0.03,
 *               0.3] MB, no spikes); onset U[1, L-2]; L U[3, 36]; 60 min.
 *   noisy4      U[3.8, 4.4] under noise sigma U[2, 5] MB whose both
 *               taus are U[10, 60] min (heavy tails as above, no spikes);
 *               onset U[2, L-7]; L U[12, 72]; 6 h.
 *   preexisting p=1/2: kmalloc-1k-like of U[1.8, 2.4] GiB at U[20, 22];
 *               else an unreclaimable cache of logU[50, 1000] MB at
 *               U[110, 130]; leaking at the first sample (onset = start)
 *               of a machine up U[2, 40] days; L U[3, 24]; 30 min.
 *   vmalloc     vmalloc:CALLER (one of four callers, some with areas of
 *               their own already) at U[11, 13], areas of 64 or 256
 *               pages; onset U[0.5, L-1]; L U[3, 24]; 35 min.
 *               COMPANIONS kernel:vmalloc,vmalloc_type:vmalloc.
 *   unaccounted kernel:unaccounted at U[28, 32]; onset U[0.5, L-1];
 *               L U[3, 36]; 15 min.
 *   breathe_leak  a reclaimable cache (dentry, inode caches, buffer_head,
 *               radix_tree_node, kmalloc-rcl-*) breathing from the first
 *               sample: period P logU[20 min, 6 h], amplitude U[20, 150]
 *               MB, shape sawtooth (fill U[80, 97]% of the cycle, then a
 *               fast drop), square (duty U[30, 70]%, edges 1-5% of P) or
 *               sine (p=1/3 each); p=1/2 each cycle's length jittered by
 *               U[-j, j], j U[0.05, 0.3], and its amplitude by U[0.8, 1.2];
 *               troughs rise U[9, 11] from an onset U[24, L-budget-1]
 *               (a day of history); L up to 72; step 60 or 300 s.  Budget
 *               8 h, or 2 P(1+j) + 1 h when P(1+j) > 3.5 h.
 *   breathe_leak_day1  the same breathing, onset U[0.5, 20] (the first
 *               day); L onset + U[15, 30]; 14 h.
 *   rising_reclaimable  dentry (p=2/3) or another reclaimable cache rising
 *               without a fall at U[18, 22] from onset U[0, 6]; p=1/2 the
 *               other reclaimable caches breathe (as breathe, A <= 60 MB);
 *               L onset + U[15, 30]; 14 h.
 *   companions  one leak in two unreclaimable caches in step: 6.18
 *               msg_msg-1k + kmalloc-cg-256, msg_msg-2k + kmalloc-cg-64 or
 *               kmalloc-cg-1k + kmalloc-cg-192; 5.15 kmalloc-cg-1k +
 *               kmalloc-cg-256, kmalloc-cg-2k + kmalloc-cg-64 or
 *               kmalloc-cg-4k + kmalloc-cg-192; SERIES the first at
 *               logU[25, 300], COMPANIONS the second at U[0.1, 0.5] of
 *               it; onset U[0.5, L-1]; L U[3, 24]; 15 min at >= 100,
 *               else 20.
 *
 * QUIET FAMILIES: not one alert.  L U[3, 72] h unless said.
 *   flat        bystanders only.
 *   noise       1-4 caches (either kind) with sigma U[1, 5] MB, heavy
 *               tails and, p=2/3, spikes of U[2, 5] sigma.
 *   step        1 (p=0.7) or 2 one-time steps, each on a cache (either
 *               kind) or kernel:unaccounted, +/- logU[5, 300] MB (down at
 *               most 70% of the cache), instant (p=1/2) or over U[10, 90]
 *               s, at U[0.25, L-1]; p=1/3 each drifts back with tau
 *               U[1, 6] h, longer if need be for at most 30 MB/h.
 *   warmup      a machine up U[1, 20] min (p=1/4 no uptime sections):
 *               2-6 caches and unaccounted fill by U[10, 600] MB
 *               (unreclaimable at most 100) as exp (tau U[10, 40] min),
 *               linear to a plateau (U[20, 120] min) or logistic
 *               (midpoint U[15, 60] min, width U[4, 15] min), starting
 *               U[0, 20] min; p=1/3 a service's second warm-up on one
 *               cache at U[40, 90] min (U[5, 60] MB, over at most 30 min);
 *               p=1/4 instead a machine up for days whose reclaimable
 *               caches are dropped (drop_caches, to U[5, 30]%) at
 *               U[0.5, L-3] and refill with tau U[10, 60] min.
 *   breathe     1-3 reclaimable caches breathing as in breathe_leak but
 *               period logU[10 min, 6 h], amplitude U[10, 150] MB, no
 *               leak.
 *   daily       dentry, buffer_head and 0-2 other reclaimable caches,
 *               a 24 h cycle of U[10, 60] MB (buffer_head U[5, 40]) at a
 *               random phase with a second harmonic of U[0, 0.5] of it at
 *               its own phase, from the first sample; Cached and
 *               AnonPages cycle too; L U[6, 72].
 *   bursts      1-6 bursts on caches (either kind) or unaccounted, each
 *               logU[5, 300] MB, rising in U[10 s, 3 min], held
 *               U[0, 30] min, freed in U[10 s, 10 min].
 *   modules     1-3 modules' caches (nf_conntrack, fuse_inode, ovl_inode,
 *               xfs_buf, bio-*) of logU[1, 50] MB that appear (filling
 *               within U[0.5, 5] min) and disappear, 1-3 load windows each,
 *               with the module's code areas in vmallocinfo.
 *
 * Left out: reboots inside a recording, allocinfo, swap activity.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gen.h"

#define MB	1e6
#define GiB	1073741824.0
#define PAGE	4096.0
#define MIN	60.0
#define HOUR	3600.0
#define DAY	86400.0
#define MAXC	64
#define MAXP	64
#define T_UNACC	(-1)
#define T_VMLEAK (-2)

/* ------------------------------------------------------------------ */
/* Draws */

struct rng {
	uint64_t	 s;
};

static uint64_t
next64(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* FNV-1a over family, seed and stream name. */
static void
rng_init(struct rng *r, const struct gen_cli *cli, const char *stream)
{
	char buf[256];
	uint64_t h = 0xcbf29ce484222325ULL;
	const char *p;

	snprintf(buf, sizeof buf, "mkalt/%s/%ld/%s", cli->family, cli->seed,
	    stream);
	for (p = buf; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
	r->s = h;
	next64(r);
}

static double
unif(struct rng *r)
{
	return ((next64(r) >> 11) + 0.5) / 9007199254740992.0;
}

static double
U(struct rng *r, double a, double b)
{
	return a + (b - a) * unif(r);
}

static double
logU(struct rng *r, double a, double b)
{
	return exp(U(r, log(a), log(b)));
}

static int
chance(struct rng *r, double p)
{
	return unif(r) < p;
}

static int
pick(struct rng *r, int n)
{
	return (int)(unif(r) * n) % n;
}

static double
gauss(struct rng *r)
{
	return sqrt(-2 * log(unif(r))) * cos(2 * M_PI * unif(r));
}

enum tail { GAUSS, STUDENT, LAPLACE };

/* A unit-variance innovation of the tail kind given. */
static double
innov(struct rng *r, enum tail k, double nu)
{
	double chi = 0;
	int i, n;

	switch (k) {
	case STUDENT:
		n = (int)nu;
		for (i = 0; i < n; i++) {
			double g = gauss(r);
			chi += g * g;
		}
		return gauss(r) / sqrt(chi / n) * sqrt((n - 2.0) / n);
	case LAPLACE:
		return (unif(r) < 0.5 ? -1 : 1) * -log(unif(r)) / sqrt(2);
	default:
		return gauss(r);
	}
}

/* ------------------------------------------------------------------ */
/* Machines */

struct geom {
	const char	*name;
	int		 objsize, objperslab, pagesperslab, recl;
	double		 lo, hi;	/* MB, bystander size */
};

/* A machine's caches with their x86-64 SLUB geometry (object size,
 * objects and pages per slab) on Linux 6.18 and on 5.15 (zeros: no such
 * cache on that kernel, e.g. msg_msg-* on 5.15), in each one's order. */
static const struct kcache {
	const char	*name;
	int		 recl;
	double		 lo, hi;	/* MB, bystander size */
	int		 k618[3], k515[3];
} kcaches[] = {
	{ "kmalloc-8k", 0, 4, 60, { 8192, 4, 8 }, { 8192, 4, 8 } },
	{ "kmalloc-4k", 0, 8, 120, { 4096, 8, 8 }, { 4096, 8, 8 } },
	{ "kmalloc-2k", 0, 5, 80, { 2048, 16, 8 }, { 2048, 16, 8 } },
	{ "kmalloc-1k", 0, 5, 80, { 1024, 16, 4 }, { 1024, 32, 8 } },
	{ "kmalloc-512", 0, 3, 60, { 512, 16, 2 }, { 512, 32, 4 } },
	{ "kmalloc-256", 0, 2, 40, { 256, 16, 1 }, { 256, 32, 2 } },
	{ "kmalloc-192", 0, 2, 40, { 192, 21, 1 }, { 192, 21, 1 } },
	{ "kmalloc-128", 0, 2, 30, { 128, 32, 1 }, { 128, 32, 1 } },
	{ "kmalloc-96", 0, 1, 20, { 96, 42, 1 }, { 96, 42, 1 } },
	{ "kmalloc-64", 0, 3, 60, { 64, 64, 1 }, { 64, 64, 1 } },
	{ "kmalloc-32", 0, 1, 20, { 32, 128, 1 }, { 32, 128, 1 } },
	{ "kmalloc-16", 0, 0.5, 8, { 16, 256, 1 }, { 16, 256, 1 } },
	{ "kmalloc-8", 0, 0.5, 6, { 8, 512, 1 }, { 8, 512, 1 } },
	{ "kmalloc-cg-4k", 0, 2, 60, { 4096, 8, 8 }, { 4096, 8, 8 } },
	{ "kmalloc-cg-2k", 0, 2, 40, { 2048, 16, 8 }, { 2048, 16, 8 } },
	{ "kmalloc-cg-1k", 0, 2, 40, { 1024, 16, 4 }, { 1024, 32, 8 } },
	{ "kmalloc-cg-512", 0, 1, 30, { 512, 16, 2 }, { 512, 32, 4 } },
	{ "kmalloc-cg-256", 0, 1, 20, { 256, 16, 1 }, { 256, 32, 2 } },
	{ "kmalloc-cg-192", 0, 1, 20, { 192, 21, 1 }, { 192, 21, 1 } },
	{ "kmalloc-cg-64", 0, 1, 15, { 64, 64, 1 }, { 64, 64, 1 } },
	{ "kmalloc-rcl-512", 1, 0.5, 20, { 512, 16, 2 }, { 512, 32, 4 } },
	{ "kmalloc-rcl-256", 1, 0.5, 20, { 256, 16, 1 }, { 0, 0, 0 } },
	{ "kmalloc-rcl-128", 1, 0.5, 15, { 128, 32, 1 }, { 128, 32, 1 } },
	{ "kmalloc-rcl-64", 1, 0.5, 15, { 64, 64, 1 }, { 64, 64, 1 } },
	{ "msg_msg-1k", 0, 0.2, 5, { 1024, 16, 4 }, { 0, 0, 0 } },
	{ "msg_msg-2k", 0, 0.2, 5, { 2048, 16, 8 }, { 0, 0, 0 } },
	{ "msg_msg-64", 0, 0.1, 2, { 64, 64, 1 }, { 0, 0, 0 } },
	{ "dma-kmalloc-512", 0, 0.05, 0.2, { 0, 0, 0 }, { 512, 32, 4 } },
	{ "dentry", 1, 40, 600, { 192, 21, 1 }, { 192, 21, 1 } },
	{ "inode_cache", 1, 10, 200, { 616, 13, 2 }, { 592, 27, 4 } },
	{ "xfs_inode", 1, 10, 400, { 1024, 32, 8 }, { 960, 34, 8 } },
	{ "ext4_inode_cache", 1, 10, 400, { 1184, 27, 8 }, { 1096, 29, 8 } },
	{ "proc_inode_cache", 1, 3, 60, { 680, 23, 4 }, { 656, 24, 4 } },
	{ "sock_inode_cache", 1, 2, 40, { 832, 19, 4 }, { 768, 21, 4 } },
	{ "radix_tree_node", 1, 20, 300, { 576, 14, 2 }, { 584, 28, 4 } },
	{ "buffer_head", 1, 10, 200, { 104, 39, 1 }, { 104, 39, 1 } },
	{ "ext4_groupinfo_4k", 1, 0.5, 5, { 0, 0, 0 }, { 144, 28, 1 } },
	{ "task_struct", 0, 10, 80, { 10368, 3, 8 }, { 6720, 4, 8 } },
	{ "mm_struct", 0, 2, 20, { 1408, 23, 8 }, { 1088, 30, 8 } },
	{ "vm_area_struct", 0, 10, 100, { 176, 23, 1 }, { 200, 20, 1 } },
	{ "anon_vma_chain", 0, 5, 40, { 64, 64, 1 }, { 64, 64, 1 } },
	{ "anon_vma", 0, 3, 30, { 104, 39, 1 }, { 88, 46, 1 } },
	{ "filp", 0, 5, 60, { 256, 16, 1 }, { 256, 32, 2 } },
	{ "names_cache", 0, 0.5, 5, { 4096, 8, 8 }, { 4096, 8, 8 } },
	{ "kernfs_node_cache", 0, 10, 60, { 128, 32, 1 }, { 128, 32, 1 } },
	{ "shmem_inode_cache", 0, 3, 40, { 760, 21, 4 }, { 720, 22, 4 } },
	{ "skbuff_small_head", 0, 1, 30, { 640, 25, 4 }, { 0, 0, 0 } },
	{ "skbuff_head_cache", 0, 1, 30, { 256, 16, 1 }, { 256, 32, 2 } },
	{ "TCP", 0, 1, 20, { 2432, 13, 8 }, { 2304, 14, 8 } },
	{ "vmap_area", 0, 1, 10, { 64, 64, 1 }, { 64, 64, 1 } },
	{ "pid", 0, 1, 10, { 128, 32, 1 }, { 128, 32, 1 } },
	{ "signal_cache", 0, 2, 15, { 1152, 28, 8 }, { 1088, 30, 8 } },
};

/* Modules' caches: appear and disappear with their module. */
static const struct geom kmod[] = {
	{ "nf_conntrack", 256, 16, 1, 0, 1, 50 },
	{ "fuse_inode", 896, 18, 4, 1, 1, 30 },
	{ "ovl_inode", 688, 23, 4, 1, 1, 30 },
	{ "xfs_buf", 384, 21, 2, 1, 1, 30 },
	{ "bio-248", 248, 16, 1, 0, 1, 10 },
};

#define NKCACHES (sizeof kcaches / sizeof kcaches[0])
#define NKMOD (sizeof kmod / sizeof kmod[0])

/* Leak targets: unreclaimable on both kernels, in both sets. */
static const char *const leakable[] = {
	"kmalloc-4k", "kmalloc-2k", "kmalloc-1k", "kmalloc-512",
	"kmalloc-256", "kmalloc-192", "kmalloc-128", "kmalloc-64",
	"kmalloc-cg-4k", "kmalloc-cg-1k", "kmalloc-cg-512", "filp",
	"vm_area_struct", "kmalloc-8k",
};
/* Reclaimable ones that breathe. */
static const char *const breathers[] = {
	"dentry", "inode_cache", "xfs_inode", "ext4_inode_cache",
	"buffer_head", "radix_tree_node", "proc_inode_cache",
	"kmalloc-rcl-512", "kmalloc-rcl-64",
};

/* ------------------------------------------------------------------ */
/* What changes a series over time */

/* Two mean-reverting processes at two time scales, plus spikes. */
struct noise {
	double		 sigma1, tau1, x1, sigma2, tau2, x2;
	enum tail	 tail;
	double		 nu;
	double		 spike_rate, spike_h, spike_tau, spike;	/* per s */
};

enum ckind { C_LEAK, C_BREATHE, C_DAILY, C_STEP, C_WARM, C_BURST };
enum lshape { L_SMOOTH, L_STAIR, L_DUTY, L_RAMP };
enum bshape { B_SAW, B_SQUARE, B_SINE };
enum wshape { W_EXP, W_LINEAR, W_LOGISTIC };

static const char *const lshape_names[] = { "smooth", "stair", "duty", "ramp" };
static const char *const bshape_names[] = { "sawtooth", "square", "sine" };
static const char *const wshape_names[] = { "exp", "linear", "logistic" };

#define MAXCYC 2048

struct comp {
	enum ckind	 kind;
	int		 target;
	int		 shape;
	double		 t0, rate, a, b, c, d;	/* per kind, below */
	double		*cyc;	/* breathe: cycle starts; amplitude factors */
	double		*amp;
	int		 ncyc;
};

struct cache {
	const struct geom *g;
	double		 base, val, fill;
	struct noise	 n;
	int		 module, nwin, shown, code_pages;
	double		 win[3][2], up;	/* load windows, fill time */
};

struct vmarea {
	const char	*caller, *type;
	double		 size;		/* bytes of address span */
	int		 pages;		/* 0: not vmalloc()'s RAM */
};

struct run {
	const char	*family;
	long		 seed;
	struct rng	 par, noi;
	int		 k515;
	struct geom	 kern[NKCACHES];	/* the kernel's caches */
	size_t		 nkern;
	double		 length, step, jit, total;
	long long	 start;
	int		 sections, iso, slab_first, gaps;
	double		 up0, gap_every;
	char		 boot_id[40];
	struct cache	 c[MAXC];
	int		 nc;
	struct comp	 e[MAXP];
	int		 ne;
	/* meminfo */
	double		 anon, cached0, cached1, cache_fill, shmem, buffers;
	double		 percpu, krecl_extra, unacc, threads;
	struct noise	 anon_n, unacc_n, thr_n, buf_n;
	int		 daily_mem;
	double		 daily_ph;
	/* vmallocinfo */
	struct vmarea	 vm[64];
	int		 nvm;
	const char	*leak_caller;
	int		 leak_pages, leak_base;
	/* truth */
	struct gen_truth t[4];
	int		 nt;
	long long	 last;		/* the last sample's time */
	char		 notes[1024];
	double		 protect[4][2];
	int		 nprotect;
};

#define note(r, ...) gen_note((r)->notes, sizeof (r)->notes, __VA_ARGS__)

static void
noise_set(struct rng *p, struct noise *n, double sigma, double tlo,
    double thi, int spikes)
{
	double f = U(p, 0.2, 0.8);

	memset(n, 0, sizeof *n);
	n->sigma1 = sigma * sqrt(f);
	n->sigma2 = sigma * sqrt(1 - f);
	n->tau1 = U(p, tlo, tlo < 10 * MIN ? 10 * MIN : thi);
	n->tau2 = U(p, tlo < 10 * MIN ? 10 * MIN : tlo, thi);
	n->tail = (enum tail)pick(p, 3);
	n->nu = floor(U(p, 3, 7));
	if (spikes && chance(p, 0.5)) {
		n->spike_rate = 1 / (U(p, 2, 12) * HOUR);
		n->spike_h = U(p, 2, 4) * sigma;
		n->spike_tau = U(p, 0.5, 3) * MIN;
	}
}

static double
noise_step(struct rng *r, struct noise *n, double dt)
{
	double a;

	if (dt > 0) {
		a = exp(-dt / n->tau1);
		n->x1 = n->x1 * a + n->sigma1 * sqrt(1 - a * a) *
		    innov(r, n->tail, n->nu);
		a = exp(-dt / n->tau2);
		n->x2 = n->x2 * a + n->sigma2 * sqrt(1 - a * a) *
		    innov(r, n->tail, n->nu);
		if (n->spike_rate > 0) {
			n->spike *= exp(-dt / n->spike_tau);
			if (unif(r) < 1 - exp(-n->spike_rate * dt))
				n->spike += n->spike_h * U(r, 0.7, 1.3);
		}
	} else {	/* the first sample: from the stationary law */
		n->x1 = n->sigma1 * gauss(r);
		n->x2 = n->sigma2 * gauss(r);
	}
	return n->x1 + n->x2 + n->spike;
}

static struct comp *
comp_add(struct run *r, enum ckind k, int target)
{
	struct comp *c;

	if (r->ne == MAXP) {
		fprintf(stderr, "mkalt: too many components\n");
		exit(1);
	}
	c = &r->e[r->ne++];
	*c = (struct comp){ .kind = k, .target = target };
	return c;
}

/* Bytes a leak of mean rate c->rate (B/s) has added by t. */
static double
leak_value(const struct comp *c, double t)
{
	double x = t - c->t0, per, n;

	if (x < 0)
		return 0;
	switch (c->shape) {
	case L_STAIR:	/* a: period */
		return c->rate * c->a * (floor(x / c->a) + 1);
	case L_DUTY:	/* a: on, b: off */
		per = c->a + c->b;
		n = floor(x / per);
		return c->rate * per * n + c->rate * per / c->a *
		    fmin(x - n * per, c->a);
	case L_RAMP:	/* a: ramp time */
		return x < c->a ? c->rate * x * x / (2 * c->a) :
		    c->rate * (x - c->a / 2);
	default:
		return c->rate * x;
	}
}

/* Breathing: a = amplitude, b = fill fraction or duty, c = edge. */
static double
breathe_value(const struct comp *c, double t)
{
	double len, f, A;
	int i = 0, lo = 0, hi = c->ncyc - 1;

	while (lo <= hi) {	/* the last cycle starting at or before t */
		int m = (lo + hi) / 2;
		if (c->cyc[m] <= t) {
			i = m;
			lo = m + 1;
		} else
			hi = m - 1;
	}
	if (i + 1 >= c->ncyc)
		return 0;
	len = c->cyc[i + 1] - c->cyc[i];
	f = (t - c->cyc[i]) / len;
	A = c->a * c->amp[i];
	switch (c->shape) {
	case B_SAW:
		return f < c->b ? A * f / c->b : A * (1 - f) / (1 - c->b);
	case B_SQUARE:
		if (f < c->c)
			return A * f / c->c;
		if (f < c->b)
			return A;
		if (f < c->b + c->c)
			return A * (1 - (f - c->b) / c->c);
		return 0;
	default:
		return A * (1 - cos(2 * M_PI * f)) / 2;
	}
}

static double
comp_value(const struct comp *c, double t)
{
	double x = t - c->t0, v;

	switch (c->kind) {
	case C_LEAK:
		return leak_value(c, t);
	case C_BREATHE:
		return breathe_value(c, t);
	case C_DAILY:	/* a, b: harmonics' amplitudes; c, d: phases */
		return c->a * (1 + cos(2 * M_PI * t / DAY + c->c)) +
		    c->b * (1 + cos(4 * M_PI * t / DAY + c->d));
	case C_STEP:	/* a: size, b: rise time, c: drift-back tau or 0 */
		if (x < 0)
			return 0;
		v = c->a * (c->b > 0 && x < c->b ? x / c->b : 1);
		if (c->c > 0 && x > c->b)
			v *= exp(-(x - c->b) / c->c);
		return v;
	case C_WARM:	/* a: height, b: time scale, c: logistic width */
		if (c->shape == W_LOGISTIC)
			return c->a / (1 + exp(-(t - c->t0 - c->b) / c->c));
		if (x < 0)
			return 0;
		if (c->shape == W_LINEAR)
			return c->a * fmin(1, x / c->b);
		return c->a * (1 - exp(-x / c->b));
	case C_BURST:	/* a: size, b: rise, c: hold, d: fall */
		if (x < 0)
			return 0;
		if (x < c->b)
			return c->a * x / c->b;
		if (x < c->b + c->c)
			return c->a;
		if (x < c->b + c->c + c->d)
			return c->a * (1 - (x - c->b - c->c) / c->d);
		return 0;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Setting up a run */

static int
cache_find(struct run *r, const char *name)
{
	int i;

	for (i = 0; i < r->nc; i++)
		if (strcmp(r->c[i].g->name, name) == 0)
			return i;
	return -1;
}

static const struct geom *
geom_find(const struct run *r, const char *name)
{
	const struct geom *g;

	for (g = r->kern; g < r->kern + r->nkern; g++)
		if (strcmp(g->name, name) == 0)
			return g;
	return NULL;
}

/* The cache of that name, added if the machine has none yet. */
static int
cache_want(struct run *r, const char *name)
{
	const struct geom *g;
	struct cache *c;
	int i;

	if ((i = cache_find(r, name)) >= 0)
		return i;
	if ((g = geom_find(r, name)) == NULL || r->nc == MAXC) {
		fprintf(stderr, "mkalt: no cache %s\n", name);
		exit(1);
	}
	c = &r->c[r->nc];
	memset(c, 0, sizeof *c);
	c->g = g;
	c->base = logU(&r->par, g->lo, g->hi) * MB;
	c->fill = U(&r->par, 0.85, 0.99);
	noise_set(&r->par, &c->n, fmin(logU(&r->par, 0.03, 1.5) * MB,
	    0.02 * c->base), 1 * MIN, 90 * MIN, 1);
	c->shown = 1;
	return r->nc++;
}

static const char *
pick_name(struct rng *p, const char *const *names, size_t n)
{
	return names[pick(p, (int)n)];
}

#define PICK(r, list) pick_name(&(r)->par, list, sizeof list / sizeof list[0])

/* A leak cache of the machine's kernel (msg_msg-* only on 6.18). */
static const char *
leak_cache(struct run *r)
{
	return PICK(r, leakable);
}

static const char *
breathe_cache(struct run *r)
{
	return PICK(r, breathers);
}

static void
truth_add(struct run *r, const char *series, double onset, double budget,
    double rate_mbh, const char *companions)
{
	struct gen_truth *t = &r->t[r->nt++];

	snprintf(t->series, sizeof t->series, "%s", series);
	snprintf(t->companions, sizeof t->companions, "%s", companions);
	t->onset = onset;
	t->budget = budget;
	t->rate = rate_mbh * MB;
	r->protect[r->nprotect][0] = onset - 10 * MIN;
	r->protect[r->nprotect][1] = onset + budget;
	r->nprotect++;
}

/* The step; 10 s only where the recording is at most 18 h. */
static void
pick_step(struct run *r, int allow10)
{
	double u = unif(&r->par);

	if (u < 0.25 && allow10 && r->length <= 18 * HOUR)
		r->step = 10;
	else if (u < 0.75)
		r->step = 60;
	else
		r->step = 300;
}

static struct comp *
leak_add(struct run *r, int target, double rate_mbh, double onset, int pre)
{
	struct comp *c = comp_add(r, C_LEAK, target);

	c->t0 = onset;
	c->rate = rate_mbh * MB / HOUR;
	c->shape = pre ? pick(&r->par, 3) : pick(&r->par, 4);
	switch (c->shape) {
	case L_STAIR:
		c->a = fmin(fmax(U(&r->par, 2, 6) * MB / c->rate, 2 * MIN),
		    10 * MIN);
		break;
	case L_DUTY:
		c->a = U(&r->par, 15, 25) * MIN;
		c->b = U(&r->par, 5, 15) * MIN;
		break;
	case L_RAMP:
		c->a = U(&r->par, 5, 10) * MIN;
		break;
	}
	note(r, " leak(%s %.2fMB/h at %.2fh, a=%.1fmin b=%.1fmin)",
	    lshape_names[c->shape], rate_mbh, onset / HOUR, c->a / MIN,
	    c->b / MIN);
	return c;
}

/* Breathing on cache i: period logU[plo, phi], amplitude U[alo, ahi] MB;
 * returns the longest cycle. */
static double
breathe_add(struct run *r, int i, double plo, double phi, double alo,
    double ahi)
{
	struct comp *c = comp_add(r, C_BREATHE, i);
	double P = logU(&r->par, plo, phi), j = 0, t;
	int jitter = chance(&r->par, 0.5), n;

	if (jitter)
		j = U(&r->par, 0.05, 0.3);
	c->shape = pick(&r->par, 3);
	c->a = U(&r->par, alo, ahi) * MB;
	c->b = c->shape == B_SAW ? U(&r->par, 0.8, 0.97) :
	    U(&r->par, 0.3, 0.7);
	c->c = U(&r->par, 0.01, 0.05);
	n = (int)(r->length / (P * (1 - j))) + 3;
	if (n > MAXCYC)
		n = MAXCYC;
	c->cyc = gen_calloc(n, sizeof *c->cyc);
	c->amp = gen_calloc(n, sizeof *c->amp);
	t = -U(&r->par, 0, P);	/* any phase at the first sample */
	for (c->ncyc = 0; c->ncyc < n; c->ncyc++) {
		c->cyc[c->ncyc] = t;
		c->amp[c->ncyc] = jitter ? U(&r->par, 0.8, 1.2) : 1;
		t += P * (jitter ? U(&r->par, 1 - j, 1 + j) : 1);
	}
	if (r->c[i].base < 0.2 * c->a)
		r->c[i].base = 0.2 * c->a;
	note(r, " breathe(%s %s P=%.1fmin j=%.2f A=%.0fMB)", r->c[i].g->name,
	    bshape_names[c->shape], P / MIN, j, c->a / MB);
	return P * (1 + j);
}

/* Length, then step, then an onset in [lo, length - tail]. */
static double
onset_in(struct run *r, double lo, double tail)
{
	return U(&r->par, lo, r->length - tail);
}

static void
length_step(struct run *r, double lo_h, double hi_h, int allow10)
{
	r->length = U(&r->par, lo_h, hi_h) * HOUR;
	pick_step(r, allow10);
}

/* ------------------------------------------------------------------ */
/* Families */

static void
fam_rate(struct run *r, double rlo, double rhi, int loglaw, double budget,
    double len_hi, double onset_lo, double tail, double sig_lo,
    double sig_hi)
{
	const char *name = leak_cache(r);
	double rate = loglaw ? logU(&r->par, rlo, rhi) : U(&r->par, rlo, rhi);
	char s[80];
	int i;

	length_step(r, 3, len_hi, 1);
	i = cache_want(r, name);
	noise_set(&r->par, &r->c[i].n, logU(&r->par, sig_lo, sig_hi) * MB,
	    1 * MIN, 90 * MIN, sig_hi > 1);
	leak_add(r, i, rate, onset_in(r, onset_lo, tail), 0);
	snprintf(s, sizeof s, "slab:%s", name);
	truth_add(r, s, r->e[r->ne - 1].t0, budget, rate, "-");
}

static void
fam_fast(struct run *r)
{
	fam_rate(r, 100, 600, 1, 15 * MIN, 24, 0.5 * HOUR, 1 * HOUR, 0.1, 2);
}

static void
fam_rate21(struct run *r)
{
	fam_rate(r, 20, 22, 0, 20 * MIN, 36, 0.5 * HOUR, 1 * HOUR, 0.1, 2);
}

static void
fam_slow4(struct run *r)
{
	fam_rate(r, 3.8, 4.4, 0, 60 * MIN, 36, 1 * HOUR, 2 * HOUR, 0.03, 0.3);
}

static void
fam_noisy4(struct run *r)
{
	const char *name = leak_cache(r);
	double rate = U(&r->par, 3.8, 4.4);
	char s[80];
	int i;

	length_step(r, 12, 72, 1);
	i = cache_want(r, name);
	noise_set(&r->par, &r->c[i].n, U(&r->par, 2, 5) * MB, 10 * MIN,
	    60 * MIN, 0);
	if (r->c[i].base < 30 * MB)
		r->c[i].base = U(&r->par, 30, 80) * MB;
	leak_add(r, i, rate, onset_in(r, 2 * HOUR, 7 * HOUR), 0);
	snprintf(s, sizeof s, "slab:%s", name);
	truth_add(r, s, r->e[r->ne - 1].t0, 6 * HOUR, rate, "-");
}

static void
fam_preexisting(struct run *r)
{
	const char *name;
	double rate;
	char s[80];
	int i;

	length_step(r, 3, 24, 1);
	r->sections = 1;
	r->up0 = U(&r->par, 2, 40) * DAY;
	if (chance(&r->par, 0.5)) {
		name = "kmalloc-1k";
		rate = U(&r->par, 20, 22);
		i = cache_want(r, name);
		r->c[i].base = U(&r->par, 1.8, 2.4) * GiB;
	} else {
		name = leak_cache(r);
		rate = U(&r->par, 110, 130);
		i = cache_want(r, name);
		r->c[i].base = logU(&r->par, 50, 1000) * MB;
	}
	noise_set(&r->par, &r->c[i].n, logU(&r->par, 0.1, 2) * MB, 1 * MIN,
	    90 * MIN, 1);
	leak_add(r, i, rate, 0, 1);
	snprintf(s, sizeof s, "slab:%s", name);
	truth_add(r, s, 0, 30 * MIN, rate, "-");
}

static void
fam_vmalloc(struct run *r)
{
	static const char *const callers[] = {
		"mlk_alt_leak+0x1d/0x50 [mlk_alt]",
		"bpf_map_area_alloc+0x47/0xb0",
		"xt_alloc_table_info+0x2e/0x70",
		"drm_gem_shmem_vmap+0x9e/0x1d0 [drm_shmem_helper]",
	};
	static const int pages[] = { 64, 256 };
	double rate = U(&r->par, 11, 13), onset;
	char s[120], fn[80];
	int k = pick(&r->par, 4);

	length_step(r, 3, 24, 1);
	r->leak_caller = callers[k];
	r->leak_pages = pages[pick(&r->par, 2)];
	r->leak_base = k == 0 ? 0 : (int)floor(U(&r->par, 1, 40));
	onset = onset_in(r, 0.5 * HOUR, 1 * HOUR);
	leak_add(r, T_VMLEAK, rate, onset, 0);
	snprintf(fn, sizeof fn, "%.*s", (int)strcspn(r->leak_caller, "+ "),
	    r->leak_caller);
	snprintf(s, sizeof s, "vmalloc:%s", fn);
	note(r, " vmalloc(%s pages=%d base=%d)", fn, r->leak_pages,
	    r->leak_base);
	truth_add(r, s, onset, 35 * MIN, rate,
	    "kernel:vmalloc,vmalloc_type:vmalloc");
}

static void
fam_unaccounted(struct run *r)
{
	double rate = U(&r->par, 28, 32), onset;

	length_step(r, 3, 36, 1);
	onset = onset_in(r, 0.5 * HOUR, 1 * HOUR);
	leak_add(r, T_UNACC, rate, onset, 0);
	truth_add(r, "kernel:unaccounted", onset, 15 * MIN, rate, "-");
}

/* breathe_leak and breathe_leak_day1: the family's name says which. */
static void
fam_breathe_leak(struct run *r)
{
	int day1 = strcmp(r->family, "breathe_leak_day1") == 0;
	const char *name = breathe_cache(r);
	double rate = U(&r->par, 9, 11), P, onset, budget;
	char s[80];
	int i;

	if (day1) {
		onset = U(&r->par, 0.5, 20) * HOUR;
		r->length = onset + U(&r->par, 15, 30) * HOUR;
		pick_step(r, 1);
	} else {
		r->length = U(&r->par, 40, 72) * HOUR;
		pick_step(r, 0);
	}
	i = cache_want(r, name);
	P = breathe_add(r, i, 20 * MIN, 6 * HOUR, 20, 150);
	budget = day1 ? 14 * HOUR : P > 3.5 * HOUR ? 2 * P + HOUR : 8 * HOUR;
	if (!day1) {
		if (r->length < 24 * HOUR + budget + HOUR)
			r->length = 24 * HOUR + budget + HOUR;
		onset = U(&r->par, 24 * HOUR, r->length - budget - HOUR);
	}
	leak_add(r, i, rate, onset, 0);
	snprintf(s, sizeof s, "slab:%s", name);
	truth_add(r, s, onset, budget, rate, "-");
}

static void
fam_rising_reclaimable(struct run *r)
{
	const char *name = chance(&r->par, 2.0 / 3) ? "dentry" :
	    breathe_cache(r);
	double rate = U(&r->par, 18, 22), onset = U(&r->par, 0, 6) * HOUR;
	char s[80];
	size_t k;
	int i;

	r->length = onset + U(&r->par, 15, 30) * HOUR;
	pick_step(r, 1);
	i = cache_want(r, name);
	leak_add(r, i, rate, onset, 0);
	snprintf(s, sizeof s, "slab:%s", name);
	truth_add(r, s, onset, 14 * HOUR, rate, "-");
	if (chance(&r->par, 0.5))
		for (k = 0; k < sizeof breathers / sizeof breathers[0]; k++)
			if (strcmp(breathers[k], name) != 0 &&
			    chance(&r->par, 0.3))
				breathe_add(r, cache_want(r, breathers[k]),
				    10 * MIN, 6 * HOUR, 10, 60);
}

static void
fam_companions(struct run *r)
{
	static const char *const p618[][2] = {
		{ "msg_msg-1k", "kmalloc-cg-256" },
		{ "msg_msg-2k", "kmalloc-cg-64" },
		{ "kmalloc-cg-1k", "kmalloc-cg-192" },
	};
	static const char *const p515[][2] = {
		{ "kmalloc-cg-1k", "kmalloc-cg-256" },
		{ "kmalloc-cg-2k", "kmalloc-cg-64" },
		{ "kmalloc-cg-4k", "kmalloc-cg-192" },
	};
	const char *const *p = r->k515 ? p515[pick(&r->par, 3)] :
	    p618[pick(&r->par, 3)];
	double rate = logU(&r->par, 25, 300), f = U(&r->par, 0.1, 0.5);
	double onset;
	struct comp *a, *b;
	char s[80], comp[80];
	int i, j;

	length_step(r, 3, 24, 1);
	onset = onset_in(r, 0.5 * HOUR, 1 * HOUR);
	i = cache_want(r, p[0]);
	j = cache_want(r, p[1]);
	a = leak_add(r, i, rate, onset, 0);
	b = comp_add(r, C_LEAK, j);
	*b = *a;	/* the same leak: same shape and times */
	b->target = j;
	b->rate *= f;
	note(r, " companion %s x%.2f", p[1], f);
	snprintf(s, sizeof s, "slab:%s", p[0]);
	snprintf(comp, sizeof comp, "slab:%s", p[1]);
	truth_add(r, s, onset, rate >= 100 ? 15 * MIN : 20 * MIN, rate,
	    comp);
}

static void
fam_flat(struct run *r)
{
	length_step(r, 3, 72, 1);
}

/* A cache of either kind, machine's own. */
static int
any_cache(struct run *r)
{
	return chance(&r->par, 0.5) ? cache_want(r, leak_cache(r)) :
	    cache_want(r, breathe_cache(r));
}

static void
fam_noise(struct run *r)
{
	int n = 1 + pick(&r->par, 4), i, k;
	double sigma;

	length_step(r, 3, 72, 1);
	for (k = 0; k < n; k++) {
		i = any_cache(r);
		sigma = U(&r->par, 1, 5) * MB;
		if (r->c[i].base < 10 * sigma)
			r->c[i].base = 10 * sigma;
		noise_set(&r->par, &r->c[i].n, sigma, 1 * MIN, 90 * MIN, 0);
		if (chance(&r->par, 2.0 / 3)) {
			r->c[i].n.spike_rate = 1 / (U(&r->par, 2, 12) * HOUR);
			r->c[i].n.spike_h = U(&r->par, 2, 5) * sigma;
			r->c[i].n.spike_tau = U(&r->par, 0.5, 3) * MIN;
		}
		note(r, " noise(%s %.2fMB tau %.0f/%.0fmin tail %d spikes/h "
		    "%.2f)", r->c[i].g->name, sigma / MB, r->c[i].n.tau1 / MIN,
		    r->c[i].n.tau2 / MIN, (int)r->c[i].n.tail,
		    r->c[i].n.spike_rate * HOUR);
	}
}

/* A step or a burst: on kernel:unaccounted (p=p_unacc) or a cache of
 * either kind, at U[0.25 h, L - 1 h], logU[5, 300] MB. */
static struct comp *
event_add(struct run *r, enum ckind k, double p_unacc)
{
	int target = chance(&r->par, p_unacc) ? T_UNACC : any_cache(r);
	struct comp *c = comp_add(r, k, target);

	c->t0 = onset_in(r, 0.25 * HOUR, 1 * HOUR);
	c->a = logU(&r->par, 5, 300) * MB;
	return c;
}

/* A target's name in the notes. */
static const char *
target_label(const struct run *r, int target)
{
	return target == T_UNACC ? "unaccounted" : r->c[target].g->name;
}

static void
fam_step(struct run *r)
{
	int n = chance(&r->par, 0.7) ? 1 : 2, k;
	struct comp *c;
	double base;

	length_step(r, 3, 72, 1);
	for (k = 0; k < n; k++) {
		c = event_add(r, C_STEP, 0.2);
		base = c->target == T_UNACC ? r->unacc :
		    r->c[c->target].base;
		if (chance(&r->par, 0.5))
			c->a = -fmin(c->a, 0.7 * base);
		c->b = chance(&r->par, 0.5) ? 0 : U(&r->par, 10, 90);
		/* a slow drift back: at most 30 MB/h at first */
		c->c = chance(&r->par, 1.0 / 3) ? fmax(U(&r->par, 1, 6) * HOUR,
		    fabs(c->a) / (30 * MB / HOUR)) : 0;
		note(r, " step(%s %+.1fMB at %.2fh rise %.0fs back %.1fh)",
		    target_label(r, c->target), c->a / MB, c->t0 / HOUR, c->b,
		    c->c / HOUR);
	}
}

static void
fam_warmup(struct run *r)
{
	int n = 2 + pick(&r->par, 5), k, target;
	struct comp *c;
	size_t b;

	length_step(r, 3, 72, 1);
	if (chance(&r->par, 0.25)) {	/* drop_caches on a machine up days */
		double td = onset_in(r, 0.5 * HOUR, 3 * HOUR);
		double tau = U(&r->par, 10, 60) * MIN;

		note(r, " drop_caches at %.2fh refill tau %.0fmin", td / HOUR,
		    tau / MIN);
		for (b = 0; b < sizeof breathers / sizeof breathers[0]; b++) {
			k = cache_find(r, breathers[b]);
			if (k < 0)
				continue;
			c = comp_add(r, C_STEP, k);
			c->t0 = td;
			c->a = -U(&r->par, 0.7, 0.95) * r->c[k].base;
			c->c = tau;
		}
		return;
	}
	r->up0 = U(&r->par, 1, 20) * MIN;
	r->sections = !chance(&r->par, 0.25);
	for (k = 0; k < n; k++) {
		int recl;

		target = k == 0 ? T_UNACC : any_cache(r);
		recl = target >= 0 && r->c[target].g->recl;
		c = comp_add(r, C_WARM, target);
		c->shape = pick(&r->par, 3);
		c->a = U(&r->par, 10, recl ? 600 : 100) * MB;
		c->t0 = U(&r->par, 0, 20) * MIN;
		switch (c->shape) {
		case W_EXP:
			c->b = U(&r->par, 10, 40) * MIN;
			break;
		case W_LINEAR:
			c->b = U(&r->par, 20, 120) * MIN;
			break;
		default:
			c->b = U(&r->par, 15, 60) * MIN;
			c->c = U(&r->par, 4, 15) * MIN;
			break;
		}
		note(r, " warm(%s %s %.0fMB from %.0fmin scale %.0fmin)",
		    target_label(r, target), wshape_names[c->shape], c->a / MB,
		    c->t0 / MIN, c->b / MIN);
	}
	if (chance(&r->par, 1.0 / 3)) {	/* a service starts later */
		c = comp_add(r, C_WARM, any_cache(r));
		c->shape = W_LINEAR;
		c->t0 = U(&r->par, 40, 90) * MIN;
		c->a = U(&r->par, 5, 60) * MB;
		c->b = U(&r->par, 5, 30) * MIN;
		note(r, " service(%s %.0fMB at %.0fmin over %.0fmin)",
		    r->c[c->target].g->name, c->a / MB, c->t0 / MIN,
		    c->b / MIN);
	}
}

static void
fam_breathe(struct run *r)
{
	int n = 1 + pick(&r->par, 3), k;

	int used[MAXC] = { 0 }, i;

	length_step(r, 3, 72, 1);
	for (k = 0; k < n; k++)
		if (!used[i = cache_want(r, breathe_cache(r))]) {
			used[i] = 1;
			breathe_add(r, i, 10 * MIN, 6 * HOUR, 10, 150);
		}
}

static void
daily_add(struct run *r, int i, double lo, double hi)
{
	struct comp *c = comp_add(r, C_DAILY, i);

	c->a = U(&r->par, lo, hi) * MB;
	c->b = c->a * U(&r->par, 0, 0.5);
	c->c = U(&r->par, 0, 2 * M_PI);
	c->d = U(&r->par, 0, 2 * M_PI);
	note(r, " daily(%s +/-%.0fMB h2 %.0fMB)", r->c[i].g->name, c->a / MB,
	    c->b / MB);
}

static void
fam_daily(struct run *r)
{
	int n = pick(&r->par, 3), k;

	length_step(r, 6, 72, 1);
	daily_add(r, cache_want(r, "dentry"), 10, 60);
	daily_add(r, cache_want(r, "buffer_head"), 5, 40);
	for (k = 0; k < n; k++) {
		const char *name = breathe_cache(r);

		if (strcmp(name, "dentry") != 0 &&
		    strcmp(name, "buffer_head") != 0)
			daily_add(r, cache_want(r, name), 10, 60);
	}
	r->daily_mem = 1;
	r->daily_ph = U(&r->par, 0, 2 * M_PI);
}

static void
fam_bursts(struct run *r)
{
	int n = 1 + pick(&r->par, 6), k;
	struct comp *c;

	length_step(r, 3, 72, 1);
	for (k = 0; k < n; k++) {
		c = event_add(r, C_BURST, 0.15);
		c->b = U(&r->par, 10, 180);
		c->c = U(&r->par, 0, 30) * MIN;
		c->d = U(&r->par, 10, 600);
		note(r, " burst(%s %.0fMB at %.2fh rise %.0fs hold %.0fmin "
		    "fall %.0fs)", target_label(r, c->target), c->a / MB,
		    c->t0 / HOUR, c->b, c->c / MIN, c->d);
	}
}

static void
fam_modules(struct run *r)
{
	int n = 1 + pick(&r->par, 3), k, w;
	struct cache *c;

	length_step(r, 3, 72, 1);
	for (k = 0; k < n && r->nc < MAXC; k++) {
		const struct geom *g = &kmod[pick(&r->par, NKMOD)];
		int dup = 0, i;
		double t;

		for (i = 0; i < r->nc; i++)
			dup |= r->c[i].g == g;
		if (dup)
			continue;
		c = &r->c[r->nc++];
		memset(c, 0, sizeof *c);
		c->g = g;
		c->module = 1;
		c->base = logU(&r->par, 1, 50) * MB;
		c->fill = U(&r->par, 0.85, 0.99);
		c->up = U(&r->par, 0.5, 5) * MIN;
		c->code_pages = 8 + pick(&r->par, 200);
		noise_set(&r->par, &c->n, fmin(logU(&r->par, 0.03, 1) * MB,
		    0.02 * c->base), 1 * MIN, 90 * MIN, 1);
		c->nwin = 1 + pick(&r->par, 3);
		t = U(&r->par, 0, 0.3) * r->length;
		for (w = 0; w < c->nwin; w++) {
			c->win[w][0] = t;
			t += U(&r->par, 0.05, 0.4) * r->length;
			c->win[w][1] = t;
			t += U(&r->par, 0.02, 0.2) * r->length;
		}
		note(r, " module(%s %.1fMB", g->name, c->base / MB);
		for (w = 0; w < c->nwin; w++)
			note(r, " %.2f-%.2fh", c->win[w][0] / HOUR,
			    c->win[w][1] / HOUR);
		note(r, ")");
	}
}

/* The families, in -l order: those both generators draw. */
#define FAMILIES(X)	GEN_LEAK_FAMILIES(X) GEN_QUIET_FAMILIES(X)
static const char *const families[] = { FAMILIES(GEN_NAME) NULL };
#define fam_breathe_leak_day1 fam_breathe_leak
#define SETUP(name) fam_##name,
static void (*const setups[])(struct run *) = { FAMILIES(SETUP) };
#undef SETUP
#undef fam_breathe_leak_day1

/* What every family shares: kernel, bystanders, memory, sampling. */
static void
machine(struct run *r)
{
	const struct kcache *k;
	const struct geom *g;
	size_t i, n;
	double keep = U(&r->par, 0.6, 1.0);
	static const double totals[] = { 4, 8, 16, 32, 64, 128 };
	static const char hex[] = "0123456789abcdef";

	r->k515 = chance(&r->par, 0.4);
	for (k = kcaches; k < kcaches + NKCACHES; k++) {
		const int *geo = r->k515 ? k->k515 : k->k618;

		if (geo[0] > 0)
			r->kern[r->nkern++] = (struct geom){ k->name, geo[0],
			    geo[1], geo[2], k->recl, k->lo, k->hi };
	}
	for (g = r->kern; g < r->kern + r->nkern; g++)
		if (chance(&r->par, keep) || g->recl ||
		    strncmp(g->name, "kmalloc-", 8) == 0)
			cache_want(r, g->name);
	r->total = totals[2 + pick(&r->par, 4)] * GiB;
	r->start = 1769904000LL + (long long)U(&r->par, 0, 200 * DAY);
	r->sections = !chance(&r->par, 0.25);
	r->iso = chance(&r->par, 0.2);
	r->slab_first = chance(&r->par, 0.5);
	r->up0 = logU(&r->par, 1, 40) * DAY;
	for (i = 0; i < 36; i++)
		r->boot_id[i] = (i == 8 || i == 13 || i == 18 || i == 23) ?
		    '-' : hex[pick(&r->par, 16)];
	r->boot_id[36] = '\0';
	r->jit = chance(&r->par, 2.0 / 3) ? U(&r->par, 0.005, 0.05) : 0;
	r->gaps = chance(&r->par, 0.5);
	r->gap_every = U(&r->par, 3, 12) * HOUR;

	r->anon = U(&r->par, 0.1, 0.4) * r->total;
	noise_set(&r->par, &r->anon_n, U(&r->par, 5, 50) * MB, 5 * MIN,
	    60 * MIN, 0);
	r->cached0 = U(&r->par, 0.05, 0.2) * r->total;
	r->cached1 = U(&r->par, 0.3, 0.6) * r->total;
	r->cache_fill = U(&r->par, 2, 30) * HOUR;
	r->shmem = U(&r->par, 0.005, 0.03) * r->total;
	r->buffers = U(&r->par, 20, 400) * MB;
	noise_set(&r->par, &r->buf_n, U(&r->par, 0.5, 5) * MB, 5 * MIN,
	    60 * MIN, 0);
	r->percpu = U(&r->par, 2, 40) * MB;
	r->krecl_extra = U(&r->par, 0, 20) * MB;
	r->unacc = U(&r->par, 50, 400) * MB;
	noise_set(&r->par, &r->unacc_n, logU(&r->par, 0.2, 2) * MB, 1 * MIN,
	    60 * MIN, 1);
	r->threads = U(&r->par, 100, 500);
	noise_set(&r->par, &r->thr_n, U(&r->par, 3, 30), 2 * MIN, 60 * MIN, 0);

	/* vmallocinfo's static callers */
#define VM(cl, sz, pg, ty) do { r->vm[r->nvm].caller = cl;		\
	r->vm[r->nvm].size = sz; r->vm[r->nvm].pages = pg;		\
	r->vm[r->nvm].type = ty; r->nvm++; } while (0)
	VM("acpi_os_map_iomem+0x1d1/0x200", 8192, 0,
	    "phys=0x00000000fed00000 ioremap");
	VM("hpet_enable+0x4a/0x350", 8192, 0, "phys=0x00000000fed00000 ioremap");
	VM("alloc_large_system_hash+0x187/0x290", (4097 + 1) * PAGE, 4097,
	    "vmalloc vpages N0=4097");
	VM("alloc_large_system_hash+0x187/0x290", (2049 + 1) * PAGE, 2049,
	    "vmalloc vpages N0=2049");
	VM("pcpu_create_chunk+0x1cb/0x250", (512 + 1) * PAGE, 512,
	    "vmalloc N0=512");
	VM("bpf_prog_alloc_no_stats+0x4d/0x1d0", 2 * PAGE, 1, "vmalloc N0=1");
	VM("bpf_prog_alloc_no_stats+0x4d/0x1d0", 2 * PAGE, 1, "vmalloc N0=1");
	VM("relay_open_buf.part.0+0x1a1/0x2f0", (64 + 1) * PAGE, 64,
	    "vmalloc N0=64");
	VM("swap_cgroup_swapon+0x2d/0x120", (128 + 1) * PAGE, 128,
	    "vmalloc N0=128");
	VM("memremap+0x9c/0x170", 16384, 0, "phys=0x000000009c5a8000 ioremap");
	n = 2 + pick(&r->par, 10);
	for (i = 0; i < n; i++)
		VM("n_tty_open+0x19/0xa0", 4 * PAGE, 3, "vmalloc N0=3");
#undef VM
}

/* Memory besides the caches: more for big caches. */
static void
size_memory(struct run *r)
{
	double need = 2 * GiB;
	int i;

	for (i = 0; i < r->nc; i++)
		need += r->c[i].base;
	while (r->total < 3 * need && r->total < 128 * GiB)
		r->total *= 2;
	r->anon = fmin(r->anon, 0.4 * r->total);
	r->cached1 = fmin(r->cached1, 0.5 * r->total);
}

/* ------------------------------------------------------------------ */
/* Printing one block */

static int
module_in(const struct cache *c, double t, double *since)
{
	int w;

	for (w = 0; w < c->nwin; w++)
		if (t >= c->win[w][0] && t < c->win[w][1]) {
			*since = t - c->win[w][0];
			return 1;
		}
	return 0;
}

/* meminfo from the sample's own figures (m), the rest derived. */
static void
print_meminfo(const struct run *r, struct gen_meminfo *m)
{
	double file = m->cached - r->shmem + m->buffers;
	double lanon = m->anon + r->shmem;

	m->k515 = r->k515;
	m->floor0 = 1;
	m->total = r->total;
	m->avail = m->free + 0.85 * file + 0.5 * m->recl;
	m->active_anon = 0.7 * lanon;
	m->inactive_anon = 0.3 * lanon;
	m->active_file = m->inactive_file = 0.5 * file;
	m->swap = 2 * GiB;
	m->dirty = 0.001 * m->cached;
	m->mapped = 0.15 * m->cached;
	m->shmem = r->shmem;
	m->kreclaimable = m->recl + r->krecl_extra;
	m->commit_limit = r->total / 2 + 2 * GiB;
	m->committed = 2.2 * m->anon;
	m->percpu = r->percpu;
	m->direct4k = 512 * 1024 * 1024.0;
	m->direct2m = r->total - 512 * 1024 * 1024.0;
	m->direct1g = -1;
	gen_meminfo(m);
}

static void
print_slabinfo(const struct run *r)
{
	const struct cache *c;

	gen_slabinfo_head();
	for (c = r->c; c < r->c + r->nc; c++)
		if (c->shown)
			gen_slab(c->g->name, c->g->objsize, c->g->objperslab,
			    c->g->pagesperslab, c->val, c->fill);
}

/* vmalloc()'s pages of this sample; the areas printed when out. */
static double
vmalloc_pages(const struct run *r, long leak_areas, int threads, int out)
{
	unsigned long long a = 0xffffb5a4c0000000ULL;
	double pages = 0;
	long k;
	int i;

#define LINE(cl, sz, pg, ty) do {					\
	if (out)							\
		printf("0x%016llx-0x%016llx %8llu %s %s%s\n", a,	\
		    a + (unsigned long long)(sz), (unsigned long long)(sz),\
		    cl, (pg) > 0 ? "pages=" : "", ty);			\
	a += (unsigned long long)(sz) + 0x2000;				\
	pages += (pg);							\
} while (0)
	if (out)
		printf("--- vmallocinfo\n");
	for (i = 0; i < r->nvm; i++) {
		char ty[64];

		if (r->vm[i].pages > 0)
			snprintf(ty, sizeof ty, "%d %s", r->vm[i].pages,
			    r->vm[i].type);
		else
			snprintf(ty, sizeof ty, "%s", r->vm[i].type);
		LINE(r->vm[i].caller, r->vm[i].size, r->vm[i].pages, ty);
	}
	for (i = 0; i < threads; i++)
		LINE("alloc_thread_stack_node+0x1a6/0x2d0", 5 * PAGE, 4,
		    "4 vmalloc N0=4");
	for (i = 0; i < r->nc; i++)
		if (r->c[i].module && r->c[i].shown) {
			char ty[64];

			snprintf(ty, sizeof ty, "%d vmalloc N0=%d",
			    r->c[i].code_pages, r->c[i].code_pages);
			LINE(r->k515 ? "module_alloc+0x82/0xf0" :
			    "execmem_vmalloc+0x8c/0x110",
			    (r->c[i].code_pages + 1) * PAGE,
			    r->c[i].code_pages, ty);
		}
	if (r->leak_caller != NULL)
		for (k = 0; k < r->leak_base + leak_areas; k++) {
			char ty[64];

			snprintf(ty, sizeof ty, "%d vmalloc N0=%d",
			    r->leak_pages, r->leak_pages);
			LINE(r->leak_caller, (r->leak_pages + 1) * PAGE,
			    r->leak_pages, ty);
		}
	if (out)
		printf("0x%016llx-0x%016llx    20480 unpurged vm_area\n", a,
		    a + 20480);
#undef LINE
	return pages * PAGE;
}

static void
block(struct run *r, double t, double dt, int with_vm)
{
	/* What the components add to each target, T_VMLEAK and T_UNACC
	 * before the caches. */
	double sums[MAXC + 2] = { 0 }, *add = sums + 2, v, since, fc, unacc;
	struct gen_meminfo m = { 0 };
	struct cache *c;
	long leak_areas;
	int i, threads;

	for (i = 0; i < r->ne; i++)
		add[r->e[i].target] += comp_value(&r->e[i], t);
	for (i = 0; i < r->nc; i++) {
		c = &r->c[i];
		v = c->base + add[i] + noise_step(&r->noi, &c->n, dt);
		c->shown = 1;
		if (c->module && (c->shown = module_in(c, t, &since)) &&
		    since < c->up)
			v *= since / c->up;
		c->val = fmax(v, c->g->pagesperslab * PAGE);
		if (!c->shown)
			continue;
		c->val = llround(c->val / (c->g->pagesperslab * PAGE)) *
		    c->g->pagesperslab * PAGE;
		if (c->g->recl)
			m.recl += c->val;
		else
			m.unrecl += c->val;
	}
	threads = (int)lround(r->threads + noise_step(&r->noi, &r->thr_n, dt));
	leak_areas = r->leak_caller == NULL ? 0 :
	    (long)floor(add[T_VMLEAK] / ((r->leak_pages + 1) * PAGE));
	m.vmalloc = vmalloc_pages(r, leak_areas, threads, 0);
	m.stack = threads * 16384.0 + 64 * 16384.0;
	m.anon = r->anon + noise_step(&r->noi, &r->anon_n, dt);
	fc = fmin(1, t / r->cache_fill);
	m.cached = r->cached0 + (r->cached1 - r->cached0) * fc;
	if (r->daily_mem) {
		m.anon += 0.05 * r->anon * cos(2 * M_PI * t / DAY + r->daily_ph);
		m.cached += 0.05 * r->cached1 *
		    cos(2 * M_PI * t / DAY + r->daily_ph + 1);
	}
	m.buffers = r->buffers + noise_step(&r->noi, &r->buf_n, dt);
	m.pt = 0.012 * m.anon;
	unacc = r->unacc + add[T_UNACC] + noise_step(&r->noi, &r->unacc_n, dt);
	/* vmapped stacks count in KernelStack and VmallocUsed both, as on
	 * a real kernel, but take their pages once */
	m.free = r->total - (m.anon + m.cached + m.buffers + m.recl +
	    m.unrecl + m.stack + m.pt + r->percpu + m.vmalloc -
	    threads * 16384.0 + unacc + r->krecl_extra);
	if (m.free < 0.02 * r->total) {	/* the page cache gives way */
		m.cached -= 0.02 * r->total - m.free;
		m.free = 0.02 * r->total;
	}
	if (r->sections) {
		double up = r->up0 + t;

		printf("--- uptime\n%.2f %.2f\n", up, up * 3.7);
		printf("--- boot_id\n%s\n", r->boot_id);
	}
	if (r->slab_first)
		print_slabinfo(r);
	print_meminfo(r, &m);
	if (!r->slab_first)
		print_slabinfo(r);
	if (with_vm)
		vmalloc_pages(r, leak_areas, threads, 1);
}

/* ------------------------------------------------------------------ */

static void
write_truth(FILE *f, const void *arg)
{
	const struct run *r = arg;
	int i;

	fprintf(f, "# mkalt %s %ld (REPORT-ONLY corpus: never tune on it): "
	    "kernel=%s step=%.0fs jitter=%.3f gaps=%s length=%.2fh "
	    "sections=%s iso=%s uptime0=%.3fd memtotal=%.0fGiB\n",
	    r->family, r->seed, r->k515 ? "5.15" : "6.18", r->step, r->jit,
	    r->gaps ? "yes" : "no", (double)r->last / HOUR,
	    r->sections ? "yes" : "no", r->iso ? "yes" : "no", r->up0 / DAY,
	    r->total / GiB);
	fprintf(f, "# drawn:%s\n", r->notes[0] ? r->notes : " -");
	fprintf(f, "# caches (MB/sigma MB/tau1,tau2 min):");
	for (i = 0; i < r->nc; i++)
		fprintf(f, " %s:%.1f/%.2f/%.0f,%.0f", r->c[i].g->name,
		    r->c[i].base / MB, hypot(r->c[i].n.sigma1,
		    r->c[i].n.sigma2) / MB, r->c[i].n.tau1 / MIN,
		    r->c[i].n.tau2 / MIN);
	fprintf(f, "\n# memory (MB/sigma MB): unaccounted=%.0f/%.2f "
	    "anon=%.0f/%.1f cached=%.0f->%.0f over %.1fh threads=%.0f/%.0f\n",
	    r->unacc / MB, hypot(r->unacc_n.sigma1, r->unacc_n.sigma2) / MB,
	    r->anon / MB, hypot(r->anon_n.sigma1, r->anon_n.sigma2) / MB,
	    r->cached0 / MB, r->cached1 / MB, r->cache_fill / HOUR, r->threads,
	    hypot(r->thr_n.sigma1, r->thr_n.sigma2));
	gen_truth_lines(f, r->family, r->seed, r->step, r->last, r->start, r->t,
	    r->nt);
}

/* May a gap cover [a, b]?  Not near a leak's onset and budget. */
static int
gap_ok(const struct run *r, double a, double b)
{
	int i;

	for (i = 0; i < r->nprotect; i++)
		if (b >= r->protect[i][0] && a <= r->protect[i][1])
			return 0;
	return 1;
}

static void
stamp(const struct run *r, long long when)
{
	struct tm tm;
	time_t tt = (time_t)when;
	char buf[40];

	if (!r->iso) {
		printf("=== %lld\n", when);
		return;
	}
	gmtime_r(&tt, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	printf("=== %s\n", buf);
}

int
main(int argc, char **argv)
{
	struct gen_cli cli;
	struct run *r;
	double t = 0, tprev = 0, next_gap, d;
	long long last = -1, bucket = -1, now;
	int i, k, status;

	gen_start(&cli, "mkalt", families, argc, argv);
	r = gen_calloc(1, sizeof *r);
	r->family = cli.family;
	r->seed = cli.seed;
	rng_init(&r->par, &cli, "parameters");
	rng_init(&r->noi, &cli, "noise");
	machine(r);
	setups[cli.index](r);
	size_memory(r);
	if (r->step == 10 && r->length > 18 * HOUR)
		r->step = 60;	/* file sizes: 10 s for at most 18 h */

	next_gap = r->gaps ? U(&r->par, 0.2, 1) * r->gap_every : 1e18;
	for (k = 0; k == 0 || tprev < r->length; k++) {
		if (k > 0) {
			d = r->step * (1 + r->jit * gauss(&r->noi));
			d = fmin(fmax(d, 0.5 * r->step), 1.5 * r->step);
			if (t + d >= next_gap) {
				double skip = (2 + pick(&r->noi, 4)) * r->step;

				if (gap_ok(r, t, t + d + skip))
					d += skip;
				next_gap += r->gap_every * U(&r->noi, 0.5, 1.5);
			}
			t += d;
		}
		now = (long long)floor(t);
		if (now <= last)
			continue;
		stamp(r, r->start + now);
		block(r, t, k > 0 ? t - tprev : 0, now / 300 != bucket);
		bucket = now / 300;
		last = now;
		tprev = t;
	}
	r->last = last;
	status = gen_end(&cli, write_truth, r);
	for (i = 0; i < r->ne; i++) {
		free(r->e[i].cyc);
		free(r->e[i].amp);
	}
	free(r);
	return status;
}
