/* test_forms_html.c — the drawing of the statutory papers (form_html,
 * book_html, book_csv) fed with data built here in the shape papers_form
 * and papers_book give (their contract, docs/API.md "Statutory forms"):
 * each paper's number and title as in Annex I of Circular 03/2025/TT-VPCP
 * (Mẫu 01–07), the receipt's authorised person, time-limit variant and
 * book entry, the apology's identification number and its signature for
 * the People's Committee (TM. / KT. CHỦ TỊCH), the refusal's issuer and
 * signer before and after receipt, the legal basis of a refusal or stop,
 * and the book's volume and entry columns. No database, no server. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "app/papers/forms.h"
#include "app/papers/papers.h"
#include "core/vntime.h"

#define CODE "000.01.40.H15-260302-0001"

/* The page drawn for kind k from data, as a string (caller frees). */
static char *draw(enum form_kind k, json_t *data)
{
	struct arena a = ARENA_INIT;
	struct page pg;
	form_html(&pg, &a, k, data);
	assert_int_equal(pg.rc, 0);
	size_t len;
	char *s = buf_steal(&pg.b, &len);
	arena_release(&a);
	return s;
}

#define has(s, x) assert_non_null_msg(strstr((s), (x)), (x))
#define hasnt(s, x) assert_null(strstr((s), (x)))

static void assert_non_null_msg(const char *p, const char *what)
{
	if (!p)
		fail_msg("missing: %s", what);
}

/* The data of a paper of a person's dossier: the shape papers_form gives. */
static json_t *paper(enum form_kind k)
{
	json_t *d = json_pack("{s:s,s:s,s:s,s:s,s:{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s},"
			      "s:{s:s,s:s,s:{s:i,s:s}},s:[{s:s,s:s,s:i}],s:s}",
			      "code", CODE, "received_at", "2026-03-02T09:00:00+07:00",
			      "original_due_at", "2026-03-05T09:00:00+07:00", "return_method",
			      "counter", "applicant", "kind", "person", "name", "Nguyễn Văn Bình",
			      "id_number", "048085001234", "phone", "0905123456", "email",
			      "binh@example.com", "address", "12 Trần Phú", "org_name", "",
			      "tax_code", "", "procedure", "code", "1.004873", "name",
			      "Cấp Giấy xác nhận tình trạng hôn nhân", "time_limit", "value", 3,
			      "unit", "working_days", "documents", "name", "Tờ khai", "form",
			      "original", "count", 1, "status", "received");
	json_t *o = json_pack(
		"{s:s,s:s,s:s,s:s,s:s,s:s,s:{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s},"
		"s:{s:s,s:s,s:s,s:s,s:s,s:s},s:{s:s,s:s,s:s},s:o}",
		"kind", form_kind_name(k), "form_no", form_kind_no(k), "title", form_kind_title(k),
		"number", "260302-0001/X", "issued_at", "2026-03-02T09:00:00+07:00", "place_date",
		"Hội An, ngày 02 tháng 3 năm 2026", "issuer", "agency",
		"Ủy ban nhân dân phường Hội An", "agency_short", "UBND phường Hội An", "parent", "",
		"centre", "Trung tâm Phục vụ hành chính công phường Hội An", "centre_short",
		"Trung tâm Phục vụ hành chính công", "place", "Hội An", "address", "1 Hoàng Diệu",
		"phone", "0235 3861 234", "email", "ttpvhcc@example.vn", "party", "display",
		"Nguyễn Văn Bình", "representative", "", "addressee", "Ông/Bà Nguyễn Văn Bình",
		"you", "Ông/Bà", "id_label", "Số định danh cá nhân", "id", "048085001234",
		"officer", "full_name", "Huỳnh Thị Mỹ Duyên", "title",
		"Công chức tiếp nhận và trả kết quả", "unit", "Bộ phận Tiếp nhận và Trả kết quả",
		"dossier", d);
	assert_non_null(d);
	assert_non_null(o);
	json_object_set_new(o, "signer",
			    json_pack("{s:s,s:{s:s,s:s},s:[],s:s,s:s}", "by", "centre", "head",
				      "parent", "UBND phường Hội An", "org",
				      "Trung tâm Phục vụ hành chính công", "on_behalf", "title",
				      "Công chức tiếp nhận và trả kết quả", "full_name",
				      "Huỳnh Thị Mỹ Duyên"));
	return o;
}

