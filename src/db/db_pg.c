/*
 * db_pg.c — db.h on PostgreSQL (libpq): the pgb_* half of db_impl.h.
 *
 * Connection: `postgresql://user@host:port/dbname?…` (any libpq URL), UTF-8
 * client encoding, terse error messages (no DETAIL: a unique violation's
 * detail quotes the key, which may be personal data), notices dropped,
 * lock_timeout 5 s (SQLite's busy timeout).
 *
 * Statements: cached per connection keyed by the SQL string's ADDRESS, as
 * on SQLite, and prepared on the server once per connection (PQprepare,
 * named s1, s2, …). The prepare is deferred to the first execution so the
 * parameter types can come from the first binding: an integer is sent as
 * int8, a double as float8, a blob as bytea (binary), text and NULL as
 * `unknown` (the server infers them from the SQL). So `$2 - $3` on two
 * integers is bigint arithmetic, as on SQLite, and no SQL needs casts for
 * its integer parameters. Values travel as text (db_int → decimal),
 * results come back as text and are converted on read: booleans ('t'/'f',
 * from comparisons and EXISTS) read as 1/0 through db_col_int, bytea is
 * decoded from its hex form.
 *
 * Rows: single-row mode (PQsetSingleRowMode). A statement streams its rows
 * one PGresult at a time, so memory stays bounded for any list, and the
 * common short query costs one round trip (a cursor would cost three:
 * DECLARE, FETCH, CLOSE). One connection carries one streaming result at a
 * time; when a statement runs while another is still being read (a loop
 * over rows that runs a query per row), the rest of the first one is read
 * into its own queue first ("detached"), so nesting works as on SQLite and
 * only that nested case holds rows in memory.
 *
 * Transactions: db_begin is `BEGIN` plus pg_advisory_xact_lock on one
 * fixed key, in one round trip: writers are serialised across connections
 * and processes as SQLite's BEGIN IMMEDIATE serialises them, so the
 * services' check-then-write code keeps its meaning, READ COMMITTED is
 * enough (every statement after the lock sees every earlier writer's
 * commit), and readers never wait. db_begin_read is REPEATABLE READ: one
 * snapshot per request, like a WAL read transaction. A failed statement
 * aborts a PostgreSQL transaction (SQLite's does not): pgb_tx_failed tells
 * the writer, and a COMMIT of such a transaction is reported as an error.
 *
 * Errors: SQLSTATE class 23 → DB_CONSTRAINT; 40001, 40P01, 55P03 →
 * DB_BUSY; the rest DB_ERROR. Logged with the SQLSTATE, the constraint
 * or table name, and the server's sentence only for class 42 (about the
 * SQL text, never about values).
 *
 * Threading: a connection belongs to one thread at a time, as db.h says.
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "core/mem.h"
#include "db/db_impl.h"

#define STMT_CACHE 512 /* power of two */
#define MAX_PARAMS 256 /* a multi-row INSERT of a dossier's steps: 103 */
#define OID_INT8 20
#define OID_BYTEA 17
#define OID_FLOAT8 701
#define OID_BOOL 16
#define OID_TEXT 25
/* Session settings of every connection (see the file top). */
#define SETUP "SET client_encoding = 'UTF8'; SET lock_timeout = '5s'"
#define SETUP_READONLY SETUP "; SET default_transaction_read_only = on"
/* pg_advisory_xact_lock's key for "the write lock" ("motcua" in ASCII). */
#define WRITE_LOCK_KEY "109111116099117097"

enum kind { K_NULL, K_INT, K_REAL, K_TEXT, K_BLOB };
enum state { S_IDLE, S_STREAMING, S_BUFFERED, S_WHOLE, S_DONE };

struct pg_stmt {
	struct db_stmt base; /* first: db.c casts */
	struct pg_db *db;
	const char *sql;
	char name[16];
	int prepared, nparams;
	int fatal;     /* from db_prep: an error in the SQL text aborts */
	int sql_error; /* the last prepare failed on the SQL text itself */
	/* bindings: values as text (blobs binary) in per-parameter buffers */
	unsigned char *kind; /* [nparams] each */
	char **buf;
	size_t *cap;
	int *len;
	/* results */
	enum state state;
	int final_rc;  /* what the end of a detached result said */
	PGresult *cur; /* the current row (row 0) */
	/* S_WHOLE: the whole result, read in a pipeline (row wrow next;
	 * crow the current one, -1 none) */
	PGresult *whole;
	int wrow, wn, crow;
	PGresult **queue;
	size_t qhead, qlen, qcap;
	/* the last bytea column decoded */
	int blob_col;
	unsigned char *blob;
	size_t blob_len, blob_cap;
};

