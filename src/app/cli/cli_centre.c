/*
 * cli_centre.c — `motcua centre`: the home centre's identity and working
 * hours, and setting its hours and cut-off (summer hours, a new decision of
 * the People's Committee). A change is audited ("centre.hours"); the
 * server reads the hours when it starts.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "app/cli/cli.h"
#include "app/cli/cli_common.h"
#include "core/workcal.h"

/* ==== SQL of `motcua centre` (plain SQL: SQLite and PostgreSQL) =========
 * A later step moves it to the platform's store. */
static const char sql_home[] =
	"SELECT code, eid, name, centre_name, address, phone, email, work_periods, cutoff"
	" FROM agency WHERE is_home = 1 ORDER BY id LIMIT 1";
static const char sql_set_hours[] =
	"UPDATE agency SET work_periods = $2, cutoff = $3 WHERE code = $1";
/* ==== end of the SQL ==================================================== */

static json_t *home_json(struct db *db)
{
	struct db_stmt *st = db_prep(db, sql_home);
	json_t *o = NULL;
	if (db_step(st) == DB_ROW)
		o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "code", db_col_text(st, 0),
			      "eid", db_col_text(st, 1), "agency", db_col_text(st, 2), "name",
			      db_col_text(st, 3), "address", db_col_text(st, 4), "phone",
			      db_col_text(st, 5), "email", db_col_text(st, 6), "work_periods",
			      db_col_text(st, 7), "cutoff", db_col_text(st, 8));
	db_done(st);
	return o;
}

struct set_hours {
	const char *periods, *cutoff;
	int64_t now;
};

static int set_hours_fn(struct db *db, void *arg)
{
	struct set_hours *h = arg;
	json_t *before = home_json(db);
	if (!before)
		return -1;
	const char *code = json_string_value(json_object_get(before, "code"));
	json_t *b = json_pack("{s:O,s:O}", "work_periods", json_object_get(before, "work_periods"),
			      "cutoff", json_object_get(before, "cutoff"));
	json_t *a = json_pack("{s:s,s:s}", "work_periods", h->periods, "cutoff", h->cutoff);
	struct db_stmt *st = db_prep(db, sql_set_hours);
	db_bind_text(st, 1, code);
	db_bind_text(st, 2, h->periods);
	db_bind_text(st, 3, h->cutoff);
	int rc = db_run(st) == DB_OK ? 0 : -1;
	if (rc == 0)
		rc = audit_write(db, &cli_actor, h->now, "centre.hours", "agency", code, b, a);
	json_decref(b);
	json_decref(a);
	json_decref(before);
	return rc;
}

int cli_centre(int argc, char **argv)
{
	static const char usage[] =
		"usage: motcua centre [--db PATH] [--hours 07:30-11:30,13:00-17:00] [--cutoff "
		"HH:MM]\n"
		"\n"
		"Prints the home centre (the one this server runs) as one JSON document:\n"
		"  {\"code\",\"eid\",\"agency\",\"name\",\"address\",\"phone\",\"email\",\n"
		"   \"work_periods\",\"cutoff\"}\n"
		"--hours sets its working periods and --cutoff the time after which a dossier\n"
		"received counts from the next working day; the change is audited\n"
		"(centre.hours) and printed. Appointments already promised do not move. The\n"
		"server reads the hours when it starts: restart it after a change.\n"
		"--db defaults to " DEFAULT_DB ". Exit status: 0, 1 failure, 2 bad usage.\n";
	static const struct option opts[] = {{"db", required_argument, 0, 'd'},
					     {"hours", required_argument, 0, 'H'},
					     {"cutoff", required_argument, 0, 'c'},
					     {"help", no_argument, 0, 'h'},
					     {0, 0, 0, 0}};
	const char *path = DEFAULT_DB, *hours = NULL, *cutoff = NULL;
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': path = optarg; break;
		case 'H': hours = optarg; break;
		case 'c': cutoff = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (optind < argc) {
		fputs(usage, stderr);
		return 2;
	}
	char periods[128], cut[24];
	if (hours || cutoff) {
		struct wc_hours h;
		wc_hours_default(&h);
		int minutes = h.cutoff;
		if (hours && wc_hours_parse(&h, hours, strlen(hours)) != 0) {
			fputs("motcua centre: bad --hours (e.g. 07:30-11:30,13:00-17:00)\n",
			      stderr);
			return 2;
		}
		if (cutoff && wc_parse_hhmm(cutoff, strlen(cutoff), &minutes) != 0) {
			fputs("motcua centre: bad --cutoff (HH:MM)\n", stderr);
			return 2;
		}
		h.cutoff = minutes;
		if (hours &&
		    (!wc_hours_valid(&h) || wc_hours_format(&h, periods, sizeof periods) < 0)) {
			fputs("motcua centre: bad --hours (e.g. 07:30-11:30,13:00-17:00)\n",
			      stderr);
			return 2;
		}
		snprintf(cut, sizeof cut, "%02d:%02d", minutes / 60, minutes % 60);
	}
	struct db *db = cli_open_db(path, 0);
	if (!db)
		return 1;
	json_t *home = home_json(db);
	if (!home) {
		fprintf(stderr, "motcua centre: %s has no home centre\n", path);
		db_close(db);
		return 1;
	}
	if (hours || cutoff) {
		struct set_hours sh = {
			hours ? periods : json_string_value(json_object_get(home, "work_periods")),
			cutoff ? cut : json_string_value(json_object_get(home, "cutoff")),
			cli_now()};
		int rc = db_tx(db, set_hours_fn, &sh);
		json_decref(home);
		home = rc == 0 ? home_json(db) : NULL;
		if (!home) {
			fputs("motcua centre: the hours could not be saved\n", stderr);
			db_close(db);
			return 1;
		}
	}
	db_close(db);
	int rc = json_dumpf(home, stdout, JSON_COMPACT);
	json_decref(home);
	if (rc != 0 || fputc('\n', stdout) == EOF || fflush(stdout) != 0) {
		fputs("motcua centre: cannot write the output\n", stderr);
		return 1;
	}
	return 0;
}
