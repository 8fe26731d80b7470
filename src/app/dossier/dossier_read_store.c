/*
 * dossier_read_store.c — the dossier domain's SQL for reading (dossier_store.h):
 * the staff and public views and their columns, the steps, documents and
 * attachments, the history, the inbox and its count, the notices' data.
 * The writes are dossier_store.c's; the dialect notes there hold here too
 * (parameters $n, LIKE only on codes and folded names).
 *
 * Threading: each function runs on its caller's connection and thread.
 */
#include <stdio.h>
#include <string.h>

#include "app/dossier/dossier_store.h"
#include "core/vntime.h"

/* --- views --------------------------------------------------------------- */

struct db_stmt *dstore_staff(struct db *db, long long id)
{
	static const char sql[] = "SELECT username, full_name FROM staff WHERE id = $1";
	return db_row(db, sql, DB_ARGS(db_int(id)));
}

long long dstore_staff_id(struct db *db, const char *username)
{
	static const char sql[] = "SELECT id FROM staff WHERE username = $1";
	return one_int(db_query(db, sql, DB_ARGS(db_text(username))), -1);
}

long long dstore_agency_unit(struct db *db, long long agency_id, const char *code)
{
	static const char sql[] = "SELECT id FROM unit WHERE agency_id = $1 AND code = $2";
	return one_int(db_query(db, sql, DB_ARGS(db_int(agency_id), db_text(code))), -1);
}

long long dstore_home_unit(struct db *db, const char *code)
{
	static const char sql[] = "SELECT u.id FROM unit u JOIN agency a ON a.id = u.agency_id"
				  " WHERE u.code = $1 AND a.is_home = 1";
	return one_int(db_query(db, sql, DB_ARGS(db_text(code))), -1);
}

int dstore_step_facts(struct db *db, long long id, int pos, long long *unit, int *may_complete,
		      int64_t *due)
{
	static const char sql[] = "SELECT unit_id, may_complete, due_at FROM dossier_step"
				  " WHERE dossier_id = $1 AND position = $2";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(id), db_int(pos)));
	if (!st)
		return 0;
	*unit = db_col_int(st, 0);
	if (may_complete)
		*may_complete = (int)db_col_int(st, 1);
	if (due)
		*due = db_col_int(st, 2);
	db_done(st);
	return 1;
}

long long dstore_counter_plan(struct db *db, long long dossier_id)
{
	static const char sql[] = "SELECT m.id FROM dossier d JOIN procedure_step s ON "
				  "s.procedure_id = d.procedure_id"
				  " JOIN unit u ON u.id = s.unit_id"
				  " JOIN unit m ON m.agency_id = d.agency_id AND m.code = u.code"
				  " WHERE d.id = $1 ORDER BY s.position LIMIT 1";
	return one_int(db_query(db, sql, DB_ARGS(db_int(dossier_id))), 0);
}

int dstore_exists(struct db *db, const char *code)
{
	static const char sql[] = "SELECT 1 FROM dossier WHERE code = $1";
	return (int)one_int(db_query(db, sql, DB_ARGS(db_text(code))), 0);
}

/* Columns shared by the staff and public views. */
#define DOSSIER_COLS                                                                               \
	"d.id, d.code, d.status, p.code, p.name, f.code, f.name, d.limit_value, d.limit_unit,"     \
	" d.channel, d.return_method, d.submitted_at, d.received_at, d.clock_start, d.due_at,"     \
	" d.original_due_at, d.paused_at, d.supplement_count, d.supplement_reason,"                \
	" d.supplement_items, d.supplement_at, d.supplemented_at, d.apology_at, d.apology_reason," \
	" d.apology_early, d.refused_at, d.refuse_reason, d.withdrawn_at, d.withdraw_reason,"      \
	" d.result_summary, d.result_at, d.finished_at, d.returned_at, d.returned_to,"             \
	" d.returned_method, d.current_step, coalesce(d.assignee_id, 0),"                          \
	" coalesce(d.received_by, 0), d.version, d.applicant_kind, d.applicant_name,"              \
	" d.applicant_id, d.applicant_phone, d.applicant_email, d.applicant_address, d.org_name,"  \
	" d.tax_code, d.supplement_note, d.apology_count, d.paused_total, d.apology_prev_due,"     \
	" d.procedure_id, d.agency_id"

