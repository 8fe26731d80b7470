/*
 * staff/tokens/page.js — one's own personal API tokens (Mã truy cập cá nhân).
 *
 *   GET    /api/v1/me/tokens          the list: label, created, expires, last use, state
 *   POST   /api/v1/me/tokens          {label, days} → 201 with the token, shown once
 *   DELETE /api/v1/me/tokens/{id}     revoke
 *
 * The token is shown once, in a read-only box with a copy button; the list
 * never holds it (the server keeps only its hash). Revoking asks for a
 * second click in the same row ("Thu hồi mã này?") rather than a browser
 * dialog, so it reads the same with a screen reader and a keyboard.
 */
import { startStaff, t } from '/js/layout.js';
import { api } from '/js/api.js';
import { handleAuthError } from '/js/auth.js';
import { showErrors, clearErrors, errorsFromApi, formValues } from '/js/forms.js';
import { fmtDateTime } from '/js/format.js';
import { $, h, replace, badge, notice } from '/js/dom.js';

const STATE_BADGE = { active: 'ok', expired: 'neutral', revoked: 'late' };

const loading = $('[data-staff-loading]');
const me = await startStaff({ strings: ['tokens'] });

let items = null;
let confirming = 0;

if (me) {
	loading.hidden = true;
	$('[data-new-form]').addEventListener('submit', create);
	document.addEventListener('motcua:langchange', render);
	load();
}

async function load() {
	try {
		items = (await api('GET', 'me/tokens')).items || [];
		replace($('[data-list-notice]'));
		render();
	} catch (e) {
		if (handleAuthError(e)) return;
		replace($('[data-list-notice]'), notice('error', t('tokens.load_failed'), e.message));
	}
}

const when = (v) => (v ? fmtDateTime(v) : t('tokens.never'));

function render() {
	if (!items) return;
	$('[data-list-empty]').hidden = items.length > 0;
	$('[data-list-wrap]').hidden = items.length === 0;
	replace(
		$('[data-list-rows]'),
		...items.map((it) =>
			h(
				'tr',
				{ dataset: { token: it.id } },
				h('td', { 'data-label': t('tokens.col.label') }, h('strong', {}, it.label || '—')),
				h('td', { 'data-label': t('tokens.col.created') }, when(it.created_at)),
				h('td', { 'data-label': t('tokens.col.expires') }, when(it.expires_at)),
				h('td', { 'data-label': t('tokens.col.last_used') }, when(it.last_used_at)),
				h('td', { 'data-label': t('tokens.col.state') }, badge(STATE_BADGE[it.state], t('tokens.state.' + it.state))),
				h('td', { 'data-label': t('tokens.col.actions') }, actions(it))
			)
		)
	);
}

function actions(it) {
	if (it.state !== 'active') return '—';
	const label = it.label || String(it.id);
	if (confirming !== it.id) {
		return h(
			'button',
			{
				type: 'button',
				class: 'btn btn--secondary btn--small nowrap',
				'aria-label': t('tokens.revoke_named', { label }),
				onclick: () => {
					confirming = it.id;
					render();
					const yes = document.querySelector(`tr[data-token="${it.id}"] [data-confirm]`);
					if (yes) yes.focus();
				},
			},
			t('tokens.revoke')
		);
	}
	return h(
		'div',
		{ class: 'btn-group mb-0' },
		h('span', {}, t('tokens.revoke_confirm')),
		h('button', { type: 'button', class: 'btn btn--warning btn--small', 'data-confirm': true, onclick: () => revoke(it) }, t('tokens.revoke_yes')),
		h(
			'button',
			{
				type: 'button',
				class: 'btn btn--secondary btn--small',
				onclick: () => {
					confirming = 0;
					render();
				},
			},
			t('tokens.revoke_no')
		)
	);
}

async function revoke(it) {
	try {
		await api('DELETE', `me/tokens/${it.id}`);
		confirming = 0;
		await load();
		replace($('[data-list-notice]'), notice('success', null, t('tokens.revoked', { label: it.label })));
	} catch (e) {
		if (handleAuthError(e)) return;
		replace($('[data-list-notice]'), notice('error', t('tokens.revoke_failed'), e.message));
	}
}

async function create(ev) {
	ev.preventDefault();
	const form = ev.currentTarget;
	clearErrors(form);
	const v = formValues(form);
	const errors = [];
	if (!v.label) errors.push({ field: 'label', message: t('tokens.label_required') });
	const days = v.days === '' ? 90 : Number(v.days);
	if (!Number.isInteger(days) || days < 1 || days > 365) errors.push({ field: 'days', message: t('tokens.days_invalid') });
	if (errors.length) {
		showErrors(form, errors);
		return;
	}
	const button = form.querySelector('button[type="submit"]');
	button.disabled = true;
	try {
		const made = await api('POST', 'me/tokens', { label: v.label, days });
		form.reset();
		showToken(made);
		await load();
	} catch (e) {
		if (handleAuthError(e)) return;
		showErrors(form, errorsFromApi(e));
	} finally {
		button.disabled = false;
	}
}

function showToken(made) {
	const box = h('input', {
		class: 'input mono',
		type: 'text',
		readonly: true,
		value: made.token,
		'aria-label': t('tokens.token_label'),
		'data-new-token': true,
		onfocus: (e) => e.target.select(),
	});
	const copy = h(
		'button',
		{
			type: 'button',
			class: 'btn btn--secondary btn--small',
			onclick: async () => {
				box.select();
				try {
					await navigator.clipboard.writeText(made.token);
					copy.textContent = t('tokens.copied');
				} catch {
					copy.textContent = t('tokens.copy_manual');
				}
			},
		},
		t('tokens.copy')
	);
	const n = notice(
		'success',
		t('tokens.created', { label: made.label }),
		t('tokens.created_text', { expires: fmtDateTime(made.expires_at) }),
		h('p', {}, box),
		h('p', { class: 'mb-0' }, copy)
	);
	n.setAttribute('tabindex', '-1');
	replace($('[data-new-result]'), n);
	n.focus();
}
