/*
 * track/page.js — public tracking of a dossier by its code (/track/?code=…;
 * the QR code on the receipt points here).
 *
 * Shows the status in plain words with what to do next, the procedure,
 * the received and appointment instants (Vietnam time, whatever the
 * phone's zone), a notice when the appointment was changed (apology) or is
 * overdue, the items asked for in a supplement request, and the steps as a
 * vertical timeline whose states are words, not only colours.
 *
 * The code lives in the URL, so reload, back/forward and sharing work; the
 * form also works without JavaScript (it GETs this address, but then shows
 * nothing more). The API sends no personal data and this page adds none.
 *
 * API: GET /api/v1/public/dossiers/{code} → 200 | 404.
 */
import { start, pageNotice, clearPageNotice, t } from '/js/layout.js';
import { api, ApiError } from '/js/api.js';
import { showErrors, clearErrors } from '/js/forms.js';
import { fmtTime, fmtDateLong } from '/js/format.js';
import { h, replace, badge } from '/js/dom.js';
import { procedureHref } from '/js/catalogue.js';
import { evaluationPart } from '/track/evaluate.js';

await start({ strings: ['citizen'] });

const form = document.querySelector('[data-track-form]');
const input = form.querySelector('[name="code"]');
const out = document.querySelector('[data-result]');

/* {code, data} | {code, notFound: true} | null */
let shown = null;
let ctrl = null;

/* Codes are upper case without spaces: "000.01.40.H15-260302-0001". */
function normalise(s) {
	return String(s || '').replace(/\s+/g, '').toUpperCase().slice(0, 60);
}

/* "09:00, Thứ Năm, 05/03/2026" in Vietnam time. */
function when(v) {
	return v ? t('track.when', { time: fmtTime(v), date: fmtDateLong(v) }) : '';
}

function codeFromUrl() {
	return normalise(new URLSearchParams(location.search).get('code'));
}

async function lookup(code, { focus = false } = {}) {
	if (ctrl) ctrl.abort();
	ctrl = new AbortController();
	const mine = ctrl;
	clearPageNotice();
	replace(out, h('p', { class: 'loading' }, t('track.loading')));
	try {
		const data = await api('GET', 'public/dossiers/' + encodeURIComponent(code), undefined, { signal: mine.signal });
		shown = { code, data };
	} catch (e) {
		if (mine.signal.aborted) return;
		if (e instanceof ApiError && e.status === 404) {
			shown = { code, notFound: true };
		} else {
			shown = null;
			replace(out);
			pageNotice('error', t('track.failed'), e.message, () => lookup(code, { focus: true }));
			return;
		}
	}
	render();
	if (focus) {
		const title = out.querySelector('h2');
		if (title) title.focus();
	}
}

/* ---- drawing ---------------------------------------------------------------- */

/* Status words, explanation and panel colour; result_ready depends on how the result is received. */
function statusInfo(d) {
	const s = d.status;
	let key = s;
	if (s === 'result_ready' && (d.return_method === 'post' || d.return_method === 'online')) key = s + '_' + d.return_method;
	const kind = {
		submitted: 'info',
		received: 'info',
		processing: 'info',
		supplement_requested: 'warning',
		result_ready: 'success',
		returned: 'success',
		refused: 'danger',
		withdrawn: 'neutral',
	}[s];
	if (!kind) return { text: t('track.status.other', { status: s }), explain: '', kind: 'neutral' };
	return { text: t('track.status.' + key), explain: t('track.explain.' + key), kind };
}

function timingBadge(outcome) {
	if (outcome === 'early' || outcome === 'on_time') return badge('ok', t('track.timing.' + outcome));
	if (outcome === 'late') return badge('late', t('track.timing.late'));
	return null;
}

