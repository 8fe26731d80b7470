/*
 * queue_store.c — all of the counter queue's SQL text (queue_store.h):
 * agencies and their working periods, groups, counters, tickets, the line's
 * order, the events of the boards and the kiosk's throttle.
 *
 * Dialect: $n parameters, standard joins, coalesce, CASE, count and sum
 * cast to BIGINT (PostgreSQL's sum of BIGINT is numeric); nothing of one
 * engine only. The state guards are in the UPDATEs themselves
 * ("… WHERE id = $1 AND state IN (…)"): a change that lost a race changes
 * no row, and the service sees db_changes() = 0.
 *
 * Threading: each function runs on its caller's connection and thread.
 */
#include <stdio.h>
#include <string.h>

#include "app/queue/queue_store.h"

static long long one_int(struct db_stmt *st)
{
	long long v = st ? (long long)db_col_int(st, 0) : 0;
	db_done(st);
	return v;
}

static int changed(struct db *db, int rc)
{
	if (rc != DB_OK)
		return -1;
	return db_changes(db) > 0 ? 1 : 0;
}

long long qstore_agency_by_code(struct db *db, const char *code)
{
	static const char sql[] = "SELECT id FROM agency WHERE code = $1";
	return one_int(db_row(db, sql, DB_ARGS(db_text(code))));
}

long long qstore_agency_home(struct db *db)
{
	static const char sql[] = "SELECT id FROM agency WHERE is_home = 1 ORDER BY id LIMIT 1";
	struct db_stmt *st = db_prep(db, sql);
	long long v = db_step(st) == DB_ROW ? (long long)db_col_int(st, 0) : 0;
	db_done(st);
	return v;
}

long long qstore_agency_of_staff(struct db *db, long long staff_id)
{
	static const char sql[] = "SELECT u.agency_id FROM staff s JOIN unit u ON u.id = s.unit_id"
				  " WHERE s.id = $1";
	return one_int(db_row(db, sql, DB_ARGS(db_int(staff_id))));
}

int qstore_agency_periods(struct db *db, long long agency, char *out, size_t cap)
{
	static const char sql[] = "SELECT work_periods FROM agency WHERE id = $1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(agency)));
	if (!st)
		return -1;
	snprintf(out, cap, "%s", db_col_text(st, 0));
	db_done(st);
	return 0;
}

long long qstore_field(struct db *db, const char *code)
{
	static const char sql[] = "SELECT id FROM field WHERE code = $1";
	return one_int(db_row(db, sql, DB_ARGS(db_text(code))));
}

int qstore_dossier_in_agency(struct db *db, const char *code, long long agency)
{
	static const char sql[] = "SELECT id FROM dossier WHERE code = $1"
				  " AND (agency_id = $2 OR received_agency_id = $2)";
	return one_int(db_row(db, sql, DB_ARGS(db_text(code), db_int(agency)))) > 0;
}

int qstore_group_insert(struct db *db, long long agency, const char *code, const char *prefix,
			const char *name, const char *name_en, int64_t now, long long *id)
{
	static const char sql[] =
		"INSERT INTO queue_group (agency_id, code, prefix, name, name_en, active,"
		" created_at) VALUES ($1, $2, $3, $4, $5, 1, $6)";
	int rc = db_exec_vals(db, sql,
			      DB_ARGS(db_int(agency), db_text(code), db_text(prefix), db_text(name),
				      db_text(name_en ? name_en : ""), db_int(now)));
	if (rc == DB_OK)
		*id = db_last_insert_id(db);
	return rc;
}

int qstore_group_field_insert(struct db *db, long long group, long long field)
{
	static const char sql[] =
		"INSERT INTO queue_group_field (group_id, field_id) VALUES ($1, $2)"
		" ON CONFLICT DO NOTHING";
	return db_exec_vals(db, sql, DB_ARGS(db_int(group), db_int(field))) == DB_OK ? 0 : -1;
}

