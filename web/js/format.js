/*
 * format.js — dates, times, numbers and money the Vietnamese way.
 *
 * Dates are dd/mm/yyyy and times HH:mm (24-hour), in both languages: they
 * must read the same as on the paper receipt. Instants from the API are
 * ISO 8601 with an offset ("2026-03-02T09:00:00+07:00" or "…Z") and are
 * always shown in Vietnam time (UTC+7, no daylight saving since 1975),
 * whatever the time zone of the device: a foreigner's phone still shows
 * the time printed on the appointment slip. We add 7 hours and read the
 * UTC fields, so no time-zone database is needed.
 *
 * Numbers use "." for thousands and "," for decimals (1.234.567,5), money
 * is "1.000.000 đ" — also in English, to match official papers.
 *
 * Every function returns "" for null/undefined/unparseable input, so a
 * page can write fmtDate(x.due) without guarding.
 */
import { t } from './i18n.js';

const VN_OFFSET_MS = 7 * 3600 * 1000;
const NBSP = '\u00a0';

/* 7 → "07" (dates and times, and "YYYY-MM-DD" built by pages). */
export function pad2(n) {
	return n < 10 ? '0' + n : String(n);
}

/*
 * Vietnam wall-clock parts of a value: a Date, epoch milliseconds, an ISO
 * instant, or a plain date "YYYY-MM-DD" (a calendar day, taken as is).
 * Returns {y, m, d, hh, mm, ss, dow, dateOnly} or null.
 */
export function vnParts(v) {
	if (v === null || v === undefined || v === '') return null;
	if (typeof v === 'string') {
		const dm = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
		if (dm) {
			const y = +dm[1], m = +dm[2], d = +dm[3];
			const dow = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
			return { y, m, d, hh: 0, mm: 0, ss: 0, dow, dateOnly: true };
		}
	}
	let ms;
	if (v instanceof Date) ms = v.getTime();
	else if (typeof v === 'number') ms = v;
	else ms = Date.parse(String(v));
	if (!Number.isFinite(ms)) return null;
	const x = new Date(ms + VN_OFFSET_MS);
	return {
		y: x.getUTCFullYear(),
		m: x.getUTCMonth() + 1,
		d: x.getUTCDate(),
		hh: x.getUTCHours(),
		mm: x.getUTCMinutes(),
		ss: x.getUTCSeconds(),
		dow: x.getUTCDay(),
		dateOnly: false,
	};
}

/* "02/03/2026" */
export function fmtDate(v) {
	const p = vnParts(v);
	return p ? `${pad2(p.d)}/${pad2(p.m)}/${p.y}` : '';
}

/* "09:00" (Vietnam time). Also accepts "HH:MM" strings as they are. */
export function fmtTime(v) {
	if (typeof v === 'string' && /^\d{1,2}:\d{2}$/.test(v)) {
		const [h, m] = v.split(':');
		return `${pad2(+h)}:${m}`;
	}
	const p = vnParts(v);
	return p && !p.dateOnly ? `${pad2(p.hh)}:${pad2(p.mm)}` : '';
}

/* "09 giờ 00 phút" / "09:00" — the wording of official papers. */
export function fmtTimeWords(v) {
	const s = fmtTime(v);
	if (!s) return '';
	const [hh, mm] = s.split(':');
	return t('fmt.time_words', { hh, mm });
}

/* "09:00 ngày 02/03/2026" / "09:00, 02/03/2026" */
export function fmtDateTime(v) {
	const p = vnParts(v);
	if (!p) return '';
	if (p.dateOnly) return fmtDate(v);
	return t('fmt.datetime', { time: fmtTime(v), date: fmtDate(v) });
}

/* "Thứ Hai, 02/03/2026" / "Monday, 02/03/2026" */
export function fmtDateLong(v) {
	const p = vnParts(v);
	if (!p) return '';
	return t('fmt.date_long', { weekday: t('fmt.weekday.' + p.dow), date: fmtDate(v) });
}

/* "ngày 02 tháng 3 năm 2026" — the place-and-date line of official papers. */
export function fmtDateOfficial(v) {
	const p = vnParts(v);
	if (!p) return '';
	return t('fmt.date_official', { d: pad2(p.d), m: p.m, y: p.y });
}

