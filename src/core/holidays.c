/*
 * holidays.c — the calendar of days off and make-up working days.
 *
 * Storage: `rows` holds the dated rows of decided years (sorted by day,
 * strings owned), `rules` the recurring rules. Everything else is derived
 * by rebuild() after each change and never edited in place:
 *   - eff[]: the effective rows of every covered year, sorted by day: the
 *     data rows of decided years, the computed defaults of the others;
 *     year_idx[y] is the index of year y's first row (a prefix table).
 *   - bits[]: one bit per day 1900-01-01..2199-12-31, set for a working day,
 *     so hol_is_working_day is a shift and a mask.
 * Defaults are computed for the whole range at once: every rule instance of
 * rule-years 1899..2200 (a lunar rule of year Y can fall in January of Y+1),
 * then one Art. 111(3) pass in date order, so a compensatory day crossing a
 * year boundary lands where the calendar puts it.
 *
 * Every modification builds the new state completely and swaps it in, so a
 * failing call (bad input) leaves the calendar as it was. Allocation failure
 * aborts (xmalloc). CSV parsing lives in holidays_csv.c.
 *
 * Threading: see holidays.h — const functions only read.
 */
#include "core/holidays.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/embedded.h"
#include "core/holidays_int.h"
#include "core/lunar.h"
#include "core/mem.h"
#include "core/vntime.h"

#define NYEARS (HOL_LAST_YEAR - HOL_FIRST_YEAR + 1)
/* 1900-01-01 .. 2199-12-31: 300 years, 73 leap years (not 1900, 2100). */
#define NDAYS (300 * 365 + 73)
#define NWORDS ((NDAYS + 63) / 64)
#define MAX_RULES 200
#define MAX_ROWS 50000

static const char comp_reason[] = "Bộ luật Lao động 2019, Điều 111(3)";

struct irow {
	int64_t day;
	enum hol_kind kind;
	char *name, *decision, *reason;
};

struct irule {
	struct hol_rule pub; /* strings owned */
	char *comp_name;     /* "Nghỉ bù " + name */
};

struct hol_calendar {
	struct irow *rows;
	size_t nrows;
	struct irule *rules;
	size_t nrules;
	/* derived */
	struct hol_row *eff;
	size_t neff;
	uint32_t year_idx[NYEARS + 1];
	uint8_t decided[NYEARS];
	uint64_t bits[NWORDS];
};

int hol_fail(struct hol_error *err, int line, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		err->line = line;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int64_t day0(void)
{
	static const int64_t d = -25567; /* vn_days_from_civil(1900, 1, 1) */
	return d;
}

static int year_of(int64_t day)
{
	return vn_civil_from_days(day).y;
}

static int in_range(int64_t day)
{
	return day >= day0() && day < day0() + NDAYS;
}

static int is_weekend(int64_t day)
{
	int w = vn_weekday(day);
	return w == 0 || w == 6;
}

/* ---- validation of text fields ---------------------------------------- */

/* 1 if s[0..n) is well-formed UTF-8 (no overlongs, no surrogates) without
 * control characters. */
int hol_text_ok(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + n;
	while (p < e) {
		unsigned c = *p;
		if (c < 0x80) {
			if (c < 0x20 || c == 0x7f)
				return 0;
			p++;
			continue;
		}
		int len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
		if (len == 0 || c > 0xf4 || e - p < len)
			return 0;
		uint32_t cp = c & (0x7f >> len);
		for (int i = 1; i < len; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (p[i] & 0x3f);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp < 0xa0))
			return 0;
		p += len;
	}
	return 1;
}

static int check_text(const char *s, int required, const char *what, int line,
		      struct hol_error *err)
{
	size_t n = s ? strlen(s) : 0;
	if (required && n == 0)
		return hol_fail(err, line, "%s is empty", what);
	if (n > HOL_TEXT_MAX)
		return hol_fail(err, line, "%s is longer than %d bytes", what, HOL_TEXT_MAX);
	if (!hol_text_ok(s ? s : "", n))
		return hol_fail(err, line, "%s is not valid utf-8 text without control characters",
				what);
	return 0;
}

