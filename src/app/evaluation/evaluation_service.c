/*
 * evaluation_service.c — the citizen's evaluation (D35): who may evaluate
 * (the dossier's secret, or a counter tablet's device token), one per dossier
 * or ticket, replaced within EVAL_REPLACE_S then refused; the tablet's
 * screen; the heads' list; the staff dossier view's blocks.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/dossier/dossier.h"
#include "app/evaluation/evaluation.h"
#include "app/evaluation/evaluation_store.h"
#include "app/platform/svc.h"
#include "app/queue/queue.h"
#include "auth/auth.h"
#include "core/vntime.h"

struct label {
	const char *code, *vi, *en;
};

static const struct label LEVELS[] = {
	{"very_satisfied", "Rất hài lòng", "Very satisfied"},
	{"satisfied", "Hài lòng", "Satisfied"},
	{"not_satisfied", "Không hài lòng", "Not satisfied"},
};

static const struct label REASONS[] = {
	{"attitude", "Thái độ của cán bộ", "Officer's attitude"},
	{"time", "Thời gian giải quyết, thời gian chờ", "Handling or waiting time"},
	{"guidance", "Hướng dẫn chưa rõ, phải đi lại nhiều lần",
	 "Unclear guidance, repeated visits"},
	{"publicity", "Công khai thủ tục hành chính", "Publicity of the procedures"},
	{"paperwork", "Giấy tờ, thành phần hồ sơ phức tạp", "Complicated paperwork"},
	{"facilities", "Cơ sở vật chất nơi tiếp nhận", "Facilities of the centre"},
	{"online", "Dịch vụ công trực tuyến", "Online public services"},
	{"other", "Lý do khác", "Other"},
};

#define NLEVELS (sizeof LEVELS / sizeof LEVELS[0])
#define NREASONS (sizeof REASONS / sizeof REASONS[0])

static json_t *labels(const struct label *l, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s,s:s,s:s}", "code", l[i].code, "name",
						   l[i].vi, "name_en", l[i].en));
	return a;
}

json_t *evaluation_form_json(void)
{
	return json_pack("{s:o,s:o,s:i}", "levels", labels(LEVELS, NLEVELS), "reasons",
			 labels(REASONS, NREASONS), "comment_max", EVAL_COMMENT_CHARS);
}

static int in_labels(const struct label *l, size_t n, const char *code)
{
	for (size_t i = 0; code && i < n; i++)
		if (strcmp(l[i].code, code) == 0)
			return 1;
	return 0;
}

int evaluation_level_ok(const char *code)
{
	return in_labels(LEVELS, NLEVELS, code);
}

int evaluation_reason_ok(const char *code)
{
	return in_labels(REASONS, NREASONS, code);
}

static int internal(struct problem *p)
{
	return problem_kind(p, ERR_INTERNAL);
}

static json_t *reasons_array(const char *s)
{
	json_t *a = json_array();
	char buf[256];
	snprintf(buf, sizeof buf, "%s", s ? s : "");
	char *save = NULL;
	for (char *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save))
		json_array_append_new(a, json_string(t));
	return a;
}

static int bad_secret(struct problem *p)
{
	/* the same answer for an unknown code and a wrong secret: the
	 * endpoint does not tell which dossier codes exist */
	return problem_set(p, ERR_VALIDATION, "bad_secret", "secret",
			   "Mã hồ sơ hoặc mã đánh giá không đúng. Mã đánh giá in trên Giấy tiếp "
			   "nhận hồ sơ và hẹn trả kết quả.",
			   "Wrong dossier code or evaluation code. The evaluation code is printed "
			   "on the receipt.");
}

struct target {
	long long agency, dossier, ticket, staff, counter;
	const char *channel;
};

/* With a secret: the dossier; its officer and counter from the ticket that
 * brought it in, else the officer who received it. */
