#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "tracefmt.h"
#include "xmem.h"

/* "NAME:VALUE;" from *s, NAME matched, VALUE a number. */
static int
number(const char **s, const char *name, unsigned *out)
{
	size_t n = strlen(name);
	char *end;
	unsigned long v;

	while (**s == ' ' || **s == '\t')
		(*s)++;
	if (strncmp(*s, name, n) != 0 || (*s)[n] != ':')
		return -1;
	v = strtoul(*s + n + 1, &end, 10);
	if (end == *s + n + 1 || *end != ';' || v > 1u << 20)
		return -1;
	*out = (unsigned)v;
	*s = end + 1;
	return 0;
}

/*
 * "field:TYPE NAME;	offset:N;	size:N;	signed:N;" -- the name is the
 * last word before the ';', an array suffix "[N]" dropped.
 */
static int
field_parse(const char *line, struct trace_field *f)
{
	const char *p = line + strlen("field:"), *semi = strchr(p, ';');
	const char *name, *end;
	unsigned sgn;
	size_t tlen;

	memset(f, 0, sizeof *f);
	if (semi == NULL)
		return -1;
	for (end = semi; end > p && end[-1] == ' '; end--)
		;
	for (name = end; name > p && name[-1] != ' ' && name[-1] != '*';
	    name--)
		;
	if (name == end || name == p ||
	    (size_t)(end - name) >= sizeof f->name)
		return -1;
	snprintf(f->name, sizeof f->name, "%.*s", (int)(end - name), name);
	if (strchr(f->name, '[') != NULL)
		*strchr(f->name, '[') = '\0';
	for (tlen = (size_t)(name - p); tlen > 0 && p[tlen - 1] == ' '; tlen--)
		;
	if (tlen == 0 || tlen >= sizeof f->type)
		return -1;
	snprintf(f->type, sizeof f->type, "%.*s", (int)tlen, p);
	f->data_loc = strncmp(f->type, "__data_loc", 10) == 0;
	p = semi + 1;
	if (number(&p, "offset", &f->offset) == -1 ||
	    number(&p, "size", &f->size) == -1 ||
	    number(&p, "signed", &sgn) == -1)
		return -1;
	f->is_signed = sgn != 0;
	return 0;
}

int
trace_format_parse(const char *buf, size_t len, struct trace_format *tf,
    char **cause)
{
	struct span rest = { buf, len }, line;
	char text[512];
	int lineno = 0, have_name = 0, have_id = 0;
	unsigned long id;

	memset(tf, 0, sizeof *tf);
	while (text_next_line(&rest, &line)) {
		lineno++;
		snprintf(text, sizeof text, "%.*s", (int)line.len, line.p);
		if (strncmp(text, "name: ", 6) == 0) {
			snprintf(tf->name, sizeof tf->name, "%.*s",
			    (int)sizeof tf->name - 1, text + 6);
			have_name = 1;
		} else if (strncmp(text, "ID: ", 4) == 0) {
			id = strtoul(text + 4, NULL, 10);
			tf->id = (unsigned)id;
			have_id = id > 0;
		} else if (strncmp(text + strspn(text, " \t"), "field:", 6) == 0) {
			if (tf->nfield == TRACEFMT_FIELDS_MAX ||
			    field_parse(text + strspn(text, " \t"),
			    &tf->field[tf->nfield]) == -1) {
				xasprintf(cause, "format line %d: \"%.60s\" is not "
				    "a field this build understands", lineno,
				    text + strspn(text, " \t"));
				return -1;
			}
			tf->nfield++;
		} else if (strncmp(text, "print fmt: ", 11) == 0)
			/* The kernel's line may be long: look in the buffer. */
			tf->call_site_symbol = memmem(line.p, line.len,
			    "call_site=%pS", 13) != NULL;
	}
	if (!have_name || !have_id || tf->nfield == 0) {
		xasprintf(cause, "not a tracefs event format (no name, ID or "
		    "fields)");
		return -1;
	}
	return 0;
}

const struct trace_field *
trace_format_field(const struct trace_format *tf, const char *name)
{
	size_t i;

	for (i = 0; i < tf->nfield; i++)
		if (strcmp(tf->field[i].name, name) == 0)
			return &tf->field[i];
	return NULL;
}
