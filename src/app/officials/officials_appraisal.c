/*
 * officials_appraisal.c — the evaluation cycle (item 3) and the leaders'
 * supervision (item 5). A leader opens the agency's yearly (or mid-year)
 * cycle with the deadline of each stage; every official then has an
 * evaluation that moves
 *
 *   self ──self_assess(submit)──▶ head ──head_assess──▶ leader ──conclude──▶ concluded
 *        ◀────────return────────       ◀────return─────         ◀──reopen (reason)──
 *
 * with the official's measured figures beside each criterion that names a
 * metric, and his commitment's measurable targets checked against them.
 * Concluded is frozen: only a leader's reopening (a reason, recorded)
 * changes it. Reminders go through the outbox (one mail per person who
 * must act, listing the evaluations waiting for them). Rules: D42.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/officials/officials_int.h"
#include "core/roles.h"
#include "core/mem.h"
#include "core/vntime.h"
#include "mail/outbox.h"

static int not_found(struct problem *p)
{
	return problem_set(p, ERR_NOT_FOUND, "evaluation_not_found", NULL,
			   "Không có phiếu đánh giá này.", "There is no such evaluation.");
}

static int kind_midyear(const char *kind)
{
	return kind && strcmp(kind, "midyear") == 0;
}

/* ---- measured figures against targets ---- */

static double metric_value(json_t *measured, const char *code)
{
	json_t *v = json_object_get(measured, code);
	return json_is_number(v) ? json_number_value(v) : NAN;
}

/* 1 met, 0 not met, -1 unknown (no figure) */
static int target_met(const struct off_metric *m, double value, double target)
{
	if (isnan(value))
		return -1;
	return strcmp(m->dir, "min") == 0 ? value >= target : value <= target;
}

static json_t *met_json(int met)
{
	return met < 0 ? json_null() : json_boolean(met);
}

/* The commitment's measures with "actual" and "met". */
static json_t *measures_checked(const char *measures, json_t *measured)
{
	json_t *arr = off_parse(measures), *it;
	size_t i;
	json_array_foreach (arr, i, it) {
		const char *code = json_string_value(json_object_get(it, "metric"));
		const struct off_metric *m = off_metric_find(code);
		if (!m)
			continue;
		double v = metric_value(measured, code);
		json_object_set_new(
			it, "label",
			json_pack("{s:s, s:s, s:s}", "vi", m->vi, "en", m->en, "dir", m->dir));
		json_object_set_new(it, "actual", isnan(v) ? json_null() : json_real(v));
		json_object_set_new(
			it, "met",
			met_json(target_met(m, v,
					    json_number_value(json_object_get(it, "target")))));
	}
	return arr;
}

/* Weighted score in percent of the maximum; -1 when nothing is scored. */
static double score_pct(json_t *groups, json_t *scores, long long scale_max)
{
	double got = 0, max = 0;
	size_t i;
	json_t *s;
	json_array_foreach (scores, i, s) {
		json_t *c = off_criterion(
			groups, json_integer_value(json_object_get(s, "criterion")), NULL);
		if (!c)
			continue;
		double w = (double)json_integer_value(json_object_get(c, "weight"));
		got += w * json_number_value(json_object_get(s, "score"));
		max += w * (double)scale_max;
	}
	return max > 0 ? round(got * 1000 / max) / 10 : -1;
}

static json_t *pct_json(double v)
{
	return v < 0 ? json_null() : json_real(v);
}

static json_t *score_of(json_t *scores, long long id)
{
	size_t i;
	json_t *s;
	json_array_foreach (scores, i, s)
		if (json_integer_value(json_object_get(s, "criterion")) == id)
			return s;
	return NULL;
}

struct view {
	struct off_appr ap;
	struct off_staff s;
	struct off_cycle cy;
	unsigned rel;
};

