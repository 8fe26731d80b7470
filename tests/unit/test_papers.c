/* test_papers.c — the data of the statutory papers on a real demo store
 * (testdb.h), without a server: the receipt (Mẫu 01: number, date and
 * place, the issuing body, the officer who signs, the applicant as the
 * paper names them, the tracking URL from the configured public address),
 * the control sheet's rows, a paper that does not apply yet, the tracking
 * book (rows, numbering, the book's volume and entry, lead unit, the field
 * filter, the period rules, the CSV a spreadsheet opens), and who issues
 * and signs (Circular 03/2025/TT-VPCP numbering; the refusal at the
 * counter and after receipt, by a leader or a head; the apology signed for
 * the People's Committee). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "app/dossier/dossier.h"
#include "app/papers/forms.h"
#include "app/papers/papers.h"
#include "testdb.h"

#define NAME "Nguyễn Văn Bình"

static const char *str(json_t *o, const char *path)
{
	return jstr(o, path);
}

/* An intake of 1.004873 (marriage status) at `now` by tiepnhan1: at the
 * counter (received) or online (submitted, not yet received); agent: who
 * submits on the applicant's behalf, or NULL. */
static char *take_in_as(struct testdb *t, int64_t now, int online, const struct agent *agent)
{
	static const char sql[] = "SELECT d.id FROM procedure_document d JOIN procedure p"
				  " ON p.id = d.procedure_id WHERE p.code = $1"
				  " AND d.mandatory = 1 AND d.active = 1";
	struct actor who = testdb_actor(t, "tiepnhan1");
	struct intake *in = calloc(1, sizeof *in);
	struct arena ar = ARENA_INIT;
	struct problem p = {0};
	in->ap = (struct applicant){.kind = "person",
				    .name = NAME,
				    .fold = "nguyen van binh",
				    .id_number = "048085001234",
				    .phone = "0905123456",
				    .address = "12 Trần Phú, phường Hội An"};
	in->procedure = "1.004873";
	in->online = online;
	if (agent) {
		in->has_agent = 1;
		in->agent = *agent;
	}
	in->channel = online ? "online" : "counter";
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
	char *code = xstrdup(str(out, "code"));
	json_decref(out);
	free(in);
	arena_release(&ar);
	return code;
}

static char *take_in(struct testdb *t, int64_t now)
{
	return take_in_as(t, now, 0, NULL);
}

static void forward(struct testdb *t, const char *code, int64_t now)
{
	struct actor who = testdb_actor(t, "tiepnhan1");
	struct action_req ar = {.code = code, .action = DA_FORWARD};
	struct problem p = {0};
	json_t *v;
	int mailed;
	assert_int_equal(db_begin(t->db), DB_OK);
	assert_int_equal(dossier_act(t->db, &t->app, &who, now, &ar, &p, &v, &mailed), 0);
	assert_int_equal(db_commit(t->db), DB_OK);
	json_decref(v);
}

/* Any action by `user` at `now`; 0 or the error. */
static int act(struct testdb *t, const char *user, struct action_req *req, int64_t now)
{
	struct actor who = testdb_actor(t, user);
	struct problem p = {0};
	json_t *v = NULL;
	int mailed;
	assert_int_equal(db_begin(t->db), DB_OK);
	int rc = dossier_act(t->db, &t->app, &who, now, req, &p, &v, &mailed);
	if (rc) {
		db_rollback(t->db);
		print_message("%s: %s %s\n", user, p.code ? p.code : "", p.en ? p.en : "");
	} else {
		assert_int_equal(db_commit(t->db), DB_OK);
	}
	json_decref(v);
	return rc;
}

static int form(struct testdb *t, const char *user, const char *code, enum form_kind k,
		struct arena *ar, struct problem *p, json_t **out)
{
	struct actor who = testdb_actor(t, user);
	memset(p, 0, sizeof *p);
	return papers_form(t->db, &t->app, &who, t->app.fake_now, code, k, ar, p, out);
}

static int setup(void **state)
{
	struct testdb *t = malloc(sizeof *t);
	testdb_open(t);
	t->app.cfg.public_url = "https://motcua.hoian.example";
	*state = t;
	return 0;
}

