/*
 * test_workcal.c — working time and due instants (src/core/workcal.c) on
 * the shipped calendar. Every expected instant is worked out by hand in the
 * comment beside it (hours 07:30–11:30 + 13:00–17:00 = 8 h a day).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/holidays.h"
#include "core/vntime.h"
#include "core/workcal.h"

static struct hol_calendar *cal;
static struct wc_hours H;

static int setup(void **state)
{
	(void)state;
	struct hol_error err;
	cal = hol_new_shipped(&err);
	wc_hours_default(&H);
	return cal ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	hol_free(cal);
	return 0;
}

static int64_t T(int y, int mo, int d, int hh, int mi)
{
	return vn_instant(y, mo, d, hh, mi, 0);
}

static void expect_instant(int64_t got, int64_t want, const char *what)
{
	if (got != want) {
		char g[40], w[40];
		vn_format_iso(got, g, sizeof g);
		vn_format_iso(want, w, sizeof w);
		fail_msg("%s: got %s, want %s", what, g, w);
	}
}

/* due for `milli` thousandths of `unit` received at r; checks start too. */
static void expect_due(int64_t r, enum wc_unit unit, int64_t milli, int64_t start, int64_t due)
{
	struct wc_due out;
	assert_int_equal(wc_due(cal, &H, r, unit, milli, &out), 0);
	expect_instant(out.start, start, "start");
	expect_instant(out.due, due, "due");
}

static void hours_spec(void **state)
{
	(void)state;
	struct wc_hours h;
	char buf[64];
	wc_hours_default(&h);
	assert_int_equal(wc_day_seconds(&h), 8 * 3600);
	assert_int_equal(h.cutoff, 15 * 60);
	assert_true(wc_hours_format(&h, buf, sizeof buf) > 0);
	assert_string_equal(buf, "07:30-11:30,13:00-17:00");
	static const char spec[] = " 7:00 - 11:00 , 13:30-16:30,17:00-24:00";
	assert_int_equal(wc_hours_parse(&h, spec, strlen(spec)), 0);
	assert_int_equal(h.n, 3);
	assert_int_equal(h.cutoff, 15 * 60); /* untouched */
	assert_true(wc_hours_format(&h, buf, sizeof buf) > 0);
	assert_string_equal(buf, "07:00-11:00,13:30-16:30,17:00-24:00");
	assert_int_equal(wc_day_seconds(&h), (4 * 60 + 3 * 60 + 7 * 60) * 60);
	static const char *const bad[] = {
		"",
		"07:30",
		"07:30-",
		"07:30-11:30,",
		"11:30-07:30",
		"07:30-11:30,11:00-17:00",
		"25:00-26:00",
		"07:60-08:00",
		"7-8",
		"07:30-11:30;13:00-17:00",
		"01:00-02:00,03:00-04:00,05:00-06:00,07:00-08:00,09:00-10:00",
		"24:30-24:40",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct wc_hours k = h;
		if (wc_hours_parse(&k, bad[i], strlen(bad[i])) != -1)
			fail_msg("accepted '%s'", bad[i]);
		assert_int_equal(k.n, h.n); /* unchanged */
	}
	int m;
	assert_int_equal(wc_parse_hhmm("15:00", 5, &m), 0);
	assert_int_equal(m, 900);
	assert_int_equal(wc_parse_hhmm("24:00", 5, &m), 0);
	assert_int_equal(wc_parse_hhmm("15:0", 4, &m), -1);
	assert_int_equal(wc_parse_hhmm("150:00", 6, &m), -1);
	assert_int_equal(wc_hours_format(&h, buf, 10), -1);
}

