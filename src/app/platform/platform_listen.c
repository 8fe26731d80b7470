/*
 * platform_listen.c — what this server keeps in memory, kept right when
 * other servers on the same PostgreSQL database change it (docs/DEPLOY.md,
 * "Several servers"). The carrier is db_listen_start (db.h: LISTEN/NOTIFY
 * on a connection and thread of its own); the writes announce themselves
 * with db_notify inside their transaction, so a notification comes only
 * after the commit that it announces.
 *
 *   motcua_tokens    the identity cache of API tokens (accounts):
 *                    session_cache_invalidate()
 *   motcua_calendar  the published calendar and every agency's working hours:
 *                    app_clock_reload()
 *   (reconnected)    both, since notifications sent while the listener
 *                    was away were not heard
 *
 * Nothing else is kept per process: sessions, the throttle, the submission
 * quota, the catalogue, the centre, dossier codes and versions are read
 * from the store on every request (docs/DEPLOY.md).
 */
#include <string.h>

#include "app/accounts/accounts.h"
#include "app/platform/app.h"
#include "app/platform/clock.h"
#include "core/log.h"

static void on_notify(void *arg, const char *channel)
{
	struct app *a = arg;
	if (!channel || strcmp(channel, DB_CHANNEL_TOKENS) == 0)
		session_cache_invalidate();
	if (!channel || strcmp(channel, DB_CHANNEL_CALENDAR) == 0)
		app_clock_reload(a);
	log_info("listen=notified channel=%s", channel ? channel : "all");
}

void app_listen_start(struct app *a)
{
	static const char *const channels[] = {DB_CHANNEL_TOKENS, DB_CHANNEL_CALENDAR, NULL};
	a->listener = db_listen_start(a->cfg.db_path, channels, on_notify, a);
}

void app_listen_stop(struct app *a)
{
	db_listen_stop(a->listener);
	a->listener = NULL;
}
