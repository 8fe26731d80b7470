/*
 * staff/intake/page.js — the intake desk (Tiếp nhận hồ sơ), made for a
 * counter officer at a PC, keyboard first:
 *
 *   1. procedure: a combobox over GET /api/v1/procedures?q= (diacritics do
 *      not matter); ↑/↓ move, Enter takes the highlighted one (or the first);
 *      With it, the choosers of docs/DECISIONS.md D29: where the dossier is
 *      received (only for an officer who receives for more than one agency:
 *      one of the province level, for the agencies under it) and the
 *      competent agency (only when several implement the procedure; by
 *      default the receiving agency when it is one of them, else the
 *      procedure's own), sent as receiving_agency / agency;
 *   2. documents: GET /api/v1/procedures/{code} → the checklist, mandatory
 *      ones ticked and marked; form and count editable; Enter goes on;
 *   3. the applicant (person or organisation), channel, return method;
 *   4. "check your answers", then POST /api/v1/dossiers → the code and the
 *      appointment in words, a link to print the receipt
 *      (/api/v1/dossiers/{code}/forms/receipt, new tab), "new dossier".
 *
 * Keys: F2 new dossier (focus on the procedure search), F4 the applicant,
 * Ctrl+Enter check / confirm, Esc closes the list of procedures.
 *
 * From the counter console (?ticket=<id>): the queue ticket of the citizen
 * in front of the officer, its number shown above the form and sent as
 * `ticket` (the server links it in the intake's transaction).
 *
 * A second tab lists online submissions (GET /api/v1/dossiers?status=
 * submitted) with accept / request a supplement / refuse.
 */
import { startStaff, pageNotice, clearPageNotice, t, lang } from '/js/layout.js';
import { api, ApiError } from '/js/api.js';
import { showErrors, clearErrors, errorsFromApi, focusField } from '/js/forms.js';
import { handleAuthError } from '/js/auth.js';
import { fmtDateTime } from '/js/format.js';
import { fmtTimeLimit, docFormLabel, DOC_FORMS } from '/js/catalogue.js';
import { $$, $, h, replace, badge, notice } from '/js/dom.js';
import {
	appointmentWords,
	channelLabel,
	returnMethodLabel,
	dossierHref,
	formHref,
	actionErrorText,
} from '/js/staff-dossier.js';

const loading = $('[data-staff-loading]');
const me = await startStaff({ strings: ['dossier'] });

const form = $('[data-intake-form]');
const input = $('#f-procedure');
const list = $('#proc-options');
const comboStatus = $('[data-combo-status]');
const combo = $('[data-combo]');
const chosenBox = $('[data-chosen]');
const docsStep = $('[data-step="documents"]');
const docsBody = $('[data-docs]');
const check = $('[data-check]');
const done = $('[data-done]');

/* ---- state ---------------------------------------------------------------- */

let procedure = null; /* the chosen procedure's detail */
let options = []; /* the procedures in the list */
let active = -1; /* highlighted option */
let searchSeq = 0;
let pendingSearch = null; /* promise of the running search */
let searchTimer = 0;
let submitting = false;
let sentDocs = []; /* the document ids in the order they were sent */
let lastDone = null; /* the answer of the last intake, for the "done" panel */
let online = null; /* the online submissions waiting */
let onlineLoading = false;
let openAction = null; /* {code, action}: the open form in the online queue */
let agencies = []; /* GET /api/v1/agencies: the province's agencies */
let agencyTouched = false; /* the officer chose the competent agency himself */

if (me) {
	loading.hidden = true;
	wireTabs();
	wireCombo();
	wireForm();
	wireAgencies();
	wireKeys();
	const params = new URLSearchParams(location.search);
	const tab = params.get('tab');
	selectTab(tab === 'online' ? 'online' : 'counter', false);
	loadOnline();
	loadAgencies();
	if (tab !== 'online') input.focus();
	/* from a guidance: the dossier completed after it, its procedure chosen */
	if (/^\d{1,12}$/.test(params.get('guidance') || '')) form.elements.guidance_id.value = params.get('guidance');
	if (params.get('procedure')) choose(params.get('procedure'));
	loadTicket(params.get('ticket'));
	document.addEventListener('motcua:langchange', () => {
		renderTicket();
		if (procedure) {
			renderChosen();
			renderDocs(true);
		}
		applyKind();
		renderOnline();
		if (!check.hidden) renderCheck();
		if (!done.hidden && lastDone) renderDone(lastDone);
	});
}

/* ---- tabs ----------------------------------------------------------------- */

function wireTabs() {
	const tabs = $$('[role="tab"]');
	for (const tab of tabs) {
		tab.addEventListener('click', () => selectTab(tab.dataset.tab, true));
		tab.addEventListener('keydown', (ev) => {
			const i = tabs.indexOf(tab);
			let j = -1;
			if (ev.key === 'ArrowRight') j = (i + 1) % tabs.length;
			else if (ev.key === 'ArrowLeft') j = (i - 1 + tabs.length) % tabs.length;
			else if (ev.key === 'Home') j = 0;
			else if (ev.key === 'End') j = tabs.length - 1;
			if (j < 0) return;
			ev.preventDefault();
			selectTab(tabs[j].dataset.tab, true);
			tabs[j].focus();
		});
	}
}

