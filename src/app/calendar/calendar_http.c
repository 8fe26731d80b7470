/*
 * h_calendar.c — the calendar API (docs/CALENDAR.md §5, docs/API.md).
 *
 *   GET    /api/v1/calendar/{year}            public: the year for the front end
 *   GET    /api/v1/calendar/{year}/export     staff: the year as CSV
 *   POST   /api/v1/calendar/{year}/import     admin: CSV (text/csv), all or nothing
 *   PUT    /api/v1/calendar/days/{date}       admin: add or change a day
 *   DELETE /api/v1/calendar/days/{date}       admin: remove a day
 *   GET    /api/v1/calendar/rules             staff: the recurring rules
 *   PUT    /api/v1/calendar/rules             admin: replace them ([] = shipped)
 *
 * Every change runs on the writer thread, in one transaction: it changes the
 * tables (calendar_store.h), rebuilds the calendar from the database in the
 * same transaction (shipped data + stored decisions: exactly what a restart
 * would load), writes the audit record (entity "calendar") and counts the
 * open dossiers whose appointment the change touches. The rebuilt calendar
 * is published with app_cal_replace by the after_write hook only once the
 * commit succeeded; on any failure it is freed, so a rolled-back change
 * never reaches memory. Appointments already promised (dossier.due_at) are
 * never recomputed: the answer says how many there are instead.
 *
 * Ownership: a change's job lives in the request arena; the calendar it
 * builds (job->next) belongs to the job until publish() hands it to the app
 * or frees it. The writer may run a job more than once (db/writer.h): each
 * run first frees what the previous one built (fresh()), and nothing leaves
 * the transaction before publish().
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/calendar/calendar_store.h"
#include "app/calendar/calendar_routes.h"
#include "app/platform/jin.h"
#include "core/log.h"
#include "core/lunar.h"
#include "core/vntime.h"

#define TEXT_CHARS 100    /* name, reason: ≤ 300 bytes of NFC Vietnamese */
#define DECISION_CHARS 60 /* "12729/VPCP-KGVX" */
#define MAX_RULES 200

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
static int hol_problem(struct ctx *c, const struct hol_error *he, const char *field)
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
	return problem_field(&c->prob, field, vi, en);
}

static int internal(struct ctx *c, const char *what)
{
	log_error("calendar=%s rid=%s", what, c->r->rid);
	return problem_kind(&c->prob, ERR_INTERNAL);
}

static int bad_year(struct ctx *c)
{
	return problem_field(&c->prob, "year", "Năm phải là số có 4 chữ số, từ 1900 đến 2199.",
			     "The year must be four digits, from 1900 to 2199.");
}

static int parse_year(struct ctx *c, const char *s, int *year)
{
	if (strlen(s) != 4)
		return bad_year(c);
	int y = 0;
	for (int i = 0; i < 4; i++) {
		if (s[i] < '0' || s[i] > '9')
			return bad_year(c);
		y = y * 10 + (s[i] - '0');
	}
	if (y < HOL_FIRST_YEAR || y > HOL_LAST_YEAR)
		return bad_year(c);
	*year = y;
	return 0;
}

static int parse_date(struct ctx *c, const char *s, int64_t *day)
{
	if (vn_parse_date(s, strlen(s), day) != 0) {
		return problem_field(&c->prob, "date",
				     "Ngày không hợp lệ: cần một ngày có thật, dạng YYYY-MM-DD.",
				     "The date is not valid: a real date, YYYY-MM-DD, is needed.");
	}
	int y = vn_civil_from_days(*day).y;
	if (y < HOL_FIRST_YEAR || y > HOL_LAST_YEAR)
		return problem_field(&c->prob, "date", "Ngày phải thuộc các năm 1900–2199.",
				     "The date must be in the years 1900–2199.");
	return 0;
}

static int is_weekend(int64_t day)
{
	int wd = vn_weekday(day);
	return wd == 0 || wd == 6;
}

/* ---- the write path ------------------------------------------------------ */

struct cal_job {
	int64_t day;
	int year;
	struct hol_row row;     /* PUT day */
	struct hol_rule *rules; /* PUT rules, in the arena */
	size_t nrules;
	struct hol_calendar *next; /* built by the write_fn; see publish() */
};

/* after_write: the rebuilt calendar goes live only after the commit. */
static void publish(struct ctx *c, int committed)
{
	struct cal_job *j = c->warg;
	if (committed && j->next)
		app_cal_replace(c->app, j->next);
	else
		hol_free(j->next);
	j->next = NULL;
}

