/* test_officials.c — officials' criteria, commitments and evaluation
 * (issue 15; DECISIONS D42) on a real demo store (testdb.h, SQLite or
 * PostgreSQL), without a server: a draft set is not public, publishing
 * freezes it and a reopening needs a reason; a commitment is approved by
 * the head of the official's unit and by no one else; an evaluation moves
 * self → head → leader → concluded, is frozen after the conclusion and is
 * reopened only by a leader with a reason, each step an event and an audit
 * record; who may read an official's evaluation. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "app/officials/officials.h"
#include "testdb.h"

static struct testdb T;

typedef int (*wfn)(struct testdb *t, void *arg, struct problem *p, json_t **out);

/* Run a write in its own transaction (committed when it succeeds). */
static int tx(int rc, struct problem *p)
{
	if (rc) {
		db_rollback(T.db);
		if (p->code)
			print_message("problem: %s %s\n", p->code, p->field);
	} else
		assert_int_equal(db_commit(T.db), DB_OK);
	return rc;
}

#define WRITE(call)                                                                                \
	(memset(&p, 0, sizeof p), assert_int_equal(db_begin(T.db), DB_OK), tx((call), &p))

static json_t *groups(void)
{
	return json_pack(
		"[{s:s, s:[{s:s, s:i, s:s}, {s:s, s:i, s:n}]}, {s:s, s:[{s:s, s:i, s:n}]}]", "name",
		"Thái độ với người dân", "criteria", "text", "Lắng nghe, hướng dẫn tận tình",
		"weight", 2, "measure", "satisfied_rate", "text",
		"Không để người dân đi lại nhiều lần", "weight", 1, "measure", "name", "Liêm chính",
		"criteria", "text", "Không nhận quà", "weight", 1, "measure");
}

static int setup(void **state)
{
	(void)state;
	testdb_open(&T);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	testdb_close(&T);
	return 0;
}

