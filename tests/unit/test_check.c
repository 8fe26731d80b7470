/* test_check.c — `motcua check` (src/app/cli/cli_check.c) on a real demo
 * store: consistent dossiers pass, and each invariant, broken on purpose
 * with plain SQL, is reported under its own check with the dossier's code. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "app/cli/cli_check.h"
#include "core/dossier.h"
#include "testdb.h"

#define DAY 260302

static struct testdb t;
static long long agency, procedure, unit;

static long long one_int(const char *sql)
{
	struct db_stmt *st = db_prep_try(t.db, sql);
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	long long v = db_col_int(st, 0);
	db_done(st);
	return v;
}

static void exec(const char *fmt, ...)
{
	char sql[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	if (db_exec(t.db, sql) != DB_OK)
		fail_msg("%s: %s", sql, db_errmsg(t.db));
}

/* A dossier received at the counter, whole: 2 steps, its intake event and
 * audit record, its number of the day counted in dossier_seq. id 0: the
 * id its code gives. */
static void add_dossier(int seq, long long id)
{
	char code[64];
	snprintf(code, sizeof code, "000.01.40.H15-%06d-%04d", DAY, seq);
	if (!id)
		id = ds_row_id(agency, DAY, seq);
	exec("INSERT INTO dossier (id, code, procedure_id, agency_id, status, channel, "
	     "return_method,"
	     " applicant_kind, applicant_name, applicant_fold, limit_value, limit_unit, "
	     "received_at,"
	     " created_at, updated_at) VALUES (%lld, '%s', %lld, %lld, 'received', 'counter',"
	     " 'counter', 'person', 'Nguyễn Văn An', 'nguyen van an', 3, 'working_days', 1, 1, 1)",
	     id, code, procedure, agency);
	for (int k = 1; k <= 2; k++)
		exec("INSERT INTO dossier_step (dossier_id, position, name, unit_id, due_at)"
		     " VALUES (%lld, %d, 'Bước', %lld, 2)",
		     id, k, unit);
	exec("INSERT INTO dossier_event (dossier_id, at, action, to_status)"
	     " VALUES (%lld, 1, 'receive', 'received')",
	     id);
	exec("INSERT INTO audit (at, actor, action, entity, entity_id)"
	     " VALUES (1, 'tiepnhan1', 'dossier.receive', 'dossier', '%s')",
	     code);
	exec("INSERT INTO dossier_seq (agency_id, day, last) VALUES (%lld, %d, 1)"
	     " ON CONFLICT (agency_id, day) DO UPDATE SET last = dossier_seq.last + 1",
	     agency, DAY);
}

static int setup(void **state)
{
	(void)state;
	testdb_open(&t);
	agency = one_int("SELECT id FROM agency WHERE is_home = 1");
	procedure = one_int("SELECT min(id) FROM procedure");
	unit = one_int("SELECT min(id) FROM unit");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	testdb_close(&t);
	return 0;
}

/* The report's problem named `check`, or NULL. */
static json_t *problem(json_t *report, const char *check)
{
	size_t i;
	json_t *p;
	json_array_foreach (json_object_get(report, "problems"), i, p) {
		if (strcmp(json_string_value(json_object_get(p, "check")), check) == 0)
			return p;
	}
	return NULL;
}

/* Checks the store: expects exactly one problem, `check`, naming `example`
 * (NULL: no example), or none at all when check is NULL. */
static void expect(const char *check, const char *example)
{
	json_t *r = check_store(t.db);
	assert_non_null(r);
	char *text = json_dumps(r, JSON_COMPACT);
	if (!check) {
		if (!json_is_true(json_object_get(r, "ok")))
			fail_msg("expected no problem: %s", text);
	} else {
		json_t *p = problem(r, check);
		if (json_is_true(json_object_get(r, "ok")) || !p ||
		    json_array_size(json_object_get(r, "problems")) != 1)
			fail_msg("expected one problem %s: %s", check, text);
		if (example) {
			json_t *ex = json_object_get(p, "examples");
			if (!ex || strcmp(json_string_value(json_array_get(ex, 0)), example) != 0)
				fail_msg("expected %s among the examples: %s", example, text);
		}
	}
	free(text);
	json_decref(r);
}

