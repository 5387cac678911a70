/* pack: variable-length integers for the store's packed blobs.  Small
 * numbers take one byte; signed values are zigzag-coded so that small
 * negative deltas stay small too.  Pure. */
#ifndef MLK_PACK_H
#define MLK_PACK_H

#include <stddef.h>
#include <stdint.h>

struct pack {
	uint8_t		*buf;
	size_t		 len, cap;
};

void	pack_reset(struct pack *);
void	pack_free(struct pack *);
void	pack_u64(struct pack *, uint64_t);
void	pack_i64(struct pack *, int64_t);

/* A reader over bytes it does not own. */
struct unpack {
	const uint8_t	*p, *end;
};

/* Each returns -1, reading nothing more, at a truncated or overlong
 * number: a damaged blob is an error, never a read past its end. */
int	unpack_u64(struct unpack *, uint64_t *);
int	unpack_i64(struct unpack *, int64_t *);

/*
 * Rows of a few integers, each field stored as its difference from the
 * same field of the row before (the first row: from `start`).  Series of
 * kernel figures change little from one sample to the next, so most
 * fields take a byte or two.
 */
#define ROW_FIELDS_MAX	4

struct rows_writer {
	struct pack	 pk;
	size_t		 nfields, n;
	int64_t		 prev[ROW_FIELDS_MAX];
};

void	rows_begin(struct rows_writer *, size_t nfields, const int64_t *start);
void	rows_add(struct rows_writer *, const int64_t *row);

struct rows_reader {
	struct unpack	 up;
	size_t		 nfields;
	int64_t		 prev[ROW_FIELDS_MAX];
};

void	rows_open(struct rows_reader *, const void *, size_t, size_t nfields,
	    const int64_t *start);
/* 1 with the next row, 0 at the end, -1 if the blob is damaged. */
int	rows_next(struct rows_reader *, int64_t *row);

#endif
