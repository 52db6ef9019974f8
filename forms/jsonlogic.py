"""JSON Logic, evaluated the way the phone's JavaScript evaluates it.

Form logic (`relevant`, `constraint`, `calculate`) runs twice: on the phone in
`server/static/app/js/jsonlogic.js` and here on the server. The two must never disagree, so
this module reproduces JavaScript's rules wherever json-logic-js leans on them: truthiness
(`[]` is false, `"0"` is true), loose `==`, relational comparison (two strings compare as
strings, so ISO dates order correctly; anything else compares as numbers), `parseFloat` in
`+` and `*`, and how numbers print in `cat`. Numbers are computed as IEEE doubles like
JavaScript's; a result that JavaScript would print as an integer comes back as a Python `int`.

Where json-logic-js throws a TypeError, or its answer depends on a JavaScript accident, both
evaluators of this project do the same, documented thing instead:
- `var` walks into objects by key and into lists by index ("rows.0.name") and nothing else:
  no `"rows.length"`, no characters of a string.
- `all` over anything but a non-empty list is false (json-logic-js throws on null).
- `substr` counts code points, so an emoji is never cut in half; the same as json-logic-js for
  Thai and every other text in the Basic Multilingual Plane.
- `*` with no arguments, `missing_some` without a list, an unknown operator and a rule nested
  deeper than MAX_DEPTH raise LogicError.
- `log` and method calls are not supported.
`cat` joins null as "" (as json-logic-js does, through Array.prototype.join).
"""

import contextlib
import contextvars
import datetime as dt
import math
import re

from forms.messages import Message
from forms.patterns import PatternError, compile_full_match, pattern_problem

__all__ = ["LANGUAGE_2_OPERATORS", "MAX_DEPTH", "OPERATORS", "LogicError", "THAILAND", "apply",
           "check_rule", "compile_rule", "operators_in", "rule_vars", "today_is", "truthy"]

MAX_DEPTH = 64
"""How deeply operations and lists may nest in a rule; hand-written form logic needs ~10."""


class LogicError(ValueError):
    """A rule that cannot be evaluated: unknown operator, wrong arguments, nested too deep."""


class _Undefined:
    """JavaScript's `undefined`: an argument that was not given (different from null)."""

    __slots__ = ()

    def __repr__(self):
        return "undefined"


UNDEFINED = _Undefined()

# --- JavaScript's conversions ---------------------------------------------------------------

_NULL, _BOOL, _NUMBER, _STRING, _OBJECT, _UNDEF = range(6)
_KIND = {type(None): _NULL, bool: _BOOL, int: _NUMBER, float: _NUMBER, str: _STRING,
         list: _OBJECT, dict: _OBJECT, _Undefined: _UNDEF}
_NUMERIC = (int, float)


def _kind(value):
    kind = _KIND.get(type(value))
    if kind is None:
        for base, kind in _KIND.items():
            if isinstance(value, base):
                return kind
        raise LogicError(f"{type(value).__name__} is not a JSON value.")
    return kind


def truthy(value):
    """JSON Logic truthiness: JavaScript's, except that an empty list is false."""
    if value is True:
        return True
    if value is False or value is None or value is UNDEFINED:
        return False
    if isinstance(value, _NUMERIC):
        return value != 0 and not (isinstance(value, float) and math.isnan(value))
    if isinstance(value, (str, list)):
        return len(value) > 0
    return True  # any object, even {}


def _float(number):
    try:
        return float(number)
    except OverflowError:  # an int too large for a double is Infinity to JavaScript
        return math.copysign(math.inf, number)


def _number_to_string(number):
    """Number::toString from the ECMAScript spec: 1.0 -> "1", 1e21 -> "1e+21", 1e-7 -> "1e-7"."""
    if isinstance(number, int):
        if -(2**53) < number < 2**53:
            return str(number)
        number = _float(number)
    if math.isnan(number):
        return "NaN"
    if number in (math.inf, -math.inf):
        return "Infinity" if number > 0 else "-Infinity"
    if number == 0:
        return "0"
    sign = "-" if number < 0 else ""
    # repr gives the shortest digits that round-trip, as JavaScript does; only layout differs.
    mantissa, _, exponent = repr(abs(number)).partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = whole + fraction
    point = len(whole) + int(exponent or 0)  # value = 0.DIGITS x 10**point
    stripped = digits.lstrip("0")
    point -= len(digits) - len(stripped)
    digits = stripped.rstrip("0")
    count = len(digits)
    if count <= point <= 21:
        return sign + digits + "0" * (point - count)
    if 0 < point <= 21:
        return sign + digits[:point] + "." + digits[point:]
    if -6 < point <= 0:
        return sign + "0." + "0" * -point + digits
    power = point - 1
    exp = f"e{'+' if power >= 0 else '-'}{abs(power)}"
    return sign + (digits if count == 1 else digits[0] + "." + digits[1:]) + exp