#define GROUP_COLS "g.id, g.code, g.prefix, g.name, g.name_en"

struct db_stmt *qstore_group_by_code(struct db *db, long long agency, const char *code)
{
	static const char sql[] = "SELECT " GROUP_COLS " FROM queue_group g"
				  " WHERE g.agency_id = $1 AND g.code = $2 AND g.active = 1";
	return db_row(db, sql, DB_ARGS(db_int(agency), db_text(code)));
}

struct db_stmt *qstore_groups(struct db *db, long long agency)
{
	static const char sql[] = "SELECT " GROUP_COLS " FROM queue_group g"
				  " WHERE g.agency_id = $1 AND g.active = 1 ORDER BY g.code";
	return db_query(db, sql, DB_ARGS(db_int(agency)));
}

struct db_stmt *qstore_groups_all(struct db *db, long long agency)
{
	static const char sql[] = "SELECT " GROUP_COLS ", g.active FROM queue_group g"
				  " WHERE g.agency_id = $1 ORDER BY g.active DESC, g.code";
	return db_query(db, sql, DB_ARGS(db_int(agency)));
}

struct db_stmt *qstore_group_any(struct db *db, long long agency, const char *code)
{
	static const char sql[] = "SELECT " GROUP_COLS ", g.active FROM queue_group g"
				  " WHERE g.agency_id = $1 AND g.code = $2";
	return db_row(db, sql, DB_ARGS(db_int(agency), db_text(code)));
}

int qstore_group_update(struct db *db, long long id, const char *name, const char *name_en,
			int active)
{
	static const char sql[] =
		"UPDATE queue_group SET name = $2, name_en = $3, active = $4 WHERE id = $1";
	return db_exec_vals(db, sql,
			    DB_ARGS(db_int(id), db_text(name), db_text(name_en ? name_en : ""),
				    db_int(active))) == DB_OK
		       ? 0
		       : -1;
}

int qstore_group_fields_clear(struct db *db, long long group)
{
	static const char sql[] = "DELETE FROM queue_group_field WHERE group_id = $1";
	return db_exec_vals(db, sql, DB_ARGS(db_int(group))) == DB_OK ? 0 : -1;
}

struct db_stmt *qstore_group_fields(struct db *db, long long group)
{
	static const char sql[] = "SELECT f.code FROM queue_group_field gf"
				  " JOIN field f ON f.id = gf.field_id WHERE gf.group_id = $1"
				  " ORDER BY f.code";
	return db_query(db, sql, DB_ARGS(db_int(group)));
}

long long qstore_group_waiting(struct db *db, long long group, int64_t day)
{
	static const char sql[] = "SELECT count(*) FROM queue_ticket WHERE group_id = $1"
				  " AND day = $2 AND state IN ('waiting', 'transferred')";
	return one_int(db_row(db, sql, DB_ARGS(db_int(group), db_int(day))));
}

int qstore_counter_insert(struct db *db, long long agency, long long number, const char *name,
			  int64_t now, long long *id)
{
	static const char sql[] =
		"INSERT INTO queue_counter (agency_id, number, name, paused, pause_reason,"
		" priority_streak, active, created_at) VALUES ($1, $2, $3, 0, '', 0, 1, $4)";
	int rc = db_exec_vals(
		db, sql,
		DB_ARGS(db_int(agency), db_int(number), db_text(name ? name : ""), db_int(now)));
	if (rc == DB_OK)
		*id = db_last_insert_id(db);
	return rc;
}

int qstore_counter_group_insert(struct db *db, long long counter, long long group)
{
	static const char sql[] =
		"INSERT INTO queue_counter_group (counter_id, group_id) VALUES ($1, $2)"
		" ON CONFLICT DO NOTHING";
	return db_exec_vals(db, sql, DB_ARGS(db_int(counter), db_int(group))) == DB_OK ? 0 : -1;
}

