/*
 * cli_serve.c — `motcua serve`: open and migrate the store, start the writer,
 * the mail sender (with --smtp-url), the slow pool and the HTTP server, then
 * wait for SIGINT/SIGTERM.
 *
 * Signals are blocked before any thread starts (every thread inherits the
 * mask) and taken synchronously with sigwait() here, so no handler code runs
 * in signal context. Shutdown: stop accepting, wait up to 10 s for requests
 * in flight, then drain the slow pool (its jobs may still wait on the
 * writer) and the writer — every queued job runs and resumes its request,
 * every acknowledged write is committed, late submits are refused — and only
 * then stop the HTTP server, which frees the requests (libmicrohttpd aborts
 * when stopped with a request still suspended). Then free the pool and the
 * writer, stop the mail sender (bounded: MAIL_STOP_GRACE_MS), close the
 * store, exit 0.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/queue/queue_sse.h"
#include "app/platform/ctx.h"
#include "app/cli/cli.h"
#include "app/cli/cli_common.h"
#include "app/platform/clock.h"
#include "app/platform/slowpool.h"
#include "auth/auth.h"
#include "core/log.h"
#include "mail/sender.h"

static const char usage[] =
	"usage: motcua serve [--db PATH] [--listen HOST:PORT] [--web DIR] [options]\n"
	"\n"
	"  --db PATH            SQLite database (default var/motcua.db), migrated at start\n"
	"  --listen HOST:PORT   address to listen on (default 127.0.0.1:8080; port 0 = any)\n"
	"  --web DIR            static front end (default web)\n"
	"  --threads N          HTTP worker threads (default: one per core)\n"
	"  --secure-cookies     mark cookies Secure (when served behind HTTPS)\n"
	"  --session-idle MIN   idle minutes before a session ends (default 30)\n"
	"  --submission-limit N online submissions per hour from one address (default 300)\n"
	"  --board-limit N      open display-board streams from one address (default 200)\n"
	"  --apology-max-days N an apology's new date at most N working days past the\n"
	"                       original appointment (default 30)\n"
	"  --no-access-log      do not log one line per request\n"
	"  --trusted-proxy ADDR a reverse proxy (IPv4/IPv6 address, optionally /PREFIX);\n"
	"                       repeatable. Requests from it are counted for the client\n"
	"                       it names in X-Forwarded-For (ignored otherwise)\n"
	"  --body-budget MIB    request bodies being received, all clients (default 64)\n"
	"  --body-budget-per-address MIB\n"
	"                       … from one client address (default 32)\n"
	"  --public-url URL     base of the links printed on paper (QR codes), e.g.\n"
	"                       https://dichvucong.example.gov.vn (default http://HOST:PORT)\n"
	"\n"
	"E-mail notifications (queued in the outbox; sent only with --smtp-url):\n"
	"  --smtp-url URL       smtp://host:port or smtps://host:port\n"
	"  --mail-from ADDR     sender address (required with --smtp-url)\n"
	"  --smtp-user USER     SMTP login; the password is read from MOTCUA_SMTP_PASSWORD\n"
	"  --smtp-starttls      require STARTTLS on an smtp:// URL\n"
	"  --mail-poll SECONDS  look for due mail every SECONDS (default 10)\n"
	"\n"
	"Stops cleanly on SIGINT or SIGTERM.\n";

static const char bad_proxy[] = "motcua serve: --trusted-proxy takes an IPv4/IPv6 address, "
				"optionally /PREFIX (at most " CLI_STR(HTTP_MAX_TRUSTED) ")\n";

/* --public-url: an absolute http(s) URL without quotes, spaces or angle
 * brackets (it is printed on paper and in QR codes); the final '/' dropped. */
static int public_url_set(struct app *a, const char *url)
{
	static char stored[256];
	size_t n = strlen(url);
	while (n > 0 && url[n - 1] == '/')
		n--;
	if (n >= sizeof stored ||
	    (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0) ||
	    n <= (url[4] == 's' ? 8u : 7u))
		return -1;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)url[i] <= ' ' || (unsigned char)url[i] >= 0x7f ||
		    strchr("\"'<>\\`{}|^", url[i]))
			return -1;
	memcpy(stored, url, n);
	stored[n] = '\0';
	a->cfg.public_url = stored;
	return 0;
}

