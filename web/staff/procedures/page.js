/*
 * staff/procedures/page.js — the administrator's procedure catalogue.
 *
 *   /staff/procedures/               the list: search, fields, CSV export/import
 *   /staff/procedures/?edit=CODE     edit one procedure (editor.js)
 *   /staff/procedures/?new=1         add a procedure (editor.js)
 *   /staff/procedures/?withdrawn=C   the list, saying C was withdrawn
 *
 * Only administrators: anyone else gets a clear "no permission" state
 * (the server refuses the writes anyway: routes.c). API: GET fields,
 * GET procedures, GET procedures/export (a plain link), POST
 * procedures/import (text/csv), PUT fields/{code}; the editor uses the rest.
 */
import { startStaff, pageNotice, t } from '/js/layout.js';
import { api, ApiError } from '/js/api.js';
import { hasRole, handleAuthError } from '/js/auth.js';
import { showErrors, clearErrors, errorsFromApi, formValues } from '/js/forms.js';
import { h, replace, badge, notice } from '/js/dom.js';
import { fmtTimeLimit, onlineInfo, procedureHref } from '/js/catalogue.js';
import { openEditor } from '/staff/procedures/editor.js';

const PAGE_SIZE = 50;
const IMPORT_MAX = 4 << 20;

const loadingEl = document.querySelector('[data-loading]');
const forbiddenEl = document.querySelector('[data-forbidden]');
const listView = document.querySelector('[data-view="list"]');
const editView = document.querySelector('[data-view="edit"]');
const titleEl = document.querySelector('[data-title]');
const crumbsEl = document.querySelector('[data-crumbs]');

const me = await startStaff({ strings: ['catalogue'], failKey: 'proc_admin.load_failed', loading: '[data-loading]' });

/* ---- who may be here ----------------------------------------------------- */

function showForbidden() {
	listView.hidden = true;
	editView.hidden = true;
	forbiddenEl.hidden = false;
	const box = forbiddenEl.querySelector('.notice');
	if (box) {
		box.setAttribute('tabindex', '-1');
		box.focus();
	}
}

/* Errors of any call on this page: 401 → login, 403 → no permission. */
function handled(e) {
	if (handleAuthError(e)) return true;
	if (e instanceof ApiError && e.status === 403) {
		showForbidden();
		return true;
	}
	return false;
}

/* ---- which view ---------------------------------------------------------- */

function route() {
	const p = new URLSearchParams(location.search);
	const edit = p.get('edit');
	if (edit || p.get('new')) {
		listView.hidden = true;
		editView.hidden = false;
		addCrumb();
		openEditor(editView, {
			code: edit || null,
			titleEl,
			onForbidden: showForbidden,
		});
		return;
	}
	editView.hidden = true;
	listView.hidden = false;
	const withdrawn = p.get('withdrawn');
	if (withdrawn) {
		pageNotice('success', t('proc_admin.withdrawn', { code: withdrawn }));
		p.delete('withdrawn');
		history.replaceState(null, '', location.pathname + (p.toString() ? '?' + p : ''));
	}
	initList();
}

function addCrumb() {
	crumbsEl.append(h('li', {}, h('a', { href: '/staff/procedures/', 'data-i18n': 'proc_admin.title' }, t('proc_admin.title'))));
}

/* ---- the list ------------------------------------------------------------ */

const listForm = document.querySelector('[data-list-form]');
const listQ = listForm.querySelector('[name="q"]');
const listField = listForm.querySelector('[name="field"]');
const listCount = document.querySelector('[data-list-count]');
const listRows = document.querySelector('[data-list-rows]');
const listPager = document.querySelector('[data-list-pager]');

let fields = [];
let listState = { q: '', field: '', page: 1 };
let listData = null;
let listCtrl = null;
let typing = 0;

function initList() {
	const p = new URLSearchParams(location.search);
	listState = { q: p.get('q') || '', field: p.get('field') || '', page: Math.max(1, parseInt(p.get('page'), 10) || 1) };
	listQ.value = listState.q;
	loadFields();
	loadList();
	listForm.addEventListener('submit', (ev) => {
		ev.preventDefault();
		clearTimeout(typing);
		listState = { q: listQ.value.trim(), field: listField.value, page: 1 };
		loadList();
	});
	listQ.addEventListener('input', () => {
		clearTimeout(typing);
		typing = setTimeout(() => {
			listState = { q: listQ.value.trim(), field: listField.value, page: 1 };
			loadList();
		}, 300);
	});
	listField.addEventListener('change', () => {
		listState = { q: listQ.value.trim(), field: listField.value, page: 1 };
		loadList();
	});
	document.querySelector('[data-import-form]').addEventListener('submit', importCsv);
	document.querySelector('[data-field-form]').addEventListener('submit', saveField);
	document.addEventListener('motcua:langchange', () => {
		renderFields();
		renderList();
	});
}

