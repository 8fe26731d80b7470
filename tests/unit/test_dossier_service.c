/* test_dossier_service.c — the dossier services on a real demo store
 * (testdb.h), called as the writer thread calls them, without a server:
 * counter and online intake (the code, the appointment by the legal clock),
 * every action's effect (status, step, assignee, deadlines moved by a
 * supplement or an apology, the history event and the audit record at the
 * caller's now), the version conflict, the once-only guards, step ownership
 * (another unit, no unit), complete only at the signing step, forward to a
 * named officer outside the next unit, and the public view (no personal
 * data; typed supplement items masked). Each assertion is what an officer
 * or a citizen would see. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "app/dossier/dossier.h"
#include "core/ident.h"
#include "testdb.h"

#define MARRIAGE "1.004873" /* 3 working days; TNTKQ → VP → LD → TNTKQ */
#define NAME "Nguyễn Văn Bình"

static int64_t at(int d, int h, int mi)
{
	return vn_instant(2026, 3, d, h, mi, 0);
}

static const char *iso(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static long long num(json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

static const char *assignee(json_t *view)
{
	json_t *a = json_object_get(view, "assignee");
	return json_is_object(a) ? iso(a, "username") : "";
}

/* The mandatory documents of a procedure, as the counter lists them. */
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

/* An intake as the counter fills it (the handler's part). */
static struct intake *new_intake(int online)
{
	struct intake *in = calloc(1, sizeof *in);
	in->ap = (struct applicant){.kind = "person",
				    .name = NAME,
				    .fold = "nguyen van binh",
				    .id_number = "048085001234",
				    .phone = "0905123456",
				    .email = "binh.nguyen@example.com",
				    .address = "12 Trần Phú, phường Hội An"};
	in->procedure = MARRIAGE;
	in->online = online;
	in->channel = online ? "online" : "counter";
	in->return_method = online ? "online" : "counter";
	return in;
}

/* Intake as the handler and the writer do it: resolve and plan at `now`,
 * then write in one transaction; frees in. Returns the reply document. */
static json_t *intake_as(struct testdb *t, const char *user, struct intake *in, int64_t now,
			 int *mailed)
{
	struct actor who = testdb_actor(t, user);
	struct arena ar = ARENA_INIT;
	struct problem p = {0};
	assert_int_equal(dossier_intake_procedure(t->db, in, &ar, &p), 0);
	assert_int_equal(dossier_intake_guidance(t->db, in, &p), 0);
	mandatory_docs(t->db, in);
	assert_int_equal(dossier_intake_documents(t->db, in, &ar, &p), 0);
	assert_int_equal(dossier_intake_plan(&t->app, now, in, &p), 0);
	json_t *out = NULL;
	int m = 0;
	assert_int_equal(db_begin(t->db), DB_OK);
	assert_int_equal(dossier_intake(t->db, &t->app, &who, in->now, in, &p, &out, &m), 0);
	assert_int_equal(db_commit(t->db), DB_OK);
	if (mailed)
		*mailed = m;
	intake_free(in);
	free(in);
	arena_release(&ar);
	assert_non_null(out);
	return out;
}

static json_t *take_in(struct testdb *t, const char *user, int online, int64_t now, int *mailed)
{
	return intake_as(t, user, new_intake(online), now, mailed);
}

static char *counter_code(struct testdb *t, int64_t now)
{
	json_t *r = take_in(t, "tiepnhan1", 0, now, NULL);
	char *code = xstrdup(iso(r, "code"));
	json_decref(r);
	return code;
}

/* One action as the writer runs it: its own transaction, rolled back on
 * failure. *view (may be NULL) gets the staff view after it. */
static int act_as(struct testdb *t, struct actor *who, int64_t now, struct action_req *ar,
		  struct problem *p, json_t **view)
{
	json_t *v = NULL;
	int mailed;
	memset(p, 0, sizeof *p);
	assert_int_equal(db_begin(t->db), DB_OK);
	int rc = dossier_act(t->db, &t->app, who, now, ar, p, &v, &mailed);
	if (rc)
		assert_int_equal(db_rollback(t->db), DB_OK);
	else
		assert_int_equal(db_commit(t->db), DB_OK);
	if (view)
		*view = v;
	else
		json_decref(v);
	return rc;
}

static int act(struct testdb *t, const char *user, int64_t now, struct action_req *ar,
	       struct problem *p, json_t **view)
{
	struct actor who = testdb_actor(t, user);
	return act_as(t, &who, now, ar, p, view);
}

static json_t *view_of(struct testdb *t, const char *user, int64_t now, const char *code)
{
	struct actor who = testdb_actor(t, user);
	struct problem p = {0};
	json_t *o = NULL;
	assert_int_equal(dossier_view(t->db, &t->app, &who, now, code, &p, &o), 0);
	return o;
}

/* The last event of the history. */
static json_t *last_event(struct testdb *t, const char *code)
{
	struct problem p = {0};
	json_t *h = NULL;
	struct actor who = testdb_actor(t, "tiepnhan1");
	assert_int_equal(dossier_history(t->db, &who, code, &p, &h), 0);
	json_t *items = json_object_get(h, "items");
	json_t *e = json_incref(json_array_get(items, json_array_size(items) - 1));
	json_decref(h);
	assert_non_null(e);
	return e;
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

static void test_counter_intake_code_and_appointment(void **state)
{
	struct testdb *t = *state;
	int mailed = 0;
	json_t *r = take_in(t, "tiepnhan1", 0, at(2, 9, 0), &mailed);
	assert_string_equal(iso(r, "code"), "000.01.40.H15-260302-0001");
	assert_string_equal(iso(r, "status"), "received");
	assert_string_equal(iso(r, "received_at"), "2026-03-02T09:00:00+07:00");
	/* 3 working days from Monday 09:00 → Thursday 09:00 */
	assert_string_equal(iso(r, "due_at"), "2026-03-05T09:00:00+07:00");
	assert_int_equal(mailed, 1); /* the receipt to the applicant's e-mail */
	json_t *v = view_of(t, "tiepnhan1", at(2, 9, 0), iso(r, "code"));
	json_t *steps = json_object_get(v, "steps");
	assert_int_equal(json_array_size(steps), 4);
	static const char *const due[] = {"2026-03-02T11:00:00+07:00", "2026-03-04T11:00:00+07:00",
					  "2026-03-04T16:30:00+07:00", "2026-03-05T09:00:00+07:00"};
	for (size_t i = 0; i < 4; i++)
		assert_string_equal(iso(json_array_get(steps, i), "due_at"), due[i]);
	assert_string_equal(assignee(v), "tiepnhan1");
	json_t *e = last_event(t, iso(r, "code"));
	assert_string_equal(iso(e, "action"), "receive");
	assert_int_equal(
		testdb_audits(t, "dossier.receive", iso(r, "code"), "tiepnhan1", at(2, 9, 0)), 1);
	/* the next one of the day takes the next number */
	json_t *r2 = take_in(t, "tiepnhan2", 0, at(2, 9, 5), NULL);
	assert_string_equal(iso(r2, "code"), "000.01.40.H15-260302-0002");
	json_decref(e);
	json_decref(v);
	json_decref(r);
	json_decref(r2);
}

static void test_online_submission_then_accept(void **state)
{
	struct testdb *t = *state;
	json_t *r = take_in(t, "tiepnhan1", 1, at(2, 20, 0), NULL);
	assert_string_equal(iso(r, "status"), "submitted");
	assert_string_equal(iso(r, "submitted_at"), "2026-03-02T20:00:00+07:00");
	const char *code = iso(r, "code");
	/* no clock before a reception officer accepts it */
	json_t *v = view_of(t, "tiepnhan1", at(3, 8, 0), code);
	assert_true(json_is_null(json_object_get(v, "due_at")));
	json_decref(v);
	struct problem p;
	struct action_req ar = {.code = code, .action = DA_ACCEPT};
	/* only the counter accepts */
	assert_int_equal(act(t, "hotich1", at(3, 8, 0), &ar, &p, NULL), ERR_FORBIDDEN);
	assert_int_equal(act(t, "tiepnhan2", at(3, 8, 0), &ar, &p, &v), 0);
	assert_string_equal(iso(v, "status"), "received");
	assert_string_equal(iso(v, "received_at"), "2026-03-03T08:00:00+07:00");
	assert_string_equal(iso(v, "due_at"), "2026-03-06T08:00:00+07:00");
	assert_int_equal(num(v, "current_step"), 1);
	assert_string_equal(assignee(v), "tiepnhan2");
	assert_int_equal(testdb_audits(t, "dossier.accept", code, "tiepnhan2", at(3, 8, 0)), 1);
	json_decref(v);
	json_decref(r);
}

static void test_forward_effects_event_and_audit(void **state)
{
	struct testdb *t = *state;
	char *code = counter_code(t, at(2, 9, 0));
	struct problem p;
	json_t *v;
	struct action_req ar = {.code = code, .action = DA_FORWARD, .version = 1};
	assert_int_equal(act(t, "tiepnhan1", at(2, 10, 0), &ar, &p, &v), 0);
	assert_string_equal(iso(v, "status"), "processing");
	assert_int_equal(num(v, "current_step"), 2);
	assert_int_equal(num(v, "version"), 2);
	assert_string_equal(assignee(v), "hotich1"); /* the unit's officer by default */
	json_t *s1 = json_array_get(json_object_get(v, "steps"), 0);
	assert_string_equal(iso(s1, "outcome"), "on_time");
	assert_string_equal(iso(s1, "finished_at"), "2026-03-02T10:00:00+07:00");
	json_t *e = last_event(t, code);
	assert_string_equal(iso(e, "action"), "forward");
	assert_string_equal(iso(e, "at"), "2026-03-02T10:00:00+07:00");
	assert_string_equal(iso(json_object_get(e, "actor"), "username"), "tiepnhan1");
	assert_string_equal(iso(json_object_get(e, "to"), "username"), "hotich1");
	assert_int_equal(testdb_audits(t, "dossier.forward", code, "tiepnhan1", at(2, 10, 0)), 1);
	json_decref(e);
	json_decref(v);
	free(code);
}

static void test_version_conflict(void **state)
{
	struct testdb *t = *state;
	char *code = counter_code(t, at(2, 9, 0));
	struct problem p;
	struct action_req ar = {.code = code, .action = DA_FORWARD, .version = 1};
	assert_int_equal(act(t, "tiepnhan1", at(2, 10, 0), &ar, &p, NULL), 0);
	/* a page loaded before that forward still says version 1 */
	struct action_req stale = {.code = code,
				   .action = DA_REQUEST_SUPPLEMENT,
				   .version = 1,
				   .reason = "Thiếu giấy tờ",
				   .items = json_pack("[s]", "Bản sao Giấy khai sinh")};
	assert_int_equal(act(t, "hotich1", at(2, 11, 0), &stale, &p, NULL), ERR_CONFLICT);
	assert_int_equal(problem_status(p.kind), 409);
	assert_string_equal(p.code, "version_conflict");
	assert_string_equal(p.field, "version");
	json_t *v = view_of(t, "hotich1", at(2, 11, 0), code);
	assert_string_equal(iso(v, "status"), "processing");
	assert_int_equal(num(v, "version"), 2);
	json_decref(v);
	/* unknown code */
	struct action_req none = {.code = "000.01.40.H15-260302-9999", .action = DA_FORWARD};
	assert_int_equal(act(t, "tiepnhan1", at(2, 11, 0), &none, &p, NULL), ERR_NOT_FOUND);
	json_decref(stale.items);
	free(code);
}

static void test_step_ownership(void **state)
{
	struct testdb *t = *state;
	char *code = counter_code(t, at(2, 9, 0));
	struct problem p;
	struct action_req fwd = {.code = code, .action = DA_FORWARD};
	/* an officer of another unit may not act on the counter's step */
	assert_int_equal(act(t, "diachinh1", at(2, 10, 0), &fwd, &p, NULL), ERR_FORBIDDEN);
	assert_string_equal(p.code, "not_your_step");
	/* nor a reception officer without a unit */
	struct actor nounit = testdb_actor(t, "tiepnhan1");
	nounit.unit_id = 0;
	assert_int_equal(act_as(t, &nounit, at(2, 10, 0), &fwd, &p, NULL), ERR_FORBIDDEN);
	/* a role the action does not allow (reception does not send back) */
	struct action_req back = {.code = code, .action = DA_SEND_BACK, .reason = "x"};
	assert_int_equal(act(t, "tiepnhan1", at(2, 10, 0), &back, &p, NULL), ERR_FORBIDDEN);
	assert_string_equal(p.code, "forbidden");
	/* the counter forwards; now the step is VP's and only VP acts */
	assert_int_equal(act(t, "tiepnhan1", at(2, 10, 0), &fwd, &p, NULL), 0);
	assert_int_equal(act(t, "diachinh1", at(2, 11, 0), &fwd, &p, NULL), ERR_FORBIDDEN);
	assert_string_equal(p.code, "not_your_step");
	json_t *v = view_of(t, "hotich1", at(2, 11, 0), code);
	assert_true(json_is_true(json_object_get(v, "my_step")));
	json_decref(v);
	v = view_of(t, "diachinh1", at(2, 11, 0), code);
	assert_true(json_is_false(json_object_get(v, "my_step")));
	assert_int_equal(json_array_size(json_object_get(v, "allowed_actions")), 0);
	json_decref(v);
	free(code);
}

static void test_forward_to_named_officer(void **state)
{
	struct testdb *t = *state;
	char *code = counter_code(t, at(2, 9, 0));
	struct problem p;
	json_t *v;
	struct action_req ar = {.code = code, .action = DA_FORWARD, .to = "diachinh1"};
	assert_int_equal(act(t, "tiepnhan1", at(2, 10, 0), &ar, &p, NULL), ERR_VALIDATION);
	assert_int_equal(problem_status(p.kind), 422);
	assert_string_equal(p.code, "not_in_unit");
	assert_string_equal(p.field, "to");
	ar.to = "nobody";
	assert_int_equal(act(t, "tiepnhan1", at(2, 10, 0), &ar, &p, NULL), ERR_VALIDATION);
	assert_string_equal(p.field, "to");
	ar.to = "truongvp"; /* the head of the next step's unit */
	assert_int_equal(act(t, "tiepnhan1", at(2, 10, 0), &ar, &p, &v), 0);
	assert_string_equal(assignee(v), "truongvp");
	json_decref(v);
	free(code);
}

static void test_supplement_pauses_clock_once(void **state)
{
	struct testdb *t = *state;
	char *code = counter_code(t, at(2, 9, 0));
	struct problem p;
	json_t *v;
	struct action_req fwd = {.code = code, .action = DA_FORWARD};
	assert_int_equal(act(t, "tiepnhan1", at(2, 10, 0), &fwd, &p, NULL), 0);
	json_t *items = json_pack("[s]", "Bản sao Giấy khai sinh");
	struct action_req req = {.code = code,
				 .action = DA_REQUEST_SUPPLEMENT,
				 .reason = "Thiếu bản sao giấy tờ",
				 .items = items};
	assert_int_equal(act(t, "hotich1", at(2, 14, 0), &req, &p, &v), 0);
	assert_string_equal(iso(v, "status"), "supplement_requested");
	assert_true(json_is_true(json_object_get(v, "paused")));
	assert_string_equal(iso(json_object_get(v, "supplement"), "requested_at"),
			    "2026-03-02T14:00:00+07:00");
	json_decref(v);
	assert_int_equal(act(t, "hotich1", at(2, 15, 0), &req, &p, NULL), ERR_CONFLICT);
	assert_string_equal(p.code, "supplement_once");
	/* two working days later the citizen brings it to the counter */
	struct action_req sup = {.code = code, .action = DA_SUPPLEMENT, .note = "Đã nộp bổ sung"};
	assert_int_equal(act(t, "tiepnhan1", at(4, 14, 0), &sup, &p, &v), 0);
	assert_string_equal(iso(v, "status"), "processing");
	/* Thursday 09:00 + 2 working days paused → Monday 09:00 */
	assert_string_equal(iso(v, "due_at"), "2026-03-09T09:00:00+07:00");
	assert_string_equal(iso(v, "original_due_at"), "2026-03-05T09:00:00+07:00");
	assert_int_equal(num(v, "paused_working_seconds"), 2 * 8 * 3600);
	assert_string_equal(iso(json_array_get(json_object_get(v, "steps"), 1), "due_at"),
			    "2026-03-06T11:00:00+07:00");
	assert_int_equal(testdb_audits(t, "dossier.supplement", code, "tiepnhan1", at(4, 14, 0)),
			 1);
	json_decref(v);
	assert_int_equal(act(t, "hotich1", at(4, 15, 0), &req, &p, NULL), ERR_CONFLICT);
	assert_string_equal(p.code, "supplement_once");
	json_decref(items);
	free(code);
}

static void test_apology_once_and_complete_at_signing_step(void **state)
{
	struct testdb *t = *state;
	char *code = counter_code(t, at(2, 9, 0));
	struct problem p;
	json_t *v;
	struct action_req fwd = {.code = code, .action = DA_FORWARD};
	assert_int_equal(act(t, "tiepnhan1", at(2, 10, 0), &fwd, &p, NULL), 0);
	/* step 2 is not where the result is signed */
	struct action_req done = {.code = code, .action = DA_COMPLETE, .summary = "Đã cấp"};
	assert_int_equal(act(t, "hotich1", at(3, 9, 0), &done, &p, NULL), ERR_CONFLICT);
	assert_string_equal(p.code, "not_last_step");
	struct action_req to = {.code = code, .action = DA_FORWARD, .to = "chutich"};
	assert_int_equal(act(t, "hotich1", at(3, 9, 0), &to, &p, NULL), 0);
	struct action_req apo = {.code = code,
				 .action = DA_APOLOGIZE,
				 .reason = "Cần xác minh thêm",
				 .new_due_at = at(3, 9, 0)};
	assert_int_equal(act(t, "chutich", at(3, 10, 0), &apo, &p, NULL), ERR_VALIDATION);
	assert_string_equal(p.field, "new_due_at");
	apo.new_due_at = at(11, 17, 0);
	/* Mẫu 04 is the leader's (for the People's Committee): others are
	 * not competent, whatever unit holds the step */
	assert_int_equal(act(t, "tiepnhan1", at(3, 10, 0), &apo, &p, NULL), ERR_FORBIDDEN);
	assert_string_equal(p.code, "not_competent");
	assert_int_equal(act(t, "hotich1", at(3, 10, 0), &apo, &p, NULL), ERR_FORBIDDEN);
	assert_string_equal(p.code, "not_competent");
	/* bounded: at most N working days past the original appointment
	 * (Thu 5 March 09:00 + 3 working days = Tue 10 March 09:00) */
	t->app.cfg.apology_max_days = 3;
	assert_int_equal(act(t, "chutich", at(3, 10, 0), &apo, &p, NULL), ERR_VALIDATION);
	assert_string_equal(p.field, "new_due_at");
	t->app.cfg.apology_max_days = 0; /* the default, 30 */
	apo.new_due_at = at(11, 17, 0);
	assert_int_equal(act(t, "chutich", at(3, 10, 0), &apo, &p, &v), 0);
	assert_string_equal(iso(v, "due_at"), "2026-03-11T17:00:00+07:00");
	json_t *a = json_object_get(v, "apology");
	assert_string_equal(iso(a, "previous_due_at"), "2026-03-05T09:00:00+07:00");
	assert_true(json_is_true(json_object_get(a, "in_advance")));
	/* the last step's deadline is the new appointment */
	json_t *steps = json_object_get(v, "steps");
	assert_string_equal(iso(json_array_get(steps, 3), "due_at"), "2026-03-11T17:00:00+07:00");
	assert_int_equal(testdb_audits(t, "dossier.apologize", code, "chutich", at(3, 10, 0)), 1);
	json_decref(v);
	apo.new_due_at = at(13, 17, 0);
	assert_int_equal(act(t, "chutich", at(3, 11, 0), &apo, &p, NULL), ERR_CONFLICT);
	assert_string_equal(p.code, "apology_once");
	/* at the signing step complete hands the result to the counter */
	assert_int_equal(act(t, "chutich", at(4, 9, 0), &done, &p, &v), 0);
	assert_string_equal(iso(v, "status"), "result_ready");
	assert_int_equal(num(v, "current_step"), 4);
	assert_string_equal(iso(json_object_get(v, "result"), "summary"), "Đã cấp");
	json_decref(v);
	/* a result exists: no withdrawing; the counter returns it */
	struct action_req wd = {.code = code, .action = DA_WITHDRAW, .reason = "Không cần nữa"};
	assert_int_equal(act(t, "tiepnhan1", at(4, 10, 0), &wd, &p, NULL), ERR_CONFLICT);
	assert_string_equal(p.code, "invalid_transition");
	struct action_req ret = {
		.code = code, .action = DA_RETURN, .receiver_name = NAME, .method = "counter"};
	assert_int_equal(act(t, "tiepnhan1", at(4, 10, 0), &ret, &p, &v), 0);
	assert_string_equal(iso(v, "status"), "returned");
	assert_string_equal(iso(v, "timing"), "early");
	assert_true(json_is_null(json_object_get(v, "assignee")));
	size_t i;
	json_t *s;
	json_array_foreach (json_object_get(v, "steps"), i, s)
		assert_true(json_is_string(json_object_get(s, "finished_at")));
	json_decref(v);
	free(code);
}

static void test_send_back_refuse_withdraw(void **state)
{
	struct testdb *t = *state;
	char *code = counter_code(t, at(2, 9, 0));
	struct problem p;
	json_t *v;
	struct action_req fwd = {.code = code, .action = DA_FORWARD};
	assert_int_equal(act(t, "tiepnhan1", at(2, 10, 0), &fwd, &p, NULL), 0);
	struct action_req back = {.code = code, .action = DA_SEND_BACK, .reason = "Thiếu chữ ký"};
	assert_int_equal(act(t, "hotich1", at(2, 11, 0), &back, &p, &v), 0);
	assert_int_equal(num(v, "current_step"), 1);
	assert_string_equal(assignee(v), "tiepnhan1"); /* who handled step 1 */
	json_decref(v);
	struct action_req wd = {.code = code, .action = DA_WITHDRAW, .reason = "Công dân rút"};
	assert_int_equal(act(t, "tiepnhan1", at(2, 14, 0), &wd, &p, &v), 0);
	assert_string_equal(iso(v, "status"), "withdrawn");
	assert_string_equal(iso(json_object_get(v, "withdrawal"), "reason"), "Công dân rút");
	assert_true(json_is_null(json_object_get(v, "assignee")));
	json_decref(v);

	char *code2 = counter_code(t, at(2, 9, 30));
	int mailed = 0;
	struct action_req ref = {.code = code2,
				 .action = DA_REFUSE,
				 .reason = "Không đủ điều kiện",
				 .legal_basis = "Điều 18 Luật Hộ tịch 2014"};
	/* received: the counter officer is no longer competent to refuse */
	assert_int_equal(act(t, "tiepnhan1", at(2, 10, 0), &ref, &p, NULL), ERR_FORBIDDEN);
	assert_string_equal(p.code, "not_competent");
	struct actor who = testdb_actor(t, "chutich");
	memset(&p, 0, sizeof p);
	assert_int_equal(db_begin(t->db), DB_OK);
	assert_int_equal(dossier_act(t->db, &t->app, &who, at(2, 10, 0), &ref, &p, &v, &mailed), 0);
	assert_int_equal(db_commit(t->db), DB_OK);
	assert_string_equal(iso(v, "status"), "refused");
	assert_int_equal(mailed, 1); /* the refusal is written to the applicant */
	assert_string_equal(iso(json_array_get(json_object_get(v, "steps"), 0), "finished_at"),
			    "2026-03-02T10:00:00+07:00");
	assert_int_equal(testdb_audits(t, "dossier.refuse", code2, "chutich", at(2, 10, 0)), 1);
	/* Mẫu 03 names who refused, at which stage, on which legal basis */
	json_t *rf = json_object_get(v, "refusal");
	assert_string_equal(iso(rf, "legal_basis"), "Điều 18 Luật Hộ tịch 2014");
	assert_string_equal(iso(rf, "stage"), "processing");
	struct db_stmt *st = db_prep(t->db, "SELECT full_name FROM staff WHERE id = $1");
	db_bind_int(st, 1, who.staff_id);
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(iso(json_object_get(rf, "by"), "full_name"), db_col_text(st, 0));
	db_done(st);
	json_decref(v);
	free(code2);
	free(code);
}

/* Lawful variants of the time limit (Law on Civil Status 2014 Art. 18(2):
 * up to 5 working days when verification is needed): the appointment is
 * computed from the variant chosen; an unknown one is refused. */
static void test_time_limit_variant(void **state)
{
	struct testdb *t = *state;
	testdb_exec(t, "INSERT INTO procedure_time_variant (procedure_id, position, code, name,"
		       " limit_value, limit_unit) SELECT id, 1, 'xac_minh', 'Trường hợp cần xác"
		       " minh', 5, 'working_days' FROM procedure WHERE code = '" MARRIAGE "'");
	struct intake *in = new_intake(0);
	in->variant = "xac_minh";
	json_t *r = intake_as(t, "tiepnhan1", in, at(2, 9, 0), NULL);
	/* 5 working days from Monday 09:00 → the next Monday 09:00 */
	assert_string_equal(iso(r, "due_at"), "2026-03-09T09:00:00+07:00");
	json_t *v = view_of(t, "tiepnhan1", at(2, 9, 0), iso(r, "code"));
	json_t *var = json_object_get(v, "time_limit_variant");
	assert_string_equal(iso(var, "code"), "xac_minh");
	assert_string_equal(iso(var, "name"), "Trường hợp cần xác minh");
	assert_int_equal(num(var, "value"), 5);
	/* the steps keep their proportions and end at the appointment */
	json_t *steps = json_object_get(v, "steps");
	assert_string_equal(iso(json_array_get(steps, json_array_size(steps) - 1), "due_at"),
			    "2026-03-09T09:00:00+07:00");
	json_decref(v);
	json_decref(r);
	/* the base limit when none is chosen: 3 working days */
	r = take_in(t, "tiepnhan1", 0, at(2, 9, 0), NULL);
	assert_string_equal(iso(r, "due_at"), "2026-03-05T09:00:00+07:00");
	v = view_of(t, "tiepnhan1", at(2, 9, 0), iso(r, "code"));
	assert_true(json_is_null(json_object_get(v, "time_limit_variant")));
	json_decref(v);
	json_decref(r);
	/* an unknown code names the field */
	struct intake *bad = new_intake(0);
	struct arena ar = ARENA_INIT;
	struct problem p = {0};
	bad->variant = "khong_co";
	assert_int_equal(dossier_intake_procedure(t->db, bad, &ar, &p), ERR_VALIDATION);
	assert_string_equal(p.field, "time_limit_variant");
	free(bad);
	arena_release(&ar);
}

/* The 15:00 cut-off is the centre's practice, a per-procedure setting: on,
 * a dossier received at 15:30 starts its clock the next morning; off, at
 * once. */
static void test_cutoff_per_procedure(void **state)
{
	struct testdb *t = *state;
	json_t *r = take_in(t, "tiepnhan1", 0, at(2, 15, 30), NULL);
	json_t *v = view_of(t, "tiepnhan1", at(2, 15, 30), iso(r, "code"));
	assert_string_equal(iso(v, "clock_start"), "2026-03-03T07:30:00+07:00");
	assert_true(json_is_true(json_object_get(v, "cutoff")));
	json_decref(v);
	json_decref(r);
	testdb_exec(t, "UPDATE procedure SET cutoff = 0 WHERE code = '" MARRIAGE "'");
	r = take_in(t, "tiepnhan1", 0, at(2, 15, 30), NULL);
	v = view_of(t, "tiepnhan1", at(2, 15, 30), iso(r, "code"));
	assert_string_equal(iso(v, "clock_start"), "2026-03-02T15:30:00+07:00");
	assert_true(json_is_false(json_object_get(v, "cutoff")));
	/* 3 working days of 8 hours from Monday 15:30 → Thursday 15:30 */
	assert_string_equal(iso(r, "due_at"), "2026-03-05T15:30:00+07:00");
	json_decref(v);
	json_decref(r);
}

/* Mẫu 01: the authorised person's block and the book's volume and entry
 * (one volume per field and year, entries in the order of receipt; an
 * online submission is entered when it is accepted). */
static void test_authorised_person_and_book_entry(void **state)
{
	struct testdb *t = *state;
	struct intake *in = new_intake(0);
	in->has_agent = 1;
	in->agent = (struct agent){.name = "Lê Thị Hoa",
				   .id_number = "048190004567",
				   .document = "Giấy ủy quyền số 12/2026 ngày 01/3/2026"};
	json_t *r1 = intake_as(t, "tiepnhan1", in, at(2, 9, 0), NULL);
	json_t *v = view_of(t, "tiepnhan1", at(2, 9, 0), iso(r1, "code"));
	json_t *ag = json_object_get(v, "authorised_person");
	assert_string_equal(iso(ag, "name"), "Lê Thị Hoa");
	assert_string_equal(iso(ag, "id_number"), "048190004567");
	assert_string_equal(iso(ag, "document"), "Giấy ủy quyền số 12/2026 ngày 01/3/2026");
	assert_true(json_is_null(json_object_get(ag, "phone")));
	json_t *book = json_object_get(v, "book");
	const char *field = iso(json_object_get(json_object_get(v, "procedure"), "field"), "code");
	char volume[64];
	snprintf(volume, sizeof volume, "%s-2026", field);
	assert_string_equal(iso(book, "volume"), volume);
	assert_int_equal(num(book, "entry"), 1);
	json_decref(v);
	/* the next dossier of the field: the next entry; online waits */
	json_t *r2 = take_in(t, "tiepnhan1", 1, at(2, 9, 10), NULL);
	v = view_of(t, "tiepnhan1", at(2, 9, 10), iso(r2, "code"));
	assert_true(json_is_null(json_object_get(v, "book")));
	assert_true(json_is_null(json_object_get(v, "authorised_person")));
	json_decref(v);
	struct problem p;
	struct action_req acc = {.code = iso(r2, "code"), .action = DA_ACCEPT};
	assert_int_equal(act(t, "tiepnhan1", at(2, 9, 30), &acc, &p, &v), 0);
	assert_int_equal(num(json_object_get(v, "book"), "entry"), 2);
	json_decref(v);
	json_t *r3 = take_in(t, "tiepnhan1", 0, at(2, 10, 0), NULL);
	v = view_of(t, "tiepnhan1", at(2, 10, 0), iso(r3, "code"));
	assert_int_equal(num(json_object_get(v, "book"), "entry"), 3);
	json_decref(v);
	json_decref(r1);
	json_decref(r2);
	json_decref(r3);
}

/* A complete dossier may cite the guidance the citizen was given before
 * (Mẫu 02 at the counter): only one of the same procedure. */
static void test_dossier_cites_guidance(void **state)
{
	struct testdb *t = *state;
	testdb_exec(t, "INSERT INTO guidance (id, procedure_id, applicant_name, applicant_fold,"
		       " items, staff_id, created_at) SELECT 7, id, 'Nguyễn Văn Bình', 'nguyen van"
		       " binh', '[\"Tờ khai\"]', 1, 0 FROM procedure WHERE code = '" MARRIAGE "'");
	testdb_exec(t, "INSERT INTO guidance (id, procedure_id, applicant_name, applicant_fold,"
		       " items, staff_id, created_at) SELECT 8, id, 'Nguyễn Văn Bình', 'nguyen van"
		       " binh', '[\"Tờ khai\"]', 1, 0 FROM procedure WHERE code <> '" MARRIAGE
		       "' LIMIT 1");
	struct intake *in = new_intake(0);
	in->guidance_id = 7;
	json_t *r = intake_as(t, "tiepnhan1", in, at(2, 9, 0), NULL);
	json_t *v = view_of(t, "tiepnhan1", at(2, 9, 0), iso(r, "code"));
	assert_int_equal(num(v, "guidance_id"), 7);
	json_decref(v);
	json_decref(r);
	struct problem p = {0};
	struct arena ar = ARENA_INIT;
	static const long long bad[] = {7 /* already followed */, 8, 99};
	for (int i = 0; i < 3; i++) {
		struct intake *b = new_intake(0);
		b->guidance_id = bad[i];
		assert_int_equal(dossier_intake_procedure(t->db, b, &ar, &p), 0);
		assert_int_equal(dossier_intake_guidance(t->db, b, &p), ERR_VALIDATION);
		assert_string_equal(p.field, "guidance_id");
		free(b);
	}
	arena_release(&ar);
}

static void test_public_view_without_personal_data(void **state)
{
	struct testdb *t = *state;
	char *code = counter_code(t, at(2, 9, 0));
	struct problem p;
	struct action_req fwd = {.code = code, .action = DA_FORWARD};
	assert_int_equal(act(t, "tiepnhan1", at(2, 10, 0), &fwd, &p, NULL), 0);
	static const char doc[] = "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân theo mẫu";
	json_t *items = json_pack("[s,s]", doc,
				  "Giấy ủy quyền của ông " NAME ", gọi 0905123456 hoặc "
				  "binh.nguyen@example.com");
	struct action_req req = {
		.code = code, .action = DA_REQUEST_SUPPLEMENT, .reason = "Thiếu", .items = items};
	assert_int_equal(act(t, "hotich1", at(2, 14, 0), &req, &p, NULL), 0);
	struct jw w;
	jw_init(&w, 1 << 20);
	assert_int_equal(dossier_public_view(t->db, &t->app, at(2, 15, 0), code, &w, &p), 0);
	json_t *o = json_loadb(w.b.p, w.b.len, 0, NULL);
	assert_non_null(o);
	assert_string_equal(iso(o, "status"), "supplement_requested");
	assert_int_equal(json_array_size(json_object_get(o, "steps")), 4);
	const char *personal[] = {NAME,       "048085001234", "0905123456", "binh.nguyen",
				  "Trần Phú", "Thanh Thảo",   "Mỹ Duyên",   "tiepnhan",
				  "hotich",   "assignee",     "applicant\""};
	for (size_t i = 0; i < sizeof personal / sizeof personal[0]; i++)
		if (strstr(w.b.p, personal[i]))
			fail_msg("public view contains \"%s\": %s", personal[i], w.b.p);
	json_t *shown = json_object_get(json_object_get(o, "supplement"), "items");
	assert_int_equal(json_array_size(shown), 2);
	assert_string_equal(json_string_value(json_array_get(shown, 0)), doc);
	assert_non_null(strstr(json_string_value(json_array_get(shown, 1)), IDENT_MASK));
	json_decref(o);
	jw_free(&w);
	/* an unknown code is 404 */
	jw_init(&w, 1 << 20);
	assert_int_equal(dossier_public_view(t->db, &t->app, at(2, 15, 0),
					     "000.01.40.H15-260302-9999", &w, &p),
			 ERR_NOT_FOUND);
	jw_free(&w);
	json_decref(items);
	free(code);
}

static void test_inbox_search_and_unit(void **state)
{
	struct testdb *t = *state;
	char *code = counter_code(t, at(2, 9, 0));
	struct actor who = testdb_actor(t, "hotich1");
	struct arena ar = ARENA_INIT;
	struct problem p = {0};
	json_t *o;
	struct inbox_query q = {.q = "van binh", .limit = 50};
	assert_int_equal(dossier_inbox(t->db, &t->app, &who, at(2, 9, 30), &q, &ar, &p, &o), 0);
	assert_int_equal(num(o, "total"), 1);
	assert_string_equal(iso(json_array_get(json_object_get(o, "items"), 0), "code"), code);
	json_decref(o);
	q = (struct inbox_query){.q = "000.01.40.H15-2603", .unit = "mine", .limit = 50};
	assert_int_equal(dossier_inbox(t->db, &t->app, &who, at(2, 9, 30), &q, &ar, &p, &o), 0);
	assert_int_equal(num(o, "total"), 0); /* at the counter's step, not VP's */
	json_decref(o);
	q = (struct inbox_query){.status = "nonsense", .limit = 50};
	assert_int_equal(dossier_inbox(t->db, &t->app, &who, at(2, 9, 30), &q, &ar, &p, &o),
			 ERR_BAD_REQUEST);
	assert_string_equal(p.field, "status");
	arena_release(&ar);
	free(code);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_counter_intake_code_and_appointment, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_online_submission_then_accept, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_forward_effects_event_and_audit, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_version_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_step_ownership, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forward_to_named_officer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_supplement_pauses_clock_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_apology_once_and_complete_at_signing_step,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_send_back_refuse_withdraw, setup, teardown),
		cmocka_unit_test_setup_teardown(test_time_limit_variant, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cutoff_per_procedure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_authorised_person_and_book_entry, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_dossier_cites_guidance, setup, teardown),
		cmocka_unit_test_setup_teardown(test_public_view_without_personal_data, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_inbox_search_and_unit, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
