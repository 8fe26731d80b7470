/*
 * dashboard_service.c — the dashboards' figures (issue 14, item 3) and the
 * public transparency page. The store groups in SQL (one row per day,
 * procedure, unit, officer, agency); this file puts the rows into weeks,
 * months and fields, computes the rates and writes the JSON. Definitions:
 * docs/DECISIONS.md D40.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/dashboard/dashboard.h"
#include "app/dashboard/dashboard_store.h"
#include "app/dossier/dossier.h"
#include "app/report/report.h"
#include "app/performance/performance.h"
#include "core/mem.h"
#include "core/roles.h"
#include "core/vntime.h"

/* ---- helpers ----------------------------------------------------------------- */

/* a percentage with one decimal; null below the minimum sample */
static json_t *rate(long long part, long long total)
{
	if (total < DASH_MIN_SAMPLE || total <= 0)
		return json_null();
	return json_real((double)((part * 1000 + total / 2) / total) / 10.0);
}

/* an average of seconds in days (one decimal) or hours; null without data */
static json_t *avg_days(long long seconds, long long n)
{
	if (n <= 0)
		return json_null();
	return json_real((double)((seconds * 10 / n + 43200) / 86400) / 10.0);
}

static json_t *avg_hours(long long seconds, long long n)
{
	if (n <= 0)
		return json_null();
	return json_real((double)((seconds * 10 / n + 1800) / 3600) / 10.0);
}

static json_t *date_str(int64_t day)
{
	char b[16];
	vn_format_date_days(day, b, sizeof b);
	return json_string(b);
}

static json_t *agency_json(struct db *db, long long agency)
{
	if (!agency)
		return json_null();
	struct db_stmt *st = dash_agencies(db, agency);
	json_t *o = json_null();
	if (db_step(st) == DB_ROW)
		o = json_pack("{s:s,s:s,s:s}", "code", db_col_text(st, DA_CODE), "name",
			      db_col_text(st, DA_NAME), "level", db_col_text(st, DA_LEVEL));
	db_done(st);
	return o;
}

static enum err bad_period(struct problem *p)
{
	return problem_set(
		p, ERR_BAD_REQUEST, "bad_parameter", "to",
		"Khoảng thời gian không hợp lệ (từ ngày phải trước đến ngày, tối đa 366 ngày).",
		"Invalid period (from before to, at most 366 days).");
}

/* resolved figures: counts and the JSON members they give */
struct res {
	long long received, resolved, on_time, early, handling;
};

static void res_add(struct res *r, struct db_stmt *st)
{
	r->resolved += db_col_int(st, DR_TOTAL);
	r->on_time += db_col_int(st, DR_ON_TIME);
	r->early += db_col_int(st, DR_EARLY);
	r->handling += db_col_int(st, DR_HANDLING);
}

static void res_json(json_t *o, const struct res *r)
{
	json_object_set_new(o, "received", json_integer(r->received));
	json_object_set_new(o, "resolved", json_integer(r->resolved));
	json_object_set_new(o, "early", json_integer(r->early));
	json_object_set_new(o, "on_time", json_integer(r->on_time));
	json_object_set_new(o, "late", json_integer(r->resolved - r->on_time));
	json_object_set_new(o, "on_time_rate", rate(r->on_time, r->resolved));
	json_object_set_new(o, "avg_handling_days", avg_days(r->handling, r->resolved));
}

/* the report's cells (report_flows) as a trend's members: the dashboard's
 * names, "on_time" = not late (early included) as everywhere here */
static void flows_json(json_t *o, const long long v[RC_NALL])
{
	long long not_late = v[RC_RESOLVED] - v[RC_LATE];
	json_object_set_new(o, "received", json_integer(v[RC_RECEIVED]));
	json_object_set_new(o, "online", json_integer(v[RC_ONLINE]));
	json_object_set_new(o, "resolved", json_integer(v[RC_RESOLVED]));
	json_object_set_new(o, "early", json_integer(v[RC_EARLY]));
	json_object_set_new(o, "on_time", json_integer(not_late));
	json_object_set_new(o, "late", json_integer(v[RC_LATE]));
	json_object_set_new(o, "on_time_rate", rate(not_late, v[RC_RESOLVED]));
	json_object_set_new(o, "avg_handling_days", avg_days(v[RC_HANDLED_SECS], v[RC_RESOLVED]));
	json_object_set_new(o, "withdrawn", json_integer(v[RC_WITHDRAWN]));
	json_object_set_new(o, "refused", json_integer(v[RC_REFUSED]));
	json_object_set_new(o, "in_progress", json_integer(v[RC_OPEN]));
	json_object_set_new(o, "overdue", json_integer(v[RC_OVERDUE]));
}

