/*
 * catalogue.js — words for the procedure catalogue, shared by the citizen
 * search (/procedures/), the procedure page (/procedures/view/) and the
 * admin catalogue (/staff/procedures/).
 *
 *   fmtTimeLimit({value: 3, unit: 'working_days'})  → "3 ngày làm việc"
 *   fmtTimeLimitAll({unit: 'same_day', variants: [{name: 'Trường hợp cần xác minh', value: 5,
 *     unit: 'working_days'}]})                       → "Trong ngày; Trường hợp cần xác minh: 5 ngày làm việc"
 *   cutoffNote('15:00')                              → "Hồ sơ nhận sau 15:00 được tính từ ngày làm việc tiếp theo …"
 *   onlineInfo('full')                               → {text: "Nộp trực tuyến toàn trình", kind: "ok"}
 *   docFormLabel('certified_copy')                   → "Bản sao có chứng thực"
 *   fmtFee(0)                                        → "Miễn phí"
 *   fmtStepTime(0.125, 'same_day', 8)                → "1 giờ làm việc"
 *   parseDecimal('0,5')                              → 0.5
 *   procedureHref('1.001193')                        → "/procedures/view/?code=1.001193"
 *
 * The API's units of a time limit: working_days, working_hours, same_day
 * (one working day: "Trong ngày"), days (calendar days). Online levels:
 * none, partial (part of it online), full (the whole of it online).
 */
import { t, useStrings } from './i18n.js';
import { fmtMoney, fmtNumber } from './format.js';

await useStrings('catalogue');

export const TIME_UNITS = ['working_days', 'working_hours', 'same_day', 'days'];
export const ONLINE_LEVELS = ['none', 'partial', 'full'];
export const DOC_FORMS = ['original', 'certified_copy', 'copy', 'presented'];
export const LEVELS = ['commune', 'province'];

/* A number with Vietnamese separators and as many decimals as it has
 * (0.125 → "0,125"; fmtNumber would round to two). */
export function fmtDecimal(n) {
	const x = Number(n);
	if (n === null || n === undefined || n === '' || !Number.isFinite(x)) return '';
	const r = Math.round(x * 1e6) / 1e6;
	const [int, frac] = String(Math.abs(r)).split('.');
	return (r < 0 ? '-' : '') + fmtNumber(Number(int), 0) + (frac ? ',' + frac : '');
}

/* "0,5" or "0.5" → 0.5; "" or junk → NaN. Thousands dots are not allowed
 * here (shares are small numbers), so "1.5" is one and a half. */
export function parseDecimal(s) {
	const v = String(s ?? '').trim().replace(/\s+/g, '').replace(',', '.');
	if (!/^-?\d+(\.\d+)?$|^-?\.\d+$/.test(v)) return NaN;
	return Number(v);
}

/* "8.000", "8 000", "8000đ" → 8000; junk → NaN. Amounts are whole đồng. */
export function parseMoney(s) {
	const v = String(s ?? '').trim().replace(/[\s.\u00a0]/g, '').replace(/(đ|₫|vnđ|vnd)$/i, '');
	if (!/^\d+$/.test(v)) return NaN;
	return Number(v);
}

/* A time limit in words: "3 ngày làm việc", "Trong ngày", "30 ngày", "8 giờ làm việc". */
export function fmtTimeLimit(tl) {
	if (!tl || !tl.unit) return '';
	if (tl.unit === 'same_day') return t('catalogue.limit.same_day');
	const count = Number(tl.value);
	if (!TIME_UNITS.includes(tl.unit) || !Number.isFinite(count)) return '';
	return t('catalogue.limit.' + tl.unit, { n: fmtDecimal(count), count });
}

/*
 * The lawful variants of a time limit (time_limit.variants), each as
 * "Trường hợp cần xác minh: 5 ngày làm việc"; [] when there are none.
 */
export function fmtVariants(tl) {
	const list = tl && Array.isArray(tl.variants) ? tl.variants : [];
	return list.map((v) => t('catalogue.variant', { name: v.name, limit: fmtTimeLimit(v) }));
}

/* The whole limit on one line: "Trong ngày; Trường hợp cần xác minh: 5 ngày làm việc". */
export function fmtTimeLimitAll(tl) {
	return [fmtTimeLimit(tl), ...fmtVariants(tl)].filter(Boolean).join('; ');
}

