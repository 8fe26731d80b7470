/*
 * workcal.c — working time arithmetic (the rules are in workcal.h).
 *
 * Everything walks day by day over local day numbers, asking the calendar
 * (a bitmap lookup) whether a day is a working day, and inside a working day
 * walks the periods. Whole working days in the middle of a long span are
 * taken in one step (rem > one day's working time), so a 15-working-day
 * limit costs ~20 bitmap lookups.
 *
 * The "exactly at a period start is reported as the previous period's end"
 * rule needs no special case: wc_add consumes a period with `rem <= avail`,
 * so time that runs out exactly at a period's end stops there and never
 * reaches the next period.
 *
 * Instants must lie in years 1..9999 (checked where an error can be
 * returned); outside the calendar's covered years the Monday–Friday rule
 * applies (holidays.h).
 *
 * Threading: pure functions.
 */
#include "core/workcal.h"

#include <stdio.h>

#include "core/holidays.h"
#include "core/vntime.h"

/* Instants accepted: 0001-01-01 .. 9999-12-31 (UTC). */
#define T_MIN (-62135596800LL)
#define T_MAX (253402300799LL)
/* At most ~100 years of 24 h working days. */
#define WORK_MAX ((int64_t)100 * 366 * 86400)

void wc_hours_default(struct wc_hours *h)
{
	h->n = 2;
	h->start[0] = 7 * 60 + 30;
	h->end[0] = 11 * 60 + 30;
	h->start[1] = 13 * 60;
	h->end[1] = 17 * 60;
	h->start[2] = h->end[2] = h->start[3] = h->end[3] = 0;
	h->cutoff = 15 * 60;
}

int wc_hours_valid(const struct wc_hours *h)
{
	if (!h || h->n < 1 || h->n > WC_MAX_PERIODS)
		return 0;
	for (int i = 0; i < h->n; i++) {
		if (h->start[i] < 0 || h->start[i] >= h->end[i] || h->end[i] > 24 * 60)
			return 0;
		if (i > 0 && h->start[i] < h->end[i - 1])
			return 0;
	}
	return h->cutoff == WC_NO_CUTOFF || (h->cutoff >= 0 && h->cutoff <= 24 * 60);
}

int64_t wc_day_seconds(const struct wc_hours *h)
{
	int64_t s = 0;
	for (int i = 0; i < h->n; i++)
		s += (int64_t)(h->end[i] - h->start[i]) * 60;
	return s;
}

static int is_space(char ch)
{
	return ch == ' ' || ch == '\t';
}

int wc_parse_hhmm(const char *s, size_t len, int *minutes)
{
	size_t i = 0;
	int hh = 0, mm = 0, nd = 0;
	while (i < len && s[i] >= '0' && s[i] <= '9' && nd < 2) {
		hh = hh * 10 + (s[i++] - '0');
		nd++;
	}
	if (nd == 0 || i + 3 != len || s[i] != ':' || s[i + 1] < '0' || s[i + 1] > '5' ||
	    s[i + 2] < '0' || s[i + 2] > '9')
		return -1;
	mm = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
	if (hh > 24 || (hh == 24 && mm != 0))
		return -1;
	*minutes = hh * 60 + mm;
	return 0;
}

int wc_hours_parse(struct wc_hours *h, const char *s, size_t len)
{
	struct wc_hours t = *h;
	size_t i = 0;
	t.n = 0;
	while (i <= len) {
		size_t j = i;
		while (j < len && s[j] != ',')
			j++;
		/* item s[i..j): "HH:MM-HH:MM" with optional spaces */
		size_t a = i, b = j;
		while (a < b && is_space(s[a]))
			a++;
		while (b > a && is_space(s[b - 1]))
			b--;
		size_t dash = a;
		while (dash < b && s[dash] != '-')
			dash++;
		if (dash == b || t.n == WC_MAX_PERIODS)
			return -1;
		size_t e1 = dash, s2 = dash + 1;
		while (e1 > a && is_space(s[e1 - 1]))
			e1--;
		while (s2 < b && is_space(s[s2]))
			s2++;
		if (wc_parse_hhmm(s + a, e1 - a, &t.start[t.n]) != 0 ||
		    wc_parse_hhmm(s + s2, b - s2, &t.end[t.n]) != 0)
			return -1;
		t.n++;
		i = j + 1;
	}
	for (int k = t.n; k < WC_MAX_PERIODS; k++)
		t.start[k] = t.end[k] = 0;
	int cutoff = t.cutoff;
	t.cutoff = WC_NO_CUTOFF; /* validate the periods alone */
	if (!wc_hours_valid(&t))
		return -1;
	t.cutoff = cutoff;
	*h = t;
	return 0;
}

int wc_hours_format(const struct wc_hours *h, char *out, size_t cap)
{
	size_t len = 0;
	if (cap == 0)
		return -1;
	out[0] = '\0';
	for (int i = 0; i < h->n; i++) {
		int n = snprintf(out + len, cap - len, "%s%02d:%02d-%02d:%02d", i ? "," : "",
				 h->start[i] / 60, h->start[i] % 60, h->end[i] / 60,
				 h->end[i] % 60);
		if (n < 0 || (size_t)n >= cap - len)
			return -1;
		len += (size_t)n;
	}
	return (int)len;
}

