/*
 * performance_rollup.c — the daily rollup of the control sheet's steps
 * (performance.h, table step_day, DECISIONS D41): written by the nightly
 * `motcua report rollup`, read for the days it holds by the dashboards'
 * breakdowns by unit and officer and by the officers' figures, the steps
 * themselves being read for the rest (D38's pattern).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/performance/performance.h"
#include "app/performance/performance_store.h"
#include "app/platform/clock.h"
#include "core/mem.h"
#include "core/vntime.h"

static int emit(struct db_stmt *st, perf_step_fn fn, void *arg)
{
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		struct perf_step_sum r = {
			.unit_id = db_col_int(st, PSD_UNIT),
			.handler_id = db_col_int(st, PSD_HANDLER),
			.outcome = db_col_text(st, PSD_OUTCOME),
			.steps = db_col_int(st, PSD_STEPS),
			.timed = db_col_int(st, PSD_TIMED),
			.secs = db_col_int(st, PSD_SECS),
		};
		fn(&r, arg);
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int performance_step_sums(struct db *db, int64_t d0, int64_t d1, int by_handler, perf_step_fn fn,
			  void *arg)
{
	if (d1 <= d0)
		return 0;
	int64_t r = perfstore_step_through(db), mid = r < d0 ? d0 : (r > d1 ? d1 : r);
	if (mid > d0 && emit(perfstore_step_days(db, d0, mid, by_handler), fn, arg))
		return -1;
	if (mid < d1 &&
	    emit(perfstore_step_live(db, vn_instant_of_day(mid), vn_instant_of_day(d1), by_handler),
		 fn, arg))
		return -1;
	return 0;
}

/* one row of a day being rolled up */
struct acc {
	long long agency, unit, handler;
	char outcome[16];
	long long steps, timed, secs, work;
};

static int same_key(const struct acc *x, struct db_stmt *st)
{
	return x->agency == db_col_int(st, PSW_AGENCY) && x->unit == db_col_int(st, PSW_UNIT) &&
	       x->handler == db_col_int(st, PSW_HANDLER) &&
	       strcmp(x->outcome, db_col_text(st, PSW_OUTCOME)) == 0;
}

/* Roll up day `day`: its rows appended to *v (read first, written after:
 * one statement at a time on the connection). 0 or -1. */
static int sweep_day(struct db *db, struct app *a, int64_t day, struct acc **v, size_t *n,
		     size_t *cap)
{
	*n = 0;
	struct db_stmt *st =
		perfstore_sweep_steps(db, vn_instant_of_day(day), vn_instant_of_day(day + 1));
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		struct acc *x = *n ? &(*v)[*n - 1] : NULL;
		if (!x || !same_key(x, st)) {
			if (*n == *cap) {
				*cap = *cap ? 2 * *cap : 64;
				*v = xrealloc(*v, *cap * sizeof **v);
			}
			x = &(*v)[(*n)++];
			memset(x, 0, sizeof *x);
			x->agency = db_col_int(st, PSW_AGENCY);
			x->unit = db_col_int(st, PSW_UNIT);
			x->handler = db_col_int(st, PSW_HANDLER);
			snprintf(x->outcome, sizeof x->outcome, "%s", db_col_text(st, PSW_OUTCOME));
		}
		x->steps++;
		if (!db_col_null(st, PSW_STARTED)) {
			int64_t s = db_col_int(st, PSW_STARTED), f = db_col_int(st, PSW_FINISHED);
			x->timed++;
			x->secs += f - s;
			/* as performance_officer counts it live */
			if (f > s)
				x->work += clock_elapsed_of(a, x->agency, s, f);
		}
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

static enum err internal(struct problem *p)
{
	return problem_set(p, ERR_INTERNAL, "internal", NULL, "Lỗi nội bộ.", "Internal error.");
}

int performance_rollup(struct db *db, struct app *a, const struct actor *who, int64_t now,
		       int rebuild, struct perf_rollup_out *out, struct problem *p)
{
	memset(out, 0, sizeof *out);
	int64_t today = vn_day_of(now), lo = perfstore_step_through(db), first;
	if (rebuild || lo == 0) {
		if (perfstore_first_step(db, &first))
			return internal(p);
		lo = first ? vn_day_of(first) : today;
	}
	if (lo > today) /* the clock gone back: today's and later days go */
		lo = today;
	if (perfstore_step_clear(db, lo))
		return internal(p);
	struct acc *v = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;
	for (int64_t d = lo; d < today && !rc; d++) {
		rc = sweep_day(db, a, d, &v, &n, &cap);
		for (size_t i = 0; i < n && !rc; i++, out->rows++)
			rc = perfstore_step_insert(db, d, v[i].agency, v[i].unit, v[i].handler,
						   v[i].outcome, v[i].steps, v[i].timed, v[i].secs,
						   v[i].work);
	}
	free(v);
	if (rc || perfstore_step_set(db, today, now))
		return internal(p);
	out->from_day = lo;
	out->through_day = today;
	char f[16], t[16];
	vn_format_date_days(lo, f, sizeof f);
	vn_format_date_days(today, t, sizeof t);
	json_t *after =
		json_pack("{s:s,s:s,s:I}", "from", f, "through", t, "rows", (json_int_t)out->rows);
	rc = audit_write(db, who, now, "step.rollup", "step_day", t, NULL, after);
	json_decref(after);
	return rc ? internal(p) : 0;
}
