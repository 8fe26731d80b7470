/* test_catalogue.c — the catalogue's services on a real demo store
 * (testdb.h): saving a procedure (create, replace, the version guard,
 * create-only), required documents keeping their ids, the steps'
 * may_complete mark, withdrawal, search as a citizen types it, and the CSV
 * export read back by the import. Each test asserts what an administrator
 * or a citizen would see through the API. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "app/catalogue/catalogue.h"
#include "testdb.h"

#define CODE "9.999001"

/* A valid procedure: three steps at the demo centre (counter, office,
 * counter), two documents, three working days. */
static json_t *doc_new(const char *code, const char *name)
{
	json_t *d = json_pack(
		"{s:s,s:s,s:s,s:{s:i,s:s},s:s,s:[{s:s,s:s,s:i,s:b},{s:s,s:s,s:i,s:b}],"
		"s:[{s:s,s:s,s:f},{s:s,s:s,s:i},{s:s,s:s,s:f}]}",
		"code", code, "name", name, "field", "HT", "time_limit", "value", 3, "unit",
		"working_days", "online", "none", "documents", "name", "Tờ khai theo mẫu", "form",
		"original", "count", 1, "mandatory", 1, "name", "Giấy tờ tùy thân", "form",
		"presented", "count", 1, "mandatory", 0, "steps", "name", "Tiếp nhận", "unit",
		"TNTKQ", "share", 0.5, "name", "Giải quyết", "unit", "VP", "share", 2, "name",
		"Trả kết quả", "unit", "TNTKQ", "share", 0.5);
	assert_non_null(d);
	return d;
}

/* procedure_save in its own transaction, as the writer runs it. */
static int save(struct testdb *t, json_t *doc, long long version, int *created, struct problem *p)
{
	struct actor who = testdb_actor(t, "admin");
	memset(p, 0, sizeof *p);
	assert_int_equal(db_begin(t->db), DB_OK);
	int rc = procedure_save(t->db, &who, t->app.fake_now, doc, version, created, p);
	if (rc)
		db_rollback(t->db);
	else
		assert_int_equal(db_commit(t->db), DB_OK);
	return rc;
}

static long long version_of(struct db *db, const char *code)
{
	json_t *o = procedure_json(db, code);
	assert_non_null(o);
	long long v = json_integer_value(json_object_get(o, "version"));
	json_decref(o);
	return v;
}

static json_t *search(struct db *db, const char *text, const char *field)
{
	struct catalogue_query q = {text, field, 20, 0};
	struct problem p = {0};
	json_t *out = NULL;
	assert_int_equal(catalogue_search(db, &q, &out, &p), 0);
	return out;
}

static void create_then_replace(void **state)
{
	(void)state;
	struct testdb t;
	testdb_open(&t);
	struct problem p;
	int created = -1;
	json_t *d = doc_new(CODE, "Thủ tục thử nghiệm");
	assert_int_equal(save(&t, d, 0, &created, &p), 0);
	assert_int_equal(created, 1);

	json_t *o = NULL;
	assert_int_equal(procedure_get(t.db, CODE, &o, &p), 0);
	assert_string_equal(json_string_value(json_object_get(o, "name")), "Thủ tục thử nghiệm");
	assert_int_equal(json_integer_value(json_object_get(o, "version")), 1);
	assert_int_equal(json_array_size(json_object_get(o, "steps")), 3);
	json_t *tl = json_object_get(o, "time_limit");
	assert_true(json_is_integer(json_object_get(tl, "value"))); /* 3, not 3.0 */
	json_decref(o);
	assert_int_equal(testdb_audits(&t, "procedure.create", CODE, "admin", t.app.fake_now), 1);

	/* the edit form sends the version it loaded */
	json_object_set_new(d, "name", json_string("Thủ tục thử nghiệm (sửa)"));
	t.app.fake_now += 60;
	assert_int_equal(save(&t, d, 1, &created, &p), 0);
	assert_int_equal(created, 0);
	assert_int_equal(version_of(t.db, CODE), 2);
	assert_int_equal(testdb_audits(&t, "procedure.update", CODE, "admin", t.app.fake_now), 1);
	json_t *hits = search(t.db, "thu nghiem sua", NULL);
	assert_int_equal(json_integer_value(json_object_get(hits, "total")), 1);
	json_decref(hits);
	json_decref(d);
	testdb_close(&t);
}

