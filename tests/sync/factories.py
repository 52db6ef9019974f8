"""Building push items and batches from the bundled forms' realistic sample answers."""

import uuid as uuidlib

from forms.bundled import bundled
from forms.samples import sample_answers

SENT_AT = "2026-11-20T17:30:00+07:00"
CREATED_AT = "2026-11-20T09:15:00+07:00"


def answers(form_id: str = "training_attendance", seed: int = 0, **changes) -> dict:
    """Valid answers for the bundled form; `changes` replace top-level answers."""
    return {**sample_answers(bundled(form_id).raw, seed), **changes}


def item(form_id: str = "training_attendance", seed: int = 0, uuid: str | None = None,
         base_rev: int = 0, version: str = "1", **changes) -> dict:
    return {
        "uuid": uuid or str(uuidlib.uuid4()),
        "form_id": form_id,
        "form_version": version,
        "base_rev": base_rev,
        "created_at": CREATED_AT,
        "answers": answers(form_id, seed, **changes),
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