struct pg_db {
	struct db base; /* first: db.c casts */
	PGconn *conn;
	char *url;
	struct pg_stmt *cache[STMT_CACHE];
	struct pg_stmt *all[STMT_CACHE];
	int ncached;
	struct pg_stmt *active; /* the statement whose result is streaming */
	int64_t changes, total_changes;
	int nnames;
	const char *setup; /* the session settings, again after a reconnect */
	int tx_open;       /* db_begin/db_begin_read succeeded, not yet ended */
	int write_tx;      /* db_begin's transaction: writes may be sent later */
	int pipeline;      /* in libpq's pipeline mode (pgb_send_later) */
	int npending;      /* statements sent in it whose answers are unread */
	char errbuf[256];
};

#define DB(x) ((struct pg_db *)(x))
#define ST(x) ((struct pg_stmt *)(x))

static void no_notice(void *arg, const PGresult *res)
{
	(void)arg;
	(void)res;
}

/* The error of res (or of the connection) as a db_rc, logged. */
static int map_error(struct pg_db *db, const PGresult *res, const char *what)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *cons = res ? PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME) : NULL;
	const char *table = res ? PQresultErrorField(res, PG_DIAG_TABLE_NAME) : NULL;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (!state)
		state = "?????";
	if (state[0] == '2' && state[1] == '3') {
		snprintf(db->errbuf, sizeof db->errbuf, "constraint %s violated (%s)",
			 cons ? cons : "?", state);
		return DB_CONSTRAINT;
	}
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	    strcmp(state, "55P03") == 0) {
		log_warn("db=busy op=%s sqlstate=%s", what, state);
		snprintf(db->errbuf, sizeof db->errbuf, "busy (%s)", state);
		return DB_BUSY;
	}
	/* class 42 (syntax, undefined column…) and 0A speak of the SQL text */
	int about_sql =
		(state[0] == '4' && state[1] == '2') || (state[0] == '0' && state[1] == 'A');
	snprintf(db->errbuf, sizeof db->errbuf, "%s%s%s (%s)", about_sql && msg ? msg : "error",
		 table ? " on " : "", table ? table : "", state);
	if (!res)
		snprintf(db->errbuf, sizeof db->errbuf, "%s", PQerrorMessage(db->conn));
	char qm[256], qt[96];
	log_error("db=error op=%s sqlstate=%s%s%s msg=\"%s\"", what, state, table ? " table=" : "",
		  table ? log_token(table, qt, sizeof qt) : "",
		  log_quote(about_sql && msg ? msg : "-", qm, sizeof qm));
	return DB_ERROR;
}

/* Record what a finished command changed (INSERT/UPDATE/DELETE only). */
static void note_changes(struct pg_db *db, const PGresult *res)
{
	const char *tag = PQcmdStatus((PGresult *)res);
	if (strncmp(tag, "INSERT", 6) == 0 || strncmp(tag, "UPDATE", 6) == 0 ||
	    strncmp(tag, "DELETE", 6) == 0 || strncmp(tag, "MERGE", 5) == 0) {
		db->changes = strtoll(PQcmdTuples((PGresult *)res), NULL, 10);
		db->total_changes += db->changes;
	}
}

/* Read what is left of the connection's pending results (after an error or
 * the end) so the connection is free again. */
static void drain_conn(struct pg_db *db)
{
	PGresult *r;
	while ((r = PQgetResult(db->conn)) != NULL)
		PQclear(r);
}

/* One result of a streaming statement: DB_ROW with st->cur set, or the end. */
static int next_streamed(struct pg_stmt *st)
{
	struct pg_db *db = st->db;
	PGresult *r = PQgetResult(db->conn);
	if (r && PQresultStatus(r) == PGRES_SINGLE_TUPLE) {
		st->cur = r;
		return DB_ROW;
	}
	int rc = DB_DONE;
	if (!r) {
		rc = map_error(db, NULL, "step");
	} else {
		ExecStatusType s = PQresultStatus(r);
		if (s == PGRES_TUPLES_OK || s == PGRES_COMMAND_OK)
			note_changes(db, r);
		else
			rc = map_error(db, r, "step");
		PQclear(r);
		drain_conn(db);
	}
	db->active = NULL;
	return rc;
}

