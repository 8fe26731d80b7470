/* test_http_hardening.c — the pure parts of the HTTP hardening (issue 8):
 * trusted proxies and X-Forwarded-For, the body budget, log escaping and
 * CSV cells that a spreadsheet would run as formulas. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/log.h"
#include "core/mem.h"
#include "http/http.h"

static const char *client(const char *const *nets, int n, const char *peer, const char *xff)
{
	static char out[64];
	struct http_net t[8];
	memset(t, 0, sizeof t);
	for (int i = 0; i < n; i++)
		assert_int_equal(http_net_parse(nets[i], &t[i]), 0);
	http_forwarded_client(t, n, peer, xff, out, sizeof out);
	return out;
}

static void trusted_proxy_networks_parse(void **state)
{
	(void)state;
	struct http_net n;
	const char *good[] = {"127.0.0.1",     "10.0.0.0/8", "0.0.0.0/0",       "::1",
			      "fd00::/8",      "::/0",       "::ffff:10.1.2.3", "192.168.1.7/32",
			      "2001:db8::/128"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_int_equal(http_net_parse(good[i], &n), 0);
	const char *bad[] = {"",        "proxy.example", "10.0.0.0/33", "10.0.0.0/",   "::1/129",
			     "[::1]",   "10.0.0.1:80",   "10.0.0/8",    "10.0.0.1/-1", "1.2.3.4/1x",
			     "1.2.3.4 "};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(http_net_parse(bad[i], &n), -1);
}

static void x_forwarded_for_is_read_only_from_a_trusted_peer(void **state)
{
	(void)state;
	const char *lo[] = {"127.0.0.1"};
	/* no trusted proxies: the peer, whatever the header says */
	assert_string_equal(client(NULL, 0, "127.0.0.1", "10.0.0.1"), "127.0.0.1");
	/* a peer that is not a proxy: ignored */
	assert_string_equal(client(lo, 1, "203.0.113.4", "10.0.0.1"), "203.0.113.4");
	/* the trusted proxy: the client it names */
	assert_string_equal(client(lo, 1, "127.0.0.1", "10.0.0.1"), "10.0.0.1");
	assert_string_equal(client(lo, 1, "127.0.0.1", NULL), "127.0.0.1");
	assert_string_equal(client(lo, 1, "127.0.0.1", ""), "127.0.0.1");
	assert_string_equal(client(lo, 1, "127.0.0.1", " , "), "127.0.0.1");
}

static void the_right_most_untrusted_entry_is_the_client(void **state)
{
	(void)state;
	const char *nets[] = {"127.0.0.1", "192.168.0.0/16", "fd00::/8"};
	/* what the client itself sent (left) never wins */
	assert_string_equal(client(nets, 3, "127.0.0.1", "6.6.6.6, 10.0.0.1"), "10.0.0.1");
	/* trusted hops are skipped */
	assert_string_equal(client(nets, 3, "127.0.0.1", "10.0.0.1,192.168.3.3 ,\t192.168.9.9"),
			    "10.0.0.1");
	assert_string_equal(client(nets, 3, "127.0.0.1", "10.0.0.1, fd00::5"), "10.0.0.1");
	/* every entry a proxy: the left-most */
	assert_string_equal(client(nets, 3, "127.0.0.1", "192.168.1.1, 192.168.2.2"),
			    "192.168.1.1");
	/* ports and brackets, canonical output */
	assert_string_equal(client(nets, 3, "127.0.0.1", "10.0.0.1:5555"), "10.0.0.1");
	assert_string_equal(client(nets, 3, "127.0.0.1", "[2001:DB8:0::1]:80"), "2001:db8::1");
	assert_string_equal(client(nets, 3, "127.0.0.1", "2001:db8:0:0::1"), "2001:db8::1");
	assert_string_equal(client(nets, 3, "127.0.0.1", "::ffff:10.0.0.9"), "10.0.0.9");
	/* a mapped IPv6 peer matches an IPv4 network */
	assert_string_equal(client(nets, 3, "::ffff:127.0.0.1", "10.0.0.1"), "10.0.0.1");
	/* garbage: the last trusted hop, never a value a client chose */
	assert_string_equal(client(nets, 3, "127.0.0.1", "10.0.0.1, junk"), "127.0.0.1");
	assert_string_equal(client(nets, 3, "127.0.0.1", "10.0.0.1, junk, 192.168.1.1"),
			    "192.168.1.1");
	assert_string_equal(client(nets, 3, "127.0.0.1", "10.0.0.1,,"), "127.0.0.1");
	assert_string_equal(client(nets, 3, "127.0.0.1", "\"10.0.0.1\""), "127.0.0.1");
	assert_string_equal(client(nets, 3, "127.0.0.1", "[::1"), "127.0.0.1");
}

