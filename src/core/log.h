/*
 * log.h — structured key=value logging to stderr.
 *
 * One call writes one whole line (a single write(2)), so lines from different
 * threads never interleave. Never pass personal data (names, ID numbers,
 * phones, addresses, e-mails), passwords or tokens: log codes and ids only.
 *
 *   log_info("server started listen=%s threads=%d", listen, n);
 *   → ts=2026-03-02T09:00:00+07:00 level=info server started listen=… threads=…
 */
#ifndef MOTCUA_CORE_LOG_H
#define MOTCUA_CORE_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(enum log_level min);
/* 0 to silence the log entirely (tests of the CLI), 1 to restore. */
void log_enable(int on);
void log_msg(enum log_level lvl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

/* A value for a quoted log field ("…"): copies s into out, escaping " and \
 * with a backslash and every byte it cannot vouch for — control bytes, DEL,
 * bytes that are not part of valid UTF-8 — as \xHH; valid UTF-8 is kept.
 * Truncates to cap-1 bytes, never inside an escape or a character. */
char *log_quote(const char *s, char *out, unsigned cap);
/* A value for an unquoted log field: the bytes of an HTTP token (RFC 9110
 * tchar) as they are, every other byte as \xHH; truncated like log_quote. */
char *log_token(const char *s, char *out, unsigned cap);

#endif