function selectTab(name, remember) {
	for (const tab of $$('[role="tab"]')) {
		const on = tab.dataset.tab === name;
		tab.setAttribute('aria-selected', on ? 'true' : 'false');
		tab.tabIndex = on ? 0 : -1;
		$('#' + tab.getAttribute('aria-controls')).hidden = !on;
	}
	if (remember) {
		const url = new URL(location.href);
		if (name === 'online') url.searchParams.set('tab', 'online');
		else url.searchParams.delete('tab');
		history.replaceState(null, '', url.pathname + url.search);
	}
	if (name === 'online') loadOnline();
}

/* ---- 1. the procedure combobox ------------------------------------------- */

function wireCombo() {
	input.addEventListener('input', () => {
		clearTimeout(searchTimer);
		const q = input.value.trim();
		if (!q) {
			pendingSearch = null;
			closeList();
			showEmpty('');
			return;
		}
		/* the promise exists at once, so an Enter typed right away waits for it */
		let resolveSearch;
		pendingSearch = new Promise((r) => (resolveSearch = r));
		searchTimer = setTimeout(() => search(q).then(resolveSearch, resolveSearch), 120);
	});
	input.addEventListener('keydown', async (ev) => {
		if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
			if (list.hidden && options.length) openList();
			if (!options.length) return;
			ev.preventDefault();
			const n = options.length;
			setActive(ev.key === 'ArrowDown' ? (active + 1) % n : (active - 1 + n) % n);
		} else if (ev.key === 'Enter') {
			ev.preventDefault(); /* never submits the form from here */
			if (ev.ctrlKey) return;
			if (pendingSearch) {
				clearTimeout(searchTimer);
				const q = input.value.trim();
				if (q) await search(q);
			}
			if (options.length) choose(options[active >= 0 ? active : 0].code);
			else if (input.value.trim()) {
				showErrors(form, [{ field: 'procedure', message: t('intake.err_no_procedure_found') }], { focus: false });
				input.focus();
			}
		} else if (ev.key === 'Escape') {
			if (!list.hidden) {
				ev.preventDefault();
				closeList();
			} else if (input.value) {
				ev.preventDefault();
				input.value = '';
			}
		} else if (ev.key === 'Home' || ev.key === 'End') {
			/* keep the caret keys for the text */
		}
	});
	input.addEventListener('blur', () => setTimeout(() => {
		if (!combo.contains(document.activeElement)) closeList();
	}, 150));
	list.addEventListener('mousedown', (ev) => ev.preventDefault()); /* keep focus in the input */
	list.addEventListener('click', (ev) => {
		const li = ev.target.closest('[role="option"]');
		if (li) choose(li.dataset.code);
	});
	$('[data-change-procedure]').addEventListener('click', () => {
		procedure = null;
		chosenBox.hidden = true;
		combo.hidden = false;
		showDocs(false);
		input.select();
		input.focus();
	});
}

async function search(q) {
	const seq = ++searchSeq;
	let res;
	try {
		res = await api('GET', 'procedures', undefined, { query: { q, limit: 8 } });
	} catch (e) {
		if (seq !== searchSeq) return;
		if (handleAuthError(e)) return;
		options = [];
		closeList();
		showEmpty(e.message);
		return;
	}
	if (seq !== searchSeq) return; /* an older answer after a newer one */
	pendingSearch = null;
	options = (res && res.items) || [];
	active = options.length ? 0 : -1;
	renderList(res ? res.total : 0);
}

function renderList(total) {
	if (!options.length) {
		closeList();
		showEmpty(t('intake.no_procedure', { q: input.value.trim() }));
		comboStatus.textContent = t('intake.no_procedure', { q: input.value.trim() });
		return;
	}
	showEmpty('');
	replace(
		list,
		...options.map((p, i) =>
			h(
				'li',
				{ id: 'proc-opt-' + i, role: 'option', class: 'combo__option', 'aria-selected': i === active ? 'true' : 'false', dataset: { code: p.code } },
				h('span', { class: 'combo__name' }, p.name),
				h(
					'span',
					{ class: 'combo__meta' },
					h('span', { class: 'mono' }, p.code),
					p.field ? ` · ${p.field.name}` : '',
					p.time_limit ? ` · ${fmtTimeLimit(p.time_limit)}` : ''
				)
			)
		)
	);
	openList();
	setActive(active);
	comboStatus.textContent = t('intake.found', { count: total || options.length });
}

/* "Không có thủ tục nào khớp…" (or why the search failed) under the box. */
function showEmpty(text) {
	const el = $('[data-combo-empty]');
	el.textContent = text;
	el.hidden = !text;
}

function openList() {
	list.hidden = false;
	input.setAttribute('aria-expanded', 'true');
}

function closeList() {
	list.hidden = true;
	input.setAttribute('aria-expanded', 'false');
	input.removeAttribute('aria-activedescendant');
}

function setActive(i) {
	active = i;
	$$('[role="option"]', list).forEach((li, k) => {
		li.setAttribute('aria-selected', k === i ? 'true' : 'false');
		if (k === i) li.scrollIntoView({ block: 'nearest' });
	});
	if (i >= 0) input.setAttribute('aria-activedescendant', 'proc-opt-' + i);
	else input.removeAttribute('aria-activedescendant');
}

