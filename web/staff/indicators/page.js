/*
 * /staff/indicators/ — the service-quality indicators of Decision 766 that
 * the centre's data can compute (issue 14, item 2): the score of each group
 * out of its maximum (and out of what motcua can measure), each indicator
 * with its formula, numerator, denominator, rate and points; what cannot be
 * measured says why. A click on a number lists what is behind it — the
 * dossiers, procedures or petitions that cost points — a page at a time.
 *
 * API: GET /api/v1/indicators?from=&to=[&agency=]
 *      GET /api/v1/indicators/{code}/items?from=&to=[&agency=]&limit=&offset=
 */
import { startStaff, pageNotice, clearPageNotice, t } from '/js/layout.js';
import { api } from '/js/api.js';
import { showErrors, errorsFromApi } from '/js/forms.js';
import { $, h, replace } from '/js/dom.js';
import { hasRole } from '/js/auth.js';
import { lang } from '/js/i18n.js';
import { fmtDateTime, fmtNumber, fmtPercent } from '/js/format.js';

const me = await startStaff({ strings: ['indicator', 'catalogue'] });
$('[data-staff-loading]').hidden = true;
const form = $('[data-ind-form]');
const out = $('[data-ind-out]');
const itemsBox = $('[data-items]');
const PAGE = 50;
const SVG = 'http://www.w3.org/2000/svg';
let last = null; /* the query shown */

const L = (o, k) => (lang() === 'en' ? o[k + '_en'] : o[k + '_vi']);
const pts = (v) => (v === null || v === undefined ? '—' : fmtNumber(v, 2));
const rate = (v) => (v === null || v === undefined ? '—' : fmtPercent(v * 100, 1));

/* A bar of points out of a maximum (SVG: no inline style). */
function bar(points, max) {
	const s = document.createElementNS(SVG, 'svg');
	s.setAttribute('class', 'ind__bar');
	s.setAttribute('viewBox', '0 0 100 10');
	s.setAttribute('preserveAspectRatio', 'none');
	s.setAttribute('aria-hidden', 'true');
	const bg = document.createElementNS(SVG, 'rect');
	bg.setAttribute('class', 'ind__bar-bg');
	bg.setAttribute('width', '100');
	bg.setAttribute('height', '10');
	const fg = document.createElementNS(SVG, 'rect');
	fg.setAttribute('class', 'ind__bar-fg');
	fg.setAttribute('width', String(max > 0 ? Math.min(100, (100 * points) / max).toFixed(1) : 0));
	fg.setAttribute('height', '10');
	s.append(bg, fg);
	return s;
}

/* A number that opens the list behind it. */
function drill(i, value) {
	if (!i.drill || value === null || value === undefined) return String(value ?? '—');
	return h('button', { type: 'button', class: 'btn--link', 'data-drill': i.code, title: t('ind.drill_hint') }, fmtNumber(value, 0));
}

function indicatorRow(i) {
	const name = h('td', {}, h('strong', {}, L(i, 'name')), h('div', { class: 'ind__formula' }, L(i, 'formula')));
	if (!i.measured)
		return h(
			'tr',
			{ 'data-ind': i.code, 'data-measured': 'false' },
			h('th', { scope: 'row' }, i.code),
			name,
			h('td', { colspan: 4 }, h('span', { class: 'badge' }, t('ind.not_measured')), ' ', L(i, 'reason')),
			h('td', { class: 'num' }, '—'),
			h('td', { class: 'num' }, fmtNumber(i.max_points, 0))
		);
	if (i.code === '2.2')
		return h(
			'tr',
			{ 'data-ind': i.code },
			h('th', { scope: 'row' }, i.code),
			name,
			h('td', { colspan: 4 }, t('ind.averages', { n: fmtNumber(i.denominator, 0) }), ' ', drill({ ...i, drill: true }, (i.procedures || []).length), ' ', t('ind.procedures_word')),
			h('td', { class: 'num' }, t('ind.display_only')),
			h('td', { class: 'num' }, '—')
		);
	return h(
		'tr',
		{ 'data-ind': i.code },
		h('th', { scope: 'row' }, i.code),
		name,
		h('td', { class: 'num', 'data-num': '' }, drill(i, i.numerator)),
		h('td', { class: 'num', 'data-den': '' }, fmtNumber(i.denominator, 0)),
		h('td', { class: 'num', 'data-rate': '' }, rate(i.rate)),
		h('td', { class: 'num' }, i.full_at ? t('ind.full_at', { rate: rate(i.full_at) }) : ''),
		h('td', { class: 'num', 'data-points': '' }, pts(i.points)),
		h('td', { class: 'num' }, fmtNumber(i.max_points, 0))
	);
}

