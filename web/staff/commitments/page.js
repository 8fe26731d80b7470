/*
 * /staff/commitments/ — officials' yearly commitments (issue 15, item 2;
 * D42): an official writes his commitment per criterion of the published
 * set, plus measurable targets on his measured figures, and sends it to the
 * head of his unit; the head (or, in a unit without one, a leader)
 * approves it or returns it with a comment; a leader may reopen an approved
 * one. ?id= shows one commitment as a printable sheet with its history.
 *
 * API: GET /api/v1/criteria?year=, GET/POST /api/v1/commitments,
 *      GET /api/v1/commitments/{id}, POST /api/v1/commitments/{id}/actions
 */
import { startStaff, pageNotice, clearPageNotice, t } from '/js/layout.js';
import { api } from '/js/api.js';
import { showErrors, errorsFromApi } from '/js/forms.js';
import { hasRole } from '/js/auth.js';
import { fmtNumber } from '/js/format.js';
import { history, METRICS } from '/js/officials.js';
import { $, $$, h, replace, badge, notice } from '/js/dom.js';

const me = await startStaff({ strings: ['officials'] });
$('[data-staff-loading]').hidden = true;
const params = new URLSearchParams(location.search);
const yearForm = $('[data-year-form]');
yearForm.year.value = params.get('year') || String(new Date().getFullYear());
const year = () => Number(yearForm.year.value);
const oversees = hasRole(me, 'head', 'leader');

const stateBadge = (s) => badge(s === 'approved' ? 'ok' : s === 'returned' ? 'late' : 'pending', t('off.state.' + s));

function measureText(m) {
	return `${t('off.metric.' + m.metric)} — ${t('off.dir.' + (m.label ? m.label.dir : 'max'))} ${fmtNumber(m.target)}`;
}

/* The printable sheet of one commitment. */
function sheet(c) {
	const byCrit = new Map(c.items.map((i) => [i.criterion, i]));
	return h(
		'article',
		{ class: 'off__sheet', 'data-commitment': c.id, 'data-state': c.state },
		h('p', { class: 'no-print' }, stateBadge(c.state), ' ', h('button', { type: 'button', class: 'btn btn--secondary', 'data-print': '', onclick: () => window.print() }, t('off.print'))),
		h('h2', {}, t('com.sheet_title', { year: c.year })),
		h('p', {}, t('com.sheet_official', { name: c.official.full_name, title: c.official.title }), h('br'), c.official.unit.name),
		h(
			'table',
			{ class: 'off__table' },
			h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('apr.criterion')), h('th', { scope: 'col' }, t('com.title')))),
			h(
				'tbody',
				{},
				...c.groups.flatMap((g) => [
					h('tr', {}, h('th', { colspan: 2, scope: 'colgroup' }, g.name)),
					...g.criteria.filter((k) => byCrit.has(k.id)).map((k) => h('tr', { 'data-item': k.id }, h('td', {}, k.text), h('td', {}, byCrit.get(k.id).text))),
				])
			)
		),
		c.measures.length ? h('section', {}, h('h3', {}, t('com.measures')), h('ul', {}, ...c.measures.map((m) => h('li', { 'data-measure': m.metric }, measureText(m))))) : null,
		c.comment ? h('section', {}, h('h3', {}, t('com.head_comment')), h('p', { 'data-comment': '' }, c.comment)) : null,
		history(c.events)
	);
}

/* The review of a submitted / approved commitment. */
function review(c) {
	if (!c.can.review && !c.can.reopen) return null;
	const f = h(
		'form',
		{ class: 'form no-print', 'data-review': '', novalidate: true },
		h('div', { class: 'error-summary', 'data-error-summary': '', hidden: true }),
		h('div', { class: 'field' }, h('label', { class: 'field__label', for: 'f-comment' }, t('off.comment')), h('textarea', { class: 'textarea', id: 'f-comment', name: 'comment', rows: 3 })),
		h(
			'p',
			{ class: 'off__bar' },
			...(c.can.review
				? [h('button', { type: 'submit', class: 'btn', value: 'approve', 'data-approve': '' }, t('com.approve')), h('button', { type: 'submit', class: 'btn btn--secondary', value: 'return', 'data-return': '' }, t('com.return'))]
				: [h('button', { type: 'submit', class: 'btn btn--secondary', value: 'reopen', 'data-reopen': '' }, t('com.reopen'))])
		)
	);
	f.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		const action = ev.submitter ? ev.submitter.value : 'approve';
		try {
			const r = await api('POST', `commitments/${c.id}/actions`, { action, comment: f.comment.value });
			show(r);
			await team();
		} catch (e) {
			showErrors(f, errorsFromApi(e));
		}
	});
	return f;
}

function show(c) {
	clearPageNotice();
	replace($('[data-view]'), sheet(c), review(c), c.can.edit ? editForm(c.groups, c) : null);
}

