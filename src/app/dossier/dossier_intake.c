/*
 * dossier_intake.c — taking in a dossier: at the counter (received at once,
 * the clock runs) or online (submitted, the clock waits for a reception
 * officer to accept it). Services only: the request is parsed by the
 * handler (dossier_parse.c), the SQL is in dossier_store.c.
 *
 * Before the write (on the HTTP thread, its read connection): the procedure
 * and its steps are resolved, the listed documents checked against it and,
 * at the counter, the deadlines planned — so the writer job is as short as
 * it can be. In the write transaction (dossier_intake) the code is issued —
 * <agency e-ID>-YYMMDD-<daily sequence ≥4 digits>, unique because sequences
 * are taken inside the serialised write transaction — and the dossier, its
 * documents and steps, the history event, the audit record and the
 * notification are written together.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/dossier/dossier.h"
#include "app/dossier/dossier_store.h"
#include "app/dossier/notify.h"
#include "app/guidance/guidance.h"
#include "app/queue/queue.h"
#include "core/vntime.h"

void intake_free(struct intake *in)
{
	for (int i = 0; i < in->nfiles; i++)
		free(in->files[i].data);
	in->nfiles = 0;
}

/* The steps' shares are in the unit of the procedure's limit and add up to
 * it (same_day: to 1); under a variant they are scaled to add up to the
 * variant's limit, each step keeping its proportion. */
static void scale_shares(double *shares, int n, double base, const char *base_unit, double value,
			 const char *unit)
{
	double from = strcmp(base_unit, "same_day") == 0 ? 1.0 : base;
	double to = strcmp(unit, "same_day") == 0 ? 1.0 : value;
	if (!(from > 0))
		return;
	for (int k = 0; k < n; k++)
		shares[k] = shares[k] * to / from;
}

double dossier_transport_share(const char *limit_unit)
{
	/* half a working day (4 working hours); of a same-day limit, half of it */
	return strcmp(limit_unit, "working_hours") == 0 ? 4.0 : 0.5;
}

/* The receiving centre of a counter intake: "receiving_agency" if given,
 * else the agency of the officer's unit (0: none known). Online
 * submissions have none here: the competent agency's counter receives them. */
static int receiving_of(struct db *db, const struct intake *in, long long *recv, struct problem *p)
{
	*recv = 0;
	if (in->online)
		return 0;
	if (in->receiving_agency) {
		*recv = dstore_agency_by_code(db, in->receiving_agency);
		if (!*recv)
			return problem_field(p, "receiving_agency",
					     "Không có cơ quan tiếp nhận với mã này.",
					     "There is no receiving agency with this code.");
		/* an officer receives for the centre he serves (D29): his unit's
		 * agency, or, at a provincial agency, the agencies under it —
		 * never in another commune's name (its code, its receipt) */
		long long own = in->officer_unit ? dstore_unit_agency(db, in->officer_unit)
						 : dstore_home_agency(db);
		if (!dstore_agency_serves(db, own, *recv))
			return problem_set(p, ERR_FORBIDDEN, "not_your_centre", "receiving_agency",
					   "Cán bộ chỉ tiếp nhận hồ sơ cho trung tâm mình phục vụ.",
					   "An officer receives only for the centre he serves.");
	} else if (in->officer_unit) {
		*recv = dstore_unit_agency(db, in->officer_unit);
	}
	return 0;
}

/* The competent agency (D29): "agency" when given (it must implement the
 * procedure); else the receiving agency when it implements the procedure;
 * else the procedure's own agency (in->agency_id on entry, never 0). */
static int competent_of(struct db *db, struct intake *in, long long recv, struct problem *p)
{
	if (in->agency) {
		long long ag = dstore_agency_by_code(db, in->agency);
		if (!ag)
			return problem_field(p, "agency", "Không có cơ quan với mã này.",
					     "There is no agency with this code.");
		if (ag != in->agency_id && !dstore_procedure_implements(db, in->procedure_id, ag))
			return problem_field(
				p, "agency",
				"Cơ quan này không có thẩm quyền giải quyết thủ tục hành chính "
				"này.",
				"This agency is not competent for this administrative procedure.");
		in->agency_id = ag;
	} else if (recv && recv != in->agency_id &&
		   dstore_procedure_implements(db, in->procedure_id, recv)) {
		in->agency_id = recv;
	}
	return 0;
}

