/*
 * test_open311.c — the Open311 services (open311.h) on a migrated demo
 * database (testdb.h; PostgreSQL when MOTCUA_TEST_PG is set), without a
 * server: the services and their definitions, API keys (stored hashed,
 * revoked → refused, a second revoke 409), a POSTed request as a petition
 * (channel online) with its place, the checks that name the field, the
 * jurisdictions, the filters and the 90-day window of GET requests, the
 * per-key limit, and no personal data in any request.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "app/open311/open311.h"
#include "app/petition/petition.h"
#include "testdb.h"

static const struct actor cli_who = {.name = "cli"};

static void new_key(struct testdb *t, char key[OPEN311_KEY_CHARS + 1], long long *id)
{
	struct problem p = {0};
	json_t *out = NULL;
	assert_int_equal(db_begin(t->db), DB_OK);
	assert_int_equal(
		open311_key_add(t->db, &cli_who, t->app.fake_now, "Ứng dụng thử", key, &p, &out),
		0);
	assert_int_equal(db_commit(t->db), DB_OK);
	*id = json_integer_value(json_object_get(out, "id"));
	assert_int_equal(strlen(key), OPEN311_KEY_CHARS);
	json_decref(out);
}

/* POST in its own transaction: the result code, *out the answer. */
static int post(struct testdb *t, struct open311_post in, struct problem *p, json_t **out)
{
	int mailed = 0;
	memset(p, 0, sizeof *p);
	assert_int_equal(db_begin(t->db), DB_OK);
	int rc = open311_post(t->db, &t->app, t->app.fake_now, &in, p, out, &mailed);
	if (rc && rc != ERR_THROTTLED)
		db_rollback(t->db);
	else
		assert_int_equal(db_commit(t->db), DB_OK);
	return rc;
}

static struct open311_post sample(const char *key)
{
	return (struct open311_post){
		.api_key = key,
		.service_code = "phan-anh",
		.lat = "15.8801",
		.lon = "108.338",
		.address = "12 Trần Phú",
		.email = "le.van.mo@example.vn",
		.first_name = "Lê Văn",
		.last_name = "Mở",
		.phone = "0905 333 444",
		.description = "Đèn đường hỏng.",
	};
}

static void test_services(void **state)
{
	(void)state;
	json_t *s = open311_services();
	assert_int_equal(json_array_size(s), 2);
	assert_string_equal(
		json_string_value(json_object_get(json_array_get(s, 0), "service_name")),
		"Phản ánh");
	json_decref(s);
	json_t *d = open311_service_definition("kien-nghi");
	assert_non_null(d);
	assert_int_equal(json_array_size(json_object_get(d, "attributes")), 2);
	json_decref(d);
	assert_null(open311_service_definition("to-cao"));
	assert_string_equal(open311_service_type("phan-anh"), "reflection");
	assert_null(open311_service_type("khieu-nai"));
}

static void test_keys_and_post(void **state)
{
	struct testdb *t = *state;
	char key[OPEN311_KEY_CHARS + 1];
	long long kid;
	new_key(t, key, &kid);
	/* only the hash is stored */
	struct db_stmt *st = db_row(t->db, "SELECT count(*) FROM open311_key WHERE key_hash = $1",
				    DB_ARGS(db_text(key)));
	assert_non_null(st);
	assert_int_equal(db_col_int(st, 0), 0);
	db_done(st);

	struct problem p;
	json_t *out = NULL;
	assert_int_equal(post(t, sample("sai"), &p, &out), ERR_FORBIDDEN);
	assert_string_equal(p.field, "api_key");
	struct open311_post in = sample(key);
	in.lat = "91";
	assert_int_equal(post(t, in, &p, &out), ERR_BAD_REQUEST);
	assert_string_equal(p.field, "lat");
	in = sample(key);
	in.lat = in.lon = in.address = NULL;
	assert_int_equal(post(t, in, &p, &out), ERR_BAD_REQUEST);
	assert_string_equal(p.field, "address_string");
	in = sample(key);
	in.email = NULL;
	assert_int_equal(post(t, in, &p, &out), ERR_VALIDATION);
	assert_string_equal(p.field, "email");

	assert_int_equal(post(t, sample(key), &p, &out), 0);
	json_t *r = json_array_get(out, 0);
	char sid[24];
	assert_non_null(json_string_value(json_object_get(r, "service_request_id")));
	snprintf(sid, sizeof sid, "%s",
		 json_string_value(json_object_get(r, "service_request_id")));
	long long id = strtoll(sid, NULL, 10);
	char token[OPEN311_TOKEN_CHARS + 1];
	snprintf(token, sizeof token, "%s", json_string_value(json_object_get(r, "token")));
	json_decref(out);

	/* the petition: online, a reflection, the identity kept for the officers */
	struct actor officer = testdb_actor(t, "tiepnhan1");
	assert_int_equal(petition_get(t->db, &t->app, &officer, t->app.fake_now, id, &p, &out), 0);
	assert_string_equal(json_string_value(json_object_get(out, "channel")), "online");
	assert_string_equal(json_string_value(json_object_get(out, "type")), "reflection");
	json_decref(out);

	/* tokens */
	assert_int_equal(open311_token(t->db, token, &p, &out), 0);
	assert_string_equal(
		json_string_value(json_object_get(json_array_get(out, 0), "service_request_id")),
		sid);
	json_decref(out);
	assert_int_equal(open311_token(t->db, "khong-co", &p, &out), ERR_NOT_FOUND);

	/* one request: public fields, nothing personal */
	struct open311_query q = {.ids = {id}, .ids_n = 1};
	assert_int_equal(open311_requests(t->db, t->app.fake_now, &q, &p, &out), 0);
	assert_int_equal(json_array_size(out), 1);
	json_t *v = json_array_get(out, 0);
	assert_string_equal(json_string_value(json_object_get(v, "status")), "open");
	assert_string_equal(json_string_value(json_object_get(v, "address")), "12 Trần Phú");
	assert_true(json_is_null(json_object_get(v, "description")));
	char *all = json_dumps(out, 0);
	assert_null(strstr(all, "example.vn"));
	assert_null(strstr(all, "Lê Văn"));
	assert_null(strstr(all, "0905"));
	free(all);
	json_decref(out);

	/* revoked: refused; a second revoke is a conflict */
	assert_int_equal(db_begin(t->db), DB_OK);
	assert_int_equal(open311_key_revoke(t->db, &cli_who, t->app.fake_now, kid, &p, &out), 0);
	json_decref(out);
	assert_int_equal(open311_key_revoke(t->db, &cli_who, t->app.fake_now, kid, &p, &out),
			 ERR_CONFLICT);
	assert_int_equal(db_commit(t->db), DB_OK);
	assert_int_equal(post(t, sample(key), &p, &out), ERR_FORBIDDEN);
}

