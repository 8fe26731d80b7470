/*
 * recognition_service.c — the rules of recognition (recognition.h): who
 * may nominate, endorse, recognise, decline, withdraw and attach a praise;
 * the states; the praise's source checked and its public text redacted; the
 * staff's and the public's views.
 *
 * Invariants: a nomination is acted on only in its agency (404 outside, as
 * an unknown id); nobody acts on a nomination of themselves; every change
 * writes a recognition_event row and an audit record in the caller's
 * transaction; the audit records carry ids, states and the source's kind,
 * never a citizen's text or name; the public view carries the names, job
 * titles and units of the recognised and the redacted praise, nothing else
 * about anybody (no username, e-mail, figures, source).
 *
 * Threading: runs on its caller's connection (the writer for the writes).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/performance/performance.h"
#include "app/recognition/recognition.h"
#include "app/recognition/recognition_store.h"
#include "core/fold.h"
#include "core/mem.h"
#include "core/utf8.h"
#include "core/vntime.h"

static int given(const char *s)
{
	return s && s[0];
}

static size_t chars(const char *s)
{
	size_t n = 0;
	if (utf8_count(s, strlen(s), &n) != 0)
		return (size_t)-1;
	return n;
}

static json_t *iso(int64_t t)
{
	char s[40];
	vn_format_iso(t, s, sizeof s);
	return json_string(s);
}

static json_t *iso_or_null(struct db_stmt *st, int col)
{
	return db_col_null(st, col) ? json_null() : iso(db_col_int(st, col));
}

/* ---- redaction ----------------------------------------------------------- */

struct sbuf {
	char *s;
	size_t n, cap;
};

static void sb_add(struct sbuf *b, const char *p, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->n, p, n);
	b->n += n;
	b->s[b->n] = '\0';
}

/* A byte that belongs to a word: an ASCII letter or digit, or any byte of a
 * multi-byte UTF-8 character (Vietnamese letters). */
static int wordb(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

/* s with every whole-word occurrence of w replaced; a new string. */
static char *replace_word(const char *s, const char *w, size_t wn)
{
	struct sbuf b = {0};
	sb_add(&b, "", 0);
	const char *p = s;
	for (;;) {
		const char *hit = wn ? strstr(p, w) : NULL;
		while (hit && ((hit > s && wordb((unsigned char)hit[-1])) ||
			       wordb((unsigned char)hit[wn])))
			hit = strstr(hit + 1, w);
		if (!hit) {
			sb_add(&b, p, strlen(p));
			return b.s;
		}
		sb_add(&b, p, (size_t)(hit - p));
		sb_add(&b, RECOG_REDACTED, strlen(RECOG_REDACTED));
		p = hit + wn;
	}
}

static int email_local(unsigned char c)
{
	return isalnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

static int email_domain(unsigned char c)
{
	return isalnum(c) || c == '.' || c == '-';
}

/* E-mail addresses and runs of 8 or more digits out of s; a new string. */
static char *redact_patterns(const char *s)
{
	struct sbuf b = {0};
	sb_add(&b, "", 0);
	size_t n = strlen(s), i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c == '@') {
			/* the local part is already copied: take it back */
			size_t l = b.n;
			while (l > 0 && email_local((unsigned char)b.s[l - 1]))
				l--;
			size_t r = i + 1, dot = 0;
			while (r < n && email_domain((unsigned char)s[r])) {
				if (s[r] == '.' && r + 1 < n && isalnum((unsigned char)s[r + 1]))
					dot = 1;
				r++;
			}
			while (r > i + 1 && (s[r - 1] == '.' || s[r - 1] == '-'))
				r--;
			if (l < b.n && dot) {
				b.n = l;
				b.s[b.n] = '\0';
				sb_add(&b, RECOG_REDACTED, strlen(RECOG_REDACTED));
				i = r;
				continue;
			}
		}
		if (isdigit(c) || (c == '+' && i + 1 < n && isdigit((unsigned char)s[i + 1]))) {
			size_t j = i + (c == '+'), digits = 0, end = j;
			while (j < n) {
				if (isdigit((unsigned char)s[j])) {
					digits++;
					end = ++j;
				} else if ((s[j] == ' ' || s[j] == '.' || s[j] == '-') &&
					   j + 1 < n && isdigit((unsigned char)s[j + 1])) {
					j++;
				} else {
					break;
				}
			}
			if (digits >= 8) {
				sb_add(&b, RECOG_REDACTED, strlen(RECOG_REDACTED));
				i = end;
				continue;
			}
			sb_add(&b, s + i, end - i);
			i = end;
			continue;
		}
		sb_add(&b, s + i, 1);
		i++;
	}
	return b.s;
}

