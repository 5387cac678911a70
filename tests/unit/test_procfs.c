/* lib/procfs: the files of a real /proc are kept open and read again from
 * offset 0 (the kernel renders them afresh at every read), never a
 * process's files; a fixture root's files are opened at every read, as a
 * test rewrites them. */
#include <dirent.h>
#include <stdio.h>
#include <unistd.h>

#include "procfs.h"
#include "t.h"

static int
open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.';
	closedir(d);
	return n - 1;		/* opendir's own */
}

static double
uptime(struct procfs *pf)
{
	const char *buf;
	size_t len;
	char *cause = NULL;

	if (procfs_read(pf, "uptime", &buf, &len, &cause) == -1) {
		free(cause);
		return -1;
	}
	return strtod(buf, NULL);
}

static void
real_files_kept_and_fresh(void)
{
	struct procfs *pf = procfs_new("/proc", "/sys");
	const char *buf;
	size_t len;
	char *cause = NULL;
	double first, again = 0;
	int before = open_fds(), kept, i;

	first = uptime(pf);
	CHECK(first > 0);
	kept = open_fds();
	CHECK(kept == before + 1);
	/* each read renders the file again: the uptime moves on */
	for (i = 0; i < 200 && again <= first; i++) {
		usleep(10000);
		again = uptime(pf);
	}
	CHECK(again > first);
	for (i = 0; i < 100; i++)
		CHECK(procfs_read(pf, "meminfo", &buf, &len, &cause) == 0);
	CHECK(strncmp(buf, "MemTotal:", 9) == 0);
	CHECK(open_fds() == kept + 1);	/* meminfo, once */
	procfs_free(pf);
	CHECK(open_fds() == before);
}

/* A real /proc's uptime, once read, is CLOCK_BOOTTIME: the file's count,
 * without reading it. */
static void
real_uptime_from_the_clock(void)
{
	struct procfs *pf = procfs_new("/proc", "/sys");
	int64_t file, clock;
	double after;

	file = procfs_uptime_ms(pf);
	clock = procfs_uptime_ms(pf);
	after = uptime(pf);
	CHECK(file > 0);
	CHECK(clock >= file);
	/* the file counts in hundredths */
	CHECK(after * 1000 + 10 >= (double)clock);
	CHECK(after * 1000 - (double)clock < 2000);
	procfs_free(pf);
}

static void
process_files_not_kept(void)
{
	struct procfs *pf = procfs_new("/proc", "/sys");
	const char *buf;
	size_t len;
	char *cause = NULL, name[32];
	int before = open_fds();

	snprintf(name, sizeof name, "%d/comm", (int)getpid());
	CHECK(procfs_read(pf, name, &buf, &len, &cause) == 0);
	CHECK(strncmp(buf, "test_procfs", 11) == 0);
	CHECK(open_fds() == before);
	procfs_free(pf);
}

static void
fixture_files_read_afresh(void)
{
	char root[] = "/tmp/mlk-test_procfs.XXXXXX", path[64];
	struct procfs *pf;
	const char *buf;
	size_t len;
	char *cause = NULL;
	FILE *f;
	int i, before = open_fds();

	CHECK(mkdtemp(root) != NULL);
	snprintf(path, sizeof path, "%s/uptime", root);
	pf = procfs_new(root, NULL);
	for (i = 1; i <= 3; i++) {
		/* a new file each time, as a test's rename(2) leaves it */
		unlink(path);
		CHECK((f = fopen(path, "w")) != NULL);
		fprintf(f, "%d.00 1.00\n", i);
		fclose(f);
		CHECK(procfs_read(pf, "uptime", &buf, &len, &cause) == 0);
		CHECK(atoi(buf) == i);
		/* its uptime is the file's, every time: never this clock */
		CHECK(procfs_uptime_ms(pf) == i * 1000);
		CHECK(open_fds() == before);
	}
	procfs_free(pf);
	unlink(path);
	rmdir(root);
}

T_MAIN("procfs", T(real_files_kept_and_fresh), T(real_uptime_from_the_clock),
    T(process_files_not_kept),
    T(fixture_files_read_afresh))