static void test_filters(void **state)
{
	struct testdb *t = *state;
	char key[OPEN311_KEY_CHARS + 1];
	long long kid;
	new_key(t, key, &kid);
	struct problem p;
	json_t *out = NULL;
	int64_t day1 = t->app.fake_now;
	assert_int_equal(post(t, sample(key), &p, &out), 0);
	json_decref(out);
	t->app.fake_now = day1 + 86400;
	struct open311_post in = sample(key);
	in.service_code = "kien-nghi";
	assert_int_equal(post(t, in, &p, &out), 0);
	json_decref(out);
	int64_t now = t->app.fake_now;

	struct open311_query q = {0};
	assert_int_equal(open311_requests(t->db, now, &q, &p, &out), 0);
	assert_int_equal(json_array_size(out), 2);
	/* newest first */
	assert_string_equal(
		json_string_value(json_object_get(json_array_get(out, 0), "service_code")),
		"kien-nghi");
	json_decref(out);
	q.service_code = "phan-anh";
	assert_int_equal(open311_requests(t->db, now, &q, &p, &out), 0);
	assert_int_equal(json_array_size(out), 1);
	json_decref(out);
	q.service_code = "khieu-nai";
	assert_int_equal(open311_requests(t->db, now, &q, &p, &out), ERR_NOT_FOUND);
	q.service_code = NULL;
	q.status = "closed";
	assert_int_equal(open311_requests(t->db, now, &q, &p, &out), 0);
	assert_int_equal(json_array_size(out), 0);
	json_decref(out);
	q.status = NULL;
	q.start = day1 + 3600;
	assert_int_equal(open311_requests(t->db, now, &q, &p, &out), 0);
	assert_int_equal(json_array_size(out), 1);
	json_decref(out);
	q.start = day1 - 91LL * 86400;
	q.end = day1;
	assert_int_equal(open311_requests(t->db, now, &q, &p, &out), ERR_BAD_REQUEST);
	assert_string_equal(p.field, "start_date");

	/* jurisdictions: the province = all, a commune narrows, unknown 404 */
	long long agency = -1;
	assert_int_equal(open311_jurisdiction(t->db, "DNG", &agency, &p), 0);
	assert_int_equal(agency, 0);
	assert_int_equal(open311_jurisdiction(t->db, "HOIANDONG", &agency, &p), 0);
	assert_true(agency > 0);
	struct open311_query qa = {.agency = agency};
	assert_int_equal(open311_requests(t->db, now, &qa, &p, &out), 0);
	assert_int_equal(json_array_size(out), 0);
	json_decref(out);
	assert_int_equal(open311_jurisdiction(t->db, "HANOI", &agency, &p), ERR_NOT_FOUND);
}

static void test_limit_per_key(void **state)
{
	struct testdb *t = *state;
	char key[OPEN311_KEY_CHARS + 1];
	long long kid;
	new_key(t, key, &kid);
	struct problem p;
	json_t *out = NULL;
	for (int i = 0; i < OPEN311_PER_HOUR; i++) {
		assert_int_equal(post(t, sample(key), &p, &out), 0);
		json_decref(out);
	}
	assert_int_equal(post(t, sample(key), &p, &out), ERR_THROTTLED);
	assert_null(out);
	assert_true(p.retry_after > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_services),
		cmocka_unit_test_setup_teardown(test_keys_and_post, testdb_setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_filters, testdb_setup, testdb_teardown),
		cmocka_unit_test_setup_teardown(test_limit_per_key, testdb_setup, testdb_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
