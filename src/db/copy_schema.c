/*
 * copy_schema.c — the store copy's reading of the two schemas (copy.h,
 * copy_impl.h): sqlite_master, pragma_table_info and
 * pragma_foreign_key_list on the source; information_schema and pg_index on
 * the target; the tables ordered parents first; and the small text and
 * classification helpers both halves use.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "db/copy_impl.h"
#include "db/db_impl.h"

const char *const cp_cls_name[] = {"integer", "real", "text", "blob", "other"};

/* --- small helpers -------------------------------------------------------- */

void cp_sb_add(struct sb *b, const char *s)
{
	size_t n = strlen(s);
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n + 1);
	b->len += n;
}

void cp_sb_int(struct sb *b, long long v)
{
	char tmp[32];
	snprintf(tmp, sizeof tmp, "%lld", v);
	cp_sb_add(b, tmp);
}

void cp_sb_ident(struct sb *b, const char *name)
{
	cp_sb_add(b, "\"");
	cp_sb_add(b, name);
	cp_sb_add(b, "\"");
}

/* The built text, interned for the life of the process: connections cache
 * statements by the text's address, so one text must keep one address and
 * no address may ever be reused for another text (a freed string could be,
 * by a later run on the same connection). */
const char *cp_keep(struct priv *p, struct sb *b)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static char **texts;
	static size_t ntexts, cap;
	(void)p;
	pthread_mutex_lock(&lock);
	const char *found = NULL;
	for (size_t i = 0; i < ntexts && !found; i++)
		if (strcmp(texts[i], b->p) == 0)
			found = texts[i];
	if (!found) {
		if (ntexts == cap) {
			cap = cap ? cap * 2 : 64;
			texts = xrealloc(texts, cap * sizeof *texts);
		}
		texts[ntexts++] = b->p;
		found = b->p;
		b->p = NULL;
	}
	pthread_mutex_unlock(&lock);
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
	return found;
}

