/*
 * submit/page.js — online submission (/submit/?procedure=CODE), for a
 * citizen on a phone, without an account.
 *
 * One HTML page, one thing per screen: choose a procedure (when none is
 * given) → start (what to prepare) → 1 applicant → 2 documents (a file
 * picker per document) → 3 how to receive the result → 4 check your
 * answers → sent (the dossier code). Each screen is a <section
 * data-step>; the URL hash names the one shown (#applicant, #documents,
 * #return, #check, #done), so the phone's back button goes back a screen.
 * A screen can only be reached once the ones before it were filled in.
 *
 * Everything typed and every file stays in this page's memory only
 * (nothing personal is stored in the browser); leaving the page asks first.
 * Files are checked here (type by their first bytes, 5 MB each, 10 files,
 * 15 MB in all — the server takes a 24 MiB body, base64 adds a third);
 * large photos are shrunk to JPEG. They are read with FileReader and sent
 * base64 inside the JSON, with upload progress (apiUpload).
 *
 * API: GET /api/v1/procedures?q=&limit=, GET /api/v1/procedures/{code},
 * POST /api/v1/public/submissions → 201 {code, status, submitted_at};
 * 422 {field} is drawn beside the field on its own screen, 413 on the
 * documents screen, 429 says how long to wait; network errors keep it all.
 */
import { start, pageNotice, clearPageNotice, setPageTitle, t } from '/js/layout.js';
import { api, apiUpload, ApiError } from '/js/api.js';
import { showErrors, clearErrors, formValues, focusField } from '/js/forms.js';
import { fmtDateTime, fmtDuration, fmtBytes } from '/js/format.js';
import { $, h, replace, badge, icon } from '/js/dom.js';
import { fmtTimeLimit, fmtFee, docFormLabel, canSubmitOnline, onlineInfo, procedureHref, submitHref } from '/js/catalogue.js';

const MB = 1024 * 1024;
const FILE_MAX = 5 * MB;          /* DOSSIER_FILE_MAX on the server */
const FILES_MAX = 10;             /* DOSSIER_MAX_FILES */
const TOTAL_MAX = 15 * MB;        /* keeps the base64 JSON under the 24 MiB body limit */
const SHRINK_OVER = 1.5 * MB;     /* photos larger than this are made smaller */
const SHRINK_SIDE = 2400;         /* longest side in pixels (A4 at about 200 dpi) */
const ACCEPT = 'application/pdf,image/jpeg,image/png';

const STEPS = ['applicant', 'documents', 'return', 'check'];
const ORDER = ['start', ...STEPS, 'done'];
const TITLES = {
	start: null,
	applicant: 'submit.ap.title',
	documents: 'submit.docs.title',
	return: 'submit.ret.title',
	check: 'submit.chk.title',
	done: 'submit.done.title',
};

await start({ strings: ['citizen'] });

const sections = Object.fromEntries([...document.querySelectorAll('[data-step]')].map((s) => [s.dataset.step, s]));
const forms = Object.fromEntries([...document.querySelectorAll('form[data-form]')].map((f) => [f.dataset.form, f]));

const state = {
	proc: null,          /* the procedure's detail */
	reached: 'applicant', /* furthest screen the person may open */
	shown: null,         /* screen on display */
	files: new Map(),    /* document id → [{key, blob, name, size, shrunkFrom}] */
	sent: null,          /* {code, submitted_at} once sent */
	sending: false,
	pending: null,       /* {step, errors} to draw when that screen shows */
	focusField: null,    /* a control to focus when the screen shows (change links) */
	dirty: false,
	chooseData: null,
};
let fileSeq = 0;

/* ---- helpers ---------------------------------------------------------------- */

function shortName(s, max = 70) {
	const x = String(s || '');
	return x.length > max ? x.slice(0, max - 1).trimEnd() + '…' : x;
}

function docById(id) {
	return (state.proc.documents || []).find((d) => String(d.id) === String(id));
}

function needsFile(doc) {
	return doc.mandatory && doc.form !== 'presented';
}

function filesOf(id) {
	return state.files.get(String(id)) || [];
}

function allFiles() {
	const out = [];
	for (const d of state.proc.documents || []) for (const f of filesOf(d.id)) out.push({ doc: d, file: f });
	return out;
}

