/*
 * staff/return/page.js — the return desk (Trả kết quả).
 *
 * The code box has the focus: a barcode/QR scanner "types" the code and
 * Enter (the receipt's QR holds the tracking address …/track/?code=…,
 * which is understood too). The dossier's summary and result appear, the
 * receiver's name is prefilled with the applicant's and selected (type
 * over it when someone else collects), Enter returns it
 * (POST …/actions {"action":"return"}), and the box is ready for the next.
 *
 * Beside it: the dossiers waiting (GET /api/v1/dossiers?status=result_ready).
 */
import { startStaff, t } from '/js/layout.js';
import { api, ApiError } from '/js/api.js';
import { showErrors, clearErrors, errorsFromApi } from '/js/forms.js';
import { handleAuthError } from '/js/auth.js';
import { fmtDateTime, fmtTime } from '/js/format.js';
import { $, h, replace, badge, notice, summaryRow } from '/js/dom.js';
import {
	statusBadge,
	statusLabel,
	outcomeBadge,
	returnMethodLabel,
	appointmentWords,
	applicantLine,
	codeFromScan,
	dossierHref,
	actionErrorText,
} from '/js/staff-dossier.js';

const loading = $('[data-staff-loading]');
const me = await startStaff({ strings: ['dossier'] });

const scan = $('[data-scan-form]');
const codeInput = scan.elements.code;
let d = null;
let waiting = null;
let busy = false;

if (me) {
	loading.hidden = true;
	scan.addEventListener('submit', (ev) => {
		ev.preventDefault();
		find(codeFromScan(codeInput.value));
	});
	codeInput.focus();
	loadWaiting();
	document.addEventListener('keydown', (ev) => {
		/* Esc anywhere: back to the code box, ready for the next scan */
		if (ev.key === 'Escape') {
			ev.preventDefault();
			clearFound();
			codeInput.select();
			codeInput.focus();
		}
	});
	document.addEventListener('motcua:langchange', () => {
		if (d) renderFound();
		renderWaiting();
	});
}

/* ---- finding the dossier ------------------------------------------------- */

async function find(code) {
	clearErrors(scan);
	replace($('[data-result-notice]'));
	if (!code) return showErrors(scan, [{ field: 'code', message: t('return_desk.err_code') }]);
	codeInput.value = code;
	try {
		d = await api('GET', 'dossiers/' + encodeURIComponent(code));
	} catch (e) {
		if (handleAuthError(e)) return;
		if (e instanceof ApiError && e.status === 404) return findLoosely(code);
		return showErrors(scan, [{ field: 'code', message: actionErrorText(e) }]);
	}
	renderFound();
	focusNext();
}

/* Not a whole code: the end of a code, or a name, among the waiting ones. */
async function findLoosely(text) {
	let res = null;
	try {
		res = await api('GET', 'dossiers', undefined, { query: { status: 'result_ready', q: text, limit: 10 } });
	} catch {
		/* fall through to "not found" */
	}
	let items = (res && res.items) || [];
	if (!items.length && waiting) items = (waiting.items || []).filter((x) => x.code.endsWith(text));
	if (items.length === 1) return find(items[0].code);
	clearFound();
	if (items.length > 1) {
		showErrors(scan, [{ field: 'code', message: t('return_desk.several', { count: items.length }) }]);
		renderWaiting(items);
		return;
	}
	showErrors(scan, [{ field: 'code', message: t('return_desk.not_found', { code: text }) }]);
}

function clearFound() {
	d = null;
	$('[data-found]').hidden = true;
	replace($('[data-found-action]'));
}

