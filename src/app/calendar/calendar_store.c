/*
 * calendar_store.c — the calendar decisions kept in the database: loading
 * them on top of the shipped data (calendar.h states the precedence), and
 * the table writers the services use inside the caller's write transaction
 * (calendar_store.h); docs/CALENDAR.md §5 for the administrator's view.
 *
 * Loading order: stored rules (if any) replace the shipped rules, then the
 * stored years replace their rows in one hol_replace_years call, then the
 * stored years without rows are emptied (undecided: defaults).
 *
 * All of the calendar's SQL text is here (the services and handlers hold
 * none). Dialect: `$N` parameters and `ON CONFLICT … DO UPDATE`, which
 * PostgreSQL reads as SQLite does.
 */
#include "app/calendar/calendar_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "core/vntime.h"

#define NYEARS (HOL_LAST_YEAR - HOL_FIRST_YEAR + 1)
#define OPEN_STATUSES "('received', 'processing', 'supplement_requested')"

static int fail(struct hol_error *err, const char *msg, const char *what)
{
	if (err) {
		err->line = 0;
		snprintf(err->msg, sizeof err->msg, "%s%s%.60s", msg, what ? ": " : "",
			 what ? what : "");
	}
	return -1;
}

/* ---- loading ----------------------------------------------------------- */

static void free_rules(struct hol_rule *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free((char *)v[i].name);
		free((char *)v[i].reason);
	}
	free(v);
}

static int load_rules(struct db *db, struct hol_calendar *c, struct hol_error *err)
{
	static const char sql[] =
		"SELECT basis, month, day, offset_days, days, coalesce(first_year, 0),"
		" coalesce(last_year, 0), name, reason FROM calendar_rule ORDER BY position";
	struct db_stmt *st = db_prep(db, sql);
	struct hol_rule *v = NULL;
	size_t n = 0, cap = 0;
	int rc, bad = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			v = xrealloc(v, cap * sizeof *v);
		}
		struct hol_rule *r = &v[n++];
		const char *basis = db_col_text(st, 0);
		bad |= strcmp(basis, "solar") != 0 && strcmp(basis, "lunar") != 0;
		r->basis = strcmp(basis, "lunar") == 0 ? HOL_LUNAR : HOL_SOLAR;
		r->month = (int)db_col_int(st, 1);
		r->day = (int)db_col_int(st, 2);
		r->offset = (int)db_col_int(st, 3);
		r->days = (int)db_col_int(st, 4);
		r->first_year = (int)db_col_int(st, 5);
		r->last_year = (int)db_col_int(st, 6);
		r->name = xstrdup(db_col_text(st, 7));
		r->reason = xstrdup(db_col_text(st, 8));
	}
	db_done(st);
	int out = 0;
	if (rc != DB_DONE)
		out = fail(err, "cannot read the table calendar_rule", NULL);
	else if (bad)
		out = fail(err, "calendar_rule: basis must be solar or lunar", NULL);
	else if (n > 0) {
		struct hol_error e;
		if (hol_set_rules(c, v, n, &e) != 0)
			out = fail(err, "calendar_rule", e.msg);
	}
	free_rules(v, n);
	return out;
}

static void free_rows(struct hol_row *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free((char *)v[i].name);
		free((char *)v[i].decision);
		free((char *)v[i].reason);
	}
	free(v);
}

/* Remove every row of a decided year: it becomes undecided (defaults). */
static int empty_year(struct hol_calendar *c, int year, struct hol_error *err)
{
	while (hol_year_decided(c, year)) {
		const struct hol_row *v;
		if (hol_year_days(c, year, &v) == 0 || hol_remove_day(c, v[0].day, err) != 0)
			return -1;
	}
	return 0;
}

