/*
 * staff/dossier/page.js — one dossier, for the officers who handle it
 * (/staff/dossier/?code=…): everything about it, the control sheet, the
 * history, the printable papers, and the actions the server allows.
 *
 *   GET  /api/v1/dossiers/{code}            the full staff view (allowed_actions, version)
 *   GET  /api/v1/dossiers/{code}/history    the hand-overs
 *   GET  /api/v1/dossiers?q={code}&status=all   only for remaining_working_seconds
 *   POST /api/v1/dossiers/{code}/actions    {"action", "version", …}
 *
 * Every action sends the version the page loaded; a 409 version_conflict
 * means someone acted meanwhile: we say so and offer to reload. Refusing,
 * withdrawing and returning cannot be undone: they ask for a confirmation.
 * Without ?code= the page asks for a code (typed or scanned).
 */
import { start, pageNotice, setPageTitle, t } from '/js/layout.js';
import { api, ApiError } from '/js/api.js';
import { showErrors, clearErrors, errorsFromApi } from '/js/forms.js';
import { handleAuthError } from '/js/auth.js';
import { fmtDateTime, fmtNumber, vnParts } from '/js/format.js';
import { fmtTimeLimit, docFormLabel } from '/js/catalogue.js';
import { h, replace, badge, notice, icon } from '/js/dom.js';
import {
	statusBadge,
	statusLabel,
	actionLabel,
	outcomeBadge,
	channelLabel,
	returnMethodLabel,
	deadlineWords,
	appointmentWords,
	formLinks,
	formHref,
	codeFromScan,
	dossierHref,
	fitStaffNav,
	actionErrorText,
} from '/js/staff-dossier.js';

const $ = (sel, root = document) => root.querySelector(sel);

/* The order of the buttons: the usual next step first. */
const ACTION_ORDER = [
	'accept',
	'forward',
	'complete',
	'return',
	'supplement',
	'request_supplement',
	'send_back',
	'apologize',
	'refuse',
	'withdraw',
];
/* Irreversible: asked twice. */
const CONFIRM = new Set(['refuse', 'withdraw', 'return']);
const DANGER = new Set(['refuse', 'withdraw']);

const loading = $('[data-staff-loading]');
const code = codeFromScan(new URLSearchParams(location.search).get('code') || '');
let me;
try {
	({ me } = await start({ staff: true }));
} catch (e) {
	loading.hidden = true;
	pageNotice('error', t('staff.load_failed'), `${e.message} ${t('error.tell_admin')}`, () => location.reload());
}

let d = null; /* the dossier */
let history = null;
let remaining = null; /* {seconds, day} */
let openAction = null;
let busy = false;

if (me) {
	fitStaffNav(me);
	backLink();
	wireFind();
	if (!code) {
		loading.hidden = true;
		showFind('');
	} else {
		load();
	}
	document.addEventListener('motcua:langchange', () => {
		if (d) render();
		if (history) renderHistory();
	});
}

/* The breadcrumb goes back to the inbox as it was left (filters kept). */
function backLink() {
	try {
		const r = new URL(document.referrer);
		if (r.origin === location.origin && r.pathname === '/staff/inbox/') $('[data-back-inbox]').href = r.pathname + r.search;
	} catch {
		/* no referrer */
	}
}

/* ---- no code: open by code -------------------------------------------------- */

function wireFind() {
	const f = $('[data-find-form]');
	f.addEventListener('submit', (ev) => {
		ev.preventDefault();
		const c = codeFromScan(f.elements.code.value);
		if (!c) return showErrors(f, [{ field: 'code', message: t('dview.err_code') }]);
		location.assign(dossierHref(c));
	});
}

function showFind(value, message) {
	const f = $('[data-find-form]');
	f.hidden = false;
	replace($('[data-title]'), t('dview.find_title'));
	setPageTitle(t('dview.find_title'));
	f.elements.code.value = value || '';
	if (message) showErrors(f, [{ field: 'code', message }]);
	else f.elements.code.focus();
}

/* ---- loading ---------------------------------------------------------------- */

async function load() {
	let res;
	try {
		[res] = await Promise.all([api('GET', 'dossiers/' + encodeURIComponent(code)), loadRemaining()]);
	} catch (e) {
		loading.hidden = true;
		if (handleAuthError(e)) return;
		if (e instanceof ApiError && e.status === 404) return showFind(code, t('dview.not_found', { code }));
		if (e instanceof ApiError && e.status === 403) {
			return pageNotice('error', t('dview.forbidden_title'), e.message);
		}
		return pageNotice('error', t('dview.load_failed'), e.message, () => location.reload());
	}
	loading.hidden = true;
	d = res;
	$('[data-dossier]').hidden = false;
	render();
	loadHistory();
}

