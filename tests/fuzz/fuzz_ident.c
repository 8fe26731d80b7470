/*
 * fuzz_ident.c — libFuzzer target for the identifier validators.
 *
 * Invariants: every input gets a reason in range with a code and both
 * messages; an accepted value's normalised form is accepted again and
 * normalises to itself (idempotence), and has the documented shape (12
 * digits with a listed province and a past birth year; 10 digits with a
 * mobile prefix; a tax code whose kind matches its length; an e-mail of at
 * most 254 bytes with exactly one @). Output buffers are exactly sized so
 * ASan catches any write past them.
 */
// FUZZ_SOURCES: src/core/ident.c
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ident.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                                                   \
	do {                                                                                       \
		if (!(c)) {                                                                        \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #c);  \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

#define YEAR 2026

static void check_reason(enum ident_reason r)
{
	CHECK((unsigned)r < IDENT__COUNT);
	CHECK(ident_reason_code(r) && ident_reason_message(r, IDENT_LANG_VI) &&
	      ident_reason_message(r, IDENT_LANG_EN));
}

static int digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static void check_pid(const struct ident_pid *p)
{
	CHECK(strlen(p->number) == 12 && digits(p->number, 12));
	CHECK(ident_province_name(p->number) == p->province_name && p->province_name);
	CHECK(memcmp(p->province_code, p->number, 3) == 0);
	CHECK(p->birth_year >= 1900 && p->birth_year <= YEAR);
	CHECK(p->birth_year % 100 == (p->number[4] - '0') * 10 + (p->number[5] - '0'));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;

	struct ident_pid p, p2;
	enum ident_reason r = ident_check_personal_id(s, size, YEAR, &p);
	check_reason(r);
	if (r == IDENT_OK) {
		check_pid(&p);
		CHECK(ident_check_personal_id(p.number, 12, YEAR, &p2) == IDENT_OK);
		CHECK(strcmp(p.number, p2.number) == 0 && p.birth_year == p2.birth_year &&
		      p.sex == p2.sex && p.province_name == p2.province_name);
	}

	char *ph = malloc(IDENT_PHONE_CAP), *ph2 = malloc(IDENT_PHONE_CAP);
	CHECK(ph && ph2);
	r = ident_check_mobile(s, size, ph, IDENT_PHONE_CAP);
	check_reason(r);
	if (r == IDENT_OK) {
		CHECK(strlen(ph) == 10 && digits(ph, 10) && ph[0] == '0');
		CHECK(ident_check_mobile(ph, 10, ph2, IDENT_PHONE_CAP) == IDENT_OK);
		CHECK(strcmp(ph, ph2) == 0);
	}
	free(ph);
	free(ph2);

	struct ident_tax t, t2;
	r = ident_check_tax_code(s, size, YEAR, &t);
	check_reason(r);
	if (r == IDENT_OK) {
		size_t n = strlen(t.normalized);
		CHECK((t.kind == IDENT_TAX_ORG && n == 10) ||
		      (t.kind == IDENT_TAX_BRANCH_UNIT && n == 14 && t.branch >= 1 &&
		       t.branch <= 999) ||
		      (t.kind == IDENT_TAX_PERSONAL && n == 12));
		if (t.kind == IDENT_TAX_PERSONAL)
			check_pid(&t.pid);
		CHECK(ident_check_tax_code(t.normalized, n, YEAR, &t2) == IDENT_OK);
		CHECK(strcmp(t.normalized, t2.normalized) == 0 && t.kind == t2.kind);
	}

	char *em = malloc(IDENT_EMAIL_CAP), *em2 = malloc(IDENT_EMAIL_CAP);
	CHECK(em && em2);
	r = ident_check_email(s, size, em, IDENT_EMAIL_CAP);
	check_reason(r);
	if (r == IDENT_OK) {
		size_t n = strlen(em);
		CHECK(n >= 3 && n <= IDENT_EMAIL_MAX);
		const char *at = strchr(em, '@');
		CHECK(at && !strchr(at + 1, '@'));
		CHECK(ident_check_email(em, n, em2, IDENT_EMAIL_CAP) == IDENT_OK);
		CHECK(strcmp(em, em2) == 0);
	}
	free(em);
	free(em2);
	return 0;
}
