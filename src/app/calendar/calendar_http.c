/*
 * calendar_http.c — the calendar API (docs/CALENDAR.md §5, docs/API.md):
 * parse, call a service (calendar.h), reply.
 *
 *   GET    /api/v1/calendar/{year}            public: the year for the front end
 *   GET    /api/v1/calendar/{year}/export     staff: the year as CSV
 *   POST   /api/v1/calendar/{year}/import     admin: CSV (text/csv), all or nothing
 *   PUT    /api/v1/calendar/days/{date}       admin: add or change a day
 *   DELETE /api/v1/calendar/days/{date}       admin: remove a day
 *   GET    /api/v1/calendar/rules             staff: the recurring rules
 *   PUT    /api/v1/calendar/rules             admin: replace them ([] = shipped)
 *   GET    /api/v1/calendar/affected[?date=]  staff: open dossiers whose promised
 *                                             window spans a day off (no personal data)
 *   GET    /api/v1/calendar/hours             staff: every agency's working hours
 *   PUT    /api/v1/calendar/hours/{agency}    admin: one agency's hours and cut-off
 *
 * Every change runs on the writer thread, in one transaction, as a service
 * call that returns the calendar rebuilt from the store (struct
 * calendar_change). Publishing it is HTTP's part: the after_write hook
 * (publish) hands it to app_cal_replace only once the commit succeeded and
 * frees it otherwise, so a rolled-back change never reaches memory.
 *
 * Ownership: a change's job lives in the request arena; what its service
 * built (job->ch) belongs to the job until publish() hands the calendar to
 * the app and frees the rest. The writer may run a job more than once
 * (db/writer.h): each run first frees what the previous one built (fresh()).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/calendar/calendar.h"
#include "app/calendar/calendar_routes.h"
#include "app/platform/clock.h"
#include "app/platform/jin.h"
#include "core/vntime.h"

/* ---- the write path ------------------------------------------------------ */

struct cal_job {
	int64_t day;
	int year;
	struct hol_row row;     /* PUT day */
	struct hol_rule *rules; /* PUT rules, in the arena */
	size_t nrules;
	struct calendar_change ch; /* built by the service; see publish() */
};

/* after_write: the rebuilt calendar goes live only after the commit. */
static void publish(struct ctx *c, int committed)
{
	struct cal_job *j = c->warg;
	if (committed && j->ch.next) {
		app_cal_replace(c->app, j->ch.next);
		j->ch.next = NULL;
	}
	calendar_change_free(&j->ch);
}

/* The writer may run a job again (db/writer.h): drop what a previous run
 * built. Every write_fn starts with this. */
static void fresh(struct cal_job *j)
{
	calendar_change_free(&j->ch);
}

static enum http_result submit(struct ctx *c, write_fn fn, struct cal_job *j)
{
	c->after_write = publish;
	return app_write(c, fn, j);
}

static int day_answer(struct ctx *c, struct cal_job *j)
{
	char d[16];
	vn_format_date_days(j->day, d, sizeof d);
	c->out = json_pack("{s:s,s:O,s:b,s:I}", "date", d, "entry",
			   j->ch.entry ? j->ch.entry : json_null(), "working", j->ch.working,
			   "affected_dossiers", (json_int_t)j->ch.affected);
	c->out_status = 200;
	return c->out ? 0 : ERR_INTERNAL;
}

static int day_put_fn(struct ctx *c, struct db *db)
{
	struct cal_job *j = c->warg;
	fresh(j);
	struct actor who = ctx_who(c);
	int rc = calendar_day_put(db, &who, app_now(c->app), &j->row, &j->ch, &c->prob);
	return rc ? rc : day_answer(c, j);
}

static int day_delete_fn(struct ctx *c, struct db *db)
{
	struct cal_job *j = c->warg;
	fresh(j);
	struct actor who = ctx_who(c);
	int rc = calendar_day_delete(db, &who, app_now(c->app), j->day, &j->ch, &c->prob);
	return rc ? rc : day_answer(c, j);
}

enum http_result h_calendar_day_put(struct ctx *c)
{
	int64_t day;
	if (calendar_parse_date(c->param[0], &day, &c->prob))
		return reply_problem(c);
	json_t *k = json_object_get(c->body, "kind");
	const char *kind = json_is_string(k) ? json_string_value(k) : NULL;
	if (!k || json_is_null(k) || (kind && !kind[0])) {
		jin_required(c, "kind");
		return reply_problem(c);
	}
	int work;
	if (calendar_check_kind(day, kind, &work, &c->prob))
		return reply_problem(c);
	const char *name, *decision, *reason;
	if (jin_line(c, c->body, "name", "name", CALENDAR_TEXT_CHARS, JIN_REQUIRED, &name) ||
	    jin_line(c, c->body, "decision", "decision", CALENDAR_DECISION_CHARS, JIN_OPTIONAL,
		     &decision) ||
	    jin_line(c, c->body, "reason", "reason", CALENDAR_TEXT_CHARS, JIN_OPTIONAL, &reason))
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
	if (calendar_check_row(&j->row, &c->prob))
		return reply_problem(c);
	return submit(c, day_put_fn, j);
}

enum http_result h_calendar_day_delete(struct ctx *c)
{
	int64_t day;
	if (calendar_parse_date(c->param[0], &day, &c->prob))
		return reply_problem(c);
	struct cal_job *j = arena_alloc(&c->r->arena, sizeof *j);
	memset(j, 0, sizeof *j);
	j->day = day;
	j->year = vn_civil_from_days(day).y;
	return submit(c, day_delete_fn, j);
}

/* ---- a year: read, export, import ------------------------------------------ */

