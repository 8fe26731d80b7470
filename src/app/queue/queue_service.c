/*
 * queue_service.c — the rules of the counter queue (queue.h): issuing
 * tickets within the agency's working time (the groups and counters are set
 * up in queue_setup.c),
 * the public view with position and estimated wait, calling next with the
 * priority bound, the console's actions and the board's snapshot.
 *
 * Every change writes, in the caller's transaction: the row(s), an audit
 * record (entity "queue_ticket" / "queue_group" / "queue_counter", no
 * personal data — there is none) and an event row for the boards
 * (queue_event, announced on PostgreSQL with db_notify(QUEUE_CHANNEL) so
 * every server's hub reads it after the commit).
 *
 * The estimated wait: people ahead in the group × the mean service time
 * measured today in that group (from the call to the finish; before any
 * ticket was finished today, QUEUE_DEFAULT_SERVICE_S) ÷ the counters open
 * for the group (active, not paused; at least 1), rounded up to a minute.
 *
 * Threading: runs on its caller's connection (the writer for the changes).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/platform/svc.h"
#include "app/queue/queue.h"
#include "app/queue/queue_impl.h"
#include "app/queue/queue_store.h"
#include "auth/auth.h"
#include "core/holidays.h"
#include "core/utf8.h"
#include "core/vntime.h"
#include "core/workcal.h"

/* ---- agencies ------------------------------------------------------------ */

long long queue_actor_agency(struct db *db, const struct actor *who)
{
	if (!who)
		return 0;
	/* the operator's command line (motcua demo) sets up the home centre */
	if (!who->staff_id)
		return qstore_agency_home(db);
	long long a = qstore_agency_of_staff(db, who->staff_id);
	/* an account in no unit (an administrator of the centre) works for the
	 * home centre */
	return a ? a : qstore_agency_home(db);
}

int queue_agency(struct db *db, const struct actor *who, const char *code, long long *agency,
		 struct problem *p)
{
	*agency = 0;
	if (given(code))
		*agency = qstore_agency_by_code(db, code);
	else if (who && who->staff_id)
		*agency = queue_actor_agency(db, who);
	if (!*agency && !given(code))
		*agency = qstore_agency_home(db);
	if (!*agency)
		return problem_set(p, ERR_NOT_FOUND, "agency_not_found", "agency",
				   "Không có cơ quan này.", "There is no such agency.");
	return 0;
}

/* 1 when tickets may be taken at `now` in the agency: a working day (the
 * calendar) and inside one of its working periods. */
int queue_agency_open(struct db *db, struct app *a, long long agency, int64_t now)
{
	char periods[200];
	struct wc_hours h;
	wc_hours_default(&h);
	if (qstore_agency_periods(db, agency, periods, sizeof periods) == 0)
		wc_hours_parse(&h, periods, strlen(periods)); /* keeps the default if malformed */
	int64_t day = vn_day_of(now);
	int working = 1;
	if (a) {
		working = wc_is_working_day(app_cal_lock(a), day);
		app_cal_unlock(a);
	} else {
		working = wc_is_working_day(NULL, day);
	}
	if (!working)
		return 0;
	int minute = (int)((now - vn_instant_of_day(day)) / 60);
	for (int i = 0; i < h.n; i++)
		if (minute >= h.start[i] && minute < h.end[i])
			return 1;
	return 0;
}

/* ---- events -------------------------------------------------------------- */

/* {"HT": 3, …}: the line of each active group of the agency today. */
static json_t *waiting_counts(struct db *db, long long agency, int64_t day)
{
	json_t *o = json_object();
	struct db_stmt *st = qstore_groups(db, agency);
	long long ids[64];
	char codes[64][QUEUE_CODE_CHARS * 4 + 1];
	int n = 0;
	while (n < 64 && db_step(st) == DB_ROW) {
		ids[n] = db_col_int(st, QG_ID);
		snprintf(codes[n], sizeof codes[n], "%s", db_col_text(st, QG_CODE));
		n++;
	}
	db_done(st);
	for (int i = 0; i < n; i++)
		json_object_set_new(
			o, codes[i],
			json_integer((json_int_t)qstore_group_waiting(db, ids[i], day)));
	return o;
}

