/* test_cli_opts.c — the subcommands' option parser (src/app/cli/cli_common.c):
 * values, flags, numbers and repeatable options land where the table says;
 * an unknown option, a missing value, a bad number, an operand where none
 * is taken or a repeatable option given too often is bad usage (2); --help
 * answers CLI_HELP; a value is taken as it is, also when it looks like an
 * option. The usage and getopt's messages go to stdout/stderr as they do
 * for a command. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <limits.h>
#include <string.h>

#include "app/cli/cli_common.h"

static const char usage[] = "usage: motcua test [--db PATH] [--limit N] [--tag T…] [--all]\n";

/* One command's options, reset for each parse. */
struct cmd {
	const char *db, *name, *tags[3];
	struct cli_list tag_list;
	long long limit;
	int all;
	struct cli_opt opts[6];
};

static void cmd_init(struct cmd *c)
{
	memset(c, 0, sizeof *c);
	c->db = DEFAULT_DB;
	c->limit = 100;
	c->tag_list = (struct cli_list){c->tags, 0, 3};
	struct cli_opt opts[] = {
		CLI_VALUE("db", &c->db),
		CLI_VALUE("name", &c->name),
		CLI_NUMBER("limit", &c->limit, 1, 1000, "test: --limit takes 1..1000\n"),
		CLI_REPEAT("tag", &c->tag_list, NULL),
		CLI_FLAG("all", &c->all),
		CLI_END,
	};
	memcpy(c->opts, opts, sizeof opts);
}

/* cli_parse on the words given (argv[0] is "test"), with first as given. */
static int parse(struct cmd *c, int *first, ...)
{
	char *argv[16] = {"test"};
	int argc = 1;
	va_list ap;
	va_start(ap, first);
	for (char *a; (a = va_arg(ap, char *)) != NULL && argc < 15;)
		argv[argc++] = a;
	va_end(ap);
	cmd_init(c);
	return cli_parse(argc, argv, c->opts, usage, first);
}

static void test_defaults_and_values(void **state)
{
	(void)state;
	struct cmd c;
	assert_int_equal(parse(&c, NULL, NULL), 0);
	assert_string_equal(c.db, DEFAULT_DB);
	assert_null(c.name);
	assert_int_equal(c.limit, 100);
	assert_int_equal(c.all, 0);
	assert_int_equal(cli_seen(c.opts, "db"), 0);

	assert_int_equal(
		parse(&c, NULL, "--db", "x.db", "--limit", "7", "--all", "--name=Hội An", NULL), 0);
	assert_string_equal(c.db, "x.db");
	assert_string_equal(c.name, "Hội An");
	assert_int_equal(c.limit, 7);
	assert_int_equal(c.all, 1);
	assert_int_equal(cli_seen(c.opts, "db"), 1);
	assert_int_equal(cli_seen(c.opts, "all"), 1);
	assert_int_equal(cli_seen(c.opts, "tag"), 0);
	assert_int_equal(cli_seen(c.opts, "nosuch"), 0);
}

static void test_later_value_wins_and_is_counted(void **state)
{
	(void)state;
	struct cmd c;
	assert_int_equal(parse(&c, NULL, "--db", "a.db", "--db", "b.db", NULL), 0);
	assert_string_equal(c.db, "b.db");
	assert_int_equal(cli_seen(c.opts, "db"), 2);
}

static void test_unknown_option_is_bad_usage(void **state)
{
	(void)state;
	struct cmd c;
	assert_int_equal(parse(&c, NULL, "--db", "x.db", "--frobnicate", NULL), 2);
	assert_int_equal(parse(&c, NULL, "-d", "x.db", NULL), 2); /* no short options */
	assert_int_equal(parse(&c, NULL, "--all=yes", NULL), 2);  /* a flag takes no value */
}

static void test_missing_value_is_bad_usage(void **state)
{
	(void)state;
	struct cmd c;
	assert_int_equal(parse(&c, NULL, "--db", NULL), 2);
	assert_int_equal(parse(&c, NULL, "--all", "--limit", NULL), 2);
}

static void test_value_that_looks_like_an_option(void **state)
{
	(void)state;
	struct cmd c;
	/* the word after a value option is its value, whatever it looks like */
	assert_int_equal(parse(&c, NULL, "--db", "--help", NULL), 0);
	assert_string_equal(c.db, "--help");
	assert_int_equal(parse(&c, NULL, "--name", "--all", NULL), 0);
	assert_string_equal(c.name, "--all");
	assert_int_equal(c.all, 0);
	assert_int_equal(parse(&c, NULL, "--name", "-x", NULL), 0);
	assert_string_equal(c.name, "-x");
}

