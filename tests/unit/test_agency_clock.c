/* test_agency_clock.c — each agency's clock and book (DECISIONS D30) on a
 * real demo store (testdb.h): an administrator sets phường Hội An Tây's
 * hours (07:00–11:00, 13:30–16:30, cut-off 16:00; audited; who may; bad
 * input named); the clock then counts Hội An Tây's dossiers in its hours and
 * Hội An's in Hội An's (different due instants for the same limit); a
 * dossier handed in at Hội An Tây at 15:30 for a Hội An procedure starts its
 * clock at once (Hội An Tây's cut-off), one handed in at Hội An at 15:30 the
 * next morning (Hội An's 15:00); each centre enters what it received in its
 * own book, numbered from 1, and reads only its own book; migration 0013
 * keeps the entries numbered the old way and continues each book after its
 * highest. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "app/calendar/calendar.h"
#include "app/dossier/dossier.h"
#include "app/papers/papers.h"
#include "testdb.h"

#define MARRIAGE "1.004873" /* phường Hội An's: TNTKQ → VP → LD → TNTKQ */

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static long long agency_id(struct testdb *t, const char *code)
{
	struct db_stmt *st = db_prep(t->db, "SELECT id FROM agency WHERE code = $1");
	db_bind_text(st, 1, code);
	assert_int_equal(db_step(st), DB_ROW);
	long long id = db_col_int(st, 0);
	db_done(st);
	return id;
}

/* Set an agency's hours as the handler does: the service in a transaction,
 * then the hours read back published. Returns the service's result. */
static int set_hours(struct testdb *t, const struct actor *who, const char *code, const char *wp,
		     const char *cutoff, struct problem *p)
{
	struct calendar_hours_change ch;
	assert_int_equal(db_begin(t->db), DB_OK);
	int rc = calendar_hours_set(t->db, who, vn_instant(2026, 3, 1, 8, 0, 0), code, wp, cutoff,
				    &ch, p);
	if (rc) {
		db_rollback(t->db);
		calendar_hours_change_free(&ch);
		return rc;
	}
	assert_int_equal(db_commit(t->db), DB_OK);
	app_clock_set_hours(&t->app, ch.next, ch.n);
	ch.next = NULL;
	calendar_hours_change_free(&ch);
	return 0;
}

static void hoiantay_hours(struct testdb *t)
{
	struct actor admin = testdb_actor(t, "admin");
	struct problem p = {0};
	assert_int_equal(set_hours(t, &admin, "HOIANTAY", "07:00-11:00, 13:30-16:30", "16:00", &p),
			 0);
}

static void mandatory_docs(struct db *db, struct intake *in)
{
	static const char sql[] = "SELECT d.id FROM procedure_document d JOIN procedure p"
				  " ON p.id = d.procedure_id WHERE p.code = $1"
				  " AND d.mandatory = 1 AND d.active = 1 ORDER BY d.position";
	struct db_stmt *st = db_prep(db, sql);
	db_bind_text(st, 1, in->procedure);
	while (db_step(st) == DB_ROW) {
		in->docs[in->ndocs].id = db_col_int(st, 0);
		in->docs[in->ndocs].count = 1;
		in->ndocs++;
	}
	db_done(st);
}

/* A counter intake by `user` at `now` (its own agency receives); the staff
 * view of the dossier (a new reference). */
static json_t *intake_at(struct testdb *t, const char *user, int64_t now)
{
	struct actor who = testdb_actor(t, user);
	struct intake in;
	memset(&in, 0, sizeof in);
	in.ap = (struct applicant){.kind = "person",
				   .name = "Trần Thị Lan",
				   .fold = "tran thi lan",
				   .id_number = "048185001234",
				   .phone = "0905123457",
				   .address = "5 Trần Phú, phường Hội An"};
	in.procedure = MARRIAGE;
	in.agency = "HOIAN"; /* every commune implements it (D29): Hội An decides here */
	in.channel = "counter";
	in.return_method = "counter";
	in.officer_unit = who.unit_id;
	struct arena ar = ARENA_INIT;
	struct problem p = {0};
	assert_int_equal(dossier_intake_procedure(t->db, &in, &ar, &p), 0);
	mandatory_docs(t->db, &in);
	assert_int_equal(dossier_intake_documents(t->db, &in, &ar, &p), 0);
	assert_int_equal(dossier_intake_plan(&t->app, now, &in, &p), 0);
	json_t *out = NULL, *view = NULL;
	int mailed = 0;
	assert_int_equal(db_begin(t->db), DB_OK);
	assert_int_equal(dossier_intake(t->db, &t->app, &who, in.now, &in, &p, &out, &mailed), 0);
	assert_int_equal(db_commit(t->db), DB_OK);
	assert_int_equal(dossier_view(t->db, &t->app, &who, now, str(out, "code"), &p, &view), 0);
	json_decref(out);
	intake_free(&in);
	arena_release(&ar);
	return view;
}

