/*
 * dossier_read.c — the views of a dossier, as services: for staff
 * (everything, personal data included, for the dossier roles), for the
 * public (status and deadlines only: no name, ID number, phone, e-mail,
 * address, nor any official's name — codes are sequential and guessable),
 * the history (the control sheet's hand-overs), the staff inbox, an
 * attachment, and the notice data for e-mails. The SQL is in
 * dossier_store.c; the caller's `now` drives every deadline word.
 *
 * Threading: reads only, on the caller's connection (an HTTP worker's
 * read snapshot, or the writer's transaction after an action).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/dossier/dossier.h"
#include "app/dossier/dossier_store.h"
#include "app/queue/queue.h"
#include "core/fold.h"
#include "core/ident.h"
#include "core/vntime.h"

static json_t *iso_or_null(struct db_stmt *st, int i)
{
	if (db_col_null(st, i))
		return json_null();
	char b[40];
	vn_format_iso(db_col_int(st, i), b, sizeof b);
	return json_string(b);
}

static json_t *text_or_null(struct db_stmt *st, int i)
{
	return db_col_null(st, i) ? json_null() : json_string(db_col_text(st, i));
}

static json_t *number(double v)
{
	return v == floor(v) ? json_integer((json_int_t)v) : json_real(v);
}

static json_t *staff_ref(struct db *db, long long id)
{
	if (!id)
		return json_null();
	struct db_stmt *st = dstore_staff(db, id);
	if (!st)
		return json_null();
	json_t *o = json_pack("{s:s,s:s}", "username", db_col_text(st, 0), "full_name",
			      db_col_text(st, 1));
	db_done(st);
	return o;
}

/* Steps as the control sheet shows them; with_people adds handlers. */
static json_t *steps_json(struct db *db, long long id, int with_people, int current, int64_t now,
			  int running)
{
	json_t *arr = json_array();
	struct db_stmt *st = dstore_steps(db, id);
	long long handlers[DOSSIER_MAX_STEPS] = {0};
	while (db_step(st) == DB_ROW) {
		int pos = (int)db_col_int(st, 0);
		json_t *o =
			json_pack("{s:i,s:s,s:{s:s,s:s},s:o,s:o,s:o,s:o}", "position", pos, "name",
				  db_col_text(st, 1), "unit", "code", db_col_text(st, 2), "name",
				  db_col_text(st, 3), "due_at", iso_or_null(st, 4), "started_at",
				  iso_or_null(st, 5), "finished_at", iso_or_null(st, 6), "outcome",
				  text_or_null(st, SS_OUTCOME));
		int is_current = pos == current && db_col_null(st, 6);
		/* the unit's agency: a dossier received elsewhere crosses agencies */
		json_object_set_new(json_object_get(o, "unit"), "agency",
				    json_pack("{s:s,s:s}", "code", db_col_text(st, SS_AGENCY),
					      "name", db_col_text(st, SS_AGENCY + 1)));
		json_object_set_new(o, "current", json_boolean(is_current));
		if (is_current && running)
			json_object_set_new(o, "overdue", json_boolean(now > db_col_int(st, 4)));
		if (pos >= 1 && pos <= DOSSIER_MAX_STEPS)
			handlers[pos - 1] = db_col_int(st, SS_HANDLER);
		json_array_append_new(arr, o);
	}
	db_done(st);
	if (with_people) {
		size_t i;
		json_t *o;
		json_array_foreach (arr, i, o) {
			int pos = (int)json_integer_value(json_object_get(o, "position"));
			json_object_set_new(o, "handler",
					    pos >= 1 && pos <= DOSSIER_MAX_STEPS
						    ? staff_ref(db, handlers[pos - 1])
						    : json_null());
		}
	}
	return arr;
}

static json_t *documents_json(struct db *db, long long id)
{
	json_t *arr = json_array();
	struct db_stmt *st = dstore_documents(db, id);
	while (db_step(st) == DB_ROW)
		json_array_append_new(arr, json_pack("{s:I,s:s,s:s,s:I,s:b}", "id",
						     (json_int_t)db_col_int(st, 0), "name",
						     db_col_text(st, 1), "form", db_col_text(st, 2),
						     "count", (json_int_t)db_col_int(st, 3),
						     "mandatory", (int)db_col_int(st, 4)));
	db_done(st);
	return arr;
}

static json_t *attachments_json(struct db *db, long long id)
{
	json_t *arr = json_array();
	struct db_stmt *st = dstore_attachments(db, id);
	while (db_step(st) == DB_ROW)
		json_array_append_new(
			arr, json_pack("{s:s,s:s,s:I,s:s,s:o}", "name", db_col_text(st, 0), "type",
				       db_col_text(st, 1), "size", (json_int_t)db_col_int(st, 2),
				       "sha256", db_col_text(st, 3), "document_id",
				       db_col_null(st, 4) ? json_null()
							  : json_integer(db_col_int(st, 4))));
	db_done(st);
	return arr;
}

