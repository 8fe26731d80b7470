/*
 * dossier_read.c — the views of a dossier: for staff (everything, personal
 * data included, for the dossier roles), for the public (status and
 * deadlines only: no name, ID number, phone, e-mail, address, nor any
 * official's name — codes are sequential and guessable), the history (the
 * control sheet's hand-overs), and the notice data for e-mails.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app/platform/clock.h"
#include "app/dossier/dossier.h"
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
	static const char sql[] = "SELECT username, full_name FROM staff WHERE id = $1";
	if (!id)
		return json_null();
	struct db_stmt *st = db_prep(db, sql);
	db_bind_int(st, 1, id);
	json_t *o = db_step(st) == DB_ROW ? json_pack("{s:s,s:s}", "username", db_col_text(st, 0),
						      "full_name", db_col_text(st, 1))
					  : json_null();
	db_done(st);
	return o;
}

/* Columns shared by the staff and public views. */
#define DOSSIER_COLS                                                                               \
	"d.id, d.code, d.status, p.code, p.name, f.code, f.name, d.limit_value, d.limit_unit,"     \
	" d.channel, d.return_method, d.submitted_at, d.received_at, d.clock_start, d.due_at,"     \
	" d.original_due_at, d.paused_at, d.supplement_count, d.supplement_reason,"                \
	" d.supplement_items, d.supplement_at, d.supplemented_at, d.apology_at, d.apology_reason," \
	" d.apology_early, d.refused_at, d.refuse_reason, d.withdrawn_at, d.withdraw_reason,"      \
	" d.result_summary, d.result_at, d.finished_at, d.returned_at, d.returned_to,"             \
	" d.returned_method, d.current_step, coalesce(d.assignee_id, 0),"                          \
	" coalesce(d.received_by, 0), d.version, d.applicant_kind, d.applicant_name,"              \
	" d.applicant_id, d.applicant_phone, d.applicant_email, d.applicant_address, d.org_name,"  \
	" d.tax_code, d.supplement_note, d.apology_count, d.paused_total, d.apology_prev_due,"     \
	" d.procedure_id"
enum {
	C_ID,
	C_CODE,
	C_STATUS,
	C_PCODE,
	C_PNAME,
	C_FCODE,
	C_FNAME,
	C_LVAL,
	C_LUNIT,
	C_CHANNEL,
	C_RMETHOD,
	C_SUBMITTED,
	C_RECEIVED,
	C_CLOCK,
	C_DUE,
	C_ODUE,
	C_PAUSED,
	C_SUPCOUNT,
	C_SUPREASON,
	C_SUPITEMS,
	C_SUPAT,
	C_SUPDONE,
	C_APOLAT,
	C_APOLREASON,
	C_APOLEARLY,
	C_REFAT,
	C_REFREASON,
	C_WDAT,
	C_WDREASON,
	C_RESULT,
	C_RESAT,
	C_FINISHED,
	C_RETAT,
	C_RETTO,
	C_RETMETHOD,
	C_STEP,
	C_ASSIGNEE,
	C_RECBY,
	C_VERSION,
	C_AKIND,
	C_ANAME,
	C_AID,
	C_APHONE,
	C_AEMAIL,
	C_AADDR,
	C_ORG,
	C_TAX,
	C_SUPNOTE,
	C_APOLCOUNT,
	C_PAUSEDTOTAL,
	C_APOLPREV,
	C_PROCID
};

static const char sql_one[] = "SELECT " DOSSIER_COLS " FROM dossier d"
			      " JOIN procedure p ON p.id = d.procedure_id"
			      " JOIN field f ON f.id = p.field_id WHERE d.code = $1";

