/*
 * fold.c — search keys (fold), accent stripping and whitespace clean-up.
 *
 * The Unicode work is utf8proc_map_custom with
 *   STABLE | COMPOSE | STRIPMARK | IGNORE
 * i.e. decompose canonically, drop every Mn/Mc/Me mark and default-ignorable
 * code point, recompose; fold_text then runs a second pass with CASEFOLD
 * added (see fold_map for why two passes). Vietnamese tone and vowel marks
 * (ă â ê ô ơ ư and the five tones, in either NFC or NFD) all decompose to a
 * base letter plus marks, so they vanish. đ/Đ do not decompose; the custom mapping
 * function turns them into d/D before anything else runs.
 *
 * Why also IGNORE: a soft hyphen or zero-width space pasted from a web page
 * is invisible to the person but would make two keys differ.
 *
 * Idempotence of fold_text (fold(fold(x)) == fold(x)) holds because the
 * output has no marks, no ignorables, no đ and is already case-folded and
 * composed; tests/fuzz/fuzz_fold.c checks it on arbitrary input.
 *
 * Threading: pure functions, no global state.
 */
#include "core/fold.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

/* Map đ/Đ (no Unicode decomposition) to plain d/D before utf8proc runs. */
static utf8proc_int32_t map_dstroke(utf8proc_int32_t cp, void *data)
{
	(void)data;
	if (cp == 0x0111)
		return 'd';
	if (cp == 0x0110)
		return 'D';
	return cp;
}

enum { MODE_FOLD, MODE_UNACCENT };

