/*
 * performance_service.c — the officers' figures (performance.h): one
 * officer's figures over a period, who may read them, the table of a
 * unit's or an agency's officers and the dossiers behind each number.
 * Reads only; rules in DECISIONS D41.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app/performance/performance.h"
#include "app/performance/performance_store.h"
#include "app/platform/clock.h"
#include "core/mem.h"
#include "core/vntime.h"

static enum err staff_unknown(struct problem *p)
{
	return problem_set(p, ERR_NOT_FOUND, "staff_not_found", "username", "Không có cán bộ này.",
			   "There is no such staff member.");
}

static enum err store_failed(struct problem *p)
{
	return problem_kind(p, ERR_INTERNAL);
}

/* One decimal, half away from zero. */
static double one_decimal(double v)
{
	return round(v * 10.0) / 10.0;
}

int performance_officer(struct db *db, const struct app *a, int64_t staff_id, int64_t from,
			int64_t to, struct officer_figures *out, struct problem *p)
{
	memset(out, 0, sizeof *out);
	out->staff_id = staff_id;
	out->from = from;
	out->to = to;
	out->on_time_rate = -1;
	out->avg_step_hours = -1;
	out->not_satisfied_rate = -1;
	out->petitions_about = -1;
	if (to <= from)
		return problem_field(p, "to", "Ngày kết thúc phải sau ngày bắt đầu.",
				     "The end of the period must come after its start.");
	struct db_stmt *st = perfstore_staff(db, staff_id);
	if (!st)
		return staff_unknown(p);
	db_done(st);

	/* the clock only reads the app (under its own lock) */
	struct app *clock = (struct app *)a;
	long long timed = 0;
	int64_t work_s = 0;
	/* whole days the step rollup holds come from step_day, the rest (and
	 * the partial days at either end) from the steps (D41) */
	int64_t lo = vn_day_of(from), hi = vn_day_of(to), r = perfstore_step_through(db);
	if (vn_instant_of_day(lo) < from)
		lo++;
	if (hi > r)
		hi = r;
	int64_t live[2][2] = {{from, to}, {to, to}};
	if (lo < hi) {
		live[0][1] = vn_instant_of_day(lo);
		live[1][0] = vn_instant_of_day(hi);
		st = perfstore_officer_days(db, staff_id, lo, hi);
		int rc;
		while ((rc = db_step(st)) == DB_ROW) {
			const char *outcome = db_col_text(st, PSO_OUTCOME);
			long long k = db_col_int(st, PSO_STEPS);
			out->steps_handled += k;
			if (strcmp(outcome, "early") == 0)
				out->steps_early += k;
			else if (strcmp(outcome, "on_time") == 0)
				out->steps_on_time += k;
			else
				out->steps_late += k;
			timed += db_col_int(st, PSO_TIMED);
			work_s += db_col_int(st, PSO_WORK);
		}
		db_done(st);
		if (rc != DB_DONE)
			return store_failed(p);
	}
	for (int i = 0; i < 2; i++) {
		if (live[i][0] >= live[i][1])
			continue;
		st = perfstore_steps(db, staff_id, live[i][0], live[i][1]);
		int rc;
		while ((rc = db_step(st)) == DB_ROW) {
			const char *outcome = db_col_text(st, PST_OUTCOME);
			out->steps_handled++;
			if (strcmp(outcome, "early") == 0)
				out->steps_early++;
			else if (strcmp(outcome, "on_time") == 0)
				out->steps_on_time++;
			else
				out->steps_late++;
			if (!db_col_null(st, PST_STARTED)) {
				int64_t s = db_col_int(st, PST_STARTED),
					f = db_col_int(st, PST_FINISHED);
				if (f > s)
					work_s += clock_elapsed_of(
						clock, db_col_int(st, PST_AGENCY), s, f);
				timed++;
			}
		}
		db_done(st);
		if (rc != DB_DONE)
			return store_failed(p);
	}
	/* distinct dossiers: not a sum of days, read from the steps' index */
	out->dossiers_handled = perfstore_dossiers_handled(db, staff_id, from, to);
	if (out->dossiers_handled < 0)
		return store_failed(p);
	if (out->steps_handled >= PERF_MIN_STEPS)
		out->on_time_rate =
			one_decimal(100.0 * (double)(out->steps_early + out->steps_on_time) /
				    (double)out->steps_handled);
	if (timed > 0)
		out->avg_step_hours = one_decimal((double)work_s / 3600.0 / (double)timed);

	if (perfstore_open_steps(db, staff_id, to, &out->steps_open, &out->steps_overdue) < 0)
		return store_failed(p);
	out->dossiers_received = perfstore_received(db, staff_id, from, to);
	if (out->dossiers_received < 0)
		return store_failed(p);
	if (perfstore_evaluations(db, staff_id, from, to, &out->evaluations,
				  &out->evaluations_not_satisfied) < 0)
		return store_failed(p);
	if (out->evaluations >= PERF_MIN_EVALS)
		out->not_satisfied_rate = one_decimal(
			100.0 * (double)out->evaluations_not_satisfied / (double)out->evaluations);
	if (perfstore_petitions(db, staff_id, from, to, &out->petitions_answered,
				&out->petitions_answered_on_time) < 0)
		return store_failed(p);
	return 0;
}

