/*
 * log.c — key=value lines on stderr with the local timestamp and level.
 * Thread-safe: each line is formatted into a stack buffer and written with a
 * single write(2). Long lines are truncated, never split.
 */
#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

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

char *log_quote(const char *s, char *out, unsigned cap)
{
	unsigned j = 0;
	if (cap == 0)
		return out;
	for (; s && *s && j + 2 < cap; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			out[j++] = '\\';
			out[j++] = (char)c;
		} else {
			out[j++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
		}
	}
	out[j] = '\0';
	return out;
}
