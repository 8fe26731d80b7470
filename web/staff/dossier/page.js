/*
 * staff/dossier/page.js — one dossier, for the officers who handle it
 * (/staff/dossier/?code=…): everything about it, the control sheet, the
 * history, the printable papers, and the actions the server allows.
 * The whole visit as one timeline: the queue ticket (issued, called, served
 * at counter N by officer), the intake, each hand-over, the return and the
 * citizen's evaluation, when the view carries them.
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
import { startStaff, pageNotice, setPageTitle, t } from '/js/layout.js';
import { api, ApiError } from '/js/api.js';
import { showErrors, clearErrors, errorsFromApi } from '/js/forms.js';
import { handleAuthError } from '/js/auth.js';
import { fmtDateTime, fmtNumber, vnParts, fmtBytes } from '/js/format.js';
import { fmtTimeLimit, docFormLabel } from '/js/catalogue.js';
import { $, h, replace, badge, notice, icon, summaryRow } from '/js/dom.js';
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
	actionErrorText,
} from '/js/staff-dossier.js';

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
const me = await startStaff({ strings: ['dossier'] });

let d = null; /* the dossier */
let history = null;
let remaining = null; /* {seconds, day} */
let openAction = null;
let busy = false;

if (me) {
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
		if (d) renderTimeline();
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
		if (!c) return showErrors(f, [{ field: 'code', message: t('dossier_view.err_code') }]);
		location.assign(dossierHref(c));
	});
}

function showFind(value, message) {
	const f = $('[data-find-form]');
	f.hidden = false;
	replace($('[data-title]'), t('dossier_view.find_title'));
	setPageTitle(t('dossier_view.find_title'));
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
		if (e instanceof ApiError && e.status === 404) return showFind(code, t('dossier_view.not_found', { code }));
		if (e instanceof ApiError && e.status === 403) {
			return pageNotice('error', t('dossier_view.forbidden_title'), e.message);
		}
		return pageNotice('error', t('dossier_view.load_failed'), e.message, () => location.reload());
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
		replace($('[data-history]'), notice('error', t('dossier_view.history_failed'), e.message));
		return;
	}
	renderHistory();
	renderTimeline();
}

/* After an action, or on "reload": everything fresh, the panel closed. */
async function reload() {
	try {
		const [res] = await Promise.all([api('GET', 'dossiers/' + encodeURIComponent(code)), loadRemaining()]);
		d = res;
	} catch (e) {
		if (handleAuthError(e)) return;
		pageNotice('error', t('dossier_view.load_failed'), e.message, () => reload());
		return;
	}
	openAction = null;
	render();
	loadHistory();
}

/* ---- drawing ---------------------------------------------------------------- */

function person(p) {
	return p ? `${p.full_name} (${p.username})` : '';
}

