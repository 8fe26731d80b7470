/*
 * procedures/page.js — the citizen catalogue search (/procedures/).
 *
 * One search box (diacritics optional: the server folds them), a field
 * filter with counts, results as cards with the time limit and the online
 * level in words, a total, pages of 10, and an empty state.
 *
 * The query lives in the URL (?q=&field=&page=) so back/forward, reload
 * and sharing a link all work: typing replaces the history entry (one
 * entry per search, not per key), the button, the filter and the pager
 * add one. Without JavaScript the form still GETs this same address.
 *
 * API: GET /api/v1/fields, GET /api/v1/procedures?q=&field=&limit=&offset=.
 */
import { start, pageNotice, clearPageNotice, t } from '/js/layout.js';
import { api, ApiError } from '/js/api.js';
import { showErrors, clearErrors, errorsFromApi } from '/js/forms.js';
import { h, replace, badge, icon } from '/js/dom.js';
import { fmtTimeLimit, onlineInfo, procedureHref } from '/js/catalogue.js';

const PAGE_SIZE = 10;
const TYPE_DELAY_MS = 300;
const BUSY_DELAY_MS = 250;

await start({ strings: ['catalogue'] });

const form = document.querySelector('[data-search-form]');
const qInput = form.querySelector('[name="q"]');
const fieldSel = form.querySelector('[name="field"]');
const countEl = document.querySelector('[data-count]');
const listEl = document.querySelector('[data-results]');
const emptyEl = document.querySelector('[data-empty]');
const pagerEl = document.querySelector('[data-pager]');

let fields = null;        /* [{code, name, count}] once loaded */
let shown = null;         /* {state, data} of the results on screen */
let ctrl = null;          /* AbortController of the request in flight */
let typingTimer = 0;

/* ---- the URL is the state ------------------------------------------------ */

function readUrl() {
	const p = new URLSearchParams(location.search);
	const page = parseInt(p.get('page'), 10);
	return {
		q: (p.get('q') || '').trim().slice(0, 200),
		field: (p.get('field') || '').trim().slice(0, 20),
		page: Number.isFinite(page) && page > 1 ? page : 1,
	};
}

function urlOf(s) {
	const p = new URLSearchParams();
	if (s.q) p.set('q', s.q);
	if (s.field) p.set('field', s.field);
	if (s.page > 1) p.set('page', String(s.page));
	const qs = p.toString();
	return location.pathname + (qs ? '?' + qs : '');
}

function fromForm() {
	return { q: qInput.value.trim().slice(0, 200), field: fieldSel.value, page: 1 };
}

function fillForm(s) {
	if (qInput.value.trim() !== s.q) qInput.value = s.q;
	ensureFieldOption(s.field);
	fieldSel.value = s.field;
}

/* ---- fields filter ------------------------------------------------------- */

function ensureFieldOption(code) {
	if (code && !Array.from(fieldSel.options).some((o) => o.value === code)) {
		fieldSel.append(h('option', { value: code }, code));
	}
}

function renderFields() {
	if (!fields) return;
	const total = fields.reduce((n, f) => n + (f.count || 0), 0);
	const keep = fieldSel.value;
	replace(
		fieldSel,
		h('option', { value: '' }, t('proc_search.field_all_n', { count: total })),
		...fields
			.filter((f) => f.count > 0 || f.code === keep)
			.map((f) => h('option', { value: f.code }, t('proc_search.field_option', { name: f.name, count: f.count })))
	);
	ensureFieldOption(keep);
	fieldSel.value = keep;
}

async function loadFields() {
	try {
		const d = await api('GET', 'fields');
		fields = Array.isArray(d && d.items) ? d.items : [];
		renderFields();
	} catch {
		/* the filter keeps "all fields"; the search itself reports errors */
	}
}

function fieldName(code) {
	const f = fields && fields.find((x) => x.code === code);
	return f ? f.name : code;
}

/* ---- searching ----------------------------------------------------------- */

/*
 * Run the search for state s. history: 'push' | 'replace' | null.
 * focusResults: move focus to the count (after paging).
 */