function groupSection(g) {
	const head = ['ind.col.code', 'ind.col.indicator', 'ind.col.numerator', 'ind.col.denominator', 'ind.col.rate', 'ind.col.full_at', 'ind.col.points', 'ind.col.max'];
	return h(
		'section',
		{ class: 'ind__group', 'data-group': g.code, 'aria-labelledby': 'g-' + g.code },
		h('h2', { id: 'g-' + g.code }, `${g.code === '3p' ? '3′' : g.code}. ${L(g, 'name')}`),
		h('p', { 'data-group-score': '' }, t('ind.group_score', { points: pts(g.points), measured: fmtNumber(g.measured_max, 0), max: fmtNumber(g.max, 0) })),
		bar(g.points, g.max),
		h('div', { class: 'table-wrap', role: 'region', tabindex: '0', 'aria-label': L(g, 'name') }, h('table', { class: 'table ind__table' }, h('thead', {}, h('tr', {}, ...head.map((k) => h('th', { scope: 'col' }, t(k))))), h('tbody', {}, ...g.indicators.map(indicatorRow))))
	);
}

async function load() {
	const q = { from: form.from.value || undefined, to: form.to.value || undefined, agency: form.agency.value || undefined };
	try {
		const r = await api('GET', 'indicators', undefined, { query: q });
		clearPageNotice();
		last = { from: r.from, to: r.to, agency: r.agency ? r.agency.code : undefined };
		form.from.value = r.from;
		form.to.value = r.to;
		itemsBox.hidden = true;
		replace(
			out,
			h('p', { class: 'ind__total', 'data-total': '' }, t('ind.total', { points: pts(r.total.points), measured: fmtNumber(r.total.measured_max, 0), max: fmtNumber(r.total.max, 0) })),
			bar(r.total.points, r.total.measured_max),
			h('p', {}, r.agency ? t('ind.of_agency', { name: r.agency.name }) : t('ind.all_agencies_note')),
			...r.groups.map(groupSection)
		);
	} catch (e) {
		if (e.field) showErrors(form, errorsFromApi(e));
		else pageNotice('error', t('ind.load_failed'), e.message, load);
	}
}

const REASONS = ['supplements', 'finished_late', 'overdue', 'not_satisfied', 'not_online', 'no_electronic_component', 'ack_late', 'forward_late', 'late', 'reopened'];
const reason = (r) => (REASONS.includes(r) ? t('ind.reason.' + r) : r);

