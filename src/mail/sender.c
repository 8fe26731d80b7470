/*
 * sender.c — the outbox's delivery thread (see sender.h for the contract).
 *
 * Loop: read a batch of due rows (a plain read, the snapshot released before
 * any network I/O), claim each message (claim(): several servers' senders
 * share one outbox) and send it, record each outcome with one UPDATE
 * (its own transaction: the writer thread is never kept waiting for longer
 * than one tiny commit), then sleep until the poll interval passes or a
 * kick arrives.
 *
 * Each message is one libcurl easy handle driven through a multi handle, so
 * the thread never sits inside libcurl for more than POLL_SLICE_MS without
 * checking whether the server is stopping; curl_multi_wakeup() makes that
 * immediate. Connections are not reused (CURLOPT_FORBID_REUSE): a pooled
 * connection would be closed later by libcurl's internal handle, whose QUIT
 * we could not bound; ours is bounded by the progress callback.
 *
 * Invariants: a message is recorded as sent only after the server accepted
 * it (250 after DATA); a message aborted by shutdown stays due with its
 * attempt uncounted; nothing personal is logged or stored in last_error.
 *
 * Threading: the thread owns s->db and s->multi while it runs; `mu`
 * guards `kicked`; `stopping` and `deadline_ms` are atomics read inside
 * libcurl callbacks. The config strings are immutable after start.
 */
#include "mail/sender.h"

#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/ident.h"
#include "core/log.h"
#include "core/mem.h"
#include "db/db.h"
#include "mail/message.h"

#define BATCH 20
#define POLL_SLICE_MS 500
#define CONNECT_TIMEOUT_S 15
#define RESPONSE_TIMEOUT_S 30
#define ERROR_MAX 120
#define CLAIM_MARGIN_S 60 /* a claim lasts the SMTP timeout and as much again, at most this */

struct mail_sender {
	/* configuration, immutable after start, owned */
	char *url, *from, *from_name, *user, *pass;
	int starttls, poll_s, backoff_s, max_attempts, timeout_s;
	/* owned by the thread while it runs */
	struct db *db;
	CURLM *multi;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv; /* CLOCK_MONOTONIC */
	int kicked;
	atomic_int stopping;
	_Atomic long long deadline_ms; /* abort the message in progress after this */
};

/* One due row, copied out of the statement so no snapshot is held while
 * the network is slow. Strings owned by the item. */
struct item {
	long long id, created_at, due; /* due: next_attempt_at as read */
	int attempts;
	char *kind, *to, *subject, *body;
};

enum outcome { SENT, RETRY, FAILED, ABORTED };

static long long mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int past_deadline(struct mail_sender *s)
{
	return atomic_load(&s->stopping) && mono_ms() >= atomic_load(&s->deadline_ms);
}

/* --- one message --------------------------------------------------------- */

struct reader {
	const char *p;
	size_t len, off;
};

static size_t read_cb(char *dst, size_t size, size_t nitems, void *ud)
{
	struct reader *r = ud;
	size_t room = size * nitems, left = r->len - r->off;
	size_t n = left < room ? left : room;
	memcpy(dst, r->p + r->off, n);
	r->off += n;
	return n;
}

/* Called by libcurl about once a second, also while it waits for a QUIT
 * reply inside a blocking disconnect: the bound on shutdown. */
static int progress_cb(void *ud, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d)
{
	(void)a, (void)b, (void)c, (void)d;
	return past_deadline(ud);
}

static void set_options(struct mail_sender *s, CURL *e, struct reader *rd, struct curl_slist *rcpt,
			char *from_env)
{
	curl_easy_setopt(e, CURLOPT_URL, s->url);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
#else
	curl_easy_setopt(e, CURLOPT_PROTOCOLS, (long)(CURLPROTO_SMTP | CURLPROTO_SMTPS));
#endif
	curl_easy_setopt(e, CURLOPT_MAIL_FROM, from_env);
	curl_easy_setopt(e, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(e, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(e, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(e, CURLOPT_READDATA, rd);
	curl_easy_setopt(e, CURLOPT_INFILESIZE_LARGE, (curl_off_t)rd->len);
	if (s->user) {
		curl_easy_setopt(e, CURLOPT_USERNAME, s->user);
		curl_easy_setopt(e, CURLOPT_PASSWORD, s->pass ? s->pass : "");
	}
	if (s->starttls)
		curl_easy_setopt(e, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, (long)CONNECT_TIMEOUT_S);
	curl_easy_setopt(e, CURLOPT_SERVER_RESPONSE_TIMEOUT, (long)RESPONSE_TIMEOUT_S);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, (long)s->timeout_s);
	curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);
	curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, progress_cb);
	curl_easy_setopt(e, CURLOPT_XFERINFODATA, s);
}