/* Steps as the control sheet shows them; with_people adds handlers. */
static json_t *steps_json(struct db *db, long long id, int with_people, int current, int64_t now,
			  int running)
{
	static const char sql[] =
		"SELECT s.position, s.name, u.code, u.name, s.due_at, s.started_at, s.finished_at,"
		" coalesce(s.handler_id, 0), s.outcome FROM dossier_step s JOIN unit u ON u.id = "
		"s.unit_id"
		" WHERE s.dossier_id = $1 ORDER BY s.position";
	json_t *arr = json_array();
	struct db_stmt *st = db_prep(db, sql);
	db_bind_int(st, 1, id);
	long long handlers[DOSSIER_MAX_STEPS] = {0};
	while (db_step(st) == DB_ROW) {
		int pos = (int)db_col_int(st, 0);
		json_t *o =
			json_pack("{s:i,s:s,s:{s:s,s:s},s:o,s:o,s:o,s:o}", "position", pos, "name",
				  db_col_text(st, 1), "unit", "code", db_col_text(st, 2), "name",
				  db_col_text(st, 3), "due_at", iso_or_null(st, 4), "started_at",
				  iso_or_null(st, 5), "finished_at", iso_or_null(st, 6), "outcome",
				  text_or_null(st, 8));
		int is_current = pos == current && db_col_null(st, 6);
		json_object_set_new(o, "current", json_boolean(is_current));
		if (is_current && running)
			json_object_set_new(o, "overdue", json_boolean(now > db_col_int(st, 4)));
		if (pos >= 1 && pos <= DOSSIER_MAX_STEPS)
			handlers[pos - 1] = db_col_int(st, 7);
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
	static const char sql[] =
		"SELECT d.id, d.name, x.form, x.count, d.mandatory FROM dossier_document x"
		" JOIN procedure_document d ON d.id = x.document_id WHERE x.dossier_id = $1"
		" ORDER BY d.position";
	json_t *arr = json_array();
	struct db_stmt *st = db_prep(db, sql);
	db_bind_int(st, 1, id);
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
	static const char sql[] =
		"SELECT x.name, a.mime, a.size, x.sha256, x.document_id FROM dossier_attachment x"
		" JOIN attachment a ON a.sha256 = x.sha256 WHERE x.dossier_id = $1"
		" ORDER BY x.name";
	json_t *arr = json_array();
	struct db_stmt *st = db_prep(db, sql);
	db_bind_int(st, 1, id);
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

/* What the public view reads: fewer columns than sql_one (no personal
 * data even reaches this code). */
#define PUBLIC_FROM                                                                                \
	"SELECT d.id, d.code, d.status, p.code, p.name, f.code, f.name, d.limit_value,"            \
	" d.limit_unit, d.channel, d.return_method, d.submitted_at, d.received_at, d.due_at,"      \
	" d.original_due_at, d.paused_at, d.supplement_items, d.supplement_at,"                    \
	" d.supplemented_at, d.result_at, d.finished_at, d.returned_at, d.current_step,"           \
	" d.apology_count, d.procedure_id, d.applicant_name"                                       \
	" FROM dossier d JOIN procedure p ON p.id = d.procedure_id"                                \
	" JOIN field f ON f.id = p.field_id"
static const char sql_public[] = PUBLIC_FROM " WHERE d.code = $1";
/* The same by row id, computed from the code (ds_row_id): no code index.
 * Rows stored before ids were computed are found by sql_public. */
static const char sql_public_id[] = PUBLIC_FROM " WHERE d.id = $2 AND d.code = $1";

/* The agency whose e-ID (or code) starts a dossier code, remembered per
 * thread. Never wrong in effect: the row found must also carry the code, and
 * a miss falls back to the code index. */
static long long agency_of_eid(struct db *db, const char *eid, size_t len)
{
	static _Thread_local struct {
		char eid[64];
		long long id;
	} seen[4];
	static _Thread_local unsigned next;
	if (len >= sizeof seen[0].eid)
		return 0;
	for (int i = 0; i < 4; i++)
		if (seen[i].id && strncmp(seen[i].eid, eid, len) == 0 && seen[i].eid[len] == '\0')
			return seen[i].id;
	static const char sql[] = "SELECT id FROM agency"
				  " WHERE CASE WHEN eid <> '' THEN eid ELSE code END = $1";
	struct db_stmt *st = db_prep(db, sql);
	if (!st)
		return 0;
	db_bind_textn(st, 1, eid, len);
	long long id = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	if (id) {
		unsigned k = next++ % 4;
		memcpy(seen[k].eid, eid, len);
		seen[k].eid[len] = '\0';
		seen[k].id = id;
	}
	return id;
}
enum {
	P_ID,
	P_CODE,
	P_STATUS,
	P_PCODE,
	P_PNAME,
	P_FCODE,
	P_FNAME,
	P_LVAL,
	P_LUNIT,
	P_CHANNEL,
	P_RMETHOD,
	P_SUBMITTED,
	P_RECEIVED,
	P_DUE,
	P_ODUE,
	P_PAUSED,
	P_SUPITEMS,
	P_SUPAT,
	P_SUPDONE,
	P_RESAT,
	P_FINISHED,
	P_RETAT,
	P_STEP,
	P_APOLCOUNT,
	P_PROCID,
	P_ANAME
};

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
	static const char sql_doc[] = "SELECT 1 FROM procedure_document"
				      " WHERE procedure_id = $1 AND name = $2";
	json_t *arr = n ? json_loadb(items, n, 0, NULL) : NULL;
	size_t i;
	json_t *v;
	jw_arr(w);
	json_array_foreach (arr, i, v) {
		const char *t = json_string_value(v);
		if (!t)
			continue;
		struct db_stmt *st = db_prep(db, sql_doc);
		db_bind_int(st, 1, procedure_id);
		db_bind_text(st, 2, t);
		int is_doc = st && db_step(st) == DB_ROW;
		db_done(st);
		if (is_doc) {
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

static void public_steps(struct jw *w, struct db *db, long long id, int current, int64_t now,
			 int running)
{
	static const char sql[] =
		"SELECT s.position, s.name, u.code, u.name, s.due_at, s.started_at, s.finished_at,"
		" s.outcome FROM dossier_step s JOIN unit u ON u.id = s.unit_id"
		" WHERE s.dossier_id = $1 ORDER BY s.position";
	struct db_stmt *st = db_prep(db, sql);
	jw_arr(w);
	if (!st) {
		w->err = 1;
		return;
	}
	db_bind_int(st, 1, id);
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

/* The public row of code, by its computed row id when the code has the
 * usual shape, else (or when not there) by the code index. */
static struct db_stmt *public_row(struct db *db, const char *code, int *failed)
{
	*failed = 0;
	size_t eid_len;
	int day;
	int64_t seq;
	if (ds_code_split(code, &eid_len, &day, &seq) == 0) {
		int64_t rid = ds_row_id(agency_of_eid(db, code, eid_len), day, seq);
		struct db_stmt *st = rid ? db_prep(db, sql_public_id) : NULL;
		if (rid && !st) {
			*failed = 1;
			return NULL;
		}
		if (st) {
			db_bind_text(st, 1, code);
			db_bind_int(st, 2, rid);
			if (db_step(st) == DB_ROW)
				return st;
			db_done(st);
		}
	}
	struct db_stmt *st = db_prep(db, sql_public);
	if (!st) {
		*failed = 1;
		return NULL;
	}
	db_bind_text(st, 1, code);
	if (db_step(st) == DB_ROW)
		return st;
	db_done(st);
	return NULL;
}

int dossier_public_write(struct app *a, struct db *db, const char *code, struct jw *w)
{
	int failed;
	struct db_stmt *st = public_row(db, code, &failed);
	if (!st)
		return failed ? -1 : 0;
	int64_t now = app_now(a);
	long long id = db_col_int(st, P_ID);
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
	if (running && due > 0) { /* for "còn 2 ngày làm việc" */
		int64_t left =
			due >= now ? clock_elapsed(a, now, due) : -clock_elapsed(a, due, now);
		jw_key(w, "remaining_working_seconds");
		jw_int(w, left);
		jw_key(w, "day_working_seconds");
		jw_int(w, clock_day_seconds(a));
	}
	jw_key(w, "steps");
	public_steps(w, db, id, step, now, running);
	jw_obj_end(w);
	return w->err ? -1 : 1;
}

json_t *dossier_staff_json(struct app *a, struct db *db, const char *code, unsigned roles,
			   long long viewer_id, long long viewer_unit)
{
	struct db_stmt *st = db_prep(db, sql_one);
	if (!st)
		return NULL;
	db_bind_text(st, 1, code);
	if (db_step(st) != DB_ROW) {
		db_done(st);
		return NULL;
	}
	int64_t now = app_now(a);
	long long id = db_col_int(st, C_ID);
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
	long long procedure_id = db_col_int(st, C_PROCID);
	struct ds_facts f = {.status = status,
			     .supplement_count = (int)db_col_int(st, C_SUPCOUNT),
			     .apology_count = (int)db_col_int(st, C_APOLCOUNT),
			     .step = step};
	db_done(st);
	json_t *steps = steps_json(db, id, 1, step, now, ds_clock_runs(status));
	f.nsteps = (int)json_array_size(steps);
	json_object_set_new(o, "steps", steps);
	json_object_set_new(o, "current_step", json_integer(step));
	json_object_set_new(o, "assignee", staff_ref(db, assignee));
	json_object_set_new(o, "received_by", staff_ref(db, recby));
	json_object_set_new(o, "documents", documents_json(db, id));
	json_object_set_new(o, "attachments", attachments_json(db, id));
	/* what this viewer may do now (the server checks again on each action):
	 * the state, the role and the unit where the action belongs */
	static const char sql_cur[] = "SELECT unit_id, may_complete, due_at FROM dossier_step"
				      " WHERE dossier_id = $1 AND position = $2";
	static const char sql_counter_plan[] = "SELECT unit_id FROM procedure_step"
					       " WHERE procedure_id = $1 ORDER BY position LIMIT 1";
	int64_t step_due = 0;
	if (step) {
		st = db_prep(db, sql_cur);
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, step);
		if (db_step(st) == DB_ROW) {
			f.step_unit = db_col_int(st, 0);
			f.may_complete = (int)db_col_int(st, 1);
			step_due = db_col_int(st, 2);
		}
		db_done(st);
	}
	if (f.nsteps) { /* the counter: the unit of the first step */
		st = db_prep(db, sql_cur);
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, 1);
		f.counter_unit = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
		db_done(st);
	} else { /* not yet planned: the counter is the catalogue's first step */
		st = db_prep(db, sql_counter_plan);
		db_bind_int(st, 1, procedure_id);
		f.counter_unit = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
		db_done(st);
	}
	struct problem p;
	int owner = ds_may_act(DA_FORWARD, &f, ROLE_DOSSIER, viewer_unit, &p) == 0;
	json_object_set_new(o, "my_step", json_boolean(owner));
	json_t *allowed = json_array();
	for (int k = 0; k < DA__COUNT; k++) {
		enum ds_action act = (enum ds_action)k;
		if (ds_may_act(act, &f, roles, viewer_unit, &p) == 0 && ds_check(act, &f, &p) == 0)
			json_array_append_new(allowed, json_string(ds_action_name(act)));
	}
	json_object_set_new(o, "allowed_actions", allowed);
	/* deadline words ("còn 3 giờ làm việc") need the server's clock */
	char nb[40];
	vn_format_iso(now, nb, sizeof nb);
	json_object_set_new(o, "now", json_string(nb));
	json_object_set_new(o, "day_working_seconds", json_integer(clock_day_seconds(a)));
	if (ds_clock_runs(status) && due > 0) {
		json_object_set_new(o, "remaining_working_seconds",
				    json_integer(due >= now ? clock_elapsed(a, now, due)
							    : -clock_elapsed(a, due, now)));
		if (step_due > 0)
			json_object_set_new(
				o, "step_remaining_working_seconds",
				json_integer(step_due >= now ? clock_elapsed(a, now, step_due)
							     : -clock_elapsed(a, step_due, now)));
	}
	return o;
}

json_t *dossier_history_json(struct db *db, const char *code)
{
	static const char sql[] =
		"SELECT e.at, e.action, e.from_status, e.to_status, e.from_step, e.to_step,"
		" coalesce(e.actor_id, 0), coalesce(e.to_staff_id, 0), e.outcome, e.note,"
		" fs.name, fu.name, ts.name, tu.name"
		" FROM dossier_event e JOIN dossier d ON d.id = e.dossier_id"
		" LEFT JOIN dossier_step fs ON fs.dossier_id = d.id AND fs.position = e.from_step"
		" LEFT JOIN unit fu ON fu.id = fs.unit_id"
		" LEFT JOIN dossier_step ts ON ts.dossier_id = d.id AND ts.position = e.to_step"
		" LEFT JOIN unit tu ON tu.id = ts.unit_id"
		" WHERE d.code = $1 ORDER BY e.id";
	static const char sql_exists[] = "SELECT 1 FROM dossier WHERE code = $1";
	struct db_stmt *st = db_prep(db, sql_exists);
	db_bind_text(st, 1, code);
	int exists = db_step(st) == DB_ROW;
	db_done(st);
	if (!exists)
		return NULL;
	struct row {
		long long actor, to;
	} rows[512];
	size_t n = 0;
	json_t *items = json_array();
	st = db_prep(db, sql);
	db_bind_text(st, 1, code);
	while (db_step(st) == DB_ROW && n < 512) {
		json_t *o = json_pack("{s:o,s:s,s:o,s:s,s:o,s:o}", "at", iso_or_null(st, 0),
				      "action", db_col_text(st, 1), "from_status",
				      text_or_null(st, 2), "to_status", db_col_text(st, 3),
				      "outcome", text_or_null(st, 8), "note", text_or_null(st, 9));
		json_object_set_new(o, "from_step",
				    db_col_null(st, 4) ? json_null()
						       : json_pack("{s:I,s:o,s:o}", "position",
								   (json_int_t)db_col_int(st, 4),
								   "name", text_or_null(st, 10),
								   "unit", text_or_null(st, 11)));
		json_object_set_new(o, "to_step",
				    db_col_null(st, 5) ? json_null()
						       : json_pack("{s:I,s:o,s:o}", "position",
								   (json_int_t)db_col_int(st, 5),
								   "name", text_or_null(st, 12),
								   "unit", text_or_null(st, 13)));
		rows[n].actor = db_col_int(st, 6);
		rows[n].to = db_col_int(st, 7);
		n++;
		json_array_append_new(items, o);
	}
	db_done(st);
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(items, i);
		json_object_set_new(o, "actor", staff_ref(db, rows[i].actor));
		json_object_set_new(o, "to", staff_ref(db, rows[i].to));
	}
	return json_pack("{s:s,s:o}", "code", code, "items", items);
}

json_t *dossier_notice_json(struct db *db, long long dossier_id)
{
	static const char sql[] =
		"SELECT d.code, p.code, p.name, d.applicant_name, d.applicant_email, d.received_at,"
		" d.due_at, d.return_method, d.supplement_reason, d.supplement_items, "
		"d.refuse_reason,"
		" d.apology_reason, a.centre_name, a.address, a.phone, d.result_summary"
		" FROM dossier d JOIN procedure p ON p.id = d.procedure_id"
		" JOIN agency a ON a.id = d.agency_id WHERE d.id = $1";
	struct db_stmt *st = db_prep(db, sql);
	if (!st)
		return NULL;
	db_bind_int(st, 1, dossier_id);
	if (db_step(st) != DB_ROW) {
		db_done(st);
		return NULL;
	}
	json_t *o = json_pack("{s:s,s:{s:s,s:s},s:{s:s,s:s},s:o,s:o,s:s,s:{s:s,s:s,s:s}}", "code",
			      db_col_text(st, 0), "procedure", "code", db_col_text(st, 1), "name",
			      db_col_text(st, 2), "applicant", "name", db_col_text(st, 3), "email",
			      db_col_text(st, 4), "received_at", iso_or_null(st, 5), "due_at",
			      iso_or_null(st, 6), "return_method", db_col_text(st, 7), "centre",
			      "name", db_col_text(st, 12), "address", db_col_text(st, 13), "phone",
			      db_col_text(st, 14));
	const char *reason = !db_col_null(st, 10)   ? db_col_text(st, 10)
			     : !db_col_null(st, 11) ? db_col_text(st, 11)
			     : !db_col_null(st, 8)  ? db_col_text(st, 8)
						    : NULL;
	if (reason)
		json_object_set_new(o, "reason", json_string(reason));
	if (!db_col_null(st, 11))
		json_object_set_new(o, "new_due_at", iso_or_null(st, 6));
	if (!db_col_null(st, 9))
		json_object_set_new(o, "items", json_loads(db_col_text(st, 9), 0, NULL));
	if (!db_col_null(st, 15))
		json_object_set_new(o, "result", json_string(db_col_text(st, 15)));
	db_done(st);
	return o;
}
