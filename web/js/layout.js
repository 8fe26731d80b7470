/*
 * layout.js — what every page shares: the shell (header, nav, footer,
 * drawn by shell.js), language, centre facts, the signed-in user on staff
 * pages, and page-level error notices.
 *
 * A page module starts with:
 *
 *   import { start, startStaff } from '/js/layout.js';
 *   await start();                      // public pages
 *   const me = await startStaff();      // staff pages (null: it failed and said so)
 *   await start({ strings: ['citizen'] });   // also load string areas (see i18n.js)
 *
 * start() does, in order:
 *   1. marks <html class="js"> and draws the shell into the page's
 *      <header data-shell> and <footer data-shell-footer> (shell.js);
 *   2. loads the remembered language and the page's string areas, and
 *      translates every data-i18n element;
 *   3. shows and wires the language switch ([data-lang-switch]);
 *   4. fills every [data-centre="…"] from GET /api/v1/public/centre (in the
 *      background; until it answers the shell says the neutral name) and
 *      shows [data-centre-if="phone|email|…"] when that fact exists;
 *   5. with {staff: true}: GET /api/v1/me (401 → /login/?next=…), fills
 *      [data-me="…"], shows [data-staff-only], lists the user's tools in the
 *      nav and wires [data-action="logout"].
 */
import { initI18n, lang, setLang, t, translate, useStrings } from './i18n.js';
import { api } from './api.js';
import { requireStaff, logout, roleLabel } from './auth.js';
import { h, notice, replace } from './dom.js';
import {
	renderShell,
	showStaffNav,
	cachedCentre,
	cacheCentre,
	setCentre,
	currentCentre,
	fillCentre,
} from './shell.js';

let centrePromise = null;
let meState = null;

export async function start(opts = {}) {
	document.documentElement.classList.add('js');
	renderShell();
	await Promise.all([initI18n(), useStrings(...(opts.strings || []))]);
	translate(document);
	setTitle();
	wireLangSwitch();
	centrePromise = loadCentre().then(
		(c) => {
			setCentre(c);
			setTitle();
			return c;
		},
		() => null /* the neutral name stays; pages that need the error ask loadCentre() */
	);
	document.addEventListener('motcua:langchange', () => {
		setTitle();
		fillCentre();
		fillMe();
	});
	let me = null;
	if (opts.staff) {
		me = await requireStaff();
		meState = me;
		showStaffNav(me);
		fillMe();
		wireLogout();
	}
	return { me, lang: lang(), centre: centrePromise };
}

/*
 * Staff pages: start({staff: true, ...opts}) and the usual failure: on an
 * error other than 401 (which goes to the sign-in page), hide the page's
 * loading line, say `failKey` + the reason with a "Thử lại" button, and
 * resolve to null. Resolves to the signed-in user otherwise.
 */
export async function startStaff({ failKey = 'staff.load_failed', loading = '[data-staff-loading]', ...opts } = {}) {
	try {
		const { me } = await start({ ...opts, staff: true });
		return me;
	} catch (e) {
		const el = document.querySelector(loading);
		if (el) el.hidden = true;
		pageNotice('error', t(failKey), `${e.message} ${t('error.tell_admin')}`, () => location.reload());
		return null;
	}
}

/* ---- language switch ---------------------------------------------------- */

function wireLangSwitch() {
	for (const btn of document.querySelectorAll('[data-lang-switch]')) {
		const label = () => {
			const other = lang() === 'vi' ? 'en' : 'vi';
			const text = btn.querySelector('[data-lang-switch-label]') || btn;
			text.textContent = t('lang.switch_label');
			text.setAttribute('lang', other);
		};
		label();
		btn.hidden = false;
		btn.addEventListener('click', async () => {
			await setLang(lang() === 'vi' ? 'en' : 'vi');
			label();
		});
	}
}

/* ---- centre facts --------------------------------------------------------- */

/*
 * The centre's public facts (name, agency, address, phone, email,
 * work_periods, cutoff), cached for ten minutes in sessionStorage so
 * moving from page to page costs no request. Throws ApiError when
 * unreachable.
 */
export async function loadCentre() {
	const cached = cachedCentre();
	if (cached) return cached;
	const data = await api('GET', 'public/centre');
	cacheCentre(data);
	return data;
}

/* The background centre fetch started by start(): resolves to the facts or null. */
export function centreReady() {
	return centrePromise || Promise.resolve(null);
}

/*
 * Every page's title is "<page> — <centre name>". The page part comes from
 * <title data-i18n-title="key">, the centre part from the API (or, until
 * it answers, the neutral "Trung tâm Phục vụ hành chính công").
 */
let titleOverride = null;

/*
 * Name the page from data (a procedure's name) instead of its
 * data-i18n-title key; null goes back to the key. Kept across language
 * switches and the centre's name arriving.
 */
export function setPageTitle(text) {
	titleOverride = text || null;
	setTitle();
}

function setTitle() {
	const el = document.querySelector('title[data-i18n-title]');
	if (!el) return;
	const c = currentCentre();
	const name = (c && c.name) || t('shell.centre_neutral');
	document.title = (titleOverride || t(el.dataset.i18nTitle)) + ' — ' + name;
}

/* ---- signed-in user (staff pages) ----------------------------------------- */

function fillMe() {
	const me = meState;
	if (!me) return;
	for (const el of document.querySelectorAll('[data-me]')) {
		const what = el.dataset.me;
		if (what === 'full_name') el.textContent = me.full_name || me.username || '';
		else if (what === 'username') el.textContent = me.username || '';
		else if (what === 'unit') el.textContent = (me.unit && me.unit.name) || t('staff.no_unit');
		else if (what === 'agency') el.textContent = (me.agency && me.agency.name) || '';
		else if (what === 'roles') el.textContent = (me.roles || []).map(roleLabel).join(', ');
	}
	for (const el of document.querySelectorAll('[data-staff-only]')) el.hidden = false;
}

function wireLogout() {
	for (const btn of document.querySelectorAll('[data-action="logout"]')) {
		btn.addEventListener('click', async () => {
			btn.disabled = true;
			try {
				await logout();
			} catch (e) {
				btn.disabled = false;
				pageNotice('error', t('staff.logout_failed'), e.message);
			}
		});
	}
}

/* ---- page-level notices --------------------------------------------------- */

/*
 * Show a notice in the page's [data-page-notice] region (created at the top
 * of <main> when absent), replacing the previous one. kind: info | success
 * | warning | error. retry: optional function, adds a "Thử lại" button.
 * Errors take focus so keyboard and screen-reader users hear them.
 */
export function pageNotice(kind, title, text, retry) {
	let region = document.querySelector('[data-page-notice]');
	if (!region) {
		region = h('div', { 'data-page-notice': '' });
		const main = document.querySelector('main') || document.body;
		main.prepend(region);
	}
	const extra = [];
	if (retry) {
		extra.push(
			h('p', {}, h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => retry() }, t('common.retry')))
		);
	}
	const box = notice(kind, title, text, ...extra);
	box.setAttribute('tabindex', '-1');
	replace(region, box);
	if (kind === 'error') box.focus();
	return box;
}

/* Remove the page notice, if any. */
export function clearPageNotice() {
	const region = document.querySelector('[data-page-notice]');
	if (region) region.textContent = '';
}

/* Re-exported so a page needs one import for the common things. */
export { t, translate, lang };
