/*
 * /staff/performance/ — the officers' figures (issue 14, item 4; D41): an
 * officer's own figures, and for heads (their unit), leaders (their agency)
 * and the province (any agency) the table of officers; every number opens
 * the dossiers behind it (the drill-down). Rates show only above the
 * minimum sample the server names (min_steps, min_evaluations).
 *
 * API: GET /api/v1/officers/me/figures, /api/v1/officers/figures,
 *      /api/v1/officers/{username}/dossiers?kind=
 */
import { startStaff, pageNotice, clearPageNotice, t } from '/js/layout.js';
import { api } from '/js/api.js';
import { showErrors, errorsFromApi } from '/js/forms.js';
import { $, h, replace } from '/js/dom.js';
import { hasRole } from '/js/auth.js';
import { fmtDateTime, fmtNumber, fmtPercent } from '/js/format.js';

const me = await startStaff({ strings: ['performance'] });
$('[data-staff-loading]').hidden = true;
const form = $('[data-perf-form]');
const handles = hasRole(me, 'reception', 'specialist', 'head', 'leader');
const oversees = hasRole(me, 'head', 'leader', 'province');
$('[data-mine]').hidden = !handles;
$('[data-team]').hidden = !oversees;
$('[data-agency-field]').hidden = !hasRole(me, 'province');
$('[data-unit-field]').hidden = !hasRole(me, 'leader', 'province');

/* The columns: a label, the value, and the drill-down's kind (if any). */
const COLUMNS = [
	['perf.col.handled', (f) => f.steps.handled, 'handled'],
	['perf.col.early', (f) => f.steps.early, 'early'],
	['perf.col.on_time', (f) => f.steps.on_time, 'on_time'],
	['perf.col.late', (f) => f.steps.late, 'late'],
	['perf.col.rate', (f) => f.steps.on_time_rate, null, 'rate'],
	['perf.col.avg_hours', (f) => f.steps.avg_hours, null, 'hours'],
	['perf.col.open', (f) => f.steps.open, 'open'],
	['perf.col.overdue', (f) => f.steps.overdue, 'overdue'],
	['perf.col.dossiers', (f) => f.dossiers.handled, 'dossiers'],
	['perf.col.received', (f) => f.dossiers.received, 'received'],
	['perf.col.evaluations', (f) => f.evaluations.received, 'evaluations'],
	['perf.col.not_satisfied', (f) => f.evaluations.not_satisfied, 'not_satisfied'],
	['perf.col.petitions', (f) => `${f.petitions.answered_on_time}/${f.petitions.answered}`, null],
];

let period = {};
let mins = { min_steps: 10, min_evaluations: 10 };

function cell(officer, col, f) {
	const [label, get, kind, fmt] = col;
	const v = get(f);
	if (fmt === 'rate') return h('td', { 'data-col': 'rate', title: v === null ? t('perf.rate_hidden', { n: mins.min_steps }) : null }, v === null ? '—' : fmtPercent(v));
	if (fmt === 'hours') return h('td', { 'data-col': 'hours' }, v === null ? '—' : fmtNumber(v, 1));
	if (!kind || v === 0) return h('td', { 'data-col': kind || '' }, String(v));
	return h(
		'td',
		{ 'data-col': kind },
		h(
			'button',
			{
				type: 'button',
				class: 'btn btn--link',
				'data-drill-kind': kind,
				'aria-label': t('perf.drill_named', { what: t(label), n: v, officer: officer.full_name || officer.username }),
				onclick: () => drill(officer, kind, label),
			},
			String(v)
		)
	);
}

function table(rows, withOfficer, name) {
	const head = [withOfficer ? h('th', { scope: 'col' }, t('perf.col.officer')) : null, ...COLUMNS.map((c) => h('th', { scope: 'col' }, t(c[0])))];
	return h(
		'div',
		{ class: 'table-wrap', role: 'region', 'aria-label': name, tabindex: '0' },
		h(
			'table',
			{ class: 'table fig__table perf__table', 'data-perf-table': '' },
			h('thead', {}, h('tr', {}, ...head)),
			h(
				'tbody',
				{},
				...rows.map((o) =>
					h(
						'tr',
						{ 'data-officer': o.username },
						withOfficer ? h('th', { scope: 'row' }, o.full_name || o.username, h('br'), h('span', { class: 'muted' }, o.unit ? o.unit.name : '')) : null,
						...COLUMNS.map((c) => cell(o, c, o.figures))
					)
				)
			)
		)
	);
}

