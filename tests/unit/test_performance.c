/* test_performance.c — the officers' figures (performance.h) on a real demo
 * store (testdb.h; PostgreSQL with MOTCUA_TEST_PG): steps with known
 * outcomes and instants give known counts, on-time rate and average step
 * time in working hours (the agency's 07:30–11:30, 13:00–17:00); below the
 * minimum sample the rate is hidden; evaluations and petitions tied to the
 * officer; who may read whose figures; the table's scope; the drill-down. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/performance/performance.h"
#include "testdb.h"

static int setup(void **state)
{
	struct testdb *t = malloc(sizeof *t);
	testdb_open(t);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct testdb *t = *state;
	testdb_close(t);
	free(t);
	return 0;
}

static long long staff_id(struct testdb *t, const char *username)
{
	struct actor a = testdb_actor(t, username);
	return a.staff_id;
}

/* Monday 2 March 2026 local time h:m */
static int64_t mar(int day, int h, int m)
{
	return vn_instant(2026, 3, day, h, m, 0);
}

/* A dossier of the demo's first procedure at HOIAN, received by `recby`
 * (username or NULL) at `received`, due at `due`. */
static void dossier(struct testdb *t, long long id, const char *code, const char *channel,
		    const char *recby, int64_t received, int64_t due)
{
	char sql[2048], rb[160] = "NULL";
	if (recby)
		snprintf(rb, sizeof rb, "(SELECT id FROM staff WHERE username = '%s')", recby);
	snprintf(sql, sizeof sql,
		 "INSERT INTO dossier (id, code, procedure_id, agency_id, status, channel,"
		 " return_method, applicant_kind, applicant_name, applicant_fold, limit_value,"
		 " limit_unit, received_at, clock_start, due_at, original_due_at, received_by,"
		 " created_at, updated_at) VALUES (%lld, '%s',"
		 " (SELECT id FROM procedure WHERE code = '1.004873'),"
		 " (SELECT id FROM agency WHERE code = 'HOIAN'), 'processing', '%s', 'counter',"
		 " 'person', 'Nguyễn Văn A', 'nguyen van a', 5, 'working_days', %lld, %lld, %lld,"
		 " %lld, %s, %lld, %lld)",
		 id, code, channel, (long long)received, (long long)received, (long long)due,
		 (long long)due, rb, (long long)received, (long long)received);
	testdb_exec(t, sql);
}

/* A step of dossier `id` handled by `handler`; finished < 0: open. */
static void step(struct testdb *t, long long id, int pos, const char *handler, int64_t started,
		 int64_t finished, int64_t due, const char *outcome)
{
	char sql[1024], fin[32] = "NULL", out[32] = "NULL";
	if (finished >= 0)
		snprintf(fin, sizeof fin, "%lld", (long long)finished);
	if (outcome)
		snprintf(out, sizeof out, "'%s'", outcome);
	snprintf(sql, sizeof sql,
		 "INSERT INTO dossier_step (dossier_id, position, name, unit_id, due_at,"
		 " started_at, finished_at, handler_id, outcome) VALUES (%lld, %d, 'Bước %d',"
		 " (SELECT unit_id FROM staff WHERE username = '%s'), %lld, %lld, %s,"
		 " (SELECT id FROM staff WHERE username = '%s'), %s)",
		 id, pos, pos, handler, (long long)due, (long long)started, fin, handler, out);
	testdb_exec(t, sql);
}

/* hotich1 in March 2026: 12 steps handed over in the period over 10
 * dossiers (3 early, 6 on time, 3 late), each two working hours; one
 * skipped (not counted), one finished before the period (not counted),
 * two open at the period's end (one overdue). */
