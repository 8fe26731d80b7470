/*
 * forms_html.c — draws the six papers of a dossier on A4 from the data
 * papers_form builds (the same JSON ?format=json returns): Mẫu 01–06 of
 * Annex I of Circular 03/2025/TT-VPCP (guiding Decree 118/2025/NĐ-CP),
 * each with its number at the top right and its title as the annex names
 * it (the number at the top right of the heading, above the country's
 * name); fields as DOMAIN.md §1.4 lists them. Who issues and signs a paper is
 * the data's "signer" (papers_service.c). The look is web/css/print.css
 * (national heading, dotted fill-in lines, ruled tables, signature blocks).
 *
 * Invariant: every value comes from the data and reaches the page through
 * the escaping pg_* helpers (forms_page.c); only literals go through
 * pg_raw(). The QR code's SVG is made by src/qr from the tracking URL and
 * escapes its own title.
 *
 * Threading: pure; runs on the request's HTTP worker thread.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/papers/forms.h"
#include "qr/qr.h"

/* Everything a renderer needs, looked up once. */
struct fctx {
	struct page *pg;
	struct arena *a;
	json_t *data, *d, *issuer, *party;
};

static const char *W(struct fctx *f, const char *path, enum vnf how)
{
	return vn_words(f->a, jstr(f->d, path), how);
}

/* A dense sheet (print.css: tighter lines) holds the receipt's extra block
 * for the authorised person on the one A4 page the receipt must stay. */
static void article_begin(struct fctx *f, int dense)
{
	pg_raw(f->pg,
	       dense ? "<article class=\"paper paper--dense\" lang=\"vi\""
		       " aria-labelledby=\"doc-title\">\n"
		     : "<article class=\"paper\" lang=\"vi\" aria-labelledby=\"doc-title\">\n");
}

/* The heading of papers the centre issues, then the title and the code. */
static void centre_head(struct fctx *f, int with_date)
{
	pg_head_form(f->pg, jstr(f->data, "form_no"), jstr(f->issuer, "agency_short"),
		     jstr(f->issuer, "centre_short"), jstr(f->data, "number"),
		     with_date ? jstr(f->data, "place_date") : NULL);
}

static void title(struct fctx *f, const char *sub_label, const char *sub)
{
	pg_raw(f->pg, "<h1 class=\"doc-title\" id=\"doc-title\">");
	pg_text(f->pg, jstr(f->data, "title"));
	pg_raw(f->pg, "</h1>\n");
	if (sub_label) {
		pg_raw(f->pg, "<p class=\"doc-subtitle\">");
		pg_text(f->pg, sub_label);
		pg_raw(f->pg, " <span class=\"doc-code\">");
		pg_text(f->pg, sub);
		pg_raw(f->pg, "</span></p>\n");
	}
}

/* Name, identifier, address, phone and e-mail of the applicant. */
static void applicant_lines(struct fctx *f, const char *name_label)
{
	pg_fill(f->pg, name_label, jstr(f->party, "display"));
	if (jstr(f->party, "representative")[0])
		pg_fill(f->pg, "Người đại diện:", jstr(f->party, "representative"));
	pg_fill(f->pg, arena_printf(f->a, "%s:", jstr(f->party, "id_label")), jstr(f->party, "id"));
	pg_fill(f->pg, "Địa chỉ:", jstr(f->d, "applicant.address"));
	pg_fill2(f->pg, "Số điện thoại:", jstr(f->d, "applicant.phone"),
		 "Thư điện tử:", jstr(f->d, "applicant.email"));
}

static const char *procedure_text(struct fctx *f)
{
	return jstr(f->d, "procedure.name");
}

static void para(struct fctx *f, const char *cls, const char *text)
{
	pg_raw(f->pg, cls);
	pg_text(f->pg, text);
	pg_raw(f->pg, "</p>\n");
}

/* --- Mẫu 01 ------------------------------------------------------------ */

