/*
 * dossier_store.c — all of the dossier domain's SQL text, as small
 * functions (dossier_store.h), so a second backend is one reviewable file.
 *
 * This file holds the writes' side — intake, the province model's lookups
 * and the nine actions; the reads (the views, the inbox, the history, the
 * notices) are dossier_read_store.c's. Every function is a statement or two
 * with its bindings and nothing else.
 *
 * Dialect: parameters are $n (SQLite takes them as named parameters,
 * PostgreSQL natively); new ids come from db_last_insert_id() or from the
 * code (ds_row_id); `INSERT … ON CONFLICT … DO UPDATE / DO NOTHING` is
 * standard in both engines. LIKE is used only on the dossier code's
 * beginning and on applicant_fold: codes are ASCII digits, dots, dashes and
 * capitals compared as typed, and applicant_fold is already folded to
 * lower-case ASCII (core/fold.h) with the search text folded the same way,
 * so SQLite's and PostgreSQL's differing case rules for LIKE never meet a
 * letter whose case differs.
 *
 * A statement that fails to prepare aborts (db_prep); a failed step or run
 * is returned as -1 for the service to turn into ERR_INTERNAL.
 *
 * Threading: each function runs on its caller's connection and thread; the
 * writes only inside the caller's write transaction.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "app/dossier/dossier_store.h"
#include "core/mem.h"
#include "core/vntime.h"

/* --- intake -------------------------------------------------------------- */

int dstore_procedure(struct db *db, struct intake *in)
{
	static const char sql[] =
		"SELECT p.id, p.name, p.limit_value, p.limit_unit, coalesce(p.agency_id, 0),"
		" p.cutoff, f.id, f.code FROM procedure p JOIN field f ON f.id = p.field_id"
		" WHERE p.code = $1 AND p.active = 1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_text(in->procedure)));
	if (!st)
		return 0;
	in->procedure_id = db_col_int(st, 0);
	snprintf(in->procedure_name, sizeof in->procedure_name, "%s", db_col_text(st, 1));
	in->limit_value = db_col_double(st, 2);
	snprintf(in->limit_unit, sizeof in->limit_unit, "%s", db_col_text(st, 3));
	in->agency_id = db_col_int(st, 4); /* the implementing agency, 0: none named */
	in->cutoff = db_col_int(st, 5) != 0;
	in->field = db_col_int(st, 6);
	snprintf(in->field_code, sizeof in->field_code, "%s", db_col_text(st, 7));
	db_done(st);
	return 1;
}

int dstore_variant(struct db *db, long long procedure_id, const char *code, double *value,
		   char *unit, size_t unit_cap, char *name, size_t name_cap)
{
	static const char sql[] = "SELECT limit_value, limit_unit, name FROM procedure_time_variant"
				  " WHERE procedure_id = $1 AND code = $2";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(procedure_id), db_text(code)));
	if (!st)
		return 0;
	*value = db_col_double(st, 0);
	snprintf(unit, unit_cap, "%s", db_col_text(st, 1));
	snprintf(name, name_cap, "%s", db_col_text(st, 2));
	db_done(st);
	return 1;
}

long long dstore_guidance_procedure(struct db *db, long long guidance_id)
{
	static const char sql[] = "SELECT procedure_id FROM guidance WHERE id = $1";
	return one_int(db_query(db, sql, DB_ARGS(db_int(guidance_id))), 0);
}

long long dstore_dossier_agency(struct db *db, long long dossier_id)
{
	static const char sql[] = "SELECT agency_id FROM dossier WHERE id = $1";
	return one_int(db_query(db, sql, DB_ARGS(db_int(dossier_id))), 0);
}

int dstore_next_book_entry(struct db *db, long long dossier_id, const char *volume,
			   long long *entry)
{
	/* the book of the centre that received the dossier (D30) */
	static const char sql_seq[] =
		"INSERT INTO book_seq (agency_id, volume, last)"
		" SELECT coalesce(received_agency_id, agency_id), $2, 1 FROM dossier WHERE id = $1"
		" ON CONFLICT (agency_id, volume) DO UPDATE SET last = book_seq.last + 1";
	static const char sql_last[] =
		"SELECT b.last FROM book_seq b JOIN dossier d"
		" ON b.agency_id = coalesce(d.received_agency_id, d.agency_id)"
		" WHERE d.id = $1 AND b.volume = $2";
	if (db_exec_later(db, sql_seq, DB_ARGS(db_int(dossier_id), db_text(volume))) != DB_OK)
		return -1;
	struct db_stmt *st = db_row(db, sql_last, DB_ARGS(db_int(dossier_id), db_text(volume)));
	if (!st)
		return -1;
	*entry = db_col_int(st, 0);
	db_done(st);
	return 0;
}

