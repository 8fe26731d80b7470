/*
 * /criteria/ — the public page of an agency's published public-service
 * ethics criteria for a year (issue 15, item 1; D42): citizens hold the
 * officials to them. Nothing before publication (404 → a plain notice).
 *
 * API: GET /api/v1/agencies, GET /api/v1/public/criteria?agency=&year=
 */
import { start, loadCentre, pageNotice, clearPageNotice, t } from '/js/layout.js';
import { api, ApiError } from '/js/api.js';
import { fmtDate } from '/js/format.js';
import { $, h, replace, notice } from '/js/dom.js';

await start({ strings: ['officials'] });
const form = $('[data-form]');
const params = new URLSearchParams(location.search);

async function agencies() {
	const [list, centre] = await Promise.all([api('GET', 'agencies'), loadCentre().catch(() => null)]);
	const home = params.get('agency') || (centre && centre.agency && centre.agency.code) || '';
	replace(form.agency, ...list.items.filter((a) => a.level !== 'province').map((a) => h('option', { value: a.code, selected: a.code === home }, a.name)));
	form.year.value = params.get('year') || String(new Date().getFullYear());
}

function view(s) {
	return h(
		'div',
		{ 'data-criteria-set': s.agency },
		h('p', {}, t('crit.published_at', { date: fmtDate(s.published_at) })),
		...s.groups.map((g) =>
			h(
				'section',
				{ class: 'card' },
				h('h2', { class: 'mt-0' }, g.name),
				h('ol', {}, ...g.criteria.map((c) => h('li', { 'data-criterion': c.id }, c.text)))
			)
		)
	);
}

async function load() {
	try {
		const s = await api('GET', 'public/criteria', undefined, { query: { agency: form.agency.value, year: form.year.value } });
		clearPageNotice();
		replace($('[data-set]'), view(s));
	} catch (e) {
		if (e instanceof ApiError && e.status === 404) {
			clearPageNotice();
			replace($('[data-set]'), notice('info', t('crit.not_published')));
		} else pageNotice('error', t('off.load_failed'), e.message, load);
	}
}

form.addEventListener('submit', (ev) => {
	ev.preventDefault();
	history.replaceState(null, '', `?agency=${encodeURIComponent(form.agency.value)}&year=${encodeURIComponent(form.year.value)}`);
	load();
});
try {
	await agencies();
	await load();
} catch (e) {
	pageNotice('error', t('off.load_failed'), e.message, () => location.reload());
}
