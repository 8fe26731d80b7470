/*
 * cli_calendar.c — `motcua calendar …`: lunar dates, the year's days off and
 * due dates, from the shipped calendar data. One JSON object on stdout.
 *
 *   calendar lunar YYYY-MM-DD             → {"year":…,"month":…,"day":…,"leap":…}
 *   calendar solar YYYY-MM-DD [--leap]    → {"date":"YYYY-MM-DD"} (argument is lunar)
 *   calendar holidays YEAR [--db PATH]    → {"year":…,"days_off":[…],"working_days":[…]}
 *   calendar due --from T (--days N | --hours N | --same-day | --calendar-days N)
 *                [--hours-spec SPEC] [--cutoff HH:MM|none] [--db PATH]
 *                                         → {"start":"…","due":"…"} (local time)
 *   calendar affected --db PATH --date YYYY-MM-DD
 *                                         → {"date","working","name","dossiers":[…]}
 *
 * Exit status: 0 success, 1 failure (message on stderr), 2 bad usage.
 * `--db PATH` applies the administrator's calendar changes kept in that
 * database (calendar.h, opened read-only) on top of the shipped data;
 * for `due` it also takes the home agency's working hours and cut-off from
 * it (explicit --hours-spec / --cutoff still win).
 *
 * Threading: a command-line tool, single-threaded.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/calendar/calendar.h"
#include "app/cli/cli.h"
#include "app/cli/cli_common.h"
#include "core/holidays.h"
#include "core/lunar.h"
#include "core/vntime.h"
#include "core/workcal.h"

static const char usage_text[] =
	"usage: motcua calendar lunar YYYY-MM-DD\n"
	"       motcua calendar solar YYYY-MM-DD [--leap]\n"
	"       motcua calendar holidays YEAR [--db PATH]\n"
	"       motcua calendar due --from YYYY-MM-DDTHH:MM\n"
	"                           (--days N | --hours N | --same-day | --calendar-days N)\n"
	"                           [--hours-spec 07:30-11:30,13:00-17:00] [--cutoff 15:00|none]\n"
	"                           [--db PATH]\n"
	"       motcua calendar affected --db PATH --date YYYY-MM-DD\n"
	"\n"
	"  lunar     the Vietnamese lunar date (UTC+7) of a solar date\n"
	"  solar     the solar date of a lunar date (--leap: in the leap month)\n"
	"  holidays  days off other than ordinary weekends, and weekend working days\n"
	"  due       clock start and due instant, in local time; N may be fractional\n"
	"            for --days and --hours (0.5); the cut-off defaults to 15:00\n"
	"  affected  the open dossiers whose promised window spans that date\n"
	"            (appointments are never recomputed: the centre decides)\n"
	"  --db      apply the calendar changes stored in that database; for due,\n"
	"            also its home agency's working hours and cut-off\n";

static int usage_error(const char *msg)
{
	if (msg)
		fprintf(stderr, "calendar: %s\n", msg);
	fputs(usage_text, stderr);
	return 2;
}

/*
 * The administrator's changes kept in the database at db_path, applied to
 * `cal` (calendar_load_db: stored rules replace the shipped ones, stored
 * years replace theirs); with h, the home agency's working hours too (left
 * as they are, with a warning, when malformed). Opened read-only.
 */
static int apply_db_overrides(struct hol_calendar *cal, const char *db_path, struct wc_hours *h)
{
	struct db *db = cli_open_read(db_path, "calendar", 0);
	if (!db)
		return -1;
	struct hol_error he;
	int rc = calendar_load_db(db, cal, &he);
	if (rc != 0)
		fprintf(stderr, "calendar: %s: %s (a migrated motcua database is needed)\n",
			db_path, he.msg);
	else if (h && calendar_home_hours(db, h) < 0)
		fputs("calendar: the home agency's working hours are malformed; using the "
		      "defaults\n",
		      stderr);
	db_close(db);
	return rc;
}

