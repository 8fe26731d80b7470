/*
 * reception_service.c — the rules of reception days and the reception
 * book (reception.h): the duty warnings, the sessions and their cap, the
 * confirmation code, the visit split into petitions (petition.h), the
 * book's view with its personal data only for the roles that handle
 * reception, and its CSV. No SQL (reception_store.c), nothing of HTTP.
 *
 * Personal data — a registrant's name and contact, a visitor's name,
 * address, ID number, phone — never enters an audit record or a log line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/dossier/dossier.h"
#include "app/petition/petition.h"
#include "app/platform/svc.h"
#include "app/reception/reception.h"
#include "app/reception/reception_store.h"
#include "auth/auth.h"
#include "core/csv.h"
#include "core/ident.h"
#include "core/vntime.h"

static json_t *day_str(int64_t day)
{
	char s[16];
	vn_format_date_days(day, s, sizeof s);
	return json_string(s);
}

static json_t *text_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static int audit(struct db *db, const struct actor *who, int64_t now, const char *action,
		 const char *entity, long long id, json_t *after)
{
	char ids[24];
	snprintf(ids, sizeof ids, "%lld", id);
	int rc = after ? audit_write(db, who, now, action, entity, ids, NULL, after) : ERR_INTERNAL;
	json_decref(after);
	return rc;
}

static long long viewer_agency(struct db *db, const struct actor *v)
{
	return (v->roles & ROLE_PROVINCE) ? 0 : dossier_viewer_agency(db, v);
}

static enum err agency_unknown(struct problem *p)
{
	return problem_set(p, ERR_NOT_FOUND, "agency_not_found", "agency", "Không có cơ quan này.",
			   "There is no such agency.");
}

/* The agency scope of a staff read: the viewer's agency; a province officer
 * every agency (0) or the one named. */
static int staff_scope(struct db *db, const struct actor *viewer, const char *agency_code,
		       long long *agency, struct problem *p)
{
	*agency = viewer_agency(db, viewer);
	if (!(viewer->roles & ROLE_PROVINCE) || !agency_code || !*agency_code)
		return 0;
	struct db_stmt *st = rstore_agency_by_code(db, agency_code);
	if (!st)
		return agency_unknown(p);
	*agency = db_col_int(st, RA_ID);
	db_done(st);
	return 0;
}

/* ---- duties -------------------------------------------------------------------- */

int reception_duties(struct db *db, struct problem *p, json_t **out)
{
	(void)p;
	json_t *items = json_array();
	struct db_stmt *st = rstore_duties(db);
	while (db_step(st) == DB_ROW)
		json_array_append_new(items, json_pack("{s:s,s:s,s:s,s:s,s:I,s:s}", "role",
						       db_col_text(st, RD_ROLE), "name_vi",
						       db_col_text(st, RD_NAME_VI), "name_en",
						       db_col_text(st, RD_NAME_EN), "level",
						       db_col_text(st, RD_LEVEL), "days",
						       (json_int_t)db_col_int(st, RD_DAYS), "per",
						       db_col_text(st, RD_PER)));
	db_done(st);
	*out = json_pack("{s:o}", "items", items);
	return 0;
}

int reception_duty_set(struct db *db, const struct actor *who, int64_t now, const char *role,
		       long long days, const char *per, struct problem *p, json_t **out)
{
	static const char *const pers[] = {"week", "month", NULL};
	*out = NULL;
	if (!svc_one_of(per, pers))
		return problem_field(p, "per", "Chu kỳ phải là tuần hoặc tháng.",
				     "The period must be week or month.");
	if (days < 0 || days > (strcmp(per, "week") == 0 ? 7 : 31))
		return problem_field(p, "days",
				     "Số ngày tiếp công dân không hợp lệ cho chu kỳ này.",
				     "The number of days is not valid for this period.");
	int rc = rstore_duty_set(db, role, days, per, now);
	if (rc < 0)
		return problem_kind(p, ERR_INTERNAL);
	if (rc == 0)
		return problem_set(p, ERR_NOT_FOUND, "duty_not_found", NULL,
				   "Không có chức danh này.", "There is no such role.");
	json_t *after = json_pack("{s:I,s:s}", "days", (json_int_t)days, "per", per);
	int arc = audit_write(db, who, now, "reception.duty", "reception_duty", role, NULL, after);
	json_decref(after); /* audit_write does not take it */
	if (arc != 0)
		return problem_kind(p, ERR_INTERNAL);
	return reception_duties(db, p, out);
}

/* ---- the duty warnings ------------------------------------------------------------ */