/* A word's folded key (a new string; "" when it cannot be folded). */
static char *fold_word(const char *s, size_t n)
{
	char *out = NULL;
	size_t len;
	if (fold_text_dup(s, n, n * 4 + 16, &out, &len) != UTF8_OK || !out) {
		free(out);
		return xstrdup("");
	}
	return out;
}

#define REDACT_WORDS_MAX 8 /* words of a name matched loosely */

/* s with every run of words that folds to the name's words (the name in
 * other letter case or without its diacritics: "TRẦN THỊ BÍCH NGỌC", "tran
 * thi bich ngoc") replaced; a new string. */
static char *replace_folded(const char *s, const char *name)
{
	char *nw[REDACT_WORDS_MAX];
	size_t k = 0;
	for (const char *p = name; *p && k < REDACT_WORDS_MAX;) {
		while (*p && !wordb((unsigned char)*p))
			p++;
		const char *b = p;
		while (*p && wordb((unsigned char)*p))
			p++;
		if (p > b)
			nw[k++] = fold_word(b, (size_t)(p - b));
	}
	struct sbuf out = {0};
	sb_add(&out, "", 0);
	size_t n = strlen(s), i = 0;
	while (i < n) {
		if (!wordb((unsigned char)s[i]) || (i > 0 && wordb((unsigned char)s[i - 1])) ||
		    k < 2) {
			sb_add(&out, s + i, 1);
			i++;
			continue;
		}
		/* try the name's k words from here */
		size_t j = i, end = i, m = 0;
		while (m < k) {
			size_t b = j;
			while (j < n && wordb((unsigned char)s[j]))
				j++;
			char *f = fold_word(s + b, j - b);
			int same = j > b && strcmp(f, nw[m]) == 0;
			free(f);
			if (!same)
				break;
			end = j;
			m++;
			if (m < k) { /* spaces between the words */
				while (j < n && s[j] == ' ')
					j++;
				if (j == end)
					break;
			}
		}
		if (m == k) {
			sb_add(&out, RECOG_REDACTED, strlen(RECOG_REDACTED));
			i = end;
		} else {
			sb_add(&out, s + i, 1);
			i++;
		}
	}
	for (size_t m = 0; m < k; m++)
		free(nw[m]);
	return out.s;
}

char *recognition_redact(const char *text, const char *const *names, size_t nnames)
{
	char *cur = xstrdup(text ? text : "");
	for (size_t k = 0; k < nnames; k++) {
		const char *name = names[k];
		if (!given(name))
			continue;
		char *next = replace_word(cur, name, strlen(name));
		free(cur);
		cur = next;
		next = replace_folded(cur, name);
		free(cur);
		cur = next;
		/* the given name alone: the last word, if the name has several */
		const char *last = strrchr(name, ' ');
		if (last && strlen(last + 1) >= 2) {
			next = replace_word(cur, last + 1, strlen(last + 1));
			free(cur);
			cur = next;
		}
	}
	char *out = redact_patterns(cur);
	free(cur);
	return out;
}

int recognition_actor(struct db *db, const char *username, struct actor *out)
{
	long long agency;
	memset(out, 0, sizeof *out);
	if (!recstore_staff(db, username, &out->staff_id, &out->unit_id, &agency))
		return -1;
	struct db_stmt *st = recstore_roles(db, out->staff_id);
	while (db_step(st) == DB_ROW)
		out->roles |= role_parse(db_col_text(st, 0));
	db_done(st);
	out->name = username;
	return 0;
}

/* ---- the nomination as the rules see it ---------------------------------- */

struct rec {
	long long id, agency, staff, unit, nominated_by, year;
	char kind[16], status[16];
};

static int load(struct db *db, long long id, struct rec *r)
{
	struct db_stmt *st = recstore_get(db, id);
	if (!st)
		return 0;
	r->id = id;
	r->agency = db_col_int(st, RG_AGENCY);
	r->staff = db_col_null(st, RG_STAFF) ? 0 : db_col_int(st, RG_STAFF);
	r->unit = db_col_null(st, RG_UNIT) ? 0 : db_col_int(st, RG_UNIT);
	r->nominated_by = db_col_int(st, RG_NOMINATOR);
	r->year = db_col_int(st, RG_YEAR);
	snprintf(r->kind, sizeof r->kind, "%s", db_col_text(st, RG_KIND));
	snprintf(r->status, sizeof r->status, "%s", db_col_text(st, RG_STATUS));
	db_done(st);
	return 1;
}

static int not_found(struct problem *p)
{
	return problem_set(p, ERR_NOT_FOUND, "recognition_not_found", "",
			   "Không có đề nghị khen thưởng này.", "There is no such nomination.");
}

