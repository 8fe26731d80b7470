/*
 * fts_vi.c — the `vi` FTS5 tokenizer (unicode61 + đ→d) and the MATCH
 * expression builder. See fts_vi.h for the contract.
 *
 * Tokenizer design: FTS5 lets a tokenizer wrap another one (fts5_api
 * xFindTokenizer). Our xCreate creates an inner unicode61 instance with
 * "remove_diacritics 2" (plus the caller's arguments) and our xTokenize runs
 * it with a callback that rewrites each token before handing it to FTS5:
 * the two-byte sequences C4 91 (đ) and C4 90 (Đ) become "d". In UTF-8 the
 * byte C4 is only ever a lead byte, so a byte scan cannot mis-hit inside
 * another character. The token's iStart/iEnd are passed through untouched:
 * they point into the original document, which is what highlight() and
 * snippet() need. Tokens are case-folded and stripped of marks by unicode61
 * already, so Đ normally arrives as đ; both are handled anyway.
 *
 * Memory: tokens up to 256 bytes are rewritten on the stack, longer ones in
 * sqlite3_malloc'd memory; allocation failure is reported as SQLITE_NOMEM,
 * as SQLite expects from a tokenizer (never abort inside SQLite).
 *
 * Query builder: see fts_vi.h. Every word is emitted between double quotes
 * and a word never contains a quote, so user text cannot reach FTS5 syntax.
 *
 * Threading: tokenizer instances belong to one connection; no global state.
 */
#include "db/fts_vi.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "core/fold.h"
#include "core/utf8.h"

/* ------------------------------------------------------------------ */
/* Tokenizer                                                            */

struct vi_tokenizer {
	fts5_tokenizer inner_api; /* unicode61's methods */
	Fts5Tokenizer *inner;     /* unicode61 instance, owned */
};

/* Per-call context of xTokenize. */
struct vi_call {
	void *ctx;
	int (*xtoken)(void *, int, const char *, int, int, int);
};

#define VI_MAX_ARGS 32

static int vi_create(void *user, const char **argv, int argc, Fts5Tokenizer **out)
{
	fts5_api *api = user;
	*out = NULL;
	if (argc < 0 || argc > VI_MAX_ARGS - 2)
		return SQLITE_ERROR;

	void *inner_user = NULL;
	fts5_tokenizer inner_api;
	int rc = api->xFindTokenizer(api, "unicode61", &inner_user, &inner_api);
	if (rc != SQLITE_OK)
		return rc;

	/* Ours first, so an explicit caller argument can still override. */
	const char *args[VI_MAX_ARGS];
	int n = 0;
	args[n++] = "remove_diacritics";
	args[n++] = "2";
	for (int i = 0; i < argc; i++)
		args[n++] = argv[i];

	struct vi_tokenizer *t = sqlite3_malloc64(sizeof *t);
	if (!t)
		return SQLITE_NOMEM;
	memset(t, 0, sizeof *t);
	t->inner_api = inner_api;
	rc = inner_api.xCreate(inner_user, args, n, &t->inner);
	if (rc != SQLITE_OK) {
		sqlite3_free(t);
		return rc;
	}
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

static void vi_delete(Fts5Tokenizer *p)
{
	struct vi_tokenizer *t = (struct vi_tokenizer *)p;
	if (!t)
		return;
	if (t->inner)
		t->inner_api.xDelete(t->inner);
	sqlite3_free(t);
}

static int vi_token(void *p, int tflags, const char *tok, int n, int start, int end)
{
	struct vi_call *c = p;
	if (n <= 0 || !memchr(tok, 0xC4, (size_t)n))
		return c->xtoken(c->ctx, tflags, tok, n, start, end);

	char stackbuf[256];
	char *buf = stackbuf;
	if ((size_t)n > sizeof stackbuf) {
		buf = sqlite3_malloc(n);
		if (!buf)
			return SQLITE_NOMEM;
	}
	int w = 0;
	for (int i = 0; i < n; i++) {
		unsigned char b = (unsigned char)tok[i];
		if (b == 0xC4 && i + 1 < n &&
		    ((unsigned char)tok[i + 1] == 0x91 || (unsigned char)tok[i + 1] == 0x90)) {
			buf[w++] = 'd';
			i++;
		} else {
			buf[w++] = (char)b;
		}
	}
	int rc = c->xtoken(c->ctx, tflags, buf, w, start, end);
	if (buf != stackbuf)
		sqlite3_free(buf);
	return rc;
}

static int vi_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text, int ntext,
		       int (*xtoken)(void *, int, const char *, int, int, int))
{
	struct vi_tokenizer *t = (struct vi_tokenizer *)p;
	struct vi_call c = {ctx, xtoken};
	return t->inner_api.xTokenize(t->inner, &c, flags, text, ntext, vi_token);
}

