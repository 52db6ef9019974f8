"""XLSForm's XPath expressions, translated to Tambon's JSON Logic.

A real tokenizer and a recursive-descent parser with XPath 1.0's precedence, loosest first:
`or` < `and` < `= !=` < `< <= > >=` < `+ -` < `* div mod` < unary `-`. Each parsed piece is
translated at once into a `Term`: its JSON Logic and what kind of value it gives (a date, a
number, the values of a repeat...), since XPath's `+` adds days to a date and its `-` between
two dates counts days, while JSON Logic needs to be told.

What `${name}` becomes depends on where the expression sits (`Scope`): a field of the current
repeat row is `row.<name>`, a field elsewhere its dotted answer path; the fields of a repeat
read from outside it are a list of values, usable in `count()`, `sum()`, `max()`, `min()`.
Anything without a faithful translation (an unknown function, an `instance()` lookup, a
relative path) raises XPathError with a message code of forms/messages/xlsform.py and the
character where it is, never a Python error.

The translation is documented in docs/forms.md, "XLSForm import".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

__all__ = ["Ref", "Scope", "Term", "XPathError", "to_json_logic", "translate"]

MAX_LENGTH = 4000  # characters of one expression; real forms stay well under 1000
MAX_NESTING = 40  # parentheses and calls inside one another


class XPathError(ValueError):
    """An expression that cannot be translated: `code` names a catalog message, `params` fill
    it, `at` is the 0-based character offset in the expression."""

    def __init__(self, code: str, at: int = 0, **params):
        self.code, self.at, self.params = code, at, params
        super().__init__(f"{code} at {at}: {params}")


@dataclass(frozen=True)
class Ref:
    """What a `${name}` stands for: its dotted answer path, its Tambon field type, and the
    dotted path of the innermost repeat holding it (None when not in a repeat)."""

    path: str
    type: str
    repeat: str | None = None


@dataclass(frozen=True)
class Scope:
    """Where an expression is evaluated: the form's fields by XLSForm name, the repeat the
    expression's field sits in, and what `.` stands for (JSON Logic)."""

    fields: Mapping[str, Ref]
    repeat: str | None = None
    dot: Any = None
    item: Mapping[str, str] | None = None  # in a choice_filter: a choice's columns, by XLSForm
    #                                         name, as keys of Tambon's `item`


@dataclass(frozen=True)
class Term:
    """A translated piece: its JSON Logic and its kind (number, text, date, datetime, time,
    boolean, list (a select_multiple answer), values (of a repeat's rows), rows (a repeat
    itself), or any)."""

    logic: Any
    kind: str = "any"
    repeat: str | None = field(default=None, compare=False)  # for values and rows: which repeat
    at: int = field(default=0, compare=False)  # for values and rows: where it was named


_TYPE_KINDS = {"integer": "number", "decimal": "number", "date": "date", "datetime": "datetime",
               "time": "time", "boolean": "boolean", "select_multiple": "list", "repeat": "rows",
               "text": "text", "textarea": "text", "select_one": "text", "phone": "text"}

