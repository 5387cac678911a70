/* units: durations, sizes and growth rates as people write them
 * ("30s", "5min", "7d", "4MiB/h") and as we print them.  Pure. */
#ifndef MLK_UNITS_H
#define MLK_UNITS_H

#include <stddef.h>
#include <stdint.h>

/* "90", "30s", "5min", "1h", "7d", "2w" -> seconds.  -1 if not that. */
int	units_duration(const char *, int64_t *seconds);
/* "1MiB", "512KiB", "1GB", "4096" -> bytes (KiB, MiB, GiB: powers of
 * 1024; kB, MB, GB: of 1000).  -1 if not that. */
int	units_size(const char *, int64_t *bytes);
/* "4MiB/h", "512KiB/min", "1GB/d", "100000B/h" -> bytes per hour; a size
 * without "/time" is -1 (KiB, MiB, GiB: powers of 1024; kB, MB, GB: of
 * 1000). */
int	units_rate(const char *, double *bytes_per_hour);
/* A moment: Unix seconds, "-2h" (before now), "now", "today" and
 * "yesterday" (their midnight, UTC), or ISO 8601 UTC
 * ("2026-11-22T10:00:00Z", "2026-11-22 10:00", "2026-11-22"). */
int	units_time(const char *, int64_t now, int64_t *out);
/* The other way: "2026-11-22T10:00:00Z", as every time mlk prints. */
char	*units_iso(char *buf, size_t len, int64_t unix_seconds);
/* 1536 -> "1.5 KiB"; exact bytes below 1 KiB. */
char	*units_bytes(char *buf, size_t len, int64_t bytes);
/* "2h10m", "3d4h", "45s": the two largest units, for people. */
char	*units_span(char *buf, size_t len, int64_t seconds);

#endif
