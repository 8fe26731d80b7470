/*
 * db.c — db.h's entry points: each one looks at the connection's backend
 * (db_impl.h) and calls SQLite's (db_sqlite.c, sq_*) or PostgreSQL's
 * (db_pg.c, pgb_*) implementation; what is the same on both (db_prep's
 * abort, DB_ARGS binding, db_tx, the per-thread pool) lives here once.
 *
 * The branch costs one predictable compare per call; an ops table would
 * cost an indirect call instead, and nothing here needs more than two
 * backends.
 */
#include "db/db.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/mem.h"
#include "db/db_impl.h"
#include "db/fts_vi.h"

#define PG(x) ((x)->be == DB_BE_PG)

int db_path_is_pg(const char *path)
{
	return path &&
	       (strncmp(path, "postgresql://", 13) == 0 || strncmp(path, "postgres://", 11) == 0);
}

const char *db_display_name(const char *path, char *out, size_t n)
{
	if (!n)
		return out;
	size_t o = 0;
#define PUT(ch) (o + 1 < n ? (void)(out[o++] = (ch)) : (void)0)
	const char *scheme = db_path_is_pg(path) ? strstr(path, "://") : NULL;
	const char *at = scheme ? strchr(scheme + 3, '@') : NULL;
	const char *q = scheme ? strchr(scheme + 3, '?') : NULL;
	if (at && q && q < at)
		at = NULL; /* an '@' in the query string is no user part */
	const char *colon = at ? memchr(scheme + 3, ':', (size_t)(at - scheme - 3)) : NULL;
	for (const char *p = path; *p;) {
		if (p == colon) { /* user:PASSWORD@ */
			PUT(':'), PUT('*'), PUT('*'), PUT('*');
			p = at;
			continue;
		}
		if (q && p > q && (p[-1] == '?' || p[-1] == '&') &&
		    strncmp(p, "password=", 9) == 0) {
			for (const char *k = "password=***"; *k; k++)
				PUT(*k);
			p += 9;
			while (*p && *p != '&')
				p++;
			continue;
		}
		PUT(*p);
		p++;
	}
#undef PUT
	out[o] = 0;
	return out;
}

int db_open(const char *path, int flags, struct db **out, char *err, size_t errlen)
{
	return db_path_is_pg(path) ? pgb_open(path, flags, out, err, errlen)
				   : sq_open(path, flags, out, err, errlen);
}

void db_close(struct db *db)
{
	if (db)
		PG(db) ? pgb_close(db) : sq_close(db);
}

const char *db_errmsg(struct db *db)
{
	return PG(db) ? pgb_errmsg(db) : sq_errmsg(db);
}

int db_exec(struct db *db, const char *sql)
{
	return PG(db) ? pgb_exec(db, sql) : sq_exec(db, sql);
}

struct db_stmt *db_prep_try(struct db *db, const char *sql)
{
	return PG(db) ? pgb_prep(db, sql, 0) : sq_prep(db, sql, 0);
}

struct db_stmt *db_prep(struct db *db, const char *sql)
{
	struct db_stmt *st = PG(db) ? pgb_prep(db, sql, 1) : sq_prep(db, sql, 1);
	if (!st) {
		char q[96];
		log_error("db=fatal op=prepare sql=\"%s\"", log_quote(sql, q, 81));
		abort();
	}
	return st;
}

void db_bind_int(struct db_stmt *st, int n, int64_t v)
{
	PG(st) ? pgb_bind_int(st, n, v) : sq_bind_int(st, n, v);
}

void db_bind_double(struct db_stmt *st, int n, double v)
{
	PG(st) ? pgb_bind_double(st, n, v) : sq_bind_double(st, n, v);
}

void db_bind_textn(struct db_stmt *st, int n, const char *s, size_t len)
{
	PG(st) ? pgb_bind_textn(st, n, s, len) : sq_bind_textn(st, n, s, len);
}

void db_bind_text(struct db_stmt *st, int n, const char *s)
{
	db_bind_textn(st, n, s, s ? strlen(s) : 0);
}

void db_bind_blob(struct db_stmt *st, int n, const void *p, size_t len)
{
	PG(st) ? pgb_bind_blob(st, n, p, len) : sq_bind_blob(st, n, p, len);
}

void db_bind_null(struct db_stmt *st, int n)
{
	PG(st) ? pgb_bind_null(st, n) : sq_bind_null(st, n);
}

int db_step(struct db_stmt *st)
{
	return PG(st) ? pgb_step(st) : sq_step(st);
}

int db_run(struct db_stmt *st)
{
	int rc = db_step(st);
	db_done(st);
	return (rc == DB_DONE || rc == DB_ROW) ? DB_OK : rc;
}

void db_bind_vals(struct db_stmt *st, size_t n, const struct db_val *v)
{
	for (size_t k = 0; k < n; k++) {
		int i = (int)k + 1;
		switch (v[k].kind) {
		case DBV_INT: db_bind_int(st, i, v[k].i); break;
		case DBV_REAL: db_bind_double(st, i, v[k].d); break;
		case DBV_TEXT:
			db_bind_textn(st, i, v[k].s,
				      v[k].len == SIZE_MAX ? strlen(v[k].s) : v[k].len);
			break;
		case DBV_NULL:
		default: db_bind_null(st, i); break;
		}
	}
}

struct db_stmt *db_query(struct db *db, const char *sql, size_t n, const struct db_val *v)
{
	struct db_stmt *st = db_prep(db, sql);
	db_bind_vals(st, n, v);
	return st;
}

int db_exec_vals(struct db *db, const char *sql, size_t n, const struct db_val *v)
{
	return db_run(db_query(db, sql, n, v));
}

