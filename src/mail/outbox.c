/*
 * outbox.c — outbox_add(): one INSERT in the caller's transaction.
 *
 * Invariants: a stored row always has a valid, normalised address, a
 * one-line UTF-8 subject and a UTF-8 body within their ceilings, so the
 * sender never has to reject what it reads. Times are real Unix seconds
 * (time(NULL)), not the injected test clock: delivery happens in the real
 * world, and a fake clock in the future would hold mail back.
 *
 * Threading: runs on the thread that owns db; no shared state.
 */
#include "mail/outbox.h"

#include <stdint.h>
#include <string.h>
#include <time.h>

#include "core/ident.h"
#include "core/log.h"
#include "core/problem.h"
#include "core/utf8.h"

int outbox_add(struct db *db, const struct mail_msg *m)
{
	static const char sql[] = "INSERT INTO outbox (created_at, kind, dossier_code, to_addr,"
				  " subject, body, attempts, next_attempt_at)"
				  " VALUES ($1, $2, $3, $4, $5, $6, 0, $1)";
	char addr[IDENT_EMAIL_CAP];
	char subject[OUTBOX_SUBJECT_MAX + 1];

	if (!m || !m->kind || !m->kind[0] || !m->subject || !m->body)
		return ERR_VALIDATION;
	if (!m->to || ident_check_email(m->to, strlen(m->to), addr, sizeof addr) != IDENT_OK) {
		log_debug("outbox=skipped kind=%s reason=no_valid_address", m->kind);
		return 0;
	}
	size_t slen = strlen(m->subject), blen = strlen(m->body);
	if (slen > OUTBOX_SUBJECT_MAX || blen > OUTBOX_BODY_MAX ||
	    utf8_validate(m->subject, slen, NULL) != UTF8_OK ||
	    utf8_validate(m->body, blen, NULL) != UTF8_OK) {
		log_error("outbox=rejected kind=%s reason=bad_text", m->kind);
		return ERR_VALIDATION;
	}
	/* A header is one line: a CR or LF here would end it. */
	for (size_t i = 0; i <= slen; i++) {
		unsigned char c = (unsigned char)m->subject[i];
		subject[i] = (c && (c < 0x20 || c == 0x7f)) ? ' ' : (char)c;
	}

	struct db_stmt *st = db_prep(db, sql);
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, (int64_t)time(NULL));
	db_bind_text(st, 2, m->kind);
	db_bind_text(st, 3, m->dossier_code);
	db_bind_text(st, 4, addr);
	db_bind_text(st, 5, subject);
	db_bind_textn(st, 6, m->body, blen);
	/* answered with the transaction's next round trip (D44) */
	return db_run_later(st) == DB_OK ? 0 : ERR_INTERNAL;
}
