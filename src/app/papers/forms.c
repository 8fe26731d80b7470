/*
 * forms.c — GET /api/v1/dossiers/{code}/forms/{kind}: the statutory papers
 * of a dossier (DOMAIN.md §1.4) as an A4 page (forms_html.c draws it) or,
 * with ?format=json, the data the page is filled from.
 *
 *   receipt     Mẫu 01  once the dossier is received (received_at)
 *   supplement  Mẫu 02  once a supplement was requested
 *   refusal     Mẫu 03  once refused
 *   apology     Mẫu 04  once an apology with a new appointment was made
 *   control     Mẫu 05  once received: one row per hand-over of the history
 *   withdrawal  Thông báo dừng giải quyết hồ sơ, once withdrawn
 *
 * A paper that does not apply (yet) is 409 form_not_available; an unknown
 * kind 404. The roles are the dossier roles (routes.c), as for the dossier.
 *
 * The data is the staff view of the dossier (dossier_staff_json) plus what
 * a paper needs beside it: the issuing body, the paper's number and date,
 * the officer who signs, the tracking URL (from --public-url, never from
 * the request's Host header) and the control sheet's rows.
 *
 * Threading: a read handler, on the HTTP worker thread with c->db.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/dossier/dossier.h"
#include "app/papers/forms.h"
#include "app/papers/papers_routes.h"
#include "app/platform/jin.h"
#include "core/vntime.h"

struct kind_def {
	const char *name, *form_no, *title, *suffix;
	const char *issued;           /* path of the instant the paper is dated */
	const char *action, *action2; /* the event whose officer signs */
	const char *vi, *en;          /* why it is not available */
};

static const struct kind_def kinds[FK__COUNT] = {
	[FK_RECEIPT] =
		{"receipt", "Mẫu số 01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "TNHS",
		 "received_at", "receive", "accept",
		 "Hồ sơ chưa được tiếp nhận nên chưa có Giấy tiếp nhận hồ sơ và hẹn trả kết quả.",
		 "The dossier has not been received yet, so there is no receipt."},
	[FK_SUPPLEMENT] = {"supplement", "Mẫu số 02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
			   "PBS", "supplement.requested_at", "request_supplement", NULL,
			   "Hồ sơ này không có yêu cầu bổ sung, hoàn thiện hồ sơ.",
			   "No supplement was requested for this dossier."},
	[FK_REFUSAL] = {"refusal", "Mẫu số 03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ", "PTC",
			"refusal.at", "refuse", NULL,
			"Hồ sơ này không bị từ chối tiếp nhận, giải quyết.",
			"This dossier was not refused."},
	[FK_APOLOGY] = {"apology", "Mẫu số 04", "Phiếu xin lỗi và hẹn lại ngày trả kết quả", "PXL",
			"apology.at", "apologize", NULL,
			"Hồ sơ này không có Phiếu xin lỗi và hẹn lại ngày trả kết quả.",
			"This dossier has no apology with a new appointment."},
	[FK_CONTROL] =
		{"control", "Mẫu số 05", "Phiếu kiểm soát quá trình giải quyết hồ sơ", "PKS",
		 "received_at", NULL, NULL,
		 "Hồ sơ chưa được tiếp nhận nên chưa có Phiếu kiểm soát quá trình giải quyết.",
		 "The dossier has not been received yet, so there is no control sheet."},
	[FK_WITHDRAWAL] = {"withdrawal", "", "Thông báo dừng giải quyết hồ sơ", "TB-DGQ",
			   "withdrawal.at", "withdraw", NULL, "Hồ sơ này không bị dừng giải quyết.",
			   "This dossier was not stopped."},
};

int form_kind_parse(const char *s)
{
	for (int k = 0; s && k < FK__COUNT; k++)
		if (strcmp(kinds[k].name, s) == 0)
			return k;
	return -1;
}

const char *form_kind_name(enum form_kind k)
{
	return (unsigned)k < FK__COUNT ? kinds[k].name : "";
}

#define MAX_EVENTS 512

/* The history with the names a paper prints: units of the steps, the
 * officers and their units. Oldest first. */
