/* test_recognition.c — recognition of exemplary officials and good
 * practices as services, on a real demo store (testdb.h; PostgreSQL under
 * MOTCUA_TEST_PG): the redaction of a citizen's praise; the states and who
 * may take each step (nominate, endorse, recognise, decline, withdraw,
 * attach); the praise's source checked and shown to heads and leaders only;
 * the public list carrying the name, title and unit and the redacted praise,
 * and nothing of the citizen. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "app/recognition/recognition.h"
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
	testdb_close(*state);
	free(*state);
	return 0;
}

/* The citizen whose praise is attached: none of this may reach a public page. */
#define CITIZEN "Trần Thị Bích Ngọc"
#define PHONE "0905 123 456"
#define EMAIL "ngoc.tran@example.com"
#define PRAISE                                                                                                   \
	"Tôi là " CITIZEN ", SĐT " PHONE ", thư " EMAIL ". Chị Thảo hướng dẫn rất tận tình, hồ " \
	"sơ xong trước hẹn 2 ngày. Ngọc xin cảm ơn."

static void assert_has(const char *s, const char *needle)
{
	if (!strstr(s, needle))
		fail_msg("expected \"%s\" in: %s", needle, s);
}

static void assert_hasnt(const char *s, const char *needle)
{
	if (strstr(s, needle))
		fail_msg("did not expect \"%s\" in: %s", needle, s);
}

static void test_redact(void **state)
{
	(void)state;
	const char *names[] = {CITIZEN};
	char *r = recognition_redact(PRAISE, names, 1);
	assert_hasnt(r, "Bích");
	assert_hasnt(r, "Ngọc");
	assert_hasnt(r, "0905");
	assert_hasnt(r, "456");
	assert_hasnt(r, "example");
	assert_hasnt(r, "ngoc.tran");
	assert_has(r, "Chị Thảo hướng dẫn rất tận tình");
	assert_has(r, "trước hẹn 2 ngày");
	assert_has(r, "Tôi là " RECOG_REDACTED ", SĐT " RECOG_REDACTED ", thư " RECOG_REDACTED ".");
	free(r);
	/* ID numbers and +84 phones; years, short numbers and words that merely
	 * contain the given name stay */
	const char *n2[] = {"Lê Văn An"};
	r = recognition_redact("CCCD 049123456789, gọi +84 905.123.456; năm 2026 đến 3 lần, an "
			       "tâm, Anh An ở Lê Văn An",
			       n2, 1);
	assert_string_equal(r, "CCCD ***, gọi ***; năm 2026 đến 3 lần, an tâm, Anh *** ở ***");
	free(r);
	/* the full name in another case or without diacritics */
	r = recognition_redact(
		"Ký tên: TRẦN THỊ BÍCH NGỌC (tran thi bich ngoc). Trần Thị Bích rất vui.", names,
		1);
	assert_string_equal(r, "Ký tên: *** (***). Trần Thị Bích rất vui.");
	free(r);
}

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

static long long nominate(struct testdb *t, const char *by, struct recog_in *in, int want,
			  const char *code)
{
	struct actor who = testdb_actor(t, by);
	struct problem p = {0};
	json_t *out = NULL;
	TX(t, recognition_create(t->db, &t->app, &who, t->app.fake_now, in, &p, &out));
	assert_int_equal(last_rc, want);
	if (code)
		assert_string_equal(p.code, code);
	long long id = out ? (long long)json_integer_value(json_object_get(out, "id")) : 0;
	json_decref(out);
	return id;
}

/* Act as `by`; the resulting status (or "") into status. */
static int act(struct testdb *t, const char *by, long long id, struct recog_action *a, char *status,
	       struct problem *p)
{
	struct actor who = testdb_actor(t, by);
	json_t *out = NULL;
	memset(p, 0, sizeof *p);
	TX(t, recognition_act(t->db, &t->app, &who, t->app.fake_now, id, a, p, &out));
	if (status)
		snprintf(status, 16, "%s",
			 out ? json_string_value(json_object_get(out, "status")) : "");
	json_decref(out);
	return last_rc;
}

static int act1(struct testdb *t, const char *by, long long id, const char *action,
		const char *comment)
{
	struct recog_action a = {.action = action, .comment = comment};
	struct problem p;
	return act(t, by, id, &a, NULL, &p);
}

static long long count(struct testdb *t, const char *sql)
{
	struct db_stmt *st = db_prep(t->db, sql);
	long long n = db_step(st) == DB_ROW ? db_col_int(st, 0) : -1;
	db_done(st);
	return n;
}