/* The documented way to reach the fts5_api of a connection. */
static fts5_api *fts5_api_of(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
		return NULL; /* no fts5() function: FTS5 not compiled in */
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	return api;
}

int fts_vi_register(sqlite3 *db)
{
	static fts5_tokenizer methods = {vi_create, vi_delete, vi_tokenize};
	fts5_api *api = fts5_api_of(db);
	if (!api || api->iVersion < 2)
		return SQLITE_ERROR;
	return api->xCreateTokenizer(api, "vi", api, &methods, NULL);
}

/* ------------------------------------------------------------------ */
/* Query builder                                                        */

const char *fts_vi_strerror(int rc)
{
	switch (rc) {
	case FTS_VI_EEMPTY: return "no search words";
	case FTS_VI_EINVAL: return "invalid utf-8";
	case FTS_VI_ETOOLONG: return "search text too long";
	case FTS_VI_ETOOMANY: return "too many search words";
	case FTS_VI_ENOSPC: return "expression buffer too small";
	default: return rc > 0 ? "ok" : "unknown error";
	}
}

/* Bounded appender: once full, it stays full and later writes are dropped. */
struct sink {
	char *p;
	size_t cap, len;
	int full;
};

static void sink_put(struct sink *s, const char *src, size_t n)
{
	if (s->full || n >= s->cap - s->len) { /* keep one byte for the NUL */
		s->full = 1;
		return;
	}
	memcpy(s->p + s->len, src, n);
	s->len += n;
}

int fts_vi_match_query(const char *q, size_t len, char *out, size_t cap)
{
	if (cap == 0)
		return FTS_VI_ENOSPC;
	out[0] = '\0';
	if (len > FTS_VI_QUERY_MAX)
		return FTS_VI_ETOOLONG;
	if (utf8_validate(q, len, NULL) != UTF8_OK)
		return FTS_VI_EINVAL;

	/* Accent-free, NFC, đ→d; case is left to the tokenizer, which folds
	 * it exactly as it folds the documents. NFD input becomes NFC here. */
	char plain[4 * FTS_VI_QUERY_MAX + 1];
	size_t plen;
	int rc = fold_unaccent(q, len, plain, sizeof plain, &plen);
	if (rc == UTF8_ENOSPC)
		return FTS_VI_ETOOLONG; /* cannot happen within NFC's ×3 bound */
	if (rc != UTF8_OK)
		return FTS_VI_EINVAL;

	struct sink s = {out, cap, 0, 0};
	int terms = 0, in_word = 0;
	size_t pos = 0;
	while (pos < plen) {
		size_t start = pos;
		uint32_t cp;
		if (utf8_next(plain, plen, &pos, &cp) != UTF8_OK)
			return FTS_VI_EINVAL; /* unreachable: fold output is valid */
		if (fold_word_cp(cp)) {
			if (!in_word) {
				if (++terms > FTS_VI_MAX_TERMS) {
					out[0] = '\0';
					return FTS_VI_ETOOMANY;
				}
				if (terms > 1)
					sink_put(&s, "\" ", 2);
				sink_put(&s, "\"", 1);
				in_word = 1;
			}
			/* A word character is never '"' (that is Po), so nothing
			 * here needs escaping. */
			sink_put(&s, plain + start, pos - start);
		} else {
			in_word = 0;
		}
	}
	if (terms == 0)
		return FTS_VI_EEMPTY;
	sink_put(&s, "\"*", 2);
	if (s.full) {
		out[0] = '\0';
		return FTS_VI_ENOSPC;
	}
	out[s.len] = '\0';
	return (int)s.len;
}

int fts_vi_match_query_dup(const char *q, size_t len, char **out)
{
	char *buf = malloc(FTS_VI_EXPR_CAP);
	if (!buf)
		abort();
	int rc = fts_vi_match_query(q, len, buf, FTS_VI_EXPR_CAP);
	if (rc <= 0) {
		free(buf);
		*out = NULL;
		return rc;
	}
	char *shrunk = realloc(buf, (size_t)rc + 1); /* give back the unused tail */
	if (shrunk)
		buf = shrunk;
	*out = buf;
	return rc;
}