async function search(s, { history = null, focusResults = false } = {}) {
	if (ctrl) ctrl.abort();
	const mine = (ctrl = new AbortController());
	if (history === 'push' && urlOf(s) !== location.pathname + location.search) {
		window.history.pushState(null, '', urlOf(s));
	} else if (history) {
		window.history.replaceState(null, '', urlOf(s));
	}
	const busy = setTimeout(() => {
		listEl.setAttribute('aria-busy', 'true');
		listEl.classList.add('proc-list--busy');
		replace(countEl, h('span', { class: 'loading' }, t('proc_search.searching')));
	}, BUSY_DELAY_MS);
	try {
		const data = await api('GET', 'procedures', undefined, {
			query: { q: s.q, field: s.field, limit: PAGE_SIZE, offset: (s.page - 1) * PAGE_SIZE },
			signal: mine.signal,
		});
		if (mine !== ctrl) return;
		const total = Number(data && data.total) || 0;
		const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
		if (s.page > pages && total > 0) {
			/* a shared link to a page that no longer exists: show the last one */
			return search({ ...s, page: pages }, { history: 'replace', focusResults });
		}
		clearErrors(form);
		clearPageNotice();
		shown = { state: s, data };
		render();
		if (focusResults) {
			countEl.focus({ preventScroll: true });
			countEl.scrollIntoView({ block: 'start' });
		}
	} catch (e) {
		if (mine !== ctrl || (e instanceof ApiError && e.code === 'aborted')) return;
		if (e instanceof ApiError && (e.status === 400 || e.status === 422)) {
			showErrors(form, errorsFromApi(e).map((x) => ({ ...x, field: x.field === 'field' ? 'field' : 'q' })));
			replace(countEl);
		} else {
			replace(countEl);
			pageNotice('error', t('proc_search.failed'), e.message, () => search(readUrl()));
		}
	} finally {
		clearTimeout(busy);
		if (mine === ctrl) {
			listEl.removeAttribute('aria-busy');
			listEl.classList.remove('proc-list--busy');
		}
	}
}

/* ---- drawing ------------------------------------------------------------- */

function render() {
	if (!shown) return;
	const { state: s, data } = shown;
	const items = Array.isArray(data.items) ? data.items : [];
	const total = Number(data.total) || 0;

	const parts = [t('proc_search.found', { count: total })];
	if (s.q) parts.push(t('proc_search.for_query', { q: s.q }));
	if (s.field) parts.push(t('proc_search.in_field', { field: fieldName(s.field) }));
	let sentence = parts.join(' ') + '.';
	if (total > PAGE_SIZE && items.length) {
		const from = (s.page - 1) * PAGE_SIZE + 1;
		sentence += ' ' + t('proc_search.showing', { from, to: from + items.length - 1 });
	}
	replace(countEl, sentence);

	replace(listEl, ...items.map(card));
	listEl.hidden = items.length === 0;
	renderEmpty(s, total);
	renderPager(s, total);
}

function card(p) {
	const online = onlineInfo(p.online);
	return h(
		'li',
		{ class: 'proc-item' },
		h('h3', { class: 'proc-item__title' }, h('a', { href: procedureHref(p.code) }, p.name)),
		h(
			'dl',
			{ class: 'proc-item__meta' },
			h('div', {}, h('dt', {}, t('proc_search.field'), ':'), ' ', h('dd', {}, (p.field && p.field.name) || '')),
			h(
				'div',
				{},
				h('dt', {}, t('proc_search.time_limit'), ':'),
				' ',
				h('dd', {}, icon('clock', 'proc-item__icon'), fmtTimeLimit(p.time_limit))
			)
		),
		h(
			'p',
			{ class: 'proc-item__foot' },
			badge(online.kind, online.text),
			h('span', { class: 'proc-item__code' }, t('proc_search.code') + ': ', h('span', { class: 'mono' }, p.code))
		)
	);
}

function renderEmpty(s, total) {
	if (total > 0) {
		replace(emptyEl);
		return;
	}
	const tips = [h('li', {}, t('proc_search.tip_spelling'))];
	if (s.field) {
		tips.push(
			h('li', {}, h('a', { href: urlOf({ ...s, field: '', page: 1 }), 'data-nav': '' }, t('proc_search.tip_all_fields')))
		);
	}
	tips.push(h('li', {}, t('proc_search.tip_ask')));
	replace(
		emptyEl,
		h(
			'div',
			{ class: 'empty-state' },
			h('h3', { class: 'mt-0' }, t('proc_search.empty_title')),
			s.q ? h('p', {}, t('proc_search.empty_q', { q: s.q })) : null,
			h('p', { class: 'mb-0' }, t('proc_search.empty_you_can')),
			h('ul', { class: 'mb-0' }, ...tips)
		)
	);
}

