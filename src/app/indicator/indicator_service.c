/*
 * indicator_service.c — the Decision 766 indicators from the centre's own
 * data (indicator.h; choices in docs/DECISIONS.md D39).
 *
 * One pass over the dossiers the centre held in the period (the store's four
 * index ranges), judged here in C: on time ⇔ the end of processing ≤ the
 * appointment (due_at, which the supplement already moved later by the
 * working time paused); a dossier still waiting for a supplement ends when
 * the supplement was requested; more than one supplement is late; one not
 * finished is judged at the end of the period (or now, for a period not yet
 * over). The handling time of 2.2 is working time on the agency's legal
 * clock, less the time paused.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/dossier/dossier.h"
#include "app/indicator/indicator.h"
#include "app/indicator/indicator_store.h"
#include "app/platform/clock.h"
#include "core/vntime.h"

/* ---- the indicators: what the national scoring counts, what motcua can ---- */

enum ind_kind { K_NONE, K_PROCEDURES, K_DOSSIERS, K_PETITIONS, K_AVERAGES };

struct ind_def {
	const char *code;
	const char *group;
	const char *name_vi, *name_en;
	const char *formula_vi, *formula_en;
	double max;       /* points; 0: shown, not scored */
	double threshold; /* full points from this rate (0: points = max × rate) */
	enum ind_kind kind;
	const char *reason_vi, *reason_en; /* not measured: why */
};

static const char NO_DECISIONS_VI[] =
	"motcua không lưu quyết định công bố thủ tục và ngày hiệu lực của văn bản quy định.";
static const char NO_DECISIONS_EN[] =
	"motcua does not record the announcing decisions nor the legal texts' effective dates.";
static const char NO_PORTAL_VI[] =
	"motcua không ghi nhận việc đồng bộ với Cổng Dịch vụ công quốc gia.";
static const char NO_PORTAL_EN[] =
	"motcua does not record any synchronisation with the National Public Service Portal.";
static const char NO_PAYMENT_VI[] = "motcua chưa ghi nhận việc nộp phí, lệ phí (số tiền, kênh "
				    "thanh toán) của hồ sơ: không có số liệu để tính.";
static const char NO_PAYMENT_EN[] = "motcua records no payment of a dossier's fees (neither the "
				    "amount nor the channel): there is nothing to count.";
static const char NO_RESULT_FILE_VI[] =
	"motcua không lưu tệp kết quả điện tử (chỉ ghi tóm tắt kết quả; kết quả là bản giấy).";
static const char NO_RESULT_FILE_EN[] = "motcua stores no electronic result file (only a summary "
					"of the result; the result is on paper).";
static const char NO_REUSE_VI[] = "motcua không ghi nhận việc tái sử dụng dữ liệu số hóa, kho dữ "
				  "liệu cá nhân hay Cơ sở dữ liệu quốc gia về dân cư.";
static const char NO_REUSE_EN[] = "motcua records no re-use of digitised data, personal data store "
				  "or National Population Database.";

