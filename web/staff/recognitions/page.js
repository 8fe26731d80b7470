/*
 * /staff/recognitions/ — nominations of exemplary officials and good
 * practices (issue 15; docs/API.md "Recognition", D43):
 *   the list of the agency's nominations (?status=), the form of a new one;
 *   ?id=N  one nomination: who or what, the reasons, the measured figures,
 *          the history, the citizens' praise (their source and full text
 *          for heads and leaders only), and the actions the server says the
 *          viewer may take ("may"): endorse, recognise, decline (with a
 *          reason), withdraw, attach or remove a praise.
 *
 * API: GET/POST /api/v1/recognitions, GET /api/v1/recognitions/{id},
 * POST /api/v1/recognitions/{id}/actions, GET /api/v1/recognitions/praise,
 * GET /api/v1/units.
 */
import { startStaff, pageNotice, clearPageNotice, t } from '/js/layout.js';
import { api } from '/js/api.js';
import { showErrors, clearErrors, errorsFromApi, formValues } from '/js/forms.js';
import { fmtDate, fmtDateTime } from '/js/format.js';
import { $, $$, h, replace, badge, summaryRow } from '/js/dom.js';

const me = await startStaff({ strings: ['recognition'] });
$('[data-staff-loading]').hidden = true;
const params = new URLSearchParams(location.search);
const STATUS_BADGE = { nominated: 'info', endorsed: 'soon', recognised: 'ok', declined: 'late', withdrawn: 'neutral' };

const nameOf = (r) => (r.official ? `${r.official.full_name} (${r.official.username})` : r.practice.title);
const unitOf = (r) => (r.official ? r.official.unit : r.practice.unit);
const statusBadge = (s) => badge(STATUS_BADGE[s] || 'neutral', t('recs.status.' + s));

/* ---- the list and the new nomination ------------------------------------------- */

const filter = $('[data-filter]');
const form = $('[data-new]');

function row(r) {
	return h(
		'li',
		{ class: 'card', 'data-recognition-id': r.id },
		h('p', { class: 'mb-0' }, statusBadge(r.status), ' ', t('rec.kind.' + r.kind), ' · ', String(r.year)),
		h('p', { class: 'mb-0' }, h('a', { href: '/staff/recognitions/?id=' + r.id }, nameOf(r)), unitOf(r) ? ' — ' + unitOf(r) : ''),
		h('p', { class: 'small muted mb-0' }, t('recs.nominated_by', { name: r.nominated_by.full_name }), ' · ', fmtDate(r.created_at))
	);
}

async function loadList() {
	try {
		const r = await api('GET', 'recognitions', undefined, { query: { status: filter.status.value || undefined } });
		clearPageNotice();
		replace($('[data-list]'), r.items.length ? h('ul', { class: 'plain-list' }, ...r.items.map(row)) : h('p', {}, t('recs.empty')));
	} catch (e) {
		pageNotice('error', t('recs.load_failed'), e.message, loadList);
	}
}

function kindChanged() {
	const kind = form.querySelector('input[name=kind]:checked').value;
	for (const el of $$('[data-for]', form)) el.hidden = el.dataset.for !== kind;
}

async function fillUnits() {
	try {
		const u = await api('GET', 'units');
		const mine = u.items.filter((x) => !me || !me.agency || !x.agency || x.agency.code === me.agency.code);
		for (const x of mine) form.unit.append(h('option', { value: x.code }, x.name));
	} catch {
		/* the server names the field if the unit is missing */
	}
}

async function submitNew(ev) {
	ev.preventDefault();
	clearErrors(form);
	const v = formValues(form);
	const body = { kind: v.kind, reasons: v.reasons };
	if (v.year) body.year = Number(v.year);
	if (v.kind === 'official') body.username = v.username;
	else Object.assign(body, { title: v.title, unit: v.unit });
	try {
		const r = await api('POST', 'recognitions', body);
		location.assign('/staff/recognitions/?id=' + r.id);
	} catch (e) {
		showErrors(form, errorsFromApi(e));
	}
}

/* ---- one nomination ------------------------------------------------------------ */

function figuresBlock(f) {
	if (!f || !f.steps) return h('p', { class: 'muted' }, t('recs.no_figures'));
	const num = (v) => (v === null || v === undefined ? t('recs.fig.hidden') : String(v));
	return h(
		'dl',
		{ class: 'summary-list', 'data-figures': '' },
		summaryRow(t('recs.fig.period'), `${fmtDate(f.from_date)} – ${fmtDate(f.to_date)}`),
		summaryRow(t('recs.fig.steps'), num(f.steps.handled)),
		summaryRow(t('recs.fig.on_time_rate'), f.steps.on_time_rate === null ? t('recs.fig.hidden') : f.steps.on_time_rate + ' %'),
		summaryRow(t('recs.fig.avg_hours'), num(f.steps.avg_hours)),
		summaryRow(t('recs.fig.received'), num(f.dossiers.received)),
		summaryRow(t('recs.fig.evaluations'), t('recs.fig.evaluations_value', { count: f.evaluations.received, bad: f.evaluations.not_satisfied })),
		summaryRow(t('recs.fig.petitions'), t('recs.fig.petitions_value', { count: f.petitions.answered, on_time: f.petitions.answered_on_time }))
	);
}

function praiseItem(r, p) {
	const can = r.may.includes('detach');
	return h(
		'li',
		{ class: 'card', 'data-praise-id': p.id },
		p.source ? h('p', { class: 'small muted mb-0' }, t('recs.source', { kind: t('recs.source.' + p.source.kind), code: p.source.code || '#' + p.source.id })) : null,
		p.text !== undefined && p.text !== p.public_text ? h('blockquote', { class: 'mb-0' }, p.text) : null,
		h('p', { class: 'mb-0' }, h('strong', {}, t('recs.public_text')), ' ', p.public_text),
		can ? h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => act(r, { action: 'detach', praise_id: p.id }) }, t('recs.detach')) : null
	);
}

