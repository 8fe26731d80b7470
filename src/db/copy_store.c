/*
 * copy_store.c — copy.h: a SQLite store copied into PostgreSQL, read from
 * both catalogues (sqlite_master and pragma_table_info / _foreign_key_list
 * on the source; information_schema and pg_index on the target).
 *
 * Table and column names come from the catalogues and are accepted only
 * when made of [a-z0-9_] (the names motcua's migrations use), so the SQL
 * built from them needs no quoting beyond the double quotes it gets; every
 * value is bound. The SQL text built is interned for the life of the
 * process (keep()), because connections cache statements by its address.
 */
#include "db/copy.h"

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

enum cls { C_INT, C_REAL, C_TEXT, C_BLOB, C_OTHER };
static const char *const cls_name[] = {"integer", "real", "text", "blob", "other"};

struct col {
	char *name;
	enum cls cls;      /* on the source */
	enum cls tcls;     /* on the target */
	const char *ttype; /* the target's type name (from pg_cls's table) */
	int pk;            /* position in the source's primary key (1-based), 0 */
};

struct uidx {
	char *name;
	int primary;
	int *cols; /* indexes into tab.cols */
	int ncols;
};

struct tab {
	char *name;
	struct col *cols;
	int ncols;
	int identity; /* the target has an identity column */
	char **deps;  /* tables referenced by foreign keys */
	int ndeps, done;
	long long target_rows;
	unsigned char **digests; /* one per copied row, from the source */
	size_t ndig;
	struct uidx *uix;
	int nuix;
};

struct priv {
	struct tab *t;
	int nt;
};

/* --- small helpers -------------------------------------------------------- */

struct sb {
	char *p;
	size_t len, cap;
};

static void sb_add(struct sb *b, const char *s)
{
	size_t n = strlen(s);
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n + 1);
	b->len += n;
}

static void sb_int(struct sb *b, long long v)
{
	char tmp[32];
	snprintf(tmp, sizeof tmp, "%lld", v);
	sb_add(b, tmp);
}

static void sb_ident(struct sb *b, const char *name)
{
	sb_add(b, "\"");
	sb_add(b, name);
	sb_add(b, "\"");
}

/* The built text, interned for the life of the process: connections cache
 * statements by the text's address, so one text must keep one address and
 * no address may ever be reused for another text (a freed string could be,
 * by a later run on the same connection). */
static const char *keep(struct priv *p, struct sb *b)
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

static void problem(struct db_copy *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(struct db_copy *c, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	c->problems = xrealloc(c->problems, (c->nproblems + 1) * sizeof *c->problems);
	c->problems[c->nproblems++] = xstrdup(tmp);
}

static int plain_name(const char *s)
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
static enum cls sqlite_cls(const char *decl)
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
static enum cls pg_cls(const char *t, const char **name)
{
	for (size_t i = 0; i < sizeof pg_types / sizeof pg_types[0]; i++)
		if (strcmp(t, pg_types[i].name) == 0) {
			*name = pg_types[i].name;
			return pg_types[i].cls;
		}
	return C_OTHER;
}

/* --- values: read, bound, hashed ------------------------------------------ */

struct val {
	int null;
	enum cls cls;
	int64_t i;
	double d;
	const void *p;
	size_t len;
};

/* The canonical bytes of a value (the checksum's and the keys' unit). */
static void val_bytes(const struct val *v, void (*put)(void *arg, const void *p, size_t n),
		      void *arg)
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

static void put_sha(void *arg, const void *p, size_t n)
{
	crypto_hash_sha256_update(arg, p, n);
}

static void put_sb(void *arg, const void *p, size_t n)
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
static struct val read_dst(struct db_stmt *st, int i, enum cls cls)
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
static int read_src(struct db_stmt *st, int k, enum cls cls, struct val *v, const char **why)
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
		sb_add(b, "NULL");
		return;
	}
	put_sb(b, "\"", 1);
	switch (v->cls) {
	case C_INT:
		snprintf(tmp, sizeof tmp, "%lld", (long long)v->i);
		sb_add(b, tmp);
		break;
	case C_REAL:
		snprintf(tmp, sizeof tmp, "%.17g", v->d);
		sb_add(b, tmp);
		break;
	case C_TEXT:
		for (size_t i = 0; i < v->len; i++) {
			char ch = ((const char *)v->p)[i];
			if (ch == '\\' || ch == '"')
				put_sb(b, "\\", 1);
			put_sb(b, &ch, 1);
		}
		break;
	default:
		for (size_t i = 0; i < v->len; i++) {
			snprintf(tmp, sizeof tmp, "%02x", ((const unsigned char *)v->p)[i]);
			put_sb(b, tmp, 2);
		}
		break;
	}
	put_sb(b, "\"", 1);
}

