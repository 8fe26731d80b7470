/*
 * forms_page.c — what every printed paper shares (see forms.h): the HTML
 * frame (print.css sheets, the toolbar with the "In" button that
 * web/js/print-page.js wires), the national heading, signature blocks,
 * dotted fill-in lines, Vietnamese dates ("09 giờ 00 phút, ngày
 * 02/03/2026", "ngày 02 tháng 3 năm 2026") and words. (The issuing body
 * comes from papers_issuer, papers_service.c.)
 *
 * Invariant: data reaches a page only through pg_text()/pg_lines()/
 * pg_fill*()/pg_head()/pg_sign(), which escape it with html_esc(); pg_raw()
 * is for markup literals. Strings returned by the label/word helpers are
 * static or live in the request arena.
 *
 * Threading: pure helpers; run on the HTTP worker thread of the request.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/papers/forms.h"
#include "core/html.h"
#include "core/vntime.h"

void pg_raw(struct page *pg, const char *markup)
{
	pg->rc |= buf_puts(&pg->b, markup);
}

void pg_text(struct page *pg, const char *text)
{
	pg->rc |= html_esc(&pg->b, text);
}

void pg_lines(struct page *pg, const char *text)
{
	if (!text)
		return;
	const char *p = text;
	for (;;) {
		const char *nl = strchr(p, '\n');
		pg->rc |= html_escn(&pg->b, p, nl ? (size_t)(nl - p) : strlen(p));
		if (!nl)
			break;
		pg_raw(pg, "<br>");
		p = nl + 1;
	}
}

void pg_begin(struct page *pg, const char *title, int landscape)
{
	buf_init(&pg->b, PAGE_MAX);
	pg->rc = 0;
	pg_raw(pg, "<!doctype html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
		   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		   "<meta name=\"robots\" content=\"noindex, nofollow\">\n<title>");
	pg_text(pg, title);
	pg_raw(pg,
	       "</title>\n<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">\n"
	       "<link rel=\"preload\" href=\"/fonts/MotcuaSerif-Regular.woff2\" as=\"font\""
	       " type=\"font/woff2\" crossorigin>\n"
	       "<link rel=\"preload\" href=\"/fonts/MotcuaSerif-Bold.woff2\" as=\"font\""
	       " type=\"font/woff2\" crossorigin>\n"
	       "<link rel=\"stylesheet\" href=\"/css/app.css\">\n"
	       "<link rel=\"stylesheet\" href=\"/css/print.css\">\n"
	       "<script type=\"module\" src=\"/js/print-page.js\"></script>\n</head>\n"
	       "<body class=\"print-page\">\n"
	       "<a class=\"skip-link\" href=\"#main\" data-i18n=\"a11y.skip\">Bỏ qua, đến nội dung"
	       " chính</a>\n<main id=\"main\" tabindex=\"-1\">\n"
	       "<div class=\"print-toolbar no-print\">\n"
	       "<button type=\"button\" class=\"btn js-only\" data-action=\"print\">"
	       "<svg class=\"btn__icon\" aria-hidden=\"true\" focusable=\"false\">"
	       "<use href=\"/img/icons.svg#printer\"></use></svg> "
	       "<span data-i18n=\"print.button\">In</span></button>\n"
	       "<a class=\"btn btn--secondary js-only\" href=\"/staff/\" data-action=\"back\""
	       " data-i18n=\"print.back\">Quay lại</a>\n");
	pg_raw(pg, landscape ? "<p class=\"small mb-0\" data-i18n=\"print.hint_landscape\">Giấy A4"
			       " khổ ngang. Khi in, giữ lề mặc định và bỏ chọn “Đầu trang và"
			       " chân trang”.</p>\n"
			     : "<p class=\"small mb-0\" data-i18n=\"print.hint_portrait\">Giấy A4"
			       " khổ dọc. Khi in, giữ lề mặc định và bỏ chọn “Đầu trang và"
			       " chân trang”.</p>\n");
	pg_raw(pg, "</div>\n<div class=\"paper-scroll\">\n");
}

void pg_end(struct page *pg)
{
	pg_raw(pg, "</div>\n</main>\n</body>\n</html>\n");
}

void pg_fill(struct page *pg, const char *label, const char *value)
{
	pg_raw(pg, "<p class=\"doc-fill\"><span class=\"doc-fill__label\">");
	pg_text(pg, label);
	pg_raw(pg, "</span><span class=\"doc-fill__value\">");
	pg_text(pg, value);
	pg_raw(pg, "</span></p>\n");
}

void pg_fill2(struct page *pg, const char *l1, const char *v1, const char *l2, const char *v2)
{
	pg_raw(pg, "<p class=\"doc-fill\"><span class=\"doc-fill__label\">");
	pg_text(pg, l1);
	pg_raw(pg, "</span><span class=\"doc-fill__value\">");
	pg_text(pg, v1);
	pg_raw(pg, "</span><span class=\"doc-fill__label\">");
	pg_text(pg, l2);
	pg_raw(pg, "</span><span class=\"doc-fill__value\">");
	pg_text(pg, v2);
	pg_raw(pg, "</span></p>\n");
}

void pg_head(struct page *pg, const char *parent, const char *org, const char *number,
	     const char *place_date)
{
	pg_head_form(pg, NULL, parent, org, number, place_date);
}

void pg_head_form(struct page *pg, const char *form_no, const char *parent, const char *org,
		  const char *number, const char *place_date)
{
	pg_raw(pg, "<header class=\"doc-head\">\n<div class=\"doc-head__agency\">\n");
	if (parent && parent[0]) {
		pg_raw(pg, "<p class=\"doc-head__parent\">");
		pg_text(pg, parent);
		pg_raw(pg, "</p>\n");
	}
	pg_raw(pg, "<p class=\"doc-head__org\">");
	pg_text(pg, org);
	pg_raw(pg, "</p>\n");
	if (number && number[0]) {
		pg_raw(pg, "<p class=\"doc-head__number\">Số: ");
		pg_text(pg, number);
		pg_raw(pg, "</p>\n");
	}
	pg_raw(pg, "</div>\n<div class=\"doc-head__nation\">\n");
	if (form_no && form_no[0]) {
		pg_raw(pg, "<p class=\"doc-form-no\">");
		pg_text(pg, form_no);
		pg_raw(pg, "</p>\n");
	}
	pg_raw(pg, "<p class=\"doc-head__country\">Cộng hòa xã hội chủ nghĩa Việt Nam</p>\n"
		   "<p class=\"doc-head__motto\">Độc lập - Tự do - Hạnh phúc</p>\n");
	if (place_date && place_date[0]) {
		pg_raw(pg, "<p class=\"doc-head__place-date\">");
		pg_text(pg, place_date);
		pg_raw(pg, "</p>\n");
	}
	pg_raw(pg, "</div>\n</header>\n");
}

void pg_sign(struct page *pg, const char *title, const char *hint, const char *name)
{
	pg_raw(pg, "<div>");
	if (title && title[0]) {
		pg_raw(pg, "<p class=\"doc-sign__title\">");
		pg_text(pg, title);
		pg_raw(pg, "</p>");
	}
	if (hint && hint[0]) {
		pg_raw(pg, "<p class=\"doc-sign__hint\">");
		pg_text(pg, hint);
		pg_raw(pg, "</p>");
	}
	pg_raw(pg, "<div class=\"doc-sign__space\"></div><p class=\"doc-sign__name\">");
	pg_text(pg, name);
	pg_raw(pg, "</p></div>\n");
}

void pg_sign_for(struct page *pg, json_t *on_behalf, const char *title, const char *hint,
		 const char *name)
{
	pg_raw(pg, "<div>");
	json_t *line;
	size_t i;
	json_array_foreach (on_behalf, i, line) {
		pg_raw(pg, "<p class=\"doc-sign__title\">");
		pg_text(pg, json_string_value(line));
		pg_raw(pg, "</p>");
	}
	if (title && title[0]) {
		pg_raw(pg, "<p class=\"doc-sign__title\">");
		pg_text(pg, title);
		pg_raw(pg, "</p>");
	}
	if (hint && hint[0]) {
		pg_raw(pg, "<p class=\"doc-sign__hint\">");
		pg_text(pg, hint);
		pg_raw(pg, "</p>");
	}
	pg_raw(pg, "<div class=\"doc-sign__space\"></div><p class=\"doc-sign__name\">");
	pg_text(pg, name);
	pg_raw(pg, "</p></div>\n");
}

/* --- words ------------------------------------------------------------- */