async function choose(code) {
	closeList();
	let p;
	try {
		p = await api('GET', 'procedures/' + encodeURIComponent(code));
	} catch (e) {
		if (handleAuthError(e)) return;
		pageNotice('error', t('intake.proc_failed'), e.message, () => choose(code));
		return;
	}
	procedure = p;
	showEmpty('');
	clearErrors(form);
	renderChosen();
	renderDocs();
	combo.hidden = true;
	chosenBox.hidden = false;
	showDocs(true);
	const first = $('input[type="checkbox"]', docsBody);
	(first || $('#f-applicant-name')).focus();
}

/* The lawful variants of the time limit (Law on Civil Status 2014 Art. 18:
 * same day, up to 5 working days when verification is needed…): the base
 * limit first; the choice is kept across a language switch. */
function renderVariants() {
	const box = $('[data-variants]');
	const variants = (procedure && procedure.time_limit && procedure.time_limit.variants) || [];
	const kept = form.querySelector('input[name="time_limit_variant"]:checked');
	const keep = kept ? kept.value : '';
	box.hidden = variants.length === 0;
	const radio = (value, label, id) =>
		h(
			'div',
			{ class: 'choice' },
			h('input', { type: 'radio', id, name: 'time_limit_variant', value, checked: value === keep ? '' : undefined, 'aria-describedby': 'f-variant-hint' }),
			h('label', { for: id }, label)
		);
	replace(
		$('[data-variant-list]'),
		...(variants.length
			? [
					radio('', t('intake.variant_base', { limit: fmtTimeLimit(procedure.time_limit) }), 'f-variant-base'),
					...variants.map((v, i) => radio(v.code, `${v.name}: ${fmtTimeLimit(v)}`, `f-variant-${i}`)),
				]
			: [])
	);
	const link = $('[data-guidance-link]');
	link.hidden = !procedure;
	if (procedure) $('a', link).href = '/staff/guidance/?procedure=' + encodeURIComponent(procedure.code);
}

/* ---- agencies: where the dossier is received, who is competent (D29) ------ */

async function loadAgencies() {
	try {
		const r = await api('GET', 'agencies');
		agencies = (r && r.items) || [];
	} catch (e) {
		if (handleAuthError(e)) return;
		agencies = []; /* the choosers stay hidden: the server applies its rule */
	}
	renderReceiving();
	renderAgency();
}

function agencyNamed(code) {
	return agencies.find((a) => a.code === code) || null;
}

/* The agencies this officer receives for: his unit's agency (no unit: the
 * home agency); an officer of the province level also receives for the
 * agencies under it that have a centre (D29). */
function servedAgencies() {
	const own = (me.agency && agencyNamed(me.agency.code)) || agencies.find((a) => a.home);
	if (!own) return [];
	if (own.level !== 'province') return [own];
	const withCentre = (a) => a.centre && a.centre.name;
	return [own, ...agencies.filter((a) => a.parent === own.code)].filter(withCentre);
}

/* The receiving agency's code: the chooser's when shown, else his own. */
function receivingCode() {
	const served = servedAgencies();
	if (served.length > 1) return form.elements.receiving_agency.value;
	return served.length ? served[0].code : '';
}

function renderReceiving() {
	const served = servedAgencies();
	const sel = form.elements.receiving_agency;
	const keep = sel.value;
	$('[data-receiving-box]').hidden = served.length < 2;
	replace(sel, ...served.map((a) => h('option', { value: a.code, selected: a.code === keep ? '' : undefined }, a.centre && a.centre.name ? a.centre.name : a.name)));
}

/* The competent agency's chooser: the procedure's implementing agencies;
 * by default the receiving agency when it implements the procedure, else
 * the procedure's own (the server's rule when "agency" is not sent). */
function renderAgency() {
	const list = (procedure && procedure.agencies) || [];
	const box = $('[data-agency-box]');
	const sel = form.elements.agency;
	box.hidden = list.length < 2;
	if (box.hidden) {
		replace(sel);
		return;
	}
	const recv = receivingCode();
	const keep = agencyTouched && list.some((a) => a.code === sel.value) ? sel.value : list.some((a) => a.code === recv) ? recv : list[0].code;
	replace(sel, ...list.map((a) => h('option', { value: a.code, selected: a.code === keep ? '' : undefined }, a.name)));
	sel.value = keep;
	renderAgencyNote();
}

function renderAgencyNote() {
	const note = $('[data-agency-note]');
	const chosen = form.elements.agency.value;
	const recv = agencyNamed(receivingCode());
	if (!chosen || !recv) {
		replace(note);
		return;
	}
	const comp = ((procedure && procedure.agencies) || []).find((a) => a.code === chosen);
	replace(note, chosen === recv.code ? t('intake.agency_here') : t('intake.agency_elsewhere', { agency: comp ? comp.name : chosen, centre: (recv.centre && recv.centre.name) || recv.name }));
}

function wireAgencies() {
	form.elements.receiving_agency.addEventListener('change', () => {
		renderAgency();
	});
	form.elements.agency.addEventListener('change', () => {
		agencyTouched = true;
		renderAgencyNote();
	});
}