static int load_days(struct db *db, struct hol_calendar *c, struct hol_error *err)
{
	static const char sql_days[] =
		"SELECT day, kind, name, decision, reason FROM calendar_day ORDER BY day";
	static const char sql_years[] = "SELECT year FROM calendar_year ORDER BY year";
	unsigned char has_rows[NYEARS];
	memset(has_rows, 0, sizeof has_rows);
	struct db_stmt *st = db_prep(db, sql_days);
	struct hol_row *v = NULL;
	size_t n = 0, cap = 0;
	int rc, out = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *d = db_col_text(st, 0), *k = db_col_text(st, 1);
		int64_t day;
		if (vn_parse_date(d, strlen(d), &day) != 0) {
			out = fail(err, "calendar_day: bad date", d);
			break;
		}
		struct vn_date cd = vn_civil_from_days(day);
		if (cd.y < HOL_FIRST_YEAR || cd.y > HOL_LAST_YEAR) {
			out = fail(err, "calendar_day: date outside 1900..2199", d);
			break;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			v = xrealloc(v, cap * sizeof *v);
		}
		struct hol_row *r = &v[n++];
		r->day = day;
		r->kind = strcmp(k, "work") == 0 ? HOL_WORK : HOL_OFF;
		r->name = xstrdup(db_col_text(st, 2));
		r->decision = xstrdup(db_col_text(st, 3));
		r->reason = xstrdup(db_col_text(st, 4));
		r->is_default = 0;
		has_rows[cd.y - HOL_FIRST_YEAR] = 1;
	}
	db_done(st);
	if (!out && rc != DB_DONE)
		out = fail(err, "cannot read the table calendar_day", NULL);
	if (!out && n > 0) {
		struct hol_error e;
		if (hol_replace_years(c, v, n, &e) != 0)
			out = fail(err, "calendar_day", e.msg);
	}
	free_rows(v, n);
	if (out)
		return out;

	/* listed years without rows: undecided */
	int empty[NYEARS], ne = 0;
	st = db_prep(db, sql_years);
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t y = db_col_int(st, 0);
		if (y >= HOL_FIRST_YEAR && y <= HOL_LAST_YEAR && !has_rows[y - HOL_FIRST_YEAR])
			empty[ne++] = (int)y;
	}
	db_done(st);
	if (rc != DB_DONE)
		return fail(err, "cannot read the table calendar_year", NULL);
	for (int i = 0; i < ne; i++) {
		struct hol_error e;
		if (empty_year(c, empty[i], &e) != 0)
			return fail(err, "calendar_year", e.msg);
	}
	return 0;
}

int calendar_load_db(struct db *db, struct hol_calendar *c, struct hol_error *err)
{
	if (load_rules(db, c, err) != 0 || load_days(db, c, err) != 0)
		return -1;
	return 0;
}

struct hol_calendar *calendar_build(struct db *db, struct hol_error *err)
{
	struct hol_calendar *c = hol_new_shipped(err);
	if (!c)
		return NULL;
	if (calendar_load_db(db, c, err) != 0) {
		hol_free(c);
		return NULL;
	}
	return c;
}

/* An agency's stored periods and cut-off ("" or "none": no cut-off) into *h
 * (periods and cut-off both replaced). 0, or -1 when malformed (h untouched). */
static int parse_hours(const char *wp, const char *co, struct wc_hours *h)
{
	struct wc_hours x = *h;
	int cut;
	if (wc_hours_parse(&x, wp, strlen(wp)) != 0)
		return -1;
	if (strcmp(co, "") == 0 || strcmp(co, "none") == 0)
		x.cutoff = WC_NO_CUTOFF;
	else if (wc_parse_hhmm(co, strlen(co), &cut) == 0)
		x.cutoff = cut;
	else
		return -1;
	if (!wc_hours_valid(&x))
		return -1;
	*h = x;
	return 0;
}

int calendar_home_hours(struct db *db, struct wc_hours *h)
{
	static const char sql[] =
		"SELECT work_periods, cutoff FROM agency WHERE is_home = 1 ORDER BY id LIMIT 1";
	struct db_stmt *st = db_prep(db, sql);
	int rc = db_step(st), out = 1;
	if (rc == DB_ROW)
		out = parse_hours(db_col_text(st, 0), db_col_text(st, 1), h);
	else if (rc != DB_DONE)
		out = -1;
	db_done(st);
	return out;
}

