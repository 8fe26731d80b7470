/*
 * /staff/appraisal/ — officials' evaluation (issue 15, items 3 and 5;
 * D42): the official's self-assessment per criterion with evidence, the
 * head's assessment, the leader's conclusion with one of the four ratings —
 * with the figures the system measured beside each criterion that names
 * one, and the commitment's measurable targets checked. After the
 * conclusion nothing changes but through a leader's reopening with a
 * reason. ?user= opens another official's (his head, the leaders). The
 * leaders also open cycles, send reminders and see the supervision by unit
 * and the high self-scores the figures contradict.
 *
 * API: GET /api/v1/evaluations/{year}/{username}, POST /api/v1/evaluations/{id}/actions,
 *      GET /api/v1/evaluations, GET/POST /api/v1/evaluations/cycles,
 *      POST /api/v1/evaluations/cycles/{id}/remind, GET /api/v1/evaluations/supervision
 */
import { startStaff, pageNotice, clearPageNotice, t } from '/js/layout.js';
import { api } from '/js/api.js';
import { showErrors, errorsFromApi } from '/js/forms.js';
import { hasRole } from '/js/auth.js';
import { fmtDate, fmtNumber } from '/js/format.js';
import { history, figure } from '/js/officials.js';
import { $, $$, h, replace, badge, notice } from '/js/dom.js';

const me = await startStaff({ strings: ['officials'] });
$('[data-staff-loading]').hidden = true;
const params = new URLSearchParams(location.search);
const yearForm = $('[data-year-form]');
yearForm.year.value = params.get('year') || String(new Date().getFullYear());
const year = () => Number(yearForm.year.value);
const leader = hasRole(me, 'leader');
const oversees = hasRole(me, 'head', 'leader');
const RATINGS = ['excellent', 'good', 'completed', 'not_completed'];

const stateBadge = (s) => badge(s === 'concluded' ? 'ok' : 'pending', t('off.state.' + s));
const pct = (v) => (v === null ? '—' : fmtNumber(v, 1) + ' %');

function scoreCell(c, who, editable, scale) {
	const cur = c[who];
	const key = who === 'self' ? 'evidence' : 'comment';
	if (!editable) return h('td', { 'data-col': who }, cur ? h('span', {}, h('strong', {}, fmtNumber(cur.score)), cur[key] ? h('span', { class: 'off__meta' }, ` — ${cur[key]}`) : null) : '—');
	return h(
		'td',
		{ 'data-col': who },
		h('label', { class: 'sr-only', for: `s-${who}-${c.id}` }, `${t(who === 'self' ? 'apr.self' : 'apr.head')}: ${c.text}`),
		h('input', { class: 'input', id: `s-${who}-${c.id}`, type: 'number', min: 0, max: scale, step: 'any', 'data-score': c.id, value: cur ? cur.score : '' }),
		h('label', { class: 'sr-only', for: `e-${who}-${c.id}` }, `${t(who === 'self' ? 'apr.evidence' : 'off.comment')}: ${c.text}`),
		h('textarea', { class: 'textarea', id: `e-${who}-${c.id}`, rows: 2, 'data-text': c.id, placeholder: t(who === 'self' ? 'apr.evidence' : 'off.comment') }, cur ? cur[key] : '')
	);
}

function measures(cm) {
	if (!cm || !cm.measures.length) return null;
	return h(
		'section',
		{ 'data-commitment-measures': '' },
		h('h3', {}, t('apr.commitments')),
		h(
			'ul',
			{},
			...cm.measures.map((m) =>
				h(
					'li',
					{ 'data-measure': m.metric, 'data-met': String(m.met) },
					`${t('off.metric.' + m.metric)} — ${t('off.dir.' + m.label.dir)} ${fmtNumber(m.target)}: `,
					m.met === null ? t('apr.unknown') : badge(m.met ? 'ok' : 'late', m.met ? t('apr.met') : t('apr.not_met')),
					m.actual === null ? '' : ` (${t('apr.actual', { value: figure(m.actual, m.metric) })})`
				)
			)
		)
	);
}

