/*
 * staff/calendar/hours.js — each agency's working hours and cut-off on the
 * working calendar page (DECISIONS D30): a table of every agency of the
 * province (GET calendar/hours); an administrator changes one agency's
 * periods and cut-off in a form below it (PUT calendar/hours/{agency}).
 * The administrator of the home centre may change any agency's hours, any
 * other administrator his own agency's (the API answers 403 otherwise and
 * the form shows its message). A change never moves an appointment already
 * promised: the page says so after saving.
 */
import { pageNotice, t } from '/js/layout.js';
import { api } from '/js/api.js';
import { handleAuthError } from '/js/auth.js';
import { showErrors, clearErrors, errorsFromApi, formValues } from '/js/forms.js';
import { fmtWorkPeriods } from '/js/format.js';
import { $, h, replace, badge, notice } from '/js/dom.js';

const PERIODS = /^\s*\d{1,2}:\d{2}\s*-\s*\d{1,2}:\d{2}\s*(,\s*\d{1,2}:\d{2}\s*-\s*\d{1,2}:\d{2}\s*){0,3}$/;
const HHMM = /^\d{1,2}:\d{2}$/;

let items = [];
let admin = false;
let editing = null; /* the agency code in the form */
let onChange = () => {};

export async function initHours(opts) {
	admin = !!opts.isAdmin;
	onChange = opts.onChange || onChange;
	$('[data-hours-form]').addEventListener('submit', save);
	$('[data-hours-cancel]').addEventListener('click', close);
	document.addEventListener('motcua:langchange', render);
	await loadHours();
}

async function loadHours() {
	try {
		items = (await api('GET', 'calendar/hours')).items;
	} catch (e) {
		if (handleAuthError(e)) return;
		replace($('[data-hours-rows]'), h('tr', {}, h('td', { colspan: '4' }, notice('error', t('calendar.agency_hours.load_failed'), e.message))));
		return;
	}
	render();
}

function cutoffText(c) {
	return c ? t('calendar.cutoff_text', { time: c }) : t('calendar.cutoff_none');
}

function render() {
	replace(
		$('[data-hours-rows]'),
		...items.map((it) =>
			h(
				'tr',
				{},
				h('th', { scope: 'row' }, it.agency.name, it.home ? [' ', badge('neutral', t('calendar.agency_hours.home'))] : null),
				h('td', { 'data-label': t('calendar.hours') }, it.work_periods ? fmtWorkPeriods(it.work_periods) : '—'),
				h('td', { 'data-label': t('calendar.cutoff') }, cutoffText(it.cutoff)),
				admin
					? h(
							'td',
							{ 'data-label': t('calendar.col.actions') },
							h('button', { type: 'button', class: 'btn btn--secondary btn--small', 'aria-label': t('calendar.agency_hours.edit_of', { agency: it.agency.name }), onclick: () => open(it) }, t('calendar.agency_hours.edit')),
						)
					: null,
			),
		),
	);
}

function open(it) {
	const form = $('[data-hours-form]');
	editing = it.agency.code;
	clearErrors(form);
	$('[data-hours-form-title]').textContent = t('calendar.agency_hours.form_title', { agency: it.agency.name });
	form.elements.work_periods.value = it.work_periods;
	form.elements.cutoff.value = it.cutoff || '';
	form.hidden = false;
	form.elements.work_periods.focus();
}

function close() {
	$('[data-hours-form]').hidden = true;
	editing = null;
}

async function save(ev) {
	ev.preventDefault();
	const form = $('[data-hours-form]');
	clearErrors(form);
	const v = formValues(form);
	const errors = [];
	if (!PERIODS.test(v.work_periods || '')) errors.push({ field: 'work_periods', message: t('calendar.agency_hours.err_periods') });
	if (v.cutoff && !HHMM.test(v.cutoff)) errors.push({ field: 'cutoff', message: t('calendar.agency_hours.err_cutoff') });
	if (errors.length) return showErrors(form, errors);
	const btn = form.querySelector('[type=submit]');
	btn.disabled = true;
	const code = editing;
	try {
		const r = await api('PUT', `calendar/hours/${encodeURIComponent(code)}`, { work_periods: v.work_periods, cutoff: v.cutoff || null });
		close();
		await loadHours();
		pageNotice('success', t('calendar.agency_hours.saved', { agency: r.agency.name }), t('calendar.agency_hours.saved_text'));
		if (r.home) await onChange();
	} catch (e) {
		if (handleAuthError(e)) return;
		showErrors(form, errorsFromApi(e));
	} finally {
		btn.disabled = false;
	}
}
