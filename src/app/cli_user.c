/*
 * cli_user.c — `motcua user add|passwd` and `motcua token add`.
 */
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/cli.h"
#include "app/cli_common.h"
#include "app/staff.h"

static void usage_user(FILE *f)
{
	fputs("usage: motcua user add --db PATH --username NAME --role ROLE [--role ROLE…]\n"
	      "                       [--full-name TEXT] [--title TEXT] [--email ADDR] [--unit "
	      "CODE]\n"
	      "       motcua user passwd --db PATH --username NAME\n"
	      "\n"
	      "The password is read from standard input (one line, at least 10 characters).\n"
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
	return staff_create(db, "cli", &j->in, &j->id, &j->p, "cli");
}

struct pw_job {
	const char *username;
	char hash[AUTH_PWHASH_MAX];
	struct problem p;
};

static int pw_fn(struct db *db, void *arg)
{
	struct pw_job *j = arg;
	return staff_set_password(db, "cli", j->username, j->hash, &j->p, "cli");
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
	char token[AUTH_TOKEN_LEN + 1];
	struct problem p;
};

static int token_fn(struct db *db, void *arg)
{
	struct token_job *j = arg;
	return staff_add_token(db, "cli", j->username, j->token, j->label, &j->p, "cli");
}

int cli_token(int argc, char **argv)
{
	static const char usage[] =
		"usage: motcua token add --db PATH --username NAME [--label TEXT]\n"
		"\n"
		"Prints a new personal API token once, alone on one line. Only its hash is\n"
		"stored. Use it as 'Authorization: Bearer TOKEN'.\n";
	if (argc < 2 || cli_is_help(argv[1])) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "add") != 0) {
		fprintf(stderr, "motcua token: unknown subcommand '%s'\n%s", argv[1], usage);
		return 2;
	}
	static const struct option opts[] = {{"db", required_argument, 0, 'd'},
					     {"username", required_argument, 0, 'u'},
					     {"label", required_argument, 0, 'l'},
					     {"help", no_argument, 0, 'h'},
					     {0, 0, 0, 0}};
	struct token_job j;
	memset(&j, 0, sizeof j);
	const char *db_path = DEFAULT_DB;
	int c;
	optind = 0;
	while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_path = optarg; break;
		case 'u': j.username = optarg; break;
		case 'l': j.label = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (!j.username || optind < argc - 1) {
		fputs(usage, stderr);
		return 2;
	}
	if (auth_init() != 0)
		return 1;
	struct db *db = cli_open_db(db_path, 0);
	if (!db)
		return 1;
	auth_token_new(j.token);
	int rc = db_tx(db, token_fn, &j);
	db_close(db);
	if (rc != 0) {
		fprintf(stderr, "motcua token: %s\n", j.p.code ? j.p.en : "database error");
		return 1;
	}
	printf("%s\n", j.token);
	return 0;
}
