/*
 * officials_commitment.c — each official's commitments for the year
 * (item 2): free text per criterion of the agency's published set, plus
 * measurable targets on the official's measured figures; the official
 * submits, a head of his unit (or a leader, D42) approves or returns with a
 * comment; a leader may reopen an approved one with a reason. Every state
 * change is an official_event and an audit record.
 *
 *   draft ──submit──▶ submitted ──approve──▶ approved ──reopen──▶ returned
 *   returned ──submit──▶ submitted ──return──▶ returned
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/officials/officials_int.h"
#include "core/roles.h"

static int not_found(struct problem *p)
{
	return problem_set(p, ERR_NOT_FOUND, "commitment_not_found", NULL,
			   "Không có bản cam kết này.", "There is no such commitment.");
}

/* items with the criteria's texts, measures with their labels */
static json_t *commit_json(struct db *db, const struct off_commit *c, const struct off_staff *s,
			   unsigned rel)
{
	struct off_set set;
	json_t *groups =
		offstore_set_by_id(db, c->set_id, &set) ? off_parse(set.groups) : json_array();
	json_t *items = off_parse(c->items), *measures = off_parse(c->measures), *it;
	size_t i;
	json_array_foreach (items, i, it) {
		const char *group = NULL;
		json_t *cr = off_criterion(
			groups, json_integer_value(json_object_get(it, "criterion")), &group);
		json_object_set(it, "criterion_text",
				cr ? json_object_get(cr, "text") : json_null());
		json_object_set_new(it, "group", group ? json_string(group) : json_null());
	}
	json_array_foreach (measures, i, it) {
		const struct off_metric *m =
			off_metric_find(json_string_value(json_object_get(it, "metric")));
		if (m)
			json_object_set_new(it, "label",
					    json_pack("{s:s, s:s, s:s}", "vi", m->vi, "en", m->en,
						      "dir", m->dir));
	}
	int draft = strcmp(c->state, "draft") == 0 || strcmp(c->state, "returned") == 0;
	json_t *o =
		json_pack("{s:I, s:I, s:s, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:I, s:o, "
			  "s:{s:b, s:b, s:b}}",
			  "id", (json_int_t)c->id, "year", (json_int_t)c->year, "state", c->state,
			  "official", off_person(s), "items", items, "measures", measures,
			  "comment", c->comment, "created_at", off_iso(c->created_at), "updated_at",
			  off_iso(c->updated_at), "approved_at", off_iso(c->approved_at), "events",
			  off_events(db, "commitment", c->id), "scale_max",
			  (json_int_t)(set.groups ? set.scale_max : 0), "groups", groups, "can",
			  "edit", (rel & REL_SELF) && draft, "review",
			  (rel & REL_ASSESS) && strcmp(c->state, "submitted") == 0, "reopen",
			  (rel & REL_CONCLUDE) && strcmp(c->state, "approved") == 0);
	if (set.groups)
		offstore_set_free(&set);
	return o;
}

/* The items refer to criteria of the set (each at most once), the
 * measures to known metrics with a target in range. */
static int check_input(json_t *groups, json_t *items, json_t *measures, struct problem *p)
{
	char field[64];
	size_t i, j;
	json_t *it;
	json_array_foreach (items, i, it) {
		long long id = json_integer_value(json_object_get(it, "criterion"));
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
	}
	json_array_foreach (measures, i, it) {
		const struct off_metric *m =
			off_metric_find(json_string_value(json_object_get(it, "metric")));
		double t = json_number_value(json_object_get(it, "target"));
		if (!m) {
			snprintf(field, sizeof field, "measures[%zu].metric", i);
			return problem_field(p, field, "Chỉ số đo lường không có trong danh mục.",
					     "No such measured figure.");
		}
		if (t < 0 || t > m->target_max) {
			snprintf(field, sizeof field, "measures[%zu].target", i);
			return problem_field(p, field, "Chỉ tiêu nằm ngoài khoảng cho phép.",
					     "The target is out of range.");
		}
	}
	if (json_array_size(items) == 0)
		return problem_field(p, "items", "Cần ít nhất một nội dung cam kết.",
				     "At least one commitment is needed.");
	return 0;
}

