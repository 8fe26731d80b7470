/* test_indicator.c — the Decision 766 indicators as services, on a real demo
 * store (testdb.h; PostgreSQL under MOTCUA_TEST_PG), against figures worked
 * out by hand below: a February 2026 of four procedures (two online, one
 * without its method, one without documents), thirteen dossiers (early, on
 * time, late, two supplements, waiting for a supplement, open and overdue,
 * received before the month, finished after it, outside it) and six
 * petitions; the drill-down lists exactly the ones that cost points; a head
 * sees his agency only, a province officer any. */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "app/indicator/indicator.h"
#include "testdb.h"

struct fx {
	struct testdb t;
	long long agency, other, proc[4];
};

static long long one_int(struct testdb *t, const char *sql)
{
	struct db_stmt *st = db_prep(t->db, sql);
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	long long v = db_col_int(st, 0);
	db_done(st);
	return v;
}

static int64_t at(int m, int d, int hh, int mi)
{
	int y = m > 12 ? 2025 : 2026;
	return vn_instant(y, m > 12 ? m - 12 : m, d, hh, mi, 0);
}

/* A dossier with the instants given (0: NULL). */
static void dossier(struct fx *f, const char *code, int proc, const char *channel,
		    const char *status, int64_t received, int64_t due, int64_t finished, int result,
		    int64_t paused, int supplements, int64_t paused_total, long long agency)
{
	char sql[2048], fin[24], res[24], pau[24];
#define OR_NULL(buf, v) (snprintf(buf, sizeof buf, "%lld", (long long)(v)), (v) ? buf : "NULL")
	snprintf(sql, sizeof sql,
		 "INSERT INTO dossier (code, procedure_id, agency_id, status, channel, "
		 "return_method, applicant_kind, applicant_name, applicant_fold, limit_value, "
		 "limit_unit, received_at, clock_start, due_at, original_due_at, finished_at, "
		 "result_at, paused_at, supplement_count, paused_total, created_at, updated_at)"
		 " VALUES ('%s', %lld, %lld, '%s', '%s', 'counter', 'person', 'Nguyễn Văn A',"
		 " 'nguyen van a', 5, 'working_days', %lld, %lld, %lld, %lld, %s, %s, %s, %d, %lld,"
		 " %lld, %lld)",
		 code, f->proc[proc], agency ? agency : f->agency, status, channel,
		 (long long)received, (long long)received, (long long)due, (long long)due,
		 OR_NULL(fin, finished), OR_NULL(res, result ? finished : 0), OR_NULL(pau, paused),
		 supplements, (long long)paused_total, (long long)received, (long long)received);
	testdb_exec(&f->t, sql);
}

static void evaluation(struct fx *f, const char *code, const char *level)
{
	char sql[512];
	snprintf(sql, sizeof sql,
		 "INSERT INTO evaluation (agency_id, dossier_id, level, channel, created_at,"
		 " updated_at) SELECT agency_id, id, '%s', 'tracking', %lld, %lld FROM dossier"
		 " WHERE code = '%s'",
		 level, (long long)at(2, 25, 9, 0), (long long)at(2, 25, 9, 0), code);
	testdb_exec(&f->t, sql);
}

static void attach(struct fx *f, const char *code, const char *sha)
{
	char sql[512];
	snprintf(sql, sizeof sql,
		 "INSERT INTO attachment (sha256, mime, size, data, created_at)"
		 " VALUES ('%s', 'application/pdf', 0, '', 0)",
		 sha);
	testdb_exec(&f->t, sql);
	snprintf(sql, sizeof sql,
		 "INSERT INTO dossier_attachment (dossier_id, sha256, name)"
		 " SELECT id, '%s', 'don.pdf' FROM dossier WHERE code = '%s'",
		 sha, code);
	testdb_exec(&f->t, sql);
}

