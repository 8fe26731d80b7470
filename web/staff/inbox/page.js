/*
 * staff/inbox/page.js — the inbox (Hồ sơ cần xử lý): the dossiers an
 * officer must work on, most urgent first, as the server sorts them
 * (overdue first, then by due instant).
 *
 *   GET /api/v1/dossiers?assignee=me            (default: "được giao cho tôi")
 *   GET /api/v1/dossiers?status=open|all|<s>&overdue=1&field=&q=&limit=&offset=
 *
 * Deadline words come from remaining_working_seconds and
 * day_working_seconds (staff-dossier.js deadlineWords): "Quá hạn 2 ngày"
 * (red), "Sắp đến hạn" (amber, less than a working day left), "Còn 3 ngày
 * làm việc" (green). The filters live in the address (?view=&status=…),
 * so coming back from a dossier shows the same list.
 *
 * "Của đơn vị tôi": the API has no unit filter yet, so the page asks for
 * the 200 most urgent open dossiers and keeps those whose current step is
 * at the user's unit.
 */
import { startStaff, t } from '/js/layout.js';
import { api } from '/js/api.js';
import { handleAuthError } from '/js/auth.js';
import { fmtDateTime } from '/js/format.js';
import { $, h, replace, badge, notice } from '/js/dom.js';
import {
	STATUSES,
	statusLabel,
	statusBadge,
	deadlineWords,
	dossierHref,
} from '/js/staff-dossier.js';

const PAGE = 50;
const VIEWS = ['mine', 'unit', 'open', 'overdue', 'all'];

const loading = $('[data-staff-loading]');
const me = await startStaff({ strings: ['dossier'] });

const form = $('[data-filters]');
let state = readState();
let data = null;
let seq = 0;

if (me) {
	loading.hidden = true;
	fillStatuses();
	writeForm();
	loadFields();
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		apply();
	});
	for (const name of ['view', 'status', 'field']) form.elements[name].addEventListener('change', apply);
	$('[data-refresh]').addEventListener('click', () => load(true));
	document.addEventListener('keydown', (ev) => {
		if (ev.key === '/' && !isTyping(ev.target)) {
			ev.preventDefault();
			form.elements.q.focus();
			form.elements.q.select();
		}
	});
	/* back from a dossier page, or after a while away: fresh data */
	document.addEventListener('visibilitychange', () => {
		if (document.visibilityState === 'visible') load(false);
	});
	setInterval(() => {
		if (document.visibilityState === 'visible') load(false);
	}, 120000);
	window.addEventListener('popstate', () => {
		state = readState();
		writeForm();
		load(false);
	});
	document.addEventListener('motcua:langchange', () => {
		fillStatuses();
		writeForm();
		render();
	});
	load(false);
}

function isTyping(el) {
	return el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

/* ---- filters <-> address -------------------------------------------------- */

function readState() {
	const p = new URLSearchParams(location.search);
	const view = VIEWS.includes(p.get('view')) ? p.get('view') : 'mine';
	const status = STATUSES.includes(p.get('status')) ? p.get('status') : '';
	const page = Math.max(1, parseInt(p.get('page'), 10) || 1);
	return { view, status, field: p.get('field') || '', q: (p.get('q') || '').slice(0, 100), page };
}

function writeUrl(push) {
	const p = new URLSearchParams();
	if (state.view !== 'mine') p.set('view', state.view);
	if (state.status) p.set('status', state.status);
	if (state.field) p.set('field', state.field);
	if (state.q) p.set('q', state.q);
	if (state.page > 1) p.set('page', String(state.page));
	const url = location.pathname + (p.toString() ? '?' + p : '');
	if (push) history.pushState(null, '', url);
	else history.replaceState(null, '', url);
}

function fillStatuses() {
	const sel = form.elements.status;
	const keep = sel.value || state.status;
	replace(
		sel,
		h('option', { value: '' }, t('inbox.status_any')),
		...STATUSES.map((s) => h('option', { value: s }, statusLabel(s)))
	);
	sel.value = keep;
}

function writeForm() {
	form.elements.view.value = state.view;
	form.elements.status.value = state.status;
	form.elements.field.value = state.field;
	form.elements.q.value = state.q;
}

async function loadFields() {
	try {
		const res = await api('GET', 'fields');
		const sel = form.elements.field;
		replace(
			sel,
			h('option', { value: '' }, t('inbox.field_any')),
			...((res && res.items) || []).map((f) => h('option', { value: f.code }, f.name))
		);
		sel.value = state.field;
	} catch {
		/* the filter stays with "every field" only */
	}
}

function apply() {
	state = {
		view: form.elements.view.value,
		status: form.elements.status.value,
		field: form.elements.field.value,
		q: form.elements.q.value.trim(),
		page: 1,
	};
	writeUrl(true);
	load(true);
}

function query() {
	const q = { limit: PAGE, offset: (state.page - 1) * PAGE, field: state.field, q: state.q };
	switch (state.view) {
	case 'mine':
		q.assignee = 'me';
		q.status = state.status || 'open';
		break;
	case 'unit':
		q.status = state.status || 'open';
		q.limit = 200;
		q.offset = 0;
		break;
	case 'overdue':
		q.overdue = 1;
		q.status = state.status || 'all';
		break;
	case 'all':
		q.status = state.status || 'all';
		break;
	default:
		q.status = state.status || 'open';
	}
	return q;
}

/* ---- loading and drawing ---------------------------------------------------- */

async function load(announce) {
	const my = ++seq;
	const list = $('[data-list]');
	list.classList.add('inbox-busy');
	try {
		const res = await api('GET', 'dossiers', undefined, { query: query() });
		if (my !== seq) return;
		data = res;
	} catch (e) {
		if (my !== seq) return;
		if (handleAuthError(e)) return;
		list.classList.remove('inbox-busy');
		replace(list, notice('error', t('inbox.failed'), e.message, h('p', {}, h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => load(true) }, t('common.retry')))));
		return;
	}
	list.classList.remove('inbox-busy');
	render();
	if (announce) $('[data-count]').focus();
}