int officials_commitment_save(struct db *db, const struct actor *who, int64_t now, long long year,
			      json_t *items, json_t *measures, int *created, struct problem *p,
			      json_t **out)
{
	struct off_staff me;
	if (!offstore_staff(db, who->staff_id, &me) || !me.agency_id)
		return problem_set(p, ERR_FORBIDDEN, "no_agency", NULL,
				   "Tài khoản chưa thuộc đơn vị nào của một cơ quan.",
				   "The account belongs to no unit of an agency.");
	struct off_set set;
	if (!offstore_set_get(db, me.agency_id, year, &set) ||
	    strcmp(set.state, "published") != 0) {
		if (set.groups)
			offstore_set_free(&set);
		return problem_set(p, ERR_CONFLICT, "criteria_not_published", "year",
				   "Bộ tiêu chí của năm chưa được công bố.",
				   "The year's criteria are not published yet.");
	}
	json_t *groups = off_parse(set.groups);
	int rc = check_input(groups, items, measures, p);
	json_decref(groups);
	if (rc) {
		offstore_set_free(&set);
		return rc;
	}
	struct off_commit c;
	int exists = offstore_commit_of(db, me.id, year, &c);
	if (exists && strcmp(c.state, "draft") != 0 && strcmp(c.state, "returned") != 0) {
		offstore_commit_free(&c);
		offstore_set_free(&set);
		return problem_set(p, ERR_CONFLICT, "commitment_locked", NULL,
				   "Bản cam kết đã gửi hoặc đã được duyệt, không sửa được.",
				   "The commitment is submitted or approved and cannot be edited.");
	}
	json_t *before = exists ? json_pack("{s:o, s:o}", "items", off_parse(c.items), "measures",
					    off_parse(c.measures))
				: NULL;
	if (!exists) {
		c.agency_id = me.agency_id;
		c.staff_id = me.id;
		c.year = year;
		c.created_at = now;
		snprintf(c.state, sizeof c.state, "draft");
		c.comment = strdup("");
	}
	free(c.items);
	free(c.measures);
	c.items = off_dump(items);
	c.measures = off_dump(measures);
	c.unit_id = me.unit_id;
	c.set_id = set.id;
	c.updated_at = now;
	offstore_set_free(&set);
	rc = exists ? offstore_commit_update(db, &c) : offstore_commit_insert(db, &c, &c.id);
	char idb[24];
	snprintf(idb, sizeof idb, "%lld", c.id);
	json_t *after = json_pack("{s:I, s:O, s:O}", "year", (json_int_t)year, "items", items,
				  "measures", measures);
	if (rc == 0)
		rc = offstore_event(db, "commitment", c.id, now, who->staff_id,
				    exists ? "edit" : "create", exists ? c.state : "", c.state, "");
	if (rc == 0)
		rc = audit_write(db, who, now,
				 exists ? "officials.commitment.edit"
					: "officials.commitment.create",
				 "commitment", idb, before, after);
	json_decref(before);
	json_decref(after);
	if (rc) {
		offstore_commit_free(&c);
		return off_internal(p);
	}
	*created = !exists;
	*out = commit_json(db, &c, &me, REL_SELF);
	offstore_commit_free(&c);
	return 0;
}

int officials_commitment_get(struct db *db, const struct actor *who, long long id,
			     struct problem *p, json_t **out)
{
	struct off_commit c;
	struct off_staff s;
	if (!offstore_commit_by_id(db, id, &c))
		return not_found(p);
	offstore_staff(db, c.staff_id, &s);
	unsigned rel = off_rel(db, who, &s);
	if (!(rel & (REL_SELF | REL_HEAD | REL_LEADER | REL_ASSESS))) {
		offstore_commit_free(&c);
		return off_forbidden(p);
	}
	*out = commit_json(db, &c, &s, rel);
	offstore_commit_free(&c);
	return 0;
}

