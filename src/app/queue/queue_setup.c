/*
 * queue_setup.c — the set-up of the counter floor (queue.h): an agency's
 * queue groups (by field) and its counters, created, edited and taken out of
 * use by the administrator. Each change is audited and announced to the
 * boards (a "setup" event) in the caller's transaction.
 *
 * Threading: runs on its caller's connection (the writer for the changes).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/queue/queue.h"
#include "app/queue/queue_impl.h"
#include "app/queue/queue_store.h"
#include "auth/auth.h"
#include "core/vntime.h"

/* ---- groups and counters ---------------------------------------------------- */

static int code_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > QUEUE_CODE_CHARS)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

int queue_group_create(struct db *db, const struct actor *who, int64_t now,
		       const struct queue_group_in *in, struct problem *p, json_t **out)
{
	*out = NULL;
	long long agency = queue_actor_agency(db, who);
	if (!agency)
		return problem_set(p, ERR_FORBIDDEN, "no_agency", NULL,
				   "Tài khoản không thuộc cơ quan nào.",
				   "Your account belongs to no agency.");
	if (!given(in->code) || !code_ok(in->code))
		return problem_field(p, "code",
				     "Mã nhóm gồm chữ in hoa không dấu, chữ số, '_' hoặc '-' (tối "
				     "đa 20 ký tự).",
				     "The group code is capital letters, digits, '_' or '-' (at "
				     "most 20 characters).");
	if (!given(in->prefix) || strlen(in->prefix) != 1 || in->prefix[0] < 'A' ||
	    in->prefix[0] > 'Z')
		return problem_field(p, "prefix", "Chữ đầu số thứ tự là một chữ cái in hoa A–Z.",
				     "The ticket letter is one capital letter A–Z.");
	if (!given(in->name))
		return problem_field(p, "name", "Vui lòng nhập tên nhóm dịch vụ.",
				     "Please enter the service group's name.");
	long long fids[QUEUE_FIELDS_MAX];
	size_t nf = json_array_size(in->fields);
	if (nf > QUEUE_FIELDS_MAX)
		return problem_field(p, "fields", "Tối đa 30 lĩnh vực cho một nhóm.",
				     "At most 30 fields in one group.");
	for (size_t i = 0; i < nf; i++) {
		const char *fc = json_string_value(json_array_get(in->fields, i));
		fids[i] = fc ? qstore_field(db, fc) : 0;
		if (!fids[i])
			return problem_field(p, "fields", "Không có lĩnh vực với mã này.",
					     "There is no field with this code.");
	}
	long long id;
	int rc = qstore_group_insert(db, agency, in->code, in->prefix, in->name, in->name_en, now,
				     &id);
	if (rc == DB_CONSTRAINT)
		return problem_set(p, ERR_CONFLICT, "group_exists", "code",
				   "Mã nhóm hoặc chữ đầu số thứ tự đã được dùng.",
				   "The group code or ticket letter is already used.");
	if (rc != DB_OK)
		return internal(p);
	for (size_t i = 0; i < nf; i++)
		if (qstore_group_field_insert(db, id, fids[i]))
			return internal(p);
	char ids[24];
	snprintf(ids, sizeof ids, "%lld", id);
	json_t *after =
		json_pack("{s:s,s:s,s:s,s:O}", "code", in->code, "prefix", in->prefix, "name",
			  in->name, "fields", in->fields ? in->fields : json_null());
	rc = audit_write(db, who, now, "queue.group.create", "queue_group", ids, NULL, after);
	json_decref(after);
	if (rc)
		return internal(p);
	*out = json_pack("{s:s,s:s,s:s,s:s,s:o}", "code", in->code, "prefix", in->prefix, "name",
			 in->name, "name_en", in->name_en ? in->name_en : "", "fields",
			 queue_strings_of(qstore_group_fields(db, id)));
	return *out ? 0 : internal(p);
}

