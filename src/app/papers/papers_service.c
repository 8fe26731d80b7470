/*
 * papers_service.c — the data of the statutory papers, as services
 * (papers.h): the six papers of a dossier and the tracking book, numbered
 * and titled as in Annex I of Circular 03/2025/TT-VPCP (guiding Decree
 * 118/2025/NĐ-CP):
 *
 *   receipt     Mẫu 01  Giấy tiếp nhận hồ sơ và hẹn trả kết quả, once the
 *                       dossier is received (received_at)
 *   supplement  Mẫu 02  Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ, once a
 *                       supplement was requested
 *   refusal     Mẫu 03  Phiếu từ chối tiếp nhận giải quyết hồ sơ, once refused
 *   apology     Mẫu 04  Văn bản xin lỗi và đề nghị gia hạn thời gian giải
 *                       quyết, once a leader apologised with a new date
 *   withdrawal  Mẫu 05  Thông báo dừng giải quyết hồ sơ, once stopped
 *   control     Mẫu 06  Phiếu kiểm soát quá trình giải quyết hồ sơ, once
 *                       received: one row per hand-over of the history
 *   (book.c)    Mẫu 07  Sổ theo dõi hồ sơ
 *
 * Who signs (item 2 of issue 10): a paper is issued in the name of the body
 * competent for it and signed by someone who may sign for that body — the
 * "signer" object of the data (signer_json): the centre and its officer for
 * the counter's papers; the People's Committee and its leader (TM. ỦY BAN
 * NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH, or CHỦ TỊCH) for the apology and a
 * refusal by a leader after receipt; a head of unit signs a refusal after
 * receipt for his unit.
 *
 * A paper that does not apply (yet) is 409 form_not_available. The data is
 * the staff view of the dossier (dossier_view) plus what a paper needs
 * beside it: the issuing body, the paper's number and date, the officer who
 * signs, the tracking URL (from --public-url, never from the request's Host
 * header) and the control sheet's rows. The SQL is in papers_store.c.
 *
 * Threading: reads only, on the caller's connection.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/dossier/dossier.h"
#include "app/evaluation/evaluation.h"
#include "app/papers/forms.h"
#include "app/papers/papers.h"
#include "app/papers/papers_store.h"
#include "core/vntime.h"

static const char *const committee[] = {"Ủy ban nhân dân ", "Uỷ ban nhân dân ", NULL};
static const char *after_prefix(const char *s, const char *const *prefixes);

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
	[FK_APOLOGY] =
		{"apology", "Mẫu số 04", "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
		 "PXL", "apology.at", "apologize", NULL,
		 "Hồ sơ này không có Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết.",
		 "This dossier has no apology with a request to extend the time."},
	[FK_CONTROL] = {"control", "Mẫu số 06", "Phiếu kiểm soát quá trình giải quyết hồ sơ", "PKS",
			"received_at", NULL, NULL,
			"Hồ sơ chưa được tiếp nhận nên chưa có Phiếu kiểm soát quá trình giải "
			"quyết hồ sơ.",
			"The dossier has not been received yet, so there is no control sheet."},
	[FK_WITHDRAWAL] = {"withdrawal", "Mẫu số 05", "Thông báo dừng giải quyết hồ sơ", "TB-DGQ",
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

const char *form_kind_no(enum form_kind k)
{
	return (unsigned)k < FK__COUNT ? kinds[k].form_no : "";
}

const char *form_kind_title(enum form_kind k)
{
	return (unsigned)k < FK__COUNT ? kinds[k].title : "";
}

/* The history with the names a paper prints: units of the steps, the
 * officers and their units. Oldest first. */