static void receipt(struct fctx *f)
{
	struct page *pg = f->pg;
	const char *code = jstr(f->d, "code");
	centre_head(f, 1);
	title(f, NULL, NULL);
	/* the code, and on the same line the evaluation secret (D35): only the
	 * holder of this paper rates the service (the QR code carries it too);
	 * on this line the receipt keeps to one A4 page */
	pg_raw(pg, "<p class=\"doc-subtitle\">Mã hồ sơ: <span class=\"doc-code\">");
	pg_text(pg, code);
	pg_raw(pg, "</span>");
	const char *ev = jstr(f->data, "evaluation_code");
	if (ev[0]) {
		pg_raw(pg, " · Mã đánh giá: <span class=\"doc-code eval-code\">");
		pg_text(pg, ev);
		pg_raw(pg, "</span>");
	}
	pg_raw(pg, "</p>\n");
	pg_raw(pg, "<div class=\"doc-body\">\n");
	para(f, "<p>", arena_printf(f->a, "%s tiếp nhận hồ sơ của:", jstr(f->issuer, "centre")));
	/* the QR code beside the applicant's lines (a layout table: print.css
	 * has no two-column block, and the CSP allows no inline style) */
	pg_raw(pg, "<table role=\"presentation\" width=\"100%\" cellspacing=\"0\""
		   " cellpadding=\"0\"><tr><td valign=\"top\">\n");
	applicant_lines(f, "Tên tổ chức, cá nhân:");
	pg_raw(pg, "</td><td valign=\"top\" align=\"right\" width=\"20%\">");
	const char *url = jstr(f->data, "tracking_url");
	char *svg = qr_svg(url, arena_printf(f->a, "Mã QR tra cứu hồ sơ %s", code), "doc-qr", NULL);
	if (svg) {
		pg_raw(pg, svg); /* made by qr_svg, which escapes its text */
		free(svg);
	}
	pg_raw(pg, "</td></tr></table>\n");
	/* the person who submits on the applicant's behalf (Decree 118/2025:
	 * a proxy needs an authorisation) */
	const char *agent = jstr(f->d, "authorised_person.name");
	if (agent[0]) {
		pg_fill(pg, "Người được ủy quyền:", agent);
		pg_fill(pg, "Số định danh cá nhân:", jstr(f->d, "authorised_person.id_number"));
		pg_fill(pg, "Địa chỉ:", jstr(f->d, "authorised_person.address"));
		pg_fill2(pg, "Số điện thoại:", jstr(f->d, "authorised_person.phone"),
			 "Thư điện tử:", jstr(f->d, "authorised_person.email"));
		pg_fill(pg, "Giấy ủy quyền:", jstr(f->d, "authorised_person.document"));
	}
	pg_fill(pg, "Nội dung yêu cầu giải quyết:", jstr(f->d, "procedure.name"));
	pg_raw(pg, "<p>1. Thành phần hồ sơ nộp gồm:</p>\n<p class=\"doc-small\">");
	json_t *doc;
	size_t i;
	json_array_foreach (json_object_get(f->d, "documents"), i, doc) {
		long long n = (long long)json_integer_value(json_object_get(doc, "count"));
		const char *form = jstr(doc, "form");
		if (i)
			pg_raw(pg, "<br>\n");
		pg_text(pg, arena_printf(f->a, "(%zu) %s: ", i + 1, jstr(doc, "name")));
		if (!strcmp(form, "presented"))
			pg_text(pg, "xuất trình bản chính để đối chiếu.");
		else
			pg_text(pg,
				arena_printf(f->a, "%02lld %s.", n, label_doc_form_lower(form)));
	}
	pg_raw(pg, "</p>\n");
	pg_fill(pg, "2. Số lượng hồ sơ:", "01 bộ");
	/* the limit of the lawful variant chosen at intake, named */
	const char *limit = label_time_limit_paper(
		f->a, json_object_get(json_object_get(f->d, "procedure"), "time_limit"));
	const char *variant = jstr(f->d, "time_limit_variant.name");
	if (variant[0])
		limit = arena_printf(f->a, "%s (%s)", limit, variant);
	pg_fill(pg, "3. Thời gian giải quyết hồ sơ theo quy định:", limit);
	pg_fill(pg, "4. Thời gian nhận hồ sơ:", W(f, "received_at", VNF_DATETIME_WORDS));
	pg_fill(pg, "5. Thời gian trả kết quả giải quyết hồ sơ:",
		W(f, "original_due_at", VNF_DATETIME_WORDS));
	pg_fill(pg,
		"6. Đăng ký nhận kết quả tại:", label_return_method(jstr(f->d, "return_method")));
	pg_fill2(pg, "Vào Sổ theo dõi hồ sơ, Quyển số:", jtext(f->a, f->d, "book.volume"),
		 "Số thứ tự:", jtext(f->a, f->d, "book.entry"));
	pg_raw(pg, "</div>\n<div class=\"doc-sign\">\n");
	pg_sign(pg, "Người nộp hồ sơ", "(Ký và ghi rõ họ tên)",
		agent[0] ? agent : jstr(f->party, "display"));
	pg_sign(pg, "Người tiếp nhận hồ sơ", "(Ký và ghi rõ họ tên)",
		jstr(f->data, "officer.full_name"));
	pg_raw(pg, "</div>\n<div class=\"doc-body doc-small\">\n<p class=\"doc-italic\">"
		   "Ghi chú: Quét mã QR ở trên hoặc vào ");
	/* the address as typed by hand: without the QR code's #ev= fragment
	 * (the evaluation code is printed on its own below) */
	const char *hash = strchr(url, '#');
	pg_text(pg, hash ? arena_strndup(f->a, url, (size_t)(hash - url)) : url);
	pg_raw(pg, " để tra cứu tình trạng hồ sơ. Khi nhận kết quả, vui lòng mang theo giấy này"
		   " (nếu mất, xuất trình giấy tờ tùy thân).");
	pg_raw(pg, "</p>\n</div>\n");
}

