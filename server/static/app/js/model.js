// The form's logic on the phone, with no DOM: defaults, relevance, calculations, required,
// types, bounds and constraints. It walks the fields in document order exactly as the server's
// checker does (forms/compile.py), so what the phone accepts the server accepts, and the
// answers it sends hold only what is relevant.

import { apply, truthy } from './jsonlogic.js';
import { formatDate, getLang } from './i18n.js';

// The server's messages (forms/compile.py MESSAGES), for the checks made here before sending.
const MESSAGES = {
  required: { th: 'ต้องกรอกข้อนี้', en: 'Required.' },
  text: { th: 'ต้องเป็นข้อความ', en: 'Must be text.' },
  integer: { th: 'ต้องเป็นจำนวนเต็ม', en: 'Must be a whole number.' },
  decimal: { th: 'ต้องเป็นตัวเลข', en: 'Must be a number.' },
  boolean: { th: 'ต้องเป็น ใช่ หรือ ไม่ใช่', en: 'Must be true or false.' },
  date: { th: 'ต้องเป็นวันที่ที่มีอยู่จริง', en: 'Must be a real date.' },
  time: { th: 'ต้องเป็นเวลาในรูปแบบ HH:MM', en: 'Must be a time written HH:MM.' },
  datetime: { th: 'ต้องมีทั้งวันที่และเวลา', en: 'Needs both a date and a time.' },
  phone: { th: 'ต้องเป็นหมายเลขโทรศัพท์ เช่น 089-8984499', en: 'Must be a Thai phone number like 089-8984499.' },
  geopoint: { th: 'พิกัดไม่ถูกต้อง: lat -90 ถึง 90, lon -180 ถึง 180', en: 'Must be a location: lat -90 to 90, lon -180 to 180.' },
  choice: { th: 'ต้องเลือกจากตัวเลือกที่มี', en: 'Must be one of the choices.' },
  between: { th: 'ต้องอยู่ระหว่าง {min} ถึง {max}', en: 'Must be between {min} and {max}.' },
  at_least: { th: 'ต้องไม่น้อยกว่า {min}', en: 'Must be at least {min}.' },
  at_most: { th: 'ต้องไม่มากกว่า {max}', en: 'Must be at most {max}.' },
  length_between: { th: 'ต้องยาว {min} ถึง {max} ตัวอักษร', en: 'Must be {min} to {max} characters long.' },
  length_at_least: { th: 'ต้องยาวอย่างน้อย {min} ตัวอักษร', en: 'Must be at least {min} characters long.' },
  length_at_most: { th: 'ต้องยาวไม่เกิน {max} ตัวอักษร', en: 'Must be at most {max} characters long.' },
  items_between: { th: 'ต้องมี {min} ถึง {max} รายการ', en: 'Must have {min} to {max} items.' },
  items_at_least: { th: 'ต้องมีอย่างน้อย {min} รายการ', en: 'Must have at least {min} items.' },
  items_at_most: { th: 'ต้องมีไม่เกิน {max} รายการ', en: 'Must have at most {max} items.' },
  pattern: { th: 'รูปแบบไม่ถูกต้อง', en: 'Is not in the expected format.' },
  group: { th: 'ต้องเป็นชุดคำตอบ', en: 'Must be an object of answers.' },
  rows: { th: 'ต้องเป็นรายการแถว', en: 'Must be a list of rows.' },
  constraint: { th: 'ไม่เป็นไปตามเงื่อนไขของแบบฟอร์ม', en: "Does not meet the form's rule." },
  logic_failed: { th: 'ตรวจเงื่อนไขของแบบฟอร์มไม่ได้', en: "The form's rule could not be evaluated." },
};

function message(code, params = {}, texts = null) {
  const lang = getLang();
  const source = texts || MESSAGES[code];
  const text = source[lang] || source.th || source.en;
  return text.replace(/\{(\w+)\}/g, (_, key) => String(params[key]));
}

function isEmpty(value) {
  return value === undefined || value === null || value === ''
    || (typeof value === 'string' && !value.trim())
    || (Array.isArray(value) && value.length === 0)
    || (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0);
}

// --- defaults and paths ---------------------------------------------------------------------

/** The answers a new form starts with: every default, and the minimum number of repeat rows. */
export function newAnswers(fields) {
  const answers = {};
  for (const field of fields) {
    if (field.type === 'group') {
      const inner = newAnswers(field.fields);
      if (!isEmpty(inner)) answers[field.name] = inner;
    } else if (field.type === 'repeat') {
      const rows = Array.from({ length: field.min_items || 0 }, () => newAnswers(field.fields));
      if (rows.length) answers[field.name] = rows;
    } else if (field.default !== undefined) {
      answers[field.name] = structuredClone(field.default);
    }
  }
  return answers;
}

