/*
 * officials_store.h — all of the officials domain's SQL (private to the
 * domain): staff and units looked up, criteria sets, commitments, cycles,
 * evaluations (table appraisal) and their history. Rows come back as
 * structs with copies of their texts (free with the matching _free) or as
 * statements (columns in the enums; db_done when finished).
 */
#ifndef MOTCUA_APP_OFFICIALS_STORE_H
#define MOTCUA_APP_OFFICIALS_STORE_H

#include <stdint.h>

#include "db/db.h"

struct off_staff {
	long long id, unit_id, agency_id;
	unsigned roles;
	int active;
	char username[64], full_name[160], title[240], email[160], unit_name[240];
};
/* By id or by username: 1 found, 0 not. */
int offstore_staff(struct db *db, long long id, struct off_staff *s);
int offstore_staff_by_name(struct db *db, const char *username, struct off_staff *s);
/* The agency of a unit (0: none). */
long long offstore_unit_agency(struct db *db, long long unit_id);
/* 1 if the unit has an active head other than staff_id. */
int offstore_unit_has_head(struct db *db, long long unit_id, long long staff_id);
/* An agency by code: its id (0 if unknown) and name. */
long long offstore_agency(struct db *db, const char *code, char *name, size_t cap);
/* The e-mails of the heads of a unit / the leaders of an agency. */
struct db_stmt *offstore_heads(struct db *db, long long unit_id);
struct db_stmt *offstore_leaders(struct db *db, long long agency_id);

/* ---- criteria sets ---- */
struct off_set {
	long long id, agency_id, year, scale_max, next_id, version, published_by;
	int64_t created_at, updated_at, published_at; /* published_at 0: never */
	char state[16];
	char *groups; /* JSON text, malloc'd */
};
void offstore_set_free(struct off_set *s);
int offstore_set_get(struct db *db, long long agency, long long year, struct off_set *s);
int offstore_set_by_id(struct db *db, long long id, struct off_set *s);
int offstore_set_insert(struct db *db, const struct off_set *s, long long *id);
int offstore_set_update(struct db *db, const struct off_set *s);

/* ---- history ---- */
int offstore_event(struct db *db, const char *entity, long long id, int64_t at, long long staff,
		   const char *action, const char *from, const char *to, const char *comment);
enum { OE_AT, OE_USERNAME, OE_NAME, OE_ACTION, OE_FROM, OE_TO, OE_COMMENT };
struct db_stmt *offstore_events(struct db *db, const char *entity, long long id);

/* ---- commitments ---- */
struct off_commit {
	long long id, agency_id, staff_id, unit_id, year, set_id, approved_by;
	int64_t created_at, updated_at, approved_at;
	char state[16];
	char *items, *measures, *comment; /* malloc'd */
};
void offstore_commit_free(struct off_commit *c);
int offstore_commit_by_id(struct db *db, long long id, struct off_commit *c);
int offstore_commit_of(struct db *db, long long staff, long long year, struct off_commit *c);
int offstore_commit_insert(struct db *db, const struct off_commit *c, long long *id);
int offstore_commit_update(struct db *db, const struct off_commit *c);
enum { OCL_ID, OCL_STATE, OCL_UPDATED, OCL_USERNAME, OCL_NAME, OCL_TITLE, OCL_UNIT, OCL_UNIT_NAME };
/* agency's for year; unit 0 all; staff 0 all; state NULL all */
struct db_stmt *offstore_commit_list(struct db *db, long long agency, long long year,
				     long long unit, long long staff, const char *state);

/* ---- cycles ---- */
struct off_cycle {
	long long id, agency_id, year;
	int64_t self_due, head_due, leader_due, created_at, reminded_at;
	char kind[16];
};
int offstore_cycle_get(struct db *db, long long agency, long long year, const char *kind,
		       struct off_cycle *c);
int offstore_cycle_by_id(struct db *db, long long id, struct off_cycle *c);
int offstore_cycle_insert(struct db *db, const struct off_cycle *c, long long staff, long long *id);
/* One evaluation for every active staff member of the agency's units. */
int offstore_cycle_populate(struct db *db, long long cycle, long long agency, int64_t now);
int offstore_cycle_reminded(struct db *db, long long id, int64_t now);
enum { OCY_ID, OCY_YEAR, OCY_KIND, OCY_SELF, OCY_HEAD, OCY_LEADER, OCY_REMINDED, OCY_N, OCY_DONE };
struct db_stmt *offstore_cycles(struct db *db, long long agency, long long year);

/* ---- evaluations ---- */
struct off_appr {
	long long id, cycle_id, agency_id, staff_id, unit_id, concluded_by, reopened;
	int64_t self_at, head_at, concluded_at, created_at, updated_at;
	char state[16], rating[16];
	char *self_json, *self_summary, *head_json, *head_comment, *conclusion; /* malloc'd */
};
void offstore_appr_free(struct off_appr *a);
int offstore_appr_by_id(struct db *db, long long id, struct off_appr *a);
int offstore_appr_of(struct db *db, long long cycle, long long staff, struct off_appr *a);
/* Writes every column that changes (state, the JSON, texts, instants). */
int offstore_appr_update(struct db *db, const struct off_appr *a);
int offstore_appr_insert(struct db *db, long long cycle, long long agency, long long staff,
			 long long unit, int64_t now, long long *id);
enum {
	OAL_ID,
	OAL_STATE,
	OAL_RATING,
	OAL_UPDATED,
	OAL_USERNAME,
	OAL_NAME,
	OAL_TITLE,
	OAL_UNIT,
	OAL_UNIT_NAME,
	OAL_STAFF,
	OAL_SELF,
	OAL_KIND,
	OAL_YEAR,
	OAL_EMAIL,
	OAL_SET_SCALE
};
/* The evaluations of the agency's cycles of year (kind NULL: both; year 0:
 * all) — unit 0 all, staff 0 all, cycle 0 all. */
struct db_stmt *offstore_appr_list(struct db *db, long long agency, long long year,
				   const char *kind, long long unit, long long staff,
				   long long cycle);

/* ---- supervision ---- */
enum { OSU_UNIT, OSU_NAME, OSU_STAFF, OSU_C_REG, OSU_C_APPR, OSU_A_SELF, OSU_A_HEAD, OSU_A_DONE };
struct db_stmt *offstore_supervision(struct db *db, long long agency, long long year);

#endif
