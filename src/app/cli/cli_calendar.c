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
#include <string.h>

#include "app/calendar/calendar.h"
#include "app/cli/cli.h"
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
	"\n"
	"  lunar     the Vietnamese lunar date (UTC+7) of a solar date\n"
	"  solar     the solar date of a lunar date (--leap: in the leap month)\n"
	"  holidays  days off other than ordinary weekends, and weekend working days\n"
	"  due       clock start and due instant, in local time; N may be fractional\n"
	"            for --days and --hours (0.5); the cut-off defaults to 15:00\n"
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
	char e[512];
	struct db *db = NULL;
	if (db_open(db_path, DB_OPEN_READONLY, &db, e, sizeof e) != 0) {
		fprintf(stderr, "calendar: %s\n", e);
		return -1;
	}
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

static int print_json(json_t *obj)
{
	if (!obj) {
		fputs("calendar: out of memory\n", stderr);
		return 1;
	}
	int rc = json_dumpf(obj, stdout, JSON_COMPACT);
	json_decref(obj);
	if (rc != 0 || fputc('\n', stdout) == EOF || fflush(stdout) != 0) {
		fputs("calendar: cannot write the output\n", stderr);
		return 1;
	}
	return 0;
}

/* Exactly n decimal digits of s → value, or -1. */
static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
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
	return print_json(json_pack("{s:i,s:i,s:i,s:b}", "year", ld.year, "month", ld.month, "day",
				    ld.day, "leap", ld.leap));
}

static int cmd_solar(int argc, char **argv)
{
	const char *date = NULL;
	int leap = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--leap") == 0)
			leap = 1;
		else if (!date && argv[i][0] != '-')
			date = argv[i];
		else
			return usage_error("unexpected argument");
	}
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
	return print_json(json_pack("{s:s}", "date", out));
}

static int cmd_holidays(int argc, char **argv)
{
	const char *db = NULL, *ys = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			db = argv[++i];
		else if (!ys && argv[i][0] != '-')
			ys = argv[i];
		else
			return usage_error("unexpected argument");
	}
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
	return print_json(
		json_pack("{s:i,s:o,s:o}", "year", year, "days_off", off, "working_days", work));
}

static int cmd_due(int argc, char **argv)
{
	const char *from = NULL, *db = NULL, *amount = NULL;
	enum wc_unit unit = WC_WORKING_DAYS;
	int nunits = 0, spec_given = 0, cut_given = 0;
	struct wc_hours h, spec;
	wc_hours_default(&h);
	wc_hours_default(&spec);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--same-day") == 0) {
			unit = WC_SAME_DAY;
			nunits++;
			continue;
		}
		if (!val)
			return usage_error("an option is missing its value");
		i++;
		if (strcmp(a, "--from") == 0) {
			from = val;
		} else if (strcmp(a, "--db") == 0) {
			db = val;
		} else if (strcmp(a, "--days") == 0 || strcmp(a, "--hours") == 0 ||
			   strcmp(a, "--calendar-days") == 0) {
			unit = a[2] == 'd'   ? WC_WORKING_DAYS
			       : a[2] == 'h' ? WC_WORKING_HOURS
					     : WC_CALENDAR_DAYS;
			amount = val;
			nunits++;
		} else if (strcmp(a, "--hours-spec") == 0) {
			if (wc_hours_parse(&spec, val, strlen(val)) != 0)
				return usage_error(
					"bad --hours-spec (e.g. 07:30-11:30,13:00-17:00)");
			spec_given = 1;
		} else if (strcmp(a, "--cutoff") == 0) {
			if (strcmp(val, "none") == 0)
				spec.cutoff = WC_NO_CUTOFF;
			else if (wc_parse_hhmm(val, strlen(val), &spec.cutoff) != 0)
				return usage_error("bad --cutoff (HH:MM or none)");
			cut_given = 1;
		} else {
			return usage_error("unknown option");
		}
	}
	if (!from)
		return usage_error("--from is required");
	if (nunits != 1)
		return usage_error(
			"give exactly one of --days, --hours, --same-day, --calendar-days");
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
	if (spec_given) {
		h.n = spec.n;
		memcpy(h.start, spec.start, sizeof h.start);
		memcpy(h.end, spec.end, sizeof h.end);
	}
	if (cut_given)
		h.cutoff = spec.cutoff;
	struct wc_due due;
	int rc = wc_due(cal, &h, t, unit, milli, &due);
	hol_free(cal);
	if (rc != 0) {
		fputs("calendar: cannot compute this due date\n", stderr);
		return 1;
	}
	char s[32], d[32];
	vn_format_local(due.start, s, sizeof s);
	vn_format_local(due.due, d, sizeof d);
	return print_json(json_pack("{s:s,s:s}", "start", s, "due", d));
}

int cli_calendar(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
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
	return usage_error("unknown subcommand");
}
