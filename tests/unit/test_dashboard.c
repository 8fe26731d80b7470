/* test_dashboard.c — the dashboards' figures as services, on a real demo
 * store (testdb.h; PostgreSQL under MOTCUA_TEST_PG): ten dossiers, their
 * steps, two evaluations, two queue tickets and four petitions written with
 * known instants, then every figure checked against the numbers worked out
 * by hand in the comments (DECISIONS D40: resolved = result issued; on time
 * = end ≤ appointment and at most one supplement; early = a day before the
 * appointment's day). The clock: Monday 2 March 2026, 09:00. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "app/dashboard/dashboard.h"
#include "app/report/report.h"
#include "app/performance/performance.h"
#include "testdb.h"

struct fx {
	struct testdb t;
	long long a, b, p1, p2, tn, vp, tiepnhan1, hotich1;
	long long d[11];
	char f1[32], f2[32];
};

static long long one(struct testdb *t, const char *sql, const char *arg)
{
	struct db_stmt *st = db_row(t->db, sql, DB_ARGS(db_text(arg)));
	assert_non_null(st);
	long long v = db_col_int(st, 0);
	db_done(st);
	return v;
}

#define NOW at(0, 9, 0)

/* instant: day offset from 2 March 2026 (0 = today), hour and minute */
static int64_t at(int day, int hh, int mi)
{
	return vn_instant(2026, 3, 2, 0, 0, 0) + (int64_t)day * 86400 + hh * 3600 + mi * 60;
}

static long long dossier(struct fx *f, int n, long long agency, long long recv_agency,
			 long long proc, const char *status, int64_t received, int64_t due,
			 int64_t finished, int supp, int64_t returned, int step)
{
	char code[32];
	snprintf(code, sizeof code, "DASH-260302-%04d", n);
	static const char sql[] =
		"INSERT INTO dossier (code, procedure_id, agency_id, received_agency_id, status,"
		" channel, return_method, applicant_kind, applicant_name, applicant_fold,"
		" applicant_phone, limit_value, limit_unit, received_at, clock_start, due_at,"
		" original_due_at, finished_at, supplement_count, returned_at, current_step,"
		" created_at, updated_at) VALUES ($1, $2, $3, NULLIF($4, 0), $5, 'counter',"
		" 'counter', 'person', 'Trần Thị Bí Mật', 'tran thi bi mat', '0905123456', 5,"
		" 'working_days', $6, $6, $7, $7, NULLIF($8, 0), $9, NULLIF($10, 0), NULLIF($11, "
		"0),"
		" $6, $6)";
	assert_int_equal(db_exec_vals(f->t.db, sql,
				      DB_ARGS(db_text(code), db_int(proc), db_int(agency),
					      db_int(recv_agency), db_text(status),
					      db_int(received), db_int(due), db_int(finished),
					      db_int(supp), db_int(returned), db_int(step))),
			 DB_OK);
	return one(&f->t, "SELECT id FROM dossier WHERE code = $1", code);
}

