// JSON Logic for the phone: the same results as the server's forms/jsonlogic.py for every rule.
// json-logic-js semantics, with the deviations documented there: `var` walks only object keys
// and list indices, `all` over a non-list is false, `substr` counts code points, and bad
// arguments or a rule nested deeper than MAX_DEPTH throw a LogicError instead of a TypeError.

export const MAX_DEPTH = 64;

export class LogicError extends Error {
  constructor(message) {
    super(message);
    this.name = 'LogicError';
  }
}

/** JSON Logic truthiness: JavaScript's, except that an empty list is false. */
export function truthy(value) {
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}

function lookup(data, path, notFound = null) {
  if (path === undefined || path === null || path === '') return data;
  let value = data;
  for (const key of String(path).split('.')) {
    if (Array.isArray(value)) {
      if (!/^(0|[1-9][0-9]*)$/.test(key) || Number(key) >= value.length) return notFound;
      value = value[Number(key)];
    } else if (value !== null && typeof value === 'object' && Object.hasOwn(value, key)) {
      value = value[key];
    } else {
      return notFound;
    }
  }
  return value === undefined ? notFound : value;
}

const missingKeys = (data, keys) => keys.filter((key) => {
  const value = lookup(data, key);
  return value === null || value === '';
});

const integer = (value) => {
  const number = Number(value);
  return Number.isNaN(number) ? 0 : Math.trunc(number);
};

function substr(source, start, length) {
  const chars = Array.from(String(source));
  const size = chars.length;
  let begin = integer(start);
  begin = begin < 0 ? Math.max(size + begin, 0) : Math.min(begin, size);
  let end;
  if (length === undefined) end = size;
  else if (length < 0) end = Math.max(size + integer(length), begin);
  else end = Math.min(begin + Math.max(integer(length), 0), size);
  return chars.slice(begin, end).join('');
}

// --- Operators of form language 2 (docs/forms.md); each has a twin in forms/jsonlogic.py. ---

let contextToday = null; // the `today` of the apply() running now; null: the phone's own date

