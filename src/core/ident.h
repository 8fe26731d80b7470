/*
 * ident.h — validators for Vietnamese identifiers (DOMAIN.md §6).
 *
 * Each validator takes untrusted (ptr, len) bytes, ignores leading and
 * trailing ASCII whitespace, and returns an enum ident_reason: IDENT_OK or
 * a stable reason a person can act on. ident_reason_code() gives a stable
 * snake_case code for APIs and logs, ident_reason_message() a sentence in
 * Vietnamese or English. On success the validators fill a decoded /
 * normalised form in a caller-owned struct (may be NULL when not wanted);
 * on failure that struct's contents are unspecified.
 *
 * The current year is injected (no clock in core/), so results are
 * reproducible in tests.
 *
 * What is checked is syntax and internal consistency only: a valid number
 * may still not exist. All functions are pure and thread-safe.
 */
#ifndef MOTCUA_CORE_IDENT_H
#define MOTCUA_CORE_IDENT_H

#include <stddef.h>

enum ident_reason {
	IDENT_OK = 0,
	IDENT_EMPTY,    /* nothing but whitespace */
	IDENT_TOO_LONG, /* far longer than any valid value */
	/* personal identification number (số định danh cá nhân, CCCD) */
	IDENT_PID_NOT_DIGITS,  /* a character other than 0-9 */
	IDENT_PID_LENGTH,      /* not exactly 12 digits */
	IDENT_PID_PROVINCE,    /* first 3 digits: not a birth-registration province */
	IDENT_PID_FUTURE_YEAR, /* decoded birth year after the current year */
	/* mobile phone number */
	IDENT_PHONE_CHARS,   /* a character other than digits, + . - space */
	IDENT_PHONE_COUNTRY, /* an international number outside Vietnam (+84) */
	IDENT_PHONE_LENGTH,  /* not 10 digits once normalised */
	IDENT_PHONE_PREFIX,  /* not a Vietnamese mobile prefix */
	/* tax code (mã số thuế) */
	IDENT_TAX_FORMAT,      /* not 10 digits, 10-3 digits or 12 digits */
	IDENT_TAX_CHECK_DIGIT, /* 10th digit does not match the check digit */
	IDENT_TAX_BRANCH,      /* branch suffix 000 */
	/* e-mail address */
	IDENT_EMAIL_FORMAT, /* not exactly one @ with text on both sides, or space/control */
	IDENT_EMAIL_LOCAL,  /* bad part before the @ */
	IDENT_EMAIL_DOMAIN, /* bad part after the @ */
	IDENT__COUNT
};

enum ident_lang { IDENT_LANG_VI = 0, IDENT_LANG_EN = 1 };

/* Stable snake_case code of a reason ("pid_province"); "unknown" if out of range. */
const char *ident_reason_code(enum ident_reason r);
/* Static message of a reason in the language asked for (anything but EN → VI). */
const char *ident_reason_message(enum ident_reason r, enum ident_lang lang);

/* ---- personal identification number (12 digits) ---------------------- */

enum ident_sex { IDENT_SEX_MALE = 0, IDENT_SEX_FEMALE = 1 };

struct ident_pid {
	char number[13];           /* the 12 digits, NUL-terminated */
	char province_code[4];     /* "048" */
	const char *province_name; /* static, Vietnamese, e.g. "Đà Nẵng" */
	enum ident_sex sex;
	int birth_year; /* 1900..2399 */
};

/*
 * Digits 1–3: province (or city) of birth registration, from the list of
 * Circular 07/2016/TT-BCA, appendix I (the 63 pre-2025 provinces — codes do
 * not change with the 2025 mergers). Digit 4: century and sex (0/1 = 1900s
 * male/female, 2/3 = 2000s, 4/5 = 2100s, 6/7 = 2200s, 8/9 = 2300s).
 * Digits 5–6: last two digits of the birth year, which must not be after
 * current_year. Digits 7–12: random, not checked (there is no check digit).
 * Citizens registered abroad carry a country code from appendix II, which
 * is not included: such numbers are reported as IDENT_PID_PROVINCE.
 */
enum ident_reason ident_check_personal_id(const char *s, size_t len, int current_year,
					  struct ident_pid *out);

/* Name of a 3-digit province code (s, 3 bytes), or NULL if not in the list. */
const char *ident_province_name(const char *code3);

