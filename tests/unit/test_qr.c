/* test_qr.c — QR codes as SVG (src/qr) and the HTML escaper (core/html). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/html.h"
#include "qr/qr.h"

/* A small well-formedness check for the SVG we produce: every tag closes in
 * order, attribute values are quoted, no stray '<' or '&' in text, and the
 * document is exactly one <svg> element. Returns NULL or what is wrong. */
static const char *xml_check(const char *s)
{
	const char *stack[16];
	size_t len[16];
	int depth = 0, roots = 0;
	const char *p = s;
	while (*p) {
		if (*p == '&') {
			if (strncmp(p, "&amp;", 5) && strncmp(p, "&lt;", 4) &&
			    strncmp(p, "&gt;", 4) && strncmp(p, "&quot;", 6) &&
			    strncmp(p, "&#39;", 5))
				return "bad entity";
			p++;
			continue;
		}
		if (*p != '<') {
			if (depth == 0)
				return "text outside the root";
			p++;
			continue;
		}
		int closing = p[1] == '/';
		const char *name = p + 1 + closing;
		size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyz");
		if (!n)
			return "bad tag name";
		const char *q = name + n;
		int self = 0;
		for (;;) {
			q += strspn(q, " ");
			if (*q == '>')
				break;
			if (q[0] == '/' && q[1] == '>') {
				self = 1;
				q++;
				break;
			}
			if (closing)
				return "attribute on a closing tag";
			size_t an =
				strspn(q, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-:");
			if (!an || q[an] != '=' || q[an + 1] != '"')
				return "unquoted attribute";
			const char *end = strchr(q + an + 2, '"');
			if (!end)
				return "unterminated attribute";
			for (const char *c = q + an + 2; c < end; c++)
				if (*c == '<')
					return "'<' in an attribute";
			q = end + 1;
		}
		if (closing) {
			if (depth == 0 || len[depth - 1] != n || strncmp(stack[depth - 1], name, n))
				return "mismatched closing tag";
			depth--;
		} else if (!self) {
			if (depth == 0)
				roots++;
			if (depth == 16)
				return "too deep";
			stack[depth] = name;
			len[depth++] = n;
		}
		p = q + 1;
	}
	if (depth)
		return "unclosed element";
	return roots == 1 && strncmp(s, "<svg ", 5) == 0 ? NULL : "not one <svg> root";
}

/* Dark modules drawn by the path: the sum of the h runs. */
static int path_dark(const char *svg, int quiet, int side)
{
	const char *d = strstr(svg, " d=\"");
	assert_non_null(d);
	d += 4;
	int total = 0, x, y, run, back, used;
	while (*d == 'M') {
		assert_int_equal(sscanf(d, "M%d %dh%dv1h-%dz%n", &x, &y, &run, &back, &used), 4);
		assert_int_equal(run, back);
		assert_true(x >= quiet && y >= quiet && x + run <= side - quiet &&
			    y < side - quiet);
		total += run;
		d += used;
	}
	assert_int_equal(*d, '"');
	return total;
}

static void url_becomes_a_wellformed_svg(void **state)
{
	(void)state;
	struct qr_info in = {0};
	const char *url =
		"https://dichvucong.hoian.danang.gov.vn/track/?code=000.01.40.H15-260302-0001";
	char *svg = qr_svg(url, "Mã QR tra cứu hồ sơ", "doc-qr", &in);
	assert_non_null(svg);
	const char *err = xml_check(svg);
	if (err)
		fail_msg("%s", err);
	assert_true(in.version >= 1 && in.version <= 40);
	assert_int_equal(in.width, 17 + 4 * in.version);
	int side = in.width + 2 * QR_QUIET;
	char vb[64];
	snprintf(vb, sizeof vb, "viewBox=\"0 0 %d %d\"", side, side);
	assert_non_null(strstr(svg, vb));
	assert_non_null(strstr(svg, "shape-rendering=\"crispEdges\""));
	assert_non_null(strstr(svg, "<title>Mã QR tra cứu hồ sơ</title>"));
	assert_non_null(strstr(svg, "class=\"doc-qr\""));
	/* exactly one path, holding every dark module */
	const char *path = strstr(svg, "<path");
	assert_non_null(path);
	assert_null(strstr(path + 1, "<path"));
	assert_int_equal(path_dark(svg, QR_QUIET, side), in.dark);
	/* a QR code is roughly half dark; finder patterns alone are 3 * 33 */
	assert_true(in.dark > 99 && in.dark < in.width * in.width);
	free(svg);
}

static void version_grows_with_the_text(void **state)
{
	(void)state;
	struct qr_info small = {0}, big = {0};
	char *a = qr_svg("A", NULL, NULL, &small);
	assert_non_null(a);
	assert_int_equal(small.version, 1);
	assert_int_equal(small.width, 21);
	assert_non_null(strstr(a, "viewBox=\"0 0 29 29\""));
	assert_null(xml_check(a));
	assert_null(strstr(a, "class="));
	free(a);

	/* a long URL (1200 bytes) still fits (version 40-M holds 2331 bytes) */
	char url[1300];
	int n = snprintf(url, sizeof url, "https://example.gov.vn/track/?code=");
	for (; n < 1200; n++)
		url[n] = (char)('a' + n % 26);
	url[n] = '\0';
	char *b = qr_svg(url, "t", NULL, &big);
	assert_non_null(b);
	assert_true(big.version > 20);
	assert_int_equal(big.width, 17 + 4 * big.version);
	assert_null(xml_check(b));
	assert_int_equal(path_dark(b, QR_QUIET, big.width + 2 * QR_QUIET), big.dark);
	free(b);
}

static void bad_input_gives_null(void **state)
{
	(void)state;
	struct qr_info in = {7, 7, 7};
	assert_null(qr_svg(NULL, "t", NULL, &in));
	assert_null(qr_svg("", "t", NULL, &in));
	assert_int_equal(in.version, 7); /* untouched */
	char *huge = malloc(QR_MAX_TEXT + 2);
	memset(huge, 'x', QR_MAX_TEXT + 1);
	huge[QR_MAX_TEXT + 1] = '\0';
	assert_null(qr_svg(huge, NULL, NULL, NULL));
	free(huge);
}

static void title_and_class_are_escaped(void **state)
{
	(void)state;
	char *svg = qr_svg("x", "<script>alert(1)</script> & \"q\"", "a\"b", NULL);
	assert_non_null(svg);
	assert_null(strstr(svg, "<script>"));
	assert_non_null(strstr(svg, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;"));
	assert_non_null(strstr(svg, "class=\"a&quot;b\""));
	assert_null(xml_check(svg));
	free(svg);
}

static void html_escaper(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 1024);
	assert_int_equal(html_esc(&b, "Nguyễn <b>\"Bình\"</b> & 'Hoa'"), 0);
	assert_string_equal(b.p, "Nguyễn &lt;b&gt;&quot;Bình&quot;&lt;/b&gt; &amp; &#39;Hoa&#39;");
	buf_reset(&b);
	assert_int_equal(html_esc(&b, NULL), 0);
	assert_int_equal(html_escn(&b, "a<b", 2), 0);
	assert_string_equal(b.p ? b.p : "", "a&lt;");
	buf_free(&b);
	buf_init(&b, 8);
	assert_int_equal(html_esc(&b, "<<<"), -1); /* 12 bytes > 8: refused */
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(url_becomes_a_wellformed_svg),
		cmocka_unit_test(version_grows_with_the_text),
		cmocka_unit_test(bad_input_gives_null),
		cmocka_unit_test(title_and_class_are_escaped),
		cmocka_unit_test(html_escaper),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
