/*
 * catalogue_store.c — all of the procedure catalogue's SQL text: fields,
 * agencies and units looked up by code, procedures with their fees,
 * required documents and steps, read as the API's JSON and written row by
 * row. The rules (validation, versions, which document ids survive, the
 * audit trail) are the services' (catalogue.c). Full-text search and its
 * index are reached through db/search.h, whose signature names no engine:
 * the FTS5 syntax lives in src/db/search_sqlite.c. See catalogue_store.h
 * for the conventions.
 *
 * Dialect: plain SQL that PostgreSQL also reads — `$N` parameters,
 * `ON CONFLICT … DO UPDATE`, no RETURNING (new ids come from
 * db_last_insert_id, DECISIONS D10), LIMIT/OFFSET.
 *
 * Threading: as db.h; nothing here keeps state.
 */
#include "app/catalogue/catalogue_store.h"

#include <math.h>

#include "core/mem.h"
#include "core/vntime.h"

/* whole numbers as integers: 3 working days, not 3.0 */
static json_t *number(double v)
{
	return v == floor(v) ? json_integer((json_int_t)v) : json_real(v);
}

/* --- reading ----------------------------------------------------------- */

json_t *catalogue_db_procedure(struct db *db, const char *code)
{
	static const char sql[] =
		"SELECT p.id, p.code, p.name, f.code, f.name, p.level, coalesce(a.code, ''),"
		" coalesce(a.name, ''), p.limit_value, p.limit_unit, p.limit_text, p.result,"
		" p.legal_basis, p.online, p.sequence, p.method, p.subjects, p.conditions, p.note,"
		" p.version, p.updated_at, p.cutoff FROM procedure p JOIN field f ON f.id = "
		"p.field_id"
		" LEFT JOIN agency a ON a.id = p.agency_id WHERE p.code = $1 AND p.active = 1";
	static const char sql_fees[] = "SELECT name, amount, note FROM procedure_fee"
				       " WHERE procedure_id = $1 ORDER BY position";
	static const char sql_docs[] =
		"SELECT id, name, form, count, mandatory FROM procedure_document"
		" WHERE procedure_id = $1 AND active = 1 ORDER BY position";
	static const char sql_variants[] =
		"SELECT code, name, limit_value, limit_unit FROM procedure_time_variant"
		" WHERE procedure_id = $1 ORDER BY position";
	static const char sql_steps[] =
		"SELECT s.position, s.name, u.code, u.name, s.share, s.may_complete FROM "
		"procedure_step s"
		" JOIN unit u ON u.id = s.unit_id WHERE s.procedure_id = $1 ORDER BY s.position";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_text(code)));
	if (!st)
		return NULL;
	int64_t id = db_col_int(st, 0);
	json_t *legal = json_loads(db_col_text(st, 12), 0, NULL);
	if (!json_is_array(legal)) {
		json_decref(legal);
		legal = json_array();
	}
	char ts[40];
	vn_format_iso(db_col_int(st, 20), ts, sizeof ts);
	json_t *o = json_pack(
		"{s:s,s:s,s:{s:s,s:s},s:s,s:o,s:{s:o,s:s,s:s,s:o,s:b},s:s,s:o,s:s,s:s,s:s,s:s,s:s,"
		"s:s,s:I,"
		"s:s}",
		"code", db_col_text(st, 1), "name", db_col_text(st, 2), "field", "code",
		db_col_text(st, 3), "name", db_col_text(st, 4), "level", db_col_text(st, 5),
		"agency",
		db_col_text(st, 6)[0] ? json_pack("{s:s,s:s}", "code", db_col_text(st, 6), "name",
						  db_col_text(st, 7))
				      : json_null(),
		"time_limit", "value", number(db_col_double(st, 8)), "unit", db_col_text(st, 9),
		"text", db_col_text(st, 10), "variants", json_array(), "cutoff",
		(int)db_col_int(st, 21), "result", db_col_text(st, 11), "legal_basis", legal,
		"online", db_col_text(st, 13), "sequence", db_col_text(st, 14), "method",
		db_col_text(st, 15), "subjects", db_col_text(st, 16), "conditions",
		db_col_text(st, 17), "note", db_col_text(st, 18), "version",
		(json_int_t)db_col_int(st, 19), "updated_at", ts);
	db_done(st);
	if (!o)
		return NULL;

	json_t *fees = json_array(), *docs = json_array(), *steps = json_array();
	st = db_query(db, sql_fees, DB_ARGS(db_int(id)));
	while (db_step(st) == DB_ROW)
		json_array_append_new(fees, json_pack("{s:s,s:I,s:s}", "name", db_col_text(st, 0),
						      "amount", (json_int_t)db_col_int(st, 1),
						      "note", db_col_text(st, 2)));
	db_done(st);
	st = db_query(db, sql_docs, DB_ARGS(db_int(id)));
	while (db_step(st) == DB_ROW)
		json_array_append_new(docs,
				      json_pack("{s:I,s:s,s:s,s:I,s:b}", "id",
						(json_int_t)db_col_int(st, 0), "name",
						db_col_text(st, 1), "form", db_col_text(st, 2),
						"count", (json_int_t)db_col_int(st, 3), "mandatory",
						(int)db_col_int(st, 4)));
	db_done(st);
	json_t *variants = json_object_get(json_object_get(o, "time_limit"), "variants");
	st = db_query(db, sql_variants, DB_ARGS(db_int(id)));
	while (db_step(st) == DB_ROW)
		json_array_append_new(variants,
				      json_pack("{s:s,s:s,s:o,s:s}", "code", db_col_text(st, 0),
						"name", db_col_text(st, 1), "value",
						number(db_col_double(st, 2)), "unit",
						db_col_text(st, 3)));
	db_done(st);
	st = db_query(db, sql_steps, DB_ARGS(db_int(id)));
	while (db_step(st) == DB_ROW)
		json_array_append_new(
			steps, json_pack("{s:I,s:s,s:{s:s,s:s},s:o,s:b}", "position",
					 (json_int_t)db_col_int(st, 0), "name", db_col_text(st, 1),
					 "unit", "code", db_col_text(st, 2), "name",
					 db_col_text(st, 3), "share", number(db_col_double(st, 4)),
					 "may_complete", (int)db_col_int(st, 5)));
	db_done(st);
	json_object_set_new(o, "agencies", catalogue_db_agencies(db, id));
	json_object_set_new(o, "fees", fees);
	json_object_set_new(o, "documents", docs);
	json_object_set_new(o, "steps", steps);
	return o;
}