/* ---- mobile phone number --------------------------------------------- */

/*
 * Accepts "0912345678", "0912 345 678", "0912.345.678", "0912-345-678",
 * "+84912345678", "+84 912 345 678", "84912345678", "0084912345678" and the
 * common slip "+84 0912345678"; normalises to the 10-digit national form
 * and checks ^0(3[2-9]|5[2-9]|7[06-9]|8[1-9]|9[0-9])[0-9]{7}$ (DOMAIN.md
 * §6.3; the prefix does not tell the carrier because of portability).
 * out (capacity ≥ 11, may be NULL) receives the 10 digits NUL-terminated.
 */
#define IDENT_PHONE_CAP 11
enum ident_reason ident_check_mobile(const char *s, size_t len, char *out, size_t cap);

/* ---- tax code ---------------------------------------------------------- */

enum ident_tax_kind {
	IDENT_TAX_ORG = 1,     /* 10 digits (enterprise, organisation, pre-2025 individual) */
	IDENT_TAX_BRANCH_UNIT, /* 10 digits + "-NNN" dependent unit */
	IDENT_TAX_PERSONAL,    /* 12-digit personal ID used as tax code since 1 Jul 2025 */
};

struct ident_tax {
	enum ident_tax_kind kind;
	char normalized[15];  /* "0100109106", "0100109106-001" or 12 digits */
	int branch;           /* 1..999 for IDENT_TAX_BRANCH_UNIT, else 0 */
	struct ident_pid pid; /* decoded, for IDENT_TAX_PERSONAL */
};

/*
 * 10 digits N1..N10 with N10 = 10 − (Σ Ni·Wi mod 11), W = 31 29 23 19 17 13
 * 7 5 3 (0100109106 → 6); a sum ≡ 0 (mod 11) would need a check "digit" of
 * 10, so such a code is invalid (IDENT_TAX_CHECK_DIGIT): we follow the
 * common implementations and do not wrap it to 0. Optionally followed by a
 * dependent-unit suffix -001..-999 (also accepted without the hyphen as 13
 * digits, normalised to the hyphenated form). Since 1 Jul 2025 individuals,
 * households and household businesses use their 12-digit personal ID as
 * tax code (Circular 86/2024/TT-BTC), so a valid personal ID is accepted
 * too; its reasons are the IDENT_PID_* ones.
 */
enum ident_reason ident_check_tax_code(const char *s, size_t len, int current_year,
				       struct ident_tax *out);

/* ---- e-mail ------------------------------------------------------------ */

/*
 * Pragmatic check, not RFC 5322: at most 254 bytes; exactly one @; local
 * part 1..64 bytes of letters, digits and !#$%&'*+/=?^_`{|}~.- with no
 * leading, trailing or doubled dot; domain of ≥ 2 dot-separated labels of
 * 1..63 letters, digits or inner hyphens, the last one not all digits.
 * No spaces, control characters or non-ASCII (internationalised domains
 * must be given in their xn-- form). out (capacity cap, may be NULL)
 * receives the trimmed address with the domain lower-cased; a cap too small
 * is reported as IDENT_TOO_LONG. IDENT_EMAIL_CAP always suffices.
 */
#define IDENT_EMAIL_MAX 254
#define IDENT_EMAIL_CAP (IDENT_EMAIL_MAX + 1)
enum ident_reason ident_check_email(const char *s, size_t len, char *out, size_t cap);

/* ---- masking free text --------------------------------------------------- */

/*
 * Copies the NUL-terminated text s into out (capacity cap ≥ strlen(s) + 1,
 * which always suffices: masking never lengthens) with what could identify
 * a person replaced by IDENT_MASK: every e-mail address (text@domain.tld),
 * and every run of 7 or more digits, counted across single spaces, dots and
 * hyphens between them and an optional leading + (personal ID and tax
 * numbers, phones such as "0905 123 456" or "+84 905.123.456"). Dates and
 * document numbers written with slashes ("12/05/2026", "số 123/2020/QĐ-UBND")
 * are kept; a date written with dots ("12.05.2026") is masked too. Used on
 * text typed by staff before a public page shows it. Returns the number of
 * spans masked, or -1 if cap is too small (out is then "").
 */
#define IDENT_MASK "***"
int ident_mask_text(const char *s, char *out, size_t cap);

#endif
