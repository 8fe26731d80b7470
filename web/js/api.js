/*
 * api.js — the one way pages talk to the server's JSON API (/api/v1/…).
 *
 *   import { api, ApiError } from '/js/api.js';
 *   const centre = await api('GET', 'public/centre');
 *   await api('POST', 'dossiers', { procedure_code: '1.001234' });
 *
 * - path is relative to /api/v1/ ("me", "/me" and "/api/v1/me" are equal);
 *   a query string may be given in path or as opts.query {name: value}.
 * - The body is sent as JSON; the answer is parsed as JSON (204 → null).
 * - Cookies go along (credentials: same-origin): the session cookie is
 *   HttpOnly and never seen by scripts (its name, motcua_session or
 *   __Host-motcua_session behind HTTPS, matters only to the server).
 * - Every request that is not GET/HEAD carries X-CSRF-Token, the token
 *   the server gave at login or in GET /api/v1/me, kept in sessionStorage
 *   (it dies with the tab; the cookie alone is not enough to write).
 * - Accept-Language follows the chosen language, so server messages come
 *   in the language the person reads.
 * - Any failure throws an ApiError {status, code, message, field,
 *   retryAfter}: status 0 for network failure or timeout; a message is
 *   always there and always readable by a citizen.
 *
 * Form errors are drawn by showErrors() from forms.js, re-exported here.
 */
import { lang, t } from './i18n.js';

export { showErrors, clearErrors, errorsFromApi } from './forms.js';

const BASE = '/api/v1/';
const CSRF_KEY = 'motcua.csrf';
const DEFAULT_TIMEOUT_MS = 20000;

export class ApiError extends Error {
	/* status: HTTP status (0 = no answer); code: stable machine code from the
	 * server ("validation", "unauthenticated"…) or one of ours ("network",
	 * "timeout", "bad_response"); field: the offending field or "";
	 * retryAfter: seconds to wait (429/503), or 0. */
	constructor({ status = 0, code = 'error', message = '', field = '', retryAfter = 0, details = null }) {
		super(message || code);
		this.name = 'ApiError';
		this.status = status;
		this.code = code;
		this.field = field || '';
		this.retryAfter = retryAfter;
		this.details = details;
	}
}

let csrfMemory = null;

/* The CSRF token for writes (from login or GET me); null when unknown. */
export function getCsrfToken() {
	try {
		return sessionStorage.getItem(CSRF_KEY) || csrfMemory;
	} catch {
		return csrfMemory;
	}
}

/* Keep (or, with null, forget) the CSRF token. */
export function setCsrfToken(token) {
	csrfMemory = token || null;
	try {
		if (token) sessionStorage.setItem(CSRF_KEY, token);
		else sessionStorage.removeItem(CSRF_KEY);
	} catch {
		/* sessionStorage disabled: memory only, for this page */
	}
}

/* "/api/v1/…" from the caller's path and optional query object. */
export function apiUrl(path, query) {
	let p = String(path || '');
	if (p.startsWith(BASE)) p = p.slice(BASE.length);
	else if (p.startsWith('/')) p = p.slice(1);
	let url = BASE + p;
	if (query) {
		const qs = new URLSearchParams();
		for (const [k, v] of Object.entries(query)) {
			if (v === undefined || v === null || v === '') continue;
			qs.append(k, String(v));
		}
		const s = qs.toString();
		if (s) url += (url.includes('?') ? '&' : '?') + s;
	}
	return url;
}

/* Seconds from a Retry-After header (delta-seconds or an HTTP date). */
function parseRetryAfter(h) {
	if (!h) return 0;
	if (/^\d+$/.test(h.trim())) return parseInt(h, 10);
	const when = Date.parse(h);
	return Number.isFinite(when) ? Math.max(0, Math.ceil((when - Date.now()) / 1000)) : 0;
}

/* The message we show when the server gave none we can use. */
function fallbackMessage(status) {
	const key = 'error.http_' + status;
	const s = t(key);
	return s !== key ? s : t('error.http_other', { status });
}

/*
 * Call the API. opts: {query, timeout (ms), signal, headers, contentType}.
 * With contentType, body is sent as it is (a string or Blob), not as JSON:
 *   api('POST', 'procedures/import', csvText, {contentType: 'text/csv'}).
 * Resolves to the parsed JSON (or null for an empty answer).
 */