/* "1.234.567" ; digits = fixed decimals (default: as given, at most 2). */
export function fmtNumber(n, digits) {
	if (n === null || n === undefined || n === '') return '';
	const x = Number(n);
	if (!Number.isFinite(x)) return '';
	const fixed = digits === undefined ? String(Math.round(x * 100) / 100) : x.toFixed(digits);
	const neg = fixed.startsWith('-');
	const [int, frac] = (neg ? fixed.slice(1) : fixed).split('.');
	const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
	return (neg ? '-' : '') + grouped + (frac ? ',' + frac : '');
}

/*
 * A file's size in words: "850 B", "12 KB", "1,5 MB" (no-break space,
 * Vietnamese decimal comma in both languages, as the numbers elsewhere).
 */
export function fmtBytes(bytes) {
	const MB = 1024 * 1024;
	if (bytes < 1024) return fmtNumber(bytes, 0) + '\u00a0B';
	if (bytes < MB) return fmtNumber(Math.max(1, Math.round(bytes / 1024)), 0) + '\u00a0KB';
	return fmtNumber(Math.round((bytes / MB) * 10) / 10) + '\u00a0MB';
}

/* "1.000.000 đ" (no-break space). Amounts are whole đồng. */
export function fmtMoney(n) {
	const s = fmtNumber(n === null || n === undefined || n === '' ? n : Math.round(Number(n)), 0);
	return s ? s + NBSP + 'đ' : '';
}

/* "85,5 %" from 85.5 (a value already in percent). */
export function fmtPercent(n, digits = 1) {
	const s = fmtNumber(n, digits);
	return s ? s.replace(/,0+$/, '') + NBSP + '%' : '';
}

/* A wait in seconds as words: "45 giây", "2 phút", "1 giờ 5 phút". */
export function fmtDuration(seconds) {
	const s = Math.max(0, Math.ceil(Number(seconds) || 0));
	if (s < 60) return t('fmt.seconds', { count: s });
	const min = Math.ceil(s / 60);
	if (min < 60) return t('fmt.minutes', { count: min });
	const h = Math.floor(min / 60), m = min % 60;
	return m ? t('fmt.hours_minutes', { h, m, count: h }) : t('fmt.hours', { count: h });
}

/*
 * Working periods as the API sends them ("07:30-11:30,13:00-17:00") →
 * [{label: "Buổi sáng", from: "07:30", to: "11:30"}, …]. Periods that
 * start before noon are the morning, the others the afternoon.
 */
export function parseWorkPeriods(s) {
	if (!s || typeof s !== 'string') return [];
	const out = [];
	for (const part of s.split(',')) {
		const m = /^\s*(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$/.exec(part);
		if (!m) continue;
		const from = fmtTime(m[1]), to = fmtTime(m[2]);
		const label = t(parseInt(from, 10) < 12 ? 'fmt.morning' : 'fmt.afternoon');
		out.push({ label, from, to });
	}
	return out;
}

/* "Buổi sáng 07:30–11:30 · Buổi chiều 13:00–17:00" in one line. */
export function fmtWorkPeriods(s) {
	return parseWorkPeriods(s)
		.map((p) => `${p.label} ${p.from}–${p.to}`)
		.join(' · ');
}

/*
 * Words for a deadline, from whole days left (negative = overdue), and the
 * badge variant to show it with: {text, kind} where kind is "ok", "soon"
 * (due today or tomorrow) or "late". The server decides the number (it
 * knows the working-day calendar); this only words it.
 */
export function deadlineInfo(daysLeft) {
	const n = Number(daysLeft);
	if (!Number.isFinite(n)) return { text: '', kind: 'neutral' };
	if (n < 0) return { text: t('deadline.overdue', { count: -n }), kind: 'late' };
	if (n === 0) return { text: t('deadline.today'), kind: 'soon' };
	if (n === 1) return { text: t('deadline.left', { count: 1 }), kind: 'soon' };
	return { text: t('deadline.left', { count: n }), kind: 'ok' };
}
