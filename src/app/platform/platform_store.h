/*
 * platform_store.h — the platform's SQL (private to src/app/platform/): the
 * audit trail's insert and the home centre's public identity.
 */
#ifndef MOTCUA_APP_PLATFORM_STORE_H
#define MOTCUA_APP_PLATFORM_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "db/db.h"

/* One audit row; before/after are JSON text or NULL. DB_OK or an error. */
int platform_db_audit_insert(struct db *db, int64_t at, const char *actor, const char *action,
			     const char *entity, const char *entity_id, const char *before,
			     const char *after, const char *request_id);

/* The home centre as {"name","agency":{"code","name"},"address","phone",
 * "email","work_periods","cutoff"} (new reference), or NULL when no agency
 * is the home one. */
json_t *platform_db_centre(struct db *db, const char *agency_code);

/* Every agency of the database (the province model), province first:
 * [{"code","name","e_id","level","parent","home","centre":{"name",
 * "address","phone"}}] (new reference), or NULL on a store error. */
json_t *platform_db_agencies(struct db *db);

/* One hit on a fixed-window counter (table rate_limit): the first hit after
 * the window ended starts a new one. *count: the hits in the current window,
 * this one included. 0, or -1 on a store error. */
int platform_db_rate_hit(struct db *db, const char *key, int64_t now, int64_t window_s, int *count);

#endif