static void test_receipt(void **state)
{
	struct testdb *t = *state;
	char *code = take_in(t, vn_instant(2026, 3, 2, 9, 0, 0));
	struct arena ar = ARENA_INIT;
	struct problem p;
	json_t *d;
	assert_int_equal(form(t, "tiepnhan1", code, FK_RECEIPT, &ar, &p, &d), 0);
	assert_string_equal(str(d, "kind"), "receipt");
	assert_string_equal(str(d, "form_no"), "Mẫu số 01");
	assert_string_equal(str(d, "title"), "Giấy tiếp nhận hồ sơ và hẹn trả kết quả");
	assert_string_equal(str(d, "number"), "260302-0001/TNHS");
	assert_string_equal(str(d, "issued_at"), "2026-03-02T09:00:00+07:00");
	assert_string_equal(str(d, "place_date"), "Hội An, ngày 02 tháng 3 năm 2026");
	assert_string_equal(str(d, "issuer.agency_short"), "UBND phường Hội An");
	assert_string_equal(str(d, "issuer.centre_short"), "Trung tâm Phục vụ hành chính công");
	assert_string_equal(str(d, "officer.full_name"), "Huỳnh Thị Mỹ Duyên");
	assert_string_equal(str(d, "party.display"), NAME);
	assert_string_equal(str(d, "party.you"), "Ông/Bà");
	assert_string_equal(str(d, "party.id"), "048085001234");
	assert_string_equal(str(d, "dossier.due_at"), "2026-03-05T09:00:00+07:00");
	/* entered in the book at receipt: the field's volume of the year */
	assert_string_equal(str(d, "dossier.book.volume"), "HT-2026");
	assert_int_equal(json_integer_value(json_object_get(
				 json_object_get(json_object_get(d, "dossier"), "book"), "entry")),
			 1);
	assert_true(
		json_is_null(json_object_get(json_object_get(d, "dossier"), "authorised_person")));
	const char *url = str(d, "tracking_url");
	assert_non_null(strstr(url, "https://motcua.hoian.example/track/?code="));
	assert_non_null(strstr(url, "H15-260302-0001"));
	/* the page shows what the officer may do elsewhere, not on paper */
	assert_null(json_object_get(json_object_get(d, "dossier"), "allowed_actions"));
	json_decref(d);
	/* papers that do not apply yet, and a dossier that does not exist */
	assert_int_equal(form(t, "tiepnhan1", code, FK_REFUSAL, &ar, &p, &d), ERR_CONFLICT);
	assert_string_equal(p.code, "form_not_available");
	assert_int_equal(form(t, "tiepnhan1", "000.01.40.H15-260302-9999", FK_RECEIPT, &ar, &p, &d),
			 ERR_NOT_FOUND);
	arena_release(&ar);
	free(code);
}

/* The person who submits on the applicant's behalf: in the data and on
 * the drawn receipt, who signs as the submitter. */
static void test_receipt_authorised_person(void **state)
{
	struct testdb *t = *state;
	struct agent ag = {.name = "Trần Thị Hoa",
			   .id_number = "048190004321",
			   .address = "5 Lê Lợi, phường Hội An",
			   .phone = "0912345678",
			   .email = "hoa@example.com",
			   .document = "Giấy ủy quyền số 12/2026 ngày 01/03/2026"};
	char *code = take_in_as(t, vn_instant(2026, 3, 2, 9, 0, 0), 0, &ag);
	struct arena ar = ARENA_INIT;
	struct problem p;
	json_t *d;
	assert_int_equal(form(t, "tiepnhan1", code, FK_RECEIPT, &ar, &p, &d), 0);
	assert_string_equal(str(d, "dossier.authorised_person.name"), "Trần Thị Hoa");
	assert_string_equal(str(d, "dossier.authorised_person.document"),
			    "Giấy ủy quyền số 12/2026 ngày 01/03/2026");
	struct page pg;
	form_html(&pg, &ar, FK_RECEIPT, d);
	assert_int_equal(pg.rc, 0);
	assert_int_equal(buf_append(&pg.b, "", 1), 0);
	assert_non_null(strstr(pg.b.p, "Người được ủy quyền:</span><span"
				       " class=\"doc-fill__value\">Trần Thị Hoa</span>"));
	assert_non_null(strstr(pg.b.p, "048190004321"));
	assert_non_null(strstr(pg.b.p, "Giấy ủy quyền số 12/2026 ngày 01/03/2026"));
	assert_non_null(strstr(pg.b.p, "Quyển số:</span><span class=\"doc-fill__value\">HT-2026"));
	assert_non_null(strstr(pg.b.p, "<p class=\"doc-sign__name\">Trần Thị Hoa</p>"));
	buf_free(&pg.b);
	json_decref(d);
	arena_release(&ar);
	free(code);
}