/* Read the rest of the streaming statement into its queue (another
 * statement is about to use the connection). */
static void detach(struct pg_db *db)
{
	struct pg_stmt *st = db->active;
	if (!st)
		return;
	for (;;) {
		PGresult *cur = st->cur;
		st->cur = NULL;
		int rc = next_streamed(st);
		PGresult *row = st->cur;
		st->cur = cur;
		if (rc != DB_ROW) {
			st->final_rc = rc;
			break;
		}
		if (st->qlen == st->qcap) {
			st->qcap = st->qcap ? st->qcap * 2 : 16;
			st->queue = xrealloc(st->queue, st->qcap * sizeof *st->queue);
		}
		st->queue[st->qlen++] = row;
	}
	st->state = S_BUFFERED;
	db->active = NULL;
}

/* Forget the statement's results (and, if it is streaming, read them off
 * the connection unseen). */
static void discard(struct pg_stmt *st)
{
	if (st->state == S_STREAMING && st->db->active == st) {
		drain_conn(st->db);
		st->db->active = NULL;
	}
	PQclear(st->cur);
	st->cur = NULL;
	PQclear(st->whole);
	st->whole = NULL;
	st->crow = -1;
	for (size_t i = st->qhead; i < st->qlen; i++)
		PQclear(st->queue[i]);
	st->qhead = st->qlen = 0;
	st->state = S_IDLE;
	st->blob_col = -1;
}

/*
 * Pipeline mode (D44). pgb_send_later sends a write of a write transaction
 * without waiting for its answer; the answers are read here, all at once,
 * by whatever next needs one. With `st` (a statement that returns rows,
 * sent last into the same pipeline) its whole result is kept in st->whole:
 * the writes and the read cost one round trip together. The first failure
 * among the writes is logged and returned (the transaction has failed: the
 * server skipped what followed); st->final_rc is st's own end. Leaves
 * pipeline mode.
 */
static int settle(struct pg_db *db, struct pg_stmt *st)
{
	if (!db->pipeline)
		return DB_OK;
	int rc = DB_OK, q = 0, nq = db->npending + (st != NULL);
	if (st)
		st->final_rc = DB_ERROR;
	if (!PQpipelineSync(db->conn)) {
		snprintf(db->errbuf, sizeof db->errbuf, "%s", PQerrorMessage(db->conn));
		log_error("db=error op=sync msg=\"connection\"");
		rc = DB_ERROR;
	} else {
		for (;;) {
			PGresult *r = PQgetResult(db->conn);
			if (!r) { /* the end of one statement's answers */
				if (++q > nq || PQstatus(db->conn) == CONNECTION_BAD)
					break;
				continue;
			}
			ExecStatusType s = PQresultStatus(r);
			if (s == PGRES_PIPELINE_SYNC) {
				PQclear(r);
				break;
			}
			int ok = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
			if (ok)
				note_changes(db, r);
			if (st && q == nq - 1) {
				if (ok) {
					st->whole = r;
					st->final_rc = DB_DONE;
					continue;
				}
				if (s != PGRES_PIPELINE_ABORTED)
					st->final_rc = map_error(db, r, "step");
			} else if (!ok && s != PGRES_PIPELINE_ABORTED && rc == DB_OK) {
				rc = map_error(db, r, "later");
			}
			PQclear(r);
		}
	}
	if (st && rc != DB_OK && st->final_rc == DB_ERROR)
		st->final_rc = rc;
	PQexitPipelineMode(db->conn);
	db->pipeline = db->npending = 0;
	return rc;
}

/*
 * A connection the server closed (a restart, a failover, an administrator's
 * pg_terminate_backend) is opened again at the next transaction or
 * statement outside one — between requests and writer batches — so one
 * restart of PostgreSQL does not leave a pool connection failing for ever.
 * Its prepared statements died with the old session: they are prepared
 * again on their next use. A transaction that was open is lost, as on any
 * server crash: its caller already saw the error.
 */
static void revive(struct pg_db *db)
{
	if (PQstatus(db->conn) != CONNECTION_BAD)
		return;
	db->active = NULL;
	db->pipeline = db->npending = 0;
	for (int i = 0; i < db->ncached; i++) {
		struct pg_stmt *st = db->all[i];
		st->state = S_DONE; /* nothing to read from the dead session */
		discard(st);
		st->prepared = 0;
	}
	PQreset(db->conn);
	if (PQstatus(db->conn) != CONNECTION_OK) {
		log_error("db=error op=reconnect msg=\"the server cannot be reached\"");
		return;
	}
	PGresult *r = PQexec(db->conn, db->setup);
	PQclear(r);
	log_warn("db=reconnected");
}

