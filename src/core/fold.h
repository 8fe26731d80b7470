/*
 * fold.h — Vietnamese-aware folding and whitespace clean-up of text.
 *
 * A folded string is the key under which two texts compare equal when a
 * person would call them "the same words": "ĐĂNG KÝ KẾT HÔN", "Đăng ký kết
 * hôn" (NFC or NFD) and "dang ky ket hon" all fold to "dang ky ket hon".
 *
 *   fold = NFC → case fold → strip every combining mark → đ/Đ → d,
 *          and drop default-ignorable code points (soft hyphen, ZWSP, ZWJ…).
 *
 * (Precisely: marks are stripped from the canonical decomposition before
 * case folding and again after it, so that NFC and NFD input always fold
 * alike — see fold.c.)
 *
 * utf8proc does the Unicode work; đ (U+0111) and Đ (U+0110) are letters of
 * their own, not d + a mark, so no Unicode decomposition removes the stroke:
 * that mapping is ours. Folding is for search keys and comparisons only:
 * never store or show a folded string in place of what the person typed.
 *
 * Conventions as in utf8.h: (ptr, len) input validated strictly, results
 * NUL-terminated in a caller buffer of capacity cap (bytes, terminator
 * included), *out_len (may be NULL) gets the byte length, return codes are
 * enum utf8_rc, and an output that does not fit is UTF8_ENOSPC with out = "",
 * never a truncated prefix. All functions are pure and thread-safe; the
 * Unicode steps allocate temporary memory proportional to len (OOM aborts).
 */
#ifndef MOTCUA_CORE_FOLD_H
#define MOTCUA_CORE_FOLD_H

#include <stddef.h>
#include <stdint.h>

#include "core/utf8.h"

/*
 * A capacity that always holds the result of fold_clean_line with a limit
 * of n characters (every character is at most 4 bytes, plus the NUL).
 */
#define FOLD_LINE_CAP(n) ((size_t)(n)*4 + 1)

/* 1 if cp belongs to a search word: SQLite unicode61's default token
 * classes (letters L*, digits N*, private use Co). The SQLite tokenizer
 * (db/fts_vi.c) and the PostgreSQL index (db/search_pg.c) split words with
 * it, so both stores find the same words. */
int fold_word_cp(uint32_t cp);

/*
 * The search/comparison key of (s, len) (see above). Whitespace is kept as
 * it is; use fold_key for a key with trimmed, collapsed spaces.
 * Folding is idempotent: fold(fold(x)) == fold(x). out must not overlap s.
 */
int fold_text(const char *s, size_t len, char *out, size_t cap, size_t *out_len);

/*
 * fold_text into a malloc'd string owned by the caller (free() it), at most
 * max_len bytes (excluding the NUL), else UTF8_ENOSPC. On error *out = NULL.
 */
int fold_text_dup(const char *s, size_t len, size_t max_len, char **out, size_t *out_len);

/* fold_text followed by fold_squash_space: "  ĐĂNG\tKÝ " → "dang ky". */
int fold_key(const char *s, size_t len, char *out, size_t cap, size_t *out_len);

/*
 * Remove accents but keep letter case: NFC → strip combining marks → đ → d,
 * Đ → D, drop default-ignorables. "Đăng Ký" → "Dang Ky". Used by the FTS
 * query builder (the tokenizer folds case itself) and for ASCII renderings
 * such as file names. out must not overlap s.
 */
int fold_unaccent(const char *s, size_t len, char *out, size_t cap, size_t *out_len);

/*
 * Trim leading/trailing whitespace and collapse every inner run of
 * whitespace into one ASCII space. Whitespace = ASCII TAB LF VT FF CR SPACE,
 * U+0085, and the Unicode space separators (NBSP U+00A0, U+1680,
 * U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000). The input is
 * validated; the result is never longer than the input, so out may be s
 * itself (in-place; then cap must be ≥ len + 1).
 */
int fold_squash_space(const char *s, size_t len, char *out, size_t cap, size_t *out_len);

/*
 * The edge clean-up for a single-line text field (a name, an address, a
 * title): validate → NFC → squash whitespace (so newlines and tabs become
 * spaces) → reject remaining control characters (C0, DEL, C1: UTF8_ECONTROL)
 * → check the length in characters: more than max_chars is UTF8_ETOOLONG.
 * FOLD_LINE_CAP(max_chars) is always a sufficient cap. *nchars (may be NULL)
 * gets the character count. out must not overlap s.
 */
int fold_clean_line(const char *s, size_t len, size_t max_chars, char *out, size_t cap,
		    size_t *out_len, size_t *nchars);

#endif
