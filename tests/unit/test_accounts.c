/*
 * test_accounts.c — the accounts services (src/app/accounts/accounts.h) on
 * a real migrated demo store (testdb.h): staff accounts and the self-grant
 * rule, passwords, API tokens, the sign-in throttle, sessions. Each test
 * opens a fresh store; the clock is the test's own `now`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "app/accounts/accounts.h"
#include "testdb.h"

#define DAY 86400

/* The audit trail holds n records of action on the account username. */
static long long audited(struct testdb *t, const char *action, const char *username)
{
	static const char sql[] = "SELECT count(*) FROM audit WHERE action = $1 AND entity_id = $2";
	struct db_stmt *st = db_prep(t->db, sql);
	db_bind_text(st, 1, action);
	db_bind_text(st, 2, username);
	long long n = db_step(st) == DB_ROW ? db_col_int(st, 0) : -1;
	db_done(st);
	return n;
}

/* Does the account's JSON (staff_json) list role? */
static int has_role(struct testdb *t, const char *username, const char *role)
{
	json_t *list = staff_list_json(t->db), *o, *r;
	size_t i, k;
	int found = 0;
	json_array_foreach (list, i, o) {
		if (strcmp(json_string_value(json_object_get(o, "username")), username) != 0)
			continue;
		json_array_foreach (json_object_get(o, "roles"), k, r)
			found |= strcmp(json_string_value(r), role) == 0;
	}
	json_decref(list);
	return found;
}

static void open_store(struct testdb *t)
{
	testdb_open(t);
	t->app.cfg.session_idle_s = 30 * 60;
	t->app.cfg.session_max_s = 12 * 3600;
}

/* --- staff accounts --------------------------------------------------------- */

static struct staff_input new_officer(const char *username, const char *unit)
{
	struct staff_input in;
	memset(&in, 0, sizeof in);
	in.username = username;
	in.full_name = "Nguyễn Văn Mới";
	in.unit = unit;
	in.roles = ROLE_RECEPTION;
	snprintf(in.password_hash, sizeof in.password_hash, "not-a-real-hash");
	return in;
}

static void test_staff_create(void **state)
{
	struct testdb t;
	open_store(&t);
	struct actor admin = testdb_actor(&t, "admin");
	int64_t now = t.app.fake_now;
	struct problem p = {0};
	long long id = 0;

	struct staff_input in = new_officer("nguoimoi", "TNTKQ");
	assert_int_equal(staff_create(t.db, &admin, now, &in, &id, &p), 0);
	assert_true(id > 0);
	json_t *o = staff_json(t.db, id);
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, "username")), "nguoimoi");
	assert_string_equal(json_string_value(json_object_get(json_object_get(o, "unit"), "code")),
			    "TNTKQ");
	json_decref(o);
	assert_true(has_role(&t, "nguoimoi", "reception"));
	assert_int_equal(audited(&t, "staff.create", "nguoimoi"), 1);

	/* the same username again: 409 username_taken */
	memset(&p, 0, sizeof p);
	assert_int_equal(staff_create(t.db, &admin, now, &in, &id, &p), ERR_CONFLICT);
	assert_string_equal(p.code, "username_taken");

	/* an unknown unit: 422 on the field unit */
	memset(&p, 0, sizeof p);
	in = new_officer("nguoikhac", "KHONGCO");
	assert_int_equal(staff_create(t.db, &admin, now, &in, &id, &p), ERR_VALIDATION);
	assert_string_equal(p.field, "unit");

	/* a malformed username, no role */
	memset(&p, 0, sizeof p);
	in = new_officer("9abc", NULL);
	assert_int_equal(staff_create(t.db, &admin, now, &in, &id, &p), ERR_VALIDATION);
	assert_string_equal(p.field, "username");
	memset(&p, 0, sizeof p);
	in = new_officer("khongvaitro", NULL);
	in.roles = 0;
	assert_int_equal(staff_create(t.db, &admin, now, &in, &id, &p), ERR_VALIDATION);
	assert_string_equal(p.field, "roles");
	assert_null(staff_tokens_json(t.db, "nguoikhac", now)); /* none was created */
	testdb_close(&t);
}