static void petition(struct fx *f, const char *code, const char *status, int64_t received,
		     int64_t ack_due, int64_t acked, int64_t due, int64_t answered,
		     const char *satisfaction, int reopened)
{
	char sql[2048], a[24], d[24], an[24], s[40];
	snprintf(s, sizeof s, satisfaction ? "'%s'" : "NULL", satisfaction);
	snprintf(sql, sizeof sql,
		 "INSERT INTO petition (code, agency_id, channel, type, content, name, status,"
		 " received_at, ack_due_at, acked_at, due_at, answered_at, satisfaction,"
		 " satisfaction_at, reopened, created_at, updated_at) VALUES ('%s', %lld,"
		 " 'online', 'recommendation', 'Nội dung', 'Trần Thị B', '%s', %lld, %lld, %s, %s,"
		 " %s, %s, %s, %d, %lld, %lld)",
		 code, f->agency, status, (long long)received, (long long)ack_due,
		 OR_NULL(a, acked), OR_NULL(d, due), OR_NULL(an, answered), s,
		 satisfaction ? "1771290000" : "NULL", reopened, (long long)received,
		 (long long)received);
	testdb_exec(&f->t, sql);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	testdb_open(&f->t);
	struct testdb *t = &f->t;
	f->agency = one_int(t, "SELECT id FROM agency WHERE code = 'HOIAN'");
	f->other = one_int(t, "SELECT id FROM agency WHERE code = 'HOIANDONG'");
	/* the catalogue: four procedures of HOIAN, every component present … */
	char sql[512];
	snprintf(sql, sizeof sql,
		 "UPDATE procedure SET active = 0 WHERE id NOT IN (SELECT id FROM procedure"
		 " WHERE agency_id = %lld ORDER BY code LIMIT 4)",
		 f->agency);
	testdb_exec(t, sql);
	testdb_exec(t, "DELETE FROM procedure_agency");
	testdb_exec(t, "UPDATE procedure SET name = 'Thủ tục', sequence = 'Bước 1', method ="
		       " 'Trực tiếp', subjects = 'Công dân', limit_value = 5,"
		       " limit_unit = 'working_days', online = 'none' WHERE active = 1");
	struct db_stmt *st =
		db_prep(t->db, "SELECT id FROM procedure WHERE active = 1 ORDER BY code");
	for (int i = 0; i < 4; i++) {
		assert_int_equal(db_step(st), DB_ROW);
		f->proc[i] = db_col_int(st, 0);
	}
	db_done(st);
	/* … P0 full online, P1 partial; P2 without method, P3 without documents */
	snprintf(sql, sizeof sql,
		 "UPDATE procedure SET online = 'full' WHERE id = %lld;"
		 " UPDATE procedure SET online = 'partial' WHERE id = %lld;"
		 " UPDATE procedure SET method = '  ' WHERE id = %lld;"
		 " UPDATE procedure_document SET active = 0 WHERE procedure_id = %lld;"
		 " UPDATE procedure_document SET active = 1 WHERE procedure_id <> %lld",
		 f->proc[0], f->proc[1], f->proc[2], f->proc[3], f->proc[3]);
	testdb_exec(t, sql);
	assert_int_equal(one_int(t, "SELECT count(DISTINCT procedure_id) FROM procedure_document"
				    " d JOIN procedure p ON p.id = d.procedure_id"
				    " WHERE d.active = 1 AND p.active = 1"),
			 3);

	/* February 2026 (Sunday 1st; Tết off 14–22): the dossiers */
	dossier(f, "D01", 0, "online", "returned", at(2, 2, 8, 0), at(2, 9, 17, 0), at(2, 5, 10, 0),
		1, 0, 0, 0, 0); /* early: 3.25 working days */
	dossier(f, "D02", 0, "counter", "returned", at(2, 3, 8, 0), at(2, 10, 17, 0),
		at(2, 10, 16, 0), 1, 0, 0, 0, 0); /* on time, same day: 5.8125 */
	dossier(f, "D03", 0, "online", "returned", at(2, 4, 8, 0), at(2, 11, 17, 0),
		at(2, 12, 9, 0), 1, 0, 0, 0, 0); /* late: 6.125 */
	dossier(f, "D04", 1, "counter", "returned", at(2, 5, 8, 0), at(2, 13, 17, 0),
		at(2, 12, 16, 0), 1, 0, 2, 28800, 0); /* two supplements: late; 46.5 h − 8 h */
	dossier(f, "D05", 0, "counter", "processing", at(2, 24, 8, 0), at(3, 3, 17, 0), 0, 0, 0, 0,
		0, 0); /* open, due after the month: on time */
	dossier(f, "D06", 0, "counter", "processing", at(2, 16, 8, 0), at(2, 23, 17, 0), 0, 0, 0, 0,
		0, 0); /* open, overdue at the month's end */
	dossier(f, "D07", 0, "counter", "returned", at(1, 20, 8, 0), at(1, 27, 17, 0),
		at(2, 2, 10, 0), 1, 0, 0, 0, 0); /* from January, finished late in February: 9.25 */
	dossier(f, "D08", 0, "counter", "returned", at(1, 5, 8, 0), at(1, 12, 17, 0),
		at(1, 10, 10, 0), 1, 0, 0, 0, 0); /* finished in January: not counted */
	dossier(f, "D09", 0, "counter", "returned", at(13 + 11, 1, 8, 0), at(13 + 11, 8, 17, 0),
		at(3, 1, 10, 0), 1, 0, 0, 0, 0); /* December to March: overdue in February */
	dossier(f, "D10", 1, "counter", "supplement_requested", at(2, 10, 8, 0), at(2, 17, 17, 0),
		0, 0, at(2, 12, 10, 0), 1, 0, 0); /* waiting, asked in time */
	dossier(f, "D11", 0, "counter", "received", at(3, 2, 8, 0), at(3, 9, 17, 0), 0, 0, 0, 0, 0,
		0); /* March: not counted */
	dossier(f, "D12", 0, "counter", "processing", at(1, 15, 8, 0), at(1, 22, 17, 0), 0, 0, 0, 0,
		0, 0); /* January, still open: overdue */
	dossier(f, "D13", 1, "counter", "refused", at(2, 6, 8, 0), at(2, 13, 17, 0),
		at(2, 9, 10, 0), 0, 0, 0, 0, 0); /* refused early: early, no result */
	dossier(f, "E01", 0, "counter", "processing", at(2, 9, 8, 0), at(2, 12, 17, 0), 0, 0, 0, 0,
		0, f->other); /* another agency's, overdue */
	attach(f, "D01", "a1");
	attach(f, "D03", "a3");
	evaluation(f, "D01", "satisfied");
	evaluation(f, "D02", "not_satisfied");
	evaluation(f, "D03", "not_satisfied");
	evaluation(f, "D08", "not_satisfied");

	petition(f, "PA-1", "answered", at(2, 2, 8, 0), at(2, 5, 17, 0), at(2, 3, 9, 0),
		 at(2, 27, 17, 0), at(2, 20, 9, 0), "satisfied", 0); /* on time */
	petition(f, "PA-2", "answered", at(2, 3, 8, 0), at(2, 6, 17, 0), at(2, 9, 9, 0),
		 at(2, 27, 17, 0), at(2, 20, 9, 0), NULL, 0); /* acknowledged late */
	petition(f, "PA-3", "accepted", at(2, 4, 8, 0), at(2, 9, 17, 0), at(2, 5, 9, 0),
		 at(2, 20, 17, 0), 0, NULL, 0); /* not answered by its due date */
	petition(f, "PA-4", "accepted", at(2, 5, 8, 0), at(2, 10, 17, 0), at(2, 6, 9, 0),
		 at(3, 20, 17, 0), 0, NULL, 1); /* in time, but reopened */
	petition(f, "PA-5", "answered", at(2, 6, 8, 0), at(2, 11, 17, 0), at(2, 7, 9, 0),
		 at(3, 6, 17, 0), at(2, 16, 9, 0), "not_satisfied", 0); /* not satisfied */
	petition(f, "PA-6", "answered", at(1, 20, 8, 0), at(1, 23, 17, 0), at(1, 28, 9, 0),
		 at(2, 27, 17, 0), at(2, 2, 9, 0), NULL, 0); /* January's */
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

static const struct ind_query FEB = {0, 0, NULL};

static struct ind_query february(const char *agency)
{
	struct ind_query q = FEB;
	q.from = vn_days_from_civil(2026, 2, 1);
	q.to = vn_days_from_civil(2026, 2, 28);
	q.agency = agency;
	return q;
}

static json_t *scores(struct fx *f, const char *user, const char *agency, struct problem *p)
{
	struct actor who = testdb_actor(&f->t, user);
	struct ind_query q = february(agency);
	json_t *o = NULL;
	memset(p, 0, sizeof *p);
	int rc = indicator_scores(f->t.db, &f->t.app, &who, f->t.app.fake_now, &q, p, &o);
	if (rc)
		return NULL;
	return o;
}

static json_t *ind(json_t *o, const char *code)
{
	size_t i, j;
	json_t *g, *x;
	json_array_foreach (json_object_get(o, "groups"), i, g)
		json_array_foreach (json_object_get(g, "indicators"), j, x)
			if (strcmp(json_string_value(json_object_get(x, "code")), code) == 0)
				return x;
	fail_msg("no indicator %s", code);
	return NULL;
}

static json_t *group(json_t *o, const char *code)
{
	size_t i;
	json_t *g;
	json_array_foreach (json_object_get(o, "groups"), i, g)
		if (strcmp(json_string_value(json_object_get(g, "code")), code) == 0)
			return g;
	fail_msg("no group %s", code);
	return NULL;
}

static double num(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	assert_true(json_is_number(v));
	return json_number_value(v);
}

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 0.006)

