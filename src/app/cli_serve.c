/*
 * cli_serve.c — `motcua serve`: open and migrate the store, start the writer,
 * the slow pool and the HTTP server, then wait for SIGINT/SIGTERM.
 *
 * Signals are blocked before any thread starts (every thread inherits the
 * mask) and taken synchronously with sigwait() here, so no handler code runs
 * in signal context. Shutdown: stop accepting, wait up to 10 s for requests
 * in flight, stop the server, then drain the writer (every acknowledged
 * write is committed), close the store, exit 0.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "app/cli.h"
#include "app/cli_common.h"
#include "app/slowpool.h"
#include "auth/auth.h"
#include "core/log.h"

static const char usage[] =
	"usage: motcua serve [--db PATH] [--listen HOST:PORT] [--web DIR] [options]\n"
	"\n"
	"  --db PATH            SQLite database (default var/motcua.db), migrated at start\n"
	"  --listen HOST:PORT   address to listen on (default 127.0.0.1:8080; port 0 = any)\n"
	"  --web DIR            static front end (default web)\n"
	"  --threads N          HTTP worker threads (default: one per core)\n"
	"  --secure-cookies     mark cookies Secure (when served behind HTTPS)\n"
	"  --session-idle MIN   idle minutes before a session ends (default 30)\n"
	"  --no-access-log      do not log one line per request\n"
	"\n"
	"Stops cleanly on SIGINT or SIGTERM.\n";

static long parse_num(const char *s, long lo, long hi)
{
	char *end = NULL;
	long v = strtol(s, &end, 10);
	if (!s[0] || *end || v < lo || v > hi)
		return -1;
	return v;
}

int cli_serve(int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, 0, 'd'},
					     {"listen", required_argument, 0, 'l'},
					     {"web", required_argument, 0, 'w'},
					     {"threads", required_argument, 0, 't'},
					     {"secure-cookies", no_argument, 0, 's'},
					     {"session-idle", required_argument, 0, 'i'},
					     {"no-access-log", no_argument, 0, 'n'},
					     {"help", no_argument, 0, 'h'},
					     {0, 0, 0, 0}};
	struct app app;
	memset(&app, 0, sizeof app);
	app.cfg.db_path = DEFAULT_DB;
	app.cfg.web_dir = "web";
	app.cfg.session_idle_s = 30 * 60;
	app.cfg.session_max_s = 12 * 3600;
	const char *listen = "127.0.0.1:8080";
	int threads = 0, access_log = 1, c;
	long v;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': app.cfg.db_path = optarg; break;
		case 'l': listen = optarg; break;
		case 'w': app.cfg.web_dir = optarg; break;
		case 's': app.cfg.secure_cookies = 1; break;
		case 'n': access_log = 0; break;
		case 't':
			if ((v = parse_num(optarg, 1, 256)) < 0) {
				fputs("motcua serve: --threads takes 1..256\n", stderr);
				return 2;
			}
			threads = (int)v;
			break;
		case 'i':
			if ((v = parse_num(optarg, 1, 24 * 60)) < 0) {
				fputs("motcua serve: --session-idle takes 1..1440 minutes\n",
				      stderr);
				return 2;
			}
			app.cfg.session_idle_s = (int)v * 60;
			break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "motcua serve: unexpected argument '%s'\n%s", argv[optind], usage);
		return 2;
	}
	const char *fake = getenv("MOTCUA_FAKE_NOW");
	if (fake && fake[0]) {
		app.fake_now = strtoll(fake, NULL, 10);
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
	db_close(db);

	char err[512];
	int rc = 1;
	struct http_server *srv = NULL;
	app.started_at = (int64_t)time(NULL);
	app.pool = db_pool_new(app.cfg.db_path);
	app.writer = db_writer_start(app.cfg.db_path, 8192, err, sizeof err);
	if (!app.writer) {
		fprintf(stderr, "motcua: %s\n", err);
		goto out;
	}
	app.slow = slowpool_start(2, 64);

	struct http_config hc = {
		.listen = listen,
		.web_dir = app.cfg.web_dir,
		.threads = threads,
		.max_body = 64 * 1024,
		.access_log = access_log,
		.body_limit = app_body_limit,
		.handler = app_handle,
		.completed = app_completed,
		.ud = &app,
	};
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
	http_stop(srv);
	slowpool_stop(app.slow);
	db_writer_stop(app.writer);
	db_pool_free(app.pool);
	if (rc == 0)
		log_info("server=stopped");
	return rc;
}
