/*
 * db.h — the backend-neutral data layer. The only header the rest of motcua
 * uses to talk to the store; only src/db/ includes sqlite3.h and
 * libpq-fe.h. Two backends: SQLite (a file path) and PostgreSQL (a
 * `postgresql://` or `postgres://` URL), chosen by db_open.
 *
 * SQL text is written once for both backends: parameters are `$1`, `$2`, …
 * (SQLite accepts them as named parameters; PostgreSQL natively), instants
 * are BIGINT Unix seconds, booleans are 0/1 integers, new ids come back from
 * db_last_insert_id() (PostgreSQL: lastval()). No SQL is ever built with
 * printf: values are bound.
 *
 * Threading: a `struct db` is one connection and belongs to one thread at a
 * time. Server worker threads each get their own read connection from
 * db_pool_get(); every write transaction of the server runs on the single
 * writer thread (db/writer.h), which groups concurrent transactions into one
 * commit (one fsync).
 *
 * Statements: db_prep() returns a statement cached on the connection, keyed
 * by the SQL string's ADDRESS (pass string literals), already reset and with
 * no bindings. Call db_done() when finished so the read snapshot is released.
 */
#ifndef MOTCUA_DB_DB_H
#define MOTCUA_DB_DB_H

#include <stddef.h>
#include <stdint.h>

struct db;
struct db_stmt;

enum db_rc {
	DB_OK = 0,
	DB_ROW = 1,         /* db_step: a row is available */
	DB_DONE = 2,        /* db_step: no more rows */
	DB_CONSTRAINT = -2, /* UNIQUE / CHECK / FOREIGN KEY violated */
	DB_BUSY = -3,       /* locked beyond the busy timeout */
	DB_ERROR = -1,      /* anything else (logged with the engine's code) */
};

enum db_open_flags {
	DB_OPEN_CREATE = 1, /* create the file if missing */
	DB_OPEN_READONLY = 2,
};

/* Open a connection to the store at `path`: a file path for SQLite (applies
 * the connection settings — WAL, foreign keys, busy timeout,
 * synchronous=FULL — and registers the `vi` full-text tokenizer), or a
 * postgresql:// URL (libpq; the database must exist, DB_OPEN_CREATE does
 * not create it; see db_pg.c). Returns 0 or -1 with a message in err (never
 * the URL's password). *out is owned by the caller: db_close it. */
int db_open(const char *path, int flags, struct db **out, char *err, size_t errlen);
void db_close(struct db *db);
/* `path` as it may be printed: a postgresql:// URL with its password
 * replaced by "***" (user:***@host), a file path as it is. Writes at most
 * n bytes (truncated) and returns out. */
const char *db_display_name(const char *path, char *out, size_t n);
/* Text of the last engine error on this connection (no user data in it). */
const char *db_errmsg(struct db *db);

/* Run SQL text without parameters (may hold several statements). */
int db_exec(struct db *db, const char *sql);

/*
 * A cached prepared statement for `sql` (see above). Never NULL: the SQL
 * text of the program is fixed, so a statement that fails to prepare (a
 * typo, a column a migration forgot, the cache too small) is a programming
 * error — the process logs `db=fatal op=prepare` with the engine's message
 * and the first 80 bytes of the SQL, and aborts, as on running out of
 * memory. Callers never check for NULL.
 */
struct db_stmt *db_prep(struct db *db, const char *sql);
/* The same, but NULL (and a log line) on failure: for SQL that is not the
 * program's own text (tests of the store, tools). */
struct db_stmt *db_prep_try(struct db *db, const char *sql);
void db_bind_int(struct db_stmt *st, int n, int64_t v);
void db_bind_double(struct db_stmt *st, int n, double v);
/* Text of len bytes; s == NULL binds SQL NULL. */
void db_bind_textn(struct db_stmt *st, int n, const char *s, size_t len);
void db_bind_text(struct db_stmt *st, int n, const char *s);
void db_bind_blob(struct db_stmt *st, int n, const void *p, size_t len);
void db_bind_null(struct db_stmt *st, int n);
int db_step(struct db_stmt *st);
/* Run a statement that returns no row (or ignore rows): DB_OK or an error. */
int db_run(struct db_stmt *st);
/* Columns of the current row, 0-based. Text is valid until the next step. */
int64_t db_col_int(struct db_stmt *st, int i);
double db_col_double(struct db_stmt *st, int i);
const char *db_col_text(struct db_stmt *st, int i); /* "" for NULL */
size_t db_col_len(struct db_stmt *st, int i);
const void *db_col_blob(struct db_stmt *st, int i);
int db_col_null(struct db_stmt *st, int i);
void db_done(struct db_stmt *st);
/* Reset every statement of the connection still holding a snapshot. */
void db_reset_all(struct db *db);
/* Rows changed by the last statement. */
int64_t db_changes(struct db *db);
/* Rows changed on this connection since it was opened (INSERT/UPDATE/DELETE). */
int64_t db_total_changes(struct db *db);
/* The id of the row the last INSERT on this connection created. Prefer it to
 * `RETURNING id` on hot paths: SQLite implements RETURNING with a temporary
 * table (measured: 3× the cost of a small insert). */
