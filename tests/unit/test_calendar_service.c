/* test_calendar_service.c — the calendar's services on a real demo store
 * (testdb.h): a day off and a make-up working day put, a day removed, the
 * recurring rules replaced and restored, a year imported from CSV; each
 * change comes back with the calendar rebuilt from the store (published
 * here as the server publishes it after the commit) and leaves an audit
 * record stamped with the caller's `now`. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "app/calendar/calendar.h"
#include "core/vntime.h"
#include "testdb.h"

/* A clock that is not the store's default, to see it in the audit trail. */
#define LATER (3 * 3600 + 17)

static int64_t day_of(const char *s)
{
	int64_t d;
	assert_int_equal(vn_parse_date(s, strlen(s), &d), 0);
	return d;
}

/* Audit records of `action` on `id` by admin at exactly `at`. */
static long long audits(struct db *db, const char *action, const char *id, int64_t at)
{
	static const char sql[] = "SELECT count(*) FROM audit WHERE action = $1 AND entity = "
				  "'calendar' AND entity_id = $2 AND actor = 'admin' AND at = $3";
	struct db_stmt *st = db_prep(db, sql);
	db_bind_text(st, 1, action);
	db_bind_text(st, 2, id);
	db_bind_int(st, 3, at);
	long long n = db_step(st) == DB_ROW ? db_col_int(st, 0) : -1;
	db_done(st);
	return n;
}

/* Commit (rc == 0) and publish, or roll back and free: as calendar_http.c. */
static int finish(struct testdb *t, int rc, struct calendar_change *ch)
{
	if (rc == 0) {
		assert_int_equal(db_commit(t->db), DB_OK);
		app_cal_replace(&t->app, ch->next);
		ch->next = NULL;
	} else {
		db_rollback(t->db);
	}
	calendar_change_free(ch);
	return rc;
}

static int put_day(struct testdb *t, int64_t now, const char *date, enum hol_kind kind,
		   const char *name, struct problem *p, struct calendar_change *ch)
{
	struct actor who = testdb_actor(t, "admin");
	struct hol_row row = {day_of(date), kind, name, "123/QĐ-UBND", "", 0};
	memset(p, 0, sizeof *p);
	assert_int_equal(db_begin(t->db), DB_OK);
	int rc = calendar_day_put(t->db, &who, now, &row, ch, p);
	if (rc)
		db_rollback(t->db);
	else
		assert_int_equal(db_commit(t->db), DB_OK);
	return rc;
}

static int working(struct testdb *t, const char *date)
{
	const struct hol_calendar *c = app_cal_lock(&t->app);
	int w = hol_is_working_day(c, day_of(date));
	app_cal_unlock(&t->app);
	return w;
}

/* What a restart would load from the store. */
static int working_after_restart(struct testdb *t, const char *date)
{
	struct hol_error he;
	struct hol_calendar *c = calendar_build(t->db, &he);
	assert_non_null(c);
	int w = hol_is_working_day(c, day_of(date));
	hol_free(c);
	return w;
}

static void day_off(void **state)
{
	(void)state;
	struct testdb t;
	testdb_open(&t);
	int64_t now = t.app.fake_now + LATER;
	struct problem p;
	struct calendar_change ch;
	assert_true(working(&t, "2026-03-10")); /* a Tuesday */
	assert_int_equal(put_day(&t, now, "2026-03-10", HOL_OFF, "Nghỉ bầu cử", &p, &ch), 0);
	assert_false(ch.working);
	assert_string_equal(json_string_value(json_object_get(ch.entry, "name")), "Nghỉ bầu cử");
	assert_string_equal(json_string_value(json_object_get(ch.entry, "kind")), "off");
	assert_int_equal(ch.affected, 0);
	assert_false(hol_is_working_day(ch.next, day_of("2026-03-10")));
	/* not live until published */
	assert_true(working(&t, "2026-03-10"));
	app_cal_replace(&t.app, ch.next);
	ch.next = NULL;
	calendar_change_free(&ch);
	assert_false(working(&t, "2026-03-10"));
	assert_false(working_after_restart(&t, "2026-03-10"));
	/* the year is now the database's: its other days off are still there */
	assert_false(working_after_restart(&t, "2026-09-02"));
	assert_int_equal(audits(t.db, "calendar.day_set", "2026-03-10", now), 1);

	json_t *y = NULL;
	assert_int_equal(calendar_year_json(&t.app, t.db, 2026, &y, &p), 0);
	assert_string_equal(json_string_value(json_object_get(y, "source")), "database");
	json_decref(y);

	/* a day needs a name; texts have a ceiling */
	assert_int_equal(put_day(&t, now, "2026-03-11", HOL_OFF, "", &p, &ch), ERR_VALIDATION);
	assert_string_equal(p.field, "name");
	char longname[HOL_TEXT_MAX + 2];
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	assert_int_equal(put_day(&t, now, "2026-03-11", HOL_OFF, longname, &p, &ch),
			 ERR_VALIDATION);
	assert_string_equal(p.field, "name");
	testdb_close(&t);
}

