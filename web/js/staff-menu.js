/*
 * staff-menu.js — THE list of staff tools and who may use them.
 *
 * The staff home (/staff/) shows the tools whose roles meet the user's,
 * and the shell's nav (shell.js) lists the same tools on every staff page
 * (except those marked nav: false, such as a tab of another page). The
 * server checks the roles again on every API call (the route table):
 * hiding a tool here is only a convenience, never the protection.
 *
 * Only pages that exist are listed (tests/browser/shell.test.mjs fetches
 * every link for every demo role). Still to be built, and so not listed:
 * the register (/staff/register/), the reception book
 * (/staff/reception-book/) and the accounts page (/staff/users/).
 *
 * To add a tool: one row here, its two strings (staff.tool.<id> and
 * staff.tool.<id>_text) in strings/vi/staff.js and strings/en/staff.js,
 * and an icon from /img/icons.svg.
 */
export const STAFF_TOOLS = [
	{ id: 'intake', href: '/staff/intake/', icon: 'intake', roles: ['reception'] },
	{ id: 'online', href: '/staff/intake/?tab=online', icon: 'globe-online', roles: ['reception'], nav: false },
	{ id: 'guidance', href: '/staff/guidance/', icon: 'chat', roles: ['reception'] },
	{ id: 'counter', href: '/staff/counter/', icon: 'handover', roles: ['reception', 'admin'] },
	{ id: 'figures', href: '/staff/figures/', icon: 'chart', roles: ['reception', 'head', 'leader', 'admin'] },
	{ id: 'dashboard', href: '/staff/dashboard/', icon: 'chart', roles: ['reception', 'head', 'leader', 'province'] },
	{ id: 'evaluations', href: '/staff/evaluations/', icon: 'users', roles: ['head', 'leader'] },
	{ id: 'performance', href: '/staff/performance/', icon: 'chart', roles: ['reception', 'specialist', 'head', 'leader', 'province'] },
	{ id: 'recognitions', href: '/staff/recognitions/', icon: 'user', roles: ['reception', 'specialist', 'head', 'leader', 'province'] },
	{ id: 'indicators', href: '/staff/indicators/', icon: 'chart', roles: ['head', 'leader', 'province'] },
	{ id: 'reports', href: '/staff/reports/', icon: 'chart', roles: ['head', 'leader', 'province'] },
	{ id: 'return', href: '/staff/return/', icon: 'handover', roles: ['reception'] },
	{ id: 'inbox', href: '/staff/inbox/', icon: 'inbox', roles: ['reception', 'specialist', 'head', 'leader', 'province'] },
	{ id: 'petitions', href: '/staff/petitions/', icon: 'chat', roles: ['reception', 'specialist', 'head', 'leader', 'province'] },
	{ id: 'reception', href: '/staff/reception/', icon: 'calendar', roles: ['reception', 'head', 'leader', 'province'] },
	{ id: 'dossier', href: '/staff/dossier/', icon: 'doc-search', roles: ['reception', 'specialist', 'head', 'leader', 'province'] },
	/* officials' criteria, commitments and evaluation (issue 15, D42) */
	{ id: 'commitments', href: '/staff/commitments/', icon: 'doc-search', roles: ['admin', 'reception', 'specialist', 'head', 'leader'] },
	{ id: 'appraisal', href: '/staff/appraisal/', icon: 'users', roles: ['admin', 'reception', 'specialist', 'head', 'leader'] },
	{ id: 'criteria', href: '/staff/criteria/', icon: 'search', roles: ['admin', 'reception', 'specialist', 'head', 'leader'] },
	{ id: 'procedures', href: '/staff/procedures/', icon: 'search', roles: ['admin'] },
	/* everyone reads the calendar; only admin changes it (the page says so) */
	{ id: 'calendar', href: '/staff/calendar/', icon: 'calendar', roles: ['admin', 'reception', 'specialist', 'head', 'leader', 'province'] },
	{ id: 'apikeys', href: '/staff/apikeys/', icon: 'globe-online', roles: ['admin'] },
	{ id: 'tokens', href: '/staff/tokens/', icon: 'user', roles: ['admin', 'reception', 'specialist', 'head', 'leader', 'province'], nav: false },
];

/* The tools a user with these roles may open, in menu order. */
export function toolsFor(roles) {
	const mine = new Set(roles || []);
	return STAFF_TOOLS.filter((tool) => tool.roles.some((r) => mine.has(r)));
}

/* The tools of the nav: the same, less those marked nav: false. */
export function navToolsFor(roles) {
	return toolsFor(roles).filter((tool) => tool.nav !== false);
}