def _to_string(value):
    """JavaScript's String(value)."""
    kind = _kind(value)
    if kind == _STRING:
        return value
    if kind == _NUMBER:
        return _number_to_string(value)
    if kind == _BOOL:
        return "true" if value else "false"
    if kind == _NULL:
        return "null"
    if kind == _UNDEF:
        return "undefined"
    if isinstance(value, list):
        return ",".join("" if item is None else _to_string(item) for item in value)
    return "[object Object]"


def _to_primitive(value):
    return _to_string(value) if isinstance(value, (list, dict)) else value


_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008" \
            "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_DECIMAL = r"[+-]?(?:Infinity|(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)"
_NUMBER_LITERAL = re.compile(_DECIMAL)
_RADIX_LITERAL = re.compile(r"0(?:[xX]([0-9a-fA-F]+)|[oO]([0-7]+)|[bB]([01]+))")


def _parse_decimal(text):
    return float(text.replace("Infinity", "inf"))


def _string_to_number(text):
    """JavaScript's Number(text): whole string, "" is 0, hex/octal/binary, else NaN."""
    text = text.strip(_JS_SPACE)
    if not text:
        return 0.0
    if _NUMBER_LITERAL.fullmatch(text):
        return _parse_decimal(text)
    radix = _RADIX_LITERAL.fullmatch(text)
    if radix:
        hexa, octal, binary = radix.groups()
        return _float(int(hexa, 16) if hexa else int(octal, 8) if octal else int(binary, 2))
    return math.nan


def _to_number(value):
    """JavaScript's Number(value)."""
    kind = _kind(value)
    if kind == _NUMBER:
        return _float(value)
    if kind == _STRING:
        return _string_to_number(value)
    if kind == _BOOL:
        return 1.0 if value else 0.0
    if kind == _NULL:
        return 0.0
    if kind == _UNDEF:
        return math.nan
    return _string_to_number(_to_primitive(value))


def _parse_float(value):
    """JavaScript's parseFloat(value): the longest number at the start of String(value)."""
    if isinstance(value, _NUMERIC) and not isinstance(value, bool):
        return _float(value) or 0.0  # parseFloat(String(-0)) is 0, not -0
    match = _NUMBER_LITERAL.match(_to_string(value).lstrip(_JS_SPACE))
    return _parse_decimal(match.group()) if match else math.nan


def _to_integer(value):
    """ToIntegerOrInfinity: NaN is 0, fractions truncate toward zero."""
    number = _to_number(value)
    if math.isnan(number):
        return 0
    return number if math.isinf(number) else math.trunc(number)


_EXACT = 2**53  # ints below this in size are exact as JavaScript numbers


def _number_result(number):
    """A float that JavaScript would print as an integer becomes an int (-0 stays -0.0)."""
    negative_zero = number == 0 and math.copysign(1, number) < 0
    if number.is_integer() and abs(number) < 2**53 and not negative_zero:
        return int(number)
    return number


def _same_kind_equal(a, b, kind):
    if kind == _NUMBER:
        return _float(a) == _float(b)
    if kind == _OBJECT:
        return a is b
    return a == b


def _strict_equal(a, b):
    kind = _kind(a)
    return kind == _kind(b) and _same_kind_equal(a, b, kind)


def _loose_equal(a, b):
    """JavaScript's a == b."""
    kind_a, kind_b = _kind(a), _kind(b)
    if kind_a == kind_b:
        return _same_kind_equal(a, b, kind_a)
    nullish = (_NULL, _UNDEF)
    if kind_a in nullish or kind_b in nullish:
        return kind_a in nullish and kind_b in nullish
    if kind_a == _BOOL or kind_b == _BOOL:  # a boolean compares as 0 or 1
        return _loose_equal(_to_number(a) if kind_a == _BOOL else a,
                            _to_number(b) if kind_b == _BOOL else b)
    if kind_a == _OBJECT or kind_b == _OBJECT:  # object and primitive: compare its string
        return _loose_equal(_to_primitive(a), _to_primitive(b))
    return _to_number(a) == _to_number(b)  # a number and a string