/* Distinct days with a session of role in [d0, d1] (day numbers). */
static long long session_days(struct db *db, long long agency, const char *role, int64_t d0,
			      int64_t d1)
{
	struct db_stmt *st = rstore_duty_starts(db, agency, role, vn_instant_of_day(d0),
						vn_instant_of_day(d1 + 1));
	long long n = 0;
	int64_t last = -1;
	while (db_step(st) == DB_ROW) {
		int64_t d = vn_day_of(db_col_int(st, 0));
		if (d != last)
			n++;
		last = d;
	}
	db_done(st);
	return n;
}

static int applies(const char *duty_level, const char *agency_level)
{
	return strcmp(duty_level, "any") == 0 || strcmp(duty_level, agency_level) == 0;
}

static json_t *warning(struct db_stmt *d, int64_t d0, int64_t d1, long long need, long long have)
{
	char vi[400], en[400], a[16], b[16];
	struct vn_date x = vn_civil_from_days(d0), y = vn_civil_from_days(d1);
	snprintf(a, sizeof a, "%02d/%02d", x.d, x.m);
	snprintf(b, sizeof b, "%02d/%02d/%04d", y.d, y.m, y.y);
	int week = strcmp(db_col_text(d, RD_PER), "week") == 0;
	snprintf(vi, sizeof vi,
		 "%s phải tiếp công dân ít nhất %lld ngày mỗi %s; lịch từ %s đến %s mới có %lld "
		 "ngày.",
		 db_col_text(d, RD_NAME_VI), need, week ? "tuần" : "tháng", a, b, have);
	snprintf(en, sizeof en,
		 "The %s must receive citizens at least %lld day(s) a %s; the schedule from %s to "
		 "%s has %lld.",
		 db_col_text(d, RD_NAME_EN), need, week ? "week" : "month", a, b, have);
	return json_pack("{s:s,s:s,s:s,s:s,s:o,s:o,s:I,s:I,s:s,s:s}", "role",
			 db_col_text(d, RD_ROLE), "name_vi", db_col_text(d, RD_NAME_VI), "name_en",
			 db_col_text(d, RD_NAME_EN), "per", db_col_text(d, RD_PER), "from",
			 day_str(d0), "to", day_str(d1), "required", (json_int_t)need, "scheduled",
			 (json_int_t)have, "message_vi", vi, "message_en", en);
}

int reception_warnings(struct db *db, long long agency, int64_t from_day, int64_t to_day,
		       struct problem *p, json_t **out)
{
	*out = NULL;
	struct db_stmt *ag = rstore_agency(db, agency);
	if (!ag)
		return agency_unknown(p);
	char level[16];
	snprintf(level, sizeof level, "%s", db_col_text(ag, RA_LEVEL));
	db_done(ag);
	json_t *arr = json_array();
	struct db_stmt *d = rstore_duties(db);
	while (db_step(d) == DB_ROW) {
		long long need = db_col_int(d, RD_DAYS);
		if (need <= 0 || !applies(db_col_text(d, RD_LEVEL), level))
			continue;
		const char *role = db_col_text(d, RD_ROLE);
		if (strcmp(db_col_text(d, RD_PER), "week") == 0) {
			/* the first Monday on or after from_day */
			int64_t w = from_day + (8 - vn_weekday(from_day)) % 7;
			for (; w + 6 <= to_day; w += 7) {
				long long have = session_days(db, agency, role, w, w + 6);
				if (have < need)
					json_array_append_new(arr,
							      warning(d, w, w + 6, need, have));
			}
		} else {
			struct vn_date c = vn_civil_from_days(from_day);
			if (c.d != 1) {
				c.m++;
				if (c.m > 12) {
					c.m = 1;
					c.y++;
				}
			}
			for (;;) {
				int64_t m0 = vn_days_from_civil(c.y, c.m, 1);
				int64_t m1 = m0 + vn_days_in_month(c.y, c.m) - 1;
				if (m1 > to_day)
					break;
				long long have = session_days(db, agency, role, m0, m1);
				if (have < need)
					json_array_append_new(arr, warning(d, m0, m1, need, have));
				if (++c.m > 12) {
					c.m = 1;
					c.y++;
				}
			}
		}
	}
	db_done(d);
	*out = arr;
	return 0;
}

/* ---- sessions ---------------------------------------------------------------------- */