/* The inbox row of this dossier, for the working time left (best effort). */
async function loadRemaining() {
	try {
		const r = await api('GET', 'dossiers', undefined, { query: { q: code, status: 'all', limit: 5 } });
		const it = ((r && r.items) || []).find((x) => x.code === code);
		remaining = it ? { seconds: it.remaining_working_seconds, day: r.day_working_seconds } : null;
	} catch {
		remaining = null;
	}
}

async function loadHistory() {
	try {
		history = await api('GET', `dossiers/${encodeURIComponent(code)}/history`);
	} catch (e) {
		if (handleAuthError(e)) return;
		replace($('[data-history]'), notice('error', t('dview.history_failed'), e.message));
		return;
	}
	renderHistory();
}

/* After an action, or on "reload": everything fresh, the panel closed. */
async function reload() {
	try {
		const [res] = await Promise.all([api('GET', 'dossiers/' + encodeURIComponent(code)), loadRemaining()]);
		d = res;
	} catch (e) {
		if (handleAuthError(e)) return;
		pageNotice('error', t('dview.load_failed'), e.message, () => reload());
		return;
	}
	openAction = null;
	render();
	loadHistory();
}

/* ---- drawing ---------------------------------------------------------------- */

function fact(label, ...value) {
	const v = value.filter((x) => x !== null && x !== undefined && x !== '');
	if (!v.length) return null;
	return h('div', { class: 'summary-list__row' }, h('dt', {}, label), h('dd', {}, ...v));
}

function person(p) {
	return p ? `${p.full_name} (${p.username})` : '';
}

function render() {
	replace($('[data-title]'), t('dview.title_code'), ' ', h('span', { class: 'mono dossier-code' }, d.code));
	setPageTitle(t('dview.doc_title_code', { code: d.code }));
	replace($('[data-head-proc]'), d.procedure.name);

	const w = remaining ? deadlineWords(remaining.seconds, remaining.day) : null;
	const badges = [statusBadge(d.status)];
	if (w) badges.push(badge(w.kind, w.detail ? `${w.text} · ${w.detail}` : w.text));
	else if (d.overdue) badges.push(badge('late', t('dview.overdue')));
	if (d.paused) badges.push(badge('soon', t('dview.paused_badge')));
	if (d.apologized) badges.push(badge('info', t('dview.apologized_badge')));
	if (d.timing) badges.push(badge(d.timing === 'late' ? 'late' : 'ok', t('dview.timing.' + d.timing)));
	replace($('[data-head-badges]'), ...badges.map((b) => h('li', {}, b)));

	const notes = [];
	if (d.paused && d.supplement) {
		notes.push(notice('warning', t('dview.paused_title'), t('dview.paused_text', { when: fmtDateTime(d.supplement.requested_at) })));
	}
	if (d.overdue && !d.paused) notes.push(notice('error', t('dview.overdue_title'), t('dview.overdue_text', { when: fmtDateTime(d.due_at) })));
	replace($('[data-state-notices]'), ...notes);

	renderGeneral();
	renderApplicant();
	renderDocuments();
	renderEvents();
	renderControl();
	renderActions();
	renderForms();
}

function renderGeneral() {
	const steps = d.steps || [];
	const cur = steps.find((s) => s.position === d.current_step);
	replace(
		$('[data-general]'),
		fact(t('dview.code'), h('span', { class: 'mono' }, d.code)),
		fact(t('dview.procedure'), d.procedure.name, ' ', h('span', { class: 'muted small' }, `(${d.procedure.code})`)),
		fact(t('dview.field'), d.procedure.field && d.procedure.field.name),
		fact(t('dview.time_limit'), fmtTimeLimit(d.procedure.time_limit)),
		fact(t('dview.status'), statusLabel(d.status)),
		fact(t('dview.channel'), channelLabel(d.channel)),
		fact(t('dview.return_method'), returnMethodLabel(d.return_method)),
		fact(t('dview.submitted_at'), d.submitted_at ? fmtDateTime(d.submitted_at) : ''),
		fact(t('dview.received_at'), d.received_at ? fmtDateTime(d.received_at) : '', d.received_by ? h('span', { class: 'muted' }, ' — ' + t('dview.by', { name: person(d.received_by) })) : ''),
		fact(t('dview.due_at'), d.due_at ? h('strong', {}, appointmentWords(d.due_at)) : ''),
		fact(t('dview.original_due_at'), d.original_due_at && d.original_due_at !== d.due_at ? appointmentWords(d.original_due_at) : ''),
		fact(t('dview.paused_total'), d.paused_working_seconds > 0 ? t('dview.working_hours', { n: fmtNumber(Math.round(d.paused_working_seconds / 360) / 10), count: d.paused_working_seconds / 3600 }) : ''),
		fact(t('dview.current_step'), cur && !d.finished_at ? t('dview.step_of', { n: cur.position, total: steps.length, name: cur.name, unit: cur.unit.name }) : ''),
		fact(t('dview.assignee'), d.assignee ? person(d.assignee) : ''),
		fact(t('dview.result_ready_at'), d.result_ready_at ? fmtDateTime(d.result_ready_at) : ''),
		fact(t('dview.finished_at'), d.finished_at ? fmtDateTime(d.finished_at) : '')
	);
}