/* Page numbers around the current one: 1 … 4 5 6 … 12. */
function pageList(cur, last) {
	if (last <= 7) return Array.from({ length: last }, (_, i) => i + 1);
	const want = new Set([1, last, cur - 1, cur, cur + 1]);
	const out = [];
	let prev = 0;
	for (let n = 1; n <= last; n++) {
		if (!want.has(n)) continue;
		if (n - prev > 1) out.push(null);
		out.push(n);
		prev = n;
	}
	return out;
}

function renderPager(s, total) {
	const last = Math.ceil(total / PAGE_SIZE);
	if (last <= 1) {
		pagerEl.hidden = true;
		replace(pagerEl);
		return;
	}
	const link = (n, cls, ...children) =>
		h('a', { class: cls, href: urlOf({ ...s, page: n }), 'data-nav': '', 'data-focus-results': '' }, ...children);
	const items = [];
	if (s.page > 1) {
		items.push(
			h('li', { class: 'pager__prev' }, link(s.page - 1, 'pager__link', '‹ ', t('proc_search.prev')))
		);
	}
	for (const n of pageList(s.page, last)) {
		if (n === null) items.push(h('li', { class: 'pager__gap', 'aria-hidden': 'true' }, '…'));
		else if (n === s.page) {
			items.push(
				h(
					'li',
					{ class: 'pager__num' },
					h('a', { class: 'pager__link pager__link--current', href: urlOf({ ...s, page: n }), 'aria-current': 'page', 'aria-label': t('proc_search.page_of', { n, total: last }) }, String(n))
				)
			);
		} else {
			items.push(
				h('li', { class: 'pager__num' }, h('a', { class: 'pager__link', href: urlOf({ ...s, page: n }), 'data-nav': '', 'data-focus-results': '', 'aria-label': t('proc_search.page_n', { n }) }, String(n)))
			);
		}
	}
	if (s.page < last) {
		items.push(h('li', { class: 'pager__next' }, link(s.page + 1, 'pager__link', t('proc_search.next'), ' ›')));
	}
	replace(pagerEl, h('ul', { class: 'pager__list' }, ...items));
	pagerEl.hidden = false;
}

/* ---- events -------------------------------------------------------------- */

qInput.addEventListener('input', () => {
	clearTimeout(typingTimer);
	typingTimer = setTimeout(() => {
		const s = fromForm();
		if (shown && s.q === shown.state.q && s.field === shown.state.field && shown.state.page === 1) return;
		search(s, { history: 'replace' });
	}, TYPE_DELAY_MS);
});

fieldSel.addEventListener('change', () => {
	clearTimeout(typingTimer);
	search(fromForm(), { history: 'push' });
});

form.addEventListener('submit', (ev) => {
	ev.preventDefault();
	clearTimeout(typingTimer);
	search(fromForm(), { history: 'push' });
});

/* Pager and "all fields" links: same page, new state, no reload. */
document.addEventListener('click', (ev) => {
	const a = ev.target.closest && ev.target.closest('a[data-nav]');
	if (!a || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey || ev.button !== 0) return;
	ev.preventDefault();
	const u = new URL(a.href);
	window.history.pushState(null, '', u.pathname + u.search);
	const s = readUrl();
	fillForm(s);
	search(s, { focusResults: a.hasAttribute('data-focus-results') });
});

window.addEventListener('popstate', () => {
	clearTimeout(typingTimer);
	const s = readUrl();
	fillForm(s);
	search(s);
});

document.addEventListener('motcua:langchange', () => {
	renderFields();
	render();
});

/* ---- first view ---------------------------------------------------------- */

const first = readUrl();
fillForm(first);
loadFields().then(() => {
	fillForm(readUrl());
	render(); /* the field's name in the sentence */
});
search(first, { history: 'replace' });
