/*
 * guidance_paper.c — draws Mẫu 02 "Phiếu yêu cầu bổ sung, hoàn thiện hồ
 * sơ" (Circular 03/2025/TT-VPCP, Annex I) for a guidance before receipt, on
 * A4 from guidance_paper_data's JSON, with the papers' primitives
 * (papers/forms.h: pg_begin, pg_head, pg_fill, pg_sign, pg_end …; the look
 * is web/css/print.css).
 *
 * Unlike the dossier's Mẫu 02 (a supplement request during processing, the
 * clock paused), this paper is given BEFORE receipt: it carries no dossier
 * code and says plainly that the dossier has not been received and that no
 * time limit runs yet. Everything to complete is listed at once, numbered.
 *
 * Invariant: every value comes from the data and reaches the page through
 * the escaping pg_* helpers; pg_raw() only takes literals written here. The
 * CSP allows no inline style or script: layout is print.css classes and
 * plain HTML attributes.
 *
 * Threading: pure; runs on the request's HTTP worker thread.
 */
#include <stdio.h>
#include <string.h>

#include "app/guidance/guidance.h"
#include "app/papers/forms.h"

static void para_text(struct page *pg, const char *open, const char *text)
{
	pg_raw(pg, open);
	pg_text(pg, text);
	pg_raw(pg, "</p>\n");
}

void guidance_paper_html(struct page *pg, struct arena *a, json_t *data)
{
	json_t *g = json_object_get(data, "guidance"), *issuer = json_object_get(data, "issuer");
	const char *name = jstr(g, "applicant.name");
	const char *officer = jstr(data, "officer.full_name");
	const char *centre = jstr(issuer, "centre");
	pg_begin(pg, arena_printf(a, "%s — %s", jstr(data, "title"), jstr(data, "number")), 0);
	pg_raw(pg, "<article class=\"paper\" lang=\"vi\" aria-labelledby=\"doc-title\">\n"
		   "<p class=\"doc-small doc-italic\" align=\"right\">");
	pg_text(pg, jstr(data, "form_no"));
	pg_raw(pg, "</p>\n");
	pg_head(pg, jstr(issuer, "agency_short"), jstr(issuer, "centre_short"),
		jstr(data, "number"), jstr(data, "place_date"));
	pg_raw(pg, "<h1 class=\"doc-title\" id=\"doc-title\">PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ"
		   " SƠ</h1>\n<div class=\"doc-body\">\n");
	pg_fill(pg, "Hồ sơ của:", arena_printf(a, "Ông/Bà %s", name));
	pg_fill(pg, "Nội dung yêu cầu giải quyết:", jstr(g, "procedure.name"));
	pg_fill(pg, "Địa chỉ:", jstr(g, "applicant.address"));
	pg_fill2(pg, "Số điện thoại:", jstr(g, "applicant.phone"),
		 "Thư điện tử:", jstr(g, "applicant.email"));
	pg_raw(pg, "<p>Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:</p>\n");
	json_t *it;
	size_t i;
	json_array_foreach (json_object_get(g, "items"), i, it) {
		pg_raw(pg, "<p class=\"doc-indent\">");
		pg_text(pg, arena_printf(a, "%zu. ", i + 1));
		pg_lines(pg, json_string_value(it));
		pg_raw(pg, "</p>\n");
	}
	const char *note = jstr(g, "note");
	if (note[0]) {
		pg_raw(pg, "<p>Ghi chú: ");
		pg_lines(pg, note);
		pg_raw(pg, "</p>\n");
	}
	pg_raw(pg, "<p>Lý do: Hồ sơ chưa đầy đủ, hợp lệ theo quy định.</p>\n");
	para_text(pg, "<p class=\"doc-indent\">",
		  arena_printf(a,
			       "Hồ sơ chưa được tiếp nhận: chưa có mã hồ sơ, chưa vào sổ theo dõi"
			       " hồ sơ và thời hạn giải quyết chưa bắt đầu tính. Khi đã hoàn thiện"
			       " đủ các nội dung trên, Ông/Bà nộp hồ sơ tại %s; hồ sơ được tiếp"
			       " nhận và hẹn trả kết quả từ lúc đó.",
			       centre[0] ? centre : "Bộ phận Tiếp nhận và Trả kết quả"));
	pg_raw(pg, "<p>Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ với ");
	pg_text(pg, officer[0] ? officer : "cán bộ tiếp nhận");
	if (jstr(data, "officer.unit")[0]) {
		pg_raw(pg, " (");
		pg_text(pg, jstr(data, "officer.unit"));
		pg_raw(pg, ")");
	}
	pg_raw(pg, ", số điện thoại ");
	pg_text(pg, jstr(issuer, "phone"));
	pg_raw(pg, " để được hướng dẫn./.</p>\n</div>\n<div class=\"doc-sign\">\n<div></div>\n");
	pg_sign(pg, "Người hướng dẫn", "(Ký và ghi rõ họ tên)", officer);
	pg_raw(pg, "</div>\n</article>\n");
	pg_end(pg);
}