static void check(json_t *x, long long n, long long d, double points)
{
	assert_true(json_is_true(json_object_get(x, "measured")));
	assert_int_equal((long long)num(x, "numerator"), n);
	assert_int_equal((long long)num(x, "denominator"), d);
	NEAR(num(x, "rate"), (double)(n < 0 ? 0 : n) / (double)d);
	NEAR(num(x, "points"), points);
}

static void t_scores_by_hand(void **state)
{
	struct fx *f = *state;
	struct problem p;
	json_t *o = scores(f, "truongvp", NULL, &p);
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, "from")), "2026-02-01");
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(o, "agency"), "code")), "HOIAN");
	/* 1.3: P2 (method) and P3 (documents) lack a component: 2/4 × 2 */
	check(ind(o, "1.3"), 2, 4, 1.0);
	/* 2.1: held D01–D07, D09, D10, D12, D13 = 11; early D01, D13; on time
	 * D02, D05, D10; late D03, D04, D06, D07, D09, D12: 5/11 × 20 */
	json_t *x = ind(o, "2.1");
	check(x, 5, 11, 20.0 * 5 / 11);
	json_t *split = json_object_get(x, "split");
	assert_int_equal((long long)num(split, "early"), 2);
	assert_int_equal((long long)num(split, "on_time"), 3);
	assert_int_equal((long long)num(split, "late"), 6);
	/* 2.2: P0: D01 3.25, D02 5.8125, D03 6.125, D07 9.25 working days → 6.109;
	 * P1: D04 (46.5 h − 8 h paused) / 8 = 4.8125; D13 refused: no result */
	x = ind(o, "2.2");
	assert_int_equal((long long)num(x, "denominator"), 5);
	json_t *procs = json_object_get(x, "procedures");
	assert_int_equal(json_array_size(procs), 2);
	NEAR(num(json_array_get(procs, 0), "average"), 6.109375);
	assert_int_equal((long long)num(json_array_get(procs, 0), "completed"), 4);
	NEAR(num(json_array_get(procs, 1), "average"), 4.8125);
	assert_string_equal(json_string_value(json_object_get(json_array_get(procs, 1), "unit")),
			    "working_days");
	/* 3.1: P0, P1 online of 4: 50 % of the 80 % for full points → 4 × 0.5 / 0.8 */
	check(ind(o, "3.1"), 2, 4, 2.5);
	/* 3.2: P0 has online dossiers (D01, D03), P1 none: 1/2 × 4 */
	check(ind(o, "3.2"), 1, 2, 2.0);
	/* 3.3: received in February: D01–D06, D10, D13 = 8, online 2: 25 % of 50 % */
	check(ind(o, "3.3"), 2, 8, 2.0);
	/* 4.2: D01 and D03 carry files: 2/8 = 25 % of 80 % → 1.25 */
	check(ind(o, "4.2"), 2, 8, 1.25);
	/* 5.2: PA-1..PA-5; PA-2 acknowledged late, PA-3 unanswered past due: 3/5 × 6 */
	check(ind(o, "5.2"), 3, 5, 3.6);
	/* 5.3: minus PA-2, PA-3 (late), PA-4 (reopened), PA-5 (not satisfied) */
	check(ind(o, "5.3"), 1, 5, 1.2);
	/* 5.4: 100 % − (6 late + 2 not satisfied (D02, D03; D08 not held)) / 11
	 * = 27.3 % of the 90 % for full points */
	x = ind(o, "5.4");
	check(x, 3, 11, 6.0 * 3 / 11 / 0.9);
	assert_int_equal((long long)num(json_object_get(x, "split"), "not_satisfied"), 2);
	/* not measured: said so, with the reason, no figure */
	x = ind(o, "3.6");
	assert_true(json_is_false(json_object_get(x, "measured")));
	assert_non_null(strstr(json_string_value(json_object_get(x, "reason_en")), "payment"));
	assert_true(json_is_null(json_object_get(x, "points")));
	assert_true(json_is_false(json_object_get(ind(o, "4.1"), "measured")));
	/* groups: the points of what is measured, out of its maximum */
	NEAR(num(group(o, "1"), "points"), 1.0);
	NEAR(num(group(o, "1"), "measured_max"), 2);
	NEAR(num(group(o, "1"), "max"), 18);
	NEAR(num(group(o, "2"), "points"), 9.09);
	NEAR(num(group(o, "3"), "points"), 6.5);
	NEAR(num(group(o, "3p"), "measured_max"), 0);
	NEAR(num(group(o, "4"), "measured_max"), 4);
	NEAR(num(group(o, "5"), "points"), 3.6 + 1.2 + 1.82);
	json_t *total = json_object_get(o, "total");
	NEAR(num(total, "points"), 1.0 + 9.09 + 6.5 + 1.25 + 3.6 + 1.2 + 1.82);
	NEAR(num(total, "measured_max"), 2 + 20 + 12 + 4 + 18);
	json_decref(o);
}

