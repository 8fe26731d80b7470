/*
 * dom.js — small helpers to build the page from data without innerHTML.
 *
 * Data from the API (names, addresses, dossier contents) is always put in
 * the page as text, never parsed as HTML: h() sets textContent, so a name
 * like "<b>" shows as typed. This, plus the CSP, is our XSS defence.
 *
 *   h('p', {class: 'muted'}, 'Xin chào ', h('strong', {}, user.full_name))
 *   h('a', {href: '/track/', 'data-i18n': 'nav.track'}, t('nav.track'))
 *   h('button', {type: 'button', onclick: fn}, t('common.retry'))
 */

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

/*
 * Create an element. attrs: plain attributes; "class" string; "dataset"
 * object; on<event> functions become listeners (never attribute strings);
 * boolean true/false add/omit the attribute; null/undefined are skipped.
 * children: strings (as text), numbers, nodes, arrays, null (skipped).
 */
export function h(tag, attrs, ...children) {
	const el = document.createElement(tag);
	if (attrs) {
		for (const [k, v] of Object.entries(attrs)) {
			if (v === null || v === undefined || v === false) continue;
			if (k === 'dataset') Object.assign(el.dataset, v);
			else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
			else if (v === true) el.setAttribute(k, '');
			else el.setAttribute(k, String(v));
		}
	}
	append(el, children);
	return el;
}

function append(el, children) {
	for (const c of children) {
		if (c === null || c === undefined || c === false) continue;
		if (Array.isArray(c)) append(el, c);
		else if (c instanceof Node) el.append(c);
		else el.append(document.createTextNode(String(c)));
	}
}

/* Replace all children of el. */
export function replace(el, ...children) {
	el.textContent = '';
	append(el, children);
	return el;
}

/* A status or deadline badge: kind is ok | soon | late | info | neutral. */
export function badge(kind, text) {
	return h('span', { class: `badge badge--${kind || 'neutral'}` }, text);
}

/*
 * A notice box. kind: info | success | warning | error. Errors and
 * warnings are announced (role=alert), others politely (role=status).
 * extra: more nodes (a retry button, a link).
 */
export function notice(kind, title, text, ...extra) {
	const role = kind === 'error' || kind === 'warning' ? 'alert' : 'status';
	return h(
		'div',
		{ class: `notice notice--${kind || 'info'}`, role },
		title ? h('p', { class: 'notice__title' }, title) : null,
		text ? h('p', {}, text) : null,
		...extra
	);
}

/*
 * One row of a .summary-list: <div class="summary-list__row"><dt>term</dt>
 * <dd>value…</dd></div>. Empty values (null, undefined, '') are left out,
 * and a row with no value at all is null (h() skips it).
 */
export function summaryRow(term, ...value) {
	const v = value.filter((x) => x !== null && x !== undefined && x !== '');
	if (!v.length) return null;
	return h('div', { class: 'summary-list__row' }, h('dt', {}, term), h('dd', {}, ...v));
}

/* An inline SVG icon from the sprite in /img/icons.svg. */
export function icon(name, cls = '') {
	const NS = 'http://www.w3.org/2000/svg';
	const svg = document.createElementNS(NS, 'svg');
	svg.setAttribute('class', cls || 'icon');
	svg.setAttribute('aria-hidden', 'true');
	svg.setAttribute('focusable', 'false');
	const use = document.createElementNS(NS, 'use');
	use.setAttribute('href', `/img/icons.svg#${name}`);
	svg.append(use);
	return svg;
}
