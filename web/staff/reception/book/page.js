/*
 * staff/reception/book/page.js — the reception book (sổ tiếp công dân,
 * form 03/TCD) of a period as an A4 landscape sheet with the official
 * column headings in Vietnamese: GET /api/v1/reception/visits?from&to
 * (&agency for the province). Print with the browser (print.css prints the
 * sheet only); the CSV link fetches the same period with format=csv.
 * Visitors' identities show only for the reception roles; a denouncer's
 * never (the cell says "Bảo mật").
 */
import { startStaff, t } from '/js/layout.js';
import { api, apiUrl } from '/js/api.js';
import { formValues } from '/js/forms.js';
import { fmtDate } from '/js/format.js';
import { $, h, replace } from '/js/dom.js';

const me = await startStaff({ strings: ['reception'] });
const range = $('[data-range]');

function iso(d) {
	return d.toISOString().slice(0, 10);
}

function who(r) {
	if (r.visitors === null) return h('em', {}, r.confidential ? 'Bảo mật (đơn tố cáo)' : '—');
	return [r.visitors, r.address ? h('br') : '', r.address || ''];
}

function row(r) {
	const codes = r.petitions.map((p) => p.code).join(', ');
	return h(
		'tr',
		{ 'data-visit': String(r.seq) },
		h('td', { class: 'num' }, String(r.seq)),
		h('td', { class: 'center' }, fmtDate(r.visited_at)),
		h('td', {}, who(r)),
		h('td', {}, r.id_number || ''),
		h('td', { style: 'white-space: pre-line' }, r.content),
		h('td', {}, r.type_labels, r.fields ? h('br') : '', r.fields ? h('span', {}, `(${r.fields})`) : ''),
		h('td', { class: 'num' }, String(r.people)),
		h('td', {}, r.prior_handling),
		h('td', { class: 'center' }, r.within_competence ? 'x' : ''),
		h('td', {}, r.guided_to, r.guided_doc ? ` (${r.guided_doc})` : ''),
		h('td', {}, r.transfer_to, r.transfer_doc ? ` (${r.transfer_doc})` : ''),
		h('td', {}, r.follow_up, codes ? h('br') : '', codes ? h('span', { class: 'mono' }, codes) : '', r.note ? h('br') : '', r.note || '')
	);
}

async function load() {
	const v = formValues(range);
	const query = { from: v.from, to: v.to, agency: v.agency };
	const d = await api('GET', 'reception/visits', undefined, { query });
	$('[data-book-agency]').textContent = d.agency ? d.agency.name : t('book.all_agencies');
	const day = (s) => s.split('-').reverse().join('/');
	$('[data-book-period]').textContent = `Từ ngày ${day(d.from)} đến ngày ${day(d.to)}`;
	$('[data-csv]').href = apiUrl('reception/visits', { ...query, format: 'csv' });
	replace($('[data-rows]'), ...(d.items.length ? d.items.map(row) : [h('tr', {}, h('td', { colspan: '12', class: 'center' }, 'Không có lượt tiếp nào trong kỳ.'))]));
}

if (me) {
	$('[data-staff-loading]').hidden = true;
	$('[data-staff-only]').hidden = false;
	$('[data-agency-field]').hidden = !me.roles.includes('province');
	const now = new Date();
	range.elements.from.value = iso(new Date(Date.UTC(now.getFullYear(), now.getMonth(), 1)));
	range.elements.to.value = iso(now);
	range.addEventListener('submit', (ev) => {
		ev.preventDefault();
		load();
	});
	$('[data-print]').addEventListener('click', () => window.print());
	await load();
}
