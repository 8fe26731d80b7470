/*
 * testdb.h — a real store for unit tests of the services: a temporary
 * SQLite file, migrated, with the demo centre loaded (units, staff,
 * procedures), and a `struct app` around it with the shipped calendar and
 * a fixed clock, so services run exactly as the server runs them.
 *
 *   struct testdb t;
 *   testdb_open(&t);                 // asserts on failure
 *   struct actor who = testdb_actor(&t, "tiepnhan1");
 *   ... services on t.db with &who and t.app.fake_now ...
 *   testdb_close(&t);                // removes the files
 *
 * On PostgreSQL: with MOTCUA_TEST_PG set to a cluster's base URL
 * (postgresql://user@host:port, as scripts/pg-cluster.sh prints it), each
 * testdb_open creates a fresh database on that cluster instead of a file
 * (`make test-pg`), and testdb_close drops it. t->path is then its URL.
 *
 * Header-only on purpose: each tests/unit/test_*.c is its own executable.
 */
#ifndef MOTCUA_TESTS_TESTDB_H
#define MOTCUA_TESTS_TESTDB_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/cli/demo.h"
#include "app/platform/app.h"
#include "app/platform/clock.h"
#include "core/vntime.h"
#include "db/db.h"

struct testdb {
	char dir[64];
	char path[512];
	char pg_name[64]; /* the database created on MOTCUA_TEST_PG ("" on SQLite) */
	struct db *db;
	struct app app;
	/* usernames resolved by testdb_actor, kept alive for the actors */
	char names[8][64];
	int nnames;
};

static inline void testdb_fail(const char *what, const char *err)
{
	fprintf(stderr, "testdb: %s: %s\n", what, err);
	abort();
}

/* Run one statement on the PostgreSQL cluster's maintenance database. */
static inline void testdb_pg_admin(const char *base, const char *sql)
{
	char url[512], err[256];
	struct db *adm = NULL;
	snprintf(url, sizeof url, "%s/postgres", base);
	if (db_open(url, 0, &adm, err, sizeof err) != 0)
		testdb_fail("MOTCUA_TEST_PG", err);
	if (db_exec(adm, sql) != DB_OK)
		testdb_fail(sql, db_errmsg(adm));
	db_close(adm);
}

/* An empty PostgreSQL database of its own for a test that needs one:
 * "<prefix>_<pid>_<n>" on the MOTCUA_TEST_PG cluster, its URL into url.
 * 0 without the cluster (the test then skips: TESTDB_NEED_PG). */
static inline int testdb_pg_create(const char *prefix, char *name, size_t name_cap, char *url,
				   size_t url_cap)
{
	static int serial;
	const char *base = getenv("MOTCUA_TEST_PG");
	if (!base || !base[0])
		return 0;
	char sql[160];
	snprintf(name, name_cap, "%s_%d_%d", prefix, (int)getpid(), ++serial);
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
	testdb_pg_admin(base, sql);
	snprintf(url, url_cap, "%s/%s", base, name);
	return 1;
}

/* Drop what testdb_pg_create made (nothing without the cluster). */
static inline void testdb_pg_drop(const char *name)
{
	const char *base = getenv("MOTCUA_TEST_PG");
	if (!base || !base[0] || !name[0])
		return;
	char sql[160];
	snprintf(sql, sizeof sql, "DROP DATABASE %s WITH (FORCE)", name);
	testdb_pg_admin(base, sql);
}

/* In a test that needs PostgreSQL: skip, saying so, without the cluster. */
#define TESTDB_NEED_PG()                                                                           \
	do {                                                                                       \
		if (!getenv("MOTCUA_TEST_PG") || !getenv("MOTCUA_TEST_PG")[0]) {                   \
			print_message("skipped: needs MOTCUA_TEST_PG (make test-pg)\n");           \
			skip();                                                                    \
		}                                                                                  \
	} while (0)

