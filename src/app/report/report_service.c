/*
 * report_service.c — the periodic report on dossier handling (report.h;
 * definitions in docs/DECISIONS.md D38): the scope, the period, the sums
 * per procedure from the store mapped to fields here, the JSON and CSV.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/dossier/dossier.h"
#include "app/report/report.h"
#include "app/report/report_store.h"
#include "core/vntime.h"

/* clang-format off */
const struct report_column report_columns[RC_NCOLS] = {
	[RC_RECEIVED] = {"received", "total", "Số hồ sơ nhận giải quyết", "Tổng số", "Received: total"},
	[RC_ONLINE] = {"received", "online", "Số hồ sơ nhận giải quyết", "Trực tuyến", "of which online"},
	[RC_DIRECT] = {"received", "direct_or_post", "Số hồ sơ nhận giải quyết", "Trực tiếp, dịch vụ bưu chính", "of which direct or by post"},
	[RC_CARRIED] = {NULL, "carried_over", "Số hồ sơ nhận giải quyết", "Từ kỳ trước chuyển qua", "carried over from the previous period"},
	[RC_RESOLVED] = {"resolved", "total", "Số hồ sơ đã giải quyết", "Tổng số", "Resolved: total"},
	[RC_EARLY] = {"resolved", "early", "Số hồ sơ đã giải quyết", "Trước hạn", "before the deadline"},
	[RC_ON_TIME] = {"resolved", "on_time", "Số hồ sơ đã giải quyết", "Đúng hạn", "on time"},
	[RC_LATE] = {"resolved", "late", "Số hồ sơ đã giải quyết", "Quá hạn", "late"},
	[RC_OPEN] = {"in_progress", "total", "Số hồ sơ đang giải quyết", "Tổng số", "In progress: total"},
	[RC_WITHIN] = {"in_progress", "within_time", "Số hồ sơ đang giải quyết", "Trong hạn", "within time"},
	[RC_OVERDUE] = {"in_progress", "overdue", "Số hồ sơ đang giải quyết", "Quá hạn", "overdue"},
	[RC_WITHDRAWN] = {"stopped", "withdrawn", "Dừng giải quyết", "Công dân rút hồ sơ", "withdrawn by the applicant"},
	[RC_REFUSED] = {"stopped", "refused", "Dừng giải quyết", "Từ chối, trả lại", "refused or returned"},
};
/* clang-format on */

/* ---- the sums -------------------------------------------------------------- */

struct acc {
	long long *ids, *fields;
	size_t n;
	long long (*v)[RC_NCOLS];
};

static void add(void *arg, long long procedure_id, const long long v[RC_NCOLS])
{
	struct acc *a = arg;
	size_t lo = 0, hi = a->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (a->ids[mid] < procedure_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == a->n || a->ids[lo] != procedure_id)
		return; /* a procedure deleted since: the FK makes it impossible */
	for (int k = 0; k < RC_NCOLS; k++)
		a->v[lo][k] += v[k];
}

static int by_code(const void *x, const void *y)
{
	const struct report_row *a = x, *b = y;
	return strcmp(a->field_code, b->field_code);
}

/* Rows per field from the per-procedure sums: only fields with a dossier
 * in one of the cells; by field code. */
static int to_fields(struct db *db, const struct acc *a, struct report *r)
{
	long long *fid = calloc(a->n ? a->n : 1, sizeof *fid);
	r->rows = calloc(a->n ? a->n : 1, sizeof *r->rows);
	if (!fid || !r->rows) {
		free(fid);
		return -1;
	}
	for (size_t i = 0; i < a->n; i++) {
		long long any = 0;
		for (int k = 0; k < RC_NCOLS; k++)
			any |= a->v[i][k];
		if (!any)
			continue;
		int j = 0;
		while (j < r->nrows && fid[j] != a->fields[i])
			j++;
		if (j == r->nrows) {
			fid[j] = a->fields[i];
			if (repstore_field(db, fid[j], r->rows[j].field_code,
					   sizeof r->rows[j].field_code, r->rows[j].field_name,
					   sizeof r->rows[j].field_name)) {
				free(fid);
				return -1;
			}
			r->nrows++;
		}
		for (int k = 0; k < RC_NCOLS; k++) {
			r->rows[j].v[k] += a->v[i][k];
			r->total.v[k] += a->v[i][k];
		}
	}
	free(fid);
	qsort(r->rows, (size_t)r->nrows, sizeof *r->rows, by_code);
	return 0;
}

/* The cells the store leaves to us: what is neither early nor late is on
 * time; what is open and not overdue is within time. */
static void derive(long long v[RC_NCOLS])
{
	v[RC_ON_TIME] = v[RC_RESOLVED] - v[RC_EARLY] - v[RC_LATE];
	v[RC_WITHIN] = v[RC_OPEN] - v[RC_OVERDUE];
}

