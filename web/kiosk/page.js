/*
 * /kiosk/ — the ticket kiosk (a touch screen at the centre's door): big
 * buttons, one per service group of the agency (?agency=CODE, else the
 * home centre) with its Vietnamese and English names, a priority box, and the slip printed with the browser:
 * number, group, time, people ahead, expected wait and a QR code of the
 * ticket's phone page. The screen goes back to the groups by itself.
 */
import { start, pageNotice, clearPageNotice, t } from '/js/layout.js';
import { api } from '/js/api.js';
import { fmtDate, fmtTime } from '/js/format.js';
import { $, h, replace, badge } from '/js/dom.js';

const BACK_AFTER_MS = 20000; /* the slip stays this long, then the groups again */
const REFRESH_MS = 30000; /* waiting counts and opening hours */

await start({ strings: ['queue'] });
document.body.classList.add('screen');
const agency = new URLSearchParams(location.search).get('agency') || undefined;
let groups = null;
let backTimer = null;

function groupName(g) {
	return document.documentElement.lang === 'en' && g.name_en ? g.name_en : g.name;
}

function render() {
	if (!groups) return;
	$('[data-closed]').hidden = groups.open;
	const list = $('[data-groups]');
	if (!groups.items.length) return replace(list, h('p', {}, t('queue.no_groups')));
	replace(
		list,
		groups.items.map((g) =>
			h(
				'button',
				{ type: 'button', class: 'kiosk__group', disabled: !groups.open, onclick: () => take(g) },
				h('span', { class: 'kiosk__prefix', 'aria-hidden': 'true' }, g.prefix),
				h('span', { class: 'kiosk__name' }, g.name, g.name_en ? h('span', { class: 'kiosk__name-en', lang: 'en' }, g.name_en) : null),
				h('span', { class: 'kiosk__count' }, t('queue.waiting_count', { count: g.waiting }))
			)
		)
	);
}

async function load() {
	try {
		groups = await api('GET', 'queue/groups', undefined, { query: { agency } });
		clearPageNotice();
		render();
	} catch (e) {
		pageNotice('error', t('queue.load_failed'), e.message, load);
	}
}

async function take(g) {
	try {
		const tk = await api('POST', 'queue/tickets', { group: g.code, priority: $('[data-priority]').checked, agency });
		showSlip(tk, g);
	} catch (e) {
		pageNotice('error', t('queue.failed'), e.message);
		load();
	}
}

function showSlip(tk, g) {
	$('[data-slip-number]').textContent = tk.number;
	replace($('[data-slip-group]'), groupName(g), tk.priority ? [' ', badge('info', t('queue.priority_badge'))] : null);
	$('[data-slip-time]').textContent = t('queue.slip_time', { time: fmtTime(tk.issued_at), date: fmtDate(tk.issued_at) });
	$('[data-slip-ahead]').textContent = t('queue.slip_ahead', { count: tk.position });
	$('[data-slip-wait]').textContent = t('queue.slip_wait', { minutes: tk.estimated_wait_minutes });
	replace($('[data-slip-qr]'), h('img', { src: `/api/v1/public/tickets/${encodeURIComponent(tk.id)}/qr`, alt: '', width: 160, height: 160 }));
	$('[data-choose]').hidden = true;
	$('[data-slip]').hidden = false;
	$('[data-priority]').checked = false;
	clearTimeout(backTimer);
	backTimer = setTimeout(back, BACK_AFTER_MS);
	/* the slip is printed at once (a kiosk browser prints without a dialog) */
	setTimeout(() => window.print(), 300);
}

function back() {
	clearTimeout(backTimer);
	$('[data-slip]').hidden = true;
	$('[data-choose]').hidden = false;
	load();
}

$('[data-print]').addEventListener('click', () => window.print());
$('[data-back]').addEventListener('click', back);
document.addEventListener('motcua:langchange', render);
await load();
setInterval(() => {
	if ($('[data-slip]').hidden) load();
}, REFRESH_MS);
