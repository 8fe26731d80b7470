/*
 * staff/petitions/comments/page.js — the moderation queue: the comments on
 * the agency's published answers waiting for approval (GET
 * /api/v1/petitions/comments), each approved or rejected with one button
 * (POST /api/v1/petitions/comments/{id}/actions). The commenters' e-mail
 * addresses are not sent to this page.
 */
import { startStaff, t } from '/js/layout.js';
import { api } from '/js/api.js';
import { fmtDate } from '/js/format.js';
import { $, h, replace, notice } from '/js/dom.js';

const me = await startStaff({ strings: ['petition'] });

async function load() {
	const d = await api('GET', 'petitions/comments');
	if (!d.items.length) return replace($('[data-queue]'), h('li', { class: 'muted' }, t('smod.none')));
	replace(
		$('[data-queue]'),
		...d.items.map((c) =>
			h(
				'li',
				{ class: 'card', 'data-comment': c.id },
				h('p', { class: 'small muted mb-0' }, t('smod.on', { title: c.title }), ' · ', h('a', { href: '/petitions/?id=' + c.petition_id }, '#' + c.petition_id)),
				h('p', { class: 'mb-0' }, h('strong', {}, c.name), ' — ', fmtDate(c.created_at)),
				h('p', {}, c.content),
				h(
					'div',
					{ class: 'btn-group' },
					h('button', { type: 'button', class: 'btn', onclick: () => moderate(c.id, 'approve') }, t('smod.approve')),
					h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => moderate(c.id, 'reject') }, t('smod.reject'))
				)
			)
		)
	);
}

async function moderate(id, action) {
	try {
		await api('POST', `petitions/comments/${id}/actions`, { action });
		replace($('[data-mod-status]'), notice('success', t(action === 'approve' ? 'smod.approved' : 'smod.rejected'), ''));
	} catch (e) {
		replace($('[data-mod-status]'), notice('error', e.message, ''));
	}
	await load();
}

if (me) {
	$('[data-staff-loading]').hidden = true;
	await load();
}