static void version_conflict(void **state)
{
	(void)state;
	struct testdb t;
	testdb_open(&t);
	struct problem p;
	int created;
	long long v = version_of(t.db, "1.000894");
	json_t *d = procedure_json(t.db, "1.000894");
	json_object_set_new(d, "name", json_string("Đăng ký kết hôn (bản cũ)"));
	assert_int_equal(save(&t, d, v + 3, &created, &p), ERR_CONFLICT);
	assert_string_equal(p.code, "version_conflict");
	assert_int_equal(problem_status(p.kind), 409);
	/* nothing changed */
	assert_int_equal(version_of(t.db, "1.000894"), v);
	json_t *o = procedure_json(t.db, "1.000894");
	assert_string_equal(json_string_value(json_object_get(o, "name")), "Đăng ký kết hôn");
	json_decref(o);
	/* with the right version it goes through */
	assert_int_equal(save(&t, d, v, &created, &p), 0);
	assert_int_equal(version_of(t.db, "1.000894"), v + 1);
	json_decref(d);
	testdb_close(&t);
}

static void create_only_refuses_existing(void **state)
{
	(void)state;
	struct testdb t;
	testdb_open(&t);
	struct problem p;
	int created;
	json_t *d = doc_new("1.000894", "Một thủ tục khác");
	assert_int_equal(save(&t, d, 0, &created, &p), ERR_CONFLICT);
	assert_string_equal(p.code, "already_exists");
	assert_string_equal(p.field, "code");
	json_decref(d);
	d = doc_new(CODE, "Thủ tục mới");
	assert_int_equal(save(&t, d, 0, &created, &p), 0);
	assert_int_equal(save(&t, d, 0, &created, &p), ERR_CONFLICT);
	assert_string_equal(p.code, "already_exists");
	/* create or replace (import) does not care */
	assert_int_equal(save(&t, d, -1, &created, &p), 0);
	assert_int_equal(created, 0);
	json_decref(d);
	testdb_close(&t);
}

static json_int_t doc_id(json_t *proc, size_t i)
{
	return json_integer_value(
		json_object_get(json_array_get(json_object_get(proc, "documents"), i), "id"));
}

static void documents_keep_their_ids(void **state)
{
	(void)state;
	struct testdb t;
	testdb_open(&t);
	struct problem p;
	int created;
	json_t *d = doc_new(CODE, "Thủ tục giấy tờ");
	assert_int_equal(save(&t, d, 0, &created, &p), 0);
	json_t *o = procedure_json(t.db, CODE);
	json_int_t form = doc_id(o, 0), idcard = doc_id(o, 1);
	assert_true(form > 0 && idcard > 0 && form != idcard);
	json_decref(o);

	/* keep the form (renamed, now second), drop the id card, add a photo */
	json_t *docs =
		json_pack("[{s:s,s:s,s:i,s:b},{s:I,s:s,s:s,s:i,s:b}]", "name", "Ảnh 4x6", "form",
			  "original", "count", 2, "mandatory", 0, "id", form, "name",
			  "Tờ khai (mẫu mới)", "form", "original", "count", 1, "mandatory", 1);
	json_object_set_new(d, "documents", docs);
	assert_int_equal(save(&t, d, 1, &created, &p), 0);
	o = procedure_json(t.db, CODE);
	assert_int_equal(json_array_size(json_object_get(o, "documents")), 2);
	json_int_t photo = doc_id(o, 0);
	assert_true(photo > idcard);
	assert_int_equal(doc_id(o, 1), form);
	json_t *kept = json_array_get(json_object_get(o, "documents"), 1);
	assert_string_equal(json_string_value(json_object_get(kept, "name")), "Tờ khai (mẫu mới)");
	json_decref(o);

	/* another procedure's document is not this one's to keep */
	json_t *other = procedure_json(t.db, "1.000894");
	json_object_set_new(json_array_get(docs, 0), "id", json_integer(doc_id(other, 0)));
	json_decref(other);
	assert_int_equal(save(&t, d, 2, &created, &p), ERR_VALIDATION);
	assert_string_equal(p.field, "documents[0].id");
	assert_int_equal(version_of(t.db, CODE), 2);
	json_decref(d);
	testdb_close(&t);
}