static int forbidden(struct problem *p, const char *vi, const char *en)
{
	return problem_set(p, ERR_FORBIDDEN, "recognition_forbidden", "", vi, en);
}

static int live(const struct rec *r)
{
	return strcmp(r->status, "nominated") == 0 || strcmp(r->status, "endorsed") == 0;
}

/* The head of the nominee's unit. */
static int unit_head(const struct actor *who, const struct rec *r)
{
	return (who->roles & ROLE_HEAD) && r->unit && who->unit_id == r->unit;
}

/*
 * May `who` (of agency `agency`) take `action` on r? 0, or ERR_FORBIDDEN /
 * ERR_CONFLICT with p filled (p may be NULL: the answer only).
 */
static int may(const struct actor *who, long long agency, const struct rec *r, const char *action,
	       struct problem *p)
{
	struct problem scratch = {0};
	if (!p)
		p = &scratch;
	int leader = (who->roles & ROLE_LEADER) != 0;
	if (r->agency != agency || !(who->roles & ROLE_DOSSIER))
		return forbidden(p, "Chỉ cán bộ của cơ quan mới thao tác trên đề nghị này.",
				 "Only the agency's officers may act on this nomination.");
	if (r->staff && r->staff == who->staff_id)
		return forbidden(p, "Không ai tự xét khen thưởng cho chính mình.",
				 "Nobody acts on a nomination of themselves.");
	int allowed, state;
	if (strcmp(action, "endorse") == 0) {
		allowed = leader || unit_head(who, r);
		state = strcmp(r->status, "nominated") == 0;
	} else if (strcmp(action, "recognise") == 0) {
		allowed = leader;
		state = strcmp(r->status, "endorsed") == 0;
	} else if (strcmp(action, "decline") == 0) {
		allowed = leader;
		state = live(r);
	} else if (strcmp(action, "withdraw") == 0) {
		allowed = leader || who->staff_id == r->nominated_by;
		state = live(r);
	} else { /* attach, detach */
		allowed = leader || unit_head(who, r);
		state = live(r);
	}
	if (!allowed)
		return forbidden(
			p,
			strcmp(action, "endorse") == 0
				? "Chỉ trưởng đơn vị của người được đề nghị hoặc lãnh đạo mới xác "
				  "nhận đề nghị."
			: strcmp(action, "withdraw") == 0
				? "Chỉ người đề nghị hoặc lãnh đạo mới rút đề nghị."
			: strcmp(action, "attach") == 0 || strcmp(action, "detach") == 0
				? "Chỉ trưởng đơn vị hoặc lãnh đạo mới gắn hoặc gỡ lời khen của "
				  "người dân."
				: "Chỉ lãnh đạo mới công nhận hoặc không công nhận.",
			strcmp(action, "endorse") == 0
				? "Only the head of the nominee's unit or a leader endorses."
			: strcmp(action, "withdraw") == 0
				? "Only the nominator or a leader withdraws a nomination."
			: strcmp(action, "attach") == 0 || strcmp(action, "detach") == 0
				? "Only a head of unit or a leader attaches or removes a citizen's "
				  "praise."
				: "Only a leader recognises or declines.");
	if (!state)
		return problem_set(p, ERR_CONFLICT, "recognition_state", "",
				   "Đề nghị đang ở trạng thái không cho phép thao tác này.",
				   "The nomination's state does not allow this action.");
	return 0;
}

/* The figures the system measured for the official in `year` (from its
 * first day to `now`, or to its end for a past year: performance.h), as
 * JSON text (a new string), or NULL when none can be had (no process: the
 * demo loader; the year not begun). */
static char *measured(struct db *db, const struct app *a, int64_t now, long long staff_id,
		      long long year)
{
	if (!a)
		return NULL;
	int64_t from = vn_instant((int)year, 1, 1, 0, 0, 0);
	int64_t to = vn_instant((int)year + 1, 1, 1, 0, 0, 0);
	if (now < to)
		to = now;
	if (to <= from)
		return NULL;
	struct officer_figures f;
	struct problem p = {0};
	if (performance_officer(db, a, staff_id, from, to, &f, &p) != 0)
		return NULL;
	json_t *o = performance_figures_json(&f);
	char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	return text;
}

static int audit_change(struct db *db, const struct actor *who, int64_t now, const char *action,
			long long id, json_t *before, json_t *after)
{
	char ids[24], act[48];
	snprintf(ids, sizeof ids, "%lld", id);
	snprintf(act, sizeof act, "recognition.%s", action);
	int rc = audit_write(db, who, now, act, "recognition", ids, before, after);
	json_decref(before);
	json_decref(after);
	return rc;
}

/* ---- praises -------------------------------------------------------------- */