/* The writer may run a job again (db/writer.h): drop what a previous run
 * built. Every write_fn starts with this. */
static void fresh(struct cal_job *j)
{
	hol_free(j->next);
	j->next = NULL;
}

static enum http_result submit(struct ctx *c, write_fn fn, struct cal_job *j)
{
	c->after_write = publish;
	return app_write(c, fn, j);
}

/* Rebuild from the database after the change (j->next). A failure here is
 * data the core refuses: a 422 on `field`. */
static int rebuild(struct ctx *c, struct db *db, struct cal_job *j, const char *field)
{
	struct hol_error he = {0};
	j->next = calendar_build(db, &he);
	if (j->next)
		return 0;
	he.line = 0;
	return hol_problem(c, &he, field);
}

static struct hol_calendar *current(struct ctx *c, struct db *db)
{
	struct hol_error he;
	struct hol_calendar *cur = calendar_build(db, &he);
	if (!cur)
		log_error("calendar=build_failed rid=%s", c->r->rid);
	return cur;
}

static json_t *day_answer(struct cal_job *j, json_t *entry, long long affected)
{
	char d[16];
	vn_format_date_days(j->day, d, sizeof d);
	return json_pack("{s:s,s:O,s:b,s:I}", "date", d, "entry", entry ? entry : json_null(),
			 "working", hol_is_working_day(j->next, j->day), "affected_dossiers",
			 (json_int_t)affected);
}

/* Shared by PUT and DELETE: take the year into the database, apply, rebuild,
 * audit, count. remove = 1 for DELETE. */
static int day_change(struct ctx *c, struct db *db, int remove)
{
	struct cal_job *j = c->warg;
	fresh(j);
	const char *actor = ctx_actor(c);
	int64_t now = app_now(c->app);
	struct hol_calendar *cur = current(c, db);
	if (!cur)
		return problem_kind(&c->prob, ERR_INTERNAL);
	const struct hol_row *old = hol_day_info(cur, j->day);
	if (remove && !old) {
		hol_free(cur);
		return problem_set(
			&c->prob, ERR_NOT_FOUND, "not_found", "date",
			"Ngày này không phải ngày nghỉ hay ngày làm bù nên không có gì "
			"để xóa.",
			"This date is neither a day off nor a make-up working day: there "
			"is nothing to remove.");
	}
	json_t *before = old ? calendar_row_json(old) : NULL;
	int rc = calendar_db_take_year(db, cur, j->year, actor, now);
	hol_free(cur);
	if (rc == 0)
		rc = remove ? calendar_db_delete_day(db, j->day)
			    : calendar_db_put_day(db, &j->row, actor, now);
	if (rc != 0) {
		json_decref(before);
		return internal(c, "store_failed");
	}
	rc = rebuild(c, db, j, remove ? "date" : "kind");
	if (rc) {
		json_decref(before);
		return rc;
	}
	const struct hol_row *now_row = hol_day_info(j->next, j->day);
	json_t *after = now_row ? calendar_row_json(now_row) : NULL;
	char d[16];
	vn_format_date_days(j->day, d, sizeof d);
	struct actor who = ctx_who(c);
	rc = audit_write(db, &who, now, remove ? "calendar.day_remove" : "calendar.day_set",
			 "calendar", d, before, after);
	long long n = rc ? -1 : calendar_due_on(db, j->day);
	json_decref(before);
	if (n < 0) {
		json_decref(after);
		return internal(c, "audit_or_count_failed");
	}
	c->out = day_answer(j, after, n);
	json_decref(after);
	c->out_status = 200;
	return c->out ? 0 : ERR_INTERNAL;
}

static int day_put_fn(struct ctx *c, struct db *db)
{
	return day_change(c, db, 0);
}

static int day_delete_fn(struct ctx *c, struct db *db)
{
	return day_change(c, db, 1);
}

/* A text within the core's byte limit, as a 422 on field. */
static int text_fits(struct ctx *c, const char *s, const char *field)
{
	if (s && strlen(s) > HOL_TEXT_MAX)
		return problem_field(&c->prob, field, "Nội dung quá dài.", "The text is too long.");
	return 0;
}

