/*
 * copy_store.c — copy.h: a SQLite store copied into PostgreSQL, read from
 * both catalogues (sqlite_master and pragma_table_info / _foreign_key_list
 * on the source; information_schema and pg_index on the target).
 *
 * Table and column names come from the catalogues and are accepted only
 * when made of [a-z0-9_] (the names motcua's migrations use), so the SQL
 * built from them needs no quoting beyond the double quotes it gets; every
 * value is bound. The SQL text built is interned for the life of the
 * process (cp_keep()), because connections cache statements by its address.
 * Reading the two schemas is copy_schema.c's; this file finds the
 * collisions, copies, verifies and advances the sequences.
 */
#include "db/copy_impl.h"

#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "db/db_impl.h"
#include "db/search.h"

/* --- values: read, bound, hashed ------------------------------------------ */

/* The canonical bytes of a value (the checksum's and the keys' unit). */
void cp_val_bytes(const struct val *v, void (*put)(void *arg, const void *p, size_t n), void *arg)
{
	unsigned char head[9];
	uint64_t u = 0;
	if (v->null) {
		head[0] = 'N';
		put(arg, head, 1);
		return;
	}
	switch (v->cls) {
	case C_INT:
		head[0] = 'I';
		u = (uint64_t)v->i;
		break;
	case C_REAL:
		head[0] = 'R';
		memcpy(&u, &v->d, 8);
		break;
	case C_TEXT:
		head[0] = 'T';
		u = v->len;
		break;
	default:
		head[0] = 'B';
		u = v->len;
		break;
	}
	for (int k = 0; k < 8; k++)
		head[1 + k] = (unsigned char)(u >> (56 - 8 * k));
	put(arg, head, 9);
	if (v->cls == C_TEXT || v->cls == C_BLOB)
		put(arg, v->p, v->len);
}

void cp_put_sha(void *arg, const void *p, size_t n)
{
	crypto_hash_sha256_update(arg, p, n);
}

