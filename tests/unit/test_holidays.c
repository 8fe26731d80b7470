/*
 * test_holidays.c — the calendar as data (src/core/holidays*.c) and the
 * shipped data/calendar files.
 *
 * Expected dates come from DOMAIN.md §5.2 (the decided 2025 and 2026
 * schedules) and, for undecided years, from applying the Labour Code 2019
 * Art. 112 / 111(3) by hand (each case says how).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/holidays.h"
#include "core/vntime.h"

static int64_t D(int y, int m, int d)
{
	return vn_days_from_civil(y, m, d);
}

static struct hol_calendar *shipped(void)
{
	struct hol_error err = {0, ""};
	struct hol_calendar *c = hol_new_shipped(&err);
	if (!c)
		fail_msg("shipped calendar: line %d: %s", err.line, err.msg);
	return c;
}

/* The year's rows must be exactly `want` (date, kind, name). */
struct want {
	int y, m, d;
	enum hol_kind kind;
	const char *name;
};

static void expect_year(const struct hol_calendar *c, int year, const struct want *w, size_t n)
{
	const struct hol_row *v;
	size_t got = hol_year_days(c, year, &v);
	for (size_t i = 0; i < n && i < got; i++) {
		char d[16];
		vn_format_date_days(v[i].day, d, sizeof d);
		if (v[i].day != D(w[i].y, w[i].m, w[i].d) || v[i].kind != w[i].kind ||
		    strcmp(v[i].name, w[i].name) != 0)
			fail_msg("%d row %zu: got %s %d '%s', want %04d-%02d-%02d %d '%s'", year, i,
				 d, v[i].kind, v[i].name, w[i].y, w[i].m, w[i].d, w[i].kind,
				 w[i].name);
	}
	assert_int_equal(got, n);
}

static const char TDL[] = "Tết Dương lịch", TNDAN[] = "Tết Nguyên đán", HV[] = "Giỗ Tổ Hùng Vương",
		  CT[] = "Ngày Chiến thắng", LD[] = "Ngày Quốc tế Lao động", QK[] = "Quốc khánh";

static void schedule_2025(void **state)
{
	(void)state;
	struct hol_calendar *c = shipped();
	static const struct want w[] = {
		{2025, 1, 1, HOL_OFF, TDL},
		{2025, 1, 27, HOL_OFF, TNDAN},
		{2025, 1, 28, HOL_OFF, TNDAN},
		{2025, 1, 29, HOL_OFF, TNDAN},
		{2025, 1, 30, HOL_OFF, TNDAN},
		{2025, 1, 31, HOL_OFF, TNDAN},
		{2025, 4, 7, HOL_OFF, HV},
		{2025, 4, 26, HOL_WORK, "Làm bù ngày 02/05/2025"},
		{2025, 4, 30, HOL_OFF, CT},
		{2025, 5, 1, HOL_OFF, LD},
		{2025, 5, 2, HOL_OFF, "Nghỉ hoán đổi dịp 30/4–1/5"},
		{2025, 9, 1, HOL_OFF, QK},
		{2025, 9, 2, HOL_OFF, QK},
	};
	expect_year(c, 2025, w, sizeof w / sizeof w[0]);
	assert_true(hol_year_decided(c, 2025));
	/* every day of the year: working iff Mon–Fri not listed, or Sat 26 Apr */
	for (int64_t d = D(2025, 1, 1); d <= D(2025, 12, 31); d++) {
		int wd = vn_weekday(d), listed_off = 0;
		for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
			listed_off |= w[i].kind == HOL_OFF && D(w[i].y, w[i].m, w[i].d) == d;
		int want = (wd >= 1 && wd <= 5 && !listed_off) || d == D(2025, 4, 26);
		assert_int_equal(hol_is_working_day(c, d), want);
	}
	/* the breaks as announced: 25/01–02/02, 30/04–04/05, 30/08–02/09 */
	for (int64_t d = D(2025, 1, 25); d <= D(2025, 2, 2); d++)
		assert_false(hol_is_working_day(c, d));
	assert_true(hol_is_working_day(c, D(2025, 2, 3)));
	for (int64_t d = D(2025, 4, 30); d <= D(2025, 5, 4); d++)
		assert_false(hol_is_working_day(c, d));
	for (int64_t d = D(2025, 8, 30); d <= D(2025, 9, 2); d++)
		assert_false(hol_is_working_day(c, d));
	assert_true(hol_is_working_day(c, D(2025, 9, 3)));
	const struct hol_row *r = hol_day_info(c, D(2025, 1, 29));
	assert_non_null(r);
	assert_string_equal(r->decision, "6150/TB-BLĐTBXH");
	assert_int_equal(r->is_default, 0);
	assert_null(hol_day_info(c, D(2025, 1, 25))); /* an ordinary Saturday */
	hol_free(c);
}

