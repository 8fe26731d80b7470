/*
 * officials_service.c — the officials domain's shared rules (who the actor
 * is to an official, the metrics and ratings, the history as JSON) and the
 * criteria sets (item 1): a draft per agency and year, edited by the
 * leaders or the administrator, copied from another year, published by a
 * leader (frozen and public), reopened by a leader with a recorded reason.
 * Rules: docs/DECISIONS.md D42.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/officials/officials_int.h"
#include "core/roles.h"
#include "core/vntime.h"

/* ---- metrics and ratings ---- */

/* norm < 0: no agency-wide norm (only a commitment's target is checked) */
const struct off_metric off_metrics[] = {
	{"on_time_rate", "Tỷ lệ bước xử lý hồ sơ đúng hạn (%)", "On-time rate of their steps (%)",
	 "min", 90, 100},
	{"late_steps", "Số bước xử lý hồ sơ quá hạn", "Steps handled late", "max", -1, 10000},
	{"avg_step_hours", "Thời gian xử lý trung bình một bước (giờ làm việc)",
	 "Average step time (working hours)", "max", -1, 1000},
	{"satisfied_rate", "Tỷ lệ người dân hài lòng (%)", "Citizens satisfied (%)", "min", 80,
	 100},
	{"not_satisfied", "Số đánh giá “không hài lòng”", "“Not satisfied” evaluations", "max", -1,
	 10000},
	{"petitions_about", "Số phản ánh, kiến nghị về cán bộ", "Petitions about the official",
	 "max", -1, 10000},
	{"complaints_upheld", "Số khiếu nại đúng, có cơ sở", "Complaints upheld", "max", -1, 10000},
	{NULL, NULL, NULL, NULL, 0, 0},
};

const struct off_metric *off_metric_find(const char *code)
{
	for (const struct off_metric *m = off_metrics; code && m->code; m++)
		if (strcmp(m->code, code) == 0)
			return m;
	return NULL;
}

int off_rating_ok(const char *code)
{
	static const char *const r[] = {"excellent", "good", "completed", "not_completed"};
	for (size_t i = 0; code && i < sizeof r / sizeof r[0]; i++)
		if (strcmp(code, r[i]) == 0)
			return 1;
	return 0;
}

/* ---- who the actor is ---- */

long long off_agency(struct db *db, const struct actor *who)
{
	return offstore_unit_agency(db, who->unit_id); /* no unit: the home agency */
}

unsigned off_rel(struct db *db, const struct actor *who, const struct off_staff *t)
{
	unsigned r = 0;
	if (who->staff_id == t->id)
		r |= REL_SELF;
	if ((who->roles & ROLE_HEAD) && !(r & REL_SELF) && who->unit_id &&
	    who->unit_id == t->unit_id)
		r |= REL_HEAD;
	if ((who->roles & ROLE_LEADER) && t->agency_id && off_agency(db, who) == t->agency_id)
		r |= REL_LEADER;
	if (r & REL_SELF)
		return r; /* nobody assesses or concludes on himself */
	if (r & REL_HEAD)
		r |= REL_ASSESS;
	else if ((r & REL_LEADER) && !offstore_unit_has_head(db, t->unit_id, t->id))
		r |= REL_ASSESS; /* no other head in his unit: a leader assesses */
	if (r & REL_LEADER)
		r |= REL_CONCLUDE;
	return r;
}

int off_forbidden(struct problem *p)
{
	return problem_set(
		p, ERR_FORBIDDEN, "not_yours", NULL,
		"Chỉ cán bộ đó, trưởng đơn vị của cán bộ và lãnh đạo cơ quan được xem hoặc"
		" thực hiện việc này.",
		"Only the official, the head of their unit and the agency's leaders may"
		" see or do this.");
}

int off_internal(struct problem *p)
{
	return problem_kind(p, ERR_INTERNAL);
}

int officials_actor(struct db *db, const char *username, struct actor *out, struct problem *p)
{
	struct off_staff s;
	if (!username || !offstore_staff_by_name(db, username, &s))
		return problem_set(p, ERR_NOT_FOUND, "staff_not_found", "username",
				   "Không có cán bộ này.", "There is no such official.");
	memset(out, 0, sizeof *out);
	out->staff_id = s.id;
	out->unit_id = s.unit_id;
	out->roles = s.roles;
	out->name = username;
	return 0;
}

/* ---- JSON helpers ---- */

json_t *off_iso(int64_t t)
{
	if (!t)
		return json_null();
	char b[40];
	vn_format_iso(t, b, sizeof b);
	return json_string(b);
}

