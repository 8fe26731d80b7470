/* test_catalogue_variants.c — the lawful variants of a procedure's time
 * limit (time_limit.variants, Law on Civil Status 2014 Art. 18(2), 25, 28)
 * and the centre's 15:00 cut-off (time_limit.cutoff) on a real demo store
 * (testdb.h): what the validation refuses and which field it names, a save
 * read back as the API shows it (and in the audit record), a replace that
 * leaves no old variant behind, a withdrawn and re-created procedure with
 * nothing stale, the demo data, and the CSV export read back losslessly. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "app/catalogue/catalogue.h"
#include "testdb.h"

#define CODE "9.999002"

/* A valid procedure: the same day at the counter, two steps. */
static json_t *doc_new(const char *code)
{
	json_t *d =
		json_pack("{s:s,s:s,s:s,s:{s:i,s:s},s:s,s:[{s:s,s:s,s:i,s:b}],"
			  "s:[{s:s,s:s,s:f},{s:s,s:s,s:f}]}",
			  "code", code, "name", "Đăng ký thử nghiệm", "field", "HT", "time_limit",
			  "value", 1, "unit", "same_day", "online", "none", "documents", "name",
			  "Tờ khai theo mẫu", "form", "original", "count", 1, "mandatory", 1,
			  "steps", "name", "Tiếp nhận và giải quyết", "unit", "TNTKQ", "share", 0.5,
			  "name", "Trả kết quả", "unit", "TNTKQ", "share", 0.5);
	assert_non_null(d);
	return d;
}

static json_t *variant(const char *code, const char *name, double value, const char *unit)
{
	return json_pack("{s:s,s:s,s:f,s:s}", "code", code, "name", name, "value", value, "unit",
			 unit);
}

static void set_variants(json_t *d, json_t *vars)
{
	json_object_set_new(json_object_get(d, "time_limit"), "variants", vars);
}

static int save(struct testdb *t, json_t *doc, struct problem *p)
{
	struct actor who = testdb_actor(t, "admin");
	int created;
	memset(p, 0, sizeof *p);
	assert_int_equal(db_begin(t->db), DB_OK);
	int rc = procedure_save(t->db, &who, t->app.fake_now, doc, -1, &created, p);
	if (rc)
		db_rollback(t->db);
	else
		assert_int_equal(db_commit(t->db), DB_OK);
	return rc;
}

static json_t *limit_of(struct db *db, const char *code)
{
	json_t *o = procedure_json(db, code);
	assert_non_null(o);
	json_t *tl = json_incref(json_object_get(o, "time_limit"));
	json_decref(o);
	return tl;
}

static void assert_variant(json_t *v, const char *code, const char *name, double value,
			   const char *unit)
{
	assert_non_null(v);
	assert_string_equal(json_string_value(json_object_get(v, "code")), code);
	assert_string_equal(json_string_value(json_object_get(v, "name")), name);
	assert_true(json_number_value(json_object_get(v, "value")) == value);
	assert_string_equal(json_string_value(json_object_get(v, "unit")), unit);
}

/* One bad variant (or cut-off) → 422 naming the field. */
static void expect_refused(json_t *vars, json_t *cutoff, const char *field)
{
	json_t *d = doc_new(CODE);
	if (vars)
		set_variants(d, vars);
	if (cutoff)
		json_object_set_new(json_object_get(d, "time_limit"), "cutoff", cutoff);
	struct problem p = {0};
	assert_int_equal(procedure_validate(d, &p), -1);
	assert_int_equal(p.kind, ERR_VALIDATION);
	assert_string_equal(p.field, field);
	json_decref(d);
}

