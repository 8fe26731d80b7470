/*
 * vntime.c — civil-date arithmetic for Vietnam's fixed UTC+7 local time.
 *
 * The day-number conversions are Howard Hinnant's "days_from_civil"
 * algorithms (public domain), exact for every proleptic Gregorian date that
 * fits in int64. Division rounds toward minus infinity where instants before
 * 1970 are involved, so negative instants work too.
 */
#include "core/vntime.h"

#include <stdio.h>
#include <string.h>

static int64_t floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

int64_t vn_days_from_civil(int y, int m, int d)
{
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = floordiv(yy, 400);
	int64_t yoe = yy - era * 400;                                  /* [0, 399] */
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* [0, 146096] */
	return era * 146097 + doe - 719468;
}

struct vn_date vn_civil_from_days(int64_t z)
{
	struct vn_date r;
	z += 719468;
	int64_t era = floordiv(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	r.y = (int)(y + (r.m <= 2));
	return r;
}

int vn_weekday(int64_t days)
{
	int64_t w = (days + 4) % 7; /* 1970-01-01 was a Thursday */
	return (int)(w < 0 ? w + 7 : w);
}

int vn_days_in_month(int y, int m)
{
	static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dim[m - 1];
}

int vn_date_valid(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && d >= 1 && d <= vn_days_in_month(y, m);
}

int64_t vn_day_of(int64_t t)
{
	return floordiv(t + VN_UTC_OFFSET_S, 86400);
}

int vn_second_of_day(int64_t t)
{
	return (int)(t + VN_UTC_OFFSET_S - vn_day_of(t) * 86400);
}

int64_t vn_instant_of_day(int64_t days)
{
	return days * 86400 - VN_UTC_OFFSET_S;
}

int64_t vn_instant(int y, int m, int d, int hh, int mi, int ss)
{
	return vn_instant_of_day(vn_days_from_civil(y, m, d)) + hh * 3600 + mi * 60 + ss;
}

struct vn_civil vn_civil_of(int64_t t)
{
	struct vn_civil c;
	struct vn_date dt = vn_civil_from_days(vn_day_of(t));
	int s = vn_second_of_day(t);
	c.y = dt.y;
	c.m = dt.m;
	c.d = dt.d;
	c.hh = s / 3600;
	c.mi = s / 60 % 60;
	c.ss = s % 60;
	return c;
}

static int fit(int n, size_t cap)
{
	return (n < 0 || (size_t)n >= cap) ? -1 : n;
}

static char *two(char *p, int v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
	return p + 2;
}

int vn_format_iso(int64_t t, char *out, size_t cap)
{
	struct vn_civil c = vn_civil_of(t);
	if (c.y < 0 || c.y > 9999) /* not an instant the API deals in; still exact */
		return fit(snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02d+07:00", c.y, c.m, c.d,
				    c.hh, c.mi, c.ss),
			   cap);
	if (cap < 26) /* called on every instant of every response: no printf */
		return -1;
	char *p = two(out, c.y / 100);
	p = two(p, c.y % 100);
	*p++ = '-';
	p = two(p, c.m);
	*p++ = '-';
	p = two(p, c.d);
	*p++ = 'T';
	p = two(p, c.hh);
	*p++ = ':';
	p = two(p, c.mi);
	*p++ = ':';
	p = two(p, c.ss);
	memcpy(p, "+07:00", 7);
	return 25;
}

int vn_format_local(int64_t t, char *out, size_t cap)
{
	struct vn_civil c = vn_civil_of(t);
	return fit(snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d", c.y, c.m, c.d, c.hh, c.mi), cap);
}

int vn_format_date_days(int64_t days, char *out, size_t cap)
{
	struct vn_date d = vn_civil_from_days(days);
	return fit(snprintf(out, cap, "%04d-%02d-%02d", d.y, d.m, d.d), cap);
}

int vn_format_vn(int64_t t, char *out, size_t cap)
{
	struct vn_civil c = vn_civil_of(t);
	return fit(snprintf(out, cap, "%02d:%02d %02d/%02d/%04d", c.hh, c.mi, c.d, c.m, c.y), cap);
}

/* Reads exactly n decimal digits at s; -1 if any is not a digit. */
static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int vn_parse_date(const char *s, size_t len, int64_t *days)
{
	if (len != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	if (y < 0 || m < 0 || d < 0 || !vn_date_valid(y, m, d))
		return -1;
	*days = vn_days_from_civil(y, m, d);
	return 0;
}

int vn_parse_instant(const char *s, size_t len, int64_t *t)
{
	int64_t days;
	size_t p = 16;
	int ss = 0, off = VN_UTC_OFFSET_S;
	if (len < 16 || vn_parse_date(s, 10, &days) != 0 || (s[10] != 'T' && s[10] != ' ') ||
	    s[13] != ':')
		return -1;
	int hh = digits(s + 11, 2), mi = digits(s + 14, 2);
	if (hh < 0 || hh > 23 || mi < 0 || mi > 59)
		return -1;
	if (p < len && s[p] == ':') {
		if (len < p + 3 || (ss = digits(s + p + 1, 2)) < 0 || ss > 59)
			return -1;
		p += 3;
		if (p < len && s[p] == '.') { /* fractional seconds: accepted, dropped */
			p++;
			size_t q = p;
			while (p < len && s[p] >= '0' && s[p] <= '9')
				p++;
			if (p == q)
				return -1;
		}
	}
	if (p < len) {
		if (s[p] == 'Z' && p + 1 == len) {
			off = 0;
		} else if ((s[p] == '+' || s[p] == '-') && len == p + 6 && s[p + 3] == ':') {
			int oh = digits(s + p + 1, 2), om = digits(s + p + 4, 2);
			if (oh < 0 || oh > 14 || om < 0 || om > 59)
				return -1;
			off = (oh * 3600 + om * 60) * (s[p] == '-' ? -1 : 1);
		} else {
			return -1;
		}
	}
	*t = days * 86400 + hh * 3600 + mi * 60 + ss - off;
	return 0;
}