/* 2 Mar 2026 is a Monday; the week 2–6 Mar has no holiday. */
static void clock_start(void **state)
{
	(void)state;
	int64_t mon = T(2026, 3, 2, 0, 0);
	expect_instant(wc_clock_start(cal, &H, mon + 9 * 3600), mon + 9 * 3600, "in period");
	expect_instant(wc_clock_start(cal, &H, mon + 6 * 3600), T(2026, 3, 2, 7, 30), "early");
	expect_instant(wc_clock_start(cal, &H, T(2026, 3, 2, 7, 30)), T(2026, 3, 2, 7, 30),
		       "opening");
	/* lunch before the cut-off: the 13:00 period of the same day */
	expect_instant(wc_clock_start(cal, &H, T(2026, 3, 2, 11, 30)), T(2026, 3, 2, 13, 0),
		       "11:30");
	expect_instant(wc_clock_start(cal, &H, T(2026, 3, 2, 12, 15)), T(2026, 3, 2, 13, 0),
		       "lunch");
	expect_instant(wc_clock_start(cal, &H, T(2026, 3, 2, 14, 59)), T(2026, 3, 2, 14, 59),
		       "14:59");
	/* the cut-off: 15:00:00 is not "after 15:00"; 15:00:01 is */
	expect_instant(wc_clock_start(cal, &H, T(2026, 3, 2, 15, 0)), T(2026, 3, 2, 15, 0),
		       "15:00:00");
	expect_instant(wc_clock_start(cal, &H, T(2026, 3, 2, 15, 0) + 1), T(2026, 3, 3, 7, 30),
		       "15:00:01");
	expect_instant(wc_clock_start(cal, &H, T(2026, 3, 2, 16, 0)), T(2026, 3, 3, 7, 30),
		       "16:00");
	expect_instant(wc_clock_start(cal, &H, T(2026, 3, 2, 18, 0)), T(2026, 3, 3, 7, 30),
		       "evening");
	/* Friday after the cut-off, Saturday, Sunday → Monday 07:30 */
	expect_instant(wc_clock_start(cal, &H, T(2026, 3, 6, 15, 30)), T(2026, 3, 9, 7, 30), "fri");
	expect_instant(wc_clock_start(cal, &H, T(2026, 3, 7, 10, 0)), T(2026, 3, 9, 7, 30), "sat");
	expect_instant(wc_clock_start(cal, &H, T(2026, 3, 8, 10, 0)), T(2026, 3, 9, 7, 30), "sun");
	/* a holiday (Tết, Tue 17 Feb 2026) → the next working day, Mon 23 Feb */
	expect_instant(wc_clock_start(cal, &H, T(2026, 2, 17, 9, 0)), T(2026, 2, 23, 7, 30), "tet");
	/* a make-up Saturday is a working day (Sat 10 Jan 2026) */
	expect_instant(wc_clock_start(cal, &H, T(2026, 1, 10, 9, 0)), T(2026, 1, 10, 9, 0), "sat");
	/* without a cut-off, 16:00 counts at once */
	struct wc_hours nc = H;
	nc.cutoff = WC_NO_CUTOFF;
	expect_instant(wc_clock_start(cal, &nc, T(2026, 3, 2, 16, 0)), T(2026, 3, 2, 16, 0), "nc");
	expect_instant(wc_clock_start(cal, &nc, T(2026, 3, 2, 17, 0)), T(2026, 3, 3, 7, 30),
		       "nc17");
}

static void working_days(void **state)
{
	(void)state;
	/* the brief's examples: Mon 09:00 + 3 days → Thu 09:00 */
	expect_due(T(2026, 3, 2, 9, 0), WC_WORKING_DAYS, 3000, T(2026, 3, 2, 9, 0),
		   T(2026, 3, 5, 9, 0));
	/* Mon 16:00 (after the cut-off) + 1 day → Tue 07:30 + 8 h = Tue 17:00,
	 * not Wed 07:30 */
	expect_due(T(2026, 3, 2, 16, 0), WC_WORKING_DAYS, 1000, T(2026, 3, 3, 7, 30),
		   T(2026, 3, 3, 17, 0));
	/* Mon 07:30 + 1 day → Mon 17:00 */
	expect_due(T(2026, 3, 2, 7, 30), WC_WORKING_DAYS, 1000, T(2026, 3, 2, 7, 30),
		   T(2026, 3, 2, 17, 0));
	/* lunch: Mon 12:00 → clock 13:00; 4 h Mon + 4 h Tue morning → Tue 11:30
	 * (the end of the morning period, not 13:00) */
	expect_due(T(2026, 3, 2, 12, 0), WC_WORKING_DAYS, 1000, T(2026, 3, 2, 13, 0),
		   T(2026, 3, 3, 11, 30));
	/* Fri 10:00 + 2 days: Fri 5.5 h, Mon 8 h, Tue 07:30 + 2.5 h = Tue 10:00 */
	expect_due(T(2026, 3, 6, 10, 0), WC_WORKING_DAYS, 2000, T(2026, 3, 6, 10, 0),
		   T(2026, 3, 10, 10, 0));
	/* 15 working days from Mon 2 Mar 09:00: three weeks later, Mon 23 Mar */
	expect_due(T(2026, 3, 2, 9, 0), WC_WORKING_DAYS, 15000, T(2026, 3, 2, 9, 0),
		   T(2026, 3, 23, 9, 0));
	/* zero days: due at the clock start */
	expect_due(T(2026, 3, 2, 16, 0), WC_WORKING_DAYS, 0, T(2026, 3, 3, 7, 30),
		   T(2026, 3, 3, 7, 30));
}