int64_t db_last_insert_id(struct db *db);

/*
 * Several parameters in one call. A `struct db_val` is one typed value;
 * build them with db_int(), db_real(), db_text(), db_textn(), db_null()
 * (never by hand) and pass an array of them with DB_ARGS, which counts it:
 *
 *     struct db_stmt *st = db_query(db, sql, DB_ARGS(db_int(id), db_text(name)));
 *
 * Element k of the array binds `$k+1` (as db_bind_*(st, k + 1, …)); a value
 * for a `$N` the SQL does not use is ignored, as by db_bind_*. Text is
 * bound like db_bind_textn: SQLite copies it (SQLITE_TRANSIENT), so the
 * caller's string need only live for the call; a NULL string binds SQL NULL.
 * The array is a compound literal on the caller's stack: no allocation.
 */
enum db_val_kind { DBV_NULL, DBV_INT, DBV_REAL, DBV_TEXT };
struct db_val {
	enum db_val_kind kind;
	int64_t i;
	double d;
	const char *s;
	size_t len; /* DBV_TEXT: bytes of s; SIZE_MAX: up to its NUL */
};
static inline struct db_val db_int(int64_t v)
{
	return (struct db_val){.kind = DBV_INT, .i = v};
}
static inline struct db_val db_real(double v)
{
	return (struct db_val){.kind = DBV_REAL, .d = v};
}
/* s == NULL: SQL NULL */
static inline struct db_val db_text(const char *s)
{
	return (struct db_val){.kind = s ? DBV_TEXT : DBV_NULL, .s = s, .len = SIZE_MAX};
}
static inline struct db_val db_textn(const char *s, size_t len)
{
	return (struct db_val){.kind = s ? DBV_TEXT : DBV_NULL, .s = s, .len = len};
}
static inline struct db_val db_null(void)
{
	return (struct db_val){.kind = DBV_NULL};
}
/* `n, array` for the functions below; needs at least one value. */
#define DB_ARGS(...)                                                                               \
	(sizeof((struct db_val[]){__VA_ARGS__}) / sizeof(struct db_val)),                          \
		((const struct db_val[]){__VA_ARGS__})

/* Bind v[0..n) to $1..$n of st. */
void db_bind_vals(struct db_stmt *st, size_t n, const struct db_val *v);
/* db_prep + db_bind_vals: the caller steps and calls db_done. */
struct db_stmt *db_query(struct db *db, const char *sql, size_t n, const struct db_val *v);
/* db_prep + db_bind_vals + db_run: DB_OK or the error (as db_run). */
int db_exec_vals(struct db *db, const char *sql, size_t n, const struct db_val *v);
/* db_prep + db_bind_vals + db_step: the statement positioned on its first
 * row (read the columns, then db_done), or NULL when there is no row or the
 * step failed (logged; the statement is already reset). */
struct db_stmt *db_row(struct db *db, const char *sql, size_t n, const struct db_val *v);
/*
 * A write whose answer the caller need not wait for (an INSERT or UPDATE that
 * can fail only on a store error): SQLite runs it at once, exactly as
 * db_exec_vals. PostgreSQL, inside a write transaction (db_begin), sends it
 * in libpq's pipeline mode without waiting, and reads its answer with the
 * next thing that needs one — a statement's first step, db_changes,
 * db_total_changes, db_tx_failed, db_reset_all, the commit — so a job's
 * writes cost one round trip together instead of one each (D44). Its
 * failure shows then: the transaction has failed (db_tx_failed) and the
 * statement that read the answers reports an error. DB_OK, or the error of
 * a statement that could not be sent. Not for a write whose
 * DB_CONSTRAINT the caller turns into an answer, nor before db_changes of
 * that same statement is needed (then use db_exec_vals).
 */
int db_exec_later(struct db *db, const char *sql, size_t n, const struct db_val *v);
/* The same for a statement already bound (db_prep + db_bind_*): as db_run. */
int db_run_later(struct db_stmt *st);

/* Transactions. db_begin takes the write lock at once (IMMEDIATE). */
int db_begin(struct db *db);
int db_begin_read(struct db *db);
/* Finish whatever this connection is reading: reset its statements and end
 * a read transaction (db_begin_read) if one is open. */
