/*
 * officials_store.c — all of the officials domain's SQL text
 * (officials_store.h): staff, units and agencies looked up; the criteria
 * sets, commitments, cycles and evaluations (table appraisal) read and
 * written; their history (official_event); the supervision's counts.
 *
 * Dialect: $n parameters, standard joins, coalesce, CASE, count and sum;
 * nothing of one engine only. The JSON documents are TEXT, read and written
 * whole.
 *
 * Threading: each function runs on its caller's connection and thread.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/officials/officials_store.h"
#include "core/mem.h"
#include "core/roles.h"

static struct db_val int_or_null(long long v)
{
	return v ? db_int(v) : db_null();
}

static void cpy(char *dst, size_t cap, const char *s)
{
	snprintf(dst, cap, "%s", s ? s : "");
}

static char *dup(struct db_stmt *st, int i)
{
	return xstrdup(db_col_text(st, i));
}

/* ---- staff, units, agencies ---- */

static unsigned roles_of(struct db *db, long long id)
{
	static const struct {
		const char *name;
		unsigned bit;
	} map[] = {{"admin", ROLE_ADMIN},           {"reception", ROLE_RECEPTION},
		   {"specialist", ROLE_SPECIALIST}, {"head", ROLE_HEAD},
		   {"leader", ROLE_LEADER},         {"province", ROLE_PROVINCE}};
	unsigned r = 0;
	struct db_stmt *st = db_query(db, "SELECT role FROM staff_role WHERE staff_id = $1",
				      DB_ARGS(db_int(id)));
	while (db_step(st) == DB_ROW)
		for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
			if (strcmp(db_col_text(st, 0), map[i].name) == 0)
				r |= map[i].bit;
	db_done(st);
	return r;
}

/* An account without a unit belongs to the home agency (as the demo and
 * `motcua user add` make them). */
#define HOME "(SELECT h.id FROM agency h WHERE h.is_home = 1)"

#define STAFF_COLS                                                                                 \
	"SELECT s.id, s.username, s.full_name, s.title, s.email, coalesce(s.unit_id, 0),"          \
	" coalesce(u.agency_id, " HOME "), coalesce(u.name, ''), s.active FROM staff s"            \
	" LEFT JOIN unit u ON u.id = s.unit_id"

static int staff_row(struct db *db, struct db_stmt *st, struct off_staff *s)
{
	if (!st)
		return 0;
	memset(s, 0, sizeof *s);
	s->id = db_col_int(st, 0);
	cpy(s->username, sizeof s->username, db_col_text(st, 1));
	cpy(s->full_name, sizeof s->full_name, db_col_text(st, 2));
	cpy(s->title, sizeof s->title, db_col_text(st, 3));
	cpy(s->email, sizeof s->email, db_col_text(st, 4));
	s->unit_id = db_col_int(st, 5);
	s->agency_id = db_col_int(st, 6);
	cpy(s->unit_name, sizeof s->unit_name, db_col_text(st, 7));
	s->active = (int)db_col_int(st, 8);
	db_done(st);
	s->roles = roles_of(db, s->id);
	return 1;
}

int offstore_staff(struct db *db, long long id, struct off_staff *s)
{
	return staff_row(db, db_row(db, STAFF_COLS " WHERE s.id = $1", DB_ARGS(db_int(id))), s);
}

int offstore_staff_by_name(struct db *db, const char *username, struct off_staff *s)
{
	return staff_row(
		db, db_row(db, STAFF_COLS " WHERE s.username = $1", DB_ARGS(db_text(username))), s);
}

long long offstore_unit_agency(struct db *db, long long unit_id)
{
	struct db_stmt *st =
		unit_id ? db_row(db, "SELECT agency_id FROM unit WHERE id = $1",
				 DB_ARGS(db_int(unit_id)))
			: db_row(db, "SELECT id FROM agency WHERE is_home = 1", DB_ARGS(db_int(0)));
	long long a = st ? db_col_int(st, 0) : 0;
	db_done(st);
	return a;
}

int offstore_unit_has_head(struct db *db, long long unit_id, long long staff_id)
{
	static const char sql[] =
		"SELECT count(*) FROM staff s JOIN staff_role r ON r.staff_id = s.id"
		" WHERE s.unit_id = $1 AND s.id <> $2 AND s.active = 1"
		" AND r.role = 'head'";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(unit_id), db_int(staff_id)));
	long long n = st ? db_col_int(st, 0) : 0;
	db_done(st);
	return n > 0;
}