/*
 * 24 November, Ngày Văn hóa Việt Nam: a paid holiday from 2026 (Resolution
 * 28/2026/QH16), not before. 2025 is a working Monday; 2026 (Tuesday) is in
 * the decided file; 2027 (Wednesday) comes from the rule; 2029 is a Saturday,
 * so Art. 111(3) gives Monday 26 as for any fixed holiday; a rule with
 * first_year 2026 gives nothing in 2024 (an undecided year).
 */
static void culture_day_from_2026(void **state)
{
	(void)state;
	struct hol_calendar *c = shipped();
	assert_true(hol_is_working_day(c, D(2025, 11, 24)));
	assert_null(hol_day_info(c, D(2025, 11, 24)));
	/* 24/11/2024 was a Sunday: no compensatory Monday, the rule starts in 2026 */
	assert_true(hol_is_working_day(c, D(2024, 11, 25)));
	assert_null(hol_day_info(c, D(2024, 11, 25)));
	const int64_t on[] = {D(2026, 11, 24), D(2027, 11, 24), D(2028, 11, 24)};
	for (size_t i = 0; i < sizeof on / sizeof on[0]; i++) {
		assert_false(hol_is_working_day(c, on[i]));
		const struct hol_row *r = hol_day_info(c, on[i]);
		assert_non_null(r);
		assert_string_equal(r->name, "Ngày Văn hóa Việt Nam");
	}
	assert_string_equal(hol_day_info(c, D(2026, 11, 24))->decision, "28/2026/QH16");
	assert_int_equal(hol_day_info(c, D(2027, 11, 24))->is_default, 1);
	assert_true(hol_is_working_day(c, D(2026, 11, 23)));
	assert_true(hol_is_working_day(c, D(2026, 11, 25)));
	assert_true(hol_is_working_day(c, D(2027, 11, 25)));
	/* 24/11/2029 is a Saturday: compensated on Monday 26 */
	assert_false(hol_is_working_day(c, D(2029, 11, 26)));
	const struct hol_row *b = hol_day_info(c, D(2029, 11, 26));
	assert_non_null(b);
	assert_true(strncmp(b->name, "Nghỉ bù", strlen("Nghỉ bù")) == 0);
	assert_true(hol_is_working_day(c, D(2029, 11, 27)));
	hol_free(c);
}