static json_t *session_view(struct db_stmt *st, int64_t now, int staff)
{
	long long cap = db_col_int(st, RS_CAPACITY), reg = db_col_int(st, RS_REGISTERED);
	json_t *o = json_pack(
		"{s:I,s:{s:s,s:s},s:s,s:o,s:o,s:o,s:s,s:s,s:s,s:I,s:I,s:b,s:b}", "id",
		(json_int_t)db_col_int(st, RS_ID), "agency", "code",
		db_col_text(st, RS_AGENCY_CODE), "name", db_col_text(st, RS_AGENCY_NAME),
		"leader_name", db_col_text(st, RS_LEADER_NAME), "leader_title",
		text_or_null(db_col_text(st, RS_LEADER_TITLE)), "starts_at",
		svc_iso(db_col_int(st, RS_STARTS)), "ends_at", svc_iso(db_col_int(st, RS_ENDS)),
		"place", db_col_text(st, RS_PLACE), "kind", db_col_text(st, RS_KIND), "mode",
		db_col_text(st, RS_MODE), "capacity", (json_int_t)cap, "registered",
		(json_int_t)reg, "full", reg >= cap, "past", db_col_int(st, RS_ENDS) <= now);
	if (o && staff) {
		json_object_set_new(o, "leader_role",
				    text_or_null(db_col_text(st, RS_LEADER_ROLE)));
		json_object_set_new(o, "note", json_string(db_col_text(st, RS_NOTE)));
		json_object_set_new(o, "cancelled",
				    json_boolean(db_col_int(st, RS_CANCELLED) != 0));
	}
	return o;
}

static int session_check(struct db *db, const struct reception_session_in *in, struct problem *p)
{
	static const char *const kinds[] = {"regular", "periodic", "ad_hoc", NULL};
	static const char *const modes[] = {"in_person", "online", NULL};
	if (!svc_has_text(in->leader_name))
		return problem_field(p, "leader_name", "Vui lòng nhập người chủ trì tiếp công dân.",
				     "Please enter the leader who receives citizens.");
	if (!in->starts_at)
		return problem_field(p, "starts_at", "Vui lòng nhập thời gian bắt đầu.",
				     "Please enter the start time.");
	if (in->ends_at <= in->starts_at || vn_day_of(in->ends_at) != vn_day_of(in->starts_at))
		return problem_field(
			p, "ends_at",
			"Thời gian kết thúc phải sau thời gian bắt đầu, trong cùng ngày.",
			"The end must be after the start, on the same day.");
	if (!svc_has_text(in->place))
		return problem_field(p, "place", "Vui lòng nhập địa điểm tiếp công dân.",
				     "Please enter the place.");
	if (!svc_one_of(in->kind, kinds))
		return problem_field(p, "kind",
				     "Hình thức phải là thường xuyên, định kỳ hoặc đột xuất.",
				     "The kind must be regular, periodic or ad hoc.");
	if (!svc_one_of(in->mode, modes))
		return problem_field(p, "mode", "Cách thức phải là trực tiếp hoặc trực tuyến.",
				     "The mode must be in person or online.");
	if (in->capacity < 0 || in->capacity > RECEPTION_CAPACITY_MAX)
		return problem_field(p, "capacity", "Số người đăng ký tối đa không hợp lệ (0–500).",
				     "The registration cap is not valid (0–500).");
	if (in->leader_role && *in->leader_role) {
		int found = 0;
		struct db_stmt *st = rstore_duties(db);
		while (!found && db_step(st) == DB_ROW)
			found = strcmp(db_col_text(st, RD_ROLE), in->leader_role) == 0;
		db_done(st);
		if (!found)
			return problem_field(p, "leader_role", "Chức danh không có trong danh mục.",
					     "The role is not in the list.");
	}
	return 0;
}

static enum err session_not_found(struct problem *p)
{
	return problem_set(p, ERR_NOT_FOUND, "session_not_found", NULL,
			   "Không có buổi tiếp công dân này.",
			   "There is no such reception session.");
}

int reception_session_save(struct db *db, const struct actor *who, int64_t now, long long id,
			   const struct reception_session_in *in, struct problem *p, json_t **out)
{
	*out = NULL;
	long long agency = dossier_viewer_agency(db, who);
	if (!agency)
		return agency_unknown(p);
	int rc = session_check(db, in, p), created = id == 0;
	if (rc)
		return rc;
	if (id) {
		struct db_stmt *st = rstore_session(db, id, agency);
		if (!st)
			return session_not_found(p);
		db_done(st);
		if (rstore_session_update(db, id, in, now))
			return problem_kind(p, ERR_INTERNAL);
	} else if (rstore_session_insert(db, agency, in, who->staff_id, now, &id))
		return problem_kind(p, ERR_INTERNAL);
	json_t *after = json_pack("{s:s,s:s,s:s,s:I,s:b}", "kind", in->kind, "mode", in->mode,
				  "leader_role", in->leader_role ? in->leader_role : "", "capacity",
				  (json_int_t)in->capacity, "cancelled", in->cancelled);
	/* the leader's name is a public duty, but stays out of the trail too */
	if (audit(db, who, now, created ? "reception.session_create" : "reception.session_update",
		  "reception_session", id, after))
		return problem_kind(p, ERR_INTERNAL);
	struct db_stmt *st = rstore_session(db, id, agency);
	if (!st)
		return problem_kind(p, ERR_INTERNAL);
	*out = session_view(st, now, 1);
	db_done(st);
	return *out ? 0 : problem_kind(p, ERR_INTERNAL);
}

