/*
 * ksyms: /proc/kallsyms text -> address-to-symbol lookup.  Pure.  Kernels
 * whose kmem events print call_site as an address (%lx, before 4.20-ish)
 * need it to name the code; a reader without CAP_SYSLOG sees every
 * address as 0, and then there is nothing to look up.
 */
#ifndef MLK_KSYMS_H
#define MLK_KSYMS_H

#include <stddef.h>
#include <stdint.h>

struct ksyms;

/* Parse kallsyms text (code symbols only); NULL with *cause when it has
 * none with a visible address. */
struct ksyms	*ksyms_parse(const char *buf, size_t len, char **cause);
void		 ksyms_free(struct ksyms *);
/* "name+0xoff/0xsize" or "name+0xoff/0xsize [module]", as %pS prints
 * it; -1 if addr falls in no symbol. */
int		 ksyms_name(const struct ksyms *, uint64_t addr, char *buf,
		    size_t len);

#endif
