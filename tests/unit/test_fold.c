/*
 * test_fold.c — folding keys, accent stripping and whitespace clean-up.
 *
 * What a user would check: that a clerk typing without accents, in capitals,
 * or from a keyboard that sends NFD, finds the same thing; that names keep
 * their accents when only cleaned; and that nothing is ever cut silently.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/fold.h"
#include "core/utf8.h"

static char *fold_s(const char *s)
{
	static char out[512];
	size_t n = 0;
	int rc = fold_text(s, strlen(s), out, sizeof out, &n);
	if (rc != UTF8_OK)
		fail_msg("fold_text(\"%s\") = %d", s, rc);
	assert_int_equal(n, strlen(out));
	return out;
}

static void test_fold_examples_from_the_counter(void **state)
{
	(void)state;
	assert_string_equal(fold_s("ĐĂNG KÝ KẾT HÔN"), "dang ky ket hon");
	assert_string_equal(fold_s("Đăng ký kết hôn"), "dang ky ket hon");
	assert_string_equal(fold_s("Chứng thực"), "chung thuc");
	assert_string_equal(fold_s("Cấp giấy phép xây dựng"), "cap giay phep xay dung");
	assert_string_equal(fold_s("Nguyễn Thị Ánh Tuyết"), "nguyen thi anh tuyet");
	assert_string_equal(fold_s("Thừa Thiên Huế"), "thua thien hue");
	assert_string_equal(fold_s("Đắk Lắk"), "dak lak");
	assert_string_equal(fold_s("hộ tịch"), "ho tich");
	assert_string_equal(fold_s("0100109106-001"), "0100109106-001");
	assert_string_equal(fold_s(""), "");
}

static void test_fold_nfd_equals_nfc(void **state)
{
	(void)state;
	/* "Đăng ký kết hôn" typed with combining marks (NFD) */
	const char *nfd = "\xc4\x90"
			  "a\xcc\x86ng ky\xcc\x81 ke\xcc\x82\xcc\x81t ho\xcc\x82n";
	assert_string_equal(fold_s(nfd), "dang ky ket hon");
	/* "Chứng thực" NFD: u + horn + acute, u + horn + dot below */
	const char *nfd2 = "Chu\xcc\x9b\xcc\x81ng thu\xcc\x9b\xcc\xa3\x63";
	assert_string_equal(fold_s(nfd2), "chung thuc");
}

/* Every Vietnamese vowel with every tone, built in NFD, in both cases, folds
 * to its bare ASCII letter — the whole alphabet, not a few samples. */
static void test_fold_every_vowel_and_tone(void **state)
{
	(void)state;
	static const char *const shapes[] = {"", "\xcc\x86" /* breve */,
					     "\xcc\x82" /* circumflex */, "\xcc\x9b" /* horn */};
	static const char *const tones[] = {"",         "\xcc\x80", "\xcc\x81",
					    "\xcc\x89", "\xcc\x83", "\xcc\xa3"};
	static const char bases[] = "aeiouyAEIOUY";
	int checked = 0;
	for (size_t b = 0; b < sizeof bases - 1; b++)
		for (size_t s = 0; s < 4; s++)
			for (size_t t = 0; t < 6; t++) {
				char nfd[16], nfc[16], out[16];
				size_t n = 0, ls = strlen(shapes[s]), lt = strlen(tones[t]);
				nfd[0] = bases[b];
				memcpy(nfd + 1, shapes[s], ls);
				memcpy(nfd + 1 + ls, tones[t], lt);
				nfd[1 + ls + lt] = '\0';
				assert_int_equal(utf8_nfc(nfd, strlen(nfd), nfc, sizeof nfc, &n),
						 UTF8_OK);
				char want[2] = {(char)(bases[b] | 0x20), '\0'};
				assert_int_equal(fold_text(nfc, n, out, sizeof out, NULL), UTF8_OK);
				assert_string_equal(out, want);
				assert_int_equal(fold_text(nfd, strlen(nfd), out, sizeof out, NULL),
						 UTF8_OK);
				assert_string_equal(out, want);
				checked++;
			}
	assert_int_equal(checked, 12 * 4 * 6);
	assert_string_equal(fold_s("đ"), "d");
	assert_string_equal(fold_s("Đ"), "d");
}