def _bmp(text):
    return text.isascii() or max(text) < "\U00010000"


def _compare_strings(a, b):
    """Order two strings by UTF-16 code units, as JavaScript does (not by code points)."""
    if not (_bmp(a) and _bmp(b)):
        a, b = a.encode("utf-16-be"), b.encode("utf-16-be")
    return (a > b) - (a < b)


def _order(a, b):
    """-1, 0 or 1 as JavaScript's < and > would see a and b; None when NaN is involved."""
    if type(a) in _NUMERIC and type(b) in _NUMERIC:  # the common case
        a, b = _float(a), _float(b)
    else:
        a, b = _to_primitive(a), _to_primitive(b)
        if isinstance(a, str) and isinstance(b, str):
            return _compare_strings(a, b)
        a, b = _to_number(a), _to_number(b)
    if math.isnan(a) or math.isnan(b):
        return None
    return (a > b) - (a < b)


# --- data access ----------------------------------------------------------------------------

def _list_index(key, length):
    if key.isascii() and key.isdigit() and (key == "0" or key[0] != "0"):
        index = int(key)
        if index < length:
            return index
    return None


def _lookup(data, path, not_found=None):
    """The value at a dotted path: object keys and list indices; `not_found` when absent."""
    if path is UNDEFINED or path is None or path == "":
        return data
    return _follow(data, (path if isinstance(path, str) else _to_string(path)).split("."), not_found)


def _follow(data, keys, not_found):
    value = data
    for key in keys:
        if isinstance(value, dict):
            value = value.get(key, UNDEFINED)
        elif isinstance(value, list):
            index = _list_index(key, len(value))
            value = UNDEFINED if index is None else value[index]
        else:
            return not_found
        if value is UNDEFINED:
            return not_found
    return value


def _missing_keys(data, keys):
    return [key for key in keys if _lookup(data, key) in (None, "")]


def _var(data, path=UNDEFINED, default=None, *_):
    return _lookup(data, path, default)


def _missing(data, *keys):
    return _missing_keys(data, keys[0] if keys and isinstance(keys[0], list) else keys)


def _missing_some(data, need=UNDEFINED, options=UNDEFINED, *_):
    if not isinstance(options, list):
        raise LogicError("missing_some needs a count and a list of names.")
    missing = _missing_keys(data, options)
    return [] if _order(len(options) - len(missing), need) in (0, 1) else missing


def _less(a=UNDEFINED, b=UNDEFINED, c=UNDEFINED, *, or_equal=False):
    accept = (-1, 0) if or_equal else (-1,)
    if _order(a, b) not in accept:
        return False
    return c is UNDEFINED or _order(b, c) in accept


def _plus(*values):
    if len(values) == 2:  # counting (accumulator + 1): exact ints need no float detour
        a, b = values
        if type(a) is int and type(b) is int and -_EXACT < a < _EXACT and -_EXACT < b < _EXACT:
            total = a + b
            if -_EXACT < total < _EXACT:
                return total
    total = 0.0
    for value in values:
        total += _parse_float(value)
    return _number_result(total)


def _times(*values):
    if not values:
        raise LogicError("* needs at least one number.")
    if len(values) == 1:
        return values[0]  # json-logic-js hands a lone argument back unconverted
    product = _parse_float(values[0])
    for value in values[1:]:
        product = _parse_float(product) * _parse_float(value)
    return _number_result(product)


def _minus(a=UNDEFINED, b=UNDEFINED, *_):
    if b is UNDEFINED:
        return _number_result(-_to_number(a))
    return _number_result(_to_number(a) - _to_number(b))


def _divide(a=UNDEFINED, b=UNDEFINED, *_):
    a, b = _to_number(a), _to_number(b)
    if b == 0:
        if a == 0 or math.isnan(a):
            return math.nan
        return math.copysign(math.inf, a) * math.copysign(1, b)
    return _number_result(a / b)