static const struct ind_def DEFS[] = {
	{"1.1", "1", "Công bố thủ tục hành chính đúng hạn", "Procedures announced on time",
	 "Số TTHC công bố đúng hạn ÷ số TTHC công bố trong kỳ",
	 "Procedures announced on time ÷ procedures announced in the period", 6, 0, K_NONE,
	 NO_DECISIONS_VI, NO_DECISIONS_EN},
	{"1.2", "1", "Công khai thủ tục hành chính đúng hạn trên CSDL quốc gia",
	 "Procedures published on time on the National Database",
	 "Số TTHC công khai đúng hạn ÷ số TTHC phải công khai trong kỳ",
	 "Procedures published on time ÷ procedures to publish in the period", 4, 0, K_NONE,
	 NO_DECISIONS_VI, NO_DECISIONS_EN},
	{"1.3", "1", "Thủ tục hành chính có đầy đủ các bộ phận bắt buộc",
	 "Procedures with all required components",
	 "Số TTHC có đủ 7 bộ phận (tên, trình tự, cách thức, thành phần và số lượng hồ sơ, thời "
	 "hạn, đối tượng, cơ quan thực hiện — Nghị định 63/2010 Điều 8 khoản 2) ÷ số TTHC thuộc "
	 "thẩm quyền",
	 "Procedures with all 7 components (name, sequence, method, dossier composition and "
	 "copies, time limit, target subjects, implementing agency — Decree 63/2010 Art. 8(2)) ÷ "
	 "procedures in competence",
	 2, 0, K_PROCEDURES, NULL, NULL},
	{"1.4", "1", "Hồ sơ đồng bộ lên Cổng Dịch vụ công quốc gia",
	 "Dossiers synchronised to the National Portal",
	 "Số hồ sơ đã đồng bộ ÷ số hồ sơ tiếp nhận trong kỳ",
	 "Dossiers synchronised ÷ dossiers received in the period", 6, 0, K_NONE, NO_PORTAL_VI,
	 NO_PORTAL_EN},
	{"2.1", "2", "Hồ sơ giải quyết trước hạn, đúng hạn", "Dossiers handled early or on time",
	 "Số hồ sơ trước hạn, đúng hạn (kết thúc xử lý ≤ ngày hẹn trả; trừ thời gian chờ bổ sung; "
	 "bổ sung quá 1 lần là quá hạn; hồ sơ chưa xong xét tại cuối kỳ) ÷ số hồ sơ đã và đang "
	 "giải quyết trong kỳ",
	 "Dossiers early or on time (end of processing ≤ appointment; supplement time excluded; "
	 "more than one supplement is late; unfinished ones judged at the end of the period) ÷ "
	 "dossiers handled or in progress in the period",
	 20, 0, K_DOSSIERS, NULL, NULL},
	{"2.2", "2", "Thời gian giải quyết trung bình của một thủ tục",
	 "Average handling time per procedure",
	 "Tổng thời gian giải quyết các hồ sơ đã có kết quả ÷ số hồ sơ đó (theo đơn vị thời hạn "
	 "của thủ tục; trừ thời gian chờ bổ sung)",
	 "Total handling time of the dossiers with a result ÷ their number (in the procedure's "
	 "unit; supplement time excluded)",
	 0, 0, K_AVERAGES, NULL, NULL},
	{"3.1", "3", "Thủ tục cung cấp dịch vụ công trực tuyến", "Procedures offered online",
	 "Số TTHC cung cấp trực tuyến (một phần hoặc toàn trình) ÷ số TTHC thuộc thẩm quyền; đủ "
	 "điểm khi ≥ 80 %",
	 "Procedures offered online (partial or full) ÷ procedures in competence; full points at "
	 "≥ 80 %",
	 4, 0.8, K_PROCEDURES, NULL, NULL},
	{"3.2", "3", "Dịch vụ công trực tuyến có phát sinh hồ sơ", "Online services with dossiers",
	 "Số TTHC trực tuyến có ít nhất 1 hồ sơ trực tuyến trong kỳ ÷ số TTHC trực tuyến",
	 "Online procedures with at least one online dossier in the period ÷ online procedures", 4,
	 0, K_PROCEDURES, NULL, NULL},
	{"3.3", "3", "Tỷ lệ hồ sơ nộp trực tuyến", "Share of dossiers submitted online",
	 "Số hồ sơ trực tuyến ÷ tổng số hồ sơ tiếp nhận trong kỳ; đủ điểm khi ≥ 50 %",
	 "Online dossiers ÷ all dossiers received in the period; full points at ≥ 50 %", 4, 0.5,
	 K_DOSSIERS, NULL, NULL},
	{"3.5", "3p", "Thủ tục có phí, lệ phí tích hợp thanh toán trực tuyến",
	 "Procedures with fees integrated for online payment",
	 "Số TTHC có phí đã tích hợp thanh toán trực tuyến ÷ số TTHC có phí",
	 "Fee-bearing procedures integrated for online payment ÷ fee-bearing procedures", 4, 0.8,
	 K_NONE, NO_PAYMENT_VI, NO_PAYMENT_EN},
	{"3.6", "3p", "Hồ sơ thanh toán trực tuyến", "Dossiers paid online",
	 "Số hồ sơ thanh toán trực tuyến ÷ (số hồ sơ của TTHC có phí − số hồ sơ miễn phí)",
	 "Dossiers paid online ÷ (dossiers of fee-bearing procedures − dossiers with no fee)", 6, 0,
	 K_NONE, NO_PAYMENT_VI, NO_PAYMENT_EN},
	{"4.1", "4", "Hồ sơ được cấp kết quả điện tử", "Dossiers with an electronic result",
	 "Số hồ sơ có tệp kết quả điện tử ÷ số hồ sơ có kết quả giấy",
	 "Dossiers with an electronic result file ÷ dossiers with a paper result", 6, 0, K_NONE,
	 NO_RESULT_FILE_VI, NO_RESULT_FILE_EN},
	{"4.2", "4", "Hồ sơ được số hóa thành phần", "Dossiers with digitised components",
	 "Số hồ sơ tiếp nhận trong kỳ có thành phần hồ sơ điện tử (tệp đính kèm) ÷ số hồ sơ "
	 "tiếp nhận trong kỳ; đủ điểm khi ≥ 80 % (phần kết quả điện tử: xem 4.1)",
	 "Dossiers received in the period with electronic components (attached files) ÷ dossiers "
	 "received in the period; full points at ≥ 80 % (the electronic result: see 4.1)",
	 4, 0.8, K_DOSSIERS, NULL, NULL},
	{"4.3", "4", "Hồ sơ tái sử dụng dữ liệu số hóa", "Dossiers re-using digitised data",
	 "Số hồ sơ có thành phần tái sử dụng ÷ số hồ sơ tiếp nhận",
	 "Dossiers with a re-used component ÷ dossiers received", 2, 0.8, K_NONE, NO_REUSE_VI,
	 NO_REUSE_EN},
	{"4.4", "4", "Hồ sơ số hóa kết nối kho dữ liệu cá nhân",
	 "Digitised dossiers linked to the personal data store",
	 "Số hồ sơ lấy thành phần từ hoặc đồng bộ kết quả vào kho dữ liệu ÷ số hồ sơ tiếp nhận",
	 "Dossiers taking a component from or syncing the result to the store ÷ dossiers "
	 "received",
	 4, 0, K_NONE, NO_REUSE_VI, NO_REUSE_EN},
	{"4.5", "4", "Sử dụng Cơ sở dữ liệu quốc gia về dân cư",
	 "Use of the National Population Database",
	 "Thủ tục và hồ sơ sử dụng dữ liệu dân cư ÷ thủ tục và hồ sơ cho công dân",
	 "Procedures and dossiers using population data ÷ those for citizens", 4, 0, K_NONE,
	 NO_REUSE_VI, NO_REUSE_EN},
	{"4.6", "4", "Bản sao điện tử chứng thực từ bản chính",
	 "Electronic certified copies from originals", "Theo Cổng Dịch vụ công quốc gia",
	 "As shown by the National Portal", 2, 0, K_NONE, NO_RESULT_FILE_VI, NO_RESULT_FILE_EN},
	{"5.2", "5", "Phản ánh, kiến nghị được xử lý đúng hạn", "Petitions handled on time",
	 "Số đơn tiếp nhận trong kỳ được xử lý đúng các thời hạn (phân loại, thụ lý, chuyển, trả "
	 "lời; đơn chưa xong xét tại cuối kỳ) ÷ số đơn tiếp nhận trong kỳ",
	 "Petitions received in the period that met every deadline (classification, acceptance, "
	 "forwarding, answer; open ones judged at the end of the period) ÷ petitions received in "
	 "the period",
	 6, 0, K_PETITIONS, NULL, NULL},
	{"5.3", "5", "Mức độ hài lòng về xử lý phản ánh, kiến nghị",
	 "Satisfaction with the handling of petitions",
	 "(Tổng số đơn − đơn không hài lòng − đơn phải xử lý lại − đơn quá hạn) ÷ tổng số đơn "
	 "tiếp nhận trong kỳ (mỗi đơn trừ một lần)",
	 "(Petitions − not satisfied − reopened − late) ÷ petitions received in the period (each "
	 "petition subtracted once)",
	 6, 0, K_PETITIONS, NULL, NULL},
	{"5.4", "5", "Mức độ hài lòng trong tiếp nhận, giải quyết TTHC",
	 "Satisfaction with the handling of procedures",
	 "100 % − (% hồ sơ quá hạn + % hồ sơ có đánh giá «không hài lòng»); đủ điểm khi ≥ 90 %",
	 "100 % − (% late dossiers + % dossiers evaluated \"not satisfied\"); full points at ≥ 90 "
	 "%",
	 6, 0.9, K_DOSSIERS, NULL, NULL},
};
#define NDEFS (sizeof DEFS / sizeof DEFS[0])

