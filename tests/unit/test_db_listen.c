/* test_db_listen.c — cross-server notifications (db.h: db_notify,
 * db_listen_start): on PostgreSQL a listener hears a notification sent in a
 * transaction only once it commits, never one rolled back, only the channels
 * it listens on, and after its connection is cut it comes back by itself and
 * says "reload everything" (NULL); on SQLite notifying is a harmless no-op
 * and there is no listener.
 *
 * The PostgreSQL tests need MOTCUA_TEST_PG (`make test-pg`); without it they
 * are skipped, saying so. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db/db.h"
#include "testdb.h"

static char url[512];
static char name[64];

/* what the listener was told, in order: 'T' tokens, 'C' calendar, '*' all */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static char heard[64];
static size_t nheard;

static void on_note(void *arg, const char *channel)
{
	(void)arg;
	pthread_mutex_lock(&mu);
	char c = !channel                                    ? '*'
		 : strcmp(channel, DB_CHANNEL_TOKENS) == 0   ? 'T'
		 : strcmp(channel, DB_CHANNEL_CALENDAR) == 0 ? 'C'
							     : '?';
	if (nheard < sizeof heard - 1)
		heard[nheard++] = c;
	heard[nheard] = '\0';
	pthread_mutex_unlock(&mu);
}

static void heard_reset(void)
{
	pthread_mutex_lock(&mu);
	nheard = 0;
	heard[0] = '\0';
	pthread_mutex_unlock(&mu);
}

/* Wait up to ms for `want` to have been heard; returns what was heard. */
static const char *wait_heard(const char *want, int ms)
{
	static char copy[64];
	for (int i = 0; i <= ms / 10; i++) {
		pthread_mutex_lock(&mu);
		memcpy(copy, heard, sizeof copy);
		pthread_mutex_unlock(&mu);
		if (strcmp(copy, want) == 0)
			break;
		usleep(10000);
	}
	return copy;
}

static int setup(void **state)
{
	(void)state;
	testdb_pg_create("motcua_listen", name, sizeof name, url, sizeof url);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	testdb_pg_drop(name);
	return 0;
}

static const char *const channels[] = {DB_CHANNEL_TOKENS, DB_CHANNEL_CALENDAR, NULL};

static struct db *open_db(const char *path)
{
	char err[256];
	struct db *db = NULL;
	if (db_open(path, DB_OPEN_CREATE, &db, err, sizeof err) != 0)
		fail_msg("open: %s", err);
	return db;
}

static void notifications_come_after_commit_never_after_rollback(void **state)
{
	(void)state;
	TESTDB_NEED_PG();
	heard_reset();
	struct db_listener *l = db_listen_start(url, channels, on_note, NULL);
	assert_non_null(l);
	/* connected: "reload everything" first */
	assert_string_equal(wait_heard("*", 5000), "*");
	struct db *db = open_db(url);

	/* rolled back: never heard */
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(db_notify(db, DB_CHANNEL_CALENDAR), DB_OK);
	assert_int_equal(db_rollback(db), DB_OK);
	/* inside a transaction: not before the commit */
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(db_notify(db, DB_CHANNEL_TOKENS), DB_OK);
	usleep(300000);
	assert_string_equal(wait_heard("*", 0), "*");
	assert_int_equal(db_commit(db), DB_OK);
	assert_string_equal(wait_heard("*T", 1000), "*T");
	/* outside a transaction: at once; a channel not listened to: never */
	assert_int_equal(db_notify(db, "motcua_other"), DB_OK);
	assert_int_equal(db_notify(db, DB_CHANNEL_CALENDAR), DB_OK);
	assert_string_equal(wait_heard("*TC", 1000), "*TC");
	db_close(db);
	db_listen_stop(l);
}

static void a_cut_listener_comes_back_and_says_reload(void **state)
{
	(void)state;
	TESTDB_NEED_PG();
	heard_reset();
	struct db_listener *l = db_listen_start(url, channels, on_note, NULL);
	assert_non_null(l);
	assert_string_equal(wait_heard("*", 5000), "*");
	/* the server ends the listener's connection (a restart, an operator) */
	char sql[256];
	snprintf(sql, sizeof sql,
		 "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
		 " WHERE application_name = '%s' AND datname = '%s'",
		 DB_LISTEN_APP_NAME, name);
	testdb_pg_admin(getenv("MOTCUA_TEST_PG"), sql);
	/* back within the retry (and a margin): told to reload everything */
	assert_string_equal(wait_heard("**", DB_LISTEN_RETRY_MS + 3000), "**");
	/* and listening again */
	struct db *db = open_db(url);
	assert_int_equal(db_notify(db, DB_CHANNEL_CALENDAR), DB_OK);
	assert_string_equal(wait_heard("**C", 1000), "**C");
	db_close(db);
	db_listen_stop(l);
}

static void sqlite_has_nothing_to_listen_to(void **state)
{
	(void)state;
	char path[] = "/tmp/motcua-listen-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	struct db *db = open_db(path);
	assert_null(db_listen_start(path, channels, on_note, NULL));
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(db_notify(db, DB_CHANNEL_CALENDAR), DB_OK);
	assert_int_equal(db_commit(db), DB_OK);
	db_listen_stop(NULL);
	db_close(db);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			notifications_come_after_commit_never_after_rollback, setup, teardown),
		cmocka_unit_test_setup_teardown(a_cut_listener_comes_back_and_says_reload, setup,
						teardown),
		cmocka_unit_test(sqlite_has_nothing_to_listen_to),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