/* The parts both views share. */
static json_t *common_json(struct db_stmt *st, int64_t now)
{
	int status = ds_status_parse(db_col_text(st, C_STATUS));
	int overdue = ds_overdue((enum ds_status)status, db_col_int(st, C_DUE),
				 db_col_int(st, C_PAUSED), now);
	json_t *o = json_pack(
		"{s:s,s:s,s:{s:s,s:s,s:{s:s,s:s},s:{s:o,s:s}},s:s,s:s,s:o,s:o,s:o,s:o,"
		"s:b,s:b}",
		"code", db_col_text(st, C_CODE), "status", db_col_text(st, C_STATUS), "procedure",
		"code", db_col_text(st, C_PCODE), "name", db_col_text(st, C_PNAME), "field", "code",
		db_col_text(st, C_FCODE), "name", db_col_text(st, C_FNAME), "time_limit", "value",
		number(db_col_double(st, C_LVAL)), "unit", db_col_text(st, C_LUNIT), "channel",
		db_col_text(st, C_CHANNEL), "return_method", db_col_text(st, C_RMETHOD),
		"submitted_at", iso_or_null(st, C_SUBMITTED), "received_at",
		iso_or_null(st, C_RECEIVED), "due_at", iso_or_null(st, C_DUE), "original_due_at",
		iso_or_null(st, C_ODUE), "overdue", overdue, "paused",
		status == DS_SUPPLEMENT_REQUESTED);
	json_object_set_new(o, "result_ready_at", iso_or_null(st, C_RESAT));
	json_object_set_new(o, "returned_at", iso_or_null(st, C_RETAT));
	json_object_set_new(o, "finished_at", iso_or_null(st, C_FINISHED));
	json_object_set_new(o, "apologized", json_boolean(db_col_int(st, C_APOLCOUNT) > 0));
	if (!db_col_null(st, C_FINISHED) && !db_col_null(st, C_DUE))
		json_object_set_new(o, "timing",
				    json_string(ds_timing_name(ds_classify(
					    db_col_int(st, C_FINISHED), db_col_int(st, C_DUE)))));
	return o;
}

/*
 * The items a staff member asked the citizen to supplement, for the public
 * page. An item that is one of the procedure's documents is catalogue text
 * and shown as it is; anything else was typed by staff and could carry
 * someone's identity, so the applicant's name, ID and tax numbers, phone
 * numbers and e-mail addresses in it are masked (ident_mask_text).
 */
static void public_items(struct jw *w, struct db *db, long long procedure_id, const char *name,
			 const char *items, size_t n)
{
	json_t *arr = n ? json_loadb(items, n, 0, NULL) : NULL;
	size_t i;
	json_t *v;
	jw_arr(w);
	json_array_foreach (arr, i, v) {
		const char *t = json_string_value(v);
		if (!t)
			continue;
		if (dstore_is_document(db, procedure_id, t)) {
			jw_str(w, t);
			continue;
		}
		size_t len = strlen(t), nl = name ? strlen(name) : 0;
		char *a = xmalloc(len + 1), *b = xmalloc(len + 1);
		/* the applicant's name, wherever it is written out in full */
		size_t o = 0;
		for (const char *q = t; *q;) {
			const char *hit = nl >= 2 ? strstr(q, name) : NULL;
			size_t k = hit ? (size_t)(hit - q) : strlen(q);
			memcpy(a + o, q, k);
			o += k;
			q += k;
			if (hit) {
				memcpy(a + o, IDENT_MASK, sizeof IDENT_MASK - 1);
				o += sizeof IDENT_MASK - 1;
				q += nl;
			}
		}
		a[o] = '\0';
		if (ident_mask_text(a, b, len + 1) < 0)
			b[0] = '\0';
		jw_str(w, b);
		free(a);
		free(b);
	}
	jw_arr_end(w);
	json_decref(arr);
}

/* The public view is written straight into the reply (core/jw.h): it is the
 * page anyone may poll, and building a jansson tree for it cost more than
 * its two queries. Same members, same order as the staff view's shared part. */
/* The competent agency ("agency") and the receiving centre
 * ("received_at_agency") of a dossier: public facts, no personal data. */
static json_t *agency_json(struct db_stmt *st, int k)
{
	return json_pack("{s:s,s:s,s:s,s:{s:s,s:s,s:s}}", "code", db_col_text(st, k), "name",
			 db_col_text(st, k + 1), "e_id", db_col_text(st, k + 2), "centre", "name",
			 db_col_text(st, k + 3), "address", db_col_text(st, k + 4), "phone",
			 db_col_text(st, k + 5));
}

static void agencies_json(struct db *db, long long id, json_t *o)
{
	struct db_stmt *st = dstore_dossier_agencies(db, id);
	if (!st)
		return;
	json_object_set_new(o, "agency", agency_json(st, AG_CODE));
	json_object_set_new(o, "received_at_agency", agency_json(st, AG_RCODE));
	db_done(st);
}

