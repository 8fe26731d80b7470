/*
 * /transparency/ — the public transparency page (issue 14, item 3; DECISIONS
 * D40): each agency's headline figures for this month or this year — the
 * on-time rate, the average handling time, the citizens' satisfaction, the
 * petitions answered (on time) — as tiles, a chart of the on-time rate per
 * agency and a table. Nothing personal: the API has no names, no codes.
 *
 * API: GET /api/v1/public/transparency (cacheable, one minute)
 */
import { start, pageNotice, clearPageNotice } from '/js/layout.js';
import { t } from '/js/i18n.js';
import { api } from '/js/api.js';
import { $, h, replace } from '/js/dom.js';
import { fmtNumber, fmtPercent, fmtDate } from '/js/format.js';
import { stackChart, onWidthChange } from '/js/chart.js';

await start({ strings: ['dashboard'] });
const form = $('[data-pub-form]');
const out = $('[data-pub]');
let data = null;

const num = (v) => (v === null || v === undefined ? t('pub.no_data') : fmtNumber(v));
const pct = (v) => (v === null || v === undefined ? t('pub.no_data') : fmtPercent(v));
const days = (v) => (v === null || v === undefined ? t('pub.no_data') : t('pub.days', { n: fmtNumber(v) }));

function tile(key, value, sub) {
	return h('div', { class: 'dash__tile', 'data-tile': key }, h('p', { class: 'dash__tile-value' }, value), h('p', { class: 'dash__tile-label' }, t(key)), sub ? h('p', { class: 'dash__tile-sub' }, sub) : null);
}

function periodLabels() {
	const [m, y] = form.period.options;
	m.textContent = t('pub.month', { from: fmtDate(data.month.from), to: fmtDate(data.month.to) });
	y.textContent = t('pub.year', { from: fmtDate(data.year.from), to: fmtDate(data.year.to) });
}

function draw() {
	if (!data) return;
	periodLabels();
	const period = form.period.value;
	const code = form.agency.value;
	const one = code ? data.agencies.find((a) => a.code === code) : null;
	const f = one ? one[period] : data.total[period];
	const rows = data.agencies;
	replace(
		out,
		h('h2', {}, one ? one.name : t('pub.all')),
		h(
			'div',
			{ class: 'pub__tiles' },
			tile('pub.on_time_rate', pct(f.on_time_rate), `${num(f.resolved)} ${t('pub.resolved').toLowerCase()}`),
			tile('pub.avg_days', days(f.avg_handling_days)),
			tile('pub.satisfaction', pct(f.satisfaction_rate), `${num(f.evaluations)} ${t('pub.evaluations')}`),
			tile('pub.petitions', num(f.petitions_answered), f.petitions_answered ? t('pub.petitions_on_time', { rate: pct(f.petitions_on_time_rate) }) : null),
			tile('pub.received', num(f.received))
		),
		stackChart({
			title: t('pub.chart'),
			desc: t('pub.chart_desc'),
			labels: rows.map((a) => a.name),
			labelHead: t('pub.agency'),
			series: [
				{ name: t('dash.on_time'), values: rows.map((a) => a[period].on_time_rate ?? 0), cls: 1 },
				{ name: t('dash.late'), values: rows.map((a) => (a[period].on_time_rate === null ? 0 : Math.round((100 - a[period].on_time_rate) * 10) / 10)), cls: 2 },
			],
			format: pct,
			formatTotal: (v, k) => (rows[k][period].on_time_rate === null ? t('pub.no_data') : pct(rows[k][period].on_time_rate)),
			width: out.clientWidth || 640,
		}),
		h(
			'div',
			{ class: 'table-wrap', role: 'region', 'aria-label': t('pub.table'), tabindex: '0' },
			h(
				'table',
				{ class: 'table pub__table', 'data-pub-table': '' },
				h('caption', { class: 'sr-only' }, t('pub.table')),
				h('thead', {}, h('tr', {}, ...['pub.agency', 'pub.received', 'pub.resolved', 'pub.on_time_rate', 'pub.avg_days', 'pub.satisfaction', 'pub.petitions'].map((k) => h('th', { scope: 'col' }, t(k))))),
				h(
					'tbody',
					{},
					rows.map((a) => {
						const x = a[period];
						return h('tr', { 'data-agency': a.code }, h('th', { scope: 'row' }, a.name), h('td', {}, num(x.received)), h('td', {}, num(x.resolved)), h('td', {}, pct(x.on_time_rate)), h('td', {}, days(x.avg_handling_days)), h('td', {}, pct(x.satisfaction_rate)), h('td', {}, num(x.petitions_answered)));
					})
				)
			)
		)
	);
}

async function load() {
	try {
		data = await api('GET', 'public/transparency');
		clearPageNotice();
		const sel = form.agency;
		const keep = sel.value;
		replace(sel, h('option', { value: '' }, t('pub.all')), ...data.agencies.map((a) => h('option', { value: a.code }, a.name)));
		sel.value = keep;
		draw();
	} catch (e) {
		pageNotice('error', t('pub.load_failed'), e.message, load);
	}
}

form.addEventListener('change', draw);
onWidthChange(out, draw);
document.addEventListener('motcua:langchange', draw);
setInterval(() => {
	if (!document.hidden) load();
}, 60000);
await load();
