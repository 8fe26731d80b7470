#!/usr/bin/env node
// data/demo/check.mjs — validates data/demo/centre.json and data/demo/procedures.json.
// Node 20, no dependencies. Usage: node data/demo/check.mjs [dir]
// Exits 1 and lists every violation found; exits 0 and prints a summary otherwise.
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = process.argv[2] ?? dirname(fileURLToPath(import.meta.url));
const errors = [];
const err = (where, msg) => errors.push(`${where}: ${msg}`);

function load(name) {
  const path = join(dir, name);
  let bytes;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    err(name, `cannot read (${e.code})`);
    return null;
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) err(name, 'starts with a UTF-8 BOM');
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    err(name, 'not valid UTF-8');
    return null;
  }
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    err(name, `invalid JSON: ${e.message}`);
    return null;
  }
  // Canonical form: 2-space indentation, trailing newline. A duplicate key would
  // also make the re-serialisation differ (JSON.parse keeps only the last one).
  if (JSON.stringify(doc, null, 2) + '\n' !== text) err(name, 'not in canonical form (2-space indent, no duplicate keys, trailing newline)');
  walkStrings(doc, name, (s, where) => {
    if (s !== s.normalize('NFC')) err(where, 'string is not NFC');
    if (s !== s.trim()) err(where, 'leading/trailing whitespace');
    if (/[\u0000-\u001f]/.test(s)) err(where, 'control character');
  });
  return doc;
}

function walkStrings(v, where, fn) {
  if (typeof v === 'string') fn(v, where);
  else if (Array.isArray(v)) v.forEach((x, i) => walkStrings(x, `${where}[${i}]`, fn));
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      if (k !== k.normalize('NFC')) err(where, `key ${k} is not NFC`);
      walkStrings(x, `${where}.${k}`, fn);
    }
}

const isStr = (v) => typeof v === 'string' && v.length > 0;
const isInt = (v) => Number.isInteger(v);
function needStr(o, k, where) {
  if (!isStr(o?.[k])) err(where, `${k} must be a non-empty string`);
}
function unique(list, key, where) {
  const seen = new Set();
  for (const x of list) {
    const v = x?.[key];
    if (seen.has(v)) err(where, `duplicate ${key} ${JSON.stringify(v)}`);
    seen.add(v);
  }
  return seen;
}
function allowedKeys(o, keys, where) {
  for (const k of Object.keys(o ?? {})) if (!keys.includes(k)) err(where, `unknown key ${k}`);
}

