/*
 * forms.js — errors on forms, the GOV.UK way.
 *
 * When a form has errors we show:
 *   1. an error summary at the top of the form ("Có lỗi cần sửa"), which
 *      takes focus so screen readers announce it, with one link per error
 *      that moves focus to the field;
 *   2. the same message beside the field, above the control, with the
 *      field marked aria-invalid and the message in aria-describedby;
 *   3. "Lỗi: " before the page title, so the tab and a screen reader say so.
 * What the person typed is never cleared by this module.
 *
 * Markup contract (see docs/WEB.md, "Forms"):
 *   <form novalidate data-form>
 *     <div class="error-summary" data-error-summary hidden></div>   (optional;
 *        created at the top of the form when absent)
 *     <div class="field">
 *       <label class="field__label" for="f-username">…</label>
 *       <p class="field__hint" id="f-username-hint">…</p>
 *       <input class="input" id="f-username" name="username" aria-describedby="f-username-hint">
 *     </div>
 * An error's `field` is the control's name (the same path the API uses,
 * e.g. "applicant.id_number"); radios and checkboxes link to the first.
 */
import { t } from './i18n.js';

const TITLE_MARK = 'motcuaTitle';

function controlFor(form, field) {
	if (!field) return null;
	const esc = window.CSS && CSS.escape ? CSS.escape(field) : field.replace(/["\\]/g, '\\$&');
	return form.querySelector(`[name="${esc}"]`) || form.querySelector(`[data-field="${esc}"]`);
}

function ensureId(el, prefix) {
	if (!el.id) el.id = prefix + Math.random().toString(36).slice(2, 8);
	return el.id;
}

/* Remove every error mark drawn by showErrors on form. */
export function clearErrors(form) {
	const summary = form.querySelector('[data-error-summary]');
	if (summary) {
		summary.hidden = true;
		summary.textContent = '';
	}
	for (const msg of form.querySelectorAll('[data-field-error]')) {
		const ctl = msg.dataset.fieldError && document.getElementById(msg.dataset.fieldError);
		if (ctl) {
			const ids = (ctl.getAttribute('aria-describedby') || '').split(/\s+/).filter((x) => x && x !== msg.id);
			if (ids.length) ctl.setAttribute('aria-describedby', ids.join(' '));
			else ctl.removeAttribute('aria-describedby');
		}
		msg.remove();
	}
	for (const el of form.querySelectorAll('[aria-invalid="true"]')) el.removeAttribute('aria-invalid');
	for (const el of form.querySelectorAll('.field--error')) el.classList.remove('field--error');
	if (document.documentElement.dataset[TITLE_MARK]) {
		document.title = document.documentElement.dataset[TITLE_MARK];
		delete document.documentElement.dataset[TITLE_MARK];
	}
}

/*
 * Draw errors on form. errors: [{field, message}] (field may be empty for
 * an error about the whole form). opts.focus (default true) focuses the
 * summary. Returns the summary element.
 */
export function showErrors(form, errors, opts = {}) {
	clearErrors(form);
	const list = (errors || []).filter((e) => e && e.message);
	if (!list.length) return null;

	let summary = form.querySelector('[data-error-summary]');
	if (!summary) {
		summary = document.createElement('div');
		summary.className = 'error-summary';
		summary.setAttribute('data-error-summary', '');
		form.prepend(summary);
	}
	summary.setAttribute('tabindex', '-1');
	/* Focus announces it; without focus, a live region must. */
	if (opts.focus === false) summary.setAttribute('role', 'alert');
	else summary.removeAttribute('role');
	const titleId = ensureId(summary, 'es-') + '-title';
	summary.setAttribute('aria-labelledby', titleId);

	const h = document.createElement('h2');
	h.className = 'error-summary__title';
	h.id = titleId;
	h.textContent = t('form.error_summary_title');
	const ul = document.createElement('ul');
	ul.className = 'error-summary__list';
	summary.append(h, ul);

	const marked = new Set();
	for (const err of list) {
		const ctl = controlFor(form, err.field);
		const li = document.createElement('li');
		if (ctl) {
			const id = ensureId(ctl, 'f-');
			const a = document.createElement('a');
			a.href = '#' + id;
			a.textContent = err.message;
			a.addEventListener('click', (ev) => {
				ev.preventDefault();
				focusField(ctl);
			});
			li.append(a);
			if (!marked.has(ctl)) {
				marked.add(ctl);
				markField(ctl, err.message);
			}
		} else {
			li.textContent = err.message;
		}
		ul.append(li);
	}
	summary.hidden = false;

	const root = document.documentElement;
	if (!root.dataset[TITLE_MARK]) {
		root.dataset[TITLE_MARK] = document.title;
		document.title = t('form.error_title_prefix') + document.title;
	}
	if (opts.focus !== false) {
		summary.focus();
		summary.scrollIntoView({ block: 'start' });
	}
	return summary;
}

/* Message above the control, aria-invalid, and the red edge on .field. */
function markField(ctl, message) {
	const wrap = ctl.closest('.field, .fieldset') || ctl.parentElement;
	const isGroup = ctl.type === 'radio' || ctl.type === 'checkbox';
	const msg = document.createElement('p');
	msg.className = 'field__error';
	msg.id = ensureId(ctl, 'f-') + '-error';
	msg.dataset.fieldError = ctl.id;
	const prefix = document.createElement('span');
	prefix.className = 'visually-hidden';
	prefix.textContent = t('form.error_prefix');
	msg.append(prefix, document.createTextNode(message));

	/* Place it after the label and hint, right before the control (or the
	 * input group holding it), as GOV.UK does. */
	let anchor = ctl;
	if (ctl.parentElement && ctl.parentElement.classList.contains('input-group')) anchor = ctl.parentElement;
	if (isGroup) {
		const legend = wrap.querySelector('legend, .fieldset__legend');
		const hint = wrap.querySelector('.field__hint');
		const after = hint || legend;
		if (after) after.after(msg);
		else wrap.prepend(msg);
	} else {
		anchor.before(msg);
	}
	if (wrap) wrap.classList.add('field--error');
	ctl.setAttribute('aria-invalid', 'true');
	const ids = (ctl.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
	ids.push(msg.id);
	ctl.setAttribute('aria-describedby', ids.join(' '));
}

/* Focus a control and bring its label (or legend) into view above it. */
export function focusField(ctl) {
	const wrap = ctl.closest('.field, .fieldset');
	const label = (wrap && wrap.querySelector('label, legend')) || ctl;
	ctl.focus({ preventScroll: true });
	label.scrollIntoView({ block: 'start' });
}

/*
 * Errors from a caught ApiError, as a list for showErrors. Understands
 * the server's single {field, message} and, if it ever sends them,
 * details.errors [{field, message}].
 */
export function errorsFromApi(err) {
	if (err && err.details && Array.isArray(err.details.errors) && err.details.errors.length) {
		return err.details.errors.map((e) => ({ field: e.field || '', message: e.message || '' }));
	}
	return [{ field: (err && err.field) || '', message: (err && err.message) || t('error.unknown') }];
}

/* Trimmed string values of a form's named controls as a plain object. */
export function formValues(form) {
	const out = {};
	for (const el of form.elements) {
		if (!el.name || el.disabled) continue;
		if ((el.type === 'checkbox' || el.type === 'radio') && !el.checked) continue;
		out[el.name] = el.type === 'password' ? el.value : el.value.trim();
	}
	return out;
}