def _remainder(a=UNDEFINED, b=UNDEFINED, *_):
    a, b = _to_number(a), _to_number(b)
    if math.isnan(a) or math.isnan(b) or math.isinf(a) or b == 0:
        return math.nan
    return _number_result(a if math.isinf(b) else math.fmod(a, b))


def _extreme(pick, empty):
    def extreme(*values):
        numbers = [_to_number(value) for value in values]
        if any(map(math.isnan, numbers)):
            return math.nan
        if not numbers:
            return empty
        return _number_result(pick(numbers, key=lambda n: (n, math.copysign(1, n))))  # -0 < 0
    return extreme


def _in(needle=UNDEFINED, haystack=UNDEFINED, *_):
    if isinstance(haystack, str):
        return haystack != "" and _to_string(needle) in haystack
    if isinstance(haystack, list):
        return any(_strict_equal(needle, item) for item in haystack)
    return False


def _cat(*values):
    return "".join("" if value is None else _to_string(value) for value in values)


def _substr(source=UNDEFINED, start=UNDEFINED, length=UNDEFINED, *_):
    """String.prototype.substr in code points; a negative length drops that many from the end."""
    text = _to_string(source)
    size = len(text)
    begin = _to_integer(start)
    begin = max(size + begin, 0) if begin < 0 else min(begin, size)
    if length is UNDEFINED:
        end = size
    elif _order(length, 0) == -1:
        end = max(size + _to_integer(length), begin)
    else:
        end = min(begin + max(_to_integer(length), 0), size)
    return text[int(begin):int(end)]


def _merge(*values):
    merged = []
    for value in values:
        if isinstance(value, list):
            merged.extend(value)
        else:
            merged.append(value)
    return merged


_FUNCTIONS = {  # operators of values: every argument is evaluated first
    "==": lambda a=UNDEFINED, b=UNDEFINED, *_: _loose_equal(a, b),
    "!=": lambda a=UNDEFINED, b=UNDEFINED, *_: not _loose_equal(a, b),
    "===": lambda a=UNDEFINED, b=UNDEFINED, *_: _strict_equal(a, b),
    "!==": lambda a=UNDEFINED, b=UNDEFINED, *_: not _strict_equal(a, b),
    "!": lambda a=UNDEFINED, *_: not truthy(a),
    "!!": lambda a=UNDEFINED, *_: truthy(a),
    "<": lambda *values: _less(*values[:3]),
    "<=": lambda *values: _less(*values[:3], or_equal=True),
    ">": lambda a=UNDEFINED, b=UNDEFINED, *_: _order(a, b) == 1,
    ">=": lambda a=UNDEFINED, b=UNDEFINED, *_: _order(a, b) in (0, 1),
    "+": _plus,
    "-": _minus,
    "*": _times,
    "/": _divide,
    "%": _remainder,
    "max": _extreme(max, -math.inf),
    "min": _extreme(min, math.inf),
    "in": _in,
    "cat": _cat,
    "substr": _substr,
    "merge": _merge,
}


# --- operators of form language 2 (docs/forms.md, "Operators of version 2") ------------------
# Each has a twin in jsonlogic.js; tests/data/jsonlogic/language2.json holds their vectors.

# Asia/Bangkok: UTC+7 all year (Thailand keeps no daylight saving), so a fixed offset is
# exact and needs no time-zone database on the server.
THAILAND = dt.timezone(dt.timedelta(hours=7), "Asia/Bangkok")
_TODAY: contextvars.ContextVar[str | None] = contextvars.ContextVar("jsonlogic_today", default=None)
_ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:T.*)?", re.DOTALL)
_MOST_DAYS = 3_700_000  # more days than lie between the years 1 and 9999


@contextlib.contextmanager
def today_is(day):
    """Rules evaluated inside see `day` (a date or YYYY-MM-DD) as `today`.

    The server judges an item by the day it was made on the phone (its `created_at` in
    Thailand time), so a form filled yesterday and synced today passes as it did offline.
    Outside any `today_is`, today is the current date in Thailand.
    """
    token = _TODAY.set(day.isoformat() if isinstance(day, dt.date) else day)
    try:
        yield
    finally:
        _TODAY.reset(token)


def _today(*_):
    day = _TODAY.get()
    return day if day is not None else dt.datetime.now(THAILAND).date().isoformat()


