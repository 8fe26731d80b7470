/*
 * staff/petitions/view/page.js — one petition (?id=N): classification,
 * assignment, the deadlines in words, the petitioner (a denunciation's
 * identity only on request, each view audited by the server: POST
 * …/identity), the attachment, forwarding, the written answer, the
 * publication (the texts masked by the server; it refuses one naming the
 * petitioner), the satisfaction, the history. The actions open as small
 * forms, only those the petition's state allows; each is POST
 * /api/v1/petitions/{id}/actions {action, …}.
 */
import { startStaff, t } from '/js/layout.js';
import { api } from '/js/api.js';
import { showErrors, clearErrors, errorsFromApi, formValues } from '/js/forms.js';
import { fmtDate, fmtDateTime, deadlineInfo } from '/js/format.js';
import { $, h, replace, badge, notice, summaryRow } from '/js/dom.js';

const me = await startStaff({ strings: ['petition'] });
const id = new URLSearchParams(location.search).get('id');
const box = $('[data-petition]');

function input(name, label, attrs = {}, required = false, tag = 'input') {
	const fid = 'a-' + name + '-' + Math.random().toString(36).slice(2, 6);
	return h(
		'div',
		{ class: 'field' },
		h('label', { class: 'field__label', for: fid }, label, required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null),
		h(tag, { class: 'input', id: fid, name, ...attrs })
	);
}

/* The forms of the actions the state allows. */
function actionForms(p) {
	const forms = [];
	const open = p.status === 'received' || p.status === 'accepted';
	if (p.status !== 'forwarded') forms.push(['assign', [input('unit', t('spv.unit_code'), { maxlength: '40', value: p.unit ? p.unit.code : '' }, true), input('officer', t('spv.officer_user'), { maxlength: '64', value: p.officer ? p.officer.username : '' })]]);
	if (p.status === 'received') {
		const sel = h('select', { class: 'input', name: 'type', id: 'a-type' }, ...['complaint', 'denunciation', 'recommendation', 'reflection'].map((v) => h('option', { value: v, selected: v === p.type ? '' : null }, t('pet.type.' + v))));
		forms.push(['classify', [h('div', { class: 'field' }, h('label', { class: 'field__label', for: 'a-type' }, t('spet.type')), sel), input('field', t('spet.field'), { maxlength: '100', value: p.field })]]);
		const cx = p.type === 'complaint' ? [h('div', { class: 'choice' }, h('input', { type: 'checkbox', id: 'a-complex', name: 'complex', value: '1' }), h('label', { for: 'a-complex' }, t('spv.complex')))] : [];
		forms.push(['accept', cx]);
	}
	if (open) {
		forms.push(['forward', [input('to', t('spv.to'), { maxlength: '300' }, true), input('doc_no', t('spv.doc_no'), { maxlength: '100' })]]);
		forms.push(['answer', [input('text', t('spv.text'), { rows: '6' }, true, 'textarea')]]);
	}
	if (p.status === 'accepted' && p.type === 'denunciation') forms.push(['extend', [input('reason', t('spv.reason'), { rows: '2' }, true, 'textarea')]]);
	if (p.status === 'answered' && !p.publication) {
		const q = input('question', t('spv.pub_question'), { rows: '4' }, true, 'textarea');
		q.querySelector('textarea').value = p.content;
		const a = input('answer', t('spv.pub_answer'), { rows: '6' }, true, 'textarea');
		a.querySelector('textarea').value = p.answer ? p.answer.text : '';
		forms.push(['publish', [h('p', { class: 'field__hint' }, t('spv.pub_hint')), input('title', t('spv.pub_title'), { maxlength: '300', value: p.subject }, true), q, a]]);
	}
	if (p.status === 'answered' || p.status === 'forwarded') forms.push(['reopen', [input('reason', t('spv.reason'), { rows: '2' }, true, 'textarea')]]);
	return forms.map(([action, fields]) => {
		const form = h('form', { class: 'form', novalidate: '', 'data-action': action }, h('div', { class: 'error-summary', 'data-error-summary': '', hidden: '' }), ...fields, h('button', { type: 'submit', class: 'btn' }, t('spv.do')));
		form.addEventListener('submit', async (ev) => {
			ev.preventDefault();
			const v = formValues(form);
			const body = { action, ...v };
			if (action === 'accept') body.complex = !!(form.elements.complex && form.elements.complex.checked);
			clearErrors(form);
			try {
				const np = await api('POST', `petitions/${p.id}/actions`, body);
				draw(np, notice('success', t('spv.done'), ''));
			} catch (e) {
				showErrors(form, errorsFromApi(e));
			}
		});
		return h('details', { class: 'inset' }, h('summary', {}, t('spv.act.' + action)), form);
	});
}

