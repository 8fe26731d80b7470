/* test_dossier_inbox.c — the staff inbox's statements (dossier_read_store.c)
 * on a real demo store (testdb.h) holding dossiers in every state: each
 * shape of filter (the open set, one status, the overdue set, one assignee,
 * with a field, a unit, an agency, a search, a page) gives exactly the
 * dossiers, order and count of the catch-all statement it replaces, and the
 * counts an officer expects; on SQLite each shape's plan reads an index, not
 * the whole dossier table (a scan of 1,000,000 dossiers took a second). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "app/dossier/dossier.h"
#include "app/dossier/dossier_store.h"
#include "testdb.h"

#define MARRIAGE "1.004873"
#define NDOSS 12

static int64_t at(int d, int h, int mi)
{
	return vn_instant(2026, 3, d, h, mi, 0);
}

struct fixture {
	struct testdb t;
	char codes[NDOSS][64];
	long long hotich; /* staff id of hotich1 */
	long long agency; /* the dossiers' agency */
};

static void mandatory_docs(struct db *db, struct intake *in)
{
	static const char sql[] = "SELECT d.id FROM procedure_document d JOIN procedure p"
				  " ON p.id = d.procedure_id WHERE p.code = $1"
				  " AND d.mandatory = 1 AND d.active = 1 ORDER BY d.position";
	struct db_stmt *st = db_prep(db, sql);
	db_bind_text(st, 1, in->procedure);
	while (db_step(st) == DB_ROW) {
		in->docs[in->ndocs].id = db_col_int(st, 0);
		in->docs[in->ndocs].count = 1;
		in->ndocs++;
	}
	db_done(st);
}

/* One counter intake as the handler and the writer do it; its code. */
static void take_in(struct testdb *t, int64_t now, const char *name, const char *fold, char *code,
		    size_t cap)
{
	struct intake *in = calloc(1, sizeof *in);
	in->ap = (struct applicant){.kind = "person",
				    .name = name,
				    .fold = fold,
				    .id_number = "048085001234",
				    .phone = "0905123456",
				    .address = "12 Trần Phú, phường Hội An"};
	in->procedure = MARRIAGE;
	in->channel = "counter";
	in->return_method = "counter";
	struct actor who = testdb_actor(t, "tiepnhan1");
	struct arena ar = ARENA_INIT;
	struct problem p = {0};
	assert_int_equal(dossier_intake_procedure(t->db, in, &ar, &p), 0);
	assert_int_equal(dossier_intake_guidance(t->db, in, &p), 0);
	mandatory_docs(t->db, in);
	assert_int_equal(dossier_intake_documents(t->db, in, &ar, &p), 0);
	assert_int_equal(dossier_intake_plan(&t->app, now, in, &p), 0);
	json_t *out = NULL;
	int m = 0;
	assert_int_equal(db_begin(t->db), DB_OK);
	assert_int_equal(dossier_intake(t->db, &t->app, &who, in->now, in, &p, &out, &m), 0);
	assert_int_equal(db_commit(t->db), DB_OK);
	snprintf(code, cap, "%s", json_string_value(json_object_get(out, "code")));
	json_decref(out);
	intake_free(in);
	free(in);
	arena_release(&ar);
}

/* Set a dossier's state as the actions would have left it. */
static void set_state(struct fixture *x, int i, const char *status, int64_t due, int64_t paused,
		      long long assignee)
{
	assert_int_equal(db_exec_vals(x->t.db,
				      "UPDATE dossier SET status = $1, due_at = $2, paused_at = $3,"
				      " assignee_id = $4 WHERE code = $5",
				      DB_ARGS(db_text(status), db_int(due),
					      paused ? db_int(paused) : db_null(),
					      assignee ? db_int(assignee) : db_null(),
					      db_text(x->codes[i]))),
			 DB_OK);
}

/* Twelve dossiers: 3 received on time, 4 overdue (processing, received,
 * supplement requested past the date, processing assigned to hotich1), a
 * supplement request on time, returned, refused, result ready, and one
 * processing on time assigned to hotich1. */