static void arrange(struct testdb *t)
{
	static const char *const outcomes[12] = {"early",   "early",   "early",   "on_time",
						 "on_time", "on_time", "on_time", "on_time",
						 "on_time", "late",    "late",    "late"};
	char code[32];
	for (int i = 0; i < 10; i++) {
		snprintf(code, sizeof code, "T-260302-%04d", i + 1);
		dossier(t, 9001 + i, code, i < 4 ? "online" : "counter", "tiepnhan1", mar(2, 8, 0),
			mar(20, 17, 0));
	}
	int k = 0;
	for (int i = 0; i < 10; i++) {
		/* dossiers 1 and 2 have a second step of hotich1 */
		int nsteps = i < 2 ? 2 : 1;
		for (int s = 0; s < nsteps; s++, k++) {
			int day = 3 + (k % 5); /* Tue 3 … Sat 7: Sat is not worked */
			if (day == 7)
				day = 9; /* Monday */
			if (k == 11)     /* across the night: 16:00 → next day 08:30 = 2 h */
				step(t, 9001 + i, 2 + s, "hotich1", mar(10, 16, 0), mar(11, 8, 30),
				     mar(12, 17, 0), outcomes[k]);
			else
				step(t, 9001 + i, 2 + s, "hotich1", mar(day, 8, 0), mar(day, 10, 0),
				     mar(day, 17, 0), outcomes[k]);
		}
	}
	/* not counted: skipped, and finished in February */
	step(t, 9003, 5, "hotich1", mar(4, 8, 0), mar(4, 9, 0), mar(4, 17, 0), "skipped");
	step(t, 9004, 5, "hotich1", vn_instant(2026, 2, 27, 8, 0, 0),
	     vn_instant(2026, 2, 27, 9, 0, 0), mar(4, 17, 0), "on_time");
	/* open at the end of the period (1 April): one overdue */
	step(t, 9005, 6, "hotich1", mar(30, 8, 0), -1, mar(31, 17, 0), NULL);
	step(t, 9006, 6, "hotich1", mar(31, 8, 0), -1, vn_instant(2026, 4, 3, 17, 0, 0), NULL);
}

static void test_known_outcomes(void **state)
{
	struct testdb *t = *state;
	arrange(t);
	struct officer_figures f;
	struct problem p = {0};
	int64_t from = mar(1, 0, 0), to = vn_instant(2026, 4, 1, 0, 0, 0);
	assert_int_equal(
		performance_officer(t->db, &t->app, staff_id(t, "hotich1"), from, to, &f, &p), 0);
	assert_int_equal(f.steps_handled, 12);
	assert_int_equal(f.steps_early, 3);
	assert_int_equal(f.steps_on_time, 6);
	assert_int_equal(f.steps_late, 3);
	assert_true(f.on_time_rate == 75.0);
	assert_true(f.avg_step_hours == 2.0);
	assert_int_equal(f.dossiers_handled, 10);
	assert_int_equal(f.steps_open, 2);
	assert_int_equal(f.steps_overdue, 1);
	assert_int_equal(f.dossiers_received, 0);
	assert_int_equal(f.petitions_about, -1);

	/* the receiving officer received the ten */
	assert_int_equal(
		performance_officer(t->db, &t->app, staff_id(t, "tiepnhan1"), from, to, &f, &p), 0);
	assert_int_equal(f.dossiers_received, 10);
	assert_int_equal(f.steps_handled, 0);
	assert_true(f.on_time_rate < 0);
	assert_true(f.avg_step_hours < 0);

	/* JSON: the rate and hours as numbers */
	performance_officer(t->db, &t->app, staff_id(t, "hotich1"), from, to, &f, &p);
	json_t *j = performance_figures_json(&f);
	json_t *steps = json_object_get(j, "steps");
	assert_true(json_real_value(json_object_get(steps, "on_time_rate")) == 75.0);
	assert_true(json_real_value(json_object_get(steps, "avg_hours")) == 2.0);
	assert_true(json_is_null(json_object_get(json_object_get(j, "petitions"), "about")));
	json_decref(j);
}

