/* test_evaluation.c — the citizen's evaluation and the counter floor's
 * figures as services, on a real demo store (testdb.h; PostgreSQL under
 * MOTCUA_TEST_PG): every dossier gets a random secret; the code with a wrong
 * secret is refused; one evaluation per dossier, replaced within the window
 * then refused; the throttle's refusal is a committed 0 (the count kept);
 * the tablet rates only the ticket it shows; the figures' averages and
 * nearest-rank p90 from known instants; the 18-point block's rules. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "app/dossier/notify.h"
#include "app/evaluation/evaluation.h"
#include "app/queue/queue.h"
#include "auth/auth.h"
#include "testdb.h"

static int last_rc;
#define TX(t, call)                                                                                \
	do {                                                                                       \
		assert_int_equal(db_begin((t)->db), DB_OK);                                        \
		int rc_ = (call);                                                                  \
		if (rc_)                                                                           \
			db_rollback((t)->db);                                                      \
		else                                                                               \
			assert_int_equal(db_commit((t)->db), DB_OK);                               \
		last_rc = rc_;                                                                     \
	} while (0)

/* A received counter dossier of the home agency, made here (the demo has
 * none): its code into buf, its id returned. The secret comes from the
 * migration's trigger, as for every intake. */
static long long demo_dossier(struct testdb *t, int nth, char *buf, size_t cap)
{
	snprintf(buf, cap, "TEST-260302-%04d", nth + 1);
	struct db_stmt *st =
		db_prep(t->db, "INSERT INTO dossier (code, procedure_id, agency_id, status, "
			       "channel, return_method,"
			       " applicant_kind, applicant_name, applicant_fold, limit_value, "
			       "limit_unit, received_at,"
			       " clock_start, due_at, original_due_at, created_at, updated_at)"
			       " SELECT $1, (SELECT min(id) FROM procedure), (SELECT min(id) FROM "
			       "agency), 'received',"
			       " 'counter', 'counter', 'person', 'Nguyễn Văn A', 'nguyen van a', "
			       "5, 'working_days',"
			       " $2, $2, $3, $3, $2, $2");
	db_bind_text(st, 1, buf);
	db_bind_int(st, 2, t->app.fake_now);
	db_bind_int(st, 3, t->app.fake_now + 7 * 86400);
	assert_int_equal(db_run(st), DB_OK);
	db_done(st);
	st = db_prep(t->db, "SELECT id FROM dossier WHERE code = $1");
	db_bind_text(st, 1, buf);
	assert_int_equal(db_step(st), DB_ROW);
	long long id = db_col_int(st, 0);
	db_done(st);
	return id;
}

static int submit(struct testdb *t, int64_t now, struct eval_in *in, struct problem *p)
{
	json_t *out = NULL;
	int created = 0;
	memset(p, 0, sizeof *p);
	TX(t, evaluation_submit(t->db, now, in, &created, p, &out));
	json_decref(out);
	return last_rc ? last_rc : (p->code ? -1 : created);
}