static int setup(void **state)
{
	struct fixture *x = calloc(1, sizeof *x);
	testdb_open(&x->t);
	for (int i = 0; i < NDOSS; i++)
		take_in(&x->t, at(2, 8, i), i == 4 ? "Trần Thị Lan" : "Nguyễn Văn Bình",
			i == 4 ? "tran thi lan" : "nguyen van binh", x->codes[i],
			sizeof x->codes[i]);
	x->hotich = testdb_actor(&x->t, "hotich1").staff_id;
	struct db_stmt *st = db_row(x->t.db, "SELECT agency_id FROM dossier WHERE code = $1",
				    DB_ARGS(db_text(x->codes[0])));
	assert_non_null(st);
	x->agency = db_col_int(st, 0);
	db_done(st);
	int64_t future = at(6, 17, 0), past = at(2, 10, 0);
	for (int i = 0; i < 3; i++)
		set_state(x, i, "received", future + i, 0, 0);
	set_state(x, 3, "processing", past, 0, 0);
	set_state(x, 4, "received", past + 60, 0, 0);
	set_state(x, 5, "supplement_requested", past, at(2, 11, 0), 0);
	set_state(x, 6, "supplement_requested", future, at(2, 11, 0), 0);
	set_state(x, 7, "returned", past, 0, 0);
	set_state(x, 8, "refused", past, 0, 0);
	set_state(x, 9, "result_ready", future, 0, 0);
	set_state(x, 10, "processing", future + 100, 0, x->hotich);
	set_state(x, 11, "processing", past - 60, 0, x->hotich);
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *x = *state;
	testdb_close(&x->t);
	free(x);
	return 0;
}

/* The page's codes ("a,b,…") and the count of one statement. */
static long long run(struct db *db, const char *page, const char *count,
		     const struct inbox_filter *f, char *codes, size_t cap)
{
#define VALS                                                                                       \
	DB_ARGS(db_text(f->status), db_int(f->assignee), db_text(f->field), db_text(f->q),         \
		db_text(f->fold ? f->fold : ""), db_int(f->overdue), db_int(f->now),               \
		db_int(f->limit), db_int(f->offset), db_int(f->unit_id), db_int(f->agency_id))
	struct db_stmt *st = db_query(db, page, VALS);
	size_t n = 0;
	codes[0] = '\0';
	while (db_step(st) == DB_ROW)
		n += (size_t)snprintf(codes + n, cap - n, "%s,", db_col_text(st, 0));
	db_done(st);
	st = db_query(db, count, VALS);
	assert_int_equal(db_step(st), DB_ROW);
	long long total = db_col_int(st, 0);
	db_done(st);
	return total;
#undef VALS
}

/* The catch-all statements the shapes replace (before D45), as the oracle. */
#define CATCH_ALL_WHERE                                                                            \
	" WHERE (CASE $1 WHEN 'all' THEN 1 = 1"                                                    \
	"  WHEN 'open' THEN d.status IN ('submitted', 'received', 'processing',"                   \
	"   'supplement_requested', 'result_ready') ELSE d.status = $1 END)"                       \
	" AND ($2 = 0 OR d.assignee_id = $2)"                                                      \
	" AND ($3 IS NULL OR f.code = $3)"                                                         \
	" AND ($4 IS NULL OR d.code LIKE $4 || '%' OR d.applicant_fold LIKE '%' || $5 || '%')"     \
	" AND ($6 = 0 OR (d.status IN ('received', 'processing') AND d.due_at < $7)"               \
	"  OR (d.status = 'supplement_requested' AND d.paused_at > d.due_at))"                     \
	" AND ($10 = 0 OR s.unit_id = $10)"                                                        \
	" AND ($11 = 0 OR d.agency_id = $11 OR d.received_agency_id = $11)"
static const char catch_all_page[] =
	"SELECT d.code FROM dossier d JOIN procedure p ON p.id = d.procedure_id"
	" JOIN field f ON f.id = p.field_id"
	" LEFT JOIN dossier_step s ON s.dossier_id = d.id AND s.position = d.current_step"
	" LEFT JOIN unit u ON u.id = s.unit_id" CATCH_ALL_WHERE
	" ORDER BY (d.status IN ('received', 'processing') AND d.due_at < $7) DESC,"
	" d.due_at IS NULL, d.due_at, d.submitted_at, d.id LIMIT $8 OFFSET $9";
static const char catch_all_count[] =
	"SELECT count(*) FROM dossier d JOIN procedure p ON p.id = d.procedure_id"
	" JOIN field f ON f.id = p.field_id"
	" LEFT JOIN dossier_step s ON s.dossier_id = d.id AND s.position = "
	"d.current_step" CATCH_ALL_WHERE;

/* The statement chosen for f against the catch-all; returns the count. */
static long long same_as_catch_all(struct fixture *x, const struct inbox_filter *f)
{
	char got[2048], want[2048];
	long long n =
		run(x->t.db, dstore_inbox_sql(f, 0), dstore_inbox_sql(f, 1), f, got, sizeof got);
	long long m = run(x->t.db, catch_all_page, catch_all_count, f, want, sizeof want);
	assert_string_equal(got, want);
	assert_int_equal(n, m);
	return n;
}