/* --- Mẫu 02 ------------------------------------------------------------ */

static void supplement(struct fctx *f)
{
	struct page *pg = f->pg;
	centre_head(f, 1);
	title(f, "Mã hồ sơ:", jstr(f->d, "code"));
	pg_raw(pg, "<div class=\"doc-body\">\n");
	pg_fill(pg, "Hồ sơ của:", jstr(f->party, "display"));
	pg_fill(pg, "Nội dung yêu cầu giải quyết:", procedure_text(f));
	pg_fill(pg, "Địa chỉ:", jstr(f->d, "applicant.address"));
	pg_fill2(pg, "Số điện thoại:", jstr(f->d, "applicant.phone"),
		 "Thư điện tử:", jstr(f->d, "applicant.email"));
	pg_raw(pg, "<p>Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:</p>\n");
	json_t *it;
	size_t i;
	json_array_foreach (json_object_get(json_object_get(f->d, "supplement"), "items"), i, it) {
		pg_raw(pg, "<p class=\"doc-indent\">");
		pg_text(pg, arena_printf(f->a, "%zu. ", i + 1));
		pg_lines(pg, json_string_value(it));
		pg_raw(pg, "</p>\n");
	}
	pg_raw(pg, "<p>Lý do: ");
	pg_lines(pg, jstr(f->d, "supplement.reason"));
	pg_raw(pg, "</p>\n<p>Thời gian giải quyết hồ sơ tạm dừng từ ");
	pg_text(pg, W(f, "supplement.requested_at", VNF_DATETIME_WORDS));
	pg_raw(pg, " đến khi ");
	pg_text(pg, jstr(f->party, "you"));
	pg_raw(pg,
	       " nộp đủ hồ sơ bổ sung. Hồ sơ chỉ được yêu cầu bổ sung, hoàn thiện một lần.</p>\n"
	       "<p>Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, ");
	pg_text(pg, jstr(f->party, "you"));
	pg_raw(pg, " liên hệ với ");
	const char *who = jstr(f->data, "officer.full_name");
	pg_text(pg, who[0] ? who : "cán bộ tiếp nhận");
	if (jstr(f->data, "officer.unit")[0]) {
		pg_raw(pg, " (");
		pg_text(pg, jstr(f->data, "officer.unit"));
		pg_raw(pg, ")");
	}
	pg_raw(pg, ", số điện thoại ");
	pg_text(pg, jstr(f->issuer, "phone"));
	pg_raw(pg, " để được hướng dẫn./.</p>\n</div>\n<div class=\"doc-sign\">\n<div></div>\n");
	pg_sign(pg, "Người hướng dẫn", "(Ký và ghi rõ họ tên)", who);
	pg_raw(pg, "</div>\n");
}