function renderApplicant() {
	const a = d.applicant || {};
	const org = a.kind === 'organization';
	replace(
		$('[data-applicant]'),
		fact(t('dview.applicant_kind'), t(org ? 'intake.kind_org' : 'intake.kind_person')),
		org ? fact(t('intake.org_name'), a.org_name) : null,
		org ? fact(t('intake.tax_code'), a.tax_code ? h('span', { class: 'mono' }, a.tax_code) : '') : null,
		fact(t(org ? 'intake.name_org' : 'intake.name'), a.name),
		fact(t('intake.id_number'), a.id_number ? h('span', { class: 'mono' }, a.id_number) : ''),
		fact(t('intake.phone'), a.phone ? h('a', { href: 'tel:' + a.phone }, a.phone) : ''),
		fact(t('intake.email'), a.email ? h('a', { href: 'mailto:' + a.email }, a.email) : ''),
		fact(t('intake.address'), a.address)
	);
}

function renderDocuments() {
	const docs = d.documents || [];
	replace(
		$('[data-documents]'),
		docs.length
			? h(
					'div',
					{ class: 'table-wrap', role: 'region', 'aria-label': t('dview.table_of', { name: t('dview.s_documents') }), tabindex: '0' },
					h(
						'table',
						{ class: 'table table--compact table--stack' },
						h('thead', {}, h('tr', {},
							h('th', { scope: 'col', class: 'num' }, t('proc.doc.no')),
							h('th', { scope: 'col' }, t('proc.doc.name')),
							h('th', { scope: 'col' }, t('proc.doc.form')),
							h('th', { scope: 'col', class: 'num' }, t('proc.doc.count'))
						)),
						h('tbody', {}, ...docs.map((x, i) => h('tr', {},
							h('td', { class: 'num', 'data-label': t('proc.doc.no') }, String(i + 1)),
							h('td', { 'data-label': t('proc.doc.name') }, x.name, x.mandatory ? h('span', {}, ' ', badge('info', t('intake.doc_mandatory'))) : null),
							h('td', { 'data-label': t('proc.doc.form') }, docFormLabel(x.form)),
							h('td', { class: 'num', 'data-label': t('proc.doc.count') }, String(x.count))
						)))
					)
				)
			: h('p', { class: 'muted' }, t('dview.no_documents'))
	);
	const files = d.attachments || [];
	replace(
		$('[data-attachments]'),
		files.length
			? [
					h('h3', {}, t('dview.attachments')),
					h('ul', { class: 'file-list' }, ...files.map((f) => h('li', { class: 'file-list__item' },
						h('span', { class: 'file-list__name' },
							icon('doc-search', 'file-list__icon'),
							h('a', { href: `/api/v1/dossiers/${encodeURIComponent(d.code)}/attachments/${encodeURIComponent(f.sha256)}`, download: f.name }, f.name),
							h('span', { class: 'file-list__size' }, `${fileType(f.type)}, ${fmtSize(f.size)}`)
						)
					))),
				]
			: null
	);
}

function fileType(mime) {
	return mime === 'application/pdf' ? 'PDF' : mime === 'image/jpeg' ? 'JPEG' : mime === 'image/png' ? 'PNG' : mime || '';
}

function fmtSize(n) {
	if (n < 1024) return `${fmtNumber(n)} B`;
	if (n < 1024 * 1024) return `${fmtNumber(n / 1024, 0)} KB`;
	return `${fmtNumber(n / 1024 / 1024, 1)} MB`;
}

