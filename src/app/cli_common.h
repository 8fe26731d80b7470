/*
 * cli_common.h — helpers shared by the subcommands.
 */
#ifndef MOTCUA_APP_CLI_COMMON_H
#define MOTCUA_APP_CLI_COMMON_H

#include <stddef.h>

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

#endif
