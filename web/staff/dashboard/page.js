/*
 * /staff/dashboard/ — the dashboards (issue 14, item 3; DECISIONS D40): today
 * at the centre (refreshed every minute), trends by week or month, by field,
 * unit or officer, the step that holds the overdue dossiers, petitions by
 * type and status — in charts drawn by /js/chart.js (SVG, no other host),
 * each with its numbers as a table for screen readers and print.
 *
 * "Today" is for the counter's officers too; the rest for heads, leaders and
 * province officers (the server checks: the route table). A province officer
 * chooses the agency (default: the whole province).
 *
 * API: GET /api/v1/dashboard/{today,trends,breakdown,overdue-steps,petitions}
 */
import { startStaff, pageNotice, clearPageNotice } from '/js/layout.js';
import { t } from '/js/i18n.js';
import { api } from '/js/api.js';
import { showErrors, errorsFromApi } from '/js/forms.js';
import { $, h, replace } from '/js/dom.js';
import { hasRole } from '/js/auth.js';
import { fmtNumber, fmtPercent, fmtTime } from '/js/format.js';
import { barChart, lineChart, stackChart, donutChart, onWidthChange } from '/js/chart.js';

const me = await startStaff({ strings: ['dashboard'] });
if (me) main(me);

function main(me) {
	$('[data-staff-loading]').hidden = true;
	$('[data-staff-only]').hidden = false;
	const analysis = hasRole(me, 'head', 'leader', 'province');
	for (const s of document.querySelectorAll('[data-analysis]')) s.hidden = !analysis;
	$('[data-no-access]').hidden = analysis;
	$('[data-print]').addEventListener('click', () => window.print());

	const state = { agency: '' };
	const q = (extra) => ({ ...(state.agency ? { agency: state.agency } : {}), ...extra });
	const num = (v) => (v === null || v === undefined ? t('dash.none') : fmtNumber(v));
	const pct = (v) => (v === null || v === undefined ? t('dash.none') : fmtPercent(v));
	const width = (el) => el.clientWidth || document.querySelector('.dash').clientWidth || 640;

	/* the province officer's choice of agency */
	async function agencies() {
		if (!hasRole(me, 'province')) return;
		const form = $('[data-agency-form]');
		const sel = form.agency;
		try {
			const r = await api('GET', 'agencies');
			replace(sel, h('option', { value: '' }, t('dash.all_agencies')), ...r.items.map((a) => h('option', { value: a.code }, a.name)));
			form.hidden = false;
			sel.addEventListener('change', () => {
				state.agency = sel.value;
				loadAll();
			});
		} catch {
			/* the province's total stays */
		}
	}

	/* ---- today ---- */
	const todayEl = $('[data-today]');
	let todayData = null;
	function tile(key, value, kind, sub) {
		return h('div', { class: `dash__tile${kind ? ' dash__tile--' + kind : ''}`, 'data-tile': key }, h('p', { class: 'dash__tile-value' }, value), h('p', { class: 'dash__tile-label' }, t('dash.today.' + key)), sub ? h('p', { class: 'dash__tile-sub' }, sub) : null);
	}
	function drawToday() {
		const r = todayData;
		if (!r) return;
		const ev = r.evaluations;
		const w = width(todayEl);
		replace(
			todayEl,
			h(
				'div',
				{ class: 'dash__tiles' },
				tile('received', num(r.received)),
				tile('resolved', num(r.resolved), '', r.resolved ? `${t('dash.on_time')}: ${pct(r.on_time_rate)}` : null),
				tile('returned', num(r.returned)),
				tile('overdue', num(r.overdue), r.overdue ? 'late' : ''),
				tile('due_today', num(r.due_today), r.due_today ? 'soon' : ''),
				tile('paused', num(r.awaiting_supplement)),
				tile('waiting', num(r.queue.waiting + r.queue.transferred)),
				tile('served', num(r.queue.done)),
				tile('satisfaction', ev.total ? pct(ev.satisfied_rate) : t('dash.none'), '', ev.total ? `${num(ev.total)} ${t('pub.evaluations')}` : t('dash.today.no_rating'))
			),
			h(
				'div',
				{ class: 'dash__charts dash__charts--2' },
				donutChart({
					title: t('dash.ontime_today'),
					desc: t('dash.ontime_today_desc', { total: r.resolved, on_time: r.on_time, late: r.late }),
					parts: [
						{ name: t('dash.on_time'), value: r.on_time, cls: 1 },
						{ name: t('dash.late'), value: r.late, cls: 2 },
					],
					centre: r.resolved ? pct(r.on_time_rate) : t('dash.none'),
					format: num,
					valueHead: t('dash.dossiers'),
					width: w,
				}),
				donutChart({
					title: t('dash.ratings_today'),
					desc: t('dash.ratings_today_desc', { total: ev.total, very: ev.very_satisfied, sat: ev.satisfied, not: ev.not_satisfied }),
					parts: [
						{ name: t('dash.very_satisfied'), value: ev.very_satisfied, cls: 1 },
						{ name: t('dash.satisfied'), value: ev.satisfied, cls: 0 },
						{ name: t('dash.not_satisfied'), value: ev.not_satisfied, cls: 2 },
					],
					centre: ev.total ? pct(ev.satisfied_rate) : t('dash.none'),
					format: num,
					valueHead: t('pub.evaluations'),
					width: w,
				})
			)
		);
	}
	async function loadToday() {
		try {
			todayData = await api('GET', 'dashboard/today', undefined, { query: q() });
			clearPageNotice();
			drawToday();
			replace($('[data-updated]'), t('dash.updated', { time: fmtTime(todayData.at) }));
		} catch (e) {
			pageNotice('error', t('dash.load_failed'), e.message, loadToday);
		}
	}

	/* ---- a section with a form: load, draw, redraw on resize ---- */
	function section(formSel, outSel, path, draw) {
		const form = $(formSel), out = $(outSel);
		let data = null;
		const redraw = () => data && replace(out, ...[].concat(draw(data, width(out))));
		async function load() {
			const fields = Object.fromEntries([...new FormData(form)].filter(([, v]) => v !== ''));
			try {
				data = await api('GET', path, undefined, { query: q(fields) });
				if (form.from) form.from.value = data.from;
				if (form.to) form.to.value = data.to;
				redraw();
			} catch (e) {
				if (e.field) showErrors(form, errorsFromApi(e));
				else pageNotice('error', t('dash.load_failed'), e.message, load);
			}
		}
		form.addEventListener('submit', (ev) => {
			ev.preventDefault();
			load();
		});
		onWidthChange(out, redraw);
		return load;
	}

	const byWord = (by) => t('dash.by.' + by).toLowerCase();
	const loadTrends = section('[data-trends-form]', '[data-trends]', 'dashboard/trends', (r, w) => {
		if (!r.total.received && !r.total.resolved) return h('p', {}, t('dash.empty'));
		const labels = r.items.map((i) => i.key);
		const short = r.by === 'month' ? (k) => k.slice(5) + '/' + k.slice(2, 4) : (k) => k.slice(8) + '/' + k.slice(5, 7);
		return [
			barChart({
				title: t('dash.trend_counts'),
				desc: t('dash.trend_counts_desc', { by: byWord(r.by), from: r.from, to: r.to, received: r.total.received, resolved: r.total.resolved }),
				labels,
				shortLabel: short,
				labelHead: t('dash.period'),
				series: [
					{ name: t('dash.received'), values: r.items.map((i) => i.received), cls: 0 },
					{ name: t('dash.resolved'), values: r.items.map((i) => i.resolved), cls: 1 },
				],
				format: num,
				width: w,
			}),
			lineChart({
				title: t('dash.trend_rate'),
				desc: t('dash.trend_rate_desc', { by: byWord(r.by), rate: pct(r.total.on_time_rate) }),
				labels,
				shortLabel: short,
				labelHead: t('dash.period'),
				series: [{ name: t('dash.on_time_rate'), values: r.items.map((i) => i.on_time_rate), cls: 1 }],
				format: pct,
				width: w,
			}),
		];
	});

	const loadBreakdown = section('[data-breakdown-form]', '[data-breakdown]', 'dashboard/breakdown', (r, w) => {
		if (!r.items.length) return h('p', {}, t('dash.empty'));
		const steps = r.by !== 'field';
		const total = (i) => (steps ? i.steps : i.resolved);
		const items = r.items.filter((i) => total(i) > 0 || !steps);
		return stackChart({
			title: t('dash.breakdown_chart', { by: byWord(r.by) }),
			desc: steps ? t('dash.breakdown_desc_steps', { by: byWord(r.by) }) : t('dash.breakdown_desc_field'),
			labels: items.map((i) => i.label || i.key),
			labelHead: t('dash.by.' + r.by),
			series: [
				{ name: t('dash.on_time'), values: items.map((i) => i.on_time), cls: 1 },
				{ name: t('dash.late'), values: items.map((i) => i.late), cls: 2 },
			],
			format: num,
			formatTotal: (v, k) => `${num(v)} ${steps ? t('dash.steps') : t('dash.dossiers')} · ${pct(items[k].on_time_rate)}`,
			width: w,
		});
	});

	const overdueEl = $('[data-overdue]');
	let overdueData = null;
	function drawOverdue() {
		const r = overdueData;
		if (!r) return;
		if (!r.items.length) return replace(overdueEl, h('p', {}, t('dash.overdue_steps_none')));
		replace(
			overdueEl,
			stackChart({
				title: t('dash.overdue_steps'),
				desc: t('dash.overdue_steps_desc', { total: r.total }),
				labels: r.items.map((i) => `${i.step} — ${i.unit_name || i.unit}`),
				labelHead: t('dash.by.unit'),
				series: [{ name: t('dash.dossiers'), values: r.items.map((i) => i.dossiers), cls: 2 }],
				format: num,
				formatTotal: (v, k) => `${num(v)} ${t('dash.dossiers')} · ${t('dash.avg_overdue', { days: fmtNumber(r.items[k].avg_overdue_days) })}`,
				width: width(overdueEl),
			})
		);
	}
	async function loadOverdue() {
		try {
			overdueData = await api('GET', 'dashboard/overdue-steps', undefined, { query: q() });
			drawOverdue();
		} catch (e) {
			pageNotice('error', t('dash.load_failed'), e.message, loadOverdue);
		}
	}
	onWidthChange(overdueEl, drawOverdue);

	const STATUSES = ['received', 'accepted', 'forwarded', 'answered'];
	const loadPetitions = section('[data-petitions-form]', '[data-petitions]', 'dashboard/petitions', (r, w) => {
		if (!r.total) return h('p', {}, t('dash.empty'));
		const label = (x) => (document.documentElement.lang === 'en' ? x.label_en : x.label);
		return [
			stackChart({
				title: t('dash.petitions_chart'),
				desc: t('dash.petitions_desc', { total: r.total, answered: r.answered, on_time: r.answered_on_time, overdue: r.overdue }),
				labels: r.by_type.map(label),
				labelHead: t('dash.petitions'),
				series: STATUSES.map((s, k) => ({ name: label(r.by_status[k]), values: r.by_type.map((x) => x[s]), cls: [3, 0, 4, 1][k] })),
				format: num,
				width: w,
			}),
			donutChart({
				title: t('dash.petitions_answered'),
				desc: t('dash.petitions_desc', { total: r.total, answered: r.answered, on_time: r.answered_on_time, overdue: r.overdue }),
				parts: [
					{ name: t('dash.on_time'), value: r.answered_on_time, cls: 1 },
					{ name: t('dash.late'), value: r.answered - r.answered_on_time, cls: 2 },
				],
				centre: pct(r.answered_on_time_rate),
				format: num,
				valueHead: t('dash.petitions'),
				width: w,
			}),
		];
	});

	function loadAll() {
		loadToday();
		if (!analysis) return;
		loadTrends();
		loadBreakdown();
		loadOverdue();
		loadPetitions();
	}

	onWidthChange(todayEl, drawToday);
	document.addEventListener('motcua:langchange', () => {
		drawToday();
		loadAll();
	});
	/* today: every minute while the page is visible */
	setInterval(() => {
		if (!document.hidden) loadToday();
	}, 60000);
	agencies();
	loadAll();
}