/* One utf8proc_map_custom pass; returns the length or a negative utf8_rc. */
static long map_pass(const char *s, size_t len, int opts, unsigned char **dst)
{
	*dst = NULL;
	if (len > (size_t)(PTRDIFF_MAX / 8))
		return UTF8_ENOSPC;
	utf8proc_ssize_t n = utf8proc_map_custom((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len,
						 dst, (utf8proc_option_t)opts, map_dstroke, NULL);
	if (n == UTF8PROC_ERROR_NOMEM)
		abort();
	if (n < 0) {
		free(*dst);
		*dst = NULL;
		return n == UTF8PROC_ERROR_OVERFLOW ? UTF8_ENOSPC : UTF8_EINVAL;
	}
	return (long)n;
}

/*
 * Run the mapping of `mode` on validated (s, len); *dst receives a malloc'd
 * NUL-terminated result (caller frees). Returns its length or a negative
 * utf8_rc.
 *
 * Folding takes two passes: strip marks first (on the canonical
 * decomposition), then case-fold and strip again. Case-folding a
 * precomposed character before its marks are gone is not normalisation-
 * stable: U+1FA3 "ᾣ" folds to "ωι" but its NFD (ω + marks + U+0345) to
 * "ω", so fold(NFC x) ≠ fold(NFD x). Stripping first makes every form of a
 * text fold alike; the second strip removes marks that case folding itself
 * introduces (U+0130 "İ" → "i" + U+0307).
 */
static long fold_map(const char *s, size_t len, int mode, unsigned char **dst)
{
	*dst = NULL;
	if (len == 0) {
		*dst = malloc(1);
		if (!*dst)
			abort();
		(*dst)[0] = '\0';
		return 0;
	}
	const int strip = UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE;
	long n = map_pass(s, len, strip, dst);
	if (n <= 0 || mode == MODE_UNACCENT)
		return n;
	unsigned char *first = *dst;
	n = map_pass((const char *)first, (size_t)n, strip | UTF8PROC_CASEFOLD, dst);
	free(first);
	return n;
}

/* Copy (src, n) into out under cap, NUL-terminated; UTF8_ENOSPC if it does not fit. */
static int put(const void *src, size_t n, char *out, size_t cap, size_t *out_len)
{
	if (n >= cap)
		return UTF8_ENOSPC;
	memcpy(out, src, n);
	out[n] = '\0';
	if (out_len)
		*out_len = n;
	return UTF8_OK;
}

static int map_into(const char *s, size_t len, int mode, char *out, size_t cap, size_t *out_len)
{
	if (out_len)
		*out_len = 0;
	if (cap > 0)
		out[0] = '\0';
	if (utf8_validate(s, len, NULL) != UTF8_OK)
		return UTF8_EINVAL;
	unsigned char *dst;
	long n = fold_map(s, len, mode, &dst);
	if (n < 0)
		return (int)n;
	int rc = put(dst, (size_t)n, out, cap, out_len);
	free(dst);
	return rc;
}

int fold_text(const char *s, size_t len, char *out, size_t cap, size_t *out_len)
{
	return map_into(s, len, MODE_FOLD, out, cap, out_len);
}

int fold_unaccent(const char *s, size_t len, char *out, size_t cap, size_t *out_len)
{
	return map_into(s, len, MODE_UNACCENT, out, cap, out_len);
}

int fold_text_dup(const char *s, size_t len, size_t max_len, char **out, size_t *out_len)
{
	*out = NULL;
	if (out_len)
		*out_len = 0;
	if (utf8_validate(s, len, NULL) != UTF8_OK)
		return UTF8_EINVAL;
	unsigned char *dst;
	long n = fold_map(s, len, MODE_FOLD, &dst);
	if (n < 0)
		return (int)n;
	if ((size_t)n > max_len) {
		free(dst);
		return UTF8_ENOSPC;
	}
	*out = (char *)dst;
	if (out_len)
		*out_len = (size_t)n;
	return UTF8_OK;
}

/* The whitespace set documented in fold.h. */
static int is_space(uint32_t cp)
{
	switch (cp) {
	case 0x09:
	case 0x0A:
	case 0x0B:
	case 0x0C:
	case 0x0D:
	case 0x20:
	case 0x85:
	case 0xA0:
	case 0x1680:
	case 0x2028:
	case 0x2029:
	case 0x202F:
	case 0x205F:
	case 0x3000: return 1;
	default: return cp >= 0x2000 && cp <= 0x200A;
	}
}

/*
 * Squash whitespace of validated (s, len) into out. The writer never gets
 * ahead of the reader (each run of ≥1 whitespace becomes ≤1 byte), which is
 * what makes in-place use (out == s) safe; memmove handles the overlap.
 */
static size_t squash(const char *s, size_t len, char *out)
{
	size_t r = 0, w = 0;
	int pending = 0; /* a space is owed before the next non-space */
	while (r < len) {
		size_t start = r;
		uint32_t cp;
		if (utf8_next(s, len, &r, &cp) != UTF8_OK)
			break; /* unreachable: input validated */
		if (is_space(cp)) {
			pending = w > 0;
			continue;
		}
		if (pending) {
			out[w++] = ' ';
			pending = 0;
		}
		memmove(out + w, s + start, r - start);
		w += r - start;
	}
	return w;
}

int fold_squash_space(const char *s, size_t len, char *out, size_t cap, size_t *out_len)
{
	if (out_len)
		*out_len = 0;
	if (utf8_validate(s, len, NULL) != UTF8_OK) {
		if (cap > 0)
			out[0] = '\0';
		return UTF8_EINVAL;
	}
	if (cap == 0)
		return UTF8_ENOSPC;
	if (out == s) {
		if (cap < len + 1) {
			/* in place needs room for the terminator after len bytes */
			return UTF8_ENOSPC;
		}
		size_t w = squash(s, len, out);
		out[w] = '\0';
		if (out_len)
			*out_len = w;
		return UTF8_OK;
	}
	/* Separate buffers: squash into a scratch copy only if it may not fit. */
	if (len < cap) {
		size_t w = squash(s, len, out);
		out[w] = '\0';
		if (out_len)
			*out_len = w;
		return UTF8_OK;
	}
	char *tmp = malloc(len ? len : 1);
	if (!tmp)
		abort();
	size_t w = squash(s, len, tmp);
	int rc = put(tmp, w, out, cap, out_len);
	if (rc != UTF8_OK)
		out[0] = '\0';
	free(tmp);
	return rc;
}

int fold_key(const char *s, size_t len, char *out, size_t cap, size_t *out_len)
{
	if (out_len)
		*out_len = 0;
	if (cap > 0)
		out[0] = '\0';
	if (utf8_validate(s, len, NULL) != UTF8_OK)
		return UTF8_EINVAL;
	unsigned char *dst;
	long n = fold_map(s, len, MODE_FOLD, &dst);
	if (n < 0)
		return (int)n;
	size_t w = squash((const char *)dst, (size_t)n, (char *)dst);
	int rc = put(dst, w, out, cap, out_len);
	free(dst);
	return rc;
}

int fold_clean_line(const char *s, size_t len, size_t max_chars, char *out, size_t cap,
		    size_t *out_len, size_t *nchars)
{
	if (out_len)
		*out_len = 0;
	if (nchars)
		*nchars = 0;
	if (cap > 0)
		out[0] = '\0';
	char *nfc;
	size_t n;
	/* The NFC result is bounded by the input size times the NFC expansion
	 * factor (3); SIZE_MAX/4 only guards the arithmetic. */
	int rc = utf8_nfc_dup(s, len, SIZE_MAX / 4, &nfc, &n);
	if (rc != UTF8_OK)
		return rc;
	size_t w = squash(nfc, n, nfc);
	nfc[w] = '\0';

	size_t pos = 0, count = 0;
	while (pos < w) {
		uint32_t cp;
		if (utf8_next(nfc, w, &pos, &cp) != UTF8_OK) {
			rc = UTF8_EINVAL; /* unreachable: NFC of valid text is valid */
			goto out;
		}
		if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
			rc = UTF8_ECONTROL;
			goto out;
		}
		count++;
	}
	if (count > max_chars) {
		rc = UTF8_ETOOLONG;
		goto out;
	}
	rc = put(nfc, w, out, cap, out_len);
	if (rc == UTF8_OK && nchars)
		*nchars = count;
out:
	free(nfc);
	return rc;
}

int fold_word_cp(uint32_t cp)
{
	switch (utf8proc_category((utf8proc_int32_t)cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
	case UTF8PROC_CATEGORY_CO: return 1;
	default: return 0;
	}
}
