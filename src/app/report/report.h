/*
 * report.h — the report domain's contract: the periodic report on dossier
 * handling (Biểu số II.06a/VPCP/KSTT, "Tình hình, kết quả giải quyết thủ
 * tục hành chính"; DOMAIN.md §1.9, issue 14 item 1, DECISIONS D38).
 *
 * For a period of Vietnam days [from, to] and an agency (the competent one,
 * dossier.agency_id; none: the whole province), one row per field (lĩnh
 * vực) and a total row. Every row reconciles:
 *
 *   received + carried_over = resolved + in_progress + withdrawn + refused
 *
 * The definitions (D38): a dossier is received when it was accepted
 * (received_at); its processing ends at finished_at (the result issued, the
 * refusal, the withdrawal); it is late when it ended after the appointment
 * in force before any apology (the pauses for a supplement already moved
 * it) or when more than one supplement was asked; early when it ended on a
 * Vietnam day before the appointment's day. Dossiers open at the end of the
 * period (or now, when the period has not ended) are judged then: overdue
 * once that appointment has passed, except those waiting for a supplement,
 * which count within time when the supplement was asked by the appointment.
 *
 * Services take plain arguments; reads only (no audit: nothing changes).
 */
#ifndef MOTCUA_APP_REPORT_H
#define MOTCUA_APP_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "app/platform/app.h"
#include "core/mem.h"
#include "core/problem.h"
#include "db/db.h"

/* The longest period one report covers (days): five years and a leap day. */
#define REPORT_MAX_DAYS 1827

/* The cells of a row, in the form's order (columns 3–13), then the two
 * the form folds into "on time" and we show apart (D38). */
enum report_col {
	RC_RECEIVED,  /* (3) received in the period, total */
	RC_ONLINE,    /* (4) of which online */
	RC_DIRECT,    /* (5) of which at the counter or by post */
	RC_CARRIED,   /* (6) carried over from the previous period */
	RC_RESOLVED,  /* (7) resolved, total */
	RC_EARLY,     /* (8) before the deadline */
	RC_ON_TIME,   /* (9) on time */
	RC_LATE,      /* (10) late */
	RC_OPEN,      /* (11) in progress at the end, total */
	RC_WITHIN,    /* (12) within time */
	RC_OVERDUE,   /* (13) overdue */
	RC_WITHDRAWN, /* (14) withdrawn by the applicant (stopped) */
	RC_REFUSED,   /* (15) refused or returned as ineligible */
	RC_NCOLS
};

/* Each column: its JSON key (group.key), its headings (Vietnamese as on the
 * form, English), for the JSON, CSV, XLSX and the page. */
struct report_column {
	const char *group, *key;
	const char *group_vi, *vi, *en;
};
extern const struct report_column report_columns[RC_NCOLS];

struct report_row {
	char field_code[32];
	char field_name[256];
	long long v[RC_NCOLS];
};

struct report {
	int64_t from, to;  /* Vietnam days, inclusive */
	int64_t judged_at; /* the instant open dossiers are judged at: min(end of `to`, now) */
	long long agency;  /* 0: every agency of the province */
	char agency_code[32];
	char agency_name[256];
	char province_name[256]; /* the agency above all (the heading's first line) */
	int nrows;
	struct report_row *rows; /* malloc'd; report_free */
	struct report_row total;
};

/* The request: the period and the agency code asked for (NULL: the
 * viewer's own agency; the province role: the whole province). */
struct report_query {
	int64_t from, to;
	const char *agency;
};

/*
 * The report for q, as the viewer may read it: heads and leaders their own
 * agency's (D27's scope: the agency of their unit), the province role any
 * agency or the whole province. 0, or ERR_VALIDATION (from/to: to before
 * from, longer than REPORT_MAX_DAYS; agency: unknown), ERR_FORBIDDEN
 * (not_your_agency) with the problem filled.
 */
int report_handling(struct db *db, const struct actor *viewer, int64_t now,
		    const struct report_query *q, struct report *out, struct problem *p);
void report_free(struct report *r);

/*
 * The daily rollup (table report_day, DECISIONS D38): each closed Vietnam
 * day's flows (received, resolved early/late, withdrawn, refused) and stock
 * at its end (open, overdue) per agency and procedure, so a report over
 * months or years reads a few thousand rows instead of every dossier. It
 * covers the days before today; a run adds the days since the last one
 * (rebuild: from the first dossier). Runs in the caller's write transaction,
 * with an audit record ("report.rollup"). The report reads the rollup for
 * the days it holds and the dossiers for the rest, so a stale rollup is
 * slower, never wrong.
 */
struct report_rollup_out {
	int64_t from_day, through_day; /* the days [from, through) written */
	long long rows;
};
int report_rollup(struct db *db, const struct actor *who, int64_t now, int rebuild,
		  struct report_rollup_out *out, struct problem *p);

/* {from, to, judged_at, agency|null, province, columns[], rows[], total}. */
json_t *report_json(const struct report *r);
/* UTF-8 with a BOM, the form's two heading rows; 0 or -1 (buffer full). */
int report_csv(const struct report *r, struct buf *b);
/* The workbook (one sheet, the form's merged headings, numbers as numbers,
 * A4 landscape) into a malloc'd *out of *len bytes; 0 or -1. */
int report_xlsx(const struct report *r, char **out, size_t *len);
/* The print view: an A4 landscape page (papers/forms.h's builder) into pg;
 * pg->rc non-zero if it did not fit. now: when it was drawn up. */
struct page;
void report_html(struct page *pg, struct arena *a, const struct report *r, int64_t now);
/* "bao-cao-II06a_<from>_<to>": the download's file name without extension. */
void report_filename(const struct report *r, char *out, size_t cap);

#endif
