/*
 * staff/guidance/page.js — guidance before receipt (Hướng dẫn hoàn thiện hồ
 * sơ): an incomplete paper dossier is not received; the counter officer
 * records what is missing or wrong, all at once, and prints Mẫu 02 for the
 * citizen.
 *
 *   1. procedure: a combobox over GET /api/v1/procedures?q= (the same search
 *      and markup as the intake desk; ↑/↓ move, Enter takes one);
 *   2. the citizen: name, and an ID number or a phone (at least one, so they
 *      are recognised when they come back), e-mail, address;
 *   3. the items, one per line, and a note;
 *   then POST /api/v1/guidances → the paper opens in a new tab
 *   (/api/v1/guidances/{id}/paper, "In" prints it), and the success panel
 *   keeps a link to it.
 *
 * Below: GET /api/v1/guidances (period, procedure, name/ID/phone; 50 a page,
 * newest first; each row links to its paper) and GET …/stats for the
 * counts (guidances, citizens, followed by a dossier). The form is shown to
 * reception only; the other dossier roles see the list.
 */
import { startStaff, t } from '/js/layout.js';
import { api } from '/js/api.js';
import { handleAuthError, hasRole } from '/js/auth.js';
import { showErrors, clearErrors, errorsFromApi, formValues } from '/js/forms.js';
import { fmtDateTime, fmtNumber } from '/js/format.js';
import { fmtTimeLimit } from '/js/catalogue.js';
import { $, $$, h, replace, notice, summaryRow } from '/js/dom.js';

const PAGE = 50;
const MAX_ITEMS = 30;

const loading = $('[data-staff-loading]');
const me = await startStaff({ strings: ['guidance'] });

const form = $('[data-guidance-form]');
const input = $('#f-procedure');
const list = $('#proc-options');
const combo = $('[data-combo]');
const chosenBox = $('[data-chosen]');
const filters = $('[data-filters]');

let procedure = null; /* {code, name, time_limit, field} */
let options = [];
let active = -1;
let searchSeq = 0;
let searchTimer = 0;
let submitting = false;
let rows = null; /* the last list answer */
let counts = null; /* the last stats answer */
let offset = 0;

if (me) {
	loading.hidden = true;
	if (hasRole(me, 'reception')) {
		$('[data-new]').hidden = false;
		wireCombo();
		form.addEventListener('submit', submit);
		$('[data-clear]').addEventListener('click', fresh);
		$('[data-again]').addEventListener('click', fresh);
		/* from the intake desk: the procedure already chosen there */
		const code = new URLSearchParams(location.search).get('procedure');
		if (code) {
			api('GET', 'procedures/' + encodeURIComponent(code))
				.then(choose)
				.catch(() => {});
		}
	}
	filters.addEventListener('submit', (ev) => {
		ev.preventDefault();
		offset = 0;
		load();
	});
	$('[data-prev]').addEventListener('click', () => {
		offset = Math.max(0, offset - PAGE);
		load();
	});
	$('[data-next]').addEventListener('click', () => {
		offset += PAGE;
		load();
	});
	document.addEventListener('motcua:langchange', render);
	load();
}

/* ---- 1. the procedure combobox ------------------------------------------- */

function wireCombo() {
	input.addEventListener('input', () => {
		clearTimeout(searchTimer);
		const q = input.value.trim();
		if (!q) {
			closeList();
			showEmpty('');
			return;
		}
		searchTimer = setTimeout(() => search(q), 120);
	});
	input.addEventListener('keydown', async (ev) => {
		if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
			if (list.hidden && options.length) openList();
			if (!options.length) return;
			ev.preventDefault();
			const n = options.length;
			setActive(ev.key === 'ArrowDown' ? (active + 1) % n : (active - 1 + n) % n);
		} else if (ev.key === 'Enter') {
			ev.preventDefault(); /* never submits the form from here */
			clearTimeout(searchTimer);
			const q = input.value.trim();
			if (q) await search(q);
			if (options.length) choose(options[active >= 0 ? active : 0]);
		} else if (ev.key === 'Escape' && !list.hidden) {
			ev.preventDefault();
			closeList();
		}
	});
	input.addEventListener('blur', () =>
		setTimeout(() => {
			if (!combo.contains(document.activeElement)) closeList();
		}, 150)
	);
	list.addEventListener('mousedown', (ev) => ev.preventDefault()); /* keep focus in the input */
	list.addEventListener('click', (ev) => {
		const li = ev.target.closest('[role="option"]');
		if (li) choose(options[Number(li.dataset.index)]);
	});
	$('[data-change-procedure]').addEventListener('click', () => {
		procedure = null;
		chosenBox.hidden = true;
		combo.hidden = false;
		input.select();
		input.focus();
	});
}

