/* test_guidance.c — guidance before receipt on a real demo store
 * (testdb.h), without a server: recording one writes the row and an audit
 * record without personal data and makes no dossier; the rules of input
 * (name, ID number or phone, identifiers, items, the procedure in force);
 * the citizen's visit counted by ID number or phone per procedure; the
 * list's filters; the counts the quality indicators read, including the
 * guidances a later dossier cited; and Mẫu 02 as printed. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "app/dossier/dossier.h"
#include "app/guidance/guidance.h"
#include "app/papers/forms.h"
#include "testdb.h"

#define PROC "1.004873" /* Cấp Giấy xác nhận tình trạng hôn nhân */

static long long count(struct testdb *t, const char *sql)
{
	struct db_stmt *st = db_prep(t->db, sql);
	long long n = db_step(st) == DB_ROW ? db_col_int(st, 0) : -1;
	db_done(st);
	return n;
}

/* A guidance input: the strings are static, the items a new array. */
static struct guidance_in input(const char *proc, const char *name, const char *id,
				const char *phone)
{
	struct guidance_in in = {0};
	in.procedure = proc;
	in.name = name;
	in.id_number = id;
	in.phone = phone;
	in.address = "12 Trần Phú, phường Hội An";
	in.items = json_pack("[s,s]", "Thiếu bản sao Giấy khai sinh",
			     "Tờ khai chưa có chữ ký của người yêu cầu");
	return in;
}

/* Record in (committed) as `user` at `now`; returns the service's answer
 * code, *out its JSON (or NULL). Frees in's items. */
static int create(struct testdb *t, const char *user, int64_t now, struct guidance_in *in,
		  struct problem *p, json_t **out)
{
	struct actor who = testdb_actor(t, user);
	memset(p, 0, sizeof *p);
	assert_int_equal(db_begin(t->db), DB_OK);
	int rc = guidance_create(t->db, &who, now, in, p, out);
	if (rc)
		assert_int_equal(db_rollback(t->db), DB_OK);
	else
		assert_int_equal(db_commit(t->db), DB_OK);
	json_decref(in->items);
	in->items = NULL;
	return rc;
}

static long long create_ok(struct testdb *t, int64_t now, struct guidance_in in)
{
	struct problem p;
	json_t *out;
	assert_int_equal(create(t, "tiepnhan1", now, &in, &p, &out), 0);
	long long id = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	return id;
}

static void test_create_records_no_dossier(void **state)
{
	struct testdb *t = *state;
	int64_t now = t->app.fake_now;
	long long dossiers = count(t, "SELECT count(*) FROM dossier");
	struct guidance_in in = input(PROC, "Nguyễn Văn Bình", "048085001234", "0905.123.456");
	in.email = "binh@example.vn";
	in.note = "Mang theo bản chính để đối chiếu";
	struct problem p;
	json_t *out;
	assert_int_equal(create(t, "tiepnhan1", now, &in, &p, &out), 0);
	long long id = json_integer_value(json_object_get(out, "id"));
	assert_true(id > 0);
	/* the answer: the procedure and the paper, no dossier code, no due date */
	assert_string_equal(jstr(out, "procedure.code"), PROC);
	assert_string_equal(jstr(out, "procedure.name"), "Cấp Giấy xác nhận tình trạng hôn nhân");
	assert_string_equal(jstr(out, "created_at"), "2026-03-02T09:00:00+07:00");
	assert_null(json_object_get(out, "code"));
	assert_null(json_object_get(out, "due_at"));
	char url[64];
	snprintf(url, sizeof url, "/api/v1/guidances/%lld/paper", id);
	assert_string_equal(jstr(out, "paper_url"), url);
	assert_int_equal(json_integer_value(json_object_get(out, "visit")), 1);
	json_decref(out);
	/* no dossier, no book entry */
	assert_int_equal(count(t, "SELECT count(*) FROM dossier"), dossiers);
	/* the row, identifiers normalised, name folded, the officer's unit */
	struct db_stmt *st = db_prep(
		t->db,
		"SELECT g.applicant_id, g.applicant_phone, g.applicant_fold, g.items,"
		" g.note, s.username, u.code FROM guidance g JOIN staff s ON s.id = g.staff_id"
		" JOIN unit u ON u.id = g.unit_id WHERE g.id = $1");
	db_bind_int(st, 1, id);
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 0), "048085001234");
	assert_string_equal(db_col_text(st, 1), "0905123456");
	assert_string_equal(db_col_text(st, 2), "nguyen van binh");
	assert_string_equal(db_col_text(st, 3),
			    "[\"Thiếu bản sao Giấy khai sinh\",\"Tờ khai chưa có chữ ký của người "
			    "yêu cầu\"]");
	assert_string_equal(db_col_text(st, 4), "Mang theo bản chính để đối chiếu");
	assert_string_equal(db_col_text(st, 5), "tiepnhan1");
	assert_string_equal(db_col_text(st, 6), "TNTKQ");
	db_done(st);
	/* one audit record, without the citizen's personal data */
	char ids[24];
	snprintf(ids, sizeof ids, "%lld", id);
	assert_int_equal(testdb_audits(t, "guidance.create", ids, "tiepnhan1", now), 1);
	st = db_prep(t->db, "SELECT entity, after FROM audit WHERE action = 'guidance.create'");
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 0), "guidance");
	const char *after = db_col_text(st, 1);
	assert_non_null(strstr(after, PROC));
	assert_null(strstr(after, "Bình"));
	assert_null(strstr(after, "048085001234"));
	assert_null(strstr(after, "0905123456"));
	assert_null(strstr(after, "binh@example.vn"));
	assert_null(strstr(after, "Trần Phú"));
	db_done(st);
	/* read back: everything the officer recorded */
	json_t *g;
	assert_int_equal(guidance_get(t->db, id, 0, &p, &g), 0);
	assert_string_equal(jstr(g, "applicant.name"), "Nguyễn Văn Bình");
	assert_string_equal(jstr(g, "applicant.id_number"), "048085001234");
	assert_string_equal(jstr(g, "applicant.email"), "binh@example.vn");
	assert_int_equal(json_array_size(json_object_get(g, "items")), 2);
	assert_string_equal(jstr(g, "officer.full_name"), "Huỳnh Thị Mỹ Duyên");
	assert_true(json_is_null(json_object_get(g, "dossier")));
	json_decref(g);
	assert_int_equal(guidance_get(t->db, id + 1000, 0, &p, &g), ERR_NOT_FOUND);
	assert_string_equal(p.code, "guidance_not_found");
}