static void test_minimum_sample(void **state)
{
	struct testdb *t = *state;
	arrange(t);
	struct officer_figures f;
	struct problem p = {0};
	/* up to 9 March 10:00 exclusive: the steps of 3, 4, 5, 6 March (k 0–3,
	 * 5–8) — eight handled, below the minimum of ten */
	int64_t from = mar(1, 0, 0), to = mar(9, 0, 0);
	assert_int_equal(
		performance_officer(t->db, &t->app, staff_id(t, "hotich1"), from, to, &f, &p), 0);
	assert_true(f.steps_handled > 0 && f.steps_handled < PERF_MIN_STEPS);
	assert_true(f.on_time_rate < 0);
	assert_true(f.avg_step_hours == 2.0);
	json_t *j = performance_figures_json(&f);
	assert_true(json_is_null(json_object_get(json_object_get(j, "steps"), "on_time_rate")));
	json_decref(j);

	/* an empty period and a reversed one */
	assert_int_equal(
		performance_officer(t->db, &t->app, staff_id(t, "hotich1"), to, from, &f, &p),
		ERR_VALIDATION);
	assert_string_equal(p.field, "to");
	assert_int_equal(performance_officer(t->db, &t->app, 999999, from, to, &f, &p),
			 ERR_NOT_FOUND);
}

static void test_evaluations_petitions(void **state)
{
	struct testdb *t = *state;
	arrange(t);
	char sql[1024];
	/* 11 evaluations tied to tiepnhan1 (the receiver), 2 not satisfied */
	for (int i = 0; i < 10; i++) {
		snprintf(sql, sizeof sql,
			 "INSERT INTO evaluation (agency_id, dossier_id, level, channel, staff_id,"
			 " created_at, updated_at) VALUES ((SELECT id FROM agency WHERE code ="
			 " 'HOIAN'), %d, '%s', 'tracking', (SELECT id FROM staff WHERE username ="
			 " 'tiepnhan1'), %lld, %lld)",
			 9001 + i, i < 2 ? "not_satisfied" : "satisfied", (long long)mar(20, 9, i),
			 (long long)mar(20, 9, i));
		testdb_exec(t, sql);
	}
	/* petitions assigned to hotich1: answered on time, late, and not yet */
	static const struct {
		int answered_day, due_day;
	} pets[] = {{10, 12}, {11, 11}, {20, 15}, {-1, 25}};
	for (int i = 0; i < 4; i++) {
		char ans[32] = "NULL";
		if (pets[i].answered_day > 0)
			snprintf(ans, sizeof ans, "%lld",
				 (long long)mar(pets[i].answered_day, 10, 0));
		snprintf(
			sql, sizeof sql,
			"INSERT INTO petition (code, agency_id, officer_id, channel, type, content,"
			" name, status, received_at, ack_due_at, due_at, answered_at, created_at,"
			" updated_at) VALUES ('PA-TEST-%04d', (SELECT id FROM agency WHERE code ="
			" 'HOIAN'), (SELECT id FROM staff WHERE username = 'hotich1'), 'online',"
			" 'recommendation', 'Nội dung', 'Trần Thị B', '%s', %lld, %lld, %lld, %s,"
			" %lld, %lld)",
			i, pets[i].answered_day > 0 ? "answered" : "accepted",
			(long long)mar(2, 9, 0), (long long)mar(5, 17, 0),
			(long long)mar(pets[i].due_day, 17, 0), ans, (long long)mar(2, 9, 0),
			(long long)mar(2, 9, 0));
		testdb_exec(t, sql);
	}
	struct officer_figures f;
	struct problem p = {0};
	int64_t from = mar(1, 0, 0), to = vn_instant(2026, 4, 1, 0, 0, 0);
	assert_int_equal(
		performance_officer(t->db, &t->app, staff_id(t, "tiepnhan1"), from, to, &f, &p), 0);
	assert_int_equal(f.evaluations, 10);
	assert_int_equal(f.evaluations_not_satisfied, 2);
	assert_true(f.not_satisfied_rate == 20.0);
	assert_int_equal(
		performance_officer(t->db, &t->app, staff_id(t, "hotich1"), from, to, &f, &p), 0);
	assert_int_equal(f.evaluations, 0);
	assert_true(f.not_satisfied_rate < 0);
	assert_int_equal(f.petitions_answered, 3);
	assert_int_equal(f.petitions_answered_on_time, 2);

	/* the drill-down behind "not satisfied" */
	json_t *o = NULL;
	assert_int_equal(performance_dossiers(t->db, staff_id(t, "tiepnhan1"), "not_satisfied",
					      from, to, &p, &o),
			 0);
	assert_int_equal(json_integer_value(json_object_get(o, "total")), 2);
	json_decref(o);
}