static int range_check(int64_t from_day, int64_t to_day, struct problem *p)
{
	if (to_day < from_day || to_day - from_day > RECEPTION_RANGE_DAYS)
		return problem_set(p, ERR_BAD_REQUEST, "bad_parameter", "to",
				   "Khoảng thời gian không hợp lệ (tối đa 400 ngày).",
				   "The period is not valid (at most 400 days).");
	return 0;
}

int reception_public_sessions(struct db *db, int64_t now, const char *agency_code, int64_t from_day,
			      int64_t to_day, struct problem *p, json_t **out)
{
	*out = NULL;
	if (range_check(from_day, to_day, p))
		return p->kind;
	long long agency = 0;
	if (agency_code && *agency_code) {
		struct db_stmt *ag = rstore_agency_by_code(db, agency_code);
		if (!ag)
			return agency_unknown(p);
		agency = db_col_int(ag, RA_ID);
		db_done(ag);
	}
	json_t *items = json_array();
	struct db_stmt *st = rstore_sessions(db, agency, vn_instant_of_day(from_day),
					     vn_instant_of_day(to_day + 1), 0);
	while (db_step(st) == DB_ROW)
		json_array_append_new(items, session_view(st, now, 0));
	db_done(st);
	*out = json_pack("{s:o,s:o,s:o}", "from", day_str(from_day), "to", day_str(to_day), "items",
			 items);
	return 0;
}

int reception_staff_sessions(struct db *db, const struct actor *viewer, int64_t now,
			     const char *agency_code, int64_t from_day, int64_t to_day,
			     struct problem *p, json_t **out)
{
	*out = NULL;
	long long agency;
	if (range_check(from_day, to_day, p) || staff_scope(db, viewer, agency_code, &agency, p))
		return p->kind;
	json_t *items = json_array();
	struct db_stmt *st = rstore_sessions(db, agency, vn_instant_of_day(from_day),
					     vn_instant_of_day(to_day + 1), 1);
	while (db_step(st) == DB_ROW)
		json_array_append_new(items, session_view(st, now, 1));
	db_done(st);
	json_t *warnings = NULL, *ag = json_null();
	if (agency) {
		if (reception_warnings(db, agency, from_day, to_day, p, &warnings)) {
			json_decref(items);
			return p->kind;
		}
		struct db_stmt *a = rstore_agency(db, agency);
		if (a) {
			ag = json_pack("{s:s,s:s,s:s}", "code", db_col_text(a, RA_CODE), "name",
				       db_col_text(a, RA_NAME), "level", db_col_text(a, RA_LEVEL));
			db_done(a);
		}
	} else
		warnings = json_array();
	*out = json_pack("{s:o,s:o,s:o,s:o,s:o}", "agency", ag, "from", day_str(from_day), "to",
			 day_str(to_day), "items", items, "warnings", warnings);
	return 0;
}

int reception_registrations(struct db *db, const struct actor *viewer, long long session_id,
			    struct problem *p, json_t **out)
{
	*out = NULL;
	if (!(viewer->roles & RECEPTION_PD_ROLES))
		return problem_kind(p, ERR_FORBIDDEN);
	struct db_stmt *s = rstore_session(db, session_id, dossier_viewer_agency(db, viewer));
	if (!s)
		return session_not_found(p);
	db_done(s);
	json_t *items = json_array();
	struct db_stmt *st = rstore_registrations(db, session_id);
	while (db_step(st) == DB_ROW)
		json_array_append_new(items, json_pack("{s:s,s:s,s:s,s:s,s:o}", "code",
						       db_col_text(st, RR_CODE), "name",
						       db_col_text(st, RR_NAME), "contact",
						       db_col_text(st, RR_CONTACT), "subject",
						       db_col_text(st, RR_SUBJECT), "created_at",
						       svc_iso(db_col_int(st, RR_CREATED))));
	db_done(st);
	*out = json_pack("{s:o}", "items", items);
	return 0;
}