function render() {
	replace($('[data-title]'), t('dossier_view.title_code'), ' ', h('span', { class: 'mono dossier-code' }, d.code));
	setPageTitle(t('dossier_view.doc_title_code', { code: d.code }));
	replace($('[data-head-proc]'), d.procedure.name);
	renderTimeline();

	const w = remaining ? deadlineWords(remaining.seconds, remaining.day) : null;
	const badges = [statusBadge(d.status)];
	if (w) badges.push(badge(w.kind, w.detail ? `${w.text} · ${w.detail}` : w.text));
	else if (d.overdue) badges.push(badge('late', t('dossier_view.overdue')));
	if (d.paused) badges.push(badge('soon', t('dossier_view.paused_badge')));
	if (d.apologized) badges.push(badge('info', t('dossier_view.apologized_badge')));
	if (d.timing) badges.push(badge(d.timing === 'late' ? 'late' : 'ok', t('dossier_view.timing.' + d.timing)));
	replace($('[data-head-badges]'), ...badges.map((b) => h('li', {}, b)));

	const notes = [];
	if (d.paused && d.supplement) {
		notes.push(notice('warning', t('dossier_view.paused_title'), t('dossier_view.paused_text', { when: fmtDateTime(d.supplement.requested_at) })));
	}
	if (d.overdue && !d.paused) notes.push(notice('error', t('dossier_view.overdue_title'), t('dossier_view.overdue_text', { when: fmtDateTime(d.due_at) })));
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
		summaryRow(t('dossier_view.code'), h('span', { class: 'mono' }, d.code)),
		summaryRow(t('dossier_view.procedure'), d.procedure.name, ' ', h('span', { class: 'muted small' }, `(${d.procedure.code})`)),
		summaryRow(t('dossier_view.field'), d.procedure.field && d.procedure.field.name),
		summaryRow(t('dossier_view.time_limit'), fmtTimeLimit(d.procedure.time_limit), d.time_limit_variant ? h('span', { class: 'muted' }, ` (${d.time_limit_variant.name})`) : ''),
		summaryRow(t('dossier_view.book'), d.book ? t('dossier_view.book_entry', { volume: d.book.volume, entry: d.book.entry }) : ''),
		summaryRow(t('dossier_view.guidance'), d.guidance_id ? t('dossier_view.guidance_no', { id: d.guidance_id }) : ''),
		summaryRow(t('dossier_view.agency'), d.agency ? d.agency.name : ''),
		summaryRow(t('dossier_view.received_at_agency'), crosses() ? d.received_at_agency.centre.name || d.received_at_agency.name : ''),
		summaryRow(t('dossier_view.status'), statusLabel(d.status)),
		summaryRow(t('dossier_view.channel'), channelLabel(d.channel)),
		summaryRow(t('dossier_view.return_method'), returnMethodLabel(d.return_method)),
		summaryRow(t('dossier_view.submitted_at'), d.submitted_at ? fmtDateTime(d.submitted_at) : ''),
		summaryRow(t('dossier_view.received_at'), d.received_at ? fmtDateTime(d.received_at) : '', d.received_by ? h('span', { class: 'muted' }, ' — ' + t('dossier_view.by', { name: person(d.received_by) })) : ''),
		summaryRow(t('dossier_view.due_at'), d.due_at ? h('strong', {}, appointmentWords(d.due_at)) : ''),
		summaryRow(t('dossier_view.original_due_at'), d.original_due_at && d.original_due_at !== d.due_at ? appointmentWords(d.original_due_at) : ''),
		summaryRow(t('dossier_view.paused_total'), d.paused_working_seconds > 0 ? t('dossier_view.working_hours', { n: fmtNumber(Math.round(d.paused_working_seconds / 360) / 10), count: d.paused_working_seconds / 3600 }) : ''),
		summaryRow(t('dossier_view.current_step'), cur && !d.finished_at ? t('dossier_view.step_of', { n: cur.position, total: steps.length, name: cur.name, unit: cur.unit.name }) : ''),
		summaryRow(t('dossier_view.assignee'), d.assignee ? person(d.assignee) : ''),
		summaryRow(t('dossier_view.result_ready_at'), d.result_ready_at ? fmtDateTime(d.result_ready_at) : ''),
		summaryRow(t('dossier_view.finished_at'), d.finished_at ? fmtDateTime(d.finished_at) : '')
	);
}

// the province model: received at another agency's centre than the one handling it
function crosses() {
	return !!(d.agency && d.received_at_agency && d.agency.code !== d.received_at_agency.code);
}

// a step's unit, with its agency when the dossier crosses agencies
function unitText(u) {
	if (!u) return '';
	return crosses() && u.agency ? t('dossier_view.unit_of', { unit: u.name, agency: u.agency.name }) : u.name;
}