static json_t *dossier(json_t *o)
{
	return json_object_get(o, "dossier");
}

/* The number at the top right and the title, for every paper. */
static void test_numbers_and_titles(void **state)
{
	(void)state;
	static const struct {
		enum form_kind k;
		const char *no, *title;
	} want[] = {
		{FK_RECEIPT, "Mẫu số 01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"},
		{FK_SUPPLEMENT, "Mẫu số 02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"},
		{FK_REFUSAL, "Mẫu số 03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ"},
		{FK_APOLOGY, "Mẫu số 04",
		 "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"},
		{FK_WITHDRAWAL, "Mẫu số 05", "Thông báo dừng giải quyết hồ sơ"},
		{FK_CONTROL, "Mẫu số 06", "Phiếu kiểm soát quá trình giải quyết hồ sơ"},
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		assert_string_equal(form_kind_no(want[i].k), want[i].no);
		assert_string_equal(form_kind_title(want[i].k), want[i].title);
		json_t *o = paper(want[i].k);
		json_object_set_new(dossier(o), "supplement",
				    json_pack("{s:s,s:s,s:[s]}", "requested_at",
					      "2026-03-02T14:00:00+07:00", "reason", "Thiếu",
					      "items", "Bản sao"));
		json_object_set_new(dossier(o), "refusal",
				    json_pack("{s:s,s:s}", "at", "2026-03-02T09:30:00+07:00",
					      "reason", "Không thuộc thẩm quyền của phường."));
		json_object_set_new(dossier(o), "withdrawal",
				    json_pack("{s:s,s:s}", "at", "2026-03-02T09:30:00+07:00",
					      "reason", "Công dân không còn nhu cầu nữa."));
		json_object_set_new(dossier(o), "apology",
				    json_pack("{s:s,s:s,s:s,s:s}", "at",
					      "2026-03-04T15:00:00+07:00", "reason", "Cần xác minh",
					      "previous_due_at", "2026-03-05T09:00:00+07:00",
					      "new_due_at", "2026-03-11T17:00:00+07:00"));
		char *s = draw(want[i].k, o);
		char *no = NULL, *h1 = NULL;
		assert_true(
			asprintf(
				&no,
				"<div class=\"doc-head__nation\">\n<p class=\"doc-form-no\">%s</p>",
				want[i].no) > 0);
		assert_true(asprintf(&h1, "<h1 class=\"doc-title\" id=\"doc-title\">%s</h1>",
				     want[i].title) > 0);
		has(s, no);
		has(s, h1);
		/* the tab's title names the paper too */
		has(s, want[i].no);
		/* no paper keeps the superseded numbering or titles */
		hasnt(s, "Phiếu xin lỗi và hẹn lại ngày trả kết quả");
		hasnt(s, "01/2018");
		free(no);
		free(h1);
		free(s);
		json_decref(o);
	}
}

/* Mẫu 01: the authorised person's block, the variant of the time limit, the
 * book's volume and entry; the proxy signs as the one who submits. */
