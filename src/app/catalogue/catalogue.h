/*
 * catalogue.h — the procedure catalogue's contract: fields, procedures,
 * fees, required documents, internal steps; search; CSV export and import.
 * Services take the store, who acts, the caller's `now` and a struct
 * problem, and return 0 or an enum err with the problem filled; nothing
 * here is of HTTP, so handlers, the CLI and unit tests call the same code.
 *
 * A procedure's JSON (the API's shape, also the import shape):
 *   {"code","name","field":{"code","name"},"level","agency":{"code","name"},
 *    "agencies":[{"code","name"}],
 *    "time_limit":{"value","unit","text","variants":[{"code","name","value",
 *    "unit"}],"cutoff"},"fees":[{"name","amount","note"}],
 *    "documents":[{"id","name","form","count","mandatory"}],"result",
 *    "legal_basis":[…],"online","sequence","method","subjects","conditions",
 *    "note","steps":[{"position","name","unit":{"code","name"},"share",
 *    "may_complete"}],"version","updated_at"}
 *
 * time_limit.variants are the other lawful limits of the procedure (marriage
 * registration: the same day, or 5 working days when verification is needed
 * — Law on Civil Status 2014 Art. 18(2)); each value/unit is the WHOLE limit
 * under that variant, checked as the base limit; intake picks one by code.
 * On input variants may be absent (= none); on output always an array.
 *
 * "agency" is the procedure's own agency: its steps' units are that agency's
 * and it is competent by default. "agencies" (D29) are every agency that
 * implements the procedure — the own agency first on output; on input codes
 * or {"code"} objects, absent = the own agency only. Each other agency runs
 * the catalogue's steps with its own units of the same codes, so it must
 * have them (422 "agencies[i]" naming the unit code otherwise); a provincial
 * procedure (level "province") has no other agency.
 * time_limit.cutoff (absent on input = true) is the centre's practice, not
 * law: a dossier received after 15:00 starts its clock the next working day.
 *
 * Invariants the services keep:
 *  - a procedure's step shares add up to its time limit (same_day: to 1);
 *  - a required document's id never changes and is never deleted (dossiers
 *    point at it): one dropped from a procedure is deactivated;
 *  - the search index (db/search.h) holds exactly the active procedures;
 *  - every change writes an audit record with the before and after JSON.
 * Writing services run inside the caller's transaction.
 */
#ifndef MOTCUA_APP_CATALOGUE_H
#define MOTCUA_APP_CATALOGUE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "app/platform/app.h"

/* Ceilings (characters unless said otherwise). */
#define CATALOGUE_CODE_MAX 40        /* a procedure's code: letters, digits . _ - */
#define CATALOGUE_UNIT_CODE_MAX 20   /* field, agency and unit codes */
#define CATALOGUE_NAME_MAX 500       /* procedure, fee and step names */
#define CATALOGUE_DOC_NAME_MAX 1000  /* a required document's name */
#define CATALOGUE_NOTE_MAX 2000      /* time-limit text, fee note, one legal basis (bytes) */
#define CATALOGUE_TEXT_MAX 20000     /* result, sequence, method, subjects, conditions, note */
#define CATALOGUE_FIELD_NAME_MAX 200 /* a field's name (PUT /fields/{code}) */
#define CATALOGUE_LEGAL_MAX 50       /* legal bases of one procedure */
#define CATALOGUE_FEES_MAX 30        /* fees of one procedure */
#define CATALOGUE_DOCUMENTS_MAX 60   /* required documents of one procedure */
#define CATALOGUE_STEPS_MAX 20       /* steps of one procedure */
#define CATALOGUE_AGENCIES_MAX 200   /* implementing agencies of one procedure */
#define CATALOGUE_DOC_COUNT_MAX 100  /* copies of one document */
#define CATALOGUE_AMOUNT_MAX 1000000000000LL /* đồng, one fee */
#define CATALOGUE_LIMIT_MAX 366              /* the time limit's value */
#define CATALOGUE_VARIANTS_MAX 10            /* lawful variants of one time limit */
#define CATALOGUE_VARIANT_CODE_MAX 40        /* a variant's code: a-z 0-9 _ */
#define CATALOGUE_VARIANT_NAME_MAX 200       /* a variant's name */
#define CATALOGUE_QUERY_MAX 200              /* search text */
#define CATALOGUE_PAGE_MAX 200               /* items of one page of a list or search */
#define CATALOGUE_PAGE_DEFAULT 20
#define CATALOGUE_CSV_EXPORT_MAX (64u << 20)      /* bytes of an export: refused beyond */
#define CATALOGUE_CSV_IMPORT_MAX (4u << 20)       /* bytes of an imported file */
#define CATALOGUE_PROCEDURE_BODY_MAX (256u << 10) /* bytes of one procedure's JSON */