/* Supplement, apology, refusal, withdrawal, result, return: when they happened. */
function renderEvents() {
	const blocks = [];
	const block = (key, kind, ...rows) =>
		h('section', { class: `event-block event-block--${kind}`, 'aria-labelledby': 'ev-' + key },
			h('h2', { id: 'ev-' + key, class: 'event-block__title' }, t('dview.ev.' + key)),
			h('dl', { class: 'summary-list mb-0' }, ...rows));
	const s = d.supplement;
	if (s) {
		blocks.push(block('supplement', s.supplemented_at ? 'done' : 'wait',
			fact(t('dview.ev.requested_at'), fmtDateTime(s.requested_at)),
			fact(t('dview.ev.reason'), s.reason),
			fact(t('dview.ev.items'), s.items && s.items.length ? h('ul', { class: 'mb-0' }, ...s.items.map((x) => h('li', {}, x))) : ''),
			fact(t('dview.ev.supplemented_at'), s.supplemented_at ? fmtDateTime(s.supplemented_at) : h('strong', {}, t('dview.ev.waiting'))),
			fact(t('dview.ev.note'), s.note)
		));
	}
	const a = d.apology;
	if (a) {
		blocks.push(block('apology', 'info',
			fact(t('dview.ev.at'), fmtDateTime(a.at)),
			fact(t('dview.ev.reason'), a.reason),
			fact(t('dview.ev.previous_due_at'), a.previous_due_at ? appointmentWords(a.previous_due_at) : ''),
			fact(t('dview.ev.new_due_at'), appointmentWords(a.new_due_at)),
			fact(t('dview.ev.in_advance'), t(a.in_advance ? 'dview.ev.in_advance_yes' : 'dview.ev.in_advance_no'))
		));
	}
	if (d.refusal) {
		blocks.push(block('refusal', 'stop', fact(t('dview.ev.at'), fmtDateTime(d.refusal.at)), fact(t('dview.ev.reason'), d.refusal.reason)));
	}
	if (d.withdrawal) {
		blocks.push(block('withdrawal', 'stop', fact(t('dview.ev.at'), fmtDateTime(d.withdrawal.at)), fact(t('dview.ev.reason'), d.withdrawal.reason)));
	}
	if (d.result) {
		blocks.push(block('result', 'done', fact(t('dview.ev.at'), fmtDateTime(d.result.at)), fact(t('dview.ev.summary'), d.result.summary)));
	}
	if (d.return) {
		blocks.push(block('return', 'done',
			fact(t('dview.ev.at'), fmtDateTime(d.return.at)),
			fact(t('dview.ev.receiver'), d.return.receiver_name),
			fact(t('dview.ev.method'), returnMethodLabel(d.return.method))
		));
	}
	replace($('[data-events]'), ...blocks);
}

function renderControl() {
	const steps = d.steps || [];
	if (!steps.length) {
		replace($('[data-control]'), h('p', { class: 'muted' }, t('dview.no_steps')));
		return;
	}
	const outcomeCell = (s) => {
		if (s.outcome) return outcomeBadge(s.outcome);
		if (s.current && !d.finished_at) {
			return h('span', { class: 'cell-stack' }, badge('info', t('dview.step_current')), s.overdue ? badge('late', t('dview.overdue')) : null);
		}
		if (s.current && d.status === 'result_ready') return badge('info', t('dview.step_waiting_return'));
		return h('span', { class: 'muted' }, '—');
	};
	replace(
		$('[data-control]'),
		h(
			'div',
			{ class: 'table-wrap', role: 'region', 'aria-label': t('dview.table_of', { name: t('dview.s_control') }), tabindex: '0' },
			h(
				'table',
				{ class: 'table table--compact table--stack control-table' },
				h('thead', {}, h('tr', {},
					h('th', { scope: 'col', class: 'num' }, t('dview.c.no')),
					h('th', { scope: 'col' }, t('dview.c.name')),
					h('th', { scope: 'col' }, t('dview.c.unit')),
					h('th', { scope: 'col' }, t('dview.c.due')),
					h('th', { scope: 'col' }, t('dview.c.started')),
					h('th', { scope: 'col' }, t('dview.c.finished')),
					h('th', { scope: 'col' }, t('dview.c.handler')),
					h('th', { scope: 'col' }, t('dview.c.outcome'))
				)),
				h('tbody', {}, ...steps.map((s) => h('tr', { class: s.current && !s.finished_at ? 'is-current' : null },
					h('td', { class: 'num', 'data-label': t('dview.c.no') }, String(s.position)),
					h('td', { 'data-label': t('dview.c.name') }, s.name),
					h('td', { 'data-label': t('dview.c.unit') }, s.unit ? s.unit.name : ''),
					h('td', { 'data-label': t('dview.c.due') }, fmtDateTime(s.due_at)),
					h('td', { 'data-label': t('dview.c.started') }, s.started_at ? fmtDateTime(s.started_at) : '—'),
					h('td', { 'data-label': t('dview.c.finished') }, s.finished_at ? fmtDateTime(s.finished_at) : '—'),
					h('td', { 'data-label': t('dview.c.handler') }, s.handler ? s.handler.full_name : '—'),
					h('td', { 'data-label': t('dview.c.outcome') }, outcomeCell(s))
				)))
			)
		)
	);
}