async function search(q) {
	const seq = ++searchSeq;
	let res;
	try {
		res = await api('GET', 'procedures', undefined, { query: { q, limit: 8 } });
	} catch (e) {
		if (seq !== searchSeq || handleAuthError(e)) return;
		options = [];
		closeList();
		showEmpty(e.message);
		return;
	}
	if (seq !== searchSeq) return; /* an older answer after a newer one */
	options = (res && res.items) || [];
	active = options.length ? 0 : -1;
	if (!options.length) {
		closeList();
		showEmpty(t('guidance.no_procedure', { q }));
		$('[data-combo-status]').textContent = t('guidance.no_procedure', { q });
		return;
	}
	showEmpty('');
	replace(
		list,
		...options.map((p, i) =>
			h(
				'li',
				{ id: 'proc-opt-' + i, role: 'option', class: 'combo__option', 'aria-selected': i === active ? 'true' : 'false', dataset: { index: String(i) } },
				h('span', { class: 'combo__name' }, p.name),
				h('span', { class: 'combo__meta' }, h('span', { class: 'mono' }, p.code), p.field ? ` · ${p.field.name}` : '', p.time_limit ? ` · ${fmtTimeLimit(p.time_limit)}` : '')
			)
		)
	);
	openList();
	setActive(active);
	$('[data-combo-status]').textContent = t('guidance.found', { count: res.total || options.length });
}

function showEmpty(text) {
	const el = $('[data-combo-empty]');
	el.textContent = text;
	el.hidden = !text;
}

function openList() {
	list.hidden = false;
	input.setAttribute('aria-expanded', 'true');
}

function closeList() {
	list.hidden = true;
	input.setAttribute('aria-expanded', 'false');
	input.removeAttribute('aria-activedescendant');
}

function setActive(i) {
	active = i;
	$$('[role="option"]', list).forEach((li, k) => {
		li.setAttribute('aria-selected', k === i ? 'true' : 'false');
		if (k === i) li.scrollIntoView({ block: 'nearest' });
	});
	if (i >= 0) input.setAttribute('aria-activedescendant', 'proc-opt-' + i);
	else input.removeAttribute('aria-activedescendant');
}

function choose(p) {
	if (!p) return;
	closeList();
	procedure = p;
	showEmpty('');
	replace($('[data-chosen-name]'), p.name);
	replace($('[data-chosen-meta]'), h('span', { class: 'mono' }, p.code), p.field ? ` · ${p.field.name}` : '');
	combo.hidden = true;
	chosenBox.hidden = false;
	$('#f-applicant-name').focus();
}

/* ---- 2, 3. the citizen and the items; record and print ------------------ */

/* The items: one per non-empty line. */
const itemsOf = (text) =>
	text
		.split(/\r?\n/)
		.map((s) => s.trim())
		.filter(Boolean);

/* An API field → the control that shows it. */
function controlName(field) {
	if (/^items(\[\d+\])?$/.test(field)) return 'items';
	if (field === 'applicant') return 'applicant.name';
	return field;
}

async function submit(ev) {
	ev.preventDefault();
	if (submitting) return;
	clearErrors(form);
	const v = formValues(form);
	const items = itemsOf(v.items || '');
	const errs = [];
	if (!procedure) errs.push({ field: 'procedure', message: t('guidance.err_procedure') });
	if (!v['applicant.name']) errs.push({ field: 'applicant.name', message: t('guidance.err_name') });
	if (!v['applicant.id_number'] && !v['applicant.phone']) errs.push({ field: 'applicant.id_number', message: t('guidance.err_id_or_phone') });
	if (!items.length) errs.push({ field: 'items', message: t('guidance.err_items') });
	else if (items.length > MAX_ITEMS) errs.push({ field: 'items', message: t('guidance.err_items_max', { count: items.length }) });
	if (errs.length) {
		showErrors(form, errs);
		return;
	}
	const applicant = { name: v['applicant.name'] };
	for (const k of ['id_number', 'phone', 'email', 'address']) if (v['applicant.' + k]) applicant[k] = v['applicant.' + k];
	const body = { procedure: procedure.code, applicant, items };
	if (v.note) body.note = v.note;
	const btn = $('[data-submit]');
	submitting = true;
	btn.setAttribute('aria-disabled', 'true');
	try {
		const res = await api('POST', 'guidances', body);
		/* the paper at once, in a new tab (the officer prints it there) */
		const w = window.open(res.paper_url, '_blank');
		if (w) w.opener = null;
		done(res);
		offset = 0;
		load();
	} catch (e) {
		if (handleAuthError(e)) return;
		showErrors(
			form,
			errorsFromApi(e).map((x) => ({ field: controlName(x.field), message: x.message }))
		);
	} finally {
		submitting = false;
		btn.removeAttribute('aria-disabled');
	}
}

