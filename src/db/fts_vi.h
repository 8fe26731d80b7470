/*
 * fts_vi.h — the `vi` FTS5 tokenizer and a safe MATCH-expression builder.
 *
 * Tokenizer. `vi` wraps FTS5's built-in unicode61 tokenizer with
 * `remove_diacritics 2` (which removes every Vietnamese tone and vowel mark,
 * even stacked ones: "hộ tịch" → "ho" "tich") and additionally maps đ/Đ to d
 * inside each token (unicode61 never does, so "dang ky" would miss
 * "Đăng ký"). Token offsets are those of the original text, so highlight(),
 * snippet() and bm25() work unchanged. Use it as
 *     CREATE VIRTUAL TABLE t USING fts5(name, tokenize='vi');
 * Extra arguments are passed on to unicode61 after ours, e.g.
 *     tokenize='vi tokenchars ''-'''.
 *
 * Query builder. Never put user text into MATCH directly: FTS5 has its own
 * syntax (quotes, *, ^, :, +, NEAR(), AND/OR/NOT, column filters) and a
 * stray quote is an SQL error at best. fts_vi_match_query turns free text
 * into an expression made only of double-quoted words joined by spaces
 * (implicit AND), the last one a prefix:
 *     "Đăng ký kết hôn"  →  "Dang" "ky" "ket" "hon"*
 * Words are maximal runs of letters, digits and private-use characters
 * (the unicode61 default token classes) after removing accents; everything
 * else, including all FTS5 syntax characters, only separates words.
 *
 * Threading: fts_vi_register once per connection, on the thread that owns
 * the connection; the builder is pure and thread-safe.
 */
#ifndef MOTCUA_DB_FTS_VI_H
#define MOTCUA_DB_FTS_VI_H

#include <stddef.h>

#include <sqlite3.h>

/* Ceilings of the query builder. */
#define FTS_VI_QUERY_MAX 1024 /* bytes of user text accepted */
#define FTS_VI_MAX_TERMS 32   /* words in one query */
/* A capacity that always holds a built expression. */
#define FTS_VI_EXPR_CAP (4 * FTS_VI_QUERY_MAX + 4 * FTS_VI_MAX_TERMS + 2)

/* Builder results (negative; success returns the expression length > 0). */
enum fts_vi_rc {
	FTS_VI_EEMPTY = -1,   /* no word at all (empty, spaces, punctuation only) */
	FTS_VI_EINVAL = -2,   /* not valid UTF-8 / contains NUL */
	FTS_VI_ETOOLONG = -3, /* more than FTS_VI_QUERY_MAX bytes */
	FTS_VI_ETOOMANY = -4, /* more than FTS_VI_MAX_TERMS words */
	FTS_VI_ENOSPC = -5,   /* cap too small (use FTS_VI_EXPR_CAP) */
};

/*
 * Register the `vi` tokenizer on db (borrowed; the registration lives as
 * long as the connection). Call right after opening each connection, before
 * any statement touches an FTS5 table using it. Returns an SQLite result
 * code: SQLITE_OK, or SQLITE_ERROR when this SQLite has no FTS5.
 */
int fts_vi_register(sqlite3 *db);

/*
 * Build a safe FTS5 MATCH expression from user text (q, len) into out
 * (capacity cap, NUL-terminated). Returns the expression length (> 0) or an
 * enum fts_vi_rc. Callers map FTS_VI_EEMPTY to "no results" and
 * EINVAL/ETOOLONG/ETOOMANY to a 400; out is "" on every error.
 */
int fts_vi_match_query(const char *q, size_t len, char *out, size_t cap);

/*
 * As fts_vi_match_query, but *out receives a malloc'd string owned by the
 * caller (free() it), or NULL on error.
 */
int fts_vi_match_query_dup(const char *q, size_t len, char **out);

/* A short English description of an fts_vi_rc (static string, for logs). */
const char *fts_vi_strerror(int rc);

#endif
