/*
 * qr.h — QR codes as inline SVG, for the papers motcua prints (the receipt
 * carries the public tracking URL of its dossier).
 *
 * The symbol is made by libqrencode at error-correction level M (about 15 %
 * of the code may be smudged or torn and it still reads), byte mode, the
 * smallest version that holds the text. The SVG draws one module per user
 * unit: a white square with a quiet zone of 4 modules on every side, and the
 * dark modules as ONE <path>, with shape-rendering="crispEdges" so printers
 * and screens do not blur the edges; its <title> names it for screen
 * readers (role="img").
 *
 * Thread-safe (libqrencode is built thread-safe on Debian); no global state.
 */
#ifndef MOTCUA_QR_QR_H
#define MOTCUA_QR_QR_H

#include <stddef.h>

#define QR_QUIET 4       /* modules of white border, as ISO/IEC 18004 asks */
#define QR_MAX_TEXT 2000 /* bytes; version 40-M holds 2331 */

struct qr_info {
	int version; /* 1..40 */
	int width;   /* modules per side without the quiet zone: 17 + 4 * version */
	int dark;    /* dark modules drawn */
};

/*
 * The SVG of a QR code of `text`, malloc'd, NUL-terminated (the caller
 * frees it), or NULL when text is NULL, empty, longer than QR_MAX_TEXT or
 * does not fit a symbol. `title` (may be NULL) becomes the <title>, escaped;
 * `css_class` (may be NULL) the class attribute, escaped. `info` (may be
 * NULL) receives what was drawn.
 */
char *qr_svg(const char *text, const char *title, const char *css_class, struct qr_info *info);

#endif
