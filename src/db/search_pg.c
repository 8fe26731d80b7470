/*
 * search_pg.c — search.h on PostgreSQL: the tables procedure_search (one
 * row per active procedure: its number of words) and procedure_term (one
 * row per distinct word of a procedure: its weighted count), made by
 * migrations/pg/0002_catalogue.sql.
 *
 * Same words: they are made here, in C, exactly as SQLite's `vi` tokenizer
 * makes them — fold_key (NFC, case fold, accents and đ → d, so NFD input
 * folds alike) and then maximal runs of letters, digits and private-use
 * characters (unicode61's token classes) — so no text-search parser,
 * dictionary or server locale of PostgreSQL changes a word.
 *
 * Same ranks: the query computes FTS5's bm25 (k1 = 1.2, b = 0.75, column
 * weights name 10, field 2, code 5, IDF over the whole index, document
 * length = all its words, average over the index), so both backends order
 * the same procedures the same way, ties by code. Every word must occur,
 * the last one as a prefix (LIKE 'word%' on a COLLATE "C" key, which uses
 * the index). A word never holds a quote, comma, brace or backslash (those
 * are punctuation), so the words travel as one text[] literal.
 *
 * Threading: as db.h; statements are cached per connection.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "core/fold.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/utf8.h"
#include "db/db_impl.h"
#include "db/search.h"

/* Words of one indexed procedure (name, field, code) at most. */
#define INDEX_WORDS_MAX 100000

/* The words of one text (folded, in order), pointers into `folded`. */
struct words {
	char *folded;
	const char **w;
	size_t *len;
	int n, cap;
};

static void words_free(struct words *ws)
{
	free(ws->folded);
	free(ws->w);
	free(ws->len);
}

/* Split text into words (see the file top). 0, or -1: not valid UTF-8, or
 * more than max words. */
static int split(const char *text, size_t len, struct words *ws, int max)
{
	size_t cap = len * 3 + 16;
	memset(ws, 0, sizeof *ws);
	ws->folded = xmalloc(cap);
	size_t flen;
	if (fold_key(text, len, ws->folded, cap, &flen) != UTF8_OK)
		return -1;
	const char *f = ws->folded;
	size_t i = 0;
	while (i < flen) {
		size_t start = i;
		uint32_t cp;
		if (utf8_next(f, flen, &i, &cp) != UTF8_OK)
			return -1;
		if (!fold_word_cp(cp))
			continue;
		size_t end = i;
		/* the rest of the word; the separator that ends it is consumed */
		while (i < flen) {
			if (utf8_next(f, flen, &i, &cp) != UTF8_OK)
				return -1;
			if (!fold_word_cp(cp))
				break;
			end = i;
		}
		if (ws->n >= max)
			return -1;
		if (ws->n == ws->cap) {
			ws->cap = ws->cap ? ws->cap * 2 : 16;
			ws->w = xrealloc(ws->w, (size_t)ws->cap * sizeof *ws->w);
			ws->len = xrealloc(ws->len, (size_t)ws->cap * sizeof *ws->len);
		}
		ws->w[ws->n] = f + start;
		ws->len[ws->n] = end - start;
		ws->n++;
	}
	return 0;
}

struct out {
	char *p;
	size_t cap, len;
	int full;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->full || n >= o->cap - o->len) {
		o->full = 1;
		return;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = '\0';
}

/* Append word k of ws to an array literal being built in o. */
static void put_elem(struct out *o, const char *w, size_t n)
{
	put(o, o->len > 1 ? "," : "", o->len > 1);
	put(o, w, n);
}

/* The bm25 of FTS5 (fts5_aux.c) over the query's words: $4 the words as
 * text[], $5 their number, $6 the last one (a prefix). */
