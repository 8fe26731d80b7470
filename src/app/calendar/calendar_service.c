/*
 * calendar_service.c — the calendar's rules and changes: input checks, a
 * day put or removed, a year imported, the rules replaced, and the reads of
 * the published calendar. See calendar.h for the contract (a change
 * rebuilds the calendar from the store inside the caller's transaction and
 * hands it back to be published after the commit). Every SQL statement is
 * in calendar_store.c.
 *
 * Errors: the core (core/holidays.h) reports dynamic lowercase English;
 * problems carry static bilingual text, so each core message is mapped by
 * what it mentions (hol_msgs). A store failure is logged with the request
 * id and is a 500.
 *
 * Threading: none of its own; reads of app->cal take app_cal_lock.
 */
#include "app/calendar/calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/calendar/calendar_store.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/lunar.h"
#include "core/vntime.h"

/* ---- errors ------------------------------------------------------------- */

/* The core's messages are dynamic lowercase English; problems carry static
 * bilingual text, so each core message is mapped by what it mentions. */
static const struct {
	const char *needle, *vi, *en;
} hol_msgs[] = {
	{"appears twice", "Ngày này xuất hiện hai lần.", "This date appears twice."},
	{"saturday or sunday",
	 "Ngày làm bù phải là thứ Bảy hoặc Chủ nhật (từ thứ Hai đến thứ Sáu đã là ngày làm việc).",
	 "A make-up working day must be a Saturday or a Sunday (Monday to Friday already are "
	 "working days)."},
	{"for month", "Ngày này không có trong tháng đã chọn.",
	 "This day does not exist in the chosen month."},
	{"kind", "Loại ngày phải là off (ngày nghỉ) hoặc work (ngày làm bù).",
	 "The kind must be off (a day off) or work (a make-up working day)."},
	{"date", "Ngày không hợp lệ: cần dạng YYYY-MM-DD, trong các năm 1900–2199.",
	 "The date is not valid: YYYY-MM-DD, in the years 1900–2199, is needed."},
	{"is empty", "Thiếu tên của ngày (cột name).",
	 "The name of the day is missing (column name)."},
	{"longer than", "Nội dung quá dài (tối đa 300 byte mỗi ô).",
	 "The text is too long (at most 300 bytes per cell)."},
	{"utf-8", "Có ký tự không hợp lệ: tệp phải là văn bản UTF-8, không có ký tự điều khiển.",
	 "There is an invalid character: the file must be UTF-8 text without control characters."},
	{"nul byte", "Có ký tự không hợp lệ: tệp phải là văn bản UTF-8, không có ký tự điều khiển.",
	 "There is an invalid character: the file must be UTF-8 text without control characters."},
	{"column", "Dòng tiêu đề phải có các cột date, kind, name, decision, reason.",
	 "The header line must have the columns date, kind, name, decision, reason."},
	{"header", "Tệp trống: cần dòng tiêu đề date,kind,name,decision,reason.",
	 "The file is empty: a header line date,kind,name,decision,reason is needed."},
	{"larger than", "Tệp quá lớn (tối đa 1 MiB).", "The file is too large (at most 1 MiB)."},
	{"more than", "Dữ liệu vượt quá giới hạn (số dòng, số cột hoặc số quy tắc).",
	 "The data is over a limit (number of lines, fields or rules)."},
	{"fields", "Số ô của dòng này khác với dòng tiêu đề.",
	 "This line has a different number of fields than the header."},
	{"quote", "Tệp CSV sai định dạng ở dòng này (dấu ngoặc kép).",
	 "The CSV file is malformed at this line (quotes)."},
	{"carriage return", "Tệp CSV sai định dạng ở dòng này.",
	 "The CSV file is malformed at this line."},
	{"calendar must be", "Lịch phải là solar (dương lịch) hoặc lunar (âm lịch).",
	 "The calendar must be solar or lunar."},
	{"month", "Tháng phải từ 1 đến 12.", "The month must be 1 to 12."},
	{"offset", "Số ngày dời phải từ -31 đến 31.", "The offset must be -31 to 31 days."},
	{"days", "Số ngày nghỉ phải từ 1 đến 31.", "The number of days must be 1 to 31."},
	{"first_year", "Năm bắt đầu, năm kết thúc không hợp lệ.",
	 "The first and last years are not valid."},
};

