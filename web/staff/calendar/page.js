/*
 * staff/calendar/page.js — the working calendar of the centre: a year as
 * twelve month grids (Monday to Sunday) with the days off, the make-up
 * working days and the lunar date of every day; the working hours and the
 * cut-off; the year's list of days. Administrators add, change or remove a
 * day (in a dialog) and import or export the year as CSV; other staff see
 * the same page read-only. A visitor who is not signed in goes to login.
 *
 * Below the year, each agency's working hours (hours.js, GET and PUT
 * calendar/hours).
 *
 * API (docs/CALENDAR.md §5): GET calendar/{year}; PUT and DELETE
 * calendar/days/{date}; POST calendar/{year}/import (text/csv); the export
 * is a plain link to GET calendar/{year}/export.
 *
 * The grid is one roving tab stop: arrows move by a day or a week, Home/End
 * to the start/end of the week, Page Up/Down by a month; Enter opens the day.
 * A change of calendar never moves an appointment already promised: after
 * each change the page says how many open dossiers are due on that day.
 * Above the year, a warning lists the open dossiers whose promised window
 * spans a weekday day off of this year or the next (GET calendar/affected,
 * then calendar/affected?date= per day), each linking to its dossier page:
 * their appointments were not recomputed, the centre decides.
 */
import { startStaff, pageNotice, t } from '/js/layout.js';
import { api, ApiError } from '/js/api.js';
import { hasRole, handleAuthError } from '/js/auth.js';
import { showErrors, clearErrors, errorsFromApi, formValues } from '/js/forms.js';
import { fmtDate, fmtDateLong, fmtDateTime, fmtWorkPeriods, fmtTime, vnParts, pad2 } from '/js/format.js';
import { $, h, replace, badge, notice, summaryRow } from '/js/dom.js';
import { initHours } from '/staff/calendar/hours.js';

const FIRST_YEAR = 1900;
const LAST_YEAR = 2199;
const IMPORT_MAX = 1 << 20;
const WEEK = [1, 2, 3, 4, 5, 6, 0]; /* weekdays (0 = Sunday), Monday first */

const loading = $('[data-loading]');
const root = $('[data-cal]');
const months = $('[data-months]');
const dialog = $('[data-day-dialog]');
const dayForm = $('[data-day-form]');

let me = null;
let isAdmin = false;
let data = null; /* GET calendar/{year} */
let byDate = new Map();
let year = 0;
let tabDate = null; /* the day button that holds the grid's tab stop */
let openDate = null; /* the day shown in the dialog */
let spans = []; /* [{date, name, total, items}] from calendar/affected */

me = await startStaff({ strings: ['calendar', 'dossier'], failKey: 'calendar.load_failed' });

if (me) {
	isAdmin = hasRole(me, 'admin');
	for (const el of document.querySelectorAll('[data-admin-only]')) el.hidden = !isAdmin;
	$('[data-readonly]').hidden = isAdmin;
	wire();
	await load(initialYear());
	/* each agency's hours (hours.js); the home centre's are the year's facts */
	await initHours({ isAdmin, onChange: () => load(year) });
	await loadSpans();
	document.addEventListener('motcua:langchange', () => {
		if (data) render();
		renderSpans();
	});
}

/* ---- open dossiers across a day off ------------------------------------------ */

async function loadSpans() {
	try {
		const { days } = await api('GET', 'calendar/affected');
		spans = [];
		for (const d of days) {
			const one = await api('GET', 'calendar/affected', undefined, { query: { date: d.date } });
			spans.push({ ...d, total: one.total, items: one.items });
		}
	} catch (e) {
		if (handleAuthError(e)) return;
		replace($('[data-spans]'), notice('error', t('calendar.spans.load_failed'), e.message));
		return;
	}
	renderSpans();
}

