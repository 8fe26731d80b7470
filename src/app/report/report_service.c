/*
 * report_service.c — the periodic report on dossier handling (report.h;
 * definitions in docs/DECISIONS.md D38): the scope, the period, the sums
 * per procedure from the store mapped to fields here, the JSON and CSV.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/dossier/dossier.h"
#include "app/report/report.h"
#include "app/report/report_store.h"
#include "core/vntime.h"

/* clang-format off */
const struct report_column report_columns[RC_NCOLS] = {
	[RC_RECEIVED] = {"received", "total", "Số hồ sơ nhận giải quyết", "Tổng số", "Received: total"},
	[RC_ONLINE] = {"received", "online", "Số hồ sơ nhận giải quyết", "Trực tuyến", "of which online"},
	[RC_DIRECT] = {"received", "direct_or_post", "Số hồ sơ nhận giải quyết", "Trực tiếp, dịch vụ bưu chính", "of which direct or by post"},
	[RC_CARRIED] = {NULL, "carried_over", "Số hồ sơ nhận giải quyết", "Từ kỳ trước chuyển qua", "carried over from the previous period"},
	[RC_RESOLVED] = {"resolved", "total", "Số hồ sơ đã giải quyết", "Tổng số", "Resolved: total"},
	[RC_EARLY] = {"resolved", "early", "Số hồ sơ đã giải quyết", "Trước hạn", "before the deadline"},
	[RC_ON_TIME] = {"resolved", "on_time", "Số hồ sơ đã giải quyết", "Đúng hạn", "on time"},
	[RC_LATE] = {"resolved", "late", "Số hồ sơ đã giải quyết", "Quá hạn", "late"},
	[RC_OPEN] = {"in_progress", "total", "Số hồ sơ đang giải quyết", "Tổng số", "In progress: total"},
	[RC_WITHIN] = {"in_progress", "within_time", "Số hồ sơ đang giải quyết", "Trong hạn", "within time"},
	[RC_OVERDUE] = {"in_progress", "overdue", "Số hồ sơ đang giải quyết", "Quá hạn", "overdue"},
	[RC_WITHDRAWN] = {"stopped", "withdrawn", "Dừng giải quyết", "Công dân rút hồ sơ", "withdrawn by the applicant"},
	[RC_REFUSED] = {"stopped", "refused", "Dừng giải quyết", "Từ chối, trả lại", "refused or returned"},
};
/* clang-format on */

/* ---- the sums -------------------------------------------------------------- */

struct acc {
	long long *ids, *fields;
	size_t n;
	long long (*v)[RC_NALL];
};

static void add(void *arg, long long procedure_id, const long long v[RC_NALL])
{
	struct acc *a = arg;
	size_t lo = 0, hi = a->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (a->ids[mid] < procedure_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == a->n || a->ids[lo] != procedure_id)
		return; /* a procedure deleted since: the FK makes it impossible */
	for (int k = 0; k < RC_NALL; k++)
		a->v[lo][k] += v[k];
}

static int by_code(const void *x, const void *y)
{
	const struct report_row *a = x, *b = y;
	return strcmp(a->field_code, b->field_code);
}

/* Rows per field from the per-procedure sums: only fields with a dossier
 * in one of the cells; by field code. */
static int to_fields(struct db *db, const struct acc *a, struct report *r)
{
	long long *fid = calloc(a->n ? a->n : 1, sizeof *fid);
	r->rows = calloc(a->n ? a->n : 1, sizeof *r->rows);
	if (!fid || !r->rows) {
		free(fid);
		return -1;
	}
	for (size_t i = 0; i < a->n; i++) {
		long long any = 0;
		for (int k = 0; k < RC_NCOLS; k++)
			any |= a->v[i][k];
		if (!any)
			continue;
		int j = 0;
		while (j < r->nrows && fid[j] != a->fields[i])
			j++;
		if (j == r->nrows) {
			fid[j] = a->fields[i];
			if (repstore_field(db, fid[j], r->rows[j].field_code,
					   sizeof r->rows[j].field_code, r->rows[j].field_name,
					   sizeof r->rows[j].field_name)) {
				free(fid);
				return -1;
			}
			r->nrows++;
		}
		for (int k = 0; k < RC_NALL; k++) {
			r->rows[j].v[k] += a->v[i][k];
			r->total.v[k] += a->v[i][k];
		}
	}
	free(fid);
	if ((size_t)r->nrows) /* qsort(NULL, 0) is undefined */
		qsort(r->rows, (size_t)r->nrows, sizeof *r->rows, by_code);
	return 0;
}

