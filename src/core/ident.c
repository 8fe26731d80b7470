/*
 * ident.c — personal ID, mobile number, tax code and e-mail validators.
 *
 * Rules and sources are documented in ident.h and DOMAIN.md §6. The
 * province table below is data, kept here as a sorted array so lookup is a
 * binary search and the list can be compared line by line with the source.
 *
 * Invariants: validators read only [s, s+len), never write past a caller's
 * cap, never allocate, and return IDENT_OK only when every documented
 * condition holds. Threading: pure functions over const tables.
 */
#include "core/ident.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* Longest raw (trimmed) input looked at for the numeric identifiers. */
#define IDENT_NUM_MAX 32

/* ------------------------------------------------------------------ */
/* Reasons                                                              */

struct reason_info {
	const char *code, *vi, *en;
};

static const struct reason_info reasons[IDENT__COUNT] = {
	[IDENT_OK] = {"ok", "Hợp lệ.", "Valid."},
	[IDENT_EMPTY] = {"empty", "Chưa nhập giá trị.", "A value is required."},
	[IDENT_TOO_LONG] = {"too_long", "Giá trị nhập vào quá dài.", "The value is too long."},
	[IDENT_PID_NOT_DIGITS] = {"pid_not_digits", "Số định danh cá nhân chỉ gồm các chữ số.",
				  "The personal ID number may contain digits only."},
	[IDENT_PID_LENGTH] = {"pid_length", "Số định danh cá nhân phải gồm đúng 12 chữ số.",
			      "The personal ID number must have exactly 12 digits."},
	[IDENT_PID_PROVINCE] = {"pid_province",
				"3 chữ số đầu của số định danh cá nhân không phải mã tỉnh, thành "
				"phố nơi đăng ký khai sinh.",
				"The first 3 digits of the personal ID number are not a province "
				"code of birth registration."},
	[IDENT_PID_FUTURE_YEAR] = {"pid_future_year",
				   "Năm sinh thể hiện trong số định danh cá nhân (chữ số thứ 4 "
				   "đến 6) chưa tới.",
				   "The birth year encoded in the personal ID number (digits 4 "
				   "to 6) is in the future."},
	[IDENT_PHONE_CHARS] = {"phone_chars",
			       "Số điện thoại chỉ gồm chữ số, có thể có dấu +, dấu cách, dấu "
			       "chấm hoặc gạch ngang.",
			       "A phone number may contain digits, and only +, spaces, dots or "
			       "hyphens besides."},
	[IDENT_PHONE_COUNTRY] = {"phone_country", "Chỉ chấp nhận số di động Việt Nam (+84).",
				 "Only Vietnamese mobile numbers (+84) are accepted."},
	[IDENT_PHONE_LENGTH] = {"phone_length",
				"Số điện thoại di động phải gồm 10 chữ số, bắt đầu bằng 0.",
				"A mobile number must have 10 digits and start with 0."},
	[IDENT_PHONE_PREFIX] = {"phone_prefix", "Đầu số không phải đầu số di động Việt Nam.",
				"This is not a Vietnamese mobile prefix."},
	[IDENT_TAX_FORMAT] = {"tax_format",
			      "Mã số thuế gồm 10 chữ số, có thể kèm -NNN của đơn vị phụ thuộc, "
			      "hoặc là số định danh cá nhân 12 chữ số.",
			      "A tax code has 10 digits, optionally followed by a -NNN unit "
			      "suffix, or is a 12-digit personal ID number."},
	[IDENT_TAX_CHECK_DIGIT] = {"tax_check_digit",
				   "Mã số thuế không đúng (chữ số kiểm tra không khớp); vui lòng "
				   "kiểm tra lại.",
				   "The tax code is not valid (its check digit does not match); "
				   "please check it."},
	[IDENT_TAX_BRANCH] = {"tax_branch", "Mã đơn vị phụ thuộc phải từ 001 đến 999.",
			      "The dependent-unit suffix must be between 001 and 999."},
	[IDENT_EMAIL_FORMAT] = {"email_format",
				"Địa chỉ thư điện tử phải có dạng ten@ten-mien.vn, không chứa "
				"dấu cách.",
				"An e-mail address looks like name@domain.vn, without spaces."},
	[IDENT_EMAIL_LOCAL] = {"email_local", "Phần trước dấu @ của địa chỉ thư không hợp lệ.",
			       "The part before the @ of the e-mail address is not valid."},
	[IDENT_EMAIL_DOMAIN] = {"email_domain",
				"Tên miền (phần sau dấu @) của địa chỉ thư không hợp lệ.",
				"The domain (the part after the @) of the e-mail address is not "
				"valid."},
};

