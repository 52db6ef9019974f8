"""Parsed and compiled definitions are kept in one bounded cache, keyed by definition hash."""

import copy

from forms import compile as compile_module
from forms.bundled import bundled
from forms.compile import compile_form, compiled_by_hash


def version(n: int) -> dict:
    definition = copy.deepcopy(bundled("km_record").raw)
    definition["version"] = f"cache-{n}"
    return definition


def test_one_definition_is_compiled_once_and_then_found_by_its_hash():
    form = compile_form(version(1))
    assert compile_form(version(1)) is form
    reads = []
    assert compiled_by_hash(form.definition.hash, lambda: reads.append(1)) is form
    assert reads == []  # kept: the store is not read again


def test_a_hash_not_kept_is_read_once_from_the_caller_store():
    definition = version(2)
    reads = []

    def read():
        reads.append(1)
        return definition

    first = compiled_by_hash("sha256:stored-hash-2", read)
    assert compiled_by_hash("sha256:stored-hash-2", read) is first
    assert reads == [1] and first.definition.version == "cache-2"


def test_the_cache_keeps_a_bounded_number_least_recently_used_out(monkeypatch):
    monkeypatch.setattr(compile_module, "KEEP_COMPILED", 2)
    a, b = compile_form(version(3)), compile_form(version(4))
    assert compile_form(version(3)) is a  # a is now the most recently used
    compile_form(version(5))  # b goes
    assert compile_form(version(3)) is a
    assert compile_form(version(4)) is not b