/* The ticket as the boards see it (no public id: the board must not hand
 * out the handles of other people's tickets). */
static json_t *board_ticket(struct db_stmt *st)
{
	return json_pack("{s:s,s:s,s:s,s:b,s:s,s:I,s:s,s:o}", "number", db_col_text(st, QT_NUMBER),
			 "group", db_col_text(st, QT_GROUP_CODE), "group_name",
			 db_col_text(st, QT_GROUP_NAME), "priority",
			 (int)db_col_int(st, QT_PRIORITY), "state", db_col_text(st, QT_STATE),
			 "counter", (json_int_t)db_col_int(st, QT_COUNTER_NUMBER), "counter_name",
			 db_col_text(st, QT_COUNTER_NAME), "at", svc_iso_col(st, QT_CALLED_AT));
}

/* Record event `kind` about ticket `id` (or a counter: id 0 and extra). */
int queue_emit(struct db *db, long long agency, int64_t now, const char *kind, long long id,
	       json_t *extra)
{
	json_t *ev = json_pack("{s:s,s:o}", "type", kind, "at", svc_iso(now));
	if (!ev) {
		json_decref(extra);
		return -1;
	}
	if (id) {
		struct db_stmt *st = qstore_ticket(db, id);
		if (st) {
			json_object_set_new(ev, "ticket", board_ticket(st));
			db_done(st);
		}
	}
	if (extra)
		json_object_update(ev, extra);
	json_decref(extra);
	json_object_set_new(ev, "waiting", waiting_counts(db, agency, vn_day_of(now)));
	char *text = json_dumps(ev, JSON_COMPACT);
	json_decref(ev);
	if (!text)
		return -1;
	long long eid;
	int rc = qstore_event_insert(db, agency, now, kind, text, &eid);
	free(text);
	if (rc || db_notify(db, QUEUE_CHANNEL) != DB_OK)
		return -1;
	return 0;
}

static int audit_ticket(struct db *db, const struct actor *who, int64_t now, const char *action,
			long long id, json_t *after)
{
	char ids[24];
	snprintf(ids, sizeof ids, "%lld", id);
	int rc = audit_write(db, who, now, action, "queue_ticket", ids, NULL, after);
	json_decref(after);
	return rc;
}

/* The first column of every row, as an array of strings (the statement is done). */
json_t *queue_strings_of(struct db_stmt *st)
{
	json_t *a = json_array();
	while (db_step(st) == DB_ROW)
		json_array_append_new(a, json_string(db_col_text(st, 0)));
	db_done(st);
	return a;
}

/* ---- tickets ----------------------------------------------------------------- */

/* The staff's view of a ticket row. */
static json_t *staff_ticket(struct db_stmt *st)
{
	json_t *counter = db_col_null(st, QT_COUNTER_ID)
				  ? json_null()
				  : json_pack("{s:I,s:I,s:s}", "id",
					      (json_int_t)db_col_int(st, QT_COUNTER_ID), "number",
					      (json_int_t)db_col_int(st, QT_COUNTER_NUMBER), "name",
					      db_col_text(st, QT_COUNTER_NAME));
	return json_pack(
		"{s:I,s:s,s:{s:s,s:s,s:s},s:b,s:s,s:o,s:o,s:I,s:o,s:o,s:o,s:o}", "id",
		(json_int_t)db_col_int(st, QT_ID), "number", db_col_text(st, QT_NUMBER), "group",
		"code", db_col_text(st, QT_GROUP_CODE), "name", db_col_text(st, QT_GROUP_NAME),
		"name_en", db_col_text(st, QT_GROUP_NAME_EN), "priority",
		(int)db_col_int(st, QT_PRIORITY), "state", db_col_text(st, QT_STATE), "issued_at",
		svc_iso(db_col_int(st, QT_ISSUED_AT)), "called_at", svc_iso_col(st, QT_CALLED_AT),
		"recalls", (json_int_t)db_col_int(st, QT_RECALLS), "counter", counter, "dossier",
		db_col_null(st, QT_DOSSIER) ? json_null()
					    : json_string(db_col_text(st, QT_DOSSIER)),
		"started_at", svc_iso_col(st, QT_STARTED_AT), "finished_at",
		svc_iso_col(st, QT_FINISHED_AT));
}