int dstore_next_numbers(struct db *db, long long agency_id, int day, const char *volume,
			long long *seq, long long *entry)
{
	static const char sql_seq[] =
		"INSERT INTO dossier_seq (agency_id, day, last) VALUES ($1, $2, 1)"
		" ON CONFLICT (agency_id, day) DO UPDATE SET last = dossier_seq.last + 1";
	static const char sql_book[] =
		"INSERT INTO book_seq (agency_id, volume, last) VALUES ($1, $2, 1)"
		" ON CONFLICT (agency_id, volume) DO UPDATE SET last = book_seq.last + 1";
	static const char sql_last[] =
		"SELECT (SELECT last FROM dossier_seq WHERE agency_id = $1 AND day = $2),"
		" (SELECT last FROM book_seq WHERE agency_id = $1 AND volume = $3)";
	if (db_exec_later(db, sql_seq, DB_ARGS(db_int(agency_id), db_int(day))) != DB_OK ||
	    db_exec_later(db, sql_book, DB_ARGS(db_int(agency_id), db_text(volume))) != DB_OK)
		return -1;
	struct db_stmt *st =
		db_row(db, sql_last, DB_ARGS(db_int(agency_id), db_int(day), db_text(volume)));
	if (!st)
		return -1;
	*seq = db_col_int(st, 0);
	*entry = db_col_int(st, 1);
	db_done(st);
	return *seq > 0 && *entry > 0 ? 0 : -1;
}

int dstore_set_book(struct db *db, long long id, const char *volume, long long entry)
{
	static const char sql[] =
		"UPDATE dossier SET book_volume = $2, book_entry = $3 WHERE id = $1";
	return ok(db_exec_later(db, sql, DB_ARGS(db_int(id), db_text(volume), db_int(entry))));
}

int dstore_dossier_field(struct db *db, long long id, char *code, size_t cap)
{
	static const char sql[] =
		"SELECT f.code FROM dossier d JOIN procedure p ON p.id = "
		"d.procedure_id JOIN field f ON f.id = p.field_id WHERE d.id = $1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(id)));
	if (!st)
		return 0;
	snprintf(code, cap, "%s", db_col_text(st, 0));
	db_done(st);
	return 1;
}

int dstore_dossier_limit(struct db *db, long long id, double *value, char *unit, size_t unit_cap,
			 int *cutoff)
{
	static const char sql[] =
		"SELECT limit_value, limit_unit, cutoff FROM dossier WHERE id = $1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(id)));
	if (!st)
		return 0;
	*value = db_col_double(st, 0);
	snprintf(unit, unit_cap, "%s", db_col_text(st, 1));
	*cutoff = db_col_int(st, 2) != 0;
	db_done(st);
	return 1;
}

long long dstore_home_agency(struct db *db)
{
	static const char sql[] = "SELECT id FROM agency WHERE is_home = 1 ORDER BY id LIMIT 1";
	return one_int(db_prep(db, sql), 0);
}

/* --- the province model ------------------------------------------------- */

long long dstore_agency_by_code(struct db *db, const char *code)
{
	static const char sql[] = "SELECT id FROM agency WHERE code = $1";
	return one_int(db_query(db, sql, DB_ARGS(db_text(code))), 0);
}

void dstore_agency_name(struct db *db, long long agency_id, char *name, size_t cap)
{
	static const char sql[] = "SELECT name FROM agency WHERE id = $1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(agency_id)));
	snprintf(name, cap, "%s", st ? db_col_text(st, 0) : "");
	db_done(st);
}

long long dstore_unit_agency(struct db *db, long long unit_id)
{
	static const char sql[] = "SELECT agency_id FROM unit WHERE id = $1";
	return one_int(db_query(db, sql, DB_ARGS(db_int(unit_id))), 0);
}

int dstore_agency_serves(struct db *db, long long own, long long recv)
{
	static const char sql[] =
		"SELECT count(*) FROM agency a JOIN agency o ON o.id = $1 WHERE a.id = $2"
		" AND (a.id = o.id OR (o.level = 'province' AND a.parent_id = o.id))";
	return one_int(db_query(db, sql, DB_ARGS(db_int(own), db_int(recv))), 0) > 0;
}