async function act(e, body, form) {
	try {
		const r = await api('POST', `evaluations/${e.id}/actions`, body);
		show(r);
		await lists();
	} catch (err) {
		if (form) showErrors(form, errorsFromApi(err));
		else pageNotice('error', t('off.failed'), err.message);
	}
}

function show(e) {
	clearPageNotice();
	const editSelf = e.can.self;
	const editHead = e.can.head;
	const form = h(
		'form',
		{ class: 'form', 'data-evaluation': e.id, 'data-state': e.state, novalidate: true },
		h('div', { class: 'error-summary', 'data-error-summary': '', hidden: true }),
		h('h2', {}, `${e.official.full_name} — ${e.official.title}`),
		h('p', {}, e.official.unit.name, ' · ', stateBadge(e.state), e.rating ? [' · ', h('strong', { 'data-rating': e.rating }, t('off.rating.' + e.rating))] : null),
		h('p', {}, t('apr.deadlines', { self: fmtDate(e.deadlines.self), head: fmtDate(e.deadlines.head), leader: fmtDate(e.deadlines.leader) }), ' ', t('off.scale', { max: e.scale_max })),
		h(
			'table',
			{ class: 'off__table', 'data-field': 'items' },
			h('thead', {}, h('tr', {}, ...['apr.criterion', 'off.weight', 'apr.measured', 'apr.self', 'apr.head'].map((k) => h('th', { scope: 'col' }, t(k))))),
			h(
				'tbody',
				{},
				...e.criteria.map((c) =>
					h(
						'tr',
						{ 'data-criterion': c.id },
						h('td', {}, h('span', { class: 'off__meta' }, c.group), h('br'), c.text),
						h('td', {}, String(c.weight)),
						h('td', { 'data-measured': c.measure || '' }, c.measure ? [t('off.metric.' + c.measure), ': ', h('strong', {}, figure(c.measured, c.measure))] : '—'),
						scoreCell(c, 'self', editSelf, e.scale_max),
						scoreCell(c, 'head', editHead, e.scale_max)
					)
				)
			)
		),
		h('p', { 'data-totals': '' }, t('apr.total', { self: pct(e.self_pct), head: pct(e.head_pct) })),
		measures(e.commitment),
		editSelf || e.self_summary ? h('div', { class: 'field' }, h('label', { class: 'field__label', for: 'f-summary' }, t('apr.summary')), editSelf ? h('textarea', { class: 'textarea', id: 'f-summary', name: 'summary', rows: 3 }, e.self_summary) : h('p', { id: 'f-summary' }, e.self_summary)) : null,
		editHead || e.head_comment ? h('div', { class: 'field' }, h('label', { class: 'field__label', for: 'f-head-comment' }, t('apr.head_comment')), editHead ? h('textarea', { class: 'textarea', id: 'f-head-comment', name: 'comment', rows: 3 }, e.head_comment) : h('p', { id: 'f-head-comment' }, e.head_comment)) : null,
		e.conclusion ? h('section', {}, h('h3', {}, t('apr.conclusion')), h('p', { 'data-conclusion': '' }, e.conclusion)) : null,
		editSelf ? h('p', { class: 'off__bar' }, h('button', { type: 'submit', class: 'btn btn--secondary', value: 'save', 'data-save': '' }, t('apr.save')), h('button', { type: 'submit', class: 'btn', value: 'submit', 'data-submit-self': '' }, t('apr.submit_self'))) : null,
		editHead ? h('p', {}, h('button', { type: 'submit', class: 'btn', value: 'head', 'data-submit-head': '' }, t('apr.submit_head'))) : null
	);
	const scores = (key) =>
		$$('input[data-score]', form)
			.filter((i) => i.value !== '')
			.map((i) => ({ criterion: Number(i.dataset.score), score: Number(i.value), [key]: form.querySelector(`textarea[data-text="${i.dataset.score}"]`).value }));
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		const v = ev.submitter ? ev.submitter.value : 'save';
		if (editSelf) act(e, { action: 'self_assess', items: scores('evidence'), summary: form.summary.value, submit: v === 'submit' }, form);
		else if (editHead) act(e, { action: 'head_assess', items: scores('comment'), comment: form.comment.value }, form);
	});
	const parts = [form];
	if (e.can.conclude) {
		const f = h(
			'form',
			{ class: 'form', 'data-conclude': '', novalidate: true },
			h('div', { class: 'error-summary', 'data-error-summary': '', hidden: true }),
			h('fieldset', { class: 'fieldset', 'data-field': 'rating' }, h('legend', {}, t('apr.rating')), ...RATINGS.map((r) => h('div', { class: 'radio' }, h('input', { type: 'radio', id: `r-${r}`, name: 'rating', value: r }), h('label', { for: `r-${r}` }, t('off.rating.' + r))))),
			h('div', { class: 'field' }, h('label', { class: 'field__label', for: 'f-conclusion' }, t('apr.conclusion')), h('textarea', { class: 'textarea', id: 'f-conclusion', name: 'conclusion', rows: 3 })),
			h('button', { type: 'submit', class: 'btn', 'data-conclude-btn': '' }, t('apr.conclude'))
		);
		f.addEventListener('submit', (ev) => {
			ev.preventDefault();
			const r = f.querySelector('input[name=rating]:checked');
			act(e, { action: 'conclude', rating: r ? r.value : undefined, conclusion: f.conclusion.value }, f);
		});
		parts.push(f);
	}
	if (e.can.return || e.can.reopen) {
		const reopen = e.can.reopen;
		const f = h(
			'form',
			{ class: 'form', 'data-back': '', novalidate: true },
			h('div', { class: 'error-summary', 'data-error-summary': '', hidden: true }),
			h('div', { class: 'field' }, h('label', { class: 'field__label', for: 'f-back' }, reopen ? t('off.reason') : t('off.comment')), h('textarea', { class: 'textarea', id: 'f-back', name: reopen ? 'reason' : 'comment', rows: 2 })),
			h('button', { type: 'submit', class: 'btn btn--secondary', 'data-back-btn': reopen ? 'reopen' : 'return' }, reopen ? t('apr.reopen') : t('apr.return'))
		);
		f.addEventListener('submit', (ev) => {
			ev.preventDefault();
			act(e, reopen ? { action: 'reopen', reason: f.reason.value } : { action: 'return', comment: f.comment.value }, f);
		});
		parts.push(f);
	}
	parts.push(history(e.events));
	replace($('[data-view]'), ...parts);
}

