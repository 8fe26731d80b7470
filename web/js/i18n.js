/*
 * i18n.js — the language of the pages: Vietnamese first, English on request.
 *
 * Every word the pages show lives in web/js/strings/<lang>/<area>.js, one
 * file per area and language (vi/ is the reference; en/ has the same keys):
 *   common     the shell, errors, forms, formats, roles, staff home + menu (always loaded)
 *   home       the home page, staff sign-in, page not found
 *   catalogue  procedure search, one procedure, the admin catalogue (js/catalogue.js loads it)
 *   dossier    the staff dossier pages (js/staff-dossier.js loads it)
 *   citizen    online submission and tracking
 *   calendar   the working calendar
 *   tokens     personal access tokens
 *   guidance   guidance before receipt (Mẫu 02 for an incomplete dossier)
 *   petition   citizens' voice: feedback form, answers register, staff petitions
 *   reception  reception days, registration, the reception book
 *   apikeys    Open311 API keys (administrators)
 *   indicator  the Decision 766 indicators (/staff/indicators/)
 *   performance  the officers' figures (/staff/performance/)
 *   recognition  exemplary officials and good practices (public and staff pages)
 *   report     the periodic report on dossier handling (Biểu II.06a)
 *   dashboard  the dashboards and the public transparency page
 * A page names the areas it needs: start({strings: ['citizen']}) in
 * layout.js, or `await useStrings('catalogue')` at the top of a shared
 * module. Only the areas asked for are fetched, in the current language
 * (plus Vietnamese, the fallback). Code never holds a sentence: it calls
 * t('key', {params}). Keys are "<prefix>.<name>", the prefix naming the
 * page or the part of it (track.*, proc_editor.*, dossier_view.*).
 *
 * In HTML, the Vietnamese text is written in the page itself (so it reads
 * before and without JavaScript) and the element names its key:
 *   <h1 data-i18n="home.title">Chào mừng…</h1>          → textContent
 *   <input data-i18n-attr="placeholder:track.code_ph">  → attributes
 *   <title data-i18n-title="home.doc_title">…</title>   → the tab title (layout.js)
 * translate(root) rewrites them from the table of the current language.
 *
 * The choice is remembered in localStorage ("motcua.lang") and announced
 * with a "motcua:langchange" event on document, so a page can re-render
 * what it built from data.
 *
 * Strings may hold {name} placeholders, and a string may be an object
 * {one, other} chosen by params.count (Vietnamese needs only "other").
 */
import viCommon from './strings/vi/common.js';

export const LANGS = ['vi', 'en'];
export const AREAS = ['common', 'home', 'catalogue', 'dossier', 'citizen', 'calendar', 'tokens', 'guidance', 'queue', 'petition', 'reception', 'evaluation', 'apikeys', 'performance', 'recognition', 'report', 'indicator', 'dashboard', 'officials'];
const STORE_KEY = 'motcua.lang';

let current = 'vi';
/* the merged strings of the loaded areas, per language */
const tables = { vi: { ...viCommon }, en: {} };
const vi = tables.vi;
/* area → Promise, per language */
const loaded = { vi: new Map([['common', Promise.resolve()]]), en: new Map() };
/* the areas this page asked for (loaded again in a newly chosen language) */
const wanted = new Set(['common']);
let table = vi;
let initPromise = null;

function stored() {
	try {
		const v = localStorage.getItem(STORE_KEY);
		return LANGS.includes(v) ? v : null;
	} catch {
		return null; /* storage disabled (private mode): Vietnamese */
	}
}

function loadArea(l, area) {
	let p = loaded[l].get(area);
	if (!p) {
		p = import(`./strings/${l}/${area}.js`).then((mod) => {
			Object.assign(tables[l], mod.default);
		});
		loaded[l].set(area, p);
		p.catch(() => loaded[l].delete(area)); /* try again next time */
	}
	return p;
}

/*
 * Load string areas for this page: Vietnamese always, and the language the
 * page is (or will be) shown in. Safe to call many times, from any module.
 */
export async function useStrings(...areas) {
	for (const a of areas) {
		if (!AREAS.includes(a)) throw new Error(`unknown string area: ${a}`);
		wanted.add(a);
	}
	/* the remembered language even while initI18n is still switching to it
	 * (start() runs both at once): `current` is still "vi" until it is done */
	const l = stored() || current;
	await Promise.all(areas.flatMap((a) => (l === 'vi' ? [loadArea('vi', a)] : [loadArea('vi', a), loadArea(l, a)])));
}

async function load(l) {
	await Promise.all([...wanted].map((a) => loadArea(l, a)));
	return tables[l];
}

/* The current language code: "vi" or "en". */
export function lang() {
	return current;
}

/*
 * Load the remembered language (default Vietnamese) and translate the
 * document. Called once by layout.js; safe to await again.
 */
export function initI18n() {
	if (!initPromise) {
		initPromise = (async () => {
			const want = stored() || 'vi';
			if (want !== 'vi') {
				try {
					await apply(want);
				} catch {
					/* en.js failed to load: stay in Vietnamese */
				}
			}
			return current;
		})();
	}
	return initPromise;
}

async function apply(l) {
	table = await load(l);
	current = l;
	document.documentElement.lang = l;
	translate(document);
}

/* Switch language, remember it, re-translate, and tell the page. */
export async function setLang(l) {
	if (!LANGS.includes(l)) return;
	try {
		localStorage.setItem(STORE_KEY, l);
	} catch {
		/* not remembered; still switch for this page */
	}
	await apply(l);
	document.dispatchEvent(new CustomEvent('motcua:langchange', { detail: { lang: l } }));
}

/*
 * The string for key in the current language, with {placeholders} filled.
 * Falls back to Vietnamese, then to the key itself (visible, so a missing
 * string is noticed in review rather than silently blank).
 */
export function t(key, params) {
	let s = table[key];
	if (s === undefined) s = vi[key];
	if (s === undefined) return key;
	if (typeof s === 'object' && s !== null) {
		const n = params && typeof params.count === 'number' ? params.count : 0;
		const rule = new Intl.PluralRules(current === 'en' ? 'en' : 'vi').select(n);
		s = s[rule] ?? s.other;
	}
	if (params) {
		s = s.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
	}
	return s;
}

/* True when the current table (or Vietnamese) has key. */
export function has(key) {
	return key in table || key in vi;
}

/*
 * Rewrite the marked elements under root from the current table.
 * data-i18n="key"                  → textContent
 * data-i18n-attr="attr:key;attr:key" → the named attributes
 * data-i18n-params='{"n":3}'       → parameters for both (JSON)
 * Elements whose key is unknown keep their text.
 */
export function translate(root = document) {
	const scope = root.querySelectorAll ? root : document;
	const els = scope.querySelectorAll('[data-i18n], [data-i18n-attr]');
	for (const el of els) {
		let params;
		if (el.dataset.i18nParams) {
			try {
				params = JSON.parse(el.dataset.i18nParams);
			} catch {
				params = undefined;
			}
		}
		const key = el.dataset.i18n;
		if (key && has(key)) el.textContent = t(key, params);
		const attrs = el.dataset.i18nAttr;
		if (attrs) {
			for (const pair of attrs.split(';')) {
				const [attr, k] = pair.split(':').map((x) => x && x.trim());
				if (attr && k && has(k)) el.setAttribute(attr, t(k, params));
			}
		}
	}
}
