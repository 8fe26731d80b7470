/*
 * test_fts_vi.c — the `vi` FTS5 tokenizer and the MATCH-expression builder,
 * on a real in-memory SQLite database, the way the procedure search uses it.
 *
 * A clerk or citizen types without accents, in capitals, from an NFD
 * keyboard, or half a word; they must find the right procedure, best match
 * first, with the accented words highlighted. Hostile input must neither
 * error nor change the meaning of the query (no OR/NOT/NEAR/column filter
 * sneaking through).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "db/fts_vi.h"

static const char *const rows[] = {
	/* 1 */ "Đăng ký kết hôn",
	/* 2 */ "Đăng ký khai sinh",
	/* 3 */ "Chứng thực bản sao từ bản chính",
	/* 4 */ "Cấp giấy phép xây dựng",
	/* 5 */
	("Cấp giấy xác nhận tình trạng hôn nhân để đăng ký kết hôn với người nước "
	 "ngoài tại cơ quan có thẩm quyền"),
	/* 6 */ "Đăng ký khai tử",
};
#define NROWS (sizeof rows / sizeof rows[0])

static void exec_ok(sqlite3 *db, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		fail_msg("%s: %s", sql, err ? err : "?");
	}
}

static int setup(void **state)
{
	sqlite3 *db = NULL;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		return -1;
	if (fts_vi_register(db) != SQLITE_OK)
		return -1;
	if (sqlite3_exec(db, "CREATE VIRTUAL TABLE procs USING fts5(name, tokenize='vi')", NULL,
			 NULL, NULL) != SQLITE_OK)
		return -1;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "INSERT INTO procs(rowid, name) VALUES (?1, ?2)", -1, &st,
			       NULL) != SQLITE_OK)
		return -1;
	for (size_t i = 0; i < NROWS; i++) {
		sqlite3_bind_int64(st, 1, (sqlite3_int64)(i + 1));
		sqlite3_bind_text(st, 2, rows[i], -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			return -1;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	sqlite3_close(*state);
	return 0;
}

/*
 * Search as the application does: build the expression, bind it, order by
 * bm25 rank. Fills ids (up to cap) and returns the row count, 0 when the
 * builder says "no words", or the builder's negative code. Any SQLite error
 * fails the test.
 */
static int search(sqlite3 *db, const char *q, size_t qlen, sqlite3_int64 *ids, int cap)
{
	char expr[FTS_VI_EXPR_CAP];
	int n = fts_vi_match_query(q, qlen, expr, sizeof expr);
	if (n == FTS_VI_EEMPTY)
		return 0;
	if (n < 0)
		return n;
	assert_int_equal((size_t)n, strlen(expr));
	sqlite3_stmt *st;
	assert_int_equal(
		sqlite3_prepare_v2(db, "SELECT rowid FROM procs WHERE procs MATCH ?1 ORDER BY rank",
				   -1, &st, NULL),
		SQLITE_OK);
	sqlite3_bind_text(st, 1, expr, n, SQLITE_STATIC);
	int count = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (count < cap)
			ids[count] = sqlite3_column_int64(st, 0);
		count++;
	}
	if (rc != SQLITE_DONE)
		fail_msg("query [%s] from [%.*s]: %s", expr, (int)(qlen > 60 ? 60 : qlen), q,
			 sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return count;
}

static int search_s(sqlite3 *db, const char *q, sqlite3_int64 *ids, int cap)
{
	return search(db, q, strlen(q), ids, cap);
}

static void test_unaccented_lowercase_finds_best_first(void **state)
{
	sqlite3 *db = *state;
	sqlite3_int64 ids[8];
	assert_int_equal(search_s(db, "dang ky ket hon", ids, 8), 2);
	assert_int_equal(ids[0], 1); /* the short exact title ranks above the long one */
	assert_int_equal(ids[1], 5);
	assert_int_equal(search_s(db, "chung thuc", ids, 8), 1);
	assert_int_equal(ids[0], 3);
	assert_int_equal(search_s(db, "giay phep", ids, 8), 1);
	assert_int_equal(ids[0], 4);
	assert_int_equal(search_s(db, "khai sinh", ids, 8), 1);
	assert_int_equal(ids[0], 2);
	assert_int_equal(search_s(db, "ho tich", ids, 8), 0);
}

static void test_capitals_accents_and_nfd_find_the_same(void **state)
{
	sqlite3 *db = *state;
	sqlite3_int64 ids[8];
	const char *forms[] = {
		"ĐĂNG KÝ KẾT HÔN",
		"Đăng ký kết hôn",
		"đăng ký kết hôn",
		"DANG KY KET HON",
		/* NFD, as some keyboards send it */
		("\xc4\x90"
		 "a\xcc\x86ng ky\xcc\x81 ke\xcc\x82\xcc\x81t ho\xcc\x82n"),
		"  dang   ky,ket.hon  ",
	};
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		if (search_s(db, forms[i], ids, 8) != 2 || ids[0] != 1 || ids[1] != 5)
			fail_msg("form %zu [%s] did not find rows 1, 5", i, forms[i]);
	}
}

