/*
 * cli_db.c — `motcua migrate` and `motcua demo`.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app/cli/cli.h"
#include "app/cli/cli_common.h"
#include "app/cli/demo.h"
#include "auth/auth.h"
#include "core/log.h"

/* Parses `--db PATH` (and --help); returns 0, or the exit status to use. */
static int db_opt(int argc, char **argv, const char *usage, const char **db_path, int required)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
	int c, seen = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			*db_path = optarg;
			seen = 1;
			break;
		case 'h': fputs(usage, stdout); return -1;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (optind < argc || (required && !seen)) {
		fputs(usage, stderr);
		return 2;
	}
	return 0;
}

int cli_migrate(int argc, char **argv)
{
	static const char usage[] =
		"usage: motcua migrate --db PATH\n"
		"\n"
		"Creates the database if needed and applies every pending migration, each in\n"
		"its own transaction. Migrations only go forward.\n";
	const char *path = NULL;
	int rc = db_opt(argc, argv, usage, &path, 1);
	if (rc)
		return rc < 0 ? 0 : rc;
	char err[512];
	struct db *db = NULL;
	if (db_open(path, DB_OPEN_CREATE, &db, err, sizeof err) != 0) {
		fprintf(stderr, "motcua: %s\n", err);
		return 1;
	}
	int n = db_migrate(db, err, sizeof err);
	int v = db_schema_version(db);
	db_close(db);
	if (n < 0) {
		fprintf(stderr, "motcua: %s\n", err);
		return 1;
	}
	printf("%s: schema version %d (%d migration%s applied)\n", path, v, n, n == 1 ? "" : "s");
	return 0;
}

int cli_demo(int argc, char **argv)
{
	static const char usage[] =
		"usage: motcua demo --db PATH\n"
		"\n"
		"Creates and migrates the database if needed and loads the demo centre\n"
		"(Trung tâm Phục vụ hành chính công phường Hội An). Refuses a database that\n"
		"already holds data. Prints the demo accounts.\n";
	const char *path = NULL;
	int rc = db_opt(argc, argv, usage, &path, 1);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (auth_init() != 0)
		return 1;
	log_enable(0);
	struct db *db = cli_open_db(path, 1);
	log_enable(1);
	if (!db)
		return 1;
	rc = demo_load(db, stdout);
	db_close(db);
	return rc;
}

int cli_backup(int argc, char **argv)
{
	static const char usage[] =
		"usage: motcua backup --db PATH --to FILE\n"
		"\n"
		"Writes a consistent copy of the whole database to FILE (which must not exist),\n"
		"also while the server is running. Restore by stopping the server and putting\n"
		"the copy in place of the database file.\n";
	static const struct option opts[] = {{"db", required_argument, 0, 'd'},
					     {"to", required_argument, 0, 't'},
					     {"help", no_argument, 0, 'h'},
					     {0, 0, 0, 0}};
	const char *path = DEFAULT_DB, *to = NULL;
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': path = optarg; break;
		case 't': to = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (!to || optind < argc) {
		fputs(usage, stderr);
		return 2;
	}
	if (access(to, F_OK) == 0) {
		fprintf(stderr, "motcua backup: %s already exists\n", to);
		return 1;
	}
	char err[512];
	struct db *db = NULL;
	if (db_open(path, DB_OPEN_READONLY, &db, err, sizeof err) != 0) {
		fprintf(stderr, "motcua: %s\n", err);
		return 1;
	}
	int rc = db_backup(db, to);
	if (rc != 0)
		fprintf(stderr, "motcua backup: %s\n", db_errmsg(db));
	db_close(db);
	if (rc == 0)
		printf("backup written to %s\n", to);
	return rc == 0 ? 0 : 1;
}
