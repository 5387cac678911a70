/* bench DIR [N]: CPU cost of mlkd's sampling path against the floor of
 * only reading the same /proc files, measured in one run.  Prints
 * key=value lines for bench.sh.  The database goes to DIR/bench.db.
 * bench --rollup DB: roll all of DB's raw samples up, as retention would.
 * bench --detect SERIES INTERVAL: the detector alone, judging, after a
 * day of history: CPU per series per sample over the next hour at that
 * interval, and this process's RSS.
 * bench --metrics SERIES: CPU per scrape of the metrics endpoint.
 * bench --processes N: CPU per read of every process's memory, N more.
 * bench --floor-every SECONDS N: the floor at a cadence: read meminfo and
 * slabinfo N times, SECONDS apart, and print the CPU of one read. */
#include <sys/wait.h>

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "collect.h"
#include "conf.h"
#include "detect.h"
#include "metrics.h"
#include "log.h"
#include "procfs.h"
#include "procmem.h"
#include "sample.h"
#include "source.h"
#include "store.h"

/* What the interval's timer reads. */
#define MAIN_SOURCES	(SOURCE_BIT(SOURCE_MEMINFO) | SOURCE_BIT(SOURCE_SLABINFO))

static double
cpu_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* The floor: open, read to EOF, close; nothing else. */
static void
slurp(const char *path)
{
	static char buf[1 << 20];
	int fd = open(path, O_RDONLY);

	if (fd == -1) {
		perror(path);
		exit(1);
	}
	while (read(fd, buf, sizeof buf) > 0)
		;
	close(fd);
}

static double
floor_us(const char *const *files, int iters)
{
	double t0 = cpu_us();
	int i, f;

	for (i = 0; i < iters; i++)
		for (f = 0; files[f] != NULL; f++)
			slurp(files[f]);
	return (cpu_us() - t0) / iters;
}

static double
mlkd_us(struct collect *c, unsigned mask, int iters)
{
	double t0 = cpu_us();
	int i;

	for (i = 0; i < iters; i++)
		if (collect_sample(c, mask) <= 0)
			exit(1);
	return (cpu_us() - t0) / iters;
}

/* Roll every raw sample of db up into hourly rows, as retention would. */
static int
rollup_all(const char *db)
{
	char *cause = NULL;
	struct store *st = store_open(db, 0, &cause);
	int n;

	if (st == NULL) {
		fprintf(stderr, "%s\n", cause);
		return 1;
	}
	while ((n = store_prune(st, time(NULL) + 86400, 3600, 400 * 86400,
	    100000, &cause)) > 0)
		;
	store_close(st);
	return n == 0 ? 0 : 1;
}

/* n slab caches, each a random walk around its size, one a leak. */
static void
synthetic(struct sample *s, int n, int64_t t, double *x,
    unsigned long long *rng)
{
	char name[32];
	int i;

	sample_clear(s);
	s->time = t;
	s->uptime_ms = -1;
	snprintf(s->boot_id, sizeof s->boot_id,
	    "bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb");
	sample_add(s, "meminfo", "MemAvailable", 8LL << 30, -1);
	sample_took(s, SOURCE_BIT(SOURCE_MEMINFO), 0);
	for (i = 0; i < n; i++) {
		*rng ^= *rng << 13;
		*rng ^= *rng >> 7;
		*rng ^= *rng << 17;
		x[i] += ((double)(*rng >> 11) / 9007199254740992.0 - 0.5) *
		    65536 - x[i] / 64;
		snprintf(name, sizeof name, "cache-%d", i);
		sample_add(s, "slab", name, (int64_t)(50e6 + x[i] +
		    (i == 0 ? (double)t * 21e6 / 3600 : 0)), -1);
	}
	sample_took(s, SOURCE_BIT(SOURCE_SLABINFO), 1);
}

/* The floor read at the daemon's cadence, caches as cold as it finds
 * them. */
static int
floor_every(int seconds, int n)
{
	static const char *const files[] = {
		"/proc/meminfo", "/proc/slabinfo", NULL
	};
	double us = 0, t0;
	int i;

	for (i = 0; i < n; i++) {
		sleep((unsigned)seconds);
		t0 = cpu_us();
		floor_us(files, 1);
		us += cpu_us() - t0;
	}
	printf("floor_cadence_us=%.0f\n", us / n);
	return 0;
}