json_t *off_date(int64_t day)
{
	char b[16];
	vn_format_date_days(day, b, sizeof b);
	return json_string(b);
}

json_t *off_person(const struct off_staff *s)
{
	return json_pack("{s:s, s:s, s:s, s:{s:I, s:s}}", "username", s->username, "full_name",
			 s->full_name, "title", s->title, "unit", "id", (json_int_t)s->unit_id,
			 "name", s->unit_name);
}

json_t *off_events(struct db *db, const char *entity, long long id)
{
	json_t *arr = json_array();
	struct db_stmt *st = offstore_events(db, entity, id);
	while (db_step(st) == DB_ROW)
		json_array_append_new(arr, json_pack("{s:o, s:{s:s, s:s}, s:s, s:s, s:s, s:s}",
						     "at", off_iso(db_col_int(st, OE_AT)), "actor",
						     "username", db_col_text(st, OE_USERNAME),
						     "full_name", db_col_text(st, OE_NAME),
						     "action", db_col_text(st, OE_ACTION), "from",
						     db_col_text(st, OE_FROM), "to",
						     db_col_text(st, OE_TO), "comment",
						     db_col_text(st, OE_COMMENT)));
	db_done(st);
	return arr;
}

json_t *off_parse(const char *text)
{
	json_error_t e;
	json_t *v = text ? json_loads(text, 0, &e) : NULL;
	return v ? v : json_array();
}

char *off_dump(json_t *doc)
{
	char *s = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
	return s ? s : strdup("[]");
}

void off_year_range(long long year, int midyear, int64_t *from, int64_t *to)
{
	*from = vn_instant((int)year, 1, 1, 0, 0, 0);
	*to = midyear ? vn_instant((int)year, 7, 1, 0, 0, 0)
		      : vn_instant((int)year + 1, 1, 1, 0, 0, 0);
}

json_t *off_criterion(json_t *groups, long long id, const char **group)
{
	size_t i, k;
	json_t *g, *c;
	json_array_foreach (groups, i, g)
		json_array_foreach (json_object_get(g, "criteria"), k, c)
			if (json_integer_value(json_object_get(c, "id")) == id) {
				if (group)
					*group = json_string_value(json_object_get(g, "name"));
				return c;
			}
	return NULL;
}

/* ---- criteria sets ---- */

static json_t *set_json(struct db *db, const struct off_set *s)
{
	json_t *o = json_pack(
		"{s:I, s:I, s:s, s:I, s:I, s:o, s:o, s:o, s:o}", "id", (json_int_t)s->id, "year",
		(json_int_t)s->year, "state", s->state, "version", (json_int_t)s->version,
		"scale_max", (json_int_t)s->scale_max, "groups", off_parse(s->groups), "updated_at",
		off_iso(s->updated_at), "published_at", off_iso(s->published_at), "events",
		off_events(db, "criteria", s->id));
	json_t *metrics = json_array();
	for (const struct off_metric *m = off_metrics; m->code; m++)
		json_array_append_new(metrics, json_pack("{s:s, s:s, s:s, s:s}", "code", m->code,
							 "vi", m->vi, "en", m->en, "dir", m->dir));
	json_object_set_new(o, "metrics", metrics);
	return o;
}

static int no_agency(struct problem *p)
{
	return problem_set(p, ERR_FORBIDDEN, "no_agency", NULL,
			   "Tài khoản chưa thuộc đơn vị nào của một cơ quan.",
			   "The account belongs to no unit of an agency.");
}

static int no_set(struct problem *p)
{
	return problem_set(p, ERR_NOT_FOUND, "criteria_not_found", NULL,
			   "Chưa có bộ tiêu chí của năm này.",
			   "There is no criteria set for this year.");
}

int officials_criteria_get(struct db *db, const struct actor *who, long long year,
			   struct problem *p, json_t **out)
{
	long long agency = off_agency(db, who);
	struct off_set s;
	if (!agency)
		return no_agency(p);
	if (!offstore_set_get(db, agency, year, &s))
		return no_set(p);
	*out = set_json(db, &s);
	offstore_set_free(&s);
	return 0;
}

/* Check the cleaned groups and give every criterion an id: a given id is
 * kept (unique, below next_id), a missing one takes *next_id. A new array. */
