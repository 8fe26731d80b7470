/*
 * petition_store.h — every SQL statement of the petition domain
 * (petition_store.c), private to src/app/petition/. Tables petition and
 * petition_comment of migration 0015_petition.sql; the content-addressed
 * `attachment` table of 0003 holds the feedback form's files.
 *
 * Statements are returned positioned on their row (NULL if none) or bound
 * (lists); the caller reads the columns named beside them and ends them
 * with db_done(). Returns: 0 or -1 unless said otherwise. Writes only
 * inside the caller's write transaction.
 */
#ifndef MOTCUA_APP_PETITION_STORE_H
#define MOTCUA_APP_PETITION_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "app/petition/petition.h"
#include "db/db.h"

/* The home agency: its id (0 if none) and whether it is remote (island). */
long long pstore_home_agency(struct db *db);
/* 1 if agency is an island/remote commune (longer complaint limits). */
int pstore_agency_remote(struct db *db, long long agency);
/* 1 if a petition has this code. */
int pstore_code_taken(struct db *db, const char *code);

/* The row as inserted. */
struct pstore_new {
	const struct petition_in *in;
	const char *code, *fold;
	long long agency, created_by;
	int64_t received, ack_due, forward_due, due; /* 0 = NULL */
};
int pstore_insert(struct db *db, const struct pstore_new *n, int64_t now, long long *id);
/* The attachment's bytes (content-addressed, shared with dossiers). */
int pstore_file_put(struct db *db, const struct petition_in *in, int64_t now);

enum {
	PC_ID,
	PC_CODE,
	PC_AGENCY,
	PC_UNIT,
	PC_OFFICER,
	PC_CHANNEL,
	PC_TYPE,
	PC_FIELD,
	PC_SUBJECT,
	PC_CONTENT,
	PC_PEOPLE,
	PC_NAME,
	PC_EMAIL,
	PC_PHONE,
	PC_ADDRESS,
	PC_ID_NUMBER,
	PC_STATUS,
	PC_COMPLEX,
	PC_EXTENSIONS,
	PC_REOPENED,
	PC_RECEIVED_AT,
	PC_ACK_DUE,
	PC_FORWARD_DUE, /* NULL: none */
	PC_ACKED_AT,
	PC_ACCEPTED_AT,
	PC_DUE,
	PC_FORWARDED_TO,
	PC_FORWARD_DOC,
	PC_FORWARDED_AT,
	PC_ANSWER,
	PC_ANSWERED_AT,
	PC_PUB_TITLE,
	PC_PUB_QUESTION,
	PC_PUB_ANSWER,
	PC_PUBLISHED_AT,
	PC_SATISFACTION,
	PC_SATISFACTION_AT,
	PC_FILE_NAME,
	PC_FILE_SIZE, /* NULL: no attachment */
	PC_UNIT_CODE,
	PC_UNIT_NAME,
	PC_OFFICER_NAME,
	PC_OFFICER_USERNAME,
	PC_AGENCY_NAME,
	PC__COUNT
};
/* One petition (columns PC_*) by id (agency 0: any) or by code. */
struct db_stmt *pstore_get(struct db *db, long long id, long long agency);
struct db_stmt *pstore_by_code(struct db *db, const char *code);

/* Updates of one petition; each also sets updated_at = now. */
int pstore_assign(struct db *db, long long id, long long unit, long long officer, int64_t now);
int pstore_classify(struct db *db, long long id, const char *type, const char *field,
		    int64_t ack_due, int64_t forward_due, int64_t due, int64_t now);
int pstore_accept(struct db *db, long long id, int complex, int64_t due, int64_t now);
int pstore_forward(struct db *db, long long id, const char *to, const char *doc, int64_t now);
int pstore_extend(struct db *db, long long id, int64_t due, int64_t now);
int pstore_answer(struct db *db, long long id, const char *text, int64_t now);
int pstore_publish(struct db *db, long long id, const char *title, const char *question,
		   const char *answer, const char *fold, int64_t now);
int pstore_reopen(struct db *db, long long id, int64_t due, int64_t now);
/* Set once: 1 when set, 0 when already set, -1 on error. */
int pstore_satisfaction(struct db *db, long long id, const char *value, int64_t now);

/* A unit of agency by code (0 if none); a staff member of agency by
 * username (0 if none or inactive). */
long long pstore_unit(struct db *db, long long agency, const char *code);
long long pstore_staff(struct db *db, long long agency, const char *username);

/* The inbox's filter. */
struct pstore_filter {
	long long agency; /* 0 = all */
	const char *status;
	int open_only;
	const char *type;
	const char *q;          /* folded */
	int64_t overdue_before; /* 0 = no filter; else next deadline < this */
};
enum {
	PL_ID,
	PL_CODE,
	PL_TYPE,
	PL_CHANNEL,
	PL_FIELD,
	PL_SUBJECT,
	PL_STATUS,
	PL_RECEIVED_AT,
	PL_ACK_DUE,
	PL_ACKED_AT,
	PL_DUE,
	PL_NAME,
	PL_OFFICER_NAME,
	PL_UNIT_NAME,
	PL_SATISFACTION,
	PL_REOPENED
};
struct db_stmt *pstore_list(struct db *db, const struct pstore_filter *f, long long limit,
			    long long offset);
long long pstore_list_count(struct db *db, const struct pstore_filter *f);

enum { PH_AT, PH_ACTOR, PH_ACTION, PH_AFTER };
/* The petition's audit records, oldest first (columns PH_*). */
struct db_stmt *pstore_history(struct db *db, long long id);

enum { PR_ID, PR_TITLE, PR_TYPE, PR_FIELD, PR_PUBLISHED_AT, PR_QUESTION };
struct db_stmt *pstore_register(struct db *db, const char *q, long long limit, long long offset);
long long pstore_register_count(struct db *db, const char *q);

/* Comments. */
int pstore_comment_insert(struct db *db, long long petition, const char *name, const char *email,
			  const char *content, int64_t now, long long *id);
enum { PCM_ID, PCM_PETITION, PCM_TITLE, PCM_NAME, PCM_CONTENT, PCM_CREATED_AT, PCM_STATUS };
/* The comments of a petition with a status (the public: approved). */
struct db_stmt *pstore_comments_of(struct db *db, long long petition, const char *status);
/* The comments of an agency's petitions with a status, oldest first. */
struct db_stmt *pstore_comments(struct db *db, long long agency, const char *status);
/* One comment, (columns PCM_*), agency 0: any. */
struct db_stmt *pstore_comment_get(struct db *db, long long id, long long agency);
int pstore_comment_set(struct db *db, long long id, const char *status, long long moderator,
		       int64_t now);

enum { PF_DATA, PF_MIME, PF_NAME };
/* The attachment of petition id within agency (0: any), or NULL. */
struct db_stmt *pstore_file(struct db *db, long long id, long long agency);

/* Open311's public list (petition_public_list): columns id, type, field,
 * status, agency name, received_at, updated_at, due_at, forwarded_to,
 * published_at, pub_question, pub_answer. */
struct db_stmt *pstore_public(struct db *db, const struct petition_pub_query *q);

#endif