static int target_by_secret(struct db *db, const struct eval_in *in, struct target *t,
			    struct problem *p)
{
	if (!in->dossier || !in->secret)
		return bad_secret(p);
	struct db_stmt *st = estore_dossier_by_code(db, in->dossier);
	if (!st)
		return bad_secret(p);
	char secret[EVAL_SECRET_LEN + 1] = "";
	char given[EVAL_SECRET_LEN + 1] = "";
	snprintf(secret, sizeof secret, "%s", db_col_text(st, ED_SECRET));
	/* typed by hand: upper case, no spaces or dashes */
	size_t n = 0;
	for (const char *s = in->secret; *s && n < EVAL_SECRET_LEN; s++) {
		if (*s == ' ' || *s == '-')
			continue;
		given[n++] = (*s >= 'a' && *s <= 'z') ? (char)(*s - 32) : *s;
	}
	int ok = strlen(secret) == EVAL_SECRET_LEN && n == EVAL_SECRET_LEN &&
		 sodium_memcmp(secret, given, EVAL_SECRET_LEN) == 0;
	t->dossier = db_col_int(st, ED_ID);
	t->agency = db_col_int(st, ED_AGENCY);
	t->staff = db_col_int(st, ED_RECBY);
	int submitted = strcmp(db_col_text(st, ED_STATUS), "submitted") == 0;
	db_done(st);
	if (!ok)
		return bad_secret(p);
	if (submitted)
		return problem_set(
			p, ERR_CONFLICT, "not_received", NULL,
			"Hồ sơ chưa được tiếp nhận: chưa thể đánh giá.",
			"The dossier has not been received yet: it cannot be evaluated.");
	st = estore_ticket_of_dossier(db, t->agency, in->dossier);
	if (st) {
		t->ticket = db_col_int(st, ET_ID);
		if (db_col_int(st, ET_STAFF))
			t->staff = db_col_int(st, ET_STAFF);
		t->counter = db_col_int(st, ET_COUNTER);
		db_done(st);
	}
	t->channel = in->channel && strcmp(in->channel, "email") == 0 ? "email" : "tracking";
	return 0;
}

static int no_device(struct problem *p)
{
	return problem_set(p, ERR_FORBIDDEN, "device_unknown", NULL,
			   "Máy tính bảng chưa được cấu hình cho quầy nào.",
			   "This tablet is not configured for a counter.");
}

/* The tablet: the ticket finished at its counter in the last minutes. */
static int target_by_device(struct db *db, int64_t now, const struct eval_in *in, struct target *t,
			    struct problem *p)
{
	struct db_stmt *st = estore_device(db, in->device_hash);
	if (!st)
		return no_device(p);
	t->agency = db_col_int(st, EV_AGENCY);
	t->counter = db_col_int(st, EV_COUNTER);
	db_done(st);
	st = estore_tablet_ticket(db, t->counter, now - EVAL_TABLET_S);
	if (!st)
		return problem_set(p, ERR_CONFLICT, "no_ticket", NULL,
				   "Không có lượt phục vụ nào vừa kết thúc tại quầy này.",
				   "No service has just finished at this counter.");
	int same = in->ticket && strcmp(in->ticket, db_col_text(st, TT_NUMBER)) == 0;
	t->ticket = db_col_int(st, TT_ID);
	t->staff = db_col_int(st, TT_STAFF);
	char code[64];
	snprintf(code, sizeof code, "%s", db_col_text(st, TT_DOSSIER));
	db_done(st);
	if (!same)
		return problem_set(p, ERR_CONFLICT, "ticket_changed", "ticket",
				   "Quầy đã phục vụ người tiếp theo; vui lòng tải lại trang.",
				   "The counter has served someone else since; please reload.");
	if (code[0])
		t->dossier = estore_dossier_id(db, t->agency, code);
	t->channel = "tablet";
	return 0;
}