static void test_whole_year(void **state)
{
	(void)state;
	struct problem p;
	json_t *o = NULL;
	int created = 0;
	int64_t now = T.app.fake_now;
	struct actor chutich = testdb_actor(&T, "chutich"), hotich = testdb_actor(&T, "hotich1"),
		     truongvp = testdb_actor(&T, "truongvp"),
		     truongca = testdb_actor(&T, "truongca"), congan = testdb_actor(&T, "congan1");

	/* criteria: a draft, not public */
	json_t *g = groups();
	assert_int_equal(WRITE(officials_criteria_save(T.db, &chutich, now, 2026, 10, g, 0,
						       &created, &p, &o)),
			 0);
	json_decref(g);
	assert_true(created);
	long long set_id = json_integer_value(json_object_get(o, "id"));
	json_decref(o);
	assert_int_equal(officials_criteria_public(T.db, "HOIAN", 2026, &p, &o), ERR_NOT_FOUND);
	assert_int_equal(WRITE(officials_criteria_action(T.db, &chutich, now, set_id, "publish",
							 NULL, &p, &o)),
			 0);
	json_decref(o);
	assert_int_equal(officials_criteria_public(T.db, "HOIAN", 2026, &p, &o), 0);
	assert_int_equal(json_array_size(json_object_get(o, "groups")), 2);
	json_decref(o);
	g = groups();
	assert_int_equal(WRITE(officials_criteria_save(T.db, &chutich, now, 2026, 10, g, 0,
						       &created, &p, &o)),
			 ERR_CONFLICT);
	assert_string_equal(p.code, "criteria_published");
	json_decref(g);
	assert_int_equal(
		WRITE(officials_criteria_action(T.db, &chutich, now, set_id, "reopen", "", &p, &o)),
		ERR_VALIDATION);
	assert_int_equal(WRITE(officials_criteria_action(T.db, &chutich, now, set_id, "reopen",
							 "Bổ sung", &p, &o)),
			 0);
	json_decref(o);
	assert_int_equal(officials_criteria_public(T.db, "HOIAN", 2026, &p, &o), ERR_NOT_FOUND);
	assert_int_equal(WRITE(officials_criteria_action(T.db, &chutich, now, set_id, "publish",
							 NULL, &p, &o)),
			 0);
	json_decref(o);

	/* a commitment: the head of the unit approves, another head cannot */
	json_t *items = json_pack("[{s:i, s:s}, {s:i, s:s}]", "criterion", 1, "text",
				  "Hướng dẫn một lần", "criterion", 3, "text", "Không nhận quà");
	json_t *measures = json_pack("[{s:s, s:f}]", "metric", "late_steps", "target", 0.0);
	assert_int_equal(WRITE(officials_commitment_save(T.db, &hotich, now, 2026, items, measures,
							 &created, &p, &o)),
			 0);
	long long cid = json_integer_value(json_object_get(o, "id"));
	json_decref(o);
	json_decref(items);
	json_decref(measures);
	assert_int_equal(
		WRITE(officials_commitment_action(T.db, &hotich, now, cid, "submit", NULL, &p, &o)),
		0);
	json_decref(o);
	assert_int_equal(WRITE(officials_commitment_action(T.db, &truongca, now, cid, "approve",
							   NULL, &p, &o)),
			 ERR_NOT_FOUND);
	assert_int_equal(WRITE(officials_commitment_action(T.db, &hotich, now, cid, "approve", NULL,
							   &p, &o)),
			 ERR_FORBIDDEN);
	assert_int_equal(WRITE(officials_commitment_action(T.db, &truongvp, now, cid, "approve",
							   "Đồng ý", &p, &o)),
			 0);
	assert_string_equal(json_string_value(json_object_get(o, "state")), "approved");
	json_decref(o);
	char idb[24];
	snprintf(idb, sizeof idb, "%lld", cid);
	assert_int_equal(testdb_audits(&T, "officials.commitment.approve", idb, "truongvp", now),
			 1);

	/* the cycle and one evaluation through its stages */
	int64_t d = vn_days_from_civil(2026, 12, 5);
	assert_int_equal(WRITE(officials_cycle_open(T.db, &chutich, now, 2026, "yearly", d, d + 5,
						    d + 15, &p, &o)),
			 0);
	json_decref(o);
	assert_int_equal(
		officials_appraisal_get(T.db, &T.app, &congan, 2026, "hotich1", NULL, &p, &o),
		ERR_FORBIDDEN);
	assert_int_equal(
		officials_appraisal_get(T.db, &T.app, &truongca, 2026, "hotich1", NULL, &p, &o),
		ERR_FORBIDDEN);
	assert_int_equal(
		officials_appraisal_get(T.db, &T.app, &truongvp, 2026, "hotich1", NULL, &p, &o), 0);
	json_decref(o);
	assert_int_equal(
		officials_appraisal_get(T.db, &T.app, &hotich, 2026, "hotich1", NULL, &p, &o), 0);
	long long eid = json_integer_value(json_object_get(o, "id"));
	assert_non_null(json_object_get(o, "measured"));
	json_decref(o);

	json_t *scores =
		json_pack("[{s:i, s:i, s:s}, {s:i, s:i, s:s}, {s:i, s:i, s:s}]", "criterion", 1,
			  "score", 9, "evidence", "a", "criterion", 2, "score", 9, "evidence", "b",
			  "criterion", 3, "score", 10, "evidence", "c");
	struct off_action in = {.action = "self_assess", .items = scores, .submit = 0};
	assert_int_equal(
		WRITE(officials_appraisal_action(T.db, &T.app, &hotich, now, eid, &in, &p, &o)), 0);
	assert_string_equal(json_string_value(json_object_get(o, "state")), "self");
	json_decref(o);
	in.submit = 1;
	assert_int_equal(
		WRITE(officials_appraisal_action(T.db, &T.app, &hotich, now, eid, &in, &p, &o)), 0);
	assert_string_equal(json_string_value(json_object_get(o, "state")), "head");
	json_decref(o);
	in.action = "head_assess";
	assert_int_equal(
		WRITE(officials_appraisal_action(T.db, &T.app, &chutich, now, eid, &in, &p, &o)),
		ERR_FORBIDDEN);
	assert_int_equal(
		WRITE(officials_appraisal_action(T.db, &T.app, &truongvp, now, eid, &in, &p, &o)),
		0);
	json_decref(o);
	struct off_action con = {.action = "conclude", .rating = "excellent", .text = "Xuất sắc"};
	assert_int_equal(
		WRITE(officials_appraisal_action(T.db, &T.app, &truongvp, now, eid, &con, &p, &o)),
		ERR_FORBIDDEN);
	assert_int_equal(
		WRITE(officials_appraisal_action(T.db, &T.app, &chutich, now, eid, &con, &p, &o)),
		0);
	assert_string_equal(json_string_value(json_object_get(o, "rating")), "excellent");
	json_decref(o);
	/* frozen */
	assert_int_equal(
		WRITE(officials_appraisal_action(T.db, &T.app, &truongvp, now, eid, &in, &p, &o)),
		ERR_CONFLICT);
	assert_string_equal(p.code, "evaluation_concluded");
	struct off_action re = {.action = "reopen", .text = NULL};
	assert_int_equal(
		WRITE(officials_appraisal_action(T.db, &T.app, &chutich, now, eid, &re, &p, &o)),
		ERR_VALIDATION);
	re.text = "Phản ánh mới";
	re.to = "head";
	assert_int_equal(
		WRITE(officials_appraisal_action(T.db, &T.app, &truongvp, now, eid, &re, &p, &o)),
		ERR_FORBIDDEN);
	assert_int_equal(
		WRITE(officials_appraisal_action(T.db, &T.app, &chutich, now, eid, &re, &p, &o)),
		0);
	assert_string_equal(json_string_value(json_object_get(o, "state")), "head");
	assert_true(json_is_null(json_object_get(o, "rating")));
	json_t *events = json_object_get(o, "events");
	json_t *last = json_array_get(events, json_array_size(events) - 1);
	assert_string_equal(json_string_value(json_object_get(last, "action")), "reopen");
	assert_string_equal(json_string_value(json_object_get(last, "comment")), "Phản ánh mới");
	json_decref(o);
	json_decref(scores);
	snprintf(idb, sizeof idb, "%lld", eid);
	assert_int_equal(testdb_audits(&T, "officials.evaluation.reopen", idb, "chutich", now), 1);

	/* one step hotich1 handled late in 2026: his commitment "no step late"
	 * is not met while he scored himself 92.5 % — the supervision flags it */
	testdb_exec(&T,
		    "INSERT INTO dossier (id, code, procedure_id, agency_id, status, channel,"
		    " return_method, applicant_kind, applicant_name, applicant_fold, limit_value,"
		    " limit_unit, received_at, clock_start, due_at, original_due_at, created_at,"
		    " updated_at) VALUES (9001, 'T-260302-0001',"
		    " (SELECT id FROM procedure WHERE code = '1.004873'),"
		    " (SELECT id FROM agency WHERE code = 'HOIAN'), 'processing', 'counter',"
		    " 'counter', 'person', 'Nguyễn Văn A', 'nguyen van a', 5, 'working_days',"
		    " 1772416800, 1772416800, 1772600000, 1772600000, 1772416800, 1772416800)");
	testdb_exec(&T,
		    "INSERT INTO dossier_step (dossier_id, position, name, unit_id, due_at,"
		    " started_at, finished_at, handler_id, outcome) VALUES (9001, 1, 'Bước 1',"
		    " (SELECT unit_id FROM staff WHERE username = 'hotich1'), 1772500000,"
		    " 1772416800, 1772600000, (SELECT id FROM staff WHERE username = 'hotich1'),"
		    " 'late')");
	assert_int_equal(
		officials_appraisal_get(T.db, &T.app, &truongvp, 2026, "hotich1", NULL, &p, &o), 0);
	json_t *measured = json_object_get(o, "measured");
	assert_int_equal(json_integer_value(json_object_get(measured, "late_steps")), 1);
	assert_true(json_is_null(json_object_get(measured, "on_time_rate"))); /* 1 step: hidden */
	json_t *m0 =
		json_array_get(json_object_get(json_object_get(o, "commitment"), "measures"), 0);
	assert_true(json_is_false(json_object_get(m0, "met")));
	json_decref(o);

	/* supervision counts */
	assert_int_equal(officials_supervision(T.db, &T.app, &chutich, 2026, &p, &o), 0);
	json_t *u;
	size_t i;
	int seen = 0;
	json_array_foreach (json_object_get(o, "units"), i, u)
		if (strncmp(json_string_value(json_object_get(u, "name")), "Văn phòng", 11) == 0) {
			seen = 1;
			assert_int_equal(json_integer_value(json_object_get(
						 json_object_get(u, "commitments"), "approved")),
					 1);
			assert_int_equal(
				json_integer_value(json_object_get(
					json_object_get(u, "evaluations"), "self_assessed")),
				1);
		}
	assert_true(seen);
	json_t *flag = json_array_get(json_object_get(o, "contradictions"), 0);
	assert_non_null(flag);
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(flag, "official"), "username")),
		"hotich1");
	json_t *why = json_array_get(json_object_get(flag, "reasons"), 0);
	assert_string_equal(json_string_value(json_object_get(why, "metric")), "late_steps");
	assert_string_equal(json_string_value(json_object_get(why, "source")), "commitment");
	json_decref(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_whole_year, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
