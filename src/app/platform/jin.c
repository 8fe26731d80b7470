/*
 * jin.c — JSON and query-string input validation. See jin.h.
 */
#include "app/platform/jin.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/fold.h"
#include "core/query.h"
#include "core/utf8.h"
#include "core/vntime.h"

int jin_required(struct ctx *c, const char *field)
{
	problem_field(&c->prob, field, "Vui lòng nhập thông tin bắt buộc này.",
		      "This field is required.");
	return -1;
}

int jin_invalid(struct ctx *c, const char *field)
{
	problem_field(&c->prob, field, "Giá trị không hợp lệ.", "The value is not valid.");
	return -1;
}

static int too_long(struct ctx *c, const char *field)
{
	problem_field(&c->prob, field, "Nội dung quá dài.", "The text is too long.");
	return -1;
}

/* Absent, null or "" → 1 (missing). */
static int missing(json_t *v)
{
	return !v || json_is_null(v) || (json_is_string(v) && json_string_length(v) == 0);
}

int jin_line(struct ctx *c, json_t *obj, const char *key, const char *field, size_t max_chars,
	     enum jin_req req, const char **out)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (missing(v))
		return req ? jin_required(c, field) : 0;
	if (!json_is_string(v))
		return jin_invalid(c, field);
	size_t cap = FOLD_LINE_CAP(max_chars);
	size_t len = json_string_length(v);
	if (len > cap * 2)
		return too_long(c, field);
	char *buf = arena_alloc(&c->r->arena, cap);
	size_t n = 0, chars = 0;
	int rc = fold_clean_line(json_string_value(v), len, max_chars, buf, cap, &n, &chars);
	if (rc == UTF8_ETOOLONG || rc == UTF8_ENOSPC)
		return too_long(c, field);
	if (rc != UTF8_OK)
		return jin_invalid(c, field);
	if (n == 0)
		return req ? jin_required(c, field) : 0;
	*out = buf;
	return 0;
}

int jin_text(struct ctx *c, json_t *obj, const char *key, const char *field, size_t max_chars,
	     enum jin_req req, const char **out)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (missing(v))
		return req ? jin_required(c, field) : 0;
	if (!json_is_string(v))
		return jin_invalid(c, field);
	size_t len = json_string_length(v);
	if (len > max_chars * 4 + 16)
		return too_long(c, field);
	char *nfc = NULL;
	size_t n = 0;
	if (utf8_nfc_dup(json_string_value(v), len, max_chars * 4 + 16, &nfc, &n) != UTF8_OK)
		return jin_invalid(c, field);
	char *buf = arena_alloc(&c->r->arena, n + 1);
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)nfc[i];
		if (ch == '\r' && i + 1 < n && nfc[i + 1] == '\n')
			continue;
		if ((ch < 0x20 && ch != '\n' && ch != '\t') || ch == 0x7f) {
			free(nfc);
			return jin_invalid(c, field);
		}
		buf[j++] = (char)ch;
	}
	free(nfc);
	while (j && (buf[j - 1] == ' ' || buf[j - 1] == '\n' || buf[j - 1] == '\t'))
		j--;
	size_t start = 0;
	while (start < j && (buf[start] == ' ' || buf[start] == '\n' || buf[start] == '\t'))
		start++;
	buf[j] = '\0';
	size_t chars = 0;
	utf8_count(buf + start, j - start, &chars);
	if (chars > max_chars)
		return too_long(c, field);
	if (j == start)
		return req ? jin_required(c, field) : 0;
	*out = buf + start;
	return 0;
}

int jin_int(struct ctx *c, json_t *obj, const char *key, const char *field, long long min,
	    long long max, enum jin_req req, long long *out, int *present)
{
	json_t *v = json_object_get(obj, key);
	if (present)
		*present = 0;
	if (!v || json_is_null(v))
		return req ? jin_required(c, field) : 0;
	if (!json_is_integer(v))
		return jin_invalid(c, field);
	long long x = json_integer_value(v);
	if (x < min || x > max)
		return jin_invalid(c, field);
	*out = x;
	if (present)
		*present = 1;
	return 0;
}

int jin_number(struct ctx *c, json_t *obj, const char *key, const char *field, double min,
	       double max, enum jin_req req, double *out, int *present)
{
	json_t *v = json_object_get(obj, key);
	if (present)
		*present = 0;
	if (!v || json_is_null(v))
		return req ? jin_required(c, field) : 0;
	if (!json_is_number(v))
		return jin_invalid(c, field);
	double x = json_number_value(v);
	if (!isfinite(x) || x < min || x > max)
		return jin_invalid(c, field);
	*out = x;
	if (present)
		*present = 1;
	return 0;
}