void cp_put_sb(void *arg, const void *p, size_t n)
{
	struct sb *b = arg;
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

/* Column i of the current row of a target statement, as class cls. */
struct val cp_read_dst(struct db_stmt *st, int i, enum cls cls)
{
	struct val v = {.cls = cls};
	if (db_col_null(st, i)) {
		v.null = 1;
		return v;
	}
	switch (cls) {
	case C_INT: v.i = db_col_int(st, i); break;
	case C_REAL: v.d = db_col_double(st, i); break;
	case C_TEXT:
		v.p = db_col_text(st, i);
		v.len = db_col_len(st, i);
		break;
	default:
		v.p = db_col_blob(st, i);
		v.len = db_col_len(st, i);
		break;
	}
	return v;
}

/* Column k of the source's SELECT (value at 2k, typeof at 2k+1). 0, or -1
 * when the stored value is not of the column's type (named in *why). */
int cp_read_src(struct db_stmt *st, int k, enum cls cls, struct val *v, const char **why)
{
	const char *ty = db_col_text(st, 2 * k + 1);
	memset(v, 0, sizeof *v);
	v->cls = cls;
	if (strcmp(ty, "null") == 0) {
		v->null = 1;
		return 0;
	}
	*why = ty;
	switch (cls) {
	case C_INT:
		if (strcmp(ty, "integer") != 0)
			return -1;
		v->i = db_col_int(st, 2 * k);
		return 0;
	case C_REAL:
		if (strcmp(ty, "real") != 0 && strcmp(ty, "integer") != 0)
			return -1;
		v->d = db_col_double(st, 2 * k);
		return 0;
	case C_TEXT:
		if (strcmp(ty, "text") != 0)
			return -1;
		v->p = db_col_text(st, 2 * k);
		v->len = db_col_len(st, 2 * k);
		return 0;
	case C_BLOB:
		if (strcmp(ty, "blob") != 0)
			return -1;
		v->p = db_col_blob(st, 2 * k);
		v->len = db_col_len(st, 2 * k);
		return 0;
	default: return -1;
	}
}

/* Append v as one element of a PostgreSQL array literal of text: NULL,
 * or a double-quoted string (\\ and \" escaped) holding the integer, the
 * double (17 digits: the same double back), the text, or the blob in hex. */
static void array_elem(struct sb *b, const struct val *v)
{
	char tmp[40];
	if (v->null) {
		cp_sb_add(b, "NULL");
		return;
	}
	cp_put_sb(b, "\"", 1);
	switch (v->cls) {
	case C_INT:
		snprintf(tmp, sizeof tmp, "%lld", (long long)v->i);
		cp_sb_add(b, tmp);
		break;
	case C_REAL:
		snprintf(tmp, sizeof tmp, "%.17g", v->d);
		cp_sb_add(b, tmp);
		break;
	case C_TEXT:
		for (size_t i = 0; i < v->len; i++) {
			char ch = ((const char *)v->p)[i];
			if (ch == '\\' || ch == '"')
				cp_put_sb(b, "\\", 1);
			cp_put_sb(b, &ch, 1);
		}
		break;
	default:
		for (size_t i = 0; i < v->len; i++) {
			snprintf(tmp, sizeof tmp, "%02x", ((const unsigned char *)v->p)[i]);
			cp_put_sb(b, tmp, 2);
		}
		break;
	}
	cp_put_sb(b, "\"", 1);
}

int cp_cmp_digest(const void *a, const void *b)
{
	return memcmp(*(unsigned char *const *)a, *(unsigned char *const *)b,
		      crypto_hash_sha256_BYTES);
}

/* The table's checksum from its row digests (sorted here): hex into out. */
static void table_sum(unsigned char **dig, size_t n, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state s;
	qsort(dig, n, sizeof *dig, cp_cmp_digest);
	crypto_hash_sha256_init(&s);
	for (size_t i = 0; i < n; i++)
		crypto_hash_sha256_update(&s, dig[i], crypto_hash_sha256_BYTES);
	crypto_hash_sha256_final(&s, h);
	sodium_bin2hex(out, 65, h, sizeof h);
}

/* The row's position for a message: its integer primary key, or its number. */
static void row_label(const struct tab *t, const struct val *vals, long long rowno, char *out,
		      size_t cap)
{
	for (int k = 0; k < t->ncols; k++)
		if (t->cols[k].pk == 1 && t->cols[k].cls == C_INT && !vals[k].null) {
			snprintf(out, cap, "%s %lld", t->cols[k].name, (long long)vals[k].i);
			return;
		}
	snprintf(out, cap, "row %lld", rowno);
}

/* --- collisions with the rows already in the target ----------------------- */

int cp_cmp_key(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int r = memcmp(x->p, y->p, n);
	return r ? r : (x->len > y->len) - (x->len < y->len);
}

/* Short printable form of a key's values for the operator. */
void cp_key_text(const struct tab *t, const struct uidx *u, const struct val *vals, char *out,
		 size_t cap)
{
	size_t len = 0;
	out[0] = 0;
	for (int k = 0; k < u->ncols && len + 1 < cap; k++) {
		const struct val *v = &vals[u->cols[k]];
		const char *name = t->cols[u->cols[k]].name;
		int w;
		if (v->cls == C_INT)
			w = snprintf(out + len, cap - len, "%s%s = %lld", k ? ", " : "", name,
				     (long long)v->i);
		else if (v->cls == C_TEXT)
			w = snprintf(out + len, cap - len, "%s%s = '%.*s'", k ? ", " : "", name,
				     (int)(v->len > 80 ? 80 : v->len), (const char *)v->p);
		else
			w = snprintf(out + len, cap - len, "%s%s", k ? ", " : "", name);
		if (w < 0)
			break;
		len += (size_t)w;
	}
}

/* --- the copy --------------------------------------------------------------- */

/* One row goes as ONE parameter, a text[] of its values (array_elem),
 * each cast back to its column's type: a table may have more columns than
 * a statement may have parameters. */
static const char *insert_sql(struct priv *p, const struct tab *t)
{
	struct sb b = {0};
	cp_sb_add(&b, "INSERT INTO ");
	cp_sb_ident(&b, t->name);
	cp_sb_add(&b, " (");
	for (int k = 0; k < t->ncols; k++) {
		if (k)
			cp_sb_add(&b, ", ");
		cp_sb_ident(&b, t->cols[k].name);
	}
	cp_sb_add(&b, ")");
	if (t->identity)
		cp_sb_add(&b, " OVERRIDING SYSTEM VALUE");
	cp_sb_add(&b, " SELECT ");
	for (int k = 0; k < t->ncols; k++) {
		if (k)
			cp_sb_add(&b, ", ");
		if (t->cols[k].tcls == C_BLOB) {
			cp_sb_add(&b, "decode(x.a[");
			cp_sb_int(&b, k + 1);
			cp_sb_add(&b, "], 'hex')");
		} else {
			cp_sb_add(&b, "CAST(x.a[");
			cp_sb_int(&b, k + 1);
			cp_sb_add(&b, "] AS ");
			cp_sb_add(&b, t->cols[k].ttype);
			cp_sb_add(&b, ")");
		}
	}
	cp_sb_add(&b, " FROM (SELECT CAST($1 AS text[]) AS a) AS x");
	return cp_keep(p, &b);
}

static void add_digest(struct tab *t, unsigned char *d)
{
	if ((t->ndig & (t->ndig - 1)) == 0)
		t->digests = xrealloc(t->digests, (t->ndig ? t->ndig * 2 : 1) * sizeof *t->digests);
	t->digests[t->ndig++] = d;
}

/* Copy every row of t; its source side of the verification. 0 or -1. */
static int copy_table(struct db_copy *c, struct priv *p, struct db *from, struct db *to,
		      struct tab *t, struct db_copy_table *out)
{
	const char *ins = insert_sql(p, t);
	struct val *vals = xcalloc((size_t)t->ncols, sizeof *vals);
	struct db_stmt *st = db_prep_try(from, cp_source_select(p, t));
	long long rowno = 0;
	int rc = DB_ERROR, res = 0;
	struct sb row = {0};
	while (st && (rc = db_step(st)) == DB_ROW) {
		rowno++;
		for (int k = 0; k < t->ncols; k++) {
			const char *why = "";
			if (cp_read_src(st, k, t->cols[k].cls, &vals[k], &why) != 0) {
				char lab[96];
				row_label(t, vals, rowno, lab, sizeof lab);
				cp_problem(c, "table %s, %s: column %s holds a %s value, not %s",
					   t->name, lab, t->cols[k].name, why,
					   cp_cls_name[t->cols[k].cls]);
				res = -1;
				break;
			}
		}
		if (res)
			break;
		/* a row the target already has (copy_map.c): not written */
		if ((size_t)rowno <= t->nfate && t->fate[rowno - 1] != F_INSERT)
			continue;
		cp_map_row(p, t, vals);
		crypto_hash_sha256_state s;
		crypto_hash_sha256_init(&s);
		for (int k = 0; k < t->ncols; k++)
			cp_val_bytes(&vals[k], cp_put_sha, &s);
		unsigned char *d = xmalloc(crypto_hash_sha256_BYTES);
		crypto_hash_sha256_final(&s, d);
		add_digest(t, d);
		struct db_stmt *in = db_prep_try(to, ins);
		if (!in) {
			cp_problem(c, "table %s: the target refused the insert: %s", t->name,
				   db_errmsg(to));
			res = -1;
			break;
		}
		row.len = 0;
		cp_sb_add(&row, "{");
		for (int k = 0; k < t->ncols; k++) {
			if (k)
				cp_sb_add(&row, ",");
			array_elem(&row, &vals[k]);
		}
		cp_sb_add(&row, "}");
		db_bind_textn(in, 1, row.p, row.len);
		if (db_run(in) != DB_OK) {
			char lab[96];
			row_label(t, vals, rowno, lab, sizeof lab);
			cp_problem(c, "table %s, %s: %s", t->name, lab, db_errmsg(to));
			res = -1;
			break;
		}
	}
	if (st)
		db_done(st);
	if (!res && rc != DB_DONE) {
		cp_problem(c, "table %s of the source cannot be read: %s", t->name,
			   db_errmsg(from));
		res = -1;
	}
	free(vals);
	free(row.p);
	out->from_rows = rowno;
	if (!res)
		table_sum(t->digests, t->ndig, out->from_sum);
	return res;
}

/* Read back the target's copy of t: the rows that were not there before
 * (all of them when it was empty: otherwise the keys of the source's primary
 * key select them). 0 or -1. */
static int verify_table(struct db_copy *c, struct priv *p, struct db *from, struct db *to,
			struct tab *t, struct db_copy_table *out)
{
	(void)from;
	struct db_stmt *st = db_prep_try(to, cp_target_cols(p, t, NULL, t->ncols));
	unsigned char **dig = NULL;
	size_t n = 0;
	int rc = DB_ERROR, res = 0;
	/* the rows already there before the copy: their digests are removed
	 * from the read-back (the target's own rows are kept as they were) */
	while (st && (rc = db_step(st)) == DB_ROW) {
		crypto_hash_sha256_state s;
		crypto_hash_sha256_init(&s);
		for (int k = 0; k < t->ncols; k++) {
			struct val v = cp_read_dst(st, k, t->cols[k].cls);
			cp_val_bytes(&v, cp_put_sha, &s);
		}
		if ((n & (n - 1)) == 0)
			dig = xrealloc(dig, (n ? n * 2 : 1) * sizeof *dig);
		dig[n] = xmalloc(crypto_hash_sha256_BYTES);
		crypto_hash_sha256_final(&s, dig[n++]);
	}
	if (st)
		db_done(st);
	if (rc != DB_DONE) {
		cp_problem(c, "table %s of the target cannot be read back: %s", t->name,
			   db_errmsg(to));
		res = -1;
	}
	if (!res && t->target_rows > 0) {
		/* keep only the digests that match a copied row, once each: the
		 * rest are the target's own rows, counted apart */
		unsigned char **mine = xcalloc(t->ndig + 1, sizeof *mine);
		size_t m = 0;
		qsort(dig, n, sizeof *dig, cp_cmp_digest);
		/* t->digests is sorted by table_sum */
		size_t i = 0, j = 0;
		while (i < n && j < t->ndig) {
			int r = memcmp(dig[i], t->digests[j], crypto_hash_sha256_BYTES);
			if (r == 0) {
				mine[m++] = dig[i];
				i++;
				j++;
			} else if (r < 0) {
				i++;
			} else {
				j++;
			}
		}
		out->to_rows = (long long)n - t->target_rows;
		table_sum(mine, m, out->to_sum);
		if ((long long)m != out->to_rows)
			out->to_sum[0] = '!';
		free(mine);
	} else if (!res) {
		out->to_rows = (long long)n;
		table_sum(dig, n, out->to_sum);
	}
	for (size_t i = 0; i < n; i++)
		free(dig[i]);
	free(dig);
	out->onto = t->onto;
	out->verified = !res;
	return res;
}

/* Sequences past the copied ids: an identity, a serial, or a sequence named
 * <table>_<column>_seq (dossier's, whose trigger draws from it). */
static int advance_sequences(struct db_copy *c, struct priv *p, struct db *to, struct tab *t)
{
	int pkcol = -1, npk = 0;
	for (int k = 0; k < t->ncols; k++)
		if (t->cols[k].pk) {
			npk++;
			pkcol = k;
		}
	if (npk != 1 || t->cols[pkcol].cls != C_INT)
		return 0;
	const char *col = t->cols[pkcol].name;
	struct sb b = {0};
	cp_sb_add(&b, "SELECT setval(CAST(x.s AS regclass), GREATEST(x.m, "
		      "COALESCE(pg_sequence_last_value(CAST(x.s AS regclass)), 0)))"
		      " FROM (SELECT COALESCE(pg_get_serial_sequence($1, $2),"
		      " CAST(to_regclass($3) AS text)) AS s, (SELECT max(");
	cp_sb_ident(&b, col);
	cp_sb_add(&b, ") FROM ");
	cp_sb_ident(&b, t->name);
	cp_sb_add(&b, ") AS m) AS x WHERE x.s IS NOT NULL AND x.m IS NOT NULL AND x.m > 0");
	const char *sql = cp_keep(p, &b);
	struct sb q = {0}, seq = {0};
	cp_sb_add(&q, "\"");
	cp_sb_add(&q, t->name);
	cp_sb_add(&q, "\"");
	cp_sb_add(&seq, t->name);
	cp_sb_add(&seq, "_");
	cp_sb_add(&seq, col);
	cp_sb_add(&seq, "_seq");
	struct db_stmt *st = db_prep_try(to, sql);
	int rc = DB_ERROR;
	if (st) {
		db_bind_vals(st, 3,
			     (const struct db_val[]){db_text(q.p), db_text(col), db_text(seq.p)});
		rc = db_run(st);
	}
	free(q.p);
	free(seq.p);
	if (rc != DB_OK) {
		cp_problem(c, "table %s: its id sequence cannot be advanced: %s", t->name,
			   db_errmsg(to));
		return -1;
	}
	return 0;
}

/* The target's search index from the source's (procedure_fts: rowid, name,
 * field, code), when both have one. 0 or -1. */
static int rebuild_search(struct db_copy *c, struct priv *p, struct db *from, struct db *to)
{
	const struct tab *proc = cp_find_tab(p, "procedure");
	static const char sql_has_fts[] =
		"SELECT count(*) FROM sqlite_master WHERE name = 'procedure_fts'";
	static const char sql_has_term[] =
		"SELECT count(*) FROM information_schema.tables"
		" WHERE table_schema = current_schema() AND table_name = 'procedure_term'";
	static const char sql_fts[] =
		"SELECT rowid, name, field, code FROM procedure_fts ORDER BY rowid";
	struct db_stmt *st = db_row(from, sql_has_fts, DB_ARGS(db_null()));
	long long has = st ? db_col_int(st, 0) : 0;
	if (st)
		db_done(st);
	st = db_row(to, sql_has_term, DB_ARGS(db_null()));
	has = has && st && db_col_int(st, 0);
	if (st)
		db_done(st);
	if (!has)
		return 0;
	st = db_prep_try(from, sql_fts);
	int rc = DB_ERROR;
	while (st && (rc = db_step(st)) == DB_ROW) {
		/* a procedure mapped onto the target's is indexed there already */
		int merged = 0;
		long long id = db_col_int(st, 0);
		if (proc)
			id = cp_map_id(proc, id, &merged);
		if (merged)
			continue;
		if (db_search_index_procedure(to, id, db_col_text(st, 1), db_col_text(st, 2),
					      db_col_text(st, 3)) != 0) {
			cp_problem(c, "procedure %lld: the search index refused it: %s",
				   (long long)db_col_int(st, 0), db_errmsg(to));
			db_done(st);
			return -1;
		}
		c->indexed++;
	}
	if (st)
		db_done(st);
	if (rc != DB_DONE) {
		cp_problem(c, "the source's search index cannot be read: %s", db_errmsg(from));
		return -1;
	}
	return 0;
}

struct db_copy *db_copy_new(void)
{
	struct db_copy *c = xcalloc(1, sizeof *c);
	c->priv = xcalloc(1, sizeof(struct priv));
	return c;
}

int db_copy_run(struct db_copy *c, struct db *from, struct db *to)
{
	struct priv *p = c->priv;
	if (from->be != DB_BE_SQLITE || to->be != DB_BE_PG) {
		cp_problem(c, "the source must be a SQLite file and the target a PostgreSQL URL");
		return DB_COPY_REFUSED;
	}
	if (db_begin_read(from) != DB_OK) {
		cp_problem(c, "the source cannot be read: %s", db_errmsg(from));
		return DB_COPY_FAILED;
	}
	if (db_begin(to) != DB_OK) {
		cp_problem(c, "the target cannot be written: %s", db_errmsg(to));
		db_end_read(from);
		return DB_COPY_FAILED;
	}
	int rc = DB_COPY_REFUSED;
	if (cp_read_source(c, p, from) != 0 || cp_read_target(c, p, to) != 0)
		goto out;
	cp_order_tables(p);
	c->ntables = (size_t)p->nt;
	c->tables = xcalloc(c->ntables, sizeof *c->tables);
	for (int i = 0; i < p->nt; i++)
		c->tables[i].name = xstrdup(p->t[i].name);
	int planned = cp_plan(c, p, from, to);
	if (planned < 0) {
		rc = DB_COPY_FAILED;
		goto out;
	}
	if (planned > 0)
		goto out; /* collisions: refused, nothing written */
	rc = DB_COPY_FAILED;
	for (int i = 0; i < p->nt; i++)
		if (copy_table(c, p, from, to, &p->t[i], &c->tables[i]) != 0)
			goto out;
	for (int i = 0; i < p->nt; i++)
		if (advance_sequences(c, p, to, &p->t[i]) != 0)
			goto out;
	if (rebuild_search(c, p, from, to) != 0)
		goto out;
	for (int i = 0; i < p->nt; i++)
		if (verify_table(c, p, from, to, &p->t[i], &c->tables[i]) != 0)
			goto out;
	rc = DB_COPY_OK;
	for (size_t i = 0; i < c->ntables; i++) {
		struct db_copy_table *t = &c->tables[i];
		if (t->from_rows != t->to_rows + t->onto || strcmp(t->from_sum, t->to_sum) != 0) {
			cp_problem(c, "table %s: the copy differs from the source", t->name);
			rc = DB_COPY_MISMATCH;
		}
	}
	if (rc == DB_COPY_OK && (c->implementing = cp_add_competence(c, p, from, to)) < 0)
		rc = DB_COPY_FAILED;
	if (rc == DB_COPY_OK && c->before_commit && c->before_commit(to, c, c->arg) != 0) {
		cp_problem(c, "the record of the copy could not be written: %s", db_errmsg(to));
		rc = DB_COPY_FAILED;
	}
	if (rc == DB_COPY_OK && (db_tx_failed(to) || db_commit(to) != DB_OK)) {
		cp_problem(c, "the target did not commit: %s", db_errmsg(to));
		rc = DB_COPY_FAILED;
	}
out:
	if (rc != DB_COPY_OK)
		db_rollback(to);
	db_end_read(from);
	return rc;
}

void db_copy_free(struct db_copy *c)
{
	if (!c)
		return;
	struct priv *p = c->priv;
	for (int i = 0; i < p->nt; i++) {
		struct tab *t = &p->t[i];
		for (int k = 0; k < t->ncols; k++)
			free(t->cols[k].name);
		for (int d = 0; d < t->ndeps; d++)
			free(t->deps[d]);
		for (size_t d = 0; d < t->ndig; d++)
			free(t->digests[d]);
		for (int k = 0; k < t->ncols; k++) {
			free(t->cols[k].ref_tab);
			free(t->cols[k].ref_col);
		}
		for (int u = 0; u < t->nuix; u++) {
			for (size_t k = 0; k < t->uix[u].nkeys; k++)
				free(t->uix[u].keys[k].p);
			free(t->uix[u].keys);
			free(t->uix[u].name);
			free(t->uix[u].cols);
		}
		for (size_t d = 0; d < t->ntdig; d++)
			free(t->tdig[d]);
		free(t->tdig);
		free(t->map);
		free(t->fate);
		free(t->uix);
		free(t->digests);
		free(t->deps);
		free(t->cols);
		free(t->name);
	}
	free(p->t);
	for (size_t i = 0; i < p->nsrc_ag; i++) {
		free(p->src_ag[i].code);
		free(p->src_ag[i].eid);
	}
	for (size_t i = 0; i < p->ndst_ag; i++) {
		free(p->dst_ag[i].code);
		free(p->dst_ag[i].eid);
	}
	free(p->src_ag);
	free(p->dst_ag);
	free(p);
	for (size_t i = 0; i < c->ntables; i++)
		free(c->tables[i].name);
	free(c->tables);
	for (size_t i = 0; i < c->nproblems; i++)
		free(c->problems[i]);
	free(c->problems);
	free(c);
}
