/*
 * test_utf8.c — strict UTF-8 validation, decoding, counting and NFC.
 *
 * The decoder is checked exhaustively against an independent reference
 * (decode by bit pattern, then reject overlongs/surrogates/out-of-range by
 * value) over every 1-, 2- and 3-byte sequence and every 4-byte lead/second/
 * third byte combination, so a wrong range in the lead-byte table fails.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

/* Vietnamese, NFC and NFD spellings of the same words. */
#define VI_NFC "\xc4\x90\xc4\x83ng k\xc3\xbd k\xe1\xba\xbft h\xc3\xb4n" /* Đăng ký kết hôn */
/* Đ a U+0306 n g   k y U+0301   k e U+0302 U+0301 t   h o U+0302 n */
#define VI_NFD                                                                                     \
	"\xc4\x90"                                                                                 \
	"a\xcc\x86ng ky\xcc\x81 ke\xcc\x82\xcc\x81t ho\xcc\x82n"

/* Reference decoder: returns the sequence length or 0 if not strict UTF-8. */
static size_t ref_decode(const unsigned char *p, size_t len, uint32_t *cp)
{
	size_t n;
	uint32_t v;
	if (len == 0)
		return 0;
	if (p[0] < 0x80) {
		n = 1, v = p[0];
	} else if ((p[0] & 0xE0) == 0xC0) {
		n = 2, v = p[0] & 0x1F;
	} else if ((p[0] & 0xF0) == 0xE0) {
		n = 3, v = p[0] & 0x0F;
	} else if ((p[0] & 0xF8) == 0xF0) {
		n = 4, v = p[0] & 0x07;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (p[i] & 0x3F);
	}
	static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
	if (v < min[n] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) || v == 0)
		return 0;
	*cp = v;
	return n;
}

static void check_seq(const unsigned char *b, size_t len)
{
	uint32_t a = 0, r = 0;
	size_t pos = 0;
	size_t rn = ref_decode(b, len, &r);
	int rc = utf8_next((const char *)b, len, &pos, &a);
	if (rn == 0) {
		if (rc == UTF8_OK)
			fail_msg("accepted invalid %02x %02x %02x %02x (len %zu)", b[0], b[1], b[2],
				 b[3], len);
		assert_int_equal(pos, 0);
	} else {
		if (rc != UTF8_OK || pos != rn || a != r)
			fail_msg("mis-decoded %02x %02x %02x %02x", b[0], b[1], b[2], b[3]);
	}
}

static void test_decoder_matches_reference_exhaustively(void **state)
{
	(void)state;
	unsigned char b[4] = {0};
	for (unsigned x = 0; x < 256; x++) {
		b[0] = (unsigned char)x;
		check_seq(b, 1);
		for (unsigned y = 0; y < 256; y++) {
			b[1] = (unsigned char)y;
			check_seq(b, 2);
			for (unsigned z = 0; z < 256; z++) {
				b[2] = (unsigned char)z;
				check_seq(b, 3);
			}
		}
	}
	/* 4-byte: every lead and second byte, a spread of third/fourth bytes */
	static const unsigned char tails[] = {0x00, 0x7F, 0x80, 0x8F, 0x90, 0xBF, 0xC0, 0xFF};
	for (unsigned x = 0xE0; x < 256; x++)
		for (unsigned y = 0; y < 256; y++)
			for (size_t i = 0; i < sizeof tails; i++)
				for (size_t j = 0; j < sizeof tails; j++) {
					b[0] = (unsigned char)x, b[1] = (unsigned char)y;
					b[2] = tails[i], b[3] = tails[j];
					check_seq(b, 4);
				}
}

static void test_encode_round_trips_every_scalar_value(void **state)
{
	(void)state;
	char buf[4];
	for (uint32_t cp = 1; cp <= 0x10FFFF; cp++) {
		size_t n = utf8_encode(cp, buf);
		if (cp >= 0xD800 && cp <= 0xDFFF) {
			assert_int_equal(n, 0);
			continue;
		}
		assert_true(n >= 1 && n <= 4);
		size_t pos = 0;
		uint32_t back;
		assert_int_equal(utf8_next(buf, n, &pos, &back), UTF8_OK);
		assert_int_equal(pos, n);
		assert_int_equal(back, cp);
	}
	assert_int_equal(utf8_encode(0, buf), 0);
	assert_int_equal(utf8_encode(0x110000, buf), 0);
}

