// oracle.js TZ NEWMOONS — the lunisolar calendar at UTC+TZ from independent
// ephemerides: new moons from NEWMOONS (penm.py, PyEphem), principal terms
// (solar longitude = k·30°) from astronomy-engine (VSOP87). The rules are
// those of docs/CALENDAR.md, implemented separately from src/core/lunar.c.
// Prints one line per month: start-date lunar-year month leap length.
// Also writes near-midnight events (< 90 s) to stderr: those are where
// models may legitimately disagree.
const A = require('astronomy-engine');
const fs = require('fs');
const tz = parseFloat(process.argv[2]);
const jds = fs.readFileSync(process.argv[3], 'utf8').trim().split('\n').map(Number);
const Y0 = 1897, Y1 = 2201;
const margin = (x) => { const f = x - Math.floor(x); return Math.min(f, 1 - f) * 86400; };
const nms = jds.map((j) => Math.floor(j - 2440587.5 + tz / 24));
for (const j of jds) {
  const x = j - 2440587.5 + tz / 24;
  if (margin(x) < 90) console.error(`new moon ${new Date(Math.round((x) * 86400000)).toISOString().slice(0, 19)} local, ${margin(x).toFixed(0)} s from midnight`);
}
const termdays = [], solstice = {};
for (let y = Y0; y <= Y1; y++) {
  for (let k = 0; k < 12; k++) {
    const lon = (270 + 30 * k) % 360;
    const from = A.MakeTime(new Date(Date.UTC(y, 11, 21))).AddDays(k * 30.4369 - 10);
    const t = A.SearchSunLongitude(lon, from, 20);
    const x = t.date.getTime() / 86400000 + tz / 24;
    termdays.push(Math.floor(x));
    if (k === 0) solstice[y] = Math.floor(x);
    if (margin(x) < 90) console.error(`term ${lon} ${new Date(Math.round(x * 86400000)).toISOString().slice(0, 19)} local, ${margin(x).toFixed(0)} s from midnight`);
  }
}
termdays.sort((a, b) => a - b);
const lowerBound = (v, x) => { let lo = 0, hi = v.length; while (lo < hi) { const m = (lo + hi) >> 1; if (v[m] < x) lo = m + 1; else hi = m; } return lo; };
const hasTerm = (i) => { const j = lowerBound(termdays, nms[i]); return j < termdays.length && termdays[j] < nms[i + 1]; };
const month11 = (y) => lowerBound(nms, solstice[y] + 1) - 1; // the month holding the solstice
const out = [];
for (let y = Y0 + 1; y <= Y1; y++) {
  const a = month11(y - 1), b = month11(y);
  let leap = -1;
  if (b - a === 13) for (let j = a + 1; j < b && leap < 0; j++) if (!hasTerm(j)) leap = j;
  let m = 11, ly = y - 1;
  for (let j = a; j < b; j++) {
    const isLeap = j === leap;
    if (j !== a && !isLeap) { m = m === 12 ? 1 : m + 1; if (m === 1) ly = y; }
    out.push(`${new Date(nms[j] * 86400000).toISOString().slice(0, 10)} ${ly} ${m} ${isLeap ? 1 : 0} ${nms[j + 1] - nms[j]}`);
  }
}
console.log(out.join('\n'));