static void test_fold_is_idempotent(void **state)
{
	(void)state;
	const char *samples[] = {"ĐĂNG KÝ KẾT HÔN",
				 "Chứng thực bản sao",
				 "ß ﬁ İstanbul ΣΑΣ",
				 "ǅemal ǈuba",
				 "Ωhm Å",
				 "한국어 ＡＢＣ",
				 "a\xc2\xad"
				 "b\xe2\x80\x8b"
				 "c"};
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		char once[256], twice[256];
		size_t n1, n2;
		assert_int_equal(fold_text(samples[i], strlen(samples[i]), once, sizeof once, &n1),
				 UTF8_OK);
		assert_int_equal(fold_text(once, n1, twice, sizeof twice, &n2), UTF8_OK);
		assert_string_equal(once, twice);
		assert_int_equal(utf8_validate(once, n1, NULL), UTF8_OK);
	}
}

static void test_fold_drops_invisible_characters(void **state)
{
	(void)state;
	/* soft hyphen and zero-width space pasted from a web page */
	assert_string_equal(fold_s("k\xc3\xbd\xc2\xad"
				   "t\xe1\xba\xa1i"
				   "\xe2\x80\x8b"),
			    "kytai");
}

static void test_fold_never_truncates(void **state)
{
	(void)state;
	char out[32];
	memset(out, 'X', sizeof out);
	const char *s = "ĐĂNG KÝ KẾT HÔN"; /* folds to 15 bytes */
	assert_int_equal(fold_text(s, strlen(s), out, 15, NULL), UTF8_ENOSPC);
	assert_string_equal(out, "");
	assert_int_equal(out[15], 'X');
	assert_int_equal(fold_text(s, strlen(s), out, 16, NULL), UTF8_OK);
	assert_string_equal(out, "dang ky ket hon");
	assert_int_equal(fold_text("a", 1, out, 0, NULL), UTF8_ENOSPC);
}

static void test_fold_rejects_invalid_utf8(void **state)
{
	(void)state;
	char out[32] = "junk";
	assert_int_equal(fold_text("\xc4", 1, out, sizeof out, NULL), UTF8_EINVAL);
	assert_string_equal(out, "");
	assert_int_equal(fold_text("a\0b", 3, out, sizeof out, NULL), UTF8_EINVAL);
	assert_int_equal(fold_unaccent("\xed\xa0\x80", 3, out, sizeof out, NULL), UTF8_EINVAL);
	assert_int_equal(fold_key("\xff", 1, out, sizeof out, NULL), UTF8_EINVAL);
	char *d = (char *)1;
	assert_int_equal(fold_text_dup("\xc0\x80", 2, 10, &d, NULL), UTF8_EINVAL);
	assert_null(d);
}

static void test_fold_dup(void **state)
{
	(void)state;
	char *d = NULL;
	size_t n = 0;
	assert_int_equal(fold_text_dup("Hồ Chí Minh", strlen("Hồ Chí Minh"), 64, &d, &n), UTF8_OK);
	assert_string_equal(d, "ho chi minh");
	assert_int_equal(n, 11);
	free(d);
	assert_int_equal(fold_text_dup("Hồ Chí Minh", strlen("Hồ Chí Minh"), 10, &d, &n),
			 UTF8_ENOSPC);
	assert_null(d);
}

static void test_unaccent_keeps_case(void **state)
{
	(void)state;
	char out[64];
	const char *s = "Đăng Ký tại UBND phường Hội An";
	assert_int_equal(fold_unaccent(s, strlen(s), out, sizeof out, NULL), UTF8_OK);
	assert_string_equal(out, "Dang Ky tai UBND phuong Hoi An");
}

static void test_key_trims_and_collapses(void **state)
{
	(void)state;
	char out[64];
	size_t n;
	const char *s = "  ĐĂNG\tKÝ \xc2\xa0 KẾT\nHÔN  ";
	assert_int_equal(fold_key(s, strlen(s), out, sizeof out, &n), UTF8_OK);
	assert_string_equal(out, "dang ky ket hon");
	assert_int_equal(n, 15);
}

static void test_squash_space(void **state)
{
	(void)state;
	char out[64];
	size_t n = 99;
	const char *s = " \t Nguyễn \xe3\x80\x80 Văn\r\n\xe2\x80\x83"
			"A \xc2\xa0";
	assert_int_equal(fold_squash_space(s, strlen(s), out, sizeof out, &n), UTF8_OK);
	assert_string_equal(out, "Nguyễn Văn A");
	assert_int_equal(n, strlen("Nguyễn Văn A"));
	assert_int_equal(fold_squash_space("   ", 3, out, sizeof out, &n), UTF8_OK);
	assert_string_equal(out, "");
	assert_int_equal(n, 0);
	assert_int_equal(fold_squash_space("", 0, out, sizeof out, &n), UTF8_OK);
	assert_string_equal(out, "");
	/* a result that fits although the input would not */
	assert_int_equal(fold_squash_space("  a  b  ", 8, out, 4, &n), UTF8_OK);
	assert_string_equal(out, "a b");
	assert_int_equal(fold_squash_space("  ab  cd  ", 10, out, 5, &n), UTF8_ENOSPC);
	assert_string_equal(out, "");
	assert_int_equal(fold_squash_space("a\xc3", 2, out, sizeof out, &n), UTF8_EINVAL);
}

