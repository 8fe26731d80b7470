/*
 * html.c — see html.h. Runs of harmless bytes are appended in one call;
 * each special character is replaced by its entity. UTF-8 passes through
 * untouched (every special character is ASCII, and no byte of a multibyte
 * sequence is ASCII).
 */
#include "core/html.h"

#include <string.h>

int html_escn(struct buf *b, const char *s, size_t n)
{
	if (!s)
		return 0;
	size_t start = 0;
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		const char *ent;
		switch (s[i]) {
		case '&': ent = "&amp;"; break;
		case '<': ent = "&lt;"; break;
		case '>': ent = "&gt;"; break;
		case '"': ent = "&quot;"; break;
		case '\'': ent = "&#39;"; break;
		default: continue;
		}
		if (i > start)
			rc |= buf_append(b, s + start, i - start);
		rc |= buf_puts(b, ent);
		start = i + 1;
	}
	if (n > start)
		rc |= buf_append(b, s + start, n - start);
	return rc ? -1 : 0;
}

int html_esc(struct buf *b, const char *s)
{
	return s ? html_escn(b, s, strlen(s)) : 0;
}
