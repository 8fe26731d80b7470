/*
 * cli_apikey.c — `motcua apikey add|list|revoke`: the Open311 API keys
 * (D37) of civic-issue clients, as the administrators' page issues them.
 * `add` prints the new key once on stdout (only its hash is stored);
 * `list` prints the keys without them; `revoke --id N` ends one. Each
 * change is audited with the actor "cli".
 */
#include <stdio.h>
#include <string.h>

#include "app/cli/cli.h"
#include "app/cli/cli_common.h"
#include "app/open311/open311.h"
#include "auth/auth.h"

static const char usage[] =
	"usage: motcua apikey add --db PATH --name CLIENT\n"
	"       motcua apikey list --db PATH\n"
	"       motcua apikey revoke --db PATH --id N\n"
	"\n"
	"Open311 API keys for civic-issue clients (POST /open311/v2/requests).\n"
	"add prints the key once; keep it: only its hash is stored.\n";

struct job {
	const char *name;
	long long id;
	int revoke;
	char key[OPEN311_KEY_CHARS + 1];
	struct problem p;
};

static int add_fn(struct db *db, void *arg)
{
	struct job *j = arg;
	json_t *out = NULL;
	int rc = j->revoke
			 ? open311_key_revoke(db, &cli_actor, cli_now(), j->id, &j->p, &out)
			 : open311_key_add(db, &cli_actor, cli_now(), j->name, j->key, &j->p, &out);
	json_decref(out);
	return rc;
}

int cli_apikey(int argc, char **argv)
{
	if (argc < 2 || cli_is_help(argv[1])) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	const char *sub = argv[1];
	int add = strcmp(sub, "add") == 0, list = strcmp(sub, "list") == 0,
	    revoke = strcmp(sub, "revoke") == 0;
	if (!add && !list && !revoke) {
		fprintf(stderr, "motcua apikey: unknown subcommand '%s'\n%s", sub, usage);
		return 2;
	}
	struct job j;
	memset(&j, 0, sizeof j);
	const char *db_path = DEFAULT_DB;
	struct cli_opt opts[] = {
		CLI_VALUE("db", &db_path), CLI_VALUE("name", &j.name),
		CLI_NUMBER("id", &j.id, 1, 999999999999999LL,
			   "motcua apikey: --id takes a key id (see apikey list)\n"),
		CLI_END};
	int first, rc = cli_parse(argc - 1, argv + 1, opts, usage, &first);
	if (rc)
		return cli_status(rc);
	if (first < argc - 1 || (add && (!j.name || !*j.name || j.id)) ||
	    (revoke && (!j.id || j.name)) || (list && (j.id || j.name))) {
		fputs(usage, stderr);
		return 2;
	}
	if (auth_init() != 0)
		return 1;
	struct db *db = cli_open_db(db_path, 0);
	if (!db)
		return 1;
	if (list) {
		json_t *out;
		struct problem p = {0};
		rc = open311_key_list(db, &p, &out);
		db_close(db);
		return rc ? 1 : cli_print_json(out, "motcua apikey");
	}
	j.revoke = revoke;
	rc = db_tx(db, add_fn, &j);
	db_close(db);
	if (rc != 0) {
		fprintf(stderr, "motcua apikey: %s\n", j.p.code ? j.p.en : "database error");
		return 1;
	}
	if (add)
		printf("%s\n", j.key);
	return 0;
}