/* A fresh demo store; the clock stands at Monday 2 March 2026, 09:00. */
static inline void testdb_open(struct testdb *t)
{
	char err[256];
	static int serial;
	memset(t, 0, sizeof *t);
	const char *pg = getenv("MOTCUA_TEST_PG");
	if (pg && pg[0]) {
		char sql[160];
		snprintf(t->pg_name, sizeof t->pg_name, "motcua_unit_%d_%d", (int)getpid(),
			 ++serial);
		snprintf(sql, sizeof sql, "CREATE DATABASE %s", t->pg_name);
		testdb_pg_admin(pg, sql);
		snprintf(t->path, sizeof t->path, "%s/%s", pg, t->pg_name);
	} else {
		snprintf(t->dir, sizeof t->dir, "/tmp/motcua-unit-XXXXXX");
		if (!mkdtemp(t->dir))
			testdb_fail("mkdtemp", t->dir);
		snprintf(t->path, sizeof t->path, "%s/test.db", t->dir);
	}
	if (db_open(t->path, DB_OPEN_CREATE, &t->db, err, sizeof err) != 0)
		testdb_fail("open", err);
	if (db_migrate(t->db, err, sizeof err) < 0)
		testdb_fail("migrate", err);
	FILE *devnull = fopen("/dev/null", "w");
	if (demo_load(t->db, devnull, 0) != 0)
		testdb_fail("demo", "demo_load failed");
	fclose(devnull);
	t->app.fake_now = vn_instant(2026, 3, 2, 9, 0, 0);
	if (app_clock_init(&t->app, t->db, err, sizeof err) != 0)
		testdb_fail("clock", err);
}

/* Who acts: the demo account `username`, with its roles and unit. */
static inline struct actor testdb_actor(struct testdb *t, const char *username)
{
	static const char sql[] =
		"SELECT s.id, coalesce(s.unit_id, 0) FROM staff s WHERE s.username = $1";
	static const char sql_roles[] = "SELECT role FROM staff_role WHERE staff_id = $1";
	struct actor a = {0};
	struct db_stmt *st = db_prep(t->db, sql);
	db_bind_text(st, 1, username);
	if (db_step(st) != DB_ROW)
		testdb_fail("no such demo account", username);
	a.staff_id = db_col_int(st, 0);
	a.unit_id = db_col_int(st, 1);
	db_done(st);
	st = db_prep(t->db, sql_roles);
	db_bind_int(st, 1, a.staff_id);
	while (db_step(st) == DB_ROW)
		a.roles |= role_parse(db_col_text(st, 0));
	db_done(st);
	int k = t->nnames < 8 ? t->nnames++ : 7;
	snprintf(t->names[k], sizeof t->names[k], "%s", username);
	a.name = t->names[k];
	a.rid = "unit-test";
	return a;
}

/* Audit records of `action` on `entity_id` by `actor` at exactly `at`
 * (-1 if the query failed): what a user checks after a change. */
static inline long long testdb_audits(struct testdb *t, const char *action, const char *entity_id,
				      const char *actor, int64_t at)
{
	static const char sql[] = "SELECT count(*) FROM audit WHERE action = $1 AND entity_id = $2"
				  " AND actor = $3 AND at = $4";
	struct db_stmt *st = db_prep(t->db, sql);
	db_bind_text(st, 1, action);
	db_bind_text(st, 2, entity_id);
	db_bind_text(st, 3, actor);
	db_bind_int(st, 4, at);
	long long n = db_step(st) == DB_ROW ? db_col_int(st, 0) : -1;
	db_done(st);
	return n;
}

/* Run SQL a test arranges the store with (a catalogue edit, a row another
 * domain writes); fails the test if the store refuses it. */
static inline void testdb_exec(struct testdb *t, const char *sql)
{
	if (db_exec(t->db, sql) != DB_OK)
		testdb_fail(sql, db_errmsg(t->db));
}

/* Turn the enforcement of foreign keys off (on = 0) or on again, to leave
 * what a crash or a manual edit could (SQLite: PRAGMA foreign_keys;
 * PostgreSQL: session_replication_role, which skips the FK triggers). */
static inline void testdb_foreign_keys(struct testdb *t, int on)
{
	if (t->pg_name[0])
		testdb_exec(t, on ? "SET session_replication_role = DEFAULT"
				  : "SET session_replication_role = replica");
	else
		testdb_exec(t, on ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF");
}

static inline void testdb_close(struct testdb *t)
{
	app_clock_free(&t->app);
	db_close(t->db);
	if (t->pg_name[0]) {
		char sql[160];
		snprintf(sql, sizeof sql, "DROP DATABASE %s", t->pg_name);
		testdb_pg_admin(getenv("MOTCUA_TEST_PG"), sql);
		return;
	}
	char p[600];
	const char *suffix[] = {"", "-wal", "-shm"};
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s%s", t->path, suffix[i]);
		unlink(p);
	}
	rmdir(t->dir);
}

/* cmocka fixtures: a fresh testdb per test in *state, closed and freed
 * after it (cmocka_unit_test_setup_teardown(test, testdb_setup,
 * testdb_teardown)). */
static inline int testdb_setup(void **state)
{
	struct testdb *t = malloc(sizeof *t);
	if (!t)
		testdb_fail("malloc", "out of memory");
	testdb_open(t);
	*state = t;
	return 0;
}

static inline int testdb_teardown(void **state)
{
	testdb_close(*state);
	free(*state);
	return 0;
}

#endif