static void jw_col_iso(struct jw *w, const char *key, struct db_stmt *st, int i)
{
	jw_key(w, key);
	jw_iso(w, !db_col_null(st, i), db_col_int(st, i));
}

static void jw_col_text(struct jw *w, const char *key, struct db_stmt *st, int i)
{
	jw_key(w, key);
	jw_strn(w, db_col_text(st, i), db_col_len(st, i));
}

static void jw_agency(struct jw *w, const char *key, struct db_stmt *st, int k)
{
	jw_key(w, key);
	jw_obj(w);
	jw_col_text(w, "code", st, k);
	jw_col_text(w, "name", st, k + 1);
	jw_col_text(w, "e_id", st, k + 2);
	jw_key(w, "centre");
	jw_obj(w);
	jw_col_text(w, "name", st, k + 3);
	jw_col_text(w, "address", st, k + 4);
	jw_col_text(w, "phone", st, k + 5);
	jw_obj_end(w);
	jw_obj_end(w);
}

static void public_steps(struct jw *w, struct db *db, long long id, int current, int64_t now,
			 int running)
{
	struct db_stmt *st = dstore_public_steps(db, id);
	jw_arr(w);
	while (db_step(st) == DB_ROW) {
		int pos = (int)db_col_int(st, 0);
		jw_obj(w);
		jw_key(w, "position");
		jw_int(w, pos);
		jw_col_text(w, "name", st, 1);
		jw_key(w, "unit");
		jw_obj(w);
		jw_col_text(w, "code", st, 2);
		jw_col_text(w, "name", st, 3);
		jw_key(w, "agency");
		jw_obj(w);
		jw_col_text(w, "code", st, 8);
		jw_col_text(w, "name", st, 9);
		jw_obj_end(w);
		jw_obj_end(w);
		jw_col_iso(w, "due_at", st, 4);
		jw_col_iso(w, "started_at", st, 5);
		jw_col_iso(w, "finished_at", st, 6);
		jw_key(w, "outcome");
		if (db_col_null(st, 7))
			jw_null(w);
		else
			jw_strn(w, db_col_text(st, 7), db_col_len(st, 7));
		int is_current = pos == current && db_col_null(st, 6);
		jw_key(w, "current");
		jw_bool(w, is_current);
		if (is_current && running) {
			jw_key(w, "overdue");
			jw_bool(w, now > db_col_int(st, 4));
		}
		jw_obj_end(w);
	}
	db_done(st);
	jw_arr_end(w);
}

int dossier_public_view(struct db *db, struct app *a, int64_t now, const char *code, struct jw *w,
			struct problem *p)
{
	struct db_stmt *st = dstore_public_row(db, code);
	if (!st)
		return problem_set(
			p, ERR_NOT_FOUND, "not_found", NULL,
			"Không tìm thấy hồ sơ với mã này. Vui lòng kiểm tra lại mã trên giấy hẹn.",
			"No dossier has this code. Please check the code on your receipt.");
	long long id = db_col_int(st, P_ID);
	long long agency = db_col_int(st, P_AGENCY); /* its hours (D30) */
	int step = (int)db_col_int(st, P_STEP);
	int status = ds_status_parse(db_col_text(st, P_STATUS));
	int running = ds_clock_runs((enum ds_status)status);
	int64_t due = db_col_int(st, P_DUE);

