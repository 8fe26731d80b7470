/*
 * staff/procedures/editor.js — add or edit one procedure (administrators).
 *
 * Every member of the API's procedure is a control whose name is its API
 * path ("name", "time_limit.value", "steps[2].share"), so a 422 from the
 * server lands beside the right control; "steps" (the shares do not add
 * up) lands on the live sum, "documents" on the documents' note.
 *
 * Fees, documents, steps and the lawful variants of the time limit
 * (time_limit.variants: e.g. "Trường hợp cần xác minh", 5 working days) are
 * repeatable rows (add, remove, move up and down); the 15:00 cut-off is a
 * checkbox (time_limit.cutoff, the centre's practice, on by default). A document keeps its id when edited, so dossiers keep pointing at
 * it; a new one has none and the server gives it one (we reload the form
 * from the server's answer after each save).
 *
 * The page checks what it can as a courtesy, with the server's own words
 * (required texts, the code, a field, a unit per step) and shows the sum
 * of the step times against the limit as you type. The server decides:
 * a PUT with "version" answers 409 when someone else saved in between.
 */
import { pageNotice, clearPageNotice, setPageTitle, t } from '/js/layout.js';
import { api, ApiError } from '/js/api.js';
import { handleAuthError } from '/js/auth.js';
import { showErrors, clearErrors, errorsFromApi } from '/js/forms.js';
import { h, replace, badge, notice } from '/js/dom.js';
import { fmtDateTime, fmtNumber } from '/js/format.js';
import {
	TIME_UNITS,
	ONLINE_LEVELS,
	DOC_FORMS,
	LEVELS,
	unitLabel,
	docFormLabel,
	levelLabel,
	onlineInfo,
	fmtDecimal,
	parseDecimal,
	parseMoney,
	fmtTimeLimit,
	procedureHref,
} from '/js/catalogue.js';

const TEXTS = ['sequence', 'method', 'subjects', 'result', 'conditions'];
const EPS = 1e-6;

/* "steps[2].share" → "f-steps-2-share" */
const idOf = (name) => 'f-' + name.replace(/[[\].]+/g, '-').replace(/-$/, '');

