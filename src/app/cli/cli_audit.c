/*
 * cli_audit.c — `motcua audit`: the audit trail, newest last.
 *
 * The audit holds who (a staff username, "cli", "demo" or "system") did
 * what to which record, and the changed fields; never a citizen's personal
 * data (dossiers are named by their public code). Reads only.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli/cli.h"
#include "app/cli/cli_common.h"
#include "core/vntime.h"

#define AUDIT_LIMIT_DEFAULT 100
#define AUDIT_LIMIT_MAX 100000

/* ==== SQL of `motcua audit` (plain SQL: SQLite and PostgreSQL) ==========
 * A NULL filter matches every row. Newest first here; printed newest last.
 * A later step moves it to the platform's audit store. */
static const char sql_audit[] =
	"SELECT id, at, actor, action, entity, entity_id, before, after, request_id FROM audit"
	" WHERE (CAST($1 AS TEXT) IS NULL OR entity = $1)"
	" AND (CAST($2 AS TEXT) IS NULL OR entity_id = $2)"
	" AND (CAST($3 AS TEXT) IS NULL OR action = $3)"
	" ORDER BY id DESC LIMIT $4";
/* ==== end of the SQL ==================================================== */

/* A stored JSON document back as JSON (as text if it is not JSON). */
static json_t *stored_json(struct db_stmt *st, int col)
{
	if (db_col_null(st, col))
		return json_null();
	const char *s = db_col_text(st, col);
	json_t *v = json_loads(s, JSON_DECODE_ANY, NULL);
	return v ? v : json_string(s);
}

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
	json_t *entries = json_array();
	struct db_stmt *st = db_prep(db, sql_audit);
	db_bind_text(st, 1, entity);
	db_bind_text(st, 2, id);
	db_bind_text(st, 3, action);
	db_bind_int(st, 4, (int64_t)limit + 1);
	int rc, more = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if ((long)json_array_size(entries) == limit) {
			more = 1;
			continue;
		}
		char at[40];
		vn_format_iso(db_col_int(st, 1), at, sizeof at);
		json_array_append_new(entries,
				      json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:s}", "id",
						(json_int_t)db_col_int(st, 0), "at", at, "actor",
						db_col_text(st, 2), "action", db_col_text(st, 3),
						"entity", db_col_text(st, 4), "entity_id",
						db_col_text(st, 5), "before", stored_json(st, 6),
						"after", stored_json(st, 7), "request_id",
						db_col_text(st, 8)));
	}
	db_done(st);
	db_close(db);
	if (rc != DB_DONE) {
		json_decref(entries);
		fputs("motcua audit: the audit cannot be read\n", stderr);
		return 1;
	}
	json_t *oldest_first = json_array(); /* read newest first: turn it round */
	for (size_t k = json_array_size(entries); k-- > 0;)
		json_array_append(oldest_first, json_array_get(entries, k));
	json_decref(entries);
	json_t *out = json_pack("{s:o,s:b}", "entries", oldest_first, "more", more);
	rc = out ? json_dumpf(out, stdout, JSON_COMPACT) : -1;
	json_decref(out);
	if (rc != 0 || fputc('\n', stdout) == EOF || fflush(stdout) != 0) {
		fputs("motcua audit: cannot write the output\n", stderr);
		return 1;
	}
	return 0;
}
