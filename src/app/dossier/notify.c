/*
 * notify.c — the texts of the dossier notices and their queueing.
 *
 * Every value taken from the dossier document is "cleaned" before it enters
 * a text: trimmed, control characters turned into spaces (a reason may keep
 * its line breaks), cut at a ceiling on a character boundary with "…". So
 * whatever a form or an import let through, the mail stays readable and
 * bounded, and the subject stays one line. Only the members listed in
 * notify.h are read: a field that is not meant to be in a mail cannot end
 * up there by accident.
 *
 * The Vietnamese follows the standard notices (the forms of Circular
 * 03/2025/TT-VPCP) in the register they use (docs/DECISIONS.md D-entry on
 * the register): a person is "Ông/Bà <name>", an organisation is addressed
 * by its name and then "Quý tổ chức"; "đề nghị", "trân trọng". A notice that
 * stands for a paper names it by the Circular's title, in the subject and in
 * the body; one short English line closes each mail.
 *
 * Threading: pure, apart from outbox_add on the caller's connection.
 */
#include "app/dossier/notify.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/mem.h"
#include "core/problem.h"
#include "core/vntime.h"
#include "mail/outbox.h"

/* Ceilings, bytes, of each value taken from the document. */
#define CAP_CODE 64
#define CAP_NAME 200
#define CAP_PROC 600
#define CAP_REASON 2000
#define CAP_ITEM 500
#define CAP_ITEMS 30
#define CAP_CENTRE 300
#define CAP_URL 200

#define DEFAULT_CENTRE "Bộ phận Tiếp nhận và Trả kết quả"

/* The titles of the papers of Circular 03/2025/TT-VPCP a notice stands for. */
#define T_RECEIVED "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
#define T_SUPPLEMENT "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"
#define T_REFUSED "Phiếu từ chối tiếp nhận giải quyết hồ sơ"
#define T_APOLOGY "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"
#define T_WITHDRAWN "Thông báo dừng giải quyết hồ sơ"

struct text {
	struct buf b;
	int bad;         /* a ceiling was passed */
	const char *you; /* "Ông/Bà" or "Quý tổ chức" */
};

static void put(struct text *t, const char *s)
{
	if (buf_puts(&t->b, s) != 0)
		t->bad = 1;
}

static void putf(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(struct text *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (buf_vprintf(&t->b, fmt, ap) != 0)
		t->bad = 1;
	va_end(ap);
}

/* Append s trimmed, controls → space (LF kept when multiline), at most max
 * bytes, cut on a UTF-8 character boundary and marked with "…". */
static void put_clean(struct text *t, const char *s, size_t max, int multiline)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	while (n && (*p == ' ' || (*p >= 0x09 && *p <= 0x0d))) {
		p++;
		n--;
	}
	while (n && (p[n - 1] == ' ' || (p[n - 1] >= 0x09 && p[n - 1] <= 0x0d)))
		n--;
	int cut = n > max;
	if (cut) {
		n = max;
		while (n && (p[n] & 0xc0) == 0x80)
			n--;
	}
	for (size_t i = 0; i < n; i++) {
		char c = (char)p[i];
		if (p[i] == '\r')
			continue;
		if (p[i] < 0x20 || p[i] == 0x7f)
			c = (multiline && p[i] == '\n') ? '\n' : ' ';
		if (buf_append(&t->b, &c, 1) != 0)
			t->bad = 1;
	}
	if (cut)
		put(t, "…");
}

/* d[key] if it is a non-empty string, else NULL. */
static const char *str(json_t *d, const char *key)
{
	const char *s = json_string_value(json_object_get(d, key));
	return s && s[0] ? s : NULL;
}

static const char *str2(json_t *d, const char *obj, const char *key)
{
	return str(json_object_get(d, obj), key);
}

