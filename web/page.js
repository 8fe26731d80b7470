/*
 * page.js — the home page (/). Everything on it is already in the HTML;
 * this only starts the shared layout (language, centre facts) and, when
 * the centre's facts cannot be loaded, says the ones shown may be old.
 */
import { start, centreReady, t } from '/js/layout.js';
import { h, replace } from '/js/dom.js';

await start({ strings: ['home'] });

const centre = await centreReady();
if (!centre) {
	const box = document.querySelector('[data-contact-notice]');
	if (box) {
		replace(
			box,
			h('div', { class: 'notice notice--warning', role: 'status' },
				h('p', { 'data-i18n': 'home.contact_stale' }, t('home.contact_stale')))
		);
	}
}
