/* notify-listen PATH SECONDS: bind a datagram socket at PATH, as systemd
 * does for NOTIFY_SOCKET, and print each message received on one line
 * (newlines as spaces) until SECONDS pass.  For the sd_notify tests. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char buf[4096];
	time_t end;
	ssize_t n, i;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: notify-listen PATH SECONDS\n");
		return 2;
	}
	end = time(NULL) + atoi(argv[2]);
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", argv[1]);
	unlink(argv[1]);
	if ((fd = socket(AF_UNIX, SOCK_DGRAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof sa) == -1) {
		perror(argv[1]);
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	while (time(NULL) < end) {
		struct pollfd p = { fd, POLLIN, 0 };

		if (poll(&p, 1, 200) <= 0)
			continue;
		if ((n = recv(fd, buf, sizeof buf - 1, 0)) <= 0)
			continue;
		for (i = 0; i < n; i++)
			if (buf[i] == '\n')
				buf[i] = ' ';
		buf[n] = '\0';
		printf("%s\n", buf);
	}
	unlink(argv[1]);
	return 0;
}