static void test_prefix_of_last_word(void **state)
{
	sqlite3 *db = *state;
	sqlite3_int64 ids[8];
	int n = search_s(db, "dang k", ids, 8);
	assert_int_equal(n, 4); /* ký / khai … in rows 1, 2, 5, 6 */
	int seen[NROWS + 1] = {0};
	for (int i = 0; i < n; i++)
		seen[ids[i]] = 1;
	assert_true(seen[1] && seen[2] && seen[5] && seen[6]);
	assert_false(seen[3] || seen[4]);
	assert_int_equal(search_s(db, "chung th", ids, 8), 1);
	assert_int_equal(ids[0], 3);
	/* only the last word is a prefix: "dan" is not a word of any title */
	assert_int_equal(search_s(db, "dan ky", ids, 8), 0);
}

static void test_highlight_and_snippet_wrap_original_words(void **state)
{
	sqlite3 *db = *state;
	char expr[FTS_VI_EXPR_CAP];
	int n = fts_vi_match_query("dang ky ket hon", 15, expr, sizeof expr);
	assert_true(n > 0);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db,
					    "SELECT highlight(procs, 0, '[', ']'), "
					    "snippet(procs, 0, '<', '>', '…', 6) FROM procs "
					    "WHERE procs MATCH ?1 ORDER BY rank",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, expr, n, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "[Đăng] [ký] [kết] [hôn]");
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	const char *snip = (const char *)sqlite3_column_text(st, 1);
	if (!strstr(snip, "<đăng> <ký> <kết>") || !strstr(snip, "…"))
		fail_msg("snippet lost the accented words: %s", snip);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

static void test_nfd_document_and_long_token(void **state)
{
	sqlite3 *db = *state;
	/* a row stored NFD (should not happen, but must not break search) */
	exec_ok(db, "INSERT INTO procs(rowid, name) VALUES (100, "
		    "'Thay \xc4\x91o\xcc\x82\xcc\x89i ho\xcc\xa3\xcc\x82 ti\xcc\xa3"
		    "ch')");
	sqlite3_int64 ids[4];
	assert_int_equal(search_s(db, "thay doi ho tich", ids, 4), 1);
	assert_int_equal(ids[0], 100);

	/* a single word longer than the tokenizer's stack buffer, with đ inside */
	char word[1 + 2 * 300 + 1];
	memcpy(word, "x", 1);
	for (int i = 0; i < 300; i++)
		memcpy(word + 1 + 2 * i, "\xc4\x91", 2);
	word[1 + 600] = '\0';
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO procs(rowid, name) VALUES (101, ?1)",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, word, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	char q[302];
	q[0] = 'x';
	memset(q + 1, 'd', 300);
	q[301] = '\0';
	assert_int_equal(search_s(db, q, ids, 4), 1);
	assert_int_equal(ids[0], 101);
	exec_ok(db, "DELETE FROM procs WHERE rowid >= 100");
}