long long offstore_agency(struct db *db, const char *code, char *name, size_t cap)
{
	struct db_stmt *st =
		db_row(db, "SELECT id, name FROM agency WHERE code = $1", DB_ARGS(db_text(code)));
	if (!st)
		return 0;
	long long id = db_col_int(st, 0);
	cpy(name, cap, db_col_text(st, 1));
	db_done(st);
	return id;
}

struct db_stmt *offstore_heads(struct db *db, long long unit_id)
{
	static const char sql[] =
		"SELECT s.email, s.id FROM staff s JOIN staff_role r ON r.staff_id = s.id"
		" WHERE s.unit_id = $1 AND s.active = 1 AND r.role = 'head'"
		" ORDER BY s.id";
	return db_query(db, sql, DB_ARGS(db_int(unit_id)));
}

struct db_stmt *offstore_leaders(struct db *db, long long agency_id)
{
	static const char sql[] =
		"SELECT s.email, s.id FROM staff s JOIN staff_role r ON r.staff_id = s.id"
		" JOIN unit u ON u.id = s.unit_id"
		" WHERE u.agency_id = $1 AND s.active = 1 AND r.role = 'leader' ORDER BY s.id";
	return db_query(db, sql, DB_ARGS(db_int(agency_id)));
}

/* ---- criteria sets ---- */

void offstore_set_free(struct off_set *s)
{
	free(s->groups);
	s->groups = NULL;
}

#define SET_COLS                                                                                   \
	"SELECT id, agency_id, year, state, scale_max, groups_json, next_id, version, created_at," \
	" updated_at, coalesce(published_at, 0), coalesce(published_by, 0) FROM criteria_set"

static int set_row(struct db_stmt *st, struct off_set *s)
{
	memset(s, 0, sizeof *s);
	if (!st)
		return 0;
	s->id = db_col_int(st, 0);
	s->agency_id = db_col_int(st, 1);
	s->year = db_col_int(st, 2);
	cpy(s->state, sizeof s->state, db_col_text(st, 3));
	s->scale_max = db_col_int(st, 4);
	s->groups = dup(st, 5);
	s->next_id = db_col_int(st, 6);
	s->version = db_col_int(st, 7);
	s->created_at = db_col_int(st, 8);
	s->updated_at = db_col_int(st, 9);
	s->published_at = db_col_int(st, 10);
	s->published_by = db_col_int(st, 11);
	db_done(st);
	return 1;
}

int offstore_set_get(struct db *db, long long agency, long long year, struct off_set *s)
{
	return set_row(db_row(db, SET_COLS " WHERE agency_id = $1 AND year = $2",
			      DB_ARGS(db_int(agency), db_int(year))),
		       s);
}

int offstore_set_by_id(struct db *db, long long id, struct off_set *s)
{
	return set_row(db_row(db, SET_COLS " WHERE id = $1", DB_ARGS(db_int(id))), s);
}

int offstore_set_insert(struct db *db, const struct off_set *s, long long *id)
{
	static const char sql[] =
		"INSERT INTO criteria_set (agency_id, year, state, scale_max, groups_json, next_id,"
		" version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)";
	if (db_exec_vals(db, sql,
			 DB_ARGS(db_int(s->agency_id), db_int(s->year), db_text(s->state),
				 db_int(s->scale_max), db_text(s->groups), db_int(s->next_id),
				 db_int(s->version), db_int(s->created_at))) != DB_OK)
		return -1;
	*id = db_last_insert_id(db);
	return 0;
}

int offstore_set_update(struct db *db, const struct off_set *s)
{
	static const char sql[] = "UPDATE criteria_set SET state = $2, scale_max = $3, groups_json "
				  "= $4, next_id = $5,"
				  " version = $6, updated_at = $7, published_at = $8, published_by "
				  "= $9 WHERE id = $1";
	return db_exec_vals(db, sql,
			    DB_ARGS(db_int(s->id), db_text(s->state), db_int(s->scale_max),
				    db_text(s->groups), db_int(s->next_id), db_int(s->version),
				    db_int(s->updated_at), int_or_null(s->published_at),
				    int_or_null(s->published_by))) == DB_OK
		       ? 0
		       : -1;
}

