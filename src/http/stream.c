/*
 * stream.c — streamed responses (http.h: http_reply_stream), for the
 * Server-Sent Events of the display boards.
 *
 * The body is a libmicrohttpd callback response (chunked). When the
 * application has nothing to send, the callback suspends the connection
 * (MHD_suspend_connection is allowed from a content reader callback) and
 * returns 0: a waiting client holds no thread and no timer — only its
 * connection's memory pool, its socket and the two small records here and
 * in the application. http_stream_wake resumes it; the callback then runs
 * again on a server thread.
 *
 * Locks: each stream's `mu` guards parked/closing and serialises the
 * application's pull with wakes; the list lock guards the process's list of
 * open streams (for http_stop, which must resume every suspended
 * connection before MHD_stop_daemon). Order: list → stream.
 *
 * A client that went away: a closed or reset connection makes the next
 * write (the heartbeat, at most QUEUE_SSE_HEARTBEAT_S later) fail, and
 * libmicrohttpd ends the stream (release). A silent cut (a cable, a board
 * switched off) leaves nothing to read; the kernel would retry for about a
 * quarter of an hour, so the socket gets TCP_USER_TIMEOUT: data unacknowledged
 * for HTTP_STREAM_DEAD_MS fails the connection, and the stream ends at the
 * write after — within HTTP_STREAM_DEAD_MS plus one heartbeat.
 */
#include <microhttpd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "core/mem.h"
#include "http/http.h"
#include "http/internal.h"

#define HTTP_STREAM_DEAD_MS 30000

struct http_stream {
	pthread_mutex_t mu;
	struct MHD_Connection *conn;
	int parked;  /* suspended by the reader, waiting for a wake */
	int closing; /* the server stops: end the body */
	http_pull_fn pull;
	void (*done)(void *arg);
	void *arg;
	struct http_stream *prev, *next;
};

static pthread_mutex_t list_mu = PTHREAD_MUTEX_INITIALIZER;
static struct http_stream *list_head;
static int list_n;

struct http_stream *http_reply_stream(struct http_req *r, int status, const char *content_type,
				      http_pull_fn pull, void (*done)(void *arg), void *arg)
{
	struct http_stream *s = xcalloc(1, sizeof *s);
	pthread_mutex_init(&s->mu, NULL);
	s->conn = r->conn;
	s->pull = pull;
	s->done = done;
	s->arg = arg;
	free(r->resp_body);
	r->resp_body = NULL;
	r->resp_len = 0;
	r->status = status;
	r->content_type = content_type;
	r->stream = s;
	return s;
}

static ssize_t reader(void *cls, uint64_t pos, char *buf, size_t max)
{
	(void)pos;
	struct http_stream *s = cls;
	pthread_mutex_lock(&s->mu);
	if (s->closing) {
		pthread_mutex_unlock(&s->mu);
		return MHD_CONTENT_READER_END_OF_STREAM;
	}
	long n = s->pull(s->arg, buf, max);
	if (n < 0) {
		pthread_mutex_unlock(&s->mu);
		return MHD_CONTENT_READER_END_OF_STREAM;
	}
	if (n == 0) {
		s->parked = 1;
		MHD_suspend_connection(s->conn);
	}
	pthread_mutex_unlock(&s->mu);
	return (ssize_t)n;
}

static void release(void *cls)
{
	struct http_stream *s = cls;
	pthread_mutex_lock(&list_mu);
	if (s->prev)
		s->prev->next = s->next;
	else if (list_head == s)
		list_head = s->next;
	if (s->next)
		s->next->prev = s->prev;
	list_n--;
	pthread_mutex_unlock(&list_mu);
	if (s->done)
		s->done(s->arg);
	pthread_mutex_destroy(&s->mu);
	free(s);
}

struct MHD_Response *http_stream_response(struct http_req *r)
{
	struct http_stream *s = r->stream;
	/* 16 KiB blocks: an event always fits in one */
	struct MHD_Response *resp =
		MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 16 * 1024, reader, s, release);
	if (!resp)
		return NULL;
	r->stream = NULL; /* owned by the response now: release() frees it */
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(s->conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	if (ci) { /* best effort: not TCP (a test's socket pair) is fine */
		unsigned int ms = HTTP_STREAM_DEAD_MS;
		(void)setsockopt(ci->connect_fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &ms, sizeof ms);
	}
	pthread_mutex_lock(&list_mu);
	s->next = list_head;
	if (list_head)
		list_head->prev = s;
	list_head = s;
	list_n++;
	pthread_mutex_unlock(&list_mu);
	return resp;
}

void http_stream_drop(struct http_req *r)
{
	struct http_stream *s = r->stream;
	if (!s)
		return;
	r->stream = NULL;
	if (s->done)
		s->done(s->arg);
	pthread_mutex_destroy(&s->mu);
	free(s);
}

void http_stream_wake(struct http_stream *s)
{
	pthread_mutex_lock(&s->mu);
	if (s->parked) {
		s->parked = 0;
		MHD_resume_connection(s->conn);
	}
	pthread_mutex_unlock(&s->mu);
}

int http_streams_open(void)
{
	pthread_mutex_lock(&list_mu);
	int n = list_n;
	pthread_mutex_unlock(&list_mu);
	return n;
}

void http_streams_close_all(void)
{
	pthread_mutex_lock(&list_mu);
	for (struct http_stream *s = list_head; s; s = s->next) {
		pthread_mutex_lock(&s->mu);
		s->closing = 1;
		if (s->parked) {
			s->parked = 0;
			MHD_resume_connection(s->conn);
		}
		pthread_mutex_unlock(&s->mu);
	}
	pthread_mutex_unlock(&list_mu);
}