static json_t *appr_json(struct db *db, struct app *a, struct view *v)
{
	struct off_set set;
	int have_set = offstore_set_get(db, v->ap.agency_id, v->cy.year, &set);
	json_t *groups = have_set ? off_parse(set.groups) : json_array();
	long long scale = have_set ? set.scale_max : OFF_SCALE_DEFAULT;
	int64_t from, to;
	off_year_range(v->cy.year, kind_midyear(v->cy.kind), &from, &to);
	json_t *measured = officials_measured(db, a, v->s.id, from, to);
	json_t *selfs = off_parse(v->ap.self_json), *heads = off_parse(v->ap.head_json);
	json_t *crit = json_array(), *g, *c;
	size_t i, k;
	json_array_foreach (groups, i, g)
		json_array_foreach (json_object_get(g, "criteria"), k, c) {
			long long id = json_integer_value(json_object_get(c, "id"));
			const char *code = json_string_value(json_object_get(c, "measure"));
			double mv = code ? metric_value(measured, code) : NAN;
			json_t *one = json_pack("{s:I, s:O, s:O, s:O, s:O, s:o}", "id",
						(json_int_t)id, "group", json_object_get(g, "name"),
						"text", json_object_get(c, "text"), "weight",
						json_object_get(c, "weight"), "measure",
						json_object_get(c, "measure"), "measured",
						isnan(mv) ? json_null() : json_real(mv));
			json_t *ss = score_of(selfs, id), *hs = score_of(heads, id);
			json_object_set(one, "self", ss ? ss : json_null());
			json_object_set(one, "head", hs ? hs : json_null());
			json_array_append_new(crit, one);
		}
	struct off_commit cm;
	json_t *commitment = json_null();
	if (offstore_commit_of(db, v->s.id, v->cy.year, &cm)) {
		commitment =
			json_pack("{s:I, s:s, s:o}", "id", (json_int_t)cm.id, "state", cm.state,
				  "measures", measures_checked(cm.measures, measured));
		offstore_commit_free(&cm);
	}
	const char *st = v->ap.state;
	int open = strcmp(st, "concluded") != 0;
	json_t *o = json_pack(
		"{s:I, s:I, s:s, s:s, s:o, s:{s:o, s:o, s:o}, s:I, s:o, s:s, s:s, s:o, s:o, s:o,"
		" s:s, s:o, s:o, s:o, s:I, s:o, s:o, s:o}",
		"id", (json_int_t)v->ap.id, "year", (json_int_t)v->cy.year, "kind", v->cy.kind,
		"state", st, "official", off_person(&v->s), "deadlines", "self",
		off_date(v->cy.self_due), "head", off_date(v->cy.head_due), "leader",
		off_date(v->cy.leader_due), "scale_max", (json_int_t)scale, "criteria", crit,
		"self_summary", v->ap.self_summary, "head_comment", v->ap.head_comment, "self_pct",
		pct_json(score_pct(groups, selfs, scale)), "head_pct",
		pct_json(score_pct(groups, heads, scale)), "rating",
		v->ap.rating[0] ? json_string(v->ap.rating) : json_null(), "conclusion",
		v->ap.conclusion, "self_at", off_iso(v->ap.self_at), "head_at",
		off_iso(v->ap.head_at), "concluded_at", off_iso(v->ap.concluded_at), "reopened",
		(json_int_t)v->ap.reopened, "measured", measured, "commitment", commitment,
		"events", off_events(db, "appraisal", v->ap.id));
	json_object_set_new(
		o, "can",
		json_pack("{s:b, s:b, s:b, s:b, s:b}", "self",
			  (v->rel & REL_SELF) && strcmp(st, "self") == 0, "head",
			  (v->rel & REL_ASSESS) && strcmp(st, "head") == 0, "conclude",
			  (v->rel & REL_CONCLUDE) && strcmp(st, "leader") == 0, "return",
			  open && (((v->rel & REL_ASSESS) && strcmp(st, "head") == 0) ||
				   ((v->rel & REL_CONCLUDE) && strcmp(st, "leader") == 0)),
			  "reopen", (v->rel & REL_CONCLUDE) && !open));
	json_object_set_new(o, "criteria_state", json_string(have_set ? set.state : ""));
	json_decref(selfs);
	json_decref(heads);
	json_decref(groups);
	if (have_set)
		offstore_set_free(&set);
	return o;
}

static int readable(unsigned rel)
{
	return rel & (REL_SELF | REL_HEAD | REL_LEADER | REL_ASSESS);
}

