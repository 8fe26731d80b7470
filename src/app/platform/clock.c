/*
 * clock.c — planning deadlines with the calendar (core/holidays.h) and
 * working time (core/workcal.h). See clock.h.
 *
 * Shares: for working days and hours the step deadlines are cumulative
 * working time from the clock start, so the arithmetic is exact. For
 * same-day procedures and calendar days the last deadline is the legal due
 * instant and earlier steps get the same fraction of the working time
 * between the clock start and the due instant.
 *
 * Agencies (DECISIONS D30): the app keeps every agency's hours. A dossier's
 * limit, step deadlines, pauses, extensions and remaining working time are
 * counted in the hours of its competent agency (it processes and decides);
 * when another centre received it, that centre's cut-off and periods decide
 * when the clock starts (it is about when the citizen handed it in). An
 * agency unknown to the snapshot (0, or malformed hours) uses the home
 * agency's, so the one-agency case is exactly as before.
 *
 * Threading: the calendar and the working hours are read under
 * app->cal_lock for the duration of each computation; app_clock_reload
 * (another server changed them: platform_listen.c) swaps both under it.
 */
#include "app/platform/clock.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "app/calendar/calendar.h"
#include "core/holidays.h"
#include "core/log.h"

int app_clock_init(struct app *a, struct db *db, char *err, size_t errlen)
{
	struct hol_error he = {0};
	pthread_rwlock_init(&a->cal_lock, NULL);
	pthread_mutex_init(&a->cal_swap, NULL);
	/* the shipped calendar with the administrator's decisions over it */
	a->cal = calendar_build(db, &he);
	if (!a->cal) {
		snprintf(err, errlen, "calendar: line %d: %s", he.line, he.msg);
		return -1;
	}
	/* the home centre's working hours and cut-off (calendar.h), the same
	 * reading as `motcua calendar` makes */
	wc_hours_default(&a->hours);
	if (calendar_home_hours(db, &a->hours) < 0)
		log_warn("clock=bad_working_hours using=default");
	/* every agency's (D30) */
	a->agency_hours = NULL;
	a->nagency_hours = 0;
	if (calendar_all_hours(db, &a->agency_hours, &a->nagency_hours) < 0)
		log_warn("clock=agency_hours_unreadable using=home");
	return 0;
}

void app_clock_free(struct app *a)
{
	hol_free(a->cal);
	a->cal = NULL;
	free(a->agency_hours);
	a->agency_hours = NULL;
	a->nagency_hours = 0;
	pthread_rwlock_destroy(&a->cal_lock);
	pthread_mutex_destroy(&a->cal_swap);
}

int app_clock_reload(struct app *a)
{
	struct db *db = NULL;
	char err[256];
	/* from the reading to the swap: a change committed and published by
	 * this server meanwhile (app_cal_replace) is either read here or
	 * swapped in after this */
	pthread_mutex_lock(&a->cal_swap);
	if (db_open(a->cfg.db_path, DB_OPEN_READONLY, &db, err, sizeof err) != 0) {
		pthread_mutex_unlock(&a->cal_swap);
		log_error("clock=reload_failed reason=open");
		return -1;
	}
	/* one snapshot: the calendar and the hours as of one commit */
	db_begin_read(db);
	struct hol_error he = {0};
	struct hol_calendar *cal = calendar_build(db, &he);
	struct wc_hours hours;
	wc_hours_default(&hours);
	int hrc = calendar_home_hours(db, &hours);
	struct agency_hours *all = NULL;
	size_t nall = 0;
	int arc = calendar_all_hours(db, &all, &nall);
	db_end_read(db);
	db_close(db);
	if (!cal) {
		pthread_mutex_unlock(&a->cal_swap);
		free(all);
		log_error("clock=reload_failed reason=calendar line=%d", he.line);
		return -1;
	}
	pthread_rwlock_wrlock(&a->cal_lock);
	struct hol_calendar *old = a->cal;
	struct agency_hours *old_all = NULL;
	a->cal = cal;
	if (hrc >= 0)
		a->hours = hours;
	if (arc == 0) {
		old_all = a->agency_hours;
		a->agency_hours = all;
		a->nagency_hours = nall;
		all = NULL;
	}
	pthread_rwlock_unlock(&a->cal_lock);
	pthread_mutex_unlock(&a->cal_swap);
	hol_free(old);
	free(old_all);
	free(all);
	return 0;
}

void app_clock_set_hours(struct app *a, struct agency_hours *all, size_t n)
{
	pthread_mutex_lock(&a->cal_swap); /* see app.h */
	pthread_rwlock_wrlock(&a->cal_lock);
	struct agency_hours *old = a->agency_hours;
	a->agency_hours = all;
	a->nagency_hours = n;
	for (size_t i = 0; i < n; i++)
		if (all[i].home)
			a->hours = all[i].h;
	pthread_rwlock_unlock(&a->cal_lock);
	pthread_mutex_unlock(&a->cal_swap);
	free(old);
}