static void schedule_2026(void **state)
{
	(void)state;
	struct hol_calendar *c = shipped();
	static const struct want w[] = {
		{2026, 1, 1, HOL_OFF, TDL},
		{2026, 1, 2, HOL_OFF, "Nghỉ hoán đổi dịp Tết Dương lịch"},
		{2026, 1, 10, HOL_WORK, "Làm bù ngày 02/01/2026"},
		{2026, 2, 16, HOL_OFF, TNDAN},
		{2026, 2, 17, HOL_OFF, TNDAN},
		{2026, 2, 18, HOL_OFF, TNDAN},
		{2026, 2, 19, HOL_OFF, TNDAN},
		{2026, 2, 20, HOL_OFF, TNDAN},
		{2026, 4, 26, HOL_OFF, HV},
		{2026, 4, 27, HOL_OFF, "Nghỉ bù Giỗ Tổ Hùng Vương"},
		{2026, 4, 30, HOL_OFF, CT},
		{2026, 5, 1, HOL_OFF, LD},
		{2026, 8, 22, HOL_WORK, "Làm bù ngày 31/08/2026"},
		{2026, 8, 31, HOL_OFF, "Nghỉ hoán đổi dịp Quốc khánh"},
		{2026, 9, 1, HOL_OFF, QK},
		{2026, 9, 2, HOL_OFF, QK},
		{2026, 11, 24, HOL_OFF, "Ngày Văn hóa Việt Nam"},
	};
	expect_year(c, 2026, w, sizeof w / sizeof w[0]);
	for (int64_t d = D(2026, 1, 1); d <= D(2026, 12, 31); d++) {
		int wd = vn_weekday(d), listed_off = 0;
		for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
			listed_off |= w[i].kind == HOL_OFF && D(w[i].y, w[i].m, w[i].d) == d;
		int want = (wd >= 1 && wd <= 5 && !listed_off) || d == D(2026, 1, 10) ||
			   d == D(2026, 8, 22);
		assert_int_equal(hol_is_working_day(c, d), want);
	}
	/* breaks: 01–04/01, 14–22/02, 30/04–03/05, 29/08–02/09 */
	for (int64_t d = D(2026, 1, 1); d <= D(2026, 1, 4); d++)
		assert_false(hol_is_working_day(c, d));
	for (int64_t d = D(2026, 2, 14); d <= D(2026, 2, 22); d++)
		assert_false(hol_is_working_day(c, d));
	for (int64_t d = D(2026, 8, 29); d <= D(2026, 9, 2); d++)
		assert_false(hol_is_working_day(c, d));
	/* 24/11, Ngày Văn hóa Việt Nam, in the decided file (Resolution 28/2026/QH16) */
	assert_false(hol_is_working_day(c, D(2026, 11, 24)));
	assert_int_equal(vn_weekday(D(2026, 1, 10)), 6);
	assert_int_equal(vn_weekday(D(2026, 8, 22)), 6);
	hol_free(c);
}