#define COUNTER_COLS                                                                               \
	"c.id, c.agency_id, c.number, c.name, c.paused, c.pause_reason, c.priority_streak,"        \
	" coalesce(s.full_name, '')"

struct db_stmt *qstore_counter(struct db *db, long long id)
{
	static const char sql[] = "SELECT " COUNTER_COLS " FROM queue_counter c"
				  " LEFT JOIN staff s ON s.id = c.staff_id"
				  " WHERE c.id = $1 AND c.active = 1";
	return db_row(db, sql, DB_ARGS(db_int(id)));
}

struct db_stmt *qstore_counter_any(struct db *db, long long id)
{
	static const char sql[] = "SELECT " COUNTER_COLS ", c.active FROM queue_counter c"
				  " LEFT JOIN staff s ON s.id = c.staff_id WHERE c.id = $1";
	return db_row(db, sql, DB_ARGS(db_int(id)));
}

struct db_stmt *qstore_counters_all(struct db *db, long long agency)
{
	static const char sql[] = "SELECT " COUNTER_COLS ", c.active FROM queue_counter c"
				  " LEFT JOIN staff s ON s.id = c.staff_id"
				  " WHERE c.agency_id = $1 ORDER BY c.active DESC, c.number";
	return db_query(db, sql, DB_ARGS(db_int(agency)));
}

int qstore_counter_update(struct db *db, long long id, const char *name, int active)
{
	static const char sql[] = "UPDATE queue_counter SET name = $2, active = $3,"
				  " paused = CASE WHEN $3 = 0 THEN 0 ELSE paused END,"
				  " pause_reason = CASE WHEN $3 = 0 THEN '' ELSE pause_reason END"
				  " WHERE id = $1";
	return db_exec_vals(db, sql,
			    DB_ARGS(db_int(id), db_text(name ? name : ""), db_int(active))) == DB_OK
		       ? 0
		       : -1;
}

int qstore_counter_groups_clear(struct db *db, long long counter)
{
	static const char sql[] = "DELETE FROM queue_counter_group WHERE counter_id = $1";
	return db_exec_vals(db, sql, DB_ARGS(db_int(counter))) == DB_OK ? 0 : -1;
}

long long qstore_counter_by_number(struct db *db, long long agency, long long number)
{
	static const char sql[] = "SELECT id FROM queue_counter WHERE agency_id = $1"
				  " AND number = $2 AND active = 1";
	return one_int(db_row(db, sql, DB_ARGS(db_int(agency), db_int(number))));
}

struct db_stmt *qstore_counters(struct db *db, long long agency)
{
	static const char sql[] = "SELECT " COUNTER_COLS " FROM queue_counter c"
				  " LEFT JOIN staff s ON s.id = c.staff_id"
				  " WHERE c.agency_id = $1 AND c.active = 1 ORDER BY c.number";
	return db_query(db, sql, DB_ARGS(db_int(agency)));
}

struct db_stmt *qstore_counter_groups(struct db *db, long long counter)
{
	static const char sql[] = "SELECT g.code FROM queue_counter_group cg"
				  " JOIN queue_group g ON g.id = cg.group_id"
				  " WHERE cg.counter_id = $1 ORDER BY g.code";
	return db_query(db, sql, DB_ARGS(db_int(counter)));
}

int qstore_counter_duty(struct db *db, long long counter, long long staff, int streak)
{
	static const char sql[] =
		"UPDATE queue_counter SET staff_id = $2, priority_streak = $3 WHERE id = $1";
	return db_exec_vals(db, sql,
			    DB_ARGS(db_int(counter), staff ? db_int(staff) : db_null(),
				    db_int(streak))) == DB_OK
		       ? 0
		       : -1;
}

int qstore_counter_pause(struct db *db, long long counter, int paused, const char *reason)
{
	static const char sql[] =
		"UPDATE queue_counter SET paused = $2, pause_reason = $3 WHERE id = $1";
	return db_exec_vals(db, sql,
			    DB_ARGS(db_int(counter), db_int(paused),
				    db_text(reason ? reason : ""))) == DB_OK
		       ? 0
		       : -1;
}

