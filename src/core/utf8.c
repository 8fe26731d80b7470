/*
 * utf8.c — strict UTF-8 decoding/validation, character counting and NFC.
 *
 * The decoder follows the table of well-formed byte sequences in the Unicode
 * Standard (ch. 3, table 3-7): the second byte's range depends on the lead
 * byte, which is how overlongs (C0, C1, E0 80..9F, F0 80..8F), surrogates
 * (ED A0..BF) and code points above U+10FFFF (F4 90.., F5..FF) are excluded
 * without decoding first and checking afterwards. NUL is rejected as well
 * (see utf8.h for why).
 *
 * NFC is delegated to utf8proc (utf8proc_map with STABLE|COMPOSE), after our
 * own strict validation so that the two never disagree on what is valid.
 * utf8proc allocates its result; we copy it into the caller's buffer under
 * the caller's ceiling and free it.
 *
 * Invariants: no function writes past cap; on any error the output is "" or
 * NULL, never a prefix. Threading: pure functions, no global state.
 */
#include "core/utf8.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

const char *utf8_strerror(int rc)
{
	switch (rc) {
	case UTF8_OK: return "ok";
	case UTF8_EINVAL: return "invalid utf-8";
	case UTF8_ENOSPC: return "result too large";
	case UTF8_ETOOLONG: return "too many characters";
	case UTF8_ECONTROL: return "control character";
	default: return "unknown error";
	}
}