static void make_up_day(void **state)
{
	(void)state;
	struct testdb t;
	testdb_open(&t);
	int64_t now = t.app.fake_now + LATER;
	struct problem p;
	struct calendar_change ch;
	assert_false(working(&t, "2026-03-14")); /* a Saturday */
	assert_int_equal(put_day(&t, now, "2026-03-14", HOL_WORK, "Làm bù", &p, &ch), 0);
	assert_true(ch.working);
	assert_string_equal(json_string_value(json_object_get(ch.entry, "kind")), "work");
	app_cal_replace(&t.app, ch.next);
	ch.next = NULL;
	calendar_change_free(&ch);
	assert_true(working(&t, "2026-03-14"));
	assert_int_equal(audits(t.db, "calendar.day_set", "2026-03-14", now), 1);

	/* Monday to Friday already are working days */
	assert_int_equal(put_day(&t, now, "2026-03-11", HOL_WORK, "Làm bù", &p, &ch),
			 ERR_VALIDATION);
	assert_string_equal(p.field, "kind");
	assert_int_equal(problem_status(p.kind), 422);
	int work = -1;
	assert_int_equal(calendar_check_kind(day_of("2026-03-11"), "holiday", &work, &p),
			 ERR_VALIDATION);
	assert_int_equal(calendar_check_kind(day_of("2026-03-15"), "work", &work, &p), 0);
	assert_int_equal(work, 1);
	testdb_close(&t);
}

static void delete_day(void **state)
{
	(void)state;
	struct testdb t;
	testdb_open(&t);
	struct actor who = testdb_actor(&t, "admin");
	int64_t now = t.app.fake_now + LATER;
	struct problem p = {0};
	struct calendar_change ch;
	/* National Day, shipped: removing it makes it a working Wednesday */
	assert_false(working(&t, "2026-09-02"));
	assert_int_equal(db_begin(t.db), DB_OK);
	int rc = calendar_day_delete(t.db, &who, now, day_of("2026-09-02"), &ch, &p);
	assert_int_equal(rc, 0);
	assert_null(ch.entry);
	assert_true(ch.working);
	finish(&t, rc, &ch);
	assert_true(working(&t, "2026-09-02"));
	assert_true(working_after_restart(&t, "2026-09-02"));
	assert_int_equal(audits(t.db, "calendar.day_remove", "2026-09-02", now), 1);

	/* an ordinary day: nothing to remove */
	memset(&p, 0, sizeof p);
	assert_int_equal(db_begin(t.db), DB_OK);
	rc = calendar_day_delete(t.db, &who, now, day_of("2026-03-12"), &ch, &p);
	assert_int_equal(rc, ERR_NOT_FOUND);
	assert_string_equal(p.field, "date");
	finish(&t, rc, &ch);
	testdb_close(&t);
}

static void rules(void **state)
{
	(void)state;
	struct testdb t;
	testdb_open(&t);
	struct actor who = testdb_actor(&t, "admin");
	int64_t now = t.app.fake_now + LATER;
	struct problem p = {0};
	struct calendar_change ch;
	json_t *out = NULL;
	assert_int_equal(calendar_rules_json(&t.app, t.db, &out, &p), 0);
	assert_string_equal(json_string_value(json_object_get(out, "source")), "shipped");
	size_t shipped = json_array_size(json_object_get(out, "rules"));
	assert_true(shipped > 1);
	json_decref(out);

	/* one rule only: 1 January, solar */
	struct hol_rule one = {HOL_SOLAR, 1, 1, 0, 1, 0, 0, "Tết Dương lịch", ""};
	assert_int_equal(db_begin(t.db), DB_OK);
	int rc = calendar_rules_set(t.db, &who, now, &one, 1, &ch, &p);
	assert_int_equal(rc, 0);
	assert_int_equal(json_array_size(ch.rules), 1);
	finish(&t, rc, &ch);
	assert_int_equal(calendar_rules_json(&t.app, t.db, &out, &p), 0);
	assert_string_equal(json_string_value(json_object_get(out, "source")), "database");
	assert_int_equal(json_array_size(json_object_get(out, "rules")), 1);
	json_decref(out);
	assert_int_equal(audits(t.db, "calendar.rules", "rules", now), 1);
	/* 30 April is a working day in an undecided year under that rule alone */
	assert_true(working(&t, "2031-04-30"));

	/* 30 February does not exist */
	struct hol_rule bad = {HOL_SOLAR, 2, 30, 0, 1, 0, 0, "Ngày không có", ""};
	memset(&p, 0, sizeof p);
	assert_int_equal(db_begin(t.db), DB_OK);
	rc = calendar_rules_set(t.db, &who, now, &bad, 1, &ch, &p);
	assert_int_equal(rc, ERR_VALIDATION);
	assert_string_equal(p.field, "rules[0].day");
	finish(&t, rc, &ch);

	/* none: back to the shipped rules */
	assert_int_equal(db_begin(t.db), DB_OK);
	rc = calendar_rules_set(t.db, &who, now + 1, NULL, 0, &ch, &p);
	assert_int_equal(rc, 0);
	finish(&t, rc, &ch);
	assert_int_equal(calendar_rules_json(&t.app, t.db, &out, &p), 0);
	assert_string_equal(json_string_value(json_object_get(out, "source")), "shipped");
	assert_int_equal(json_array_size(json_object_get(out, "rules")), shipped);
	json_decref(out);
	assert_false(working(&t, "2031-04-30"));
	testdb_close(&t);
}