long long dstore_agency_counter(struct db *db, long long agency_id)
{
	static const char sql[] = "SELECT id FROM unit WHERE agency_id = $1 AND is_counter = 1"
				  " ORDER BY id LIMIT 1";
	return one_int(db_query(db, sql, DB_ARGS(db_int(agency_id))), 0);
}

int dstore_set_received_agency(struct db *db, long long dossier_id, long long agency_id)
{
	static const char sql[] = "UPDATE dossier SET received_agency_id = $2 WHERE id = $1";
	return ok(db_exec_later(db, sql, DB_ARGS(db_int(dossier_id), db_int(agency_id))));
}

int dstore_in_scope(struct db *db, const char *code, long long agency_id)
{
	static const char sql[] = "SELECT 1 FROM dossier WHERE code = $1"
				  " AND (agency_id = $2 OR received_agency_id = $2)";
	return (int)one_int(db_query(db, sql, DB_ARGS(db_text(code), db_int(agency_id))), 0);
}

struct db_stmt *dstore_dossier_agencies(struct db *db, long long dossier_id)
{
	static const char sql[] =
		"SELECT a.code, a.name, a.eid, a.centre_name, a.address, a.phone,"
		" r.code, r.name, r.eid, r.centre_name, r.address, r.phone"
		" FROM dossier d JOIN agency a ON a.id = d.agency_id"
		" LEFT JOIN agency r ON r.id = coalesce(d.received_agency_id, d.agency_id)"
		" WHERE d.id = $1";
	return db_row(db, sql, DB_ARGS(db_int(dossier_id)));
}

struct db_stmt *dstore_procedure_steps(struct db *db, long long procedure_id, long long agency_id)
{
	static const char sql[] =
		"SELECT s.name, coalesce(m.id, 0), s.share, s.may_complete, u.code"
		" FROM procedure_step s JOIN unit u ON u.id = s.unit_id"
		" LEFT JOIN unit m ON m.agency_id = $2 AND m.code = u.code"
		" WHERE s.procedure_id = $1 ORDER BY s.position";
	return db_query(db, sql, DB_ARGS(db_int(procedure_id), db_int(agency_id)));
}

int dstore_procedure_implements(struct db *db, long long procedure_id, long long agency_id)
{
	static const char sql[] =
		"SELECT 1 FROM procedure p WHERE p.id = $1 AND (p.agency_id = $2 OR EXISTS"
		" (SELECT 1 FROM procedure_agency pa WHERE pa.procedure_id = p.id"
		" AND pa.agency_id = $2))";
	return (int)one_int(db_query(db, sql, DB_ARGS(db_int(procedure_id), db_int(agency_id))), 0);
}

struct db_stmt *dstore_procedure_documents(struct db *db, long long procedure_id)
{
	static const char sql[] = "SELECT id, name, mandatory FROM procedure_document"
				  " WHERE procedure_id = $1 AND active = 1 ORDER BY position";
	return db_query(db, sql, DB_ARGS(db_int(procedure_id)));
}

int dstore_procedure_limit(struct db *db, long long procedure_id, double *value, char *unit,
			   size_t unit_cap)
{
	static const char sql[] = "SELECT limit_value, limit_unit FROM procedure WHERE id = $1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(procedure_id)));
	if (!st)
		return 0;
	*value = db_col_double(st, 0);
	snprintf(unit, unit_cap, "%s", db_col_text(st, 1));
	db_done(st);
	return 1;
}

void dstore_agency_eid(struct db *db, long long agency_id, char *eid, size_t cap,
		       char centre[3][320])
{
	static const char sql[] =
		"SELECT eid, code, centre_name, address, phone FROM agency WHERE id = $1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(agency_id)));
	eid[0] = '\0';
	if (st) {
		snprintf(eid, cap, "%s",
			 db_col_text(st, 0)[0] ? db_col_text(st, 0) : db_col_text(st, 1));
		for (int k = 0; centre && k < 3; k++)
			snprintf(centre[k], 320, "%s", db_col_text(st, 2 + k));
	}
	db_done(st);
}

int dstore_next_seq(struct db *db, long long agency_id, int day, long long *seq)
{
	static const char sql_seq[] =
		"INSERT INTO dossier_seq (agency_id, day, last) VALUES ($1, $2, 1)"
		" ON CONFLICT (agency_id, day) DO UPDATE SET last = dossier_seq.last + 1";
	static const char sql_last[] =
		"SELECT last FROM dossier_seq WHERE agency_id = $1 AND day = $2";
	if (db_exec_later(db, sql_seq, DB_ARGS(db_int(agency_id), db_int(day))) != DB_OK)
		return -1;
	struct db_stmt *st = db_row(db, sql_last, DB_ARGS(db_int(agency_id), db_int(day)));
	if (!st)
		return -1;
	*seq = db_col_int(st, 0);
	db_done(st);
	return 0;
}