static void test_fts5_syntax_in_user_text_is_only_words(void **state)
{
	sqlite3 *db = *state;
	sqlite3_int64 ids[8];
	/* if OR were syntax these would return rows; as words, no title has "or" */
	assert_int_equal(search_s(db, "khai OR xay", ids, 8), 0);
	assert_int_equal(search_s(db, "dang NOT sinh", ids, 8), 0);
	assert_int_equal(search_s(db, "NEAR(dang ky)", ids, 8), 0);
	/* a column filter would restrict to column name; as a word it finds nothing */
	assert_int_equal(search_s(db, "name:chung", ids, 8), 0);
	assert_int_equal(search_s(db, "{name}: chung", ids, 8), 0);
	/* punctuation-only syntax is a separator, so the words still work */
	assert_int_equal(search_s(db, "\"chung\" + thuc*", ids, 8), 1);
	assert_int_equal(ids[0], 3);
	assert_int_equal(search_s(db, "^chung -thuc", ids, 8), 1);
	assert_int_equal(search_s(db, "(chung) AND", ids, 8), 0); /* "and" is a word too */
	assert_int_equal(search_s(db, "chung'); DROP TABLE procs; --", ids, 8), 0);

	char expr[FTS_VI_EXPR_CAP];
	assert_true(fts_vi_match_query("khai OR xay", 11, expr, sizeof expr) > 0);
	assert_string_equal(expr, "\"khai\" \"OR\" \"xay\"*");
}

static void test_hostile_inputs_never_error(void **state)
{
	sqlite3 *db = *state;
	sqlite3_int64 ids[8];
	const char *hostile[] = {"\"",
				 "\"\"",
				 "*",
				 "**",
				 "NEAR(",
				 "NEAR",
				 "OR",
				 "AND",
				 "NOT",
				 "-",
				 ":",
				 "^",
				 "(",
				 ")",
				 "{",
				 "}",
				 "+",
				 "'",
				 "\"dang",
				 "dang\"",
				 "dang\"ky",
				 "a\"*b",
				 "*dang",
				 "dang:*",
				 "NEAR(dang ky, 2)",
				 "dang AND OR NOT",
				 ".",
				 "ký*"};
	for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
		int n = search_s(db, hostile[i], ids, 8); /* fails the test on SQL error */
		if (n < 0)
			fail_msg("[%s] gave builder error %d", hostile[i], n);
	}
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM procs", -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), (int)NROWS);
	sqlite3_finalize(st);
}