static void validation(void **state)
{
	(void)state;
	json_t *ok = doc_new(CODE);
	struct problem p = {0};
	set_variants(
		ok, json_pack("[o,o]",
			      variant("xac_minh", "Trường hợp cần xác minh", 5, "working_days"),
			      variant("dao_tan_hiep", "Hồ sơ của xã đảo Tân Hiệp", 1, "same_day")));
	assert_int_equal(procedure_validate(ok, &p), 0);
	/* absent, null and [] are "none" */
	set_variants(ok, json_array());
	assert_int_equal(procedure_validate(ok, &p), 0);
	set_variants(ok, json_null());
	assert_int_equal(procedure_validate(ok, &p), 0);
	json_decref(ok);

	expect_refused(json_string("xac_minh"), NULL, "time_limit.variants");
	expect_refused(json_pack("[s]", "x"), NULL, "time_limit.variants[0]");
	/* code: a-z 0-9 _ only, 1..40, unique */
	expect_refused(json_pack("[o,o]", variant("a", "Một", 2, "working_days"),
				 variant("Xac-Minh", "Hai", 2, "working_days")),
		       NULL, "time_limit.variants[1].code");
	expect_refused(json_pack("[o]", variant("", "Một", 2, "working_days")), NULL,
		       "time_limit.variants[0].code");
	expect_refused(json_pack("[o]", variant("xác_minh", "Một", 2, "working_days")), NULL,
		       "time_limit.variants[0].code");
	expect_refused(json_pack("[o]", variant("a12345678901234567890123456789012345678901", "Một",
						2, "working_days")),
		       NULL, "time_limit.variants[0].code");
	expect_refused(json_pack("[o,o]", variant("xac_minh", "Một", 2, "working_days"),
				 variant("xac_minh", "Hai", 3, "working_days")),
		       NULL, "time_limit.variants[1].code");
	/* name: required, 200 characters at most, no control characters */
	expect_refused(json_pack("[o]", variant("a", "", 2, "working_days")), NULL,
		       "time_limit.variants[0].name");
	expect_refused(json_pack("[o]", variant("a", "Dòng một\nDòng hai", 2, "working_days")),
		       NULL, "time_limit.variants[0].name");
	/* characters, not bytes: "ộ" is 3 bytes */
	char longname[3 * 201 + 1];
	for (int i = 0; i < 201; i++)
		memcpy(longname + 3 * i, "ộ", 3);
	longname[3 * 201] = '\0';
	expect_refused(json_pack("[o]", variant("a", longname, 2, "working_days")), NULL,
		       "time_limit.variants[0].name");
	longname[3 * 200] = '\0';
	json_t *fine = doc_new(CODE);
	set_variants(fine, json_pack("[o]", variant("a", longname, 2, "working_days")));
	assert_int_equal(procedure_validate(fine, &p), 0);
	json_decref(fine);
	/* value and unit: the base limit's rules */
	expect_refused(json_pack("[o]", variant("a", "Một", 0, "working_days")), NULL,
		       "time_limit.variants[0].value");
	expect_refused(json_pack("[o]", variant("a", "Một", 367, "working_days")), NULL,
		       "time_limit.variants[0].value");
	expect_refused(json_pack("[o]", variant("a", "Một", 2, "same_day")), NULL,
		       "time_limit.variants[0].value");
	expect_refused(json_pack("[o]", variant("a", "Một", 2, "weeks")), NULL,
		       "time_limit.variants[0].unit");
	/* ten at most */
	json_t *many = json_array();
	for (int i = 0; i < 11; i++) {
		char c[16];
		snprintf(c, sizeof c, "v%d", i);
		json_array_append_new(many, variant(c, "Trường hợp", 2, "working_days"));
	}
	expect_refused(many, NULL, "time_limit.variants");
	/* the cut-off is a boolean */
	expect_refused(NULL, json_string("yes"), "time_limit.cutoff");
	expect_refused(NULL, json_integer(0), "time_limit.cutoff");
}