/* ---- scope ------------------------------------------------------------------- */

int dashboard_scope(struct db *db, const struct actor *who, const char *code, long long *agency,
		    struct problem *p)
{
	long long own = dossier_viewer_agency(db, who);
	int province = (who->roles & ROLE_PROVINCE) != 0;
	if (!code) {
		*agency = province ? 0 : own;
		return 0;
	}
	long long a = dash_agency_by_code(db, code);
	if (!a)
		return problem_set(p, ERR_NOT_FOUND, "agency_not_found", "agency",
				   "Không tìm thấy cơ quan này.", "No such agency.");
	if (!province && a != own)
		return problem_set(p, ERR_FORBIDDEN, "not_your_agency", "agency",
				   "Chỉ cán bộ cấp tỉnh được xem số liệu của cơ quan khác.",
				   "Only a province officer may read another agency's figures.");
	*agency = a;
	return 0;
}

/* ---- today ------------------------------------------------------------------- */

static const char *const QUEUE_STATES[] = {"waiting", "called",  "serving",
					   "done",    "no_show", "transferred"};

int dashboard_today(struct db *db, long long agency, int64_t now, struct problem *p, json_t **out)
{
	(void)p;
	int64_t day = vn_day_of(now), t0 = vn_instant_of_day(day), t1 = vn_instant_of_day(day + 1);
	char at[40];
	vn_format_iso(now, at, sizeof at);
	struct res r = {0};
	r.received = dash_received(db, agency, t0, t1);
	struct db_stmt *st = dash_resolved_by_day(db, agency, t0, t1);
	while (db_step(st) == DB_ROW)
		res_add(&r, st);
	db_done(st);
	json_t *o = json_pack("{s:o,s:o,s:s}", "agency", agency_json(db, agency), "day",
			      date_str(day), "at", at);
	res_json(o, &r);
	json_object_set_new(o, "returned", json_integer(dash_returned(db, agency, t0, t1)));
	json_object_set_new(o, "refused_withdrawn",
			    json_integer(dash_ended_other(db, agency, t0, t1)));
	json_object_set_new(o, "overdue", json_integer(dash_overdue(db, agency, now)));
	json_object_set_new(o, "due_today", json_integer(dash_due(db, agency, now, t1)));
	json_object_set_new(o, "awaiting_supplement", json_integer(dash_paused(db, agency)));

	json_t *q = json_object();
	for (size_t i = 0; i < sizeof QUEUE_STATES / sizeof *QUEUE_STATES; i++)
		json_object_set_new(q, QUEUE_STATES[i], json_integer(0));
	long long tickets = 0;
	st = dash_queue(db, agency, day);
	while (db_step(st) == DB_ROW) {
		long long n = db_col_int(st, DQ_TOTAL);
		json_object_set_new(q, db_col_text(st, DQ_STATE), json_integer(n));
		tickets += n;
	}
	db_done(st);
	json_object_set_new(q, "tickets", json_integer(tickets));
	json_object_set_new(o, "queue", q);

	long long lv[3] = {0, 0, 0};
	st = dash_evals(db, agency, t0, t1);
	while (db_step(st) == DB_ROW) {
		const char *l = db_col_text(st, DE_LEVEL);
		int k = strcmp(l, "very_satisfied") == 0 ? 0 : strcmp(l, "satisfied") == 0 ? 1 : 2;
		lv[k] += db_col_int(st, DE_TOTAL);
	}
	db_done(st);
	long long ev = lv[0] + lv[1] + lv[2];
	json_object_set_new(o, "evaluations",
			    json_pack("{s:I,s:I,s:I,s:I,s:o}", "total", (json_int_t)ev,
				      "very_satisfied", (json_int_t)lv[0], "satisfied",
				      (json_int_t)lv[1], "not_satisfied", (json_int_t)lv[2],
				      "satisfied_rate", rate(lv[0] + lv[1], ev)));
	*out = o;
	return 0;
}