function deadlines(p) {
	return h(
		'ul',
		{ class: 'plain-list', 'data-deadlines': '' },
		...p.deadlines.map((d) => {
			const info = deadlineInfo(d.days);
			return h('li', {}, h('strong', {}, t('spet.deadline.' + d.kind)), ': ', fmtDateTime(d.due_at), ' ', d.done_at ? badge(d.overdue ? 'late' : 'ok', t('spet.deadline_done', { date: fmtDate(d.done_at) })) : badge(info.kind, info.text));
		})
	);
}

function petitioner(p) {
	if (!p.confidential) {
		const w = p.petitioner;
		return h('dl', { class: 'summary-list' }, summaryRow(t('spet.name'), w.name), summaryRow(t('spet.id_number'), w.id_number), summaryRow(t('spet.phone'), w.phone), summaryRow(t('spet.email'), w.email), summaryRow(t('spet.address'), w.address));
	}
	const out = h('div', { 'data-identity': '' });
	const btn = h('button', { type: 'button', class: 'btn btn--secondary' }, t('spv.identity_show'));
	btn.addEventListener('click', async () => {
		try {
			const w = await api('POST', `petitions/${p.id}/identity`);
			replace(out, h('dl', { class: 'summary-list' }, summaryRow(t('spet.name'), w.name), summaryRow(t('spet.id_number'), w.id_number), summaryRow(t('spet.phone'), w.phone), summaryRow(t('spet.email'), w.email), summaryRow(t('spet.address'), w.address)));
		} catch (e) {
			replace(out, notice('error', e.message, ''));
		}
	});
	replace(out, h('p', {}, t('spv.identity_hidden')), btn);
	return out;
}

function draw(p, flash) {
	document.title = `${p.code} — ${t('spv.doc_title')}`;
	replace(
		box,
		flash || null,
		h('h1', { class: 'page-title' }, `${t('pet.type.' + p.type)} ${p.code}`),
		h('p', { class: 'lead', 'data-status': p.status }, t('pet.status.' + p.status)),
		h(
			'dl',
			{ class: 'summary-list' },
			summaryRow(t('spv.received'), fmtDateTime(p.received_at)),
			summaryRow(t('spv.channel'), t('spet.channel.' + p.channel)),
			summaryRow(t('spet.field'), p.field),
			summaryRow(t('spv.unit'), p.unit ? p.unit.name : t('spv.none')),
			summaryRow(t('spv.officer'), p.officer ? p.officer.full_name : t('spv.none')),
			summaryRow(t('spet.people'), String(p.people))
		),
		h('h2', {}, t('spv.deadlines')),
		deadlines(p),
		h('h2', {}, p.subject || t('spet.content')),
		h('p', { class: 'proc-text' }, p.content),
		p.attachment ? h('p', {}, h('a', { href: p.attachment.url }, `${t('spv.attachment')}: ${p.attachment.name}`)) : null,
		h('h2', {}, t('spv.petitioner')),
		petitioner(p),
		p.forwarded ? h('p', {}, t('spv.forwarded', { to: p.forwarded.to }), p.forwarded.doc_no ? ` (${p.forwarded.doc_no})` : '') : null,
		p.answer ? [h('h2', {}, t('spv.answer')), h('p', { class: 'proc-text', 'data-answer-text': '' }, p.answer.text)] : null,
		p.publication ? [h('h2', {}, t('spv.publication')), h('p', {}, h('a', { href: '/petitions/?id=' + p.publication.id }, p.publication.title))] : null,
		p.satisfaction ? h('p', {}, `${t('spv.satisfaction')}: ${t('pet.sat.' + p.satisfaction.value)}`) : null,
		h('h2', {}, t('spv.actions')),
		...actionForms(p),
		h('h2', {}, t('spv.history')),
		h('ol', { class: 'plain-list small' }, ...p.history.map((e) => h('li', {}, `${fmtDateTime(e.at)} · ${e.actor} · ${e.action}`)))
	);
}

if (me) {
	$('[data-staff-loading]').hidden = true;
	try {
		draw(await api('GET', 'petitions/' + encodeURIComponent(id || '0')));
	} catch (e) {
		replace(box, notice('error', t('spv.not_found'), e.message));
	}
}
