/*
 * /staff/criteria/ — the agency's public-service ethics criteria for a year
 * (issue 15, item 1; D42): every official reads them; the leaders and the
 * administrator draft them (groups, criteria, weights, the measured figure
 * beside each, the scale), copy last year's; a leader publishes them (then
 * frozen and public) or reopens them with a reason. The history below.
 *
 * API: GET /api/v1/criteria?year=, PUT /api/v1/criteria/{year},
 *      POST /api/v1/criteria/{id}/actions
 */
import { startStaff, pageNotice, clearPageNotice, t } from '/js/layout.js';
import { api } from '/js/api.js';
import { showErrors, errorsFromApi } from '/js/forms.js';
import { hasRole } from '/js/auth.js';
import { history, METRICS } from '/js/officials.js';
import { $, $$, h, replace, badge, notice } from '/js/dom.js';

const me = await startStaff({ strings: ['officials'] });
$('[data-staff-loading]').hidden = true;
const editor = hasRole(me, 'leader', 'admin');
const leader = hasRole(me, 'leader');
const yearForm = $('[data-year-form]');
yearForm.year.value = new URLSearchParams(location.search).get('year') || String(new Date().getFullYear());
const year = () => Number(yearForm.year.value);

function readOnly(s) {
	return h(
		'div',
		{ 'data-criteria-set': s.id, 'data-state': s.state },
		h('p', {}, badge(s.state === 'published' ? 'ok' : 'pending', t('off.state.' + s.state)), ' ', t('off.scale', { max: s.scale_max })),
		...s.groups.map((g) =>
			h(
				'section',
				{ class: 'card' },
				h('h2', { class: 'mt-0' }, g.name),
				h(
					'ol',
					{},
					...g.criteria.map((c) => h('li', { 'data-criterion': c.id }, c.text, ' ', h('span', { class: 'off__meta' }, `(${t('off.weight')} ${c.weight}${c.measure ? ' · ' + t('off.metric.' + c.measure) : ''})`)))
				)
			)
		)
	);
}

/* ---- the editor: input names are the API's field names (errors land on them) ---- */

let draft = null;

function criterionRow(gi, ci, c) {
	const base = `groups[${gi}].criteria[${ci}]`;
	return h(
		'div',
		{ class: 'off__crit', 'data-crit-row': '' },
		h('input', { type: 'hidden', name: `${base}.id`, value: c.id || '' }),
		h('div', { class: 'field off__grow' }, h('label', { class: 'field__label', for: `${base}.text` }, t('crit.text')), h('input', { class: 'input', id: `${base}.text`, name: `${base}.text`, value: c.text || '', maxlength: 300 })),
		h('div', { class: 'field' }, h('label', { class: 'field__label', for: `${base}.weight` }, t('off.weight')), h('input', { class: 'input input--short', id: `${base}.weight`, name: `${base}.weight`, type: 'number', min: 1, max: 100, value: c.weight || 1 })),
		h(
			'div',
			{ class: 'field' },
			h('label', { class: 'field__label', for: `${base}.measure` }, t('crit.measure')),
			h('select', { class: 'select', id: `${base}.measure`, name: `${base}.measure` }, h('option', { value: '' }, t('off.metric.none')), ...METRICS.map((m) => h('option', { value: m, selected: c.measure === m }, t('off.metric.' + m))))
		),
		h('button', { type: 'button', class: 'btn btn--secondary', 'data-remove-crit': '' }, t('crit.remove'))
	);
}

function readEditor(form) {
	const groups = $$('[data-group]', form).map((g, gi) => ({
		name: g.querySelector('[data-group-name]').value.trim(),
		criteria: $$('[data-crit-row]', g).map((row, ci) => {
			const v = (k) => form.elements[`groups[${gi}].criteria[${ci}].${k}`].value.trim();
			const c = { text: v('text'), weight: Number(v('weight')) || 0 };
			if (v('id')) c.id = Number(v('id'));
			if (v('measure')) c.measure = v('measure');
			return c;
		}),
	}));
	return { scale_max: Number(form.scale_max.value) || 10, groups };
}

