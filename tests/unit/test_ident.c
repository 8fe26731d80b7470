/*
 * test_ident.c — personal ID, mobile number, tax code and e-mail validators.
 *
 * The mobile-prefix rule is checked against POSIX regex as an independent
 * oracle over all 1000 three-digit prefixes; the province table over all
 * 1000 codes; tax check digits on real published codes and hand-computed
 * edge cases (remainder 0 and 10).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <regex.h>
#include <string.h>

#include "core/ident.h"

#define YEAR 2026

static enum ident_reason pid(const char *s, struct ident_pid *out)
{
	return ident_check_personal_id(s, strlen(s), YEAR, out);
}

/* ---- personal ID ---- */

static void test_pid_decodes_province_sex_and_year(void **state)
{
	(void)state;
	struct ident_pid p;
	assert_int_equal(pid("048095001234", &p), IDENT_OK);
	assert_string_equal(p.number, "048095001234");
	assert_string_equal(p.province_code, "048");
	assert_string_equal(p.province_name, "Đà Nẵng");
	assert_int_equal(p.sex, IDENT_SEX_MALE);
	assert_int_equal(p.birth_year, 1995);

	assert_int_equal(pid("  049305000001\n", &p), IDENT_OK); /* trimmed */
	assert_string_equal(p.province_name, "Quảng Nam");
	assert_int_equal(p.sex, IDENT_SEX_FEMALE);
	assert_int_equal(p.birth_year, 2005);

	assert_int_equal(pid("001100999999", &p), IDENT_OK);
	assert_int_equal(p.birth_year, 1900);
	assert_int_equal(p.sex, IDENT_SEX_FEMALE);
	assert_int_equal(pid("096226000000", &p), IDENT_OK);
	assert_int_equal(p.birth_year, YEAR); /* born this year: fine */
	assert_string_equal(p.province_name, "Cà Mau");
	assert_int_equal(pid("048095001234", NULL), IDENT_OK);
}

static void test_pid_rejects_future_birth_year(void **state)
{
	(void)state;
	assert_int_equal(pid("001227000000", NULL), IDENT_PID_FUTURE_YEAR); /* 2027 */
	assert_int_equal(ident_check_personal_id("001227000000", 12, 2027, NULL), IDENT_OK);
	assert_int_equal(pid("001400000000", NULL), IDENT_PID_FUTURE_YEAR); /* 2100 */
	assert_int_equal(pid("001999000000", NULL), IDENT_PID_FUTURE_YEAR); /* 2399 */
}

static void test_pid_format_errors(void **state)
{
	(void)state;
	assert_int_equal(pid("", NULL), IDENT_EMPTY);
	assert_int_equal(pid("   ", NULL), IDENT_EMPTY);
	assert_int_equal(pid("04809500123", NULL), IDENT_PID_LENGTH);
	assert_int_equal(pid("0480950012345", NULL), IDENT_PID_LENGTH);
	assert_int_equal(pid("04809500123A", NULL), IDENT_PID_NOT_DIGITS);
	assert_int_equal(pid("048 095 001234", NULL), IDENT_PID_NOT_DIGITS);
	assert_int_equal(pid("０48095001234", NULL), IDENT_PID_NOT_DIGITS); /* fullwidth 0 */
	assert_int_equal(pid("003095001234", NULL), IDENT_PID_PROVINCE);
	assert_int_equal(pid("000095001234", NULL), IDENT_PID_PROVINCE);
	assert_int_equal(pid("097095001234", NULL), IDENT_PID_PROVINCE);
	assert_int_equal(pid("999095001234", NULL), IDENT_PID_PROVINCE);
	char longs[100];
	memset(longs, '1', sizeof longs);
	assert_int_equal(ident_check_personal_id(longs, sizeof longs, YEAR, NULL), IDENT_TOO_LONG);
	/* bytes after len are not read: a 12-digit prefix of a longer buffer */
	assert_int_equal(ident_check_personal_id("048095001234999", 12, YEAR, NULL), IDENT_OK);
}