void cp_problem(struct db_copy *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cp_problem(struct db_copy *c, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	c->problems = xrealloc(c->problems, (c->nproblems + 1) * sizeof *c->problems);
	c->problems[c->nproblems++] = xstrdup(tmp);
}

int cp_plain_name(const char *s)
{
	if (!*s || strlen(s) > 63)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

static int has_ci(const char *s, const char *w)
{
	size_t n = strlen(w);
	for (; *s; s++) {
		size_t k = 0;
		while (k < n && s[k] && (s[k] | 0x20) == (w[k] | 0x20))
			k++;
		if (k == n)
			return 1;
	}
	return 0;
}

/* SQLite's affinity of a declared type (https://sqlite.org/datatype3.html). */
enum cls cp_sqlite_cls(const char *decl)
{
	if (has_ci(decl, "int"))
		return C_INT;
	if (has_ci(decl, "char") || has_ci(decl, "clob") || has_ci(decl, "text"))
		return C_TEXT;
	if (!*decl || has_ci(decl, "blob"))
		return C_BLOB;
	if (has_ci(decl, "real") || has_ci(decl, "floa") || has_ci(decl, "doub"))
		return C_REAL;
	return C_OTHER;
}

static const struct {
	const char *name;
	enum cls cls;
} pg_types[] = {{"bigint", C_INT},
		{"integer", C_INT},
		{"smallint", C_INT},
		{"double precision", C_REAL},
		{"real", C_REAL},
		{"text", C_TEXT},
		{"character varying", C_TEXT},
		{"character", C_TEXT},
		{"json", C_TEXT},
		{"jsonb", C_TEXT},
		{"bytea", C_BLOB}};

/* The class of a PostgreSQL type; *name the table's own string for it. */
enum cls cp_pg_cls(const char *t, const char **name)
{
	for (size_t i = 0; i < sizeof pg_types / sizeof pg_types[0]; i++)
		if (strcmp(t, pg_types[i].name) == 0) {
			*name = pg_types[i].name;
			return pg_types[i].cls;
		}
	return C_OTHER;
}

/* --- the catalogues -------------------------------------------------------- */

struct tab *cp_find_tab(struct priv *p, const char *name)
{
	for (int i = 0; i < p->nt; i++)
		if (strcmp(p->t[i].name, name) == 0)
			return &p->t[i];
	return NULL;
}

/* Tables whose rows the migrations themselves put in every new database
 * (0017 seeds the reception duties): rows there do not make a target one
 * that already held a centre. */
static int seeded_by_migrations(const char *table)
{
	return strcmp(table, "reception_duty") == 0;
}

static int is_index_table(const char *name, char **virt, int nvirt)
{
	for (int i = 0; i < nvirt; i++) {
		size_t n = strlen(virt[i]);
		if (strcmp(name, virt[i]) == 0 ||
		    (strncmp(name, virt[i], n) == 0 && name[n] == '_'))
			return 1;
	}
	return 0;
}

/* The source's tables, columns and foreign keys. 0, or -1 (problems). */
int cp_read_source(struct db_copy *c, struct priv *p, struct db *from)
{
	static const char sql_tables[] =
		"SELECT name, sql FROM sqlite_master WHERE type = 'table'"
		" AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name";
	static const char sql_cols[] =
		"SELECT name, type, pk FROM pragma_table_info($1) ORDER BY cid";
	static const char sql_fks[] = "SELECT \"table\", \"from\", \"to\" FROM "
				      "pragma_foreign_key_list($1) ORDER BY id, seq";
	char **virt = NULL, **names = NULL;
	int nvirt = 0, nnames = 0, bad = 0;
	struct db_stmt *st = db_prep_try(from, sql_tables);
	if (!st) {
		cp_problem(c, "the source cannot be read: %s", db_errmsg(from));
		return -1;
	}
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *name = db_col_text(st, 0), *sql = db_col_text(st, 1);
		if (strncmp(sql, "CREATE VIRTUAL TABLE", 20) == 0) {
			virt = xrealloc(virt, (size_t)(nvirt + 1) * sizeof *virt);
			virt[nvirt++] = xstrdup(name);
		} else {
			names = xrealloc(names, (size_t)(nnames + 1) * sizeof *names);
			names[nnames++] = xstrdup(name);
		}
	}
	db_done(st);
	if (rc != DB_DONE) {
		cp_problem(c, "the source cannot be read: %s", db_errmsg(from));
		bad = 1;
	}
	for (int i = 0; i < nnames && !bad; i++) {
		if (strcmp(names[i], "schema_migrations") == 0 ||
		    is_index_table(names[i], virt, nvirt))
			continue;
		if (!cp_plain_name(names[i])) {
			cp_problem(c, "table %s: a name motcua does not use", names[i]);
			bad = 1;
			break;
		}
		p->t = xrealloc(p->t, (size_t)(p->nt + 1) * sizeof *p->t);
		struct tab *t = &p->t[p->nt++];
		memset(t, 0, sizeof *t);
		t->name = xstrdup(names[i]);
		st = db_query(from, sql_cols, DB_ARGS(db_text(t->name)));
		while ((rc = db_step(st)) == DB_ROW) {
			t->cols = xrealloc(t->cols, (size_t)(t->ncols + 1) * sizeof *t->cols);
			struct col *cl = &t->cols[t->ncols++];
			memset(cl, 0, sizeof *cl);
			cl->ref = -1;
			cl->name = xstrdup(db_col_text(st, 0));
			cl->cls = cp_sqlite_cls(db_col_text(st, 1));
			cl->tcls = C_OTHER;
			cl->pk = (int)db_col_int(st, 2);
			if (!cp_plain_name(cl->name) || cl->cls == C_OTHER) {
				cp_problem(
					c,
					"table %s, column %s: a name or type motcua does not use",
					t->name, cl->name);
				bad = 1;
			}
		}
		db_done(st);
		st = db_query(from, sql_fks, DB_ARGS(db_text(t->name)));
		while ((rc = db_step(st)) == DB_ROW) {
			const char *rt = db_col_text(st, 0), *fc = db_col_text(st, 1);
			int seen = 0;
			for (int d = 0; d < t->ndeps; d++)
				seen |= strcmp(t->deps[d], rt) == 0;
			if (!seen) {
				t->deps =
					xrealloc(t->deps, (size_t)(t->ndeps + 1) * sizeof *t->deps);
				t->deps[t->ndeps++] = xstrdup(rt);
			}
			for (int k = 0; k < t->ncols; k++)
				if (strcmp(t->cols[k].name, fc) == 0 && !t->cols[k].ref_tab) {
					t->cols[k].ref_tab = xstrdup(rt);
					t->cols[k].ref_col = db_col_null(st, 2)
								     ? NULL
								     : xstrdup(db_col_text(st, 2));
				}
		}
		db_done(st);
	}
	for (int i = 0; i < nvirt; i++)
		free(virt[i]);
	for (int i = 0; i < nnames; i++)
		free(names[i]);
	free(virt);
	free(names);
	return bad ? -1 : 0;
}

/* The target's side of every table: columns, types, identity, row count,
 * unique indexes. 0, or -1 (problems). */
int cp_read_target(struct db_copy *c, struct priv *p, struct db *to)
{
	static const char sql_cols[] =
		"SELECT column_name, data_type, is_identity FROM information_schema.columns"
		" WHERE table_schema = current_schema() AND table_name = $1 ORDER BY "
		"ordinal_position";
	static const char sql_uix[] =
		"SELECT ic.relname, CASE WHEN i.indisprimary THEN 1 ELSE 0 END, a.attname"
		" FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid"
		" JOIN pg_namespace n ON n.oid = c.relnamespace"
		" JOIN pg_class ic ON ic.oid = i.indexrelid"
		" CROSS JOIN LATERAL unnest(CAST(i.indkey AS int2[])) WITH ORDINALITY AS k(attnum, "
		"ord)"
		" JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum"
		" WHERE n.nspname = current_schema() AND c.relname = $1 AND i.indisunique"
		" AND i.indpred IS NULL AND i.indexprs IS NULL ORDER BY ic.relname, k.ord";
	int bad = 0;
	for (int i = 0; i < p->nt; i++) {
		struct tab *t = &p->t[i];
		int seen = 0, extra = 0;
		struct db_stmt *st = db_query(to, sql_cols, DB_ARGS(db_text(t->name)));
		int rc;
		while ((rc = db_step(st)) == DB_ROW) {
			const char *cn = db_col_text(st, 0);
			int found = 0;
			seen++;
			for (int k = 0; k < t->ncols; k++)
				if (strcmp(t->cols[k].name, cn) == 0) {
					t->cols[k].tcls =
						cp_pg_cls(db_col_text(st, 1), &t->cols[k].ttype);
					found = 1;
				}
			if (!found) {
				cp_problem(c,
					   "table %s: column %s of the target is not in the source",
					   t->name, cn);
				extra = 1;
			}
			if (strcmp(db_col_text(st, 2), "YES") == 0)
				t->identity = 1;
		}
		db_done(st);
		if (rc != DB_DONE) {
			cp_problem(c, "the target cannot be read: %s", db_errmsg(to));
			return -1;
		}
		if (!seen) {
			cp_problem(c, "table %s of the source is not in the target", t->name);
			bad = 1;
			continue;
		}
		bad |= extra;
		for (int k = 0; k < t->ncols; k++) {
			if (t->cols[k].tcls == C_OTHER) {
				cp_problem(
					c,
					"table %s, column %s: missing in the target, or of a type "
					"motcua does not use there",
					t->name, t->cols[k].name);
				bad = 1;
			} else if (t->cols[k].tcls != t->cols[k].cls) {
				cp_problem(
					c,
					"table %s, column %s: %s in the source, %s in the target",
					t->name, t->cols[k].name, cp_cls_name[t->cols[k].cls],
					cp_cls_name[t->cols[k].tcls]);
				bad = 1;
			}
		}
		if (bad)
			continue;
		struct sb b = {0};
		cp_sb_add(&b, "SELECT count(*) FROM ");
		cp_sb_ident(&b, t->name);
		st = db_prep_try(to, cp_keep(p, &b));
		if (!st || db_step(st) != DB_ROW) {
			if (st)
				db_done(st);
			cp_problem(c, "table %s of the target cannot be read: %s", t->name,
				   db_errmsg(to));
			return -1;
		}
		t->target_rows = db_col_int(st, 0);
		db_done(st);
		if (t->target_rows > 0 && !seeded_by_migrations(t->name))
			c->target_had_rows = 1;
		st = db_query(to, sql_uix, DB_ARGS(db_text(t->name)));
		while ((rc = db_step(st)) == DB_ROW) {
			const char *in = db_col_text(st, 0), *cn = db_col_text(st, 2);
			if (!t->nuix || strcmp(t->uix[t->nuix - 1].name, in) != 0) {
				t->uix = xrealloc(t->uix, (size_t)(t->nuix + 1) * sizeof *t->uix);
				struct uidx *u = &t->uix[t->nuix++];
				memset(u, 0, sizeof *u);
				u->name = xstrdup(in);
				u->primary = (int)db_col_int(st, 1);
			}
			struct uidx *u = &t->uix[t->nuix - 1];
			for (int k = 0; k < t->ncols; k++)
				if (strcmp(t->cols[k].name, cn) == 0) {
					u->cols = xrealloc(u->cols, (size_t)(u->ncols + 1) *
									    sizeof *u->cols);
					u->cols[u->ncols++] = k;
				}
		}
		db_done(st);
	}
	return bad ? -1 : 0;
}

/* Parents before children. Tables in a cycle keep their name order (their
 * insert then fails on the foreign key, and the run rolls back). */
void cp_order_tables(struct priv *p)
{
	struct tab *out = xcalloc((size_t)p->nt, sizeof *out);
	int n = 0;
	while (n < p->nt) {
		int moved = 0;
		for (int i = 0; i < p->nt; i++) {
			struct tab *t = &p->t[i];
			if (t->done)
				continue;
			int ready = 1;
			for (int d = 0; d < t->ndeps && ready; d++) {
				struct tab *dep = cp_find_tab(p, t->deps[d]);
				if (dep && dep != t && !dep->done)
					ready = 0;
			}
			if (ready) {
				t->done = 1;
				out[n++] = *t;
				moved = 1;
			}
		}
		if (!moved)
			for (int i = 0; i < p->nt; i++)
				if (!p->t[i].done) {
					p->t[i].done = 1;
					out[n++] = p->t[i];
				}
	}
	free(p->t);
	p->t = out;
	for (int i = 0; i < p->nt; i++)
		for (int k = 0; k < p->t[i].ncols; k++) {
			struct col *cl = &p->t[i].cols[k];
			cl->ref = -1;
			for (int j = 0; cl->ref_tab && j < p->nt; j++)
				if (strcmp(p->t[j].name, cl->ref_tab) == 0)
					cl->ref = j;
		}
}

/* The source's rows of t, in primary-key order (or rowid order), each value
 * followed by its typeof(). */
const char *cp_source_select(struct priv *p, const struct tab *t)
{
	struct sb b = {0};
	cp_sb_add(&b, "SELECT ");
	for (int k = 0; k < t->ncols; k++) {
		if (k)
			cp_sb_add(&b, ", ");
		cp_sb_ident(&b, t->cols[k].name);
		cp_sb_add(&b, ", typeof(");
		cp_sb_ident(&b, t->cols[k].name);
		cp_sb_add(&b, ")");
	}
	cp_sb_add(&b, " FROM ");
	cp_sb_ident(&b, t->name);
	cp_sb_add(&b, " ORDER BY ");
	int npk = 0;
	for (int pos = 1; pos <= t->ncols; pos++)
		for (int k = 0; k < t->ncols; k++)
			if (t->cols[k].pk == pos) {
				if (npk++)
					cp_sb_add(&b, ", ");
				cp_sb_ident(&b, t->cols[k].name);
			}
	if (!npk)
		cp_sb_add(&b, "rowid");
	return cp_keep(p, &b);
}

const char *cp_target_cols(struct priv *p, const struct tab *t, const int *cols, int n)
{
	struct sb b = {0};
	cp_sb_add(&b, "SELECT ");
	for (int k = 0; k < n; k++) {
		if (k)
			cp_sb_add(&b, ", ");
		cp_sb_ident(&b, t->cols[cols ? cols[k] : k].name);
	}
	cp_sb_add(&b, " FROM ");
	cp_sb_ident(&b, t->name);
	return cp_keep(p, &b);
}