/* ---- history ---- */

/* entity → the history's reference column */
static int entity_col(const char *entity)
{
	return strcmp(entity, "criteria") == 0 ? 0 : strcmp(entity, "commitment") == 0 ? 1 : 2;
}

int offstore_event(struct db *db, const char *entity, long long id, int64_t at, long long staff,
		   const char *action, const char *from, const char *to, const char *comment)
{
	static const char sql[] =
		"INSERT INTO official_event (set_id, commitment_id, appraisal_id, at, staff_id,"
		" action, state_from, state_to, comment) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
		"$9)";
	int col = entity_col(entity);
	return db_exec_vals(
		       db, sql,
		       DB_ARGS(col == 0 ? db_int(id) : db_null(), col == 1 ? db_int(id) : db_null(),
			       col == 2 ? db_int(id) : db_null(), db_int(at), int_or_null(staff),
			       db_text(action), db_text(from ? from : ""), db_text(to ? to : ""),
			       db_text(comment ? comment : ""))) == DB_OK
		       ? 0
		       : -1;
}

#define EVENT_COLS                                                                                 \
	"SELECT e.at, coalesce(s.username, ''), coalesce(s.full_name, ''), e.action,"              \
	" e.state_from, e.state_to, e.comment FROM official_event e"                               \
	" LEFT JOIN staff s ON s.id = e.staff_id WHERE "

struct db_stmt *offstore_events(struct db *db, const char *entity, long long id)
{
	static const char *const sql[] = {EVENT_COLS "e.set_id = $1 ORDER BY e.id",
					  EVENT_COLS "e.commitment_id = $1 ORDER BY e.id",
					  EVENT_COLS "e.appraisal_id = $1 ORDER BY e.id"};
	return db_query(db, sql[entity_col(entity)], DB_ARGS(db_int(id)));
}

/* ---- commitments ---- */

void offstore_commit_free(struct off_commit *c)
{
	free(c->items);
	free(c->measures);
	free(c->comment);
	c->items = c->measures = c->comment = NULL;
}

#define COMMIT_COLS                                                                                \
	"SELECT id, agency_id, staff_id, coalesce(unit_id, 0), year, set_id, state, items,"        \
	" measures, comment, created_at, updated_at, coalesce(approved_at, 0),"                    \
	" coalesce(approved_by, 0) FROM commitment"

static int commit_row(struct db_stmt *st, struct off_commit *c)
{
	memset(c, 0, sizeof *c);
	if (!st)
		return 0;
	c->id = db_col_int(st, 0);
	c->agency_id = db_col_int(st, 1);
	c->staff_id = db_col_int(st, 2);
	c->unit_id = db_col_int(st, 3);
	c->year = db_col_int(st, 4);
	c->set_id = db_col_int(st, 5);
	cpy(c->state, sizeof c->state, db_col_text(st, 6));
	c->items = dup(st, 7);
	c->measures = dup(st, 8);
	c->comment = dup(st, 9);
	c->created_at = db_col_int(st, 10);
	c->updated_at = db_col_int(st, 11);
	c->approved_at = db_col_int(st, 12);
	c->approved_by = db_col_int(st, 13);
	db_done(st);
	return 1;
}

int offstore_commit_by_id(struct db *db, long long id, struct off_commit *c)
{
	return commit_row(db_row(db, COMMIT_COLS " WHERE id = $1", DB_ARGS(db_int(id))), c);
}

int offstore_commit_of(struct db *db, long long staff, long long year, struct off_commit *c)
{
	return commit_row(db_row(db, COMMIT_COLS " WHERE staff_id = $1 AND year = $2",
				 DB_ARGS(db_int(staff), db_int(year))),
			  c);
}

int offstore_commit_insert(struct db *db, const struct off_commit *c, long long *id)
{
	static const char sql[] =
		"INSERT INTO commitment (agency_id, staff_id, unit_id, year, set_id, state, items,"
		" measures, comment, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
		"$8,"
		" $9, $10, $10)";
	if (db_exec_vals(db, sql,
			 DB_ARGS(db_int(c->agency_id), db_int(c->staff_id), int_or_null(c->unit_id),
				 db_int(c->year), db_int(c->set_id), db_text(c->state),
				 db_text(c->items), db_text(c->measures),
				 db_text(c->comment ? c->comment : ""), db_int(c->created_at))) !=
	    DB_OK)
		return -1;
	*id = db_last_insert_id(db);
	return 0;
}

