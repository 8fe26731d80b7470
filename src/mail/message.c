/*
 * message.c — formatting an outbox row as an Internet message.
 *
 * Everything is written into one capped struct buf (habit 8), so a message
 * can never grow without bound; mail_format() fails rather than truncates.
 * Header text that is not short plain ASCII is written as RFC 2047 encoded
 * words ("=?UTF-8?B?…?="), split on UTF-8 character boundaries so that each
 * word decodes on its own, one word per folded line. The body is base64 in
 * lines of 76 characters.
 *
 * Threading: pure functions, no shared state.
 */
#include "mail/message.h"

#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "core/vntime.h"

#define MESSAGE_MAX (512 * 1024)
#define LINE_MAX_HDR 76 /* RFC 2047 §2: lines with encoded words */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Append the base64 form of p[0..n) (no line breaks). */
static int put_base64(struct buf *b, const unsigned char *p, size_t n)
{
	char q[4];
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		q[0] = b64[(v >> 18) & 63];
		q[1] = b64[(v >> 12) & 63];
		q[2] = i + 1 < n ? b64[(v >> 6) & 63] : '=';
		q[3] = i + 2 < n ? b64[v & 63] : '=';
		if (buf_append(b, q, 4) != 0)
			return -1;
	}
	return 0;
}

/* 1 if s can stand in a header as it is: printable ASCII, no "=?", short;
 * in a phrase (a display name) none of RFC 5322's specials either. */
static int plain_ok(const char *s, size_t col, int phrase)
{
	size_t n = strlen(s);
	if (col + n > LINE_MAX_HDR || strstr(s, "=?"))
		return 0;
	for (size_t i = 0; i < n; i++) {
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return 0;
		if (phrase && strchr("()<>[]:;@\\,.\"", s[i]))
			return 0;
	}
	return 1;
}

/*
 * Append text as a header value starting at column col (after "Name: ").
 * Returns the column after the last character, or -1. Each encoded word
 * holds as many whole characters as fit in the line: a word is
 * "=?UTF-8?B?" + base64 + "?=", 12 characters of overhead.
 */
static long put_words(struct buf *b, const char *text, size_t col, int phrase)
{
	if (col + 12 + 4 > LINE_MAX_HDR)
		return -1;
	if (plain_ok(text, col, phrase))
		return buf_puts(b, text) == 0 ? (long)(col + strlen(text)) : -1;
	const unsigned char *s = (const unsigned char *)text;
	size_t n = strlen(text), i = 0;
	while (i < n) {
		if (i > 0) {
			if (buf_puts(b, "\r\n ") != 0)
				return -1;
			col = 1;
		}
		size_t room = (LINE_MAX_HDR - col - 12) / 4 * 3; /* bytes of text */
		size_t take = n - i < room ? n - i : room;
		while (i + take < n && take > 0 && (s[i + take] & 0xc0) == 0x80)
			take--; /* never split a character */
		if (take == 0)
			return -1;
		if (buf_puts(b, "=?UTF-8?B?") != 0 || put_base64(b, s + i, take) != 0 ||
		    buf_puts(b, "?=") != 0)
			return -1;
		col += 12 + (take + 2) / 3 * 4;
		i += take;
	}
	return (long)col;
}

static int put_header(struct buf *b, const char *name, const char *text)
{
	if (buf_puts(b, name) != 0 || buf_puts(b, ": ") != 0)
		return -1;
	if (put_words(b, text, strlen(name) + 2, 0) < 0)
		return -1;
	return buf_puts(b, "\r\n");
}

static int put_date(struct buf *b, int64_t t)
{
	static const char *const wd[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	struct vn_civil c = vn_civil_of(t);
	return buf_printf(b, "Date: %s, %d %s %04d %02d:%02d:%02d +0700\r\n",
			  wd[vn_weekday(vn_day_of(t))], c.d, mon[c.m - 1], c.y, c.hh, c.mi, c.ss);
}

/* The body with every line end made CRLF and a final CRLF, then base64. */
static int put_body(struct buf *b, const char *body)
{
	struct buf crlf;
	int rc = -1;
	buf_init(&crlf, MESSAGE_MAX / 2);
	for (const char *p = body; *p; p++) {
		if (*p == '\r')
			continue;
		if (*p == '\n' ? buf_append(&crlf, "\r\n", 2) : buf_append(&crlf, p, 1))
			goto out;
	}
	if (crlf.len < 2 || memcmp(crlf.p + crlf.len - 2, "\r\n", 2) != 0)
		if (buf_append(&crlf, "\r\n", 2) != 0)
			goto out;
	for (size_t i = 0; i < crlf.len; i += 57) { /* 57 bytes → 76 characters */
		size_t n = crlf.len - i < 57 ? crlf.len - i : 57;
		if (put_base64(b, (const unsigned char *)crlf.p + i, n) != 0 ||
		    buf_puts(b, "\r\n") != 0)
			goto out;
	}
	rc = 0;
out:
	buf_free(&crlf);
	return rc;
}

char *mail_format(const struct mail_wire *m, size_t *len)
{
	struct buf b;
	buf_init(&b, MESSAGE_MAX);
	const char *at = strrchr(m->from, '@');
	const char *domain = at ? at + 1 : "localhost";
	int rc = put_date(&b, m->date);
	if (rc == 0 && m->from_name && m->from_name[0]) {
		rc = buf_puts(&b, "From: ");
		long col = rc == 0 ? put_words(&b, m->from_name, 6, 1) : -1;
		/* the address goes on its own line when the name filled this one */
		if (col < 0)
			rc = -1;
		else if ((size_t)col + 3 + strlen(m->from) > LINE_MAX_HDR)
			rc = buf_printf(&b, "\r\n <%s>\r\n", m->from);
		else
			rc = buf_printf(&b, " <%s>\r\n", m->from);
	} else if (rc == 0) {
		rc = buf_printf(&b, "From: %s\r\n", m->from);
	}
	if (rc == 0)
		rc = buf_printf(&b, "To: %s\r\n", m->to);
	if (rc == 0)
		rc = put_header(&b, "Subject", m->subject);
	if (rc == 0)
		rc = buf_printf(&b,
				"Message-ID: <outbox.%lld.%lld@%s>\r\n"
				"MIME-Version: 1.0\r\n"
				"Content-Type: text/plain; charset=utf-8\r\n"
				"Content-Transfer-Encoding: base64\r\n"
				"Auto-Submitted: auto-generated\r\n"
				"\r\n",
				(long long)m->id, (long long)m->created_at, domain);
	if (rc == 0)
		rc = put_body(&b, m->body);
	if (rc != 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b, len);
}

int64_t mail_backoff_s(int attempts, int base_s)
{
	int64_t d = base_s > 0 ? base_s : 1;
	for (int i = 1; i < attempts && d < MAIL_BACKOFF_CAP_S; i++)
		d *= 2;
	return d < MAIL_BACKOFF_CAP_S ? d : MAIL_BACKOFF_CAP_S;
}