static void step(struct fx *f, long long dossier, int pos, const char *name, long long unit,
		 int64_t due, int64_t started, int64_t finished, long long handler,
		 const char *outcome)
{
	static const char sql[] =
		"INSERT INTO dossier_step (dossier_id, position, name, unit_id, due_at, started_at,"
		" finished_at, handler_id, outcome) VALUES ($1, $2, $3, $4, $5, NULLIF($6, 0),"
		" NULLIF($7, 0), NULLIF($8, 0), NULLIF($9, ''))";
	assert_int_equal(db_exec_vals(f->t.db, sql,
				      DB_ARGS(db_int(dossier), db_int(pos), db_text(name),
					      db_int(unit), db_int(due), db_int(started),
					      db_int(finished), db_int(handler), db_text(outcome))),
			 DB_OK);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	testdb_open(&f->t);
	struct testdb *t = &f->t;
	f->a = one(t, "SELECT id FROM agency WHERE code = $1", "HOIAN");
	f->b = one(t, "SELECT id FROM agency WHERE code = $1", "HOIANDONG");
	f->p1 = one(t, "SELECT min(id) FROM procedure WHERE code <> $1", "");
	struct db_stmt *st = db_row(t->db,
				    "SELECT min(id) FROM procedure WHERE field_id <> (SELECT"
				    " field_id FROM procedure WHERE id = $1)",
				    DB_ARGS(db_int(f->p1)));
	assert_non_null(st);
	f->p2 = db_col_int(st, 0);
	db_done(st);
	f->tn = one(t,
		    "SELECT u.id FROM unit u JOIN agency a ON a.id = u.agency_id"
		    " WHERE a.code = 'HOIAN' AND u.code = $1",
		    "TNTKQ");
	f->vp = one(t,
		    "SELECT u.id FROM unit u JOIN agency a ON a.id = u.agency_id"
		    " WHERE a.code = 'HOIAN' AND u.code = $1",
		    "VP");
	f->tiepnhan1 = one(t, "SELECT id FROM staff WHERE username = $1", "tiepnhan1");
	f->hotich1 = one(t, "SELECT id FROM staff WHERE username = $1", "hotich1");
	long long a = f->a, b = f->b, p1 = f->p1, p2 = f->p2;
	/* d1: received today, result 08:30 (due Wednesday): early; handed back 08:45 */
	f->d[1] = dossier(f, 1, a, 0, p2, "returned", at(0, 8, 0), at(2, 17, 0), at(0, 8, 30), 0,
			  at(0, 8, 45), 3);
	/* d2: received last Monday, due Friday, result today: late */
	f->d[2] = dossier(f, 2, a, 0, p1, "result_ready", at(-7, 8, 0), at(-3, 17, 0), at(0, 8, 0),
			  0, 0, 3);
	/* d3: before its appointment but two supplements: late; handed back */
	f->d[3] = dossier(f, 3, a, 0, p1, "returned", at(-6, 8, 0), at(0, 17, 0), at(0, 8, 10), 2,
			  at(0, 8, 20), 3);
	/* d4: processing, due Friday: overdue at step 2 (VP), whose own due passed */
	f->d[4] = dossier(f, 4, a, 0, p1, "processing", at(-5, 8, 0), at(-3, 17, 0), 0, 0, 0, 2);
	/* d5: processing, due today 16:00 */
	f->d[5] = dossier(f, 5, a, 0, p1, "processing", at(-4, 8, 0), at(0, 16, 0), 0, 0, 0, 2);
	/* d6: still at the counter (step 1), due Saturday: overdue */
	f->d[6] = dossier(f, 6, a, 0, p1, "received", at(-5, 9, 0), at(-2, 17, 0), 0, 0, 0, 1);
	/* d7: Hội An Đông's own, overdue */
	f->d[7] = dossier(f, 7, b, 0, p1, "processing", at(0, 7, 45), at(-1, 17, 0), 0, 0, 0, 2);
	/* d8: for Hội An, received at Hội An Đông's centre today */
	f->d[8] = dossier(f, 8, a, b, p1, "received", at(0, 8, 30), at(8, 17, 0), 0, 0, 0, 1);
	/* d9: waiting for a supplement (not overdue), received the Friday before */
	f->d[9] = dossier(f, 9, a, 0, p1, "supplement_requested", at(-10, 8, 0), at(-3, 17, 0), 0,
			  1, 0, 2);
	/* d10: withdrawn today */
	f->d[10] = dossier(f, 10, a, 0, p1, "withdrawn", at(-3, 8, 0), at(3, 17, 0), at(0, 8, 50),
			   0, 0, 2);
	/* the control sheets */
	step(f, f->d[1], 1, "Tiếp nhận", f->tn, at(0, 9, 0), at(0, 8, 0), at(0, 8, 10),
	     f->tiepnhan1, "on_time");
	step(f, f->d[1], 2, "Thẩm định", f->vp, at(1, 17, 0), at(0, 8, 10), at(0, 8, 30),
	     f->hotich1, "early");
	step(f, f->d[2], 2, "Thẩm định", f->vp, at(-4, 17, 0), at(-7, 9, 0), at(0, 8, 0),
	     f->hotich1, "late");
	step(f, f->d[4], 1, "Tiếp nhận", f->tn, at(-5, 17, 0), at(-5, 8, 0), at(-5, 9, 0),
	     f->tiepnhan1, "on_time");
	step(f, f->d[4], 2, "Thẩm định", f->vp, at(-4, 17, 0), at(-5, 9, 0), 0, 0, "");
	step(f, f->d[6], 1, "Tiếp nhận", f->tn, at(1, 17, 0), at(-5, 9, 0), 0, 0, "");
	/* a step skipped today counts nowhere */
	step(f, f->d[10], 1, "Tiếp nhận", f->tn, at(-3, 17, 0), at(-3, 8, 0), at(0, 8, 50),
	     f->tiepnhan1, "skipped");
	/* two evaluations today, one last week */
	static const char ev[] =
		"INSERT INTO evaluation (agency_id, dossier_id, level, channel, created_at,"
		" updated_at) VALUES ($1, $2, $3, 'tracking', $4, $4)";
	assert_int_equal(db_exec_vals(t->db, ev,
				      DB_ARGS(db_int(a), db_int(f->d[1]), db_text("very_satisfied"),
					      db_int(at(0, 8, 50)))),
			 DB_OK);
	assert_int_equal(db_exec_vals(t->db, ev,
				      DB_ARGS(db_int(a), db_int(f->d[3]), db_text("not_satisfied"),
					      db_int(at(0, 8, 55)))),
			 DB_OK);
	assert_int_equal(db_exec_vals(t->db, ev,
				      DB_ARGS(db_int(a), db_int(f->d[2]), db_text("satisfied"),
					      db_int(at(-7, 9, 0)))),
			 DB_OK);
	/* the queue today: one waiting, one done */
	testdb_exec(t, "INSERT INTO queue_group (agency_id, code, prefix, name, created_at)"
		       " SELECT id, 'HT', 'A', 'Hộ tịch', 0 FROM agency WHERE code = 'HOIAN'");
	static const char qt[] =
		"INSERT INTO queue_ticket (public_id, agency_id, group_id, day, seq, number,"
		" state, issued_at, queued_at) SELECT $1, agency_id, id, $2, $3, $1, $4, 0, 0"
		" FROM queue_group WHERE code = 'HT'";
	int64_t day = vn_day_of(at(0, 9, 0));
	assert_int_equal(
		db_exec_vals(t->db, qt,
			     DB_ARGS(db_text("A001"), db_int(day), db_int(1), db_text("done"))),
		DB_OK);
	assert_int_equal(
		db_exec_vals(t->db, qt,
			     DB_ARGS(db_text("A002"), db_int(day), db_int(2), db_text("waiting"))),
		DB_OK);
	/* petitions received last week */
	static const char pe[] =
		"INSERT INTO petition (code, agency_id, channel, type, content, name, status,"
		" received_at, ack_due_at, due_at, answered_at, created_at, updated_at)"
		" VALUES ($1, $2, 'online', $3, 'Nội dung', 'Người Gửi Bí Mật', $4, $5, $6,"
		" NULLIF($7, 0), NULLIF($8, 0), $5, $5)";
#define PET(code, type, status, rec, ack, due, ans)                                                \
	assert_int_equal(                                                                          \
		db_exec_vals(t->db, pe,                                                            \
			     DB_ARGS(db_text(code), db_int(a), db_text(type), db_text(status),     \
				     db_int(rec), db_int(ack), db_int(due), db_int(ans))),         \
		DB_OK)
	/* answered by its due date; answered a day late; accepted and overdue;
	 * received, its acknowledgement due tomorrow */
	PET("PA-1", "complaint", "answered", at(-6, 9, 0), at(-3, 17, 0), at(-1, 17, 0),
	    at(-2, 10, 0));
	PET("PA-2", "complaint", "answered", at(-6, 10, 0), at(-3, 17, 0), at(-4, 17, 0),
	    at(-3, 10, 0));
	PET("PA-3", "recommendation", "accepted", at(-5, 9, 0), at(-3, 17, 0), at(-2, 17, 0), 0);
	PET("PA-4", "reflection", "received", at(-1, 9, 0), at(1, 17, 0), 0, 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	testdb_close(&f->t);
	free(f);
	return 0;
}

static long long I(json_t *o, const char *path)
{
	json_t *v = json_object_get(o, path);
	if (!json_is_integer(v))
		fail_msg("%s is not an integer", path);
	return (long long)json_integer_value(v);
}

static double R(json_t *o, const char *path)
{
	json_t *v = json_object_get(o, path);
	if (!json_is_real(v))
		fail_msg("%s is not a number", path);
	return json_real_value(v);
}

static void test_scope(void **state)
{
	struct fx *f = *state;
	struct problem p = {0};
	long long ag = -1;
	struct actor head = testdb_actor(&f->t, "truongvp");
	assert_int_equal(dashboard_scope(f->t.db, &head, NULL, &ag, &p), 0);
	assert_int_equal(ag, f->a);
	assert_int_equal(dashboard_scope(f->t.db, &head, "HOIAN", &ag, &p), 0);
	assert_int_equal(dashboard_scope(f->t.db, &head, "HOIANDONG", &ag, &p), ERR_FORBIDDEN);
	assert_string_equal(p.field, "agency");
	memset(&p, 0, sizeof p);
	assert_int_equal(dashboard_scope(f->t.db, &head, "KHONGCO", &ag, &p), ERR_NOT_FOUND);
	struct actor prov = testdb_actor(&f->t, "tinh");
	assert_int_equal(dashboard_scope(f->t.db, &prov, NULL, &ag, &p), 0);
	assert_int_equal(ag, 0);
	assert_int_equal(dashboard_scope(f->t.db, &prov, "HOIANDONG", &ag, &p), 0);
	assert_int_equal(ag, f->b);
}

static void test_today(void **state)
{
	struct fx *f = *state;
	struct problem p = {0};
	json_t *o;
	assert_int_equal(dashboard_today(f->t.db, f->a, at(0, 9, 0), &p, &o), 0);
	assert_string_equal(json_string_value(json_object_get(o, "day")), "2026-03-02");
	assert_int_equal(I(o, "received"), 1); /* d1 (d8 was received at Hội An Đông) */
	assert_int_equal(I(o, "resolved"), 3); /* d1, d2, d3 */
	assert_int_equal(I(o, "on_time"), 1);  /* d1 */
	assert_int_equal(I(o, "early"), 1);    /* d1 */
	assert_int_equal(I(o, "late"), 2);     /* d2 past due, d3 two supplements */
	assert_true(R(o, "on_time_rate") == 33.3);
	/* (30 min + 7 d + 6 d 10 min) / 3 = 4.34 days */
	assert_true(R(o, "avg_handling_days") == 4.3);
	assert_int_equal(I(o, "returned"), 2);          /* d1, d3 */
	assert_int_equal(I(o, "refused_withdrawn"), 1); /* d10 */
	assert_int_equal(I(o, "overdue"), 2);           /* d4, d6 (d9 paused, d5 due 16:00) */
	assert_int_equal(I(o, "due_today"), 1);         /* d5 */
	assert_int_equal(I(o, "awaiting_supplement"), 1);
	json_t *q = json_object_get(o, "queue");
	assert_int_equal(I(q, "waiting"), 1);
	assert_int_equal(I(q, "done"), 1);
	assert_int_equal(I(q, "tickets"), 2);
	json_t *e = json_object_get(o, "evaluations");
	assert_int_equal(I(e, "total"), 2);
	assert_int_equal(I(e, "very_satisfied"), 1);
	assert_int_equal(I(e, "not_satisfied"), 1);
	assert_true(R(e, "satisfied_rate") == 50.0);
	json_decref(o);

	/* Hội An Đông: d7 and d8 received there, d7 overdue; nothing resolved */
	assert_int_equal(dashboard_today(f->t.db, f->b, at(0, 9, 0), &p, &o), 0);
	assert_int_equal(I(o, "received"), 2);
	assert_int_equal(I(o, "overdue"), 1);
	assert_int_equal(I(o, "resolved"), 0);
	assert_true(json_is_null(json_object_get(o, "on_time_rate")));
	assert_int_equal(I(json_object_get(o, "queue"), "tickets"), 0);
	json_decref(o);

	/* the whole province */
	assert_int_equal(dashboard_today(f->t.db, 0, at(0, 9, 0), &p, &o), 0);
	assert_int_equal(I(o, "received"), 3);
	assert_int_equal(I(o, "overdue"), 3);
	assert_true(json_is_null(json_object_get(o, "agency")));
	json_decref(o);
}

static void test_trends(void **state)
{
	struct fx *f = *state;
	struct problem p = {0};
	json_t *o;
	int64_t today = vn_day_of(at(0, 9, 0));
	/* from Wednesday 25 Feb: the week of Monday 23 Feb, then this one */
	assert_int_equal(dashboard_trends(f->t.db, f->a, today - 5, today, "week", NOW, &p, &o), 0);
	json_t *items = json_object_get(o, "items");
	assert_int_equal(json_array_size(items), 2);
	json_t *w0 = json_array_get(items, 0), *w1 = json_array_get(items, 1);
	assert_string_equal(json_string_value(json_object_get(w0, "key")), "2026-02-23");
	assert_string_equal(json_string_value(json_object_get(w0, "from")), "2026-02-25");
	assert_string_equal(json_string_value(json_object_get(w0, "to")), "2026-03-01");
	/* received from the 25th: d4, d6 (25th), d5 (26th), d10 (27th) */
	assert_int_equal(I(w0, "received"), 4);
	assert_int_equal(I(w0, "resolved"), 0);
	/* this week: d1, and d8 received at Hội An Đông's centre for Hội An —
	 * the trends count at the competent agency, as the report does */
	assert_int_equal(I(w1, "received"), 2);
	assert_int_equal(I(w1, "resolved"), 3);
	assert_int_equal(I(w1, "on_time"), 1);
	assert_int_equal(I(json_object_get(o, "total"), "received"), 6);
	json_decref(o);

	/* by month, February and March */
	assert_int_equal(dashboard_trends(f->t.db, f->a, today - 29, today, "month", NOW, &p, &o),
			 0);
	items = json_object_get(o, "items");
	assert_int_equal(json_array_size(items), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "key")),
			    "2026-02");
	/* February: d2 (23rd), d3 (24th), d4, d6, d5, d10, d9 (20th) */
	assert_int_equal(I(json_array_get(items, 0), "received"), 7);
	assert_int_equal(I(json_array_get(items, 1), "received"), 2); /* d1, d8 */
	json_decref(o);

	assert_int_equal(dashboard_trends(f->t.db, f->a, today - 400, today, "week", NOW, &p, &o),
			 ERR_BAD_REQUEST);
	assert_string_equal(p.field, "to");
	memset(&p, 0, sizeof p);
	assert_int_equal(dashboard_trends(f->t.db, f->a, today, today, "day", NOW, &p, &o),
			 ERR_BAD_REQUEST);
	assert_string_equal(p.field, "by");
}