/* Allowed values, each list ending with NULL. */
extern const char *const catalogue_units[];  /* working_days working_hours same_day days */
extern const char *const catalogue_online[]; /* none partial full */
extern const char *const catalogue_forms[];  /* original certified_copy copy presented */

/* A list or search: text NULL = every active procedure by field and name;
 * field NULL = all fields. limit 1..CATALOGUE_PAGE_MAX. */
struct catalogue_query {
	const char *text;
	const char *field;
	long long limit;
	long long offset;
};

/* --- reading (any connection) --- */

/* {"items":[{code,name,field,time_limit,online}…],"total":N}: ranked by
 * relevance when q->text is set (accents and đ folded, the last word a
 * prefix), else by field name and name. 400 bad_parameter "q" when the text
 * is not valid. *out is the caller's. */
int catalogue_search(struct db *db, const struct catalogue_query *q, json_t **out,
		     struct problem *p);
/* {"items":[{code,name,count}…]}: every field by name, count of active
 * procedures. */
int catalogue_fields(struct db *db, json_t **out, struct problem *p);
/* The full JSON of an active procedure into *out, or 404 not_found. */
int procedure_get(struct db *db, const char *code, json_t **out, struct problem *p);
/* The same, NULL if absent or withdrawn (new reference). */
json_t *procedure_json(struct db *db, const char *code);

/* --- rules --- */

/* Validate a procedure document (as in the header) — field names in errors
 * as in the JSON ("steps[2].share"). Returns 0 or -1 with p set (422). The
 * document is not modified. */
int procedure_validate(json_t *doc, struct problem *p);
/* 1 if `code` can name a field in the path (A–Z, 0–9, _; 1..20). */
int field_code_valid(const char *code);

/* --- writing (inside the caller's transaction) --- */

/* Create or replace the procedure doc["code"], keeping required-document ids
 * that the document repeats and deactivating the others; re-indexes it and
 * writes the audit record. expected_version > 0 makes it a conditional
 * update (409 version_conflict if the stored version differs); 0 makes it
 * create-only (409 already_exists); negative: create or replace. Returns 0
 * (and *created) or an enum err with p set. */
int procedure_save(struct db *db, const struct actor *who, int64_t now, json_t *doc,
		   long long expected_version, int *created, struct problem *p);
/* Withdraw an active procedure from the catalogue (and the search): 404 if
 * there is none; audit "procedure.withdraw". */
int procedure_withdraw(struct db *db, const struct actor *who, int64_t now, const char *code,
		       struct problem *p);
/* Create the field or rename it; audit "field.save". */
int field_save(struct db *db, const struct actor *who, int64_t now, const char *code,
	       const char *name, struct problem *p);
/* Load {"fields":[…],"procedures":[…]} (data/demo/procedures.json, or a
 * parsed CSV): fields first, then each procedure created or replaced. An
 * error's field is prefixed with the procedure's place ("line 7.name" when
 * the document carries "_line", else "procedures[3].name"). */
int catalogue_load(struct db *db, const struct actor *who, int64_t now, json_t *doc,
		   struct problem *p);

/* --- CSV (catalogue_csv.c) --- */

/* The whole active catalogue as CSV (no BOM) into *csv (malloc'd, NUL-
 * terminated, *len bytes). 500 rather than a cut file past
 * CATALOGUE_CSV_EXPORT_MAX. */
int catalogue_export_csv(struct db *db, char **csv, size_t *len, struct problem *p);
/* Parse a catalogue CSV into {"fields":[],"procedures":[…]}; NULL with p set
 * (p->field names the line) on a malformed file. Touches no store. */
json_t *catalogue_parse_csv(const char *csv, size_t len, struct problem *p);
/* Parse and load a CSV file, all or nothing within the caller's
 * transaction; the numbers of fields and procedures it held into *fields,
 * *procedures (either may be NULL). */
int catalogue_import_csv(struct db *db, const struct actor *who, int64_t now, const char *csv,
			 size_t len, long long *fields, long long *procedures, struct problem *p);

#endif