/* What the first bytes say the file is (as the server checks it). */
async function sniff(blob) {
	const b = new Uint8Array(await blob.slice(0, 8).arrayBuffer());
	if (b.length >= 5 && String.fromCharCode(...b.slice(0, 5)) === '%PDF-') return 'application/pdf';
	if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
	if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
	return null;
}

/* A large photo redrawn smaller as JPEG; null when that does not help. */
async function shrink(blob) {
	if (typeof createImageBitmap !== 'function') return null;
	try {
		const bmp = await createImageBitmap(blob);
		const scale = Math.min(1, SHRINK_SIDE / Math.max(bmp.width, bmp.height));
		const w = Math.max(1, Math.round(bmp.width * scale));
		const ht = Math.max(1, Math.round(bmp.height * scale));
		const canvas = document.createElement('canvas');
		canvas.width = w;
		canvas.height = ht;
		const ctx = canvas.getContext('2d');
		ctx.fillStyle = '#fff';
		ctx.fillRect(0, 0, w, ht);
		ctx.drawImage(bmp, 0, 0, w, ht);
		if (bmp.close) bmp.close();
		const out = await new Promise((r) => canvas.toBlob(r, 'image/jpeg', 0.85));
		return out && out.size < blob.size ? out : null;
	} catch {
		return null;
	}
}

function readBase64(blob) {
	return new Promise((resolve, reject) => {
		const r = new FileReader();
		r.onload = () => {
			const s = String(r.result || '');
			resolve(s.slice(s.indexOf(',') + 1));
		};
		r.onerror = () => reject(r.error || new Error('read'));
		r.readAsDataURL(blob);
	});
}

/* ---- screens and the URL hash ------------------------------------------------ */

function allowed(step) {
	return ORDER.indexOf(step) <= ORDER.indexOf(state.reached);
}

function go(step) {
	if (ORDER.indexOf(step) > ORDER.indexOf(state.reached)) state.reached = step;
	if (location.hash === '#' + step) route();
	else location.hash = step;
}

function route() {
	if (!state.proc) return;
	let want = location.hash.slice(1) || 'start';
	if (state.sent) want = 'done';
	else if (!ORDER.includes(want) || want === 'done') want = 'start';
	if (!allowed(want)) want = 'start'; /* a reload loses what was typed: start again */
	const hash = want === 'start' ? '' : '#' + want;
	if (location.hash !== hash && !(hash === '' && location.hash === '#start')) {
		history.replaceState(history.state, '', location.pathname + location.search + hash);
	}
	show(want);
}

function show(step) {
	const first = state.shown === null;
	const changed = state.shown !== step;
	for (const f of Object.values(forms)) clearErrors(f);
	if (changed) clearPageNotice();
	for (const [name, sec] of Object.entries(sections)) sec.hidden = name !== step;
	state.shown = step;
	render(step);
	const key = TITLES[step];
	setPageTitle(step === 'start' ? state.proc.name + ' — ' + t('submit.title') : t(key) + ' — ' + t('submit.title'));
	if (state.pending && state.pending.step === step) {
		const { errors } = state.pending;
		state.pending = null;
		showErrors(forms[step], errors);
		return;
	}
	if (state.focusField) {
		const ctl = forms[step] && forms[step].querySelector(`[name="${CSS.escape(state.focusField)}"]`);
		state.focusField = null;
		if (ctl) {
			focusField(ctl);
			return;
		}
	}
	if (!first && changed) {
		const title = sections[step].querySelector('h1');
		window.scrollTo(0, 0);
		if (title) title.focus({ preventScroll: true });
	}
}

function render(step) {
	for (const el of document.querySelectorAll('[data-proc-short]')) el.textContent = state.proc ? shortName(state.proc.name, 90) : '';
	for (const el of document.querySelectorAll('[data-step-of]')) el.textContent = t('submit.step_of', { n: el.dataset.stepOf, total: 4 });
	if (step === 'start') renderStart();
	else if (step === 'applicant') syncKind();
	else if (step === 'documents') renderDocs();
	else if (step === 'check') renderCheck();
	else if (step === 'done') renderDone();
}

window.addEventListener('hashchange', route);

/* ---- choose a procedure ------------------------------------------------------ */

const chooseForm = forms.choose || $('[data-choose-form]');
const chooseCount = $('[data-choose-count]');
const chooseList = $('[data-choose-list]');
const chooseEmpty = $('[data-choose-empty]');