static char *dup_or_empty(const char *s)
{
	return xstrdup(s ? s : "");
}

/* ---- lifecycle --------------------------------------------------------- */

static void free_rows(struct irow *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(rows[i].name);
		free(rows[i].decision);
		free(rows[i].reason);
	}
	free(rows);
}

static void free_rules(struct irule *rules, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free((char *)rules[i].pub.name);
		free((char *)rules[i].pub.reason);
		free(rules[i].comp_name);
	}
	free(rules);
}

static void rebuild(struct hol_calendar *c);

struct hol_calendar *hol_new(void)
{
	struct hol_calendar *c = xcalloc(1, sizeof *c);
	rebuild(c);
	return c;
}

void hol_free(struct hol_calendar *c)
{
	if (!c)
		return;
	free_rows(c->rows, c->nrows);
	free_rules(c->rules, c->nrules);
	free(c->eff);
	free(c);
}

static struct irule copy_rule(const struct hol_rule *r)
{
	struct irule ir;
	ir.pub = *r;
	ir.pub.name = xstrdup(r->name);
	ir.pub.reason = dup_or_empty(r->reason);
	size_t n = strlen(r->name) + sizeof "Nghỉ bù ";
	ir.comp_name = xmalloc(n);
	snprintf(ir.comp_name, n, "Nghỉ bù %s", r->name);
	return ir;
}

static struct irow copy_row(const struct hol_row *r)
{
	struct irow ir;
	ir.day = r->day;
	ir.kind = r->kind;
	ir.name = xstrdup(r->name);
	ir.decision = dup_or_empty(r->decision);
	ir.reason = dup_or_empty(r->reason);
	return ir;
}

struct hol_calendar *hol_clone(const struct hol_calendar *c)
{
	struct hol_calendar *d = xcalloc(1, sizeof *d);
	d->rows = xcalloc(c->nrows ? c->nrows : 1, sizeof *d->rows);
	for (size_t i = 0; i < c->nrows; i++) {
		struct hol_row r = {c->rows[i].day,      c->rows[i].kind,   c->rows[i].name,
				    c->rows[i].decision, c->rows[i].reason, 0};
		d->rows[i] = copy_row(&r);
	}
	d->nrows = c->nrows;
	d->rules = xcalloc(c->nrules ? c->nrules : 1, sizeof *d->rules);
	for (size_t i = 0; i < c->nrules; i++)
		d->rules[i] = copy_rule(&c->rules[i].pub);
	d->nrules = c->nrules;
	rebuild(d);
	return d;
}

/* ---- derived state ----------------------------------------------------- */

struct dflt {
	int64_t day;
	int rule; /* index in c->rules */
	int comp; /* 1 = compensatory day (Art. 111(3)) */
};

static int cmp_dflt(const void *a, const void *b)
{
	const struct dflt *x = a, *y = b;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->comp != y->comp)
		return x->comp - y->comp;
	return x->rule - y->rule;
}

/* Base day of rule r in rule-year y, or 0 with *ok = 0 if none. */
static int64_t rule_base(const struct hol_rule *r, int y, int *ok)
{
	*ok = 0;
	if ((r->first_year && y < r->first_year) || (r->last_year && y > r->last_year))
		return 0;
	if (r->basis == HOL_SOLAR) {
		if (!vn_date_valid(y, r->month, r->day))
			return 0; /* 29/2 in a common year */
		*ok = 1;
		return vn_days_from_civil(y, r->month, r->day);
	}
	int len = lunar_month_length(y, r->month, 0);
	if (len == 0)
		return 0; /* outside the lunar range */
	struct lunar_date ld = {y, r->month, r->day < len ? r->day : len, 0};
	int64_t d;
	if (lunar_to_days(&ld, &d) != 0)
		return 0;
	*ok = 1;
	return d;
}