/* Expect a 422 on `field` (nothing written). */
static void refused(struct testdb *t, struct guidance_in in, const char *field)
{
	struct problem p;
	json_t *out = NULL;
	long long before = count(t, "SELECT count(*) FROM guidance");
	assert_int_equal(create(t, "tiepnhan1", t->app.fake_now, &in, &p, &out), ERR_VALIDATION);
	assert_null(out);
	assert_string_equal(p.field, field);
	assert_int_equal(count(t, "SELECT count(*) FROM guidance"), before);
}

static void test_validation(void **state)
{
	struct testdb *t = *state;
	refused(t, input(PROC, "", "048085001234", NULL), "applicant.name");
	/* a way to find the citizen again: ID number or phone */
	refused(t, input(PROC, "Nguyễn Văn Bình", NULL, NULL), "applicant.id_number");
	refused(t, input(PROC, "Nguyễn Văn Bình", "", ""), "applicant.id_number");
	refused(t, input(PROC, "Nguyễn Văn Bình", "12345", NULL), "applicant.id_number");
	refused(t, input(PROC, "Nguyễn Văn Bình", NULL, "0123"), "applicant.phone");
	struct guidance_in in = input(PROC, "Nguyễn Văn Bình", NULL, "0905123456");
	in.email = "không phải thư";
	refused(t, in, "applicant.email");
	/* the items: at least one, at most 30, none empty, none too long */
	in = input(PROC, "Nguyễn Văn Bình", NULL, "0905123456");
	json_array_clear(in.items);
	refused(t, in, "items");
	in = input(PROC, "Nguyễn Văn Bình", NULL, "0905123456");
	for (int i = 0; i < 29; i++)
		json_array_append_new(in.items, json_string("Thiếu giấy tờ"));
	refused(t, in, "items");
	in = input(PROC, "Nguyễn Văn Bình", NULL, "0905123456");
	json_array_append_new(in.items, json_string(""));
	refused(t, in, "items[2]");
	char *long_item = malloc(1002);
	memset(long_item, 'a', 1001);
	long_item[1001] = '\0';
	in = input(PROC, "Nguyễn Văn Bình", NULL, "0905123456");
	json_array_set_new(in.items, 1, json_string(long_item));
	refused(t, in, "items[1]");
	free(long_item);
	/* 1000 characters of Vietnamese (more bytes) is still fine */
	in = input(PROC, "Nguyễn Văn Bình", NULL, "0905123456");
	json_t *a = json_array();
	size_t w = strlen("ả"); /* three bytes, one character */
	char *vi = malloc(1000 * w + 1), *q = vi;
	for (int i = 0; i < 1000; i++, q += w)
		memcpy(q, "ả", w);
	*q = '\0';
	json_array_append_new(a, json_string(vi));
	free(vi);
	json_decref(in.items);
	in.items = a;
	create_ok(t, t->app.fake_now, in);
	/* the procedure: unknown, or no longer in force */
	refused(t, input("9.999999", "Nguyễn Văn Bình", NULL, "0905123456"), "procedure");
	assert_int_equal(db_exec(t->db, "UPDATE procedure SET active = 0 WHERE code = '2.000815'"),
			 DB_OK);
	refused(t, input("2.000815", "Nguyễn Văn Bình", NULL, "0905123456"), "procedure");
}

