/*
 * test_reception.c — the reception services (reception.h) on a migrated
 * demo database (testdb.h; PostgreSQL when MOTCUA_TEST_PG is set), without a
 * server: the duty warning (the commune chairman's day a week, a changed
 * duty, a cancelled session not counting, two sessions on one day counting
 * once, a month duty for the province), the registration cap and the
 * closed session, and a visit of two matters making two petitions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "app/dossier/dossier.h"
#include "app/reception/reception.h"
#include "testdb.h"

static int64_t at(int y, int m, int d, int hh, int mi)
{
	return vn_instant(y, m, d, hh, mi, 0);
}

static int64_t day(int y, int m, int d)
{
	return vn_days_from_civil(y, m, d);
}

/* A session of the chairman on y-m-d 08:00–11:00 as `user`; its id. */
static long long session(struct testdb *t, const char *user, const char *role, int y, int m, int d,
			 long long cap, int cancelled)
{
	struct actor who = testdb_actor(t, user);
	struct reception_session_in in = {.leader_name = "Nguyễn Văn Chủ Tịch",
					  .leader_role = role,
					  .starts_at = at(y, m, d, 8, 0),
					  .ends_at = at(y, m, d, 11, 0),
					  .place = "Phòng tiếp công dân",
					  .kind = "regular",
					  .mode = "in_person",
					  .capacity = cap,
					  .cancelled = cancelled};
	struct problem p = {0};
	json_t *o = NULL;
	assert_int_equal(db_begin(t->db), DB_OK);
	assert_int_equal(reception_session_save(t->db, &who, at(2026, 3, 1, 9, 0), 0, &in, &p, &o),
			 0);
	assert_int_equal(db_commit(t->db), DB_OK);
	long long id = json_integer_value(json_object_get(o, "id"));
	json_decref(o);
	return id;
}

static long long agency_of(struct testdb *t, const char *user)
{
	struct actor who = testdb_actor(t, user);
	return dossier_viewer_agency(t->db, &who);
}

/* The warnings of the user's agency for the period. */
static json_t *warnings(struct testdb *t, const char *user, int64_t from, int64_t to)
{
	struct problem p = {0};
	json_t *w = NULL;
	assert_int_equal(reception_warnings(t->db, agency_of(t, user), from, to, &p, &w), 0);
	return w;
}

static void test_weekly_duty(void **state)
{
	struct testdb *t = *state;
	/* March 2026: Mondays 2, 9, 16, 23; the period 2–22 holds three whole weeks */
	json_t *w = warnings(t, "tiepnhan1", day(2026, 3, 1), day(2026, 3, 22));
	assert_int_equal(json_array_size(w), 3);
	json_t *first = json_array_get(w, 0);
	assert_string_equal(json_string_value(json_object_get(first, "role")), "commune_chairman");
	assert_string_equal(json_string_value(json_object_get(first, "from")), "2026-03-02");
	assert_string_equal(json_string_value(json_object_get(first, "to")), "2026-03-08");
	assert_int_equal(json_integer_value(json_object_get(first, "required")), 1);
	assert_int_equal(json_integer_value(json_object_get(first, "scheduled")), 0);
	assert_non_null(strstr(json_string_value(json_object_get(first, "message_vi")),
			       "ít nhất 1 ngày mỗi tuần"));
	json_decref(w);

	/* a session in week 1, two on one day of week 2 (one day), a cancelled one in week 3,
	 * and another role's session in week 3: weeks 3 still short */
	session(t, "tiepnhan1", "commune_chairman", 2026, 3, 4, 10, 0);
	session(t, "tiepnhan1", "commune_chairman", 2026, 3, 10, 10, 0);
	session(t, "tiepnhan1", "commune_chairman", 2026, 3, 10, 10, 0);
	session(t, "tiepnhan1", "commune_chairman", 2026, 3, 17, 10, 1);
	session(t, "tiepnhan1", "", 2026, 3, 18, 10, 0);
	w = warnings(t, "tiepnhan1", day(2026, 3, 1), day(2026, 3, 22));
	assert_int_equal(json_array_size(w), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(w, 0), "from")),
			    "2026-03-16");
	json_decref(w);

	/* the duty raised to two days a week: week 2 has one day (twice), so it falls short */
	struct actor admin = testdb_actor(t, "admin");
	struct problem p = {0};
	json_t *o = NULL;
	assert_int_equal(db_begin(t->db), DB_OK);
	assert_int_equal(reception_duty_set(t->db, &admin, at(2026, 3, 1, 9, 0), "commune_chairman",
					    2, "week", &p, &o),
			 0);
	assert_int_equal(db_commit(t->db), DB_OK);
	json_decref(o);
	w = warnings(t, "tiepnhan1", day(2026, 3, 1), day(2026, 3, 22));
	assert_int_equal(json_array_size(w), 3);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(w, 1), "scheduled")), 1);
	json_decref(w);

	/* another agency's schedule is its own: Hội An Đông is short every week */
	w = warnings(t, "hoiandong.tiepnhan", day(2026, 3, 1), day(2026, 3, 22));
	assert_int_equal(json_array_size(w), 3);
	json_decref(w);

	/* an invalid duty is refused, naming the field */
	p = (struct problem){0};
	assert_int_equal(db_begin(t->db), DB_OK);
	assert_int_equal(reception_duty_set(t->db, &admin, at(2026, 3, 1, 9, 0), "commune_chairman",
					    8, "week", &p, &o),
			 ERR_VALIDATION);
	db_rollback(t->db);
	assert_string_equal(p.field, "days");
}