void db_end_read(struct db *db);
int db_commit(struct db *db);
int db_rollback(struct db *db);
int db_in_tx(struct db *db);
/* 1 when the open transaction can no longer commit: on PostgreSQL a failed
 * statement aborts its transaction, and every later statement fails too
 * (db_commit then reports DB_ERROR); always 0 on SQLite, where a failed
 * statement leaves the transaction usable. The writer reruns the rest of a
 * batch without the job that caused it. */
int db_tx_failed(struct db *db);

/* Run fn(db, arg) in a write transaction: commit if it returns 0, roll back
 * otherwise. Returns fn's result, or -1 if BEGIN/COMMIT failed. For the CLI
 * and tests; the server uses the writer thread instead. */
int db_tx(struct db *db, int (*fn)(struct db *db, void *arg), void *arg);

/* Migrations: apply every pending numbered migration, one transaction each.
 * Returns the number applied (≥0) or -1 (message in err). */
int db_migrate(struct db *db, char *err, size_t errlen);
/* The highest applied migration version (0 for an empty database). */
int db_schema_version(struct db *db);

/* A consistent copy of the whole store into a new file `dest` (which must
 * not exist), safe while the server runs (SQLite: VACUUM INTO; PostgreSQL:
 * pg_dump --format=custom, restored with pg_restore). 0 or -1. */
int db_backup(struct db *db, const char *dest);

/* The engine's own consistency check of the whole store (SQLite:
 * integrity_check and foreign_key_check; PostgreSQL: every foreign key,
 * and bt_index_check where the amcheck extension is installed). Calls
 * report(arg, what, detail) once per problem found: `what` names the check
 * ("integrity", "foreign_key"), `detail` is the engine's sentence (no row
 * data). Returns the number of problems (≥ 0), or -1 if the check could not
 * run. Reads only. */
int db_check(struct db *db, void (*report)(void *arg, const char *what, const char *detail),
	     void *arg);

/* Full-text search: turn free user text into SQLite's safe match
 * expression (an FTS5 MATCH string of quoted words, the last a prefix;
 * search_pg.c makes its own word list the same way). Returns its length (> 0), 0 when the text has
 * no word at all, or -1 when it is invalid or too long (the caller answers 400). */
#define DB_MATCH_CAP 4352
int db_match_query(const char *q, size_t len, char *out, size_t cap);

/*
 * Cross-server notifications: several `motcua serve` processes on one
 * PostgreSQL database tell each other that something they keep in memory
 * changed (docs/DEPLOY.md, "Several servers"). PostgreSQL's LISTEN/NOTIFY
 * carries them; a notification carries no data, only its channel, so no
 * personal data ever travels in one. The channels (the app's, fixed):
 */
#define DB_CHANNEL_TOKENS "motcua_tokens"     /* accounts, roles, API tokens */
#define DB_CHANNEL_CALENDAR "motcua_calendar" /* the calendar, working hours */

/* Announce a change on `channel` (one of the names above). Inside a
 * transaction it is delivered when the transaction commits, and never when
 * it rolls back (pg_notify); outside one, at once. SQLite: nothing (one
 * server per file: its own caches are dropped directly). DB_OK or an error. */
int db_notify(struct db *db, const char *channel);

/* What a listener is told: fn(arg, channel) for each notification received
 * (several of one channel may arrive as one), and fn(arg, NULL) each time its
 * connection is (re)opened — notifications sent while it was away are lost,
 * so NULL means "anything may have changed: reload everything". */
typedef void (*db_listen_fn)(void *arg, const char *channel);
struct db_listener;
/*
 * Listen on `channels` (a NULL-terminated list) of the store at `path`, on a
 * thread with a dedicated connection. A lost connection is noticed at once
 * when the server closes it, and within DB_LISTEN_PING_MS·2 when the link
 * goes silent (a ping on a quiet connection); it is opened again every
 * DB_LISTEN_RETRY_MS. fn runs on the listener's thread. SQLite: NULL (there
 * is nothing to listen to). Stop with db_listen_stop (NULL allowed).
 */
#define DB_LISTEN_PING_MS 5000
#define DB_LISTEN_RETRY_MS 1000
/* its connection's application_name in pg_stat_activity */
#define DB_LISTEN_APP_NAME "motcua-listen"
struct db_listener *db_listen_start(const char *path, const char *const *channels, db_listen_fn fn,
				    void *arg);
void db_listen_stop(struct db_listener *l);

/* Per-thread connections for the server's worker threads. */
struct db_pool;
struct db_pool *db_pool_new(const char *path);
/* This thread's connection to the pool's store, opened on first use; NULL if
 * it cannot be opened (logged). Owned by the pool. */
struct db *db_pool_get(struct db_pool *pool);
/* Close every connection and free the pool (after all threads stopped). */
void db_pool_free(struct db_pool *pool);

/* The newest schema version this program's migrations give a store of
 * db's backend (what db_migrate brings an empty database to). */
int db_schema_latest(struct db *db);

#endif