static void test_states_and_roles(void **state)
{
	struct testdb *t = *state;
	struct recog_in in = {.kind = "official",
			      .username = "hotich1",
			      .reasons = "Không hồ sơ nào trễ hạn trong năm."};
	/* nobody nominates themselves; an unknown or another agency's official is 422 */
	nominate(t, "hotich1", &in, ERR_VALIDATION, "validation");
	in.username = "hoiandong.hotich";
	nominate(t, "tiepnhan2", &in, ERR_VALIDATION, "validation");
	in.username = "hotich1";
	long long id = nominate(t, "tiepnhan2", &in, 0, NULL);
	assert_true(id > 0);
	/* one live nomination per official and year */
	nominate(t, "tiepnhan3", &in, ERR_CONFLICT, "recognition_exists");

	/* a head of another unit may not endorse; the nominee may not act; a
	 * leader may not recognise before the endorsement */
	assert_int_equal(act1(t, "truongkt", id, "endorse", NULL), ERR_FORBIDDEN);
	assert_int_equal(act1(t, "hotich1", id, "endorse", NULL), ERR_FORBIDDEN);
	assert_int_equal(act1(t, "chutich", id, "recognise", NULL), ERR_CONFLICT);
	/* another agency's leader does not see it */
	assert_int_equal(act1(t, "hoiandong.chutich", id, "endorse", NULL), ERR_NOT_FOUND);
	/* the head of the official's unit endorses */
	assert_int_equal(act1(t, "truongvp", id, "endorse", "Đồng ý đề nghị."), 0);
	assert_int_equal(act1(t, "truongvp", id, "recognise", NULL), ERR_FORBIDDEN);
	assert_int_equal(act1(t, "tiepnhan3", id, "withdraw", NULL), ERR_FORBIDDEN);
	/* declining needs a reason */
	assert_int_equal(act1(t, "chutich", id, "decline", NULL), ERR_VALIDATION);
	struct recog_action a = {.action = "recognise", .comment = "Công nhận."};
	char status[16];
	struct problem p;
	assert_int_equal(act(t, "chutich", id, &a, status, &p), 0);
	assert_string_equal(status, "recognised");
	/* final */
	assert_int_equal(act1(t, "tiepnhan2", id, "withdraw", NULL), ERR_CONFLICT);
	assert_int_equal(act1(t, "chutich", id, "decline", "Không."), ERR_CONFLICT);
	/* every step in the history and the audit trail */
	assert_int_equal(count(t, "SELECT count(*) FROM recognition_event"), 3);
	assert_int_equal(count(t, "SELECT count(*) FROM audit WHERE entity = 'recognition'"), 3);
	assert_int_equal(count(t,
			       "SELECT count(*) FROM audit WHERE action = 'recognition.recognise'"
			       " AND before LIKE '%endorsed%' AND after LIKE '%recognised%'"),
			 1);

	/* the nominator withdraws his own; a declined one frees the year */
	in.username = "diachinh1";
	long long id2 = nominate(t, "tiepnhan1", &in, 0, NULL);
	assert_int_equal(act1(t, "tiepnhan1", id2, "withdraw", NULL), 0);
	long long id3 = nominate(t, "tiepnhan1", &in, 0, NULL);
	assert_int_equal(act1(t, "phochutich", id3, "decline", "Chưa đủ thành tích."), 0);
	nominate(t, "tiepnhan1", &in, 0, NULL);

	/* the province reads every agency's, acts on none; another agency's
	 * officer does not read it */
	struct actor prov = testdb_actor(t, "tinh");
	json_t *out = NULL;
	assert_int_equal(recognition_get(t->db, &prov, id, &p, &out), 0);
	assert_int_equal(json_array_size(json_object_get(out, "may")), 0);
	json_decref(out);
	assert_int_equal(act1(t, "tinh", id2, "withdraw", NULL), ERR_NOT_FOUND);
	struct actor other = testdb_actor(t, "hoiandong.hotich");
	out = NULL;
	assert_int_equal(recognition_get(t->db, &other, id, &p, &out), ERR_NOT_FOUND);
	assert_null(out);
	assert_int_equal(recognition_list(t->db, &other, NULL, 0, &p, &out), 0);
	assert_int_equal(json_array_size(json_object_get(out, "items")), 0);
	json_decref(out);
}

/* A dossier of Hội An with CITIZEN as applicant, evaluated with PRAISE for
 * hotich1, and an evaluation for diachinh1; a petition from CITIZEN and a
 * denunciation. */