/* ---- the service ----------------------------------------------------------- */

static int scope(struct db *db, const struct actor *viewer, const char *code, struct report *r,
		 struct problem *p)
{
	long long own = (viewer->roles & ROLE_PROVINCE) ? 0 : dossier_viewer_agency(db, viewer);
	r->agency = own;
	if (code) {
		long long id = repstore_agency_by_code(db, code);
		if (!id)
			return problem_field(p, "agency", "Không có cơ quan với mã này.",
					     "There is no agency with this code.");
		if (own && id != own)
			return problem_set(p, ERR_FORBIDDEN, "not_your_agency", "agency",
					   "Chỉ xem được báo cáo của cơ quan mình.",
					   "Only your own agency's report can be read.");
		r->agency = id;
	}
	if (r->agency && repstore_agency(db, r->agency, r->agency_code, sizeof r->agency_code,
					 r->agency_name, sizeof r->agency_name))
		return problem_set(p, ERR_INTERNAL, "internal", NULL, "Lỗi nội bộ.",
				   "Internal error.");
	repstore_province(db, r->province_name, sizeof r->province_name);
	return 0;
}

int report_handling(struct db *db, const struct actor *viewer, int64_t now,
		    const struct report_query *q, struct report *r, struct problem *p)
{
	memset(r, 0, sizeof *r);
	if (q->to < q->from)
		return problem_field(p, "to", "Ngày kết thúc không được trước ngày bắt đầu.",
				     "The end date must not be before the start date.");
	if (q->to - q->from + 1 > REPORT_MAX_DAYS)
		return problem_field(p, "from", "Kỳ báo cáo dài nhất là 5 năm.",
				     "A report covers at most 5 years.");
	int rc = scope(db, viewer, q->agency, r, p);
	if (rc)
		return rc;
	r->from = q->from;
	r->to = q->to;
	/* [t0, t1) the period's instants; open dossiers judged at e, the end
	 * of the period or now if it has not ended */
	int64_t t0 = vn_instant_of_day(q->from), t1 = vn_instant_of_day(q->to + 1);
	int64_t e = now < t1 ? now : t1;
	if (e < t0)
		e = t0;
	r->judged_at = e;
	/* a period not yet begun: nothing received, nothing known to carry */
	int begun = now > t0;

	struct acc a = {0};
	if (repstore_procedures(db, &a.ids, &a.fields, &a.n))
		goto fail;
	a.v = calloc(a.n ? a.n : 1, sizeof *a.v);
	if (!a.v ||
	    (begun && (repstore_received(db, t0, e, r->agency, add, &a) ||
		       repstore_finished(db, t0, e, r->agency, 0, add, &a) ||
		       repstore_finished(db, t0, e, r->agency, 1, add, &a))) ||
	    to_fields(db, &a, r))
		goto fail;
	for (int i = 0; i < r->nrows; i++)
		derive(r->rows[i].v);
	derive(r->total.v);
	snprintf(r->total.field_name, sizeof r->total.field_name, "%s", "Tổng cộng");
	free(a.ids);
	free(a.fields);
	free(a.v);
	return 0;
fail:
	free(a.ids);
	free(a.fields);
	free(a.v);
	report_free(r);
	return problem_set(p, ERR_INTERNAL, "internal", NULL, "Lỗi nội bộ.", "Internal error.");
}

void report_free(struct report *r)
{
	free(r->rows);
	r->rows = NULL;
	r->nrows = 0;
}

/* ---- JSON ------------------------------------------------------------------ */

static json_t *row_json(const struct report_row *row, int total)
{
	json_t *o = json_object();
	if (!total)
		json_object_set_new(
			o, "field",
			json_pack("{s:s,s:s}", "code", row->field_code, "name", row->field_name));
	for (int k = 0; k < RC_NCOLS; k++) {
		const struct report_column *c = &report_columns[k];
		json_t *dst = o;
		if (c->group) {
			dst = json_object_get(o, c->group);
			if (!dst) {
				dst = json_object();
				json_object_set_new(o, c->group, dst);
			}
		}
		json_object_set_new(dst, c->key, json_integer(row->v[k]));
	}
	/* the check every row passes: received + carried over = resolved +
	 * in progress + withdrawn + refused */
	long long in = row->v[RC_RECEIVED] + row->v[RC_CARRIED];
	long long out =
		row->v[RC_RESOLVED] + row->v[RC_OPEN] + row->v[RC_WITHDRAWN] + row->v[RC_REFUSED];
	json_object_set_new(o, "reconciles", json_boolean(in == out));
	return o;
}

