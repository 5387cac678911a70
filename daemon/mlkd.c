/* mlkd: samples the kernel's memory into SQLite.  main owns the event
 * base, the configuration and the signals; daemon/collect does the work. */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "collect.h"
#include "httpd.h"
#include "import.h"
#include "conf.h"
#include "log.h"
#include "notify.h"
#include "procfs.h"
#include "source.h"
#include "store.h"
#include "units.h"
#include "xmem.h"

#define DEFAULT_CONF	"/etc/mlk/mlkd.conf"

/* What the command line said; it wins over the config file, also on reload. */
struct options {
	const char	*conf_path;
	int		 conf_given;
	const char	*db;
	const char	*interval;
	const char	*proc_root;
	const char	*sys_root;
	const char	*import;
	const char	*trace;		/* a series' judgements, logged */
	struct import_clock clock;	/* --step, --start */
	int		 foreground, once, check_only, print, verbose;
	int		 linger;
};

struct mlkd {
	struct options	 opt;
	struct conf	 conf;
	struct event_base *base;
	struct store	*store;
	struct collect	*collect;
	struct httpd	*httpd;		/* metrics_listen; NULL off */
	int		 report;	/* detached: the waiting parent; -1 */
};

static void __attribute__((noreturn))
usage(void)
{
	printf(
"usage: mlkd [-fnpv] [-c FILE] [--db PATH] [--interval DURATION]\n"
"            [--proc-root DIR] [--sys-root DIR]\n"
"            [--once | --import FILE [--step DURATION [--start TIME]]\n"
"            [--linger]] [--trace SERIES]\n"
"\n"
"Samples /proc/meminfo, /proc/slabinfo, /proc/vmallocinfo, /proc/allocinfo\n"
"(where the kernel has it) and the memory of every process into SQLite to\n"
"find kernel memory leaks.\n"
"\n"
"  -c FILE            configuration file (default " DEFAULT_CONF ")\n"
"  -f                 stay in the foreground, log to stderr\n"
"  -n                 check the configuration and exit\n"
"  -p                 print the effective configuration and exit\n"
"  -v                 log debug messages\n"
"      --db PATH      database (overrides the db key)\n"
"      --interval D   meminfo/slabinfo period: seconds or a duration, 1s-1h\n"
"      --proc-root DIR  read DIR/meminfo ... instead of /proc/...\n"
"      --sys-root DIR   read DIR/kernel/slab/... instead of /sys/...\n"
"      --once         take one sample of every source, store it, exit\n"
"      --import FILE  replay a recording (=== TIMESTAMP blocks of --- meminfo,\n"
"                     --- slabinfo... sections) through the whole pipeline\n"
"                     with its own times; alerts go to stderr, not the journal\n"
"      --step D       the time between blocks that have no timestamp (\"===\"\n"
"                     lines alone, bare cat /proc/slabinfo output), e.g. 1s\n"
"      --start TIME   the first such block's time (Unix seconds, ISO 8601,\n"
"                     -2h...); default: the last block at the file's mtime\n"
"      --linger       after --import, serve metrics_listen until stopped\n"
"      --trace SERIES log every judgement of SERIES (slab:kmalloc-1k...):\n"
"                     the fits, floors, troughs, their z and noise, what\n"
"                     stopped a page, a wait for a faster companion, and\n"
"                     its noise at lags of 1m to 8h at each refresh\n"
"      --help         this text\n"
"      --version      print the version\n"
"\n"
"See mlkd(8) and mlkd.conf(5).\n");
	exit(0);
}

/* What is wrong (unless getopt said it already: NULL), and where the help
 * is; exit 2. */
static void __attribute__((noreturn))
usage_error(const char *what)
{
	if (what != NULL)
		fprintf(stderr, "mlkd: %s\n", what);
	fputs("see 'mlkd --help'\n", stderr);
	exit(2);
}

/* The config file, then the command line over it. */
static int
load_conf(const struct options *o, struct conf *c, char **cause)
{
	conf_defaults(c);
	if (o->conf_given || access(o->conf_path, F_OK) == 0)
		if (conf_load(c, o->conf_path, cause) == -1)
			return -1;
	if (o->db != NULL && conf_override(c, "db", o->db, "--db", cause) == -1)
		return -1;
	if (o->interval != NULL && conf_override(c, "interval", o->interval,
	    "--interval", cause) == -1)
		return -1;
	return conf_finish(c, cause);
}

