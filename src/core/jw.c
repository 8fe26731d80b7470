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

static void put(struct jw *w, const char *p, size_t n)
{
	struct buf *b = &w->b;
	if (b->len + n < b->cap && !w->err) { /* the usual case, without a call */
		memcpy(b->p + b->len, p, n);
		b->len += n;
		b->p[b->len] = '\0';
		return;
	}
	if (!w->err && buf_append(b, p, n) != 0)
		w->err = 1;
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
			put(w, ",", 1);
		w->has_items[w->depth - 1] = 1;
	}
}

static void open(struct jw *w, char ch)
{
	sep(w);
	put(w, &ch, 1);
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
	put(w, &ch, 1);
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

static void quoted(struct jw *w, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF"; /* as jansson writes it */
	put(w, "\"", 1);
	size_t run = 0; /* start of the bytes copied as they are */
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
	put(w, "\"", 1);
}

void jw_key(struct jw *w, const char *k)
{
	sep(w);
	quoted(w, k, strlen(k));
	put(w, ":", 1);
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
	put(w, "\"", 1);
	put(w, b, (size_t)n);
	put(w, "\"", 1);
}
