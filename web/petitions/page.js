/*
 * petitions/page.js — the public side of citizens' voice:
 *   ?code=PA-…   tracking by code (GET /api/v1/public/petitions/{code}):
 *                status, dates, the agency it was forwarded to, a link to the
 *                published answer, and the satisfaction buttons once answered
 *                (POST …/satisfaction, once);
 *   ?id=N        one published answer with its approved comments and the
 *                comment form (name*, e-mail* never shown; held for moderation);
 *   otherwise    the register of published answers with a search (?q=).
 * Nothing personal is shown: the API sends none.
 */
import { start, t } from '/js/layout.js';
import { api, ApiError } from '/js/api.js';
import { showErrors, clearErrors, errorsFromApi, formValues } from '/js/forms.js';
import { fmtDate } from '/js/format.js';
import { $, h, replace, notice, summaryRow } from '/js/dom.js';

await start({ strings: ['petition'] });

const params = new URLSearchParams(location.search);
const trackOut = $('[data-track-result]');

/* ---- tracking ------------------------------------------------------------ */

async function track(code) {
	$('#f-code').value = code;
	let d;
	try {
		d = await api('GET', 'public/petitions/' + encodeURIComponent(code));
	} catch (e) {
		if (e instanceof ApiError && e.status === 404) replace(trackOut, notice('warning', t('pet.track_nf', { code }), ''));
		else replace(trackOut, notice('error', e.message, ''));
		return;
	}
	drawTrack(code, d);
}

function drawTrack(code, d) {
	const rows = [
		summaryRow(t('pet.track_received'), fmtDate(d.received_at)),
		summaryRow(t('pet.track_ack_due'), fmtDate(d.ack_due_at)),
	];
	if (d.due_at) rows.push(summaryRow(t('pet.track_due'), fmtDate(d.due_at)));
	if (d.forwarded_to) rows.push(summaryRow(t('pet.track_forwarded'), d.forwarded_to));
	if (d.answered_at) rows.push(summaryRow(t('pet.track_answered'), fmtDate(d.answered_at)));
	const parts = [
		h('h3', { class: 'mt-0' }, `${t('pet.type.' + d.type)} ${d.code}: ${t('pet.status.' + d.status)}`),
		h('dl', { class: 'summary-list' }, ...rows),
	];
	if (d.published_id) parts.push(h('p', {}, h('a', { href: '/petitions/?id=' + d.published_id }, t('pet.track_published'))));
	if (d.status === 'answered') {
		if (d.satisfaction) parts.push(h('p', {}, t('pet.rated', { value: t('pet.sat.' + d.satisfaction) })));
		else {
			const rate = async (satisfied) => {
				try {
					drawTrack(code, await api('POST', `public/petitions/${encodeURIComponent(code)}/satisfaction`, { satisfied }));
				} catch (e) {
					replace(trackOut, notice('error', e.message, ''));
				}
			};
			parts.push(
				h('p', { class: 'mb-0' }, t('pet.rate_title')),
				h(
					'div',
					{ class: 'btn-group' },
					h('button', { type: 'button', class: 'btn', 'data-rate': 'yes', onclick: () => rate(true) }, t('pet.rate_yes')),
					h('button', { type: 'button', class: 'btn btn--secondary', 'data-rate': 'no', onclick: () => rate(false) }, t('pet.rate_no'))
				)
			);
		}
	}
	parts.push(h('p', { class: 'small muted' }, t('pet.track_privacy')));
	replace(trackOut, h('div', { class: 'card' }, ...parts));
}

/* ---- one published answer ------------------------------------------------------ */

