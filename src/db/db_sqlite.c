/*
 * db_sqlite.c — db.h on SQLite (WAL mode): the sq_* half of db_impl.h.
 *
 * Connection settings: WAL journal, synchronous=FULL (a commit that returned
 * is on disk: the legal record of a dossier must survive a power cut),
 * foreign keys on, a 5 s busy timeout, the `vi` FTS5 tokenizer registered,
 * a 16 MB page cache, and no memory map. Measured on a 4 GB database
 * (bench/README.md): in WAL mode a connection that starts a read after
 * another connection committed drops its cached pages, and with mmap on it
 * also unmaps and remaps the whole mapped region (munmap of up to 2 GB and
 * the page faults to fill it again, every request while the writer is busy);
 * counter intake went from ~4,400 to ~6,500 dossiers/s and public tracking
 * from 75 to 65 µs of CPU per request with the map turned off.
 *
 * Statement cache: an open-addressing table keyed by the SQL text's address.
 * Parameters `$N` are mapped to SQLite's bind indexes once, at prepare time,
 * so callers bind by the number written in the SQL.
 *
 * Threading: a connection is used by one thread at a time (SQLite is built
 * thread-safe, but a statement cache is not shared).
 */
#include "db/db.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/mem.h"
#include "db/db_impl.h"
#include "db/fts_vi.h"

#define STMT_CACHE 512 /* power of two */
#define MAX_PARAMS 40

struct sq_stmt {
	struct db_stmt base; /* first: db.c casts */
	sqlite3_stmt *s;
	const char *sql;
	struct sq_db *db;
	unsigned char idx[MAX_PARAMS + 1]; /* $N → bind index; 0 = absent */
};

struct sq_db {
	struct db base; /* first: db.c casts */
	sqlite3 *h;
	struct sq_stmt *cache[STMT_CACHE];
	int ncached;
};

static int map_rc(struct sq_db *db, int rc, const char *what)
{
	switch (rc & 0xff) { /* extended codes: the low byte is the primary code */
	case SQLITE_OK: return DB_OK;
	case SQLITE_ROW: return DB_ROW;
	case SQLITE_DONE: return DB_DONE;
	case SQLITE_CONSTRAINT: return DB_CONSTRAINT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED: log_warn("db=busy op=%s", what); return DB_BUSY;
	default:
		log_error("db=error op=%s code=%d msg=\"%s\"", what,
			  sqlite3_extended_errcode(db->h),
			  sqlite3_errstr(sqlite3_extended_errcode(db->h)));
		return DB_ERROR;
	}
}

/* Before SQLite initialises: no global memory statistics (they take a
 * process-wide mutex on every allocation, and nothing here reads them). */