/* Exactly n decimal digits at s → their value, or -1. */
static int digits(const char *s, int n)
{
	char buf[8];
	if (n >= (int)sizeof buf || strspn(s, "0123456789") < (size_t)n)
		return -1;
	memcpy(buf, s, (size_t)n);
	buf[n] = '\0';
	return (int)strtol(buf, NULL, 10);
}

/* "12", "0.5", "1.25" → thousandths; at most 3 decimals and `max` units. */
static int parse_milli(const char *s, long long max, long long *out)
{
	long long v = 0;
	size_t i = 0, n = strlen(s);
	int frac = -1;
	if (n == 0)
		return -1;
	for (; i < n; i++) {
		if (s[i] == '.' && frac < 0 && i > 0) {
			frac = 0;
			continue;
		}
		if (s[i] < '0' || s[i] > '9' || frac == 3)
			return -1;
		v = v * 10 + (s[i] - '0');
		if (frac >= 0)
			frac++;
		if (v > max * 1000)
			return -1;
	}
	if (frac == 0)
		return -1; /* "3." */
	for (int k = frac < 0 ? 0 : frac; k < 3; k++)
		v *= 10;
	if (v > max * 1000)
		return -1;
	*out = v;
	return 0;
}

/* The shipped calendar, with the database's changes when db_path is set
 * (and then, with h, the home agency's hours). */
static struct hol_calendar *load_calendar(const char *db_path, struct wc_hours *h)
{
	struct hol_error err;
	struct hol_calendar *cal = hol_new_shipped(&err);
	if (!cal) {
		fprintf(stderr, "calendar: shipped calendar data, line %d: %s\n", err.line,
			err.msg);
		return NULL;
	}
	if (db_path && apply_db_overrides(cal, db_path, h) != 0) {
		hol_free(cal);
		return NULL;
	}
	return cal;
}

static int cmd_lunar(int argc, char **argv)
{
	int64_t days;
	struct lunar_date ld;
	if (argc != 2)
		return usage_error("lunar takes one date");
	if (vn_parse_date(argv[1], strlen(argv[1]), &days) != 0)
		return usage_error("expected a date YYYY-MM-DD");
	if (lunar_from_days(days, &ld) != 0) {
		fputs("calendar: date outside the lunar calendar's range (1900-2199)\n", stderr);
		return 1;
	}
	return cli_print_json(json_pack("{s:i,s:i,s:i,s:b}", "year", ld.year, "month", ld.month,
					"day", ld.day, "leap", ld.leap),
			      "calendar");
}

/* The options of opts and at most one operand (*operand, NULL if none):
 * 0, CLI_HELP, or 2 after a message. */
static int opts_and_operand(int argc, char **argv, struct cli_opt *opts, const char **operand)
{
	int first, rc = cli_parse(argc, argv, opts, usage_text, &first);
	if (rc == 0 && argc - first > 1)
		rc = usage_error("unexpected argument");
	*operand = rc == 0 && first < argc ? argv[first] : NULL;
	return rc;
}

static int cmd_solar(int argc, char **argv)
{
	int leap = 0;
	const char *date;
	struct cli_opt opts[] = {CLI_FLAG("leap", &leap), CLI_END};
	int rc = opts_and_operand(argc, argv, opts, &date);
	if (rc)
		return cli_status(rc);
	if (!date || strlen(date) != 10 || date[4] != '-' || date[7] != '-')
		return usage_error("expected a lunar date YYYY-MM-DD");
	struct lunar_date ld = {digits(date, 4), digits(date + 5, 2), digits(date + 8, 2), leap};
	if (ld.year < 0 || ld.month < 0 || ld.day < 0)
		return usage_error("expected a lunar date YYYY-MM-DD");
	int64_t days;
	if (lunar_to_days(&ld, &days) != 0) {
		fprintf(stderr, "calendar: no such lunar date %s%s (range 1899-2199)\n", date,
			leap ? " in a leap month" : "");
		return 1;
	}
	char out[16];
	vn_format_date_days(days, out, sizeof out);
	return cli_print_json(json_pack("{s:s}", "date", out), "calendar");
}

