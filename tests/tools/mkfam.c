/*
 * mkfam: randomised families of generated recordings (the format of
 * mlkd --import), each with the truth a detector is scored against
 * (tests/score/score.sh).
 *
 *   mkfam FAMILY SEED [-t TRUTHFILE]   one recording, on stdout
 *   mkfam -l                            the families, one a line
 *
 * Every parameter is drawn from the range written below by a PRNG
 * (xoshiro256**) seeded from (FAMILY, SEED) alone, so a pair always gives
 * the same recording (on one libm).  Seeds 1-300 are for tuning a
 * detector; seeds from 1001 are held out: only ever reported, never tuned
 * on (see tests/score/score.sh).
 *
 * The command line, the truth file's expectation lines and the /proc
 * text are tests/tools/gen.c's, which mkalt shares.
 *
 * TRUTHFILE gets comment lines ("# ...") with every drawn parameter, for
 * humans, then one line per expected leak:
 *
 *   FAMILY SEED STEP_SECONDS LENGTH_SECONDS START_UNIX SERIES ONSET_UNIX
 *   BUDGET_SECONDS RATE_B_PER_H COMPANIONS
 *
 * SERIES must alert, opening no earlier than ONSET_UNIX - 60 and no later
 * than ONSET_UNIX + BUDGET_SECONDS, and stay open to the end; COMPANIONS
 * (a comma list, or "-") are series the same leak fills, whose alerts are
 * duplicate pages, not false alerts.  A quiet family writes one line with
 * SERIES, ONSET, BUDGET, RATE and COMPANIONS all "-": any alert is false.
 * LENGTH_SECONDS is the last sample's time less START_UNIX.
 *
 * Units: MB = 10^6 bytes, GiB = 2^30 bytes; rates in MB per hour; "U[a, b]"
 * uniform, "logU[a, b]" log-uniform, "p=" a probability.
 *
 * THE MACHINE (every family, unless the family says otherwise)
 *
 *   Slab caches, with the geometry (object size, objects and pages per
 *   slab) of a Linux 6.18 x86-64 machine's /proc/slabinfo and a steady
 *   size drawn logU in MB:
 *     unreclaimable: kmalloc-8k [5, 40], kmalloc-4k [20, 100], kmalloc-2k
 *     [20, 100], kmalloc-1k [30, 150], kmalloc-512 [20, 100], kmalloc-256
 *     [10, 50], kmalloc-128 [15, 60], kmalloc-64 [20, 80], kmalloc-cg-256
 *     [5, 40], msg_msg-1k [1, 8], task_struct [8, 60], vm_area_struct
 *     [20, 120], filp [10, 60]; each p=1/2: anon_vma [5, 30],
 *     skbuff_head_cache [5, 40], signal_cache [3, 20];
 *     reclaimable (mlk knows them so by name): dentry [100, 1500],
 *     buffer_head [30, 400], ext4_inode_cache [100, 1500],
 *     radix_tree_node [30, 300], inode_cache [10, 80].
 *   So 18 to 21 caches.  A cache's bytes are rounded to whole slabs (at
 *   least one); its active objects are a fixed fill U[0.80, 0.99] of its
 *   objects.
 *
 *   Noise: every cache, and kernel:unaccounted, carries an
 *   Ornstein-Uhlenbeck (mean-reverting) deviation with standard deviation
 *   sigma U[0.1, 1] MB and correlation time tau U[5, 30] min, capped at a
 *   fifth of the cache's size (a 5 MB cache cannot swing by 5 MB).  It is
 *   stepped with the exact discretisation x' = x a + sigma sqrt(1 - a^2) N,
 *   a = exp(-dt / tau), from a stationary start, so its statistics do not
 *   depend on the sampling step.  Where a family sets a cache's sigma
 *   itself, the cache's size is raised to at least 5 sigma instead.
 *
 *   /proc/meminfo (a 6.x kernel's keys) is consistent with the caches:
 *   MemTotal is 32, 64, 128 or 256 GiB (p=1/4 each; doubled until user
 *   memory, the kernel and the largest growth the family can make fit in
 *   90% of it) times U[0.97, 0.985]; AnonPages U[15, 40]% and Cached
 *   U[10, 35]% of it, each with OU noise of sigma U[0.2, 1]% of MemTotal
 *   (tau U[10, 120] and U[30, 240] min); Buffers U[0.1, 1]%; KernelStack
 *   16 KiB times U[2000, 20000] threads with OU noise (sigma U[0.05, 0.3]
 *   MB, tau U[5, 30] min); PageTables U[0.2, 0.4]% of AnonPages with OU
 *   noise (sigma U[0.1, 1] MB, tau U[5, 30] min); Percpu U[0.5, 2] MB per
 *   CPU, 8 to 64 CPUs; SReclaimable and SUnreclaim (and Slab) the sums of
 *   the caches; VmallocUsed the vmalloc pages of the areas below, now.
 *   kernel:unaccounted, U[100, 800] MB plus noise, is what no counter
 *   explains: adding to it lowers MemFree and nothing else.  MemFree is
 *   MemTotal less all the above; were it to fall under 1% of MemTotal,
 *   the kernel reclaims page cache: Cached gives way, MemFree stays.
 *   MemAvailable is MemFree + 0.9 (Cached - Shmem) + Buffers +
 *   SReclaimable / 2.  Values are printed in kB, truncated.
 *
 *   /proc/vmallocinfo, in the first sample of every 300 s of the
 *   recording whatever the step (every fifth sample at 60 s, every one at
 *   300 s): alloc_large_system_hash (4 to 8 areas), pcpu_create_chunk (2
 *   to 6 chunks of 2 MiB), bpf_prog_alloc_no_stats (10 to 90 one-page
 *   programs), htab_map_alloc (0 to 8 half-MiB maps), n_tty_open (about
 *   U[2, 10] terminals come and go, OU, tau U[10, 60] min), "unpurged
 *   vm_area" (about U[5, 30] lazily freed areas, OU, tau 5 min), and
 *   areas with no pages (pcpu_get_vm_areas), vmap and ioremap areas.
 *   Kernel stacks are counted in KernelStack only (as without
 *   CONFIG_VMAP_STACK: with it, every thread's stack is a vmalloc area
 *   too, and the recording would be 10000 lines longer each time).
 *   Memory is taken when an area is made, so between two vmallocinfo
 *   sections MemFree already shows vmalloc growth that mlk's
 *   kernel:unaccounted (which subtracts the last vmallocinfo's total)
 *   shows as a small sawtooth, as on a real machine.
 *
 *   Timing: START_UNIX = 1767225600 + SEED * 7 days.  The step is drawn
 *   from {10, 60, 300} s (p=1/3 each).  An operator's shell loop drifts:
 *   each sample comes step + U[0.005, 0.2] s after the one before, and
 *   its "=== " time is whole seconds (truncated), so gaps of step + 1 s
 *   occur.  The length is U[3 h, 72 h], but at least onset + 2 x budget +
 *   1 h (the family's "tail" below), and at most 18 h at 10 s steps; a
 *   family whose onset and tail need more than 18 h draws its step from
 *   {60, 300} s instead.
 *
 *   "--- uptime" and "--- boot_id" sections in every block: the machine
 *   has been up U[2, 30] days at the first sample, and one boot id is
 *   drawn.  p=1/4 of the seeds omit both sections entirely, as an
 *   operator's loop would (never for warmup, whose point is the boot).
 *
 *   Leaks follow the machine's load: a leak of mean rate R grows at
 *   R (1 + m sin(2 pi t / 24 h + phi)), m U[0, 0.2], phi U[0, 2 pi], from
 *   its onset; the truth's rate is R.
 *
 * LEAK FAMILIES: SERIES, rate, onset (hours into the recording), budget
 *
 *   fast            slab:C, C any unreclaimable cache; U[100, 400] MB/h;
 *                   onset U[0.5 h, length - 2 h]; budget 15 min.
 *   rate21          slab:C (unreclaimable); U[19, 23] MB/h; onset
 *                   U[0.5 h, length - tail]; budget 20 min.
 *   slow4           slab:C (unreclaimable); U[3.5, 4.5] MB/h; every cache
 *                   and kernel:unaccounted has low noise, sigma U[0.1,
 *                   0.5] MB; onset U[0.5 h, length - tail]; budget 60 min.
 *   noisy4          slab:C (unreclaimable); U[3.5, 4.5] MB/h while C has
 *                   noise sigma U[1, 5] MB, tau U[10, 60] min; onset
 *                   U[1 h, 24 h]; budget 6 h; length >= onset + 14 h.
 *   preexisting     slab:C (unreclaimable) leaking before the first
 *                   sample, which is the onset; p=1/2: U[19, 23] MB/h on
 *                   a cache already at U[1.5, 2.5] GiB (the leak began
 *                   (size - steady size) / rate before), else U[100, 140]
 *                   MB/h begun U[1, 12] h before; the machine has been up
 *                   at least 12 h longer than the leak; budget 30 min.
 *   vmalloc         vmalloc:mlk_leaky_alloc (module mlk_leaky): 1 MiB
 *                   areas (1052672 bytes with the guard page) accumulate
 *                   at U[10, 14] MB/h; MemFree falls as they are made,
 *                   vmallocinfo shows them every 300 s.  p=1/2 the
 *                   caller has no area before the onset (a new caller:
 *                   its series begins with the leak, no history of its
 *                   own), else U{1, 4} areas from the first sample.
 *                   Onset U[0.5 h, length - tail]; budget 35 min.
 *   unaccounted     kernel:unaccounted at U[25, 35] MB/h (MemFree alone
 *                   falls); onset U[0.5 h, length - tail]; budget 15 min.
 *   breathe_leak    slab:C, C a reclaimable cache (dentry p=1/2, else one
 *                   of the other four) breathing (the shapes of breathe,
 *                   below: period logU[20 min, 6 h], amplitude U[20, 150]
 *                   MB) with 0 to 2 other reclaimable caches in step with
 *                   it (amplitude U[20, 150] MB, no leak); C's troughs
 *                   rise U[8, 12] MB/h from an onset U[24 h, length -
 *                   tail]; budget 8 h, or 2 periods + 1 h if that is
 *                   longer (periods over 3.5 h).  Step 60 or 300 s.
 *   breathe_leak_day1  the same with onset U[1 h, 20 h]; budget 14 h.
 *   rising_reclaimable  slab:C, C dentry (p=0.7) or another reclaimable
 *                   cache, rising U[15, 25] MB/h and never falling
 *                   (negative dentries); onset U[0, 20 h]; budget 14 h.
 *   companions      slab:msg_msg-1k at U[15, 60] MB/h and, same onset,
 *                   kmalloc-cg-256 at a quarter of that (each message
 *                   queue's accounted 256-byte struct, as kleak's real
 *                   recording shows); COMPANIONS slab:kmalloc-cg-256;
 *                   onset U[0.5 h, length - tail]; budget 20 min.
 *   paced           (mkfam's own; mkalt draws these paces for every leak)
 *                   rate21's leak, at a pace that is no line, p=1/3
 *                   each: stairs, a step of U[2, 6] MB at the onset and
 *                   every period after (the step over the rate, clamped
 *                   to [3, 12] min), budget 20 min or, if longer, 2
 *                   periods + 5 min (a staircase is told from a one-time
 *                   step at its third step); duty, growing for U[15, 25]
 *                   min from the onset, then pausing U[5, 15] min, and
 *                   again (the mean rate R), budget 20 min; ramp, the
 *                   rate rising from 0 to R over U[5, 10] min, budget
 *                   20 min + half the ramp (the growth it holds back).
 *                   No daily modulation.  Onset U[0.5 h, length -
 *                   tail]; p=1/4 the first sample (a machine up 12 h or
 *                   more; nothing leaked before it, so a ramp starts
 *                   from nought there), budget 30 min (stairs: 2
 *                   periods + 5 min if longer).
 *   preexisting_kernel (mkfam's own) preexisting's machine, leaking
 *                   outside the slab caches: p=1/2 kernel:unaccounted
 *                   at U[25, 35] MB/h, budget 30 min, else vmalloc's
 *                   leak (vmalloc:mlk_leaky_alloc, read every 300 s) at
 *                   U[10, 14] MB/h, budget 35 min; begun U[1, 12] h
 *                   before the first sample, the onset.
 *
 * QUIET FAMILIES: not one alert
 *
 *   flat            the machine's noise only.
 *   noise           every cache and kernel:unaccounted has noise sigma
 *                   U[1, 5] MB, tau U[10, 60] min.
 *   step            1 to 3 steps, each on its own cache (any kind) or
 *                   on kernel:unaccounted (a driver's buffer): up
 *                   by logU[10, 500] MB at U[10 min, length - 10 min],
 *                   done within 1 to 3 samples (k U{1, 2, 3} steps, but
 *                   no longer than 3 min: a step is a container start or
 *                   a table resize, not a leak), then flat.
 *   warmup          booted at the first sample (uptime 60 s): each cache
 *                   fills from 1/f of its steady size to it, f U[1.5, 4],
 *                   with time constant logU[10 min, 3 h]; AnonPages,
 *                   KernelStack and PageTables from 30% to 100% with
 *                   time constant U[10 min, 1 h], Cached with twice it.
 *   breathe         1 or 2 workloads (a find, a backup), each with 1 or 2
 *                   reclaimable caches of its own, breathing around
 *                   stationary troughs with period logU[10 min, 6 h],
 *                   amplitude U[10, 150] MB, each cycle's amplitude times
 *                   U[0.8, 1.2]; shape p=1/3 each: sawtooth (rise over
 *                   U[60, 95]% of the period, then reclaimed), pulse
 *                   (rise over U[5, 30]% of the period but at most 30 min,
 *                   hold U[0, 30]%, fall over U[2, 15]% but at most 15
 *                   min, then flat), sine.
 *   daily           dentry +-U[20, 40] MB, buffer_head +-U[10, 25] MB and
 *                   p=1/2 ext4_inode_cache +-U[10, 30] MB follow a 24 h
 *                   sine at a phase U[0, 24 h] (each cache +-U[0, 1] h off
 *                   it), from the first sample, each with a second
 *                   harmonic (12 h) of U[0, 0.5] of its amplitude at a
 *                   phase U[0, 12 h] of its own: a daily load is no sine,
 *                   and its rise can last 16 h, faster at the end.
 *   bursts          1 to 3 unreclaimable caches among kmalloc-256,
 *                   -512, -1k, -2k, -4k, kmalloc-cg-256 (and
 *                   skbuff_head_cache if present) take bursts of U[20,
 *                   300] MB that rise over U[1, 8] min and are freed over
 *                   the U[1, 10] min after, U[20 min, 6 h] apart (the
 *                   first U[0, 1] gap in).
 *   modules         1 to 3 module caches (among nf_conntrack, fuse_inode,
 *                   xfs_inode, kvm_mmu_page_header, bridge_fdb_cache,
 *                   nfs_inode_cache, ip_vs_conn, rpc_buffers) appear in
 *                   slabinfo (listed first, as the newest) at U[10 min,
 *                   length / 2] with logU[1, 50] MB, p=1/2 growing to it
 *                   over U[10, 90] s as the module initialises (noise
 *                   sigma U[0.1, 1] MB but at most a tenth); they go
 *                   (unload) U[20 min, 0.4 length] later and p=1/2 come
 *                   back U[5 min, 3 h] after that, to the end.  Each
 *                   module's code is a vmallocinfo area of U[16, 512]
 *                   pages (module_memory_alloc) while it is loaded.
 *
 * Realism, and what is left out: no reboot within a recording, no
 * missing samples, no swap activity, no huge pages; the drift and the
 * page-cache reclaim above are the only imperfections of the loop and
 * the machine.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

#define MB		1e6
#define MiB		1048576.0
#define GiB		1073741824.0
#define PAGE		4096.0
#define MINUTE		60.0
#define HOUR		3600.0
#define DAY		86400.0
#define START0		1767225600LL	/* 2026-01-01T00:00:00Z */
#define AREA		1052672.0	/* a leaked 1 MiB vmalloc area */
#define MAXCACHE	32
#define T_UNACC		(-1)		/* effect targets besides caches */
#define T_VMALLOC	(-2)