static void save_and_read_back(void **state)
{
	(void)state;
	struct testdb t;
	testdb_open(&t);
	struct problem p;
	json_t *d = doc_new(CODE);
	set_variants(d, json_pack("[o,o]",
				  variant("xac_minh", "Trường hợp cần xác minh", 5, "working_days"),
				  variant("dao_tan_hiep", "Hồ sơ của xã đảo Tân Hiệp", 7.5,
					  "working_hours")));
	json_object_set_new(json_object_get(d, "time_limit"), "cutoff", json_false());
	assert_int_equal(save(&t, d, &p), 0);

	json_t *tl = limit_of(t.db, CODE);
	assert_true(json_is_false(json_object_get(tl, "cutoff")));
	json_t *vars = json_object_get(tl, "variants");
	assert_int_equal(json_array_size(vars), 2);
	assert_variant(json_array_get(vars, 0), "xac_minh", "Trường hợp cần xác minh", 5,
		       "working_days");
	assert_variant(json_array_get(vars, 1), "dao_tan_hiep", "Hồ sơ của xã đảo Tân Hiệp", 7.5,
		       "working_hours");
	/* whole numbers come back as integers, as the base limit */
	assert_true(json_is_integer(json_object_get(json_array_get(vars, 0), "value")));
	json_decref(tl);

	/* the audit record's after JSON holds them */
	static const char sql[] = "SELECT after FROM audit WHERE action = 'procedure.create'"
				  " AND entity_id = $1 ORDER BY id DESC LIMIT 1";
	struct db_stmt *st = db_prep(t.db, sql);
	db_bind_text(st, 1, CODE);
	assert_int_equal(db_step(st), DB_ROW);
	json_t *after = json_loads(db_col_text(st, 0), 0, NULL);
	db_done(st);
	assert_non_null(after);
	json_t *atl = json_object_get(after, "time_limit");
	assert_true(json_is_false(json_object_get(atl, "cutoff")));
	assert_variant(json_array_get(json_object_get(atl, "variants"), 1), "dao_tan_hiep",
		       "Hồ sơ của xã đảo Tân Hiệp", 7.5, "working_hours");
	json_decref(after);

	/* replaced: one variant left, in the new order; the cut-off back on */
	set_variants(d,
		     json_pack("[o]", variant("xac_minh", "Cần xác minh thêm", 3, "working_days")));
	json_object_set_new(json_object_get(d, "time_limit"), "cutoff", json_true());
	assert_int_equal(save(&t, d, &p), 0);
	tl = limit_of(t.db, CODE);
	assert_true(json_is_true(json_object_get(tl, "cutoff")));
	assert_int_equal(json_array_size(json_object_get(tl, "variants")), 1);
	assert_variant(json_array_get(json_object_get(tl, "variants"), 0), "xac_minh",
		       "Cần xác minh thêm", 3, "working_days");
	json_decref(tl);

	/* absent on input: no variants (an empty array on output), cut-off on */
	json_object_del(json_object_get(d, "time_limit"), "variants");
	json_object_del(json_object_get(d, "time_limit"), "cutoff");
	assert_int_equal(save(&t, d, &p), 0);
	tl = limit_of(t.db, CODE);
	assert_true(json_is_array(json_object_get(tl, "variants")));
	assert_int_equal(json_array_size(json_object_get(tl, "variants")), 0);
	assert_true(json_is_true(json_object_get(tl, "cutoff")));
	json_decref(tl);

	/* a refused save changes nothing */
	set_variants(d, json_pack("[o]", variant("BAD", "Một", 2, "working_days")));
	assert_int_equal(save(&t, d, &p), ERR_VALIDATION);
	assert_string_equal(p.field, "time_limit.variants[0].code");
	tl = limit_of(t.db, CODE);
	assert_int_equal(json_array_size(json_object_get(tl, "variants")), 0);
	json_decref(tl);
	json_decref(d);
	testdb_close(&t);
}

