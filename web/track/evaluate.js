/*
 * track/evaluate.js — the tracking page's evaluation part (D35): once the
 * dossier has been received, its holder rates the service with the
 * evaluation code printed on the receipt (the QR code and the result mail's
 * link carry it in the address's fragment, #ev=…, which never reaches a
 * server log). The dossier code alone is not enough. Nothing personal is
 * shown; whether the dossier was already rated is not shown either (only the
 * code's holder learns it, by trying).
 *
 * API: GET /api/v1/public/evaluations/form, POST /api/v1/public/evaluations.
 */
import { t, useStrings } from '/js/i18n.js';
import { api } from '/js/api.js';
import { h, replace } from '/js/dom.js';
import { evaluationForm } from '/js/evaluation-form.js';

await useStrings('evaluation');

let labels = null;

function secretFromUrl() {
	const m = /(?:^|&)ev=([0-9A-Fa-f]{10})(?:&|$)/.exec(location.hash.slice(1));
	return m ? m[1].toUpperCase() : '';
}

/* The section for a dossier view (the public tracking JSON), or null. */
export function evaluationPart(d) {
	if (!d || !d.code || d.status === 'submitted') return null;
	const section = h('section', { class: 'mt-6', 'aria-labelledby': 'eval-title', 'data-evaluation': '' }, h('h3', { id: 'eval-title' }, t('evaluate.track_title')), h('p', { class: 'loading' }, '…'));
	(async () => {
		try {
			labels = labels || (await api('GET', 'public/evaluations/form'));
		} catch {
			section.remove();
			return;
		}
		const secret = h('div', { class: 'field', 'data-field': 'secret' }, h('label', { class: 'field__label', for: 'f-ev-secret' }, t('evaluate.secret')), h('input', { class: 'input input--code', id: 'f-ev-secret', name: 'secret', maxlength: '14', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', value: secretFromUrl() }));
		const form = evaluationForm(labels, {
			before: [secret],
			onSubmit: (body) => api('POST', 'public/evaluations', { ...body, dossier: d.code, secret: section.querySelector('[name="secret"]').value, channel: /(?:^|&)via=email(?:&|$)/.test(location.hash.slice(1)) ? 'email' : 'tracking' }),
		});
		replace(section, h('h3', { id: 'eval-title' }, t('evaluate.track_title')), h('p', {}, t('evaluate.track_lead')), form);
	})();
	return section;
}