static int praise_field(struct problem *p, const char *field, const char *vi, const char *en)
{
	return problem_field(p, field, vi, en);
}

/* Attach one praise to r (checked; history and audit). `fs`/`fi`/`ft`: the
 * names of the fields of the source, its id and the excerpt, for errors. */
static int attach(struct db *db, const struct actor *who, int64_t now, const struct rec *r,
		  const struct recog_praise_in *in, const char *fs, const char *fi, const char *ft,
		  struct problem *p)
{
	int eval = in->source && strcmp(in->source, "evaluation") == 0;
	if (!eval && !(in->source && strcmp(in->source, "petition") == 0))
		return praise_field(p, fs, "Nguồn của lời khen là evaluation hoặc petition.",
				    "A praise's source is evaluation or petition.");
	if (in->id <= 0)
		return praise_field(p, fi, "Chọn đánh giá hoặc phản ánh chứa lời khen.",
				    "Choose the evaluation or petition that holds the praise.");
	struct db_stmt *st =
		eval ? recstore_eval_source(db, in->id) : recstore_petition_source(db, in->id);
	if (!st || db_col_int(st, RS_AGENCY) != r->agency) {
		if (st)
			db_done(st);
		return praise_field(p, fi,
				    eval ? "Không có đánh giá này trong cơ quan."
					 : "Không có phản ánh, kiến nghị này trong cơ quan.",
				    eval ? "There is no such evaluation in the agency."
					 : "There is no such petition in the agency.");
	}
	int ok = (int)db_col_int(st, RS_OK);
	long long about = db_col_null(st, RS_STAFF) ? 0 : db_col_int(st, RS_STAFF);
	char *text = xstrdup(db_col_text(st, RS_TEXT));
	char *name = xstrdup(db_col_text(st, RS_NAME));
	db_done(st);
	int rc = 0;
	if (!ok)
		rc = praise_field(
			p, fi,
			eval ? "Đánh giá \"không hài lòng\" không phải lời khen."
			     : "Đơn tố cáo không được dùng làm minh chứng (danh tính người "
			       "tố cáo được giữ bí mật).",
			eval ? "A \"not satisfied\" evaluation is not a praise."
			     : "A denunciation cannot be evidence (the denouncer's identity "
			       "is confidential).");
	else if (!given(text))
		rc = praise_field(p, fi, "Đánh giá này không có lời nhận xét.",
				  "This evaluation has no comment.");
	else if (eval && strcmp(r->kind, "official") == 0 && about != r->staff)
		rc = praise_field(p, fi, "Đánh giá này không phải về cán bộ được đề nghị.",
				  "This evaluation is not about the nominated official.");
	else if (given(in->text) && chars(in->text) > RECOG_PRAISE_CHARS)
		rc = praise_field(p, ft, "Đoạn trích tối đa 1000 ký tự.",
				  "The excerpt is at most 1000 characters.");
	else if (!given(in->text) && chars(text) > RECOG_PRAISE_CHARS)
		rc = praise_field(p, ft, "Lời khen dài hơn 1000 ký tự: hãy trích đoạn cần công bố.",
				  "The praise is longer than 1000 characters: give the excerpt to "
				  "publish.");
	else if (recstore_praise_exists(db, r->id, in->source, in->id))
		rc = problem_set(p, ERR_CONFLICT, "praise_exists", fi,
				 "Lời khen này đã được gắn vào đề nghị.",
				 "This praise is already attached to the nomination.");
	else if (recstore_praise_count(db, r->id) >= RECOG_PRAISES_MAX)
		rc = praise_field(p, fi, "Tối đa 10 lời khen cho một đề nghị.",
				  "At most 10 praises per nomination.");
	if (rc) {
		free(text);
		free(name);
		return rc;
	}
	const char *names[] = {name};
	char *pub = recognition_redact(given(in->text) ? in->text : text, names, 1);
	long long pid;
	rc = recstore_praise_insert(db, r->id, in->source, in->id, text, pub, who->staff_id, now,
				    &pid);
	free(text);
	free(name);
	free(pub);
	if (rc || recstore_event(db, r->id, "attach", who->staff_id, "", now))
		return problem_kind(p, ERR_INTERNAL);
	if (audit_change(db, who, now, "attach", r->id, NULL,
			 json_pack("{s:I,s:s,s:I}", "praise", (json_int_t)pid, "source", in->source,
				   "source_id", (json_int_t)in->id)))
		return problem_kind(p, ERR_INTERNAL);
	return 0;
}

/* ---- create ----------------------------------------------------------------- */

static int privileged(const struct actor *who)
{
	return (who->roles & (ROLE_HEAD | ROLE_LEADER | ROLE_PROVINCE)) != 0;
}

