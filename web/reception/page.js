/*
 * reception/page.js — the public schedule of reception days (lịch tiếp công
 * dân): GET /api/v1/public/reception/sessions (the next 60 days), one card
 * per session (leader, date and time, place, regular/periodic/ad hoc, in
 * person/online, seats left); "Đăng ký" opens the registration form
 * (name*, contact*, subject*; the hidden `website` is a honeypot) →
 * POST /api/v1/public/reception/sessions/{id}/registrations → the
 * confirmation code. Nothing personal is ever shown here.
 */
import { start, t } from '/js/layout.js';
import { api } from '/js/api.js';
import { showErrors, clearErrors, errorsFromApi, formValues } from '/js/forms.js';
import { fmtDateLong, fmtTime } from '/js/format.js';
import { $, h, replace, badge } from '/js/dom.js';

await start({ strings: ['petition', 'reception'] });

const regBox = $('[data-register]');
const form = $('[data-reg-form]');
const done = $('[data-done]');
let chosen = null;
let sessions = [];

function when(s) {
	return `${fmtDateLong(s.starts_at)}, ${fmtTime(s.starts_at)}–${fmtTime(s.ends_at)}`;
}

function card(s) {
	const left = Math.max(0, s.capacity - s.registered);
	return h(
		'article',
		{ class: 'card', 'data-session': String(s.id) },
		h('h2', { class: 'card__title' }, when(s)),
		h('p', {}, h('strong', {}, s.leader_name), s.leader_title ? ` — ${s.leader_title}` : ''),
		h('p', {}, `${t('rec.place')}: ${s.place}`),
		h('p', {}, `${t('rec.kind.' + s.kind)} · ${t('rec.mode.' + s.mode)} · ${s.agency.name}`),
		s.full ? badge('warning', t('rec.full')) : h('p', { class: 'muted' }, t('rec.seats', { count: left })),
		s.full || s.past ? '' : h('button', { type: 'button', class: 'btn btn--secondary', 'data-register-for': String(s.id), onclick: () => open(s) }, t('rec.register'))
	);
}

async function load() {
	const d = await api('GET', 'public/reception/sessions');
	sessions = d.items;
	$('[data-total]').textContent = d.items.length ? t('rec.total', { count: d.items.length }) : t('rec.none');
	replace($('[data-list]'), ...sessions.map(card));
}

function open(s) {
	chosen = s;
	$('[data-reg-session]').textContent = `${when(s)} — ${s.leader_name}, ${s.place}`;
	regBox.hidden = false;
	done.hidden = true;
	form.elements.name.focus();
}

form.addEventListener('submit', async (ev) => {
	ev.preventDefault();
	const v = formValues(form);
	const errors = [];
	if (!v.name) errors.push({ field: 'name', message: t('rec.err_name') });
	if (!v.contact) errors.push({ field: 'contact', message: t('rec.err_contact') });
	if (!v.subject) errors.push({ field: 'subject', message: t('rec.err_subject') });
	if (errors.length) return showErrors(form, errors);
	clearErrors(form);
	try {
		const r = await api('POST', `public/reception/sessions/${chosen.id}/registrations`, v);
		regBox.hidden = true;
		form.reset();
		$('[data-done-code]').textContent = r.code;
		$('[data-done-text]').textContent = t('rec.done_text', { when: when(r.session), place: r.session.place });
		done.hidden = false;
		done.focus();
	} catch (e) {
		showErrors(form, errorsFromApi(e));
	}
});

$('[data-reg-cancel]').addEventListener('click', () => {
	regBox.hidden = true;
	clearErrors(form);
});
$('[data-again]').addEventListener('click', async () => {
	done.hidden = true;
	await load();
});

await load();
