/*
 * demo.h — the demo centre (the JSON files in data/demo/, compiled in).
 */
#ifndef MOTCUA_APP_DEMO_H
#define MOTCUA_APP_DEMO_H

#include <stdint.h>
#include <stdio.h>

#include "db/db.h"

#define DEMO_PASSWORD "motcua-demo"

/* Load the demo centre into db (which must hold no agency yet), in one
 * transaction: agencies, units, staff, the catalogue and, with floor, the
 * counter floor and reception schedule of data/demo/floor.json (the test
 * suites load it without, and set up their own). Prints the demo accounts
 * to out. 0, or 1 with a message on stderr. */
int demo_load(struct db *db, FILE *out, int floor);

struct actor;
/* The counter floor and reception schedule of data/demo/floor.json, into
 * the home centre, as `who` at `now` (demo_floor.c; inside the demo's
 * transaction). 0, or -1 with a message in err. */
int demo_floor_load(struct db *db, const struct actor *who, int64_t now, char *err, size_t cap);

/* The officials of data/demo/officials.json (issue 15): the published
 * criteria, commitments, the evaluation cycle — as the officials named
 * there, at `now` (demo_officials.c; inside the demo's transaction, loaded
 * with the floor). 0, or -1 with a message in err. */
int demo_officials_load(struct db *db, int64_t now, char *err, size_t cap);

/* The recognised example of data/demo/recognition.json (demo_recognition.c;
 * with the floor, inside the demo's transaction). 0, or -1 with a message
 * in err. */
int demo_recognition_load(struct db *db, const struct actor *who, int64_t now, char *err,
			  size_t cap);

#endif