static int
detect_bench(int n, int interval)
{
	struct detect_conf dc = { .window = DETECT_WINDOW,
	    .min_growth = 1048576 };
	struct sample s = { 0 };
	struct detect_event *ev;
	struct detect *d;
	unsigned long long rng = 88172645463325252ULL;
	double *x = calloc((size_t)n, sizeof *x), t0, us;
	int64_t t, day = 86400, events = 0;
	char line[256];
	long rss = 0;
	FILE *f;

	detect_rules(&dc);
	d = detect_new(&dc, NULL, NULL);
	/* a day of history at 60 s, then an hour at the interval */
	for (t = 0; t < day; t += 60) {
		synthetic(&s, n, t, x, &rng);
		events += (int64_t)detect_sample(d, &s, &ev);
	}
	t0 = cpu_us();
	for (t = day; t < day + 3600; t += interval) {
		synthetic(&s, n, t, x, &rng);
		events += (int64_t)detect_sample(d, &s, &ev);
	}
	us = cpu_us() - t0;
	/* what feeding the samples costs without the detector */
	t0 = cpu_us();
	for (t = day; t < day + 3600; t += interval)
		synthetic(&s, n, t, x, &rng);
	us -= cpu_us() - t0;
	if ((f = fopen("/proc/self/status", "r")) != NULL) {
		while (fgets(line, sizeof line, f) != NULL)
			if (sscanf(line, "VmRSS: %ld", &rss) == 1)
				break;
		fclose(f);
	}
	printf("detect_us=%.3f\ndetect_rss_kib=%ld\ndetect_events=%lld\n",
	    us / (3600.0 / interval) / n, rss, (long long)events);
	detect_free(d);
	sample_free(&s);
	free(x);
	return 0;
}

/* CPU per scrape: the exposition of n slab caches (metrics_write), after
 * two hours of samples at 60 s; then for 20 more samples, scraped every
 * second (the fits are made at the first scrape after each). */
static int
metrics_bench(int n)
{
	struct detect_conf dc = { .window = DETECT_WINDOW,
	    .min_growth = 1048576 };
	struct metrics_counters mc = {
		.version = "bench", .kernel = "bench",
	};
	struct sample s = { 0 };
	struct detect_event *ev;
	unsigned long long rng = 88172645463325252ULL;
	double *x = calloc((size_t)n, sizeof *x), us = 0, t0;
	char *text = NULL, *cause = NULL;
	struct metrics *m = metrics_new(50, NULL, NULL, &cause);
	struct detect *d;
	size_t len = 0;
	int64_t t;
	FILE *f;
	int i;

	detect_rules(&dc);
	d = detect_new(&dc, NULL, NULL);
	for (t = 0; t < 7200 + 20 * 60; t += 60) {
		synthetic(&s, n, t, x, &rng);
		detect_sample(d, &s, &ev);
		metrics_sample(m, &s);
		for (i = 0; t >= 7200 && i < 60; i++) {
			t0 = cpu_us();
			f = open_memstream(&text, &len);
			metrics_write(m, &mc, d, f, 0);
			fclose(f);
			us += cpu_us() - t0;
			free(text);
			text = NULL;
		}
	}
	printf("scrape_us=%.0f\nscrape_series=%zu\nscrape_bytes=%zu\n",
	    us / (20 * 60), metrics_exported(m), len);
	metrics_free(m);
	detect_free(d);
	sample_free(&s);
	free(x);
	return 0;
}

/* CPU per read of every process's memory (procfs_processes, then
 * procmem_parse) with n more processes than the machine runs: children
 * that sleep, each with pages of its own. */