function renderApplicant() {
	const a = d.applicant || {};
	const org = a.kind === 'organization';
	replace(
		$('[data-applicant]'),
		summaryRow(t('dossier_view.applicant_kind'), t(org ? 'intake.kind_org' : 'intake.kind_person')),
		org ? summaryRow(t('intake.org_name'), a.org_name) : null,
		org ? summaryRow(t('intake.tax_code'), a.tax_code ? h('span', { class: 'mono' }, a.tax_code) : '') : null,
		summaryRow(t(org ? 'intake.name_org' : 'intake.name'), a.name),
		summaryRow(t('intake.id_number'), a.id_number ? h('span', { class: 'mono' }, a.id_number) : ''),
		summaryRow(t('intake.phone'), a.phone ? h('a', { href: 'tel:' + a.phone }, a.phone) : ''),
		summaryRow(t('intake.email'), a.email ? h('a', { href: 'mailto:' + a.email }, a.email) : ''),
		summaryRow(t('intake.address'), a.address),
		...agentRows(d.authorised_person)
	);
}

/* The person who submitted on the applicant's behalf (Mẫu 01). */
function agentRows(ag) {
	if (!ag) return [];
	return [
		summaryRow(t('intake.agent'), ag.name),
		summaryRow(t('dossier_view.agent_id'), ag.id_number ? h('span', { class: 'mono' }, ag.id_number) : ''),
		summaryRow(t('dossier_view.agent_contact'), [ag.phone, ag.email, ag.address].filter(Boolean).join(' · ')),
		summaryRow(t('intake.agent_document'), ag.document),
	];
}

function renderDocuments() {
	const docs = d.documents || [];
	replace(
		$('[data-documents]'),
		docs.length
			? h(
					'div',
					{ class: 'table-wrap', role: 'region', 'aria-label': t('dossier_view.table_of', { name: t('dossier_view.s_documents') }), tabindex: '0' },
					h(
						'table',
						{ class: 'table table--compact table--stack' },
						h('thead', {}, h('tr', {},
							h('th', { scope: 'col', class: 'num' }, t('procedure.doc.no')),
							h('th', { scope: 'col' }, t('procedure.doc.name')),
							h('th', { scope: 'col' }, t('procedure.doc.form')),
							h('th', { scope: 'col', class: 'num' }, t('procedure.doc.count'))
						)),
						h('tbody', {}, ...docs.map((x, i) => h('tr', {},
							h('td', { class: 'num', 'data-label': t('procedure.doc.no') }, String(i + 1)),
							h('td', { 'data-label': t('procedure.doc.name') }, x.name, x.mandatory ? h('span', {}, ' ', badge('info', t('intake.doc_mandatory'))) : null),
							h('td', { 'data-label': t('procedure.doc.form') }, docFormLabel(x.form)),
							h('td', { class: 'num', 'data-label': t('procedure.doc.count') }, String(x.count))
						)))
					)
				)
			: h('p', { class: 'muted' }, t('dossier_view.no_documents'))
	);
	const files = d.attachments || [];
	replace(
		$('[data-attachments]'),
		files.length
			? [
					h('h3', {}, t('dossier_view.attachments')),
					h('ul', { class: 'file-list' }, ...files.map((f) => h('li', { class: 'file-list__item' },
						h('span', { class: 'file-list__name' },
							icon('doc-search', 'file-list__icon'),
							h('a', { href: `/api/v1/dossiers/${encodeURIComponent(d.code)}/attachments/${encodeURIComponent(f.sha256)}`, download: f.name }, f.name),
							h('span', { class: 'file-list__size' }, `${fileType(f.type)}, ${fmtBytes(f.size)}`)
						)
					))),
				]
			: null
	);
}

function fileType(mime) {
	return mime === 'application/pdf' ? 'PDF' : mime === 'image/jpeg' ? 'JPEG' : mime === 'image/png' ? 'PNG' : mime || '';
}