static void test_secret_and_window(void **state)
{
	struct testdb *t = *state;
	char code[64], code2[64], sec[EVAL_SECRET_LEN + 1], sec2[EVAL_SECRET_LEN + 1];
	long long id = demo_dossier(t, 0, code, sizeof code);
	demo_dossier(t, 1, code2, sizeof code2);
	assert_int_equal(evaluation_secret(t->db, code, sec), 0);
	assert_int_equal(evaluation_secret(t->db, code2, sec2), 0);
	assert_int_equal(strlen(sec), EVAL_SECRET_LEN);
	assert_int_equal(strspn(sec, "0123456789ABCDEF"), EVAL_SECRET_LEN);
	assert_string_not_equal(sec, sec2);

	int64_t now = t->app.fake_now;
	struct problem p;
	struct eval_in in = {.dossier = code, .secret = "0000000000", .level = "satisfied"};
	assert_int_equal(submit(t, now, &in, &p), ERR_VALIDATION);
	assert_string_equal(p.code, "bad_secret");
	in.secret = sec2; /* another dossier's secret */
	assert_int_equal(submit(t, now, &in, &p), ERR_VALIDATION);
	in.secret = sec;
	in.level = "not_satisfied";
	in.reasons[0] = "attitude";
	in.nreasons = 1;
	assert_int_equal(submit(t, now, &in, &p), 1);
	json_t *ev = evaluation_dossier_json(t->db, id);
	assert_string_equal(json_string_value(json_object_get(ev, "level")), "not_satisfied");
	assert_string_equal(json_string_value(json_object_get(ev, "channel")), "tracking");
	json_decref(ev);
	json_t *crit = evaluation_criteria_json(t->db, &t->app, id, now);
	assert_int_equal(json_array_size(json_object_get(crit, "criteria")), 9);
	json_t *att = json_array_get(json_object_get(crit, "criteria"), 6);
	assert_string_equal(json_string_value(json_object_get(att, "code")), "attitude");
	assert_int_equal(json_integer_value(json_object_get(att, "points")), 0);
	json_decref(crit);
	/* replaced within the window */
	in.level = "very_satisfied";
	in.nreasons = 0;
	assert_int_equal(submit(t, now + EVAL_REPLACE_S, &in, &p), 0);
	ev = evaluation_dossier_json(t->db, id);
	assert_string_equal(json_string_value(json_object_get(ev, "level")), "very_satisfied");
	json_decref(ev);
	crit = evaluation_criteria_json(t->db, &t->app, id, now);
	att = json_array_get(json_object_get(crit, "criteria"), 6);
	assert_int_equal(json_integer_value(json_object_get(att, "points")), 2);
	json_decref(crit);
	/* then refused */
	assert_int_equal(submit(t, now + EVAL_REPLACE_S + 1, &in, &p), ERR_CONFLICT);
	assert_string_equal(p.code, "already_evaluated");
	/* the same with a throttle key: a committed refusal (0, p filled) */
	in.client_key = "ev:test";
	assert_int_equal(submit(t, now + EVAL_REPLACE_S + 1, &in, &p), -1);
	assert_string_equal(p.code, "already_evaluated");
}

static void test_throttle_counts_wrong_secrets(void **state)
{
	struct testdb *t = *state;
	char code[64];
	demo_dossier(t, 0, code, sizeof code);
	struct problem p;
	struct eval_in in = {.dossier = code,
			     .secret = "FFFFFFFFFF",
			     .level = "satisfied",
			     .client_key = "ev:x"};
	int64_t now = t->app.fake_now;
	for (int i = 0; i < EVAL_ATTEMPTS; i++) {
		assert_int_equal(submit(t, now, &in, &p), -1);
		assert_string_equal(p.code, "bad_secret");
	}
	assert_int_equal(submit(t, now, &in, &p), -1);
	assert_int_equal(p.kind, ERR_THROTTLED);
	assert_int_equal(p.retry_after, EVAL_WINDOW_S);
	/* another address is not affected; the window passes */
	in.client_key = "ev:y";
	assert_int_equal(submit(t, now, &in, &p), -1);
	assert_string_equal(p.code, "bad_secret");
	in.client_key = "ev:x";
	assert_int_equal(submit(t, now + EVAL_WINDOW_S, &in, &p), -1);
	assert_string_equal(p.code, "bad_secret");
}