static int cmp_digest(const void *a, const void *b)
{
	return memcmp(*(unsigned char *const *)a, *(unsigned char *const *)b,
		      crypto_hash_sha256_BYTES);
}

/* The table's checksum from its row digests (sorted here): hex into out. */
static void table_sum(unsigned char **dig, size_t n, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state s;
	qsort(dig, n, sizeof *dig, cmp_digest);
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

/* --- the catalogues -------------------------------------------------------- */

static struct tab *find_tab(struct priv *p, const char *name)
{
	for (int i = 0; i < p->nt; i++)
		if (strcmp(p->t[i].name, name) == 0)
			return &p->t[i];
	return NULL;
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
static int read_source(struct db_copy *c, struct priv *p, struct db *from)
{
	static const char sql_tables[] =
		"SELECT name, sql FROM sqlite_master WHERE type = 'table'"
		" AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name";
	static const char sql_cols[] =
		"SELECT name, type, pk FROM pragma_table_info($1) ORDER BY cid";
	static const char sql_fks[] = "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list($1)";
	char **virt = NULL, **names = NULL;
	int nvirt = 0, nnames = 0, bad = 0;
	struct db_stmt *st = db_prep_try(from, sql_tables);
	if (!st) {
		problem(c, "the source cannot be read: %s", db_errmsg(from));
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
		problem(c, "the source cannot be read: %s", db_errmsg(from));
		bad = 1;
	}
	for (int i = 0; i < nnames && !bad; i++) {
		if (strcmp(names[i], "schema_migrations") == 0 ||
		    is_index_table(names[i], virt, nvirt))
			continue;
		if (!plain_name(names[i])) {
			problem(c, "table %s: a name motcua does not use", names[i]);
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
			cl->name = xstrdup(db_col_text(st, 0));
			cl->cls = sqlite_cls(db_col_text(st, 1));
			cl->tcls = C_OTHER;
			cl->pk = (int)db_col_int(st, 2);
			if (!plain_name(cl->name) || cl->cls == C_OTHER) {
				problem(c,
					"table %s, column %s: a name or type motcua does not use",
					t->name, cl->name);
				bad = 1;
			}
		}
		db_done(st);
		st = db_query(from, sql_fks, DB_ARGS(db_text(t->name)));
		while ((rc = db_step(st)) == DB_ROW) {
			t->deps = xrealloc(t->deps, (size_t)(t->ndeps + 1) * sizeof *t->deps);
			t->deps[t->ndeps++] = xstrdup(db_col_text(st, 0));
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
static int read_target(struct db_copy *c, struct priv *p, struct db *to)
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
						pg_cls(db_col_text(st, 1), &t->cols[k].ttype);
					found = 1;
				}
			if (!found) {
				problem(c, "table %s: column %s of the target is not in the source",
					t->name, cn);
				extra = 1;
			}
			if (strcmp(db_col_text(st, 2), "YES") == 0)
				t->identity = 1;
		}
		db_done(st);
		if (rc != DB_DONE) {
			problem(c, "the target cannot be read: %s", db_errmsg(to));
			return -1;
		}
		if (!seen) {
			problem(c, "table %s of the source is not in the target", t->name);
			bad = 1;
			continue;
		}
		bad |= extra;
		for (int k = 0; k < t->ncols; k++) {
			if (t->cols[k].tcls == C_OTHER) {
				problem(c,
					"table %s, column %s: missing in the target, or of a type "
					"motcua does not use there",
					t->name, t->cols[k].name);
				bad = 1;
			} else if (t->cols[k].tcls != t->cols[k].cls) {
				problem(c,
					"table %s, column %s: %s in the source, %s in the target",
					t->name, t->cols[k].name, cls_name[t->cols[k].cls],
					cls_name[t->cols[k].tcls]);
				bad = 1;
			}
		}
		if (bad)
			continue;
		struct sb b = {0};
		sb_add(&b, "SELECT count(*) FROM ");
		sb_ident(&b, t->name);
		st = db_prep_try(to, keep(p, &b));
		if (!st || db_step(st) != DB_ROW) {
			if (st)
				db_done(st);
			problem(c, "table %s of the target cannot be read: %s", t->name,
				db_errmsg(to));
			return -1;
		}
		t->target_rows = db_col_int(st, 0);
		db_done(st);
		if (t->target_rows > 0)
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
static void order_tables(struct priv *p)
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
				struct tab *dep = find_tab(p, t->deps[d]);
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
}

/* The source's rows of t, in primary-key order (or rowid order), each value
 * followed by its typeof(). */
static const char *source_select(struct priv *p, const struct tab *t)
{
	struct sb b = {0};
	sb_add(&b, "SELECT ");
	for (int k = 0; k < t->ncols; k++) {
		if (k)
			sb_add(&b, ", ");
		sb_ident(&b, t->cols[k].name);
		sb_add(&b, ", typeof(");
		sb_ident(&b, t->cols[k].name);
		sb_add(&b, ")");
	}
	sb_add(&b, " FROM ");
	sb_ident(&b, t->name);
	sb_add(&b, " ORDER BY ");
	int npk = 0;
	for (int pos = 1; pos <= t->ncols; pos++)
		for (int k = 0; k < t->ncols; k++)
			if (t->cols[k].pk == pos) {
				if (npk++)
					sb_add(&b, ", ");
				sb_ident(&b, t->cols[k].name);
			}
	if (!npk)
		sb_add(&b, "rowid");
	return keep(p, &b);
}

static const char *target_cols(struct priv *p, const struct tab *t, const int *cols, int n)
{
	struct sb b = {0};
	sb_add(&b, "SELECT ");
	for (int k = 0; k < n; k++) {
		if (k)
			sb_add(&b, ", ");
		sb_ident(&b, t->cols[cols ? cols[k] : k].name);
	}
	sb_add(&b, " FROM ");
	sb_ident(&b, t->name);
	return keep(p, &b);
}

/* --- collisions with the rows already in the target ----------------------- */

struct key {
	char *p;
	size_t len;
};

static int cmp_key(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int r = memcmp(x->p, y->p, n);
	return r ? r : (x->len > y->len) - (x->len < y->len);
}

/* Short printable form of a key's values for the operator. */
static void key_text(const struct tab *t, const struct uidx *u, const struct val *vals, char *out,
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

/* Every source row whose key of a unique index of the target is already
 * there: listed (at most 10 per index). Returns how many collided, -1 on a
 * read error. */
static long long collisions(struct db_copy *c, struct priv *p, struct db *from, struct db *to,
			    struct tab *t)
{
	long long total = 0;
	struct val *vals = xcalloc((size_t)t->ncols, sizeof *vals);
	const char *src_sql = source_select(p, t);
	for (int x = 0; x < t->nuix; x++) {
		struct uidx *u = &t->uix[x];
		struct key *keys = NULL;
		size_t nkeys = 0;
		struct db_stmt *st = db_prep_try(to, target_cols(p, t, u->cols, u->ncols));
		int rc = DB_ERROR;
		while (st && (rc = db_step(st)) == DB_ROW) {
			struct sb b = {0};
			int null = 0;
			for (int k = 0; k < u->ncols; k++) {
				struct val v = read_dst(st, k, t->cols[u->cols[k]].cls);
				null |= v.null;
				val_bytes(&v, put_sb, &b);
			}
			if (null) {
				free(b.p);
				continue;
			}
			keys = xrealloc(keys, (nkeys + 1) * sizeof *keys);
			keys[nkeys++] = (struct key){b.p ? b.p : xstrdup(""), b.len};
		}
		if (st)
			db_done(st);
		if (rc != DB_DONE) {
			problem(c, "table %s of the target cannot be read: %s", t->name,
				db_errmsg(to));
			total = -1;
		}
		qsort(keys, nkeys, sizeof *keys, cmp_key);
		long long hits = 0;
		st = total < 0 ? NULL : db_prep_try(from, src_sql);
		rc = DB_DONE;
		while (st && (rc = db_step(st)) == DB_ROW) {
			const char *why = "";
			struct sb b = {0};
			int null = 0, ok = 1;
			for (int k = 0; k < t->ncols; k++)
				if (read_src(st, k, t->cols[k].cls, &vals[k], &why) != 0)
					ok = 0;
			if (!ok)
				continue; /* the copy names it */
			for (int k = 0; k < u->ncols; k++) {
				null |= vals[u->cols[k]].null;
				val_bytes(&vals[u->cols[k]], put_sb, &b);
			}
			struct key probe = {b.p ? b.p : "", b.len};
			if (!null && nkeys && bsearch(&probe, keys, nkeys, sizeof *keys, cmp_key)) {
				if (hits++ < 10) {
					char kt[256];
					key_text(t, u, vals, kt, sizeof kt);
					problem(c, "table %s: %s is already in the target (%s %s)",
						t->name, kt,
						u->primary ? "primary key" : "unique index",
						u->name);
				}
			}
			free(b.p);
		}
		if (st)
			db_done(st);
		if (rc != DB_DONE && total >= 0) {
			problem(c, "table %s of the source cannot be read: %s", t->name,
				db_errmsg(from));
			total = -1;
		}
		if (hits > 10)
			problem(c, "table %s: %lld more rows collide on %s", t->name, hits - 10,
				u->name);
		if (total >= 0)
			total += hits;
		if (hits && u->primary)
			c->id_collisions += hits;
		for (size_t i = 0; i < nkeys; i++)
			free(keys[i].p);
		free(keys);
	}
	free(vals);
	return total;
}

/* --- the copy --------------------------------------------------------------- */

/* One row goes as ONE parameter, a text[] of its values (array_elem),
 * each cast back to its column's type: a table may have more columns than
 * a statement may have parameters. */
static const char *insert_sql(struct priv *p, const struct tab *t)
{
	struct sb b = {0};
	sb_add(&b, "INSERT INTO ");
	sb_ident(&b, t->name);
	sb_add(&b, " (");
	for (int k = 0; k < t->ncols; k++) {
		if (k)
			sb_add(&b, ", ");
		sb_ident(&b, t->cols[k].name);
	}
	sb_add(&b, ")");
	if (t->identity)
		sb_add(&b, " OVERRIDING SYSTEM VALUE");
	sb_add(&b, " SELECT ");
	for (int k = 0; k < t->ncols; k++) {
		if (k)
			sb_add(&b, ", ");
		if (t->cols[k].tcls == C_BLOB) {
			sb_add(&b, "decode(x.a[");
			sb_int(&b, k + 1);
			sb_add(&b, "], 'hex')");
		} else {
			sb_add(&b, "CAST(x.a[");
			sb_int(&b, k + 1);
			sb_add(&b, "] AS ");
			sb_add(&b, t->cols[k].ttype);
			sb_add(&b, ")");
		}
	}
	sb_add(&b, " FROM (SELECT CAST($1 AS text[]) AS a) AS x");
	return keep(p, &b);
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
	struct db_stmt *st = db_prep_try(from, source_select(p, t));
	long long rowno = 0;
	int rc = DB_ERROR, res = 0;
	struct sb row = {0};
	while (st && (rc = db_step(st)) == DB_ROW) {
		rowno++;
		crypto_hash_sha256_state s;
		crypto_hash_sha256_init(&s);
		for (int k = 0; k < t->ncols; k++) {
			const char *why = "";
			if (read_src(st, k, t->cols[k].cls, &vals[k], &why) != 0) {
				char lab[96];
				row_label(t, vals, rowno, lab, sizeof lab);
				problem(c, "table %s, %s: column %s holds a %s value, not %s",
					t->name, lab, t->cols[k].name, why,
					cls_name[t->cols[k].cls]);
				res = -1;
				break;
			}
			val_bytes(&vals[k], put_sha, &s);
		}
		if (res)
			break;
		unsigned char *d = xmalloc(crypto_hash_sha256_BYTES);
		crypto_hash_sha256_final(&s, d);
		add_digest(t, d);
		struct db_stmt *in = db_prep_try(to, ins);
		if (!in) {
			problem(c, "table %s: the target refused the insert: %s", t->name,
				db_errmsg(to));
			res = -1;
			break;
		}
		row.len = 0;
		sb_add(&row, "{");
		for (int k = 0; k < t->ncols; k++) {
			if (k)
				sb_add(&row, ",");
			array_elem(&row, &vals[k]);
		}
		sb_add(&row, "}");
		db_bind_textn(in, 1, row.p, row.len);
		if (db_run(in) != DB_OK) {
			char lab[96];
			row_label(t, vals, rowno, lab, sizeof lab);
			problem(c, "table %s, %s: %s", t->name, lab, db_errmsg(to));
			res = -1;
			break;
		}
	}
	if (st)
		db_done(st);
	if (!res && rc != DB_DONE) {
		problem(c, "table %s of the source cannot be read: %s", t->name, db_errmsg(from));
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
	struct db_stmt *st = db_prep_try(to, target_cols(p, t, NULL, t->ncols));
	unsigned char **dig = NULL;
	size_t n = 0;
	int rc = DB_ERROR, res = 0;
	/* the rows already there before the copy: their digests are removed
	 * from the read-back (the target's own rows are kept as they were) */
	while (st && (rc = db_step(st)) == DB_ROW) {
		crypto_hash_sha256_state s;
		crypto_hash_sha256_init(&s);
		for (int k = 0; k < t->ncols; k++) {
			struct val v = read_dst(st, k, t->cols[k].cls);
			val_bytes(&v, put_sha, &s);
		}
		if ((n & (n - 1)) == 0)
			dig = xrealloc(dig, (n ? n * 2 : 1) * sizeof *dig);
		dig[n] = xmalloc(crypto_hash_sha256_BYTES);
		crypto_hash_sha256_final(&s, dig[n++]);
	}
	if (st)
		db_done(st);
	if (rc != DB_DONE) {
		problem(c, "table %s of the target cannot be read back: %s", t->name,
			db_errmsg(to));
		res = -1;
	}
	if (!res && t->target_rows > 0) {
		/* keep only the digests that match a copied row, once each: the
		 * rest are the target's own rows, counted apart */
		unsigned char **mine = xcalloc(t->ndig + 1, sizeof *mine);
		size_t m = 0;
		qsort(dig, n, sizeof *dig, cmp_digest);
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
	sb_add(&b, "SELECT setval(CAST(x.s AS regclass), GREATEST(x.m, "
		   "COALESCE(pg_sequence_last_value(CAST(x.s AS regclass)), 0)))"
		   " FROM (SELECT COALESCE(pg_get_serial_sequence($1, $2),"
		   " CAST(to_regclass($3) AS text)) AS s, (SELECT max(");
	sb_ident(&b, col);
	sb_add(&b, ") FROM ");
	sb_ident(&b, t->name);
	sb_add(&b, ") AS m) AS x WHERE x.s IS NOT NULL AND x.m IS NOT NULL AND x.m > 0");
	const char *sql = keep(p, &b);
	struct sb q = {0}, seq = {0};
	sb_add(&q, "\"");
	sb_add(&q, t->name);
	sb_add(&q, "\"");
	sb_add(&seq, t->name);
	sb_add(&seq, "_");
	sb_add(&seq, col);
	sb_add(&seq, "_seq");
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
		problem(c, "table %s: its id sequence cannot be advanced: %s", t->name,
			db_errmsg(to));
		return -1;
	}
	return 0;
}

/* The target's search index from the source's (procedure_fts: rowid, name,
 * field, code), when both have one. 0 or -1. */
static int rebuild_search(struct db_copy *c, struct db *from, struct db *to)
{
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
		if (db_search_index_procedure(to, db_col_int(st, 0), db_col_text(st, 1),
					      db_col_text(st, 2), db_col_text(st, 3)) != 0) {
			problem(c, "procedure %lld: the search index refused it: %s",
				(long long)db_col_int(st, 0), db_errmsg(to));
			db_done(st);
			return -1;
		}
		c->indexed++;
	}
	if (st)
		db_done(st);
	if (rc != DB_DONE) {
		problem(c, "the source's search index cannot be read: %s", db_errmsg(from));
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
		problem(c, "the source must be a SQLite file and the target a PostgreSQL URL");
		return DB_COPY_REFUSED;
	}
	if (db_begin_read(from) != DB_OK) {
		problem(c, "the source cannot be read: %s", db_errmsg(from));
		return DB_COPY_FAILED;
	}
	if (db_begin(to) != DB_OK) {
		problem(c, "the target cannot be written: %s", db_errmsg(to));
		db_end_read(from);
		return DB_COPY_FAILED;
	}
	int rc = DB_COPY_REFUSED;
	if (read_source(c, p, from) != 0 || read_target(c, p, to) != 0)
		goto out;
	order_tables(p);
	c->ntables = (size_t)p->nt;
	c->tables = xcalloc(c->ntables, sizeof *c->tables);
	for (int i = 0; i < p->nt; i++)
		c->tables[i].name = xstrdup(p->t[i].name);
	if (c->target_had_rows) {
		long long n = 0;
		for (int i = 0; i < p->nt; i++) {
			if (p->t[i].target_rows == 0)
				continue;
			long long k = collisions(c, p, from, to, &p->t[i]);
			if (k < 0) {
				rc = DB_COPY_FAILED;
				goto out;
			}
			n += k;
		}
		if (c->id_collisions)
			problem(c,
				"%lld ids of the source are already taken in the target: ids are"
				" not renumbered, so this centre cannot go into this database",
				c->id_collisions);
		if (n > 0)
			goto out;
	}
	rc = DB_COPY_FAILED;
	for (int i = 0; i < p->nt; i++)
		if (copy_table(c, p, from, to, &p->t[i], &c->tables[i]) != 0)
			goto out;
	for (int i = 0; i < p->nt; i++)
		if (advance_sequences(c, p, to, &p->t[i]) != 0)
			goto out;
	if (rebuild_search(c, from, to) != 0)
		goto out;
	for (int i = 0; i < p->nt; i++)
		if (verify_table(c, p, from, to, &p->t[i], &c->tables[i]) != 0)
			goto out;
	rc = DB_COPY_OK;
	for (size_t i = 0; i < c->ntables; i++) {
		struct db_copy_table *t = &c->tables[i];
		if (t->from_rows != t->to_rows || strcmp(t->from_sum, t->to_sum) != 0) {
			problem(c, "table %s: the copy differs from the source", t->name);
			rc = DB_COPY_MISMATCH;
		}
	}
	if (rc == DB_COPY_OK && c->before_commit && c->before_commit(to, c, c->arg) != 0) {
		problem(c, "the record of the copy could not be written: %s", db_errmsg(to));
		rc = DB_COPY_FAILED;
	}
	if (rc == DB_COPY_OK && (db_tx_failed(to) || db_commit(to) != DB_OK)) {
		problem(c, "the target did not commit: %s", db_errmsg(to));
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
		for (int u = 0; u < t->nuix; u++) {
			free(t->uix[u].name);
			free(t->uix[u].cols);
		}
		free(t->uix);
		free(t->digests);
		free(t->deps);
		free(t->cols);
		free(t->name);
	}
	free(p->t);
	free(p);
	for (size_t i = 0; i < c->ntables; i++)
		free(c->tables[i].name);
	free(c->tables);
	for (size_t i = 0; i < c->nproblems; i++)
		free(c->problems[i]);
	free(c->problems);
	free(c);
}
