/*
 * holidays_csv.c — the calendar's CSV formats: reading (shipped files and
 * admin imports) and writing (exports). Formats in holidays.h and
 * docs/CALENDAR.md.
 *
 * The reader is a small RFC 4180 parser over (ptr, len): comma separated,
 * fields optionally in double quotes with "" for a quote, LF or CRLF line
 * ends, a UTF-8 BOM skipped, lines starting with '#' and blank lines
 * ignored (so the shipped files can carry comments a reviewer reads).
 * Unquoted fields are trimmed of spaces and tabs. Every limit is explicit:
 * HOL_CSV_MAX bytes of input, MAX_FIELDS per record, HOL_TEXT_MAX bytes per
 * field, MAX_RECORDS records. Errors name the line where the record starts.
 *
 * It is separate from core/csv.h because the shipped files are meant to be
 * read and reviewed by people: they carry '#' comment lines, which a
 * general CSV reader must not drop.
 *
 * A file is parsed completely into a temporary list and only then handed to
 * hol_set_rules / hol_replace_years, which validate everything before they
 * change the calendar: a bad line never leaves half a file loaded.
 *
 * Threading: no shared state; loaders need exclusive use of the calendar.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/holidays.h"
#include "core/holidays_int.h"
#include "core/mem.h"
#include "core/vntime.h"

#define MAX_FIELDS 12
#define MAX_RECORDS 50000

struct hcsv_reader {
	const char *p, *end;
	int line;
};

struct hcsv_record {
	int line; /* line where the record starts */
	int n;
	char *f[MAX_FIELDS];
	char store[MAX_FIELDS][HOL_TEXT_MAX + 1];
};

static int is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* Next record into rec: 1, 0 at the end, -1 on a syntax error. */
static int hcsv_next(struct hcsv_reader *r, struct hcsv_record *rec, struct hol_error *err)
{
	const char *end = r->end;
	for (;;) { /* comment and blank lines */
		const char *s = r->p;
		if (s >= end)
			return 0;
		if (*s == '#') {
			while (s < end && *s != '\n')
				s++;
			r->p = s < end ? s + 1 : s;
			r->line++;
			continue;
		}
		while (s < end && is_blank(*s))
			s++;
		if (s == end) {
			r->p = s;
			return 0;
		}
		if (*s == '\n' || (*s == '\r' && s + 1 < end && s[1] == '\n')) {
			r->p = s + (*s == '\r' ? 2 : 1);
			r->line++;
			continue;
		}
		break;
	}
	rec->line = r->line;
	rec->n = 0;
	const char *p = r->p;
	for (;;) {
		if (rec->n == MAX_FIELDS)
			return hol_fail(err, rec->line, "more than %d fields", MAX_FIELDS);
		char *out = rec->store[rec->n];
		size_t len = 0;
		while (p < end && is_blank(*p))
			p++;
		if (p < end && *p == '"') {
			p++;
			for (;;) {
				char ch;
				if (p >= end)
					return hol_fail(err, rec->line,
							"unterminated quoted field");
				if (*p == '"') {
					if (p + 1 < end && p[1] == '"') {
						ch = '"';
						p += 2;
					} else {
						p++;
						break;
					}
				} else {
					ch = *p++;
					if (ch == '\n')
						r->line++;
					if (ch == '\0')
						return hol_fail(err, r->line, "nul byte in input");
				}
				if (len == HOL_TEXT_MAX)
					return hol_fail(err, rec->line,
							"field %d is longer than %d bytes",
							rec->n + 1, HOL_TEXT_MAX);
				out[len++] = ch;
			}
			while (p < end && is_blank(*p))
				p++;
			if (p < end && *p != ',' && *p != '\n' && *p != '\r')
				return hol_fail(err, r->line, "text after a closing quote");
		} else {
			const char *s = p;
			while (p < end && *p != ',' && *p != '\n' && *p != '\r') {
				if (*p == '"')
					return hol_fail(err, r->line,
							"quote inside an unquoted field "
							"(quote the whole field)");
				if (*p == '\0')
					return hol_fail(err, r->line, "nul byte in input");
				p++;
			}
			const char *e = p;
			while (e > s && is_blank(e[-1]))
				e--;
			if ((size_t)(e - s) > HOL_TEXT_MAX)
				return hol_fail(err, r->line, "field %d is longer than %d bytes",
						rec->n + 1, HOL_TEXT_MAX);
			len = (size_t)(e - s);
			memcpy(out, s, len);
		}
		out[len] = '\0';
		rec->f[rec->n++] = out;
		if (p < end && *p == ',') {
			p++;
			continue;
		}
		if (p < end && *p == '\r') {
			if (p + 1 >= end || p[1] != '\n')
				return hol_fail(err, r->line, "carriage return without line feed");
			p += 2;
		} else if (p < end) {
			p++; /* '\n' */
		}
		r->line++;
		r->p = p;
		return 1;
	}
}

