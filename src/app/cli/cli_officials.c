/*
 * cli_officials.c — `motcua remind`: the officials' evaluation reminders
 * (issue 15, D42) from the command line, for a cron job: the same mails as
 * POST /api/v1/evaluations/cycles/{id}/remind (one per person who must act
 * on an evaluation not yet concluded), queued in the outbox of the home
 * agency's cycle; the running server's sender delivers them. Audited as
 * "cli".
 */
#include <stdio.h>
#include <string.h>

#include "app/cli/cli.h"
#include "app/cli/cli_common.h"
#include "app/officials/officials.h"

static const char remind_usage[] =
	"usage: motcua remind [--db PATH] --year YYYY [--kind yearly|midyear]\n"
	"\n"
	"Queues the reminders of the home agency's evaluation cycle of that year\n"
	"(default: the yearly one): one mail to each official, head or leader who\n"
	"must act on an evaluation not yet concluded, with the stage's deadline.\n"
	"The running server's mail sender delivers them. Prints {\"sent\": n}.\n"
	"For a cron job, e.g. weekly in December:\n"
	"  0 8 * 12 1 motcua remind --db /var/lib/motcua/motcua.db --year 2026\n"
	"--db defaults to " DEFAULT_DB ".\n";

struct job {
	long long year;
	const char *kind;
	struct problem p;
	json_t *out;
};

static int remind_fn(struct db *db, void *arg)
{
	struct job *j = arg;
	long long id = officials_cycle_id(db, &cli_actor, j->year, j->kind);
	if (!id) {
		problem_set(&j->p, ERR_NOT_FOUND, "cycle_not_found", NULL,
			    "Không có đợt đánh giá này.", "There is no such evaluation cycle.");
		return -1;
	}
	return officials_cycle_remind(db, &cli_actor, cli_now(), id, &j->p, &j->out) ? -1 : 0;
}

int cli_remind(int argc, char **argv)
{
	const char *path = DEFAULT_DB;
	struct job j = {.kind = "yearly"};
	struct cli_opt opts[] = {CLI_VALUE("db", &path),
				 CLI_NUMBER("year", &j.year, 2000, 2100,
					    "motcua remind: --year takes a year, 2000-2100\n"),
				 CLI_VALUE("kind", &j.kind), CLI_END};
	int rc = cli_parse(argc, argv, opts, remind_usage, NULL);
	if (rc)
		return cli_status(rc);
	if (!j.year || (strcmp(j.kind, "yearly") != 0 && strcmp(j.kind, "midyear") != 0)) {
		fputs(remind_usage, stderr);
		return 2;
	}
	struct db *db = cli_open_db(path, 0);
	if (!db)
		return 1;
	rc = db_tx(db, remind_fn, &j);
	db_close(db);
	if (rc != 0) {
		fprintf(stderr, "motcua remind: %s\n", j.p.code ? j.p.en : "database error");
		return 1;
	}
	return cli_print_json(j.out, "motcua remind");
}