static void test_hours_set(void **state)
{
	struct testdb *t = *state;
	struct actor admin = testdb_actor(t, "admin");
	struct problem p = {0};
	hoiantay_hours(t);
	/* stored as normalised, audited, listed */
	assert_int_equal(testdb_audits(t, "agency.hours_set", "HOIANTAY", "admin",
				       vn_instant(2026, 3, 1, 8, 0, 0)),
			 1);
	json_t *list = NULL, *it, *tay = NULL, *hoian = NULL;
	size_t i;
	assert_int_equal(calendar_hours_json(t->db, &list, &p), 0);
	json_array_foreach (json_object_get(list, "items"), i, it) {
		const char *c = str(json_object_get(it, "agency"), "code");
		if (!strcmp(c, "HOIANTAY"))
			tay = it;
		if (!strcmp(c, "HOIAN"))
			hoian = it;
	}
	assert_non_null(tay);
	assert_non_null(hoian);
	assert_string_equal(str(tay, "work_periods"), "07:00-11:00,13:30-16:30");
	assert_string_equal(str(tay, "cutoff"), "16:00");
	assert_int_equal(json_integer_value(json_object_get(tay, "day_working_seconds")), 7 * 3600);
	assert_string_equal(str(hoian, "work_periods"), "07:30-11:30,13:00-17:00");
	json_decref(list);

	/* bad input names its field; nothing changes */
	assert_int_equal(set_hours(t, &admin, "HOIANTAY", "13:00-17:00,07:30-11:30", "15:00", &p),
			 ERR_VALIDATION);
	assert_string_equal(p.field, "work_periods");
	p = (struct problem){0};
	assert_int_equal(set_hours(t, &admin, "HOIANTAY", "07:30-11:30", "18:00", &p),
			 ERR_VALIDATION);
	assert_string_equal(p.field, "cutoff");
	p = (struct problem){0};
	assert_int_equal(set_hours(t, &admin, "NOWHERE", "07:30-11:30", NULL, &p), ERR_NOT_FOUND);
	/* an administrator of Hội An Tây sets his own agency's, not Hội An's */
	struct actor tay_admin = testdb_actor(t, "hoiantay.tiepnhan");
	tay_admin.roles = ROLE_ADMIN;
	p = (struct problem){0};
	assert_int_equal(set_hours(t, &tay_admin, "HOIAN", "07:00-11:00", NULL, &p), ERR_FORBIDDEN);
	assert_string_equal(p.code, "not_your_agency");
	p = (struct problem){0};
	assert_int_equal(set_hours(t, &tay_admin, "HOIANTAY", "07:00-11:00,13:30-17:00", NULL, &p),
			 0);
	struct wc_hours h;
	clock_hours_of(&t->app, agency_id(t, "HOIANTAY"), &h);
	assert_int_equal(h.cutoff, WC_NO_CUTOFF);
	assert_int_equal(h.end[1], 17 * 60);
	/* the home agency's hours did not move */
	clock_hours_of(&t->app, agency_id(t, "HOIAN"), &h);
	assert_int_equal(h.start[0], 7 * 60 + 30);
	assert_int_equal(h.cutoff, 15 * 60);
}

static void test_hours_differ(void **state)
{
	struct testdb *t = *state;
	hoiantay_hours(t);
	long long hoian = agency_id(t, "HOIAN"), tay = agency_id(t, "HOIANTAY");
	int64_t mon9 = vn_instant(2026, 3, 2, 9, 0, 0);
	double share = 10;
	struct clock_plan a, b, home;
	/* 10 working hours from Monday 09:00 */
	assert_int_equal(
		clock_plan_of(&t->app, hoian, 0, mon9, 10, "working_hours", 1, &share, 1, &a), 0);
	assert_int_equal(
		clock_plan_of(&t->app, tay, 0, mon9, 10, "working_hours", 1, &share, 1, &b), 0);
	assert_int_equal(clock_plan(&t->app, mon9, 10, "working_hours", 1, &share, 1, &home), 0);
	/* Hội An: 2.5 h + 4 h on Monday, 3.5 h on Tuesday from 07:30 */
	assert_int_equal(a.due, vn_instant(2026, 3, 3, 11, 0, 0));
	/* Hội An Tây: 2 h + 3 h on Monday, 4 h + 1 h on Tuesday from 07:00 */
	assert_int_equal(b.due, vn_instant(2026, 3, 3, 14, 30, 0));
	/* no agency: the home agency's, as before */
	assert_int_equal(home.due, a.due);
	/* working time and a working day in each agency's hours */
	assert_int_equal(clock_day_seconds_of(&t->app, tay), 7 * 3600);
	assert_int_equal(clock_day_seconds_of(&t->app, hoian), 8 * 3600);
	int64_t tue13 = vn_instant(2026, 3, 3, 13, 0, 0);
	assert_int_equal(clock_elapsed_of(&t->app, hoian, mon9, tue13),
			 (6 * 60 + 30 + 4 * 60) * 60);
	assert_int_equal(clock_elapsed_of(&t->app, tay, mon9, tue13), 9 * 3600);
	assert_int_equal(clock_add_of(&t->app, tay, mon9, 5 * 3600),
			 vn_instant(2026, 3, 2, 16, 30, 0));
}

