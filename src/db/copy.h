/*
 * copy.h — copying a whole SQLite store into a PostgreSQL store
 * (`motcua migrate-store`), driven by the schemas of the two databases, not
 * by a list of tables: every table of the source (but schema_migrations and
 * the full-text index, which the target rebuilds) is copied into the table
 * of the same name, every column by name, parents before children (the
 * source's foreign keys), in ONE transaction on the target.
 *
 * Next to the rows already there (copy_map.c, DECISIONS D31): the source's
 * ids are renumbered past the target's (a dossier's id computed from its
 * code again), every foreign key with them; reference data the target
 * already holds (agencies but the moving home one, units, fields,
 * procedures by code with their entries, the calendar, attachments) is
 * mapped onto the target's rows instead of copied; any other key the
 * target holds (an agency code or e-ID, a username, a dossier code …)
 * refuses the run before anything is written, listing the collisions.
 *
 * Verification: per table, the number of rows and a checksum computed the
 * same way on both sides, in C over the values: SHA-256 of each row's
 * canonical bytes (per column: a type tag, then the 64-bit integer or
 * double, or the length and the bytes of a text or blob), the row digests
 * sorted, SHA-256 over them. The source's side is taken from the rows read
 * from SQLite with their ids mapped as written, the target's from reading
 * the rows back from PostgreSQL inside the same transaction; the source's
 * rows = the rows copied + the rows mapped onto the target's; any
 * difference rolls everything back. Threading: the two connections belong
 * to the caller's thread.
 */
#ifndef MOTCUA_DB_COPY_H
#define MOTCUA_DB_COPY_H

#include <stddef.h>

#include "db/db.h"

/* How a run ended. */
enum db_copy_rc {
	DB_COPY_OK = 0,       /* copied, verified and committed */
	DB_COPY_REFUSED = 1,  /* refused before writing (problems say why) */
	DB_COPY_FAILED = 2,   /* a write or read failed: rolled back (problems say where) */
	DB_COPY_MISMATCH = 3, /* verification differed: rolled back (see the tables) */
};

/* One copied table: rows and checksum (64 hex digits) on each side. */
struct db_copy_table {
	char *name;
	long long from_rows, to_rows;  /* to_rows: the copied rows read back */
	char from_sum[65], to_sum[65]; /* of the copied rows, ids as written */
	long long onto;                /* source rows that are rows the target already had */
	long long id_offset;           /* added to the source's ids (the target's highest) */
	int verified;                  /* 1 once both sides were computed */
};

struct db_copy {
	struct db_copy_table *tables; /* in copy order */
	size_t ntables;
	char **problems; /* sentences for the operator, in order */
	size_t nproblems;
	int target_had_rows;    /* 1 if the target held rows before */
	long long indexed;      /* procedures put into the target's search index */
	long long implementing; /* procedure_agency rows added for the moving agency */
	/* Called once everything is copied and verified, just before the
	 * commit, on the target inside its transaction (the caller's audit
	 * record): non-zero rolls back (DB_COPY_FAILED). May be NULL. */
	int (*before_commit)(struct db *to, const struct db_copy *c, void *arg);
	void *arg;
	void *priv;
};

/* A new, empty run. */
struct db_copy *db_copy_new(void);
/* Copy `from` (SQLite) into `to` (PostgreSQL), both at the same schema
 * version (the caller checks). Returns an enum db_copy_rc. */
int db_copy_run(struct db_copy *c, struct db *from, struct db *to);
/* Free the run (the connections stay usable, also for another run). */
void db_copy_free(struct db_copy *c);

#endif