static json_t *rate_json(double v)
{
	return v < 0 ? json_null() : json_real(v);
}

static json_t *instant_json(int64_t t)
{
	char b[40];
	vn_format_iso(t, b, sizeof b);
	return json_string(b);
}

/* The local day of t as YYYY-MM-DD. */
static json_t *day_json(int64_t t)
{
	char b[16];
	vn_format_date_days(vn_day_of(t), b, sizeof b);
	return json_string(b);
}

json_t *performance_figures_json(const struct officer_figures *f)
{
	json_t *o = json_object();
	json_object_set_new(o, "from", instant_json(f->from));
	json_object_set_new(o, "to", instant_json(f->to));
	/* the period as days, both included */
	json_object_set_new(o, "from_date", day_json(f->from));
	json_object_set_new(o, "to_date", day_json(f->to - 1));
	json_object_set_new(
		o, "steps",
		json_pack("{s:I,s:I,s:I,s:I,s:o,s:o,s:I,s:I}", "handled",
			  (json_int_t)f->steps_handled, "early", (json_int_t)f->steps_early,
			  "on_time", (json_int_t)f->steps_on_time, "late",
			  (json_int_t)f->steps_late, "on_time_rate", rate_json(f->on_time_rate),
			  "avg_hours", rate_json(f->avg_step_hours), "open",
			  (json_int_t)f->steps_open, "overdue", (json_int_t)f->steps_overdue));
	json_object_set_new(o, "dossiers",
			    json_pack("{s:I,s:I}", "handled", (json_int_t)f->dossiers_handled,
				      "received", (json_int_t)f->dossiers_received));
	json_object_set_new(o, "evaluations",
			    json_pack("{s:I,s:I,s:o}", "received", (json_int_t)f->evaluations,
				      "not_satisfied", (json_int_t)f->evaluations_not_satisfied,
				      "not_satisfied_rate", rate_json(f->not_satisfied_rate)));
	json_object_set_new(
		o, "petitions",
		json_pack("{s:I,s:I,s:o}", "answered", (json_int_t)f->petitions_answered,
			  "answered_on_time", (json_int_t)f->petitions_answered_on_time, "about",
			  f->petitions_about < 0 ? json_null()
						 : json_integer((json_int_t)f->petitions_about)));
	return o;
}

/* A staff member's unit and agency: 0, or ERR_NOT_FOUND. */
static int staff_place(struct db *db, int64_t id, long long *unit, long long *agency,
		       struct problem *p)
{
	struct db_stmt *st = perfstore_staff(db, id);
	if (!st)
		return staff_unknown(p);
	*unit = db_col_int(st, PS_UNIT);
	*agency = db_col_int(st, PS_AGENCY);
	db_done(st);
	return 0;
}

static enum err not_yours(struct problem *p)
{
	return problem_set(p, ERR_FORBIDDEN, "not_your_officer", NULL,
			   "Không được xem số liệu của cán bộ này.",
			   "You may not read this officer's figures.");
}

