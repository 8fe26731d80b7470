/*
 * svc.h — small helpers every domain's service used to copy: instants as
 * ISO-8601 JSON strings in Vietnam's time, nullable columns as JSON, and the
 * two text checks of input validation.
 */
#ifndef MOTCUA_APP_PLATFORM_SVC_H
#define MOTCUA_APP_PLATFORM_SVC_H

#include <stdint.h>

#include <jansson.h>

#include "db/db.h"

/* Unix seconds → "2026-12-05T09:30:00+07:00" (a new JSON string). */
json_t *svc_iso(int64_t t);

/* Column `i` of the row as svc_iso(), or JSON null when the column is NULL. */
json_t *svc_iso_col(struct db_stmt *st, int i);

/* Column `i` of the row as a JSON string, or null when it is empty. */
json_t *svc_text_or_null(struct db_stmt *st, int i);

/* 1 if `s` holds something other than white space (NULL: 0). */
int svc_has_text(const char *s);

/* 1 if `s` equals one of the strings of the NULL-terminated `list`. */
int svc_one_of(const char *s, const char *const *list);

#endif