/* --- Mẫu 03 ------------------------------------------------------------ */

/* "Căn cứ: …" when the refusal or stop gives its legal basis. */
static void legal_basis(struct fctx *f, const char *path)
{
	const char *basis = jstr(f->d, path);
	if (!basis[0])
		return;
	pg_raw(f->pg, "<p class=\"doc-indent\">Căn cứ: ");
	pg_lines(f->pg, basis);
	pg_raw(f->pg, "</p>\n");
}

/* "Nơi nhận:" of a letter the body sends. */
static void recipients(struct fctx *f)
{
	pg_raw(f->pg, "<div class=\"doc-body doc-recipients\">"
		      "<p class=\"doc-recipients__title\">Nơi nhận:</p><p>- Như trên;</p><p>- ");
	pg_text(f->pg, jstr(f->issuer, "centre"));
	pg_raw(f->pg, ";</p><p>- Lưu: VT, hồ sơ.</p></div>\n");
}

/* The signature of whoever signs for a body (signer.on_behalf, title). */
static void sign_for_body(struct fctx *f, const char *hint)
{
	json_t *sg = json_object_get(f->data, "signer");
	pg_sign_for(f->pg, json_object_get(sg, "on_behalf"), jstr(sg, "title"), hint,
		    jstr(sg, "full_name"));
}

/*
 * Before receipt the counter refuses to receive: the centre issues the
 * paper, the applicant and the counter officer sign. After receipt the
 * body that refused issues it in its own name (the People's Committee,
 * signed by its leader; or a unit, signed by its head) as a letter to the
 * applicant.
 */
static void refusal(struct fctx *f)
{
	struct page *pg = f->pg;
	const char *code = jstr(f->d, "code"), *by = jstr(f->data, "signer.by");
	int counter = strcmp(by, "agency") && strcmp(by, "unit");
	const char *body = jstr(f->data, "signer.head.org");
	pg_head_form(pg, jstr(f->data, "form_no"), jstr(f->data, "signer.head.parent"), body,
		     jstr(f->data, "number"), jstr(f->data, "place_date"));
	title(f, "Mã hồ sơ:", code);
	if (!counter) {
		pg_raw(pg, "<p class=\"doc-to\">Kính gửi: ");
		pg_text(pg, jstr(f->party, "addressee"));
		pg_raw(pg, "</p>\n");
	}
	pg_raw(pg, "<div class=\"doc-body\">\n");
	if (counter)
		para(f, "<p>",
		     arena_printf(f->a, "%s tiếp nhận hồ sơ của:", jstr(f->issuer, "centre")));
	else
		para(f, "<p>",
		     arena_printf(f->a, "Ngày %s, %s tiếp nhận hồ sơ của:",
				  W(f, "received_at", VNF_DATE), jstr(f->issuer, "centre")));
	applicant_lines(f, "Tên tổ chức, cá nhân:");
	pg_fill(pg, "Đề nghị giải quyết thủ tục hành chính:", procedure_text(f));
	para(f, "<p class=\"doc-indent\">",
	     counter ? arena_printf(f->a,
				    "Sau khi xem xét hồ sơ, đối chiếu với quy định hiện hành, %s"
				    " từ chối tiếp nhận, giải quyết hồ sơ này vì lý do sau:",
				    jstr(f->issuer, "centre"))
		     : arena_printf(f->a,
				    "Sau khi xem xét hồ sơ, đối chiếu với quy định hiện hành, %s"
				    " từ chối giải quyết hồ sơ này vì lý do sau:",
				    body));
	pg_raw(pg, "<p class=\"doc-indent\">");
	pg_lines(pg, jstr(f->d, "refusal.reason"));
	pg_raw(pg, "</p>\n");
	legal_basis(f, "refusal.legal_basis");
	pg_raw(pg, "<p class=\"doc-indent\">Xin thông báo để ");
	pg_text(pg, jstr(f->party, "you"));
	pg_raw(pg, " được biết và thực hiện./.</p>\n</div>\n<div class=\"doc-sign\">\n");
	if (counter) {
		pg_sign(pg, "Người nộp hồ sơ", "(Ký và ghi rõ họ tên)", jstr(f->party, "display"));
		pg_sign(pg, "Người tiếp nhận hồ sơ", "(Ký và ghi rõ họ tên)",
			jstr(f->data, "signer.full_name"));
	} else {
		recipients(f);
		sign_for_body(f, strcmp(by, "agency") ? "(Ký và ghi rõ họ tên)"
						      : "(Ký, ghi rõ họ tên và đóng dấu)");
	}
	pg_raw(pg, "</div>\n");
}