static void arrange_praise(struct testdb *t)
{
	testdb_exec(t, "INSERT INTO dossier (code, procedure_id, agency_id, status, channel,"
		       " return_method, applicant_kind, applicant_name, applicant_fold,"
		       " limit_value, limit_unit, received_at, clock_start, due_at,"
		       " original_due_at, created_at, updated_at)"
		       " SELECT 'TEST-260302-0001', (SELECT min(id) FROM procedure),"
		       " (SELECT id FROM agency WHERE code = 'HOIAN'), 'received', 'counter',"
		       " 'counter', 'person', '" CITIZEN "', 'tran thi bich ngoc', 5,"
		       " 'working_days', 1772416800, 1772416800, 1773000000, 1773000000,"
		       " 1772416800, 1772416800");
	testdb_exec(t, "INSERT INTO evaluation (agency_id, dossier_id, level, comment, channel,"
		       " staff_id, created_at, updated_at) SELECT d.agency_id, d.id,"
		       " 'very_satisfied', '" PRAISE "', 'tracking',"
		       " (SELECT id FROM staff WHERE username = 'hotich1'), 1772416000, 1772416000"
		       " FROM dossier d WHERE d.code = 'TEST-260302-0001'");
	testdb_exec(t, "INSERT INTO dossier (code, procedure_id, agency_id, status, channel,"
		       " return_method, applicant_kind, applicant_name, applicant_fold,"
		       " limit_value, limit_unit, received_at, clock_start, due_at,"
		       " original_due_at, created_at, updated_at)"
		       " SELECT 'TEST-260302-0002', (SELECT min(id) FROM procedure),"
		       " (SELECT id FROM agency WHERE code = 'HOIAN'), 'received', 'counter',"
		       " 'counter', 'person', 'Lê Văn Bảy', 'le van bay', 5,"
		       " 'working_days', 1772416800, 1772416800, 1773000000, 1773000000,"
		       " 1772416800, 1772416800");
	testdb_exec(t,
		    "INSERT INTO evaluation (agency_id, dossier_id, level, comment, channel,"
		    " staff_id, created_at, updated_at) SELECT d.agency_id, d.id,"
		    " 'satisfied', 'Anh Thạnh đo đạc nhanh.', 'tracking',"
		    " (SELECT id FROM staff WHERE username = 'diachinh1'), 1772420000, 1772420000"
		    " FROM dossier d WHERE d.code = 'TEST-260302-0002'");
	testdb_exec(t, "INSERT INTO petition (code, agency_id, channel, type, content, name,"
		       " email, phone, status, received_at, ack_due_at, created_at, updated_at)"
		       " SELECT 'PA-TEST-0001', id, 'online', 'reflection', 'Bộ phận một cửa"
		       " làm việc chu đáo, " CITIZEN " rất hài lòng.', '" CITIZEN "', '" EMAIL
		       "', '0905123456', 'received', 1772420000, 1773000000, 1772420000,"
		       " 1772420000 FROM agency WHERE code = 'HOIAN'");
	testdb_exec(t, "INSERT INTO petition (code, agency_id, channel, type, content, name,"
		       " status, received_at, ack_due_at, created_at, updated_at)"
		       " SELECT 'PA-TEST-0002', id, 'online', 'denunciation', 'Tố cáo.', 'Ẩn danh',"
		       " 'received', 1772420000, 1773000000, 1772420000, 1772420000"
		       " FROM agency WHERE code = 'HOIAN'");
}

static long long id_of(struct testdb *t, const char *sql)
{
	return count(t, sql);
}

