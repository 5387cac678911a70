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

-- The newest samples, one row each, values packed (lib/store.c, "recent
-- blob"): a sample is one small append, whatever the number of caches.
-- Folded into a segment about hourly.
CREATE TABLE recent (
	sample		INTEGER PRIMARY KEY REFERENCES samples(id),
	data		BLOB NOT NULL
);

-- A run of folded samples of one boot.  Its chunks hold its raw values,
-- one chunk per series, and carry their own times: a segment outlives the
-- samples rows it came from until it is rolled up.
CREATE TABLE segments (
	first_sample	INTEGER PRIMARY KEY,
	last_sample	INTEGER NOT NULL,
	boot		INTEGER NOT NULL REFERENCES boots(id),
	min_time	INTEGER NOT NULL,
	max_time	INTEGER NOT NULL
);

-- Keyed by segment first, so that a fold appends and an expiry deletes
-- from the front; the history of one series is one probe per segment.
-- Values packed (lib/store.c, "chunk blob").
CREATE TABLE chunks (
	segment		INTEGER NOT NULL REFERENCES segments(first_sample),
	series		INTEGER NOT NULL REFERENCES series(id),
	data		BLOB NOT NULL,
	PRIMARY KEY (segment, series)
) WITHOUT ROWID;

-- Hourly roll-ups of raw values older than the retention, keyed by hour
-- for the same reason.  A reboot inside an hour gives that hour one row
-- per boot.
CREATE TABLE rollups (
	hour		INTEGER NOT NULL,	-- start of the hour
	series		INTEGER NOT NULL REFERENCES series(id),
	boot		INTEGER NOT NULL REFERENCES boots(id),
	n		INTEGER NOT NULL,
	min		INTEGER NOT NULL,
	max		INTEGER NOT NULL,
	sum		INTEGER NOT NULL,
	last		INTEGER NOT NULL,
	last_time	INTEGER NOT NULL,
	PRIMARY KEY (hour, series, boot)
) WITHOUT ROWID;