static void test_cutoff_receiving(void **state)
{
	struct testdb *t = *state;
	hoiantay_hours(t);
	int64_t mon1530 = vn_instant(2026, 3, 2, 15, 30, 0);
	/* at Hội An Tây (cut-off 16:00): the clock starts at once */
	json_t *tay = intake_at(t, "hoiantay.tiepnhan", mon1530);
	/* at Hội An (cut-off 15:00): the next morning */
	json_t *hoian = intake_at(t, "tiepnhan1", mon1530);
	assert_string_equal(str(json_object_get(tay, "received_at_agency"), "code"), "HOIANTAY");
	assert_string_equal(str(json_object_get(tay, "agency"), "code"), "HOIAN");
	assert_string_equal(str(tay, "clock_start"), "2026-03-02T15:30:00+07:00");
	assert_string_equal(str(hoian, "clock_start"), "2026-03-03T07:30:00+07:00");
	/* the limit runs in Hội An's hours from there: different appointments */
	assert_string_not_equal(str(tay, "due_at"), str(hoian, "due_at"));
	/* remaining working time in the competent agency's (Hội An's) day */
	assert_int_equal(json_integer_value(json_object_get(tay, "day_working_seconds")), 8 * 3600);
	json_decref(tay);
	json_decref(hoian);

	/* with the procedure's cut-off off, Hội An too starts at once */
	testdb_exec(t, "UPDATE procedure SET cutoff = 0 WHERE code = '" MARRIAGE "'");
	json_t *late = intake_at(t, "tiepnhan1", mon1530);
	assert_string_equal(str(late, "clock_start"), "2026-03-02T15:30:00+07:00");
	json_decref(late);
}

static json_t *book_as(struct testdb *t, const char *user, const char *agency, int expect,
		       const char **field)
{
	struct actor who = testdb_actor(t, user);
	struct book_q q = {0};
	struct arena ar = ARENA_INIT;
	struct problem p = {0};
	q.from = q.to = vn_day_of(vn_instant(2026, 3, 2, 9, 0, 0));
	json_t *rows = NULL;
	long long total = 0;
	int rc = papers_book_scope(t->db, &who, agency, &q, &ar, &p);
	if (!rc)
		rc = papers_book(t->db, &q, &ar, &p, &rows, &total);
	assert_int_equal(rc, expect);
	if (field)
		*field = p.field;
	if (!rc)
		assert_int_equal(total, (long long)json_array_size(rows));
	arena_release(&ar);
	return rows;
}