function renderSpans() {
	const col = (k) => h('th', { scope: 'col' }, t('calendar.spans.col.' + k));
	replace(
		$('[data-spans]'),
		spans
			.filter((s) => s.total > 0)
			.map((s) => {
				const date = fmtDate(s.date);
				const rows = s.items.map((d) =>
					h(
						'tr',
						{},
						h(
							'td',
							{},
							h('a', { href: `/staff/dossier/?code=${encodeURIComponent(d.code)}`, 'aria-label': t('calendar.spans.open', { code: d.code }) }, d.code)
						),
						h('td', {}, d.procedure.name),
						h('td', {}, t('dossier.status.' + d.status)),
						h('td', {}, d.received_at ? fmtDateTime(d.received_at) : ''),
						h('td', {}, d.due_at ? fmtDateTime(d.due_at) : ''),
						h('td', {}, d.unit ? d.unit.name : '')
					)
				);
				return notice(
					'warning',
					t('calendar.spans.title', { count: s.total, date }),
					t('calendar.spans.text', { date, name: s.name }),
					h('p', {}, t('calendar.spans.decide')),
					s.items.length < s.total ? h('p', {}, t('calendar.spans.more', { shown: s.items.length, count: s.total })) : null,
					h(
						'div',
						{ class: 'table-wrap', role: 'region', tabindex: '0', 'aria-label': t('calendar.spans.title', { count: s.total, date }) },
						h(
							'table',
							{ class: 'table table--stack', 'data-spans-table': s.date },
							h('thead', {}, h('tr', {}, ['code', 'procedure', 'status', 'received', 'due', 'unit'].map(col))),
							h('tbody', {}, rows)
						)
					)
				);
			})
	);
}

/* ---- dates ----------------------------------------------------------------- */

function todayVn() {
	const p = vnParts(Date.now());
	return `${p.y}-${pad2(p.m)}-${pad2(p.d)}`;
}

/* "YYYY-MM-DD" + n days, in calendar arithmetic (no time zone involved). */
function addDays(date, n) {
	const [y, m, d] = date.split('-').map(Number);
	const x = new Date(Date.UTC(y, m - 1, d + n));
	return `${x.getUTCFullYear()}-${pad2(x.getUTCMonth() + 1)}-${pad2(x.getUTCDate())}`;
}

function addMonths(date, n) {
	const [y, m, d] = date.split('-').map(Number);
	const last = new Date(Date.UTC(y, m - 1 + n + 1, 0)).getUTCDate();
	const x = new Date(Date.UTC(y, m - 1 + n, Math.min(d, last)));
	return `${x.getUTCFullYear()}-${pad2(x.getUTCMonth() + 1)}-${pad2(x.getUTCDate())}`;
}

function validYear(s) {
	if (!/^\d{4}$/.test(String(s))) return 0;
	const y = Number(s);
	return y >= FIRST_YEAR && y <= LAST_YEAR ? y : 0;
}

function initialYear() {
	const q = new URLSearchParams(location.search).get('year');
	return validYear(q) || vnParts(Date.now()).y;
}

/* "1/3" on the first day of a lunar month (and on the 1st of each solar
 * month, so every grid starts with its lunar month), the day elsewhere;
 * " N" marks a leap month. */
function lunarShort(d) {
	const l = d.lunar;
	if (!l) return '';
	const first = l.day === 1 || d.date.endsWith('-01');
	return first ? `${l.day}/${l.month}${l.leap ? ' ' + t('calendar.leap_mark') : ''}` : String(l.day);
}

function lunarLong(l) {
	return t(l.leap ? 'calendar.lunar_leap' : 'calendar.lunar', { d: l.day, m: l.month, y: l.year });
}

function isWeekend(date) {
	const dow = vnParts(date).dow;
	return dow === 0 || dow === 6;
}

/* The day's status in words: working day, weekend, day off, make-up day. */
function statusText(d) {
	if (d.kind === 'off') return t('calendar.status.off', { name: d.name });
	if (d.kind === 'work') return t('calendar.status.work', { name: d.name });
	return t(d.working ? 'calendar.status.working' : 'calendar.status.weekend');
}

function capital(s) {
	return s ? s.charAt(0).toUpperCase() + s.slice(1) : s;
}

/* ---- loading and rendering --------------------------------------------------- */

async function load(y, focus) {
	loading.hidden = false;
	let next;
	try {
		next = await api('GET', `calendar/${y}`);
	} catch (e) {
		loading.hidden = true;
		if (handleAuthError(e)) return;
		pageNotice('error', t('calendar.load_failed'), e.message, () => load(y, focus));
		return;
	}
	data = next;
	year = y;
	byDate = new Map(data.days.map((d) => [d.date, d]));
	const today = todayVn();
	if (!tabDate || !byDate.has(tabDate)) tabDate = byDate.has(today) ? today : `${y}-01-01`;
	loading.hidden = true;
	root.hidden = false;
	const url = new URL(location.href);
	url.searchParams.set('year', String(y));
	history.replaceState(null, '', url);
	render();
	if (focus) focusDay(focus);
}

