/*
 * petition_store.c — all of the petition domain's SQL text
 * (petition_store.h): the petition row and its updates, the inbox by next
 * deadline, the history (the audit records of the petition), the public
 * register, the comments and the attachment.
 *
 * Dialect: $n parameters, standard joins, coalesce, CASE; nothing of one
 * engine only. LIKE only meets the folded columns (lower-case ASCII,
 * core/fold.h) with a search text folded the same way. The next deadline of
 * a petition: ack_due_at until the first answer (acked_at), then due_at
 * (ack_due_at when there is none).
 *
 * Threading: each function runs on its caller's connection and thread.
 */
#include <stdio.h>
#include <string.h>

#include "app/petition/petition_store.h"

static struct db_val int_or_null(long long v)
{
	return v ? db_int(v) : db_null();
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

static int ok(int rc)
{
	return rc == DB_OK ? 0 : -1;
}

long long pstore_home_agency(struct db *db)
{
	static const char sql[] = "SELECT id FROM agency WHERE is_home = 1 ORDER BY id LIMIT 1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(0)));
	long long id = st ? db_col_int(st, 0) : 0;
	db_done(st);
	return id;
}

int pstore_agency_remote(struct db *db, long long agency)
{
	static const char sql[] = "SELECT island FROM agency WHERE id = $1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(agency)));
	int r = st ? db_col_int(st, 0) != 0 : 0;
	db_done(st);
	return r;
}

int pstore_code_taken(struct db *db, const char *code)
{
	static const char sql[] = "SELECT 1 FROM petition WHERE code = $1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_text(code)));
	db_done(st);
	return st != NULL;
}

int pstore_insert(struct db *db, const struct pstore_new *n, int64_t now, long long *id)
{
	static const char sql[] =
		"INSERT INTO petition (code, agency_id, channel, type, field, subject, content,"
		" fold, people, name, email, phone, address, id_number, status, received_at,"
		" ack_due_at, forward_due_at, due_at, attachment_sha256, attachment_name,"
		" created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
		" $10, $11, $12, $13, $14, 'received', $15, $16, $17, $18, $19, $20, $21, $22, "
		"$22)";
	const struct petition_in *in = n->in;
	int file = in->file_len > 0;
	if (db_exec_vals(db, sql,
			 DB_ARGS(db_text(n->code), db_int(n->agency), db_text(in->channel),
				 db_text(in->type), db_text(or_empty(in->field)),
				 db_text(or_empty(in->subject)), db_text(in->content),
				 db_text(n->fold), db_int(in->people > 0 ? in->people : 1),
				 db_text(in->name), db_text(or_empty(in->email)),
				 db_text(or_empty(in->phone)), db_text(or_empty(in->address)),
				 db_text(or_empty(in->id_number)), db_int(n->received),
				 db_int(n->ack_due), int_or_null(n->forward_due),
				 int_or_null(n->due), file ? db_text(in->file_sha256) : db_null(),
				 db_text(file ? or_empty(in->file_name) : ""),
				 int_or_null(n->created_by), db_int(now))) != DB_OK)
		return -1;
	*id = db_last_insert_id(db);
	return 0;
}

int pstore_file_put(struct db *db, const struct petition_in *in, int64_t now)
{
	static const char sql[] = "INSERT INTO attachment (sha256, mime, size, data, created_at)"
				  " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sha256) DO NOTHING";
	struct db_stmt *st = db_prep(db, sql);
	db_bind_text(st, 1, in->file_sha256);
	db_bind_text(st, 2, in->file_mime);
	db_bind_int(st, 3, (int64_t)in->file_len);
	db_bind_blob(st, 4, in->file, in->file_len);
	db_bind_int(st, 5, now);
	return ok(db_run(st));
}

#define ROW_COLS                                                                                   \
	"SELECT p.id, p.code, p.agency_id, coalesce(p.unit_id, 0), coalesce(p.officer_id, 0),"     \
	" p.channel, p.type, p.field, p.subject, p.content, p.people, p.name, p.email,"            \
	" p.phone, p.address, p.id_number, p.status, p.complex, p.extensions, p.reopened,"         \
	" p.received_at, p.ack_due_at, p.forward_due_at, p.acked_at, p.accepted_at, p.due_at,"     \
	" p.forwarded_to, p.forward_doc, p.forwarded_at, p.answer, p.answered_at, p.pub_title,"    \
	" p.pub_question, p.pub_answer, p.published_at, p.satisfaction, p.satisfaction_at,"        \
	" p.attachment_name, f.size, coalesce(u.code, ''), coalesce(u.name, ''),"                  \
	" coalesce(s.full_name, ''), coalesce(s.username, ''), a.name"                             \
	" FROM petition p JOIN agency a ON a.id = p.agency_id"                                     \
	" LEFT JOIN unit u ON u.id = p.unit_id LEFT JOIN staff s ON s.id = p.officer_id"           \
	" LEFT JOIN attachment f ON f.sha256 = p.attachment_sha256"

struct db_stmt *pstore_get(struct db *db, long long id, long long agency)
{
	static const char sql[] = ROW_COLS " WHERE p.id = $1 AND ($2 = 0 OR p.agency_id = $2)";
	return db_row(db, sql, DB_ARGS(db_int(id), db_int(agency)));
}

struct db_stmt *pstore_by_code(struct db *db, const char *code)
{
	static const char sql[] = ROW_COLS " WHERE p.code = $1";
	return db_row(db, sql, DB_ARGS(db_text(code)));
}

int pstore_assign(struct db *db, long long id, long long unit, long long officer, int64_t now)
{
	static const char sql[] =
		"UPDATE petition SET unit_id = $2, officer_id = $3, updated_at = $4 WHERE id = $1";
	return ok(db_exec_vals(
		db, sql,
		DB_ARGS(db_int(id), int_or_null(unit), int_or_null(officer), db_int(now))));
}

int pstore_classify(struct db *db, long long id, const char *type, const char *field,
		    int64_t ack_due, int64_t forward_due, int64_t due, int64_t now)
{
	static const char sql[] =
		"UPDATE petition SET type = $2, field = $3, ack_due_at = $4,"
		" forward_due_at = $5, due_at = $6, updated_at = $7 WHERE id = $1";
	return ok(db_exec_vals(db, sql,
			       DB_ARGS(db_int(id), db_text(type), db_text(or_empty(field)),
				       db_int(ack_due), int_or_null(forward_due), int_or_null(due),
				       db_int(now))));
}

int pstore_accept(struct db *db, long long id, int complex, int64_t due, int64_t now)
{
	static const char sql[] =
		"UPDATE petition SET status = 'accepted', complex = $2, due_at = $3,"
		" accepted_at = $4, acked_at = coalesce(acked_at, $4), updated_at = $4 WHERE id = "
		"$1";
	return ok(db_exec_vals(db, sql,
			       DB_ARGS(db_int(id), db_int(complex), db_int(due), db_int(now))));
}

int pstore_forward(struct db *db, long long id, const char *to, const char *doc, int64_t now)
{
	static const char sql[] =
		"UPDATE petition SET status = 'forwarded', forwarded_to = $2, forward_doc = $3,"
		" forwarded_at = $4, acked_at = coalesce(acked_at, $4), updated_at = $4 WHERE id = "
		"$1";
	return ok(db_exec_vals(
		db, sql, DB_ARGS(db_int(id), db_text(to), db_text(or_empty(doc)), db_int(now))));
}

int pstore_extend(struct db *db, long long id, int64_t due, int64_t now)
{
	static const char sql[] = "UPDATE petition SET extensions = extensions + 1, due_at = $2,"
				  " updated_at = $3 WHERE id = $1";
	return ok(db_exec_vals(db, sql, DB_ARGS(db_int(id), db_int(due), db_int(now))));
}

int pstore_answer(struct db *db, long long id, const char *text, int64_t now)
{
	static const char sql[] =
		"UPDATE petition SET status = 'answered', answer = $2, answered_at = $3,"
		" acked_at = coalesce(acked_at, $3), satisfaction = NULL, satisfaction_at = NULL,"
		" updated_at = $3 WHERE id = $1";
	return ok(db_exec_vals(db, sql, DB_ARGS(db_int(id), db_text(text), db_int(now))));
}

int pstore_publish(struct db *db, long long id, const char *title, const char *question,
		   const char *answer, const char *fold, int64_t now)
{
	static const char sql[] =
		"UPDATE petition SET pub_title = $2, pub_question = $3, pub_answer = $4,"
		" pub_fold = $5, published_at = $6, updated_at = $6 WHERE id = $1";
	return ok(db_exec_vals(db, sql,
			       DB_ARGS(db_int(id), db_text(title), db_text(question),
				       db_text(answer), db_text(fold), db_int(now))));
}

int pstore_reopen(struct db *db, long long id, int64_t due, int64_t now)
{
	static const char sql[] =
		"UPDATE petition SET status = 'accepted', reopened = reopened + 1, due_at = $2,"
		" accepted_at = $3, extensions = 0, updated_at = $3 WHERE id = $1";
	return ok(db_exec_vals(db, sql, DB_ARGS(db_int(id), db_int(due), db_int(now))));
}

int pstore_satisfaction(struct db *db, long long id, const char *value, int64_t now)
{
	static const char sql[] = "UPDATE petition SET satisfaction = $2, satisfaction_at = $3"
				  " WHERE id = $1 AND satisfaction IS NULL";
	if (db_exec_vals(db, sql, DB_ARGS(db_int(id), db_text(value), db_int(now))) != DB_OK)
		return -1;
	return db_changes(db) > 0;
}

long long pstore_unit(struct db *db, long long agency, const char *code)
{
	static const char sql[] = "SELECT id FROM unit WHERE agency_id = $1 AND code = $2";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(agency), db_text(code)));
	long long id = st ? db_col_int(st, 0) : 0;
	db_done(st);
	return id;
}