static const struct {
	const char *code, *name_vi, *name_en;
	double max;
} GROUPS[] = {
	{"1", "Công khai, minh bạch", "Transparency", 18},
	{"2", "Tiến độ, kết quả giải quyết", "Progress and results", 20},
	{"3", "Cung cấp dịch vụ trực tuyến", "Online services", 12},
	{"3p", "Thanh toán trực tuyến", "Online payment", 10},
	{"4", "Số hóa hồ sơ", "Digitisation", 22},
	{"5", "Mức độ hài lòng", "Satisfaction", 18},
};
#define NGROUPS (sizeof GROUPS / sizeof GROUPS[0])

static const struct ind_def *def_of(const char *code)
{
	for (size_t i = 0; i < NDEFS; i++)
		if (strcmp(DEFS[i].code, code) == 0)
			return &DEFS[i];
	return NULL;
}

/* ---- the period and the scope --------------------------------------------- */

struct period {
	int64_t t0, t1; /* [t0, t1): the first day's start, the day after the last */
	int64_t e;      /* when the unfinished are judged: min(t1, now) */
	int64_t upto;   /* what happened before it counts: [.., upto) */
	long long agency;
	char agency_code[64], agency_name[256];
};

static int scope(struct db *db, const struct actor *viewer, int64_t now, const struct ind_query *q,
		 struct period *pd, struct problem *p)
{
	memset(pd, 0, sizeof *pd);
	if (q->to < q->from)
		return problem_set(p, ERR_VALIDATION, "validation", "to",
				   "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.",
				   "The end date must not be before the start date.");
	if (q->to - q->from + 1 > IND_MAX_DAYS)
		return problem_set(p, ERR_VALIDATION, "validation", "to",
				   "Mỗi lần xem tối đa 366 ngày.", "At most 366 days at once.");
	pd->t0 = vn_instant_of_day(q->from);
	pd->t1 = vn_instant_of_day(q->to + 1);
	pd->e = now < pd->t1 ? now : pd->t1;
	pd->upto = now < pd->t1 ? now + 1 : pd->t1;
	if (viewer->roles & ROLE_PROVINCE) {
		if (q->agency && *q->agency) {
			pd->agency = istore_agency(db, q->agency, pd->agency_name,
						   sizeof pd->agency_name);
			if (!pd->agency)
				return problem_set(p, ERR_NOT_FOUND, "agency_not_found", "agency",
						   "Không có cơ quan này.",
						   "There is no such agency.");
			snprintf(pd->agency_code, sizeof pd->agency_code, "%s", q->agency);
		}
		return 0;
	}
	pd->agency = dossier_viewer_agency(db, viewer);
	if (istore_agency_of(db, pd->agency, pd->agency_code, sizeof pd->agency_code,
			     pd->agency_name, sizeof pd->agency_name))
		return problem_set(p, ERR_INTERNAL, "internal", NULL, "Lỗi hệ thống.",
				   "Internal error.");
	if (q->agency && *q->agency && strcmp(q->agency, pd->agency_code) != 0)
		return problem_set(p, ERR_FORBIDDEN, "not_your_agency", "agency",
				   "Anh/chị chỉ xem được chỉ số của cơ quan mình.",
				   "You may only see your own agency's indicators.");
	return 0;
}