function query() {
	const q = { from: form.from.value || undefined, to: form.to.value || undefined };
	if (!$('[data-agency-field]').hidden && form.agency.value.trim()) q.agency = form.agency.value.trim();
	if (!$('[data-unit-field]').hidden && form.unit.value.trim()) q.unit = form.unit.value.trim();
	return q;
}

async function load() {
	const q = query();
	try {
		if (handles) {
			const r = await api('GET', 'officers/me/figures', undefined, { query: { from: q.from, to: q.to } });
			mins = r;
			period = { from: r.figures.from_date, to: r.figures.to_date };
			replace($('[data-mine-table]'), table([{ username: me.username, full_name: me.full_name, figures: r.figures }], false, t('perf.mine_title')));
		}
		if (oversees) {
			const r = await api('GET', 'officers/figures', undefined, { query: q });
			mins = r;
			period = { from: r.from_date, to: r.to_date };
			replace($('[data-team-table]'), r.items.length ? table(r.items, true, t('perf.team_title')) : h('p', {}, t('perf.none')));
		}
		form.from.value = period.from || '';
		form.to.value = period.to || '';
		clearPageNotice();
	} catch (e) {
		if (e.field) showErrors(form, errorsFromApi(e));
		else pageNotice('error', t('perf.load_failed'), e.message, load);
	}
}

async function drill(officer, kind, label) {
	const box = $('[data-drill]');
	const name = officer.full_name || officer.username;
	try {
		const r = await api('GET', `officers/${encodeURIComponent(officer.username)}/dossiers`, undefined, { query: { from: period.from, to: period.to, kind } });
		replace($('[data-drill-title]'), t('perf.drill_title', { what: t(label), officer: name, n: r.total }));
		const head = ['perf.d.code', 'perf.d.procedure', 'perf.d.step', 'perf.d.started', 'perf.d.finished', 'perf.d.due', 'perf.d.outcome'];
		replace(
			$('[data-drill-list]'),
			r.items.length
				? h(
						'div',
						{ class: 'table-wrap', role: 'region', 'aria-label': t('perf.drill_title', { what: t(label), officer: name, n: r.total }), tabindex: '0' },
						h(
							'table',
							{ class: 'table', 'data-drill-table': '' },
							h('thead', {}, h('tr', {}, ...head.map((k) => h('th', { scope: 'col' }, t(k))))),
							h(
								'tbody',
								{},
								...r.items.map((d) =>
									h(
										'tr',
										{},
										h('td', {}, h('a', { href: `/staff/dossier/?code=${encodeURIComponent(d.code)}` }, d.code)),
										h('td', {}, d.procedure.name),
										h('td', {}, d.step ? d.step.name : '—'),
										h('td', {}, d.started_at ? fmtDateTime(d.started_at) : '—'),
										h('td', {}, d.finished_at ? fmtDateTime(d.finished_at) : '—'),
										h('td', {}, d.due_at ? fmtDateTime(d.due_at) : '—'),
										h('td', {}, d.outcome ? t('perf.outcome.' + d.outcome) : '—')
									)
								)
							)
						)
					)
				: h('p', {}, t('perf.none')),
			r.total > r.items.length ? h('p', { class: 'muted' }, t('perf.drill_more', { shown: r.items.length, n: r.total })) : null
		);
		box.hidden = false;
		box.focus();
	} catch (e) {
		pageNotice('error', t('perf.load_failed'), e.message);
	}
}

form.addEventListener('submit', (ev) => {
	ev.preventDefault();
	$('[data-drill]').hidden = true;
	load();
});
await load();