static int by_id(const void *k, const void *e)
{
	long long id = *(const long long *)k, other = ((const struct agency_hours *)e)->agency_id;
	return id < other ? -1 : id > other;
}

/* The hours of `agency` (0 or unknown: the home agency's); under cal_lock. */
static const struct wc_hours *hours_of(struct app *a, long long agency)
{
	const struct agency_hours *x =
		agency && a->agency_hours
			? bsearch(&agency, a->agency_hours, a->nagency_hours, sizeof *x, by_id)
			: NULL;
	return x ? &x->h : &a->hours;
}

void clock_hours_of(struct app *a, long long agency, struct wc_hours *out)
{
	app_cal_lock(a);
	*out = *hours_of(a, agency);
	app_cal_unlock(a);
}

int64_t clock_day_seconds_of(struct app *a, long long agency)
{
	app_cal_lock(a);
	int64_t s = wc_day_seconds(hours_of(a, agency));
	app_cal_unlock(a);
	return s;
}

int64_t clock_add_of(struct app *a, long long agency, int64_t t, int64_t work_s)
{
	int64_t out = t + work_s;
	const struct hol_calendar *c = app_cal_lock(a);
	if (wc_add(c, hours_of(a, agency), t, work_s, &out) != 0)
		out = t + work_s;
	app_cal_unlock(a);
	return out;
}

int64_t clock_elapsed_of(struct app *a, long long agency, int64_t from, int64_t to)
{
	const struct hol_calendar *c = app_cal_lock(a);
	int64_t e = wc_elapsed(c, hours_of(a, agency), from, to);
	app_cal_unlock(a);
	return e;
}

int64_t clock_day_seconds(struct app *a)
{
	return clock_day_seconds_of(a, 0);
}

int64_t clock_add(struct app *a, int64_t t, int64_t work_s)
{
	return clock_add_of(a, 0, t, work_s);
}

int64_t clock_elapsed(struct app *a, int64_t from, int64_t to)
{
	return clock_elapsed_of(a, 0, from, to);
}

int clock_plan(struct app *a, int64_t received, double value, const char *unit, int cutoff,
	       const double *shares, int nsteps, struct clock_plan *out)
{
	return clock_plan_of(a, 0, 0, received, value, unit, cutoff, shares, nsteps, out);
}

int clock_plan_of(struct app *a, long long agency, long long receiving, int64_t received,
		  double value, const char *unit, int cutoff, const double *shares, int nsteps,
		  struct clock_plan *out)
{
	enum wc_unit u;
	if (strcmp(unit, "working_days") == 0)
		u = WC_WORKING_DAYS;
	else if (strcmp(unit, "working_hours") == 0)
		u = WC_WORKING_HOURS;
	else if (strcmp(unit, "same_day") == 0)
		u = WC_SAME_DAY;
	else if (strcmp(unit, "days") == 0)
		u = WC_CALENDAR_DAYS;
	else
		return -1;
	if (nsteps < 1 || nsteps > CLOCK_MAX_STEPS || !(value > 0))
		return -1;
	memset(out, 0, sizeof *out);
	out->nsteps = nsteps;
	/* the 15:00 cut-off is the centre's practice, per procedure (on by
	 * default): without it a dossier received late in the day starts its
	 * clock at once */
	const struct hol_calendar *c = app_cal_lock(a);
	struct wc_hours hours = *hours_of(a, agency);
	if (!cutoff)
		hours.cutoff = WC_NO_CUTOFF;
	struct wc_due d;
	int64_t from = received;
	if (receiving && receiving != agency && u != WC_CALENDAR_DAYS) {
		/* received at another centre: its cut-off and periods say when the
		 * clock starts; from there on the competent agency's hours count */
		struct wc_hours rh = *hours_of(a, receiving);
		if (!cutoff)
			rh.cutoff = WC_NO_CUTOFF;
		from = wc_clock_start(c, &rh, received);
		hours.cutoff = WC_NO_CUTOFF;
	}
	int rc = wc_due(c, &hours, from, u, (int64_t)llround(value * 1000), &d);
	if (rc == 0) {
		out->start = d.start;
		out->due = d.due;
		int64_t unit_s = u == WC_WORKING_DAYS ? wc_day_seconds(&hours) : 3600;
		int64_t span = wc_elapsed(c, &hours, d.start, d.due);
		double cum = 0;
		for (int k = 0; k < nsteps; k++) {
			cum += shares[k];
			if (k == nsteps - 1) {
				out->step_due[k] = d.due;
				continue;
			}
			int64_t work = (u == WC_WORKING_DAYS || u == WC_WORKING_HOURS)
					       ? (int64_t)llround(cum * (double)unit_s)
					       : (int64_t)llround(cum / value * (double)span);
			if (wc_add(c, &hours, d.start, work, &out->step_due[k]) != 0)
				out->step_due[k] = d.due;
			if (out->step_due[k] > d.due)
				out->step_due[k] = d.due;
		}
	}
	app_cal_unlock(a);
	return rc;
}
