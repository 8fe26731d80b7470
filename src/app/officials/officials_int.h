/*
 * officials_int.h — what the officials domain's service files share (not a
 * contract: only src/app/officials/officials_*.c include it): who the actor
 * is to an official, the history as JSON, small JSON helpers.
 */
#ifndef MOTCUA_APP_OFFICIALS_INT_H
#define MOTCUA_APP_OFFICIALS_INT_H

#include <jansson.h>
#include <stdint.h>

#include "app/officials/officials.h"
#include "app/officials/officials_store.h"

/* What the actor is to an official (bits). */
enum {
	REL_SELF = 1,     /* the official himself */
	REL_HEAD = 2,     /* a head of his unit */
	REL_LEADER = 4,   /* a leader of his agency */
	REL_ASSESS = 8,   /* may act at the head's stage (D42) */
	REL_CONCLUDE = 16 /* may conclude: a leader of the agency, not himself */
};
unsigned off_rel(struct db *db, const struct actor *who, const struct off_staff *t);
/* The actor's agency (0: none). */
long long off_agency(struct db *db, const struct actor *who);

/* 403 not_yours */
int off_forbidden(struct problem *p);
int off_internal(struct problem *p);

json_t *off_iso(int64_t t);    /* null for 0 */
json_t *off_date(int64_t day); /* "YYYY-MM-DD" */
/* {"username", "full_name", "title", "unit": {"id", "name"}} */
json_t *off_person(const struct off_staff *s);
/* [{"at", "actor": {"username", "full_name"}, "action", "from", "to", "comment"}] */
json_t *off_events(struct db *db, const char *entity, long long id);
/* Parse a JSON text (an empty array when broken). */
json_t *off_parse(const char *text);
/* A new string from a JSON document (compact, keys in order). */
char *off_dump(json_t *doc);
/* The year's range [from, to) in instants; midyear: to 1 July. */
void off_year_range(long long year, int midyear, int64_t *from, int64_t *to);
/* The criterion of id in a set's groups (borrowed) and its group's name. */
json_t *off_criterion(json_t *groups, long long id, const char **group);

#endif
