/*
 * staff/apikeys/page.js — the Open311 API keys of civic-issue clients
 * (administrators; D37).
 *
 *   GET  /api/v1/open311/keys               the list: name, issued, last use, uses, state
 *   POST /api/v1/open311/keys {name}        → 201 with the key, shown once
 *   POST /api/v1/open311/keys/{id}/revoke   revoke
 *
 * Same pattern as the personal tokens page: the key is shown once in a
 * read-only box with a copy button; revoking asks for a second click in the
 * same row.
 */
import { startStaff, t } from '/js/layout.js';
import { api } from '/js/api.js';
import { handleAuthError } from '/js/auth.js';
import { showErrors, clearErrors, errorsFromApi, formValues } from '/js/forms.js';
import { fmtDateTime } from '/js/format.js';
import { $, h, replace, badge, notice } from '/js/dom.js';

const loading = $('[data-staff-loading]');
const me = await startStaff({ strings: ['apikeys'] });

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
		items = (await api('GET', 'open311/keys')).items || [];
		replace($('[data-list-notice]'));
		render();
	} catch (e) {
		if (handleAuthError(e)) return;
		replace($('[data-list-notice]'), notice('error', t('apikeys.load_failed'), e.message));
	}
}

const when = (v) => (v ? fmtDateTime(v) : t('apikeys.never'));

function render() {
	if (!items) return;
	$('[data-list-empty]').hidden = items.length > 0;
	$('[data-list-wrap]').hidden = items.length === 0;
	replace(
		$('[data-list-rows]'),
		...items.map((it) =>
			h(
				'tr',
				{ dataset: { key: it.id } },
				h('td', { 'data-label': t('apikeys.col.name') }, h('strong', {}, it.name)),
				h('td', { 'data-label': t('apikeys.col.created') }, when(it.created_at)),
				h('td', { 'data-label': t('apikeys.col.last_used') }, when(it.last_used_at)),
				h('td', { 'data-label': t('apikeys.col.uses') }, String(it.uses)),
				h('td', { 'data-label': t('apikeys.col.state') }, it.revoked_at ? badge('late', t('apikeys.state.revoked')) : badge('ok', t('apikeys.state.active'))),
				h('td', { 'data-label': t('apikeys.col.actions') }, actions(it))
			)
		)
	);
}

function actions(it) {
	if (it.revoked_at) return '—';
	if (confirming !== it.id) {
		return h(
			'button',
			{
				type: 'button',
				class: 'btn btn--secondary btn--small nowrap',
				'aria-label': t('apikeys.revoke_named', { name: it.name }),
				onclick: () => {
					confirming = it.id;
					render();
					const yes = document.querySelector(`tr[data-key="${it.id}"] [data-confirm]`);
					if (yes) yes.focus();
				},
			},
			t('apikeys.revoke')
		);
	}
	return h(
		'div',
		{ class: 'btn-group mb-0' },
		h('span', {}, t('apikeys.revoke_confirm')),
		h('button', { type: 'button', class: 'btn btn--warning btn--small', 'data-confirm': true, onclick: () => revoke(it) }, t('apikeys.revoke_yes')),
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
			t('apikeys.revoke_no')
		)
	);
}

async function revoke(it) {
	try {
		await api('POST', `open311/keys/${it.id}/revoke`);
		confirming = 0;
		await load();
		replace($('[data-list-notice]'), notice('success', null, t('apikeys.revoked', { name: it.name })));
	} catch (e) {
		if (handleAuthError(e)) return;
		replace($('[data-list-notice]'), notice('error', t('apikeys.revoke_failed'), e.message));
	}
}

async function create(ev) {
	ev.preventDefault();
	const form = ev.currentTarget;
	clearErrors(form);
	const v = formValues(form);
	if (!v.name) {
		showErrors(form, [{ field: 'name', message: t('apikeys.name_required') }]);
		return;
	}
	const button = form.querySelector('button[type="submit"]');
	button.disabled = true;
	try {
		const made = await api('POST', 'open311/keys', { name: v.name });
		form.reset();
		showKey(made);
		await load();
	} catch (e) {
		if (handleAuthError(e)) return;
		showErrors(form, errorsFromApi(e));
	} finally {
		button.disabled = false;
	}
}

function showKey(made) {
	const box = h('input', {
		class: 'input mono',
		type: 'text',
		readonly: true,
		value: made.key,
		'aria-label': t('apikeys.key_label'),
		'data-new-key': true,
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
					await navigator.clipboard.writeText(made.key);
					copy.textContent = t('apikeys.copied');
				} catch {
					copy.textContent = t('apikeys.copy_manual');
				}
			},
		},
		t('apikeys.copy')
	);
	const n = notice('success', t('apikeys.created', { name: made.name }), t('apikeys.created_text'), h('p', {}, box), h('p', { class: 'mb-0' }, copy));
	n.setAttribute('tabindex', '-1');
	replace($('[data-new-result]'), n);
	n.focus();
}