/* Record the receiving agency when it is not the competent one (then it
 * needs a counter unit). */
static int received_elsewhere(struct db *db, struct intake *in, long long recv, struct problem *p)
{
	in->received_agency_id = 0;
	if (!recv || recv == in->agency_id)
		return 0;
	in->received_counter = dstore_agency_counter(db, recv);
	if (!in->received_counter)
		return problem_set(p, ERR_CONFLICT, "no_counter", "receiving_agency",
				   "Cơ quan tiếp nhận chưa có Bộ phận Tiếp nhận và Trả kết quả.",
				   "The receiving agency has no reception and return counter.");
	in->received_agency_id = recv;
	return 0;
}

/* A step's unit the competent agency lacks (its units are found by the
 * catalogue's unit codes, D29): 409 on "agency", naming the unit code. */
static int unit_missing(struct db *db, struct intake *in, struct arena *a, const char *ucode,
			struct problem *p)
{
	char name[400];
	dstore_agency_name(db, in->agency_id, name, sizeof name);
	return problem_set(
		p, ERR_CONFLICT, "agency_unit_missing", "agency",
		arena_printf(a, "%s chưa có đơn vị mã %s để thực hiện quy trình của thủ tục này.",
			     name, ucode),
		arena_printf(a, "%s has no unit with code %s to run this procedure's steps.", name,
			     ucode));
}

/* Received at another agency's centre: the receipt and the return are the
 * receiving counter's, and a transport step (the paper file carried by
 * public post to the competent agency's counter) follows the receipt. Its
 * share is taken from the longest processing step, so the dossier's limit
 * (the citizen's appointment) does not change. */
static void transport_plan(struct db *db, struct intake *in, struct arena *a)
{
	int n = in->nsteps;
	if (n < 2 || n >= DOSSIER_MAX_STEPS)
		return;
	int big = n > 2 ? 1 : 0;
	for (int k = 1; k < n - 1; k++)
		if (in->shares[k] > in->shares[big])
			big = k;
	double t = dossier_transport_share(in->limit_unit);
	if (t > in->shares[big] / 2)
		t = in->shares[big] / 2;
	in->shares[big] -= t;
	char name[400];
	dstore_agency_name(db, in->agency_id, name, sizeof name);
	for (int k = n; k > 1; k--) {
		in->step_name[k] = in->step_name[k - 1];
		in->step_unit[k] = in->step_unit[k - 1];
		in->shares[k] = in->shares[k - 1];
		in->step_may_complete[k] = in->step_may_complete[k - 1];
	}
	/* step 2: the transport, finished by the competent agency's counter
	 * when the paper file arrives */
	in->step_name[1] = arena_printf(a, "Chuyển hồ sơ giấy qua bưu chính công ích đến %s", name);
	in->step_unit[1] = in->step_unit[0];
	in->shares[1] = t;
	in->step_may_complete[1] = 0;
	in->nsteps = ++n;
	in->step_unit[0] = in->received_counter;
	in->step_unit[n - 1] = in->received_counter;
}

