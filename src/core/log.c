/*
 * log.c — key=value lines on stderr with the local timestamp and level.
 * Thread-safe: each line is formatted into a stack buffer and written with a
 * single write(2). Long lines are truncated, never split.
 */
#include "core/log.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/utf8.h"
#include "core/vntime.h"

static volatile int min_level = LOG_INFO;
static volatile int enabled = 1;

void log_set_level(enum log_level min)
{
	min_level = min;
}

void log_enable(int on)
{
	enabled = on;
}

void log_msg(enum log_level lvl, const char *fmt, ...)
{
	static const char *names[] = {"debug", "info", "warn", "error"};
	if (!enabled || (int)lvl < min_level)
		return;
	char line[2048];
	char ts[40];
	vn_format_iso((int64_t)time(NULL), ts, sizeof ts);
	int n = snprintf(line, sizeof line, "ts=%s level=%s ", ts, names[lvl]);
	if (n < 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
	va_end(ap);
	size_t len = (size_t)n + (m < 0 ? 0 : (size_t)m);
	if (len > sizeof line - 2)
		len = sizeof line - 2;
	line[len++] = '\n';
	ssize_t w = write(2, line, len);
	(void)w;
}

static const char hex[] = "0123456789ABCDEF";

/* Appends \xHH for c if it fits (cap keeps room for the NUL). */
static int put_hex(char *out, unsigned *j, unsigned cap, unsigned char c)
{
	if (*j + 4 >= cap)
		return -1;
	out[(*j)++] = '\\';
	out[(*j)++] = 'x';
	out[(*j)++] = hex[c >> 4];
	out[(*j)++] = hex[c & 15];
	return 0;
}

char *log_quote(const char *s, char *out, unsigned cap)
{
	unsigned j = 0;
	if (cap == 0)
		return out;
	size_t len = s ? strlen(s) : 0, i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			if (j + 2 >= cap)
				break;
			out[j++] = '\\';
			out[j++] = (char)c;
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			if (put_hex(out, &j, cap, c) != 0)
				break;
			i++;
		} else if (c < 0x80) {
			if (j + 1 >= cap)
				break;
			out[j++] = (char)c;
			i++;
		} else {
			/* kept only as a whole, valid UTF-8 sequence */
			size_t at = i;
			uint32_t cp;
			if (utf8_next(s, len, &at, &cp) == UTF8_OK) {
				size_t n = at - i;
				if (j + n >= cap)
					break;
				memcpy(out + j, s + i, n);
				j += (unsigned)n;
				i = at;
			} else {
				if (put_hex(out, &j, cap, c) != 0)
					break;
				i++;
			}
		}
	}
	out[j] = '\0';
	return out;
}

char *log_token(const char *s, char *out, unsigned cap)
{
	unsigned j = 0;
	if (cap == 0)
		return out;
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		int tchar = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
			    (c >= 'A' && c <= 'Z') || (c && strchr("!#$%&'*+-.^_`|~", c));
		if (tchar) {
			if (j + 1 >= cap)
				break;
			out[j++] = (char)c;
		} else if (put_hex(out, &j, cap, c) != 0) {
			break;
		}
	}
	out[j] = '\0';
	return out;
}