static long long visit_of(struct testdb *t, long long id)
{
	struct problem p;
	json_t *g;
	assert_int_equal(guidance_get(t->db, id, 0, &p, &g), 0);
	long long v = json_integer_value(json_object_get(g, "visit"));
	json_decref(g);
	return v;
}

static void test_visits(void **state)
{
	struct testdb *t = *state;
	int64_t now = t->app.fake_now;
	/* the same citizen by ID number, twice for the marriage-status paper */
	long long a1 = create_ok(t, now, input(PROC, "Lê Thị Hoa", "048185003456", NULL));
	long long a2 =
		create_ok(t, now + 86400, input(PROC, "Lê Thị Hoa", "048185003456", "0935444555"));
	/* then by the phone only: the guidances that share the phone (a1 gave
	 * only the ID number, so it is not this visit's) */
	long long a3 = create_ok(t, now + 2 * 86400, input(PROC, "Lê Thị Hoa", NULL, "0935444555"));
	/* another procedure starts again from 1 */
	long long b1 = create_ok(t, now, input("2.000815", "Lê Thị Hoa", "048185003456", NULL));
	/* someone else */
	long long c1 = create_ok(t, now, input(PROC, "Phan Văn Tú", "048085009999", NULL));
	assert_int_equal(visit_of(t, a1), 1);
	assert_int_equal(visit_of(t, a2), 2);
	assert_int_equal(visit_of(t, a3), 2);
	assert_int_equal(visit_of(t, b1), 1);
	assert_int_equal(visit_of(t, c1), 1);
}

/* A counter intake of PROC at `now` (the complete dossier that follows a
 * guidance); returns its code (free it). */
static char *take_in(struct testdb *t, int64_t now)
{
	static const char sql[] = "SELECT d.id FROM procedure_document d JOIN procedure p"
				  " ON p.id = d.procedure_id WHERE p.code = $1"
				  " AND d.mandatory = 1 AND d.active = 1";
	struct actor who = testdb_actor(t, "tiepnhan1");
	struct intake *in = calloc(1, sizeof *in);
	struct arena ar = ARENA_INIT;
	struct problem p = {0};
	in->ap = (struct applicant){.kind = "person",
				    .name = "Lê Thị Hoa",
				    .fold = "le thi hoa",
				    .id_number = "048185003456",
				    .phone = "0935444555"};
	in->procedure = PROC;
	in->channel = "counter";
	in->return_method = "counter";
	assert_int_equal(dossier_intake_procedure(t->db, in, &ar, &p), 0);
	struct db_stmt *st = db_prep(t->db, sql);
	db_bind_text(st, 1, in->procedure);
	while (db_step(st) == DB_ROW)
		in->docs[in->ndocs++] = (struct intake_doc){.id = db_col_int(st, 0), .count = 1};
	db_done(st);
	assert_int_equal(dossier_intake_documents(t->db, in, &ar, &p), 0);
	assert_int_equal(dossier_intake_plan(&t->app, now, in, &p), 0);
	json_t *out;
	int mailed;
	assert_int_equal(db_begin(t->db), DB_OK);
	assert_int_equal(dossier_intake(t->db, &t->app, &who, now, in, &p, &out, &mailed), 0);
	assert_int_equal(db_commit(t->db), DB_OK);
	char *code = xstrdup(jstr(out, "code"));
	json_decref(out);
	free(in);
	arena_release(&ar);
	return code;
}

