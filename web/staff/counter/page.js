/*
 * /staff/counter/ — the counter console (reception): choose the counter,
 * call the next number (the server picks: the longest-waiting, priority
 * first within the bound), call again, start, finish, mark absent (after
 * the grace period), transfer to a group or a counter, link the dossier
 * taken in (or open the intake desk with ?ticket=), pause with a reason.
 * The counter chosen is remembered on this computer (localStorage).
 * An administrator sets up the groups and counters of the agency here,
 * and edits them or takes them out of use (PATCH, audited).
 *
 * Live: the console follows its agency's event stream (GET
 * /api/v1/queue/events, the officer's own agency): the line per group is
 * updated from each event, and the counters reloaded (another counter's
 * call, a transfer to this one, a dossier linked at the intake desk); also
 * when the page comes back into view (from the intake desk's tab).
 */
import { startStaff, pageNotice, clearPageNotice, t } from '/js/layout.js';
import { api, apiUrl, ApiError } from '/js/api.js';
import { showErrors, clearErrors, errorsFromApi, formValues } from '/js/forms.js';
import { $, $$, h, replace } from '/js/dom.js';
import { hasRole } from '/js/auth.js';

const KEY = 'motcua.counter';
const me = await startStaff({ strings: ['queue'] });
let counters = [];
let groups = [];
let current = null; /* the counter shown */
const list = (v) => (v || '').split(',').map((x) => x.trim()).filter(Boolean);
let waiting = {}; /* group code → tickets in the line */
let loadFailed = false;
let es = null; /* the live stream */
let reloadTimer = null;
const KINDS = ['issued', 'called', 'recalled', 'serving', 'done', 'no_show', 'transferred', 'paused', 'resumed', 'setup'];

function counterOf(id) {
	return counters.find((c) => String(c.id) === String(id));
}

/* "Quầy 2", with its name when it says more than the number */
function counterLabel(c) {
	const label = t('queue.board_counter', { counter: c.number });
	return c.name && c.name !== label ? `${label} — ${c.name}` : label;
}

function render() {
	const c = current;
	$('[data-console]').hidden = !c;
	if (!c) return;
	$('[data-groups]').textContent = t('queue.counter_groups', { groups: c.groups.join(', ') });
	const paused = $('[data-paused]');
	paused.hidden = !c.paused;
	paused.textContent = c.paused ? t('queue.paused', { reason: c.pause_reason }) : '';
	$('[data-pause]').hidden = c.paused;
	$('[data-resume]').hidden = !c.paused;
	const tk = c.current;
	replace($('[data-current]'), tk ? [h('strong', { class: 'console__number' }, t('queue.current', { number: tk.number })), ' — ', t(`queue.state.${tk.state}`), tk.dossier ? ` · ${tk.dossier}` : ''] : t('queue.current_none'));
	const has = (st) => tk && st.includes(tk.state);
	$('[data-act="call"]').disabled = !!tk || c.paused;
	$('[data-act="recall"]').disabled = !has(['called']);
	$('[data-act="start"]').disabled = !has(['called']);
	$('[data-act="finish"]').disabled = !has(['called', 'serving']);
	$('[data-act="no-show"]').disabled = !has(['called']);
	for (const f of ['[data-transfer-form]', '[data-dossier-form]']) for (const el of $$('input, select, button', $(f))) el.disabled = !tk;
	const intake = $('[data-intake]');
	intake.href = tk ? `/staff/intake/?ticket=${tk.id}` : '/staff/intake/';
	replace(
		$('[data-transfer-group]'),
		h('option', { value: '' }, '—'),
		groups.map((g) => h('option', { value: g.code }, `${g.code} — ${g.name}`))
	);
}

/* "Hộ tịch, chứng thực: 3 · Đất đai: 0" */
function renderWaiting() {
	const el = $('[data-waiting]');
	el.hidden = groups.length === 0;
	replace(
		el,
		h('strong', {}, t('queue.board_waiting')),
		': ',
		groups.map((g, i) => [i ? ' · ' : '', h('span', { 'data-group': g.code }, `${g.name}: ${waiting[g.code] ?? g.waiting ?? 0}`)])
	);
}

/* The set-up forms are rebuilt only when the set-up may have changed (the
 * first load, a set-up edit that succeeded, a `setup` event): a ticket's
 * event or a refused edit must not wipe what the administrator is typing or
 * the error beside the form. */
let setupDirty = true;

