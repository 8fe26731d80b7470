/* test_mail_message.c — the wire form of an outbox message: CRLF lines of
 * at most 76 characters, RFC 2047 encoded words that each decode to whole
 * UTF-8 characters and together give back the subject, a stable Message-ID,
 * a base64 body that decodes to the text with CRLF line ends; and the retry
 * schedule (1 min, 2, 4 … capped at 6 h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "mail/message.h"

static int b64val(int c)
{
	const char *a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = c ? strchr(a, c) : NULL;
	return p ? (int)(p - a) : -1;
}

/* Decode base64 s[0..n) appended to out (capacity cap); returns the new
 * length of out. Fails the test on a bad character. */
static size_t b64dec(const char *s, size_t n, char *out, size_t len, size_t cap)
{
	unsigned v = 0;
	int bits = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '=' || s[i] == '\r' || s[i] == '\n')
			continue;
		int x = b64val(s[i]);
		assert_true(x >= 0);
		v = (v << 6) | (unsigned)x;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			assert_true(len + 1 < cap);
			out[len++] = (char)((v >> bits) & 0xff);
		}
	}
	out[len] = '\0';
	return len;
}

/* The value of header `name`, unfolded (CRLF removed, the space kept) and
 * its encoded words decoded (white space between two words dropped, RFC
 * 2047 §6.2), into out. */
static void header(const char *msg, const char *name, char *out, size_t cap)
{
	char key[64], raw[4096];
	snprintf(key, sizeof key, "\r\n%s: ", name);
	const char *p;
	if (strncmp(msg, key + 2, strlen(key + 2)) == 0) {
		p = msg + strlen(key + 2); /* the first header */
	} else {
		p = strstr(msg, key);
		assert_non_null(p);
		p += strlen(key);
	}
	size_t rl = 0;
	for (;;) {
		const char *eol = strstr(p, "\r\n");
		assert_non_null(eol);
		assert_true(rl + (size_t)(eol - p) < sizeof raw);
		memcpy(raw + rl, p, (size_t)(eol - p));
		rl += (size_t)(eol - p);
		if (eol[2] != ' ')
			break;
		p = eol + 2;
	}
	raw[rl] = '\0';
	size_t len = 0;
	int after_word = 0;
	for (const char *q = raw; *q;) {
		const char *w = strstr(q, "=?UTF-8?B?");
		size_t gap = w ? (size_t)(w - q) : strlen(q);
		if (!(after_word && w && strspn(q, " ") == gap)) {
			assert_true(len + gap < cap);
			memcpy(out + len, q, gap);
			len += gap;
		}
		if (!w)
			break;
		const char *end = strstr(w + 10, "?=");
		assert_non_null(end);
		size_t before = len;
		len = b64dec(w + 10, (size_t)(end - w - 10), out, len, cap);
		/* each word holds whole characters */
		assert_int_equal(utf8_validate(out + before, len - before, NULL), UTF8_OK);
		q = end + 2;
		after_word = 1;
	}
	out[len] = '\0';
}

static const char subject[] =
	"[Mã hồ sơ 000.01.40.H15-261127-0001] Tiếp nhận hồ sơ và hẹn trả kết quả — thủ tục "
	"Đăng ký khai sinh có yếu tố nước ngoài";
static const char body[] = "Kính gửi Ông/Bà Nguyễn Văn An,\n\nDòng hai.\r\nDòng ba.\n"
			   ".dòng bắt đầu bằng dấu chấm\n--\nEnglish line.";

static char *format(const char *from_name, size_t *len)
{
	struct mail_wire w = {
		.id = 42,
		.created_at = 1795000000,
		.date = 1795744800, /* 2026-11-27 09:00 +07:00, a Friday */
		.from = "tiepnhan@hoian.danang.gov.vn",
		.from_name = from_name,
		.to = "an.nguyen@example.vn",
		.subject = subject,
		.body = body,
	};
	char *m = mail_format(&w, len);
	assert_non_null(m);
	return m;
}