static json_t *events_json(struct db *db, const char *code)
{
	static const char sql[] =
		"SELECT e.at, e.action, e.outcome, e.note, fu.name, tu.name,"
		" a.full_name, a.title, au.name, t.full_name, xu.name"
		" FROM dossier_event e JOIN dossier d ON d.id = e.dossier_id"
		" LEFT JOIN dossier_step fs ON fs.dossier_id = d.id AND fs.position = e.from_step"
		" LEFT JOIN unit fu ON fu.id = fs.unit_id"
		" LEFT JOIN dossier_step ts ON ts.dossier_id = d.id AND ts.position = e.to_step"
		" LEFT JOIN unit tu ON tu.id = ts.unit_id"
		" LEFT JOIN staff a ON a.id = e.actor_id LEFT JOIN unit au ON au.id = a.unit_id"
		" LEFT JOIN staff t ON t.id = e.to_staff_id LEFT JOIN unit xu ON xu.id = t.unit_id"
		" WHERE d.code = $1 ORDER BY e.id LIMIT $2";
	json_t *arr = json_array();
	struct db_stmt *st = db_prep(db, sql);
	if (!st)
		return arr;
	db_bind_text(st, 1, code);
	db_bind_int(st, 2, MAX_EVENTS);
	char at[40];
	while (db_step(st) == DB_ROW) {
		vn_format_iso(db_col_int(st, 0), at, sizeof at);
		json_t *o = json_pack("{s:s,s:s}", "at", at, "action", db_col_text(st, 1));
		static const char *const keys[] = {
			NULL,    NULL,          "outcome",    "note",     "from_unit",    "to_unit",
			"actor", "actor_title", "actor_unit", "to_staff", "to_staff_unit"};
		for (int i = 2; i <= 10; i++)
			if (!db_col_null(st, i))
				json_object_set_new(o, keys[i], json_string(db_col_text(st, i)));
		json_array_append_new(arr, o);
	}
	db_done(st);
	return arr;
}

/* The applicant as the papers name and address them. */
static json_t *party_json(json_t *d)
{
	const char *kind = jstr(d, "applicant.kind"), *name = jstr(d, "applicant.name");
	int org = strcmp(kind, "organization") == 0;
	const char *org_name = jstr(d, "applicant.org_name");
	json_t *o =
		json_pack("{s:s,s:s,s:s,s:s,s:s}", "display", org && org_name[0] ? org_name : name,
			  "representative", org ? name : "", "you", org ? "Quý tổ chức" : "Ông/Bà",
			  "id_label", org ? "Mã số thuế" : "Số định danh cá nhân", "id",
			  org ? jstr(d, "applicant.tax_code") : jstr(d, "applicant.id_number"));
	char *to = NULL;
	if (org)
		to = xstrdup(org_name[0] ? org_name : name);
	else {
		size_t n = strlen(name) + 16;
		to = xmalloc(n);
		snprintf(to, n, "Ông/Bà %s", name);
	}
	json_object_set_new(o, "addressee", json_string(to));
	free(to);
	return o;
}

static const char CITIZEN[] = "Tổ chức, cá nhân";

static void row_set(json_t *row, const char *key, const char *v)
{
	json_object_set_new(row, key, json_string(v ? v : ""));
}

/* One control-sheet row per hand-over (the receipt itself is the sheet's
 * header, not a row). Who gives and who receives depends on the action. */