int recognition_create(struct db *db, const struct app *a, const struct actor *who, int64_t now,
		       const struct recog_in *in, struct problem *p, json_t **out)
{
	*out = NULL;
	long long agency = recstore_viewer_agency(db, who->staff_id);
	if (!agency || !(who->roles & ROLE_DOSSIER))
		return forbidden(p, "Chỉ cán bộ của cơ quan mới đề nghị khen thưởng.",
				 "Only the agency's officers nominate.");
	struct recstore_row row = {
		.agency = agency, .nominated_by = who->staff_id, .reasons = in->reasons};
	int official = in->kind && strcmp(in->kind, "official") == 0;
	if (!official && !(in->kind && strcmp(in->kind, "practice") == 0))
		return problem_field(p, "kind",
				     "Chọn loại: cán bộ (official) hoặc mô hình (practice).",
				     "Choose the kind: official or practice.");
	row.kind = official ? "official" : "practice";
	int year_now = vn_civil_of(now).y;
	row.year = in->year ? in->year : year_now;
	if (row.year > year_now || row.year < year_now - RECOG_YEARS_BACK)
		return problem_field(p, "year", "Năm đề nghị là năm nay hoặc 5 năm trước đó.",
				     "The year is this year or one of the 5 before.");
	if (official) {
		long long sagency;
		if (!given(in->username))
			return problem_field(p, "username", "Chọn cán bộ được đề nghị.",
					     "Choose the official to nominate.");
		if (!recstore_staff(db, in->username, &row.staff, &row.unit, &sagency) ||
		    sagency != agency)
			return problem_field(
				p, "username",
				"Không có cán bộ đang công tác với tên đăng nhập này trong "
				"cơ quan.",
				"There is no serving official with this username in the "
				"agency.");
		if (row.staff == who->staff_id)
			return problem_field(p, "username",
					     "Không tự đề nghị khen thưởng cho mình.",
					     "You cannot nominate yourself.");
		if (recstore_live_exists(db, row.staff, row.year))
			return problem_set(
				p, ERR_CONFLICT, "recognition_exists", "username",
				"Cán bộ này đã có đề nghị hoặc đã được công nhận trong năm.",
				"This official already has a nomination or a recognition "
				"for the year.");
	} else {
		if (!given(in->title))
			return problem_field(p, "title", "Nhập tên mô hình, cách làm hay.",
					     "Enter the good practice's title.");
		if (chars(in->title) > RECOG_TITLE_CHARS)
			return problem_field(p, "title", "Tên mô hình tối đa 300 ký tự.",
					     "The title is at most 300 characters.");
		row.title = in->title;
		if (!given(in->unit) || !(row.unit = recstore_unit(db, agency, in->unit)))
			return problem_field(p, "unit", "Chọn đơn vị thực hiện mô hình.",
					     "Choose the unit that runs the practice.");
	}
	if (!given(in->reasons))
		return problem_field(p, "reasons", "Nêu thành tích, lý do đề nghị.",
				     "Give the reasons for the nomination.");
	if (chars(in->reasons) > RECOG_REASONS_CHARS)
		return problem_field(p, "reasons", "Lý do tối đa 4000 ký tự.",
				     "The reasons are at most 4000 characters.");
	if (in->npraises > 0 && !(who->roles & (ROLE_HEAD | ROLE_LEADER)))
		return problem_set(
			p, ERR_FORBIDDEN, "recognition_forbidden", "praises",
			"Chỉ trưởng đơn vị hoặc lãnh đạo mới gắn lời khen của người dân.",
			"Only a head of unit or a leader attaches a citizen's praise.");
	char *figures = official ? measured(db, a, now, row.staff, row.year) : NULL;
	row.figures = figures;
	long long id;
	int rc = recstore_insert(db, &row, now, &id);
	free(figures);
	if (rc || recstore_event(db, id, "nominate", who->staff_id, "", now))
		return problem_kind(p, ERR_INTERNAL);
	json_t *after = json_pack("{s:s,s:I,s:s}", "kind", row.kind, "year", (json_int_t)row.year,
				  "status", "nominated");
	json_object_set_new(after, official ? "staff_id" : "unit_id",
			    json_integer(official ? row.staff : row.unit));
	if (audit_change(db, who, now, "nominate", id, NULL, after))
		return problem_kind(p, ERR_INTERNAL);
	struct rec r;
	if (!load(db, id, &r))
		return problem_kind(p, ERR_INTERNAL);
	for (int i = 0; i < in->npraises; i++) {
		char fs[40], fi[40], ft[40];
		snprintf(fs, sizeof fs, "praises[%d].source", i);
		snprintf(fi, sizeof fi, "praises[%d].id", i);
		snprintf(ft, sizeof ft, "praises[%d].text", i);
		if ((rc = attach(db, who, now, &r, &in->praises[i], fs, fi, ft, p)) != 0)
			return rc;
	}
	return recognition_get(db, who, id, p, out);
}