int performance_may_read(struct db *db, const struct actor *viewer, int64_t staff_id,
			 struct problem *p)
{
	long long unit, agency, vunit, vagency;
	int rc = staff_place(db, staff_id, &unit, &agency, p);
	if (rc)
		return rc;
	if (viewer->staff_id == staff_id || (viewer->roles & ROLE_PROVINCE))
		return 0;
	if ((viewer->roles & ROLE_HEAD) && viewer->unit_id && viewer->unit_id == unit)
		return 0;
	if (viewer->roles & ROLE_LEADER) {
		if (staff_place(db, viewer->staff_id, &vunit, &vagency, p))
			return not_yours(p);
		if (vagency && vagency == agency)
			return 0;
	}
	return not_yours(p);
}

int performance_staff_id(struct db *db, const char *username, int64_t *id, struct problem *p)
{
	struct db_stmt *st = perfstore_staff_by_username(db, username);
	if (!st)
		return staff_unknown(p);
	*id = db_col_int(st, PS_ID);
	db_done(st);
	return 0;
}

int performance_agency_id(struct db *db, const char *code, long long *id, struct problem *p)
{
	if (perfstore_agency_by_code(db, code, id) != 1)
		return problem_set(p, ERR_NOT_FOUND, "agency_not_found", "agency",
				   "Không có cơ quan này.", "There is no such agency.");
	return 0;
}

static enum err unit_unknown(struct problem *p)
{
	return problem_set(p, ERR_NOT_FOUND, "unit_not_found", "unit", "Không có đơn vị này.",
			   "There is no such unit.");
}

/* The table's scope for the viewer (see performance.h). */
static int table_scope(struct db *db, const struct actor *v, const char *agency_code,
		       const char *unit_code, long long *agency, long long *unit, struct problem *p)
{
	*agency = 0;
	*unit = 0;
	long long vunit = 0, vagency = 0;
	if (v->staff_id && staff_place(db, v->staff_id, &vunit, &vagency, p))
		return p->kind;
	if (agency_code && *agency_code) {
		int rc = performance_agency_id(db, agency_code, agency, p);
		if (rc)
			return rc;
	}
	if (v->roles & ROLE_PROVINCE) {
		/* any agency; a unit needs its agency */
	} else if (v->roles & ROLE_LEADER) {
		if (*agency && *agency != vagency)
			return problem_set(p, ERR_FORBIDDEN, "not_your_agency", "agency",
					   "Chỉ xem được số liệu cán bộ của cơ quan mình.",
					   "You may read only your own agency's officers.");
		*agency = vagency;
	} else { /* a head: his unit */
		if (*agency && *agency != vagency)
			return problem_set(p, ERR_FORBIDDEN, "not_your_agency", "agency",
					   "Chỉ xem được số liệu cán bộ của đơn vị mình.",
					   "You may read only your own unit's officers.");
		*agency = vagency;
		if (unit_code && *unit_code) {
			long long u = 0;
			if (perfstore_unit_by_code(db, vagency, unit_code, &u) != 1)
				return unit_unknown(p);
			if (u != vunit)
				return problem_set(p, ERR_FORBIDDEN, "not_your_unit", "unit",
						   "Chỉ xem được số liệu cán bộ của đơn vị mình.",
						   "You may read only your own unit's officers.");
		}
		*unit = vunit;
		if (!vunit)
			return not_yours(p);
		return 0;
	}
	if (unit_code && *unit_code) {
		if (!*agency)
			return problem_field(p, "agency", "Hãy chọn cơ quan của đơn vị.",
					     "Name the unit's agency.");
		if (perfstore_unit_by_code(db, *agency, unit_code, unit) != 1)
			return unit_unknown(p);
	}
	return 0;
}

