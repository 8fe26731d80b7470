/*
 * mem.h — allocation policy: out-of-memory aborts, every buffer has a ceiling.
 *
 * xmalloc/xcalloc/xrealloc/xstrdup never return NULL: running out of memory is
 * not an input error and is not recovered from (habit 6). Bad input is.
 *
 * struct arena: a per-request pool. Allocations are freed all at once with
 * arena_release(). Not thread-safe: one arena belongs to one request/thread.
 *
 * struct buf: a growable byte buffer with a hard ceiling (`max`); appends that
 * would pass it fail with -1 and leave the buffer unchanged. The content is
 * always NUL-terminated (the NUL is not counted in len).
 */
#ifndef MOTCUA_CORE_MEM_H
#define MOTCUA_CORE_MEM_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

struct arena_chunk;
struct arena {
	struct arena_chunk *head;
	size_t used_total;
};

#define ARENA_INIT                                                                                 \
	{                                                                                          \
		0, 0                                                                               \
	}
/* Memory for n bytes, aligned for any type, valid until arena_release. */
void *arena_alloc(struct arena *a, size_t n);
/* Copy of s[0..n) plus a NUL, owned by the arena. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
/* snprintf into the arena. */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Free everything; the arena can be reused afterwards. */
void arena_release(struct arena *a);

struct buf {
	char *p;
	size_t len, cap, max;
	int full; /* an append failed: every later one fails too (buf_reset clears) */
};

/* An empty buffer that may grow up to max bytes. */
void buf_init(struct buf *b, size_t max);
/*
 * The appends return 0, or -1 when the bytes would pass the buffer's
 * ceiling (nothing is then appended, and the buffer is marked full so every
 * later append fails too). Their result must be looked at: a silently cut
 * document is worse than an error, so the compiler warns when it is not.
 */
#define BUF_MUST_CHECK __attribute__((warn_unused_result))
BUF_MUST_CHECK int buf_append(struct buf *b, const void *p, size_t n);
/* Room for extra more bytes (and the NUL) without passing max: 0, or -1. */
BUF_MUST_CHECK int buf_reserve(struct buf *b, size_t extra);
BUF_MUST_CHECK int buf_puts(struct buf *b, const char *s);
BUF_MUST_CHECK int buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
BUF_MUST_CHECK int buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* 1 if an append has failed since buf_init/buf_reset (check once at the end). */
int buf_full(const struct buf *b);
/* Take ownership of the bytes (malloc'd, NUL-terminated); b becomes empty. */
char *buf_steal(struct buf *b, size_t *len);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);

#endif