static void test_pid_province_table_is_complete_and_searchable(void **state)
{
	(void)state;
	/* The codes of Circular 07/2016/TT-BCA appendix I, written out again. */
	static const char *const expect[] = {
		"001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017",
		"019", "020", "022", "024", "025", "026", "027", "030", "031", "033", "034",
		"035", "036", "037", "038", "040", "042", "044", "045", "046", "048", "049",
		"051", "052", "054", "056", "058", "060", "062", "064", "066", "067", "068",
		"070", "072", "074", "075", "077", "079", "080", "082", "083", "084", "086",
		"087", "089", "091", "092", "093", "094", "095", "096"};
	assert_int_equal(sizeof expect / sizeof expect[0], 63);
	int found = 0;
	for (int c = 0; c < 1000; c++) {
		char code[4] = {(char)('0' + c / 100), (char)('0' + c / 10 % 10),
				(char)('0' + c % 10), '\0'};
		int listed = 0;
		for (size_t i = 0; i < 63; i++)
			listed |= strcmp(expect[i], code) == 0;
		const char *name = ident_province_name(code);
		if (listed != (name != NULL))
			fail_msg("province %s: listed=%d name=%s", code, listed, name ? name : "-");
		found += name != NULL;
	}
	assert_int_equal(found, 63);
	assert_string_equal(ident_province_name("001"), "Hà Nội");
	assert_string_equal(ident_province_name("079"), "Hồ Chí Minh");
	assert_string_equal(ident_province_name("046"), "Thừa Thiên Huế");
}

/* ---- mobile ---- */

static enum ident_reason mob(const char *s, char *out)
{
	return ident_check_mobile(s, strlen(s), out, out ? IDENT_PHONE_CAP : 0);
}

static void test_mobile_normalises_common_forms(void **state)
{
	(void)state;
	const char *forms[] = {"0912345678",        "0912 345 678",  "0912.345.678",
			       "0912-345-678",      "+84912345678",  "+84 912 345 678",
			       "84912345678",       "0084912345678", "+84 0912 345 678",
			       "(+84) 912-345-678", " 0912345678 "};
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		char out[IDENT_PHONE_CAP] = "x";
		if (mob(forms[i], out) != IDENT_OK)
			fail_msg("rejected %s", forms[i]);
		assert_string_equal(out, "0912345678");
	}
}

static void test_mobile_prefixes_match_the_domain_regex(void **state)
{
	(void)state;
	regex_t re;
	assert_int_equal(regcomp(&re, "^0(3[2-9]|5[2-9]|7[06-9]|8[1-9]|9[0-9])[0-9]{7}$",
				 REG_EXTENDED | REG_NOSUB),
			 0);
	int accepted = 0;
	for (int p = 0; p < 1000; p++) {
		char num[16] = "xxx1234567", out[IDENT_PHONE_CAP];
		num[0] = (char)('0' + p / 100);
		num[1] = (char)('0' + p / 10 % 10);
		num[2] = (char)('0' + p % 10);
		int want = regexec(&re, num, 0, NULL, 0) == 0;
		enum ident_reason r = ident_check_mobile(num, 10, out, sizeof out);
		if (want != (r == IDENT_OK))
			fail_msg("%s: regex %d, validator %s", num, want, ident_reason_code(r));
		if (!want)
			assert_int_equal(r, IDENT_PHONE_PREFIX);
		accepted += want;
	}
	regfree(&re);
	assert_int_equal(accepted, 8 + 8 + 5 + 9 + 10);
}

static void test_mobile_errors(void **state)
{
	(void)state;
	char out[IDENT_PHONE_CAP];
	assert_int_equal(mob("", out), IDENT_EMPTY);
	assert_int_equal(mob("091234567", out), IDENT_PHONE_LENGTH);
	assert_int_equal(mob("09123456789", out), IDENT_PHONE_LENGTH);
	assert_int_equal(mob("+8491234567", out), IDENT_PHONE_LENGTH);
	assert_int_equal(mob("0236 3822 000", out), IDENT_PHONE_PREFIX); /* Đà Nẵng landline */
	assert_int_equal(mob("0312345678", out), IDENT_PHONE_PREFIX);
	assert_int_equal(mob("0012345678", out),
			 IDENT_PHONE_PREFIX); /* 10 digits: not "00 + country" */
	assert_int_equal(mob("+1 212 555 0100", out), IDENT_PHONE_COUNTRY);
	assert_int_equal(mob("0044 20 7946 0000", out), IDENT_PHONE_COUNTRY);
	assert_int_equal(mob("0912a45678", out), IDENT_PHONE_CHARS);
	assert_int_equal(mob("0912+345678", out), IDENT_PHONE_CHARS);
	assert_int_equal(mob("091/2345678", out), IDENT_PHONE_CHARS);
	assert_int_equal(mob("+-.", out), IDENT_PHONE_LENGTH);
	/* a too-small output buffer is an error, never a cut number */
	char small[10] = "x";
	assert_int_equal(ident_check_mobile("0912345678", 10, small, sizeof small), IDENT_TOO_LONG);
	assert_int_equal(mob("0912345678", NULL), IDENT_OK);
}

