/*
 * search.h — full-text search of the procedure catalogue, with a signature
 * that says nothing of the engine. The catalogue's store asks for ranked
 * procedure ids and keeps the index in step with its rows; how the index is
 * kept and queried is the backend's: on SQLite an FTS5 table with the `vi`
 * tokenizer (fts_vi.h) ranked by bm25 (search_sqlite.c), on PostgreSQL a
 * tsvector with unaccent would implement the same three functions.
 *
 * Matching: the text is split into words (letters and digits), accents and
 * đ/Đ are folded ("dang ky ket hon" finds "Đăng ký kết hôn"), every word
 * must occur, the last one as a prefix. A procedure's name weighs most, then
 * its code, then its field's name; ties go by code.
 *
 * Threading: as db.h (a connection belongs to one thread). The index
 * functions run inside the caller's write transaction.
 */
#ifndef MOTCUA_DB_SEARCH_H
#define MOTCUA_DB_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

/* Words of one query and bytes of text accepted (more is DB_SEARCH_INVALID). */
#define DB_SEARCH_TEXT_MAX 1024
#define DB_SEARCH_WORDS_MAX 32

enum db_search_rc {
	DB_SEARCH_ERROR = -1,   /* the store failed (logged) */
	DB_SEARCH_INVALID = -2, /* the text is not valid UTF-8, too long, or too many words */
};

/*
 * The active procedures matching `text` (NUL-terminated user text), in
 * rank order, optionally only those of the field with code `field` (NULL:
 * every field): skip `offset`, then at most min(limit, cap) ids into ids[].
 * *total receives the number of matches (before offset/limit). Returns the
 * number of ids written (≥ 0; 0 with *total = 0 when the text has no word at
 * all), or an enum db_search_rc.
 */
int db_search_procedures(struct db *db, const char *text, const char *field, long long limit,
			 long long offset, int64_t *ids, size_t cap, long long *total);

/* Index (or re-index) procedure `id` under its name, its field's name and
 * its code. 0 or -1. */
int db_search_index_procedure(struct db *db, int64_t id, const char *name, const char *field,
			      const char *code);

/* Drop procedure `id` from the index (withdrawn). 0 or -1. */
int db_search_remove_procedure(struct db *db, int64_t id);

#endif
