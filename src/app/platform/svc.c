/*
 * svc.c — see svc.h.
 */
#include <string.h>

#include "app/platform/svc.h"
#include "core/vntime.h"

json_t *svc_iso(int64_t t)
{
	char s[40];
	vn_format_iso(t, s, sizeof s);
	return json_string(s);
}

json_t *svc_iso_col(struct db_stmt *st, int i)
{
	return db_col_null(st, i) ? json_null() : svc_iso(db_col_int(st, i));
}

json_t *svc_text_or_null(struct db_stmt *st, int i)
{
	const char *s = db_col_text(st, i);
	return s && *s ? json_string(s) : json_null();
}

int svc_has_text(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r')
			return 1;
	return 0;
}

int svc_one_of(const char *s, const char *const *list)
{
	for (; s && *list; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}