let chooseSeq = 0; /* only the latest search may fill the list */

async function loadChoose(q) {
	const seq = ++chooseSeq;
	for (const [name, sec] of Object.entries(sections)) sec.hidden = name !== 'choose';
	state.shown = 'choose';
	setPageTitle(null);
	chooseForm.querySelector('[name="q"]').value = q;
	replace(chooseCount, h('span', { class: 'loading' }, t('submit.loading_procs')));
	try {
		const data = await api('GET', 'procedures', undefined, { query: { q, limit: 200 } });
		if (seq !== chooseSeq) return; /* an earlier search answering late */
		state.chooseData = { q, items: (data.items || []).filter((p) => canSubmitOnline(p.online)) };
		renderChoose();
	} catch (e) {
		if (seq !== chooseSeq) return;
		replace(chooseCount);
		pageNotice('error', t('submit.procs_failed'), e.message, () => loadChoose(q));
	}
}

function renderChoose() {
	if (!state.chooseData) return;
	const { q, items } = state.chooseData;
	chooseCount.textContent = q ? t('submit.found_q', { count: items.length, q }) : t('submit.found', { count: items.length });
	replace(
		chooseList,
		...items.map((p) => {
			const online = onlineInfo(p.online);
			return h(
				'li',
				{ class: 'proc-item' },
				h('h3', { class: 'proc-item__title' }, h('a', { href: submitHref(p.code) }, p.name)),
				h(
					'dl',
					{ class: 'proc-item__meta' },
					h('div', {}, h('dt', {}, t('proc_search.field')), h('dd', {}, (p.field && p.field.name) || '')),
					h('div', {}, h('dt', {}, t('proc_search.time_limit')), h('dd', {}, icon('clock', 'proc-item__icon'), fmtTimeLimit(p.time_limit)))
				),
				h('p', { class: 'proc-item__foot' }, badge(online.kind, online.text))
			);
		})
	);
	replace(
		chooseEmpty,
		items.length
			? null
			: h(
				'div',
				{ class: 'empty-state' },
				h('p', {}, t('submit.none_found', { q })),
				h('p', {}, t('submit.none_hint')),
				h('p', { class: 'mb-0' }, h('a', { href: '/submit/' }, t('submit.show_all')), ' · ', h('a', { href: '/procedures/' }, t('submit.all_procedures')))
			)
	);
}

chooseForm.addEventListener('submit', (ev) => {
	ev.preventDefault();
	const q = chooseForm.querySelector('[name="q"]').value.trim().slice(0, 200);
	history.replaceState(null, '', '/submit/' + (q ? '?q=' + encodeURIComponent(q) : ''));
	clearPageNotice();
	loadChoose(q).then(() => chooseCount.focus());
});

/* ---- the procedure and the start screen -------------------------------------- */

async function loadProcedure(code) {
	for (const [name, sec] of Object.entries(sections)) sec.hidden = name !== 'loading';
	try {
		const p = await api('GET', 'procedures/' + encodeURIComponent(code));
		if (!canSubmitOnline(p.online)) {
			await loadChoose('');
			pageNotice('warning', t('submit.not_online_title'), t('submit.not_online', { name: p.name }));
			$('[data-page-notice] .notice').append(h('p', {}, h('a', { href: procedureHref(p.code) }, t('submit.see_procedure'))));
			return;
		}
		state.proc = p;
		route();
	} catch (e) {
		if (e instanceof ApiError && e.status === 404) {
			await loadChoose('');
			pageNotice('warning', t('submit.proc_notfound_title'), t('submit.proc_notfound', { code }));
		} else {
			sections.loading.hidden = true;
			pageNotice('error', t('submit.proc_failed'), e.message, () => {
				clearPageNotice();
				loadProcedure(code);
			});
		}
	}
}