async function view(id) {
	const box = $('[data-view]');
	$('[data-register]').hidden = true;
	if (!params.get('code')) $('[aria-labelledby="track-title"]').hidden = true;
	box.hidden = false;
	let d;
	try {
		d = await api('GET', 'public/answers/' + encodeURIComponent(id));
	} catch (e) {
		replace(box, notice('warning', e.message, ''), h('p', {}, h('a', { href: '/petitions/' }, t('pet.back'))));
		return;
	}
	const comments = d.comments.length
		? h('ul', { class: 'plain-list', 'data-comments': '' }, ...d.comments.map((c) => h('li', { class: 'card' }, h('p', { class: 'mb-0' }, h('strong', {}, c.name), ' — ', fmtDate(c.created_at)), h('p', { class: 'mb-0' }, c.content))))
		: h('p', { class: 'muted', 'data-comments': '' }, t('pet.no_comments'));
	const form = h(
		'form',
		{ class: 'form', novalidate: '' },
		h('div', { class: 'error-summary', 'data-error-summary': '', hidden: '' }),
		h('p', { class: 'required-note' }, t('form.required_note')),
		field('c-name', 'name', t('fb.name'), 'input', { type: 'text', autocomplete: 'name', maxlength: '200' }, true),
		field('c-email', 'email', t('fb.email'), 'input', { type: 'email', autocomplete: 'email', maxlength: '254' }, true, t('pet.comment_note')),
		field('c-content', 'content', t('pet.comment_content'), 'textarea', { rows: '4', maxlength: '2000' }, true),
		h('div', { class: 'visually-hidden', 'aria-hidden': 'true' }, h('label', { for: 'c-website' }, t('fb.honeypot')), h('input', { id: 'c-website', name: 'website', type: 'text', tabindex: '-1', autocomplete: 'off' })),
		h('button', { type: 'submit', class: 'btn' }, t('pet.comment_send'))
	);
	const thanks = h('div', { 'aria-live': 'polite' });
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		const v = formValues(form);
		const errors = [];
		if (!v.name) errors.push({ field: 'name', message: t('fb.err_name') });
		if (!v.email) errors.push({ field: 'email', message: t('fb.err_email') });
		if (!v.content) errors.push({ field: 'content', message: t('pet.err_comment') });
		if (errors.length) return showErrors(form, errors);
		clearErrors(form);
		try {
			await api('POST', `public/answers/${d.id}/comments`, v);
			form.reset();
			replace(thanks, notice('success', t('pet.comment_done'), ''));
		} catch (e) {
			showErrors(form, errorsFromApi(e));
		}
	});
	replace(
		box,
		h('p', {}, h('a', { href: '/petitions/', class: 'back-link' }, t('pet.back'))),
		h('article', { 'data-answer': '' },
			h('h2', {}, d.title),
			h('p', { class: 'muted' }, `${t('pet.type.' + d.type)} · ${t('pet.published', { date: fmtDate(d.published_at) })}`),
			h('h3', {}, t('pet.question')),
			h('p', { class: 'proc-text' }, d.question),
			h('h3', {}, t('pet.answer')),
			h('p', { class: 'proc-text' }, d.answer)),
		h('section', { 'aria-labelledby': 'cm-title' }, h('h3', { id: 'cm-title' }, t('pet.comments')), comments),
		h('section', { 'aria-labelledby': 'cf-title' }, h('h3', { id: 'cf-title' }, t('pet.comment_title')), form, thanks)
	);
}

function field(id, name, label, tag, attrs, required, hint) {
	const kids = [h('label', { class: 'field__label', for: id }, label, required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null)];
	if (hint) kids.push(h('p', { class: 'field__hint', id: id + '-hint' }, hint));
	kids.push(h(tag, { class: 'input', id, name, ...attrs, ...(hint ? { 'aria-describedby': id + '-hint' } : {}) }));
	return h('div', { class: 'field' }, ...kids);
}

/* ---- the register ----------------------------------------------------------------- */

async function register(q) {
	$('#f-q').value = q || '';
	const d = await api('GET', 'public/answers', undefined, { query: q ? { q } : undefined });
	$('[data-count]').textContent = d.total ? t('pet.found', { count: d.total }) : t('pet.none');
	replace(
		$('[data-list]'),
		...d.items.map((it) =>
			h('li', { class: 'card' },
				h('h3', { class: 'mt-0' }, h('a', { href: '/petitions/?id=' + it.id }, it.title)),
				h('p', { class: 'small muted' }, `${t('pet.type.' + it.type)} · ${t('pet.published', { date: fmtDate(it.published_at) })}`),
				h('p', { class: 'mb-0' }, it.question + (it.truncated ? '…' : '')))
		)
	);
}

const code = (params.get('code') || '').replace(/\s+/g, '').toUpperCase();
if (code) await track(code);
if (params.get('id')) await view(params.get('id'));
else await register(params.get('q'));
