/*
 * jw.h — a streaming JSON writer into a capped struct buf.
 *
 * For the hot read paths (public tracking): building a jansson tree and
 * dumping it costs several times more than the query (one allocation per
 * value, a hash table per object, printf per number). The writer appends
 * compact JSON, the same bytes json_dumps(JSON_COMPACT) gives for the same
 * members in the same order. Commas are placed automatically; keys and
 * string values are escaped as JSON requires (", \, control characters;
 * UTF-8 passes through, as with jansson without JSON_ENSURE_ASCII).
 *
 * Errors (the buffer's ceiling, nesting deeper than JW_MAX_DEPTH) are sticky:
 * check jw.err once at the end.
 */
#ifndef MOTCUA_CORE_JW_H
#define MOTCUA_CORE_JW_H

#include <stddef.h>
#include <stdint.h>

#include "core/mem.h"

#define JW_MAX_DEPTH 16

struct jw {
	struct buf b;
	int depth;
	int err;
	unsigned char has_items[JW_MAX_DEPTH]; /* a member/item already written at this level */
	unsigned char after_key;
};

void jw_init(struct jw *w, size_t max);
void jw_free(struct jw *w);

void jw_obj(struct jw *w);
void jw_obj_end(struct jw *w);
void jw_arr(struct jw *w);
void jw_arr_end(struct jw *w);
/* A member name: a name chosen by this program (written as is, unescaped). */
void jw_key(struct jw *w, const char *k);

void jw_str(struct jw *w, const char *s);
void jw_strn(struct jw *w, const char *s, size_t n);
void jw_int(struct jw *w, int64_t v);
/* As jansson dumps a real ("%.17g", with ".0" when it would look integral). */
void jw_real(struct jw *w, double v);
void jw_bool(struct jw *w, int v);
void jw_null(struct jw *w);
/* Already-serialised JSON, copied as is (the caller vouches for it). */
void jw_raw(struct jw *w, const char *json, size_t n);
/* An instant as ISO 8601 in Vietnam's time, or null when t is absent (has = 0). */
void jw_iso(struct jw *w, int has, int64_t t);

#endif
