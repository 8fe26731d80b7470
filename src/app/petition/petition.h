/*
 * petition.h — citizens' voice as a contract: petitions (đơn: complaints,
 * denunciations, recommendations, reflections) from every channel to a
 * written and published answer, the public feedback form, and comments on
 * published answers (issue 13; DOMAIN.md §4; DECISIONS D33).
 *
 * A petition is received (keyed in by an officer from the reception, the
 * post, an e-mail or the hotline, or sent through the public feedback form),
 * gets a random tracking code (PA-XXXX-XXXX-XXXX: not guessable, nothing
 * personal), belongs to the agency that handles it (an officer sees his
 * agency's, D27), is assigned to a unit and an officer, accepted, forwarded
 * to another agency (with a notice to the citizen) or answered in writing
 * (with a notice), and the answer may be published with personal data
 * removed. The citizen says whether the answer satisfies him (by the code);
 * a repeated petition re-opens it. States:
 *
 *   received ──accept──▶ accepted ──answer──▶ answered ──reopen──▶ accepted
 *       └──────────forward──────────▶ forwarded ──reopen──▶ accepted
 *   (answer is allowed from received too: a reflection answered at once)
 *
 * Deadlines on the legal clock (app/platform/clock.h), D33:
 *   ack_due     the first answer: complaint accepted (or refused) within 10
 *               working days; denunciation classified within 7 working days;
 *               recommendation/reflection told its status within 10 working
 *               days (Law 42/2013 Art. 28)
 *   forward_due denunciation and recommendation/reflection forwarded within 5
 *               working days when not within competence
 *   due         resolution: complaint 30 days from acceptance (45 complex;
 *               remote agency 45/60); denunciation 30 days from acceptance,
 *               +30 per extension, at most two; recommendation/reflection
 *               15 working days from receipt (766 scoring)
 * "days" are calendar days whose last day, if not a working day, moves to
 * the next working day (clock unit "days").
 *
 * Denunciations keep the denouncer's identity confidential: the staff views
 * and lists never carry it (identity: null, confidential: true); it is read
 * only through petition_identity, by a head or a leader of the agency or the
 * assigned officer, each read audited ("petition.identity_view"). No public
 * answer carries the petitioner's identity of any type.
 *
 * Services take the store, who acts, the caller's `now` and a struct problem
 * and return 0 or an enum err with the problem filled. Writes run inside the
 * caller's write transaction (row + audit record; mail through the outbox,
 * *mailed set when a message was queued). All SQL is in petition_store.c.
 * Ownership: JSON results are new references (json_decref).
 */
#ifndef MOTCUA_APP_PETITION_H
#define MOTCUA_APP_PETITION_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "app/platform/app.h"
#include "core/ident.h"

/* Ceilings (characters unless said otherwise). */
#define PETITION_NAME_CHARS 200
#define PETITION_ADDRESS_CHARS 500
#define PETITION_SUBJECT_CHARS 300
#define PETITION_FIELD_CHARS 100
#define PETITION_CONTENT_CHARS 5000
#define PETITION_ANSWER_CHARS 20000
#define PETITION_NOTE_CHARS 2000
#define PETITION_COMMENT_CHARS 2000
#define PETITION_FILE_MAX (5u << 20) /* one attachment, bytes */
#define PETITION_LIST_MAX 200
#define PETITION_LIST_DEFAULT 50
#define PETITION_FEEDBACK_PER_HOUR 20 /* online feedback + comments per client address */
#define PETITION_CODE_LEN 17          /* "PA-XXXX-XXXX-XXXX" */
#define PETITION_EXTENSIONS_MAX 2     /* denunciation: +30 days at most twice */

/* What a petition carries on arrival. Strings are borrowed; NULL or "" is
 * "not given". */
struct petition_in {
	const char *channel; /* online | reception | post | email | hotline */
	const char *type;    /* complaint | denunciation | recommendation | reflection */
	const char *field;   /* lĩnh vực, free text */
	const char *subject;
	const char *content; /* required */
	long long people;    /* number of people (reception), 1 by default */
	const char *name;    /* required */
	const char *email;   /* required online */
	const char *phone;
	const char *address;
	const char *id_number;
	/* the optional attachment (online form): PDF, JPEG or PNG */
	const char *file_name;
	const unsigned char *file;
	size_t file_len;
	const char *file_mime; /* sniffed by the caller */
	char file_sha256[65];
	/* filled by petition_check */
	char email_norm[IDENT_EMAIL_CAP];
	char phone_norm[IDENT_PHONE_CAP];
};

/* The tracking code from 12 random symbols of the base64url text `rnd`
 * (at least 12 characters): "PA-" and three groups of four characters of
 * 23456789ABCDEFGHJKLMNPQRSTUVWXYZ (60 bits). out[PETITION_CODE_LEN + 1]. */
void petition_code_from(const char *rnd, char *out);

/* The checks that need no store: channel and type known, name and content
 * given, e-mail (required online) and phone valid (core/ident.h; their
 * normalised forms into email_norm, phone_norm), people 1..1000. 0 or
 * ERR_VALIDATION naming the field ("name", "email" …). Idempotent. */
int petition_check(struct petition_in *in, struct problem *p);

/*
 * Receive a petition (inside the caller's write transaction): checks, the
 * agency (the actor's, or the home agency for the online form), a fresh
 * code, the deadlines, the row, the attachment, the audit record
 * "petition.create" (no personal data), an acknowledgement mail when an
 * e-mail is given (*mailed). *out = {id, code, type, status, received_at,
 * ack_due_at, due_at, track_url}.
 */
