/*
 * staff/petitions/page.js — the petitions inbox (đơn thư, phản ánh, kiến
 * nghị) of the officer's agency, nearest deadline first: GET
 * /api/v1/petitions?status&type&q&overdue. Each row says its next deadline
 * in words ("Quá hạn 2 ngày", "Còn 3 ngày"), not only by colour; a
 * denunciation shows no name. "Nhận đơn mới" records a petition keyed in
 * from the reception, the post, an e-mail or the hotline (POST
 * /api/v1/petitions) and opens it.
 */
import { startStaff, t } from '/js/layout.js';
import { api } from '/js/api.js';
import { showErrors, clearErrors, errorsFromApi, formValues } from '/js/forms.js';
import { fmtDate, deadlineInfo } from '/js/format.js';
import { $, h, replace, badge } from '/js/dom.js';

const me = await startStaff({ strings: ['petition'] });
const filters = $('[data-filters]');
const form = $('[data-new-form]');

async function load() {
	const v = formValues(filters);
	const query = {};
	for (const k of ['status', 'type', 'q']) if (v[k]) query[k] = v[k];
	if (filters.elements.overdue.checked) query.overdue = '1';
	const d = await api('GET', 'petitions', undefined, { query });
	$('[data-total]').textContent = d.total ? t('spet.total', { count: d.total }) : t('spet.none');
	if (!d.items.length) return replace($('[data-list]'));
	replace(
		$('[data-list]'),
		h(
			'table',
			{ class: 'table table--stack inbox-table', 'data-petitions': '' },
			h('thead', {}, h('tr', {}, ...['spet.col_code', 'spet.col_type', 'spet.col_subject', 'spet.col_status', 'spet.col_deadline'].map((k) => h('th', { scope: 'col' }, t(k))))),
			h('tbody', {}, ...d.items.map(row))
		)
	);
}

function row(p) {
	const dl = p.next_deadline;
	const info = dl ? deadlineInfo(dl.days) : null;
	return h(
		'tr',
		{ class: dl && dl.overdue ? 'inbox-row--late' : '' },
		h('td', { 'data-label': t('spet.col_code') }, h('a', { href: '/staff/petitions/view/?id=' + p.id, class: 'mono' }, p.code)),
		h('td', { 'data-label': t('spet.col_type') }, t('pet.type.' + p.type)),
		h('td', { 'data-label': t('spet.col_subject') }, p.subject || '—', h('br'), h('span', { class: 'small muted' }, p.confidential ? t('spet.confidential') : p.name)),
		h('td', { 'data-label': t('spet.col_status') }, t('pet.status.' + p.status)),
		h('td', { 'data-label': t('spet.col_deadline') }, dl ? [fmtDate(dl.due_at), ' ', badge(info.kind, info.text)] : '—')
	);
}

if (me) {
	$('[data-staff-loading]').hidden = true;
	filters.addEventListener('submit', (ev) => {
		ev.preventDefault();
		load();
	});
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		const v = formValues(form);
		const body = { channel: v.channel, type: v.type, field: v.field, subject: v.subject, content: v.content, people: Number(v.people) || 1, petitioner: {} };
		for (const k of ['name', 'id_number', 'phone', 'email', 'address']) body.petitioner[k] = v['petitioner.' + k];
		clearErrors(form);
		try {
			const r = await api('POST', 'petitions', body);
			location.href = '/staff/petitions/view/?id=' + r.id;
		} catch (e) {
			showErrors(form, errorsFromApi(e));
		}
	});
	await load();
}