function chosenVariant() {
	const r = form.querySelector('input[name="time_limit_variant"]:checked');
	const code = r ? r.value : '';
	const variants = (procedure && procedure.time_limit && procedure.time_limit.variants) || [];
	return variants.find((v) => v.code === code) || null;
}

function renderChosen() {
	renderVariants();
	renderAgency();
	replace($('[data-chosen-name]'), procedure.name);
	replace(
		$('[data-chosen-meta]'),
		h('span', { class: 'mono' }, procedure.code),
		procedure.field ? ` · ${procedure.field.name}` : '',
		' · ',
		t('intake.time_limit', { limit: fmtTimeLimit(procedure.time_limit) })
	);
}

/* ---- 2. the document checklist ------------------------------------------ */

function showDocs(on) {
	for (const el of $$('[data-docs-only]', docsStep)) el.hidden = !on;
	$('[data-docs-empty]', docsStep).hidden = on;
}

/* The checklist; keep = what the officer ticked and typed (a language switch). */
function renderDocs(keep = false) {
	const docs = procedure.documents || [];
	const was = new Map();
	if (keep) {
		for (const d of docs) {
			const take = form.elements[`doc.${d.id}.take`];
			if (take) was.set(d.id, { take: take.checked, form: form.elements[`doc.${d.id}.form`].value, count: form.elements[`doc.${d.id}.count`].value });
		}
	}
	replace(
		docsBody,
		...docs.map((d, i) => {
			const id = `doc-${d.id}`;
			const w = was.get(d.id);
			const take = h('input', {
				type: 'checkbox',
				id: `${id}-take`,
				name: `doc.${d.id}.take`,
				value: String(d.id),
				checked: w ? w.take : !!d.mandatory,
				'data-field': i === 0 ? 'documents' : null,
				'aria-describedby': d.mandatory ? `${id}-must` : null,
			});
			const formSel = h(
				'select',
				{ class: 'select select--compact', id: `${id}-form`, name: `doc.${d.id}.form`, 'aria-label': t('intake.doc_form_of', { n: i + 1 }) },
				...DOC_FORMS.map((f) => h('option', { value: f, selected: f === (w ? w.form : d.form || 'original') }, docFormLabel(f)))
			);
			const count = h('input', {
				class: 'input input--w4 input--compact',
				id: `${id}-count`,
				name: `doc.${d.id}.count`,
				type: 'number',
				min: '1',
				max: '100',
				inputmode: 'numeric',
				value: w ? w.count : String(d.count || 1),
				'aria-label': t('intake.doc_count_of', { n: i + 1 }),
			});
			return h(
				'tr',
				{ class: d.mandatory ? 'doc-check__row doc-check__row--must' : 'doc-check__row' },
				h('td', { class: 'doc-check__take', 'data-label': t('intake.doc_take') }, h('span', { class: 'choice choice--inline' }, take, h('label', { for: take.id }, h('span', { class: 'visually-hidden' }, t('intake.doc_take_n', { n: i + 1 })), h('span', { 'aria-hidden': 'true' }, `${i + 1}.`)))),
				h(
					'td',
					{ 'data-label': t('intake.doc_name') },
					h('label', { for: take.id, class: 'doc-check__name' }, d.name),
					d.mandatory ? h('span', { id: `${id}-must`, class: 'doc-check__must' }, ' ', badge('info', t('intake.doc_mandatory'))) : null
				),
				h('td', { 'data-label': t('intake.doc_form') }, formSel),
				h('td', { 'data-label': t('intake.doc_count') }, count)
			);
		})
	);
}

function collectDocs() {
	const out = [];
	for (const d of (procedure && procedure.documents) || []) {
		const take = form.elements[`doc.${d.id}.take`];
		if (!take || !take.checked) continue;
		const n = parseInt(form.elements[`doc.${d.id}.count`].value, 10);
		out.push({ id: d.id, form: form.elements[`doc.${d.id}.form`].value, count: Number.isFinite(n) ? n : 0 });
	}
	return out;
}

/* ---- 3. applicant, and the whole form ------------------------------------ */

function kind() {
	const r = form.querySelector('input[name="applicant.kind"]:checked');
	return r ? r.value : 'person';
}

function applyKind() {
	const org = kind() === 'organization';
	for (const el of $$('[data-org-only]', form)) el.hidden = !org;
	$('[data-name-label]').textContent = t(org ? 'intake.name_org' : 'intake.name');
	$('[data-id-required]').hidden = org;
	$('#f-applicant-id_number').required = !org;
	$('#f-applicant-org_name').required = org;
	$('#f-applicant-tax_code').required = org;
}

function applyAgent() {
	const on = form.elements.agent_on.checked;
	$('[data-agent]').hidden = !on;
	form.elements.agent_on.setAttribute('aria-expanded', String(on));
	if (on) $('#f-authorised_person-name').focus();
}

function val(name) {
	const el = form.elements[name];
	return el ? String(el.value || '').trim() : '';
}

