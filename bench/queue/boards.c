/*
 * bench/queue/boards.c — the display-board stream load client (bench/queue.sh).
 *
 * One process, one epoll loop, non-blocking sockets:
 *   - N board clients: GET /api/v1/queue/events?agency=A over HTTP/1.1 (the
 *     server answers chunked, as to a browser's EventSource); each parses the
 *     Server-Sent Events and checks that ids only ascend (a repeated or
 *     smaller id is counted as a duplicate / out of order);
 *   - a driver: L lanes, each one keep-alive connection playing a kiosk and
 *     a counter of its own group: issue a ticket, call it, finish it, again.
 *     Requests go out on a fixed schedule, RATE a second in all (each causes
 *     exactly one event: issued, called or done).
 *
 * Latency of an event at a board = the moment the board's read() returned
 * the event's last byte − the moment the driver's read() returned the answer
 * to the request that caused it (the key: event type + ticket number, unique
 * in a run). Both instants are CLOCK_MONOTONIC in this one process. When a
 * board reads the event before the driver read the answer (both were in the
 * same epoll batch, or the server wrote the event first), the latency counts
 * as 0 and the event as "early". The event's own `at` has second precision:
 * not used. A second figure takes the moment the driver sent the request
 * instead (the commit and the answer's queueing included: an upper bound,
 * and what docs/DECISIONS.md D32 measured).
 *
 * After the driver stops, boards get up to 5 s to receive everything; then
 * every board must hold every event the driver caused (the union of the ids
 * seen equals the driver's answered count, and each board saw that union).
 *
 * The server's RSS (VmRSS of --server-pid) is read before connecting, once
 * all boards are connected, and at the end; its CPU (utime+stime) over the
 * driven period. Output: `key=value` lines on stdout; progress on stderr.
 *
 * Build: cc -O2 -o boards boards.c (bench/queue.sh does it).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_LANES 26
#define HIST_US 10                          /* histogram bucket width */
#define HIST_N (10 * 1000 * 1000 / HIST_US) /* up to 10 s */

static int port = 0, nclients = 200, nlanes = 0;
static double rate = 200, duration = 10;
static const char *agency = "HOIAN", *token = "";
static int server_pid = 0, naddr = 256;
static long long drop_every = 0; /* self-check: board 0 ignores every Nth event */

