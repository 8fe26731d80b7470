/*
 * secret-list.js — the page pattern of credentials shown once: a list
 * (created, last use, state) with a two-click revoke in the row, and a form
 * whose answer holds the secret, shown once in a read-only box with a copy
 * button. The personal API tokens (staff/tokens) and the Open311 API keys
 * (staff/apikeys) are two uses of it.
 *
 * Revoking asks for a second click in the same row ("Thu hồi mã này?") rather
 * than a browser dialog, so it reads the same with a screen reader and a
 * keyboard. The list never holds a secret (the server keeps only a hash).
 *
 * secretList(c), with `c`:
 *   ns            the strings' namespace ('tokens': t('tokens.revoke'), …)
 *   rowKey        the rows' data attribute (data-<rowKey>="<id>")
 *   list()        → the items (a promise)
 *   cells(it, when) → [[column key, content], …] (when(v): a date or "never")
 *   active(it)    → whether the row can still be revoked
 *   vars(it)      → the variables of the 'revoke_named'/'revoked' strings
 *   revoke(it)    → a promise
 *   check(v)      → {errors:[{field,message}], body} from the form's values
 *   create(body)  → the answer with the secret (a promise)
 *   secret(made)  → the secret; secretAttr: the box's data attribute;
 *   shown(made)   → [title, text] of the notice that shows it
 */
import { startStaff, t } from '/js/layout.js';
import { handleAuthError } from '/js/auth.js';
import { showErrors, clearErrors, errorsFromApi, formValues } from '/js/forms.js';
import { fmtDateTime } from '/js/format.js';
import { $, h, replace, notice } from '/js/dom.js';

export async function secretList(c) {
	const loading = $('[data-staff-loading]');
	const me = await startStaff({ strings: [c.ns] });
	const s = (k, v) => t(`${c.ns}.${k}`, v);
	let items = null;
	let confirming = 0;

	const when = (v) => (v ? fmtDateTime(v) : s('never'));
	const fail = (e, key) => {
		if (handleAuthError(e)) return;
		replace($('[data-list-notice]'), notice('error', s(key), e.message));
	};

	async function load() {
		try {
			items = (await c.list()) || [];
			replace($('[data-list-notice]'));
			render();
		} catch (e) {
			fail(e, 'load_failed');
		}
	}

	function render() {
		if (!items) return;
		$('[data-list-empty]').hidden = items.length > 0;
		$('[data-list-wrap]').hidden = items.length === 0;
		replace(
			$('[data-list-rows]'),
			...items.map((it) =>
				h(
					'tr',
					{ dataset: { [c.rowKey]: it.id } },
					...c.cells(it, when).map(([col, content]) => h('td', { 'data-label': s('col.' + col) }, content)),
					h('td', { 'data-label': s('col.actions') }, actions(it))
				)
			)
		);
	}

	function actions(it) {
		if (!c.active(it)) return '—';
		if (confirming !== it.id) {
			return h(
				'button',
				{
					type: 'button',
					class: 'btn btn--secondary btn--small nowrap',
					'aria-label': s('revoke_named', c.vars(it)),
					onclick: () => {
						confirming = it.id;
						render();
						const yes = document.querySelector(`tr[data-${c.rowKey}="${it.id}"] [data-confirm]`);
						if (yes) yes.focus();
					},
				},
				s('revoke')
			);
		}
		return h(
			'div',
			{ class: 'btn-group mb-0' },
			h('span', {}, s('revoke_confirm')),
			h('button', { type: 'button', class: 'btn btn--warning btn--small', 'data-confirm': true, onclick: () => revoke(it) }, s('revoke_yes')),
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
				s('revoke_no')
			)
		);
	}

	async function revoke(it) {
		try {
			await c.revoke(it);
			confirming = 0;
			await load();
			replace($('[data-list-notice]'), notice('success', null, s('revoked', c.vars(it))));
		} catch (e) {
			fail(e, 'revoke_failed');
		}
	}

	async function create(ev) {
		ev.preventDefault();
		const form = ev.currentTarget;
		clearErrors(form);
		const { errors, body } = c.check(formValues(form));
		if (errors.length) {
			showErrors(form, errors);
			return;
		}
		const button = form.querySelector('button[type="submit"]');
		button.disabled = true;
		try {
			const made = await c.create(body);
			form.reset();
			show(made);
			await load();
		} catch (e) {
			if (handleAuthError(e)) return;
			showErrors(form, errorsFromApi(e));
		} finally {
			button.disabled = false;
		}
	}

	function show(made) {
		const secret = c.secret(made);
		const box = h('input', {
			class: 'input mono',
			type: 'text',
			readonly: true,
			value: secret,
			'aria-label': s(c.secretLabel),
			[c.secretAttr]: true,
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
						await navigator.clipboard.writeText(secret);
						copy.textContent = s('copied');
					} catch {
						copy.textContent = s('copy_manual');
					}
				},
			},
			s('copy')
		);
		const [title, text] = c.shown(made);
		const n = notice('success', title, text, h('p', {}, box), h('p', { class: 'mb-0' }, copy));
		n.setAttribute('tabindex', '-1');
		replace($('[data-new-result]'), n);
		n.focus();
	}

	if (me) {
		loading.hidden = true;
		$('[data-new-form]').addEventListener('submit', create);
		document.addEventListener('motcua:langchange', render);
		load();
	}
}