int dossier_intake_procedure(struct db *db, struct intake *in, struct arena *a, struct problem *p)
{
	if (!dstore_procedure(db, in))
		return problem_field(p, "procedure", "Không có thủ tục hành chính với mã này.",
				     "There is no administrative procedure with this code.");
	/* the procedure's own agency (none named: the home agency), then the
	 * competent agency (docs/DECISIONS.md D27, D29) */
	if (!in->agency_id)
		in->agency_id = dstore_home_agency(db);
	if (!in->agency_id)
		return problem_set(p, ERR_CONFLICT, "no_centre", NULL,
				   "Chưa cấu hình trung tâm tiếp nhận hồ sơ.",
				   "No service centre is configured.");
	long long recv;
	if (receiving_of(db, in, &recv, p) || competent_of(db, in, recv, p) ||
	    received_elsewhere(db, in, recv, p))
		return p->kind;
	struct db_stmt *st = dstore_procedure_steps(db, in->procedure_id, in->agency_id);
	const char *missing = NULL;
	in->nsteps = 0;
	while (db_step(st) == DB_ROW && in->nsteps < DOSSIER_MAX_STEPS) {
		int k = in->nsteps++;
		in->step_name[k] = arena_strdup(a, db_col_text(st, PS_NAME));
		in->step_unit[k] = db_col_int(st, PS_UNIT);
		in->shares[k] = db_col_double(st, PS_SHARE);
		in->step_may_complete[k] = (unsigned char)(db_col_int(st, PS_MAY_COMPLETE) != 0);
		if (!in->step_unit[k] && !missing)
			missing = arena_strdup(a, db_col_text(st, PS_UNIT_CODE));
	}
	db_done(st);
	if (missing)
		return unit_missing(db, in, a, missing, p);
	if (in->nsteps == 0)
		return problem_set(
			p, ERR_CONFLICT, "procedure_without_steps", "procedure",
			"Thủ tục chưa có quy trình nội bộ; không thể tiếp nhận.",
			"The procedure has no internal steps yet; it cannot be taken in.");
	if (in->variant) {
		double base = in->limit_value;
		char base_unit[16];
		snprintf(base_unit, sizeof base_unit, "%s", in->limit_unit);
		if (!dstore_variant(db, in->procedure_id, in->variant, &in->limit_value,
				    in->limit_unit, sizeof in->limit_unit, in->variant_name,
				    sizeof in->variant_name))
			return problem_field(
				p, "time_limit_variant",
				"Thủ tục không có trường hợp thời hạn giải quyết với mã này.",
				"The procedure has no time-limit variant with this code.");
		scale_shares(in->shares, in->nsteps, base, base_unit, in->limit_value,
			     in->limit_unit);
	}
	if (in->received_agency_id)
		transport_plan(db, in, a);
	/* the receiving centre issues the code and the receipt (D27): read here,
	 * not in the write transaction (one round trip fewer there, D44) */
	dstore_agency_eid(db, in->received_agency_id ? in->received_agency_id : in->agency_id,
			  in->issuer_eid, sizeof in->issuer_eid, in->centre);
	return 0;
}

int dossier_intake_guidance(struct db *db, struct intake *in, struct problem *p)
{
	if (!in->guidance_id)
		return 0;
	long long proc = dstore_guidance_procedure(db, in->guidance_id);
	if (!proc)
		return problem_field(p, "guidance_id", "Không có phiếu hướng dẫn với số này.",
				     "There is no guidance with this number.");
	if (proc != in->procedure_id)
		return problem_field(
			p, "guidance_id", "Phiếu hướng dẫn này là của một thủ tục hành chính khác.",
			"This guidance was given for another administrative procedure.");
	/* followed by one dossier only */
	return guidance_citable(db, in->guidance_id, p);
}

int dossier_intake_documents(struct db *db, struct intake *in, struct arena *a, struct problem *p)
{
	int found[DOSSIER_MAX_DOCS] = {0};
	const char *missing = NULL;
	struct db_stmt *st = dstore_procedure_documents(db, in->procedure_id);
	while (db_step(st) == DB_ROW) {
		long long id = db_col_int(st, PD_ID);
		int have = 0;
		for (int k = 0; k < in->ndocs; k++)
			if (in->docs[k].id == id) {
				found[k] = 1;
				have = 1;
			}
		if (!have && db_col_int(st, PD_MANDATORY) && !missing)
			missing = arena_strdup(a, db_col_text(st, PD_NAME));
	}
	db_done(st);
	for (int k = 0; k < in->ndocs; k++)
		if (!found[k])
			return problem_field(p, arena_printf(a, "documents[%d].id", k),
					     "Thành phần hồ sơ này không thuộc thủ tục.",
					     "This document does not belong to the procedure.");
	if (missing)
		return problem_field(
			p, "documents",
			arena_printf(a, "Thiếu thành phần hồ sơ bắt buộc: %s.", missing),
			arena_printf(a, "A mandatory document is missing: %s.", missing));
	return 0;
}

