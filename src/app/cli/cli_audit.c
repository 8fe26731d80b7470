/*
 * cli_audit.c — `motcua audit`: the audit trail, newest last.
 *
 * The audit holds who (a staff username, "cli", "demo" or "system") did
 * what to which record, and the changed fields; never a citizen's personal
 * data (dossiers are named by their public code). Reads only (the query:
 * cli_store.c).
 */
#include <jansson.h>
#include <stdio.h>

#include "app/cli/cli.h"
#include "app/cli/cli_common.h"
#include "app/cli/cli_store.h"

#define AUDIT_LIMIT_DEFAULT 100
#define AUDIT_LIMIT_MAX 100000

static const char audit_usage[] =
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

int cli_audit(int argc, char **argv)
{
	const char *path = DEFAULT_DB, *entity = NULL, *id = NULL, *action = NULL;
	long long limit = AUDIT_LIMIT_DEFAULT;
	struct cli_opt opts[] = {CLI_VALUE("db", &path),
				 CLI_VALUE("entity", &entity),
				 CLI_VALUE("id", &id),
				 CLI_VALUE("action", &action),
				 CLI_NUMBER("limit", &limit, 1, AUDIT_LIMIT_MAX,
					    "motcua audit: --limit must be 1..100000\n"),
				 CLI_END};
	int rc = cli_parse(argc, argv, opts, audit_usage, NULL);
	if (rc)
		return cli_status(rc);
	struct db *db = cli_open_read(path, "motcua audit", 1);
	if (!db)
		return 1;
	int more;
	json_t *entries = cli_db_audit(db, entity, id, action, limit, &more);
	db_close(db);
	if (!entries) {
		fputs("motcua audit: the audit cannot be read\n", stderr);
		return 1;
	}
	return cli_print_json(
		json_pack("{s:o,s:b}", "entries", cli_reversed(entries), "more", more),
		"motcua audit");
}
