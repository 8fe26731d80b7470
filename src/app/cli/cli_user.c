/*
 * cli_user.c — `motcua user add|passwd` and `motcua token add|list|revoke`.
 *
 * `user passwd` is the operator's password reset: it ends the account's
 * sessions and revokes its API tokens. Tokens last `--days N` (default 90,
 * at most 365); `token list` shows them without the secret or its hash.
 * A running server sees a change made here within 2 s (its identity cache).
 */
#include <errno.h>
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/cli/cli.h"
#include "app/cli/cli_common.h"
#include "app/accounts/accounts.h"

static void usage_user(FILE *f)
{
	fputs("usage: motcua user add --db PATH --username NAME --role ROLE [--role ROLE…]\n"
	      "                       [--full-name TEXT] [--title TEXT] [--email ADDR] [--unit "
	      "CODE]\n"
	      "       motcua user passwd --db PATH --username NAME\n"
	      "\n"
	      "The password is read from standard input (one line, at least 10 characters).\n"
	      "passwd ends the account's sessions and revokes its API tokens.\n"
	      "Roles: admin, reception, specialist, head, leader (a user may hold several).\n",
	      f);
}

struct add_job {
	struct staff_input in;
	struct problem p;
	long long id;
};

static int add_fn(struct db *db, void *arg)
{
	struct add_job *j = arg;
	return staff_create(db, &cli_actor, cli_now(), &j->in, &j->id, &j->p);
}

struct pw_job {
	const char *username;
	char hash[AUTH_PWHASH_MAX];
	struct problem p;
};

