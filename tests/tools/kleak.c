/*
 * kleak: make this machine's kernel hold memory, at a known rate, the way
 * a leak would; give it all back on SIGTERM or SIGINT.
 *
 *   kleak msg RATE [SIZE]   send RATE SysV messages a second of SIZE bytes
 *                           (default 4000: msg_msg + text = one 4 KiB
 *                           kmalloc) to private queues that nobody reads;
 *                           a full queue (msgmnb bytes) gets a successor
 *   kleak msgecho RATE [SIZE]  the same messages, each received at once:
 *                           the same allocations, every one freed (the
 *                           balanced user attribution must not blame)
 *   kleak dentry RATE DIR   stat() RATE names a second that do not exist
 *                           in DIR: each leaves a negative dentry
 *   kleak dentryecho RATE DIR  the same negative dentries, in a tmpfs
 *                           mounted on DIR and unmounted every DENTRY_BATCH
 *                           names, which frees them (run it in a mount
 *                           namespace of its own: unshare --mount)
 *   kleak pipe RATE         make RATE pipes a second, write 64 KiB into
 *                           each (16 pages) and keep both ends open: pages
 *                           from the page allocator, in no slab cache and
 *                           no meminfo field; stops making them when out
 *                           of fds (RLIMIT_NOFILE, raised to its hard
 *                           limit: two per pipe) but keeps holding
 *
 * Prints "ready" once running, then the count every second on stdout.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/*
 * Pace by the clock from the first item, not by sleeping 1/RATE after
 * each: the work between the sleeps (a stat(), a 64 KiB write) and the
 * timer slack would lower the rate by a fifth at a few thousand a second.
 */
static void
tick(long rate, long *sent)
{
	static struct timespec t0;
	struct timespec ts;
	long long ns;

	if (t0.tv_sec == 0 && t0.tv_nsec == 0)
		clock_gettime(CLOCK_MONOTONIC, &t0);
	++*sent;
	ns = t0.tv_nsec + *sent * 1000000000LL / rate;
	ts.tv_sec = t0.tv_sec + ns / 1000000000LL;
	ts.tv_nsec = ns % 1000000000LL;
	clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
	if (*sent % rate == 0) {
		printf("%ld\n", *sent);
		fflush(stdout);
	}
}

#define QUEUES_MAX	16384

static int
leak_msg(long rate, size_t size)
{
	struct { long type; char text[65536]; } *m = calloc(1, sizeof *m);
	static int q[QUEUES_MAX];
	long sent = 0;
	int nq = 0, i;

	if (m == NULL || size > sizeof m->text)
		return 2;
	m->type = 1;
	memset(m->text, 'x', size);
	printf("ready\n");
	fflush(stdout);
	while (!stop) {
		if (nq == 0 || msgsnd(q[nq - 1], m, size, IPC_NOWAIT) == -1) {
			if (nq > 0 && errno != EAGAIN && errno != EINTR) {
				perror("msgsnd");
				break;
			}
			if (nq == QUEUES_MAX ||
			    (q[nq] = msgget(IPC_PRIVATE, IPC_CREAT | 0600)) == -1) {
				perror("msgget");
				break;
			}
			nq++;
			continue;
		}
		tick(rate, &sent);
	}
	for (i = 0; i < nq; i++)	/* every message freed */
		msgctl(q[i], IPC_RMID, NULL);
	free(m);
	return 0;
}

static int
echo_msg(long rate, size_t size)
{
	struct { long type; char text[65536]; } *m = calloc(1, sizeof *m);
	long sent = 0;
	int q;

	if (m == NULL || size > sizeof m->text)
		return 2;
	if ((q = msgget(IPC_PRIVATE, IPC_CREAT | 0600)) == -1) {
		perror("msgget");
		return 1;
	}
	m->type = 1;
	memset(m->text, 'x', size);
	printf("ready\n");
	fflush(stdout);
	while (!stop) {
		if (msgsnd(q, m, size, 0) == -1 ||
		    msgrcv(q, m, sizeof m->text, 0, 0) == -1) {
			if (errno == EINTR)
				continue;
			perror("msgsnd/msgrcv");
			break;
		}
		tick(rate, &sent);
	}
	msgctl(q, IPC_RMID, NULL);
	free(m);
	return 0;
}

