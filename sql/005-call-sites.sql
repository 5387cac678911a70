-- mlk schema, version 5: attribution without tracing.  When a slab
-- cache's alert opens on a kernel with /proc/allocinfo, the call sites
-- (alloc: series) whose growth over the same window matched the cache's,
-- fastest first: one "SLOPE SERIES" line each, SLOPE in bytes per hour.
ALTER TABLE alerts ADD COLUMN call_sites TEXT NOT NULL DEFAULT '';
