/*
 * officials.js — what the officials' staff pages share (issue 15): the
 * history of a criteria set, commitment or evaluation, and a measured
 * figure as text. Strings: strings/vi/officials.js (and en/).
 */
import { t } from '/js/i18n.js';
import { fmtDateTime, fmtNumber } from '/js/format.js';
import { h } from '/js/dom.js';

export const METRICS = ['on_time_rate', 'late_steps', 'avg_step_hours', 'satisfied_rate', 'not_satisfied', 'petitions_about', 'complaints_upheld'];

/* The history as a collapsed list: when, who, what, the comment. */
export function history(events) {
	return h(
		'details',
		{ class: 'off__history', 'data-history': '' },
		h('summary', {}, t('off.history')),
		h(
			'ul',
			{},
			...events.map((e) =>
				h('li', { 'data-event': e.action }, t('off.event', { at: fmtDateTime(e.at), actor: e.actor.full_name || e.actor.username, action: t('off.action.' + e.action) }), e.comment ? ` — ${e.comment}` : '')
			)
		)
	);
}

/* A figure: a number (one decimal for rates and hours) or "not enough data". */
export function figure(v, code) {
	if (v === null || v === undefined) return t('off.not_measured');
	const pct = code === 'on_time_rate' || code === 'satisfied_rate';
	return fmtNumber(v, Number.isInteger(v) ? 0 : 1) + (pct ? ' %' : '');
}
