/*
 * cli_check.c — `motcua check`: is the store consistent?
 *
 * Three layers, each a list of problems:
 *   - the engine's own check of its files and foreign keys (db_check);
 *   - no orphan rows: a step, document, event, attachment or audit record
 *     of a dossier that is not there;
 *   - motcua's invariants of a dossier: one intake event and one intake
 *     audit record; its planned steps (numbered 1..n) exactly when it was
 *     received; its id the one its code gives (or an id from before ids
 *     were computed); codes unique, and each day's codes 1..N with N the
 *     day's stored sequence, so no number was handed out twice or lost.
 * Reads only; safe while the server runs (one read transaction). The
 * queries are in cli_store.c.
 */
#include "app/cli/cli_check.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli/cli.h"
#include "app/cli/cli_common.h"
#include "app/cli/cli_store.h"
#include "core/dossier.h"

/* The smallest id ds_row_id() gives: ids below were stored before ids were
 * computed from codes. */
#define COMPUTED_ID_MIN 10000000000001LL

struct report {
	json_t *problems;
};

static void add_problem(struct report *r, const char *check, const char *message, long long count,
			json_t *examples)
{
	json_t *p = json_pack("{s:s,s:s,s:I}", "check", check, "message", message, "count",
			      (json_int_t)count);
	if (p && examples)
		json_object_set(p, "examples", examples);
	if (p)
		json_array_append_new(r->problems, p);
}

static void engine_problem(void *arg, const char *what, const char *detail)
{
	add_problem(arg, what, detail, 1, NULL);
}

/* The rows of a dossier that is not there, counted (cli_db_orphans). */
static const struct {
	enum cli_orphan what;
	const char *message;
} orphan_rules[] = {
	{CLI_ORPHAN_STEPS, "steps of a dossier that is not there"},
	{CLI_ORPHAN_DOCUMENTS, "documents of a dossier that is not there"},
	{CLI_ORPHAN_EVENTS, "history events of a dossier that is not there"},
	{CLI_ORPHAN_ATTACHMENTS, "attachments of a dossier that is not there"},
	{CLI_ORPHAN_AUDIT, "audit records of a dossier that is not there"},
};

/* The dossiers that break a rule of the store, by their codes
 * (cli_db_dossiers_breaking). */
static const struct {
	enum cli_dossier_rule rule;
	const char *check, *message;
} dossier_rules[] = {
	{CLI_STEPS_MISSING, "dossier_steps", "received dossiers without their planned steps"},
	{CLI_STEPS_UNRECEIVED, "dossier_steps", "dossiers not received that have steps"},
	{CLI_STEPS_NUMBERING, "dossier_steps", "dossiers whose steps are not numbered 1..n"},
	{CLI_INTAKE_EVENT, "dossier_history",
	 "dossiers without exactly one intake event (receive or submit)"},
	{CLI_INTAKE_AUDIT, "dossier_audit", "dossiers without exactly one intake audit record"},
};

struct code_key {
	long long agency;
	int day;
	int64_t seq;
	size_t row; /* index into the codes array, for examples */
};

static int key_cmp(const void *a, const void *b)
{
	const struct code_key *x = a, *y = b;
	if (x->agency != y->agency)
		return x->agency < y->agency ? -1 : 1;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return 0;
}

/* The (agency, day) of k against (agency, day). */
static int pair_cmp(const struct code_key *k, long long agency, int day)
{
	if (k->agency != agency)
		return k->agency < agency ? -1 : 1;
	return k->day < day ? -1 : k->day > day ? 1 : 0;
}

struct problem_acc {
	long long n;
	json_t *examples;
};

static void acc_add(struct problem_acc *a, const char *example)
{
	if (!a->examples)
		a->examples = json_array();
	if (a->n++ < CHECK_EXAMPLES)
		json_array_append_new(a->examples, json_string(example));
}

static void acc_report(struct report *r, struct problem_acc *a, const char *check,
		       const char *message)
{
	if (a->n)
		add_problem(r, check, message, a->n, a->examples);
	json_decref(a->examples);
}