int dossier_intake_plan(struct app *a, int64_t now, struct intake *in, struct problem *p)
{
	in->now = now;
	/* the competent agency's hours, the receiving centre's cut-off (D30) */
	if (!in->online &&
	    clock_plan_of(a, in->agency_id, in->received_agency_id, now, in->limit_value,
			  in->limit_unit, in->cutoff, in->shares, in->nsteps, &in->plan) != 0)
		return problem_set(
			p, ERR_CONFLICT, "procedure_without_steps", "procedure",
			"Không lập được thời hạn cho hồ sơ (thời hạn của thủ tục không hợp lệ).",
			"The deadlines cannot be planned (the procedure's time limit is invalid).");
	return 0;
}

int dossier_plan_steps(struct app *a, struct db *db, long long dossier_id, long long procedure_id,
		       int64_t received, long long actor_id, int64_t *due_out, struct problem *p)
{
	double base, value;
	char base_unit[16], unit[16];
	int cutoff;
	/* the dossier's limit: the variant chosen at submission, if any */
	if (!dstore_procedure_limit(db, procedure_id, &base, base_unit, sizeof base_unit) ||
	    !dstore_dossier_limit(db, dossier_id, &value, unit, sizeof unit, &cutoff))
		return problem_kind(p, ERR_INTERNAL);
	double shares[CLOCK_MAX_STEPS];
	long long units[CLOCK_MAX_STEPS];
	unsigned char may[CLOCK_MAX_STEPS];
	char *names[CLOCK_MAX_STEPS];
	int n = 0, missing = 0;
	/* the steps run by the dossier's competent agency's units (D29) */
	struct db_stmt *st =
		dstore_procedure_steps(db, procedure_id, dstore_dossier_agency(db, dossier_id));
	while (db_step(st) == DB_ROW && n < CLOCK_MAX_STEPS) {
		names[n] = xstrdup(db_col_text(st, PS_NAME));
		units[n] = db_col_int(st, PS_UNIT);
		missing |= units[n] == 0;
		may[n] = (unsigned char)(db_col_int(st, PS_MAY_COMPLETE) != 0);
		shares[n++] = db_col_double(st, PS_SHARE);
	}
	db_done(st);
	scale_shares(shares, n, base, base_unit, value, unit);
	struct clock_plan plan;
	int rc = 0;
	if (missing) {
		rc = problem_set(
			p, ERR_CONFLICT, "agency_unit_missing", NULL,
			"Cơ quan giải quyết thiếu đơn vị để thực hiện quy trình của thủ "
			"tục này.",
			"The competent agency lacks a unit to run this procedure's steps.");
		goto out;
	}
	/* online: received by the competent agency, in its hours (D30) */
	long long agency = dstore_dossier_agency(db, dossier_id);
	if (n == 0 ||
	    clock_plan_of(a, agency, 0, received, value, unit, cutoff, shares, n, &plan) != 0) {
		rc = problem_set(p, ERR_CONFLICT, "procedure_without_steps", "procedure",
				 "Không lập được thời hạn cho hồ sơ (thủ tục thiếu quy trình).",
				 "The deadlines cannot be planned (the procedure lacks steps).");
		goto out;
	}
	if (dstore_insert_steps(db, dossier_id, n, names, units, may, &plan, received, actor_id) ||
	    dstore_set_plan(db, dossier_id, received, &plan, actor_id, value, unit) ||
	    dossier_book_entry(db, dossier_id, NULL, received)) {
		rc = problem_kind(p, ERR_INTERNAL);
		goto out;
	}
	*due_out = plan.due;
out:
	for (int k = 0; k < n; k++)
		free(names[k]);
	return rc;
}