static void test_monthly_duty_province(void **state)
{
	struct testdb *t = *state;
	/* the province (DNG): its chairman at least one day a month; only whole months */
	json_t *w = NULL;
	struct db_stmt *st =
		db_row(t->db, "SELECT id FROM agency WHERE code = $1", DB_ARGS(db_text("DNG")));
	assert_non_null(st);
	long long dng = db_col_int(st, 0);
	db_done(st);
	struct problem p = {0};
	assert_int_equal(reception_warnings(t->db, dng, day(2026, 3, 1), day(2026, 5, 15), &p, &w),
			 0);
	assert_int_equal(json_array_size(w), 2); /* March and April; May not whole */
	assert_string_equal(json_string_value(json_object_get(json_array_get(w, 0), "role")),
			    "province_chairman");
	assert_string_equal(json_string_value(json_object_get(json_array_get(w, 1), "from")),
			    "2026-04-01");
	assert_string_equal(json_string_value(json_object_get(json_array_get(w, 1), "to")),
			    "2026-04-30");
	json_decref(w);
}

static int reg(struct testdb *t, long long sid, int64_t now, const char *contact, struct problem *p)
{
	struct actor who = {0};
	json_t *o = NULL;
	*p = (struct problem){0};
	assert_int_equal(db_begin(t->db), DB_OK);
	int rc = reception_register(t->db, &who, now, sid, "Lê Thị Đăng Ký", contact,
				    "Hỏi về đất đai", p, &o);
	if (rc)
		db_rollback(t->db);
	else {
		assert_int_equal(db_commit(t->db), DB_OK);
		assert_int_equal(strlen(json_string_value(json_object_get(o, "code"))),
				 RECEPTION_CODE_LEN);
	}
	json_decref(o);
	return rc;
}