enum http_result h_calendar_day_put(struct ctx *c)
{
	int64_t day;
	if (parse_date(c, c->param[0], &day))
		return reply_problem(c);
	json_t *k = json_object_get(c->body, "kind");
	const char *kind = json_is_string(k) ? json_string_value(k) : NULL;
	if (!k || json_is_null(k) || (kind && !kind[0])) {
		jin_required(c, "kind");
		return reply_problem(c);
	}
	if (!kind || (strcmp(kind, "off") != 0 && strcmp(kind, "work") != 0)) {
		problem_field(&c->prob, "kind",
			      "Loại ngày phải là off (ngày nghỉ) hoặc work (ngày làm bù).",
			      "The kind must be off (a day off) or work (a make-up working day).");
		return reply_problem(c);
	}
	int work = strcmp(kind, "work") == 0;
	if (work && !is_weekend(day)) {
		problem_field(
			&c->prob, "kind",
			"Ngày làm bù phải là thứ Bảy hoặc Chủ nhật (từ thứ Hai đến thứ Sáu đã "
			"là ngày làm việc).",
			"A make-up working day must be a Saturday or a Sunday (Monday to "
			"Friday already are working days).");
		return reply_problem(c);
	}
	const char *name, *decision, *reason;
	if (jin_line(c, c->body, "name", "name", TEXT_CHARS, JIN_REQUIRED, &name) ||
	    jin_line(c, c->body, "decision", "decision", DECISION_CHARS, JIN_OPTIONAL, &decision) ||
	    jin_line(c, c->body, "reason", "reason", TEXT_CHARS, JIN_OPTIONAL, &reason) ||
	    text_fits(c, name, "name") || text_fits(c, decision, "decision") ||
	    text_fits(c, reason, "reason"))
		return reply_problem(c);
	struct cal_job *j = arena_alloc(&c->r->arena, sizeof *j);
	memset(j, 0, sizeof *j);
	j->day = day;
	j->year = vn_civil_from_days(day).y;
	j->row = (struct hol_row){day,
				  work ? HOL_WORK : HOL_OFF,
				  name,
				  decision ? decision : "",
				  reason ? reason : "",
				  0};
	return submit(c, day_put_fn, j);
}

enum http_result h_calendar_day_delete(struct ctx *c)
{
	int64_t day;
	if (parse_date(c, c->param[0], &day))
		return reply_problem(c);
	struct cal_job *j = arena_alloc(&c->r->arena, sizeof *j);
	memset(j, 0, sizeof *j);
	j->day = day;
	j->year = vn_civil_from_days(day).y;
	return submit(c, day_delete_fn, j);
}

/* ---- a year: read, export, import ------------------------------------------ */

static json_t *year_rows_json(const struct hol_calendar *cal, int year)
{
	const struct hol_row *v;
	size_t n = hol_year_days(cal, year, &v);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, calendar_row_json(&v[i]));
	return a;
}

enum http_result h_calendar_year(struct ctx *c)
{
	int year;
	if (parse_year(c, c->param[0], &year))
		return reply_problem(c);
	int in_db = calendar_db_has_year(c->db, year);
	if (in_db < 0)
		return reply_err(c, ERR_INTERNAL);
	char wp[96] = "", cut[16] = "";
	struct wc_hours h = c->app->hours;
	wc_hours_format(&h, wp, sizeof wp);
	if (h.cutoff != WC_NO_CUTOFF)
		snprintf(cut, sizeof cut, "%02d:%02d", h.cutoff / 60, h.cutoff % 60);

	int64_t d0 = vn_days_from_civil(year, 1, 1), d1 = vn_days_from_civil(year + 1, 1, 1);
	json_t *days = json_array();
	const struct hol_calendar *cal = app_cal_lock(c->app);
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
	app_cal_unlock(c->app);
	const char *source = !decided ? "default" : in_db ? "database" : "shipped";
	return reply_json(c, 200,
			  json_pack("{s:i,s:s,s:s,s:o,s:o,s:o}", "year", year, "source", source,
				    "work_periods", wp, "cutoff",
				    cut[0] ? json_string(cut) : json_null(), "entries", entries,
				    "days", days));
}