// ---------------------------------------------------------------- centre.json
const centre = load('centre.json');
const agencies = new Map();
const units = new Map();
const UNIT_CODES = ['TNTKQ', 'VP', 'KT', 'VHXH', 'CA', 'LD'];
const ROLES = ['admin', 'reception', 'specialist', 'head', 'leader', 'province'];
const EID = /^\d{3}\.\d{2}\.\d{2}\.H\d{2}$/;
const HHMM = '([01]\\d|2[0-3]):[0-5]\\d';
const PERIODS = new RegExp(`^${HHMM}-${HHMM}(,${HHMM}-${HHMM})*$`);
const minutes = (t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

if (centre) {
  allowedKeys(centre, ['agencies', 'units', 'staff'], 'centre');
  const ags = Array.isArray(centre.agencies) ? centre.agencies : (err('centre', 'agencies must be an array'), []);
  unique(ags, 'code', 'centre.agencies');
  unique(ags, 'eid', 'centre.agencies');
  for (const a of ags) agencies.set(a.code, a);
  ags.forEach((a, i) => {
    const w = `centre.agencies[${i}] ${a?.code}`;
    allowedKeys(a, ['code', 'name', 'level', 'parent', 'eid', 'centre_name', 'address', 'phone', 'email', 'work_periods',
      'cutoff', 'classification', 'island', 'formed_from', 'note'], w);
    if (!/^[A-Z][A-Z0-9]*$/.test(a.code ?? '')) err(w, 'code must be upper-case ASCII');
    needStr(a, 'name', w);
    if (!['province', 'commune'].includes(a.level)) err(w, `level ${a.level} not in province|commune`);
    if (!EID.test(a.eid ?? '')) err(w, `eid ${a.eid} does not look like 000.00.00.H00`);
    if (a.level === 'province' && a.parent !== null) err(w, 'a province has parent null');
    if (a.level === 'commune') {
      const p = agencies.get(a.parent);
      if (!p || p.level !== 'province') err(w, `parent ${a.parent} is not a province in the list`);
      needStr(a, 'centre_name', w);
    }
    if (a.work_periods !== undefined) {
      if (!PERIODS.test(a.work_periods)) err(w, `work_periods ${a.work_periods} malformed`);
      else {
        const spans = a.work_periods.split(',').map((p) => p.split('-').map(minutes));
        spans.forEach(([s, e], j) => {
          if (s >= e) err(w, `work period ${j} ends before it starts`);
          if (j > 0 && s < spans[j - 1][1]) err(w, `work period ${j} overlaps the previous one`);
        });
        if (a.cutoff !== undefined) {
          if (!new RegExp(`^${HHMM}$`).test(a.cutoff)) err(w, `cutoff ${a.cutoff} malformed`);
          else if (!spans.some(([s, e]) => minutes(a.cutoff) > s && minutes(a.cutoff) < e)) err(w, 'cutoff is not inside a work period');
        }
      }
    }
    if (a.island !== undefined && typeof a.island !== 'boolean') err(w, 'island must be boolean');
    if (a.email !== undefined && !/^[a-z0-9._-]+@[a-z0-9.-]+\.[a-z]+$/.test(a.email)) err(w, 'email malformed');
  });
  const main = agencies.get('HOIAN');
  if (!main) err('centre.agencies', 'HOIAN missing');
  else for (const k of ['address', 'phone', 'email', 'work_periods', 'cutoff']) needStr(main, k, 'centre.agencies HOIAN');
  if (!agencies.has('DNG')) err('centre.agencies', 'DNG missing');

  const us = Array.isArray(centre.units) ? centre.units : (err('centre', 'units must be an array'), []);
  // unit codes are unique per agency (the province model: each commune has its TNTKQ)
  unique(us.map((u) => ({ key: `${u?.agency}/${u?.code}` })), 'key', 'centre.units');
  us.forEach((u, i) => {
    const w = `centre.units[${i}] ${u?.code}`;
    allowedKeys(u, ['code', 'agency', 'name', 'note', 'counter'], w);
    needStr(u, 'name', w);
    if (u.counter !== undefined && typeof u.counter !== 'boolean') err(w, 'counter must be boolean');
    if (!agencies.has(u.agency)) err(w, `agency ${u.agency} unknown`);
    if (u.agency === 'HOIAN') units.set(u.code, u);
    units.set(`${u.agency}/${u.code}`, u);
  });
  for (const a of agencies.values())
    if (a.centre_name && !us.some((u) => u.agency === a.code && u.counter === true)) err('centre.units', `agency ${a.code} has a centre but no counter unit`);
  for (const c of UNIT_CODES) if (units.get(c)?.agency !== 'HOIAN') err('centre.units', `unit ${c} of HOIAN missing`);

  const staff = Array.isArray(centre.staff) ? centre.staff : (err('centre', 'staff must be an array'), []);
  const home = staff.filter((s) => s.agency === undefined);
  if (home.length < 10 || home.length > 14) err('centre.staff', `${home.length} people at HOIAN, want 10–14`);
  unique(staff, 'username', 'centre.staff');
  unique(staff, 'email', 'centre.staff');
  staff.forEach((s, i) => {
    const w = `centre.staff[${i}] ${s?.username}`;
    allowedKeys(s, ['username', 'full_name', 'unit', 'roles', 'title', 'email', 'note', 'agency'], w);
    if (s.agency !== undefined) {
      // another agency's officer: <commune>.<role>, e-mail at that agency's domain
      if (!agencies.has(s.agency)) err(w, `agency ${s.agency} unknown`);
      if (!/^[a-z][a-z0-9]*(\.[a-z][a-z0-9]*)?$/.test(s.username ?? '')) err(w, 'username must be lower-case ASCII letters/digits, one dot at most');
      if (!isStr(s.full_name) || s.full_name.split(' ').length < 2) err(w, 'full_name needs family and given name');
      needStr(s, 'title', w);
      if (!units.has(`${s.agency}/${s.unit}`)) err(w, `unit ${s.unit} of ${s.agency} unknown`);
      if (!/^[a-z0-9.]+@([a-z]+\.)?danang\.gov\.vn$/.test(s.email ?? '')) err(w, 'email must be at danang.gov.vn');
      if (!Array.isArray(s.roles) || s.roles.some((r) => !ROLES.includes(r))) err(w, 'roles unknown');
      return;
    }
    if (!/^[a-z][a-z0-9]*$/.test(s.username ?? '')) err(w, 'username must be lower-case ASCII letters/digits');
    if (!isStr(s.full_name) || s.full_name.split(' ').length < 2) err(w, 'full_name needs family and given name');
    needStr(s, 'title', w);
    if (!units.has(s.unit)) err(w, `unit ${s.unit} unknown`);
    if (!Array.isArray(s.roles) || s.roles.length === 0) err(w, 'roles must be a non-empty array');
    else {
      for (const r of s.roles) if (!ROLES.includes(r)) err(w, `role ${r} unknown`);
      if (new Set(s.roles).size !== s.roles.length) err(w, 'duplicate role');
    }
    if (s.email !== `${s.username}@hoian.danang.gov.vn`) err(w, 'email must be <username>@hoian.danang.gov.vn');
  });
  const has = (role, unit) => home.filter((s) => s.roles?.includes(role) && (!unit || s.unit === unit)).length;
  if (has('admin') !== 1) err('centre.staff', 'want exactly one admin');
  if (has('reception', 'TNTKQ') < 3) err('centre.staff', 'want 3 reception officers at TNTKQ');
  for (const u of ['VP', 'KT', 'VHXH', 'CA']) if (has('specialist', u) < 1) err('centre.staff', `no specialist at ${u}`);
  for (const u of ['VP', 'KT', 'VHXH']) if (has('head', u) < 1) err('centre.staff', `no head at ${u}`);
  if (has('leader', 'LD') < 2) err('centre.staff', 'want a chairman and a vice-chairman (leader at LD)');
}

// ------------------------------------------------------------ procedures.json
const procs = load('procedures.json');
const TL_UNITS = ['working_days', 'working_hours', 'same_day', 'days'];
const FORMS = ['original', 'certified_copy', 'copy', 'presented'];
const ONLINE = ['none', 'partial', 'full'];
const CODE = /^(\d\.\d{6}|HOIAN\.\d{2})$/;
const PROC_KEYS = ['code', 'name', 'field', 'level', 'agency', 'agencies', 'time_limit', 'time_limit_text', 'fees', 'documents', 'result',
  'legal_basis', 'online', 'sequence', 'method', 'subjects', 'conditions', 'steps', 'note', 'source_note'];
const perField = {};

if (procs) {
  allowedKeys(procs, ['fields', 'procedures'], 'procedures');
  const fields = Array.isArray(procs.fields) ? procs.fields : (err('procedures', 'fields must be an array'), []);
  unique(fields, 'code', 'procedures.fields');
  fields.forEach((f, i) => {
    allowedKeys(f, ['code', 'name'], `procedures.fields[${i}]`);
    if (!/^[A-Z]+$/.test(f.code ?? '')) err(`procedures.fields[${i}]`, 'code must be upper-case ASCII');
    needStr(f, 'name', `procedures.fields[${i}]`);
    if (i > 0 && !(fields[i - 1].code < f.code)) err(`procedures.fields[${i}]`, 'fields not sorted by code');
  });
  const fieldIdx = new Map(fields.map((f, i) => [f.code, i]));

  const list = Array.isArray(procs.procedures) ? procs.procedures : (err('procedures', 'procedures must be an array'), []);
  if (list.length < 32) err('procedures', `${list.length} procedures, want at least 32`);
  unique(list, 'code', 'procedures.procedures');
  list.forEach((p, i) => {
    const w = `procedure[${i}] ${p?.code}`;
    allowedKeys(p, PROC_KEYS, w);
    if (!CODE.test(p.code ?? '')) err(w, 'code must be a national code d.dddddd or a local HOIAN.dd');
    if (p.code?.startsWith('HOIAN.') && !isStr(p.source_note)) err(w, 'a local code needs a source_note');
    for (const k of ['name', 'time_limit_text', 'result', 'sequence', 'method', 'subjects', 'conditions']) needStr(p, k, w);
    if (p.note !== undefined) needStr(p, 'note', w);
    if (p.source_note !== undefined) needStr(p, 'source_note', w); // provenance of the data, never shown to citizens
    if (!fieldIdx.has(p.field)) err(w, `field ${p.field} unknown`);
    perField[p.field] = (perField[p.field] ?? 0) + 1;
    if (!['commune', 'province'].includes(p.level)) err(w, `level ${p.level} not in commune|province`);
    const ag = agencies.get(p.agency);
    if (!ag) err(w, `agency ${p.agency} unknown`);
    else if (ag.level !== p.level) err(w, `level ${p.level} differs from agency level ${ag.level}`);
    // the implementing agencies (D29): the own agency and others of the same level, each with
    // a unit of every step's unit code (it runs the steps with its own units)
    if (p.agencies !== undefined) {
      if (!Array.isArray(p.agencies) || !p.agencies.includes(p.agency)) err(w, 'agencies must be an array holding agency');
      else if (new Set(p.agencies).size !== p.agencies.length) err(w, 'duplicate agency in agencies');
      else for (const c of p.agencies) {
        if (!agencies.has(c)) err(w, `agencies: ${c} unknown`);
        else if (agencies.get(c).level !== p.level) err(w, `agencies: ${c} is not of level ${p.level}`);
        for (const s of p.steps ?? []) if (!units.has(`${c}/${s.unit}`)) err(w, `agencies: ${c} has no unit ${s.unit}`);
      }
    }
    if (!ONLINE.includes(p.online)) err(w, `online ${p.online} not in ${ONLINE.join('|')}`);

    const tl = p.time_limit;
    allowedKeys(tl, ['value', 'unit', 'variants', 'cutoff'], `${w} time_limit`);
    const checkLimit = (o, where) => {
      if (!TL_UNITS.includes(o?.unit)) err(w, `${where}.unit ${o?.unit} not in ${TL_UNITS.join('|')}`);
      if (typeof o?.value !== 'number' || !Number.isFinite(o.value) || o.value <= 0 || o.value > 366) err(w, `${where}.value must be a positive number (366 at most)`);
      if (o?.unit === 'same_day' && o.value !== 1) err(w, `${where}: same_day needs value 1`);
    };
    checkLimit(tl, 'time_limit');
    if (tl?.cutoff !== undefined && typeof tl.cutoff !== 'boolean') err(w, 'time_limit.cutoff must be boolean');
    // lawful variants of the limit (catalogue.h): {code,name,value,unit}, the whole limit under each
    if (tl?.variants !== undefined) {
      if (!Array.isArray(tl.variants) || tl.variants.length > 10) err(w, 'time_limit.variants must be an array of at most 10');
      else {
        unique(tl.variants, 'code', `${w} time_limit.variants`);
        tl.variants.forEach((v, j) => {
          const wv = `time_limit.variants[${j}]`;
          allowedKeys(v, ['code', 'name', 'value', 'unit'], `${w} ${wv}`);
          if (!/^[a-z0-9_]{1,40}$/.test(v?.code ?? '')) err(w, `${wv}.code must be 1..40 of a-z 0-9 _`);
          if (!isStr(v?.name) || [...v.name].length > 200) err(w, `${wv}.name must be 1..200 characters`);
          checkLimit(v, wv);
        });
      }
    }

    if (!Array.isArray(p.fees) || p.fees.length === 0) err(w, 'fees must be a non-empty array');
    else p.fees.forEach((f, j) => {
      allowedKeys(f, ['name', 'amount', 'note'], `${w} fee[${j}]`);
      needStr(f, 'name', `${w} fee[${j}]`);
      if (!isInt(f.amount) || f.amount < 0) err(`${w} fee[${j}]`, 'amount must be a non-negative integer (đồng)');
      if (f.note !== undefined) needStr(f, 'note', `${w} fee[${j}]`);
    });

    if (!Array.isArray(p.documents) || p.documents.length === 0) err(w, 'documents must be a non-empty array');
    else {
      p.documents.forEach((d, j) => {
        const wd = `${w} document[${j}]`;
        allowedKeys(d, ['name', 'form', 'count', 'mandatory', 'note'], wd);
        needStr(d, 'name', wd);
        if (!FORMS.includes(d.form)) err(wd, `form ${d.form} not in ${FORMS.join('|')}`);
        if (!isInt(d.count) || d.count < 1) err(wd, 'count must be an integer ≥ 1');
        if (typeof d.mandatory !== 'boolean') err(wd, 'mandatory must be boolean');
      });
      if (!p.documents.some((d) => d.mandatory === true)) err(w, 'no mandatory document');
    }

    if (!Array.isArray(p.legal_basis) || p.legal_basis.length === 0 || !p.legal_basis.every(isStr)) err(w, 'legal_basis must be a non-empty array of strings');
    else if (new Set(p.legal_basis).size !== p.legal_basis.length) err(w, 'duplicate legal_basis entry');

    if (!Array.isArray(p.steps) || p.steps.length < 3 || p.steps.length > 5) err(w, 'steps must have 3–5 entries');
    else {
      let sum = 0;
      p.steps.forEach((s, j) => {
        const ws = `${w} step[${j}]`;
        allowedKeys(s, ['name', 'unit', 'share'], ws);
        needStr(s, 'name', ws);
        const u = units.get(s.unit);
        if (!u) err(ws, `unit ${s.unit} unknown`);
        else if (u.agency !== p.agency) err(ws, `unit ${s.unit} belongs to ${u.agency}, not ${p.agency}`);
        if (typeof s.share !== 'number' || !(s.share > 0)) err(ws, 'share must be a positive number');
        // binary-exact: a multiple of 1/1024, so that sums are exact in IEEE doubles
        else if (!Number.isInteger(s.share * 1024)) err(ws, `share ${s.share} is not binary-exact`);
        sum += s.share;
      });
      if (tl && sum !== tl.value) err(w, `step shares add up to ${sum}, time_limit.value is ${tl.value}`);
      if (p.steps[0]?.unit !== 'TNTKQ') err(w, 'first step should be reception at TNTKQ');
      if (p.steps.at(-1)?.unit !== 'TNTKQ') err(w, 'last step should be return at TNTKQ');
    }

    if (i > 0) {
      const q = list[i - 1];
      const a = fieldIdx.get(q.field) ?? -1;
      const b = fieldIdx.get(p.field) ?? -1;
      if (a > b || (a === b && !(q.code < p.code))) err(w, 'not sorted by field then code');
    }
  });
  for (const f of fields) if (!perField[f.code]) err('procedures.fields', `field ${f.code} has no procedure`);
}

if (errors.length) {
  for (const e of errors) console.error('✗ ' + e);
  console.error(`${errors.length} violation(s)`);
  process.exit(1);
}
console.log(`ok: ${agencies.size} agencies, ${units.size} units, ${centre.staff.length} staff; ` +
  `${procs.procedures.length} procedures (${Object.entries(perField).map(([k, v]) => `${k} ${v}`).join(', ')})`);