static json_t *events_json(struct db *db, const char *code)
{
	json_t *arr = json_array();
	struct db_stmt *st = pstore_events(db, code, PAPERS_MAX_EVENTS);
	char at[40];
	while (db_step(st) == DB_ROW) {
		vn_format_iso(db_col_int(st, PE_AT), at, sizeof at);
		json_t *o = json_pack("{s:s,s:s}", "at", at, "action", db_col_text(st, PE_ACTION));
		static const char *const keys[] = {[PE_OUTCOME] = "outcome",
						   [PE_NOTE] = "note",
						   [PE_FROM_UNIT] = "from_unit",
						   [PE_TO_UNIT] = "to_unit",
						   [PE_ACTOR] = "actor",
						   [PE_ACTOR_TITLE] = "actor_title",
						   [PE_ACTOR_UNIT] = "actor_unit",
						   [PE_TO_STAFF] = "to_staff",
						   [PE_TO_STAFF_UNIT] = "to_staff_unit"};
		for (int i = PE_OUTCOME; i <= PE_TO_STAFF_UNIT; i++)
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
			what = "Xin lỗi và đề nghị gia hạn thời gian giải quyết";
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

/* The refusal's officer: who the dossier says refused (refusal.by, the
 * integrator's data) when given, else the officer of the refusing event. */
static json_t *refusal_officer(json_t *d, json_t *events)
{
	json_t *by = json_object_get(json_object_get(d, "refusal"), "by");
	if (json_is_object(by) && jstr(by, "full_name")[0])
		return json_pack("{s:s,s:s,s:s,s:s}", "full_name", jstr(by, "full_name"), "title",
				 jstr(by, "title"), "unit", jstr(by, "unit"), "at",
				 jstr(d, "refusal.at"));
	return officer_of(events, "refuse", NULL);
}

/* Before receipt ("reception": the counter refuses to receive) or after it
 * ("processing": the competent body refuses to resolve): refusal.stage when
 * the dossier says so, else whether the dossier had left the counter (a
 * forward) before it was refused. */
static const char *refusal_stage(json_t *d, json_t *events)
{
	const char *s = jstr(d, "refusal.stage");
	if (!strcmp(s, "reception") || !strcmp(s, "processing"))
		return s;
	int forwarded = 0;
	json_t *e;
	size_t i;
	json_array_foreach (events, i, e) {
		const char *act = jstr(e, "action");
		if (!strcmp(act, "forward"))
			forwarded = 1;
		else if (!strcmp(act, "refuse"))
			break;
	}
	return forwarded ? "processing" : "reception";
}

static int has_prefix(const char *s, const char *const *prefixes)
{
	return after_prefix(s, prefixes) != NULL;
}

static const char *const vice_chair[] = {"Phó Chủ tịch", "Phó chủ tịch", "PHÓ CHỦ TỊCH", NULL};
static const char *const chair[] = {"Chủ tịch", "Chủ Tịch", "CHỦ TỊCH", NULL};

/* Whether the officer's title is the People's Committee's chairman's or a
 * vice-chairman's. */
static int is_leader_title(const char *title)
{
	return has_prefix(title, vice_chair) || has_prefix(title, chair);
}

/*
 * Who issues a paper and who signs it: {by: "centre"|"agency"|"unit",
 * head: {parent, org} (the heading's issuing body), on_behalf: ["TM. ỦY
 * BAN NHÂN DÂN", "KT. CHỦ TỊCH"] (the lines above the title, Decree
 * 30/2020 Art. 13), title, full_name}.
 *   centre  the centre (Trung tâm Phục vụ hành chính công / Bộ phận Một
 *           cửa) under its People's Committee; the counter officer signs
 *           (the paper names the caption, e.g. "Người tiếp nhận hồ sơ")
 *   agency  the People's Committee: its chairman signs "TM. ỦY BAN NHÂN DÂN
 *           / CHỦ TỊCH", a vice-chairman "TM. ỦY BAN NHÂN DÂN / KT. CHỦ
 *           TỊCH / PHÓ CHỦ TỊCH" (read from the officer's title)
 *   unit    a unit of the People's Committee, signed by its head with his
 *           own title
 */
static json_t *signer_json(struct arena *ar, json_t *issuer, json_t *officer, const char *by)
{
	const char *title = jstr(officer, "title"), *name = jstr(officer, "full_name");
	const char *parent = "", *org = "", *sign_title = title;
	json_t *on = json_array();
	if (!strcmp(by, "centre")) {
		parent = jstr(issuer, "agency_short");
		org = jstr(issuer, "centre_short");
	} else if (!strcmp(by, "unit")) {
		parent = jstr(issuer, "agency_short");
		org = jstr(officer, "unit");
	} else {
		const char *agency = jstr(issuer, "agency");
		org = agency;
		json_array_append_new(on,
				      json_string(has_prefix(agency, committee)
							  ? "TM. ỦY BAN NHÂN DÂN"
							  : arena_printf(ar, "TM. %s", agency)));
		if (has_prefix(title, vice_chair)) {
			json_array_append_new(on, json_string("KT. CHỦ TỊCH"));
			sign_title = "PHÓ CHỦ TỊCH";
		} else if (has_prefix(title, chair)) {
			sign_title = "CHỦ TỊCH";
		} else if (!title[0]) {
			sign_title = "Thủ trưởng cơ quan";
		}
	}
	return json_pack("{s:s,s:{s:s,s:s},s:o,s:s,s:s}", "by", by, "head", "parent", parent, "org",
			 org, "on_behalf", on, "title", sign_title, "full_name", name);
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
static json_t *form_data(struct db *db, struct app *app, struct arena *ar, enum form_kind k,
			 json_t *d)
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
	char *number = arena_printf(ar, "%s/%s", dash ? dash + 1 : code, kd->suffix);
	/* the receipt is the receiving centre's; the other papers the competent
	 * agency's (the province model, D27) */
	json_t *issuer =
		k == FK_RECEIPT ? papers_receiving_issuer(db, code) : papers_issuer(db, code);
	if (!issuer)
		issuer = json_object();
	json_t *events = events_json(db, code);
	json_t *party = party_json(d);
	json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s}", "kind", kd->name, "form_no", kd->form_no,
			      "title", kd->title, "number", number, "issued_at", issued);
	json_object_set_new(o, "place_date",
			    json_string(arena_printf(ar, "%s, %s", jstr(issuer, "place"),
						     vn_words(ar, issued, VNF_OFFICIAL))));
	json_t *officer = k == FK_REFUSAL ? refusal_officer(d, events)
					  : officer_of(events, kd->action, kd->action2);
	const char *by = "centre";
	if (k == FK_APOLOGY) {
		by = "agency";
	} else if (k == FK_REFUSAL) {
		const char *stage = refusal_stage(d, events);
		json_object_set_new(o, "stage", json_string(stage));
		if (!strcmp(stage, "processing"))
			by = is_leader_title(jstr(officer, "title")) ? "agency" : "unit";
	}
	json_object_set_new(o, "signer", signer_json(ar, issuer, officer, by));
	json_object_set_new(o, "officer", officer);
	if (k == FK_RECEIPT) {
		/* the evaluation secret (D35): printed, and in the QR code's
		 * fragment (never sent to a server in a log or a Referer) */
		char sec[EVAL_SECRET_LEN + 1];
		const char *url = tracking_url(ar, app->cfg.public_url, code);
		if (evaluation_secret(db, code, sec) == 0) {
			json_object_set_new(o, "evaluation_code", json_string(sec));
			url = arena_printf(ar, "%s#ev=%s", url, sec);
		}
		json_object_set_new(o, "tracking_url", json_string(url));
	}
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

int papers_form(struct db *db, struct app *a, const struct actor *viewer, int64_t now,
		const char *code, enum form_kind k, struct arena *ar, struct problem *p,
		json_t **out)
{
	json_t *d;
	*out = NULL;
	if ((unsigned)k >= FK__COUNT)
		return problem_kind(p, ERR_NOT_FOUND);
	if (dossier_view(db, a, viewer, now, code, p, &d))
		return p->kind;
	*out = form_data(db, a, ar, k, d);
	if (!*out)
		return problem_set(p, ERR_CONFLICT, "form_not_available", NULL, kinds[k].vi,
				   kinds[k].en);
	return 0;
}

/* --- the issuing body -------------------------------------------------- */

static const char *const levels[] = {"phường ", "xã ",   "thị trấn ", "đặc khu ", "thành phố ",
				     "tỉnh ",   "quận ", "huyện ",    "thị xã ",  NULL};

static const char *after_prefix(const char *s, const char *const *prefixes)
{
	for (int i = 0; prefixes[i]; i++) {
		size_t n = strlen(prefixes[i]);
		if (strncmp(s, prefixes[i], n) == 0)
			return s + n;
	}
	return NULL;
}

static json_t *issuer_json(struct db *db, const char *dossier_code, int receiving);
static json_t *issuer_of(struct db_stmt *st);

json_t *papers_issuer(struct db *db, const char *dossier_code)
{
	return issuer_json(db, dossier_code, 0);
}

json_t *papers_receiving_issuer(struct db *db, const char *dossier_code)
{
	return issuer_json(db, dossier_code, 1);
}

static json_t *issuer_json(struct db *db, const char *dossier_code, int receiving)
{
	return issuer_of(pstore_issuer(db, dossier_code, receiving, 0));
}

json_t *papers_book_issuer(struct db *db, const struct book_q *q)
{
	return issuer_of(pstore_issuer(db, NULL, 0, q->agency));
}

static json_t *issuer_of(struct db_stmt *st)
{
	if (!st)
		return NULL;
	const char *name = db_col_text(st, PI_NAME), *centre = db_col_text(st, PI_CENTRE);
	/* "Ủy ban nhân dân phường Hội An" → locality "phường Hội An", place
	 * "Hội An", short "UBND phường Hội An" */
	const char *locality = after_prefix(name, committee);
	const char *place = locality ? after_prefix(locality, levels) : NULL;
	char shortname[512], centre_short[512];
	if (locality)
		snprintf(shortname, sizeof shortname, "UBND %s", locality);
	else
		snprintf(shortname, sizeof shortname, "%s", name);
	/* "Trung tâm Phục vụ hành chính công phường Hội An" → drop the locality
	 * the line above already names */
	if (!centre[0])
		centre = "Bộ phận Tiếp nhận và Trả kết quả";
	snprintf(centre_short, sizeof centre_short, "%s", centre);
	size_t cl = strlen(centre_short), ll = locality ? strlen(locality) : 0;
	if (ll && cl > ll + 1 && strcmp(centre_short + cl - ll, locality) == 0 &&
	    centre_short[cl - ll - 1] == ' ')
		centre_short[cl - ll - 1] = '\0';
	json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "agency", name,
			      "agency_short", shortname, "parent", db_col_text(st, PI_PARENT),
			      "centre", centre, "centre_short", centre_short, "place",
			      place ? place : (locality ? locality : name), "address",
			      db_col_text(st, PI_ADDRESS), "phone", db_col_text(st, PI_PHONE),
			      "email", db_col_text(st, PI_EMAIL));
	db_done(st);
	return o;
}