/* Position (people ahead) and estimated wait in minutes of a ticket row in
 * the line; both 0 once it left the line. */
static void estimate(struct db *db, struct db_stmt *st, long long *ahead, long long *minutes)
{
	const char *state = db_col_text(st, QT_STATE);
	*ahead = *minutes = 0;
	if (strcmp(state, "waiting") != 0 && strcmp(state, "transferred") != 0)
		return;
	long long group = db_col_int(st, QT_GROUP_ID);
	int64_t day = db_col_int(st, QT_DAY);
	*ahead = qstore_ahead(db, group, day, (int)db_col_int(st, QT_PRIORITY),
			      db_col_int(st, QT_QUEUED_AT), db_col_int(st, QT_ID));
	double mean;
	long long n;
	if (qstore_service_time(db, group, day, &mean, &n) != 0 || n == 0)
		mean = QUEUE_DEFAULT_SERVICE_S;
	long long counters = qstore_group_open_counters(db, group);
	if (counters < 1)
		counters = 1;
	*minutes = (long long)ceil((double)*ahead * mean / (double)counters / 60.0);
}

int queue_ticket_issue(struct db *db, struct app *a, const struct actor *who, int64_t now,
		       long long agency, const char *group, int priority, const char *client_key,
		       struct problem *p, json_t **out)
{
	*out = NULL;
	struct db_stmt *g = given(group) ? qstore_group_by_code(db, agency, group) : NULL;
	if (!g)
		return problem_field(p, "group", "Không có nhóm dịch vụ này.",
				     "There is no such service group.");
	long long gid = db_col_int(g, QG_ID);
	char prefix[8];
	snprintf(prefix, sizeof prefix, "%s", db_col_text(g, QG_PREFIX));
	db_done(g);
	if (!queue_agency_open(db, a, agency, now))
		return problem_set(
			p, ERR_CONFLICT, "queue_closed", NULL,
			"Ngoài giờ làm việc: hiện không cấp số thứ tự. Vui lòng quay lại "
			"trong giờ làm việc của ngày làm việc.",
			"Outside working hours: no tickets now. Please come back during "
			"the working hours of a working day.");
	if (client_key) {
		int count;
		if (rate_hit(db, client_key, now, QUEUE_TICKET_WINDOW_S, &count))
			return internal(p);
		if (count > QUEUE_TICKETS_PER_WINDOW) {
			problem_set(p, ERR_THROTTLED, "too_many_tickets", NULL,
				    "Đã lấy quá nhiều số thứ tự từ máy này; vui lòng chờ một phút.",
				    "Too many tickets from this machine; please wait a minute.");
			p->retry_after = QUEUE_TICKET_WINDOW_S;
			/* the count is kept: committed with a refusal */
			return 0;
		}
	}
	int64_t day = vn_day_of(now);
	long long seq = qstore_ticket_next_seq(db, gid, day);
	if (seq > QUEUE_DAY_MAX)
		return problem_set(p, ERR_CONFLICT, "queue_full", "group",
				   "Nhóm này đã hết số thứ tự trong ngày.",
				   "This group has no more tickets today.");
	char number[32], pub[AUTH_TOKEN_LEN + 1];
	snprintf(number, sizeof number, "%s%03lld", prefix, seq);
	auth_token_new(pub);
	long long id;
	if (seq == 1 && qstore_event_prune(db, now - QUEUE_EVENT_KEEP_S))
		return internal(p);
	if (qstore_ticket_insert(db, pub, agency, gid, day, seq, number, priority ? 1 : 0, now,
				 &id))
		return internal(p);
	if (audit_ticket(db, who, now, "queue.ticket.issue", id,
			 json_pack("{s:s,s:s,s:b}", "number", number, "group", group, "priority",
				   priority ? 1 : 0)) ||
	    queue_emit(db, agency, now, "issued", id, NULL))
		return internal(p);
	struct db_stmt *st = qstore_ticket(db, id);
	if (!st)
		return internal(p);
	long long ahead, minutes;
	estimate(db, st, &ahead, &minutes);
	db_done(st);
	char url[96];
	snprintf(url, sizeof url, "/kiosk/ticket/#%s", pub);
	*out = json_pack("{s:s,s:s,s:s,s:b,s:I,s:I,s:o,s:s}", "id", pub, "number", number, "group",
			 group, "priority", priority ? 1 : 0, "position", (json_int_t)ahead,
			 "estimated_wait_minutes", (json_int_t)minutes, "issued_at", svc_iso(now),
			 "url", url);
	return *out ? 0 : internal(p);
}