function renderStart() {
	const p = state.proc;
	$('[data-proc-name]').textContent = p.name;
	const fees = (p.fees || []).length
		? h('ul', { class: 'mb-0 plain-list' }, ...p.fees.map((f) => h('li', {}, f.name + ': ', h('strong', {}, fmtFee(f.amount)))))
		: t('submit.no_fees');
	const row = (dt, ...dd) => h('div', { class: 'summary-list__row' }, h('dt', {}, dt), h('dd', {}, ...dd));
	replace(
		$('[data-start-facts]'),
		row(t('submit.time_limit'), fmtTimeLimit(p.time_limit), h('span', { class: 'muted' }, ' (' + t('submit.limit_note') + ')')),
		row(t('submit.fees'), fees),
		p.result ? row(t('submit.result'), p.result) : null
	);
	replace(
		$('[data-start-docs]'),
		...(p.documents || []).map((d) =>
			h('li', {}, d.name, ' ', badge(d.mandatory ? 'info' : 'neutral', d.mandatory ? t('submit.doc_required') : t('submit.doc_optional')))
		)
	);
}

/* ---- 1. applicant --------------------------------------------------------------- */

const apForm = forms.applicant;

function syncKind() {
	const org = apForm.querySelector('[name="applicant.kind"]:checked')?.value === 'organization';
	$('[data-org-fields]').hidden = !org;
	$('[data-person-required]').hidden = org;
	const id = apForm.querySelector('[name="applicant.id_number"]');
	id.required = !org;
}
for (const r of apForm.querySelectorAll('[name="applicant.kind"]')) r.addEventListener('change', syncKind);

function applicantValues() {
	const v = formValues(apForm);
	const kind = v['applicant.kind'] || '';
	const org = kind === 'organization';
	const a = {
		kind,
		name: v['applicant.name'] || '',
		id_number: (v['applicant.id_number'] || '').replace(/[\s.]/g, ''),
		phone: v['applicant.phone'] || '',
		email: v['applicant.email'] || '',
		address: (v['applicant.address'] || '').replace(/\s*\n\s*/g, ', '),
	};
	if (org) {
		a.org_name = v['applicant.org_name'] || '';
		a.tax_code = (v['applicant.tax_code'] || '').replace(/\s/g, '');
	}
	return a;
}

/* The page's courtesy checks, with the server's own words; the server decides. */
function applicantErrors() {
	const a = applicantValues();
	const e = [];
	const add = (field, key) => e.push({ field: 'applicant.' + field, message: t(key) });
	if (!a.kind) add('kind', 'submit.err.kind');
	if (a.kind === 'organization') {
		if (!a.org_name) add('org_name', 'submit.err.org_name');
		if (!a.tax_code) add('tax_code', 'submit.err.tax');
		else if (!/^(\d{10}(-\d{3})?|\d{12})$/.test(a.tax_code)) add('tax_code', 'submit.err.tax_format');
	}
	if (!a.name) add('name', 'submit.err.name');
	if (!a.id_number) {
		if (a.kind !== 'organization') add('id_number', 'submit.err.id');
	} else if (/\D/.test(a.id_number)) add('id_number', 'submit.err.id_digits');
	else if (a.id_number.length !== 12) add('id_number', 'submit.err.id_length');
	if (!a.phone) add('phone', 'submit.err.phone');
	else if (/[^\d+\s.\-()]/.test(a.phone)) add('phone', 'submit.err.phone_chars');
	else {
		const d = a.phone.replace(/\D/g, '');
		const intl = a.phone.trim().startsWith('+') || d.startsWith('00') || (d.startsWith('84') && d.length >= 11);
		if (!intl && (d.length !== 10 || d[0] !== '0')) add('phone', 'submit.err.phone_length');
	}
	if (a.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(a.email)) add('email', 'submit.err.email');
	if (!a.address) add('address', 'submit.err.address');
	return e;
}

/* After "check your answers" was seen, Continue goes back there. */
function next(step) {
	const i = STEPS.indexOf(step);
	return state.reached === 'check' ? 'check' : STEPS[i + 1];
}

apForm.addEventListener('submit', (ev) => {
	ev.preventDefault();
	const errors = applicantErrors();
	if (errors.length) return showErrors(apForm, errors);
	clearErrors(apForm);
	go(next('applicant'));
});

/* ---- 2. documents --------------------------------------------------------------- */

const docForm = forms.documents;
const docList = $('[data-doc-list]');
const totalEl = $('[data-files-total]');

function renderDocs() {
	const docs = state.proc.documents || [];
	const open = document.activeElement && document.activeElement.id;
	replace(docList, ...docs.map((d, i) => docBlock(d, i + 1)));
	updateTotal();
	if (open && document.getElementById(open) && docForm.contains(document.getElementById(open))) document.getElementById(open).focus();
}