/*
 * Send one message. *smtp receives the last SMTP reply code (0 if the
 * server never answered), *cres libcurl's result.
 */
static enum outcome send_one(struct mail_sender *s, const struct item *it, long *smtp,
			     CURLcode *cres)
{
	*smtp = 0;
	*cres = CURLE_OK;
	struct mail_wire w = {
		.id = it->id,
		.created_at = it->created_at,
		.date = (int64_t)time(NULL),
		.from = s->from,
		.from_name = s->from_name,
		.to = it->to,
		.subject = it->subject,
		.body = it->body,
	};
	size_t len = 0;
	char *msg = mail_format(&w, &len);
	if (!msg) {
		*cres = CURLE_FILESIZE_EXCEEDED;
		return FAILED;
	}
	char from_env[IDENT_EMAIL_CAP + 2], to_env[IDENT_EMAIL_CAP + 2];
	snprintf(from_env, sizeof from_env, "<%s>", s->from);
	snprintf(to_env, sizeof to_env, "<%s>", it->to);
	struct curl_slist *rcpt = curl_slist_append(NULL, to_env);
	CURL *e = curl_easy_init();
	struct reader rd = {msg, len, 0};
	enum outcome out = RETRY;
	int running = 1, aborted = 0;
	if (!e || !rcpt) {
		*cres = CURLE_OUT_OF_MEMORY;
		goto done;
	}
	set_options(s, e, &rd, rcpt, from_env);
	if (curl_multi_add_handle(s->multi, e) != CURLM_OK) {
		*cres = CURLE_FAILED_INIT;
		goto done;
	}
	while (running) {
		if (curl_multi_perform(s->multi, &running) != CURLM_OK || !running)
			break;
		if (past_deadline(s)) {
			aborted = 1;
			break;
		}
		curl_multi_poll(s->multi, NULL, 0, POLL_SLICE_MS, NULL);
	}
	*cres = aborted ? CURLE_ABORTED_BY_CALLBACK : CURLE_FAILED_INIT;
	if (!aborted) {
		int left;
		CURLMsg *m;
		while ((m = curl_multi_info_read(s->multi, &left)) != NULL)
			if (m->msg == CURLMSG_DONE && m->easy_handle == e)
				*cres = m->data.result;
	}
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, smtp);
	curl_multi_remove_handle(s->multi, e); /* mid-transfer: closes, no QUIT */
	if (*cres == CURLE_OK)
		out = SENT;
	else if (aborted || (*cres == CURLE_ABORTED_BY_CALLBACK && atomic_load(&s->stopping)))
		out = ABORTED;
	else if (*smtp >= 500 && *smtp < 600 && *cres != CURLE_LOGIN_DENIED)
		out = FAILED; /* the server refused this message for good */
	else
		out = RETRY;
done:
	curl_easy_cleanup(e);
	curl_slist_free_all(rcpt);
	free(msg);
	return out;
}

/* --- recording ------------------------------------------------------------ */

/* Run an UPDATE, retrying a few times when the store stays locked beyond
 * the busy timeout (the writer is committing a big batch). */
static int run_update(struct db_stmt *st)
{
	int rc = DB_ERROR;
	for (int i = 0; i < 3; i++) {
		rc = db_run(st);
		if (rc != DB_BUSY)
			break;
	}
	return rc;
}

