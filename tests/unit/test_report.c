/* test_report.c — the periodic report's edges (report.h, DECISIONS D38) on a
 * real demo store (testdb.h; on PostgreSQL with MOTCUA_TEST_PG). Dossiers
 * are taken in through the intake service; their instants are then set to
 * the second (the API's clock cannot place a result at 23:59:59) to check
 * each boundary: a period's first and last instant in Vietnam time, a
 * result at exactly the appointment (on time) and one second after (late),
 * the appointment's day (on time) against the day before (early), more
 * than one supplement (late, overdue), a supplement asked after the
 * appointment and still awaited (overdue), a withdrawal. Then the scope
 * (another agency: 403; the province: all), the CSV (BOM, a formula in a
 * field name defused) and the XLSX (a zip). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/dossier/dossier.h"
#include "app/report/report.h"
#include "testdb.h"

#define PROC "HOIAN.01" /* phường Hội An's, field KNTC */

static char *intake_one(struct testdb *t)
{
	struct actor who = testdb_actor(t, "tiepnhan1");
	struct intake in;
	memset(&in, 0, sizeof in);
	in.ap = (struct applicant){.kind = "person",
				   .name = "Nguyễn Văn Báo",
				   .fold = "nguyen van bao",
				   .id_number = "048085009999",
				   .phone = "0905999888",
				   .address = "1 Lê Lợi, phường Hội An"};
	in.procedure = PROC;
	in.channel = "counter";
	in.return_method = "counter";
	in.officer_unit = who.unit_id;
	struct arena ar = ARENA_INIT;
	struct problem p = {0};
	assert_int_equal(dossier_intake_procedure(t->db, &in, &ar, &p), 0);
	static const char sql[] = "SELECT d.id FROM procedure_document d JOIN procedure p"
				  " ON p.id = d.procedure_id WHERE p.code = $1"
				  " AND d.mandatory = 1 AND d.active = 1 ORDER BY d.position";
	struct db_stmt *st = db_prep(t->db, sql);
	db_bind_text(st, 1, in.procedure);
	while (db_step(st) == DB_ROW) {
		in.docs[in.ndocs].id = db_col_int(st, 0);
		in.docs[in.ndocs].count = 1;
		in.ndocs++;
	}
	db_done(st);
	assert_int_equal(dossier_intake_documents(t->db, &in, &ar, &p), 0);
	assert_int_equal(dossier_intake_plan(&t->app, vn_instant(2026, 3, 2, 9, 0, 0), &in, &p), 0);
	json_t *out = NULL;
	int mailed = 0;
	assert_int_equal(db_begin(t->db), DB_OK);
	assert_int_equal(dossier_intake(t->db, &t->app, &who, in.now, &in, &p, &out, &mailed), 0);
	assert_int_equal(db_commit(t->db), DB_OK);
	char *code = xstrdup(json_string_value(json_object_get(out, "code")));
	json_decref(out);
	intake_free(&in);
	arena_release(&ar);
	return code;
}

/* Arrange one dossier: received, due and finished instants (0: NULL), its
 * status, supplements asked, the supplement's request and delivery. */
struct shape {
	int64_t received, due, finished;
	const char *status;
	int supplements;
	int64_t supplement_at, supplemented_at;
};

static void shape(struct testdb *t, const struct shape *s)
{
	char *code = intake_one(t);
	static const char sql[] =
		"UPDATE dossier SET received_at = $2, due_at = $3, finished_at = $4, status = $5,"
		" supplement_count = $6, supplement_at = $7, supplemented_at = $8 WHERE code = $1";
	assert_int_equal(
		db_exec_vals(t->db, sql,
			     DB_ARGS(db_text(code), db_int(s->received), db_int(s->due),
				     s->finished ? db_int(s->finished) : db_null(),
				     db_text(s->status), db_int(s->supplements),
				     s->supplement_at ? db_int(s->supplement_at) : db_null(),
				     s->supplemented_at ? db_int(s->supplemented_at) : db_null())),
		DB_OK);
	free(code);
}

#define AT(m, d, h, mi, s) vn_instant(2026, m, d, h, mi, s)

static const struct report_row *row_of(const struct report *r, const char *field)
{
	for (int i = 0; i < r->nrows; i++)
		if (!strcmp(r->rows[i].field_code, field))
			return &r->rows[i];
	return NULL;
}

