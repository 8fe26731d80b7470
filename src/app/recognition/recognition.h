/*
 * recognition.h — recognition of exemplary officials and good practices
 * ("gương điển hình, mô hình hay"; issue 15, item 4). Rules:
 * docs/DECISIONS.md D43; the HTTP contract: docs/API.md "Recognition".
 *
 * A nomination names an official of the agency (by username) or a good
 * practice (a title and the unit that runs it), the year, the reasons and,
 * for an official, the figures the system measured for them. It moves
 *
 *   nominated → endorsed → recognised | declined      (withdrawn from the first two)
 *
 * Any officer who serves the agency's dossiers nominates (not themselves);
 * the head of the nominee's unit or a leader endorses; a leader recognises
 * or declines (with a reason); the nominator or a leader withdraws. Nobody
 * acts on a nomination of themselves. A head or a leader attaches a
 * citizen's praise as evidence: the comment of an evaluation of the service
 * (tied to the official, for an official) or the content of a petition of
 * the agency (never a denunciation). Only staff see a praise's source; the
 * public page shows its text with the citizen's name, phones, e-mails and ID
 * numbers taken out (recognition_redact). Every change writes a history row
 * and an audit record (numbers and states only, no personal data). Scope
 * per agency (D27): an officer sees and acts on his agency's; the province
 * role reads every agency's and acts on none.
 *
 * Services take the store, who acts, the caller's `now` and a struct
 * problem, and return 0 or an enum err with the problem filled. Writes run
 * inside the caller's transaction. JSON results are new references.
 */
#ifndef MOTCUA_APP_RECOGNITION_H
#define MOTCUA_APP_RECOGNITION_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "app/platform/app.h"
#include "core/problem.h"
#include "db/db.h"

/* Ceilings, in characters. */
#define RECOG_TITLE_CHARS 300
#define RECOG_REASONS_CHARS 4000
#define RECOG_COMMENT_CHARS 2000
#define RECOG_PRAISE_CHARS 1000
#define RECOG_PRAISES_MAX 10 /* praises attached to one nomination */
#define RECOG_LIST_MAX 500
/* A nomination is for this year or one of the RECOG_YEARS_BACK before. */
#define RECOG_YEARS_BACK 5
/* What stands for a removed piece of personal data in a public text. */
#define RECOG_REDACTED "***"

struct recog_praise_in {
	const char *source; /* evaluation | petition */
	long long id;       /* the evaluation's or the petition's id */
	const char *text;   /* an excerpt chosen by the officer; NULL: the source's text */
};

struct recog_in {
	const char *kind;     /* official | practice */
	const char *username; /* official */
	const char *title;    /* practice */
	const char *unit;     /* practice: the code of a unit of the agency */
	long long year;
	const char *reasons;
	struct recog_praise_in praises[RECOG_PRAISES_MAX];
	int npraises;
};

/* Nominate (row, history, audit "recognition.nominate"; the praises as
 * "attach"): *out as recognition_get. For an official, the figures the
 * system measured for the year so far (performance_officer) are kept with
 * the nomination, and measured again when it is recognised; `a` gives the
 * legal clock (NULL: no figures, as for the demo loader). 422 naming the field; 409
 * recognition_exists when the official already has a live nomination or a
 * recognition for that year. */
int recognition_create(struct db *db, const struct app *a, const struct actor *who, int64_t now,
		       const struct recog_in *in, struct problem *p, json_t **out);

/* One nomination, as its viewer may see it: {id, kind, year, status,
 * official{username,full_name,title,unit}|null, practice{title,unit}|null,
 * reasons, figures|null (null also for a viewer who may not read the
 * official's figures: performance_may_read), nominated_by{username,full_name}, created_at,
 * updated_at, recognised_at|null, events[{action,by{username,full_name},
 * comment,at}], praises[{id, public_text, source{kind,id,code}|absent,
 * text|absent}], may[the actions the viewer may take]}. The source and the
 * original text of a praise only for heads, leaders and the province. 404
 * outside the viewer's agency. */
int recognition_get(struct db *db, const struct actor *viewer, long long id, struct problem *p,
		    json_t **out);

/* The viewer's agency's nominations (the province: every agency's), newest
 * first; status and year may be NULL / 0: {"items":[…]} (as get without
 * reasons, events and praises; with "praises": a count). */
int recognition_list(struct db *db, const struct actor *viewer, const char *status, long long year,
		     struct problem *p, json_t **out);

struct recog_action {
	const char *action;  /* endorse | recognise | decline | withdraw | attach | detach */
	const char *comment; /* required for decline */
	struct recog_praise_in praise; /* attach */
	long long praise_id;           /* detach */
};

/* Act on a nomination (row, history, audit "recognition.<action>"). 403
 * recognition_forbidden when the actor may not, 409 recognition_state when
 * the state does not allow it; *out as recognition_get. */
int recognition_act(struct db *db, const struct app *a, const struct actor *who, int64_t now,
		    long long id, const struct recog_action *act, struct problem *p, json_t **out);

/* Praises a head or a leader may attach: the agency's evaluations with a
 * comment and a level other than "not satisfied" (of the official when
 * username is given), and its petitions other than denunciations, newest
 * first: {"items":[{source, id, code|null, at, text, official|null}]}. */
int recognition_praise_candidates(struct db *db, const struct actor *viewer, const char *username,
				  struct problem *p, json_t **out);

/* The public list: recognised officials and practices of the agency of
 * `agency_code` (NULL: every agency) and year (0: every year), newest
 * first: {"items":[{id, kind, year, agency{code,name}, official{name,
 * title,unit}|null, practice{title,unit}|null, reasons, praises[text…],
 * recognised_at}]}. Nothing else about anybody. 404 for an unknown agency. */
int recognition_public(struct db *db, const char *agency_code, long long year, struct problem *p,
		       json_t **out);

/* Who acts, for a loader (the demo): the active officer `username` with his
 * unit and roles; name = username (borrowed). 0, or -1 if there is none. */
int recognition_actor(struct db *db, const char *username, struct actor *out);

/* A text with the personal data of a citizen taken out, for a public page:
 * each of names (whole words; the full name, then its last word — the given
 * name), e-mail addresses and runs of 8 or more digits (phones, ID numbers;
 * spaces, dots and dashes between digits, a leading '+') become
 * RECOG_REDACTED. A new string (free()). */
char *recognition_redact(const char *text, const char *const *names, size_t nnames);

#endif
