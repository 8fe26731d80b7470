/*
 * copy_impl.h — private to the store copy (db/copy.h): the two catalogues
 * as read (tables, columns, unique keys, classes of values), the text
 * builder and the helpers copy_schema.c (reading and ordering the schemas)
 * shares with copy_store.c (collisions, the copy, the verification).
 */
#ifndef MOTCUA_DB_COPY_IMPL_H
#define MOTCUA_DB_COPY_IMPL_H

#include "db/copy.h"

enum cls { C_INT, C_REAL, C_TEXT, C_BLOB, C_OTHER };

struct col {
	char *name;
	enum cls cls;      /* on the source */
	enum cls tcls;     /* on the target */
	const char *ttype; /* the target's type name (from pg_cls's table) */
	int pk;            /* position in the source's primary key (1-based), 0 */
	char *ref_tab;     /* the table a foreign key of the source names, or NULL */
	char *ref_col;     /* … and its column (NULL: that table's primary key) */
	int ref;           /* index of ref_tab in priv.t once ordered, -1 */
};

/* A key's canonical bytes (val_bytes of its columns); id: the target row's
 * integer id (its table's idcol), 0 when it has none. */
struct key {
	char *p;
	size_t len;
	long long id;
};

struct uidx {
	char *name;
	int primary;
	int *cols; /* indexes into tab.cols */
	int ncols;
	struct key *keys; /* the target's keys before the copy, sorted */
	size_t nkeys;
};

/* How the rows of a table go next to the target's own (copy_map.c). */
enum pol {
	P_OWN,   /* the centre's own: renumbered, a key the target holds refuses */
	P_MERGE, /* reference data: a row whose natural key the target holds
		  * is that row (mapped onto it, not copied) */
	P_ENTRY, /* part of a catalogue entry (child of procedure): not copied
		  * when its procedure was mapped onto the target's */
};

/* What happens to one source row (pass 1 decides, pass 2 obeys). */
enum fate { F_INSERT, F_ONTO, F_SKIP, F_COLLIDE };

/* An id of the source that does not become old + offset. */
struct idpair {
	long long from, to; /* to: the target's row (F_ONTO), or the new id */
	int missing;        /* an entry row the target's entry lacks */
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
	/* copy_map.c: the plan */
	enum pol pol;
	int natural;        /* uix of the natural key (P_MERGE), -1 */
	int idcol;          /* the single integer primary key, renumbered; -1 */
	long long offset;   /* new id = old id + offset (the target's max) */
	struct idpair *map; /* sorted by from: the exceptions */
	size_t nmap, capmap;
	unsigned char *fate; /* per source row, in the source's order */
	size_t nfate;
	long long onto;       /* rows mapped onto the target's, or skipped */
	unsigned char **tdig; /* the target's whole rows (P_OWN collisions), sorted */
	size_t ntdig;
	int tdig_loaded;
	int zero_col; /* a column written as 0 (agency.is_home), -1 */
};

/* An agency of one side: its id, code and e-ID. */
struct ag {
	long long id;
	char *code,
		*eid; /* eid: of the source's, the prefix of its codes (its e-ID, or its code) */
};

struct priv {
	struct tab *t;
	int nt;
	struct ag *src_ag, *dst_ag; /* the agencies of each side (copy_map.c) */
	size_t nsrc_ag, ndst_ag;
	int target_home; /* the target already has a home agency */
};

/* A value read from either side. */
struct val {
	int null;
	enum cls cls;
	long long i;
	double d;
	const void *p;
	size_t len;
};

/* --- copy_store.c: values --- */
void cp_val_bytes(const struct val *v, void (*put)(void *arg, const void *p, size_t n), void *arg);
void cp_put_sb(void *arg, const void *p, size_t n);
void cp_put_sha(void *arg, const void *p, size_t n);
struct val cp_read_dst(struct db_stmt *st, int i, enum cls cls);
int cp_read_src(struct db_stmt *st, int k, enum cls cls, struct val *v, const char **why);
void cp_key_text(const struct tab *t, const struct uidx *u, const struct val *vals, char *out,
		 size_t cap);
int cp_cmp_key(const void *a, const void *b);
int cp_cmp_digest(const void *a, const void *b);

/* --- copy_map.c: next to the target's rows --- */
/* Policies, ids, offsets and the target's keys, then every source row's
 * fate (pass 1, nothing written). 0, 1 when rows collide (problems name
 * them), -1 on a read error. */
int cp_plan(struct db_copy *c, struct priv *p, struct db *from, struct db *to);
/* The values of a source row as they are written: foreign keys and the id
 * mapped, overrides applied. Text values keep pointing into the row. */
void cp_map_row(struct priv *p, const struct tab *t, struct val *vals);
/* After the verification: the moving agency added to procedure_agency for
 * the procedures it implemented that were mapped onto the target's entries
 * (when the schema has that table). How many rows, or -1 (problems). */
long long cp_add_competence(struct db_copy *c, struct priv *p, struct db *from, struct db *to);
/* The new id of a source id of table t (0: none, a missing entry row). */
long long cp_map_id(const struct tab *t, long long old, int *merged);

extern const char *const cp_cls_name[];

/* A growing text (SQL built from catalogue names, never from values). */
struct sb {
	char *p;
	size_t len, cap;
};

void cp_sb_add(struct sb *b, const char *s);
void cp_sb_int(struct sb *b, long long v);
/* A double-quoted identifier (names are checked by cp_plain_name). */
void cp_sb_ident(struct sb *b, const char *name);
/* The built text, interned for the life of the process (connections cache
 * statements by the text's address); b is emptied. */
const char *cp_keep(struct priv *p, struct sb *b);
/* A sentence for the operator, appended to c->problems. */
void cp_problem(struct db_copy *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* 1 if s is made of [a-z0-9_] (1..63): the names motcua's migrations use. */
int cp_plain_name(const char *s);
/* The class of a SQLite declared type; of a PostgreSQL type (*name: the
 * table's own string for it). */
enum cls cp_sqlite_cls(const char *decl);
enum cls cp_pg_cls(const char *t, const char **name);

/* --- copy_schema.c: the catalogues --- */
struct tab *cp_find_tab(struct priv *p, const char *name);
/* The source's tables (but schema_migrations and the search index), their
 * columns, primary keys and the tables they reference. 0 or -1 (problems). */
int cp_read_source(struct db_copy *c, struct priv *p, struct db *from);
/* The target's columns and types, identities and unique keys, checked
 * against the source's. 0 or -1 (problems). */
int cp_read_target(struct db_copy *c, struct priv *p, struct db *to);
/* Parents before children (the source's foreign keys). */
void cp_order_tables(struct priv *p);
/* SELECT of a source table's columns in primary-key order (interned). */
const char *cp_source_select(struct priv *p, const struct tab *t);
/* "(a, b, …)" of the given columns, quoted (interned). */
const char *cp_target_cols(struct priv *p, const struct tab *t, const int *cols, int n);

#endif