static int64_t now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("boards: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

/* ---- the answers: key "t:NUMBER" → the instant the driver read it ---- */

#define HT_N (1 << 20)
struct hent {
	char key[24];
	int64_t t;      /* the driver read the answer */
	int64_t t_sent; /* the driver sent the request */
};
static struct hent *ht;
static unsigned hhash(const char *k)
{
	unsigned h = 2166136261u;
	for (; *k; k++)
		h = (h ^ (unsigned char)*k) * 16777619u;
	return h;
}
static struct hent *hslot(const char *k)
{
	for (unsigned i = hhash(k) & (HT_N - 1);; i = (i + 1) & (HT_N - 1))
		if (!ht[i].key[0] || strcmp(ht[i].key, k) == 0)
			return &ht[i];
}

/* events a board read before the driver read the answer: settled at the end */
struct early_rx {
	char key[24];
	int64_t t;
};
static struct early_rx *pend;
static size_t npend, cap_pend;
static void pend_add(const char *key, int64_t t)
{
	if (npend == cap_pend) {
		cap_pend = cap_pend ? cap_pend * 2 : 65536;
		pend = realloc(pend, cap_pend * sizeof *pend);
		if (!pend)
			die("out of memory");
	}
	snprintf(pend[npend].key, sizeof pend[npend].key, "%s", key);
	pend[npend++].t = t;
}

/* ---- latency histograms ---- */

struct hist {
	uint32_t *b;
	uint64_t n, over, clamped;
	int64_t max;
};
static struct hist from_answer, from_request;
static void record(struct hist *h, int64_t lat)
{
	if (lat < 0) {
		lat = 0;
		h->clamped++;
	}
	if (lat > h->max)
		h->max = lat;
	uint64_t b = (uint64_t)lat / (HIST_US * 1000);
	if (b >= HIST_N)
		h->over++;
	else
		h->b[b]++;
	h->n++;
}
static double pct(const struct hist *h, double p)
{
	if (!h->n)
		return 0;
	uint64_t want = (uint64_t)(p * h->n), acc = 0;
	if (want >= h->n)
		want = h->n - 1;
	for (uint64_t b = 0; b < HIST_N; b++) {
		acc += h->b[b];
		if (acc > want)
			return (b + 1) * HIST_US / 1000.0; /* upper edge, ms */
	}
	return h->max / 1e6;
}

/* ---- the ids seen by any board ---- */

static unsigned char *seen;
static long long seen_cap, id_min = -1, id_max = -1, id_union;
static void mark(long long id)
{
	if (id < 0)
		return;
	if (id >= seen_cap) {
		long long c = seen_cap ? seen_cap : 65536;
		while (c <= id)
			c *= 2;
		seen = realloc(seen, (size_t)c);
		if (!seen)
			die("out of memory");
		memset(seen + seen_cap, 0, (size_t)(c - seen_cap));
		seen_cap = c;
	}
	if (!seen[id]) {
		seen[id] = 1;
		id_union++;
		if (id_min < 0 || id < id_min)
			id_min = id;
		if (id > id_max)
			id_max = id;
	}
}

/* ---- connections ---- */

enum kind { BOARD, LANE };
struct conn {
	enum kind kind;
	int fd, idx;
	/* HTTP response */
	int status, headers_done, chunked;
	long long chunk_left; /* -1: reading a chunk-size line */
	int chunk_crlf;       /* bytes of CRLF after a chunk's data still to skip */
	char hbuf[4096];
	size_t hlen;
	/* SSE (boards) */
	char line[8192];
	size_t llen;
	long long ev_id, last_id;
	char ev_type[32], ev_num[16];
	long long received, dup_or_order, unmatched;
	int closed;
	/* driver lane */
	int busy, step; /* 0 issue, 1 call, 2 finish */
	char group[24];
	long long counter_id, ticket_id;
	char number[16];
	char body[16384];
	size_t blen;
	long long clen;
	int64_t sent_at;
};

static int ep;
static struct conn *boards, lanes[MAX_LANES];
static int nconnected, nfailed;

static int tcp_connect(void)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("socket: %s", strerror(errno));
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0 && errno != EINPROGRESS)
		die("connect: %s", strerror(errno));
	return fd;
}

/* Blocking-ish full write on a non-blocking socket (small requests). */
static int send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EAGAIN || errno == EINTR) {
				struct timespec ts = {0, 100000};
				nanosleep(&ts, NULL);
				continue;
			}
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* ---- SSE ---- */

static void board_dispatch(struct conn *c, int64_t t)
{
	if (c->ev_id < 0) { /* a comment, the retry line or an id-less event */
		c->ev_type[0] = c->ev_num[0] = 0;
		return;
	}
	long long id = c->ev_id;
	c->ev_id = -1;
	if (drop_every && c->idx == 0 && id % drop_every == 0) {
		c->ev_type[0] = c->ev_num[0] = 0;
		return;
	}
	if (id <= c->last_id)
		c->dup_or_order++;
	else
		c->last_id = id;
	c->received++;
	mark(id);
	char key[24];
	snprintf(key, sizeof key, "%c:%s", c->ev_type[0] ? c->ev_type[0] : '?', c->ev_num);
	struct hent *h = c->ev_num[0] ? hslot(key) : NULL;
	if (h && h->key[0]) {
		record(&from_answer, t - h->t);
		record(&from_request, t - h->t_sent);
	} else if (h)
		pend_add(key, t); /* the driver has not read the answer yet (or never will) */
	else
		c->unmatched++;
	c->ev_type[0] = c->ev_num[0] = 0;
}

static void board_line(struct conn *c, char *l, size_t n, int64_t t)
{
	if (n == 0) {
		board_dispatch(c, t);
		return;
	}
	l[n] = 0;
	if (strncmp(l, "id: ", 4) == 0)
		c->ev_id = atoll(l + 4);
	else if (strncmp(l, "event: ", 7) == 0)
		snprintf(c->ev_type, sizeof c->ev_type, "%s", l + 7);
	else if (strncmp(l, "data: ", 6) == 0) {
		char *p = strstr(l, "\"number\":\"");
		if (p) {
			p += 10;
			size_t k = 0;
			while (p[k] && p[k] != '"' && k < sizeof c->ev_num - 1)
				k++;
			memcpy(c->ev_num, p, k);
			c->ev_num[k] = 0;
		}
	}
}