/* d[key] as "HH:mm dd/mm/yyyy" into out; 0 if absent or not an instant. */
static int when(json_t *d, const char *key, char *out, size_t cap)
{
	const char *s = str(d, key);
	int64_t t;
	if (!s || vn_parse_instant(s, strlen(s), &t) != 0)
		return 0;
	return vn_format_vn(t, out, cap) > 0;
}

/* --- the parts of a notice ---------------------------------------------- */

/* An organisation (applicant.kind "organization") is addressed by its name
 * (applicant.org_name, else the representative's name) and then "Quý tổ
 * chức"; a person as "Ông/Bà <name>". */
static int is_org(json_t *d)
{
	const char *k = str2(d, "applicant", "kind");
	return k && strcmp(k, "organization") == 0;
}

static void greeting(struct text *t, json_t *d)
{
	const char *name = str2(d, "applicant", "name");
	const char *org = str2(d, "applicant", "org_name");
	put(t, "Kính gửi ");
	if (is_org(d) && (org || name))
		put_clean(t, org ? org : name, CAP_NAME, 0);
	else {
		put(t, t->you);
		if (name) {
			put(t, " ");
			put_clean(t, name, CAP_NAME, 0);
		}
	}
	put(t, ",\n\n");
}

static void centre_name(struct text *t, json_t *d)
{
	const char *c = str2(d, "centre", "name");
	put_clean(t, c ? c : DEFAULT_CENTRE, CAP_CENTRE, 0);
}

/* The facts of the dossier as a list: code, procedure, then the
 * received/due instants when asked for and known. */
static void facts(struct text *t, json_t *d, const char *code, int received, int due)
{
	char w[32];
	const char *pname = str2(d, "procedure", "name"), *pcode = str2(d, "procedure", "code");
	putf(t, "- Mã hồ sơ: %s\n", code);
	if (pname) {
		put(t, "- Thủ tục: ");
		put_clean(t, pname, CAP_PROC, 0);
		if (pcode) {
			put(t, " (mã ");
			put_clean(t, pcode, CAP_CODE, 0);
			put(t, ")");
		}
		put(t, "\n");
	} else if (pcode) {
		put(t, "- Mã thủ tục: ");
		put_clean(t, pcode, CAP_CODE, 0);
		put(t, "\n");
	}
	if (received && when(d, "received_at", w, sizeof w))
		putf(t, "- Thời điểm tiếp nhận: %s\n", w);
	if (due && when(d, "due_at", w, sizeof w))
		putf(t, "- Hẹn trả kết quả: %s\n", w);
}

static void reason(struct text *t, json_t *d)
{
	const char *r = str(d, "reason");
	if (r) {
		put(t, "\nLý do: ");
		put_clean(t, r, CAP_REASON, 1);
		put(t, "\n");
	}
	const char *b = str(d, "legal_basis");
	if (b) {
		put(t, "Căn cứ: ");
		put_clean(t, b, CAP_REASON, 0);
		put(t, "\n");
	}
}

/* The return method as a phrase, or NULL. */
static const char *return_method(json_t *d)
{
	const char *m = str(d, "return_method");
	if (!m)
		return NULL;
	if (strcmp(m, "counter") == 0)
		return "nhận trực tiếp tại Bộ phận Một cửa";
	if (strcmp(m, "post") == 0)
		return "nhận qua dịch vụ bưu chính công ích";
	if (strcmp(m, "online") == 0)
		return "nhận trực tuyến (bản điện tử)";
	return NULL;
}

/* public_url + "/track/?code=" + the code, percent-encoded. */
static void track_link(struct text *t, json_t *d, const char *code)
{
	const char *base = str(d, "public_url");
	if (base && (strncmp(base, "https://", 8) == 0 || strncmp(base, "http://", 7) == 0)) {
		size_t n = strlen(base);
		while (n && base[n - 1] == '/')
			n--;
		for (size_t i = 0; i < n && i < CAP_URL; i++) {
			unsigned char c = (unsigned char)base[i];
			if (c > 0x20 && c < 0x7f && buf_append(&t->b, &base[i], 1) != 0)
				t->bad = 1;
		}
	}
	put(t, "/track/?code=");
	for (const unsigned char *p = (const unsigned char *)code; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p))
			putf(t, "%c", *p);
		else
			putf(t, "%%%02X", *p);
	}
}

