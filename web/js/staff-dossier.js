/*
 * staff-dossier.js — words and small helpers shared by the staff dossier
 * pages (/staff/intake/, /staff/inbox/, /staff/dossier/, /staff/return/).
 *
 *   statusBadge('processing')               → badge "Đang xử lý"
 *   deadlineWords(-2 * 28800, 28800)        → {text: "Quá hạn 2 ngày", kind: "late"}
 *   appointmentWords('2026-03-05T09:00:00+07:00')
 *                                           → "09 giờ 00 phút, thứ Năm 05/03/2026"
 *   outcomeBadge('on_time')                 → badge "Đúng hạn"
 *   codeFromScan('https://…/track/?code=X') → "X"
 *   formLinks(dossier)                      → [{kind, href}] the printable papers that apply
 *
 * The API's words (src/core/dossier.h): statuses submitted, received,
 * processing, supplement_requested, result_ready, returned, refused,
 * withdrawn; actions accept, forward, send_back, request_supplement,
 * supplement, refuse, complete, apologize, return, withdraw (and "receive",
 * "submit" in the history); step outcomes early, on_time, late, skipped.
 */
import { t, has, useStrings } from './i18n.js';
import { fmtDate, fmtTimeWords, vnParts } from './format.js';
import { badge } from './dom.js';

await useStrings('dossier');

export const STATUSES = [
	'submitted',
	'received',
	'processing',
	'supplement_requested',
	'result_ready',
	'returned',
	'refused',
	'withdrawn',
];

const STATUS_KIND = {
	submitted: 'info',
	received: 'info',
	processing: 'info',
	supplement_requested: 'soon',
	result_ready: 'ok',
	returned: 'neutral',
	refused: 'neutral',
	withdrawn: 'neutral',
};

function word(prefix, value) {
	const key = prefix + value;
	return has(key) ? t(key) : value || '';
}

/* "Đang xử lý" */
export function statusLabel(s) {
	return word('dossier.status.', s);
}

/* A badge with the status in words. */
export function statusBadge(s) {
	return badge(STATUS_KIND[s] || 'neutral', statusLabel(s));
}

/* "Chuyển bước tiếp theo" — the name of an action (or a history event). */
export function actionLabel(a) {
	return word('dossier.action.', a);
}

/* Trước hạn / Đúng hạn / Quá hạn / Bỏ qua, with its badge kind. */
export function outcomeBadge(o) {
	if (!o) return null;
	const kind = o === 'late' ? 'late' : o === 'skipped' ? 'neutral' : 'ok';
	return badge(kind, word('dossier.outcome.', o));
}

export function outcomeLabel(o) {
	return o ? word('dossier.outcome.', o) : '';
}

export function channelLabel(c) {
	return word('dossier.channel.', c);
}

export function returnMethodLabel(m) {
	return word('dossier.method.', m);
}

/*
 * The deadline in words from the working time left (seconds; negative =
 * overdue by) and the length of a working day (seconds), as the inbox
 * gives them. {text, kind}: kind "late" (overdue; whole working days, at
 * least 1), "soon" (less than one working day left: due today or by this
 * time tomorrow; detail says the hours left), "ok" otherwise (whole working
 * days left, rounded down). Null when the clock does not run (no value).
 */
export function deadlineWords(remaining, daySeconds) {
	if (remaining === null || remaining === undefined || !Number.isFinite(Number(remaining))) return null;
	const rem = Number(remaining);
	const day = Number(daySeconds) > 0 ? Number(daySeconds) : 8 * 3600;
	if (rem < 0) {
		const count = Math.max(1, Math.floor(-rem / day));
		return { text: t('dossier.deadline.overdue', { count }), kind: 'late' };
	}
	if (rem < day) {
		const hours = Math.max(0, Math.floor(rem / 3600));
		const minutes = Math.floor((rem % 3600) / 60);
		const left = hours
			? t('dossier.deadline.hours_left', { count: hours })
			: t('dossier.deadline.minutes_left', { count: Math.max(1, minutes) });
		return { text: t('dossier.deadline.soon'), detail: left, kind: 'soon' };
	}
	const count = Math.floor(rem / day);
	return { text: t('dossier.deadline.days_left', { count }), kind: 'ok' };
}

/* A deadline badge (with the detail "còn 3 giờ làm việc" when near), or null. */
export function deadlineBadge(remaining, daySeconds) {
	const w = deadlineWords(remaining, daySeconds);
	if (!w) return null;
	return badge(w.kind, w.detail ? `${w.text} · ${w.detail}` : w.text);
}

/* "09 giờ 00 phút, thứ Năm 05/03/2026" — the appointment as the receipt says it. */
export function appointmentWords(iso) {
	const p = vnParts(iso);
	if (!p) return '';
	return t('dossier.appointment', { time: fmtTimeWords(iso), weekday: t('dossier.weekday.' + p.dow), date: fmtDate(iso) });
}

/* The staff page of one dossier. */
export function dossierHref(code) {
	return '/staff/dossier/?code=' + encodeURIComponent(code);
}

export function formHref(code, kind) {
	return `/api/v1/dossiers/${encodeURIComponent(code)}/forms/${kind}`;
}

/*
 * The printable papers that apply to a dossier (full staff view):
 * receipt and control sheet once received; the supplement request, the
 * refusal, the apology and the withdrawal notice when they happened.
 */
export function formLinks(d) {
	const out = [];
	if (!d || !d.code) return out;
	if (d.received_at) out.push('receipt');
	if (d.supplement) out.push('supplement');
	if (d.refusal) out.push('refusal');
	if (d.apology) out.push('apology');
	if (d.withdrawal) out.push('withdrawal');
	if (d.received_at) out.push('control');
	return out.map((kind) => ({ kind, href: formHref(d.code, kind), label: t('dossier.form.' + kind) }));
}

/*
 * What a barcode/QR scanner or a person typed, as a dossier code: the code
 * itself, or the tracking address printed on the receipt
 * (https://…/track/?code=000.01.40.H15-260302-0001). Spaces around are
 * dropped; letters are upper-cased (codes are "H15", never "h15").
 */
export function codeFromScan(text) {
	let s = String(text || '').trim();
	if (!s) return '';
	const m = /[?&]code=([^&#\s]+)/i.exec(s);
	if (m) {
		try {
			s = decodeURIComponent(m[1].replace(/\+/g, ' '));
		} catch {
			s = m[1];
		}
	}
	return s.trim().toUpperCase();
}

/* The applicant's name as it is shown in lists: the organisation's when one. */
export function applicantLine(a) {
	if (!a) return '';
	if (a.kind === 'organization' && a.org_name) return a.name ? `${a.org_name} (${a.name})` : a.org_name;
	return a.name || '';
}

/*
 * The words to show for a failed action: the server's message (it comes in
 * the reader's language), except a version conflict, said our way.
 */
export function actionErrorText(e) {
	if (e && e.code === 'version_conflict') return t('dossier.err.version_conflict');
	if (e && e.status === 429 && e.retryAfter) return t('dossier.err.throttled', { wait: Math.ceil(e.retryAfter / 60) });
	return (e && e.message) || t('error.unknown');
}
