/* test_db.c — the data layer on a real SQLite file: migrations, $N
 * parameters, the statement cache, transactions, and the writer's group
 * commit (one failing job never spoils its batch; nothing is acknowledged
 * before it is committed). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "db/writer.h"
#include "logcap.h"

static char path[256];

static int setup(void **state)
{
	(void)state;
	snprintf(path, sizeof path, "/tmp/motcua-test-db-%d.db", (int)getpid());
	unlink(path);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char p2[300];
	unlink(path);
	snprintf(p2, sizeof p2, "%s-wal", path);
	unlink(p2);
	snprintf(p2, sizeof p2, "%s-shm", path);
	unlink(p2);
	return 0;
}

static struct db *open_migrated(void)
{
	char err[256];
	struct db *db = NULL;
	assert_int_equal(db_open(path, DB_OPEN_CREATE, &db, err, sizeof err), 0);
	assert_true(db_migrate(db, err, sizeof err) >= 0);
	return db;
}

static void migrations_apply_once(void **state)
{
	(void)state;
	char err[256];
	struct db *db = NULL;
	assert_int_equal(db_open(path, DB_OPEN_CREATE, &db, err, sizeof err), 0);
	assert_int_equal(db_schema_version(db), 0);
	int n = db_migrate(db, err, sizeof err);
	assert_true(n >= 2);
	int v = db_schema_version(db);
	assert_true(v >= 2);
	assert_int_equal(db_migrate(db, err, sizeof err), 0);
	assert_int_equal(db_schema_version(db), v);
	/* a schema newer than the binary is refused */
	assert_int_equal(db_exec(db, "INSERT INTO schema_migrations VALUES (9999, 'future', 0)"),
			 DB_OK);
	assert_int_equal(db_migrate(db, err, sizeof err), -1);
	assert_non_null(strstr(err, "newer"));
	db_close(db);
}

static void parameters_bind_by_number(void **state)
{
	(void)state;
	struct db *db = open_migrated();
	assert_int_equal(db_exec(db, "CREATE TABLE t (a INTEGER, b TEXT, c REAL)"), DB_OK);
	static const char ins[] = "INSERT INTO t (b, a, c) VALUES ($2, $1, $3)";
	struct db_stmt *st = db_prep(db, ins);
	assert_non_null(st);
	db_bind_int(st, 1, 42);
	db_bind_text(st, 2, "Hội An");
	db_bind_double(st, 3, 0.5);
	assert_int_equal(db_run(st), DB_OK);
	/* cached: the same statement, reset and unbound */
	assert_ptr_equal(db_prep(db, ins), st);
	static const char sel[] = "SELECT a, b, c FROM t WHERE a = $1 AND b = $2";
	st = db_prep(db, sel);
	db_bind_int(st, 1, 42);
	db_bind_text(st, 2, "Hội An");
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 42);
	assert_string_equal(db_col_text(st, 1), "Hội An");
	assert_true(db_col_double(st, 2) == 0.5);
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
	/* a constraint violation is reported as such */
	assert_int_equal(db_exec(db, "CREATE TABLE u (k TEXT PRIMARY KEY)"), DB_OK);
	static const char insu[] = "INSERT INTO u VALUES ($1)";
	st = db_prep(db, insu);
	db_bind_text(st, 1, "x");
	assert_int_equal(db_run(st), DB_OK);
	st = db_prep(db, insu);
	db_bind_text(st, 1, "x");
	assert_int_equal(db_run(st), DB_CONSTRAINT);
	/* db_exec_later on SQLite is db_exec_vals: run at once, its error at
	 * once, in a write transaction too (D44; PostgreSQL in test_db_pg.c) */
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(db_exec_later(db, insu, DB_ARGS(db_text("y"))), DB_OK);
	assert_int_equal(db_changes(db), 1);
	assert_int_equal(db_exec_later(db, insu, DB_ARGS(db_text("x"))), DB_CONSTRAINT);
	assert_false(db_tx_failed(db));
	assert_int_equal(db_commit(db), DB_OK);
	st = db_prep(db, "SELECT count(*) FROM u");
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 2);
	db_done(st);
	assert_null(db_prep_try(db, "SELEC nonsense"));
	db_close(db);
}

/* db_query / db_exec_vals / db_row: each kind of value, NULL text, the
 * order of $N, the results of running and of asking for one row. */
