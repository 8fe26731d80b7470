/*
 * i18n.js — the language of the pages: Vietnamese first, English on request.
 *
 * Every word the pages show lives in web/js/strings/vi.js (the reference,
 * always loaded) and web/js/strings/en.js (loaded only when English is
 * chosen). Code never holds a sentence: it calls t('key', {params}).
 *
 * In HTML, the Vietnamese text is written in the page itself (so it reads
 * before and without JavaScript) and the element names its key:
 *   <h1 data-i18n="home.title">Chào mừng…</h1>          → textContent
 *   <input data-i18n-attr="placeholder:track.code_ph">  → attributes
 *   <title data-i18n="home.doc_title">…</title>         → the tab title
 * translate(root) rewrites them from the table of the current language.
 *
 * The choice is remembered in localStorage ("motcua.lang") and announced
 * with a "motcua:langchange" event on document, so a page can re-render
 * what it built from data.
 *
 * Strings may hold {name} placeholders, and a string may be an object
 * {one, other} chosen by params.count (Vietnamese needs only "other").
 */
import vi from './strings/vi.js';

export const LANGS = ['vi', 'en'];
const STORE_KEY = 'motcua.lang';

let current = 'vi';
let table = vi;
const loaded = { vi };

function stored() {
	try {
		const v = localStorage.getItem(STORE_KEY);
		return LANGS.includes(v) ? v : null;
	} catch {
		return null; /* storage disabled (private mode): Vietnamese */
	}
}

async function load(lang) {
	if (!loaded[lang]) {
		const mod = await import(`./strings/${lang}.js`);
		loaded[lang] = mod.default;
	}
	return loaded[lang];
}

/* The current language code: "vi" or "en". */
export function lang() {
	return current;
}

/*
 * Load the remembered language (default Vietnamese) and translate the
 * document. Called once by layout.js; safe to await again.
 */
let initPromise = null;
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
