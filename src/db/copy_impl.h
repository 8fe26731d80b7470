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