#define BM25_CTE                                                                                   \
	"WITH q AS (SELECT u.t, u.i FROM unnest(CAST($4 AS text[])) WITH ORDINALITY AS u(t, i)),"  \
	" hit AS (SELECT w.procedure_id, q.i, sum(w.weight) AS f FROM q"                           \
	"  JOIN procedure_term w ON w.term = q.t WHERE q.i < $5 GROUP BY w.procedure_id, q.i"      \
	"  UNION ALL SELECT w.procedure_id, $5, sum(w.weight) FROM procedure_term w"               \
	"  WHERE w.term LIKE $6 || '%' GROUP BY w.procedure_id),"                                  \
	" df AS (SELECT i, CAST(count(*) AS DOUBLE PRECISION) AS n FROM hit GROUP BY i),"          \
	" st AS (SELECT CAST(count(*) AS DOUBLE PRECISION) AS nrow,"                               \
	"  CAST(coalesce(avg(ntok), 1) AS DOUBLE PRECISION) AS avgdl FROM procedure_search),"      \
	" score AS (SELECT h.procedure_id, sum(CASE WHEN"                                          \
	"  ln((st.nrow - df.n + 0.5) / (df.n + 0.5)) <= 0 THEN 1e-6"                               \
	"  ELSE ln((st.nrow - df.n + 0.5) / (df.n + 0.5)) END"                                     \
	"  * (h.f * 2.2) / (h.f + 1.2 * (1 - 0.75 + 0.75 * s.ntok / st.avgdl))) AS rank"           \
	"  FROM hit h JOIN df ON df.i = h.i"                                                       \
	"  JOIN procedure_search s ON s.procedure_id = h.procedure_id CROSS JOIN st"               \
	"  GROUP BY h.procedure_id HAVING count(*) = $5)"

int pgb_search_procedures(struct db *db, const char *text, const char *field, long long limit,
			  long long offset, int64_t *ids, size_t cap, long long *total)
{
	static const char sql_hits[] =
		BM25_CTE " SELECT p.id FROM score JOIN procedure p ON p.id = score.procedure_id"
			 " JOIN field f ON f.id = p.field_id WHERE p.active = 1"
			 " AND (CAST($1 AS TEXT) IS NULL OR f.code = $1)"
			 " ORDER BY score.rank DESC, p.code LIMIT $2 OFFSET $3";
	static const char sql_count[] =
		BM25_CTE " SELECT count(*) FROM score JOIN procedure p ON p.id = score.procedure_id"
			 " JOIN field f ON f.id = p.field_id WHERE p.active = 1"
			 " AND (CAST($1 AS TEXT) IS NULL OR f.code = $1)";
	*total = 0;
	size_t len = strlen(text);
	if (len > DB_SEARCH_TEXT_MAX || utf8_validate(text, len, NULL) != UTF8_OK)
		return DB_SEARCH_INVALID;
	struct words *ws = xcalloc(1, sizeof *ws);
	if (split(text, len, ws, DB_SEARCH_WORDS_MAX) != 0) {
		words_free(ws);
		free(ws);
		return DB_SEARCH_INVALID;
	}
	int n = ws->n;
	char arr[4 * DB_SEARCH_TEXT_MAX + 2 * DB_SEARCH_WORDS_MAX + 8];
	char last[4 * DB_SEARCH_TEXT_MAX + 1];
	struct out o = {arr, sizeof arr, 0, 0};
	put(&o, "{", 1);
	for (int k = 0; k < n; k++)
		put_elem(&o, ws->w[k], ws->len[k]);
	put(&o, "}", 1);
	if (n > 0)
		snprintf(last, sizeof last, "%.*s", (int)ws->len[n - 1], ws->w[n - 1]);
	words_free(ws);
	free(ws);
	if (n == 0) /* only punctuation: nothing can match */
		return 0;
	if (o.full)
		return DB_SEARCH_INVALID;
	if (limit > (long long)cap)
		limit = (long long)cap;
	const struct db_val args[] = {db_text(field), db_int(limit), db_int(offset),
				      db_text(arr),   db_int(n),     db_text(last)};
	struct db_stmt *st = db_query(db, sql_hits, 6, args);
	int k = 0, rc;
	while ((rc = db_step(st)) == DB_ROW)
		ids[k++] = db_col_int(st, 0);
	db_done(st);
	if (rc != DB_DONE)
		return DB_SEARCH_ERROR;
	st = db_query(db, sql_count, 6, args);
	rc = db_step(st);
	if (rc == DB_ROW)
		*total = db_col_int(st, 0);
	db_done(st);
	return rc == DB_ROW ? k : DB_SEARCH_ERROR;
}