function render() {
	$('#f-year').value = String(year);
	$('[data-year-prev]').textContent = t('calendar.year_n', { year: year - 1 });
	$('[data-year-next]').textContent = t('calendar.year_n', { year: year + 1 });
	$('[data-year-step="-1"]').hidden = year <= FIRST_YEAR;
	$('[data-year-step="1"]').hidden = year >= LAST_YEAR;
	$('[data-year-title]').textContent = t('calendar.year_title', { year });
	$('[data-hours]').textContent = fmtWorkPeriods(data.work_periods);
	$('[data-cutoff]').textContent = data.cutoff
		? t('calendar.cutoff_text', { time: fmtTime(data.cutoff) })
		: t('calendar.cutoff_none');
	$('[data-source]').textContent = t(`calendar.source.${data.source}`, { year });
	$('[data-legend-select]').textContent = t(isAdmin ? 'calendar.select_admin' : 'calendar.select');
	renderMonths();
	renderList();
	const exp = $('[data-export]');
	exp.href = `/api/v1/calendar/${year}/export`;
	$('[data-export-label]').textContent = t('calendar.export', { year });
	$('[data-import-label]').textContent = t('calendar.import_label', { year });
	$('[data-import-hint]').textContent = t('calendar.import_hint', { year });
}

function renderMonths() {
	const today = todayVn();
	const grids = [];
	for (let m = 1; m <= 12; m++) {
		const first = `${year}-${pad2(m)}-01`;
		const lead = (vnParts(first).dow + 6) % 7;
		const n = new Date(Date.UTC(year, m, 0)).getUTCDate();
		const cells = [];
		for (let i = 0; i < lead; i++) cells.push(h('td', { class: 'cal-grid__pad' }));
		for (let d = 1; d <= n; d++) {
			const date = `${year}-${pad2(m)}-${pad2(d)}`;
			cells.push(h('td', {}, dayButton(byDate.get(date) || { date, working: !isWeekend(date) }, today)));
		}
		while (cells.length % 7) cells.push(h('td', { class: 'cal-grid__pad' }));
		const rows = [];
		for (let i = 0; i < cells.length; i += 7) rows.push(h('tr', {}, cells.slice(i, i + 7)));
		grids.push(
			h(
				'section',
				{ class: 'cal-month' },
				h(
					'table',
					{ class: 'cal-grid' },
					h('caption', { class: 'cal-month__title' }, t('calendar.month', { m, y: year })),
					h(
						'thead',
						{},
						h(
							'tr',
							{},
							WEEK.map((dow) =>
								h(
									'th',
									{ scope: 'col', class: dow === 0 || dow === 6 ? 'cal-grid__we' : null },
									h('abbr', { title: t('fmt.weekday.' + dow) }, t('calendar.wd.' + dow))
								)
							)
						)
					),
					h('tbody', {}, rows)
				)
			)
		);
	}
	replace(months, ...grids);
}

function dayButton(d, today) {
	const cls = ['cal-day'];
	if (isWeekend(d.date)) cls.push('cal-day--weekend');
	if (d.kind) cls.push(`cal-day--${d.kind}`);
	if (d.date === today) cls.push('cal-day--today');
	const label = [fmtDateLong(d.date), d.lunar ? lunarLong(d.lunar) : null, statusText(d)];
	if (d.date === today) label.unshift(t('calendar.today'));
	return h(
		'button',
		{
			type: 'button',
			class: cls.join(' '),
			'data-date': d.date,
			tabindex: d.date === tabDate ? '0' : '-1',
			'aria-label': label.filter(Boolean).join(', '),
			'aria-haspopup': 'dialog',
			'aria-current': d.date === today ? 'date' : null,
		},
		String(Number(d.date.slice(8))), /* the day; the label above is what is read */
		h('span', { class: 'cal-day__lunar', 'aria-hidden': 'true' }, lunarShort(d)),
		d.kind ? h('span', { class: 'cal-day__tag', 'aria-hidden': 'true' }, t(`calendar.tag_${d.kind}`)) : null
	);
}

function kindBadge(kind) {
	return h('span', { class: `badge cal-badge--${kind}` }, t(`calendar.kind.${kind}`));
}

function renderList() {
	const rows = data.entries.map((e) =>
		h(
			'tr',
			{},
			h('td', { 'data-label': t('calendar.col.date') }, h('span', { class: 'nowrap' }, fmtDateLong(e.date))),
			h(
				'td',
				{ 'data-label': t('calendar.col.kind') },
				kindBadge(e.kind),
				e.default ? [' ', badge('neutral', t('calendar.default_mark'))] : null
			),
			h('td', { 'data-label': t('calendar.col.name') }, e.name),
			h('td', { 'data-label': t('calendar.col.decision') }, e.decision || '—'),
			h('td', { 'data-label': t('calendar.col.reason') }, e.reason || '—'),
			isAdmin
				? h(
						'td',
						{ 'data-label': t('calendar.col.actions') },
						h(
							'button',
							{
								type: 'button',
								class: 'btn btn--link',
								'aria-label': t('calendar.edit_aria', { date: fmtDate(e.date) }),
								onclick: (ev) => openDay(e.date, ev.currentTarget),
							},
							t('calendar.edit')
						)
				  )
				: null
		)
	);
	$('[data-list-title]').textContent = t('calendar.list_title', { year });
	$('[data-list-empty]').hidden = rows.length > 0;
	$('[data-list-wrap]').hidden = rows.length === 0;
	replace($('[data-list-rows]'), ...rows);
}

