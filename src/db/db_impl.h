/*
 * db_impl.h — private to src/db/: the two backends behind db.h.
 *
 * A `struct db` / `struct db_stmt` is the first member of the backend's own
 * connection / statement (struct sq_db, struct pg_db, …), so db.c casts the
 * public pointer to the backend's type after one look at `be`. SQLite
 * (db_sqlite.c) and PostgreSQL (db_pg.c) coexist in one binary; db_open
 * picks PostgreSQL for a `postgresql://` or `postgres://` URL.
 */
#ifndef MOTCUA_DB_DB_IMPL_H
#define MOTCUA_DB_DB_IMPL_H

#include "db/db.h"

enum db_backend { DB_BE_SQLITE = 1, DB_BE_PG = 2 };

struct db {
	enum db_backend be;
	struct db *pool_next; /* db_pool's list */
};

struct db_stmt {
	enum db_backend be;
};

/* 1 if `path` names a PostgreSQL database (a postgresql:// or postgres:// URL). */
int db_path_is_pg(const char *path);

#define DB_IMPL_OPS(P)                                                                             \
	int P##_open(const char *path, int flags, struct db **out, char *err, size_t errlen);      \
	void P##_close(struct db *db);                                                             \
	const char *P##_errmsg(struct db *db);                                                     \
	int P##_exec(struct db *db, const char *sql);                                              \
	struct db_stmt *P##_prep(struct db *db, const char *sql, int fatal);                       \
	void P##_bind_int(struct db_stmt *st, int n, int64_t v);                                   \
	void P##_bind_double(struct db_stmt *st, int n, double v);                                 \
	void P##_bind_textn(struct db_stmt *st, int n, const char *s, size_t len);                 \
	void P##_bind_blob(struct db_stmt *st, int n, const void *p, size_t len);                  \
	void P##_bind_null(struct db_stmt *st, int n);                                             \
	int P##_step(struct db_stmt *st);                                                          \
	int64_t P##_col_int(struct db_stmt *st, int i);                                            \
	double P##_col_double(struct db_stmt *st, int i);                                          \
	const char *P##_col_text(struct db_stmt *st, int i);                                       \
	size_t P##_col_len(struct db_stmt *st, int i);                                             \
	const void *P##_col_blob(struct db_stmt *st, int i);                                       \
	int P##_col_null(struct db_stmt *st, int i);                                               \
	void P##_done(struct db_stmt *st);                                                         \
	void P##_reset_all(struct db *db);                                                         \
	int64_t P##_changes(struct db *db);                                                        \
	int64_t P##_total_changes(struct db *db);                                                  \
	int64_t P##_last_insert_id(struct db *db);                                                 \
	int P##_begin(struct db *db);                                                              \
	int P##_begin_read(struct db *db);                                                         \
	void P##_end_read(struct db *db);                                                          \
	int P##_commit(struct db *db);                                                             \
	int P##_rollback(struct db *db);                                                           \
	int P##_in_tx(struct db *db);                                                              \
	int P##_backup(struct db *db, const char *dest);                                           \
	int P##_check(struct db *db,                                                               \
		      void (*report)(void *arg, const char *what, const char *detail), void *arg);

DB_IMPL_OPS(sq)
DB_IMPL_OPS(pgb)

/* PostgreSQL only: the open transaction failed (see db_tx_failed). */
int pgb_tx_failed(struct db *db);
/* PostgreSQL only: db_exec_later's send (the statement bound). */
int pgb_send_later(struct db_stmt *st);
/* PostgreSQL only: the connection URL (for pg_dump, db_pg_tools.c). */
const char *pgb_url(struct db *db);

/* search.h on each backend */
int sq_search_procedures(struct db *db, const char *text, const char *field, long long limit,
			 long long offset, int64_t *ids, size_t cap, long long *total);
int sq_search_index_procedure(struct db *db, int64_t id, const char *name, const char *field,
			      const char *code);
int sq_search_remove_procedure(struct db *db, int64_t id);
int pgb_search_procedures(struct db *db, const char *text, const char *field, long long limit,
			  long long offset, int64_t *ids, size_t cap, long long *total);
int pgb_search_index_procedure(struct db *db, int64_t id, const char *name, const char *field,
			       const char *code);
int pgb_search_remove_procedure(struct db *db, int64_t id);

#endif