/* A 422 from a core error: field "line N" when it has a line, else `field`. */
static int hol_problem(struct problem *p, const struct hol_error *he, const char *field)
{
	const char *vi = "Dữ liệu lịch không hợp lệ.", *en = "The calendar data is not valid.";
	for (size_t i = 0; i < sizeof hol_msgs / sizeof hol_msgs[0]; i++)
		if (strstr(he->msg, hol_msgs[i].needle)) {
			vi = hol_msgs[i].vi;
			en = hol_msgs[i].en;
			break;
		}
	char f[32];
	if (he->line > 0) {
		snprintf(f, sizeof f, "line %d", he->line);
		field = f;
	}
	return problem_field(p, field, vi, en);
}

static int internal(struct problem *p, const struct actor *who, const char *what)
{
	log_error("calendar=%s rid=%s", what, who && who->rid ? who->rid : "-");
	return problem_kind(p, ERR_INTERNAL);
}

static const char *actor_name(const struct actor *who)
{
	return who && who->name ? who->name : "anonymous";
}

/* ---- rules of input -------------------------------------------------------- */

static int bad_year(struct problem *p)
{
	return problem_field(p, "year", "Năm phải là số có 4 chữ số, từ 1900 đến 2199.",
			     "The year must be four digits, from 1900 to 2199.");
}

int calendar_parse_year(const char *s, int *year, struct problem *p)
{
	if (strlen(s) != 4)
		return bad_year(p);
	int y = 0;
	for (int i = 0; i < 4; i++) {
		if (s[i] < '0' || s[i] > '9')
			return bad_year(p);
		y = y * 10 + (s[i] - '0');
	}
	if (y < HOL_FIRST_YEAR || y > HOL_LAST_YEAR)
		return bad_year(p);
	*year = y;
	return 0;
}

int calendar_parse_date(const char *s, int64_t *day, struct problem *p)
{
	if (vn_parse_date(s, strlen(s), day) != 0)
		return problem_field(p, "date",
				     "Ngày không hợp lệ: cần một ngày có thật, dạng YYYY-MM-DD.",
				     "The date is not valid: a real date, YYYY-MM-DD, is needed.");
	int y = vn_civil_from_days(*day).y;
	if (y < HOL_FIRST_YEAR || y > HOL_LAST_YEAR)
		return problem_field(p, "date", "Ngày phải thuộc các năm 1900–2199.",
				     "The date must be in the years 1900–2199.");
	return 0;
}

static int is_weekend(int64_t day)
{
	int wd = vn_weekday(day);
	return wd == 0 || wd == 6;
}

int calendar_check_kind(int64_t day, const char *kind, int *work, struct problem *p)
{
	if (!kind || (strcmp(kind, "off") != 0 && strcmp(kind, "work") != 0))
		return problem_field(
			p, "kind", "Loại ngày phải là off (ngày nghỉ) hoặc work (ngày làm bù).",
			"The kind must be off (a day off) or work (a make-up working day).");
	*work = strcmp(kind, "work") == 0;
	if (*work && !is_weekend(day))
		return problem_field(
			p, "kind",
			"Ngày làm bù phải là thứ Bảy hoặc Chủ nhật (từ thứ Hai đến thứ Sáu đã "
			"là ngày làm việc).",
			"A make-up working day must be a Saturday or a Sunday (Monday to "
			"Friday already are working days).");
	return 0;
}

/* A text within the core's byte limit, as a 422 on field. */
static int text_fits(const char *s, const char *field, struct problem *p)
{
	if (s && strlen(s) > HOL_TEXT_MAX)
		return problem_field(p, field, "Nội dung quá dài.", "The text is too long.");
	return 0;
}

int calendar_check_row(const struct hol_row *row, struct problem *p)
{
	int work;
	if (calendar_check_kind(row->day, row->kind == HOL_WORK ? "work" : "off", &work, p))
		return ERR_VALIDATION;
	if (!row->name || !row->name[0])
		return problem_field(p, "name", "Vui lòng nhập thông tin bắt buộc này.",
				     "This field is required.");
	if (text_fits(row->name, "name", p) || text_fits(row->decision, "decision", p) ||
	    text_fits(row->reason, "reason", p))
		return ERR_VALIDATION;
	return 0;
}

