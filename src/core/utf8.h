/*
 * utf8.h — strict UTF-8 validation, decoding, character counting and NFC.
 *
 * Everything motcua stores as text is strict UTF-8 in Unicode Normalization
 * Form C, without NUL bytes. Untrusted bytes arrive as (ptr, len) slices, are
 * validated and NFC-normalised once at the edge, and from then on the rest of
 * the code may assume well-formed NFC text.
 *
 * "Strict" means: no overlong forms, no UTF-16 surrogates (U+D800..U+DFFF),
 * nothing above U+10FFFF, no truncated sequences and no NUL (U+0000) byte,
 * because a NUL inside text is always an attack or a bug in our C world.
 *
 * All functions are pure and thread-safe. Functions that write text write a
 * NUL-terminated string into a caller buffer of capacity `cap` (bytes,
 * including the terminator); when the result does not fit they return
 * UTF8_ENOSPC and leave out as "" (if cap > 0): never a truncated string.
 */
#ifndef MOTCUA_CORE_UTF8_H
#define MOTCUA_CORE_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Result codes shared by utf8_* and fold_* (0 = success, negative = error). */
enum utf8_rc {
	UTF8_OK = 0,
	UTF8_EINVAL = -1,   /* not strict UTF-8, or contains a NUL byte */
	UTF8_ENOSPC = -2,   /* the result does not fit in the caller's capacity */
	UTF8_ETOOLONG = -3, /* more characters than the caller allows */
	UTF8_ECONTROL = -4, /* a control character where none is allowed */
};

/* A short English description of a utf8_rc (static string, for logs). */
const char *utf8_strerror(int rc);

/*
 * Decode the code point starting at s[*pos] (s has len bytes). On success
 * stores it in *cp, advances *pos past it and returns UTF8_OK; on a malformed
 * sequence, a NUL byte or *pos >= len returns UTF8_EINVAL and leaves *pos.
 */
int utf8_next(const char *s, size_t len, size_t *pos, uint32_t *cp);

/*
 * Encode the Unicode scalar value cp into out (up to 4 bytes, no NUL).
 * Returns the byte count, or 0 when cp is a surrogate, > U+10FFFF or U+0000.
 */
size_t utf8_encode(uint32_t cp, char out[4]);

/*
 * Strict validation of (s, len). Returns UTF8_OK or UTF8_EINVAL; on error,
 * when err_off is not NULL, *err_off is the offset of the first bad byte.
 * s may be NULL when len is 0.
 */
int utf8_validate(const char *s, size_t len, size_t *err_off);

/*
 * Count the characters (code points) of (s, len) into *nchars, validating on
 * the way. Length limits shown to people ("at most 200 characters") use this,
 * never the byte count. Returns UTF8_OK or UTF8_EINVAL.
 */
int utf8_count(const char *s, size_t len, size_t *nchars);

/*
 * NFC-normalise (s, len) into out (capacity cap, NUL-terminated); *out_len
 * (may be NULL) receives the byte length. Input is validated strictly first.
 * Returns UTF8_OK, UTF8_EINVAL or UTF8_ENOSPC. out must not overlap s.
 * Temporary memory proportional to len is allocated (OOM aborts): callers
 * bound len at the edge (body size limits).
 */
int utf8_nfc(const char *s, size_t len, char *out, size_t cap, size_t *out_len);

/*
 * Like utf8_nfc, but *out receives a malloc'd NUL-terminated string owned by
 * the caller (free() it), at most max_len bytes long (excluding the NUL);
 * a longer result is UTF8_ENOSPC. On error *out is NULL.
 */
int utf8_nfc_dup(const char *s, size_t len, size_t max_len, char **out, size_t *out_len);

/*
 * 1 if (s, len) is valid UTF-8 already in NFC, 0 if valid but not NFC,
 * UTF8_EINVAL if not valid UTF-8.
 */
int utf8_is_nfc(const char *s, size_t len);

#endif