	jw_obj(w);
	jw_col_text(w, "code", st, P_CODE);
	jw_col_text(w, "status", st, P_STATUS);
	jw_key(w, "procedure");
	jw_obj(w);
	jw_col_text(w, "code", st, P_PCODE);
	jw_col_text(w, "name", st, P_PNAME);
	jw_key(w, "field");
	jw_obj(w);
	jw_col_text(w, "code", st, P_FCODE);
	jw_col_text(w, "name", st, P_FNAME);
	jw_obj_end(w);
	jw_key(w, "time_limit");
	jw_obj(w);
	jw_key(w, "value");
	double lv = db_col_double(st, P_LVAL);
	if (lv == floor(lv))
		jw_int(w, (int64_t)lv);
	else
		jw_real(w, lv);
	jw_col_text(w, "unit", st, P_LUNIT);
	jw_obj_end(w);
	jw_obj_end(w);
	jw_col_text(w, "channel", st, P_CHANNEL);
	jw_col_text(w, "return_method", st, P_RMETHOD);
	jw_col_iso(w, "submitted_at", st, P_SUBMITTED);
	jw_col_iso(w, "received_at", st, P_RECEIVED);
	jw_col_iso(w, "due_at", st, P_DUE);
	jw_col_iso(w, "original_due_at", st, P_ODUE);
	jw_key(w, "overdue");
	jw_bool(w, ds_overdue((enum ds_status)status, due, db_col_int(st, P_PAUSED), now));
	jw_key(w, "paused");
	jw_bool(w, status == DS_SUPPLEMENT_REQUESTED);
	jw_col_iso(w, "result_ready_at", st, P_RESAT);
	jw_col_iso(w, "returned_at", st, P_RETAT);
	jw_col_iso(w, "finished_at", st, P_FINISHED);
	jw_key(w, "apologized");
	jw_bool(w, db_col_int(st, P_APOLCOUNT) > 0);
	if (!db_col_null(st, P_FINISHED) && !db_col_null(st, P_DUE)) {
		jw_key(w, "timing");
		jw_str(w, ds_timing_name(ds_classify(db_col_int(st, P_FINISHED), due)));
	}
	/* reasons are written to the applicant and carry no personal data of
	 * others; they are shown so a citizen knows what to do next */
	if (!db_col_null(st, P_SUPAT)) {
		jw_key(w, "supplement");
		jw_obj(w);
		jw_col_iso(w, "requested_at", st, P_SUPAT);
		jw_col_iso(w, "supplemented_at", st, P_SUPDONE);
		jw_key(w, "items");
		/* stored by this program as a JSON array of strings */
		public_items(w, db, db_col_int(st, P_PROCID), db_col_text(st, P_ANAME),
			     db_col_text(st, P_SUPITEMS), db_col_len(st, P_SUPITEMS));
		jw_obj_end(w);
	}
	db_done(st);
	/* where the dossier is: the competent agency and the receiving centre */
	if ((st = dstore_dossier_agencies(db, id))) {
		jw_agency(w, "agency", st, AG_CODE);
		jw_agency(w, "received_at_agency", st, AG_RCODE);
		db_done(st);
	}
	if (running && due > 0) { /* for "còn 2 ngày làm việc" */
		int64_t left = due >= now ? clock_elapsed_of(a, agency, now, due)
					  : -clock_elapsed_of(a, agency, due, now);
		jw_key(w, "remaining_working_seconds");
		jw_int(w, left);
		jw_key(w, "day_working_seconds");
		jw_int(w, clock_day_seconds_of(a, agency));
	}
	jw_key(w, "steps");
	public_steps(w, db, id, step, now, running);
	jw_obj_end(w);
	return w->err ? problem_kind(p, ERR_INTERNAL) : 0;
}

static int not_found(struct problem *p)
{
	return problem_set(p, ERR_NOT_FOUND, "not_found", NULL, "Không tìm thấy hồ sơ với mã này.",
			   "No dossier has this code.");
}

/* What only the staff view carries beside the common columns (issue 10):
 * the time-limit variant, the cut-off setting, the authorised person, the
 * book entry, the guidance followed, and on the refusal and stop their
 * legal basis and (refusal) who refused, at which stage. */
static void staff_extra(struct db *db, long long id, json_t *o)
{
	struct db_stmt *st = dstore_staff_extra(db, id);
	if (!st)
		return;
	json_t *limit = json_object_get(json_object_get(o, "procedure"), "time_limit");
	json_object_set_new(o, "time_limit_variant",
			    db_col_null(st, DX_VARIANT)
				    ? json_null()
				    : json_pack("{s:o,s:o,s:O,s:O}", "code",
						text_or_null(st, DX_VARIANT), "name",
						text_or_null(st, DX_VARIANT_NAME), "value",
						json_object_get(limit, "value"), "unit",
						json_object_get(limit, "unit")));
	json_object_set_new(o, "cutoff", json_boolean(db_col_int(st, DX_CUTOFF)));
	json_object_set_new(o, "authorised_person",
			    db_col_null(st, DX_AGENT_NAME)
				    ? json_null()
				    : json_pack("{s:o,s:o,s:o,s:o,s:o,s:o}", "name",
						text_or_null(st, DX_AGENT_NAME), "id_number",
						text_or_null(st, DX_AGENT_ID), "address",
						text_or_null(st, DX_AGENT_ADDRESS), "phone",
						text_or_null(st, DX_AGENT_PHONE), "email",
						text_or_null(st, DX_AGENT_EMAIL), "document",
						text_or_null(st, DX_AGENT_DOCUMENT)));
	json_object_set_new(o, "book",
			    db_col_null(st, DX_BOOK_VOLUME)
				    ? json_null()
				    : json_pack("{s:o,s:I}", "volume",
						text_or_null(st, DX_BOOK_VOLUME), "entry",
						(json_int_t)db_col_int(st, DX_BOOK_ENTRY)));
	json_object_set_new(o, "guidance_id",
			    db_col_null(st, DX_GUIDANCE)
				    ? json_null()
				    : json_integer((json_int_t)db_col_int(st, DX_GUIDANCE)));
	json_t *ref = json_object_get(o, "refusal");
	if (json_is_object(ref)) {
		const char *from = db_col_text(st, DX_REFUSED_FROM);
		json_object_set_new(ref, "legal_basis", text_or_null(st, DX_REFUSE_BASIS));
		json_object_set_new(
			ref, "stage",
			json_string(strcmp(from, "submitted") == 0 ? "reception" : "processing"));
		json_object_set_new(ref, "by",
				    db_col_null(st, DX_REFUSER)
					    ? json_null()
					    : json_pack("{s:o,s:o,s:o}", "full_name",
							text_or_null(st, DX_REFUSER), "title",
							text_or_null(st, DX_REFUSER_TITLE), "unit",
							text_or_null(st, DX_REFUSER_UNIT)));
	}
	json_t *wd = json_object_get(o, "withdrawal");
	if (json_is_object(wd))
		json_object_set_new(wd, "legal_basis", text_or_null(st, DX_WITHDRAW_BASIS));
	db_done(st);
}

