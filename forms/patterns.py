"""Regular expressions that mean the same on the phone and on the server, and cannot hang either.

`regex_match` (docs/forms.md, "Operators of version 2") takes a pattern written in the part of
regular-expression syntax that Python's `re` and JavaScript's `RegExp` (with the `u` and `s`
flags) read alike, and that backtracks at most polynomially:

- literal characters; `.` (any character, line breaks included); escapes of `\\ ^ $ . | ? * + ( )
  [ ] { } /`, and `\\t \\n \\r`; `\\d \\w` (ASCII digits, ASCII word characters) and `\\s`
  (JavaScript's white space) with their negations `\\D \\W \\S` outside classes;
- classes `[...]` and `[^...]` of characters, ranges, escapes and `\\d \\w \\s`; a `-` that is
  not a range is escaped or first or last;
- groups `(...)` and `(?:...)`, alternation `|`;
- quantifiers `? * + {n} {n,} {n,m}` (each at most 1000), optionally lazy (`*?`);
- no anchors (the whole text must match anyway), no back-references, look-arounds or flags.

A group that repeats (any quantifier but `?`) holds no quantifier and no `|`: `(\\d+)+` and
`(a|ab)*` are what make backtracking engines take exponential time. A pattern is at most
MAX_PATTERN characters.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["MAX_PATTERN", "PatternError", "compile_full_match", "pattern_problem"]

MAX_PATTERN = 200
MAX_REPEAT = 1000

# JavaScript's \s, which Python's differs from (\x1c-\x1f, \x85 and \ufeff).
_JS_SPACE = "\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
_SYNTAX = set("\\^$.|?*+()[]{}/")
_CONTROL = {"t": "\\t", "n": "\\n", "r": "\\r"}
_CLASSES = {"d": "0-9", "w": "A-Za-z0-9_", "s": _JS_SPACE}
_QUANTIFIER = re.compile(r"[?*+]|\{([0-9]{1,4})(,([0-9]{1,4})?)?\}")


class PatternError(ValueError):
    """A pattern outside the shared, safe syntax; the message says what and where."""


class _Reader:
    """Reads a pattern once, checking it and writing the Python pattern that means the same."""

    def __init__(self, pattern: str):
        self.text = pattern
        self.at = 0
        self.out: list[str] = []

    def fail(self, what: str):
        raise PatternError(f"{what} at character {self.at + 1} of the pattern.")

    def peek(self) -> str:
        return self.text[self.at] if self.at < len(self.text) else ""

    def alternatives(self, depth: int) -> tuple[bool, bool]:
        """Read `a|b|...` up to a `)` or the end; (has a quantifier, has a |) inside."""
        quantified = alternation = False
        while True:
            quantified |= self.sequence(depth)
            if self.peek() != "|":
                return quantified, alternation
            alternation = True
            self.out.append("|")
            self.at += 1

    def sequence(self, depth: int) -> bool:
        quantified = False
        while self.peek() not in ("", "|", ")"):
            inner = self.atom(depth)
            start = self.at
            repeats = self.quantifier()
            if repeats is not None:
                quantified = True
                if repeats and inner:
                    self.at = start
                    self.fail("A repeated group holds a quantifier or |")
            quantified |= bool(inner)
        return quantified

    def atom(self, depth: int):
        """One atom; for a group, whether it holds a quantifier or | (else False)."""
        char = self.peek()
        if char == "(":
            if depth >= 20:
                self.fail("Groups are nested too deeply")
            self.at += 1
            if self.text.startswith("?:", self.at):
                self.at += 2
            elif self.peek() == "?":
                self.fail("Only (...) and (?:...) groups are allowed")
            self.out.append("(?:")
            quantified, alternation = self.alternatives(depth + 1)
            if self.peek() != ")":
                self.fail("A group is not closed")
            self.at += 1
            self.out.append(")")
            return quantified or alternation
        if char == "[":
            self.character_class()
            return False
        if char == "\\":
            self.escape(in_class=False)
            return False
        if char in "^$":
            self.fail("Anchors are not needed (the whole text must match) and not allowed")
        if char in "?*+{":
            self.fail("A quantifier has nothing to repeat")
        if char in "]}":
            self.fail(f"An unescaped {char}")
        self.at += 1
        self.out.append("." if char == "." else re.escape(char))
        return False

    def escape(self, in_class: bool) -> None:
        self.at += 1
        char = self.peek()
        self.at += 1
        if char in _SYNTAX or (in_class and char == "-"):
            self.out.append("\\" + char)
        elif char in _CONTROL:
            self.out.append(_CONTROL[char])
        elif char.lower() in _CLASSES and (not in_class or char.islower()):
            members = _CLASSES[char.lower()]
            self.out.append(members if in_class else f"[{'^' if char.isupper() else ''}{members}]")
        else:
            self.at -= 1
            self.fail(f"The escape \\{char} is not allowed")

    def class_member(self) -> str | None:
        """One member of a class; the character itself, or None for an escape class."""
        char = self.peek()
        if char == "\\":
            escaped = self.text[self.at + 1:self.at + 2]
            self.escape(in_class=True)
            if escaped.lower() in _CLASSES:
                return None
            return {"t": "\t", "n": "\n", "r": "\r"}.get(escaped, escaped)
        if char == "":
            self.fail("A class is not closed")
        if char == "[" or (char in "&~|" and self.text.startswith(char * 2, self.at)):
            self.fail(f"An unescaped {char} inside a class")
        self.at += 1
        self.out.append(re.escape(char))
        return char

    def character_class(self) -> None:
        self.at += 1
        self.out.append("[")
        if self.peek() == "^":
            self.at += 1
            self.out.append("^")
        if self.peek() == "]":
            self.fail("A class is empty (write \\] for the character ])")
        while self.peek() != "]":
            low = self.class_member()
            if self.peek() == "-" and self.text[self.at + 1:self.at + 2] not in ("]", ""):
                self.at += 1
                self.out.append("-")
                high = self.class_member()
                if low is None or high is None or low > high:
                    self.fail("A range in a class is backwards or not between two characters")
        self.at += 1
        self.out.append("]")

    def quantifier(self):
        """Read a quantifier if one follows: None when none, else whether it repeats (not ?)."""
        match = _QUANTIFIER.match(self.text, self.at)
        if not match:
            if self.peek() == "{":
                self.fail("A { that is not a quantifier {n}, {n,} or {n,m}")
            return None
        low, comma, high = match.group(1), match.group(2), match.group(3)
        if low is not None:
            numbers = [int(low)] + ([int(high)] if high else [])
            if max(numbers) > MAX_REPEAT:
                self.fail(f"A repeat count above {MAX_REPEAT}")
            if high and int(high) < int(low):
                self.fail("A repeat {n,m} with m below n")
        self.at = match.end()
        self.out.append(match.group())
        if self.peek() == "?":
            self.at += 1
            self.out.append("?")
        if self.peek() and _QUANTIFIER.match(self.text, self.at):
            self.fail("Two quantifiers in a row")
        if low is None:
            return match.group() != "?"
        return bool(comma and not high) or int(high or low) > 1


def _translate(pattern) -> str:
    if not isinstance(pattern, str):
        raise PatternError("The pattern must be a text.")
    if len(pattern) > MAX_PATTERN:
        raise PatternError(f"The pattern is longer than {MAX_PATTERN} characters.")
    reader = _Reader(pattern)
    reader.alternatives(0)
    if reader.at < len(pattern):
        reader.fail("An unmatched )")
    return "".join(reader.out)


def pattern_problem(pattern) -> str | None:
    """Why `pattern` is outside the shared, safe syntax, as a sentence; None when it is fine."""
    try:
        compile_full_match(pattern)
    except PatternError as err:
        return str(err)
    return None


@lru_cache(maxsize=512)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(_translate(pattern), re.ASCII | re.DOTALL)


def compile_full_match(pattern) -> re.Pattern:
    """The Python regular expression for `pattern` (use `.fullmatch`); PatternError if bad."""
    if not isinstance(pattern, str):
        raise PatternError("The pattern must be a text.")
    try:
        return _compiled(pattern)
    except re.error as err:  # the reader lets nothing through that re refuses; belt and braces
        raise PatternError(f"The pattern is not valid: {err}.") from None