int dstore_insert_dossier(struct db *db, const struct intake *in, int64_t now, long long actor_id,
			  long long *id)
{
	static const char sql[] =
		"INSERT INTO dossier (id, code, procedure_id, agency_id, status, channel, "
		"return_method,"
		" applicant_kind, applicant_name, applicant_fold, applicant_id, applicant_phone,"
		" applicant_email, applicant_address, org_name, tax_code, limit_value, limit_unit,"
		" submitted_at, created_at, updated_at, received_at, clock_start, due_at,"
		" original_due_at, current_step, assignee_id, received_by, limit_variant,"
		" limit_variant_name, cutoff, agent_name, agent_id, agent_address, agent_phone,"
		" agent_email, agent_document, guidance_id, received_agency_id, book_volume,"
		" book_entry) VALUES ($25, $1, $2, $3, $4, $5,"
		" $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19, $20, $21,"
		" $22, $22, $23, $24, $24, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35, $36,"
		" $37, $38)";
	const struct agent *ag = in->has_agent ? &in->agent : NULL;
	const struct applicant *ap = &in->ap;
	/* received at once (at the counter): the clock runs, step 1 is open */
	const int rcv = !in->online;
	const struct db_val v[] = {
		db_text(in->code),
		db_int(in->procedure_id),
		db_int(in->agency_id),
		db_text(in->online ? "submitted" : "received"),
		db_text(in->channel),
		db_text(in->return_method),
		db_text(ap->kind),
		db_text(ap->name),
		db_text(ap->fold),
		db_text(ap->id_number ? ap->id_number : ""),
		db_text(ap->phone ? ap->phone : ""),
		db_text(ap->email ? ap->email : ""),
		db_text(ap->address ? ap->address : ""),
		db_text(ap->org_name ? ap->org_name : ""),
		db_text(ap->tax_code ? ap->tax_code : ""),
		db_real(in->limit_value),
		db_text(in->limit_unit),
		in->online ? db_int(now) : db_null(),
		db_int(now),
		rcv ? db_int(now) : db_null(),
		rcv ? db_int(in->plan.start) : db_null(),
		rcv ? db_int(in->plan.due) : db_null(),
		rcv ? db_int(1) : db_null(),
		rcv ? db_int(actor_id) : db_null(),
		int_or_null(in->row_id), /* stored in code order (core/dossier.h) */
		in->variant ? db_text(in->variant) : db_null(),
		in->variant ? db_text(in->variant_name) : db_null(),
		db_int(in->cutoff),
		ag ? db_text(ag->name) : db_null(),
		ag ? db_text(ag->id_number) : db_null(),
		ag && ag->address ? db_text(ag->address) : db_null(),
		ag && ag->phone ? db_text(ag->phone) : db_null(),
		ag && ag->email ? db_text(ag->email) : db_null(),
		ag ? db_text(ag->document) : db_null(),
		int_or_null(in->guidance_id),
		int_or_null(in->received_agency_id),
		in->book_entry ? db_text(in->book_volume) : db_null(),
		int_or_null(in->book_entry),
	};
	if (db_exec_later(db, sql, sizeof v / sizeof v[0], v) != DB_OK)
		return -1;
	*id = in->row_id ? in->row_id : db_last_insert_id(db);
	return 0;
}

/* "INSERT … SELECT … FROM (VALUES ($2, $3, $4), …) v JOIN procedure_document"
 * for 1..DOSSIER_MAX_DOCS documents, built once (db_prep keys statements by
 * the SQL's address). VALUES' columns are column1… on both stores. */
static const char *docs_sql[DOSSIER_MAX_DOCS + 1];
static const char *steps_sql[DOSSIER_MAX_STEPS + 1];
static pthread_once_t multi_once = PTHREAD_ONCE_INIT;

