/*
 * papers_store.c — all of the papers' SQL text (papers_store.h): the
 * history as a paper names it, the issuing body, the tracking book.
 *
 * Dialect: $n parameters, standard joins and coalesce; nothing of one
 * engine only. A statement that fails to prepare aborts (db_prep).
 *
 * Threading: reads on the caller's connection.
 */
#include "app/papers/papers_store.h"

struct db_stmt *pstore_events(struct db *db, const char *code, int limit)
{
	static const char sql[] =
		"SELECT e.at, e.action, e.outcome, e.note, fu.name, tu.name,"
		" a.full_name, a.title, au.name, t.full_name, xu.name"
		" FROM dossier_event e JOIN dossier d ON d.id = e.dossier_id"
		" LEFT JOIN dossier_step fs ON fs.dossier_id = d.id AND fs.position = e.from_step"
		" LEFT JOIN unit fu ON fu.id = fs.unit_id"
		" LEFT JOIN dossier_step ts ON ts.dossier_id = d.id AND ts.position = e.to_step"
		" LEFT JOIN unit tu ON tu.id = ts.unit_id"
		" LEFT JOIN staff a ON a.id = e.actor_id LEFT JOIN unit au ON au.id = a.unit_id"
		" LEFT JOIN staff t ON t.id = e.to_staff_id LEFT JOIN unit xu ON xu.id = t.unit_id"
		" WHERE d.code = $1 ORDER BY e.id LIMIT $2";
	return db_query(db, sql, DB_ARGS(db_text(code), db_int(limit)));
}

struct db_stmt *pstore_issuer(struct db *db, const char *dossier_code, int receiving,
			      long long agency)
{
	static const char sql_dossier[] =
		"SELECT a.name, a.centre_name, a.address, a.phone, a.email, coalesce(p.name, '')"
		" FROM dossier d JOIN agency a ON a.id = d.agency_id"
		" LEFT JOIN agency p ON p.id = a.parent_id WHERE d.code = $1";
	/* the province model: the centre that received the dossier */
	static const char sql_received[] =
		"SELECT a.name, a.centre_name, a.address, a.phone, a.email, coalesce(p.name, '')"
		" FROM dossier d JOIN agency a ON a.id = coalesce(d.received_agency_id, "
		"d.agency_id)"
		" LEFT JOIN agency p ON p.id = a.parent_id WHERE d.code = $1";
	static const char sql_home[] =
		"SELECT a.name, a.centre_name, a.address, a.phone, a.email, coalesce(p.name, '')"
		" FROM agency a LEFT JOIN agency p ON p.id = a.parent_id"
		" WHERE a.is_home = 1 ORDER BY a.id LIMIT 1";
	static const char sql_agency[] =
		"SELECT a.name, a.centre_name, a.address, a.phone, a.email, coalesce(p.name, '')"
		" FROM agency a LEFT JOIN agency p ON p.id = a.parent_id WHERE a.id = $1";
	if (!dossier_code && agency)
		return db_row(db, sql_agency, DB_ARGS(db_int(agency)));
	if (!dossier_code)
		return db_row(db, sql_home, 0, NULL);
	return db_row(db, receiving ? sql_received : sql_dossier, DB_ARGS(db_text(dossier_code)));
}

struct db_stmt *pstore_field(struct db *db, const char *code)
{
	static const char sql[] = "SELECT name FROM field WHERE code = $1";
	return db_row(db, sql, DB_ARGS(db_text(code)));
}

long long pstore_book_count(struct db *db, int64_t t0, int64_t t1, const char *field,
			    long long agency)
{
	static const char sql[] =
		"SELECT count(*) FROM dossier d JOIN procedure p ON p.id = d.procedure_id"
		" JOIN field f ON f.id = p.field_id"
		" WHERE d.received_at >= $1 AND d.received_at < $2 AND ($3 IS NULL OR f.code = $3)"
		" AND ($4 = 0 OR coalesce(d.received_agency_id, d.agency_id) = $4)";
	struct db_stmt *st =
		db_row(db, sql, DB_ARGS(db_int(t0), db_int(t1), db_text(field), db_int(agency)));
	long long n = st ? db_col_int(st, 0) : 0;
	db_done(st);
	return n;
}

struct db_stmt *pstore_book_rows(struct db *db, int64_t t0, int64_t t1, const char *field,
				 long long agency, long long limit, long long offset)
{
	/* the lead unit: the first step after the counter's, else the agency */
	static const char sql[] =
		"SELECT d.code, p.code, p.name, f.code, f.name, d.applicant_kind, d.applicant_name,"
		" d.org_name, d.applicant_address, d.applicant_phone,"
		" coalesce((SELECT u.name FROM dossier_step s JOIN unit u ON u.id = s.unit_id"
		"  WHERE s.dossier_id = d.id ORDER BY s.position > 1 DESC, s.position LIMIT 1), "
		"a.name),"
		" d.received_at, d.due_at, d.returned_at, d.return_method, d.returned_method,"
		" d.returned_to, d.status, d.refused_at, d.withdrawn_at, d.apology_count,"
		" d.book_volume, d.book_entry,"
		" (SELECT b.code FROM agency b WHERE b.id = coalesce(d.received_agency_id, "
		"d.agency_id))"
		" FROM dossier d JOIN procedure p ON p.id = d.procedure_id"
		" JOIN field f ON f.id = p.field_id JOIN agency a ON a.id = d.agency_id"
		" WHERE d.received_at >= $1 AND d.received_at < $2 AND ($3 IS NULL OR f.code = $3)"
		" AND ($6 = 0 OR coalesce(d.received_agency_id, d.agency_id) = $6)"
		" ORDER BY d.received_at, d.id LIMIT $4 OFFSET $5";
	return db_query(db, sql,
			DB_ARGS(db_int(t0), db_int(t1), db_text(field), db_int(limit),
				db_int(offset), db_int(agency)));
}

struct db_stmt *pstore_agency(struct db *db, const char *code)
{
	static const char sql[] = "SELECT id, name FROM agency WHERE code = $1";
	return db_row(db, sql, DB_ARGS(db_text(code)));
}

struct db_stmt *pstore_agency_by_id(struct db *db, long long id)
{
	static const char sql[] = "SELECT code, name FROM agency WHERE id = $1";
	return db_row(db, sql, DB_ARGS(db_int(id)));
}
