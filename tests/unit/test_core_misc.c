/* test_core_misc.c — capped buffers, the arena, the error table and CSV. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/mem.h"
#include "core/problem.h"

static void buf_has_a_ceiling(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 10);
	assert_int_equal(buf_puts(&b, "12345"), 0);
	assert_int_equal(buf_printf(&b, "%d", 678), 0);
	assert_string_equal(b.p, "12345678");
	assert_false(buf_full(&b));
	assert_int_equal(buf_puts(&b, "abc"), -1); /* 11 > 10: refused whole */
	assert_string_equal(b.p, "12345678");
	/* and the buffer stays full: a shorter append cannot hide the gap */
	assert_true(buf_full(&b));
	assert_int_equal(buf_puts(&b, "ab"), -1);
	assert_int_equal(b.len, 8);
	buf_reset(&b);
	assert_false(buf_full(&b));
	assert_int_equal(buf_puts(&b, "abcdefghij"), 0);
	assert_int_equal(b.len, 10);
	size_t n;
	char *s = buf_steal(&b, &n);
	assert_int_equal(n, 10);
	assert_null(b.p);
	free(s);
}

static void arena_allocations_are_aligned_and_freed(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	for (int i = 0; i < 1000; i++) {
		char *p = arena_alloc(&a, (size_t)i % 37 + 1);
		assert_int_equal((uintptr_t)p % 16, 0);
		memset(p, 'x', (size_t)i % 37 + 1);
	}
	char *big = arena_alloc(&a, 100000);
	memset(big, 0, 100000);
	assert_string_equal(arena_printf(&a, "%s-%d", "ma", 42), "ma-42");
	assert_string_equal(arena_strndup(&a, "abcdef", 3), "abc");
	arena_release(&a);
	assert_null(a.head);
}

static void every_kind_maps_to_its_status(void **state)
{
	(void)state;
	struct problem p;
	assert_int_equal(problem_status(problem_kind(&p, ERR_NOT_FOUND)), 404);
	assert_string_equal(p.code, "not_found");
	assert_int_equal(problem_status(ERR_VALIDATION), 422);
	assert_int_equal(problem_status(ERR_THROTTLED), 429);
	assert_int_equal(problem_status(ERR_TOO_LARGE), 413);
	assert_int_equal(problem_status((enum err)999), 500);
	problem_field(&p, "applicant.phone", "Số điện thoại không hợp lệ.", "Invalid phone.");
	assert_string_equal(p.field, "applicant.phone");
	assert_string_equal(problem_message(&p, 1), "Invalid phone.");
	assert_string_equal(problem_message(&p, 0), "Số điện thoại không hợp lệ.");
	char longf[200];
	memset(longf, 'f', sizeof longf - 1);
	longf[sizeof longf - 1] = 0;
	problem_field(&p, longf, NULL, NULL);
	assert_int_equal(strlen(p.field), sizeof p.field - 1);
	for (int k = ERR_BAD_REQUEST; k < ERR__COUNT; k++) {
		problem_kind(&p, (enum err)k);
		assert_true(strlen(p.vi) > 0 && strlen(p.en) > 0);
	}
}

static void csv_reads_quotes_newlines_and_bom(void **state)
{
	(void)state;
	const char *s = "\xEF\xBB\xBFkind,name,note\r\n"
			"field,\"Hộ tịch, chứng thực\",\"nói \"\"có\"\"\"\r\n"
			"\n"
			"step,\"hai\ndòng\",\r\n"
			"last,x";
	struct csv_reader r;
	csv_reader_init(&r, s, strlen(s));
	assert_int_equal(csv_next(&r), 1);
	assert_string_equal(csv_field(&r, 0), "kind");
	assert_int_equal(csv_next(&r), 1);
	assert_int_equal(r.line, 2);
	assert_string_equal(csv_field(&r, 1), "Hộ tịch, chứng thực");
	assert_string_equal(csv_field(&r, 2), "nói \"có\"");
	assert_int_equal(csv_next(&r), 1);
	assert_int_equal(r.line, 4);
	assert_string_equal(csv_field(&r, 1), "hai\ndòng");
	assert_string_equal(csv_field(&r, 2), "");
	assert_int_equal(r.nfields, 3);
	assert_int_equal(csv_next(&r), 1);
	assert_int_equal(r.line, 6);
	assert_string_equal(csv_field(&r, 1), "x");
	assert_string_equal(csv_field(&r, 7), "");
	assert_int_equal(csv_next(&r), 0);
	csv_reader_free(&r);
}

static void csv_rejects_malformed_input_with_its_line(void **state)
{
	(void)state;
	const char *bad[] = {"a,b\n\"open", "a,b\nx\"y,z", "a\n\"q\"x,b"};
	for (size_t i = 0; i < 3; i++) {
		struct csv_reader r;
		csv_reader_init(&r, bad[i], strlen(bad[i]));
		assert_int_equal(csv_next(&r), 1);
		assert_int_equal(csv_next(&r), -1);
		assert_int_equal(r.line, 2);
		assert_non_null(r.error);
		csv_reader_free(&r);
	}
	/* too many fields */
	struct buf b;
	buf_init(&b, 1 << 16);
	for (int i = 0; i < CSV_MAX_FIELDS + 1; i++)
		assert_int_equal(buf_puts(&b, "x,"), 0);
	struct csv_reader r;
	csv_reader_init(&r, b.p, b.len);
	assert_int_equal(csv_next(&r), -1);
	csv_reader_free(&r);
	buf_free(&b);
}

static void csv_writer_round_trips(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 4096);
	/* the first field starts with a byte-order mark (found by fuzz_csv): it
	 * must be quoted, or a reader would drop it as the file's BOM */
	const char *vals[] = {"\xEF\xBB\xBF"
			      "a",
			      "a,b", "say \"hi\"", "two\nlines", ""};
	for (int i = 0; i < 5; i++)
		assert_int_equal(csv_put(&b, vals[i], i == 4), 0);
	struct csv_reader r;
	csv_reader_init(&r, b.p, b.len);
	assert_int_equal(csv_next(&r), 1);
	assert_int_equal(r.nfields, 5);
	for (int i = 0; i < 5; i++)
		assert_string_equal(csv_field(&r, i), vals[i]);
	csv_reader_free(&r);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buf_has_a_ceiling),
		cmocka_unit_test(arena_allocations_are_aligned_and_freed),
		cmocka_unit_test(every_kind_maps_to_its_status),
		cmocka_unit_test(csv_reads_quotes_newlines_and_bom),
		cmocka_unit_test(csv_rejects_malformed_input_with_its_line),
		cmocka_unit_test(csv_writer_round_trips),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