/* ---- trends ------------------------------------------------------------------ */

/* the first day of the bucket holding `day` */
static int64_t bucket_of(int64_t day, int month)
{
	if (!month)
		return day - (vn_weekday(day) + 6) % 7; /* Monday */
	struct vn_date d = vn_civil_from_days(day);
	return vn_days_from_civil(d.y, d.m, 1);
}

static int64_t bucket_next(int64_t start, int month)
{
	if (!month)
		return start + 7;
	struct vn_date d = vn_civil_from_days(start);
	return d.m == 12 ? vn_days_from_civil(d.y + 1, 1, 1) : vn_days_from_civil(d.y, d.m + 1, 1);
}

/* One bucket's figures from the periodic report (report_flows): received,
 * resolved, early, late, withdrawn, refused, in progress and overdue at its
 * end, all at the competent agency — the report's total row for those days
 * (D40). "on_time" here is not late (the report's early + on time). */
static int bucket_json(struct db *db, long long agency, int64_t lo, int64_t hi, int64_t now,
		       json_t *o, long long tot[RC_NALL], struct problem *p)
{
	long long v[RC_NALL];
	int rc = report_flows(db, agency, lo, hi, now, 0, v, p);
	if (rc)
		return rc;
	for (int k = 0; k < RC_NALL; k++)
		if (k != RC_CARRIED && k != RC_OPEN && k != RC_WITHIN && k != RC_OVERDUE)
			tot[k] += v[k];
	flows_json(o, v);
	return 0;
}

int dashboard_trends(struct db *db, long long agency, int64_t from, int64_t to, const char *by,
		     int64_t now, struct problem *p, json_t **out)
{
	*out = NULL;
	int month;
	if (!by || strcmp(by, "week") == 0)
		month = 0;
	else if (strcmp(by, "month") == 0)
		month = 1;
	else
		return problem_set(p, ERR_BAD_REQUEST, "bad_parameter", "by",
				   "Tham số by phải là week hoặc month.",
				   "by must be week or month.");
	if (to < from || to - from >= DASH_MAX_DAYS)
		return bad_period(p);
	/* the buckets that meet from..to, contiguous (empty ones show 0) */
	json_t *items = json_array();
	long long tot[RC_NALL] = {0};
	for (int64_t b = bucket_of(from, month); b <= to; b = bucket_next(b, month)) {
		int64_t last = bucket_next(b, month) - 1, lo = b < from ? from : b,
			hi = last > to ? to : last;
		char key[16];
		struct vn_date d = vn_civil_from_days(b);
		if (month)
			snprintf(key, sizeof key, "%04d-%02d", d.y, d.m);
		else
			vn_format_date_days(b, key, sizeof key);
		json_t *o = json_pack("{s:s,s:o,s:o}", "key", key, "from", date_str(lo), "to",
				      date_str(hi));
		json_array_append_new(items, o);
		int rc = bucket_json(db, agency, lo, hi, now, o, tot, p);
		if (rc) {
			json_decref(items);
			return rc;
		}
	}
	/* the whole period: flows summed; the stock at its end is the last
	 * bucket's */
	json_t *total = json_object();
	long long v[RC_NALL];
	memcpy(v, tot, sizeof v);
	json_t *last = json_array_get(items, json_array_size(items) - 1);
	flows_json(total, v);
	json_object_set(total, "in_progress", json_object_get(last, "in_progress"));
	json_object_set(total, "overdue", json_object_get(last, "overdue"));
	*out = json_pack("{s:o,s:o,s:o,s:s,s:o,s:o}", "agency", agency_json(db, agency), "from",
			 date_str(from), "to", date_str(to), "by", month ? "month" : "week",
			 "items", items, "total", total);
	return 0;
}

/* ---- breakdown ---------------------------------------------------------------- */

struct fieldrow {
	char code[32];
	char name[256];
	struct res r;
};

