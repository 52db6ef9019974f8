"""One catalog of words: every code the code base names is in it, in Thai and English, and the
phone reads the very same table the server has."""

import ast
import json
import re
from pathlib import Path

import pytest

from forms import messages
from server import errors as server_errors
from server.client_app import generated_assets
from sync import errors as sync_errors
from sync.models import REVIEW_STATES

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "server" / "static" / "app"
# Calls whose string arguments are catalog codes.
WORDING_CALLS = {"text", "message_text", "translate", "_", "Problem", "Message"}
# Calls whose second argument is a catalog code (the first is where: a definition's path).
PLACED_CALLS = {"DefinitionProblem", "problem"}
TYPED_ERRORS = {cls.__name__ for cls in vars(sync_errors).values()
                if isinstance(cls, type) and issubclass(cls, sync_errors.SyncError)}


def _constants(node) -> list[str]:
    """The strings an expression can be: a literal, or either side of `a if c else b`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _constants(node.body) + _constants(node.orelse)
    return []


def _called(node: ast.Call) -> str:
    """The function's name; `text` only as the catalog's (`error.text(lang)` takes a language)."""
    func = node.func
    if isinstance(func, ast.Attribute):
        if func.attr == "text" and getattr(func.value, "id", "") != "messages":
            return ""
        return func.attr
    return getattr(func, "id", "")


def codes_named_in_python() -> dict[str, str]:
    """code -> where, for every literal code handed to a wording call, a typed error or a
    flash message in forms/, sync/ and server/."""
    found = {}
    for package in ("forms", "sync", "server"):
        for path in (ROOT / package).rglob("*.py"):
            where = str(path.relative_to(ROOT))
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                name = _called(node)
                if name in WORDING_CALLS or name in TYPED_ERRORS:
                    args = node.args[:1]
                elif name in PLACED_CALLS:
                    args = node.args[1:2]
                elif name == "flash" and isinstance(node.args[0], ast.Tuple):
                    args = node.args[0].elts[1:2]
                else:
                    continue
                for code in (c for arg in args for c in _constants(arg)):
                    found.setdefault(code, where)
    return found


def codes_named_in_templates() -> set[str]:
    pattern = re.compile(r"""_\(\s*["']([a-z_]+)["']\s*[,)]""")
    return {code for template in (ROOT / "server" / "templates").rglob("*.html")
            for code in pattern.findall(template.read_text(encoding="utf-8"))}


def codes_named_by_the_phone() -> set[str]:
    found = set()
    for path in [*APP.rglob("*.js"), APP / "index.html"]:
        source = path.read_text(encoding="utf-8")
        found |= set(re.findall(r"\bt\(\s*'([a-z_]+)'", source))
        found |= set(re.findall(r'data-i18n="([a-z_]+)"', source))
    # The tab labels are named in a table, [route, label, state].
    main = (APP / "js" / "main.js").read_text(encoding="utf-8")
    found |= set(re.findall(r"\['\w+', '(tab_\w+)'", main))
    return found


def test_the_scans_find_the_codes_they_look_for():
    assert {"no_such_user", "push_form_closed", "stale_revision", "yes", "uuid_format"} <= set(
        codes_named_in_python())
    assert {"nav_submissions", "sign_in"} <= codes_named_in_templates()
    assert {"sync", "brand", "tab_forms", "computed_auto"} <= codes_named_by_the_phone()


def test_every_code_the_code_base_names_is_in_the_catalog_in_both_languages():
    named = {code: where for code, where in codes_named_in_python().items()}
    named |= {code: "server/templates" for code in codes_named_in_templates()}
    named |= {code: "server/static/app" for code in codes_named_by_the_phone()}
    named |= {cls.code: "sync/errors.py" for cls in vars(sync_errors).values()
              if isinstance(cls, type) and issubclass(cls, sync_errors.SyncError)}
    named |= {entry: "server/errors.py" for _, entry in server_errors.HTTP_CODES.values()}
    named |= {messages.state_code(state): "sync/models.py" for state in REVIEW_STATES}
    missing = {code: where for code, where in named.items() if code not in messages.CATALOG}
    assert missing == {}
    for code, texts in messages.CATALOG.items():
        assert set(texts) == {"th", "en"} and all(texts.values()), code


def test_every_typed_error_has_a_status_and_is_worded_in_both_languages():
    for cls in vars(sync_errors).values():
        if isinstance(cls, type) and issubclass(cls, sync_errors.SyncError):
            error = cls()
            assert 400 <= error.status < 600, cls
            assert error.text("th") != error.text("en"), cls


def test_an_error_with_a_precise_sentence_fills_it_from_its_details():
    error = sync_errors.NotFound("no_such_user", {"username": "somchai"})
    assert error.message == "There is no user called 'somchai'."
    assert error.text("th") == "ไม่มีผู้ใช้ชื่อ 'somchai'"
    assert sync_errors.NotFound("no_such_user").text("en") == "Nothing exists at this address."


def _module_exports(source: str) -> dict:
    return {name: json.loads(value) for name, value in
            re.findall(r"^export const (\w+) = (.*);$", source, re.MULTILINE)}


def test_the_phone_reads_the_very_catalog_the_server_has():
    served = generated_assets()["js/shared.js"].decode("utf-8")
    assert _module_exports(served)["CATALOG"] == messages.CATALOG


def test_the_phone_keeps_no_words_of_its_own_interface():
    source = (APP / "js" / "i18n.js").read_text(encoding="utf-8")
    assert "from './shared.js'" in source
    assert not re.search(r"^\s+\w+: \{ th: '", source, re.MULTILINE)


@pytest.mark.parametrize("state", REVIEW_STATES)
def test_a_review_state_has_one_name_on_the_phone_and_the_pages(state):
    from server.web import i18n

    assert i18n.state_label(state, "th") == messages.text(f"state_{state}", "th")
    assert i18n.state_label(state, "en") == messages.text(f"state_{state}", "en")
