/*
 * staff-menu.js — THE list of staff tools and who may use them.
 *
 * The staff home (/staff/) shows the tools whose roles meet the user's;
 * later staff pages may use it for their own menus. The server checks the
 * roles again on every API call (src/app/routes.c): hiding a tool here is
 * only a convenience, never the protection.
 *
 * To add a tool: one row here, its two strings (staff.tool.<id> and
 * staff.tool.<id>_text) in strings/vi.js and strings/en.js, and an icon
 * from /img/icons.svg.
 */
export const STAFF_TOOLS = [
	{ id: 'intake', href: '/staff/intake/', icon: 'intake', roles: ['reception'] },
	{ id: 'online', href: '/staff/intake/?tab=online', icon: 'globe-online', roles: ['reception'] },
	{ id: 'return', href: '/staff/return/', icon: 'handover', roles: ['reception'] },
	{ id: 'inbox', href: '/staff/inbox/', icon: 'inbox', roles: ['reception', 'specialist', 'head', 'leader'] },
	{ id: 'dossier', href: '/staff/dossier/', icon: 'doc-search', roles: ['reception', 'specialist', 'head', 'leader'] },
	{ id: 'register', href: '/staff/register/', icon: 'list', roles: ['reception', 'head', 'leader'] },
	{ id: 'reception_book', href: '/staff/reception-book/', icon: 'book', roles: ['reception', 'leader'] },
	{ id: 'dashboard', href: '/staff/dashboard/', icon: 'chart', roles: ['head', 'leader', 'admin'] },
	{ id: 'procedures', href: '/staff/procedures/', icon: 'search', roles: ['admin'] },
	/* everyone reads the calendar; only admin changes it (the page says so) */
	{ id: 'calendar', href: '/staff/calendar/', icon: 'calendar', roles: ['admin', 'reception', 'specialist', 'head', 'leader'] },
	{ id: 'users', href: '/staff/users/', icon: 'users', roles: ['admin'] },
	{ id: 'tokens', href: '/staff/tokens/', icon: 'user', roles: ['admin', 'reception', 'specialist', 'head', 'leader'] },
];

/* The tools a user with these roles may open, in menu order. */
export function toolsFor(roles) {
	const mine = new Set(roles || []);
	return STAFF_TOOLS.filter((tool) => tool.roles.some((r) => mine.has(r)));
}