int offstore_commit_update(struct db *db, const struct off_commit *c)
{
	static const char sql[] =
		"UPDATE commitment SET set_id = $2, state = $3, items = $4, measures = $5, comment "
		"= $6,"
		" updated_at = $7, approved_at = $8, approved_by = $9, unit_id = $10 WHERE id = $1";
	return db_exec_vals(db, sql,
			    DB_ARGS(db_int(c->id), db_int(c->set_id), db_text(c->state),
				    db_text(c->items), db_text(c->measures),
				    db_text(c->comment ? c->comment : ""), db_int(c->updated_at),
				    int_or_null(c->approved_at), int_or_null(c->approved_by),
				    int_or_null(c->unit_id))) == DB_OK
		       ? 0
		       : -1;
}

struct db_stmt *offstore_commit_list(struct db *db, long long agency, long long year,
				     long long unit, long long staff, const char *state)
{
	static const char sql[] =
		"SELECT c.id, c.state, c.updated_at, s.username, s.full_name, s.title,"
		" coalesce(c.unit_id, 0), coalesce(u.name, '') FROM commitment c"
		" JOIN staff s ON s.id = c.staff_id LEFT JOIN unit u ON u.id = c.unit_id"
		" WHERE c.agency_id = $1 AND c.year = $2 AND ($3 = 0 OR c.unit_id = $3)"
		" AND ($4 = 0 OR c.staff_id = $4) AND ($5 IS NULL OR c.state = $5)"
		" ORDER BY u.name, s.full_name, c.id";
	return db_query(
		db, sql,
		DB_ARGS(db_int(agency), db_int(year), db_int(unit), db_int(staff), db_text(state)));
}

/* ---- cycles ---- */

#define CYCLE_COLS                                                                                 \
	"SELECT id, agency_id, year, kind, self_due, head_due, leader_due, created_at,"            \
	" coalesce(reminded_at, 0) FROM appraisal_cycle"

static int cycle_row(struct db_stmt *st, struct off_cycle *c)
{
	memset(c, 0, sizeof *c);
	if (!st)
		return 0;
	c->id = db_col_int(st, 0);
	c->agency_id = db_col_int(st, 1);
	c->year = db_col_int(st, 2);
	cpy(c->kind, sizeof c->kind, db_col_text(st, 3));
	c->self_due = db_col_int(st, 4);
	c->head_due = db_col_int(st, 5);
	c->leader_due = db_col_int(st, 6);
	c->created_at = db_col_int(st, 7);
	c->reminded_at = db_col_int(st, 8);
	db_done(st);
	return 1;
}

int offstore_cycle_get(struct db *db, long long agency, long long year, const char *kind,
		       struct off_cycle *c)
{
	return cycle_row(db_row(db, CYCLE_COLS " WHERE agency_id = $1 AND year = $2 AND kind = $3",
				DB_ARGS(db_int(agency), db_int(year), db_text(kind))),
			 c);
}

int offstore_cycle_by_id(struct db *db, long long id, struct off_cycle *c)
{
	return cycle_row(db_row(db, CYCLE_COLS " WHERE id = $1", DB_ARGS(db_int(id))), c);
}

int offstore_cycle_insert(struct db *db, const struct off_cycle *c, long long staff, long long *id)
{
	static const char sql[] =
		"INSERT INTO appraisal_cycle (agency_id, year, kind, self_due, head_due, "
		"leader_due,"
		" created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
	if (db_exec_vals(db, sql,
			 DB_ARGS(db_int(c->agency_id), db_int(c->year), db_text(c->kind),
				 db_int(c->self_due), db_int(c->head_due), db_int(c->leader_due),
				 db_int(c->created_at), int_or_null(staff))) != DB_OK)
		return -1;
	*id = db_last_insert_id(db);
	return 0;
}

