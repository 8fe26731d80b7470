/*
 * audit.c — the audit trail: one row per change of a business record,
 * written by the same transaction as the change (so there is never a change
 * without its record, nor a record of a change that was rolled back).
 */
#include <jansson.h>
#include <stdlib.h>

#include "app/platform/app.h"

int audit_write(struct db *db, const struct actor *who, int64_t now, const char *action,
		const char *entity, const char *entity_id, json_t *before, json_t *after)
{
	static const char sql[] = "INSERT INTO audit (at, actor, action, entity, entity_id, "
				  "before, after, request_id)"
				  " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
	struct db_stmt *st = db_prep(db, sql);
	if (!st)
		return ERR_INTERNAL;
	char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char *a = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	db_bind_int(st, 1, now);
	db_bind_text(st, 2, who && who->name ? who->name : "system");
	db_bind_text(st, 3, action);
	db_bind_text(st, 4, entity);
	db_bind_text(st, 5, entity_id);
	db_bind_text(st, 6, b);
	db_bind_text(st, 7, a);
	db_bind_text(st, 8, who && who->rid ? who->rid : "");
	int rc = db_run(st);
	free(b);
	free(a);
	return rc == DB_OK ? 0 : ERR_INTERNAL;
}