static json_t *items(struct fx *f, const char *user, const char *code, long long limit,
		     long long offset, struct problem *p)
{
	struct actor who = testdb_actor(&f->t, user);
	struct ind_query q = february(NULL);
	json_t *o = NULL;
	memset(p, 0, sizeof *p);
	if (indicator_items(f->t.db, &f->t.app, &who, f->t.app.fake_now, &q, code, limit, offset, p,
			    &o))
		return NULL;
	return o;
}

static const char *item_code(json_t *o, size_t i)
{
	return json_string_value(
		json_object_get(json_array_get(json_object_get(o, "items"), i), "code"));
}

static void t_drill_down(void **state)
{
	struct fx *f = *state;
	struct problem p;
	/* 2.1: the six late dossiers, oldest receipt first, with why */
	json_t *o = items(f, "chutich", "2.1", 50, 0, &p);
	assert_non_null(o);
	assert_int_equal((long long)num(o, "total"), 6);
	const char *want[] = {"D09", "D12", "D07", "D03", "D04", "D06"};
	const char *why[] = {"overdue",       "overdue",     "finished_late",
			     "finished_late", "supplements", "overdue"};
	for (size_t i = 0; i < 6; i++) {
		assert_string_equal(item_code(o, i), want[i]);
		json_t *it = json_array_get(json_object_get(o, "items"), i);
		assert_string_equal(json_string_value(json_object_get(it, "reason")), why[i]);
		/* no personal data */
		assert_null(json_object_get(it, "applicant"));
	}
	json_decref(o);
	/* paginated */
	o = items(f, "chutich", "2.1", 2, 2, &p);
	assert_int_equal((long long)num(o, "total"), 6);
	assert_int_equal(json_array_size(json_object_get(o, "items")), 2);
	assert_string_equal(item_code(o, 0), "D07");
	json_decref(o);
	/* 5.4: late or not satisfied (D02 is on time but not satisfied) */
	o = items(f, "chutich", "5.4", 50, 0, &p);
	assert_int_equal((long long)num(o, "total"), 7);
	json_decref(o);
	/* 1.3: the two procedures, with what they lack */
	o = items(f, "chutich", "1.3", 50, 0, &p);
	assert_int_equal((long long)num(o, "total"), 2);
	json_t *miss = json_object_get(json_array_get(json_object_get(o, "items"), 0), "missing");
	assert_int_equal(json_array_size(miss), 1);
	assert_string_equal(json_string_value(json_array_get(miss, 0)), "method");
	miss = json_object_get(json_array_get(json_object_get(o, "items"), 1), "missing");
	assert_string_equal(json_string_value(json_array_get(miss, 0)), "documents");
	json_decref(o);
	/* 3.2: P1, online without an online dossier */
	o = items(f, "chutich", "3.2", 50, 0, &p);
	assert_int_equal((long long)num(o, "total"), 1);
	json_decref(o);
	/* 5.2 and 5.3: the petitions */
	o = items(f, "chutich", "5.2", 50, 0, &p);
	assert_int_equal((long long)num(o, "total"), 2);
	assert_string_equal(item_code(o, 0), "PA-2");
	assert_string_equal(item_code(o, 1), "PA-3");
	json_decref(o);
	o = items(f, "chutich", "5.3", 50, 0, &p);
	assert_int_equal((long long)num(o, "total"), 4);
	json_decref(o);
	/* what cannot be listed */
	assert_null(items(f, "chutich", "3.6", 50, 0, &p));
	assert_string_equal(p.code, "indicator_not_measured");
	assert_null(items(f, "chutich", "9.9", 50, 0, &p));
	assert_string_equal(p.code, "indicator_not_found");
}