static void withdraw_keeps_nothing_stale(void **state)
{
	(void)state;
	struct testdb t;
	testdb_open(&t);
	struct actor who = testdb_actor(&t, "admin");
	struct problem p = {0};
	json_t *d = doc_new(CODE);
	set_variants(d, json_pack("[o]", variant("xac_minh", "Trường hợp cần xác minh", 5,
						 "working_days")));
	json_object_set_new(json_object_get(d, "time_limit"), "cutoff", json_false());
	assert_int_equal(save(&t, d, &p), 0);
	json_decref(d);

	assert_int_equal(db_begin(t.db), DB_OK);
	assert_int_equal(procedure_withdraw(t.db, &who, t.app.fake_now, CODE, &p), 0);
	assert_int_equal(db_commit(t.db), DB_OK);
	assert_null(procedure_json(t.db, CODE));

	/* created again without variants nor cut-off: none of the old ones */
	d = doc_new(CODE);
	assert_int_equal(save(&t, d, &p), 0);
	json_t *tl = limit_of(t.db, CODE);
	assert_int_equal(json_array_size(json_object_get(tl, "variants")), 0);
	assert_true(json_is_true(json_object_get(tl, "cutoff")));
	json_decref(tl);
	json_decref(d);
	testdb_close(&t);
}

static void demo_data(void **state)
{
	(void)state;
	struct testdb t;
	testdb_open(&t);
	/* marriage: the same day, or 5 working days with verification (Art. 18(2)) */
	json_t *tl = limit_of(t.db, "1.000894");
	assert_string_equal(json_string_value(json_object_get(tl, "unit")), "same_day");
	assert_true(json_is_true(json_object_get(tl, "cutoff")));
	assert_variant(json_array_get(json_object_get(tl, "variants"), 0), "xac_minh",
		       "Trường hợp cần xác minh", 5, "working_days");
	json_decref(tl);
	/* recognising a parent: 3 + up to 5 working days (Art. 25) */
	tl = limit_of(t.db, "1.001022");
	assert_variant(json_array_get(json_object_get(tl, "variants"), 0), "xac_minh",
		       "Trường hợp cần xác minh", 8, "working_days");
	json_decref(tl);
	/* correcting civil-status records: 3 + 3 (Art. 28) */
	tl = limit_of(t.db, "1.004859");
	assert_variant(json_array_get(json_object_get(tl, "variants"), 0), "xac_minh",
		       "Trường hợp cần xác minh", 6, "working_days");
	json_decref(tl);
	/* the island commune */
	tl = limit_of(t.db, "1.012796");
	assert_variant(json_array_get(json_object_get(tl, "variants"), 0), "dao_tan_hiep",
		       "Hồ sơ của xã đảo Tân Hiệp", 18, "working_days");
	json_decref(tl);
	/* a procedure without any: an empty list */
	tl = limit_of(t.db, "1.004873");
	assert_int_equal(json_array_size(json_object_get(tl, "variants")), 0);
	json_decref(tl);
	testdb_close(&t);
}

/* The procedure's JSON without what a save changes by itself. */
static json_t *content(struct db *db, const char *code)
{
	json_t *o = procedure_json(db, code);
	assert_non_null(o);
	json_object_del(o, "version");
	json_object_del(o, "updated_at");
	return o;
}