async function loadFields() {
	try {
		const d = await api('GET', 'fields');
		fields = (d && d.items) || [];
		renderFields();
	} catch (e) {
		if (!handled(e)) pageNotice('error', t('proc_admin.load_failed'), e.message, loadFields);
	}
}

function renderFields() {
	const keep = listState.field;
	replace(
		listField,
		h('option', { value: '' }, t('proc_search.field_all')),
		...fields.map((f) => h('option', { value: f.code }, t('proc_search.field_option', { name: f.name, count: f.count })))
	);
	listField.value = keep;
	replace(
		document.querySelector('[data-fields-list]'),
		...fields.map((f) =>
			h(
				'li',
				{},
				h('span', { class: 'mono cadm-fields__code' }, f.code),
				h('span', {}, f.name, ' ', h('span', { class: 'muted' }, '(' + t('proc_admin.fields_count', { count: f.count }) + ')'))
			)
		)
	);
}

async function loadList() {
	const q = new URLSearchParams();
	if (listState.q) q.set('q', listState.q);
	if (listState.field) q.set('field', listState.field);
	if (listState.page > 1) q.set('page', listState.page);
	history.replaceState(null, '', location.pathname + (q.toString() ? '?' + q : ''));
	if (listCtrl) listCtrl.abort();
	const mine = (listCtrl = new AbortController());
	try {
		const d = await api('GET', 'procedures', undefined, {
			query: { q: listState.q, field: listState.field, limit: PAGE_SIZE, offset: (listState.page - 1) * PAGE_SIZE },
			signal: mine.signal,
		});
		if (mine !== listCtrl) return;
		listData = d;
		clearErrors(listForm);
		renderList();
	} catch (e) {
		if (mine !== listCtrl || (e instanceof ApiError && e.code === 'aborted')) return;
		if (handled(e)) return;
		if (e instanceof ApiError && e.status === 400) showErrors(listForm, errorsFromApi(e).map((x) => ({ ...x, field: 'q' })));
		else pageNotice('error', t('proc_admin.load_failed'), e.message, loadList);
	}
}

function renderList() {
	if (!listData) return;
	const items = listData.items || [];
	const total = Number(listData.total) || 0;
	replace(listCount, t('proc_admin.found', { count: total }));
	if (!items.length) {
		replace(listRows, h('tr', {}, h('td', { colspan: '6' }, t('proc_admin.empty'))));
	} else {
		replace(
			listRows,
			...items.map((p) => {
				const on = onlineInfo(p.online);
				const editHref = '/staff/procedures/?edit=' + encodeURIComponent(p.code);
				return h(
					'tr',
					{},
					h('td', { class: 'mono nowrap', 'data-label': t('proc_admin.col.code') }, p.code),
					h('td', { 'data-label': t('proc_admin.col.name') }, h('a', { href: editHref }, p.name)),
					h('td', { 'data-label': t('proc_admin.col.field') }, (p.field && p.field.name) || ''),
					h('td', { class: 'nowrap', 'data-label': t('proc_admin.col.limit') }, fmtTimeLimit(p.time_limit)),
					h('td', { 'data-label': t('proc_admin.col.online') }, badge(on.kind, on.short)),
					h(
						'td',
						{ 'data-label': t('proc_admin.col.actions') },
						h(
							'span',
							{},
							h('a', { href: editHref }, t('proc_admin.edit'), h('span', { class: 'visually-hidden' }, ' ' + p.code)),
							' · ',
							h('a', { href: procedureHref(p.code) }, t('proc_editor.view_public'), h('span', { class: 'visually-hidden' }, ' ' + p.code))
						)
					)
				);
			})
		);
	}
	renderPager(total);
}

