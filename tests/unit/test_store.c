/* The store on real SQLite files: round trip, roll-ups, refusal of files
 * that are not ours, and a WAL that a reader cannot grow for ever. */
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source.h"
#include "store.h"
#include "t.h"

static char dir[] = "/tmp/mlk-store-XXXXXX";
static char path[256];

static void
fresh(const char *name)
{
	static int made;
	char cmd[1024];

	/* once: the random name may itself end in X */
	if (!made++ && mkdtemp(dir) == NULL)
		abort();
	snprintf(path, sizeof path, "%s/%s", dir, name);
	snprintf(cmd, sizeof cmd, "rm -f %s %s-wal %s-shm", path, path, path);
	if (system(cmd) != 0)
		abort();
}

static void
make_sample(struct sample *s, int64_t t, const char *boot, int64_t v)
{
	sample_clear(s);
	s->time = t;
	s->uptime_ms = t * 1000;
	snprintf(s->boot_id, sizeof s->boot_id, "%s", boot);
	sample_add(s, "slab", "dentry", v, v / 192);
	sample_add(s, "meminfo", "MemTotal", 1 << 30, -1);
	s->sources = SOURCE_BIT(SOURCE_MEMINFO) | SOURCE_BIT(SOURCE_SLABINFO);
}

static int64_t
sql_int(const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	int64_t v = -1;

	sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

static const char BOOT_A[] = "11111111-1111-1111-1111-111111111111";
static const char BOOT_B[] = "22222222-2222-2222-2222-222222222222";

/* A sample that cannot be stored: a new series, then dentry twice. */
static void
make_bad_sample(struct sample *s, int64_t t)
{
	make_sample(s, t, BOOT_A, t);
	sample_add(s, "slab", "fresh", 1, 1);
	sample_add(s, "slab", "dentry", 2, 2);
}

static void
round_trip(void)
{
	struct store *st, *ro;
	struct sample s = { 0 };
	struct store_row *rows;
	struct store_value *v;
	char *cause = NULL;
	int64_t t;
	size_t n;
	struct stat sb;

	fresh("rt.db");
	CHECK((st = store_open(path, 0, &cause)) != NULL);
	make_sample(&s, 1000, BOOT_A, 4096);
	CHECK(store_put(st, &s, &cause) == 0);
	make_sample(&s, 1060, BOOT_A, 8192);
	CHECK(store_put(st, &s, &cause) == 0);
	/* A reader while the writer is open. */
	CHECK((ro = store_open(path, STORE_READONLY, &cause)) != NULL);
	CHECK(store_history(ro, "slab:dentry", 0, INT64_MAX, &rows, &n, &cause) == 0);
	CHECK_I64(n, 2);
	CHECK_I64(rows[0].time, 1000);
	CHECK_I64(rows[1].bytes, 8192);
	CHECK_I64(rows[1].objects, 8192 / 192);
	free(rows);
	CHECK(store_latest(ro, SOURCE_BIT(SOURCE_SLABINFO), &t, &v, &n, &cause) == 0);
	CHECK_I64(t, 1060);
	CHECK_I64(n, 2);
	CHECK_STR(v[0].series, "meminfo:MemTotal");
	CHECK_I64(v[0].objects, -1);
	free(v);
	CHECK(store_latest(ro, SOURCE_BIT(SOURCE_VMALLOCINFO), &t, &v, &n, &cause) == 0);
	CHECK_I64(n, 0);
	store_close(ro);
	store_close(st);
	CHECK_I64(sql_int("PRAGMA user_version"), 6);	/* sql/006 */
	CHECK_I64(sql_int("SELECT count(*) FROM boots"), 1);
	CHECK(stat(path, &sb) == 0);
	sample_free(&s);
}

/* A failed transaction leaves nothing behind and the store usable. */
static void
failed_put_rolls_back(void)
{
	struct store *st;
	struct sample s = { 0 };
	struct store_value *v;
	char *cause = NULL;
	int64_t t;
	size_t n;

	fresh("fail.db");
	CHECK((st = store_open(path, 0, &cause)) != NULL);
	make_bad_sample(&s, 1000);
	CHECK(store_put(st, &s, &cause) == -1);
	CHECK(strstr(cause, path) != NULL);
	CHECK(strstr(cause, "slab:dentry twice") != NULL);
	free(cause);
	make_sample(&s, 1060, BOOT_A, 3);
	sample_add(&s, "slab", "fresh", 1, 1);
	CHECK(store_put(st, &s, &cause) == 0);
	CHECK(store_latest(st, SOURCE_BIT(SOURCE_SLABINFO), &t, &v, &n, &cause) == 0);
	CHECK_I64(n, 3);
	CHECK_STR(v[2].series, "slab:fresh");
	free(v);
	store_close(st);
	CHECK_I64(sql_int("SELECT count(*) FROM samples"), 1);
	sample_free(&s);
}

/* Put a sample of dentry at t; 0 or -1 as store_put. */
static int
put_at(struct store *st, struct sample *s, int64_t t)
{
	char *cause = NULL;
	int r;

	make_sample(s, t, BOOT_A, t);
	r = store_put(st, s, &cause);
	free(cause);
	return r;
}

static int64_t
samples_seen(void)
{
	return sql_int("SELECT count(*) FROM samples");
}

/* Grouped commits: the first sample at once, then every third; a read
 * of the store's own commits what is held; a sample that fails takes
 * nothing held with it; closing commits the rest. */
static void
grouped_commits(void)
{
	struct store *st;
	struct sample s = { 0 };
	struct store_value *v;
	char *cause = NULL;
	int64_t t;
	size_t n;

	fresh("group.db");
	CHECK((st = store_open(path, 0, &cause)) != NULL);
	store_group(st, 3);
	CHECK(put_at(st, &s, 1000) == 0);
	CHECK_I64(samples_seen(), 1);
	CHECK(put_at(st, &s, 1001) == 0 && put_at(st, &s, 1002) == 0);
	CHECK_I64(samples_seen(), 1);
	CHECK(put_at(st, &s, 1003) == 0);
	CHECK_I64(samples_seen(), 4);
	CHECK(put_at(st, &s, 1004) == 0);
	CHECK_I64(samples_seen(), 4);
	CHECK(store_latest(st, SOURCE_BIT(SOURCE_SLABINFO), &t, &v, &n,
	    &cause) == 0);
	free(v);
	CHECK_I64(t, 1004);
	CHECK_I64(samples_seen(), 5);
	CHECK(put_at(st, &s, 1005) == 0);
	make_bad_sample(&s, 1006);
	CHECK(store_put(st, &s, &cause) == -1);
	free(cause);
	CHECK(put_at(st, &s, 1007) == 0);
	CHECK_I64(samples_seen(), 5);
	store_close(st);
	CHECK_I64(samples_seen(), 7);
	CHECK_I64(sql_int("SELECT count(*) FROM samples WHERE time = 1006"), 0);
	CHECK_I64(sql_int("SELECT count(*) FROM series "
	    "WHERE name = 'slab:fresh'"), 0);
	sample_free(&s);
}

/* Writes of other kinds commit the samples held before their own: an
 * alert (never held: the journal has told it), and a WAL checkpoint
 * (which an open transaction would refuse). */
static void
grouped_then_other_writes(void)
{
	struct store_alert a = { .open = 1, .opened_at = 1001,
	    .updated_at = 1001, .since = 900, .window = 1080, .slope = 2e7,
	    .confidence = 1, .bytes = 1 << 30, .eta = -1 };
	struct store *st;
	struct sample s = { 0 };
	char *cause = NULL;

	fresh("group2.db");
	CHECK((st = store_open(path, 0, &cause)) != NULL);
	store_group(st, 5);
	CHECK(put_at(st, &s, 1000) == 0 && put_at(st, &s, 1001) == 0);
	CHECK_I64(samples_seen(), 1);
	snprintf(a.series, sizeof a.series, "slab:dentry");
	CHECK(store_alert_put(st, BOOT_A, STORE_ALERT_OPENED, &a, &cause) == 0);
	CHECK_I64(samples_seen(), 2);
	CHECK_I64(sql_int("SELECT count(*) FROM alerts"), 1);
	CHECK(put_at(st, &s, 1002) == 0);
	CHECK_I64(samples_seen(), 2);
	CHECK(store_trim_wal(st, 0, &cause) == 0);
	CHECK_I64(samples_seen(), 3);
	store_close(st);
	sample_free(&s);
}

/* Each value lands on its own series when the list changes between
 * samples: a name replaced in place, two swapped, the list cut short. */
static void
renamed_in_place(void)
{
	static const char *const lists[][2] = {
		{ "a", "b" }, { "a", "b" }, { "a", "c" }, { "c", "a" },
		{ "c", NULL },
	};
	struct store *st;
	struct sample s = { 0 };
	struct store_row *rows;
	char *cause = NULL;
	size_t i, j, n;

	fresh("renamed.db");
	CHECK((st = store_open(path, 0, &cause)) != NULL);
	for (i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		sample_clear(&s);
		s.time = 1000 + 60 * (int64_t)i;
		s.uptime_ms = s.time * 1000;
		snprintf(s.boot_id, sizeof s.boot_id, "%s", BOOT_A);
		/* the value says which series and which sample */
		for (j = 0; j < 2 && lists[i][j] != NULL; j++)
			sample_add(&s, "slab", lists[i][j],
			    (lists[i][j][0] - 'a' + 1) * 1000 + (int64_t)i, -1);
		s.sources = SOURCE_BIT(SOURCE_SLABINFO);
		CHECK(store_put(st, &s, &cause) == 0);
	}
	CHECK(store_history(st, "slab:a", 0, INT64_MAX, &rows, &n, &cause) == 0);
	CHECK_I64(n, 4);
	CHECK_I64(rows[3].bytes, 1003);
	free(rows);
	CHECK(store_history(st, "slab:b", 0, INT64_MAX, &rows, &n, &cause) == 0);
	CHECK_I64(n, 2);
	CHECK_I64(rows[1].bytes, 2001);
	free(rows);
	CHECK(store_history(st, "slab:c", 0, INT64_MAX, &rows, &n, &cause) == 0);
	CHECK_I64(n, 3);
	CHECK_I64(rows[0].bytes, 3002);
	CHECK_I64(rows[1].bytes, 3003);
	CHECK_I64(rows[2].bytes, 3004);
	free(rows);
	store_close(st);
	sample_free(&s);
}

/* Store minutes [from, to) of a slab:dentry that counts them; boot B from
 * minute 90.  Then housekeeping with nothing expired: fold what is due. */
static int
put_minutes(struct store *st, struct sample *s, int from, int to)
{
	char *cause = NULL;
	int i;

	for (i = from; i < to; i++) {
		make_sample(s, 7200 + i * 60, i < 90 ? BOOT_A : BOOT_B, i);
		if (store_put(st, s, &cause) == -1)
			return -1;
	}
	return store_prune(st, 7200 + to * 60, 86400, 86400, 64, &cause);
}

/* An hour of minutes is folded into one segment; the next hour, which
 * straddles a reboot, into one segment per boot. */
static void
fold_by_boot(void)
{
	struct store *st;
	struct sample s = { 0 };
	struct store_row *rows;
	struct store_value *v;
	char *cause = NULL;
	int64_t t;
	size_t n;

	fresh("fold.db");
	CHECK((st = store_open(path, 0, &cause)) != NULL);
	CHECK(put_minutes(st, &s, 0, 59) == 0);
	CHECK_I64(sql_int("SELECT count(*) FROM segments"), 0);
	CHECK(put_minutes(st, &s, 59, 60) == 0);
	CHECK_I64(sql_int("SELECT count(*) FROM segments"), 1);
	CHECK(put_minutes(st, &s, 60, 120) == 0);
	CHECK_I64(sql_int("SELECT count(*) FROM recent"), 0);
	CHECK_I64(sql_int("SELECT count(*) FROM segments"), 3);
	CHECK_I64(sql_int("SELECT count(*) FROM chunks"), 6);
	/* The newest sample now lives in chunks only. */
	CHECK(store_latest(st, SOURCE_BIT(SOURCE_SLABINFO), &t, &v, &n, &cause) == 0);
	CHECK_I64(t, 7200 + 119 * 60);
	CHECK_I64(n, 2);
	CHECK_STR(v[1].series, "slab:dentry");
	CHECK_I64(v[1].bytes, 119);
	CHECK_I64(v[1].objects, 0);
	free(v);
	CHECK(store_history(st, "slab:dentry", 7200 + 85 * 60, 7200 + 94 * 60,
	    &rows, &n, &cause) == 0);
	CHECK_I64(n, 10);
	CHECK_I64(rows[0].bytes, 85);
	CHECK_I64(rows[9].time, 7200 + 94 * 60);
	CHECK(rows[4].boot != rows[5].boot);	/* minute 89 | minute 90 */
	free(rows);
	store_close(st);
	sample_free(&s);
}

/* Two hours of minutes; the first hour expires into one roll-up row per
 * series, in batches. */
static void
prune_rolls_up(void)
{
	struct store *st;
	struct sample s = { 0 };
	struct store_row *rows;
	char *cause = NULL;
	size_t n;
	int r, total = 0;

	fresh("prune.db");
	CHECK((st = store_open(path, 0, &cause)) != NULL);
	CHECK(put_minutes(st, &s, 0, 60) == 0);
	CHECK(put_minutes(st, &s, 60, 120) == 0);
	/* retention 1h at now=14400: samples before 10800 go, in batches. */
	while ((r = store_prune(st, 14400, 3600, 86400, 6, &cause)) > 0)
		total += r;
	CHECK(r == 0);
	CHECK_I64(total, 60);
	CHECK_I64(sql_int("SELECT count(*) FROM samples"), 60);
	CHECK_I64(sql_int("SELECT count(*) FROM segments"), 2);
	CHECK_I64(sql_int("SELECT count(*) FROM rollups"), 2);
	CHECK_I64(sql_int("SELECT n FROM rollups r JOIN series s ON s.id = r.series"
	    " WHERE s.name = 'slab:dentry'"), 60);
	CHECK_I64(sql_int("SELECT min FROM rollups r JOIN series s ON"
	    " s.id = r.series WHERE s.name = 'slab:dentry'"), 0);
	CHECK_I64(sql_int("SELECT max FROM rollups r JOIN series s ON"
	    " s.id = r.series WHERE s.name = 'slab:dentry'"), 59);
	CHECK_I64(sql_int("SELECT last FROM rollups r JOIN series s ON"
	    " s.id = r.series WHERE s.name = 'slab:dentry'"), 59);
	CHECK_I64(sql_int("SELECT sum FROM rollups r JOIN series s ON"
	    " s.id = r.series WHERE s.name = 'slab:dentry'"), 59 * 60 / 2);
	/* History: the hourly mean, then the raw minutes. */
	CHECK(store_history(st, "slab:dentry", 0, INT64_MAX, &rows, &n, &cause) == 0);
	CHECK_I64(n, 61);
	CHECK_I64(rows[0].time, 7200);
	CHECK_I64(rows[0].bytes, 29);		/* mean of 0..59 */
	CHECK_I64(rows[0].objects, -1);
	CHECK_I64(rows[1].time, 10800);
	CHECK_I64(rows[1].bytes, 60);
	free(rows);
	/* Roll-ups past their own retention go too. */
	CHECK(store_prune(st, 7200 + 3600 + 86400, 3600, 86400, 100, &cause) >= 0);
	CHECK_I64(sql_int("SELECT count(*) FROM rollups WHERE hour = 7200"), 0);
	CHECK_I64(sql_int("SELECT count(*) FROM rollups WHERE hour = 10800"), 4);
	store_close(st);
	sample_free(&s);
}

/* A damaged blob is an error that names the file, never a wild read. */
static void
damaged_chunk_reported(void)
{
	struct store *st;
	struct sample s = { 0 };
	struct store_row *rows;
	char *cause = NULL;
	sqlite3 *db;
	size_t n;

	fresh("damaged.db");
	CHECK((st = store_open(path, 0, &cause)) != NULL);
	CHECK(put_minutes(st, &s, 0, 60) == 0);
	sqlite3_open(path, &db);
	CHECK(sqlite3_exec(db, "UPDATE chunks SET data = x'ffffff'", 0, 0, 0)
	    == SQLITE_OK);
	sqlite3_close(db);
	CHECK(store_history(st, "slab:dentry", 0, INT64_MAX, &rows, &n,
	    &cause) == -1);
	CHECK(strstr(cause, "damaged chunk") != NULL);
	CHECK(strstr(cause, path) != NULL);
	CHECK(rows == NULL && n == 0);
	free(cause);
	store_close(st);
	sample_free(&s);
}

static void
write_file(const char *p, const void *buf, size_t len)
{
	FILE *f = fopen(p, "wb");

	fwrite(buf, 1, len, f);
	fclose(f);
}

static int
same_file(const char *p, const void *buf, size_t len)
{
	size_t n;
	char *got = t_slurp(p, &n);
	int same = got && n == len && memcmp(got, buf, len) == 0;

	free(got);
	return same;
}

static void
refuses_foreign_and_corrupt(void)
{
	struct store *st;
	char *cause = NULL, junk[8192], *other;
	size_t len = 0;
	sqlite3 *db;
	int i;

	fresh("junk.db");
	for (i = 0; i < (int)sizeof junk; i++)
		junk[i] = (char)(i * 7 + 3);
	write_file(path, junk, sizeof junk);
	CHECK((st = store_open(path, 0, &cause)) == NULL);
	CHECK(strstr(cause, path) != NULL);
	free(cause);
	CHECK(same_file(path, junk, sizeof junk));

	fresh("other.db");
	sqlite3_open(path, &db);
	sqlite3_exec(db, "CREATE TABLE accounts(id, balance)", 0, 0, 0);
	sqlite3_close(db);
	other = t_slurp(path, &len);
	CHECK((st = store_open(path, 0, &cause)) == NULL);
	CHECK(strstr(cause, "not an mlk database") != NULL);
	CHECK(strstr(cause, path) != NULL);
	free(cause);
	CHECK(same_file(path, other, len));
	free(other);
}

static void
refuses_newer_schema(void)
{
	struct store *st;
	char *cause = NULL;
	sqlite3 *db;

	fresh("new.db");
	CHECK((st = store_open(path, 0, &cause)) != NULL);
	store_close(st);
	sqlite3_open(path, &db);
	sqlite3_exec(db, "PRAGMA user_version = 99", 0, 0, 0);
	sqlite3_close(db);
	CHECK((st = store_open(path, STORE_READONLY, &cause)) == NULL);
	CHECK(strstr(cause, "newer") != NULL);
	free(cause);
	CHECK((st = store_open(path, 0, &cause)) == NULL);
	free(cause);
	CHECK_I64(sql_int("PRAGMA user_version"), 99);
}

/* A reader cannot migrate: an older schema is named, with the remedy;
 * the writer then upgrades it. */
static void
reader_names_older_schema(void)
{
	struct store *st;
	char *cause = NULL;
	sqlite3 *db;

	fresh("old.db");
	CHECK((st = store_open(path, 0, &cause)) != NULL);
	store_close(st);
	sqlite3_open(path, &db);
	sqlite3_exec(db, "DROP TABLE attribution_stacks; DROP TABLE "
	    "attribution_groups; DROP TABLE "
	    "attributions; DROP TABLE alerts; PRAGMA user_version = 1", 0, 0,
	    0);
	sqlite3_close(db);
	CHECK((st = store_open(path, STORE_READONLY, &cause)) == NULL);
	CHECK(strstr(cause, "schema version 1 is older than this mlk") != NULL);
	CHECK(strstr(cause, "run the new mlkd once") != NULL);
	free(cause);
	CHECK((st = store_open(path, 0, &cause)) != NULL);
	store_close(st);
	CHECK_I64(sql_int("PRAGMA user_version"), 6);
	CHECK_I64(sql_int("SELECT count(*) FROM attribution_stacks"), 0);
	CHECK_I64(sql_int("SELECT count(*) FROM alerts WHERE companions != ''"), 0);
	CHECK_I64(sql_int("SELECT count(*) FROM alerts WHERE call_sites != ''"), 0);
	CHECK_I64(sql_int("SELECT count(*) FROM alerts"), 0);
	CHECK_I64(sql_int("SELECT count(*) FROM attributions"), 0);
}

static int64_t
wal_size(void)
{
	char wal[300];
	struct stat sb;

	snprintf(wal, sizeof wal, "%s-wal", path);
	return stat(wal, &sb) == 0 ? sb.st_size : -1;
}

/* A reader mid-transaction keeps the WAL from being reset; once it is
 * done, the next trim truncates the WAL to nothing. */
static void
wal_trimmed_after_reader(void)
{
	struct store *st;
	struct sample s = { 0 };
	char *cause = NULL;
	sqlite3 *reader;
	sqlite3_stmt *q;
	int i;

	fresh("wal.db");
	CHECK((st = store_open(path, 0, &cause)) != NULL);
	make_sample(&s, 1000, BOOT_A, 1);
	CHECK(store_put(st, &s, &cause) == 0);
	sqlite3_open_v2(path, &reader, SQLITE_OPEN_READONLY, NULL);
	sqlite3_exec(reader, "BEGIN", 0, 0, 0);
	sqlite3_prepare_v2(reader, "SELECT count(*) FROM samples", -1, &q, NULL);
	CHECK(sqlite3_step(q) == SQLITE_ROW);
	for (i = 0; i < 50; i++) {
		make_sample(&s, 1060 + i * 60, BOOT_A, i);
		CHECK(store_put(st, &s, &cause) == 0);
	}
	CHECK(wal_size() > 0);
	CHECK(store_trim_wal(st, 0, &cause) == 1);	/* reader holds it */
	sqlite3_finalize(q);
	sqlite3_exec(reader, "COMMIT", 0, 0, 0);
	sqlite3_close(reader);
	CHECK(store_trim_wal(st, 0, &cause) == 0);
	CHECK_I64(wal_size(), 0);
	store_close(st);
	CHECK_I64(sql_int("SELECT count(*) FROM samples"), 51);
	sample_free(&s);
}

/* An attribution, its largest groups and stacks (with their processes),
 * back as stored; the newest of the series wins; a failed one keeps its
 * reason. */
static void
attribution_round_trip(void)
{
	static const char boot[] = "6e0b5a8e-3f43-4c7a-9d0e-5b7c1a2f9e01";
	struct attrib_group g[STORE_ATTRIB_GROUPS + 2];
	struct stack_group sg[STORE_ATTRIB_STACKS + 1];
	struct store_attribution a = { .started_at = 1000, .seconds = 30 };
	struct store_attribution b;
	struct store *st;
	char *cause = NULL;
	size_t i;

	fresh("attrib.db");
	CHECK((st = store_open(path, 0, &cause)) != NULL);
	CHECK(store_attribution_last(st, "slab:dentry", 0, &b, &cause) == 0);
	memset(g, 0, sizeof g);
	for (i = 0; i < STORE_ATTRIB_GROUPS + 2; i++) {
		snprintf(g[i].label, sizeof g[i].label, "site_%zu+0x1/0x10", i);
		g[i].allocs = 100 - i;
		g[i].outstanding = 50 - i;
		g[i].bytes = (50 - i) * 192;
	}
	snprintf(a.series, sizeof a.series, "slab:dentry");
	snprintf(a.events, sizeof a.events, "kmem:kmem_cache_alloc");
	a.r.allocs = 7;
	a.r.frees = 3;
	a.r.outstanding = 4;
	a.r.outstanding_bytes = 768;
	a.r.site = g;
	a.r.nsite = STORE_ATTRIB_GROUPS + 2;
	a.r.proc = g;
	a.r.nproc = 1;
	memset(sg, 0, sizeof sg);
	for (i = 0; i < STORE_ATTRIB_STACKS + 1; i++) {
		snprintf(sg[i].frames, sizeof sg[i].frames, "d_alloc\nf%zu", i);
		sg[i].outstanding = 10 - i;
	}
	sg[0].nproc = 2;
	snprintf(sg[0].proc[0].comm, sizeof sg[0].proc[0].comm, "my app");
	sg[0].proc[0].pid = 42;
	sg[0].proc[0].bytes = 1920;
	snprintf(sg[0].proc[1].comm, sizeof sg[0].proc[1].comm, "b");
	a.r.stack = sg;
	a.r.nstack = STORE_ATTRIB_STACKS + 1;
	a.r.stack_overflow = 5;
	CHECK(store_attribution_put(st, boot, &a, &cause) == 0);
	CHECK(store_attribution_last(st, "slab:dentry", 0, &b, &cause) == 1);
	CHECK_I64(b.started_at, 1000);
	CHECK_STR(b.events, "kmem:kmem_cache_alloc");
	CHECK_STR(b.error, "");
	CHECK_I64(b.r.outstanding_bytes, 768);
	CHECK_I64(b.r.nsite, STORE_ATTRIB_GROUPS);
	CHECK_STR(b.r.site[0].label, "site_0+0x1/0x10");
	CHECK_I64(b.r.site[9].allocs, 91);
	CHECK_I64(b.r.nproc, 1);
	CHECK_I64(b.r.nstack, STORE_ATTRIB_STACKS);
	CHECK_STR(b.r.stack[0].frames, "d_alloc\nf0");
	CHECK_I64(b.r.stack[2].outstanding, 8);
	CHECK_I64(b.r.stack[0].nproc, 2);
	CHECK_STR(b.r.stack[0].proc[0].comm, "my app");
	CHECK_I64(b.r.stack[0].proc[0].pid, 42);
	CHECK_I64(b.r.stack[0].proc[0].bytes, 1920);
	CHECK_STR(b.r.stack[0].proc[1].comm, "b");
	CHECK_I64(b.r.stack_overflow, 5);
	attrib_result_free(&b.r);
	a.started_at = 2000;
	a.r.nsite = a.r.nproc = a.r.nstack = 0;
	snprintf(a.error, sizeof a.error, "no tracefs");
	CHECK(store_attribution_put(st, boot, &a, &cause) == 0);
	CHECK(store_attribution_last(st, "slab:dentry", 0, &b, &cause) == 1);
	CHECK_I64(b.started_at, 2000);
	CHECK_STR(b.error, "no tracefs");
	CHECK_I64(b.r.nsite, 0);
	attrib_result_free(&b.r);
	/* The newest that traced: the first. */
	CHECK(store_attribution_last(st, "slab:dentry", 1, &b, &cause) == 1);
	CHECK_I64(b.started_at, 1000);
	attrib_result_free(&b.r);
	/* They expire with the roll-ups: the one at 1000, not at 2000. */
	CHECK(store_prune(st, 1500 + 3600, 3600, 3600, 64, &cause) == 0);
	store_close(st);
	CHECK_I64(sql_int("SELECT count(*) FROM attributions"), 1);
	CHECK_I64(sql_int("SELECT min(started_at) FROM attributions"), 2000);
	CHECK_I64(sql_int("SELECT count(*) FROM attribution_groups"), 0);
	CHECK_I64(sql_int("SELECT count(*) FROM attribution_stacks"), 0);
}

/* The call sites an alert names when it opens (sql/005) read back as
 * they went in, in order; an alert without them has none. */
static void
alert_call_sites(void)
{
	static const char boot[] = "6e0b5a8e-3f43-4c7a-9d0e-5b7c1a2f9e01";
	struct store_alert a = { .open = 1, .opened_at = 1000,
	    .updated_at = 1000, .since = 900, .window = 1080, .slope = 2e7,
	    .confidence = 1, .bytes = 1 << 30, .eta = -1 };
	struct store_alert *got;
	struct store *st;
	char *cause = NULL;
	size_t n, i;

	fresh("sites.db");
	CHECK((st = store_open(path, 0, &cause)) != NULL);
	snprintf(a.series, sizeof a.series, "slab:kmalloc-1k");
	a.nsite = 2;
	snprintf(a.site[0].series, sizeof a.site[0].series,
	    "alloc:drivers/x/y.c:88 y_alloc [y]");
	a.site[0].slope = 14700006;
	snprintf(a.site[1].series, sizeof a.site[1].series,
	    "alloc:fs/a.c:1 a");
	a.site[1].slope = 6300000.4;
	CHECK(store_alert_put(st, boot, STORE_ALERT_OPENED, &a, &cause) == 0);
	snprintf(a.series, sizeof a.series, "slab:dentry");
	a.nsite = 0;
	CHECK(store_alert_put(st, boot, STORE_ALERT_OPENED, &a, &cause) == 0);
	CHECK(store_alerts(st, 1, 0, &got, &n, &cause) == 0);
	CHECK_I64(n, 2);
	for (i = 0; i < n; i++) {
		if (strcmp(got[i].series, "slab:dentry") == 0) {
			CHECK_I64(got[i].nsite, 0);
			continue;
		}
		CHECK_I64(got[i].nsite, 2);
		CHECK_STR(got[i].site[0].series,
		    "alloc:drivers/x/y.c:88 y_alloc [y]");
		CHECK_I64(got[i].site[0].slope, 14700006);
		CHECK_STR(got[i].site[1].series, "alloc:fs/a.c:1 a");
		CHECK_I64(got[i].site[1].slope, 6300000);
	}
	free(got);
	store_close(st);
	CHECK_I64(sql_int("SELECT count(*) FROM alerts WHERE call_sites = "
	    "'14700006 alloc:drivers/x/y.c:88 y_alloc [y]' || char(10) || "
	    "'6300000 alloc:fs/a.c:1 a' || char(10)"), 1);
}

static void
cleanup(void)
{
	char cmd[300];

	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (dir[sizeof dir - 2] != 'X' && system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
}

int
main(void)
{
	static const struct t_case cases[] = {
		T(round_trip), T(failed_put_rolls_back), T(fold_by_boot),
		T(prune_rolls_up), T(damaged_chunk_reported),
		T(refuses_foreign_and_corrupt), T(refuses_newer_schema),
		T(reader_names_older_schema),
		T(wal_trimmed_after_reader), T(attribution_round_trip),
		T(alert_call_sites), T(renamed_in_place), T(grouped_commits),
		T(grouped_then_other_writes),
	};
	int rc = t_run("store", cases, sizeof cases / sizeof cases[0]);

	cleanup();
	return rc;
}