int officials_appraisal_get(struct db *db, struct app *a, const struct actor *who, long long year,
			    const char *username, const char *kind, struct problem *p, json_t **out)
{
	struct view v;
	memset(&v, 0, sizeof v);
	if (!offstore_staff_by_name(db, username, &v.s))
		return off_forbidden(p); /* an unknown name tells nothing more than a known one */
	v.rel = off_rel(db, who, &v.s);
	if (!readable(v.rel))
		return off_forbidden(p);
	if (!offstore_cycle_get(db, v.s.agency_id, year, kind ? kind : "yearly", &v.cy) ||
	    !offstore_appr_of(db, v.cy.id, v.s.id, &v.ap))
		return not_found(p);
	*out = appr_json(db, a, &v);
	offstore_appr_free(&v.ap);
	return 0;
}

int officials_appraisal_list(struct db *db, const struct actor *who, long long year,
			     const char *kind, long long unit_id, struct problem *p, json_t **out)
{
	long long agency = off_agency(db, who), staff = 0;
	if (!agency)
		return off_forbidden(p);
	if (!(who->roles & (ROLE_HEAD | ROLE_LEADER)))
		staff = who->staff_id;
	else if (!(who->roles & ROLE_LEADER)) {
		if (unit_id && unit_id != who->unit_id)
			return off_forbidden(p);
		unit_id = who->unit_id;
	}
	json_t *items = json_array();
	struct db_stmt *st = offstore_appr_list(db, agency, year, kind, unit_id, staff, 0);
	while (db_step(st) == DB_ROW)
		json_array_append_new(
			items,
			json_pack("{s:I, s:I, s:s, s:s, s:o, s:o, s:{s:s, s:s, s:s, s:{s:I, s:s}}}",
				  "id", (json_int_t)db_col_int(st, OAL_ID), "year",
				  (json_int_t)db_col_int(st, OAL_YEAR), "kind",
				  db_col_text(st, OAL_KIND), "state", db_col_text(st, OAL_STATE),
				  "rating",
				  db_col_text(st, OAL_RATING)[0]
					  ? json_string(db_col_text(st, OAL_RATING))
					  : json_null(),
				  "updated_at", off_iso(db_col_int(st, OAL_UPDATED)), "official",
				  "username", db_col_text(st, OAL_USERNAME), "full_name",
				  db_col_text(st, OAL_NAME), "title", db_col_text(st, OAL_TITLE),
				  "unit", "id", (json_int_t)db_col_int(st, OAL_UNIT), "name",
				  db_col_text(st, OAL_UNIT_NAME)));
	db_done(st);
	*out = json_pack("{s:I, s:o}", "year", (json_int_t)year, "items", items);
	return 0;
}

/* ---- cycles ---- */

static json_t *cycle_json(const struct off_cycle *c, long long n, long long done)
{
	return json_pack("{s:I, s:I, s:s, s:{s:o, s:o, s:o}, s:o, s:I, s:I}", "id",
			 (json_int_t)c->id, "year", (json_int_t)c->year, "kind", c->kind,
			 "deadlines", "self", off_date(c->self_due), "head", off_date(c->head_due),
			 "leader", off_date(c->leader_due), "reminded_at", off_iso(c->reminded_at),
			 "evaluations", (json_int_t)n, "concluded", (json_int_t)done);
}

int officials_cycle_open(struct db *db, const struct actor *who, int64_t now, long long year,
			 const char *kind, int64_t self_due, int64_t head_due, int64_t leader_due,
			 struct problem *p, json_t **out)
{
	long long agency = off_agency(db, who);
	if (!agency)
		return off_forbidden(p);
	if (head_due < self_due)
		return problem_field(p, "head_due",
				     "Hạn của trưởng đơn vị phải sau hạn tự đánh giá.",
				     "The head's deadline must follow the self-assessment's.");
	if (leader_due < head_due)
		return problem_field(p, "leader_due",
				     "Hạn kết luận phải sau hạn của trưởng đơn vị.",
				     "The conclusion's deadline must follow the head's.");
	struct off_cycle c;
	if (offstore_cycle_get(db, agency, year, kind, &c))
		return problem_set(p, ERR_CONFLICT, "cycle_exists", NULL,
				   "Đợt đánh giá này đã được mở.",
				   "This evaluation cycle is already open.");
	memset(&c, 0, sizeof c);
	c.agency_id = agency;
	c.year = year;
	snprintf(c.kind, sizeof c.kind, "%s", kind);
	c.self_due = self_due;
	c.head_due = head_due;
	c.leader_due = leader_due;
	c.created_at = now;
	char idb[24];
	if (offstore_cycle_insert(db, &c, who->staff_id, &c.id) ||
	    offstore_cycle_populate(db, c.id, agency, now))
		return off_internal(p);
	snprintf(idb, sizeof idb, "%lld", c.id);
	json_t *after = cycle_json(&c, 0, 0);
	int rc = audit_write(db, who, now, "officials.cycle.open", "appraisal_cycle", idb, NULL,
			     after);
	json_decref(after);
	if (rc)
		return off_internal(p);
	long long n = 0;
	struct db_stmt *st = offstore_appr_list(db, agency, 0, NULL, 0, 0, c.id);
	while (db_step(st) == DB_ROW)
		n++;
	db_done(st);
	*out = cycle_json(&c, n, 0);
	return 0;
}