int queue_ticket_public(struct db *db, const char *public_id, int64_t now, struct problem *p,
			json_t **out)
{
	(void)now;
	*out = NULL;
	struct db_stmt *st = NULL;
	if (public_id && strlen(public_id) == QUEUE_PUBLIC_ID_LEN)
		st = qstore_ticket_public(db, public_id);
	if (!st)
		return problem_set(p, ERR_NOT_FOUND, "ticket_not_found", NULL,
				   "Không có số thứ tự này.", "There is no such ticket.");
	long long ahead, minutes;
	estimate(db, st, &ahead, &minutes);
	json_t *counter = db_col_null(st, QT_COUNTER_ID)
				  ? json_null()
				  : json_pack("{s:I,s:s}", "number",
					      (json_int_t)db_col_int(st, QT_COUNTER_NUMBER), "name",
					      db_col_text(st, QT_COUNTER_NAME));
	*out = json_pack("{s:s,s:{s:s,s:s,s:s},s:s,s:b,s:I,s:I,s:o,s:o,s:o}", "number",
			 db_col_text(st, QT_NUMBER), "group", "code",
			 db_col_text(st, QT_GROUP_CODE), "name", db_col_text(st, QT_GROUP_NAME),
			 "name_en", db_col_text(st, QT_GROUP_NAME_EN), "state",
			 db_col_text(st, QT_STATE), "priority", (int)db_col_int(st, QT_PRIORITY),
			 "position", (json_int_t)ahead, "estimated_wait_minutes",
			 (json_int_t)minutes, "issued_at", svc_iso(db_col_int(st, QT_ISSUED_AT)),
			 "called_at", svc_iso_col(st, QT_CALLED_AT), "counter", counter);
	db_done(st);
	return *out ? 0 : internal(p);
}

/* ---- the console ---------------------------------------------------------------- */

/* The counter `id` of the actor's agency, its row positioned; NULL with the
 * problem set when there is none. */
static struct db_stmt *own_counter(struct db *db, const struct actor *who, long long id,
				   struct problem *p)
{
	struct db_stmt *st = qstore_counter(db, id);
	if (st && db_col_int(st, QC_AGENCY) == queue_actor_agency(db, who))
		return st;
	db_done(st);
	problem_set(p, ERR_NOT_FOUND, "counter_not_found", NULL, "Không có quầy này.",
		    "There is no such counter.");
	return NULL;
}

static int ticket_out(struct db *db, long long id, struct problem *p, json_t **out)
{
	struct db_stmt *st = qstore_ticket(db, id);
	if (!st)
		return internal(p);
	*out = staff_ticket(st);
	db_done(st);
	return *out ? 0 : internal(p);
}

