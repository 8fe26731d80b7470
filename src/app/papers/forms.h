/*
 * forms.h — drawing the statutory papers of the one-stop section (Annex I
 * of Circular 03/2025/TT-VPCP), printable on A4 from the browser: the six
 * papers of a dossier, Mẫu 01–06 (forms_html.c, from
 * the data papers_form builds) and the tracking book (book.c, HTML and
 * CSV). forms_page.c holds what they share: the page frame, the national
 * heading, Vietnamese dates and words. The data and its SQL are papers.h's;
 * nothing here reads the store or knows HTTP.
 *
 * Every value put into a page goes through pg_text() (core/html.h's
 * escaper); pg_raw() takes only markup written in our own code. Pages are
 * built in a capped `struct buf`; an overflow is remembered in `rc` and the
 * handler replies 500 instead of sending a truncated page.
 *
 * Threading: pure; runs on the thread that serves the request.
 */
#ifndef MOTCUA_APP_FORMS_H
#define MOTCUA_APP_FORMS_H

#include <jansson.h>
#include <stdint.h>

#include "app/papers/papers.h"
#include "core/mem.h"

/* An HTML page being built. */
struct page {
	struct buf b;
	int rc; /* non-zero once an append failed (the ceiling was reached) */
};

#define PAGE_MAX (4u << 20)

/* --- forms_page.c: the frame and the pieces every paper uses ------------ */
/* Ownership: pg_begin() initialises pg->b; whoever built the page then takes
 * the bytes with buf_steal() (for http_reply) or drops them with buf_free(). */

/* <!doctype html> … <body class="print-page"> <main> and the toolbar (print
 * button, back link, a hint about the paper size), then the sheets' wrapper;
 * title is escaped. */
void pg_begin(struct page *pg, const char *title, int landscape);
/* Close what pg_begin opened. */
void pg_end(struct page *pg);
/* Markup written in our code (never data). */
void pg_raw(struct page *pg, const char *markup);
/* A value: escaped. NULL or "" appends nothing. */
void pg_text(struct page *pg, const char *text);
/* A multi-line value: escaped, line breaks become <br>. */
void pg_lines(struct page *pg, const char *text);
/* "<p class="doc-fill"><span label>label</span><span value>value</span></p>";
 * an empty value keeps the dotted line for writing by hand. */
void pg_fill(struct page *pg, const char *label, const char *value);
/* Two label/value pairs on one dotted line. */
void pg_fill2(struct page *pg, const char *l1, const char *v1, const char *l2, const char *v2);
/* The national heading: issuing body (parent may be NULL) and number on the
 * left, country, motto, place and date on the right (NULL = none). */
void pg_head(struct page *pg, const char *parent, const char *org, const char *number,
	     const char *place_date);
/* The same with the paper's number in the circular's annex ("Mẫu số 01";
 * NULL or "" for none) at the top right, above the country's name. */
void pg_head_form(struct page *pg, const char *form_no, const char *parent, const char *org,
		  const char *number, const char *place_date);
/* One signature column: title, hint, room to sign, name (any may be NULL). */
void pg_sign(struct page *pg, const char *title, const char *hint, const char *name);
/* The same for someone signing for a body: the lines of on_behalf (a JSON
 * array of strings such as "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"; NULL or
 * empty for none) above the title. */
void pg_sign_for(struct page *pg, json_t *on_behalf, const char *title, const char *hint,
		 const char *name);

/* Words: dates and times in Vietnam time from an ISO instant (as the JSON
 * views give them); "" when iso is NULL or not an instant. Strings live in
 * the arena. */
enum vnf {
	VNF_DATE,           /* 02/03/2026 */
	VNF_TIME_WORDS,     /* 09 giờ 00 phút */
	VNF_DATETIME_WORDS, /* 09 giờ 00 phút, ngày 02/03/2026 */
	VNF_OFFICIAL,       /* ngày 02 tháng 3 năm 2026 (months 1, 2 written 01, 02) */
	VNF_DATETIME_SHORT  /* 09:00 02/03/2026 */
};
const char *vn_words(struct arena *a, const char *iso, enum vnf f);
/* The same from an instant. */
const char *vn_words_t(struct arena *a, int64_t t, enum vnf f);

/* Labels (static strings; "" for an unknown value). */
const char *label_return_method(const char *m);       /* for the receipt */
const char *label_return_method_short(const char *m); /* for the book */
const char *label_doc_form(const char *f);            /* "Bản chính" */
const char *label_doc_form_lower(const char *f);      /* "bản chính", after a count */
const char *label_outcome(const char *o); /* Trước hạn / Đúng hạn / Quá hạn */
const char *label_status(const char *s);
/* "3 ngày làm việc", "0,5 ngày làm việc", "Trong ngày". */
const char *label_time_limit(struct arena *a, json_t *limit);
/* The same as papers write it, whole numbers under 10 with a leading zero
 * ("05 ngày làm việc", as "01 bộ"). */
const char *label_time_limit_paper(struct arena *a, json_t *limit);

/* A string member by dotted path ("applicant.name"); "" if absent/not text. */
const char *jstr(json_t *o, const char *path);
/* The same, but an integer member is written in decimal (in the arena):
 * "book.entry" → "12". */
const char *jtext(struct arena *a, json_t *o, const char *path);

/* --- forms_html.c, book.c ------------------------------------------- */

/* Draw the form from the data papers_form built (see GET
 * …/forms/{kind}?format=json); data is only read. Starts the page with
 * pg_begin() (see above). */
void form_html(struct page *pg, struct arena *a, enum form_kind k, json_t *data);
/* Draw the book (Mẫu 07, A4 landscape) from papers_book's rows; issuer as
 * papers_issuer gives it (or an empty object), now for "Lập lúc …". */
void book_html(struct page *pg, struct arena *a, const struct book_q *q, json_t *issuer,
	       json_t *rows, long long total, int64_t now);
/* The book as CSV (UTF-8 with a BOM, formula-like cells defused) into b,
 * initialised here with the ceiling PAGE_MAX. 0, or -1 when the ceiling
 * was reached (then buf_free(b)). */
int book_csv(struct buf *b, struct arena *a, json_t *rows);

#endif