static void t_scope(void **state)
{
	struct fx *f = *state;
	struct problem p;
	/* a head names another agency: refused */
	assert_null(scores(f, "truongvp", "HOIANDONG", &p));
	assert_int_equal(p.kind, ERR_FORBIDDEN);
	assert_string_equal(p.code, "not_your_agency");
	/* naming his own is fine */
	json_t *o = scores(f, "truongvp", "HOIAN", &p);
	assert_non_null(o);
	json_decref(o);
	/* the other agency's leader sees its one dossier, overdue */
	o = scores(f, "hoiandong.chutich", NULL, &p);
	check(ind(o, "2.1"), 0, 1, 0);
	json_decref(o);
	/* the province: HOIAN as its head sees it; every agency at once */
	o = scores(f, "tinh", "HOIAN", &p);
	check(ind(o, "2.1"), 5, 11, 20.0 * 5 / 11);
	json_decref(o);
	o = scores(f, "tinh", NULL, &p);
	assert_true(json_is_null(json_object_get(o, "agency")));
	check(ind(o, "2.1"), 5, 12, 20.0 * 5 / 12);
	json_decref(o);
	assert_null(scores(f, "tinh", "NOWHERE", &p));
	assert_string_equal(p.code, "agency_not_found");
}

static void t_period(void **state)
{
	struct fx *f = *state;
	struct actor who = testdb_actor(&f->t, "truongvp");
	struct problem p = {0};
	json_t *o = NULL;
	struct ind_query q = february(NULL);
	q.to = q.from - 1;
	assert_int_not_equal(
		indicator_scores(f->t.db, &f->t.app, &who, f->t.app.fake_now, &q, &p, &o), 0);
	assert_string_equal(p.field, "to");
	q.to = q.from + IND_MAX_DAYS;
	assert_int_not_equal(
		indicator_scores(f->t.db, &f->t.app, &who, f->t.app.fake_now, &q, &p, &o), 0);
	assert_int_equal(p.kind, ERR_VALIDATION);
	/* a period not yet over: the open ones are judged now, not at its end —
	 * D05 (due 3 March) is on time on 2 March, D11 received today too */
	q = february(NULL);
	q.to = vn_days_from_civil(2026, 3, 31);
	assert_int_equal(indicator_scores(f->t.db, &f->t.app, &who, f->t.app.fake_now, &q, &p, &o),
			 0);
	/* held: the 11 of February + D11 − nothing else; D09 finished 1 March */
	json_t *x = ind(o, "2.1");
	assert_int_equal((long long)num(x, "denominator"), 12);
	assert_int_equal((long long)num(json_object_get(x, "split"), "late"), 6);
	json_decref(o);
}