int queue_call_next(struct db *db, const struct actor *who, int64_t now, long long counter,
		    struct problem *p, json_t **out)
{
	*out = NULL;
	struct db_stmt *c = own_counter(db, who, counter, p);
	if (!c)
		return p->kind;
	long long agency = db_col_int(c, QC_AGENCY);
	int paused = (int)db_col_int(c, QC_PAUSED);
	int streak = (int)db_col_int(c, QC_STREAK);
	db_done(c);
	if (paused)
		return problem_set(p, ERR_CONFLICT, "counter_paused", NULL,
				   "Quầy đang tạm dừng; mở lại quầy trước khi gọi số.",
				   "The counter is paused; resume it before calling.");
	if (qstore_counter_current(db, counter))
		return problem_set(p, ERR_CONFLICT, "counter_busy", NULL,
				   "Quầy đang phục vụ một số: hoàn thành, chuyển hoặc đánh dấu "
				   "vắng mặt trước khi gọi số tiếp theo.",
				   "The counter is serving a ticket: finish, transfer or mark it "
				   "absent before calling the next one.");
	int64_t day = vn_day_of(now);
	long long pri = qstore_pick(db, counter, agency, day, 1);
	long long ord = qstore_pick(db, counter, agency, day, 0);
	long long id;
	/* priority first, but at most QUEUE_PRIORITY_RUN_MAX in a row while an
	 * ordinary ticket this counter could call is waiting */
	if (pri && (!ord || streak < QUEUE_PRIORITY_RUN_MAX)) {
		id = pri;
		streak = ord ? streak + 1 : 0;
	} else {
		id = ord;
		streak = 0;
	}
	if (!id)
		return problem_set(p, ERR_NOT_FOUND, "queue_empty", NULL,
				   "Không còn ai chờ ở quầy này.",
				   "No one is waiting for this counter.");
	int rc = qstore_ticket_call(db, id, counter, who->staff_id, now);
	if (rc < 0)
		return internal(p);
	if (rc == 0) /* cannot happen while writers are serial; never hand it out twice */
		return problem_set(p, ERR_CONFLICT, "ticket_taken", NULL,
				   "Số này vừa được quầy khác gọi; vui lòng gọi lại.",
				   "Another counter just called this ticket; please call again.");
	if (qstore_counter_duty(db, counter, who->staff_id, streak) ||
	    audit_ticket(
		    db, who, now, "queue.ticket.call", id,
		    json_pack("{s:s,s:I}", "state", "called", "counter", (json_int_t)counter)) ||
	    queue_emit(db, agency, now, "called", id, NULL))
		return internal(p);
	return ticket_out(db, id, p, out);
}

static int bad_state(struct problem *p)
{
	return problem_set(p, ERR_CONFLICT, "bad_state", NULL,
			   "Số thứ tự không ở trạng thái cho phép thao tác này.",
			   "The ticket is not in a state that allows this action.");
}