static void test_list_and_stats(void **state)
{
	struct testdb *t = *state;
	int64_t now = t->app.fake_now; /* Monday 2 March 2026, 09:00 */
	long long a1 = create_ok(t, now, input(PROC, "Lê Thị Hoa", "048185003456", NULL));
	long long a2 = create_ok(t, now + 3600, input(PROC, "Lê Thị Hoa", "048185003456", NULL));
	long long b1 =
		create_ok(t, now + 7200, input("2.000815", "Phan Văn Tú", NULL, "0905123456"));
	/* late on 3 March Vietnam time (16:59 UTC): still 3 March */
	long long c1 = create_ok(t, vn_instant(2026, 3, 3, 23, 59, 0),
				 input(PROC, "Trần Thị Hướng", "048185007777", NULL));
	/* 4 March: outside a 2..3 March period */
	create_ok(t, vn_instant(2026, 3, 4, 0, 0, 0),
		  input(PROC, "Ngô Văn Xa", NULL, "0935000111"));

	struct arena ar = ARENA_INIT;
	struct problem p;
	json_t *o;
	int64_t d2 = vn_days_from_civil(2026, 3, 2), d3 = vn_days_from_civil(2026, 3, 3);
	struct guidance_query q = {.from = d2, .to = d3, .limit = 50};
	assert_int_equal(guidance_list(t->db, &q, &ar, &p, &o), 0);
	assert_int_equal(json_integer_value(json_object_get(o, "total")), 4);
	assert_int_equal(json_integer_value(json_object_get(o, "citizens")), 3);
	json_t *items = json_object_get(o, "items");
	assert_int_equal(json_array_size(items), 4);
	/* newest first */
	assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "id")), c1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 3), "id")), a1);
	assert_int_equal(
		json_integer_value(json_object_get(json_array_get(items, 0), "item_count")), 2);
	json_decref(o);
	/* paging keeps the total */
	q.limit = 1;
	q.offset = 1;
	assert_int_equal(guidance_list(t->db, &q, &ar, &p, &o), 0);
	assert_int_equal(json_integer_value(json_object_get(o, "total")), 4);
	assert_int_equal(json_array_size(json_object_get(o, "items")), 1);
	assert_int_equal(json_integer_value(json_object_get(
				 json_array_get(json_object_get(o, "items"), 0), "id")),
			 b1);
	json_decref(o);
	/* the name without diacritics, in any case */
	q = (struct guidance_query){.from = d2, .to = d3, .limit = 50, .q = "LE THI"};
	assert_int_equal(guidance_list(t->db, &q, &ar, &p, &o), 0);
	assert_int_equal(json_integer_value(json_object_get(o, "total")), 2);
	json_decref(o);
	/* the start of an ID number, a phone */
	q.q = "0481850077";
	assert_int_equal(guidance_list(t->db, &q, &ar, &p, &o), 0);
	assert_int_equal(json_integer_value(json_object_get(o, "total")), 1);
	json_decref(o);
	q.q = "0905123";
	assert_int_equal(guidance_list(t->db, &q, &ar, &p, &o), 0);
	assert_int_equal(json_integer_value(json_object_get(o, "total")), 1);
	json_decref(o);
	/* a LIKE wildcard is only text ("l%a" would match "le thi hoa") */
	q.q = "l%a";
	assert_int_equal(guidance_list(t->db, &q, &ar, &p, &o), 0);
	assert_int_equal(json_integer_value(json_object_get(o, "total")), 0);
	json_decref(o);
	/* by procedure; an unknown one is an error */
	q = (struct guidance_query){.from = d2, .to = d3, .limit = 50, .procedure = "2.000815"};
	assert_int_equal(guidance_list(t->db, &q, &ar, &p, &o), 0);
	assert_int_equal(json_integer_value(json_object_get(o, "total")), 1);
	json_decref(o);
	q.procedure = "9.999999";
	assert_int_equal(guidance_list(t->db, &q, &ar, &p, &o), ERR_VALIDATION);
	assert_string_equal(p.field, "procedure");
	/* the period's rules */
	q = (struct guidance_query){.from = d3, .to = d2, .limit = 50};
	assert_int_equal(guidance_list(t->db, &q, &ar, &p, &o), ERR_VALIDATION);
	assert_string_equal(p.field, "to");
	q = (struct guidance_query){.from = d2 - 400, .to = d2, .limit = 50};
	assert_int_equal(guidance_list(t->db, &q, &ar, &p, &o), ERR_VALIDATION);
	assert_string_equal(p.code, "period_too_long");

	/* a complete dossier cites a2 (the integrator's intake fills
	 * guidance_id; here the column is set as it will) */
	char *code = take_in(t, now + 86400);
	struct db_stmt *st = db_prep(t->db, "UPDATE dossier SET guidance_id = $1 WHERE code = $2");
	db_bind_int(st, 1, a2);
	db_bind_text(st, 2, code);
	assert_int_equal(db_run(st), DB_OK);
	db_done(st);
	json_t *g;
	assert_int_equal(guidance_get(t->db, a2, 0, &p, &g), 0);
	assert_string_equal(jstr(g, "dossier"), code);
	json_decref(g);
	/* the intake's check: a2 is taken, a1 is free, an unknown id is not */
	assert_int_equal(guidance_citable(t->db, a1, &p), 0);
	assert_int_equal(guidance_citable(t->db, a2, &p), ERR_VALIDATION);
	assert_string_equal(p.field, "guidance_id");
	assert_int_equal(guidance_citable(t->db, a1 + 1000, &p), ERR_VALIDATION);
	assert_string_equal(p.field, "guidance_id");

	assert_int_equal(guidance_stats(t->db, d2, d3, 0, &p, &o), 0);
	assert_int_equal(json_integer_value(json_object_get(o, "guidances")), 4);
	assert_int_equal(json_integer_value(json_object_get(o, "citizens")), 3);
	assert_int_equal(json_integer_value(json_object_get(o, "followed_by_dossier")), 1);
	assert_string_equal(jstr(o, "from"), "2026-03-02");
	assert_string_equal(jstr(o, "to"), "2026-03-03");
	json_t *bp = json_object_get(o, "by_procedure");
	assert_int_equal(json_array_size(bp), 2);
	json_t *top = json_array_get(bp, 0);
	assert_string_equal(jstr(top, "code"), PROC);
	assert_int_equal(json_integer_value(json_object_get(top, "guidances")), 3);
	assert_int_equal(json_integer_value(json_object_get(top, "citizens")), 2);
	assert_string_equal(jstr(json_array_get(bp, 1), "code"), "2.000815");
	json_decref(o);
	/* 4 March alone: one guidance, nothing followed */
	int64_t d4 = vn_days_from_civil(2026, 3, 4);
	assert_int_equal(guidance_stats(t->db, d4, d4, 0, &p, &o), 0);
	assert_int_equal(json_integer_value(json_object_get(o, "guidances")), 1);
	assert_int_equal(json_integer_value(json_object_get(o, "followed_by_dossier")), 0);
	json_decref(o);
	assert_int_equal(guidance_stats(t->db, d3, d2, 0, &p, &o), ERR_VALIDATION);
	free(code);
	arena_release(&ar);
}