static void test_staff_patch_self_grant(void **state)
{
	struct testdb t;
	open_store(&t);
	struct actor admin = testdb_actor(&t, "admin");
	int64_t now = t.app.fake_now;
	struct problem p = {0};
	json_t *out = NULL;
	assert_true(admin.roles & ROLE_ADMIN);
	assert_false(admin.roles & ROLE_RECEPTION);

	/* an administrator adding a dossier role to itself: 403 self_grant */
	struct staff_change ch = {
		.username = "admin", .roles = ROLE_ADMIN | ROLE_RECEPTION, .has_roles = 1};
	assert_int_equal(staff_patch(t.db, &admin, now, &ch, &out, &p), ERR_FORBIDDEN);
	assert_string_equal(p.code, "self_grant");
	assert_null(out);
	assert_false(has_role(&t, "admin", "reception"));

	/* nor may it drop its own admin role or deactivate itself */
	memset(&p, 0, sizeof p);
	struct staff_change drop = {.username = "admin", .roles = ROLE_LEADER, .has_roles = 1};
	assert_int_equal(staff_patch(t.db, &admin, now, &drop, &out, &p), ERR_CONFLICT);
	assert_string_equal(p.code, "self_lockout");
	memset(&p, 0, sizeof p);
	struct staff_change off = {.username = "admin", .active = 0, .has_active = 1};
	assert_int_equal(staff_patch(t.db, &admin, now, &off, &out, &p), ERR_CONFLICT);

	/* a second administrator may grant it, and the grant is audited */
	struct staff_input in = new_officer("quantri2", NULL);
	in.roles = ROLE_ADMIN;
	long long id;
	assert_int_equal(staff_create(t.db, &admin, now, &in, &id, &p), 0);
	struct actor other = testdb_actor(&t, "quantri2");
	long long before = audited(&t, "staff.update", "admin");
	memset(&p, 0, sizeof p);
	assert_int_equal(staff_patch(t.db, &other, now, &ch, &out, &p), 0);
	assert_non_null(out);
	assert_true(json_is_true(json_object_get(out, "active")));
	json_decref(out);
	assert_true(has_role(&t, "admin", "reception"));
	assert_int_equal(audited(&t, "staff.update", "admin"), before + 1);

	/* unknown account, unknown unit */
	memset(&p, 0, sizeof p);
	struct staff_change ghost = {.username = "khongai", .title = "x"};
	assert_int_equal(staff_patch(t.db, &other, now, &ghost, &out, &p), ERR_NOT_FOUND);
	memset(&p, 0, sizeof p);
	struct staff_change badunit = {.username = "tiepnhan1", .unit = "KHONGCO"};
	assert_int_equal(staff_patch(t.db, &other, now, &badunit, &out, &p), ERR_VALIDATION);
	assert_string_equal(p.field, "unit");
	testdb_close(&t);
}

/* --- sessions ------------------------------------------------------------------ */

static void open_session(struct testdb *t, const char *username, int64_t now, char *token,
			 char *csrf)
{
	struct actor who = testdb_actor(t, username);
	struct problem p = {0};
	auth_token_new(token);
	auth_token_new(csrf);
	assert_int_equal(session_create(t->db, &t->app, now, &who, token, csrf, &p), 0);
}