int queue_ticket_act(struct db *db, const struct actor *who, int64_t now, long long id,
		     const struct queue_action_in *in, struct problem *p, json_t **out)
{
	*out = NULL;
	long long agency = queue_actor_agency(db, who);
	struct db_stmt *st = qstore_ticket(db, id);
	if (!st || db_col_int(st, QT_AGENCY) != agency) {
		db_done(st);
		return problem_set(p, ERR_NOT_FOUND, "ticket_not_found", NULL,
				   "Không có số thứ tự này.", "There is no such ticket.");
	}
	long long counter = db_col_null(st, QT_COUNTER_ID) ? 0 : db_col_int(st, QT_COUNTER_ID);
	int64_t called_at = db_col_null(st, QT_CALLED_AT) ? 0 : db_col_int(st, QT_CALLED_AT);
	char state[16];
	snprintf(state, sizeof state, "%s", db_col_text(st, QT_STATE));
	db_done(st);
	const char *action = NULL, *kind = NULL;
	json_t *after = NULL;
	int rc = 0;
	switch (in->action) {
	case QA_RECALL:
		rc = qstore_ticket_recall(db, id, counter, now);
		action = "queue.ticket.recall";
		kind = "recalled";
		after = json_pack("{s:s}", "state", "called");
		break;
	case QA_START:
		rc = qstore_ticket_state(db, id, "called", NULL, "serving", now);
		action = "queue.ticket.start";
		kind = "serving";
		after = json_pack("{s:s}", "state", "serving");
		break;
	case QA_FINISH:
		rc = qstore_ticket_state(db, id, "serving", "called", "done", now);
		action = "queue.ticket.finish";
		kind = "done";
		after = json_pack("{s:s}", "state", "done");
		break;
	case QA_NO_SHOW:
		if (strcmp(state, "called") == 0 && now - called_at < QUEUE_NO_SHOW_GRACE_S)
			return problem_set(p, ERR_CONFLICT, "too_early", NULL,
					   "Chưa hết thời gian chờ công dân đến quầy (2 phút sau "
					   "lần gọi cuối).",
					   "The citizen still has time to come (2 minutes after "
					   "the last call).");
		rc = qstore_ticket_state(db, id, "called", NULL, "no_show", now);
		action = "queue.ticket.no_show";
		kind = "no_show";
		after = json_pack("{s:s}", "state", "no_show");
		break;
	case QA_TRANSFER: {
		long long gid = 0, to_counter = 0;
		if (given(in->group)) {
			struct db_stmt *g = qstore_group_by_code(db, agency, in->group);
			if (!g)
				return problem_field(p, "group", "Không có nhóm dịch vụ này.",
						     "There is no such service group.");
			gid = db_col_int(g, QG_ID);
			db_done(g);
		}
		if (in->counter) {
			to_counter = qstore_counter_by_number(db, agency, in->counter);
			if (!to_counter)
				return problem_field(p, "counter", "Không có quầy này.",
						     "There is no such counter.");
			if (to_counter == counter)
				return problem_field(p, "counter",
						     "Chuyển sang một quầy khác quầy hiện tại.",
						     "Transfer to another counter than this one.");
		}
		if (!gid && !to_counter)
			return problem_field(p, "group",
					     "Chọn nhóm dịch vụ hoặc quầy để chuyển đến.",
					     "Choose a service group or a counter to transfer to.");
		if (!gid) {
			struct db_stmt *t = qstore_ticket(db, id);
			gid = t ? db_col_int(t, QT_GROUP_ID) : 0;
			db_done(t);
		}
		rc = qstore_ticket_transfer(db, id, gid, to_counter);
		action = "queue.ticket.transfer";
		kind = "transferred";
		after = json_pack("{s:s,s:s?,s:I}", "state", "transferred", "group", in->group,
				  "counter", (json_int_t)in->counter);
		break;
	}
	case QA_DOSSIER:
		if (!given(in->dossier) || !qstore_dossier_in_agency(db, in->dossier, agency))
			return problem_field(p, "dossier", "Không có hồ sơ với mã này ở cơ quan.",
					     "There is no dossier with this code at the agency.");
		rc = qstore_ticket_dossier(db, id, in->dossier);
		action = "queue.ticket.dossier";
		kind = NULL; /* nothing changes on the board */
		after = json_pack("{s:s}", "dossier", in->dossier);
		break;
	}
	if (rc < 0) {
		json_decref(after);
		return internal(p);
	}
	if (rc == 0) {
		json_decref(after);
		return bad_state(p);
	}
	if (audit_ticket(db, who, now, action, id, after) ||
	    (kind && queue_emit(db, agency, now, kind, id, NULL)))
		return internal(p);
	return ticket_out(db, id, p, out);
}

