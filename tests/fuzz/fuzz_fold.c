/*
 * fuzz_fold.c — libFuzzer target for UTF-8 validation, NFC, folding,
 * whitespace clean-up and the FTS5 query builder (pure functions only; the
 * SQLite side is fuzz_fts_vi.c).
 *
 * Invariants checked on every input:
 *  - validate, count and every text function agree on what is valid UTF-8;
 *  - NFC output is valid, NFC, and NFC is idempotent;
 *  - fold output is valid UTF-8, has no combining mark, no đ/Đ, no ASCII
 *    capital, is idempotent, and is the same for x and NFC(x);
 *  - fold_key(x) == squash(fold(x)); squash output is trimmed with single
 *    spaces and never longer than its input;
 *  - fold(unaccent(x)) == fold(x);
 *  - a built MATCH expression is exactly  "w" "w" … "w"*  with non-empty
 *    words free of quotes, at most FTS_VI_MAX_TERMS of them.
 */
// FUZZ_SOURCES: src/core/utf8.c src/core/fold.c src/db/fts_vi.c
// FUZZ_PKGS: libutf8proc sqlite3
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "core/fold.h"
#include "core/utf8.h"
#include "db/fts_vi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                                                   \
	do {                                                                                       \
		if (!(c)) {                                                                        \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #c);  \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

static void check_fold_output(const char *f, size_t n)
{
	CHECK(utf8_validate(f, n, NULL) == UTF8_OK);
	size_t pos = 0;
	while (pos < n) {
		uint32_t cp;
		CHECK(utf8_next(f, n, &pos, &cp) == UTF8_OK);
		utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
		CHECK(cat != UTF8PROC_CATEGORY_MN && cat != UTF8PROC_CATEGORY_MC &&
		      cat != UTF8PROC_CATEGORY_ME);
		CHECK(cp != 0x0110 && cp != 0x0111);
		CHECK(!(cp >= 'A' && cp <= 'Z'));
	}
}

static void check_squashed(const char *s, size_t n)
{
	if (n == 0)
		return;
	CHECK(s[0] != ' ' && s[n - 1] != ' ');
	for (size_t i = 1; i < n; i++)
		CHECK(!(s[i] == ' ' && s[i - 1] == ' '));
	CHECK(!memchr(s, '\t', n) && !memchr(s, '\n', n) && !memchr(s, '\r', n));
}

static void check_expr(const char *e, int n)
{
	CHECK(n > 0 && (size_t)n == strlen(e));
	CHECK(utf8_validate(e, (size_t)n, NULL) == UTF8_OK);
	int terms = 0;
	size_t i = 0, len = (size_t)n;
	for (;;) {
		CHECK(i < len && e[i] == '"');
		size_t start = ++i;
		while (i < len && e[i] != '"')
			i++;
		CHECK(i < len && i > start); /* closing quote, non-empty word */
		terms++;
		i++;
		if (i < len && e[i] == ' ') {
			i++;
			continue;
		}
		CHECK(i + 1 == len && e[i] == '*');
		break;
	}
	CHECK(terms >= 1 && terms <= FTS_VI_MAX_TERMS);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	if (size > 64 * 1024)
		return 0;
	int valid = utf8_validate(s, size, NULL) == UTF8_OK;
	size_t nchars;
	CHECK((utf8_count(s, size, &nchars) == UTF8_OK) == valid);
	if (valid)
		CHECK(nchars <= size);

	/* The builder must answer every input without crashing. */
	char *expr = malloc(FTS_VI_EXPR_CAP);
	CHECK(expr);
	int qn = fts_vi_match_query(s, size, expr, FTS_VI_EXPR_CAP);
	if (qn > 0)
		check_expr(expr, qn);
	else
		CHECK(qn == FTS_VI_EEMPTY || qn == FTS_VI_EINVAL || qn == FTS_VI_ETOOLONG ||
		      qn == FTS_VI_ETOOMANY);
	if (size > FTS_VI_QUERY_MAX)
		CHECK(qn == FTS_VI_ETOOLONG);
	else if (!valid)
		CHECK(qn == FTS_VI_EINVAL);
	free(expr);

	size_t cap = size * 4 + 16;
	char *nfc = malloc(cap), *f1 = malloc(cap), *f2 = malloc(cap), *tmp = malloc(cap);
	CHECK(nfc && f1 && f2 && tmp);
	size_t nn = 0, n1 = 0, n2 = 0, nt = 0;

	int rc = utf8_nfc(s, size, nfc, cap, &nn);
	if (!valid) {
		CHECK(rc == UTF8_EINVAL);
		CHECK(fold_text(s, size, f1, cap, &n1) == UTF8_EINVAL);
		CHECK(fold_key(s, size, f1, cap, &n1) == UTF8_EINVAL);
		CHECK(fold_unaccent(s, size, f1, cap, &n1) == UTF8_EINVAL);
		CHECK(fold_squash_space(s, size, f1, cap, &n1) == UTF8_EINVAL);
		CHECK(fold_clean_line(s, size, 100, f1, cap, &n1, NULL) == UTF8_EINVAL);
		goto out;
	}
	CHECK(rc == UTF8_OK);
	CHECK(utf8_validate(nfc, nn, NULL) == UTF8_OK);
	CHECK(utf8_is_nfc(nfc, nn) == 1);
	CHECK(utf8_nfc(nfc, nn, tmp, cap, &nt) == UTF8_OK);
	CHECK(nt == nn && memcmp(tmp, nfc, nn) == 0);

	/* fold: valid, mark-free, idempotent, NFC-insensitive */
	CHECK(fold_text(s, size, f1, cap, &n1) == UTF8_OK);
	check_fold_output(f1, n1);
	CHECK(fold_text(f1, n1, f2, cap, &n2) == UTF8_OK);
	CHECK(n2 == n1 && memcmp(f1, f2, n1) == 0);
	CHECK(fold_text(nfc, nn, f2, cap, &n2) == UTF8_OK);
	CHECK(n2 == n1 && memcmp(f1, f2, n1) == 0);

	/* fold_key == squash(fold) */
	CHECK(fold_squash_space(f1, n1, tmp, cap, &nt) == UTF8_OK);
	CHECK(fold_key(s, size, f2, cap, &n2) == UTF8_OK);
	CHECK(n2 == nt && memcmp(f2, tmp, nt) == 0);
	check_squashed(f2, n2);

	/* squash in place gives the same as into another buffer */
	CHECK(fold_squash_space(s, size, f2, cap, &n2) == UTF8_OK);
	CHECK(n2 <= size);
	check_squashed(f2, n2);
	memcpy(tmp, s, size);
	CHECK(fold_squash_space(tmp, size, tmp, cap, &nt) == UTF8_OK);
	CHECK(nt == n2 && memcmp(tmp, f2, nt) == 0);

	/* unaccent then fold == fold */
	CHECK(fold_unaccent(s, size, tmp, cap, &nt) == UTF8_OK);
	CHECK(utf8_validate(tmp, nt, NULL) == UTF8_OK);
	CHECK(fold_text(tmp, nt, f2, cap, &n2) == UTF8_OK);
	CHECK(n2 == n1 && memcmp(f1, f2, n1) == 0);

	/* clean_line: no controls, count within limit; too small a cap is ENOSPC */
	size_t ncl = 0;
	rc = fold_clean_line(s, size, 50, tmp, FOLD_LINE_CAP(50), &nt, &ncl);
	CHECK(rc == UTF8_OK || rc == UTF8_ETOOLONG || rc == UTF8_ECONTROL);
	if (rc == UTF8_OK) {
		CHECK(ncl <= 50);
		check_squashed(tmp, nt);
		for (size_t i = 0; i < nt; i++)
			CHECK((unsigned char)tmp[i] >= 0x20 && (unsigned char)tmp[i] != 0x7F);
	}
	if (n1 > 0)
		CHECK(fold_text(s, size, tmp, n1, &nt) == UTF8_ENOSPC && tmp[0] == '\0');
out:
	free(nfc);
	free(f1);
	free(f2);
	free(tmp);
	return 0;
}