/* ---- the procedures ---------------------------------------------------------- */

static const char *const COMPONENTS[] = {"name",  "sequence", "method", "documents",
					 "limit", "subjects", "agency"};
#define NCOMP 7

struct proc {
	long long id;
	char *code, *name;
	char unit[16];
	double limit;
	int online; /* offered online (partial or full) */
	int comp[NCOMP];
	long long online_dossiers; /* received online in the period */
	long long completed;
	double time_sum; /* in the procedure's unit */
};

struct procs {
	struct proc *v;
	size_t n;
};

static int proc_cmp(const void *a, const void *b)
{
	long long x = ((const struct proc *)a)->id, y = ((const struct proc *)b)->id;
	return (x > y) - (x < y);
}

static void procs_load(struct db *db, long long agency, struct procs *ps)
{
	size_t cap = 64;
	ps->v = malloc(cap * sizeof *ps->v);
	ps->n = 0;
	struct db_stmt *st = istore_procedures(db, agency);
	while (st && db_step(st) == DB_ROW) {
		if (ps->n == cap)
			ps->v = realloc(ps->v, (cap *= 2) * sizeof *ps->v);
		struct proc *pr = &ps->v[ps->n++];
		memset(pr, 0, sizeof *pr);
		pr->id = db_col_int(st, IP_ID);
		pr->code = strdup(db_col_text(st, IP_CODE));
		pr->name = strdup(db_col_text(st, IP_NAME));
		snprintf(pr->unit, sizeof pr->unit, "%s", db_col_text(st, IP_UNIT));
		pr->limit = db_col_double(st, IP_LIMIT);
		pr->online = strcmp(db_col_text(st, IP_ONLINE), "none") != 0;
		for (int k = 0; k < NCOMP; k++)
			pr->comp[k] = (int)db_col_int(st, IP_HAS_NAME + k);
	}
	if (st)
		db_done(st);
	/* the store orders by code; lookups by id */
	if (ps->n) /* qsort(NULL, 0) is undefined */
		qsort(ps->v, ps->n, sizeof *ps->v, proc_cmp);
}

static int proc_code_cmp(const void *a, const void *b)
{
	return strcmp(((const struct proc *)a)->code, ((const struct proc *)b)->code);
}

static struct proc *proc_find(struct procs *ps, long long id)
{
	struct proc key = {.id = id};
	return bsearch(&key, ps->v, ps->n, sizeof *ps->v, proc_cmp);
}

static void procs_free(struct procs *ps)
{
	for (size_t i = 0; i < ps->n; i++) {
		free(ps->v[i].code);
		free(ps->v[i].name);
	}
	free(ps->v);
}

static int proc_complete(const struct proc *pr)
{
	for (int k = 0; k < NCOMP; k++)
		if (!pr->comp[k])
			return 0;
	return 1;
}

/* ---- the dossiers ------------------------------------------------------------ */

struct drow {
	long long id, procedure, agency;
	int online, attach, supcount;
	int64_t received, finished, due, paused, result, clock_start, paused_total;
};

enum { LATE_NO, LATE_SUPPLEMENTS, LATE_FINISHED, LATE_OVERDUE };

/* The 2.1 judgement of one dossier held in the period; *end its end of
 * processing (or the instant it was judged at). */
static int dossier_late(const struct drow *r, const struct period *pd, int64_t *end, int *finished)
{
	*finished = r->finished && r->finished < pd->t1;
	if (*finished)
		*end = r->finished;
	else if (r->paused && r->paused < pd->t1)
		*end = r->paused; /* waiting for the citizen: the request ends it */
	else
		*end = pd->e;
	if (r->supcount > 1)
		return LATE_SUPPLEMENTS;
	if (r->due && *end > r->due)
		return *finished ? LATE_FINISHED : LATE_OVERDUE;
	return LATE_NO;
}

static void drow_read(struct db_stmt *st, struct drow *r)
{
	r->id = db_col_int(st, ID_ID);
	r->procedure = db_col_int(st, ID_PROCEDURE);
	r->agency = db_col_int(st, ID_AGENCY);
	r->online = strcmp(db_col_text(st, ID_CHANNEL), "online") == 0;
	r->received = db_col_int(st, ID_RECEIVED);
	r->finished = db_col_int(st, ID_FINISHED);
	r->due = db_col_int(st, ID_DUE);
	r->paused = db_col_int(st, ID_PAUSED);
	r->supcount = (int)db_col_int(st, ID_SUPCOUNT);
	r->result = db_col_int(st, ID_RESULT);
	r->clock_start = db_col_int(st, ID_CLOCK_START);
	r->paused_total = db_col_int(st, ID_PAUSED_TOTAL);
	r->attach = (int)db_col_int(st, ID_ATTACH);
}

/* The ids evaluated "not satisfied" (sorted). */
struct ids {
	long long *v;
	size_t n;
};

static void ids_load(struct db *db, const struct period *pd, struct ids *s)
{
	size_t cap = 64;
	s->v = malloc(cap * sizeof *s->v);
	s->n = 0;
	struct db_stmt *st = istore_unsatisfied(db, pd->agency, pd->upto);
	while (st && db_step(st) == DB_ROW) {
		if (s->n == cap)
			s->v = realloc(s->v, (cap *= 2) * sizeof *s->v);
		s->v[s->n++] = db_col_int(st, 0);
	}
	if (st)
		db_done(st);
}

