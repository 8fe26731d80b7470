/*
 * print-page.js — the module of the printable papers the server draws
 * (statutory forms: /api/v1/dossiers/{code}/forms/{kind}; the tracking book:
 * /api/v1/books/tracking). The paper itself needs no script: this only
 * wires the toolbar, which print.css never prints.
 *
 *   [data-action="print"]  prints the page (the browser's dialog: A4, margins
 *                          from print.css's @page)
 *   [data-action="back"]   back to the page that opened the paper, or its href
 *   ?print=1               prints once the paper's fonts are loaded (a
 *                          "Print receipt" button elsewhere can open the paper
 *                          in a new tab with it)
 *
 * The toolbar follows the screen language (its elements carry data-i18n);
 * the papers stay in Vietnamese whatever it is (each sheet has lang="vi").
 */
import { initI18n } from './i18n.js';

document.documentElement.classList.add('js');

function printWhenReady() {
	/* print with the paper's own font, never the fallback */
	const ready = document.fonts && document.fonts.ready ? document.fonts.ready : Promise.resolve();
	ready.then(() => window.print());
}

for (const b of document.querySelectorAll('[data-action="print"]')) {
	b.addEventListener('click', printWhenReady);
}

for (const a of document.querySelectorAll('[data-action="back"]')) {
	a.addEventListener('click', (ev) => {
		let sameSite = false;
		try {
			sameSite = document.referrer !== '' && new URL(document.referrer).origin === location.origin;
		} catch {
			sameSite = false;
		}
		if (sameSite && history.length > 1) {
			ev.preventDefault();
			history.back();
		}
	});
}

if (new URLSearchParams(location.search).get('print') === '1') printWhenReady();

await initI18n().catch(() => {
	/* strings failed to load: the toolbar stays in Vietnamese */
});
