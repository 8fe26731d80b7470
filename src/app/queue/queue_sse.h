/*
 * queue_sse.h — the display boards' live stream (GET /api/v1/queue/events):
 * one hub per process that reads the queue's events from the store and
 * fans them out to every connected board as Server-Sent Events.
 *
 * The events are rows of queue_event written in the changes' transactions
 * (queue.h), so the stream is the store's order: on PostgreSQL the writers
 * of all servers are serial (one advisory lock held to the commit), so ids
 * commit in ascending order and "everything after id N" is well defined on
 * every server. The hub's thread reads new rows when kicked — after a local
 * commit (queue_sse_kick), on PostgreSQL also when another server's commit
 * is announced on QUEUE_CHANNEL (its own listener) — and at least every
 * QUEUE_SSE_POLL_MS anyway. It keeps the last QUEUE_SSE_RING events in
 * memory; a board resuming (Last-Event-ID) from older than that gets an
 * `event: reset` and reloads its snapshot (GET /api/v1/queue/board).
 * Every QUEUE_SSE_HEARTBEAT_S each board gets a comment line, which also
 * shows the server a board that went away.
 *
 * A board waiting for events holds no thread: its connection is parked
 * (http_reply_stream).
 */
#ifndef MOTCUA_APP_QUEUE_SSE_H
#define MOTCUA_APP_QUEUE_SSE_H

#include "app/platform/app.h"
#include "http/http.h"

#define QUEUE_SSE_RING 4096
#define QUEUE_SSE_HEARTBEAT_S 15
#define QUEUE_SSE_POLL_MS 1000
#define QUEUE_SSE_RETRY_MS 3000 /* the browsers' reconnection delay */
#define QUEUE_SSE_BATCH_MS 10   /* events closer than this go out in one wake */
/* boards and phones streaming at once on one server (of its 4,096
 * connections; beyond: 503 too_many_boards, and the browsers retry) */
#define QUEUE_SSE_MAX_CLIENTS 3000
/* streams from one client address (serve --board-limit; beyond: 503
 * too_many_streams): a centre's boards and the phones behind one carrier
 * address fit, one machine cannot hold every stream of the server */
#define QUEUE_SSE_PER_ADDRESS 200

/* Start the hub (idempotent; the first board starts it). 0 or -1. */
int queue_sse_start(struct app *a);
/* Stop it: after http_stop (which ended every stream). Idempotent. */
void queue_sse_stop(void);
/* Something was committed: read the store now (any thread; no-op when the
 * hub is not running). */
void queue_sse_kick(void);
/* Serve request r as a stream of agency's events after `after` (-1: only
 * new ones). once: end the body after the events the hub holds now (a
 * polling client's catch-up, no waiting). Returns HTTP_DONE. */
enum http_result queue_sse_serve(struct http_req *r, long long agency, long long after, int once);
/* Boards connected now. */
int queue_sse_clients(void);

#endif