static void track(struct text *t, json_t *d, const char *code)
{
	putf(t, "\n%s có thể tra cứu tình trạng giải quyết hồ sơ bằng mã hồ sơ tại: ", t->you);
	track_link(t, d, code);
	put(t, "\n");
}

/* Contact, signature, the automatic-mail notice, then the English line
 * (formatted by the caller after this). */
static void closing(struct text *t, json_t *d)
{
	const char *addr = str2(d, "centre", "address"), *phone = str2(d, "centre", "phone");
	putf(t, "\nMọi thắc mắc, xin %s vui lòng liên hệ ", t->you);
	centre_name(t, d);
	if (addr) {
		put(t, ", địa chỉ: ");
		put_clean(t, addr, CAP_CENTRE, 0);
	}
	if (phone) {
		put(t, ", điện thoại: ");
		put_clean(t, phone, CAP_CENTRE, 0);
	}
	put(t, ".\n\nTrân trọng,\n");
	centre_name(t, d);
	putf(t, "\n\nĐây là thư tự động, xin %s vui lòng không trả lời thư này.\n--\n", t->you);
}

/* --- the notices ---------------------------------------------------------- */

static void received(struct text *t, json_t *d, const char *code)
{
	char w[32];
	const char *rm = return_method(d);
	greeting(t, d);
	centre_name(t, d);
	putf(t, " đã tiếp nhận hồ sơ của %s và hẹn trả kết quả (%s):\n\n", t->you, T_RECEIVED);
	facts(t, d, code, 1, 1);
	if (rm)
		putf(t, "- Hình thức nhận kết quả: %s\n", rm);
	track(t, d, code);
	if (!rm || strcmp(str(d, "return_method"), "counter") == 0)
		putf(t,
		     "\nKhi đến nhận kết quả, đề nghị %s mang theo %s (hoặc cung cấp mã hồ sơ) "
		     "cùng giấy tờ tùy thân.\n",
		     t->you, T_RECEIVED);
	closing(t, d);
	putf(t, "Your application %s has been received", code);
	if (when(d, "due_at", w, sizeof w))
		putf(t, "; the result is due at %s", w);
	put(t, ".\n");
}

static void supplement(struct text *t, json_t *d, const char *code)
{
	greeting(t, d);
	put(t, "Sau khi xem xét, ");
	centre_name(t, d);
	putf(t, " đề nghị %s bổ sung, hoàn thiện hồ sơ sau (%s):\n\n", t->you, T_SUPPLEMENT);
	facts(t, d, code, 1, 0);
	reason(t, d);
	json_t *items = json_object_get(d, "items"), *it;
	size_t i, k = 0;
	if (json_array_size(items) > 0) {
		put(t, "\nNội dung cần bổ sung, hoàn thiện:\n");
		json_array_foreach (items, i, it) {
			const char *s = json_string_value(it);
			if (!s && json_is_object(it))
				s = str(it, "name");
			if (!s || !s[0] || k >= CAP_ITEMS)
				continue;
			putf(t, "  %zu. ", ++k);
			put_clean(t, s, CAP_ITEM, 0);
			put(t, "\n");
		}
	}
	putf(t, "\nSau khi %s bổ sung đầy đủ, hồ sơ sẽ được tiếp tục giải quyết theo quy định.\n",
	     t->you);
	track(t, d, code);
	closing(t, d);
	putf(t,
	     "Your application %s needs to be completed: please see the reason and the list "
	     "above.\n",
	     code);
}

