/* test_query.c — query-string values (core/query.c): integers in a range and
 * flags, as qs_int / qs_bool accept them. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/query.h"

static void integers(void **state)
{
	(void)state;
	long long v = -1;
	assert_int_equal(query_int(NULL, 1, 200, 20, &v), 0);
	assert_int_equal(v, 20);
	assert_int_equal(query_int("", 1, 200, 20, &v), 0);
	assert_int_equal(v, 20);
	assert_int_equal(query_int("200", 1, 200, 20, &v), 0);
	assert_int_equal(v, 200);
	assert_int_equal(query_int("+7", 1, 200, 20, &v), 0);
	assert_int_equal(v, 7);
	const char *bad[] = {"0",
			     "201",
			     "-1",
			     "5x",
			     "0x10",
			     " ",
			     "1 ",
			     "99999999999999999999",
			     "-99999999999999999999",
			     "1e3",
			     "%35"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		v = -1;
		assert_int_equal(query_int(bad[i], 1, 200, 20, &v), -1);
		assert_int_equal(v, 20);
	}
}

static void flags(void **state)
{
	(void)state;
	int v = -1;
	const char *no[] = {NULL, "", "0", "false"};
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
		assert_int_equal(query_bool(no[i], &v), 0);
		assert_int_equal(v, 0);
	}
	assert_int_equal(query_bool("1", &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(query_bool("true", &v), 0);
	assert_int_equal(v, 1);
	const char *bad[] = {"yes", "TRUE", "2", " 1", "true ", "on"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		v = -1;
		assert_int_equal(query_bool(bad[i], &v), -1);
		assert_int_equal(v, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(integers),
		cmocka_unit_test(flags),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
