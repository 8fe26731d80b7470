/*
 * officials_measured.c — an official's measured figures for a period, as
 * the officials domain shows them beside the criteria and checks the
 * commitments against them: the per-officer figures of the performance
 * domain (performance_officer, D41), turned into the metrics of
 * off_metrics (officials.h). A figure the system cannot compute, or whose
 * sample is below the performance domain's minimum (10 steps, 10
 * evaluations), is null — never a made-up 0 (D42). "Petitions about the
 * official" and "complaints upheld" are not recorded by motcua: null.
 */
#include "app/officials/officials.h"
#include "app/performance/performance.h"

static json_t *rate(double v)
{
	return v < 0 ? json_null() : json_real(v);
}

json_t *officials_measured(struct db *db, struct app *a, long long staff_id, int64_t from,
			   int64_t to)
{
	struct officer_figures f;
	struct problem p = {0};
	json_t *o = json_object();
	/* no process (the demo loader): no legal clock, no figures */
	if (!a || performance_officer(db, a, staff_id, from, to, &f, &p) != 0) {
		for (const struct off_metric *m = off_metrics; m->code; m++)
			json_object_set_new(o, m->code, json_null());
		json_object_set_new(o, "available", json_false());
		return o;
	}
	json_object_set_new(o, "on_time_rate", rate(f.on_time_rate));
	json_object_set_new(o, "late_steps", json_integer(f.steps_late));
	json_object_set_new(o, "avg_step_hours", rate(f.avg_step_hours));
	json_object_set_new(
		o, "satisfied_rate",
		f.not_satisfied_rate < 0
			? json_null()
			: json_real((double)((int)((100 - f.not_satisfied_rate) * 10 + 0.5)) / 10));
	json_object_set_new(o, "not_satisfied", json_integer(f.evaluations_not_satisfied));
	json_object_set_new(o, "petitions_about",
			    f.petitions_about < 0 ? json_null() : json_integer(f.petitions_about));
	json_object_set_new(o, "complaints_upheld", json_null());
	json_object_set_new(o, "available", json_true());
	json_object_set_new(o, "figures", performance_figures_json(&f));
	return o;
}