static void test_control_sheet_rows(void **state)
{
	struct testdb *t = *state;
	char *code = take_in(t, vn_instant(2026, 3, 2, 9, 0, 0));
	forward(t, code, vn_instant(2026, 3, 2, 10, 0, 0));
	struct arena ar = ARENA_INIT;
	struct problem p;
	json_t *d;
	assert_int_equal(form(t, "hotich1", code, FK_CONTROL, &ar, &p, &d), 0);
	json_t *rows = json_object_get(d, "rows");
	assert_int_equal(json_array_size(rows), 1); /* the receipt is the header, not a row */
	json_t *r = json_array_get(rows, 0);
	assert_string_equal(str(r, "what"), "Chuyển xử lý");
	assert_string_equal(str(r, "giver"), "Huỳnh Thị Mỹ Duyên");
	assert_string_equal(str(r, "giver_unit"), "Bộ phận Tiếp nhận và Trả kết quả");
	assert_string_equal(str(r, "receiver"), "Nguyễn Thị Thanh Thảo");
	assert_string_equal(str(r, "receiver_unit"),
			    "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường");
	assert_string_equal(str(r, "result"), "Đúng hạn");
	/* the units after the counter, the lead one first */
	json_t *units = json_object_get(d, "units");
	assert_string_equal(json_string_value(json_array_get(units, 0)),
			    "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường");
	json_decref(d);
	arena_release(&ar);
	free(code);
}