int offstore_cycle_populate(struct db *db, long long cycle, long long agency, int64_t now)
{
	static const char sql[] =
		"INSERT INTO appraisal (cycle_id, agency_id, staff_id, unit_id, state, created_at,"
		" updated_at) SELECT $1, $2, s.id, s.unit_id, 'self', $3, $3 FROM staff s"
		" LEFT JOIN unit u ON u.id = s.unit_id WHERE coalesce(u.agency_id, " HOME ") = $2"
		" AND s.active = 1"
		" AND NOT EXISTS (SELECT 1 FROM appraisal a WHERE a.cycle_id = $1 AND a.staff_id = "
		"s.id)";
	return db_exec_vals(db, sql, DB_ARGS(db_int(cycle), db_int(agency), db_int(now))) == DB_OK
		       ? 0
		       : -1;
}

int offstore_cycle_reminded(struct db *db, long long id, int64_t now)
{
	return db_exec_vals(db, "UPDATE appraisal_cycle SET reminded_at = $2 WHERE id = $1",
			    DB_ARGS(db_int(id), db_int(now))) == DB_OK
		       ? 0
		       : -1;
}

struct db_stmt *offstore_cycles(struct db *db, long long agency, long long year)
{
	static const char sql[] =
		"SELECT c.id, c.year, c.kind, c.self_due, c.head_due, c.leader_due,"
		" coalesce(c.reminded_at, 0),"
		" (SELECT count(*) FROM appraisal a WHERE a.cycle_id = c.id),"
		" (SELECT count(*) FROM appraisal a WHERE a.cycle_id = c.id AND a.state = "
		"'concluded')"
		" FROM appraisal_cycle c WHERE c.agency_id = $1 AND ($2 = 0 OR c.year = $2)"
		" ORDER BY c.year DESC, c.kind DESC";
	return db_query(db, sql, DB_ARGS(db_int(agency), db_int(year)));
}

/* ---- evaluations ---- */

void offstore_appr_free(struct off_appr *a)
{
	free(a->self_json);
	free(a->self_summary);
	free(a->head_json);
	free(a->head_comment);
	free(a->conclusion);
	a->self_json = a->self_summary = a->head_json = a->head_comment = a->conclusion = NULL;
}

#define APPR_COLS                                                                                  \
	"SELECT id, cycle_id, agency_id, staff_id, coalesce(unit_id, 0), state,"                   \
	" coalesce(rating, ''), self_json, self_summary, head_json, head_comment, conclusion,"     \
	" coalesce(self_at, 0), coalesce(head_at, 0), coalesce(concluded_at, 0),"                  \
	" coalesce(concluded_by, 0), reopened, created_at, updated_at FROM appraisal"

static int appr_row(struct db_stmt *st, struct off_appr *a)
{
	memset(a, 0, sizeof *a);
	if (!st)
		return 0;
	a->id = db_col_int(st, 0);
	a->cycle_id = db_col_int(st, 1);
	a->agency_id = db_col_int(st, 2);
	a->staff_id = db_col_int(st, 3);
	a->unit_id = db_col_int(st, 4);
	cpy(a->state, sizeof a->state, db_col_text(st, 5));
	cpy(a->rating, sizeof a->rating, db_col_text(st, 6));
	a->self_json = dup(st, 7);
	a->self_summary = dup(st, 8);
	a->head_json = dup(st, 9);
	a->head_comment = dup(st, 10);
	a->conclusion = dup(st, 11);
	a->self_at = db_col_int(st, 12);
	a->head_at = db_col_int(st, 13);
	a->concluded_at = db_col_int(st, 14);
	a->concluded_by = db_col_int(st, 15);
	a->reopened = db_col_int(st, 16);
	a->created_at = db_col_int(st, 17);
	a->updated_at = db_col_int(st, 18);
	db_done(st);
	return 1;
}

int offstore_appr_by_id(struct db *db, long long id, struct off_appr *a)
{
	return appr_row(db_row(db, APPR_COLS " WHERE id = $1", DB_ARGS(db_int(id))), a);
}

int offstore_appr_of(struct db *db, long long cycle, long long staff, struct off_appr *a)
{
	return appr_row(db_row(db, APPR_COLS " WHERE cycle_id = $1 AND staff_id = $2",
			       DB_ARGS(db_int(cycle), db_int(staff))),
			a);
}

int offstore_appr_insert(struct db *db, long long cycle, long long agency, long long staff,
			 long long unit, int64_t now, long long *id)
{
	static const char sql[] =
		"INSERT INTO appraisal (cycle_id, agency_id, staff_id, unit_id, state, created_at,"
		" updated_at) VALUES ($1, $2, $3, $4, 'self', $5, $5)";
	if (db_exec_vals(db, sql,
			 DB_ARGS(db_int(cycle), db_int(agency), db_int(staff), int_or_null(unit),
				 db_int(now))) != DB_OK)
		return -1;
	*id = db_last_insert_id(db);
	return 0;
}

