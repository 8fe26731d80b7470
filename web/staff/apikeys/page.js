/*
 * staff/apikeys/page.js — the Open311 API keys of civic-issue clients
 * (administrators; D37).
 *
 *   GET  /api/v1/open311/keys               the list: name, issued, last use, uses, state
 *   POST /api/v1/open311/keys {name}        → 201 with the key, shown once
 *   POST /api/v1/open311/keys/{id}/revoke   revoke
 *
 * The page pattern (shown once, two-click revoke) is /js/secret-list.js,
 * as for the personal tokens.
 */
import { t } from '/js/layout.js';
import { api } from '/js/api.js';
import { h, badge } from '/js/dom.js';
import { secretList } from '/js/secret-list.js';

await secretList({
	ns: 'apikeys',
	rowKey: 'key',
	list: async () => (await api('GET', 'open311/keys')).items,
	cells: (it, when) => [
		['name', h('strong', {}, it.name)],
		['created', when(it.created_at)],
		['last_used', when(it.last_used_at)],
		['uses', String(it.uses)],
		['state', it.revoked_at ? badge('late', t('apikeys.state.revoked')) : badge('ok', t('apikeys.state.active'))],
	],
	active: (it) => !it.revoked_at,
	vars: (it) => ({ name: it.name }),
	revoke: (it) => api('POST', `open311/keys/${it.id}/revoke`),
	check: (v) => ({ errors: v.name ? [] : [{ field: 'name', message: t('apikeys.name_required') }], body: { name: v.name } }),
	create: (body) => api('POST', 'open311/keys', body),
	secret: (made) => made.key,
	secretAttr: 'data-new-key',
	secretLabel: 'key_label',
	shown: (made) => [t('apikeys.created', { name: made.name }), t('apikeys.created_text')],
});
