/* test_competence.c — the competent agency of a dossier (docs/DECISIONS.md
 * D29) on a real demo store (testdb.h: SQLite, or PostgreSQL with
 * MOTCUA_TEST_PG). The demo's civil-status procedures (1.004873) are
 * implemented by the four Hội An communes; HOIAN.01 is phường Hội An's
 * only. The rule: "agency" when given (it must implement the procedure),
 * else the receiving agency when it implements it, else the procedure's
 * own; the steps run with the competent agency's units of the same codes;
 * the catalogue refuses an implementing agency that lacks one. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "app/catalogue/catalogue.h"
#include "app/dossier/dossier.h"
#include "testdb.h"

#define SHARED "1.004873"     /* every commune's: TNTKQ → VP → LD → TNTKQ */
#define HOIAN_ONLY "HOIAN.01" /* phường Hội An's only */
#define BUSINESS "1.001612"   /* phường Hội An's: TNTKQ → KT → LD → TNTKQ */

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

/* A counter intake by `user` of `proc` (agency: the request's "agency", or
 * NULL). The code (malloc'd), or NULL with *p filled when the intake is
 * refused before the write. */
static char *intake(struct testdb *t, const char *user, const char *proc, const char *agency,
		    struct problem *p)
{
	struct actor who = testdb_actor(t, user);
	struct intake in;
	memset(&in, 0, sizeof in);
	in.ap = (struct applicant){.kind = "person",
				   .name = "Trần Thị Bích",
				   .fold = "tran thi bich",
				   .id_number = "048186004321",
				   .phone = "0905654321",
				   .address = "5 Nguyễn Duy Hiệu, phường Hội An Đông"};
	in.procedure = proc;
	in.channel = "counter";
	in.return_method = "counter";
	in.agency = agency;
	in.officer_unit = who.unit_id;
	struct arena ar = ARENA_INIT;
	char *code = NULL;
	memset(p, 0, sizeof *p);
	if (dossier_intake_procedure(t->db, &in, &ar, p) == 0) {
		mandatory_docs(t->db, &in);
		assert_int_equal(dossier_intake_documents(t->db, &in, &ar, p), 0);
		assert_int_equal(
			dossier_intake_plan(&t->app, vn_instant(2026, 3, 2, 9, 0, 0), &in, p), 0);
		json_t *out = NULL;
		int mailed = 0;
		assert_int_equal(db_begin(t->db), DB_OK);
		assert_int_equal(
			dossier_intake(t->db, &t->app, &who, in.now, &in, p, &out, &mailed), 0);
		assert_int_equal(db_commit(t->db), DB_OK);
		code = xstrdup(str(out, "code"));
		json_decref(out);
	}
	/* the refusal's message may live in the arena released below */
	static char vi[512], en[512];
	snprintf(vi, sizeof vi, "%s", p->vi ? p->vi : "");
	snprintf(en, sizeof en, "%s", p->en ? p->en : "");
	p->vi = vi;
	p->en = en;
	intake_free(&in);
	arena_release(&ar);
	return code;
}

static json_t *view(struct testdb *t, const char *user, const char *code)
{
	struct actor who = testdb_actor(t, user);
	struct problem p = {0};
	json_t *o = NULL;
	if (dossier_view(t->db, &t->app, &who, vn_instant(2026, 3, 2, 10, 0, 0), code, &p, &o))
		return NULL;
	return o;
}

/* "AGENCY/UNIT" of every step, joined by spaces, into b. */
static const char *plan_of(json_t *v, char *b, size_t cap)
{
	size_t i, n = 0;
	json_t *s;
	b[0] = '\0';
	json_array_foreach (json_object_get(v, "steps"), i, s) {
		json_t *u = json_object_get(s, "unit");
		n += (size_t)snprintf(b + n, cap - n, "%s%s/%s", i ? " " : "",
				      str(json_object_get(u, "agency"), "code"), str(u, "code"));
		if (n >= cap)
			break;
	}
	return b;
}