/* The cells the store leaves to us: what is neither early nor late is on
 * time; what is open and not overdue is within time. */
static void derive(long long v[RC_NALL])
{
	v[RC_ON_TIME] = v[RC_RESOLVED] - v[RC_EARLY] - v[RC_LATE];
	v[RC_WITHIN] = v[RC_OPEN] - v[RC_OVERDUE];
}

/*
 * The sums of [t0, e) into a (through cb, per procedure): the days the rollup holds (report_day,
 * before its through_day R) from it, the rest live from the dossiers (the covering indexes of 0019:
 * what was received or finished since R, what is open). Carried over is what was open at t0: the
 * rollup's stock at the end of the day before, or live; in progress what is open at e: the rollup's
 * stock at the end of `to` when the period has ended before R, or live.
 */
static int sums(struct db *db, const struct report_query *q, long long agency, int64_t t0,
		int64_t t1, int64_t e, int stock, rstore_cb cb, void *a)
{
	int64_t R = 0;
	if (!repstore_rollup_state(db, agency, &R))
		R = 0;
	int64_t closed_end = q->to + 1 < R ? q->to + 1 : R;
	if (q->from < closed_end && repstore_day_flows(db, q->from, closed_end, agency, cb, a))
		return -1;
	int64_t live_day = q->from > R ? q->from : R;
	int64_t live_t = vn_instant_of_day(live_day);
	if (live_t < e && (repstore_received(db, live_t, e, agency, cb, a) ||
			   repstore_flows(db, live_t, e, agency, cb, a)))
		return -1;
	if (!stock)
		return 0;
	if (q->from <= R ? repstore_day_stock(db, q->from - 1, agency, 1, cb, a)
			 : repstore_open_at(db, t0, agency, 1, cb, a))
		return -1;
	if (e == t1 && q->to < R ? repstore_day_stock(db, q->to, agency, 0, cb, a)
				 : repstore_open_at(db, e, agency, 0, cb, a))
		return -1;
	return 0;
}

/* ---- the service ----------------------------------------------------------- */

static int scope(struct db *db, const struct actor *viewer, const char *code, struct report *r,
		 struct problem *p)
{
	long long own = (viewer->roles & ROLE_PROVINCE) ? 0 : dossier_viewer_agency(db, viewer);
	r->agency = own;
	if (code) {
		long long id = repstore_agency_by_code(db, code);
		if (!id)
			return problem_field(p, "agency", "Không có cơ quan với mã này.",
					     "There is no agency with this code.");
		if (own && id != own)
			return problem_set(p, ERR_FORBIDDEN, "not_your_agency", "agency",
					   "Chỉ xem được báo cáo của cơ quan mình.",
					   "Only your own agency's report can be read.");
		r->agency = id;
	}
	if (r->agency && repstore_agency(db, r->agency, r->agency_code, sizeof r->agency_code,
					 r->agency_name, sizeof r->agency_name))
		return problem_set(p, ERR_INTERNAL, "internal", NULL, "Lỗi nội bộ.",
				   "Internal error.");
	repstore_province(db, r->province_name, sizeof r->province_name);
	return 0;
}

int report_handling(struct db *db, const struct actor *viewer, int64_t now,
		    const struct report_query *q, struct report *r, struct problem *p)
{
	memset(r, 0, sizeof *r);
	if (q->to < q->from)
		return problem_field(p, "to", "Ngày kết thúc không được trước ngày bắt đầu.",
				     "The end date must not be before the start date.");
	if (q->to - q->from + 1 > REPORT_MAX_DAYS)
		return problem_field(p, "from", "Kỳ báo cáo dài nhất là 5 năm.",
				     "A report covers at most 5 years.");
	int rc = scope(db, viewer, q->agency, r, p);
	if (rc)
		return rc;
	r->from = q->from;
	r->to = q->to;
	/* [t0, t1) the period's instants; open dossiers judged at e, the end
	 * of the period or now if it has not ended */
	int64_t t0 = vn_instant_of_day(q->from), t1 = vn_instant_of_day(q->to + 1);
	int64_t e = now < t1 ? now : t1;
	if (e < t0)
		e = t0;
	r->judged_at = e;
	/* a period not yet begun: nothing received, nothing known to carry */
	int begun = now > t0;

	struct acc a = {0};
	if (repstore_procedures(db, &a.ids, &a.fields, &a.n))
		goto fail;
	a.v = calloc(a.n ? a.n : 1, sizeof *a.v);
	if (!a.v || (begun && sums(db, q, r->agency, t0, t1, e, 1, add, &a)) ||
	    to_fields(db, &a, r))
		goto fail;
	for (int i = 0; i < r->nrows; i++)
		derive(r->rows[i].v);
	derive(r->total.v);
	snprintf(r->total.field_name, sizeof r->total.field_name, "%s", "Tổng cộng");
	free(a.ids);
	free(a.fields);
	free(a.v);
	return 0;
fail:
	free(a.ids);
	free(a.fields);
	free(a.v);
	report_free(r);
	return problem_set(p, ERR_INTERNAL, "internal", NULL, "Lỗi nội bộ.", "Internal error.");
}

