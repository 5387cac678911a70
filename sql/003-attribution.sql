-- mlk schema, version 3: attribution.  One row per trace of a slab cache
-- that mlkd ran when the cache's alert opened (attribution = on), or per
-- attempt that could not trace (error says why); and the largest groups
-- of what was still allocated at the end.  Call sites are symbols
-- ("load_msg+0x41/0x1e0"), never raw kernel addresses (KASLR).
CREATE TABLE attributions (
	id		INTEGER PRIMARY KEY,
	series		INTEGER NOT NULL REFERENCES series(id),
	boot		INTEGER NOT NULL REFERENCES boots(id),
	started_at	INTEGER NOT NULL,
	seconds		REAL NOT NULL,		-- traced for
	events		TEXT NOT NULL,		-- the events and filters
	error		TEXT,			-- NULL when it traced
	allocations	INTEGER NOT NULL,
	freed		INTEGER NOT NULL,	-- of those, while traced
	free_events	INTEGER NOT NULL,
	outstanding	INTEGER NOT NULL,
	outstanding_bytes INTEGER NOT NULL,
	lost		INTEGER NOT NULL,	-- events the kernel dropped
	untracked	INTEGER NOT NULL	-- allocations past the table
);
CREATE INDEX attributions_by_series ON attributions(series, started_at);

CREATE TABLE attribution_groups (
	attribution	INTEGER NOT NULL REFERENCES attributions(id),
	kind		TEXT NOT NULL CHECK (kind IN ('call_site', 'process')),
	rank		INTEGER NOT NULL,	-- 0: the most outstanding bytes
	label		TEXT NOT NULL,		-- symbol+off/size, or comm
	pid		INTEGER,		-- processes
	allocations	INTEGER NOT NULL,
	outstanding	INTEGER NOT NULL,
	bytes		INTEGER NOT NULL,
	PRIMARY KEY (attribution, kind, rank)
) WITHOUT ROWID;