int calendar_check_rule(const struct hol_rule *r, size_t i, struct problem *p)
{
	char f[48];
#define F(key) (snprintf(f, sizeof f, "rules[%zu].%s", i, key), f)
	if (text_fits(r->name, F("name"), p) || text_fits(r->reason, F("reason"), p))
		return ERR_VALIDATION;
	int lunar = r->basis == HOL_LUNAR;
	int maxd = lunar ? 30 : vn_days_in_month(2000, r->month); /* 29/2 allowed */
	if (r->day > maxd)
		return problem_field(p, F("day"), "Ngày này không có trong tháng đã chọn.",
				     "This day does not exist in the chosen month.");
	if (r->first_year && r->last_year && r->first_year > r->last_year)
		return problem_field(p, F("last_year"),
				     "Năm kết thúc phải sau hoặc bằng năm bắt đầu.",
				     "The last year must not be before the first year.");
#undef F
	return 0;
}

/* ---- changes ---------------------------------------------------------------- */

void calendar_change_free(struct calendar_change *ch)
{
	hol_free(ch->next);
	json_decref(ch->entry);
	json_decref(ch->rules);
	memset(ch, 0, sizeof *ch);
}

/* The calendar as the store has it now (before the change); NULL logged. */
static struct hol_calendar *current(struct db *db, const struct actor *who)
{
	struct hol_error he;
	struct hol_calendar *cur = calendar_build(db, &he);
	if (!cur)
		log_error("calendar=build_failed rid=%s", who && who->rid ? who->rid : "-");
	return cur;
}

/* Rebuild from the store after the change (out->next). A failure here is
 * data the core refuses: a 422 on `field`. */
static int rebuild(struct db *db, struct calendar_change *out, const char *field, struct problem *p)
{
	struct hol_error he = {0};
	out->next = calendar_build(db, &he);
	/* the other servers rebuild theirs once this commits (db_notify) */
	if (out->next)
		return db_notify(db, DB_CHANNEL_CALENDAR) == DB_OK ? 0
								   : internal(p, NULL, "notify");
	he.line = 0;
	return hol_problem(p, &he, field);
}

/* Shared by put and delete: take the year into the store, apply, rebuild,
 * audit, count. row == NULL removes `day`. */
static int day_change(struct db *db, const struct actor *who, int64_t now, int64_t day,
		      const struct hol_row *row, struct calendar_change *out, struct problem *p)
{
	memset(out, 0, sizeof *out);
	const char *actor = actor_name(who);
	int year = vn_civil_from_days(day).y;
	struct hol_calendar *cur = current(db, who);
	if (!cur)
		return problem_kind(p, ERR_INTERNAL);
	const struct hol_row *old = hol_day_info(cur, day);
	if (!row && !old) {
		hol_free(cur);
		return problem_set(
			p, ERR_NOT_FOUND, "not_found", "date",
			"Ngày này không phải ngày nghỉ hay ngày làm bù nên không có gì "
			"để xóa.",
			"This date is neither a day off nor a make-up working day: there "
			"is nothing to remove.");
	}
	json_t *before = old ? calendar_row_json(old) : NULL;
	int rc = calendar_db_take_year(db, cur, year, actor, now);
	hol_free(cur);
	if (rc == 0)
		rc = row ? calendar_db_put_day(db, row, actor, now)
			 : calendar_db_delete_day(db, day);
	if (rc != 0) {
		json_decref(before);
		return internal(p, who, "store_failed");
	}
	rc = rebuild(db, out, row ? "kind" : "date", p);
	if (rc) {
		json_decref(before);
		return rc;
	}
	const struct hol_row *now_row = hol_day_info(out->next, day);
	out->entry = now_row ? calendar_row_json(now_row) : NULL;
	out->working = hol_is_working_day(out->next, day);
	char d[16];
	vn_format_date_days(day, d, sizeof d);
	rc = audit_write(db, who, now, row ? "calendar.day_set" : "calendar.day_remove", "calendar",
			 d, before, out->entry);
	out->affected = rc ? -1 : calendar_due_on(db, day);
	json_decref(before);
	if (out->affected < 0)
		return internal(p, who, "audit_or_count_failed");
	return 0;
}

