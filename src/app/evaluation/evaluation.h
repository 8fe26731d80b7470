/*
 * evaluation.h — the citizen's evaluation of the service (issue 12, item 6),
 * the 9-criterion, 18-point dossier evaluation of the one-stop rules, and the
 * counter floor's figures (item 7). Rules: docs/DECISIONS.md D35; the HTTP
 * contract: docs/API.md "Evaluation of the service".
 *
 * Only the citizen evaluates: with the dossier's secret (printed on the
 * receipt, carried by the result mail's link), or at the counter's tablet
 * (an administrator's device token) for the ticket just finished there.
 */
#ifndef MOTCUA_APP_EVALUATION_H
#define MOTCUA_APP_EVALUATION_H

#include <jansson.h>
#include <stdint.h>

#include "app/platform/app.h"
#include "core/problem.h"
#include "db/db.h"

/* A second evaluation replaces the first within 10 minutes of the first. */
#define EVAL_REPLACE_S 600
/* The tablet shows the ticket finished at its counter in the last 15 minutes. */
#define EVAL_TABLET_S 900
/* Public attempts (dossier and secret): 30 an hour per client address. */
#define EVAL_ATTEMPTS 30
#define EVAL_WINDOW_S 3600
#define EVAL_COMMENT_CHARS 1000
#define EVAL_REASONS_MAX 8
/* The evaluation secret: 10 hexadecimal digits (the migration's trigger). */
#define EVAL_SECRET_LEN 10
/* Figures: at most a year at once. */
#define EVAL_FIGURES_DAYS 366

struct eval_in {
	const char *dossier;     /* the dossier's code … */
	const char *secret;      /* … and its secret */
	const char *device_hash; /* or the tablet's token, hashed */
	const char *ticket;      /* the tablet: the number it showed */
	const char *channel;     /* tracking | email (with a secret) */
	const char *level;
	const char *reasons[EVAL_REASONS_MAX];
	int nreasons;
	const char *comment;
	const char *client_key; /* the throttle's key (hashed address); NULL: none */
};

/* The levels and reasons with their labels (for the forms). */
json_t *evaluation_form_json(void);
/* 1 if code is a level / a reason code. */
int evaluation_level_ok(const char *code);
int evaluation_reason_ok(const char *code);

/* Record (or replace, within EVAL_REPLACE_S) the citizen's evaluation.
 * *created = 1 when new. A refused throttle returns 0 with p filled. */
int evaluation_submit(struct db *db, int64_t now, const struct eval_in *in, int *created,
		      struct problem *p, json_t **out);

/* The tablet's screen: its counter and the ticket just finished there. */
int evaluation_tablet(struct db *db, int64_t now, const char *device_hash, struct problem *p,
		      json_t **out);

/* An administrator ties a tablet to a counter of his agency (by number):
 * → {"id", "counter", "token"} (the token is shown once). */
int evaluation_device_create(struct db *db, const struct actor *who, int64_t now,
			     long long counter_number, struct problem *p, json_t **out);

/* The agency's tablets, newest first: {"items": [{"id", "counter": {"number",
 * "name"}, "created_at", "revoked_at"|null}]} (never a token). */
int evaluation_devices(struct db *db, const struct actor *who, struct problem *p, json_t **out);

/* An administrator revokes a tablet of his agency (lost, stolen, replaced):
 * its token is refused from then on. 404 for another agency's or an unknown
 * id, 409 device_revoked when it already is. Audited. */
int evaluation_device_revoke(struct db *db, const struct actor *who, int64_t now, long long id,
			     struct problem *p, json_t **out);

/* The heads' list of their agency's evaluations, newest first; level may be
 * NULL. Carries the count of "not satisfied" in the last 30 days. */
int evaluation_list(struct db *db, const struct actor *viewer, int64_t now, const char *level,
		    long long limit, long long offset, struct problem *p, json_t **out);

/* The staff dossier view's blocks: {"level","channel","created_at"} or null,
 * and the 18-point evaluation {"criteria": [...], "points", "max"}. */
json_t *evaluation_dossier_json(struct db *db, long long dossier_id);
json_t *evaluation_criteria_json(struct db *db, struct app *a, long long dossier_id, int64_t now);

/* The dossier's secret (for the receipt and the mail): 0, or -1 if none. */
int evaluation_secret(struct db *db, const char *code, char out[EVAL_SECRET_LEN + 1]);

/* The figures of the agency's counter floor, from day `from` to `to` (day
 * numbers, core/vntime.h), by "day" | "group" | "counter" | "officer". */
int evaluation_figures(struct db *db, long long agency, int64_t from, int64_t to, const char *by,
		       struct problem *p, json_t **out);

#endif