/* A growing SQL text (the statements above, built once). */
struct sqlb {
	char *s;
	size_t len;
};
static void sqlb_add(struct sqlb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sqlb_add(struct sqlb *b, const char *fmt, ...)
{
	char part[160];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(part, sizeof part, fmt, ap);
	va_end(ap);
	b->s = xrealloc(b->s, b->len + (size_t)n + 1);
	memcpy(b->s + b->len, part, (size_t)n + 1);
	b->len += (size_t)n;
}

static void build_multi(void)
{
	for (int n = 1; n <= DOSSIER_MAX_DOCS; n++) {
		struct sqlb b = {0};
		sqlb_add(&b, "%s",
			 "INSERT INTO dossier_document (dossier_id, document_id, form, count)"
			 " SELECT $1, d.id, coalesce(v.column2, d.form), v.column3 FROM (VALUES");
		for (int k = 0; k < n; k++)
			sqlb_add(&b, "%s ($%d, $%d, $%d)", k ? "," : "", 2 + 3 * k, 3 + 3 * k,
				 4 + 3 * k);
		sqlb_add(&b, "%s", ") v JOIN procedure_document d ON d.id = v.column1");
		docs_sql[n] = b.s;
	}
	for (int n = 1; n <= DOSSIER_MAX_STEPS; n++) {
		struct sqlb b = {0};
		/* $1 the dossier, $2 and $3 the first step's start and handler */
		sqlb_add(&b, "%s",
			 "INSERT INTO dossier_step (dossier_id, position, name, unit_id, due_at,"
			 " started_at, handler_id, may_complete) VALUES");
		for (int k = 0; k < n; k++) {
			int p = 4 + 5 * k;
			if (k == 0)
				sqlb_add(&b, " ($1, $%d, $%d, $%d, $%d, $2, $3, $%d)", p, p + 1,
					 p + 2, p + 3, p + 4);
			else
				sqlb_add(&b, ", ($1, $%d, $%d, $%d, $%d, NULL, NULL, $%d)", p,
					 p + 1, p + 2, p + 3, p + 4);
		}
		steps_sql[n] = b.s;
	}
}

int dstore_insert_documents(struct db *db, long long dossier_id, int n, const struct intake_doc *d)
{
	if (n <= 0)
		return 0;
	if (n > DOSSIER_MAX_DOCS)
		return -1;
	pthread_once(&multi_once, build_multi);
	struct db_val v[1 + 3 * DOSSIER_MAX_DOCS];
	v[0] = db_int(dossier_id);
	for (int k = 0; k < n; k++) {
		v[1 + 3 * k] = db_int(d[k].id);
		v[2 + 3 * k] = db_text(d[k].form);
		v[3 + 3 * k] = db_int(d[k].count);
	}
	return ok(db_exec_later(db, docs_sql[n], 1 + 3 * (size_t)n, v));
}

int dstore_insert_steps(struct db *db, long long dossier_id, int n, char *const *names,
			const long long *units, const unsigned char *may_complete,
			const struct clock_plan *plan, int64_t received, long long actor_id)
{
	if (n <= 0)
		return 0;
	if (n > DOSSIER_MAX_STEPS)
		return -1;
	pthread_once(&multi_once, build_multi);
	/* the first step starts at once, with the officer who received */
	struct db_val v[3 + 5 * DOSSIER_MAX_STEPS];
	v[0] = db_int(dossier_id);
	v[1] = db_int(received);
	v[2] = db_int(actor_id);
	for (int k = 0; k < n; k++) {
		v[3 + 5 * k] = db_int(k + 1);
		v[4 + 5 * k] = db_text(names[k]);
		v[5 + 5 * k] = db_int(units[k]);
		v[6 + 5 * k] = db_int(plan->step_due[k]);
		v[7 + 5 * k] = db_int(may_complete[k]);
	}
	return ok(db_exec_later(db, steps_sql[n], 3 + 5 * (size_t)n, v));
}

int dstore_insert_file(struct db *db, long long dossier_id, const struct intake_file *f,
		       int64_t now)
{
	static const char sql_file[] = "INSERT INTO attachment (sha256, mime, size, data, "
				       "created_at) VALUES ($1, $2, $3, $4, $5)"
				       " ON CONFLICT (sha256) DO NOTHING";
	static const char sql_link[] =
		"INSERT INTO dossier_attachment (dossier_id, sha256, name, document_id)"
		" VALUES ($1, $2, $3, $4) ON CONFLICT (dossier_id, sha256) DO NOTHING";
	struct db_stmt *st = db_prep(db, sql_file);
	db_bind_text(st, 1, f->sha256);
	db_bind_text(st, 2, f->mime);
	db_bind_int(st, 3, (int64_t)f->len);
	db_bind_blob(st, 4, f->data, f->len);
	db_bind_int(st, 5, now);
	if (db_run(st) != DB_OK)
		return -1;
	return ok(db_exec_vals(db, sql_link,
			       DB_ARGS(db_int(dossier_id), db_text(f->sha256), db_text(f->name),
				       int_or_null(f->document_id))));
}

int dstore_set_plan(struct db *db, long long id, int64_t received, const struct clock_plan *plan,
		    long long actor_id, double limit_value, const char *limit_unit)
{
	static const char sql[] =
		"UPDATE dossier SET received_at = $2, clock_start = $3, due_at = $4,"
		" original_due_at = $4, current_step = 1, assignee_id = $5, received_by = $5,"
		" limit_value = $6, limit_unit = $7 WHERE id = $1";
	return ok(db_exec_vals(db, sql,
			       DB_ARGS(db_int(id), db_int(received), db_int(plan->start),
				       db_int(plan->due), db_int(actor_id), db_real(limit_value),
				       db_text(limit_unit))));
}

int dstore_event(struct db *db, long long dossier_id, int64_t at, const char *action,
		 long long actor_id, const char *from_status, const char *to_status, int from_step,
		 int to_step, long long to_staff, const char *outcome, const char *note)
{
	static const char sql[] = "INSERT INTO dossier_event (dossier_id, at, action, actor_id, "
				  "from_status, to_status,"
				  " from_step, to_step, to_staff_id, outcome, note)"
				  " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
	return ok(db_exec_later(db, sql,
				DB_ARGS(db_int(dossier_id), db_int(at), db_text(action),
					int_or_null(actor_id), db_text(from_status),
					db_text(to_status), int_or_null(from_step),
					int_or_null(to_step), int_or_null(to_staff),
					db_text(outcome), db_text(note))));
}

/* --- actions ------------------------------------------------------------- */

int dstore_load(struct db *db, const char *code, struct drow *d)
{
	static const char sql[] =
		"SELECT id, procedure_id, coalesce(assignee_id, 0), version, status,"
		" coalesce(paused_from, ''), coalesce(current_step, 0), supplement_count, "
		"apology_count,"
		" coalesce(due_at, 0), coalesce(paused_at, 0), coalesce(received_at, 0),"
		" applicant_email <> '', agency_id FROM dossier WHERE code = $1";
	static const char sql_steps[] = "SELECT count(*) FROM dossier_step WHERE dossier_id = $1";
	static const char sql_cur[] =
		"SELECT unit_id, due_at, finished_at IS NULL, may_complete FROM dossier_step"
		" WHERE dossier_id = $1 AND position = $2";
	static const char sql_counter[] =
		"SELECT unit_id FROM dossier_step WHERE dossier_id = $1 AND position = 1";
	memset(d, 0, sizeof *d);
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_text(code)));
	if (!st)
		return 0;
	d->id = db_col_int(st, 0);
	d->procedure_id = db_col_int(st, 1);
	d->assignee = db_col_int(st, 2);
	d->version = db_col_int(st, 3);
	d->status = (enum ds_status)ds_status_parse(db_col_text(st, 4));
	int pf = ds_status_parse(db_col_text(st, 5));
	d->paused_from = pf < 0 ? DS_RECEIVED : (enum ds_status)pf;
	d->step = (int)db_col_int(st, 6);
	d->supplement_count = (int)db_col_int(st, 7);
	d->apology_count = (int)db_col_int(st, 8);
	d->due = db_col_int(st, 9);
	d->paused_at = db_col_int(st, 10);
	d->received_at = db_col_int(st, 11);
	d->email_present = (char)db_col_int(st, 12);
	d->agency_id = db_col_int(st, 13);
	snprintf(d->code, sizeof d->code, "%s", code);
	db_done(st);
	d->nsteps = (int)one_int(db_query(db, sql_steps, DB_ARGS(db_int(d->id))), 0);
	if (d->step && (st = db_row(db, sql_cur, DB_ARGS(db_int(d->id), db_int(d->step))))) {
		d->step_unit = db_col_int(st, 0);
		d->step_due = db_col_int(st, 1);
		d->step_open = (int)db_col_int(st, 2);
		d->may_complete = (int)db_col_int(st, 3);
		db_done(st);
	}
	if (d->nsteps) {
		d->counter_unit = one_int(db_query(db, sql_counter, DB_ARGS(db_int(d->id))), 0);
	} else {
		d->counter_unit = dstore_counter_plan(db, d->id);
	}
	return 1;
}

