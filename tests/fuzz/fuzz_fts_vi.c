/*
 * fuzz_fts_vi.c — libFuzzer target for the `vi` FTS5 tokenizer and the
 * query builder against a real in-memory SQLite database.
 *
 * Input layout: bytes before the first 0xFF are a document (any bytes, even
 * invalid UTF-8, as SQLite may be handed them), bytes after it are a user
 * query. The document is indexed, the query built and run with highlight()
 * and bm25(); any SQLite error other than a documented builder refusal is a
 * crash. One database is set up once and reused; each input's row is
 * deleted again so the index stays small.
 */
// FUZZ_SOURCES: src/core/utf8.c src/core/fold.c src/db/fts_vi.c
// FUZZ_PKGS: libutf8proc sqlite3
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "db/fts_vi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                                                   \
	do {                                                                                       \
		if (!(c)) {                                                                        \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #c);  \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

static sqlite3 *db;
static sqlite3_stmt *ins, *del, *qry;

static void setup(void)
{
	CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK);
	CHECK(fts_vi_register(db) == SQLITE_OK);
	CHECK(sqlite3_exec(db,
			   "CREATE VIRTUAL TABLE t USING fts5(name, tokenize='vi');"
			   "INSERT INTO t(rowid, name) VALUES (1, 'Đăng ký kết hôn'),"
			   " (2, 'Chứng thực bản sao từ bản chính');",
			   NULL, NULL, NULL) == SQLITE_OK);
	CHECK(sqlite3_prepare_v2(db, "INSERT INTO t(rowid, name) VALUES (100, ?1)", -1, &ins,
				 NULL) == SQLITE_OK);
	CHECK(sqlite3_prepare_v2(db, "DELETE FROM t WHERE rowid = 100", -1, &del, NULL) ==
	      SQLITE_OK);
	CHECK(sqlite3_prepare_v2(db,
				 "SELECT rowid, highlight(t, 0, '[', ']'), bm25(t) FROM t "
				 "WHERE t MATCH ?1 ORDER BY rank",
				 -1, &qry, NULL) == SQLITE_OK);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!db)
		setup();
	if (size > 16 * 1024)
		return 0;
	const uint8_t *sep = memchr(data, 0xFF, size);
	size_t dlen = sep ? (size_t)(sep - data) : size;
	const char *q = sep ? (const char *)sep + 1 : "";
	size_t qlen = sep ? size - dlen - 1 : 0;

	sqlite3_bind_text(ins, 1, (const char *)data, (int)dlen, SQLITE_TRANSIENT);
	CHECK(sqlite3_step(ins) == SQLITE_DONE);
	sqlite3_reset(ins);

	char *expr = malloc(FTS_VI_EXPR_CAP);
	CHECK(expr);
	int n = fts_vi_match_query(q, qlen, expr, FTS_VI_EXPR_CAP);
	if (n > 0) {
		sqlite3_bind_text(qry, 1, expr, n, SQLITE_STATIC);
		int rc;
		while ((rc = sqlite3_step(qry)) == SQLITE_ROW) {
			sqlite3_int64 id = sqlite3_column_int64(qry, 0);
			CHECK(id == 1 || id == 2 || id == 100);
			(void)sqlite3_column_text(qry, 1); /* run highlight() */
		}
		CHECK(rc == SQLITE_DONE);
		sqlite3_reset(qry);
		sqlite3_clear_bindings(qry);
	} else {
		CHECK(n == FTS_VI_EEMPTY || n == FTS_VI_EINVAL || n == FTS_VI_ETOOLONG ||
		      n == FTS_VI_ETOOMANY);
	}
	free(expr);

	CHECK(sqlite3_step(del) == SQLITE_DONE);
	sqlite3_reset(del);
	return 0;
}
