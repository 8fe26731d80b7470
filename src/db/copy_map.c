/*
 * copy_map.c — the store copy next to the rows already in the target
 * (copy.h, DECISIONS D31): what each source row becomes, decided before
 * anything is written (pass 1, cp_plan), and the values it is written with
 * (pass 2, cp_map_row).
 *
 * - Ids: a table whose primary key is one integer column is renumbered: a
 *   new id is the old one plus the target's highest id of that table (0 in
 *   an empty target: ids stay as they are). Every column the source's
 *   foreign keys tie to that id is mapped the same way. A dossier's id is
 *   computed from its code (ds_row_id of the issuing agency's new id), as
 *   the intake computes it; one stored before ids came from codes is moved
 *   past the target's highest such id, below the computed ones.
 * - Reference data (the rules below, P_MERGE): a row whose natural key the
 *   target already holds IS that row: it is not copied, and the source's
 *   references to it point at the target's row. The source's home agency is
 *   never reference data: it is the centre that moves (it comes in as a
 *   non-home agency when the target has a home already).
 * - A catalogue entry mapped onto the target's (P_ENTRY): its documents,
 *   fees, steps and variants are the target's; a document the source's
 *   dossiers cite is found in the target's entry by name, and the copy
 *   refuses when it is not there.
 * - Any other table (P_OWN, also tables of later migrations): a row whose
 *   unique key (after mapping) the target holds refuses the copy, unless the
 *   table has no id and the target holds the very same row (the same fact).
 * SQL here is built from catalogue names only (cp_plain_name), values bound.
 */
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dossier.h"
#include "core/mem.h"
#include "db/copy_impl.h"

/* Reference data and catalogue entries; every other table is P_OWN. */
static const struct rule {
	const char *table;
	enum pol pol;
	const char *key; /* P_MERGE: the natural key's columns; NULL: the primary key */
} rules[] = {
	{"agency", P_MERGE, "code"}, /* the source's home agency excepted */
	{"unit", P_MERGE, "agency_id,code"},
	{"field", P_MERGE, "code"},
	{"procedure", P_MERGE, "code"},
	{"procedure_document", P_ENTRY, NULL},
	{"procedure_fee", P_ENTRY, NULL},
	{"procedure_step", P_ENTRY, NULL},
	{"procedure_time_variant", P_ENTRY, NULL},
	{"attachment", P_MERGE, NULL}, /* named by the SHA-256 of its bytes */
	{"calendar_year", P_MERGE, NULL},
	{"calendar_day", P_MERGE, NULL},
	{"calendar_rule", P_MERGE, NULL},
	{"login_failure", P_MERGE, NULL},
	{"rate_limit", P_MERGE, NULL},
	{"book_seq", P_MERGE, NULL},
	{"reception_duty", P_MERGE, NULL}, /* the target's duty per role stands */
};

#define LISTED_MAX 10 /* collisions named per table */

static int col_index(const struct tab *t, const char *name)
{
	for (int k = 0; k < t->ncols; k++)
		if (strcmp(t->cols[k].name, name) == 0)
			return k;
	return -1;
}

/* The unique index whose columns are exactly the listed ones ("a,b"), or
 * the primary key (list NULL). -1 if the target has none. */
static int find_uidx(const struct tab *t, const char *list)
{
	for (int x = 0; x < t->nuix; x++) {
		const struct uidx *u = &t->uix[x];
		if (!list) {
			if (u->primary)
				return x;
			continue;
		}
		int n = 0, all = 1;
		const char *s = list;
		while (*s) {
			const char *e = strchr(s, ',');
			size_t len = e ? (size_t)(e - s) : strlen(s);
			int found = 0;
			for (int k = 0; k < u->ncols; k++)
				if (strlen(t->cols[u->cols[k]].name) == len &&
				    strncmp(t->cols[u->cols[k]].name, s, len) == 0)
					found = 1;
			all &= found;
			n++;
			s += len + (e ? 1 : 0);
		}
		if (all && n == u->ncols)
			return x;
	}
	return -1;
}