function renderPager(total) {
	const last = Math.ceil(total / PAGE_SIZE);
	if (last <= 1) {
		listPager.hidden = true;
		replace(listPager);
		return;
	}
	const go = (n) => () => {
		listState = { ...listState, page: n };
		loadList().then(() => listCount.focus());
	};
	const items = [];
	for (let n = 1; n <= last; n++) {
		items.push(
			h(
				'li',
				{ class: 'pager__num' },
				n === listState.page
					? h('span', { class: 'pager__link pager__link--current', 'aria-current': 'page' }, String(n))
					: h('button', { type: 'button', class: 'pager__link', 'aria-label': t('proc_search.page_n', { n }), onclick: go(n) }, String(n))
			)
		);
	}
	replace(listPager, h('ul', { class: 'pager__list' }, ...items));
	listPager.hidden = false;
}

/* ---- CSV import ---------------------------------------------------------- */

/* The server names a CSV error by "line N" (parse errors) or by
 * "procedures[i].field" (a procedure that does not validate). */
function importMessage(e) {
	const f = (e && e.field) || '';
	let m = /^line (\d+)$/.exec(f);
	if (m) return t('proc_admin.import_line', { line: m[1], message: e.message });
	m = /^procedures\[(\d+)\]\.?(.*)$/.exec(f);
	if (m) return t('proc_admin.import_proc', { n: +m[1] + 1, field: m[2] || '—', message: e.message });
	return e.message;
}

async function importCsv(ev) {
	ev.preventDefault();
	const form = ev.currentTarget;
	const input = form.querySelector('[name="file"]');
	const btn = form.querySelector('[data-import-submit]');
	const result = form.querySelector('[data-import-result]');
	clearErrors(form);
	replace(result);
	const file = input.files && input.files[0];
	if (!file) return showErrors(form, [{ field: 'file', message: t('proc_admin.err_file') }]);
	if (file.size > IMPORT_MAX) return showErrors(form, [{ field: 'file', message: t('proc_admin.err_file_big') }]);
	btn.disabled = true;
	const label = btn.querySelector('[data-i18n]');
	label.textContent = t('proc_admin.importing');
	try {
		const text = await file.text();
		const r = await api('POST', 'procedures/import', text, { contentType: 'text/csv; charset=utf-8', timeout: 60000 });
		const box = notice('success', t('proc_admin.import_ok_title'), t('proc_admin.import_ok', { fields: r.fields ?? 0, procedures: r.procedures ?? 0 }));
		box.setAttribute('tabindex', '-1');
		replace(result, box);
		box.focus();
		input.value = '';
		loadFields();
		loadList();
	} catch (e) {
		if (handled(e)) return;
		if (e instanceof ApiError && (e.status === 400 || e.status === 413 || e.status === 415 || e.status === 422)) {
			showErrors(form, [{ field: 'file', message: importMessage(e) }]);
			const s = form.querySelector('[data-error-summary] .error-summary__title');
			if (s) s.textContent = t('proc_admin.import_failed');
		} else {
			pageNotice('error', t('proc_admin.import_failed'), e.message);
		}
	} finally {
		btn.disabled = false;
		label.textContent = t('proc_admin.import');
	}
}

/* ---- fields -------------------------------------------------------------- */

async function saveField(ev) {
	ev.preventDefault();
	const form = ev.currentTarget;
	clearErrors(form);
	const v = formValues(form);
	const code = (v.code || '').toUpperCase();
	const errs = [];
	if (!/^[A-Z0-9_]{1,20}$/.test(code)) errs.push({ field: 'code', message: t('proc_admin.err_field_code') });
	if (!v.name) errs.push({ field: 'name', message: t('proc_editor.err_required') });
	if (errs.length) return showErrors(form, errs);
	try {
		const r = await api('PUT', `fields/${encodeURIComponent(code)}`, { name: v.name });
		form.reset();
		pageNotice('success', t('proc_admin.field_saved', { code: r.code || code, name: r.name || v.name }));
		loadFields();
	} catch (e) {
		if (handled(e)) return;
		if (e instanceof ApiError && (e.status === 400 || e.status === 404 || e.status === 422)) {
			showErrors(form, errorsFromApi(e).map((x) => ({ ...x, field: x.field || 'code' })));
		} else {
			pageNotice('error', t('error.unknown'), e.message);
		}
	}
}

/* ---- start (after every declaration above) ------------------------------- */

if (me) {
	loadingEl.hidden = true;
	if (!hasRole(me, 'admin')) showForbidden();
	else route();
}
