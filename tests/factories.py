"""Data for tests, built from the bundled forms' realistic sample answers.

`answers`, `item`, `batch` and `edited` build what a phone sends; `samples` builds many
answer sets at once; `push` sends answer sets through the sync engine's own push as one of
the cast, exactly as phones do, so listing columns, search text and computed values are the
server's, not the test's.
"""

import io
import uuid as uuidlib
from functools import lru_cache

from openpyxl import Workbook

from forms.bundled import bundled, bundled_version
from forms.samples import sample_answers

SENT_AT = "2026-11-20T17:30:00+07:00"
CREATED_AT = "2026-11-20T09:15:00+07:00"


def answers(form_id: str = "training_attendance", seed: int = 0, version: str | None = None,
            **changes) -> dict:
    """Valid answers for the bundled form (its current version, or `version`); `changes`
    replace top-level answers."""
    definition = bundled(form_id) if version is None else bundled_version(form_id, version)
    return {**sample_answers(definition.raw, seed), **changes}


def item(form_id: str = "training_attendance", seed: int = 0, uuid: str | None = None,
         base_rev: int = 0, version: str = "1", **changes) -> dict:
    return {
        "uuid": uuid or str(uuidlib.uuid4()),
        "form_id": form_id,
        "form_version": version,
        "base_rev": base_rev,
        "created_at": CREATED_AT,
        "answers": answers(form_id, seed, version, **changes),
    }


def batch(*items, batch_id: str | None = None, sent_at: str = SENT_AT) -> dict:
    return {
        "batch_id": batch_id or str(uuidlib.uuid4()),
        "device_id": "Samsung A03 of the test",
        "sent_at": sent_at,
        "submissions": list(items),
    }


def edited(pushed: dict, base_rev: int, **changes) -> dict:
    """The same submission edited on the phone from `base_rev`."""
    return {**pushed, "base_rev": base_rev, "answers": {**pushed["answers"], **changes}}


def samples(form_id: str, count: int, seed: int = 0, version: str = "1",
            **overrides) -> list[dict]:
    """`count` realistic answer sets for `form_id` at `version` (the one `push` sends by
    default), with `overrides` merged into each (`place={...}` replaces keys inside the
    place group)."""
    definition = bundled_version(form_id, version).raw
    out = []
    for n in range(count):
        answers = sample_answers(definition, seed * 10_000 + n)
        for key, value in overrides.items():
            if isinstance(value, dict) and isinstance(answers.get(key), dict):
                answers[key] = {**answers[key], **value}
            else:
                answers[key] = value
        out.append(answers)
    return out


def push(username: str, form_id: str, answers_list, device: str | None = "phone-1",
         uuids=None, base_rev: int = 0, expect: str = "created",
         form_version: str = "1") -> list[str]:
    """Push `answers_list` as one batch from `username`; returns the uuids, each of which
    must come back with status `expect`."""
    from sync.db import database
    from sync.models import User
    from sync.push import push_batch

    with database.connection_context():
        user = User.get(User.username == username)
        uuids = list(uuids or [str(uuidlib.uuid4()) for _ in answers_list])
        envelope = {
            "batch_id": str(uuidlib.uuid4()), "device_id": device,
            "sent_at": "2026-11-20T09:20:00+07:00",
            "submissions": [
                {"uuid": u, "form_id": form_id, "form_version": form_version,
                 "base_rev": base_rev, "created_at": "2026-11-20T09:15:00+07:00", "answers": a}
                for u, a in zip(uuids, answers_list, strict=True)
            ],
        }
        result = push_batch(user, envelope, device_label=device)
    assert {r["status"] for r in result.results} == {expect}, result.results
    return uuids


def market_survey_xlsx() -> bytes:
    """An XLSForm as an author writes one: Thai and English columns, relevance, a constraint
    with its messages, a calculation, and a barcode (which Tambon can only downgrade to text)."""
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label::ไทย (th)", "label::English (en)", "required",
                   "relevant", "constraint", "constraint_message::ไทย (th)",
                   "constraint_message::English (en)", "calculation"])
    survey.append(["text", "market_name", "ชื่อตลาด", "Market name", "yes"])
    survey.append(["select_one yn", "has_shop", "มีร้านค้าไหม", "Any shops?"])
    survey.append(["integer", "shop_count", "จำนวนร้าน", "Shops", "", "${has_shop} = 'yes'",
                   ". <= 50", "ร้านค้าต้องไม่เกิน 50 ร้าน", "At most 50 shops."])
    survey.append(["calculate", "stall_fee", "", "", "", "", "", "", "", "${shop_count} * 20"])
    survey.append(["barcode", "permit_no", "เลขใบอนุญาต", "Permit number"])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label::ไทย (th)", "label::English (en)"])
    choices.append(["yn", "yes", "มี", "Yes"])
    choices.append(["yn", "no", "ไม่มี", "No"])
    settings = book.create_sheet("settings")
    settings.append(["form_id", "version", "form_title"])
    settings.append(["market_survey", "1", "สำรวจตลาดชุมชน"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
