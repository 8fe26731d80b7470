/*
 * demo.h — the demo centre (the JSON files in data/demo/, compiled in).
 */
#ifndef MOTCUA_APP_DEMO_H
#define MOTCUA_APP_DEMO_H

#include <stdio.h>

#include "db/db.h"

#define DEMO_PASSWORD "motcua-demo"

/* Load the demo centre into db (which must hold no agency yet), in one
 * transaction. Prints the demo accounts to out. 0, or 1 with a message on
 * stderr. */
int demo_load(struct db *db, FILE *out);

#endif
