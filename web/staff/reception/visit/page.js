/*
 * staff/reception/visit/page.js — the reception book's entry, fast enough
 * to type during a visit: the cursor starts on the visitor's name, Tab
 * walks the few fields, Alt+N adds a matter row (type, field, content —
 * a visit with mixed content becomes one petition per matter), Ctrl+Enter
 * records: POST /api/v1/reception/visits → the book's number and the
 * petitions' codes, linked to their pages; the form is cleared for the
 * next visitor. The other 03/TCD columns are folded away.
 */
import { startStaff, t } from '/js/layout.js';
import { api } from '/js/api.js';
import { showErrors, clearErrors, errorsFromApi } from '/js/forms.js';
import { $, h, replace, notice } from '/js/dom.js';

const me = await startStaff({ strings: ['petition', 'reception'] });
const form = $('[data-visit-form]');
const box = $('[data-matters]');
const TYPES = ['complaint', 'denunciation', 'recommendation', 'reflection'];

function matterRow() {
	const i = box.children.length;
	const id = (k) => `m${i}-${k}`;
	const star = () => h('span', { class: 'required', 'aria-hidden': 'true' }, '*');
	const type = h(
		'div',
		{ class: 'field' },
		h('label', { class: 'field__label', for: id('type') }, t('vis.matter_type', { n: i + 1 }), ' ', star()),
		h('select', { class: 'input', id: id('type'), name: `matters[${i}].type` }, ...TYPES.map((x) => h('option', { value: x }, t('pet.type.' + x))))
	);
	const field = h(
		'div',
		{ class: 'field' },
		h('label', { class: 'field__label', for: id('field') }, t('vis.matter_field')),
		h('input', { class: 'input', id: id('field'), name: `matters[${i}].field`, type: 'text', maxlength: '100' })
	);
	const content = h(
		'div',
		{ class: 'field' },
		h('label', { class: 'field__label', for: id('content') }, t('vis.matter_content', { n: i + 1 }), ' ', star()),
		h('textarea', { class: 'input', id: id('content'), name: `matters[${i}].content`, rows: '3', maxlength: '5000' })
	);
	const row = h('div', { 'data-matter': String(i) }, h('div', { class: 'intake__grid' }, type, field), content);
	box.append(row);
	return row;
}

function addMatter() {
	if (box.children.length >= 10) return;
	matterRow().querySelector('select').focus();
}

function body() {
	const e = form.elements;
	const v = (n) => e[n].value.trim();
	const matters = [...box.children].map((_, i) => ({
		type: e[`matters[${i}].type`].value,
		field: e[`matters[${i}].field`].value.trim(),
		content: e[`matters[${i}].content`].value.trim(),
	}));
	const b = { visitors: v('visitors'), id_number: v('id_number'), phone: v('phone'), address: v('address'), people: Number(v('people') || 1), matters };
	for (const k of ['prior_handling', 'guided_to', 'guided_doc', 'transfer_to', 'transfer_doc', 'follow_up', 'note']) if (v(k)) b[k] = v(k);
	b.within_competence = e.within_competence.checked;
	return b;
}

async function save() {
	const b = body();
	const errors = [];
	if (!b.visitors) errors.push({ field: 'visitors', message: t('vis.err_visitors') });
	b.matters.forEach((m, i) => {
		if (!m.content) errors.push({ field: `matters[${i}].content`, message: t('vis.err_content', { n: i + 1 }) });
	});
	if (errors.length) return showErrors(form, errors);
	clearErrors(form);
	try {
		const r = await api('POST', 'reception/visits', b);
		replace(
			$('[data-saved]'),
			notice(
				'success',
				t('vis.saved', { seq: r.seq, count: r.petitions.length }),
				'',
				h('ul', { 'data-saved-petitions': '' }, ...r.petitions.map((p) => h('li', {}, h('a', { href: '/staff/petitions/view/?id=' + p.id, class: 'mono' }, p.code), ' — ', t('pet.type.' + p.type))))
			)
		);
		form.reset();
		replace(box);
		matterRow();
		form.elements.visitors.focus();
	} catch (e) {
		showErrors(form, errorsFromApi(e));
	}
}

if (me) {
	$('[data-staff-loading]').hidden = true;
	$('[data-staff-only]').hidden = false;
	matterRow();
	$('[data-add-matter]').addEventListener('click', addMatter);
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		save();
	});
	form.addEventListener('keydown', (ev) => {
		if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
			ev.preventDefault();
			save();
		} else if (ev.altKey && (ev.key === 'n' || ev.key === 'N')) {
			ev.preventDefault();
			addMatter();
		}
	});
	form.elements.visitors.focus();
}
