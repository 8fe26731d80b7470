/*
 * cli_user.c — `motcua user add|passwd` and `motcua token add|list|revoke`.
 *
 * `user passwd` is the operator's password reset: it ends the account's
 * sessions and revokes its API tokens; `user deactivate` does the same and
 * closes the account (`user activate` opens it again). Tokens last
 * `--days N` (default 90, at most 365); `token list` shows them without the
 * secret or its hash. Every change is announced in its transaction
 * (db_notify, DB_CHANNEL_TOKENS, D26): servers on PostgreSQL drop their
 * cached identities as soon as it commits, not at their 2 s expiry; a server
 * on SQLite sees it within 2 s.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/cli/cli.h"
#include "app/cli/cli_common.h"
#include "app/accounts/accounts.h"

static const char usage_user[] =
	"usage: motcua user add --db PATH --username NAME --role ROLE [--role ROLE…]\n"
	"                       [--full-name TEXT] [--title TEXT] [--email ADDR] [--unit "
	"CODE]\n"
	"       motcua user passwd --db PATH --username NAME\n"
	"       motcua user deactivate|activate --db PATH --username NAME\n"
	"\n"
	"The password is read from standard input (one line, at least 10 characters).\n"
	"passwd ends the account's sessions and revokes its API tokens; deactivate\n"
	"does the same and closes the account until activate. Running servers on\n"
	"PostgreSQL see every change at once.\n"
	"Roles: admin, reception, specialist, head, leader, province (a user may hold\n"
	"several).\n";

/* At most this many --role (there are five roles). */
#define ROLE_ARGS_MAX 16

struct add_job {
	struct staff_input in;
	struct problem p;
	long long id;
};

/* A change of accounts or tokens, done: the servers on PostgreSQL drop
 * their cached identities once it commits (nothing on SQLite). */
static int announce(struct db *db, int rc)
{
	if (rc == 0 && db_notify(db, DB_CHANNEL_TOKENS) != DB_OK)
		return -1;
	return rc;
}

static int add_fn(struct db *db, void *arg)
{
	struct add_job *j = arg;
	return announce(db, staff_create(db, &cli_actor, cli_now(), &j->in, &j->id, &j->p));
}

struct active_job {
	struct staff_change ch;
	struct problem p;
};

static int active_fn(struct db *db, void *arg)
{
	struct active_job *j = arg;
	json_t *out = NULL;
	int rc = staff_patch(db, &cli_actor, cli_now(), &j->ch, &out, &j->p);
	json_decref(out);
	return announce(db, rc);
}

struct pw_job {
	const char *username;
	char hash[AUTH_PWHASH_MAX];
	struct problem p;
};

static int pw_fn(struct db *db, void *arg)
{
	struct pw_job *j = arg;
	return announce(db,
			staff_set_password(db, &cli_actor, cli_now(), j->username, j->hash, &j->p));
}

static int read_new_password(char hash[AUTH_PWHASH_MAX])
{
	char pw[AUTH_PASSWORD_MAX + 2];
	long n = cli_read_password("Password: ", pw, sizeof pw);
	if (n < 0) {
		fputs("motcua: no password on standard input\n", stderr);
		return 1;
	}
	const char *vi, *en;
	if (auth_password_acceptable(pw, (size_t)n, &vi, &en) != 0) {
		fprintf(stderr, "motcua: %s\n", en);
		sodium_memzero(pw, sizeof pw);
		return 1;
	}
	int rc = auth_password_hash(pw, (size_t)n, hash);
	sodium_memzero(pw, sizeof pw);
	if (rc != 0) {
		fputs("motcua: cannot hash the password (out of memory)\n", stderr);
		return 1;
	}
	return 0;
}

/* The store for an account's change: libsodium started, the database open
 * (NULL after a message on stderr). */
static struct db *open_accounts(const char *path)
{
	if (auth_init() != 0)
		return NULL;
	return cli_open_db(path, 0);
}