static void arrange(struct testdb *t)
{
	int64_t r = AT(3, 2, 9, 0, 0), due = AT(3, 10, 17, 0, 0);
	const struct shape s[] = {
		/* on time: finished exactly at the appointment */
		{r, due, due, "result_ready", 0, 0, 0},
		/* late: one second after */
		{r, due, due + 1, "result_ready", 0, 0, 0},
		/* early: the last second of the day before */
		{r, due, AT(3, 9, 23, 59, 59), "returned", 0, 0, 0},
		/* on time: the first second of the appointment's day (due 09:00) */
		{r, AT(3, 10, 9, 0, 0), AT(3, 10, 0, 0, 0), "returned", 0, 0, 0},
		/* late: two supplements, however early */
		{r, AT(3, 20, 9, 0, 0), AT(3, 5, 9, 0, 0), "returned", 2, AT(3, 3, 9, 0, 0),
		 AT(3, 4, 9, 0, 0)},
		/* received at the period's first instant; open, within time */
		{AT(3, 1, 0, 0, 0), AT(4, 30, 9, 0, 0), 0, "processing", 0, 0, 0},
		/* received at the first instant after the period: not March's */
		{AT(4, 1, 0, 0, 0), AT(4, 30, 9, 0, 0), 0, "processing", 0, 0, 0},
		/* received before, finished at the period's first instant: carried, late */
		{AT(2, 27, 9, 0, 0), AT(2, 28, 9, 0, 0), AT(3, 1, 0, 0, 0), "returned", 0, 0, 0},
		/* received before, finished the last second before: not March's */
		{AT(2, 27, 9, 0, 0), AT(2, 28, 9, 0, 0), AT(2, 28, 23, 59, 59), "returned", 0, 0,
		 0},
		/* open, two supplements: overdue although its date is ahead */
		{r, AT(4, 30, 9, 0, 0), 0, "processing", 2, AT(3, 3, 9, 0, 0), AT(3, 4, 9, 0, 0)},
		/* awaiting at the end a supplement asked after its appointment: overdue */
		{r, AT(3, 25, 9, 0, 0), AT(4, 5, 9, 0, 0), "returned", 1, AT(3, 30, 9, 0, 0),
		 AT(4, 2, 9, 0, 0)},
		/* awaiting at the end a supplement asked in time: within */
		{r, AT(3, 25, 9, 0, 0), 0, "supplement_requested", 1, AT(3, 20, 9, 0, 0), 0},
		/* withdrawn in March */
		{r, due, AT(3, 15, 9, 0, 0), "withdrawn", 0, 0, 0},
		/* refused in April: open at the end of March, overdue (due 10/3) */
		{r, due, AT(4, 3, 9, 0, 0), "refused", 0, 0, 0},
	};
	for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
		shape(t, &s[i]);
}

static void test_edges(void **state)
{
	struct testdb *t = *state;
	arrange(t);
	struct actor head = testdb_actor(t, "truongvp");
	struct report_query q = {.from = vn_days_from_civil(2026, 3, 1),
				 .to = vn_days_from_civil(2026, 3, 31)};
	struct report r;
	struct problem p = {0};
	assert_int_equal(report_handling(t->db, &head, AT(4, 10, 9, 0, 0), &q, &r, &p), 0);
	assert_int_equal(r.judged_at, AT(4, 1, 0, 0, 0));
	assert_string_equal(r.agency_code, "HOIAN");
	assert_int_equal(r.nrows, 1);
	const struct report_row *k = row_of(&r, "KNTC");
	assert_non_null(k);
	/* received: 1–6 and 10–14 (12 rows less the April one and the two of
	 * February); carried: the one finished at 00:00 on 1/3 */
	long long want[RC_NCOLS] = {
		[RC_RECEIVED] = 11, [RC_ONLINE] = 0, [RC_DIRECT] = 11, [RC_CARRIED] = 1,
		[RC_RESOLVED] = 6,  [RC_EARLY] = 1,  [RC_ON_TIME] = 2, [RC_LATE] = 3,
		[RC_OPEN] = 5,      [RC_WITHIN] = 2, [RC_OVERDUE] = 3, [RC_WITHDRAWN] = 1,
		[RC_REFUSED] = 0,
	};
	for (int c = 0; c < RC_NCOLS; c++) {
		if (k->v[c] != want[c])
			fail_msg("column %s.%s: %lld, expected %lld",
				 report_columns[c].group ? report_columns[c].group : "",
				 report_columns[c].key, k->v[c], want[c]);
		assert_int_equal(r.total.v[c], want[c]);
	}
	report_free(&r);

	/* April: the refusal shows; March's open ones are carried */
	q.from = vn_days_from_civil(2026, 4, 1);
	q.to = vn_days_from_civil(2026, 4, 30);
	assert_int_equal(report_handling(t->db, &head, AT(5, 10, 9, 0, 0), &q, &r, &p), 0);
	assert_int_equal(r.total.v[RC_CARRIED], 5);
	assert_int_equal(r.total.v[RC_RECEIVED], 1);
	assert_int_equal(r.total.v[RC_REFUSED], 1);
	assert_int_equal(r.total.v[RC_RECEIVED] + r.total.v[RC_CARRIED],
			 r.total.v[RC_RESOLVED] + r.total.v[RC_OPEN] + r.total.v[RC_WITHDRAWN] +
				 r.total.v[RC_REFUSED]);
	report_free(&r);
}

