/*
 * tracefmt: a tracefs event's format file (events/<system>/<event>/format)
 * -> its fields and how it prints them.  Pure.  Attribution reads the
 * kernel's own formats rather than assuming a layout: fields come and go
 * between releases (kmem_cache_alloc gained the cache's name in 6.x) and
 * call_site printed as an address (%lx) before it printed as a symbol
 * (%pS).
 */
#ifndef MLK_TRACEFMT_H
#define MLK_TRACEFMT_H

#include <stddef.h>

#define TRACEFMT_NAME_MAX	64
#define TRACEFMT_FIELDS_MAX	32

struct trace_field {
	char		 name[TRACEFMT_NAME_MAX];
	char		 type[TRACEFMT_NAME_MAX];	/* "size_t", "const void *" */
	unsigned	 offset, size;
	int		 is_signed;
	int		 data_loc;	/* __data_loc: a string stored after the
					   record, found through this field */
};

struct trace_format {
	char		 name[TRACEFMT_NAME_MAX];
	unsigned	 id;
	struct trace_field field[TRACEFMT_FIELDS_MAX];
	size_t		 nfield;
	int		 call_site_symbol;	/* prints call_site as %pS */
};

/* Parse a format file; -1 with *cause if it is not one.  Unknown lines
 * are skipped; a field line that does not parse is an error. */
int	trace_format_parse(const char *buf, size_t len, struct trace_format *,
	    char **cause);
/* The field of that name, or NULL. */
const struct trace_field *trace_format_field(const struct trace_format *,
	    const char *name);

#endif