static const char CODE_ALPHABET[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

static void registration_code(char out[RECEPTION_CODE_LEN + 1])
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	char rnd[AUTH_TOKEN_LEN + 1];
	auth_token_new(rnd);
	size_t o = 0;
	out[o++] = 'R';
	out[o++] = 'C';
	for (int k = 0; k < 8; k++) {
		if (k % 4 == 0)
			out[o++] = '-';
		const char *at = strchr(b64, rnd[k]);
		int v = at && rnd[k] ? (int)(at - b64) : k;
		out[o++] = CODE_ALPHABET[v % 32];
	}
	out[o] = 0;
}

int reception_register(struct db *db, const struct actor *who, int64_t now, long long session_id,
		       const char *name, const char *contact, const char *subject,
		       struct problem *p, json_t **out)
{
	*out = NULL;
	if (!svc_has_text(name))
		return problem_field(p, "name", "Vui lòng nhập họ và tên.",
				     "Please enter your full name.");
	char norm[IDENT_EMAIL_CAP > IDENT_PHONE_CAP ? IDENT_EMAIL_CAP : IDENT_PHONE_CAP];
	if (!svc_has_text(contact))
		return problem_field(
			p, "contact",
			"Vui lòng nhập số điện thoại di động hoặc thư điện tử để liên hệ.",
			"Please enter a mobile number or an e-mail address.");
	if (strchr(contact, '@')) {
		if (ident_check_email(contact, strlen(contact), norm, sizeof norm) != IDENT_OK)
			return problem_field(
				p, "contact",
				"Địa chỉ thư điện tử không đúng (ví dụ: ten@example.vn).",
				"The e-mail address is not valid (e.g. name@example.vn).");
	} else if (ident_check_mobile(contact, strlen(contact), norm, sizeof norm) != IDENT_OK)
		return problem_field(
			p, "contact",
			"Số điện thoại di động không đúng (10 chữ số, ví dụ 0905 123 456).",
			"The mobile number is not valid (10 digits, e.g. 0905 123 456).");
	if (!svc_has_text(subject))
		return problem_field(p, "subject", "Vui lòng nêu tóm tắt nội dung cần trình bày.",
				     "Please state briefly what you wish to raise.");
	struct db_stmt *st = rstore_session(db, session_id, 0);
	if (!st)
		return session_not_found(p);
	int closed = db_col_int(st, RS_CANCELLED) != 0 || db_col_int(st, RS_STARTS) <= now;
	long long cap = db_col_int(st, RS_CAPACITY);
	db_done(st);
	if (closed)
		return problem_set(p, ERR_CONFLICT, "session_closed", NULL,
				   "Buổi tiếp công dân này đã diễn ra hoặc đã bị hủy.",
				   "This reception session has passed or was cancelled.");
	if (rstore_registration_count(db, session_id) >= cap)
		return problem_set(
			p, ERR_CONFLICT, "session_full", NULL,
			"Buổi tiếp công dân này đã đủ số người đăng ký; vui lòng chọn "
			"buổi khác.",
			"This reception session is fully booked; please choose another.");
	char code[RECEPTION_CODE_LEN + 1];
	for (int tries = 0;; tries++) {
		registration_code(code);
		if (!rstore_registration_code_taken(db, code))
			break;
		if (tries > 5)
			return problem_kind(p, ERR_INTERNAL);
	}
	if (rstore_registration_insert(db, session_id, code, name, norm, subject, now))
		return problem_kind(p, ERR_INTERNAL);
	if (audit(db, who, now, "reception.register", "reception_session", session_id,
		  json_pack("{s:s}", "code", code)))
		return problem_kind(p, ERR_INTERNAL);
	st = rstore_session(db, session_id, 0);
	if (!st)
		return problem_kind(p, ERR_INTERNAL);
	*out = json_pack("{s:s,s:o}", "code", code, "session", session_view(st, now, 0));
	db_done(st);
	return *out ? 0 : problem_kind(p, ERR_INTERNAL);
}

/* ---- the reception book ------------------------------------------------------------- */

static int matter_field(struct problem *p, int i, const char *key, const char *vi, const char *en)
{
	char f[40];
	snprintf(f, sizeof f, "matters[%d].%s", i, key);
	return problem_field(p, f, vi, en);
}