static void test_receiving_agency_competent(void **state)
{
	struct testdb *t = *state;
	struct problem p;
	char b[256];
	/* received at Hội An Tây for a procedure Hội An Tây implements: its own */
	char *code = intake(t, "hoiantay.tiepnhan", SHARED, NULL, &p);
	assert_non_null(code);
	assert_true(strncmp(code, "000.03.40.H15-260302-", 21) == 0);
	json_t *v = view(t, "hoiantay.hotich", code);
	assert_non_null(v);
	assert_string_equal(str(json_object_get(v, "agency"), "code"), "HOIANTAY");
	assert_string_equal(str(json_object_get(v, "received_at_agency"), "code"), "HOIANTAY");
	assert_string_equal(plan_of(v, b, sizeof b),
			    "HOIANTAY/TNTKQ HOIANTAY/VP HOIANTAY/LD HOIANTAY/TNTKQ");
	json_decref(v);
	/* phường Hội An's staff do not see it */
	assert_null(view(t, "hotich1", code));
	free(code);
	/* the one-agency case is as before: Hội An's counter, Hội An's steps */
	code = intake(t, "tiepnhan1", SHARED, NULL, &p);
	v = view(t, "tiepnhan1", code);
	assert_string_equal(plan_of(v, b, sizeof b), "HOIAN/TNTKQ HOIAN/VP HOIAN/LD HOIAN/TNTKQ");
	json_decref(v);
	free(code);
	/* a procedure Hội An Tây does not implement still goes to phường Hội An */
	code = intake(t, "hoiantay.tiepnhan", HOIAN_ONLY, NULL, &p);
	v = view(t, "hoiantay.tiepnhan", code);
	assert_string_equal(str(json_object_get(v, "agency"), "code"), "HOIAN");
	assert_string_equal(plan_of(v, b, sizeof b),
			    "HOIANTAY/TNTKQ HOIAN/TNTKQ HOIAN/VP HOIAN/LD HOIANTAY/TNTKQ");
	json_decref(v);
	free(code);
}

static void test_agency_chosen(void **state)
{
	struct testdb *t = *state;
	struct problem p;
	char b[256];
	/* Hội An Tây's counter takes in a dossier for Hội An Đông */
	char *code = intake(t, "hoiantay.tiepnhan", SHARED, "HOIANDONG", &p);
	assert_non_null(code);
	assert_true(strncmp(code, "000.03.40.H15-", 14) == 0); /* Hội An Tây's receipt */
	json_t *v = view(t, "hoiandong.hotich", code);
	assert_non_null(v);
	assert_string_equal(str(json_object_get(v, "agency"), "code"), "HOIANDONG");
	assert_string_equal(str(json_object_get(v, "received_at_agency"), "code"), "HOIANTAY");
	assert_string_equal(
		plan_of(v, b, sizeof b),
		"HOIANTAY/TNTKQ HOIANDONG/TNTKQ HOIANDONG/VP HOIANDONG/LD HOIANTAY/TNTKQ");
	assert_non_null(strstr(str(json_array_get(json_object_get(v, "steps"), 1), "name"),
			       "phường Hội An Đông"));
	json_decref(v);
	assert_null(view(t, "tanhiep.tiepnhan", code));
	free(code);
	/* naming the own agency is the one-agency case */
	code = intake(t, "tiepnhan1", SHARED, "HOIAN", &p);
	v = view(t, "tiepnhan1", code);
	assert_int_equal(json_array_size(json_object_get(v, "steps")), 4);
	json_decref(v);
	free(code);
}