int dossier_book_entry(struct db *db, long long dossier_id, const char *field_code,
		       int64_t received)
{
	char field[32], volume[64];
	long long entry;
	if (!field_code) {
		if (!dstore_dossier_field(db, dossier_id, field, sizeof field))
			return -1;
		field_code = field;
	}
	snprintf(volume, sizeof volume, "%s-%d", field_code, vn_civil_of(received).y);
	if (dstore_next_book_entry(db, dossier_id, volume, &entry) ||
	    dstore_set_book(db, dossier_id, volume, entry))
		return -1;
	return 0;
}

/* Issues the next code of the day for the agency and, at the counter, the
 * receiving centre's book entry (in->book_*), written with the dossier row;
 * online the entry is taken at acceptance (dossier_plan_steps). */
static int issue_code(struct db *db, struct intake *in, int64_t now)
{
	long long seq;
	/* the receiving centre issues the code, the receipt and the book entry
	 * (D27, D30); its e-ID and centre were read by dossier_intake_procedure */
	long long issuer = in->received_agency_id ? in->received_agency_id : in->agency_id;
	struct vn_civil cv = vn_civil_of(now);
	int day = (cv.y % 100) * 10000 + cv.m * 100 + cv.d;
	in->book_entry = 0;
	if (!in->online) {
		/* both numbers in one round trip on PostgreSQL (D44) */
		snprintf(in->book_volume, sizeof in->book_volume, "%s-%d", in->field_code, cv.y);
		if (dstore_next_numbers(db, issuer, day, in->book_volume, &seq, &in->book_entry))
			return -1;
	} else if (dstore_next_seq(db, issuer, day, &seq)) {
		return -1;
	}
	snprintf(in->code, sizeof in->code, "%s-%06d-%04lld", in->issuer_eid, day, seq);
	in->row_id = ds_row_id(issuer, day, seq);
	return 0;
}

/* The notice for the receipt e-mail, from what the intake already knows. */
static json_t *receipt_notice(const struct intake *in, const char *received, const char *due)
{
	return json_pack("{s:s,s:{s:s,s:s},s:{s:s,s:s,s:s?,s:s?},s:s,s:s,s:s,s:{s:s,s:s,s:s}}",
			 "code", in->code, "procedure", "code", in->procedure, "name",
			 in->procedure_name, "applicant", "name", in->ap.name, "email",
			 in->ap.email ? in->ap.email : "", "kind", in->ap.kind, "org_name",
			 in->ap.org_name, "received_at", received, "due_at", due, "return_method",
			 in->return_method, "centre", "name", in->centre[0], "address",
			 in->centre[1], "phone", in->centre[2]);
}

static int audit_dossier(struct db *db, const struct actor *who, int64_t now, const char *action,
			 const char *code, json_t *after)
{
	int rc = audit_write(db, who, now, action, "dossier", code, NULL, after);
	json_decref(after);
	return rc;
}

/* Counter: received at once, steps planned, receipt notice. */
static int intake_counter(struct db *db, struct app *a, const struct actor *who, int64_t now,
			  struct intake *in, long long id, struct problem *p, json_t **out,
			  int *mailed)
{
	char ts[40], ds[40];
	/* the book entry went into the dossier row (dossier_intake) */
	if (dstore_insert_steps(db, id, in->nsteps, in->step_name, in->step_unit,
				in->step_may_complete, &in->plan, now, who->staff_id) ||
	    dstore_event(db, id, now, "receive", who->staff_id, NULL, "received", 0, 1,
			 who->staff_id, NULL, NULL))
		return problem_kind(p, ERR_INTERNAL);
	vn_format_iso(now, ts, sizeof ts);
	vn_format_iso(in->plan.due, ds, sizeof ds);
	json_t *after =
		json_pack("{s:s,s:s,s:s,s:s,s:s}", "procedure", in->procedure, "status", "received",
			  "channel", in->channel, "received_at", ts, "due_at", ds);
	if (after && in->variant)
		json_object_set_new(after, "time_limit_variant", json_string(in->variant));
	if (after && in->guidance_id)
		json_object_set_new(after, "guidance_id", json_integer(in->guidance_id));
	if (after && in->has_agent)
		json_object_set_new(after, "authorised_person", json_true());
	if (after && in->received_agency_id)
		json_object_set_new(after, "received_agency_id",
				    json_integer(in->received_agency_id));
	if (audit_dossier(db, who, now, "dossier.receive", in->code, after))
		return problem_kind(p, ERR_INTERNAL);
	if (in->ap.email) {
		json_t *n = receipt_notice(in, ts, ds);
		if (n && a->cfg.public_url)
			json_object_set_new(n, "public_url", json_string(a->cfg.public_url));
		int nrc = n ? notify_dossier(db, "received", n) : ERR_INTERNAL;
		json_decref(n);
		if (nrc)
			return problem_kind(p, ERR_INTERNAL);
		*mailed = 1;
	}
	*out = json_pack("{s:s,s:s,s:s,s:s}", "code", in->code, "status", "received", "received_at",
			 ts, "due_at", ds);
	return 0;
}