static void test_receipt_authorised_variant_book(void **state)
{
	(void)state;
	json_t *o = paper(FK_RECEIPT);
	char *plain = draw(FK_RECEIPT, o);
	hasnt(plain, "Người được ủy quyền");
	has(plain, "<article class=\"paper\" lang=\"vi\"");
	has(plain, ">03 ngày làm việc</span>");
	/* no entry yet: the dotted lines stay to write by hand */
	has(plain, "Quyển số:</span><span class=\"doc-fill__value\"></span>");
	free(plain);

	json_t *d = dossier(o);
	json_object_set_new(d, "authorised_person",
			    json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "name", "Trần Thị Hoa",
				      "id_number", "048190004321", "address",
				      "5 Lê Lợi, phường Hội An", "phone", "0912345678", "email",
				      "hoa@example.com", "document",
				      "Giấy ủy quyền số 12/2026 ngày 01/03/2026"));
	json_object_set_new(d, "time_limit_variant",
			    json_pack("{s:s,s:s,s:i,s:s}", "code", "verify", "name",
				      "Trường hợp cần xác minh", "value", 5, "unit",
				      "working_days"));
	json_object_set_new(json_object_get(d, "procedure"), "time_limit",
			    json_pack("{s:i,s:s}", "value", 5, "unit", "working_days"));
	json_object_set_new(d, "book", json_pack("{s:s,s:i}", "volume", "HT-2026", "entry", 12));
	char *s = draw(FK_RECEIPT, o);
	/* tighter lines, to stay on one sheet */
	has(s, "<article class=\"paper paper--dense\" lang=\"vi\"");
	/* the applicant's own lines stay */
	has(s, "Tên tổ chức, cá nhân:</span><span class=\"doc-fill__value\">Nguyễn Văn Bình");
	has(s, "048085001234");
	has(s, "Người được ủy quyền:</span><span class=\"doc-fill__value\">Trần Thị Hoa</span>");
	has(s, "Số định danh cá nhân:</span><span class=\"doc-fill__value\">048190004321");
	has(s, "5 Lê Lợi, phường Hội An");
	has(s, "0912345678");
	has(s, "hoa@example.com");
	has(s, "Giấy ủy quyền:</span><span class=\"doc-fill__value\">Giấy ủy quyền số 12/2026"
	       " ngày 01/03/2026</span>");
	has(s, "3. Thời gian giải quyết hồ sơ theo quy định:</span><span"
	       " class=\"doc-fill__value\">05 ngày làm việc (Trường hợp cần xác minh)</span>");
	has(s, "Vào Sổ theo dõi hồ sơ, Quyển số:</span><span class=\"doc-fill__value\">HT-2026"
	       "</span><span class=\"doc-fill__label\">Số thứ tự:</span><span"
	       " class=\"doc-fill__value\">12</span>");
	/* the person at the counter signs as the one who submits */
	has(s, "<p class=\"doc-sign__title\">Người nộp hồ sơ</p><p class=\"doc-sign__hint\">(Ký"
	       " và ghi rõ họ tên)</p><div class=\"doc-sign__space\"></div><p"
	       " class=\"doc-sign__name\">Trần Thị Hoa</p>");
	free(s);
	json_decref(o);
}