int officials_cycles(struct db *db, const struct actor *who, long long year, struct problem *p,
		     json_t **out)
{
	long long agency = off_agency(db, who);
	if (!agency)
		return off_forbidden(p);
	json_t *items = json_array();
	struct db_stmt *st = offstore_cycles(db, agency, year);
	while (db_step(st) == DB_ROW) {
		struct off_cycle c = {.id = db_col_int(st, OCY_ID),
				      .year = db_col_int(st, OCY_YEAR),
				      .self_due = db_col_int(st, OCY_SELF),
				      .head_due = db_col_int(st, OCY_HEAD),
				      .leader_due = db_col_int(st, OCY_LEADER),
				      .reminded_at = db_col_int(st, OCY_REMINDED)};
		snprintf(c.kind, sizeof c.kind, "%s", db_col_text(st, OCY_KIND));
		json_array_append_new(
			items, cycle_json(&c, db_col_int(st, OCY_N), db_col_int(st, OCY_DONE)));
	}
	db_done(st);
	*out = json_pack("{s:o}", "items", items);
	return 0;
}

long long officials_cycle_id(struct db *db, const struct actor *who, long long year,
			     const char *kind)
{
	struct off_cycle c;
	long long agency = off_agency(db, who);
	return agency && offstore_cycle_get(db, agency, year, kind, &c) ? c.id : 0;
}

/* Add a line for a recipient (by address) to the reminders. */
static void remind_add(json_t *by, const char *email, const char *line)
{
	if (!email || !email[0])
		return;
	json_t *arr = json_object_get(by, email);
	if (!arr)
		json_object_set_new(by, email, arr = json_array());
	json_array_append_new(arr, json_string(line));
}

static void remind_stmt(json_t *by, struct db_stmt *st, long long skip, const char *line)
{
	while (db_step(st) == DB_ROW)
		if (db_col_int(st, 1) != skip)
			remind_add(by, db_col_text(st, 0), line);
	db_done(st);
}