static int ids_has(const struct ids *s, long long id)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->v[mid] == id)
			return 1;
		if (s->v[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* The handling time of a dossier with a result, in its procedure's unit. */
static double handling_time(struct app *a, const struct drow *r, const char *unit)
{
	int64_t day = clock_day_seconds_of(a, r->agency);
	if (day <= 0)
		day = 28800;
	if (strcmp(unit, "days") == 0) {
		/* calendar days; the pause (working time) as as many days */
		double s = (double)(r->finished - r->clock_start) -
			   (double)r->paused_total * 86400.0 / (double)day;
		return s > 0 ? s / 86400.0 : 0;
	}
	int64_t w = clock_elapsed_of(a, r->agency, r->clock_start, r->finished) - r->paused_total;
	if (w < 0)
		w = 0;
	if (strcmp(unit, "working_hours") == 0)
		return (double)w / 3600.0;
	return (double)w / (double)day; /* working_days, same_day */
}

struct dtotals {
	long long held, early, on_time, late, unsatisfied, late_or_unsatisfied;
	long long received, received_online, received_attach;
	long long completed;
};

/* One dossier that costs points in the drill-down. */
struct ditem {
	char *code;
	long long procedure;
	int online, finished;
	char channel[8];
	int64_t received, due, end;
	const char *reason;
};

struct dlist {
	struct ditem *v;
	size_t n, cap;
};

static void dlist_add(struct dlist *l, struct db_stmt *st, const struct drow *r, int finished,
		      int64_t end, const char *reason)
{
	if (l->n == l->cap)
		l->v = realloc(l->v, (l->cap = l->cap ? 2 * l->cap : 256) * sizeof *l->v);
	struct ditem *it = &l->v[l->n++];
	it->code = strdup(db_col_text(st, ID_CODE));
	it->procedure = r->procedure;
	it->online = r->online;
	snprintf(it->channel, sizeof it->channel, "%s", db_col_text(st, ID_CHANNEL));
	it->finished = finished;
	it->received = r->received;
	it->due = r->due;
	it->end = end;
	it->reason = reason;
}

static const char *const LATE_REASONS[] = {NULL, "supplements", "finished_late", "overdue"};

/* The pass over the dossiers; with `which` (an indicator's code) and a list,
 * also the dossiers that cost that indicator points. */
static void dossiers_pass(struct db *db, struct app *a, const struct period *pd, struct procs *ps,
			  struct dtotals *t, const char *which, struct dlist *l)
{
	struct ids unsat;
	ids_load(db, pd, &unsat);
	memset(t, 0, sizeof *t);
	struct db_stmt *st = istore_dossiers(db, pd->agency, pd->t0, pd->t1, l != NULL);
	struct drow r;
	while (st && db_step(st) == DB_ROW) {
		drow_read(st, &r);
		int64_t end;
		int finished, late = dossier_late(&r, pd, &end, &finished);
		int bad = ids_has(&unsat, r.id);
		t->held++;
		if (late)
			t->late++;
		else if (finished && r.due && vn_day_of(end) < vn_day_of(r.due))
			t->early++;
		else
			t->on_time++;
		t->unsatisfied += bad;
		t->late_or_unsatisfied += late || bad;
		int in_period = r.received >= pd->t0;
		struct proc *pr = proc_find(ps, r.procedure);
		if (in_period) {
			t->received++;
			t->received_online += r.online;
			t->received_attach += r.attach;
			if (pr && r.online)
				pr->online_dossiers++;
		}
		if (finished && r.finished >= pd->t0 && r.result) {
			t->completed++;
			if (pr) {
				pr->completed++;
				pr->time_sum += handling_time(a, &r, pr->unit);
			}
		}
		if (!l)
			continue;
		if (strcmp(which, "2.1") == 0 && late)
			dlist_add(l, st, &r, finished, end, LATE_REASONS[late]);
		else if (strcmp(which, "5.4") == 0 && (late || bad))
			dlist_add(l, st, &r, finished, end,
				  late ? LATE_REASONS[late] : "not_satisfied");
		else if (strcmp(which, "3.3") == 0 && in_period && !r.online)
			dlist_add(l, st, &r, finished, end, "not_online");
		else if (strcmp(which, "4.2") == 0 && in_period && !r.attach)
			dlist_add(l, st, &r, finished, end, "no_electronic_component");
	}
	if (st)
		db_done(st);
	free(unsat.v);
}

/* ---- the petitions ------------------------------------------------------------ */

struct ptotals {
	long long total, late, bad;
};

struct pitem {
	char *code, *type, *status;
	int64_t received, due;
	const char *reason;
};

struct plist {
	struct pitem *v;
	size_t n, cap;
};

/* The 5.2 judgement: the first answer (classification, acceptance) by its
 * deadline, and the resolution or the forwarding by theirs; open ones at the
 * end of the period. NULL on time, else the deadline missed. */
static const char *petition_late(struct db_stmt *st, const struct period *pd, int64_t *due_out)
{
	int64_t ack_due = db_col_int(st, IT_ACK_DUE), acked = db_col_int(st, IT_ACKED),
		due = db_col_int(st, IT_DUE), answered = db_col_int(st, IT_ANSWERED),
		fwd_due = db_col_int(st, IT_FORWARD_DUE), fwd = db_col_int(st, IT_FORWARDED);
	int64_t first = acked ? acked : answered ? answered : fwd;
	if (first >= pd->t1)
		first = 0;
	*due_out = due ? due : ack_due;
	if ((first ? first : pd->e) > ack_due) {
		*due_out = ack_due;
		return "ack_late";
	}
	if (fwd && fwd_due) {
		int64_t done = fwd < pd->t1 ? fwd : pd->e;
		if (done > fwd_due) {
			*due_out = fwd_due;
			return "forward_late";
		}
		return NULL;
	}
	if (due) {
		int64_t done = answered && answered < pd->t1 ? answered : pd->e;
		if (done > due)
			return "late";
	}
	return NULL;
}

static void petitions_pass(struct db *db, const struct period *pd, struct ptotals *t,
			   const char *which, struct plist *l)
{
	memset(t, 0, sizeof *t);
	struct db_stmt *st = istore_petitions(db, pd->agency, pd->t0, pd->t1);
	while (st && db_step(st) == DB_ROW) {
		int64_t due;
		const char *late = petition_late(st, pd, &due);
		int64_t sat_at = db_col_int(st, IT_SATISFACTION_AT);
		int unsat = strcmp(db_col_text(st, IT_SATISFACTION), "not_satisfied") == 0 &&
			    sat_at < pd->upto;
		int reopened = db_col_int(st, IT_REOPENED) > 0;
		t->total++;
		t->late += late != NULL;
		int bad = late || unsat || reopened;
		t->bad += bad;
		const char *reason = NULL;
		if (l && strcmp(which, "5.2") == 0)
			reason = late;
		else if (l && bad)
			reason = late ? late : unsat ? "not_satisfied" : "reopened";
		if (!reason)
			continue;
		if (l->n == l->cap)
			l->v = realloc(l->v, (l->cap = l->cap ? 2 * l->cap : 64) * sizeof *l->v);
		struct pitem *it = &l->v[l->n++];
		it->code = strdup(db_col_text(st, IT_CODE));
		it->type = strdup(db_col_text(st, IT_TYPE));
		it->status = strdup(db_col_text(st, IT_STATUS));
		it->received = db_col_int(st, IT_RECEIVED);
		it->due = due;
		it->reason = reason;
	}
	if (st)
		db_done(st);
}

/* ---- JSON -------------------------------------------------------------------- */

static json_t *iso(int64_t t)
{
	char b[40];
	if (!t || vn_format_iso(t, b, sizeof b) < 0)
		return json_null();
	return json_string(b);
}

static double round_to(double x, double unit)
{
	return round(x / unit) * unit;
}

static double points_of(const struct ind_def *d, double rate)
{
	double pts = d->threshold > 0
			     ? (rate >= d->threshold ? d->max : d->max * rate / d->threshold)
			     : d->max * rate;
	return round_to(pts, 0.01);
}

static json_t *def_json(const struct ind_def *d)
{
	json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:f}", "code", d->code, "name_vi", d->name_vi,
			      "name_en", d->name_en, "formula_vi", d->formula_vi, "formula_en",
			      d->formula_en, "max_points", d->max);
	if (d->threshold > 0)
		json_object_set_new(o, "full_at", json_real(d->threshold));
	return o;
}

