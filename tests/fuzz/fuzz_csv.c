/*
 * fuzz_csv.c — libFuzzer target for the CSV reader and writer (core/csv.c),
 * which parses catalogue imports sent by administrators.
 *
 * Invariants checked on every input:
 *  - the reader never reads past its input, never returns more than
 *    CSV_MAX_FIELDS fields or a field longer than CSV_MAX_FIELD bytes, and
 *    line numbers never decrease;
 *  - after an error it reports a message and a line;
 *  - every record read, written back with csv_put and read again, gives the
 *    same fields (the writer's quoting round-trips).
 */
// FUZZ_SOURCES: src/core/csv.c src/core/mem.c
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_round_trip(const struct csv_reader *r)
{
	struct buf b;
	buf_init(&b, 4u << 20);
	for (int i = 0; i < r->nfields; i++)
		if (csv_put(&b, r->field[i], i + 1 == r->nfields) != 0)
			abort();
	/* a lone empty field writes as an empty line, which a reader skips */
	if (r->nfields == 1 && r->flen[0] == 0) {
		buf_free(&b);
		return;
	}
	struct csv_reader r2;
	csv_reader_init(&r2, b.p, b.len);
	if (csv_next(&r2) != 1 || r2.nfields != r->nfields)
		abort();
	for (int i = 0; i < r->nfields; i++)
		if (r2.flen[i] != r->flen[i] || memcmp(r2.field[i], r->field[i], r->flen[i]) != 0)
			abort();
	csv_reader_free(&r2);
	buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_reader r;
	csv_reader_init(&r, (const char *)data, size);
	int last_line = 0, rc;
	while ((rc = csv_next(&r)) == 1) {
		if (r.nfields < 1 || r.nfields > CSV_MAX_FIELDS || r.line < last_line)
			abort();
		last_line = r.line;
		int has_nul = 0;
		for (int i = 0; i < r.nfields; i++) {
			if (r.flen[i] > CSV_MAX_FIELD)
				abort();
			has_nul |= memchr(r.field[i], '\0', r.flen[i]) != NULL;
		}
		if (!has_nul) /* C strings cannot carry NUL bytes through csv_put */
			check_round_trip(&r);
	}
	if (rc < 0 && (!r.error || r.line < 1))
		abort();
	csv_reader_free(&r);
	return 0;
}