/* ---- reads ------------------------------------------------------------------ */

static json_t *person(struct db_stmt *st)
{
	if (strcmp(db_col_text(st, RG_KIND), "official") != 0)
		return json_null();
	return json_pack("{s:s,s:s,s:s,s:s}", "username", db_col_text(st, RG_USERNAME), "full_name",
			 db_col_text(st, RG_FULL_NAME), "title", db_col_text(st, RG_JOB_TITLE),
			 "unit", db_col_text(st, RG_UNIT_NAME));
}

static json_t *practice(struct db_stmt *st)
{
	if (strcmp(db_col_text(st, RG_KIND), "practice") != 0)
		return json_null();
	return json_pack("{s:s,s:s}", "title", db_col_text(st, RG_TITLE), "unit",
			 db_col_text(st, RG_UNIT_NAME));
}

static json_t *figures_of(struct db_stmt *st)
{
	if (db_col_null(st, RG_FIGURES))
		return json_null();
	json_t *f = json_loads(db_col_text(st, RG_FIGURES), 0, NULL);
	return f ? f : json_null();
}

/* The list's item (no reasons, events, praises). */
static json_t *summary(struct db_stmt *st)
{
	return json_pack(
		"{s:I,s:s,s:I,s:s,s:{s:s,s:s},s:o,s:o,s:{s:s,s:s},s:o,s:o,s:o,s:I}", "id",
		(json_int_t)db_col_int(st, RG_ID), "kind", db_col_text(st, RG_KIND), "year",
		(json_int_t)db_col_int(st, RG_YEAR), "status", db_col_text(st, RG_STATUS), "agency",
		"code", db_col_text(st, RG_AGENCY_CODE), "name", db_col_text(st, RG_AGENCY_NAME),
		"official", person(st), "practice", practice(st), "nominated_by", "username",
		db_col_text(st, RG_NOM_USERNAME), "full_name", db_col_text(st, RG_NOM_FULL_NAME),
		"created_at", iso(db_col_int(st, RG_CREATED_AT)), "updated_at",
		iso(db_col_int(st, RG_UPDATED_AT)), "recognised_at",
		iso_or_null(st, RG_RECOGNISED_AT), "praises",
		(json_int_t)db_col_int(st, RG_PRAISES));
}

/* The viewer's agency, or 0 for the province (every agency). */
static long long scope(struct db *db, const struct actor *viewer)
{
	return (viewer->roles & ROLE_PROVINCE) ? 0 : recstore_viewer_agency(db, viewer->staff_id);
}

int recognition_get(struct db *db, const struct actor *viewer, long long id, struct problem *p,
		    json_t **out)
{
	*out = NULL;
	long long agency = scope(db, viewer);
	struct rec r;
	if (!load(db, id, &r) || (agency && r.agency != agency))
		return not_found(p);
	struct db_stmt *st = recstore_get(db, id);
	if (!st)
		return not_found(p);
	json_t *o = summary(st);
	json_object_set_new(o, "reasons", json_string(db_col_text(st, RG_REASONS)));
	/* the figures as the performance domain lets the viewer read them */
	struct problem fp = {0};
	json_object_set_new(o, "figures",
			    r.staff && performance_may_read(db, viewer, r.staff, &fp) != 0
				    ? json_null()
				    : figures_of(st));
	db_done(st);
	json_t *events = json_array();
	st = recstore_events(db, id);
	int s;
	while ((s = db_step(st)) == DB_ROW)
		json_array_append_new(events, json_pack("{s:s,s:{s:s,s:s},s:s,s:o}", "action",
							db_col_text(st, RE_ACTION), "by",
							"username", db_col_text(st, RE_USERNAME),
							"full_name", db_col_text(st, RE_FULL_NAME),
							"comment", db_col_text(st, RE_COMMENT),
							"at", iso(db_col_int(st, RE_AT))));
	db_done(st);
	json_t *praises = json_array();
	int priv = privileged(viewer);
	int se = s;
	st = recstore_praises(db, id);
	while ((s = db_step(st)) == DB_ROW) {
		json_t *one = json_pack("{s:I,s:s}", "id", (json_int_t)db_col_int(st, RP_ID),
					"public_text", db_col_text(st, RP_PUBLIC_TEXT));
		if (priv) {
			json_object_set_new(one, "source",
					    json_pack("{s:s,s:I,s:s}", "kind",
						      db_col_text(st, RP_SOURCE), "id",
						      (json_int_t)db_col_int(st, RP_SOURCE_ID),
						      "code", db_col_text(st, RP_CODE)));
			json_object_set_new(one, "text", json_string(db_col_text(st, RP_TEXT)));
		}
		json_array_append_new(praises, one);
	}
	db_done(st);
	if (s != DB_DONE || se != DB_DONE) {
		json_decref(o);
		json_decref(events);
		json_decref(praises);
		return problem_kind(p, ERR_INTERNAL);
	}
	json_object_set_new(o, "events", events);
	json_object_set_new(o, "praises", praises);
	static const char *const actions[] = {"endorse",  "recognise", "decline",
					      "withdraw", "attach",    "detach"};
	json_t *mayj = json_array();
	long long own = recstore_viewer_agency(db, viewer->staff_id);
	for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
		if (may(viewer, own, &r, actions[i], NULL) == 0)
			json_array_append_new(mayj, json_string(actions[i]));
	json_object_set_new(o, "may", mayj);
	*out = o;
	return 0;
}