static json_t *find(json_t *items, const char *key, const char *val)
{
	size_t i;
	json_t *v;
	json_array_foreach (items, i, v)
		if (strcmp(json_string_value(json_object_get(v, key)), val) == 0)
			return v;
	fail_msg("no item %s=%s", key, val);
	return NULL;
}

static void field_code(struct fx *f, long long proc, char *out, size_t cap)
{
	struct db_stmt *st =
		db_row(f->t.db,
		       "SELECT f.code FROM procedure p JOIN field f ON f.id = p.field_id"
		       " WHERE p.id = $1",
		       DB_ARGS(db_int(proc)));
	assert_non_null(st);
	snprintf(out, cap, "%s", db_col_text(st, 0));
	db_done(st);
}

static void test_breakdown(void **state)
{
	struct fx *f = *state;
	struct problem p = {0};
	json_t *o;
	int64_t today = vn_day_of(at(0, 9, 0));
	char f1[64], f2[64];
	field_code(f, f->p1, f1, sizeof f1);
	field_code(f, f->p2, f2, sizeof f2);
	assert_string_not_equal(f1, f2);
	/* by field, Monday 23 Feb to today */
	assert_int_equal(dashboard_breakdown(f->t.db, f->a, today - 7, today, "field", &p, &o), 0);
	json_t *items = json_object_get(o, "items");
	assert_int_equal(json_array_size(items), 2);
	json_t *x1 = find(items, "key", f1), *x2 = find(items, "key", f2);
	assert_int_equal(I(x1, "received"), 6); /* d2 d3 d4 d5 d6 d10 */
	assert_int_equal(I(x1, "resolved"), 2);
	assert_int_equal(I(x1, "on_time"), 0);
	assert_int_equal(I(x2, "received"), 1); /* d1 */
	assert_int_equal(I(x2, "on_time"), 1);
	assert_true(R(x2, "on_time_rate") == 100.0);
	json_decref(o);

	/* by unit: the steps finished in the period (the skipped one nowhere) */
	assert_int_equal(dashboard_breakdown(f->t.db, f->a, today - 7, today, "unit", &p, &o), 0);
	items = json_object_get(o, "items");
	assert_int_equal(json_array_size(items), 2);
	json_t *tn = find(items, "key", "TNTKQ"), *vp = find(items, "key", "VP");
	assert_int_equal(I(tn, "steps"), 2);
	assert_int_equal(I(tn, "on_time"), 2);
	assert_int_equal(I(vp, "steps"), 2);
	assert_int_equal(I(vp, "on_time"), 1);
	assert_int_equal(I(vp, "late"), 1);
	assert_true(R(vp, "on_time_rate") == 50.0);
	/* TNTKQ: 10 min and 60 min → 35 min = 0.6 h */
	assert_true(R(tn, "avg_step_hours") == 0.6);
	json_decref(o);

	/* by officer: names, for the heads */
	assert_int_equal(dashboard_breakdown(f->t.db, f->a, today - 7, today, "officer", &p, &o),
			 0);
	items = json_object_get(o, "items");
	assert_int_equal(json_array_size(items), 2);
	json_t *h = find(items, "key", "hotich1");
	assert_string_equal(json_string_value(json_object_get(h, "label")),
			    "Nguyễn Thị Thanh Thảo");
	assert_int_equal(I(h, "steps"), 2);
	assert_int_equal(I(h, "late"), 1);
	assert_int_equal(I(find(items, "key", "tiepnhan1"), "on_time"), 2);
	json_decref(o);

	/* another agency's breakdown is empty */
	assert_int_equal(dashboard_breakdown(f->t.db, f->b, today - 7, today, "unit", &p, &o), 0);
	assert_int_equal(json_array_size(json_object_get(o, "items")), 0);
	json_decref(o);
}

