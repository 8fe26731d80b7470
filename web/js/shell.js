/*
 * shell.js — THE page shell: header, navigation and footer of every page,
 * and the centre's identity in them, drawn from one place.
 *
 * A page holds only small placeholders (the landmarks stay in its HTML):
 *
 *   <a class="skip-link" href="#main" data-i18n="a11y.skip">Bỏ qua, đến nội dung chính</a>
 *   <header class="site-header" data-shell="public"></header>   (or data-shell="staff")
 *   <main id="main" tabindex="-1"> … </main>
 *   <footer class="site-footer" data-shell-footer></footer>
 *
 * layout.js start() calls renderShell() first thing, before any request,
 * so the header is there at once; app.css reserves its height meanwhile.
 *
 * The centre's name, agency, address, hotline and hours come from
 * GET /api/v1/public/centre (cached 10 minutes in sessionStorage, so the
 * next page draws them without waiting). Until they arrive, and if the
 * API fails, the header says the neutral "Trung tâm Phục vụ hành chính
 * công" and the footer leaves out the facts it does not have. No centre's
 * name is written in any page.
 *
 * Public nav: PUBLIC_NAV below. Staff nav: the staff home, the tools of
 * staff-menu.js the user's roles may open (once GET /me has answered),
 * and the public site. Only pages that exist are listed.
 */
import { t } from './i18n.js';
import { fmtWorkPeriods, parseWorkPeriods } from './format.js';
import { navToolsFor } from './staff-menu.js';
import { h, icon, replace } from './dom.js';

/* The public menu: [href, string key]. Add a row only when the page exists. */
export const PUBLIC_NAV = [
	['/', 'nav.home'],
	['/procedures/', 'nav.procedures'],
	['/submit/', 'nav.submit'],
	['/track/', 'nav.track'],
	['/feedback/', 'nav.feedback'],
	['/reception/', 'nav.reception'],
];

/* Links at the foot of public pages. */
const PUBLIC_FOOTER_LINKS = [
	['/transparency/', 'footer.transparency'],
	['/recognitions/', 'footer.recognitions'],
	['/criteria/', 'footer.criteria'],
	['/login/', 'footer.staff_login'],
];

const CENTRE_KEY = 'motcua.centre';
const CENTRE_TTL_MS = 10 * 60 * 1000;

let kind = 'public';
let centre = null;

/* "public" or "staff": what the page's <header data-shell> asks for. */
export function shellKind() {
	return kind;
}

/* An element with its text and its data-i18n key (translate() keeps it current). */
function tx(tag, key, attrs = {}) {
	return h(tag, { ...attrs, 'data-i18n': key }, t(key));
}

function navLink(href, key) {
	return h('li', {}, tx('a', key, { href }));
}

/*
 * Draw the header (brand, tools, nav) and the footer into the page's
 * placeholders. Synchronous; safe to call once per page.
 */
export function renderShell() {
	const header = document.querySelector('header[data-shell]');
	const footer = document.querySelector('footer[data-shell-footer]');
	kind = header && header.dataset.shell === 'staff' ? 'staff' : 'public';
	const staff = kind === 'staff';
	const wrap = staff ? 'container container--wide' : 'container';
	centre = cachedCentre();

	if (header) {
		const tools = h(
			'div',
			{ class: 'site-header__tools' },
			staff
				? h(
						'p',
						{ class: 'site-header__user mb-0', 'data-staff-only': true, hidden: true },
						icon('user', 'header-button__icon'),
						tx('span', 'staff.signed_in_as', { class: 'visually-hidden' }),
						' ',
						h('strong', { 'data-me': 'full_name' })
					)
				: null,
			h(
				'button',
				{ type: 'button', class: 'header-button', 'data-lang-switch': true, hidden: true },
				icon('globe', 'header-button__icon'),
				h('span', { 'data-lang-switch-label': true, lang: 'en' }, 'English')
			),
			staff
				? h(
						'button',
						{ type: 'button', class: 'header-button', 'data-action': 'logout', 'data-staff-only': true, hidden: true },
						icon('logout', 'header-button__icon'),
						tx('span', 'staff.logout')
					)
				: null
		);
		const nav = h(
			'nav',
			{ class: 'site-nav', 'aria-label': t('nav.label'), 'data-i18n-attr': 'aria-label:nav.label' },
			h('div', { class: wrap }, h('ul', { class: 'site-nav__list', 'data-shell-nav': true }))
		);
		replace(
			header,
			h(
				'div',
				{ class: `${wrap} site-header__inner` },
				h(
					'a',
					{ class: 'brand', href: staff ? '/staff/' : '/' },
					h('img', { class: 'brand__logo', src: '/favicon.svg', alt: '', width: 48, height: 48 }),
					h(
						'span',
						{ class: 'brand__text' },
						h('span', { class: 'brand__agency', 'data-centre': 'agency' }),
						h('span', { class: 'brand__name', 'data-centre': 'name' })
					)
				),
				tools
			),
			nav
		);
		setNav(staff ? [] : null);
	}

	if (footer) {
		replace(
			footer,
			h(
				'div',
				{ class: wrap },
				h('p', { class: 'site-footer__name', 'data-centre': 'name' }),
				staff
					? null
					: [
							h('p', { 'data-centre-if': 'address', hidden: true }, tx('span', 'footer.address'), ' ', h('span', { 'data-centre': 'address' })),
							h('p', { 'data-centre-if': 'phone', hidden: true }, tx('span', 'footer.phone'), ' ', h('a', { 'data-centre': 'phone', href: '#main' })),
							h('p', { 'data-centre-if': 'work_periods', hidden: true }, tx('span', 'footer.hours'), ' ', h('span', { 'data-centre': 'hours' })),
							h('ul', { class: 'site-footer__links' }, PUBLIC_FOOTER_LINKS.map(([href, key]) => navLink(href, key))),
						],
				tx('p', 'footer.software', { class: 'site-footer__meta' })
			)
		);
	}
	fillCentre();
}