export const pathKey = (path) => path.join('.');

export function getIn(object, path) {
  let here = object;
  for (const key of path) {
    if (here === undefined || here === null) return undefined;
    here = here[key];
  }
  return here;
}

/** Set (or with `undefined`, remove) the answer at `path`, creating groups and rows on the way. */
export function setIn(object, path, value) {
  let here = object;
  for (let i = 0; i < path.length - 1; i += 1) {
    if (here[path[i]] === undefined || here[path[i]] === null) {
      here[path[i]] = typeof path[i + 1] === 'number' ? [] : {};
    }
    here = here[path[i]];
  }
  const last = path[path.length - 1];
  if (value === undefined) delete here[last];
  else here[last] = value;
}

// --- type checks (the server's pass 1, for the answers a person can type wrongly) -----------

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const PHONE = /^0\d{1,2}[- ]?\d{3}[- ]?\d{3,4}$/;
const isNumber = (v) => typeof v === 'number' && Number.isFinite(v);

function realDate(value) {
  if (typeof value !== 'string' || !DATE.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const ACCEPTS = {
  text: (v) => typeof v === 'string',
  textarea: (v) => typeof v === 'string',
  integer: (v) => Number.isInteger(v),
  decimal: isNumber,
  boolean: (v) => v === true || v === false,
  date: realDate,
  time: (v) => typeof v === 'string' && TIME.test(v),
  datetime: (v) => typeof v === 'string' && DATETIME.test(v) && realDate(v.slice(0, 10)),
  phone: (v) => typeof v === 'string' && PHONE.test(v) && [9, 10].includes(v.replace(/\D/g, '').length),
  geopoint: (v) => v && typeof v === 'object' && isNumber(v.lat) && isNumber(v.lon)
    && Math.abs(v.lat) <= 90 && Math.abs(v.lon) <= 180 && (v.accuracy === undefined || (isNumber(v.accuracy) && v.accuracy >= 0)),
  select_one: (v, field) => field.choices.some((c) => c.value === v),
  select_multiple: (v, field) => Array.isArray(v) && new Set(v).size === v.length
    && v.every((x) => field.choices.some((c) => c.value === x)),
};

function bounds(low, high, measure, prefix, show = (x) => x) {
  if (low !== undefined && high !== undefined) {
    return measure >= low && measure <= high ? null : message(`${prefix}between`, { min: show(low), max: show(high) });
  }
  if (low !== undefined) return measure >= low ? null : message(`${prefix}at_least`, { min: show(low) });
  if (high !== undefined) return measure <= high ? null : message(`${prefix}at_most`, { max: show(high) });
  return null;
}

const patterns = new Map();
function fullMatch(pattern, value) {
  if (!patterns.has(pattern)) patterns.set(pattern, new RegExp(`^(?:${pattern})$`, 'u'));
  return patterns.get(pattern).test(value);
}

/** Why an answer is not valid for its field (type and static rules), or null. */
function checkValue(field, value) {
  const kind = field.type;
  if (!ACCEPTS[kind](value, field)) return message(MESSAGES[kind] ? kind : 'choice');
  if (kind === 'text' || kind === 'textarea') {
    // Code points, as Python's len(): Thai vowels and tone marks count as characters.
    const problem = bounds(field.min_length, field.max_length, [...value].length, 'length_');
    if (problem) return problem;
    if (field.pattern && !fullMatch(field.pattern, value)) return message('pattern');
  }
  if (kind === 'select_multiple') return bounds(field.min_items, field.max_items, value.length, 'items_');
  if (kind === 'integer' || kind === 'decimal') return bounds(field.min, field.max, value, '');
  if (kind === 'date') return bounds(field.min, field.max, value, '', formatDate);
  return null;
}

// --- the logic pass (the server's pass 2) ---------------------------------------------------

function withoutCalculated(values, fields) {
  const copy = { ...values };
  for (const field of fields) if (field.type === 'calculate') delete copy[field.name];
  return copy;
}

class Pass {
  constructor() {
    this.errors = {};
    this.hidden = new Set();
    this.computed = new Map();
  }

  add(path, text) { (this.errors[path] ||= []).push(text); }

  eval(rule, data, path) {
    try {
      return apply(rule, data);
    } catch (err) {
      this.add(path, `${message('logic_failed')} ${err.message}`);
      return null;
    }
  }

  walk(fields, given, clean, here, data, prefix) {
    for (const field of fields) {
      const { name, type } = field;
      const path = prefix + name;
      if (field.relevant !== undefined && !truthy(this.eval(field.relevant, data, path))) {
        this.hidden.add(path);
        delete here[name];
        continue;
      }
      if (type === 'note') continue;
      const value = given[name];
      if (type === 'calculate') {
        here[name] = this.eval(field.expr, data, path);
        this.computed.set(path, here[name]);
      } else if (type === 'group') {
        this.group(field, value, clean, here, data, path);
      } else if (isEmpty(value)) {
        if (field.required) this.add(path, message('required'));
      } else if (type === 'repeat') {
        if (!Array.isArray(value)) this.add(path, message('rows'));
        else clean[name] = this.rows(field, value, data, path);
      } else {
        const problem = checkValue(field, value);
        if (problem) this.add(path, problem);
        else if (field.constraint !== undefined
          && !truthy(this.eval(field.constraint, { ...data, value }, path))) {
          this.add(path, message('constraint', {}, field.constraint_message));
        }
        clean[name] = value;
      }
    }
  }

  group(field, value, clean, here, data, path) {
    const absent = value === undefined || value === null;
    if (!absent && (typeof value !== 'object' || Array.isArray(value))) {
      this.add(path, message('group'));
      return;
    }
    const given = value || {};
    const inner = {};
    here[field.name] = withoutCalculated(given, field.fields);
    // An absent group still has required answers; a required one reports itself instead.
    const outer = this.errors;
    if (absent && field.required) this.errors = {};
    this.walk(field.fields, given, inner, here[field.name], data, `${path}.`);
    this.errors = outer;
    if (absent && field.required) this.add(path, message('required'));
    if (Object.keys(inner).length) clean[field.name] = inner;
  }

  rows(field, rows, data, path) {
    const count = bounds(field.min_items, field.max_items, rows.length, 'items_');
    if (count) this.add(path, count);
    return rows.map((row, index) => {
      const given = row && typeof row === 'object' ? row : {};
      const cleanRow = {};
      const here = withoutCalculated(given, field.fields);
      this.walk(field.fields, given, cleanRow, here, { ...data, row: here }, `${path}.${index}.`);
      return cleanRow;
    });
  }
}

function runPass(fields, answers) {
  const pass = new Pass();
  const clean = {};
  const data = withoutCalculated(answers, fields);
  pass.walk(fields, answers, clean, data, data, '');
  return { pass, clean };
}

function isHidden(path, hidden) {
  const parts = path.split('.');
  return parts.some((_, i) => hidden.has(parts.slice(0, i + 1).join('.')));
}

/**
 * Evaluate a form's answers as they stand.
 * Returns `answers` (what to send: relevant answers only, no calculations), `errors` keyed by
 * dotted answer path, `hidden` (paths of fields that do not apply) and `computed` values.
 *
 * Dropping an answer can make an earlier field irrelevant (a rule that reads a later field),
 * so the pass is repeated on its own output until nothing more drops: the server, reading
 * what is sent, then agrees. Messages are those for what was typed, as the server would give
 * them, plus those for what will be sent, less any about fields that no longer apply.
 */
export function evaluate(definition, answers) {
  const first = runPass(definition.fields, answers);
  let last = first;
  for (let round = 0; round < 4; round += 1) {
    const next = runPass(definition.fields, last.clean);
    const stable = JSON.stringify(next.clean) === JSON.stringify(last.clean);
    last = next;
    if (stable) break;
  }
  const errors = {};
  for (const [path, messages] of Object.entries(first.pass.errors)) {
    if (!isHidden(path, last.pass.hidden)) errors[path] = messages;
  }
  for (const [path, messages] of Object.entries(last.pass.errors)) errors[path] ??= messages;
  return { answers: last.clean, errors, hidden: last.pass.hidden, computed: last.pass.computed };
}

/** A short line that tells one submission from another in a list: its first text answers. */
export function summarise(definition, answers) {
  const parts = [];
  for (const field of definition.fields) {
    const value = answers?.[field.name];
    if (parts.length >= 2 || isEmpty(value)) continue;
    if (field.type === 'date') parts.push(formatDate(value));
    else if (field.type === 'text') parts.push(value);
  }
  return parts.join(' · ');
}