json_t *catalogue_db_agencies(struct db *db, int64_t pid)
{
	/* the procedure's own agency first, then the others by code */
	static const char sql[] =
		"SELECT a.code, a.name, 0 FROM procedure p JOIN agency a ON a.id = p.agency_id"
		" WHERE p.id = $1 UNION ALL SELECT a.code, a.name, 1 FROM procedure_agency pa"
		" JOIN agency a ON a.id = pa.agency_id JOIN procedure p ON p.id = pa.procedure_id"
		" WHERE pa.procedure_id = $1 AND (p.agency_id IS NULL OR a.id <> p.agency_id)"
		" ORDER BY 3, 1";
	json_t *out = json_array();
	struct db_stmt *st = db_query(db, sql, DB_ARGS(db_int(pid)));
	while (db_step(st) == DB_ROW)
		json_array_append_new(out, json_pack("{s:s,s:s}", "code", db_col_text(st, 0),
						     "name", db_col_text(st, 1)));
	db_done(st);
	return out;
}

/* A list item from columns code, name, field code, field name, limit value,
 * limit unit, online. */
static json_t *item_of(struct db_stmt *st)
{
	return json_pack("{s:s,s:s,s:{s:s,s:s},s:{s:o,s:s},s:s}", "code", db_col_text(st, 0),
			 "name", db_col_text(st, 1), "field", "code", db_col_text(st, 2), "name",
			 db_col_text(st, 3), "time_limit", "value", number(db_col_double(st, 4)),
			 "unit", db_col_text(st, 5), "online", db_col_text(st, 6));
}

json_t *catalogue_db_item(struct db *db, int64_t id)
{
	static const char sql[] =
		"SELECT p.code, p.name, f.code, f.name, p.limit_value, p.limit_unit, p.online"
		" FROM procedure p JOIN field f ON f.id = p.field_id WHERE p.id = $1"
		" AND p.active = 1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(id)));
	json_t *o = st ? item_of(st) : NULL;
	db_done(st);
	return o;
}

