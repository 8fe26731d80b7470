/* test_vntime.c — civil dates and instants in Vietnam time (UTC+7). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "core/vntime.h"

static void days_round_trip(void **state)
{
	(void)state;
	assert_int_equal(vn_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(vn_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(vn_days_from_civil(1900, 1, 1), -25567);
	for (int64_t d = -80000; d < 120000; d += 7) {
		struct vn_date c = vn_civil_from_days(d);
		assert_true(vn_date_valid(c.y, c.m, c.d));
		assert_int_equal(vn_days_from_civil(c.y, c.m, c.d), d);
	}
}

static void weekdays(void **state)
{
	(void)state;
	assert_int_equal(vn_weekday(vn_days_from_civil(1970, 1, 1)), 4);  /* Thursday */
	assert_int_equal(vn_weekday(vn_days_from_civil(2026, 2, 17)), 2); /* Tết 2026: Tuesday */
	assert_int_equal(vn_weekday(vn_days_from_civil(2026, 1, 10)), 6); /* a Saturday */
	assert_int_equal(vn_weekday(vn_days_from_civil(1899, 12, 31)), 0);
}

static void month_lengths(void **state)
{
	(void)state;
	assert_int_equal(vn_days_in_month(2024, 2), 29);
	assert_int_equal(vn_days_in_month(2100, 2), 28);
	assert_int_equal(vn_days_in_month(2000, 2), 29);
	assert_int_equal(vn_days_in_month(2026, 4), 30);
	assert_int_equal(vn_days_in_month(2026, 13), 0);
	assert_false(vn_date_valid(2026, 2, 29));
	assert_true(vn_date_valid(2028, 2, 29));
}

static void local_time_is_utc_plus_7(void **state)
{
	(void)state;
	/* 2026-03-02 09:00 in Hội An is 02:00 UTC */
	int64_t t = vn_instant(2026, 3, 2, 9, 0, 0);
	assert_int_equal(t, 1772416800);
	struct vn_civil c = vn_civil_of(t);
	assert_int_equal(c.y, 2026);
	assert_int_equal(c.hh, 9);
	/* 23:30 UTC on 1 Mar is already 2 Mar in Vietnam */
	int64_t late = 1772407800; /* 2026-03-01T23:30:00Z */
	assert_int_equal(vn_day_of(late), vn_days_from_civil(2026, 3, 2));
	assert_int_equal(vn_second_of_day(late), 6 * 3600 + 30 * 60);
	/* before 1970 */
	struct vn_civil old = vn_civil_of(vn_instant(1960, 5, 4, 7, 5, 6));
	assert_int_equal(old.y, 1960);
	assert_int_equal(old.mi, 5);
	assert_int_equal(old.ss, 6);
}

static void formatting(void **state)
{
	(void)state;
	char b[40];
	int64_t t = vn_instant(2026, 3, 2, 9, 0, 0);
	assert_int_equal(vn_format_iso(t, b, sizeof b), 25);
	assert_string_equal(b, "2026-03-02T09:00:00+07:00");
	vn_format_local(t, b, sizeof b);
	assert_string_equal(b, "2026-03-02T09:00");
	vn_format_vn(t, b, sizeof b);
	assert_string_equal(b, "09:00 02/03/2026");
	vn_format_date_days(vn_days_from_civil(2026, 12, 31), b, sizeof b);
	assert_string_equal(b, "2026-12-31");
	assert_int_equal(vn_format_iso(t, b, 10), -1);
}

static void parsing(void **state)
{
	(void)state;
	int64_t t, d;
	const char *s = "2026-03-02T09:00:00+07:00";
	assert_int_equal(vn_parse_instant(s, strlen(s), &t), 0);
	assert_int_equal(t, vn_instant(2026, 3, 2, 9, 0, 0));
	s = "2026-03-02T02:00:00Z";
	assert_int_equal(vn_parse_instant(s, strlen(s), &t), 0);
	assert_int_equal(t, vn_instant(2026, 3, 2, 9, 0, 0));
	s = "2026-03-02T09:00"; /* no offset: Vietnam time */
	assert_int_equal(vn_parse_instant(s, strlen(s), &t), 0);
	assert_int_equal(t, vn_instant(2026, 3, 2, 9, 0, 0));
	s = "2026-03-02T09:00:00.123-05:00";
	assert_int_equal(vn_parse_instant(s, strlen(s), &t), 0);
	assert_int_equal(t, vn_instant(2026, 3, 2, 21, 0, 0));
	const char *bad[] = {"2026-02-30T09:00",
			     "2026-03-02 9:00",
			     "2026-03-02T24:00",
			     "2026-03-02T09:00+7",
			     "2026-03-02T09:00:00+07:00x",
			     "",
			     "2026-3-2T09:00"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(vn_parse_instant(bad[i], strlen(bad[i]), &t), -1);
	assert_int_equal(vn_parse_date("2028-02-29", 10, &d), 0);
	assert_int_equal(vn_parse_date("2027-02-29", 10, &d), -1);
	assert_int_equal(vn_parse_date("2026-01-01x", 11, &d), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(days_round_trip), cmocka_unit_test(weekdays),
		cmocka_unit_test(month_lengths),   cmocka_unit_test(local_time_is_utc_plus_7),
		cmocka_unit_test(formatting),      cmocka_unit_test(parsing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
