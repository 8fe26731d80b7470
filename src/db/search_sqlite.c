/*
 * search_sqlite.c — search.h on SQLite (sq_search_*, called by search.c): the FTS5 table
 * procedure_fts (migration 0002_catalogue.sql: name, field, code; tokenize='vi'), one row per
 * active procedure with rowid = procedure.id.
 *
 * This is the only file that writes FTS5 syntax (MATCH, bm25, the rowid
 * join). User text never reaches MATCH as typed: db_match_query
 * (fts_vi_match_query) turns it into quoted words, the last a prefix.
 * Weights of bm25 follow the columns: name 10, field 2, code 5.
 *
 * Threading: as db.h; statements are cached per connection.
 */
#include "db/search.h"

#include <string.h>

#include "db/db_impl.h"
#include "db/fts_vi.h"

_Static_assert(DB_SEARCH_TEXT_MAX == FTS_VI_QUERY_MAX && DB_SEARCH_WORDS_MAX == FTS_VI_MAX_TERMS,
	       "search.h states the query builder's ceilings");

static const char sql_hits[] =
	"SELECT p.id FROM procedure_fts JOIN procedure p ON p.id = procedure_fts.rowid"
	" JOIN field f ON f.id = p.field_id WHERE procedure_fts MATCH $4 AND p.active = 1"
	" AND ($1 IS NULL OR f.code = $1)"
	" ORDER BY bm25(procedure_fts, 10.0, 2.0, 5.0), p.code LIMIT $2 OFFSET $3";
static const char sql_count[] =
	"SELECT count(*) FROM procedure_fts JOIN procedure p ON p.id = procedure_fts.rowid"
	" JOIN field f ON f.id = p.field_id WHERE procedure_fts MATCH $4 AND p.active = 1"
	" AND ($1 IS NULL OR f.code = $1)";

int sq_search_procedures(struct db *db, const char *text, const char *field, long long limit,
			 long long offset, int64_t *ids, size_t cap, long long *total)
{
	char match[FTS_VI_EXPR_CAP];
	*total = 0;
	int m = db_match_query(text, strlen(text), match, sizeof match);
	if (m < 0)
		return DB_SEARCH_INVALID;
	if (m == 0) /* only punctuation: nothing can match */
		return 0;
	if (limit > (long long)cap)
		limit = (long long)cap;
	/* the count has no $2, $3: those values are ignored there */
	const struct db_val args[] = {db_text(field), db_int(limit), db_int(offset),
				      db_text(match)};
	struct db_stmt *st = db_query(db, sql_hits, 4, args);
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW)
		ids[n++] = db_col_int(st, 0);
	db_done(st);
	if (rc != DB_DONE)
		return DB_SEARCH_ERROR;
	st = db_query(db, sql_count, 4, args);
	rc = db_step(st);
	if (rc == DB_ROW)
		*total = db_col_int(st, 0);
	db_done(st);
	return rc == DB_ROW ? n : DB_SEARCH_ERROR;
}

int sq_search_remove_procedure(struct db *db, int64_t id)
{
	static const char sql[] = "DELETE FROM procedure_fts WHERE rowid = $1";
	return db_exec_vals(db, sql, DB_ARGS(db_int(id))) == DB_OK ? 0 : -1;
}

int sq_search_index_procedure(struct db *db, int64_t id, const char *name, const char *field,
			      const char *code)
{
	static const char sql[] =
		"INSERT INTO procedure_fts (rowid, name, field, code) VALUES ($1, $2, $3, $4)";
	if (sq_search_remove_procedure(db, id) != 0)
		return -1;
	return db_exec_vals(db, sql,
			    DB_ARGS(db_int(id), db_text(name), db_text(field), db_text(code))) ==
			       DB_OK
		       ? 0
		       : -1;
}