static void defaults_for_undecided_years(void **state)
{
	(void)state;
	struct hol_calendar *c = shipped();
	assert_false(hol_year_decided(c, 2027));
	/* 2027 by hand: 1/1 Fri. Tết Đinh Mùi: mùng 1 = Sat 6 Feb (DOMAIN), so
	 * the last day of the year is Fri 5 Feb, days 5–9 Feb; Sat 6 and Sun 7
	 * are weekly rest days → Art. 111(3) compensation Wed 10, Thu 11 Feb.
	 * Hùng Kings 10/3 = Fri 16 Apr (DOMAIN). 30 Apr Fri, 1 May Sat →
	 * Mon 3 May. 2 Sep Thu + 1 Sep Wed. */
	static const struct want w27[] = {
		{2027, 1, 1, HOL_OFF, TDL},
		{2027, 2, 5, HOL_OFF, TNDAN},
		{2027, 2, 6, HOL_OFF, TNDAN},
		{2027, 2, 7, HOL_OFF, TNDAN},
		{2027, 2, 8, HOL_OFF, TNDAN},
		{2027, 2, 9, HOL_OFF, TNDAN},
		{2027, 2, 10, HOL_OFF, "Nghỉ bù Tết Nguyên đán"},
		{2027, 2, 11, HOL_OFF, "Nghỉ bù Tết Nguyên đán"},
		{2027, 4, 16, HOL_OFF, HV},
		{2027, 4, 30, HOL_OFF, CT},
		{2027, 5, 1, HOL_OFF, LD},
		{2027, 5, 3, HOL_OFF, "Nghỉ bù Ngày Quốc tế Lao động"},
		{2027, 9, 1, HOL_OFF, QK},
		{2027, 9, 2, HOL_OFF, QK},
		{2027, 11, 24, HOL_OFF, "Ngày Văn hóa Việt Nam"}, /* Wed, from 2026 */
	};
	expect_year(c, 2027, w27, sizeof w27 / sizeof w27[0]);
	/* 2028 by hand: 1/1 Sat → Mon 3 Jan. Tết Mậu Thân mùng 1 = Wed 26 Jan
	 * (brief), days Tue 25 – Sat 29 Jan, Sat 29 → Mon 31 Jan. 10/3 lunar =
	 * Tue 4 Apr. 30 Apr Sun, 1 May Mon → the compensation skips the holiday:
	 * Tue 2 May. 2 Sep Sat, 1 Sep Fri → Mon 4 Sep. */
	static const struct want w28[] = {
		{2028, 1, 1, HOL_OFF, TDL},
		{2028, 1, 3, HOL_OFF, "Nghỉ bù Tết Dương lịch"},
		{2028, 1, 25, HOL_OFF, TNDAN},
		{2028, 1, 26, HOL_OFF, TNDAN},
		{2028, 1, 27, HOL_OFF, TNDAN},
		{2028, 1, 28, HOL_OFF, TNDAN},
		{2028, 1, 29, HOL_OFF, TNDAN},
		{2028, 1, 31, HOL_OFF, "Nghỉ bù Tết Nguyên đán"},
		{2028, 4, 4, HOL_OFF, HV},
		{2028, 4, 30, HOL_OFF, CT},
		{2028, 5, 1, HOL_OFF, LD},
		{2028, 5, 2, HOL_OFF, "Nghỉ bù Ngày Chiến thắng"},
		{2028, 9, 1, HOL_OFF, QK},
		{2028, 9, 2, HOL_OFF, QK},
		{2028, 9, 4, HOL_OFF, "Nghỉ bù Quốc khánh"},
		{2028, 11, 24, HOL_OFF, "Ngày Văn hóa Việt Nam"}, /* Fri */
	};
	expect_year(c, 2028, w28, sizeof w28 / sizeof w28[0]);
	const struct hol_row *r = hol_day_info(c, D(2028, 5, 2));
	assert_non_null(r);
	assert_int_equal(r->is_default, 1);
	assert_string_equal(r->reason, "Bộ luật Lao động 2019, Điều 111(3)");
	/* first_year: no second National Day before 2021, no Hùng Kings before 2007 */
	assert_null(hol_day_info(c, D(2020, 9, 1)));
	assert_non_null(hol_day_info(c, D(2021, 9, 1)));
	const struct hol_row *v;
	size_t n = hol_year_days(c, 2006, &v);
	for (size_t i = 0; i < n; i++)
		assert_string_not_equal(v[i].name, HV);
	hol_free(c);
}

static void calendar_without_data(void **state)
{
	(void)state;
	struct hol_calendar *c = hol_new();
	for (int64_t d = D(2026, 2, 9); d < D(2026, 2, 23); d++) {
		int wd = vn_weekday(d);
		assert_int_equal(hol_is_working_day(c, d), wd >= 1 && wd <= 5);
		assert_int_equal(hol_is_working_day(NULL, d), wd >= 1 && wd <= 5);
	}
	const struct hol_row *v;
	assert_int_equal(hol_year_days(c, 2026, &v), 0);
	/* outside the covered years: Monday–Friday */
	struct hol_calendar *s = shipped();
	assert_int_equal(hol_year_days(s, 1899, &v), 0);
	assert_int_equal(hol_year_days(s, 2200, &v), 0);
	assert_true(hol_is_working_day(s, D(2200, 1, 1)));  /* Wednesday */
	assert_false(hol_is_working_day(s, D(2200, 1, 4))); /* Saturday */
	assert_false(hol_is_working_day(s, D(2199, 1, 1))); /* New Year default */
	hol_free(s);
	hol_free(c);
}