/* The centre's cut-off (a practice, not law): on unless the procedure turns it off. */
export function hasCutoff(tl) {
	return !tl || tl.cutoff !== false;
}

/* "Hồ sơ nhận sau 15:00 …" — the time from the centre ("15:00" when unknown). */
export function cutoffNote(time) {
	return t('catalogue.cutoff_note', { time: time || '15:00' });
}

/* The unit of a time limit as a word, for labels ("ngày làm việc"). */
export function unitLabel(unit) {
	return TIME_UNITS.includes(unit) ? t('catalogue.unit.' + unit) : unit || '';
}

/*
 * The time of one internal step, in the unit of the limit. A same-day
 * procedure's steps are fractions of the working day; shown as working
 * hours when the length of the day is known (hoursPerDay), else as a
 * fraction of the day.
 */
export function fmtStepTime(share, unit, hoursPerDay = 8) {
	const n = Number(share);
	if (!Number.isFinite(n)) return '';
	if (unit === 'same_day') {
		if (hoursPerDay > 0) {
			const h = Math.round(n * hoursPerDay * 100) / 100;
			return t('catalogue.limit.working_hours', { n: fmtDecimal(h), count: h });
		}
		return t('catalogue.step_day_fraction', { n: fmtDecimal(n) });
	}
	return fmtTimeLimit({ value: n, unit });
}

/* Working hours in a day from the centre's "07:30-11:30,13:00-17:00"; 0 if unknown. */
export function hoursPerDay(workPeriods) {
	if (!workPeriods || typeof workPeriods !== 'string') return 0;
	let min = 0;
	for (const part of workPeriods.split(',')) {
		const m = /^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$/.exec(part);
		if (m) min += (+m[3] * 60 + +m[4]) - (+m[1] * 60 + +m[2]);
	}
	return min > 0 ? min / 60 : 0;
}

/* The online level in words, and the badge kind that goes with it. */
export function onlineInfo(level) {
	if (level === 'full') return { text: t('catalogue.online.full'), kind: 'ok', short: t('catalogue.online_short.full') };
	if (level === 'partial') return { text: t('catalogue.online.partial'), kind: 'info', short: t('catalogue.online_short.partial') };
	return { text: t('catalogue.online.none'), kind: 'neutral', short: t('catalogue.online_short.none') };
}

/* True when a citizen can start this procedure online. */
export function canSubmitOnline(level) {
	return level === 'full' || level === 'partial';
}

/* Bản chính / Bản sao có chứng thực / Bản sao / Xuất trình. */
export function docFormLabel(form) {
	return DOC_FORMS.includes(form) ? t('catalogue.form.' + form) : form || '';
}

/* Cấp xã / Cấp tỉnh. */
export function levelLabel(level) {
	return LEVELS.includes(level) ? t('catalogue.level.' + level) : level || '';
}

/* "2.000 đ", or "Miễn phí" for nothing to pay. */
export function fmtFee(amount) {
	const n = Number(amount);
	if (!Number.isFinite(n)) return '';
	return n === 0 ? t('catalogue.free') : fmtMoney(n);
}

/* The citizen page of a procedure. */
export function procedureHref(code) {
	return '/procedures/view/?code=' + encodeURIComponent(code);
}

/* The online submission form of a procedure. */
export function submitHref(code) {
	return '/submit/?procedure=' + encodeURIComponent(code);
}

/*
 * A long text from the catalogue as paragraphs, and the "Bước 1: … Bước 2: …"
 * of a sequence as a list: returns {steps: [...]} when the text reads as
 * numbered steps, else {paragraphs: [...]}.
 */
export function splitCatalogueText(text) {
	const s = String(text || '').trim();
	if (!s) return { paragraphs: [] };
	const parts = s.split(/(?=\bBước\s+\d+\s*[:.])/u).map((x) => x.trim()).filter(Boolean);
	if (parts.length >= 2 && parts.every((p, i) => i === 0 ? true : /^Bước\s+\d+/u.test(p))) {
		const steps = parts.filter((p) => /^Bước\s+\d+/u.test(p));
		const intro = /^Bước\s+\d+/u.test(parts[0]) ? '' : parts[0];
		return { intro, steps };
	}
	return { paragraphs: s.split(/\n+/).map((x) => x.trim()).filter(Boolean) };
}