void report_free(struct report *r)
{
	free(r->rows);
	r->rows = NULL;
	r->nrows = 0;
}

/* report_flows: every procedure's cells into one total */
static void add_total(void *arg, long long procedure_id, const long long v[RC_NALL])
{
	long long *t = arg;
	(void)procedure_id;
	for (int k = 0; k < RC_NALL; k++)
		t[k] += v[k];
}

int report_flows(struct db *db, long long agency, int64_t from, int64_t to, int64_t now, int flags,
		 long long out[RC_NALL], struct problem *p)
{
	memset(out, 0, RC_NALL * sizeof *out);
	if (to < from)
		return problem_field(p, "to", "Ngày kết thúc không được trước ngày bắt đầu.",
				     "The end date must not be before the start date.");
	if (to - from + 1 > REPORT_MAX_DAYS)
		return problem_field(p, "from", "Kỳ báo cáo dài nhất là 5 năm.",
				     "A report covers at most 5 years.");
	/* as report_handling: the period's instants, judged at e */
	struct report_query q = {.from = from, .to = to};
	int64_t t0 = vn_instant_of_day(from), t1 = vn_instant_of_day(to + 1);
	int64_t e = now < t1 ? now : t1;
	if (e < t0)
		e = t0;
	if (now > t0 &&
	    sums(db, &q, agency, t0, t1, e, !(flags & REPORT_FLOWS_NO_STOCK), add_total, out)) {
		memset(out, 0, RC_NALL * sizeof *out);
		return problem_set(p, ERR_INTERNAL, "internal", NULL, "Lỗi nội bộ.",
				   "Internal error.");
	}
	derive(out);
	return 0;
}

/* ---- the rollup -------------------------------------------------------------- */

/* One (agency, procedure): its cells for each day of the sweep; open and
 * overdue as differences (+1 the day it starts, -1 the day it ends). */
struct rkey {
	long long agency, procedure;
	int32_t *flow;    /* RD_OPEN cells × nd: RD_RECEIVED … RD_REFUSED per day */
	int32_t *d_open;  /* nd + 1 */
	int32_t *d_over;  /* nd + 1 */
	int64_t *handled; /* nd: seconds from receipt to the end, of the resolved */
};

struct sweep {
	int64_t lo, nd; /* days [lo, lo + nd) */
	struct rkey *keys;
	size_t nkeys, cap;
	size_t *slots; /* open addressing: index + 1, 0 = empty */
	size_t nslots;
	int failed;
};

static size_t slot_of(long long agency, long long procedure, size_t n)
{
	unsigned long long h = (unsigned long long)agency * 0x9E3779B97F4A7C15ull ^
			       (unsigned long long)procedure * 0xC2B2AE3D27D4EB4Full;
	return (size_t)(h ^ (h >> 29)) & (n - 1);
}

