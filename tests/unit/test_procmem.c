/* Processes by command (lib/procmem, procfs_processes) from a fixture
 * proc root: PSS from smaps_rollup, RSS from statm without it; kernel
 * threads, the gone and the names that are not numbers left out. */
#include <sys/stat.h>

#include <unistd.h>

#include "procfs.h"
#include "procmem.h"
#include "sample.h"
#include "t.h"

static char root[64];

static void
put(const char *pid, const char *file, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", root, pid);
	mkdir(path, 0755);
	snprintf(path, sizeof path, "%s/%s/%s", root, pid, file);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

static void
stat_of(const char *pid, const char *comm, unsigned long flags)
{
	char text[256];

	snprintf(text, sizeof text, "%s (%s) S 1 %s %s 0 -1 %lu 10 0 0 0\n",
	    pid, comm, pid, pid, flags);
	put(pid, "stat", text);
}

static void
fixture_root(void)
{
	long page = sysconf(_SC_PAGESIZE);
	struct procfs *pf;
	struct procmem pm = { 0 };
	const char *buf;
	char *cause = NULL, cmd[96];
	size_t len;

	snprintf(root, sizeof root, "/tmp/mlk-procmem.XXXXXX");
	CHECK(mkdtemp(root) != NULL);
	stat_of("100", "web server", 0x400100);
	put("100", "smaps_rollup", "00400000-7ffff000 ---p 00000000 00:00 0 "
	    "[rollup]\nRss:  2048 kB\nPss:  1536 kB\nPss_Anon: 1000 kB\n");
	stat_of("101", "web server", 0x400100);
	put("101", "smaps_rollup", "0-1 ---p 0 00:00 0 [rollup]\nRss: 900 "
	    "kB\nPss:   512 kB\n");
	stat_of("2", "kthreadd", 0x208040);		/* PF_KTHREAD */
	put("2", "statm", "0 0 0 0 0 0 0\n");
	stat_of("300", "old) (kernel", 0x400100);	/* ')' in a name */
	put("300", "statm", "1000 256 10 1 0 100 0\n");
	stat_of("400", "zombie", 0x400104);		/* no memory */
	put("400", "statm", "0 0 0 0 0 0 0\n");
	stat_of("500", "gone", 0x400100);		/* exited: no more */
	put("self", "statm", "1000 999 0 0 0 0 0\n");
	pf = procfs_new(root, NULL);
	CHECK(procfs_processes(pf, &buf, &len, &cause) == 0);
	CHECK(procmem_parse(buf, len, &pm, &cause) == 0);
	CHECK(pm.procs == 3 && pm.rss == 1 && pm.n == 2 && pm.skipped.n == 0);
	CHECK_STR(pm.cmd[0].comm, "web server");
	CHECK_I64(pm.cmd[0].bytes, (1536 + 512) * 1024);
	CHECK_I64(pm.cmd[0].procs, 2);
	CHECK_STR(pm.cmd[1].comm, "old) (kernel");
	CHECK_I64(pm.cmd[1].bytes, 256 * page);
	procmem_free(&pm);
	procfs_free(pf);
	snprintf(cmd, sizeof cmd, "rm -rf %s", root);
	CHECK(system(cmd) == 0);
}

/* Lines not understood cost only themselves; the largest top commands
 * are series of their own, the rest proc:(other). */
static void
parse_and_top(void)
{
	static const char text[] =
	    "pss 100 a\npss 300 b\nrss 50 c\npss 20 a\n"
	    "vss 10 d\npss x e\npss 10\npss 5 \n\npss 1 d\n";
	struct procmem pm = { 0 };
	struct sample s = { 0 };
	char *cause = NULL;

	CHECK(procmem_parse(text, sizeof text - 1, &pm, &cause) == 0);
	CHECK(pm.skipped.n == 4);
	CHECK(pm.n == 4 && pm.procs == 5 && pm.rss == 1);
	CHECK_STR(pm.cmd[0].comm, "b");
	CHECK_STR(pm.cmd[1].comm, "a");
	CHECK_I64(pm.cmd[1].bytes, 120 * 1024);
	sample_add_procmem(&s, &pm, 2);
	CHECK(s.n == 3);
	CHECK_STR(s.p[0].series, "proc:b");
	CHECK_STR(s.p[1].series, "proc:a");
	CHECK_I64(s.p[1].objects, 2);
	CHECK_STR(s.p[2].series, "proc:(other)");
	CHECK_I64(s.p[2].bytes, 51 * 1024);
	CHECK_I64(s.p[2].objects, 2);
	/* parsed again: emptied first */
	CHECK(procmem_parse("rss 1 z\n", 8, &pm, &cause) == 0);
	CHECK(pm.n == 1 && pm.skipped.n == 0);
	procmem_free(&pm);
	sample_free(&s);
}

T_MAIN("procmem", T(fixture_root), T(parse_and_top))