function docBlock(d, n) {
	const id = 'f-doc-' + d.id;
	const files = filesOf(d.id);
	const need = d.mandatory ? t('submit.doc_required') : t('submit.doc_optional');
	const input = h('input', {
		type: 'file',
		class: 'file-pick__input',
		id,
		name: 'doc.' + d.id,
		accept: ACCEPT,
		multiple: true,
		'aria-describedby': `doc-${d.id}-title doc-${d.id}-hint`,
		onchange: (ev) => addFiles(d, ev.target),
	});
	return h(
		'div',
		{ class: 'field doc-upload' + (d.mandatory ? ' doc-upload--required' : ''), 'data-doc': d.id },
		h(
			'h2',
			{ class: 'doc-upload__title', id: `doc-${d.id}-title` },
			h('span', { class: 'doc-upload__n' }, n + '. '),
			d.name,
			needsFile(d) ? [' ', h('span', { class: 'required', 'aria-hidden': 'true' }, '*')] : null
		),
		h(
			'p',
			{ class: 'field__hint', id: `doc-${d.id}-hint` },
			t('submit.doc.meta', { form: docFormLabel(d.form), need }),
			d.form === 'presented' ? [h('br'), t('submit.doc.presented')] : null
		),
		files.length
			? h(
				'ul',
				{ class: 'file-list', 'aria-label': t('submit.doc.files_label') },
				...files.map((f) =>
					h(
						'li',
						{ class: 'file-list__item' },
						h(
							'span',
							{ class: 'file-list__name' },
							icon('doc-search', 'file-list__icon'),
							h('span', {}, f.name),
							h('span', { class: 'file-list__size' }, fmtBytes(f.size), f.shrunkFrom ? ' (' + t('submit.doc.shrunk', { size: fmtBytes(f.shrunkFrom) }) + ')' : '')
						),
						h(
							'button',
							{
								type: 'button',
								class: 'btn btn--link file-list__remove',
								'aria-label': t('submit.doc.remove_label', { file: f.name }),
								onclick: () => removeFile(d, f),
							},
							t('submit.doc.remove')
						)
					)
				)
			)
			: null,
		h(
			'div',
			{ class: 'file-pick' },
			input,
			h('label', { class: 'btn btn--secondary file-pick__label', for: id }, icon('upload', 'btn__icon'), files.length ? t('submit.doc.add_more') : t('submit.doc.choose'))
		)
	);
}

function updateTotal(message) {
	const all = allFiles();
	const size = all.reduce((s, x) => s + x.file.size, 0);
	const total = all.length ? t('submit.doc.total', { count: all.length, size: fmtBytes(size) }) : t('submit.doc.none');
	totalEl.textContent = message ? message + ' ' + total : total;
}

async function addFiles(doc, input) {
	const picked = [...(input.files || [])];
	input.value = '';
	if (!picked.length) return;
	state.dirty = true;
	const errors = [];
	const field = 'doc.' + doc.id;
	const list = filesOf(doc.id).slice();
	let count = allFiles().length;
	let size = allFiles().reduce((s, x) => s + x.file.size, 0);
	let added = 0;
	totalEl.textContent = t('submit.doc.checking');
	for (const file of picked) {
		const name = file.name.length > 200 ? file.name.slice(0, 190) + file.name.slice(file.name.lastIndexOf('.')) : file.name;
		if (count >= FILES_MAX) {
			errors.push({ field, message: t('submit.err.file_count', { max: FILES_MAX }) });
			break;
		}
		if (file.size === 0) {
			errors.push({ field, message: t('submit.err.file_empty', { file: name }) });
			continue;
		}
		let type;
		try {
			type = await sniff(file);
		} catch {
			errors.push({ field, message: t('submit.err.file_read', { file: name }) });
			continue;
		}
		if (!type) {
			errors.push({ field, message: t('submit.err.file_type', { file: name }) });
			continue;
		}
		let blob = file;
		let entryName = name;
		let shrunkFrom = 0;
		if (type !== 'application/pdf' && file.size > SHRINK_OVER) {
			const small = await shrink(file);
			if (small) {
				blob = small;
				shrunkFrom = file.size;
				entryName = name.replace(/\.[^.]*$/, '') + '.jpg';
			}
		}
		if (blob.size > FILE_MAX) {
			errors.push({ field, message: t('submit.err.file_big', { file: name }) });
			continue;
		}
		if (size + blob.size > TOTAL_MAX) {
			errors.push({ field, message: t('submit.err.total_big', { max: fmtBytes(TOTAL_MAX) }) });
			continue;
		}
		list.push({ key: ++fileSeq, blob, name: entryName, size: blob.size, shrunkFrom });
		count++;
		size += blob.size;
		added++;
	}
	state.files.set(String(doc.id), list);
	renderDocs();
	updateTotal(added ? t('submit.doc.added', { count: added }) : '');
	if (errors.length) showErrors(docForm, errors, { focus: false });
	else clearErrors(docForm);
}

