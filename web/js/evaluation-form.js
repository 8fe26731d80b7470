/*
 * evaluation-form.js — the citizen's evaluation form, shared by the counter
 * tablet (/evaluate/) and the tracking page (/track/): three big level
 * buttons (a radio group), the optional reasons and a comment. The labels
 * come from the API (GET /api/v1/public/evaluations/form), Vietnamese with
 * English.
 *
 *   evaluationForm(form, { extra, onSubmit: async (body) => reply })
 *     → a <form>; onSubmit gets {level, reasons, comment} (+ extra fields)
 *       and returns the API's reply, or throws an ApiError.
 */
import { t } from './i18n.js';
import { h, replace } from './dom.js';
import { fmtTime } from './format.js';
import { showErrors, clearErrors } from './forms.js';

let seq = 0;

export function evaluationForm(labels, { before = [], onSubmit }) {
	const id = 'ev' + ++seq;
	const result = h('div', { 'aria-live': 'polite', 'data-eval-result': '' });
	const levels = h(
		'fieldset',
		{ class: 'field eval__levels', 'data-field': 'level' },
		h('legend', { class: 'field__label' }, t('evaluate.title')),
		...labels.levels.map((l) =>
			h(
				'label',
				{ class: `eval__level eval__level--${l.code}` },
				h('input', { type: 'radio', name: 'level', value: l.code, class: 'eval__radio' }),
				h('span', { class: 'eval__level-name' }, l.name),
				h('span', { class: 'eval__level-en', lang: 'en' }, l.name_en)
			)
		)
	);
	const reasons = h(
		'fieldset',
		{ class: 'field eval__reasons', 'data-field': 'reasons' },
		h('legend', { class: 'field__label' }, t('evaluate.reasons')),
		...labels.reasons.map((r) =>
			h('label', { class: 'eval__reason' }, h('input', { type: 'checkbox', name: 'reasons', value: r.code }), ' ', r.name, h('span', { class: 'muted', lang: 'en' }, ' · ' + r.name_en))
		)
	);
	const comment = h('div', { class: 'field', 'data-field': 'comment' }, h('label', { class: 'field__label', for: id + '-comment' }, t('evaluate.comment')), h('p', { class: 'field__hint' }, t('evaluate.comment_hint')), h('textarea', { class: 'input', id: id + '-comment', name: 'comment', rows: '3', maxlength: String(labels.comment_max || 1000) }));
	const form = h(
		'form',
		{ class: 'form eval', novalidate: true, 'data-eval-form': '' },
		h('div', { class: 'error-summary', 'data-error-summary': '', hidden: true }),
		...before,
		levels,
		reasons,
		comment,
		h('button', { type: 'submit', class: 'btn btn--primary btn--large', 'data-eval-send': '' }, t('evaluate.send')),
		result
	);
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		clearErrors(form);
		const level = form.querySelector('input[name="level"]:checked');
		if (!level) {
			showErrors(form, [{ field: 'level', message: t('evaluate.choose_level') }]);
			return;
		}
		const body = {
			level: level.value,
			reasons: [...form.querySelectorAll('input[name="reasons"]:checked')].map((x) => x.value),
			comment: form.querySelector('textarea').value.trim() || undefined,
		};
		const btn = form.querySelector('[data-eval-send]');
		btn.disabled = true;
		try {
			const r = await onSubmit(body);
			replace(result, h('div', { class: 'notice notice--success', role: 'status' }, h('p', { class: 'notice__title' }, t('evaluate.thanks')), h('p', {}, t('evaluate.done', { level: t('level.' + r.level) })), r.replaceable_until ? h('p', {}, t('evaluate.replace_until', { time: fmtTime(r.replaceable_until) })) : null));
		} catch (e) {
			if (e.field) showErrors(form, [{ field: e.field, message: e.message }]);
			replace(result, h('div', { class: 'notice notice--error', role: 'alert' }, h('p', { class: 'notice__title' }, t('evaluate.failed')), h('p', {}, e.message)));
		} finally {
			btn.disabled = false;
		}
	});
	return form;
}