int queue_groups(struct db *db, struct app *a, long long agency, int64_t now, json_t **out)
{
	int64_t day = vn_day_of(now);
	json_t *items = json_array();
	struct db_stmt *st = qstore_groups(db, agency);
	while (db_step(st) == DB_ROW)
		json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:s,s:s}", "_id",
						       (json_int_t)db_col_int(st, QG_ID), "code",
						       db_col_text(st, QG_CODE), "prefix",
						       db_col_text(st, QG_PREFIX), "name",
						       db_col_text(st, QG_NAME), "name_en",
						       db_col_text(st, QG_NAME_EN)));
	db_done(st);
	size_t i;
	json_t *g;
	json_array_foreach (items, i, g) {
		long long id = json_integer_value(json_object_get(g, "_id"));
		json_object_del(g, "_id");
		json_object_set_new(g, "fields", queue_strings_of(qstore_group_fields(db, id)));
		json_object_set_new(g, "waiting",
				    json_integer((json_int_t)qstore_group_waiting(db, id, day)));
	}
	*out = json_pack("{s:I,s:b,s:o}", "agency", (json_int_t)agency, "open",
			 queue_agency_open(db, a, agency, now), "items", items);
	return *out ? 0 : ERR_INTERNAL;
}

int queue_counter_create(struct db *db, const struct actor *who, int64_t now,
			 const struct queue_counter_in *in, struct problem *p, json_t **out)
{
	*out = NULL;
	long long agency = queue_actor_agency(db, who);
	if (!agency)
		return problem_set(p, ERR_FORBIDDEN, "no_agency", NULL,
				   "Tài khoản không thuộc cơ quan nào.",
				   "Your account belongs to no agency.");
	if (in->number < 1 || in->number > 999)
		return problem_field(p, "number", "Số quầy từ 1 đến 999.",
				     "The counter number is 1 to 999.");
	size_t ng = json_array_size(in->groups);
	if (ng == 0 || ng > QUEUE_GROUPS_MAX)
		return problem_field(p, "groups", "Chọn từ 1 đến 30 nhóm dịch vụ cho quầy.",
				     "Choose 1 to 30 service groups for the counter.");
	long long gids[QUEUE_GROUPS_MAX];
	for (size_t i = 0; i < ng; i++) {
		const char *gc = json_string_value(json_array_get(in->groups, i));
		struct db_stmt *st = gc ? qstore_group_by_code(db, agency, gc) : NULL;
		if (!st)
			return problem_field(p, "groups", "Không có nhóm dịch vụ với mã này.",
					     "There is no service group with this code.");
		gids[i] = db_col_int(st, QG_ID);
		db_done(st);
	}
	long long id;
	int rc = qstore_counter_insert(db, agency, in->number, in->name, now, &id);
	if (rc == DB_CONSTRAINT)
		return problem_set(p, ERR_CONFLICT, "counter_exists", "number",
				   "Số quầy này đã có.", "This counter number already exists.");
	if (rc != DB_OK)
		return internal(p);
	for (size_t i = 0; i < ng; i++)
		if (qstore_counter_group_insert(db, id, gids[i]))
			return internal(p);
	char ids[24];
	snprintf(ids, sizeof ids, "%lld", id);
	json_t *after = json_pack("{s:I,s:s,s:O}", "number", (json_int_t)in->number, "name",
				  in->name ? in->name : "", "groups", in->groups);
	rc = audit_write(db, who, now, "queue.counter.create", "queue_counter", ids, NULL, after);
	json_decref(after);
	if (rc)
		return internal(p);
	*out = json_pack("{s:I,s:I,s:s,s:o}", "id", (json_int_t)id, "number",
			 (json_int_t)in->number, "name", in->name ? in->name : "", "groups",
			 queue_strings_of(qstore_counter_groups(db, id)));
	return *out ? 0 : internal(p);
}

/* ---- editing the set-up ------------------------------------------------------ */

static int setup_changed(struct db *db, const struct actor *who, int64_t now, long long agency,
			 const char *action, const char *entity, long long id, json_t *before,
			 json_t *after)
{
	char ids[24];
	snprintf(ids, sizeof ids, "%lld", id);
	int rc = audit_write(db, who, now, action, entity, ids, before, after);
	json_decref(before);
	json_decref(after);
	/* the boards and consoles reload their lists (a kiosk at its next refresh) */
	return rc || queue_emit(db, agency, now, "setup", 0, NULL);
}