function body() {
	const org = kind() === 'organization';
	const applicant = { kind: kind(), name: val('applicant.name') };
	for (const k of ['id_number', 'phone', 'email', 'address']) {
		const v = val('applicant.' + k);
		if (v) applicant[k] = v;
	}
	if (org) {
		applicant.org_name = val('applicant.org_name');
		if (val('applicant.tax_code')) applicant.tax_code = val('applicant.tax_code');
	}
	const documents = collectDocs();
	const b = {
		procedure: procedure ? procedure.code : '',
		applicant,
		channel: form.querySelector('input[name="channel"]:checked').value,
		return_method: form.querySelector('input[name="return_method"]:checked').value,
		documents,
	};
	const variant = chosenVariant();
	if (variant) b.time_limit_variant = variant.code;
	if (!$('[data-receiving-box]').hidden && val('receiving_agency')) b.receiving_agency = val('receiving_agency');
	if (!$('[data-agency-box]').hidden && val('agency')) b.agency = val('agency');
	if (form.elements.agent_on.checked) {
		b.authorised_person = {};
		for (const k of ['name', 'id_number', 'phone', 'email', 'address', 'document']) {
			const v = val('authorised_person.' + k);
			if (v) b.authorised_person[k] = v;
		}
	}
	const g = val('guidance_id');
	if (g) b.guidance_id = /^\d+$/.test(g) ? Number(g) : g;
	if (ticket) b.ticket = ticket.id;
	return b;
}

/* ---- the queue ticket (from the counter console) ------------------------------ */

let ticket = null; /* {id, number, counter} */

/* The ticket called or served at one of the agency's counters. */
async function loadTicket(id) {
	if (!/^\d{1,15}$/.test(id || '')) return;
	try {
		const r = await api('GET', 'queue/counters');
		const c = (r.items || []).find((x) => x.current && String(x.current.id) === id);
		ticket = c ? { id: Number(id), number: c.current.number, counter: c.number } : null;
	} catch {
		ticket = null;
	}
	if (!ticket) ticket = { id: Number(id), number: '', counter: null };
	renderTicket();
}

function renderTicket() {
	const el = $('[data-ticket]');
	if (!el) return;
	el.hidden = !ticket;
	if (ticket)
		el.textContent = ticket.number
			? t('intake.ticket', { number: ticket.number, counter: ticket.counter })
			: t('intake.ticket_unknown');
}

/* The same checks as the server, with its words, as a courtesy. */
/* "Vui lòng nhập họ và tên." — the required message, naming the field. */
function required(name) {
	const label = form.querySelector(`label[for="${CSS.escape(controlId(name))}"]`);
	const words = label ? label.textContent.replace('*', '').trim() : '';
	return words ? t('intake.err_required_named', { label: words.toLocaleLowerCase(lang()) }) : t('intake.err_required');
}

function controlId(name) {
	const el = form.elements[name];
	return el && el.id ? el.id : '';
}

function validate(b) {
	const errs = [];
	if (!procedure) errs.push({ field: 'procedure', message: t('intake.err_procedure') });
	if (procedure) {
		const taken = new Set(b.documents.map((d) => d.id));
		const missing = (procedure.documents || []).find((d) => d.mandatory && !taken.has(d.id));
		if (missing) errs.push({ field: 'documents', message: t('intake.err_missing_doc', { name: missing.name }) });
		for (const d of b.documents) {
			if (!(d.count >= 1 && d.count <= 100)) errs.push({ field: `doc.${d.id}.count`, message: t('intake.err_count') });
		}
	}
	const a = b.applicant;
	if (a.kind === 'organization') {
		if (!a.org_name) errs.push({ field: 'applicant.org_name', message: required('applicant.org_name') });
		if (!a.tax_code) errs.push({ field: 'applicant.tax_code', message: required('applicant.tax_code') });
	}
	if (!a.name) errs.push({ field: 'applicant.name', message: required('applicant.name') });
	if (a.kind === 'person' && !a.id_number) errs.push({ field: 'applicant.id_number', message: required('applicant.id_number') });
	else if (a.id_number && !/^\d+$/.test(a.id_number)) errs.push({ field: 'applicant.id_number', message: t('intake.err_id_digits') });
	else if (a.id_number && a.id_number.length !== 12) errs.push({ field: 'applicant.id_number', message: t('intake.err_id_length') });
	if (a.phone && a.phone.replace(/[\s.-]/g, '').replace(/^\+84/, '0').length !== 10) {
		errs.push({ field: 'applicant.phone', message: t('intake.err_phone') });
	}
	if (a.email && !/^[^\s@]+@[^\s@]+$/.test(a.email)) errs.push({ field: 'applicant.email', message: t('intake.err_email') });
	const ag = b.authorised_person;
	if (ag) {
		for (const k of ['name', 'id_number', 'document']) {
			if (!ag[k]) errs.push({ field: 'authorised_person.' + k, message: required('authorised_person.' + k) });
		}
		if (ag.id_number && !/^\d{12}$/.test(ag.id_number)) errs.push({ field: 'authorised_person.id_number', message: t('intake.err_id_length') });
	}
	if (b.guidance_id !== undefined && typeof b.guidance_id !== 'number') errs.push({ field: 'guidance_id', message: t('intake.err_guidance_id') });
	return errs;
}

/* A server error's field, as the name of our control. */
function controlName(field) {
	const m = /^documents\[(\d+)\]\.(id|form|count)$/.exec(field || '');
	if (m) {
		const id = sentDocs[+m[1]];
		if (id !== undefined) return m[2] === 'id' ? `doc.${id}.take` : `doc.${id}.${m[2]}`;
		return 'documents';
	}
	return field;
}