/* Supplement, apology, refusal, withdrawal, result, return: when they happened. */
function renderEvents() {
	const blocks = [];
	const block = (key, kind, ...rows) =>
		h('section', { class: `event-block event-block--${kind}`, 'aria-labelledby': 'ev-' + key },
			h('h2', { id: 'ev-' + key, class: 'event-block__title' }, t('dossier_view.ev.' + key)),
			h('dl', { class: 'summary-list mb-0' }, ...rows));
	const s = d.supplement;
	if (s) {
		blocks.push(block('supplement', s.supplemented_at ? 'done' : 'wait',
			summaryRow(t('dossier_view.ev.requested_at'), fmtDateTime(s.requested_at)),
			summaryRow(t('dossier_view.ev.reason'), s.reason),
			summaryRow(t('dossier_view.ev.items'), s.items && s.items.length ? h('ul', { class: 'mb-0' }, ...s.items.map((x) => h('li', {}, x))) : ''),
			summaryRow(t('dossier_view.ev.supplemented_at'), s.supplemented_at ? fmtDateTime(s.supplemented_at) : h('strong', {}, t('dossier_view.ev.waiting'))),
			summaryRow(t('dossier_view.ev.note'), s.note)
		));
	}
	const a = d.apology;
	if (a) {
		blocks.push(block('apology', 'info',
			summaryRow(t('dossier_view.ev.at'), fmtDateTime(a.at)),
			summaryRow(t('dossier_view.ev.reason'), a.reason),
			summaryRow(t('dossier_view.ev.previous_due_at'), a.previous_due_at ? appointmentWords(a.previous_due_at) : ''),
			summaryRow(t('dossier_view.ev.new_due_at'), appointmentWords(a.new_due_at)),
			summaryRow(t('dossier_view.ev.in_advance'), t(a.in_advance ? 'dossier_view.ev.in_advance_yes' : 'dossier_view.ev.in_advance_no'))
		));
	}
	if (d.refusal) {
		const r = d.refusal;
		const by = r.by ? [r.by.full_name, r.by.title, r.by.unit].filter(Boolean).join(', ') : '';
		blocks.push(block('refusal', 'stop',
			summaryRow(t('dossier_view.ev.at'), fmtDateTime(r.at)),
			summaryRow(t('dossier_view.ev.refused_by'), by, r.stage ? h('span', { class: 'muted' }, ` — ${t('dossier_view.ev.stage_' + r.stage)}`) : ''),
			summaryRow(t('dossier_view.ev.reason'), r.reason),
			summaryRow(t('dossier_view.ev.legal_basis'), r.legal_basis)));
	}
	if (d.withdrawal) {
		blocks.push(block('withdrawal', 'stop',
			summaryRow(t('dossier_view.ev.at'), fmtDateTime(d.withdrawal.at)),
			summaryRow(t('dossier_view.ev.reason'), d.withdrawal.reason),
			summaryRow(t('dossier_view.ev.legal_basis'), d.withdrawal.legal_basis)));
	}
	if (d.result) {
		blocks.push(block('result', 'done', summaryRow(t('dossier_view.ev.at'), fmtDateTime(d.result.at)), summaryRow(t('dossier_view.ev.summary'), d.result.summary)));
	}
	if (d.return) {
		blocks.push(block('return', 'done',
			summaryRow(t('dossier_view.ev.at'), fmtDateTime(d.return.at)),
			summaryRow(t('dossier_view.ev.receiver'), d.return.receiver_name),
			summaryRow(t('dossier_view.ev.method'), returnMethodLabel(d.return.method))
		));
	}
	replace($('[data-events]'), ...blocks);
}

