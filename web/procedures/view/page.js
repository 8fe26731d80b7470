/*
 * procedures/view/page.js — one procedure (/procedures/view/?code=1.001193),
 * in the order citizens know from the National Public Service Portal:
 * Trình tự thực hiện, Cách thức thực hiện, Thành phần hồ sơ, Thời hạn giải
 * quyết, Phí, lệ phí, Cơ quan thực hiện, Đối tượng thực hiện, Kết quả thực
 * hiện, Căn cứ pháp lý, Điều kiện; then the internal steps ("Quy trình nội
 * bộ"). A summary of the key facts comes first, with "Nộp hồ sơ trực tuyến"
 * when the procedure can be started online. Prints cleanly (print.css).
 *
 * API: GET /api/v1/procedures/{code} (404 → the not-found state).
 */
import { start, pageNotice, clearPageNotice, centreReady, setPageTitle, t } from '/js/layout.js';
import { api, ApiError } from '/js/api.js';
import { h, replace, badge, icon } from '/js/dom.js';
import { fmtDate } from '/js/format.js';
import {
	fmtTimeLimit,
	fmtVariants,
	hasCutoff,
	cutoffNote,
	fmtStepTime,
	fmtFee,
	onlineInfo,
	canSubmitOnline,
	docFormLabel,
	levelLabel,
	hoursPerDay,
	submitHref,
	splitCatalogueText,
} from '/js/catalogue.js';

await start({ strings: ['catalogue'] });

const titleEl = document.querySelector('[data-proc-title]');
const bodyEl = document.querySelector('[data-proc-body]');
const loadingEl = document.querySelector('[data-proc-loading]');
const code = (new URLSearchParams(location.search).get('code') || '').trim();

let proc = null;          /* the procedure, once loaded */
let missing = false;      /* 404 or no code */
let hpd = 8;              /* working hours in a day, for same-day steps */
let cutoffAt = '';        /* the centre's cut-off ("15:00"), once known */

keepSearchInBackLink();

centreReady().then((c) => {
	const n = c && hoursPerDay(c.work_periods);
	const cut = (c && typeof c.cutoff === 'string' && c.cutoff) || '';
	if ((n && n !== hpd) || cut !== cutoffAt) {
		if (n) hpd = n;
		cutoffAt = cut;
		render();
	}
});

document.addEventListener('motcua:langchange', render);
load();

/* The breadcrumb back to the catalogue keeps the search the person came from. */
function keepSearchInBackLink() {
	const a = document.querySelector('[data-back-link]');
	try {
		const ref = new URL(document.referrer);
		if (a && ref.origin === location.origin && ref.pathname === '/procedures/' && ref.search) {
			a.href = ref.pathname + ref.search;
		}
	} catch {
		/* no referrer */
	}
}

async function load() {
	loadingEl.hidden = false;
	clearPageNotice();
	if (!code) {
		missing = true;
		loadingEl.hidden = true;
		render();
		return;
	}
	try {
		proc = await api('GET', `procedures/${encodeURIComponent(code)}`);
		missing = false;
	} catch (e) {
		if (e instanceof ApiError && (e.status === 404 || e.status === 400)) {
			missing = true;
		} else {
			loadingEl.hidden = true;
			pageNotice('error', t('procedure.failed'), e.message, load);
			return;
		}
	}
	loadingEl.hidden = true;
	render();
}

/* ---- drawing ------------------------------------------------------------- */