int calendar_day_put(struct db *db, const struct actor *who, int64_t now, const struct hol_row *row,
		     struct calendar_change *out, struct problem *p)
{
	memset(out, 0, sizeof *out);
	if (calendar_check_row(row, p))
		return ERR_VALIDATION;
	return day_change(db, who, now, row->day, row, out, p);
}

int calendar_day_delete(struct db *db, const struct actor *who, int64_t now, int64_t day,
			struct calendar_change *out, struct problem *p)
{
	return day_change(db, who, now, day, NULL, out, p);
}

static json_t *year_rows_json(const struct hol_calendar *cal, int year)
{
	const struct hol_row *v;
	size_t n = hol_year_days(cal, year, &v);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, calendar_row_json(&v[i]));
	return a;
}

/* Line (1-based) of the first line that is not a comment and holds s; 0. */
static int line_of(const char *text, size_t len, const char *s)
{
	size_t n = strlen(s);
	int line = 1;
	for (size_t i = 0; i < len; line++) {
		size_t e = i;
		while (e < len && text[e] != '\n')
			e++;
		if (text[i] != '#')
			for (size_t k = i; k + n <= e; k++)
				if (memcmp(text + k, s, n) == 0)
					return line;
		i = e + 1;
	}
	return 0;
}

int calendar_import_year(struct db *db, const struct actor *who, int64_t now, int year,
			 const char *csv, size_t len, struct calendar_change *out,
			 struct problem *p)
{
	memset(out, 0, sizeof *out);
	struct hol_error he = {0};
	struct hol_calendar *file = hol_new();
	if (hol_load_days_csv(file, csv, len, &he) != 0) {
		hol_free(file);
		return hol_problem(p, &he, NULL);
	}
	for (int y = HOL_FIRST_YEAR; y <= HOL_LAST_YEAR; y++) {
		const struct hol_row *v;
		if (y == year || !hol_year_days(file, y, &v))
			continue;
		char d[16], f[32];
		vn_format_date_days(v[0].day, d, sizeof d);
		snprintf(f, sizeof f, "line %d", line_of(csv, len, d));
		hol_free(file);
		return problem_field(p, f, "Ngày này không thuộc năm đang nhập.",
				     "This date is not in the year being imported.");
	}
	const struct hol_row *rows;
	size_t n = hol_year_days(file, year, &rows);
	if (n == 0) {
		hol_free(file);
		return problem_field(p, NULL,
				     "Tệp không có ngày nào của năm này (cần dòng tiêu đề và ít "
				     "nhất một ngày).",
				     "The file has no day of this year (a header line and at "
				     "least one day are needed).");
	}
	struct hol_calendar *cur = current(db, who);
	if (!cur) {
		hol_free(file);
		return problem_kind(p, ERR_INTERNAL);
	}
	int rc = calendar_db_replace_year(db, year, rows, n, actor_name(who), now);
	hol_free(file);
	if (rc != 0) {
		hol_free(cur);
		return internal(p, who, "store_failed");
	}
	rc = rebuild(db, out, NULL, p);
	if (rc) {
		hol_free(cur);
		return rc;
	}
	json_t *before = json_pack("{s:o}", "rows", year_rows_json(cur, year));
	json_t *after = json_pack("{s:o}", "rows", year_rows_json(out->next, year));
	char ys[8];
	snprintf(ys, sizeof ys, "%d", year);
	rc = audit_write(db, who, now, "calendar.import", "calendar", ys, before, after);
	out->days = (long long)n;
	out->affected = rc ? -1 : calendar_due_changed(db, cur, out->next);
	hol_free(cur);
	json_decref(before);
	json_decref(after);
	if (out->affected < 0)
		return internal(p, who, "audit_or_count_failed");
	return 0;
}

static json_t *rules_json(const struct hol_calendar *cal)
{
	json_t *a = json_array();
	for (size_t i = 0; i < hol_rule_count(cal); i++)
		json_array_append_new(a, calendar_rule_json(hol_rule_at(cal, i)));
	return a;
}

