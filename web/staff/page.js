/*
 * staff/page.js — the staff home: who is signed in, their roles in words,
 * and the tools their roles open. GET /api/v1/me (401 → sign-in page).
 */
import { startStaff, t } from '/js/layout.js';
import { roleLabel, ROLES } from '/js/auth.js';
import { toolsFor } from '/js/staff-menu.js';
import { h, icon, replace, badge } from '/js/dom.js';

const loading = document.querySelector('[data-staff-loading]');

const me = await startStaff();

if (me) {
	loading.hidden = true;
	render();
	document.addEventListener('motcua:langchange', render);
}

function render() {
	replace(document.querySelector('[data-greeting]'), t('staff.greeting', { name: me.full_name || me.username }));

	const roles = (me.roles || []).slice().sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b));
	replace(document.querySelector('[data-roles]'), ...roles.map((r) => h('li', {}, badge('info', roleLabel(r)))));

	const list = document.querySelector('[data-tools]');
	const tools = toolsFor(roles);
	if (!tools.length) {
		replace(list, h('li', {}, h('div', { class: 'notice notice--warning mb-0' }, h('p', {}, t('staff.tools_empty')))));
		return;
	}
	replace(
		list,
		...tools.map((tool) =>
			h(
				'li',
				{},
				h(
					'a',
					{ class: 'action', href: tool.href },
					icon(tool.icon, 'action__icon'),
					h(
						'span',
						{ class: 'action__body' },
						h('span', { class: 'action__title' }, t(`staff.tool.${tool.id}`)),
						h('span', { class: 'action__text' }, t(`staff.tool.${tool.id}_text`))
					),
					icon('chevron', 'action__chevron')
				)
			)
		)
	);
}