int reception_visit_record(struct db *db, struct app *a, const struct actor *who, int64_t now,
			   const struct reception_visit_in *in, struct problem *p, json_t **out,
			   int *mailed)
{
	static const char *const types[] = {"complaint", "denunciation", "recommendation",
					    "reflection", NULL};
	*out = NULL;
	if (!(who->roles & RECEPTION_PD_ROLES))
		return problem_kind(p, ERR_FORBIDDEN);
	long long agency = dossier_viewer_agency(db, who);
	if (!agency)
		return agency_unknown(p);
	if (!svc_has_text(in->visitors))
		return problem_field(p, "visitors", "Vui lòng nhập họ tên người đến.",
				     "Please enter the visitor's name.");
	if (in->people < 1 || in->people > 1000)
		return problem_field(p, "people", "Số người phải từ 1 đến 1000.",
				     "The number of people must be between 1 and 1000.");
	if (in->n_matters < 1)
		return problem_field(p, "matters", "Vui lòng nhập ít nhất một nội dung.",
				     "Please enter at least one matter.");
	for (int i = 0; i < in->n_matters; i++) {
		if (!svc_one_of(in->matters[i].type, types))
			return matter_field(p, i, "type",
					    "Vui lòng chọn loại: khiếu nại, tố cáo, kiến nghị hoặc "
					    "phản ánh.",
					    "Please choose the type: complaint, denunciation, "
					    "recommendation or reflection.");
		if (!svc_has_text(in->matters[i].content))
			return matter_field(p, i, "content", "Vui lòng nhập nội dung.",
					    "Please enter the content.");
	}
	if (in->session_id) {
		struct db_stmt *s = rstore_session(db, in->session_id, agency);
		if (!s)
			return problem_field(p, "session_id", "Không có buổi tiếp công dân này.",
					     "There is no such reception session.");
		db_done(s);
	}
	struct reception_visit_in v = *in;
	if (!v.visited_at)
		v.visited_at = now;
	if (v.visited_at > now + 3600)
		return problem_field(p, "visited_at", "Ngày tiếp không được ở tương lai.",
				     "The date of the visit cannot be in the future.");
	/* the summary: given, or the matters' contents */
	struct buf sum;
	buf_init(&sum, 64u << 10);
	int be = 0;
	if (svc_has_text(in->content))
		be |= buf_puts(&sum, in->content);
	else
		for (int i = 0; i < in->n_matters; i++)
			be |= buf_printf(&sum, "%s%d. %s", i ? "\n" : "", i + 1,
					 in->matters[i].content);
	size_t sl;
	char *summary = buf_steal(&sum, &sl);
	if (be) {
		free(summary);
		return problem_kind(p, ERR_INTERNAL);
	}
	long long seq = rstore_visit_next_seq(db, agency), id;
	int rc = rstore_visit_insert(db, agency, seq, &v, summary ? summary : "", who->staff_id,
				     now, &id);
	free(summary);
	if (rc)
		return problem_kind(p, ERR_INTERNAL);
	json_t *pets = json_array(), *types_a = json_array();
	for (int i = 0; i < in->n_matters; i++) {
		const struct reception_matter_in *m = &in->matters[i];
		struct petition_in pin = {0};
		pin.channel = "reception";
		pin.type = m->type;
		pin.field = m->field;
		pin.content = m->content;
		pin.people = v.people;
		pin.name = v.visitors;
		pin.phone = v.phone;
		pin.address = v.address;
		pin.id_number = v.id_number;
		json_t *po = NULL;
		int pm = 0;
		rc = petition_create(db, a, who, now, &pin, p, &po, &pm);
		if (rc) {
			json_decref(pets);
			json_decref(types_a);
			if (p->field[0] && strncmp(p->field, "matters", 7) != 0) {
				/* the visitor's fields keep their names; a matter's are indexed */
				if (!strcmp(p->field, "content") || !strcmp(p->field, "type")) {
					char f[sizeof p->field];
					snprintf(f, sizeof f, "matters[%d].%.10s", i, p->field);
					memcpy(p->field, f, sizeof f);
				} else if (!strcmp(p->field, "name"))
					snprintf(p->field, sizeof p->field, "visitors");
			}
			return rc;
		}
		*mailed |= pm;
		long long pid = json_integer_value(json_object_get(po, "id"));
		if (rstore_matter_insert(db, id, i + 1, pid, m->type, m->field)) {
			json_decref(po);
			json_decref(pets);
			json_decref(types_a);
			return problem_kind(p, ERR_INTERNAL);
		}
		json_array_append_new(pets,
				      json_pack("{s:I,s:O,s:s}", "id", (json_int_t)pid, "code",
						json_object_get(po, "code"), "type", m->type));
		json_array_append_new(types_a, json_string(m->type));
		json_decref(po);
	}
	if (audit(db, who, now, "reception.visit", "reception_visit", id,
		  json_pack("{s:I,s:I,s:O,s:b}", "seq", (json_int_t)seq, "people",
			    (json_int_t)v.people, "types", types_a, "within_competence",
			    v.within_competence))) {
		json_decref(pets);
		json_decref(types_a);
		return problem_kind(p, ERR_INTERNAL);
	}
	json_decref(types_a);
	*out = json_pack("{s:I,s:I,s:o,s:o}", "id", (json_int_t)id, "seq", (json_int_t)seq,
			 "visited_at", svc_iso(v.visited_at), "petitions", pets);
	return *out ? 0 : problem_kind(p, ERR_INTERNAL);
}