long long pstore_staff(struct db *db, long long agency, const char *username)
{
	static const char sql[] = "SELECT s.id FROM staff s JOIN unit u ON u.id = s.unit_id"
				  " WHERE s.username = $2 AND s.active = 1 AND u.agency_id = $1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(agency), db_text(username)));
	long long id = st ? db_col_int(st, 0) : 0;
	db_done(st);
	return id;
}

#define NEXT_DEADLINE                                                                              \
	"(CASE WHEN p.acked_at IS NULL THEN p.ack_due_at ELSE coalesce(p.due_at, p.ack_due_at) "   \
	"END)"
#define LIST_WHERE                                                                                 \
	" WHERE ($1 = 0 OR p.agency_id = $1) AND ($2 IS NULL OR p.status = $2)"                    \
	" AND ($3 = 0 OR p.status = 'received' OR p.status = 'accepted')"                          \
	" AND ($4 IS NULL OR p.type = $4) AND ($5 IS NULL OR p.fold LIKE '%' || $5 || '%')"        \
	" AND ($6 = 0 OR " NEXT_DEADLINE " < $6)"
#define LIST_VALS(f)                                                                               \
	db_int(f->agency), db_text(f->status), db_int(f->open_only), db_text(f->type),             \
		db_text(f->q), db_int(f->overdue_before)

