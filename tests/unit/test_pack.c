/* pack: varints and delta rows survive every int64, and a damaged blob
 * is an error, never a read past its end. */
#include "pack.h"
#include "t.h"

static const int64_t edge[] = {
	0, 1, -1, 63, -64, 64, 127, 128, 300, -300, 1 << 20,
	INT32_MAX, INT32_MIN, INT64_MAX, INT64_MIN, INT64_MAX - 1,
	INT64_MIN + 1,
};
#define NEDGE (sizeof edge / sizeof edge[0])

static void
varint_round_trip(void)
{
	struct pack pk = { 0 };
	struct unpack up;
	int64_t v;
	size_t i;

	for (i = 0; i < NEDGE; i++)
		pack_i64(&pk, edge[i]);
	up.p = pk.buf;
	up.end = pk.buf + pk.len;
	for (i = 0; i < NEDGE; i++) {
		CHECK(unpack_i64(&up, &v) == 0);
		CHECK_I64(v, edge[i]);
	}
	CHECK(up.p == up.end);
	pack_free(&pk);
}

/* Zigzag keeps small magnitudes small, of either sign. */
static void
small_numbers_one_byte(void)
{
	struct pack pk = { 0 };

	pack_i64(&pk, -64);
	CHECK_I64(pk.len, 1);
	pack_i64(&pk, 63);
	CHECK_I64(pk.len, 2);
	pack_i64(&pk, 64);
	CHECK_I64(pk.len, 4);
	pack_reset(&pk);
	pack_u64(&pk, UINT64_MAX);
	CHECK_I64(pk.len, 10);
	pack_free(&pk);
}

static void
rows_round_trip(void)
{
	static const int64_t start[3] = { 5, 0, -1 };
	struct rows_writer w = { .nfields = 0 };
	struct rows_reader r;
	int64_t row[3];
	size_t i;

	rows_begin(&w, 3, start);
	for (i = 0; i < NEDGE; i++) {
		row[0] = (int64_t)i + 5;
		row[1] = edge[i];
		row[2] = edge[NEDGE - 1 - i];
		rows_add(&w, row);
	}
	CHECK_I64(w.n, NEDGE);
	rows_open(&r, w.pk.buf, w.pk.len, 3, start);
	for (i = 0; i < NEDGE; i++) {
		CHECK(rows_next(&r, row) == 1);
		CHECK_I64(row[0], (int64_t)i + 5);
		CHECK_I64(row[1], edge[i]);
		CHECK_I64(row[2], edge[NEDGE - 1 - i]);
	}
	CHECK(rows_next(&r, row) == 0);
	pack_free(&w.pk);
}

/* A slowly growing series: deltas of a few KiB take two bytes or three. */
static void
rows_are_compact(void)
{
	static const int64_t start[2] = { 0, 0 };
	struct rows_writer w = { .nfields = 0 };
	int64_t row[2] = { 0, 1LL << 30 };
	int i;

	rows_begin(&w, 2, start);
	rows_add(&w, row);
	for (i = 1; i <= 60; i++) {
		row[0] = i;
		row[1] += (i % 2 ? 4096 : -8192);
		rows_add(&w, row);
	}
	CHECK(w.pk.len <= 6 + 60 * 3);
	pack_free(&w.pk);
}

static void
damaged_blobs(void)
{
	static const int64_t start[2] = { 0, 0 };
	static const uint8_t truncated[] = { 0x02, 0x80 };
	static const uint8_t overlong[] = {
		0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01
	};
	static const uint8_t half_row[] = { 0x02 };
	struct rows_reader r;
	struct unpack up = { overlong, overlong + sizeof overlong };
	uint64_t u;
	int64_t row[2];

	CHECK(unpack_u64(&up, &u) == -1);
	CHECK(up.p == overlong);		/* nothing consumed */
	rows_open(&r, truncated, sizeof truncated, 2, start);
	CHECK(rows_next(&r, row) == -1);
	rows_open(&r, half_row, sizeof half_row, 2, start);
	CHECK(rows_next(&r, row) == -1);
	rows_open(&r, NULL, 0, 2, start);
	CHECK(rows_next(&r, row) == 0);
}

T_MAIN("pack", T(varint_round_trip), T(small_numbers_one_byte),
    T(rows_round_trip), T(rows_are_compact), T(damaged_blobs))
