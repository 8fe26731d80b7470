/* test_queue.c — the counter queue's services on a real demo store
 * (testdb.h; PostgreSQL under MOTCUA_TEST_PG), without a server: numbers
 * restart each working day per group; the estimated wait from today's
 * measured service time and the open counters; the priority bound over a
 * long line (never more than QUEUE_PRIORITY_RUN_MAX priority calls in a row
 * while an ordinary ticket waits, and no ordinary ticket left behind); a
 * ticket leaves the line once (a second call cannot take it); every change
 * audited and written as a board event; groups and counters edited and
 * taken out of use (audited, a setup event, a busy counter refused); the
 * intake's link only for a ticket called or served, and the dossier's
 * ticket for the staff view. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "app/queue/queue.h"
#include "testdb.h"

static long long count(struct testdb *t, const char *sql)
{
	struct db_stmt *st = db_prep(t->db, sql);
	long long n = db_step(st) == DB_ROW ? db_col_int(st, 0) : -1;
	db_done(st);
	return n;
}

/* One service call in its own committed transaction; the JSON kept in *out
 * (or freed when out is NULL). */
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
static int last_rc;

static long long counter_id;

/* Group HT (letter A) and counter 1 calling it, in the admin's agency. */
static void set_up_floor(struct testdb *t)
{
	struct actor admin = testdb_actor(t, "admin");
	struct problem p = {0};
	json_t *out = NULL;
	int64_t now = t->app.fake_now;
	struct queue_group_in g = {.code = "HT", .prefix = "A", .name = "Hộ tịch"};
	g.fields = json_pack("[s]", "HT");
	TX(t, queue_group_create(t->db, &admin, now, &g, &p, &out));
	assert_int_equal(last_rc, 0);
	json_decref(out);
	json_decref(g.fields);
	struct queue_counter_in c = {.number = 1, .name = "Quầy 1"};
	c.groups = json_pack("[s]", "HT");
	TX(t, queue_counter_create(t->db, &admin, now, &c, &p, &out));
	assert_int_equal(last_rc, 0);
	counter_id = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	json_decref(c.groups);
}

static long long agency(struct testdb *t)
{
	struct actor admin = testdb_actor(t, "admin");
	return queue_actor_agency(t->db, &admin);
}

/* A ticket at `now`; its JSON (caller frees). */
static json_t *issue(struct testdb *t, int64_t now, int priority)
{
	struct actor anon = {.name = "anonymous"};
	struct problem p = {0};
	json_t *out = NULL;
	TX(t, queue_ticket_issue(t->db, &t->app, &anon, now, agency(t), "HT", priority, NULL, &p,
				 &out));
	assert_int_equal(last_rc, 0);
	assert_non_null(out);
	return out;
}

/* Call next at counter 1 and finish it at `now` + service_s; the ticket's
 * number with a '*' for priority into buf, or "" when no one waits. */
static void call_finish(struct testdb *t, int64_t now, int service_s, char *buf, size_t cap)
{
	struct actor off = testdb_actor(t, "tiepnhan1");
	struct problem p = {0};
	json_t *out = NULL;
	TX(t, queue_call_next(t->db, &off, now, counter_id, &p, &out));
	if (last_rc) {
		assert_string_equal(p.code, "queue_empty");
		buf[0] = '\0';
		return;
	}
	snprintf(buf, cap, "%s%s", json_string_value(json_object_get(out, "number")),
		 json_is_true(json_object_get(out, "priority")) ? "*" : "");
	long long id = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	struct queue_action_in fin = {.action = QA_FINISH};
	TX(t, queue_ticket_act(t->db, &off, now + service_s, id, &fin, &p, &out));
	assert_int_equal(last_rc, 0);
	assert_string_equal(json_string_value(json_object_get(out, "state")), "done");
	json_decref(out);
}