struct fields {
	struct fieldrow *rows;
	size_t n, cap;
	/* procedure id → row index (procedures are few: a small sorted map) */
	long long *proc;
	size_t *idx;
	size_t nproc, capproc;
};

static size_t field_row(struct fields *f, const char *code, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->rows[i].code, code) == 0)
			return i;
	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 16;
		f->rows = xrealloc(f->rows, f->cap * sizeof *f->rows);
	}
	struct fieldrow *r = &f->rows[f->n];
	memset(r, 0, sizeof *r);
	snprintf(r->code, sizeof r->code, "%s", code);
	snprintf(r->name, sizeof r->name, "%s", name);
	return f->n++;
}

static struct fieldrow *field_of(struct fields *f, long long proc)
{
	size_t lo = 0, hi = f->nproc;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (f->proc[mid] < proc)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < f->nproc && f->proc[lo] == proc)
		return &f->rows[f->idx[lo]];
	return &f->rows[field_row(f, "", "(không rõ lĩnh vực)")];
}

static int cmp_field(const void *a, const void *b)
{
	const struct fieldrow *x = a, *y = b;
	return strcmp(x->code, y->code);
}

static json_t *by_field(struct db *db, long long agency, int64_t t0, int64_t t1)
{
	struct fields f = {0};
	struct db_stmt *st = dash_proc_fields(db); /* ordered by procedure id */
	while (db_step(st) == DB_ROW) {
		if (f.nproc == f.capproc) {
			f.capproc = f.capproc ? 2 * f.capproc : 64;
			f.proc = xrealloc(f.proc, f.capproc * sizeof *f.proc);
			f.idx = xrealloc(f.idx, f.capproc * sizeof *f.idx);
		}
		f.proc[f.nproc] = db_col_int(st, DP_PROC);
		f.idx[f.nproc++] = field_row(&f, db_col_text(st, DP_FIELD_CODE),
					     db_col_text(st, DP_FIELD_NAME));
	}
	db_done(st);
	st = dash_received_by_proc(db, agency, t0, t1);
	while (db_step(st) == DB_ROW)
		field_of(&f, db_col_int(st, DV_KEY))->r.received += db_col_int(st, DV_TOTAL);
	db_done(st);
	st = dash_resolved_by_proc(db, agency, t0, t1);
	while (db_step(st) == DB_ROW)
		res_add(&field_of(&f, db_col_int(st, DR_KEY))->r, st);
	db_done(st);
	if (f.n) /* qsort(NULL, 0) is undefined */
		qsort(f.rows, f.n, sizeof *f.rows, cmp_field);
	json_t *items = json_array();
	for (size_t i = 0; i < f.n; i++) {
		struct fieldrow *r = &f.rows[i];
		if (!r->r.received && !r->r.resolved)
			continue;
		json_t *o = json_pack("{s:s,s:s}", "key", r->code, "label", r->name);
		res_json(o, &r->r);
		json_array_append_new(items, o);
	}
	free(f.rows);
	free(f.proc);
	free(f.idx);
	return items;
}

/* one row of the by-unit or by-officer breakdown */
struct steprow {
	long long id;
	char key[96], label[256], unit[64];
	long long steps, on_time, late, seconds, timed;
};

struct unitinfo {
	long long id, agency;
	char code[64], name[256];
};

static int cmp_step_unit(const void *a, const void *b)
{
	return strcmp(((const struct steprow *)a)->key, ((const struct steprow *)b)->key);
}

static int cmp_step_officer(const void *a, const void *b)
{
	const struct steprow *x = a, *y = b;
	int c = strcmp(x->label, y->label);
	return c ? c : strcmp(x->key, y->key);
}

/* the rows of by_steps being gathered (performance_step_sums' callback) */
struct stepacc {
	const struct unitinfo *u;
	size_t nu;
	long long agency;
	int officer;
	struct steprow *r;
	size_t nr, capr;
};