/* Look up a name that is not in dir: a negative dentry. */
static void
absent(const char *dir, long rate, long *sent)
{
	char path[4096];
	struct stat sb;

	snprintf(path, sizeof path, "%s/mlk-absent-%d-%ld", dir,
	    (int)getpid(), *sent);
	stat(path, &sb);
	tick(rate, sent);
}

static int
leak_dentry(long rate, const char *dir)
{
	long sent = 0;

	printf("ready\n");
	fflush(stdout);
	while (!stop)
		absent(dir, rate, &sent);
	return 0;
}

#define DENTRY_BATCH	10

static int
echo_dentry(long rate, const char *dir)
{
	long sent = 0;

	printf("ready\n");
	fflush(stdout);
	while (!stop) {
		if (mount("mlk-dentryecho", dir, "tmpfs", 0, NULL) == -1) {
			perror("mount");
			return 1;
		}
		do
			absent(dir, rate, &sent);
		while (!stop && sent % DENTRY_BATCH != 0);
		if (umount2(dir, 0) == -1) {
			perror("umount");
			return 1;
		}
	}
	return 0;
}

#define PIPE_FILL	65536	/* the default pipe's 16 slots, a page each */

static int
leak_pipe(long rate)
{
	static char buf[PIPE_FILL];
	struct rlimit rl;
	long made = 0;
	int fd[2];
	ssize_t n;

	/* two fds a pipe: take as many as we are allowed */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
			perror("setrlimit");
	}
	memset(buf, 'x', sizeof buf);
	printf("ready\n");
	fflush(stdout);
	while (!stop) {
		/* nonblocking: a short pipe must not hang the leak */
		if (pipe2(fd, O_NONBLOCK) == -1) {
			if (errno == EINTR)
				continue;
			if (errno != EMFILE && errno != ENFILE) {
				perror("pipe2");
				break;
			}
			fprintf(stderr, "kleak: out of fds after %ld pipes "
			    "(%ld KiB); holding them\n", made,
			    made * (PIPE_FILL / 1024));
			while (!stop)	/* not pause(): a signal may come first */
				sleep(1);
			break;
		}
		if ((n = write(fd[1], buf, sizeof buf)) != sizeof buf)
			fprintf(stderr, "kleak: pipe took %zd of %d bytes\n",
			    n, PIPE_FILL);
		tick(rate, &made);
	}
	return 0;	/* exit closes every fd: every pipe and page freed */
}

int
main(int argc, char **argv)
{
	long rate;

	if (argc < 3 || (rate = atol(argv[2])) <= 0) {
		fprintf(stderr, "usage: kleak msg|msgecho RATE [SIZE] | "
		    "kleak dentry|dentryecho RATE DIR |\n"
		    "       kleak pipe RATE\n");
		return 2;
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	if (strcmp(argv[1], "msg") == 0)
		return leak_msg(rate, argc > 3 ? (size_t)atol(argv[3]) : 4000);
	if (strcmp(argv[1], "msgecho") == 0)
		return echo_msg(rate, argc > 3 ? (size_t)atol(argv[3]) : 4000);
	if (strcmp(argv[1], "dentry") == 0 && argc > 3)
		return leak_dentry(rate, argv[3]);
	if (strcmp(argv[1], "dentryecho") == 0 && argc > 3)
		return echo_dentry(rate, argv[3]);
	if (strcmp(argv[1], "pipe") == 0)
		return leak_pipe(rate);
	fprintf(stderr, "kleak: unknown mode \"%s\"\n", argv[1]);
	return 2;
}