/* Ids, and each (agency, day)'s codes against its stored sequence. */
static long long codes_and_sequences(struct report *r, struct db *db)
{
	size_t cap = 1024, n = 0, ncodes = 0;
	struct code_key *keys = malloc(cap * sizeof *keys);
	json_t *codes = json_array(); /* the codes of the usual shape, by keys[].row */
	struct problem_acc bad_id = {0}, dup = {0}, gap = {0}, beyond = {0}, unseq = {0};
	long long total = 0;
	struct db_stmt *st = cli_db_dossiers(db);
	while (keys && db_step(st) == DB_ROW) {
		total++;
		long long id = db_col_int(st, CD_ID), agency = db_col_int(st, CD_AGENCY);
		const char *code = db_col_text(st, CD_CODE);
		size_t eid_len;
		int day;
		int64_t seq;
		if (ds_code_split(code, &eid_len, &day, &seq) != 0)
			continue; /* not a code of the usual shape: no sequence to check */
		int64_t rid = ds_row_id(agency, day, seq);
		if (id >= COMPUTED_ID_MIN && id != rid)
			acc_add(&bad_id, code);
		if (n == cap) {
			struct code_key *k = realloc(keys, 2 * cap * sizeof *keys);
			if (!k)
				break;
			keys = k;
			cap *= 2;
		}
		keys[n++] = (struct code_key){agency, day, seq, ncodes++};
		json_array_append_new(codes, json_string(code));
	}
	db_done(st);
	if (!keys) {
		json_decref(codes);
		return total;
	}
	qsort(keys, n, sizeof *keys, key_cmp);
	st = cli_db_seqs(db);
	int more = db_step(st) == DB_ROW;
	size_t i = 0;
	while (i < n || more) {
		long long sa = more ? db_col_int(st, CS_AGENCY) : 0;
		int sd = more ? (int)db_col_int(st, CS_DAY) : 0;
		long long last = more ? db_col_int(st, CS_LAST) : 0;
		int cmp = !more ? -1 : i == n ? 1 : pair_cmp(&keys[i], sa, sd);
		/* one (agency, day) group of codes: keys[i..j) */
		size_t j = i;
		if (cmp <= 0)
			while (j < n && keys[j].agency == keys[i].agency &&
			       keys[j].day == keys[i].day)
				j++;
		if (cmp < 0) { /* codes of a day without its stored sequence */
			acc_add(&unseq, json_string_value(json_array_get(codes, keys[i].row)));
		} else if (cmp > 0) { /* a sequence without any dossier */
			if (last > 0) {
				char what[64];
				snprintf(what, sizeof what, "agency %lld day %06d", sa, sd);
				acc_add(&gap, what);
			}
		} else {
			for (size_t k = i; k < j; k++) {
				const char *code =
					json_string_value(json_array_get(codes, keys[k].row));
				if (k > i && keys[k].seq == keys[k - 1].seq)
					acc_add(&dup, code);
				else if (keys[k].seq > last)
					acc_add(&beyond, code);
			}
			/* 1..last all present: as many distinct numbers as last, none above */
			int64_t distinct = 0;
			for (size_t k = i; k < j; k++)
				if (k == i || keys[k].seq != keys[k - 1].seq)
					distinct++;
			if (distinct < last) {
				char what[64];
				snprintf(what, sizeof what, "agency %lld day %06d", sa, sd);
				acc_add(&gap, what);
			}
		}
		if (cmp <= 0)
			i = j;
		if (cmp >= 0)
			more = db_step(st) == DB_ROW;
	}
	db_done(st);
	free(keys);
	json_decref(codes);
	acc_report(r, &bad_id, "dossier_id",
		   "dossiers stored under an id other than the one their code gives");
	acc_report(r, &dup, "code_unique", "codes handed out twice");
	acc_report(r, &beyond, "code_sequence", "codes numbered above their day's stored sequence");
	acc_report(r, &unseq, "code_sequence", "codes of a day that has no stored sequence");
	acc_report(r, &gap, "code_gap",
		   "days whose stored sequence handed out numbers no dossier carries");
	return total;
}

json_t *check_store(struct db *db)
{
	struct report r = {json_array()};
	if (!r.problems)
		return NULL;
	if (db_check(db, engine_problem, &r) < 0)
		add_problem(&r, "integrity", "the engine's own check could not run", 1, NULL);
	if (db_begin_read(db) != DB_OK) {
		add_problem(&r, "read", "the store cannot be read", 1, NULL);
		return json_pack("{s:b,s:I,s:o}", "ok", 0, "dossiers", (json_int_t)0, "problems",
				 r.problems);
	}
	for (size_t k = 0; k < sizeof orphan_rules / sizeof orphan_rules[0]; k++) {
		long long n = cli_db_orphans(db, orphan_rules[k].what);
		if (n)
			add_problem(&r, "orphan_rows", orphan_rules[k].message, n, NULL);
	}
	for (size_t k = 0; k < sizeof dossier_rules / sizeof dossier_rules[0]; k++) {
		json_t *ex = json_array();
		long long n =
			cli_db_dossiers_breaking(db, dossier_rules[k].rule, ex, CHECK_EXAMPLES);
		if (n)
			add_problem(&r, dossier_rules[k].check, dossier_rules[k].message, n, ex);
		json_decref(ex);
	}
	long long total = codes_and_sequences(&r, db);
	db_end_read(db);
	return json_pack("{s:b,s:I,s:o}", "ok", json_array_size(r.problems) == 0, "dossiers",
			 (json_int_t)total, "problems", r.problems);
}

static const char check_usage[] =
	"usage: motcua check [--db PATH]\n"
	"\n"
	"Checks that the database is consistent, reading only (safe while the server\n"
	"runs): the engine's own integrity and foreign-key check; no orphan rows (steps,\n"
	"documents, history, attachments or audit records of a missing dossier); every\n"
	"dossier with one intake event and one intake audit record, its planned steps\n"
	"(1..n) exactly when received, and the id its code gives; codes unique, each\n"
	"day's codes numbered 1..N with N the day's stored sequence.\n"
	"\n"
	"Prints one JSON document: {\"ok\":true,\"dossiers\":N,\"problems\":[]}; each\n"
	"problem is {\"check\",\"message\",\"count\",\"examples\"} (dossier codes, no\n"
	"personal data). Exit status: 0 consistent, 1 problems found (or the database\n"
	"cannot be opened), 2 bad usage. --db defaults to " DEFAULT_DB ".\n";

int cli_check(int argc, char **argv)
{
	const char *path = DEFAULT_DB;
	struct cli_opt opts[] = {CLI_VALUE("db", &path), CLI_END};
	int rc = cli_parse(argc, argv, opts, check_usage, NULL);
	if (rc)
		return cli_status(rc);
	struct db *db = cli_open_read(path, "motcua check", 1);
	if (!db)
		return 1;
	json_t *out = check_store(db);
	db_close(db);
	int ok = json_is_true(json_object_get(out, "ok"));
	rc = cli_print_json(out, "motcua check");
	return rc ? rc : ok ? 0 : 1;
}