static void test_session_create_identify_expire(void **state)
{
	struct testdb t;
	open_store(&t);
	int64_t now = t.app.fake_now;
	char token[AUTH_TOKEN_LEN + 1], csrf[AUTH_TOKEN_LEN + 1];
	struct identity id;
	struct problem p = {0};
	open_session(&t, "tiepnhan1", now, token, csrf);
	assert_int_equal(audited(&t, "session.login", "tiepnhan1"), 1);

	assert_int_equal(session_identify_token(t.db, &t.app, now + 60, token, &id, &p), 0);
	assert_string_equal(id.username, "tiepnhan1");
	assert_string_equal(id.csrf, csrf);
	assert_true(id.via_session);
	assert_true(id.roles & ROLE_RECEPTION);
	assert_true(id.unit_id > 0);

	/* idle past the timeout (nothing refreshed last_seen): expired */
	assert_int_equal(session_identify_token(t.db, &t.app, now + 31 * 60, token, &id, &p),
			 ERR_UNAUTHORIZED);
	assert_string_equal(p.code, "session_expired");

	/* an unknown token */
	memset(&p, 0, sizeof p);
	assert_int_equal(session_identify_token(t.db, &t.app, now, "khong-phai-ma", &id, &p),
			 ERR_UNAUTHORIZED);

	/* past the absolute lifetime, however recently seen */
	t.app.cfg.session_idle_s = 24 * 3600;
	assert_int_equal(session_identify_token(t.db, &t.app, now + 11 * 3600, token, &id, &p), 0);
	assert_int_equal(session_identify_token(t.db, &t.app, now + 13 * 3600, token, &id, &p),
			 ERR_UNAUTHORIZED);

	/* signing out ends it */
	open_session(&t, "tiepnhan1", now, token, csrf);
	assert_int_equal(session_identify_token(t.db, &t.app, now, token, &id, &p), 0);
	struct actor who = testdb_actor(&t, "tiepnhan1");
	assert_int_equal(session_end(t.db, &who, now, id.session_hash, &p), 0);
	assert_int_equal(session_identify_token(t.db, &t.app, now, token, &id, &p),
			 ERR_UNAUTHORIZED);
	assert_int_equal(audited(&t, "session.logout", "tiepnhan1"), 1);

	/* a deactivated account's session ends */
	open_session(&t, "tiepnhan2", now, token, csrf);
	struct actor admin = testdb_actor(&t, "admin");
	struct staff_change off = {.username = "tiepnhan2", .active = 0, .has_active = 1};
	json_t *out;
	assert_int_equal(staff_patch(t.db, &admin, now, &off, &out, &p), 0);
	assert_true(json_is_false(json_object_get(out, "active")));
	json_decref(out);
	assert_int_equal(session_identify_token(t.db, &t.app, now, token, &id, &p),
			 ERR_UNAUTHORIZED);
	testdb_close(&t);
}

/* --- sign-in and the throttle ---------------------------------------------------- */

static void test_throttle(void **state)
{
	struct testdb t;
	open_store(&t);
	int64_t now = t.app.fake_now;
	struct throttle th;
	throttle_keys(&th, "tiepnhan1", "192.0.2.7");

	for (int i = 1; i < THROTTLE_ACCOUNT_MAX; i++) {
		assert_int_equal(throttle_fail(t.db, &th, now), 0);
		assert_int_equal(throttle_wait(t.db, &th, now), 0);
	}
	/* the fifth failure locks the account */
	assert_int_equal(throttle_fail(t.db, &th, now), 0);
	assert_int_equal(throttle_wait(t.db, &th, now), THROTTLE_LOCK_S);

	/* a later failure does not move the lock */
	assert_int_equal(throttle_fail(t.db, &th, now + 100), 0);
	assert_int_equal(throttle_wait(t.db, &th, now + 100), THROTTLE_LOCK_S - 100);

	/* once it has run out, counting starts from zero */
	int64_t later = now + THROTTLE_LOCK_S;
	assert_int_equal(throttle_wait(t.db, &th, later), 0);
	for (int i = 1; i < THROTTLE_ACCOUNT_MAX; i++) {
		assert_int_equal(throttle_fail(t.db, &th, later), 0);
		assert_int_equal(throttle_wait(t.db, &th, later), 0);
	}
	assert_int_equal(throttle_fail(t.db, &th, later), 0);
	assert_int_equal(throttle_wait(t.db, &th, later), THROTTLE_LOCK_S);

	/* failures spread wider than the window never lock */
	struct throttle slow;
	throttle_keys(&slow, "tiepnhan2", "192.0.2.8");
	for (int i = 0; i < 2 * THROTTLE_ACCOUNT_MAX; i++) {
		assert_int_equal(throttle_fail(t.db, &slow, now + i * THROTTLE_WINDOW_S / 2), 0);
		assert_int_equal(throttle_wait(t.db, &slow, now + i * THROTTLE_WINDOW_S / 2), 0);
	}

	/* a right password forgets the account's failures */
	struct throttle ok;
	throttle_keys(&ok, "tiepnhan3", "192.0.2.9");
	for (int i = 1; i < THROTTLE_ACCOUNT_MAX; i++)
		assert_int_equal(throttle_fail(t.db, &ok, now), 0);
	assert_int_equal(throttle_clear(t.db, &ok), 0);
	assert_int_equal(throttle_fail(t.db, &ok, now), 0);
	assert_int_equal(throttle_wait(t.db, &ok, now), 0);

	struct problem p = {0};
	assert_int_equal(throttle_problem(&p, 42), ERR_THROTTLED);
	assert_int_equal(p.retry_after, 42);
	testdb_close(&t);
}