def _day_number(value):
    """The proleptic Gregorian day number of a YYYY-MM-DD text (a date-time's first ten
    characters count); None for anything else."""
    match = _ISO_DAY.fullmatch(value) if isinstance(value, str) else None
    if not match:
        return None
    year, month, day = map(int, match.groups())
    try:
        return dt.date(year, month, day).toordinal()
    except ValueError:
        return None


def _days_between(first=UNDEFINED, second=UNDEFINED, *_):
    start, end = _day_number(first), _day_number(second)
    return None if start is None or end is None else end - start


def _date_plus_days(day=UNDEFINED, days=UNDEFINED, *_):
    start, count = _day_number(day), _to_number(days)
    if start is None or not math.isfinite(count) or abs(count) > _MOST_DAYS:
        return None
    try:
        return dt.date.fromordinal(start + math.trunc(count)).isoformat()
    except (ValueError, OverflowError):
        return None


def _length(value=UNDEFINED, *_):
    """Items of a list; characters (code points) of a text or of a number as `cat` prints it."""
    if isinstance(value, list):
        return len(value)
    if value is None or value is UNDEFINED or isinstance(value, dict):
        return 0
    return len(_to_string(value))


def _regex_match(value=UNDEFINED, pattern=UNDEFINED, *_):
    """Whether the whole text matches the pattern (forms/patterns.py says which patterns)."""
    try:
        compiled = compile_full_match(pattern)
    except PatternError as err:
        raise LogicError(str(err)) from None
    text = "" if value is None or value is UNDEFINED else _to_string(value)
    return compiled.fullmatch(text) is not None


def _choice_text(value):
    """A choice value as text; None for what cannot be a choice (null, booleans, lists, objects)."""
    if isinstance(value, str):
        return value
    if isinstance(value, _NUMERIC) and not isinstance(value, bool):
        return _number_to_string(value)
    return None


def _selected(answer=UNDEFINED, choice=UNDEFINED, *_):
    want = _choice_text(choice)
    if want is None:
        return False
    items = answer if isinstance(answer, list) else [answer]
    return any(_choice_text(item) == want for item in items)


def _count_selected(answer=UNDEFINED, *_):
    if isinstance(answer, list):
        return len(answer)
    return 0 if _choice_text(answer) in (None, "") else 1


def _is_blank(value):
    return value is None or value is UNDEFINED or value == "" or value == []


def _coalesce(*values):
    return next((value for value in values if not _is_blank(value)), None)


def _finite_number(value):
    """The number in an answer, or None when there is none (empty, text that is no number)."""
    if _is_blank(value):
        return None
    number = _to_number(value)
    return number if math.isfinite(number) else None


def _round_half_away(number):
    whole = math.floor(abs(number))
    if abs(number) - whole >= 0.5:
        whole += 1
    return math.copysign(whole, number)


def _round(value=UNDEFINED, digits=0, *_):
    """Half away from zero, at `digits` decimals (negative: tens, hundreds...), -15 to 15."""
    number = _finite_number(value)
    if number is None:
        return None
    places = max(-15, min(15, _to_integer(digits)))
    if places >= 0:
        scale = float(f"1e{places}")  # exact, as Number("1e15") in jsonlogic.js
        scaled = number * scale
        if not math.isfinite(scaled) or abs(scaled) >= 2**52:
            return _number_result(number + 0.0)
        result = _round_half_away(scaled) / scale
    else:
        scale = float(f"1e{-places}")
        result = _round_half_away(number / scale) * scale
    return _number_result(result + 0.0)  # -0 becomes 0


def _integer_part(value=UNDEFINED, *_):
    number = _finite_number(value)
    return None if number is None else _number_result(math.trunc(number) + 0.0)


_LANGUAGE_2_FUNCTIONS = {
    "today": _today,
    "days_between": _days_between,
    "date_plus_days": _date_plus_days,
    "length": _length,
    "regex_match": _regex_match,
    "selected": _selected,
    "count_selected": _count_selected,
    "coalesce": _coalesce,
    "round": _round,
    "int": _integer_part,
}
_FUNCTIONS.update(_LANGUAGE_2_FUNCTIONS)
LANGUAGE_2_OPERATORS = frozenset(_LANGUAGE_2_FUNCTIONS)
"""Operators a definition may use only with `"language": 2`."""

# --- evaluation: a rule is compiled once into nested closures ---------------------------------