enum http_result h_calendar_year(struct ctx *c)
{
	int year;
	json_t *out;
	if (calendar_parse_year(c->param[0], &year, &c->prob) ||
	    calendar_year_json(c->app, c->db, year, &out, &c->prob))
		return reply_problem(c);
	return reply_json(c, 200, out);
}

enum http_result h_calendar_export(struct ctx *c)
{
	int year;
	char *csv;
	size_t len;
	if (calendar_parse_year(c->param[0], &year, &c->prob) ||
	    calendar_export_csv(c->app, year, &csv, &len, &c->prob))
		return reply_problem(c);
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

static int import_fn(struct ctx *c, struct db *db)
{
	struct cal_job *j = c->warg;
	fresh(j);
	struct actor who = ctx_who(c);
	int rc = calendar_import_year(db, &who, app_now(c->app), j->year, c->r->body,
				      c->r->body_len, &j->ch, &c->prob);
	if (rc)
		return rc;
	c->out = json_pack("{s:i,s:I,s:I}", "year", j->year, "days", (json_int_t)j->ch.days,
			   "affected_dossiers", (json_int_t)j->ch.affected);
	c->out_status = 200;
	return c->out ? 0 : ERR_INTERNAL;
}

enum http_result h_calendar_import(struct ctx *c)
{
	int year;
	if (calendar_parse_year(c->param[0], &year, &c->prob))
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

enum http_result h_calendar_rules(struct ctx *c)
{
	json_t *out;
	if (calendar_rules_json(c->app, c->db, &out, &c->prob))
		return reply_problem(c);
	return reply_json(c, 200, out);
}

static int rules_fn(struct ctx *c, struct db *db)
{
	struct cal_job *j = c->warg;
	fresh(j);
	struct actor who = ctx_who(c);
	int rc = calendar_rules_set(db, &who, app_now(c->app), j->rules, j->nrules, &j->ch,
				    &c->prob);
	if (rc)
		return rc;
	c->out = json_pack("{s:s,s:O,s:I}", "source", j->nrules ? "database" : "shipped", "rules",
			   j->ch.rules, "affected_dossiers", (json_int_t)j->ch.affected);
	c->out_status = 200;
	return c->out ? 0 : ERR_INTERNAL;
}

/* One rule of the body into *r (strings in the arena), then its rules. */
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
	    jin_line(c, o, "name", F("name"), CALENDAR_TEXT_CHARS, JIN_REQUIRED, &name) ||
	    jin_line(c, o, "reason", F("reason"), CALENDAR_TEXT_CHARS, JIN_OPTIONAL, &reason))
		return -1;
#undef F
	*r = (struct hol_rule){strcmp(basis, "lunar") == 0 ? HOL_LUNAR : HOL_SOLAR,
			       (int)month,
			       (int)day,
			       (int)offset,
			       (int)days,
			       (int)fy,
			       (int)ly,
			       name,
			       reason ? reason : ""};
	return calendar_check_rule(r, i, &c->prob) ? -1 : 0;
}

enum http_result h_calendar_rules_put(struct ctx *c)
{
	json_t *arr;
	if (jin_array(c, c->body, "rules", "rules", CALENDAR_RULES_MAX, JIN_REQUIRED, &arr))
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

/* ---- the dossiers a day off touches -------------------------------------------- */

enum http_result h_calendar_affected(struct ctx *c)
{
	const char *ds;
	int64_t day = 0;
	json_t *out;
	if (qs_line(c, "date", 10, &ds) || (ds && calendar_parse_date(ds, &day, &c->prob)) ||
	    calendar_affected_json(c->app, c->db, app_now(c->app), ds != NULL, day, &out, &c->prob))
		return reply_problem(c);
	return reply_json(c, 200, out);
}

/* ---- each agency's working hours (D30) ------------------------------------------ */

enum http_result h_calendar_hours(struct ctx *c)
{
	json_t *out;
	if (calendar_hours_json(c->db, &out, &c->prob))
		return reply_problem(c);
	return reply_json(c, 200, out);
}

struct hours_job {
	const char *agency, *work_periods, *cutoff;
	struct calendar_hours_change ch;
};

/* after_write: the hours read back go live only after the commit. */
static void publish_hours(struct ctx *c, int committed)
{
	struct hours_job *j = c->warg;
	if (committed && j->ch.next) {
		app_clock_set_hours(c->app, j->ch.next, j->ch.n);
		j->ch.next = NULL;
	}
	calendar_hours_change_free(&j->ch);
}

static int hours_fn(struct ctx *c, struct db *db)
{
	struct hours_job *j = c->warg;
	calendar_hours_change_free(&j->ch);
	struct actor who = ctx_who(c);
	int rc = calendar_hours_set(db, &who, app_now(c->app), j->agency, j->work_periods,
				    j->cutoff, &j->ch, &c->prob);
	if (rc)
		return rc;
	c->out = json_incref(j->ch.entry);
	c->out_status = 200;
	return c->out ? 0 : ERR_INTERNAL;
}

enum http_result h_calendar_hours_put(struct ctx *c)
{
	struct hours_job *j = arena_alloc(&c->r->arena, sizeof *j);
	memset(j, 0, sizeof *j);
	j->agency = c->param[0];
	json_t *cut = json_object_get(c->body, "cutoff");
	if (jin_line(c, c->body, "work_periods", "work_periods", 100, JIN_REQUIRED,
		     &j->work_periods))
		return reply_problem(c);
	if (!cut) {
		jin_required(c, "cutoff");
		return reply_problem(c);
	}
	if (!json_is_null(cut) &&
	    jin_line(c, c->body, "cutoff", "cutoff", 5, JIN_REQUIRED, &j->cutoff))
		return reply_problem(c);
	c->after_write = publish_hours;
	return app_write(c, hours_fn, j);
}
