/* test_jw.c — the streaming JSON writer gives the bytes jansson gives. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/jw.h"

static void same_as_jansson(struct jw *w, json_t *doc)
{
	assert_int_equal(w->err, 0);
	char *want = json_dumps(doc, JSON_COMPACT | JSON_ENCODE_ANY);
	assert_non_null(want);
	assert_string_equal(w->b.p, want);
	free(want);
	json_decref(doc);
}

static void nested_members_and_commas(void **state)
{
	(void)state;
	struct jw w;
	jw_init(&w, 1 << 16);
	jw_obj(&w);
	jw_key(&w, "code");
	jw_str(&w, "000.01.40.H15-260302-0001");
	jw_key(&w, "procedure");
	jw_obj(&w);
	jw_key(&w, "name");
	jw_str(&w, "Đăng ký kết hôn");
	jw_key(&w, "time_limit");
	jw_obj(&w);
	jw_key(&w, "value");
	jw_real(&w, 0.5);
	jw_key(&w, "unit");
	jw_str(&w, "working_days");
	jw_obj_end(&w);
	jw_obj_end(&w);
	jw_key(&w, "overdue");
	jw_bool(&w, 0);
	jw_key(&w, "paused");
	jw_bool(&w, 1);
	jw_key(&w, "submitted_at");
	jw_iso(&w, 0, 0);
	jw_key(&w, "received_at");
	jw_iso(&w, 1, 1772416800); /* 2026-03-02T09:00:00+07:00 */
	jw_key(&w, "left");
	jw_int(&w, -9223372036854775807LL - 1);
	jw_key(&w, "empty");
	jw_arr(&w);
	jw_arr_end(&w);
	jw_key(&w, "steps");
	jw_arr(&w);
	for (int i = 1; i <= 3; i++) {
		jw_obj(&w);
		jw_key(&w, "position");
		jw_int(&w, i);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_key(&w, "items");
	jw_raw(&w, "[\"a\",\"b\"]", 9);
	jw_obj_end(&w);
	json_t *steps = json_array();
	for (int i = 1; i <= 3; i++)
		json_array_append_new(steps, json_pack("{s:i}", "position", i));
	same_as_jansson(&w,
			json_pack("{s:s,s:{s:s,s:{s:f,s:s}},s:b,s:b,s:n,s:s,s:I,s:[],s:o,s:[s,s]}",
				  "code", "000.01.40.H15-260302-0001", "procedure", "name",
				  "Đăng ký kết hôn", "time_limit", "value", 0.5, "unit",
				  "working_days", "overdue", 0, "paused", 1, "submitted_at",
				  "received_at", "2026-03-02T09:00:00+07:00", "left",
				  (json_int_t)(-9223372036854775807LL - 1), "empty", "steps", steps,
				  "items", "a", "b"));
	jw_free(&w);
}

static void strings_are_escaped_as_jansson_does(void **state)
{
	(void)state;
	const char *s = "quote \" back \\ slash / tab \t nl \n cr \r bs \b ff \f ctl \x01\x1f "
			"del \x7f vi Ứng dụng";
	struct jw w;
	jw_init(&w, 1 << 16);
	jw_arr(&w);
	jw_str(&w, s);
	jw_strn(&w, "a\0b", 3); /* an embedded NUL is escaped, not a terminator */
	jw_str(&w, NULL);
	jw_real(&w, 2.0);
	jw_real(&w, 0.1);
	jw_null(&w);
	jw_arr_end(&w);
	same_as_jansson(&w, json_pack("[ss#sffn]", s, "a\0b", (int)3, "", 2.0, 0.1));
	jw_free(&w);
}

/* The writer scans 8 bytes at a time: an escape in every position of a
 * word, and in the tail, must be found. */
static void escapes_found_in_every_position(void **state)
{
	(void)state;
	const char specials[] = {'"', '\\', '\n', '\x1f', '\0'};
	for (size_t k = 0; k < sizeof specials; k++)
		for (size_t len = 1; len <= 19; len++)
			for (size_t at = 0; at < len; at++) {
				char s[20];
				memset(s, 'x', sizeof s);
				s[at] = specials[k];
				struct jw w;
				jw_init(&w, 1 << 10);
				jw_strn(&w, s, len);
				json_t *doc = json_stringn(s, len);
				same_as_jansson(&w, doc);
				jw_free(&w);
			}
	/* UTF-8 bytes (>= 0x80) are not escapes */
	struct jw w;
	jw_init(&w, 1 << 10);
	jw_str(&w, "Ủy ban nhân dân phường Hội An — Đà Nẵng");
	same_as_jansson(&w, json_string("Ủy ban nhân dân phường Hội An — Đà Nẵng"));
	jw_free(&w);
}

static void errors_are_sticky(void **state)
{
	(void)state;
	struct jw w;
	jw_init(&w, 8); /* the ceiling */
	jw_arr(&w);
	jw_str(&w, "longer than eight bytes");
	jw_arr_end(&w);
	assert_int_equal(w.err, 1);
	jw_free(&w);

	jw_init(&w, 1 << 16);
	for (int i = 0; i <= JW_MAX_DEPTH; i++)
		jw_arr(&w);
	assert_int_equal(w.err, 1);
	jw_free(&w);

	jw_init(&w, 1 << 16);
	jw_obj_end(&w); /* closing what was never opened */
	assert_int_equal(w.err, 1);
	jw_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nested_members_and_commas),
		cmocka_unit_test(strings_are_escaped_as_jansson_does),
		cmocka_unit_test(escapes_found_in_every_position),
		cmocka_unit_test(errors_are_sticky),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