static void test_may_read(void **state)
{
	struct testdb *t = *state;
	long long hotich1 = staff_id(t, "hotich1");
	static const struct {
		const char *viewer;
		int rc;
	} cases[] = {
		{"hotich1", 0},                       /* himself */
		{"diachinh1", ERR_FORBIDDEN},         /* another officer */
		{"truongvp", 0},                      /* the head of his unit */
		{"truongkt", ERR_FORBIDDEN},          /* the head of another unit */
		{"chutich", 0},                       /* a leader of his agency */
		{"hoiandong.chutich", ERR_FORBIDDEN}, /* another agency's leader */
		{"tinh", 0},                          /* the province */
		{"tiepnhan1", ERR_FORBIDDEN},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct actor v = testdb_actor(t, cases[i].viewer);
		struct problem p = {0};
		int rc = performance_may_read(t->db, &v, hotich1, &p);
		if (rc != cases[i].rc)
			fail_msg("%s reading hotich1: %d, expected %d", cases[i].viewer, rc,
				 cases[i].rc);
		if (rc)
			assert_string_equal(p.code, "not_your_officer");
	}
	struct actor v = testdb_actor(t, "tinh");
	struct problem p = {0};
	assert_int_equal(performance_may_read(t->db, &v, 999999, &p), ERR_NOT_FOUND);
}

static int has_user(json_t *items, const char *username)
{
	size_t i;
	json_t *it;
	json_array_foreach (items, i, it)
		if (strcmp(json_string_value(json_object_get(it, "username")), username) == 0)
			return 1;
	return 0;
}

