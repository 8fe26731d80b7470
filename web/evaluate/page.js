/*
 * /evaluate/ — the counter tablet (D35): a tablet on the counter, set up by
 * an administrator with a device token (POST /api/v1/service-evaluations/devices →
 * open /evaluate/#token=…; the token is kept in this browser's storage and
 * the fragment removed, so it never reaches a log). It shows the ticket just
 * finished at its counter and lets the citizen rate the service; the next
 * ticket finished replaces it. No personal data is shown: a number and a
 * group.
 *
 * API: GET /api/v1/public/evaluations/tablet, POST /api/v1/public/evaluations
 * (both with the header X-Device-Token).
 */
import { start, pageNotice, clearPageNotice, t } from '/js/layout.js';
import { api } from '/js/api.js';
import { h, replace } from '/js/dom.js';
import { evaluationForm } from '/js/evaluation-form.js';

const KEY = 'motcua.eval.device';
const POLL_MS = 4000;
const THANKS_MS = 15000; /* the thanks stay this long */

await start({ strings: ['evaluation'] });
document.body.classList.add('screen');

const m = /(?:^|&)token=([A-Za-z0-9_-]{43})(?:&|$)/.exec(location.hash.slice(1));
if (m) {
	localStorage.setItem(KEY, m[1]);
	history.replaceState(null, '', location.pathname + location.search);
}
const token = localStorage.getItem(KEY);
const box = document.querySelector('[data-tablet]');
const headers = { 'X-Device-Token': token || '' };
let shownKey = null; /* the ticket on screen: "A012@finished_at" */
let holdUntil = 0;

function idle(counter) {
	shownKey = null;
	replace(box, h('p', { class: 'lead', 'data-idle': '' }, t('evaluate.idle')), counter ? h('p', { class: 'muted' }, counter.name || String(counter.number)) : null);
}

function showTicket(s) {
	const tk = s.ticket;
	const form = evaluationForm(s.form, {
		onSubmit: async (body) => {
			const r = await api('POST', 'public/evaluations', { ...body, ticket: tk.number }, { headers });
			holdUntil = Date.now() + THANKS_MS;
			return r;
		},
	});
	replace(
		box,
		h('p', { class: 'lead' }, t('evaluate.lead', { counter: s.counter.name || String(s.counter.number) })),
		h('p', { class: 'eval-tablet__ticket', 'data-ticket': tk.number }, t('evaluate.ticket', { number: tk.number, group: tk.group_name })),
		form
	);
}

async function poll() {
	if (!token) {
		replace(box, h('div', { class: 'notice notice--warning' }, h('p', {}, t('evaluate.not_configured'))));
		return;
	}
	try {
		const s = await api('GET', 'public/evaluations/tablet', undefined, { headers });
		clearPageNotice();
		if (Date.now() < holdUntil) return; /* the thanks stay on screen */
		const tk = s.ticket;
		if (!tk || (tk.evaluated && !tk.replaceable)) return idle(s.counter);
		const key = tk.number + '@' + tk.finished_at;
		if (key === shownKey) return;
		if (tk.evaluated) return idle(s.counter); /* rated already; nothing new */
		shownKey = key;
		showTicket(s);
	} catch (e) {
		if (e.status === 403) {
			replace(box, h('div', { class: 'notice notice--warning' }, h('p', {}, t('evaluate.not_configured'))));
			return;
		}
		pageNotice('error', t('evaluate.failed'), e.message);
	}
}

await poll();
setInterval(poll, POLL_MS);
