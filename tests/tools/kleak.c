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
 *
 * Prints "ready" once running, then the count every second on stdout.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
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

static void
tick(long rate, long *sent)
{
	struct timespec ts = { 0, 1000000000L / rate };

	nanosleep(&ts, NULL);
	if (++*sent % rate == 0) {
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

static int
leak_dentry(long rate, const char *dir)
{
	char path[4096];
	struct stat sb;
	long sent = 0;

	printf("ready\n");
	fflush(stdout);
	while (!stop) {
		snprintf(path, sizeof path, "%s/mlk-absent-%d-%ld", dir,
		    (int)getpid(), sent);
		stat(path, &sb);
		tick(rate, &sent);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	long rate;

	if (argc < 3 || (rate = atol(argv[2])) <= 0) {
		fprintf(stderr, "usage: kleak msg|msgecho RATE [SIZE] | "
		    "kleak dentry RATE DIR\n");
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
	fprintf(stderr, "kleak: unknown mode \"%s\"\n", argv[1]);
	return 2;
}
