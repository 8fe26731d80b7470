/*
 * book.c — GET /api/v1/books/tracking?from=YYYY-MM-DD&to=YYYY-MM-DD&field=CODE
 * &format=html|csv|json&offset=N: the tracking book (Mẫu 06 Sổ theo dõi hồ
 * sơ, DOMAIN.md §1.4), one row per dossier received in the period, oldest
 * first: No.; dossier code; procedure; applicant; address and phone; lead
 * handling body; received, appointment, returned; return method; the
 * recipient's signature.
 *
 * Limits: a period of at most BOOK_MAX_DAYS days (else 422) and at most
 * BOOK_MAX_ROWS rows per answer, from `offset`; the page says so and links
 * the next part, CSV and JSON carry the total (X-Total-Count, "total").
 * Defaults: `to` today, `from` the first day of `to`'s month.
 *
 * The HTML is an A4 landscape sheet (print.css); the CSV is UTF-8 with a
 * BOM (spreadsheets then read Vietnamese correctly), cells that a
 * spreadsheet would take for a formula are prefixed with an apostrophe.
 *
 * Threading: a read handler, on the HTTP worker thread with c->db.
 */
#include <stdio.h>
#include <string.h>

#include "app/papers/forms.h"
#include "app/papers/papers_routes.h"
#include "app/platform/jin.h"
#include "core/csv.h"
#include "core/vntime.h"

#define BOOK_MAX_DAYS 366
#define BOOK_MAX_ROWS 1000

struct book_q {
	int64_t from, to; /* day numbers, inclusive */
	const char *field, *field_name;
	long long offset;
};

static json_t *iso(struct db_stmt *st, int i)
{
	if (db_col_null(st, i))
		return json_null();
	char b[40];
	vn_format_iso(db_col_int(st, i), b, sizeof b);
	return json_string(b);
}

static json_t *book_rows(struct db *db, const struct book_q *q, long long *total)
{
	static const char sql[] =
		"SELECT d.code, p.code, p.name, f.code, f.name, d.applicant_kind, d.applicant_name,"
		" d.org_name, d.applicant_address, d.applicant_phone,"
		" coalesce((SELECT u.name FROM dossier_step s JOIN unit u ON u.id = s.unit_id"
		"  WHERE s.dossier_id = d.id ORDER BY s.position > 1 DESC, s.position LIMIT 1), "
		"a.name),"
		" d.received_at, d.due_at, d.returned_at, d.return_method, d.returned_method,"
		" d.returned_to, d.status, d.refused_at, d.withdrawn_at, d.apology_count"
		" FROM dossier d JOIN procedure p ON p.id = d.procedure_id"
		" JOIN field f ON f.id = p.field_id JOIN agency a ON a.id = d.agency_id"
		" WHERE d.received_at >= $1 AND d.received_at < $2 AND ($3 IS NULL OR f.code = $3)"
		" ORDER BY d.received_at, d.id LIMIT $4 OFFSET $5";
	static const char sql_n[] =
		"SELECT count(*) FROM dossier d JOIN procedure p ON p.id = d.procedure_id"
		" JOIN field f ON f.id = p.field_id"
		" WHERE d.received_at >= $1 AND d.received_at < $2 AND ($3 IS NULL OR f.code = $3)";
	int64_t t0 = vn_instant_of_day(q->from), t1 = vn_instant_of_day(q->to + 1);
	struct db_stmt *st = db_prep(db, sql_n);
	if (!st)
		return NULL;
	db_bind_int(st, 1, t0);
	db_bind_int(st, 2, t1);
	db_bind_text(st, 3, q->field);
	*total = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	st = db_prep(db, sql);
	if (!st)
		return NULL;
	db_bind_int(st, 1, t0);
	db_bind_int(st, 2, t1);
	db_bind_text(st, 3, q->field);
	db_bind_int(st, 4, BOOK_MAX_ROWS);
	db_bind_int(st, 5, q->offset);
	json_t *rows = json_array();
	long long no = q->offset;
	while (db_step(st) == DB_ROW) {
		int org = strcmp(db_col_text(st, 5), "organization") == 0;
		const char *name = db_col_text(st, 6), *org_name = db_col_text(st, 7);
		const char *method =
			db_col_null(st, 15) ? db_col_text(st, 14) : db_col_text(st, 15);
		json_t *o = json_pack(
			"{s:I,s:s,s:{s:s,s:s},s:{s:s,s:s},s:{s:s,s:s},s:s,s:s,s:s,s:s,s:s,s:b}",
			"no", (json_int_t)++no, "code", db_col_text(st, 0), "procedure", "code",
			db_col_text(st, 1), "name", db_col_text(st, 2), "field", "code",
			db_col_text(st, 3), "name", db_col_text(st, 4), "applicant", "name",
			org && org_name[0] ? org_name : name, "representative", org ? name : "",
			"address", db_col_text(st, 8), "phone", db_col_text(st, 9), "lead_unit",
			db_col_text(st, 10), "return_method", method, "status", db_col_text(st, 17),
			"rescheduled", db_col_int(st, 20) > 0);
		json_object_set_new(o, "received_at", iso(st, 11));
		json_object_set_new(o, "due_at", iso(st, 12));
		json_object_set_new(o, "returned_at", iso(st, 13));
		json_object_set_new(o, "receiver_name",
				    db_col_null(st, 16) ? json_null()
							: json_string(db_col_text(st, 16)));
		json_object_set_new(o, "refused_at", iso(st, 18));
		json_object_set_new(o, "withdrawn_at", iso(st, 19));
		json_array_append_new(rows, o);
	}
	db_done(st);
	return rows;
}

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