/* ---- the grid: keyboard and selection ---------------------------------------- */

function dayEl(date) {
	return months.querySelector(`.cal-day[data-date="${date}"]`);
}

function focusDay(date) {
	const next = dayEl(date);
	if (!next) return;
	const prev = dayEl(tabDate);
	if (prev) prev.tabIndex = -1;
	next.tabIndex = 0;
	tabDate = date;
	next.focus();
}

function onGridKey(ev) {
	const btn = ev.target.closest('.cal-day');
	if (!btn) return;
	const date = btn.dataset.date;
	const dow = (vnParts(date).dow + 6) % 7; /* 0 = Monday */
	const moves = {
		ArrowLeft: () => addDays(date, -1),
		ArrowRight: () => addDays(date, 1),
		ArrowUp: () => addDays(date, -7),
		ArrowDown: () => addDays(date, 7),
		Home: () => addDays(date, -dow),
		End: () => addDays(date, 6 - dow),
		PageUp: () => addMonths(date, -1),
		PageDown: () => addMonths(date, 1),
	};
	if (!moves[ev.key]) return;
	ev.preventDefault();
	const target = moves[ev.key]();
	if (target.startsWith(`${year}-`)) focusDay(target);
}

/* ---- the day dialog ------------------------------------------------------------ */

function openDay(date, opener) {
	const d = byDate.get(date);
	if (!d) return;
	openDate = date;
	if (opener && opener.classList.contains('cal-day')) {
		const prev = dayEl(tabDate);
		if (prev) prev.tabIndex = -1;
		opener.tabIndex = 0;
		tabDate = date;
	}
	dialog.returnTo = opener || dayEl(date);
	const entry = data.entries.find((e) => e.date === date);
	$('[data-day-title]').textContent = fmtDateLong(date);
	const facts = [
		summaryRow(t('calendar.d.lunar'), d.lunar ? lunarLong(d.lunar) : '—'),
		summaryRow(t('calendar.d.status'), ...(d.kind ? [kindBadge(d.kind), ' ', d.name] : [capital(statusText(d))])),
	];
	if (entry) {
		facts.push(summaryRow(t('calendar.d.decision'), entry.decision || t('calendar.d.none')));
		facts.push(summaryRow(t('calendar.d.reason'), entry.reason || t('calendar.d.none')));
		if (entry.default) facts.push(summaryRow(t('calendar.d.source'), t('calendar.d.default_note', { year })));
	}
	replace($('[data-day-facts]'), ...facts);

	dayForm.hidden = !isAdmin;
	if (isAdmin) {
		clearErrors(dayForm);
		const kind = entry ? entry.kind : isWeekend(date) ? 'work' : 'off';
		dayForm.elements.kind.value = kind;
		dayForm.elements.name.value = entry ? entry.name : '';
		dayForm.elements.decision.value = entry ? entry.decision : '';
		dayForm.elements.reason.value = entry ? entry.reason : '';
		$('[data-day-remove]').hidden = !entry;
	}
	if (!dialog.open) dialog.showModal();
	$('[data-day-close]').focus();
}

function closeDay() {
	if (dialog.open) dialog.close();
}

/* After a change: reload, focus the day, and say what it means for the
 * appointments already promised. */
async function changed(date, title, affected) {
	closeDay();
	await load(year, date);
	const text =
		affected > 0 ? t('calendar.affected', { count: affected }) : t('calendar.affected_none');
	pageNotice(affected > 0 ? 'warning' : 'success', title, text);
	const el = dayEl(date);
	if (el) el.focus();
}

async function saveDay(ev) {
	ev.preventDefault();
	clearErrors(dayForm);
	const v = formValues(dayForm);
	const errors = [];
	if (!v.kind) errors.push({ field: 'kind', message: t('calendar.err_kind') });
	else if (v.kind === 'work' && !isWeekend(openDate)) errors.push({ field: 'kind', message: t('calendar.err_work_weekday') });
	if (!v.name) errors.push({ field: 'name', message: t('calendar.err_name') });
	if (errors.length) return showErrors(dayForm, errors);
	const date = openDate;
	const btn = $('[data-day-save]');
	btn.disabled = true;
	try {
		const r = await api('PUT', `calendar/days/${date}`, {
			kind: v.kind,
			name: v.name,
			decision: v.decision || null,
			reason: v.reason || null,
		});
		await changed(date, t('calendar.saved_title', { date: fmtDate(date) }), r.affected_dossiers);
	} catch (e) {
		dayError(e);
	} finally {
		btn.disabled = false;
	}
}