function renderHistory() {
	const items = (history && history.items) || [];
	if (!items.length) {
		replace($('[data-history]'), h('p', { class: 'muted' }, t('dview.no_history')));
		return;
	}
	const stepText = (s) => (s ? t('dview.h.step', { n: s.position, name: s.name || '', unit: s.unit || '' }) : '');
	/* who got it, and the step when it moved; nothing (an empty cell) otherwise */
	const toCell = (e) => {
		const moved = e.to_step && (!e.from_step || e.from_step.position !== e.to_step.position);
		if (!e.to && !moved) return null;
		return h('span', { class: 'cell-stack' },
			e.to ? h('span', {}, e.to.full_name) : null,
			moved ? h('span', { class: 'small muted' }, stepText(e.to_step)) : null
		);
	};
	replace(
		$('[data-history]'),
		h(
			'div',
			{ class: 'table-wrap', role: 'region', 'aria-label': t('dview.table_of', { name: t('dview.s_history') }), tabindex: '0' },
			h(
				'table',
				{ class: 'table table--compact table--stack history-table' },
				h('thead', {}, h('tr', {},
					h('th', { scope: 'col' }, t('dview.h.at')),
					h('th', { scope: 'col' }, t('dview.h.action')),
					h('th', { scope: 'col' }, t('dview.h.actor')),
					h('th', { scope: 'col' }, t('dview.h.to')),
					h('th', { scope: 'col' }, t('dview.h.outcome')),
					h('th', { scope: 'col' }, t('dview.h.note'))
				)),
				h('tbody', {}, ...items.map((e) => h('tr', {},
					h('td', { class: 'nowrap', 'data-label': t('dview.h.at') }, fmtDateTime(e.at)),
					h('td', { 'data-label': t('dview.h.action') }, h('span', { class: 'cell-stack' },
						h('strong', {}, actionLabel(e.action)),
						e.to_status ? h('span', { class: 'small muted' }, t('dview.h.status', { status: statusLabel(e.to_status) })) : null
					)),
					h('td', { 'data-label': t('dview.h.actor') }, e.actor ? e.actor.full_name : h('span', { class: 'muted' }, t('dview.h.citizen'))),
					h('td', { 'data-label': t('dview.h.to') }, toCell(e)),
					h('td', { 'data-label': t('dview.h.outcome') }, e.outcome ? outcomeBadge(e.outcome) : null),
					h('td', { 'data-label': t('dview.h.note') }, e.note || null)
				)))
			)
		)
	);
}

function renderForms() {
	const links = formLinks(d);
	replace(
		$('[data-forms]'),
		...(links.length
			? links.map((l) => h('li', {}, h('a', { href: l.href, target: '_blank', rel: 'noopener', class: 'form-link' },
				icon('printer', 'form-link__icon'), l.label, h('span', { class: 'visually-hidden' }, ' ' + t('dview.new_tab')))))
			: [h('li', { class: 'muted' }, t('dview.no_forms'))])
	);
}

/* ---- actions ------------------------------------------------------------------ */

/*
 * The server's allowed_actions already knows the viewer: their roles and
 * whether their unit is where each action belongs (core/dossier.c
 * ds_may_act); my_step says whether the dossier sits at the viewer's unit.
 * The server still decides on every action.
 */
function ownsStep() {
	return !!d.my_step;
}

function allowed() {
	const set = new Set(d.allowed_actions || []);
	return ACTION_ORDER.filter((a) => set.has(a));
}

/* Whose step it is, when it is not the viewer's. */
function otherStepNote() {
	if (ownsStep() || d.finished_at) return null;
	const cur = (d.steps || []).find((s) => s.position === d.current_step);
	if (!cur) return null;
	return h('p', { class: 'small' }, t('dview.not_your_step', { unit: cur.unit.name, who: d.assignee ? d.assignee.full_name : t('inbox.nobody') }));
}

