/*
 * indicator.h — the service-quality indicators of Decision 766/QĐ-TTg
 * (issue 14, item 2) that the centre's own data can compute, each with its
 * formula, numerator, denominator, rate and points, grouped as the national
 * scoring groups them; and the list behind each number (what cost points).
 * Definitions: /work/shared/design DOMAIN.md §2; choices: docs/DECISIONS.md
 * D39; the HTTP contract: docs/API.md "Service-quality indicators
 * (Decision 766)". Read only: nothing here writes.
 *
 * Who: heads, leaders (their agency) and province officers (every agency,
 * or the one named).
 */
#ifndef MOTCUA_APP_INDICATOR_H
#define MOTCUA_APP_INDICATOR_H

#include <jansson.h>
#include <stdint.h>

#include "app/platform/app.h"
#include "core/problem.h"
#include "db/db.h"

/* At most a year and a day at once. */
#define IND_MAX_DAYS 366
/* The drill-down's page: 50 by default, at most 500. */
#define IND_PAGE 50
#define IND_PAGE_MAX 500

struct ind_query {
	int64_t from; /* day numbers (core/vntime.h), both included */
	int64_t to;
	const char *agency; /* an agency's code (province officers), or NULL */
};

/* The indicators of the period: {"from", "to", "agency", "groups": [{"code",
 * "name_vi", "name_en", "max", "measured_max", "points", "indicators": [...]}],
 * "total": {"points", "measured_max", "max"}}. 403 not_your_agency when an
 * agency's officer names another agency; 404 agency_not_found; 422 for a
 * period that ends before it starts or lasts more than IND_MAX_DAYS. */
int indicator_scores(struct db *db, struct app *a, const struct actor *viewer, int64_t now,
		     const struct ind_query *q, struct problem *p, json_t **out);

/* What is behind indicator `code`'s number (the dossiers, procedures or
 * petitions that cost points), paginated: {"code", "kind", "total", "items"}.
 * 404 indicator_not_found (unknown code) or indicator_not_measured. */
int indicator_items(struct db *db, struct app *a, const struct actor *viewer, int64_t now,
		    const struct ind_query *q, const char *code, long long limit, long long offset,
		    struct problem *p, json_t **out);

#endif
