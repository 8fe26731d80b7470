/*
 * sender.h — the background thread that delivers the outbox over SMTP.
 *
 * Mail is never sent inside an HTTP request. Services queue messages with
 * outbox_add() in their own transaction; this thread, with its own store
 * connection, takes the due rows (a batch, oldest first), claims each (a
 * lease on its next_attempt_at: of several servers' senders exactly one
 * gets it; docs/DEPLOY.md, "Several servers"), sends it with
 * libcurl (smtp:// or smtps://, STARTTLS on request) and records the result
 * in its own short transaction per message:
 *   success            sent_at = now
 *   SMTP 5xx reply     failed_at = now (a permanent refusal: retrying is useless)
 *   anything else      attempts + 1, next_attempt_at = now + backoff
 *                      (mail_backoff_s: base · 2^(n−1), capped at 6 h);
 *                      failed_at = now once max_attempts were made.
 * When the server cannot be reached, TLS fails or the login is refused, the
 * rest of the batch waits for the next round (their attempts not counted). Delivery is at least
 * once: a crash between the SMTP answer and the record re-sends the message
 * once its claim has run out (twice the SMTP timeout), with the same
 * Message-ID.
 *
 * The thread wakes every poll interval, or at once on mail_sender_kick().
 * Logs carry the outbox id and kind only: never the address, subject or
 * body, nor the server's reply text (it may quote the address).
 *
 * Threading: start and stop from the main thread; kick from any thread.
 * mail_sender_start() calls curl_global_init() (reference-counted, so a
 * second caller elsewhere is harmless); call it before other threads use
 * libcurl or OpenSSL — in `serve` it runs before the HTTP server starts.
 */
#ifndef MOTCUA_MAIL_SENDER_H
#define MOTCUA_MAIL_SENDER_H

#include <stddef.h>

struct mail_config {
	const char *db_path;   /* the store (same file as the server's) */
	const char *smtp_url;  /* smtp://host:port or smtps://host:port */
	const char *from;      /* envelope sender and From address */
	const char *from_name; /* display name; NULL = the home centre's name in the store */
	const char *username;  /* SMTP AUTH, or NULL */
	const char *password;  /* SMTP AUTH, or NULL (never from argv) */
	int starttls;          /* require STARTTLS on an smtp:// URL */
	int poll_s;            /* seconds between rounds; 0 = 10 */
	int backoff_s;         /* first retry delay; 0 = 60 */
	int max_attempts;      /* give up after this many; 0 = 10 */
	int timeout_s;         /* whole SMTP transaction of one message; 0 = 60 */
};

struct mail_sender;

/*
 * Validate cfg, open the sender's own store connection and start the thread.
 * The strings of cfg are copied (the password is wiped on stop). Returns
 * the sender, owned by the caller (mail_sender_stop frees it), or NULL with
 * a message in err (no personal data, no password).
 */
struct mail_sender *mail_sender_start(const struct mail_config *cfg, char *err, size_t errlen);

/* Wake the sender now: call it after a COMMIT that queued mail (a kick
 * before the commit finds nothing and the mail waits for the next poll).
 * s may be NULL (mail disabled): nothing happens. Cheap, never blocks for
 * long, callable from any thread. */
void mail_sender_kick(struct mail_sender *s);

/*
 * Stop: no new message is started; the one in progress may finish for up
 * to MAIL_STOP_GRACE_MS, then it is aborted (and stays queued, its attempt
 * not counted). Joins the thread, closes the connection, frees s. NULL is
 * allowed. Never blocks for much longer than the grace period.
 */
#define MAIL_STOP_GRACE_MS 3000
void mail_sender_stop(struct mail_sender *s);

#endif
