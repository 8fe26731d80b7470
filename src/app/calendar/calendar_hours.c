/*
 * calendar_hours.c — each agency's working hours and cut-off (DECISIONS
 * D30): the list every officer reads and the administrator's change. The
 * hours are the agency table's work_periods and cutoff; the clock
 * (platform/clock.c) keeps every agency's and plans a dossier with the
 * hours of the agencies that handle it. A change reads every agency's hours
 * back inside its transaction; the handler publishes them after the commit
 * (app_clock_set_hours) and the other servers hear DB_CHANNEL_CALENDAR.
 * Appointments already promised are never recomputed (docs/CALENDAR.md).
 *
 * Threading: no state; the caller's connection.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/calendar/calendar.h"
#include "app/calendar/calendar_store.h"
#include "core/log.h"

static int internal(struct problem *p, const struct actor *who, const char *what)
{
	log_error("calendar=%s rid=%s", what, who && who->rid ? who->rid : "-");
	return problem_kind(p, ERR_INTERNAL);
}

/* One agency's item from its stored texts. */
static json_t *hours_item(const char *code, const char *name, const char *centre, int home,
			  const char *wp, const char *co)
{
	struct wc_hours h;
	wc_hours_default(&h);
	int cut;
	int64_t day = 0;
	int no_cut = strcmp(co, "") == 0 || strcmp(co, "none") == 0;
	if (wc_hours_parse(&h, wp, strlen(wp)) == 0 &&
	    (no_cut || wc_parse_hhmm(co, strlen(co), &cut) == 0))
		day = wc_day_seconds(&h);
	return json_pack("{s:{s:s,s:s},s:s,s:b,s:s,s:o,s:I}", "agency", "code", code, "name", name,
			 "centre", centre, "home", home, "work_periods", wp, "cutoff",
			 no_cut ? json_null() : json_string(co), "day_working_seconds",
			 (json_int_t)day);
}

int calendar_hours_json(struct db *db, json_t **out, struct problem *p)
{
	struct db_stmt *st = calendar_db_hours_list(db);
	json_t *items = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(items, hours_item(db_col_text(st, 0), db_col_text(st, 1),
							db_col_text(st, 2), db_col_int(st, 3) != 0,
							db_col_text(st, 4), db_col_text(st, 5)));
	db_done(st);
	if (rc != DB_DONE) {
		json_decref(items);
		*out = NULL;
		return internal(p, NULL, "hours_read_failed");
	}
	*out = json_pack("{s:o}", "items", items);
	return 0;
}

void calendar_hours_change_free(struct calendar_hours_change *ch)
{
	free(ch->next);
	json_decref(ch->entry);
	memset(ch, 0, sizeof *ch);
}

int calendar_hours_set(struct db *db, const struct actor *who, int64_t now, const char *code,
		       const char *work_periods, const char *cutoff,
		       struct calendar_hours_change *out, struct problem *p)
{
	memset(out, 0, sizeof *out);
	struct wc_hours h;
	wc_hours_default(&h);
	char wp[128], cut[16] = "";
	if (wc_hours_parse(&h, work_periods, strlen(work_periods)) != 0 || !wc_hours_valid(&h) ||
	    wc_hours_format(&h, wp, sizeof wp) < 0)
		return problem_field(
			p, "work_periods",
			"Giờ làm việc phải có dạng 07:30-11:30,13:00-17:00: tối đa 4 buổi, theo "
			"thứ "
			"tự, không chồng lên nhau.",
			"Working periods must look like 07:30-11:30,13:00-17:00: at most 4, in "
			"order, not overlapping.");
	if (cutoff) {
		int m;
		if (wc_parse_hhmm(cutoff, strlen(cutoff), &m) != 0 || m <= h.start[0] ||
		    m > h.end[h.n - 1])
			return problem_field(
				p, "cutoff",
				"Giờ tiếp nhận cuối ngày phải có dạng HH:MM, trong giờ "
				"làm việc.",
				"The cut-off must be HH:MM, within the working hours.");
		snprintf(cut, sizeof cut, "%02d:%02d", m / 60, m % 60);
	}
	struct db_stmt *st = calendar_db_agency(db, code);
	if (!st)
		return problem_set(p, ERR_NOT_FOUND, "not_found", "agency",
				   "Không có cơ quan với mã này.",
				   "There is no agency with this code.");
	long long id = db_col_int(st, 0);
	json_t *before = json_pack("{s:s,s:s}", "work_periods", db_col_text(st, 2), "cutoff",
				   db_col_text(st, 3));
	db_done(st);
	/* the home agency's administrator runs the province's system; any other
	 * administrator sets his own agency's hours */
	long long mine = calendar_db_actor_agency(db, who->unit_id);
	json_t *entry = NULL;
	if (mine != id && !calendar_db_is_home(db, mine)) {
		json_decref(before);
		return problem_set(p, ERR_FORBIDDEN, "not_your_agency", "agency",
				   "Chỉ quản trị viên của cơ quan này (hoặc của trung tâm vận hành "
				   "hệ thống) được thay đổi giờ làm việc của cơ quan.",
				   "Only an administrator of this agency (or of the centre running "
				   "the system) may change its working hours.");
	}
	json_t *after = json_pack("{s:s,s:s}", "work_periods", wp, "cutoff", cut);
	int rc = calendar_db_set_hours(db, id, wp, cut) ||
		 audit_write(db, who, now, "agency.hours_set", "agency", code, before, after) ||
		 db_notify(db, DB_CHANNEL_CALENDAR) != DB_OK;
	json_decref(before);
	json_decref(after);
	if (rc)
		return internal(p, who, "hours_write_failed");
	if (calendar_all_hours(db, &out->next, &out->n) != 0)
		return internal(p, who, "hours_read_failed");
	json_t *list;
	if (calendar_hours_json(db, &list, p))
		return p->kind;
	json_t *it;
	size_t i;
	json_array_foreach (json_object_get(list, "items"), i, it)
		if (!strcmp(json_string_value(
				    json_object_get(json_object_get(it, "agency"), "code")),
			    code))
			entry = json_incref(it);
	json_decref(list);
	out->entry = entry;
	return 0;
}