int officials_commitment_list(struct db *db, const struct actor *who, long long year, int mine,
			      long long unit_id, const char *state, struct problem *p, json_t **out)
{
	long long agency = off_agency(db, who), staff = 0;
	if (!agency)
		return problem_set(p, ERR_FORBIDDEN, "no_agency", NULL,
				   "Tài khoản chưa thuộc đơn vị nào của một cơ quan.",
				   "The account belongs to no unit of an agency.");
	if (mine || !(who->roles & (ROLE_HEAD | ROLE_LEADER)))
		staff = who->staff_id;
	else if (!(who->roles & ROLE_LEADER)) {
		if (unit_id && unit_id != who->unit_id)
			return off_forbidden(p);
		unit_id = who->unit_id; /* a head: his unit */
	}
	json_t *items = json_array();
	struct db_stmt *st = offstore_commit_list(db, agency, year, unit_id, staff, state);
	while (db_step(st) == DB_ROW)
		json_array_append_new(items,
				      json_pack("{s:I, s:s, s:o, s:{s:s, s:s, s:s, s:{s:I, s:s}}}",
						"id", (json_int_t)db_col_int(st, OCL_ID), "state",
						db_col_text(st, OCL_STATE), "updated_at",
						off_iso(db_col_int(st, OCL_UPDATED)), "official",
						"username", db_col_text(st, OCL_USERNAME),
						"full_name", db_col_text(st, OCL_NAME), "title",
						db_col_text(st, OCL_TITLE), "unit", "id",
						(json_int_t)db_col_int(st, OCL_UNIT), "name",
						db_col_text(st, OCL_UNIT_NAME)));
	db_done(st);
	*out = json_pack("{s:I, s:o}", "year", (json_int_t)year, "items", items);
	return 0;
}

int officials_commitment_action(struct db *db, const struct actor *who, int64_t now, long long id,
				const char *action, const char *comment, struct problem *p,
				json_t **out)
{
	struct off_commit c;
	struct off_staff s;
	if (!offstore_commit_by_id(db, id, &c))
		return not_found(p);
	offstore_staff(db, c.staff_id, &s);
	unsigned rel = off_rel(db, who, &s);
	const char *need = NULL, *to = NULL;
	unsigned may = 0;
	int need_comment = 0;
	if (strcmp(action, "submit") == 0) {
		may = REL_SELF;
		to = "submitted";
	} else if (strcmp(action, "approve") == 0) {
		may = REL_ASSESS, need = "submitted", to = "approved";
	} else if (strcmp(action, "return") == 0) {
		may = REL_ASSESS, need = "submitted", to = "returned", need_comment = 1;
	} else { /* reopen */
		may = REL_CONCLUDE, need = "approved", to = "returned", need_comment = 1;
	}
	int rc = 0;
	if (!(rel & (REL_SELF | REL_HEAD | REL_LEADER | REL_ASSESS)))
		rc = not_found(p);
	else if (!(rel & may))
		rc = off_forbidden(p);
	else if (need ? strcmp(c.state, need) != 0
		      : (strcmp(c.state, "draft") != 0 && strcmp(c.state, "returned") != 0))
		rc = problem_set(p, ERR_CONFLICT, "bad_state", NULL,
				 "Bản cam kết không ở trạng thái cho phép việc này.",
				 "The commitment is not in a state that allows this.");
	else if (need_comment && (!comment || !comment[0]))
		rc = problem_field(p, "comment", "Cần ghi ý kiến hoặc lý do.",
				   "A comment or reason is required.");
	if (rc) {
		offstore_commit_free(&c);
		return rc;
	}
	char from[16];
	snprintf(from, sizeof from, "%s", c.state);
	snprintf(c.state, sizeof c.state, "%s", to);
	c.updated_at = now;
	if (strcmp(action, "approve") == 0) {
		c.approved_at = now;
		c.approved_by = who->staff_id;
	} else if (strcmp(action, "reopen") == 0) {
		c.approved_at = 0;
		c.approved_by = 0;
	}
	if (strcmp(action, "submit") != 0) {
		free(c.comment);
		c.comment = strdup(comment ? comment : "");
	}
	char idb[24], act[48];
	snprintf(idb, sizeof idb, "%lld", c.id);
	snprintf(act, sizeof act, "officials.commitment.%s", action);
	json_t *before = json_pack("{s:s}", "state", from);
	json_t *after =
		json_pack("{s:s, s:s}", "state", c.state, "comment", comment ? comment : "");
	if (offstore_commit_update(db, &c) ||
	    offstore_event(db, "commitment", c.id, now, who->staff_id, action, from, c.state,
			   comment) ||
	    audit_write(db, who, now, act, "commitment", idb, before, after))
		rc = off_internal(p);
	json_decref(before);
	json_decref(after);
	if (!rc)
		*out = commit_json(db, &c, &s, rel);
	offstore_commit_free(&c);
	return rc;
}
