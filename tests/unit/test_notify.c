/* test_notify.c — the dossier notices: the Vietnamese subject and body of
 * each kind from a sample document (code, appointment as "HH:mm dd/mm/yyyy",
 * reason, items), nothing of the document that is not meant to be there,
 * cleaning of hostile values; and the outbox rows they queue on a real
 * SQLite file (no address → no row; a rolled-back transaction → no row). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/dossier/notify.h"
#include "core/problem.h"
#include "core/utf8.h"
#include "db/db.h"

#define CODE "000.01.40.H15-261127-0001"

static const char sample[] =
	"{\"code\":\"" CODE "\","
	"\"procedure\":{\"code\":\"1.001193\",\"name\":\"Đăng ký khai sinh\"},"
	"\"applicant\":{\"name\":\"Nguyễn Văn An\",\"email\":\"an.nguyen@Example.VN\","
	"\"id_number\":\"048090001234\",\"phone\":\"0912345678\",\"address\":\"12 Trần Phú\"},"
	"\"received_at\":\"2026-11-27T09:00:00+07:00\","
	"\"due_at\":\"2026-12-02T15:00:00+07:00\","
	"\"new_due_at\":\"2026-12-09T10:30:00+07:00\","
	"\"reason\":\"Thiếu bản sao Giấy chứng nhận kết hôn của cha mẹ\","
	"\"items\":[\"Bản sao Giấy chứng nhận kết hôn\",\"Tờ khai có chữ ký của người đi "
	"khai\"],"
	"\"return_method\":\"counter\","
	"\"centre\":{\"name\":\"Trung tâm Phục vụ hành chính công phường Hội An\","
	"\"address\":\"02 Trần Hưng Đạo, phường Hội An\",\"phone\":\"0235 3861 234\"},"
	"\"officer\":{\"name\":\"Trần Thị Lan\"},\"secret\":\"KHONG-DUOC-GUI\","
	"\"result\":\"Giấy khai sinh của cháu Lê Thị Bé\"}";

/* Values of the document that must never reach any notice. */
static const char *const never[] = {
	"an.nguyen",      "048090001234", "0912345678", "12 Trần Phú", "Trần Thị Lan",
	"KHONG-DUOC-GUI", "Lê Thị Bé",    "(null)",     "null",
};

static json_t *doc(void)
{
	json_error_t e;
	json_t *d = json_loads(sample, 0, &e);
	assert_non_null(d);
	return d;
}

static void assert_has(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("missing \"%s\" in:\n%s", needle, hay);
}

static void assert_lacks(const char *hay, const char *needle)
{
	if (strstr(hay, needle))
		fail_msg("unexpected \"%s\" in:\n%s", needle, hay);
}

/* Compose kind from d and run the checks every notice must pass. */
static struct notify_text compose_ok(const char *kind, json_t *d)
{
	struct notify_text t;
	assert_int_equal(notify_compose(kind, d, &t), 0);
	assert_non_null(t.subject);
	assert_non_null(t.body);
	assert_int_equal(utf8_validate(t.subject, strlen(t.subject), NULL), UTF8_OK);
	assert_int_equal(utf8_validate(t.body, strlen(t.body), NULL), UTF8_OK);
	assert_null(strpbrk(t.subject, "\r\n\t"));
	assert_null(strchr(t.body, '\r'));
	for (size_t i = 0; i < sizeof never / sizeof never[0]; i++) {
		assert_lacks(t.subject, never[i]);
		assert_lacks(t.body, never[i]);
	}
	assert_has(t.body, "Kính gửi Ông/Bà");
	assert_has(t.body, "Mã hồ sơ: " CODE);
	assert_has(t.body, "Trân trọng,\nTrung tâm Phục vụ hành chính công phường Hội An");
	/* the English line closes the mail */
	const char *last = strrchr(t.body, '\n');
	assert_non_null(last);
	assert_int_equal(last[1], '\0');
	const char *sep = strstr(t.body, "\n--\n");
	assert_non_null(sep);
	assert_ptr_equal(strchr(sep + 4, '\n'), last);
	return t;
}

