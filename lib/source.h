/*
 * source: the table of what mlk reads from the kernel (chrony's refclock
 * drivers, OpenSMTPD's table backends).  An entry says all there is to
 * know about one source: its name, its file, its section in recordings
 * and how its text begins, how its text is parsed and added to a sample,
 * the config key of its period, whether it needs root, and whether
 * every kernel has it.  The collector, the recording reader, the
 * importer and the metrics read this table; nothing else lists the
 * sources.
 */
#ifndef MLK_SOURCE_H
#define MLK_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "allocinfo.h"
#include "conf.h"
#include "meminfo.h"
#include "procfs.h"
#include "procmem.h"
#include "sample.h"
#include "slabinfo.h"
#include "text.h"
#include "vmallocinfo.h"

/* An id's bit, SOURCE_BIT(id), is what struct sample and the database's
 * samples.sources column hold: the ids keep their values. */
enum source_id {
	SOURCE_MEMINFO,
	SOURCE_SLABINFO,
	SOURCE_VMALLOCINFO,
	SOURCE_PROCESSES,
	SOURCE_ALLOCINFO,
	SOURCE_COUNT
};

#define SOURCE_BIT(id)	(1u << (id))
#define SOURCE_ALL	((1u << SOURCE_COUNT) - 1)

/* The newest parse of every source, each kept until the next, and what
 * an adder remembers from one sample to the next. */
struct source_parsed {
	struct meminfo		 mi;
	struct slabinfo		 si;
	struct vmallocinfo	 vi;
	struct procmem		 pm;
	struct allocinfo	 ai;
	struct alloc_keep	 kept;	/* the call sites of this boot */
};

struct source {
	const char	*name;		/* in messages and metrics */
	const char	*file;		/* under the proc root */
	/* Its text when it is not one file's (NULL: file's). */
	int		(*read)(struct procfs *, const char **buf, size_t *len,
			    char **cause);
	const char	*section;	/* "--- SECTION" in a recording */
	const char	*starts;	/* how its text begins, so that bare text
					   is recognised; NULL: it cannot be */
	const char	*interval;	/* the config key of its period */
	int		 root;		/* unreadable without root */
	int		 optional;	/* kernels may lack it: its absence is
					   no trouble */
	/* Text -> its part of p; -1 with *cause.  *skipped: the lines
	 * that were passed over, the rest kept. */
	int		(*parse)(const char *, size_t, struct source_parsed *p,
			    const struct skips **skipped, char **cause);
	/* Its part of p -> its series in the sample, as conf says. */
	void		(*add)(struct sample *, struct source_parsed *p,
			    uint64_t page_size, const struct conf *);
};

extern const struct source sources[SOURCE_COUNT];

void	source_parsed_free(struct source_parsed *);
/* The source whose reading gives a series, by its name (a database
 * keeps no more); SOURCE_COUNT if none does. */
enum source_id source_of(const char *series);

#endif