/* --- Mẫu 04 ------------------------------------------------------------ */

/* Issued by the People's Committee, signed for it by its leader (TM. ỦY BAN
 * NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH, or CHỦ TỊCH). */
static void apology(struct fctx *f)
{
	struct page *pg = f->pg;
	const char *agency = jstr(f->issuer, "agency"), *you = jstr(f->party, "you");
	pg_head_form(pg, jstr(f->data, "form_no"), jstr(f->data, "signer.head.parent"),
		     jstr(f->data, "signer.head.org"), jstr(f->data, "number"),
		     jstr(f->data, "place_date"));
	title(f, NULL, NULL);
	pg_raw(pg, "<p class=\"doc-to\">Kính gửi: ");
	pg_text(pg, jstr(f->party, "addressee"));
	pg_raw(pg, "</p>\n<div class=\"doc-body\">\n");
	para(f, "<p class=\"doc-indent\">",
	     arena_printf(f->a,
			  "Ngày %s, %s tiếp nhận hồ sơ của %s đề nghị giải quyết thủ tục hành"
			  " chính: %s.",
			  W(f, "received_at", VNF_DATE), jstr(f->issuer, "centre"), you,
			  procedure_text(f)));
	pg_fill(pg, "Tên tổ chức, cá nhân:", jstr(f->party, "display"));
	pg_fill(pg, arena_printf(f->a, "%s:", jstr(f->party, "id_label")), jstr(f->party, "id"));
	pg_fill(pg, "Mã hồ sơ:", jstr(f->d, "code"));
	pg_fill(pg, "Thời gian hẹn trả kết quả giải quyết hồ sơ:",
		W(f, "apology.previous_due_at", VNF_DATETIME_WORDS));
	para(f, "<p class=\"doc-indent\">",
	     arena_printf(f->a,
			  "Tuy nhiên, %s không thể trả kết quả giải quyết hồ sơ cho %s đúng thời"
			  " hạn nêu trên. Lý do:",
			  agency, you));
	pg_raw(pg, "<p class=\"doc-indent\">");
	pg_lines(pg, jstr(f->d, "apology.reason"));
	pg_raw(pg, "</p>\n");
	para(f, "<p class=\"doc-indent\">",
	     arena_printf(f->a,
			  "Sự chậm trễ này đã gây phiền hà cho %s. %s xin lỗi %s và đề nghị gia"
			  " hạn thời gian giải quyết; thời gian hẹn trả kết quả giải quyết hồ sơ"
			  " mới: %s.",
			  you, agency, you, W(f, "apology.new_due_at", VNF_DATETIME_WORDS)));
	para(f, "<p class=\"doc-indent\">",
	     arena_printf(f->a, "Xin trân trọng cảm ơn sự hợp tác của %s./.", you));
	pg_raw(pg, "</div>\n<div class=\"doc-sign\">\n");
	recipients(f);
	sign_for_body(f, "(Ký, ghi rõ họ tên và đóng dấu)");
	pg_raw(pg, "</div>\n");
}

/* --- Mẫu 06 ------------------------------------------------------------ */