/* Online: submitted with its files; the clock waits for acceptance. */
static int intake_online(struct db *db, const struct actor *who, int64_t now, struct intake *in,
			 long long id, struct problem *p, json_t **out)
{
	char ts[40];
	for (int k = 0; k < in->nfiles; k++)
		if (dstore_insert_file(db, id, &in->files[k], now))
			return problem_kind(p, ERR_INTERNAL);
	if (dstore_event(db, id, now, "submit", 0, NULL, "submitted", 0, 0, 0, NULL, NULL))
		return problem_kind(p, ERR_INTERNAL);
	vn_format_iso(now, ts, sizeof ts);
	if (audit_dossier(db, who, now, "dossier.submit", in->code,
			  json_pack("{s:s,s:s,s:s,s:s,s:i}", "procedure", in->procedure, "status",
				    "submitted", "channel", "online", "submitted_at", ts, "files",
				    in->nfiles)))
		return problem_kind(p, ERR_INTERNAL);
	*out = json_pack("{s:s,s:s,s:s}", "code", in->code, "status", "submitted", "submitted_at",
			 ts);
	return 0;
}

int dossier_intake(struct db *db, struct app *a, const struct actor *who, int64_t now,
		   struct intake *in, struct problem *p, json_t **out, int *mailed)
{
	long long id;
	*out = NULL;
	*mailed = 0;
	/* checked again in the write transaction: another intake may have cited
	 * the guidance since the request was read */
	if (in->guidance_id && guidance_citable(db, in->guidance_id, p))
		return p->kind;
	if (issue_code(db, in, now) || dstore_insert_dossier(db, in, now, who->staff_id, &id) ||
	    dstore_insert_documents(db, id, in->ndocs, in->docs))
		return problem_kind(p, ERR_INTERNAL);
	if (in->online)
		return intake_online(db, who, now, in, id, p, out);
	int rc = intake_counter(db, a, who, now, in, id, p, out, mailed);
	/* the citizen came with a queue ticket: linked in this transaction (a
	 * refusal rolls the whole intake back) */
	if (rc == 0 && in->ticket &&
	    queue_ticket_link_dossier(db, who, now, in->ticket, in->code, p)) {
		json_decref(*out);
		*out = NULL;
		return p->kind;
	}
	return rc;
}

int dossier_submission_quota(struct db *db, const char *client_key, int64_t now, int per_window,
			     struct problem *p)
{
	int n;
	/* a store error counts as over the limit, as a missing count does */
	if (rate_hit(db, client_key, now, DOSSIER_SUBMIT_WINDOW_S, &n) == 0 && n <= per_window)
		return 0;
	problem_set(p, ERR_THROTTLED, "too_many_submissions", NULL,
		    "Quá nhiều hồ sơ được nộp từ địa chỉ này; vui lòng thử lại sau một giờ.",
		    "Too many submissions from this address; please try again in an hour.");
	p->retry_after = DOSSIER_SUBMIT_WINDOW_S;
	return ERR_THROTTLED;
}