int officials_cycle_remind(struct db *db, const struct actor *who, int64_t now, long long id,
			   struct problem *p, json_t **out)
{
	struct off_cycle c;
	if (!offstore_cycle_by_id(db, id, &c) || c.agency_id != off_agency(db, who))
		return problem_set(p, ERR_NOT_FOUND, "cycle_not_found", NULL,
				   "Không có đợt đánh giá này.",
				   "There is no such evaluation cycle.");
	json_t *by = json_object();
	struct db_stmt *st = offstore_appr_list(db, c.agency_id, 0, NULL, 0, 0, c.id);
	/* collect first: the statements below run on the same connection */
	json_t *rows = json_array();
	while (db_step(st) == DB_ROW)
		if (strcmp(db_col_text(st, OAL_STATE), "concluded") != 0)
			json_array_append_new(
				rows, json_pack("{s:s, s:s, s:s, s:I, s:I}", "state",
						db_col_text(st, OAL_STATE), "name",
						db_col_text(st, OAL_NAME), "email",
						db_col_text(st, OAL_EMAIL), "unit",
						(json_int_t)db_col_int(st, OAL_UNIT), "staff",
						(json_int_t)db_col_int(st, OAL_STAFF)));
	db_done(st);
	size_t i;
	json_t *r;
	char due_self[16], due_head[16], due_leader[16];
	vn_format_date_days(c.self_due, due_self, sizeof due_self);
	vn_format_date_days(c.head_due, due_head, sizeof due_head);
	vn_format_date_days(c.leader_due, due_leader, sizeof due_leader);
	json_array_foreach (rows, i, r) {
		const char *state = json_string_value(json_object_get(r, "state"));
		const char *name = json_string_value(json_object_get(r, "name"));
		long long unit = json_integer_value(json_object_get(r, "unit"));
		long long staff = json_integer_value(json_object_get(r, "staff"));
		char line[512];
		if (strcmp(state, "self") == 0) {
			snprintf(line, sizeof line,
				 "- Tự đánh giá của anh/chị, hạn %s / your self-assessment, due %s",
				 due_self, due_self);
			remind_add(by, json_string_value(json_object_get(r, "email")), line);
		} else if (strcmp(state, "head") == 0) {
			snprintf(line, sizeof line,
				 "- Đánh giá của trưởng đơn vị cho %s, hạn %s / the head's "
				 "assessment"
				 " of %s, due %s",
				 name, due_head, name, due_head);
			if (unit && offstore_unit_has_head(db, unit, staff))
				remind_stmt(by, offstore_heads(db, unit), staff, line);
			else
				remind_stmt(by, offstore_leaders(db, c.agency_id), staff, line);
		} else {
			snprintf(
				line, sizeof line,
				"- Kết luận, xếp loại %s, hạn %s / the conclusion and rating of %s,"
				" due %s",
				name, due_leader, name, due_leader);
			remind_stmt(by, offstore_leaders(db, c.agency_id), staff, line);
		}
	}
	json_decref(rows);
	const char *email;
	json_t *lines;
	long long sent = 0;
	int rc = 0;
	char subject[200];
	snprintf(subject, sizeof subject,
		 "Nhắc việc: đánh giá cán bộ năm %lld / Reminder: officials' evaluation %lld",
		 c.year, c.year);
	json_object_foreach (by, email, lines) {
		struct buf b;
		buf_init(&b, OUTBOX_BODY_MAX);
		int bad = buf_printf(&b,
				     "Kính gửi anh/chị,\n\nĐợt đánh giá cán bộ %s năm %lld đang chờ"
				     " anh/chị:\n",
				     strcmp(c.kind, "midyear") == 0 ? "giữa năm" : "cuối năm",
				     c.year);
		size_t k;
		json_t *l;
		json_array_foreach (lines, k, l)
			bad |= buf_printf(&b, "%s\n", json_string_value(l));
		bad |= buf_puts(
			&b, "\nXem và thực hiện tại / See and act on: /staff/appraisal/\n"
			    "\nDear colleague, the evaluation cycle above is waiting for you.\n");
		size_t len;
		char *body = buf_steal(&b, &len);
		struct mail_msg m = {.kind = "officials.reminder",
				     .to = email,
				     .subject = subject,
				     .body = body};
		if (!rc && (bad || outbox_add(db, &m) != 0))
			rc = -1;
		free(body);
		buf_free(&b);
		sent++;
	}
	json_decref(by);
	char idb[24];
	snprintf(idb, sizeof idb, "%lld", c.id);
	json_t *after = json_pack("{s:I}", "sent", (json_int_t)sent);
	if (!rc)
		rc = offstore_cycle_reminded(db, c.id, now) ||
		     audit_write(db, who, now, "officials.cycle.remind", "appraisal_cycle", idb,
				 NULL, after);
	json_decref(after);
	if (rc)
		return off_internal(p);
	*out = json_pack("{s:I}", "sent", (json_int_t)sent);
	return 0;
}

/* ---- actions ---- */

static int bad_state(struct problem *p, const char *state)
{
	if (strcmp(state, "concluded") == 0)
		return problem_set(
			p, ERR_CONFLICT, "evaluation_concluded", NULL,
			"Đánh giá đã kết luận; chỉ lãnh đạo mở lại (ghi rõ lý do) mới sửa được.",
			"The evaluation is concluded; only a leader's reopening (with a"
			" reason) allows changes.");
	return problem_set(p, ERR_CONFLICT, "bad_state", NULL,
			   "Phiếu đánh giá không ở bước cho phép việc này.",
			   "The evaluation is not at a stage that allows this.");
}