static void csv_features(void **state)
{
	(void)state;
	struct hol_calendar *c = hol_new();
	struct hol_error err;
	/* BOM, CRLF, comments, blank lines, reordered and optional columns,
	 * quotes with commas and doubled quotes, spaces around fields */
	static const char text[] = "\xef\xbb\xbf# comment line\r\n"
				   "\r\n"
				   "kind, name ,date\r\n"
				   "off,\"Nghỉ \"\"đặc biệt\"\", có dấu phẩy\",2030-03-04\r\n"
				   "# another comment\n"
				   "  work , Làm bù , 2030-03-09\n"
				   "\n";
	assert_int_equal(hol_load_days_csv(c, text, sizeof text - 1, &err), 0);
	const struct hol_row *v;
	assert_int_equal(hol_year_days(c, 2030, &v), 2);
	assert_int_equal(v[0].day, D(2030, 3, 4));
	assert_string_equal(v[0].name, "Nghỉ \"đặc biệt\", có dấu phẩy");
	assert_string_equal(v[0].decision, "");
	assert_int_equal(v[1].kind, HOL_WORK);
	assert_string_equal(v[1].name, "Làm bù");
	assert_false(hol_is_working_day(c, D(2030, 3, 4)));
	assert_true(hol_is_working_day(c, D(2030, 3, 9)));
	/* export quotes what needs quoting and loads back identically */
	size_t len;
	char *out = hol_export_year_csv(c, 2030, &len);
	assert_non_null(out);
	assert_string_equal(out, "date,kind,name,decision,reason\n"
				 "2030-03-04,off,\"Nghỉ \"\"đặc biệt\"\", có dấu phẩy\",,\n"
				 "2030-03-09,work,Làm bù,,\n");
	struct hol_calendar *c2 = hol_new();
	assert_int_equal(hol_load_days_csv(c2, out, len, &err), 0);
	size_t len2;
	char *out2 = hol_export_year_csv(c2, 2030, &len2);
	assert_string_equal(out, out2);
	free(out);
	free(out2);
	hol_free(c2);
	hol_free(c);
}

