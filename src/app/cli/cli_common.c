/*
 * cli_common.c — opening the database and reading secrets for the CLI.
 */
#include "app/cli/cli_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

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