function renderControl() {
	const steps = d.steps || [];
	if (!steps.length) {
		replace($('[data-control]'), h('p', { class: 'muted' }, t('dossier_view.no_steps')));
		return;
	}
	const outcomeCell = (s) => {
		if (s.outcome) return outcomeBadge(s.outcome);
		if (s.current && !d.finished_at) {
			return h('span', { class: 'cell-stack' }, badge('info', t('dossier_view.step_current')), s.overdue ? badge('late', t('dossier_view.overdue')) : null);
		}
		if (s.current && d.status === 'result_ready') return badge('info', t('dossier_view.step_waiting_return'));
		return h('span', { class: 'muted' }, '—');
	};
	replace(
		$('[data-control]'),
		h(
			'div',
			{ class: 'table-wrap', role: 'region', 'aria-label': t('dossier_view.table_of', { name: t('dossier_view.s_control') }), tabindex: '0' },
			h(
				'table',
				{ class: 'table table--compact table--stack control-table' },
				h('thead', {}, h('tr', {},
					h('th', { scope: 'col', class: 'num' }, t('dossier_view.c.no')),
					h('th', { scope: 'col' }, t('dossier_view.c.name')),
					h('th', { scope: 'col' }, t('dossier_view.c.unit')),
					h('th', { scope: 'col' }, t('dossier_view.c.due')),
					h('th', { scope: 'col' }, t('dossier_view.c.started')),
					h('th', { scope: 'col' }, t('dossier_view.c.finished')),
					h('th', { scope: 'col' }, t('dossier_view.c.handler')),
					h('th', { scope: 'col' }, t('dossier_view.c.outcome'))
				)),
				h('tbody', {}, ...steps.map((s) => h('tr', { class: s.current && !s.finished_at ? 'is-current' : null },
					h('td', { class: 'num', 'data-label': t('dossier_view.c.no') }, String(s.position)),
					h('td', { 'data-label': t('dossier_view.c.name') }, s.name),
					h('td', { 'data-label': t('dossier_view.c.unit') }, unitText(s.unit)),
					h('td', { 'data-label': t('dossier_view.c.due') }, fmtDateTime(s.due_at)),
					h('td', { 'data-label': t('dossier_view.c.started') }, s.started_at ? fmtDateTime(s.started_at) : '—'),
					h('td', { 'data-label': t('dossier_view.c.finished') }, s.finished_at ? fmtDateTime(s.finished_at) : '—'),
					h('td', { 'data-label': t('dossier_view.c.handler') }, s.handler ? s.handler.full_name : '—'),
					h('td', { 'data-label': t('dossier_view.c.outcome') }, outcomeCell(s))
				)))
			)
		)
	);
}

/* The whole visit, oldest first: the ticket (d.ticket), the hand-overs
 * (history, the intake and the return among them), the evaluation. */
function renderTimeline() {
	const el = $('[data-timeline]');
	if (!el || !d) return;
	const rows = [];
	/* rank orders what happened in the same second: called, then served,
	 * the intake and hand-overs, then the end of service, the evaluation */
	const add = (at, what, detail, kind, rank) => at && rows.push({ at, what, detail, kind, rank });
	const tk = d.ticket;
	if (tk) {
		const counter = tk.counter ? t('dossier_view.tl.counter', { counter: tk.counter.number }) : '';
		add(tk.issued_at, t('dossier_view.tl.issued', { number: tk.number }), tk.group ? tk.group.name : '', 'queue', 0);
		add(tk.called_at, t('dossier_view.tl.called', { number: tk.number, counter }), tk.officer || '', 'queue', 1);
		add(tk.started_at, t('dossier_view.tl.started', { counter }), tk.officer || '', 'queue', 2);
		add(tk.finished_at, t(tk.state === 'no_show' ? 'dossier_view.tl.no_show' : 'dossier_view.tl.finished', { counter }), '', 'queue', 4);
	}
	const items = (history && history.items) || [];
	for (const e of items)
		add(e.at, actionLabel(e.action), [e.actor ? e.actor.full_name : '', e.to ? '→ ' + e.to.full_name : ''].filter(Boolean).join(' '), 'dossier', 3);
	if (!items.length) {
		add(d.received_at, t('dossier_view.tl.received'), d.received_by ? person(d.received_by) : '', 'dossier', 3);
		if (d.return) add(d.return.at, t('dossier_view.tl.returned'), '', 'dossier', 3);
	}
	const ev = d.evaluation;
	if (ev) {
		const lk = 'dossier_view.tl.level.' + ev.level;
		const level = t(lk) === lk ? ev.level : t(lk);
		add(ev.created_at, t('dossier_view.tl.evaluated', { level }), ev.channel ? t('dossier_view.tl.channel', { channel: ev.channel }) : '', 'evaluation', 5);
	}
	rows.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.rank - b.rank);
	if (!rows.length) return replace(el, h('li', { class: 'muted' }, t('dossier_view.no_history')));
	replace(
		el,
		...rows.map((r) =>
			h('li', { class: 'timeline__item timeline__item--done', 'data-kind': r.kind },
				h('time', { class: 'timeline__at small muted', datetime: r.at }, fmtDateTime(r.at)),
				' ',
				h('strong', {}, r.what),
				r.detail ? h('span', { class: 'small muted' }, ' — ' + r.detail) : null
			)
		)
	);
}