const char *ident_reason_code(enum ident_reason r)
{
	if ((unsigned)r >= IDENT__COUNT)
		return "unknown";
	return reasons[r].code;
}

const char *ident_reason_message(enum ident_reason r, enum ident_lang lang)
{
	if ((unsigned)r >= IDENT__COUNT)
		return lang == IDENT_LANG_EN ? "Invalid value." : "Giá trị không hợp lệ.";
	return lang == IDENT_LANG_EN ? reasons[r].en : reasons[r].vi;
}

/* ------------------------------------------------------------------ */
/* Helpers                                                              */

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Trim ASCII whitespace; returns the new start, *len updated. */
static const char *trim(const char *s, size_t *len)
{
	size_t n = *len;
	if (n == 0)
		return s;
	while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
		s++;
		n--;
	}
	while (n > 0 &&
	       (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	*len = n;
	return s;
}

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return 0;
	return 1;
}

/* ------------------------------------------------------------------ */
/* Personal identification number                                       */

/*
 * Province/city codes of birth registration: Circular 07/2016/TT-BCA
 * (1 Feb 2016), appendix I, "Bảng danh mục mã tỉnh, thành phố trực thuộc
 * trung ương nơi công dân đăng ký khai sinh" — 63 entries, checked against
 * the appendix as reproduced at moinhat123.blogspot.com/2021/03/ and
 * news.thuvienphapluat.vn (tra cứu mã 63 tỉnh thành). Numbers already
 * issued keep these codes after the 2025 province mergers. Sorted by code.
 */
static const struct province {
	char code[4];
	const char *name;
} provinces[] = {
	{"001", "Hà Nội"},
	{"002", "Hà Giang"},
	{"004", "Cao Bằng"},
	{"006", "Bắc Kạn"},
	{"008", "Tuyên Quang"},
	{"010", "Lào Cai"},
	{"011", "Điện Biên"},
	{"012", "Lai Châu"},
	{"014", "Sơn La"},
	{"015", "Yên Bái"},
	{"017", "Hòa Bình"},
	{"019", "Thái Nguyên"},
	{"020", "Lạng Sơn"},
	{"022", "Quảng Ninh"},
	{"024", "Bắc Giang"},
	{"025", "Phú Thọ"},
	{"026", "Vĩnh Phúc"},
	{"027", "Bắc Ninh"},
	{"030", "Hải Dương"},
	{"031", "Hải Phòng"},
	{"033", "Hưng Yên"},
	{"034", "Thái Bình"},
	{"035", "Hà Nam"},
	{"036", "Nam Định"},
	{"037", "Ninh Bình"},
	{"038", "Thanh Hóa"},
	{"040", "Nghệ An"},
	{"042", "Hà Tĩnh"},
	{"044", "Quảng Bình"},
	{"045", "Quảng Trị"},
	{"046", "Thừa Thiên Huế"},
	{"048", "Đà Nẵng"},
	{"049", "Quảng Nam"},
	{"051", "Quảng Ngãi"},
	{"052", "Bình Định"},
	{"054", "Phú Yên"},
	{"056", "Khánh Hòa"},
	{"058", "Ninh Thuận"},
	{"060", "Bình Thuận"},
	{"062", "Kon Tum"},
	{"064", "Gia Lai"},
	{"066", "Đắk Lắk"},
	{"067", "Đắk Nông"},
	{"068", "Lâm Đồng"},
	{"070", "Bình Phước"},
	{"072", "Tây Ninh"},
	{"074", "Bình Dương"},
	{"075", "Đồng Nai"},
	{"077", "Bà Rịa – Vũng Tàu"},
	{"079", "Hồ Chí Minh"},
	{"080", "Long An"},
	{"082", "Tiền Giang"},
	{"083", "Bến Tre"},
	{"084", "Trà Vinh"},
	{"086", "Vĩnh Long"},
	{"087", "Đồng Tháp"},
	{"089", "An Giang"},
	{"091", "Kiên Giang"},
	{"092", "Cần Thơ"},
	{"093", "Hậu Giang"},
	{"094", "Sóc Trăng"},
	{"095", "Bạc Liêu"},
	{"096", "Cà Mau"},
};