static void test_signin(void **state)
{
	struct testdb t;
	open_store(&t);
	int64_t now = t.app.fake_now;
	struct signin s;
	struct problem p = {0};
	struct identity id;
	const char *right = DEMO_PASSWORD;

	/* the right password (any case of the username) opens a session */
	signin_start(&s, "TiepNhan1", 9, "192.0.2.10");
	assert_string_equal(s.username, "tiepnhan1");
	assert_int_equal(signin_check(t.db, now, &s, right, strlen(right), &p), 0);
	assert_true(s.ok);
	assert_int_equal(signin_commit(t.db, &t.app, now, "rid-1", &s, &p), 0);
	assert_null(p.code);
	assert_int_equal(session_identify_token(t.db, &t.app, now, s.token, &id, &p), 0);
	assert_string_equal(id.username, "tiepnhan1");

	/* a wrong one is refused and counted; the fifth locks the account */
	for (int i = 0; i < THROTTLE_ACCOUNT_MAX; i++) {
		signin_start(&s, "tiepnhan1", 9, "192.0.2.10");
		assert_int_equal(signin_check(t.db, now, &s, "sai-mat-khau", 12, &p), 0);
		assert_false(s.ok);
		assert_int_equal(signin_commit(t.db, &t.app, now, NULL, &s, &p), 0);
		assert_int_equal(p.kind, ERR_UNAUTHORIZED);
		assert_string_equal(p.code, "invalid_credentials");
	}
	/* now even the right password is refused, before any hashing */
	signin_start(&s, "tiepnhan1", 9, "192.0.2.10");
	assert_int_equal(signin_check(t.db, now, &s, right, strlen(right), &p), ERR_THROTTLED);
	assert_int_equal(p.retry_after, THROTTLE_LOCK_S);
	s.ok = 1; /* checked before the lock was set: the commit still refuses */
	assert_int_equal(signin_commit(t.db, &t.app, now, NULL, &s, &p), 0);
	assert_int_equal(p.kind, ERR_THROTTLED);

	/* an unknown account is a wrong password */
	signin_start(&s, "khongai", 7, "192.0.2.11");
	assert_int_equal(signin_check(t.db, now, &s, right, strlen(right), &p), 0);
	assert_false(s.ok);
	testdb_close(&t);
}

/* --- passwords -------------------------------------------------------------------- */