int cli_serve(int argc, char **argv)
{
	struct app app;
	memset(&app, 0, sizeof app);
	app.cfg.db_path = DEFAULT_DB;
	app.cfg.web_dir = "web";
	app.cfg.session_max_s = 12 * 3600;
	const char *listen = "127.0.0.1:8080", *public_url = NULL, *proxies[HTTP_MAX_TRUSTED];
	struct cli_list proxy_list = {proxies, 0, HTTP_MAX_TRUSTED};
	long long threads = 0, idle_min = 30, per_hour = 300, boards = 200, poll_s = 0,
		  budget_mib = 64, budget_addr_mib = 32, apology_days = 30;
	int no_access_log = 0;
	struct mail_config mc;
	memset(&mc, 0, sizeof mc);
	struct cli_opt opts[] = {
		CLI_VALUE("db", &app.cfg.db_path),
		CLI_VALUE("listen", &listen),
		CLI_VALUE("web", &app.cfg.web_dir),
		CLI_NUMBER("threads", &threads, 1, 256, "motcua serve: --threads takes 1..256\n"),
		CLI_FLAG("secure-cookies", &app.cfg.secure_cookies),
		CLI_NUMBER("session-idle", &idle_min, 1, 24 * 60,
			   "motcua serve: --session-idle takes 1..1440 minutes\n"),
		CLI_NUMBER("board-limit", &boards, 1, 100000,
			   "motcua serve: --board-limit takes 1..100000\n"),
		CLI_NUMBER("submission-limit", &per_hour, 1, 1000000,
			   "motcua serve: --submission-limit takes 1..1000000\n"),
		CLI_NUMBER("apology-max-days", &apology_days, 1, 365,
			   "motcua serve: --apology-max-days takes 1..365 working days\n"),
		CLI_FLAG("no-access-log", &no_access_log),
		CLI_VALUE("public-url", &public_url),
		CLI_VALUE("smtp-url", &mc.smtp_url),
		CLI_VALUE("mail-from", &mc.from),
		CLI_VALUE("smtp-user", &mc.username),
		CLI_FLAG("smtp-starttls", &mc.starttls),
		CLI_NUMBER("mail-poll", &poll_s, 1, 3600,
			   "motcua serve: --mail-poll takes 1..3600 seconds\n"),
		CLI_REPEAT("trusted-proxy", &proxy_list, bad_proxy),
		CLI_NUMBER("body-budget", &budget_mib, 1, 65536,
			   "motcua serve: --body-budget takes 1..65536 MiB\n"),
		CLI_NUMBER("body-budget-per-address", &budget_addr_mib, 1, 65536,
			   "motcua serve: --body-budget-per-address takes 1..65536 MiB\n"),
		CLI_END};
	int first, rc = cli_parse(argc, argv, opts, usage, &first);
	if (rc)
		return cli_status(rc);
	if (public_url && public_url_set(&app, public_url) != 0) {
		fputs("motcua serve: --public-url takes an http(s) URL\n", stderr);
		return 2;
	}
	struct http_net trusted[HTTP_MAX_TRUSTED];
	for (int k = 0; k < proxy_list.n; k++) {
		if (http_net_parse(proxies[k], &trusted[k]) != 0) {
			fputs(bad_proxy, stderr);
			return 2;
		}
	}
	if (first < argc) {
		fprintf(stderr, "motcua serve: unexpected argument '%s'\n%s", argv[first], usage);
		return 2;
	}
	if (mc.smtp_url && !mc.from) {
		fputs("motcua serve: --smtp-url needs --mail-from ADDR\n", stderr);
		return 2;
	}
	app.cfg.session_idle_s = (int)idle_min * 60;
	app.cfg.submissions_per_hour = (int)per_hour;
	app.cfg.boards_per_address = (int)boards;
	app.cfg.apology_max_days = (int)apology_days;
	mc.poll_s = (int)poll_s;
	mc.db_path = app.cfg.db_path;
	mc.password = getenv("MOTCUA_SMTP_PASSWORD"); /* never from argv (ps shows it) */
	const char *backoff = getenv("MOTCUA_MAIL_BACKOFF_S");
	long long v;
	if (backoff && backoff[0] && cli_number(backoff, 1, 86400, &v) == 0) {
		mc.backoff_s = (int)v; /* tests */
		log_warn("mail=test_backoff backoff_s=%d", mc.backoff_s);
	}
	const char *mto = getenv("MOTCUA_MAIL_TIMEOUT_S");
	if (mto && mto[0] && cli_number(mto, 1, 3600, &v) == 0) {
		mc.timeout_s = (int)v; /* tests: a short claim on a message (sender.c) */
		log_warn("mail=test_timeout timeout_s=%d", mc.timeout_s);
	}
	const char *tc = getenv("MOTCUA_TEST_CLOCK");
	if (tc && tc[0] == '1') {
		app.test_clock = 1;
		log_warn("clock=test settable=1");
	}
	const char *fake = getenv("MOTCUA_FAKE_NOW");
	if (fake && fake[0]) {
		app.fake_now = strtoll(fake, NULL, 10);
		const char *runs = getenv("MOTCUA_FAKE_CLOCK_RUNS");
		if (runs && runs[0] == '1')
			app.fake_base = (int64_t)time(NULL);
		log_warn("clock=fake now=%lld", (long long)app.fake_now);
	}
	if (auth_init() != 0) {
		fputs("motcua: libsodium failed to initialise\n", stderr);
		return 1;
	}

	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);

	struct db *db = cli_open_db(app.cfg.db_path, 1);
	if (!db)
		return 1;
	char cerr[256];
	int crc = app_clock_init(&app, db, cerr, sizeof cerr);
	db_close(db);
	if (crc != 0) {
		fprintf(stderr, "motcua: %s\n", cerr);
		return 1;
	}

	char err[512];
	rc = 1;
	struct http_server *srv = NULL;
	app.started_at = (int64_t)time(NULL);
	app.pool = db_pool_new(app.cfg.db_path);
	app.writer = db_writer_start(app.cfg.db_path, 8192, err, sizeof err);
	if (!app.writer) {
		fprintf(stderr, "motcua: %s\n", err);
		goto out;
	}
	if (mc.smtp_url) {
		app.mail = mail_sender_start(&mc, err, sizeof err);
		if (!app.mail) {
			fprintf(stderr, "motcua: mail: %s\n", err);
			goto out;
		}
	} else {
		log_info("mail=disabled reason=no_smtp_url queued_mail=kept");
	}
	app.slow = slowpool_start(2, 64);
	app_listen_start(&app); /* several servers on one PostgreSQL database */

	struct http_config hc = {
		.listen = listen,
		.web_dir = app.cfg.web_dir,
		.threads = (int)threads,
		.max_body = 64 * 1024,
		.access_log = !no_access_log,
		.body_budget = (size_t)budget_mib << 20,
		.body_budget_addr = (size_t)budget_addr_mib << 20,
		.n_trusted = proxy_list.n,
		.body_limit = app_body_limit,
		.handler = app_handle,
		.completed = app_completed,
		.ud = &app,
	};
	memcpy(hc.trusted, trusted, sizeof trusted[0] * (size_t)proxy_list.n);
	srv = http_start(&hc, err, sizeof err);
	if (!srv) {
		fprintf(stderr, "motcua: %s\n", err);
		goto out;
	}
	char host[64];
	snprintf(host, sizeof host, "%s", listen);
	char *colon = strrchr(host, ':');
	if (colon)
		*colon = '\0';
	if (!app.cfg.public_url) {
		/* before the line below: no client knows the port until then */
		char base[96];
		snprintf(base, sizeof base, "http://%s:%d", host[0] ? host : "0.0.0.0",
			 http_port(srv));
		public_url_set(&app, base);
	}
	printf("motcua: serving http://%s:%d/ (database %s)\n", host[0] ? host : "0.0.0.0",
	       http_port(srv), app.cfg.db_path);
	fflush(stdout);
	log_info("server=started listen=%s port=%d", listen, http_port(srv));

	int sig = 0;
	do {
		sigwait(&sigs, &sig);
	} while (sig == SIGPIPE);
	log_info("server=stopping signal=%d", sig);
	http_quiesce(srv);
	for (int i = 0; i < 1000 && http_inflight(srv) > 0; i++)
		usleep(10000);
	rc = 0;
out:
	/* the jobs first, the requests they resume after (see the top) */
	slowpool_drain(app.slow);
	db_writer_drain(app.writer);
	http_stop(srv);
	queue_sse_stop(); /* the boards' hub (its streams ended with the server) */
	slowpool_stop(app.slow);
	if (app.writer) {
		struct db_writer_stats ws;
		db_writer_stats(app.writer, &ws);
		log_info("writer=stats jobs=%lld batches=%lld failed=%lld reruns=%lld", ws.jobs,
			 ws.batches, ws.failed_jobs, ws.reruns);
	}
	db_writer_stop(app.writer);
	/* After the writer: its last commits may still kick the sender. */
	mail_sender_stop(app.mail);
	db_pool_free(app.pool);
	app_listen_stop(&app);
	app_clock_free(&app);
	if (rc == 0)
		log_info("server=stopped");
	return rc;
}