int calendar_all_hours(struct db *db, struct agency_hours **out, size_t *n)
{
	static const char sql[] =
		"SELECT id, is_home, work_periods, cutoff FROM agency ORDER BY id";
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_prep(db, sql);
	size_t cap = 0;
	struct agency_hours *v = NULL;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		struct agency_hours x = {.agency_id = db_col_int(st, 0),
					 .home = db_col_int(st, 1) != 0};
		wc_hours_default(&x.h);
		if (parse_hours(db_col_text(st, 2), db_col_text(st, 3), &x.h) != 0)
			continue; /* malformed: the home agency's hours apply */
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[(*n)++] = x;
	}
	db_done(st);
	if (rc != DB_DONE) {
		free(v);
		*n = 0;
		return -1;
	}
	*out = v;
	return 0;
}

struct db_stmt *calendar_db_hours_list(struct db *db)
{
	static const char sql[] =
		"SELECT code, name, centre_name, is_home, work_periods, cutoff FROM agency"
		" ORDER BY level DESC, id";
	return db_prep(db, sql);
}

struct db_stmt *calendar_db_agency(struct db *db, const char *code)
{
	static const char sql[] =
		"SELECT id, is_home, work_periods, cutoff, name FROM agency WHERE code = $1";
	return db_row(db, sql, DB_ARGS(db_text(code)));
}

long long calendar_db_actor_agency(struct db *db, long long unit_id)
{
	static const char sql[] =
		"SELECT coalesce((SELECT agency_id FROM unit WHERE id = $1),"
		" (SELECT id FROM agency WHERE is_home = 1 ORDER BY id LIMIT 1), 0)";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(unit_id)));
	long long id = st ? db_col_int(st, 0) : 0;
	db_done(st);
	return id;
}

int calendar_db_is_home(struct db *db, long long id)
{
	static const char sql[] = "SELECT is_home FROM agency WHERE id = $1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(id)));
	int home = st ? db_col_int(st, 0) != 0 : 0;
	db_done(st);
	return home;
}

int calendar_db_set_hours(struct db *db, long long agency_id, const char *work_periods,
			  const char *cutoff)
{
	static const char sql[] = "UPDATE agency SET work_periods = $2, cutoff = $3 WHERE id = $1";
	return db_exec_vals(db, sql,
			    DB_ARGS(db_int(agency_id), db_text(work_periods), db_text(cutoff))) ==
			       DB_OK
		       ? 0
		       : -1;
}

/* ---- writers ----------------------------------------------------------- */