/* The rollup gives what the dossiers give: every cell of every period,
 * whether the rollup holds all its days, some, or none. */
static void same_report(struct testdb *t, const struct actor *who, int64_t now, int64_t from,
			int64_t to, const struct report *before)
{
	struct report_query q = {.from = from, .to = to};
	struct report r;
	struct problem p = {0};
	assert_int_equal(report_handling(t->db, who, now, &q, &r, &p), 0);
	assert_int_equal(r.nrows, before->nrows);
	for (int c = 0; c < RC_NCOLS; c++)
		if (r.total.v[c] != before->total.v[c])
			fail_msg("%lld..%lld column %s.%s: %lld with the rollup, %lld without",
				 (long long)from, (long long)to,
				 report_columns[c].group ? report_columns[c].group : "",
				 report_columns[c].key, r.total.v[c], before->total.v[c]);
	report_free(&r);
}

static void test_rollup(void **state)
{
	struct testdb *t = *state;
	arrange(t);
	struct actor head = testdb_actor(t, "truongvp");
	int64_t now = AT(4, 10, 9, 0, 0);
	/* periods: before the data, February, March, April so far, a window
	 * across the rollup's end, one day, the whole span */
	const int64_t periods[][2] = {
		{vn_days_from_civil(2026, 1, 1), vn_days_from_civil(2026, 1, 31)},
		{vn_days_from_civil(2026, 2, 1), vn_days_from_civil(2026, 2, 28)},
		{vn_days_from_civil(2026, 3, 1), vn_days_from_civil(2026, 3, 31)},
		{vn_days_from_civil(2026, 4, 1), vn_days_from_civil(2026, 4, 30)},
		{vn_days_from_civil(2026, 3, 15), vn_days_from_civil(2026, 4, 5)},
		{vn_days_from_civil(2026, 3, 10), vn_days_from_civil(2026, 3, 10)},
		{vn_days_from_civil(2026, 4, 9), vn_days_from_civil(2026, 4, 10)},
		{vn_days_from_civil(2026, 2, 1), vn_days_from_civil(2026, 4, 30)},
	};
	const size_t n = sizeof periods / sizeof periods[0];
	struct report before[8];
	struct problem p = {0};
	for (size_t i = 0; i < n; i++) {
		struct report_query q = {.from = periods[i][0], .to = periods[i][1]};
		assert_int_equal(report_handling(t->db, &head, now, &q, &before[i], &p), 0);
	}
	struct actor cli = {.name = "cli"};
	struct report_rollup_out out;
	assert_int_equal(db_begin(t->db), DB_OK);
	assert_int_equal(report_rollup(t->db, &cli, now, 0, &out, &p), 0);
	assert_int_equal(db_commit(t->db), DB_OK);
	/* from the first dossier (27/2) to today, 10/4, not included */
	assert_int_equal(out.from_day, vn_days_from_civil(2026, 2, 27));
	assert_int_equal(out.through_day, vn_days_from_civil(2026, 4, 10));
	assert_true(out.rows > 0);
	assert_int_equal(testdb_audits(t, "report.rollup", "2026-04-10", "cli", now), 1);
	for (size_t i = 0; i < n; i++)
		same_report(t, &head, now, periods[i][0], periods[i][1], &before[i]);
	/* a second run the same day adds nothing; a rebuild the same rows */
	assert_int_equal(db_begin(t->db), DB_OK);
	assert_int_equal(report_rollup(t->db, &cli, now, 0, &out, &p), 0);
	assert_int_equal(out.rows, 0);
	long long rows = 0;
	assert_int_equal(report_rollup(t->db, &cli, now, 1, &out, &p), 0);
	rows = out.rows;
	assert_int_equal(db_commit(t->db), DB_OK);
	assert_true(rows > 0);
	for (size_t i = 0; i < n; i++) {
		same_report(t, &head, now, periods[i][0], periods[i][1], &before[i]);
		report_free(&before[i]);
	}
}

