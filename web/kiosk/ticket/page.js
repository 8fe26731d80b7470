/*
 * /kiosk/ticket/#ID — a ticket followed on the citizen's phone (the QR code
 * of the slip): state, people ahead, expected wait, the counter when
 * called. The id is in the fragment, so it never reaches a server log or a
 * Referer; the page asks GET /api/v1/public/tickets/{id} every 15 s.
 */
import { start, pageNotice, clearPageNotice, t } from '/js/layout.js';
import { api, ApiError } from '/js/api.js';
import { fmtTime } from '/js/format.js';
import { $ } from '/js/dom.js';

const POLL_MS = 15000;
await start({ strings: ['queue'] });
const id = decodeURIComponent(location.hash.slice(1));
let last = null;

function render() {
	const tk = last;
	if (!tk) return;
	$('[data-ticket]').hidden = false;
	$('[data-number]').textContent = tk.number;
	$('[data-group]').textContent = document.documentElement.lang === 'en' && tk.group.name_en ? tk.group.name_en : tk.group.name;
	const called = tk.state === 'called' && tk.counter;
	$('[data-state]').textContent = called ? t('queue.ticket_counter', { counter: tk.counter.number }) : t(`queue.state.${tk.state}`);
	const waiting = tk.state === 'waiting' || tk.state === 'transferred';
	$('[data-ahead]').textContent = waiting ? t('queue.slip_ahead', { count: tk.position }) : '';
	$('[data-wait]').textContent = waiting ? t('queue.slip_wait', { minutes: tk.estimated_wait_minutes }) : '';
	$('[data-updated]').textContent = t('queue.ticket_updated', { time: fmtTime(new Date()) });
}

async function load() {
	try {
		last = await api('GET', `public/tickets/${encodeURIComponent(id)}`);
		clearPageNotice();
		render();
	} catch (e) {
		if (e instanceof ApiError && e.status === 404) pageNotice('error', t('queue.ticket_missing'));
		else pageNotice('error', t('queue.failed'), e.message, load);
	}
}

document.addEventListener('motcua:langchange', render);
await load();
setInterval(load, POLL_MS);