static void test_table_scope(void **state)
{
	struct testdb *t = *state;
	arrange(t);
	int64_t from = mar(1, 0, 0), to = vn_instant(2026, 4, 1, 0, 0, 0);
	struct problem p = {0};
	json_t *o = NULL;

	/* a head: his unit only */
	struct actor head = testdb_actor(t, "truongvp");
	assert_int_equal(performance_table(t->db, &t->app, &head, NULL, NULL, from, to, &p, &o), 0);
	json_t *items = json_object_get(o, "items");
	assert_true(has_user(items, "hotich1"));
	assert_true(has_user(items, "truongvp"));
	assert_false(has_user(items, "diachinh1"));
	assert_false(has_user(items, "tiepnhan1"));
	size_t i;
	json_t *it;
	json_array_foreach (items, i, it)
		assert_string_equal(
			json_string_value(json_object_get(json_object_get(it, "unit"), "code")),
			"VP");
	json_array_foreach (items, i, it)
		if (strcmp(json_string_value(json_object_get(it, "username")), "hotich1") == 0)
			assert_int_equal(
				json_integer_value(json_object_get(
					json_object_get(json_object_get(it, "figures"), "steps"),
					"late")),
				3);
	json_decref(o);
	o = NULL;
	assert_int_equal(performance_table(t->db, &t->app, &head, NULL, "KT", from, to, &p, &o),
			 ERR_FORBIDDEN);
	assert_string_equal(p.code, "not_your_unit");
	assert_int_equal(
		performance_table(t->db, &t->app, &head, "HOIANDONG", NULL, from, to, &p, &o),
		ERR_FORBIDDEN);

	/* a leader: his agency, or one of its units */
	struct actor leader = testdb_actor(t, "chutich");
	assert_int_equal(performance_table(t->db, &t->app, &leader, NULL, NULL, from, to, &p, &o),
			 0);
	items = json_object_get(o, "items");
	assert_true(has_user(items, "hotich1"));
	assert_true(has_user(items, "diachinh1"));
	assert_true(has_user(items, "tiepnhan1"));
	assert_false(has_user(items, "hoiandong.hotich"));
	assert_false(has_user(items, "admin")); /* no role that handles dossiers */
	json_decref(o);
	o = NULL;
	assert_int_equal(performance_table(t->db, &t->app, &leader, NULL, "KT", from, to, &p, &o),
			 0);
	items = json_object_get(o, "items");
	assert_true(has_user(items, "diachinh1"));
	assert_false(has_user(items, "hotich1"));
	json_decref(o);
	o = NULL;
	assert_int_equal(
		performance_table(t->db, &t->app, &leader, "HOIANDONG", NULL, from, to, &p, &o),
		ERR_FORBIDDEN);
	assert_int_equal(performance_table(t->db, &t->app, &leader, NULL, "NOPE", from, to, &p, &o),
			 ERR_NOT_FOUND);

	/* the province: any agency */
	struct actor prov = testdb_actor(t, "tinh");
	assert_int_equal(
		performance_table(t->db, &t->app, &prov, "HOIANDONG", NULL, from, to, &p, &o), 0);
	items = json_object_get(o, "items");
	assert_true(has_user(items, "hoiandong.hotich"));
	assert_false(has_user(items, "hotich1"));
	json_decref(o);
	o = NULL;
	/* every agency without ?agency=; a unit needs its agency */
	assert_int_equal(performance_table(t->db, &t->app, &prov, NULL, NULL, from, to, &p, &o), 0);
	items = json_object_get(o, "items");
	assert_true(has_user(items, "hoiandong.hotich") && has_user(items, "hotich1"));
	json_decref(o);
	o = NULL;
	assert_int_equal(performance_table(t->db, &t->app, &prov, NULL, "VP", from, to, &p, &o),
			 ERR_VALIDATION);
	assert_string_equal(p.field, "agency");
}

static void test_drill_down(void **state)
{
	struct testdb *t = *state;
	arrange(t);
	int64_t from = mar(1, 0, 0), to = vn_instant(2026, 4, 1, 0, 0, 0);
	long long hotich1 = staff_id(t, "hotich1");
	struct problem p = {0};
	static const struct {
		const char *kind;
		long long total;
	} kinds[] = {{"handled", 12}, {"early", 3},   {"on_time", 6},  {"late", 3},
		     {"open", 2},     {"overdue", 1}, {"received", 0}, {"dossiers", 10}};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		json_t *o = NULL;
		assert_int_equal(
			performance_dossiers(t->db, hotich1, kinds[i].kind, from, to, &p, &o), 0);
		if (json_integer_value(json_object_get(o, "total")) != kinds[i].total)
			fail_msg("%s: %lld, expected %lld", kinds[i].kind,
				 (long long)json_integer_value(json_object_get(o, "total")),
				 kinds[i].total);
		assert_int_equal(json_array_size(json_object_get(o, "items")), kinds[i].total);
		json_decref(o);
	}
	json_t *o = NULL;
	assert_int_equal(performance_dossiers(t->db, hotich1, "late", from, to, &p, &o), 0);
	json_t *first = json_array_get(json_object_get(o, "items"), 0);
	/* newest first: the step finished on 11 March 08:30 */
	assert_string_equal(json_string_value(json_object_get(first, "finished_at")),
			    "2026-03-11T08:30:00+07:00");
	assert_string_equal(json_string_value(json_object_get(first, "outcome")), "late");
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(first, "procedure"), "code")),
		"1.004873");
	/* no personal data */
	char *s = json_dumps(o, 0);
	assert_null(strstr(s, "Nguyễn"));
	free(s);
	json_decref(o);
	assert_int_equal(performance_dossiers(t->db, hotich1, "everything", from, to, &p, &o),
			 ERR_BAD_REQUEST);
	assert_string_equal(p.field, "kind");
}

