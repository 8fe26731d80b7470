/*
 * book.c — drawing the tracking book (Mẫu 07 Sổ theo dõi hồ sơ of Annex I of
 * Circular 03/2025/TT-VPCP, DOMAIN.md §1.4) from papers_book's rows: one row
 * per dossier received in the period, oldest first: No.; the book's volume
 * and entry number (the receipt, Mẫu 01, cites them); dossier code;
 * procedure; applicant; address and phone; lead handling body; received,
 * appointment, returned; return method; the recipient's signature.
 *
 * At most BOOK_MAX_ROWS rows per answer, from `offset`; the page says so and
 * links the next part (CSV and JSON carry the total).
 *
 * The HTML is an A4 landscape sheet (print.css); the CSV is UTF-8 with a
 * BOM (spreadsheets then read Vietnamese correctly), cells that a
 * spreadsheet would take for a formula are prefixed with an apostrophe.
 *
 * Threading: pure; runs on the request's HTTP worker thread.
 */
#include <stdio.h>
#include <string.h>

#include "app/papers/forms.h"
#include "core/csv.h"
#include "core/vntime.h"

/* What the "returned" column says: the return, or how the dossier ended. */
static const char *ended(struct arena *a, json_t *row)
{
	if (jstr(row, "returned_at")[0])
		return vn_words(a, jstr(row, "returned_at"), VNF_DATETIME_SHORT);
	if (jstr(row, "refused_at")[0])
		return arena_printf(a, "Từ chối, %s",
				    vn_words(a, jstr(row, "refused_at"), VNF_DATE));
	if (jstr(row, "withdrawn_at")[0])
		return arena_printf(a, "Dừng giải quyết, %s",
				    vn_words(a, jstr(row, "withdrawn_at"), VNF_DATE));
	return "";
}

static const char *cell_due(struct arena *a, json_t *row)
{
	const char *due = vn_words(a, jstr(row, "due_at"), VNF_DATETIME_SHORT);
	return json_is_true(json_object_get(row, "rescheduled"))
		       ? arena_printf(a, "%s (hẹn lại)", due)
		       : due;
}

int book_csv(struct buf *b, struct arena *a, json_t *rows)
{
	buf_init(b, PAGE_MAX);
	int rc = buf_puts(b, "\xEF\xBB\xBF");
	static const char *const head[] = {"STT",
					   "Mã hồ sơ",
					   "Mã thủ tục",
					   "Tên thủ tục hành chính",
					   "Lĩnh vực",
					   "Tên tổ chức, cá nhân",
					   "Người đại diện",
					   "Địa chỉ",
					   "Số điện thoại",
					   "Cơ quan chủ trì giải quyết",
					   "Ngày nhận hồ sơ",
					   "Ngày hẹn trả kết quả",
					   "Ngày trả kết quả",
					   "Phương thức nhận kết quả",
					   "Trạng thái",
					   "Người nhận kết quả",
					   "Quyển số",
					   "Số thứ tự trong sổ"};
	size_t nh = sizeof head / sizeof head[0];
	for (size_t i = 0; i < nh; i++)
		rc |= csv_put(b, head[i], i + 1 == nh);
	json_t *r;
	size_t i;
	json_array_foreach (rows, i, r) {
		const char *cells[] = {
			arena_printf(a, "%lld",
				     (long long)json_integer_value(json_object_get(r, "no"))),
			jstr(r, "code"),
			jstr(r, "procedure.code"),
			jstr(r, "procedure.name"),
			jstr(r, "field.name"),
			jstr(r, "applicant.name"),
			jstr(r, "applicant.representative"),
			jstr(r, "address"),
			jstr(r, "phone"),
			jstr(r, "lead_unit"),
			vn_words(a, jstr(r, "received_at"), VNF_DATETIME_SHORT),
			cell_due(a, r),
			ended(a, r),
			label_return_method_short(jstr(r, "return_method")),
			label_status(jstr(r, "status")),
			jstr(r, "receiver_name"),
			jtext(a, r, "book.volume"),
			jtext(a, r, "book.entry")};
		for (size_t k = 0; k < nh; k++)
			rc |= csv_put_text(b, cells[k], k + 1 == nh);
	}
	return rc ? -1 : 0;
}

/* s (NULL: nothing) percent-encoded into b: 0, or -1 when it does not fit
 * (a field code is at most 20 characters, an agency code 40: 3 bytes each
 * encoded fit; a longer one is left out of the link, never cut). */
