/*
 * migrate.c — forward-only numbered migrations.
 *
 * Migrations are the files src/db/migrations/sqlite/NNNN_name.sql (for a
 * PostgreSQL database: src/db/migrations/pg/NNNN_name.sql, the same
 * numbers giving the same schema meaning), compiled
 * into the binary (core/embedded.h), applied in number order. Each runs in its
 * own IMMEDIATE transaction together with its row in schema_migrations, so a
 * failed migration leaves the database exactly at the previous version.
 * A database whose recorded version is newer than this binary knows is
 * refused (an old binary must not write to a newer schema).
 *
 * Every migration not recorded in schema_migrations is applied, not only
 * those above the highest recorded one: a number that lands after a higher
 * one (two branches merged in another order than they were numbered, a
 * developer's database migrated in between) is applied, not skipped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/embedded.h"
#include "core/log.h"
#include "db/db.h"
#include "db/db_impl.h"

#define MIG_PREFIX_SQLITE "src/db/migrations/sqlite/"
#define MIG_PREFIX_PG "src/db/migrations/pg/"

static const char sql_table[] = "CREATE TABLE IF NOT EXISTS schema_migrations ("
				" version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
				" applied_at BIGINT NOT NULL)";
static const char sql_version[] = "SELECT coalesce(max(version), 0) FROM schema_migrations";
static const char sql_applied[] = "SELECT count(*) FROM schema_migrations WHERE version = $1";
static const char sql_record[] =
	"INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)";

struct mig {
	int version;
	const char *name;
	const struct embedded_file *file;
};

static int cmp_mig(const void *a, const void *b)
{
	const struct mig *x = a, *y = b;
	return (x->version > y->version) - (x->version < y->version);
}

/* Collects the embedded migrations, sorted; returns their count. */
static int list_migrations(const char *prefix, struct mig *out, int cap)
{
	int n = 0;
	size_t plen = strlen(prefix);
	for (const struct embedded_file *f = embedded_all(); f->name; f++) {
		if (strncmp(f->name, prefix, plen) != 0)
			continue;
		const char *base = f->name + plen;
		char *end = NULL;
		long v = strtol(base, &end, 10);
		if (v <= 0 || !end || *end != '_' || n >= cap)
			continue;
		out[n].version = (int)v;
		out[n].name = base;
		out[n].file = f;
		n++;
	}
	qsort(out, (size_t)n, sizeof *out, cmp_mig);
	return n;
}

int db_schema_version(struct db *db)
{
	static const char sql_pg_has[] = "SELECT to_regclass('schema_migrations') IS NOT NULL";
	if (db->be == DB_BE_PG) {
		/* a read-only connection may not run CREATE TABLE IF NOT EXISTS */
		struct db_stmt *st = db_prep(db, sql_pg_has);
		int has = db_step(st) == DB_ROW && db_col_int(st, 0);
		db_done(st);
		if (!has && db_exec(db, sql_table) != DB_OK)
			return -1;
	} else if (db_exec(db, sql_table) != DB_OK) {
		return -1;
	}
	struct db_stmt *st = db_prep(db, sql_version);
	if (!st || db_step(st) != DB_ROW) {
		db_done(st);
		return -1;
	}
	int v = (int)db_col_int(st, 0);
	db_done(st);
	return v;
}

int db_migrate(struct db *db, char *err, size_t errlen)
{
	struct mig migs[256];
	int n = list_migrations(db->be == DB_BE_PG ? MIG_PREFIX_PG : MIG_PREFIX_SQLITE, migs, 256);
	int current = db_schema_version(db);
	if (current < 0) {
		snprintf(err, errlen, "cannot read the schema version: %s", db_errmsg(db));
		return -1;
	}
	if (n > 0 && current > migs[n - 1].version) {
		snprintf(
			err, errlen,
			"database schema version %d is newer than this motcua (%d): upgrade motcua",
			current, migs[n - 1].version);
		return -1;
	}
	int applied = 0;
	for (int i = 0; i < n; i++) {
		if (migs[i].version <= current) {
			struct db_stmt *q = db_prep(db, sql_applied);
			db_bind_int(q, 1, migs[i].version);
			int rc = db_step(q);
			long long had = rc == DB_ROW ? db_col_int(q, 0) : -1;
			db_done(q);
			if (had < 0) {
				snprintf(err, errlen, "cannot read the schema version: %s",
					 db_errmsg(db));
				return -1;
			}
			if (had)
				continue;
		}
		if (db_begin(db) != DB_OK) {
			snprintf(err, errlen, "cannot begin migration %s", migs[i].name);
			return -1;
		}
		int rc = db_exec(db, (const char *)migs[i].file->data);
		if (rc == DB_OK) {
			struct db_stmt *st = db_prep(db, sql_record);
			if (!st) {
				rc = DB_ERROR;
			} else {
				db_bind_int(st, 1, migs[i].version);
				db_bind_text(st, 2, migs[i].name);
				db_bind_int(st, 3, (int64_t)time(NULL));
				rc = db_run(st);
			}
		}
		if (rc != DB_OK || db_commit(db) != DB_OK) {
			snprintf(err, errlen, "migration %s failed: %s", migs[i].name,
				 db_errmsg(db));
			db_rollback(db);
			return -1;
		}
		log_info("migration=applied version=%d name=%s", migs[i].version, migs[i].name);
		applied++;
	}
	return applied;
}

int db_schema_latest(struct db *db)
{
	struct mig migs[256];
	int n = list_migrations(db->be == DB_BE_PG ? MIG_PREFIX_PG : MIG_PREFIX_SQLITE, migs, 256);
	return n > 0 ? migs[n - 1].version : 0;
}