/* The defaults of the whole range, sorted by day, one entry per day. */
static struct dflt *compute_defaults(const struct hol_calendar *c, size_t *count)
{
	size_t cap = 64, n = 0;
	struct dflt *v = xmalloc(cap * sizeof *v);
	for (int y = HOL_FIRST_YEAR - 1; y <= HOL_LAST_YEAR + 1; y++) {
		for (size_t i = 0; i < c->nrules; i++) {
			const struct hol_rule *r = &c->rules[i].pub;
			int ok;
			int64_t base = rule_base(r, y, &ok);
			if (!ok)
				continue;
			for (int k = 0; k < r->days; k++) {
				int64_t d = base + r->offset + k;
				if (!in_range(d))
					continue;
				if (n == cap)
					v = xrealloc(v, (cap *= 2) * sizeof *v);
				v[n++] = (struct dflt){d, (int)i, 0};
			}
		}
	}
	qsort(v, n, sizeof *v, cmp_dflt);
	size_t m = 0; /* one entry per day: the first rule wins */
	for (size_t i = 0; i < n; i++)
		if (m == 0 || v[m - 1].day != v[i].day)
			v[m++] = v[i];
	n = m;

	/* Art. 111(3): a holiday on a weekly rest day (Saturday, Sunday) gives
	 * the next working day off — the next Monday–Friday that is neither a
	 * holiday nor already a compensatory day. */
	uint8_t *taken = xcalloc(NDAYS + 64, 1);
	for (size_t i = 0; i < n; i++)
		taken[v[i].day - day0()] = 1;
	size_t nholidays = n;
	for (size_t i = 0; i < nholidays; i++) {
		if (!is_weekend(v[i].day))
			continue;
		int64_t d = v[i].day + 1;
		while (in_range(d) && (is_weekend(d) || taken[d - day0()]))
			d++;
		if (!in_range(d))
			continue;
		taken[d - day0()] = 1;
		if (n == cap)
			v = xrealloc(v, (cap *= 2) * sizeof *v);
		v[n++] = (struct dflt){d, v[i].rule, 1};
	}
	free(taken);
	qsort(v, n, sizeof *v, cmp_dflt);
	*count = n;
	return v;
}

static void set_bit(uint64_t *bits, int64_t i, int on)
{
	if (on)
		bits[i >> 6] |= (uint64_t)1 << (i & 63);
	else
		bits[i >> 6] &= ~((uint64_t)1 << (i & 63));
}

static void rebuild(struct hol_calendar *c)
{
	size_t nd;
	struct dflt *dv = compute_defaults(c, &nd);

	memset(c->decided, 0, sizeof c->decided);
	for (size_t i = 0; i < c->nrows; i++)
		c->decided[year_of(c->rows[i].day) - HOL_FIRST_YEAR] = 1;

	free(c->eff);
	c->eff = xmalloc((nd + c->nrows + 1) * sizeof *c->eff);
	c->neff = 0;
	size_t ri = 0, di = 0;
	for (int y = HOL_FIRST_YEAR; y <= HOL_LAST_YEAR; y++) {
		int64_t end = vn_days_from_civil(y + 1, 1, 1);
		c->year_idx[y - HOL_FIRST_YEAR] = (uint32_t)c->neff;
		if (c->decided[y - HOL_FIRST_YEAR]) {
			for (; ri < c->nrows && c->rows[ri].day < end; ri++) {
				const struct irow *r = &c->rows[ri];
				c->eff[c->neff++] = (struct hol_row){
					r->day, r->kind, r->name, r->decision, r->reason, 0};
			}
			while (di < nd && dv[di].day < end)
				di++;
		} else {
			for (; di < nd && dv[di].day < end; di++) {
				const struct irule *r = &c->rules[dv[di].rule];
				c->eff[c->neff++] =
					(struct hol_row){dv[di].day,
							 HOL_OFF,
							 dv[di].comp ? r->comp_name : r->pub.name,
							 "",
							 dv[di].comp ? comp_reason : r->pub.reason,
							 1};
			}
			while (ri < c->nrows && c->rows[ri].day < end)
				ri++;
		}
	}
	c->year_idx[NYEARS] = (uint32_t)c->neff;
	free(dv);

	/* Monday–Friday: a 7-day pattern, laid down a 64-bit word at a time
	 * (word w starts at day 64·w, i.e. 64·w mod 7 days into the pattern). */
	uint64_t pat[7];
	for (int ph = 0; ph < 7; ph++) {
		pat[ph] = 0;
		for (int b = 0; b < 64; b++)
			if (!is_weekend(day0() + ph + b))
				pat[ph] |= (uint64_t)1 << b;
	}
	for (int64_t w = 0; w < NWORDS; w++)
		c->bits[w] = pat[(w * 64) % 7];
	for (size_t i = 0; i < c->neff; i++)
		set_bit(c->bits, c->eff[i].day - day0(), c->eff[i].kind == HOL_WORK);
}