int jin_bool(struct ctx *c, json_t *obj, const char *key, const char *field, enum jin_req req,
	     int *out, int *present)
{
	json_t *v = json_object_get(obj, key);
	if (present)
		*present = 0;
	if (!v || json_is_null(v))
		return req ? jin_required(c, field) : 0;
	if (!json_is_boolean(v))
		return jin_invalid(c, field);
	*out = json_is_true(v);
	if (present)
		*present = 1;
	return 0;
}

int jin_enum(struct ctx *c, json_t *obj, const char *key, const char *field,
	     const char *const *allowed, enum jin_req req, const char **out)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (missing(v))
		return req ? jin_required(c, field) : 0;
	if (!json_is_string(v))
		return jin_invalid(c, field);
	for (const char *const *a = allowed; *a; a++)
		if (strcmp(*a, json_string_value(v)) == 0) {
			*out = *a;
			return 0;
		}
	return jin_invalid(c, field);
}

int jin_object(struct ctx *c, json_t *obj, const char *key, const char *field, enum jin_req req,
	       json_t **out)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return req ? jin_required(c, field) : 0;
	if (!json_is_object(v))
		return jin_invalid(c, field);
	*out = v;
	return 0;
}

int jin_array(struct ctx *c, json_t *obj, const char *key, const char *field, size_t max,
	      enum jin_req req, json_t **out)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return req ? jin_required(c, field) : 0;
	if (!json_is_array(v))
		return jin_invalid(c, field);
	if (json_array_size(v) > max) {
		problem_field(&c->prob, field, "Danh sách quá dài.", "The list is too long.");
		return -1;
	}
	*out = v;
	return 0;
}

int qs_int(struct ctx *c, const char *name, long long min, long long max, long long dflt,
	   long long *out)
{
	if (query_int(http_query(c->r, name), min, max, dflt, out) != 0) {
		problem_set(&c->prob, ERR_BAD_REQUEST, "bad_parameter", name,
			    "Tham số truy vấn không hợp lệ.", "A query parameter is not valid.");
		return -1;
	}
	return 0;
}

int qs_bool(struct ctx *c, const char *name, int *out)
{
	if (query_bool(http_query(c->r, name), out) != 0) {
		problem_set(&c->prob, ERR_BAD_REQUEST, "bad_parameter", name,
			    "Tham số truy vấn không hợp lệ.", "A query parameter is not valid.");
		return -1;
	}
	return 0;
}

int qs_line(struct ctx *c, const char *name, size_t max_chars, const char **out)
{
	const char *v = http_query(c->r, name);
	*out = NULL;
	if (!v || !v[0])
		return 0;
	size_t cap = FOLD_LINE_CAP(max_chars);
	char *buf = arena_alloc(&c->r->arena, cap);
	size_t n = 0;
	int rc = fold_clean_line(v, strlen(v), max_chars, buf, cap, &n, NULL);
	if (rc != UTF8_OK) {
		problem_set(&c->prob, ERR_BAD_REQUEST, "bad_parameter", name,
			    "Tham số truy vấn không hợp lệ.", "A query parameter is not valid.");
		return -1;
	}
	*out = n ? buf : NULL;
	return 0;
}

int qs_date(struct ctx *c, const char *name, int64_t *out)
{
	const char *v;
	if (qs_line(c, name, 20, &v))
		return -1;
	if (!v)
		return 1;
	if (vn_parse_date(v, strlen(v), out) != 0) {
		problem_set(&c->prob, ERR_BAD_REQUEST, "bad_parameter", name,
			    "Ngày phải có dạng YYYY-MM-DD và là ngày có thật.",
			    "The date must be YYYY-MM-DD and exist.");
		return -1;
	}
	return 0;
}

int param_id(struct ctx *c, int i, long long *id, const char *code, const char *vi, const char *en)
{
	const char *s = c->param[i];
	char *end;
	if (s && s[0] >= '1' && s[0] <= '9' && strlen(s) <= 15) {
		*id = strtoll(s, &end, 10);
		if (!*end)
			return 0;
	}
	if (code)
		problem_set(&c->prob, ERR_NOT_FOUND, code, NULL, vi, en);
	else
		problem_set(&c->prob, ERR_NOT_FOUND, "not_found", NULL, "Không tìm thấy.",
			    "Not found.");
	return -1;
}