function renderFound() {
	const sec = $('[data-found]');
	sec.hidden = false;
	replace($('[data-found-title]'), t('return_desk.found_title'), ' ', h('span', { class: 'mono dossier-code' }, d.code));
	const a = d.applicant || {};
	replace(
		$('[data-found-facts]'),
		summaryRow(t('dossier_view.status'), statusBadge(d.status), d.timing ? [' ', badge(d.timing === 'late' ? 'late' : 'ok', t('dossier_view.timing.' + d.timing))] : null),
		summaryRow(t('dossier_view.procedure'), d.procedure.name),
		summaryRow(t('return_desk.applicant'), applicantLine(a), a.id_number ? h('span', { class: 'muted' }, ` — ${t('intake.id_number')}: `, h('span', { class: 'mono' }, a.id_number)) : ''),
		summaryRow(t('dossier_view.received_at'), d.received_at ? fmtDateTime(d.received_at) : ''),
		summaryRow(t('dossier_view.due_at'), d.due_at ? appointmentWords(d.due_at) : ''),
		summaryRow(t('return_desk.result'), d.result ? h('strong', {}, d.result.summary) : ''),
		summaryRow(t('dossier_view.result_ready_at'), d.result_ready_at ? fmtDateTime(d.result_ready_at) : ''),
		summaryRow(t('dossier_view.return_method'), returnMethodLabel(d.return_method)),
		d.return ? summaryRow(t('return_desk.returned'), t('return_desk.returned_text', { when: fmtDateTime(d.return.at), name: d.return.receiver_name })) : null
	);
	const box = $('[data-found-action]');
	if ((d.allowed_actions || []).includes('return')) {
		replace(box, returnForm());
		return;
	}
	let why;
	if (d.status === 'returned') why = notice('info', t('return_desk.already_title'), t('return_desk.already', { when: fmtDateTime(d.return && d.return.at), name: (d.return && d.return.receiver_name) || '' }));
	else if (d.status === 'refused' || d.status === 'withdrawn') why = notice('warning', t('return_desk.closed_title', { status: statusLabel(d.status) }), t('return_desk.closed_text'));
	else if (d.status === 'result_ready') why = notice('warning', t('return_desk.no_right_title'), t('return_desk.no_right'));
	else why = notice('warning', t('return_desk.not_ready_title'), t('return_desk.not_ready', { status: statusLabel(d.status), when: appointmentWords(d.due_at) }));
	replace(box, why, h('p', {}, h('a', { href: dossierHref(d.code) }, t('return_desk.open_dossier'))));
}

function focusNext() {
	const name = $('#f-receiver_name');
	if (name) {
		name.focus();
		name.select();
	} else {
		$('[data-found-title]').focus();
	}
}

function returnForm() {
	const a = d.applicant || {};
	const f = h(
		'form',
		{ class: 'form return-form', novalidate: true, 'aria-labelledby': 'return-form-title' },
		h('h3', { id: 'return-form-title' }, t('return_desk.form_title')),
		h('div', { class: 'error-summary', 'data-error-summary': '', hidden: true }),
		h(
			'div',
			{ class: 'field' },
			h('label', { class: 'field__label', for: 'f-receiver_name' }, t('dossier_view.a.receiver'), ' ', h('span', { class: 'required', 'aria-hidden': 'true' }, '*')),
			h('p', { class: 'field__hint', id: 'f-receiver_name-hint' }, t('return_desk.receiver_hint')),
			h('input', { class: 'input', id: 'f-receiver_name', name: 'receiver_name', type: 'text', autocomplete: 'off', maxlength: '200', value: a.name || '', required: true, 'aria-describedby': 'f-receiver_name-hint' })
		),
		h(
			'fieldset',
			{ class: 'fieldset' },
			h('legend', { class: 'fieldset__legend' }, t('dossier_view.a.method')),
			h('div', { class: 'choice-row' },
				...['counter', 'post', 'online'].map((m) =>
					h('div', { class: 'choice' },
						h('input', { type: 'radio', id: 'f-method-' + m, name: 'method', value: m, checked: m === (d.return_method || 'counter') }),
						h('label', { for: 'f-method-' + m }, returnMethodLabel(m))
					)
				)
			)
		),
		h('div', { class: 'btn-group' },
			h('button', { type: 'submit', class: 'btn btn--large' }, t('return_desk.submit')),
			h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => { clearFound(); codeInput.select(); codeInput.focus(); } }, t('return_desk.next'), ' ', h('kbd', {}, 'Esc'))
		)
	);
	/* Enter on a radio button returns too, as in the name */
	f.addEventListener('keydown', (ev) => {
		if (ev.key === 'Enter' && ev.target.type === 'radio') {
			ev.preventDefault();
			f.requestSubmit();
		}
	});
	f.addEventListener('submit', (ev) => {
		ev.preventDefault();
		doReturn(f);
	});
	return f;
}

