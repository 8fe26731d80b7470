/*
 * guidance_store.h — every SQL statement of guidance before receipt
 * (guidance_store.c), private to src/app/guidance/. Table `guidance` of
 * migration 0009_law_2026.sql; `dossier.guidance_id` says which dossier
 * cited a guidance.
 *
 * Periods are instants [t0, t1) (Unix seconds; the service turns Vietnam
 * days into them). Statements are returned bound (lists) or positioned on
 * their row (NULL if none); the caller reads the columns named beside them
 * and ends them with db_done(). Returns: 0 or -1 unless said otherwise.
 * Threading: no state; the insert only inside the caller's write
 * transaction.
 */
#ifndef MOTCUA_APP_GUIDANCE_STORE_H
#define MOTCUA_APP_GUIDANCE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "app/guidance/guidance.h"
#include "db/db.h"

/* The procedure of `code` (only an active one when active_only): 1 and
 * *id, name (cut to cap) when found, 0 when not. */
int gstore_procedure(struct db *db, const char *code, int active_only, long long *id, char *name,
		     size_t cap);

/* Insert the row; *id the new guidance's id. unit_id 0 = none. */
int gstore_insert(struct db *db, long long procedure_id, const struct guidance_in *in,
		  const char *items_json, long long staff_id, long long unit_id, int64_t now,
		  long long *id);

/* The citizen's n-th guidance for the procedure, by ID number or phone,
 * counting guidances up to and including `id`; 0 if there is no such row. */
long long gstore_visit(struct db *db, long long id);

enum {
	GG_ID,
	GG_PROC_CODE,
	GG_PROC_NAME,
	GG_NAME,
	GG_ID_NUMBER,
	GG_PHONE,
	GG_EMAIL,
	GG_ADDRESS,
	GG_ITEMS,
	GG_NOTE,
	GG_CREATED_AT,
	GG_OFFICER,
	GG_OFFICER_TITLE,
	GG_OFFICER_UNIT,
	GG_DOSSIER, /* NULL when no dossier cited it */
	GG_VISIT
};
/* One guidance, positioned on its row (columns GG_*), or NULL. */
struct db_stmt *gstore_get(struct db *db, long long id, long long agency);

enum {
	GL_ID,
	GL_CREATED_AT,
	GL_PROC_CODE,
	GL_PROC_NAME,
	GL_NAME,
	GL_ID_NUMBER,
	GL_PHONE,
	GL_ITEMS,
	GL_OFFICER,
	GL_DOSSIER /* NULL when none */
};
/* The filter of a list: created in [t0, t1), procedure (code or NULL), q:
 * the folded search text (NULL = any; matches the folded name anywhere and
 * the start of the ID number or phone). */
struct gstore_filter {
	int64_t t0, t1;
	const char *procedure;
	const char *q;
	long long agency; /* the guidances recorded in this agency's units; 0 = every agency */
};
/* A page of the list, newest first (columns GL_*). */
struct db_stmt *gstore_list(struct db *db, const struct gstore_filter *f, long long limit,
			    long long offset);
/* How many guidances match, and how many distinct citizens (ID number,
 * else phone) they are. */
int gstore_list_count(struct db *db, const struct gstore_filter *f, long long *total,
		      long long *citizens);

/* Guidances, distinct citizens and guidances cited by a dossier, in [t0, t1). */
int gstore_totals(struct db *db, int64_t t0, int64_t t1, long long agency, long long *guidances,
		  long long *citizens, long long *followed);
enum { GP_CODE, GP_NAME, GP_GUIDANCES, GP_CITIZENS };
/* Per procedure in [t0, t1), most guidances first (columns GP_*). */
struct db_stmt *gstore_by_procedure(struct db *db, int64_t t0, int64_t t1, long long agency);

#endif