static void test_validate_accepts_real_text(void **state)
{
	(void)state;
	const char *ok[] = {"",
			    "hello",
			    VI_NFC,
			    VI_NFD,
			    "\xf0\x9f\x87\xbb\xf0\x9f\x87\xb3" /* 🇻🇳 */,
			    "\xf4\x8f\xbf\xbf" /* U+10FFFF */,
			    "\xef\xbf\xbf" /* U+FFFF */};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		assert_int_equal(utf8_validate(ok[i], strlen(ok[i]), NULL), UTF8_OK);
	assert_int_equal(utf8_validate(NULL, 0, NULL), UTF8_OK);
}

static void test_validate_rejects_and_reports_offset(void **state)
{
	(void)state;
	struct {
		const char *s;
		size_t len, off;
	} bad[] = {
		{"ab\xc0\x80", 4, 2},        /* overlong NUL */
		{"\xc1\xbf", 2, 0},          /* overlong ASCII */
		{"x\xe0\x80\x80", 4, 1},     /* overlong 3-byte */
		{"\xf0\x80\x80\x80", 4, 0},  /* overlong 4-byte */
		{"ok\xed\xa0\x80", 5, 2},    /* surrogate D800 */
		{"\xed\xbf\xbf", 3, 0},      /* surrogate DFFF */
		{"\xf4\x90\x80\x80", 4, 0},  /* U+110000 */
		{"\xf5\x80\x80\x80", 4, 0},  /* lead F5 */
		{"\xff", 1, 0},              /* never valid */
		{"abc\x80", 4, 3},           /* lone continuation */
		{"\xe1\x80", 2, 0},          /* truncated */
		{"k\xc3\xbd\xe1\xba", 5, 3}, /* truncated after a good char */
		{"a\0b", 3, 1},              /* NUL inside */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		size_t off = 999;
		assert_int_equal(utf8_validate(bad[i].s, bad[i].len, &off), UTF8_EINVAL);
		assert_int_equal(off, bad[i].off);
	}
}

static void test_count_is_characters_not_bytes(void **state)
{
	(void)state;
	size_t n = 99;
	assert_int_equal(utf8_count(VI_NFC, strlen(VI_NFC), &n), UTF8_OK);
	assert_int_equal(n, 15); /* "Đăng ký kết hôn" */
	assert_true(strlen(VI_NFC) > 15);
	assert_int_equal(utf8_count(VI_NFD, strlen(VI_NFD), &n), UTF8_OK);
	assert_int_equal(n, 20); /* 5 combining marks more */
	assert_int_equal(utf8_count("", 0, &n), UTF8_OK);
	assert_int_equal(n, 0);
	assert_int_equal(utf8_count("a\xc3", 2, &n), UTF8_EINVAL);
	assert_int_equal(n, 0);
}

static void test_nfc_composes_nfd_vietnamese(void **state)
{
	(void)state;
	char out[64];
	size_t n = 0;
	assert_int_equal(utf8_nfc(VI_NFD, strlen(VI_NFD), out, sizeof out, &n), UTF8_OK);
	assert_string_equal(out, VI_NFC);
	assert_int_equal(n, strlen(VI_NFC));
	/* already NFC: unchanged */
	assert_int_equal(utf8_nfc(VI_NFC, strlen(VI_NFC), out, sizeof out, &n), UTF8_OK);
	assert_string_equal(out, VI_NFC);
	/* mark order normalised: ệ as e + U+0302 + U+0323 and e + U+0323 + U+0302 */
	assert_int_equal(utf8_nfc("e\xcc\x82\xcc\xa3", 5, out, sizeof out, NULL), UTF8_OK);
	assert_string_equal(out, "\xe1\xbb\x87");
	assert_int_equal(utf8_nfc("e\xcc\xa3\xcc\x82", 5, out, sizeof out, NULL), UTF8_OK);
	assert_string_equal(out, "\xe1\xbb\x87");
}