static const char *type_vi(const char *t)
{
	if (!strcmp(t, "complaint"))
		return "Khiếu nại";
	if (!strcmp(t, "denunciation"))
		return "Tố cáo";
	if (!strcmp(t, "recommendation"))
		return "Kiến nghị";
	return "Phản ánh";
}

int reception_book(struct db *db, const struct actor *viewer, const char *agency_code,
		   int64_t from_day, int64_t to_day, struct problem *p, json_t **out)
{
	*out = NULL;
	long long agency;
	if (range_check(from_day, to_day, p) || staff_scope(db, viewer, agency_code, &agency, p))
		return p->kind;
	int personal = (viewer->roles & RECEPTION_PD_ROLES) != 0;
	int64_t t0 = vn_instant_of_day(from_day), t1 = vn_instant_of_day(to_day + 1);
	/* matters by visit id, gathered first */
	json_t *by_visit = json_object();
	struct db_stmt *m = rstore_matters(db, agency, t0, t1);
	while (db_step(m) == DB_ROW) {
		char k[24];
		snprintf(k, sizeof k, "%lld", (long long)db_col_int(m, RM_VISIT));
		json_t *arr = json_object_get(by_visit, k);
		if (!arr) {
			arr = json_array();
			json_object_set_new(by_visit, k, arr);
		}
		json_array_append_new(arr, json_pack("{s:I,s:s,s:s,s:s,s:s}", "id",
						     (json_int_t)db_col_int(m, RM_PETITION), "code",
						     db_col_text(m, RM_CODE), "type",
						     db_col_text(m, RM_TYPE), "field",
						     db_col_text(m, RM_FIELD), "status",
						     db_col_text(m, RM_STATUS)));
	}
	db_done(m);
	json_t *items = json_array();
	struct db_stmt *st = rstore_visits(db, agency, t0, t1);
	while (db_step(st) == DB_ROW) {
		char k[24];
		snprintf(k, sizeof k, "%lld", (long long)db_col_int(st, RV_ID));
		json_t *pets = json_object_get(by_visit, k);
		pets = pets ? json_incref(pets) : json_array();
		json_t *types = json_array();
		char labels[200] = "", fields[400] = "";
		int confidential = 0;
		size_t i;
		json_t *pe;
		json_array_foreach (pets, i, pe) {
			const char *t = json_string_value(json_object_get(pe, "type"));
			const char *f = json_string_value(json_object_get(pe, "field"));
			confidential |= strcmp(t, "denunciation") == 0;
			int seen = 0;
			size_t j;
			json_t *x;
			json_array_foreach (types, j, x)
				seen |= strcmp(json_string_value(x), t) == 0;
			if (!seen) {
				json_array_append_new(types, json_string(t));
				size_t l = strlen(labels);
				snprintf(labels + l, sizeof labels - l, "%s%s", l ? ", " : "",
					 type_vi(t));
			}
			if (f && *f && !strstr(fields, f)) {
				size_t l = strlen(fields);
				snprintf(fields + l, sizeof fields - l, "%s%s", l ? "; " : "", f);
			}
		}
		int show = personal && !confidential;
		json_t *o = json_pack(
			"{s:I,s:s,s:I,s:o,s:o,s:o,s:o,s:I,s:s,s:o,s:s,s:s,s:b,s:s,s:s,s:s,s:s,s:s,"
			"s:s,s:b,s:o}",
			"id", (json_int_t)db_col_int(st, RV_ID), "agency",
			db_col_text(st, RV_AGENCY_CODE), "seq", (json_int_t)db_col_int(st, RV_SEQ),
			"visited_at", svc_iso(db_col_int(st, RV_VISITED)), "visitors",
			show ? json_string(db_col_text(st, RV_VISITORS)) : json_null(), "address",
			show ? json_string(db_col_text(st, RV_ADDRESS)) : json_null(), "id_number",
			show ? json_string(db_col_text(st, RV_ID_NUMBER)) : json_null(), "people",
			(json_int_t)db_col_int(st, RV_PEOPLE), "content",
			db_col_text(st, RV_CONTENT), "types", types, "type_labels", labels,
			"fields", fields, "within_competence", db_col_int(st, RV_COMPETENT) != 0,
			"prior_handling", db_col_text(st, RV_PRIOR), "guided_to",
			db_col_text(st, RV_GUIDED_TO), "guided_doc", db_col_text(st, RV_GUIDED_DOC),
			"transfer_to", db_col_text(st, RV_TRANSFER_TO), "transfer_doc",
			db_col_text(st, RV_TRANSFER_DOC), "follow_up",
			db_col_text(st, RV_FOLLOW_UP), "confidential", confidential, "petitions",
			pets);
		if (o)
			json_object_set_new(o, "note", json_string(db_col_text(st, RV_NOTE)));
		json_array_append_new(items, o);
	}
	db_done(st);
	json_decref(by_visit);
	json_t *ag = json_null();
	if (agency) {
		struct db_stmt *a = rstore_agency(db, agency);
		if (a) {
			ag = json_pack("{s:s,s:s}", "code", db_col_text(a, RA_CODE), "name",
				       db_col_text(a, RA_NAME));
			db_done(a);
		}
	}
	*out = json_pack("{s:o,s:o,s:o,s:b,s:o}", "agency", ag, "from", day_str(from_day), "to",
			 day_str(to_day), "personal_data", personal, "items", items);
	return *out ? 0 : problem_kind(p, ERR_INTERNAL);
}