int catalogue_db_list(struct db *db, const char *field, long long limit, long long offset,
		      json_t *items, long long *total)
{
	static const char sql[] =
		"SELECT p.code, p.name, f.code, f.name, p.limit_value, p.limit_unit, p.online"
		" FROM procedure p JOIN field f ON f.id = p.field_id WHERE p.active = 1"
		" AND ($1 IS NULL OR f.code = $1) ORDER BY f.name, p.name LIMIT $2 OFFSET $3";
	static const char sql_n[] =
		"SELECT count(*) FROM procedure p JOIN field f ON f.id = p.field_id"
		" WHERE p.active = 1 AND ($1 IS NULL OR f.code = $1)";
	struct db_stmt *st =
		db_query(db, sql, DB_ARGS(db_text(field), db_int(limit), db_int(offset)));
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(items, item_of(st));
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	st = db_row(db, sql_n, DB_ARGS(db_text(field)));
	*total = st ? db_col_int(st, 0) : 0;
	db_done(st);
	return 0;
}

json_t *catalogue_db_fields(struct db *db, int by_code)
{
	static const char sql[] =
		"SELECT f.code, f.name, (SELECT count(*) FROM procedure p WHERE p.field_id = f.id"
		" AND p.active = 1) FROM field f ORDER BY f.name";
	static const char sql_code[] = "SELECT code, name FROM field ORDER BY code";
	struct db_stmt *st = db_prep(db, by_code ? sql_code : sql);
	json_t *items = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		json_t *o = json_pack("{s:s,s:s}", "code", db_col_text(st, 0), "name",
				      db_col_text(st, 1));
		if (o && !by_code)
			json_object_set_new(o, "count", json_integer(db_col_int(st, 2)));
		json_array_append_new(items, o);
	}
	db_done(st);
	if (rc != DB_DONE) {
		json_decref(items);
		return NULL;
	}
	return items;
}

json_t *catalogue_db_active_codes(struct db *db)
{
	static const char sql[] = "SELECT p.code FROM procedure p JOIN field f ON f.id = p.field_id"
				  " WHERE p.active = 1 ORDER BY f.code, p.code";
	struct db_stmt *st = db_prep(db, sql);
	json_t *codes = json_array();
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		json_array_append_new(codes, json_string(db_col_text(st, 0)));
	db_done(st);
	if (rc != DB_DONE) {
		json_decref(codes);
		return NULL;
	}
	return codes;
}

int catalogue_db_search(struct db *db, const char *text, const char *field, long long limit,
			long long offset, int64_t *ids, size_t cap, long long *total)
{
	return db_search_procedures(db, text, field, limit, offset, ids, cap, total);
}

int catalogue_db_head(struct db *db, const char *code, struct catalogue_head *h)
{
	static const char sql[] = "SELECT id, version, active FROM procedure WHERE code = $1";
	struct db_stmt *st = db_query(db, sql, DB_ARGS(db_text(code)));
	int rc = db_step(st);
	if (rc == DB_ROW) {
		h->id = db_col_int(st, 0);
		h->version = db_col_int(st, 1);
		h->active = (int)db_col_int(st, 2);
	} else {
		h->id = h->version = 0;
		h->active = 0;
	}
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

static int64_t id_of(struct db *db, const char *sql, const char *code)
{
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_text(code)));
	int64_t id = st ? db_col_int(st, 0) : 0;
	db_done(st);
	return id;
}

int64_t catalogue_db_field_id(struct db *db, const char *code)
{
	static const char sql[] = "SELECT id FROM field WHERE code = $1";
	return id_of(db, sql, code);
}

int64_t catalogue_db_agency_id(struct db *db, const char *code)
{
	static const char sql[] = "SELECT id FROM agency WHERE code = $1";
	return id_of(db, sql, code);
}

int64_t catalogue_db_home_agency(struct db *db)
{
	static const char sql[] = "SELECT id FROM agency WHERE is_home = 1 ORDER BY id LIMIT 1";
	struct db_stmt *st = db_row(db, sql, 0, NULL);
	int64_t id = st ? db_col_int(st, 0) : 0;
	db_done(st);
	return id;
}

