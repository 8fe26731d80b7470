/*
 * cli_db.c — `motcua migrate`, `motcua demo` and `motcua backup`.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app/cli/cli.h"
#include "app/cli/cli_common.h"
#include "app/cli/demo.h"
#include "auth/auth.h"
#include "core/log.h"

static const char migrate_usage[] =
	"usage: motcua migrate --db PATH\n"
	"\n"
	"Creates the database if needed and applies every pending migration, each in\n"
	"its own transaction. Migrations only go forward.\n";

static const char demo_usage[] =
	"usage: motcua demo --db PATH [--no-floor]\n"
	"\n"
	"Creates and migrates the database if needed and loads the demo centre\n"
	"(Trung tâm Phục vụ hành chính công phường Hội An and the other Hội An\n"
	"communes): agencies, staff, the catalogue, and the home centre's counter\n"
	"floor (service groups, counters) and reception days for the coming weeks.\n"
	"--no-floor leaves the floor and the reception days out (the test suites\n"
	"set up their own). Refuses a database that already holds data. Prints the\n"
	"demo accounts.\n";

/* migrate and demo: `--db PATH` (required); the database created if need be
 * and migrated; then the migrations applied are told, or the demo loaded
 * (its migrations not logged). */
static int new_db(int argc, char **argv, int demo)
{
	const char *path = NULL, *usage = demo ? demo_usage : migrate_usage;
	int no_floor = 0;
	struct cli_opt demo_opts[] = {CLI_VALUE("db", &path), CLI_FLAG("no-floor", &no_floor),
				      CLI_END};
	struct cli_opt db_opts[] = {CLI_VALUE("db", &path), CLI_END};
	struct cli_opt *opts = demo ? demo_opts : db_opts;
	int rc = cli_parse(argc, argv, opts, usage, NULL);
	if (rc == 0 && !path) {
		fputs(usage, stderr);
		rc = 2;
	}
	if (rc)
		return cli_status(rc);
	if (demo && auth_init() != 0)
		return 1;
	char err[512];
	struct db *db = NULL;
	log_enable(!demo);
	int opened = db_open(path, DB_OPEN_CREATE, &db, err, sizeof err) == 0;
	int n = opened ? db_migrate(db, err, sizeof err) : -1;
	log_enable(1);
	if (n < 0) {
		fprintf(stderr, "motcua: %s\n", err);
		if (opened)
			db_close(db);
		return 1;
	}
	if (demo)
		rc = demo_load(db, stdout, !no_floor);
	else {
		char shown[512];
		printf("%s: schema version %d (%d migration%s applied)\n",
		       db_display_name(path, shown, sizeof shown), db_schema_version(db), n,
		       n == 1 ? "" : "s");
	}
	db_close(db);
	return rc;
}

int cli_migrate(int argc, char **argv)
{
	return new_db(argc, argv, 0);
}

int cli_demo(int argc, char **argv)
{
	return new_db(argc, argv, 1);
}

static const char backup_usage[] =
	"usage: motcua backup --db PATH --to FILE\n"
	"\n"
	"Writes a consistent copy of the whole database to FILE (which must not exist),\n"
	"also while the server is running. Restore by stopping the server and putting\n"
	"the copy in place of the database file.\n";

int cli_backup(int argc, char **argv)
{
	const char *path = DEFAULT_DB, *to = NULL;
	struct cli_opt opts[] = {CLI_VALUE("db", &path), CLI_VALUE("to", &to), CLI_END};
	int rc = cli_parse(argc, argv, opts, backup_usage, NULL);
	if (rc)
		return cli_status(rc);
	if (!to) {
		fputs(backup_usage, stderr);
		return 2;
	}
	if (access(to, F_OK) == 0) {
		fprintf(stderr, "motcua backup: %s already exists\n", to);
		return 1;
	}
	struct db *db = cli_open_read(path, "motcua", 0);
	if (!db)
		return 1;
	rc = db_backup(db, to);
	if (rc != 0)
		fprintf(stderr, "motcua backup: %s\n", db_errmsg(db));
	db_close(db);
	if (rc == 0)
		printf("backup written to %s\n", to);
	return rc == 0 ? 0 : 1;
}