static void fractions_and_hours(void **state)
{
	(void)state;
	/* 0.5 day = 4 h: Mon 09:00 → 2.5 h + 13:00–14:30 → Mon 14:30 */
	expect_due(T(2026, 3, 2, 9, 0), WC_WORKING_DAYS, 500, T(2026, 3, 2, 9, 0),
		   T(2026, 3, 2, 14, 30));
	/* 1.5 days = 12 h: Mon 8 h from 09:00 → Tue 09:00, + 4 h → Tue 14:30 */
	expect_due(T(2026, 3, 2, 9, 0), WC_WORKING_DAYS, 1500, T(2026, 3, 2, 9, 0),
		   T(2026, 3, 3, 14, 30));
	/* Mon 13:00 + 0.5 day → Mon 17:00 (not Tue 07:30) */
	expect_due(T(2026, 3, 2, 13, 0), WC_WORKING_DAYS, 500, T(2026, 3, 2, 13, 0),
		   T(2026, 3, 2, 17, 0));
	/* hours: Mon 10:00 + 4 h → 1.5 h + 13:00–15:30 */
	expect_due(T(2026, 3, 2, 10, 0), WC_WORKING_HOURS, 4000, T(2026, 3, 2, 10, 0),
		   T(2026, 3, 2, 15, 30));
	/* Mon 09:30 + 2 h → 11:30 exactly: the end of the morning, not 13:00 */
	expect_due(T(2026, 3, 2, 9, 30), WC_WORKING_HOURS, 2000, T(2026, 3, 2, 9, 30),
		   T(2026, 3, 2, 11, 30));
	/* 1.25 h from 11:00: 30 min + 45 min → 13:45 */
	expect_due(T(2026, 3, 2, 11, 0), WC_WORKING_HOURS, 1250, T(2026, 3, 2, 11, 0),
		   T(2026, 3, 2, 13, 45));
	/* hours after the cut-off start the next morning: Mon 16:00 + 3 h → Tue 10:30 */
	expect_due(T(2026, 3, 2, 16, 0), WC_WORKING_HOURS, 3000, T(2026, 3, 3, 7, 30),
		   T(2026, 3, 3, 10, 30));
}

static void same_day(void **state)
{
	(void)state;
	expect_due(T(2026, 3, 2, 9, 0), WC_SAME_DAY, 0, T(2026, 3, 2, 9, 0), T(2026, 3, 2, 17, 0));
	expect_due(T(2026, 3, 2, 6, 0), WC_SAME_DAY, 0, T(2026, 3, 2, 7, 30), T(2026, 3, 2, 17, 0));
	expect_due(T(2026, 3, 2, 12, 0), WC_SAME_DAY, 0, T(2026, 3, 2, 13, 0),
		   T(2026, 3, 2, 17, 0));
	expect_due(T(2026, 3, 2, 15, 0), WC_SAME_DAY, 0, T(2026, 3, 2, 15, 0),
		   T(2026, 3, 2, 17, 0));
	/* after 15:00: the next working day */
	expect_due(T(2026, 3, 2, 15, 30), WC_SAME_DAY, 0, T(2026, 3, 3, 7, 30),
		   T(2026, 3, 3, 17, 0));
	expect_due(T(2026, 3, 6, 16, 0), WC_SAME_DAY, 0, T(2026, 3, 9, 7, 30),
		   T(2026, 3, 9, 17, 0));
	expect_due(T(2026, 3, 7, 9, 0), WC_SAME_DAY, 0, T(2026, 3, 9, 7, 30), T(2026, 3, 9, 17, 0));
	/* Wed 31 Dec 2025 evening → Mon 5 Jan 2026 (1–4 Jan off) */
	expect_due(T(2025, 12, 31, 19, 0), WC_SAME_DAY, 0, T(2026, 1, 5, 7, 30),
		   T(2026, 1, 5, 17, 0));
}