static int pw_fn(struct db *db, void *arg)
{
	struct pw_job *j = arg;
	return staff_set_password(db, &cli_actor, cli_now(), j->username, j->hash, &j->p);
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

int cli_user(int argc, char **argv)
{
	if (argc < 2 || cli_is_help(argv[1])) {
		usage_user(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	const char *sub = argv[1];
	if (strcmp(sub, "add") != 0 && strcmp(sub, "passwd") != 0) {
		fprintf(stderr, "motcua user: unknown subcommand '%s'\n", sub);
		usage_user(stderr);
		return 2;
	}
	static const struct option opts[] = {{"db", required_argument, 0, 'd'},
					     {"username", required_argument, 0, 'u'},
					     {"role", required_argument, 0, 'r'},
					     {"full-name", required_argument, 0, 'f'},
					     {"title", required_argument, 0, 't'},
					     {"email", required_argument, 0, 'e'},
					     {"unit", required_argument, 0, 'n'},
					     {"help", no_argument, 0, 'h'},
					     {0, 0, 0, 0}};
	struct add_job j;
	memset(&j, 0, sizeof j);
	const char *db_path = DEFAULT_DB;
	int c;
	optind = 0;
	while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_path = optarg; break;
		case 'u': j.in.username = optarg; break;
		case 'f': j.in.full_name = optarg; break;
		case 't': j.in.title = optarg; break;
		case 'e': j.in.email = optarg; break;
		case 'n': j.in.unit = optarg; break;
		case 'r': {
			unsigned r = role_parse(optarg);
			if (!r) {
				fprintf(stderr, "motcua user: unknown role '%s'\n", optarg);
				return 2;
			}
			j.in.roles |= r;
			break;
		}
		case 'h': usage_user(stdout); return 0;
		default: usage_user(stderr); return 2;
		}
	}
	if (optind < argc - 1) {
		fprintf(stderr, "motcua user: unexpected argument '%s'\n", argv[optind + 1]);
		return 2;
	}
	if (!j.in.username) {
		fputs("motcua user: --username is required\n", stderr);
		return 2;
	}
	if (strcmp(sub, "add") == 0 && !j.in.roles) {
		fputs("motcua user: at least one --role is required\n", stderr);
		return 2;
	}
	if (strcmp(sub, "add") == 0 && staff_check_username(j.in.username, &j.p) != 0) {
		fprintf(stderr, "motcua user: %s\n", j.p.en);
		return 2;
	}
	if (auth_init() != 0)
		return 1;
	struct db *db = cli_open_db(db_path, 0);
	if (!db)
		return 1;
	int rc;
	if (strcmp(sub, "add") == 0) {
		if (read_new_password(j.in.password_hash) != 0) {
			db_close(db);
			return 1;
		}
		rc = db_tx(db, add_fn, &j);
		if (rc == 0)
			printf("created user %s (id %lld)\n", j.in.username, j.id);
		else
			fprintf(stderr, "motcua user: %s\n", j.p.code ? j.p.en : "database error");
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
	return staff_add_token(db, &cli_actor, cli_now(), j->username, j->token, j->label, j->days,
			       NULL, NULL, &j->p);
}

static int revoke_fn(struct db *db, void *arg)
{
	struct token_job *j = arg;
	return staff_revoke_tokens(db, &cli_actor, cli_now(), j->username, j->id, &j->count, &j->p);
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

/* A whole positive decimal number no larger than max; -1 otherwise. */
static long long parse_count(const char *s, long long max)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < 1 || v > max)
		return -1;
	return v;
}

int cli_token(int argc, char **argv)
{
	static const char usage[] =
		"usage: motcua token add --db PATH --username NAME [--label TEXT] [--days N]\n"
		"       motcua token list --db PATH --username NAME\n"
		"       motcua token revoke --db PATH --username NAME (--id N | --all)\n"
		"\n"
		"add prints a new personal API token once, alone on one line; only its hash\n"
		"is stored. Use it as 'Authorization: Bearer TOKEN'. It ends after N days\n"
		"(default 90, at most 365). list shows id, state, created, expires, last use\n"
		"and label — never the token. revoke ends one token (--id) or all (--all).\n";
	if (argc < 2 || cli_is_help(argv[1])) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	const char *sub = argv[1];
	int add = strcmp(sub, "add") == 0, list = strcmp(sub, "list") == 0,
	    revoke = strcmp(sub, "revoke") == 0;
	if (!add && !list && !revoke) {
		fprintf(stderr, "motcua token: unknown subcommand '%s'\n%s", sub, usage);
		return 2;
	}
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'},    {"username", required_argument, 0, 'u'},
		{"label", required_argument, 0, 'l'}, {"days", required_argument, 0, 'n'},
		{"id", required_argument, 0, 'i'},    {"all", no_argument, 0, 'a'},
		{"help", no_argument, 0, 'h'},        {0, 0, 0, 0}};
	struct token_job j;
	memset(&j, 0, sizeof j);
	j.days = TOKEN_DAYS_DEFAULT;
	const char *db_path = DEFAULT_DB;
	int c, all = 0, bad = 0;
	optind = 0;
	while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_path = optarg; break;
		case 'u': j.username = optarg; break;
		case 'l':
			j.label = optarg;
			bad |= !add;
			break;
		case 'n': {
			long long d = parse_count(optarg, TOKEN_DAYS_MAX);
			if (d < 0) {
				fprintf(stderr, "motcua token: --days takes 1 to %d\n",
					TOKEN_DAYS_MAX);
				return 2;
			}
			j.days = (int)d;
			bad |= !add;
			break;
		}
		case 'i':
			if ((j.id = parse_count(optarg, 999999999999999LL)) < 0) {
				fputs("motcua token: --id takes a token id (see token list)\n",
				      stderr);
				return 2;
			}
			bad |= !revoke;
			break;
		case 'a':
			all = 1;
			bad |= !revoke;
			break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (revoke && (j.id != 0) == all) {
		fputs("motcua token revoke: give exactly one of --id N or --all\n", stderr);
		return 2;
	}
	if (!j.username || optind < argc - 1 || bad) {
		fputs(usage, stderr);
		return 2;
	}
	if (auth_init() != 0)
		return 1;
	struct db *db = cli_open_db(db_path, 0);
	if (!db)
		return 1;
	int rc;
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