static int
processes_bench(int n)
{
	struct procfs *pf = procfs_new(NULL, NULL);
	struct procmem pm = { 0 };
	pid_t *kid = calloc((size_t)n, sizeof *kid);
	const char *buf;
	char *cause = NULL;
	double t0, us;
	size_t len;
	int i, reads = 5;

	for (i = 0; i < n; i++)
		if ((kid[i] = fork()) == 0) {
			char *p = malloc(1 << 16);

			memset(p, 1, 1 << 16);
			pause();
			_exit(0);
		} else if (kid[i] == -1)
			break;
	sleep(1);
	t0 = cpu_us();
	for (i = 0; i < reads; i++)
		if (procfs_processes(pf, &buf, &len, &cause) == -1 ||
		    procmem_parse(buf, len, &pm, &cause) == -1)
			exit(1);
	us = (cpu_us() - t0) / reads;
	for (i = 0; i < n && kid[i] > 0; i++)
		kill(kid[i], SIGKILL);
	while (wait(NULL) > 0)
		;
	printf("procs_us=%.0f\nprocs_n=%lld\n", us, (long long)pm.procs);
	procmem_free(&pm);
	procfs_free(pf);
	free(kid);
	return 0;
}

int
main(int argc, char **argv)
{
	static const char *const main_files[] = {
		"/proc/meminfo", "/proc/slabinfo", NULL
	};
	static const char *const vm_files[] = { "/proc/vmallocinfo", NULL };
	int iters = argc > 2 ? atoi(argv[2]) : 1000;
	struct event_base *base = event_base_new();
	struct procfs *pf = procfs_new(NULL, NULL);
	struct collect *c;
	struct store *st;
	struct conf conf;
	char db[4096], *cause = NULL;
	double fm, mm, fv, mv;
	struct store_value *v;
	size_t nmain, nvm;
	int64_t t;

	if (argc == 3 && strcmp(argv[1], "--rollup") == 0)
		return rollup_all(argv[2]);
	if (argc == 4 && strcmp(argv[1], "--detect") == 0)
		return detect_bench(atoi(argv[2]), atoi(argv[3]));
	if (argc == 3 && strcmp(argv[1], "--processes") == 0)
		return processes_bench(atoi(argv[2]));
	if (argc == 3 && strcmp(argv[1], "--metrics") == 0)
		return metrics_bench(atoi(argv[2]));
	if (argc == 4 && strcmp(argv[1], "--floor-every") == 0)
		return floor_every(atoi(argv[2]), atoi(argv[3]));
	if (argc < 2) {
		fprintf(stderr, "usage: bench DIR [ITERATIONS] | --rollup DB\n");
		return 2;
	}
	log_init("bench", LOG_LVL_WARN, 0);
	snprintf(db, sizeof db, "%s/bench.db", argv[1]);
	conf_defaults(&conf);
	if ((st = store_open(db, 0, &cause)) == NULL) {
		fprintf(stderr, "%s\n", cause);
		return 1;
	}
	c = collect_new(base, pf, st, &conf);
	/* Warm up caches, then alternate so drift hits both sides alike. */
	floor_us(main_files, 20);
	mlkd_us(c, MAIN_SOURCES, 20);
	fm = floor_us(main_files, iters);
	mm = mlkd_us(c, MAIN_SOURCES, iters);
	fv = floor_us(vm_files, iters / 5);
	mv = mlkd_us(c, SOURCE_BIT(SOURCE_VMALLOCINFO), iters / 5);
	/* Fold what waits in recent, as the next hour would, and count the
	 * values of each kind of sample for the size figures. */
	if (store_prune(st, time(NULL) + 7200, 86400 * 365, 86400 * 365, 64,
	    &cause) == -1 ||
	    store_latest(st, SOURCE_BIT(SOURCE_SLABINFO), &t, &v, &nmain,
	    &cause) == -1 || (free(v), store_latest(st,
	    SOURCE_BIT(SOURCE_VMALLOCINFO), &t, &v, &nvm, &cause)) == -1) {
		fprintf(stderr, "%s\n", cause);
		return 1;
	}
	free(v);
	printf("main_values=%zu\nvmalloc_values=%zu\n", nmain, nvm);
	printf("samples=%d\n", iters + 20);
	printf("vmalloc_samples=%d\n", iters / 5);
	printf("floor_main_us=%.0f\nmlkd_main_us=%.0f\n", fm, mm);
	printf("floor_vmalloc_us=%.0f\nmlkd_vmalloc_us=%.0f\n", fv, mv);
	collect_free(c);
	store_close(st);
	procfs_free(pf);
	event_base_free(base);
	conf_free(&conf);
	return 0;
}