long long qstore_group_open_counters(struct db *db, long long group)
{
	static const char sql[] = "SELECT count(*) FROM queue_counter_group cg"
				  " JOIN queue_counter c ON c.id = cg.counter_id"
				  " WHERE cg.group_id = $1 AND c.active = 1 AND c.paused = 0";
	return one_int(db_row(db, sql, DB_ARGS(db_int(group))));
}

long long qstore_ticket_next_seq(struct db *db, long long group, int64_t day)
{
	static const char sql[] = "SELECT coalesce(max(seq), 0) + 1 FROM queue_ticket"
				  " WHERE group_id = $1 AND day = $2";
	return one_int(db_row(db, sql, DB_ARGS(db_int(group), db_int(day))));
}

int qstore_ticket_insert(struct db *db, const char *public_id, long long agency, long long group,
			 int64_t day, long long seq, const char *number, int priority, int64_t now,
			 long long *id)
{
	static const char sql[] =
		"INSERT INTO queue_ticket (public_id, agency_id, group_id, day, seq, number,"
		" priority, state, issued_at, queued_at, recalls)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, 'waiting', $8, $8, 0)";
	if (db_exec_vals(db, sql,
			 DB_ARGS(db_text(public_id), db_int(agency), db_int(group), db_int(day),
				 db_int(seq), db_text(number), db_int(priority), db_int(now))) !=
	    DB_OK)
		return -1;
	*id = db_last_insert_id(db);
	return 0;
}

#define TICKET_COLS                                                                                \
	"t.id, t.public_id, t.agency_id, t.group_id, g.code, g.name, g.name_en, t.day, t.number,"  \
	" t.priority, t.state, t.issued_at, t.queued_at, t.called_at, t.recalls, t.started_at,"    \
	" t.finished_at, t.counter_id, coalesce(c.number, 0), coalesce(c.name, ''),"               \
	" t.target_counter_id, t.dossier_code"
#define TICKET_FROM                                                                                \
	" FROM queue_ticket t JOIN queue_group g ON g.id = t.group_id"                             \
	" LEFT JOIN queue_counter c ON c.id = t.counter_id"

struct db_stmt *qstore_ticket(struct db *db, long long id)
{
	static const char sql[] = "SELECT " TICKET_COLS TICKET_FROM " WHERE t.id = $1";
	return db_row(db, sql, DB_ARGS(db_int(id)));
}

struct db_stmt *qstore_ticket_of_dossier(struct db *db, const char *code)
{
	static const char sql[] = "SELECT " TICKET_COLS ", coalesce(s.full_name, '')" TICKET_FROM
				  " LEFT JOIN staff s ON s.id = t.staff_id"
				  " WHERE t.dossier_code = $1 ORDER BY t.id DESC LIMIT 1";
	return db_row(db, sql, DB_ARGS(db_text(code)));
}

struct db_stmt *qstore_ticket_public(struct db *db, const char *public_id)
{
	static const char sql[] = "SELECT " TICKET_COLS TICKET_FROM " WHERE t.public_id = $1";
	return db_row(db, sql, DB_ARGS(db_text(public_id)));
}

long long qstore_counter_current(struct db *db, long long counter)
{
	static const char sql[] = "SELECT id FROM queue_ticket WHERE counter_id = $1"
				  " AND state IN ('called', 'serving') ORDER BY id LIMIT 1";
	return one_int(db_row(db, sql, DB_ARGS(db_int(counter))));
}

