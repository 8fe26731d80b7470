/*
 * cli_outbox.c — `motcua outbox`: the e-mail outbox, and a test message.
 *
 * The outbox holds the recipients' addresses and the messages (personal
 * data): this command is for the operator of the centre's own machine and
 * database, like reading the database file itself. It never prints to a log.
 * The queries are in cli_store.c; --send-test queues through the mail outbox.
 */
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "app/cli/cli.h"
#include "app/cli/cli_common.h"
#include "app/cli/cli_store.h"
#include "core/ident.h"
#include "mail/outbox.h"

#define OUTBOX_LIMIT_DEFAULT 100
#define OUTBOX_LIMIT_MAX 100000

/* The message --send-test queues: Vietnamese, so a wrong charset shows. */
static const char test_subject[] = "[motcua] Thư thử: cấu hình gửi thư";
static const char test_body[] =
	"Đây là thư thử do lệnh `motcua outbox --send-test` xếp vào hàng đợi.\n"
	"Nếu Ông/Bà nhận được thư này, máy chủ đã gửi thư đúng cách.\n"
	"\n"
	"This is a test message queued by `motcua outbox --send-test`.\n";

struct test_mail {
	const char *to;
	long long id;
};

static int queue_test(struct db *db, void *arg)
{
	struct test_mail *t = arg;
	struct mail_msg m = {.kind = "test",
			     .dossier_code = NULL,
			     .to = t->to,
			     .subject = test_subject,
			     .body = test_body};
	if (outbox_add(db, &m) != 0)
		return -1;
	t->id = db_last_insert_id(db);
	return 0;
}

static const char outbox_usage[] =
	"usage: motcua outbox [--db PATH] [--status queued|sent|failed] [--limit N]\n"
	"       motcua outbox [--db PATH] --id N\n"
	"       motcua outbox [--db PATH] --send-test ADDRESS\n"
	"\n"
	"Lists the e-mail outbox, newest last, as one JSON document:\n"
	"  "
	"{\"messages\":[{\"id\",\"status\",\"created_at\",\"kind\",\"dossier_code\",\"to\","
	"\n"
	"                 \"subject\",\"attempts\",\"next_attempt_at\",\"sent_at\",\n"
	"                 \"failed_at\",\"last_error\"}],\"more\":bool}\n"
	"--status keeps one state: queued (waiting for the sender), sent, failed (refused\n"
	"for good). --limit: the newest N (default 100). --id N: that one message, with\n"
	"its body. --send-test queues a short Vietnamese test message to ADDRESS (the\n"
	"running server's sender delivers it) and prints {\"queued\":ID}: check the mail\n"
	"settings with it, then follow it with --id.\n"
	"\n"
	"The outbox holds recipients' addresses and messages (personal data): this is\n"
	"for the operator on the centre's own machine, like the database file itself;\n"
	"do not paste its output where others read it. --db defaults to " DEFAULT_DB ".\n"
	"Exit status: 0, 1 failure (or no such message), 2 bad usage.\n";

int cli_outbox(int argc, char **argv)
{
	const char *path = DEFAULT_DB, *status = NULL, *to = NULL;
	long long limit = OUTBOX_LIMIT_DEFAULT, id = 0;
	struct cli_opt opts[] = {CLI_VALUE("db", &path),
				 CLI_VALUE("status", &status),
				 CLI_NUMBER("limit", &limit, 1, OUTBOX_LIMIT_MAX,
					    "motcua outbox: --limit must be 1..100000\n"),
				 CLI_NUMBER("id", &id, 1, LLONG_MAX,
					    "motcua outbox: --id must be a message number\n"),
				 CLI_VALUE("send-test", &to),
				 CLI_END};
	int rc = cli_parse(argc, argv, opts, outbox_usage, NULL);
	if (rc)
		return cli_status(rc);
	if (status && strcmp(status, "queued") != 0 && strcmp(status, "sent") != 0 &&
	    strcmp(status, "failed") != 0) {
		fputs("motcua outbox: --status must be queued, sent or failed\n", stderr);
		return 2;
	}
	int nmodes = cli_seen(opts, "id") + cli_seen(opts, "send-test");
	if (nmodes > 1 || (nmodes && status)) {
		fputs(outbox_usage, stderr);
		return 2;
	}
	if (to) {
		char addr[IDENT_EMAIL_CAP];
		if (ident_check_email(to, strlen(to), addr, sizeof addr) != IDENT_OK) {
			fputs("motcua outbox: --send-test needs a valid e-mail address\n", stderr);
			return 2;
		}
		struct db *db = cli_open_db(path, 0);
		if (!db)
			return 1;
		struct test_mail t = {to, 0};
		rc = db_tx(db, queue_test, &t);
		db_close(db);
		if (rc != 0) {
			fputs("motcua outbox: the test message could not be queued\n", stderr);
			return 1;
		}
		return cli_print_json(json_pack("{s:I}", "queued", (json_int_t)t.id),
				      "motcua outbox");
	}
	struct db *db = cli_open_read(path, "motcua outbox", 1);
	if (!db)
		return 1;
	json_t *newest_first; /* as read */
	int more = 0;
	if (id) {
		json_t *m;
		int found = cli_db_outbox_message(db, id, &m);
		newest_first = found < 0 ? NULL : json_array();
		if (found > 0)
			json_array_append_new(newest_first, m);
	} else {
		newest_first = cli_db_outbox_list(db, status, limit, &more);
	}
	db_close(db);
	if (!newest_first) {
		fputs("motcua outbox: the outbox cannot be read\n", stderr);
		return 1;
	}
	if (id && json_array_size(newest_first) == 0) {
		json_decref(newest_first);
		fprintf(stderr, "motcua outbox: no message %lld\n", id);
		return 1;
	}
	return cli_print_json(
		json_pack("{s:o,s:b}", "messages", cli_reversed(newest_first), "more", more),
		"motcua outbox");
}