static void step_add(const struct perf_step_sum *row, void *arg)
{
	struct stepacc *c = arg;
	long long uid = row->unit_id;
	const struct unitinfo *ui = NULL;
	for (size_t i = 0; i < c->nu && !ui; i++) /* units are few */
		if (c->u[i].id == uid)
			ui = &c->u[i];
	if (!ui || (c->agency && ui->agency != c->agency))
		return;
	if (strcmp(row->outcome, "skipped") == 0)
		return;
	long long id = c->officer ? row->handler_id : uid;
	struct steprow *x = NULL;
	for (size_t i = 0; i < c->nr && !x; i++)
		if (c->r[i].id == id)
			x = &c->r[i];
	if (!x) {
		if (c->nr == c->capr) {
			c->capr = c->capr ? 2 * c->capr : 32;
			c->r = xrealloc(c->r, c->capr * sizeof *c->r);
		}
		x = &c->r[c->nr++];
		memset(x, 0, sizeof *x);
		x->id = id;
		if (!c->officer) {
			snprintf(x->key, sizeof x->key, "%s", ui->code);
			snprintf(x->label, sizeof x->label, "%s", ui->name);
		}
		snprintf(x->unit, sizeof x->unit, "%s", ui->code);
	} else if (c->officer && strcmp(ui->code, x->unit) < 0) {
		snprintf(x->unit, sizeof x->unit, "%s", ui->code); /* the first by code */
	}
	x->steps += row->steps;
	if (strcmp(row->outcome, "early") == 0 || strcmp(row->outcome, "on_time") == 0)
		x->on_time += row->steps;
	else if (strcmp(row->outcome, "late") == 0)
		x->late += row->steps;
	x->seconds += row->secs;
	x->timed += row->timed;
}

/* days [d0, d1): the step rollup for the days it holds, the steps for the
 * rest (performance_step_sums, D40) */
static json_t *by_steps(struct db *db, long long agency, int64_t d0, int64_t d1, int officer)
{
	/* the units (a few per agency): id → agency, code, name */
	struct unitinfo *u = NULL;
	size_t nu = 0, capu = 0;
	struct db_stmt *st = dash_units(db);
	while (db_step(st) == DB_ROW) {
		if (nu == capu) {
			capu = capu ? 2 * capu : 32;
			u = xrealloc(u, capu * sizeof *u);
		}
		u[nu].id = db_col_int(st, DU_ID);
		u[nu].agency = db_col_int(st, DU_AGENCY);
		snprintf(u[nu].code, sizeof u[nu].code, "%s", db_col_text(st, DU_CODE));
		snprintf(u[nu].name, sizeof u[nu].name, "%s", db_col_text(st, DU_NAME));
		nu++;
	}
	db_done(st);
	struct stepacc c = {.u = u, .nu = nu, .agency = agency, .officer = officer};
	int failed = performance_step_sums(db, d0, d1, officer, step_add, &c);
	free(u);
	struct steprow *r = c.r;
	size_t nr = failed ? 0 : c.nr;
	if (officer && nr) { /* the officers' names */
		st = dash_staff(db);
		while (db_step(st) == DB_ROW) {
			long long id = db_col_int(st, DST_ID);
			for (size_t i = 0; i < nr; i++)
				if (r[i].id == id) {
					snprintf(r[i].key, sizeof r[i].key, "%s",
						 db_col_text(st, DST_USERNAME));
					snprintf(r[i].label, sizeof r[i].label, "%s",
						 db_col_text(st, DST_NAME));
				}
		}
		db_done(st);
	}
	if (nr)
		qsort(r, nr, sizeof *r, officer ? cmp_step_officer : cmp_step_unit);
	json_t *items = json_array();
	for (size_t i = 0; i < nr; i++)
		json_array_append_new(
			items, json_pack("{s:s,s:s,s:s,s:I,s:I,s:I,s:o,s:o}", "key", r[i].key,
					 "label", r[i].label, "unit", r[i].unit, "steps",
					 (json_int_t)r[i].steps, "on_time",
					 (json_int_t)r[i].on_time, "late", (json_int_t)r[i].late,
					 "on_time_rate", rate(r[i].on_time, r[i].steps),
					 "avg_step_hours", avg_hours(r[i].seconds, r[i].timed)));
	free(r);
	return items;
}

