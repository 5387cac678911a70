#include <string.h>

#include "recording.h"
#include "units.h"
#include "xmem.h"

void
recording_open(struct recording *r, const char *buf, size_t len)
{
	r->rest.p = buf;
	r->rest.len = len;
	r->line = 0;
}

static int
timestamp(struct span s, int64_t *out)
{
	char buf[64];
	uint64_t v;

	while (s.len > 0 && (s.p[s.len - 1] == ' ' || s.p[s.len - 1] == '\r'))
		s.len--;
	if (text_u64(s, &v) == 0 && v <= INT64_MAX) {
		*out = (int64_t)v;
		return 0;
	}
	if (s.len == 0 || s.len >= sizeof buf || s.p[0] == '-' ||
	    s.p[0] == '+')
		return -1;
	memcpy(buf, s.p, s.len);
	buf[s.len] = '\0';
	return units_time(buf, 0, out);
}

/* The section begun at name ends: keep its body if we know the name. */
static void
section_end(struct rec_block *b, struct span *name, struct span body)
{
	size_t i;

	if (name->p == NULL)
		return;
	for (i = 0; i < SOURCE_COUNT; i++)
		if (text_eq(*name, sources[i].section))
			b->src[i] = body;
	if (text_eq(*name, "boot_id"))
		b->boot_id = body;
	else if (text_eq(*name, "uptime"))
		b->uptime = body;
	name->p = NULL;
}

/* Say what is wrong with line, then skip to the next block: the caller
 * may go on with it. */
static int
bad_line(struct recording *r, struct span line, const char *why,
    char **cause)
{
	struct span save, next;

	xasprintf(cause, "line %zu: \"%.*s\": %s", r->line,
	    (int)(line.len > 60 ? 60 : line.len), line.p, why);
	for (;;) {
		save = r->rest;
		if (!text_next_line(&r->rest, &next))
			break;
		if (text_has_prefix(next, "=== ")) {
			r->rest = save;
			break;
		}
		r->line++;
	}
	return -1;
}

int
recording_next(struct recording *r, struct rec_block *b, char **cause)
{
	struct span line, save, name = { NULL, 0 }, body = { NULL, 0 };
	int in_block = 0;

	memset(b, 0, sizeof *b);
	for (;;) {
		save = r->rest;
		if (!text_next_line(&r->rest, &line)) {
			section_end(b, &name, body);
			return in_block;
		}
		r->line++;
		if (text_has_prefix(line, "=== ")) {
			if (in_block) {		/* the next block's: put back */
				r->rest = save;
				r->line--;
				section_end(b, &name, body);
				return 1;
			}
			line.p += 4;
			line.len -= 4;
			if (timestamp(line, &b->time) == -1)
				return bad_line(r, line, "not a time (Unix "
				    "seconds or ISO 8601)", cause);
			b->line = r->line;
			in_block = 1;
		} else if (text_has_prefix(line, "--- ")) {
			if (!in_block)
				return bad_line(r, line, "a section before "
				    "any \"=== TIMESTAMP\" line", cause);
			section_end(b, &name, body);
			name.p = line.p + 4;
			name.len = line.len - 4;
			while (name.len > 0 && name.p[name.len - 1] == ' ')
				name.len--;
			body.p = r->rest.p;
			body.len = 0;
		} else if (name.p != NULL) {
			/* Through this line's newline, if it has one. */
			body.len = (size_t)(r->rest.p - body.p);
		} else if (line.len > 0)
			return bad_line(r, line, "text outside any section; "
			    "a recording is blocks of \"=== TIMESTAMP\" then "
			    "\"--- meminfo\", \"--- slabinfo\"...", cause);
	}
}