/* ---- queries ----------------------------------------------------------- */

int hol_is_working_day(const struct hol_calendar *c, int64_t day)
{
	if (!c || !in_range(day))
		return !is_weekend(day);
	int64_t i = day - day0();
	return (int)(c->bits[i >> 6] >> (i & 63) & 1);
}

size_t hol_year_days(const struct hol_calendar *c, int year, const struct hol_row **out)
{
	if (year < HOL_FIRST_YEAR || year > HOL_LAST_YEAR) {
		*out = NULL;
		return 0;
	}
	size_t a = c->year_idx[year - HOL_FIRST_YEAR], b = c->year_idx[year - HOL_FIRST_YEAR + 1];
	*out = c->eff + a;
	return b - a;
}

const struct hol_row *hol_day_info(const struct hol_calendar *c, int64_t day)
{
	if (!in_range(day))
		return NULL;
	const struct hol_row *v;
	size_t lo = 0, hi = hol_year_days(c, year_of(day), &v);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < hol_year_days(c, year_of(day), &v) && v[lo].day == day ? &v[lo] : NULL;
}

int hol_year_decided(const struct hol_calendar *c, int year)
{
	if (year < HOL_FIRST_YEAR || year > HOL_LAST_YEAR)
		return 0;
	return c->decided[year - HOL_FIRST_YEAR];
}

size_t hol_rule_count(const struct hol_calendar *c)
{
	return c->nrules;
}

const struct hol_rule *hol_rule_at(const struct hol_calendar *c, size_t i)
{
	return i < c->nrules ? &c->rules[i].pub : NULL;
}

/* ---- modification ------------------------------------------------------ */

int hol_check_rule(const struct hol_rule *r, int line, struct hol_error *err)
{
	if (r->basis != HOL_SOLAR && r->basis != HOL_LUNAR)
		return hol_fail(err, line, "calendar must be solar or lunar");
	if (r->month < 1 || r->month > 12)
		return hol_fail(err, line, "month %d is not 1..12", r->month);
	int maxd = r->basis == HOL_SOLAR ? vn_days_in_month(2000, r->month) : 30;
	if (r->day < 1 || r->day > maxd)
		return hol_fail(err, line, "day %d is not 1..%d for month %d", r->day, maxd,
				r->month);
	if (r->offset < -31 || r->offset > 31)
		return hol_fail(err, line, "offset %d is not -31..31", r->offset);
	if (r->days < 1 || r->days > 31)
		return hol_fail(err, line, "days %d is not 1..31", r->days);
	if (r->first_year < 0 || r->first_year > 9999 || r->last_year < 0 || r->last_year > 9999)
		return hol_fail(err, line, "first_year/last_year must be years or empty");
	if (r->first_year && r->last_year && r->first_year > r->last_year)
		return hol_fail(err, line, "first_year %d is after last_year %d", r->first_year,
				r->last_year);
	if (check_text(r->name, 1, "name", line, err) ||
	    check_text(r->reason, 0, "reason", line, err))
		return -1;
	return 0;
}

