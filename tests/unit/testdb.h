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
	char path[96];
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

/* A fresh demo store; the clock stands at Monday 2 March 2026, 09:00. */
static inline void testdb_open(struct testdb *t)
{
	char err[256];
	memset(t, 0, sizeof *t);
	snprintf(t->dir, sizeof t->dir, "/tmp/motcua-unit-XXXXXX");
	if (!mkdtemp(t->dir))
		testdb_fail("mkdtemp", t->dir);
	snprintf(t->path, sizeof t->path, "%s/test.db", t->dir);
	if (db_open(t->path, DB_OPEN_CREATE, &t->db, err, sizeof err) != 0)
		testdb_fail("open", err);
	if (db_migrate(t->db, err, sizeof err) < 0)
		testdb_fail("migrate", err);
	FILE *devnull = fopen("/dev/null", "w");
	if (demo_load(t->db, devnull) != 0)
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
		"SELECT s.id, coalesce(s.unit_id, 0),"
		" (SELECT group_concat(r.role) FROM staff_role r WHERE r.staff_id = s.id)"
		" FROM staff s WHERE s.username = $1";
	struct actor a = {0};
	struct db_stmt *st = db_prep(t->db, sql);
	db_bind_text(st, 1, username);
	if (db_step(st) != DB_ROW)
		testdb_fail("no such demo account", username);
	a.staff_id = db_col_int(st, 0);
	a.unit_id = db_col_int(st, 1);
	char roles[128];
	snprintf(roles, sizeof roles, "%s", db_col_text(st, 2));
	db_done(st);
	for (char *save = NULL, *r = strtok_r(roles, ",", &save); r; r = strtok_r(NULL, ",", &save))
		a.roles |= role_parse(r);
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

static inline void testdb_close(struct testdb *t)
{
	app_clock_free(&t->app);
	db_close(t->db);
	char p[128];
	const char *suffix[] = {"", "-wal", "-shm"};
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s%s", t->path, suffix[i]);
		unlink(p);
	}
	rmdir(t->dir);
}

#endif
