/*
 * bench.c — the legal clock's speed: lunar conversion of every day
 * 1900–2199 and due() for a 15-working-day limit from random instants in
 * 2020–2030. One run prints one line of key=value figures; run.sh runs it
 * several times and reports medians (bench/calendar/README.md).
 *
 * Not part of the product or of `make test`. Single-threaded.
 */
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "core/holidays.h"
#include "core/lunar.h"
#include "core/vntime.h"
#include "core/workcal.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* xorshift64*: a local PRNG (rand() is banned in this project). */
static uint64_t rng = 0x2545f4914f6cdd1dULL;
static uint64_t next_rand(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dULL;
}

#define NSTARTS 1000000

static int64_t starts[NSTARTS];

int main(void)
{
	/* 1. building the lunar month table (first use) */
	double t0 = now_s();
	lunar_init();
	double build = now_s() - t0;

	/* 2. every day 1900-01-01 .. 2199-12-31: solar → lunar, and back */
	int64_t first = vn_days_from_civil(1900, 1, 1), last = vn_days_from_civil(2199, 12, 31);
	int64_t sum = 0;
	t0 = now_s();
	for (int64_t d = first; d <= last; d++) {
		struct lunar_date ld;
		if (lunar_from_days(d, &ld) != 0)
			return 1;
		sum += ld.day;
	}
	double to_lunar = now_s() - t0;
	t0 = now_s();
	for (int64_t d = first; d <= last; d++) {
		struct lunar_date ld;
		int64_t back;
		lunar_from_days(d, &ld);
		if (lunar_to_days(&ld, &back) != 0 || back != d)
			return 1;
	}
	double round_trip = now_s() - t0;

	/* 3. the shipped calendar: parse the CSV files and build the tables */
	struct hol_error err;
	t0 = now_s();
	struct hol_calendar *cal = hol_new_shipped(&err);
	double load = now_s() - t0;
	if (!cal) {
		fprintf(stderr, "calendar: %s\n", err.msg);
		return 1;
	}

	/* 4. due(): 15 working days from random instants in 2020–2030 */
	struct wc_hours h;
	wc_hours_default(&h);
	int64_t lo = vn_instant(2020, 1, 1, 0, 0, 0), hi = vn_instant(2031, 1, 1, 0, 0, 0);
	for (int i = 0; i < NSTARTS; i++)
		starts[i] = lo + (int64_t)(next_rand() % (uint64_t)(hi - lo));
	t0 = now_s();
	for (int i = 0; i < NSTARTS; i++) {
		struct wc_due out;
		if (wc_due(cal, &h, starts[i], WC_WORKING_DAYS, 15000, &out) != 0)
			return 1;
		sum += out.due;
	}
	double due = now_s() - t0;

	printf("lunar_build_ms=%.3f every_day_to_lunar_ms=%.3f every_day_round_trip_ms=%.3f "
	       "calendar_load_ms=%.3f due15_ns=%.1f checksum=%lld\n",
	       build * 1e3, to_lunar * 1e3, round_trip * 1e3, load * 1e3, due / NSTARTS * 1e9,
	       (long long)(sum % 1000));
	hol_free(cal);
	return 0;
}