static void test_overdue_steps(void **state)
{
	struct fx *f = *state;
	struct problem p = {0};
	json_t *o;
	assert_int_equal(dashboard_overdue_steps(f->t.db, f->a, at(0, 9, 0), &p, &o), 0);
	assert_int_equal(I(o, "total"), 2);
	json_t *items = json_object_get(o, "items");
	assert_int_equal(json_array_size(items), 2);
	json_t *s0 = json_array_get(items, 0), *s1 = json_array_get(items, 1);
	assert_string_equal(json_string_value(json_object_get(s0, "unit")), "TNTKQ");
	assert_string_equal(json_string_value(json_object_get(s0, "step")), "Tiếp nhận");
	assert_int_equal(I(s0, "step_late"), 0);
	assert_true(R(s0, "avg_overdue_days") == 1.7); /* d6: since Saturday 17:00 */
	assert_string_equal(json_string_value(json_object_get(s1, "unit")), "VP");
	assert_int_equal(I(s1, "dossiers"), 1);
	assert_int_equal(I(s1, "step_late"), 1);
	assert_true(R(s1, "avg_overdue_days") == 2.7); /* d4: since Friday 17:00 */
	json_decref(o);
}

static void test_petitions(void **state)
{
	struct fx *f = *state;
	struct problem p = {0};
	json_t *o;
	int64_t today = vn_day_of(at(0, 9, 0));
	assert_int_equal(dashboard_petitions(f->t.db, f->a, today - 7, today, at(0, 9, 0), &p, &o),
			 0);
	assert_int_equal(I(o, "total"), 4);
	assert_int_equal(I(o, "answered"), 2);
	assert_int_equal(I(o, "answered_on_time"), 1);
	assert_true(R(o, "answered_on_time_rate") == 50.0);
	assert_int_equal(I(o, "overdue"), 1);
	json_t *types = json_object_get(o, "by_type");
	json_t *c = find(types, "type", "complaint");
	assert_string_equal(json_string_value(json_object_get(c, "label")), "Khiếu nại");
	assert_int_equal(I(c, "answered"), 2);
	assert_int_equal(I(find(types, "type", "recommendation"), "overdue"), 1);
	assert_int_equal(I(find(types, "type", "reflection"), "received"), 1);
	assert_int_equal(I(find(json_object_get(o, "by_status"), "status", "answered"), "total"),
			 2);
	json_decref(o);
}

