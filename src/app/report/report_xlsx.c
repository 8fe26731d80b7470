/*
 * report_xlsx.c — the report as an Excel workbook (report.h), drawn with
 * Debian's libxlsxwriter: the form's title lines, its heading rows with the
 * groups merged across their columns and "STT" / "Lĩnh vực" down two rows,
 * the column numbers, numbers as numbers, the total row in bold, A4
 * landscape fitted to one page wide.
 *
 * libxlsxwriter 1.1.4 (Debian 12) writes only to a file: the workbook goes
 * to a private temporary file (mkstemp, mode 0600) that is read back and
 * removed before returning.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "app/report/report.h"
#include "core/vntime.h"

static int draw(lxw_workbook *wb, const struct report *r)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, "II.06a");
	if (!ws)
		return -1;
	lxw_format *title = workbook_add_format(wb);
	format_set_bold(title);
	format_set_font_size(title, 13);
	format_set_align(title, LXW_ALIGN_CENTER);
	lxw_format *plain_c = workbook_add_format(wb);
	format_set_align(plain_c, LXW_ALIGN_CENTER);
	format_set_italic(plain_c);
	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_border(head, LXW_BORDER_THIN);
	format_set_align(head, LXW_ALIGN_CENTER);
	format_set_align(head, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(head);
	lxw_format *num = workbook_add_format(wb);
	format_set_border(num, LXW_BORDER_THIN);
	format_set_num_format(num, "#,##0");
	lxw_format *text = workbook_add_format(wb);
	format_set_border(text, LXW_BORDER_THIN);
	format_set_text_wrap(text);
	lxw_format *tnum = workbook_add_format(wb);
	format_set_border(tnum, LXW_BORDER_THIN);
	format_set_bold(tnum);
	format_set_num_format(tnum, "#,##0");
	lxw_format *ttext = workbook_add_format(wb);
	format_set_border(ttext, LXW_BORDER_THIN);
	format_set_bold(ttext);

	const int last = 1 + RC_NCOLS; /* columns 0..last */
	char line[512], f[16], t[16];
	struct vn_date df = vn_civil_from_days(r->from), dt = vn_civil_from_days(r->to);
	snprintf(f, sizeof f, "%02d/%02d/%04d", df.d, df.m, df.y);
	snprintf(t, sizeof t, "%02d/%02d/%04d", dt.d, dt.m, dt.y);

	worksheet_write_string(ws, 0, 0, "Biểu số II.06a/VPCP/KSTT", NULL);
	worksheet_merge_range(ws, 1, 0, 1, last, "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
			      title);
	snprintf(line, sizeof line, "%s", r->agency ? r->agency_name : r->province_name);
	worksheet_merge_range(ws, 2, 0, 2, last, line, plain_c);
	snprintf(line, sizeof line, "Kỳ báo cáo: từ ngày %s đến ngày %s", f, t);
	worksheet_merge_range(ws, 3, 0, 3, last, line, plain_c);
	worksheet_write_string(ws, 4, last - 2, "Đơn vị tính: Số hồ sơ", NULL);

	/* headings: rows 5 and 6, numbers in row 7 */
	worksheet_merge_range(ws, 5, 0, 6, 0, "STT", head);
	worksheet_merge_range(ws, 5, 1, 6, 1, "Lĩnh vực giải quyết", head);
	for (int k = 0; k < RC_NCOLS;) {
		int end = k;
		while (end + 1 < RC_NCOLS &&
		       !strcmp(report_columns[end + 1].group_vi, report_columns[k].group_vi))
			end++;
		if (end > k)
			worksheet_merge_range(ws, 5, (lxw_col_t)(k + 2), 5, (lxw_col_t)(end + 2),
					      report_columns[k].group_vi, head);
		else
			worksheet_write_string(ws, 5, (lxw_col_t)(k + 2),
					       report_columns[k].group_vi, head);
		k = end + 1;
	}
	for (int k = 0; k < RC_NCOLS; k++) {
		worksheet_write_string(ws, 6, (lxw_col_t)(k + 2), report_columns[k].vi, head);
		snprintf(line, sizeof line, "(%d)", k + 3);
		worksheet_write_string(ws, 7, (lxw_col_t)(k + 2), line, head);
	}
	worksheet_write_string(ws, 7, 0, "(1)", head);
	worksheet_write_string(ws, 7, 1, "(2)", head);

	lxw_row_t row = 8;
	for (int i = 0; i < r->nrows; i++, row++) {
		worksheet_write_number(ws, row, 0, i + 1, num);
		worksheet_write_string(ws, row, 1, r->rows[i].field_name, text);
		for (int k = 0; k < RC_NCOLS; k++)
			worksheet_write_number(ws, row, (lxw_col_t)(k + 2), (double)r->rows[i].v[k],
					       num);
	}
	worksheet_write_string(ws, row, 0, "", ttext);
	worksheet_write_string(ws, row, 1, "Tổng cộng", ttext);
	for (int k = 0; k < RC_NCOLS; k++)
		worksheet_write_number(ws, row, (lxw_col_t)(k + 2), (double)r->total.v[k], tnum);

	worksheet_set_column(ws, 0, 0, 5, NULL);
	worksheet_set_column(ws, 1, 1, 34, NULL);
	worksheet_set_column(ws, 2, (lxw_col_t)last, 11, NULL);
	worksheet_set_row(ws, 5, 30, NULL);
	worksheet_set_row(ws, 6, 45, NULL);
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_repeat_rows(ws, 5, 7);
	return 0;
}

int report_xlsx(const struct report *r, char **out, size_t *len)
{
	char path[] = "/tmp/motcua-report-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	int rc = -1;
	lxw_workbook *wb = workbook_new(path);
	if (wb) {
		int drawn = draw(wb, r);
		if (workbook_close(wb) == LXW_NO_ERROR && drawn == 0)
			rc = 0;
	}
	*out = NULL;
	*len = 0;
	FILE *fp = rc == 0 ? fopen(path, "rb") : NULL;
	struct stat sb;
	if (fp && fstat(fileno(fp), &sb) == 0 && sb.st_size > 0 &&
	    (*out = malloc((size_t)sb.st_size)) &&
	    fread(*out, 1, (size_t)sb.st_size, fp) == (size_t)sb.st_size)
		*len = (size_t)sb.st_size;
	else {
		free(*out);
		*out = NULL;
		rc = -1;
	}
	if (fp)
		fclose(fp);
	unlink(path);
	return rc;
}