static void test_repeatable_option_collects(void **state)
{
	(void)state;
	struct cmd c;
	assert_int_equal(parse(&c, NULL, "--tag", "a", "--all", "--tag", "b", "--tag=c", NULL), 0);
	assert_int_equal(c.tag_list.n, 3);
	assert_string_equal(c.tags[0], "a");
	assert_string_equal(c.tags[1], "b");
	assert_string_equal(c.tags[2], "c");
	assert_int_equal(cli_seen(c.opts, "tag"), 3);
	/* more than the list holds: bad usage */
	assert_int_equal(
		parse(&c, NULL, "--tag", "a", "--tag", "b", "--tag", "c", "--tag", "d", NULL), 2);
}

static void test_numbers(void **state)
{
	(void)state;
	struct cmd c;
	assert_int_equal(parse(&c, NULL, "--limit", "1000", NULL), 0);
	assert_int_equal(c.limit, 1000);
	for (const char *const *bad = (const char *const[]){"0", "1001", "x", "", "5x", "-3",
							    "99999999999999999999", NULL};
	     *bad; bad++)
		assert_int_equal(parse(&c, NULL, "--limit", *bad, NULL), 2);

	long long v = 0;
	assert_int_equal(cli_number("42", 1, 100, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(cli_number("9223372036854775807", 1, LLONG_MAX, &v), 0);
	assert_int_equal(cli_number("", 1, 100, &v), -1);
	assert_int_equal(cli_number("1.5", 1, 100, &v), -1);
}

static void test_help(void **state)
{
	(void)state;
	struct cmd c;
	assert_int_equal(parse(&c, NULL, "--help", NULL), CLI_HELP);
	assert_int_equal(parse(&c, NULL, "--db", "x.db", "--help", "--frobnicate", NULL), CLI_HELP);
	assert_int_equal(parse(&c, NULL, "--frobnicate", "--help", NULL), 2); /* in order */
	assert_int_equal(cli_status(CLI_HELP), 0);
	assert_int_equal(cli_status(2), 2);
	assert_int_equal(cli_status(0), 0);
	assert_true(cli_is_help("--help"));
	assert_true(cli_is_help("-h"));
	assert_false(cli_is_help("help"));
	assert_false(cli_is_help(NULL));
}

static void test_operands(void **state)
{
	(void)state;
	struct cmd c;
	int first = -1;
	/* none taken: bad usage */
	assert_int_equal(parse(&c, NULL, "--db", "x.db", "extra", NULL), 2);
	/* taken: moved after the options, in their order */
	assert_int_equal(parse(&c, &first, "2026", "--db", "x.db", "more", "--all", NULL), 0);
	assert_int_equal(first, 4);
	assert_string_equal(c.db, "x.db");
	assert_int_equal(c.all, 1);
	assert_int_equal(parse(&c, &first, "--all", NULL), 0);
	assert_int_equal(first, 2); /* argc: no operand */
	/* "--" ends the options */
	assert_int_equal(parse(&c, &first, "--all", "--", "--db", NULL), 0);
	assert_int_equal(first, 3);
	assert_string_equal(c.db, DEFAULT_DB);
}

static void test_prefix_of_a_name(void **state)
{
	(void)state;
	struct cmd c;
	assert_int_equal(parse(&c, NULL, "--lim", "5", NULL), 0);
	assert_int_equal(c.limit, 5);
	assert_int_equal(parse(&c, NULL, "--d", "y.db", NULL), 0);
	assert_string_equal(c.db, "y.db");
}

static void test_print_json_and_reversed(void **state)
{
	(void)state;
	json_t *a = json_pack("[i,i,i]", 1, 2, 3);
	json_t *r = cli_reversed(a);
	assert_int_equal(json_array_size(r), 3);
	assert_int_equal(json_integer_value(json_array_get(r, 0)), 3);
	assert_int_equal(json_integer_value(json_array_get(r, 2)), 1);
	json_decref(r);
	assert_null(cli_reversed(NULL));
	assert_int_equal(cli_print_json(NULL, "test"), 1); /* out of memory */
	assert_int_equal(cli_print_json(json_pack("{s:b}", "ok", 1), "test"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_and_values),
		cmocka_unit_test(test_later_value_wins_and_is_counted),
		cmocka_unit_test(test_unknown_option_is_bad_usage),
		cmocka_unit_test(test_missing_value_is_bad_usage),
		cmocka_unit_test(test_value_that_looks_like_an_option),
		cmocka_unit_test(test_repeatable_option_collects),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_operands),
		cmocka_unit_test(test_prefix_of_a_name),
		cmocka_unit_test(test_print_json_and_reversed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
