"""Publishing and closing forms, on SQLite and PostgreSQL."""

import hashlib
import json

import pytest

from forms.bundled import bundled
from sync import catalog
from sync.errors import InvalidDefinition, NotFound, VersionExists


def definition(form_id="training_attendance") -> dict:
    return json.loads(json.dumps(bundled(form_id).raw))


def test_publishing_is_idempotent_for_the_same_content(store):
    first, created = catalog.publish_form(definition(), "admin")
    reordered = json.loads(json.dumps(definition(), sort_keys=True))
    again, created_again = catalog.publish_form(reordered, "admin")
    assert (created, created_again, again.id) == (True, False, first.id)


def test_the_stored_definition_hashes_to_its_published_hash(store):
    row, _ = catalog.publish_form(definition(), "admin")
    digest = hashlib.sha256(row.definition.encode("utf-8")).hexdigest()
    assert row.hash == f"sha256:{digest}" == bundled("training_attendance").hash
    assert json.loads(row.definition) == definition()


def test_a_published_version_never_changes(store):
    catalog.publish_form(definition(), "admin")
    changed = definition()
    changed["title"]["en"] = "Something else"
    with pytest.raises(VersionExists):
        catalog.publish_form(changed, "admin")


def test_an_invalid_definition_lists_every_problem(store):
    broken = definition()
    broken["form_id"] = "Bad Id"
    broken["fields"][1]["type"] = "colour"
    with pytest.raises(InvalidDefinition) as raised:
        catalog.publish_form(broken, "admin")
    problems = raised.value.details["problems"]
    assert len(problems) >= 2 and any("form_id" in p for p in problems)


def test_the_list_holds_the_newest_version_of_each_open_form(store):
    catalog.publish_bundled("admin")
    newer = definition()
    newer["version"] = "99"
    catalog.publish_form(newer, "admin")
    catalog.close_form("km_record", "admin")
    listed = {f["form_id"]: f["version"] for f in catalog.open_forms()}
    assert listed == {"forum_minutes": bundled("forum_minutes").version,
                      "proposal_scoring": bundled("proposal_scoring").version,
                      "training_attendance": "99"}
    assert {f["form_id"]: f["status"] for f in catalog.list_forms()}["km_record"] == "closed"


def test_publishing_a_new_version_reopens_a_closed_form(store):
    catalog.publish_form(definition(), "admin")
    catalog.close_form("training_attendance", "admin")
    newer = definition()
    newer["version"] = "99"
    catalog.publish_form(newer, "admin")
    assert [f["version"] for f in catalog.open_forms()] == ["99"]


def test_closing_an_unknown_form_is_not_found(store):
    with pytest.raises(NotFound):
        catalog.close_form("no_such_form", "admin")


def test_reopening_a_closed_form_puts_its_newest_version_back_and_takes_pushes(store):
    row, _ = catalog.publish_form(definition(), "admin")
    catalog.close_form("training_attendance", "admin")
    assert catalog.open_forms() == []
    form = catalog.reopen_form("training_attendance", "admin")
    assert form.status == "open"
    assert [f["version"] for f in catalog.open_forms()] == [row.version]
    state = catalog.form_states([("training_attendance", row.version)])
    assert state[("training_attendance", row.version)].status == "open"
    assert catalog.reopen_form("training_attendance", "admin").status == "open"  # no-op
    with pytest.raises(NotFound):
        catalog.reopen_form("no_such_form", "admin")


def test_the_list_etag_changes_exactly_when_the_list_does(store):
    catalog.publish_bundled("admin")
    before = catalog.forms_etag(catalog.open_forms())
    catalog.publish_bundled("admin")
    assert catalog.forms_etag(catalog.open_forms()) == before
    catalog.close_form("km_record", "admin")
    assert catalog.forms_etag(catalog.open_forms()) != before