/* xoshiro256**, seeded through splitmix64. */
struct rng {
	uint64_t	 s[4];
};

static uint64_t
splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t
fnv(uint64_t h, const char *s)
{
	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ULL;
	return h;
}

/* One stream of draws for (family, seed, stream name). */
static void
rng_seed(struct rng *r, const char *family, long seed, const char *stream)
{
	uint64_t h = fnv(fnv(fnv(0xcbf29ce484222325ULL, family), "/"), stream);
	int i;

	h ^= (uint64_t)seed * 0xd1b54a32d192ed03ULL;
	for (i = 0; i < 4; i++)
		r->s[i] = splitmix(&h);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
next(struct rng *r)
{
	uint64_t *s = r->s, out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

/* Uniform in (0, 1). */
static double
u01(struct rng *r)
{
	return ((double)(next(r) >> 11) + 0.5) / 9007199254740992.0;
}

static double
uni(struct rng *r, double a, double b)
{
	return a + (b - a) * u01(r);
}

static double
logu(struct rng *r, double a, double b)
{
	return a * exp(log(b / a) * u01(r));
}

/* 0 .. n-1 */
static int
pick(struct rng *r, int n)
{
	int i = (int)(u01(r) * n);

	return i < n ? i : n - 1;
}

static int
chance(struct rng *r, double p)
{
	return u01(r) < p;
}

static double
gauss(struct rng *r)
{
	return sqrt(-2 * log(u01(r))) * cos(2 * M_PI * u01(r));
}

/* A uniform (0, 1) that is a function of (key, n) alone: per-cycle draws
 * the same whatever the step. */
static double
hashu(uint64_t key, long n)
{
	uint64_t x = key ^ ((uint64_t)n * 0x9e3779b97f4a7c15ULL);

	return ((double)(splitmix(&x) >> 11) + 0.5) / 9007199254740992.0;
}

/* A mean-reverting deviation: Ornstein-Uhlenbeck, exactly discretised. */
struct ou {
	double		 sigma, tau, x;
};

static void
ou_set(struct ou *o, struct rng *r, double sigma, double tau)
{
	o->sigma = sigma;
	o->tau = tau;
	o->x = sigma * gauss(r);
}

static void
ou_step(struct ou *o, struct rng *r, double dt)
{
	double a = exp(-dt / o->tau);

	o->x = o->x * a + o->sigma * sqrt(1 - a * a) * gauss(r);
}

struct cspec {
	const char	*name;
	int		 objsize, objperslab, pagesperslab, reclaimable;
	double		 lo, hi;	/* steady size, MB (logU) */
	int		 optional;	/* present p=1/2 */
};

/* Geometry from a Linux 6.18 x86-64 /proc/slabinfo. */
static const struct cspec machine_caches[] = {
	{ "kmalloc-8k", 8192, 4, 8, 0, 5, 40, 0 },
	{ "kmalloc-4k", 4096, 8, 8, 0, 20, 100, 0 },
	{ "kmalloc-2k", 2048, 16, 8, 0, 20, 100, 0 },
	{ "kmalloc-1k", 1024, 16, 4, 0, 30, 150, 0 },
	{ "kmalloc-512", 512, 16, 2, 0, 20, 100, 0 },
	{ "kmalloc-256", 256, 16, 1, 0, 10, 50, 0 },
	{ "kmalloc-128", 128, 32, 1, 0, 15, 60, 0 },
	{ "kmalloc-64", 64, 64, 1, 0, 20, 80, 0 },
	{ "kmalloc-cg-256", 256, 16, 1, 0, 5, 40, 0 },
	{ "msg_msg-1k", 1024, 16, 4, 0, 1, 8, 0 },
	{ "task_struct", 4288, 7, 8, 0, 8, 60, 0 },
	{ "vm_area_struct", 192, 21, 1, 0, 20, 120, 0 },
	{ "filp", 192, 21, 1, 0, 10, 60, 0 },
	{ "anon_vma", 104, 39, 1, 0, 5, 30, 1 },
	{ "skbuff_head_cache", 256, 16, 1, 0, 5, 40, 1 },
	{ "signal_cache", 1152, 14, 4, 0, 3, 20, 1 },
	{ "dentry", 192, 21, 1, 1, 100, 1500, 0 },
	{ "buffer_head", 104, 39, 1, 1, 30, 400, 0 },
	{ "ext4_inode_cache", 1128, 14, 4, 1, 100, 1500, 0 },
	{ "radix_tree_node", 584, 14, 2, 1, 30, 300, 0 },
	{ "inode_cache", 624, 13, 2, 1, 10, 80, 0 },
};

static const struct cspec module_caches[] = {
	{ "nf_conntrack", 256, 16, 1, 0, 1, 50, 0 },
	{ "fuse_inode", 896, 18, 4, 1, 1, 50, 0 },
	{ "xfs_inode", 1024, 16, 4, 1, 1, 50, 0 },
	{ "kvm_mmu_page_header", 184, 22, 1, 0, 1, 50, 0 },
	{ "bridge_fdb_cache", 128, 32, 1, 0, 1, 50, 0 },
	{ "nfs_inode_cache", 1064, 15, 4, 1, 1, 50, 0 },
	{ "ip_vs_conn", 320, 25, 2, 0, 1, 50, 0 },
	{ "rpc_buffers", 2048, 16, 8, 0, 1, 50, 0 },
};
#define NMODULES (sizeof module_caches / sizeof module_caches[0])

struct cache {
	const struct cspec *sp;
	double		 base;		/* steady bytes */
	double		 start, warm;	/* warm-up: bytes at boot, tau (0: none) */
	struct ou	 n;
	double		 fill;		/* active objects / objects */
	int		 module;	/* present only in [on, off) windows */
	double		 on[2], off[2], ramp;
	int		 nwin, code_pages;
	double		 bytes;		/* this sample, whole slabs */
	int		 shown;
};

enum shape { SAWTOOTH, PULSE, SINE };
static const char *const shape_names[] = { "sawtooth", "pulse", "sine" };

/* A breathing workload: cycles of `period`, each cycle's amplitude times
 * U[0.8, 1.2] (from key). */
struct wave {
	enum shape	 shape;
	double		 period, phase;	/* phase: seconds into a cycle at 0 */
	double		 rise, hold, fall;	/* fractions of the period */
	uint64_t	 key;
};

enum ekind { E_LEAK, E_STEP, E_BURST, E_WAVE, E_DAILY };
/* A leak's pace: a line (modulated by the day's load), or the shapes of
 * family paced. */
enum pace { P_LINE, P_STAIRS, P_DUTY, P_RAMP };
static const char *const pace_names[] = { "line", "stairs", "duty", "ramp" };

/* Something added to a cache (or to kernel:unaccounted, or to the leaky
 * vmalloc caller) as a function of the time t since the first sample. */
struct effect {
	enum ekind	 kind;
	int		 target;	/* a cache, T_UNACC or T_VMALLOC */
	double		 at;		/* onset, start of a step or burst */
	double		 rate;		/* LEAK: bytes per second, mean */
	double		 mod, phi;	/* LEAK: daily modulation; DAILY: phase */
	double		 size;		/* STEP, BURST: bytes */
	double		 rise, fall;	/* STEP: rise; BURST: rise, fall (s) */
	double		 amp;		/* WAVE, DAILY: bytes */
	double		 h2, phi2;	/* DAILY: second harmonic, a share
					   of amp, and its phase */
	int		 wave;
	enum pace	 pace;		/* LEAK: how it grows */
	double		 on, off;	/* LEAK: STAIRS: period; DUTY: on and
					   off; RAMP: on, the ramp's length */
};

struct run {
	const char	*family;
	long		 seed;
	struct rng	 par, noi;
	int		 step;
	double		 drift, length;
	long long	 start;
	int		 sections;	/* uptime and boot_id shown */
	double		 up0;
	int		 ncpu;
	char		 boot_id[40];
	struct cache	 c[MAXCACHE];
	int		 nc;
	struct effect	*e;
	int		 ne, cape;
	struct wave	 w[4];
	int		 nw;
	struct gen_truth t[4];
	int		 nt;
	long long	 last;		/* the last sample's time */
	/* meminfo */
	double		 total, anon, cached, buffers, shmem_frac, threads;
	double		 percpu, pt_frac, unacc, swap, mwarm, growth;
	struct ou	 anon_n, cached_n, ks_n, pt_n, unacc_n;
	int		 warmup;
	/* vmallocinfo background */
	int		 hashes, chunks, progs, maps, leaky0;
	double		 ttys, unpurged;
	struct ou	 tty_n, unp_n;
	char		 notes[8192];
};

#define note(r, ...) gen_note((r)->notes, sizeof (r)->notes, __VA_ARGS__)

static struct effect *
effect_add(struct run *r, enum ekind kind, int target)
{
	struct effect *e;

	if (r->ne == r->cape) {
		r->cape = r->cape ? r->cape * 2 : 16;
		r->e = gen_realloc(r->e, r->cape * sizeof *r->e);
	}
	e = &r->e[r->ne++];
	memset(e, 0, sizeof *e);
	e->kind = kind;
	e->target = target;
	return e;
}

static int
cache_index(const struct run *r, const char *name)
{
	int i;

	for (i = 0; i < r->nc; i++)
		if (strcmp(r->c[i].sp->name, name) == 0)
			return i;
	return -1;
}

/* A machine cache (not a module's) of the kind asked, at random. */
static int
pick_cache(struct run *r, int reclaimable)
{
	int idx[MAXCACHE], n = 0, i;

	for (i = 0; i < r->nc; i++)
		if (!r->c[i].module && r->c[i].sp->reclaimable == reclaimable)
			idx[n++] = i;
	return idx[pick(&r->par, n)];
}

static const char *
target_name(const struct run *r, int target, char *buf, size_t len)
{
	if (target == T_UNACC)
		snprintf(buf, len, "kernel:unaccounted");
	else if (target == T_VMALLOC)
		snprintf(buf, len, "vmalloc:mlk_leaky_alloc");
	else
		snprintf(buf, len, "slab:%s", r->c[target].sp->name);
	return buf;
}

/* A cache's noise set by the family: its size follows (>= 5 sigma). */
static void
set_noise(struct run *r, int i, double sigma, double tau)
{
	struct cache *c = &r->c[i];

	ou_set(&c->n, &r->noi, sigma, tau);
	if (c->base < 5 * sigma)
		c->base = 5 * sigma;
}

static double
max_length(const struct run *r)
{
	return r->step == 10 ? 18 * HOUR : 72 * HOUR;
}

static double
draw_length(struct run *r)
{
	return uni(&r->par, 3 * HOUR, 72 * HOUR);
}

/* Length first, then an onset in [lo, length - tail]. */
static double
timing_rel(struct run *r, double lo, double tail)
{
	double len = draw_length(r);

	if (len < lo + tail)
		len = lo + tail;
	if (len > max_length(r))
		len = max_length(r);
	r->length = len;
	return uni(&r->par, lo, len - tail);
}

/* An onset in [lo, hi] first (no 10 s step when it cannot fit in 18 h),
 * then a length of at least onset + tail. */
static double
timing_abs(struct run *r, double lo, double hi, double tail)
{
	double onset, len;

	if (lo + tail > max_length(r))
		r->step = chance(&r->par, 0.5) ? 60 : 300;
	if (hi > max_length(r) - tail)
		hi = max_length(r) - tail;
	onset = uni(&r->par, lo, hi);
	len = draw_length(r);
	if (len < onset + tail)
		len = onset + tail;
	if (len > max_length(r))
		len = max_length(r);
	r->length = len;
	return onset;
}

static void
timing_quiet(struct run *r)
{
	double len = draw_length(r);

	r->length = len < max_length(r) ? len : max_length(r);
}

static void
truth_add(struct run *r, int target, double onset, double budget,
    double rate_mb, const char *companions)
{
	struct gen_truth *t = &r->t[r->nt++];

	target_name(r, target, t->series, sizeof t->series);
	snprintf(t->companions, sizeof t->companions, "%s", companions);
	t->onset = onset;
	t->budget = budget;
	t->rate = rate_mb * MB;
}

/* A leak of mean rate_mb MB/h from onset, modulated by the day's load. */
static struct effect *
leak_add(struct run *r, int target, double rate_mb, double onset)
{
	struct effect *e = effect_add(r, E_LEAK, target);
	char name[64];

	e->at = onset;
	e->rate = rate_mb * MB / HOUR;
	e->mod = uni(&r->par, 0, 0.2);
	e->phi = uni(&r->par, 0, 2 * M_PI);
	note(r, " leak=%s rate=%.2fMB/h onset=%.3fh modulation=%.3f "
	    "phase=%.2frad", target_name(r, target, name, sizeof name),
	    rate_mb, onset / HOUR, e->mod, e->phi);
	return e;
}

/* ------------------------------------------------------------------ */
/* Leak families */

static void
fam_fast(struct run *r)
{
	int c = pick_cache(r, 0);
	double rate = uni(&r->par, 100, 400);
	double onset = timing_rel(r, 0.5 * HOUR, 2 * HOUR);

	leak_add(r, c, rate, onset);
	truth_add(r, c, onset, 15 * MINUTE, rate, "-");
}

static void
fam_rate21(struct run *r)
{
	int c = pick_cache(r, 0);
	double rate = uni(&r->par, 19, 23);
	double onset = timing_rel(r, 0.5 * HOUR, 2 * 20 * MINUTE + HOUR);

	leak_add(r, c, rate, onset);
	truth_add(r, c, onset, 20 * MINUTE, rate, "-");
}

static void
fam_slow4(struct run *r)
{
	int c = pick_cache(r, 0), i;
	double rate = uni(&r->par, 3.5, 4.5);
	double onset = timing_rel(r, 0.5 * HOUR, 3 * HOUR);

	for (i = 0; i < r->nc; i++)
		set_noise(r, i, uni(&r->par, 0.1, 0.5) * MB,
		    r->c[i].n.tau);
	ou_set(&r->unacc_n, &r->noi, uni(&r->par, 0.1, 0.5) * MB,
	    r->unacc_n.tau);
	note(r, " low-noise=all");
	leak_add(r, c, rate, onset);
	truth_add(r, c, onset, HOUR, rate, "-");
}

static void
fam_noisy4(struct run *r)
{
	int c = pick_cache(r, 0);
	double rate = uni(&r->par, 3.5, 4.5), onset;
	double sigma = uni(&r->par, 1, 5), tau = uni(&r->par, 10, 60);

	set_noise(r, c, sigma * MB, tau * MINUTE);
	note(r, " noisy=slab:%s sigma=%.2fMB tau=%.1fmin", r->c[c].sp->name,
	    sigma, tau);
	onset = timing_abs(r, HOUR, 24 * HOUR, 14 * HOUR);
	leak_add(r, c, rate, onset);
	truth_add(r, c, onset, 6 * HOUR, rate, "-");
}

/* A leak begun `before` seconds before the first sample, its onset, on a
 * machine up 12 h longer (families preexisting and preexisting_kernel). */
static void
leak_before(struct run *r, int target, double rate, double before,
    double budget)
{
	if (r->up0 < before + 12 * HOUR)
		r->up0 = before + 12 * HOUR;
	leak_add(r, target, rate, -before);
	truth_add(r, target, 0, budget, rate, "-");
}

static void
fam_preexisting(struct run *r)
{
	int c = pick_cache(r, 0);
	double rate, before, level;

	timing_quiet(r);		/* >= 3 h: the tail, 2 x 30 min + 1 h */
	if (chance(&r->par, 0.5)) {
		rate = uni(&r->par, 19, 23);
		level = uni(&r->par, 1.5, 2.5) * GiB;
		before = (level - r->c[c].base) / (rate * MB) * HOUR;
		note(r, " variant=large-cache level=%.3fGiB", level / GiB);
	} else {
		rate = uni(&r->par, 100, 140);
		before = uni(&r->par, 1, 12) * HOUR;
		note(r, " variant=fast");
	}
	leak_before(r, c, rate, before, 30 * MINUTE);
}

static void
fam_vmalloc(struct run *r)
{
	double rate = uni(&r->par, 10, 14);
	double onset = timing_rel(r, 0.5 * HOUR, 2 * 35 * MINUTE + HOUR);

	r->leaky0 = chance(&r->par, 0.5) ? 0 : 1 + pick(&r->par, 4);
	note(r, " areas-before=%d", r->leaky0);
	leak_add(r, T_VMALLOC, rate, onset);
	truth_add(r, T_VMALLOC, onset, 35 * MINUTE, rate, "-");
}

static void
fam_unaccounted(struct run *r)
{
	double rate = uni(&r->par, 25, 35);
	double onset = timing_rel(r, 0.5 * HOUR, 2 * 15 * MINUTE + HOUR);

	leak_add(r, T_UNACC, rate, onset);
	truth_add(r, T_UNACC, onset, 15 * MINUTE, rate, "-");
}

/* A breathing workload on `first` and 0 to `others` more reclaimable
 * caches, amplitudes U[lo, hi] MB.  Returns its period. */
static double
wave_add(struct run *r, int first, int others, double pmin, double lo,
    double hi)
{
	struct wave *w = &r->w[r->nw];
	int n = 1 + pick(&r->par, others + 1), i, c, used[MAXCACHE] = { 0 };
	struct effect *e;

	w->shape = (enum shape)pick(&r->par, 3);
	w->period = logu(&r->par, pmin, 6 * HOUR);
	w->phase = uni(&r->par, 0, w->period);
	w->key = next(&r->par);
	if (w->shape == SAWTOOTH)
		w->rise = uni(&r->par, 0.6, 0.95);
	else if (w->shape == PULSE) {
		w->rise = uni(&r->par, 0.05, 0.3);
		if (w->rise * w->period > 30 * MINUTE)
			w->rise = 30 * MINUTE / w->period;
		w->hold = uni(&r->par, 0, 0.3);
		w->fall = uni(&r->par, 0.02, 0.15);
		if (w->fall * w->period > 15 * MINUTE)
			w->fall = 15 * MINUTE / w->period;
	}
	note(r, " wave%d=%s period=%.1fmin phase=%.1fmin rise=%.3f hold=%.3f "
	    "fall=%.3f caches=", r->nw, shape_names[w->shape],
	    w->period / MINUTE, w->phase / MINUTE, w->rise, w->hold, w->fall);
	for (i = 0; i < r->ne; i++)
		if (r->e[i].kind == E_WAVE && r->e[i].target >= 0)
			used[r->e[i].target] = 1;
	for (i = 0; i < n; i++) {
		if (i == 0)
			c = first;
		else {
			int tries = 0;

			do
				c = pick_cache(r, 1);
			while ((used[c] || c == first) && ++tries < 50);
			if (used[c] || c == first)
				break;
		}
		used[c] = 1;
		e = effect_add(r, E_WAVE, c);
		e->wave = r->nw;
		e->amp = uni(&r->par, lo, hi) * MB;
		note(r, "%s%s:%.1fMB", i ? "," : "", r->c[c].sp->name,
		    e->amp / MB);
	}
	r->nw++;
	return w->period;
}

static int
pick_dentry_or(struct run *r, double p)
{
	return chance(&r->par, p) ? cache_index(r, "dentry") :
	    pick_cache(r, 1);
}

static void
breathe_leak(struct run *r, int day1)
{
	int c = pick_dentry_or(r, 0.5);
	double period = wave_add(r, c, 2, 20 * MINUTE, 20, 150);
	double rate = uni(&r->par, 8, 12), budget, onset;

	if (day1)
		budget = 14 * HOUR;
	else {
		budget = 8 * HOUR;
		if (period > 3.5 * HOUR && 2 * period + HOUR > budget)
			budget = 2 * period + HOUR;
	}
	onset = day1 ? timing_abs(r, HOUR, 20 * HOUR, 2 * budget + HOUR) :
	    timing_abs(r, 24 * HOUR, 72 * HOUR, 2 * budget + HOUR);
	leak_add(r, c, rate, onset);
	truth_add(r, c, onset, budget, rate, "-");
}

static void
fam_breathe_leak(struct run *r)
{
	breathe_leak(r, 0);
}

static void
fam_breathe_leak_day1(struct run *r)
{
	breathe_leak(r, 1);
}

static void
fam_rising_reclaimable(struct run *r)
{
	int c = pick_dentry_or(r, 0.7);
	double rate = uni(&r->par, 15, 25);
	double onset = timing_abs(r, 0, 20 * HOUR, 2 * 14 * HOUR + HOUR);

	leak_add(r, c, rate, onset);
	truth_add(r, c, onset, 14 * HOUR, rate, "-");
}

static void
fam_companions(struct run *r)
{
	int msg = cache_index(r, "msg_msg-1k");
	int cg = cache_index(r, "kmalloc-cg-256");
	double rate = uni(&r->par, 15, 60);
	double onset = timing_rel(r, 0.5 * HOUR, 2 * 20 * MINUTE + HOUR);
	struct effect *a, *b;

	a = leak_add(r, msg, rate, onset);
	b = leak_add(r, cg, rate / 4, onset);
	b->mod = a->mod;		/* one leak: one load */
	b->phi = a->phi;
	truth_add(r, msg, onset, 20 * MINUTE, rate, "slab:kmalloc-cg-256");
}

/* rate21's leak at a pace that is no line: in steps, between pauses, or
 * after a ramp (family paced). */
static void
fam_paced(struct run *r)
{
	int c = pick_cache(r, 0), first = chance(&r->par, 0.25);
	double rate = uni(&r->par, 19, 23), budget = 20 * MINUTE, onset = 0;
	enum pace pace = (enum pace)(1 + pick(&r->par, 3));
	struct effect *e;

	if (first) {		/* from the first sample */
		timing_quiet(r);
		budget = 30 * MINUTE;
		if (r->up0 < 12 * HOUR)
			r->up0 = 12 * HOUR;
		note(r, " variant=from-first-sample");
	} else
		onset = timing_rel(r, 0.5 * HOUR, 2 * 40 * MINUTE + HOUR);
	e = leak_add(r, c, rate, onset);
	e->pace = pace;
	e->mod = 0;
	switch (pace) {
	case P_STAIRS:
		/* steps of a few MB, no further apart than 12 minutes: a
		 * staircase is told from a step at its third step */
		e->on = fmin(fmax(uni(&r->par, 2, 6) * MB / e->rate,
		    3 * MINUTE), 12 * MINUTE);
		budget = fmax(budget, 2 * e->on + 5 * MINUTE);
		break;
	case P_DUTY:
		e->on = uni(&r->par, 15, 25) * MINUTE;
		e->off = uni(&r->par, 5, 15) * MINUTE;
		break;
	case P_RAMP:
		e->on = uni(&r->par, 5, 10) * MINUTE;
		budget += e->on / 2;	/* the growth the ramp holds back */
		break;
	case P_LINE:
		break;
	}
	note(r, " pace=%s on=%.1fmin off=%.1fmin (no modulation)",
	    pace_names[pace], e->on / MINUTE, e->off / MINUTE);
	truth_add(r, c, onset, budget, rate, "-");
}

/* A leak outside the slab caches, under way at the first sample (family
 * preexisting_kernel): the first evaluation met both so. */
static void
fam_preexisting_kernel(struct run *r)
{
	int vm = chance(&r->par, 0.5), target = vm ? T_VMALLOC : T_UNACC;
	double rate = vm ? uni(&r->par, 10, 14) : uni(&r->par, 25, 35);
	double before = uni(&r->par, 1, 12) * HOUR;

	timing_quiet(r);
	leak_before(r, target, rate, before, (vm ? 35 : 30) * MINUTE);
}

/* ------------------------------------------------------------------ */
/* Quiet families */

static void
fam_flat(struct run *r)
{
	timing_quiet(r);
}

static void
fam_noise(struct run *r)
{
	int i;

	timing_quiet(r);
	for (i = 0; i < r->nc; i++)
		set_noise(r, i, uni(&r->par, 1, 5) * MB,
		    uni(&r->par, 10, 60) * MINUTE);
	ou_set(&r->unacc_n, &r->noi, uni(&r->par, 1, 5) * MB,
	    uni(&r->par, 10, 60) * MINUTE);
	note(r, " noisy=all");
}

static void
fam_step(struct run *r)
{
	int n = 1 + pick(&r->par, 3), i, target, used[MAXCACHE + 1] = { 0 };
	struct effect *e;
	char name[64];

	timing_quiet(r);
	for (i = 0; i < n; i++) {
		do			/* one step a target: no staircase */
			target = pick(&r->par, r->nc + 1);
		while (used[target]);
		used[target] = 1;
		e = effect_add(r, E_STEP, target == r->nc ? T_UNACC : target);
		e->size = logu(&r->par, 10, 500) * MB;
		e->at = uni(&r->par, 10 * MINUTE, r->length - 10 * MINUTE);
		e->rise = (1 + pick(&r->par, 3)) * r->step;
		if (e->rise > 3 * MINUTE)
			e->rise = 3 * MINUTE;
		note(r, " step=%s:+%.1fMB@%.3fh/%.0fs",
		    target_name(r, e->target, name, sizeof name),
		    e->size / MB, e->at / HOUR, e->rise);
	}
}

static void
fam_warmup(struct run *r)
{
	int i;

	timing_quiet(r);
	r->warmup = 1;
	r->sections = 1;
	r->up0 = 60;
	r->mwarm = uni(&r->par, 10, 60) * MINUTE;
	note(r, " user-warm-tau=%.1fmin caches=", r->mwarm / MINUTE);
	for (i = 0; i < r->nc; i++) {
		double f = uni(&r->par, 1.5, 4);

		r->c[i].warm = logu(&r->par, 10 * MINUTE, 3 * HOUR);
		r->c[i].start = r->c[i].base / f;
		note(r, "%s%s:x%.2f/%.0fmin", i ? "," : "", r->c[i].sp->name,
		    f, r->c[i].warm / MINUTE);
	}
}

static void
fam_breathe(struct run *r)
{
	int n = 1 + pick(&r->par, 2), i;

	timing_quiet(r);
	for (i = 0; i < n; i++) {
		int c, tries = 0, j, taken;

		do {
			c = pick_cache(r, 1);
			for (j = taken = 0; j < r->ne; j++)
				taken |= r->e[j].target == c;
		} while (taken && ++tries < 50);
		wave_add(r, c, 1, 10 * MINUTE, 10, 150);
	}
}

static void
fam_daily(struct run *r)
{
	static const struct { const char *name; double lo, hi, p; } d[] = {
		{ "dentry", 20, 40, 1 },
		{ "buffer_head", 10, 25, 1 },
		{ "ext4_inode_cache", 10, 30, 0.5 },
	};
	double phase = uni(&r->par, 0, 2 * M_PI);
	struct effect *e;
	size_t i;

	timing_quiet(r);
	for (i = 0; i < sizeof d / sizeof d[0]; i++) {
		if (!chance(&r->par, d[i].p))
			continue;
		e = effect_add(r, E_DAILY, cache_index(r, d[i].name));
		e->amp = uni(&r->par, d[i].lo, d[i].hi) * MB;
		e->phi = phase + uni(&r->par, -1, 1) * 2 * M_PI / 24;
		e->h2 = uni(&r->par, 0, 0.5);
		e->phi2 = uni(&r->par, 0, 2 * M_PI);
		note(r, " daily=%s:+-%.1fMB@%.2frad,h2=%.2f@%.2frad",
		    d[i].name, e->amp / MB, e->phi, e->h2, e->phi2);
	}
}

static void
fam_bursts(struct run *r)
{
	static const char *const names[] = {
		"kmalloc-256", "kmalloc-512", "kmalloc-1k", "kmalloc-2k",
		"kmalloc-4k", "kmalloc-cg-256", "skbuff_head_cache",
	};
	int n = 1 + pick(&r->par, 3), i, c, used[MAXCACHE] = { 0 }, count;
	struct effect *e;
	double t, gap;

	timing_quiet(r);
	for (i = 0; i < n; i++) {
		do
			c = cache_index(r, names[pick(&r->par, 7)]);
		while (c < 0 || used[c]);
		used[c] = 1;
		t = uni(&r->par, 0, 1) * uni(&r->par, 20 * MINUTE, 6 * HOUR);
		count = 0;
		while (t < r->length) {
			e = effect_add(r, E_BURST, c);
			e->at = t;
			e->size = uni(&r->par, 20, 300) * MB;
			e->rise = uni(&r->par, 1, 8) * MINUTE;
			e->fall = uni(&r->par, 1, 10) * MINUTE;
			gap = uni(&r->par, 20 * MINUTE, 6 * HOUR);
			t += gap;
			count++;
		}
		note(r, " bursts=%s:%d", r->c[c].sp->name, count);
	}
}

static void
fam_modules(struct run *r)
{
	int n = 1 + pick(&r->par, 3), i, m, used[NMODULES] = { 0 }, j;
	struct cache *c;
	double sigma;

	timing_quiet(r);
	for (i = 0; i < n && r->nc < MAXCACHE; i++) {
		do
			m = pick(&r->par, NMODULES);
		while (used[m]);
		used[m] = 1;
		/* Newest first in /proc/slabinfo. */
		memmove(&r->c[1], &r->c[0], r->nc * sizeof r->c[0]);
		r->nc++;
		for (j = 0; j < r->ne; j++)
			if (r->e[j].target >= 0)
				r->e[j].target++;
		c = &r->c[0];
		memset(c, 0, sizeof *c);
		c->sp = &module_caches[m];
		c->module = 1;
		c->base = logu(&r->par, 1, 50) * MB;
		c->fill = uni(&r->par, 0.8, 0.99);
		sigma = uni(&r->par, 0.1, 1) * MB;
		if (sigma > 0.1 * c->base)
			sigma = 0.1 * c->base;
		ou_set(&c->n, &r->noi, sigma, uni(&r->par, 5, 30) * MINUTE);
		c->ramp = chance(&r->par, 0.5) ? uni(&r->par, 10, 90) : 0;
		c->code_pages = 16 + pick(&r->par, 497);
		c->on[0] = uni(&r->par, 10 * MINUTE, r->length / 2);
		c->off[0] = c->on[0] + uni(&r->par, 20 * MINUTE,
		    0.4 * r->length);
		c->nwin = 1;
		if (chance(&r->par, 0.5)) {
			c->on[1] = c->off[0] + uni(&r->par, 5 * MINUTE, 3 * HOUR);
			c->off[1] = 1e12;
			if (c->on[1] < r->length - 20 * MINUTE)
				c->nwin = 2;
		}
		note(r, " module=%s:%.1fMB ramp=%.0fs code=%dpages "
		    "loaded=%.3fh-%.3fh", c->sp->name, c->base / MB, c->ramp,
		    c->code_pages, c->on[0] / HOUR, c->off[0] / HOUR);
		if (c->nwin == 2)
			note(r, ",%.3fh-end", c->on[1] / HOUR);
	}
}

/* The families, in -l order: paced and preexisting_kernel are mkfam's
 * own. */
#define FAMILIES(X)	GEN_LEAK_FAMILIES(X) X(paced) X(preexisting_kernel) \
			GEN_QUIET_FAMILIES(X)
static const char *const families[] = { FAMILIES(GEN_NAME) NULL };
#define SETUP(name) fam_##name,
static void (*const setups[])(struct run *) = { FAMILIES(SETUP) };
#undef SETUP

/* ------------------------------------------------------------------ */
/* The machine */

static void
machine(struct run *r)
{
	size_t i;
	struct cache *c;
	double sigma;
	uint64_t id;

	r->step = (int[]){ 10, 60, 300 }[pick(&r->par, 3)];
	r->drift = uni(&r->par, 0.005, 0.2);
	r->start = START0 + r->seed * 7 * 86400LL;
	r->sections = !chance(&r->par, 0.25);
	r->up0 = uni(&r->par, 2, 30) * DAY;
	r->ncpu = 8 << pick(&r->par, 4);
	id = next(&r->par);
	snprintf(r->boot_id, sizeof r->boot_id,
	    "%08x-%04x-4%03x-%04x-%012llx", (unsigned)(id >> 32),
	    (unsigned)(id >> 16) & 0xffff, (unsigned)id & 0xfff,
	    0x8000 | ((unsigned)(id >> 48) & 0x3fff),
	    (unsigned long long)(next(&r->par) & 0xffffffffffffULL));
	for (i = 0; i < sizeof machine_caches / sizeof machine_caches[0];
	    i++) {
		if (machine_caches[i].optional && !chance(&r->par, 0.5))
			continue;
		c = &r->c[r->nc++];
		c->sp = &machine_caches[i];
		c->base = logu(&r->par, c->sp->lo, c->sp->hi) * MB;
		c->fill = uni(&r->par, 0.8, 0.99);
		sigma = uni(&r->par, 0.1, 1) * MB;
		if (sigma > 0.2 * c->base)
			sigma = 0.2 * c->base;
		ou_set(&c->n, &r->noi, sigma, uni(&r->par, 5, 30) * MINUTE);
	}
	r->anon = uni(&r->par, 0.15, 0.40);	/* fractions until sized */
	r->cached = uni(&r->par, 0.10, 0.35);
	r->buffers = uni(&r->par, 0.001, 0.01);
	r->shmem_frac = uni(&r->par, 0.02, 0.1);
	r->threads = uni(&r->par, 2000, 20000);
	r->pt_frac = uni(&r->par, 0.002, 0.004);
	r->percpu = r->ncpu * uni(&r->par, 0.5, 2) * MB;
	r->unacc = uni(&r->par, 100, 800) * MB;
	r->swap = chance(&r->par, 0.5) ? uni(&r->par, 2, 8) * GiB : 0;
	r->total = (32 << pick(&r->par, 4)) * GiB;
	ou_set(&r->anon_n, &r->noi, uni(&r->par, 0.002, 0.01),
	    uni(&r->par, 10, 120) * MINUTE);
	ou_set(&r->cached_n, &r->noi, uni(&r->par, 0.002, 0.01),
	    uni(&r->par, 30, 240) * MINUTE);
	ou_set(&r->ks_n, &r->noi, uni(&r->par, 0.05, 0.3) * MB,
	    uni(&r->par, 5, 30) * MINUTE);
	ou_set(&r->pt_n, &r->noi, uni(&r->par, 0.1, 1) * MB,
	    uni(&r->par, 5, 30) * MINUTE);
	ou_set(&r->unacc_n, &r->noi, uni(&r->par, 0.1, 1) * MB,
	    uni(&r->par, 5, 30) * MINUTE);
	r->hashes = 4 + pick(&r->par, 5);
	r->chunks = 2 + pick(&r->par, 5);
	r->progs = 10 + pick(&r->par, 81);
	r->maps = pick(&r->par, 9);
	r->ttys = uni(&r->par, 2, 10);
	ou_set(&r->tty_n, &r->noi, 2, uni(&r->par, 10, 60) * MINUTE);
	r->unpurged = uni(&r->par, 5, 30);
	ou_set(&r->unp_n, &r->noi, 5, 5 * MINUTE);
}

/* The largest growth the effects can make, for sizing MemTotal. */
static double
growth_max(const struct run *r)
{
	double g = 0, len = r->length;
	int i;

	for (i = 0; i < r->ne; i++) {
		const struct effect *e = &r->e[i];

		switch (e->kind) {
		case E_LEAK:
			g += e->rate * ((1 + e->mod) * (len - e->at) + e->on);
			break;
		case E_STEP:
		case E_BURST:
			g += e->size;
			break;
		case E_WAVE:
			g += 1.2 * e->amp;
			break;
		case E_DAILY:
			g += (1 + e->h2) * e->amp;
			break;
		}
	}
	for (i = 0; i < r->nc; i++)
		if (r->c[i].module)
			g += r->c[i].base + r->c[i].code_pages * PAGE;
	return g;
}

static void
size_memory(struct run *r)
{
	double kernel = r->unacc + r->percpu + r->threads * 16384 + 100 * MB;
	int i;

	for (i = 0; i < r->nc; i++)
		kernel += r->c[i].base + 5 * r->c[i].n.sigma;
	r->growth = growth_max(r);
	while ((r->anon + r->cached + r->buffers) * r->total + kernel +
	    r->growth > 0.9 * r->total)
		r->total *= 2;
	r->total = floor(r->total * uni(&r->par, 0.97, 0.985) / PAGE) * PAGE;
	r->anon *= r->total;
	r->cached *= r->total;
	r->buffers *= r->total;
	r->anon_n.sigma *= r->total;
	r->anon_n.x *= r->total;
	r->cached_n.sigma *= r->total;
	r->cached_n.x *= r->total;
}

/* ------------------------------------------------------------------ */
/* Sampling */

static double
leak_bytes(const struct effect *e, double t)
{
	double w = 2 * M_PI / DAY, x = t - e->at, per, n;

	if (x <= 0)
		return 0;
	switch (e->pace) {
	case P_STAIRS:		/* a step at the onset, then every period */
		return e->rate * e->on * (floor(x / e->on) + 1);
	case P_DUTY:		/* on first; the mean rate over a cycle */
		per = e->on + e->off;
		n = floor(x / per);
		return e->rate * per * (n + fmin(x - n * per, e->on) / e->on);
	case P_RAMP:
		return x < e->on ? e->rate * x * x / (2 * e->on) :
		    e->rate * (x - e->on / 2);
	case P_LINE:
		break;
	}
	return e->rate * (x + e->mod / w * (cos(w * e->at + e->phi) -
	    cos(w * t + e->phi)));
}

static double
wave_value(const struct wave *w, double t)
{
	double x = (t + w->phase) / w->period, ph = x - floor(x);
	double m = 0.8 + 0.4 * hashu(w->key, (long)floor(x)), v;

	switch (w->shape) {
	case SAWTOOTH:
		v = ph < w->rise ? ph / w->rise :
		    1 - (ph - w->rise) / (1 - w->rise);
		break;
	case PULSE:
		if (ph < w->rise)
			v = ph / w->rise;
		else if (ph < w->rise + w->hold)
			v = 1;
		else if (ph < w->rise + w->hold + w->fall)
			v = 1 - (ph - w->rise - w->hold) / w->fall;
		else
			v = 0;
		break;
	default:
		v = 0.5 * (1 - cos(2 * M_PI * ph));
		break;
	}
	return m * v;
}

static double
effect_value(const struct run *r, const struct effect *e, double t)
{
	double x;

	switch (e->kind) {
	case E_LEAK:
		return leak_bytes(e, t);
	case E_STEP:
		x = (t - e->at) / e->rise;
		return e->size * (x < 0 ? 0 : x > 1 ? 1 : x);
	case E_BURST:
		x = t - e->at;
		if (x <= 0 || x >= e->rise + e->fall)
			return 0;
		return e->size * (x < e->rise ? x / e->rise :
		    1 - (x - e->rise) / e->fall);
	case E_WAVE:
		return e->amp * wave_value(&r->w[e->wave], t);
	case E_DAILY:
		return e->amp * (sin(2 * M_PI * t / DAY + e->phi) +
		    e->h2 * sin(4 * M_PI * t / DAY + e->phi2));
	}
	return 0;
}

/* Warm-up after boot: from `from` (a fraction) to 1. */
static double
warm(double t, double tau, double from)
{
	return from + (1 - from) * (1 - exp(-t / tau));
}

static int
module_present(const struct cache *c, double t, double *since)
{
	int i;

	for (i = 0; i < c->nwin; i++)
		if (t >= c->on[i] && t < c->off[i]) {
			*since = t - c->on[i];
			return 1;
		}
	return 0;
}

static void
print_slabinfo(const struct run *r)
{
	const struct cache *c;
	int i;

	gen_slabinfo_head();
	for (i = 0; i < r->nc; i++) {
		c = &r->c[i];
		if (c->shown)
			gen_slab(c->sp->name, c->sp->objsize, c->sp->objperslab,
			    c->sp->pagesperslab, c->bytes, c->fill);
	}
}

struct mem {
	double		 free, anon, cached, buffers, recl, unrecl, stack;
	double		 pt, percpu, vmalloc, unacc;
};

static void
print_meminfo(const struct run *r, const struct mem *m)
{
	double shmem = m->cached * r->shmem_frac, file, lru_anon;
	struct gen_meminfo mi = {
		.total = r->total, .free = m->free, .buffers = m->buffers,
		.cached = m->cached, .anon = m->anon, .shmem = shmem,
		.recl = m->recl, .unrecl = m->unrecl, .kreclaimable = m->recl,
		.stack = m->stack, .pt = m->pt, .vmalloc = m->vmalloc,
		.percpu = m->percpu, .swap = r->swap, .unevictable = 8 * MB,
	};

	file = m->cached - shmem + m->buffers;
	lru_anon = m->anon + shmem;
	mi.avail = m->free + 0.9 * (m->cached - shmem) + m->buffers +
	    m->recl / 2;
	mi.active_anon = 0.9 * lru_anon;
	mi.inactive_anon = 0.1 * lru_anon;
	mi.active_file = 0.6 * file;
	mi.inactive_file = 0.4 * file;
	mi.dirty = 0.0005 * m->cached;
	mi.mapped = 0.1 * m->cached;
	mi.commit_limit = r->total / 2 + r->swap;
	mi.committed = 1.8 * m->anon;
	mi.direct4k = 300 * MiB;
	mi.direct2m = 16 * GiB;
	mi.direct1g = ceil(r->total / GiB) * GiB;
	gen_meminfo(&mi);
}

/* The vmalloc areas of this sample: printed when `out`, and their
 * vmalloc pages counted either way. */
static double
vmalloc_areas(const struct run *r, long leaky, int ttys, int unpurged,
    int out)
{
	unsigned long long a = 0xffffc90000000000ULL;
	double pages = 0;
	long i;
	int j;

#define AREA_LINE(size, caller, extra) do {				\
	if (out)							\
		printf("0x%016llx-0x%016llx %8lu %s%s\n", a,		\
		    a + (unsigned long long)(size), (unsigned long)(size), \
		    caller, extra);					\
	a += (unsigned long long)(size) + 0x1000;			\
} while (0)
#define VM_LINE(caller, np) do {					\
	char _x[64];							\
	snprintf(_x, sizeof _x, " pages=%d vmalloc N0=%d", (int)(np),	\
	    (int)(np));							\
	AREA_LINE(((np) + 1) * PAGE, caller, _x);			\
	pages += (np);							\
} while (0)
	if (out)
		printf("--- vmallocinfo\n");
	AREA_LINE(8192, "acpi_os_map_iomem+0x1bc/0x1e0",
	    " phys=0x00000000000a0000 ioremap");
	AREA_LINE(1052672, "pci_mmcfg_arch_map+0x2b/0x60",
	    " phys=0x00000000eec00000 ioremap");
	for (j = 0; j < r->ncpu && j < 8; j++)
		AREA_LINE(20480, "irq_init_percpu_irqstack+0xca/0x100",
		    " vmap");
	for (j = 0; j < r->hashes; j++)
		VM_LINE("alloc_large_system_hash+0x1a4/0x270", 64 << (j % 4));
	AREA_LINE(2097152, "pcpu_get_vm_areas+0x0/0x1050", " vmalloc");
	for (j = 0; j < r->chunks; j++)
		VM_LINE("pcpu_create_chunk+0x217/0x230", 512);
	for (j = 0; j < r->progs; j++)
		VM_LINE("bpf_prog_alloc_no_stats+0x39/0x230", 1);
	for (j = 0; j < r->maps; j++)
		VM_LINE("htab_map_alloc+0xf6/0x5a0", 128);
	for (j = 0; j < ttys; j++)
		VM_LINE("n_tty_open+0x14/0xa0", 3);
	for (j = 0; j < r->nc; j++)
		if (r->c[j].module && r->c[j].shown)
			VM_LINE("module_memory_alloc+0x8b/0x110",
			    r->c[j].code_pages);
	for (i = 0; i < leaky; i++)
		VM_LINE("mlk_leaky_alloc+0x10/0x40 [mlk_leaky]", 256);
	for (j = 0; j < unpurged; j++)
		AREA_LINE(20480, "unpurged vm_area", "");
#undef VM_LINE
#undef AREA_LINE
	return pages * PAGE;
}

