/*
 * /staff/evaluations/ — the heads' and leaders' list of the citizens'
 * evaluations of their agency (D35: where a "not satisfied" is surfaced),
 * "not satisfied" first by default, with the reasons, the comment, the
 * dossier or ticket, the officer and the counter.
 *
 * API: GET /api/v1/service-evaluations?level=
 */
import { startStaff, pageNotice, clearPageNotice, t } from '/js/layout.js';
import { api } from '/js/api.js';
import { fmtDateTime } from '/js/format.js';
import { $, h, replace, badge } from '/js/dom.js';

await startStaff({ strings: ['evaluation'] });
$('[data-staff-loading]').hidden = true;
const form = $('[data-filter]');
let labels = null;

function reasonName(code) {
	const r = labels && labels.reasons.find((x) => x.code === code);
	return r ? (document.documentElement.lang === 'en' ? r.name_en : r.name) : code;
}

function item(e) {
	const kind = e.level === 'not_satisfied' ? 'late' : 'ok';
	const where = [];
	if (e.dossier) where.push(h('a', { href: `/staff/dossier/?code=${encodeURIComponent(e.dossier)}` }, e.dossier));
	if (e.ticket) where.push(t('evlist.ticket', { number: e.ticket }));
	if (e.counter) where.push(t('evlist.counter', { counter: e.counter }));
	if (e.officer) where.push(e.officer);
	return h(
		'li',
		{ class: 'card', 'data-evaluation-id': e.id },
		h('p', { class: 'mb-0' }, badge(kind, t('level.' + e.level)), ' ', fmtDateTime(e.created_at), ' · ', t('channel.' + e.channel)),
		h('p', { class: 'mb-0' }, ...where.flatMap((w, i) => (i ? [' · ', w] : [w]))),
		e.reasons.length ? h('p', { class: 'mb-0' }, e.reasons.map(reasonName).join('; ')) : null,
		e.comment ? h('blockquote', { class: 'mb-0' }, e.comment) : null
	);
}

async function load() {
	try {
		labels = labels || (await api('GET', 'public/evaluations/form'));
		const r = await api('GET', 'service-evaluations', undefined, { query: { level: form.level.value || undefined } });
		clearPageNotice();
		replace($('[data-summary]'), h('p', { class: 'lead', 'data-not-satisfied-count': r.not_satisfied_30_days }, t('evlist.summary', { count: r.not_satisfied_30_days })));
		replace($('[data-list]'), r.items.length ? h('ul', { class: 'evlist' }, ...r.items.map(item)) : h('p', {}, t('evlist.empty')));
	} catch (e) {
		pageNotice('error', t('fig.load_failed'), e.message, load);
	}
}

form.addEventListener('submit', (ev) => {
	ev.preventDefault();
	load();
});
await load();