function itemsTable(r) {
	if (r.kind === 'dossiers') {
		const head = ['ind.it.code', 'ind.it.procedure', 'ind.it.channel', 'ind.it.received', 'ind.it.due', 'ind.it.end', 'ind.it.reason'];
		return h(
			'table',
			{ class: 'table', 'data-items-table': '' },
			h('thead', {}, h('tr', {}, ...head.map((k) => h('th', { scope: 'col' }, t(k))))),
			h(
				'tbody',
				{},
				...r.items.map((i) =>
					h(
						'tr',
						{ 'data-item': i.code },
						h('td', {}, h('a', { href: '/staff/dossier/?code=' + encodeURIComponent(i.code) }, i.code)),
						h('td', {}, i.procedure ? i.procedure.name : ''),
						h('td', {}, t('ind.channel.' + i.channel)),
						h('td', {}, fmtDateTime(i.received_at)),
						h('td', {}, i.due_at ? fmtDateTime(i.due_at) : '—'),
						h('td', {}, fmtDateTime(i.end_at), i.finished ? '' : ' ' + t('ind.it.open')),
						h('td', {}, reason(i.reason))
					)
				)
			)
		);
	}
	if (r.kind === 'petitions') {
		const head = ['ind.it.code', 'ind.it.type', 'ind.it.status', 'ind.it.received', 'ind.it.due', 'ind.it.reason'];
		return h(
			'table',
			{ class: 'table', 'data-items-table': '' },
			h('thead', {}, h('tr', {}, ...head.map((k) => h('th', { scope: 'col' }, t(k))))),
			h('tbody', {}, ...r.items.map((i) => h('tr', { 'data-item': i.code }, h('td', {}, i.code), h('td', {}, t('ind.ptype.' + i.type)), h('td', {}, t('ind.pstatus.' + i.status)), h('td', {}, fmtDateTime(i.received_at)), h('td', {}, i.due_at ? fmtDateTime(i.due_at) : '—'), h('td', {}, reason(i.reason)))))
		);
	}
	/* procedures: missing components (1.3), not online (3.1, 3.2), averages (2.2) */
	const averages = r.code === '2.2';
	const head = averages ? ['ind.it.code', 'ind.it.procedure', 'ind.it.completed', 'ind.it.average', 'ind.it.limit'] : ['ind.it.code', 'ind.it.procedure', r.code === '1.3' ? 'ind.it.missing' : 'ind.it.online'];
	return h(
		'table',
		{ class: 'table', 'data-items-table': '' },
		h('thead', {}, h('tr', {}, ...head.map((k) => h('th', { scope: 'col' }, t(k))))),
		h(
			'tbody',
			{},
			...r.items.map((i) =>
				h(
					'tr',
					{ 'data-item': i.code },
					h('td', {}, i.code),
					h('td', {}, i.name),
					...(averages
						? [h('td', { class: 'num' }, fmtNumber(i.completed, 0)), h('td', { class: 'num' }, `${fmtNumber(i.average, 2)} ${t('catalogue.unit.' + i.unit)}`), h('td', { class: 'num' }, `${fmtNumber(i.limit)} ${t('catalogue.unit.' + i.unit)}`)]
						: [h('td', {}, r.code === '1.3' ? i.missing.map((m) => t('ind.comp.' + m)).join(', ') : t('ind.not_online'))])
				)
			)
		)
	);
}

async function showItems(code, offset = 0) {
	if (!last) return;
	try {
		const r = await api('GET', `indicators/${encodeURIComponent(code)}/items`, undefined, { query: { ...last, limit: PAGE, offset } });
		itemsBox.hidden = false;
		$('[data-items-title]').textContent = t('ind.items_title', { code, total: fmtNumber(r.total, 0) });
		const pager = h(
			'p',
			{ class: 'ind__pager' },
			offset > 0 ? h('button', { type: 'button', class: 'btn btn--secondary', 'data-prev': '' }, t('ind.prev')) : '',
			h('span', {}, r.total ? t('ind.range', { a: fmtNumber(offset + 1, 0), b: fmtNumber(offset + r.items.length, 0), total: fmtNumber(r.total, 0) }) : t('ind.none')),
			offset + r.items.length < r.total ? h('button', { type: 'button', class: 'btn btn--secondary', 'data-next': '' }, t('ind.next')) : ''
		);
		replace($('[data-items-out]'), r.items.length ? h('div', { class: 'table-wrap', role: 'region', tabindex: '0', 'aria-label': t('ind.items_title', { code, total: fmtNumber(r.total, 0) }) }, itemsTable(r)) : '', pager);
		const prev = $('[data-prev]', itemsBox);
		const next = $('[data-next]', itemsBox);
		if (prev) prev.addEventListener('click', () => showItems(code, Math.max(0, offset - PAGE)));
		if (next) next.addEventListener('click', () => showItems(code, offset + PAGE));
		itemsBox.focus();
	} catch (e) {
		pageNotice('error', t('ind.load_failed'), e.message);
	}
}

out.addEventListener('click', (ev) => {
	const b = ev.target.closest('[data-drill]');
	if (b) showItems(b.dataset.drill);
});

form.addEventListener('submit', (ev) => {
	ev.preventDefault();
	load();
});

/* a province officer chooses the agency (every agency by default) */
if (me && hasRole(me, 'province')) {
	$('[data-agency-field]').hidden = false;
	try {
		const r = await api('GET', 'agencies');
		for (const a of r.items) form.agency.append(h('option', { value: a.code }, a.name));
	} catch {
		/* the list is a convenience: every agency stays available */
	}
}
if (me) await load();
