/*
 * queue_impl.h — private to the queue domain's services (queue_service.c,
 * queue_setup.c): the few helpers both use. Not a contract: nothing outside
 * src/app/queue/ includes it.
 */
#ifndef MOTCUA_APP_QUEUE_IMPL_H
#define MOTCUA_APP_QUEUE_IMPL_H

#include <stdint.h>

#include <jansson.h>

#include "app/platform/app.h"
#include "core/problem.h"
#include "db/db.h"

static inline int given(const char *s)
{
	return s && s[0];
}

static inline int internal(struct problem *p)
{
	return problem_kind(p, ERR_INTERNAL);
}

/* 1 when tickets may be taken at `now` in the agency: a working day and
 * inside one of its working periods. */
int queue_agency_open(struct db *db, struct app *a, long long agency, int64_t now);

/* Record board event `kind` about ticket `id` (or a counter: id 0 and
 * `extra`, which is taken) and announce it; -1 on failure. */
int queue_emit(struct db *db, long long agency, int64_t now, const char *kind, long long id,
	       json_t *extra);

/* The first column of every row of `st`, as an array of strings; `st` is done. */
json_t *queue_strings_of(struct db_stmt *st);

#endif