const char *vn_words_t(struct arena *a, int64_t t, enum vnf f)
{
	struct vn_civil v = vn_civil_of(t);
	switch (f) {
	case VNF_DATE: return arena_printf(a, "%02d/%02d/%04d", v.d, v.m, v.y);
	case VNF_TIME_WORDS: return arena_printf(a, "%02d giờ %02d phút", v.hh, v.mi);
	case VNF_DATETIME_WORDS:
		return arena_printf(a, "%02d giờ %02d phút, ngày %02d/%02d/%04d", v.hh, v.mi, v.d,
				    v.m, v.y);
	case VNF_OFFICIAL:
		/* Decree 30/2020: days below 10 and months 1 and 2 take a leading 0 */
		if (v.m <= 2)
			return arena_printf(a, "ngày %02d tháng %02d năm %04d", v.d, v.m, v.y);
		return arena_printf(a, "ngày %02d tháng %d năm %04d", v.d, v.m, v.y);
	case VNF_DATETIME_SHORT:
		return arena_printf(a, "%02d:%02d %02d/%02d/%04d", v.hh, v.mi, v.d, v.m, v.y);
	}
	return "";
}

const char *vn_words(struct arena *a, const char *iso, enum vnf f)
{
	int64_t t;
	if (!iso || !iso[0] || vn_parse_instant(iso, strlen(iso), &t) != 0)
		return "";
	return vn_words_t(a, t, f);
}