async function one() {
	const user = params.get('user') || me.username;
	try {
		show(await api('GET', `evaluations/${year()}/${encodeURIComponent(user)}`));
	} catch (e) {
		if (e.status !== 404) throw e;
		clearPageNotice();
		replace($('[data-view]'), notice('info', t('apr.no_cycle')));
	}
}

function table(heads, rows) {
	return h('table', { class: 'off__table' }, h('thead', {}, h('tr', {}, ...heads.map((k) => h('th', { scope: 'col' }, k ? t(k) : '')))), h('tbody', {}, ...rows));
}

async function lists() {
	if (oversees) {
		$('[data-team]').hidden = false;
		const r = await api('GET', 'evaluations', undefined, { query: { year: year() } });
		replace(
			$('[data-team-list]'),
			r.items.length
				? table(
						['off.official', 'off.unit', 'off.state', 'apr.rating', ''],
						r.items.map((i) =>
							h(
								'tr',
								{ 'data-row': i.official.username },
								h('td', {}, i.official.full_name),
								h('td', {}, i.official.unit.name),
								h('td', {}, stateBadge(i.state), i.kind === 'midyear' ? ` (${t('apr.kind.midyear')})` : ''),
								h('td', {}, i.rating ? t('off.rating.' + i.rating) : '—'),
								h('td', {}, h('a', { href: `?user=${encodeURIComponent(i.official.username)}&year=${i.year}` }, t('com.open')))
							)
						)
					)
				: h('p', {}, t('off.none'))
		);
	}
	if (!leader) return;
	$('[data-cycles]').hidden = false;
	$('[data-supervision]').hidden = false;
	const cy = await api('GET', 'evaluations/cycles', undefined, { query: { year: year() } });
	const open = h(
		'form',
		{ class: 'form off__bar', 'data-open-cycle': '', novalidate: true },
		h('div', { class: 'error-summary', 'data-error-summary': '', hidden: true }),
		h('div', { class: 'field' }, h('label', { class: 'field__label', for: 'c-kind' }, t('apr.kind')), h('select', { class: 'select', id: 'c-kind', name: 'kind' }, h('option', { value: 'yearly' }, t('apr.kind.yearly')), h('option', { value: 'midyear' }, t('apr.kind.midyear')))),
		...['self_due', 'head_due', 'leader_due'].map((k) => h('div', { class: 'field' }, h('label', { class: 'field__label', for: `c-${k}` }, t('apr.' + k)), h('input', { class: 'input', id: `c-${k}`, name: k, type: 'date' }))),
		h('button', { type: 'submit', class: 'btn' }, t('apr.open_cycle'))
	);
	open.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		try {
			await api('POST', 'evaluations/cycles', { year: year(), kind: open.kind.value, self_due: open.self_due.value, head_due: open.head_due.value, leader_due: open.leader_due.value });
			await load();
		} catch (err) {
			showErrors(open, errorsFromApi(err));
		}
	});
	replace(
		$('[data-cycle-list]'),
		h(
			'ul',
			{},
			...cy.items.map((c) =>
				h(
					'li',
					{ 'data-cycle': c.id },
					t('apr.cycle_row', { kind: t('apr.kind.' + c.kind), year: c.year, concluded: c.concluded, evaluations: c.evaluations }),
					' ',
					h(
						'button',
						{
							type: 'button',
							class: 'btn btn--secondary',
							'data-remind': c.id,
							onclick: async (ev) => {
								try {
									const r = await api('POST', `evaluations/cycles/${c.id}/remind`);
									ev.target.after(h('span', { role: 'status' }, ' ', t('apr.reminded', { sent: r.sent })));
								} catch (err) {
									pageNotice('error', t('off.failed'), err.message);
								}
							},
						},
						t('apr.remind')
					)
				)
			)
		),
		open
	);
	const s = await api('GET', 'evaluations/supervision', undefined, { query: { year: year() } });
	replace(
		$('[data-sup-table]'),
		table(
			['off.unit', 'apr.sup.officials', 'apr.sup.registered', 'apr.sup.approved', 'apr.sup.self', 'apr.sup.head', 'apr.sup.concluded'],
			s.units.map((u) =>
				h(
					'tr',
					{ 'data-unit': u.id },
					h('td', {}, u.name),
					...[u.officials, u.commitments.registered, u.commitments.approved, u.evaluations.self_assessed, u.evaluations.head_assessed, u.evaluations.concluded].map((n) => h('td', {}, String(n)))
				)
			)
		),
		h('h3', {}, t('apr.contradictions')),
		h('p', {}, t('apr.contradictions_lead', { pct: s.high_self_pct })),
		s.contradictions.length
			? h(
					'ul',
					{ 'data-contradictions': '' },
					...s.contradictions.map((c) =>
						h(
							'li',
							{ 'data-flagged': c.official.username },
							h('a', { href: `?user=${encodeURIComponent(c.official.username)}&year=${year()}` }, t('apr.contradiction', { name: c.official.full_name, unit: c.official.unit.name, pct: fmtNumber(c.self_pct, 1) })),
							h('ul', {}, ...c.reasons.map((r) => h('li', {}, t('apr.why', { label: t('off.metric.' + r.metric), actual: figure(r.actual, r.metric), source: t('apr.source.' + r.source), target: fmtNumber(r.target) }))))
						)
					)
				)
			: h('p', {}, t('apr.no_contradictions'))
	);
}

async function load() {
	try {
		await one();
		await lists();
	} catch (e) {
		pageNotice('error', t('off.load_failed'), e.message, load);
	}
}

yearForm.addEventListener('submit', (ev) => {
	ev.preventDefault();
	load();
});
await load();
