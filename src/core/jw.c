/* jw.c — see jw.h. */
#include "core/jw.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/vntime.h"

void jw_init(struct jw *w, size_t max)
{
	memset(w, 0, sizeof *w);
	buf_init(&w->b, max);
	if (max >= 4096) { /* a dossier's public view is ~2 KB: one allocation */
		w->b.p = xmalloc(4096);
		w->b.p[0] = '\0';
		w->b.cap = 4096;
	}
}

void jw_free(struct jw *w)
{
	buf_free(&w->b);
}

/* Room for n more bytes; sets the sticky error when there is none. */
static inline int room(struct jw *w, size_t n)
{
	struct buf *b = &w->b;
	if (w->err)
		return 0;
	if (b->len + n < b->cap)
		return 1;
	if (buf_reserve(b, n) != 0) {
		w->err = 1;
		return 0;
	}
	return 1;
}

static inline void put(struct jw *w, const char *p, size_t n)
{
	if (!room(w, n))
		return;
	memcpy(w->b.p + w->b.len, p, n);
	w->b.len += n;
	w->b.p[w->b.len] = '\0';
}

static inline void put1(struct jw *w, char ch)
{
	if (!room(w, 1))
		return;
	w->b.p[w->b.len++] = ch;
	w->b.p[w->b.len] = '\0';
}

/* Before a value or a key: the comma, unless it follows its key. */
static void sep(struct jw *w)
{
	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (w->depth > 0) {
		if (w->has_items[w->depth - 1])
			put1(w, ',');
		w->has_items[w->depth - 1] = 1;
	}
}

static void open(struct jw *w, char ch)
{
	sep(w);
	put1(w, ch);
	if (w->depth >= JW_MAX_DEPTH) {
		w->err = 1;
		return;
	}
	w->has_items[w->depth++] = 0;
}

static void close_(struct jw *w, char ch)
{
	if (w->depth <= 0) {
		w->err = 1;
		return;
	}
	w->depth--;
	put1(w, ch);
}

void jw_obj(struct jw *w)
{
	open(w, '{');
}

void jw_obj_end(struct jw *w)
{
	close_(w, '}');
}

void jw_arr(struct jw *w)
{
	open(w, '[');
}

void jw_arr_end(struct jw *w)
{
	close_(w, ']');
}

/* Does any of the 8 bytes of x need escaping (< 0x20, '"' or '\\')? Exact
 * for "any" (the classic has-zero-byte tests). */
static inline int special8(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
	uint64_t q = x ^ (ones * '"'), bs = x ^ (ones * '\\');
	return (((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((bs - ones) & ~bs)) & high ? 1 : 0;
}

static void quoted_slow(struct jw *w, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF"; /* as jansson writes it */
	size_t run = 0;                               /* start of the bytes copied as they are */
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch >= 0x20 && ch != '"' && ch != '\\')
			continue;
		put(w, s + run, i - run);
		run = i + 1;
		char e[6] = {'\\', 0, 0, 0, 0, 0};
		size_t len = 2;
		switch (ch) {
		case '"': e[1] = '"'; break;
		case '\\': e[1] = '\\'; break;
		case '\b': e[1] = 'b'; break;
		case '\f': e[1] = 'f'; break;
		case '\n': e[1] = 'n'; break;
		case '\r': e[1] = 'r'; break;
		case '\t': e[1] = 't'; break;
		default:
			e[1] = 'u';
			e[2] = '0';
			e[3] = '0';
			e[4] = hex[ch >> 4];
			e[5] = hex[ch & 15];
			len = 6;
		}
		put(w, e, len);
	}
	put(w, s + run, n - run);
}

static void quoted(struct jw *w, const char *s, size_t n)
{
	/* The usual string needs no escape: find out 8 bytes at a time. */
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t x;
		memcpy(&x, s + i, 8);
		if (special8(x))
			break;
	}
	if (i + 8 > n)
		for (; i < n; i++) {
			unsigned char ch = (unsigned char)s[i];
			if (ch < 0x20 || ch == '"' || ch == '\\')
				break;
		}
	if (!room(w, n + 2))
		return;
	char *p = w->b.p + w->b.len;
	*p++ = '"';
	memcpy(p, s, i);
	w->b.len += 1 + i;
	if (i < n)
		quoted_slow(w, s + i, n - i);
	put1(w, '"');
}

void jw_key(struct jw *w, const char *k)
{
	sep(w);
	size_t n = strlen(k);
	if (!room(w, n + 3))
		return;
	char *p = w->b.p + w->b.len; /* a member name of this program: nothing to escape */
	*p++ = '"';
	memcpy(p, k, n);
	p += n;
	*p++ = '"';
	*p++ = ':';
	*p = '\0';
	w->b.len += n + 3;
	w->after_key = 1;
}

void jw_strn(struct jw *w, const char *s, size_t n)
{
	sep(w);
	quoted(w, s, n);
}

void jw_str(struct jw *w, const char *s)
{
	jw_strn(w, s ? s : "", s ? strlen(s) : 0);
}

void jw_int(struct jw *w, int64_t v)
{
	char b[24], *p = b + sizeof b;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	sep(w);
	put(w, p, (size_t)(b + sizeof b - p));
}

void jw_real(struct jw *w, double v)
{
	char b[40];
	if (!isfinite(v)) {
		w->err = 1;
		return;
	}
	int n = snprintf(b, sizeof b - 3, "%.17g", v);
	if (n < 0 || (size_t)n >= sizeof b - 3) {
		w->err = 1;
		return;
	}
	if (!strpbrk(b, ".eE")) { /* jansson keeps a real looking like one */
		memcpy(b + n, ".0", 3);
		n += 2;
	}
	sep(w);
	put(w, b, (size_t)n);
}

void jw_bool(struct jw *w, int v)
{
	sep(w);
	if (v)
		put(w, "true", 4);
	else
		put(w, "false", 5);
}

void jw_null(struct jw *w)
{
	sep(w);
	put(w, "null", 4);
}

void jw_raw(struct jw *w, const char *json, size_t n)
{
	sep(w);
	put(w, json, n);
}

void jw_iso(struct jw *w, int has, int64_t t)
{
	if (!has) {
		jw_null(w);
		return;
	}
	char b[40];
	int n = vn_format_iso(t, b, sizeof b);
	if (n < 0) {
		w->err = 1;
		return;
	}
	sep(w);
	if (!room(w, (size_t)n + 2))
		return;
	char *p = w->b.p + w->b.len;
	*p++ = '"';
	memcpy(p, b, (size_t)n);
	p[n] = '"';
	p[n + 1] = '\0';
	w->b.len += (size_t)n + 2;
}