static void test_squash_space_in_place(void **state)
{
	(void)state;
	char buf[64];
	const char *s = "  Hội   An \t Tây  ";
	size_t len = strlen(s), n;
	memcpy(buf, s, len + 1);
	assert_int_equal(fold_squash_space(buf, len, buf, sizeof buf, &n), UTF8_OK);
	assert_string_equal(buf, "Hội An Tây");
	assert_int_equal(n, strlen("Hội An Tây"));
}

static void test_clean_line_counts_characters(void **state)
{
	(void)state;
	char small[8];
	size_t n, chars;
	/* "Nguyễn" is 6 characters, 8 bytes: within 6 characters, but 9 bytes
	 * with the NUL do not fit in 8 — a byte ceiling is still enforced */
	const char *s = "Nguyễn";
	assert_int_equal(fold_clean_line(s, strlen(s), 6, small, sizeof small, &n, &chars),
			 UTF8_ENOSPC);
	assert_string_equal(small, "");
	char big[FOLD_LINE_CAP(6)];
	assert_int_equal(fold_clean_line(s, strlen(s), 6, big, sizeof big, &n, &chars), UTF8_OK);
	assert_string_equal(big, "Nguyễn");
	assert_int_equal(chars, 6);
	assert_int_equal(n, 8);
	assert_int_equal(fold_clean_line(s, strlen(s), 5, big, sizeof big, &n, &chars),
			 UTF8_ETOOLONG);
	assert_string_equal(big, "");
	/* NFD input is counted after NFC: "ễ" typed as e + U+0302 + U+0303 is 1 character */
	const char *nfd = "Nguye\xcc\x82\xcc\x83n";
	assert_int_equal(fold_clean_line(nfd, strlen(nfd), 6, big, sizeof big, &n, &chars),
			 UTF8_OK);
	assert_string_equal(big, "Nguyễn");
	assert_int_equal(chars, 6);
}

static void test_clean_line_whitespace_and_controls(void **state)
{
	(void)state;
	char out[FOLD_LINE_CAP(100)];
	const char *s = "  Số 12,\n\tđường   Trần Phú ";
	assert_int_equal(fold_clean_line(s, strlen(s), 100, out, sizeof out, NULL, NULL), UTF8_OK);
	assert_string_equal(out, "Số 12, đường Trần Phú");
	assert_int_equal(fold_clean_line("a\x07"
					 "b",
					 3, 100, out, sizeof out, NULL, NULL),
			 UTF8_ECONTROL);
	assert_int_equal(fold_clean_line("a\x7f", 2, 100, out, sizeof out, NULL, NULL),
			 UTF8_ECONTROL);
	assert_int_equal(fold_clean_line("a\xc2\x9b"
					 "b",
					 4, 100, out, sizeof out, NULL, NULL),
			 UTF8_ECONTROL); /* C1 CSI */
	assert_int_equal(fold_clean_line("a\0b", 3, 100, out, sizeof out, NULL, NULL), UTF8_EINVAL);
	assert_int_equal(fold_clean_line("", 0, 100, out, sizeof out, NULL, NULL), UTF8_OK);
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold_examples_from_the_counter),
		cmocka_unit_test(test_fold_nfd_equals_nfc),
		cmocka_unit_test(test_fold_every_vowel_and_tone),
		cmocka_unit_test(test_fold_is_idempotent),
		cmocka_unit_test(test_fold_drops_invisible_characters),
		cmocka_unit_test(test_fold_never_truncates),
		cmocka_unit_test(test_fold_rejects_invalid_utf8),
		cmocka_unit_test(test_fold_dup),
		cmocka_unit_test(test_unaccent_keeps_case),
		cmocka_unit_test(test_key_trims_and_collapses),
		cmocka_unit_test(test_squash_space),
		cmocka_unit_test(test_squash_space_in_place),
		cmocka_unit_test(test_clean_line_counts_characters),
		cmocka_unit_test(test_clean_line_whitespace_and_controls),
	};
	return cmocka_run_group_tests_name("fold", tests, NULL, NULL);
}