static void test_paper(void **state)
{
	struct testdb *t = *state;
	struct guidance_in in = input(PROC, "Nguyễn Văn <b>Bình</b>", "048085001234", NULL);
	json_array_append_new(in.items,
			      json_string("Bản sao <script>alert(1)</script> sổ hộ khẩu"));
	long long id = create_ok(t, t->app.fake_now, in);
	struct arena ar = ARENA_INIT;
	struct problem p;
	json_t *data;
	assert_int_equal(guidance_paper_data(t->db, id, 0, &ar, &p, &data), 0);
	assert_string_equal(jstr(data, "form_no"), "Mẫu số 02");
	char num[32];
	snprintf(num, sizeof num, "%lld/PBS", id);
	assert_string_equal(jstr(data, "number"), num);
	assert_string_equal(jstr(data, "place_date"), "Hội An, ngày 02 tháng 3 năm 2026");
	assert_string_equal(jstr(data, "officer.full_name"), "Huỳnh Thị Mỹ Duyên");
	assert_string_equal(jstr(data, "issuer.agency_short"), "UBND phường Hội An");
	struct page pg;
	guidance_paper_html(&pg, &ar, data);
	json_decref(data);
	assert_int_equal(pg.rc, 0);
	size_t len;
	char *html = buf_steal(&pg.b, &len);
	assert_non_null(strstr(html, "Mẫu số 02"));
	assert_non_null(strstr(html, "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"));
	assert_non_null(strstr(html, num));
	assert_non_null(strstr(html, "Ông/Bà Nguyễn Văn &lt;b&gt;Bình&lt;/b&gt;"));
	assert_non_null(strstr(html, "Cấp Giấy xác nhận tình trạng hôn nhân"));
	assert_non_null(strstr(html, "1. Thiếu bản sao Giấy khai sinh"));
	assert_non_null(strstr(html, "3. Bản sao &lt;script&gt;"));
	assert_null(strstr(html, "<script>alert"));
	assert_non_null(strstr(html, "Hồ sơ chưa được tiếp nhận"));
	assert_non_null(strstr(html, "Người hướng dẫn"));
	assert_non_null(strstr(html, "0235 3861 234"));
	assert_null(strstr(html, "Mã hồ sơ"));
	free(html);
	assert_int_equal(guidance_paper_data(t->db, id + 1, 0, &ar, &p, &data), ERR_NOT_FOUND);
	arena_release(&ar);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_records_no_dossier, testdb_setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(test_validation, testdb_setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_visits, testdb_setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_list_and_stats, testdb_setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_paper, testdb_setup, testdb_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