/* Scores [{criterion, score, <text_key>}] against the set: known criteria,
 * each once, 0 ≤ score ≤ scale; complete = every criterion scored. */
static int check_scores(json_t *groups, long long scale, json_t *items, int complete,
			struct problem *p)
{
	char field[64];
	size_t i, j, n = 0;
	json_t *it, *g, *c;
	json_array_foreach (items, i, it) {
		long long id = json_integer_value(json_object_get(it, "criterion"));
		double s = json_number_value(json_object_get(it, "score"));
		int dupl = 0;
		for (j = 0; j < i; j++)
			dupl |= json_integer_value(json_object_get(json_array_get(items, j),
								   "criterion")) == id;
		if (!off_criterion(groups, id, NULL) || dupl) {
			snprintf(field, sizeof field, "items[%zu].criterion", i);
			return problem_field(p, field,
					     "Tiêu chí không có trong bộ tiêu chí hoặc bị trùng.",
					     "No such criterion in the set, or repeated.");
		}
		if (s < 0 || s > (double)scale) {
			snprintf(field, sizeof field, "items[%zu].score", i);
			return problem_field(p, field, "Điểm nằm ngoài thang điểm.",
					     "The score is outside the scale.");
		}
	}
	json_array_foreach (groups, i, g)
		n += json_array_size(json_object_get(g, "criteria"));
	(void)c;
	if (complete && json_array_size(items) < n)
		return problem_field(p, "items", "Cần chấm điểm tất cả các tiêu chí.",
				     "Every criterion needs a score.");
	return 0;
}