static void test_book_rows(void **state)
{
	struct testdb *t = *state;
	char *c1 = take_in(t, vn_instant(2026, 3, 2, 9, 0, 0));
	char *c2 = take_in(t, vn_instant(2026, 3, 3, 8, 0, 0));
	/* a dossier received before the book was numbered (migration 0009) has
	 * no entry */
	assert_int_equal(db_exec_vals(t->db,
				      "UPDATE dossier SET book_volume = NULL, book_entry = NULL"
				      " WHERE code = $1",
				      DB_ARGS(db_text(c2))),
			 DB_OK);
	struct arena ar = ARENA_INIT;
	struct problem p = {0};
	json_t *rows;
	long long total;
	struct book_q q = {.from = vn_days_from_civil(2026, 3, 1),
			   .to = vn_days_from_civil(2026, 3, 31)};
	assert_int_equal(papers_book(t->db, &q, &ar, &p, &rows, &total), 0);
	assert_int_equal(total, 2);
	assert_int_equal(json_array_size(rows), 2);
	json_t *r = json_array_get(rows, 0);
	assert_int_equal(json_integer_value(json_object_get(r, "no")), 1);
	assert_string_equal(str(r, "code"), c1);
	assert_string_equal(str(r, "applicant.name"), NAME);
	assert_string_equal(str(r, "phone"), "0905123456");
	assert_string_equal(str(r, "lead_unit"),
			    "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường");
	assert_string_equal(str(r, "received_at"), "2026-03-02T09:00:00+07:00");
	assert_string_equal(str(r, "due_at"), "2026-03-05T09:00:00+07:00");
	assert_string_equal(str(r, "return_method"), "counter");
	assert_true(json_is_null(json_object_get(r, "returned_at")));
	/* the volume and entry of the book (Mẫu 07) the intake entered it in */
	assert_string_equal(str(r, "book.volume"), "HT-2026");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(r, "book"), "entry")),
			 1);
	assert_string_equal(str(json_array_get(rows, 1), "code"), c2);
	assert_true(json_is_null(json_object_get(json_array_get(rows, 1), "book")));
	/* the CSV a spreadsheet opens: a BOM, a header, one line per row */
	struct buf b;
	assert_int_equal(book_csv(&b, &ar, rows), 0);
	assert_memory_equal(b.p, "\xEF\xBB\xBF", 3);
	assert_non_null(strstr(b.p, "Mã hồ sơ"));
	assert_non_null(strstr(b.p, c2));
	assert_non_null(strstr(b.p, ",Quyển số,Số thứ tự trong sổ\r\n"));
	assert_non_null(strstr(b.p, ",HT-2026,1\r\n"));
	buf_free(&b);
	json_decref(rows);
	/* from offset 1 the numbering goes on */
	q.offset = 1;
	assert_int_equal(papers_book(t->db, &q, &ar, &p, &rows, &total), 0);
	assert_int_equal(json_array_size(rows), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(rows, 0), "no")), 2);
	json_decref(rows);
	/* a field: its name for the heading; another field has none */
	q = (struct book_q){.from = q.from, .to = q.to, .field = "HT"};
	assert_int_equal(papers_book(t->db, &q, &ar, &p, &rows, &total), 0);
	assert_int_equal(total, 2);
	assert_non_null(q.field_name);
	json_decref(rows);
	q.field = "CT";
	assert_int_equal(papers_book(t->db, &q, &ar, &p, &rows, &total), 0);
	assert_int_equal(total, 0);
	json_decref(rows);
	q.field = "XX";
	assert_int_equal(papers_book(t->db, &q, &ar, &p, &rows, &total), ERR_VALIDATION);
	assert_string_equal(p.field, "field");
	/* the period's rules */
	q = (struct book_q){.from = vn_days_from_civil(2026, 3, 2),
			    .to = vn_days_from_civil(2026, 3, 1)};
	assert_int_equal(papers_book(t->db, &q, &ar, &p, &rows, &total), ERR_VALIDATION);
	assert_string_equal(p.code, "validation");
	q = (struct book_q){.from = vn_days_from_civil(2025, 1, 1),
			    .to = vn_days_from_civil(2026, 3, 1)};
	assert_int_equal(papers_book(t->db, &q, &ar, &p, &rows, &total), ERR_VALIDATION);
	assert_string_equal(p.code, "period_too_long");
	arena_release(&ar);
	free(c1);
	free(c2);
}

static const char *on_behalf(json_t *d, size_t i)
{
	return json_string_value(
		json_array_get(json_object_get(json_object_get(d, "signer"), "on_behalf"), i));
}

/* Who issues and signs: the counter's refusal is the centre's, signed by
 * the officer; a refusal after receipt by a leader, and the apology, are
 * the People's Committee's (TM. / KT. CHỦ TỊCH); by a head, his unit's. */