function renderHistory() {
	const items = (history && history.items) || [];
	if (!items.length) {
		replace($('[data-history]'), h('p', { class: 'muted' }, t('dossier_view.no_history')));
		return;
	}
	const stepText = (s) => (s ? t('dossier_view.h.step', { n: s.position, name: s.name || '', unit: s.unit || '' }) : '');
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
			{ class: 'table-wrap', role: 'region', 'aria-label': t('dossier_view.table_of', { name: t('dossier_view.s_history') }), tabindex: '0' },
			h(
				'table',
				{ class: 'table table--compact table--stack history-table' },
				h('thead', {}, h('tr', {},
					h('th', { scope: 'col' }, t('dossier_view.h.at')),
					h('th', { scope: 'col' }, t('dossier_view.h.action')),
					h('th', { scope: 'col' }, t('dossier_view.h.actor')),
					h('th', { scope: 'col' }, t('dossier_view.h.to')),
					h('th', { scope: 'col' }, t('dossier_view.h.outcome')),
					h('th', { scope: 'col' }, t('dossier_view.h.note'))
				)),
				h('tbody', {}, ...items.map((e) => h('tr', {},
					h('td', { class: 'nowrap', 'data-label': t('dossier_view.h.at') }, fmtDateTime(e.at)),
					h('td', { 'data-label': t('dossier_view.h.action') }, h('span', { class: 'cell-stack' },
						h('strong', {}, actionLabel(e.action)),
						e.to_status ? h('span', { class: 'small muted' }, t('dossier_view.h.status', { status: statusLabel(e.to_status) })) : null
					)),
					h('td', { 'data-label': t('dossier_view.h.actor') }, e.actor ? e.actor.full_name : h('span', { class: 'muted' }, t('dossier_view.h.citizen'))),
					h('td', { 'data-label': t('dossier_view.h.to') }, toCell(e)),
					h('td', { 'data-label': t('dossier_view.h.outcome') }, e.outcome ? outcomeBadge(e.outcome) : null),
					h('td', { 'data-label': t('dossier_view.h.note') }, e.note || null)
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
				icon('printer', 'form-link__icon'), l.label, h('span', { class: 'visually-hidden' }, ' ' + t('dossier_view.new_tab')))))
			: [h('li', { class: 'muted' }, t('dossier_view.no_forms'))])
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
	return h('p', { class: 'small' }, t('dossier_view.not_your_step', { unit: cur.unit.name, who: d.assignee ? d.assignee.full_name : t('inbox.nobody') }));
}