/* An indicator with its figures; den 0: measured, nothing to count. */
static json_t *measured(const struct ind_def *d, long long num, long long den)
{
	json_t *o = def_json(d);
	json_object_set_new(o, "measured", json_true());
	json_object_set_new(o, "numerator", json_integer(num));
	json_object_set_new(o, "denominator", json_integer(den));
	if (den > 0) {
		double rate = (double)num / (double)den;
		if (rate < 0)
			rate = 0;
		json_object_set_new(o, "rate", json_real(round_to(rate, 0.0001)));
		json_object_set_new(o, "points", json_real(points_of(d, rate)));
	} else {
		json_object_set_new(o, "rate", json_null());
		json_object_set_new(o, "points", json_null());
	}
	json_object_set_new(o, "drill", json_boolean(d->kind != K_NONE));
	return o;
}

static json_t *not_measured(const struct ind_def *d)
{
	json_t *o = def_json(d);
	json_object_set_new(o, "measured", json_false());
	json_object_set_new(o, "reason_vi", json_string(d->reason_vi));
	json_object_set_new(o, "reason_en", json_string(d->reason_en));
	json_object_set_new(o, "numerator", json_null());
	json_object_set_new(o, "denominator", json_null());
	json_object_set_new(o, "rate", json_null());
	json_object_set_new(o, "points", json_null());
	json_object_set_new(o, "drill", json_false());
	return o;
}

static json_t *averages_json(struct procs *ps)
{
	json_t *items = json_array();
	for (size_t i = 0; i < ps->n; i++) {
		struct proc *pr = &ps->v[i];
		if (!pr->completed)
			continue;
		json_array_append_new(
			items, json_pack("{s:s,s:s,s:s,s:f,s:I,s:f}", "code", pr->code, "name",
					 pr->name, "unit", pr->unit, "limit", pr->limit,
					 "completed", (json_int_t)pr->completed, "average",
					 round_to(pr->time_sum / (double)pr->completed, 0.01)));
	}
	return items;
}