def apply(rule, data=None, *, today=None):
    """Evaluate `rule` against `data` and return the result, as json-logic-js would;
    `today` (a date or YYYY-MM-DD) is what the `today` operator answers (see today_is)."""
    return compile_rule(rule)(data, today=today)


def compile_rule(rule):
    """`rule` as a function of the data, for rules evaluated many times.

    The rule is read once: operators are looked up and arguments arranged at compile time, so
    evaluating a form's `relevant` for each of 200 repeat rows costs a few closure calls per
    row. An unknown operator or a rule nested deeper than MAX_DEPTH raises LogicError when
    evaluation reaches it.
    """
    evaluate = _compile(rule, 0)

    def run(data=None, *, today=None):
        try:
            if today is None:
                return evaluate(data)
            with today_is(today):
                return evaluate(data)
        except RecursionError:  # only data nested hundreds deep can get here (see MAX_DEPTH)
            raise LogicError("The data is nested too deeply to evaluate.") from None

    return run


def _compile(rule, depth):
    if isinstance(rule, dict):
        if len(rule) != 1:
            return lambda data: rule  # not an operation: a plain value
        if depth >= MAX_DEPTH:
            return _fails(f"The rule is nested deeper than {MAX_DEPTH} levels.")
        [(operator, args)] = rule.items()
        args = args if isinstance(args, list) else [args]
        form = _FORMS.get(operator)
        if form is not None:
            return form(args, depth + 1)
        function = _FUNCTIONS.get(operator)
        if function is None:
            return _fails(f'Unknown operator "{operator}".')
        return _call(function, [_compile(arg, depth + 1) for arg in args])
    if isinstance(rule, list):
        if depth >= MAX_DEPTH:
            return _fails(f"The rule is nested deeper than {MAX_DEPTH} levels.")
        parts = [_compile(item, depth + 1) for item in rule]
        return lambda data: [part(data) for part in parts]
    return lambda data: rule


def _fails(message):
    """A part of a rule that cannot be evaluated: it fails when reached, as in json-logic-js,
    so a broken branch that is never taken does no harm."""
    def run(data):
        raise LogicError(message)
    return run


def _call(function, parts):
    """An operator whose arguments are all evaluated first; one and two arguments unrolled."""
    if len(parts) == 1:
        [first] = parts
        return lambda data: function(first(data))
    if len(parts) == 2:
        first, second = parts
        return lambda data: function(first(data), second(data))
    return lambda data: function(*[part(data) for part in parts])


def _reading(function):
    """An operator that also reads the data (var, missing, missing_some)."""
    def form(args, depth):
        parts = [_compile(arg, depth) for arg in args]
        return lambda data: function(data, *[part(data) for part in parts])
    return form


def _var_form(args, depth):
    path = args[0] if args else UNDEFINED
    if len(args) == 1 and isinstance(path, str) and path != "":
        keys = path.split(".")  # the common case, a literal path: split it once
        if len(keys) > 1:
            return lambda data: _follow(data, keys, None)
        [key] = keys

        def one_key(data):  # `present`, `accumulator`: one dict lookup, no loop
            if type(data) is dict:
                value = data.get(key)
                return None if value is UNDEFINED else value
            return _follow(data, keys, None)

        return one_key
    return _reading(_var)(args, depth)


def _arg_or(args, index, depth, absent=UNDEFINED):
    return _compile(args[index], depth) if index < len(args) else (lambda data: absent)


def _if_form(args, depth):
    parts = [_compile(arg, depth) for arg in args]
    last = len(parts) - 1

    def run(data):
        for i in range(0, last, 2):
            if truthy(parts[i](data)):
                return parts[i + 1](data)
        if last >= 0 and last % 2 == 0:
            return parts[last](data)
        return None

    return run


def _short_circuit(stop_when_truthy: bool):
    """and/or: evaluate in order and return the first value whose truthiness is
    `stop_when_truthy` (falsy for and, truthy for or), else the last one."""
    def form(args, depth):
        parts = [_compile(arg, depth) for arg in args]

        def run(data):
            value = None
            for part in parts:
                value = part(data)
                if truthy(value) is stop_when_truthy:
                    return value
            return value

        return run

    return form