static void test_transparency(void **state)
{
	struct fx *f = *state;
	struct problem p = {0};
	json_t *o;
	assert_int_equal(dashboard_transparency(f->t.db, NULL, at(0, 9, 0), &p, &o), 0);
	char *s = json_dumps(o, 0);
	/* no personal data: neither the applicants' nor the petitioners' */
	assert_null(strstr(s, "Bí Mật"));
	assert_null(strstr(s, "0905123456"));
	assert_null(strstr(s, "DASH-"));
	free(s);
	json_t *ha = find(json_object_get(o, "agencies"), "code", "HOIAN");
	json_t *m = json_object_get(ha, "month"), *y = json_object_get(ha, "year");
	/* the report's figures: received at the competent agency (d1, and d8
	 * received at Hội An Đông's centre for Hội An) */
	assert_int_equal(I(m, "received"), 2);
	assert_int_equal(I(m, "resolved"), 3);
	assert_true(R(m, "on_time_rate") == 33.3);
	assert_true(R(m, "avg_handling_days") == 4.3);
	assert_true(R(m, "satisfaction_rate") == 50.0);
	assert_int_equal(I(m, "petitions_answered"), 0);
	assert_true(json_is_null(json_object_get(m, "petitions_on_time_rate")));
	assert_int_equal(I(y, "received"), 9); /* all of Hội An's */
	assert_int_equal(I(y, "evaluations"), 3);
	assert_true(R(y, "satisfaction_rate") == 66.7);
	assert_int_equal(I(y, "petitions_answered"), 2);
	assert_true(R(y, "petitions_on_time_rate") == 50.0);
	assert_int_equal(I(json_object_get(json_object_get(o, "total"), "year"), "received"), 10);
	json_decref(o);
	assert_int_equal(dashboard_transparency(f->t.db, "HOIANDONG", at(0, 9, 0), &p, &o), 0);
	assert_int_equal(json_array_size(json_object_get(o, "agencies")), 1);
	json_decref(o);
	assert_int_equal(dashboard_transparency(f->t.db, "KHONGCO", at(0, 9, 0), &p, &o),
			 ERR_NOT_FOUND);
}