int pgb_open(const char *path, int flags, struct db **out, char *err, size_t errlen)
{
	PGconn *c = PQconnectdb(path);
	if (!c || PQstatus(c) != CONNECTION_OK) {
		/* the message may name host and database, never the password */
		snprintf(err, errlen, "cannot connect to PostgreSQL: %s",
			 c ? PQerrorMessage(c) : "out of memory");
		size_t n = strlen(err);
		while (n && (err[n - 1] == '\n' || err[n - 1] == ' '))
			err[--n] = '\0';
		PQfinish(c);
		return -1;
	}
	PQsetNoticeReceiver(c, no_notice, NULL);
	PQsetErrorVerbosity(c, PQERRORS_TERSE);
	const char *setup = (flags & DB_OPEN_READONLY) ? SETUP_READONLY : SETUP;
	PGresult *r = PQexec(c, setup);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		snprintf(err, errlen, "cannot set up the PostgreSQL connection: %s",
			 PQerrorMessage(c));
		PQclear(r);
		PQfinish(c);
		return -1;
	}
	PQclear(r);
	struct pg_db *db = xcalloc(1, sizeof *db);
	db->base.be = DB_BE_PG;
	db->conn = c;
	db->url = xstrdup(path);
	db->setup = setup;
	*out = &db->base;
	return 0;
}

static void free_stmt(struct pg_stmt *st)
{
	discard(st);
	for (int i = 0; i < st->nparams; i++)
		free(st->buf[i]);
	free(st->kind);
	free(st->buf);
	free(st->cap);
	free(st->len);
	free(st->queue);
	free(st->blob);
	free(st);
}

void pgb_close(struct db *db_)
{
	struct pg_db *db = DB(db_);
	for (int i = 0; i < db->ncached; i++)
		free_stmt(db->all[i]);
	PQfinish(db->conn);
	free(db->url);
	free(db);
}

const char *pgb_errmsg(struct db *db_)
{
	struct pg_db *db = DB(db_);
	return db->errbuf[0] ? db->errbuf : PQerrorMessage(db->conn);
}

/* SQL text without parameters, maybe several statements. */
static int run_simple(struct pg_db *db, const char *sql, const char *what, PGresult **keep)
{
	detach(db);
	settle(db, NULL);
	PGresult *r = PQexec(db->conn, sql);
	ExecStatusType s = PQresultStatus(r);
	int rc = DB_OK;
	if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK)
		note_changes(db, r);
	else
		rc = map_error(db, r, what);
	if (keep && rc == DB_OK)
		*keep = r;
	else
		PQclear(r);
	return rc;
}

int pgb_exec(struct db *db_, const char *sql)
{
	return run_simple(DB(db_), sql, "exec", NULL);
}

static unsigned slot_of(const char *sql)
{
	uintptr_t k = (uintptr_t)sql;
	k ^= k >> 17;
	k *= 0x9E3779B97F4A7C15ull;
	return (unsigned)(k >> 40) & (STMT_CACHE - 1);
}

/* The highest $N of the SQL text (outside quotes). */
static int count_params(const char *sql)
{
	int max = 0;
	char quote = 0;
	for (const char *p = sql; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
		} else if (*p == '$' && p[1] >= '0' && p[1] <= '9') {
			int n = (int)strtol(p + 1, NULL, 10);
			if (n > max)
				max = n;
		}
	}
	return max;
}

static void clear_bindings(struct pg_stmt *st)
{
	for (int i = 0; i < st->nparams; i++)
		st->kind[i] = K_NULL;
}

