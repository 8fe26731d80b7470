/*
 * audit.c — the platform's services: the audit trail (one row per change
 * of a business record, written by the same transaction as the change, so
 * there is never a change without its record, nor a record of a change
 * that was rolled back) and the home centre's public identity.
 */
#include <jansson.h>
#include <stdlib.h>

#include "app/platform/app.h"
#include "app/platform/platform_store.h"

int audit_write(struct db *db, const struct actor *who, int64_t now, const char *action,
		const char *entity, const char *entity_id, json_t *before, json_t *after)
{
	char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char *a = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	int rc = platform_db_audit_insert(db, now, who && who->name ? who->name : "system", action,
					  entity, entity_id, b, a, who && who->rid ? who->rid : "");
	free(b);
	free(a);
	return rc == DB_OK ? 0 : ERR_INTERNAL;
}

json_t *centre_public_json(struct db *db, const char *agency_code)
{
	return platform_db_centre(db, agency_code);
}

json_t *agencies_public_json(struct db *db)
{
	json_t *items = platform_db_agencies(db);
	return items ? json_pack("{s:o}", "items", items) : NULL;
}

int rate_hit(struct db *db, const char *key, int64_t now, int64_t window_s, int *count)
{
	return platform_db_rate_hit(db, key, now, window_s, count);
}