static void board_body(struct conn *c, const char *p, size_t n, int64_t t)
{
	for (size_t i = 0; i < n; i++) {
		char ch = p[i];
		if (ch == '\n') {
			size_t m = c->llen;
			if (m && c->line[m - 1] == '\r')
				m--;
			board_line(c, c->line, m, t);
			c->llen = 0;
		} else if (c->llen < sizeof c->line - 1)
			c->line[c->llen++] = ch;
	}
}

/* Feed the body through the chunked decoder (if any) to `sink`. */
static void body_feed(struct conn *c, const char *p, size_t n, int64_t t,
		      void (*sink)(struct conn *, const char *, size_t, int64_t))
{
	if (!c->chunked) {
		sink(c, p, n, t);
		return;
	}
	while (n) {
		if (c->chunk_crlf) {
			size_t k = (size_t)c->chunk_crlf < n ? (size_t)c->chunk_crlf : n;
			c->chunk_crlf -= (int)k;
			p += k;
			n -= k;
			continue;
		}
		if (c->chunk_left < 0) { /* the size line, into hbuf */
			char ch = *p++;
			n--;
			if (ch == '\n') {
				c->hbuf[c->hlen] = 0;
				c->chunk_left = strtoll(c->hbuf, NULL, 16);
				c->hlen = 0;
				if (c->chunk_left == 0)
					c->closed = 1; /* last chunk: the stream ended */
			} else if (c->hlen < sizeof c->hbuf - 1)
				c->hbuf[c->hlen++] = ch;
			continue;
		}
		size_t k = (size_t)c->chunk_left < n ? (size_t)c->chunk_left : n;
		sink(c, p, k, t);
		p += k;
		n -= k;
		c->chunk_left -= (long long)k;
		if (c->chunk_left == 0) {
			c->chunk_left = -1;
			c->chunk_crlf = 2;
		}
	}
}

/* Headers: fills status/chunked/clen; returns the offset of the body in buf
 * or -1 when the headers are not complete yet (kept in hbuf). */
static long headers(struct conn *c, const char *buf, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		if (c->hlen < sizeof c->hbuf - 1)
			c->hbuf[c->hlen++] = buf[i];
		if (c->hlen >= 4 && memcmp(c->hbuf + c->hlen - 4, "\r\n\r\n", 4) == 0) {
			c->hbuf[c->hlen] = 0;
			c->status = atoi(c->hbuf + 9);
			c->chunked = strcasestr(c->hbuf, "transfer-encoding: chunked") != NULL;
			char *cl = strcasestr(c->hbuf, "content-length:");
			c->clen = cl ? atoll(cl + 15) : -1;
			c->headers_done = 1;
			c->hlen = 0;
			c->chunk_left = -1;
			return (long)(i + 1);
		}
	}
	return -1;
}

/* ---- driver ---- */

static uint64_t issued_ok, called_ok, done_ok, drv_errors, xff_next;
static int64_t lat_drv_sum, lat_drv_max;
static uint64_t lat_drv_n;

