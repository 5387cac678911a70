-- mlk schema, version 6: stacks.  The kernel stacks that held the most
-- of what a trace left outstanding, and how many allocations found the
-- stack table full (counted as one group).
ALTER TABLE attributions ADD COLUMN stack_overflow INTEGER NOT NULL DEFAULT 0;
CREATE TABLE attribution_stacks (
	attribution	INTEGER NOT NULL REFERENCES attributions(id),
	rank		INTEGER NOT NULL,	-- 0: the most outstanding bytes
	frames		TEXT NOT NULL,		-- function names, innermost
						-- first, one a line
	allocations	INTEGER NOT NULL,
	outstanding	INTEGER NOT NULL,
	bytes		INTEGER NOT NULL,
	-- "PID OUTSTANDING BYTES COMM" lines, the most bytes first
	processes	TEXT NOT NULL,
	PRIMARY KEY (attribution, rank)
) WITHOUT ROWID;