int dstore_finish_step(struct db *db, long long id, int pos, int64_t now, long long handler,
		       const char *outcome)
{
	static const char sql[] =
		"UPDATE dossier_step SET finished_at = $3, outcome = $4,"
		" handler_id = coalesce(handler_id, $5) WHERE dossier_id = $1 AND position = $2"
		" AND finished_at IS NULL";
	return ok(db_exec_vals(db, sql,
			       DB_ARGS(db_int(id), db_int(pos), db_int(now), db_text(outcome),
				       int_or_null(handler))));
}

int dstore_start_step(struct db *db, long long id, int pos, int64_t now, long long handler)
{
	static const char sql[] =
		"UPDATE dossier_step SET started_at = $3, finished_at = NULL, outcome = NULL,"
		" handler_id = $4 WHERE dossier_id = $1 AND position = $2";
	return ok(db_exec_vals(
		db, sql, DB_ARGS(db_int(id), db_int(pos), db_int(now), int_or_null(handler))));
}

int dstore_reset_step(struct db *db, long long id, int pos)
{
	static const char sql[] =
		"UPDATE dossier_step SET started_at = NULL, finished_at = NULL, outcome = "
		"NULL,"
		" handler_id = NULL WHERE dossier_id = $1 AND position = $2";
	return ok(db_exec_vals(db, sql, DB_ARGS(db_int(id), db_int(pos))));
}