const pad = (number, width) => String(number).padStart(width, '0');
const isoDay = (date) => `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;

function phoneToday() {
  const now = new Date();
  return `${pad(now.getFullYear(), 4)}-${pad(now.getMonth() + 1, 2)}-${pad(now.getDate(), 2)}`;
}

const ISO_DAY = /^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:T[\s\S]*)?$/;
const DAY_MS = 86400000;
const MOST_DAYS = 3700000; // more days than lie between the years 1 and 9999

/** Days since 1970-01-01 of a YYYY-MM-DD text (a date-time's first ten characters count); else null. */
function dayNumber(value) {
  const match = typeof value === 'string' ? ISO_DAY.exec(value) : null;
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number);
  if (year < 1) return null;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return Math.round(date.getTime() / DAY_MS);
}

const patterns = new Map();
function fullMatch(pattern) {
  if (typeof pattern !== 'string') throw new LogicError('The pattern must be a text.');
  let regex = patterns.get(pattern);
  if (regex === undefined) {
    try {
      regex = new RegExp(`^(?:${pattern})$`, 'su');
    } catch (error) {
      throw new LogicError(`The pattern is not valid: ${error.message}`);
    }
    if (patterns.size >= 512) patterns.clear();
    patterns.set(pattern, regex);
  }
  return regex;
}

const choiceText = (value) => {
  if (typeof value === 'string') return value;
  return typeof value === 'number' ? String(value) : null;
};
const isBlank = (value) => value === null || value === undefined || value === ''
  || (Array.isArray(value) && value.length === 0);
const finiteNumber = (value) => {
  if (isBlank(value)) return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
};
function roundHalfAway(number) {
  let whole = Math.floor(Math.abs(number));
  if (Math.abs(number) - whole >= 0.5) whole += 1;
  return number < 0 ? -whole : whole;
}

const LANGUAGE_2 = {
  today: () => contextToday ?? phoneToday(),
  days_between(first, second) {
    const start = dayNumber(first);
    const end = dayNumber(second);
    return start === null || end === null ? null : end - start;
  },
  date_plus_days(day, days) {
    const start = dayNumber(day);
    const count = Number(days);
    if (start === null || !Number.isFinite(count) || Math.abs(count) > MOST_DAYS) return null;
    const date = new Date((start + Math.trunc(count)) * DAY_MS);
    const year = date.getUTCFullYear();
    return year < 1 || year > 9999 ? null : isoDay(date);
  },
  length(value) {
    if (Array.isArray(value)) return value.length;
    if (value === null || value === undefined || typeof value === 'object') return 0;
    return Array.from(String(value)).length;
  },
  regex_match(value, pattern) {
    return fullMatch(pattern).test(value === null || value === undefined ? '' : String(value));
  },
  selected(answer, choice) {
    const want = choiceText(choice);
    if (want === null) return false;
    return (Array.isArray(answer) ? answer : [answer]).some((item) => choiceText(item) === want);
  },
  count_selected(answer) {
    if (Array.isArray(answer)) return answer.length;
    const text = choiceText(answer);
    return text === null || text === '' ? 0 : 1;
  },
  coalesce: (...values) => values.find((value) => !isBlank(value)) ?? null,
  round(value, digits = 0) {
    const number = finiteNumber(value);
    if (number === null) return null;
    const places = Math.max(-15, Math.min(15, integer(digits)));
    let result;
    if (places >= 0) {
      const scale = Number(`1e${places}`); // exact, like Python's float("1e15")
      const scaled = number * scale;
      if (!Number.isFinite(scaled) || Math.abs(scaled) >= 2 ** 52) return number + 0;
      result = roundHalfAway(scaled) / scale;
    } else {
      const scale = Number(`1e${-places}`);
      result = roundHalfAway(number / scale) * scale;
    }
    return result + 0; // -0 becomes 0
  },
  int(value) {
    const number = finiteNumber(value);
    return number === null ? null : Math.trunc(number) + 0;
  },
};

/** Operators a definition may use only with "language": 2. */
export const LANGUAGE_2_OPERATORS = Object.freeze(Object.keys(LANGUAGE_2));

// Operators whose arguments are all evaluated first; `this` is the data.
const EAGER = {
  '==': (a, b) => a == b, // eslint-disable-line eqeqeq
  '!=': (a, b) => a != b, // eslint-disable-line eqeqeq
  '===': (a, b) => a === b,
  '!==': (a, b) => a !== b,
  '!': (a) => !truthy(a),
  '!!': (a) => truthy(a),
  '<': (a, b, c) => (c === undefined ? a < b : a < b && b < c),
  '<=': (a, b, c) => (c === undefined ? a <= b : a <= b && b <= c),
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '+': (...values) => values.reduce((sum, value) => parseFloat(sum) + parseFloat(value), 0),
  '-': (a, b) => (b === undefined ? -a : a - b),
  '*': (...values) => {
    if (values.length === 0) throw new LogicError('* needs at least one number.');
    return values.reduce((product, value) => parseFloat(product) * parseFloat(value));
  },
  '/': (a, b) => a / b,
  '%': (a, b) => a % b,
  max: (...values) => Math.max(...values),
  min: (...values) => Math.min(...values),
  in: (needle, haystack) => (typeof haystack === 'string' ? haystack !== '' : Array.isArray(haystack))
    && haystack.indexOf(needle) !== -1,
  cat: (...values) => values.join(''),
  substr,
  merge: (...values) => [].concat(...values),
  var(path, fallback) { return lookup(this, path, fallback === undefined ? null : fallback); },
  missing(...keys) { return missingKeys(this, Array.isArray(keys[0]) ? keys[0] : keys); },
  missing_some(need, options) {
    if (!Array.isArray(options)) throw new LogicError('missing_some needs a count and a list of names.');
    const missing = missingKeys(this, options);
    return options.length - missing.length >= need ? [] : missing;
  },
  ...LANGUAGE_2,
};

// Operators that decide themselves which arguments to evaluate, and against which data.
const scoped = (args, data, depth) => {
  const items = evaluate(args[0], data, depth);
  return [Array.isArray(items) ? items : [], args.length > 1 ? args[1] : null];
};
const LAZY = {
  if(args, data, depth) {
    let i = 0;
    for (; i < args.length - 1; i += 2) {
      if (truthy(evaluate(args[i], data, depth))) return evaluate(args[i + 1], data, depth);
    }
    return i === args.length - 1 ? evaluate(args[i], data, depth) : null;
  },
  and(args, data, depth) {
    let value = null;
    for (const arg of args) if (!truthy(value = evaluate(arg, data, depth))) return value;
    return value;
  },
  or(args, data, depth) {
    let value = null;
    for (const arg of args) if (truthy(value = evaluate(arg, data, depth))) return value;
    return value;
  },
  map(args, data, depth) {
    const [items, logic] = scoped(args, data, depth);
    return items.map((item) => evaluate(logic, item, depth));
  },
  filter(args, data, depth) {
    const [items, logic] = scoped(args, data, depth);
    return items.filter((item) => truthy(evaluate(logic, item, depth)));
  },
  reduce(args, data, depth) {
    const [items, logic] = scoped(args, data, depth);
    const initial = args.length > 2 ? evaluate(args[2], data, depth) : null;
    return items.reduce((accumulator, current) => evaluate(logic, { current, accumulator }, depth), initial);
  },
  all(args, data, depth) {
    const [items, logic] = scoped(args, data, depth);
    return items.length > 0 && items.every((item) => truthy(evaluate(logic, item, depth)));
  },
  some(args, data, depth) {
    const [items, logic] = scoped(args, data, depth);
    return items.some((item) => truthy(evaluate(logic, item, depth)));
  },
  none(args, data, depth) { return !LAZY.some(args, data, depth); },
};
LAZY['?:'] = LAZY.if;

export const OPERATORS = Object.freeze([...Object.keys(EAGER), ...Object.keys(LAZY)]);

function evaluate(rule, data, depth) {
  if (Array.isArray(rule)) {
    if (depth >= MAX_DEPTH) throw new LogicError(`The rule is nested deeper than ${MAX_DEPTH} levels.`);
    return rule.map((item) => evaluate(item, data, depth + 1));
  }
  if (rule === null || typeof rule !== 'object') return rule;
  const keys = Object.keys(rule);
  if (keys.length !== 1) return rule; // not an operation: a plain value
  if (depth >= MAX_DEPTH) throw new LogicError(`The rule is nested deeper than ${MAX_DEPTH} levels.`);
  const [operator] = keys;
  const args = Array.isArray(rule[operator]) ? rule[operator] : [rule[operator]];
  if (Object.hasOwn(LAZY, operator)) return LAZY[operator](args, data, depth + 1);
  if (!Object.hasOwn(EAGER, operator)) throw new LogicError(`Unknown operator "${operator}".`);
  return EAGER[operator].apply(data, args.map((arg) => evaluate(arg, data, depth + 1)));
}

/**
 * Evaluate `rule` against `data` and return the result. `context.today` (YYYY-MM-DD) is what
 * the `today` operator answers; without it, the phone's own date.
 */
export function apply(rule, data = null, context = {}) {
  const outer = contextToday;
  contextToday = context.today ?? outer;
  try {
    return evaluate(rule, data, 0);
  } finally {
    contextToday = outer;
  }
}