static int status_ok(const char *s)
{
	static const char *const all[] = {"nominated", "endorsed", "recognised", "declined",
					  "withdrawn"};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		if (strcmp(s, all[i]) == 0)
			return 1;
	return 0;
}

int recognition_list(struct db *db, const struct actor *viewer, const char *status, long long year,
		     struct problem *p, json_t **out)
{
	*out = NULL;
	if (given(status) && !status_ok(status))
		return problem_set(p, ERR_BAD_REQUEST, "bad_parameter", "status",
				   "Trạng thái không hợp lệ.", "Unknown status.");
	json_t *items = json_array();
	struct db_stmt *st = recstore_list(db, scope(db, viewer), status, year, RECOG_LIST_MAX);
	int s;
	while ((s = db_step(st)) == DB_ROW)
		json_array_append_new(items, summary(st));
	db_done(st);
	if (s != DB_DONE) {
		json_decref(items);
		return problem_kind(p, ERR_INTERNAL);
	}
	*out = json_pack("{s:o}", "items", items);
	return *out ? 0 : problem_kind(p, ERR_INTERNAL);
}

int recognition_praise_candidates(struct db *db, const struct actor *viewer, const char *username,
				  struct problem *p, json_t **out)
{
	*out = NULL;
	long long agency = recstore_viewer_agency(db, viewer->staff_id), staff = 0, unit, sag;
	if (given(username) &&
	    (!recstore_staff(db, username, &staff, &unit, &sag) || sag != agency))
		return problem_set(p, ERR_BAD_REQUEST, "bad_parameter", "username",
				   "Không có cán bộ này trong cơ quan.",
				   "There is no such official in the agency.");
	json_t *items = json_array();
	struct db_stmt *st = recstore_candidates(db, agency, staff, 100);
	int s;
	while ((s = db_step(st)) == DB_ROW) {
		const char *code = db_col_text(st, RC_CODE), *u = db_col_text(st, RC_USERNAME);
		json_array_append_new(items, json_pack("{s:s,s:I,s:o,s:o,s:s,s:o}", "source",
						       db_col_text(st, RC_SOURCE), "id",
						       (json_int_t)db_col_int(st, RC_ID), "code",
						       code[0] ? json_string(code) : json_null(),
						       "at", iso(db_col_int(st, RC_AT)), "text",
						       db_col_text(st, RC_TEXT), "official",
						       u[0] ? json_string(u) : json_null()));
	}
	db_done(st);
	if (s != DB_DONE) {
		json_decref(items);
		return problem_kind(p, ERR_INTERNAL);
	}
	*out = json_pack("{s:o}", "items", items);
	return *out ? 0 : problem_kind(p, ERR_INTERNAL);
}

/* ---- actions ---------------------------------------------------------------- */