/* ---- tax code ---- */

static enum ident_reason tax(const char *s, struct ident_tax *out)
{
	return ident_check_tax_code(s, strlen(s), YEAR, out);
}

static void test_tax_real_codes(void **state)
{
	(void)state;
	struct ident_tax t;
	/* published codes: Viettel, Vinamilk, FPT */
	assert_int_equal(tax("0100109106", &t), IDENT_OK);
	assert_int_equal(t.kind, IDENT_TAX_ORG);
	assert_string_equal(t.normalized, "0100109106");
	assert_int_equal(t.branch, 0);
	assert_int_equal(tax("0300588569", NULL), IDENT_OK);
	assert_int_equal(tax("0101248141", NULL), IDENT_OK);
	/* every wrong 10th digit is caught */
	for (char c = '0'; c <= '9'; c++) {
		char s[11] = "010010910";
		s[9] = c;
		s[10] = '\0';
		assert_int_equal(tax(s, NULL), c == '6' ? IDENT_OK : IDENT_TAX_CHECK_DIGIT);
	}
	/* a transposition of two digits is caught too */
	assert_int_equal(tax("1000109106", NULL), IDENT_TAX_CHECK_DIGIT);
}

static void test_tax_check_digit_edge_cases(void **state)
{
	(void)state;
	/* 000000007: Σ = 7·3 = 21 ≡ 10 (mod 11) → check digit 10 − 10 = 0 */
	assert_int_equal(tax("0000000070", NULL), IDENT_OK);
	assert_int_equal(tax("0000000071", NULL), IDENT_TAX_CHECK_DIGIT);
	/* Σ ≡ 0 (mod 11) would need a check "digit" of 10: 000000000 (Σ = 0) and
	 * 000100001 (1·19 + 1·3 = 22). No 10th digit makes these valid. */
	for (char c = '0'; c <= '9'; c++) {
		char a[11] = "000000000";
		char b[11] = "000100001";
		a[9] = b[9] = c;
		a[10] = b[10] = '\0';
		assert_int_equal(tax(a, NULL), IDENT_TAX_CHECK_DIGIT);
		assert_int_equal(tax(b, NULL), IDENT_TAX_CHECK_DIGIT);
	}
}

static void test_tax_branch_suffix(void **state)
{
	(void)state;
	struct ident_tax t;
	assert_int_equal(tax("0100109106-001", &t), IDENT_OK);
	assert_int_equal(t.kind, IDENT_TAX_BRANCH_UNIT);
	assert_int_equal(t.branch, 1);
	assert_string_equal(t.normalized, "0100109106-001");
	assert_int_equal(tax("0100109106999", &t), IDENT_OK); /* without the hyphen */
	assert_string_equal(t.normalized, "0100109106-999");
	assert_int_equal(t.branch, 999);
	assert_int_equal(tax("0100109106-000", NULL), IDENT_TAX_BRANCH);
	assert_int_equal(tax("0100109107-001", NULL), IDENT_TAX_CHECK_DIGIT);
	assert_int_equal(tax("0100109106-01", NULL), IDENT_TAX_FORMAT);
	assert_int_equal(tax("0100109106-0011", NULL), IDENT_TAX_FORMAT);
	assert_int_equal(tax("0100109106_001", NULL), IDENT_TAX_FORMAT);
	assert_int_equal(tax("010010910", NULL), IDENT_TAX_FORMAT);
	assert_int_equal(tax("01001091O6", NULL), IDENT_TAX_FORMAT); /* letter O */
	assert_int_equal(tax("", NULL), IDENT_EMPTY);
}

