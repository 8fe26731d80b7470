/* test_province.c — the province model (issue 11, item 5) on a real demo
 * store (testdb.h): a dossier handed in at phường Hội An Tây for a
 * procedure of phường Hội An gets Hội An Tây's code, a transport step to
 * Hội An's counter with its share taken from processing (the appointment
 * does not move) and its return at Hội An Tây; who sees it (scope: 404
 * elsewhere, the province role everywhere) and who may act on it; the
 * one-centre case keeps its four steps and its code. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "app/dossier/dossier.h"
#include "testdb.h"

#define PROC_HOIAN                                                                                 \
	"HOIAN.01" /* phường Hội An's only (a local procedure): TNTKQ → VP → LD → TNTKQ */

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

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

/* A counter intake by `user` as the handler and the writer make it; the
 * code (malloc'd). */
static char *intake_by(struct testdb *t, const char *user, const char *receiving)
{
	struct actor who = testdb_actor(t, user);
	struct intake in;
	memset(&in, 0, sizeof in);
	in.ap = (struct applicant){.kind = "person",
				   .name = "Nguyễn Văn Thắng",
				   .fold = "nguyen van thang",
				   .id_number = "048085001234",
				   .phone = "0905123456",
				   .address = "12 Lý Thường Kiệt, phường Hội An Tây"};
	in.procedure = PROC_HOIAN;
	in.channel = "counter";
	in.return_method = "counter";
	in.receiving_agency = receiving;
	in.officer_unit = who.unit_id;
	struct arena ar = ARENA_INIT;
	struct problem p = {0};
	assert_int_equal(dossier_intake_procedure(t->db, &in, &ar, &p), 0);
	mandatory_docs(t->db, &in);
	assert_int_equal(dossier_intake_documents(t->db, &in, &ar, &p), 0);
	assert_int_equal(dossier_intake_plan(&t->app, vn_instant(2026, 3, 2, 9, 0, 0), &in, &p), 0);
	json_t *out = NULL;
	int mailed = 0;
	assert_int_equal(db_begin(t->db), DB_OK);
	assert_int_equal(dossier_intake(t->db, &t->app, &who, in.now, &in, &p, &out, &mailed), 0);
	assert_int_equal(db_commit(t->db), DB_OK);
	char *code = xstrdup(str(out, "code"));
	json_decref(out);
	intake_free(&in);
	arena_release(&ar);
	return code;
}

static int view_as(struct testdb *t, const char *user, const char *code, json_t **o)
{
	struct actor who = testdb_actor(t, user);
	struct problem p = {0};
	return dossier_view(t->db, &t->app, &who, vn_instant(2026, 3, 2, 10, 0, 0), code, &p, o);
}

static const char *step_place(json_t *view, size_t k, char *b, size_t cap)
{
	json_t *u = json_object_get(json_array_get(json_object_get(view, "steps"), k), "unit");
	snprintf(b, cap, "%s/%s", str(json_object_get(u, "agency"), "code"), str(u, "code"));
	return b;
}

static void test_plan_with_transport_step(void **state)
{
	struct testdb *t = *state;
	char *code = intake_by(t, "hoiantay.tiepnhan", NULL);
	char *local = intake_by(t, "tiepnhan1", NULL);
	/* the receiving centre's e-ID prefixes the code */
	assert_true(strncmp(code, "000.03.40.H15-260302-", 21) == 0);
	assert_true(strncmp(local, "000.01.40.H15-260302-", 21) == 0);
	json_t *v = NULL, *lv = NULL;
	assert_int_equal(view_as(t, "hoiantay.tiepnhan", code, &v), 0);
	assert_int_equal(view_as(t, "tiepnhan1", local, &lv), 0);
	assert_string_equal(str(json_object_get(v, "agency"), "code"), "HOIAN");
	assert_string_equal(str(json_object_get(v, "received_at_agency"), "code"), "HOIANTAY");
	json_t *steps = json_object_get(v, "steps");
	assert_int_equal(json_array_size(steps), 5);
	char b[64];
	assert_string_equal(step_place(v, 0, b, sizeof b), "HOIANTAY/TNTKQ");
	assert_string_equal(step_place(v, 1, b, sizeof b), "HOIAN/TNTKQ");
	assert_string_equal(step_place(v, 2, b, sizeof b), "HOIAN/VP");
	assert_string_equal(step_place(v, 3, b, sizeof b), "HOIAN/LD");
	assert_string_equal(step_place(v, 4, b, sizeof b), "HOIANTAY/TNTKQ");
	assert_non_null(strstr(str(json_array_get(steps, 1), "name"), "bưu chính công ích"));
	/* the same appointment as a dossier handed in at Hội An itself */
	assert_string_equal(str(v, "due_at"), str(lv, "due_at"));
	/* the one-centre case: four steps, received where it is handled */
	assert_int_equal(json_array_size(json_object_get(lv, "steps")), 4);
	assert_string_equal(str(json_object_get(lv, "received_at_agency"), "code"), "HOIAN");
	/* the receiving officer may forward (to the transport); Hội An's may not yet */
	assert_true(json_is_true(json_object_get(v, "my_step")));
	json_t *hv = NULL;
	assert_int_equal(view_as(t, "tiepnhan1", code, &hv), 0);
	assert_false(json_is_true(json_object_get(hv, "my_step")));
	json_decref(hv);
	json_decref(v);
	json_decref(lv);
	free(code);
	free(local);
}