int recognition_act(struct db *db, const struct app *a, const struct actor *who, int64_t now,
		    long long id, const struct recog_action *ra, struct problem *p, json_t **out)
{
	*out = NULL;
	long long agency = recstore_viewer_agency(db, who->staff_id);
	struct rec r;
	if (!load(db, id, &r) || r.agency != agency)
		return not_found(p);
	static const char *const known[] = {"endorse",  "recognise", "decline",
					    "withdraw", "attach",    "detach"};
	const char *act = NULL;
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (ra->action && strcmp(ra->action, known[i]) == 0)
			act = known[i];
	if (!act)
		return problem_field(
			p, "action",
			"Thao tác là endorse, recognise, decline, withdraw, attach hoặc "
			"detach.",
			"The action is endorse, recognise, decline, withdraw, attach or "
			"detach.");
	int rc = may(who, agency, &r, act, p);
	if (rc)
		return rc;
	if (given(ra->comment) && chars(ra->comment) > RECOG_COMMENT_CHARS)
		return problem_field(p, "comment", "Ý kiến tối đa 2000 ký tự.",
				     "The comment is at most 2000 characters.");
	if (strcmp(act, "attach") == 0) {
		if ((rc = attach(db, who, now, &r, &ra->praise, "source", "source_id", "text", p)))
			return rc;
		return recognition_get(db, who, id, p, out);
	}
	if (strcmp(act, "detach") == 0) {
		int d = recstore_praise_delete(db, id, ra->praise_id);
		if (d < 0)
			return problem_kind(p, ERR_INTERNAL);
		if (d == 0)
			return problem_field(p, "praise_id", "Không có lời khen này trong đề nghị.",
					     "There is no such praise on the nomination.");
		if (recstore_event(db, id, "detach", who->staff_id, ra->comment, now) ||
		    audit_change(db, who, now, "detach", id, NULL,
				 json_pack("{s:I}", "praise", (json_int_t)ra->praise_id)))
			return problem_kind(p, ERR_INTERNAL);
		return recognition_get(db, who, id, p, out);
	}
	if (strcmp(act, "decline") == 0 && !given(ra->comment))
		return problem_field(p, "comment", "Nêu lý do không công nhận.",
				     "Give the reason for declining.");
	const char *next = strcmp(act, "endorse") == 0     ? "endorsed"
			   : strcmp(act, "recognise") == 0 ? "recognised"
			   : strcmp(act, "decline") == 0   ? "declined"
							   : "withdrawn";
	/* the figures as they are when recognised */
	char *figures = strcmp(act, "recognise") == 0 && r.staff
				? measured(db, a, now, r.staff, r.year)
				: NULL;
	rc = recstore_set_status(db, id, next, figures, now);
	free(figures);
	if (rc || recstore_event(db, id, act, who->staff_id, ra->comment, now) ||
	    audit_change(db, who, now, act, id, json_pack("{s:s}", "status", r.status),
			 json_pack("{s:s}", "status", next)))
		return problem_kind(p, ERR_INTERNAL);
	return recognition_get(db, who, id, p, out);
}

/* ---- public ------------------------------------------------------------------ */

int recognition_public(struct db *db, const char *agency_code, long long year, struct problem *p,
		       json_t **out)
{
	*out = NULL;
	long long agency = 0;
	if (given(agency_code) && !(agency = recstore_agency(db, agency_code)))
		return problem_set(p, ERR_NOT_FOUND, "agency_not_found", "agency",
				   "Không có cơ quan với mã này.",
				   "There is no agency with this code.");
	json_t *items = json_array();
	struct db_stmt *st = recstore_public(db, agency, year, RECOG_LIST_MAX);
	int s;
	while ((s = db_step(st)) == DB_ROW) {
		int official = strcmp(db_col_text(st, RG_KIND), "official") == 0;
		json_t *who =
			official ? json_pack("{s:s,s:s,s:s}", "name", db_col_text(st, RG_FULL_NAME),
					     "title", db_col_text(st, RG_JOB_TITLE), "unit",
					     db_col_text(st, RG_UNIT_NAME))
				 : json_null();
		json_array_append_new(items,
				      json_pack("{s:I,s:s,s:I,s:{s:s,s:s},s:o,s:o,s:s,s:o,s:o}",
						"id", (json_int_t)db_col_int(st, RG_ID), "kind",
						db_col_text(st, RG_KIND), "year",
						(json_int_t)db_col_int(st, RG_YEAR), "agency",
						"code", db_col_text(st, RG_AGENCY_CODE), "name",
						db_col_text(st, RG_AGENCY_NAME), "official", who,
						"practice", official ? json_null() : practice(st),
						"reasons", db_col_text(st, RG_REASONS), "praises",
						json_array(), "recognised_at",
						iso_or_null(st, RG_RECOGNISED_AT)));
	}
	db_done(st);
	if (s != DB_DONE) {
		json_decref(items);
		return problem_kind(p, ERR_INTERNAL);
	}
	/* the praises' public texts, after the list's statement is done */
	size_t i;
	json_t *it;
	json_array_foreach (items, i, it) {
		json_t *pr = json_object_get(it, "praises");
		st = recstore_praises(db, (long long)json_integer_value(json_object_get(it, "id")));
		while ((s = db_step(st)) == DB_ROW)
			json_array_append_new(pr, json_string(db_col_text(st, RP_PUBLIC_TEXT)));
		db_done(st);
		if (s != DB_DONE) {
			json_decref(items);
			return problem_kind(p, ERR_INTERNAL);
		}
	}
	*out = json_pack("{s:o}", "items", items);
	return *out ? 0 : problem_kind(p, ERR_INTERNAL);
}