int calendar_db_has_year(struct db *db, int year)
{
	static const char sql[] = "SELECT 1 FROM calendar_year WHERE year = $1";
	struct db_stmt *st = db_query(db, sql, DB_ARGS(db_int(year)));
	int rc = db_step(st);
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int calendar_db_has_rules(struct db *db)
{
	static const char sql[] = "SELECT count(*) FROM calendar_rule";
	struct db_stmt *st = db_prep(db, sql);
	int rc = db_step(st);
	int out = rc == DB_ROW ? db_col_int(st, 0) > 0 : -1;
	db_done(st);
	return out;
}

/* Insert or refresh the calendar_year row. */
static int touch_year(struct db *db, int year, const char *actor, int64_t now)
{
	static const char sql[] =
		"INSERT INTO calendar_year (year, updated_by, updated_at) VALUES ($1, $2, $3)"
		" ON CONFLICT (year) DO UPDATE SET updated_by = excluded.updated_by,"
		" updated_at = excluded.updated_at";
	return db_exec_vals(db, sql, DB_ARGS(db_int(year), db_text(actor), db_int(now))) == DB_OK
		       ? 0
		       : -1;
}

int calendar_db_put_day(struct db *db, const struct hol_row *row, const char *actor, int64_t now)
{
	static const char sql[] =
		"INSERT INTO calendar_day (day, year, kind, name, decision, reason, updated_by,"
		" updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
		" ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name,"
		" decision = excluded.decision, reason = excluded.reason,"
		" updated_by = excluded.updated_by, updated_at = excluded.updated_at";
	char d[16];
	vn_format_date_days(row->day, d, sizeof d);
	int year = vn_civil_from_days(row->day).y;
	if (touch_year(db, year, actor, now) != 0)
		return -1;
	int rc = db_exec_vals(
		db, sql,
		DB_ARGS(db_text(d), db_int(year), db_text(row->kind == HOL_WORK ? "work" : "off"),
			db_text(row->name), db_text(row->decision ? row->decision : ""),
			db_text(row->reason ? row->reason : ""), db_text(actor), db_int(now)));
	return rc == DB_OK ? 0 : -1;
}

int calendar_db_take_year(struct db *db, const struct hol_calendar *cur, int year,
			  const char *actor, int64_t now)
{
	/* a listed year without rows is undecided too: it gets its defaults */
	static const char sql[] = "SELECT count(*) FROM calendar_day WHERE year = $1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(year)));
	int64_t rows = st ? db_col_int(st, 0) : -1;
	db_done(st);
	if (rows != 0)
		return rows < 0 ? -1 : 0;
	if (touch_year(db, year, actor, now) != 0)
		return -1;
	const struct hol_row *v;
	size_t n = hol_year_days(cur, year, &v);
	for (size_t i = 0; i < n; i++)
		if (calendar_db_put_day(db, &v[i], actor, now) != 0)
			return -1;
	return 0;
}

int calendar_db_delete_day(struct db *db, int64_t day)
{
	static const char sql[] = "DELETE FROM calendar_day WHERE day = $1";
	char d[16];
	vn_format_date_days(day, d, sizeof d);
	return db_exec_vals(db, sql, DB_ARGS(db_text(d))) == DB_OK ? 0 : -1;
}

int calendar_db_replace_year(struct db *db, int year, const struct hol_row *rows, size_t n,
			     const char *actor, int64_t now)
{
	static const char sql[] = "DELETE FROM calendar_day WHERE year = $1";
	if (touch_year(db, year, actor, now) != 0)
		return -1;
	if (db_exec_vals(db, sql, DB_ARGS(db_int(year))) != DB_OK)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (calendar_db_put_day(db, &rows[i], actor, now) != 0)
			return -1;
	return 0;
}

int calendar_db_set_rules(struct db *db, const struct hol_rule *rules, size_t n, const char *actor,
			  int64_t now)
{
	static const char sql_del[] = "DELETE FROM calendar_rule";
	static const char sql_ins[] =
		"INSERT INTO calendar_rule (position, basis, month, day, offset_days, days,"
		" first_year, last_year, name, reason, updated_by, updated_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
	if (db_run(db_prep(db, sql_del)) != DB_OK)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct hol_rule *r = &rules[i];
		int rc = db_exec_vals(
			db, sql_ins,
			DB_ARGS(db_int((int64_t)i + 1),
				db_text(r->basis == HOL_LUNAR ? "lunar" : "solar"),
				db_int(r->month), db_int(r->day), db_int(r->offset),
				db_int(r->days), r->first_year ? db_int(r->first_year) : db_null(),
				r->last_year ? db_int(r->last_year) : db_null(), db_text(r->name),
				db_text(r->reason ? r->reason : ""), db_text(actor), db_int(now)));
		if (rc != DB_OK)
			return -1;
	}
	return 0;
}

/* ---- promised appointments ---------------------------------------------- */

long long calendar_due_on(struct db *db, int64_t day)
{
	static const char sql[] = "SELECT count(*) FROM dossier WHERE status IN " OPEN_STATUSES
				  " AND due_at >= $1 AND due_at < $2";
	struct db_stmt *st =
		db_row(db, sql,
		       DB_ARGS(db_int(vn_instant_of_day(day)), db_int(vn_instant_of_day(day + 1))));
	long long n = st ? db_col_int(st, 0) : -1;
	db_done(st);
	return n;
}

long long calendar_due_changed(struct db *db, const struct hol_calendar *a,
			       const struct hol_calendar *b)
{
	static const char sql[] = "SELECT due_at FROM dossier WHERE status IN " OPEN_STATUSES
				  " AND due_at IS NOT NULL";
	struct db_stmt *st = db_prep(db, sql);
	long long n = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t day = vn_day_of(db_col_int(st, 0));
		if (hol_is_working_day(a, day) != hol_is_working_day(b, day))
			n++;
	}
	db_done(st);
	return rc == DB_DONE ? n : -1;
}