static void steps_may_complete(void **state)
{
	(void)state;
	struct testdb t;
	testdb_open(&t);
	struct problem p;
	int created;
	json_t *d = doc_new(CODE, "Thủ tục có bước ký sớm");
	json_t *steps = json_object_get(d, "steps");
	json_object_set_new(json_array_get(steps, 1), "may_complete", json_true());
	assert_int_equal(save(&t, d, 0, &created, &p), 0);
	json_t *o = procedure_json(t.db, CODE);
	json_t *st = json_object_get(o, "steps");
	assert_false(json_is_true(json_object_get(json_array_get(st, 0), "may_complete")));
	assert_true(json_is_true(json_object_get(json_array_get(st, 1), "may_complete")));
	assert_int_equal(json_integer_value(json_object_get(json_array_get(st, 1), "position")), 2);
	assert_string_equal(json_string_value(json_object_get(
				    json_object_get(json_array_get(st, 1), "unit"), "code")),
			    "VP");
	json_decref(o);

	/* the last step returns the result at the counter: it cannot be marked */
	json_object_set_new(json_array_get(steps, 2), "may_complete", json_true());
	assert_int_equal(save(&t, d, 1, &created, &p), ERR_VALIDATION);
	assert_int_equal(problem_status(p.kind), 422);
	assert_string_equal(p.field, "steps[2].may_complete");
	assert_int_equal(version_of(t.db, CODE), 1);

	/* a unit that is not the agency's */
	json_object_set_new(json_array_get(steps, 2), "may_complete", json_false());
	json_object_set_new(json_array_get(steps, 1), "unit", json_string("NOWHERE"));
	assert_int_equal(save(&t, d, 1, &created, &p), ERR_VALIDATION);
	assert_string_equal(p.field, "steps[1].unit");
	json_decref(d);
	testdb_close(&t);
}

static void withdraw(void **state)
{
	(void)state;
	struct testdb t;
	testdb_open(&t);
	struct actor who = testdb_actor(&t, "admin");
	struct problem p = {0};
	json_t *hits = search(t.db, "dang ky ket hon", NULL);
	long long before = json_integer_value(json_object_get(hits, "total"));
	json_decref(hits);

	assert_int_equal(db_begin(t.db), DB_OK);
	assert_int_equal(procedure_withdraw(t.db, &who, t.app.fake_now, "1.000894", &p), 0);
	assert_int_equal(db_commit(t.db), DB_OK);
	json_t *o = NULL;
	assert_int_equal(procedure_get(t.db, "1.000894", &o, &p), ERR_NOT_FOUND);
	assert_null(o);
	assert_string_equal(p.code, "not_found");
	hits = search(t.db, "dang ky ket hon", NULL);
	assert_int_equal(json_integer_value(json_object_get(hits, "total")), before - 1);
	assert_string_not_equal(json_string_value(json_object_get(
					json_array_get(json_object_get(hits, "items"), 0), "code")),
				"1.000894");
	json_decref(hits);
	assert_int_equal(
		testdb_audits(&t, "procedure.withdraw", "1.000894", "admin", t.app.fake_now), 1);

	/* twice: nothing to withdraw; an unknown code neither */
	memset(&p, 0, sizeof p);
	assert_int_equal(procedure_withdraw(t.db, &who, t.app.fake_now, "1.000894", &p),
			 ERR_NOT_FOUND);
	assert_int_equal(procedure_withdraw(t.db, &who, t.app.fake_now, "0.000000", &p),
			 ERR_NOT_FOUND);

	/* a withdrawn code may be created again (create-only) */
	int created;
	json_t *d = doc_new("1.000894", "Đăng ký kết hôn");
	assert_int_equal(save(&t, d, 0, &created, &p), 0);
	assert_int_equal(created, 1);
	hits = search(t.db, "dang ky ket hon", NULL);
	assert_int_equal(json_integer_value(json_object_get(hits, "total")), before);
	json_decref(hits);
	json_decref(d);
	testdb_close(&t);
}

static void search_as_typed(void **state)
{
	(void)state;
	struct testdb t;
	testdb_open(&t);
	/* without accents, without đ: Đăng ký kết hôn first */
	json_t *hits = search(t.db, "dang ky ket hon", NULL);
	json_t *items = json_object_get(hits, "items");
	assert_true(json_integer_value(json_object_get(hits, "total")) >= 1);
	json_t *first = json_array_get(items, 0);
	assert_string_equal(json_string_value(json_object_get(first, "code")), "1.000894");
	assert_string_equal(json_string_value(json_object_get(first, "name")), "Đăng ký kết hôn");
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(first, "field"), "code")), "HT");
	json_decref(hits);

	/* with accents, and the last word typed halfway */
	hits = search(t.db, "Đăng ký kết h", NULL);
	first = json_array_get(json_object_get(hits, "items"), 0);
	assert_string_equal(json_string_value(json_object_get(first, "code")), "1.000894");
	json_decref(hits);

	/* a field filter that excludes it */
	hits = search(t.db, "dang ky ket hon", "BTXH");
	assert_int_equal(json_integer_value(json_object_get(hits, "total")), 0);
	json_decref(hits);

	/* punctuation only: nothing, not an error */
	hits = search(t.db, " ,;\"* ", NULL);
	assert_int_equal(json_integer_value(json_object_get(hits, "total")), 0);
	assert_int_equal(json_array_size(json_object_get(hits, "items")), 0);
	json_decref(hits);

	/* not UTF-8: 400 on q */
	struct catalogue_query q = {"\xff\xfe", NULL, 20, 0};
	struct problem p = {0};
	json_t *out = NULL;
	assert_int_equal(catalogue_search(t.db, &q, &out, &p), ERR_BAD_REQUEST);
	assert_null(out);
	assert_string_equal(p.field, "q");

	/* no text: the whole catalogue, paged */
	struct catalogue_query all = {NULL, NULL, 5, 0};
	assert_int_equal(catalogue_search(t.db, &all, &out, &p), 0);
	assert_int_equal(json_integer_value(json_object_get(out, "total")), 41);
	assert_int_equal(json_array_size(json_object_get(out, "items")), 5);
	json_decref(out);
	testdb_close(&t);
}