int queue_group_update(struct db *db, const struct actor *who, int64_t now, const char *code,
		       const struct queue_group_edit *in, struct problem *p, json_t **out)
{
	*out = NULL;
	long long agency = queue_actor_agency(db, who);
	struct db_stmt *g = given(code) ? qstore_group_any(db, agency, code) : NULL;
	if (!g)
		return problem_set(p, ERR_NOT_FOUND, "group_not_found", NULL,
				   "Không có nhóm dịch vụ này.", "There is no such service group.");
	long long id = db_col_int(g, QG_ID);
	int was_active = (int)db_col_int(g, QG_ACTIVE);
	json_t *before =
		json_pack("{s:s,s:s,s:b,s:o}", "name", db_col_text(g, QG_NAME), "name_en",
			  db_col_text(g, QG_NAME_EN), "active", was_active, "fields", json_null());
	char name[QUEUE_NAME_CHARS * 4 + 1], name_en[QUEUE_NAME_CHARS * 4 + 1];
	snprintf(name, sizeof name, "%s", in->name ? in->name : db_col_text(g, QG_NAME));
	snprintf(name_en, sizeof name_en, "%s",
		 in->name_en ? in->name_en : db_col_text(g, QG_NAME_EN));
	db_done(g);
	json_object_set_new(before, "fields", queue_strings_of(qstore_group_fields(db, id)));
	int active = in->active < 0 ? was_active : in->active;
	if (!name[0]) {
		json_decref(before);
		return problem_field(p, "name", "Vui lòng nhập tên nhóm dịch vụ.",
				     "Please enter the service group's name.");
	}
	long long fids[QUEUE_FIELDS_MAX];
	size_t nf = json_array_size(in->fields);
	for (size_t i = 0; i < nf && i < QUEUE_FIELDS_MAX; i++) {
		const char *fc = json_string_value(json_array_get(in->fields, i));
		fids[i] = fc ? qstore_field(db, fc) : 0;
		if (!fids[i]) {
			json_decref(before);
			return problem_field(p, "fields", "Không có lĩnh vực với mã này.",
					     "There is no field with this code.");
		}
	}
	if (qstore_group_update(db, id, name, name_en, active)) {
		json_decref(before);
		return internal(p);
	}
	if (in->fields) {
		if (qstore_group_fields_clear(db, id)) {
			json_decref(before);
			return internal(p);
		}
		for (size_t i = 0; i < nf && i < QUEUE_FIELDS_MAX; i++)
			if (qstore_group_field_insert(db, id, fids[i])) {
				json_decref(before);
				return internal(p);
			}
	}
	json_t *fields = queue_strings_of(qstore_group_fields(db, id));
	json_t *after = json_pack("{s:s,s:s,s:b,s:O}", "name", name, "name_en", name_en, "active",
				  active, "fields", fields);
	if (setup_changed(db, who, now, agency,
			  active ? "queue.group.update" : "queue.group.deactivate", "queue_group",
			  id, before, after)) {
		json_decref(fields);
		return internal(p);
	}
	*out = json_pack("{s:s,s:s,s:s,s:b,s:o}", "code", code, "name", name, "name_en", name_en,
			 "active", active, "fields", fields);
	return *out ? 0 : internal(p);
}

int queue_groups_setup(struct db *db, long long agency, json_t **out)
{
	json_t *items = json_array();
	struct db_stmt *st = qstore_groups_all(db, agency);
	long long ids[128];
	int n = 0;
	while (n < 128 && db_step(st) == DB_ROW) {
		ids[n++] = db_col_int(st, QG_ID);
		json_array_append_new(items, json_pack("{s:s,s:s,s:s,s:s,s:b}", "code",
						       db_col_text(st, QG_CODE), "prefix",
						       db_col_text(st, QG_PREFIX), "name",
						       db_col_text(st, QG_NAME), "name_en",
						       db_col_text(st, QG_NAME_EN), "active",
						       (int)db_col_int(st, QG_ACTIVE)));
	}
	db_done(st);
	for (int i = 0; i < n; i++)
		json_object_set_new(json_array_get(items, (size_t)i), "fields",
				    queue_strings_of(qstore_group_fields(db, ids[i])));
	*out = json_pack("{s:o}", "items", items);
	return *out ? 0 : ERR_INTERNAL;
}