/* Each bad input fails with its line and leaves the calendar unchanged. */
static void csv_errors(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int line;
		const char *msg; /* a substring of the message */
	} cases[] = {
		{"", 1, "header"},
		{"# only a comment\n", 2, "header"},
		{"date,kind\n", 1, "missing column 'name'"},
		{"date,kind,name,colour\n", 1, "unknown column"},
		{"date,kind,name,date\n", 1, "appears twice"},
		{"date,kind,name\n2030-02-30,off,x\n", 2, "bad date"},
		{"date,kind,name\n2030-01-01,holiday,x\n", 2, "bad kind"},
		{"date,kind,name\n2030-01-01,off,\n", 2, "name is empty"},
		{"date,kind,name\n2030-01-01,off,a,b\n", 2, "expected 3 fields"},
		{"date,kind,name\n\n# c\n2030-01-01,off\n", 4, "expected 3 fields"},
		{"date,kind,name\n2030-01-02,work,x\n", 2, "saturday or sunday"},
		{"date,kind,name\n2030-01-01,off,a\n2030-01-01,off,b\n", 3, "appears twice"},
		{"date,kind,name\n1899-12-31,off,x\n", 2, "outside"},
		{"date,kind,name\n2200-01-01,off,x\n", 2, "outside"},
		{"date,kind,name\n2030-01-01,off,\"open\n", 2, "unterminated"},
		{"date,kind,name\n2030-01-01,off,\"a\"b\n", 2, "after a closing quote"},
		{"date,kind,name\n2030-01-01,off,a\"b\n", 2, "quote inside"},
		{"date,kind,name\n2030-01-01,off,a\rb\n", 2, "carriage return"},
		{"date,kind,name\n2030-01-01,off,\xc3\x28\n", 2, "utf-8"},
		{"date,kind,name\n2030-01-01,off,\xe0\x80\xaf\n", 2, "utf-8"}, /* overlong */
		{"date,kind,name\n2030-01-01,off,\"two\nlines\"\n", 2, "utf-8"},
		{"date,kind,name\n2030-01-01,off,a,b,c,d,e,f,g,h,i,j,k,l\n", 2, "fields"},
	};
	struct hol_calendar *c = shipped();
	size_t before_len;
	char *before = hol_export_year_csv(c, 2030, &before_len);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct hol_error err = {0, ""};
		assert_int_equal(hol_load_days_csv(c, cases[i].text, strlen(cases[i].text), &err),
				 -1);
		if (err.line != cases[i].line || !strstr(err.msg, cases[i].msg))
			fail_msg("case %zu: line %d '%s', want line %d '%s'", i, err.line, err.msg,
				 cases[i].line, cases[i].msg);
		char *after = hol_export_year_csv(c, 2030, NULL);
		assert_string_equal(before, after);
		free(after);
	}
	/* a good row before a bad one is not loaded either */
	struct hol_error err;
	static const char half[] = "date,kind,name\n2030-05-06,off,ok\n2030-05-07,off,\n";
	assert_int_equal(hol_load_days_csv(c, half, sizeof half - 1, &err), -1);
	assert_int_equal(err.line, 3);
	assert_true(hol_is_working_day(c, D(2030, 5, 6)));
	/* a long field */
	char big[HOL_TEXT_MAX + 64];
	int n = snprintf(big, sizeof big, "date,kind,name\n2030-01-01,off,");
	memset(big + n, 'a', HOL_TEXT_MAX + 1);
	big[n + HOL_TEXT_MAX + 1] = '\n';
	assert_int_equal(hol_load_days_csv(c, big, (size_t)n + HOL_TEXT_MAX + 2, &err), -1);
	assert_non_null(strstr(err.msg, "longer"));
	free(before);
	hol_free(c);
}