static void test_scope(void **state)
{
	struct testdb *t = *state;
	arrange(t);
	struct report_query q = {.from = vn_days_from_civil(2026, 3, 1),
				 .to = vn_days_from_civil(2026, 3, 31),
				 .agency = "HOIANDONG"};
	struct report r;
	struct problem p = {0};
	struct actor head = testdb_actor(t, "truongvp");
	assert_int_equal(report_handling(t->db, &head, AT(4, 10, 9, 0, 0), &q, &r, &p),
			 ERR_FORBIDDEN);
	assert_string_equal(p.code, "not_your_agency");
	struct actor prov = testdb_actor(t, "tinh");
	memset(&p, 0, sizeof p);
	assert_int_equal(report_handling(t->db, &prov, AT(4, 10, 9, 0, 0), &q, &r, &p), 0);
	assert_int_equal(r.nrows, 0);
	assert_int_equal(r.total.v[RC_RECEIVED], 0);
	report_free(&r);
	q.agency = NULL;
	assert_int_equal(report_handling(t->db, &prov, AT(4, 10, 9, 0, 0), &q, &r, &p), 0);
	assert_int_equal(r.agency, 0);
	assert_int_equal(r.total.v[RC_RECEIVED], 11);
	report_free(&r);
	q.agency = "KHONGCO";
	assert_int_equal(report_handling(t->db, &prov, AT(4, 10, 9, 0, 0), &q, &r, &p),
			 ERR_VALIDATION);
	assert_string_equal(p.field, "agency");
	q.agency = NULL;
	q.to = q.from - 1;
	assert_int_equal(report_handling(t->db, &prov, AT(4, 10, 9, 0, 0), &q, &r, &p),
			 ERR_VALIDATION);
	assert_string_equal(p.field, "to");
}

static void test_csv_xlsx(void **state)
{
	struct testdb *t = *state;
	arrange(t);
	/* a field name a spreadsheet would run as a formula */
	testdb_exec(t, "UPDATE field SET name = '=HYPERLINK(\"x\")' WHERE code = 'KNTC'");
	struct actor head = testdb_actor(t, "truongvp");
	struct report_query q = {.from = vn_days_from_civil(2026, 3, 1),
				 .to = vn_days_from_civil(2026, 3, 31)};
	struct report r;
	struct problem p = {0};
	assert_int_equal(report_handling(t->db, &head, AT(4, 10, 9, 0, 0), &q, &r, &p), 0);
	struct buf b;
	buf_init(&b, 1 << 20);
	assert_int_equal(report_csv(&r, &b), 0);
	assert_memory_equal(b.p, "\xEF\xBB\xBF", 3);
	assert_non_null(
		strstr(b.p, "\"1\",\"'=HYPERLINK(\"\"x\"\")\",11,0,11,1,6,1,2,3,5,2,3,1,0\r\n"));
	assert_non_null(strstr(b.p, "\"\",\"Tổng cộng\",11,0,11,1,6,1,2,3,5,2,3,1,0\r\n"));
	buf_free(&b);
	char *x;
	size_t n;
	assert_int_equal(report_xlsx(&r, &x, &n), 0);
	assert_true(n > 1000);
	assert_memory_equal(x, "PK\x03\x04", 4);
	free(x);
	char name[128];
	report_filename(&r, name, sizeof name);
	assert_string_equal(name, "bao-cao-II06a_HOIAN_2026-03-01_2026-03-31");
	report_free(&r);
}

static int setup(void **state)
{
	struct testdb *t = malloc(sizeof *t);
	testdb_open(t);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	testdb_close(*state);
	free(*state);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_edges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rollup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_xlsx, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