static void test_tablet_and_figures(void **state)
{
	struct testdb *t = *state;
	struct actor admin = testdb_actor(t, "admin"), off = testdb_actor(t, "tiepnhan1");
	struct actor anon = {.name = "anonymous"};
	struct problem p = {0};
	json_t *out = NULL;
	int64_t now = t->app.fake_now; /* Monday 2 March 2026, 09:00 */
	struct queue_group_in g = {.code = "HT", .prefix = "A", .name = "Hộ tịch"};
	g.fields = json_pack("[s]", "HT");
	TX(t, queue_group_create(t->db, &admin, now, &g, &p, &out));
	assert_int_equal(last_rc, 0);
	json_decref(out);
	json_decref(g.fields);
	struct queue_counter_in c = {.number = 1, .name = "Quầy 1"};
	c.groups = json_pack("[s]", "HT");
	TX(t, queue_counter_create(t->db, &admin, now, &c, &p, &out));
	long long counter = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	json_decref(c.groups);
	TX(t, evaluation_device_create(t->db, &admin, now, 1, &p, &out));
	assert_int_equal(last_rc, 0);
	char hash[AUTH_HASH_HEX];
	const char *tok = json_string_value(json_object_get(out, "token"));
	auth_token_hash(tok, strlen(tok), hash);
	json_decref(out);
	long long agency = queue_actor_agency(t->db, &admin);
	/* five tickets at 09:00; called after 1, 2, 3, 4, 10 minutes, each
	 * served 5 minutes (call → finish) */
	for (int i = 0; i < 5; i++) {
		TX(t,
		   queue_ticket_issue(t->db, &t->app, &anon, now, agency, "HT", 0, NULL, &p, &out));
		assert_int_equal(last_rc, 0);
		json_decref(out);
	}
	static const int waits[5] = {60, 120, 180, 240, 600};
	int64_t at = now;
	for (int i = 0; i < 5; i++) {
		at = now + waits[i] + (i ? 0 : 0);
		TX(t, queue_call_next(t->db, &off, at, counter, &p, &out));
		assert_int_equal(last_rc, 0);
		long long id = json_integer_value(json_object_get(out, "id"));
		json_decref(out);
		struct queue_action_in fin = {.action = QA_FINISH};
		/* the next call comes after this finish: keep the instants ordered */
		TX(t, queue_ticket_act(t->db, &off, at + 30, id, &fin, &p, &out));
		assert_int_equal(last_rc, 0);
		json_decref(out);
	}
	/* the tablet shows the last finished (A005) and rates only it */
	TX(t, evaluation_tablet(t->db, at + 40, hash, &p, &out));
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(out, "ticket"), "number")),
		"A005");
	json_decref(out);
	struct eval_in in = {.device_hash = hash, .ticket = "A004", .level = "satisfied"};
	assert_int_equal(submit(t, at + 40, &in, &p), ERR_CONFLICT);
	assert_string_equal(p.code, "ticket_changed");
	in.ticket = "A005";
	assert_int_equal(submit(t, at + 40, &in, &p), 1);
	/* too late for the tablet: nothing to rate */
	TX(t, evaluation_tablet(t->db, at + 30 + EVAL_TABLET_S + 1, hash, &p, &out));
	assert_true(json_is_null(json_object_get(out, "ticket")));
	json_decref(out);
	in.device_hash = "0000";
	assert_int_equal(submit(t, at + 40, &in, &p), ERR_FORBIDDEN);

	int64_t day = vn_day_of(now);
	assert_int_equal(evaluation_figures(t->db, agency, day, day, "counter", &p, &out), 0);
	json_t *total = json_object_get(out, "total");
	assert_int_equal(json_integer_value(json_object_get(total, "tickets")), 5);
	assert_int_equal(json_integer_value(json_object_get(total, "served")), 5);
	assert_int_equal(json_integer_value(json_object_get(total, "wait_avg_seconds")), 240);
	/* nearest rank: ⌈0.9 × 5⌉ = 5th of 60, 120, 180, 240, 600 */
	assert_int_equal(json_integer_value(json_object_get(total, "wait_p90_seconds")), 600);
	assert_int_equal(json_integer_value(json_object_get(total, "service_avg_seconds")), 30);
	json_t *evs = json_object_get(total, "evaluations");
	assert_int_equal(json_integer_value(json_object_get(evs, "total")), 1);
	assert_int_equal(json_integer_value(json_object_get(evs, "satisfied")), 1);
	json_decref(out);
	assert_int_equal(evaluation_figures(t->db, agency, day, day, "week", &p, &out),
			 ERR_BAD_REQUEST);
	assert_int_equal(evaluation_figures(t->db, agency, day, day + 400, "day", &p, &out),
			 ERR_BAD_REQUEST);
}

/* The result mail carries the evaluation link with the secret in the
 * fragment; a mail without a secret has no such line. */
static void test_result_mail_link(void **state)
{
	(void)state;
	json_t *d = json_pack("{s:s,s:s,s:{s:s,s:s},s:s,s:s}", "code", "X-260302-0001",
			      "public_url", "https://dvc.example.vn", "applicant", "name", "A",
			      "email", "a@example.vn", "return_method", "counter",
			      "evaluation_code", "0A1B2C3D4E");
	struct notify_text m;
	assert_int_equal(notify_compose("result_ready", d, &m), 0);
	assert_non_null(strstr(m.body,
			       "https://dvc.example.vn/track/?code=X-260302-0001#ev=0A1B2C3D4E"
			       "&via=email"));
	assert_non_null(strstr(m.body, "đánh giá mức độ hài lòng"));
	notify_text_free(&m);
	json_object_del(d, "evaluation_code");
	assert_int_equal(notify_compose("result_ready", d, &m), 0);
	assert_null(strstr(m.body, "#ev="));
	notify_text_free(&m);
	json_decref(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_secret_and_window, testdb_setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(test_throttle_counts_wrong_secrets, testdb_setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(test_tablet_and_figures, testdb_setup,
						testdb_teardown),
		cmocka_unit_test(test_result_mail_link),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