struct db_stmt *pstore_list(struct db *db, const struct pstore_filter *f, long long limit,
			    long long offset)
{
	static const char sql[] =
		"SELECT p.id, p.code, p.type, p.channel, p.field, p.subject, p.status,"
		" p.received_at, p.ack_due_at, p.acked_at, p.due_at, p.name,"
		" coalesce(s.full_name, ''), coalesce(u.name, ''), p.satisfaction, p.reopened"
		" FROM petition p LEFT JOIN unit u ON u.id = p.unit_id"
		" LEFT JOIN staff s ON s.id = p.officer_id" LIST_WHERE " ORDER BY " NEXT_DEADLINE
		", p.id LIMIT $7 OFFSET $8";
	return db_query(db, sql, DB_ARGS(LIST_VALS(f), db_int(limit), db_int(offset)));
}

long long pstore_list_count(struct db *db, const struct pstore_filter *f)
{
	static const char sql[] = "SELECT count(*) FROM petition p" LIST_WHERE;
	struct db_stmt *st = db_row(db, sql, DB_ARGS(LIST_VALS(f)));
	long long n = st ? db_col_int(st, 0) : 0;
	db_done(st);
	return n;
}

struct db_stmt *pstore_history(struct db *db, long long id)
{
	static const char sql[] = "SELECT at, actor, action, coalesce(after, '') FROM audit"
				  " WHERE entity = 'petition' AND entity_id = $1 ORDER BY id";
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", id);
	return db_query(db, sql, DB_ARGS(db_text(sid)));
}

#define REG_WHERE                                                                                  \
	" WHERE p.published_at IS NOT NULL AND ($1 IS NULL OR p.pub_fold LIKE '%' || $1 || '%')"

struct db_stmt *pstore_register(struct db *db, const char *q, long long limit, long long offset)
{
	static const char sql[] =
		"SELECT p.id, p.pub_title, p.type, p.field, p.published_at, p.pub_question"
		" FROM petition p" REG_WHERE " ORDER BY p.published_at DESC, p.id DESC"
		" LIMIT $2 OFFSET $3";
	return db_query(db, sql, DB_ARGS(db_text(q), db_int(limit), db_int(offset)));
}