static void test_registration_cap(void **state)
{
	struct testdb *t = *state;
	long long sid = session(t, "tiepnhan1", "commune_chairman", 2026, 3, 10, 2, 0);
	struct problem p;
	int64_t now = at(2026, 3, 2, 9, 0);
	assert_int_equal(reg(t, sid, now, "khong-hop-le", &p), ERR_VALIDATION);
	assert_string_equal(p.field, "contact");
	assert_int_equal(reg(t, sid, now, "0905 123 456", &p), 0);
	assert_int_equal(reg(t, sid, now, "dangky@example.vn", &p), 0);
	assert_int_equal(reg(t, sid, now, "0905 123 457", &p), ERR_CONFLICT);
	assert_string_equal(p.code, "session_full");
	/* after its start a session takes no registration */
	long long s2 = session(t, "tiepnhan1", "commune_chairman", 2026, 3, 11, 5, 0);
	assert_int_equal(reg(t, s2, at(2026, 3, 11, 8, 30), "0905 123 456", &p), ERR_CONFLICT);
	assert_string_equal(p.code, "session_closed");
	/* the registrants' contacts are in no audit record */
	struct db_stmt *st = db_prep(t->db, "SELECT coalesce(after, '') FROM audit"
					    " WHERE action = 'reception.register'");
	int n = 0;
	while (db_step(st) == DB_ROW) {
		n++;
		assert_null(strstr(db_col_text(st, 0), "0905"));
		assert_null(strstr(db_col_text(st, 0), "Đăng Ký"));
	}
	db_done(st);
	assert_int_equal(n, 2);
}

static void test_visit_split(void **state)
{
	struct testdb *t = *state;
	struct actor who = testdb_actor(t, "tiepnhan1");
	struct reception_visit_in in = {.visitors = "Phạm Văn Đến",
					.id_number = "049201001234",
					.people = 2,
					.within_competence = 1,
					.n_matters = 2};
	in.matters[0] = (struct reception_matter_in){.type = "complaint",
						     .field = "Đất đai",
						     .content = "Khiếu nại quyết định thu hồi đất"};
	in.matters[1] = (struct reception_matter_in){
		.type = "recommendation", .field = "Giao thông", .content = "Kiến nghị sửa đường"};
	struct problem p = {0};
	json_t *o = NULL;
	int mailed = 0;
	assert_int_equal(db_begin(t->db), DB_OK);
	assert_int_equal(reception_visit_record(t->db, &t->app, &who, at(2026, 3, 2, 9, 0), &in, &p,
						&o, &mailed),
			 0);
	assert_int_equal(db_commit(t->db), DB_OK);
	assert_int_equal(json_integer_value(json_object_get(o, "seq")), 1);
	json_t *pets = json_object_get(o, "petitions");
	assert_int_equal(json_array_size(pets), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(pets, 1), "type")),
			    "recommendation");
	json_decref(o);
	/* the book: one row, both types; the specialist sees no personal data */
	assert_int_equal(
		reception_book(t->db, &who, NULL, day(2026, 3, 1), day(2026, 3, 31), &p, &o), 0);
	json_t *row = json_array_get(json_object_get(o, "items"), 0);
	assert_string_equal(json_string_value(json_object_get(row, "visitors")), "Phạm Văn Đến");
	assert_string_equal(json_string_value(json_object_get(row, "type_labels")),
			    "Khiếu nại, Kiến nghị");
	json_decref(o);
	struct actor spec = testdb_actor(t, "hotich1");
	assert_int_equal(
		reception_book(t->db, &spec, NULL, day(2026, 3, 1), day(2026, 3, 31), &p, &o), 0);
	row = json_array_get(json_object_get(o, "items"), 0);
	assert_true(json_is_null(json_object_get(row, "visitors")));
	assert_true(json_is_null(json_object_get(row, "id_number")));
	json_decref(o);
	/* a matter without content: 422 on matters[1].content, nothing written */
	in.matters[1].content = " ";
	p = (struct problem){0};
	assert_int_equal(db_begin(t->db), DB_OK);
	assert_int_equal(reception_visit_record(t->db, &t->app, &who, at(2026, 3, 2, 10, 0), &in,
						&p, &o, &mailed),
			 ERR_VALIDATION);
	db_rollback(t->db);
	assert_string_equal(p.field, "matters[1].content");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_weekly_duty, testdb_setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_monthly_duty_province, testdb_setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(test_registration_cap, testdb_setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(test_visit_split, testdb_setup, testdb_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