struct db_stmt *dstore_staff_row(struct db *db, const char *code)
{
	static const char sql[] = "SELECT " DOSSIER_COLS " FROM dossier d"
				  " JOIN procedure p ON p.id = d.procedure_id"
				  " JOIN field f ON f.id = p.field_id WHERE d.code = $1";
	return db_row(db, sql, DB_ARGS(db_text(code)));
}

struct db_stmt *dstore_staff_extra(struct db *db, long long id)
{
	/* the refusal's officer: the last refuse event's actor, with the status
	 * it was refused from (before receipt: submitted) */
	static const char sql[] =
		"SELECT d.limit_variant, d.limit_variant_name, d.cutoff, d.agent_name, d.agent_id,"
		" d.agent_address, d.agent_phone, d.agent_email, d.agent_document, d.book_volume,"
		" d.book_entry, d.refuse_basis, d.withdraw_basis, d.guidance_id, e.from_status,"
		" s.full_name, s.title, u.name"
		" FROM dossier d"
		" LEFT JOIN dossier_event e ON e.id = (SELECT max(x.id) FROM dossier_event x"
		"   WHERE x.dossier_id = d.id AND x.action = 'refuse')"
		" LEFT JOIN staff s ON s.id = e.actor_id"
		" LEFT JOIN unit u ON u.id = s.unit_id WHERE d.id = $1";
	return db_row(db, sql, DB_ARGS(db_int(id)));
}

struct db_stmt *dstore_steps(struct db *db, long long id)
{
	static const char sql[] =
		"SELECT s.position, s.name, u.code, u.name, s.due_at, s.started_at, s.finished_at,"
		" s.outcome, coalesce(s.handler_id, 0), a.code, a.name FROM dossier_step s"
		" JOIN unit u ON u.id = s.unit_id JOIN agency a ON a.id = u.agency_id"
		" WHERE s.dossier_id = $1 ORDER BY s.position";
	return db_query(db, sql, DB_ARGS(db_int(id)));
}

struct db_stmt *dstore_documents(struct db *db, long long id)
{
	static const char sql[] =
		"SELECT d.id, d.name, x.form, x.count, d.mandatory FROM dossier_document x"
		" JOIN procedure_document d ON d.id = x.document_id WHERE x.dossier_id = $1"
		" ORDER BY d.position";
	return db_query(db, sql, DB_ARGS(db_int(id)));
}

struct db_stmt *dstore_attachments(struct db *db, long long id)
{
	static const char sql[] =
		"SELECT x.name, a.mime, a.size, x.sha256, x.document_id FROM dossier_attachment x"
		" JOIN attachment a ON a.sha256 = x.sha256 WHERE x.dossier_id = $1"
		" ORDER BY x.name";
	return db_query(db, sql, DB_ARGS(db_int(id)));
}

/* What the public view reads: fewer columns than the staff row (no
 * personal data but the name, which is read only to mask it). */
#define PUBLIC_FROM                                                                                \
	"SELECT d.id, d.code, d.status, p.code, p.name, f.code, f.name, d.limit_value,"            \
	" d.limit_unit, d.channel, d.return_method, d.submitted_at, d.received_at, d.due_at,"      \
	" d.original_due_at, d.paused_at, d.supplement_items, d.supplement_at,"                    \
	" d.supplemented_at, d.result_at, d.finished_at, d.returned_at, d.current_step,"           \
	" d.apology_count, d.procedure_id, d.applicant_name, d.agency_id"                          \
	" FROM dossier d JOIN procedure p ON p.id = d.procedure_id"                                \
	" JOIN field f ON f.id = p.field_id"

