/*
 * routes.c — THE route table: every domain's rows, joined into the one
 * table that dispatch.c checks (the role check happens there and nowhere
 * else). Read the domains' <domain>_routes.h to know the API, or run
 * `motcua routes`.
 *
 * Each row: method, path pattern ({name} captures a segment), who may call
 * (RF_PUBLIC, or RF_STAFF with the roles allowed — ANY_STAFF = any staff),
 * whether the body is JSON, the handler, and the body limit (0 = 64 KiB).
 * Within a domain, specific paths come before patterns that would also
 * match them; across domains no two patterns overlap (tests/unit/test_router.c).
 * A new domain adds its header here and DOMAIN_ROUTES(ROUTE_ROW) to the table.
 */
#include "app/accounts/accounts_routes.h"
#include "app/calendar/calendar_routes.h"
#include "app/catalogue/catalogue_routes.h"
#include "app/dashboard/dashboard_routes.h"
#include "app/dossier/dossier_routes.h"
#include "app/evaluation/evaluation_routes.h"
#include "app/guidance/guidance_routes.h"
#include "app/indicator/indicator_routes.h"
#include "app/officials/officials_routes.h"
#include "app/open311/open311_routes.h"
#include "app/papers/papers_routes.h"
#include "app/performance/performance_routes.h"
#include "app/petition/petition_routes.h"
#include "app/platform/platform_routes.h"
#include "app/queue/queue_routes.h"
#include "app/reception/reception_routes.h"
#include "app/recognition/recognition_routes.h"
#include "app/report/report_routes.h"

/* clang-format off: one domain a line */
// clang-format off
const struct route app_routes[] = {
	PLATFORM_ROUTES(ROUTE_ROW)
	ACCOUNTS_ROUTES(ROUTE_ROW)
	CATALOGUE_ROUTES(ROUTE_ROW)
	DOSSIER_ROUTES(ROUTE_ROW)
	PAPERS_ROUTES(ROUTE_ROW)
	CALENDAR_ROUTES(ROUTE_ROW)
	GUIDANCE_ROUTES(ROUTE_ROW) /* guidance before receipt */
	QUEUE_ROUTES(ROUTE_ROW)    /* the counter queue */
	PETITION_ROUTES(ROUTE_ROW) /* citizens' voice */
	RECEPTION_ROUTES(ROUTE_ROW) /* reception days and book */
	EVALUATION_ROUTES(ROUTE_ROW) /* the citizen's evaluation, the figures */
	OPEN311_ROUTES(ROUTE_ROW)   /* Open311 GeoReport v2 over petitions */
	OFFICIALS_ROUTES(ROUTE_ROW) /* officials: criteria, commitments, evaluation */
	PERFORMANCE_ROUTES(ROUTE_ROW) /* officers' figures, the national export */
	RECOGNITION_ROUTES(ROUTE_ROW) /* exemplary officials, good practices */
	INDICATOR_ROUTES(ROUTE_ROW) /* Decision 766 indicators */
	REPORT_ROUTES(ROUTE_ROW)    /* the periodic report (Biểu II.06a) */
	DASHBOARD_ROUTES(ROUTE_ROW) /* dashboards, public transparency */
};
// clang-format on

const size_t app_nroutes = sizeof app_routes / sizeof app_routes[0];