function renderActions() {
	const acts = allowed();
	const box = $('[data-actions]');
	if (!acts.length) {
		replace(box, otherStepNote(), h('p', { class: 'muted mb-0' }, t(d.finished_at ? 'dossier_view.no_actions_done' : 'dossier_view.no_actions')));
		return;
	}
	const primary = acts[0];
	replace(
		box,
		otherStepNote(),
		h('p', { class: 'small muted' }, t('dossier_view.actions_hint')),
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
		parts.push(h('p', {}, t('dossier_view.a.forward_to', { n: next.position, name: next.name, unit: next.unit.name })));
		parts.push(field(id('to'), t('dossier_view.a.to'), h('input', { class: 'input input--w20', id: id('to'), name: 'to', type: 'text', autocomplete: 'off', spellcheck: 'false', maxlength: '64' }), {
			hint: t('dossier_view.a.to_hint', { unit: next.unit.name }),
		}));
	}
	if (a === 'accept') parts.push(h('p', {}, t('dossier_view.a.accept_text')));
	if (a === 'send_back') {
		const prev = (d.steps || []).find((s) => s.position === d.current_step - 1);
		if (prev) parts.push(h('p', {}, t('dossier_view.a.send_back_to', { n: prev.position, name: prev.name, unit: prev.unit.name })));
	}
	if (['send_back', 'request_supplement', 'refuse', 'apologize', 'withdraw'].includes(a)) {
		parts.push(field(id('reason'), t('dossier_view.a.reason_' + a), textarea(id('reason'), 'reason'), { required: true, hint: t('dossier_view.a.reason_hint_' + a) }));
	}
	if (a === 'refuse' || a === 'withdraw') {
		parts.push(field(id('legal_basis'), t('dossier_view.a.legal_basis'), h('input', { class: 'input', id: id('legal_basis'), name: 'legal_basis', type: 'text', autocomplete: 'off', maxlength: '1000' }), {
			hint: t('dossier_view.a.legal_basis_hint'),
		}));
	}
	if (a === 'request_supplement') {
		parts.push(field(id('items'), t('dossier_view.a.items'), textarea(id('items'), 'items', 4), { required: true, hint: t('dossier_view.a.items_hint') }));
	}
	if (a === 'supplement') {
		if (d.supplement && d.supplement.items && d.supplement.items.length) {
			parts.push(h('p', { class: 'mb-0' }, t('dossier_view.a.supplement_asked')));
			parts.push(h('ul', {}, ...d.supplement.items.map((x) => h('li', {}, x))));
		}
		parts.push(field(id('note'), t('dossier_view.a.note'), textarea(id('note'), 'note'), { hint: t('dossier_view.a.note_hint') }));
	}
	if (a === 'complete') {
		parts.push(field(id('result.summary'), t('dossier_view.a.summary'), textarea(id('result.summary'), 'result.summary'), { required: true, hint: t('dossier_view.a.summary_hint') }));
	}
	if (a === 'apologize') {
		const p = vnParts(d.due_at);
		let date = '', time = '17:00';
		if (p) {
			const next = new Date(Date.UTC(p.y, p.m - 1, p.d + 1));
			date = next.toISOString().slice(0, 10);
			time = `${String(p.hh).padStart(2, '0')}:${String(p.mm).padStart(2, '0')}`;
		}
		parts.push(h('p', {}, t('dossier_view.a.apologize_now', { when: appointmentWords(d.due_at) })));
		parts.push(
			h('fieldset', { class: 'fieldset' },
				h('legend', { class: 'fieldset__legend' }, t('dossier_view.a.new_due'), ' ', h('span', { class: 'required', 'aria-hidden': 'true' }, '*')),
				h('p', { class: 'field__hint', id: id('new_due_at') + '-hint' }, t('dossier_view.a.new_due_hint')),
				h('div', { class: 'date-time' },
					h('div', { class: 'field mb-0' },
						h('label', { class: 'field__label', for: id('new_due_at') }, t('dossier_view.a.new_due_date')),
						h('input', { class: 'input', id: id('new_due_at'), name: 'new_due_at', type: 'date', value: date, required: true, 'aria-describedby': id('new_due_at') + '-hint' })
					),
					h('div', { class: 'field mb-0' },
						h('label', { class: 'field__label', for: id('new_due_time') }, t('dossier_view.a.new_due_time')),
						h('input', { class: 'input', id: id('new_due_time'), name: 'new_due_time', type: 'time', value: time, step: '300', required: true })
					)
				)
			)
		);
	}
	if (a === 'return') {
		parts.push(field(id('receiver_name'), t('dossier_view.a.receiver'), h('input', { class: 'input', id: id('receiver_name'), name: 'receiver_name', type: 'text', autocomplete: 'off', maxlength: '200', value: (d.applicant && d.applicant.name) || '' }), {
			required: true,
			hint: t('dossier_view.a.receiver_hint'),
		}));
		parts.push(field(id('method'), t('dossier_view.a.method'), h('select', { class: 'select', id: id('method'), name: 'method' },
			...['counter', 'post', 'online'].map((m) => h('option', { value: m, selected: m === d.return_method }, returnMethodLabel(m)))
		)));
	}
	if (a === 'refuse' || a === 'withdraw') parts.push(h('p', { class: 'small' }, t('dossier_view.a.irreversible')));

	const f = h(
		'form',
		{ class: 'form action-form', id: 'action-form', novalidate: true, 'aria-labelledby': 'action-form-title' },
		h('h3', { id: 'action-form-title', class: 'mt-0' }, actionLabel(a)),
		h('div', { class: 'error-summary', 'data-error-summary': '', hidden: true }),
		...parts,
		h('div', { 'data-confirm-box': '' }),
		h('div', { class: 'btn-group', 'data-buttons': '' },
			h('button', { type: 'submit', class: DANGER.has(a) ? 'btn btn--warning' : 'btn' }, t('dossier_view.a.submit_' + a)),
			h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => toggle(a) }, t('dossier_view.a.cancel'))
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
		if (a !== 'send_back' && v('legal_basis')) b.legal_basis = v('legal_basis');
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
		if (!/^\d{4}-\d{2}-\d{2}$/.test(v('new_due_at'))) errs.push({ field: 'new_due_at', message: t('dossier_view.err_date') });
		else if (!/^\d{2}:\d{2}$/.test(v('new_due_time'))) errs.push({ field: 'new_due_time', message: t('dossier_view.err_time') });
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
	const yes = h('button', { type: 'button', class: DANGER.has(a) ? 'btn btn--warning' : 'btn', onclick: () => submit(a, f, true) }, t('dossier_view.confirm_yes_' + a));
	replace(
		box,
		h('div', { class: 'confirm', role: 'group', 'aria-labelledby': 'confirm-q' },
			h('p', { id: 'confirm-q', class: 'confirm__question' }, t('dossier_view.confirm_' + a, { code: d.code, name: f.elements.receiver_name ? f.elements.receiver_name.value.trim() : '' })),
			h('div', { class: 'btn-group mb-0' },
				yes,
				h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => {
					replace(box);
					f.querySelector('[data-buttons]').hidden = false;
					f.querySelector('button[type="submit"]').focus();
				} }, t('dossier_view.confirm_no'))
			)
		)
	);
	yes.focus();
}