static void test_numbers_restart_each_day(void **state)
{
	struct testdb *t = *state;
	set_up_floor(t);
	int64_t mon = t->app.fake_now; /* Monday 2 March 2026, 09:00 */
	json_t *a = issue(t, mon, 0), *b = issue(t, mon + 60, 0);
	assert_string_equal(json_string_value(json_object_get(a, "number")), "A001");
	assert_string_equal(json_string_value(json_object_get(b, "number")), "A002");
	json_t *c = issue(t, mon + 86400, 0); /* Tuesday */
	assert_string_equal(json_string_value(json_object_get(c, "number")), "A001");
	assert_int_equal(json_integer_value(json_object_get(c, "position")), 0);
	/* the public view by the random id; unknown ids are 404 */
	struct problem p = {0};
	json_t *v = NULL;
	assert_int_equal(queue_ticket_public(t->db, json_string_value(json_object_get(b, "id")),
					     mon, &p, &v),
			 0);
	assert_string_equal(json_string_value(json_object_get(v, "number")), "A002");
	assert_int_equal(json_integer_value(json_object_get(v, "position")), 1);
	json_decref(v);
	assert_int_equal(queue_ticket_public(t->db, "A002", mon, &p, &v), ERR_NOT_FOUND);
	json_decref(a);
	json_decref(b);
	json_decref(c);
	/* Saturday: closed */
	struct actor anon = {.name = "anonymous"};
	json_t *out = NULL;
	TX(t, queue_ticket_issue(t->db, &t->app, &anon, mon + 5 * 86400, agency(t), "HT", 0, NULL,
				 &p, &out));
	assert_int_equal(last_rc, ERR_CONFLICT);
	assert_string_equal(p.code, "queue_closed");
}

static void test_estimated_wait_from_measured_service(void **state)
{
	struct testdb *t = *state;
	set_up_floor(t);
	int64_t now = t->app.fake_now;
	char n[16];
	/* two served today in 10 minutes each: the mean is 600 s */
	json_decref(issue(t, now, 0));
	json_decref(issue(t, now, 0));
	call_finish(t, now + 60, 600, n, sizeof n);
	call_finish(t, now + 700, 600, n, sizeof n);
	json_decref(issue(t, now + 1400, 0));
	json_decref(issue(t, now + 1400, 0));
	json_t *last = issue(t, now + 1400, 0);
	/* 2 ahead × 600 s ÷ 1 counter = 20 minutes */
	assert_int_equal(json_integer_value(json_object_get(last, "position")), 2);
	assert_int_equal(json_integer_value(json_object_get(last, "estimated_wait_minutes")), 20);
	json_decref(last);
}

static void test_priority_bound(void **state)
{
	struct testdb *t = *state;
	set_up_floor(t);
	int64_t now = t->app.fake_now;
	/* 4 ordinary, then 10 priority */
	for (int i = 0; i < 4; i++)
		json_decref(issue(t, now + i, 0));
	for (int i = 0; i < 10; i++)
		json_decref(issue(t, now + 10 + i, 1));
	char seq[14][16];
	int run = 0, max_run = 0, ordinary = 0;
	for (int i = 0; i < 14; i++) {
		call_finish(t, now + 100 + i * 10, 5, seq[i], sizeof seq[i]);
		assert_true(seq[i][0]);
		int pri = strchr(seq[i], '*') != NULL;
		run = pri ? run + 1 : 0;
		ordinary += !pri;
		/* a run longer than the bound only once no ordinary one waits */
		if (ordinary < 4 && run > max_run)
			max_run = run;
	}
	assert_int_equal(max_run, QUEUE_PRIORITY_RUN_MAX);
	assert_int_equal(ordinary, 4);
	/* the first calls: three priority, then the oldest ordinary */
	assert_string_equal(seq[0], "A005*");
	assert_string_equal(seq[3], "A001");
	char none[16];
	call_finish(t, now + 1000, 5, none, sizeof none);
	assert_string_equal(none, "");
}