function visibleItems() {
	let items = (data && data.items) || [];
	if (state.view === 'unit') {
		const unit = me.unit && me.unit.code;
		items = items.filter((d) => d.current_step && d.current_step.unit && d.current_step.unit.code === unit);
	}
	return items;
}

function render() {
	if (!data) return;
	const items = visibleItems();
	const day = data.day_working_seconds;
	const total = state.view === 'unit' ? items.length : data.total;
	$('[data-unit-note]').hidden = state.view !== 'unit';
	replace($('[data-count]'), total ? t('inbox.count', { count: total }) : '');

	const list = $('[data-list]');
	if (!items.length) {
		replace(list, h('div', { class: 'empty-state' }, h('p', { class: 'mb-0' }, t(state.q || state.field || state.status ? 'inbox.empty_filtered' : 'inbox.empty_' + state.view))));
		renderPager(0);
		return;
	}
	replace(
		list,
		h(
			'div',
			{ class: 'table-wrap', role: 'region', 'aria-labelledby': 'inbox-caption', tabindex: '0' },
			h(
				'table',
				{ class: 'table table--stack inbox-table' },
				h('caption', { id: 'inbox-caption', class: 'visually-hidden' }, t('inbox.caption')),
				h(
					'thead',
					{},
					h(
						'tr',
						{},
						h('th', { scope: 'col' }, t('inbox.col_deadline')),
						h('th', { scope: 'col' }, t('inbox.col_dossier')),
						h('th', { scope: 'col' }, t('inbox.col_applicant')),
						h('th', { scope: 'col' }, t('inbox.col_step')),
						h('th', { scope: 'col' }, t('inbox.col_assignee')),
						h('th', { scope: 'col' }, t('inbox.col_status'))
					)
				),
				h('tbody', {}, ...items.map((d) => rowOf(d, day)))
			)
		)
	);
	renderPager(state.view === 'unit' ? 0 : data.total);
}

function deadlineCell(d, day) {
	const w = deadlineWords(d.remaining_working_seconds, d.day_working_seconds || day);
	let b = null;
	if (w) b = badge(w.kind, w.text);
	else if (d.status === 'supplement_requested') b = badge(d.overdue ? 'late' : 'neutral', t(d.overdue ? 'inbox.paused_late' : 'inbox.paused'));
	else if (d.status === 'submitted') b = badge('neutral', t('inbox.not_started'));
	return h(
		'td',
		{ class: 'inbox-table__deadline', 'data-label': t('inbox.col_deadline') },
		h('span', { class: 'cell-stack' },
			b,
			w && w.detail ? h('span', { class: 'small' }, w.detail) : null,
			d.due_at ? h('span', { class: 'small muted nowrap' }, t('inbox.due', { when: fmtDateTime(d.due_at) })) : null
		)
	);
}

function rowOf(d, day) {
	const w = deadlineWords(d.remaining_working_seconds, d.day_working_seconds || day);
	const step = d.current_step;
	return h(
		'tr',
		{ class: w ? `inbox-row inbox-row--${w.kind}` : 'inbox-row' },
		deadlineCell(d, day),
		h(
			'td',
			{ 'data-label': t('inbox.col_dossier') },
			h('span', { class: 'cell-stack' },
				h('a', { href: dossierHref(d.code), class: 'mono inbox-table__code' }, d.code),
				h('span', {}, d.procedure.name),
				h('span', { class: 'small muted' }, d.procedure.field ? d.procedure.field.name : '')
			)
		),
		h('td', { 'data-label': t('inbox.col_applicant') }, d.applicant_name || ''),
		h(
			'td',
			{ 'data-label': t('inbox.col_step') },
			step
				? h('span', { class: 'cell-stack' },
					h('span', {}, t('inbox.step', { n: step.position, name: step.name })),
					h('span', { class: 'small muted' }, step.unit ? step.unit.name : ''),
					step.due_at ? h('span', { class: 'small muted nowrap' }, t('inbox.step_due', { when: fmtDateTime(step.due_at) })) : null
				)
				: h('span', { class: 'muted' }, '—')
		),
		h('td', { 'data-label': t('inbox.col_assignee') }, d.assignee ? d.assignee.full_name : h('span', { class: 'muted' }, t('inbox.nobody'))),
		h('td', { 'data-label': t('inbox.col_status') }, statusBadge(d.status))
	);
}

function renderPager(total) {
	const nav = $('[data-pager]');
	const pages = Math.ceil(total / PAGE);
	if (pages <= 1) {
		nav.hidden = true;
		replace(nav);
		return;
	}
	nav.hidden = false;
	const go = (n) => () => {
		state.page = n;
		writeUrl(true);
		load(true);
	};
	replace(
		nav,
		h(
			'ul',
			{ class: 'pager__list' },
			state.page > 1 ? h('li', {}, h('button', { type: 'button', class: 'btn btn--secondary', onclick: go(state.page - 1) }, t('inbox.prev'))) : null,
			h('li', {}, h('span', { class: 'pager__status' }, t('inbox.page_of', { n: state.page, total: pages }))),
			state.page < pages ? h('li', {}, h('button', { type: 'button', class: 'btn btn--secondary', onclick: go(state.page + 1) }, t('inbox.next'))) : null
		)
	);
}