/* One block's sections but its "=== " line; vmallocinfo if with_vm. */
static void
sample(struct run *r, double t, double dt, int with_vm)
{
	double add[MAXCACHE] = { 0 }, unacc_add = 0, vm_leak = 0, v, since;
	double wa = 1, wc = 1;
	struct mem m = { 0 };
	struct cache *c;
	long leaky;
	int i, ttys, unpurged;

	if (dt > 0) {
		for (i = 0; i < r->nc; i++)
			ou_step(&r->c[i].n, &r->noi, dt);
		ou_step(&r->anon_n, &r->noi, dt);
		ou_step(&r->cached_n, &r->noi, dt);
		ou_step(&r->ks_n, &r->noi, dt);
		ou_step(&r->pt_n, &r->noi, dt);
		ou_step(&r->unacc_n, &r->noi, dt);
		ou_step(&r->tty_n, &r->noi, dt);
		ou_step(&r->unp_n, &r->noi, dt);
	}
	for (i = 0; i < r->ne; i++) {
		v = effect_value(r, &r->e[i], t);
		if (r->e[i].target >= 0)
			add[r->e[i].target] += v;
		else if (r->e[i].target == T_UNACC)
			unacc_add += v;
		else
			vm_leak += v;
	}
	for (i = 0; i < r->nc; i++) {
		c = &r->c[i];
		v = c->base;
		if (c->warm > 0)
			v = c->start + (c->base - c->start) *
			    (1 - exp(-t / c->warm));
		v += c->n.x + add[i];
		c->shown = 1;
		if (c->module) {
			c->shown = module_present(c, t, &since);
			if (c->ramp > 0 && since < c->ramp)
				v *= since / c->ramp;
		}
		if (!c->shown)
			continue;
		v = llround(v / (c->sp->pagesperslab * PAGE));
		c->bytes = (v < 1 ? 1 : v) * c->sp->pagesperslab * PAGE;
		if (c->sp->reclaimable)
			m.recl += c->bytes;
		else
			m.unrecl += c->bytes;
	}
	leaky = r->leaky0 + (long)floor(vm_leak / AREA);
	ttys = (int)lround(r->ttys + r->tty_n.x);
	unpurged = (int)lround(r->unpurged + r->unp_n.x);
	ttys = ttys < 0 ? 0 : ttys;
	unpurged = unpurged < 0 ? 0 : unpurged;
	m.vmalloc = vmalloc_areas(r, leaky, ttys, unpurged, 0);
	if (r->warmup) {
		wa = warm(t, r->mwarm, 0.3);
		wc = warm(t, 2 * r->mwarm, 0.3);
	}
	m.anon = r->anon * wa + r->anon_n.x;
	m.cached = r->cached * wc + r->cached_n.x;
	m.buffers = r->buffers;
	m.stack = floor((r->threads * 16384 * wa + r->ks_n.x) / 16384) * 16384;
	m.pt = floor((r->anon * r->pt_frac * wa + r->pt_n.x) / PAGE) * PAGE;
	m.percpu = r->percpu;
	m.unacc = r->unacc + r->unacc_n.x + unacc_add;
	m.free = r->total - (m.anon + m.cached + m.buffers + m.recl +
	    m.unrecl + m.stack + m.pt + m.percpu + m.vmalloc + m.unacc);
	if (m.free < 0.01 * r->total) {	/* reclaim: page cache gives way */
		m.cached -= 0.01 * r->total - m.free;
		m.free = 0.01 * r->total;
	}
	if (r->sections) {
		double up = r->up0 + t;

		printf("--- uptime\n%.2f %.2f\n", up, up * r->ncpu * 0.9);
		printf("--- boot_id\n%s\n", r->boot_id);
	}
	print_meminfo(r, &m);
	print_slabinfo(r);
	if (with_vm)
		vmalloc_areas(r, leaky, ttys, unpurged, 1);
}

