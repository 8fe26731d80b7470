/*
 * html.h — THE escaper for text put into HTML (and SVG/XML): every value
 * that did not come from a string literal in our own code goes through
 * html_esc() before it is appended to a page.
 *
 * Escapes & < > " ' so the result is safe both as element text and inside
 * a double- or single-quoted attribute value. It does not make a value safe
 * inside <script>, <style>, an unquoted attribute or a URL scheme position:
 * motcua pages never put data there.
 *
 * Pure functions; thread-safe.
 */
#ifndef MOTCUA_CORE_HTML_H
#define MOTCUA_CORE_HTML_H

#include <stddef.h>

#include "core/mem.h"

/* Append s (NUL-terminated; NULL = nothing) escaped to b. 0, or -1 when the
 * buffer's ceiling is reached (b then holds a prefix of the escaped text). */
int html_esc(struct buf *b, const char *s);
/* The same for s[0..n). */
int html_escn(struct buf *b, const char *s, size_t n);

#endif
