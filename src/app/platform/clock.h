/*
 * clock.h — the legal clock as the services use it: the calendar and the
 * centre's working hours held by the app, and the planning of a dossier's
 * deadlines from its procedure's time limit and step shares.
 */
#ifndef MOTCUA_APP_CLOCK_H
#define MOTCUA_APP_CLOCK_H

#include "app/platform/app.h"

/* Load the calendar (shipped data + the database's decisions), the home
 * centre's working hours and every agency's. 0, or -1 with a message. */
int app_clock_init(struct app *a, struct db *db, char *err, size_t errlen);
void app_clock_free(struct app *a);
/* Read the calendar and the working hours again from the store (on a
 * connection of its own) and swap them in: another server or the command
 * line changed them. 0, or -1 (logged; the old ones stay). Any thread. */
int app_clock_reload(struct app *a);
/* Publish every agency's hours read by a committed change (takes ownership
 * of all, malloc'd; frees the old ones); the home agency's become
 * app->hours. Any thread. */
void app_clock_set_hours(struct app *a, struct agency_hours *all, size_t n);
/* A copy of the hours of `agency` (0 or unknown: the home agency's). */
void clock_hours_of(struct app *a, long long agency, struct wc_hours *out);

#define CLOCK_MAX_STEPS 20

/* A dossier's plan: clock start, due instant and each step's deadline. */
struct clock_plan {
	int64_t start, due;
	int nsteps;
	int64_t step_due[CLOCK_MAX_STEPS];
};

/*
 * Plan deadlines for a dossier received at `received` under a limit of
 * `value` `unit` ("working_days" …) with the steps' shares (in the unit of
 * the limit; same_day: fractions of the day). Step k's deadline is the
 * clock start plus the shares of steps 1..k, so the last one is the due
 * instant. cutoff 0 ignores the centre's cut-off (the procedure's setting:
 * a dossier received after 15:00 then starts its clock at once). 0, or -1
 * for an invalid limit.
 */
int clock_plan(struct app *a, int64_t received, double value, const char *unit, int cutoff,
	       const double *shares, int nsteps, struct clock_plan *out);
/*
 * The same for a dossier of competent agency `agency` received at the centre
 * of agency `receiving` (DECISIONS D30): the limit and the steps in the
 * competent agency's hours; when receiving is another agency (not 0, not
 * agency), the clock starts as the receiving centre's cut-off and periods
 * say (wc_clock_start), then runs in the competent agency's hours. clock_plan
 * is clock_plan_of with both 0 (the home agency).
 */
int clock_plan_of(struct app *a, long long agency, long long receiving, int64_t received,
		  double value, const char *unit, int cutoff, const double *shares, int nsteps,
		  struct clock_plan *out);
/* The following in the hours of `agency` (0: the home agency's): t + work_s
 * of working time, working seconds in [from, to), one working day. */
int64_t clock_add_of(struct app *a, long long agency, int64_t t, int64_t work_s);
int64_t clock_elapsed_of(struct app *a, long long agency, int64_t from, int64_t to);
int64_t clock_day_seconds_of(struct app *a, long long agency);
/* t + work_s seconds of working time (on failure: t + work_s). */
int64_t clock_add(struct app *a, int64_t t, int64_t work_s);
/* Working seconds in [from, to). */
int64_t clock_elapsed(struct app *a, int64_t from, int64_t to);
/* Seconds of working time in one working day. */
int64_t clock_day_seconds(struct app *a);

#endif