function renderActions() {
	const acts = allowed();
	const box = $('[data-actions]');
	if (!acts.length) {
		replace(box, otherStepNote(), h('p', { class: 'muted mb-0' }, t(d.finished_at ? 'dview.no_actions_done' : 'dview.no_actions')));
		return;
	}
	const primary = acts[0];
	replace(
		box,
		otherStepNote(),
		h('p', { class: 'small muted' }, t('dview.actions_hint')),
		h(
			'ul',
			{ class: 'action-buttons' },
			...acts.map((a) =>
				h('li', {}, h('button', {
					type: 'button',
					class: a === primary ? 'btn btn--block' : DANGER.has(a) ? 'btn btn--secondary btn--block btn--danger-outline' : 'btn btn--secondary btn--block',
					'aria-expanded': String(openAction === a),
					'aria-controls': 'action-form',
					dataset: { action: a },
					onclick: () => toggle(a),
				}, actionLabel(a)))
			)
		),
		openAction && acts.includes(openAction) ? actionForm(openAction) : null
	);
}

function toggle(a) {
	openAction = openAction === a ? null : a;
	renderActions();
	if (openAction) {
		const f = $('#action-form');
		const first = f.querySelector('input:not([type="hidden"]), textarea, select, button[type="submit"]');
		if (first) first.focus();
	} else {
		$(`[data-action="${a}"]`).focus();
	}
}

function nextStep() {
	return (d.steps || []).find((s) => s.position === d.current_step + 1);
}

function field(id, label, control, { hint, required } = {}) {
	if (hint) control.setAttribute('aria-describedby', id + '-hint');
	return h(
		'div',
		{ class: 'field' },
		h('label', { class: 'field__label', for: id }, label, required ? [' ', h('span', { class: 'required', 'aria-hidden': 'true' }, '*')] : null),
		hint ? h('p', { class: 'field__hint', id: id + '-hint' }, hint) : null,
		control
	);
}

function textarea(id, name, rows = 3) {
	return h('textarea', { class: 'textarea', id, name, rows: String(rows), maxlength: '4000' });
}

