/*
 * queue_sse.c — the boards' event hub (queue_sse.h): a ring of the latest
 * events read from the store by one thread, and each connected board's
 * cursor into it.
 *
 * Locks: `rw` guards the ring and the heartbeat count; `cmu` the list of
 * clients; `mu`/`cv` the hub thread's wake-up. A board's pull (on a server
 * thread, under its stream's lock) takes `rw` for reading; the hub appends
 * under `rw` for writing, releases it, and only then wakes the clients
 * under `cmu` (each wake takes a stream lock). Order: cmu → stream → rw;
 * nothing takes them the other way round.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/queue/queue.h"
#include "app/queue/queue_sse.h"
#include "core/log.h"
#include "core/mem.h"

struct ev {
	long long id, agency;
	char *text;
	size_t len;
};

struct client {
	struct http_stream *st;
	long long agency;
	long long cursor; /* the last event id sent (or skipped) */
	unsigned hb;      /* the heartbeat count last sent */
	int started;      /* the retry line went out */
	int once;         /* end after the backlog (queue_sse_serve) */
	char ip[48];      /* the client's address (the per-address cap) */
	struct client *prev, *next;
};

static struct {
	pthread_mutex_t start_mu;
	int running;
	struct app *app;
	struct db *db;
	struct db_listener *listener;
	pthread_t thread;
	/* the thread's wake-up */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int kicked, stop;
	/* the ring */
	pthread_rwlock_t rw;
	struct ev ring[QUEUE_SSE_RING];
	int head, n;             /* oldest at ring[head], n held */
	long long last_id;       /* newest id read from the store */
	long long complete_from; /* every event with id >= this is in the ring */
	unsigned hb;
	/* the clients */
	pthread_mutex_t cmu;
	struct client *clients;
	int nclients;
} hub = {.start_mu = PTHREAD_MUTEX_INITIALIZER,
	 .mu = PTHREAD_MUTEX_INITIALIZER,
	 .cv = PTHREAD_COND_INITIALIZER,
	 .rw = PTHREAD_RWLOCK_INITIALIZER,
	 .cmu = PTHREAD_MUTEX_INITIALIZER};

static struct ev *at(int i)
{
	return &hub.ring[(hub.head + i) % QUEUE_SSE_RING];
}

/* An event read from the store, before it enters the ring. */
struct pending {
	struct ev *v;
	int n, cap;
};

/* Format one event as its SSE text (hub thread, no lock held). */
static void collect(void *arg, long long id, long long agency, const char *kind, const char *data)
{
	struct pending *p = arg;
	struct buf b;
	buf_init(&b, 64 * 1024);
	char head[96];
	int hl = snprintf(head, sizeof head, "id: %lld\nevent: %s\ndata: ", id, kind);
	int bad =
		buf_append(&b, head, (size_t)hl) || buf_puts(&b, data) || buf_append(&b, "\n\n", 2);
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->v = xrealloc(p->v, (size_t)p->cap * sizeof *p->v);
	}
	struct ev *e = &p->v[p->n++];
	e->id = id;
	e->agency = agency;
	e->text = NULL;
	e->len = 0;
	if (bad) {
		buf_free(&b);
		log_error("queue=sse_event_too_large id=%lld", id);
		return; /* kept as a gap: the id is passed over */
	}
	e->text = buf_steal(&b, &e->len);
}

/* Move the collected events into the ring (rw held for writing). */
static void append(struct pending *p)
{
	for (int i = 0; i < p->n; i++) {
		struct ev *in = &p->v[i];
		hub.last_id = in->id;
		if (!in->text)
			continue;
		if (hub.n == QUEUE_SSE_RING) {
			struct ev *old = at(0);
			hub.complete_from = old->id + 1;
			free(old->text);
			hub.head = (hub.head + 1) % QUEUE_SSE_RING;
			hub.n--;
		}
		*at(hub.n) = *in;
		hub.n++;
	}
	p->n = 0;
}

/* Read what the store has after last_id (the query runs without the ring's
 * lock: the boards keep reading meanwhile). 1 when something new came. */
static int poll_store(void)
{
	char err[256];
	if (!hub.db && db_open(hub.app->cfg.db_path, 0, &hub.db, err, sizeof err) != 0) {
		log_error("queue=sse_open_failed");
		hub.db = NULL;
		return 0;
	}
	int got = 0;
	struct pending p = {0};
	for (;;) {
		int n = queue_events_after(hub.db, hub.last_id, 512, collect, &p);
		if (n < 0) {
			log_error("queue=sse_read_failed");
			db_close(hub.db); /* opened again next time (a restarted store) */
			hub.db = NULL;
			for (int i = 0; i < p.n; i++)
				free(p.v[i].text);
			p.n = 0;
			break;
		}
		pthread_rwlock_wrlock(&hub.rw);
		append(&p);
		pthread_rwlock_unlock(&hub.rw);
		got |= n > 0;
		if (n < 512)
			break;
	}
	free(p.v);
	return got;
}