static struct rkey *key_of(struct sweep *w, long long agency, long long procedure)
{
	if (2 * (w->nkeys + 1) > w->nslots) {
		size_t n = w->nslots ? 2 * w->nslots : 1024;
		size_t *s = calloc(n, sizeof *s);
		if (!s)
			return NULL;
		for (size_t i = 0; i < w->nkeys; i++) {
			size_t k = slot_of(w->keys[i].agency, w->keys[i].procedure, n);
			while (s[k])
				k = (k + 1) & (n - 1);
			s[k] = i + 1;
		}
		free(w->slots);
		w->slots = s;
		w->nslots = n;
	}
	size_t k = slot_of(agency, procedure, w->nslots);
	while (w->slots[k]) {
		struct rkey *x = &w->keys[w->slots[k] - 1];
		if (x->agency == agency && x->procedure == procedure)
			return x;
		k = (k + 1) & (w->nslots - 1);
	}
	if (w->nkeys == w->cap) {
		size_t c = w->cap ? 2 * w->cap : 64;
		struct rkey *nk = realloc(w->keys, c * sizeof *nk);
		if (!nk)
			return NULL;
		w->keys = nk;
		w->cap = c;
	}
	struct rkey *x = &w->keys[w->nkeys];
	x->agency = agency;
	x->procedure = procedure;
	x->flow = calloc((size_t)w->nd * RD_OPEN, sizeof *x->flow);
	x->d_open = calloc((size_t)w->nd + 1, sizeof *x->d_open);
	x->d_over = calloc((size_t)w->nd + 1, sizeof *x->d_over);
	x->handled = calloc((size_t)w->nd, sizeof *x->handled);
	if (!x->flow || !x->d_open || !x->d_over || !x->handled) {
		free(x->flow);
		free(x->d_open);
		free(x->d_over);
		free(x->handled);
		return NULL;
	}
	w->slots[k] = ++w->nkeys;
	return x;
}

/* +1 on the days [a, b) of the sweep (clipped), as differences. */
static void span(const struct sweep *w, int32_t *d, int64_t a, int64_t b)
{
	if (a < w->lo)
		a = w->lo;
	if (b > w->lo + w->nd)
		b = w->lo + w->nd;
	if (a >= b)
		return;
	d[a - w->lo]++;
	d[b - w->lo]--;
}

static int64_t day_of(int64_t t)
{
	return vn_day_of(t);
}

#define NEVER INT64_MAX

/* One dossier's part in the days of the sweep: the same definitions as the
 * live statements of report_store.c, day by day (the end of day d is the
 * instant start(d + 1)). */
static void sweep_one(void *arg, const struct rsweep_row *r)
{
	struct sweep *w = arg;
	if (w->failed)
		return;
	struct rkey *k = key_of(w, r->agency_id, r->procedure_id);
	if (!k) {
		w->failed = 1;
		return;
	}
	int64_t rd = day_of(r->received), fd = r->finished ? day_of(r->finished) : NEVER;
	if (rd >= w->lo && rd < w->lo + w->nd) {
		k->flow[(rd - w->lo) * RD_OPEN + RD_RECEIVED]++;
		if (r->online)
			k->flow[(rd - w->lo) * RD_OPEN + RD_ONLINE]++;
	}
	if (r->finished && fd >= w->lo && fd < w->lo + w->nd) {
		int32_t *f = &k->flow[(fd - w->lo) * RD_OPEN];
		if (r->stopped == 1)
			f[RD_WITHDRAWN]++;
		else if (r->stopped == 2)
			f[RD_REFUSED]++;
		else {
			int late = r->supplements > 1 || (r->due && r->finished > r->due);
			f[RD_RESOLVED]++;
			k->handled[fd - w->lo] += r->finished - r->received;
			if (late)
				f[RD_LATE]++;
			else if (r->due && fd < day_of(r->due))
				f[RD_EARLY]++;
		}
	}
	/* open at the end of d: d in [rd, fd) */
	span(w, k->d_open, rd, fd);
	/* overdue at the end of d: always with two supplements; else from the
	 * appointment's day on, except while awaiting a supplement asked by
	 * the appointment (within time) */
	if (r->supplements > 1) {
		span(w, k->d_over, rd, fd);
	} else if (r->due) {
		int64_t a = rd > day_of(r->due) ? rd : day_of(r->due);
		if (r->supplement_at && r->supplement_at <= r->due) {
			int64_t s0 = day_of(r->supplement_at);
			int64_t s1 = r->supplemented_at ? day_of(r->supplemented_at) : NEVER;
			span(w, k->d_over, a, s0 < fd ? s0 : fd);
			span(w, k->d_over, s1 > a ? s1 : a, fd);
		} else {
			span(w, k->d_over, a, fd);
		}
	}
}

static void sweep_free(struct sweep *w)
{
	for (size_t i = 0; i < w->nkeys; i++) {
		free(w->keys[i].flow);
		free(w->keys[i].d_open);
		free(w->keys[i].d_over);
		free(w->keys[i].handled);
	}
	free(w->keys);
	free(w->slots);
}