function wireForm() {
	for (const r of $$('input[name="applicant.kind"]', form)) r.addEventListener('change', applyKind);
	applyKind();
	form.elements.agent_on.addEventListener('change', applyAgent);

	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		review();
	});
	/* Enter in the checklist moves on to the applicant (never submits). */
	docsStep.addEventListener('keydown', (ev) => {
		if (ev.key === 'Enter' && !ev.ctrlKey) {
			ev.preventDefault();
			$('#f-applicant-name').focus();
		}
	});
	/* Enter on a radio button goes on too, as in a text field. */
	for (const r of $$('input[type="radio"]', form)) {
		r.addEventListener('keydown', (ev) => {
			if (ev.key === 'Enter' && !ev.ctrlKey) {
				ev.preventDefault();
				review();
			}
		});
	}
	$('[data-confirm]').addEventListener('click', submit);
	$('[data-back]').addEventListener('click', () => backToForm());
	for (const b of $$('[data-new]')) b.addEventListener('click', newDossier);
}

function review() {
	clearErrors(form);
	clearPageNotice();
	const b = body();
	const errs = validate(b);
	if (errs.length) {
		showErrors(form, errs);
		return;
	}
	renderCheck();
	form.hidden = true;
	check.hidden = false;
	clearErrors(check);
	$('[data-confirm]').focus();
	check.scrollIntoView({ block: 'start' });
}

function backToForm(field) {
	check.hidden = true;
	form.hidden = false;
	const el = field && form.elements[field];
	const ctl = el && el.length !== undefined && !el.tagName ? el[0] : el;
	if (ctl) focusField(ctl);
	else if (procedure) $('#f-applicant-name').focus();
	else input.focus();
}

function row(label, value, field) {
	return h(
		'div',
		{ class: 'summary-list__row summary-list__row--action' },
		h('dt', {}, label),
		h('dd', {}, value || h('span', { class: 'muted' }, t('intake.none'))),
		field
			? h(
					'dd',
					{ class: 'summary-list__action' },
					h('button', { type: 'button', class: 'btn btn--link', onclick: () => backToForm(field) }, t('intake.change'), h('span', { class: 'visually-hidden' }, ' ' + label))
				)
			: null
	);
}

function renderCheck() {
	const b = body();
	const a = b.applicant;
	const org = a.kind === 'organization';
	replace(
		$('[data-check-list]'),
		row(t('intake.check_procedure'), procedure ? `${procedure.name} (${procedure.code})` : '', 'procedure'),
		row(
			t('intake.check_limit'),
			procedure ? (chosenVariant() ? `${fmtTimeLimit(chosenVariant())} (${chosenVariant().name})` : fmtTimeLimit(procedure.time_limit)) : '',
			chosenVariant() ? 'time_limit_variant' : undefined
		),
		b.receiving_agency ? row(t('intake.receiving_label'), (agencyNamed(b.receiving_agency) || {}).name || b.receiving_agency, 'receiving_agency') : null,
		b.agency ? row(t('intake.agency_label'), (agencyNamed(b.agency) || {}).name || b.agency, 'agency') : null,
		row(t('intake.kind'), t(org ? 'intake.kind_org' : 'intake.kind_person'), 'applicant.kind'),
		org ? row(t('intake.org_name'), a.org_name, 'applicant.org_name') : null,
		org ? row(t('intake.tax_code'), a.tax_code, 'applicant.tax_code') : null,
		row(t(org ? 'intake.name_org' : 'intake.name'), a.name, 'applicant.name'),
		row(t('intake.id_number'), a.id_number, 'applicant.id_number'),
		row(t('intake.phone'), a.phone, 'applicant.phone'),
		row(t('intake.email'), a.email, 'applicant.email'),
		row(t('intake.address'), a.address, 'applicant.address'),
		b.authorised_person ? row(t('intake.agent'), [b.authorised_person.name, b.authorised_person.id_number, b.authorised_person.document].join(' · '), 'authorised_person.name') : null,
		b.guidance_id !== undefined ? row(t('intake.guidance_id'), String(b.guidance_id), 'guidance_id') : null,
		row(t('intake.channel'), channelLabel(b.channel), 'channel'),
		row(t('intake.return_method'), returnMethodLabel(b.return_method), 'return_method')
	);
	const byId = new Map(((procedure && procedure.documents) || []).map((d) => [d.id, d]));
	replace(
		$('[data-check-docs]'),
		...b.documents.map((d) =>
			h('li', {}, byId.get(d.id) ? byId.get(d.id).name : String(d.id), ' — ', h('span', { class: 'muted' }, `${docFormLabel(d.form)}, ${t('intake.copies', { count: d.count })}`))
		)
	);
}

