/*
 * chart.js — motcua's own small chart library: SVG drawn here, no
 * dependency, no request to another host, no inline style (the CSP).
 *
 *   import { barChart, lineChart, stackChart, donutChart } from '/js/chart.js';
 *   el.append(barChart({ title, desc, labels, series: [{ name, values }], width }));
 *
 * Each function returns a <figure class="chart" data-chart="bar|line|stack|donut">
 * holding: a caption (the title), the <svg role="img"> with its own <title>
 * and <desc>, a legend, and the same numbers as a <table> — hidden on screen
 * but read by screen readers and printed under the chart (print.css rules in
 * app.css: .chart__data). Data marks carry data-value and data-label, so a
 * test can count them and read their numbers.
 *
 * Sizes are in CSS pixels of the width given (the container's, clamped to
 * 280–760): the page redraws on resize, so text stays 12–13 px on a 360 px
 * phone and on a desktop alike. Colours come from CSS classes
 * (.chart__s0 … .chart__s3), so print and high-contrast rules apply.
 *
 * Options common to all: title, desc (a sentence saying what the chart
 * shows), width, format (a number → text function for values), and
 * labelHead (the header of the table's first column).
 */
const NS = 'http://www.w3.org/2000/svg';
let uid = 0;

function s(tag, attrs, ...kids) {
	const el = document.createElementNS(NS, tag);
	for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
	for (const k of kids) if (k !== null && k !== undefined) el.append(k instanceof Node ? k : document.createTextNode(String(k)));
	return el;
}

function e(tag, attrs, ...kids) {
	const el = document.createElement(tag);
	for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
	for (const k of kids.flat()) if (k !== null && k !== undefined) el.append(k instanceof Node ? k : document.createTextNode(String(k)));
	return el;
}

const plain = (v) => (v === null || v === undefined ? '—' : String(v));

function clampWidth(w) {
	return Math.max(280, Math.min(760, Math.floor(w || 640)));
}