function removeFile(doc, f) {
	state.files.set(String(doc.id), filesOf(doc.id).filter((x) => x.key !== f.key));
	renderDocs();
	updateTotal(t('submit.doc.removed', { file: f.name }));
	const input = document.getElementById('f-doc-' + doc.id);
	if (input) input.focus();
}

function documentErrors() {
	const e = [];
	for (const d of state.proc.documents || []) {
		if (needsFile(d) && !filesOf(d.id).length) e.push({ field: 'doc.' + d.id, message: t('submit.err.file_missing', { name: shortName(d.name) }) });
	}
	const all = allFiles();
	if (all.length > FILES_MAX) e.push({ field: '', message: t('submit.err.file_count', { max: FILES_MAX }) });
	if (all.reduce((s, x) => s + x.file.size, 0) > TOTAL_MAX) e.push({ field: '', message: t('submit.err.total_big', { max: fmtBytes(TOTAL_MAX) }) });
	return e;
}

docForm.addEventListener('submit', (ev) => {
	ev.preventDefault();
	const errors = documentErrors();
	if (errors.length) return showErrors(docForm, errors);
	clearErrors(docForm);
	go(next('documents'));
});

/* ---- 3. how to receive the result ---------------------------------------------- */

const retForm = forms.return;

function returnErrors() {
	return formValues(retForm).return_method ? [] : [{ field: 'return_method', message: t('submit.err.return') }];
}

retForm.addEventListener('submit', (ev) => {
	ev.preventDefault();
	const errors = returnErrors();
	if (errors.length) return showErrors(retForm, errors);
	clearErrors(retForm);
	go('check');
});

/* ---- 4. check your answers ------------------------------------------------------ */

const checkForm = forms.check;

function returnLabel(m) {
	return { counter: t('submit.ret.counter'), post: t('submit.ret.post'), online: t('submit.ret.online') }[m] || '';
}

function changeLink(step, field, what) {
	return h(
		'a',
		{
			href: '#' + step,
			onclick: () => {
				state.focusField = field;
			},
		},
		t('submit.chk.change'),
		h('span', { class: 'visually-hidden' }, ' ' + what)
	);
}

function renderCheck() {
	const a = applicantValues();
	const org = a.kind === 'organization';
	const row = (label, value, step, field) =>
		h(
			'div',
			{ class: 'summary-list__row summary-list__row--action' },
			h('dt', {}, label),
			h('dd', {}, value || h('span', { class: 'muted' }, t('submit.chk.empty'))),
			h('dd', { class: 'summary-list__action' }, changeLink(step, field, label))
		);
	const rows = [
		row(t('submit.chk.kind'), org ? t('submit.ap.kind_org_short') : t('submit.ap.kind_person_short'), 'applicant', 'applicant.kind'),
	];
	if (org) {
		rows.push(row(t('submit.ap.org_name'), a.org_name, 'applicant', 'applicant.org_name'));
		rows.push(row(t('submit.ap.tax_code'), a.tax_code, 'applicant', 'applicant.tax_code'));
	}
	rows.push(
		row(t('submit.ap.name'), a.name, 'applicant', 'applicant.name'),
		row(t('submit.ap.id'), a.id_number, 'applicant', 'applicant.id_number'),
		row(t('submit.ap.phone'), a.phone, 'applicant', 'applicant.phone'),
		row(t('submit.ap.email'), a.email, 'applicant', 'applicant.email'),
		row(t('submit.ap.address'), a.address, 'applicant', 'applicant.address')
	);
	const docRows = (state.proc.documents || [])
		.filter((d) => d.mandatory || filesOf(d.id).length)
		.map((d) => {
			const files = filesOf(d.id);
			return row(
				shortName(d.name, 120),
				files.length ? h('ul', { class: 'plain-list mb-0' }, ...files.map((f) => h('li', {}, f.name, ' ', h('span', { class: 'muted nowrap' }, '(' + fmtBytes(f.size) + ')')))) : t('submit.chk.no_file'),
				'documents',
				'doc.' + d.id
			);
		});
	replace(
		$('[data-check-body]'),
		h('dl', { class: 'summary-list' }, h('div', { class: 'summary-list__row summary-list__row--action' }, h('dt', {}, t('submit.chk.procedure')), h('dd', {}, state.proc.name), h('dd', { class: 'summary-list__action' }, h('a', { href: '/submit/' }, t('submit.choose_other'))))),
		h('h2', {}, t('submit.chk.applicant')),
		h('dl', { class: 'summary-list' }, ...rows),
		h('h2', {}, t('submit.chk.documents')),
		h('dl', { class: 'summary-list' }, ...docRows),
		h('h2', {}, t('submit.chk.return')),
		h('dl', { class: 'summary-list' }, row(t('submit.chk.return'), returnLabel(formValues(retForm).return_method), 'return', 'return_method'))
	);
}