function doneNotice(a, before, after) {
	let text = '';
	const cur = (after.steps || []).find((s) => s.position === after.current_step);
	if (a === 'forward' || a === 'send_back') {
		text = t('dossier_view.done.moved', { n: cur ? cur.position : '', name: cur ? cur.name : '', who: after.assignee ? after.assignee.full_name : t('inbox.nobody') });
	} else if (a === 'apologize' || a === 'accept' || a === 'supplement') {
		text = t('dossier_view.done.due', { when: appointmentWords(after.due_at) });
	}
	const kinds = { request_supplement: 'supplement', refuse: 'refusal', apologize: 'apology', withdraw: 'withdrawal', accept: 'receipt' };
	const extra = kinds[a]
		? h('p', { class: 'mb-0' }, h('a', { href: formHref(after.code, kinds[a]), target: '_blank', rel: 'noopener' }, t('dossier.form.' + kinds[a])))
		: null;
	const box = notice('success', t('dossier_view.done.' + a), text, extra);
	box.tabIndex = -1;
	replace($('[data-action-notice]'), box);
	box.focus();
}

function conflictNotice() {
	const box = notice(
		'error',
		t('dossier_view.conflict_title'),
		t('dossier_view.conflict_text'),
		h('p', { class: 'mb-0' }, h('button', { type: 'button', class: 'btn', onclick: async () => {
			replace($('[data-action-notice]'));
			await reload();
			const first = $('[data-actions] button');
			if (first) first.focus();
		} }, t('dossier_view.reload')))
	);
	box.tabIndex = -1;
	replace($('[data-action-notice]'), box);
	box.focus();
}
