/*
 * cli_check.h — the store's consistency, as `motcua check` reports it
 * (cli_check.c). Declared apart so unit tests can run it on a store they
 * have broken on purpose.
 */
#ifndef MOTCUA_APP_CLI_CHECK_H
#define MOTCUA_APP_CLI_CHECK_H

#include <jansson.h>

#include "db/db.h"

/* How many dossier codes a problem lists as examples. */
#define CHECK_EXAMPLES 5

/*
 * Checks the store at db and returns the report (NULL only when out of
 * memory): {"ok": bool, "dossiers": N, "problems": [{"check": name,
 * "message": sentence, "count": N, "examples": [dossier codes]}]}.
 * No personal data: problems name dossiers by their public code.
 */
json_t *check_store(struct db *db);

#endif