const sendBtn = $('[data-send]');
const progress = $('[data-progress]');
const progressText = $('[data-progress-text]');
const progressBar = $('[data-progress-bar]');

function setProgress(text, pct) {
	progress.hidden = false;
	progressText.textContent = text;
	if (pct === null) progressBar.removeAttribute('value');
	else progressBar.value = pct;
}

checkForm.addEventListener('submit', async (ev) => {
	ev.preventDefault();
	if (state.sending) return;
	for (const [step, check] of [['applicant', applicantErrors], ['documents', documentErrors], ['return', returnErrors]]) {
		const errors = check();
		if (errors.length) {
			state.pending = { step, errors };
			go(step);
			return;
		}
	}
	clearPageNotice();
	clearErrors(checkForm);
	state.sending = true;
	sendBtn.disabled = true;
	sendBtn.setAttribute('aria-busy', 'true');
	try {
		await send();
	} finally {
		state.sending = false;
		sendBtn.disabled = false;
		sendBtn.removeAttribute('aria-busy');
		progress.hidden = true;
	}
});

async function send() {
	const documents = [];
	const attachments = [];
	const attDoc = [];
	setProgress(t('submit.preparing'), null);
	for (const d of state.proc.documents || []) {
		const files = filesOf(d.id);
		if (d.mandatory || files.length) documents.push({ id: d.id });
		for (const f of files) {
			let data;
			try {
				data = await readBase64(f.blob);
			} catch {
				state.pending = { step: 'documents', errors: [{ field: 'doc.' + d.id, message: t('submit.err.file_read', { file: f.name }) }] };
				go('documents');
				return;
			}
			attachments.push({ name: f.name, document: d.id, data });
			attDoc.push({ doc: d, file: f });
		}
	}
	const body = {
		procedure: state.proc.code,
		applicant: Object.fromEntries(Object.entries(applicantValues()).filter(([, v]) => v !== '')),
		return_method: formValues(retForm).return_method,
		documents,
		attachments,
	};
	const json = JSON.stringify(body);
	setProgress(t('submit.sending'), 0);
	let res;
	try {
		res = await apiUpload('POST', 'public/submissions', json, {
			onProgress(sent, total) {
				const all = total || json.length;
				const pct = Math.min(100, Math.round((sent / all) * 100));
				setProgress(t('submit.progress', { sent: fmtBytes(sent), total: fmtBytes(all), pct: pct + '\u00a0%' }), pct);
			},
			onSent() {
				setProgress(t('submit.progress_wait'), null);
			},
		});
	} catch (e) {
		failed(e, body, attDoc);
		return;
	}
	sent(res);
}

