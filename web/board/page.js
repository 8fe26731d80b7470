/*
 * /board/ — the display board (a TV at the centre, full screen, unattended
 * for days): the numbers being called and at which counter, the last calls
 * and the line per group, live through Server-Sent Events.
 *
 * It loads a snapshot (GET /api/v1/queue/board), then follows
 * /api/v1/queue/events from the snapshot's last event id. The browser's
 * EventSource reconnects by itself after a cut (sending Last-Event-ID, so
 * nothing is missed); when the stream is closed for good (the server
 * answered an error, e.g. while restarting behind a proxy) or the server
 * says `reset` (it no longer holds the events after our id), the board
 * takes a new snapshot and connects again. Each call is announced in
 * Vietnamese speech when the browser has a Vietnamese voice, otherwise by a
 * chime (a TV browser may need one touch of "Bật âm thanh" first).
 */
import { start, t } from '/js/layout.js';
import { api, apiUrl } from '/js/api.js';
import { fmtTime } from '/js/format.js';
import { $, h, replace } from '/js/dom.js';

const KINDS = ['issued', 'called', 'recalled', 'serving', 'done', 'no_show', 'transferred', 'paused', 'resumed'];
const RESYNC_MS = 5000;
const LAST_MAX = 8;

await start({ strings: ['queue'] });
document.body.classList.add('screen');
const agency = new URLSearchParams(location.search).get('agency') || undefined;
const state = { now: new Map() /* counter → ticket */, last: [], groups: [], lastId: 0 };
let es = null;
let audio = null;

function render() {
	const now = [...state.now.values()].sort((a, b) => (a.at < b.at ? 1 : -1));
	replace(
		$('[data-now]'),
		now.length
			? now.map((tk) =>
					h('li', { class: 'board__call' }, h('span', { class: 'board__number' }, tk.number), h('span', { class: 'board__counter' }, t('queue.board_counter', { counter: tk.counter })))
				)
			: h('li', {}, t('queue.board_empty'))
	);
	replace(
		$('[data-last]'),
		state.last.map((tk) => h('li', {}, h('strong', {}, tk.number), ' → ', t('queue.board_counter', { counter: tk.counter }), tk.at ? ` (${fmtTime(tk.at)})` : ''))
	);
	replace(
		$('[data-waiting]'),
		state.groups.map((g) => h('li', {}, `${document.documentElement.lang === 'en' && g.name_en ? g.name_en : g.name}: `, h('strong', {}, String(g.waiting))))
	);
}

function applyWaiting(waiting) {
	if (!waiting) return;
	for (const g of state.groups) if (g.code in waiting) g.waiting = waiting[g.code];
}

function announce(tk) {
	const text = t('queue.say', { number: tk.number.split('').join(' '), counter: tk.counter });
	const voices = window.speechSynthesis ? speechSynthesis.getVoices() : [];
	const vi = voices.find((v) => v.lang && v.lang.toLowerCase().startsWith('vi'));
	if (vi) {
		const u = new SpeechSynthesisUtterance(text);
		u.voice = vi;
		u.lang = vi.lang;
		u.rate = 0.9;
		speechSynthesis.speak(u);
		return;
	}
	chime();
}

function chime() {
	try {
		audio = audio || new AudioContext();
		const t0 = audio.currentTime;
		for (const [i, f] of [880, 660].entries()) {
			const o = audio.createOscillator();
			const g = audio.createGain();
			o.frequency.value = f;
			g.gain.setValueAtTime(0.0001, t0 + i * 0.35);
			g.gain.exponentialRampToValueAtTime(0.3, t0 + i * 0.35 + 0.02);
			g.gain.exponentialRampToValueAtTime(0.0001, t0 + i * 0.35 + 0.3);
			o.connect(g).connect(audio.destination);
			o.start(t0 + i * 0.35);
			o.stop(t0 + i * 0.35 + 0.32);
		}
	} catch {
		/* no audio on this device: the board still shows the call */
	}
}

function onEvent(ev) {
	const id = Number(ev.lastEventId);
	if (id) state.lastId = id;
	let d;
	try {
		d = JSON.parse(ev.data);
	} catch {
		return;
	}
	applyWaiting(d.waiting);
	const tk = d.ticket;
	if ((ev.type === 'called' || ev.type === 'recalled') && tk) {
		state.now.set(tk.counter, tk);
		state.last = [tk, ...state.last.filter((x) => x.number !== tk.number)].slice(0, LAST_MAX);
		announce(tk);
	} else if (tk && ['done', 'no_show', 'transferred'].includes(ev.type)) {
		for (const [c, x] of state.now) if (x.number === tk.number) state.now.delete(c);
	} else if (ev.type === 'paused' && d.counter) {
		state.now.delete(d.counter);
	}
	render();
}

async function snapshot() {
	const b = await api('GET', 'queue/board', undefined, { query: { agency } });
	state.groups = b.groups;
	state.lastId = b.last_event_id;
	state.last = b.calls.slice(0, LAST_MAX);
	state.now = new Map();
	for (const tk of b.calls) if ((tk.state === 'called' || tk.state === 'serving') && !state.now.has(tk.counter)) state.now.set(tk.counter, tk);
	render();
}

function connect() {
	if (es) es.close();
	es = new EventSource(apiUrl('queue/events', { agency, last_event_id: state.lastId }));
	es.addEventListener('open', () => ($('[data-offline]').hidden = true));
	for (const k of KINDS) es.addEventListener(k, onEvent);
	es.addEventListener('reset', () => resync());
	/* the administrator changed the groups or counters: a fresh snapshot */
	es.addEventListener('setup', () => resync());
	es.addEventListener('error', () => {
		$('[data-offline]').hidden = false;
		if (es.readyState === EventSource.CLOSED) setTimeout(resync, RESYNC_MS);
	});
}

async function resync() {
	if (es) es.close();
	es = null;
	try {
		await snapshot();
		connect();
	} catch {
		$('[data-offline]').hidden = false;
		setTimeout(resync, RESYNC_MS);
	}
}

$('[data-sound]').addEventListener('click', (e) => {
	chime(); /* a touch unlocks audio on TV browsers */
	e.currentTarget.textContent = t('queue.board_sound_on');
});
document.addEventListener('motcua:langchange', render);
window.motcuaBoard = state; /* for the browser tests */
await resync();
/* unattended for days: a new day starts new numbers, so take a fresh
 * snapshot when the date changes (checked every minute) */
let day = new Date().toDateString();
setInterval(() => {
	const d = new Date().toDateString();
	if (d !== day) {
		day = d;
		resync();
	}
}, 60000);
