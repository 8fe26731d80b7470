/*
 * reception_store.c — all of the reception domain's SQL text
 * (reception_store.h): duties, sessions and their registrations, the book's
 * visits and matters. Dialect: $n parameters, standard joins, coalesce;
 * nothing of one engine only. Threading: each function runs on its caller's
 * connection and thread.
 */
#include "app/reception/reception_store.h"

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

static int ok(int rc)
{
	return rc == DB_OK ? 0 : -1;
}

static struct db_val int_or_null(long long v)
{
	return v ? db_int(v) : db_null();
}

struct db_stmt *rstore_duties(struct db *db)
{
	static const char sql[] = "SELECT role, name_vi, name_en, level, days, per"
				  " FROM reception_duty ORDER BY role";
	return db_query(db, sql, DB_ARGS(db_int(0)));
}

int rstore_duty_set(struct db *db, const char *role, long long days, const char *per, int64_t now)
{
	static const char find[] = "SELECT 1 FROM reception_duty WHERE role = $1";
	static const char sql[] =
		"UPDATE reception_duty SET days = $2, per = $3, updated_at = $4 WHERE role = $1";
	struct db_stmt *st = db_row(db, find, DB_ARGS(db_text(role)));
	if (!st)
		return 0;
	db_done(st);
	return db_exec_vals(db, sql,
			    DB_ARGS(db_text(role), db_int(days), db_text(per), db_int(now))) ==
			       DB_OK
		       ? 1
		       : -1;
}

struct db_stmt *rstore_agency(struct db *db, long long id)
{
	static const char sql[] = "SELECT id, code, name, level FROM agency WHERE id = $1";
	return db_row(db, sql, DB_ARGS(db_int(id)));
}

struct db_stmt *rstore_agency_by_code(struct db *db, const char *code)
{
	static const char sql[] = "SELECT id, code, name, level FROM agency WHERE code = $1";
	return db_row(db, sql, DB_ARGS(db_text(code)));
}

struct db_stmt *rstore_duty_starts(struct db *db, long long agency, const char *role, int64_t from,
				   int64_t to)
{
	static const char sql[] = "SELECT starts_at FROM reception_session"
				  " WHERE agency_id = $1 AND leader_role = $2 AND cancelled = 0"
				  " AND starts_at >= $3 AND starts_at < $4 ORDER BY starts_at";
	return db_query(db, sql, DB_ARGS(db_int(agency), db_text(role), db_int(from), db_int(to)));
}

#define SESSION_COLS                                                                               \
	"SELECT s.id, s.agency_id, s.leader_name, s.leader_title, s.leader_role, s.starts_at,"     \
	" s.ends_at, s.place, s.kind, s.mode, s.capacity, s.note, s.cancelled,"                    \
	" (SELECT count(*) FROM reception_registration r WHERE r.session_id = s.id),"              \
	" a.code, a.name FROM reception_session s JOIN agency a ON a.id = s.agency_id"

struct db_stmt *rstore_session(struct db *db, long long id, long long agency)
{
	static const char sql[] = SESSION_COLS " WHERE s.id = $1 AND ($2 = 0 OR s.agency_id = $2)";
	return db_row(db, sql, DB_ARGS(db_int(id), db_int(agency)));
}

struct db_stmt *rstore_sessions(struct db *db, long long agency, int64_t from, int64_t to,
				int with_cancelled)
{
	static const char sql[] = SESSION_COLS
		" WHERE ($1 = 0 OR s.agency_id = $1) AND s.starts_at >= $2 AND s.starts_at < $3"
		" AND ($4 = 1 OR s.cancelled = 0) ORDER BY s.starts_at, s.id";
	return db_query(db, sql,
			DB_ARGS(db_int(agency), db_int(from), db_int(to), db_int(with_cancelled)));
}

int rstore_session_insert(struct db *db, long long agency, const struct reception_session_in *in,
			  long long staff, int64_t now, long long *id)
{
	static const char sql[] =
		"INSERT INTO reception_session (agency_id, leader_name, leader_title, leader_role,"
		" starts_at, ends_at, place, kind, mode, capacity, note, cancelled, created_by,"
		" created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
		"$12,"
		" $13, $14, $14)";
	if (db_exec_vals(db, sql,
			 DB_ARGS(db_int(agency), db_text(in->leader_name),
				 db_text(or_empty(in->leader_title)),
				 db_text(or_empty(in->leader_role)), db_int(in->starts_at),
				 db_int(in->ends_at), db_text(in->place), db_text(in->kind),
				 db_text(in->mode), db_int(in->capacity),
				 db_text(or_empty(in->note)), db_int(in->cancelled ? 1 : 0),
				 int_or_null(staff), db_int(now))) != DB_OK)
		return -1;
	*id = db_last_insert_id(db);
	return 0;
}

int rstore_session_update(struct db *db, long long id, const struct reception_session_in *in,
			  int64_t now)
{
	static const char sql[] =
		"UPDATE reception_session SET leader_name = $2, leader_title = $3, leader_role = "
		"$4,"
		" starts_at = $5, ends_at = $6, place = $7, kind = $8, mode = $9, capacity = $10,"
		" note = $11, cancelled = $12, updated_at = $13 WHERE id = $1";
	return ok(db_exec_vals(
		db, sql,
		DB_ARGS(db_int(id), db_text(in->leader_name), db_text(or_empty(in->leader_title)),
			db_text(or_empty(in->leader_role)), db_int(in->starts_at),
			db_int(in->ends_at), db_text(in->place), db_text(in->kind),
			db_text(in->mode), db_int(in->capacity), db_text(or_empty(in->note)),
			db_int(in->cancelled ? 1 : 0), db_int(now))));
}