#define N_PROVINCES (sizeof provinces / sizeof provinces[0])
_Static_assert(sizeof provinces / sizeof provinces[0] == 63, "63 pre-2025 provinces");

static int province_cmp(const void *key, const void *elem)
{
	const struct province *p = elem;
	return memcmp(key, p->code, 3);
}

const char *ident_province_name(const char *code3)
{
	const struct province *p =
		bsearch(code3, provinces, N_PROVINCES, sizeof provinces[0], province_cmp);
	return p ? p->name : NULL;
}

/* Check 12 trimmed bytes known to be digits-or-not; the common core. */
static enum ident_reason pid_check(const char *s, size_t n, int current_year, struct ident_pid *out)
{
	if (!all_digits(s, n))
		return IDENT_PID_NOT_DIGITS;
	if (n != 12)
		return IDENT_PID_LENGTH;
	const char *name = ident_province_name(s);
	if (!name)
		return IDENT_PID_PROVINCE;
	int d = s[3] - '0';
	int year = 1900 + (d / 2) * 100 + (s[4] - '0') * 10 + (s[5] - '0');
	if (year > current_year)
		return IDENT_PID_FUTURE_YEAR;
	if (out) {
		memcpy(out->number, s, 12);
		out->number[12] = '\0';
		memcpy(out->province_code, s, 3);
		out->province_code[3] = '\0';
		out->province_name = name;
		out->sex = (d % 2) ? IDENT_SEX_FEMALE : IDENT_SEX_MALE;
		out->birth_year = year;
	}
	return IDENT_OK;
}

enum ident_reason ident_check_personal_id(const char *s, size_t len, int current_year,
					  struct ident_pid *out)
{
	assert(current_year >= 1900); /* injected clock, a programmer's value */
	s = trim(s, &len);
	if (len == 0)
		return IDENT_EMPTY;
	if (len > IDENT_NUM_MAX)
		return IDENT_TOO_LONG;
	return pid_check(s, len, current_year, out);
}

/* ------------------------------------------------------------------ */
/* Mobile phone number                                                  */

/* ^0(3[2-9]|5[2-9]|7[06-9]|8[1-9]|9[0-9])[0-9]{7}$ on 10 digits */
static int mobile_prefix_ok(const char *d)
{
	if (d[0] != '0')
		return 0;
	int b = d[2] - '0';
	switch (d[1]) {
	case '3':
	case '5': return b >= 2;
	case '7': return b == 0 || b >= 6;
	case '8': return b >= 1;
	case '9': return 1;
	default: return 0;
	}
}

enum ident_reason ident_check_mobile(const char *s, size_t len, char *out, size_t cap)
{
	if (out && cap > 0)
		out[0] = '\0';
	s = trim(s, &len);
	if (len == 0)
		return IDENT_EMPTY;
	if (len > IDENT_NUM_MAX)
		return IDENT_TOO_LONG;

	char dg[IDENT_NUM_MAX + 1];
	size_t nd = 0;
	int plus = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (is_digit(c))
			dg[nd++] = c;
		else if (c == '+' && nd == 0 && !plus)
			plus = 1;
		else if (c == ' ' || c == '.' || c == '-' || c == '(' || c == ')')
			continue;
		else
			return IDENT_PHONE_CHARS;
	}
	if (nd == 0)
		return IDENT_PHONE_LENGTH;

	/* Reduce the international forms to the subscriber part after 84. */
	const char *d = dg;
	size_t n = nd;
	int intl = 0;
	if (plus) {
		if (n < 2 || d[0] != '8' || d[1] != '4')
			return IDENT_PHONE_COUNTRY;
		d += 2, n -= 2, intl = 1;
	} else if (n > 10 && d[0] == '0' && d[1] == '0') {
		/* 00 = international dialling prefix (only on numbers longer than 10) */
		if (n < 4 || d[2] != '8' || d[3] != '4')
			return IDENT_PHONE_COUNTRY;
		d += 4, n -= 4, intl = 1;
	} else if ((n == 11 || n == 12) && d[0] == '8' && d[1] == '4') {
		/* 84 + 9 digits (or + 0 + 9 digits): no national number starts with 8 */
		d += 2, n -= 2, intl = 1;
	}

	char nat[11];
	if (intl) {
		/* "+84 0912…": the trunk 0 is often kept by mistake */
		if (n == 10 && d[0] == '0')
			d++, n--;
		if (n != 9)
			return IDENT_PHONE_LENGTH;
		nat[0] = '0';
		memcpy(nat + 1, d, 9);
	} else {
		/* 02x… (11 digits) is a landline: say "not a mobile", not "length" */
		if (n == 11 && d[0] == '0' && d[1] == '2')
			return IDENT_PHONE_PREFIX;
		if (n != 10)
			return IDENT_PHONE_LENGTH;
		memcpy(nat, d, 10);
	}
	nat[10] = '\0';
	if (!mobile_prefix_ok(nat))
		return IDENT_PHONE_PREFIX;
	if (out) {
		if (cap < IDENT_PHONE_CAP)
			return IDENT_TOO_LONG;
		memcpy(out, nat, 11);
	}
	return IDENT_OK;
}

