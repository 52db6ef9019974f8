// The form's logic on the phone, with no DOM: defaults, relevance, calculations, required,
// types, bounds and constraints. It walks the fields in document order exactly as the server's
// checker does (forms/compile.py), so what the phone accepts the server accepts, and the
// answers it sends hold only what is relevant.

import { apply, truthy } from './jsonlogic.js';
import { formatDate, getLang } from './i18n.js';
import { LIST_VALUE, listProblem } from './lists.js';
import { CATALOG, FIELD_TYPES } from './shared.js';

// What each field type accepts, its rules and its message codes come from the server's table
// (forms/fieldtypes.py), and the sentences from its catalog (forms/messages): the phone keeps
// no copy of either, so it says what the server would say, word for word.
const { types: TYPES, rules: RULES } = FIELD_TYPES;

/** The newest form language (FORMS.md) this app renders; a newer form is refused, not shown wrong. */
export const KNOWN_LANGUAGE = 2;

/** Whether a definition needs a newer app: a higher `language`, or a field type it lacks. */
export function needsNewerApp(definition) {
  const language = definition.language ?? 1;
  if (!Number.isInteger(language) || language > KNOWN_LANGUAGE) return true;
  const unknown = (fields) => (fields || []).some((f) => !Object.hasOwn(TYPES, f.type) || unknown(f.fields));
  return unknown(definition.fields);
}