static long long one_int(struct db *db, const char *sql)
{
	struct db_stmt *st = db_prep_try(db, sql);
	long long v = -1;
	if (st && db_step(st) == DB_ROW)
		v = db_col_null(st, 0) ? 0 : db_col_int(st, 0);
	if (st)
		db_done(st);
	return v;
}

/* --- ids --------------------------------------------------------------------- */

static void map_add(struct tab *t, long long from, long long to, int missing)
{
	if (t->nmap == t->capmap) {
		t->capmap = t->capmap ? t->capmap * 2 : 64;
		t->map = xrealloc(t->map, t->capmap * sizeof *t->map);
	}
	/* rows come in primary-key order, so the map stays sorted */
	t->map[t->nmap++] = (struct idpair){from, to, missing};
}

static const struct idpair *map_find(const struct tab *t, long long from)
{
	size_t lo = 0, hi = t->nmap;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (t->map[mid].from == from)
			return &t->map[mid];
		if (t->map[mid].from < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

long long cp_map_id(const struct tab *t, long long old, int *merged)
{
	const struct idpair *m = map_find(t, old);
	if (merged)
		*merged = m != NULL;
	if (m)
		return m->missing ? 0 : m->to;
	return old + t->offset;
}

/* The table column k refers to by a foreign key, when that is its
 * renumbered id; NULL otherwise (a text key, a natural integer key). */
static const struct tab *id_ref(const struct priv *p, const struct tab *t, int k)
{
	const struct col *cl = &t->cols[k];
	if (cl->ref < 0 || cl->cls != C_INT)
		return NULL;
	const struct tab *rt = &p->t[cl->ref];
	if (rt->idcol < 0 || (cl->ref_col && strcmp(cl->ref_col, rt->cols[rt->idcol].name) != 0))
		return NULL;
	return rt;
}

void cp_map_row(struct priv *p, const struct tab *t, struct val *vals)
{
	for (int k = 0; k < t->ncols; k++) {
		if (vals[k].null || vals[k].cls != C_INT)
			continue;
		const struct tab *rt;
		if (k == t->idcol)
			vals[k].i = cp_map_id(t, vals[k].i, NULL);
		else if ((rt = id_ref(p, t, k)) != NULL)
			vals[k].i = cp_map_id(rt, vals[k].i, NULL);
		if (k == t->zero_col)
			vals[k].i = 0;
	}
}

/* --- the target's keys ------------------------------------------------------- */

static void key_of(const struct tab *t, const struct uidx *u, const struct val *vals, struct sb *b,
		   int *null)
{
	*null = 0;
	b->len = 0;
	for (int k = 0; k < u->ncols; k++) {
		*null |= vals[u->cols[k]].null;
		cp_val_bytes(&vals[u->cols[k]], cp_put_sb, b);
	}
}

static const struct key *key_find(const struct uidx *u, const struct sb *b)
{
	struct key probe = {b->p ? b->p : "", b->len, 0};
	if (!u->nkeys)
		return NULL;
	return bsearch(&probe, u->keys, u->nkeys, sizeof *u->keys, cp_cmp_key);
}

/* The keys of every unique index of the target, with the rows' ids. */
static int load_keys(struct db_copy *c, struct priv *p, struct db *to, struct tab *t)
{
	for (int x = 0; x < t->nuix; x++) {
		struct uidx *u = &t->uix[x];
		/* renumbered ids start past the target's highest: they cannot
		 * collide, so a large table's ids are not read into memory (a
		 * dossier's, computed from its code, can: they are) */
		if (u->primary && u->ncols == 1 && u->cols[0] == t->idcol &&
		    strcmp(t->name, "dossier") != 0)
			continue;
		int cols[64], n = 0;
		for (int k = 0; k < u->ncols && n < 63; k++)
			cols[n++] = u->cols[k];
		int withid = t->idcol >= 0;
		if (withid)
			cols[n++] = t->idcol;
		struct db_stmt *st = db_prep_try(to, cp_target_cols(p, t, cols, n));
		int rc = DB_ERROR;
		while (st && (rc = db_step(st)) == DB_ROW) {
			struct sb b = {0};
			int null = 0;
			for (int k = 0; k < u->ncols; k++) {
				struct val v = cp_read_dst(st, k, t->cols[u->cols[k]].cls);
				null |= v.null;
				cp_val_bytes(&v, cp_put_sb, &b);
			}
			if (null) {
				free(b.p);
				continue;
			}
			u->keys = xrealloc(u->keys, (u->nkeys + 1) * sizeof *u->keys);
			u->keys[u->nkeys++] = (struct key){b.p ? b.p : xstrdup(""), b.len,
							   withid ? db_col_int(st, u->ncols) : 0};
		}
		if (st)
			db_done(st);
		if (rc != DB_DONE) {
			cp_problem(c, "table %s of the target cannot be read: %s", t->name,
				   db_errmsg(to));
			return -1;
		}
		qsort(u->keys, u->nkeys, sizeof *u->keys, cp_cmp_key);
	}
	return 0;
}

static void row_digest(const struct tab *t, const struct val *vals, unsigned char *out)
{
	crypto_hash_sha256_state s;
	crypto_hash_sha256_init(&s);
	for (int k = 0; k < t->ncols; k++)
		cp_val_bytes(&vals[k], cp_put_sha, &s);
	crypto_hash_sha256_final(&s, out);
}

/* Is this very row (mapped) already in the target? Its rows are read once. */
static int target_has_row(struct priv *p, struct db *to, struct tab *t, const struct val *vals)
{
	if (!t->tdig_loaded) {
		t->tdig_loaded = 1;
		struct db_stmt *st = db_prep_try(to, cp_target_cols(p, t, NULL, t->ncols));
		struct val *v = xcalloc((size_t)t->ncols, sizeof *v);
		while (st && db_step(st) == DB_ROW) {
			for (int k = 0; k < t->ncols; k++)
				v[k] = cp_read_dst(st, k, t->cols[k].cls);
			t->tdig = xrealloc(t->tdig, (t->ntdig + 1) * sizeof *t->tdig);
			t->tdig[t->ntdig] = xmalloc(crypto_hash_sha256_BYTES);
			row_digest(t, v, t->tdig[t->ntdig++]);
		}
		if (st)
			db_done(st);
		free(v);
		qsort(t->tdig, t->ntdig, sizeof *t->tdig, cp_cmp_digest);
	}
	unsigned char d[crypto_hash_sha256_BYTES], *pd = d;
	row_digest(t, vals, d);
	return t->ntdig && bsearch(&pd, t->tdig, t->ntdig, sizeof *t->tdig, cp_cmp_digest);
}

/* --- agencies ---------------------------------------------------------------- */

static const struct ag *ag_by_id(const struct ag *a, size_t n, long long id)
{
	for (size_t i = 0; i < n; i++)
		if (a[i].id == id)
			return &a[i];
	return NULL;
}

static const struct ag *ag_by_eid(const struct ag *a, size_t n, const char *eid, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (a[i].eid[0] && strlen(a[i].eid) == len && memcmp(a[i].eid, eid, len) == 0)
			return &a[i];
	return NULL;
}

static void ag_add(struct ag **a, size_t *n, long long id, const char *code, const char *eid)
{
	*a = xrealloc(*a, (*n + 1) * sizeof **a);
	(*a)[(*n)++] = (struct ag){id, xstrdup(code ? code : ""), xstrdup(eid ? eid : "")};
}

static char *val_str(const struct val *v)
{
	char *s = xmalloc(v->len + 1);
	if (v->len)
		memcpy(s, v->p, v->len);
	s[v->len] = 0;
	return s;
}

/* The target's agencies (id, code, e-ID) and whether it has a home one. */
static int load_target_agencies(struct db_copy *c, struct priv *p, struct db *to, struct tab *t)
{
	if (col_index(t, "code") < 0 || col_index(t, "eid") < 0 || col_index(t, "is_home") < 0)
		return 0;
	struct db_stmt *st = db_prep_try(to, "SELECT id, code, eid, is_home FROM agency");
	int rc = DB_ERROR;
	while (st && (rc = db_step(st)) == DB_ROW) {
		ag_add(&p->dst_ag, &p->ndst_ag, db_col_int(st, 0), db_col_text(st, 1),
		       db_col_text(st, 2));
		p->target_home |= db_col_int(st, 3) != 0;
	}
	if (st)
		db_done(st);
	if (rc != DB_DONE) {
		cp_problem(c, "table agency of the target cannot be read: %s", db_errmsg(to));
		return -1;
	}
	return 0;
}

/* --- pass 1 ------------------------------------------------------------------ */

static void setup(struct priv *p, struct tab *t)
{
	t->pol = P_OWN;
	t->natural = -1;
	t->idcol = -1;
	t->zero_col = -1;
	const char *key = NULL;
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
		if (strcmp(rules[i].table, t->name) == 0) {
			t->pol = rules[i].pol;
			key = rules[i].key;
		}
	int npk = 0, pkcol = -1;
	for (int k = 0; k < t->ncols; k++)
		if (t->cols[k].pk) {
			npk++;
			pkcol = k;
		}
	if (t->pol == P_MERGE) {
		t->natural = find_uidx(t, key);
		if (t->natural < 0)
			t->pol = P_OWN; /* the target has no such key: nothing to map onto */
	}
	/* an integer primary key that is the natural key (a year, a rule's
	 * position) keeps its value; any other is an id, renumbered */
	if (npk == 1 && t->cols[pkcol].cls == C_INT &&
	    !(t->pol == P_MERGE && t->natural >= 0 && t->uix[t->natural].primary))
		t->idcol = pkcol;
	if (strcmp(t->name, "agency") == 0 && p->target_home)
		t->zero_col = col_index(t, "is_home");
}

struct ctx {
	struct db_copy *c;
	struct priv *p;
	struct db *to;
	struct tab *t;
	long long listed, collided;
};

/* One row that cannot go in: counted, and named while few. fmt's first
 * conversion is the table's name. */
static void collide(struct ctx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void collide(struct ctx *x, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	x->collided++;
	if (x->listed++ >= LISTED_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	cp_problem(x->c, "%s", tmp);
}

/* P_ENTRY: the row of a catalogue entry mapped onto the target's. Its
 * counterpart in the target's entry (same parent, same name), if any. */
static int entry_counterpart(struct ctx *x, const struct val *mapped, int parent, long long *id)
{
	struct tab *t = x->t;
	int name = col_index(t, "name");
	*id = 0;
	if (t->idcol < 0 || name < 0 || mapped[name].cls != C_TEXT || mapped[name].null)
		return 0;
	/* a parent's rows of the target: few, read per row */
	struct sb b = {0};
	cp_sb_add(&b, "SELECT ");
	cp_sb_ident(&b, t->cols[t->idcol].name);
	cp_sb_add(&b, " FROM ");
	cp_sb_ident(&b, t->name);
	cp_sb_add(&b, " WHERE ");
	cp_sb_ident(&b, t->cols[parent].name);
	cp_sb_add(&b, " = $1 AND ");
	cp_sb_ident(&b, "name");
	cp_sb_add(&b, " = $2 ORDER BY 1");
	const char *sql = cp_keep(x->p, &b);
	struct db_stmt *st = db_prep_try(x->to, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, mapped[parent].i);
	db_bind_textn(st, 2, mapped[name].p, mapped[name].len);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_col_int(st, 0);
	db_done(st);
	return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}

/* The dossier's id as the intake computes it, when the source's id was
 * computed so: ds_row_id of the issuing agency (its e-ID prefixes the code)
 * under its new id. 0: keep the offset. */
static long long dossier_id(struct ctx *x, const struct val *vals, long long old)
{
	int code = col_index(x->t, "code");
	if (code < 0 || vals[code].null || vals[code].cls != C_TEXT)
		return 0;
	char *s = val_str(&vals[code]);
	size_t eid_len;
	int day;
	int64_t seq;
	long long id = 0;
	if (ds_code_split(s, &eid_len, &day, &seq) == 0) {
		const struct ag *a = ag_by_eid(x->p->src_ag, x->p->nsrc_ag, s, eid_len);
		struct tab *at = NULL;
		for (int i = 0; i < x->p->nt; i++)
			if (strcmp(x->p->t[i].name, "agency") == 0)
				at = &x->p->t[i];
		if (a && at && ds_row_id(a->id, day, seq) == old)
			id = ds_row_id(cp_map_id(at, a->id, NULL), day, seq);
	}
	free(s);
	return id;
}

/* One source row: its fate, and its id mapped (x->t->map). */
static enum fate decide(struct ctx *x, struct val *vals, struct val *mapped, struct sb *b)
{
	struct tab *t = x->t;
	struct priv *p = x->p;
	char kt[256], what[320];
	long long old = t->idcol >= 0 && !vals[t->idcol].null ? vals[t->idcol].i : 0;
	int is_agency = strcmp(t->name, "agency") == 0;
	int home_col = is_agency ? col_index(t, "is_home") : -1;
	int home = home_col >= 0 && !vals[home_col].null && vals[home_col].i != 0;
	if (strcmp(t->name, "dossier") == 0 && t->idcol >= 0) {
		long long id = dossier_id(x, vals, old);
		if (id)
			map_add(t, old, id, 0);
	}
	memcpy(mapped, vals, (size_t)t->ncols * sizeof *mapped);
	cp_map_row(p, t, mapped);
	/* a reference to a row of a mapped entry that the target's entry lacks */
	for (int k = 0; k < t->ncols; k++) {
		const struct tab *rt = id_ref(p, t, k);
		int merged;
		if (!rt || vals[k].null || vals[k].cls != C_INT)
			continue;
		if (cp_map_id(rt, vals[k].i, &merged) == 0 && merged) {
			snprintf(kt, sizeof kt, "%s = %lld", t->cols[k].name, vals[k].i);
			collide(x,
				"table %s: %s refers to a row of %s that the target's catalogue "
				"entry"
				" lacks (the entry is the target's: the same code; add the row "
				"there"
				" first)",
				t->name, kt, rt->name);
			return F_COLLIDE;
		}
	}
	if (t->pol == P_ENTRY) {
		for (int k = 0; k < t->ncols; k++) {
			const struct tab *rt = id_ref(p, t, k);
			int merged;
			if (!rt || rt->pol != P_MERGE || vals[k].null)
				continue;
			cp_map_id(rt, vals[k].i, &merged);
			if (!merged)
				continue;
			long long id;
			if (entry_counterpart(x, mapped, k, &id) != 0) {
				collide(x, "table %s: the target cannot be read: %s", t->name,
					db_errmsg(x->to));
				return F_COLLIDE;
			}
			if (t->idcol >= 0)
				map_add(t, old, id, id == 0);
			return id ? F_ONTO : F_SKIP;
		}
	}
	if (t->pol == P_MERGE && !home) {
		const struct uidx *u = &t->uix[t->natural];
		int null;
		key_of(t, u, mapped, b, &null);
		const struct key *hit = null ? NULL : key_find(u, b);
		if (hit) {
			if (is_agency) {
				/* the same agency: the same e-ID */
				const struct ag *a = ag_by_id(p->dst_ag, p->ndst_ag, hit->id);
				int e = col_index(t, "eid");
				char *eid =
					e >= 0 && !vals[e].null ? val_str(&vals[e]) : xstrdup("");
				int differs = a && eid[0] && a->eid[0] && strcmp(a->eid, eid) != 0;
				if (differs) {
					cp_key_text(t, u, mapped, kt, sizeof kt);
					snprintf(what, sizeof what,
						 "'%s' in the source, '%s' in the target", eid,
						 a->eid);
					collide(x, "table %s: %s: the e-IDs differ (%s)", t->name,
						kt, what);
				}
				free(eid);
				if (differs)
					return F_COLLIDE;
			}
			if (t->idcol >= 0)
				map_add(t, old, hit->id, 0);
			return F_ONTO;
		}
	}
	for (int i = 0; i < t->nuix; i++) {
		const struct uidx *u = &t->uix[i];
		int null;
		key_of(t, u, mapped, b, &null);
		if (null || !key_find(u, b))
			continue;
		if (t->idcol < 0 && target_has_row(p, x->to, t, mapped))
			return F_ONTO; /* the very same fact */
		cp_key_text(t, u, mapped, kt, sizeof kt);
		snprintf(what, sizeof what, "%s %s", u->primary ? "primary key" : "unique index",
			 u->name);
		collide(x, "table %s: %s is already in the target (%s)", t->name, kt, what);
		return F_COLLIDE;
	}
	if (is_agency) {
		int e = col_index(t, "eid");
		char *eid = e >= 0 && !vals[e].null ? val_str(&vals[e]) : xstrdup("");
		const struct ag *a =
			eid[0] ? ag_by_eid(p->dst_ag, p->ndst_ag, eid, strlen(eid)) : NULL;
		if (a) {
			snprintf(kt, sizeof kt, "eid = '%s'", eid);
			snprintf(what, sizeof what, "the e-ID of agency %s", a->code);
			collide(x, "table %s: %s is already in the target (%s)", t->name, kt, what);
		}
		free(eid);
		if (a)
			return F_COLLIDE;
	}
	return F_INSERT;
}

static int plan_table(struct db_copy *c, struct priv *p, struct db *from, struct db *to,
		      struct tab *t)
{
	struct ctx x = {c, p, to, t, 0, 0};
	struct val *vals = xcalloc((size_t)t->ncols, sizeof *vals);
	struct val *mapped = xcalloc((size_t)t->ncols, sizeof *mapped);
	struct sb b = {0};
	int is_agency = strcmp(t->name, "agency") == 0;
	int ci = col_index(t, "code"), ei = col_index(t, "eid");
	struct db_stmt *st = db_prep_try(from, cp_source_select(p, t));
	int rc = DB_ERROR, res = 0;
	while (st && (rc = db_step(st)) == DB_ROW) {
		const char *why = "";
		int ok = 1;
		for (int k = 0; k < t->ncols; k++)
			if (cp_read_src(st, k, t->cols[k].cls, &vals[k], &why) != 0)
				ok = 0;
		enum fate f = F_INSERT; /* a value of the wrong type: the copy names it */
		if (ok && is_agency && t->idcol >= 0 && ci >= 0 && ei >= 0) {
			/* the prefix of its codes: its e-ID, or its code without one */
			char *code = val_str(&vals[ci]), *eid = val_str(&vals[ei]);
			ag_add(&p->src_ag, &p->nsrc_ag, vals[t->idcol].i, code,
			       eid[0] ? eid : code);
			free(code);
			free(eid);
		}
		if (ok)
			f = decide(&x, vals, mapped, &b);
		if (f == F_ONTO || f == F_SKIP)
			t->onto++;
		if ((t->nfate & (t->nfate - 1)) == 0)
			t->fate = xrealloc(t->fate, t->nfate ? t->nfate * 2 : 1);
		t->fate[t->nfate++] = (unsigned char)f;
	}
	if (st)
		db_done(st);
	if (rc != DB_DONE) {
		cp_problem(c, "table %s of the source cannot be read: %s", t->name,
			   db_errmsg(from));
		res = -1;
	}
	if (x.collided > LISTED_MAX)
		cp_problem(c, "table %s: %lld more rows collide", t->name, x.collided - LISTED_MAX);
	free(b.p);
	free(vals);
	free(mapped);
	return res < 0 ? -1 : x.collided > 0;
}

int cp_plan(struct db_copy *c, struct priv *p, struct db *from, struct db *to)
{
	int collided = 0;
	for (int i = 0; i < p->nt; i++)
		if (strcmp(p->t[i].name, "agency") == 0 && p->t[i].target_rows > 0 &&
		    load_target_agencies(c, p, to, &p->t[i]) != 0)
			return -1;
	for (int i = 0; i < p->nt; i++) {
		struct tab *t = &p->t[i];
		setup(p, t);
		if (t->target_rows > 0) {
			if (t->idcol >= 0) {
				struct sb b = {0};
				cp_sb_add(&b, "SELECT max(");
				cp_sb_ident(&b, t->cols[t->idcol].name);
				cp_sb_add(&b, ") FROM ");
				cp_sb_ident(&b, t->name);
				/* a dossier's id below the computed ones (stored before ids
				 * came from codes) stays below them, clear of the ids
				 * codes will give */
				if (strcmp(t->name, "dossier") == 0) {
					cp_sb_add(&b, " WHERE ");
					cp_sb_ident(&b, t->cols[t->idcol].name);
					cp_sb_add(&b, " < ");
					cp_sb_int(&b, ds_row_id(1, 0, 1));
				}
				t->offset = one_int(to, cp_keep(p, &b));
				if (t->offset < 0) {
					cp_problem(c, "table %s of the target cannot be read: %s",
						   t->name, db_errmsg(to));
					return -1;
				}
			}
			if (load_keys(c, p, to, t) != 0)
				return -1;
		}
	}
	for (int i = 0; i < p->nt; i++) {
		int r = plan_table(c, p, from, to, &p->t[i]);
		if (r < 0)
			return -1;
		collided |= r;
		c->tables[i].onto = p->t[i].onto;
		c->tables[i].id_offset = p->t[i].offset;
	}
	return collided;
}

/* --- after the copy: what the moving agency implements ---------------------- */

/* A procedure of the source mapped onto the target's entry whose own agency
 * in the source is one that came in as new (the moving agency): the target's
 * procedure_agency (the other agencies implementing a procedure, migration
 * 0012) gets that agency, unless it is there or is the entry's own. Without
 * the table, nothing. Called after the verification (these rows are the
 * province's statement, not the source's rows). The count, or -1. */
long long cp_add_competence(struct db_copy *c, struct priv *p, struct db *from, struct db *to)
{
	static const char sql_src[] =
		"SELECT id, agency_id FROM procedure WHERE agency_id IS NOT NULL ORDER BY id";
	static const char sql_add[] =
		"INSERT INTO procedure_agency (procedure_id, agency_id) SELECT $1, $2"
		" WHERE NOT EXISTS (SELECT 1 FROM procedure_agency WHERE procedure_id = $1"
		" AND agency_id = $2) AND NOT EXISTS (SELECT 1 FROM procedure WHERE id = $1"
		" AND agency_id = $2)";
	const struct tab *pa = cp_find_tab(p, "procedure_agency");
	const struct tab *proc = cp_find_tab(p, "procedure"), *ag = cp_find_tab(p, "agency");
	if (!pa || !proc || !ag || proc->idcol < 0 || ag->idcol < 0 ||
	    col_index(pa, "procedure_id") < 0 || col_index(pa, "agency_id") < 0 ||
	    col_index(proc, "agency_id") < 0)
		return 0;
	long long added = 0;
	struct db_stmt *st = db_prep_try(from, sql_src);
	int rc = DB_ERROR;
	while (st && (rc = db_step(st)) == DB_ROW) {
		int merged_proc, merged_ag;
		long long pid = cp_map_id(proc, db_col_int(st, 0), &merged_proc);
		long long aid = cp_map_id(ag, db_col_int(st, 1), &merged_ag);
		if (!merged_proc || merged_ag || !pid || !aid)
			continue;
		struct db_stmt *in = db_prep_try(to, sql_add);
		int ok = 0;
		if (in) {
			db_bind_int(in, 1, pid);
			db_bind_int(in, 2, aid);
			ok = db_run(in) == DB_OK;
		}
		if (!ok) {
			cp_problem(c, "procedure_agency: the target refused procedure %lld: %s",
				   pid, db_errmsg(to));
			db_done(st);
			return -1;
		}
		added += db_changes(to);
	}
	if (st)
		db_done(st);
	if (rc != DB_DONE) {
		cp_problem(c, "table procedure of the source cannot be read: %s", db_errmsg(from));
		return -1;
	}
	return added;
}