static void
stop_cb(evutil_socket_t sig, short events, void *arg)
{
	struct mlkd *m = arg;

	(void)events;
	log_info("signal %d: stopping", (int)sig);
	notify_stopping();
	event_base_loopexit(m->base, NULL);
}

static int
same_listen(const struct conf *a, const struct conf *b)
{
	if (a->metrics_addr == NULL || b->metrics_addr == NULL)
		return a->metrics_addr == b->metrics_addr;
	return strcmp(a->metrics_addr, b->metrics_addr) == 0 &&
	    a->metrics_port == b->metrics_port;
}

static void
reload_cb(evutil_socket_t sig, short events, void *arg)
{
	struct mlkd *m = arg;
	struct conf fresh;
	char *cause = NULL;

	(void)sig;
	(void)events;
	notify_reloading();
	if (load_conf(&m->opt, &fresh, &cause) == -1) {
		log_warnx("reload: %s; keeping the running configuration",
		    cause);
		free(cause);
		conf_free(&fresh);
	} else {
		if (strcmp(fresh.db, m->conf.db) != 0)
			log_warnx("reload: db changed to %s; that takes a "
			    "restart, still writing %s", fresh.db, m->conf.db);
		free(fresh.db);
		fresh.db = xstrdup(m->conf.db);
		if (!same_listen(&fresh, &m->conf))
			log_warnx("reload: metrics_listen changed; that takes "
			    "a restart, still serving as before");
		free(fresh.metrics_addr);
		fresh.metrics_addr = m->conf.metrics_addr != NULL ?
		    xstrdup(m->conf.metrics_addr) : NULL;
		fresh.metrics_port = m->conf.metrics_port;
		conf_free(&m->conf);
		m->conf = fresh;
		collect_reconf(m->collect, &m->conf);
		log_info("configuration reloaded");
	}
	notify_ready();
}

static void
parse_args(int argc, char **argv, struct options *o)
{
	enum {
		O_DB = 256, O_INTERVAL, O_PROC, O_SYS, O_ONCE, O_IMPORT, O_STEP,
		O_START, O_LINGER, O_TRACE, O_HELP, O_VER
	};
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, O_DB },
		{ "interval", required_argument, NULL, O_INTERVAL },
		{ "proc-root", required_argument, NULL, O_PROC },
		{ "sys-root", required_argument, NULL, O_SYS },
		{ "once", no_argument, NULL, O_ONCE },
		{ "import", required_argument, NULL, O_IMPORT },
		{ "step", required_argument, NULL, O_STEP },
		{ "start", required_argument, NULL, O_START },
		{ "linger", no_argument, NULL, O_LINGER },
		{ "trace", required_argument, NULL, O_TRACE },
		{ "help", no_argument, NULL, O_HELP },
		{ "version", no_argument, NULL, O_VER },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	o->conf_path = DEFAULT_CONF;
	while ((ch = getopt_long(argc, argv, "c:fnpv", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c': o->conf_path = optarg; o->conf_given = 1; break;
		case 'f': o->foreground = 1; break;
		case 'n': o->check_only = 1; break;
		case 'p': o->print = 1; break;
		case 'v': o->verbose = 1; break;
		case O_DB: o->db = optarg; break;
		case O_INTERVAL: o->interval = optarg; break;
		case O_PROC: o->proc_root = optarg; break;
		case O_SYS: o->sys_root = optarg; break;
		case O_ONCE: o->once = 1; break;
		case O_IMPORT: o->import = optarg; break;
		case O_STEP:
			if (units_duration(optarg, &o->clock.step) == -1 ||
			    o->clock.step < 1 || o->clock.step > 86400)
				usage_error("--step: expected a duration from "
				    "1s to 1d, like 1s or 60");
			break;
		case O_START:
			if (units_time(optarg, time(NULL), &o->clock.start) ==
			    -1)
				usage_error("--start: expected a time: Unix "
				    "seconds, ISO 8601, or -2h (before now)");
			o->clock.has_start = 1;
			break;
		case O_LINGER: o->linger = 1; break;
		case O_TRACE: o->trace = optarg; break;
		case O_HELP: usage();
		case O_VER: printf("mlkd %s\n", MLK_VERSION); exit(0);
		default: usage_error(NULL);
		}
	}
	if (o->once && o->import != NULL)
		usage_error("--once and --import exclude each other");
	if (o->linger && o->import == NULL)
		usage_error("--linger goes with --import");
	if (o->clock.step > 0 && o->import == NULL)
		usage_error("--step goes with --import");
	if (o->clock.has_start && o->clock.step == 0)
		usage_error("--start goes with --step");
	if (optind != argc) {
		fprintf(stderr, "mlkd: unexpected argument \"%s\"\n",
		    argv[optind]);
		usage_error(NULL);
	}
}

