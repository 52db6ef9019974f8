"""Items no database could store are rejected one by one; the rest of their batch is stored.

A lone surrogate ("\\ud800", which JSON lets through and UTF-8 cannot write) or a NUL in any
string or key of an item, or a base_rev beyond the database's integer column, once turned
the whole push into a 500, and so every resend of that batch too: the phone could never sync
again. On SQLite and PostgreSQL alike, such an item is now `rejected` `invalid_item`, its
errors say where and why, and it is kept in the quarantine as it came.
"""

import copy
import json
import uuid as uuidlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sync import push
from sync.errors import InvalidBatch
from sync.models import Batch, Quarantine, Revision, Submission
from tests.factories import CREATED_AT, batch, item

pytestmark = pytest.mark.usefixtures("forms")

SURROGATE, NUL = "\ud800", "\x00"


def spoil_answer(sent, bad):
    sent["answers"]["venue"] = f"ศาลา{bad}วัด"
    return "answers.venue"


def spoil_nested_answer(sent, bad):
    sent["answers"]["participants"][0]["full_name"] = f"สมชาย{bad}"
    return "answers.participants.0.full_name"


def spoil_answer_key(sent, bad):
    sent["answers"][f"note{bad}"] = "x"
    return f"answers.note{escaped(bad)}"


def spoil_form_id(sent, bad):
    sent["form_id"] = f"training_attendance{bad}"
    return "form_id"


def spoil_form_version(sent, bad):
    sent["form_version"] = f"1{bad}"
    return "form_version"


def spoil_created_at(sent, bad):
    # Python's ISO reader takes any one character between the date and the time.
    sent["created_at"] = f"2026-11-20{bad}09:15:00+07:00"
    return "created_at"


def spoil_unknown_key(sent, bad):
    sent[f"extra{bad}"] = f"value{bad}"
    return f"extra{escaped(bad)}"


PLACES = [spoil_answer, spoil_nested_answer, spoil_answer_key, spoil_form_id,
          spoil_form_version, spoil_created_at, spoil_unknown_key]


def escaped(bad: str) -> str:
    return f"\\u{ord(bad):04x}"


def out_of_range_base_rev(sent, value):
    sent["base_rev"] = value
    return "base_rev"


_answers_by_seed: dict[int, dict] = {}


def valid_item(seed: int) -> dict:
    """A valid item with a fresh uuid (sample answers made once per seed)."""
    if seed not in _answers_by_seed:
        _answers_by_seed[seed] = item(seed=seed)["answers"]
    return {"uuid": str(uuidlib.uuid4()), "form_id": "training_attendance", "form_version": "1",
            "base_rev": 0, "created_at": CREATED_AT, "answers": copy.deepcopy(_answers_by_seed[seed])}


def poisoned(seed: int, spoil, bad) -> tuple[dict, str]:
    sent = valid_item(seed)
    return sent, spoil(sent, bad)


def quarantined(sent: dict) -> Quarantine:
    return Quarantine.get(Quarantine.uuid == sent["uuid"])


def as_served(result) -> dict:
    """The result as the API serves it: JSON in UTF-8 (which a lone surrogate would break)."""
    return json.loads(json.dumps(result.as_dict(), ensure_ascii=False).encode("utf-8"))


@pytest.mark.parametrize("bad", [SURROGATE, NUL], ids=["lone surrogate", "NUL"])
@pytest.mark.parametrize("spoil", PLACES, ids=lambda spoil: spoil.__name__)
def test_an_item_with_unstorable_text_anywhere_is_rejected_and_kept_and_the_rest_stored(
        people, spoil, bad):
    good_before, good_after = valid_item(1), valid_item(2)
    bad_item, where = poisoned(3, spoil, bad)
    sent = batch(good_before, bad_item, good_after)
    for _send in range(2):  # and the same on every resend
        served = as_served(push.push_batch(people["somchai"], sent))
        first, rejected, last = served["results"]
        assert (rejected["status"], rejected["code"]) == ("rejected", "invalid_item")
        assert where in rejected["errors"]
        assert first["status"] == last["status"]
    assert [first["status"], last["status"]] == ["duplicate", "duplicate"]
    assert Submission.select().count() == 2
    kept = quarantined(bad_item)
    assert kept.code == "invalid_item" and json.loads(kept.payload) == bad_item  # as it came
    assert where in json.loads(kept.errors)