json_t *report_json(const struct report *r)
{
	char f[16], t[16], j[40];
	vn_format_date_days(r->from, f, sizeof f);
	vn_format_date_days(r->to, t, sizeof t);
	vn_format_iso(r->judged_at, j, sizeof j);
	json_t *cols = json_array();
	for (int k = 0; k < RC_NCOLS; k++) {
		const struct report_column *c = &report_columns[k];
		char key[64];
		snprintf(key, sizeof key, "%s%s%s", c->group ? c->group : "", c->group ? "." : "",
			 c->key);
		json_array_append_new(cols, json_pack("{s:s,s:i,s:s,s:s,s:s}", "key", key, "number",
						      k + 3, "group_vi", c->group_vi, "vi", c->vi,
						      "en", c->en));
	}
	json_t *rows = json_array();
	for (int i = 0; i < r->nrows; i++)
		json_array_append_new(rows, row_json(&r->rows[i], 0));
	return json_pack(
		"{s:s,s:s,s:s,s:s,s:o,s:s,s:o,s:o,s:o}", "form", "II.06a/VPCP/KSTT", "from", f,
		"to", t, "judged_at", j, "agency",
		r->agency ? json_pack("{s:s,s:s}", "code", r->agency_code, "name", r->agency_name)
			  : json_null(),
		"province", r->province_name, "columns", cols, "rows", rows, "total",
		row_json(&r->total, 1));
}

/* ---- CSV ------------------------------------------------------------------- */

/* One text cell: quoted, quotes doubled, a leading = + - @ defused with an
 * apostrophe (a spreadsheet would run it as a formula). */
static int cell(struct buf *b, const char *s, int last)
{
	int rc = buf_puts(b, "\"");
	if (strchr("=+-@", s[0]) && s[0])
		rc |= buf_puts(b, "'");
	for (const char *q = s; *q; q++)
		rc |= *q == '"' ? buf_puts(b, "\"\"") : buf_append(b, q, 1);
	rc |= buf_puts(b, last ? "\"\r\n" : "\",");
	return rc ? -1 : 0;
}

static int row_csv(struct buf *b, const char *no, const struct report_row *row)
{
	int rc = cell(b, no, 0) | cell(b, row->field_name, 0);
	for (int k = 0; k < RC_NCOLS; k++)
		rc |= buf_printf(b, k + 1 < RC_NCOLS ? "%lld," : "%lld\r\n", row->v[k]);
	return rc ? -1 : 0;
}

void report_filename(const struct report *r, char *out, size_t cap)
{
	char f[16], t[16];
	vn_format_date_days(r->from, f, sizeof f);
	vn_format_date_days(r->to, t, sizeof t);
	snprintf(out, cap, "bao-cao-II06a_%s%s%s_%s", r->agency ? r->agency_code : "",
		 r->agency ? "_" : "", f, t);
}

int report_csv(const struct report *r, struct buf *b)
{
	char f[16], t[16], line[512];
	struct vn_date df = vn_civil_from_days(r->from), dt = vn_civil_from_days(r->to);
	snprintf(f, sizeof f, "%02d/%02d/%04d", df.d, df.m, df.y);
	snprintf(t, sizeof t, "%02d/%02d/%04d", dt.d, dt.m, dt.y);
	int rc = buf_puts(b, "\xEF\xBB\xBF");
	rc |= cell(b, "Biểu số II.06a/VPCP/KSTT", 1);
	rc |= cell(b, "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", 1);
	snprintf(line, sizeof line, "Cơ quan: %s", r->agency ? r->agency_name : r->province_name);
	rc |= cell(b, line, 1);
	snprintf(line, sizeof line, "Kỳ báo cáo: từ ngày %s đến ngày %s", f, t);
	rc |= cell(b, line, 1);
	rc |= cell(b, "Đơn vị tính: Số hồ sơ", 1);
	/* the two heading rows and the column numbers, as on the form */
	rc |= cell(b, "STT", 0) | cell(b, "Lĩnh vực giải quyết", 0);
	for (int k = 0; k < RC_NCOLS; k++)
		rc |= cell(b, report_columns[k].group_vi, k + 1 == RC_NCOLS);
	rc |= cell(b, "", 0) | cell(b, "", 0);
	for (int k = 0; k < RC_NCOLS; k++)
		rc |= cell(b, report_columns[k].vi, k + 1 == RC_NCOLS);
	rc |= buf_puts(b, "(1),(2)");
	for (int k = 0; k < RC_NCOLS; k++)
		rc |= buf_printf(b, ",(%d)", k + 3);
	rc |= buf_puts(b, "\r\n");
	for (int i = 0; i < r->nrows; i++) {
		char no[16];
		snprintf(no, sizeof no, "%d", i + 1);
		rc |= row_csv(b, no, &r->rows[i]);
	}
	rc |= row_csv(b, "", &r->total);
	return rc || buf_full(b) ? -1 : 0;
}