/* The agency whose e-ID (or code) starts a dossier code, remembered per
 * thread. Never wrong in effect: the row found must also carry the code, and
 * a miss falls back to the code index. */
#define EID_CACHE 4
static long long agency_of_eid(struct db *db, const char *eid, size_t len)
{
	static _Thread_local struct {
		char eid[64];
		long long id;
	} seen[EID_CACHE];
	static _Thread_local unsigned next;
	if (len >= sizeof seen[0].eid)
		return 0;
	for (int i = 0; i < EID_CACHE; i++)
		if (seen[i].id && strncmp(seen[i].eid, eid, len) == 0 && seen[i].eid[len] == '\0')
			return seen[i].id;
	static const char sql[] = "SELECT id FROM agency"
				  " WHERE CASE WHEN eid <> '' THEN eid ELSE code END = $1";
	struct db_stmt *st = db_prep(db, sql);
	db_bind_textn(st, 1, eid, len);
	long long id = one_int(st, 0);
	if (id) {
		unsigned k = next++ % EID_CACHE;
		memcpy(seen[k].eid, eid, len);
		seen[k].eid[len] = '\0';
		seen[k].id = id;
	}
	return id;
}

struct db_stmt *dstore_public_row(struct db *db, const char *code)
{
	static const char sql_code[] = PUBLIC_FROM " WHERE d.code = $1";
	/* the same by row id, computed from the code (ds_row_id): no code index.
	 * Rows stored before ids were computed are found by sql_code. */
	static const char sql_id[] = PUBLIC_FROM " WHERE d.id = $2 AND d.code = $1";
	size_t eid_len;
	int day;
	int64_t seq;
	if (ds_code_split(code, &eid_len, &day, &seq) == 0) {
		int64_t rid = ds_row_id(agency_of_eid(db, code, eid_len), day, seq);
		if (rid) {
			struct db_stmt *st = db_prep(db, sql_id);
			db_bind_text(st, 1, code);
			db_bind_int(st, 2, rid);
			if (db_step(st) == DB_ROW)
				return st;
			db_done(st);
		}
	}
	struct db_stmt *st = db_prep(db, sql_code);
	db_bind_text(st, 1, code);
	return one_row(st);
}

struct db_stmt *dstore_public_steps(struct db *db, long long id)
{
	static const char sql[] =
		"SELECT s.position, s.name, u.code, u.name, s.due_at, s.started_at, s.finished_at,"
		" s.outcome, a.code, a.name FROM dossier_step s JOIN unit u ON u.id = s.unit_id"
		" JOIN agency a ON a.id = u.agency_id"
		" WHERE s.dossier_id = $1 ORDER BY s.position";
	struct db_stmt *st = db_prep(db, sql);
	db_bind_int(st, 1, id);
	return st;
}

int dstore_is_document(struct db *db, long long procedure_id, const char *name)
{
	static const char sql[] = "SELECT 1 FROM procedure_document"
				  " WHERE procedure_id = $1 AND name = $2";
	return (int)one_int(db_query(db, sql, DB_ARGS(db_int(procedure_id), db_text(name))), 0);
}

struct db_stmt *dstore_history(struct db *db, const char *code)
{
	static const char sql[] =
		"SELECT e.at, e.action, e.from_status, e.to_status, e.from_step, e.to_step,"
		" coalesce(e.actor_id, 0), coalesce(e.to_staff_id, 0), e.outcome, e.note,"
		" fs.name, fu.name, ts.name, tu.name"
		" FROM dossier_event e JOIN dossier d ON d.id = e.dossier_id"
		" LEFT JOIN dossier_step fs ON fs.dossier_id = d.id AND fs.position = e.from_step"
		" LEFT JOIN unit fu ON fu.id = fs.unit_id"
		" LEFT JOIN dossier_step ts ON ts.dossier_id = d.id AND ts.position = e.to_step"
		" LEFT JOIN unit tu ON tu.id = ts.unit_id"
		" WHERE d.code = $1 ORDER BY e.id";
	return db_query(db, sql, DB_ARGS(db_text(code)));
}