/* SIGTERM and SIGINT stop the loop, SIGHUP reloads: into ev[3]. */
static void
signals_on(struct mlkd *m, struct event *ev[3])
{
	ev[0] = evsignal_new(m->base, SIGTERM, stop_cb, m);
	ev[1] = evsignal_new(m->base, SIGINT, stop_cb, m);
	ev[2] = evsignal_new(m->base, SIGHUP, reload_cb, m);
	if (!ev[0] || !ev[1] || !ev[2] || evsignal_add(ev[0], NULL) ||
	    evsignal_add(ev[1], NULL) || evsignal_add(ev[2], NULL))
		fatalx("cannot install signal handlers");
}

static void
signals_off(struct event *ev[3])
{
	int i;

	for (i = 0; i < 3; i++)
		event_free(ev[i]);
}

/* The metrics endpoint, when metrics_listen names one: a port that
 * cannot be had stops mlkd before it starts. */
static void
serve_metrics(struct mlkd *m)
{
	const struct conf *c = &m->conf;
	char *cause = NULL;
	int v6;

	if (c->metrics_addr == NULL)
		return;
	if (collect_metrics_on(m->collect, &cause) == -1 ||
	    (m->httpd = httpd_new(m->base, c->metrics_addr, c->metrics_port,
	    collect_metrics, m->collect, &cause)) == NULL)
		fatalx("%s", cause);
	v6 = strchr(c->metrics_addr, ':') != NULL;
	log_info("serving metrics at http://%s%s%s:%d/metrics", v6 ? "[" : "",
	    c->metrics_addr, v6 ? "]" : "", c->metrics_port);
}

static int
run_import(struct mlkd *m)
{
	struct event *sig[3];
	char *cause = NULL;
	long got;

	serve_metrics(m);
	got = import_file(m->collect, m->store, m->opt.import, &m->opt.clock, &cause);
	if (got == -1)
		log_warnx("%s", cause);
	else
		log_info("%s: %ld samples replayed into %s", m->opt.import,
		    got, m->conf.db);
	free(cause);
	if (m->opt.linger && m->httpd != NULL) {
		log_info("--linger: serving metrics until stopped");
		signals_on(m, sig);
		event_base_dispatch(m->base);
		signals_off(sig);
	} else if (m->opt.linger)
		log_warnx("--linger: metrics_listen is off, nothing to serve");
	return got == -1;
}

static int
run_once(struct mlkd *m)
{
	int n = collect_sample(m->collect, SOURCE_ALL);

	if (n <= 0)
		log_warnx("--once: nothing %s", n == 0 ? "could be read" :
		    "was stored");
	return n > 0 ? 0 : 1;
}

/* The database's directory, made if missing (mode 0750), as the unit's
 * StateDirectory= makes /var/lib/mlk: only the last level, so that a
 * mistyped path higher up is still an error. */
static void
make_db_dir(const char *db)
{
	char *dir = xstrdup(db), *slash = strrchr(dir, '/');

	if (slash != NULL && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0750) == 0)
			log_info("made %s for the database", dir);
		else if (errno != EEXIST && errno != ENOENT)
			log_warn("%s", dir);
	}
	free(dir);
}

/*
 * Into the background before anything is opened.  SQLite's locks belong to
 * the process that took them: a database opened before a fork loses them
 * when the parent exits, and the next reader to close it deletes the live
 * -wal file under the daemon.  The child starts with the terminal still
 * its stderr, so whatever stops it is said there; the parent waits for
 * its "ok" and exits 0, or exits 1 when it died first.  The working
 * directory stays: --db and --proc-root may be relative.  Returns the
 * child's end of the pipe.
 */