static void import_year(void **state)
{
	(void)state;
	struct testdb t;
	testdb_open(&t);
	struct actor who = testdb_actor(&t, "admin");
	int64_t now = t.app.fake_now + LATER;
	struct problem p = {0};
	struct calendar_change ch;
	static const char csv[] = "date,kind,name,decision,reason\n"
				  "2027-01-01,off,Tết Dương lịch,,\n"
				  "2027-02-03,off,Nghỉ Tết,,\n"
				  "2027-02-06,work,Làm bù,,\n";
	assert_int_equal(db_begin(t.db), DB_OK);
	int rc = calendar_import_year(t.db, &who, now, 2027, csv, strlen(csv), &ch, &p);
	assert_int_equal(rc, 0);
	assert_int_equal(ch.days, 3);
	assert_int_equal(ch.affected, 0);
	finish(&t, rc, &ch);
	assert_false(working(&t, "2027-02-03"));
	assert_true(working(&t, "2027-02-06"));
	assert_true(working(&t, "2027-04-30") == working_after_restart(&t, "2027-04-30"));
	assert_int_equal(audits(t.db, "calendar.import", "2027", now), 1);
	char *out = NULL;
	size_t len = 0;
	assert_int_equal(calendar_export_csv(&t.app, 2027, &out, &len, &p), 0);
	assert_non_null(strstr(out, "2027-02-06,work,Làm bù"));
	free(out);

	/* a date of another year names its line; nothing changes */
	static const char other[] = "date,kind,name,decision,reason\n"
				    "2027-01-01,off,Tết Dương lịch,,\n"
				    "2028-01-01,off,Tết Dương lịch,,\n";
	memset(&p, 0, sizeof p);
	assert_int_equal(db_begin(t.db), DB_OK);
	rc = calendar_import_year(t.db, &who, now, 2027, other, strlen(other), &ch, &p);
	assert_int_equal(rc, ERR_VALIDATION);
	assert_string_equal(p.field, "line 3");
	finish(&t, rc, &ch);
	assert_false(working(&t, "2027-02-03"));

	/* a make-up day on a weekday is the core's refusal, with its line */
	static const char weekday[] = "date,kind,name,decision,reason\n"
				      "2027-02-03,work,Làm bù,,\n";
	assert_int_equal(db_begin(t.db), DB_OK);
	rc = calendar_import_year(t.db, &who, now, 2027, weekday, strlen(weekday), &ch, &p);
	assert_int_equal(rc, ERR_VALIDATION);
	assert_string_equal(p.field, "line 2");
	finish(&t, rc, &ch);
	testdb_close(&t);
}

static void input_rules(void **state)
{
	(void)state;
	struct problem p = {0};
	int year;
	int64_t day;
	assert_int_equal(calendar_parse_year("2026", &year, &p), 0);
	assert_int_equal(year, 2026);
	assert_int_equal(calendar_parse_year("1899", &year, &p), ERR_VALIDATION);
	assert_int_equal(calendar_parse_year("20266", &year, &p), ERR_VALIDATION);
	assert_string_equal(p.field, "year");
	assert_int_equal(calendar_parse_date("2026-02-29", &day, &p), ERR_VALIDATION);
	assert_string_equal(p.field, "date");
	assert_int_equal(calendar_parse_date("2028-02-29", &day, &p), 0);
	struct hol_rule r = {HOL_SOLAR, 2, 29, 0, 1, 2030, 2020, "x", ""};
	assert_int_equal(calendar_check_rule(&r, 3, &p), ERR_VALIDATION);
	assert_string_equal(p.field, "rules[3].last_year");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(day_off),     cmocka_unit_test(make_up_day),
		cmocka_unit_test(delete_day),  cmocka_unit_test(rules),
		cmocka_unit_test(import_year), cmocka_unit_test(input_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