/* The official's own form: one text per criterion, measurable targets. */
function editForm(groups, c) {
	const byCrit = new Map((c ? c.items : []).map((i) => [i.criterion, i.text]));
	const measureRow = (m, i) =>
		h(
			'div',
			{ class: 'off__crit', 'data-measure-row': '' },
			h(
				'div',
				{ class: 'field' },
				h('label', { class: 'field__label', for: `measures[${i}].metric` }, t('com.metric')),
				h('select', { class: 'select', id: `measures[${i}].metric`, name: `measures[${i}].metric` }, ...METRICS.map((k) => h('option', { value: k, selected: m.metric === k }, t('off.metric.' + k))))
			),
			h('div', { class: 'field' }, h('label', { class: 'field__label', for: `measures[${i}].target` }, t('com.target')), h('input', { class: 'input input--short', id: `measures[${i}].target`, name: `measures[${i}].target`, type: 'number', min: 0, step: 'any', value: m.target ?? 0 }))
		);
	const measures = h('div', { 'data-measures': '' }, ...(c ? c.measures : []).map(measureRow));
	const f = h(
		'form',
		{ class: 'form no-print', 'data-edit': '', novalidate: true },
		h('div', { class: 'error-summary', 'data-error-summary': '', hidden: true }),
		h('h2', {}, t('com.mine')),
		...groups.map((g) =>
			h(
				'fieldset',
				{ class: 'fieldset card' },
				h('legend', {}, g.name),
				...g.criteria.map((k) =>
					h(
						'div',
						{ class: 'field' },
						h('label', { class: 'field__label', for: `item-${k.id}` }, k.text),
						h('p', { class: 'field__hint' }, t('com.item_hint')),
						h('textarea', { class: 'textarea', id: `item-${k.id}`, 'data-criterion': k.id, rows: 2 }, byCrit.get(k.id) || '')
					)
				)
			)
		),
		h('h3', {}, t('com.measures')),
		h('p', { class: 'field__hint' }, t('com.measures_hint')),
		measures,
		h('p', {}, h('button', { type: 'button', class: 'btn btn--secondary', 'data-add-measure': '', onclick: () => measures.append(measureRow({}, $$('[data-measure-row]', measures).length)) }, t('com.add_measure'))),
		h('div', { 'data-field': 'items' }),
		h('p', { class: 'off__bar' }, h('button', { type: 'submit', class: 'btn btn--secondary', value: 'save', 'data-save': '' }, t('com.save')), h('button', { type: 'submit', class: 'btn', value: 'submit', 'data-submit': '' }, t('com.submit')))
	);
	f.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		const body = {
			year: year(),
			items: $$('textarea[data-criterion]', f)
				.filter((x) => x.value.trim())
				.map((x) => ({ criterion: Number(x.dataset.criterion), text: x.value.trim() })),
			measures: $$('[data-measure-row]', f).map((_, i) => ({ metric: f.elements[`measures[${i}].metric`].value, target: Number(f.elements[`measures[${i}].target`].value) })),
		};
		try {
			let r = await api('POST', 'commitments', body);
			if (ev.submitter && ev.submitter.value === 'submit') r = await api('POST', `commitments/${r.id}/actions`, { action: 'submit' });
			show(r);
			await team();
		} catch (e) {
			showErrors(f, errorsFromApi(e));
		}
	});
	return f;
}

async function mine() {
	const list = await api('GET', 'commitments', undefined, { query: { year: year(), mine: 1 } });
	if (list.items.length) return show(await api('GET', `commitments/${list.items[0].id}`));
	let set = null;
	try {
		set = await api('GET', 'criteria', undefined, { query: { year: year() } });
	} catch (e) {
		if (e.status !== 404) throw e;
	}
	clearPageNotice();
	if (!set || set.state !== 'published') return replace($('[data-view]'), notice('info', t('com.no_criteria')));
	replace($('[data-view]'), editForm(set.groups, null));
}

async function team() {
	if (!oversees) return;
	$('[data-team]').hidden = false;
	const r = await api('GET', 'commitments', undefined, { query: { year: year() } });
	replace(
		$('[data-team-list]'),
		r.items.length
			? h(
					'table',
					{ class: 'off__table' },
					h('thead', {}, h('tr', {}, ...['off.official', 'off.unit', 'off.state', ''].map((k) => h('th', { scope: 'col' }, k ? t(k) : '')))),
					h(
						'tbody',
						{},
						...r.items.map((i) =>
							h('tr', { 'data-row': i.official.username }, h('td', {}, i.official.full_name), h('td', {}, i.official.unit.name), h('td', {}, stateBadge(i.state)), h('td', {}, h('a', { href: `?id=${i.id}&year=${year()}` }, t('com.open'))))
						)
					)
				)
			: h('p', {}, t('off.none'))
	);
}

async function load() {
	try {
		if (params.get('id')) show(await api('GET', `commitments/${encodeURIComponent(params.get('id'))}`));
		else await mine();
		await team();
	} catch (e) {
		pageNotice('error', t('off.load_failed'), e.message, load);
	}
}

yearForm.addEventListener('submit', (ev) => {
	ev.preventDefault();
	params.delete('id');
	load();
});
await load();