async function submit() {
	if (submitting) return;
	const b = body();
	sentDocs = b.documents.map((d) => d.id);
	const btn = $('[data-confirm]');
	submitting = true;
	btn.setAttribute('aria-disabled', 'true');
	btn.textContent = t('intake.confirming');
	try {
		const res = await api('POST', 'dossiers', b);
		lastDone = { ...res, procedure: procedure ? { code: procedure.code, name: procedure.name } : null };
		renderDone(lastDone);
		check.hidden = true;
		done.hidden = false;
		$('[data-print-receipt]').focus();
		loadOnline();
	} catch (e) {
		if (handleAuthError(e)) return;
		if (e instanceof ApiError && (e.status === 400 || e.status === 404 || e.status === 409 || e.status === 422)) {
			/* back to the form, the message beside the field, what was typed kept */
			const errs = errorsFromApi(e).map((x) => {
				const field = controlName(x.field);
				const generic = x.message === t('intake.err_required') && form.elements[field];
				return { field, message: generic ? required(field) : x.message };
			});
			check.hidden = true;
			form.hidden = false;
			showErrors(form, errs);
		} else {
			showErrors(check, [{ field: '', message: actionErrorText(e) }]);
		}
	} finally {
		submitting = false;
		btn.removeAttribute('aria-disabled');
		btn.textContent = t('intake.confirm');
	}
}

function renderDone(d) {
	replace($('[data-done-code]'), d.code);
	replace($('[data-done-due]'), appointmentWords(d.due_at));
	replace(
		$('[data-done-proc]'),
		d.procedure ? `${d.procedure.name} · ` : '',
		t('intake.received_at', { when: fmtDateTime(d.received_at) })
	);
	$('[data-print-receipt]').href = formHref(d.code, 'receipt');
	$('[data-open-dossier]').href = dossierHref(d.code);
}

/* A fresh form, focus back on the procedure search. */
function newDossier() {
	form.reset();
	clearErrors(form);
	clearErrors(check);
	clearPageNotice();
	procedure = null;
	options = [];
	sentDocs = [];
	lastDone = null;
	replace(docsBody);
	showDocs(false);
	chosenBox.hidden = true;
	combo.hidden = false;
	closeList();
	showEmpty('');
	applyKind();
	applyAgent();
	agencyTouched = false;
	if (ticket) {
		/* the ticket went with the dossier just taken in */
		ticket = null;
		renderTicket();
		const url = new URL(location.href);
		url.searchParams.delete('ticket');
		history.replaceState(null, '', url);
	}
	renderVariants();
	renderReceiving();
	renderAgency();
	check.hidden = true;
	done.hidden = true;
	form.hidden = false;
	selectTab('counter', true);
	input.focus();
	window.scrollTo(0, 0);
}

/* ---- keyboard shortcuts ---------------------------------------------------- */

function wireKeys() {
	document.addEventListener('keydown', (ev) => {
		if (ev.key === 'F2') {
			ev.preventDefault();
			if (!done.hidden || !procedure) newDossier();
			else {
				selectTab('counter', true);
				backToForm();
				if (!combo.hidden) input.focus();
				else $('[data-change-procedure]').focus();
			}
		} else if (ev.key === 'F4') {
			ev.preventDefault();
			selectTab('counter', true);
			if (done.hidden) backToForm('applicant.name');
		} else if (ev.key === 'Enter' && ev.ctrlKey) {
			if ($('#panel-counter').hidden) return;
			ev.preventDefault();
			if (!form.hidden) review();
			else if (!check.hidden) submit();
		}
	});
}

/* ---- online submissions ----------------------------------------------------- */

async function loadOnline() {
	if (onlineLoading) return;
	onlineLoading = true;
	try {
		online = await api('GET', 'dossiers', undefined, { query: { status: 'submitted', limit: 100 } });
	} catch (e) {
		if (handleAuthError(e)) return;
		online = null;
		replace($('[data-online-list]'), notice('error', t('intake.online_failed'), e.message));
		return;
	} finally {
		onlineLoading = false;
	}
	renderOnline();
}

function renderOnline() {
	const countEl = $('[data-online-count]');
	if (!online) return;
	const items = online.items || [];
	countEl.textContent = items.length ? `(${online.total})` : '';
	const box = $('[data-online-list]');
	if (!items.length) {
		replace(box, h('p', { class: 'empty-state' }, t('intake.online_empty')));
		return;
	}
	replace(
		box,
		h('p', { class: 'results__count' }, t('intake.online_count', { count: online.total })),
		h(
			'ul',
			{ class: 'queue' },
			...items.map((d) =>
				h(
					'li',
					{ class: 'queue__item', dataset: { code: d.code } },
					h(
						'div',
						{ class: 'queue__head' },
						h('h2', { class: 'queue__title', id: titleId(d.code) }, h('a', { href: dossierHref(d.code), class: 'mono' }, d.code)),
						h('p', { class: 'queue__proc mb-0' }, d.procedure.name),
						h(
							'p',
							{ class: 'queue__meta small mb-0' },
							h('span', {}, t('intake.online_applicant', { name: d.applicant_name })),
							' · ',
							h('span', {}, t('intake.online_submitted', { when: fmtDateTime(d.submitted_at) }))
						)
					),
					h(
						'div',
						{ class: 'btn-group queue__actions' },
						actBtn(d, 'accept', 'btn'),
						actBtn(d, 'request_supplement', 'btn btn--secondary'),
						actBtn(d, 'refuse', 'btn btn--secondary')
					),
					openAction && openAction.code === d.code ? actionForm(d, openAction.action) : null
				)
			)
		)
	);
}

function titleId(code) {
	return 'q-' + code.replace(/[^A-Za-z0-9]/g, '');
}

