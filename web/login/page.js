/*
 * login/page.js — staff sign-in (POST /api/v1/session).
 *
 * - The submit button is disabled in the HTML and enabled here: without
 *   JavaScript the form must never be sent by the browser itself.
 * - Errors the person can fix (empty field, wrong password, too many
 *   tries) go to the error summary and beside the field; the server's
 *   own validation uses the same messages. Errors of the system (no
 *   network, server down) go to a page notice.
 * - What was typed as username is kept; the password is cleared after a
 *   wrong password (as every sign-in page does). Paste is never blocked.
 * - On success: to ?next= if it is a path on this site, else /staff/.
 */
import { start, pageNotice, clearPageNotice, t } from '/js/layout.js';
import { api, ApiError } from '/js/api.js';
import { showErrors, clearErrors, errorsFromApi, formValues } from '/js/forms.js';
import { rememberLogin, safeNext } from '/js/auth.js';
import { fmtDuration, fmtTime } from '/js/format.js';
import { h, replace } from '/js/dom.js';

await start({ strings: ['home'] });

const form = document.querySelector('[data-login-form]');
const submit = form.querySelector('[data-login-submit]');
const user = form.elements.username;
const pass = form.elements.password;
const params = new URLSearchParams(location.search);
const next = safeNext(params.get('next'));
let busy = false;

/* A notice that follows the language switch (its text is a key). */
function keyedNotice(kind, key) {
	const region = document.querySelector('[data-page-notice]');
	replace(region, h('div', { class: `notice notice--${kind}`, role: 'status' }, h('p', { 'data-i18n': key }, t(key))));
}
if (params.has('logged_out')) keyedNotice('success', 'login.logged_out');
else if (params.has('next')) keyedNotice('info', 'login.sign_in_to_continue');

/* Show / hide password. */
const toggle = form.querySelector('[data-toggle-password]');
const status = form.querySelector('[data-password-status]');
function drawToggle() {
	const shown = pass.type === 'text';
	toggle.textContent = t(shown ? 'login.hide_password' : 'login.show_password');
	toggle.setAttribute('aria-label', t(shown ? 'login.hide_password_aria' : 'login.show_password_aria'));
	toggle.setAttribute('aria-pressed', shown ? 'true' : 'false');
}
toggle.hidden = false;
drawToggle();
toggle.addEventListener('click', () => {
	pass.type = pass.type === 'password' ? 'text' : 'password';
	drawToggle();
	status.textContent = t(pass.type === 'text' ? 'login.password_shown' : 'login.password_hidden');
});
document.addEventListener('motcua:langchange', () => {
	drawToggle();
	if (!busy) submit.textContent = t('login.submit');
});

submit.disabled = false;

function setBusy(b) {
	busy = b;
	submit.disabled = b;
	submit.setAttribute('aria-disabled', b ? 'true' : 'false');
	submit.textContent = t(b ? 'login.submitting' : 'login.submit');
}

/* The courtesy check in the page; the server checks the same things. */
function localErrors(v) {
	const errs = [];
	if (!v.username) errs.push({ field: 'username', message: t('login.err_username_empty') });
	if (!v.password) errs.push({ field: 'password', message: t('login.err_password_empty') });
	return errs;
}

form.addEventListener('submit', async (ev) => {
	ev.preventDefault();
	if (busy) return;
	clearErrors(form);
	clearPageNotice();
	const v = formValues(form);
	const errs = localErrors(v);
	if (errs.length) {
		showErrors(form, errs);
		return;
	}
	setBusy(true);
	try {
		const answer = await api('POST', 'session', { username: v.username, password: v.password });
		rememberLogin(answer);
		keyedNotice('success', 'login.success');
		location.assign(next);
	} catch (e) {
		setBusy(false);
		if (!(e instanceof ApiError)) throw e;
		handleError(e);
	}
});

function handleError(e) {
	if (e.status === 429) {
		const msg = e.retryAfter
			? t('login.err_throttled', { wait: fmtDuration(e.retryAfter), time: fmtTime(Date.now() + e.retryAfter * 1000) })
			: t('login.err_throttled_nowait');
		showErrors(form, [{ field: '', message: msg }]);
		return;
	}
	if (e.status === 401) {
		/* Wrong username or password. The server names "password"; say so
		 * there, keep the username, clear the password for the next try. */
		pass.value = '';
		const message = e.code === 'invalid_credentials' ? e.message : t('login.err_failed');
		showErrors(form, [{ field: e.field || 'password', message }]);
		return;
	}
	if (e.status === 400 || e.status === 422) {
		showErrors(form, errorsFromApi(e));
		return;
	}
	/* Not the person's fault: no network, server down, wrong server. */
	pageNotice('error', t('login.failed_title'), `${e.message} ${t('error.tell_admin')}`);
}