static int cmd_holidays(int argc, char **argv)
{
	const char *db = NULL, *ys;
	struct cli_opt opts[] = {CLI_VALUE("db", &db), CLI_END};
	int rc = opts_and_operand(argc, argv, opts, &ys);
	if (rc)
		return cli_status(rc);
	if (!ys || strlen(ys) != 4 || digits(ys, 4) < 0)
		return usage_error("expected a year YYYY");
	int year = digits(ys, 4);
	if (year < HOL_FIRST_YEAR || year > HOL_LAST_YEAR) {
		fprintf(stderr, "calendar: year outside %d-%d\n", HOL_FIRST_YEAR, HOL_LAST_YEAR);
		return 1;
	}
	struct hol_calendar *cal = load_calendar(db, NULL);
	if (!cal)
		return 1;
	const struct hol_row *v;
	size_t n = hol_year_days(cal, year, &v);
	json_t *off = json_array(), *work = json_array();
	for (size_t i = 0; i < n; i++) {
		char d[16];
		int wd = vn_weekday(v[i].day);
		vn_format_date_days(v[i].day, d, sizeof d);
		if (v[i].kind == HOL_OFF)
			json_array_append_new(off,
					      json_pack("{s:s,s:s}", "date", d, "name", v[i].name));
		else if (wd == 0 || wd == 6)
			json_array_append_new(work,
					      json_pack("{s:s,s:s}", "date", d, "name", v[i].name));
	}
	hol_free(cal);
	return cli_print_json(
		json_pack("{s:i,s:o,s:o}", "year", year, "days_off", off, "working_days", work),
		"calendar");
}

static int cmd_due(int argc, char **argv)
{
	const char *from = NULL, *db = NULL, *days = NULL, *hours = NULL, *cdays = NULL;
	const char *hours_spec = NULL, *cutoff = NULL;
	int same_day = 0;
	struct cli_opt opts[] = {CLI_VALUE("from", &from),
				 CLI_VALUE("db", &db),
				 CLI_VALUE("days", &days),
				 CLI_VALUE("hours", &hours),
				 CLI_VALUE("calendar-days", &cdays),
				 CLI_FLAG("same-day", &same_day),
				 CLI_VALUE("hours-spec", &hours_spec),
				 CLI_VALUE("cutoff", &cutoff),
				 CLI_END};
	int rc = cli_parse(argc, argv, opts, usage_text, NULL);
	if (rc)
		return cli_status(rc);
	struct wc_hours h, spec;
	wc_hours_default(&h);
	wc_hours_default(&spec);
	if (hours_spec && wc_hours_parse(&spec, hours_spec, strlen(hours_spec)) != 0)
		return usage_error("bad --hours-spec (e.g. 07:30-11:30,13:00-17:00)");
	if (cutoff && strcmp(cutoff, "none") == 0)
		spec.cutoff = WC_NO_CUTOFF;
	else if (cutoff && wc_parse_hhmm(cutoff, strlen(cutoff), &spec.cutoff) != 0)
		return usage_error("bad --cutoff (HH:MM or none)");
	if (!from)
		return usage_error("--from is required");
	int nunits = cli_seen(opts, "days") + cli_seen(opts, "hours") +
		     cli_seen(opts, "calendar-days") + cli_seen(opts, "same-day");
	if (nunits != 1)
		return usage_error(
			"give exactly one of --days, --hours, --same-day, --calendar-days");
	enum wc_unit unit = days    ? WC_WORKING_DAYS
			    : hours ? WC_WORKING_HOURS
			    : cdays ? WC_CALENDAR_DAYS
				    : WC_SAME_DAY;
	const char *amount = days ? days : hours ? hours : cdays;
	int64_t t;
	if (vn_parse_instant(from, strlen(from), &t) != 0)
		return usage_error("--from must be YYYY-MM-DDTHH:MM");
	long long milli = 0;
	if (amount && (parse_milli(amount, 36600, &milli) != 0 ||
		       (unit == WC_CALENDAR_DAYS && milli % 1000 != 0)))
		return usage_error(
			"bad amount: a number such as 3 or 0.5 (whole for calendar days)");
	/* hours: defaults, then the database's home agency, then the options */
	struct hol_calendar *cal = load_calendar(db, &h);
	if (!cal)
		return 1;
	if (hours_spec) {
		h.n = spec.n;
		memcpy(h.start, spec.start, sizeof h.start);
		memcpy(h.end, spec.end, sizeof h.end);
	}
	if (cutoff)
		h.cutoff = spec.cutoff;
	struct wc_due due;
	rc = wc_due(cal, &h, t, unit, milli, &due);
	hol_free(cal);
	if (rc != 0) {
		fputs("calendar: cannot compute this due date\n", stderr);
		return 1;
	}
	char s[32], d[32];
	vn_format_local(due.start, s, sizeof s);
	vn_format_local(due.due, d, sizeof d);
	return cli_print_json(json_pack("{s:s,s:s}", "start", s, "due", d), "calendar");
}

