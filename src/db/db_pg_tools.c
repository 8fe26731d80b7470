/*
 * db_pg_tools.c — the operator's tools on a PostgreSQL store (db.h's
 * db_backup and db_check for db_pg.c): a consistent copy with pg_dump, and
 * the consistency check (foreign keys whose triggers could have been turned
 * off; B-tree indexes with amcheck). They use the store only through the
 * backend's own functions; the connection and statement code is db_pg.c's.
 */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/log.h"
#include "db/db_impl.h"

/*
 * A copy of the database into `dest` with pg_dump (custom format: restore
 * with pg_restore into an empty database). pg_dump reads one snapshot, so
 * the copy is consistent while the server runs. dest must not exist.
 */
int pgb_backup(struct db *db_, const char *dest)
{
	if (access(dest, F_OK) == 0) {
		log_error("db=error op=backup msg=\"destination exists\"");
		return -1;
	}
	char file_arg[4200];
	snprintf(file_arg, sizeof file_arg, "--file=%s", dest);
	char *argv[] = {"pg_dump",  "--format=custom",    "--no-owner", file_arg,
			"--dbname", (char *)pgb_url(db_), NULL};
	extern char **environ;
	pid_t pid;
	int err = posix_spawnp(&pid, "pg_dump", NULL, NULL, argv, environ);
	if (err != 0) {
		log_error("db=error op=backup msg=\"cannot run pg_dump: %s\"", strerror(err));
		return -1;
	}
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		log_error("db=error op=backup msg=\"pg_dump failed\"");
		unlink(dest);
		return -1;
	}
	return 0;
}

/*
 * PostgreSQL enforces foreign keys as it writes, but a superuser can turn
 * their triggers off (session_replication_role = replica, a restore with
 * triggers disabled), so the foreign keys are checked as SQLite's
 * foreign_key_check does: for every foreign key of the schema, the rows
 * whose key has no parent. The per-constraint query is written by the
 * server from the catalog (format with %I quotes the names) and run by
 * query_to_xml, so this SQL text is fixed. Then, with the amcheck
 * extension installed, bt_index_check on every B-tree index of the schema.
 */
int pgb_check(struct db *db_, void (*report)(void *arg, const char *what, const char *detail),
	      void *arg)
{
	static const char sql_fk[] =
		"SELECT CAST(c.conrelid AS regclass), CAST(c.confrelid AS regclass),"
		" CAST(CAST((xpath('/row/n/text()', query_to_xml(format("
		"'SELECT count(*) AS n FROM %s t WHERE %s AND NOT EXISTS (SELECT 1 FROM %s r WHERE "
		"%s)',"
		" CAST(c.conrelid AS regclass),"
		" (SELECT string_agg(format('t.%I IS NOT NULL', a.attname), ' AND ')"
		"  FROM unnest(c.conkey) AS k(l) JOIN pg_attribute a"
		"  ON a.attrelid = c.conrelid AND a.attnum = k.l),"
		" CAST(c.confrelid AS regclass),"
		" (SELECT string_agg(format('r.%I = t.%I', fa.attname, a.attname), ' AND ')"
		"  FROM unnest(c.conkey, c.confkey) AS k(l, f)"
		"  JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.l"
		"  JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = k.f)),"
		" false, true, '')))[1] AS TEXT) AS BIGINT)"
		" FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace"
		" WHERE c.contype = 'f' AND n.nspname = current_schema() ORDER BY c.conname";
	static const char sql_has[] = "SELECT count(*) FROM pg_extension WHERE extname = 'amcheck'";
	static const char sql_idx[] =
		"SELECT c.relname, bt_index_check(c.oid) IS NULL FROM pg_index i"
		" JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam"
		" JOIN pg_namespace n ON n.oid = c.relnamespace"
		" WHERE a.amname = 'btree' AND n.nspname = current_schema()";
	int n = 0, rc;
	struct db_stmt *st = pgb_prep(db_, sql_fk, 0);
	while ((rc = pgb_step(st)) == DB_ROW) {
		int64_t missing = pgb_col_int(st, 2);
		char detail[256];
		snprintf(detail, sizeof detail, "a row of %.100s refers to a missing row of %.100s",
			 pgb_col_text(st, 0), pgb_col_text(st, 1));
		for (int64_t k = 0; k < missing && k < 100; k++, n++)
			report(arg, "foreign_key", detail);
	}
	pgb_done(st);
	if (rc != DB_DONE)
		return -1;
	st = pgb_prep(db_, sql_has, 0);
	rc = pgb_step(st);
	int has = rc == DB_ROW && pgb_col_int(st, 0) > 0;
	pgb_done(st);
	if (rc != DB_ROW)
		return -1;
	if (!has)
		return n;
	st = pgb_prep(db_, sql_idx, 0);
	while ((rc = pgb_step(st)) == DB_ROW)
		;
	pgb_done(st);
	if (rc != DB_DONE) {
		char detail[256];
		snprintf(detail, sizeof detail, "bt_index_check: %.200s", pgb_errmsg(db_));
		report(arg, "integrity", detail);
		n++;
	}
	return n;
}
