/*
 * test_petition.c — the petition services (petition.h) on a migrated demo
 * database (testdb.h; PostgreSQL when MOTCUA_TEST_PG is set), without a
 * server: every legal deadline of D33 on the legal clock (working days
 * across Tết, calendar days rolled past a holiday, complex and remote
 * complaints, the denunciation's extensions), the tracking code's alphabet,
 * and the audit record that carries no personal data.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "app/petition/petition.h"
#include "testdb.h"

/* Vietnam local instant. */
static int64_t at(int y, int m, int d, int hh, int mi)
{
	return vn_instant(y, m, d, hh, mi, 0);
}

static const char *iso_of(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* Receive a petition of `type` as tiepnhan1 at now (committed); its id. */
static long long receive(struct testdb *t, const char *type, int64_t now, json_t **out)
{
	struct actor who = testdb_actor(t, "tiepnhan1");
	struct petition_in in = {0};
	in.channel = "reception";
	in.type = type;
	in.content = "Nội dung đơn";
	in.name = "Đỗ Văn Đơn";
	in.phone = "0905 333 444";
	struct problem p = {0};
	int mailed = 0;
	assert_int_equal(db_begin(t->db), DB_OK);
	assert_int_equal(petition_create(t->db, &t->app, &who, now, &in, &p, out, &mailed), 0);
	assert_int_equal(db_commit(t->db), DB_OK);
	return json_integer_value(json_object_get(*out, "id"));
}

/* Apply an action as `user` at now (committed); the resolve deadline. */
static char *act(struct testdb *t, const char *user, long long id, int64_t now,
		 struct petition_action a, int expect)
{
	struct actor who = testdb_actor(t, user);
	struct problem p = {0};
	json_t *out = NULL;
	int mailed = 0;
	assert_int_equal(db_begin(t->db), DB_OK);
	int rc = petition_act(t->db, &t->app, &who, now, id, &a, &p, &out, &mailed);
	assert_int_equal(rc, expect);
	if (rc) {
		db_rollback(t->db);
		return NULL;
	}
	assert_int_equal(db_commit(t->db), DB_OK);
	char *due = NULL;
	size_t i;
	json_t *d;
	json_array_foreach (json_object_get(out, "deadlines"), i, d)
		if (strcmp(iso_of(d, "kind"), "resolve") == 0)
			due = strdup(iso_of(d, "due_at"));
	json_decref(out);
	return due;
}

static void test_code(void **state)
{
	(void)state;
	char code[PETITION_CODE_LEN + 1];
	petition_code_from("ABCDEFGHIJKLmnop", code);
	assert_int_equal(strlen(code), PETITION_CODE_LEN);
	assert_memory_equal(code, "PA-", 3);
	assert_int_equal(code[7], '-');
	assert_int_equal(code[12], '-');
	for (const char *c = code + 3; *c; c++)
		if (*c != '-')
			assert_non_null(strchr("23456789ABCDEFGHJKLMNPQRSTUVWXYZ", *c));
	/* different randomness, different code */
	char other[PETITION_CODE_LEN + 1];
	petition_code_from("BCDEFGHIJKLMmnop", other);
	assert_string_not_equal(code, other);
}

/* Working-day limits at receipt, across Tết 2026 (14–22 Feb off). */
static void test_receipt_deadlines_working_days(void **state)
{
	struct testdb *t = *state;
	json_t *o;
	/* Tue 10 Feb 2026 09:00: 11,12,13 Feb, then 23,24,25,26 → 7 working days */
	receive(t, "denunciation", at(2026, 2, 10, 9, 0), &o);
	assert_string_equal(iso_of(o, "ack_due_at"), "2026-02-26T09:00:00+07:00");
	assert_true(json_is_null(json_object_get(o, "due_at")));
	json_decref(o);
	/* complaint: 10 working days → 27 Feb, 2 Mar, 3 Mar */
	receive(t, "complaint", at(2026, 2, 10, 9, 0), &o);
	assert_string_equal(iso_of(o, "ack_due_at"), "2026-03-03T09:00:00+07:00");
	json_decref(o);
	/* recommendation: status in 10, handled in 15 working days → Tue 10 Mar */
	long long id = receive(t, "recommendation", at(2026, 2, 10, 9, 0), &o);
	assert_string_equal(iso_of(o, "ack_due_at"), "2026-03-03T09:00:00+07:00");
	assert_string_equal(iso_of(o, "due_at"), "2026-03-10T09:00:00+07:00");
	json_decref(o);
	/* and the forward deadline: 5 working days → Tue 24 Feb */
	struct actor who = testdb_actor(t, "tiepnhan1");
	struct problem p = {0};
	assert_int_equal(petition_get(t->db, &t->app, &who, at(2026, 2, 11, 9, 0), id, &p, &o), 0);
	json_t *fwd = json_array_get(json_object_get(o, "deadlines"), 1);
	assert_string_equal(iso_of(fwd, "kind"), "forward");
	assert_string_equal(iso_of(fwd, "due_at"), "2026-02-24T09:00:00+07:00");
	json_decref(o);
	/* received on a Saturday: the clock starts Monday morning (07:30) */
	receive(t, "reflection", at(2026, 3, 7, 10, 0), &o);
	assert_string_equal(iso_of(o, "ack_due_at"), "2026-03-20T17:00:00+07:00");
	json_decref(o);
}

/* Calendar-day limits from acceptance; a last day off moves to the next
 * working day (clock unit "days"). */
static void test_complaint_resolution(void **state)
{
	struct testdb *t = *state;
	json_t *o;
	long long id = receive(t, "complaint", at(2026, 3, 30, 9, 0), &o);
	json_decref(o);
	/* Wed 1 Apr + 30 days = Fri 1 May (holiday, 30 Apr–3 May off) → Mon 4 May */
	char *due = act(t, "tiepnhan1", id, at(2026, 4, 1, 9, 0),
			(struct petition_action){.action = "accept"}, 0);
	assert_string_equal(due, "2026-05-04T17:00:00+07:00");
	free(due);
	/* complex: 45 days → Sat 16 May → Mon 18 May */
	id = receive(t, "complaint", at(2026, 3, 30, 9, 0), &o);
	json_decref(o);
	due = act(t, "tiepnhan1", id, at(2026, 4, 1, 9, 0),
		  (struct petition_action){.action = "accept", .complex = 1}, 0);
	assert_string_equal(due, "2026-05-18T17:00:00+07:00");
	free(due);
	/* a remote (island) agency: 45 days, complex 60 */
	testdb_exec(t, "UPDATE agency SET island = 1 WHERE code = 'HOIAN'");
	id = receive(t, "complaint", at(2026, 3, 30, 9, 0), &o);
	json_decref(o);
	due = act(t, "tiepnhan1", id, at(2026, 4, 1, 9, 0),
		  (struct petition_action){.action = "accept"}, 0);
	assert_string_equal(due, "2026-05-18T17:00:00+07:00");
	free(due);
	id = receive(t, "complaint", at(2026, 3, 30, 9, 0), &o);
	json_decref(o);
	due = act(t, "tiepnhan1", id, at(2026, 4, 1, 9, 0),
		  (struct petition_action){.action = "accept", .complex = 1}, 0);
	/* 1 Apr + 60 = Sun 31 May → Mon 1 Jun */
	assert_string_equal(due, "2026-06-01T17:00:00+07:00");
	free(due);
}

static void test_denunciation_extensions(void **state)
{
	struct testdb *t = *state;
	json_t *o;
	long long id = receive(t, "denunciation", at(2026, 3, 2, 9, 0), &o);
	json_decref(o);
	/* Thu 5 Mar + 30 = Sat 4 Apr → Mon 6 Apr */
	char *due = act(t, "truongvp", id, at(2026, 3, 5, 9, 0),
			(struct petition_action){.action = "accept"}, 0);
	assert_string_equal(due, "2026-04-06T17:00:00+07:00");
	free(due);
	/* +30 from 6 Apr = Wed 6 May; +30 = Fri 5 Jun */
	due = act(t, "truongvp", id, at(2026, 3, 20, 9, 0),
		  (struct petition_action){.action = "extend", .reason = "Phức tạp"}, 0);
	assert_string_equal(due, "2026-05-06T17:00:00+07:00");
	free(due);
	due = act(t, "truongvp", id, at(2026, 4, 20, 9, 0),
		  (struct petition_action){.action = "extend", .reason = "Rất phức tạp"}, 0);
	assert_string_equal(due, "2026-06-05T17:00:00+07:00");
	free(due);
	act(t, "truongvp", id, at(2026, 5, 20, 9, 0),
	    (struct petition_action){.action = "extend", .reason = "Lần ba"}, ERR_CONFLICT);
	/* a complaint is never extended this way */
	long long c = receive(t, "complaint", at(2026, 3, 2, 9, 0), &o);
	json_decref(o);
	free(act(t, "truongvp", c, at(2026, 3, 3, 9, 0),
		 (struct petition_action){.action = "accept"}, 0));
	act(t, "truongvp", c, at(2026, 3, 3, 9, 0),
	    (struct petition_action){.action = "extend", .reason = "x"}, ERR_CONFLICT);
}

/* The audit records of a petition carry no personal data. */
static void test_audit_has_no_personal_data(void **state)
{
	struct testdb *t = *state;
	json_t *o;
	long long id = receive(t, "reflection", at(2026, 3, 2, 9, 0), &o);
	json_decref(o);
	free(act(t, "tiepnhan1", id, at(2026, 3, 3, 9, 0),
		 (struct petition_action){.action = "answer", .text = "Trả lời ông Đỗ Văn Đơn"},
		 0));
	struct db_stmt *st = db_prep(t->db, "SELECT coalesce(after, '') FROM audit"
					    " WHERE entity = 'petition'");
	int n = 0;
	while (db_step(st) == DB_ROW) {
		n++;
		assert_null(strstr(db_col_text(st, 0), "Đơn"));
		assert_null(strstr(db_col_text(st, 0), "0905"));
	}
	db_done(st);
	assert_int_equal(n, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_code),
		cmocka_unit_test_setup_teardown(test_receipt_deadlines_working_days, testdb_setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(test_complaint_resolution, testdb_setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(test_denunciation_extensions, testdb_setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(test_audit_has_no_personal_data, testdb_setup,
						testdb_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
