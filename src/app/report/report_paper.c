/*
 * report_paper.c — the report's print view (format=html): Biểu số
 * II.06a/VPCP/KSTT on an A4 landscape sheet, drawn with the papers' page
 * builder (papers/forms.h, web/css/print.css: @page landscape): the
 * national heading with the form's number, the title, the agency and the
 * period, the table with the form's headings (groups over their columns,
 * the column numbers), the total row, and the signatures (the person who
 * drew it up; the head of the agency).
 */
#include <stdio.h>
#include <string.h>

#include "app/papers/forms.h"
#include "app/report/report.h"
#include "core/vntime.h"

static void cells(struct page *pg, struct arena *a, const struct report_row *row)
{
	for (int k = 0; k < RC_NCOLS; k++) {
		pg_raw(pg, "<td class=\"num\">");
		pg_text(pg, arena_printf(a, "%lld", row->v[k]));
		pg_raw(pg, "</td>");
	}
}

void report_html(struct page *pg, struct arena *a, const struct report *r, int64_t now)
{
	const char *from = vn_words_t(a, vn_instant_of_day(r->from), VNF_DATE);
	const char *to = vn_words_t(a, vn_instant_of_day(r->to), VNF_DATE);
	const char *org = r->agency ? r->agency_name : r->province_name;
	pg_begin(pg, arena_printf(a, "Biểu số II.06a/VPCP/KSTT — %s — %s đến %s", org, from, to),
		 1);
	pg_raw(pg, "<article class=\"paper paper--landscape report-paper\" lang=\"vi\""
		   " aria-labelledby=\"doc-title\">\n");
	pg_head_form(pg, "Biểu số II.06a/VPCP/KSTT", r->agency ? r->province_name : NULL, org, NULL,
		     NULL);
	pg_raw(pg, "<h1 class=\"doc-title\" id=\"doc-title\">TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC"
		   " HÀNH CHÍNH</h1>\n<p class=\"doc-center doc-italic\" data-period>");
	pg_text(pg, arena_printf(a, "Kỳ báo cáo: từ ngày %s đến ngày %s", from, to));
	pg_raw(pg, "</p>\n<p class=\"doc-small report-paper__unit\">Đơn vị tính: Số hồ sơ</p>\n"
		   "<table class=\"doc-table report-paper__table\">\n<thead>\n<tr>"
		   "<th scope=\"col\" rowspan=\"2\">STT</th>"
		   "<th scope=\"col\" rowspan=\"2\">Lĩnh vực giải quyết</th>");
	for (int k = 0; k < RC_NCOLS;) {
		int end = k;
		while (end + 1 < RC_NCOLS &&
		       !strcmp(report_columns[end + 1].group_vi, report_columns[k].group_vi))
			end++;
		pg_raw(pg, arena_printf(a, "<th scope=\"colgroup\" colspan=\"%d\">", end - k + 1));
		pg_text(pg, report_columns[k].group_vi);
		pg_raw(pg, "</th>");
		k = end + 1;
	}
	pg_raw(pg, "</tr>\n<tr>");
	for (int k = 0; k < RC_NCOLS; k++) {
		pg_raw(pg, "<th scope=\"col\">");
		pg_text(pg, report_columns[k].vi);
		pg_raw(pg, "</th>");
	}
	pg_raw(pg, "</tr>\n<tr class=\"report-paper__numbers\">");
	for (int k = 1; k <= RC_NCOLS + 2; k++)
		pg_raw(pg, arena_printf(a, "<td class=\"center\">(%d)</td>", k));
	pg_raw(pg, "</tr>\n</thead>\n<tbody>\n");
	for (int i = 0; i < r->nrows; i++) {
		pg_raw(pg, arena_printf(a, "<tr><td class=\"num\">%d</td><td>", i + 1));
		pg_text(pg, r->rows[i].field_name);
		pg_raw(pg, "</td>");
		cells(pg, a, &r->rows[i]);
		pg_raw(pg, "</tr>\n");
	}
	if (r->nrows == 0)
		pg_raw(pg, arena_printf(a,
					"<tr><td colspan=\"%d\" class=\"center\">Không có hồ sơ nào"
					" trong kỳ báo cáo.</td></tr>\n",
					RC_NCOLS + 2));
	pg_raw(pg, "</tbody>\n<tfoot><tr class=\"report-paper__total\"><td></td>"
		   "<th scope=\"row\">Tổng cộng</th>");
	cells(pg, a, &r->total);
	pg_raw(pg, "</tr></tfoot>\n</table>\n<p class=\"doc-small\">");
	pg_text(pg, arena_printf(a,
				 "Ghi chú: (3) = (4) + (5); (3) + (6) = (7) + (11) + (14) + (15)."
				 " Hồ sơ đang giải quyết được đánh giá tại thời điểm %s."
				 " Cột (14), (15) không có trong biểu mẫu, được tách riêng để số"
				 " liệu khớp. Lập lúc %s từ Hệ thống thông tin giải quyết thủ tục"
				 " hành chính.",
				 vn_words_t(a, r->judged_at, VNF_DATETIME_WORDS),
				 vn_words_t(a, now, VNF_DATETIME_WORDS)));
	pg_raw(pg, "</p>\n<div class=\"doc-sign\">\n");
	pg_sign(pg, "Người lập biểu", "(Ký và ghi rõ họ tên)", NULL);
	pg_sign(pg, "Thủ trưởng cơ quan", "(Ký, ghi rõ họ tên và đóng dấu)", NULL);
	pg_raw(pg, "</div>\n</article>\n");
	pg_end(pg);
}