static void test_receiving_agency_named(void **state)
{
	struct testdb *t = *state;
	/* Hội An Tây's officer names his own centre: its e-ID prefixes the code */
	char *code = intake_by(t, "hoiantay.tiepnhan", "HOIANTAY");
	assert_true(strncmp(code, "000.03.40.H15-", 14) == 0);
	free(code);
	/* unknown agency: 422 on receiving_agency */
	struct intake in;
	memset(&in, 0, sizeof in);
	in.procedure = PROC_HOIAN;
	in.receiving_agency = "KHONGCO";
	struct arena ar = ARENA_INIT;
	struct problem p = {0};
	assert_int_equal(dossier_intake_procedure(t->db, &in, &ar, &p), ERR_VALIDATION);
	assert_string_equal(p.field, "receiving_agency");
	/* an officer of Hội An never receives in Hội An Tây's name (its code,
	 * its receipt): 403 on receiving_agency */
	memset(&in, 0, sizeof in);
	memset(&p, 0, sizeof p);
	in.procedure = PROC_HOIAN;
	in.receiving_agency = "HOIANTAY";
	in.officer_unit = testdb_actor(t, "tiepnhan1").unit_id;
	assert_int_equal(dossier_intake_procedure(t->db, &in, &ar, &p), ERR_FORBIDDEN);
	assert_string_equal(p.code, "not_your_centre");
	assert_string_equal(p.field, "receiving_agency");
	arena_release(&ar);
}

static void test_scope(void **state)
{
	struct testdb *t = *state;
	char *code = intake_by(t, "hoiantay.tiepnhan", NULL);
	json_t *v = NULL;
	struct actor dong = testdb_actor(t, "hoiandong.tiepnhan");
	struct actor tinh = testdb_actor(t, "tinh");
	struct actor hoian = testdb_actor(t, "hotich1");
	assert_false(dossier_in_scope(t->db, &dong, code));
	assert_true(dossier_in_scope(t->db, &tinh, code));
	assert_true(dossier_in_scope(t->db, &hoian, code));
	assert_false(dossier_in_scope(t->db, &tinh, "000.03.40.H15-260302-9999"));
	assert_int_equal(view_as(t, "hoiandong.tiepnhan", code, &v), ERR_NOT_FOUND);
	assert_null(v);
	/* the province officer reads it and may do nothing */
	assert_int_equal(view_as(t, "tinh", code, &v), 0);
	assert_int_equal(json_array_size(json_object_get(v, "allowed_actions")), 0);
	json_decref(v);
	/* an action outside scope is not found either */
	struct action_req ar = {.code = code, .action = DA_FORWARD};
	struct problem p = {0};
	json_t *out = NULL;
	int mailed;
	assert_int_equal(db_begin(t->db), DB_OK);
	assert_int_equal(dossier_act(t->db, &t->app, &dong, vn_instant(2026, 3, 2, 10, 0, 0), &ar,
				     &p, &out, &mailed),
			 ERR_NOT_FOUND);
	db_rollback(t->db);
	free(code);
}

static void test_transport_share(void **state)
{
	(void)state;
	assert_true(dossier_transport_share("working_days") == 0.5);
	assert_true(dossier_transport_share("working_hours") == 4.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_plan_with_transport_step, testdb_setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(test_receiving_agency_named, testdb_setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(test_scope, testdb_setup, testdb_teardown),
		cmocka_unit_test(test_transport_share),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