static int check_groups(json_t *groups, long long *next_id, struct problem *p, json_t **out)
{
	size_t i, k, n = 0;
	json_t *g, *c, *copy = json_deep_copy(groups);
	char field[64];
	if (!copy || json_array_size(copy) == 0) {
		json_decref(copy);
		return problem_field(p, "groups", "Cần ít nhất một nhóm tiêu chí.",
				     "At least one group of criteria is needed.");
	}
	long long seen[OFF_GROUPS_MAX * OFF_CRITERIA_MAX];
	json_array_foreach (copy, i, g) {
		json_t *crit = json_object_get(g, "criteria");
		if (json_array_size(crit) == 0) {
			snprintf(field, sizeof field, "groups[%d].criteria", (int)i);
			json_decref(copy);
			return problem_field(p, field, "Mỗi nhóm cần ít nhất một tiêu chí.",
					     "Each group needs at least one criterion.");
		}
		json_array_foreach (crit, k, c) {
			json_t *idv = json_object_get(c, "id");
			long long id = json_is_integer(idv) ? json_integer_value(idv) : 0;
			int dupl = 0;
			for (size_t j = 0; j < n; j++)
				dupl |= seen[j] == id;
			if (id && (id >= *next_id || dupl)) {
				snprintf(field, sizeof field, "groups[%d].criteria[%d].id", (int)i,
					 (int)k);
				json_decref(copy);
				return problem_field(p, field,
						     "Mã tiêu chí không hợp lệ hoặc bị trùng.",
						     "The criterion's id is unknown or repeated.");
			}
			const char *m = json_string_value(json_object_get(c, "measure"));
			if (m && !off_metric_find(m)) {
				snprintf(field, sizeof field, "groups[%d].criteria[%d].measure",
					 (int)i, (int)k);
				json_decref(copy);
				return problem_field(p, field,
						     "Chỉ số đo lường không có trong danh mục.",
						     "No such measured figure.");
			}
			if (!m)
				json_object_set_new(c, "measure", json_null());
			if (!id)
				json_object_set_new(c, "id", json_integer(id = (*next_id)++));
			seen[n++] = id;
		}
	}
	*out = copy;
	return 0;
}

static int set_published(struct problem *p)
{
	return problem_set(
		p, ERR_CONFLICT, "criteria_published", NULL,
		"Bộ tiêu chí đã công bố, không sửa được; lãnh đạo có thể mở lại (ghi rõ lý"
		" do).",
		"The criteria set is published and cannot be edited; a leader may reopen"
		" it (with a reason).");
}

int officials_criteria_save(struct db *db, const struct actor *who, int64_t now, long long year,
			    long long scale_max, json_t *groups, long long copy_from, int *created,
			    struct problem *p, json_t **out)
{
	long long agency = off_agency(db, who);
	if (!agency)
		return no_agency(p);
	struct off_set old, s;
	int exists = offstore_set_get(db, agency, year, &old);
	if (exists && strcmp(old.state, "published") == 0) {
		offstore_set_free(&old);
		return set_published(p);
	}
	memset(&s, 0, sizeof s);
	s.next_id = exists ? old.next_id : 1;
	json_t *clean = NULL;
	if (copy_from) {
		struct off_set from;
		if (!offstore_set_get(db, agency, copy_from, &from)) {
			offstore_set_free(&old);
			return problem_field(p, "copy_from",
					     "Không có bộ tiêu chí của năm này để sao chép.",
					     "There is no criteria set of that year to copy.");
		}
		clean = off_parse(from.groups);
		if (from.next_id > s.next_id)
			s.next_id = from.next_id;
		if (!scale_max)
			scale_max = from.scale_max;
		offstore_set_free(&from);
	} else if (check_groups(groups, &s.next_id, p, &clean)) {
		offstore_set_free(&old);
		return p->kind;
	}
	s.id = exists ? old.id : 0;
	s.agency_id = agency;
	s.year = year;
	snprintf(s.state, sizeof s.state, "draft");
	s.scale_max = scale_max ? scale_max : OFF_SCALE_DEFAULT;
	s.groups = off_dump(clean);
	s.version = exists ? old.version : 0;
	s.created_at = exists ? old.created_at : now;
	s.updated_at = now;
	json_decref(clean);
	int rc = 0;
	if (exists)
		rc = offstore_set_update(db, &s);
	else
		rc = offstore_set_insert(db, &s, &s.id);
	char idb[24];
	snprintf(idb, sizeof idb, "%lld", s.id);
	json_t *before = exists ? off_parse(old.groups) : NULL;
	json_t *after = json_pack("{s:I, s:I, s:o}", "year", (json_int_t)year, "scale_max",
				  (json_int_t)s.scale_max, "groups", off_parse(s.groups));
	if (rc == 0)
		rc = offstore_event(db, "criteria", s.id, now, who->staff_id,
				    copy_from ? "copy" : (exists ? "edit" : "create"),
				    exists ? "draft" : "", "draft", "");
	if (rc == 0)
		rc = audit_write(db, who, now,
				 exists ? "officials.criteria.edit" : "officials.criteria.create",
				 "criteria_set", idb, before, after);
	json_decref(before);
	json_decref(after);
	if (exists)
		offstore_set_free(&old);
	if (rc) {
		offstore_set_free(&s);
		return off_internal(p);
	}
	*created = !exists;
	*out = set_json(db, &s);
	offstore_set_free(&s);
	return 0;
}

