#include <stdlib.h>
#include <string.h>

#include "pack.h"
#include "xmem.h"

void
pack_reset(struct pack *pk)
{
	pk->len = 0;
}

void
pack_free(struct pack *pk)
{
	free(pk->buf);
	pk->buf = NULL;
	pk->len = pk->cap = 0;
}

/* LEB128: seven bits a byte, low bits first, high bit set on all but the
 * last; at most ten bytes. */
void
pack_u64(struct pack *pk, uint64_t v)
{
	if (pk->cap - pk->len < 10) {
		pk->cap = pk->cap ? pk->cap * 2 : 256;
		pk->buf = xreallocarray(pk->buf, pk->cap, 1);
	}
	while (v >= 0x80) {
		pk->buf[pk->len++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	pk->buf[pk->len++] = (uint8_t)v;
}

void
pack_i64(struct pack *pk, int64_t v)
{
	uint64_t u = (uint64_t)v;

	pack_u64(pk, (u << 1) ^ (0 - (u >> 63)));	/* sign to every bit */
}

int
unpack_u64(struct unpack *up, uint64_t *v)
{
	const uint8_t *p = up->p;
	unsigned shift;

	*v = 0;
	for (shift = 0; p < up->end && shift < 64; shift += 7) {
		*v |= (uint64_t)(*p & 0x7f) << shift;
		if ((*p++ & 0x80) == 0) {
			up->p = p;
			return 0;
		}
	}
	return -1;
}

int
unpack_i64(struct unpack *up, int64_t *v)
{
	uint64_t u;

	if (unpack_u64(up, &u) == -1)
		return -1;
	*v = (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
	return 0;
}

/* Differences wrap rather than overflow: any int64 survives the trip. */
static int64_t
wrap_sub(int64_t a, int64_t b)
{
	return (int64_t)((uint64_t)a - (uint64_t)b);
}

static int64_t
wrap_add(int64_t a, int64_t b)
{
	return (int64_t)((uint64_t)a + (uint64_t)b);
}

void
rows_begin(struct rows_writer *w, size_t nfields, const int64_t *start)
{
	pack_reset(&w->pk);
	w->nfields = nfields;
	w->n = 0;
	memcpy(w->prev, start, nfields * sizeof *start);
}

void
rows_add(struct rows_writer *w, const int64_t *row)
{
	size_t i;

	for (i = 0; i < w->nfields; i++) {
		pack_i64(&w->pk, wrap_sub(row[i], w->prev[i]));
		w->prev[i] = row[i];
	}
	w->n++;
}

void
rows_open(struct rows_reader *r, const void *buf, size_t len, size_t nfields,
    const int64_t *start)
{
	r->up.p = len > 0 ? buf : (const void *)"";	/* never NULL + 0 */
	r->up.end = r->up.p + len;
	r->nfields = nfields;
	memcpy(r->prev, start, nfields * sizeof *start);
}

int
rows_next(struct rows_reader *r, int64_t *row)
{
	int64_t d;
	size_t i;

	if (r->up.p == r->up.end)
		return 0;
	for (i = 0; i < r->nfields; i++) {
		if (unpack_i64(&r->up, &d) == -1)
			return -1;
		row[i] = r->prev[i] = wrap_add(r->prev[i], d);
	}
	return 1;
}