static void test_agency_refused(void **state)
{
	struct testdb *t = *state;
	struct problem p;
	/* an agency that does not implement the procedure: 422 on "agency" */
	assert_null(intake(t, "hoiantay.tiepnhan", HOIAN_ONLY, "HOIANTAY", &p));
	assert_int_equal(p.kind, ERR_VALIDATION);
	assert_string_equal(p.field, "agency");
	assert_null(intake(t, "hoiantay.tiepnhan", SHARED, "KHONGCO", &p));
	assert_int_equal(p.kind, ERR_VALIDATION);
	assert_string_equal(p.field, "agency");
	/* an implementing agency recorded without the unit a step needs (the
	 * catalogue refuses it; here written behind its back): 409 naming it */
	static const char sql[] =
		"INSERT INTO procedure_agency (procedure_id, agency_id) SELECT p.id, a.id"
		" FROM procedure p, agency a WHERE p.code = $1 AND a.code = 'HOIANTAY'";
	assert_int_equal(db_exec_vals(t->db, sql, DB_ARGS(db_text(BUSINESS))), DB_OK);
	assert_null(intake(t, "hoiantay.tiepnhan", BUSINESS, NULL, &p));
	assert_int_equal(p.kind, ERR_CONFLICT);
	assert_string_equal(p.code, "agency_unit_missing");
	assert_string_equal(p.field, "agency");
	assert_non_null(strstr(p.vi, "KT"));
}

/* The catalogue: "agencies" on output (own first), saved, and refused when
 * an agency lacks a step's unit or the procedure is provincial. */
static void test_catalogue_agencies(void **state)
{
	struct testdb *t = *state;
	struct actor who = testdb_actor(t, "admin");
	struct problem p = {0};
	int created;
	json_t *doc = procedure_json(t->db, SHARED);
	assert_non_null(doc);
	json_t *ags = json_object_get(doc, "agencies");
	assert_int_equal(json_array_size(ags), 4);
	assert_string_equal(str(json_array_get(ags, 0), "code"), "HOIAN");
	assert_string_equal(str(json_array_get(ags, 1), "code"), "HOIANDONG");
	json_decref(doc);

	/* Hội An and Tân Hiệp only */
	doc = procedure_json(t->db, SHARED);
	json_object_set_new(doc, "agencies", json_pack("[s,s]", "TANHIEP", "HOIAN"));
	assert_int_equal(db_begin(t->db), DB_OK);
	assert_int_equal(procedure_save(t->db, &who, 1, doc, -1, &created, &p), 0);
	assert_int_equal(db_commit(t->db), DB_OK);
	json_decref(doc);
	doc = procedure_json(t->db, SHARED);
	ags = json_object_get(doc, "agencies");
	assert_int_equal(json_array_size(ags), 2);
	assert_string_equal(str(json_array_get(ags, 1), "code"), "TANHIEP");
	json_decref(doc);

	/* Hội An Tây has no KT unit for the business procedure's step 2 */
	doc = procedure_json(t->db, BUSINESS);
	assert_int_equal(json_array_size(json_object_get(doc, "agencies")), 1);
	json_object_set_new(doc, "agencies", json_pack("[s,s]", "HOIAN", "HOIANTAY"));
	assert_int_equal(db_begin(t->db), DB_OK);
	assert_int_equal(procedure_save(t->db, &who, 1, doc, -1, &created, &p), ERR_VALIDATION);
	db_rollback(t->db);
	assert_string_equal(p.field, "agencies[1]");
	assert_non_null(strstr(p.vi, "chưa có đơn vị"));
	/* an unknown agency */
	memset(&p, 0, sizeof p);
	json_object_set_new(doc, "agencies", json_pack("[s]", "KHONGCO"));
	assert_int_equal(db_begin(t->db), DB_OK);
	assert_int_equal(procedure_save(t->db, &who, 1, doc, -1, &created, &p), ERR_VALIDATION);
	db_rollback(t->db);
	assert_string_equal(p.field, "agencies[0]");
	json_decref(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_receiving_agency_competent, testdb_setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(test_agency_chosen, testdb_setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_agency_refused, testdb_setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_catalogue_agencies, testdb_setup,
						testdb_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
