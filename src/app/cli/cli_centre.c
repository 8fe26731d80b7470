/*
 * cli_centre.c — `motcua centre`: the home centre's identity (name, agency,
 * address, hotline, e-mail) and working hours, and changing them: a new
 * name after a merger of communes, summer hours, a decision of the People's
 * Committee. A change is audited ("centre.update", the changed fields before
 * and after); a server on SQLite reads the working hours when it starts,
 * servers on PostgreSQL at once (DB_CHANNEL_CALENDAR). The agency row is
 * read and written in cli_store.c.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "app/cli/cli.h"
#include "app/cli/cli_common.h"
#include "app/cli/cli_store.h"
#include "core/ident.h"
#include "core/utf8.h"
#include "core/workcal.h"

#define CENTRE_TEXT_MAX 300 /* bytes of a name or an address */
#define CENTRE_PHONE_MAX 40

struct update {
	const char *value[CLI_CENTRE_NKEYS]; /* cli_centre_keys; NULL: unchanged */
	int64_t now;
};

static int update_fn(struct db *db, void *arg)
{
	struct update *u = arg;
	json_t *home = cli_db_home(db);
	if (!home)
		return -1;
	const char *code = json_string_value(json_object_get(home, "code"));
	json_t *before = json_object(), *after = json_object();
	for (size_t k = 0; k < CLI_CENTRE_NKEYS; k++) {
		if (u->value[k]) {
			const char *key = cli_centre_keys[k];
			json_object_set(before, key, json_object_get(home, key));
			json_object_set_new(after, key, json_string(u->value[k]));
		}
	}
	int rc = cli_db_home_update(db, code, u->value);
	if (rc == 0)
		rc = audit_write(db, &cli_actor, u->now, "centre.update", "agency", code, before,
				 after);
	/* servers on PostgreSQL read the working hours again (platform_listen.c) */
	if (rc == 0 && db_notify(db, DB_CHANNEL_CALENDAR) != DB_OK)
		rc = -1;
	json_decref(before);
	json_decref(after);
	json_decref(home);
	return rc;
}

/* A one-line UTF-8 text of 1..max bytes. */
static int text_ok(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n == 0 || n > max || utf8_validate(s, n, NULL) != UTF8_OK)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	return 1;
}

static int usage_error(const char *msg)
{
	fprintf(stderr, "motcua centre: %s\n", msg);
	return 2;
}

static const char centre_usage[] =
	"usage: motcua centre [--db PATH] [--name TEXT] [--agency TEXT] [--address TEXT]\n"
	"                     [--phone TEXT] [--email ADDRESS]\n"
	"                     [--hours 07:30-11:30,13:00-17:00] [--cutoff HH:MM]\n"
	"\n"
	"Prints the home centre (the one this server runs) as one JSON document:\n"
	"  {\"code\",\"eid\",\"agency\",\"name\",\"address\",\"phone\",\"email\",\n"
	"   \"work_periods\",\"cutoff\"}\n"
	"With options, first changes it: --name the centre's name, --agency the\n"
	"People's Committee it belongs to, --address, --phone (the hotline), --email;\n"
	"--hours its working periods and --cutoff the time after which a dossier\n"
	"received counts from the next working day. The change is audited\n"
	"(centre.update). Appointments already promised do not move. The server reads\n"
	"the centre when it starts: restart it after a change.\n"
	"--db defaults to " DEFAULT_DB ". Exit status: 0, 1 failure, 2 bad usage.\n";

int cli_centre(int argc, char **argv)
{
	const char *path = DEFAULT_DB;
	struct update u = {{0}, 0};
	struct cli_opt opts[] = {CLI_VALUE("db", &path),
				 CLI_VALUE("agency", &u.value[0]),
				 CLI_VALUE("name", &u.value[1]),
				 CLI_VALUE("address", &u.value[2]),
				 CLI_VALUE("phone", &u.value[3]),
				 CLI_VALUE("email", &u.value[4]),
				 CLI_VALUE("hours", &u.value[5]),
				 CLI_VALUE("cutoff", &u.value[6]),
				 CLI_END};
	int rc = cli_parse(argc, argv, opts, centre_usage, NULL);
	if (rc)
		return cli_status(rc);
	for (int k = 0; k < 3; k++)
		if (u.value[k] && !text_ok(u.value[k], CENTRE_TEXT_MAX))
			return usage_error("--name, --agency and --address: one line of text");
	if (u.value[3] && !text_ok(u.value[3], CENTRE_PHONE_MAX))
		return usage_error("--phone: one short line");
	char email[IDENT_EMAIL_CAP], periods[128], cut[24];
	if (u.value[4]) {
		if (ident_check_email(u.value[4], strlen(u.value[4]), email, sizeof email) !=
		    IDENT_OK)
			return usage_error("--email: not a valid e-mail address");
		u.value[4] = email;
	}
	if (u.value[5]) {
		struct wc_hours h;
		wc_hours_default(&h);
		if (wc_hours_parse(&h, u.value[5], strlen(u.value[5])) != 0 ||
		    !wc_hours_valid(&h) || wc_hours_format(&h, periods, sizeof periods) < 0)
			return usage_error("bad --hours (e.g. 07:30-11:30,13:00-17:00)");
		u.value[5] = periods;
	}
	if (u.value[6]) {
		int minutes;
		if (wc_parse_hhmm(u.value[6], strlen(u.value[6]), &minutes) != 0)
			return usage_error("bad --cutoff (HH:MM)");
		snprintf(cut, sizeof cut, "%02d:%02d", minutes / 60, minutes % 60);
		u.value[6] = cut;
	}
	struct db *db = cli_open_db(path, 0);
	if (!db)
		return 1;
	int changes = 0;
	for (size_t k = 0; k < CLI_CENTRE_NKEYS; k++)
		changes += u.value[k] != NULL;
	if (changes) {
		u.now = cli_now();
		if (db_tx(db, update_fn, &u) != 0) {
			fputs("motcua centre: the change could not be saved (no home centre?)\n",
			      stderr);
			db_close(db);
			return 1;
		}
	}
	json_t *home = cli_db_home(db);
	db_close(db);
	if (!home) {
		char shown[512];
		fprintf(stderr, "motcua centre: %s has no home centre\n",
			db_display_name(path, shown, sizeof shown));
		return 1;
	}
	return cli_print_json(home, "motcua centre");
}