/* the <svg> with its accessible name and description */
function frame(o, W, H) {
	const id = `chart-${++uid}`;
	const svg = s('svg', { class: 'chart__svg', viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-labelledby': `${id}-t ${id}-d`, focusable: 'false' });
	svg.append(s('title', { id: `${id}-t` }, o.title || ''), s('desc', { id: `${id}-d` }, o.desc || ''));
	return svg;
}

/* the numbers as a table (screen readers, print) */
function dataTable(o, labels, series) {
	const fmt = o.format || plain;
	return e(
		'table',
		{ class: 'chart__data' },
		e('caption', {}, o.title || ''),
		e('thead', {}, e('tr', {}, e('th', { scope: 'col' }, o.labelHead || ''), series.map((x) => e('th', { scope: 'col' }, x.name)))),
		e(
			'tbody',
			{},
			labels.map((l, i) => e('tr', {}, e('th', { scope: 'row' }, l), series.map((x) => e('td', {}, x.values[i] === null || x.values[i] === undefined ? '—' : fmt(x.values[i])))))
		)
	);
}

function legend(series) {
	if (series.length < 2) return null;
	return e(
		'ul',
		{ class: 'chart__legend' },
		series.map((x, k) => e('li', {}, e('span', { class: `chart__swatch chart__s${x.cls ?? k}`, 'aria-hidden': 'true' }), x.name))
	);
}

function figure(kind, o, svg, labels, series, extra) {
	return e('figure', { class: `chart chart--${kind}`, 'data-chart': kind }, e('figcaption', { class: 'chart__title' }, o.title || ''), svg, extra || legend(series), e('div', { class: 'chart__numbers' }, dataTable(o, labels, series)));
}

/* a "nice" maximum for an axis and its step */
function niceMax(max) {
	if (!(max > 0)) return { top: 1, step: 1 };
	const exp = Math.pow(10, Math.floor(Math.log10(max)));
	for (const m of [1, 2, 2.5, 5, 10]) {
		const step = (m * exp) / 4;
		if (step * 4 >= max) return { top: step * 4, step };
	}
	return { top: max, step: max / 4 };
}

/* y axis lines and their numbers; returns the inner box */
function axes(svg, W, H, top, step, fmtAxis, pad) {
	const { l, r, t, b } = pad;
	for (let v = 0; v <= top + 1e-9; v += step) {
		const y = t + (H - t - b) * (1 - v / top);
		svg.append(s('line', { class: 'chart__grid', x1: l, x2: W - r, y1: y.toFixed(1), y2: y.toFixed(1) }));
		svg.append(s('text', { class: 'chart__axis', x: l - 6, y: (y + 4).toFixed(1), 'text-anchor': 'end' }, fmtAxis(v)));
	}
}

/* which labels to print under an x axis so they do not overlap */
function labelEvery(n, room, chars) {
	const need = Math.max(4, chars) * 7 + 6;
	return Math.max(1, Math.ceil((n * need) / Math.max(room, 1)));
}

/*
 * Vertical bars, grouped: labels[] along x, series [{name, values[], cls}].
 */
export function barChart(o) {
	const W = clampWidth(o.width), H = o.height || 240;
	const labels = o.labels || [], series = o.series || [];
	const pad = { l: 44, r: 8, t: 10, b: 28 };
	const max = Math.max(0, ...series.flatMap((x) => x.values.map((v) => v || 0)));
	const { top, step } = niceMax(max);
	const svg = frame(o, W, H);
	axes(svg, W, H, top, step, o.formatAxis || ((v) => String(Math.round(v * 10) / 10)), pad);
	const n = Math.max(labels.length, 1), band = (W - pad.l - pad.r) / n;
	const inner = band * 0.8, bw = inner / Math.max(series.length, 1);
	const every = labelEvery(n, W - pad.l - pad.r, Math.max(...labels.map((l) => String(l).length), 1));
	labels.forEach((label, i) => {
		const x0 = pad.l + i * band + (band - inner) / 2;
		series.forEach((x, k) => {
			const v = x.values[i] || 0;
			const hgt = ((H - pad.t - pad.b) * v) / top;
			svg.append(
				s(
					'rect',
					{ class: `chart__bar chart__s${x.cls ?? k}`, x: (x0 + k * bw).toFixed(1), y: (H - pad.b - hgt).toFixed(1), width: Math.max(1, bw - 1).toFixed(1), height: hgt.toFixed(1), 'data-value': x.values[i] ?? '', 'data-label': label, 'data-series': x.name },
					s('title', {}, `${label} — ${x.name}: ${(o.format || plain)(x.values[i])}`)
				)
			);
		});
		if (i % every === 0) svg.append(s('text', { class: 'chart__axis', x: (pad.l + i * band + band / 2).toFixed(1), y: H - 8, 'text-anchor': 'middle' }, o.shortLabel ? o.shortLabel(label) : label));
	});
	return figure('bar', o, svg, labels, series);
}

/*
 * Lines (a rate over time): labels[] along x, series [{name, values[]}],
 * values may be null (no point, the line breaks); yMax (default 100).
 */
export function lineChart(o) {
	const W = clampWidth(o.width), H = o.height || 220;
	const labels = o.labels || [], series = o.series || [];
	const pad = { l: 44, r: 12, t: 12, b: 28 };
	const top = o.yMax || 100, step = top / 4;
	const svg = frame(o, W, H);
	axes(svg, W, H, top, step, o.formatAxis || ((v) => `${v}%`), pad);
	const n = labels.length, dx = n > 1 ? (W - pad.l - pad.r) / (n - 1) : 0;
	const X = (i) => (n > 1 ? pad.l + i * dx : (W + pad.l - pad.r) / 2);
	const Y = (v) => pad.t + (H - pad.t - pad.b) * (1 - Math.min(v, top) / top);
	series.forEach((x, k) => {
		let d = '';
		x.values.forEach((v, i) => {
			if (v === null || v === undefined) return;
			const prev = i > 0 && x.values[i - 1] !== null && x.values[i - 1] !== undefined;
			d += `${prev ? 'L' : 'M'}${X(i).toFixed(1)} ${Y(v).toFixed(1)} `;
		});
		if (d) svg.append(s('path', { class: `chart__line chart__s${x.cls ?? k}`, d: d.trim() }));
		x.values.forEach((v, i) => {
			if (v === null || v === undefined) return;
			svg.append(s('circle', { class: `chart__dot chart__s${x.cls ?? k}`, cx: X(i).toFixed(1), cy: Y(v).toFixed(1), r: 3.5, 'data-value': v, 'data-label': labels[i], 'data-series': x.name }, s('title', {}, `${labels[i]} — ${x.name}: ${(o.format || plain)(v)}`)));
		});
	});
	const every = labelEvery(n, W - pad.l - pad.r, Math.max(...labels.map((l) => String(l).length), 1));
	labels.forEach((label, i) => {
		if (i % every === 0) svg.append(s('text', { class: 'chart__axis', x: X(i).toFixed(1), y: H - 8, 'text-anchor': 'middle' }, o.shortLabel ? o.shortLabel(label) : label));
	});
	return figure('line', o, svg, labels, series);
}

/*
 * Horizontal stacked bars (shares of a whole per row): labels[] one row
 * each, series [{name, values[]}] the parts. The label sits above its bar
 * (long names of fields and units fit on a phone); the total at the end.
 */
export function stackChart(o) {
	const W = clampWidth(o.width);
	const labels = o.labels || [], series = o.series || [];
	const rowH = 40, bar = 16, pad = 6;
	const H = Math.max(labels.length, 1) * rowH + pad;
	const totals = labels.map((_, i) => series.reduce((a, x) => a + (x.values[i] || 0), 0));
	const max = Math.max(1, ...totals);
	const room = W - Math.min(150, Math.round(W * 0.4)); /* the total is written after the bar */
	const svg = frame(o, W, H);
	const maxChars = Math.floor(W / 7);
	labels.forEach((label, i) => {
		const y = pad + i * rowH;
		const text = String(label);
		svg.append(s('text', { class: 'chart__label', x: 0, y: y + 12 }, text.length > maxChars ? text.slice(0, maxChars - 1) + '…' : text));
		let x = 0;
		series.forEach((ser, k) => {
			const v = ser.values[i] || 0;
			const w = (room * v) / max;
			if (v > 0)
				svg.append(
					s(
						'rect',
						{ class: `chart__bar chart__s${ser.cls ?? k}`, x: x.toFixed(1), y: y + 18, width: Math.max(1, w).toFixed(1), height: bar, 'data-value': v, 'data-label': label, 'data-series': ser.name },
						s('title', {}, `${label} — ${ser.name}: ${(o.format || plain)(v)}`)
					)
				);
			x += w;
		});
		svg.append(s('text', { class: 'chart__value', x: (x + 6).toFixed(1), y: y + 30 }, (o.formatTotal || o.format || plain)(totals[i], i)));
	});
	return figure('stack', o, svg, labels, series);
}

/*
 * A donut: parts [{name, value, cls}], the centre text (e.g. a rate).
 */
export function donutChart(o) {
	const parts = o.parts || [];
	const size = 180, R = 80, r = 52, c = size / 2;
	const svg = frame(o, size, size);
	svg.setAttribute('class', 'chart__svg chart__svg--donut');
	const total = parts.reduce((a, p) => a + (p.value || 0), 0);
	if (!total) svg.append(s('circle', { class: 'chart__empty', cx: c, cy: c, r: (R + r) / 2, 'stroke-width': R - r, fill: 'none' }));
	let a0 = -Math.PI / 2;
	parts.forEach((p, k) => {
		const v = p.value || 0;
		if (!v) return;
		const a1 = a0 + (2 * Math.PI * v) / total;
		const large = a1 - a0 > Math.PI ? 1 : 0;
		const pt = (rad, a) => `${(c + rad * Math.cos(a)).toFixed(2)} ${(c + rad * Math.sin(a)).toFixed(2)}`;
		/* a full circle cannot be one arc: two halves */
		const d =
			v === total
				? `M${pt(R, a0)} A${R} ${R} 0 1 1 ${pt(R, a0 + Math.PI)} A${R} ${R} 0 1 1 ${pt(R, a0)} M${pt(r, a0)} A${r} ${r} 0 1 0 ${pt(r, a0 + Math.PI)} A${r} ${r} 0 1 0 ${pt(r, a0)} Z`
				: `M${pt(R, a0)} A${R} ${R} 0 ${large} 1 ${pt(R, a1)} L${pt(r, a1)} A${r} ${r} 0 ${large} 0 ${pt(r, a0)} Z`;
		svg.append(s('path', { class: `chart__slice chart__s${p.cls ?? k}`, d, 'fill-rule': 'evenodd', 'data-value': v, 'data-label': p.name }, s('title', {}, `${p.name}: ${(o.format || plain)(v)}`)));
		a0 = a1;
	});
	if (o.centre) svg.append(s('text', { class: 'chart__centre', x: c, y: c + 7, 'text-anchor': 'middle' }, o.centre));
	const series = [{ name: o.valueHead || '', values: parts.map((p) => p.value) }];
	const leg = e(
		'ul',
		{ class: 'chart__legend' },
		parts.map((p, k) => e('li', {}, e('span', { class: `chart__swatch chart__s${p.cls ?? k}`, 'aria-hidden': 'true' }), `${p.name}: ${(o.format || plain)(p.value)}`))
	);
	return figure('donut', o, svg, parts.map((p) => p.name), series, leg);
}

/* Redraw `draw` (which fills its container) when the width changes. */
export function onWidthChange(el, draw) {
	let last = el.clientWidth;
	let timer = 0;
	const ro = new ResizeObserver(() => {
		const w = el.clientWidth;
		if (Math.abs(w - last) < 16) return;
		last = w;
		clearTimeout(timer);
		timer = setTimeout(draw, 150);
	});
	ro.observe(el);
	return ro;
}