static void test_tax_accepts_personal_id_since_2025(void **state)
{
	(void)state;
	struct ident_tax t;
	assert_int_equal(tax("048095001234", &t), IDENT_OK);
	assert_int_equal(t.kind, IDENT_TAX_PERSONAL);
	assert_string_equal(t.normalized, "048095001234");
	assert_string_equal(t.pid.province_name, "Đà Nẵng");
	assert_int_equal(t.pid.birth_year, 1995);
	assert_int_equal(tax("003095001234", NULL), IDENT_PID_PROVINCE);
	assert_int_equal(tax("001227000000", NULL), IDENT_PID_FUTURE_YEAR);
}

/* ---- e-mail ---- */

static enum ident_reason mail(const char *s)
{
	return ident_check_email(s, strlen(s), NULL, 0);
}

static void test_email_accepts_and_normalises(void **state)
{
	(void)state;
	char out[IDENT_EMAIL_CAP];
	const char *ok[] = {"a@b.vn",
			    "nguyen.van.a@gmail.com",
			    "to+tag@motcua.danang.gov.vn",
			    "o'brien@example.org",
			    "x_y-z@sub-domain.example.com",
			    "a@xn--bcher-kva.vn",
			    "1@123.vn"};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		if (mail(ok[i]) != IDENT_OK)
			fail_msg("rejected %s: %s", ok[i], ident_reason_code(mail(ok[i])));
	assert_int_equal(ident_check_email(" Nguyen.Van.A@Gmail.COM ", 24, out, sizeof out),
			 IDENT_OK);
	assert_string_equal(out, "Nguyen.Van.A@gmail.com");
}

static void test_email_rejects(void **state)
{
	(void)state;
	assert_int_equal(mail(""), IDENT_EMPTY);
	assert_int_equal(mail("no-at-sign.vn"), IDENT_EMAIL_FORMAT);
	assert_int_equal(mail("a@b@c.vn"), IDENT_EMAIL_FORMAT);
	assert_int_equal(mail("@b.vn"), IDENT_EMAIL_FORMAT);
	assert_int_equal(mail("a@"), IDENT_EMAIL_FORMAT);
	assert_int_equal(mail("a b@c.vn"), IDENT_EMAIL_FORMAT);
	assert_int_equal(mail("a\x01@c.vn"), IDENT_EMAIL_FORMAT);
	assert_int_equal(ident_check_email("a\0@c.vn", 7, NULL, 0), IDENT_EMAIL_FORMAT);
	assert_int_equal(mail(".a@c.vn"), IDENT_EMAIL_LOCAL);
	assert_int_equal(mail("a.@c.vn"), IDENT_EMAIL_LOCAL);
	assert_int_equal(mail("a..b@c.vn"), IDENT_EMAIL_LOCAL);
	assert_int_equal(mail("\"a\"@c.vn"), IDENT_EMAIL_LOCAL);
	assert_int_equal(mail("nguyễn@c.vn"), IDENT_EMAIL_LOCAL);
	assert_int_equal(mail("a@localhost"), IDENT_EMAIL_DOMAIN);
	assert_int_equal(mail("a@-x.vn"), IDENT_EMAIL_DOMAIN);
	assert_int_equal(mail("a@x-.vn"), IDENT_EMAIL_DOMAIN);
	assert_int_equal(mail("a@x..vn"), IDENT_EMAIL_DOMAIN);
	assert_int_equal(mail("a@x.vn."), IDENT_EMAIL_DOMAIN);
	assert_int_equal(mail("a@.x.vn"), IDENT_EMAIL_DOMAIN);
	assert_int_equal(mail("a@x.v"), IDENT_EMAIL_DOMAIN);
	assert_int_equal(mail("a@1.2.3.4"), IDENT_EMAIL_DOMAIN);
	assert_int_equal(mail("a@x_y.vn"), IDENT_EMAIL_DOMAIN);
	assert_int_equal(mail("a@hà-nội.vn"), IDENT_EMAIL_DOMAIN);

	char buf[300];
	/* local part of 65 */
	memset(buf, 'a', 65);
	memcpy(buf + 65, "@b.vn", 6);
	assert_int_equal(mail(buf), IDENT_EMAIL_LOCAL);
	buf[64] = '@', memcpy(buf + 65, "b.vn", 5);
	assert_int_equal(mail(buf), IDENT_OK); /* 64 is fine */
	/* a domain label of 64 */
	memcpy(buf, "a@", 2);
	memset(buf + 2, 'b', 64);
	memcpy(buf + 66, ".vn", 4);
	assert_int_equal(mail(buf), IDENT_EMAIL_DOMAIN);
	/* 255 bytes overall */
	memset(buf, 'a', 255);
	buf[10] = '@';
	for (int i = 20; i < 255; i += 20)
		buf[i] = '.';
	buf[255] = '\0';
	assert_int_equal(mail(buf), IDENT_TOO_LONG);
	/* output buffer too small */
	char small[6];
	assert_int_equal(ident_check_email("a@b.vn", 6, small, sizeof small), IDENT_TOO_LONG);
}

