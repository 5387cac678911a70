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

/* The source a section is named for, or whose text begins with line:
 * -1 if none. */
static int
section_source(struct span name)
{
	int i;

	for (i = 0; i < SOURCE_COUNT; i++)
		if (text_eq(name, sources[i].section))
			return i;
	return -1;
}

static int
text_source(struct span line)
{
	int i;

	for (i = 0; i < SOURCE_COUNT; i++)
		if (sources[i].starts != NULL &&
		    text_has_prefix(line, sources[i].starts))
			return i;
	return -1;
}

/* "===", alone or before a timestamp: a block begins. */
static int
separator(struct span line)
{
	return text_eq(line, "===") || text_has_prefix(line, "=== ");
}

/* The section begun at name ends: keep its body if we know the name. */
static void
section_end(struct rec_block *b, struct span *name, struct span body)
{
	int i;

	if (name->p == NULL)
		return;
	if ((i = section_source(*name)) != -1)
		b->src[i] = body;
	else if (text_eq(*name, "boot_id"))
		b->boot_id = body;
	else if (text_eq(*name, "uptime"))
		b->uptime = body;
	name->p = NULL;
}

/* Say what is wrong with line, then skip to the next block (at a
 * "===" line, or where a source's text begins if at_text): the caller
 * may go on with it. */
static int
bad_line(struct recording *r, struct span line, const char *why,
    int at_text, char **cause)
{
	struct span save, next;

	xasprintf(cause, "line %zu: \"%.*s\": %s", r->line,
	    (int)(line.len > 60 ? 60 : line.len), line.p, why);
	for (;;) {
		save = r->rest;
		if (!text_next_line(&r->rest, &next))
			break;
		if (separator(next) || (at_text && text_source(next) != -1)) {
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
	struct span line, save, nm, name = { NULL, 0 }, body = { NULL, 0 };
	int in_block = 0, bare = 0, sections = 0, id;
	unsigned seen = 0;

	memset(b, 0, sizeof *b);
	for (;;) {
		save = r->rest;
		if (!text_next_line(&r->rest, &line)) {
			section_end(b, &name, body);
			return in_block && (b->timed || sections > 0);
		}
		r->line++;
		if (separator(line) && (!in_block ||
		    (!b->timed && sections == 0))) {
			/* an untimed block with nothing in it is no block:
			 * the "===" after a loop's last block, or two */
			memset(b, 0, sizeof *b);
			line.p += 3;
			line.len -= 3;
			while (line.len > 0 && line.p[0] == ' ') {
				line.p++;
				line.len--;
			}
			if (line.len > 0 && timestamp(line, &b->time) == -1)
				return bad_line(r, line, "not a time (Unix "
				    "seconds or ISO 8601)", 0, cause);
			b->timed = line.len > 0;
			b->line = r->line;
			in_block = 1;
			continue;
		}
		nm.p = NULL;
		if (separator(line))
			id = -2;	/* the next block's */
		else if (text_has_prefix(line, "--- ")) {
			nm.p = line.p + 4;
			nm.len = line.len - 4;
			while (nm.len > 0 && nm.p[nm.len - 1] == ' ')
				nm.len--;
			id = section_source(nm);
		} else if ((id = name.p == NULL || bare ? text_source(line) :
		    -1) == -1) {
			if (name.p != NULL)	/* through its newline, if any */
				body.len = (size_t)(r->rest.p - body.p);
			else if (line.len > 0)
				return bad_line(r, line, "text outside any "
				    "section; a recording is blocks of \"=== "
				    "TIMESTAMP\" then \"--- meminfo\", \"--- "
				    "slabinfo\"..., or the bare text of "
				    "/proc/meminfo or /proc/slabinfo", 1, cause);
			continue;
		}
		/* Without timestamps, a source met again begins the next
		 * block: a loop that writes no "===" lines. */
		if (id == -2 || (in_block && !b->timed && id >= 0 &&
		    (seen & SOURCE_BIT(id)))) {
			r->rest = save;
			r->line--;
			section_end(b, &name, body);
			return 1;
		}
		if (!in_block) {
			in_block = 1;
			b->line = r->line;
		}
		section_end(b, &name, body);
		sections++;
		if (id >= 0)
			seen |= SOURCE_BIT(id);
		if ((bare = nm.p == NULL)) {	/* its text is its own start */
			nm.p = sources[id].section;
			nm.len = strlen(nm.p);
			body.p = line.p;
			body.len = (size_t)(r->rest.p - line.p);
		} else {
			body.p = r->rest.p;
			body.len = 0;
		}
		name = nm;
	}
}