static void test_garbage_long_and_invalid_input(void **state)
{
	sqlite3 *db = *state;
	sqlite3_int64 ids[8];
	/* 10 kB of garbage: refused before any SQL runs */
	char *big = malloc(10240);
	assert_non_null(big);
	uint32_t x = 12345;
	for (int i = 0; i < 10240; i++) {
		x = x * 1103515245u + 12345u; /* deterministic LCG: same bytes every run */
		big[i] = (char)(0x21 + (x >> 16) % 94);
	}
	assert_int_equal(search(db, big, 10240, ids, 8), FTS_VI_ETOOLONG);
	/* 1000 bytes of the same garbage: built and run, no SQL error, and if
	 * too many words, a clean refusal */
	int n = search(db, big, 1000, ids, 8);
	assert_true(n >= 0 || n == FTS_VI_ETOOMANY);
	/* the same garbage with letters removed: punctuation only → no words */
	size_t k = 0;
	for (int i = 0; i < 1000; i++) {
		char c = big[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			big[k++] = c;
	}
	assert_int_equal(search(db, big, k, ids, 8), 0);
	free(big);

	char expr[64] = "junk";
	assert_int_equal(fts_vi_match_query("dang \xc3", 6, expr, sizeof expr), FTS_VI_EINVAL);
	assert_string_equal(expr, "");
	assert_int_equal(fts_vi_match_query("\xed\xa0\x80", 3, expr, sizeof expr), FTS_VI_EINVAL);
	assert_int_equal(fts_vi_match_query("dang\0ky", 7, expr, sizeof expr), FTS_VI_EINVAL);
	assert_int_equal(fts_vi_match_query("", 0, expr, sizeof expr), FTS_VI_EEMPTY);
	assert_int_equal(fts_vi_match_query(" \t ,;", 5, expr, sizeof expr), FTS_VI_EEMPTY);
}

static void test_builder_ceilings(void **state)
{
	(void)state;
	char q[200], expr[FTS_VI_EXPR_CAP];
	size_t len = 0;
	for (int i = 0; i < FTS_VI_MAX_TERMS; i++) {
		memcpy(q + len, "ab ", 3);
		len += 3;
	}
	assert_true(fts_vi_match_query(q, len, expr, sizeof expr) > 0);
	memcpy(q + len, "ab", 2);
	assert_int_equal(fts_vi_match_query(q, len + 2, expr, sizeof expr), FTS_VI_ETOOMANY);
	assert_string_equal(expr, "");
	/* an output buffer one byte short is an error, not a cut expression */
	int n = fts_vi_match_query("dang ky", 7, expr, sizeof expr);
	assert_string_equal(expr, "\"dang\" \"ky\"*");
	char small[32];
	assert_int_equal(fts_vi_match_query("dang ky", 7, small, (size_t)n), FTS_VI_ENOSPC);
	assert_string_equal(small, "");
	assert_int_equal(fts_vi_match_query("dang ky", 7, small, (size_t)n + 1), n);
	assert_int_equal(fts_vi_match_query("dang ky", 7, small, 0), FTS_VI_ENOSPC);

	char *d = NULL;
	assert_int_equal(fts_vi_match_query_dup("Kết hôn", strlen("Kết hôn"), &d), 12);
	assert_string_equal(d, "\"Ket\" \"hon\"*");
	free(d);
	assert_int_equal(fts_vi_match_query_dup("--", 2, &d), FTS_VI_EEMPTY);
	assert_null(d);
	assert_string_equal(fts_vi_strerror(FTS_VI_ETOOMANY), "too many search words");
}

static void test_tokenizer_arguments_pass_through(void **state)
{
	sqlite3 *db = *state;
	/* unicode61's own options still work after ours */
	exec_ok(db, "CREATE VIRTUAL TABLE t2 USING fts5(x, tokenize = 'vi tokenchars ''-''')");
	exec_ok(db, "INSERT INTO t2 VALUES ('Giấy-phép đặc biệt')");
	sqlite3_stmt *st;
	assert_int_equal(
		sqlite3_prepare_v2(db, "SELECT count(*) FROM t2 WHERE t2 MATCH ?1", -1, &st, NULL),
		SQLITE_OK);
	sqlite3_bind_text(st, 1, "\"giay-phep\" \"dac\"", -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, "\"giay\"", -1, SQLITE_STATIC); /* '-' now joins words */
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 0);
	sqlite3_finalize(st);
	exec_ok(db, "DROP TABLE t2");
	/* a bad option is an SQL error, not a crash */
	assert_int_not_equal(
		sqlite3_exec(db, "CREATE VIRTUAL TABLE t3 USING fts5(x, tokenize='vi bogus 1')",
			     NULL, NULL, NULL),
		SQLITE_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_unaccented_lowercase_finds_best_first, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_capitals_accents_and_nfd_find_the_same, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_prefix_of_last_word, setup, teardown),
		cmocka_unit_test_setup_teardown(test_highlight_and_snippet_wrap_original_words,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_nfd_document_and_long_token, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fts5_syntax_in_user_text_is_only_words, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_hostile_inputs_never_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_garbage_long_and_invalid_input, setup,
						teardown),
		cmocka_unit_test(test_builder_ceilings),
		cmocka_unit_test_setup_teardown(test_tokenizer_arguments_pass_through, setup,
						teardown),
	};
	return cmocka_run_group_tests_name("fts_vi", tests, NULL, NULL);
}