static enum http_result book_csv(struct ctx *c, const struct book_q *q, json_t *rows,
				 long long total)
{
	struct arena *a = &c->r->arena;
	struct buf b;
	buf_init(&b, PAGE_MAX);
	int rc = buf_puts(&b, "\xEF\xBB\xBF");
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
					   "Người nhận kết quả"};
	size_t nh = sizeof head / sizeof head[0];
	for (size_t i = 0; i < nh; i++)
		rc |= csv_put(&b, head[i], i + 1 == nh);
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
			jstr(r, "receiver_name")};
		for (size_t k = 0; k < nh; k++)
			rc |= csv_put_text(&b, cells[k], k + 1 == nh);
	}
	if (rc) {
		buf_free(&b);
		return reply_err(c, ERR_INTERNAL);
	}
	char fmt_from[16], fmt_to[16];
	vn_format_date_days(q->from, fmt_from, sizeof fmt_from);
	vn_format_date_days(q->to, fmt_to, sizeof fmt_to);
	http_add_header(c->r, "Content-Disposition",
			arena_printf(a, "attachment; filename=\"so-theo-doi-ho-so_%s_%s.csv\"",
				     fmt_from, fmt_to));
	http_add_header(c->r, "X-Total-Count", arena_printf(a, "%lld", total));
	size_t len;
	char *body = buf_steal(&b, &len);
	http_reply(c->r, 200, "text/csv; charset=utf-8", body, len);
	return HTTP_DONE;
}

/* "from=…&to=…&field=…&offset=N" of the next part, percent-encoded. */
static void next_link(struct page *pg, struct arena *a, const struct book_q *q, long long offset)
{
	char f[16], t[16];
	vn_format_date_days(q->from, f, sizeof f);
	vn_format_date_days(q->to, t, sizeof t);
	/* a field code is at most 20 characters (catalogue.c): 3 bytes each
	 * encoded fit; a longer one is left out of the link, never cut */
	struct buf enc;
	int ok = 1;
	buf_init(&enc, 256);
	for (const unsigned char *p = (const unsigned char *)(q->field ? q->field : ""); *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '_')
			ok = buf_append(&enc, p, 1) == 0;
		else
			ok = buf_printf(&enc, "%%%02X", *p) == 0;
		if (!ok)
			break;
	}
	pg_raw(pg, "<a href=\"");
	if (!ok)
		buf_reset(&enc);
	pg_text(pg, arena_printf(a, "/api/v1/books/tracking?from=%s&to=%s%s%s&offset=%lld", f, t,
				 enc.len ? "&field=" : "", enc.len ? enc.p : "", offset));
	pg_raw(pg, "\">Xem các dòng tiếp theo</a>");
	buf_free(&enc);
}

