/*
 * cli_common.h — helpers shared by the subcommands.
 */
#ifndef MOTCUA_APP_CLI_COMMON_H
#define MOTCUA_APP_CLI_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "app/platform/app.h"
#include "db/db.h"

#define DEFAULT_DB "var/motcua.db"

/* Open (creating if asked) and migrate the database at path. Prints the
 * error and returns NULL on failure. */
struct db *cli_open_db(const char *path, int create);
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