static json_t *control_rows(json_t *events, json_t *d, json_t *party)
{
	json_t *rows = json_array();
	size_t i;
	json_t *e;
	const char *citizen = jstr(party, "display");
	json_array_foreach (events, i, e) {
		const char *act = jstr(e, "action"), *note = jstr(e, "note");
		if (!strcmp(act, "submit") || !strcmp(act, "receive") || !strcmp(act, "accept"))
			continue;
		const char *fu = jstr(e, "from_unit"), *tu = jstr(e, "to_unit");
		const char *au = jstr(e, "actor_unit"), *a = jstr(e, "actor");
		const char *gu = fu[0] ? fu : au, *g = a, *ru = tu, *r = jstr(e, "to_staff");
		const char *what = "";
		if (!strcmp(act, "forward")) {
			what = "Chuyển xử lý";
			if (!ru[0])
				ru = jstr(e, "to_staff_unit");
		} else if (!strcmp(act, "send_back")) {
			what = "Trả lại bước trước để xử lý lại";
		} else if (!strcmp(act, "complete")) {
			what = "Hoàn thành giải quyết, chuyển trả kết quả";
		} else if (!strcmp(act, "return")) {
			what = "Trả kết quả cho tổ chức, cá nhân";
			ru = CITIZEN;
			r = jstr(d, "return.receiver_name");
			if (!r[0])
				r = citizen;
		} else if (!strcmp(act, "request_supplement")) {
			what = "Yêu cầu bổ sung, hoàn thiện hồ sơ";
			ru = CITIZEN;
			r = citizen;
		} else if (!strcmp(act, "supplement")) {
			what = "Tổ chức, cá nhân nộp bổ sung hồ sơ";
			gu = CITIZEN;
			g = citizen;
			ru = au;
			r = a;
		} else if (!strcmp(act, "apologize")) {
			what = "Xin lỗi và hẹn lại ngày trả kết quả";
			gu = au;
			ru = CITIZEN;
			r = citizen;
		} else if (!strcmp(act, "refuse")) {
			what = "Từ chối tiếp nhận, giải quyết hồ sơ";
			ru = CITIZEN;
			r = citizen;
		} else if (!strcmp(act, "withdraw")) {
			what = "Dừng giải quyết theo yêu cầu của tổ chức, cá nhân";
			gu = CITIZEN;
			g = citizen;
			ru = au;
			r = a;
		}
		json_t *row =
			json_pack("{s:I,s:s,s:s}", "no", (json_int_t)json_array_size(rows) + 1,
				  "at", jstr(e, "at"), "action", act);
		row_set(row, "giver_unit", gu);
		row_set(row, "giver", g);
		row_set(row, "receiver_unit", ru);
		row_set(row, "receiver", r);
		row_set(row, "outcome", jstr(e, "outcome"));
		row_set(row, "result", label_outcome(jstr(e, "outcome")));
		row_set(row, "what", what);
		row_set(row, "note", note);
		json_array_append_new(rows, row);
	}
	return rows;
}

/* The last event of the given actions (the officer who issued the paper). */
static json_t *officer_of(json_t *events, const char *action, const char *action2)
{
	json_t *found = NULL, *e;
	size_t i;
	json_array_foreach (events, i, e) {
		const char *act = jstr(e, "action");
		if ((action && !strcmp(act, action)) || (action2 && !strcmp(act, action2)))
			found = e;
	}
	if (!found)
		return json_null();
	return json_pack("{s:s,s:s,s:s,s:s}", "full_name", jstr(found, "actor"), "title",
			 jstr(found, "actor_title"), "unit", jstr(found, "actor_unit"), "at",
			 jstr(found, "at"));
}

/* "http://host:port/track/?code=CODE" with the code percent-encoded. */
static char *tracking_url(struct arena *a, const char *base, const char *code)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(code);
	char *enc = arena_alloc(a, n * 3 + 1), *q = enc;
	for (const unsigned char *p = (const unsigned char *)code; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == '_' || *p == '~') {
			*q++ = (char)*p;
		} else {
			*q++ = '%';
			*q++ = hex[*p >> 4];
			*q++ = hex[*p & 15];
		}
	}
	*q = '\0';
	return arena_printf(a, "%s/track/?code=%s", base ? base : "", enc);
}

/* The data a paper is filled from; takes d. NULL when the paper does not
 * apply to this dossier. */