static void control(struct fctx *f)
{
	struct page *pg = f->pg;
	centre_head(f, 0);
	title(f, "Mã hồ sơ:", jstr(f->d, "code"));
	pg_raw(pg, "<div class=\"doc-body\">\n");
	pg_fill(pg, "Kèm theo hồ sơ của:", jstr(f->party, "display"));
	pg_fill(pg, "Thủ tục hành chính:",
		arena_printf(f->a, "%s (mã %s)", jstr(f->d, "procedure.name"),
			     jstr(f->d, "procedure.code")));
	json_t *units = json_object_get(f->data, "units");
	pg_fill(pg,
		"Cơ quan (bộ phận) giải quyết hồ sơ:", json_string_value(json_array_get(units, 0)));
	/* at most DOSSIER_MAX_STEPS units of at most 200 characters each */
	struct buf co;
	buf_init(&co, 20 * (200 * 4 + 2));
	for (size_t i = 1; i < json_array_size(units); i++) {
		const char *u = json_string_value(json_array_get(units, i));
		if ((i > 1 && buf_puts(&co, "; ")) || buf_puts(&co, u ? u : ""))
			break; /* cannot happen within the bounds above */
	}
	pg_fill(pg, "Cơ quan phối hợp giải quyết hồ sơ:", co.p ? co.p : "");
	buf_free(&co);
	pg_fill(pg, "Thời gian nhận hồ sơ:", W(f, "received_at", VNF_DATETIME_WORDS));
	pg_fill(pg, "Thời gian hẹn trả kết quả:", W(f, "original_due_at", VNF_DATETIME_WORDS));
	if (jstr(f->d, "apology.at")[0])
		pg_fill(pg, "Hẹn lại ngày trả kết quả:",
			W(f, "apology.new_due_at", VNF_DATETIME_WORDS));
	pg_raw(pg,
	       "</div>\n<table class=\"doc-table\">\n<thead><tr>"
	       "<th scope=\"col\" class=\"num\" width=\"6%\">STT</th>"
	       "<th scope=\"col\" width=\"29%\">Tên cơ quan</th>"
	       "<th scope=\"col\" width=\"29%\">Thời gian giao, nhận hồ sơ</th>"
	       "<th scope=\"col\" width=\"13%\">Kết quả giải quyết hồ sơ (trước hạn / đúng hạn /"
	       " quá hạn)</th><th scope=\"col\" width=\"23%\">Ghi "
	       "chú</th></tr></thead>\n<tbody>\n");
	json_t *row;
	size_t i;
	json_array_foreach (json_object_get(f->data, "rows"), i, row) {
		pg_raw(pg, "<tr data-event=\"");
		pg_text(pg, jstr(row, "action"));
		pg_raw(pg, "\"><td class=\"num\">");
		pg_text(pg, arena_printf(f->a, "%zu", i + 1));
		pg_raw(pg, "</td><td>1. Giao: ");
		pg_text(pg, jstr(row, "giver_unit"));
		pg_raw(pg, "<br>2. Nhận: ");
		pg_text(pg, jstr(row, "receiver_unit"));
		pg_raw(pg, "</td><td>");
		pg_text(pg, vn_words(f->a, jstr(row, "at"), VNF_DATETIME_WORDS));
		pg_raw(pg, "<br>Người giao: ");
		pg_text(pg, jstr(row, "giver"));
		pg_raw(pg, "<br>Người nhận: ");
		pg_text(pg, jstr(row, "receiver"));
		pg_raw(pg, "</td><td class=\"center\">");
		pg_text(pg, jstr(row, "result"));
		pg_raw(pg, "</td><td>");
		pg_text(pg, jstr(row, "what"));
		if (jstr(row, "note")[0]) {
			pg_raw(pg, ": ");
			pg_lines(pg, jstr(row, "note"));
		}
		pg_raw(pg, "</td></tr>\n");
	}
	if (json_array_size(json_object_get(f->data, "rows")) == 0)
		pg_raw(pg, "<tr><td class=\"num\">1</td><td>1. Giao:<br>2. Nhận:</td>"
			   "<td>… giờ … phút, ngày …/…/……<br>Người giao:<br>Người nhận:</td>"
			   "<td></td><td></td></tr>\n");
	pg_raw(pg, "</tbody>\n</table>\n<p class=\"doc-small doc-italic\">Ghi chú: Bên nhận hồ sơ"
		   " ghi kết quả giải quyết của bên giao (trước hạn, đúng hạn, quá hạn). Phiếu do"
		   " Hệ thống thông tin giải quyết thủ tục hành chính ghi nhận tự động theo từng"
		   " lần giao, nhận hồ sơ.</p>\n");
}