static void test_called_once_audited_and_evented(void **state)
{
	struct testdb *t = *state;
	set_up_floor(t);
	int64_t now = t->app.fake_now;
	json_t *a = issue(t, now, 0);
	json_decref(a);
	long long events0 = count(t, "SELECT count(*) FROM queue_event");
	struct actor off = testdb_actor(t, "tiepnhan1");
	struct problem p = {0};
	json_t *out = NULL;
	TX(t, queue_call_next(t->db, &off, now + 5, counter_id, &p, &out));
	assert_int_equal(last_rc, 0);
	long long id = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	/* the counter is busy; a transfer back into the line, then it is callable once more */
	TX(t, queue_call_next(t->db, &off, now + 6, counter_id, &p, &out));
	assert_int_equal(last_rc, ERR_CONFLICT);
	assert_string_equal(p.code, "counter_busy");
	struct queue_action_in start = {.action = QA_START};
	TX(t, queue_ticket_act(t->db, &off, now + 7, id, &start, &p, &out));
	assert_int_equal(last_rc, 0);
	json_decref(out);
	TX(t, queue_ticket_act(t->db, &off, now + 8, id, &start, &p, &out));
	assert_int_equal(last_rc, ERR_CONFLICT);
	assert_string_equal(p.code, "bad_state");
	/* another agency's officer cannot touch it */
	struct actor other = testdb_actor(t, "hoiandong.tiepnhan");
	struct queue_action_in fin = {.action = QA_FINISH};
	TX(t, queue_ticket_act(t->db, &other, now + 9, id, &fin, &p, &out));
	assert_int_equal(last_rc, ERR_NOT_FOUND);
	char ids[24];
	snprintf(ids, sizeof ids, "%lld", id);
	assert_int_equal(testdb_audits(t, "queue.ticket.issue", ids, "anonymous", now), 1);
	assert_int_equal(testdb_audits(t, "queue.ticket.call", ids, "tiepnhan1", now + 5), 1);
	assert_int_equal(testdb_audits(t, "queue.ticket.start", ids, "tiepnhan1", now + 7), 1);
	/* called and serving: two events for the boards, ids ascending */
	assert_int_equal(count(t, "SELECT count(*) FROM queue_event") - events0, 2);
	json_t *board = NULL;
	assert_int_equal(queue_board(t->db, agency(t), now + 10, &board), 0);
	json_t *calls = json_object_get(board, "calls");
	assert_int_equal(json_array_size(calls), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(calls, 0), "state")),
			    "serving");
	assert_int_equal(json_integer_value(json_object_get(board, "last_event_id")),
			 count(t, "SELECT max(id) FROM queue_event"));
	json_decref(board);
}

