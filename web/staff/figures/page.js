/*
 * /staff/figures/ — the counter floor's figures (issue 12, item 7) of the
 * officer's agency: per day, group, counter or officer, the tickets, those
 * served, no-shows, the average and 90th-percentile wait, the average service
 * time and the citizens' satisfaction, as a table and bars of the average
 * wait (an SVG drawn here: no chart library, no CDN, no inline style).
 *
 * API: GET /api/v1/queue/figures?from=&to=&by=
 */
import { startStaff, pageNotice, clearPageNotice, t } from '/js/layout.js';
import { api } from '/js/api.js';
import { showErrors, errorsFromApi } from '/js/forms.js';
import { $, h, replace } from '/js/dom.js';
import { hasRole } from '/js/auth.js';
import { fmtDateTime } from '/js/format.js';

const me = await startStaff({ strings: ['evaluation'] });
$('[data-staff-loading]').hidden = true;
const form = $('[data-fig-form]');
const out = $('[data-figures]');
const SVG = 'http://www.w3.org/2000/svg';

function dur(s) {
	if (s === null || s === undefined) return '—';
	return t('fig.minutes', { m: Math.floor(s / 60), s: Math.round(s % 60) });
}

function pct(v) {
	return v === null || v === undefined ? '—' : `${v.toLocaleString(document.documentElement.lang)} %`;
}

function svg(tag, attrs, ...kids) {
	const el = document.createElementNS(SVG, tag);
	for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
	for (const k of kids) el.append(k instanceof Node ? k : document.createTextNode(String(k)));
	return el;
}

/* Horizontal bars of the average wait, in minutes. */
function chart(items) {
	const rows = items.filter((i) => i.wait_avg_seconds !== null);
	if (!rows.length) return null;
	const max = Math.max(...rows.map((i) => i.wait_avg_seconds), 60);
	const W = 640, L = 180, R = 70, bar = 22, gap = 8;
	const H = rows.length * (bar + gap) + gap;
	const g = svg('svg', { class: 'fig__chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': t('fig.chart') });
	rows.forEach((i, k) => {
		const y = gap + k * (bar + gap);
		const w = Math.max(1, ((W - L - R) * i.wait_avg_seconds) / max);
		g.append(svg('text', { class: 'fig__label', x: 0, y: y + bar * 0.7 }, i.label.slice(0, 28)));
		g.append(svg('rect', { class: 'fig__bar', x: L, y, width: w.toFixed(1), height: bar, rx: 3 }));
		g.append(svg('text', { class: 'fig__value', x: L + w + 6, y: y + bar * 0.7 }, (i.wait_avg_seconds / 60).toFixed(1)));
	});
	return h('figure', { class: 'mt-4' }, h('figcaption', {}, t('fig.chart')), g);
}

function row(i, total) {
	const cell = total ? 'th' : 'td';
	return h(
		'tr',
		{ 'data-key': i.key },
		h(total ? 'th' : 'td', total ? { scope: 'row' } : {}, total ? t('fig.total') : i.label || i.key),
		h(cell, {}, i.tickets),
		h(cell, {}, i.served),
		h(cell, {}, i.no_shows),
		h(cell, {}, dur(i.wait_avg_seconds)),
		h(cell, {}, dur(i.wait_p90_seconds)),
		h(cell, {}, dur(i.service_avg_seconds)),
		h(cell, {}, i.evaluations.total),
		h(cell, { 'data-rate': '' }, pct(i.evaluations.satisfied_rate))
	);
}

async function load() {
	/* empty dates: the server's today (its legal clock, Vietnam time) */
	const q = { from: form.from.value || undefined, to: form.to.value || undefined, by: form.by.value };
	try {
		const r = await api('GET', 'queue/figures', undefined, { query: q });
		clearPageNotice();
		form.from.value = r.from;
		form.to.value = r.to;
		if (!r.items.length) return replace(out, h('p', {}, t('fig.empty')));
		const head = ['fig.by.' + r.by, 'fig.tickets', 'fig.served', 'fig.no_shows', 'fig.wait_avg', 'fig.wait_p90', 'fig.service_avg', 'fig.evaluations', 'fig.satisfied_rate'];
		replace(
			out,
			h('div', { class: 'table-wrap' }, h('table', { class: 'table fig__table', 'data-fig-table': '' }, h('thead', {}, h('tr', {}, ...head.map((k) => h('th', { scope: 'col' }, t(k))))), h('tbody', {}, ...r.items.map((i) => row(i, false))), h('tfoot', {}, row(r.total, true)))),
			chart(r.items)
		);
	} catch (e) {
		if (e.field) showErrors(form, errorsFromApi(e));
		else pageNotice('error', t('fig.load_failed'), e.message, load);
	}
}

form.addEventListener('submit', (ev) => {
	ev.preventDefault();
	load();
});
await load();

/* the administrator: a counter tablet's token (D35), shown once; the list of
 * tablets, each revocable (lost, stolen, replaced) */
const tabletForm = $('[data-tablet-form]');
$('[data-admin]').hidden = !hasRole(me, 'admin');

async function loadTablets() {
	let r;
	try {
		r = await api('GET', 'service-evaluations/devices');
	} catch {
		return;
	}
	const row = (d) =>
		h(
			'li',
			{ 'data-tablet': d.id },
			t('fig.tablet_item', { counter: d.counter.name || String(d.counter.number), created: fmtDateTime(d.created_at) }),
			' ',
			d.revoked_at
				? h('span', { class: 'muted' }, t('fig.tablet_revoked', { at: fmtDateTime(d.revoked_at) }))
				: h(
						'button',
						{
							type: 'button',
							class: 'btn btn--secondary btn--small',
							'aria-label': t('fig.tablet_revoke_named', { counter: d.counter.name || String(d.counter.number), id: d.id }),
							onclick: async () => {
								try {
									await api('POST', `service-evaluations/devices/${d.id}/revoke`);
								} catch (e) {
									pageNotice('error', t('fig.load_failed'), e.message);
								}
								loadTablets();
							},
						},
						t('fig.tablet_revoke')
					)
		);
	replace($('[data-tablets]'), r.items.length ? r.items.map(row) : h('li', { class: 'muted' }, t('fig.tablets_none')));
}
if (hasRole(me, 'admin')) loadTablets();
tabletForm.addEventListener('submit', async (ev) => {
	ev.preventDefault();
	try {
		const r = await api('POST', 'service-evaluations/devices', { counter: Number(tabletForm.counter.value) || 0 });
		const href = `${location.origin}/evaluate/#token=${r.token}`;
		replace($('[data-tablet-link]'), t('fig.tablet_done', { counter: r.counter.name || String(r.counter.number) }), ' ', h('a', { href, 'data-tablet-href': '' }, href));
		loadTablets();
	} catch (e) {
		if (e.field) showErrors(tabletForm, errorsFromApi(e));
		else pageNotice('error', t('fig.load_failed'), e.message);
	}
});