/*
 * `calendar affected --db PATH --date D`: whether D is a working day in the
 * calendar in force (shipped data + the database's decisions) and the open
 * dossiers whose promised window spans D (calendar_dossiers_spanning). When
 * D became a day off after they were received (a new holiday shipped in a
 * release, or added by an administrator), these appointments counted it as
 * a working day; they are listed, never recomputed.
 */
static int cmd_affected(int argc, char **argv)
{
	const char *dbp = NULL, *ds = NULL;
	struct cli_opt opts[] = {CLI_VALUE("db", &dbp), CLI_VALUE("date", &ds), CLI_END};
	int rc = cli_parse(argc, argv, opts, usage_text, NULL);
	if (rc)
		return cli_status(rc);
	if (!dbp || !ds)
		return usage_error("affected needs --db PATH and --date YYYY-MM-DD");
	int64_t day;
	if (vn_parse_date(ds, strlen(ds), &day) != 0)
		return usage_error("expected --date YYYY-MM-DD");
	struct hol_calendar *cal = load_calendar(dbp, NULL);
	if (!cal)
		return 1;
	int working = hol_is_working_day(cal, day);
	const struct hol_row *r = hol_day_info(cal, day);
	json_t *name = r && r->kind == HOL_OFF ? json_string(r->name) : json_null();
	hol_free(cal);
	struct db *db = cli_open_read(dbp, "calendar", 0);
	json_t *list = db ? calendar_dossiers_spanning(db, day) : NULL;
	if (db)
		db_close(db);
	if (!list) {
		json_decref(name);
		if (db)
			fprintf(stderr, "calendar: %s: cannot read the dossiers\n", dbp);
		return 1;
	}
	char d[16];
	vn_format_date_days(day, d, sizeof d);
	return cli_print_json(json_pack("{s:s,s:b,s:o,s:o}", "date", d, "working", working, "name",
					name, "dossiers", list),
			      "calendar");
}

int cli_calendar(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			fputs(usage_text, stdout);
			return 0;
		}
	}
	if (argc < 2)
		return usage_error(NULL);
	const char *sub = argv[1];
	if (strcmp(sub, "lunar") == 0)
		return cmd_lunar(argc - 1, argv + 1);
	if (strcmp(sub, "solar") == 0)
		return cmd_solar(argc - 1, argv + 1);
	if (strcmp(sub, "holidays") == 0)
		return cmd_holidays(argc - 1, argv + 1);
	if (strcmp(sub, "due") == 0)
		return cmd_due(argc - 1, argv + 1);
	if (strcmp(sub, "affected") == 0)
		return cmd_affected(argc - 1, argv + 1);
	return usage_error("unknown subcommand");
}