static void a_demo_store_is_consistent(void **state)
{
	(void)state;
	json_t *r = check_store(t.db);
	assert_true(json_is_true(json_object_get(r, "ok")));
	assert_int_equal(json_integer_value(json_object_get(r, "dossiers")), 0);
	assert_int_equal(json_array_size(json_object_get(r, "problems")), 0);
	json_decref(r);
	add_dossier(1, 0);
	add_dossier(2, 0);
	expect(NULL, NULL);
}

static void a_dossier_without_its_audit_record(void **state)
{
	(void)state;
	add_dossier(1, 0);
	exec("DELETE FROM audit WHERE entity_id = '000.01.40.H15-260302-0001'");
	expect("dossier_audit", "000.01.40.H15-260302-0001");
}

static void a_dossier_without_its_intake_event(void **state)
{
	(void)state;
	add_dossier(1, 0);
	add_dossier(2, 0);
	exec("DELETE FROM dossier_event WHERE dossier_id = %lld", ds_row_id(agency, DAY, 2));
	expect("dossier_history", "000.01.40.H15-260302-0002");
}

static void a_received_dossier_without_steps_or_with_a_hole(void **state)
{
	(void)state;
	add_dossier(1, 0);
	exec("DELETE FROM dossier_step WHERE dossier_id = %lld AND position = 1",
	     ds_row_id(agency, DAY, 1));
	expect("dossier_steps", "000.01.40.H15-260302-0001");
	exec("DELETE FROM dossier_step");
	expect("dossier_steps", "000.01.40.H15-260302-0001");
}

static void a_number_handed_out_twice_or_lost(void **state)
{
	(void)state;
	add_dossier(1, 0);
	add_dossier(2, 0);
	/* the counter went back: the next intake would get number 2 again */
	exec("UPDATE dossier_seq SET last = 1");
	expect("code_sequence", "000.01.40.H15-260302-0002");
	/* a number handed out that no dossier carries */
	exec("UPDATE dossier_seq SET last = 3");
	expect("code_gap", NULL);
	/* a day whose counter is gone */
	exec("DELETE FROM dossier_seq");
	expect("code_sequence", "000.01.40.H15-260302-0001");
}

static void ids_come_from_the_code_or_from_before(void **state)
{
	(void)state;
	add_dossier(1, 77); /* stored before ids were computed: fine */
	expect(NULL, NULL);
	add_dossier(2, ds_row_id(agency, DAY, 5)); /* the id of another code */
	expect("dossier_id", "000.01.40.H15-260302-0002");
}

static void rows_of_a_dossier_that_is_not_there(void **state)
{
	(void)state;
	add_dossier(1, 0);
	exec("INSERT INTO audit (at, actor, action, entity, entity_id)"
	     " VALUES (1, 'x', 'dossier.forward', 'dossier', 'KHONG-CO-260302-0001')");
	expect("orphan_rows", NULL);
}

static void the_engine_reports_dangling_foreign_keys(void **state)
{
	(void)state;
	add_dossier(1, 0);
	/* the engine's own check: what a crash or a manual edit could leave */
	testdb_foreign_keys(&t, 0);
	exec("DELETE FROM dossier");
	testdb_foreign_keys(&t, 1);
	json_t *r = check_store(t.db);
	assert_false(json_is_true(json_object_get(r, "ok")));
	assert_non_null(problem(r, "foreign_key"));
	assert_non_null(problem(r, "orphan_rows"));
	json_decref(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_demo_store_is_consistent, setup, teardown),
		cmocka_unit_test_setup_teardown(a_dossier_without_its_audit_record, setup,
						teardown),
		cmocka_unit_test_setup_teardown(a_dossier_without_its_intake_event, setup,
						teardown),
		cmocka_unit_test_setup_teardown(a_received_dossier_without_steps_or_with_a_hole,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_number_handed_out_twice_or_lost, setup, teardown),
		cmocka_unit_test_setup_teardown(ids_come_from_the_code_or_from_before, setup,
						teardown),
		cmocka_unit_test_setup_teardown(rows_of_a_dossier_that_is_not_there, setup,
						teardown),
		cmocka_unit_test_setup_teardown(the_engine_reports_dangling_foreign_keys, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