static void calendar_days(void **state)
{
	(void)state;
	/* Civil Code Art. 147: the day of receipt does not count. Mon 2 Mar +
	 * 10 days → Thu 12 Mar, close of business */
	expect_due(T(2026, 3, 2, 16, 0), WC_CALENDAR_DAYS, 10000, T(2026, 3, 2, 16, 0),
		   T(2026, 3, 12, 17, 0));
	/* Wed 4 Mar + 10 → Sat 14 Mar → Art. 148: Mon 16 Mar */
	expect_due(T(2026, 3, 4, 9, 0), WC_CALENDAR_DAYS, 10000, T(2026, 3, 4, 9, 0),
		   T(2026, 3, 16, 17, 0));
	/* Mon 9 Feb 2026 + 7 → Mon 16 Feb (Tết) → first working day Mon 23 Feb */
	expect_due(T(2026, 2, 9, 9, 0), WC_CALENDAR_DAYS, 7000, T(2026, 2, 9, 9, 0),
		   T(2026, 2, 23, 17, 0));
	/* ending on a make-up Saturday: Sat 22 Aug 2026 is a working day */
	expect_due(T(2026, 8, 12, 9, 0), WC_CALENDAR_DAYS, 10000, T(2026, 8, 12, 9, 0),
		   T(2026, 8, 22, 17, 0));
	struct wc_due out;
	assert_int_equal(wc_due(cal, &H, T(2026, 3, 2, 9, 0), WC_CALENDAR_DAYS, 1500, &out), -1);
}

static void across_tet_2026(void **state)
{
	(void)state;
	/* Fri 13 Feb 10:00 + 3 days: Fri 5.5 h; Sat 14 – Sun 22 off; Mon 23 8 h;
	 * Tue 24 8 h; Wed 25 07:30 + 2.5 h → Wed 25 Feb 10:00 */
	expect_due(T(2026, 2, 13, 10, 0), WC_WORKING_DAYS, 3000, T(2026, 2, 13, 10, 0),
		   T(2026, 2, 25, 10, 0));
	/* Thu 12 Feb 16:00 + 1 day → clock Fri 13 07:30 → Fri 17:00 */
	expect_due(T(2026, 2, 12, 16, 0), WC_WORKING_DAYS, 1000, T(2026, 2, 13, 7, 30),
		   T(2026, 2, 13, 17, 0));
	/* Fri 13 Feb 16:00 + 1 day → clock Mon 23 Feb → Mon 17:00 */
	expect_due(T(2026, 2, 13, 16, 0), WC_WORKING_DAYS, 1000, T(2026, 2, 23, 7, 30),
		   T(2026, 2, 23, 17, 0));
	/* received during Tết */
	expect_due(T(2026, 2, 18, 9, 0), WC_WORKING_DAYS, 2000, T(2026, 2, 23, 7, 30),
		   T(2026, 2, 24, 17, 0));
	/* 15 days from Mon 9 Feb 09:00, counting 8 h blocks: → Tue 10, Wed 11,
	 * Thu 12, Fri 13 (4), → Mon 23 (5: Fri 09:00 to Mon 09:00 over Tết),
	 * → 24, 25, 26, 27 (9), → Mon 2 Mar (10), → 3, 4, 5, 6 (14),
	 * → Mon 9 Mar 09:00 (15). */
	expect_due(T(2026, 2, 9, 9, 0), WC_WORKING_DAYS, 15000, T(2026, 2, 9, 9, 0),
		   T(2026, 3, 9, 9, 0));
}