static void test_password_change_ends_access(void **state)
{
	struct testdb t;
	open_store(&t);
	int64_t now = t.app.fake_now;
	struct actor me = testdb_actor(&t, "hotich1");
	char token[AUTH_TOKEN_LEN + 1], csrf[AUTH_TOKEN_LEN + 1], api[AUTH_TOKEN_LEN + 1];
	struct identity id;
	struct problem p = {0};
	open_session(&t, "hotich1", now, token, csrf);
	auth_token_new(api);
	assert_int_equal(
		staff_add_token(t.db, &me, now, "hotich1", api, "script", 30, NULL, NULL, &p), 0);
	assert_true(
		staff_password_matches(t.db, me.staff_id, DEMO_PASSWORD, strlen(DEMO_PASSWORD)));
	assert_false(staff_password_matches(t.db, me.staff_id, "sai", 3));

	struct throttle th;
	throttle_keys(&th, "hotich1", "192.0.2.20");
	char hash[AUTH_PWHASH_MAX];
	assert_int_equal(auth_password_hash("mat-khau-moi-2026", 17, hash), 0);

	/* a wrong current password: refused, counted, nothing ends */
	assert_int_equal(staff_change_password(t.db, &me, now, &th, 0, hash, &p), 0);
	assert_string_equal(p.code, "wrong_password");
	assert_string_equal(p.field, "current_password");
	assert_int_equal(session_identify_token(t.db, &t.app, now, token, &id, &p), 0);

	/* the right one: the new password holds, sessions and tokens end */
	assert_int_equal(staff_change_password(t.db, &me, now, &th, 1, hash, &p), 0);
	assert_null(p.code);
	assert_true(staff_password_matches(t.db, me.staff_id, "mat-khau-moi-2026", 17));
	assert_int_equal(session_identify_token(t.db, &t.app, now, token, &id, &p),
			 ERR_UNAUTHORIZED);
	assert_int_equal(token_identify(t.db, &t.app, now, api, &id, &p), ERR_UNAUTHORIZED);
	json_t *list = staff_tokens_json(t.db, "hotich1", now);
	assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0), "state")),
			    "revoked");
	json_decref(list);
	assert_int_equal(audited(&t, "staff.password", "hotich1"), 1);

	/* locked: refused without counting or changing anything */
	for (int i = 0; i < THROTTLE_ACCOUNT_MAX; i++)
		assert_int_equal(throttle_fail(t.db, &th, now), 0);
	assert_int_equal(staff_change_password(t.db, &me, now, &th, 1, hash, &p), 0);
	assert_int_equal(p.kind, ERR_THROTTLED);
	assert_int_equal(audited(&t, "staff.password", "hotich1"), 1);

	/* the operator's reset (CLI) of an unknown account */
	memset(&p, 0, sizeof p);
	assert_int_equal(staff_set_password(t.db, &me, now, "khongai", hash, &p), ERR_NOT_FOUND);
	testdb_close(&t);
}

/* --- API tokens -------------------------------------------------------------------- */