/* ---- messages ---- */

static void check_mask(const char *in, const char *want, int spans)
{
	char out[256];
	assert_int_equal(ident_mask_text(in, out, sizeof out), spans);
	assert_string_equal(out, want);
}

static void test_mask_hides_ids_phones_and_emails(void **state)
{
	(void)state;
	check_mask("Bản sao CCCD số 048085001234 của người yêu cầu",
		   "Bản sao CCCD số *** của người yêu cầu", 1);
	check_mask("Gọi 0905 123 456 hoặc +84 905.123.456", "Gọi *** hoặc ***", 2);
	check_mask("CCCD048085001234.", "CCCD***.", 1);
	check_mask("Gửi về binh.nguyen@example.com nhé", "Gửi về *** nhé", 1);
	check_mask("Mã số thuế 0100109106-001", "Mã số thuế ***", 1);
	/* what carries nobody's identity is kept */
	check_mask("Tờ khai đăng ký kết hôn (bản chính)", "Tờ khai đăng ký kết hôn (bản chính)", 0);
	check_mask("Quyết định số 123/2020/QĐ-UBND ngày 12/05/2026",
		   "Quyết định số 123/2020/QĐ-UBND ngày 12/05/2026", 0);
	check_mask("2 bản sao, 3 ảnh 4x6", "2 bản sao, 3 ảnh 4x6", 0);
	check_mask("123456 @ không phải thư", "123456 @ không phải thư", 0);
	check_mask("a@b", "a@b", 0);
	check_mask("", "", 0);
	/* a buffer too small is an error, never an overflow */
	char small[4];
	assert_int_equal(ident_mask_text("0905123456", small, sizeof small), -1);
	assert_string_equal(small, "");
}

static void test_every_reason_has_code_and_both_messages(void **state)
{
	(void)state;
	for (int r = 0; r < IDENT__COUNT; r++) {
		const char *code = ident_reason_code((enum ident_reason)r);
		const char *vi = ident_reason_message((enum ident_reason)r, IDENT_LANG_VI);
		const char *en = ident_reason_message((enum ident_reason)r, IDENT_LANG_EN);
		assert_non_null(code);
		assert_non_null(vi);
		assert_non_null(en);
		assert_true(strlen(vi) > 3 && strlen(en) > 3);
		assert_string_not_equal(code, "unknown");
		assert_string_not_equal(vi, en);
		for (int q = 0; q < r; q++) /* codes are unique */
			assert_string_not_equal(code, ident_reason_code((enum ident_reason)q));
	}
	assert_string_equal(ident_reason_code(IDENT_PID_PROVINCE), "pid_province");
	assert_string_equal(ident_reason_message(IDENT_PID_LENGTH, IDENT_LANG_VI),
			    "Số định danh cá nhân phải gồm đúng 12 chữ số.");
	assert_string_equal(ident_reason_code(IDENT__COUNT), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pid_decodes_province_sex_and_year),
		cmocka_unit_test(test_pid_rejects_future_birth_year),
		cmocka_unit_test(test_pid_format_errors),
		cmocka_unit_test(test_pid_province_table_is_complete_and_searchable),
		cmocka_unit_test(test_mobile_normalises_common_forms),
		cmocka_unit_test(test_mobile_prefixes_match_the_domain_regex),
		cmocka_unit_test(test_mobile_errors),
		cmocka_unit_test(test_tax_real_codes),
		cmocka_unit_test(test_tax_check_digit_edge_cases),
		cmocka_unit_test(test_tax_branch_suffix),
		cmocka_unit_test(test_tax_accepts_personal_id_since_2025),
		cmocka_unit_test(test_email_accepts_and_normalises),
		cmocka_unit_test(test_email_rejects),
		cmocka_unit_test(test_every_reason_has_code_and_both_messages),
		cmocka_unit_test(test_mask_hides_ids_phones_and_emails),
	};
	return cmocka_run_group_tests_name("ident", tests, NULL, NULL);
}