struct db_stmt *pgb_prep(struct db *db_, const char *sql, int fatal)
{
	struct pg_db *db = DB(db_);
	(void)fatal; /* the prepare runs at the first step; see pgb_step */
	unsigned i = slot_of(sql);
	for (unsigned probe = 0; probe < STMT_CACHE; probe++, i = (i + 1) & (STMT_CACHE - 1)) {
		struct pg_stmt *st = db->cache[i];
		if (!st)
			break;
		if (st->sql == sql) {
			discard(st);
			clear_bindings(st);
			st->fatal = fatal;
			return &st->base;
		}
	}
	if (db->ncached >= STMT_CACHE * 3 / 4) {
		log_error("db=error op=prepare msg=\"statement cache full\"");
		return NULL;
	}
	int np = count_params(sql);
	if (np > MAX_PARAMS) {
		log_error("db=error op=prepare msg=\"more than %d parameters\"", MAX_PARAMS);
		return NULL;
	}
	struct pg_stmt *st = xcalloc(1, sizeof *st);
	st->base.be = DB_BE_PG;
	st->db = db;
	st->sql = sql;
	st->nparams = np;
	st->kind = xcalloc((size_t)np + 1, sizeof *st->kind);
	st->buf = xcalloc((size_t)np + 1, sizeof *st->buf);
	st->cap = xcalloc((size_t)np + 1, sizeof *st->cap);
	st->len = xcalloc((size_t)np + 1, sizeof *st->len);
	st->fatal = fatal; /* the prepare itself runs at the first step */
	st->blob_col = -1;
	snprintf(st->name, sizeof st->name, "s%d", ++db->nnames);
	db->cache[i] = st;
	db->all[db->ncached++] = st;
	return &st->base;
}

static char *slot(struct pg_stmt *st, int i, size_t need)
{
	if (st->cap[i] < need) {
		st->cap[i] = need < 32 ? 32 : need;
		st->buf[i] = xrealloc(st->buf[i], st->cap[i]);
	}
	return st->buf[i];
}

void pgb_bind_int(struct db_stmt *st_, int n, int64_t v)
{
	struct pg_stmt *st = ST(st_);
	if (n < 1 || n > st->nparams)
		return;
	char *b = slot(st, n - 1, 24);
	st->len[n - 1] = snprintf(b, 24, "%lld", (long long)v);
	st->kind[n - 1] = K_INT;
}

void pgb_bind_double(struct db_stmt *st_, int n, double v)
{
	struct pg_stmt *st = ST(st_);
	if (n < 1 || n > st->nparams)
		return;
	char *b = slot(st, n - 1, 32);
	st->len[n - 1] = snprintf(b, 32, "%.17g", v);
	st->kind[n - 1] = K_REAL;
}

void pgb_bind_textn(struct db_stmt *st_, int n, const char *s, size_t len)
{
	struct pg_stmt *st = ST(st_);
	if (n < 1 || n > st->nparams)
		return;
	if (!s) {
		st->kind[n - 1] = K_NULL;
		return;
	}
	char *b = slot(st, n - 1, len + 1);
	memcpy(b, s, len);
	b[len] = '\0';
	st->len[n - 1] = (int)len;
	st->kind[n - 1] = K_TEXT;
}

void pgb_bind_blob(struct db_stmt *st_, int n, const void *p, size_t len)
{
	struct pg_stmt *st = ST(st_);
	if (n < 1 || n > st->nparams)
		return;
	char *b = slot(st, n - 1, len + 1);
	if (len)
		memcpy(b, p, len);
	st->len[n - 1] = (int)len;
	st->kind[n - 1] = K_BLOB;
}

void pgb_bind_null(struct db_stmt *st_, int n)
{
	struct pg_stmt *st = ST(st_);
	if (n >= 1 && n <= st->nparams)
		st->kind[n - 1] = K_NULL;
}

/* SQLSTATE class 42 (syntax error or access rule) or 0A (not supported):
 * the SQL text is wrong, not the data or the connection. */
static int is_sql_error(const PGresult *r)
{
	const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	return state &&
	       ((state[0] == '4' && state[1] == '2') || (state[0] == '0' && state[1] == 'A'));
}

/* The $N a "could not determine data type of parameter $N" error names. */
static int untyped_param(const PGresult *r)
{
	const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	const char *msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
	if (!state || !msg || (strcmp(state, "42P18") != 0 && strcmp(state, "42P08") != 0))
		return 0;
	const char *d = strstr(msg, "parameter $");
	return d ? (int)strtol(d + 11, NULL, 10) : 0;
}

static int quiet(struct pg_db *db, const char *sql)
{
	PGresult *r = PQexec(db->conn, sql);
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	PQclear(r);
	return ok ? 0 : -1;
}

/*
 * PQprepare with the types of the first binding (see the file top). A
 * parameter the server cannot type from the SQL alone (`$1 IS NULL OR
 * f.code = $1` bound to text or NULL: PostgreSQL types $1 at its first
 * use) is retried as text, which is what SQLite would have compared. In a
 * transaction the attempts run under a savepoint, since a failed prepare
 * would abort the transaction; that happens once per statement and
 * connection.
 */