long long qstore_ahead(struct db *db, long long group, int64_t day, int priority, int64_t queued_at,
		       long long id)
{
	static const char sql[] =
		"SELECT count(*) FROM queue_ticket WHERE group_id = $1 AND day = $2"
		" AND state IN ('waiting', 'transferred') AND target_counter_id IS NULL"
		" AND (priority > $3 OR (priority = $3 AND (queued_at < $4"
		" OR (queued_at = $4 AND id < $5))))";
	return one_int(db_row(db, sql,
			      DB_ARGS(db_int(group), db_int(day), db_int(priority),
				      db_int(queued_at), db_int(id))));
}

int qstore_service_time(struct db *db, long long group, int64_t day, double *mean, long long *n)
{
	static const char sql[] =
		"SELECT CAST(coalesce(sum(finished_at - coalesce(started_at, called_at)), 0)"
		" AS BIGINT), count(*) FROM queue_ticket WHERE group_id = $1 AND day = $2"
		" AND state = 'done' AND finished_at IS NOT NULL AND called_at IS NOT NULL";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(group), db_int(day)));
	*mean = 0;
	*n = 0;
	if (!st)
		return -1;
	long long sum = db_col_int(st, 0);
	*n = db_col_int(st, 1);
	db_done(st);
	if (*n > 0)
		*mean = (double)sum / (double)*n;
	return 0;
}

long long qstore_pick(struct db *db, long long counter, long long agency, int64_t day, int priority)
{
	static const char sql[] =
		"SELECT t.id FROM queue_ticket t WHERE t.agency_id = $2 AND t.day = $3"
		" AND t.state IN ('waiting', 'transferred') AND t.priority = $4"
		" AND (t.target_counter_id = $1 OR (t.target_counter_id IS NULL AND t.group_id IN"
		" (SELECT cg.group_id FROM queue_counter_group cg WHERE cg.counter_id = $1)))"
		" ORDER BY t.queued_at, t.id LIMIT 1";
	return one_int(db_row(
		db, sql, DB_ARGS(db_int(counter), db_int(agency), db_int(day), db_int(priority))));
}

int qstore_ticket_call(struct db *db, long long id, long long counter, long long staff, int64_t now)
{
	static const char sql[] =
		"UPDATE queue_ticket SET state = 'called', counter_id = $2, staff_id = $3,"
		" called_at = $4, recalls = 0, started_at = NULL, target_counter_id = NULL"
		" WHERE id = $1 AND state IN ('waiting', 'transferred')";
	return changed(db, db_exec_vals(db, sql,
					DB_ARGS(db_int(id), db_int(counter),
						staff ? db_int(staff) : db_null(), db_int(now))));
}

int qstore_ticket_recall(struct db *db, long long id, long long counter, int64_t now)
{
	static const char sql[] = "UPDATE queue_ticket SET recalls = recalls + 1, called_at = $3"
				  " WHERE id = $1 AND counter_id = $2 AND state = 'called'";
	return changed(db,
		       db_exec_vals(db, sql, DB_ARGS(db_int(id), db_int(counter), db_int(now))));
}

int qstore_ticket_state(struct db *db, long long id, const char *from1, const char *from2,
			const char *to, int64_t now)
{
	/* started_at when service starts, finished_at when it ends (done or
	 * no-show) */
	static const char sql[] =
		"UPDATE queue_ticket SET state = $4,"
		" started_at = CASE WHEN $4 = 'serving' THEN $5 ELSE started_at END,"
		" finished_at = CASE WHEN $4 IN ('done', 'no_show') THEN $5 ELSE finished_at END"
		" WHERE id = $1 AND state IN ($2, $3)";
	return changed(
		db, db_exec_vals(db, sql,
				 DB_ARGS(db_int(id), db_text(from1), db_text(from2 ? from2 : from1),
					 db_text(to), db_int(now))));
}

int qstore_ticket_transfer(struct db *db, long long id, long long group, long long counter)
{
	static const char sql[] =
		"UPDATE queue_ticket SET state = 'transferred', group_id = $2,"
		" target_counter_id = $3, counter_id = NULL, staff_id = NULL, called_at = NULL,"
		" started_at = NULL WHERE id = $1 AND state IN ('called', 'serving')";
	return changed(db, db_exec_vals(db, sql,
					DB_ARGS(db_int(id), db_int(group),
						counter ? db_int(counter) : db_null())));
}