static void test_tokens(void **state)
{
	struct testdb t;
	open_store(&t);
	int64_t now = t.app.fake_now;
	struct actor me = testdb_actor(&t, "truongvp");
	char a[AUTH_TOKEN_LEN + 1], b[AUTH_TOKEN_LEN + 1];
	struct identity id;
	struct problem p = {0};
	long long ida = 0, idb = 0;
	int64_t expires = 0;
	int n;
	auth_token_new(a);
	auth_token_new(b);

	/* out of range, unknown account */
	assert_int_equal(staff_add_token(t.db, &me, now, "truongvp", a, "x", 0, NULL, NULL, &p),
			 ERR_VALIDATION);
	assert_int_equal(staff_add_token(t.db, &me, now, "truongvp", a, "x", TOKEN_DAYS_MAX + 1,
					 NULL, NULL, &p),
			 ERR_VALIDATION);
	assert_int_equal(staff_add_token(t.db, &me, now, "khongai", a, "x", 1, NULL, NULL, &p),
			 ERR_NOT_FOUND);

	assert_int_equal(
		staff_add_token(t.db, &me, now, "truongvp", a, "báo cáo", 1, &ida, &expires, &p),
		0);
	assert_int_equal(expires, now + DAY);
	assert_int_equal(staff_add_token(t.db, &me, now + 1, "truongvp", b, "sao lưu",
					 TOKEN_DAYS_DEFAULT, &idb, NULL, &p),
			 0);
	assert_true(idb > ida);
	assert_int_equal(audited(&t, "staff.token", "truongvp"), 2);

	/* the token is its holder, with their roles */
	assert_int_equal(token_identify(t.db, &t.app, now, a, &id, &p), 0);
	assert_string_equal(id.username, "truongvp");
	assert_true(id.via_token);
	assert_false(id.via_session);
	assert_true(id.roles & ROLE_HEAD);
	assert_string_equal(id.csrf, "");
	memset(&p, 0, sizeof p);
	assert_int_equal(token_identify(t.db, &t.app, now, "khong-phai-ma", &id, &p),
			 ERR_UNAUTHORIZED);
	assert_string_equal(p.code, "invalid_token");

	/* the list: newest first, never the secret */
	json_t *list = staff_tokens_json(t.db, "truongvp", now);
	assert_int_equal(json_array_size(list), 2);
	json_t *first = json_array_get(list, 0);
	assert_int_equal(json_integer_value(json_object_get(first, "id")), idb);
	assert_string_equal(json_string_value(json_object_get(first, "label")), "sao lưu");
	assert_string_equal(json_string_value(json_object_get(first, "state")), "active");
	assert_true(json_is_null(json_object_get(first, "last_used_at")));
	assert_null(json_object_get(first, "token"));
	assert_null(json_object_get(first, "token_hash"));
	json_decref(list);

	/* expiry: refused at expires_at, also from the cache; listed as expired */
	assert_int_equal(token_identify(t.db, &t.app, now + DAY - 1, a, &id, &p), 0);
	assert_int_equal(token_identify(t.db, &t.app, now + DAY, a, &id, &p), ERR_UNAUTHORIZED);
	list = staff_tokens_json(t.db, "truongvp", now + DAY);
	assert_string_equal(json_string_value(json_object_get(json_array_get(list, 1), "state")),
			    "expired");
	json_decref(list);

	/* revoke one: it stops at once; again, or another's id: 404 */
	assert_int_equal(token_identify(t.db, &t.app, now, b, &id, &p), 0);
	assert_int_equal(staff_revoke_tokens(t.db, &me, now, "truongvp", idb, &n, &p), 0);
	assert_int_equal(n, 1);
	assert_int_equal(token_identify(t.db, &t.app, now, b, &id, &p), ERR_UNAUTHORIZED);
	memset(&p, 0, sizeof p);
	assert_int_equal(staff_revoke_tokens(t.db, &me, now, "truongvp", idb, &n, &p),
			 ERR_NOT_FOUND);
	assert_string_equal(p.field, "id");
	memset(&p, 0, sizeof p);
	assert_int_equal(staff_revoke_tokens(t.db, &me, now, "truongkt", ida, &n, &p),
			 ERR_NOT_FOUND);
	assert_int_equal(staff_revoke_tokens(t.db, &me, now, "khongai", 0, &n, &p), ERR_NOT_FOUND);

	/* revoke all: the expired one is still live, so it counts */
	assert_int_equal(staff_revoke_tokens(t.db, &me, now, "truongvp", 0, &n, &p), 0);
	assert_int_equal(n, 1);
	assert_int_equal(staff_revoke_tokens(t.db, &me, now, "truongvp", 0, &n, &p), 0);
	assert_int_equal(n, 0);
	assert_int_equal(audited(&t, "staff.token_revoke", "truongvp"), 2);
	testdb_close(&t);
}

/* --- units ---------------------------------------------------------------------------- */

static void test_units(void **state)
{
	struct testdb t;
	open_store(&t);
	struct problem p = {0};
	json_t *units = units_json(t.db), *out = NULL;
	assert_true(json_array_size(units) > 0);
	json_decref(units);
	struct actor who = testdb_actor(&t, "tiepnhan1"); /* read in his agency's units */
	assert_int_equal(unit_staff_json(t.db, &who, "TNTKQ", NULL, &out, &p), 0);
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(out, "unit"), "code")), "TNTKQ");
	assert_true(json_array_size(json_object_get(out, "items")) >= 3);
	json_decref(out);
	assert_int_equal(unit_staff_json(t.db, &who, "KHONGCO", NULL, &out, &p), ERR_NOT_FOUND);
	assert_null(out);
	testdb_close(&t);
}

int main(void)
{
	if (auth_init() != 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_staff_create),
		cmocka_unit_test(test_staff_patch_self_grant),
		cmocka_unit_test(test_session_create_identify_expire),
		cmocka_unit_test(test_throttle),
		cmocka_unit_test(test_signin),
		cmocka_unit_test(test_password_change_ends_access),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_units),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