static void lane_send(struct conn *c, int64_t t)
{
	char req[1024];
	int n;
	if (c->step == 0) {
		char body[160];
		int bl = snprintf(body, sizeof body,
				  "{\"group\":\"%s\",\"priority\":false,\"agency\":\"%s\"}",
				  c->group, agency);
		/* a farm of kiosks behind a trusted proxy: naddr addresses in turn */
		unsigned a = (unsigned)(xff_next++ % (unsigned)naddr);
		n = snprintf(req, sizeof req,
			     "POST /api/v1/queue/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\n"
			     "Content-Type: application/json\r\nX-Forwarded-For: 10.12.%u.%u\r\n"
			     "Content-Length: %d\r\n\r\n%s",
			     a / 250, a % 250 + 1, bl, body);
	} else if (c->step == 1)
		n = snprintf(req, sizeof req,
			     "POST /api/v1/queue/counters/%lld/call HTTP/1.1\r\nHost: 127.0.0.1\r\n"
			     "Authorization: Bearer %s\r\nContent-Length: 0\r\n\r\n",
			     c->counter_id, token);
	else
		n = snprintf(
			req, sizeof req,
			"POST /api/v1/queue/tickets/%lld/finish HTTP/1.1\r\nHost: 127.0.0.1\r\n"
			"Authorization: Bearer %s\r\nContent-Length: 0\r\n\r\n",
			c->ticket_id, token);
	c->busy = 1;
	c->sent_at = t;
	c->headers_done = 0;
	c->hlen = c->blen = 0;
	if (send_all(c->fd, req, (size_t)n) != 0)
		die("lane %d: write: %s", c->idx, strerror(errno));
}

static void json_str(const char *b, const char *k, char *out, size_t cap)
{
	out[0] = 0;
	const char *p = strstr(b, k);
	if (!p)
		return;
	p += strlen(k);
	size_t i = 0;
	while (p[i] && p[i] != '"' && i < cap - 1)
		i++;
	memcpy(out, p, i);
	out[i] = 0;
}

static void lane_answer(struct conn *c, int64_t t)
{
	c->body[c->blen] = 0;
	int want = c->step == 0 ? 201 : 200;
	c->busy = 0;
	int64_t l = t - c->sent_at;
	lat_drv_sum += l;
	lat_drv_n++;
	if (l > lat_drv_max)
		lat_drv_max = l;
	if (c->status != want) {
		drv_errors++;
		if (drv_errors <= 5)
			fprintf(stderr, "boards: lane %d step %d: HTTP %d %s\n", c->idx, c->step,
				c->status, c->body);
		/* a refused call (queue_empty/counter_busy) leaves the lane where it is */
		return;
	}
	char num[16], key[24];
	json_str(c->body, "\"number\":\"", num, sizeof num);
	if (!num[0])
		die("lane %d: no number in %s", c->idx, c->body);
	snprintf(key, sizeof key, "%c:%s", "icd"[c->step], num);
	struct hent *h = hslot(key);
	if (h->key[0])
		die("key %s twice", key);
	snprintf(h->key, sizeof h->key, "%s", key);
	h->t = t;
	h->t_sent = c->sent_at;
	if (c->step == 0)
		issued_ok++;
	else if (c->step == 1) {
		called_ok++;
		const char *p = strstr(c->body, "\"id\":");
		if (!p)
			die("lane %d: no id in %s", c->idx, c->body);
		c->ticket_id = atoll(p + 5);
	} else
		done_ok++;
	c->step = (c->step + 1) % 3;
}

static void lane_body(struct conn *c, const char *p, size_t n, int64_t t)
{
	(void)t;
	if (c->blen + n >= sizeof c->body)
		n = sizeof c->body - 1 - c->blen;
	memcpy(c->body + c->blen, p, n);
	c->blen += n;
}

/* ---- reading ---- */

static void on_readable(struct conn *c)
{
	char buf[65536];
	for (;;) {
		ssize_t r = read(c->fd, buf, sizeof buf);
		int64_t t = now_ns();
		if (r < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			r = 0;
		}
		if (r == 0) {
			if (!c->closed) {
				c->closed = 1;
				if (c->kind == BOARD && c->status != 200)
					nfailed++;
				if (c->kind == LANE)
					die("lane %d: the server closed the connection", c->idx);
			}
			epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
			return;
		}
		const char *p = buf;
		size_t n = (size_t)r;
		if (!c->headers_done) {
			long off = headers(c, p, n);
			if (off < 0)
				continue;
			p += off;
			n -= (size_t)off;
			if (c->kind == BOARD) {
				if (c->status == 200)
					nconnected++;
				else {
					nfailed++;
					if (nfailed <= 3)
						fprintf(stderr, "boards: a board got HTTP %d\n",
							c->status);
				}
			}
		}
		if (c->kind == BOARD)
			body_feed(c, p, n, t, board_body);
		else {
			body_feed(c, p, n, t, lane_body);
			int complete = c->chunked ? c->closed
						  : (c->clen >= 0 && (long long)c->blen >= c->clen);
			if (c->chunked && c->closed)
				c->closed = 0;
			if (complete)
				lane_answer(c, t);
		}
	}
}