async function removeDay() {
	const date = openDate;
	const btn = $('[data-day-remove]');
	btn.disabled = true;
	try {
		const r = await api('DELETE', `calendar/days/${date}`);
		await changed(date, t('calendar.removed_title', { date: fmtDate(date) }), r.affected_dossiers);
	} catch (e) {
		dayError(e);
	} finally {
		btn.disabled = false;
	}
}

function dayError(e) {
	if (handleAuthError(e)) return;
	if (e instanceof ApiError && (e.status === 400 || e.status === 404 || e.status === 422)) {
		/* the date comes from the page: show its errors on the form */
		const list = errorsFromApi(e).map((x) => ({ ...x, field: x.field === 'date' ? '' : x.field }));
		showErrors(dayForm, list);
	} else {
		showErrors(dayForm, [{ field: '', message: `${t('calendar.save_failed')}: ${e.message}` }]);
	}
}

/* ---- import ------------------------------------------------------------------- */

function importMessage(e) {
	const m = /^line (\d+)$/.exec((e && e.field) || '');
	return m ? t('calendar.import_line', { line: m[1], message: e.message }) : e.message;
}

async function importCsv(ev) {
	ev.preventDefault();
	const form = ev.currentTarget;
	const input = form.elements.file;
	const result = $('[data-import-result]', form);
	const btn = $('[data-import-submit]', form);
	clearErrors(form);
	replace(result);
	const file = input.files && input.files[0];
	if (!file) return showErrors(form, [{ field: 'file', message: t('calendar.err_file_empty') }]);
	if (file.size > IMPORT_MAX) return showErrors(form, [{ field: 'file', message: t('calendar.err_file_big') }]);
	const label = btn.querySelector('[data-i18n]');
	btn.disabled = true;
	label.textContent = t('calendar.importing');
	const y = year;
	try {
		const text = await file.text();
		const r = await api('POST', `calendar/${y}/import`, text, { contentType: 'text/csv; charset=utf-8' });
		input.value = '';
		await load(y);
		const more = r.affected_dossiers > 0 ? t('calendar.affected_changed', { count: r.affected_dossiers }) : '';
		const box = notice('success', t('calendar.import_ok_title', { year: y }), `${t('calendar.import_ok', { year: y, days: r.days })} ${more}`.trim());
		box.setAttribute('tabindex', '-1');
		replace(result, box);
		box.focus();
	} catch (e) {
		if (handleAuthError(e)) return;
		if (e instanceof ApiError && [400, 413, 415, 422].includes(e.status)) {
			showErrors(form, [{ field: 'file', message: importMessage(e) }]);
		} else {
			pageNotice('error', t('calendar.import_failed'), e.message);
		}
	} finally {
		btn.disabled = false;
		label.textContent = t('calendar.import');
	}
}

/* ---- wiring -------------------------------------------------------------------- */

function wire() {
	const yearForm = $('[data-year-form]');
	yearForm.addEventListener('submit', (ev) => {
		ev.preventDefault();
		clearErrors(yearForm);
		const y = validYear(formValues(yearForm).year);
		if (!y) return showErrors(yearForm, [{ field: 'year', message: t('calendar.err_year') }]);
		tabDate = null;
		load(y);
	});
	for (const btn of document.querySelectorAll('[data-year-step]')) {
		btn.addEventListener('click', () => {
			const y = year + Number(btn.dataset.yearStep);
			if (!validYear(y)) return;
			clearErrors(yearForm);
			tabDate = null;
			load(y);
		});
	}
	months.addEventListener('click', (ev) => {
		const btn = ev.target.closest('.cal-day');
		if (btn) openDay(btn.dataset.date, btn);
	});
	months.addEventListener('keydown', onGridKey);
	$('[data-day-close]').addEventListener('click', closeDay);
	dialog.addEventListener('close', () => {
		const back = dialog.returnTo;
		dialog.returnTo = null;
		if (back && back.isConnected) back.focus();
	});
	dayForm.addEventListener('submit', saveDay);
	$('[data-day-remove]').addEventListener('click', removeDay);
	$('[data-import-form]').addEventListener('submit', importCsv);
}
