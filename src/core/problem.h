/*
 * problem.h — the one error vocabulary of motcua.
 *
 * Every failure that can reach a user is a `struct problem`: an HTTP status,
 * a stable machine code ("not_found", "invalid_transition", "validation"…),
 * optionally the offending field, and a human message in Vietnamese and in
 * English. Messages are static strings (never freed, never formatted with
 * user data), so a problem can be copied by value and logged safely.
 *
 * The mapping from kind to HTTP status lives here and only here.
 */
#ifndef MOTCUA_CORE_PROBLEM_H
#define MOTCUA_CORE_PROBLEM_H

#include <stddef.h>

enum err {
	ERR_OK = 0,
	ERR_BAD_REQUEST,  /* 400: malformed JSON, parameters */
	ERR_UNAUTHORIZED, /* 401 */
	ERR_FORBIDDEN,    /* 403 */
	ERR_NOT_FOUND,    /* 404 */
	ERR_METHOD,       /* 405 */
	ERR_CONFLICT,     /* 409 */
	ERR_TOO_LARGE,    /* 413 */
	ERR_MEDIA_TYPE,   /* 415 */
	ERR_VALIDATION,   /* 422 */
	ERR_THROTTLED,    /* 429 */
	ERR_INTERNAL,     /* 500 */
	ERR_UNAVAILABLE,  /* 503 */
	ERR__COUNT
};

struct problem {
	enum err kind;
	const char *code; /* stable, snake_case; never NULL once set */
	const char *vi;   /* message, Vietnamese */
	const char *en;   /* message, English */
	char field[64];   /* offending field ("applicant.id_number"), or "" */
	int retry_after;  /* seconds, for 429/503; 0 = none */
};

/* HTTP status of a kind (500 for anything unknown). */
int problem_status(enum err kind);

/*
 * Fill p. code/vi/en must be static strings; field may be NULL. When vi/en
 * are NULL the default message of the kind is used. Returns kind so callers
 * can write `return problem_set(p, ERR_NOT_FOUND, …);`.
 */
enum err problem_set(struct problem *p, enum err kind, const char *code, const char *field,
		     const char *vi, const char *en);

/* Shorthand with the kind's default code and messages. */
enum err problem_kind(struct problem *p, enum err kind);

/* Shorthand for a 422 on one field. */
enum err problem_field(struct problem *p, const char *field, const char *vi, const char *en);

/* The message in the language asked for ("en" → English, otherwise Vietnamese). */
const char *problem_message(const struct problem *p, int english);

#endif
