/*
 * holidays_int.h — shared between holidays.c and holidays_csv.c only; not
 * part of the module's API (include holidays.h instead).
 */
#ifndef MOTCUA_CORE_HOLIDAYS_INT_H
#define MOTCUA_CORE_HOLIDAYS_INT_H

#include <stddef.h>

#include "core/holidays.h"

/* Fill err (may be NULL) and return -1. */
int hol_fail(struct hol_error *err, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* 1 if s[0..n) is valid UTF-8 without control characters. */
int hol_text_ok(const char *s, size_t n);
int hol_check_rule(const struct hol_rule *r, int line, struct hol_error *err);
int hol_check_row(const struct hol_row *r, int line, struct hol_error *err);
/* hol_set_rules / hol_replace_years with the CSV line of each element
 * (lines may be NULL) for error messages. */
int hol_set_rules_lines(struct hol_calendar *c, const struct hol_rule *rules, size_t n,
			const int *lines, struct hol_error *err);
int hol_replace_years_lines(struct hol_calendar *c, const struct hol_row *rows, size_t n,
			    const int *lines, struct hol_error *err);

#endif