int dashboard_breakdown(struct db *db, long long agency, int64_t from, int64_t to, const char *by,
			struct problem *p, json_t **out)
{
	*out = NULL;
	int k;
	if (!by || strcmp(by, "field") == 0)
		k = 0;
	else if (strcmp(by, "unit") == 0)
		k = 1;
	else if (strcmp(by, "officer") == 0)
		k = 2;
	else
		return problem_set(p, ERR_BAD_REQUEST, "bad_parameter", "by",
				   "Tham số by phải là field, unit hoặc officer.",
				   "by must be field, unit or officer.");
	if (to < from || to - from >= DASH_MAX_DAYS)
		return bad_period(p);
	int64_t t0 = vn_instant_of_day(from), t1 = vn_instant_of_day(to + 1);
	static const char *const BY[] = {"field", "unit", "officer"};
	json_t *items =
		k == 0 ? by_field(db, agency, t0, t1) : by_steps(db, agency, from, to + 1, k == 2);
	*out = json_pack("{s:o,s:o,s:o,s:s,s:o}", "agency", agency_json(db, agency), "from",
			 date_str(from), "to", date_str(to), "by", BY[k], "items", items);
	return 0;
}

/* ---- overdue by step --------------------------------------------------------- */

int dashboard_overdue_steps(struct db *db, long long agency, int64_t now, struct problem *p,
			    json_t **out)
{
	(void)p;
	char at[40];
	vn_format_iso(now, at, sizeof at);
	struct db_stmt *st = dash_overdue_by_step(db, agency, now);
	json_t *items = json_array();
	long long total = 0;
	while (db_step(st) == DB_ROW) {
		long long n = db_col_int(st, DO_TOTAL);
		total += n;
		json_array_append_new(
			items,
			json_pack("{s:s,s:s,s:s,s:I,s:I,s:o}", "step", db_col_text(st, DO_STEP),
				  "unit", db_col_text(st, DO_UNIT_CODE), "unit_name",
				  db_col_text(st, DO_UNIT_NAME), "dossiers", (json_int_t)n,
				  "step_late", (json_int_t)db_col_int(st, DO_STEP_LATE),
				  "avg_overdue_days",
				  avg_days(db_col_int(st, DO_OVER_SECONDS), n)));
	}
	db_done(st);
	*out = json_pack("{s:o,s:s,s:I,s:o}", "agency", agency_json(db, agency), "at", at, "total",
			 (json_int_t)total, "items", items);
	return 0;
}

/* ---- petitions ---------------------------------------------------------------- */

static const char *const PTYPE[][3] = {
	{"complaint", "Khiếu nại", "Complaint"},
	{"denunciation", "Tố cáo", "Denunciation"},
	{"recommendation", "Kiến nghị", "Recommendation"},
	{"reflection", "Phản ánh", "Reflection"},
};
static const char *const PSTATUS[][3] = {
	{"received", "Đã tiếp nhận", "Received"},
	{"accepted", "Đã thụ lý", "Accepted"},
	{"forwarded", "Đã chuyển", "Forwarded"},
	{"answered", "Đã trả lời", "Answered"},
};
#define NPT (sizeof PTYPE / sizeof *PTYPE)
#define NPS (sizeof PSTATUS / sizeof *PSTATUS)