int hol_set_rules_lines(struct hol_calendar *c, const struct hol_rule *rules, size_t n,
			const int *lines, struct hol_error *err)
{
	if (n > MAX_RULES)
		return hol_fail(err, 0, "more than %d rules", MAX_RULES);
	for (size_t i = 0; i < n; i++)
		if (hol_check_rule(&rules[i], lines ? lines[i] : 0, err))
			return -1;
	struct irule *nr = xcalloc(n ? n : 1, sizeof *nr);
	for (size_t i = 0; i < n; i++)
		nr[i] = copy_rule(&rules[i]);
	free_rules(c->rules, c->nrules);
	c->rules = nr;
	c->nrules = n;
	rebuild(c);
	return 0;
}

int hol_set_rules(struct hol_calendar *c, const struct hol_rule *rules, size_t n,
		  struct hol_error *err)
{
	return hol_set_rules_lines(c, rules, n, NULL, err);
}

int hol_check_row(const struct hol_row *r, int line, struct hol_error *err)
{
	if (!in_range(r->day))
		return hol_fail(err, line, "date outside %d..%d", HOL_FIRST_YEAR, HOL_LAST_YEAR);
	if (r->kind != HOL_OFF && r->kind != HOL_WORK)
		return hol_fail(err, line, "kind must be off or work");
	if (r->kind == HOL_WORK && !is_weekend(r->day))
		return hol_fail(err, line,
				"a work day must be a saturday or sunday (weekdays already are)");
	if (check_text(r->name, 1, "name", line, err) ||
	    check_text(r->decision, 0, "decision", line, err) ||
	    check_text(r->reason, 0, "reason", line, err))
		return -1;
	return 0;
}

static int cmp_irow(const void *a, const void *b)
{
	const struct irow *x = a, *y = b;
	return x->day < y->day ? -1 : x->day > y->day;
}

/*
 * The one writer of dated rows: drop every row of the years flagged in
 * `years` (indexed from HOL_FIRST_YEAR), add rows[] (each must be in such a
 * year), swap, rebuild. lines[] (optional) gives CSV lines for messages.
 */
static int replace(struct hol_calendar *c, const uint8_t *years, const struct hol_row *rows,
		   size_t n, const int *lines, struct hol_error *err)
{
	if (n > MAX_ROWS)
		return hol_fail(err, 0, "more than %d rows", MAX_ROWS);
	for (size_t i = 0; i < n; i++)
		if (hol_check_row(&rows[i], lines ? lines[i] : 0, err))
			return -1;
	/* duplicates, reported at the later of the two lines */
	uint8_t *seen = xcalloc(NDAYS, 1);
	for (size_t i = 0; i < n; i++) {
		int64_t k = rows[i].day - day0();
		if (seen[k]) {
			char d[16];
			vn_format_date_days(rows[i].day, d, sizeof d);
			free(seen);
			return hol_fail(err, lines ? lines[i] : 0, "date %s appears twice", d);
		}
		seen[k] = 1;
	}
	free(seen);

	/* Copy the new rows first: they may point at strings of rows about to
	 * be dropped (an export fed back, or hol_set_day's effective rows). */
	struct irow *nr = xcalloc(c->nrows + n + 1, sizeof *nr);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		nr[m++] = copy_row(&rows[i]);
	for (size_t i = 0; i < c->nrows; i++) {
		if (!years[year_of(c->rows[i].day) - HOL_FIRST_YEAR]) {
			nr[m++] = c->rows[i];
		} else {
			free(c->rows[i].name);
			free(c->rows[i].decision);
			free(c->rows[i].reason);
		}
	}
	qsort(nr, m, sizeof *nr, cmp_irow);
	free(c->rows);
	c->rows = nr;
	c->nrows = m;
	rebuild(c);
	return 0;
}

