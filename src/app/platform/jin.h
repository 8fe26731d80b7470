/*
 * jin.h — reading and validating JSON input at the edge.
 *
 * Every text is checked (jansson already guarantees UTF-8), normalised to
 * NFC, and limited in CHARACTERS. On any problem the helper fills c->prob
 * with a 422 naming the field (e.g. "applicant.phone") and a bilingual
 * message, and returns -1; the handler then just `return reply_problem(c)`.
 * Strings returned live in the request arena.
 */
#ifndef MOTCUA_APP_JIN_H
#define MOTCUA_APP_JIN_H

#include <jansson.h>
#include <stdint.h>

#include "app/platform/ctx.h"

enum jin_req { JIN_OPTIONAL = 0, JIN_REQUIRED = 1 };

/* A single-line text (names, titles, addresses): whitespace squashed, no
 * control characters. *out = NULL when optional and absent/null/empty. */
int jin_line(struct ctx *c, json_t *obj, const char *key, const char *field, size_t max_chars,
	     enum jin_req req, const char **out);
/* A multi-line text (reasons, notes): NFC, CR LF → LF, no other controls. */
int jin_text(struct ctx *c, json_t *obj, const char *key, const char *field, size_t max_chars,
	     enum jin_req req, const char **out);
/* An integer in [min, max]. *present (may be NULL) tells if it was given. */
int jin_int(struct ctx *c, json_t *obj, const char *key, const char *field, long long min,
	    long long max, enum jin_req req, long long *out, int *present);
/* A number (integer or real) in [min, max]. */
int jin_number(struct ctx *c, json_t *obj, const char *key, const char *field, double min,
	       double max, enum jin_req req, double *out, int *present);
/* A boolean. */
int jin_bool(struct ctx *c, json_t *obj, const char *key, const char *field, enum jin_req req,
	     int *out, int *present);
/* One of the NULL-terminated allowed values. */
int jin_enum(struct ctx *c, json_t *obj, const char *key, const char *field,
	     const char *const *allowed, enum jin_req req, const char **out);
/* An object member; *out = NULL if optional and absent. */
int jin_object(struct ctx *c, json_t *obj, const char *key, const char *field, enum jin_req req,
	       json_t **out);
/* An array member with at most max items. */
int jin_array(struct ctx *c, json_t *obj, const char *key, const char *field, size_t max,
	      enum jin_req req, json_t **out);

/* Set a 422 for field with the generic messages. Returns -1. */
int jin_required(struct ctx *c, const char *field);
int jin_invalid(struct ctx *c, const char *field);

/* Query-string helpers (400 on malformed values). */
int qs_int(struct ctx *c, const char *name, long long min, long long max, long long dflt,
	   long long *out);
/* A flag: absent, empty, "0" or "false" -> 0; "1" or "true" -> 1. */
int qs_bool(struct ctx *c, const char *name, int *out);
/* A cleaned single-line query value (NFC), or NULL if absent/empty. */
int qs_line(struct ctx *c, const char *name, size_t max_chars, const char **out);
/* A date YYYY-MM-DD (a day that exists) as a day number (core/vntime.h):
 * 0 when given, 1 when absent or empty, -1 with a 400 bad_parameter. */
int qs_date(struct ctx *c, const char *name, int64_t *out);

/* Route parameter i as a record id: a positive integer of at most 15 digits;
 * anything else is 404 — with code and messages when given (code NULL: the
 * generic not_found), as for an id that does not exist. 0 or -1. */
int param_id(struct ctx *c, int i, long long *id, const char *code, const char *vi, const char *en);

#endif