int dashboard_petitions(struct db *db, long long agency, int64_t from, int64_t to, int64_t now,
			struct problem *p, json_t **out)
{
	*out = NULL;
	if (to < from || to - from >= DASH_MAX_DAYS)
		return bad_period(p);
	long long n[NPT][NPS], on[NPT], over[NPT];
	memset(n, 0, sizeof n);
	memset(on, 0, sizeof on);
	memset(over, 0, sizeof over);
	struct db_stmt *st =
		dash_petitions(db, agency, vn_instant_of_day(from), vn_instant_of_day(to + 1), now);
	while (db_step(st) == DB_ROW) {
		size_t t, s;
		for (t = 0; t < NPT && strcmp(PTYPE[t][0], db_col_text(st, DPE_TYPE)); t++)
			;
		for (s = 0; s < NPS && strcmp(PSTATUS[s][0], db_col_text(st, DPE_STATUS)); s++)
			;
		if (t == NPT || s == NPS)
			continue;
		n[t][s] += db_col_int(st, DPE_TOTAL);
		on[t] += db_col_int(st, DPE_ON_TIME);
		over[t] += db_col_int(st, DPE_OVERDUE);
	}
	db_done(st);
	json_t *types = json_array(), *statuses = json_array();
	long long all = 0, answered_all = 0, on_all = 0, over_all = 0;
	for (size_t t = 0; t < NPT; t++) {
		json_t *o = json_pack("{s:s,s:s,s:s}", "type", PTYPE[t][0], "label", PTYPE[t][1],
				      "label_en", PTYPE[t][2]);
		long long tot = 0;
		for (size_t s = 0; s < NPS; s++) {
			json_object_set_new(o, PSTATUS[s][0], json_integer(n[t][s]));
			tot += n[t][s];
		}
		long long answered = n[t][3];
		json_object_set_new(o, "total", json_integer(tot));
		json_object_set_new(o, "answered_on_time", json_integer(on[t]));
		json_object_set_new(o, "answered_on_time_rate", rate(on[t], answered));
		json_object_set_new(o, "overdue", json_integer(over[t]));
		json_array_append_new(types, o);
		all += tot;
		answered_all += answered;
		on_all += on[t];
		over_all += over[t];
	}
	for (size_t s = 0; s < NPS; s++) {
		long long tot = 0;
		for (size_t t = 0; t < NPT; t++)
			tot += n[t][s];
		json_array_append_new(statuses,
				      json_pack("{s:s,s:s,s:s,s:I}", "status", PSTATUS[s][0],
						"label", PSTATUS[s][1], "label_en", PSTATUS[s][2],
						"total", (json_int_t)tot));
	}
	*out = json_pack("{s:o,s:o,s:o,s:I,s:I,s:I,s:o,s:I,s:o,s:o}", "agency",
			 agency_json(db, agency), "from", date_str(from), "to", date_str(to),
			 "total", (json_int_t)all, "answered", (json_int_t)answered_all,
			 "answered_on_time", (json_int_t)on_all, "answered_on_time_rate",
			 rate(on_all, answered_all), "overdue", (json_int_t)over_all, "by_type",
			 types, "by_status", statuses);
	return 0;
}

/* ---- the public transparency page ---------------------------------------------- */

struct pub {
	long long id;
	struct res r;
	long long evals, satisfied, answered, answered_on_time;
};

static struct pub *pub_of(struct pub *rows, size_t n, long long id)
{
	for (size_t i = 0; i < n; i++)
		if (rows[i].id == id)
			return &rows[i];
	return NULL;
}

static void pub_period(struct db *db, struct pub *rows, size_t n, struct pub *tot, int64_t t0,
		       int64_t t1)
{
	struct pub *r;
	struct db_stmt *st;
	st = dash_evals_by_agency(db, t0, t1);
	while (db_step(st) == DB_ROW)
		if ((r = pub_of(rows, n, db_col_int(st, DEA_AGENCY)))) {
			long long e = db_col_int(st, DEA_TOTAL), s = db_col_int(st, DEA_SATISFIED);
			r->evals += e, r->satisfied += s, tot->evals += e, tot->satisfied += s;
		}
	db_done(st);
	st = dash_petitions_by_agency(db, t0, t1);
	while (db_step(st) == DB_ROW)
		if ((r = pub_of(rows, n, db_col_int(st, DPA_AGENCY)))) {
			long long a = db_col_int(st, DPA_ANSWERED), o = db_col_int(st, DPA_ON_TIME);
			r->answered += a, r->answered_on_time += o;
			tot->answered += a, tot->answered_on_time += o;
		}
	db_done(st);
}

/* the report's flows of [from, to] (judged up to now) as the figures the
 * public page shows */
static int flows_res(struct db *db, long long agency, int64_t from, int64_t to, int64_t now,
		     struct res *r, struct problem *p)
{
	long long v[RC_NALL];
	int rc = report_flows(db, agency, from, to, now, REPORT_FLOWS_NO_STOCK, v, p);
	if (rc)
		return rc;
	r->received = v[RC_RECEIVED];
	r->resolved = v[RC_RESOLVED];
	r->on_time = v[RC_RESOLVED] - v[RC_LATE];
	r->early = v[RC_EARLY];
	r->handling = v[RC_HANDLED_SECS];
	return 0;
}