static void values_bind_in_one_call(void **state)
{
	(void)state;
	struct db *db = open_migrated();
	assert_int_equal(db_exec(db, "CREATE TABLE v (a INTEGER, b TEXT, c REAL, d TEXT,"
				     " e TEXT, k TEXT UNIQUE)"),
			 DB_OK);
	static const char ins[] =
		"INSERT INTO v (k, a, b, c, d, e) VALUES ($6, $1, $2, $3, $4, $5)";
	char buf[8];
	snprintf(buf, sizeof buf, "Huế");
	assert_int_equal(db_exec_vals(db, ins,
				      DB_ARGS(db_int(INT64_C(1) << 40), db_text(buf), db_real(2.25),
					      db_text(NULL), db_null(), db_textn("k1xyz", 2))),
			 DB_OK);
	buf[0] = 'X'; /* the text was copied when bound */
	/* a constraint violation comes back from db_exec_vals */
	assert_int_equal(db_exec_vals(db, ins,
				      DB_ARGS(db_int(2), db_text("b"), db_real(0), db_null(),
					      db_null(), db_text("k1"))),
			 DB_CONSTRAINT);
	static const char sel[] = "SELECT a, b, c, d IS NULL, e IS NULL, k FROM v WHERE k = $1";
	struct db_stmt *st = db_row(db, sel, DB_ARGS(db_text("k1")));
	assert_non_null(st);
	assert_int_equal(db_col_int(st, 0), INT64_C(1) << 40);
	assert_string_equal(db_col_text(st, 1), "Huế");
	assert_true(db_col_double(st, 2) == 2.25);
	assert_int_equal(db_col_int(st, 3), 1);
	assert_int_equal(db_col_int(st, 4), 1);
	assert_string_equal(db_col_text(st, 5), "k1");
	db_done(st);
	/* no row: NULL, and the statement is ready again */
	assert_null(db_row(db, sel, DB_ARGS(db_text("none"))));
	assert_null(db_row(db, sel, DB_ARGS(db_text(NULL))));
	/* db_query leaves the stepping to the caller */
	st = db_query(db, "SELECT count(*) FROM v WHERE a > $1 AND c < $2",
		      DB_ARGS(db_int(0), db_real(3.0)));
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 1);
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
	db_close(db);
}

static int count_rows(struct db *db)
{
	static const char sql[] = "SELECT count(*) FROM t";
	struct db_stmt *st = db_prep(db, sql);
	int n = db_step(st) == DB_ROW ? (int)db_col_int(st, 0) : -1;
	db_done(st);
	return n;
}

static int insert_job(struct db *db, void *arg)
{
	static const char sql[] = "INSERT INTO t (a) VALUES ($1)";
	long v = (long)(intptr_t)arg;
	struct db_stmt *st = db_prep(db, sql);
	db_bind_int(st, 1, v);
	if (db_run(st) != DB_OK)
		return 99;
	return v % 10 == 7 ? 5 : 0; /* every value ending in 7 fails after writing */
}

struct waiter {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int done, ok, failed;
};
static struct waiter W = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0};

static void job_done(void *arg, int rc)
{
	(void)arg;
	pthread_mutex_lock(&W.mu);
	W.done++;
	if (rc == 0)
		W.ok++;
	else
		W.failed++;
	pthread_cond_signal(&W.cv);
	pthread_mutex_unlock(&W.mu);
}

static void writer_groups_and_isolates_failures(void **state)
{
	(void)state;
	struct db *db = open_migrated();
	assert_int_equal(db_exec(db, "CREATE TABLE t (a INTEGER)"), DB_OK);
	char err[256];
	struct db_writer *w = db_writer_start(path, 10000, err, sizeof err);
	assert_non_null(w);
	enum { N = 2000 };
	static struct db_job jobs[N];
	for (int i = 0; i < N; i++) {
		struct db_job *j = &jobs[i];
		j->fn = insert_job;
		j->done = job_done;
		j->arg = (void *)(intptr_t)i;
		assert_int_equal(db_writer_submit(w, j), 0);
	}
	pthread_mutex_lock(&W.mu);
	while (W.done < N)
		pthread_cond_wait(&W.cv, &W.mu);
	pthread_mutex_unlock(&W.mu);
	assert_int_equal(W.failed, N / 10);
	assert_int_equal(W.ok, N - N / 10);
	/* the failed jobs' rows were rolled back, the others committed */
	assert_int_equal(count_rows(db), N - N / 10);
	struct db_writer_stats s;
	db_writer_stats(w, &s);
	assert_int_equal(s.jobs, N);
	assert_true(s.batches < N); /* jobs were grouped */
	/* synchronous run */
	assert_int_equal(db_writer_run(w, insert_job, (void *)(intptr_t)1000), 0);
	assert_int_equal(db_writer_run(w, insert_job, (void *)(intptr_t)1007), 5);
	db_writer_stop(w);
	assert_int_equal(count_rows(db), N - N / 10 + 1);
	db_close(db);
}

