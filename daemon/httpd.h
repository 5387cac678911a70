/*
 * httpd: mlkd's metrics endpoint, served from the daemon's own event loop
 * by libevent's evhttp: GET and HEAD of /metrics, 404 elsewhere, 405 for
 * other methods.  Everything is bounded: connections at once (past the
 * limit the listener stops accepting, and the kernel's backlog holds the
 * rest), the request's size, inactivity, and a deadline per connection,
 * so a client that sends a byte a second is dropped all the same.
 */
#ifndef MLK_HTTPD_H
#define MLK_HTTPD_H

#include <stdio.h>

#include <event2/event.h>

#define HTTPD_CONNS		32	/* at once */
#define HTTPD_DEADLINE		10	/* seconds a connection may last */
#define HTTPD_IDLE		5	/* seconds without a byte either way */
#define HTTPD_HEADERS_MAX	8192	/* bytes of request line and headers */

struct httpd;
/* Write the exposition to f: OpenMetrics if the client asked for it. */
typedef void	(*httpd_write_fn)(FILE *f, int openmetrics, void *arg);

/* Listen on addr (numeric IPv4 or IPv6) and port; NULL with *cause if
 * the address cannot be had. */
struct httpd	*httpd_new(struct event_base *, const char *addr, int port,
		    httpd_write_fn, void *arg, char **cause);
void		 httpd_free(struct httpd *);

#endif