static void lines_are_crlf_and_short(void **state)
{
	(void)state;
	size_t len;
	char *m = format("Trung tâm Phục vụ hành chính công phường Hội An", &len);
	assert_int_equal(strlen(m), len);
	assert_true(len > 4 && memcmp(m + len - 2, "\r\n", 2) == 0);
	for (const char *p = m; *p;) {
		const char *eol = strstr(p, "\r\n");
		assert_non_null(eol);
		assert_true(eol - p <= 76);
		assert_null(memchr(p, '\n', (size_t)(eol - p)));
		for (const char *q = p; q < eol; q++)
			assert_true((unsigned char)*q >= 0x20 && (unsigned char)*q < 0x7f);
		p = eol + 2;
	}
	free(m);
}

static void headers(void **state)
{
	(void)state;
	size_t len;
	char v[2048];
	char *m = format("Trung tâm Phục vụ hành chính công phường Hội An", &len);
	header(m, "Date", v, sizeof v);
	assert_string_equal(v, "Fri, 27 Nov 2026 09:00:00 +0700");
	header(m, "Subject", v, sizeof v);
	assert_string_equal(v, subject);
	header(m, "From", v, sizeof v);
	assert_string_equal(
		v,
		"Trung tâm Phục vụ hành chính công phường Hội An <tiepnhan@hoian.danang.gov.vn>");
	header(m, "To", v, sizeof v);
	assert_string_equal(v, "an.nguyen@example.vn");
	header(m, "Message-ID", v, sizeof v);
	assert_string_equal(v, "<outbox.42.1795000000@hoian.danang.gov.vn>");
	header(m, "MIME-Version", v, sizeof v);
	assert_string_equal(v, "1.0");
	header(m, "Content-Type", v, sizeof v);
	assert_string_equal(v, "text/plain; charset=utf-8");
	header(m, "Content-Transfer-Encoding", v, sizeof v);
	assert_string_equal(v, "base64");
	free(m);
	/* without a display name; a plain ASCII name with specials is encoded */
	m = format(NULL, &len);
	header(m, "From", v, sizeof v);
	assert_string_equal(v, "tiepnhan@hoian.danang.gov.vn");
	free(m);
	m = format("UBND, phuong Hoi An", &len);
	assert_non_null(strstr(m, "From: =?UTF-8?B?"));
	header(m, "From", v, sizeof v);
	assert_string_equal(v, "UBND, phuong Hoi An <tiepnhan@hoian.danang.gov.vn>");
	free(m);
}

static void body_is_base64_of_crlf_text(void **state)
{
	(void)state;
	size_t len;
	char *m = format(NULL, &len);
	const char *sep = strstr(m, "\r\n\r\n");
	assert_non_null(sep);
	char text[4096];
	size_t n = b64dec(sep + 4, strlen(sep + 4), text, 0, sizeof text);
	assert_string_equal(text, "Kính gửi Ông/Bà Nguyễn Văn An,\r\n\r\nDòng hai.\r\nDòng ba.\r\n"
				  ".dòng bắt đầu bằng dấu chấm\r\n--\r\nEnglish line.\r\n");
	assert_int_equal(n, strlen(text));
	free(m);
}

static void backoff_schedule(void **state)
{
	(void)state;
	static const int64_t want[] = {60, 120, 240, 480, 960, 1920, 3840, 7680, 15360, 21600};
	for (int i = 0; i < 10; i++)
		assert_int_equal(mail_backoff_s(i + 1, 60), want[i]);
	assert_int_equal(mail_backoff_s(1000, 60), MAIL_BACKOFF_CAP_S);
	assert_int_equal(mail_backoff_s(1, 1), 1);
	assert_int_equal(mail_backoff_s(3, 1), 4);
	assert_int_equal(mail_backoff_s(0, 0), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lines_are_crlf_and_short),
		cmocka_unit_test(headers),
		cmocka_unit_test(body_is_base64_of_crlf_text),
		cmocka_unit_test(backoff_schedule),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