static void csv_round_trip(void **state)
{
	(void)state;
	struct testdb t;
	testdb_open(&t);
	struct actor who = testdb_actor(&t, "admin");
	struct problem p;
	json_t *d = doc_new(CODE);
	set_variants(d, json_pack("[o,o]",
				  variant("xac_minh", "Trường hợp cần xác minh; \"đặc biệt\" | a",
					  5, "working_days"),
				  variant("dao_tan_hiep", "Hồ sơ của xã đảo Tân Hiệp", 2.5,
					  "working_hours")));
	json_object_set_new(json_object_get(d, "time_limit"), "cutoff", json_false());
	assert_int_equal(save(&t, d, &p), 0);
	json_decref(d);
	json_t *mine = content(t.db, CODE), *marriage = content(t.db, "1.000894");

	char *csv = NULL;
	size_t len = 0;
	memset(&p, 0, sizeof p);
	assert_int_equal(catalogue_export_csv(t.db, &csv, &len, &p), 0);
	assert_non_null(strstr(csv, ",cutoff,variant\r\n"));
	assert_non_null(strstr(csv, "\nvariant,1.000894,Trường hợp cần xác minh,"));

	/* the import gives back the same JSON */
	assert_int_equal(db_begin(t.db), DB_OK);
	assert_int_equal(catalogue_import_csv(t.db, &who, t.app.fake_now, csv, len, NULL, NULL, &p),
			 0);
	assert_int_equal(db_commit(t.db), DB_OK);
	json_t *again = content(t.db, CODE);
	assert_true(json_equal(again, mine));
	json_decref(again);
	again = content(t.db, "1.000894");
	assert_true(json_equal(again, marriage));
	json_decref(again);
	json_decref(mine);
	json_decref(marriage);
	free(csv);

	/* a spreadsheet user's file: no cutoff column (on), a variant row */
	const char file[] = "kind,code,name,field,limit_value,limit_unit,online,variant,unit,"
			    "share,form,count,mandatory\n"
			    "procedure,9.999003,Thử,HT,1,same_day,none,,,,,,\n"
			    "variant,9.999003,Cần xác minh,,5,working_days,,xac_minh,,,,,\n"
			    "document,9.999003,Tờ khai,,,,,,,,original,1,1\n"
			    "step,9.999003,Tiếp nhận,,,,,,TNTKQ,1,,,\n";
	memset(&p, 0, sizeof p);
	assert_int_equal(db_begin(t.db), DB_OK);
	assert_int_equal(catalogue_import_csv(t.db, &who, t.app.fake_now, file, strlen(file), NULL,
					      NULL, &p),
			 0);
	assert_int_equal(db_commit(t.db), DB_OK);
	json_t *tl = limit_of(t.db, "9.999003");
	assert_true(json_is_true(json_object_get(tl, "cutoff")));
	assert_variant(json_array_get(json_object_get(tl, "variants"), 0), "xac_minh",
		       "Cần xác minh", 5, "working_days");
	json_decref(tl);

	/* a bad cutoff cell names its line; a bad variant its procedure's line */
	const char bad_cut[] = "kind,code,name,limit_value,cutoff\nfield,HT,Hộ tịch,,\n"
			       "procedure,9.999004,Thử,1,maybe\n";
	memset(&p, 0, sizeof p);
	assert_null(catalogue_parse_csv(bad_cut, strlen(bad_cut), &p));
	assert_string_equal(p.field, "line 3");
	assert_non_null(strstr(p.en, "cutoff"));
	const char bad_var[] = "kind,code,name,field,limit_value,limit_unit,online,variant,unit,"
			       "share,form,count,mandatory\n"
			       "procedure,9.999005,Thử,HT,1,same_day,none,,,,,,\n"
			       "variant,9.999005,Cần xác minh,,5,working_days,,Xác minh,,,,,\n"
			       "document,9.999005,Tờ khai,,,,,,,,original,1,1\n"
			       "step,9.999005,Tiếp nhận,,,,,,TNTKQ,1,,,\n";
	memset(&p, 0, sizeof p);
	assert_int_equal(db_begin(t.db), DB_OK);
	assert_int_not_equal(catalogue_import_csv(t.db, &who, t.app.fake_now, bad_var,
						  strlen(bad_var), NULL, NULL, &p),
			     0);
	db_rollback(t.db);
	assert_string_equal(p.field, "line 2.time_limit.variants[0].code");
	assert_null(procedure_json(t.db, "9.999005"));
	testdb_close(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(validation),
		cmocka_unit_test(save_and_read_back),
		cmocka_unit_test(withdraw_keeps_nothing_stale),
		cmocka_unit_test(demo_data),
		cmocka_unit_test(csv_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