async function load() {
	try {
		const [cs, gs] = await Promise.all([api('GET', 'queue/counters'), api('GET', 'queue/groups', undefined, { query: {} })]);
		counters = cs.items;
		groups = gs.items;
		waiting = Object.fromEntries(groups.map((g) => [g.code, g.waiting]));
		/* clear only our own failure: an action's refusal stays on screen
		 * through the live reloads */
		if (loadFailed) clearPageNotice();
		loadFailed = false;
	} catch (e) {
		loadFailed = true;
		return pageNotice('error', t('queue.action_failed'), e.message, load);
	}
	renderWaiting();
	if (hasRole(me, 'admin') && setupDirty) {
		setupDirty = false;
		loadSetup();
	}
	const reception = hasRole(me, 'reception');
	$('[data-none]').hidden = counters.length > 0;
	$('[data-pick]').hidden = counters.length === 0 || !reception;
	$('[data-setup-list]').textContent = t('queue.setup_list', { groups: groups.map((g) => `${g.code} (${g.prefix})`).join(', ') || '—', counters: counters.map((c) => c.number).join(', ') || '—' });
	if (!reception) return;
	const sel = $('[data-counter]');
	const want = (current && current.id) || localStorage.getItem(KEY);
	replace(sel, counters.map((c) => h('option', { value: c.id }, counterLabel(c))));
	current = counterOf(want) || counters[0] || null;
	if (current) sel.value = current.id;
	render();
}

async function act(path, body, form, reset, method = 'POST') {
	try {
		if (form) clearErrors(form);
		await api(method, path, body);
		if (method === 'PATCH' || path === 'queue/counters' || path === 'queue/groups') setupDirty = true;
		if (form) delete form.dataset.dirty; /* saved: the next rebuild may replace it */
		clearPageNotice();
		if (reset && form) form.reset();
	} catch (e) {
		if (form && e instanceof ApiError && e.status === 422) showErrors(form, errorsFromApi(e));
		else pageNotice('error', t('queue.action_failed'), e.message);
	}
	await load();
}

if (me) {
	$('[data-staff-loading]').hidden = true;
	$('[data-counter]').addEventListener('change', (e) => {
		current = counterOf(e.target.value);
		localStorage.setItem(KEY, e.target.value);
		render();
	});
	for (const b of $$('[data-act]'))
		b.addEventListener('click', () => {
			const a = b.dataset.act;
			if (a === 'call') act(`queue/counters/${current.id}/call`);
			else if (current.current) act(`queue/tickets/${current.current.id}/${a}`);
		});
	$('[data-transfer-form]').addEventListener('submit', (e) => {
		e.preventDefault();
		const v = formValues(e.target);
		act(`queue/tickets/${current.current.id}/transfer`, { group: v.group || undefined, counter: v.counter ? Number(v.counter) : undefined }, e.target);
	});
	$('[data-dossier-form]').addEventListener('submit', (e) => {
		e.preventDefault();
		act(`queue/tickets/${current.current.id}/dossier`, { dossier: formValues(e.target).dossier }, e.target);
	});
	$('[data-pause-form]').addEventListener('submit', (e) => {
		e.preventDefault();
		act(`queue/counters/${current.id}/pause`, { reason: formValues(e.target).reason }, e.target);
	});
	$('[data-resume]').addEventListener('click', () => act(`queue/counters/${current.id}/resume`));
	$('[data-admin]').hidden = !hasRole(me, 'admin');
	$('[data-group-form]').addEventListener('submit', (e) => {
		e.preventDefault();
		const v = formValues(e.target);
		act('queue/groups', { code: v.code, prefix: v.prefix, name: v.name, name_en: v.name_en || undefined, fields: list(v.fields) }, e.target, true);
	});
	$('[data-counter-form]').addEventListener('submit', (e) => {
		e.preventDefault();
		const v = formValues(e.target);
		act('queue/counters', { number: v.number ? Number(v.number) : undefined, name: v.name || undefined, groups: list(v.groups) }, e.target, true);
	});
	document.addEventListener('motcua:langchange', () => {
		render();
		renderWaiting();
	});
	document.addEventListener('visibilitychange', () => {
		if (document.visibilityState === 'visible') load();
	});
	await load();
	follow();
}

/* ---- live: the agency's event stream ------------------------------------------ */