/* Every line of an export of March, parsed. */
static json_t *export_lines(struct testdb *t, long long agency, int64_t from, int64_t to)
{
	struct problem p = {0};
	struct perf_export *x = performance_export_open(t->db, &t->app, agency, from, to, &p);
	assert_non_null(x);
	json_t *all = json_array();
	const char *line;
	long n;
	while ((n = performance_export_next(x, &line)) > 0) {
		assert_int_equal(line[n - 1], '\n');
		assert_null(memchr(line, '\n', (size_t)n - 1)); /* one object, one line */
		json_error_t err;
		json_t *o = json_loadb(line, (size_t)n, 0, &err);
		if (!o)
			fail_msg("not JSON: %.*s", (int)n, line);
		json_array_append_new(all, o);
	}
	assert_int_equal(n, 0);
	assert_int_equal(performance_export_count(x), (long long)json_array_size(all));
	performance_export_close(x);
	return all;
}

static json_t *by_code(json_t *lines, const char *code)
{
	size_t i;
	json_t *o;
	json_array_foreach (lines, i, o)
		if (strcmp(json_string_value(json_object_get(o, "MaHoSo")), code) == 0)
			return o;
	fail_msg("%s not exported", code);
	return NULL;
}

static void test_export(void **state)
{
	struct testdb *t = *state;
	arrange(t);
	/* a postal one, returned: ended 9 March 10:00, returned 14:00, with a
	 * stored file; and one received in April (outside the period) */
	dossier(t, 9011, "T-260302-0011", "post", "tiepnhan2", mar(2, 8, 30), mar(10, 17, 0));
	testdb_exec(t, "UPDATE dossier SET status = 'returned', finished_at = 1773025200,"
		       " returned_at = 1773039600, supplement_count = 1 WHERE id = 9011");
	testdb_exec(t, "INSERT INTO attachment (sha256, mime, size, data, created_at) VALUES"
		       " ('abc', 'application/pdf', 3, 'abc', 0)");
	testdb_exec(t, "INSERT INTO dossier_attachment (dossier_id, sha256, name) VALUES"
		       " (9011, 'abc', 'to-khai.pdf')");
	dossier(t, 9012, "T-260401-0001", "counter", "tiepnhan1", vn_instant(2026, 4, 1, 8, 0, 0),
		vn_instant(2026, 4, 8, 17, 0, 0));
	assert_int_equal(mar(9, 10, 0), 1773025200);
	assert_int_equal(mar(9, 14, 0), 1773039600);

	json_t *lines = export_lines(t, 0, mar(1, 0, 0), vn_instant(2026, 4, 1, 0, 0, 0));
	assert_int_equal(json_array_size(lines), 11);
	json_t *o = by_code(lines, "T-260302-0001");
	assert_string_equal(json_string_value(json_object_get(o, "MaTTHC")), "1.004873");
	assert_int_equal(json_integer_value(json_object_get(o, "KenhThucHien")), 2); /* online */
	assert_string_equal(json_string_value(json_object_get(o, "NgayTiepNhan")),
			    "20260302080000");
	assert_string_equal(json_string_value(json_object_get(o, "NgayHenTra")), "20260320170000");
	assert_true(json_is_null(json_object_get(o, "NgayKetThucXuLy")));
	assert_string_equal(json_string_value(json_object_get(o, "TrangThaiHoSo")), "Đang xử lý");
	assert_int_equal(json_integer_value(json_object_get(o, "ThoiGianGiaiQuyet")), 5);
	assert_string_equal(json_string_value(json_object_get(o, "DonViTinh")), "Ngày làm việc");
	assert_int_equal(json_integer_value(json_object_get(o, "HoSoCoThanhPhanSoHoa")), 0);
	assert_string_equal(
		json_string_value(json_object_get(o, "MaCoQuan")),
		json_string_value(json_object_get(by_code(lines, "T-260302-0011"), "MaCoQuan")));
	o = by_code(lines, "T-260302-0005");
	assert_int_equal(json_integer_value(json_object_get(o, "KenhThucHien")), 1); /* counter */
	o = by_code(lines, "T-260302-0011");
	assert_int_equal(json_integer_value(json_object_get(o, "KenhThucHien")), 3); /* post */
	assert_string_equal(json_string_value(json_object_get(o, "NgayTiepNhan")),
			    "20260302083000");
	assert_string_equal(json_string_value(json_object_get(o, "NgayKetThucXuLy")),
			    "20260309100000");
	assert_string_equal(json_string_value(json_object_get(o, "NgayTraKetQua")),
			    "20260309140000");
	assert_string_equal(json_string_value(json_object_get(o, "TrangThaiHoSo")),
			    "Đã trả kết quả");
	assert_int_equal(json_integer_value(json_object_get(o, "HoSoCoThanhPhanSoHoa")), 1);
	assert_int_equal(json_integer_value(json_object_get(o, "SoLanBoSung")), 1);
	/* no personal data */
	char *s = json_dumps(lines, 0);
	assert_null(strstr(s, "Nguyễn"));
	assert_null(strstr(s, "nguyen van a"));
	free(s);
	json_decref(lines);

	/* one agency: another agency's export is empty */
	long long other = 0;
	struct problem p = {0};
	assert_int_equal(performance_agency_id(t->db, "HOIANDONG", &other, &p), 0);
	lines = export_lines(t, other, mar(1, 0, 0), vn_instant(2026, 4, 1, 0, 0, 0));
	assert_int_equal(json_array_size(lines), 0);
	json_decref(lines);
	assert_int_equal(performance_agency_id(t->db, "NOPE", &other, &p), ERR_NOT_FOUND);
	assert_null(performance_export_open(t->db, &t->app, 0, mar(2, 0, 0), mar(1, 0, 0), &p));
	assert_string_equal(p.field, "to");
}