static void received(void **state)
{
	(void)state;
	json_t *d = doc();
	struct notify_text t = compose_ok("received", d);
	assert_string_equal(t.subject,
			    "[Mã hồ sơ " CODE "] Giấy tiếp nhận hồ sơ và hẹn trả kết quả");
	assert_has(t.body, "Kính gửi Ông/Bà Nguyễn Văn An,\n");
	assert_has(t.body, "đã tiếp nhận hồ sơ của Ông/Bà và hẹn trả kết quả (Giấy tiếp nhận "
			   "hồ sơ và hẹn trả kết quả):\n");
	assert_has(t.body, "đề nghị Ông/Bà mang theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả");
	assert_has(t.body, "Trung tâm Phục vụ hành chính công phường Hội An đã tiếp nhận hồ sơ");
	assert_has(t.body, "- Thủ tục: Đăng ký khai sinh (mã 1.001193)\n");
	assert_has(t.body, "- Thời điểm tiếp nhận: 09:00 27/11/2026\n");
	assert_has(t.body, "- Hẹn trả kết quả: 15:00 02/12/2026\n");
	assert_has(t.body, "- Hình thức nhận kết quả: nhận trực tiếp tại Bộ phận Một cửa\n");
	assert_has(t.body, "/track/?code=" CODE "\n");
	assert_has(t.body, "điện thoại: 0235 3861 234");
	assert_has(t.body, "Your application " CODE
			   " has been received; the result is due at 15:00 02/12/2026.\n");
	/* not part of a receipt */
	assert_lacks(t.body, "Thiếu bản sao");
	assert_lacks(t.body, "Tờ khai có chữ ký");
	assert_lacks(t.body, "09/12/2026");
	notify_text_free(&t);
	json_decref(d);
}

static void supplement(void **state)
{
	(void)state;
	json_t *d = doc();
	struct notify_text t = compose_ok("supplement", d);
	assert_string_equal(t.subject,
			    "[Mã hồ sơ " CODE "] Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ");
	assert_has(t.body, "đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ sau (Phiếu yêu cầu bổ "
			   "sung, hoàn thiện hồ sơ):\n");
	assert_has(t.body, "Lý do: Thiếu bản sao Giấy chứng nhận kết hôn của cha mẹ\n");
	assert_has(t.body, "  1. Bản sao Giấy chứng nhận kết hôn\n");
	assert_has(t.body, "  2. Tờ khai có chữ ký của người đi khai\n");
	assert_lacks(t.body, "Hẹn trả kết quả");
	notify_text_free(&t);
	json_decref(d);
}

static void refused(void **state)
{
	(void)state;
	json_t *d = doc();
	struct notify_text t = compose_ok("refused", d);
	assert_string_equal(t.subject,
			    "[Mã hồ sơ " CODE "] Phiếu từ chối tiếp nhận giải quyết hồ sơ");
	assert_has(t.body, "không đủ điều kiện tiếp nhận, giải quyết (Phiếu từ chối tiếp nhận "
			   "giải quyết hồ sơ).\n");
	assert_has(t.body, "Lý do: Thiếu bản sao Giấy chứng nhận kết hôn của cha mẹ\n");
	assert_lacks(t.body, "Bản sao Giấy chứng nhận kết hôn\n"); /* no items */
	assert_lacks(t.body, "Hẹn trả kết quả");
	notify_text_free(&t);
	json_decref(d);
}

/* Mẫu 05 by e-mail, and the legal basis of a refusal or stop under its reason. */
static void withdrawn_and_legal_basis(void **state)
{
	(void)state;
	json_t *d = doc();
	json_object_set_new(d, "legal_basis", json_string("Điều 21 Nghị định 118/2025/NĐ-CP"));
	struct notify_text t = compose_ok("withdrawn", d);
	assert_string_equal(t.subject, "[Mã hồ sơ " CODE "] Thông báo dừng giải quyết hồ sơ");
	assert_has(t.body, "thông báo dừng giải quyết hồ sơ dưới đây theo yêu cầu của Ông/Bà "
			   "(Thông báo dừng giải quyết hồ sơ)");
	assert_has(t.body, "Lý do: Thiếu bản sao Giấy chứng nhận kết hôn của cha mẹ\n"
			   "Căn cứ: Điều 21 Nghị định 118/2025/NĐ-CP\n");
	assert_lacks(t.body, "Hẹn trả kết quả");
	notify_text_free(&t);
	t = compose_ok("refused", d);
	assert_has(t.body, "Căn cứ: Điều 21 Nghị định 118/2025/NĐ-CP\n");
	notify_text_free(&t);
	json_decref(d);
}

static void apology(void **state)
{
	(void)state;
	json_t *d = doc();
	struct notify_text t = compose_ok("apology", d);
	assert_string_equal(t.subject, "[Mã hồ sơ " CODE
				       "] Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết");
	assert_has(t.body, "thành thật xin lỗi Ông/Bà vì hồ sơ dưới đây chưa thể trả kết quả đúng "
			   "hẹn (Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết):\n");
	assert_has(t.body, "- Hẹn trả kết quả trước đây: 15:00 02/12/2026\n");
	assert_has(t.body, "xin hẹn lại thời gian trả kết quả: 10:30 09/12/2026.\n");
	assert_has(t.body, "Lý do: Thiếu bản sao");
	assert_has(t.body, "the new date for the result is 10:30 09/12/2026.\n");
	notify_text_free(&t);
	/* the store passes the new date as due_at too: no "before" line then */
	json_object_set_new(d, "due_at", json_string("2026-12-09T10:30:00+07:00"));
	t = compose_ok("apology", d);
	assert_lacks(t.body, "trước đây");
	assert_has(t.body, "xin hẹn lại thời gian trả kết quả: 10:30 09/12/2026.\n");
	notify_text_free(&t);
	json_decref(d);
}

