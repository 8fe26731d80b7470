/*
 * session.h — who is calling: session cookies and personal API tokens, and
 * the handlers of /api/v1/session and /api/v1/me.
 */
#ifndef MOTCUA_APP_SESSION_H
#define MOTCUA_APP_SESSION_H

#include "app/app.h"

#define SESSION_COOKIE "motcua_session"

/* Fill c->who from the Authorization header or the session cookie.
 * ERR_OK with c->who.staff_id == 0 when no credentials were sent;
 * ERR_UNAUTHORIZED (problem set) when they were sent but are not valid. */
enum err session_identify(struct ctx *c);
/* Forget every cached identity (call after changing accounts, roles or tokens). */
void session_cache_invalidate(void);

/* Staff member as JSON: username, full_name, title, roles, unit, agency.
 * NULL if absent. Runs on any connection. */
json_t *staff_json(struct db *db, long long staff_id);

enum http_result h_session_create(struct ctx *c);
enum http_result h_session_delete(struct ctx *c);
enum http_result h_me(struct ctx *c);

#endif