/* The inbox's filter, shared by the page and its count: one static statement
 * per shape of filter, chosen in C (inbox_shape). A catch-all WHERE (CASE on
 * $1, "$n = 0 OR ...") hid every index from SQLite, which scanned the whole
 * history for each request (about 1 s at 1,000,000 dossiers, D45); each
 * shape instead holds the terms the catch-all reduces to for its filter, no
 * more: the status (every one, the open set as a literal list, one status),
 * an assignee or not, overdue or not, so the planner reads dossier_open
 * (status, due_at) or dossier_assignee and PostgreSQL sees no term twice.
 * Nothing from the request is spliced into SQL. $4/$5: LIKE on the code's
 * beginning and on the folded name (see the file top). */
#define INBOX_ALL " $1 = 'all'"
#define INBOX_OPEN                                                                                 \
	" $1 = 'open' AND d.status IN ('submitted', 'received', 'processing',"                     \
	" 'supplement_requested', 'result_ready')"
#define INBOX_ONE " d.status = $1"
/* overdue and open: the open list kept (as PostgreSQL folds the catch-all),
 * SQLite still reads the overdue set (multi-index OR) */
#define INBOX_OPEN_OVERDUE INBOX_OPEN
#define INBOX_ANYONE " AND $2 = 0"
#define INBOX_MINE " AND d.assignee_id = $2"
#define INBOX_ANYTIME " AND $6 = 0"
#define INBOX_OVERDUE                                                                              \
	" AND ((d.status IN ('received', 'processing') AND d.due_at < $7)"                         \
	"  OR (d.status = 'supplement_requested' AND d.paused_at > d.due_at))"
#define INBOX_WHERE(shape)                                                                         \
	" WHERE" shape " AND ($3 IS NULL OR f.code = $3)"                                          \
	" AND ($4 IS NULL OR d.code LIKE $4 || '%' OR d.applicant_fold LIKE '%' || $5 || "         \
	"'%')"                                                                                     \
	" AND ($10 = 0 OR s.unit_id = $10)"                                                        \
	" AND ($11 = 0 OR d.agency_id = $11 OR d.received_agency_id = $11)"

/* $1..$10 of the page and its count ($8, $9: the page's LIMIT and OFFSET,
 * which the count does not use). */
#define INBOX_VALS(f)                                                                              \
	DB_ARGS(db_text(f->status), db_int(f->assignee), db_text(f->field), db_text(f->q),         \
		db_text(f->fold ? f->fold : ""), db_int(f->overdue), db_int(f->now),               \
		db_int(f->limit), db_int(f->offset), db_int(f->unit_id), db_int(f->agency_id))

#define INBOX_PAGE(shape)                                                                          \
	"SELECT d.code, p.code, p.name, f.code, f.name, d.status, d.applicant_name,"               \
	" d.received_at, d.due_at, d.paused_at, d.current_step, s.name, u.code, u.name,"           \
	" s.due_at, coalesce(d.assignee_id, 0), d.submitted_at, d.channel, d.version,"             \
	" d.agency_id"                                                                             \
	" FROM dossier d JOIN procedure p ON p.id = d.procedure_id"                                \
	" JOIN field f ON f.id = p.field_id"                                                       \
	" LEFT JOIN dossier_step s ON s.dossier_id = d.id AND s.position = d.current_step"         \
	" LEFT JOIN unit u ON u.id = s.unit_id" INBOX_WHERE(                                       \
		shape) " ORDER BY (d.status IN ('received', 'processing') AND d.due_at < $7) "     \
		       "DESC,"                                                                     \
		       " d.due_at IS NULL, d.due_at, d.submitted_at, d.id LIMIT $8 OFFSET $9"