export async function openEditor(root, { code, titleEl, onForbidden }) {
	let mode = code ? 'edit' : 'new';
	let model = null;
	let version = 0;
	let updatedAt = 0;
	let fields = [];
	let units = [];
	let dirty = false;
	let form = null;

	function handled(e) {
		if (handleAuthError(e)) return true;
		if (e instanceof ApiError && e.status === 403) {
			onForbidden();
			return true;
		}
		return false;
	}

	window.addEventListener('beforeunload', (ev) => {
		if (dirty) {
			ev.preventDefault();
			ev.returnValue = '';
		}
	});

	/* ---- loading ----------------------------------------------------------- */

	/* ---- model <-> API ----------------------------------------------------- */

	function homeAgency() {
		return (units[0] && units[0].agency && units[0].agency.code) || '';
	}

	function agencies() {
		const seen = new Map();
		for (const u of units) if (u.agency && !seen.has(u.agency.code)) seen.set(u.agency.code, u.agency.name);
		return Array.from(seen, ([c, n]) => ({ code: c, name: n }));
	}

	function blank() {
		return {
			code: '',
			name: '',
			field: '',
			level: 'commune',
			agency: homeAgency(),
			agencies: [],
			online: 'none',
			limit_value: '',
			limit_unit: 'working_days',
			limit_text: '',
			variants: [],
			cutoff: true,
			sequence: '',
			method: '',
			subjects: '',
			result: '',
			conditions: '',
			legal_basis: '',
			note: '',
			fees: [],
			documents: [{ id: null, name: '', form: 'original', count: '1', mandatory: true }],
			steps: [{ name: '', unit: '', share: '', may_complete: false }],
		};
	}

	function take(p) {
		version = p.version || 0;
		updatedAt = p.updated_at || 0;
		const tl = p.time_limit || {};
		model = {
			code: p.code,
			name: p.name || '',
			field: (p.field && p.field.code) || '',
			level: p.level || '',
			agency: (p.agency && p.agency.code) || homeAgency(),
			/* the other implementing agencies (D29); the own one is implied */
			agencies: (p.agencies || []).map((a) => a.code).filter((c) => c !== (p.agency && p.agency.code)),
			online: p.online || 'none',
			limit_value: tl.unit === 'same_day' ? '1' : fmtDecimal(tl.value),
			limit_unit: tl.unit || 'working_days',
			limit_text: tl.text || '',
			variants: (tl.variants || []).map((v) => ({
				code: v.code || '',
				name: v.name || '',
				value: v.unit === 'same_day' ? '1' : fmtDecimal(v.value),
				unit: v.unit || 'working_days',
			})),
			cutoff: tl.cutoff !== false,
			sequence: p.sequence || '',
			method: p.method || '',
			subjects: p.subjects || '',
			result: p.result || '',
			conditions: p.conditions || '',
			legal_basis: (p.legal_basis || []).join('\n'),
			note: p.note || '',
			fees: (p.fees || []).map((f) => ({ name: f.name || '', amount: fmtNumber(f.amount, 0), note: f.note || '' })),
			documents: (p.documents || []).map((d) => ({
				id: d.id || null,
				name: d.name || '',
				form: d.form || 'original',
				count: String(d.count ?? 1),
				mandatory: !!d.mandatory,
			})),
			steps: (p.steps || []).map((s) => ({ name: s.name || '', unit: (s.unit && s.unit.code) || '', share: fmtDecimal(s.share), may_complete: !!s.may_complete })),
		};
	}

	/* A number the person typed, or what they typed when it is not one
	 * (the server then says what is wrong, beside the control). */
	const asNumber = (s) => {
		const n = parseDecimal(s);
		return Number.isFinite(n) ? n : s;
	};
	const asMoney = (s) => {
		const n = parseMoney(s);
		return Number.isFinite(n) ? n : s;
	};
	const asInt = (s) => (/^\s*\d+\s*$/.test(s) ? parseInt(s, 10) : s);

	function toApi(m) {
		const body = {
			code: m.code,
			name: m.name,
			field: m.field,
			level: m.level || null,
			agency: m.agency || null,
			agencies: m.agency ? [m.agency, ...m.agencies.filter((c) => c !== m.agency)] : m.agencies,
			online: m.online,
			time_limit: {
				value: m.limit_unit === 'same_day' ? 1 : asNumber(m.limit_value),
				unit: m.limit_unit,
				text: m.limit_text,
				variants: m.variants.map((v) => ({ code: v.code, name: v.name, value: v.unit === 'same_day' ? 1 : asNumber(v.value), unit: v.unit })),
				cutoff: !!m.cutoff,
			},
			legal_basis: m.legal_basis.split('\n').map((x) => x.trim()).filter(Boolean),
			note: m.note,
			fees: m.fees.map((f) => ({ name: f.name, amount: asMoney(f.amount), note: f.note })),
			documents: m.documents.map((d) => {
				const o = { name: d.name, form: d.form, count: asInt(d.count), mandatory: d.mandatory };
				if (d.id) o.id = d.id;
				return o;
			}),
			steps: m.steps.map((s) => ({ name: s.name, unit: s.unit, share: asNumber(s.share), may_complete: !!s.may_complete })),
		};
		for (const k of TEXTS) body[k] = m[k];
		if (mode === 'edit' && version) body.version = version;
		return body;
	}

	/* ---- reading the form -------------------------------------------------- */

	function val(name) {
		const el = form.elements.namedItem(name);
		if (!el) return '';
		return typeof el.value === 'string' ? el.value : '';
	}

	function rowCount(kind) {
		return form.querySelectorAll(`[data-row="${kind}"]`).length;
	}

	function collect() {
		const m = {
			code: val('code').trim(),
			name: val('name').trim(),
			field: val('field'),
			level: val('level'),
			agency: val('agency'),
			agencies: Array.from(form.querySelectorAll('input[data-also]:checked:not(:disabled)'), (el) => el.value),
			online: val('online') || 'none',
			limit_value: val('time_limit.value').trim(),
			limit_unit: val('time_limit.unit'),
			limit_text: val('time_limit.text').trim(),
			variants: [],
			cutoff: !!(form.elements.namedItem('time_limit.cutoff') || {}).checked,
			legal_basis: val('legal_basis'),
			note: val('note').trim(),
			fees: [],
			documents: [],
			steps: [],
		};
		for (const k of TEXTS) m[k] = val(k).trim();
		for (let i = 0; i < rowCount('variants'); i++) {
			const p = `time_limit.variants[${i}]`;
			m.variants.push({ code: val(p + '.code').trim(), name: val(p + '.name').trim(), value: val(p + '.value').trim(), unit: val(p + '.unit') });
		}
		for (let i = 0; i < rowCount('fees'); i++) {
			m.fees.push({ name: val(`fees[${i}].name`).trim(), amount: val(`fees[${i}].amount`).trim(), note: val(`fees[${i}].note`).trim() });
		}
		form.querySelectorAll('[data-row="documents"]').forEach((row, i) => {
			const mand = form.elements.namedItem(`documents[${i}].mandatory`);
			m.documents.push({
				id: row.dataset.id ? Number(row.dataset.id) : null,
				name: val(`documents[${i}].name`).trim(),
				form: val(`documents[${i}].form`),
				count: val(`documents[${i}].count`).trim(),
				mandatory: !!(mand && mand.checked),
			});
		});
		for (let i = 0; i < rowCount('steps'); i++) {
			const early = form.elements.namedItem(`steps[${i}].may_complete`);
			m.steps.push({ name: val(`steps[${i}].name`).trim(), unit: val(`steps[${i}].unit`), share: val(`steps[${i}].share`).trim(), may_complete: !!(early && early.checked) });
		}
		return m;
	}

	/* Courtesy checks, in the server's words; the server checks again. */
	function validate(m) {
		const errs = [];
		const req = (field) => errs.push({ field, message: t('proc_editor.err_required') });
		if (mode === 'new' && !/^[0-9A-Za-z._-]{1,40}$/.test(m.code)) errs.push({ field: 'code', message: t('proc_editor.err_code') });
		if (!m.name) req('name');
		if (!m.field) errs.push({ field: 'field', message: t('proc_editor.err_field') });
		if (m.variants.length > 10) errs.push({ field: 'time_limit.variants', message: t('proc_editor.err_variants_max') });
		m.variants.forEach((v, i) => {
			if (!/^[a-z0-9_]{1,40}$/.test(v.code)) errs.push({ field: `time_limit.variants[${i}].code`, message: t('proc_editor.err_variant_code') });
			else if (m.variants.findIndex((w) => w.code === v.code) < i) errs.push({ field: `time_limit.variants[${i}].code`, message: t('proc_editor.err_variant_dup') });
			if (!v.name) req(`time_limit.variants[${i}].name`);
		});
		m.fees.forEach((f, i) => !f.name && req(`fees[${i}].name`));
		if (!m.documents.length) errs.push({ field: 'documents', message: t('proc_editor.err_docs') });
		m.documents.forEach((d, i) => !d.name && req(`documents[${i}].name`));
		if (m.documents.length && !m.documents.some((d) => d.mandatory)) errs.push({ field: 'documents', message: t('proc_editor.err_mandatory') });
		if (!m.steps.length) errs.push({ field: 'steps', message: t('proc_editor.err_steps') });
		m.steps.forEach((s, i) => {
			if (!s.name) req(`steps[${i}].name`);
			if (!s.unit) errs.push({ field: `steps[${i}].unit`, message: t('proc_editor.err_unit') });
		});
		return errs;
	}

	/* ---- drawing ----------------------------------------------------------- */

	function required() {
		return [' ', h('span', { class: 'required', 'aria-hidden': 'true' }, '*')];
	}

	/* A labelled control in a .field: input, textarea or select. */
	function field(name, label, control, { hint, req = false, cls = '' } = {}) {
		const id = idOf(name);
		control.id = id;
		control.name = name;
		if (req) control.required = true;
		if (hint) control.setAttribute('aria-describedby', id + '-hint');
		return h(
			'div',
			{ class: 'field ' + cls },
			h('label', { class: 'field__label', for: id }, label, req ? required() : null),
			hint ? h('p', { class: 'field__hint', id: id + '-hint' }, hint) : null,
			control
		);
	}

	/* Every agency that implements the procedure (D29): the own agency
	 * always (checked, not editable), others ticked; each runs the steps
	 * with its own units of the same codes, which the server checks. */
	function alsoAgencies() {
		const all = agencies();
		if (all.length < 2) return null;
		return h(
			'fieldset',
			{ class: 'fieldset field', 'data-field': 'agencies', tabindex: '-1' },
			h('legend', { class: 'fieldset__legend' }, t('proc_editor.agencies')),
			h('p', { class: 'field__hint', id: 'f-agencies-hint' }, t('proc_editor.agencies_hint')),
			...all.map((a) => {
				const id = 'f-also-' + a.code;
				const own = a.code === model.agency;
				return h(
					'div',
					{ class: 'choice' },
					h('input', { type: 'checkbox', id, name: 'also.' + a.code, value: a.code, 'data-also': '', checked: own || model.agencies.includes(a.code), disabled: own, 'aria-describedby': 'f-agencies-hint' }),
					h('label', { for: id }, a.name)
				);
			})
		);
	}

	/* The own agency changed: it is ticked and fixed, the others free. */
	function syncAlso() {
		for (const el of form.querySelectorAll('input[data-also]')) {
			const own = el.value === val('agency');
			if (own) el.checked = true;
			else if (el.disabled) el.checked = false;
			el.disabled = own;
		}
	}

	const input = (value, attrs = {}) => h('input', { class: 'input', type: 'text', autocomplete: 'off', value: value ?? '', ...attrs });
	const textarea = (value, rows = 3, attrs = {}) => {
		const el = h('textarea', { class: 'textarea', rows: String(rows), ...attrs });
		el.value = value ?? '';
		return el;
	};
	const select = (value, options) => {
		const el = h('select', { class: 'select' }, ...options.map(([v, label]) => h('option', { value: v }, label)));
		if (!options.some(([v]) => v === value) && value) el.append(h('option', { value }, value));
		el.value = value ?? '';
		return el;
	};

	function section(id, title, ...children) {
		return h('section', { class: 'ced-section', 'aria-labelledby': id }, h('h2', { id, class: 'ced-section__title' }, title), ...children);
	}

	function render() {
		const isNew = mode === 'new';
		replace(titleEl, t(isNew ? 'proc_editor.title_new' : 'proc_editor.title_edit'));
		titleEl.removeAttribute('data-i18n');
		setPageTitle(isNew ? t('proc_editor.doc_title_new') : `${t('proc_editor.doc_title_edit')}: ${model.name}`);

		const online = h(
			'fieldset',
			{ class: 'fieldset' },
			h('legend', { class: 'fieldset__legend' }, t('proc_editor.online'), required()),
			...ONLINE_LEVELS.map((lv) =>
				h(
					'div',
					{ class: 'choice' },
					h('input', { type: 'radio', id: 'f-online-' + lv, name: 'online', value: lv, checked: model.online === lv }),
					h('label', { for: 'f-online-' + lv }, onlineInfo(lv).text)
				)
			)
		);

		const sameDay = model.limit_unit === 'same_day';
		const limitValue = input(sameDay ? '1' : model.limit_value, { inputmode: 'decimal', class: 'input input--w10', readonly: sameDay });

		form = h(
			'form',
			{ class: 'form ced-form', novalidate: true, 'data-editor-form': '' },
			h('div', { class: 'error-summary', 'data-error-summary': '', hidden: true }),
			isNew ? null : h('p', { class: 'lead ced-name' }, model.name, ' ', h('span', { class: 'mono muted small' }, model.code)),
			!isNew && version ? h('p', { class: 'muted small' }, t('proc_editor.version', { v: version, when: fmtDateTime(updatedAt * 1000) })) : null,
			h('p', { class: 'required-note' }, t('form.required_note')),

			section(
				'ced-general',
				t('proc_editor.s.general'),
				field('code', t('proc_editor.code'), input(model.code, { class: 'input input--w20 input--code', maxlength: '40', spellcheck: 'false', readonly: !isNew }), {
					hint: t('proc_editor.code_hint'),
					req: true,
				}),
				field('name', t('proc_editor.name'), textarea(model.name, 2, { maxlength: '500' }), { req: true }),
				h(
					'div',
					{ class: 'grid grid--2' },
					field('field', t('proc_editor.field'), select(model.field, [['', t('proc_editor.field_choose')], ...fields.map((f) => [f.code, f.name])]), { req: true }),
					field('level', t('proc_editor.level'), select(model.level, [['', t('proc_editor.level_none')], ...LEVELS.map((l) => [l, levelLabel(l)])]))
				),
				field('agency', t('proc_editor.agency'), select(model.agency, agencies().map((a) => [a.code, a.name])), { hint: t('proc_editor.agency_hint'), cls: 'ced-agency' }),
				alsoAgencies(),
				online
			),

			section(
				'ced-time',
				t('proc_editor.s.time'),
				h(
					'div',
					{ class: 'ced-inline' },
					field('time_limit.value', t('proc_editor.limit_value'), limitValue, { hint: t('proc_editor.limit_value_hint'), req: true }),
					field('time_limit.unit', t('proc_editor.limit_unit'), select(model.limit_unit, TIME_UNITS.map((u) => [u, unitLabel(u)])), { req: true })
				),
				field('time_limit.text', t('proc_editor.limit_text'), textarea(model.limit_text, 2), { hint: t('proc_editor.limit_text_hint') }),
				h('h3', { class: 'ced-section__subtitle', id: 'ced-variants' }, t('proc_editor.variants')),
				h('div', { class: 'field' }, h('p', { class: 'field__hint', 'data-field': 'time_limit.variants', tabindex: '-1' }, t('proc_editor.variants_hint'))),
				h('p', { class: 'field__hint', 'data-variants-none': '', hidden: model.variants.length > 0 }, t('proc_editor.variants_none')),
				h('ol', { class: 'rep-list', 'data-rows': 'variants', 'aria-labelledby': 'ced-variants' }),
				addButton('variants', t('proc_editor.variant_add')),
				h(
					'div',
					{ class: 'field', 'data-field': 'time_limit.cutoff', tabindex: '-1' },
					h(
						'div',
						{ class: 'choice mb-0' },
						h('input', { type: 'checkbox', id: idOf('time_limit.cutoff'), name: 'time_limit.cutoff', value: '1', checked: !!model.cutoff, 'aria-describedby': idOf('time_limit.cutoff') + '-hint' }),
						h('label', { for: idOf('time_limit.cutoff') }, t('proc_editor.cutoff'))
					),
					h('p', { class: 'field__hint', id: idOf('time_limit.cutoff') + '-hint' }, t('proc_editor.cutoff_hint'))
				)
			),

			section(
				'ced-fees',
				t('proc_editor.s.fees'),
				h('p', { class: 'field__hint', 'data-fees-none': '', hidden: model.fees.length > 0 }, t('proc_editor.fees_none')),
				h('ol', { class: 'rep-list', 'data-rows': 'fees' }),
				addButton('fees', t('proc_editor.fee_add'))
			),

			section(
				'ced-documents',
				t('proc_editor.s.documents'),
				h('div', { class: 'field' }, h('p', { class: 'field__hint', 'data-field': 'documents', tabindex: '-1' }, t('procedure.doc.intro', { count: model.documents.filter((d) => d.mandatory).length }))),
				h('ol', { class: 'rep-list', 'data-rows': 'documents' }),
				addButton('documents', t('proc_editor.doc_add'))
			),

			section(
				'ced-steps',
				t('proc_editor.s.steps'),
				h('p', { class: 'field__hint', 'data-steps-hint': '' }),
				h('ol', { class: 'rep-list', 'data-rows': 'steps' }),
				h('div', { class: 'field share-sum-wrap' }, h('div', { class: 'share-sum', 'data-field': 'steps', tabindex: '-1', role: 'status', 'data-sum': '' })),
				addButton('steps', t('proc_editor.step_add'))
			),

			section(
				'ced-texts',
				t('proc_editor.s.texts'),
				field('sequence', t('proc_editor.sequence'), textarea(model.sequence, 6), { hint: t('proc_editor.sequence_hint') }),
				field('method', t('proc_editor.method'), textarea(model.method, 3)),
				field('subjects', t('proc_editor.subjects'), textarea(model.subjects, 2)),
				field('result', t('proc_editor.result'), textarea(model.result, 2)),
				field('conditions', t('proc_editor.conditions'), textarea(model.conditions, 3)),
				field('legal_basis', t('proc_editor.legal_basis'), textarea(model.legal_basis, 5), { hint: t('proc_editor.legal_basis_hint') }),
				field('note', t('proc_editor.note'), textarea(model.note, 2))
			),

			h(
				'div',
				{ class: 'btn-group ced-actions' },
				h('button', { type: 'submit', class: 'btn btn--large', 'data-save': '' }, t('proc_editor.save')),
				h('a', { href: '/staff/procedures/' }, t('proc_editor.cancel'))
			)
		);

		replace(root, form, isNew ? null : withdrawSection());
		renderRows('variants');
		renderRows('fees');
		renderRows('documents');
		renderRows('steps');
		updateSum();
		wire();
	}

	function addButton(kind, label) {
		return h('p', {}, h('button', { type: 'button', class: 'btn btn--secondary', 'data-act': 'add', 'data-kind': kind }, h('span', { 'aria-hidden': 'true' }, '+'), label));
	}

	function rowTools(kind, i, n, legend) {
		const btn = (act, label) =>
			h('button', { type: 'button', class: 'btn btn--secondary btn--small', 'data-act': act, 'data-kind': kind, 'data-index': String(i), 'aria-label': `${label}: ${legend}` }, label);
		return h(
			'div',
			{ class: 'rep-row__tools' },
			i > 0 ? btn('up', t('proc_editor.up')) : null,
			i < n - 1 ? btn('down', t('proc_editor.down')) : null,
			btn('remove', t('proc_editor.remove'))
		);
	}

	function renderRows(kind) {
		const list = form.querySelector(`[data-rows="${kind}"]`);
		const rows = model[kind];
		replace(list, ...rows.map((r, i) => row(kind, r, i, rows.length)));
		const none = form.querySelector('[data-fees-none]');
		if (kind === 'fees' && none) none.hidden = rows.length > 0;
		const noVariant = form.querySelector('[data-variants-none]');
		if (kind === 'variants' && noVariant) noVariant.hidden = rows.length > 0;
		const hint = form.querySelector('[data-steps-hint]');
		if (kind === 'steps' && hint) {
			hint.textContent = t('proc_editor.steps_hint') + (model.limit_unit === 'same_day' ? ' ' + t('proc_editor.step_share_hint_same_day') + '.' : '');
		}
	}

	function row(kind, r, i, n) {
		const p = (k) => `${kind === 'variants' ? 'time_limit.variants' : kind}[${i}].${k}`;
		let legend, body;
		if (kind === 'variants') {
			legend = t('proc_editor.variant_n', { n: i + 1 });
			const same = r.unit === 'same_day';
			body = [
				field(p('name'), t('proc_editor.variant_name'), input(r.name, { maxlength: '200' }), { hint: t('proc_editor.variant_name_hint'), req: true, cls: 'rep-row__wide' }),
				field(p('code'), t('proc_editor.variant_code'), input(r.code, { maxlength: '40', spellcheck: 'false', class: 'input input--w20 input--code' }), { hint: t('proc_editor.variant_code_hint'), req: true }),
				field(p('value'), t('proc_editor.limit_value'), input(same ? '1' : r.value, { inputmode: 'decimal', class: 'input input--w10', readonly: same }), { req: true }),
				field(p('unit'), t('proc_editor.limit_unit'), select(r.unit, TIME_UNITS.map((u) => [u, unitLabel(u)])), { req: true }),
			];
		} else if (kind === 'fees') {
			legend = t('proc_editor.fee_n', { n: i + 1 });
			body = [
				field(p('name'), t('proc_editor.fee_name'), input(r.name, { maxlength: '500' }), { req: true, cls: 'rep-row__wide' }),
				field(p('amount'), t('proc_editor.fee_amount'), input(r.amount, { inputmode: 'numeric', class: 'input input--w12' }), { hint: t('proc_editor.fee_amount_hint'), req: true }),
				field(p('note'), t('proc_editor.fee_note'), input(r.note, { maxlength: '2000' }), { cls: 'rep-row__wide' }),
			];
		} else if (kind === 'documents') {
			legend = t('proc_editor.doc_n', { n: i + 1 });
			const mandId = idOf(p('mandatory'));
			body = [
				field(p('name'), t('proc_editor.doc_name'), textarea(r.name, 2, { maxlength: '1000' }), { req: true, cls: 'rep-row__wide' }),
				field(p('form'), t('proc_editor.doc_form'), select(r.form, DOC_FORMS.map((f) => [f, docFormLabel(f)]))),
				field(p('count'), t('proc_editor.doc_count'), input(r.count, { inputmode: 'numeric', class: 'input input--w4' }), { req: true }),
				h(
					'div',
					{ class: 'field rep-row__check' },
					h('div', { class: 'choice mb-0' }, h('input', { type: 'checkbox', id: mandId, name: p('mandatory'), value: '1', checked: r.mandatory }), h('label', { for: mandId }, t('proc_editor.doc_mandatory')))
				),
				h('p', { class: 'rep-row__meta muted small' }, r.id ? t('proc_editor.doc_id', { id: r.id }) : t('proc_editor.doc_new')),
			];
		} else {
			legend = t('proc_editor.step_n', { n: i + 1 });
			const unit = model.limit_unit;
			const ag = model.agency;
			const opts = units.filter((u) => !ag || (u.agency && u.agency.code === ag)).map((u) => [u.code, u.name]);
			body = [
				field(p('name'), t('proc_editor.step_name'), input(r.name, { maxlength: '500' }), { req: true, cls: 'rep-row__wide' }),
				field(p('unit'), t('proc_editor.step_unit'), select(r.unit, [['', t('proc_editor.step_unit_choose')], ...opts]), { req: true, cls: 'rep-row__unit' }),
				field(
					p('share'),
					unit === 'same_day' ? t('proc_editor.step_share_same_day') : t('proc_editor.step_share', { unit: unitLabel(unit) }),
					input(r.share, { inputmode: 'decimal', class: 'input input--w10', 'data-share': '' }),
					{ req: true }
				),
			];
			// the last step returns the result at the counter: it issues nothing
			if (i < n - 1) {
				const earlyId = idOf(p('may_complete'));
				body.push(
					h(
						'div',
						{ class: 'field rep-row__check', 'data-field': p('may_complete'), tabindex: '-1' },
						h('div', { class: 'choice mb-0' }, h('input', { type: 'checkbox', id: earlyId, name: p('may_complete'), value: '1', checked: !!r.may_complete }), h('label', { for: earlyId }, t('proc_editor.step_may_complete'))),
						h('p', { class: 'field__hint' }, t('proc_editor.step_may_complete_hint'))
					)
				);
			}
		}
		return h(
			'li',
			{ class: 'rep-list__item' },
			h(
				'fieldset',
				{ class: 'rep-row rep-row--' + kind, 'data-row': kind, 'data-index': String(i), 'data-id': r.id ? String(r.id) : null },
				h('legend', { class: 'rep-row__legend' }, legend),
				h('div', { class: 'rep-row__fields' }, ...body),
				rowTools(kind, i, n, legend)
			)
		);
	}

	/* The steps' times against the limit, as the person types. */
	function updateSum() {
		const box = form.querySelector('[data-sum]');
		if (!box) return;
		const unit = val('time_limit.unit');
		const limit = unit === 'same_day' ? 1 : parseDecimal(val('time_limit.value'));
		const shares = Array.from(form.querySelectorAll('[data-share]'), (el) => parseDecimal(el.value));
		const bad = shares.some((x) => !Number.isFinite(x) || x <= 0);
		const sum = shares.filter((x) => Number.isFinite(x)).reduce((a, b) => a + b, 0);
		const fmt = (v) => (unit === 'same_day' ? t('catalogue.step_day_fraction', { n: fmtDecimal(v) }) : fmtTimeLimit({ value: Math.round(v * 1e6) / 1e6, unit }));
		const text = t('proc_editor.sum', { sum: fmt(sum), limit: Number.isFinite(limit) ? fmt(limit) : '—' });
		let b;
		if (bad || !shares.length) b = badge('late', t('proc_editor.sum_unknown'));
		else if (!Number.isFinite(limit)) b = null;
		else if (Math.abs(limit - sum) < EPS) b = badge('ok', t('proc_editor.sum_ok'));
		else if (sum < limit) b = badge('late', t('proc_editor.sum_short', { diff: fmt(limit - sum) }));
		else b = badge('late', t('proc_editor.sum_over', { diff: fmt(sum - limit) }));
		replace(box, h('span', {}, text), ' ', b);
		box.classList.toggle('share-sum--ok', !!b && b.classList.contains('badge--ok'));
	}

	/* ---- events ------------------------------------------------------------ */

	function wire() {
		form.addEventListener('input', (ev) => {
			dirty = true;
			const n = ev.target.name || '';
			if (n === 'time_limit.value' || ev.target.hasAttribute('data-share')) updateSum();
			if (/^documents\[\d+\]\.mandatory$/.test(n)) {
				const hint = form.querySelector('[data-field="documents"]');
				if (hint) hint.textContent = t('procedure.doc.intro', { count: form.querySelectorAll('[name$=".mandatory"]:checked').length });
			}
		});
		form.addEventListener('change', (ev) => {
			const n = ev.target.name;
			const vu = /^time_limit\.variants\[(\d+)\]\.unit$/.exec(n || '');
			if (vu) {
				const v = form.elements.namedItem(`time_limit.variants[${vu[1]}].value`);
				const same = ev.target.value === 'same_day';
				if (v) {
					v.readOnly = same;
					if (same) v.value = '1';
				}
			}
			if (n === 'agency') syncAlso();
			if (n === 'time_limit.unit' || n === 'agency') {
				model = collect();
				if (n === 'time_limit.unit') {
					const v = form.elements.namedItem('time_limit.value');
					const same = model.limit_unit === 'same_day';
					v.readOnly = same;
					if (same) v.value = '1';
				}
				renderRows('steps');
				updateSum();
			}
		});
		form.addEventListener('click', (ev) => {
			const b = ev.target.closest('[data-act]');
			if (!b) return;
			rowAction(b.dataset.act, b.dataset.kind, Number(b.dataset.index));
		});
		form.addEventListener('submit', (ev) => {
			ev.preventDefault();
			save();
		});
	}

	function blankRow(kind) {
		if (kind === 'variants') return { code: '', name: '', value: '', unit: 'working_days' };
		if (kind === 'fees') return { name: '', amount: '0', note: '' };
		if (kind === 'documents') return { id: null, name: '', form: 'original', count: '1', mandatory: true };
		return { name: '', unit: '', share: '', may_complete: false };
	}

	function rowAction(act, kind, i) {
		model = collect();
		const rows = model[kind];
		let focusIndex = i;
		let focusAct = act;
		if (act === 'add') {
			rows.push(blankRow(kind));
			focusIndex = rows.length - 1;
			focusAct = null;
		} else if (act === 'remove') {
			rows.splice(i, 1);
			focusIndex = Math.min(i, rows.length - 1);
			focusAct = null;
		} else if (act === 'up' && i > 0) {
			[rows[i - 1], rows[i]] = [rows[i], rows[i - 1]];
			focusIndex = i - 1;
		} else if (act === 'down' && i < rows.length - 1) {
			[rows[i + 1], rows[i]] = [rows[i], rows[i + 1]];
			focusIndex = i + 1;
		}
		dirty = true;
		clearErrors(form);
		renderRows(kind);
		updateSum();
		/* keep the keyboard where it was: the same button on the moved row,
		 * the first box of a new row, or the add button when none is left */
		let target = null;
		const rowEl = form.querySelector(`[data-row="${kind}"][data-index="${focusIndex}"]`);
		if (rowEl && focusAct) {
			target = rowEl.querySelector(`[data-act="${focusAct}"]`) || rowEl.querySelector('[data-act="up"], [data-act="down"]');
		}
		if (!target && rowEl) target = rowEl.querySelector('input, textarea, select');
		if (!target) target = form.querySelector(`[data-act="add"][data-kind="${kind}"]`);
		if (target) target.focus();
	}

	/* ---- saving ------------------------------------------------------------ */

	/* Server fields that have no control of their own. */
	function mapField(f) {
		if (f === 'time_limit') return 'time_limit.value';
		/* agencies[i]: the i-th code sent (the own agency first) */
		const ai = /^agencies\[(\d+)\]$/.exec(f || '');
		if (ai) {
			const sent = toApi(collect()).agencies || [];
			return sent[ai[1]] ? 'also.' + sent[ai[1]] : 'agencies';
		}
		if (f === 'procedure' || f === 'version') return '';
		return f;
	}

	async function save() {
		const btn = form.querySelector('[data-save]');
		clearErrors(form);
		clearPageNotice();
		const m = collect();
		const errs = validate(m);
		if (errs.length) {
			showErrors(form, errs);
			return;
		}
		btn.disabled = true;
		btn.textContent = t('proc_editor.saving');
		try {
			if (mode === 'new') {
				const exists = await api('GET', `procedures/${encodeURIComponent(m.code)}`).then(
					() => true,
					(e) => {
						if (e instanceof ApiError && e.status === 404) return false;
						throw e;
					}
				);
				if (exists) {
					showErrors(form, [{ field: 'code', message: t('proc_editor.err_code_exists') }]);
					return;
				}
			}
			const saved = await api('PUT', `procedures/${encodeURIComponent(m.code)}`, toApi(m));
			const wasNew = mode === 'new';
			mode = 'edit';
			take(saved);
			dirty = false;
			if (wasNew) history.replaceState(null, '', '/staff/procedures/?edit=' + encodeURIComponent(saved.code));
			render();
			const box = pageNotice(
				'success',
				t(wasNew ? 'proc_editor.created_title' : 'proc_editor.saved_title'),
				t('proc_editor.saved_text')
			);
			box.append(h('p', {}, h('a', { href: procedureHref(saved.code) }, t('proc_editor.view_public'))));
			box.focus();
			box.scrollIntoView({ block: 'start' });
		} catch (e) {
			if (handled(e)) return;
			if (e instanceof ApiError && e.status === 409) {
				conflict();
			} else if (e instanceof ApiError && (e.status === 400 || e.status === 404 || e.status === 422)) {
				showErrors(form, errorsFromApi(e).map((x) => ({ ...x, field: mapField(x.field) })));
			} else {
				pageNotice('error', t('proc_editor.save_failed'), e.message);
			}
		} finally {
			const b = form.querySelector('[data-save]');
			if (b) {
				b.disabled = false;
				b.textContent = t('proc_editor.save');
			}
		}
	}

	/* Someone else saved: say so plainly and offer the latest version. */
	function conflict() {
		const region = document.querySelector('[data-page-notice]');
		const box = notice(
			'error',
			t('proc_editor.conflict_title'),
			t('proc_editor.conflict_text'),
			h('p', {}, h('button', { type: 'button', class: 'btn btn--secondary', 'data-reload': '', onclick: reload }, t('proc_editor.reload')))
		);
		box.setAttribute('tabindex', '-1');
		replace(region, box);
		box.focus();
		box.scrollIntoView({ block: 'start' });
	}

	async function reload() {
		try {
			const p = await api('GET', `procedures/${encodeURIComponent(model.code)}`);
			take(p);
			dirty = false;
			clearPageNotice();
			render();
		} catch (e) {
			if (!handled(e)) pageNotice('error', t('proc_editor.load_failed'), e.message, reload);
		}
	}

	/* ---- withdrawing ------------------------------------------------------- */

	function withdrawSection() {
		const confirmBox = h(
			'div',
			{ class: 'notice notice--warning', hidden: true, 'data-withdraw-confirm': '' },
			h('p', { class: 'notice__title', tabindex: '-1' }, t('proc_editor.withdraw_confirm_title', { name: model.name })),
			h(
				'div',
				{ class: 'btn-group mb-0' },
				h('button', { type: 'button', class: 'btn btn--warning', onclick: withdraw }, t('proc_editor.withdraw_confirm')),
				h(
					'button',
					{
						type: 'button',
						class: 'btn btn--secondary',
						onclick: () => {
							confirmBox.hidden = true;
							openBtn.hidden = false;
							openBtn.focus();
						},
					},
					t('proc_editor.withdraw_cancel')
				)
			)
		);
		const openBtn = h(
			'button',
			{
				type: 'button',
				class: 'btn btn--warning',
				onclick: () => {
					openBtn.hidden = true;
					confirmBox.hidden = false;
					confirmBox.querySelector('.notice__title').focus();
				},
			},
			t('proc_editor.withdraw')
		);
		return h(
			'section',
			{ class: 'ced-danger', 'aria-labelledby': 'ced-withdraw-title' },
			h('h2', { id: 'ced-withdraw-title', class: 'mt-0' }, t('proc_editor.withdraw_title')),
			h('p', {}, t('proc_editor.withdraw_text')),
			h('p', { class: 'mb-0' }, openBtn),
			confirmBox
		);
	}

	async function withdraw(ev) {
		const btn = ev.currentTarget;
		btn.disabled = true;
		try {
			await api('DELETE', `procedures/${encodeURIComponent(model.code)}`);
			dirty = false;
			location.assign('/staff/procedures/?withdrawn=' + encodeURIComponent(model.code));
		} catch (e) {
			btn.disabled = false;
			if (!handled(e)) pageNotice('error', t('proc_editor.withdraw_failed'), e.message);
		}
	}

	/* ---- start (after every declaration above) ---------------------------- */

	async function boot() {
		replace(root, h('p', { class: 'loading' }, t('common.loading')));
		try {
			const [f, u, p] = await Promise.all([
				api('GET', 'fields'),
				api('GET', 'units'),
				code ? api('GET', `procedures/${encodeURIComponent(code)}`) : Promise.resolve(null),
			]);
			fields = (f && f.items) || [];
			units = (u && u.items) || [];
			if (p) take(p);
			else model = blank();
		} catch (e) {
			if (handled(e)) return;
			if (e instanceof ApiError && e.status === 404) {
				replace(
					root,
					notice('warning', t('proc_editor.load_failed'), t('proc_editor.notfound', { code })),
					h('p', {}, h('a', { href: '/staff/procedures/' }, t('proc_editor.cancel')))
				);
				return;
			}
			replace(root);
			pageNotice('error', t('proc_editor.load_failed'), e.message, () => location.reload());
			return;
		}
		render();
		document.addEventListener('motcua:langchange', () => {
			if (form) model = collect();
			render();
		});
	}

	return boot();
}