int pgb_search_remove_procedure(struct db *db, int64_t id)
{
	static const char sql_terms[] = "DELETE FROM procedure_term WHERE procedure_id = $1";
	static const char sql_doc[] = "DELETE FROM procedure_search WHERE procedure_id = $1";
	if (db_exec_vals(db, sql_terms, DB_ARGS(db_int(id))) != DB_OK)
		return -1;
	return db_exec_vals(db, sql_doc, DB_ARGS(db_int(id))) == DB_OK ? 0 : -1;
}

int pgb_search_index_procedure(struct db *db, int64_t id, const char *name, const char *field,
			       const char *code)
{
	static const char sql_doc[] =
		"INSERT INTO procedure_search (procedure_id, ntok) VALUES ($1, $2)";
	static const char sql_terms[] = "INSERT INTO procedure_term (procedure_id, term, weight)"
					" SELECT $1, u.t, u.w FROM unnest(CAST($2 AS text[]),"
					" CAST($3 AS DOUBLE PRECISION[])) AS u(t, w)";
	/* the columns and weights of SQLite's bm25(procedure_fts, 10, 2, 5) */
	const char *parts[3] = {name ? name : "", field ? field : "", code ? code : ""};
	const double weight[3] = {10.0, 2.0, 5.0};
	struct words *ws = xcalloc(3, sizeof *ws);
	double *sum = NULL;
	int total = 0, distinct = 0, rc = -1;
	const char **uw = NULL;
	size_t *ul = NULL;
	for (int c = 0; c < 3; c++) {
		if (split(parts[c], strlen(parts[c]), &ws[c], INDEX_WORDS_MAX) != 0) {
			log_error("search=error op=index id=%lld msg=\"invalid text\"",
				  (long long)id);
			goto out;
		}
		total += ws[c].n;
	}
	/* distinct words with their weighted counts */
	uw = xcalloc((size_t)total + 1, sizeof *uw);
	ul = xcalloc((size_t)total + 1, sizeof *ul);
	sum = xcalloc((size_t)total + 1, sizeof *sum);
	for (int c = 0; c < 3; c++) {
		for (int k = 0; k < ws[c].n; k++) {
			int j = 0;
			while (j < distinct &&
			       !(ul[j] == ws[c].len[k] && memcmp(uw[j], ws[c].w[k], ul[j]) == 0))
				j++;
			if (j == distinct) {
				uw[j] = ws[c].w[k];
				ul[j] = ws[c].len[k];
				distinct++;
			}
			sum[j] += weight[c];
		}
	}
	size_t tcap = 16, wcap = 16;
	for (int c = 0; c < 3; c++)
		tcap += strlen(parts[c]) * 3 + (size_t)ws[c].n * 2;
	wcap += (size_t)distinct * 24;
	char *terms = xmalloc(tcap), *weights = xmalloc(wcap);
	struct out ot = {terms, tcap, 0, 0}, ow = {weights, wcap, 0, 0};
	put(&ot, "{", 1);
	put(&ow, "{", 1);
	for (int j = 0; j < distinct; j++) {
		char b[32];
		int bn = snprintf(b, sizeof b, "%.17g", sum[j]);
		put_elem(&ot, uw[j], ul[j]);
		put_elem(&ow, b, (size_t)bn);
	}
	put(&ot, "}", 1);
	put(&ow, "}", 1);
	if (!ot.full && !ow.full && pgb_search_remove_procedure(db, id) == 0 &&
	    db_exec_vals(db, sql_doc, DB_ARGS(db_int(id), db_int(total))) == DB_OK &&
	    (distinct == 0 ||
	     db_exec_vals(db, sql_terms, DB_ARGS(db_int(id), db_text(terms), db_text(weights))) ==
		     DB_OK))
		rc = 0;
	free(terms);
	free(weights);
out:
	for (int c = 0; c < 3; c++)
		words_free(&ws[c]);
	free(ws);
	free(uw);
	free(ul);
	free(sum);
	return rc;
}
