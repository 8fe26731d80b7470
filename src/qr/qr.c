/*
 * qr.c — see qr.h. One libqrencode call, then the modules become a path:
 * each horizontal run of dark modules on a row is one sub-path
 * "M x y h n v 1 h -n z", so a typical URL code is a couple of KB.
 *
 * Ownership: the QRcode from libqrencode is freed here; the SVG string is
 * returned to the caller. No global state; thread-safe.
 */
#include "qr/qr.h"

#include <qrencode.h>
#include <string.h>

#include "core/html.h"
#include "core/mem.h"

#define QR_SVG_MAX (256u << 10)

char *qr_svg(const char *text, const char *title, const char *css_class, struct qr_info *info)
{
	if (!text || !text[0] || strlen(text) > QR_MAX_TEXT)
		return NULL;
	QRcode *q = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
	if (!q)
		return NULL;
	int w = q->width, side = w + 2 * QR_QUIET, dark = 0, rc = 0;
	struct buf b;
	buf_init(&b, QR_SVG_MAX);
	rc |= buf_printf(&b,
			 "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\""
			 " shape-rendering=\"crispEdges\" role=\"img\"",
			 side, side);
	if (css_class && css_class[0]) {
		rc |= buf_puts(&b, " class=\"");
		rc |= html_esc(&b, css_class);
		rc |= buf_puts(&b, "\"");
	}
	rc |= buf_puts(&b, "><title>");
	rc |= html_esc(&b, title && title[0] ? title : "Mã QR");
	rc |= buf_printf(&b, "</title><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path d=\"",
			 side, side);
	for (int y = 0; y < w; y++) {
		const unsigned char *row = q->data + (size_t)y * (size_t)w;
		for (int x = 0; x < w;) {
			if (!(row[x] & 1)) {
				x++;
				continue;
			}
			int run = 0;
			while (x + run < w && (row[x + run] & 1))
				run++;
			rc |= buf_printf(&b, "M%d %dh%dv1h-%dz", x + QR_QUIET, y + QR_QUIET, run,
					 run);
			dark += run;
			x += run;
		}
	}
	rc |= buf_puts(&b, "\" fill=\"#000\"/></svg>");
	if (info) {
		info->version = q->version;
		info->width = w;
		info->dark = dark;
	}
	QRcode_free(q);
	if (rc) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b, NULL);
}
