#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <event2/listener.h>

#include "expo.h"
#include "httpd.h"
#include "log.h"
#include "xmem.h"

/*
 * evhttp (libevent 2.1) tells nothing of its connections' lifetimes, so
 * each is tracked by its bufferevent, made here (evhttp_set_bevcb) and
 * held by one more reference: once evhttp has freed the connection, the
 * bufferevent's callbacks are gone, and the sweep lets it go.  The sweep
 * also ends a connection past its deadline by shutting its socket down,
 * which evhttp reads as the client leaving.
 */
struct conn {
	struct bufferevent *bev;
	time_t		 born;
	int		 doomed;	/* accepted past the limit */
	struct conn	*next;
};

struct httpd {
	struct event_base *base;
	struct evhttp	*http;
	struct evconnlistener *listener;
	struct event	*sweep;
	struct conn	*conns;
	int		 n, paused;
	httpd_write_fn	 write;
	void		*arg;
};

static time_t
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static void
sweep_soon(struct httpd *h, int ms)
{
	struct timeval tv = { .tv_sec = ms / 1000, .tv_usec = ms % 1000 * 1000 };

	event_add(h->sweep, &tv);
}

/* Let go of the connections evhttp is done with; end those past their
 * deadline. */
static void
reap(struct httpd *h)
{
	struct conn **p = &h->conns, *c;
	bufferevent_event_cb ecb;
	time_t t = now();

	while ((c = *p) != NULL) {
		bufferevent_getcb(c->bev, NULL, NULL, &ecb, NULL);
		if (ecb == NULL) {
			*p = c->next;
			bufferevent_decref(c->bev);
			free(c);
			h->n--;
			continue;
		}
		if (c->doomed || t - c->born >= HTTPD_DEADLINE)
			shutdown(bufferevent_getfd(c->bev), SHUT_RDWR);
		p = &c->next;
	}
}

/* Every second while there are connections; every 100 ms while the
 * listener waits for room. */
static void
sweep_cb(evutil_socket_t fd, short events, void *arg)
{
	struct httpd *h = arg;

	(void)fd;
	(void)events;
	reap(h);
	if (h->paused && h->n < HTTPD_CONNS) {
		evconnlistener_enable(h->listener);
		h->paused = 0;
	}
	if (h->conns != NULL)
		sweep_soon(h, h->paused ? 100 : 1000);
}

/* A new connection's bufferevent, tracked. */
static struct bufferevent *
bev_cb(struct event_base *base, void *arg)
{
	struct httpd *h = arg;
	struct conn *c = xcalloc(1, sizeof *c);

	reap(h);
	c->bev = bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE);
	if (c->bev == NULL) {
		free(c);
		return NULL;
	}
	bufferevent_incref(c->bev);
	c->born = now();
	c->doomed = h->n >= HTTPD_CONNS;
	c->next = h->conns;
	h->conns = c;
	if (++h->n >= HTTPD_CONNS && !h->paused) {
		evconnlistener_disable(h->listener);
		h->paused = 1;
	}
	if (c->doomed)
		sweep_soon(h, 0);
	else if (!evtimer_pending(h->sweep, NULL))
		sweep_soon(h, h->paused ? 100 : 1000);
	return c->bev;
}

static void
request_cb(struct evhttp_request *req, void *arg)
{
	struct httpd *h = arg;
	enum evhttp_cmd_type cmd = evhttp_request_get_command(req);
	struct evkeyvalq *out = evhttp_request_get_output_headers(req);
	const char *path = evhttp_uri_get_path(
	    evhttp_request_get_evhttp_uri(req));
	char *body = NULL, len[32];
	size_t size = 0;
	FILE *f;
	int om, one = 1;

	if (path == NULL || strcmp(path, "/metrics") != 0) {
		evhttp_send_error(req, HTTP_NOTFOUND, "mlkd serves /metrics");
		return;
	}
	if (cmd != EVHTTP_REQ_GET && cmd != EVHTTP_REQ_HEAD) {
		/* by hand: evhttp_send_error drops the headers set */
		evhttp_add_header(out, "Allow", "GET, HEAD");
		evhttp_add_header(out, "Content-Type", "text/plain");
		evbuffer_add_printf(evhttp_request_get_output_buffer(req),
		    "/metrics takes GET or HEAD\n");
		evhttp_send_reply(req, HTTP_BADMETHOD, "Method Not Allowed",
		    NULL);
		return;
	}
	/* The reply goes out in one piece, not held for the client's
	 * delayed ACK (Nagle), whatever its own socket does. */
	setsockopt(bufferevent_getfd(evhttp_connection_get_bufferevent(
	    evhttp_request_get_connection(req))), IPPROTO_TCP, TCP_NODELAY,
	    &one, sizeof one);
	om = expo_wants_om(evhttp_find_header(
	    evhttp_request_get_input_headers(req), "Accept"));
	if ((f = open_memstream(&body, &size)) == NULL) {
		evhttp_send_error(req, HTTP_INTERNAL, NULL);
		return;
	}
	h->write(f, om, h->arg);
	fclose(f);
	evhttp_add_header(out, "Content-Type", om ? EXPO_OM_TYPE :
	    EXPO_TEXT_TYPE);
	snprintf(len, sizeof len, "%zu", size);
	evhttp_add_header(out, "Content-Length", len);
	if (cmd == EVHTTP_REQ_GET)
		evbuffer_add(evhttp_request_get_output_buffer(req), body, size);
	evhttp_send_reply(req, HTTP_OK, "OK", NULL);
	free(body);
}

struct httpd *
httpd_new(struct event_base *base, const char *addr, int port,
    httpd_write_fn write, void *arg, char **cause)
{
	struct httpd *h = xcalloc(1, sizeof *h);
	struct evhttp_bound_socket *bound;

	h->base = base;
	h->write = write;
	h->arg = arg;
	if ((h->http = evhttp_new(base)) == NULL ||
	    (h->sweep = evtimer_new(base, sweep_cb, h)) == NULL)
		fatalx("evhttp_new failed");
	evhttp_set_max_headers_size(h->http, HTTPD_HEADERS_MAX);
	evhttp_set_max_body_size(h->http, 0);
	evhttp_set_timeout(h->http, HTTPD_IDLE);
	evhttp_set_bevcb(h->http, bev_cb, h);
	evhttp_set_gencb(h->http, request_cb, h);
	errno = 0;
	if ((bound = evhttp_bind_socket_with_handle(h->http, addr,
	    (ev_uint16_t)port)) == NULL) {
		xasprintf(cause, "metrics_listen %s%s%s:%d: %s", strchr(addr,
		    ':') ? "[" : "", addr, strchr(addr, ':') ? "]" : "", port,
		    errno == EADDRINUSE ? "the port is in use (another mlkd, "
		    "or another exporter?)" : errno == EAFNOSUPPORT ?
		    "this address family is not allowed here (the unit's "
		    "RestrictAddressFamilies= needs AF_INET or AF_INET6)" :
		    errno != 0 ? strerror(errno) : "cannot listen there");
		httpd_free(h);
		return NULL;
	}
	h->listener = evhttp_bound_socket_get_listener(bound);
	return h;
}

void
httpd_free(struct httpd *h)
{
	struct conn *c;

	if (h == NULL)
		return;
	if (h->http != NULL)
		evhttp_free(h->http);	/* frees its connections */
	while ((c = h->conns) != NULL) {
		h->conns = c->next;
		bufferevent_decref(c->bev);
		free(c);
	}
	if (h->sweep != NULL)
		event_free(h->sweep);
	free(h);
}