# --- tokens ---------------------------------------------------------------------------------

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<number>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)
  | (?P<string>"[^"]*"|'[^']*'|‘[^’]*’|“[^”]*”)  # a spreadsheet's curly quotes too
  | (?P<ref>\$\{[^}]*\})
  | (?P<op>!=|<=|>=|//|\.\.|::|[=<>+\-*/|()\[\],@.])
  | (?P<name>[A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)
""", re.VERBOSE)

_OPERATOR_NAMES = {"and", "or", "div", "mod"}


@dataclass(frozen=True)
class _Token:
    kind: str  # number string ref op name opname end
    text: str
    at: int


def _tokens(expression: str) -> list[_Token]:
    out: list[_Token] = []
    at = 0
    while at < len(expression):
        match = _TOKEN.match(expression, at)
        if not match:
            char = expression[at]
            code = "xpath_unclosed_string" if char in "'\"‘“" else "xpath_unexpected"
            raise XPathError(code, at, text=char)
        kind = match.lastgroup
        text = match.group()
        if kind == "name" and text in _OPERATOR_NAMES and _after_operand(out):
            kind = "opname"
        elif kind == "name" and text.endswith((".", "-")):  # `a.` would swallow a path dot
            text = text.rstrip(".-")
        if kind != "space":
            out.append(_Token(kind, text, at))
        at += len(text) if kind != "space" else match.end() - at
    out.append(_Token("end", "", len(expression)))
    return out


def _after_operand(previous: list[_Token]) -> bool:
    """XPath's rule: a name is an operator when it follows something that ends an operand."""
    if not previous:
        return False
    last = previous[-1]
    if last.kind in ("number", "string", "ref", "name"):
        return True
    return last.kind == "op" and last.text in (")", "]", ".", "..")


# --- the parser -----------------------------------------------------------------------------


def translate(expression: str, scope: Scope) -> Term:
    """The JSON Logic of an XPath expression, with its kind; XPathError when impossible."""
    if not isinstance(expression, str) or not expression.strip():
        raise XPathError("xpath_empty")
    if len(expression) > MAX_LENGTH:
        raise XPathError("xpath_too_long", 0, limit=MAX_LENGTH)
    parser = _Parser(_tokens(expression), scope)
    term = parser.expression()
    token = parser.peek()
    if token.kind != "end":
        raise XPathError("xpath_unexpected", token.at, text=token.text)
    if term.kind in ("values", "rows"):
        raise XPathError("xpath_repeat_values", term.at, name=term.repeat or "")
    return term


def to_json_logic(expression: str, scope: Scope) -> Any:
    """The JSON Logic of an XPath expression; XPathError when it has no faithful translation."""
    return translate(expression, scope).logic


_COMPARISONS = {"=": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
_MIRRORED = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}


class _Parser:
    def __init__(self, tokens: list[_Token], scope: Scope):
        self.tokens, self.scope, self.index, self.depth = tokens, scope, 0, 0

    def peek(self) -> _Token:
        return self.tokens[self.index]

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def accept(self, kind: str, *texts: str) -> _Token | None:
        token = self.peek()
        if token.kind == kind and (not texts or token.text in texts):
            return self.take()
        return None

    def expect(self, text: str) -> _Token:
        token = self.peek()
        if token.kind == "end":
            raise XPathError("xpath_incomplete", token.at)
        if token.kind != "op" or token.text != text:
            raise XPathError("xpath_expected", token.at, expected=text, text=token.text)
        return self.take()

    # Each level: its operands at the next tighter level, joined left to right.

    def expression(self) -> Term:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise XPathError("xpath_too_deep", self.peek().at, limit=MAX_NESTING)
        term = self.joined("or", self.and_expression)
        self.depth -= 1
        return term

    def and_expression(self) -> Term:
        return self.joined("and", self.equality)

    def joined(self, word: str, operand) -> Term:
        terms = [operand()]
        while self.accept("opname", word):
            terms.append(operand())
        if len(terms) == 1:
            return terms[0]
        return Term({word: [_single(t) for t in terms]}, "boolean")

    def equality(self) -> Term:
        term = self.relational()
        while (token := self.accept("op", "=", "!=")) is not None:
            term = _compare(token, term, self.relational())
        return term

    def relational(self) -> Term:
        term = self.additive()
        while (token := self.accept("op", "<", "<=", ">", ">=")) is not None:
            term = _compare(token, term, self.additive())
        return term

    def additive(self) -> Term:
        term = self.multiplicative()
        while (token := self.accept("op", "+", "-")) is not None:
            term = _add(token, term, self.multiplicative())
        return term

    def multiplicative(self) -> Term:
        term = self.unary()
        while True:
            token = self.accept("op", "*") or self.accept("opname", "div", "mod")
            if token is None:
                return term
            operator = {"*": "*", "div": "/", "mod": "%"}[token.text]
            term = _joined(operator, _number(term, token), _number(self.unary(), token))

    def unary(self) -> Term:
        token = self.accept("op", "-")
        if token is None:
            return self.union()
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise XPathError("xpath_too_deep", token.at, limit=MAX_NESTING)
        operand = self.unary()
        self.depth -= 1
        if isinstance(operand.logic, (int, float)) and not isinstance(operand.logic, bool):
            return Term(-operand.logic, "number")
        return Term({"-": [_number(operand, token)]}, "number")

    def union(self) -> Term:
        term = self.primary()
        token = self.peek()
        if token.kind == "op" and token.text == "|":
            raise XPathError("xpath_path", token.at, text="|")
        if token.kind == "op" and token.text == "[":
            raise XPathError("xpath_path", token.at, text="[")
        return term

    def primary(self) -> Term:
        token = self.peek()
        if token.kind == "number":
            self.take()
            number = float(token.text)
            return Term(int(number) if number.is_integer() and "." not in token.text else number,
                        "number")
        if token.kind == "string":
            self.take()
            return Term(token.text[1:-1], "text")
        if token.kind == "ref":
            self.take()
            return self.reference(token)
        if token.kind == "op" and token.text == "(":
            self.take()
            term = self.expression()
            self.expect(")")
            return term
        if token.kind == "name" and self.tokens[self.index + 1].text == "(":
            return self.call()
        if token.kind == "op" and token.text == ".":
            self.take()
            if self.scope.dot is None:
                raise XPathError("xpath_dot", token.at)
            return Term(self.scope.dot, "any")
        if token.kind in ("op", "name") and token.text in ("/", "//", "..", "@") or token.kind == "name":
            return self.path()
        if token.kind == "end":
            raise XPathError("xpath_incomplete", token.at)
        raise XPathError("xpath_unexpected", token.at, text=token.text)

    def reference(self, token: _Token) -> Term:
        name = token.text[2:-1].strip()
        ref = self.scope.fields.get(name)
        if ref is None:
            raise XPathError("xpath_unknown_field", token.at, name=name)
        kind = _TYPE_KINDS.get(ref.type, "any")
        here = self.scope.repeat
        if ref.type == "repeat":
            return Term({"var": ref.path}, "rows", ref.path, token.at)
        if ref.repeat is None:
            return Term({"var": ref.path}, kind)
        if ref.repeat == here:  # a field of the row being evaluated
            return Term({"var": "row." + ref.path[len(ref.repeat) + 1:]}, kind)
        if here is not None and (here + ".").startswith(ref.repeat + "."):
            raise XPathError("xpath_outer_row", token.at, name=name)
        if here is not None and not (ref.repeat + ".").startswith(here + "."):
            raise XPathError("xpath_other_repeat", token.at, name=name)
        if here is not None:  # a repeat nested in the current row: its rows hang off `row`
            raise XPathError("xpath_nested_repeat", token.at, name=name)
        # from outside the repeat: the value in every row
        inner = ref.path[len(ref.repeat) + 1:]
        return Term({"map": [{"var": ref.repeat}, {"var": inner}]}, "values", ref.repeat, token.at)

    def path(self) -> Term:
        """Location paths: only an absolute `/data/.../name` naming a field, read as ${name}."""
        start = self.peek()
        parts: list[str] = []
        absolute = self.accept("op", "/") is not None
        while absolute:
            token = self.peek()
            if token.kind != "name":
                break
            parts.append(self.take().text)
            if not self.accept("op", "/"):
                break
        token = self.peek()
        column = self.item_column(start)
        if column is not None:
            return column
        if not absolute or not parts or (token.kind == "op" and token.text in ("/", "//", "[", "@")):
            text = "/" + "/".join(parts) if absolute else start.text
            raise XPathError("xpath_path", start.at, text=text)
        return self.reference(_Token("ref", "${" + parts[-1] + "}", start.at))

    def item_column(self, start: _Token) -> Term | None:
        """In a choice_filter, a bare name is a column of the choice (`name` is its value)."""
        if self.scope.item is None or start.kind != "name":
            return None
        if start.text == "name":
            key = "value"
        elif start.text in self.scope.item:
            key = self.scope.item[start.text]
        else:
            raise XPathError("xpath_item_column", start.at, name=start.text)
        self.take()
        return Term({"var": f"item.{key}"}, "text")

    def call(self) -> Term:
        name_token = self.take()
        self.expect("(")
        name = name_token.text
        if name == "position":
            return self.position(name_token)
        if name in ("instance", "pulldata", "jr:choice-name", "indexed-repeat"):
            raise XPathError("xpath_lookup", name_token.at, name=name)
        args: list[Term] = []
        if not self.accept("op", ")"):
            args.append(self.expression())
            while self.accept("op", ","):
                args.append(self.expression())
            self.expect(")")
        function = _FUNCTIONS.get(name)
        if function is None:
            raise XPathError("xpath_function", name_token.at, name=name)
        fewest, most, build = function
        if len(args) < fewest or (most is not None and len(args) > most):
            raise XPathError("xpath_arguments", name_token.at, name=name, count=len(args))
        return build(self, name_token, args)

    def position(self, token: _Token) -> Term:
        """position(..): the number of the current repeat row. Rules do not see row numbers
        (docs/forms.md), so this is reported rather than guessed."""
        raise XPathError("xpath_position", token.at)


# --- translation helpers --------------------------------------------------------------------


def _single(term: Term, token: _Token | None = None) -> Any:
    """The logic of a term that must be one value, not the values of a repeat."""
    if term.kind in ("values", "rows"):
        raise XPathError("xpath_repeat_values", term.at, name=term.repeat or "")
    return term.logic


def _number(term: Term, token: _Token) -> Any:
    logic = _single(term, token)
    if term.kind in ("date", "datetime"):  # a date in arithmetic: days since 1970-01-01
        return {"days_between": ["1970-01-01", logic]}
    return logic


def _is_empty_text(term: Term) -> bool:
    return term.logic == "" and term.kind == "text"


def _emptiness(term: Term, token: _Token) -> Any:
    """XPath's `x = ''`: true for an unanswered field (null in Tambon), "" and no selection."""
    logic = _single(term, token)
    if term.kind == "list":
        return {"!": [logic]}
    return {"in": [logic, [None, ""]]}


def _compare(token: _Token, left: Term, right: Term) -> Term:
    operator = _COMPARISONS[token.text]
    if operator in ("==", "!=") and (_is_empty_text(left) or _is_empty_text(right)):
        other = right if _is_empty_text(left) else left
        empty = _emptiness(other, token)
        return Term(empty if operator == "==" else {"!": [empty]}, "boolean")
    if "list" in (left.kind, right.kind) and operator in ("==", "!="):
        # a select_multiple compared with one choice: XPath compares its space-joined text
        raise XPathError("xpath_compare_list", token.at)
    a, b = _single(left, token), _single(right, token)
    if left.kind == "number" or right.kind == "number":
        if left.kind in ("date", "datetime") or right.kind in ("date", "datetime"):
            a, b = _number(left, token), _number(right, token)
    return Term({operator: [a, b]}, "boolean")


def _add(token: _Token, left: Term, right: Term) -> Term:
    dates = ("date", "datetime")
    if token.text == "+":
        if left.kind in dates and right.kind not in dates:
            return Term({"date_plus_days": [_single(left, token), _single(right, token)]}, "date")
        if right.kind in dates and left.kind not in dates:
            return Term({"date_plus_days": [_single(right, token), _single(left, token)]}, "date")
        return _joined("+", _number(left, token), _number(right, token))
    if left.kind in dates and right.kind in dates:
        return Term({"days_between": [_single(right, token), _single(left, token)]}, "number")
    if left.kind in dates:
        return Term({"date_plus_days": [_single(left, token), {"-": [_single(right, token)]}]}, "date")
    return Term({"-": [_number(left, token), _number(right, token)]}, "number")


def _joined(operator: str, left: Any, right: Any) -> Term:
    """`a + b + c` as one {"+": [a, b, c]} (and `*` alike), so long sums do not nest deep."""
    if operator in ("+", "*") and isinstance(left, dict) and list(left) == [operator]:
        return Term({operator: [*left[operator], right]}, "number")
    return Term({operator: [left, right]}, "number")


def _plain(operator: str, kind: str):
    """A function whose arguments translate one for one into a JSON Logic operator."""
    def build(parser, token, args):
        return Term({operator: [_single(a, token) for a in args]}, kind)
    return build


def _not(parser, token, args):
    return Term({"!": [_single(args[0], token)]}, "boolean")


def _if(parser, token, args):
    kinds = {args[1].kind, args[2].kind}
    return Term({"if": [_single(a, token) for a in args]}, kinds.pop() if len(kinds) == 1 else "any")


def _string_length(parser, token, args):
    if not args:
        if parser.scope.dot is None:
            raise XPathError("xpath_dot", token.at)
        return Term({"length": [parser.scope.dot]}, "number")
    return Term({"length": [_single(args[0], token)]}, "number")


def _regex(parser, token, args):
    value, pattern = args
    if not isinstance(pattern.logic, str):
        raise XPathError("xpath_regex_literal", token.at)
    return Term({"regex_match": [_single(value, token), _full_match_pattern(pattern.logic)]},
                "boolean")


def _full_match_pattern(pattern: str) -> str:
    """XPath's regex() finds the pattern anywhere unless anchored; regex_match matches whole."""
    start = pattern.startswith("^")
    end = pattern.endswith("$") and not pattern.endswith("\\$")
    core = pattern[1 if start else 0:len(pattern) - 1 if end else len(pattern)]
    if start and end:
        return core
    return f"{'' if start else '.*'}(?:{core}){'' if end else '.*'}"


def _date(parser, token, args):
    [arg] = args
    if arg.kind in ("date", "datetime", "text"):
        return Term(_single(arg, token), "date")
    return Term({"date_plus_days": ["1970-01-01", _single(arg, token)]}, "date")


def _decimal_date_time(parser, token, args):
    [arg] = args
    if arg.kind in ("number",):
        return Term(arg.logic, "number")
    return Term({"days_between": ["1970-01-01", _single(arg, token)]}, "number")


def _count(parser, token, args):
    [arg] = args
    if arg.kind == "rows":
        return Term({"length": [arg.logic]}, "number")
    if arg.kind == "values":
        return Term({"length": [arg.logic]}, "number")
    raise XPathError("xpath_count", token.at)


def _sum(parser, token, args):
    [arg] = args
    if arg.kind != "values":
        raise XPathError("xpath_sum", token.at)
    return Term({"reduce": [arg.logic, {"+": [{"var": "accumulator"}, {"var": "current"}]}, 0]},
                "number")


def _extreme(operator: str):
    """max()/min() of numbers, or of a repeat's values (empty ones skipped; none: null)."""
    def build(parser, token, args):
        if len(args) == 1 and args[0].kind == "values":
            answered = {"filter": [args[0].logic, {"!": [{"in": [{"var": ""}, [None, ""]]}]}]}
            accumulator, current = {"var": "accumulator"}, {"var": "current"}
            pick = {"if": [{"==": [accumulator, None]}, current, {operator: [accumulator, current]}]}
            return Term({"reduce": [answered, pick, None]}, "number")
        return Term({operator: [_single(a, token) for a in args]}, "number")
    return build


def _substr(parser, token, args):
    text, start = _single(args[0], token), _single(args[1], token)
    if len(args) == 2:
        return Term({"substr": [text, start]}, "text")
    end = _single(args[2], token)
    return Term({"substr": [text, start, {"-": [end, start]}]}, "text")


def _starts_with(parser, token, args):
    text, prefix = _single(args[0], token), _single(args[1], token)
    return Term({"==": [{"substr": [text, 0, {"length": [prefix]}]}, prefix]}, "boolean")


def _contains(parser, token, args):
    return Term({"in": [_single(args[1], token), _single(args[0], token)]}, "boolean")


_FUNCTIONS = {  # name: (fewest args, most args or None, build)
    "not": (1, 1, _not),
    "true": (0, 0, lambda parser, token, args: Term(True, "boolean")),
    "false": (0, 0, lambda parser, token, args: Term(False, "boolean")),
    "selected": (2, 2, _plain("selected", "boolean")),
    "count-selected": (1, 1, _plain("count_selected", "number")),
    "if": (3, 3, _if),
    "concat": (1, None, _plain("cat", "text")),
    "coalesce": (2, 2, _plain("coalesce", "any")),
    "regex": (2, 2, _regex),
    "string-length": (0, 1, _string_length),
    "today": (0, 0, lambda parser, token, args: Term({"today": []}, "date")),
    "date": (1, 1, _date),
    "decimal-date-time": (1, 1, _decimal_date_time),
    "decimal-date": (1, 1, _decimal_date_time),
    "int": (1, 1, _plain("int", "number")),
    "round": (1, 2, _plain("round", "number")),
    "count": (1, 1, _count),
    "sum": (1, 1, _sum),
    "max": (1, None, _extreme("max")),
    "min": (1, None, _extreme("min")),
    "number": (1, 1, lambda parser, token, args: Term({"+": [_number(args[0], token)]}, "number")),
    "string": (1, 1, lambda parser, token, args: Term({"cat": [_single(args[0], token)]}, "text")),
    "substr": (2, 3, _substr),
    "contains": (2, 2, _contains),
    "starts-with": (2, 2, _starts_with),
}
