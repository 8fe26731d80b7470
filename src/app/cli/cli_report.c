/*
 * cli_report.c — `motcua report rollup`: bring the periodic report's daily
 * rollup (report_day, DECISIONS D38) up to yesterday, in one write
 * transaction with its audit record. Run it nightly (docs/DEPLOY.md: a
 * cron line after midnight); beside a running server it is one short
 * write. The report is right without it (the days not rolled up are read
 * from the dossiers), only slower over long periods.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "app/cli/cli.h"
#include "app/cli/cli_common.h"
#include "app/performance/performance.h"
#include "app/platform/clock.h"
#include "app/report/report.h"
#include "core/vntime.h"

static const char report_usage[] =
	"usage: motcua report rollup [--db PATH] [--rebuild]\n"
	"\n"
	"Adds to the rollup of the periodic report (Biểu II.06a) every Vietnam day\n"
	"since its last run up to yesterday: per agency and procedure, the dossiers\n"
	"received, resolved (early, late), withdrawn, refused, and those open and\n"
	"overdue at the day's end; and the steps of the control sheet finished each\n"
	"day, per unit, officer and outcome (the dashboards' breakdowns and the\n"
	"officers' figures). --rebuild: again from the first dossier. Prints\n"
	"{\"from\":DAY,\"through\":DAY,\"rows\":N,\"step_rows\":M} (days [from,\n"
	"through) written).\n"
	"--db defaults to " DEFAULT_DB ". Exit status: 0, 1 failure, 2 bad usage.\n";

struct job {
	int rebuild;
	int64_t now;
	struct report_rollup_out out;
	struct app *app; /* the legal clock of the step rollup */
	struct perf_rollup_out steps;
	struct problem p;
};

static int run(struct db *db, void *arg)
{
	struct job *j = arg;
	if (report_rollup(db, &cli_actor, j->now, j->rebuild, &j->out, &j->p))
		return -1;
	/* and the control sheet's steps (D41), in the same transaction */
	return performance_rollup(db, j->app, &cli_actor, j->now, j->rebuild, &j->steps, &j->p) ? -1
												: 0;
}

int cli_report(int argc, char **argv)
{
	const char *path = DEFAULT_DB;
	int rebuild = 0, first = 0;
	struct cli_opt opts[] = {CLI_VALUE("db", &path), CLI_FLAG("rebuild", &rebuild), CLI_END};
	int rc = cli_parse(argc, argv, opts, report_usage, &first);
	if (rc)
		return cli_status(rc);
	if (first != argc - 1 || strcmp(argv[first], "rollup") != 0) {
		fputs(report_usage, stderr);
		return 2;
	}
	struct db *db = cli_open_db(path, 0);
	if (!db)
		return 1;
	struct app app;
	memset(&app, 0, sizeof app);
	char err[256];
	if (app_clock_init(&app, db, err, sizeof err) != 0) {
		fprintf(stderr, "motcua report: %s\n", err);
		db_close(db);
		return 1;
	}
	struct job j = {.rebuild = rebuild, .now = cli_now(), .app = &app};
	rc = db_tx(db, run, &j);
	app_clock_free(&app);
	db_close(db);
	if (rc != 0) {
		fputs("motcua report: the rollup could not be written\n", stderr);
		return 1;
	}
	char f[16], t[16];
	vn_format_date_days(j.out.from_day, f, sizeof f);
	vn_format_date_days(j.out.through_day, t, sizeof t);
	return cli_print_json(json_pack("{s:s,s:s,s:I,s:I}", "from", f, "through", t, "rows",
					(json_int_t)j.out.rows, "step_rows",
					(json_int_t)j.steps.rows),
			      "motcua report");
}