int dossier_view(struct db *db, struct app *a, const struct actor *viewer, int64_t now,
		 const char *code, struct problem *p, json_t **out)
{
	*out = NULL;
	if (!dossier_in_scope(db, viewer, code))
		return not_found(p);
	struct db_stmt *st = dstore_staff_row(db, code);
	if (!st)
		return not_found(p);
	unsigned roles = viewer->roles;
	long long viewer_unit = viewer->unit_id;
	long long id = db_col_int(st, C_ID);
	long long agency = db_col_int(st, C_AGENCY); /* its hours (D30) */
	int step = (int)db_col_int(st, C_STEP);
	enum ds_status status = (enum ds_status)ds_status_parse(db_col_text(st, C_STATUS));
	json_t *o = common_json(st, now);
	json_object_set_new(o, "version", json_integer(db_col_int(st, C_VERSION)));
	json_object_set_new(o, "clock_start", iso_or_null(st, C_CLOCK));
	json_object_set_new(o, "paused_working_seconds",
			    json_integer(db_col_int(st, C_PAUSEDTOTAL)));
	json_object_set_new(o, "applicant",
			    json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "kind",
				      db_col_text(st, C_AKIND), "name", db_col_text(st, C_ANAME),
				      "id_number", db_col_text(st, C_AID), "phone",
				      db_col_text(st, C_APHONE), "email", db_col_text(st, C_AEMAIL),
				      "address", db_col_text(st, C_AADDR), "org_name",
				      db_col_text(st, C_ORG), "tax_code", db_col_text(st, C_TAX)));
	json_object_set_new(
		o, "supplement",
		db_col_null(st, C_SUPAT)
			? json_null()
			: json_pack("{s:o,s:o,s:o,s:o,s:o}", "requested_at",
				    iso_or_null(st, C_SUPAT), "reason",
				    text_or_null(st, C_SUPREASON), "items",
				    db_col_null(st, C_SUPITEMS)
					    ? json_array()
					    : json_loads(db_col_text(st, C_SUPITEMS), 0, NULL),
				    "supplemented_at", iso_or_null(st, C_SUPDONE), "note",
				    text_or_null(st, C_SUPNOTE)));
	json_object_set_new(o, "apology",
			    db_col_null(st, C_APOLAT)
				    ? json_null()
				    : json_pack("{s:o,s:o,s:o,s:o,s:b}", "at",
						iso_or_null(st, C_APOLAT), "reason",
						text_or_null(st, C_APOLREASON), "previous_due_at",
						iso_or_null(st, C_APOLPREV), "new_due_at",
						iso_or_null(st, C_DUE), "in_advance",
						(int)db_col_int(st, C_APOLEARLY)));
	json_object_set_new(o, "refusal",
			    db_col_null(st, C_REFAT)
				    ? json_null()
				    : json_pack("{s:o,s:o}", "at", iso_or_null(st, C_REFAT),
						"reason", text_or_null(st, C_REFREASON)));
	json_object_set_new(o, "withdrawal",
			    db_col_null(st, C_WDAT)
				    ? json_null()
				    : json_pack("{s:o,s:o}", "at", iso_or_null(st, C_WDAT),
						"reason", text_or_null(st, C_WDREASON)));
	json_object_set_new(o, "result",
			    db_col_null(st, C_RESAT)
				    ? json_null()
				    : json_pack("{s:o,s:o}", "summary", text_or_null(st, C_RESULT),
						"at", iso_or_null(st, C_RESAT)));
	json_object_set_new(o, "return",
			    db_col_null(st, C_RETAT)
				    ? json_null()
				    : json_pack("{s:o,s:o,s:o}", "at", iso_or_null(st, C_RETAT),
						"receiver_name", text_or_null(st, C_RETTO),
						"method", text_or_null(st, C_RETMETHOD)));
	long long assignee = db_col_int(st, C_ASSIGNEE), recby = db_col_int(st, C_RECBY);
	int64_t due = db_col_int(st, C_DUE);
	struct ds_facts f = {.status = status,
			     .supplement_count = (int)db_col_int(st, C_SUPCOUNT),
			     .apology_count = (int)db_col_int(st, C_APOLCOUNT),
			     .step = step};
	db_done(st);
	staff_extra(db, id, o);
	agencies_json(db, id, o);
	json_t *steps = steps_json(db, id, 1, step, now, ds_clock_runs(status));
	f.nsteps = (int)json_array_size(steps);
	json_object_set_new(o, "steps", steps);
	json_object_set_new(o, "current_step", json_integer(step));
	json_object_set_new(o, "assignee", staff_ref(db, assignee));
	json_object_set_new(o, "received_by", staff_ref(db, recby));
	json_object_set_new(o, "documents", documents_json(db, id));
	json_object_set_new(o, "attachments", attachments_json(db, id));
	json_t *ticket = NULL; /* the queue ticket the citizen came with (no personal data) */
	if (queue_dossier_ticket(db, code, &ticket) == 0)
		json_object_set_new(o, "ticket", ticket);
	/* what this viewer may do now (the server checks again on each action):
	 * the state, the role and the unit where the action belongs */
	int64_t step_due = 0;
	if (step)
		dstore_step_facts(db, id, step, &f.step_unit, &f.may_complete, &step_due);
	if (f.nsteps) /* the counter: the unit of the first step */
		dstore_step_facts(db, id, 1, &f.counter_unit, NULL, NULL);
	else /* not yet planned: the counter is the catalogue's first step */
		f.counter_unit = dstore_counter_plan(db, id);
	struct problem np;
	int owner = ds_may_act(DA_FORWARD, &f, ROLE_DOSSIER, viewer_unit, &np) == 0;
	json_object_set_new(o, "my_step", json_boolean(owner));
	json_t *allowed = json_array();
	for (int k = 0; k < DA__COUNT; k++) {
		enum ds_action act = (enum ds_action)k;
		if (ds_may_act(act, &f, roles, viewer_unit, &np) == 0 &&
		    ds_check(act, &f, &np) == 0)
			json_array_append_new(allowed, json_string(ds_action_name(act)));
	}
	json_object_set_new(o, "allowed_actions", allowed);
	/* deadline words ("còn 3 giờ làm việc") need the server's clock */
	char nb[40];
	vn_format_iso(now, nb, sizeof nb);
	json_object_set_new(o, "now", json_string(nb));
	json_object_set_new(o, "day_working_seconds",
			    json_integer(clock_day_seconds_of(a, agency)));
	if (ds_clock_runs(status) && due > 0) {
		json_object_set_new(o, "remaining_working_seconds",
				    json_integer(due >= now
							 ? clock_elapsed_of(a, agency, now, due)
							 : -clock_elapsed_of(a, agency, due, now)));
		if (step_due > 0)
			json_object_set_new(
				o, "step_remaining_working_seconds",
				json_integer(
					step_due >= now
						? clock_elapsed_of(a, agency, now, step_due)
						: -clock_elapsed_of(a, agency, step_due, now)));
	}
	*out = o;
	return 0;
}

