/*
 * /staff/reports/ — the periodic report on dossier handling (Biểu số
 * II.06a/VPCP/KSTT; issue 14, item 1; DECISIONS D38) for heads, leaders and
 * the province: a period by month, quarter, year or from–to; the province
 * chooses an agency or the whole province. The table has the form's
 * headings; the print view (A4 landscape), CSV and XLSX are the API's
 * other formats, linked under the table.
 *
 * API: GET /api/v1/reports/handling?from=&to=&agency=&format=json|html|csv|xlsx
 */
import { startStaff, pageNotice, clearPageNotice, t } from '/js/layout.js';
import { api, apiUrl } from '/js/api.js';
import { showErrors, errorsFromApi } from '/js/forms.js';
import { $, $$, h, replace } from '/js/dom.js';
import { hasRole } from '/js/auth.js';
import { fmtDateTime } from '/js/format.js';

const me = await startStaff({ strings: ['report'] });
$('[data-staff-loading]').hidden = true;
const form = $('[data-rep-form]');
const out = $('[data-report]');

const pad = (n) => String(n).padStart(2, '0');
const lastDay = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();
/* today in Vietnam (UTC+7, no DST) */
const today = new Date(Date.now() + 7 * 3600 * 1000);
const thisYear = today.getUTCFullYear();

for (let m = 1; m <= 12; m++) form.month.append(h('option', { value: String(m) }, t('rep.month_n', { m })));
form.month.value = String(today.getUTCMonth() + 1);
form.quarter.value = String(Math.floor(today.getUTCMonth() / 3) + 1);
form.year.value = String(thisYear);

function showKind() {
	for (const el of $$('[data-kind]', form)) el.hidden = !el.dataset.kind.split(' ').includes(form.kind.value);
}
form.kind.addEventListener('change', showKind);
showKind();

if (hasRole(me, 'province')) {
	$('[data-province]', form).hidden = false;
	try {
		const r = await api('GET', 'agencies');
		for (const a of r.items) form.agency.append(h('option', { value: a.code }, a.name));
	} catch {
		/* the whole province stays available */
	}
}

/* The period the form names: {from, to} as YYYY-MM-DD. */
function period() {
	const y = Number(form.year.value) || thisYear;
	switch (form.kind.value) {
		case 'month': {
			const m = Number(form.month.value);
			return { from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${pad(lastDay(y, m))}` };
		}
		case 'quarter': {
			const q = Number(form.quarter.value);
			const m0 = 3 * q - 2, m1 = 3 * q;
			return { from: `${y}-${pad(m0)}-01`, to: `${y}-${pad(m1)}-${pad(lastDay(y, m1))}` };
		}
		case 'year':
			return { from: `${y}-01-01`, to: `${y}-12-31` };
		default:
			return { from: form.from.value, to: form.to.value };
	}
}

function table(r) {
	const groups = [];
	for (const c of r.columns) {
		const last = groups[groups.length - 1];
		if (last && last.name === c.group_vi) last.span++;
		else groups.push({ name: c.group_vi, span: 1 });
	}
	const lang = document.documentElement.lang;
	const colName = (c) => (lang === 'en' ? c.en : c.vi);
	const groupName = (g) => (lang === 'en' ? t('rep.group.' + r.columns.find((c) => c.group_vi === g.name).key.split('.')[0]) : g.name);
	const values = (row) => r.columns.map((c) => c.key.split('.').reduce((o, k) => o[k], row));
	const line = (cells, head) => cells.map((v) => h(head ? 'th' : 'td', { class: 'num' }, v.toLocaleString(lang)));
	return h(
		'div',
		{ class: 'table-wrap', tabindex: '0' },
		h(
			'table',
			{ class: 'table rep__table', 'data-rep-table': '' },
			h('caption', {}, t('rep.caption', { agency: r.agency ? r.agency.name : r.province || t('rep.agency_all'), from: r.from, to: r.to })),
			h(
				'thead',
				{},
				h('tr', {}, h('th', { scope: 'col', rowspan: '2' }, t('rep.no')), h('th', { scope: 'col', rowspan: '2' }, t('rep.field')), ...groups.map((g) => h('th', { scope: 'colgroup', colspan: String(g.span) }, groupName(g)))),
				h('tr', {}, ...r.columns.map((c) => h('th', { scope: 'col' }, colName(c)))),
				h('tr', { class: 'rep__numbers' }, h('td', {}, '(1)'), h('td', {}, '(2)'), ...r.columns.map((c) => h('td', {}, `(${c.number})`)))
			),
			h('tbody', {}, ...r.rows.map((row, i) => h('tr', { 'data-field': row.field.code }, h('td', { class: 'num' }, String(i + 1)), h('th', { scope: 'row' }, row.field.name), ...line(values(row))))),
			h('tfoot', {}, h('tr', { 'data-total': '' }, h('td', {}), h('th', { scope: 'row' }, t('rep.total')), ...line(values(r.total))))
		)
	);
}

async function load() {
	const p = period();
	const q = { from: p.from || undefined, to: p.to || undefined, agency: form.agency.value || undefined };
	try {
		const r = await api('GET', 'reports/handling', undefined, { query: q });
		clearPageNotice();
		const link = (format, key, extra = {}) => h('a', { class: 'btn btn--secondary', href: apiUrl('reports/handling', { ...q, from: r.from, to: r.to, format }), ...extra }, t(key));
		replace(
			out,
			h('p', { class: 'rep__meta' }, t('rep.judged', { at: fmtDateTime(r.judged_at) })),
			r.rows.length ? table(r) : h('p', { 'data-rep-empty': '' }, t('rep.empty')),
			h('div', { class: 'rep__actions' }, link('html', 'rep.print', { target: '_blank', rel: 'noopener', 'data-rep-print': '' }), link('xlsx', 'rep.xlsx', { download: '' }), link('csv', 'rep.csv', { download: '' })),
			h('p', { class: 'muted' }, t('rep.note'))
		);
	} catch (e) {
		if (e.field) showErrors(form, errorsFromApi(e));
		else pageNotice('error', t('rep.load_failed'), e.message, load);
	}
}

form.addEventListener('submit', (ev) => {
	ev.preventDefault();
	load();
});
await load();