int evaluation_submit(struct db *db, int64_t now, const struct eval_in *in, int *created,
		      struct problem *p, json_t **out)
{
	*out = NULL;
	*created = 0;
	if (!evaluation_level_ok(in->level))
		return problem_field(p, "level", "Vui lòng chọn mức độ hài lòng.",
				     "Please choose how satisfied you are.");
	for (int i = 0; i < in->nreasons; i++)
		if (!evaluation_reason_ok(in->reasons[i]))
			return problem_field(p, "reasons", "Lý do không hợp lệ.",
					     "Unknown reason.");
	if (in->client_key) {
		int count;
		if (rate_hit(db, in->client_key, now, EVAL_WINDOW_S, &count))
			return internal(p);
		if (count > EVAL_ATTEMPTS) {
			problem_set(p, ERR_THROTTLED, "too_many_attempts", NULL,
				    "Quá nhiều lần thử từ máy này; vui lòng thử lại sau một giờ.",
				    "Too many attempts from this machine; please try again in an "
				    "hour.");
			p->retry_after = EVAL_WINDOW_S;
			return 0; /* the count is kept: committed with the refusal */
		}
	}
	struct target t = {0};
	int rc = in->device_hash ? target_by_device(db, now, in, &t, p)
				 : target_by_secret(db, in, &t, p);
	/* a refusal after the throttle's count is committed with the count
	 * (else wrong secrets could be tried without end): 0, p filled */
	if (rc)
		return in->client_key ? 0 : rc;
	/* reasons, space-separated, each once */
	char reasons[256] = "";
	size_t rl = 0;
	for (int i = 0; i < in->nreasons; i++) {
		int dup = 0;
		for (int j = 0; j < i; j++)
			dup |= strcmp(in->reasons[i], in->reasons[j]) == 0;
		if (!dup)
			rl += (size_t)snprintf(reasons + rl, sizeof reasons - rl, "%s%s",
					       rl ? " " : "", in->reasons[i]);
	}
	const char *comment = in->comment ? in->comment : "";
	struct db_stmt *st = estore_eval_find(db, t.dossier, t.ticket);
	long long id = 0;
	int64_t first = now;
	if (st) {
		id = db_col_int(st, EE_ID);
		first = db_col_int(st, EE_CREATED);
		db_done(st);
		if (now - first > EVAL_REPLACE_S) {
			rc = problem_set(p, ERR_CONFLICT, "already_evaluated", NULL,
					 "Ông/Bà đã đánh giá lượt phục vụ này. Cảm ơn Ông/Bà.",
					 "You have already evaluated this service. Thank you.");
			return in->client_key ? 0 : rc;
		}
		if (estore_eval_update(db, id, t.dossier, t.ticket, in->level, reasons, comment,
				       t.channel, now))
			return internal(p);
	} else {
		if (estore_eval_insert(db, t.agency, t.dossier, t.ticket, in->level, reasons,
				       comment, t.channel, t.staff, t.counter, now, &id))
			return internal(p);
		*created = 1;
	}
	/* the audit carries the level and reasons, never the comment (the
	 * citizen's words may name someone) */
	char eid[24];
	snprintf(eid, sizeof eid, "%lld", id);
	struct actor anon = {.name = "citizen"};
	json_t *after = json_pack("{s:s,s:s,s:o}", "level", in->level, "channel", t.channel,
				  "reasons", reasons_array(reasons));
	int ar = audit_write(db, &anon, now, *created ? "evaluation.create" : "evaluation.replace",
			     "evaluation", eid, NULL, after);
	json_decref(after);
	if (ar)
		return internal(p);
	*out = json_pack("{s:s,s:s,s:o,s:o,s:o,s:b}", "level", in->level, "channel", t.channel,
			 "reasons", reasons_array(reasons), "created_at", svc_iso(first),
			 "replaceable_until", svc_iso(first + EVAL_REPLACE_S), "replaced",
			 !*created);
	return *out ? 0 : internal(p);
}