function render() {
	if (missing) return renderMissing();
	if (!proc) return;
	const p = proc;
	setPageTitle(p.name);
	titleEl.removeAttribute('data-i18n');
	replace(titleEl, p.name);

	const sections = [
		['sequence', sequence(p.sequence)],
		['method', paragraphs(p.method)],
		['documents', documents(p.documents || [])],
		['time_limit', timeLimit(p.time_limit)],
		['fees', fees(p.fees || [])],
		['agency', agency(p)],
		['subjects', paragraphs(p.subjects)],
		['result', paragraphs(p.result)],
		['legal_basis', legalBasis(p.legal_basis || [])],
		['conditions', paragraphs(p.conditions, 'procedure.no_conditions')],
	];
	if (p.note && p.note.trim()) sections.push(['note', paragraphs(p.note)]);
	if (Array.isArray(p.steps) && p.steps.length) sections.push(['steps', steps(p)]);

	replace(
		bodyEl,
		summary(p),
		actions(p, 'top'),
		h(
			'nav',
			{ class: 'proc-toc no-print', 'aria-labelledby': 'toc-title' },
			h('h2', { class: 'proc-toc__title', id: 'toc-title' }, t('procedure.contents')),
			h('ol', { class: 'proc-toc__list' }, ...sections.map(([id]) => h('li', {}, h('a', { href: '#s-' + id }, t('procedure.s.' + id)))))
		),
		...sections.map(([id, content]) =>
			h(
				'section',
				{ class: 'proc-section', id: 's-' + id, 'aria-labelledby': 's-' + id + '-title' },
				h('h2', { id: 's-' + id + '-title' }, t('procedure.s.' + id)),
				content
			)
		),
		canSubmitOnline(p.online) ? actions(p, 'bottom') : null,
		p.updated_at ? h('p', { class: 'muted small mt-6' }, t('procedure.updated', { date: fmtDate(p.updated_at * 1000) })) : null,
		h('p', { class: 'print-only small' }, t('procedure.printed_from', { url: location.origin + location.pathname + '?code=' + encodeURIComponent(p.code) }))
	);
}

function renderMissing() {
	setPageTitle(t('procedure.notfound_title'));
	titleEl.removeAttribute('data-i18n');
	replace(titleEl, t('procedure.notfound_title'));
	replace(
		bodyEl,
		h('p', { class: 'lead' }, code ? t('procedure.notfound_text', { code }) : t('procedure.notfound_nocode')),
		h('p', {}, h('a', { class: 'btn', href: '/procedures/' }, icon('search', 'btn__icon'), t('procedure.notfound_search'))),
		h('p', {}, h('a', { href: '/' }, t('common.back_home')))
	);
}

/* The key facts at the top: code, field, level, time limit, fees, online. */
function summary(p) {
	const online = onlineInfo(p.online);
	const row = (label, ...value) => h('div', { class: 'summary-list__row' }, h('dt', {}, label), h('dd', {}, ...value));
	return h(
		'dl',
		{ class: 'summary-list proc-summary' },
		row(t('procedure.code'), h('span', { class: 'mono' }, p.code)),
		row(t('procedure.field'), (p.field && p.field.name) || ''),
		p.level ? row(t('procedure.level'), levelLabel(p.level)) : null,
		row(
			t('procedure.time_limit'),
			h('strong', {}, fmtTimeLimit(p.time_limit)),
			...fmtVariants(p.time_limit).map((v) => h('span', { class: 'proc-summary__note', 'data-variant': '' }, v))
		),
		row(t('procedure.fees'), feeSummary(p.fees || [])),
		row(
			t('procedure.online'),
			badge(online.kind, online.text),
			h('span', { class: 'proc-summary__note' }, t('procedure.online_' + (['full', 'partial'].includes(p.online) ? p.online : 'none') + '_note'))
		)
	);
}

function feeSummary(list) {
	if (!list.length) return t('procedure.no_fees');
	const amounts = list.map((f) => Number(f.amount) || 0);
	const min = Math.min(...amounts), max = Math.max(...amounts);
	if (min === max) return fmtFee(min);
	return t('procedure.fee_range', { min: fmtFee(min), max: fmtFee(max) });
}

function actions(p, where) {
	const online = canSubmitOnline(p.online);
	return h(
		'div',
		{ class: 'btn-group proc-actions no-print' },
		online
			? h('a', { class: 'btn btn--large', href: submitHref(p.code), 'data-submit-online': where }, icon('upload', 'btn__icon'), t('procedure.submit_online'))
			: null,
		where === 'top'
			? h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => window.print() }, icon('printer', 'btn__icon'), t('procedure.print'))
			: null
	);
}