static const char *jstr(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

int reception_book_csv(json_t *book, struct buf *b)
{
	static const char *const head[] = {"STT",
					   "Ngày tiếp",
					   "Họ tên, địa chỉ",
					   "Số CCCD/Hộ chiếu",
					   "Nội dung vụ việc",
					   "Phân loại",
					   "Lĩnh vực",
					   "Số người",
					   "Cơ quan đã giải quyết",
					   "Thuộc thẩm quyền",
					   "Hướng dẫn đến cơ quan có thẩm quyền",
					   "Số văn bản hướng dẫn",
					   "Cơ quan tiếp nhận (chuyển đơn)",
					   "Số văn bản chuyển",
					   "Theo dõi kết quả giải quyết",
					   "Mã đơn",
					   "Ghi chú"};
	size_t nh = sizeof head / sizeof head[0];
	int rc = buf_puts(b, "\xEF\xBB\xBF");
	for (size_t i = 0; i < nh; i++)
		rc |= csv_put(b, head[i], i + 1 == nh);
	size_t i;
	json_t *r;
	json_array_foreach (json_object_get(book, "items"), i, r) {
		char seq[24], date[40], who[800], people[24], codes[400] = "";
		snprintf(seq, sizeof seq, "%lld",
			 (long long)json_integer_value(json_object_get(r, "seq")));
		snprintf(date, sizeof date, "%.10s", jstr(r, "visited_at"));
		int conf = json_is_true(json_object_get(r, "confidential"));
		json_t *vis = json_object_get(r, "visitors");
		if (json_is_string(vis))
			snprintf(who, sizeof who, "%s%s%s", json_string_value(vis),
				 *jstr(r, "address") ? ", " : "", jstr(r, "address"));
		else
			snprintf(who, sizeof who, "%s",
				 conf ? "Bảo mật (đơn tố cáo)" : "(không hiển thị)");
		snprintf(people, sizeof people, "%lld",
			 (long long)json_integer_value(json_object_get(r, "people")));
		size_t j;
		json_t *pe;
		json_array_foreach (json_object_get(r, "petitions"), j, pe) {
			size_t l = strlen(codes);
			snprintf(codes + l, sizeof codes - l, "%s%s", l ? " " : "",
				 jstr(pe, "code"));
		}
		const char *cells[] = {seq,
				       date,
				       who,
				       jstr(r, "id_number"),
				       jstr(r, "content"),
				       jstr(r, "type_labels"),
				       jstr(r, "fields"),
				       people,
				       jstr(r, "prior_handling"),
				       json_is_true(json_object_get(r, "within_competence")) ? "x"
											     : "",
				       jstr(r, "guided_to"),
				       jstr(r, "guided_doc"),
				       jstr(r, "transfer_to"),
				       jstr(r, "transfer_doc"),
				       jstr(r, "follow_up"),
				       codes,
				       jstr(r, "note")};
		for (size_t k = 0; k < nh; k++)
			rc |= csv_put_text(b, cells[k], k + 1 == nh);
	}
	return rc ? -1 : 0;
}
