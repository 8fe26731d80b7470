/*
 * staff/tokens/page.js — one's own personal API tokens (Mã truy cập cá nhân).
 *
 *   GET    /api/v1/me/tokens          the list: label, created, expires, last use, state
 *   POST   /api/v1/me/tokens          {label, days} → 201 with the token, shown once
 *   DELETE /api/v1/me/tokens/{id}     revoke
 *
 * The page pattern (shown once, two-click revoke) is /js/secret-list.js.
 */
import { t } from '/js/layout.js';
import { api } from '/js/api.js';
import { fmtDateTime } from '/js/format.js';
import { h, badge } from '/js/dom.js';
import { secretList } from '/js/secret-list.js';

const STATE_BADGE = { active: 'ok', expired: 'neutral', revoked: 'late' };

await secretList({
	ns: 'tokens',
	rowKey: 'token',
	list: async () => (await api('GET', 'me/tokens')).items,
	cells: (it, when) => [
		['label', h('strong', {}, it.label || '—')],
		['created', when(it.created_at)],
		['expires', when(it.expires_at)],
		['last_used', when(it.last_used_at)],
		['state', badge(STATE_BADGE[it.state], t('tokens.state.' + it.state))],
	],
	active: (it) => it.state === 'active',
	vars: (it) => ({ label: it.label || String(it.id) }),
	revoke: (it) => api('DELETE', `me/tokens/${it.id}`),
	check: (v) => {
		const errors = [];
		if (!v.label) errors.push({ field: 'label', message: t('tokens.label_required') });
		const days = v.days === '' ? 90 : Number(v.days);
		if (!Number.isInteger(days) || days < 1 || days > 365) errors.push({ field: 'days', message: t('tokens.days_invalid') });
		return { errors, body: { label: v.label, days } };
	},
	create: (body) => api('POST', 'me/tokens', body),
	secret: (made) => made.token,
	secretAttr: 'data-new-token',
	secretLabel: 'token_label',
	shown: (made) => [t('tokens.created', { label: made.label }), t('tokens.created_text', { expires: fmtDateTime(made.expires_at) })],
});