/*
 * The nav list: public pages get PUBLIC_NAV; staff pages the staff home,
 * the given tools (from navToolsFor(roles)) and the public site.
 */
function setNav(tools) {
	const list = document.querySelector('[data-shell-nav]');
	if (!list) return;
	const items = tools
		? [
				navLink('/staff/', 'staff.nav_home'),
				...tools.map((tool) => navLink(tool.href, `staff.tool.${tool.id}`)),
				navLink('/', 'staff.public_site'),
			]
		: PUBLIC_NAV.map(([href, key]) => navLink(href, key));
	replace(list, ...items);
	markCurrentNav();
}

/* Staff pages: once GET /me has answered, list the tools these roles open. */
export function showStaffNav(me) {
	if (kind === 'staff') setNav(navToolsFor((me && me.roles) || []));
}

function markCurrentNav() {
	const here = location.pathname;
	let best = null;
	for (const a of document.querySelectorAll('.site-nav a[href]')) {
		a.removeAttribute('aria-current');
		const p = a.getAttribute('href');
		if (p === here || (p !== '/' && p.endsWith('/') && here.startsWith(p))) {
			if (!best || p.length > best.getAttribute('href').length) best = a;
		}
	}
	if (best) best.setAttribute('aria-current', 'page');
}

/* ---- the centre's identity ------------------------------------------------ */

/* The cached facts, if fresh (synchronous: lets the header draw at once). */
export function cachedCentre() {
	try {
		const raw = sessionStorage.getItem(CENTRE_KEY);
		if (raw) {
			const c = JSON.parse(raw);
			if (c && c.at && Date.now() - c.at < CENTRE_TTL_MS && c.data) return c.data;
		}
	} catch {
		/* no cache */
	}
	return null;
}

export function cacheCentre(data) {
	try {
		sessionStorage.setItem(CENTRE_KEY, JSON.stringify({ at: Date.now(), data }));
	} catch {
		/* not cached */
	}
}

/* The centre's facts as the shell shows them (null: not known yet or failed). */
export function currentCentre() {
	return centre;
}

/* Use these facts (from the API) and redraw every [data-centre]. */
export function setCentre(c) {
	centre = c || null;
	fillCentre();
}

/* The centre's name, or the neutral wording while it is unknown. */
export function centreName() {
	return (centre && centre.name) || t('shell.centre_neutral');
}

/*
 * Fill every [data-centre="name|agency|address|phone|email|hours|hours-list"]
 * on the page (shell and page content alike) and show [data-centre-if="x"]
 * only when the centre has x. Called again on a language change.
 */
export function fillCentre() {
	const c = centre || {};
	for (const el of document.querySelectorAll('[data-centre]')) {
		switch (el.dataset.centre) {
		case 'name':
			el.textContent = centreName();
			break;
		case 'agency':
			/* an empty agency line keeps its height (app.css), so nothing jumps */
			el.textContent = (c.agency && c.agency.name) || '';
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
	for (const el of document.querySelectorAll('[data-centre-if]')) {
		el.hidden = !c[el.dataset.centreIf];
	}
}