static void result_ready(void **state)
{
	(void)state;
	json_t *d = doc();
	struct notify_text t = compose_ok("result_ready", d);
	assert_string_equal(t.subject, "[Mã hồ sơ " CODE "] Thông báo có kết quả giải quyết hồ sơ");
	assert_has(t.body, "đã có kết quả giải quyết");
	assert_has(t.body, "Đề nghị Ông/Bà đến Bộ phận Một cửa (02 Trần Hưng Đạo, phường Hội An)");
	assert_has(t.body, "(at the counter).\n");
	assert_lacks(t.body, "Lý do");
	notify_text_free(&t);
	json_object_set_new(d, "return_method", json_string("post"));
	t = compose_ok("result_ready", d);
	assert_has(t.body, "bưu chính công ích");
	assert_has(t.body, "(by post).\n");
	notify_text_free(&t);
	json_object_set_new(d, "return_method", json_string("online"));
	t = compose_ok("result_ready", d);
	assert_has(t.body, "Kết quả điện tử");
	assert_has(t.body, "(online).\n");
	notify_text_free(&t);
	json_decref(d);
}

/* An organisation: addressed by its name, then "Quý tổ chức", never "Ông/Bà". */
static void organisation(void **state)
{
	(void)state;
	static const char *const kinds[] = {"received", "supplement", "refused",
					    "apology",  "withdrawn",  "result_ready"};
	json_t *d = doc();
	json_t *ap = json_object_get(d, "applicant");
	json_object_set_new(ap, "kind", json_string("organization"));
	json_object_set_new(ap, "org_name", json_string("Công ty TNHH Phố Hội"));
	struct notify_text t;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		assert_int_equal(notify_compose(kinds[i], d, &t), 0);
		assert_has(t.body, "Kính gửi Công ty TNHH Phố Hội,\n");
		assert_has(t.body, "xin Quý tổ chức vui lòng liên hệ");
		assert_lacks(t.body, "Ông/Bà");
		assert_lacks(t.body, "Nguyễn Văn An");
		notify_text_free(&t);
	}
	assert_int_equal(notify_compose("received", d, &t), 0);
	assert_has(t.body, "đã tiếp nhận hồ sơ của Quý tổ chức");
	notify_text_free(&t);
	/* no organisation name: the representative's name, still "Quý tổ chức" */
	json_object_del(ap, "org_name");
	assert_int_equal(notify_compose("supplement", d, &t), 0);
	assert_has(t.body, "Kính gửi Nguyễn Văn An,\n");
	assert_has(t.body, "đề nghị Quý tổ chức bổ sung");
	notify_text_free(&t);
	json_decref(d);
}

static void minimal_and_hostile_documents(void **state)
{
	(void)state;
	static const char *const kinds[] = {"received", "supplement", "refused",
					    "apology",  "withdrawn",  "result_ready"};
	/* only the code: every kind still composes, with defaults, no "(null)" */
	json_t *d = json_pack("{s:s,s:n,s:{s:n},s:s}", "code", "X-1", "due_at", "procedure", "name",
			      "reason", "");
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		struct notify_text t;
		assert_int_equal(notify_compose(kinds[i], d, &t), 0);
		assert_has(t.body, "Kính gửi Ông/Bà,\n");
		assert_has(t.body, "Bộ phận Tiếp nhận và Trả kết quả");
		assert_lacks(t.body, "(null)");
		assert_lacks(t.body, "Lý do");
		assert_lacks(t.body, "Thủ tục");
		notify_text_free(&t);
	}
	json_decref(d);
	/* a code and a name that try to add header lines stay on their line */
	d = json_pack("{s:s,s:{s:s},s:s,s:s}", "code", "A1\r\nBcc: x@evil.example", "applicant",
		      "name", "An\nBcc: y@evil.example", "public_url", "https://dvc.example.vn/",
		      "due_at", "not a date");
	struct notify_text t;
	assert_int_equal(notify_compose("received", d, &t), 0);
	assert_null(strpbrk(t.subject, "\r\n"));
	assert_has(t.body, "Kính gửi Ông/Bà An Bcc: y@evil.example,\n");
	assert_has(t.body, "https://dvc.example.vn/track/?code=A1%20Bcc%3A%20x%40evil.example\n");
	assert_lacks(t.body, "Hẹn trả kết quả");
	notify_text_free(&t);
	json_decref(d);
	/* unknown kind, no code */
	d = json_pack("{s:s}", "code", "X-1");
	assert_int_equal(notify_compose("lost", d, &t), ERR_INTERNAL);
	json_decref(d);
	d = json_pack("{s:{s:s}}", "applicant", "email", "a@b.vn");
	assert_int_equal(notify_compose("received", d, &t), ERR_INTERNAL);
	json_decref(d);
}

