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
 * Threading: the calendar and the working hours are read under
 * app->cal_lock for the duration of each computation; app_clock_reload
 * (another server changed them: platform_listen.c) swaps both under it.
 */
#include "app/platform/clock.h"

#include <math.h>
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
	return 0;
}

void app_clock_free(struct app *a)
{
	hol_free(a->cal);
	a->cal = NULL;
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
	db_end_read(db);
	db_close(db);
	if (!cal) {
		pthread_mutex_unlock(&a->cal_swap);
		log_error("clock=reload_failed reason=calendar line=%d", he.line);
		return -1;
	}
	pthread_rwlock_wrlock(&a->cal_lock);
	struct hol_calendar *old = a->cal;
	a->cal = cal;
	if (hrc >= 0)
		a->hours = hours;
	pthread_rwlock_unlock(&a->cal_lock);
	pthread_mutex_unlock(&a->cal_swap);
	hol_free(old);
	return 0;
}

int64_t clock_day_seconds(struct app *a)
{
	app_cal_lock(a);
	int64_t s = wc_day_seconds(&a->hours);
	app_cal_unlock(a);
	return s;
}

int64_t clock_add(struct app *a, int64_t t, int64_t work_s)
{
	int64_t out = t + work_s;
	const struct hol_calendar *c = app_cal_lock(a);
	if (wc_add(c, &a->hours, t, work_s, &out) != 0)
		out = t + work_s;
	app_cal_unlock(a);
	return out;
}

int64_t clock_elapsed(struct app *a, int64_t from, int64_t to)
{
	const struct hol_calendar *c = app_cal_lock(a);
	int64_t e = wc_elapsed(c, &a->hours, from, to);
	app_cal_unlock(a);
	return e;
}

int clock_plan(struct app *a, int64_t received, double value, const char *unit, int cutoff,
	       const double *shares, int nsteps, struct clock_plan *out)
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
	struct wc_hours hours = a->hours;
	if (!cutoff)
		hours.cutoff = WC_NO_CUTOFF;
	struct wc_due d;
	int rc = wc_due(c, &hours, received, u, (int64_t)llround(value * 1000), &d);
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