static json_t *period_json(const struct ind_query *q, const struct period *pd)
{
	char f[16], t[16];
	vn_format_date_days(q->from, f, sizeof f);
	vn_format_date_days(q->to, t, sizeof t);
	json_t *ag = pd->agency ? json_pack("{s:s,s:s}", "code", pd->agency_code, "name",
					    pd->agency_name)
				: json_null();
	return json_pack("{s:s,s:s,s:o}", "from", f, "to", t, "agency", ag);
}

int indicator_scores(struct db *db, struct app *a, const struct actor *viewer, int64_t now,
		     const struct ind_query *q, struct problem *p, json_t **out)
{
	*out = NULL;
	struct period pd;
	if (scope(db, viewer, now, q, &pd, p))
		return p->kind;
	struct procs ps;
	procs_load(db, pd.agency, &ps);
	if (ps.n) /* qsort(NULL, 0) is undefined */
		qsort(ps.v, ps.n, sizeof *ps.v, proc_cmp);
	struct dtotals dt;
	dossiers_pass(db, a, &pd, &ps, &dt, NULL, NULL);
	struct ptotals pt;
	petitions_pass(db, &pd, &pt, NULL, NULL);

	long long complete = 0, offered = 0, used = 0;
	for (size_t i = 0; i < ps.n; i++) {
		complete += proc_complete(&ps.v[i]);
		offered += ps.v[i].online;
		used += ps.v[i].online && ps.v[i].online_dossiers > 0;
	}
	if (ps.n) /* qsort(NULL, 0) is undefined */
		qsort(ps.v, ps.n, sizeof *ps.v, proc_code_cmp);

	json_t *o = period_json(q, &pd);
	json_t *groups = json_array();
	double total = 0, total_max = 0;
	for (size_t g = 0; g < NGROUPS; g++) {
		json_t *inds = json_array();
		double gp = 0, gmax = 0;
		for (size_t i = 0; i < NDEFS; i++) {
			const struct ind_def *d = &DEFS[i];
			if (strcmp(d->group, GROUPS[g].code) != 0)
				continue;
			json_t *io;
			const char *c = d->code;
			if (d->kind == K_NONE)
				io = not_measured(d);
			else if (!strcmp(c, "1.3"))
				io = measured(d, complete, (long long)ps.n);
			else if (!strcmp(c, "2.1"))
				io = measured(d, dt.early + dt.on_time, dt.held);
			else if (!strcmp(c, "3.1"))
				io = measured(d, offered, (long long)ps.n);
			else if (!strcmp(c, "3.2"))
				io = measured(d, used, offered);
			else if (!strcmp(c, "3.3"))
				io = measured(d, dt.received_online, dt.received);
			else if (!strcmp(c, "4.2"))
				io = measured(d, dt.received_attach, dt.received);
			else if (!strcmp(c, "5.2"))
				io = measured(d, pt.total - pt.late, pt.total);
			else if (!strcmp(c, "5.3"))
				io = measured(d, pt.total - pt.bad, pt.total);
			else if (!strcmp(c, "5.4"))
				/* 100 % − (% late + % not satisfied): the numerator may
				 * go below 0, the rate is floored at 0 */
				io = measured(d, dt.held - dt.late - dt.unsatisfied, dt.held);
			else { /* 2.2: shown, not scored */
				io = def_json(d);
				json_object_set_new(io, "measured", json_true());
				json_object_set_new(io, "numerator", json_null());
				json_object_set_new(io, "denominator", json_integer(dt.completed));
				json_object_set_new(io, "rate", json_null());
				json_object_set_new(io, "points", json_null());
				json_object_set_new(io, "drill", json_true());
				json_object_set_new(io, "procedures", averages_json(&ps));
			}
			if (!strcmp(c, "2.1"))
				json_object_set_new(io, "split",
						    json_pack("{s:I,s:I,s:I}", "early",
							      (json_int_t)dt.early, "on_time",
							      (json_int_t)dt.on_time, "late",
							      (json_int_t)dt.late));
			if (!strcmp(c, "5.4"))
				json_object_set_new(io, "split",
						    json_pack("{s:I,s:I}", "late",
							      (json_int_t)dt.late, "not_satisfied",
							      (json_int_t)dt.unsatisfied));
			json_t *pts = json_object_get(io, "points");
			if (json_is_number(pts)) {
				gp += json_number_value(pts);
				gmax += d->max;
			}
			json_array_append_new(inds, io);
		}
		total += gp;
		total_max += gmax;
		json_array_append_new(
			groups, json_pack("{s:s,s:s,s:s,s:f,s:f,s:f,s:o}", "code", GROUPS[g].code,
					  "name_vi", GROUPS[g].name_vi, "name_en",
					  GROUPS[g].name_en, "max", GROUPS[g].max, "measured_max",
					  gmax, "points", round_to(gp, 0.01), "indicators", inds));
	}
	json_object_set_new(o, "groups", groups);
	json_object_set_new(o, "total",
			    json_pack("{s:f,s:f,s:f}", "points", round_to(total, 0.01),
				      "measured_max", total_max, "max", 100.0));
	procs_free(&ps);
	*out = o;
	return 0;
}

/* ---- the drill-down ------------------------------------------------------------ */

static int ditem_cmp(const void *a, const void *b)
{
	const struct ditem *x = a, *y = b;
	if (x->received != y->received)
		return (x->received > y->received) - (x->received < y->received);
	return strcmp(x->code, y->code);
}