int rstore_registration_code_taken(struct db *db, const char *code)
{
	static const char sql[] = "SELECT 1 FROM reception_registration WHERE code = $1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_text(code)));
	db_done(st);
	return st != NULL;
}

long long rstore_registration_count(struct db *db, long long session)
{
	static const char sql[] =
		"SELECT count(*) FROM reception_registration WHERE session_id = $1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(session)));
	long long n = st ? db_col_int(st, 0) : 0;
	db_done(st);
	return n;
}

int rstore_registration_insert(struct db *db, long long session, const char *code, const char *name,
			       const char *contact, const char *subject, int64_t now)
{
	static const char sql[] = "INSERT INTO reception_registration (session_id, code, name,"
				  " contact, subject, created_at) VALUES ($1, $2, $3, $4, $5, $6)";
	return ok(db_exec_vals(db, sql,
			       DB_ARGS(db_int(session), db_text(code), db_text(name),
				       db_text(contact), db_text(subject), db_int(now))));
}

struct db_stmt *rstore_registrations(struct db *db, long long session)
{
	static const char sql[] = "SELECT code, name, contact, subject, created_at"
				  " FROM reception_registration WHERE session_id = $1 ORDER BY id";
	return db_query(db, sql, DB_ARGS(db_int(session)));
}

long long rstore_visit_next_seq(struct db *db, long long agency)
{
	static const char sql[] =
		"SELECT coalesce(max(seq), 0) + 1 FROM reception_visit WHERE agency_id = $1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(agency)));
	long long n = st ? db_col_int(st, 0) : 0;
	db_done(st);
	return n;
}

int rstore_visit_insert(struct db *db, long long agency, long long seq,
			const struct reception_visit_in *in, const char *content, long long staff,
			int64_t now, long long *id)
{
	static const char sql[] =
		"INSERT INTO reception_visit (agency_id, seq, session_id, visited_at, visitors,"
		" address, id_number, people, content, prior_handling, within_competence, "
		"guided_to,"
		" guided_doc, transfer_to, transfer_doc, follow_up, note, created_by, created_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,"
		" $17, $18, $19)";
	if (db_exec_vals(
		    db, sql,
		    DB_ARGS(db_int(agency), db_int(seq), int_or_null(in->session_id),
			    db_int(in->visited_at), db_text(in->visitors),
			    db_text(or_empty(in->address)), db_text(or_empty(in->id_number)),
			    db_int(in->people), db_text(content),
			    db_text(or_empty(in->prior_handling)),
			    db_int(in->within_competence ? 1 : 0), db_text(or_empty(in->guided_to)),
			    db_text(or_empty(in->guided_doc)), db_text(or_empty(in->transfer_to)),
			    db_text(or_empty(in->transfer_doc)), db_text(or_empty(in->follow_up)),
			    db_text(or_empty(in->note)), int_or_null(staff), db_int(now))) != DB_OK)
		return -1;
	*id = db_last_insert_id(db);
	return 0;
}

int rstore_matter_insert(struct db *db, long long visit, int position, long long petition,
			 const char *type, const char *field)
{
	static const char sql[] = "INSERT INTO reception_matter (visit_id, position, petition_id,"
				  " type, field) VALUES ($1, $2, $3, $4, $5)";
	return ok(db_exec_vals(db, sql,
			       DB_ARGS(db_int(visit), db_int(position), db_int(petition),
				       db_text(type), db_text(or_empty(field)))));
}

struct db_stmt *rstore_visits(struct db *db, long long agency, int64_t from, int64_t to)
{
	static const char sql[] =
		"SELECT v.id, v.seq, v.visited_at, v.visitors, v.address, v.id_number, v.people,"
		" v.content, v.prior_handling, v.within_competence, v.guided_to, v.guided_doc,"
		" v.transfer_to, v.transfer_doc, v.follow_up, v.note, a.code"
		" FROM reception_visit v JOIN agency a ON a.id = v.agency_id"
		" WHERE ($1 = 0 OR v.agency_id = $1) AND v.visited_at >= $2 AND v.visited_at < $3"
		" ORDER BY a.code, v.seq";
	return db_query(db, sql, DB_ARGS(db_int(agency), db_int(from), db_int(to)));
}

struct db_stmt *rstore_matters(struct db *db, long long agency, int64_t from, int64_t to)
{
	static const char sql[] =
		"SELECT m.visit_id, m.type, m.field, p.id, p.code, p.status"
		" FROM reception_matter m JOIN reception_visit v ON v.id = m.visit_id"
		" JOIN petition p ON p.id = m.petition_id"
		" WHERE ($1 = 0 OR v.agency_id = $1) AND v.visited_at >= $2 AND v.visited_at < $3"
		" ORDER BY m.visit_id, m.position";
	return db_query(db, sql, DB_ARGS(db_int(agency), db_int(from), db_int(to)));
}