/* The step rollup (D41): the officers' figures and the step sums are the
 * same read from step_day for the days it holds as read from the steps,
 * whatever the period (whole days, partial days, across the rollup's end);
 * and the rolled days are indeed read from step_day. */
static void same_figures(struct testdb *t, long long id, int64_t from, int64_t to,
			 const struct officer_figures *before)
{
	struct officer_figures f;
	struct problem p = {0};
	assert_int_equal(performance_officer(t->db, &t->app, id, from, to, &f, &p), 0);
	if (memcmp(&f, before, sizeof f) != 0)
		fail_msg("%lld..%lld: %lld handled (%lld/%lld/%lld) %.1f h %lld dossiers with the"
			 " rollup, %lld (%lld/%lld/%lld) %.1f h %lld without",
			 (long long)from, (long long)to, f.steps_handled, f.steps_early,
			 f.steps_on_time, f.steps_late, f.avg_step_hours, f.dossiers_handled,
			 before->steps_handled, before->steps_early, before->steps_on_time,
			 before->steps_late, before->avg_step_hours, before->dossiers_handled);
}

struct sums {
	long long steps, timed, secs, late, rows;
};

static void sum_add(const struct perf_step_sum *r, void *arg)
{
	struct sums *s = arg;
	s->steps += r->steps;
	s->timed += r->timed;
	s->secs += r->secs;
	if (strcmp(r->outcome, "late") == 0)
		s->late += r->steps;
	s->rows++;
}

static int64_t rollup(struct testdb *t, int64_t now, int rebuild)
{
	struct actor cli = {.name = "cli"};
	struct perf_rollup_out out;
	struct problem p = {0};
	assert_int_equal(db_begin(t->db), DB_OK);
	assert_int_equal(performance_rollup(t->db, &t->app, &cli, now, rebuild, &out, &p), 0);
	assert_int_equal(db_commit(t->db), DB_OK);
	return out.rows;
}