static void test_signers(void **state)
{
	struct testdb *t = *state;
	struct arena ar = ARENA_INIT;
	struct problem p;
	json_t *d;
	int64_t day = vn_instant(2026, 3, 2, 9, 0, 0);
	const char *why = "Người yêu cầu không cư trú trên địa bàn phường.";

	/* refused at the counter before receipt (an online submission) */
	char *c1 = take_in_as(t, day, 1, NULL);
	struct action_req r1 = {.code = c1, .action = DA_REFUSE, .reason = why};
	assert_int_equal(act(t, "tiepnhan1", &r1, day + 600), 0);
	assert_int_equal(form(t, "tiepnhan1", c1, FK_REFUSAL, &ar, &p, &d), 0);
	assert_string_equal(str(d, "form_no"), "Mẫu số 03");
	assert_string_equal(str(d, "stage"), "reception");
	assert_string_equal(str(d, "dossier.refusal.stage"), "reception");
	assert_string_equal(str(d, "signer.by"), "centre");
	assert_string_equal(str(d, "signer.head.parent"), "UBND phường Hội An");
	assert_string_equal(str(d, "signer.head.org"), "Trung tâm Phục vụ hành chính công");
	assert_string_equal(str(d, "signer.full_name"), "Huỳnh Thị Mỹ Duyên");
	assert_null(on_behalf(d, 0));
	json_decref(d);

	/* refused by the vice-chairman after receipt */
	char *c2 = take_in(t, day);
	forward(t, c2, day + 3600);
	struct action_req f2 = {.code = c2, .action = DA_FORWARD, .to = "phochutich"};
	assert_int_equal(act(t, "hotich1", &f2, day + 7200), 0);
	struct action_req r2 = {.code = c2,
				.action = DA_REFUSE,
				.reason = why,
				.legal_basis = "Điều 18 Luật Hộ tịch năm 2014"};
	assert_int_equal(act(t, "phochutich", &r2, day + 7800), 0);
	assert_int_equal(form(t, "phochutich", c2, FK_REFUSAL, &ar, &p, &d), 0);
	assert_string_equal(str(d, "stage"), "processing");
	assert_string_equal(str(d, "dossier.refusal.legal_basis"), "Điều 18 Luật Hộ tịch năm 2014");
	assert_string_equal(str(d, "signer.by"), "agency");
	assert_string_equal(str(d, "signer.full_name"), str(d, "dossier.refusal.by.full_name"));
	assert_string_equal(str(d, "signer.head.org"), "Ủy ban nhân dân phường Hội An");
	assert_string_equal(on_behalf(d, 0), "TM. ỦY BAN NHÂN DÂN");
	assert_string_equal(on_behalf(d, 1), "KT. CHỦ TỊCH");
	assert_string_equal(str(d, "signer.title"), "PHÓ CHỦ TỊCH");
	json_decref(d);

	/* refused by the head of the office, at his unit's step: for his unit */
	char *c3 = take_in(t, day);
	forward(t, c3, day + 3600);
	struct action_req r3 = {.code = c3, .action = DA_REFUSE, .reason = why};
	assert_int_equal(act(t, "truongvp", &r3, day + 7800), 0);
	assert_int_equal(form(t, "truongvp", c3, FK_REFUSAL, &ar, &p, &d), 0);
	assert_string_equal(str(d, "stage"), "processing");
	assert_string_equal(str(d, "signer.by"), "unit");
	assert_string_equal(str(d, "signer.head.parent"), "UBND phường Hội An");
	assert_string_equal(str(d, "signer.head.org"),
			    "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường");
	assert_string_equal(str(d, "signer.title"),
			    "Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường");
	assert_null(on_behalf(d, 0));
	json_decref(d);

	/* the apology, by the chairman: the committee's, without KT. */
	char *c4 = take_in(t, day);
	forward(t, c4, day + 3600);
	struct action_req a4 = {.code = c4,
				.action = DA_APOLOGIZE,
				.reason = "Cần xác minh thêm với nơi cư trú trước đây.",
				.new_due_at = vn_instant(2026, 3, 11, 17, 0, 0)};
	assert_int_equal(act(t, "chutich", &a4, day + 7200), 0);
	assert_int_equal(form(t, "chutich", c4, FK_APOLOGY, &ar, &p, &d), 0);
	assert_string_equal(str(d, "form_no"), "Mẫu số 04");
	assert_string_equal(str(d, "title"),
			    "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết");
	assert_string_equal(str(d, "signer.by"), "agency");
	assert_string_equal(str(d, "signer.head.org"), "Ủy ban nhân dân phường Hội An");
	assert_string_equal(on_behalf(d, 0), "TM. ỦY BAN NHÂN DÂN");
	assert_null(on_behalf(d, 1));
	assert_string_equal(str(d, "signer.title"), "CHỦ TỊCH");
	assert_string_equal(str(d, "signer.full_name"), "Lê Văn Trung");
	assert_string_equal(str(d, "party.id"), "048085001234");
	json_decref(d);
	/* the control sheet and the stop notice keep their new numbers */
	assert_int_equal(form(t, "chutich", c4, FK_CONTROL, &ar, &p, &d), 0);
	assert_string_equal(str(d, "form_no"), "Mẫu số 06");
	json_decref(d);
	assert_string_equal(form_kind_no(FK_WITHDRAWAL), "Mẫu số 05");
	arena_release(&ar);
	free(c1);
	free(c2);
	free(c3);
	free(c4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_receipt, setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_receipt_authorised_person, setup,
						testdb_teardown),
		cmocka_unit_test_setup_teardown(test_control_sheet_rows, setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_book_rows, setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_signers, setup, testdb_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