static void rules_csv(void **state)
{
	(void)state;
	struct hol_calendar *c = shipped();
	struct hol_error err;
	/* A new kind of holiday, added as data: 2/6 from 2027 (a made-up one).
	 * 2026 is decided, so it does not get it; 2027 (Wed) and 2029 (Sat →
	 * Mon 4/6) do. */
	size_t len;
	char *rules = hol_export_rules_csv(c, &len);
	assert_non_null(rules);
	size_t cap = len + 200;
	char *more = malloc(cap);
	snprintf(more, cap, "%ssolar,6,2,0,1,2027,,Ngày thử,\"Luật thử\"\n", rules);
	assert_int_equal(hol_load_rules_csv(c, more, strlen(more), &err), 0);
	assert_true(hol_is_working_day(c, D(2026, 6, 2)));
	assert_false(hol_is_working_day(c, D(2027, 6, 2)));
	assert_false(hol_is_working_day(c, D(2029, 6, 2)));
	const struct hol_row *r = hol_day_info(c, D(2029, 6, 4));
	assert_non_null(r);
	assert_string_equal(r->name, "Nghỉ bù Ngày thử");
	free(more);
	/* the export round-trips */
	char *again = hol_export_rules_csv(c, &len);
	struct hol_calendar *c2 = hol_new();
	assert_int_equal(hol_load_rules_csv(c2, again, len, &err), 0);
	char *again2 = hol_export_rules_csv(c2, NULL);
	assert_string_equal(again, again2);
	assert_int_equal(hol_rule_count(c2), 9); /* 8 shipped + the new one */
	free(again);
	free(again2);
	free(rules);
	hol_free(c2);

	/* lunar day 30 of a 29-day month means its last day; offsets cross
	 * years; solar 29/2 only in leap years; last_year bounds */
	struct hol_calendar *e = hol_new();
	static const char special[] =
		"calendar,month,day,days,name,offset,last_year\n"
		"lunar,12,30,1,Cuối năm,,\n" /* 2023's month 12 (of lunar 2023) */
		"solar,2,29,1,Nhuận,,\n"
		"solar,1,1,2,Giao thừa,-1,2031\n"; /* 31/12 of the previous year + 1/1 */
	assert_int_equal(hol_load_rules_csv(e, special, sizeof special - 1, &err), 0);
	/* lunar 2023 month 12 has 29 days (Tết 2024 = 10 Feb): last day 9 Feb 2024 */
	assert_false(hol_is_working_day(e, D(2024, 2, 9)));
	assert_false(hol_is_working_day(e, D(2024, 2, 29)));
	assert_null(hol_day_info(e, D(2025, 2, 28)));
	assert_false(hol_is_working_day(e, D(2030, 12, 31))); /* Tuesday, rule-year 2031 */
	assert_true(hol_is_working_day(e, D(2031, 12, 31)));  /* rule-year 2032: none */
	hol_free(e);

	static const struct {
		const char *text;
		int line;
		const char *msg;
	} bad[] = {
		{"calendar,month,day,days,name\nsolar,13,1,1,x\n", 2, "month"},
		{"calendar,month,day,days,name\nsolar,2,30,1,x\n", 2, "day 30"},
		{"calendar,month,day,days,name\nlunar,2,31,1,x\n", 2, "day"},
		{"calendar,month,day,days,name\nmoon,2,1,1,x\n", 2, "calendar"},
		{"calendar,month,day,days,name\nsolar,2,1,0,x\n", 2, "days"},
		{"calendar,month,day,days,name\nsolar,2,1,x,x\n", 2, "days"},
		{"calendar,month,day,days,name,offset\nsolar,2,1,1,x,40\n", 2, "offset"},
		{"calendar,month,day,days,name,first_year,last_year\nsolar,2,1,1,x,2030,2020\n", 2,
		 "after"},
		{"calendar,month,day,days\n", 1, "missing column 'name'"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct hol_error e2 = {0, ""};
		assert_int_equal(hol_load_rules_csv(c, bad[i].text, strlen(bad[i].text), &e2), -1);
		if (e2.line != bad[i].line || !strstr(e2.msg, bad[i].msg))
			fail_msg("rules case %zu: line %d '%s'", i, e2.line, e2.msg);
	}
	assert_int_equal(hol_rule_count(c), 9); /* unchanged */
	hol_free(c);
}

static void edit_days(void **state)
{
	(void)state;
	struct hol_calendar *c = shipped();
	struct hol_error err;
	/* Adding a day to an undecided year keeps its defaults as rows */
	struct hol_row add = {D(2027, 11, 24), HOL_OFF, "Ngày Văn hóa Việt Nam", "", "", 0};
	assert_int_equal(hol_set_day(c, &add, &err), 0);
	assert_true(hol_year_decided(c, 2027));
	const struct hol_row *v;
	assert_int_equal(hol_year_days(c, 2027, &v), 15);
	assert_false(hol_is_working_day(c, D(2027, 2, 10))); /* compensatory day kept */
	assert_false(hol_is_working_day(c, D(2027, 11, 24)));
	for (size_t i = 0; i < 15; i++)
		assert_int_equal(v[i].is_default, 0);
	/* replace a row, add a make-up Saturday, remove a day */
	struct hol_row rename = {D(2027, 11, 24), HOL_OFF, "Ngày Văn hóa", "QĐ 1/2027", "", 0};
	assert_int_equal(hol_set_day(c, &rename, &err), 0);
	assert_string_equal(hol_day_info(c, D(2027, 11, 24))->decision, "QĐ 1/2027");
	struct hol_row sat = {D(2027, 2, 20), HOL_WORK, "Làm bù", "", "", 0};
	assert_int_equal(hol_set_day(c, &sat, &err), 0);
	assert_true(hol_is_working_day(c, D(2027, 2, 20)));
	assert_int_equal(hol_remove_day(c, D(2027, 2, 11), &err), 0);
	assert_true(hol_is_working_day(c, D(2027, 2, 11)));
	assert_int_equal(hol_remove_day(c, D(2027, 3, 3), &err), 0); /* nothing there: fine */
	/* bad edits are refused and change nothing */
	struct hol_row weekday_work = {D(2027, 3, 3), HOL_WORK, "x", "", "", 0};
	assert_int_equal(hol_set_day(c, &weekday_work, &err), -1);
	struct hol_row noname = {D(2027, 3, 3), HOL_OFF, "", "", "", 0};
	assert_int_equal(hol_set_day(c, &noname, &err), -1);
	assert_int_equal(hol_remove_day(c, D(2300, 1, 1), &err), -1);
	assert_int_equal(hol_year_days(c, 2027, &v), 15);
	/* removing a day that has no row does not decide a year */
	assert_int_equal(hol_remove_day(c, D(2029, 3, 6), &err), 0);
	assert_false(hol_year_decided(c, 2029));
	/* removing every row makes the year undecided: defaults again */
	while (hol_year_days(c, 2027, &v) > 0 && hol_year_decided(c, 2027))
		assert_int_equal(hol_remove_day(c, v[0].day, &err), 0);
	assert_false(hol_year_decided(c, 2027));
	assert_false(hol_is_working_day(c, D(2027, 2, 11)));
	/* a clone is independent */
	struct hol_calendar *k = hol_clone(c);
	assert_int_equal(hol_remove_day(k, D(2026, 1, 2), &err), 0);
	assert_true(hol_is_working_day(k, D(2026, 1, 2)));
	assert_false(hol_is_working_day(c, D(2026, 1, 2)));
	hol_free(k);
	/* replace_years: what an import or the database layer does */
	struct hol_row rows[] = {
		{D(2026, 11, 24), HOL_OFF, "Ngày Văn hóa Việt Nam", "", "", 0},
	};
	assert_int_equal(hol_replace_years(c, rows, 1, &err), 0);
	assert_int_equal(hol_year_days(c, 2026, &v), 1);
	assert_true(hol_is_working_day(c, D(2026, 2, 17))); /* the year was replaced */
	hol_free(c);
}

static void export_round_trip_of_defaults(void **state)
{
	(void)state;
	struct hol_calendar *c = shipped();
	struct hol_error err;
	for (int y = 2024; y <= 2030; y++) {
		size_t len;
		char *csv = hol_export_year_csv(c, y, &len);
		assert_non_null(csv);
		struct hol_calendar *d = hol_new();
		assert_int_equal(hol_load_days_csv(d, csv, len, &err), 0);
		assert_true(hol_year_decided(d, y));
		for (int64_t day = D(y, 1, 1); day <= D(y, 12, 31); day++)
			assert_int_equal(hol_is_working_day(c, day), hol_is_working_day(d, day));
		char *back = hol_export_year_csv(d, y, NULL);
		/* same rows; only is_default differs, which the CSV does not carry */
		assert_string_equal(csv, back);
		free(back);
		free(csv);
		hol_free(d);
	}
	assert_null(hol_export_year_csv(c, 1899, NULL));
	hol_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(schedule_2025),
		cmocka_unit_test(schedule_2026),
		cmocka_unit_test(culture_day_from_2026),
		cmocka_unit_test(defaults_for_undecided_years),
		cmocka_unit_test(calendar_without_data),
		cmocka_unit_test(csv_features),
		cmocka_unit_test(csv_errors),
		cmocka_unit_test(rules_csv),
		cmocka_unit_test(edit_days),
		cmocka_unit_test(export_round_trip_of_defaults),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