def _iterating(walk):
    """map/filter/all/some/none: the list comes from the data, the logic runs on each item."""
    def form(args, depth):
        items_of = _arg_or(args, 0, depth)
        logic = _arg_or(args, 1, depth, absent=None)

        def run(data):
            items = items_of(data)
            return walk(items if isinstance(items, list) else (), logic)

        return run
    return form


def _reduce_form(args, depth):
    items_of = _arg_or(args, 0, depth)
    logic = _arg_or(args, 1, depth, absent=None)
    initial = _arg_or(args, 2, depth, absent=None)

    def run(data):
        items = items_of(data)
        accumulator = initial(data)
        for item in items if isinstance(items, list) else ():
            accumulator = logic({"current": item, "accumulator": accumulator})
        return accumulator

    return run


def _some_of(items, logic):
    return any(truthy(logic(item)) for item in items)


_FORMS = {  # operators that choose which arguments to evaluate, and against what data
    "var": _var_form,
    "missing": _reading(_missing),
    "missing_some": _reading(_missing_some),
    "if": _if_form,
    "?:": _if_form,
    "and": _short_circuit(False),
    "or": _short_circuit(True),
    "map": _iterating(lambda items, logic: [logic(item) for item in items]),
    "filter": _iterating(lambda items, logic: [item for item in items if truthy(logic(item))]),
    "reduce": _reduce_form,
    "all": _iterating(lambda items, logic: bool(items) and all(truthy(logic(item)) for item in items)),
    "some": _iterating(_some_of),
    "none": _iterating(lambda items, logic: not _some_of(items, logic)),
}

OPERATORS = frozenset(_FUNCTIONS) | frozenset(_FORMS)

# --- static checks --------------------------------------------------------------------------

_ARITY = {  # operator: (fewest, most) arguments that make sense; None is no limit
    "var": (0, 2), "missing": (0, None), "missing_some": (2, 2),
    "if": (1, None), "?:": (3, 3), "and": (1, None), "or": (1, None), "!": (1, 1), "!!": (1, 1),
    "==": (2, 2), "!=": (2, 2), "===": (2, 2), "!==": (2, 2),
    "<": (2, 3), "<=": (2, 3), ">": (2, 2), ">=": (2, 2),
    "+": (1, None), "-": (1, 2), "*": (1, None), "/": (2, 2), "%": (2, 2),
    "max": (1, None), "min": (1, None),
    "map": (2, 2), "filter": (2, 2), "reduce": (2, 3), "all": (2, 2), "some": (2, 2),
    "none": (2, 2), "merge": (0, None), "in": (2, 2), "cat": (0, None), "substr": (2, 3),
    "today": (0, 0), "days_between": (2, 2), "date_plus_days": (2, 2), "length": (1, 1),
    "regex_match": (2, 2), "selected": (2, 2), "count_selected": (1, 1), "coalesce": (1, None),
    "round": (1, 2), "int": (1, 1),
}
assert _ARITY.keys() == OPERATORS
_ITERATING = frozenset({"map", "filter", "reduce", "all", "some", "none"})


def _operation(rule):
    """(operator, arguments) when `rule` is an operation, else None."""
    if isinstance(rule, dict) and len(rule) == 1:
        [(operator, args)] = rule.items()
        return operator, args if isinstance(args, list) else [args]
    return None


def _is_name(value):
    """A literal `var` path or `missing` name: a string or a whole non-negative number."""
    if isinstance(value, str):
        return True
    if isinstance(value, bool) or not isinstance(value, _NUMERIC):
        return False
    return value >= 0 and float(value).is_integer()


def _wanted(fewest, most) -> Message:
    """How many arguments an operator takes, as words (forms/messages/definitions.py)."""
    if fewest == most:
        return Message("logic_wanted_one") if fewest == 1 else Message("logic_wanted_n",
                                                                       count=fewest)
    if most is None:
        return (Message("logic_wanted_at_least_one") if fewest == 1
                else Message("logic_wanted_at_least_n", count=fewest))
    return Message("logic_wanted_range", low=fewest, high=most)


