/*
 * cli_audit.c — `motcua audit`: the audit trail, newest last.
 *
 * The audit holds who (a staff username, "cli", "demo" or "system") did
 * what to which record, and the changed fields; never a citizen's personal
 * data (dossiers are named by their public code). Reads only (the query:
 * cli_store.c).
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli/cli.h"
#include "app/cli/cli_common.h"
#include "app/cli/cli_store.h"

#define AUDIT_LIMIT_DEFAULT 100
#define AUDIT_LIMIT_MAX 100000

int cli_audit(int argc, char **argv)
{
	static const char usage[] =
		"usage: motcua audit [--db PATH] [--entity E] [--id ID] [--action A] [--limit N]\n"
		"\n"
		"Prints the audit trail, newest last, as one JSON document:\n"
		"  {\"entries\":[{\"id\",\"at\",\"actor\",\"action\",\"entity\",\"entity_id\",\n"
		"                \"before\",\"after\",\"request_id\"}],\"more\":bool}\n"
		"Filters: --entity (dossier, staff, procedure, field, calendar, agency), --id\n"
		"(a dossier code, a username, a date…), --action (dossier.receive,\n"
		"calendar.day_set, …). --limit: the newest N entries (default 100); \"more\"\n"
		"says older ones were left out. The audit holds no personal data of citizens.\n"
		"Reads only; safe while the server runs. --db defaults to " DEFAULT_DB ".\n";
	static const struct option opts[] = {{"db", required_argument, 0, 'd'},
					     {"entity", required_argument, 0, 'e'},
					     {"id", required_argument, 0, 'i'},
					     {"action", required_argument, 0, 'a'},
					     {"limit", required_argument, 0, 'l'},
					     {"help", no_argument, 0, 'h'},
					     {0, 0, 0, 0}};
	const char *path = DEFAULT_DB, *entity = NULL, *id = NULL, *action = NULL;
	long limit = AUDIT_LIMIT_DEFAULT;
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': path = optarg; break;
		case 'e': entity = optarg; break;
		case 'i': id = optarg; break;
		case 'a': action = optarg; break;
		case 'l': {
			char *end = NULL;
			limit = strtol(optarg, &end, 10);
			if (!*optarg || *end || limit < 1 || limit > AUDIT_LIMIT_MAX) {
				fputs("motcua audit: --limit must be 1..100000\n", stderr);
				return 2;
			}
			break;
		}
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (optind < argc) {
		fputs(usage, stderr);
		return 2;
	}
	char err[512];
	struct db *db = NULL;
	if (db_open(path, DB_OPEN_READONLY, &db, err, sizeof err) != 0) {
		fprintf(stderr, "motcua audit: %s\n", err);
		return 1;
	}
	if (db_schema_version(db) <= 0) {
		fprintf(stderr, "motcua audit: %s is not a motcua database\n", path);
		db_close(db);
		return 1;
	}
	int more;
	json_t *entries = cli_db_audit(db, entity, id, action, limit, &more);
	db_close(db);
	if (!entries) {
		fputs("motcua audit: the audit cannot be read\n", stderr);
		return 1;
	}
	json_t *oldest_first = json_array(); /* read newest first: turn it round */
	for (size_t k = json_array_size(entries); k-- > 0;)
		json_array_append(oldest_first, json_array_get(entries, k));
	json_decref(entries);
	json_t *out = json_pack("{s:o,s:b}", "entries", oldest_first, "more", more);
	int rc = out ? json_dumpf(out, stdout, JSON_COMPACT) : -1;
	json_decref(out);
	if (rc != 0 || fputc('\n', stdout) == EOF || fflush(stdout) != 0) {
		fputs("motcua audit: cannot write the output\n", stderr);
		return 1;
	}
	return 0;
}