async function doReturn(f) {
	if (busy) return;
	clearErrors(f);
	const receiver = f.elements.receiver_name.value.trim();
	if (!receiver) return showErrors(f, [{ field: 'receiver_name', message: t('intake.err_required') }]);
	const method = f.querySelector('input[name="method"]:checked').value;
	busy = true;
	try {
		const res = await api('POST', `dossiers/${encodeURIComponent(d.code)}/actions`, { action: 'return', receiver_name: receiver, method, version: d.version });
		const box = notice(
			'success',
			t('return_desk.done_title', { code: res.code }),
			t('return_desk.done_text', { name: receiver, time: fmtTime(res.returned_at), method: returnMethodLabel(method) }),
			returnOutcome(res)
		);
		box.setAttribute('role', 'status');
		replace($('[data-result-notice]'), box);
		clearFound();
		codeInput.value = '';
		codeInput.focus();
		loadWaiting();
	} catch (e) {
		if (handleAuthError(e)) return;
		if (e instanceof ApiError && e.status === 422 && e.field) return showErrors(f, errorsFromApi(e));
		showErrors(f, [{ field: '', message: actionErrorText(e) }]);
		if (e instanceof ApiError && (e.code === 'version_conflict' || e.code === 'invalid_transition')) {
			/* someone else returned it meanwhile: show what it is now */
			try {
				d = await api('GET', 'dossiers/' + encodeURIComponent(d.code));
				renderFound();
			} catch {
				/* keep the message */
			}
		}
	} finally {
		busy = false;
	}
}

/* "Bước trả kết quả: ✓ Trước hạn" — the last step's outcome. */
function returnOutcome(x) {
	const steps = x.steps || [];
	const last = steps[steps.length - 1];
	return last && last.outcome ? h('p', { class: 'mb-0' }, t('return_desk.return_step'), ' ', outcomeBadge(last.outcome)) : null;
}

/* ---- the waiting list -------------------------------------------------------- */

async function loadWaiting() {
	try {
		waiting = await api('GET', 'dossiers', undefined, { query: { status: 'result_ready', limit: 100 } });
	} catch (e) {
		if (handleAuthError(e)) return;
		replace($('[data-waiting]'), notice('error', t('return_desk.waiting_failed'), e.message));
		return;
	}
	renderWaiting();
}

function renderWaiting(only) {
	if (!waiting && !only) return;
	const items = only || waiting.items || [];
	const box = $('[data-waiting]');
	if (!items.length) {
		replace(box, h('p', { class: 'empty-state' }, t('return_desk.waiting_empty')));
		return;
	}
	replace(
		box,
		h('p', { class: 'small muted' }, only ? t('return_desk.matching', { count: items.length }) : t('return_desk.waiting_count', { count: waiting.total })),
		h(
			'ul',
			{ class: 'waiting-list' },
			...items.map((x) =>
				h(
					'li',
					{ class: 'waiting-list__item' },
					h('button', { type: 'button', class: 'btn btn--link waiting-list__code mono', onclick: () => find(x.code) },
						h('span', { class: 'visually-hidden' }, t('return_desk.pick') + ' '), x.code),
					h('span', { class: 'waiting-list__name' }, x.applicant_name),
					h('span', { class: 'small muted' }, x.procedure.name),
					x.due_at ? h('span', { class: 'small muted' }, t('return_desk.appointment', { when: fmtDateTime(x.due_at) })) : null
				)
			)
		)
	);
}