static void hcsv_open(struct hcsv_reader *r, const char *text, size_t len)
{
	r->p = text;
	r->end = text + len;
	r->line = 1;
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		r->p += 3;
}

/*
 * Read the header and map it: col[i] = field index of names[i], or -1.
 * Columns may come in any order; unknown or repeated ones are errors, and
 * so is a missing required one (required[i] != 0).
 */
static int read_header(struct hcsv_reader *r, struct hcsv_record *rec, const char *const *names,
		       const int *required, int nnames, int *col, struct hol_error *err)
{
	int rc = hcsv_next(r, rec, err);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return hol_fail(err, r->line, "empty file: a header line is needed");
	for (int i = 0; i < nnames; i++)
		col[i] = -1;
	for (int k = 0; k < rec->n; k++) {
		int found = -1;
		for (int i = 0; i < nnames; i++)
			if (strcmp(rec->f[k], names[i]) == 0)
				found = i;
		if (found < 0)
			return hol_fail(err, rec->line, "unknown column '%.40s'", rec->f[k]);
		if (col[found] >= 0)
			return hol_fail(err, rec->line, "column '%s' appears twice", names[found]);
		col[found] = k;
	}
	for (int i = 0; i < nnames; i++)
		if (required[i] && col[i] < 0)
			return hol_fail(err, rec->line, "missing column '%s'", names[i]);
	return 0;
}

/* A cell's value; an apostrophe our export put in front of a formula-like
 * text (csv_formula_like, core/csv.h) is dropped. */
static const char *field(const struct hcsv_record *rec, int col)
{
	return col >= 0 ? csv_untext(rec->f[col]) : "";
}