static void across_swap_saturdays_2026(void **state)
{
	(void)state;
	/* Fri 9 Jan 10:00 + 2 days: Fri 5.5 h, Sat 10 Jan (make-up day) 8 h,
	 * Mon 12 07:30 + 2.5 h → Mon 12 Jan 10:00 (Tue 13 without the swap) */
	expect_due(T(2026, 1, 9, 10, 0), WC_WORKING_DAYS, 2000, T(2026, 1, 9, 10, 0),
		   T(2026, 1, 12, 10, 0));
	/* Fri 9 Jan 16:00 + 1 day → clock Sat 10 07:30 → Sat 10 Jan 17:00 */
	expect_due(T(2026, 1, 9, 16, 0), WC_WORKING_DAYS, 1000, T(2026, 1, 10, 7, 30),
		   T(2026, 1, 10, 17, 0));
	/* Wed 31 Dec 2025 14:00 + 1 day: 3 h on Wed; 1–4 Jan off; Mon 5 Jan
	 * 07:30 + 5 h → 11:30 + 1 h → Mon 5 Jan 14:00 */
	expect_due(T(2025, 12, 31, 14, 0), WC_WORKING_DAYS, 1000, T(2025, 12, 31, 14, 0),
		   T(2026, 1, 5, 14, 0));
	/* Fri 21 Aug 09:00 + 3 days: Fri 6.5 h, Sat 22 Aug 8 h, Mon 24 8 h,
	 * Tue 25 07:30 + 1.5 h → Tue 25 Aug 09:00 */
	expect_due(T(2026, 8, 21, 9, 0), WC_WORKING_DAYS, 3000, T(2026, 8, 21, 9, 0),
		   T(2026, 8, 25, 9, 0));
	/* Thu 27 Aug 09:00 + 3 days: Thu 6.5 h, Fri 28 8 h, 29 Aug – 2 Sep off,
	 * Thu 3 Sep 8 h, Fri 4 Sep 07:30 + 1.5 h → Fri 4 Sep 09:00 */
	expect_due(T(2026, 8, 27, 9, 0), WC_WORKING_DAYS, 3000, T(2026, 8, 27, 9, 0),
		   T(2026, 9, 4, 9, 0));
	/* 2025: Fri 25 Apr 10:00 + 1 day: 5.5 h Fri, Sat 26 Apr (make-up)
	 * 07:30 + 2.5 h → Sat 26 Apr 10:00 */
	expect_due(T(2025, 4, 25, 10, 0), WC_WORKING_DAYS, 1000, T(2025, 4, 25, 10, 0),
		   T(2025, 4, 26, 10, 0));
}

static void elapsed_and_pauses(void **state)
{
	(void)state;
	/* Mon 09:00 → Thu 09:00 is exactly 3 working days */
	assert_int_equal(wc_elapsed(cal, &H, T(2026, 3, 2, 9, 0), T(2026, 3, 5, 9, 0)), 3 * 28800);
	/* across lunch: 11:00 → 13:30 = 30 + 30 min */
	assert_int_equal(wc_elapsed(cal, &H, T(2026, 3, 2, 11, 0), T(2026, 3, 2, 13, 30)), 3600);
	/* inside lunch, reversed, empty */
	assert_int_equal(wc_elapsed(cal, &H, T(2026, 3, 2, 11, 40), T(2026, 3, 2, 12, 50)), 0);
	assert_int_equal(wc_elapsed(cal, &H, T(2026, 3, 5, 9, 0), T(2026, 3, 2, 9, 0)), 0);
	/* over a weekend: Fri 16:00 → Mon 08:30 = 1 h + 1 h */
	assert_int_equal(wc_elapsed(cal, &H, T(2026, 3, 6, 16, 0), T(2026, 3, 9, 8, 30)), 7200);
	/* over Tết 2026: Fri 13 Feb 16:00 → Mon 23 Feb 08:30 = 2 h */
	assert_int_equal(wc_elapsed(cal, &H, T(2026, 2, 13, 16, 0), T(2026, 2, 23, 8, 30)), 7200);
	/* seconds count */
	assert_int_equal(wc_elapsed(cal, &H, T(2026, 3, 2, 9, 0), T(2026, 3, 2, 9, 0) + 59), 59);

	/* A pause: received Mon 2 Mar 09:00, 3 days → due Thu 5 Mar 09:00.
	 * Supplement requested Tue 3 Mar 10:00, received Wed 4 Mar 14:00:
	 * paused 1.5 + 4 + 4 + 1 = 10.5 h. New due = Thu 09:00 + 10.5 h:
	 * 2.5 h to 11:30, 4 h to 17:00, Fri 07:30 + 4 h → Fri 6 Mar 11:30. */
	struct wc_due d;
	assert_int_equal(wc_due(cal, &H, T(2026, 3, 2, 9, 0), WC_WORKING_DAYS, 3000, &d), 0);
	int64_t paused = wc_elapsed(cal, &H, T(2026, 3, 3, 10, 0), T(2026, 3, 4, 14, 0));
	assert_int_equal(paused, 10 * 3600 + 1800);
	int64_t due2;
	assert_int_equal(wc_add(cal, &H, d.due, paused, &due2), 0);
	expect_instant(due2, T(2026, 3, 6, 11, 30), "paused due");
	/* the working time from start to the new due, less the pause, is 3 days */
	assert_int_equal(wc_elapsed(cal, &H, d.start, due2) - paused, 3 * 28800);
	/* a pause over Tết: requested Thu 12 Feb 16:00, back Tue 24 Feb 08:00:
	 * 1 h + 8 h (Fri 13) + 8 h (Mon 23) + 0.5 h = 17.5 h */
	assert_int_equal(wc_elapsed(cal, &H, T(2026, 2, 12, 16, 0), T(2026, 2, 24, 8, 0)),
			 17 * 3600 + 1800);
}