function done(res) {
	form.hidden = true;
	const panel = $('[data-done]');
	panel.hidden = false;
	replace($('[data-done-title]'), t('guidance.done_title', { id: res.id }));
	replace(
		$('[data-done-text]'),
		res.procedure ? `${res.procedure.name} · ` : '',
		t('guidance.done_visit', { count: res.visit || 1 })
	);
	$('[data-print]').href = res.paper_url;
	$('[data-print]').focus();
}

/* A fresh form, focus back on the procedure search. */
function fresh() {
	form.reset();
	clearErrors(form);
	procedure = null;
	options = [];
	closeList();
	showEmpty('');
	chosenBox.hidden = true;
	combo.hidden = false;
	$('[data-done]').hidden = true;
	form.hidden = false;
	input.focus();
}

/* ---- the list and the counts --------------------------------------------- */

async function load() {
	clearErrors(filters);
	const v = formValues(filters);
	const query = { limit: PAGE, offset };
	for (const k of ['from', 'to', 'procedure', 'q']) if (v[k]) query[k] = v[k];
	try {
		const [l, s] = await Promise.all([
			api('GET', 'guidances', undefined, { query }),
			api('GET', 'guidances/stats', undefined, { query: { from: query.from, to: query.to } }),
		]);
		rows = l;
		counts = s;
		/* the period the server took (its defaults when none was given) */
		$('#f-from').value = l.from;
		$('#f-to').value = l.to;
		replace($('[data-list-notice]'));
		render();
	} catch (e) {
		if (handleAuthError(e)) return;
		if (e.status === 400 || e.status === 422) showErrors(filters, errorsFromApi(e));
		else replace($('[data-list-notice]'), notice('error', t('guidance.load_failed'), e.message));
	}
}

function render() {
	if (!rows || !counts) return;
	replace(
		$('[data-counts]'),
		summaryRow(t('guidance.count_guidances'), fmtNumber(counts.guidances)),
		summaryRow(t('guidance.count_citizens'), fmtNumber(counts.citizens)),
		summaryRow(t('guidance.count_followed'), fmtNumber(counts.followed_by_dossier))
	);
	const items = rows.items || [];
	$('[data-list-empty]').hidden = items.length > 0;
	$('[data-list-wrap]').hidden = items.length === 0;
	replace(
		$('[data-list-rows]'),
		...items.map((g) =>
			h(
				'tr',
				{ dataset: { guidance: String(g.id) } },
				h('td', { 'data-label': t('guidance.col.when') }, fmtDateTime(g.created_at)),
				h(
					'td',
					{ 'data-label': t('guidance.col.who') },
					h('div', { class: 'cell-stack' }, h('strong', {}, g.applicant.name), h('span', { class: 'small mono' }, g.applicant.id_number || g.applicant.phone || ''))
				),
				h('td', { 'data-label': t('guidance.col.procedure') }, g.procedure.name),
				h('td', { 'data-label': t('guidance.col.items') }, String(g.item_count)),
				h('td', { 'data-label': t('guidance.col.officer') }, g.officer.full_name || '—'),
				h(
					'td',
					{ 'data-label': t('guidance.col.dossier') },
					g.dossier
						? h('a', { href: '/staff/dossier/?code=' + encodeURIComponent(g.dossier), class: 'mono' }, g.dossier)
						: hasRole(me, 'reception')
							? /* the citizen came back with it complete: receive it, citing this guidance */
								h('a', { href: `/staff/intake/?guidance=${g.id}&procedure=${encodeURIComponent(g.procedure.code)}`, 'aria-label': t('guidance.receive_named', { id: g.id, name: g.applicant.name }) }, t('guidance.receive'))
							: t('guidance.no_dossier')
				),
				h(
					'td',
					{ 'data-label': t('guidance.col.paper') },
					h('a', { href: g.paper_url, target: '_blank', rel: 'noopener', class: 'nowrap', 'aria-label': t('guidance.paper_named', { id: g.id, name: g.applicant.name }) }, t('guidance.paper', { id: g.id }))
				)
			)
		)
	);
	const total = rows.total || 0;
	$('[data-pager]').hidden = total <= PAGE;
	$('[data-prev]').disabled = offset === 0;
	$('[data-next]').disabled = offset + PAGE >= total;
	replace($('[data-page-info]'), t('guidance.page_info', { from: total ? offset + 1 : 0, to: Math.min(total, offset + PAGE), total }));
}