static int parse_int(const char *s, long lo, long hi, int *out)
{
	char *e;
	if (*s == '\0')
		return -1;
	errno = 0;
	long v = strtol(s, &e, 10);
	if (errno || *e || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

/* ---- dated rows --------------------------------------------------------- */

enum { D_DATE, D_KIND, D_NAME, D_DECISION, D_REASON, D_N };
static const char *const day_cols[D_N] = {"date", "kind", "name", "decision", "reason"};
static const int day_req[D_N] = {1, 1, 1, 0, 0};

int hol_load_days_csv(struct hol_calendar *c, const char *text, size_t len, struct hol_error *err)
{
	if (len > HOL_CSV_MAX)
		return hol_fail(err, 0, "input is larger than %d bytes", HOL_CSV_MAX);
	struct hcsv_reader r;
	struct hcsv_record *rec = xmalloc(sizeof *rec);
	struct arena a = ARENA_INIT;
	struct hol_row *rows = NULL;
	int *lines = NULL;
	size_t n = 0, cap = 0;
	int col[D_N], rc;
	hcsv_open(&r, text, len);
	rc = read_header(&r, rec, day_cols, day_req, D_N, col, err);
	if (rc)
		goto out;
	int nhead = rec->n;
	while ((rc = hcsv_next(&r, rec, err)) == 1) {
		if (rec->n != nhead) {
			rc = hol_fail(err, rec->line, "expected %d fields, found %d", nhead,
				      rec->n);
			goto out;
		}
		if (n == MAX_RECORDS) {
			rc = hol_fail(err, rec->line, "more than %d rows", MAX_RECORDS);
			goto out;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			rows = xrealloc(rows, cap * sizeof *rows);
			lines = xrealloc(lines, cap * sizeof *lines);
		}
		struct hol_row *row = &rows[n];
		const char *d = field(rec, col[D_DATE]), *k = field(rec, col[D_KIND]);
		if (vn_parse_date(d, strlen(d), &row->day) != 0) {
			rc = hol_fail(err, rec->line, "bad date '%.20s' (expected YYYY-MM-DD)", d);
			goto out;
		}
		if (strcmp(k, "off") == 0) {
			row->kind = HOL_OFF;
		} else if (strcmp(k, "work") == 0) {
			row->kind = HOL_WORK;
		} else {
			rc = hol_fail(err, rec->line, "bad kind '%.20s' (expected off or work)", k);
			goto out;
		}
		row->name = arena_strdup(&a, field(rec, col[D_NAME]));
		row->decision = arena_strdup(&a, field(rec, col[D_DECISION]));
		row->reason = arena_strdup(&a, field(rec, col[D_REASON]));
		row->is_default = 0;
		lines[n++] = rec->line;
	}
	if (rc < 0)
		goto out;
	rc = hol_replace_years_lines(c, rows, n, lines, err);
out:
	arena_release(&a);
	free(rows);
	free(lines);
	free(rec);
	return rc < 0 ? -1 : 0;
}

/* ---- rules -------------------------------------------------------------- */

enum { R_CAL, R_MONTH, R_DAY, R_OFFSET, R_DAYS, R_FIRST, R_LAST, R_NAME, R_REASON, R_N };
static const char *const rule_cols[R_N] = {"calendar",   "month",     "day",  "offset", "days",
					   "first_year", "last_year", "name", "reason"};
static const int rule_req[R_N] = {1, 1, 1, 0, 1, 0, 0, 1, 0};

int hol_load_rules_csv(struct hol_calendar *c, const char *text, size_t len, struct hol_error *err)
{
	if (len > HOL_CSV_MAX)
		return hol_fail(err, 0, "input is larger than %d bytes", HOL_CSV_MAX);
	struct hcsv_reader r;
	struct hcsv_record *rec = xmalloc(sizeof *rec);
	struct arena a = ARENA_INIT;
	struct hol_rule *rules = NULL;
	int *lines = NULL;
	size_t n = 0, cap = 0;
	int col[R_N], rc;
	hcsv_open(&r, text, len);
	rc = read_header(&r, rec, rule_cols, rule_req, R_N, col, err);
	if (rc)
		goto out;
	int nhead = rec->n;
	while ((rc = hcsv_next(&r, rec, err)) == 1) {
		if (rec->n != nhead) {
			rc = hol_fail(err, rec->line, "expected %d fields, found %d", nhead,
				      rec->n);
			goto out;
		}
		if (n == MAX_RECORDS) {
			rc = hol_fail(err, rec->line, "more than %d rows", MAX_RECORDS);
			goto out;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			rules = xrealloc(rules, cap * sizeof *rules);
			lines = xrealloc(lines, cap * sizeof *lines);
		}
		struct hol_rule *ru = &rules[n];
		const char *cal = field(rec, col[R_CAL]);
		if (strcmp(cal, "solar") == 0) {
			ru->basis = HOL_SOLAR;
		} else if (strcmp(cal, "lunar") == 0) {
			ru->basis = HOL_LUNAR;
		} else {
			rc = hol_fail(err, rec->line,
				      "bad calendar '%.20s' (expected solar or lunar)", cal);
			goto out;
		}
		static const struct {
			int col;
			const char *what;
			long lo, hi;
			int empty_ok;
		} nums[] = {
			{R_MONTH, "month", 1, 12, 0},        {R_DAY, "day", 1, 31, 0},
			{R_OFFSET, "offset", -31, 31, 1},    {R_DAYS, "days", 1, 31, 0},
			{R_FIRST, "first_year", 1, 9999, 1}, {R_LAST, "last_year", 1, 9999, 1},
		};
		int v[R_N] = {0};
		for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
			const char *s = field(rec, col[nums[i].col]);
			if (*s == '\0' && nums[i].empty_ok)
				continue;
			if (parse_int(s, nums[i].lo, nums[i].hi, &v[nums[i].col]) != 0) {
				rc = hol_fail(err, rec->line, "bad %s '%.20s' (expected %ld..%ld)",
					      nums[i].what, s, nums[i].lo, nums[i].hi);
				goto out;
			}
		}
		ru->month = v[R_MONTH];
		ru->day = v[R_DAY];
		ru->offset = v[R_OFFSET];
		ru->days = v[R_DAYS];
		ru->first_year = v[R_FIRST];
		ru->last_year = v[R_LAST];
		ru->name = arena_strdup(&a, field(rec, col[R_NAME]));
		ru->reason = arena_strdup(&a, field(rec, col[R_REASON]));
		lines[n++] = rec->line;
	}
	if (rc < 0)
		goto out;
	rc = hol_set_rules_lines(c, rules, n, lines, err);
out:
	arena_release(&a);
	free(rules);
	free(lines);
	free(rec);
	return rc < 0 ? -1 : 0;
}

/* ---- export ------------------------------------------------------------- */

#define EXPORT_MAX (4 << 20)

static int put_field_raw(struct buf *b, const char *s)
{
	size_t n = strlen(s);
	int quote = n > 0 && (is_blank(s[0]) || is_blank(s[n - 1]));
	for (size_t i = 0; i < n && !quote; i++)
		quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
	if (!quote)
		return buf_append(b, s, n);
	int rc = buf_append(b, "\"", 1);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = s[i] == '"' ? buf_append(b, "\"\"", 2) : buf_append(b, &s[i], 1);
	return rc ? rc : buf_append(b, "\"", 1);
}

/* Append s as one CSV field, quoted when it has to be; a text a spreadsheet
 * would run as a formula gets an apostrophe in front (core/csv.h). */
static int put_field(struct buf *b, const char *s)
{
	if (!csv_formula_like(s))
		return put_field_raw(b, s);
	size_t m = strlen(s);
	char *t = xmalloc(m + 2);
	t[0] = '\'';
	memcpy(t + 1, s, m + 1);
	int rc = put_field_raw(b, t);
	free(t);
	return rc;
}

char *hol_export_year_csv(const struct hol_calendar *c, int year, size_t *len)
{
	if (year < HOL_FIRST_YEAR || year > HOL_LAST_YEAR)
		return NULL;
	const struct hol_row *v;
	size_t n = hol_year_days(c, year, &v);
	struct buf b;
	int rc;
	buf_init(&b, EXPORT_MAX);
	rc = buf_puts(&b, "date,kind,name,decision,reason\n");
	for (size_t i = 0; i < n && rc == 0; i++) {
		char d[16];
		vn_format_date_days(v[i].day, d, sizeof d);
		rc = buf_printf(&b, "%s,%s,", d, v[i].kind == HOL_WORK ? "work" : "off");
		rc = rc ? rc : put_field(&b, v[i].name);
		rc = rc ? rc : buf_append(&b, ",", 1);
		rc = rc ? rc : put_field(&b, v[i].decision);
		rc = rc ? rc : buf_append(&b, ",", 1);
		rc = rc ? rc : put_field(&b, v[i].reason);
		rc = rc ? rc : buf_append(&b, "\n", 1);
	}
	if (rc) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b, len);
}

char *hol_export_rules_csv(const struct hol_calendar *c, size_t *len)
{
	struct buf b;
	int rc;
	buf_init(&b, EXPORT_MAX);
	rc = buf_puts(&b, "calendar,month,day,offset,days,first_year,last_year,name,reason\n");
	for (size_t i = 0; i < hol_rule_count(c) && rc == 0; i++) {
		const struct hol_rule *r = hol_rule_at(c, i);
		char fy[8] = "", ly[8] = "";
		if (r->first_year)
			snprintf(fy, sizeof fy, "%d", r->first_year);
		if (r->last_year)
			snprintf(ly, sizeof ly, "%d", r->last_year);
		rc = buf_printf(&b, "%s,%d,%d,%d,%d,%s,%s,",
				r->basis == HOL_LUNAR ? "lunar" : "solar", r->month, r->day,
				r->offset, r->days, fy, ly);
		rc = rc ? rc : put_field(&b, r->name);
		rc = rc ? rc : buf_append(&b, ",", 1);
		rc = rc ? rc : put_field(&b, r->reason);
		rc = rc ? rc : buf_append(&b, "\n", 1);
	}
	if (rc) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b, len);
}
