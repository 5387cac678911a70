/* notify: the daemon's only link to libsystemd (sd_notify protocol).
 * Everything here is a no-op when not run by systemd. */
#ifndef MLK_NOTIFY_H
#define MLK_NOTIFY_H

#include <stdint.h>

void	notify_ready(void);
void	notify_reloading(void);
void	notify_stopping(void);
void	notify_status(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The watchdog period systemd asked for, in microseconds; 0 if none. */
uint64_t notify_watchdog_usec(void);
void	notify_watchdog(void);

#endif
