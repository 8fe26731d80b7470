/*
 * csv.h — RFC 4180 CSV: a reader that yields one record at a time and a
 * writer that quotes only where needed.
 *
 * Reader: fields separated by ',', records by LF or CR LF, double-quoted
 * fields may hold commas, quotes ("") and line breaks. A UTF-8 BOM at the
 * start is skipped (spreadsheets add one). Limits: CSV_MAX_FIELDS fields per
 * record and CSV_MAX_FIELD bytes per field; beyond them, or on a stray quote,
 * csv_next() fails with the line number, never overflows.
 *
 * The reader does not copy: fields point into a per-record buffer owned by
 * the reader, valid until the next csv_next() call. Not thread-safe per
 * reader; readers are independent.
 */
#ifndef MOTCUA_CORE_CSV_H
#define MOTCUA_CORE_CSV_H

#include <stddef.h>

#include "core/mem.h"

#define CSV_MAX_FIELDS 64
#define CSV_MAX_FIELD 8192

struct csv_reader {
	const char *s;
	size_t len, pos;
	int line; /* line number where the current record started (1-based) */
	int next_line;
	char *buf; /* record storage, owned */
	size_t cap;
	int nfields;
	const char *field[CSV_MAX_FIELDS];
	size_t flen[CSV_MAX_FIELDS];
	const char *error; /* static English message on failure */
};

void csv_reader_init(struct csv_reader *r, const char *s, size_t len);
/* 1 = a record is available, 0 = end of input, -1 = malformed (r->error,
 * r->line). Blank lines are skipped. */
int csv_next(struct csv_reader *r);
void csv_reader_free(struct csv_reader *r);
/* Field i of the current record, "" when absent. */
const char *csv_field(const struct csv_reader *r, int i);

/* Writer: append one field (quoted if it holds , " CR or LF) and the
 * separator / record end. Return -1 when the buffer's ceiling is reached. */
int csv_put(struct buf *b, const char *s, int last);
int csv_put_num(struct buf *b, double v, int last);

/*
 * Text cells of exports opened in spreadsheets. A cell starting with '=',
 * '+', '-', '@', a tab or a CR is taken for a formula by spreadsheet
 * programs (CSV injection): it is written with an apostrophe in front, which
 * they show as text. A cell that starts with an apostrophe gets one more, so
 * the mark can be told from the value: csv_untext() gives back exactly what
 * was exported, and the importers of our own CSV formats apply it to every
 * cell. One rule for every export (the tracking book, the catalogue, the
 * calendar).
 */
int csv_formula_like(const char *s);
/* csv_put of s, with the apostrophe when csv_formula_like(s). */
int csv_put_text(struct buf *b, const char *s, int last);
/* A cell as read back: without the one leading apostrophe, if any. */
const char *csv_untext(const char *s);

#endif