int calendar_rules_set(struct db *db, const struct actor *who, int64_t now,
		       const struct hol_rule *rules, size_t n, struct calendar_change *out,
		       struct problem *p)
{
	memset(out, 0, sizeof *out);
	if (n > CALENDAR_RULES_MAX)
		return problem_field(p, "rules", "Có quá nhiều quy tắc.",
				     "There are too many rules.");
	for (size_t i = 0; i < n; i++)
		if (calendar_check_rule(&rules[i], i, p))
			return ERR_VALIDATION;
	struct hol_calendar *cur = current(db, who);
	if (!cur)
		return problem_kind(p, ERR_INTERNAL);
	if (calendar_db_set_rules(db, rules, n, actor_name(who), now) != 0) {
		hol_free(cur);
		return internal(p, who, "store_failed");
	}
	int rc = rebuild(db, out, "rules", p);
	if (rc) {
		hol_free(cur);
		return rc;
	}
	json_t *before = json_pack("{s:o}", "rules", rules_json(cur));
	out->rules = rules_json(out->next);
	json_t *after = json_pack("{s:O}", "rules", out->rules);
	rc = audit_write(db, who, now, "calendar.rules", "calendar", "rules", before, after);
	out->affected = rc ? -1 : calendar_due_changed(db, cur, out->next);
	hol_free(cur);
	json_decref(before);
	json_decref(after);
	if (out->affected < 0)
		return internal(p, who, "audit_or_count_failed");
	return 0;
}

/* ---- reading the published calendar ------------------------------------------ */

int calendar_year_json(struct app *a, struct db *db, int year, json_t **out, struct problem *p)
{
	*out = NULL;
	int in_db = calendar_db_has_year(db, year);
	if (in_db < 0)
		return internal(p, NULL, "read_failed");
	char wp[96] = "", cut[16] = "";
	app_cal_lock(a);
	struct wc_hours h = a->hours;
	app_cal_unlock(a);
	wc_hours_format(&h, wp, sizeof wp);
	if (h.cutoff != WC_NO_CUTOFF)
		snprintf(cut, sizeof cut, "%02d:%02d", h.cutoff / 60, h.cutoff % 60);

	int64_t d0 = vn_days_from_civil(year, 1, 1), d1 = vn_days_from_civil(year + 1, 1, 1);
	json_t *days = json_array();
	const struct hol_calendar *cal = app_cal_lock(a);
	int decided = hol_year_decided(cal, year);
	json_t *entries = year_rows_json(cal, year);
	for (int64_t d = d0; d < d1; d++) {
		char ds[16];
		struct lunar_date ld = {0, 0, 0, 0};
		vn_format_date_days(d, ds, sizeof ds);
		lunar_from_days(d, &ld);
		json_t *o = json_pack("{s:s,s:{s:i,s:i,s:i,s:b},s:b}", "date", ds, "lunar", "day",
				      ld.day, "month", ld.month, "year", ld.year, "leap", ld.leap,
				      "working", hol_is_working_day(cal, d));
		const struct hol_row *r = hol_day_info(cal, d);
		if (o && r) {
			json_object_set_new(o, "kind",
					    json_string(r->kind == HOL_WORK ? "work" : "off"));
			json_object_set_new(o, "name", json_string(r->name));
		}
		json_array_append_new(days, o);
	}
	app_cal_unlock(a);
	const char *source = !decided ? "default" : in_db ? "database" : "shipped";
	*out = json_pack("{s:i,s:s,s:s,s:o,s:o,s:o}", "year", year, "source", source,
			 "work_periods", wp, "cutoff", cut[0] ? json_string(cut) : json_null(),
			 "entries", entries, "days", days);
	return 0;
}

int calendar_rules_json(struct app *a, struct db *db, json_t **out, struct problem *p)
{
	*out = NULL;
	int stored = calendar_db_has_rules(db);
	if (stored < 0)
		return internal(p, NULL, "read_failed");
	const struct hol_calendar *cal = app_cal_lock(a);
	json_t *rules = rules_json(cal);
	app_cal_unlock(a);
	*out = json_pack("{s:s,s:o}", "source", stored ? "database" : "shipped", "rules", rules);
	return 0;
}

int calendar_export_csv(struct app *a, int year, char **csv, size_t *len, struct problem *p)
{
	*len = 0;
	const struct hol_calendar *cal = app_cal_lock(a);
	*csv = hol_export_year_csv(cal, year, len);
	app_cal_unlock(a);
	return *csv ? 0 : problem_kind(p, ERR_INTERNAL);
}

/* ---- JSON ----------------------------------------------------------------------- */