int hol_replace_years_lines(struct hol_calendar *c, const struct hol_row *rows, size_t n,
			    const int *lines, struct hol_error *err)
{
	uint8_t years[NYEARS];
	memset(years, 0, sizeof years);
	for (size_t i = 0; i < n; i++) {
		if (!in_range(rows[i].day))
			return hol_fail(err, lines ? lines[i] : 0, "date outside %d..%d",
					HOL_FIRST_YEAR, HOL_LAST_YEAR);
		years[year_of(rows[i].day) - HOL_FIRST_YEAR] = 1;
	}
	return replace(c, years, rows, n, lines, err);
}

int hol_replace_years(struct hol_calendar *c, const struct hol_row *rows, size_t n,
		      struct hol_error *err)
{
	return hol_replace_years_lines(c, rows, n, NULL, err);
}

/*
 * Rewrite one year: its effective rows (defaults included), with the row of
 * `day` replaced by *row, or removed when row is NULL. The rows handed to
 * replace() point into this calendar; replace() copies before it frees.
 */
static int edit_year(struct hol_calendar *c, int64_t day, const struct hol_row *row,
		     struct hol_error *err)
{
	if (!in_range(day))
		return hol_fail(err, 0, "date outside %d..%d", HOL_FIRST_YEAR, HOL_LAST_YEAR);
	if (row && hol_check_row(row, 0, err))
		return -1;
	int y = year_of(day);
	const struct hol_row *cur;
	size_t n = hol_year_days(c, y, &cur);
	if (!row && !hol_day_info(c, day))
		return 0; /* nothing to remove: leave an undecided year undecided */
	struct hol_row *v = xmalloc((n + 1) * sizeof *v);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (cur[i].day != day)
			v[m++] = cur[i];
	if (row)
		v[m++] = *row;
	uint8_t years[NYEARS];
	memset(years, 0, sizeof years);
	years[y - HOL_FIRST_YEAR] = 1;
	int rc = replace(c, years, v, m, NULL, err);
	free(v);
	return rc;
}

int hol_set_day(struct hol_calendar *c, const struct hol_row *row, struct hol_error *err)
{
	return edit_year(c, row->day, row, err);
}

int hol_remove_day(struct hol_calendar *c, int64_t day, struct hol_error *err)
{
	return edit_year(c, day, NULL, err);
}

/* ---- the shipped data -------------------------------------------------- */

#define SHIPPED_DIR "data/calendar/"

struct hol_calendar *hol_new_shipped(struct hol_error *err)
{
	const struct embedded_file *rules = embedded_find(SHIPPED_DIR "rules.csv");
	if (!rules) {
		hol_fail(err, 0, "%s", SHIPPED_DIR "rules.csv is not embedded");
		return NULL;
	}
	struct hol_calendar *c = hol_new();
	struct hol_error e;
	if (hol_load_rules_csv(c, (const char *)rules->data, rules->len, &e)) {
		hol_fail(err, e.line, "%s: %s", rules->name, e.msg);
		hol_free(c);
		return NULL;
	}
	size_t plen = strlen(SHIPPED_DIR);
	for (const struct embedded_file *f = embedded_all(); f->name; f++) {
		size_t n = strlen(f->name);
		if (f == rules || strncmp(f->name, SHIPPED_DIR, plen) != 0 || n < 4 ||
		    strcmp(f->name + n - 4, ".csv") != 0)
			continue;
		if (hol_load_days_csv(c, (const char *)f->data, f->len, &e)) {
			hol_fail(err, e.line, "%s: %s", f->name, e.msg);
			hol_free(c);
			return NULL;
		}
	}
	return c;
}