int queue_ticket_link_dossier(struct db *db, const struct actor *who, int64_t now, long long ticket,
			      const char *code, struct problem *p)
{
	/* the intake desk takes the citizen in front of the officer: a ticket
	 * called or being served at a counter of the officer's agency */
	struct db_stmt *st = qstore_ticket(db, ticket);
	int ok = st && db_col_int(st, QT_AGENCY) == queue_actor_agency(db, who) &&
		 !db_col_null(st, QT_COUNTER_ID) &&
		 (strcmp(db_col_text(st, QT_STATE), "called") == 0 ||
		  strcmp(db_col_text(st, QT_STATE), "serving") == 0);
	db_done(st);
	if (!ok)
		return problem_field(p, "ticket",
				     "Số thứ tự này không đang được gọi hay phục vụ tại một quầy "
				     "của cơ quan.",
				     "This ticket is not being called or served at a counter of "
				     "the agency.");
	struct queue_action_in in = {.action = QA_DOSSIER, .dossier = code};
	json_t *out = NULL;
	int rc = queue_ticket_act(db, who, now, ticket, &in, p, &out);
	json_decref(out);
	return rc;
}

int queue_dossier_ticket(struct db *db, const char *code, json_t **out)
{
	struct db_stmt *st = qstore_ticket_of_dossier(db, code);
	if (!st) {
		*out = json_null();
		return 0;
	}
	json_t *counter = db_col_null(st, QT_COUNTER_ID)
				  ? json_null()
				  : json_pack("{s:I,s:s}", "number",
					      (json_int_t)db_col_int(st, QT_COUNTER_NUMBER), "name",
					      db_col_text(st, QT_COUNTER_NAME));
	*out = json_pack(
		"{s:s,s:{s:s,s:s,s:s},s:b,s:s,s:o,s:o,s:o,s:o,s:o,s:s}", "number",
		db_col_text(st, QT_NUMBER), "group", "code", db_col_text(st, QT_GROUP_CODE), "name",
		db_col_text(st, QT_GROUP_NAME), "name_en", db_col_text(st, QT_GROUP_NAME_EN),
		"priority", (int)db_col_int(st, QT_PRIORITY), "state", db_col_text(st, QT_STATE),
		"issued_at", svc_iso(db_col_int(st, QT_ISSUED_AT)), "called_at",
		svc_iso_col(st, QT_CALLED_AT), "started_at", svc_iso_col(st, QT_STARTED_AT),
		"finished_at", svc_iso_col(st, QT_FINISHED_AT), "counter", counter, "officer",
		db_col_text(st, QT_OFFICER));
	db_done(st);
	return *out ? 0 : ERR_INTERNAL;
}

static json_t *counter_json(struct db *db, struct db_stmt *c)
{
	long long id = db_col_int(c, QC_ID);
	long long cur = qstore_counter_current(db, id);
	json_t *current = json_null();
	if (cur) {
		struct db_stmt *t = qstore_ticket(db, cur);
		if (t) {
			json_decref(current);
			current = staff_ticket(t);
			db_done(t);
		}
	}
	return json_pack("{s:I,s:I,s:s,s:o,s:b,s:s,s:s,s:o}", "id", (json_int_t)id, "number",
			 (json_int_t)db_col_int(c, QC_NUMBER), "name", db_col_text(c, QC_NAME),
			 "groups", queue_strings_of(qstore_counter_groups(db, id)), "paused",
			 (int)db_col_int(c, QC_PAUSED), "pause_reason", db_col_text(c, QC_REASON),
			 "officer", db_col_text(c, QC_OFFICER), "current", current);
}

int queue_counters(struct db *db, long long agency, int64_t now, int all, json_t **out)
{
	(void)now;
	/* the rows first: a counter's own statements are the same cached ones */
	long long ids[256];
	int n = 0;
	struct db_stmt *st = all ? qstore_counters_all(db, agency) : qstore_counters(db, agency);
	while (n < 256 && db_step(st) == DB_ROW)
		ids[n++] = db_col_int(st, QC_ID);
	db_done(st);
	json_t *items = json_array();
	for (int i = 0; i < n; i++) {
		struct db_stmt *c = qstore_counter_any(db, ids[i]);
		if (c) {
			json_t *cj = counter_json(db, c);
			json_object_set_new(cj, "active", json_boolean(db_col_int(c, QC_ACTIVE)));
			json_array_append_new(items, cj);
			db_done(c);
		}
	}
	*out = json_pack("{s:o}", "items", items);
	return *out ? 0 : ERR_INTERNAL;
}