export async function api(method, path, body, opts = {}) {
	const m = String(method || 'GET').toUpperCase();
	const headers = {
		Accept: 'application/json',
		'Accept-Language': lang() === 'en' ? 'en, vi;q=0.5' : 'vi, en;q=0.5',
		...(opts.headers || {}),
	};
	const init = { method: m, headers, credentials: 'same-origin', cache: 'no-store' };
	if (body !== undefined && body !== null && opts.contentType) {
		/* a raw body (a CSV file, text) sent as it is, with its own type */
		headers['Content-Type'] = opts.contentType;
		init.body = body;
	} else if (body !== undefined && body !== null) {
		headers['Content-Type'] = 'application/json';
		init.body = JSON.stringify(body);
	}
	if (m !== 'GET' && m !== 'HEAD') {
		const tok = getCsrfToken();
		if (tok) headers['X-CSRF-Token'] = tok;
	}

	const ctrl = new AbortController();
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		ctrl.abort();
	}, opts.timeout || DEFAULT_TIMEOUT_MS);
	if (opts.signal) {
		if (opts.signal.aborted) ctrl.abort();
		else opts.signal.addEventListener('abort', () => ctrl.abort(), { once: true });
	}
	init.signal = ctrl.signal;

	let res;
	try {
		res = await fetch(apiUrl(path, opts.query), init);
	} catch (e) {
		clearTimeout(timer);
		if (timedOut) throw new ApiError({ status: 0, code: 'timeout', message: t('error.timeout') });
		if (e && e.name === 'AbortError') throw new ApiError({ status: 0, code: 'aborted', message: t('error.aborted') });
		throw new ApiError({ status: 0, code: 'network', message: t('error.network') });
	}

	let text = '';
	try {
		text = await res.text();
	} catch {
		clearTimeout(timer);
		throw new ApiError({ status: res.status, code: 'network', message: t('error.network') });
	}
	clearTimeout(timer);

	const type = res.headers.get('Content-Type') || '';
	let data = null;
	if (text && /json/i.test(type)) {
		try {
			data = JSON.parse(text);
		} catch {
			data = undefined; /* says JSON, is not */
		}
	} else if (text) {
		data = undefined; /* HTML error page from a proxy, or no server at all */
	}

	if (res.ok) {
		if (data === undefined) {
			throw new ApiError({ status: res.status, code: 'bad_response', message: t('error.bad_response') });
		}
		return data;
	}

	const retryAfter = parseRetryAfter(res.headers.get('Retry-After'));
	const e = data && typeof data === 'object' && data.error && typeof data.error === 'object' ? data.error : null;
	throw new ApiError({
		status: res.status,
		code: (e && e.code) || 'http_' + res.status,
		message: (e && e.message) || fallbackMessage(res.status),
		field: (e && e.field) || '',
		retryAfter,
		details: e,
	});
}

/* Shorthands. */
export const apiGet = (path, opts) => api('GET', path, undefined, opts);
export const apiPost = (path, body, opts) => api('POST', path, body, opts);

/*
 * Send a large JSON body (an online submission with its files) and report
 * how much has gone: XMLHttpRequest, because fetch() cannot tell upload
 * progress. Same headers, same answer and same ApiError as api().
 *   apiUpload('POST', 'public/submissions', body, {onProgress(sent, total) {…}, onSent() {…}})
 * opts.timeout (ms, default 60 s) counts from the last byte that moved, so
 * a slow but living connection is never cut.
 */
export function apiUpload(method, path, body, opts = {}) {
	return new Promise((resolve, reject) => {
		const xhr = new XMLHttpRequest();
		const m = String(method || 'POST').toUpperCase();
		xhr.open(m, apiUrl(path, opts.query));
		xhr.setRequestHeader('Accept', 'application/json');
		xhr.setRequestHeader('Accept-Language', lang() === 'en' ? 'en, vi;q=0.5' : 'vi, en;q=0.5');
		xhr.setRequestHeader('Content-Type', 'application/json');
		const tok = getCsrfToken();
		if (tok && m !== 'GET' && m !== 'HEAD') xhr.setRequestHeader('X-CSRF-Token', tok);
		let timer = 0;
		let timedOut = false;
		const arm = () => {
			clearTimeout(timer);
			timer = setTimeout(() => {
				timedOut = true;
				xhr.abort();
			}, opts.timeout || 60000);
		};
		const fail = (code) => {
			clearTimeout(timer);
			reject(new ApiError({ status: 0, code, message: t('error.' + code) }));
		};
		xhr.upload.onprogress = (e) => {
			arm();
			if (opts.onProgress) opts.onProgress(e.loaded, e.lengthComputable ? e.total : 0);
		};
		xhr.upload.onload = () => {
			arm();
			if (opts.onSent) opts.onSent();
		};
		xhr.onerror = () => fail('network');
		xhr.onabort = () => fail(timedOut ? 'timeout' : 'aborted');
		xhr.onload = () => {
			clearTimeout(timer);
			const text = xhr.responseText || '';
			let data = null;
			if (text && /json/i.test(xhr.getResponseHeader('Content-Type') || '')) {
				try {
					data = JSON.parse(text);
				} catch {
					data = undefined;
				}
			} else if (text) {
				data = undefined;
			}
			if (xhr.status >= 200 && xhr.status < 300) {
				if (data === undefined) reject(new ApiError({ status: xhr.status, code: 'bad_response', message: t('error.bad_response') }));
				else resolve(data);
				return;
			}
			const e = data && typeof data === 'object' && data.error && typeof data.error === 'object' ? data.error : null;
			reject(new ApiError({
				status: xhr.status,
				code: (e && e.code) || 'http_' + xhr.status,
				message: (e && e.message) || fallbackMessage(xhr.status),
				field: (e && e.field) || '',
				retryAfter: parseRetryAfter(xhr.getResponseHeader('Retry-After')),
				details: e,
			}));
		};
		if (opts.signal) opts.signal.addEventListener('abort', () => xhr.abort(), { once: true });
		arm();
		xhr.send(typeof body === 'string' ? body : JSON.stringify(body));
	});
}