int evaluation_tablet(struct db *db, int64_t now, const char *device_hash, struct problem *p,
		      json_t **out)
{
	*out = NULL;
	struct db_stmt *st = device_hash ? estore_device(db, device_hash) : NULL;
	if (!st)
		return no_device(p);
	long long counter = db_col_int(st, EV_COUNTER);
	json_t *o = json_pack("{s:{s:I,s:s},s:s,s:n,s:o}", "counter", "number",
			      (json_int_t)db_col_int(st, EV_NUMBER), "name",
			      db_col_text(st, EV_NAME), "agency", db_col_text(st, EV_AGENCY_CODE),
			      "ticket", "form", evaluation_form_json());
	db_done(st);
	st = estore_tablet_ticket(db, counter, now - EVAL_TABLET_S);
	if (st) {
		long long tid = db_col_int(st, TT_ID);
		json_t *tk = json_pack("{s:s,s:s,s:s,s:o}", "number", db_col_text(st, TT_NUMBER),
				       "group_name", db_col_text(st, TT_GROUP), "group_name_en",
				       db_col_text(st, TT_GROUP_EN), "finished_at",
				       svc_iso(db_col_int(st, TT_FINISHED)));
		db_done(st);
		struct db_stmt *e = estore_eval_find(db, 0, tid);
		if (e) {
			int64_t first = db_col_int(e, EE_CREATED);
			json_object_set_new(tk, "evaluated", json_string(db_col_text(e, EE_LEVEL)));
			json_object_set_new(tk, "replaceable",
					    json_boolean(now - first <= EVAL_REPLACE_S));
			db_done(e);
		} else {
			json_object_set_new(tk, "evaluated", json_null());
			json_object_set_new(tk, "replaceable", json_true());
		}
		json_object_set_new(o, "ticket", tk);
	}
	*out = o;
	return 0;
}

int evaluation_device_create(struct db *db, const struct actor *who, int64_t now,
			     long long counter_number, struct problem *p, json_t **out)
{
	*out = NULL;
	long long agency;
	if (queue_agency(db, who, NULL, &agency, p))
		return p->kind;
	struct db_stmt *st = estore_counter_by_number(db, agency, counter_number);
	if (!st)
		return problem_field(p, "counter", "Không có quầy số này.",
				     "There is no counter with this number.");
	long long counter = db_col_int(st, EC_ID);
	char name[200];
	snprintf(name, sizeof name, "%s", db_col_text(st, EC_NAME));
	db_done(st);
	char token[AUTH_TOKEN_LEN + 1], hash[AUTH_HASH_HEX];
	auth_token_new(token);
	auth_token_hash(token, strlen(token), hash);
	long long id;
	if (estore_device_insert(db, agency, counter, hash, now, &id))
		return internal(p);
	char eid[24];
	snprintf(eid, sizeof eid, "%lld", id);
	json_t *after = json_pack("{s:I}", "counter", (json_int_t)counter_number);
	int ar = audit_write(db, who, now, "evaluation.device.create", "eval_device", eid, NULL,
			     after);
	json_decref(after);
	if (ar)
		return internal(p);
	*out = json_pack("{s:I,s:{s:I,s:s},s:s,s:s}", "id", (json_int_t)id, "counter", "number",
			 (json_int_t)counter_number, "name", name, "token", token, "url",
			 "/evaluate/");
	return *out ? 0 : internal(p);
}

static json_t *device_json(struct db_stmt *st)
{
	return json_pack(
		"{s:I,s:{s:I,s:s},s:o,s:o}", "id", (json_int_t)db_col_int(st, EDV_ID), "counter",
		"number", (json_int_t)db_col_int(st, EDV_NUMBER), "name", db_col_text(st, EDV_NAME),
		"created_at", svc_iso(db_col_int(st, EDV_CREATED)), "revoked_at",
		db_col_null(st, EDV_REVOKED) ? json_null() : svc_iso(db_col_int(st, EDV_REVOKED)));
}

int evaluation_devices(struct db *db, const struct actor *who, struct problem *p, json_t **out)
{
	*out = NULL;
	long long agency;
	if (queue_agency(db, who, NULL, &agency, p))
		return p->kind;
	json_t *items = json_array();
	struct db_stmt *st = estore_devices(db, agency);
	while (db_step(st) == DB_ROW)
		json_array_append_new(items, device_json(st));
	db_done(st);
	*out = json_pack("{s:o}", "items", items);
	return *out ? 0 : internal(p);
}