static void test_setup_edit_and_intake_link(void **state)
{
	struct testdb *t = *state;
	set_up_floor(t);
	int64_t now = t->app.fake_now;
	struct actor admin = testdb_actor(t, "admin");
	struct actor off = testdb_actor(t, "tiepnhan1");
	struct problem p = {0};
	json_t *out = NULL;
	long long events0 = count(t, "SELECT count(*) FROM queue_event");
	/* a group out of use: no tickets, not listed; then back */
	struct queue_group_edit ge = {.name = "Hộ tịch, chứng thực", .active = 0};
	TX(t, queue_group_update(t->db, &admin, now, "HT", &ge, &p, &out));
	assert_int_equal(last_rc, 0);
	assert_string_equal(json_string_value(json_object_get(out, "name")), "Hộ tịch, chứng thực");
	json_decref(out);
	struct actor anon = {.name = "anonymous"};
	TX(t, queue_ticket_issue(t->db, &t->app, &anon, now, agency(t), "HT", 0, NULL, &p, &out));
	assert_int_equal(last_rc, ERR_VALIDATION);
	assert_string_equal(p.field, "group");
	TX(t, queue_groups_setup(t->db, agency(t), &out));
	assert_int_equal(json_array_size(json_object_get(out, "items")), 1);
	assert_true(json_is_false(
		json_object_get(json_array_get(json_object_get(out, "items"), 0), "active")));
	json_decref(out);
	ge = (struct queue_group_edit){.active = 1};
	TX(t, queue_group_update(t->db, &admin, now, "HT", &ge, &p, &out));
	assert_int_equal(last_rc, 0);
	json_decref(out);
	assert_int_equal(count(t, "SELECT count(*) FROM queue_event") - events0, 2); /* setup ×2 */

	/* a waiting ticket cannot be taken in; a called one can */
	json_t *a = issue(t, now + 1, 0);
	json_decref(a);
	const char *code = "X-260302-0001"; /* (set below: the store has no dossier) */
	long long tid = count(t, "SELECT max(id) FROM queue_ticket");
	TX(t, queue_ticket_link_dossier(t->db, &off, now + 2, tid, code, &p));
	assert_int_equal(last_rc, ERR_VALIDATION);
	assert_string_equal(p.field, "ticket");
	TX(t, queue_call_next(t->db, &off, now + 3, counter_id, &p, &out));
	assert_int_equal(last_rc, 0);
	json_decref(out);
	/* called: the ticket is accepted, the dossier then checked */
	TX(t, queue_ticket_link_dossier(t->db, &off, now + 4, tid, code, &p));
	assert_int_equal(last_rc, ERR_VALIDATION);
	assert_string_equal(p.field, "dossier");
	char sql[160];
	snprintf(sql, sizeof sql, "UPDATE queue_ticket SET dossier_code = '%s' WHERE id = %lld",
		 code, tid);
	assert_int_equal(db_exec(t->db, sql), DB_OK);
	json_t *tk = NULL;
	assert_int_equal(queue_dossier_ticket(t->db, code, &tk), 0);
	assert_string_equal(json_string_value(json_object_get(tk, "number")), "A001");
	assert_int_equal(
		json_integer_value(json_object_get(json_object_get(tk, "counter"), "number")), 1);
	assert_null(json_object_get(tk, "id"));
	json_decref(tk);
	assert_int_equal(queue_dossier_ticket(t->db, "NO-SUCH-CODE", &tk), 0);
	assert_true(json_is_null(tk));

	/* the counter serves it: not out of use until it is finished */
	struct queue_counter_edit ce = {.active = 0};
	TX(t, queue_counter_update(t->db, &admin, now + 5, counter_id, &ce, &p, &out));
	assert_int_equal(last_rc, ERR_CONFLICT);
	assert_string_equal(p.code, "counter_busy");
	struct queue_action_in fin = {.action = QA_FINISH};
	TX(t, queue_ticket_act(t->db, &off, now + 6, tid, &fin, &p, &out));
	assert_int_equal(last_rc, 0);
	json_decref(out);
	TX(t, queue_ticket_link_dossier(t->db, &off, now + 7, tid, code, &p));
	assert_int_equal(last_rc, ERR_VALIDATION); /* done: no longer in front of the officer */
	TX(t, queue_counter_update(t->db, &admin, now + 8, counter_id, &ce, &p, &out));
	assert_int_equal(last_rc, 0);
	json_decref(out);
	TX(t, queue_counters(t->db, agency(t), now + 9, 0, &out));
	assert_int_equal(json_array_size(json_object_get(out, "items")), 0);
	json_decref(out);
	TX(t, queue_counters(t->db, agency(t), now + 9, 1, &out));
	assert_int_equal(json_array_size(json_object_get(out, "items")), 1);
	json_decref(out);
	char ids[24];
	snprintf(ids, sizeof ids, "%lld", counter_id);
	assert_int_equal(testdb_audits(t, "queue.counter.deactivate", ids, "admin", now + 8), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_numbers_restart_each_day, testdb_setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(test_estimated_wait_from_measured_service,
						testdb_setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_priority_bound, testdb_setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_called_once_audited_and_evented, testdb_setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(test_setup_edit_and_intake_link, testdb_setup,
						testdb_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