int petition_create(struct db *db, struct app *a, const struct actor *who, int64_t now,
		    struct petition_in *in, struct problem *p, json_t **out, int *mailed);

/* The inbox: the agency's petitions by their next deadline. */
struct petition_query {
	const char *status; /* NULL: every open one (received, accepted); "all"; or a status */
	const char *type;   /* NULL or a type */
	const char *q;      /* code, or words of subject/content (folded) */
	int overdue_only;
	long long limit, offset;
};
/* {total, limit, offset, items:[{id, code, type, channel, field, subject,
 * status, received_at, next_deadline{kind, due_at, overdue, days},
 * officer, unit, name (null for a denunciation), confidential}]}. The
 * agency is the viewer's (the province: every agency). */
int petition_list(struct db *db, struct app *a, const struct actor *viewer, int64_t now,
		  const struct petition_query *q, struct problem *p, json_t **out);

/* One petition for staff: everything but a denunciation's identity, the
 * deadlines [{kind, due_at, done_at, overdue, days}], the history (the
 * audit records), the comments. 404 out of the viewer's agency. */
int petition_get(struct db *db, struct app *a, const struct actor *viewer, int64_t now,
		 long long id, struct problem *p, json_t **out);

/* The petitioner's identity {name, email, phone, address, id_number}
 * (inside a write transaction: a denunciation's read is audited
 * "petition.identity_view"). A denunciation's: only its agency's heads and
 * leaders and the assigned officer (403 otherwise). */
int petition_identity(struct db *db, const struct actor *who, int64_t now, long long id,
		      struct problem *p, json_t **out);

/* An action on a petition (POST /api/v1/petitions/{id}/actions). */
struct petition_action {
	const char *action;  /* assign | classify | accept | forward | extend | answer |
				publish | reopen */
	const char *unit;    /* assign: unit code (of the agency) */
	const char *officer; /* assign: username, optional */
	const char *type;    /* classify */
	const char *field;   /* classify */
	int complex;         /* accept: complaint of a complex case */
	const char *to;      /* forward: the competent agency, by name */
	const char *doc_no;  /* forward: the transfer document's number */
	const char *reason;  /* forward, extend, reopen */
	const char *text;    /* answer */
	const char *title;   /* publish */
	const char *question;
	const char *answer;
};
/* Apply it (inside the write transaction): rules, row, audit
 * "petition.<action>", mail for forward and answer. *out as petition_get. */
int petition_act(struct db *db, struct app *a, const struct actor *who, int64_t now, long long id,
		 const struct petition_action *act, struct problem *p, json_t **out, int *mailed);

/* Public tracking by code: {code, type, status, received_at, ack_due_at,
 * due_at, forwarded_to, answered_at, satisfaction, published_id} — not the
 * written answer (it goes by mail or post and may name the citizen).
 * Nothing personal. 404 for an unknown code. */
int petition_track(struct db *db, int64_t now, const char *code, struct problem *p, json_t **out);
/* The citizen's satisfaction with the answer, once (409 after), only when
 * answered (409 before). Audit "petition.satisfaction". */
int petition_satisfaction(struct db *db, int64_t now, const char *code, int satisfied,
			  struct problem *p, json_t **out);

/* The public register: published answers, newest first, search q (folded
 * words). {total, limit, offset, items:[{id, title, type, field,
 * published_at, question(first 300 characters)}]}. */
int petition_register(struct db *db, const char *q, long long limit, long long offset,
		      struct problem *p, json_t **out);
/* One published answer with its approved comments {id, title, type,
 * field, received_at, answered_at, published_at, question, answer,
 * comments:[{name, content, created_at}]}. 404 unless published. */
int petition_published(struct db *db, long long id, struct problem *p, json_t **out);

/* A public comment on a published answer: name and e-mail required (the
 * e-mail never shown), held for moderation. Audit "petition.comment"
 * (no personal data). *out = {id, status: "pending"}. */
int petition_comment_add(struct db *db, int64_t now, long long petition_id, const char *name,
			 const char *email, const char *content, struct problem *p, json_t **out);
/* The moderation queue of the viewer's agency: {items:[{id, petition_id,
 * title, name, content, created_at, status}]} (status: "pending" default). */
int petition_comment_list(struct db *db, const struct actor *viewer, const char *status,
			  struct problem *p, json_t **out);
/* approve | reject a pending comment. Audit "petition.comment_<action>". */
int petition_comment_moderate(struct db *db, const struct actor *who, int64_t now,
			      long long comment_id, const char *action, struct problem *p,
			      json_t **out);

/* The attachment of a petition (staff of its agency): bytes malloc'd. */
struct petition_file {
	char *data;
	size_t len;
	char mime[64];
	char name[256];
};
int petition_attachment(struct db *db, const struct actor *viewer, long long id,
			struct petition_file *out, struct problem *p);

/* Open311 (D37): reflections and recommendations as GeoReport service
 * requests, for anyone. Only what a public page may show: no identity, no
 * content unless published (the published question and answer). */
struct petition_pub_query {
	long long id;      /* 0: any */
	const char *type;  /* NULL: reflection and recommendation */
	const char *state; /* NULL: any; "open" (received, accepted) | "closed" */
	int64_t from, to;  /* received_at within [from, to]; 0: unbounded */
	long long agency;  /* 0: any */
	long long limit;
};
/* {items:[{id, type, field, status, agency, received_at, updated_at,
 * due_at, forwarded_to, question, answer}]} newest first; question and
 * answer null unless published, forwarded_to null unless forwarded. */
int petition_public_list(struct db *db, const struct petition_pub_query *q, struct problem *p,
			 json_t **out);

#endif