static void
write_truth(FILE *f, const void *arg)
{
	const struct run *r = arg;
	long long last = r->last;
	int i;

	fprintf(f, "# mkfam %s %ld: step=%ds length=%.3fh start=%lld "
	    "drift=%.3fs sections=%s uptime0=%.3fd boot_id=%s ncpu=%d "
	    "memtotal=%.2fGiB max-growth=%.0fMB\n", r->family, r->seed,
	    r->step, (double)last / HOUR, r->start, r->drift,
	    r->sections ? "yes" : "no", r->up0 / DAY, r->boot_id, r->ncpu,
	    r->total / GiB, r->growth / MB);
	fprintf(f, "# family:%s\n", r->notes[0] ? r->notes : " -");
	fprintf(f, "# caches (steady MB/noise sigma MB/tau min):");
	for (i = 0; i < r->nc; i++)
		fprintf(f, " %s:%.1f/%.2f/%.1f", r->c[i].sp->name,
		    r->c[i].base / MB, r->c[i].n.sigma / MB,
		    r->c[i].n.tau / MINUTE);
	fprintf(f, "\n# memory (MB): anon=%.0f/%.1f cached=%.0f/%.1f "
	    "buffers=%.0f threads=%.0f stack-sigma=%.2f pagetables=%.1f/%.2f "
	    "percpu=%.1f unaccounted=%.1f/%.2f/%.1fmin swap=%.0f vmalloc: "
	    "hashes=%d chunks=%d progs=%d maps=%d ttys=%.1f unpurged=%.1f\n",
	    r->anon / MB, r->anon_n.sigma / MB, r->cached / MB,
	    r->cached_n.sigma / MB, r->buffers / MB, r->threads,
	    r->ks_n.sigma / MB, r->anon * r->pt_frac / MB, r->pt_n.sigma / MB,
	    r->percpu / MB, r->unacc / MB, r->unacc_n.sigma / MB,
	    r->unacc_n.tau / MINUTE, r->swap / MB, r->hashes, r->chunks,
	    r->progs, r->maps, r->ttys, r->unpurged);
	gen_truth_lines(f, r->family, r->seed, r->step, last, r->start, r->t,
	    r->nt);
}

int
main(int argc, char **argv)
{
	struct gen_cli cli;
	struct run *r;
	double t, tprev = 0;
	long long last = 0, bucket = -1;
	long k;
	int status;

	gen_start(&cli, "mkfam", families, argc, argv);
	r = gen_calloc(1, sizeof *r);
	r->family = cli.family;
	r->seed = cli.seed;
	rng_seed(&r->par, r->family, r->seed, "parameters");
	rng_seed(&r->noi, r->family, r->seed, "noise");
	machine(r);
	setups[cli.index](r);
	size_memory(r);

	/* Through the first sample at or past the length. */
	for (k = 0; k == 0 || tprev < r->length; k++) {
		t = k * (r->step + r->drift);
		last = (long long)floor(t);
		printf("=== %lld\n", r->start + last);
		sample(r, t, k > 0 ? t - tprev : 0, last / 300 != bucket);
		bucket = last / 300;
		tprev = t;
	}
	r->last = last;
	status = gen_end(&cli, write_truth, r);
	free(r->e);
	free(r);
	return status;
}