static void refused(struct text *t, json_t *d, const char *code)
{
	greeting(t, d);
	centre_name(t, d);
	putf(t,
	     " rất tiếc phải thông báo: hồ sơ dưới đây không đủ điều kiện tiếp nhận, giải "
	     "quyết (%s).\n\n",
	     T_REFUSED);
	facts(t, d, code, 1, 0);
	reason(t, d);
	closing(t, d);
	putf(t,
	     "We regret that your application %s cannot be accepted; the reason is given "
	     "above.\n",
	     code);
}

static void withdrawn(struct text *t, json_t *d, const char *code)
{
	greeting(t, d);
	centre_name(t, d);
	putf(t,
	     " thông báo dừng giải quyết hồ sơ dưới đây theo yêu cầu của %s (%s); hồ sơ chưa có"
	     " quyết định hoặc kết quả giải quyết.\n\n",
	     t->you, T_WITHDRAWN);
	facts(t, d, code, 1, 0);
	reason(t, d);
	putf(t, "\n%s nhận lại hồ sơ đã nộp tại Bộ phận Một cửa.\n", t->you);
	closing(t, d);
	putf(t, "Handling of your application %s has stopped at your request.\n", code);
}

static void apology(struct text *t, json_t *d, const char *code)
{
	char old[32] = "", nw[32] = "";
	int has_old = when(d, "due_at", old, sizeof old);
	int has_new = when(d, "new_due_at", nw, sizeof nw);
	if (!has_new && has_old) { /* only the (new) due date was given */
		memcpy(nw, old, sizeof nw);
		has_new = 1;
		has_old = 0;
	}
	greeting(t, d);
	centre_name(t, d);
	putf(t, " thành thật xin lỗi %s vì hồ sơ dưới đây chưa thể trả kết quả đúng hẹn (%s):\n\n",
	     t->you, T_APOLOGY);
	facts(t, d, code, 1, 0);
	if (has_old && strcmp(old, nw) != 0)
		putf(t, "- Hẹn trả kết quả trước đây: %s\n", old);
	reason(t, d);
	if (has_new) {
		put(t, "\n");
		centre_name(t, d);
		putf(t, " xin hẹn lại thời gian trả kết quả: %s.\n", nw);
	}
	putf(t, "\nRất mong %s thông cảm.\n", t->you);
	track(t, d, code);
	closing(t, d);
	putf(t, "We apologise: your application %s is delayed", code);
	if (has_new)
		putf(t, "; the new date for the result is %s", nw);
	put(t, ".\n");
}

static void result_ready(struct text *t, json_t *d, const char *code)
{
	const char *m = str(d, "return_method");
	const char *en = "at the counter";
	greeting(t, d);
	centre_name(t, d);
	put(t, " trân trọng thông báo: hồ sơ dưới đây đã có kết quả giải quyết.\n\n");
	facts(t, d, code, 1, 0);
	if (m && strcmp(m, "post") == 0) {
		putf(t,
		     "\nKết quả sẽ được gửi đến %s qua dịch vụ bưu chính công ích theo địa chỉ "
		     "đã đăng ký.\n",
		     t->you);
		en = "by post";
	} else if (m && strcmp(m, "online") == 0) {
		putf(t,
		     "\nKết quả điện tử được trả qua tài khoản %s đã dùng để nộp hồ sơ trực "
		     "tuyến.\n",
		     t->you);
		en = "online";
	} else {
		const char *addr = str2(d, "centre", "address");
		putf(t, "\nĐề nghị %s đến Bộ phận Một cửa", t->you);
		if (addr) {
			put(t, " (");
			put_clean(t, addr, CAP_CENTRE, 0);
			put(t, ")");
		}
		putf(t,
		     " để nhận kết quả, mang theo %s (hoặc cung cấp mã hồ sơ) cùng giấy tờ tùy "
		     "thân; trường hợp nhận thay cần có văn bản ủy quyền theo quy định.\n",
		     T_RECEIVED);
	}
	track(t, d, code);
	/* the evaluation link carries the dossier's secret in its fragment
	 * (D35): only the addressee rates the service */
	const char *ev = str(d, "evaluation_code");
	if (ev && strspn(ev, "0123456789ABCDEF") == strlen(ev) && strlen(ev) <= 16) {
		putf(t, "\nMời %s đánh giá mức độ hài lòng về việc giải quyết hồ sơ tại: ", t->you);
		track_link(t, d, code);
		putf(t, "#ev=%s&via=email (mã đánh giá: %s)\n", ev, ev);
	}
	closing(t, d);
	putf(t, "The result of your application %s is ready (%s).\n", code, en);
	if (ev)
		put(t, "Please rate our service with the link above.\n");
}