long long dossier_viewer_agency(struct db *db, const struct actor *viewer)
{
	long long ag = viewer->unit_id ? dstore_unit_agency(db, viewer->unit_id) : 0;
	return ag ? ag : dstore_home_agency(db);
}

int dossier_in_scope(struct db *db, const struct actor *viewer, const char *code)
{
	if (viewer->roles & ROLE_PROVINCE)
		return dstore_exists(db, code);
	return dstore_in_scope(db, code, dossier_viewer_agency(db, viewer));
}

int dossier_history(struct db *db, const struct actor *viewer, const char *code, struct problem *p,
		    json_t **out)
{
	*out = NULL;
	if (!dossier_in_scope(db, viewer, code))
		return not_found(p);
	struct row {
		long long actor, to;
	} rows[DOSSIER_HISTORY_MAX];
	size_t n = 0;
	json_t *items = json_array();
	struct db_stmt *st = dstore_history(db, code);
	while (db_step(st) == DB_ROW && n < DOSSIER_HISTORY_MAX) {
		json_t *o = json_pack(
			"{s:o,s:s,s:o,s:s,s:o,s:o}", "at", iso_or_null(st, H_AT), "action",
			db_col_text(st, H_ACTION), "from_status", text_or_null(st, H_FROM_STATUS),
			"to_status", db_col_text(st, H_TO_STATUS), "outcome",
			text_or_null(st, H_OUTCOME), "note", text_or_null(st, H_NOTE));
		json_object_set_new(o, "from_step",
				    db_col_null(st, H_FROM_STEP)
					    ? json_null()
					    : json_pack("{s:I,s:o,s:o}", "position",
							(json_int_t)db_col_int(st, H_FROM_STEP),
							"name", text_or_null(st, H_FROM_STEP_NAME),
							"unit", text_or_null(st, H_FROM_UNIT)));
		json_object_set_new(o, "to_step",
				    db_col_null(st, H_TO_STEP)
					    ? json_null()
					    : json_pack("{s:I,s:o,s:o}", "position",
							(json_int_t)db_col_int(st, H_TO_STEP),
							"name", text_or_null(st, H_TO_STEP_NAME),
							"unit", text_or_null(st, H_TO_UNIT)));
		rows[n].actor = db_col_int(st, H_ACTOR);
		rows[n].to = db_col_int(st, H_TO_STAFF);
		n++;
		json_array_append_new(items, o);
	}
	db_done(st);
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(items, i);
		json_object_set_new(o, "actor", staff_ref(db, rows[i].actor));
		json_object_set_new(o, "to", staff_ref(db, rows[i].to));
	}
	*out = json_pack("{s:s,s:o}", "code", code, "items", items);
	return 0;
}