/* ------------------------------------------------------------------ */
/* Tax code                                                             */

/*
 * The check digit of a 10-digit tax code, or -1 when Σ ≡ 0 (mod 11) and the
 * formula would give 10 (no such code is valid, see ident.h).
 */
static int tax_check_digit(const char *d)
{
	static const int w[9] = {31, 29, 23, 19, 17, 13, 7, 5, 3};
	int sum = 0;
	for (int i = 0; i < 9; i++)
		sum += (d[i] - '0') * w[i];
	int c = 10 - sum % 11;
	return c == 10 ? -1 : c % 10; /* remainder 10 → 0 */
}

enum ident_reason ident_check_tax_code(const char *s, size_t len, int current_year,
				       struct ident_tax *out)
{
	assert(current_year >= 1900);
	s = trim(s, &len);
	if (len == 0)
		return IDENT_EMPTY;
	if (len > IDENT_NUM_MAX)
		return IDENT_TOO_LONG;

	const char *branch = NULL;
	if (len == 12 && all_digits(s, 12)) {
		struct ident_pid pid;
		enum ident_reason r = pid_check(s, 12, current_year, &pid);
		if (r != IDENT_OK)
			return r;
		if (out) {
			memset(out, 0, sizeof *out);
			out->kind = IDENT_TAX_PERSONAL;
			memcpy(out->normalized, s, 12);
			out->normalized[12] = '\0';
			out->pid = pid;
		}
		return IDENT_OK;
	}
	if (len == 10 && all_digits(s, 10))
		branch = NULL;
	else if (len == 14 && s[10] == '-' && all_digits(s, 10) && all_digits(s + 11, 3))
		branch = s + 11;
	else if (len == 13 && all_digits(s, 13))
		branch = s + 10;
	else
		return IDENT_TAX_FORMAT;

	int c = tax_check_digit(s);
	if (c < 0 || c != s[9] - '0')
		return IDENT_TAX_CHECK_DIGIT;
	int b = 0;
	if (branch) {
		b = (branch[0] - '0') * 100 + (branch[1] - '0') * 10 + (branch[2] - '0');
		if (b == 0)
			return IDENT_TAX_BRANCH;
	}
	if (out) {
		memset(out, 0, sizeof *out);
		out->kind = branch ? IDENT_TAX_BRANCH_UNIT : IDENT_TAX_ORG;
		memcpy(out->normalized, s, 10);
		if (branch) {
			out->normalized[10] = '-';
			memcpy(out->normalized + 11, branch, 3);
			out->normalized[14] = '\0';
		} else {
			out->normalized[10] = '\0';
		}
		out->branch = b;
	}
	return IDENT_OK;
}

/* ------------------------------------------------------------------ */
/* E-mail                                                               */

static int is_atext(char c)
{
	return is_alpha(c) || is_digit(c) || (c != '\0' && strchr("!#$%&'*+/=?^_`{|}~-", c));
}

static enum ident_reason email_local_ok(const char *s, size_t n)
{
	if (n == 0 || n > 64)
		return IDENT_EMAIL_LOCAL;
	if (s[0] == '.' || s[n - 1] == '.')
		return IDENT_EMAIL_LOCAL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (s[i + 1] == '.') /* i < n-1 here: the last byte is not '.' */
				return IDENT_EMAIL_LOCAL;
		} else if (!is_atext(s[i])) {
			return IDENT_EMAIL_LOCAL;
		}
	}
	return IDENT_OK;
}

