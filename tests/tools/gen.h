/*
 * gen: what the two generators of scored recordings, mkfam (the team's
 * corpus) and mkalt (the report-only one), share: their command line,
 * the family names, the truth file's expectation lines and the /proc
 * text.  Their machines, families and draws stay their own: mkalt's worth
 * is that its shapes owe nothing to mkfam's.
 */
#ifndef GEN_H
#define GEN_H

#include <stdio.h>

/* The families both draw, leaks then quiet ones; a generator may add
 * its own, and lists them all in -l order (tests/score/score.sh scores
 * them all). */
#define GEN_LEAK_FAMILIES(X)						\
	X(fast) X(rate21) X(slow4) X(noisy4) X(preexisting) X(vmalloc)	\
	X(unaccounted) X(breathe_leak) X(breathe_leak_day1)		\
	X(rising_reclaimable) X(companions)
#define GEN_QUIET_FAMILIES(X)						\
	X(flat) X(noise) X(step) X(warmup) X(breathe) X(daily) X(bursts) \
	X(modules)
#define GEN_NAME(name) #name,

/* The command line, FAMILY SEED [-t TRUTHFILE] or -l. */
struct gen_cli {
	const char	*prog;
	int		 index;		/* in the generator's families */
	const char	*family;
	long		 seed;
	const char	*truth;		/* TRUTHFILE, or NULL */
	FILE		*tf;
};

/* Reads the command line against the generator's families (a list that
 * ends with NULL): -l lists them and exits; a bad one exits 2.  Opens
 * TRUTHFILE and buffers stdout. */
void	 gen_start(struct gen_cli *, const char *prog,
	    const char *const *families, int, char **);

/* After the recording: flushes stdout, writes the truth file with
 * write_truth(tf, arg), closes it.  Returns main's exit status. */
int	 gen_end(struct gen_cli *, void (*write_truth)(FILE *, const void *),
	    const void *arg);

/* calloc and realloc that exit with the program's name on failure. */
void	*gen_calloc(size_t, size_t);
void	*gen_realloc(void *, size_t);

/* Appends to a note of `size` bytes (the truth file's comments). */
void	 gen_note(char *buf, size_t size, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* One expected leak; a quiet family has none. */
struct gen_truth {
	char		 series[80], companions[160];
	double		 onset, budget, rate;	/* s, s, bytes per hour */
};

/* The truth file's expectation lines (after its "# " comments):
 *   FAMILY SEED STEP LENGTH START SERIES ONSET_UNIX BUDGET RATE COMPANIONS
 * or one line with the last five "-" when nt is 0. */
void	 gen_truth_lines(FILE *, const char *family, long seed, double step,
	    long long length, long long start, const struct gen_truth *,
	    int nt);

/* A /proc/meminfo section, in bytes.  Active and Inactive print the sums
 * of their anon and file parts, Slab recl + unrecl, Mlocked unevictable,
 * SwapTotal and SwapFree swap; the keys not here print 0. */
struct gen_meminfo {
	double		 total, free, avail, buffers, cached;
	double		 active_anon, inactive_anon, active_file, inactive_file;
	double		 unevictable, swap, dirty, anon, mapped, shmem;
	double		 kreclaimable, recl, unrecl, stack, pt;
	double		 commit_limit, committed, vmalloc, percpu;
	double		 direct4k, direct2m, direct1g;	/* direct1g < 0: none */
	int		 k515;		/* no Zswap, Zswapped, SecPageTables */
	int		 floor0;	/* a negative value prints as 0 kB */
};

void	 gen_meminfo(const struct gen_meminfo *);

/* "--- slabinfo" and its version 2.1 header. */
void	 gen_slabinfo_head(void);

/* A cache's slabinfo line: its bytes in whole slabs, `fill` of their
 * objects active. */
void	 gen_slab(const char *name, int objsize, int objperslab,
	    int pagesperslab, double bytes, double fill);

#endif
