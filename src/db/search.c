/*
 * search.c — search.h's entry points: SQLite's FTS5 index
 * (search_sqlite.c) or PostgreSQL's tsvector index (search_pg.c), by the
 * connection's backend.
 */
#include "db/search.h"

#include "db/db_impl.h"

int db_search_procedures(struct db *db, const char *text, const char *field, long long limit,
			 long long offset, int64_t *ids, size_t cap, long long *total)
{
	return db->be == DB_BE_PG
		       ? pgb_search_procedures(db, text, field, limit, offset, ids, cap, total)
		       : sq_search_procedures(db, text, field, limit, offset, ids, cap, total);
}

int db_search_index_procedure(struct db *db, int64_t id, const char *name, const char *field,
			      const char *code)
{
	return db->be == DB_BE_PG ? pgb_search_index_procedure(db, id, name, field, code)
				  : sq_search_index_procedure(db, id, name, field, code);
}

int db_search_remove_procedure(struct db *db, int64_t id)
{
	return db->be == DB_BE_PG ? pgb_search_remove_procedure(db, id)
				  : sq_search_remove_procedure(db, id);
}