/* --- the tracking book ------------------------------------------------- */

static json_t *iso(struct db_stmt *st, int i)
{
	if (db_col_null(st, i))
		return json_null();
	char b[40];
	vn_format_iso(db_col_int(st, i), b, sizeof b);
	return json_string(b);
}

int papers_book(struct db *db, struct book_q *q, struct arena *ar, struct problem *p, json_t **rows,
		long long *total)
{
	*rows = NULL;
	*total = 0;
	if (q->from > q->to)
		return problem_set(p, ERR_VALIDATION, "validation", "to",
				   "Ngày kết thúc phải từ ngày bắt đầu trở đi.",
				   "The end date must not be before the start date.");
	if (q->to - q->from + 1 > BOOK_MAX_DAYS)
		return problem_set(
			p, ERR_VALIDATION, "period_too_long", "to",
			"Mỗi lần xem sổ tối đa 366 ngày; vui lòng chọn khoảng thời gian ngắn hơn.",
			"The book covers at most 366 days at a time; choose a shorter period.");
	if (q->field) {
		struct db_stmt *st = pstore_field(db, q->field);
		if (!st)
			return problem_field(p, "field", "Không có lĩnh vực với mã này.",
					     "There is no field with this code.");
		q->field_name = arena_strdup(ar, db_col_text(st, 0));
		db_done(st);
	}
	int64_t t0 = vn_instant_of_day(q->from), t1 = vn_instant_of_day(q->to + 1);
	*total = pstore_book_count(db, t0, t1, q->field, q->agency);
	struct db_stmt *st =
		pstore_book_rows(db, t0, t1, q->field, q->agency, BOOK_MAX_ROWS, q->offset);
	json_t *arr = json_array();
	long long no = q->offset;
	while (db_step(st) == DB_ROW) {
		int org = strcmp(db_col_text(st, PB_AKIND), "organization") == 0;
		const char *name = db_col_text(st, PB_ANAME), *org_name = db_col_text(st, PB_ORG);
		const char *method = db_col_null(st, PB_RETURNED_METHOD)
					     ? db_col_text(st, PB_RMETHOD)
					     : db_col_text(st, PB_RETURNED_METHOD);
		json_t *o = json_pack(
			"{s:I,s:s,s:{s:s,s:s},s:{s:s,s:s},s:{s:s,s:s},s:s,s:s,s:s,s:s,s:s,s:b}",
			"no", (json_int_t)++no, "code", db_col_text(st, PB_CODE), "procedure",
			"code", db_col_text(st, PB_PCODE), "name", db_col_text(st, PB_PNAME),
			"field", "code", db_col_text(st, PB_FCODE), "name",
			db_col_text(st, PB_FNAME), "applicant", "name",
			org && org_name[0] ? org_name : name, "representative", org ? name : "",
			"address", db_col_text(st, PB_ADDRESS), "phone", db_col_text(st, PB_PHONE),
			"lead_unit", db_col_text(st, PB_LEAD_UNIT), "return_method", method,
			"status", db_col_text(st, PB_STATUS), "rescheduled",
			db_col_int(st, PB_APOLOGIES) > 0);
		json_object_set_new(o, "received_at", iso(st, PB_RECEIVED));
		json_object_set_new(o, "due_at", iso(st, PB_DUE));
		json_object_set_new(o, "returned_at", iso(st, PB_RETURNED));
		json_object_set_new(o, "receiver_name",
				    db_col_null(st, PB_RETURNED_TO)
					    ? json_null()
					    : json_string(db_col_text(st, PB_RETURNED_TO)));
		json_object_set_new(o, "refused_at", iso(st, PB_REFUSED));
		json_object_set_new(o, "withdrawn_at", iso(st, PB_WITHDRAWN));
		json_object_set_new(
			o, "book",
			db_col_null(st, PB_BOOK_VOLUME) && db_col_null(st, PB_BOOK_ENTRY)
				? json_null()
				: json_pack("{s:s,s:o,s:s}", "volume",
					    db_col_text(st, PB_BOOK_VOLUME), "entry",
					    db_col_null(st, PB_BOOK_ENTRY)
						    ? json_null()
						    : json_integer(db_col_int(st, PB_BOOK_ENTRY)),
					    "agency", db_col_text(st, PB_BOOK_AGENCY)));
		json_array_append_new(arr, o);
	}
	db_done(st);
	*rows = arr;
	return 0;
}

int papers_book_scope(struct db *db, const struct actor *viewer, const char *code, struct book_q *q,
		      struct arena *ar, struct problem *p)
{
	long long own = (viewer->roles & ROLE_PROVINCE) ? 0 : dossier_viewer_agency(db, viewer);
	struct db_stmt *st;
	q->agency = own;
	q->agency_code = q->agency_name = NULL;
	if (code) {
		if (!(st = pstore_agency(db, code)))
			return problem_field(p, "agency", "Không có cơ quan với mã này.",
					     "There is no agency with this code.");
		long long id = db_col_int(st, 0);
		db_done(st);
		if (own && id != own)
			return problem_set(p, ERR_FORBIDDEN, "not_your_agency", "agency",
					   "Chỉ xem được sổ theo dõi hồ sơ của cơ quan mình.",
					   "Only your own agency's tracking book can be read.");
		q->agency = id;
	}
	if (q->agency && (st = pstore_agency_by_id(db, q->agency))) {
		q->agency_code = arena_strdup(ar, db_col_text(st, 0));
		q->agency_name = arena_strdup(ar, db_col_text(st, 1));
		db_done(st);
	}
	return 0;
}