int evaluation_device_revoke(struct db *db, const struct actor *who, int64_t now, long long id,
			     struct problem *p, json_t **out)
{
	*out = NULL;
	long long agency;
	if (queue_agency(db, who, NULL, &agency, p))
		return p->kind;
	struct db_stmt *st = estore_device_of(db, agency, id);
	if (!st)
		return problem_set(p, ERR_NOT_FOUND, "device_not_found", NULL,
				   "Không có thiết bị đánh giá này.",
				   "There is no such evaluation tablet.");
	int revoked = !db_col_null(st, EDV_REVOKED);
	db_done(st);
	if (revoked)
		return problem_set(p, ERR_CONFLICT, "device_revoked", NULL,
				   "Thiết bị này đã bị thu hồi.",
				   "This tablet is already revoked.");
	if (estore_device_revoke(db, id, now) != DB_OK)
		return internal(p);
	char eid[24];
	snprintf(eid, sizeof eid, "%lld", id);
	if (audit_write(db, who, now, "evaluation.device.revoke", "eval_device", eid, NULL, NULL))
		return internal(p);
	st = estore_device_of(db, agency, id);
	if (!st)
		return internal(p);
	*out = device_json(st);
	db_done(st);
	return *out ? 0 : internal(p);
}

int evaluation_list(struct db *db, const struct actor *viewer, int64_t now, const char *level,
		    long long limit, long long offset, struct problem *p, json_t **out)
{
	*out = NULL;
	long long agency = dossier_viewer_agency(db, viewer);
	json_t *items = json_array();
	struct db_stmt *st = estore_list(db, agency, level, limit, offset);
	while (db_step(st) == DB_ROW) {
		json_t *r = json_pack(
			"{s:I,s:s,s:o,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:o}", "id",
			(json_int_t)db_col_int(st, EL_ID), "level", db_col_text(st, EL_LEVEL),
			"reasons", reasons_array(db_col_text(st, EL_REASONS)), "comment",
			db_col_text(st, EL_COMMENT), "channel", db_col_text(st, EL_CHANNEL),
			"created_at", svc_iso(db_col_int(st, EL_CREATED)), "updated_at",
			svc_iso(db_col_int(st, EL_UPDATED)), "dossier",
			db_col_text(st, EL_DOSSIER)[0] ? json_string(db_col_text(st, EL_DOSSIER))
						       : json_null(),
			"ticket",
			db_col_text(st, EL_TICKET)[0] ? json_string(db_col_text(st, EL_TICKET))
						      : json_null(),
			"officer",
			db_col_text(st, EL_STAFF)[0] ? json_string(db_col_text(st, EL_STAFF))
						     : json_null(),
			"counter",
			db_col_null(st, EL_COUNTER) ? json_null()
						    : json_integer(db_col_int(st, EL_COUNTER)));
		json_array_append_new(items, r);
	}
	db_done(st);
	*out = json_pack("{s:I,s:o}", "not_satisfied_30_days",
			 (json_int_t)estore_count(db, agency, "not_satisfied", now - 30 * 86400),
			 "items", items);
	return *out ? 0 : internal(p);
}

json_t *evaluation_dossier_json(struct db *db, long long dossier_id)
{
	struct db_stmt *st = estore_eval_of_dossier(db, dossier_id);
	if (!st)
		return json_null();
	json_t *o = json_pack("{s:s,s:s,s:o,s:o}", "level", db_col_text(st, EB_LEVEL), "channel",
			      db_col_text(st, EB_CHANNEL), "created_at",
			      svc_iso(db_col_int(st, EB_CREATED)), "reasons",
			      reasons_array(db_col_text(st, EB_REASONS)));
	db_done(st);
	return o ? o : json_null();
}

int evaluation_secret(struct db *db, const char *code, char out[EVAL_SECRET_LEN + 1])
{
	return estore_secret(db, code, out, EVAL_SECRET_LEN + 1);
}