static int poll_once(int timeout_ms)
{
	struct epoll_event evs[512];
	int n = epoll_wait(ep, evs, 512, timeout_ms);
	if (n < 0 && errno != EINTR)
		die("epoll_wait: %s", strerror(errno));
	/* the driver's answers first: a board's event read in the same batch is
	 * then measured against an answer that is already known */
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < n; i++) {
			struct conn *c = evs[i].data.ptr;
			if ((c->kind == LANE) == (pass == 0))
				on_readable(c);
		}
	return n;
}

/* ---- /proc ---- */

static long proc_kb(const char *field)
{
	char path[64], l[256];
	snprintf(path, sizeof path, "/proc/%d/status", server_pid);
	FILE *f = fopen(path, "r");
	long v = -1;
	if (!f)
		return -1;
	while (fgets(l, sizeof l, f))
		if (strncmp(l, field, strlen(field)) == 0)
			v = atol(l + strlen(field) + 1);
	fclose(f);
	return v;
}

static long long proc_ticks(void)
{
	char path[64], b[2048];
	snprintf(path, sizeof path, "/proc/%d/stat", server_pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	size_t n = fread(b, 1, sizeof b - 1, f);
	fclose(f);
	b[n] = 0;
	char *p = strrchr(b, ')');
	if (!p)
		return -1;
	unsigned long ut = 0, st = 0;
	/* after ") ": state(3) ... utime is field 14, stime 15 */
	sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st);
	return (long long)(ut + st);
}