struct word {
	const char *key, *text;
};

static const char *lookup(const struct word *w, const char *key)
{
	for (; key && w->key; w++)
		if (strcmp(w->key, key) == 0)
			return w->text;
	return "";
}

const char *label_return_method(const char *m)
{
	static const struct word w[] = {{"counter", "Trực tiếp tại Trung tâm"},
					{"post", "Qua dịch vụ bưu chính công ích"},
					{"online", "Trực tuyến (Cổng Dịch vụ công)"},
					{0, 0}};
	return lookup(w, m);
}

const char *label_return_method_short(const char *m)
{
	static const struct word w[] = {
		{"counter", "Trực tiếp"}, {"post", "Bưu chính"}, {"online", "Trực tuyến"}, {0, 0}};
	return lookup(w, m);
}

const char *label_doc_form(const char *f)
{
	static const struct word w[] = {{"original", "Bản chính"},
					{"certified_copy", "Bản sao có chứng thực"},
					{"copy", "Bản sao"},
					{"presented", "Bản chính để đối chiếu"},
					{0, 0}};
	return lookup(w, f);
}

const char *label_doc_form_lower(const char *f)
{
	static const struct word w[] = {{"original", "bản chính"},
					{"certified_copy", "bản sao có chứng thực"},
					{"copy", "bản sao"},
					{"presented", "bản chính để đối chiếu"},
					{0, 0}};
	return lookup(w, f);
}

const char *label_outcome(const char *o)
{
	static const struct word w[] = {{"early", "Trước hạn"},
					{"on_time", "Đúng hạn"},
					{"late", "Quá hạn"},
					{"skipped", "Không thực hiện"},
					{0, 0}};
	return lookup(w, o);
}

const char *label_status(const char *s)
{
	static const struct word w[] = {{"submitted", "Chờ tiếp nhận"},
					{"received", "Đã tiếp nhận"},
					{"processing", "Đang giải quyết"},
					{"supplement_requested", "Chờ bổ sung"},
					{"result_ready", "Đã có kết quả"},
					{"returned", "Đã trả kết quả"},
					{"refused", "Từ chối tiếp nhận"},
					{"withdrawn", "Dừng giải quyết"},
					{0, 0}};
	return lookup(w, s);
}

static const char *time_limit(struct arena *a, json_t *limit, int pad);

const char *label_time_limit(struct arena *a, json_t *limit)
{
	return time_limit(a, limit, 0);
}

const char *label_time_limit_paper(struct arena *a, json_t *limit)
{
	return time_limit(a, limit, 1);
}

static const char *time_limit(struct arena *a, json_t *limit, int pad)
{
	const char *unit = json_string_value(json_object_get(limit, "unit"));
	json_t *v = json_object_get(limit, "value");
	if (unit && strcmp(unit, "same_day") == 0)
		return "Trong ngày";
	static const struct word w[] = {{"working_days", "ngày làm việc"},
					{"working_hours", "giờ làm việc"},
					{"days", "ngày"},
					{0, 0}};
	if (!json_is_number(v) || !unit)
		return "";
	double x = json_number_value(v);
	char num[32];
	if (x == floor(x) && fabs(x) < 1e9) {
		snprintf(num, sizeof num, pad ? "%02lld" : "%lld", (long long)x);
	} else {
		snprintf(num, sizeof num, "%.2f", x);
		size_t n = strlen(num);
		while (n > 0 && num[n - 1] == '0')
			num[--n] = '\0';
		char *dot = strchr(num, '.');
		if (dot)
			*dot = ','; /* Vietnamese decimal comma */
	}
	return arena_printf(a, "%s %s", num, lookup(w, unit));
}

/* The member at a dotted path, or NULL. */
static json_t *jget(json_t *o, const char *path)
{
	char key[64];
	const char *p = path;
	while (o && *p) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		if (n >= sizeof key)
			return NULL;
		memcpy(key, p, n);
		key[n] = '\0';
		o = json_object_get(o, key);
		p += n + (dot ? 1 : 0);
		if (!dot)
			break;
	}
	return o;
}

const char *jtext(struct arena *a, json_t *o, const char *path)
{
	json_t *v = jget(o, path);
	if (json_is_integer(v))
		return arena_printf(a, "%lld", (long long)json_integer_value(v));
	const char *s = json_string_value(v);
	return s ? s : "";
}

const char *jstr(json_t *o, const char *path)
{
	const char *s = json_string_value(jget(o, path));
	return s ? s : "";
}
