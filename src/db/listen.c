/*
 * listen.c — db_listen_start/db_listen_stop (db.h): PostgreSQL LISTEN on a
 * dedicated connection and thread, the carrier of cross-server
 * notifications (docs/DEPLOY.md, "Several servers").
 *
 * The thread connects, LISTENs on every channel, tells the app (fn(NULL):
 * reload everything, since notifications sent while it was not listening
 * are lost), then waits on the socket with poll(): each notification is
 * handed to fn. A quiet connection is pinged every DB_LISTEN_PING_MS (a
 * `SELECT 1` sent without waiting); no answer within another
 * DB_LISTEN_PING_MS, a read error or a closed socket ends the connection,
 * and a new one is tried every DB_LISTEN_RETRY_MS until one opens. Stop is
 * a flag and a pipe that wakes the poll.
 *
 * SQLite has no such thing and needs none (one server per file): there the
 * listener is NULL.
 */
#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "core/mem.h"
#include "db/db.h"
#include "db/db_impl.h"

#define MAX_CHANNELS 16

struct db_listener {
	char *url;
	char *channels[MAX_CHANNELS];
	int nchannels;
	db_listen_fn fn;
	void *arg;
	pthread_t thread;
	atomic_int stopping;
	int wake[2]; /* a byte on wake[1] interrupts the poll */
};

static long long mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Sleep up to ms, or less when stopped. */
static void nap(struct db_listener *l, int ms)
{
	struct pollfd p = {.fd = l->wake[0], .events = POLLIN};
	if (!atomic_load(&l->stopping))
		poll(&p, 1, ms);
}

static void no_notice(void *arg, const PGresult *res)
{
	(void)arg;
	(void)res;
}

/* A connection listening on every channel, or NULL (logged). */
static PGconn *open_listening(struct db_listener *l)
{
	/* named, so an operator (and the test) can tell it in pg_stat_activity;
	 * a bounded connect, so a stop never waits long for an unreachable host */
	const char *const keys[] = {"dbname", "application_name", "connect_timeout", NULL};
	const char *const vals[] = {l->url, DB_LISTEN_APP_NAME, "5", NULL};
	PGconn *c = PQconnectdbParams(keys, vals, 1);
	if (!c || PQstatus(c) != CONNECTION_OK) {
		PQfinish(c);
		return NULL;
	}
	PQsetNoticeReceiver(c, no_notice, NULL);
	for (int i = 0; i < l->nchannels; i++) {
		/* a channel is an identifier: it cannot be bound, so quote it */
		char *id = PQescapeIdentifier(c, l->channels[i], strlen(l->channels[i]));
		if (!id) {
			PQfinish(c);
			return NULL;
		}
		size_t n = strlen(id) + 8;
		char *cmd = xmalloc(n);
		memcpy(cmd, "LISTEN ", 7);
		memcpy(cmd + 7, id, n - 7);
		PQfreemem(id);
		PGresult *r = PQexec(c, cmd);
		free(cmd);
		int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
		PQclear(r);
		if (!ok) {
			PQfinish(c);
			return NULL;
		}
	}
	if (PQsetnonblocking(c, 1) != 0) {
		PQfinish(c);
		return NULL;
	}
	return c;
}

/* Hand every notification read so far to fn. */
static void deliver(struct db_listener *l, PGconn *c)
{
	PGnotify *n;
	while ((n = PQnotifies(c)) != NULL) {
		l->fn(l->arg, n->relname);
		PQfreemem(n);
	}
}

/* Serve one connection until it is lost or the listener stops. */
static void listen_on(struct db_listener *l, PGconn *c)
{
	long long last_ok = mono_ms(), ping_sent = 0;
	int sock = PQsocket(c);
	while (!atomic_load(&l->stopping)) {
		struct pollfd p[2] = {{.fd = sock, .events = POLLIN},
				      {.fd = l->wake[0], .events = POLLIN}};
		int rc = poll(p, 2, 500);
		if (rc < 0 && errno != EINTR)
			return;
		if (atomic_load(&l->stopping))
			return;
		if (rc > 0 && (p[0].revents & (POLLIN | POLLERR | POLLHUP))) {
			if (!PQconsumeInput(c))
				return; /* the server closed it, or the link broke */
			last_ok = mono_ms();
		}
		deliver(l, c);
		/* the answer to a ping: read it to the end */
		while (ping_sent && !PQisBusy(c)) {
			PGresult *r = PQgetResult(c);
			if (!r) {
				ping_sent = 0;
				break;
			}
			PQclear(r);
		}
		if (PQstatus(c) != CONNECTION_OK)
			return;
		long long now = mono_ms();
		if (ping_sent && now - ping_sent > DB_LISTEN_PING_MS)
			return; /* a silent link */
		if (!ping_sent && now - last_ok >= DB_LISTEN_PING_MS) {
			if (!PQsendQuery(c, "SELECT 1"))
				return;
			ping_sent = now;
			PQflush(c);
		}
	}
}

static void *listen_main(void *arg)
{
	struct db_listener *l = arg;
	int lost = 0;
	while (!atomic_load(&l->stopping)) {
		PGconn *c = open_listening(l);
		if (!c) {
			if (!lost)
				log_error("listen=error msg=\"cannot connect\" retry_ms=%d",
					  DB_LISTEN_RETRY_MS);
			lost = 1;
			nap(l, DB_LISTEN_RETRY_MS);
			continue;
		}
		if (lost)
			log_warn("listen=reconnected");
		lost = 0;
		/* whatever was sent before this point was not heard: reload */
		l->fn(l->arg, NULL);
		listen_on(l, c);
		PQfinish(c);
		if (!atomic_load(&l->stopping)) {
			log_warn("listen=lost retry_ms=%d", DB_LISTEN_RETRY_MS);
			lost = 1;
			nap(l, DB_LISTEN_RETRY_MS);
		}
	}
	return NULL;
}

static void free_listener(struct db_listener *l)
{
	if (l->wake[0] >= 0) {
		close(l->wake[0]);
		close(l->wake[1]);
	}
	for (int i = 0; i < l->nchannels; i++)
		free(l->channels[i]);
	free(l->url);
	free(l);
}

struct db_listener *db_listen_start(const char *path, const char *const *channels, db_listen_fn fn,
				    void *arg)
{
	if (!db_path_is_pg(path))
		return NULL;
	struct db_listener *l = xcalloc(1, sizeof *l);
	l->url = xstrdup(path);
	for (; channels[l->nchannels] && l->nchannels < MAX_CHANNELS; l->nchannels++)
		l->channels[l->nchannels] = xstrdup(channels[l->nchannels]);
	l->fn = fn;
	l->arg = arg;
	atomic_init(&l->stopping, 0);
	l->wake[0] = l->wake[1] = -1;
	if (pipe2(l->wake, O_CLOEXEC | O_NONBLOCK) != 0 ||
	    pthread_create(&l->thread, NULL, listen_main, l) != 0) {
		log_error("listen=error msg=\"cannot start the listener\"");
		free_listener(l);
		return NULL;
	}
	log_info("listen=started channels=%d", l->nchannels);
	return l;
}

void db_listen_stop(struct db_listener *l)
{
	if (!l)
		return;
	atomic_store(&l->stopping, 1);
	ssize_t w = write(l->wake[1], "x", 1);
	(void)w;
	pthread_join(l->thread, NULL);
	free_listener(l);
	log_info("listen=stopped");
}