def _argument_problems(operator, args):
    """(catalog code, parameters) of each problem with an operation's arguments."""
    fewest, most = _ARITY[operator]
    if len(args) < fewest or (most is not None and len(args) > most):
        yield "logic_arity", {"operator": operator, "wanted": _wanted(fewest, most),
                              "given": len(args)}
    if operator == "var" and args and not (args[0] is None or _is_name(args[0])
                                           or _operation(args[0])):
        yield "logic_var_path", {}
    if operator == "missing":
        names = args[0] if len(args) == 1 and isinstance(args[0], list) else args
        if not all(_is_name(name) or _operation(name) for name in names):
            yield "logic_missing_paths", {}
    if operator == "missing_some" and len(args) == 2:
        need, names = args
        if not (_operation(need) or isinstance(need, _NUMERIC) and not isinstance(need, bool)):
            yield "logic_missing_some_count", {}
        if not (_operation(names) or isinstance(names, list) and all(map(_is_name, names))):
            yield "logic_missing_some_list", {}
    if operator == "regex_match" and len(args) == 2:
        pattern = args[1]
        if not isinstance(pattern, str):
            yield "logic_regex_literal", {}
        else:
            problem = pattern_problem(pattern)
            if problem:
                yield "logic_regex_unusable", {"problem": problem}


def check_rule(rule):
    """Every problem in `rule` that can be seen without data, as sentences; [] when sound.

    Each is a catalog `Message` (forms/messages/definitions.py, `logic_*`): its English
    sentence where text is expected, worded in Thai for a Thai reader.

    Unknown operators, objects that are not one operation, argument counts and shapes that
    cannot be meant, and nesting beyond MAX_DEPTH. Evaluating a rule that passes can still
    fail only on data (for example `*` of an empty list made by `merge`).
    """
    problems = []
    _check(rule, "", 0, problems)
    return problems


def _check(rule, where, depth, problems):
    def add(code, **params):
        at = Message("logic_where", where=where) if where else ""
        problems.append(Message(code, at=at, **params))

    if isinstance(rule, (dict, list)) and depth >= MAX_DEPTH:
        problems.append(Message("logic_too_deep", depth=MAX_DEPTH))
        return
    if isinstance(rule, list):
        for index, item in enumerate(rule):
            _check(item, f"{where}[{index}]", depth + 1, problems)
    elif isinstance(rule, dict):
        if len(rule) != 1:
            keys = "".join(f'{", " if i else ": "}"{key}"' for i, key in enumerate(rule))
            add("logic_one_key", count=len(rule), keys=keys)
            return
        operator, args = _operation(rule)
        if operator not in OPERATORS:
            add("logic_unknown_operator", operator=operator)
            return
        for code, params in _argument_problems(operator, args):
            add(code, **params)
        for index, arg in enumerate(args):
            _check(arg, f"{where}{'.' if where else ''}{operator}[{index}]", depth + 1, problems)
    elif not isinstance(rule, (str, int, float, type(None))):
        add("logic_not_json", kind=type(rule).__name__)


def rule_vars(rule):
    """The field paths `rule` reads from its data: `var` paths and `missing` names.

    Paths read inside the logic of map/filter/reduce/all/some/none are left out, since there the
    data is the list item. The whole-data path "" and computed paths name no field and are
    left out too (the variables a computed path is made of are included).
    """
    found = set()
    _collect(rule, found, 0)
    return found


def _collect(rule, found, depth):
    if depth >= MAX_DEPTH:
        return
    if isinstance(rule, list):
        for item in rule:
            _collect(item, found, depth + 1)
        return
    operation = _operation(rule)
    if operation is None:
        return
    operator, args = operation
    if operator == "var":
        names = args[:1]
    elif operator == "missing":
        names = args[0] if len(args) == 1 and isinstance(args[0], list) else args
    elif operator == "missing_some":
        names = args[1] if len(args) > 1 and isinstance(args[1], list) else []
    else:
        names = []
    found.update(_to_string(name) for name in names if _is_name(name) and name != "")
    if operator in _ITERATING:
        args = [arg for index, arg in enumerate(args) if index != 1]
    for arg in args:
        _collect(arg, found, depth + 1)


def operators_in(rule):
    """Every operator `rule` uses (to tell a language 2 rule from a language 1 one)."""
    found = set()
    stack = [(rule, 0)]
    while stack:
        part, depth = stack.pop()
        if depth >= MAX_DEPTH:
            continue
        if isinstance(part, list):
            stack.extend((item, depth + 1) for item in part)
            continue
        operation = _operation(part)
        if operation is not None:
            found.add(operation[0])
            stack.extend((arg, depth + 1) for arg in operation[1])
    return found