static int sweep_write(struct db *db, struct sweep *w, long long *rows)
{
	for (size_t i = 0; i < w->nkeys; i++) {
		struct rkey *k = &w->keys[i];
		long long open = 0, over = 0;
		for (int64_t d = 0; d < w->nd; d++) {
			open += k->d_open[d];
			over += k->d_over[d];
			long long v[RD_NCOLS] = {0}, any = open | over;
			for (int c = 0; c < RD_OPEN; c++)
				any |= v[c] = k->flow[d * RD_OPEN + c];
			v[RD_OPEN] = open;
			v[RD_OVERDUE] = over;
			v[RD_HANDLED] = k->handled[d];
			if (!any)
				continue;
			if (repstore_day_insert(db, w->lo + d, k->agency, k->procedure, v))
				return -1;
			(*rows)++;
		}
	}
	return 0;
}

int report_rollup(struct db *db, const struct actor *who, int64_t now, int rebuild,
		  struct report_rollup_out *out, struct problem *p)
{
	memset(out, 0, sizeof *out);
	/* from the least advanced agency's day on (a centre moved in brings
	 * its own); from the first dossier when one never was, or rebuilding */
	int64_t today = vn_day_of(now), R = 0, lo;
	int has = repstore_rollup_state(db, 0, &R);
	if (rebuild || !has || R == 0) {
		if (!repstore_first_day(db, &lo) || lo > today)
			lo = today;
	} else {
		lo = R;
	}
	if (lo > today) /* the clock gone back: today's and later days go */
		lo = today;
	struct sweep w = {.lo = lo, .nd = today - lo};
	int rc = 0;
	if (w.nd > 0)
		rc = repstore_sweep(db, vn_instant_of_day(lo), vn_instant_of_day(today), sweep_one,
				    &w);
	if (!rc && !w.failed)
		rc = repstore_rollup_clear(db, lo) || sweep_write(db, &w, &out->rows) ||
		     repstore_rollup_set(db, today, now);
	sweep_free(&w);
	if (rc || w.failed)
		return problem_set(p, ERR_INTERNAL, "internal", NULL, "Lỗi nội bộ.",
				   "Internal error.");
	out->from_day = lo;
	out->through_day = today;
	char f[16], t[16];
	vn_format_date_days(lo, f, sizeof f);
	vn_format_date_days(today, t, sizeof t);
	json_t *after =
		json_pack("{s:s,s:s,s:I}", "from", f, "through", t, "rows", (json_int_t)out->rows);
	rc = audit_write(db, who, now, "report.rollup", "report_day", t, NULL, after);
	json_decref(after);
	return rc ? problem_set(p, ERR_INTERNAL, "internal", NULL, "Lỗi nội bộ.", "Internal error.")
		  : 0;
}

/* ---- JSON ------------------------------------------------------------------ */

static json_t *row_json(const struct report_row *row, int total)
{
	json_t *o = json_object();
	if (!total)
		json_object_set_new(
			o, "field",
			json_pack("{s:s,s:s}", "code", row->field_code, "name", row->field_name));
	for (int k = 0; k < RC_NCOLS; k++) {
		const struct report_column *c = &report_columns[k];
		json_t *dst = o;
		if (c->group) {
			dst = json_object_get(o, c->group);
			if (!dst) {
				dst = json_object();
				json_object_set_new(o, c->group, dst);
			}
		}
		json_object_set_new(dst, c->key, json_integer(row->v[k]));
	}
	/* the check every row passes: received + carried over = resolved +
	 * in progress + withdrawn + refused */
	long long in = row->v[RC_RECEIVED] + row->v[RC_CARRIED];
	long long out =
		row->v[RC_RESOLVED] + row->v[RC_OPEN] + row->v[RC_WITHDRAWN] + row->v[RC_REFUSED];
	json_object_set_new(o, "reconciles", json_boolean(in == out));
	return o;
}