static void record(struct mail_sender *s, const struct item *it, enum outcome out, long smtp,
		   CURLcode cres)
{
	static const char sql_sent[] = "UPDATE outbox SET sent_at = $2, attempts = attempts + 1,"
				       " last_error = '' WHERE id = $1";
	static const char sql_fail[] = "UPDATE outbox SET attempts = $2, next_attempt_at = $3,"
				       " failed_at = $4, last_error = $5 WHERE id = $1";
	static const char sql_abort[] = "UPDATE outbox SET last_error = $2, next_attempt_at = $3"
					" WHERE id = $1";
	char kind[64];
	log_quote(it->kind, kind, sizeof kind);
	int64_t now = (int64_t)time(NULL);
	struct db_stmt *st;
	int rc;

	if (out == SENT) {
		st = db_prep(s->db, sql_sent);
		if (!st)
			return;
		db_bind_int(st, 1, it->id);
		db_bind_int(st, 2, now);
		rc = run_update(st);
		log_info("mail=sent id=%lld kind=\"%s\" attempts=%d", it->id, kind,
			 it->attempts + 1);
	} else if (out == ABORTED) {
		st = db_prep(s->db, sql_abort);
		if (!st)
			return;
		db_bind_int(st, 1, it->id);
		db_bind_text(st, 2, "aborted at shutdown");
		db_bind_int(st, 3, it->due); /* the claim given back: due as before */
		rc = run_update(st);
		log_warn("mail=aborted id=%lld kind=\"%s\" reason=shutdown", it->id, kind);
	} else {
		/* Only the numeric SMTP status and libcurl's own text: the
		 * server's reply may quote the address. */
		char why[ERROR_MAX];
		snprintf(why, sizeof why, "smtp %ld: %s (curl %d)", smtp, curl_easy_strerror(cres),
			 (int)cres);
		int attempts = it->attempts + 1;
		int give_up = out == FAILED || attempts >= s->max_attempts;
		int64_t delay = mail_backoff_s(attempts, s->backoff_s);
		st = db_prep(s->db, sql_fail);
		if (!st)
			return;
		db_bind_int(st, 1, it->id);
		db_bind_int(st, 2, attempts);
		db_bind_int(st, 3, now + (give_up ? 0 : delay));
		if (give_up)
			db_bind_int(st, 4, now);
		else
			db_bind_null(st, 4);
		db_bind_text(st, 5, why);
		rc = run_update(st);
		if (give_up)
			log_error("mail=failed id=%lld kind=\"%s\" attempts=%d smtp=%ld curl=%d",
				  it->id, kind, attempts, smtp, (int)cres);
		else
			log_warn("mail=retry id=%lld kind=\"%s\" attempts=%d smtp=%ld curl=%d "
				 "next_in_s=%lld",
				 it->id, kind, attempts, smtp, (int)cres, (long long)delay);
	}
	if (rc != DB_OK) /* the message goes out again later: at least once */
		log_error("mail=record_failed id=%lld", it->id);
}

/* --- a round --------------------------------------------------------------- */

static void free_items(struct item *v, int n)
{
	for (int i = 0; i < n; i++) {
		free(v[i].kind);
		free(v[i].to);
		free(v[i].subject);
		free(v[i].body);
	}
}

/* Read up to BATCH due rows into v; returns their count, or -1. */
static int load_due(struct mail_sender *s, struct item *v)
{
	static const char sql[] = "SELECT id, created_at, kind, to_addr, subject, body, attempts,"
				  " next_attempt_at"
				  " FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL"
				  " AND next_attempt_at <= $1 ORDER BY next_attempt_at, id"
				  " LIMIT $2";
	struct db_stmt *st = db_prep(s->db, sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, (int64_t)time(NULL));
	db_bind_int(st, 2, BATCH);
	int n = 0;
	while (n < BATCH && db_step(st) == DB_ROW) {
		struct item *it = &v[n++];
		it->id = (long long)db_col_int(st, 0);
		it->created_at = (long long)db_col_int(st, 1);
		it->kind = xstrdup(db_col_text(st, 2));
		it->to = xstrdup(db_col_text(st, 3));
		it->subject = xstrdup(db_col_text(st, 4));
		it->body = xstrdup(db_col_text(st, 5));
		it->attempts = (int)db_col_int(st, 6);
		it->due = (long long)db_col_int(st, 7);
	}
	db_done(st);
	return n;
}

