/*
 * catalogue.h — the procedure catalogue: fields, procedures, fees, required
 * documents, internal steps; search; import/export.
 *
 * A procedure's JSON (the API's shape, also the import shape):
 *   {"code","name","field":{"code","name"},"level","agency":{"code","name"},
 *    "time_limit":{"value","unit","text"},"fees":[{"name","amount","note"}],
 *    "documents":[{"id","name","form","count","mandatory"}],"result",
 *    "legal_basis":[…],"online","sequence","method","subjects","conditions",
 *    "note","steps":[{"position","name","unit":{"code","name"},"share"}],
 *    "version","updated_at"}
 */
#ifndef MOTCUA_APP_CATALOGUE_H
#define MOTCUA_APP_CATALOGUE_H

#include <jansson.h>

#include "app/platform/ctx.h"

/* Time-limit units. */
extern const char *const catalogue_units[];  /* working_days … NULL */
extern const char *const catalogue_online[]; /* none partial full NULL */
extern const char *const catalogue_forms[];  /* original certified_copy copy presented NULL */

/* The full JSON of a procedure by code (NULL if absent or inactive). */
json_t *procedure_json(struct db *db, const char *code);

/* Validate a procedure document (as in the header) — field names in errors
 * as in the JSON ("steps[2].share"). Returns 0 or -1 with p set. The
 * document is not modified. */
int procedure_validate(json_t *doc, struct problem *p);

/* Create or replace the procedure doc["code"] inside the caller's
 * transaction, keeping required-document ids that the document repeats and
 * deactivating the others; writes the audit record. expected_version > 0
 * makes it a conditional update (409 if the stored version differs); 0 makes
 * it create-only (409 already_exists); negative: create or replace.
 * Returns 0 (and *created) or an enum err with p set. */
int procedure_save(struct db *db, const struct actor *who, int64_t now, json_t *doc,
		   long long expected_version, int *created, struct problem *p);

/* Fields: create if missing, else rename. */
int field_save(struct db *db, const struct actor *who, int64_t now, const char *code,
	       const char *name);

/* Load {"fields":[…],"procedures":[…]} (data/demo/procedures.json). */
int catalogue_load(struct db *db, const struct actor *who, int64_t now, json_t *doc,
		   struct problem *p);

/* CSV export of the whole active catalogue into a malloc'd string. */
char *catalogue_export_csv(struct db *db, size_t *len);
/* Parse a catalogue CSV into {"fields":[],"procedures":[…]}; NULL with p set
 * (p->field names the line) on a malformed file. */
json_t *catalogue_parse_csv(const char *csv, size_t len, struct problem *p);

#endif