int offstore_appr_update(struct db *db, const struct off_appr *a)
{
	static const char sql[] =
		"UPDATE appraisal SET state = $2, rating = $3, self_json = $4, self_summary = $5,"
		" head_json = $6, head_comment = $7, conclusion = $8, self_at = $9, head_at = $10,"
		" concluded_at = $11, concluded_by = $12, reopened = $13, updated_at = $14"
		" WHERE id = $1";
	return db_exec_vals(db, sql,
			    DB_ARGS(db_int(a->id), db_text(a->state),
				    db_text(a->rating[0] ? a->rating : NULL), db_text(a->self_json),
				    db_text(a->self_summary), db_text(a->head_json),
				    db_text(a->head_comment), db_text(a->conclusion),
				    int_or_null(a->self_at), int_or_null(a->head_at),
				    int_or_null(a->concluded_at), int_or_null(a->concluded_by),
				    db_int(a->reopened), db_int(a->updated_at))) == DB_OK
		       ? 0
		       : -1;
}

struct db_stmt *offstore_appr_list(struct db *db, long long agency, long long year,
				   const char *kind, long long unit, long long staff,
				   long long cycle)
{
	static const char sql[] =
		"SELECT a.id, a.state, coalesce(a.rating, ''), a.updated_at, s.username, "
		"s.full_name,"
		" s.title, coalesce(a.unit_id, 0), coalesce(u.name, ''), a.staff_id, a.self_json,"
		" c.kind, c.year, s.email,"
		" coalesce((SELECT cs.scale_max FROM criteria_set cs WHERE cs.agency_id = "
		"a.agency_id"
		" AND cs.year = c.year), 0)"
		" FROM appraisal a JOIN appraisal_cycle c ON c.id = a.cycle_id"
		" JOIN staff s ON s.id = a.staff_id LEFT JOIN unit u ON u.id = a.unit_id"
		" WHERE a.agency_id = $1 AND ($2 = 0 OR c.year = $2) AND ($3 IS NULL OR c.kind = "
		"$3)"
		" AND ($4 = 0 OR a.unit_id = $4) AND ($5 = 0 OR a.staff_id = $5)"
		" AND ($6 = 0 OR a.cycle_id = $6)"
		" ORDER BY c.year DESC, c.kind DESC, u.name, s.full_name, a.id";
	return db_query(db, sql,
			DB_ARGS(db_int(agency), db_int(year), db_text(kind), db_int(unit),
				db_int(staff), db_int(cycle)));
}

/* ---- supervision ---- */

struct db_stmt *offstore_supervision(struct db *db, long long agency, long long year)
{
	static const char sql[] =
		"SELECT u.id, u.name,"
		" (SELECT count(*) FROM staff s WHERE s.unit_id = u.id AND s.active = 1),"
		" (SELECT count(*) FROM commitment c WHERE c.unit_id = u.id AND c.year = $2"
		"  AND c.state <> 'draft'),"
		" (SELECT count(*) FROM commitment c WHERE c.unit_id = u.id AND c.year = $2"
		"  AND c.state = 'approved'),"
		" (SELECT count(*) FROM appraisal a JOIN appraisal_cycle y ON y.id = a.cycle_id"
		"  WHERE a.unit_id = u.id AND y.year = $2 AND y.kind = 'yearly' AND a.state <> "
		"'self'),"
		" (SELECT count(*) FROM appraisal a JOIN appraisal_cycle y ON y.id = a.cycle_id"
		"  WHERE a.unit_id = u.id AND y.year = $2 AND y.kind = 'yearly'"
		"  AND a.state IN ('leader', 'concluded')),"
		" (SELECT count(*) FROM appraisal a JOIN appraisal_cycle y ON y.id = a.cycle_id"
		"  WHERE a.unit_id = u.id AND y.year = $2 AND y.kind = 'yearly'"
		"  AND a.state = 'concluded')"
		" FROM unit u WHERE u.agency_id = $1 ORDER BY u.id";
	return db_query(db, sql, DB_ARGS(db_int(agency), db_int(year)));
}