@pytest.mark.parametrize("base_rev", [2**31, 2**63, 2**80])
def test_a_base_rev_beyond_the_integer_column_is_rejected_and_kept(people, base_rev):
    good = valid_item(1)
    bad_item, where = poisoned(2, out_of_range_base_rev, base_rev)
    served = as_served(push.push_batch(people["somchai"], batch(bad_item, good)))
    rejected, stored = served["results"]
    assert (rejected["code"], list(rejected["errors"])) == ("invalid_item", [where])
    assert stored["status"] == "created"
    assert json.loads(quarantined(bad_item).payload) == bad_item


def test_the_largest_base_rev_a_column_holds_is_still_judged(people):
    sent = {**valid_item(1), "base_rev": 2**31 - 1}
    [result] = push.push_batch(people["somchai"], batch(sent)).results
    assert result["status"] == "created"  # a new uuid with any base_rev is created


def test_the_reasons_are_worded_in_thai_when_asked(people):
    bad_item, where = poisoned(1, spoil_answer, NUL)
    [rejected] = push.push_batch(people["somchai"], batch(bad_item), lang="th").results
    assert "NUL" in rejected["errors"][where][0] and "ลบ" in rejected["errors"][where][0]


@pytest.mark.parametrize("envelope, field", [
    ({**batch(), "device_id": f"phone{SURROGATE}"}, "device_id"),
    ({**batch(), "device_id": f"phone{NUL}"}, "device_id"),
    ({**batch(), "sent_at": f"2026-11-20{NUL}17:30:00+07:00"}, "sent_at"),
    ({**batch(), "sent_at": f"2026-11-20{SURROGATE}17:30:00+07:00"}, "sent_at"),
    ({**batch(), f"extra{SURROGATE}": 1}, "extra\\ud800"),
])
def test_unstorable_text_in_the_envelope_is_invalid_batch_and_applies_nothing(
        people, envelope, field):
    envelope["submissions"] = [valid_item(1)]
    with pytest.raises(InvalidBatch) as raised:
        push.push_batch(people["somchai"], envelope)
    assert field in raised.value.details
    json.dumps(raised.value.details, ensure_ascii=False).encode("utf-8")  # can be served
    assert not Submission.select().exists() and not Batch.select().exists()


# --- the property: any mix of valid and poison items --------------------------------------

POISONS = st.one_of(
    st.tuples(st.sampled_from(PLACES), st.sampled_from([SURROGATE, "\udfff", NUL])),
    st.tuples(st.just(out_of_range_base_rev),
              st.integers(min_value=2**31, max_value=2**70)),
)
BATCHES = st.lists(st.one_of(st.none(), POISONS), min_size=1, max_size=6)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plan=BATCHES)
def test_any_mix_of_valid_and_poison_items_stores_each_valid_one_once_and_rejects_the_rest(
        people, plan):
    sent = []
    for seed, poison in enumerate(plan):
        sent.append((valid_item(seed), None) if poison is None else poisoned(seed, *poison))
    envelope = batch(*(raw for raw, _ in sent))
    for _send in range(2):
        served = as_served(push.push_batch(people["somchai"], envelope))  # never raises
        for (raw, where), result in zip(sent, served["results"]):
            if where is None:
                assert result["status"] in ("created", "duplicate")
            else:
                assert (result["status"], result["code"]) == ("rejected", "invalid_item")
                assert where in result["errors"]
    for raw, where in sent:
        if where is None:
            assert Submission.select().where(Submission.uuid == raw["uuid"]).count() == 1
            assert Revision.select().where(Revision.submission == raw["uuid"]).count() == 1
        else:
            assert json.loads(quarantined(raw).payload) == raw