static void fields_and_field_save(void **state)
{
	(void)state;
	struct testdb t;
	testdb_open(&t);
	struct actor who = testdb_actor(&t, "admin");
	struct problem p = {0};
	assert_true(field_code_valid("HT"));
	assert_false(field_code_valid("ht"));
	assert_false(field_code_valid("A23456789012345678901"));
	assert_int_equal(db_begin(t.db), DB_OK);
	assert_int_equal(field_save(t.db, &who, t.app.fake_now, "TEST", "Lĩnh vực thử", &p), 0);
	assert_int_equal(db_commit(t.db), DB_OK);
	json_t *out = NULL;
	assert_int_equal(catalogue_fields(t.db, &out, &p), 0);
	size_t i;
	json_t *f;
	int seen = 0;
	json_array_foreach (json_object_get(out, "items"), i, f)
		if (strcmp(json_string_value(json_object_get(f, "code")), "TEST") == 0) {
			seen = 1;
			assert_int_equal(json_integer_value(json_object_get(f, "count")), 0);
		}
	assert_true(seen);
	json_decref(out);
	assert_int_equal(testdb_audits(&t, "field.save", "TEST", "admin", t.app.fake_now), 1);
	testdb_close(&t);
}

static void csv_round_trip(void **state)
{
	(void)state;
	struct testdb t;
	testdb_open(&t);
	struct actor who = testdb_actor(&t, "admin");
	struct problem p = {0};
	char *csv = NULL, *again = NULL;
	size_t len = 0, len2 = 0;
	assert_int_equal(catalogue_export_csv(t.db, &csv, &len, &p), 0);
	assert_true(len > 1000);
	assert_int_equal(strncmp(csv, "kind,code,name,", 15), 0);
	json_t *o = procedure_json(t.db, "1.000894");
	json_int_t first_doc = doc_id(o, 0);
	json_decref(o);

	long long nf = -1, np = -1;
	assert_int_equal(db_begin(t.db), DB_OK);
	assert_int_equal(catalogue_import_csv(t.db, &who, t.app.fake_now, csv, len, &nf, &np, &p),
			 0);
	assert_int_equal(db_commit(t.db), DB_OK);
	assert_int_equal(np, 41);
	assert_true(nf > 0);
	/* every procedure rewritten, nothing else changed: same file, same ids */
	assert_int_equal(version_of(t.db, "1.000894"), 2);
	o = procedure_json(t.db, "1.000894");
	assert_int_equal(doc_id(o, 0), first_doc);
	json_decref(o);
	assert_int_equal(catalogue_export_csv(t.db, &again, &len2, &p), 0);
	assert_int_equal(len2, len);
	assert_memory_equal(again, csv, len);
	free(again);

	/* a broken file names its line and changes nothing */
	const char bad[] = "kind,code,name,limit_value\nprocedure,9.1,Thử,ba\n";
	memset(&p, 0, sizeof p);
	assert_int_not_equal(
		catalogue_import_csv(t.db, &who, t.app.fake_now, bad, strlen(bad), NULL, NULL, &p),
		0);
	assert_string_equal(p.field, "line 2");
	free(csv);
	testdb_close(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(create_then_replace),
		cmocka_unit_test(version_conflict),
		cmocka_unit_test(create_only_refuses_existing),
		cmocka_unit_test(documents_keep_their_ids),
		cmocka_unit_test(steps_may_complete),
		cmocka_unit_test(withdraw),
		cmocka_unit_test(search_as_typed),
		cmocka_unit_test(fields_and_field_save),
		cmocka_unit_test(csv_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