json_t *dossier_notice_json(struct db *db, long long dossier_id)
{
	struct db_stmt *st = dstore_notice_row(db, dossier_id);
	if (!st)
		return NULL;
	json_t *o = json_pack(
		"{s:s,s:{s:s,s:s},s:{s:s,s:s},s:o,s:o,s:s,s:{s:s,s:s,s:s}}", "code",
		db_col_text(st, N_CODE), "procedure", "code", db_col_text(st, N_PCODE), "name",
		db_col_text(st, N_PNAME), "applicant", "name", db_col_text(st, N_ANAME), "email",
		db_col_text(st, N_AEMAIL), "received_at", iso_or_null(st, N_RECEIVED), "due_at",
		iso_or_null(st, N_DUE), "return_method", db_col_text(st, N_RMETHOD), "centre",
		"name", db_col_text(st, N_CENTRE), "address", db_col_text(st, N_CADDR), "phone",
		db_col_text(st, N_CPHONE));
	const char *reason = !db_col_null(st, N_REFREASON)    ? db_col_text(st, N_REFREASON)
			     : !db_col_null(st, N_WDREASON)   ? db_col_text(st, N_WDREASON)
			     : !db_col_null(st, N_APOLREASON) ? db_col_text(st, N_APOLREASON)
			     : !db_col_null(st, N_SUPREASON)  ? db_col_text(st, N_SUPREASON)
							      : NULL;
	if (reason)
		json_object_set_new(o, "reason", json_string(reason));
	const char *basis = !db_col_null(st, N_REFBASIS)  ? db_col_text(st, N_REFBASIS)
			    : !db_col_null(st, N_WDBASIS) ? db_col_text(st, N_WDBASIS)
							  : NULL;
	if (basis)
		json_object_set_new(o, "legal_basis", json_string(basis));
	if (!db_col_null(st, N_APOLREASON))
		json_object_set_new(o, "new_due_at", iso_or_null(st, N_DUE));
	if (!db_col_null(st, N_SUPITEMS))
		json_object_set_new(o, "items", json_loads(db_col_text(st, N_SUPITEMS), 0, NULL));
	if (!db_col_null(st, N_RESULT))
		json_object_set_new(o, "result", json_string(db_col_text(st, N_RESULT)));
	/* the notice addresses an organisation by its name, then "Quý tổ chức" */
	json_t *ap = json_object_get(o, "applicant");
	json_object_set_new(ap, "kind", json_string(db_col_text(st, N_AKIND)));
	json_object_set_new(ap, "org_name", json_string(db_col_text(st, N_ORGNAME)));
	db_done(st);
	return o;
}