static int prepare(struct pg_stmt *st)
{
	struct pg_db *db = st->db;
	Oid types[MAX_PARAMS];
	for (int i = 0; i < st->nparams; i++) {
		switch (st->kind[i]) {
		case K_INT: types[i] = OID_INT8; break;
		case K_REAL: types[i] = OID_FLOAT8; break;
		case K_BLOB: types[i] = OID_BYTEA; break;
		default: types[i] = 0; break;
		}
	}
	int in_tx = PQtransactionStatus(db->conn) == PQTRANS_INTRANS;
	if (in_tx && quiet(db, "SAVEPOINT motcua_prepare") != 0)
		in_tx = 0;
	int rc = DB_ERROR;
	for (int attempt = 0; attempt <= st->nparams; attempt++) {
		PGresult *r = PQprepare(db->conn, st->name, st->sql, st->nparams, types);
		if (PQresultStatus(r) == PGRES_COMMAND_OK) {
			PQclear(r);
			rc = DB_OK;
			break;
		}
		int n = untyped_param(r);
		if (n >= 1 && n <= st->nparams && types[n - 1] == 0 &&
		    (!in_tx || quiet(db, "ROLLBACK TO SAVEPOINT motcua_prepare") == 0)) {
			types[n - 1] = OID_TEXT;
			PQclear(r);
			continue;
		}
		rc = map_error(db, r, "prepare");
		st->sql_error = untyped_param(r) || is_sql_error(r);
		PQclear(r);
		break;
	}
	if (in_tx) {
		if (rc == DB_OK)
			quiet(db, "RELEASE SAVEPOINT motcua_prepare");
		else
			quiet(db, "ROLLBACK TO SAVEPOINT motcua_prepare");
	}
	if (rc == DB_OK)
		st->prepared = 1;
	return rc;
}

/* Prepared on this connection (once): DB_OK, or the error (a program's
 * SQL that does not prepare aborts, db.h). */
static int ensure_prepared(struct pg_stmt *st)
{
	if (st->prepared)
		return DB_OK;
	settle(st->db, NULL); /* PQprepare waits: not in pipeline mode */
	int rc = prepare(st);
	if (rc != DB_OK) {
		char q[96];
		log_error("db=%s op=prepare sql=\"%s\"",
			  st->fatal && st->sql_error ? "fatal" : "error",
			  log_quote(st->sql, q, 81));
		/* db.h: SQL of the program that does not prepare is a
		 * programming error (not so a lost connection) */
		if (st->fatal && st->sql_error)
			abort();
	}
	return rc;
}

static int send_prepared(struct pg_stmt *st)
{
	struct pg_db *db = st->db;
	const char *vals[MAX_PARAMS];
	int fmts[MAX_PARAMS];
	for (int i = 0; i < st->nparams; i++) {
		vals[i] = st->kind[i] == K_NULL ? NULL : st->buf[i];
		fmts[i] = st->kind[i] == K_BLOB;
	}
	if (!PQsendQueryPrepared(db->conn, st->name, st->nparams, vals, st->len, fmts, 0)) {
		snprintf(db->errbuf, sizeof db->errbuf, "%s", PQerrorMessage(db->conn));
		log_error("db=error op=send msg=\"connection\"");
		return DB_ERROR;
	}
	return DB_OK;
}

static int start(struct pg_stmt *st)
{
	struct pg_db *db = st->db;
	detach(db);
	if (!db->tx_open) /* never inside a transaction: its statements would
			   * then run one by one in autocommit */
		revive(db);
	if (db->pipeline && st->prepared) {
		/* after writes sent later: this one joins them, and the answers
		 * of all come back in one round trip (whole, not row by row) */
		if (send_prepared(st) != DB_OK) {
			settle(db, NULL);
			return DB_ERROR;
		}
		settle(db, st);
		st->state = S_WHOLE;
		st->wrow = 0;
		st->wn = st->whole ? PQntuples(st->whole) : 0;
		st->crow = -1;
		return DB_OK;
	}
	int rc = ensure_prepared(st);
	if (rc != DB_OK)
		return rc;
	if (send_prepared(st) != DB_OK)
		return DB_ERROR;
	PQsetSingleRowMode(db->conn);
	st->state = S_STREAMING;
	db->active = st;
	return DB_OK;
}