#define INBOX_COUNT(shape)                                                                         \
	"SELECT count(*) FROM dossier d JOIN procedure p ON p.id = d.procedure_id"                 \
	" JOIN field f ON f.id = p.field_id"                                                       \
	" LEFT JOIN dossier_step s ON s.dossier_id = d.id AND s.position = "                       \
	"d.current_step" INBOX_WHERE(shape)

/* Indexed by inbox_shape(): status all / open / one (+0), anyone / one
 * assignee (+3), any time / overdue (+6). */
#define INBOX_SHAPES(X)                                                                            \
	X(INBOX_ALL INBOX_ANYONE INBOX_ANYTIME), X(INBOX_OPEN INBOX_ANYONE INBOX_ANYTIME),         \
		X(INBOX_ONE INBOX_ANYONE INBOX_ANYTIME), X(INBOX_ALL INBOX_MINE INBOX_ANYTIME),    \
		X(INBOX_OPEN INBOX_MINE INBOX_ANYTIME), X(INBOX_ONE INBOX_MINE INBOX_ANYTIME),     \
		X(INBOX_ALL INBOX_ANYONE INBOX_OVERDUE),                                           \
		X(INBOX_OPEN_OVERDUE INBOX_ANYONE INBOX_OVERDUE),                                  \
		X(INBOX_ONE INBOX_ANYONE INBOX_OVERDUE), X(INBOX_ALL INBOX_MINE INBOX_OVERDUE),    \
		X(INBOX_OPEN_OVERDUE INBOX_MINE INBOX_OVERDUE),                                    \
		X(INBOX_ONE INBOX_MINE INBOX_OVERDUE)

static int inbox_shape(const struct inbox_filter *f)
{
	int k = strcmp(f->status, "all") == 0 ? 0 : strcmp(f->status, "open") == 0 ? 1 : 2;
	return k + (f->assignee ? 3 : 0) + (f->overdue ? 6 : 0);
}

const char *dstore_inbox_sql(const struct inbox_filter *f, int count)
{
	static const char *const page[] = {INBOX_SHAPES(INBOX_PAGE)};
	static const char *const total[] = {INBOX_SHAPES(INBOX_COUNT)};
	return (count ? total : page)[inbox_shape(f)];
}

struct db_stmt *dstore_inbox(struct db *db, const struct inbox_filter *f)
{
	return db_query(db, dstore_inbox_sql(f, 0), INBOX_VALS(f));
}

long long dstore_inbox_count(struct db *db, const struct inbox_filter *f)
{
	return one_int(db_query(db, dstore_inbox_sql(f, 1), INBOX_VALS(f)), 0);
}

struct db_stmt *dstore_attachment(struct db *db, const char *code, const char *sha256)
{
	static const char sql[] =
		"SELECT a.mime, a.data, x.name FROM dossier_attachment x JOIN dossier d ON d.id = "
		"x.dossier_id"
		" JOIN attachment a ON a.sha256 = x.sha256 WHERE d.code = $1 AND x.sha256 = $2";
	return db_row(db, sql, DB_ARGS(db_text(code), db_text(sha256)));
}

struct db_stmt *dstore_notice_row(struct db *db, long long id)
{
	static const char sql[] =
		"SELECT d.code, p.code, p.name, d.applicant_name, d.applicant_email, d.received_at,"
		" d.due_at, d.return_method, d.supplement_reason, d.supplement_items, "
		"d.refuse_reason,"
		" d.apology_reason, a.centre_name, a.address, a.phone, d.result_summary,"
		" d.applicant_kind, d.org_name, d.withdraw_reason, d.refuse_basis, d.withdraw_basis"
		" FROM dossier d JOIN procedure p ON p.id = d.procedure_id"
		" JOIN agency a ON a.id = d.agency_id WHERE d.id = $1";
	return db_row(db, sql, DB_ARGS(db_int(id)));
}