/* xorshift64*: a local PRNG (rand() is banned). */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static int at_period_start(int64_t t)
{
	int s = vn_second_of_day(t);
	for (int i = 0; i < H.n; i++)
		if (s == H.start[i] * 60)
			return 1;
	return 0;
}

static void properties(void **state)
{
	(void)state;
	int64_t lo = T(2024, 1, 1, 0, 0), hi = T(2028, 12, 31, 0, 0);
	for (int i = 0; i < 20000; i++) {
		int64_t t = lo + (int64_t)(rnd() % (uint64_t)(hi - lo));
		int64_t work = (int64_t)(rnd() % (40 * 28800)) + 1;
		int64_t due, cs = wc_clock_start(cal, &H, t);
		assert_true(cs >= t);
		assert_true(hol_is_working_day(cal, vn_day_of(cs)));
		assert_int_equal(wc_add(cal, &H, cs, work, &due), 0);
		/* exactly `work` seconds of working time, ending inside working
		 * time and never at a period's opening */
		assert_int_equal(wc_elapsed(cal, &H, cs, due), work);
		assert_true(hol_is_working_day(cal, vn_day_of(due)));
		assert_false(at_period_start(due));
		/* additivity: adding in two steps gives the same instant */
		int64_t a = (int64_t)(rnd() % (uint64_t)work), mid, due2;
		assert_int_equal(wc_add(cal, &H, cs, a, &mid), 0);
		assert_int_equal(wc_add(cal, &H, mid, work - a, &due2), 0);
		expect_instant(due2, due, "two steps");
	}
}

static void bad_arguments(void **state)
{
	(void)state;
	struct wc_due out;
	int64_t t = T(2026, 3, 2, 9, 0), o;
	assert_int_equal(wc_due(cal, &H, t, WC_WORKING_DAYS, -1, &out), -1);
	assert_int_equal(wc_due(cal, &H, t, WC_WORKING_DAYS, (int64_t)36601 * 1000, &out), -1);
	assert_int_equal(wc_add(cal, &H, t, -5, &o), -1);
	struct wc_hours bad = H;
	bad.n = 0;
	assert_int_equal(wc_due(cal, &bad, t, WC_WORKING_DAYS, 1000, &out), -1);
	assert_int_equal(wc_add(cal, &bad, t, 60, &o), -1);
	bad = H;
	bad.cutoff = 2000;
	assert_false(wc_hours_valid(&bad));
	assert_int_equal(wc_add(cal, &H, t, 0, &o), 0);
	assert_int_equal(o, t);
	/* no calendar: Monday–Friday; Tue 17 Feb 2026 is then a working day */
	assert_int_equal(wc_due(NULL, &H, T(2026, 2, 17, 9, 0), WC_WORKING_DAYS, 1000, &out), 0);
	expect_instant(out.due, T(2026, 2, 18, 9, 0), "no calendar");
	/* far future: beyond the covered years the weekday rule still works */
	assert_int_equal(wc_due(cal, &H, T(2199, 12, 31, 9, 0), WC_WORKING_DAYS, 5000, &out), 0);
	expect_instant(out.due, T(2200, 1, 7, 9, 0), "2200");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hours_spec),         cmocka_unit_test(clock_start),
		cmocka_unit_test(working_days),       cmocka_unit_test(fractions_and_hours),
		cmocka_unit_test(same_day),           cmocka_unit_test(calendar_days),
		cmocka_unit_test(across_tet_2026),    cmocka_unit_test(across_swap_saturdays_2026),
		cmocka_unit_test(elapsed_and_pauses), cmocka_unit_test(properties),
		cmocka_unit_test(bad_arguments),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