static void test_book_per_agency(void **state)
{
	struct testdb *t = *state;
	int64_t mon = vn_instant(2026, 3, 2, 9, 0, 0);
	json_t *a1 = intake_at(t, "tiepnhan1", mon);
	json_t *t1 = intake_at(t, "hoiantay.tiepnhan", mon + 60);
	json_t *a2 = intake_at(t, "tiepnhan1", mon + 120);
	json_t *t2 = intake_at(t, "hoiantay.tiepnhan", mon + 180);
	/* each centre's book numbers its own entries from 1 in volume HT-2026 */
	json_t *v[] = {a1, t1, a2, t2};
	int entry[] = {1, 1, 2, 2};
	for (int k = 0; k < 4; k++) {
		json_t *b = json_object_get(v[k], "book");
		assert_string_equal(str(b, "volume"), "HT-2026");
		assert_int_equal(json_integer_value(json_object_get(b, "entry")), entry[k]);
	}
	/* Hội An Tây's officer reads Hội An Tây's book: the two it received
	 * (Hội An handles them, but they are not in Hội An's book) */
	json_t *rows = book_as(t, "hoiantay.tiepnhan", NULL, 0, NULL);
	assert_int_equal(json_array_size(rows), 2);
	assert_string_equal(str(json_array_get(rows, 0), "code"), str(t1, "code"));
	assert_string_equal(str(json_object_get(json_array_get(rows, 1), "book"), "agency"),
			    "HOIANTAY");
	json_decref(rows);
	rows = book_as(t, "tiepnhan1", NULL, 0, NULL);
	assert_int_equal(json_array_size(rows), 2);
	assert_string_equal(str(json_array_get(rows, 0), "code"), str(a1, "code"));
	json_decref(rows);
	/* naming another agency's book: 403; the province role chooses */
	const char *field = NULL;
	assert_null(book_as(t, "hoiantay.tiepnhan", "HOIAN", ERR_FORBIDDEN, &field));
	assert_string_equal(field, "agency");
	rows = book_as(t, "tinh", "HOIANTAY", 0, NULL);
	assert_int_equal(json_array_size(rows), 2);
	json_decref(rows);
	rows = book_as(t, "tinh", NULL, 0, NULL);
	assert_int_equal(json_array_size(rows), 4);
	json_decref(rows);
	assert_null(book_as(t, "tinh", "NOWHERE", ERR_VALIDATION, &field));
	assert_string_equal(field, "agency");
	/* the heading names the book's centre */
	struct book_q q = {.agency = agency_id(t, "HOIANTAY")};
	json_t *issuer = papers_book_issuer(t->db, &q);
	assert_non_null(strstr(str(issuer, "centre"), "Hội An Tây"));
	json_decref(issuer);
	for (int k = 0; k < 4; k++)
		json_decref(v[k]);
}

static long long book_entry(struct testdb *t, const char *code)
{
	struct db_stmt *st = db_prep(t->db, "SELECT book_entry FROM dossier WHERE code = $1");
	db_bind_text(st, 1, code);
	assert_int_equal(db_step(st), DB_ROW);
	long long e = db_col_int(st, 0);
	db_done(st);
	return e;
}

/* Migration 0013 on a store numbered the old way (one counter per volume
 * for the whole database): entries keep their numbers, each agency's
 * counter continues after its book's highest entry. 0013's record is
 * removed while the later ones stay: the migrator applies exactly the one
 * not recorded (migrate.c), not only those above the highest. */
static void test_migration_keeps_entries(void **state)
{
	struct testdb *t = *state;
	int64_t mon = vn_instant(2026, 3, 2, 9, 0, 0);
	json_t *a1 = intake_at(t, "tiepnhan1", mon);
	json_t *t1 = intake_at(t, "hoiantay.tiepnhan", mon + 60);
	json_t *a2 = intake_at(t, "tiepnhan1", mon + 120);
	char sql[512];
	/* as 0009 numbered them: 1, 2, 3 in one volume */
	json_t *v[] = {a1, t1, a2};
	for (int k = 0; k < 3; k++) {
		snprintf(sql, sizeof sql, "UPDATE dossier SET book_entry = %d WHERE code = '%s'",
			 k + 1, str(v[k], "code"));
		testdb_exec(t, sql);
	}
	testdb_exec(t, "DROP TABLE book_seq");
	testdb_exec(t, "CREATE TABLE book_seq (volume TEXT PRIMARY KEY, last BIGINT NOT NULL)");
	testdb_exec(t, "INSERT INTO book_seq (volume, last) VALUES ('HT-2026', 3)");
	testdb_exec(t, "DELETE FROM schema_migrations WHERE version = 13");
	char err[256];
	assert_int_equal(db_migrate(t->db, err, sizeof err), 1);
	/* printed numbers do not move */
	assert_int_equal(book_entry(t, str(a1, "code")), 1);
	assert_int_equal(book_entry(t, str(t1, "code")), 2);
	assert_int_equal(book_entry(t, str(a2, "code")), 3);
	/* each book goes on after its own highest entry */
	json_t *t2 = intake_at(t, "hoiantay.tiepnhan", mon + 180);
	json_t *a3 = intake_at(t, "tiepnhan1", mon + 240);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(t2, "book"), "entry")),
			 3);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(a3, "book"), "entry")),
			 4);
	json_t *w[] = {a1, t1, a2, t2, a3};
	for (int k = 0; k < 5; k++)
		json_decref(w[k]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_hours_set, testdb_setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_hours_differ, testdb_setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_cutoff_receiving, testdb_setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(test_book_per_agency, testdb_setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(test_migration_keeps_entries, testdb_setup,
						testdb_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
