/*
 * cli_common.h — what the subcommands share: one option parser, opening the
 * store, printing the one JSON document a command answers with, reading a
 * password, the clock and who acts.
 *
 * The option parser. A command lists its options in a table and calls
 * cli_parse() once:
 *
 *	const char *path = DEFAULT_DB, *entity = NULL;
 *	long long limit = 100;
 *	struct cli_opt opts[] = {
 *		CLI_VALUE("db", &path),
 *		CLI_VALUE("entity", &entity),
 *		CLI_NUMBER("limit", &limit, 1, 100000, "motcua audit: --limit must be 1..100000\n"),
 *		CLI_END,
 *	};
 *	int rc = cli_parse(argc, argv, opts, usage, NULL);
 *	if (rc)
 *		return cli_status(rc);
 *
 * argv[0] is the command's own name (getopt's messages start with it). The
 * parsing is getopt_long's, with no short options: `--name VALUE` or
 * `--name=VALUE`, a value taken as it is even when it starts with "-"
 * (`--from --days` sets --from to "--days"), an unambiguous prefix of a name
 * accepted, options and operands in any order, `--` ends the options, a
 * later value replacing an earlier one. `--help` is always there.
 *
 * cli_parse returns
 *   0         parsed: every pointer set, every opt's `seen` counted;
 *   CLI_HELP  --help was given: the usage is on stdout (exit status 0);
 *   2         bad usage: an unknown option, a missing value, an operand
 *             where none is taken (getopt's message, then the usage on
 *             stderr), a CLI_NUMBER out of range or a CLI_REPEAT given too
 *             often (the opt's `bad` message on stderr, else the usage).
 * cli_status() turns the answer into the exit status.
 */
#ifndef MOTCUA_APP_CLI_COMMON_H
#define MOTCUA_APP_CLI_COMMON_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "app/platform/app.h"
#include "db/db.h"

#define DEFAULT_DB "var/motcua.db"

enum cli_kind {
	CLI_KIND_FLAG,   /* --name: *(int *)ptr = 1 */
	CLI_KIND_VALUE,  /* --name V: *(const char **)ptr = V */
	CLI_KIND_REPEAT, /* --name V, repeatable: appended to *(struct cli_list *)ptr */
	CLI_KIND_NUMBER, /* --name N: *(long long *)ptr = N, a whole number in min..max */
};

/* Where a CLI_REPEAT option collects its values, in the order given. */
struct cli_list {
	const char **v; /* the caller's array of cap entries */
	int n, cap;
};

struct cli_opt {
	const char *name; /* without the leading "--"; NULL ends the table */
	enum cli_kind kind;
	void *ptr;
	long long min, max; /* CLI_NUMBER's range */
	const char *bad;    /* stderr for a bad number or a CLI_REPEAT given too often */
	int seen;           /* set by cli_parse: how many times the option was given */
};

/* The table's rows. p must point to the type the kind sets (the compiler
 * checks it: a conditional between two pointer types that differ warns). */
#define CLI_PTR_(p, type) ((void *)(1 ? (p) : (type *)0))
#define CLI_FLAG(name, p)                                                                          \
	{                                                                                          \
		(name), CLI_KIND_FLAG, CLI_PTR_(p, int), 0, 0, NULL, 0                             \
	}
#define CLI_VALUE(name, p)                                                                         \
	{                                                                                          \
		(name), CLI_KIND_VALUE, CLI_PTR_(p, const char *), 0, 0, NULL, 0                   \
	}
#define CLI_REPEAT(name, list, bad)                                                                \
	{                                                                                          \
		(name), CLI_KIND_REPEAT, CLI_PTR_(list, struct cli_list), 0, 0, (bad), 0           \
	}
#define CLI_NUMBER(name, p, lo, hi, bad)                                                           \
	{                                                                                          \
		(name), CLI_KIND_NUMBER, CLI_PTR_(p, long long), (lo), (hi), (bad), 0              \
	}
#define CLI_END                                                                                    \
	{                                                                                          \
		NULL, CLI_KIND_FLAG, NULL, 0, 0, NULL, 0                                           \
	}

/* A macro's value as a string literal: "at most " CLI_STR(HTTP_MAX_TRUSTED) */
#define CLI_STR_(x) #x
#define CLI_STR(x) CLI_STR_(x)

/* --help was asked for (the usage is on stdout). */
#define CLI_HELP (-1)
/* At most this many options in one table (--help added). */
#define CLI_OPTS_MAX 31

/*
 * Parses argv[1..argc) against opts (see the top). With first NULL an
 * operand (an argument that is no option) is bad usage; otherwise *first
 * is the index of the first operand, the operands standing at
 * argv[*first..argc) (getopt moves them after the options).
 */
int cli_parse(int argc, char **argv, struct cli_opt *opts, const char *usage, int *first);
/* cli_parse's answer as an exit status: CLI_HELP is 0, the others as they are. */
int cli_status(int rc);
/* How many times the option called name was given (0 if it is not in opts). */
int cli_seen(const struct cli_opt *opts, const char *name);
/* A whole decimal number min..max (nothing else in s): 0 and *out, else -1. */
int cli_number(const char *s, long long min, long long max, long long *out);

/* Open (creating if asked) and migrate the database at path. Prints the
 * error ("motcua: …") and returns NULL on failure. */
struct db *cli_open_db(const char *path, int create);
/* Open the database at path read-only, as a reader beside a running server.
 * With motcua_only, a database that holds no motcua schema is refused. On
 * failure prints "<who>: …" and returns NULL. */
struct db *cli_open_read(const char *path, const char *who, int motcua_only);
/* Prints doc compactly on one line of stdout and frees it: 0, or 1 with
 * "<who>: out of memory" (doc NULL) or "<who>: cannot write the output". */
int cli_print_json(json_t *doc, const char *who);
/* The array the other way round (the stores read newest first, the
 * commands print newest last); frees arr. */
json_t *cli_reversed(json_t *arr);

/* Read one line (the password) from stdin without echo on a terminal.
 * Returns its length (newline removed) or -1. */
long cli_read_password(const char *prompt, char *out, size_t cap);
/* 1 if s is "--help" or "-h". */
int cli_is_help(const char *s);
/* Who acts for a command run on the machine: the audit trail says "cli"
 * (cli_actor) or "demo" (demo_actor, the demo loader). */
extern const struct actor cli_actor;
extern const struct actor demo_actor;
/* Now, Unix seconds: MOTCUA_FAKE_NOW when set (tests), as the server's
 * clock does, else the real time. */
int64_t cli_now(void);

#endif