/** The catalog's sentence for `code` (or the form's own `texts`) in the interface language. */
function message(code, params = {}, texts = null) {
  const lang = getLang();
  const source = texts || CATALOG[code] || { en: code }; // an app older than the catalog still names the problem
  const text = source[lang] || source.en || source.th;
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
// Each shape and rule named in the table is implemented once here, as in forms/fieldtypes.py.

const isNumber = (v) => typeof v === 'number' && Number.isFinite(v);
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `YYYY-MM-DD...` starts with a day the calendar has (proleptic Gregorian, as Python's). */
function isRealDay(text) {
  const [y, m, d] = [text.slice(0, 4), text.slice(5, 7), text.slice(8, 10)].map(Number);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return y >= 1 && days !== undefined && d >= 1 && d <= days;
}

const patterns = new Map();
function fullMatch(pattern, value, flags = '') {
  const key = `${flags}/${pattern}`;
  if (!patterns.has(key)) patterns.set(key, new RegExp(`^(?:${pattern})$`, flags));
  return patterns.get(key).test(value);
}

const choiceValues = (field) => (field.choices || []).map((c) => c.value);

function isLocation(value, parts) {
  if (!isObject(value)) return false;
  const names = parts.map(([name]) => name);
  if (Object.keys(value).some((key) => !names.includes(key))) return false;
  return parts.every(([name, low, high, required]) => {
    if (!(name in value)) return !required;
    const number = value[name];
    return isNumber(number) && (low === null || number >= low) && (high === null || number <= high);
  });
}

// Attachment references (FORMS.md v2): the facts come from forms/media.py through shared.js.
const MEDIA = FIELD_TYPES.media || { types: {}, image_types: [], signature_types: [] };
const SHA256 = /^[0-9a-f]{64}$/;
const BAD_NAME = /[\u0000-\u001f\u007f/\\]/;

/** {sha256, name, type, size} exactly, each as the server's forms.media.is_reference wants it. */
function isReference(v) {
  if (!isObject(v) || Object.keys(v).sort().join() !== 'name,sha256,size,type') return false;
  const { sha256, name, type, size } = v;
  return typeof sha256 === 'string' && SHA256.test(sha256)
    && typeof name === 'string' && name.trim() !== '' && [...name].length <= MEDIA.name_max && !BAD_NAME.test(name)
    && typeof type === 'string' && Object.hasOwn(MEDIA.types, type)
    && Number.isInteger(size) && size > 0 && size <= 2 ** 53;
}

/** The MIME types a media field takes: an image's, a signature's, or a file's `accept`. */
export function acceptedTypes(field) {
  if (field.type === 'image') return MEDIA.image_types;
  if (field.type === 'signature') return MEDIA.signature_types;
  return field.accept || [];
}

const SHAPES = {
  string: (v) => typeof v === 'string',
  integer: (v) => Number.isInteger(v),
  number: isNumber,
  boolean: (v) => v === true || v === false,
  // A list's answer is only a value here; whether the list has it is the links check's (lists.js).
  choice: (v, field) => typeof v === 'string' && (field.choices_from ? LIST_VALUE.test(v) : choiceValues(field).includes(v)),
  list: (v) => Array.isArray(v),
  location: (v, field, type) => isLocation(v, type.parts),
  attachment: isReference,
};

function hasShape(type, field, value) {
  if (!SHAPES[type.shape](value, field, type)) return false;
  if (type.pattern !== null && !fullMatch(type.pattern, value)) return false;
  return !type.real_date || isRealDay(value);
}

const MEASURES = {
  value: (v) => v,
  length: (v) => [...v].length, // code points, as Python's len(): Thai marks count
  count: (v) => v.length,
};

/** The problem with `measured` against a bound rule's keys of `field`, or null. */
function boundProblem(rule, field, measured) {
  const [low, high] = rule.keys.map((key) => field[key] ?? null);
  const [between, atLeast, atMost] = rule.codes;
  if (low !== null && high !== null) {
    return measured >= low && measured <= high ? null : message(between, { min: low, max: high });
  }
  if (low !== null) return measured >= low ? null : message(atLeast, { min: low });
  if (high !== null) return measured <= high ? null : message(atMost, { max: high });
  return null;
}

/** The 13th digit of a Thai national ID is (11 - sum(d_i * (13 - i)) mod 11) mod 10, as the server's. */
export function thaiIdOk(digits) {
  if (!/^\d{13}$/.test(digits)) return false;
  let total = 0;
  for (let i = 0; i < 12; i += 1) total += Number(digits[i]) * (13 - i);
  return (11 - (total % 11)) % 10 === Number(digits[12]);
}

const RULE_CHECKS = {
  // The form author's pattern: Unicode-aware, as Python's re is for str patterns.
  pattern: (field, v) => (!field.pattern || fullMatch(field.pattern, v, 'u') ? null : message('pattern')),
  in_choices: (field, v) => (v.every((x) => typeof x === 'string'
    && (field.choices_from ? LIST_VALUE.test(x) : choiceValues(field).includes(x)))
    ? null : message('choices', { choices: choiceValues(field).join(', ') })),
  distinct: (field, v) => (new Set(v).size === v.length ? null : message('repeated_choice')),
  check_digit: (field, v) => (thaiIdOk(v) ? null : message('thai_id_check')),
  file_type: (field, v) => (acceptedTypes(field).includes(v.type)
    ? null : message('file_type', { types: acceptedTypes(field).join(', ') })),
  file_size: (field, v) => {
    const max = field.max_bytes || MEDIA.max_bytes;
    return v.size <= max ? null : message('file_too_large', { max, mb: megabytes(max) });
  },
};

/** As forms/fieldtypes.py writes a size in MiB: one decimal rounded half up in whole
 *  numbers (so both sides round a half alike), none when whole. */
function megabytes(size) {
  const tenths = Math.floor((size * 10 + 524288) / 1048576);
  return tenths % 10 === 0 ? String(tenths / 10) : `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

/** Why an answer is not valid for its field (type and static rules), or null. */
function checkValue(field, value) {
  const type = TYPES[field.type];
  if (!hasShape(type, field, value)) {
    if (type.shape === 'choice' && field.choices_from) return message('list_choice_unknown', { list: field.choices_from, value: '?' });
    return message(type.type_code, { choices: choiceValues(field).join(', ') });
  }
  for (const name of type.rules) {
    const rule = RULES[name];
    const problem = rule.measure
      ? boundProblem(rule, field, MEASURES[rule.measure](value)) : RULE_CHECKS[name](field, value);
    if (problem) return problem;
  }
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
      this.add(path, message('logic_failed', { reason: err.message }));
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
      } else if (type === 'repeat') {
        this.repeat(field, value, clean, data, path);
      } else {
        this.leaf(field, value, clean, data, path);
      }
    }
  }

  // As on the server, a present answer is checked even when blank (the widgets turn a cleared
  // box into no answer), then `required` looks at whether it is empty.
  leaf(field, value, clean, data, path) {
    let problem = value === undefined || value === null ? null : checkValue(field, value);
    if (!problem && !isEmpty(value)) {
      const linked = listProblem(field, value, data);
      if (linked) problem = message(linked.code, linked.params);
    }
    if (problem) this.add(path, problem);
    if (isEmpty(value)) {
      if (field.required) this.add(path, message('required'));
      return;
    }
    if (!problem && field.constraint !== undefined
      && !truthy(this.eval(field.constraint, { ...data, value }, path))) {
      this.add(path, message('constraint', {}, field.constraint_message));
    }
    clean[field.name] = value;
  }

  group(field, value, clean, here, data, path) {
    const absent = value === undefined || value === null;
    if (!absent && !isObject(value)) {
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

  repeat(field, value, clean, data, path) {
    const wanted = this.rowCount(field, data, path);
    if (wanted !== null && (Array.isArray(value) ? value.length : 0) !== wanted) {
      this.add(path, message('repeat_count', { count: wanted }));
    }
    if (value !== undefined && value !== null) {
      if (!Array.isArray(value)) this.add(path, message('rows'));
      else {
        const count = boundProblem(RULES.items, field, value.length);
        if (count) this.add(path, count);
      }
    }
    if (isEmpty(value)) {
      if (field.required) this.add(path, message('required'));
    } else if (Array.isArray(value)) {
      clean[field.name] = this.rows(field, value, data, path);
    }
  }

  /** A repeat's `count` when it gives a whole number (0 to 2^31), else null: nothing to hold the rows to. */
  rowCount(field, data, path) {
    if (field.count === undefined) return null;
    const wanted = this.eval(field.count, data, path);
    return typeof wanted === 'number' && Number.isInteger(wanted) && wanted >= 0 && wanted < 2 ** 31 ? wanted : null;
  }

  /** Each row walked with `row` in the data; a row that is not an object is reported, not sent. */
  rows(field, rows, data, path) {
    const out = [];
    rows.forEach((row, index) => {
      if (!isObject(row)) {
        this.add(`${path}.${index}`, message('row'));
        return;
      }
      const cleanRow = {};
      const here = withoutCalculated(row, field.fields);
      this.walk(field.fields, row, cleanRow, here, { ...data, row: here }, `${path}.${index}.`);
      out.push(cleanRow);
    });
    return out;
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
