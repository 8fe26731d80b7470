/*
 * one-stop-block.js — the staff dossier page's evaluation block (D35): the
 * citizen's rating ("evaluation" of the staff view) and the 9-criterion,
 * 18-point evaluation of the one-stop rules computed by the server
 * ("one_stop_evaluation"; a criterion not yet judged shows "not yet known").
 *
 *   renderOneStop(el, dossier)   fills el (the page's [data-one-stop])
 */
import { t, useStrings } from './i18n.js';
import { fmtDateTime } from './format.js';
import { h, replace } from './dom.js';

await useStrings('evaluation');

export function renderOneStop(el, d) {
	if (!el) return;
	const oe = d && d.one_stop_evaluation;
	const ev = d && d.evaluation;
	if (!oe) return replace(el);
	replace(
		el,
		h('h2', { id: 's-one-stop' }, t('one_stop.title')),
		h('p', { 'data-citizen-rating': ev ? ev.level : '' }, ev ? t('one_stop.citizen', { level: t('level.' + ev.level), channel: t('channel.' + ev.channel), when: fmtDateTime(ev.created_at) }) : t('one_stop.citizen_none')),
		h('p', { class: 'lead', 'data-one-stop-points': '' }, t('one_stop.points', { points: oe.points, max: oe.max })),
		h(
			'ol',
			{ class: 'one-stop__list' },
			...oe.criteria.map((c) => h('li', { 'data-criterion': c.code }, document.documentElement.lang === 'en' ? c.name_en : c.name, ': ', h('strong', {}, c.points === null ? t('one_stop.pending') : `${c.points}/2`)))
		)
	);
}
