/*
 * papers.h — the statutory papers' contract: the data of the six forms of a
 * dossier (DOMAIN.md §1.4) and of the tracking book (Mẫu 07), as services
 * that take plain arguments and return 0 or an enum err with the problem
 * filled. Drawing them (A4 HTML, CSV) is forms.h's; the handlers are
 * papers_http.c; all SQL is in papers_store.c.
 *
 * Threading: reads only, on the caller's connection.
 */
#ifndef MOTCUA_APP_PAPERS_H
#define MOTCUA_APP_PAPERS_H

#include <jansson.h>
#include <stdint.h>

#include "app/platform/app.h"
#include "core/mem.h"

/* The papers of a dossier, numbered as in Annex I of Circular
 * 03/2025/TT-VPCP (which replaced Circular 01/2018/TT-VPCP's numbering:
 * there the control sheet was 05, the book 06 and there was no stop
 * notice). The enum's order and the kind names are a contract. */
enum form_kind {
	FK_RECEIPT,    /* Mẫu 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả */
	FK_SUPPLEMENT, /* Mẫu 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ */
	FK_REFUSAL,    /* Mẫu 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ */
	FK_APOLOGY, /* Mẫu 04 Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết */
	FK_CONTROL,    /* Mẫu 06 Phiếu kiểm soát quá trình giải quyết hồ sơ */
	FK_WITHDRAWAL, /* Mẫu 05 Thông báo dừng giải quyết hồ sơ */
	FK__COUNT
};

/* Kind by name ("receipt"…); -1 if unknown. */
int form_kind_parse(const char *s);
const char *form_kind_name(enum form_kind k);
/* The paper's number and title in Annex I of Circular 03/2025/TT-VPCP:
 * "Mẫu số 06", "Phiếu kiểm soát quá trình giải quyết hồ sơ" ("" if k is not
 * a kind). */
const char *form_kind_no(enum form_kind k);
const char *form_kind_title(enum form_kind k);

/* The tracking book's number and title (book.c). */
#define BOOK_FORM_NO "Mẫu số 07"
#define BOOK_TITLE "Sổ theo dõi hồ sơ"

/* Events of one dossier a paper reads (the control sheet's rows). */
#define PAPERS_MAX_EVENTS 512

/*
 * The data paper k of dossier `code` is filled from, as `viewer` sees the
 * dossier at `now`: the staff view (without allowed_actions) under
 * "dossier", the issuing body, the paper's number and date, the officer who
 * signs and the signer block ("signer": who issues, TM./KT. lines, title),
 * (refusal) its "stage", (receipt) the tracking URL from
 * a->cfg.public_url, (control) the rows and units. Strings are built in ar. 0, ERR_NOT_FOUND (no
 * such dossier) or ERR_CONFLICT form_not_available (the paper does not apply yet); *out a new
 * reference.
 */
int papers_form(struct db *db, struct app *a, const struct actor *viewer, int64_t now,
		const char *code, enum form_kind k, struct arena *ar, struct problem *p,
		json_t **out);

/*
 * The issuing body of a dossier's papers (dossier_code) or of the home
 * centre (dossier_code NULL): {agency, agency_short ("UBND phường Hội An"),
 * parent, centre, centre_short ("Trung tâm Phục vụ hành chính công"), place
 * ("Hội An"), address, phone, email}. NULL if there is none; otherwise a new
 * reference the caller releases with json_decref().
 */
json_t *papers_issuer(struct db *db, const char *dossier_code);
/* The same, of the centre that received the dossier (the receipt, Mẫu 01:
 * issued by the receiving centre when it is another agency's). */
json_t *papers_receiving_issuer(struct db *db, const char *dossier_code);

/* The tracking book: a period of at most BOOK_MAX_DAYS days, at most
 * BOOK_MAX_ROWS rows per answer from `offset`. */
#define BOOK_MAX_DAYS 366
#define BOOK_MAX_ROWS 1000

struct book_q {
	int64_t from, to;       /* day numbers, inclusive */
	const char *field;      /* field code or NULL */
	const char *field_name; /* set by papers_book */
	/* the book's agency (D30: each centre keeps its own book of the dossiers
	 * it received); 0 = every agency's (the province role without ?agency=) */
	long long agency;
	const char *agency_code, *agency_name; /* set by papers_book_scope, in ar */
	long long offset;
};

/*
 * Whose book `viewer` reads: `code` (the ?agency= parameter, NULL when
 * absent) names an agency. The province role reads any agency's book (none
 * named: every agency's); any other officer his own agency's (the agency of
 * his unit; no unit: the home agency), and naming another is 403
 * not_your_agency. An unknown code is 422 on "agency". Sets q->agency,
 * agency_code, agency_name (strings in ar). 0 or an enum err.
 */
int papers_book_scope(struct db *db, const struct actor *viewer, const char *code, struct book_q *q,
		      struct arena *ar, struct problem *p);
/* The issuing body of q's book (papers_issuer's shape): its agency's centre,
 * or the home centre for every agency's. NULL if none. */
json_t *papers_book_issuer(struct db *db, const struct book_q *q);

/*
 * The book's rows for q, oldest first, numbered from offset + 1: {no, code,
 * book{volume,entry,agency}|null (the dossier's volume and entry number in
 * the book of agency — the code of the centre that received it), procedure{code,name},
 * field{code,name}, applicant{name,representative}, address, phone, lead_unit, received_at, due_at,
 * returned_at, return_method, receiver_name, status, rescheduled, refused_at, withdrawn_at}; *total
 * all that match. Checks the period (422 validation, period_too_long) and the field (422, sets
 * q->field_name, in ar). 0 or an enum err.
 */
int papers_book(struct db *db, struct book_q *q, struct arena *ar, struct problem *p, json_t **rows,
		long long *total);

#endif