function actionForm(a) {
	const parts = [];
	const id = (n) => 'fa-' + n.replace(/\./g, '-');
	const next = nextStep();
	if (a === 'forward' && next) {
		parts.push(h('p', {}, t('dview.a.forward_to', { n: next.position, name: next.name, unit: next.unit.name })));
		parts.push(field(id('to'), t('dview.a.to'), h('input', { class: 'input input--w20', id: id('to'), name: 'to', type: 'text', autocomplete: 'off', spellcheck: 'false', maxlength: '64' }), {
			hint: t('dview.a.to_hint', { unit: next.unit.name }),
		}));
	}
	if (a === 'accept') parts.push(h('p', {}, t('dview.a.accept_text')));
	if (a === 'send_back') {
		const prev = (d.steps || []).find((s) => s.position === d.current_step - 1);
		if (prev) parts.push(h('p', {}, t('dview.a.send_back_to', { n: prev.position, name: prev.name, unit: prev.unit.name })));
	}
	if (['send_back', 'request_supplement', 'refuse', 'apologize', 'withdraw'].includes(a)) {
		parts.push(field(id('reason'), t('dview.a.reason_' + a), textarea(id('reason'), 'reason'), { required: true, hint: t('dview.a.reason_hint_' + a) }));
	}
	if (a === 'request_supplement') {
		parts.push(field(id('items'), t('dview.a.items'), textarea(id('items'), 'items', 4), { required: true, hint: t('dview.a.items_hint') }));
	}
	if (a === 'supplement') {
		if (d.supplement && d.supplement.items && d.supplement.items.length) {
			parts.push(h('p', { class: 'mb-0' }, t('dview.a.supplement_asked')));
			parts.push(h('ul', {}, ...d.supplement.items.map((x) => h('li', {}, x))));
		}
		parts.push(field(id('note'), t('dview.a.note'), textarea(id('note'), 'note'), { hint: t('dview.a.note_hint') }));
	}
	if (a === 'complete') {
		parts.push(field(id('result.summary'), t('dview.a.summary'), textarea(id('result.summary'), 'result.summary'), { required: true, hint: t('dview.a.summary_hint') }));
	}
	if (a === 'apologize') {
		const p = vnParts(d.due_at);
		let date = '', time = '17:00';
		if (p) {
			const next = new Date(Date.UTC(p.y, p.m - 1, p.d + 1));
			date = next.toISOString().slice(0, 10);
			time = `${String(p.hh).padStart(2, '0')}:${String(p.mm).padStart(2, '0')}`;
		}
		parts.push(h('p', {}, t('dview.a.apologize_now', { when: appointmentWords(d.due_at) })));
		parts.push(
			h('fieldset', { class: 'fieldset' },
				h('legend', { class: 'fieldset__legend' }, t('dview.a.new_due'), ' ', h('span', { class: 'required', 'aria-hidden': 'true' }, '*')),
				h('p', { class: 'field__hint', id: id('new_due_at') + '-hint' }, t('dview.a.new_due_hint')),
				h('div', { class: 'date-time' },
					h('div', { class: 'field mb-0' },
						h('label', { class: 'field__label', for: id('new_due_at') }, t('dview.a.new_due_date')),
						h('input', { class: 'input', id: id('new_due_at'), name: 'new_due_at', type: 'date', value: date, required: true, 'aria-describedby': id('new_due_at') + '-hint' })
					),
					h('div', { class: 'field mb-0' },
						h('label', { class: 'field__label', for: id('new_due_time') }, t('dview.a.new_due_time')),
						h('input', { class: 'input', id: id('new_due_time'), name: 'new_due_time', type: 'time', value: time, step: '300', required: true })
					)
				)
			)
		);
	}
	if (a === 'return') {
		parts.push(field(id('receiver_name'), t('dview.a.receiver'), h('input', { class: 'input', id: id('receiver_name'), name: 'receiver_name', type: 'text', autocomplete: 'off', maxlength: '200', value: (d.applicant && d.applicant.name) || '' }), {
			required: true,
			hint: t('dview.a.receiver_hint'),
		}));
		parts.push(field(id('method'), t('dview.a.method'), h('select', { class: 'select', id: id('method'), name: 'method' },
			...['counter', 'post', 'online'].map((m) => h('option', { value: m, selected: m === d.return_method }, returnMethodLabel(m)))
		)));
	}
	if (a === 'refuse' || a === 'withdraw') parts.push(h('p', { class: 'small' }, t('dview.a.irreversible')));

	const f = h(
		'form',
		{ class: 'form action-form', id: 'action-form', novalidate: true, 'aria-labelledby': 'action-form-title' },
		h('h3', { id: 'action-form-title', class: 'mt-0' }, actionLabel(a)),
		h('div', { class: 'error-summary', 'data-error-summary': '', hidden: true }),
		...parts,
		h('div', { 'data-confirm-box': '' }),
		h('div', { class: 'btn-group', 'data-buttons': '' },
			h('button', { type: 'submit', class: DANGER.has(a) ? 'btn btn--warning' : 'btn' }, t('dview.a.submit_' + a)),
			h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => toggle(a) }, t('dview.a.cancel'))
		)
	);
	f.addEventListener('submit', (ev) => {
		ev.preventDefault();
		submit(a, f, false);
	});
	/* Ctrl+Enter in a text area sends, as Enter does in a line */
	f.addEventListener('keydown', (ev) => {
		if (ev.key === 'Enter' && ev.ctrlKey) {
			ev.preventDefault();
			f.requestSubmit();
		} else if (ev.key === 'Escape') {
			ev.preventDefault();
			toggle(a);
		}
	});
	return f;
}

function bodyOf(a, f) {
	const v = (n) => (f.elements[n] ? String(f.elements[n].value || '').trim() : '');
	const b = { action: a, version: d.version };
	const errs = [];
	const need = (n) => {
		if (!v(n)) errs.push({ field: n, message: t('intake.err_required') });
	};
	switch (a) {
	case 'forward':
		if (v('to')) b.to = v('to');
		break;
	case 'send_back':
	case 'refuse':
	case 'withdraw':
		need('reason');
		b.reason = v('reason');
		break;
	case 'request_supplement':
		need('reason');
		b.reason = v('reason');
		b.items = v('items').split('\n').map((s) => s.trim()).filter(Boolean);
		if (!b.items.length) errs.push({ field: 'items', message: t('intake.err_required') });
		break;
	case 'supplement':
		if (v('note')) b.note = v('note');
		break;
	case 'complete':
		need('result.summary');
		b.result = { summary: v('result.summary') };
		break;
	case 'apologize':
		need('reason');
		b.reason = v('reason');
		if (!/^\d{4}-\d{2}-\d{2}$/.test(v('new_due_at'))) errs.push({ field: 'new_due_at', message: t('dview.err_date') });
		else if (!/^\d{2}:\d{2}$/.test(v('new_due_time'))) errs.push({ field: 'new_due_time', message: t('dview.err_time') });
		else b.new_due_at = `${v('new_due_at')}T${v('new_due_time')}:00+07:00`;
		break;
	case 'return':
		need('receiver_name');
		b.receiver_name = v('receiver_name');
		b.method = v('method');
		break;
	default:
		break;
	}
	return { b, errs };
}