static pthread_once_t config_once = PTHREAD_ONCE_INIT;
static void config_sqlite(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int sq_open(const char *path, int flags, struct db **out, char *err, size_t errlen)
{
	pthread_once(&config_once, config_sqlite);
	int oflags = SQLITE_OPEN_NOMUTEX;
	oflags |= (flags & DB_OPEN_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (flags & DB_OPEN_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	sqlite3 *h = NULL;
	int rc = sqlite3_open_v2(path, &h, oflags, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot open database %s: %s", path,
			 h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
		sqlite3_close(h);
		return -1;
	}
	sqlite3_extended_result_codes(h, 1);
	sqlite3_busy_timeout(h, 5000);
	const char *setup = (flags & DB_OPEN_READONLY)
				    ? "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
				    : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
				      " PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
				      " PRAGMA mmap_size=0; PRAGMA cache_size=-16384;";
	char *msg = NULL;
	if (sqlite3_exec(h, setup, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "cannot set up database %s: %s", path, msg ? msg : "?");
		sqlite3_free(msg);
		sqlite3_close(h);
		return -1;
	}
	if (fts_vi_register(h) != SQLITE_OK) {
		snprintf(err, errlen, "cannot register the vi tokenizer: %s", sqlite3_errmsg(h));
		sqlite3_close(h);
		return -1;
	}
	struct sq_db *db = xcalloc(1, sizeof *db);
	db->base.be = DB_BE_SQLITE;
	db->h = h;
	*out = &db->base;
	return 0;
}

void sq_close(struct db *db_)
{
	struct sq_db *db = (struct sq_db *)db_;
	if (!db)
		return;
	for (int i = 0; i < STMT_CACHE; i++) {
		if (db->cache[i]) {
			sqlite3_finalize(db->cache[i]->s);
			free(db->cache[i]);
		}
	}
	sqlite3_close(db->h);
	free(db);
}

const char *sq_errmsg(struct db *db_)
{
	struct sq_db *db = (struct sq_db *)db_;
	return sqlite3_errmsg(db->h);
}

int sq_exec(struct db *db_, const char *sql)
{
	struct sq_db *db = (struct sq_db *)db_;
	char *msg = NULL;
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		char q[256];
		log_error("db=error op=exec code=%d msg=\"%s\"", rc,
			  log_quote(msg ? msg : "?", q, sizeof q));
		sqlite3_free(msg);
		return (rc & 0xff) == SQLITE_CONSTRAINT ? DB_CONSTRAINT : DB_ERROR;
	}
	return DB_OK;
}

static unsigned slot_of(const char *sql)
{
	uintptr_t k = (uintptr_t)sql;
	k ^= k >> 17;
	k *= 0x9E3779B97F4A7C15ull;
	return (unsigned)(k >> 40) & (STMT_CACHE - 1);
}

struct db_stmt *sq_prep(struct db *db_, const char *sql, int fatal)
{
	struct sq_db *db = (struct sq_db *)db_;
	(void)fatal; /* db.c aborts */
	unsigned i = slot_of(sql);
	for (unsigned probe = 0; probe < STMT_CACHE; probe++, i = (i + 1) & (STMT_CACHE - 1)) {
		struct sq_stmt *st = db->cache[i];
		if (!st)
			break;
		if (st->sql == sql) {
			sqlite3_reset(st->s);
			sqlite3_clear_bindings(st->s);
			return &st->base;
		}
	}
	if (db->ncached >= STMT_CACHE * 3 / 4) {
		log_error("db=error op=prepare msg=\"statement cache full\"");
		return NULL;
	}
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
		char q[256];
		log_error("db=error op=prepare msg=\"%s\"",
			  log_quote(sqlite3_errmsg(db->h), q, sizeof q));
		return NULL;
	}
	struct sq_stmt *st = xcalloc(1, sizeof *st);
	st->s = s;
	st->sql = sql;
	st->base.be = DB_BE_SQLITE;
	st->db = db;
	int np = sqlite3_bind_parameter_count(s);
	for (int k = 1; k <= np; k++) {
		const char *name = sqlite3_bind_parameter_name(s, k);
		long n = (name && name[0] == '$') ? strtol(name + 1, NULL, 10) : 0;
		if (n >= 1 && n <= MAX_PARAMS)
			st->idx[n] = (unsigned char)k;
	}
	db->cache[i] = st;
	db->ncached++;
	return &st->base;
}

static int bidx(struct sq_stmt *st, int n)
{
	return (n >= 1 && n <= MAX_PARAMS) ? st->idx[n] : 0;
}

void sq_bind_int(struct db_stmt *st_, int n, int64_t v)
{
	struct sq_stmt *st = (struct sq_stmt *)st_;
	sqlite3_bind_int64(st->s, bidx(st, n), v);
}

void sq_bind_double(struct db_stmt *st_, int n, double v)
{
	struct sq_stmt *st = (struct sq_stmt *)st_;
	sqlite3_bind_double(st->s, bidx(st, n), v);
}

void sq_bind_textn(struct db_stmt *st_, int n, const char *s, size_t len)
{
	struct sq_stmt *st = (struct sq_stmt *)st_;
	if (!s)
		sqlite3_bind_null(st->s, bidx(st, n));
	else
		sqlite3_bind_text64(st->s, bidx(st, n), s, len, SQLITE_TRANSIENT, SQLITE_UTF8);
}

void sq_bind_blob(struct db_stmt *st_, int n, const void *p, size_t len)
{
	struct sq_stmt *st = (struct sq_stmt *)st_;
	sqlite3_bind_blob64(st->s, bidx(st, n), p, len, SQLITE_TRANSIENT);
}

void sq_bind_null(struct db_stmt *st_, int n)
{
	struct sq_stmt *st = (struct sq_stmt *)st_;
	sqlite3_bind_null(st->s, bidx(st, n));
}

int sq_step(struct db_stmt *st_)
{
	struct sq_stmt *st = (struct sq_stmt *)st_;
	return map_rc(st->db, sqlite3_step(st->s), "step");
}

int64_t sq_col_int(struct db_stmt *st_, int i)
{
	struct sq_stmt *st = (struct sq_stmt *)st_;
	return sqlite3_column_int64(st->s, i);
}

double sq_col_double(struct db_stmt *st_, int i)
{
	struct sq_stmt *st = (struct sq_stmt *)st_;
	return sqlite3_column_double(st->s, i);
}

const char *sq_col_text(struct db_stmt *st_, int i)
{
	struct sq_stmt *st = (struct sq_stmt *)st_;
	const unsigned char *t = sqlite3_column_text(st->s, i);
	return t ? (const char *)t : "";
}

size_t sq_col_len(struct db_stmt *st_, int i)
{
	struct sq_stmt *st = (struct sq_stmt *)st_;
	return (size_t)sqlite3_column_bytes(st->s, i);
}

const void *sq_col_blob(struct db_stmt *st_, int i)
{
	struct sq_stmt *st = (struct sq_stmt *)st_;
	return sqlite3_column_blob(st->s, i);
}

int sq_col_null(struct db_stmt *st_, int i)
{
	struct sq_stmt *st = (struct sq_stmt *)st_;
	return sqlite3_column_type(st->s, i) == SQLITE_NULL;
}

void sq_done(struct db_stmt *st_)
{
	struct sq_stmt *st = (struct sq_stmt *)st_;
	if (st) {
		sqlite3_reset(st->s);
		sqlite3_clear_bindings(st->s);
	}
}

void sq_reset_all(struct db *db_)
{
	struct sq_db *db = (struct sq_db *)db_;
	sqlite3_stmt *s = NULL;
	while ((s = sqlite3_next_stmt(db->h, s)) != NULL)
		if (sqlite3_stmt_busy(s))
			sqlite3_reset(s);
}

int64_t sq_changes(struct db *db_)
{
	struct sq_db *db = (struct sq_db *)db_;
	return sqlite3_changes64(db->h);
}

int64_t sq_last_insert_id(struct db *db_)
{
	struct sq_db *db = (struct sq_db *)db_;
	return sqlite3_last_insert_rowid(db->h);
}

int64_t sq_total_changes(struct db *db_)
{
	struct sq_db *db = (struct sq_db *)db_;
	return sqlite3_total_changes64(db->h);
}

static int simple(struct sq_db *db, const char *sql, const char *what)
{
	return map_rc(db, sqlite3_exec(db->h, sql, NULL, NULL, NULL), what);
}

/* The same through the statement cache: BEGIN and COMMIT run on every
 * request and every writer batch, and compiling them each time shows. */
static int prepared(struct sq_db *db, const char *sql, const char *what)
{
	struct sq_stmt *st = (struct sq_stmt *)db_prep(&db->base, sql);
	int rc = map_rc(db, sqlite3_step(st->s), what);
	sqlite3_reset(st->s);
	return rc == DB_DONE ? DB_OK : rc;
}

int sq_begin(struct db *db_)
{
	struct sq_db *db = (struct sq_db *)db_;
	return prepared(db, "BEGIN IMMEDIATE", "begin");
}

int sq_begin_read(struct db *db_)
{
	struct sq_db *db = (struct sq_db *)db_;
	return prepared(db, "BEGIN", "begin_read");
}

void sq_end_read(struct db *db_)
{
	struct sq_db *db = (struct sq_db *)db_;
	sq_reset_all(db_);
	if (!sqlite3_get_autocommit(db->h))
		prepared(db, "COMMIT", "end_read");
}

int sq_commit(struct db *db_)
{
	struct sq_db *db = (struct sq_db *)db_;
	return prepared(db, "COMMIT", "commit");
}

int sq_rollback(struct db *db_)
{
	struct sq_db *db = (struct sq_db *)db_;
	if (sqlite3_get_autocommit(db->h))
		return DB_OK;
	sq_reset_all(db_);
	return simple(db, "ROLLBACK", "rollback");
}

int sq_in_tx(struct db *db_)
{
	struct sq_db *db = (struct sq_db *)db_;
	return !sqlite3_get_autocommit(db->h);
}

int sq_backup(struct db *db_, const char *dest)
{
	static const char sql[] = "VACUUM INTO $1";
	struct db_stmt *st = db_prep(db_, sql);
	if (!st)
		return -1;
	db_bind_text(st, 1, dest);
	return db_run(st) == DB_OK ? 0 : -1;
}

int sq_check(struct db *db_, void (*report)(void *arg, const char *what, const char *detail),
	     void *arg)
{
	static const char sql_integrity[] = "PRAGMA integrity_check(100)";
	static const char sql_fk[] = "PRAGMA foreign_key_check";
	int n = 0;
	struct db_stmt *st = db_prep_try(db_, sql_integrity);
	if (!st)
		return -1;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *line = db_col_text(st, 0);
		if (strcmp(line, "ok") != 0) {
			report(arg, "integrity", line);
			n++;
		}
	}
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	st = db_prep_try(db_, sql_fk);
	if (!st)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		char detail[256];
		snprintf(detail, sizeof detail, "a row of %s refers to a missing row of %s",
			 db_col_text(st, 0), db_col_text(st, 2));
		report(arg, "foreign_key", detail);
		n++;
	}
	db_done(st);
	return rc == DB_DONE ? n : -1;
}