enum http_result h_calendar_export(struct ctx *c)
{
	int year;
	if (parse_year(c, c->param[0], &year))
		return reply_problem(c);
	size_t len = 0;
	const struct hol_calendar *cal = app_cal_lock(c->app);
	char *csv = hol_export_year_csv(cal, year, &len);
	app_cal_unlock(c->app);
	if (!csv)
		return reply_err(c, ERR_INTERNAL);
	/* a BOM so spreadsheet programs read the Vietnamese text as UTF-8 */
	char *out = xmalloc(len + 4);
	memcpy(out, "\xEF\xBB\xBF", 3);
	memcpy(out + 3, csv, len + 1);
	free(csv);
	http_add_header(
		c->r, "Content-Disposition",
		arena_printf(&c->r->arena, "attachment; filename=\"lich-nghi-%d.csv\"", year));
	http_reply(c->r, 200, "text/csv; charset=utf-8", out, len + 3);
	return HTTP_DONE;
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

static int import_fn(struct ctx *c, struct db *db)
{
	struct cal_job *j = c->warg;
	fresh(j);
	const char *body = c->r->body;
	size_t blen = c->r->body_len;
	struct hol_error he = {0};
	struct hol_calendar *file = hol_new();
	if (hol_load_days_csv(file, body, blen, &he) != 0) {
		hol_free(file);
		return hol_problem(c, &he, NULL);
	}
	for (int y = HOL_FIRST_YEAR; y <= HOL_LAST_YEAR; y++) {
		const struct hol_row *v;
		if (y == j->year || !hol_year_days(file, y, &v))
			continue;
		char d[16], f[32];
		vn_format_date_days(v[0].day, d, sizeof d);
		snprintf(f, sizeof f, "line %d", line_of(body, blen, d));
		hol_free(file);
		return problem_field(&c->prob, f, "Ngày này không thuộc năm đang nhập.",
				     "This date is not in the year being imported.");
	}
	const struct hol_row *rows;
	size_t n = hol_year_days(file, j->year, &rows);
	if (n == 0) {
		hol_free(file);
		return problem_field(&c->prob, NULL,
				     "Tệp không có ngày nào của năm này (cần dòng tiêu đề và ít "
				     "nhất một ngày).",
				     "The file has no day of this year (a header line and at "
				     "least one day are needed).");
	}
	struct hol_calendar *cur = current(c, db);
	if (!cur) {
		hol_free(file);
		return problem_kind(&c->prob, ERR_INTERNAL);
	}
	int rc = calendar_db_replace_year(db, j->year, rows, n, ctx_actor(c), app_now(c->app));
	hol_free(file);
	if (rc != 0) {
		hol_free(cur);
		return internal(c, "store_failed");
	}
	rc = rebuild(c, db, j, NULL);
	if (rc) {
		hol_free(cur);
		return rc;
	}
	json_t *before = json_pack("{s:o}", "rows", year_rows_json(cur, j->year));
	json_t *after = json_pack("{s:o}", "rows", year_rows_json(j->next, j->year));
	char ys[8];
	snprintf(ys, sizeof ys, "%d", j->year);
	struct actor who = ctx_who(c);
	rc = audit_write(db, &who, app_now(c->app), "calendar.import", "calendar", ys, before,
			 after);
	long long affected = rc ? -1 : calendar_due_changed(db, cur, j->next);
	hol_free(cur);
	json_decref(before);
	json_decref(after);
	if (affected < 0)
		return internal(c, "audit_or_count_failed");
	c->out = json_pack("{s:i,s:I,s:I}", "year", j->year, "days", (json_int_t)n,
			   "affected_dossiers", (json_int_t)affected);
	c->out_status = 200;
	return c->out ? 0 : ERR_INTERNAL;
}

enum http_result h_calendar_import(struct ctx *c)
{
	int year;
	if (parse_year(c, c->param[0], &year))
		return reply_problem(c);
	const char *ct = http_header(c->r, "Content-Type");
	if (!ct || strncasecmp(ct, "text/csv", 8) != 0)
		return reply_err(c, ERR_MEDIA_TYPE);
	struct cal_job *j = arena_alloc(&c->r->arena, sizeof *j);
	memset(j, 0, sizeof *j);
	j->year = year;
	return submit(c, import_fn, j);
}

/* ---- the recurring rules ------------------------------------------------------ */

static json_t *rules_json(const struct hol_calendar *cal)
{
	json_t *a = json_array();
	for (size_t i = 0; i < hol_rule_count(cal); i++)
		json_array_append_new(a, calendar_rule_json(hol_rule_at(cal, i)));
	return a;
}

enum http_result h_calendar_rules(struct ctx *c)
{
	int stored = calendar_db_has_rules(c->db);
	if (stored < 0)
		return reply_err(c, ERR_INTERNAL);
	const struct hol_calendar *cal = app_cal_lock(c->app);
	json_t *rules = rules_json(cal);
	app_cal_unlock(c->app);
	return reply_json(
		c, 200,
		json_pack("{s:s,s:o}", "source", stored ? "database" : "shipped", "rules", rules));
}

static int rules_fn(struct ctx *c, struct db *db)
{
	struct cal_job *j = c->warg;
	fresh(j);
	struct hol_calendar *cur = current(c, db);
	if (!cur)
		return problem_kind(&c->prob, ERR_INTERNAL);
	if (calendar_db_set_rules(db, j->rules, j->nrules, ctx_actor(c), app_now(c->app)) != 0) {
		hol_free(cur);
		return internal(c, "store_failed");
	}
	int rc = rebuild(c, db, j, "rules");
	if (rc) {
		hol_free(cur);
		return rc;
	}
	json_t *before = json_pack("{s:o}", "rules", rules_json(cur));
	json_t *after = json_pack("{s:o}", "rules", rules_json(j->next));
	struct actor who = ctx_who(c);
	rc = audit_write(db, &who, app_now(c->app), "calendar.rules", "calendar", "rules", before,
			 after);
	long long affected = rc ? -1 : calendar_due_changed(db, cur, j->next);
	hol_free(cur);
	json_decref(before);
	if (affected < 0) {
		json_decref(after);
		return internal(c, "audit_or_count_failed");
	}
	c->out = json_pack("{s:s,s:O,s:I}", "source", j->nrules ? "database" : "shipped", "rules",
			   json_object_get(after, "rules"), "affected_dossiers",
			   (json_int_t)affected);
	json_decref(after);
	c->out_status = 200;
	return c->out ? 0 : ERR_INTERNAL;
}

/* One rule of the body into *r (strings in the arena). */
static int read_rule(struct ctx *c, json_t *o, size_t i, struct hol_rule *r)
{
	char f[48];
	static const char *const bases[] = {"solar", "lunar", NULL};
	const char *basis, *name, *reason;
	long long month = 0, day = 0, offset = 0, days = 1, fy = 0, ly = 0;
#define F(key) (snprintf(f, sizeof f, "rules[%zu].%s", i, key), f)
	if (!json_is_object(o))
		return jin_invalid(c, (snprintf(f, sizeof f, "rules[%zu]", i), f));
	if (jin_enum(c, o, "calendar", F("calendar"), bases, JIN_REQUIRED, &basis) ||
	    jin_int(c, o, "month", F("month"), 1, 12, JIN_REQUIRED, &month, NULL) ||
	    jin_int(c, o, "day", F("day"), 1, 31, JIN_REQUIRED, &day, NULL) ||
	    jin_int(c, o, "offset", F("offset"), -31, 31, JIN_OPTIONAL, &offset, NULL) ||
	    jin_int(c, o, "days", F("days"), 1, 31, JIN_OPTIONAL, &days, NULL) ||
	    jin_int(c, o, "first_year", F("first_year"), HOL_FIRST_YEAR, HOL_LAST_YEAR,
		    JIN_OPTIONAL, &fy, NULL) ||
	    jin_int(c, o, "last_year", F("last_year"), HOL_FIRST_YEAR, HOL_LAST_YEAR, JIN_OPTIONAL,
		    &ly, NULL) ||
	    jin_line(c, o, "name", F("name"), TEXT_CHARS, JIN_REQUIRED, &name) ||
	    jin_line(c, o, "reason", F("reason"), TEXT_CHARS, JIN_OPTIONAL, &reason) ||
	    text_fits(c, name, F("name")) || text_fits(c, reason, F("reason")))
		return -1;
	int lunar = strcmp(basis, "lunar") == 0;
	int maxd = lunar ? 30 : vn_days_in_month(2000, (int)month); /* 29/2 allowed */
	if (day > maxd)
		return problem_field(&c->prob, F("day"), "Ngày này không có trong tháng đã chọn.",
				     "This day does not exist in the chosen month.");
	if (fy && ly && fy > ly)
		return problem_field(&c->prob, F("last_year"),
				     "Năm kết thúc phải sau hoặc bằng năm bắt đầu.",
				     "The last year must not be before the first year.");
#undef F
	*r = (struct hol_rule){lunar ? HOL_LUNAR : HOL_SOLAR,
			       (int)month,
			       (int)day,
			       (int)offset,
			       (int)days,
			       (int)fy,
			       (int)ly,
			       name,
			       reason ? reason : ""};
	return 0;
}

enum http_result h_calendar_rules_put(struct ctx *c)
{
	json_t *arr;
	if (jin_array(c, c->body, "rules", "rules", MAX_RULES, JIN_REQUIRED, &arr))
		return reply_problem(c);
	struct cal_job *j = arena_alloc(&c->r->arena, sizeof *j);
	memset(j, 0, sizeof *j);
	j->nrules = json_array_size(arr);
	j->rules = arena_alloc(&c->r->arena, (j->nrules + 1) * sizeof *j->rules);
	for (size_t i = 0; i < j->nrules; i++)
		if (read_rule(c, json_array_get(arr, i), i, &j->rules[i]))
			return reply_problem(c);
	return submit(c, rules_fn, j);
}