static void the_body_budget_holds_globally_and_per_address(void **state)
{
	(void)state;
	struct http_budget b;
	http_budget_init(&b, 100, 60);
	assert_int_equal(http_budget_take(&b, "1.1.1.1", 50), ERR_OK);
	assert_int_equal(http_budget_take(&b, "1.1.1.1", 20), ERR_THROTTLED); /* 70 > 60 */
	assert_int_equal(http_budget_take(&b, "2.2.2.2", 50), ERR_OK);
	assert_int_equal(http_budget_take(&b, "3.3.3.3", 1), ERR_UNAVAILABLE); /* 101 > 100 */
	assert_int_equal(http_budget_take(&b, "3.3.3.3", 61), ERR_THROTTLED);
	assert_int_equal(http_budget_used(&b, NULL), 100);
	assert_int_equal(http_budget_used(&b, "1.1.1.1"), 50);
	http_budget_give(&b, "1.1.1.1", 50);
	assert_int_equal(http_budget_used(&b, "1.1.1.1"), 0);
	assert_int_equal(http_budget_take(&b, "3.3.3.3", 50), ERR_OK);
	assert_int_equal(http_budget_take(&b, "3.3.3.3", 0), ERR_OK);
	http_budget_give(&b, "3.3.3.3", 50);
	http_budget_give(&b, "2.2.2.2", 50);
	assert_int_equal(http_budget_used(&b, NULL), 0);
	/* many addresses come and go: nothing is left behind */
	char ip[32];
	for (int i = 0; i < 1000; i++) {
		snprintf(ip, sizeof ip, "10.0.%d.%d", i / 256, i % 256);
		assert_int_equal(http_budget_take(&b, ip, 1), i < 100 ? ERR_OK : ERR_UNAVAILABLE);
	}
	for (int i = 0; i < 100; i++) {
		snprintf(ip, sizeof ip, "10.0.%d.%d", i / 256, i % 256);
		http_budget_give(&b, ip, 1);
	}
	assert_int_equal(http_budget_used(&b, NULL), 0);
	http_budget_free(&b);
}

static void log_values_cannot_forge_lines(void **state)
{
	(void)state;
	char out[64];
	assert_string_equal(log_quote("/thủ-tục", out, sizeof out), "/thủ-tục");
	assert_string_equal(log_quote("a\"b\\c", out, sizeof out), "a\\\"b\\\\c");
	assert_string_equal(log_quote("x\ny\r\x1b\x7f", out, sizeof out), "x\\x0Ay\\x0D\\x1B\\x7F");
	assert_string_equal(log_quote("\xff\xc3(", out, sizeof out), "\\xFF\\xC3(");
	assert_string_equal(log_quote("\xe1\xbb", out, sizeof out), "\\xE1\\xBB"); /* truncated */
	/* never cut an escape or a character in half */
	assert_string_equal(log_quote("ab\n", out, 5), "ab");
	assert_string_equal(log_quote("aủ", out, 4), "a");
	assert_string_equal(log_quote(NULL, out, sizeof out), "");
	assert_string_equal(log_token("GET", out, sizeof out), "GET");
	assert_string_equal(log_token("M-SEARCH", out, sizeof out), "M-SEARCH");
	assert_string_equal(log_token("G\"E T=\r", out, sizeof out), "G\\x22E\\x20T\\x3D\\x0D");
	assert_string_equal(log_token("\xc3\xa9", out, sizeof out), "\\xC3\\xA9");
	assert_string_equal(log_token("ABCDEF", out, 4), "ABC");
	assert_string_equal(log_token("A\"", out, 5), "A");
}

static void csv_cells_never_start_a_formula(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 4096);
	const char *cells[] = {"=1+1", "+1", "-2",  "@SUM(A1)", "\tx",
			       "\rx",  "'a", "a=b", "",         "x,\"y\""};
	for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++)
		assert_int_equal(
			csv_put_text(&b, cells[i], i + 1 == sizeof cells / sizeof cells[0]), 0);
	assert_string_equal(b.p,
			    "'=1+1,'+1,'-2,'@SUM(A1),'\tx,\"'\rx\",''a,a=b,,\"x,\"\"y\"\"\"\r\n");
	/* read back: the same values */
	struct csv_reader r;
	csv_reader_init(&r, b.p, b.len);
	assert_int_equal(csv_next(&r), 1);
	assert_int_equal(r.nfields, 10);
	for (int i = 0; i < 10; i++)
		assert_string_equal(csv_untext(csv_field(&r, i)), cells[i]);
	csv_reader_free(&r);
	buf_free(&b);
	assert_string_equal(csv_untext("'=x"), "=x");
	assert_string_equal(csv_untext("x"), "x");
	assert_int_equal(csv_formula_like("Hồ sơ"), 0);
	assert_int_equal(csv_formula_like(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(trusted_proxy_networks_parse),
		cmocka_unit_test(x_forwarded_for_is_read_only_from_a_trusted_peer),
		cmocka_unit_test(the_right_most_untrusted_entry_is_the_client),
		cmocka_unit_test(the_body_budget_holds_globally_and_per_address),
		cmocka_unit_test(log_values_cannot_forge_lines),
		cmocka_unit_test(csv_cells_never_start_a_formula),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