int dossier_inbox(struct db *db, struct app *a, const struct actor *viewer, int64_t now,
		  const struct inbox_query *q, struct arena *ar, struct problem *p, json_t **out)
{
	*out = NULL;
	struct inbox_filter f = {.status = q->status ? q->status : "open",
				 .field = q->field,
				 .q = q->q,
				 .overdue = q->overdue,
				 .now = now,
				 .limit = q->limit,
				 .offset = q->offset};
	if (strcmp(f.status, "open") != 0 && strcmp(f.status, "all") != 0 &&
	    ds_status_parse(f.status) < 0)
		return problem_set(p, ERR_BAD_REQUEST, "bad_parameter", "status",
				   "Trạng thái không hợp lệ.", "Unknown status.");
	if (q->assignee && strcmp(q->assignee, "me") == 0)
		f.assignee = viewer->staff_id;
	else if (q->assignee)
		f.assignee = dstore_staff_id(db, q->assignee);
	/* unit=mine or a unit code: dossiers whose current step is that unit's */
	if (q->unit && strcmp(q->unit, "mine") == 0)
		f.unit_id = viewer->unit_id ? viewer->unit_id : -1;
	else if (q->unit)
		f.unit_id = dstore_agency_unit(db, dossier_viewer_agency(db, viewer), q->unit);
	/* the province model: one's own agency's dossiers; a province officer's:
	 * all */
	f.agency_id = (viewer->roles & ROLE_PROVINCE) ? 0 : dossier_viewer_agency(db, viewer);
	if (q->q) {
		size_t cap = FOLD_LINE_CAP(100), n;
		char *fold = arena_alloc(ar, cap);
		if (fold_key(q->q, strlen(q->q), fold, cap, &n) != 0)
			fold[0] = '\0';
		/* LIKE wildcards in the text are taken literally enough: strip them */
		for (char *c = fold; *c; c++)
			if (*c == '%' || *c == '_')
				*c = ' ';
		f.fold = fold;
	}
	struct db_stmt *st = dstore_inbox(db, &f);
	json_t *items = json_array();
	struct pending {
		long long assignee, agency;
		int64_t due;
		int running;
	} rows[DOSSIER_INBOX_MAX];
	size_t n = 0;
	char b[40];
	while (db_step(st) == DB_ROW && n < DOSSIER_INBOX_MAX) {
		enum ds_status s = (enum ds_status)ds_status_parse(db_col_text(st, I_STATUS));
		int64_t due = db_col_int(st, I_DUE);
		int ov = ds_overdue(s, due, db_col_int(st, I_PAUSED), now);
		json_t *o = json_pack("{s:s,s:{s:s,s:s,s:{s:s,s:s}},s:s,s:s,s:s,s:b,s:I}", "code",
				      db_col_text(st, I_CODE), "procedure", "code",
				      db_col_text(st, I_PCODE), "name", db_col_text(st, I_PNAME),
				      "field", "code", db_col_text(st, I_FCODE), "name",
				      db_col_text(st, I_FNAME), "status", db_col_text(st, I_STATUS),
				      "applicant_name", db_col_text(st, I_ANAME), "channel",
				      db_col_text(st, I_CHANNEL), "overdue", ov, "version",
				      (json_int_t)db_col_int(st, I_VERSION));
		if (!db_col_null(st, I_RECEIVED)) {
			vn_format_iso(db_col_int(st, I_RECEIVED), b, sizeof b);
			json_object_set_new(o, "received_at", json_string(b));
		}
		if (!db_col_null(st, I_SUBMITTED)) {
			vn_format_iso(db_col_int(st, I_SUBMITTED), b, sizeof b);
			json_object_set_new(o, "submitted_at", json_string(b));
		}
		if (!db_col_null(st, I_DUE)) {
			vn_format_iso(due, b, sizeof b);
			json_object_set_new(o, "due_at", json_string(b));
		}
		if (!db_col_null(st, I_STEP) && !db_col_null(st, I_STEP_NAME)) {
			vn_format_iso(db_col_int(st, I_STEP_DUE), b, sizeof b);
			json_object_set_new(o, "current_step",
					    json_pack("{s:I,s:s,s:{s:s,s:s},s:s}", "position",
						      (json_int_t)db_col_int(st, I_STEP), "name",
						      db_col_text(st, I_STEP_NAME), "unit", "code",
						      db_col_text(st, I_UCODE), "name",
						      db_col_text(st, I_UNAME), "due_at", b));
		}
		rows[n].assignee = db_col_int(st, I_ASSIGNEE);
		rows[n].agency = db_col_int(st, I_AGENCY);
		rows[n].due = due;
		rows[n].running = ds_clock_runs(s) && due > 0;
		n++;
		json_array_append_new(items, o);
	}
	db_done(st);
	/* remaining working time (negative: overdue by), for deadline colours */
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(items, i);
		if (rows[i].running) {
			long long ag = rows[i].agency; /* its hours (D30) */
			int64_t left = rows[i].due >= now
					       ? clock_elapsed_of(a, ag, now, rows[i].due)
					       : -clock_elapsed_of(a, ag, rows[i].due, now);
			json_object_set_new(o, "remaining_working_seconds", json_integer(left));
			json_object_set_new(o, "day_working_seconds",
					    json_integer(clock_day_seconds_of(a, ag)));
		}
		if (rows[i].assignee) {
			struct db_stmt *ss = dstore_staff(db, rows[i].assignee);
			if (ss) {
				json_object_set_new(o, "assignee",
						    json_pack("{s:s,s:s}", "username",
							      db_col_text(ss, 0), "full_name",
							      db_col_text(ss, 1)));
				db_done(ss);
			}
		}
	}
	long long total = dstore_inbox_count(db, &f);
	json_t *o = json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)total);
	json_object_set_new(o, "day_working_seconds", json_integer(clock_day_seconds(a)));
	char nb[40];
	vn_format_iso(now, nb, sizeof nb);
	json_object_set_new(o, "now", json_string(nb));
	*out = o;
	return 0;
}

int dossier_attachment(struct db *db, const struct actor *viewer, const char *code,
		       const char *sha256, struct attachment_blob *out, struct problem *p)
{
	memset(out, 0, sizeof *out);
	if (!dossier_in_scope(db, viewer, code))
		return problem_kind(p, ERR_NOT_FOUND);
	struct db_stmt *st = dstore_attachment(db, code, sha256);
	if (!st)
		return problem_kind(p, ERR_NOT_FOUND);
	size_t n = db_col_len(st, AT_DATA);
	out->data = xmalloc(n ? n : 1);
	memcpy(out->data, db_col_blob(st, AT_DATA), n);
	out->len = n;
	snprintf(out->mime, sizeof out->mime, "%s", db_col_text(st, AT_MIME));
	db_done(st);
	return 0;
}
