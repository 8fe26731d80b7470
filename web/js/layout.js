/*
 * layout.js — what every page shares: language, header, nav, centre facts,
 * the signed-in user on staff pages, and page-level error notices.
 *
 * A page module starts with:
 *
 *   import { start } from '/js/layout.js';
 *   const { me } = await start({ staff: true });   // staff pages
 *   await start();                                 // public pages
 *
 * start() does, in order:
 *   1. marks <html class="js">, loads the remembered language and
 *      translates every data-i18n element;
 *   2. shows and wires the language switch ([data-lang-switch]);
 *   3. marks the current nav link (aria-current="page");
 *   4. fills every [data-centre="…"] from GET /api/v1/public/centre
 *      (in the background; the HTML already holds the demo centre's text)
 *      and shows [data-centre-if="phone|email|…"] when that fact exists;
 *   5. with {staff: true}: GET /api/v1/me (401 → /login/?next=…), fills
 *      [data-me="…"], shows [data-staff-only] and wires
 *      [data-action="logout"].
 */
import { initI18n, lang, setLang, t, translate } from './i18n.js';
import { api } from './api.js';
import { fmtWorkPeriods, parseWorkPeriods } from './format.js';
import { requireStaff, logout, roleLabel } from './auth.js';
import { h, notice, replace } from './dom.js';

const CENTRE_KEY = 'motcua.centre';
const CENTRE_TTL_MS = 10 * 60 * 1000;

let centre = null;
let centrePromise = null;
let meState = null;

export async function start(opts = {}) {
	document.documentElement.classList.add('js');
	await initI18n();
	setTitle();
	wireLangSwitch();
	markCurrentNav();
	centrePromise = loadCentre().then(
		(c) => {
			centre = c;
			fillCentre();
			return c;
		},
		() => null /* the static text stays; pages that need the error ask loadCentre() */
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
		fillMe();
		wireLogout();
	}
	return { me, lang: lang(), centre: centrePromise };
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

/* ---- nav ------------------------------------------------------------------ */

function markCurrentNav() {
	const here = location.pathname;
	let best = null;
	for (const a of document.querySelectorAll('.site-nav a[href]')) {
		const p = a.getAttribute('href');
		if (p === here || (p !== '/' && p.endsWith('/') && here.startsWith(p))) {
			if (!best || p.length > best.getAttribute('href').length) best = a;
		}
	}
	if (best) best.setAttribute('aria-current', 'page');
}

/* ---- centre facts --------------------------------------------------------- */

/*
 * The centre's public facts (name, agency, address, phone, email,
 * work_periods), cached for ten minutes in sessionStorage so moving from
 * page to page costs no request. Throws ApiError when unreachable.
 */
export async function loadCentre() {
	try {
		const raw = sessionStorage.getItem(CENTRE_KEY);
		if (raw) {
			const c = JSON.parse(raw);
			if (c && c.at && Date.now() - c.at < CENTRE_TTL_MS && c.data) return c.data;
		}
	} catch {
		/* no cache */
	}
	const data = await api('GET', 'public/centre');
	try {
		sessionStorage.setItem(CENTRE_KEY, JSON.stringify({ at: Date.now(), data }));
	} catch {
		/* not cached */
	}
	return data;
}

/* The background centre fetch started by start(): resolves to the facts or null. */
export function centreReady() {
	return centrePromise || Promise.resolve(null);
}

function fillCentre() {
	if (!centre) return;
	const c = centre;
	for (const el of document.querySelectorAll('[data-centre]')) {
		const what = el.dataset.centre;
		switch (what) {
		case 'name':
			if (c.name) el.textContent = c.name;
			break;
		case 'agency':
			if (c.agency && c.agency.name) el.textContent = c.agency.name;
			break;
		case 'address':
			if (c.address) el.textContent = c.address;
			break;
		case 'phone':
			if (c.phone) {
				el.textContent = c.phone;
				if (el.tagName === 'A') el.href = 'tel:' + c.phone.replace(/[^\d+]/g, '');
			}
			break;
		case 'email':
			if (c.email) {
				el.textContent = c.email;
				if (el.tagName === 'A') el.href = 'mailto:' + c.email;
			}
			break;
		case 'hours':
			if (c.work_periods) el.textContent = fmtWorkPeriods(c.work_periods);
			break;
		case 'hours-list': {
			const list = parseWorkPeriods(c.work_periods);
			if (list.length) replace(el, ...list.map((p) => h('li', {}, `${p.label}: ${p.from} – ${p.to}`)));
			break;
		}
		default:
			break;
		}
	}
	/* [data-centre-if="phone"] is shown only when the centre has a phone */
	for (const el of document.querySelectorAll('[data-centre-if]')) {
		el.hidden = !c[el.dataset.centreIf];
	}
	setTitle();
}

/*
 * Every page's title is "<page> — <centre name>". The page part comes from
 * <title data-i18n-title="key">, the centre part from the API (or, until
 * it answers, from the static title).
 */
let titleSuffix = null;
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
	if (titleSuffix === null) {
		const i = document.title.lastIndexOf(' — ');
		titleSuffix = i >= 0 ? document.title.slice(i + 3) : '';
	}
	const name = (centre && centre.name) || titleSuffix;
	document.title = (titleOverride || t(el.dataset.i18nTitle)) + (name ? ' — ' + name : '');
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