long long dstore_step_handler(struct db *db, long long id, int pos)
{
	static const char sql[] = "SELECT coalesce(handler_id, 0) FROM dossier_step"
				  " WHERE dossier_id = $1 AND position = $2";
	return one_int(db_query(db, sql, DB_ARGS(db_int(id), db_int(pos))), 0);
}

long long dstore_step_unit(struct db *db, long long id, int pos, int64_t *due)
{
	static const char sql[] =
		"SELECT unit_id, due_at FROM dossier_step WHERE dossier_id = $1 AND position = $2";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(id), db_int(pos)));
	if (!st)
		return 0;
	long long u = db_col_int(st, 0);
	if (due)
		*due = db_col_int(st, 1);
	db_done(st);
	return u;
}

int dstore_open_steps(struct db *db, long long id, int *pos, int64_t *due, int max)
{
	static const char sql[] =
		"SELECT position, due_at FROM dossier_step"
		" WHERE dossier_id = $1 AND finished_at IS NULL ORDER BY position";
	int n = 0;
	struct db_stmt *st = db_query(db, sql, DB_ARGS(db_int(id)));
	while (db_step(st) == DB_ROW && n < max) {
		pos[n] = (int)db_col_int(st, 0);
		due[n++] = db_col_int(st, 1);
	}
	db_done(st);
	return n;
}

int dstore_set_step_due(struct db *db, long long id, int pos, int64_t due)
{
	static const char sql[] =
		"UPDATE dossier_step SET due_at = $3 WHERE dossier_id = $1 AND position = $2";
	return ok(db_exec_vals(db, sql, DB_ARGS(db_int(id), db_int(pos), db_int(due))));
}

int dstore_set_last_step_due(struct db *db, long long id, int64_t due)
{
	static const char sql[] =
		"UPDATE dossier_step SET due_at = $2 WHERE dossier_id = $1 AND position ="
		" (SELECT max(position) FROM dossier_step WHERE dossier_id = $1)";
	return ok(db_exec_vals(db, sql, DB_ARGS(db_int(id), db_int(due))));
}

int dstore_skip_steps(struct db *db, long long id, int after, int before, int64_t now)
{
	static const char sql[] = "UPDATE dossier_step SET outcome = 'skipped', finished_at = $3"
				  " WHERE dossier_id = $1 AND position > $2 AND position < $4 AND "
				  "finished_at IS NULL";
	return ok(db_exec_vals(db, sql,
			       DB_ARGS(db_int(id), db_int(after), db_int(now), db_int(before))));
}

long long dstore_default_officer(struct db *db, long long unit_id)
{
	static const char sql[] =
		"SELECT s.id FROM staff s WHERE s.unit_id = $1 AND s.active = 1"
		" AND EXISTS (SELECT 1 FROM staff_role r WHERE r.staff_id = s.id"
		" AND r.role IN ('reception', 'specialist', 'head', 'leader'))"
		" ORDER BY (SELECT count(*) FROM dossier d WHERE d.assignee_id = s.id"
		" AND d.status IN ('received', 'processing', 'supplement_requested')),"
		" EXISTS (SELECT 1 FROM staff_role r WHERE r.staff_id = s.id AND r.role = 'head'), "
		"s.id"
		" LIMIT 1";
	return one_int(db_query(db, sql, DB_ARGS(db_int(unit_id))), 0);
}

