/*
 * auth.js — who is signed in, for staff pages.
 *
 * The session itself is an HttpOnly cookie the scripts never see. What we
 * keep is the CSRF token (api.js) and, for the life of the page, the
 * answer of GET /api/v1/me.
 *
 *   const me = await requireStaff();   // redirects to /login/ on 401
 *   if (hasRole(me, 'reception')) …
 */
import { api, ApiError, setCsrfToken } from './api.js';
import { t, has } from './i18n.js';

/* The five roles the server knows, in the order we list them. */
export const ROLES = ['admin', 'reception', 'specialist', 'head', 'leader', 'province'];

let meCache = null;

/* The Vietnamese/English name of a role ("reception" → "Cán bộ tiếp nhận (một cửa)"). */
export function roleLabel(role) {
	const key = 'role.' + role;
	return has(key) ? t(key) : role;
}

/* True when me has any of the roles. */
export function hasRole(me, ...roles) {
	const mine = (me && Array.isArray(me.roles) && me.roles) || [];
	return roles.some((r) => mine.includes(r));
}

/*
 * The `next` target after login, only if it is a path on this site:
 * it must start with one "/" (not "//" nor "/\"), and resolve to our
 * origin. Anything else gives fallback.
 */
export function safeNext(next, fallback = '/staff/') {
	if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
		return fallback;
	}
	if (/[\u0000-\u001f\u007f]/.test(next)) return fallback;
	try {
		const u = new URL(next, location.origin);
		if (u.origin !== location.origin) return fallback;
		return u.pathname + u.search + u.hash;
	} catch {
		return fallback;
	}
}

/* The login page address that comes back to the current page. */
export function loginUrl(next = location.pathname + location.search) {
	return '/login/?next=' + encodeURIComponent(safeNext(next));
}

/* GET /api/v1/me, kept for the page; stores the CSRF token. Throws ApiError. */
export async function loadMe(force = false) {
	if (meCache && !force) return meCache;
	const me = await api('GET', 'me');
	if (me && me.csrf_token) setCsrfToken(me.csrf_token);
	meCache = me;
	return me;
}

/*
 * The signed-in user, or — on 401 — off to the login page (the promise
 * then never settles, so the page stops where it is). Other errors throw.
 */
export async function requireStaff() {
	try {
		return await loadMe();
	} catch (e) {
		if (e instanceof ApiError && e.status === 401) {
			setCsrfToken(null);
			location.replace(loginUrl());
			return new Promise(() => {});
		}
		throw e;
	}
}

/*
 * For any API call on a staff page: a 401 means the session ended
 * (timeout, logout elsewhere): go to login and come back. Returns true
 * when it handled the error.
 */
export function handleAuthError(e) {
	if (e instanceof ApiError && e.status === 401) {
		setCsrfToken(null);
		location.assign(loginUrl());
		return true;
	}
	return false;
}

/* DELETE /api/v1/session and go to the login page. A 401 (already gone)
 * counts as success; other errors throw so the page can say so. */
export async function logout() {
	try {
		await api('DELETE', 'session');
	} catch (e) {
		if (!(e instanceof ApiError) || e.status !== 401) throw e;
	}
	setCsrfToken(null);
	meCache = null;
	location.assign('/login/?logged_out=1');
}

/* Exposed for the login page: it gets the user and token from POST session. */
export function rememberLogin(answer) {
	if (answer && answer.csrf_token) setCsrfToken(answer.csrf_token);
	meCache = null;
}