json_t *report_json(const struct report *r)
{
	char f[16], t[16], j[40];
	vn_format_date_days(r->from, f, sizeof f);
	vn_format_date_days(r->to, t, sizeof t);
	vn_format_iso(r->judged_at, j, sizeof j);
	json_t *cols = json_array();
	for (int k = 0; k < RC_NCOLS; k++) {
		const struct report_column *c = &report_columns[k];
		char key[64];
		snprintf(key, sizeof key, "%s%s%s", c->group ? c->group : "", c->group ? "." : "",
			 c->key);
		json_array_append_new(cols, json_pack("{s:s,s:i,s:s,s:s,s:s}", "key", key, "number",
						      k + 3, "group_vi", c->group_vi, "vi", c->vi,
						      "en", c->en));
	}
	json_t *rows = json_array();
	for (int i = 0; i < r->nrows; i++)
		json_array_append_new(rows, row_json(&r->rows[i], 0));
	return json_pack(
		"{s:s,s:s,s:s,s:s,s:o,s:s,s:o,s:o,s:o}", "form", "II.06a/VPCP/KSTT", "from", f,
		"to", t, "judged_at", j, "agency",
		r->agency ? json_pack("{s:s,s:s}", "code", r->agency_code, "name", r->agency_name)
			  : json_null(),
		"province", r->province_name, "columns", cols, "rows", rows, "total",
		row_json(&r->total, 1));
}

/* ---- CSV ------------------------------------------------------------------- */

/* One text cell: quoted, quotes doubled, a leading = + - @ defused with an
 * apostrophe (a spreadsheet would run it as a formula). */
static int cell(struct buf *b, const char *s, int last)
{
	int rc = buf_puts(b, "\"");
	if (strchr("=+-@", s[0]) && s[0])
		rc |= buf_puts(b, "'");
	for (const char *q = s; *q; q++)
		rc |= *q == '"' ? buf_puts(b, "\"\"") : buf_append(b, q, 1);
	rc |= buf_puts(b, last ? "\"\r\n" : "\",");
	return rc ? -1 : 0;
}

static int row_csv(struct buf *b, const char *no, const struct report_row *row)
{
	int rc = cell(b, no, 0) | cell(b, row->field_name, 0);
	for (int k = 0; k < RC_NCOLS; k++)
		rc |= buf_printf(b, k + 1 < RC_NCOLS ? "%lld," : "%lld\r\n", row->v[k]);
	return rc ? -1 : 0;
}

void report_filename(const struct report *r, char *out, size_t cap)
{
	char f[16], t[16];
	vn_format_date_days(r->from, f, sizeof f);
	vn_format_date_days(r->to, t, sizeof t);
	snprintf(out, cap, "bao-cao-II06a_%s%s%s_%s", r->agency ? r->agency_code : "",
		 r->agency ? "_" : "", f, t);
}

int report_csv(const struct report *r, struct buf *b)
{
	char f[16], t[16], line[512];
	struct vn_date df = vn_civil_from_days(r->from), dt = vn_civil_from_days(r->to);
	snprintf(f, sizeof f, "%02d/%02d/%04d", df.d, df.m, df.y);
	snprintf(t, sizeof t, "%02d/%02d/%04d", dt.d, dt.m, dt.y);
	int rc = buf_puts(b, "\xEF\xBB\xBF");
	rc |= cell(b, "Biểu số II.06a/VPCP/KSTT", 1);
	rc |= cell(b, "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", 1);
	snprintf(line, sizeof line, "Cơ quan: %s", r->agency ? r->agency_name : r->province_name);
	rc |= cell(b, line, 1);
	snprintf(line, sizeof line, "Kỳ báo cáo: từ ngày %s đến ngày %s", f, t);
	rc |= cell(b, line, 1);
	rc |= cell(b, "Đơn vị tính: Số hồ sơ", 1);
	/* the two heading rows and the column numbers, as on the form */
	rc |= cell(b, "STT", 0) | cell(b, "Lĩnh vực giải quyết", 0);
	for (int k = 0; k < RC_NCOLS; k++)
		rc |= cell(b, report_columns[k].group_vi, k + 1 == RC_NCOLS);
	rc |= cell(b, "", 0) | cell(b, "", 0);
	for (int k = 0; k < RC_NCOLS; k++)
		rc |= cell(b, report_columns[k].vi, k + 1 == RC_NCOLS);
	rc |= buf_puts(b, "(1),(2)");
	for (int k = 0; k < RC_NCOLS; k++)
		rc |= buf_printf(b, ",(%d)", k + 3);
	rc |= buf_puts(b, "\r\n");
	for (int i = 0; i < r->nrows; i++) {
		char no[16];
		snprintf(no, sizeof no, "%d", i + 1);
		rc |= row_csv(b, no, &r->rows[i]);
	}
	rc |= row_csv(b, "", &r->total);
	return rc || buf_full(b) ? -1 : 0;
}