static void wake_all(void)
{
	pthread_mutex_lock(&hub.cmu);
	for (struct client *c = hub.clients; c; c = c->next)
		http_stream_wake(c->st);
	pthread_mutex_unlock(&hub.cmu);
}

static void *hub_main(void *arg)
{
	(void)arg;
	struct timespec last_hb;
	clock_gettime(CLOCK_MONOTONIC, &last_hb);
	for (;;) {
		pthread_mutex_lock(&hub.mu);
		if (!hub.kicked && !hub.stop) {
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_sec += QUEUE_SSE_POLL_MS / 1000;
			ts.tv_nsec += (long)(QUEUE_SSE_POLL_MS % 1000) * 1000000L;
			if (ts.tv_nsec >= 1000000000L) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000L;
			}
			pthread_cond_timedwait(&hub.cv, &hub.mu, &ts);
		}
		int stop = hub.stop;
		hub.kicked = 0;
		pthread_mutex_unlock(&hub.mu);
		if (stop)
			break;
		int wake = poll_store();
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - last_hb.tv_sec >= QUEUE_SSE_HEARTBEAT_S) {
			last_hb = now;
			pthread_rwlock_wrlock(&hub.rw);
			hub.hb++;
			pthread_rwlock_unlock(&hub.rw);
			wake = 1;
		}
		if (wake) {
			wake_all();
			/* coalesce: the events of the next few milliseconds go out
			 * in one wake of every board, not one wake per event */
			struct timespec pause = {0, QUEUE_SSE_BATCH_MS * 1000000L};
			nanosleep(&pause, NULL);
		}
	}
	return NULL;
}

void queue_sse_kick(void)
{
	pthread_mutex_lock(&hub.mu);
	hub.kicked = 1;
	pthread_cond_signal(&hub.cv);
	pthread_mutex_unlock(&hub.mu);
}

static void on_notify(void *arg, const char *channel)
{
	(void)arg;
	(void)channel; /* NULL (reconnected) or ours: read the store either way */
	queue_sse_kick();
}

int queue_sse_start(struct app *a)
{
	pthread_mutex_lock(&hub.start_mu);
	if (hub.running) {
		pthread_mutex_unlock(&hub.start_mu);
		return 0;
	}
	hub.app = a;
	hub.stop = 0;
	char err[256];
	if (db_open(a->cfg.db_path, 0, &hub.db, err, sizeof err) != 0) {
		hub.db = NULL;
		pthread_mutex_unlock(&hub.start_mu);
		log_error("queue=sse_open_failed");
		return -1;
	}
	/* the last QUEUE_SSE_RING ids' events: a board may resume from them */
	long long last = queue_events_last(hub.db);
	hub.last_id = last > QUEUE_SSE_RING ? last - QUEUE_SSE_RING : 0;
	hub.complete_from = hub.last_id + 1;
	poll_store();
	static const char *const channels[] = {QUEUE_CHANNEL, NULL};
	hub.listener = db_listen_start(a->cfg.db_path, channels, on_notify, NULL);
	if (pthread_create(&hub.thread, NULL, hub_main, NULL) != 0) {
		db_listen_stop(hub.listener);
		hub.listener = NULL;
		pthread_mutex_unlock(&hub.start_mu);
		return -1;
	}
	hub.running = 1;
	pthread_mutex_unlock(&hub.start_mu);
	return 0;
}

void queue_sse_stop(void)
{
	pthread_mutex_lock(&hub.start_mu);
	if (!hub.running) {
		pthread_mutex_unlock(&hub.start_mu);
		return;
	}
	pthread_mutex_lock(&hub.mu);
	hub.stop = 1;
	pthread_cond_signal(&hub.cv);
	pthread_mutex_unlock(&hub.mu);
	pthread_join(hub.thread, NULL);
	db_listen_stop(hub.listener);
	hub.listener = NULL;
	if (hub.db)
		db_close(hub.db);
	hub.db = NULL;
	pthread_rwlock_wrlock(&hub.rw);
	for (int i = 0; i < hub.n; i++)
		free(at(i)->text);
	hub.n = hub.head = 0;
	pthread_rwlock_unlock(&hub.rw);
	hub.running = 0;
	pthread_mutex_unlock(&hub.start_mu);
}