function actBtn(d, action, cls) {
	const expanded = !!(openAction && openAction.code === d.code && openAction.action === action);
	return h(
		'button',
		{
			type: 'button',
			class: cls,
			'aria-describedby': titleId(d.code), /* "Tiếp nhận" — which one */
			'aria-expanded': action === 'accept' ? null : String(expanded),
			onclick: () => {
				if (action === 'accept') return doOnline(d, { action: 'accept' }, null);
				openAction = expanded ? null : { code: d.code, action };
				renderOnline();
				const f = $(`[data-code="${CSS.escape(d.code)}"] form`);
				if (f) f.querySelector('textarea, input').focus();
			},
		},
		t('intake.online_' + action)
	);
}

function actionForm(d, action) {
	const id = 'of-' + d.code.replace(/[^A-Za-z0-9]/g, '');
	const f = h(
		'form',
		{ class: 'form queue__form', novalidate: true },
		h('div', { class: 'error-summary', 'data-error-summary': '', hidden: true }),
		h(
			'div',
			{ class: 'field' },
			h('label', { class: 'field__label', for: id + '-reason' }, t(action === 'refuse' ? 'intake.refuse_reason' : 'intake.supplement_reason'), ' ', h('span', { class: 'required', 'aria-hidden': 'true' }, '*')),
			h('textarea', { class: 'textarea', id: id + '-reason', name: 'reason', rows: '3', maxlength: '2000', required: true })
		),
		action === 'request_supplement'
			? h(
					'div',
					{ class: 'field' },
					h('label', { class: 'field__label', for: id + '-items' }, t('intake.supplement_items'), ' ', h('span', { class: 'required', 'aria-hidden': 'true' }, '*')),
					h('p', { class: 'field__hint', id: id + '-items-hint' }, t('intake.supplement_items_hint')),
					h('textarea', { class: 'textarea', id: id + '-items', name: 'items', rows: '4', 'aria-describedby': id + '-items-hint', required: true })
				)
			: null,
		action === 'refuse'
			? h(
					'div',
					{ class: 'field' },
					h('label', { class: 'field__label', for: id + '-legal_basis' }, t('dossier_view.a.legal_basis')),
					h('p', { class: 'field__hint', id: id + '-legal_basis-hint' }, t('dossier_view.a.legal_basis_hint')),
					h('input', { class: 'input', id: id + '-legal_basis', name: 'legal_basis', type: 'text', maxlength: '1000', autocomplete: 'off', 'aria-describedby': id + '-legal_basis-hint' })
				)
			: null,
		h(
			'div',
			{ class: 'btn-group' },
			h('button', { type: 'submit', class: action === 'refuse' ? 'btn btn--warning' : 'btn' }, t('intake.online_send_' + action)),
			h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => { openAction = null; renderOnline(); } }, t('intake.cancel'))
		)
	);
	f.addEventListener('submit', (ev) => {
		ev.preventDefault();
		const reason = f.elements.reason.value.trim();
		const errs = [];
		if (!reason) errs.push({ field: 'reason', message: t('intake.err_required') });
		const b = { action, reason };
		if (action === 'refuse' && f.elements.legal_basis.value.trim()) b.legal_basis = f.elements.legal_basis.value.trim();
		if (action === 'request_supplement') {
			b.items = f.elements.items.value.split('\n').map((s) => s.trim()).filter(Boolean);
			if (!b.items.length) errs.push({ field: 'items', message: t('intake.err_required') });
		}
		if (errs.length) return showErrors(f, errs);
		doOnline(d, b, f);
	});
	return f;
}

async function doOnline(d, b, f) {
	try {
		const res = await api('POST', `dossiers/${encodeURIComponent(d.code)}/actions`, { ...b, version: d.version });
		openAction = null;
		const msg =
			b.action === 'accept'
				? t('intake.online_accepted', { code: d.code, due: appointmentWords(res.due_at) })
				: t('intake.online_done_' + b.action, { code: d.code });
		const links = b.action === 'accept'
			? h('p', { class: 'mb-0' }, h('a', { href: formHref(d.code, 'receipt'), target: '_blank', rel: 'noopener' }, t('intake.print_receipt')))
			: b.action === 'request_supplement'
				? h('p', { class: 'mb-0' }, h('a', { href: formHref(d.code, 'supplement'), target: '_blank', rel: 'noopener' }, t('dossier.form.supplement')))
				: h('p', { class: 'mb-0' }, h('a', { href: formHref(d.code, 'refusal'), target: '_blank', rel: 'noopener' }, t('dossier.form.refusal')));
		const box = notice('success', msg, null, links);
		box.tabIndex = -1;
		replace($('[data-online-notice]'), box);
		await loadOnline();
		box.focus();
	} catch (e) {
		if (handleAuthError(e)) return;
		const text = actionErrorText(e);
		if (f) showErrors(f, e.field ? errorsFromApi(e) : [{ field: '', message: text }]);
		else {
			const box = notice('error', t('intake.online_failed_action', { code: d.code }), text);
			box.tabIndex = -1;
			replace($('[data-online-notice]'), box);
			box.focus();
		}
		if (e instanceof ApiError && e.code === 'version_conflict') loadOnline();
	}
}