static json_t *page_of(const char *code, const char *kind, long long total, json_t *items)
{
	return json_pack("{s:s,s:s,s:I,s:o}", "code", code, "kind", kind, "total",
			 (json_int_t)total, "items", items);
}

static json_t *proc_items(const char *code, struct procs *ps, long long limit, long long offset)
{
	json_t *items = json_array();
	long long total = 0;
	for (size_t i = 0; i < ps->n; i++) {
		struct proc *pr = &ps->v[i];
		json_t *missing = NULL;
		if (!strcmp(code, "1.3")) {
			if (proc_complete(pr))
				continue;
			missing = json_array();
			for (int k = 0; k < NCOMP; k++)
				if (!pr->comp[k])
					json_array_append_new(missing, json_string(COMPONENTS[k]));
		} else if (!strcmp(code, "3.1")) {
			if (pr->online)
				continue;
		} else if (!pr->online || pr->online_dossiers > 0) /* 3.2 */
			continue;
		if (total++ < offset || (long long)json_array_size(items) >= limit) {
			json_decref(missing);
			continue;
		}
		json_t *it = json_pack("{s:s,s:s,s:b}", "code", pr->code, "name", pr->name,
				       "online", pr->online);
		if (missing)
			json_object_set_new(it, "missing", missing);
		json_array_append_new(items, it);
	}
	return page_of(code, "procedures", total, items);
}

int indicator_items(struct db *db, struct app *a, const struct actor *viewer, int64_t now,
		    const struct ind_query *q, const char *code, long long limit, long long offset,
		    struct problem *p, json_t **out)
{
	*out = NULL;
	const struct ind_def *d = def_of(code);
	if (!d)
		return problem_set(p, ERR_NOT_FOUND, "indicator_not_found", NULL,
				   "Không có chỉ số này.", "There is no such indicator.");
	if (d->kind == K_NONE)
		return problem_set(p, ERR_NOT_FOUND, "indicator_not_measured", NULL, d->reason_vi,
				   d->reason_en);
	struct period pd;
	if (scope(db, viewer, now, q, &pd, p))
		return p->kind;
	struct procs ps;
	procs_load(db, pd.agency, &ps);
	json_t *page = NULL;
	if (d->kind == K_PETITIONS) {
		struct ptotals pt;
		struct plist l = {0};
		petitions_pass(db, &pd, &pt, code, &l);
		json_t *items = json_array();
		for (size_t i = 0; i < l.n; i++) {
			struct pitem *it = &l.v[i];
			if ((long long)i >= offset && (long long)json_array_size(items) < limit)
				json_array_append_new(
					items,
					json_pack("{s:s,s:s,s:s,s:o,s:o,s:s}", "code", it->code,
						  "type", it->type, "status", it->status,
						  "received_at", iso(it->received), "due_at",
						  iso(it->due), "reason", it->reason));
			free(it->code);
			free(it->type);
			free(it->status);
		}
		page = page_of(code, "petitions", (long long)l.n, items);
		free(l.v);
	} else {
		/* the dossier pass also counts the procedures' online dossiers
		 * and averages (3.2, 2.2) */
		struct dtotals dt;
		struct dlist l = {0};
		int dossiers = d->kind == K_DOSSIERS;
		if (dossiers || !strcmp(code, "3.2") || !strcmp(code, "2.2"))
			dossiers_pass(db, a, &pd, &ps, &dt, code, dossiers ? &l : NULL);
		if (ps.n) /* qsort(NULL, 0) is undefined */
			qsort(ps.v, ps.n, sizeof *ps.v, proc_code_cmp);
		if (d->kind == K_AVERAGES) {
			json_t *all = averages_json(&ps), *items = json_array();
			size_t n = json_array_size(all);
			for (size_t i = (size_t)offset;
			     i < n && (long long)json_array_size(items) < limit; i++)
				json_array_append(items, json_array_get(all, i));
			json_decref(all);
			page = page_of(code, "procedures", (long long)n, items);
		} else if (d->kind == K_PROCEDURES) {
			page = proc_items(code, &ps, limit, offset);
		} else {
			if (l.n) /* qsort(NULL, 0) is undefined */
				qsort(l.v, l.n, sizeof *l.v, ditem_cmp);
			if (ps.n) /* qsort(NULL, 0) is undefined */
				qsort(ps.v, ps.n, sizeof *ps.v, proc_cmp);
			json_t *items = json_array();
			for (size_t i = (size_t)offset;
			     i < l.n && (long long)json_array_size(items) < limit; i++) {
				struct ditem *it = &l.v[i];
				struct proc *pr = proc_find(&ps, it->procedure);
				json_array_append_new(
					items, json_pack("{s:s,s:o,s:s,s:o,s:o,s:o,s:b,s:s}",
							 "code", it->code, "procedure",
							 pr ? json_pack("{s:s,s:s}", "code",
									pr->code, "name", pr->name)
							    : json_null(),
							 "channel", it->channel, "received_at",
							 iso(it->received), "due_at", iso(it->due),
							 "end_at", iso(it->end), "finished",
							 it->finished, "reason", it->reason));
			}
			for (size_t i = 0; i < l.n; i++)
				free(l.v[i].code);
			page = page_of(code, "dossiers", (long long)l.n, items);
			free(l.v);
		}
	}
	procs_free(&ps);
	json_t *pj = period_json(q, &pd);
	json_object_update(page, pj);
	json_decref(pj);
	*out = page;
	return 0;
}