int db_run_later(struct db_stmt *st)
{
	return PG(st) ? pgb_send_later(st) : db_run(st);
}

int db_exec_later(struct db *db, const char *sql, size_t n, const struct db_val *v)
{
	return db_run_later(db_query(db, sql, n, v));
}

struct db_stmt *db_row(struct db *db, const char *sql, size_t n, const struct db_val *v)
{
	struct db_stmt *st = db_query(db, sql, n, v);
	if (db_step(st) == DB_ROW)
		return st;
	db_done(st);
	return NULL;
}

int64_t db_col_int(struct db_stmt *st, int i)
{
	return PG(st) ? pgb_col_int(st, i) : sq_col_int(st, i);
}

double db_col_double(struct db_stmt *st, int i)
{
	return PG(st) ? pgb_col_double(st, i) : sq_col_double(st, i);
}

const char *db_col_text(struct db_stmt *st, int i)
{
	return PG(st) ? pgb_col_text(st, i) : sq_col_text(st, i);
}

size_t db_col_len(struct db_stmt *st, int i)
{
	return PG(st) ? pgb_col_len(st, i) : sq_col_len(st, i);
}

const void *db_col_blob(struct db_stmt *st, int i)
{
	return PG(st) ? pgb_col_blob(st, i) : sq_col_blob(st, i);
}

int db_col_null(struct db_stmt *st, int i)
{
	return PG(st) ? pgb_col_null(st, i) : sq_col_null(st, i);
}

void db_done(struct db_stmt *st)
{
	if (st)
		PG(st) ? pgb_done(st) : sq_done(st);
}

void db_reset_all(struct db *db)
{
	PG(db) ? pgb_reset_all(db) : sq_reset_all(db);
}

int64_t db_changes(struct db *db)
{
	return PG(db) ? pgb_changes(db) : sq_changes(db);
}

int64_t db_total_changes(struct db *db)
{
	return PG(db) ? pgb_total_changes(db) : sq_total_changes(db);
}

int64_t db_last_insert_id(struct db *db)
{
	return PG(db) ? pgb_last_insert_id(db) : sq_last_insert_id(db);
}

int db_begin(struct db *db)
{
	return PG(db) ? pgb_begin(db) : sq_begin(db);
}

int db_begin_read(struct db *db)
{
	return PG(db) ? pgb_begin_read(db) : sq_begin_read(db);
}

void db_end_read(struct db *db)
{
	PG(db) ? pgb_end_read(db) : sq_end_read(db);
}

int db_commit(struct db *db)
{
	return PG(db) ? pgb_commit(db) : sq_commit(db);
}

int db_rollback(struct db *db)
{
	return PG(db) ? pgb_rollback(db) : sq_rollback(db);
}

int db_in_tx(struct db *db)
{
	return PG(db) ? pgb_in_tx(db) : sq_in_tx(db);
}

int db_tx_failed(struct db *db)
{
	return PG(db) ? pgb_tx_failed(db) : 0;
}

int db_tx(struct db *db, int (*fn)(struct db *db, void *arg), void *arg)
{
	if (db_begin(db) != DB_OK)
		return -1;
	int rc = fn(db, arg);
	db_reset_all(db);
	if (rc != 0) {
		db_rollback(db);
		return rc;
	}
	if (db_commit(db) != DB_OK) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

int db_backup(struct db *db, const char *dest)
{
	return PG(db) ? pgb_backup(db, dest) : sq_backup(db, dest);
}

int db_check(struct db *db, void (*report)(void *arg, const char *what, const char *detail),
	     void *arg)
{
	return PG(db) ? pgb_check(db, report, arg) : sq_check(db, report, arg);
}

int db_match_query(const char *q, size_t len, char *out, size_t cap)
{
	int n = fts_vi_match_query(q, len, out, cap);
	if (n > 0)
		return n;
	return n == FTS_VI_EEMPTY ? 0 : -1;
}

/* --- per-thread connections ------------------------------------------- */

struct db_pool {
	char *path;
	pthread_mutex_t mu;
	struct db *all;
	pthread_key_t key;
};

struct db_pool *db_pool_new(const char *path)
{
	struct db_pool *p = xcalloc(1, sizeof *p);
	p->path = xstrdup(path);
	pthread_mutex_init(&p->mu, NULL);
	if (pthread_key_create(&p->key, NULL) != 0) {
		log_error("db=error op=pool msg=\"pthread_key_create failed\"");
		abort();
	}
	return p;
}

struct db *db_pool_get(struct db_pool *p)
{
	struct db *db = pthread_getspecific(p->key);
	if (db)
		return db;
	char err[256];
	if (db_open(p->path, 0, &db, err, sizeof err) != 0) {
		log_error("db=error op=pool_open msg=\"%s\"", err);
		return NULL;
	}
	pthread_setspecific(p->key, db);
	pthread_mutex_lock(&p->mu);
	db->pool_next = p->all;
	p->all = db;
	pthread_mutex_unlock(&p->mu);
	return db;
}

void db_pool_free(struct db_pool *p)
{
	if (!p)
		return;
	struct db *db = p->all;
	while (db) {
		struct db *n = db->pool_next;
		db_close(db);
		db = n;
	}
	pthread_key_delete(p->key);
	pthread_mutex_destroy(&p->mu);
	free(p->path);
	free(p);
}

int db_notify(struct db *db, const char *channel)
{
	static const char sql[] = "SELECT pg_notify($1, '')";
	if (!PG(db))
		return DB_OK;
	return db_exec_vals(db, sql, DB_ARGS(db_text(channel)));
}