static void test_nfc_ceiling_is_exact_and_never_truncates(void **state)
{
	(void)state;
	size_t need = strlen(VI_NFC) + 1;
	char out[64];
	memset(out, 'X', sizeof out);
	assert_int_equal(utf8_nfc(VI_NFD, strlen(VI_NFD), out, need - 1, NULL), UTF8_ENOSPC);
	assert_string_equal(out, "");
	assert_int_equal(out[need], 'X'); /* nothing written past cap */
	assert_int_equal(utf8_nfc(VI_NFD, strlen(VI_NFD), out, need, NULL), UTF8_OK);
	assert_string_equal(out, VI_NFC);
	assert_int_equal(utf8_nfc("a", 1, out, 0, NULL), UTF8_ENOSPC);
	assert_int_equal(utf8_nfc("", 0, out, 1, NULL), UTF8_OK);
	assert_string_equal(out, "");
}

static void test_nfc_rejects_invalid_input(void **state)
{
	(void)state;
	char out[16] = "junk";
	assert_int_equal(utf8_nfc("a\xed\xa0\x80", 4, out, sizeof out, NULL), UTF8_EINVAL);
	assert_string_equal(out, "");
	char *d = (char *)1;
	assert_int_equal(utf8_nfc_dup("a\0b", 3, 100, &d, NULL), UTF8_EINVAL);
	assert_null(d);
}

static void test_nfc_dup_owns_result_and_respects_max(void **state)
{
	(void)state;
	char *d = NULL;
	size_t n = 0;
	assert_int_equal(utf8_nfc_dup(VI_NFD, strlen(VI_NFD), 100, &d, &n), UTF8_OK);
	assert_non_null(d);
	assert_string_equal(d, VI_NFC);
	assert_int_equal(n, strlen(VI_NFC));
	free(d);
	assert_int_equal(utf8_nfc_dup(VI_NFD, strlen(VI_NFD), strlen(VI_NFC) - 1, &d, &n),
			 UTF8_ENOSPC);
	assert_null(d);
	assert_int_equal(utf8_nfc_dup("", 0, 0, &d, &n), UTF8_OK);
	assert_string_equal(d, "");
	free(d);
}

static void test_is_nfc(void **state)
{
	(void)state;
	assert_int_equal(utf8_is_nfc(VI_NFC, strlen(VI_NFC)), 1);
	assert_int_equal(utf8_is_nfc(VI_NFD, strlen(VI_NFD)), 0);
	assert_int_equal(utf8_is_nfc("plain ascii", 11), 1);
	assert_int_equal(utf8_is_nfc("\xc0\x80", 2), UTF8_EINVAL);
}

static void test_strerror_names_each_code(void **state)
{
	(void)state;
	const int codes[] = {UTF8_OK, UTF8_EINVAL, UTF8_ENOSPC, UTF8_ETOOLONG, UTF8_ECONTROL};
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
		assert_string_not_equal(utf8_strerror(codes[i]), "unknown error");
	assert_string_equal(utf8_strerror(-99), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decoder_matches_reference_exhaustively),
		cmocka_unit_test(test_encode_round_trips_every_scalar_value),
		cmocka_unit_test(test_validate_accepts_real_text),
		cmocka_unit_test(test_validate_rejects_and_reports_offset),
		cmocka_unit_test(test_count_is_characters_not_bytes),
		cmocka_unit_test(test_nfc_composes_nfd_vietnamese),
		cmocka_unit_test(test_nfc_ceiling_is_exact_and_never_truncates),
		cmocka_unit_test(test_nfc_rejects_invalid_input),
		cmocka_unit_test(test_nfc_dup_owns_result_and_respects_max),
		cmocka_unit_test(test_is_nfc),
		cmocka_unit_test(test_strerror_names_each_code),
	};
	return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