/* A trend's bucket is the periodic report's total row for its days, by
 * construction (report_flows): before the nightly rollup (every figure
 * live), after it (closed days from report_day), and for a dossier written
 * behind the services' back since (a stale rollup: the report's own
 * answer, not a second one). */
static void same_as_report(struct fx *f, int64_t from, int64_t to)
{
	struct problem p = {0};
	json_t *o;
	assert_int_equal(dashboard_trends(f->t.db, f->a, from, to, "month", NOW, &p, &o), 0);
	json_t *items = json_object_get(o, "items");
	for (size_t i = 0; i < json_array_size(items); i++) {
		json_t *it = json_array_get(items, i);
		int64_t lo, hi;
		const char *sf = json_string_value(json_object_get(it, "from")),
			   *st = json_string_value(json_object_get(it, "to"));
		assert_int_equal(vn_parse_date(sf, strlen(sf), &lo), 0);
		assert_int_equal(vn_parse_date(st, strlen(st), &hi), 0);
		struct actor head = testdb_actor(&f->t, "truongvp");
		struct report_query q = {.from = lo, .to = hi};
		struct report r;
		assert_int_equal(report_handling(f->t.db, &head, NOW, &q, &r, &p), 0);
		assert_int_equal(r.agency, f->a);
		long long *v = r.total.v;
		assert_int_equal(I(it, "received"), v[RC_RECEIVED]);
		assert_int_equal(I(it, "resolved"), v[RC_RESOLVED]);
		assert_int_equal(I(it, "early"), v[RC_EARLY]);
		assert_int_equal(I(it, "on_time"), v[RC_EARLY] + v[RC_ON_TIME]);
		assert_int_equal(I(it, "late"), v[RC_LATE]);
		assert_int_equal(I(it, "withdrawn"), v[RC_WITHDRAWN]);
		assert_int_equal(I(it, "in_progress"), v[RC_OPEN]);
		assert_int_equal(I(it, "overdue"), v[RC_OVERDUE]);
		report_free(&r);
	}
	json_decref(o);
}