static int pct_encode(struct buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		int rc;
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '_')
			rc = buf_append(b, p, 1);
		else
			rc = buf_printf(b, "%%%02X", *p);
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* "from=…&to=…&field=…&agency=…&offset=N" of the next part, percent-encoded. */
static void next_link(struct page *pg, struct arena *a, const struct book_q *q, long long offset)
{
	char f[16], t[16];
	vn_format_date_days(q->from, f, sizeof f);
	vn_format_date_days(q->to, t, sizeof t);
	struct buf enc, ag;
	buf_init(&enc, 256);
	buf_init(&ag, 256);
	if (pct_encode(&enc, q->field) != 0)
		buf_reset(&enc);
	if (pct_encode(&ag, q->agency_code) != 0)
		buf_reset(&ag);
	pg_raw(pg, "<a href=\"");
	pg_text(pg, arena_printf(a, "/api/v1/books/tracking?from=%s&to=%s%s%s%s%s&offset=%lld", f,
				 t, enc.len ? "&field=" : "", enc.len ? enc.p : "",
				 ag.len ? "&agency=" : "", ag.len ? ag.p : "", offset));
	pg_raw(pg, "\">Xem các dòng tiếp theo</a>");
	buf_free(&enc);
	buf_free(&ag);
}

void book_html(struct page *pg, struct arena *a, const struct book_q *q, json_t *issuer,
	       json_t *rows, long long total, int64_t now)
{
	char f[16], t[16];
	const char *from = vn_words_t(a, vn_instant_of_day(q->from), VNF_DATE);
	const char *to = vn_words_t(a, vn_instant_of_day(q->to), VNF_DATE);
	vn_format_date_days(q->from, f, sizeof f);
	vn_format_date_days(q->to, t, sizeof t);
	size_t n = json_array_size(rows);
	pg_begin(pg, arena_printf(a, "%s. %s — %s đến %s", BOOK_FORM_NO, BOOK_TITLE, from, to), 1);
	if (n > 0 && (q->offset + (long long)n < total || q->offset > 0)) {
		pg_raw(pg, "<div class=\"print-toolbar no-print\"><p class=\"mb-0\">");
		pg_text(pg,
			arena_printf(a,
				     "Mỗi lần in tối đa %d dòng. Trang này gồm các dòng %lld–%lld"
				     " trong tổng số %lld hồ sơ.",
				     BOOK_MAX_ROWS, n ? q->offset + 1 : 0, q->offset + (long long)n,
				     total));
		pg_raw(pg, " ");
		if (q->offset + (long long)n < total)
			next_link(pg, a, q, q->offset + (long long)n);
		pg_raw(pg, "</p></div>\n");
	}
	pg_raw(pg, "<article class=\"paper paper--landscape\" lang=\"vi\""
		   " aria-labelledby=\"doc-title\">\n");
	pg_head_form(pg, BOOK_FORM_NO, jstr(issuer, "agency_short"), jstr(issuer, "centre_short"),
		     NULL, NULL);
	pg_raw(pg, "<h1 class=\"doc-title\" id=\"doc-title\">");
	pg_text(pg, BOOK_TITLE);
	pg_raw(pg, "</h1>\n<p class=\"doc-subtitle\">");
	pg_text(pg, q->field_name ? arena_printf(a, "Lĩnh vực: %s", q->field_name)
				  : "Tất cả các lĩnh vực");
	/* each centre keeps its own book (D30); the province may read them all */
	if (!q->agency)
		pg_text(pg, " — sổ của tất cả các cơ quan");
	pg_raw(pg, "</p>\n<p class=\"doc-center doc-italic\">");
	pg_text(pg, arena_printf(a, "Từ ngày %s đến ngày %s", from, to));
	pg_raw(pg, "</p>\n<table class=\"doc-table\">\n<colgroup><col width=\"4%\">"
		   "<col width=\"6%\"><col width=\"5%\">"
		   "<col width=\"10%\"><col width=\"9%\"><col width=\"10%\"><col width=\"10%\">"
		   "<col width=\"9%\"><col width=\"8%\"><col width=\"8%\"><col width=\"8%\">"
		   "<col width=\"6%\"><col width=\"7%\"></colgroup>\n<thead>\n<tr>"
		   "<th scope=\"col\" rowspan=\"2\" class=\"num\">STT</th>"
		   "<th scope=\"colgroup\" colspan=\"2\">Vào sổ</th>"
		   "<th scope=\"col\" rowspan=\"2\">Mã hồ sơ</th>"
		   "<th scope=\"col\" rowspan=\"2\">Tên thủ tục hành chính</th>"
		   "<th scope=\"col\" rowspan=\"2\">Tên tổ chức, cá nhân</th>"
		   "<th scope=\"col\" rowspan=\"2\">Địa chỉ, số điện thoại</th>"
		   "<th scope=\"col\" rowspan=\"2\">Cơ quan chủ trì giải quyết</th>"
		   "<th scope=\"colgroup\" colspan=\"3\">Nhận và trả kết quả</th>"
		   "<th scope=\"col\" rowspan=\"2\">Phương thức nhận kết quả</th>"
		   "<th scope=\"col\" rowspan=\"2\">Ký nhận</th></tr>\n<tr>"
		   "<th scope=\"col\">Quyển số</th>"
		   "<th scope=\"col\">Số thứ tự</th>"
		   "<th scope=\"col\">Ngày nhận hồ sơ</th>"
		   "<th scope=\"col\">Ngày hẹn trả kết quả</th>"
		   "<th scope=\"col\">Ngày trả kết quả</th></tr>\n</thead>\n<tbody>\n");
	json_t *r;
	size_t i;
	json_array_foreach (rows, i, r) {
		pg_raw(pg, "<tr><td class=\"num\">");
		pg_text(pg, arena_printf(a, "%lld",
					 (long long)json_integer_value(json_object_get(r, "no"))));
		pg_raw(pg, "</td><td class=\"center\">");
		pg_text(pg, jtext(a, r, "book.volume"));
		pg_raw(pg, "</td><td class=\"num\">");
		pg_text(pg, jtext(a, r, "book.entry"));
		pg_raw(pg, "</td><td>");
		pg_text(pg, jstr(r, "code"));
		pg_raw(pg, "</td><td>");
		pg_text(pg, jstr(r, "procedure.name"));
		pg_raw(pg, "</td><td>");
		pg_text(pg, jstr(r, "applicant.name"));
		if (jstr(r, "applicant.representative")[0]) {
			pg_raw(pg, "<br>Đại diện: ");
			pg_text(pg, jstr(r, "applicant.representative"));
		}
		pg_raw(pg, "</td><td>");
		pg_text(pg, jstr(r, "address"));
		if (jstr(r, "phone")[0]) {
			pg_raw(pg, "<br>ĐT: ");
			pg_text(pg, jstr(r, "phone"));
		}
		pg_raw(pg, "</td><td>");
		pg_text(pg, jstr(r, "lead_unit"));
		pg_raw(pg, "</td><td class=\"center\">");
		pg_text(pg, vn_words(a, jstr(r, "received_at"), VNF_DATETIME_SHORT));
		pg_raw(pg, "</td><td class=\"center\">");
		pg_text(pg, cell_due(a, r));
		pg_raw(pg, "</td><td class=\"center\">");
		pg_text(pg, ended(a, r));
		pg_raw(pg, "</td><td>");
		pg_text(pg, label_return_method_short(jstr(r, "return_method")));
		pg_raw(pg, "</td><td>");
		pg_text(pg, jstr(r, "receiver_name"));
		pg_raw(pg, "</td></tr>\n");
	}
	if (n == 0)
		pg_raw(pg,
		       "<tr><td colspan=\"13\" class=\"center\">Không có hồ sơ nào được tiếp nhận"
		       " trong thời gian này.</td></tr>\n");
	pg_raw(pg, "</tbody>\n</table>\n<p class=\"doc-small\">");
	pg_text(pg, arena_printf(a, "Tổng số: %lld hồ sơ.", total));
	if (n > 0 && (q->offset + (long long)n < total || q->offset > 0))
		pg_text(pg, arena_printf(a,
					 " Bản in này gồm các dòng %lld–%lld (mỗi bản in tối đa %d"
					 " dòng).",
					 n ? q->offset + 1 : 0, q->offset + (long long)n,
					 BOOK_MAX_ROWS));
	pg_text(pg, arena_printf(a,
				 " Lập lúc %s từ Hệ thống thông tin giải quyết thủ tục hành"
				 " chính.",
				 vn_words_t(a, now, VNF_DATETIME_WORDS)));
	pg_raw(pg, "</p>\n</article>\n");
	pg_end(pg);
}