/*
 * Claim one message before sending it: move its next_attempt_at from the
 * value read to the end of a lease, in one UPDATE that matches only while
 * the row is still as read. Of several senders (several servers on one
 * database) that read the same row, exactly one changes it; the others see
 * no row changed and skip it. The lease (the whole SMTP timeout, twice, but
 * at most the timeout + 60 s) outlasts any send of this process; if the
 * process dies holding it, the row is due again when the lease ends and
 * another sender takes it (the recovery: at least once, with the same
 * Message-ID). 1 when claimed.
 */
static int claim(struct mail_sender *s, struct item *it)
{
	static const char sql[] = "UPDATE outbox SET next_attempt_at = $3 WHERE id = $1"
				  " AND next_attempt_at = $2 AND sent_at IS NULL"
				  " AND failed_at IS NULL";
	int margin = s->timeout_s < CLAIM_MARGIN_S ? s->timeout_s : CLAIM_MARGIN_S;
	long long until = (long long)time(NULL) + s->timeout_s + margin;
	struct db_stmt *st = db_prep(s->db, sql);
	db_bind_int(st, 1, it->id);
	db_bind_int(st, 2, it->due);
	db_bind_int(st, 3, until);
	if (run_update(st) != DB_OK || db_changes(s->db) != 1)
		return 0;
	return 1;
}

/* 1 when a failure says nothing about the message but about the server or
 * our link to it (no reply, TLS, login): the others would fail alike. */
static int server_level(long smtp, CURLcode c)
{
	switch (c) {
	case CURLE_LOGIN_DENIED:
	case CURLE_USE_SSL_FAILED:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT: return 1;
	default: return smtp == 0;
	}
}

/* One round: returns 1 when the batch was full and fully tried (more may
 * be due: go on at once), else 0. */
static int send_due(struct mail_sender *s)
{
	struct item v[BATCH];
	int n = load_due(s, v);
	if (n <= 0)
		return 0;
	int tried = 0;
	for (int i = 0; i < n && !atomic_load(&s->stopping); i++) {
		long smtp;
		CURLcode cres;
		if (!claim(s, &v[i])) {
			tried++; /* another server's sender has it */
			continue;
		}
		enum outcome out = send_one(s, &v[i], &smtp, &cres);
		record(s, &v[i], out, smtp, cres);
		tried++;
		/* The others wait for the next round, their attempts uncounted. */
		if (out == ABORTED || (out == RETRY && server_level(smtp, cres)))
			break;
	}
	free_items(v, n);
	return n == BATCH && tried == n;
}

static void *sender_main(void *arg)
{
	struct mail_sender *s = arg;
	while (!atomic_load(&s->stopping)) {
		int more = send_due(s);
		pthread_mutex_lock(&s->mu);
		if (!more && !s->kicked && !atomic_load(&s->stopping)) {
			struct timespec ts;
			clock_gettime(CLOCK_MONOTONIC, &ts);
			ts.tv_sec += s->poll_s;
			int rc = 0;
			while (!s->kicked && !atomic_load(&s->stopping) && rc != ETIMEDOUT)
				rc = pthread_cond_timedwait(&s->cv, &s->mu, &ts);
		}
		s->kicked = 0;
		pthread_mutex_unlock(&s->mu);
	}
	return NULL;
}

/* --- start / kick / stop ------------------------------------------------- */

/* The home centre's name, for the From display name; NULL if none. */
static char *centre_name(struct db *db)
{
	static const char sql[] = "SELECT centre_name FROM agency WHERE is_home = 1"
				  " ORDER BY id LIMIT 1";
	struct db_stmt *st = db_prep(db, sql);
	char *name = NULL;
	if (st && db_step(st) == DB_ROW && db_col_text(st, 0)[0])
		name = xstrdup(db_col_text(st, 0));
	db_done(st);
	return name;
}

static void free_sender(struct mail_sender *s)
{
	if (s->multi)
		curl_multi_cleanup(s->multi);
	db_close(s->db);
	if (s->pass) {
		explicit_bzero(s->pass, strlen(s->pass));
		free(s->pass);
	}
	free(s->url);
	free(s->from);
	free(s->from_name);
	free(s->user);
	free(s);
	curl_global_cleanup();
}