int queue_counter_pause(struct db *db, const struct actor *who, int64_t now, long long counter,
			int paused, const char *reason, struct problem *p, json_t **out)
{
	*out = NULL;
	struct db_stmt *c = own_counter(db, who, counter, p);
	if (!c)
		return p->kind;
	long long agency = db_col_int(c, QC_AGENCY);
	long long number = db_col_int(c, QC_NUMBER);
	db_done(c);
	if (paused && !given(reason))
		return problem_field(p, "reason", "Ghi lý do tạm dừng quầy.",
				     "Give the reason for pausing the counter.");
	if (qstore_counter_pause(db, counter, paused, paused ? reason : ""))
		return internal(p);
	char ids[24];
	snprintf(ids, sizeof ids, "%lld", counter);
	json_t *after = json_pack("{s:b,s:s}", "paused", paused, "reason", paused ? reason : "");
	int rc = audit_write(db, who, now, paused ? "queue.counter.pause" : "queue.counter.resume",
			     "queue_counter", ids, NULL, after);
	json_decref(after);
	if (rc || queue_emit(db, agency, now, paused ? "paused" : "resumed", 0,
			     json_pack("{s:I,s:s}", "counter", (json_int_t)number, "reason",
				       paused ? reason : "")))
		return internal(p);
	c = qstore_counter(db, counter);
	if (!c)
		return internal(p);
	*out = counter_json(db, c);
	db_done(c);
	return *out ? 0 : internal(p);
}

/* ---- the board --------------------------------------------------------------------- */

int queue_board(struct db *db, long long agency, int64_t now, json_t **out)
{
	int64_t day = vn_day_of(now);
	long long last = qstore_events_last(db);
	json_t *groups = json_array();
	struct db_stmt *st = qstore_groups(db, agency);
	long long ids[64];
	int n = 0;
	while (n < 64 && db_step(st) == DB_ROW) {
		ids[n++] = db_col_int(st, QG_ID);
		json_array_append_new(groups,
				      json_pack("{s:s,s:s,s:s}", "code", db_col_text(st, QG_CODE),
						"name", db_col_text(st, QG_NAME), "name_en",
						db_col_text(st, QG_NAME_EN)));
	}
	db_done(st);
	for (int i = 0; i < n; i++)
		json_object_set_new(
			json_array_get(groups, (size_t)i), "waiting",
			json_integer((json_int_t)qstore_group_waiting(db, ids[i], day)));
	json_t *calls = json_array();
	st = qstore_last_calls(db, agency, day, QUEUE_LAST_CALLS);
	while (db_step(st) == DB_ROW)
		json_array_append_new(calls, board_ticket(st));
	db_done(st);
	*out = json_pack("{s:I,s:I,s:o,s:o}", "agency", (json_int_t)agency, "last_event_id",
			 (json_int_t)last, "groups", groups, "calls", calls);
	return *out ? 0 : ERR_INTERNAL;
}

int queue_events_after(struct db *db, long long after, int max,
		       void (*fn)(void *arg, long long id, long long agency, const char *kind,
				  const char *data),
		       void *arg)
{
	struct db_stmt *st = qstore_events_after(db, after, max);
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		fn(arg, db_col_int(st, QE_ID), db_col_int(st, QE_AGENCY), db_col_text(st, QE_KIND),
		   db_col_text(st, QE_DATA));
		n++;
	}
	db_done(st);
	return rc == DB_DONE ? n : -1;
}

long long queue_events_last(struct db *db)
{
	return qstore_events_last(db);
}

long long queue_events_first(struct db *db)
{
	return qstore_events_first(db);
}