int wc_is_working_day(const struct hol_calendar *c, int64_t day)
{
	return hol_is_working_day(c, day);
}

/* The first working day after `day`. Terminates: outside the covered years
 * every Monday–Friday is a working day. */
static int64_t next_working_day(const struct hol_calendar *c, int64_t day)
{
	do
		day++;
	while (!hol_is_working_day(c, day));
	return day;
}

int64_t wc_clock_start(const struct hol_calendar *c, const struct wc_hours *h, int64_t t)
{
	int64_t day = vn_day_of(t);
	int64_t sod = vn_second_of_day(t);
	if (hol_is_working_day(c, day) &&
	    (h->cutoff == WC_NO_CUTOFF || sod <= (int64_t)h->cutoff * 60)) {
		for (int i = 0; i < h->n; i++) {
			if (sod < (int64_t)h->end[i] * 60) {
				if (sod >= (int64_t)h->start[i] * 60)
					return t; /* inside a period */
				return vn_instant_of_day(day) + (int64_t)h->start[i] * 60;
			}
		}
	}
	return vn_instant_of_day(next_working_day(c, day)) + (int64_t)h->start[0] * 60;
}

int wc_add(const struct hol_calendar *c, const struct wc_hours *h, int64_t t, int64_t work_s,
	   int64_t *out)
{
	if (!wc_hours_valid(h) || work_s < 0 || work_s > WORK_MAX || t < T_MIN || t > T_MAX)
		return -1;
	if (work_s == 0) {
		*out = t;
		return 0;
	}
	int64_t day = vn_day_of(t), sod = vn_second_of_day(t);
	int64_t rem = work_s, ds = wc_day_seconds(h);
	for (;;) {
		if (hol_is_working_day(c, day)) {
			for (int i = 0; i < h->n; i++) {
				int64_t ps = (int64_t)h->start[i] * 60,
					pe = (int64_t)h->end[i] * 60;
				if (sod >= pe)
					continue;
				int64_t from = sod > ps ? sod : ps;
				if (rem <= pe - from) {
					*out = vn_instant_of_day(day) + from + rem;
					return 0;
				}
				rem -= pe - from;
			}
		}
		day++;
		sod = 0;
		/* whole working days; `>` keeps the last day for the loop above
		 * so an exact fit ends at that day's close, not the next opening */
		while (rem > ds && hol_is_working_day(c, day)) {
			rem -= ds;
			day++;
		}
	}
}

int64_t wc_elapsed(const struct hol_calendar *c, const struct wc_hours *h, int64_t a, int64_t b)
{
	if (b <= a)
		return 0;
	int64_t da = vn_day_of(a), db = vn_day_of(b), ds = wc_day_seconds(h), total = 0;
	for (int64_t day = da; day <= db; day++) {
		if (!hol_is_working_day(c, day))
			continue;
		if (day > da && day < db) {
			total += ds;
			continue;
		}
		int64_t base = vn_instant_of_day(day);
		for (int i = 0; i < h->n; i++) {
			int64_t lo = base + (int64_t)h->start[i] * 60,
				hi = base + (int64_t)h->end[i] * 60;
			if (lo < a)
				lo = a;
			if (hi > b)
				hi = b;
			if (hi > lo)
				total += hi - lo;
		}
	}
	return total;
}

int64_t wc_close_of_day(const struct wc_hours *h, int64_t day)
{
	return vn_instant_of_day(day) + (int64_t)h->end[h->n - 1] * 60;
}

/* amount_milli × unit_s / 1000, rounded half up; amounts are checked first. */
static int64_t scale(int64_t amount_milli, int64_t unit_s)
{
	return (amount_milli * unit_s + 500) / 1000;
}

int wc_due(const struct hol_calendar *c, const struct wc_hours *h, int64_t received,
	   enum wc_unit unit, int64_t amount_milli, struct wc_due *out)
{
	if (!wc_hours_valid(h) || received < T_MIN || received > T_MAX || amount_milli < 0 ||
	    amount_milli > (int64_t)36600 * 1000)
		return -1;
	switch (unit) {
	case WC_WORKING_DAYS:
		out->start = wc_clock_start(c, h, received);
		return wc_add(c, h, out->start, scale(amount_milli, wc_day_seconds(h)), &out->due);
	case WC_WORKING_HOURS:
		out->start = wc_clock_start(c, h, received);
		return wc_add(c, h, out->start, scale(amount_milli, 3600), &out->due);
	case WC_SAME_DAY:
		out->start = wc_clock_start(c, h, received);
		out->due = wc_close_of_day(h, vn_day_of(out->start));
		return 0;
	case WC_CALENDAR_DAYS: {
		if (amount_milli % 1000 != 0)
			return -1;
		int64_t last = vn_day_of(received) + amount_milli / 1000;
		if (!hol_is_working_day(c, last))
			last = next_working_day(c, last);
		out->start = received;
		out->due = wc_close_of_day(h, last);
		return 0;
	}
	}
	return -1;
}
