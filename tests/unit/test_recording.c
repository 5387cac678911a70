/* The recording reader: the timed format, and the seeds' loops as they
 * are (no timestamps, no section lines). */
#include "recording.h"
#include "t.h"

#define SLAB	"slabinfo - version: 2.1\n# name <active_objs>\n" \
		"dentry 10 21 192 21 1 : tunables 0 0 0 : slabdata 1 1 0\n"
#define MEM	"MemTotal: 2 kB\nMemFree: 1 kB\n"

static struct recording rec;
static struct rec_block b;
static char *cause;

static int
next(void)
{
	free(cause);
	cause = NULL;
	return recording_next(&rec, &b, &cause);
}

static int
body_is(struct span s, const char *want)
{
	return s.p != NULL && s.len == strlen(want) &&
	    memcmp(s.p, want, s.len) == 0;
}

static void
open_text(const char *text)
{
	recording_open(&rec, text, strlen(text));
}

/* === TIMESTAMP, --- sections, as before. */
static void
timed(void)
{
	open_text("=== 1767225600\n--- meminfo\n" MEM "--- uptime\n5.0 1\n"
	    "--- zoneinfo\nNode 0\n=== 2026-01-01T00:01:00Z\n--- slabinfo\n"
	    SLAB);
	CHECK(next() == 1);
	CHECK(b.timed && b.time == 1767225600 && b.line == 1);
	CHECK(body_is(b.src[SOURCE_MEMINFO], MEM));
	CHECK(body_is(b.uptime, "5.0 1\n"));
	CHECK(b.src[SOURCE_SLABINFO].p == NULL);
	CHECK(next() == 1);
	CHECK(b.timed && b.time == 1767225660 && b.line == 9);
	CHECK(body_is(b.src[SOURCE_SLABINFO], SLAB));
	CHECK(next() == 0);
}

/* while true; do sleep 1; cat /proc/slabinfo >> f; echo === >> f; done */
static void
seed_loop(void)
{
	open_text(SLAB "===\n" SLAB "===\n" SLAB "===\n");
	CHECK(next() == 1);
	CHECK(!b.timed && b.time == 0 && b.line == 1);
	CHECK(body_is(b.src[SOURCE_SLABINFO], SLAB));
	CHECK(b.src[SOURCE_MEMINFO].p == NULL);
	CHECK(next() == 1);
	CHECK(!b.timed && b.line == 4);
	CHECK(body_is(b.src[SOURCE_SLABINFO], SLAB));
	CHECK(next() == 1);
	CHECK(next() == 0);
	/* the "===" first, twice in a row, sections named: the same */
	open_text("===\n===\n" SLAB "===\n--- meminfo\n" MEM "===\n");
	CHECK(next() == 1);
	CHECK(!b.timed && b.line == 2);
	CHECK(body_is(b.src[SOURCE_SLABINFO], SLAB));
	CHECK(next() == 1);
	CHECK(!b.timed && body_is(b.src[SOURCE_MEMINFO], MEM));
	CHECK(next() == 0);
	open_text("===\n===\n");
	CHECK(next() == 0);
}

/* cat /proc/meminfo /proc/slabinfo >> f, again and again: a block per
 * cat, told by the text's own first lines. */
static void
bare(void)
{
	open_text(MEM SLAB MEM SLAB);
	CHECK(next() == 1);
	CHECK(!b.timed && b.line == 1);
	CHECK(body_is(b.src[SOURCE_MEMINFO], MEM));
	CHECK(body_is(b.src[SOURCE_SLABINFO], SLAB));
	CHECK(next() == 1);
	CHECK(b.line == 6);
	CHECK(body_is(b.src[SOURCE_MEMINFO], MEM));
	CHECK(body_is(b.src[SOURCE_SLABINFO], SLAB));
	CHECK(next() == 0);
	open_text(MEM MEM "\n" MEM);
	CHECK(next() == 1 && body_is(b.src[SOURCE_MEMINFO], MEM));
	CHECK(next() == 1 && body_is(b.src[SOURCE_MEMINFO], MEM "\n"));
	CHECK(next() == 1 && body_is(b.src[SOURCE_MEMINFO], MEM));
	CHECK(next() == 0);
	/* a timed block may hold bare text too */
	open_text("=== 60\n" MEM SLAB);
	CHECK(next() == 1);
	CHECK(b.timed && b.time == 60);
	CHECK(body_is(b.src[SOURCE_MEMINFO], MEM));
	CHECK(body_is(b.src[SOURCE_SLABINFO], SLAB));
	/* inside a named section, the text is the section's */
	open_text("--- zoneinfo\nMemTotal: 1 kB\n" SLAB "--- slabinfo\n"
	    SLAB);
	CHECK(next() == 1);
	CHECK(!b.timed && b.src[SOURCE_MEMINFO].p == NULL);
	CHECK(body_is(b.src[SOURCE_SLABINFO], SLAB));
	CHECK(next() == 0);
}

/* What cannot be read is said, and the next block is read. */
static void
bad(void)
{
	open_text("=== not a time\n--- meminfo\n" MEM "=== 5\n" SLAB);
	CHECK(next() == -1);
	CHECK(strstr(cause, "line 1: \"not a time\": not a time") != NULL);
	CHECK(next() == 1 && b.timed && b.time == 5);
	CHECK(next() == 0);
	open_text("hello\nworld\n" SLAB);
	CHECK(next() == -1);
	CHECK(strstr(cause, "line 1: \"hello\": text outside any section")
	    != NULL);
	CHECK(next() == 1 && !b.timed && b.line == 3);
	CHECK(body_is(b.src[SOURCE_SLABINFO], SLAB));
	CHECK(next() == 0);
	free(cause);
	cause = NULL;
}

T_MAIN("recording", T(timed), T(seed_loop), T(bare), T(bad))