int cli_user(int argc, char **argv)
{
	if (argc < 2 || cli_is_help(argv[1])) {
		fputs(usage_user, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	const char *sub = argv[1];
	int add = strcmp(sub, "add") == 0, passwd = strcmp(sub, "passwd") == 0;
	int activate = strcmp(sub, "activate") == 0, deactivate = strcmp(sub, "deactivate") == 0;
	if (!add && !passwd && !activate && !deactivate) {
		fprintf(stderr, "motcua user: unknown subcommand '%s'\n", sub);
		fputs(usage_user, stderr);
		return 2;
	}
	struct add_job j;
	memset(&j, 0, sizeof j);
	const char *db_path = DEFAULT_DB, *roles[ROLE_ARGS_MAX];
	struct cli_list role_list = {roles, 0, ROLE_ARGS_MAX};
	struct cli_opt opts[] = {CLI_VALUE("db", &db_path),
				 CLI_VALUE("username", &j.in.username),
				 CLI_REPEAT("role", &role_list, NULL),
				 CLI_VALUE("full-name", &j.in.full_name),
				 CLI_VALUE("title", &j.in.title),
				 CLI_VALUE("email", &j.in.email),
				 CLI_VALUE("unit", &j.in.unit),
				 CLI_END};
	int first, rc = cli_parse(argc - 1, argv + 1, opts, usage_user, &first);
	if (rc)
		return cli_status(rc);
	for (int k = 0; k < role_list.n; k++) {
		unsigned r = role_parse(roles[k]);
		if (!r) {
			fprintf(stderr, "motcua user: unknown role '%s'\n", roles[k]);
			return 2;
		}
		j.in.roles |= r;
	}
	if (first < argc - 1) {
		fprintf(stderr, "motcua user: unexpected argument '%s'\n", argv[first + 1]);
		return 2;
	}
	if (!j.in.username) {
		fputs("motcua user: --username is required\n", stderr);
		return 2;
	}
	if (!add && (role_list.n || j.in.full_name || j.in.title || j.in.email || j.in.unit)) {
		fprintf(stderr, "motcua user %s: takes only --db and --username\n", sub);
		return 2;
	}
	if (add && !j.in.roles) {
		fputs("motcua user: at least one --role is required\n", stderr);
		return 2;
	}
	if (add && staff_check_username(j.in.username, &j.p) != 0) {
		fprintf(stderr, "motcua user: %s\n", j.p.en);
		return 2;
	}
	struct db *db = open_accounts(db_path);
	if (!db)
		return 1;
	if (add) {
		if (read_new_password(j.in.password_hash) != 0) {
			db_close(db);
			return 1;
		}
		rc = db_tx(db, add_fn, &j);
		if (rc == 0)
			printf("created user %s (id %lld)\n", j.in.username, j.id);
		else
			fprintf(stderr, "motcua user: %s\n", j.p.code ? j.p.en : "database error");
	} else if (activate || deactivate) {
		struct active_job aj;
		memset(&aj, 0, sizeof aj);
		aj.ch.username = j.in.username;
		aj.ch.active = activate;
		aj.ch.has_active = 1;
		rc = db_tx(db, active_fn, &aj);
		if (rc == 0)
			printf("%s %s\n", j.in.username, activate ? "activated" : "deactivated");
		else
			fprintf(stderr, "motcua user: %s\n",
				aj.p.code ? aj.p.en : "database error");
	} else {
		struct pw_job pj;
		memset(&pj, 0, sizeof pj);
		pj.username = j.in.username;
		if (read_new_password(pj.hash) != 0) {
			db_close(db);
			return 1;
		}
		rc = db_tx(db, pw_fn, &pj);
		if (rc == 0)
			printf("password changed for %s\n", pj.username);
		else
			fprintf(stderr, "motcua user: %s\n",
				pj.p.code ? pj.p.en : "database error");
	}
	db_close(db);
	return rc == 0 ? 0 : 1;
}

struct token_job {
	const char *username, *label;
	int days;
	long long id; /* revoke: the token id, 0 = --all */
	int count;
	char token[AUTH_TOKEN_LEN + 1];
	struct problem p;
};

static int token_fn(struct db *db, void *arg)
{
	struct token_job *j = arg;
	return announce(db, staff_add_token(db, &cli_actor, cli_now(), j->username, j->token,
					    j->label, j->days, NULL, NULL, &j->p));
}

static int revoke_fn(struct db *db, void *arg)
{
	struct token_job *j = arg;
	return announce(db, staff_revoke_tokens(db, &cli_actor, cli_now(), j->username, j->id,
						&j->count, &j->p));
}

/* "2026-03-02T09:00:00+07:00" → "2026-03-02 09:00" (local time of Vietnam). */
static const char *short_instant(json_t *v, char *out, size_t cap)
{
	const char *s = json_string_value(v);
	if (!s)
		return "-";
	snprintf(out, cap, "%.10s %.5s", s, strlen(s) >= 16 ? s + 11 : "");
	return out;
}

static int token_list(struct db *db, const char *username)
{
	json_t *items = staff_tokens_json(db, username, cli_now());
	if (!items) {
		fprintf(stderr, "motcua token: there is no account '%s'\n", username);
		return 1;
	}
	printf("%-6s %-8s %-16s %-16s %-16s %s\n", "id", "state", "created", "expires", "last used",
	       "label");
	size_t i;
	json_t *it;
	json_array_foreach (items, i, it) {
		char a[24], b[24], c[24];
		printf("%-6lld %-8s %-16s %-16s %-16s %s\n",
		       (long long)json_integer_value(json_object_get(it, "id")),
		       json_string_value(json_object_get(it, "state")),
		       short_instant(json_object_get(it, "created_at"), a, sizeof a),
		       short_instant(json_object_get(it, "expires_at"), b, sizeof b),
		       short_instant(json_object_get(it, "last_used_at"), c, sizeof c),
		       json_string_value(json_object_get(it, "label")));
	}
	json_decref(items);
	return 0;
}

static const char token_usage[] =
	"usage: motcua token add --db PATH --username NAME [--label TEXT] [--days N]\n"
	"       motcua token list --db PATH --username NAME\n"
	"       motcua token revoke --db PATH --username NAME (--id N | --all)\n"
	"\n"
	"add prints a new personal API token once, alone on one line; only its hash\n"
	"is stored. Use it as 'Authorization: Bearer TOKEN'. It ends after N days\n"
	"(default 90, at most 365). list shows id, state, created, expires, last use\n"
	"and label — never the token. revoke ends one token (--id) or all (--all).\n";

int cli_token(int argc, char **argv)
{
	if (argc < 2 || cli_is_help(argv[1])) {
		fputs(token_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	const char *sub = argv[1];
	int add = strcmp(sub, "add") == 0, list = strcmp(sub, "list") == 0,
	    revoke = strcmp(sub, "revoke") == 0;
	if (!add && !list && !revoke) {
		fprintf(stderr, "motcua token: unknown subcommand '%s'\n%s", sub, token_usage);
		return 2;
	}
	struct token_job j;
	memset(&j, 0, sizeof j);
	const char *db_path = DEFAULT_DB;
	long long days = TOKEN_DAYS_DEFAULT;
	int all = 0;
	struct cli_opt opts[] = {
		CLI_VALUE("db", &db_path),
		CLI_VALUE("username", &j.username),
		CLI_VALUE("label", &j.label),
		CLI_NUMBER("days", &days, 1, TOKEN_DAYS_MAX,
			   "motcua token: --days takes 1 to " CLI_STR(TOKEN_DAYS_MAX) "\n"),
		CLI_NUMBER("id", &j.id, 1, 999999999999999LL,
			   "motcua token: --id takes a token id (see token list)\n"),
		CLI_FLAG("all", &all),
		CLI_END};
	int first, rc = cli_parse(argc - 1, argv + 1, opts, token_usage, &first);
	if (rc)
		return cli_status(rc);
	j.days = (int)days;
	/* --label and --days belong to add, --id and --all to revoke */
	int bad = (!add && (cli_seen(opts, "label") || cli_seen(opts, "days"))) ||
		  (!revoke && (cli_seen(opts, "id") || all));
	if (revoke && (j.id != 0) == all) {
		fputs("motcua token revoke: give exactly one of --id N or --all\n", stderr);
		return 2;
	}
	if (!j.username || first < argc - 1 || bad) {
		fputs(token_usage, stderr);
		return 2;
	}
	struct db *db = open_accounts(db_path);
	if (!db)
		return 1;
	if (list) {
		rc = token_list(db, j.username);
		db_close(db);
		return rc;
	}
	if (add)
		auth_token_new(j.token);
	rc = db_tx(db, add ? token_fn : revoke_fn, &j);
	db_close(db);
	if (rc != 0) {
		fprintf(stderr, "motcua token: %s\n", j.p.code ? j.p.en : "database error");
		return 1;
	}
	if (add)
		printf("%s\n", j.token);
	else
		printf("revoked %d token%s of %s\n", j.count, j.count == 1 ? "" : "s", j.username);
	sodium_memzero(j.token, sizeof j.token);
	return 0;
}