int dstore_officer(struct db *db, const char *username, long long *id, long long *unit)
{
	static const char sql[] = "SELECT s.id, coalesce(s.unit_id, 0) FROM staff s"
				  " WHERE s.username = $1 AND s.active = 1"
				  " AND EXISTS (SELECT 1 FROM staff_role r WHERE r.staff_id = s.id"
				  " AND r.role IN ('reception', 'specialist', 'head', 'leader'))";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_text(username)));
	if (!st)
		return 0;
	*id = db_col_int(st, 0);
	*unit = db_col_int(st, 1);
	db_done(st);
	return 1;
}

int dstore_request_supplement(struct db *db, long long id, int64_t now, int paused,
			      const char *from_status, const char *reason, const char *items)
{
	static const char sql[] =
		"UPDATE dossier SET paused_at = $2, paused_from = $3, supplement_count ="
		" supplement_count + 1, supplement_reason = $4, supplement_items = $5,"
		" supplement_at = $6 WHERE id = $1";
	return ok(db_exec_vals(db, sql,
			       DB_ARGS(db_int(id), paused ? db_int(now) : db_null(),
				       db_text(from_status), db_text(reason), db_text(items),
				       db_int(now))));
}

int dstore_supplemented(struct db *db, long long id, int64_t now, const char *note, int has_due,
			int64_t due, int64_t paused)
{
	static const char sql[] = "UPDATE dossier SET paused_at = NULL, paused_from = "
				  "NULL, supplemented_at = $2,"
				  " supplement_note = $3, due_at = $4, paused_total = "
				  "paused_total + $5 WHERE id = $1";
	return ok(db_exec_vals(db, sql,
			       DB_ARGS(db_int(id), db_int(now), db_text(note),
				       has_due ? db_int(due) : db_null(), db_int(paused))));
}

static int end_dossier(struct db *db, const char *sql, long long id, int64_t now,
		       const char *reason, const char *basis)
{
	return ok(db_exec_vals(db, sql,
			       DB_ARGS(db_int(id), db_int(now), db_text(reason),
				       basis ? db_text(basis) : db_null())));
}

int dstore_refused(struct db *db, long long id, int64_t now, const char *reason, const char *basis)
{
	static const char sql[] =
		"UPDATE dossier SET refused_at = $2, refuse_reason = $3, refuse_basis = $4,"
		" finished_at = $2, paused_at = NULL WHERE id = $1";
	return end_dossier(db, sql, id, now, reason, basis);
}

int dstore_withdrawn(struct db *db, long long id, int64_t now, const char *reason,
		     const char *basis)
{
	static const char sql[] = "UPDATE dossier SET withdrawn_at = $2, "
				  "withdraw_reason = $3, withdraw_basis = $4, finished_at = $2,"
				  " paused_at = NULL WHERE id = $1";
	return end_dossier(db, sql, id, now, reason, basis);
}

int dstore_set_result(struct db *db, long long id, int64_t now, const char *summary)
{
	static const char sql[] = "UPDATE dossier SET result_summary = $2, result_at = $3,"
				  " finished_at = $3 WHERE id = $1";
	return ok(db_exec_vals(db, sql, DB_ARGS(db_int(id), db_text(summary), db_int(now))));
}

int dstore_apologize(struct db *db, long long id, int64_t now, const char *reason, int early,
		     int64_t new_due)
{
	static const char sql[] = "UPDATE dossier SET apology_count = apology_count + 1,"
				  " apology_at = $2, apology_reason = $3, apology_early = $4,"
				  " apology_prev_due = due_at, due_at = $5 WHERE id = $1";
	return ok(db_exec_vals(
		db, sql,
		DB_ARGS(db_int(id), db_int(now), db_text(reason), db_int(early), db_int(new_due))));
}

int dstore_returned(struct db *db, long long id, int64_t now, const char *receiver,
		    const char *method)
{
	static const char sql[] = "UPDATE dossier SET returned_at = $2, returned_to = $3,"
				  " returned_method = $4 WHERE id = $1";
	return ok(db_exec_vals(
		db, sql, DB_ARGS(db_int(id), db_int(now), db_text(receiver), db_text(method))));
}

int dstore_set_state(struct db *db, long long id, const char *status, int step, long long assignee,
		     int64_t now)
{
	static const char sql[] =
		"UPDATE dossier SET status = $2, current_step = $3, assignee_id = $4,"
		" version = version + 1, updated_at = $5 WHERE id = $1";
	return ok(db_exec_vals(db, sql,
			       DB_ARGS(db_int(id), db_text(status), int_or_null(step),
				       int_or_null(assignee), db_int(now))));
}