static int scheme_ok(const char *url, int *tls)
{
	*tls = strncasecmp(url, "smtps://", 8) == 0;
	return *tls || strncasecmp(url, "smtp://", 7) == 0;
}

struct mail_sender *mail_sender_start(const struct mail_config *cfg, char *err, size_t errlen)
{
	char from[IDENT_EMAIL_CAP];
	int tls = 0;
	if (!cfg->smtp_url || !scheme_ok(cfg->smtp_url, &tls)) {
		snprintf(err, errlen, "the SMTP URL must start with smtp:// or smtps://");
		return NULL;
	}
	if (!cfg->from ||
	    ident_check_email(cfg->from, strlen(cfg->from), from, sizeof from) != IDENT_OK) {
		snprintf(err, errlen,
			 "the sender address (--mail-from) is not a valid e-mail address");
		return NULL;
	}
	if (cfg->poll_s < 0 || cfg->poll_s > 86400 || cfg->backoff_s < 0 || cfg->max_attempts < 0 ||
	    cfg->timeout_s < 0) {
		snprintf(err, errlen, "invalid mail timing settings");
		return NULL;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(err, errlen, "libcurl failed to initialise");
		return NULL;
	}
	struct mail_sender *s = xcalloc(1, sizeof *s);
	s->url = xstrdup(cfg->smtp_url);
	s->from = xstrdup(from);
	s->user = cfg->username && cfg->username[0] ? xstrdup(cfg->username) : NULL;
	s->pass = cfg->password ? xstrdup(cfg->password) : NULL;
	s->starttls = cfg->starttls && !tls;
	s->poll_s = cfg->poll_s ? cfg->poll_s : 10;
	s->backoff_s = cfg->backoff_s ? cfg->backoff_s : 60;
	s->max_attempts = cfg->max_attempts ? cfg->max_attempts : 10;
	s->timeout_s = cfg->timeout_s ? cfg->timeout_s : 60;
	atomic_init(&s->stopping, 0);
	atomic_init(&s->deadline_ms, 0);
	if (db_open(cfg->db_path, 0, &s->db, err, errlen) != 0) {
		free_sender(s);
		return NULL;
	}
	s->from_name = cfg->from_name ? xstrdup(cfg->from_name) : centre_name(s->db);
	s->multi = curl_multi_init();
	if (!s->multi) {
		snprintf(err, errlen, "libcurl: cannot create a multi handle");
		free_sender(s);
		return NULL;
	}
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->cv, &ca);
	pthread_condattr_destroy(&ca);
	pthread_mutex_init(&s->mu, NULL);
	if (pthread_create(&s->thread, NULL, sender_main, s) != 0) {
		snprintf(err, errlen, "cannot start the mail thread");
		pthread_cond_destroy(&s->cv);
		pthread_mutex_destroy(&s->mu);
		free_sender(s);
		return NULL;
	}
	/* never the URL: it may carry credentials */
	log_info("mail=enabled tls=%s auth=%s poll_s=%d backoff_s=%d",
		 tls           ? "smtps"
		 : s->starttls ? "starttls"
			       : "none",
		 s->user ? "yes" : "no", s->poll_s, s->backoff_s);
	return s;
}

void mail_sender_kick(struct mail_sender *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->mu);
	s->kicked = 1;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
}

void mail_sender_stop(struct mail_sender *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->mu);
	atomic_store(&s->deadline_ms, mono_ms() + MAIL_STOP_GRACE_MS);
	atomic_store(&s->stopping, 1);
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
	/* The loop re-checks the deadline every POLL_SLICE_MS anyway. */
	curl_multi_wakeup(s->multi);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += MAIL_STOP_GRACE_MS / 1000 + 3;
	if (pthread_timedjoin_np(s->thread, NULL, &ts) != 0) {
		/* libcurl is stuck somewhere we cannot reach: leave the thread
		 * (and its memory) to the process exit rather than hang. */
		log_error("mail=stop_timeout");
		return;
	}
	pthread_cond_destroy(&s->cv);
	pthread_mutex_destroy(&s->mu);
	free_sender(s);
	log_info("mail=stopped");
}
