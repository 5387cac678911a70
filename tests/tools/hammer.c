/*
 * hammer: what a careless or hostile client does to an HTTP endpoint,
 * on loopback, each case bounded in count and time.  Prints one line of
 * figures for the test to judge.
 *
 *   hammer conns PORT N SECONDS   open N connections at once and hold
 *                                 them, sending nothing: "accepted A
 *                                 closed C" (closed by the server)
 *   hammer slow PORT SECONDS      send a request a byte a second: "closed
 *                                 after S" or "open after S"
 *   hammer big PORT BYTES         a request line of BYTES: "status CODE"
 *                                 or "closed" with no answer
 *   hammer scrape PORT MS SECONDS GET /metrics every MS ms: "ok N failed F"
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int port;

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
dial(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int fd;

	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Has the server closed fd (EOF or reset), waiting up to ms? */
static int
closed(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char buf[4096];
	ssize_t n;

	while (poll(&p, 1, ms) == 1) {
		if ((n = read(fd, buf, sizeof buf)) <= 0)
			return 1;
		ms = 0;		/* drained what was there */
	}
	return 0;
}

static int
conns(int n, int seconds)
{
	int *fd = calloc((size_t)n, sizeof *fd), i, up = 0, gone = 0;
	double end = now() + seconds;

	for (i = 0; i < n; i++)
		up += (fd[i] = dial()) != -1;
	while (now() < end)
		usleep(100000);
	for (i = 0; i < n; i++)
		if (fd[i] != -1)
			gone += closed(fd[i], 0);
	printf("accepted %d closed %d\n", up, gone);
	return 0;
}

static int
slow(int seconds)
{
	static const char req[] = "GET /metrics HTTP/1.1\r\nHost: x\r\n"
	    "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n";
	double start = now();
	int fd = dial(), i;

	if (fd == -1)
		return 1;
	for (i = 0; now() - start < seconds; i = (i + 1) % (int)strlen(req)) {
		if (write(fd, &req[i], 1) != 1 || closed(fd, 1000)) {
			printf("closed after %.0f\n", now() - start);
			return 0;
		}
	}
	printf("open after %.0f\n", now() - start);
	return 0;
}

static int
big(size_t bytes)
{
	char *line = malloc(bytes + 64), reply[64] = "";
	size_t at = 0;
	ssize_t n;
	int fd = dial(), code;

	if (fd == -1 || line == NULL)
		return 1;
	memcpy(line, "GET /", 5);
	memset(line + 5, 'a', bytes);
	memcpy(line + 5 + bytes, " HTTP/1.1\r\n\r\n", 14);
	while (at < bytes + 19 && (n = write(fd, line + at, bytes + 19 - at))
	    > 0)
		at += (size_t)n;
	n = read(fd, reply, sizeof reply - 1);
	if (n > 0 && sscanf(reply, "HTTP/1.%*d %d", &code) == 1)
		printf("status %d\n", code);
	else
		printf("closed\n");
	return 0;
}

static int
scrape(int ms, int seconds)
{
	static const char req[] = "GET /metrics HTTP/1.1\r\nHost: x\r\n"
	    "Connection: close\r\n\r\n";
	double end = now() + seconds;
	char buf[65536];
	int ok = 0, failed = 0, fd, code;
	ssize_t n;

	while (now() < end) {
		code = 0;
		if ((fd = dial()) != -1 &&
		    write(fd, req, sizeof req - 1) == (ssize_t)sizeof req - 1 &&
		    (n = read(fd, buf, sizeof buf - 1)) > 0) {
			buf[n] = '\0';
			sscanf(buf, "HTTP/1.%*d %d", &code);
			while (read(fd, buf, sizeof buf) > 0)
				;
		}
		if (code == 200)
			ok++;
		else
			failed++;
		if (fd != -1)
			close(fd);
		usleep((useconds_t)ms * 1000);
	}
	printf("ok %d failed %d\n", ok, failed);
	return 0;
}

int
main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN);
	if (argc >= 3)
		port = atoi(argv[2]);
	if (argc == 5 && strcmp(argv[1], "conns") == 0)
		return conns(atoi(argv[3]), atoi(argv[4]));
	if (argc == 4 && strcmp(argv[1], "slow") == 0)
		return slow(atoi(argv[3]));
	if (argc == 4 && strcmp(argv[1], "big") == 0)
		return big(strtoul(argv[3], NULL, 10));
	if (argc == 5 && strcmp(argv[1], "scrape") == 0)
		return scrape(atoi(argv[3]), atoi(argv[4]));
	fprintf(stderr, "usage: hammer conns|slow|big|scrape PORT ...\n");
	return 2;
}