/* A text as paragraphs; an empty one says so (or says emptyKey). */
function paragraphs(text, emptyKey = 'procedure.not_given') {
	const list = String(text || '').split(/\n+/).map((x) => x.trim()).filter(Boolean);
	if (!list.length) return h('p', { class: 'muted' }, t(emptyKey));
	return h('div', { class: 'proc-text' }, ...list.map((x) => h('p', {}, x)));
}

/* "Bước 1: … Bước 2: …" as a list of steps; anything else as paragraphs. */
function sequence(text) {
	const parts = splitCatalogueText(text);
	if (!parts.steps) return paragraphs(text);
	return h(
		'div',
		{ class: 'proc-text' },
		parts.intro ? h('p', {}, parts.intro) : null,
		h(
			'ol',
			{ class: 'proc-steps' },
			...parts.steps.map((s) => {
				const m = /^(Bước\s+\d+\s*[:.])\s*(.*)$/su.exec(s);
				return h('li', {}, m ? [h('strong', {}, m[1]), ' ', m[2]] : s);
			})
		)
	);
}

function documents(list) {
	if (!list.length) return h('p', { class: 'muted' }, t('procedure.not_given'));
	const mandatory = list.filter((d) => d.mandatory).length;
	return h(
		'div',
		{},
		h('p', {}, t('procedure.doc.intro', { count: mandatory })),
		h(
			'div',
			{ class: 'table-wrap' },
			h(
				'table',
				{ class: 'table table--stack proc-docs' },
				h('caption', { class: 'visually-hidden' }, t('procedure.doc.caption')),
				h(
					'thead',
					{},
					h(
						'tr',
						{},
						h('th', { scope: 'col', class: 'num' }, t('procedure.doc.no')),
						h('th', { scope: 'col' }, t('procedure.doc.name')),
						h('th', { scope: 'col' }, t('procedure.doc.form')),
						h('th', { scope: 'col' }, t('procedure.doc.count')),
						h('th', { scope: 'col' }, t('procedure.doc.mandatory'))
					)
				),
				h(
					'tbody',
					{},
					...list.map((d, i) =>
						h(
							'tr',
							{ class: d.mandatory ? '' : 'proc-docs__optional' },
							h('td', { class: 'num', 'data-label': t('procedure.doc.no') }, String(i + 1)),
							h('td', { class: 'proc-docs__name', 'data-label': t('procedure.doc.name') }, d.name),
							h('td', { 'data-label': t('procedure.doc.form') }, docFormLabel(d.form)),
							h('td', { 'data-label': t('procedure.doc.count') }, t('procedure.doc.copies', { count: Number(d.count) || 1 })),
							h(
								'td',
								{ class: 'proc-docs__need', 'data-label': t('procedure.doc.mandatory') },
								d.mandatory ? badge('info', t('procedure.doc.yes')) : h('span', { class: 'muted' }, t('procedure.doc.if_applies'))
							)
						)
					)
				)
			)
		)
	);
}

/* The limit, its lawful variants, the note, and the centre's cut-off. */
function timeLimit(tl) {
	const variants = fmtVariants(tl);
	return h(
		'div',
		{ class: 'proc-text', 'data-time-limit': '' },
		h('p', { class: 'proc-big' }, icon('clock', 'proc-big__icon'), fmtTimeLimit(tl)),
		variants.length ? h('ul', { class: 'proc-variants' }, ...variants.map((v) => h('li', {}, v))) : null,
		tl && tl.text ? h('p', {}, tl.text) : null,
		hasCutoff(tl) ? h('p', { class: 'muted', 'data-cutoff': '' }, cutoffNote(cutoffAt)) : null
	);
}