async function candidates(r, box) {
	try {
		const c = await api('GET', 'recognitions/praise', undefined, { query: { username: r.official ? r.official.username : undefined } });
		const attached = new Set((r.praises || []).filter((p) => p.source).map((p) => p.source.kind + ':' + p.source.id));
		const items = c.items.filter((x) => !attached.has(x.source + ':' + x.id));
		replace(
			box,
			h('h2', {}, t('recs.candidates')),
			items.length
				? h(
						'ul',
						{ class: 'plain-list' },
						...items.map((x) =>
							h(
								'li',
								{ class: 'card', 'data-candidate': x.source + ':' + x.id },
								h('p', { class: 'small muted mb-0' }, t('recs.source', { kind: t('recs.source.' + x.source), code: x.code || '#' + x.id }), ' · ', fmtDateTime(x.at)),
								h('blockquote', { class: 'mb-0' }, x.text),
								h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => act(r, { action: 'attach', source: x.source, source_id: x.id }) }, t('recs.attach'))
							)
						)
				  )
				: h('p', {}, t('recs.candidates_none'))
		);
	} catch (e) {
		replace(box, h('p', { class: 'muted' }, e.message));
	}
}

let actionForm = null;
async function act(r, body) {
	if (actionForm) clearErrors(actionForm);
	try {
		const next = await api('POST', `recognitions/${r.id}/actions`, body);
		draw(next);
	} catch (e) {
		if (actionForm) showErrors(actionForm, errorsFromApi(e));
		else pageNotice('error', t('recs.load_failed'), e.message);
	}
}

function draw(r) {
	const box = $('[data-view]');
	const decisions = ['endorse', 'recognise', 'decline', 'withdraw'].filter((a) => r.may.includes(a));
	actionForm = decisions.length
		? h(
				'form',
				{ class: 'form', novalidate: true, 'data-actions': '', onsubmit: (ev) => ev.preventDefault() },
				h(
					'div',
					{ class: 'field' },
					h('label', { class: 'field__label', for: 'f-comment' }, t('recs.comment')),
					h('p', { class: 'field__hint', id: 'f-comment-hint' }, t('recs.comment_hint')),
					h('textarea', { class: 'textarea', id: 'f-comment', name: 'comment', rows: 3, maxlength: 2000, 'aria-describedby': 'f-comment-hint' })
				),
				h(
					'div',
					{ class: 'btn-group' },
					...decisions.map((a) =>
						h(
							'button',
							{ type: 'button', class: a === 'decline' || a === 'withdraw' ? 'btn btn--secondary' : 'btn', 'data-action': a, onclick: () => act(r, { action: a, comment: actionForm.comment.value.trim() || undefined }) },
							t('recs.action.' + a)
						)
					)
				)
		  )
		: null;
	const cand = h('div', { 'data-candidates': '' });
	replace(
		box,
		h('p', {}, h('a', { href: '/staff/recognitions/' }, t('recs.back'))),
		h('h2', { class: 'mt-0' }, nameOf(r)),
		h('p', {}, statusBadge(r.status), ' ', t('rec.kind.' + r.kind), ' · ', String(r.year), unitOf(r) ? ' · ' + unitOf(r) : ''),
		h('p', { class: 'small muted' }, t('recs.nominated_by', { name: r.nominated_by.full_name }), ' · ', fmtDateTime(r.created_at)),
		h('h2', {}, t('rec.reasons')),
		...r.reasons.split('\n').filter(Boolean).map((l) => h('p', { class: 'mb-0' }, l)),
		r.kind === 'official' ? h('h2', {}, t('recs.figures')) : null,
		r.kind === 'official' ? figuresBlock(r.figures) : null,
		h('h2', {}, t('recs.praises')),
		r.praises.length ? h('ul', { class: 'plain-list', 'data-praises': '' }, ...r.praises.map((p) => praiseItem(r, p))) : h('p', {}, t('recs.praises_none')),
		r.may.includes('attach') ? cand : null,
		h('h2', {}, t('recs.history')),
		h(
			'ul',
			{ class: 'plain-list', 'data-events': '' },
			...r.events.map((e) => h('li', {}, fmtDateTime(e.at), ' — ', t('recs.event.' + e.action), ' — ', e.by.full_name, e.comment ? ': ' + e.comment : ''))
		),
		actionForm
	);
	if (r.may.includes('attach')) candidates(r, cand);
}

async function view(id) {
	$('[data-register]').hidden = true;
	const box = $('[data-view]');
	box.hidden = false;
	try {
		draw(await api('GET', 'recognitions/' + encodeURIComponent(id)));
		clearPageNotice();
	} catch (e) {
		pageNotice('error', t('recs.load_failed'), e.message, () => view(id));
	}
}

if (params.get('id')) {
	await view(params.get('id'));
} else {
	/* the province and administrators read; only the agency's officers nominate */
	const nominates = me && (me.roles || []).some((r) => ['reception', 'specialist', 'head', 'leader'].includes(r));
	$('[data-new-box]').hidden = !nominates;
	for (const r of $$('input[name=kind]', form)) r.addEventListener('change', kindChanged);
	form.addEventListener('submit', submitNew);
	filter.addEventListener('submit', (ev) => {
		ev.preventDefault();
		loadList();
	});
	form.year.value = String(new Date().getFullYear());
	await fillUnits();
	await loadList();
}