static void test_rollup_same(void **state)
{
	struct testdb *t = *state;
	arrange(t);
	long long hid = staff_id(t, "hotich1");
	const int64_t periods[][2] = {
		{mar(1, 0, 0), vn_instant(2026, 4, 1, 0, 0, 0)},     /* March */
		{vn_instant(2026, 2, 1, 0, 0, 0), mar(1, 0, 0)},     /* February */
		{vn_instant(2026, 2, 20, 0, 0, 0), mar(31, 0, 0)},   /* across months */
		{mar(4, 9, 30), mar(10, 16, 30)},                    /* partial days */
		{mar(3, 0, 0), mar(4, 0, 0)},                        /* one day */
		{mar(9, 12, 0), vn_instant(2026, 4, 20, 0, 0, 0)},   /* across the end */
		{vn_instant(2026, 1, 1, 0, 0, 0), mar(2, 0, 0) + 1}, /* before */
	};
	const size_t n = sizeof periods / sizeof periods[0];
	struct officer_figures before[8];
	struct sums sb[8][2];
	struct problem p = {0};
	memset(sb, 0, sizeof sb);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(performance_officer(t->db, &t->app, hid, periods[i][0],
						     periods[i][1], &before[i], &p),
				 0);
		for (int h = 0; h < 2; h++)
			assert_int_equal(performance_step_sums(t->db, vn_day_of(periods[i][0]),
							       vn_day_of(periods[i][1]), h, sum_add,
							       &sb[i][h]),
					 0);
	}
	assert_int_equal(before[0].steps_handled, 12);
	/* rolled up to 10 March (a period across it), then to 10 April, then
	 * rebuilt: the same figures each time */
	const int64_t nows[] = {mar(10, 9, 0), vn_instant(2026, 4, 10, 9, 0, 0)};
	for (int k = 0; k < 3; k++) {
		long long rows = rollup(t, nows[k == 0 ? 0 : 1], k == 2);
		assert_true(k == 1 || rows > 0);
		for (size_t i = 0; i < n; i++) {
			same_figures(t, hid, periods[i][0], periods[i][1], &before[i]);
			for (int h = 0; h < 2; h++) {
				struct sums s = {0};
				assert_int_equal(performance_step_sums(
							 t->db, vn_day_of(periods[i][0]),
							 vn_day_of(periods[i][1]), h, sum_add, &s),
						 0);
				assert_int_equal(s.steps, sb[i][h].steps);
				assert_int_equal(s.timed, sb[i][h].timed);
				assert_int_equal(s.secs, sb[i][h].secs);
				assert_int_equal(s.late, sb[i][h].late);
			}
		}
	}
	assert_int_equal(testdb_audits(t, "step.rollup", "2026-04-10", "cli", nows[1]), 2);
	/* a second run the same day adds nothing */
	assert_int_equal(rollup(t, nows[1], 0), 0);

	/* the rolled days are read from step_day: a step changed behind the
	 * rollup's back moves the live figures, not the rolled ones */
	testdb_exec(t, "UPDATE dossier_step SET outcome = 'late' WHERE outcome = 'early'");
	struct officer_figures f;
	assert_int_equal(
		performance_officer(t->db, &t->app, hid, periods[0][0], periods[0][1], &f, &p), 0);
	assert_int_equal(f.steps_early, 3);
	assert_int_equal(rollup(t, nows[1], 1) > 0, 1);
	assert_int_equal(
		performance_officer(t->db, &t->app, hid, periods[0][0], periods[0][1], &f, &p), 0);
	assert_int_equal(f.steps_early, 0);
	assert_int_equal(f.steps_late, 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_known_outcomes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_minimum_sample, setup, teardown),
		cmocka_unit_test_setup_teardown(test_evaluations_petitions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_may_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_table_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_drill_down, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rollup_same, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