/* --- Mẫu 05 Thông báo dừng giải quyết hồ sơ ------------------------------ */

static void withdrawal(struct fctx *f)
{
	struct page *pg = f->pg;
	const char *centre = jstr(f->issuer, "centre"), *you = jstr(f->party, "you");
	centre_head(f, 1);
	title(f, "Mã hồ sơ:", jstr(f->d, "code"));
	pg_raw(pg, "<p class=\"doc-to\">Kính gửi: ");
	pg_text(pg, jstr(f->party, "addressee"));
	pg_raw(pg, "</p>\n<div class=\"doc-body\">\n");
	para(f, "<p class=\"doc-indent\">",
	     arena_printf(f->a,
			  "Ngày %s, %s nhận được yêu cầu dừng giải quyết hồ sơ của %s đối"
			  " với hồ sơ sau:",
			  W(f, "withdrawal.at", VNF_DATE), centre, you));
	pg_fill(pg, "- Mã hồ sơ:", jstr(f->d, "code"));
	pg_fill(pg, "- Thủ tục hành chính:", procedure_text(f));
	pg_fill(pg, "- Thời gian nhận hồ sơ:", W(f, "received_at", VNF_DATETIME_WORDS));
	pg_raw(pg, "<p>Lý do: ");
	pg_lines(pg, jstr(f->d, "withdrawal.reason"));
	pg_raw(pg, "</p>\n");
	legal_basis(f, "withdrawal.legal_basis");
	para(f, "<p class=\"doc-indent\">",
	     arena_printf(
		     f->a,
		     "Căn cứ Nghị định số 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ về thực"
		     " hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông; hồ sơ"
		     " chưa có quyết định hoặc kết quả giải quyết, %s thông báo dừng giải quyết"
		     " hồ sơ nêu trên kể từ %s.",
		     centre, W(f, "withdrawal.at", VNF_DATETIME_WORDS)));
	para(f, "<p class=\"doc-indent\">",
	     arena_printf(f->a,
			  "%s nhận lại hồ sơ đã nộp tại %s, %s. Mọi thắc mắc xin liên hệ số điện"
			  " thoại %s./.",
			  you, centre, jstr(f->issuer, "address"), jstr(f->issuer, "phone")));
	pg_raw(pg, "</div>\n<div class=\"doc-sign\">\n");
	pg_sign(pg, "Người yêu cầu", "(Ký và ghi rõ họ tên)", jstr(f->party, "display"));
	pg_sign(pg, "Người tiếp nhận", "(Ký và ghi rõ họ tên)", jstr(f->data, "signer.full_name"));
	pg_raw(pg, "</div>\n");
}

void form_html(struct page *pg, struct arena *a, enum form_kind k, json_t *data)
{
	struct fctx f = {pg,
			 a,
			 data,
			 json_object_get(data, "dossier"),
			 json_object_get(data, "issuer"),
			 json_object_get(data, "party")};
	pg_begin(pg,
		 arena_printf(a, "%s. %s — %s", jstr(data, "form_no"), jstr(data, "title"),
			      jstr(f.d, "code")),
		 0);
	article_begin(&f, k == FK_RECEIPT && jstr(f.d, "authorised_person.name")[0]);
	switch (k) {
	case FK_RECEIPT: receipt(&f); break;
	case FK_SUPPLEMENT: supplement(&f); break;
	case FK_REFUSAL: refusal(&f); break;
	case FK_APOLOGY: apology(&f); break;
	case FK_CONTROL: control(&f); break;
	case FK_WITHDRAWAL: withdrawal(&f); break;
	default: break;
	}
	pg_raw(pg, "</article>\n");
	pg_end(pg);
}