json_t *calendar_dossiers_spanning(struct db *db, int64_t day)
{
	static const char sql[] =
		"SELECT code, status, coalesce(clock_start, received_at), due_at FROM dossier"
		" WHERE status IN " OPEN_STATUSES " AND due_at IS NOT NULL"
		" AND coalesce(clock_start, received_at) < $2 AND due_at >= $1"
		" ORDER BY due_at, code";
	struct db_stmt *st = db_query(
		db, sql,
		DB_ARGS(db_int(vn_instant_of_day(day)), db_int(vn_instant_of_day(day + 1))));
	json_t *out = json_array();
	int rc = st ? DB_ROW : -1;
	while (st && (rc = db_step(st)) == DB_ROW) {
		char start[40], due[40];
		vn_format_iso(db_col_int(st, 2), start, sizeof start);
		vn_format_iso(db_col_int(st, 3), due, sizeof due);
		json_array_append_new(
			out, json_pack("{s:s,s:s,s:s,s:s}", "code", db_col_text(st, 0), "status",
				       db_col_text(st, 1), "clock_start", start, "due_at", due));
	}
	db_done(st);
	if (rc != DB_DONE) {
		json_decref(out);
		return NULL;
	}
	return out;
}

/* The window of an open dossier spans [$1, $2): shared by the two below. */
#define SPANS                                                                                      \
	" WHERE d.status IN " OPEN_STATUSES " AND d.due_at IS NOT NULL"                            \
	" AND coalesce(d.clock_start, d.received_at) < $2 AND d.due_at >= $1"

long long calendar_spanning_count(struct db *db, int64_t day)
{
	static const char sql[] = "SELECT count(*) FROM dossier d" SPANS;
	struct db_stmt *st =
		db_row(db, sql,
		       DB_ARGS(db_int(vn_instant_of_day(day)), db_int(vn_instant_of_day(day + 1))));
	if (!st)
		return -1;
	long long n = db_col_int(st, 0);
	db_done(st);
	return n;
}

static json_t *iso_or_null(struct db_stmt *st, int i)
{
	if (db_col_null(st, i))
		return json_null();
	char b[40];
	vn_format_iso(db_col_int(st, i), b, sizeof b);
	return json_string(b);
}

json_t *calendar_spanning_items(struct db *db, int64_t day, long long max)
{
	static const char sql[] =
		"SELECT d.code, p.code, p.name, d.status, d.received_at, d.due_at, u.code, u.name"
		" FROM dossier d JOIN procedure p ON p.id = d.procedure_id"
		" LEFT JOIN dossier_step s ON s.dossier_id = d.id AND s.position = d.current_step"
		" LEFT JOIN unit u ON u.id = s.unit_id" SPANS " ORDER BY d.due_at, d.code LIMIT $3";
	struct db_stmt *st = db_query(db, sql,
				      DB_ARGS(db_int(vn_instant_of_day(day)),
					      db_int(vn_instant_of_day(day + 1)), db_int(max)));
	json_t *out = json_array();
	int rc = st ? DB_ROW : -1;
	while (st && (rc = db_step(st)) == DB_ROW) {
		json_t *unit = db_col_null(st, 6)
				       ? json_null()
				       : json_pack("{s:s,s:s}", "code", db_col_text(st, 6), "name",
						   db_col_text(st, 7));
		json_array_append_new(out, json_pack("{s:s,s:{s:s,s:s},s:s,s:o,s:o,s:o}", "code",
						     db_col_text(st, 0), "procedure", "code",
						     db_col_text(st, 1), "name", db_col_text(st, 2),
						     "status", db_col_text(st, 3), "received_at",
						     iso_or_null(st, 4), "due_at",
						     iso_or_null(st, 5), "unit", unit));
	}
	db_done(st);
	if (rc != DB_DONE) {
		json_decref(out);
		return NULL;
	}
	return out;
}
