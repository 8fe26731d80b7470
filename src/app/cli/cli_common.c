/*
 * cli_common.c — the subcommands' option parser (on getopt_long), opening
 * the store, printing a JSON answer, reading secrets, the clock.
 */
#include "app/cli/cli_common.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* getopt_long answers an option's index in the table plus this, clear of
 * '?' and of the characters it answers otherwise. */
#define OPT_BASE 256

/* A bad value: the option's message, else the usage. */
static int bad_value(const struct cli_opt *o, const char *usage)
{
	fputs(o->bad ? o->bad : usage, stderr);
	return 2;
}

int cli_parse(int argc, char **argv, struct cli_opt *opts, const char *usage, int *first)
{
	struct option lo[CLI_OPTS_MAX + 2];
	int n = 0;
	for (; opts[n].name; n++) {
		if (n == CLI_OPTS_MAX) {
			fputs("motcua: too many options in one table (CLI_OPTS_MAX)\n", stderr);
			abort(); /* a programming error */
		}
		opts[n].seen = 0;
		lo[n] = (struct option){opts[n].name,
					opts[n].kind == CLI_KIND_FLAG ? no_argument
								      : required_argument,
					NULL, OPT_BASE + n};
	}
	lo[n] = (struct option){"help", no_argument, NULL, OPT_BASE + n};
	lo[n + 1] = (struct option){NULL, 0, NULL, 0};
	int c;
	optind = 0; /* getopt starts afresh (and reads POSIXLY_CORRECT again) */
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (c == OPT_BASE + n) {
			fputs(usage, stdout);
			return CLI_HELP;
		}
		if (c < OPT_BASE || c > OPT_BASE + n) { /* getopt said what is wrong */
			fputs(usage, stderr);
			return 2;
		}
		struct cli_opt *o = &opts[c - OPT_BASE];
		o->seen++;
		switch (o->kind) {
		case CLI_KIND_FLAG:
			if (o->ptr)
				*(int *)o->ptr = 1;
			break;
		case CLI_KIND_VALUE: *(const char **)o->ptr = optarg; break;
		case CLI_KIND_REPEAT: {
			struct cli_list *l = o->ptr;
			if (l->n >= l->cap)
				return bad_value(o, usage);
			l->v[l->n++] = optarg;
			break;
		}
		case CLI_KIND_NUMBER:
			if (cli_number(optarg, o->min, o->max, o->ptr) != 0)
				return bad_value(o, usage);
			break;
		}
	}
	if (first) {
		*first = optind;
	} else if (optind < argc) {
		fputs(usage, stderr);
		return 2;
	}
	return 0;
}

int cli_status(int rc)
{
	return rc == CLI_HELP ? 0 : rc;
}

int cli_seen(const struct cli_opt *opts, const char *name)
{
	for (; opts->name; opts++)
		if (strcmp(opts->name, name) == 0)
			return opts->seen;
	return 0;
}

int cli_number(const char *s, long long min, long long max, long long *out)
{
	char *end = NULL;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

struct db *cli_open_db(const char *path, int create)
{
	char err[512];
	struct db *db = NULL;
	if (db_open(path, create ? DB_OPEN_CREATE : 0, &db, err, sizeof err) != 0) {
		fprintf(stderr, "motcua: %s\n", err);
		return NULL;
	}
	if (db_migrate(db, err, sizeof err) < 0) {
		fprintf(stderr, "motcua: %s\n", err);
		db_close(db);
		return NULL;
	}
	return db;
}

struct db *cli_open_read(const char *path, const char *who, int motcua_only)
{
	char err[512];
	struct db *db = NULL;
	if (db_open(path, DB_OPEN_READONLY, &db, err, sizeof err) != 0) {
		fprintf(stderr, "%s: %s\n", who, err);
		return NULL;
	}
	if (motcua_only && db_schema_version(db) <= 0) {
		char shown[512];
		fprintf(stderr, "%s: %s is not a motcua database\n", who,
			db_display_name(path, shown, sizeof shown));
		db_close(db);
		return NULL;
	}
	return db;
}

int cli_print_json(json_t *doc, const char *who)
{
	if (!doc) {
		fprintf(stderr, "%s: out of memory\n", who);
		return 1;
	}
	int rc = json_dumpf(doc, stdout, JSON_COMPACT);
	json_decref(doc);
	if (rc != 0 || fputc('\n', stdout) == EOF || fflush(stdout) != 0) {
		fprintf(stderr, "%s: cannot write the output\n", who);
		return 1;
	}
	return 0;
}

json_t *cli_reversed(json_t *arr)
{
	json_t *out = arr ? json_array() : NULL;
	for (size_t k = json_array_size(arr); out && k-- > 0;)
		json_array_append(out, json_array_get(arr, k));
	json_decref(arr);
	return out;
}

long cli_read_password(const char *prompt, char *out, size_t cap)
{
	struct termios old, quiet;
	int tty = isatty(0);
	if (tty) {
		fputs(prompt, stderr);
		fflush(stderr);
		if (tcgetattr(0, &old) == 0) {
			quiet = old;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			tcsetattr(0, TCSAFLUSH, &quiet);
		} else {
			tty = 0;
		}
	}
	char *line = fgets(out, (int)cap, stdin);
	if (tty) {
		tcsetattr(0, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (!line)
		return -1;
	size_t n = strlen(out);
	if (n && out[n - 1] == '\n')
		out[--n] = '\0';
	else if (n == cap - 1)
		return -1; /* longer than the buffer */
	if (n && out[n - 1] == '\r')
		out[--n] = '\0';
	return (long)n;
}

int cli_is_help(const char *s)
{
	return s && (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0);
}

const struct actor cli_actor = {.name = "cli", .rid = "cli"};
const struct actor demo_actor = {.name = "demo", .rid = "demo"};

int64_t cli_now(void)
{
	const char *fake = getenv("MOTCUA_FAKE_NOW");
	if (fake && *fake) {
		char *end = NULL;
		long long v = strtoll(fake, &end, 10);
		if (end && !*end && v > 0)
			return (int64_t)v;
	}
	return (int64_t)time(NULL);
}