int officials_appraisal_action(struct db *db, struct app *a, const struct actor *who, int64_t now,
			       long long id, const struct off_action *in, struct problem *p,
			       json_t **out)
{
	struct view v;
	memset(&v, 0, sizeof v);
	if (!offstore_appr_by_id(db, id, &v.ap))
		return not_found(p);
	offstore_staff(db, v.ap.staff_id, &v.s);
	offstore_cycle_by_id(db, v.ap.cycle_id, &v.cy);
	v.rel = off_rel(db, who, &v.s);
	struct off_set set;
	int have_set = offstore_set_get(db, v.ap.agency_id, v.cy.year, &set);
	json_t *groups = have_set ? off_parse(set.groups) : json_array();
	long long scale = have_set ? set.scale_max : OFF_SCALE_DEFAULT;
	const char *act = in->action, *st = v.ap.state;
	char from[16];
	snprintf(from, sizeof from, "%s", st);
	const char *to = from; /* not st: v.ap.state is written from `to` */
	int rc = 0;
	if (!readable(v.rel))
		rc = not_found(p);
	else if (strcmp(act, "self_assess") == 0) {
		if (!(v.rel & REL_SELF))
			rc = off_forbidden(p);
		else if (strcmp(st, "self") != 0)
			rc = bad_state(p, st);
		else if (!have_set || strcmp(set.state, "published") != 0)
			rc = problem_set(p, ERR_CONFLICT, "criteria_not_published", NULL,
					 "Bộ tiêu chí của năm chưa được công bố.",
					 "The year's criteria are not published yet.");
		else if (!(rc = check_scores(groups, scale, in->items, in->submit, p))) {
			free(v.ap.self_json);
			free(v.ap.self_summary);
			v.ap.self_json = off_dump(in->items);
			v.ap.self_summary = strdup(in->text ? in->text : "");
			if (in->submit) {
				to = "head";
				v.ap.self_at = now;
			}
		}
	} else if (strcmp(act, "head_assess") == 0) {
		if (!(v.rel & REL_ASSESS))
			rc = off_forbidden(p);
		else if (strcmp(st, "head") != 0)
			rc = bad_state(p, st);
		else if (!(rc = check_scores(groups, scale, in->items, 1, p))) {
			free(v.ap.head_json);
			free(v.ap.head_comment);
			v.ap.head_json = off_dump(in->items);
			v.ap.head_comment = strdup(in->text ? in->text : "");
			v.ap.head_at = now;
			to = "leader";
		}
	} else if (strcmp(act, "conclude") == 0) {
		if (!(v.rel & REL_CONCLUDE))
			rc = off_forbidden(p);
		else if (strcmp(st, "leader") != 0)
			rc = bad_state(p, st);
		else if (!in->rating || !off_rating_ok(in->rating))
			rc = problem_field(p, "rating", "Cần chọn một trong bốn mức xếp loại.",
					   "One of the four ratings is required.");
		else {
			snprintf(v.ap.rating, sizeof v.ap.rating, "%s", in->rating);
			free(v.ap.conclusion);
			v.ap.conclusion = strdup(in->text ? in->text : "");
			v.ap.concluded_at = now;
			v.ap.concluded_by = who->staff_id;
			to = "concluded";
		}
	} else if (strcmp(act, "return") == 0) {
		if (strcmp(st, "head") == 0 && (v.rel & REL_ASSESS))
			to = "self";
		else if (strcmp(st, "leader") == 0 && (v.rel & REL_CONCLUDE))
			to = "head";
		else
			rc = strcmp(st, "concluded") == 0 || strcmp(st, "self") == 0
				     ? bad_state(p, st)
				     : off_forbidden(p);
		if (!rc && (!in->text || !in->text[0]))
			rc = problem_field(p, "comment", "Cần ghi lý do trả lại.",
					   "A reason for returning is required.");
	} else { /* reopen */
		if (!(v.rel & REL_CONCLUDE))
			rc = off_forbidden(p);
		else if (strcmp(st, "concluded") != 0)
			rc = bad_state(p, st);
		else if (!in->text || !in->text[0])
			rc = problem_field(p, "reason", "Cần ghi lý do mở lại.",
					   "A reason for reopening is required.");
		else {
			to = in->to ? in->to : "leader";
			v.ap.rating[0] = '\0';
			v.ap.concluded_at = 0;
			v.ap.concluded_by = 0;
			v.ap.reopened++;
		}
	}
	json_decref(groups);
	if (have_set)
		offstore_set_free(&set);
	if (rc) {
		offstore_appr_free(&v.ap);
		return rc;
	}
	json_t *before = json_pack("{s:s, s:s}", "state", from, "rating", v.ap.rating);
	snprintf(v.ap.state, sizeof v.ap.state, "%s", to);
	v.ap.updated_at = now;
	char idb[24], action[48];
	snprintf(idb, sizeof idb, "%lld", v.ap.id);
	snprintf(action, sizeof action, "officials.evaluation.%s", act);
	json_t *after = json_pack(
		"{s:s, s:s, s:o, s:s}", "state", v.ap.state, "rating", v.ap.rating, "items",
		in->items ? json_incref(in->items) : json_null(), "text", in->text ? in->text : "");
	if (offstore_appr_update(db, &v.ap) ||
	    offstore_event(db, "appraisal", v.ap.id, now, who->staff_id, act, from, v.ap.state,
			   strcmp(act, "conclude") == 0 ? in->rating : in->text) ||
	    audit_write(db, who, now, action, "appraisal", idb, before, after))
		rc = off_internal(p);
	json_decref(before);
	json_decref(after);
	if (!rc)
		*out = appr_json(db, a, &v);
	offstore_appr_free(&v.ap);
	return rc;
}

/* ---- supervision ---- */

/* The reasons a high self-score is contradicted (D42): a measurable
 * commitment not met, or a metric below the agency-wide norm. */
static json_t *contradictions(json_t *measured, const char *measures)
{
	json_t *why = json_array(), *checked = measures_checked(measures, measured), *it;
	size_t i;
	json_array_foreach (checked, i, it)
		if (json_is_false(json_object_get(it, "met")))
			json_array_append_new(
				why,
				json_pack("{s:s, s:O, s:O, s:O, s:s}", "metric",
					  json_string_value(json_object_get(it, "metric")), "label",
					  json_object_get(it, "label"), "actual",
					  json_object_get(it, "actual"), "target",
					  json_object_get(it, "target"), "source", "commitment"));
	json_decref(checked);
	for (const struct off_metric *m = off_metrics; m->code; m++) {
		double v = metric_value(measured, m->code);
		if (m->norm < 0 || target_met(m, v, m->norm) != 0)
			continue;
		json_array_append_new(why, json_pack("{s:s, s:{s:s, s:s, s:s}, s:f, s:f, s:s}",
						     "metric", m->code, "label", "vi", m->vi, "en",
						     m->en, "dir", m->dir, "actual", v, "target",
						     m->norm, "source", "norm"));
	}
	return why;
}