int64_t catalogue_db_unit_id(struct db *db, int64_t agency_id, const char *code)
{
	static const char sql[] = "SELECT id FROM unit WHERE agency_id = $1 AND code = $2";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(agency_id), db_text(code)));
	int64_t id = st ? db_col_int(st, 0) : 0;
	db_done(st);
	return id;
}

char *catalogue_db_field_name(struct db *db, int64_t field_id)
{
	static const char sql[] = "SELECT name FROM field WHERE id = $1";
	struct db_stmt *st = db_row(db, sql, DB_ARGS(db_int(field_id)));
	char *name = xstrdup(st ? db_col_text(st, 0) : "");
	db_done(st);
	return name;
}

int catalogue_db_document_owned(struct db *db, int64_t doc_id, int64_t pid)
{
	static const char sql[] =
		"SELECT 1 FROM procedure_document WHERE id = $1 AND procedure_id = $2";
	struct db_stmt *st = db_query(db, sql, DB_ARGS(db_int(doc_id), db_int(pid)));
	int rc = db_step(st);
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* --- writing ----------------------------------------------------------- */

static int ok(int rc)
{
	return rc == DB_OK ? 0 : -1;
}

int catalogue_db_field_put(struct db *db, const char *code, const char *name)
{
	static const char sql[] = "INSERT INTO field (code, name) VALUES ($1, $2)"
				  " ON CONFLICT (code) DO UPDATE SET name = excluded.name";
	return ok(db_exec_vals(db, sql, DB_ARGS(db_text(code), db_text(name))));
}

/* Run one of the two statements below: $1 is `first` (the code or the id),
 * $2..$17 the row and the instant, $18 the cut-off. */
static int put_row(struct db *db, const char *sql, struct db_val first,
		   const struct catalogue_row *r, int64_t now)
{
	return db_exec_vals(db, sql,
			    DB_ARGS(first, db_text(r->name), db_int(r->field_id), db_text(r->level),
				    db_int(r->agency_id), db_real(r->limit_value),
				    db_text(r->limit_unit), db_text(r->limit_text),
				    db_text(r->result), db_text(r->legal_basis), db_text(r->online),
				    db_text(r->sequence), db_text(r->method), db_text(r->subjects),
				    db_text(r->conditions), db_text(r->note), db_int(now),
				    db_int(r->cutoff)));
}

int catalogue_db_procedure_insert(struct db *db, const struct catalogue_row *r, int64_t now,
				  int64_t *id)
{
	static const char sql[] =
		"INSERT INTO procedure (code, name, field_id, level, agency_id, limit_value,"
		" limit_unit, limit_text, result, legal_basis, online, sequence, method, subjects,"
		" conditions, note, active, version, updated_at, cutoff) VALUES ($1, $2, $3, $4,"
		" $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 1, 1, $17, $18)";
	if (put_row(db, sql, db_text(r->code), r, now) != DB_OK)
		return -1;
	*id = db_last_insert_id(db);
	return 0;
}

int catalogue_db_procedure_update(struct db *db, int64_t id, const struct catalogue_row *r,
				  int64_t now)
{
	static const char sql[] =
		"UPDATE procedure SET name = $2, field_id = $3, level = $4, agency_id = $5,"
		" limit_value = $6, limit_unit = $7, limit_text = $8, result = $9,"
		" legal_basis = $10, online = $11, sequence = $12, method = $13, subjects = $14,"
		" conditions = $15, note = $16, active = 1, version = version + 1,"
		" updated_at = $17, cutoff = $18 WHERE id = $1";
	return ok(put_row(db, sql, db_int(id), r, now));
}

int catalogue_db_index(struct db *db, int64_t id, const char *name, const char *field_name,
		       const char *code)
{
	return db_search_index_procedure(db, id, name, field_name, code);
}

int catalogue_db_procedure_withdraw(struct db *db, int64_t id, int64_t now)
{
	static const char sql[] = "UPDATE procedure SET active = 0, version = version + 1,"
				  " updated_at = $2 WHERE id = $1";
	if (db_exec_vals(db, sql, DB_ARGS(db_int(id), db_int(now))) != DB_OK)
		return -1;
	return db_search_remove_procedure(db, id);
}

int catalogue_db_fees_clear(struct db *db, int64_t pid)
{
	static const char sql[] = "DELETE FROM procedure_fee WHERE procedure_id = $1";
	return ok(db_exec_vals(db, sql, DB_ARGS(db_int(pid))));
}

int catalogue_db_fee_add(struct db *db, int64_t pid, int position, const char *name, int64_t amount,
			 const char *note)
{
	static const char sql[] = "INSERT INTO procedure_fee (procedure_id, position, name, amount,"
				  " note) VALUES ($1, $2, $3, $4, $5)";
	return ok(db_exec_vals(db, sql,
			       DB_ARGS(db_int(pid), db_int(position), db_text(name), db_int(amount),
				       db_text(note))));
}

int catalogue_db_variants_clear(struct db *db, int64_t pid)
{
	static const char sql[] = "DELETE FROM procedure_time_variant WHERE procedure_id = $1";
	return ok(db_exec_vals(db, sql, DB_ARGS(db_int(pid))));
}

int catalogue_db_variant_add(struct db *db, int64_t pid, int position, const char *code,
			     const char *name, double value, const char *unit)
{
	static const char sql[] =
		"INSERT INTO procedure_time_variant (procedure_id, position, code, name,"
		" limit_value, limit_unit) VALUES ($1, $2, $3, $4, $5, $6)";
	return ok(db_exec_vals(db, sql,
			       DB_ARGS(db_int(pid), db_int(position), db_text(code), db_text(name),
				       db_real(value), db_text(unit))));
}

int catalogue_db_steps_clear(struct db *db, int64_t pid)
{
	static const char sql[] = "DELETE FROM procedure_step WHERE procedure_id = $1";
	return ok(db_exec_vals(db, sql, DB_ARGS(db_int(pid))));
}

int catalogue_db_step_add(struct db *db, int64_t pid, int position, const char *name,
			  int64_t unit_id, double share, int may_complete)
{
	static const char sql[] = "INSERT INTO procedure_step (procedure_id, position, name,"
				  " unit_id, share, may_complete) VALUES ($1, $2, $3, $4, $5, $6)";
	return ok(db_exec_vals(db, sql,
			       DB_ARGS(db_int(pid), db_int(position), db_text(name),
				       db_int(unit_id), db_real(share), db_int(may_complete))));
}

int catalogue_db_agencies_clear(struct db *db, int64_t pid)
{
	static const char sql[] = "DELETE FROM procedure_agency WHERE procedure_id = $1";
	return ok(db_exec_vals(db, sql, DB_ARGS(db_int(pid))));
}

int catalogue_db_agency_add(struct db *db, int64_t pid, int64_t agency_id)
{
	static const char sql[] = "INSERT INTO procedure_agency (procedure_id, agency_id)"
				  " VALUES ($1, $2) ON CONFLICT DO NOTHING";
	return ok(db_exec_vals(db, sql, DB_ARGS(db_int(pid), db_int(agency_id))));
}

int catalogue_db_documents_off(struct db *db, int64_t pid)
{
	static const char sql[] =
		"UPDATE procedure_document SET active = 0 WHERE procedure_id = $1 AND active = 1";
	return ok(db_exec_vals(db, sql, DB_ARGS(db_int(pid))));
}

/* Both statements below: $1 the document's or the procedure's id, then the
 * document's position, name, form, count and mandatory flag. */
static int put_document(struct db *db, const char *sql, int64_t id, int position, const char *name,
			const char *form, int64_t count, int mandatory)
{
	return ok(db_exec_vals(db, sql,
			       DB_ARGS(db_int(id), db_int(position), db_text(name), db_text(form),
				       db_int(count), db_int(mandatory))));
}

int catalogue_db_document_update(struct db *db, int64_t doc_id, int position, const char *name,
				 const char *form, int64_t count, int mandatory)
{
	static const char sql[] =
		"UPDATE procedure_document SET position = $2, name = $3, form = $4, count = $5,"
		" mandatory = $6, active = 1 WHERE id = $1";
	return put_document(db, sql, doc_id, position, name, form, count, mandatory);
}

int catalogue_db_document_insert(struct db *db, int64_t pid, int position, const char *name,
				 const char *form, int64_t count, int mandatory)
{
	static const char sql[] =
		"INSERT INTO procedure_document (procedure_id, position, name, form, count,"
		" mandatory) VALUES ($1, $2, $3, $4, $5, $6)";
	return put_document(db, sql, pid, position, name, form, count, mandatory);
}