/* An apology's new date does not make a late dossier on time (D38, D39): it is
 * judged against the appointment in force before the apology, as the
 * periodic report judges it. November 2025 holds only these two. */
static void t_apology_judged_on_first_date(void **state)
{
	struct fx *f = *state;
	/* due 10 Nov, apologised to 17 Nov, finished 14 Nov: late */
	dossier(f, "DA1", 0, "counter", "returned", at(23, 3, 8, 0), at(23, 10, 17, 0),
		at(23, 14, 10, 0), 1, 0, 0, 0, 0);
	char sql[256];
	snprintf(sql, sizeof sql,
		 "UPDATE dossier SET apology_prev_due = due_at, due_at = %lld, apology_count = 1,"
		 " apology_at = %lld WHERE code = 'DA1'",
		 (long long)at(23, 17, 17, 0), (long long)at(23, 7, 9, 0));
	testdb_exec(&f->t, sql);
	/* no apology, finished the day before its appointment: early */
	dossier(f, "DA2", 0, "counter", "returned", at(23, 4, 8, 0), at(23, 11, 17, 0),
		at(23, 10, 10, 0), 1, 0, 0, 0, 0);
	struct actor who = testdb_actor(&f->t, "truongvp");
	struct problem p = {0};
	json_t *o = NULL;
	struct ind_query q = february(NULL);
	q.from = vn_days_from_civil(2025, 11, 1);
	q.to = vn_days_from_civil(2025, 11, 30);
	assert_int_equal(indicator_scores(f->t.db, &f->t.app, &who, f->t.app.fake_now, &q, &p, &o),
			 0);
	json_t *x = ind(o, "2.1");
	check(x, 1, 2, 20.0 / 2);
	assert_int_equal((long long)num(json_object_get(x, "split"), "late"), 1);
	assert_int_equal((long long)num(json_object_get(x, "split"), "early"), 1);
	json_decref(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(t_scores_by_hand, setup, teardown),
		cmocka_unit_test_setup_teardown(t_drill_down, setup, teardown),
		cmocka_unit_test_setup_teardown(t_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(t_period, setup, teardown),
		cmocka_unit_test_setup_teardown(t_apology_judged_on_first_date, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