async function submit(a, f, confirmed) {
	if (busy) return;
	clearErrors(f);
	const { b, errs } = bodyOf(a, f);
	if (errs.length) return showErrors(f, errs);
	if (CONFIRM.has(a) && !confirmed) return askConfirm(a, f);
	busy = true;
	const btns = f.querySelectorAll('button');
	for (const x of btns) x.setAttribute('aria-disabled', 'true');
	try {
		const res = await api('POST', `dossiers/${encodeURIComponent(d.code)}/actions`, b);
		const before = d;
		d = res;
		openAction = null;
		await loadRemaining();
		render();
		loadHistory();
		doneNotice(a, before, res);
	} catch (e) {
		if (handleAuthError(e)) return;
		replace(f.querySelector('[data-confirm-box]'));
		f.querySelector('[data-buttons]').hidden = false;
		if (e instanceof ApiError && e.code === 'version_conflict') return conflictNotice();
		if (e instanceof ApiError && e.status === 422 && e.field) {
			const errs2 = errorsFromApi(e).map((x) => ({ ...x, field: x.field === 'result' ? 'result.summary' : x.field }));
			return showErrors(f, errs2);
		}
		showErrors(f, [{ field: '', message: actionErrorText(e) }]);
	} finally {
		busy = false;
		for (const x of btns) x.removeAttribute('aria-disabled');
	}
}

function askConfirm(a, f) {
	const box = f.querySelector('[data-confirm-box]');
	f.querySelector('[data-buttons]').hidden = true;
	const yes = h('button', { type: 'button', class: DANGER.has(a) ? 'btn btn--warning' : 'btn', onclick: () => submit(a, f, true) }, t('dview.confirm_yes_' + a));
	replace(
		box,
		h('div', { class: 'confirm', role: 'group', 'aria-labelledby': 'confirm-q' },
			h('p', { id: 'confirm-q', class: 'confirm__question' }, t('dview.confirm_' + a, { code: d.code, name: f.elements.receiver_name ? f.elements.receiver_name.value.trim() : '' })),
			h('div', { class: 'btn-group mb-0' },
				yes,
				h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => {
					replace(box);
					f.querySelector('[data-buttons]').hidden = false;
					f.querySelector('button[type="submit"]').focus();
				} }, t('dview.confirm_no'))
			)
		)
	);
	yes.focus();
}

function doneNotice(a, before, after) {
	let text = '';
	const cur = (after.steps || []).find((s) => s.position === after.current_step);
	if (a === 'forward' || a === 'send_back') {
		text = t('dview.done.moved', { n: cur ? cur.position : '', name: cur ? cur.name : '', who: after.assignee ? after.assignee.full_name : t('inbox.nobody') });
	} else if (a === 'apologize' || a === 'accept' || a === 'supplement') {
		text = t('dview.done.due', { when: appointmentWords(after.due_at) });
	}
	const kinds = { request_supplement: 'supplement', refuse: 'refusal', apologize: 'apology', withdraw: 'withdrawal', accept: 'receipt' };
	const extra = kinds[a]
		? h('p', { class: 'mb-0' }, h('a', { href: formHref(after.code, kinds[a]), target: '_blank', rel: 'noopener' }, t('dos.form.' + kinds[a])))
		: null;
	const box = notice('success', t('dview.done.' + a), text, extra);
	box.tabIndex = -1;
	replace($('[data-action-notice]'), box);
	box.focus();
}

function conflictNotice() {
	const box = notice(
		'error',
		t('dview.conflict_title'),
		t('dview.conflict_text'),
		h('p', { class: 'mb-0' }, h('button', { type: 'button', class: 'btn', onclick: async () => {
			replace($('[data-action-notice]'));
			await reload();
			const first = $('[data-actions] button');
			if (first) first.focus();
		} }, t('dview.reload')))
	);
	box.tabIndex = -1;
	replace($('[data-action-notice]'), box);
	box.focus();
}
