/*
 * main.c — the command line of motcua: dispatches to one subcommand.
 *
 * Every subcommand lives in src/app/cli_*.c; this file only routes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli/cli.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{"serve", cli_serve, "serve the centre over HTTP"},
	{"migrate", cli_migrate, "create or upgrade a database"},
	{"demo", cli_demo, "load the demo centre into a new database"},
	{"user", cli_user, "add staff accounts, change passwords"},
	{"token", cli_token, "issue personal API tokens"},
	{"calendar", cli_calendar, "lunar dates, holidays and due dates"},
	{"backup", cli_backup, "copy the database safely, also while serving"},
	{"routes", cli_routes, "print the HTTP route table as JSON"},
	{"check", cli_check, "check that the database is consistent"},
	{"audit", cli_audit, "print the audit trail"},
	{"outbox", cli_outbox, "list the e-mail outbox, queue a test message"},
	{"centre", cli_centre, "show or change the centre: name, hotline, hours"},
	{"migrate-store", cli_migrate_store, "copy a centre's SQLite database into PostgreSQL"},
	{"apikey", cli_apikey, "issue and revoke Open311 API keys"},
	{"export", cli_export, "export a period's dossiers for the national portal (JSON lines)"},
	{"remind", cli_remind, "queue the officials' evaluation reminders (for cron)"},
	{"report", cli_report, "roll up the periodic report's closed days"},
};

static void usage(FILE *f)
{
	fputs("usage: motcua <command> [options]\n\ncommands:\n", f);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\nRun 'motcua <command> --help' for a command's options.\n", f);
}

int main(int argc, char **argv)
{
	/* motcua computes Vietnam's time itself (core/vntime.c) and never asks
	 * libc for local time; but libraries do (libmicrohttpd, for the Date
	 * header), and with TZ unset glibc stats /etc/localtime on every call.
	 * With TZ set it reads the file once. */
	if (!getenv("TZ"))
		setenv("TZ", ":/etc/localtime", 0);
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "motcua: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