int utf8_next(const char *s, size_t len, size_t *pos, uint32_t *cp)
{
	size_t i = *pos;
	if (i >= len)
		return UTF8_EINVAL;
	const unsigned char *p = (const unsigned char *)s + i;
	size_t left = len - i;
	unsigned c0 = p[0];

	if (c0 < 0x80) {
		if (c0 == 0)
			return UTF8_EINVAL;
		*cp = c0;
		*pos = i + 1;
		return UTF8_OK;
	}

	/* Lead byte → sequence length and the allowed range of the 2nd byte. */
	size_t n;
	unsigned lo = 0x80, hi = 0xBF;
	if (c0 >= 0xC2 && c0 <= 0xDF) {
		n = 2;
	} else if (c0 >= 0xE0 && c0 <= 0xEF) {
		n = 3;
		if (c0 == 0xE0)
			lo = 0xA0; /* overlong below U+0800 */
		else if (c0 == 0xED)
			hi = 0x9F; /* surrogates U+D800..U+DFFF */
	} else if (c0 >= 0xF0 && c0 <= 0xF4) {
		n = 4;
		if (c0 == 0xF0)
			lo = 0x90; /* overlong below U+10000 */
		else if (c0 == 0xF4)
			hi = 0x8F; /* above U+10FFFF */
	} else {
		return UTF8_EINVAL; /* continuation byte, C0/C1, F5..FF */
	}
	if (left < n)
		return UTF8_EINVAL;
	if (p[1] < lo || p[1] > hi)
		return UTF8_EINVAL;
	for (size_t k = 2; k < n; k++)
		if ((p[k] & 0xC0) != 0x80)
			return UTF8_EINVAL;

	uint32_t v;
	if (n == 2)
		v = ((uint32_t)(c0 & 0x1F) << 6) | (p[1] & 0x3F);
	else if (n == 3)
		v = ((uint32_t)(c0 & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
	else
		v = ((uint32_t)(c0 & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) |
		    ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
	*cp = v;
	*pos = i + n;
	return UTF8_OK;
}

size_t utf8_encode(uint32_t cp, char out[4])
{
	unsigned char *o = (unsigned char *)out;
	if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		return 0;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

int utf8_validate(const char *s, size_t len, size_t *err_off)
{
	size_t pos = 0;
	uint32_t cp;
	while (pos < len) {
		/* ASCII fast path: most of our text is mostly ASCII. */
		unsigned char c = (unsigned char)s[pos];
		if (c != 0 && c < 0x80) {
			pos++;
			continue;
		}
		if (utf8_next(s, len, &pos, &cp) != UTF8_OK) {
			if (err_off)
				*err_off = pos;
			return UTF8_EINVAL;
		}
	}
	return UTF8_OK;
}

int utf8_count(const char *s, size_t len, size_t *nchars)
{
	size_t pos = 0, n = 0;
	uint32_t cp;
	*nchars = 0;
	while (pos < len) {
		if (utf8_next(s, len, &pos, &cp) != UTF8_OK)
			return UTF8_EINVAL;
		n++;
	}
	*nchars = n;
	return UTF8_OK;
}

/*
 * utf8proc_map into a malloc'd buffer. (s, len) must already be validated.
 * Returns the length or a negative utf8_rc.
 */
static long nfc_map(const char *s, size_t len, unsigned char **dst)
{
	*dst = NULL;
	if (len > (size_t)(PTRDIFF_MAX / 8))
		return UTF8_ENOSPC; /* utf8proc would overflow its own sizes */
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, dst,
					  (utf8proc_option_t)(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
	if (n == UTF8PROC_ERROR_NOMEM)
		abort(); /* OOM policy: abort; bad input never gets here */
	if (n < 0) {
		free(*dst);
		*dst = NULL;
		return n == UTF8PROC_ERROR_OVERFLOW ? UTF8_ENOSPC : UTF8_EINVAL;
	}
	return (long)n;
}

int utf8_nfc(const char *s, size_t len, char *out, size_t cap, size_t *out_len)
{
	if (out_len)
		*out_len = 0;
	if (cap > 0)
		out[0] = '\0';
	if (utf8_validate(s, len, NULL) != UTF8_OK)
		return UTF8_EINVAL;
	if (len == 0)
		return cap > 0 ? UTF8_OK : UTF8_ENOSPC;

	unsigned char *dst;
	long n = nfc_map(s, len, &dst);
	if (n < 0)
		return (int)n;
	int rc = UTF8_OK;
	if ((size_t)n >= cap) {
		rc = UTF8_ENOSPC;
	} else {
		memcpy(out, dst, (size_t)n);
		out[n] = '\0';
		if (out_len)
			*out_len = (size_t)n;
	}
	free(dst);
	return rc;
}

int utf8_nfc_dup(const char *s, size_t len, size_t max_len, char **out, size_t *out_len)
{
	*out = NULL;
	if (out_len)
		*out_len = 0;
	if (utf8_validate(s, len, NULL) != UTF8_OK)
		return UTF8_EINVAL;

	unsigned char *dst = NULL;
	long n = 0;
	size_t ascii = 0; /* ASCII without NUL is already NFC: no utf8proc pass */
	while (ascii < len && (unsigned char)s[ascii] < 0x80 && s[ascii] != '\0')
		ascii++;
	if (len > 0 && ascii == len) {
		if (len > max_len)
			return UTF8_ENOSPC;
		dst = malloc(len + 1);
		if (!dst)
			abort();
		memcpy(dst, s, len);
		dst[len] = '\0';
		n = (long)len;
	} else if (len > 0) {
		n = nfc_map(s, len, &dst);
		if (n < 0)
			return (int)n;
	} else {
		dst = malloc(1);
		if (!dst)
			abort();
		dst[0] = '\0';
	}
	if ((size_t)n > max_len) {
		free(dst);
		return UTF8_ENOSPC;
	}
	*out = (char *)dst; /* utf8proc NUL-terminates its result */
	if (out_len)
		*out_len = (size_t)n;
	return UTF8_OK;
}

int utf8_is_nfc(const char *s, size_t len)
{
	if (utf8_validate(s, len, NULL) != UTF8_OK)
		return UTF8_EINVAL;
	/* Pure ASCII is always NFC: skip the allocation for the common case. */
	size_t i = 0;
	while (i < len && (unsigned char)s[i] < 0x80)
		i++;
	if (i == len)
		return 1;
	unsigned char *dst;
	long n = nfc_map(s, len, &dst);
	if (n < 0)
		return (int)n;
	int same = (size_t)n == len && memcmp(dst, s, len) == 0;
	free(dst);
	return same;
}