static void test_every_shape_answers_as_before(void **state)
{
	struct fixture *x = *state;
	long long unit = testdb_actor(&x->t, "tiepnhan1").unit_id;
	struct inbox_filter f = {.status = "open", .now = at(2, 12, 0), .limit = 50};
	struct {
		const char *status;
		int overdue, mine;
		long long expect;
	} cases[] = {
		{"open", 0, 0, 10},      {"open", 1, 0, 4},
		{"all", 0, 0, NDOSS},    {"all", 1, 0, 4},
		{"processing", 0, 0, 3}, {"processing", 1, 0, 2},
		{"received", 0, 0, 4},   {"supplement_requested", 1, 0, 1},
		{"returned", 0, 0, 1},   {"returned", 1, 0, 0},
		{"open", 0, 1, 2},       {"open", 1, 1, 1},
		{"all", 0, 1, 2},        {"processing", 0, 1, 2},
		{"returned", 0, 1, 0},   {"refused", 0, 0, 1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		f.status = cases[i].status;
		f.overdue = cases[i].overdue;
		f.assignee = cases[i].mine ? x->hotich : 0;
		f.agency_id = 0;
		f.q = f.fold = f.field = NULL;
		f.unit_id = 0;
		f.limit = 50;
		f.offset = 0;
		long long n = same_as_catch_all(x, &f);
		if (n != cases[i].expect)
			fail_msg("%s overdue=%d mine=%d: %lld, not %lld", f.status, f.overdue,
				 cases[i].mine, n, cases[i].expect);
		/* the same within the demo's home agency; none in another */
		f.agency_id = x->agency;
		assert_int_equal(same_as_catch_all(x, &f), cases[i].expect);
		f.agency_id = x->agency + 1;
		assert_int_equal(same_as_catch_all(x, &f), 0);
		f.agency_id = 0;
		/* a page of 2 from the third, with the count of all */
		f.limit = 2;
		f.offset = 2;
		assert_int_equal(same_as_catch_all(x, &f), cases[i].expect);
		f.limit = 50;
		f.offset = 0;
		/* a field, a unit, a search by code prefix and by name */
		f.field = "HT";
		assert_int_equal(same_as_catch_all(x, &f), cases[i].expect);
		f.field = "XD";
		assert_int_equal(same_as_catch_all(x, &f), 0);
		f.field = NULL;
		f.unit_id = unit;
		same_as_catch_all(x, &f);
		f.unit_id = 0;
		f.q = x->codes[4];
		f.fold = "";
		same_as_catch_all(x, &f);
		f.q = "tran thi";
		f.fold = "tran thi";
		same_as_catch_all(x, &f);
	}
	/* the overdue first, the most overdue first */
	char codes[2048], first[200];
	f = (struct inbox_filter){.status = "open", .now = at(2, 12, 0), .limit = 3};
	run(x->t.db, dstore_inbox_sql(&f, 0), dstore_inbox_sql(&f, 1), &f, codes, sizeof codes);
	snprintf(first, sizeof first, "%s,%s,%s,", x->codes[11], x->codes[3], x->codes[4]);
	assert_string_equal(codes, first);
}

/* On SQLite, no shape but "every dossier of every status" scans the
 * dossier table: each reads dossier_open or dossier_assignee. */
static void test_plans_read_an_index(void **state)
{
	struct fixture *x = *state;
	if (x->t.pg_name[0])
		skip(); /* PostgreSQL plans by its statistics: 9.5 ms at 1,000,000 */
	const char *status[] = {"all", "open", "processing", "returned"};
	int checked = 0;
	for (int s = 0; s < 4; s++)
		for (int overdue = 0; overdue < 2; overdue++)
			for (int mine = 0; mine < 2; mine++) {
				struct inbox_filter f = {.status = status[s],
							 .overdue = overdue,
							 .assignee = mine ? x->hotich : 0};
				if (!overdue && !mine && s == 0)
					continue; /* all of them: read all */
				for (int count = 0; count < 2; count++) {
					char sql[4096];
					snprintf(sql, sizeof sql, "EXPLAIN QUERY PLAN %s",
						 dstore_inbox_sql(&f, count));
					struct db_stmt *st = db_query(x->t.db, sql, 0, NULL);
					int index = 0;
					while (db_step(st) == DB_ROW) {
						const char *d = db_col_text(st, 3);
						if (strncmp(d, "SCAN d", 6) == 0 ||
						    strstr(d, "SCAN dossier"))
							fail_msg("%s overdue=%d mine=%d count=%d: "
								 "%s",
								 f.status, overdue, mine, count, d);
						if (strstr(d, "USING INDEX dossier_open") ||
						    strstr(d, "USING INDEX dossier_assignee"))
							index = 1;
					}
					db_done(st);
					assert_true(index);
					checked++;
				}
			}
	assert_int_equal(checked, 30);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_shape_answers_as_before, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_plans_read_an_index, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