static double self_cpu_s(void)
{
	struct rusage u;
	getrusage(RUSAGE_SELF, &u);
	return u.ru_utime.tv_sec + u.ru_stime.tv_sec +
	       (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

/* ---- main ---- */

static void usage(void)
{
	fputs("usage: boards --port P --token T --lane GROUP:COUNTER_ID... [--clients N] [--rate "
	      "R]\n"
	      "              [--duration S] [--agency CODE] [--server-pid PID] [--addresses N]\n"
	      "              [--drop N (a self-check: board 0 ignores every Nth event)]\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!v)
			usage();
		i++;
		if (!strcmp(a, "--port"))
			port = atoi(v);
		else if (!strcmp(a, "--clients"))
			nclients = atoi(v);
		else if (!strcmp(a, "--rate"))
			rate = atof(v);
		else if (!strcmp(a, "--duration"))
			duration = atof(v);
		else if (!strcmp(a, "--agency"))
			agency = v;
		else if (!strcmp(a, "--token"))
			token = v;
		else if (!strcmp(a, "--server-pid"))
			server_pid = atoi(v);
		else if (!strcmp(a, "--addresses"))
			naddr = atoi(v);
		else if (!strcmp(a, "--drop"))
			drop_every = atoll(v);
		else if (!strcmp(a, "--lane")) {
			if (nlanes == MAX_LANES)
				die("at most %d lanes", MAX_LANES);
			struct conn *c = &lanes[nlanes];
			const char *colon = strchr(v, ':');
			if (!colon || colon - v >= (long)sizeof c->group)
				usage();
			memcpy(c->group, v, (size_t)(colon - v));
			c->counter_id = atoll(colon + 1);
			c->idx = nlanes++;
		} else
			usage();
	}
	if (!port || !nlanes || nclients < 1 || rate <= 0 || naddr < 1)
		usage();
	ht = calloc(HT_N, sizeof *ht);
	from_answer.b = calloc(HIST_N, sizeof *from_answer.b);
	from_request.b = calloc(HIST_N, sizeof *from_request.b);
	boards = calloc((size_t)nclients, sizeof *boards);
	if (!ht || !from_answer.b || !from_request.b || !boards)
		die("out of memory");
	ep = epoll_create1(EPOLL_CLOEXEC);
	double cpu_self0 = self_cpu_s();

	/* 1. the boards connect, 100 at a time in flight */
	long rss0 = proc_kb("VmRSS");
	char req[512];
	int rl = snprintf(req, sizeof req,
			  "GET /api/v1/queue/events?agency=%s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
			  "Accept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n",
			  agency);
	int64_t t0 = now_ns();
	int started = 0;
	while (nconnected + nfailed < nclients) {
		while (started < nclients && started - nconnected - nfailed < 100) {
			struct conn *c = &boards[started];
			c->kind = BOARD;
			c->idx = started++;
			c->ev_id = -1;
			c->last_id = -1;
			c->fd = tcp_connect();
			struct epoll_event e = {.events = EPOLLIN, .data.ptr = c};
			epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &e);
			if (send_all(c->fd, req, (size_t)rl) != 0)
				die("board %d: write: %s", c->idx, strerror(errno));
		}
		poll_once(50);
		if (now_ns() - t0 > 60 * 1000000000LL)
			die("only %d of %d boards connected in 60 s (%d refused)", nconnected,
			    nclients, nfailed);
	}
	double connect_s = (now_ns() - t0) / 1e9;
	fprintf(stderr, "boards: %d connected in %.1f s (%d refused)\n", nconnected, connect_s,
		nfailed);
	if (nfailed)
		die("%d boards were refused", nfailed);
	/* settle: let the server finish with the connections' first writes */
	for (int64_t s = now_ns(); now_ns() - s < 2000000000LL;)
		poll_once(100);
	long rss1 = proc_kb("VmRSS");

	/* 2. the driver */
	for (int i = 0; i < nlanes; i++) {
		lanes[i].kind = LANE;
		lanes[i].fd = tcp_connect();
		struct epoll_event e = {.events = EPOLLIN, .data.ptr = &lanes[i]};
		epoll_ctl(ep, EPOLL_CTL_ADD, lanes[i].fd, &e);
	}
	poll_once(10);
	long long srv0 = proc_ticks();
	double cpu_self1 = self_cpu_s();
	int64_t start = now_ns(), period = (int64_t)(1e9 / rate),
		end = start + (int64_t)(duration * 1e9);
	uint64_t sent = 0, behind = 0;
	int64_t max_lag = 0;
	int next_lane = 0;
	for (;;) {
		int64_t t = now_ns();
		if (t >= end)
			break;
		int64_t due = start + (int64_t)sent * period;
		int stalled = 0;
		while (t >= due && due < end) {
			int k, found = -1;
			for (k = 0; k < nlanes; k++) {
				int l = (next_lane + k) % nlanes;
				if (!lanes[l].busy) {
					found = l;
					break;
				}
			}
			if (found < 0) {
				stalled = 1; /* every lane waits for an answer: the server is behind
					      */
				break;
			}
			if (t - due > max_lag)
				max_lag = t - due;
			if (t - due > 10000000)
				behind++; /* sent more than 10 ms late */
			lane_send(&lanes[found], t);
			next_lane = (found + 1) % nlanes;
			sent++;
			due = start + (int64_t)sent * period;
		}
		/* sleep in epoll until the next request is due (rounded up to the
		 * millisecond), or until an answer frees a lane */
		int64_t wait = (due - now_ns() + 999999) / 1000000;
		poll_once(stalled ? 50 : wait < 0 ? 0 : wait > 50 ? 50 : (int)wait);
	}
	double driven_s = (now_ns() - start) / 1e9;
	/* the answers still in flight */
	for (int64_t s = now_ns(); now_ns() - s < 5000000000LL;) {
		int any = 0;
		for (int i = 0; i < nlanes; i++)
			any |= lanes[i].busy;
		if (!any)
			break;
		poll_once(10);
	}
	long long srv1 = proc_ticks();
	double cpu_self2 = self_cpu_s();
	uint64_t caused = issued_ok + called_ok + done_ok;
	/* 3. drain: every board should reach the newest id */
	int64_t d0 = now_ns();
	for (;;) {
		int behind_boards = 0;
		for (int i = 0; i < nclients; i++)
			if (!boards[i].closed &&
			    (boards[i].last_id < id_max || (long long)id_union < (long long)caused))
				behind_boards++;
		if (!behind_boards || now_ns() - d0 > 5000000000LL)
			break;
		poll_once(20);
	}
	double drain_s = (now_ns() - d0) / 1e9;
	long rss2 = proc_kb("VmRSS"), hwm = proc_kb("VmHWM");

	/* 4. results: the events read before their answer count as latency 0 */
	uint64_t pend_unmatched = 0;
	for (size_t i = 0; i < npend; i++) {
		struct hent *h = hslot(pend[i].key);
		if (h->key[0]) {
			record(&from_answer, pend[i].t - h->t); /* < 0: counted as 0 */
			record(&from_request, pend[i].t - h->t_sent);
		} else
			pend_unmatched++;
	}
	uint64_t missing = 0, dup = 0, unmatched = pend_unmatched, closed = 0, received = 0,
		 incomplete = 0;
	for (int i = 0; i < nclients; i++) {
		struct conn *c = &boards[i];
		if (c->received < id_union) {
			missing += (uint64_t)(id_union - c->received);
			incomplete++;
		}
		dup += (uint64_t)c->dup_or_order;
		unmatched += (uint64_t)c->unmatched;
		closed += (uint64_t)c->closed;
		received += (uint64_t)c->received;
	}
	long hz = sysconf(_SC_CLK_TCK);
	printf("clients=%d\nconnect_s=%.2f\nlanes=%d\nrate=%.0f\nduration_s=%.2f\n", nclients,
	       connect_s, nlanes, rate, driven_s);
	printf("sent=%llu\nissued=%llu\ncalled=%llu\ndone=%llu\ndriver_errors=%llu\ndriver_behind=%"
	       "llu\n",
	       (unsigned long long)sent, (unsigned long long)issued_ok,
	       (unsigned long long)called_ok, (unsigned long long)done_ok,
	       (unsigned long long)drv_errors, (unsigned long long)behind);
	printf("events_caused=%llu\nevents_rate=%.1f\nmax_send_lag_ms=%.1f\n",
	       (unsigned long long)caused, caused / driven_s, max_lag / 1e6);
	printf("answer_mean_ms=%.2f\nanswer_max_ms=%.2f\n",
	       lat_drv_n ? lat_drv_sum / 1e6 / lat_drv_n : 0, lat_drv_max / 1e6);
	printf("ids_seen=%lld\nid_first=%lld\nid_last=%lld\nid_span_holes=%lld\n", id_union, id_min,
	       id_max, id_max >= 0 ? id_max - id_min + 1 - id_union : 0);
	printf("received=%llu\nmissing=%llu\nboards_incomplete=%llu\ndup_or_order=%llu\nunmatched=%"
	       "llu\n"
	       "boards_closed=%llu\ndrain_s=%.2f\n",
	       (unsigned long long)received, (unsigned long long)missing,
	       (unsigned long long)incomplete, (unsigned long long)dup,
	       (unsigned long long)unmatched, (unsigned long long)closed, drain_s);
	printf("lat_n=%llu\nlat_early=%llu\nlat_p50_ms=%.2f\nlat_p99_ms=%.2f\n",
	       (unsigned long long)from_answer.n, (unsigned long long)from_answer.clamped,
	       pct(&from_answer, 0.50), pct(&from_answer, 0.99));
	printf("lat_p999_ms=%.2f\nlat_max_ms=%.2f\nlat_over_10s=%llu\n", pct(&from_answer, 0.999),
	       from_answer.max / 1e6, (unsigned long long)from_answer.over);
	printf("req_p50_ms=%.2f\nreq_p99_ms=%.2f\nreq_max_ms=%.2f\n", pct(&from_request, 0.50),
	       pct(&from_request, 0.99), from_request.max / 1e6);
	printf("rss_before_kb=%ld\nrss_connected_kb=%ld\nrss_after_kb=%ld\nhwm_kb=%ld\n", rss0,
	       rss1, rss2, hwm);
	printf("server_cpu_pct=%.1f\nclient_cpu_pct=%.1f\nclient_connect_cpu_s=%.2f\n",
	       srv0 >= 0 && srv1 >= 0 ? (double)(srv1 - srv0) / hz / driven_s * 100 : -1,
	       (cpu_self2 - cpu_self1) / driven_s * 100, cpu_self1 - cpu_self0);
	return 0;
}