function render() {
	if (!shown) {
		replace(out);
		return;
	}
	if (shown.notFound) {
		replace(
			out,
			h(
				'section',
				{ class: 'empty-state', 'aria-labelledby': 'result-title' },
				h('h2', { class: 'mt-0', id: 'result-title', tabindex: '-1' }, t('track.nf_title')),
				h('p', {}, t('track.nf_text', { code: shown.code })),
				h('p', { class: 'mb-0' }, t('track.nf_you_can')),
				h('ul', { class: 'mb-0' }, h('li', {}, t('track.nf_check')), h('li', {}, t('track.nf_online')), h('li', {}, t('track.nf_call')))
			)
		);
		return;
	}
	const d = shown.data;
	const st = statusInfo(d);
	const running = ['received', 'processing'].includes(d.status);
	const notices = [];
	if (d.apologized && d.due_at) {
		notices.push(
			h(
				'div',
				{ class: 'notice notice--warning' },
				h('p', { class: 'notice__title' }, t('track.apology_title')),
				h('p', {}, t('track.apology_text', { due: when(d.due_at), orig: when(d.original_due_at) }))
			)
		);
	}
	if (d.overdue) {
		notices.push(
			h(
				'div',
				{ class: 'notice notice--error' },
				h('p', { class: 'notice__title' }, t('track.overdue_title')),
				h('p', {}, t('track.overdue_text', { due: when(d.due_at) }))
			)
		);
	}
	const sup = d.supplement;
	if (sup && d.status === 'supplement_requested') {
		const items = Array.isArray(sup.items) ? sup.items.filter((x) => typeof x === 'string' && x) : [];
		notices.push(
			h(
				'div',
				{ class: 'notice notice--warning' },
				h('p', { class: 'notice__title' }, t('track.supp_title')),
				items.length
					? [h('p', {}, t('track.supp_text', { when: when(sup.requested_at) })), h('ul', {}, ...items.map((x) => h('li', {}, x)))]
					: h('p', {}, t('track.supp_none', { when: when(sup.requested_at) })),
				h('p', {}, t('track.supp_how'))
			)
		);
	}

	const row = (dt, ...dd) => h('div', { class: 'summary-list__row' }, h('dt', {}, dt), h('dd', {}, ...dd));
	const due = [];
	if (d.due_at) {
		due.push(h('strong', {}, when(d.due_at)));
		if (d.paused) due.push(' ', badge('soon', t('track.paused')));
		else if (d.overdue) due.push(' ', badge('late', t('track.overdue_badge')));
		else if (d.timing) due.push(' ', timingBadge(d.timing));
	} else if (d.status === 'submitted') {
		due.push(h('span', { class: 'muted' }, t('track.due_pending')));
	}
	const method = d.return_method && ['counter', 'post', 'online'].includes(d.return_method) ? t('track.method.' + d.return_method) : '';
	const facts = h(
		'dl',
		{ class: 'summary-list' },
		row(t('track.procedure'), d.procedure ? h('a', { href: procedureHref(d.procedure.code) }, d.procedure.name) : ''),
		d.submitted_at ? row(t('track.submitted_at'), when(d.submitted_at)) : null,
		d.received_at ? row(t('track.received_at'), when(d.received_at)) : null,
		due.length ? row(t('track.due_at'), ...due) : null,
		d.apologized && d.original_due_at && d.original_due_at !== d.due_at ? row(t('track.original_due_at'), when(d.original_due_at)) : null,
		d.result_ready_at ? row(t('track.result_at'), when(d.result_ready_at)) : null,
		d.returned_at ? row(t('track.returned_at'), when(d.returned_at)) : null,
		method ? row(t('track.return_method'), method) : null,
		// the province model: where the dossier is handled, and where it was handed in
		d.agency && d.agency.name ? row(t('track.agency'), d.agency.name) : null,
		crosses(d) ? row(t('track.received_at_agency'), d.received_at_agency.centre.name || d.received_at_agency.name) : null
	);

	const steps = Array.isArray(d.steps) ? d.steps : [];
	const timeline = steps.length
		? h('ol', { class: 'timeline' }, ...steps.map((s) => stepItem(s, running, crosses(d))))
		: h('p', { class: 'muted' }, t('track.steps_none'));

	replace(
		out,
		h(
			'section',
			{ 'aria-labelledby': 'result-title' },
			h('h2', { id: 'result-title', tabindex: '-1' }, t('track.result_title', { code: d.code })),
			h(
				'div',
				{ class: `status-panel status-panel--${st.kind}` },
				h('p', { class: 'status-panel__label' }, t('track.status_label')),
				h('p', { class: 'status-panel__status', 'data-status': d.status }, st.text),
				st.explain ? h('p', {}, st.explain) : null
			),
			...notices,
			facts,
			h('h3', {}, t('track.steps_title')),
			timeline,
			evaluationPart(d),
			h('p', {}, h('a', { href: '/track/', 'data-again': '' }, t('track.again')))
		)
	);
}

// received at another agency's centre than the one handling it
function crosses(d) {
	return !!(d.agency && d.received_at_agency && d.agency.code !== d.received_at_agency.code);
}

function stepItem(s, running, cross) {
	const done = !!s.finished_at;
	const current = !done && s.current && running;
	const cls = done ? 'done' : current ? 'current' : 'waiting';
	const marker = done ? '✓' : current ? '●' : String(s.position);
	const state = [];
	if (done) {
		state.push(h('span', {}, t('track.step_done', { when: when(s.finished_at) })));
		const b = timingBadge(s.outcome);
		if (b) state.push(b);
	} else if (current) {
		state.push(badge('info', t('track.step_current')));
		if (s.overdue) state.push(badge('late', t('track.overdue_badge')));
	} else {
		state.push(h('span', {}, t('track.step_waiting')));
	}
	return h(
		'li',
		{ class: `timeline__item timeline__item--${cls}`, 'aria-current': current ? 'step' : null },
		h('span', { class: 'timeline__marker', 'aria-hidden': 'true' }, marker),
		h('p', { class: 'timeline__title' }, t('track.step_n', { n: s.position }) + ': ' + s.name),
		s.unit && s.unit.name
			? h('p', { class: 'timeline__meta' }, cross && s.unit.agency ? t('track.step_place', { unit: s.unit.name, agency: s.unit.agency.name }) : s.unit.name)
			: null,
		s.due_at ? h('p', { class: 'timeline__meta' }, t('track.step_due', { when: when(s.due_at) })) : null,
		h('p', { class: 'timeline__state' }, ...state)
	);
}

/* ---- the form and the URL ---------------------------------------------------- */

form.addEventListener('submit', (ev) => {
	ev.preventDefault();
	clearErrors(form);
	const code = normalise(input.value);
	if (!code) {
		showErrors(form, [{ field: 'code', message: t('track.err_code') }]);
		return;
	}
	input.value = code;
	const url = '/track/?code=' + encodeURIComponent(code);
	if (location.pathname + location.search !== url) history.pushState(null, '', url);
	lookup(code, { focus: true });
});

/* "Tra cứu hồ sơ khác": back to an empty box without reloading. */
out.addEventListener('click', (ev) => {
	const a = ev.target.closest('a[data-again]');
	if (!a) return;
	ev.preventDefault();
	history.pushState(null, '', '/track/');
	shown = null;
	render();
	input.value = '';
	input.focus();
});

window.addEventListener('popstate', () => {
	const code = codeFromUrl();
	input.value = code;
	clearErrors(form);
	if (code) lookup(code);
	else {
		if (ctrl) ctrl.abort();
		shown = null;
		render();
	}
});

document.addEventListener('motcua:langchange', render);

const initial = codeFromUrl();
if (initial) {
	input.value = initial;
	lookup(initial);
}