/* The first event in the ring after id (index), or hub.n. */
static int first_after(long long id)
{
	int lo = 0, hi = hub.n;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (at(mid)->id <= id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static long pull(void *arg, char *buf, size_t max)
{
	struct client *c = arg;
	size_t w = 0;
	if (!c->started) {
		int n = snprintf(buf, max, "retry: %d\n\n", QUEUE_SSE_RETRY_MS);
		c->started = 1;
		return n > 0 && (size_t)n < max ? n : 0;
	}
	pthread_rwlock_rdlock(&hub.rw);
	if (c->cursor < 0)
		c->cursor = hub.last_id;
	if (c->cursor + 1 < hub.complete_from) {
		/* events the ring no longer holds: the board reloads its snapshot */
		static const char reset[] = "event: reset\ndata: {}\n\n";
		memcpy(buf, reset, sizeof reset - 1);
		w = sizeof reset - 1;
		c->cursor = hub.last_id;
	}
	for (int i = first_after(c->cursor); i < hub.n; i++) {
		struct ev *e = at(i);
		if (e->agency == c->agency) {
			if (w + e->len > max)
				break;
			memcpy(buf + w, e->text, e->len);
			w += e->len;
		}
		c->cursor = e->id;
	}
	unsigned hb = hub.hb;
	pthread_rwlock_unlock(&hub.rw);
	if (!w && c->once)
		return -1;
	if (!w && c->hb != hb) {
		static const char beat[] = ": heartbeat\n\n";
		memcpy(buf, beat, sizeof beat - 1);
		w = sizeof beat - 1;
	}
	c->hb = hb;
	return (long)w;
}

static void done(void *arg)
{
	struct client *c = arg;
	pthread_mutex_lock(&hub.cmu);
	if (c->prev)
		c->prev->next = c->next;
	else if (hub.clients == c)
		hub.clients = c->next;
	if (c->next)
		c->next->prev = c->prev;
	hub.nclients--;
	pthread_mutex_unlock(&hub.cmu);
	free(c);
}

/* Streams open from this address now; called under cmu. */
static int clients_from(const char *ip)
{
	int n = 0;
	for (struct client *c = hub.clients; c; c = c->next)
		n += strcmp(c->ip, ip) == 0;
	return n;
}

static enum http_result too_many(struct http_req *r, const char *code, const char *vi,
				 const char *en)
{
	struct problem p;
	problem_set(&p, ERR_UNAVAILABLE, code, NULL, vi, en);
	p.retry_after = 30;
	http_reply_problem(r, &p);
	return HTTP_DONE;
}

enum http_result queue_sse_serve(struct http_req *r, long long agency, long long after, int once)
{
	if (queue_sse_clients() >= QUEUE_SSE_MAX_CLIENTS)
		/* keep connections for everything else the server answers */
		return too_many(
			r, "too_many_boards",
			"Máy chủ đang phục vụ quá nhiều bảng hiển thị; thử lại sau ít phút.",
			"The server is serving too many display boards; try again in a few "
			"minutes.");
	int cap = hub.app && hub.app->cfg.boards_per_address > 0 ? hub.app->cfg.boards_per_address
								 : QUEUE_SSE_PER_ADDRESS;
	struct client *c = xcalloc(1, sizeof *c);
	c->once = once;
	c->agency = agency;
	c->cursor = after;
	snprintf(c->ip, sizeof c->ip, "%s", r->ip);
	pthread_rwlock_rdlock(&hub.rw);
	c->hb = hub.hb;
	pthread_rwlock_unlock(&hub.rw);
	pthread_mutex_lock(&hub.cmu);
	if (clients_from(c->ip) >= cap) {
		/* one address must not take the server's streams from the others */
		pthread_mutex_unlock(&hub.cmu);
		free(c);
		return too_many(r, "too_many_streams",
				"Quá nhiều kết nối theo dõi từ cùng một địa chỉ; thử lại sau ít "
				"phút.",
				"Too many live connections from one address; try again in a few "
				"minutes.");
	}
	c->st = http_reply_stream(r, 200, "text/event-stream; charset=utf-8", pull, done, c);
	c->next = hub.clients;
	if (hub.clients)
		hub.clients->prev = c;
	hub.clients = c;
	hub.nclients++;
	pthread_mutex_unlock(&hub.cmu);
	return HTTP_DONE;
}

int queue_sse_clients(void)
{
	pthread_mutex_lock(&hub.cmu);
	int n = hub.nclients;
	pthread_mutex_unlock(&hub.cmu);
	return n;
}
