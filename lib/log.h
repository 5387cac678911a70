/* log: the one place that writes diagnostics.  Under systemd stderr is the
 * journal already, so plain lines on stderr serve both cases; the daemon's
 * alert entries go through daemon/notify instead. */
#ifndef MLK_LOG_H
#define MLK_LOG_H

#include <stdarg.h>

enum log_level { LOG_LVL_WARN, LOG_LVL_INFO, LOG_LVL_DEBUG };

/* to_syslog: after the daemon detaches from its terminal. */
void log_init(const char *progname, enum log_level level, int to_syslog);
void log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void fatal(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));
void fatalx(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
