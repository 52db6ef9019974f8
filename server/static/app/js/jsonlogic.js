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

/** Evaluate `rule` against `data` and return the result. */
export function apply(rule, data = null) {
  return evaluate(rule, data, 0);
}
