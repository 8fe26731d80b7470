/*
 * recognitions/page.js — the public page of recognised officials and good
 * practices (issue 15; docs/API.md "Recognition"): each with its kind, the
 * official's name, title and unit or the practice's title and unit, the
 * reasons and the citizens' praise, personal data already removed by the
 * server. Filters: ?agency=CODE&year=YYYY.
 *
 * API: GET /api/v1/public/recognitions?agency=&year=, GET /api/v1/agencies
 */
import { start, pageNotice, clearPageNotice, t } from '/js/layout.js';
import { api } from '/js/api.js';
import { fmtDate } from '/js/format.js';
import { $, h, replace, badge } from '/js/dom.js';

await start({ strings: ['recognition'] });

const params = new URLSearchParams(location.search);
const form = $('[data-filter]');

function card(r) {
	const who = r.official
		? [h('h2', { class: 'mt-0', 'data-name': '' }, r.official.name), h('p', { class: 'mb-0' }, [r.official.title, r.official.unit].filter(Boolean).join(' — '))]
		: [h('h2', { class: 'mt-0', 'data-name': '' }, r.practice.title), h('p', { class: 'mb-0' }, r.practice.unit)];
	return h(
		'li',
		{ class: 'card', 'data-recognition-id': r.id },
		h('p', { class: 'mb-0' }, badge(r.kind === 'official' ? 'ok' : 'info', t('rec.kind.' + r.kind)), ' ', r.agency.name, ' · ', String(r.year)),
		...who,
		h('h3', {}, t('rec.reasons')),
		...r.reasons.split('\n').filter(Boolean).map((line) => h('p', { class: 'mb-0' }, line)),
		r.praises.length ? h('h3', {}, t('rec.praises')) : null,
		...r.praises.map((p) => h('blockquote', { class: 'mb-0' }, p)),
		r.recognised_at ? h('p', { class: 'small muted' }, t('rec.recognised_at', { date: fmtDate(r.recognised_at) })) : null
	);
}

async function fillFilters() {
	try {
		const a = await api('GET', 'agencies');
		for (const ag of a.items) form.agency.append(h('option', { value: ag.code }, ag.name));
	} catch {
		/* the filter stays with "all" */
	}
	const y = new Date().getFullYear();
	for (let i = 0; i <= 5; i++) form.year.append(h('option', { value: String(y - i) }, String(y - i)));
	form.agency.value = params.get('agency') || '';
	form.year.value = params.get('year') || '';
}

async function load() {
	try {
		const r = await api('GET', 'public/recognitions', undefined, { query: { agency: form.agency.value || undefined, year: form.year.value || undefined } });
		clearPageNotice();
		replace($('[data-count]'), r.items.length ? t('rec.count', { count: r.items.length }) : t('rec.none'));
		replace($('[data-list]'), ...r.items.map(card));
	} catch (e) {
		pageNotice('error', t('rec.load_failed'), e.message, load);
	}
}

form.addEventListener('submit', (ev) => {
	ev.preventDefault();
	const q = new URLSearchParams();
	if (form.agency.value) q.set('agency', form.agency.value);
	if (form.year.value) q.set('year', form.year.value);
	history.replaceState(null, '', '/recognitions/' + (q.toString() ? '?' + q : ''));
	load();
});
await fillFilters();
await load();