static void book_html(struct page *pg, struct arena *a, const struct book_q *q, json_t *issuer,
		      json_t *rows, long long total, int64_t now)
{
	char f[16], t[16];
	const char *from = vn_words_t(a, vn_instant_of_day(q->from), VNF_DATE);
	const char *to = vn_words_t(a, vn_instant_of_day(q->to), VNF_DATE);
	vn_format_date_days(q->from, f, sizeof f);
	vn_format_date_days(q->to, t, sizeof t);
	size_t n = json_array_size(rows);
	pg_begin(pg, arena_printf(a, "Sổ theo dõi hồ sơ — %s đến %s", from, to), 1);
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
	pg_head(pg, jstr(issuer, "agency_short"), jstr(issuer, "centre_short"), NULL, NULL);
	pg_raw(pg, "<h1 class=\"doc-title\" id=\"doc-title\">Sổ theo dõi hồ sơ</h1>\n"
		   "<p class=\"doc-subtitle\">");
	pg_text(pg, q->field_name ? arena_printf(a, "Lĩnh vực: %s", q->field_name)
				  : "Tất cả các lĩnh vực");
	pg_raw(pg, "</p>\n<p class=\"doc-center doc-italic\">");
	pg_text(pg, arena_printf(a, "Từ ngày %s đến ngày %s", from, to));
	pg_raw(pg, "</p>\n<table class=\"doc-table\">\n<colgroup><col width=\"4%\">"
		   "<col width=\"11%\"><col width=\"14%\"><col width=\"11%\"><col width=\"13%\">"
		   "<col width=\"10%\"><col width=\"7%\"><col width=\"8%\"><col width=\"8%\">"
		   "<col width=\"6%\"><col width=\"8%\"></colgroup>\n<thead>\n<tr>"
		   "<th scope=\"col\" rowspan=\"2\" class=\"num\">STT</th>"
		   "<th scope=\"col\" rowspan=\"2\">Mã hồ sơ</th>"
		   "<th scope=\"col\" rowspan=\"2\">Tên thủ tục hành chính</th>"
		   "<th scope=\"col\" rowspan=\"2\">Tên tổ chức, cá nhân</th>"
		   "<th scope=\"col\" rowspan=\"2\">Địa chỉ, số điện thoại</th>"
		   "<th scope=\"col\" rowspan=\"2\">Cơ quan chủ trì giải quyết</th>"
		   "<th scope=\"colgroup\" colspan=\"3\">Nhận và trả kết quả</th>"
		   "<th scope=\"col\" rowspan=\"2\">Phương thức nhận kết quả</th>"
		   "<th scope=\"col\" rowspan=\"2\">Ký nhận</th></tr>\n<tr>"
		   "<th scope=\"col\">Ngày nhận hồ sơ</th>"
		   "<th scope=\"col\">Ngày hẹn trả kết quả</th>"
		   "<th scope=\"col\">Ngày trả kết quả</th></tr>\n</thead>\n<tbody>\n");
	json_t *r;
	size_t i;
	json_array_foreach (rows, i, r) {
		pg_raw(pg, "<tr><td class=\"num\">");
		pg_text(pg, arena_printf(a, "%lld",
					 (long long)json_integer_value(json_object_get(r, "no"))));
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
		       "<tr><td colspan=\"11\" class=\"center\">Không có hồ sơ nào được tiếp nhận"
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

static int parse_day(struct ctx *c, const char *name, int64_t *out)
{
	const char *v;
	if (qs_line(c, name, 20, &v))
		return -1;
	if (!v)
		return 1;
	if (vn_parse_date(v, strlen(v), out) != 0) {
		problem_set(&c->prob, ERR_BAD_REQUEST, "bad_parameter", name,
			    "Ngày phải có dạng YYYY-MM-DD và là ngày có thật.",
			    "The date must be YYYY-MM-DD and exist.");
		return -1;
	}
	return 0;
}

enum http_result h_book_tracking(struct ctx *c)
{
	struct book_q q = {0};
	const char *format;
	int64_t now = app_now(c->app);
	int rf, rt;
	if ((rf = parse_day(c, "from", &q.from)) < 0 || (rt = parse_day(c, "to", &q.to)) < 0 ||
	    qs_line(c, "field", 20, &q.field) || qs_line(c, "format", 10, &format) ||
	    qs_int(c, "offset", 0, 10000000, 0, &q.offset))
		return reply_problem(c);
	if (!format)
		format = "html";
	if (strcmp(format, "html") && strcmp(format, "csv") && strcmp(format, "json")) {
		problem_set(&c->prob, ERR_BAD_REQUEST, "bad_parameter", "format",
			    "Định dạng phải là html, csv hoặc json.",
			    "The format must be html, csv or json.");
		return reply_problem(c);
	}
	if (rt)
		q.to = vn_day_of(now);
	if (rf) {
		struct vn_date d = vn_civil_from_days(q.to);
		q.from = vn_days_from_civil(d.y, d.m, 1);
	}
	if (q.from > q.to) {
		problem_set(&c->prob, ERR_VALIDATION, "validation", "to",
			    "Ngày kết thúc phải từ ngày bắt đầu trở đi.",
			    "The end date must not be before the start date.");
		return reply_problem(c);
	}
	if (q.to - q.from + 1 > BOOK_MAX_DAYS) {
		problem_set(
			&c->prob, ERR_VALIDATION, "period_too_long", "to",
			"Mỗi lần xem sổ tối đa 366 ngày; vui lòng chọn khoảng thời gian ngắn hơn.",
			"The book covers at most 366 days at a time; choose a shorter period.");
		return reply_problem(c);
	}
	if (q.field) {
		static const char sql_f[] = "SELECT name FROM field WHERE code = $1";
		struct db_stmt *st = db_prep(c->db, sql_f);
		if (!st)
			return reply_err(c, ERR_INTERNAL);
		db_bind_text(st, 1, q.field);
		if (db_step(st) == DB_ROW)
			q.field_name = arena_strdup(&c->r->arena, db_col_text(st, 0));
		db_done(st);
		if (!q.field_name) {
			problem_field(&c->prob, "field", "Không có lĩnh vực với mã này.",
				      "There is no field with this code.");
			return reply_problem(c);
		}
	}
	long long total = 0;
	json_t *rows = book_rows(c->db, &q, &total);
	if (!rows)
		return reply_err(c, ERR_INTERNAL);
	if (!strcmp(format, "csv")) {
		enum http_result res = book_csv(c, &q, rows, total);
		json_decref(rows);
		return res;
	}
	char f[16], t[16];
	vn_format_date_days(q.from, f, sizeof f);
	vn_format_date_days(q.to, t, sizeof t);
	if (!strcmp(format, "json")) {
		json_t *o = json_pack(
			"{s:s,s:s,s:o,s:I,s:I,s:i,s:o}", "from", f, "to", t, "field",
			q.field ? json_pack("{s:s,s:s}", "code", q.field, "name", q.field_name)
				: json_null(),
			"total", (json_int_t)total, "offset", (json_int_t)q.offset, "limit",
			BOOK_MAX_ROWS, "rows", rows);
		return reply_json(c, 200, o);
	}
	json_t *issuer = form_issuer(c->db, NULL);
	if (!issuer)
		issuer = json_object();
	struct page pg;
	book_html(&pg, &c->r->arena, &q, issuer, rows, total, now);
	json_decref(issuer);
	json_decref(rows);
	if (pg.rc) {
		buf_free(&pg.b);
		return reply_err(c, ERR_INTERNAL);
	}
	size_t len;
	char *body = buf_steal(&pg.b, &len);
	http_reply(c->r, 200, "text/html; charset=utf-8", body, len);
	return HTTP_DONE;
}