static enum ident_reason email_domain_ok(const char *s, size_t n)
{
	if (n == 0 || n > 253)
		return IDENT_EMAIL_DOMAIN;
	size_t labels = 0, start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != '.')
			continue;
		size_t l = i - start;
		const char *lab = s + start;
		if (l == 0 || l > 63 || lab[0] == '-' || lab[l - 1] == '-')
			return IDENT_EMAIL_DOMAIN;
		int has_alpha = 0;
		for (size_t k = 0; k < l; k++) {
			if (is_alpha(lab[k]))
				has_alpha = 1;
			else if (!is_digit(lab[k]) && lab[k] != '-')
				return IDENT_EMAIL_DOMAIN;
		}
		labels++;
		if (i == n && (!has_alpha || l < 2)) /* top-level label */
			return IDENT_EMAIL_DOMAIN;
		start = i + 1;
	}
	return labels >= 2 ? IDENT_OK : IDENT_EMAIL_DOMAIN;
}

enum ident_reason ident_check_email(const char *s, size_t len, char *out, size_t cap)
{
	if (out && cap > 0)
		out[0] = '\0';
	s = trim(s, &len);
	if (len == 0)
		return IDENT_EMPTY;
	if (len > IDENT_EMAIL_MAX)
		return IDENT_TOO_LONG;

	size_t at = len, nat = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || c == 0x7F)
			return IDENT_EMAIL_FORMAT;
		if (c == '@') {
			nat++;
			at = i;
		}
	}
	if (nat != 1 || at == 0 || at == len - 1)
		return IDENT_EMAIL_FORMAT;
	enum ident_reason r = email_local_ok(s, at);
	if (r != IDENT_OK)
		return r;
	r = email_domain_ok(s + at + 1, len - at - 1);
	if (r != IDENT_OK)
		return r;
	if (out) {
		if (cap < len + 1)
			return IDENT_TOO_LONG;
		memcpy(out, s, len);
		for (size_t i = at + 1; i < len; i++)
			if (out[i] >= 'A' && out[i] <= 'Z')
				out[i] = (char)(out[i] - 'A' + 'a');
		out[len] = '\0';
	}
	return IDENT_OK;
}

/* ---- masking free text --------------------------------------------------- */

static int is_email_local(char c)
{
	return is_alpha(c) || is_digit(c) || (c && strchr(".!#$%&'*+/=?^_`{|}~-", c));
}

static int is_email_domain(char c)
{
	return is_alpha(c) || is_digit(c) || c == '.' || c == '-';
}

/* The end of a digit run starting at s[i] (a digit or '+' before a digit):
 * digits with single separators between them. *ndigits counts the digits. */
static size_t digit_run(const char *s, size_t i, int *ndigits)
{
	size_t end = i;
	int n = 0;
	if (s[i] == '+')
		i++;
	while (is_digit(s[i])) {
		n++;
		i++;
		end = i;
		if ((s[i] == ' ' || s[i] == '.' || s[i] == '-') && is_digit(s[i + 1]))
			i++;
	}
	*ndigits = n;
	return end;
}

int ident_mask_text(const char *s, char *out, size_t cap)
{
	size_t len = strlen(s), o = 0, i = 0;
	int masked = 0;
	if (cap < len + 1) {
		if (cap)
			out[0] = '\0';
		return -1;
	}
	while (i < len) {
		if (s[i] == '@') {
			/* an e-mail address around this @: back over the local part
			 * already copied, forward over a domain with a dot */
			size_t l = o;
			while (l > 0 && is_email_local(out[l - 1]))
				l--;
			size_t r = i + 1, dot = 0;
			while (r < len && is_email_domain(s[r])) {
				if (s[r] == '.' && r + 1 < len && is_email_domain(s[r + 1]))
					dot = 1;
				r++;
			}
			if (l < o && dot) {
				o = l;
				memcpy(out + o, IDENT_MASK, sizeof IDENT_MASK - 1);
				o += sizeof IDENT_MASK - 1;
				i = r;
				masked++;
				continue;
			}
		}
		int starts = is_digit(s[i]) || (s[i] == '+' && is_digit(s[i + 1]));
		if (starts && (i == 0 || !is_digit(s[i - 1]))) {
			int nd;
			size_t end = digit_run(s, i, &nd);
			if (nd >= 7) {
				memcpy(out + o, IDENT_MASK, sizeof IDENT_MASK - 1);
				o += sizeof IDENT_MASK - 1;
				masked++;
			} else {
				memcpy(out + o, s + i, end - i);
				o += end - i;
			}
			i = end;
			continue;
		}
		out[o++] = s[i++];
	}
	out[o] = '\0';
	return masked;
}