/* --- the outbox rows ------------------------------------------------------ */

static char path[256];

static int setup(void **state)
{
	(void)state;
	snprintf(path, sizeof path, "/tmp/motcua-test-notify-%d.db", (int)getpid());
	unlink(path);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char p2[300];
	unlink(path);
	snprintf(p2, sizeof p2, "%s-wal", path);
	unlink(p2);
	snprintf(p2, sizeof p2, "%s-shm", path);
	unlink(p2);
	return 0;
}

static struct db *open_migrated(void)
{
	char err[256];
	struct db *db = NULL;
	assert_int_equal(db_open(path, DB_OPEN_CREATE, &db, err, sizeof err), 0);
	assert_true(db_migrate(db, err, sizeof err) >= 0);
	return db;
}

static int64_t count(struct db *db)
{
	static const char sql[] = "SELECT count(*) FROM outbox";
	struct db_stmt *st = db_prep(db, sql);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t n = db_col_int(st, 0);
	db_done(st);
	return n;
}

static void queue_in_transaction(void **state)
{
	(void)state;
	struct db *db = open_migrated();
	json_t *d = doc();

	/* rolled back with the change: no row */
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(notify_dossier(db, "received", d), 0);
	assert_int_equal(count(db), 1);
	assert_int_equal(db_rollback(db), DB_OK);
	assert_int_equal(count(db), 0);

	/* committed: one row, due now, address normalised */
	int64_t before = (int64_t)time(NULL);
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(notify_dossier(db, "received", d), 0);
	assert_int_equal(db_commit(db), DB_OK);
	static const char sql[] = "SELECT kind, dossier_code, to_addr, subject, body, attempts,"
				  " next_attempt_at, sent_at IS NULL, failed_at IS NULL, created_at"
				  " FROM outbox";
	struct db_stmt *st = db_prep(db, sql);
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 0), "dossier.received");
	assert_string_equal(db_col_text(st, 1), CODE);
	assert_string_equal(db_col_text(st, 2), "an.nguyen@example.vn");
	assert_string_equal(db_col_text(st, 3),
			    "[Mã hồ sơ " CODE "] Giấy tiếp nhận hồ sơ và hẹn trả kết quả");
	assert_has(db_col_text(st, 4), "15:00 02/12/2026");
	assert_int_equal(db_col_int(st, 5), 0);
	assert_true(db_col_int(st, 6) >= before && db_col_int(st, 6) <= (int64_t)time(NULL));
	assert_int_equal(db_col_int(st, 7), 1);
	assert_int_equal(db_col_int(st, 8), 1);
	assert_int_equal(db_col_int(st, 9), db_col_int(st, 6));
	db_done(st);

	/* no address, an empty one, an invalid one: nothing to send, no error */
	static const char *const bad[] = {NULL, "", "not-an-address", "a@b", "x y@z.vn"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *a = json_object_get(d, "applicant");
		if (bad[i])
			json_object_set_new(a, "email", json_string(bad[i]));
		else
			json_object_del(a, "email");
		assert_int_equal(db_begin(db), DB_OK);
		assert_int_equal(notify_dossier(db, "supplement", d), 0);
		assert_int_equal(db_commit(db), DB_OK);
	}
	assert_int_equal(count(db), 1);
	json_object_del(d, "applicant");
	assert_int_equal(notify_dossier(db, "refused", d), 0);
	assert_int_equal(count(db), 1);
	/* an unknown kind is the caller's bug: an error, so it rolls back */
	assert_int_equal(notify_dossier(db, "lost", d), ERR_INTERNAL);

	json_decref(d);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(received),
		cmocka_unit_test(supplement),
		cmocka_unit_test(refused),
		cmocka_unit_test(withdrawn_and_legal_basis),
		cmocka_unit_test(apology),
		cmocka_unit_test(result_ready),
		cmocka_unit_test(organisation),
		cmocka_unit_test(minimal_and_hostile_documents),
		cmocka_unit_test_setup_teardown(queue_in_transaction, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
