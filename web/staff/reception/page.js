/*
 * staff/reception/page.js — the schedule editor of reception days for the
 * officer's agency: GET /api/v1/reception/sessions?from&to (the sessions
 * and the duty warnings: a week or a month in which a leader's duty — e.g.
 * the commune chairman's day a week — is not met), add a session (POST
 * /api/v1/reception/sessions), cancel one, see who registered (GET
 * …/{id}/registrations); the admin and the leader set the duty per role
 * (POST /api/v1/reception/duties/{role}).
 */
import { startStaff, t, lang } from '/js/layout.js';
import { api } from '/js/api.js';
import { showErrors, clearErrors, errorsFromApi, formValues } from '/js/forms.js';
import { fmtDateLong, fmtTime } from '/js/format.js';
import { $, h, replace, badge, notice } from '/js/dom.js';

const me = await startStaff({ strings: ['reception'] });
const range = $('[data-range]');
const form = $('[data-session-form]');
let duties = [];

function iso(d) {
	return d.toISOString().slice(0, 10);
}

/* registrants are personal data: the reception roles only (D36) */
function canSeeRegs() {
	return ['reception', 'head', 'leader'].some((r) => me.roles.includes(r));
}

function row(s) {
	const regs = h('td', { 'data-label': t('srec.col_registered') }, `${s.registered}/${s.capacity}`);
	if (s.registered && canSeeRegs())
		regs.append(
			' ',
			h('button', { type: 'button', class: 'btn btn--link', onclick: () => showRegs(s, regs) }, t('srec.show_regs'))
		);
	return h(
		'tr',
		{ 'data-session': String(s.id) },
		h('td', { 'data-label': t('srec.col_when') }, `${fmtDateLong(s.starts_at)}, ${fmtTime(s.starts_at)}–${fmtTime(s.ends_at)}`),
		h('td', { 'data-label': t('srec.col_leader') }, s.leader_name, s.leader_title ? h('br') : '', s.leader_title || ''),
		h('td', { 'data-label': t('srec.col_place') }, s.place, h('br'), h('span', { class: 'small muted' }, `${t('rec.kind.' + s.kind)} · ${t('rec.mode.' + s.mode)}`)),
		regs,
		h(
			'td',
			{ 'data-label': t('srec.col_state') },
			s.cancelled
				? badge('neutral', t('srec.cancelled'))
				: !canSeeRegs()
				? ''
				: h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => cancel(s) }, t('srec.cancel'))
		)
	);
}

async function showRegs(s, cell) {
	const d = await api('GET', `reception/sessions/${s.id}/registrations`);
	cell.append(h('ul', { class: 'small' }, ...d.items.map((r) => h('li', {}, `${r.name} — ${r.contact}: ${r.subject} (${r.code})`))));
}

async function cancel(s) {
	if (!confirm(t('srec.cancel_confirm'))) return;
	const body = { ...s, starts_at: s.starts_at, ends_at: s.ends_at, leader_title: s.leader_title || '', leader_role: s.leader_role || '', cancelled: true };
	delete body.id;
	await api('POST', `reception/sessions/${s.id}`, body);
	await load();
}

/* Only the latest load draws: an earlier one answering late (the default
 * range asked at start, then the range the officer chose) must not overwrite it. */
let loads = 0;

async function load() {
	const mine = ++loads;
	const v = formValues(range);
	const d = await api('GET', 'reception/sessions', undefined, { query: { from: v.from, to: v.to } });
	if (mine !== loads) return;
	replace(
		$('[data-warnings]'),
		...(d.warnings.length
			? [notice('warning', t('srec.warn_title'), '', h('ul', {}, ...d.warnings.map((w) => h('li', { 'data-warning': w.role }, lang() === 'en' ? w.message_en : w.message_vi))))]
			: [notice('success', t('srec.ok_title'), t('srec.ok_text'))])
	);
	if (!d.items.length) return replace($('[data-list]'), h('p', { class: 'muted' }, t('srec.none')));
	replace(
		$('[data-list]'),
		h(
			'table',
			{ class: 'table table--stack' },
			h('thead', {}, h('tr', {}, ...['srec.col_when', 'srec.col_leader', 'srec.col_place', 'srec.col_registered', 'srec.col_state'].map((k) => h('th', { scope: 'col' }, t(k))))),
			h('tbody', {}, ...d.items.map(row))
		)
	);
}

async function loadDuties() {
	const d = await api('GET', 'reception/duties');
	duties = d.items;
	const sel = $('[data-roles]');
	for (const x of duties) sel.append(h('option', { value: x.role }, t('srec.role.' + x.role)));
	const canSet = me.roles.includes('admin') || me.roles.includes('leader');
	$('[data-duties]').hidden = false;
	replace(
		$('[data-duty-list]'),
		h(
			'ul',
			{ class: 'list-plain' },
			...duties.map((x) => {
				const days = h('input', { class: 'input input--w4', type: 'number', min: '0', max: '31', value: String(x.days), 'aria-label': t('srec.duty_days', { role: t('srec.role.' + x.role) }), disabled: !canSet });
				const per = h('select', { class: 'input', style: 'width: auto', 'aria-label': t('srec.duty_per'), disabled: !canSet }, h('option', { value: 'week', selected: x.per === 'week' }, t('srec.per.week')), h('option', { value: 'month', selected: x.per === 'month' }, t('srec.per.month')));
				const save = canSet
					? h('button', { type: 'button', class: 'btn btn--secondary', onclick: async () => {
							await api('POST', `reception/duties/${x.role}`, { days: Number(days.value), per: per.value });
							await load();
						} }, t('srec.duty_save'))
					: '';
				return h('li', { 'data-duty': x.role, style: 'display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin-bottom: 0.5rem' }, h('strong', {}, t('srec.role.' + x.role)), ': ', days, ' ', t('srec.days_per'), ' ', per, ' ', save);
			})
		)
	);
}

if (me) {
	$('[data-staff-loading]').hidden = true;
	$('[data-staff-only]').hidden = false;
	$('[data-new]').hidden = !canSeeRegs();
	const today = new Date();
	/* the next four weeks, unless the officer already typed dates while the
	 * page was starting */
	if (!range.elements.from.value) range.elements.from.value = iso(today);
	if (!range.elements.to.value) range.elements.to.value = iso(new Date(today.getTime() + 27 * 86400000));
	range.addEventListener('submit', (ev) => {
		ev.preventDefault();
		load();
	});
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		const v = formValues(form);
		const errors = [];
		if (!v.leader_name) errors.push({ field: 'leader_name', message: t('srec.err_leader') });
		if (!v.date) errors.push({ field: 'starts_at', message: t('srec.err_date') });
		if (!v.place) errors.push({ field: 'place', message: t('srec.err_place') });
		if (errors.length) return showErrors(form, errors);
		clearErrors(form);
		const body = {
			leader_name: v.leader_name,
			leader_title: v.leader_title,
			leader_role: v.leader_role,
			starts_at: `${v.date}T${v.start}`,
			ends_at: `${v.date}T${v.end}`,
			place: v.place,
			kind: v.kind,
			mode: v.mode,
			capacity: Number(v.capacity || 0),
		};
		try {
			await api('POST', 'reception/sessions', body);
			form.reset();
			await load();
		} catch (e) {
			showErrors(form, errorsFromApi(e));
		}
	});
	await loadDuties();
	await load();
}
