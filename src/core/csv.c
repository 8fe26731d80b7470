/*
 * csv.c — see csv.h. The reader copies each record's fields, unquoted and
 * NUL-terminated, into one growing buffer; `field[]` points into it.
 */
#include "core/csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void csv_reader_init(struct csv_reader *r, const char *s, size_t len)
{
	memset(r, 0, sizeof *r);
	r->s = s;
	r->len = len;
	r->next_line = 1;
	if (len >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
	    (unsigned char)s[2] == 0xBF)
		r->pos = 3;
}

void csv_reader_free(struct csv_reader *r)
{
	free(r->buf);
	r->buf = NULL;
}

const char *csv_field(const struct csv_reader *r, int i)
{
	return (i >= 0 && i < r->nfields) ? r->field[i] : "";
}

static int put(struct csv_reader *r, size_t *n, char ch)
{
	if (*n + 1 >= r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 1024;
		r->buf = xrealloc(r->buf, cap);
		r->cap = cap;
	}
	r->buf[(*n)++] = ch;
	return 0;
}

int csv_next(struct csv_reader *r)
{
	for (;;) {
		if (r->pos >= r->len)
			return 0;
		/* skip blank lines */
		if (r->s[r->pos] == '\n') {
			r->pos++;
			r->next_line++;
			continue;
		}
		if (r->s[r->pos] == '\r' && r->pos + 1 < r->len && r->s[r->pos + 1] == '\n') {
			r->pos += 2;
			r->next_line++;
			continue;
		}
		break;
	}
	r->line = r->next_line;
	r->nfields = 0;
	size_t n = 0;
	size_t offs[CSV_MAX_FIELDS];
	size_t start = 0;
	for (;;) {
		if (r->nfields >= CSV_MAX_FIELDS) {
			r->error = "too many fields in a record";
			return -1;
		}
		start = n;
		int quoted = 0;
		if (r->pos < r->len && r->s[r->pos] == '"') {
			quoted = 1;
			r->pos++;
		}
		for (;;) {
			if (r->pos >= r->len) {
				if (quoted) {
					r->error = "unterminated quoted field";
					return -1;
				}
				break;
			}
			char ch = r->s[r->pos];
			if (quoted) {
				if (ch == '"') {
					if (r->pos + 1 < r->len && r->s[r->pos + 1] == '"') {
						put(r, &n, '"');
						r->pos += 2;
						continue;
					}
					r->pos++;
					quoted = 0;
					if (r->pos < r->len && r->s[r->pos] != ',' &&
					    r->s[r->pos] != '\n' && r->s[r->pos] != '\r') {
						r->error = "text after a closing quote";
						return -1;
					}
					continue;
				}
				if (ch == '\n')
					r->next_line++;
				put(r, &n, ch);
				r->pos++;
			} else {
				if (ch == ',' || ch == '\n' ||
				    (ch == '\r' && r->pos + 1 < r->len && r->s[r->pos + 1] == '\n'))
					break;
				if (ch == '"') {
					r->error = "a quote inside an unquoted field";
					return -1;
				}
				put(r, &n, ch);
				r->pos++;
			}
			if (n - start > CSV_MAX_FIELD) {
				r->error = "field too long";
				return -1;
			}
		}
		r->flen[r->nfields] = n - start;
		put(r, &n, '\0');
		offs[r->nfields++] = start;
		if (r->pos < r->len && r->s[r->pos] == ',') {
			r->pos++;
			continue;
		}
		if (r->pos < r->len && r->s[r->pos] == '\r')
			r->pos++;
		if (r->pos < r->len && r->s[r->pos] == '\n') {
			r->pos++;
			r->next_line++;
		}
		break;
	}
	for (int i = 0; i < r->nfields; i++)
		r->field[i] = r->buf + offs[i];
	return 1;
}

int csv_put(struct buf *b, const char *s, int last)
{
	if (!s)
		s = "";
	int rc = 0;
	/* quoted also when it starts with a byte-order mark, which a reader
	 * would otherwise take for the file's and drop */
	if (strpbrk(s, ",\"\r\n") || strncmp(s, "\xEF\xBB\xBF", 3) == 0) {
		rc |= buf_append(b, "\"", 1);
		for (const char *p = s; *p; p++)
			rc |= *p == '"' ? buf_append(b, "\"\"", 2) : buf_append(b, p, 1);
		rc |= buf_append(b, "\"", 1);
	} else {
		rc |= buf_puts(b, s);
	}
	rc |= last ? buf_append(b, "\r\n", 2) : buf_append(b, ",", 1);
	return rc ? -1 : 0;
}

int csv_put_num(struct buf *b, double v, int last)
{
	char tmp[40];
	snprintf(tmp, sizeof tmp, "%.10g", v);
	return csv_put(b, tmp, last);
}

int csv_formula_like(const char *s)
{
	return s && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
		     s[0] == '\r' || s[0] == '\'');
}

int csv_put_text(struct buf *b, const char *s, int last)
{
	if (!csv_formula_like(s))
		return csv_put(b, s, last);
	/* the apostrophe, then s quoted as csv_put would quote it */
	int quote = strpbrk(s, ",\"\r\n") != NULL;
	int rc = buf_append(b, quote ? "\"'" : "'", quote ? 2 : 1);
	if (quote) {
		for (const char *p = s; *p; p++)
			rc |= *p == '"' ? buf_append(b, "\"\"", 2) : buf_append(b, p, 1);
		rc |= buf_append(b, "\"", 1);
	} else {
		rc |= buf_puts(b, s);
	}
	rc |= last ? buf_append(b, "\r\n", 2) : buf_append(b, ",", 1);
	return rc ? -1 : 0;
}

const char *csv_untext(const char *s)
{
	return s && s[0] == '\'' ? s + 1 : s;
}
