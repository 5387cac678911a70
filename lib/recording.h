/*
 * recording: the text an operator's shell loop saves on a sick machine,
 * read back block by block.  Pure.
 *
 *   === TIMESTAMP            Unix seconds, or ISO 8601 (UTC unless a zone
 *                            is given: 2026-11-22T02:19:49Z)
 *   --- meminfo              then that file's text, up to the next
 *   --- slabinfo             "--- " or "=== " line; a section is named
 *   --- vmallocinfo          for its source (lib/source.h); any may be
 *                            missing from a block
 *   --- boot_id              optional: /proc/sys/kernel/random/boot_id
 *   --- uptime               optional: /proc/uptime
 *
 * Sections of other names are skipped, so a recording that also saved
 * zoneinfo still replays.
 *
 * The seeds' loops are read as they are: a "===" line without a
 * timestamp begins a block that has none; a source's text without a
 * "--- " line before it is recognised by its first line (source.h:
 * "MemTotal:", "slabinfo - version:"); and in blocks without
 * timestamps, a source met a second time begins the next block, so that
 * a bare concatenation (cat /proc/slabinfo >> f, again and again) is
 * one block per cat.  A "===" line that begins no block (after the
 * last one, or twice in a row) is no block.
 */
#ifndef MLK_RECORDING_H
#define MLK_RECORDING_H

#include <stddef.h>
#include <stdint.h>

#include "source.h"
#include "text.h"

/* Sections' bodies, p NULL where absent. */
struct rec_block {
	int64_t		 time;
	int		 timed;		/* 0: time is 0, the file gave none */
	size_t		 line;		/* of its === or first line */
	struct span	 src[SOURCE_COUNT];	/* by source_id */
	struct span	 boot_id, uptime;
};

struct recording {
	struct span	 rest;
	size_t		 line;
};

void	recording_open(struct recording *, const char *buf, size_t len);
/* 1 with the next block, 0 at the end, -1 with *cause ("line N: ...")
 * for a block that cannot be read: the next call goes on with the block
 * after it. */
int	recording_next(struct recording *, struct rec_block *, char **cause);

#endif