function renderEditor(s) {
	const form = h(
		'form',
		{ class: 'form', 'data-editor': '', novalidate: true },
		h('div', { class: 'error-summary', 'data-error-summary': '', hidden: true }),
		h('div', { class: 'field' }, h('label', { class: 'field__label', for: 'f-scale' }, t('crit.scale_max')), h('input', { class: 'input input--short', id: 'f-scale', name: 'scale_max', type: 'number', min: 2, max: 100, value: s.scale_max || 10 })),
		...s.groups.map((g, gi) =>
			h(
				'fieldset',
				{ class: 'fieldset card', 'data-group': '' },
				h('legend', {}, `${t('crit.group')} ${gi + 1}`),
				h('div', { class: 'field' }, h('label', { class: 'field__label', for: `groups[${gi}].name` }, t('crit.group_name')), h('input', { class: 'input', id: `groups[${gi}].name`, name: `groups[${gi}].name`, 'data-group-name': '', value: g.name || '', maxlength: 120 })),
				...g.criteria.map((c, ci) => criterionRow(gi, ci, c)),
				h('button', { type: 'button', class: 'btn btn--secondary', 'data-add-crit': gi }, t('crit.add_criterion'))
			)
		),
		h('p', {}, h('button', { type: 'button', class: 'btn btn--secondary', 'data-add-group': '' }, t('crit.add_group'))),
		h('button', { type: 'submit', class: 'btn', 'data-save': '' }, t('off.save'))
	);
	form.addEventListener('click', (ev) => {
		const cur = readEditor(form);
		const add = ev.target.closest('[data-add-crit]');
		if (add) cur.groups[Number(add.dataset.addCrit)].criteria.push({ text: '', weight: 1 });
		else if (ev.target.closest('[data-add-group]')) cur.groups.push({ name: '', criteria: [{ text: '', weight: 1 }] });
		else if (ev.target.closest('[data-remove-crit]')) {
			const row = ev.target.closest('[data-crit-row]');
			const g = $$('[data-group]', form).indexOf(row.closest('[data-group]'));
			cur.groups[g].criteria.splice($$('[data-crit-row]', row.closest('[data-group]')).indexOf(row), 1);
		} else return;
		draft = { ...draft, ...cur };
		replace($('[data-editor-slot]'), renderEditor(draft));
	});
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		try {
			await api('PUT', `criteria/${year()}`, readEditor(form));
			await load();
		} catch (e) {
			showErrors(form, errorsFromApi(e));
		}
	});
	return form;
}

async function act(s, action, body = {}) {
	try {
		await api('POST', `criteria/${s.id}/actions`, { action, ...body });
		await load();
	} catch (e) {
		pageNotice('error', t('off.failed'), e.message);
	}
}

function actions(s) {
	const out = [];
	if (leader && s.state === 'draft') out.push(h('button', { type: 'button', class: 'btn', 'data-publish': '', onclick: () => act(s, 'publish') }, t('crit.publish')));
	if (leader && s.state === 'published') {
		const f = h(
			'form',
			{ class: 'form', 'data-reopen': '', novalidate: true },
			h('div', { class: 'field' }, h('label', { class: 'field__label', for: 'f-reason' }, t('off.reason')), h('textarea', { class: 'textarea', id: 'f-reason', name: 'reason', rows: 2 })),
			h('button', { type: 'submit', class: 'btn btn--secondary' }, t('crit.reopen'))
		);
		f.addEventListener('submit', async (ev) => {
			ev.preventDefault();
			try {
				await api('POST', `criteria/${s.id}/actions`, { action: 'reopen', reason: f.reason.value });
				await load();
			} catch (e) {
				showErrors(f, errorsFromApi(e));
			}
		});
		out.push(f);
	}
	if (s.state === 'published') out.push(h('p', {}, h('a', { href: `/criteria/?year=${s.year}` }, t('crit.public_link'))));
	return out;
}

async function load() {
	let s = null;
	try {
		s = await api('GET', 'criteria', undefined, { query: { year: year() } });
	} catch (e) {
		if (e.status !== 404) return pageNotice('error', t('off.load_failed'), e.message, load);
	}
	clearPageNotice();
	const parts = [];
	if (!s) {
		parts.push(notice('info', t('crit.none')));
		if (editor) {
			parts.push(
				h(
					'p',
					{ class: 'off__bar' },
					h('button', { type: 'button', class: 'btn', 'data-create': '', onclick: () => ((draft = { scale_max: 10, groups: [{ name: '', criteria: [{ text: '', weight: 1 }] }] }), replace($('[data-editor-slot]'), renderEditor(draft))) }, t('crit.create')),
					' ',
					h(
						'button',
						{
							type: 'button',
							class: 'btn btn--secondary',
							'data-copy': '',
							onclick: async () => {
								try {
									await api('PUT', `criteria/${year()}`, { copy_from: year() - 1 });
									await load();
								} catch (e) {
									pageNotice('error', t('off.failed'), e.message);
								}
							},
						},
						t('crit.copy')
					)
				)
			);
		}
	} else {
		parts.push(readOnly(s), ...actions(s));
		if (editor && s.state === 'draft') draft = s;
	}
	parts.push(h('div', { 'data-editor-slot': '' }, editor && s && s.state === 'draft' ? renderEditor(s) : null));
	if (s) parts.push(history(s.events));
	replace($('[data-set]'), ...parts);
}

yearForm.addEventListener('submit', (ev) => {
	ev.preventDefault();
	load();
});
await load();
