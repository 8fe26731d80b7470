/*
 * forms.h — the statutory papers of the one-stop section, printable on A4
 * from the browser: the six forms of a dossier (forms.c builds the data,
 * forms_html.c draws them) and the tracking book (book.c). forms_page.c
 * holds what they share: the page frame, the national heading, Vietnamese
 * dates and words, and the issuing body read from the agency table.
 *
 * Every value put into a page goes through pg_text() (core/html.h's
 * escaper); pg_raw() takes only markup written in our own code. Pages are
 * built in a capped `struct buf`; an overflow is remembered in `rc` and the
 * handler replies 500 instead of sending a truncated page.
 *
 * Threading: everything here runs on the HTTP worker thread that serves the
 * request, reading through its own connection (c->db).
 */
#ifndef MOTCUA_APP_FORMS_H
#define MOTCUA_APP_FORMS_H

#include <jansson.h>
#include <stdint.h>

#include "app/platform/ctx.h"
#include "core/mem.h"

enum form_kind {
	FK_RECEIPT,    /* Mẫu 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả */
	FK_SUPPLEMENT, /* Mẫu 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ */
	FK_REFUSAL,    /* Mẫu 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ */
	FK_APOLOGY,    /* Mẫu 04 Phiếu xin lỗi và hẹn lại ngày trả kết quả */
	FK_CONTROL,    /* Mẫu 05 Phiếu kiểm soát quá trình giải quyết hồ sơ */
	FK_WITHDRAWAL, /* Thông báo dừng giải quyết hồ sơ */
	FK__COUNT
};

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
/* One signature column: title, hint, room to sign, name (any may be NULL). */
void pg_sign(struct page *pg, const char *title, const char *hint, const char *name);

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

/* A string member by dotted path ("applicant.name"); "" if absent/not text. */
const char *jstr(json_t *o, const char *path);

/*
 * The issuing body of a dossier's papers (dossier_code) or of the home
 * centre (dossier_code NULL): {agency, agency_short ("UBND phường Hội An"),
 * parent, centre, centre_short ("Trung tâm Phục vụ hành chính công"), place
 * ("Hội An"), address, phone, email}. NULL if there is none; otherwise a new
 * reference the caller releases with json_decref().
 */
json_t *form_issuer(struct db *db, const char *dossier_code);

/* --- forms.c / forms_html.c ------------------------------------------ */

/* Kind by name ("receipt"…); -1 if unknown. */
int form_kind_parse(const char *s);
const char *form_kind_name(enum form_kind k);
/* Draw the form from the data forms.c built (see GET …/forms/{kind}?format=json);
 * data is only read. Starts the page with pg_begin() (see above). */
void form_html(struct page *pg, struct arena *a, enum form_kind k, json_t *data);

#endif