function fees(list) {
	if (!list.length) return h('p', {}, t('procedure.no_fees'));
	return h(
		'div',
		{ class: 'table-wrap' },
		h(
			'table',
			{ class: 'table table--stack proc-fees' },
			h('caption', { class: 'visually-hidden' }, t('procedure.fee.caption')),
			h(
				'thead',
				{},
				h(
					'tr',
					{},
					h('th', { scope: 'col' }, t('procedure.fee.name')),
					h('th', { scope: 'col', class: 'num' }, t('procedure.fee.amount')),
					h('th', { scope: 'col' }, t('procedure.fee.note'))
				)
			),
			h(
				'tbody',
				{},
				...list.map((f) =>
					h(
						'tr',
						{},
						h('td', { 'data-label': t('procedure.fee.name') }, f.name),
						h('td', { class: 'num proc-fees__amount', 'data-label': t('procedure.fee.amount') }, fmtFee(f.amount)),
						h('td', { 'data-label': t('procedure.fee.note') }, f.note || '')
					)
				)
			)
		)
	);
}

/* The implementing agencies (D29): one, or every commune that implements
 * the procedure — the citizen may hand the dossier in at any centre. */
function agency(p) {
	const list = (p.agencies || []).map((a) => a.name).filter(Boolean);
	const name = p.agency && p.agency.name;
	const many = list.length > 1;
	return h(
		'dl',
		{ class: 'summary-list summary-list--plain' },
		h(
			'div',
			{ class: 'summary-list__row' },
			h('dt', {}, t(many ? 'procedure.agency.names' : 'procedure.agency.name')),
			h('dd', {}, many ? h('ul', { class: 'proc-agencies' }, ...list.map((x) => h('li', {}, x))) : name || t('procedure.not_given'))
		),
		many ? h('div', { class: 'summary-list__row' }, h('dt', {}, t('procedure.agency.where')), h('dd', {}, t('procedure.agency.where_text'))) : null,
		p.level ? h('div', { class: 'summary-list__row' }, h('dt', {}, t('procedure.level')), h('dd', {}, levelLabel(p.level))) : null
	);
}

function legalBasis(list) {
	const items = list.filter((x) => typeof x === 'string' && x.trim());
	if (!items.length) return h('p', { class: 'muted' }, t('procedure.not_given'));
	return h('ul', { class: 'proc-legal' }, ...items.map((x) => h('li', {}, x)));
}

function steps(p) {
	const unit = p.time_limit && p.time_limit.unit;
	return h(
		'div',
		{},
		h('p', {}, t('procedure.steps_intro')),
		h(
			'div',
			{ class: 'table-wrap' },
			h(
				'table',
				{ class: 'table table--stack proc-flow' },
				h('caption', { class: 'visually-hidden' }, t('procedure.step.caption')),
				h(
					'thead',
					{},
					h(
						'tr',
						{},
						h('th', { scope: 'col', class: 'num' }, t('procedure.step.no')),
						h('th', { scope: 'col' }, t('procedure.step.name')),
						h('th', { scope: 'col' }, t('procedure.step.unit')),
						h('th', { scope: 'col', class: 'num' }, t('procedure.step.time'))
					)
				),
				h(
					'tbody',
					{},
					...p.steps.map((s, i) =>
						h(
							'tr',
							{},
							h('td', { class: 'num', 'data-label': t('procedure.step.no') }, String(s.position || i + 1)),
							h('td', { 'data-label': t('procedure.step.name') }, s.name),
							h('td', { 'data-label': t('procedure.step.unit') }, (s.unit && s.unit.name) || ''),
							h('td', { class: 'num', 'data-label': t('procedure.step.time') }, fmtStepTime(s.share, unit, hpd))
						)
					)
				),
				h(
					'tfoot',
					{},
					h(
						'tr',
						{},
						h('th', { scope: 'row', colspan: '3' }, t('procedure.step.total')),
						h('td', { class: 'num', 'data-label': t('procedure.step.total') }, fmtTimeLimit(p.time_limit))
					)
				)
			)
		)
	);
}