int officials_criteria_action(struct db *db, const struct actor *who, int64_t now, long long id,
			      const char *action, const char *reason, struct problem *p,
			      json_t **out)
{
	struct off_set s;
	if (!offstore_set_by_id(db, id, &s) || s.agency_id != off_agency(db, who)) {
		if (s.groups)
			offstore_set_free(&s);
		return no_set(p);
	}
	char from[16];
	snprintf(from, sizeof from, "%s", s.state);
	int rc = 0;
	if (strcmp(action, "publish") == 0) {
		if (strcmp(s.state, "draft") != 0)
			rc = problem_set(p, ERR_CONFLICT, "criteria_published", NULL,
					 "Bộ tiêu chí đã được công bố.",
					 "The criteria set is already published.");
		else {
			snprintf(s.state, sizeof s.state, "published");
			s.version++;
			s.published_at = now;
			s.published_by = who->staff_id;
		}
	} else { /* reopen */
		if (strcmp(s.state, "published") != 0)
			rc = problem_set(p, ERR_CONFLICT, "criteria_not_published", NULL,
					 "Bộ tiêu chí chưa công bố.",
					 "The criteria set is not published.");
		else if (!reason || !reason[0])
			rc = problem_field(p, "reason", "Cần ghi lý do mở lại.",
					   "A reason for reopening is required.");
		else
			snprintf(s.state, sizeof s.state, "draft");
	}
	if (rc) {
		offstore_set_free(&s);
		return rc;
	}
	s.updated_at = now;
	char idb[24];
	snprintf(idb, sizeof idb, "%lld", s.id);
	json_t *before = json_pack("{s:s}", "state", from);
	json_t *after = json_pack("{s:s, s:I, s:s}", "state", s.state, "version",
				  (json_int_t)s.version, "reason", reason ? reason : "");
	char act[48];
	snprintf(act, sizeof act, "officials.criteria.%s", action);
	if (offstore_set_update(db, &s) ||
	    offstore_event(db, "criteria", s.id, now, who->staff_id, action, from, s.state,
			   reason) ||
	    audit_write(db, who, now, act, "criteria_set", idb, before, after))
		rc = off_internal(p);
	json_decref(before);
	json_decref(after);
	if (!rc)
		*out = set_json(db, &s);
	offstore_set_free(&s);
	return rc;
}

int officials_criteria_public(struct db *db, const char *agency, long long year, struct problem *p,
			      json_t **out)
{
	char name[256] = "";
	long long id = agency ? offstore_agency(db, agency, name, sizeof name) : 0;
	struct off_set s;
	if (!id || !offstore_set_get(db, id, year, &s) || strcmp(s.state, "published") != 0) {
		if (id && s.groups)
			offstore_set_free(&s);
		return problem_set(p, ERR_NOT_FOUND, "criteria_not_published", NULL,
				   "Cơ quan chưa công bố bộ tiêu chí của năm này.",
				   "The agency has not published criteria for this year.");
	}
	json_t *groups = json_array(), *full = off_parse(s.groups), *g, *c;
	size_t i, k;
	json_array_foreach (full, i, g) {
		json_t *crit = json_array();
		json_array_foreach (json_object_get(g, "criteria"), k, c)
			json_array_append_new(crit, json_pack("{s:O, s:O, s:O}", "id",
							      json_object_get(c, "id"), "text",
							      json_object_get(c, "text"), "weight",
							      json_object_get(c, "weight")));
		json_array_append_new(groups,
				      json_pack("{s:O, s:o}", "name", json_object_get(g, "name"),
						"criteria", crit));
	}
	json_decref(full);
	*out = json_pack("{s:s, s:s, s:I, s:I, s:o, s:I, s:o}", "agency", agency, "agency_name",
			 name, "year", (json_int_t)year, "version", (json_int_t)s.version,
			 "published_at", off_iso(s.published_at), "scale_max",
			 (json_int_t)s.scale_max, "groups", groups);
	offstore_set_free(&s);
	return 0;
}