static void test_trends_are_the_report(void **state)
{
	struct fx *f = *state;
	struct problem p = {0};
	json_t *o;
	int64_t today = vn_day_of(NOW);
	/* this month and February: d2 (result today, late), d3 (two
	 * supplements, late), d1 (early), d10 withdrawn; d4, d6 overdue, d9
	 * awaiting a supplement asked by its appointment (within time) */
	assert_int_equal(dashboard_trends(f->t.db, f->a, today - 29, today, "month", NOW, &p, &o),
			 0);
	json_t *mar = json_array_get(json_object_get(o, "items"), 1);
	assert_int_equal(I(mar, "resolved"), 3);
	assert_int_equal(I(mar, "early"), 1);
	assert_int_equal(I(mar, "late"), 2);
	assert_true(R(mar, "on_time_rate") == 33.3);
	assert_int_equal(I(mar, "withdrawn"), 1);
	/* handling: d1 30 min, d2 7 days, d3 6 days 10 min: 13 days 40 min / 3 */
	assert_true(R(mar, "avg_handling_days") == 4.3);
	json_decref(o);
	same_as_report(f, today - 29, today);
	/* the nightly rollup: closed days from report_day, the same answer */
	struct actor cli = {.name = "cli"};
	struct report_rollup_out out;
	assert_int_equal(db_begin(f->t.db), DB_OK);
	assert_int_equal(report_rollup(f->t.db, &cli, NOW, 0, &out, &p), 0);
	assert_int_equal(db_commit(f->t.db), DB_OK);
	assert_true(out.rows > 0);
	same_as_report(f, today - 29, today);
	same_as_report(f, today - 60, today - 1);
	/* a dossier written on a closed day behind the services' back: the
	 * rollup does not hold it, and neither the report nor the trend shows
	 * it until the rollup is rebuilt — both the same */
	dossier(f, 11, f->a, 0, f->p1, "received", at(-6, 10, 0), at(1, 17, 0), 0, 0, 0, 1);
	same_as_report(f, today - 29, today);
	assert_int_equal(db_begin(f->t.db), DB_OK);
	assert_int_equal(report_rollup(f->t.db, &cli, NOW, 1, &out, &p), 0);
	assert_int_equal(db_commit(f->t.db), DB_OK);
	same_as_report(f, today - 29, today);
	assert_int_equal(dashboard_trends(f->t.db, f->a, today - 6, today, "week", NOW, &p, &o), 0);
	/* from Tuesday 24 Feb: d3, d11 (24th), d4, d6, d5, d10 */
	assert_int_equal(I(json_array_get(json_object_get(o, "items"), 0), "received"), 6);
	json_decref(o);
}

