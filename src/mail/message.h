/*
 * message.h — the wire form of an outbox message (RFC 5322 + MIME) and the
 * retry schedule. Pure functions, no I/O: the sender (mail/sender.c) uses
 * them, the unit tests check them.
 *
 * The message: Date, From, To, Subject (RFC 2047 UTF-8 "B" encoded words,
 * folded so no header line passes 76 characters), Message-ID, MIME-Version,
 * Content-Type text/plain; charset=utf-8, Content-Transfer-Encoding base64
 * (so no 8BITMIME is needed and no line is ever too long), Auto-Submitted;
 * every line ends with CRLF. Dot-stuffing is libcurl's job.
 */
#ifndef MOTCUA_MAIL_MESSAGE_H
#define MOTCUA_MAIL_MESSAGE_H

#include <stddef.h>
#include <stdint.h>

struct mail_wire {
	int64_t id;            /* outbox id, part of the Message-ID */
	int64_t created_at;    /* part of the Message-ID: stable across retries */
	int64_t date;          /* the Date header, Unix seconds */
	const char *from;      /* address */
	const char *from_name; /* display name, UTF-8; NULL or "" = none */
	const char *to;        /* address */
	const char *subject;   /* UTF-8, one line */
	const char *body;      /* UTF-8, LF or CRLF line ends */
};

/*
 * Format m. Returns a malloc'd buffer owned by the caller (free it) holding
 * the whole message, with its length in *len; NULL if a ceiling was passed
 * (the outbox keeps bodies far below it).
 */
char *mail_format(const struct mail_wire *m, size_t *len);

/*
 * The delay before the next attempt after `attempts` failed ones (≥ 1):
 * base_s · 2^(attempts−1), capped at MAIL_BACKOFF_CAP_S. With base 60:
 * 1 min, 2, 4, … 6 h.
 */
#define MAIL_BACKOFF_CAP_S (6 * 3600)
int64_t mail_backoff_s(int attempts, int base_s);

#endif