static void test_praise_and_public(void **state)
{
	struct testdb *t = *state;
	arrange_praise(t);
	long long ev = id_of(t, "SELECT v.id FROM evaluation v JOIN dossier d ON d.id ="
				" v.dossier_id WHERE d.code = 'TEST-260302-0001'");
	long long ev2 = id_of(t, "SELECT v.id FROM evaluation v JOIN dossier d ON d.id ="
				 " v.dossier_id WHERE d.code = 'TEST-260302-0002'");
	long long pe = id_of(t, "SELECT id FROM petition WHERE code = 'PA-TEST-0001'");
	long long den = id_of(t, "SELECT id FROM petition WHERE code = 'PA-TEST-0002'");

	/* a specialist may nominate but not attach a praise */
	struct recog_in in = {.kind = "official",
			      .username = "hotich1",
			      .reasons = "Tận tình với người dân.",
			      .npraises = 1,
			      .praises = {{.source = "evaluation", .id = ev}}};
	nominate(t, "diachinh1", &in, ERR_FORBIDDEN, "recognition_forbidden");
	/* another official's evaluation is not evidence for this one */
	in.praises[0].id = ev2;
	nominate(t, "truongvp", &in, ERR_VALIDATION, "validation");
	in.praises[0].id = ev;
	long long id = nominate(t, "truongvp", &in, 0, NULL);
	assert_true(id > 0);

	/* a denunciation never; the petition's praise yes; twice no */
	struct recog_action a = {.action = "attach", .praise = {.source = "petition", .id = den}};
	struct problem p;
	assert_int_equal(act(t, "truongvp", id, &a, NULL, &p), ERR_VALIDATION);
	assert_string_equal(p.field, "source_id");
	a.praise.id = pe;
	assert_int_equal(act(t, "tiepnhan1", id, &a, NULL, &p), ERR_FORBIDDEN);
	assert_int_equal(act(t, "chutich", id, &a, NULL, &p), 0);
	assert_int_equal(act(t, "chutich", id, &a, NULL, &p), ERR_CONFLICT);

	/* the source and the original text: heads and leaders only */
	struct actor clerk = testdb_actor(t, "tiepnhan1"), head = testdb_actor(t, "truongvp");
	json_t *out = NULL;
	assert_int_equal(recognition_get(t->db, &clerk, id, &p, &out), 0);
	char *s = json_dumps(out, 0);
	assert_hasnt(s, "source");
	assert_hasnt(s, "0905");
	assert_has(s, "hướng dẫn rất tận tình");
	free(s);
	json_decref(out);
	assert_int_equal(recognition_get(t->db, &head, id, &p, &out), 0);
	s = json_dumps(out, 0);
	assert_has(s, "\"kind\": \"evaluation\"");
	assert_has(s, "TEST-260302-0001");
	assert_has(s, PHONE);
	free(s);
	json_decref(out);

	/* the measured figures (performance_officer): the evaluation received
	 * this year; only for those who may read the official's figures */
	assert_int_equal(recognition_get(t->db, &head, id, &p, &out), 0);
	json_t *fig = json_object_get(out, "figures");
	assert_true(json_is_object(fig));
	assert_int_equal(json_integer_value(
				 json_object_get(json_object_get(fig, "evaluations"), "received")),
			 1);
	json_decref(out);
	assert_int_equal(recognition_get(t->db, &clerk, id, &p, &out), 0);
	assert_true(json_is_null(json_object_get(out, "figures")));
	json_decref(out);

	/* not public before recognition */
	assert_int_equal(recognition_public(t->db, "HOIAN", 0, &p, &out), 0);
	assert_int_equal(json_array_size(json_object_get(out, "items")), 0);
	json_decref(out);
	assert_int_equal(act1(t, "chutich", id, "endorse", NULL), 0);
	assert_int_equal(act1(t, "phochutich", id, "recognise", "Gương điển hình năm 2026."), 0);

	/* a good practice of the VHXH unit, recognised too */
	struct recog_in pr = {.kind = "practice",
			      .title = "Tổ công tác hỗ trợ người cao tuổi làm thủ tục tại nhà",
			      .unit = "VHXH",
			      .reasons = "Hơn 200 lượt hỗ trợ tại nhà."};
	long long id2 = nominate(t, "xahoi1", &pr, 0, NULL);
	assert_int_equal(act1(t, "truongvhxh", id2, "endorse", NULL), 0);
	assert_int_equal(act1(t, "chutich", id2, "recognise", NULL), 0);

	assert_int_equal(recognition_public(t->db, "HOIAN", 2026, &p, &out), 0);
	json_t *items = json_object_get(out, "items");
	assert_int_equal(json_array_size(items), 2);
	s = json_dumps(out, 0);
	/* name, title and unit of the official; the practice; the reasons; the
	 * praises without the citizen */
	assert_has(s, "Nguyễn Thị Thanh Thảo");
	assert_has(s, "Công chức Tư pháp – Hộ tịch");
	assert_has(s, "Tổ công tác hỗ trợ người cao tuổi");
	assert_has(s, "Tận tình với người dân.");
	assert_has(s, "hướng dẫn rất tận tình");
	assert_has(s, "Bộ phận một cửa làm việc chu đáo");
	assert_hasnt(s, "Bích");
	assert_hasnt(s, "Ngọc");
	assert_hasnt(s, "0905");
	assert_hasnt(s, "example.com");
	assert_hasnt(s, "hotich1");    /* no username, no e-mail of the official */
	assert_hasnt(s, "truongvp");   /* nor who nominated */
	assert_hasnt(s, "evaluation"); /* nor the source */
	assert_hasnt(s, "TEST-260302");
	assert_hasnt(s, "PA-TEST");
	free(s);
	json_decref(out);
	/* another agency, another year: none; an unknown agency: 404 */
	assert_int_equal(recognition_public(t->db, "HOIANDONG", 0, &p, &out), 0);
	assert_int_equal(json_array_size(json_object_get(out, "items")), 0);
	json_decref(out);
	assert_int_equal(recognition_public(t->db, "HOIAN", 2025, &p, &out), 0);
	assert_int_equal(json_array_size(json_object_get(out, "items")), 0);
	json_decref(out);
	assert_int_equal(recognition_public(t->db, "NOPE", 0, &p, &out), ERR_NOT_FOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_redact),
		cmocka_unit_test_setup_teardown(test_states_and_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_praise_and_public, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