static json_t *leader_signer(const char *title)
{
	int vice = strstr(title, "PHÓ") != NULL;
	return json_pack("{s:s,s:{s:s,s:s},s:o,s:s,s:s}", "by", "agency", "head", "parent", "",
			 "org", "Ủy ban nhân dân phường Hội An", "on_behalf",
			 vice ? json_pack("[s,s]", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH")
			      : json_pack("[s]", "TM. ỦY BAN NHÂN DÂN"),
			 "title", title, "full_name", vice ? "Phan Thị Hạnh" : "Lê Văn Trung");
}

/* Mẫu 04: issued by the People's Committee, the applicant's ID number, the
 * new date, signed TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH. */
static void test_apology(void **state)
{
	(void)state;
	json_t *o = paper(FK_APOLOGY);
	json_object_set_new(dossier(o), "apology",
			    json_pack("{s:s,s:s,s:s,s:s}", "at", "2026-03-04T15:00:00+07:00",
				      "reason", "Cần xác minh thêm với nơi cư trú trước đây.",
				      "previous_due_at", "2026-03-09T09:00:00+07:00", "new_due_at",
				      "2026-03-11T17:00:00+07:00"));
	json_object_set_new(o, "signer", leader_signer("PHÓ CHỦ TỊCH"));
	char *s = draw(FK_APOLOGY, o);
	has(s, "<p class=\"doc-head__org\">Ủy ban nhân dân phường Hội An</p>");
	hasnt(s, "doc-head__parent");
	has(s, "Kính gửi: Ông/Bà Nguyễn Văn Bình");
	has(s, "Số định danh cá nhân:</span><span class=\"doc-fill__value\">048085001234</span>");
	has(s, "Mã hồ sơ:</span><span class=\"doc-fill__value\">" CODE "</span>");
	has(s, "09 giờ 00 phút, ngày 09/03/2026");
	has(s, "Cần xác minh thêm với nơi cư trú trước đây.");
	has(s, "đề nghị gia hạn thời gian giải quyết");
	has(s, "17 giờ 00 phút, ngày 11/03/2026");
	has(s, "<div><p class=\"doc-sign__title\">TM. ỦY BAN NHÂN DÂN</p><p"
	       " class=\"doc-sign__title\">KT. CHỦ TỊCH</p><p class=\"doc-sign__title\">PHÓ CHỦ"
	       " TỊCH</p><p class=\"doc-sign__hint\">(Ký, ghi rõ họ tên và đóng dấu)</p><div"
	       " class=\"doc-sign__space\"></div><p class=\"doc-sign__name\">Phan Thị Hạnh</p>");
	has(s, "Nơi nhận:");
	free(s);
	/* the chairman signs for the committee without KT. */
	json_object_set_new(o, "signer", leader_signer("CHỦ TỊCH"));
	s = draw(FK_APOLOGY, o);
	has(s, "<p class=\"doc-sign__title\">TM. ỦY BAN NHÂN DÂN</p><p"
	       " class=\"doc-sign__title\">CHỦ TỊCH</p>");
	hasnt(s, "KT. CHỦ TỊCH");
	free(s);
	/* an organisation: its tax code */
	json_t *p = json_object_get(o, "party");
	json_object_set_new(p, "id_label", json_string("Mã số thuế"));
	json_object_set_new(p, "id", json_string("0401234567"));
	s = draw(FK_APOLOGY, o);
	has(s, "Mã số thuế:</span><span class=\"doc-fill__value\">0401234567</span>");
	free(s);
	json_decref(o);
}

/* Mẫu 03 before receipt: the centre issues it, the applicant and the
 * counter officer sign; the legal basis when given. */
static void test_refusal_at_the_counter(void **state)
{
	(void)state;
	json_t *o = paper(FK_REFUSAL);
	json_object_set_new(o, "stage", json_string("reception"));
	json_object_set_new(dossier(o), "refusal",
			    json_pack("{s:s,s:s,s:s,s:s}", "at", "2026-03-02T09:30:00+07:00",
				      "reason", "Thủ tục không thuộc thẩm quyền của phường.",
				      "legal_basis", "Điều 17 Nghị định số 118/2025/NĐ-CP", "stage",
				      "reception"));
	char *s = draw(FK_REFUSAL, o);
	has(s, "<p class=\"doc-head__parent\">UBND phường Hội An</p>\n<p"
	       " class=\"doc-head__org\">Trung tâm Phục vụ hành chính công</p>");
	has(s, "Trung tâm Phục vụ hành chính công phường Hội An từ chối tiếp nhận, giải quyết"
	       " hồ sơ này vì lý do sau:");
	has(s, "Thủ tục không thuộc thẩm quyền của phường.");
	has(s, "<p class=\"doc-indent\">Căn cứ: Điều 17 Nghị định số 118/2025/NĐ-CP</p>");
	has(s, "<p class=\"doc-sign__title\">Người nộp hồ sơ</p>");
	has(s, "<p class=\"doc-sign__title\">Người tiếp nhận hồ sơ</p><p"
	       " class=\"doc-sign__hint\">(Ký và ghi rõ họ tên)</p><div"
	       " class=\"doc-sign__space\"></div><p class=\"doc-sign__name\">Huỳnh Thị Mỹ"
	       " Duyên</p>");
	hasnt(s, "Kính gửi");
	free(s);
	/* without a legal basis, no "Căn cứ" line */
	json_object_del(json_object_get(dossier(o), "refusal"), "legal_basis");
	s = draw(FK_REFUSAL, o);
	hasnt(s, "Căn cứ:");
	free(s);
	json_decref(o);
}

/* Mẫu 03 after receipt: the body that refused issues it — the People's
 * Committee signed by its leader, or a unit signed by its head. */
static void test_refusal_after_receipt(void **state)
{
	(void)state;
	json_t *o = paper(FK_REFUSAL);
	json_object_set_new(o, "stage", json_string("processing"));
	json_object_set_new(dossier(o), "refusal",
			    json_pack("{s:s,s:s,s:n,s:s}", "at", "2026-03-04T10:00:00+07:00",
				      "reason", "Người yêu cầu đã đăng ký kết hôn ở nơi khác.",
				      "legal_basis", "stage", "processing"));
	json_object_set_new(o, "signer", leader_signer("PHÓ CHỦ TỊCH"));
	char *s = draw(FK_REFUSAL, o);
	has(s, "<p class=\"doc-head__org\">Ủy ban nhân dân phường Hội An</p>");
	has(s, "Kính gửi: Ông/Bà Nguyễn Văn Bình");
	has(s, "Ngày 02/03/2026, Trung tâm Phục vụ hành chính công phường Hội An tiếp nhận hồ"
	       " sơ của:");
	has(s, "Ủy ban nhân dân phường Hội An từ chối giải quyết hồ sơ này vì lý do sau:");
	has(s, "<p class=\"doc-sign__title\">TM. ỦY BAN NHÂN DÂN</p><p"
	       " class=\"doc-sign__title\">KT. CHỦ TỊCH</p><p class=\"doc-sign__title\">PHÓ CHỦ"
	       " TỊCH</p>");
	has(s, "Phan Thị Hạnh");
	hasnt(s, "Người tiếp nhận hồ sơ");
	hasnt(s, "Người nộp hồ sơ");
	hasnt(s, "Căn cứ:");
	free(s);

	json_object_set_new(o, "signer",
			    json_pack("{s:s,s:{s:s,s:s},s:[],s:s,s:s}", "by", "unit", "head",
				      "parent", "UBND phường Hội An", "org",
				      "Phòng Văn hóa – Xã hội", "on_behalf", "title",
				      "Trưởng phòng Văn hóa – Xã hội", "full_name", "Võ Thị Lan"));
	s = draw(FK_REFUSAL, o);
	has(s, "<p class=\"doc-head__parent\">UBND phường Hội An</p>\n<p"
	       " class=\"doc-head__org\">Phòng Văn hóa – Xã hội</p>");
	has(s, "Phòng Văn hóa – Xã hội từ chối giải quyết hồ sơ này");
	has(s, "<div><p class=\"doc-sign__title\">Trưởng phòng Văn hóa – Xã hội</p><p"
	       " class=\"doc-sign__hint\">(Ký và ghi rõ họ tên)</p>");
	has(s, "Võ Thị Lan");
	hasnt(s, "TM. ");
	free(s);
	json_decref(o);
}

/* Mẫu 05: titled as the annex, the legal basis of the stop when given. */
static void test_stop_notice(void **state)
{
	(void)state;
	json_t *o = paper(FK_WITHDRAWAL);
	json_object_set_new(dossier(o), "withdrawal",
			    json_pack("{s:s,s:s,s:s}", "at", "2026-03-05T10:30:00+07:00", "reason",
				      "Công dân không còn nhu cầu nữa.", "legal_basis",
				      "Điều 21 Nghị định số 118/2025/NĐ-CP"));
	char *s = draw(FK_WITHDRAWAL, o);
	has(s, "Kính gửi: Ông/Bà Nguyễn Văn Bình");
	has(s, "Công dân không còn nhu cầu nữa.");
	has(s, "<p class=\"doc-indent\">Căn cứ: Điều 21 Nghị định số 118/2025/NĐ-CP</p>");
	has(s, "10 giờ 30 phút, ngày 05/03/2026");
	free(s);
	json_decref(o);
}

/* Mẫu 07: number, title, the volume and entry columns (HTML and CSV). */
static void test_book(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	struct book_q q = {.from = vn_days_from_civil(2026, 3, 1),
			   .to = vn_days_from_civil(2026, 3, 31)};
	json_t *rows = json_pack(
		"[{s:i,s:s,s:{s:s,s:i},s:{s:s,s:s},s:{s:s,s:s},s:{s:s,s:s},s:s,s:s,s:s,"
		"s:s,s:s,s:s,s:b,s:n,s:n,s:n,s:n,s:n},"
		"{s:i,s:s,s:n,s:{s:s,s:s},s:{s:s,s:s},s:{s:s,s:s},s:s,s:s,s:s,"
		"s:s,s:s,s:s,s:b,s:n,s:n,s:n,s:n,s:n}]",
		"no", 1, "code", CODE, "book", "volume", "HT-2026", "entry", 7, "procedure", "code",
		"1.004873", "name", "Cấp Giấy xác nhận", "field", "code", "HT", "name", "Hộ tịch",
		"applicant", "name", "Nguyễn Văn Bình", "representative", "", "address",
		"12 Trần Phú", "phone", "0905123456", "lead_unit", "Văn phòng", "received_at",
		"2026-03-02T09:00:00+07:00", "due_at", "2026-03-05T09:00:00+07:00", "status",
		"received", "rescheduled", 0, "returned_at", "receiver_name", "refused_at",
		"withdrawn_at", "return_method", "no", 2, "code", "000.01.40.H15-260302-0002",
		"book", "procedure", "code", "1.004873", "name", "Cấp Giấy xác nhận", "field",
		"code", "HT", "name", "Hộ tịch", "applicant", "name", "Trần Thị Hoa",
		"representative", "", "address", "", "phone", "", "lead_unit", "Văn phòng",
		"received_at", "2026-03-02T10:00:00+07:00", "due_at", "2026-03-05T10:00:00+07:00",
		"status", "received", "rescheduled", 0, "returned_at", "receiver_name",
		"refused_at", "withdrawn_at", "return_method");
	assert_non_null(rows);
	struct page pg;
	json_t *issuer = json_object();
	book_html(&pg, &a, &q, issuer, rows, 2, 1772420400);
	json_decref(issuer);
	assert_int_equal(pg.rc, 0);
	size_t len;
	char *s = buf_steal(&pg.b, &len);
	has(s, "<div class=\"doc-head__nation\">\n<p class=\"doc-form-no\">Mẫu số 07</p>");
	has(s, "<h1 class=\"doc-title\" id=\"doc-title\">Sổ theo dõi hồ sơ</h1>");
	has(s, "<th scope=\"colgroup\" colspan=\"2\">Vào sổ</th>");
	has(s, "<th scope=\"col\">Quyển số</th><th scope=\"col\">Số thứ tự</th>");
	has(s, "<tr><td class=\"num\">1</td><td class=\"center\">HT-2026</td><td"
	       " class=\"num\">7</td><td>" CODE "</td>");
	/* a dossier not entered in the book: empty cells */
	has(s, "<tr><td class=\"num\">2</td><td class=\"center\"></td><td class=\"num\"></td>");
	free(s);
	struct buf b;
	assert_int_equal(book_csv(&b, &a, rows), 0);
	assert_int_equal(buf_append(&b, "", 1), 0);
	has(b.p, ",Người nhận kết quả,Quyển số,Số thứ tự trong sổ\r\n");
	has(b.p, ",HT-2026,7\r\n");
	buf_free(&b);
	json_decref(rows);
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers_and_titles),
		cmocka_unit_test(test_receipt_authorised_variant_book),
		cmocka_unit_test(test_apology),
		cmocka_unit_test(test_refusal_at_the_counter),
		cmocka_unit_test(test_refusal_after_receipt),
		cmocka_unit_test(test_stop_notice),
		cmocka_unit_test(test_book),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