static json_t *form_data(struct ctx *c, enum form_kind k, json_t *d)
{
	const struct kind_def *kd = &kinds[k];
	const char *issued = jstr(d, kd->issued);
	if (!issued[0]) {
		json_decref(d);
		return NULL;
	}
	const char *code = jstr(d, "code");
	/* the paper's number: the day and sequence of the dossier code */
	const char *dash = strchr(code, '-');
	char *number = arena_printf(&c->r->arena, "%s/%s", dash ? dash + 1 : code, kd->suffix);
	json_t *issuer = form_issuer(c->db, code);
	if (!issuer)
		issuer = json_object();
	json_t *events = events_json(c->db, code);
	json_t *party = party_json(d);
	json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s}", "kind", kd->name, "form_no", kd->form_no,
			      "title", kd->title, "number", number, "issued_at", issued);
	json_object_set_new(
		o, "place_date",
		json_string(arena_printf(&c->r->arena, "%s, %s", jstr(issuer, "place"),
					 vn_words(&c->r->arena, issued, VNF_OFFICIAL))));
	json_object_set_new(o, "officer", officer_of(events, kd->action, kd->action2));
	if (k == FK_RECEIPT)
		json_object_set_new(
			o, "tracking_url",
			json_string(tracking_url(&c->r->arena, c->app->cfg.public_url, code)));
	if (k == FK_CONTROL) {
		json_object_set_new(o, "rows", control_rows(events, d, party));
		/* the units that take part after the counter: the lead one first */
		json_t *units = json_array(), *s;
		size_t i;
		json_array_foreach (json_object_get(d, "steps"), i, s) {
			const char *u = jstr(s, "unit.name");
			if (i == 0 || !u[0])
				continue;
			int seen = 0;
			for (size_t j = 0; j < json_array_size(units); j++)
				seen |= !strcmp(json_string_value(json_array_get(units, j)), u);
			if (!seen && strcmp(u, jstr(json_array_get(json_object_get(d, "steps"), 0),
						    "unit.name")))
				json_array_append_new(units, json_string(u));
		}
		json_object_set_new(o, "units", units);
	}
	json_decref(events);
	json_object_set_new(o, "issuer", issuer);
	json_object_set_new(o, "party", party);
	json_object_del(d, "allowed_actions");
	json_object_set_new(o, "dossier", d);
	return o;
}

enum http_result h_dossier_form(struct ctx *c)
{
	int k = form_kind_parse(c->param[1]);
	if (k < 0) {
		problem_set(&c->prob, ERR_NOT_FOUND, "form_unknown", NULL,
			    "Không có loại giấy tờ này. Các loại: receipt, supplement, refusal, "
			    "apology, control, withdrawal.",
			    "There is no such form. Kinds: receipt, supplement, refusal, apology, "
			    "control, withdrawal.");
		return reply_problem(c);
	}
	const char *format;
	if (qs_line(c, "format", 10, &format))
		return reply_problem(c);
	int json = format && strcmp(format, "json") == 0;
	if (format && !json && strcmp(format, "html") != 0) {
		problem_set(&c->prob, ERR_BAD_REQUEST, "bad_parameter", "format",
			    "Định dạng phải là html hoặc json.",
			    "The format must be html or json.");
		return reply_problem(c);
	}
	json_t *d = dossier_staff_json(c->app, c->db, c->param[0], c->who.roles, c->who.staff_id,
				       c->who.unit_id);
	if (!d) {
		problem_set(&c->prob, ERR_NOT_FOUND, "not_found", NULL,
			    "Không tìm thấy hồ sơ với mã này.", "No dossier has this code.");
		return reply_problem(c);
	}
	json_t *data = form_data(c, (enum form_kind)k, d);
	if (!data) {
		problem_set(&c->prob, ERR_CONFLICT, "form_not_available", NULL, kinds[k].vi,
			    kinds[k].en);
		return reply_problem(c);
	}
	if (json)
		return reply_json(c, 200, data);
	struct page pg;
	form_html(&pg, &c->r->arena, (enum form_kind)k, data);
	json_decref(data);
	if (pg.rc) {
		buf_free(&pg.b);
		return reply_err(c, ERR_INTERNAL);
	}
	size_t len;
	char *body = buf_steal(&pg.b, &len);
	http_reply(c->r, 200, "text/html; charset=utf-8", body, len);
	return HTTP_DONE;
}