int pgb_send_later(struct db_stmt *st_)
{
	struct pg_stmt *st = ST(st_);
	struct pg_db *db = st->db;
	int rc;
	if (!db->write_tx || !db->tx_open) { /* not in a write transaction: now */
		rc = pgb_step(st_);
		pgb_done(st_);
		return rc == DB_DONE || rc == DB_ROW ? DB_OK : rc;
	}
	detach(db);
	rc = ensure_prepared(st);
	if (rc == DB_OK && !db->pipeline) {
		if (PQenterPipelineMode(db->conn))
			db->pipeline = 1;
		else
			rc = DB_ERROR;
	}
	if (rc == DB_OK)
		rc = send_prepared(st);
	if (rc == DB_OK)
		db->npending++;
	pgb_done(st_);
	return rc;
}

int pgb_step(struct db_stmt *st_)
{
	struct pg_stmt *st = ST(st_);
	PQclear(st->cur);
	st->cur = NULL;
	st->blob_col = -1;
	if (st->state == S_IDLE) {
		int rc = start(st);
		if (rc != DB_OK) {
			st->state = S_DONE;
			return rc;
		}
	}
	if (st->state == S_STREAMING) {
		int rc = next_streamed(st);
		if (rc != DB_ROW)
			st->state = S_DONE;
		return rc;
	}
	if (st->state == S_WHOLE) {
		st->crow = -1;
		if (st->wrow < st->wn) {
			st->crow = st->wrow++;
			return DB_ROW;
		}
		PQclear(st->whole);
		st->whole = NULL;
		st->state = S_DONE;
		return st->final_rc;
	}
	if (st->state == S_BUFFERED) {
		if (st->qhead < st->qlen) {
			st->cur = st->queue[st->qhead++];
			return DB_ROW;
		}
		st->qhead = st->qlen = 0;
		st->state = S_DONE;
		return st->final_rc;
	}
	return DB_DONE;
}

/* The result holding the current row, and the row's number in it. */
static PGresult *row_of(struct pg_stmt *st, int *row)
{
	*row = 0;
	if (st->cur)
		return st->cur;
	if (st->whole && st->crow >= 0) {
		*row = st->crow;
		return st->whole;
	}
	return NULL;
}

static const char *val(struct pg_stmt *st, int i)
{
	int row;
	PGresult *r = row_of(st, &row);
	if (!r || i < 0 || i >= PQnfields(r) || PQgetisnull(r, row, i))
		return NULL;
	return PQgetvalue(r, row, i);
}

int64_t pgb_col_int(struct db_stmt *st_, int i)
{
	const char *v = val(ST(st_), i);
	if (!v)
		return 0;
	if (v[0] == 't' && v[1] == '\0')
		return 1;
	if (v[0] == 'f' && v[1] == '\0')
		return 0;
	char *end = NULL;
	long long x = strtoll(v, &end, 10);
	if (end && (*end == '.' || *end == 'e' || *end == 'E'))
		return (int64_t)strtod(v, NULL);
	return x;
}

double pgb_col_double(struct db_stmt *st_, int i)
{
	const char *v = val(ST(st_), i);
	if (!v)
		return 0;
	if (v[0] == 't' && v[1] == '\0')
		return 1;
	return strtod(v, NULL);
}

/* The bytea column i decoded from its text form (\x hex). */
static int decode_blob(struct pg_stmt *st, int i)
{
	if (st->blob_col == i)
		return 0;
	const char *v = val(st, i);
	int row;
	PGresult *r = row_of(st, &row);
	size_t n = v ? (size_t)PQgetlength(r, row, i) : 0;
	st->blob_len = 0;
	st->blob_col = i;
	if (!v)
		return 0;
	size_t need = n / 2 + 1;
	if (st->blob_cap < need) {
		st->blob_cap = need;
		st->blob = xrealloc(st->blob, need);
	}
	size_t len = 0;
	unsigned char *u = PQunescapeBytea((const unsigned char *)v, &len);
	if (!u)
		abort();
	if (len > st->blob_cap) {
		st->blob_cap = len;
		st->blob = xrealloc(st->blob, len);
	}
	if (len)
		memcpy(st->blob, u, len);
	PQfreemem(u);
	st->blob_len = len;
	return 0;
}

const char *pgb_col_text(struct db_stmt *st_, int i)
{
	const char *v = val(ST(st_), i);
	return v ? v : "";
}

size_t pgb_col_len(struct db_stmt *st_, int i)
{
	struct pg_stmt *st = ST(st_);
	if (!val(st, i))
		return 0;
	int row;
	PGresult *r = row_of(st, &row);
	if (PQftype(r, i) == OID_BYTEA) {
		decode_blob(st, i);
		return st->blob_len;
	}
	return (size_t)PQgetlength(r, row, i);
}

