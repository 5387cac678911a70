/*
 * hog MIB_PER_SECOND SECONDS [NAME]: a process whose memory grows at a
 * known rate: every 100 ms it allocates and touches its share, for
 * SECONDS, then holds it all until killed.  Prints "ready" first.  Its
 * command name is NAME (a test's own: two runs at once must not add up),
 * by default "hog".
 */
#include <sys/prctl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct timespec tick = { 0, 100 * 1000 * 1000 };
	double rate, step;
	long i, n;
	char *p;

	if (argc < 3 || argc > 4 || (rate = atof(argv[1])) <= 0 ||
	    (n = atol(argv[2]) * 10) <= 0) {
		fprintf(stderr, "usage: hog MIB_PER_SECOND SECONDS [NAME]\n");
		return 2;
	}
	if (argc == 4 && prctl(PR_SET_NAME, argv[3], 0, 0, 0) == -1)
		return 1;
	step = rate * 1048576 / 10;
	printf("ready\n");
	fflush(stdout);
	for (i = 0; i < n; i++) {
		if ((p = malloc((size_t)step)) == NULL)
			return 1;
		memset(p, 1, (size_t)step);	/* touched: resident */
		nanosleep(&tick, NULL);
	}
	for (;;)
		pause();
}
