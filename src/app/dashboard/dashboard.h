/*
 * dashboard.h — the dashboards (issue 14, item 3) and the public
 * transparency page: figures read from the dossiers, the queue, the
 * evaluations and the petitions, never written. Definitions and bounds:
 * docs/DECISIONS.md D40; the HTTP contract: docs/API.md "Dashboards".
 *
 * Scope (D27): `agency` 0 means every agency of the province (the province
 * officer's default); otherwise one agency. Dossiers received count at the
 * receiving centre (received_agency_id, else agency_id); everything about
 * handling (resolved, on time, overdue, steps) at the competent agency
 * (agency_id). "On time" as DOMAIN.md §1.6: end of processing ≤ the
 * appointment and at most one supplement request.
 */
#ifndef MOTCUA_APP_DASHBOARD_H
#define MOTCUA_APP_DASHBOARD_H

#include <jansson.h>
#include <stdint.h>

#include "app/platform/app.h"
#include "core/problem.h"
#include "db/db.h"

/* the longest period a trend or a breakdown covers (index-bounded ranges) */
#define DASH_MAX_DAYS 366
/* below this many resolved dossiers or evaluations a rate is not shown */
#define DASH_MIN_SAMPLE 1

/*
 * The figures of closed days (before today) do not change: a dossier is
 * received once, its end of processing is set once, at the instant it
 * happens. A cache keeps each closed day's received / resolved / on time /
 * early / handling time per agency, so the trends and the public page read
 * today live and the past from memory (DECISIONS D40). One per process (the
 * HTTP layer's); NULL: no cache (every figure from the store). Entries live
 * DASH_CACHE_TTL seconds of the app's clock; a clock set back empties it.
 */
#define DASH_CACHE_TTL (6 * 3600)
struct dash_cache;
struct dash_cache *dash_cache_new(void);
void dash_cache_free(struct dash_cache *c);

/* The agency the figures are about: the code given (a province officer may
 * name any agency; anyone else only his own), else the viewer's — or 0 (all
 * agencies) for a province officer. 0 and *agency, or the problem
 * (404 agency unknown, 403 another agency's figures). */
int dashboard_scope(struct db *db, const struct actor *who, const char *code, long long *agency,
		    struct problem *p);

/* Today at the centre: received, resolved, returned, overdue now, due today,
 * the queue (waiting, served) and today's evaluations. */
int dashboard_today(struct db *db, long long agency, int64_t now, struct problem *p, json_t **out);

/* Received, resolved, on time, early, late and the average handling time
 * per week (Monday first) or month, days `from`..`to` (day numbers). */
int dashboard_trends(struct db *db, struct dash_cache *cache, long long agency, int64_t from,
		     int64_t to, const char *by, int64_t now, struct problem *p, json_t **out);

/* By field (dossiers), by unit or by officer (steps of the control sheet
 * finished in the period), days `from`..`to`. */
int dashboard_breakdown(struct db *db, long long agency, int64_t from, int64_t to, const char *by,
			struct problem *p, json_t **out);

/* The open dossiers overdue now, by the step of the control sheet that
 * holds them (where time is lost). */
int dashboard_overdue_steps(struct db *db, long long agency, int64_t now, struct problem *p,
			    json_t **out);

/* Petitions received days `from`..`to`, by type and status, answered and
 * answered on time, overdue now. */
int dashboard_petitions(struct db *db, long long agency, int64_t from, int64_t to, int64_t now,
			struct problem *p, json_t **out);

/* The public transparency figures of the current month and year, per
 * agency (every agency, or the one named by code): no personal data. */
int dashboard_transparency(struct db *db, struct dash_cache *cache, const char *code, int64_t now,
			   struct problem *p, json_t **out);

#endif
