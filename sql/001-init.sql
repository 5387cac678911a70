-- mlk schema, version 1.  Applied in one transaction by lib/store.c, which
-- then sets PRAGMA user_version = 1.  Values are bytes; times Unix seconds.
PRAGMA application_id = 1296780081;   -- 'MLK1': marks the file as ours

-- One row per kernel boot (/proc/sys/kernel/random/boot_id).  Fits never
-- span two boots: every sample names its boot.
CREATE TABLE boots (
	id		INTEGER PRIMARY KEY,
	boot_id		TEXT NOT NULL UNIQUE,
	first_time	INTEGER NOT NULL
);

-- KIND:NAME, e.g. slab:dentry, meminfo:SUnreclaim, kernel:unaccounted.
CREATE TABLE series (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL UNIQUE
);

-- One row per read of the sources named in the bit mask
-- (1 meminfo, 2 slabinfo, 4 vmallocinfo).
CREATE TABLE samples (
	id		INTEGER PRIMARY KEY,
	time		INTEGER NOT NULL,	-- wall clock
	boot		INTEGER NOT NULL REFERENCES boots(id),
	uptime_ms	INTEGER NOT NULL,	-- CLOCK_BOOTTIME; -1 if unknown
	sources		INTEGER NOT NULL
);
CREATE INDEX samples_by_time ON samples(time);

-- The newest raw values, in the order they come: a sample appends to the
-- end of this table and dirties a page or two, not one page per series.
-- They are folded into points about hourly.
CREATE TABLE recent (
	sample		INTEGER NOT NULL,
	series		INTEGER NOT NULL,
	bytes		INTEGER NOT NULL,
	objects		INTEGER,
	PRIMARY KEY (sample, series)
) WITHOUT ROWID;

-- The raw values, clustered by series so that the history of one series
-- is one range scan; "all series at one sample" is one probe per series.
CREATE TABLE points (
	series		INTEGER NOT NULL,
	sample		INTEGER NOT NULL,
	bytes		INTEGER NOT NULL,
	objects		INTEGER,		-- slab: active objects; vmalloc: areas
	PRIMARY KEY (series, sample)
) WITHOUT ROWID;

-- Every raw value, wherever it is, for queries by hand.
CREATE VIEW all_points AS
	SELECT series, sample, bytes, objects FROM points
	UNION ALL
	SELECT series, sample, bytes, objects FROM recent;

-- Hourly roll-ups of raw points older than the retention.  A reboot
-- inside an hour gives that hour one row per boot.
CREATE TABLE rollups (
	series		INTEGER NOT NULL,
	hour		INTEGER NOT NULL,	-- start of the hour
	boot		INTEGER NOT NULL,
	n		INTEGER NOT NULL,
	min		INTEGER NOT NULL,
	max		INTEGER NOT NULL,
	sum		INTEGER NOT NULL,
	last		INTEGER NOT NULL,
	last_time	INTEGER NOT NULL,
	PRIMARY KEY (series, hour, boot)
) WITHOUT ROWID;
