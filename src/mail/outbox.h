/*
 * outbox.h — queue an e-mail in the outbox table, inside the caller's
 * transaction.
 *
 * The rule: a notification is written in the SAME transaction as the change
 * that causes it. Commit both or neither; the background sender
 * (mail/sender.h) delivers committed rows later, with retries. Nothing here
 * talks to a mail server.
 *
 * Threading: whatever thread owns `db` (on the server: the writer thread,
 * inside a write_fn).
 */
#ifndef MOTCUA_MAIL_OUTBOX_H
#define MOTCUA_MAIL_OUTBOX_H

#include <stddef.h>

#include "db/db.h"

/* Ceilings of what one message may hold (bytes). */
#define OUTBOX_SUBJECT_MAX 400
#define OUTBOX_BODY_MAX (64 * 1024)

/* One message. All strings are borrowed (not kept after the call). */
struct mail_msg {
	const char *kind;         /* "dossier.received": a code, no personal data */
	const char *dossier_code; /* may be NULL */
	const char *to;           /* the recipient's address, untrusted */
	const char *subject;      /* UTF-8, one line */
	const char *body;         /* UTF-8 text/plain, LF (or CRLF) line ends */
};

/*
 * Insert m into the outbox, due at once, in the current transaction of db.
 * The address is checked with ident_check_email and stored normalised; an
 * absent or invalid address queues nothing and returns 0 (there is simply
 * no one to write to). Control characters of the subject become spaces.
 * Returns 0, ERR_VALIDATION when kind is empty or subject/body are not
 * UTF-8 or too long (a programming error of the caller: its transaction
 * should roll back), or ERR_INTERNAL on a store error.
 */
int outbox_add(struct db *db, const struct mail_msg *m);

#endif