int queue_counter_update(struct db *db, const struct actor *who, int64_t now, long long id,
			 const struct queue_counter_edit *in, struct problem *p, json_t **out)
{
	*out = NULL;
	long long agency = queue_actor_agency(db, who);
	struct db_stmt *c = qstore_counter_any(db, id);
	if (!c || db_col_int(c, QC_AGENCY) != agency) {
		db_done(c);
		return problem_set(p, ERR_NOT_FOUND, "counter_not_found", NULL,
				   "Không có quầy này.", "There is no such counter.");
	}
	int was_active = (int)db_col_int(c, QC_ACTIVE);
	char name[QUEUE_NAME_CHARS * 4 + 1];
	snprintf(name, sizeof name, "%s", in->name ? in->name : db_col_text(c, QC_NAME));
	json_t *before =
		json_pack("{s:s,s:b}", "name", db_col_text(c, QC_NAME), "active", was_active);
	db_done(c);
	json_object_set_new(before, "groups", queue_strings_of(qstore_counter_groups(db, id)));
	int active = in->active < 0 ? was_active : in->active;
	long long gids[QUEUE_GROUPS_MAX];
	size_t ng = json_array_size(in->groups);
	if (in->groups && (ng == 0 || ng > QUEUE_GROUPS_MAX)) {
		json_decref(before);
		return problem_field(p, "groups", "Chọn từ 1 đến 30 nhóm dịch vụ cho quầy.",
				     "Choose 1 to 30 service groups for the counter.");
	}
	for (size_t i = 0; i < ng; i++) {
		const char *gc = json_string_value(json_array_get(in->groups, i));
		struct db_stmt *g = gc ? qstore_group_by_code(db, agency, gc) : NULL;
		if (!g) {
			json_decref(before);
			return problem_field(p, "groups", "Không có nhóm dịch vụ với mã này.",
					     "There is no service group with this code.");
		}
		gids[i] = db_col_int(g, QG_ID);
		db_done(g);
	}
	if (!active && was_active && qstore_counter_current(db, id)) {
		json_decref(before);
		return problem_set(p, ERR_CONFLICT, "counter_busy", "active",
				   "Quầy đang phục vụ một số: hoàn thành hoặc chuyển số đó trước "
				   "khi ngừng dùng quầy.",
				   "The counter is serving a ticket: finish or transfer it before "
				   "taking the counter out of use.");
	}
	if (qstore_counter_update(db, id, name, active)) {
		json_decref(before);
		return internal(p);
	}
	if (in->groups) {
		if (qstore_counter_groups_clear(db, id)) {
			json_decref(before);
			return internal(p);
		}
		for (size_t i = 0; i < ng; i++)
			if (qstore_counter_group_insert(db, id, gids[i])) {
				json_decref(before);
				return internal(p);
			}
	}
	json_t *groups = queue_strings_of(qstore_counter_groups(db, id));
	json_t *after =
		json_pack("{s:s,s:b,s:O}", "name", name, "active", active, "groups", groups);
	if (setup_changed(db, who, now, agency,
			  active ? "queue.counter.update" : "queue.counter.deactivate",
			  "queue_counter", id, before, after)) {
		json_decref(groups);
		return internal(p);
	}
	c = qstore_counter_any(db, id);
	if (!c) {
		json_decref(groups);
		return internal(p);
	}
	*out = json_pack("{s:I,s:I,s:s,s:o,s:b}", "id", (json_int_t)id, "number",
			 (json_int_t)db_col_int(c, QC_NUMBER), "name", name, "groups", groups,
			 "active", active);
	db_done(c);
	return *out ? 0 : internal(p);
}