int officials_supervision(struct db *db, struct app *a, const struct actor *who, long long year,
			  struct problem *p, json_t **out)
{
	long long agency = off_agency(db, who);
	if (!agency)
		return off_forbidden(p);
	json_t *units = json_array();
	struct db_stmt *st = offstore_supervision(db, agency, year);
	while (db_step(st) == DB_ROW)
		json_array_append_new(
			units,
			json_pack("{s:I, s:s, s:I, s:{s:I, s:I}, s:{s:I, s:I, s:I}}", "id",
				  (json_int_t)db_col_int(st, OSU_UNIT), "name",
				  db_col_text(st, OSU_NAME), "officials",
				  (json_int_t)db_col_int(st, OSU_STAFF), "commitments",
				  "registered", (json_int_t)db_col_int(st, OSU_C_REG), "approved",
				  (json_int_t)db_col_int(st, OSU_C_APPR), "evaluations",
				  "self_assessed", (json_int_t)db_col_int(st, OSU_A_SELF),
				  "head_assessed", (json_int_t)db_col_int(st, OSU_A_HEAD),
				  "concluded", (json_int_t)db_col_int(st, OSU_A_DONE)));
	db_done(st);
	/* the submitted self-assessments of the yearly cycle, then each one's
	 * figures (collected first: one statement at a time) */
	struct off_set set;
	json_t *groups =
		offstore_set_get(db, agency, year, &set) ? off_parse(set.groups) : json_array();
	long long scale = set.groups ? set.scale_max : OFF_SCALE_DEFAULT;
	if (set.groups)
		offstore_set_free(&set);
	json_t *rows = json_array();
	st = offstore_appr_list(db, agency, year, "yearly", 0, 0, 0);
	while (db_step(st) == DB_ROW) {
		if (strcmp(db_col_text(st, OAL_STATE), "self") == 0)
			continue;
		json_t *selfs = off_parse(db_col_text(st, OAL_SELF));
		double pct = score_pct(groups, selfs, scale);
		json_decref(selfs);
		if (pct < OFF_HIGH_SELF_PCT)
			continue;
		json_array_append_new(
			rows, json_pack("{s:I, s:I, s:f, s:{s:s, s:s, s:s, s:{s:I, s:s}}}", "id",
					(json_int_t)db_col_int(st, OAL_ID), "staff",
					(json_int_t)db_col_int(st, OAL_STAFF), "self_pct", pct,
					"official", "username", db_col_text(st, OAL_USERNAME),
					"full_name", db_col_text(st, OAL_NAME), "title",
					db_col_text(st, OAL_TITLE), "unit", "id",
					(json_int_t)db_col_int(st, OAL_UNIT), "name",
					db_col_text(st, OAL_UNIT_NAME)));
	}
	db_done(st);
	json_decref(groups);
	json_t *flagged = json_array(), *r;
	size_t i;
	int64_t from, to;
	off_year_range(year, 0, &from, &to);
	json_array_foreach (rows, i, r) {
		long long staff = json_integer_value(json_object_get(r, "staff"));
		json_t *measured = officials_measured(db, a, staff, from, to);
		struct off_commit cm;
		int have = offstore_commit_of(db, staff, year, &cm);
		json_t *why = contradictions(measured, have ? cm.measures : "[]");
		if (have)
			offstore_commit_free(&cm);
		if (json_array_size(why)) {
			json_t *f = json_pack("{s:O, s:O, s:O, s:o, s:o}", "id",
					      json_object_get(r, "id"), "official",
					      json_object_get(r, "official"), "self_pct",
					      json_object_get(r, "self_pct"), "reasons", why,
					      "measured", measured);
			json_array_append_new(flagged, f);
		} else {
			json_decref(why);
			json_decref(measured);
		}
	}
	json_decref(rows);
	*out = json_pack("{s:I, s:I, s:o, s:o}", "year", (json_int_t)year, "high_self_pct",
			 (json_int_t)OFF_HIGH_SELF_PCT, "units", units, "contradictions", flagged);
	return 0;
}