long long pstore_register_count(struct db *db, const char *q)
{
	static const char sql[] = "SELECT count(*) FROM petition p" REG_WHERE;
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_text(q)));
	long long n = st ? db_col_int(st, 0) : 0;
	db_done(st);
	return n;
}

int pstore_comment_insert(struct db *db, long long petition, const char *name, const char *email,
			  const char *content, int64_t now, long long *id)
{
	static const char sql[] =
		"INSERT INTO petition_comment (petition_id, name, email, content, status,"
		" created_at) VALUES ($1, $2, $3, $4, 'pending', $5)";
	if (db_exec_vals(db, sql,
			 DB_ARGS(db_int(petition), db_text(name), db_text(email), db_text(content),
				 db_int(now))) != DB_OK)
		return -1;
	*id = db_last_insert_id(db);
	return 0;
}

#define COMMENT_COLS                                                                               \
	"SELECT c.id, c.petition_id, p.pub_title, c.name, c.content, c.created_at, c.status"       \
	" FROM petition_comment c JOIN petition p ON p.id = c.petition_id"

struct db_stmt *pstore_comments_of(struct db *db, long long petition, const char *status)
{
	static const char sql[] = COMMENT_COLS " WHERE c.petition_id = $1 AND c.status = $2"
					       " ORDER BY c.created_at, c.id";
	return db_query(db, sql, DB_ARGS(db_int(petition), db_text(status)));
}

struct db_stmt *pstore_comments(struct db *db, long long agency, const char *status)
{
	static const char sql[] = COMMENT_COLS " WHERE ($1 = 0 OR p.agency_id = $1)"
					       " AND c.status = $2 ORDER BY c.created_at, c.id"
					       " LIMIT 500";
	return db_query(db, sql, DB_ARGS(db_int(agency), db_text(status)));
}

struct db_stmt *pstore_comment_get(struct db *db, long long id, long long agency)
{
	static const char sql[] = COMMENT_COLS " WHERE c.id = $1 AND ($2 = 0 OR p.agency_id = $2)";
	return db_row(db, sql, DB_ARGS(db_int(id), db_int(agency)));
}

int pstore_comment_set(struct db *db, long long id, const char *status, long long moderator,
		       int64_t now)
{
	static const char sql[] = "UPDATE petition_comment SET status = $2, moderator_id = $3,"
				  " moderated_at = $4 WHERE id = $1";
	return ok(db_exec_vals(
		db, sql,
		DB_ARGS(db_int(id), db_text(status), int_or_null(moderator), db_int(now))));
}

struct db_stmt *pstore_file(struct db *db, long long id, long long agency)
{
	static const char sql[] = "SELECT f.data, f.mime, p.attachment_name FROM petition p"
				  " JOIN attachment f ON f.sha256 = p.attachment_sha256"
				  " WHERE p.id = $1 AND ($2 = 0 OR p.agency_id = $2)";
	return db_row(db, sql, DB_ARGS(db_int(id), db_int(agency)));
}

struct db_stmt *pstore_public(struct db *db, const struct petition_pub_query *q)
{
	static const char sql[] =
		"SELECT p.id, p.type, p.field, p.status, a.name, p.received_at, p.updated_at,"
		" p.due_at, p.forwarded_to, p.published_at, p.pub_question, p.pub_answer"
		" FROM petition p JOIN agency a ON a.id = p.agency_id"
		" WHERE (p.type = 'reflection' OR p.type = 'recommendation')"
		" AND ($1 = 0 OR p.id = $1) AND ($2 = '' OR p.type = $2)"
		" AND ($3 = '' OR ($3 = 'open' AND (p.status = 'received' OR p.status = "
		"'accepted'))"
		" OR ($3 = 'closed' AND (p.status = 'answered' OR p.status = 'forwarded')))"
		" AND ($4 = 0 OR p.received_at >= $4) AND ($5 = 0 OR p.received_at <= $5)"
		" AND ($6 = 0 OR p.agency_id = $6)"
		" ORDER BY p.received_at DESC, p.id DESC LIMIT $7";
	return db_query(db, sql,
			DB_ARGS(db_int(q->id), db_text(q->type ? q->type : ""),
				db_text(q->state ? q->state : ""), db_int(q->from), db_int(q->to),
				db_int(q->agency), db_int(q->limit)));
}