static const struct kind {
	const char *name, *outbox_kind, *title;
	void (*compose)(struct text *t, json_t *d, const char *code);
} kinds[] = {
	{"received", "dossier.received", T_RECEIVED, received},
	{"supplement", "dossier.supplement", T_SUPPLEMENT, supplement},
	{"refused", "dossier.refused", T_REFUSED, refused},
	{"apology", "dossier.apology", T_APOLOGY, apology},
	{"withdrawn", "dossier.withdrawn", T_WITHDRAWN, withdrawn},
	{"result_ready", "dossier.result_ready", "Thông báo có kết quả giải quyết hồ sơ",
	 result_ready},
};

static const struct kind *find_kind(const char *name)
{
	for (size_t i = 0; name && i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].name, name) == 0)
			return &kinds[i];
	return NULL;
}

static int compose(const struct kind *k, json_t *d, struct notify_text *out)
{
	const char *raw = str(d, "code");
	if (!raw) {
		log_error("notify=bad_document kind=%s reason=no_code", k->name);
		return ERR_INTERNAL;
	}
	const char *you = is_org(d) ? "Quý tổ chức" : "Ông/Bà";
	struct text code = {.bad = 0, .you = you}, subj = {.bad = 0, .you = you},
		    body = {.bad = 0, .you = you};
	buf_init(&code.b, CAP_CODE + 8);
	buf_init(&subj.b, OUTBOX_SUBJECT_MAX);
	buf_init(&body.b, OUTBOX_BODY_MAX);
	put_clean(&code, raw, CAP_CODE, 0);
	if (code.b.len == 0) {
		log_error("notify=bad_document kind=%s reason=no_code", k->name);
		return ERR_INTERNAL;
	}
	putf(&subj, "[Mã hồ sơ %s] %s", code.b.p, k->title);
	k->compose(&body, d, code.b.p);
	int rc = 0;
	if (code.bad || subj.bad || body.bad) {
		log_error("notify=too_long kind=%s", k->name);
		rc = ERR_INTERNAL;
		buf_free(&subj.b);
		buf_free(&body.b);
	} else {
		out->subject = buf_steal(&subj.b, NULL);
		out->body = buf_steal(&body.b, NULL);
	}
	buf_free(&code.b);
	return rc;
}

int notify_compose(const char *kind, json_t *d, struct notify_text *out)
{
	const struct kind *k = find_kind(kind);
	out->subject = out->body = NULL;
	if (!k) {
		log_error("notify=unknown_kind");
		return ERR_INTERNAL;
	}
	return compose(k, d, out);
}

void notify_text_free(struct notify_text *t)
{
	if (!t)
		return;
	free(t->subject);
	free(t->body);
	t->subject = t->body = NULL;
}

int notify_dossier(struct db *db, const char *kind, json_t *d)
{
	const struct kind *k = find_kind(kind);
	if (!k) {
		log_error("notify=unknown_kind");
		return ERR_INTERNAL;
	}
	const char *to = str2(d, "applicant", "email");
	if (!to)
		return 0; /* no one to write to */
	struct notify_text t;
	int rc = compose(k, d, &t);
	if (rc)
		return rc;
	struct mail_msg m = {
		.kind = k->outbox_kind,
		.dossier_code = str(d, "code"),
		.to = to,
		.subject = t.subject,
		.body = t.body,
	};
	rc = outbox_add(db, &m);
	notify_text_free(&t);
	return rc;
}