static int
detach(void)
{
	char ok[2];
	int fd[2], status;
	ssize_t n;
	pid_t pid;

	if (pipe2(fd, O_CLOEXEC) == -1)
		fatal("pipe");
	if ((pid = fork()) == -1)
		fatal("fork");
	if (pid == 0) {
		close(fd[0]);
		if (setsid() == -1)
			fatal("setsid");
		return fd[1];
	}
	close(fd[1]);
	while ((n = read(fd[0], ok, sizeof ok)) == -1 && errno == EINTR)
		;
	if (n == sizeof ok && memcmp(ok, "ok", 2) == 0) {
		fprintf(stderr, "mlkd: in the background as PID %ld, logging "
		    "to syslog\n", (long)pid);
		_exit(0);
	}
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	_exit(1);
}

/* Started: tell the waiting parent, and leave the terminal for syslog. */
static void
detached(int report, enum log_level level)
{
	int null = open("/dev/null", O_RDWR);

	if (null == -1 || dup2(null, 0) == -1 || dup2(null, 1) == -1 ||
	    dup2(null, 2) == -1)
		fatal("/dev/null");
	if (null > 2)
		close(null);
	log_init("mlkd", level, 1);
	if (write(report, "ok", 2) != 2)
		log_warn("telling the parent it started");
	close(report);
}

static int
run_daemon(struct mlkd *m)
{
	struct event *sig[3];

	signals_on(m, sig);
	serve_metrics(m);
	log_info("sampling every %llds (vmallocinfo every %llds) into %s",
	    (long long)m->conf.interval, (long long)m->conf.vmalloc_interval,
	    m->conf.db);
	notify_journal_start();
	collect_journal(m->collect, 1);
	if (collect_start(m->collect, m->base) == -1)
		fatalx("nothing could be read: is %s a proc root?",
		    m->opt.proc_root != NULL ? m->opt.proc_root : "/proc");
	if (m->report != -1)
		detached(m->report, m->opt.verbose ? LOG_LVL_DEBUG :
		    LOG_LVL_INFO);
	notify_ready();
	event_base_dispatch(m->base);

	/* Signals are handled between callbacks: no transaction is open. */
	signals_off(sig);
	collect_stop(m->collect);
	notify_journal_stop();
	log_info("stopped");
	return 0;
}

int
main(int argc, char **argv)
{
	struct mlkd m;
	struct procfs *pf;
	struct store *st;
	char *cause = NULL;
	int rc;

	memset(&m, 0, sizeof m);
	parse_args(argc, argv, &m.opt);
	log_init("mlkd", m.opt.verbose ? LOG_LVL_DEBUG : LOG_LVL_INFO, 0);

	if (load_conf(&m.opt, &m.conf, &cause) == -1) {
		if (m.opt.check_only) {
			fprintf(stderr, "%s\n", cause);
			free(cause);
			conf_free(&m.conf);
			return 1;
		}
		fatalx("%s", cause);
	}
	if (m.opt.print)
		conf_print(stdout, &m.conf);
	if (m.opt.check_only || m.opt.print) {
		conf_free(&m.conf);
		return 0;
	}

	umask(027);		/* the database: owner and group only */
	signal(SIGPIPE, SIG_IGN);
	m.report = -1;
	if (m.opt.import == NULL && !m.opt.once && !m.opt.foreground)
		m.report = detach();
	make_db_dir(m.conf.db);
	if ((st = store_open(m.conf.db, 0, &cause)) == NULL)
		fatalx("%s", cause);
	pf = procfs_new(m.opt.proc_root, m.opt.sys_root);
	if ((m.base = event_base_new()) == NULL)
		fatalx("event_base_new failed");
	m.store = st;
	m.collect = collect_new(m.base, pf, st, &m.conf);
	if (m.opt.trace != NULL)
		collect_trace(m.collect, m.opt.trace);

	if (m.opt.import != NULL)
		rc = run_import(&m);
	else if (m.opt.once)
		rc = run_once(&m);
	else
		rc = run_daemon(&m);

	httpd_free(m.httpd);
	collect_free(m.collect);
	event_base_free(m.base);
	procfs_free(pf);
	store_close(st);
	conf_free(&m.conf);
	return rc;
}