const void *pgb_col_blob(struct db_stmt *st_, int i)
{
	struct pg_stmt *st = ST(st_);
	int row;
	if (!val(st, i))
		return NULL;
	if (PQftype(row_of(st, &row), i) != OID_BYTEA)
		return val(st, i);
	decode_blob(st, i);
	return st->blob;
}

int pgb_col_null(struct db_stmt *st_, int i)
{
	return val(ST(st_), i) == NULL;
}

void pgb_done(struct db_stmt *st_)
{
	struct pg_stmt *st = ST(st_);
	discard(st);
	clear_bindings(st);
}

void pgb_reset_all(struct db *db_)
{
	struct pg_db *db = DB(db_);
	settle(db, NULL);
	for (int i = 0; i < db->ncached; i++)
		if (db->all[i]->state != S_IDLE)
			discard(db->all[i]);
}

int64_t pgb_changes(struct db *db_)
{
	settle(DB(db_), NULL);
	return DB(db_)->changes;
}

int64_t pgb_total_changes(struct db *db_)
{
	settle(DB(db_), NULL);
	return DB(db_)->total_changes;
}

/* lastval(): the value the last nextval() of this session returned, i.e.
 * the identity the last INSERT drew (db.h: call it right after the
 * INSERT, as SQLite's last_insert_rowid). */
int64_t pgb_last_insert_id(struct db *db_)
{
	static const char sql[] = "SELECT lastval()";
	struct db_stmt *st = pgb_prep(db_, sql, 1);
	int64_t id = pgb_step(st) == DB_ROW ? pgb_col_int(st, 0) : 0;
	pgb_done(st);
	return id;
}

int pgb_begin(struct db *db_)
{
	revive(DB(db_));
	int rc = run_simple(DB(db_), "BEGIN; SELECT pg_advisory_xact_lock(" WRITE_LOCK_KEY ")",
			    "begin", NULL);
	/* the lock not taken (lock_timeout): no transaction, as a failed
	 * BEGIN IMMEDIATE leaves none */
	if (rc != DB_OK && pgb_in_tx(db_))
		run_simple(DB(db_), "ROLLBACK", "rollback", NULL);
	DB(db_)->tx_open = DB(db_)->write_tx = rc == DB_OK;
	return rc;
}

int pgb_begin_read(struct db *db_)
{
	revive(DB(db_));
	int rc = run_simple(DB(db_), "BEGIN ISOLATION LEVEL REPEATABLE READ", "begin_read", NULL);
	DB(db_)->tx_open = rc == DB_OK;
	DB(db_)->write_tx = 0;
	return rc;
}

int pgb_in_tx(struct db *db_)
{
	settle(DB(db_), NULL);
	return PQtransactionStatus(DB(db_)->conn) != PQTRANS_IDLE;
}

int pgb_tx_failed(struct db *db_)
{
	settle(DB(db_), NULL);
	return PQtransactionStatus(DB(db_)->conn) == PQTRANS_INERROR;
}

int pgb_commit(struct db *db_)
{
	struct pg_db *db = DB(db_);
	pgb_reset_all(db_);
	db->tx_open = db->write_tx = 0;
	PGresult *r = NULL;
	int rc = run_simple(db, "COMMIT", "commit", &r);
	if (rc == DB_OK) {
		/* COMMIT of a failed transaction answers ROLLBACK, without error */
		if (strcmp(PQcmdStatus(r), "COMMIT") != 0) {
			snprintf(db->errbuf, sizeof db->errbuf, "transaction failed: rolled back");
			log_error("db=error op=commit msg=\"the transaction had failed: rolled "
				  "back\"");
			rc = DB_ERROR;
		}
		PQclear(r);
	}
	return rc;
}

void pgb_end_read(struct db *db_)
{
	pgb_reset_all(db_);
	DB(db_)->tx_open = DB(db_)->write_tx = 0;
	if (pgb_in_tx(db_))
		run_simple(DB(db_), "COMMIT", "end_read", NULL);
}

int pgb_rollback(struct db *db_)
{
	pgb_reset_all(db_);
	DB(db_)->tx_open = DB(db_)->write_tx = 0;
	if (!pgb_in_tx(db_))
		return DB_OK;
	return run_simple(DB(db_), "ROLLBACK", "rollback", NULL);
}

const char *pgb_url(struct db *db_)
{
	return DB(db_)->url;
}