/* Where a server error belongs: the screen and the control. */
function failed(e, body, attDoc) {
	const retry = () => checkForm.requestSubmit();
	if (!(e instanceof ApiError)) {
		pageNotice('error', t('submit.failed'), t('error.unknown') + ' ' + t('submit.kept'), retry);
		return;
	}
	if (e.status === 400 || e.status === 422) {
		const f = e.field || '';
		let m;
		if (f.startsWith('applicant.')) {
			const field = f === 'applicant' ? 'applicant.name' : f;
			state.pending = { step: 'applicant', errors: [{ field, message: e.message }] };
			go('applicant');
		} else if (f === 'return_method') {
			state.pending = { step: 'return', errors: [{ field: f, message: e.message }] };
			go('return');
		} else if ((m = /^attachments\[(\d+)\]/.exec(f)) && attDoc[+m[1]]) {
			const { doc, file } = attDoc[+m[1]];
			state.pending = { step: 'documents', errors: [{ field: 'doc.' + doc.id, message: t('submit.err.file_server', { file: file.name, message: e.message }) }] };
			go('documents');
		} else if ((m = /^documents\[(\d+)\]/.exec(f)) && body.documents[+m[1]]) {
			state.pending = { step: 'documents', errors: [{ field: 'doc.' + body.documents[+m[1]].id, message: e.message }] };
			go('documents');
		} else if (f === 'documents' || f === 'attachments') {
			state.pending = { step: 'documents', errors: [{ field: '', message: e.message }] };
			go('documents');
		} else {
			pageNotice('error', t('submit.failed'), e.message);
		}
		return;
	}
	if (e.status === 413) {
		state.pending = { step: 'documents', errors: [{ field: '', message: t('submit.too_large') }] };
		go('documents');
		return;
	}
	if (e.status === 429) {
		pageNotice('error', t('submit.too_many_title'), t('submit.too_many', { wait: fmtDuration(e.retryAfter || 3600) }));
		return;
	}
	if (e.status === 404 || e.status === 409) {
		pageNotice('error', t('submit.failed'), e.message);
		return;
	}
	pageNotice('error', t('submit.failed'), e.message + ' ' + t('submit.kept'), retry);
}

/* ---- sent ---------------------------------------------------------------------- */

function sent(res) {
	state.sent = { code: res.code, submitted_at: res.submitted_at };
	/* forget what was typed: nothing personal stays in the page */
	state.files.clear();
	replace($('[data-check-body]'));
	replace(docList);
	apForm.reset();
	retForm.reset();
	syncKind();
	state.dirty = false;
	state.reached = 'done';
	history.replaceState(null, '', location.pathname + location.search + '#done');
	show('done');
}

function renderDone() {
	const s = state.sent;
	$('[data-done-code]').textContent = s.code;
	$('[data-done-when]').textContent = s.submitted_at ? t('submit.done.when', { when: fmtDateTime(s.submitted_at) }) : '';
	$('[data-track-link]').href = '/track/?code=' + encodeURIComponent(s.code);
}

$('[data-copy-code]').addEventListener('click', async () => {
	const code = state.sent && state.sent.code;
	const status = $('[data-copy-status]');
	if (!code) return;
	let ok = false;
	try {
		await navigator.clipboard.writeText(code);
		ok = true;
	} catch {
		/* no clipboard API (plain http, old browser): select the code instead */
		const el = $('[data-done-code]');
		const range = document.createRange();
		range.selectNodeContents(el);
		const sel = window.getSelection();
		sel.removeAllRanges();
		sel.addRange(range);
		try {
			ok = document.execCommand('copy');
		} catch {
			ok = false;
		}
	}
	status.textContent = ok ? t('submit.done.copied') : t('submit.done.copy_failed');
});

/* ---- leaving, language, start ------------------------------------------------------ */

for (const f of [apForm, retForm]) f.addEventListener('input', () => (state.dirty = true));
window.addEventListener('beforeunload', (ev) => {
	if ((state.dirty || state.files.size) && !state.sent) {
		ev.preventDefault();
		ev.returnValue = '';
	}
});

document.addEventListener('motcua:langchange', () => {
	if (state.shown === 'choose') renderChoose();
	else if (state.proc && state.shown) {
		render(state.shown);
		const key = TITLES[state.shown];
		setPageTitle(state.shown === 'start' ? state.proc.name + ' — ' + t('submit.title') : t(key) + ' — ' + t('submit.title'));
	}
});

const params = new URLSearchParams(location.search);
const code = (params.get('procedure') || '').trim();
if (code) loadProcedure(code);
/* what the citizen may already have typed while the page was starting is
 * searched, not wiped */
else loadChoose((params.get('q') || chooseForm.querySelector('[name="q"]').value || '').trim().slice(0, 200));