int performance_table(struct db *db, const struct app *a, const struct actor *viewer,
		      const char *agency_code, const char *unit_code, int64_t from, int64_t to,
		      struct problem *p, json_t **out)
{
	*out = NULL;
	long long agency, unit;
	int rc = table_scope(db, viewer, agency_code, unit_code, &agency, &unit, p);
	if (rc)
		return rc;
	if (to <= from)
		return problem_field(p, "to", "Ngày kết thúc phải sau ngày bắt đầu.",
				     "The end of the period must come after its start.");
	/* read the list first: each officer's figures use other statements */
	struct officer_row {
		long long id;
		json_t *o;
	} *rows = NULL;
	size_t n = 0, cap = 0;
	struct db_stmt *st = perfstore_officers(db, agency, unit);
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 32;
			rows = xrealloc(rows, cap * sizeof *rows);
		}
		rows[n].id = db_col_int(st, PT_ID);
		rows[n].o = json_pack(
			"{s:s,s:s,s:s,s:{s:s,s:s},s:{s:s,s:s}}", "username",
			db_col_text(st, PT_USERNAME), "full_name", db_col_text(st, PT_FULL_NAME),
			"title", db_col_text(st, PT_TITLE), "unit", "code",
			db_col_text(st, PT_UNIT_CODE), "name", db_col_text(st, PT_UNIT_NAME),
			"agency", "code", db_col_text(st, PT_AGENCY_CODE), "name",
			db_col_text(st, PT_AGENCY_NAME));
		n++;
	}
	db_done(st);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		struct officer_figures f;
		if (rc == DB_DONE && performance_officer(db, a, rows[i].id, from, to, &f, p) == 0) {
			json_object_set_new(rows[i].o, "figures", performance_figures_json(&f));
			json_array_append_new(items, rows[i].o);
		} else {
			rc = DB_ERROR;
			json_decref(rows[i].o);
		}
	}
	free(rows);
	if (rc != DB_DONE) {
		json_decref(items);
		return store_failed(p);
	}
	*out = json_pack("{s:o,s:o,s:o,s:o,s:i,s:i,s:o}", "from", instant_json(from), "to",
			 instant_json(to), "from_date", day_json(from), "to_date", day_json(to - 1),
			 "min_steps", PERF_MIN_STEPS, "min_evaluations", PERF_MIN_EVALS, "items",
			 items);
	return 0;
}

static json_t *opt_instant(struct db_stmt *st, int col)
{
	return db_col_null(st, col) ? json_null() : instant_json(db_col_int(st, col));
}

int performance_dossiers(struct db *db, int64_t staff_id, const char *kind, int64_t from,
			 int64_t to, struct problem *p, json_t **out)
{
	*out = NULL;
	if (to <= from)
		return problem_field(p, "to", "Ngày kết thúc phải sau ngày bắt đầu.",
				     "The end of the period must come after its start.");
	struct db_stmt *st = kind ? perfstore_list(db, kind, staff_id, from, to) : NULL;
	if (!st)
		return problem_set(p, ERR_BAD_REQUEST, "bad_parameter", "kind",
				   "Loại số liệu không hợp lệ.", "Unknown kind of figure.");
	json_t *items = json_array();
	long long total = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (total++ >= PERF_LIST_MAX)
			continue;
		json_t *step = json_null();
		if (db_col_int(st, PL_POSITION) > 0)
			step = json_pack("{s:I,s:s}", "position",
					 (json_int_t)db_col_int(st, PL_POSITION), "name",
					 db_col_text(st, PL_STEP_NAME));
		const char *outcome = db_col_text(st, PL_OUTCOME);
		json_array_append_new(items,
				      json_pack("{s:s,s:{s:s,s:s},s:o,s:o,s:o,s:o,s:o}", "code",
						db_col_text(st, PL_CODE), "procedure", "code",
						db_col_text(st, PL_PROC_CODE), "name",
						db_col_text(st, PL_PROC_NAME), "step", step,
						"started_at", opt_instant(st, PL_STARTED),
						"finished_at", opt_instant(st, PL_FINISHED),
						"due_at", opt_instant(st, PL_DUE), "outcome",
						*outcome ? json_string(outcome) : json_null()));
	}
	db_done(st);
	if (rc != DB_DONE) {
		json_decref(items);
		return store_failed(p);
	}
	*out = json_pack("{s:s,s:I,s:o}", "kind", kind, "total", (json_int_t)total, "items", items);
	return 0;
}
