/*
 * petition_impl.h — private to the petition domain's services
 * (petition_service.c, petition_public.c): the helpers both use. Not a
 * contract: nothing outside src/app/petition/ includes it.
 */
#ifndef MOTCUA_APP_PETITION_IMPL_H
#define MOTCUA_APP_PETITION_IMPL_H

#include <stdint.h>

#include <jansson.h>

#include "auth/auth.h"
#include "core/problem.h"
#include "db/db.h"

/* The agency whose petitions `v` sees; 0: every agency (the province). */
long long petition_viewer_agency(struct db *db, const struct actor *v);

/* 404 petition_not_found. */
enum err petition_not_found(struct problem *p);

/* 409 invalid_state. */
enum err petition_bad_state(struct problem *p);

/* 1 if the row's status is `a` or `b` (b may be NULL). */
int petition_status_is(struct db_stmt *st, const char *a, const char *b);

/* Audit `action` on petition `id` with the record `after` (taken; no
 * personal data in it). */
int petition_audit(struct db *db, const struct actor *who, int64_t now, const char *action,
		   long long id, json_t *after);

#endif
