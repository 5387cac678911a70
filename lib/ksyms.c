#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ksyms.h"
#include "text.h"
#include "xmem.h"

struct ksym {
	uint64_t	 addr;
	const char	*name;		/* "name" or "name [module]" */
};

struct ksyms {
	struct ksym	*sym;		/* by address */
	size_t		 n;
	char		*names;
};

static int
by_addr(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Text symbols: t T (and weak w W, which kallsyms shows for code too). */
static int
is_code(struct span type)
{
	return type.len == 1 && strchr("tTwW", type.p[0]) != NULL;
}

struct ksyms *
ksyms_parse(const char *buf, size_t len, char **cause)
{
	struct ksyms *ks = xcalloc(1, sizeof *ks);
	struct span rest = { buf, len }, line, addr, type, name, mod;
	size_t cap = 0, used = 0, at;
	uint64_t a;

	/* Names are kept in one buffer no larger than the text. */
	ks->names = xcalloc(1, len + 1);
	while (text_next_line(&rest, &line)) {
		if (!text_next_word(&line, &addr) ||
		    !text_next_word(&line, &type) ||
		    !text_next_word(&line, &name) || !is_code(type))
			continue;
		if (text_hex64(addr, &a) == -1 || a == 0)
			continue;
		if (ks->n == cap) {
			cap = cap ? cap * 2 : 4096;
			ks->sym = xreallocarray(ks->sym, cap, sizeof *ks->sym);
		}
		at = used;
		memcpy(ks->names + used, name.p, name.len);
		used += name.len;
		if (text_next_word(&line, &mod)) {	/* "[module]" */
			ks->names[used++] = ' ';
			memcpy(ks->names + used, mod.p, mod.len);
			used += mod.len;
		}
		ks->names[used++] = '\0';
		ks->sym[ks->n].addr = a;
		ks->sym[ks->n++].name = ks->names + at;
	}
	if (ks->n == 0) {
		xasprintf(cause, "no code symbol with a visible address "
		    "(kallsyms hides them without CAP_SYSLOG when "
		    "kernel.kptr_restrict is set)");
		ksyms_free(ks);
		return NULL;
	}
	xqsort(ks->sym, ks->n, sizeof *ks->sym, by_addr);
	return ks;
}

void
ksyms_free(struct ksyms *ks)
{
	if (ks == NULL)
		return;
	free(ks->sym);
	free(ks->names);
	free(ks);
}

int
ksyms_name(const struct ksyms *ks, uint64_t addr, char *buf, size_t len)
{
	size_t lo = 0, hi = ks->n, mid;
	const struct ksym *s;
	const char *mod;
	uint64_t size;

	while (hi - lo > 1) {		/* the last symbol at or below addr */
		mid = lo + (hi - lo) / 2;
		if (ks->sym[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	s = &ks->sym[lo];
	/* The last symbol's size is unknown: an address past it is not
	 * claimed, it could be anything. */
	if (addr < s->addr || lo + 1 == ks->n)
		return -1;
	size = ks->sym[lo + 1].addr - s->addr;
	mod = strchr(s->name, ' ');
	snprintf(buf, len, "%.*s+0x%llx/0x%llx%s",
	    (int)(mod ? (size_t)(mod - s->name) : strlen(s->name)), s->name,
	    (unsigned long long)(addr - s->addr), (unsigned long long)size,
	    mod ? mod : "");
	return 0;
}