static json_t *pub_json(const struct pub *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "received", json_integer(r->r.received));
	json_object_set_new(o, "resolved", json_integer(r->r.resolved));
	json_object_set_new(o, "on_time_rate", rate(r->r.on_time, r->r.resolved));
	json_object_set_new(o, "avg_handling_days", avg_days(r->r.handling, r->r.resolved));
	json_object_set_new(o, "evaluations", json_integer(r->evals));
	json_object_set_new(o, "satisfaction_rate", rate(r->satisfied, r->evals));
	json_object_set_new(o, "petitions_answered", json_integer(r->answered));
	json_object_set_new(o, "petitions_on_time_rate", rate(r->answered_on_time, r->answered));
	return o;
}

int dashboard_transparency(struct db *db, const char *code, int64_t now, struct problem *p,
			   json_t **out)
{
	*out = NULL;
	long long agency = 0;
	if (code && !(agency = dash_agency_by_code(db, code)))
		return problem_set(p, ERR_NOT_FOUND, "agency_not_found", "agency",
				   "Không tìm thấy cơ quan này.", "No such agency.");
	int64_t today = vn_day_of(now);
	struct vn_date d = vn_civil_from_days(today);
	int64_t m0 = vn_days_from_civil(d.y, d.m, 1), y0 = vn_days_from_civil(d.y, 1, 1);
	/* the agencies */
	size_t n = 0, cap = 8;
	struct pub *month = xmalloc(cap * sizeof *month);
	json_t *names = json_array();
	struct db_stmt *st = dash_agencies(db, agency);
	while (db_step(st) == DB_ROW) {
		if (n == cap) {
			cap *= 2;
			month = xrealloc(month, cap * sizeof *month);
		}
		memset(&month[n], 0, sizeof month[n]);
		month[n++].id = db_col_int(st, DA_ID);
		json_array_append_new(names,
				      json_pack("{s:s,s:s,s:s}", "code", db_col_text(st, DA_CODE),
						"name", db_col_text(st, DA_NAME), "level",
						db_col_text(st, DA_LEVEL)));
	}
	db_done(st);
	struct pub *year = xmalloc((n ? n : 1) * sizeof *year);
	memcpy(year, month, n * sizeof *year);
	struct pub mt = {0}, yt = {0};
	int64_t t1 = vn_instant_of_day(today + 1);
	/* dossiers: the periodic report's flows of this month and this year to
	 * now, per agency and for all (report_flows: the rollup for closed
	 * days, the dossiers for today; D40) */
	for (size_t i = 0; i <= n; i++) {
		if (i == n && agency) { /* one agency: its total is its own */
			mt.r = month[0].r;
			yt.r = year[0].r;
			break;
		}
		long long id = i < n ? month[i].id : 0;
		struct res *m = i < n ? &month[i].r : &mt.r, *y = i < n ? &year[i].r : &yt.r;
		int rc = flows_res(db, id, m0, today, now, m, p);
		if (!rc)
			rc = flows_res(db, id, y0, today, now, y, p);
		if (rc) {
			json_decref(names);
			free(month);
			free(year);
			return rc;
		}
	}
	pub_period(db, month, n, &mt, vn_instant_of_day(m0), t1);
	pub_period(db, year, n, &yt, vn_instant_of_day(y0), t1);
	json_t *agencies = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_deep_copy(json_array_get(names, i));
		json_object_set_new(o, "month", pub_json(&month[i]));
		json_object_set_new(o, "year", pub_json(&year[i]));
		json_array_append_new(agencies, o);
	}
	json_decref(names);
	free(month);
	free(year);
	char at[40];
	vn_format_iso(now, at, sizeof at);
	*out = json_pack("{s:s,s:{s:o,s:o},s:{s:o,s:o},s:{s:o,s:o},s:o}", "at", at, "month", "from",
			 date_str(m0), "to", date_str(today), "year", "from", date_str(y0), "to",
			 date_str(today), "total", "month", pub_json(&mt), "year", pub_json(&yt),
			 "agencies", agencies);
	return 0;
}