/* The breakdowns by unit and officer read the step rollup (step_day, D40)
 * for the days it holds: the same answers with it as without, for a
 * period wholly rolled up and one across its end; and they do read it. */
static void test_breakdown_rollup(void **state)
{
	struct fx *f = *state;
	struct problem p = {0};
	int64_t today = vn_day_of(at(0, 9, 0));
	const char *const by[] = {"unit", "officer"};
	const int64_t span[][2] = {{today - 7, today}, {today - 7, today - 1}, {today - 2, today}};
	json_t *before[2][3];
	for (int b = 0; b < 2; b++)
		for (int k = 0; k < 3; k++)
			assert_int_equal(dashboard_breakdown(f->t.db, f->a, span[k][0], span[k][1],
							     by[b], &p, &before[b][k]),
					 0);
	assert_true(json_array_size(json_object_get(before[0][0], "items")) > 0);
	struct actor cli = {.name = "cli"};
	struct perf_rollup_out out;
	assert_int_equal(db_begin(f->t.db), DB_OK);
	assert_int_equal(performance_rollup(f->t.db, &f->t.app, &cli, at(0, 9, 0), 0, &out, &p), 0);
	assert_int_equal(db_commit(f->t.db), DB_OK);
	assert_true(out.rows > 0);
	assert_int_equal(out.through_day, today);
	for (int b = 0; b < 2; b++)
		for (int k = 0; k < 3; k++) {
			json_t *o;
			assert_int_equal(dashboard_breakdown(f->t.db, f->a, span[k][0], span[k][1],
							     by[b], &p, &o),
					 0);
			if (!json_equal(o, before[b][k])) {
				char *x = json_dumps(o, JSON_SORT_KEYS),
				     *y = json_dumps(before[b][k], JSON_SORT_KEYS);
				fail_msg("by %s, span %d: %s with the rollup, %s without", by[b], k,
					 x, y);
			}
			json_decref(o);
			json_decref(before[b][k]);
		}
	/* the rolled days come from step_day: steps rewritten behind its back
	 * do not move them */
	testdb_exec(&f->t, "UPDATE dossier_step SET outcome = 'late'");
	json_t *o;
	assert_int_equal(dashboard_breakdown(f->t.db, f->a, today - 7, today - 1, "unit", &p, &o),
			 0);
	json_t *tn = find(json_object_get(o, "items"), "key", "TNTKQ");
	assert_int_equal(I(tn, "late"), 0);
	json_decref(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_today, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trends, setup, teardown),
		cmocka_unit_test_setup_teardown(test_breakdown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_breakdown_rollup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overdue_steps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_petitions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transparency, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trends_are_the_report, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