static int tx_fail(struct db *db, void *arg)
{
	(void)arg;
	db_exec(db, "INSERT INTO t (a) VALUES (1)");
	return 3;
}

static void tx_rolls_back_on_failure(void **state)
{
	(void)state;
	struct db *db = open_migrated();
	db_exec(db, "CREATE TABLE t (a INTEGER)");
	assert_int_equal(db_tx(db, tx_fail, NULL), 3);
	assert_int_equal(count_rows(db), 0);
	assert_false(db_in_tx(db));
	db_close(db);
}

static void match_query_is_safe(void **state)
{
	(void)state;
	char out[DB_MATCH_CAP];
	assert_true(db_match_query("dang ky", 7, out, sizeof out) > 0);
	assert_int_equal(db_match_query("  ,;  ", 6, out, sizeof out), 0);
	assert_int_equal(db_match_query("\xff\xfe", 2, out, sizeof out), -1);
}

/* An engine's error message quotes the SQL ("near \"SELEC\"…", a column
 * name with a newline in it): the log line stays one line whose msg= field
 * closes where it should. stderr is captured for the two failing calls. */
static void engine_errors_are_one_quoted_log_line(void **state)
{
	(void)state;
	struct db *db;
	char err[256];
	assert_int_equal(db_open(path, DB_OPEN_CREATE, &db, err, sizeof err), 0);
	struct logcap cap;
	char buf[4096];
	logcap_begin(&cap);
	assert_null(db_prep_try(db, "SELEC nonsense"));
	assert_int_equal(db_exec(db, "SELECT \"no\nsuch\" FROM \"t\"\"x\""), DB_ERROR);
	logcap_end(&cap, buf, sizeof buf);
	db_close(db);
	assert_int_equal(logcap_quoted_lines(buf, "msg"), 2);
}

/* What an operator's terminal shows of --db: never the PostgreSQL password,
 * in the user part or in the query string; a file path unchanged. */
static void display_name_hides_password(void **state)
{
	(void)state;
	char b[128];
	assert_string_equal(
		db_display_name("postgresql://motcua:s3cr3t@db1:5432/tinh", b, sizeof b),
		"postgresql://motcua:***@db1:5432/tinh");
	assert_string_equal(
		db_display_name("postgres://db1/tinh?sslmode=require&password=s3cr3t&user=m", b,
				sizeof b),
		"postgres://db1/tinh?sslmode=require&password=***&user=m");
	assert_string_equal(db_display_name("postgresql://motcua@db1/tinh", b, sizeof b),
			    "postgresql://motcua@db1/tinh");
	assert_string_equal(db_display_name("/var/lib/motcua/a:b@c.db", b, sizeof b),
			    "/var/lib/motcua/a:b@c.db");
	char small[12];
	db_display_name("postgresql://u:s3cr3t@h/d", small, sizeof small);
	assert_null(strstr(small, "s3cr"));
	assert_int_equal(strlen(small), sizeof small - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(migrations_apply_once, setup, teardown),
		cmocka_unit_test_setup_teardown(parameters_bind_by_number, setup, teardown),
		cmocka_unit_test_setup_teardown(values_bind_in_one_call, setup, teardown),
		cmocka_unit_test_setup_teardown(writer_groups_and_isolates_failures, setup,
						teardown),
		cmocka_unit_test_setup_teardown(tx_rolls_back_on_failure, setup, teardown),
		cmocka_unit_test(match_query_is_safe),
		cmocka_unit_test(display_name_hides_password),
		cmocka_unit_test_setup_teardown(engine_errors_are_one_quoted_log_line, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
