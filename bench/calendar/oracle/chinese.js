// chinese.js — month starts of the Chinese calendar 1901–2100 from the
// lunar-javascript package (which follows the published Chinese tables),
// in the format of oracle.js without the length column.
const { Solar } = require('lunar-javascript');
const out = [];
for (let t = Date.UTC(1901, 0, 1); t <= Date.UTC(2100, 11, 31); t += 86400000) {
  const d = new Date(t);
  const l = Solar.fromYmd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()).getLunar();
  if (l.getDay() === 1) out.push(`${d.toISOString().slice(0, 10)} ${l.getYear()} ${Math.abs(l.getMonth())} ${l.getMonth() < 0 ? 1 : 0}`);
}
console.log(out.join('\n'));