function follow() {
	es = new EventSource(apiUrl('queue/events'));
	const onEvent = (ev) => {
		let d = null;
		try {
			d = JSON.parse(ev.data);
		} catch {
			return;
		}
		if (d && d.waiting) {
			waiting = d.waiting;
			renderWaiting();
		}
		if (ev.type === 'setup') setupDirty = true;
		/* one reload for a burst of events */
		clearTimeout(reloadTimer);
		reloadTimer = setTimeout(load, 150);
	};
	for (const k of KINDS) es.addEventListener(k, onEvent);
	es.addEventListener('reset', () => {
		setupDirty = true;
		load();
	});
	es.addEventListener('error', () => {
		/* closed for good (the server refused): try again later */
		if (es.readyState === EventSource.CLOSED) setTimeout(follow, 5000);
	});
}

/* ---- the administrator's edits ------------------------------------------------ */

async function loadSetup() {
	let gs, cs;
	try {
		[gs, cs] = await Promise.all([api('GET', 'queue/groups', undefined, { query: { all: 1 } }), api('GET', 'queue/counters', undefined, { query: { all: 1 } })]);
	} catch {
		return;
	}
	const box = $('[data-setup-edit]');
	const field = (id, label, input) => h('div', { class: 'field' }, h('label', { class: 'field__label', for: id }, label), input);
	const check = (id, label, on) =>
		h('div', { class: 'field' }, h('label', { class: 'checkbox', for: id }, h('input', { type: 'checkbox', id, name: 'active', checked: on ? '' : null }), ' ', label));
	const groupForm = (g) => {
		const id = `e-g-${g.code}`;
		const f = h(
			'form',
			{ class: 'form console__row', novalidate: '', 'data-edit-group': g.code },
			h('div', { class: 'error-summary', 'data-error-summary': '', hidden: '' }),
			h('strong', {}, `${g.code} (${g.prefix})`),
			field(`${id}-name`, t('queue.e_name', { code: g.code }), h('input', { class: 'input', id: `${id}-name`, name: 'name', type: 'text', maxlength: '120', value: g.name })),
			field(`${id}-fields`, t('queue.e_fields', { code: g.code }), h('input', { class: 'input', id: `${id}-fields`, name: 'fields', type: 'text', value: g.fields.join(', '), spellcheck: 'false' })),
			check(`${id}-active`, t('queue.e_active', { code: g.code }), g.active),
			h('button', { type: 'submit', class: 'btn btn--secondary', 'aria-label': t('queue.e_save_named', { name: g.code }) }, t('queue.e_save'))
		);
		f.addEventListener('submit', (e) => {
			e.preventDefault();
			const v = formValues(f);
			act(`queue/groups/${encodeURIComponent(g.code)}`, { name: v.name, fields: list(v.fields), active: f.elements.active.checked }, f, false, 'PATCH');
		});
		return f;
	};
	const counterForm = (c) => {
		const id = `e-c-${c.id}`;
		const label = t('queue.board_counter', { counter: c.number });
		const f = h(
			'form',
			{ class: 'form console__row', novalidate: '', 'data-edit-counter': c.number },
			h('div', { class: 'error-summary', 'data-error-summary': '', hidden: '' }),
			h('strong', {}, label),
			field(`${id}-name`, t('queue.e_name', { code: label }), h('input', { class: 'input', id: `${id}-name`, name: 'name', type: 'text', maxlength: '120', value: c.name })),
			field(`${id}-groups`, t('queue.e_groups', { code: label }), h('input', { class: 'input', id: `${id}-groups`, name: 'groups', type: 'text', value: c.groups.join(', '), spellcheck: 'false' })),
			check(`${id}-active`, t('queue.e_active', { code: label }), c.active),
			h('button', { type: 'submit', class: 'btn btn--secondary', 'aria-label': t('queue.e_save_named', { name: label }) }, t('queue.e_save'))
		);
		f.addEventListener('submit', (e) => {
			e.preventDefault();
			const v = formValues(f);
			act(`queue/counters/${c.id}`, { name: v.name, groups: list(v.groups), active: f.elements.active.checked }, f, false, 'PATCH');
		});
		return f;
	};
	/* a form being edited (typed in, not saved yet, or refused) is kept as it
	 * is: a rebuild after another form's save must not wipe what the
	 * administrator is typing, nor the error shown beside it */
	const kept = new Map([...box.querySelectorAll('form[data-dirty]')].map((f) => [f.dataset.editGroup ? 'g:' + f.dataset.editGroup : 'c:' + f.dataset.editCounter, f]));
	const keep = (key, f) => {
		const old = kept.get(key);
		if (old) return old;
		f.addEventListener('input', () => (f.dataset.dirty = '1'));
		return f;
	};
	replace(box, ...gs.items.map((g) => keep('g:' + g.code, groupForm(g))), ...cs.items.map((c) => keep('c:' + c.number, counterForm(c))));
}
