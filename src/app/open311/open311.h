/*
 * open311.h — Open311 GeoReport v2 over citizens' voice, as a contract
 * (issue 13 item 5; DECISIONS D37). Civic-issue clients see motcua's
 * feedback categories as services and its reflections and recommendations
 * as service requests; a request they POST IS a petition (channel online,
 * created through petition.h), linked to the client's API key, its token,
 * and the place of the issue as given (lat/long, address_string).
 *
 * Public data only: never the petitioner's identity (name, e-mail, phone),
 * never a petition's text unless its answer was published (then the
 * published question is the description and the published answer the
 * status_notes). Ids are strings (the petition's number); the tracking code
 * is the citizen's and goes to the posting client only, in service_notice.
 *
 * API keys: random, shown once, stored as SHA-256, revocable; each use is
 * counted; creation and revocation are audited ("open311.key_add",
 * "open311.key_revoke"). POSTs are limited per key (OPEN311_PER_HOUR).
 *
 * Services take the store, the caller's `now` and a struct problem and
 * return 0 or an enum err with the problem filled. Writes run inside the
 * caller's write transaction. JSON results are new references. All SQL is
 * in open311_store.c.
 */
#ifndef MOTCUA_APP_OPEN311_H
#define MOTCUA_APP_OPEN311_H

#include <jansson.h>
#include <stdint.h>

#include "app/platform/app.h"

#define OPEN311_MAX_RESULTS 1000
#define OPEN311_MAX_DAYS 90
#define OPEN311_MAX_IDS 50
#define OPEN311_PER_HOUR 200 /* POSTs per API key */
#define OPEN311_KEY_NAME_CHARS 100
#define OPEN311_KEY_CHARS 43 /* base64url of 32 random bytes */
#define OPEN311_TOKEN_CHARS 43

/* The services list: [{service_code, service_name, description, metadata,
 * type, keywords, group}]. */
json_t *open311_services(void);
/* One service definition {service_code, attributes:[{variable, code,
 * datatype, required, datatype_description, order, description}]}, or NULL
 * for an unknown code. */
json_t *open311_service_definition(const char *code);
/* The petition type of a service code, or NULL. */
const char *open311_service_type(const char *code);

/* jurisdiction_id: NULL/"" or the province's code → *agency = 0 (all);
 * a commune agency's code → its id; anything else → 404. */
int open311_jurisdiction(struct db *db, const char *jid, long long *agency, struct problem *p);

/* GET requests: either ids (ids_n > 0, then the rest is ignored) or the
 * filters. Dates are instants (0: none); the window is at most
 * OPEN311_MAX_DAYS (400 beyond; default: the last OPEN311_MAX_DAYS days). */
struct open311_query {
	long long ids[OPEN311_MAX_IDS];
	int ids_n;
	const char *service_code; /* NULL: every service */
	const char *status;       /* NULL, "open" or "closed" */
	int64_t start, end;
	long long agency;
};
/* The service requests, newest first, at most OPEN311_MAX_RESULTS. */
int open311_requests(struct db *db, int64_t now, const struct open311_query *q, struct problem *p,
		     json_t **out);
/* tokens/{token}: [{service_request_id, token}] or 404. */
int open311_token(struct db *db, const char *token, struct problem *p, json_t **out);

/* POST requests (inside the write transaction): the key checked (403
 * unknown or revoked) and counted (429 beyond OPEN311_PER_HOUR), the
 * petition created (petition_create: its checks, audit, acknowledgement
 * mail), the link stored, audit "open311.request". *out =
 * [{service_request_id, token, service_notice, account_id}]. A throttled
 * key returns ERR_THROTTLED with *out NULL and the counter kept (commit). */
struct open311_post {
	const char *api_key;
	const char *service_code;
	const char *lat, *lon; /* decimal degrees as given, checked */
	const char *address;   /* address_string */
	const char *media_url; /* stored as text, never fetched */
	const char *email, *first_name, *last_name, *phone;
	const char *description;
	const char *field, *subject; /* attribute[field], attribute[subject] */
};
int open311_post(struct db *db, struct app *a, int64_t now, const struct open311_post *in,
		 struct problem *p, json_t **out, int *mailed);

/* API keys. add: *key gets the new key (shown once), *out = {id, name,
 * created_at}. list: {items:[{id, name, created_at, created_by, revoked_at,
 * last_used_at, uses}]}. revoke: 404 unknown, 409 already revoked. */
int open311_key_add(struct db *db, const struct actor *who, int64_t now, const char *name,
		    char key[OPEN311_KEY_CHARS + 1], struct problem *p, json_t **out);
int open311_key_list(struct db *db, struct problem *p, json_t **out);
int open311_key_revoke(struct db *db, const struct actor *who, int64_t now, long long id,
		       struct problem *p, json_t **out);

#endif
