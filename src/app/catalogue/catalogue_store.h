/*
 * catalogue_store.h — every SQL statement of the procedure catalogue
 * (catalogue_store.c), private to src/app/catalogue/. The services
 * (catalogue.c, catalogue_csv.c) hold the rules and call these; handlers
 * never do. Full-text search goes through db/search.h (no engine syntax here).
 *
 * Conventions: functions returning int give 0 (or a row count / found flag
 * as documented) and -1 when the store failed; ids are 0 when absent. JSON
 * results are new references owned by the caller. Writers run inside the
 * caller's transaction.
 */
#ifndef MOTCUA_APP_CATALOGUE_STORE_H
#define MOTCUA_APP_CATALOGUE_STORE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "db/search.h"

/* A procedure's own row (the children are written separately). Strings
 * are borrowed for the call. */
struct catalogue_row {
	const char *code, *name, *level, *limit_unit, *limit_text, *result, *legal_basis, *online,
		*sequence, *method, *subjects, *conditions, *note;
	int64_t field_id, agency_id;
	double limit_value;
	int cutoff; /* 1: received after 15:00 counts from the next working day */
};

/* What the store knows of a code, active or withdrawn. */
struct catalogue_head {
	int64_t id; /* 0: no such procedure ever */
	int64_t version;
	int active;
};

/* --- reading --- */
/* The full JSON of an active procedure (catalogue.h's shape); NULL if none. */
json_t *catalogue_db_procedure(struct db *db, const char *code);
/* [{code,name}] of the agencies implementing procedure `pid`: its own
 * agency first, then procedure_agency's others by code (D29). */
json_t *catalogue_db_agencies(struct db *db, int64_t pid);
/* The list item {code,name,field{code,name},time_limit{value,unit},online}
 * of an active procedure by id; NULL if none. */
json_t *catalogue_db_item(struct db *db, int64_t id);
/* Active procedures (of field `field`, NULL = all) by field name then name:
 * items appended to `items`, *total the count before paging. 0 or -1. */
int catalogue_db_list(struct db *db, const char *field, long long limit, long long offset,
		      json_t *items, long long *total);
/* [{code,name,count}] of every field by name (count: active procedures),
 * or [{code,name}] by code when by_code; NULL on failure. */
json_t *catalogue_db_fields(struct db *db, int by_code);
/* Codes of the active procedures by field code then code; NULL on failure. */
json_t *catalogue_db_active_codes(struct db *db);
/* Ranked ids of the active procedures matching free text (db/search.h's
 * db_search_procedures: ≥ 0 ids written, DB_SEARCH_INVALID, DB_SEARCH_ERROR). */
int catalogue_db_search(struct db *db, const char *text, const char *field, long long limit,
			long long offset, int64_t *ids, size_t cap, long long *total);
/* 1 and *h filled, 0 if the code was never used, -1. */
int catalogue_db_head(struct db *db, const char *code, struct catalogue_head *h);
int64_t catalogue_db_field_id(struct db *db, const char *code);
int64_t catalogue_db_agency_id(struct db *db, const char *code);
int64_t catalogue_db_home_agency(struct db *db);
int64_t catalogue_db_unit_id(struct db *db, int64_t agency_id, const char *code);
/* The field's name, malloc'd ("" if none). */
char *catalogue_db_field_name(struct db *db, int64_t field_id);
/* 1 if document `doc_id` is one of procedure `pid`'s (active or not), 0, -1. */
int catalogue_db_document_owned(struct db *db, int64_t doc_id, int64_t pid);

/* --- writing --- */
/* Create the field or rename it. */
int catalogue_db_field_put(struct db *db, const char *code, const char *name);
/* A new active procedure at version 1; its id into *id. */
int catalogue_db_procedure_insert(struct db *db, const struct catalogue_row *r, int64_t now,
				  int64_t *id);
/* Replace procedure `id`'s row, make it active, version + 1. */
int catalogue_db_procedure_update(struct db *db, int64_t id, const struct catalogue_row *r,
				  int64_t now);
/* Put procedure `id` into the search index under its name, its field's
 * name and its code (replacing what was there). */
int catalogue_db_index(struct db *db, int64_t id, const char *name, const char *field_name,
		       const char *code);
/* Withdraw procedure `id` (inactive, version + 1) and take it out of the
 * search index. */
int catalogue_db_procedure_withdraw(struct db *db, int64_t id, int64_t now);
int catalogue_db_fees_clear(struct db *db, int64_t pid);
int catalogue_db_fee_add(struct db *db, int64_t pid, int position, const char *name, int64_t amount,
			 const char *note);
/* The lawful variants of the time limit (procedure_time_variant). */
int catalogue_db_variants_clear(struct db *db, int64_t pid);
int catalogue_db_variant_add(struct db *db, int64_t pid, int position, const char *code,
			     const char *name, double value, const char *unit);
int catalogue_db_steps_clear(struct db *db, int64_t pid);
int catalogue_db_step_add(struct db *db, int64_t pid, int position, const char *name,
			  int64_t unit_id, double share, int may_complete);
/* The other implementing agencies of a procedure (procedure_agency). */
int catalogue_db_agencies_clear(struct db *db, int64_t pid);
int catalogue_db_agency_add(struct db *db, int64_t pid, int64_t agency_id);
/* Deactivate every document of the procedure (kept ones are updated back). */
int catalogue_db_documents_off(struct db *db, int64_t pid);
/* Rewrite a kept document and make it active again. */
int catalogue_db_document_update(struct db *db, int64_t doc_id, int position, const char *name,
				 const char *form, int64_t count, int mandatory);
int catalogue_db_document_insert(struct db *db, int64_t pid, int position, const char *name,
				 const char *form, int64_t count, int mandatory);

#endif