json_t *calendar_row_json(const struct hol_row *r)
{
	char d[16];
	vn_format_date_days(r->day, d, sizeof d);
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:b}", "date", d, "kind",
			 r->kind == HOL_WORK ? "work" : "off", "name", r->name, "decision",
			 r->decision ? r->decision : "", "reason", r->reason ? r->reason : "",
			 "default", r->is_default);
}

json_t *calendar_rule_json(const struct hol_rule *r)
{
	return json_pack("{s:s,s:i,s:i,s:i,s:i,s:o,s:o,s:s,s:s}", "calendar",
			 r->basis == HOL_LUNAR ? "lunar" : "solar", "month", r->month, "day",
			 r->day, "offset", r->offset, "days", r->days, "first_year",
			 r->first_year ? json_integer(r->first_year) : json_null(), "last_year",
			 r->last_year ? json_integer(r->last_year) : json_null(), "name", r->name,
			 "reason", r->reason ? r->reason : "");
}

/* ---- appointments promised across a day off -------------------------------- */

static json_t *holiday_json(const struct hol_row *r)
{
	if (!r || r->kind != HOL_OFF)
		return json_null();
	return json_pack("{s:s,s:s?,s:s?}", "name", r->name, "decision",
			 r->decision && r->decision[0] ? r->decision : NULL, "reason",
			 r->reason && r->reason[0] ? r->reason : NULL);
}

/* The days off on a weekday of years y0..y1 in the published calendar,
 * copied out under the lock (day and name), at most cap. */
struct off_day {
	int64_t day;
	char name[HOL_TEXT_MAX + 1];
};

static size_t weekday_offs(struct app *a, int y0, int y1, struct off_day *v, size_t cap)
{
	size_t n = 0;
	const struct hol_calendar *cal = app_cal_lock(a);
	for (int y = y0; y <= y1; y++) {
		const struct hol_row *rows;
		size_t k = hol_year_days(cal, y, &rows);
		for (size_t i = 0; i < k && n < cap; i++) {
			if (rows[i].kind != HOL_OFF || is_weekend(rows[i].day))
				continue;
			v[n].day = rows[i].day;
			snprintf(v[n].name, sizeof v[n].name, "%s", rows[i].name);
			n++;
		}
	}
	app_cal_unlock(a);
	return n;
}

int calendar_affected_json(struct app *a, struct db *db, int64_t now, int has_day, int64_t day,
			   json_t **out, struct problem *p)
{
	*out = NULL;
	if (has_day) {
		long long total = calendar_spanning_count(db, day);
		json_t *items =
			total < 0 ? NULL : calendar_spanning_items(db, day, CALENDAR_AFFECTED_MAX);
		if (!items)
			return internal(p, NULL, "affected_read_failed");
		char ds[16];
		vn_format_date_days(day, ds, sizeof ds);
		const struct hol_calendar *cal = app_cal_lock(a);
		json_t *hol = holiday_json(hol_day_info(cal, day));
		app_cal_unlock(a);
		*out = json_pack("{s:s,s:o,s:o,s:I}", "date", ds, "holiday", hol, "items", items,
				 "total", (json_int_t)total);
		return *out ? 0 : internal(p, NULL, "affected_json");
	}
	enum { CAP = 128 }; /* days off on weekdays in two years: about 30 */
	struct off_day *v = xmalloc(CAP * sizeof *v);
	int y = vn_civil_from_days(vn_day_of(now)).y;
	size_t n = weekday_offs(a, y, y + 1 <= HOL_LAST_YEAR ? y + 1 : y, v, CAP);
	json_t *days = json_array();
	for (size_t i = 0; i < n; i++) {
		long long total = calendar_spanning_count(db, v[i].day);
		if (total < 0) {
			free(v);
			json_decref(days);
			return internal(p, NULL, "affected_read_failed");
		}
		if (total == 0)
			continue;
		char ds[16];
		vn_format_date_days(v[i].day, ds, sizeof ds);
		json_array_append_new(days, json_pack("{s:s,s:s,s:I}", "date", ds, "name",
						      v[i].name, "total", (json_int_t)total));
	}
	free(v);
	*out = json_pack("{s:o}", "days", days);
	return *out ? 0 : internal(p, NULL, "affected_json");
}
