/*
 * feedback/page.js — the public feedback form (góp ý / phản ánh, kiến
 * nghị). Name*, e-mail* (never shown publicly), phone, subject, content*,
 * one optional file (PDF/JPEG/PNG, 5 MB). Checked here as a courtesy with
 * the server's messages (every field at once, GOV.UK style), then
 * POST /api/v1/public/feedback; the server's answer names one field.
 * The confirmation shows the tracking code and links to /petitions/?code=.
 * The hidden `website` field is a honeypot: people never fill it.
 */
import { start, t } from '/js/layout.js';
import { api } from '/js/api.js';
import { showErrors, clearErrors, errorsFromApi, formValues } from '/js/forms.js';
import { $ } from '/js/dom.js';

await start({ strings: ['petition'] });

const FILE_MAX = 5 * 1024 * 1024;
const form = $('[data-feedback-form]');
const done = $('[data-done]');
const send = $('[data-send]');
let busy = false;

function check(v, file) {
	const errors = [];
	if (!v.name) errors.push({ field: 'name', message: t('fb.err_name') });
	if (!v.email) errors.push({ field: 'email', message: t('fb.err_email') });
	else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.email)) errors.push({ field: 'email', message: t('fb.err_email_format') });
	if (!v.content) errors.push({ field: 'content', message: t('fb.err_content') });
	if (file && file.size > FILE_MAX) errors.push({ field: 'attachment', message: t('fb.err_file_size') });
	else if (file && !['application/pdf', 'image/jpeg', 'image/png'].includes(file.type)) errors.push({ field: 'attachment', message: t('fb.err_file_type') });
	return errors;
}

function base64(file) {
	return new Promise((resolve, reject) => {
		const r = new FileReader();
		r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
		r.onerror = () => reject(r.error);
		r.readAsDataURL(file);
	});
}

form.addEventListener('submit', async (ev) => {
	ev.preventDefault();
	if (busy) return;
	const v = formValues(form);
	const file = form.elements.attachment.files[0];
	const errors = check(v, file);
	if (errors.length) {
		showErrors(form, errors);
		return;
	}
	clearErrors(form);
	const body = { type: v.type, name: v.name, email: v.email, phone: v.phone, subject: v.subject, content: v.content, website: v.website };
	busy = true;
	send.textContent = t('fb.sending');
	try {
		if (file) body.attachment = { name: file.name, data: await base64(file) };
		const r = await api('POST', 'public/feedback', body, { timeout: 60000 });
		form.hidden = true;
		$('[data-done-code]').textContent = r.code;
		$('[data-done-track]').href = '/petitions/?code=' + encodeURIComponent(r.code);
		done.hidden = false;
		done.focus();
	} catch (e) {
		showErrors(form, errorsFromApi(e));
	} finally {
		busy = false;
		send.textContent = t('fb.send');
	}
});

$('[data-again]').addEventListener('click', () => {
	form.reset();
	clearErrors(form);
	done.hidden = true;
	form.hidden = false;
	form.elements.name.focus();
});