int qstore_ticket_dossier(struct db *db, long long id, const char *code)
{
	static const char sql[] = "UPDATE queue_ticket SET dossier_code = $2 WHERE id = $1"
				  " AND state IN ('called', 'serving', 'done')";
	return changed(db, db_exec_vals(db, sql, DB_ARGS(db_int(id), db_text(code))));
}

int qstore_event_insert(struct db *db, long long agency, int64_t at, const char *kind,
			const char *data, long long *id)
{
	static const char sql[] = "INSERT INTO queue_event (agency_id, at, kind, data)"
				  " VALUES ($1, $2, $3, $4)";
	if (db_exec_vals(db, sql,
			 DB_ARGS(db_int(agency), db_int(at), db_text(kind), db_text(data))) !=
	    DB_OK)
		return -1;
	*id = db_last_insert_id(db);
	return 0;
}

int qstore_event_prune(struct db *db, int64_t before)
{
	static const char sql[] = "DELETE FROM queue_event WHERE at < $1";
	return db_exec_vals(db, sql, DB_ARGS(db_int(before))) == DB_OK ? 0 : -1;
}

struct db_stmt *qstore_events_after(struct db *db, long long after, int max)
{
	static const char sql[] = "SELECT id, agency_id, kind, data FROM queue_event"
				  " WHERE id > $1 ORDER BY id LIMIT $2";
	return db_query(db, sql, DB_ARGS(db_int(after), db_int(max)));
}

long long qstore_events_last(struct db *db)
{
	static const char sql[] = "SELECT coalesce(max(id), 0) FROM queue_event";
	struct db_stmt *st = db_prep(db, sql);
	long long v = db_step(st) == DB_ROW ? (long long)db_col_int(st, 0) : 0;
	db_done(st);
	return v;
}

long long qstore_events_first(struct db *db)
{
	static const char sql[] = "SELECT coalesce(min(id), 0) FROM queue_event";
	struct db_stmt *st = db_prep(db, sql);
	long long v = db_step(st) == DB_ROW ? (long long)db_col_int(st, 0) : 0;
	db_done(st);
	return v;
}

struct db_stmt *qstore_last_calls(struct db *db, long long agency, int64_t day, int max)
{
	static const char sql[] =
		"SELECT " TICKET_COLS TICKET_FROM
		" WHERE t.agency_id = $1 AND t.day = $2 AND t.called_at IS NOT NULL"
		" ORDER BY t.called_at DESC, t.id DESC LIMIT $3";
	return db_query(db, sql, DB_ARGS(db_int(agency), db_int(day), db_int(max)));
}

int qstore_rate_hit(struct db *db, const char *key, int64_t now, int64_t window_s, int *count)
{
	/* a fixed window per key, as the online submissions' (rate_limit) */
	static const char sql[] =
		"INSERT INTO rate_limit (key, window_start, count) VALUES ($1, $2, 1)"
		" ON CONFLICT (key) DO UPDATE SET"
		" count = CASE WHEN rate_limit.window_start <= $2 - $3 THEN 1 ELSE "
		"rate_limit.count + 1 END,"
		" window_start = CASE WHEN rate_limit.window_start <= $2 - $3 THEN $2"
		" ELSE rate_limit.window_start END";
	static const char sql_get[] = "SELECT count FROM rate_limit WHERE key = $1";
	if (db_exec_vals(db, sql, DB_ARGS(db_text(key), db_int(now), db_int(window_s))) != DB_OK)
		return -1;
	struct db_stmt *st = db_row(db, sql_get, DB_ARGS(db_text(key)));
	if (!st)
		return -1;
	*count = (int)db_col_int(st, 0);
	db_done(st);
	return 0;
}
